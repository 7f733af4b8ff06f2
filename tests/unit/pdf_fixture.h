// Hand-made figures for the PDF tests: a fixture kind in, a filled monthly_t or summary_t out.
//
// Everything is built here by hand, not by figures.c, so a renderer's test does not depend on
// the engine: the few derived figures (variance, forecast, totals) are worked out below the way
// the contract defines them.  Strings are literals or live in the fixture; free with fixture_free().
#ifndef PDF_FIXTURE_H
#define PDF_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "roit.h"

// 2020-07-01 09:00:00 UTC, 10:00 BST.
#define FIXTURE_NOW ((time_t)1593594000)

enum fixture_kind {
	FIX_NORMAL,		// six categories, outcomes, levels, commentary, rows rejected
	FIX_MANY,		// twenty categories with two-line names: the spend table breaks
	FIX_LONG_TEXT,		// 3,000 characters of summary commentary
	FIX_LONG_NAME,		// a category name of 120 characters
	FIX_NO_OUTCOMES,	// no outcome at all
	FIX_ZERO_PROFILE,	// every category with zero profile: no variance %, no RAG
	FIX_REJECTS,		// 1,234 rows rejected, 120 held: the first 50 listed
	FIX_LONG_CATEGORIES	// forty categories with names of 60 to 120 characters
};

// What a fixture owns besides the monthly_t.
typedef struct fixture {
	monthly_t m;
	summary_t s;
	char names[40][160];
	char *long_text;
	row_note_t notes[120];
	const row_note_t *note_ptrs[120];
	char reasons[120][64];
} fixture_t;

static const row_note_t fixture_footer = { "input/spend.csv", 2966, "\"Total\" footer row skipped" };
static const row_note_t *fixture_footers[] = { &fixture_footer };
static const input_hash_t fixture_inputs[] = {
	{ "input/grants.csv", "0d7de03af02919963689b9f06386da6a7368aeb5f6ccaba91ac7b7634f672b0c" },
	{ "input/spend.csv", "12771762a0c451dba55e3be6a89f2b12543eeec286998c6e53ec29a93c276384" },
	{ "input/outcomes.csv", "bc53a2117c6ebc31cc1cf180e6f2fe735f4ccd08674bdb73b3fcf6dfb75f2095" },
};
static const char *fixture_summary[] = {
	"Spend is 6.2% over profile, driven by staff overtime on Op SEXTANT.",
	"Checked by Zo\xc3\xab \xc5\xb4yn, Cr\xc3\xa8me \xe2\x9c\x93 \xe2\x80\x94 caf\xc3\xa9 \xe2\x82\xac" "5",
};
static const char *fixture_outcomes_text[] = { "Networks disrupted are ahead of the pro-rata target." };
static const char *fixture_risks[] = { "Sustained overtime pressure." };
static const char *fixture_continuation[] = {
	"The unit asks for a further year at \xc2\xa3" "260,000 to keep two DCs on covert online work.",
};

// 'fixture_line()' - A spend line from its month and YTD figures and its annual budget.
static spend_line_t
fixture_line(const char *name, int64_t ma, int64_t mp, int64_t ya, int64_t yp, int64_t budget)
{
	spend_line_t l = { name, ma, mp, ya, yp, ya - yp, { yp != 0, 0 }, budget, ya + (budget - yp), false };

	if (yp != 0)
		l.variance_pct.tenths = div_round((ya - yp) * 1000, yp);
	return l;
}

