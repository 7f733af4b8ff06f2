// Unit tests of the network overview (section 7): a hand-worked fixture of three units through
// dataset_load() and figures_network(), its totals against the units' own returns, its JSON,
// and the variance chart's Alt text.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "chart.h"
#include "config.h"
#include "dataset.h"
#include "figures.h"
#include "json.h"
#include "pdf.h"
#include "roit.h"

#include "fixture.h"

/*
 * The fixture, June 2020 (P3 2020/21), worked by hand.  grants.csv names Bravo before Alpha
 * (the overview keeps that order, not the alphabet's), then Charlie; Delta has a grant for
 * 2019/20 only, so it is not in the overview of June 2020.
 *
 * Bravo: award £120,000; budget Staff £10,000 a month.  Spend £9,000 (Apr), £11,000 (May),
 *   £12,000 (12 June), and £5,000 on 2 July (after M: not in June's figures, nor its latest
 *   spend date).  YTD £32,000 against £30,000: variance £2,000, 6.7%, AMBER; forecast £32,000 +
 *   9 x £10,000 = £122,000.  Arrests 2 (Apr) + 3 (Jun) = 5 against 24 a year: pro-rata 6, and
 *   5 < 6 x 90%: RED.  Networks disrupted 1 (May) against 4: pro-rata 1, GREEN.
 * Alpha: award £60,000; budget Kit nothing before July, £6,500 a month July to February, £8,000 in
 *   March.  Spend £1,500 (June): YTD profile 0, so variance % n/a and no RAG; forecast £61,500.
 *   Arrests 4 (May), no target; zeta_custom 2, no target.
 * Charlie: award £30,000, no budget: even, £2,500 a month.  Spend £2,000 a month, the June row
 *   dated "2020-06" (a bare month): YTD £6,000 against £7,500, -£1,500, -20.0%, RED.  No outcomes.
 *
 * Network: award £210,000; YTD actual £39,500, profile £37,500, variance £2,000 = 5.333..%,
 * 5.3%, AMBER; forecast £122,000 + £61,500 + £28,500 = £212,000; forecast variance £2,000;
 * remaining £170,500.  Units: AMBER 1, RED 1, no RAG 1, GREEN 0.  Arrests: YTD 5 + 4 = 9
 * against Bravo's target alone (Alpha has none): 24, pro-rata 6; 9 >= 6 x 95%: GREEN, though
 * the one unit with a target is RED.  Spend per arrest £39,500 / 9 = £4,388.89.
 */

static const char *const grants_csv =
	"unit,financial_year,amount\n"
	"Bravo,2020/21,\"120,000\"\n"
	"Alpha,2020/21,\"60,000\"\n"
	"Delta,2019/20,\"45,000\"\n"
	"Charlie,2020/21,\"30,000\"\n";

static const char *const spend_csv =
	"date,unit,category,amount\n"
	"2020-04-15,Bravo,Staff,9000\n"
	"2020-05-20,Bravo,Staff,11000\n"
	"2020-06-12,Bravo,Staff,12000\n"
	"2020-07-02,Bravo,Staff,5000\n"
	"2020-06-03,Alpha,Kit,1500\n"
	"2020-04-30,Charlie,Staff,2000\n"
	"2020-05-29,Charlie,Staff,2000\n"
	"2020-06,Charlie,Staff,2000\n";

static const char *const outcomes_csv =
	"date,unit,measure,value\n"
	"2020-04-08,Bravo,arrests,2\n"
	"2020-06-18,Bravo,arrests,3\n"
	"2020-05-11,Bravo,networks_disrupted,1\n"
	"2020-05-21,Alpha,arrests,4\n"
	"2020-06-01,Alpha,zeta_custom,2\n";

static const char *const targets_csv =
	"unit,financial_year,measure,target\n"
	"Bravo,2020/21,arrests,24\n"
	"Bravo,2020/21,networks_disrupted,4\n";

typedef struct fx {
	char dir[64];
	config_t cfg;
	dataset_t ds;
	network_t n;
	buf_t aside;		// test_twin_made_aside(): the twin made when the PDF asks for it
	int aside_status;	// what making it gives
	int aside_calls;
} fx_t;

