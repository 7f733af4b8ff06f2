// Unit tests of the JSON twins: hand-made figures in, exact JSON text out.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "roit.h"

#define NOW_2020_07_03_0600 ((time_t)1593756000)

static const row_note_t rejected_1 = { "input/spend.csv", 14, "amount \"12,34\" is not a sum of money" };
static const row_note_t footer_1 = { "input/spend.csv", 40, "total row ignored" };
static const row_note_t *rejected[] = { &rejected_1 };
static const row_note_t *footers[] = { &footer_1 };
static const input_hash_t inputs[] = {
	{ "input/grants.csv", "0000000000000000000000000000000000000000000000000000000000000001" },
	{ "input/spend.csv", "00000000000000000000000000000000000000000000000000000000000000ff" }
};
static const char *summary_text[] = { "On track.", "Second line." };
static const char *continuation_text[] = { "We ask for a further year." };

// The figures every test starts from; a test changes what it checks, then renders.
static spend_line_t lines[2];
static outcome_line_t outcomes[2];
static history_line_t history[2];
static delivery_line_t delivery[1];
static request_line_t requests[1];
static monthly_t monthly;
static summary_t summary;
static buf_t out;

// 'fill_meta()' - Who the report is for, when it was made, what it was made from.
static void
fill_meta(report_meta_t *meta)
{
	memset(meta, 0, sizeof(*meta));
	meta->organisation = "South East ROIT";
	meta->team = "Online Investigations";
	meta->marking = "OFFICIAL-SENSITIVE";
	meta->prepared_by = "DI Sarah Okafor";
	meta->approved_by = "";
	meta->unit = "Kent Cyber";
	meta->slug = "kent-cyber";
	meta->reference = "PCD 815";
	meta->funder = "Home Office";
	meta->amber_bp = 750;
	meta->red_bp = 1000;
	meta->materiality = 100000;
	meta->now = NOW_2020_07_03_0600;
	meta->n_inputs = 2;
	meta->inputs = inputs;
}

// 'fill_quality()' - One rejected row, one footer, a budget that does not match the award.
static void
fill_quality(data_quality_t *q)
{
	memset(q, 0, sizeof(*q));
	q->rejected_count = 1;
	q->n_rejected = 1;
	q->rejected = rejected;
	q->n_footers = 1;
	q->footers = footers;
	q->ignored_rows = 2;
	q->excluded_rows = 7;
	q->profile_assumed_even = true;
	q->budget_mismatch = true;
	q->budget_total = 24000000;
	q->award = 25000000;
}

// 'fill_spend()' - Two categories (one overspent, one with a refund) and their total.
static void
fill_spend(monthly_t *m)
{
	lines[0] = (spend_line_t){ "Staff", 1000000, 950000, 3100000, 2975000, 125000,
	                           { true, 42 }, 12000000, 12125000, true };
	lines[1] = (spend_line_t){ "Equipment", -2500, 0, -2500, 0, -2500,
	                           { false, 0 }, 0, -2500, false };
	m->n_lines = 2;
	m->lines = lines;
	m->total = (spend_line_t){ "Total", 997500, 950000, 3097500, 2975000, 122500,
	                           { true, -5 }, 12000000, 12122500, false };
	m->spend_rag = RAG_AMBER;
	m->forecast_variance = -12877500;
	m->remaining = 21902500;
	m->n_explanations = 1;
}

// 'fill_chart()' - P1..P3 reported, P4..P12 profile only.
static void
fill_chart(monthly_t *m)
{
	for (int i = 0; i < 12; i++) {
		month_point_t *pt = &m->chart[i];

		pt->month = fy_period_month(2020, i + 1);
		pt->reported = i < 3;
		pt->actual = 1000000 + i;
		pt->profile = 1000000;
		pt->cum_actual = 1000000 * (i + 1) + i;
		pt->cum_profile = 1000000 * (i + 1);
	}
}

// 'fill_outcomes()' - A count with every figure, and a money measure with none of the optional ones.
static void
fill_outcomes(monthly_t *m)
{
	outcomes[0] = (outcome_line_t){ "networks_disrupted", "Networks disrupted", KIND_COUNT,
	                                3000, 1250, true, 5, true, -1500, -375, RAG_RED };
	outcomes[1] = (outcome_line_t){ "cash_seized", "Cash seized", KIND_MONEY,
	                                12500500, 12500500, false, 0, false, 0, 0, RAG_NONE };
	m->n_outcomes = 2;
	m->outcomes = outcomes;
	m->levels_used = true;
	int64_t month[LEVEL_COUNT] = { 1000, 2000, 0, 0, 500 };
	int64_t ytd[LEVEL_COUNT] = { 3000, 4000, 1000, 0, 500 };
	memcpy(m->level_month, month, sizeof(month));
	memcpy(m->level_ytd, ytd, sizeof(ytd));
	m->costs[0] = (cost_line_t){ "networks_disrupted", "Networks disrupted", 3097500, 1250, true, 2478000 };
	m->costs[1] = (cost_line_t){ "arrests", "Arrests", 3097500, 0, false, 0 };
}