// 'fixture_total()' - The Total row: the sums of the category lines.
static void
fixture_total(monthly_t *m)
{
	spend_line_t *t = &m->total;

	memset(t, 0, sizeof *t);
	t->name = "Total";
	for (int i = 0; i < m->n_lines; i++) {
		const spend_line_t *l = &m->lines[i];
		t->month_actual += l->month_actual;
		t->month_profile += l->month_profile;
		t->ytd_actual += l->ytd_actual;
		t->ytd_profile += l->ytd_profile;
		t->annual_budget += l->annual_budget;
		t->forecast += l->forecast;
	}
	t->variance = t->ytd_actual - t->ytd_profile;
	t->variance_pct.has = t->ytd_profile != 0;
	if (t->variance_pct.has)
		t->variance_pct.tenths = div_round(t->variance * 1000, t->ytd_profile);
	m->spend_rag = !t->variance_pct.has ? RAG_NONE : t->variance_pct.tenths > 100 ||
	               t->variance_pct.tenths < -100 ? RAG_RED : t->variance_pct.tenths > 50 ||
	               t->variance_pct.tenths < -50 ? RAG_AMBER : RAG_GREEN;
	m->forecast_variance = t->forecast - m->award;
	m->remaining = m->award - t->ytd_actual;
}

// 'fixture_spend()' - The categories of a fixture.
static void
fixture_spend(fixture_t *f, enum fixture_kind kind)
{
	monthly_t *m = &f->m;
	int n = kind == FIX_MANY ? 20 : kind == FIX_LONG_CATEGORIES ? 40 : 6;

	m->lines = calloc((size_t)n, sizeof *m->lines);
	m->n_lines = n;
	if (kind == FIX_MANY) {
		for (int i = 0; i < n; i++) {
			snprintf(f->names[i], sizeof f->names[i], "Category %02d: operational support costs of the "
			         "regional network, line %02d", i + 1, i + 1);
			m->lines[i] = fixture_line(f->names[i], 100000 * (i + 1), 90000 * (i + 1), 300000 * (i + 1),
			                           270000 * (i + 1), 1080000 * (i + 1));
		}
		return;
	}
	if (kind == FIX_LONG_CATEGORIES) {
		static const char words[] = "operational support of the regional covert online network: hosting, "
		                            "anonymised connectivity, device licences, analyst overtime and travel "
		                            "for joint operations with partner agencies";
		for (int i = 0; i < n; i++) {
			// 60 to 120 characters, cut back to a whole word; sums of a large unit's ledger.
			int len = 60 + i * 60 / (n - 1);
			snprintf(f->names[i], sizeof f->names[i], "Category %02d, %.140s", i + 1, words);
			while (len > 0 && f->names[i][len] != ' ')
				len--;
			f->names[i][len] = '\0';
			m->lines[i] = fixture_line(f->names[i], 12345600 * (i % 7 + 1), 11000000 * (i % 5 + 1),
			                           37036800 * (i % 7 + 1), 33000000 * (i % 5 + 1), 132000000 * (i % 5 + 1));
		}
		return;
	}
	m->lines[0] = fixture_line("Staff overtime", 1231200, 1080000, 3384600, 3020000, 10800000);
	m->lines[1] = fixture_line("Covert online infrastructure", 319000, 290000, 1264800, 1155000, 4800000);
	m->lines[2] = fixture_line("Digital forensics licences", 0, 0, 3677100, 3570000, 4200000);
	m->lines[3] = fixture_line("Training", 324000, 360000, 228500, 450000, 1800000);
	m->lines[4] = fixture_line("Travel & subsistence", 84000, 140000, 178800, 375000, 1400000);
	m->lines[5] = fixture_line("Equipment", 260000, 200000, 1320000, 900000, 2000000);
	m->lines[5].explanation_needed = true;
	m->n_explanations = 1;
	if (kind == FIX_LONG_NAME) {
		// Exactly 120 characters.
		snprintf(f->names[0], 121, "%s", "Specialist covert online investigation infrastructure: "
		         "hosting, anonymised connectivity and device licences (NW region).");
		m->lines[1].name = f->names[0];
		m->meta.unit = "Heddlu Gogledd Cymru / North Wales Police \xe2\x80\x94 Regional Organised Crime Unit "
		               "(Tarian) Online Investigation Team, Stryd y Fr\xc3\xa2n, \xc5\xb4yn";
	}
	if (kind == FIX_ZERO_PROFILE) {
		for (int i = 0; i < n; i++)
			m->lines[i] = fixture_line(m->lines[i].name, m->lines[i].month_actual, 0, m->lines[i].ytd_actual,
			                           0, 0);
		m->n_explanations = 0;
	}
}