// 'budget_rows()' - Budget rows of one unit and category, P1..P12 of 2020/21, from twelve amounts.
static void
budget_rows(char *buf, size_t size, const char *unit, const char *category, const int amounts[12])
{
	for (int p = 1; p <= 12; p++) {
		month_t m = fy_period_month(2020, p);
		size_t len = strlen(buf);

		snprintf(buf + len, size - len, "%s,%04d-%02d,%s,%d\n", unit, month_year(m), month_number(m), category,
		         amounts[p - 1]);
	}
}

static int
setup(void **state)
{
	static const int staff[12] = { 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000 };
	static const int kit[12] = { 0, 0, 0, 6500, 6500, 6500, 6500, 6500, 6500, 6500, 6500, 8000 };
	fx_t *f = calloc(1, sizeof *f);
	char budget[4096] = "unit,month,category,amount\n";

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-network-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	budget_rows(budget, sizeof budget, "Bravo", "Staff", staff);
	budget_rows(budget, sizeof budget, "Alpha", "Kit", kit);
	write_file(f->dir, "grants.csv", grants_csv);
	write_file(f->dir, "budget.csv", budget);
	write_file(f->dir, "spend.csv", spend_csv);
	write_file(f->dir, "outcomes.csv", outcomes_csv);
	write_file(f->dir, "targets.csv", targets_csv);
	assert_int_equal(config_load(f->dir, fontdir, &f->cfg), ROIT_OK);
	assert_int_equal(dataset_load(f->dir, &f->cfg, &f->ds), ROIT_OK);
	assert_true(figures_network(&f->ds, &f->cfg, month_of(2020, 6), &f->n));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;

	figures_network_free(&f->n);
	dataset_free(&f->ds);
	config_free(&f->cfg);
	remove_folder(f->dir);
	free(f);
	return 0;
}

// 'measure_of()' - The network's line of a measure.
static const network_measure_t *
measure_of(const network_t *n, const char *key)
{
	for (int k = 0; k < n->n_measures; k++)
		if (strcmp(n->measures[k].measure, key) == 0)
			return &n->measures[k];
	fail_msg("no measure %s", key);
	return NULL;
}

/* ---- the units ---- */

static void
test_units_in_grants_order(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_int_equal(n->n_units, 3);
	assert_string_equal(n->units[0].unit, "Bravo");
	assert_string_equal(n->units[1].unit, "Alpha");
	assert_string_equal(n->units[2].unit, "Charlie");	// Delta has no grant for 2020/21
	assert_string_equal(n->units[2].slug, "charlie");
	assert_int_equal(n->fy, 2020);
	assert_int_equal(n->period, 3);
	assert_string_equal(n->meta.unit, "Regional Online Investigation Teams");
}

// Every unit's figures are those of its own monthly return, copied.
static void
test_units_are_their_returns(void **state)
{
	fx_t *f = *state;

	for (int i = 0; i < f->n.n_units; i++) {
		const network_unit_t *u = &f->n.units[i];
		monthly_t m;

		assert_true(figures_monthly(&f->ds, &f->cfg, strtab_find(&f->ds.unit_names, u->unit), month_of(2020, 6), &m));
		assert_int_equal(u->award, m.award);
		assert_memory_equal(&u->total, &m.total, sizeof m.total);
		assert_int_equal(u->spend_rag, m.spend_rag);
		assert_int_equal(u->forecast_variance, m.forecast_variance);
		assert_int_equal(u->remaining, m.remaining);
		assert_int_equal(u->n_explanations, m.n_explanations);
		assert_int_equal(u->n_outcomes, m.n_outcomes);
		if (m.n_outcomes > 0)
			assert_memory_equal(u->outcomes, m.outcomes, (size_t)m.n_outcomes * sizeof *m.outcomes);
		assert_memory_equal(u->costs, m.costs, sizeof m.costs);
		assert_int_equal(u->profile_assumed_even, m.quality.profile_assumed_even);
		figures_monthly_free(&m);
	}
}