// 'make_monthly()' - The monthly return of Kent Cyber for June 2020.
static void
make_monthly(monthly_t *m)
{
	memset(m, 0, sizeof(*m));
	fill_meta(&m->meta);
	m->month = month_of(2020, 6);
	m->fy = 2020;
	m->period = 3;
	m->award = 25000000;
	fill_spend(m);
	fill_chart(m);
	fill_outcomes(m);
	m->commentary.n[SECTION_SUMMARY] = 2;
	m->commentary.text[SECTION_SUMMARY] = summary_text;
	m->commentary.n[SECTION_CONTINUATION] = 1;
	m->commentary.text[SECTION_CONTINUATION] = continuation_text;
	fill_quality(&m->quality);
}

// 'make_summary()' - A small continuation summary: two years, one measure, no current return.
static void
make_summary(summary_t *s)
{
	memset(s, 0, sizeof(*s));
	fill_meta(&s->meta);
	s->meta.n_inputs = 1;
	s->month = month_of(2020, 6);
	s->fy = 2020;
	s->period = 3;
	history[0] = (history_line_t){ 2019, 24000000, 24100000, true, 12, -100000, { true, 1004 }, false };
	history[1] = (history_line_t){ 2020, 25000000, 3097500, false, 3, 0, { true, 124 }, false };
	s->n_years = 2;
	s->history = history;
	s->total_award = 49000000;
	s->total_spend = 27197500;
	s->total_utilisation = (pct_t){ true, 555 };
	delivery[0] = (delivery_line_t){ "networks_disrupted", "Networks disrupted", KIND_COUNT,
	                                 { 7000, 1250 }, 8250 };
	s->n_delivery = 1;
	s->delivery = delivery;
	s->vfm[0] = (vfm_line_t){ "Spend per network disrupted", 27197500, 8250, true, 3296667 };
	s->vfm[1] = (vfm_line_t){ "Spend per arrest", 27197500, 0, false, 0 };
	s->vfm[2] = (vfm_line_t){ "Cash seized per £ of grant", 1250050, 49000000, true, 3 };
	requests[0] = (request_line_t){ 2021, 26000000, "PCD 901" };
	s->n_requests = 1;
	s->requests = requests;
	s->n_continuation = 1;
	s->continuation = continuation_text;
	s->quality.rejected_count = 0;
}

static int
setup(void **state)
{
	(void)state;
	buf_init(&out);
	make_monthly(&monthly);
	make_summary(&summary);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	buf_free(&out);
	return 0;
}

static const char *
render_monthly(void)
{
	buf_reset(&out);
	json_monthly(&monthly, &out);
	return out.data;
}

static const char *
render_summary(void)
{
	buf_reset(&out);
	json_summary(&summary, &out);
	return out.data;
}

// 'assert_has()' - Fail, showing both, unless text contains part.
#define assert_has(text, part) assert_has_at(text, part, __FILE__, __LINE__)
static void
assert_has_at(const char *text, const char *part, const char *file, int line)
{
	if (strstr(text, part) == NULL) {
		print_error("%s:%d: missing\n---\n%s\n--- in ---\n%s\n", file, line, part, text);
		_fail(file, line);
	}
}