// 'fixture_chart()' - Spend by period from P1 to P12; periods after M profile only.
static void
fixture_chart(monthly_t *m)
{
	static const int64_t actual[3] = { 5300000, 2527900, 2218200 };
	int64_t cum_a = 0, cum_p = 0;

	for (int i = 0; i < 12; i++) {
		month_point_t *p = &m->chart[i];
		p->month = fy_period_month(m->fy, i + 1);
		p->reported = i < m->period;
		p->profile = m->total.ytd_profile ? 1000000 + 100000 * (i % 5) : 0;
		p->actual = p->reported ? actual[i] : 0;
		cum_a += p->actual;
		cum_p += p->profile;
		p->cum_actual = cum_a;
		p->cum_profile = cum_p;
	}
}

// 'fixture_outcomes()' - Ten measures with every kind, RAG and a missing target or prior year.
static void
fixture_outcomes(monthly_t *m)
{
	static const outcome_line_t o[] = {
		{ "networks_targeted", "Organised crime networks targeted", KIND_COUNT, 4000, 13000, true, 14000,
		  false, 0, 0, RAG_NONE },
		{ "networks_disrupted", "Organised crime networks disrupted", KIND_COUNT, 2000, 7000, true, 6000,
		  true, 24000, 6000, RAG_GREEN },
		{ "arrests", "Arrests", KIND_COUNT, 4000, 11000, true, 18000, true, 48000, 12000, RAG_AMBER },
		{ "charges", "Charges", KIND_COUNT, 3000, 7000, false, 0, true, 36000, 9000, RAG_RED },
		{ "class_a_kg", "Class A drugs seized (kg)", KIND_QUANTITY, 350, 1400, true, 1989, true, 6000, 1500,
		  RAG_AMBER },
		{ "cash_seized", "Cash seized", KIND_MONEY, 7000000, 24350000, true, 6671000, true, 120000000,
		  30000000, RAG_RED },
		{ "online_takedowns", "Online takedowns", KIND_COUNT, 12000, 37000, true, 22000, false, 0, 0, RAG_NONE },
	};
	static const char *const labels[3] = { "Networks disrupted", "Arrests", "Charges" };
	static const char *const keys[3] = { "networks_disrupted", "arrests", "charges" };

	m->n_outcomes = (int)(sizeof o / sizeof o[0]);
	m->outcomes = calloc(sizeof o / sizeof o[0], sizeof *m->outcomes);
	memcpy(m->outcomes, o, sizeof o);
	m->levels_used = true;
	m->level_month[LEVEL_MAJOR] = 1000, m->level_ytd[LEVEL_MAJOR] = 2000;
	m->level_month[LEVEL_MODERATE] = 1000, m->level_ytd[LEVEL_MODERATE] = 3000;
	m->level_ytd[LEVEL_MINOR] = 2000;
	m->costs[0] = (cost_line_t){ "networks_disrupted", "Networks disrupted", m->total.ytd_actual, 7000, true,
	                             div_round(m->total.ytd_actual * 1000, 7000) };
	m->costs[1] = (cost_line_t){ "arrests", "Arrests", m->total.ytd_actual, 11000, true,
	                             div_round(m->total.ytd_actual * 1000, 11000) };
	m->n_series = 3;
	for (int k = 0; k < 3; k++) {
		m->series[k].measure = keys[k];
		m->series[k].label = labels[k];
		m->series[k].n = 12;
		for (int i = 0; i < m->period; i++)
			m->series[k].values[i] = 1000 * ((i + k) % 4 + 1);
	}
}