static void
test_unit_figures_by_hand(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;
	const network_unit_t *bravo = &n->units[0], *alpha = &n->units[1], *charlie = &n->units[2];

	assert_int_equal(bravo->total.ytd_actual, 3200000);
	assert_int_equal(bravo->total.ytd_profile, 3000000);
	assert_int_equal(bravo->total.variance_pct.tenths, 67);
	assert_int_equal(bravo->spend_rag, RAG_AMBER);
	assert_int_equal(bravo->total.forecast, 12200000);
	assert_int_equal(alpha->total.ytd_profile, 0);
	assert_false(alpha->total.variance_pct.has);
	assert_int_equal(alpha->spend_rag, RAG_NONE);
	assert_int_equal(alpha->total.forecast, 6150000);
	assert_true(charlie->profile_assumed_even);
	assert_int_equal(charlie->total.variance_pct.tenths, -200);
	assert_int_equal(charlie->spend_rag, RAG_RED);
}

// The latest spend date counted up to the end of M: Bravo's July row is not read into June.
static void
test_latest_spend_date(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_true(n->units[0].has_latest_spend);
	assert_int_equal(n->units[0].latest_spend_month, month_of(2020, 6));
	assert_int_equal(n->units[0].latest_spend_day, 12);
	assert_int_equal(n->units[1].latest_spend_day, 3);
	assert_int_equal(n->units[2].latest_spend_month, month_of(2020, 6));
	assert_int_equal(n->units[2].latest_spend_day, 0);	// "2020-06": the month alone
}

/* ---- the network's totals ---- */

static void
test_totals_by_hand(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_int_equal(n->award, 21000000);
	assert_int_equal(n->total.ytd_actual, 3950000);
	assert_int_equal(n->total.ytd_profile, 3750000);
	assert_int_equal(n->total.variance, 200000);
	assert_true(n->total.variance_pct.has);
	assert_int_equal(n->total.variance_pct.tenths, 53);
	assert_int_equal(n->spend_rag, RAG_AMBER);
	assert_int_equal(n->total.forecast, 21200000);
	assert_int_equal(n->forecast_variance, 200000);
	assert_int_equal(n->remaining, 17050000);
	assert_string_equal(n->total.name, "Network total");
}

// Each total is the sum of the units' own figures, to the penny.
static void
test_totals_are_sums(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;
	int64_t sums[8] = { 0 };

	for (int u = 0; u < n->n_units; u++) {
		const network_unit_t *un = &n->units[u];
		sums[0] += un->award;
		sums[1] += un->total.ytd_actual;
		sums[2] += un->total.ytd_profile;
		sums[3] += un->total.variance;
		sums[4] += un->total.forecast;
		sums[5] += un->forecast_variance;
		sums[6] += un->remaining;
		sums[7] += un->total.month_actual;
	}
	assert_int_equal(n->award, sums[0]);
	assert_int_equal(n->total.ytd_actual, sums[1]);
	assert_int_equal(n->total.ytd_profile, sums[2]);
	assert_int_equal(n->total.variance, sums[3]);
	assert_int_equal(n->total.forecast, sums[4]);
	assert_int_equal(n->forecast_variance, sums[5]);
	assert_int_equal(n->remaining, sums[6]);
	assert_int_equal(n->total.month_actual, sums[7]);
	assert_int_equal(n->total.variance, n->total.ytd_actual - n->total.ytd_profile);
}

// A unit with no YTD profile is counted as having no RAG.
static void
test_rag_counts(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_int_equal(n->rag_count[RAG_GREEN], 0);
	assert_int_equal(n->rag_count[RAG_AMBER], 1);
	assert_int_equal(n->rag_count[RAG_RED], 1);
	assert_int_equal(n->rag_count[RAG_NONE], 1);
}

/* ---- outcomes ---- */

// The network's arrests: every unit's YTD, against the targets of the units that have one.
static void
test_outcome_rag_on_summed_targets(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;
	const network_measure_t *arrests = measure_of(n, "arrests");

	assert_int_equal(arrests->ytd, 9000);
	assert_int_equal(arrests->n_targets, 1);
	assert_int_equal(arrests->target, 24000);
	assert_int_equal(arrests->pro_rata, 6000);
	assert_int_equal(arrests->rag, RAG_GREEN);
	// Bravo's own row of it is RED: 5 against 6.
	assert_int_equal(n->units[0].outcomes[arrests->rows[0]].rag, RAG_RED);
	assert_false(n->units[1].outcomes[arrests->rows[1]].has_target);

	const network_measure_t *custom = measure_of(n, "zeta_custom");
	assert_int_equal(custom->ytd, 2000);
	assert_int_equal(custom->n_targets, 0);
	assert_int_equal(custom->rag, RAG_NONE);
}