// 'top_keys()' - The keys of the root object, in order, joined by spaces into keys.
static void
top_keys(const char *json, char *keys, size_t size)
{
	size_t len = 0;

	keys[0] = '\0';
	for (const char *p = strstr(json, "\n  \""); p; p = strstr(p + 1, "\n  \"")) {
		const char *k = p + 4, *e = strchr(k, '"');
		int n = snprintf(keys + len, size - len, "%s%.*s", len ? " " : "", (int)(e - k), k);

		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

// --- The monthly return ------------------------------------------------------------------

static void
test_monthly_key_order(void **state)
{
	char keys[1024];

	(void)state;
	top_keys(render_monthly(), keys, sizeof(keys));
	assert_string_equal(keys,
		"report version generated_at revision supersedes organisation team marking prepared_by approved_by unit "
		"slug month financial_year period grant_reference funder award_pence profile_assumed_even ignored_rows "
		"excluded_rows thresholds spend chart outcomes disruptions_by_level cost_per_outcome commentary "
		"explanations_needed restatements changes data_quality rejected_rows inputs");
}

static void
test_monthly_head(void **state)
{
	static const char head[] =
		"{\n"
		"  \"report\": \"monthly-return\",\n"
		"  \"version\": \"" ROIT_VERSION "\",\n"
		"  \"generated_at\": \"2020-07-03T06:00:00Z\",\n"
		"  \"revision\": 1,\n"
		"  \"supersedes\": null,\n"
		"  \"organisation\": \"South East ROIT\",\n"
		"  \"team\": \"Online Investigations\",\n"
		"  \"marking\": \"OFFICIAL-SENSITIVE\",\n"
		"  \"prepared_by\": \"DI Sarah Okafor\",\n"
		"  \"approved_by\": \"\",\n"
		"  \"unit\": \"Kent Cyber\",\n"
		"  \"slug\": \"kent-cyber\",\n"
		"  \"month\": \"2020-06\",\n"
		"  \"financial_year\": \"2020/21\",\n"
		"  \"period\": 3,\n"
		"  \"grant_reference\": \"PCD 815\",\n"
		"  \"funder\": \"Home Office\",\n"
		"  \"award_pence\": 25000000,\n"
		"  \"profile_assumed_even\": true,\n"
		"  \"ignored_rows\": 2,\n"
		"  \"excluded_rows\": 7,\n"
		"  \"thresholds\": {\n"
		"    \"amber_pct\": 7.5,\n"
		"    \"red_pct\": 10,\n"
		"    \"materiality_pence\": 100000\n"
		"  },\n"
		"  \"spend\": {\n";
	const char *json = render_monthly();

	(void)state;
	assert_has(json, head);
	assert_true(strncmp(json, head, strlen(head)) == 0);
	assert_string_equal(json + strlen(json) - 3, "\n}\n");
}

static void
test_monthly_spend(void **state)
{
	(void)state;
	assert_has(render_monthly(),
		"  \"spend\": {\n"
		"    \"categories\": [\n"
		"      {\n"
		"        \"name\": \"Staff\",\n"
		"        \"month_actual_pence\": 1000000,\n"
		"        \"month_profile_pence\": 950000,\n"
		"        \"ytd_actual_pence\": 3100000,\n"
		"        \"ytd_profile_pence\": 2975000,\n"
		"        \"variance_pence\": 125000,\n"
		"        \"variance_pct\": 4.2,\n"
		"        \"annual_budget_pence\": 12000000,\n"
		"        \"forecast_pence\": 12125000,\n"
		"        \"explanation_needed\": true\n"
		"      },\n"
		"      {\n"
		"        \"name\": \"Equipment\",\n"
		"        \"month_actual_pence\": -2500,\n"
		"        \"month_profile_pence\": 0,\n"
		"        \"ytd_actual_pence\": -2500,\n"
		"        \"ytd_profile_pence\": 0,\n"
		"        \"variance_pence\": -2500,\n"
		"        \"variance_pct\": null,\n"
		"        \"annual_budget_pence\": 0,\n"
		"        \"forecast_pence\": -2500,\n"
		"        \"explanation_needed\": false\n"
		"      }\n"
		"    ],\n"
		"    \"total\": {\n"
		"      \"name\": \"Total\",\n"
		"      \"month_actual_pence\": 997500,\n"
		"      \"month_profile_pence\": 950000,\n"
		"      \"ytd_actual_pence\": 3097500,\n"
		"      \"ytd_profile_pence\": 2975000,\n"
		"      \"variance_pence\": 122500,\n"
		"      \"variance_pct\": -0.5,\n"
		"      \"annual_budget_pence\": 12000000,\n"
		"      \"forecast_pence\": 12122500\n"
		"    },\n"
		"    \"rag\": \"AMBER\",\n"
		"    \"forecast_variance_pence\": -12877500,\n"
		"    \"remaining_grant_pence\": 21902500\n"
		"  },\n"
		"  \"chart\": [\n");
}

static void
test_monthly_empty_spend(void **state)
{
	const char *json;

	(void)state;
	monthly.n_lines = 0;
	monthly.total.name = NULL;
	monthly.spend_rag = RAG_NONE;
	json = render_monthly();
	assert_has(json, "    \"categories\": [],\n    \"total\": {\n      \"name\": \"Total\",\n");
	assert_has(json, "    \"rag\": null,\n");
	assert_has(json, "  \"explanations_needed\": [],\n");
}

static void
test_monthly_chart(void **state)
{
	const char *json = render_monthly();

	(void)state;
	assert_has(json,
		"  \"chart\": [\n"
		"    {\n"
		"      \"month\": \"2020-04\",\n"
		"      \"reported\": true,\n"
		"      \"actual_pence\": 1000000,\n"
		"      \"profile_pence\": 1000000,\n"
		"      \"cumulative_actual_pence\": 1000000,\n"
		"      \"cumulative_profile_pence\": 1000000\n"
		"    },\n");
	assert_has(json,
		"    {\n"
		"      \"month\": \"2020-07\",\n"
		"      \"reported\": false,\n"
		"      \"actual_pence\": null,\n"
		"      \"profile_pence\": 1000000,\n"
		"      \"cumulative_actual_pence\": null,\n"
		"      \"cumulative_profile_pence\": 4000000\n"
		"    },\n");
	assert_has(json,
		"      \"month\": \"2021-03\",\n"
		"      \"reported\": false,\n"
		"      \"actual_pence\": null,\n"
		"      \"profile_pence\": 1000000,\n"
		"      \"cumulative_actual_pence\": null,\n"
		"      \"cumulative_profile_pence\": 12000000\n"
		"    }\n"
		"  ],\n"
		"  \"outcomes\": [\n");
}

static void
test_monthly_outcomes(void **state)
{
	(void)state;
	assert_has(render_monthly(),
		"  \"outcomes\": [\n"
		"    {\n"
		"      \"measure\": \"networks_disrupted\",\n"
		"      \"label\": \"Networks disrupted\",\n"
		"      \"kind\": \"count\",\n"
		"      \"month\": 3,\n"
		"      \"ytd\": 1.25,\n"
		"      \"prior_ytd\": 0.005,\n"
		"      \"target\": -1.5,\n"
		"      \"pro_rata_target\": -0.375,\n"
		"      \"rag\": \"RED\"\n"
		"    },\n"
		"    {\n"
		"      \"measure\": \"cash_seized\",\n"
		"      \"label\": \"Cash seized\",\n"
		"      \"kind\": \"money\",\n"
		"      \"month\": 12500.5,\n"
		"      \"ytd\": 12500.5,\n"
		"      \"prior_ytd\": null,\n"
		"      \"target\": null,\n"
		"      \"pro_rata_target\": null,\n"
		"      \"rag\": null\n"
		"    }\n"
		"  ],\n"
		"  \"disruptions_by_level\": {\n"
		"    \"month\": {\n"
		"      \"major\": 1,\n"
		"      \"moderate\": 2,\n"
		"      \"minor\": 0,\n"
		"      \"none\": 0,\n"
		"      \"negative\": 0.5\n"
		"    },\n"
		"    \"ytd\": {\n"
		"      \"major\": 3,\n"
		"      \"moderate\": 4,\n"
		"      \"minor\": 1,\n"
		"      \"none\": 0,\n"
		"      \"negative\": 0.5\n"
		"    }\n"
		"  },\n"
		"  \"cost_per_outcome\": [\n"
		"    {\n"
		"      \"measure\": \"networks_disrupted\",\n"
		"      \"label\": \"Networks disrupted\",\n"
		"      \"ytd_spend_pence\": 3097500,\n"
		"      \"ytd_value\": 1.25,\n"
		"      \"cost_pence\": 2478000\n"
		"    },\n"
		"    {\n"
		"      \"measure\": \"arrests\",\n"
		"      \"label\": \"Arrests\",\n"
		"      \"ytd_spend_pence\": 3097500,\n"
		"      \"ytd_value\": 0,\n"
		"      \"cost_pence\": null\n"
		"    }\n"
		"  ],\n");
}

static void
test_monthly_levels_unused(void **state)
{
	(void)state;
	monthly.levels_used = false;
	assert_has(render_monthly(), "  ],\n  \"disruptions_by_level\": null,\n  \"cost_per_outcome\": [\n");
}

static void
test_monthly_commentary_and_tail(void **state)
{
	(void)state;
	assert_has(render_monthly(),
		"  \"commentary\": {\n"
		"    \"summary\": [\n"
		"      \"On track.\",\n"
		"      \"Second line.\"\n"
		"    ],\n"
		"    \"spend\": [],\n"
		"    \"outcomes\": [],\n"
		"    \"risks\": []\n"
		"  },\n"
		"  \"explanations_needed\": [\n"
		"    \"Staff\"\n"
		"  ],\n"
		"  \"restatements\": [],\n"
		"  \"changes\": [],\n"
		"  \"data_quality\": {\n"
		"    \"rejected_count\": 1,\n"
		"    \"footer_rows\": [\n"
		"      {\n"
		"        \"file\": \"input/spend.csv\",\n"
		"        \"line\": 40,\n"
		"        \"reason\": \"total row ignored\"\n"
		"      }\n"
		"    ],\n"
		"    \"budget_mismatch\": {\n"
		"      \"budget_pence\": 24000000,\n"
		"      \"award_pence\": 25000000\n"
		"    }\n"
		"  },\n"
		"  \"rejected_rows\": [\n"
		"    {\n"
		"      \"file\": \"input/spend.csv\",\n"
		"      \"line\": 14,\n"
		"      \"reason\": \"amount \\\"12,34\\\" is not a sum of money\"\n"
		"    }\n"
		"  ],\n"
		"  \"inputs\": [\n"
		"    {\n"
		"      \"file\": \"input/grants.csv\",\n"
		"      \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000001\"\n"
		"    },\n"
		"    {\n"
		"      \"file\": \"input/spend.csv\",\n"
		"      \"sha256\": \"00000000000000000000000000000000000000000000000000000000000000ff\"\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void
test_monthly_clean_quality(void **state)
{
	const char *json;

	(void)state;
	memset(&monthly.quality, 0, sizeof(monthly.quality));
	json = render_monthly();
	assert_has(json, "  \"profile_assumed_even\": false,\n  \"ignored_rows\": 0,\n  \"excluded_rows\": 0,\n");
	assert_has(json,
		"  \"data_quality\": {\n"
		"    \"rejected_count\": 0,\n"
		"    \"footer_rows\": [],\n"
		"    \"budget_mismatch\": null\n"
		"  },\n"
		"  \"rejected_rows\": [],\n");
}

// --- Numbers -----------------------------------------------------------------------------

static void
test_thousandths(void **state)
{
	static const struct { int64_t v; const char *text; } cases[] = {
		{ 3000, "3" }, { 1250, "1.25" }, { 5, "0.005" }, { -1500, "-1.5" },
		{ 0, "0" }, { -5, "-0.005" }, { 100, "0.1" }, { 120, "0.12" }, { 1000000, "1000" },
		{ -1000, "-1" }, { 12500500, "12500.5" }, { 999, "0.999" },
		{ INT64_MAX, "9223372036854775.807" }, { INT64_MIN, "-9223372036854775.808" },
	};
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		outcomes[0].month = cases[i].v;
		snprintf(want, sizeof(want), "      \"month\": %s,\n      \"ytd\"", cases[i].text);
		assert_has(render_monthly(), want);
	}
}

static void
test_tenths(void **state)
{
	static const struct { int64_t v; const char *text; } cases[] = {
		{ 42, "4.2" }, { -5, "-0.5" }, { 0, "0.0" }, { 1000, "100.0" }, { -1234, "-123.4" },
		{ 10, "1.0" }, { -10, "-1.0" }, { INT64_MIN, "-922337203685477580.8" },
	};
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		monthly.total.variance_pct = (pct_t){ true, cases[i].v };
		snprintf(want, sizeof(want), "      \"variance_pct\": %s,\n      \"annual_budget_pence\"",
		         cases[i].text);
		assert_has(render_monthly(), want);
	}
}

static void
test_extreme_pence(void **state)
{
	(void)state;
	monthly.award = INT64_MIN;
	monthly.remaining = INT64_MAX;
	assert_has(render_monthly(), "  \"award_pence\": -9223372036854775808,\n");
	assert_has(out.data, "    \"remaining_grant_pence\": 9223372036854775807\n");
}

// A revision: its number, what it supersedes, every change and the restated months (SPEC 8).
static void
test_monthly_record(void **state)
{
	change_t changes[] = {
		{ "Staff overtime \xe2\x80\x94 month actual", "\xc2\xa3" "10,200", "\xc2\xa3" "10,950", "+\xc2\xa3" "750" },
		{ "Commentary \xe2\x80\x94 summary", "On track.", "Behind.", NULL },
	};
	restatement_t restated[] = {
		{ month_of(2020, 5), true, "Staff overtime", "Staff overtime", KIND_COUNT, 1020000, 1095000 },
		{ month_of(2020, 4), false, "class_a_kg", "Class A (kg)", KIND_QUANTITY, 1125, 1500 },
	};
	record_t rec = {
		.revision = 3, .supersedes_file = "kent-cyber/superseded/2020-06-monthly-return.r2.pdf",
		.supersedes_generated_at = "2020-07-03T06:00:00Z", .supersedes_sha256 = "ab12",
		.n_changes = 2, .changes = changes, .n_compared = 2, .n_restatements = 2, .restatements = restated,
	};
	const char *json;

	(void)state;
	monthly.meta.record = &rec;
	json = render_monthly();
	monthly.meta.record = NULL;
	assert_has(json,
		"  \"revision\": 3,\n"
		"  \"supersedes\": {\n"
		"    \"file\": \"kent-cyber/superseded/2020-06-monthly-return.r2.pdf\",\n"
		"    \"generated_at\": \"2020-07-03T06:00:00Z\",\n"
		"    \"sha256\": \"ab12\"\n"
		"  },\n"
		"  \"organisation\"");
	assert_has(json,
		"  \"restatements\": [\n"
		"    {\n"
		"      \"month\": \"2020-05\",\n"
		"      \"kind\": \"spend\",\n"
		"      \"name\": \"Staff overtime\",\n"
		"      \"issued\": 1020000,\n"
		"      \"now\": 1095000,\n"
		"      \"difference\": 75000\n"
		"    },\n"
		"    {\n"
		"      \"month\": \"2020-04\",\n"
		"      \"kind\": \"outcome\",\n"
		"      \"name\": \"class_a_kg\",\n"
		"      \"issued\": 1.125,\n"
		"      \"now\": 1.5,\n"
		"      \"difference\": 0.375\n"
		"    }\n"
		"  ],\n"
		"  \"changes\": [\n"
		"    {\n"
		"      \"what\": \"Staff overtime \xe2\x80\x94 month actual\",\n"
		"      \"issued\": \"\xc2\xa3" "10,200\",\n"
		"      \"now\": \"\xc2\xa3" "10,950\",\n"
		"      \"difference\": \"+\xc2\xa3" "750\"\n"
		"    },\n"
		"    {\n"
		"      \"what\": \"Commentary \xe2\x80\x94 summary\",\n"
		"      \"issued\": \"On track.\",\n"
		"      \"now\": \"Behind.\",\n"
		"      \"difference\": null\n"
		"    }\n"
		"  ],\n"
		"  \"data_quality\": {\n");
}

static void
test_generated_at(void **state)
{
	(void)state;
	monthly.meta.now = 0;
	assert_has(render_monthly(), "  \"generated_at\": \"1970-01-01T00:00:00Z\",\n");
	monthly.meta.now = 951868799;	// the last second of a leap day
	assert_has(render_monthly(), "  \"generated_at\": \"2000-02-29T23:59:59Z\",\n");
}

// --- Strings -----------------------------------------------------------------------------

static void
test_escaping(void **state)
{
	(void)state;
	monthly.meta.organisation = "A \"q\" \\ b\nc\td\x01\x1f\x7f";
	assert_has(render_monthly(),
		"  \"organisation\": \"A \\\"q\\\" \\\\ b\\u000ac\\u0009d\\u0001\\u001f\x7f\",\n");
}

static void
test_utf8_passed_through(void **state)
{
	(void)state;
	monthly.meta.organisation = "£ café 😀 \u2028 \U0010FFFF";
	assert_has(render_monthly(), "  \"organisation\": \"£ café 😀 \u2028 \U0010FFFF\",\n");
}

static void
test_utf8_invalid(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "a\xff" "b", "a\uFFFDb" },				// a byte never in UTF-8
		{ "\x80", "\uFFFD" },					// a lone continuation
		{ "\xc0\xaf", "\uFFFD\uFFFD" },				// overlong '/'
		{ "\xe0\x80\xaf", "\uFFFD\uFFFD\uFFFD" },		// overlong, three bytes
		{ "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD" },		// a surrogate
		{ "\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD" },	// above U+10FFFF
		{ "x\xe2\x82 y", "x\uFFFD y" },				// truncated: one U+FFFD
		{ "x\xe2\x82", "x\uFFFD" },				// truncated at the end
		{ "\xf0\x9f\x98", "\uFFFD" },				// truncated four-byte
		{ "\xc3\"", "\uFFFD\\\"" },				// truncated before a quote
		{ "\xa3" "5", "\uFFFD" "5" },				// Latin-1 pound sign
	};
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		monthly.meta.team = cases[i].in;
		snprintf(want, sizeof(want), "  \"team\": \"%s\",\n  \"marking\"", cases[i].out);
		assert_has(render_monthly(), want);
	}
}