// 'fixture_quality()' - Rejected rows (1,234 of them for FIX_REJECTS), a footer, ignored and excluded rows.
static void
fixture_quality(fixture_t *f, enum fixture_kind kind)
{
	data_quality_t *q = &f->m.quality;
	int held = kind == FIX_REJECTS ? 120 : 3;

	for (int i = 0; i < held; i++) {
		snprintf(f->reasons[i], sizeof f->reasons[i], "amount \"12,3%d\" is not a sum of money", i % 10);
		f->notes[i] = (row_note_t){ "input/spend.csv", 100 + i, f->reasons[i] };
		f->note_ptrs[i] = &f->notes[i];
	}
	q->rejected_count = kind == FIX_REJECTS ? 1234 : held;
	q->n_rejected = held;
	q->rejected = f->note_ptrs;
	q->n_footers = 1;
	q->footers = fixture_footers;
	q->ignored_rows = 2;
	q->excluded_rows = 5;
	q->profile_assumed_even = kind == FIX_ZERO_PROFILE;
	q->budget_mismatch = kind == FIX_NORMAL;
	q->budget_total = 24900000;
	q->award = 25000000;
}

// 'fixture_meta()' - Who, when and from what.
static void
fixture_meta(report_meta_t *meta)
{
	meta->organisation = "Metropolitan Police Service";
	meta->team = "Online Investigation Team";
	meta->marking = "OFFICIAL-SENSITIVE";
	meta->scrutiny = "Home Office / NPCC";
	meta->prepared_by = "DI Sarah Okafor, Finance & Performance";
	meta->approved_by = "Det Supt Mark Ellis";
	meta->unit = "Met Online Investigation Team";
	meta->slug = "met-online-investigation-team";
	meta->reference = "PCD 815";
	meta->funder = "Home Office";
	meta->now = FIXTURE_NOW;
	meta->n_inputs = 3;
	meta->inputs = fixture_inputs;
}

// 'fixture_commentary()' - Summary (long for FIX_LONG_TEXT), outcomes and risks; no spend commentary.
static void
fixture_commentary(fixture_t *f, enum fixture_kind kind)
{
	commentary_t *c = &f->m.commentary;
	static const char *long_ptr[1];

	c->n[SECTION_SUMMARY] = 2;
	c->text[SECTION_SUMMARY] = fixture_summary;
	c->n[SECTION_OUTCOMES] = 1;
	c->text[SECTION_OUTCOMES] = fixture_outcomes_text;
	c->n[SECTION_RISKS] = 1;
	c->text[SECTION_RISKS] = fixture_risks;
	if (kind != FIX_LONG_TEXT)
		return;
	// 3,000 characters, with one word far wider than the page to be broken.
	f->long_text = calloc(3001, 1);
	for (size_t n = 0, once = 0; n < 3000;) {
		const char *s = n >= 600 && !once++ ? "Supercalifragilisticexpialidocious-and-so-on-without-any-space-"
		                           "at-all-so-that-it-must-be-broken-across-the-line-somewhere-0123456789 "
		                         : "Overtime on Op SEXTANT rose again this month. ";
		size_t k = strlen(s) < 3000 - n ? strlen(s) : 3000 - n;
		memcpy(f->long_text + n, s, k);
		n += k;
	}
	long_ptr[0] = f->long_text;
	c->n[SECTION_SUMMARY] = 1;
	c->text[SECTION_SUMMARY] = long_ptr;
}

// 'fixture_monthly()' - A monthly return of June 2020 (P3 2020/21) of the given kind.
static void
fixture_monthly(fixture_t *f, enum fixture_kind kind)
{
	monthly_t *m = &f->m;

	memset(f, 0, sizeof *f);
	fixture_meta(&m->meta);
	m->month = month_of(2020, 6);
	m->fy = 2020;
	m->period = 3;
	m->award = 25000000;
	fixture_spend(f, kind);
	fixture_total(m);
	fixture_chart(m);
	if (kind != FIX_NO_OUTCOMES)
		fixture_outcomes(m);
	fixture_commentary(f, kind);
	fixture_quality(f, kind);
}