// Measures in the contract's order, the others after them; a unit with none has a dash in each.
static void
test_measures_and_unit_without_outcomes(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_int_equal(n->n_measures, 3);
	assert_string_equal(n->measures[0].measure, "networks_disrupted");
	assert_string_equal(n->measures[1].measure, "arrests");
	assert_string_equal(n->measures[2].measure, "zeta_custom");
	assert_int_equal(n->measures[0].rows[1], -1);	// Alpha has no networks disrupted
	assert_int_equal(n->units[2].n_outcomes, 0);
	for (int k = 0; k < n->n_measures; k++)
		assert_int_equal(n->measures[k].rows[2], -1);
}

static void
test_costs(void **state)
{
	const network_t *n = &((fx_t *)*state)->n;

	assert_int_equal(n->costs[0].spend, 3950000);
	assert_int_equal(n->costs[0].value, 1000);
	assert_int_equal(n->costs[0].pence, 3950000);
	assert_int_equal(n->costs[1].value, 9000);
	assert_true(n->costs[1].has);
	assert_int_equal(n->costs[1].pence, 438889);	// £39,500 / 9, rounded half away from zero
}

/* ---- limits ---- */

// A total past the int64 range stops the overview, naming the unit and the total.
static void
test_overflow_named(void **state)
{
	fx_t *f = *state;
	network_t n;
	monthly_t m;
	char err[512];

	memset(&m, 0, sizeof m);
	m.meta.unit = "Huge";
	m.award = INT64_MAX;
	figures_network_begin(&f->ds, &f->cfg, month_of(2020, 6), &n);
	assert_true(figures_network_add(&n, &m));
	int saved = capture_begin(f->dir);
	bool ok = figures_network_add(&n, &m);
	capture_end(f->dir, saved, err, sizeof err);
	assert_false(ok);
	assert_non_null(strstr(err, "network overview for 2020-06: the network's award leaves the range"));
	assert_non_null(strstr(err, "Huge"));
	figures_network_free(&n);
}

/* ---- renderers ---- */