static void
test_null_strings(void **state)
{
	(void)state;
	monthly.meta.funder = NULL;
	monthly.meta.reference = "";
	assert_has(render_monthly(), "  \"grant_reference\": \"\",\n  \"funder\": null,\n");
}

// --- The continuation summary ------------------------------------------------------------

static void
test_summary_full(void **state)
{
	(void)state;
	assert_string_equal(render_summary(),
		"{\n"
		"  \"report\": \"continuation-summary\",\n"
		"  \"version\": \"" ROIT_VERSION "\",\n"
		"  \"generated_at\": \"2020-07-03T06:00:00Z\",\n"
		"  \"revision\": 1,\n"
		"  \"supersedes\": null,\n"
		"  \"organisation\": \"South East ROIT\",\n"
		"  \"team\": \"Online Investigations\",\n"
		"  \"marking\": \"OFFICIAL-SENSITIVE\",\n"
		"  \"prepared_by\": \"DI Sarah Okafor\",\n"
		"  \"approved_by\": \"\",\n"
		"  \"unit\": \"Kent Cyber\",\n"
		"  \"slug\": \"kent-cyber\",\n"
		"  \"as_at\": \"2020-06\",\n"
		"  \"month\": \"2020-06\",\n"
		"  \"financial_year\": \"2020/21\",\n"
		"  \"period\": 3,\n"
		"  \"award_pence\": 25000000,\n"
		"  \"profile_assumed_even\": false,\n"
		"  \"ignored_rows\": 0,\n"
		"  \"excluded_rows\": 0,\n"
		"  \"thresholds\": {\n"
		"    \"amber_pct\": 7.5,\n"
		"    \"red_pct\": 10,\n"
		"    \"materiality_pence\": 100000\n"
		"  },\n"
		"  \"history\": [\n"
		"    {\n"
		"      \"financial_year\": \"2019/20\",\n"
		"      \"award_pence\": 24000000,\n"
		"      \"spend_pence\": 24100000,\n"
		"      \"complete\": true,\n"
		"      \"provisional\": false,\n"
		"      \"periods\": 12,\n"
		"      \"under_overspend_pence\": -100000,\n"
		"      \"utilisation_pct\": 100.4\n"
		"    },\n"
		"    {\n"
		"      \"financial_year\": \"2020/21\",\n"
		"      \"award_pence\": 25000000,\n"
		"      \"spend_pence\": 3097500,\n"
		"      \"complete\": false,\n"
		"      \"provisional\": false,\n"
		"      \"periods\": 3,\n"
		"      \"under_overspend_pence\": null,\n"
		"      \"utilisation_pct\": 12.4\n"
		"    }\n"
		"  ],\n"
		"  \"history_total\": {\n"
		"    \"award_pence\": 49000000,\n"
		"    \"spend_pence\": 27197500,\n"
		"    \"utilisation_pct\": 55.5\n"
		"  },\n"
		"  \"delivery\": [\n"
		"    {\n"
		"      \"measure\": \"networks_disrupted\",\n"
		"      \"label\": \"Networks disrupted\",\n"
		"      \"kind\": \"count\",\n"
		"      \"by_year\": {\n"
		"        \"2019/20\": 7,\n"
		"        \"2020/21\": 1.25\n"
		"      },\n"
		"      \"total\": 8.25\n"
		"    }\n"
		"  ],\n"
		"  \"disruptions_by_level\": null,\n"
		"  \"value_for_money\": [\n"
		"    {\n"
		"      \"label\": \"Spend per network disrupted\",\n"
		"      \"spend_pence\": 27197500,\n"
		"      \"outcomes\": 8.25,\n"
		"      \"value_pence\": 3296667\n"
		"    },\n"
		"    {\n"
		"      \"label\": \"Spend per arrest\",\n"
		"      \"spend_pence\": 27197500,\n"
		"      \"outcomes\": 0,\n"
		"      \"value_pence\": null\n"
		"    },\n"
		"    {\n"
		"      \"label\": \"Cash seized per £ of grant\",\n"
		"      \"cash_seized_pence\": 1250050,\n"
		"      \"grant_pence\": 49000000,\n"
		"      \"pence_per_pound\": 3\n"
		"    }\n"
		"  ],\n"
		"  \"current_year\": null,\n"
		"  \"requests\": [\n"
		"    {\n"
		"      \"financial_year\": \"2021/22\",\n"
		"      \"amount_pence\": 26000000,\n"
		"      \"reference\": \"PCD 901\"\n"
		"    }\n"
		"  ],\n"
		"  \"continuation\": [\n"
		"    \"We ask for a further year.\"\n"
		"  ],\n"
		"  \"changes\": [],\n"
		"  \"data_quality\": {\n"
		"    \"rejected_count\": 0,\n"
		"    \"footer_rows\": [],\n"
		"    \"budget_mismatch\": null\n"
		"  },\n"
		"  \"rejected_rows\": [],\n"
		"  \"inputs\": [\n"
		"    {\n"
		"      \"file\": \"input/grants.csv\",\n"
		"      \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000001\"\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void
test_summary_current_and_levels(void **state)
{
	const char *json;

	(void)state;
	summary.current = &monthly;
	summary.levels_used = true;
	summary.level_by_year[1][LEVEL_MAJOR] = 2000;
	summary.level_by_year[1][LEVEL_NEGATIVE] = 1500;
	summary.n_continuation = 0;
	summary.continuation = NULL;
	json = render_summary();
	assert_has(json,
		"  \"disruptions_by_level\": {\n"
		"    \"2019/20\": {\n"
		"      \"major\": 0,\n"
		"      \"moderate\": 0,\n"
		"      \"minor\": 0,\n"
		"      \"none\": 0,\n"
		"      \"negative\": 0\n"
		"    },\n"
		"    \"2020/21\": {\n"
		"      \"major\": 2,\n"
		"      \"moderate\": 0,\n"
		"      \"minor\": 0,\n"
		"      \"none\": 0,\n"
		"      \"negative\": 1.5\n"
		"    }\n"
		"  },\n"
		"  \"value_for_money\": [\n");
	assert_has(json,
		"  \"current_year\": {\n"
		"    \"award_pence\": 25000000,\n"
		"    \"ytd_actual_pence\": 3097500,\n"
		"    \"ytd_profile_pence\": 2975000,\n"
		"    \"variance_pence\": 122500,\n"
		"    \"variance_pct\": -0.5,\n"
		"    \"forecast_pence\": 12122500,\n"
		"    \"forecast_variance_pence\": -12877500,\n"
		"    \"remaining_grant_pence\": 21902500,\n"
		"    \"rag\": \"AMBER\"\n"
		"  },\n"
		"  \"requests\": [\n");
	assert_has(json, "  \"continuation\": [],\n");
}

static void
test_summary_key_order(void **state)
{
	char keys[1024];

	(void)state;
	top_keys(render_summary(), keys, sizeof(keys));
	assert_string_equal(keys,
		"report version generated_at revision supersedes organisation team marking prepared_by approved_by unit slug "
		"as_at month financial_year period "
		"award_pence profile_assumed_even ignored_rows excluded_rows thresholds "
		"history history_total delivery disruptions_by_level value_for_money current_year "
		"requests continuation changes data_quality rejected_rows inputs");
}

// --- Whole documents ---------------------------------------------------------------------

// 'python_accepts()' - Whether python3 decodes json as strict UTF-8 and parses it with no duplicate key.
static int
python_accepts(const char *json, bool quiet)
{
	static const char check[] =
		"python3 -c '"
		"import sys, json\n"
		"def pairs(p):\n"
		"    keys = [k for k, v in p]\n"
		"    assert len(keys) == len(set(keys)), keys\n"
		"    return dict(p)\n"
		"json.loads(sys.stdin.buffer.read().decode(\"utf-8\", \"strict\"), object_pairs_hook=pairs)\n"
		"'";
	char command[sizeof(check) + 32];
	FILE *p;

	snprintf(command, sizeof(command), "%s%s", check, quiet ? " 2>/dev/null" : "");
	p = popen(command, "w");

	if (p == NULL)
		return 0;
	fputs(json, p);
	return pclose(p) == 0;
}

static void
test_valid_json(void **state)
{
	(void)state;
	if (system("command -v python3 >/dev/null 2>&1") != 0)
		skip();
	monthly.meta.organisation = "A \"q\" \\ b\nc\x01 £ é \xff\xed\xa0\x80 x\xe2\x82";
	monthly.lines[1].name = "Équipement \x1b[0m";
	assert_true(python_accepts(render_monthly(), false));
	summary.current = &monthly;
	summary.levels_used = true;
	summary.meta.unit = "\xf0\x9f\x98";
	assert_true(python_accepts(render_summary(), false));
	assert_false(python_accepts("{\"a\": 1, \"a\": 2}", true));
	assert_false(python_accepts("{\"a\": \"\xff\"}", true));
}

static void
test_deterministic(void **state)
{
	char *first;

	(void)state;
	first = strdup(render_monthly());
	assert_non_null(first);
	assert_string_equal(render_monthly(), first);
	free(first);
	// Appending: the caller's buffer keeps what it had.
	buf_reset(&out);
	buf_puts(&out, "x");
	json_summary(&summary, &out);
	assert_true(strncmp(out.data, "x{\n", 3) == 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_monthly_key_order),
		T(test_monthly_head),
		T(test_monthly_spend),
		T(test_monthly_empty_spend),
		T(test_monthly_chart),
		T(test_monthly_outcomes),
		T(test_monthly_levels_unused),
		T(test_monthly_commentary_and_tail),
		T(test_monthly_clean_quality),
		T(test_thousandths),
		T(test_tenths),
		T(test_extreme_pence),
		T(test_monthly_record),
		T(test_generated_at),
		T(test_escaping),
		T(test_utf8_passed_through),
		T(test_utf8_invalid),
		T(test_null_strings),
		T(test_summary_full),
		T(test_summary_current_and_levels),
		T(test_summary_key_order),
		T(test_valid_json),
		T(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