// 'fixture_year_series()' - Add delivery line k to the summary chart's series.
static void
fixture_year_series(summary_t *s, int k)
{
	series_t *sr = &s->series[s->n_series++];

	sr->measure = s->delivery[k].measure;
	sr->label = s->delivery[k].label;
	sr->n = s->n_years;
	memcpy(sr->values, s->delivery[k].by_year, sizeof sr->values);
}

// 'fixture_summary_of()' - The continuation summary as at June 2020 over three grant years,
//                          with the monthly return of the given kind as its current year.
static void
fixture_summary_of(fixture_t *f, enum fixture_kind kind)
{
	summary_t *s = &f->s;
	static const char *const labels[3] = { "Networks disrupted", "Arrests", "Cash seized" };
	static const char *const keys[3] = { "networks_disrupted", "arrests", "cash_seized" };
	static const int64_t values[3][3] = {
		{ 21000, 26000, 7000 }, { 40000, 52000, 11000 }, { 90000000, 120500000, 24350000 }
	};

	fixture_monthly(f, kind);
	fixture_meta(&s->meta);
	s->month = f->m.month;
	s->fy = 2020;
	s->period = 3;
	s->n_years = 3;
	s->history = calloc(3, sizeof *s->history);
	s->history[0] = (history_line_t){ 2018, 25000000, 24012345, true, 12, 987655, { true, 960 }, false };
	s->history[1] = (history_line_t){ 2019, 25000000, 26100000, true, 12, -1100000, { true, 1044 }, false };
	s->history[2] = (history_line_t){ 2020, 25000000, f->m.total.ytd_actual, false, 3, 0, { true, 402 }, false };
	s->total_award = 75000000;
	s->total_spend = 24012345 + 26100000 + f->m.total.ytd_actual;
	s->total_utilisation = (pct_t){ true, div_round(s->total_spend * 1000, s->total_award) };
	s->n_delivery = 3;
	s->delivery = calloc(3, sizeof *s->delivery);
	for (int k = 0; k < 3; k++) {
		delivery_line_t *d = &s->delivery[k];
		d->measure = keys[k];
		d->label = labels[k];
		d->kind = k == 2 ? KIND_MONEY : KIND_COUNT;
		for (int y = 0; y < 3; y++) {
			d->by_year[y] = values[k][y];
			d->total += values[k][y];
		}
	}
	// The chart's series, as figures.c picks them: the main measures that are counts.
	s->series_main = true;
	for (int k = 0; k < 2; k++)
		fixture_year_series(s, k);
	s->levels_used = true;
	s->level_by_year[0][LEVEL_MAJOR] = 5000, s->level_by_year[1][LEVEL_MAJOR] = 6000;
	s->level_by_year[2][LEVEL_MAJOR] = 2000, s->level_by_year[1][LEVEL_MINOR] = 4000;
	s->vfm[0] = (vfm_line_t){ "Spend per network disrupted", s->total_spend, 54000, true,
	                          div_round(s->total_spend * 1000, 54000) };
	s->vfm[1] = (vfm_line_t){ "Spend per arrest", s->total_spend, 103000, true,
	                          div_round(s->total_spend * 1000, 103000) };
	s->vfm[2] = (vfm_line_t){ "Cash seized per \xc2\xa3 of grant", INT64_C(23485000), s->total_award, true,
	                          div_round(INT64_C(23485000) * 100, s->total_award) };
	s->current = &f->m;
	s->n_requests = 2;
	s->requests = calloc(2, sizeof *s->requests);
	s->requests[0] = (request_line_t){ 2021, 26000000, "PCD 1021 (draft)" };
	s->requests[1] = (request_line_t){ 2022, 27000000, "" };
	s->n_continuation = 1;
	s->continuation = fixture_continuation;
	s->quality = f->m.quality;
}

// 'fixture_free()' - Free what a fixture allocated.
static void
fixture_free(fixture_t *f)
{
	free(f->m.lines);
	free(f->m.outcomes);
	free(f->long_text);
	free(f->s.history);
	free(f->s.delivery);
	free(f->s.requests);
	memset(f, 0, sizeof *f);
}

#endif