static void
test_json(void **state)
{
	network_t *n = &((fx_t *)*state)->n;
	buf_t out;

	// The pack is the run's to fill: one return found, one not.
	snprintf(n->units[0].pack_file, sizeof n->units[0].pack_file, "bravo/2020-06-monthly-return.pdf");
	n->units[0].pack_written = true;
	memset(n->units[0].pack_sha256, 'a', 64);
	snprintf(n->units[2].pack_file, sizeof n->units[2].pack_file, "charlie/2020-06-monthly-return.pdf");
	buf_init(&out);
	json_network(n, &out);
	assert_non_null(strstr(out.data, "\"report\": \"network-overview\""));
	assert_non_null(strstr(out.data, "\"network\": \"Regional Online Investigation Teams\""));
	assert_non_null(strstr(out.data, "\"rag_counts\": {\n    \"GREEN\": 0,\n    \"AMBER\": 1,\n    \"RED\": 1,\n"
	                                 "    \"none\": 1\n  }"));
	// Bravo first, with its explanation flag and its own pro-rata target.
	assert_true(strstr(out.data, "\"unit\": \"Bravo\"") < strstr(out.data, "\"unit\": \"Alpha\""));
	assert_non_null(strstr(out.data, "\"variance_pct\": 5.3,"));
	assert_non_null(strstr(out.data, "\"units_with_target\": 1,\n        \"target\": 24,\n"
	                                 "        \"pro_rata_target\": 6,\n        \"rag\": \"GREEN\""));
	assert_non_null(strstr(out.data, "\"unit\": \"Bravo\",\n      \"file\": \"bravo/2020-06-monthly-return.pdf\",\n"
	                                 "      \"sha256\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""));
	// Not written: the pack says so with null.
	assert_non_null(strstr(out.data, "\"file\": \"charlie/2020-06-monthly-return.pdf\",\n      \"sha256\": null"));
	assert_int_equal(out.data[out.len - 1], '\n');
	buf_free(&out);
}

static void
test_variance_alt(void **state)
{
	static const variance_bar_t bars[3] = {
		{ "Met Online Investigation Team", { true, 62 }, 583750, RAG_AMBER },
		{ "North West ROCU", { true, -10 }, -120000, RAG_GREEN },
		{ "South West ROCU", { false, 0 }, 353000, RAG_NONE },
	};
	variance_chart_t c = { "YTD variance % by unit, June 2020", 3, bars, 500, 1000 };
	buf_t out;

	(void)state;
	buf_init(&out);
	chart_variance_alt(&c, 0, 3, &out);
	// The figures read as the tables print them (format_variance(), as the return's headline note).
	assert_string_equal(out.data, "YTD variance % by unit, June 2020: Met Online Investigation Team 6.2% over "
	                    "profile, AMBER; North West ROCU -1.0% under profile, GREEN; South West ROCU n/a: no YTD "
	                    "profile, no RAG; amber threshold 5%, red 10%.");
	buf_reset(&out);
	chart_variance_alt(&c, 1, 2, &out);
	assert_string_equal(out.data, "YTD variance % by unit, June 2020 (continued): North West ROCU -1.0% under "
	                    "profile, GREEN; amber threshold 5%, red 10%.");
	buf_free(&out);
	assert_int_equal(chart_variance_rows(chart_variance_height(7)), 7);
	assert_int_equal(chart_variance_rows(chart_variance_height(1) - 1), 0);
}

// 'twin_when_asked()' - A pdf_twin_t's wait: the twin made only now, as task.c's other thread
//                       hands it over.
static int
twin_when_asked(void *arg)
{
	fx_t *f = arg;

	f->aside_calls++;
	if (f->aside_status == ROIT_OK)
		json_network(&f->n, &f->aside);
	return f->aside_status;
}

// A twin still being made when the PDF is begun (task.c makes a new overview's pack and twin
// beside its layout): the PDF waits for it once and is byte for byte the PDF of a twin made
// first; a twin that fails fails the PDF, with nothing made.
static void
test_twin_made_aside(void **state)
{
	fx_t *f = *state;
	lay_shared_t *shared;
	buf_t json, first, aside, failed;

	f->n.meta.now = 1593594000;
	buf_init(&json);
	buf_init(&first);
	buf_init(&aside);
	buf_init(&failed);
	buf_init(&f->aside);
	assert_int_equal(lay_shared_open(f->cfg.font_regular, f->cfg.font_bold, &shared), ROIT_OK);
	json_network(&f->n, &json);
	assert_int_equal(pdf_network(&f->n, &(pdf_twin_t){ .name = "o.json", .json = &json }, shared, &first),
	                 ROIT_OK);

	f->aside_status = ROIT_OK;
	assert_int_equal(pdf_network(&f->n, &(pdf_twin_t){ .name = "o.json", .json = &f->aside,
	                                                   .wait = twin_when_asked, .arg = f }, shared, &aside),
	                 ROIT_OK);
	assert_int_equal(f->aside_calls, 1);
	assert_int_equal(f->aside.len, json.len);
	assert_int_equal(aside.len, first.len);
	assert_memory_equal(aside.data, first.data, first.len);

	f->aside_status = ROIT_EX_IOERR;
	buf_reset(&f->aside);
	assert_int_equal(pdf_network(&f->n, &(pdf_twin_t){ .name = "o.json", .json = &f->aside,
	                                                   .wait = twin_when_asked, .arg = f }, shared, &failed),
	                 ROIT_EX_IOERR);
	assert_int_equal(f->aside_calls, 2);
	assert_int_equal(failed.len, 0);

	lay_shared_free(shared);
	buf_free(&json);
	buf_free(&first);
	buf_free(&aside);
	buf_free(&failed);
	buf_free(&f->aside);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_units_in_grants_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_are_their_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_figures_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_latest_spend_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_are_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rag_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_rag_on_summed_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_measures_and_unit_without_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_costs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twin_made_aside, setup, teardown),
		cmocka_unit_test(test_variance_alt),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
