// Unit tests of section 4's figures: small hand-computed CSV fixtures through dataset_load() and figures_*().
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "dataset.h"
#include "figures.h"
#include "roit.h"
#include "values.h"

#include "fixture.h"

#define MAX_REPORTS 8

// One input folder, what was read from it, and the reports computed from it (freed by teardown).
typedef struct fx {
	char dir[64];
	bool have_cfg, have_ds;
	config_t cfg;
	dataset_t ds;
	int n_m;
	monthly_t m[MAX_REPORTS];
	bool have_s;
	summary_t s;
} fx_t;


/* ---- helpers ---- */

// 'appendf()' - printf onto the end of a text buffer.
static void appendf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	assert_true(strlen(buf) < size - 1);
}

// 'budget_year()' - Twelve budget rows of one category, P1..P12 of fy, each of amount (CSV text).
static void
budget_year(char *buf, size_t size, const char *unit, int fy, const char *category, const char *amount)
{
	for (int p = 1; p <= 12; p++) {
		month_t m = fy_period_month(fy, p);

		appendf(buf, size, "%s,%04d-%02d,%s,%s\n", unit, month_year(m), month_number(m), category, amount);
	}
}

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-figures-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;
	if (f->have_s)
		figures_summary_free(&f->s);
	for (int i = 0; i < f->n_m; i++)
		figures_monthly_free(&f->m[i]);
	if (f->have_ds)
		dataset_free(&f->ds);
	if (f->have_cfg)
		config_free(&f->cfg);
	remove_folder(f->dir);
	free(f);
	return 0;
}

// 'load()' - report.ini and every CSV of the fixture's folder; both must succeed.
static void
load(fx_t *f)
{
	assert_int_equal(config_load(f->dir, fontdir, &f->cfg), ROIT_OK);
	f->have_cfg = true;
	assert_int_equal(dataset_load(f->dir, &f->cfg, &f->ds), ROIT_OK);
	f->have_ds = true;
}

// 'unit_of()' - The index of a unit (order of first appearance in grants.csv).
static int
unit_of(const fx_t *f, const char *name)
{
	int id = strtab_find(&f->ds.unit_names, name);

	assert_true(id >= 0);
	return id;
}

// 'monthly()' - The monthly return of unit for year-month; kept for teardown.
static const monthly_t *
monthly(fx_t *f, const char *unit, int year, int month)
{
	monthly_t *m;

	assert_true(f->n_m < MAX_REPORTS);
	m = &f->m[f->n_m];
	assert_true(figures_monthly(&f->ds, &f->cfg, unit_of(f, unit), month_of(year, month), m));
	f->n_m++;
	return m;
}

// 'summary()' - The continuation summary of unit as at year-month.
static const summary_t *
summary(fx_t *f, const char *unit, int year, int month)
{
	const monthly_t *m = monthly(f, unit, year, month);

	assert_true(figures_summary(&f->ds, &f->cfg, unit_of(f, unit), month_of(year, month), m, &f->s));
	f->have_s = true;
	return &f->s;
}

// 'line_of()' - The spend line of a category.
static const spend_line_t *
line_of(const monthly_t *m, const char *name)
{
	for (int i = 0; i < m->n_lines; i++)
		if (strcmp(m->lines[i].name, name) == 0)
			return &m->lines[i];
	fail_msg("no spend line \"%s\"", name);
	return NULL;
}

// 'outcome_of()' - The outcome line of a measure.
static const outcome_line_t *
outcome_of(const monthly_t *m, const char *measure)
{
	for (int i = 0; i < m->n_outcomes; i++)
		if (strcmp(m->outcomes[i].measure, measure) == 0)
			return &m->outcomes[i];
	fail_msg("no outcome line \"%s\"", measure);
	return NULL;
}

// 'delivery_of()' - The delivery line of a measure in a summary.
static const delivery_line_t *
delivery_of(const summary_t *s, const char *measure)
{
	for (int i = 0; i < s->n_delivery; i++)
		if (strcmp(s->delivery[i].measure, measure) == 0)
			return &s->delivery[i];
	fail_msg("no delivery line \"%s\"", measure);
	return NULL;
}

// 'assert_names()' - The spend lines, in order, are exactly names (NULL-terminated).
static void
assert_names(const monthly_t *m, const char *const *names)
{
	int n = 0;

	for (; names[n]; n++) {
		assert_true(n < m->n_lines);
		assert_string_equal(m->lines[n].name, names[n]);
	}
	assert_int_equal(m->n_lines, n);
}

// 'assert_line()' - Every figure of a spend line; pct_tenths INT64_MIN means "n/a".
static void
assert_line(const spend_line_t *l, int64_t month_actual, int64_t month_profile, int64_t ytd_actual,
            int64_t ytd_profile, int64_t variance, int64_t pct_tenths, int64_t annual, int64_t forecast)
{
	assert_int_equal(l->month_actual, month_actual);
	assert_int_equal(l->month_profile, month_profile);
	assert_int_equal(l->ytd_actual, ytd_actual);
	assert_int_equal(l->ytd_profile, ytd_profile);
	assert_int_equal(l->variance, variance);
	if (pct_tenths == INT64_MIN)
		assert_false(l->variance_pct.has);
	else {
		assert_true(l->variance_pct.has);
		assert_int_equal(l->variance_pct.tenths, pct_tenths);
	}
	assert_int_equal(l->annual_budget, annual);
	assert_int_equal(l->forecast, forecast);
}

/* ---- the main fixture: unit Alpha over 2019/20..2021/22, and Beta ---- */

static const char thresholds_ini[] = "[thresholds]\namber_pct = 5\nred_pct = 10\nmateriality = 1000\n";

// Alpha: 2019/20 £100,000 and 2020/21 £112,000 awarded (empty status = awarded), 2021/22 awarded,
// 2022/23 requested.  Beta: 2020/21 £1,200 only (no budget: even profile of £100 a month).
static const char alpha_grants[] =
	"unit,financial_year,amount,status,reference,funder\n"
	"Alpha,2019/20,\"100,000.00\",awarded,PCD 510,Home Office\n"
	"Alpha,2020/21,\"112,000.00\",,PCD 815,Home Office\n"
	"Alpha,2021/22,\"120,000.00\",awarded,PCD 900,Home Office\n"
	"Alpha,2022/23,\"130,000.00\",requested,PCD 999,Home Office\n"
	"Beta,2020/21,\"1,200.00\",awarded,,\n";

// Alpha's 2020/21 spend, by category (P1 April, P2 May, P3 June):
//   Staff      P1 8,000  P2 8,000  P3 9,000 - 500 = 8,500      YTD 24,500
//   Travel     P1 450               P3 1,200 - 100 (refund) = 1,100   YTD 1,550
//   Equipment            P2 3,300                               YTD 3,300
//   Accommodation        P2 120 (no budget)
//   Training                        P3 250 (no budget)
//   (empty)    P1 30 -> "Uncategorised" (no budget)
//   agency                          P3 70 (no budget; lower case sorts after "U" in byte order)
//   July: Staff 8,000 and Consultancy 999 (after M = June: not in YTD, and not listed at June)
// 2019/20: Staff 50,000 (2019-04-10) + 40,000 (2020-03-31, P12 of 2019/20) = 90,000.
// Ignored: 2018-12-01 and 2022-04-01 (no awarded year; 2022/23 is only requested).
// 2021-05-01 lies in 2021/22, which is awarded: not ignored.
static const char alpha_spend[] =
	"date,unit,category,amount\n"
	"2019-04-10,Alpha,Staff,\"50,000.00\"\n"
	"2020-03-31,Alpha,Staff,\"40,000.00\"\n"
	"2020-04-15,Alpha,Staff,\"8,000.00\"\n"
	"2020-05-15,Alpha,Staff,\"8,000.00\"\n"
	"2020-06-15,Alpha,Staff,\"9,000.00\"\n"
	"2020-06-16,Alpha,Staff,-£500.00\n"
	"2020-04-20,Alpha,Travel,450.00\n"
	"2020-06-03,Alpha,Travel,\"1,200.00\"\n"
	"2020-06-10,Alpha,Travel,(£100.00)\n"
	"2020-05-02,Alpha,Equipment,\"3,300.00\"\n"
	"2020-05-05,Alpha,Accommodation,120.00\n"
	"2020-06-01,Alpha,Training,250.00\n"
	"2020-04-30,Alpha,,30.00\n"
	"2020-06-02,Alpha,agency,70.00\n"
	"2020-07-01,Alpha,Staff,\"8,000.00\"\n"
	"2020-07-02,Alpha,Consultancy,999.00\n"
	"2018-12-01,Alpha,Staff,5.00\n"
	"2022-04-01,Alpha,Staff,6.00\n"
	"2021-05-01,Alpha,Staff,7.00\n"
	"2020-06-05,Beta,Grant,50.00\n";

// Alpha's outcomes.  At M = June 2020 (p = 3):
//   arrests       P1 2, P3 3 -> month 3, YTD 5; July's 5 is after M; prior YTD (P1..P3 of 2019/20) 4
//                 (2019-08's 7 is P5: not prior YTD)
//   networks_disrupted  May 1 major, June 1 minor -> month 1, YTD 2; levels used
//   class_a_kg    May 1.125 + June 0.5 -> month 500, YTD 1,625 thousandths of a kg
//   cash_seized   May £1,250.50 + June £53,000.00 -> month 53,000,000, YTD 54,250,500 thousandths of £
//   zeta_custom   April 2 (unknown measure: listed after the contract's, alphabetically)
//   alpha_custom  2019-06 (P3 of F-1): listed, YTD 0, prior 1
//   omega_custom  2019-11 (P8 of F-1): not in P1..p of F or F-1: not listed
//   firearms_seized  2020-08 only (after M): not listed
// Beta: arrests 2019-05 (P2 of F-1): listed, but Beta has no 2019/20 award: no prior YTD.
static const char alpha_outcomes[] =
	"date,unit,measure,value,level\n"
	"2020-04-10,Alpha,arrests,2,\n"
	"2020-06-01,Alpha,arrests,3,\n"
	"2020-07-01,Alpha,arrests,5,\n"
	"2019-05-01,Alpha,arrests,4,\n"
	"2019-08-01,Alpha,arrests,7,\n"
	"2020-05-01,Alpha,networks_disrupted,1,major\n"
	"2020-06-20,Alpha,networks_disrupted,1,Minor\n"
	"2020-06-21,Alpha,class_a_kg,0.5,\n"
	"2020-05-21,Alpha,class_a_kg,1.125,\n"
	"2020-05-22,Alpha,cash_seized,\"1,250.50\",\n"
	"2020-06-22,Alpha,cash_seized,\"£53,000.00\",\n"
	"2020-04-02,Alpha,zeta_custom,2,\n"
	"2019-06-02,Alpha,alpha_custom,1,\n"
	"2019-11-02,Alpha,omega_custom,1,\n"
	"2020-08-01,Alpha,firearms_seized,1,\n"
	"2019-05-03,Beta,arrests,1,\n";

// Targets of 2020/21: arrests 24 (pro-rata at P3: 24 x 3 / 12 = 6), charges 10 (pro-rata 2.5).
// networks_targeted has a target for 2019/20 only: not listed in 2020/21.
static const char alpha_targets[] =
	"unit,financial_year,measure,target\n"
	"Alpha,2020/21,arrests,24\n"
	"Alpha,2020/21,charges,10\n"
	"Alpha,2019/20,networks_targeted,5\n";

// 'alpha_fixture()' - Write and load the main fixture.
static void
alpha_fixture(fx_t *f)
{
	static char budget[8192];

	// Alpha 2020/21 budget, categories first appearing in the order Staff, Travel, Equipment:
	//   Staff      8,000 x 12                                   = 96,000
	//   Travel     P1 500, P2 500, P3..P12 1,000 (10 x 1,000)   = 11,000
	//   Equipment  P1 3,000, P7 2,000                           =  5,000
	//   total                                                   = 112,000 = the award
	budget[0] = '\0';
	appendf(budget, sizeof budget, "unit,month,category,amount\n");
	budget_year(budget, sizeof budget, "Alpha", 2020, "Staff", "\"8,000.00\"");
	appendf(budget, sizeof budget, "Alpha,2020-04,Travel,500.00\nAlpha,2020-05,Travel,500.00\n");
	for (int p = 3; p <= 12; p++) {
		month_t m = fy_period_month(2020, p);

		appendf(budget, sizeof budget, "Alpha,%04d-%02d,Travel,\"1,000.00\"\n", month_year(m), month_number(m));
	}
	appendf(budget, sizeof budget, "Alpha,2020-04,Equipment,\"3,000.00\"\nAlpha,2020-10,Equipment,\"2,000.00\"\n");
	write_file(f->dir, "report.ini", thresholds_ini);
	write_file(f->dir, "grants.csv", alpha_grants);
	write_file(f->dir, "budget.csv", budget);
	write_file(f->dir, "spend.csv", alpha_spend);
	write_file(f->dir, "outcomes.csv", alpha_outcomes);
	write_file(f->dir, "targets.csv", alpha_targets);
	load(f);
}

/* ---- spend ---- */

// Units are indexed in order of first appearance in grants.csv.
static void
test_unit_order(void **state)
{
	fx_t *f = *state;

	alpha_fixture(f);
	assert_int_equal(f->ds.n_units, 2);
	assert_int_equal(unit_of(f, "Alpha"), 0);
	assert_int_equal(unit_of(f, "Beta"), 1);
}

// M = June 2020: every column of every category, in the contract's order.
static void
test_spend_table_june(void **state)
{
	static const char *const order[] = {
		"Staff", "Travel", "Equipment",			// budget first-appearance order
		"Accommodation", "Training", "Uncategorised", "agency",	// unbudgeted, byte order
		NULL
	};
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 6);
	assert_int_equal(m->fy, 2020);
	assert_int_equal(m->period, 3);
	assert_int_equal(m->award, 11200000);
	assert_names(m, order);
	// Staff: month 8,500 v 8,000; YTD 24,500 v 24,000; variance 500 = 2.0833% -> 2.1%;
	// annual 96,000; forecast 24,500 + 9 x 8,000 = 96,500.
	assert_line(line_of(m, "Staff"), 850000, 800000, 2450000, 2400000, 50000, 21, 9600000, 9650000);
	// Travel: month 1,200 - 100 = 1,100 v 1,000; YTD 450 + 1,100 = 1,550 v 2,000; variance -450
	// = -22.5% (exact, so -22.5%); annual 11,000; forecast 1,550 + 9 x 1,000 = 10,550.
	assert_line(line_of(m, "Travel"), 110000, 100000, 155000, 200000, -45000, -225, 1100000, 1055000);
	// Equipment: month 0 v 0; YTD 3,300 v 3,000; +300 = 10.0%; annual 5,000; forecast 3,300 + 2,000.
	assert_line(line_of(m, "Equipment"), 0, 0, 330000, 300000, 30000, 100, 500000, 530000);
	// Unbudgeted: profile 0, so variance % n/a; forecast = YTD actual.
	assert_line(line_of(m, "Accommodation"), 0, 0, 12000, 0, 12000, INT64_MIN, 0, 12000);
	assert_line(line_of(m, "Training"), 25000, 0, 25000, 0, 25000, INT64_MIN, 0, 25000);
	assert_line(line_of(m, "Uncategorised"), 0, 0, 3000, 0, 3000, INT64_MIN, 0, 3000);
	assert_line(line_of(m, "agency"), 7000, 0, 7000, 0, 7000, INT64_MIN, 0, 7000);
	// Total: month 8,500 + 1,100 + 250 + 70 = 9,920 v 8,000 + 1,000 = 9,000;
	// YTD 24,500 + 1,550 + 3,300 + 120 + 250 + 30 + 70 = 29,820 v 24,000 + 2,000 + 3,000 = 29,000;
	// variance 820 = 2.8276% -> 2.8%; annual 112,000;
	// forecast 29,820 + (9 x 8,000 + 9 x 1,000 + 2,000 = 83,000) = 112,820.
	assert_line(&m->total, 992000, 900000, 2982000, 2900000, 82000, 28, 11200000, 11282000);
	assert_string_equal(m->total.name, "Total");
	assert_int_equal(m->forecast_variance, 82000);	// 112,820 - 112,000
	assert_int_equal(m->remaining, 8218000);	// 112,000 - 29,820
	assert_int_equal(m->spend_rag, RAG_GREEN);	// |2.8%| <= 5
	assert_false(m->quality.profile_assumed_even);
	assert_false(m->quality.budget_mismatch);
	// 2018-12-01 and 2022-04-01 lie outside every awarded year of Alpha.
	assert_int_equal(m->quality.ignored_rows, 2);
	assert_int_equal(m->quality.excluded_rows, 0);
	assert_int_equal(m->quality.rejected_count, 0);
	assert_int_equal(m->n_explanations, 0);	// Travel -22.5% but |-450| < 1,000; Equipment +300 < 1,000
}

// The spend chart: P1..P12 of F, cumulative lines, months after M not reported.
static void
test_spend_chart(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 6);
	for (int p = 1; p <= 12; p++) {
		assert_int_equal(m->chart[p - 1].month, fy_period_month(2020, p));
		assert_int_equal(m->chart[p - 1].reported, p <= 3);
	}
	// P1: actual 8,000 + 450 + 30 = 8,480; profile 8,000 + 500 + 3,000 = 11,500.
	assert_int_equal(m->chart[0].actual, 848000);
	assert_int_equal(m->chart[0].profile, 1150000);
	// P2: actual 8,000 + 3,300 + 120 = 11,420; profile 8,000 + 500 = 8,500.
	assert_int_equal(m->chart[1].actual, 1142000);
	assert_int_equal(m->chart[1].profile, 850000);
	// P3 cumulative: 29,820 v 29,000; P7 profile 8,000 + 1,000 + 2,000; P12 cumulative profile 112,000.
	assert_int_equal(m->chart[2].cum_actual, 2982000);
	assert_int_equal(m->chart[2].cum_profile, 2900000);
	assert_int_equal(m->chart[6].profile, 1100000);
	assert_int_equal(m->chart[11].cum_profile, 11200000);
}

// M = April 2020 is P1: only categories with spend in P1..p are added to the budget's.
static void
test_spend_table_april_p1(void **state)
{
	static const char *const order[] = { "Staff", "Travel", "Equipment", "Uncategorised", NULL };
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 4);
	assert_int_equal(m->fy, 2020);
	assert_int_equal(m->period, 1);
	assert_names(m, order);
	// Travel: 450 v 500 = -10.0%; forecast 450 + 500 + 10 x 1,000 = 10,950.
	assert_line(line_of(m, "Travel"), 45000, 50000, 45000, 50000, -5000, -100, 1100000, 1095000);
	// Equipment: 0 v 3,000 = -100.0%; forecast 0 + 2,000.
	assert_line(line_of(m, "Equipment"), 0, 300000, 0, 300000, -300000, -1000, 500000, 200000);
	// Total: 8,480 v 11,500: -3,020 = -26.26% -> -26.3%, RED; forecast 8,480 + 112,000 - 11,500.
	assert_line(&m->total, 848000, 1150000, 848000, 1150000, -302000, -263, 11200000, 10898000);
	assert_int_equal(m->spend_rag, RAG_RED);
	assert_int_equal(m->remaining, 11200000 - 848000);
}

// M = March 2021 is P12 of 2020/21: YTD is the whole year, forecast = YTD actual.
static void
test_spend_march_p12(void **state)
{
	static const char *const order[] = {
		"Staff", "Travel", "Equipment", "Accommodation", "Consultancy", "Training", "Uncategorised", "agency", NULL
	};
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2021, 3);
	assert_int_equal(m->fy, 2020);
	assert_int_equal(m->period, 12);
	assert_names(m, order);
	// YTD actual 29,820 + July's 8,000 + 999 = 38,819; YTD profile = annual = 112,000.
	// March profile: Staff 8,000 + Travel 1,000; variance -73,181 = -65.34% -> -65.3%.
	assert_line(&m->total, 0, 900000, 3881900, 11200000, 3881900 - 11200000, -653, 11200000, 3881900);
	assert_int_equal(m->forecast_variance, 3881900 - 11200000);
	assert_int_equal(m->remaining, 11200000 - 3881900);
	for (int p = 1; p <= 12; p++)
		assert_true(m->chart[p - 1].reported);
}

// M = March 2020 is P12 of 2019/20 (no budget rows for it: award £100,000.00 spread evenly):
// 10,000,000 pence / 12 = 833,333 r 4, so P1..P11 833,333 and March 833,337.
static void
test_even_profile_previous_year(void **state)
{
	static const char *const order[] = { "Grant", "Staff", NULL };
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 3);
	assert_int_equal(m->fy, 2019);
	assert_int_equal(m->period, 12);
	assert_true(m->quality.profile_assumed_even);
	assert_false(m->quality.budget_mismatch);
	assert_names(m, order);
	assert_line(line_of(m, "Grant"), 0, 833337, 0, 10000000, -10000000, -1000, 10000000, 0);
	// Staff 50,000 + 40,000 = 90,000 (2020-03-31 is P12 of 2019/20).
	assert_line(line_of(m, "Staff"), 4000000, 0, 9000000, 0, 9000000, INT64_MIN, 0, 9000000);
	// Total: 90,000 v 100,000 = -10.0% -> AMBER (|v%| <= red_pct 10).
	assert_line(&m->total, 4000000, 833337, 9000000, 10000000, -1000000, -100, 10000000, 9000000);
	assert_int_equal(m->spend_rag, RAG_AMBER);
	for (int p = 1; p <= 11; p++)
		assert_int_equal(m->chart[p - 1].profile, 833333);
	assert_int_equal(m->chart[11].profile, 833337);
	assert_int_equal(m->chart[11].cum_profile, 10000000);
}

/* ---- even profile and budget mismatch ---- */

// Even: £100,000.05 with no budget.  Mismatch: budget 9,000 + 500 = 9,500 against an award of 10,000.
// Later: budget rows for 2019/20 only, so 2020/21 (£2,400) is even: 20,000 pence a month.
static void
profiles_fixture(fx_t *f)
{
	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount\n"
	           "Even,2020/21,\"100,000.05\"\n"
	           "Mismatch,2020/21,\"10,000.00\"\n"
	           "Later,2019/20,\"1,200.00\"\n"
	           "Later,2020/21,\"2,400.00\"\n");
	write_file(f->dir, "budget.csv",
	           "unit,month,category,amount\n"
	           "Mismatch,2020-04,Staff,\"9,000.00\"\n"
	           "Mismatch,2020-05,Staff,500.00\n"
	           "Later,2019-04,Staff,\"1,200.00\"\n");
	write_file(f->dir, "spend.csv",
	           "date,unit,category,amount\n"
	           "2020-04-10,Even,Grant,\"1,000.00\"\n"
	           "2020-05-01,Even,Staff,50.00\n");
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	load(f);
}

// 10,000,005 pence / 12 = 833,333 r 9: P1..P11 833,333 (9,166,663), March 833,333 + 9 = 833,342.
static void
test_even_profile_remainder_to_march(void **state)
{
	static const char *const order[] = { "Grant", "Staff", NULL };
	fx_t *f = *state;
	const monthly_t *m;

	profiles_fixture(f);
	m = monthly(f, "Even", 2021, 3);
	assert_int_equal(m->fy, 2020);
	assert_int_equal(m->period, 12);
	assert_true(m->quality.profile_assumed_even);
	assert_false(m->quality.budget_mismatch);
	assert_names(m, order);
	// Grant: 1,000 spent v 100,000.05: -9,900,005 / 10,000,005 = -98.99996% -> -99.0%.
	assert_line(line_of(m, "Grant"), 0, 833342, 100000, 10000005, 100000 - 10000005, -990, 10000005, 100000);
	assert_line(line_of(m, "Staff"), 0, 0, 5000, 0, 5000, INT64_MIN, 0, 5000);
	for (int p = 1; p <= 11; p++)
		assert_int_equal(m->chart[p - 1].profile, 833333);
	assert_int_equal(m->chart[11].profile, 833342);
	assert_int_equal(m->chart[11].cum_profile, 10000005);
	assert_int_equal(m->total.annual_budget, m->award);
}

// At P1 the forecast is YTD actual + the 11 later months: 10 x 833,333 + 833,342 = 9,166,672.
static void
test_even_profile_april(void **state)
{
	static const char *const order[] = { "Grant", NULL };
	fx_t *f = *state;
	const monthly_t *m;

	profiles_fixture(f);
	m = monthly(f, "Even", 2020, 4);
	assert_int_equal(m->period, 1);
	assert_names(m, order);
	// 1,000 v 833,333 pence: variance -733,333 = -88.0000% -> -88.0%.
	assert_line(&m->total, 100000, 833333, 100000, 833333, -733333, -880, 10000005, 100000 + 9166672);
	assert_int_equal(m->forecast_variance, 100000 + 9166672 - 10000005);
	assert_int_equal(m->remaining, 10000005 - 100000);
}

// Budget rows summing to 9,500 against an award of 10,000: data quality gives both figures.
static void
test_budget_mismatch(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	profiles_fixture(f);
	m = monthly(f, "Mismatch", 2020, 6);
	assert_false(m->quality.profile_assumed_even);
	assert_true(m->quality.budget_mismatch);
	assert_int_equal(m->quality.budget_total, 950000);
	assert_int_equal(m->quality.award, 1000000);
	assert_int_equal(m->total.annual_budget, 950000);
	// forecast 0 + no later profile = 0; forecast variance 0 - 10,000.
	assert_int_equal(m->total.forecast, 0);
	assert_int_equal(m->forecast_variance, -1000000);
}

// The even profile is per financial year: budget rows of 2019/20 do not cover 2020/21.
static void
test_even_profile_per_year(void **state)
{
	fx_t *f = *state;
	const monthly_t *m19, *m20;

	profiles_fixture(f);
	m19 = monthly(f, "Later", 2019, 6);
	assert_false(m19->quality.profile_assumed_even);
	assert_false(m19->quality.budget_mismatch);
	assert_string_equal(m19->lines[0].name, "Staff");
	m20 = monthly(f, "Later", 2020, 6);
	assert_true(m20->quality.profile_assumed_even);
	assert_false(m20->quality.budget_mismatch);
	assert_int_equal(m20->n_lines, 1);
	assert_string_equal(m20->lines[0].name, "Grant");
	assert_int_equal(m20->lines[0].month_profile, 20000);	// 240,000 / 12
	assert_int_equal(m20->lines[0].ytd_profile, 60000);
}

/* ---- variance %, spend RAG, explanations ---- */

// 'rag_fixture()' - Units whose April 2020 spend sits at and around the RAG boundaries.
static void
rag_fixture(fx_t *f, const char *ini)
{
	// Each unit: award £1,000, April budget Staff £1,000, April spend as named.
	static const struct {
		const char *unit, *spend;
	} units[] = {
		{ "G5", "\"1,050.00\"" },	// +50 / 1,000 = 5.0%: GREEN (at amber_pct)
		{ "A51", "\"1,051.00\"" },	// +5.1%: AMBER
		{ "A504", "\"1,050.40\"" },	// +5.04%, shown 5.0%: AMBER (the RAG is on the exact figure)
		{ "A10", "\"1,100.00\"" },	// +10.0%: AMBER (at red_pct)
		{ "R101", "\"1,101.00\"" },	// +10.1%: RED
		{ "N10", "900.00" },		// -10.0%: AMBER
		{ "N101", "899.00" },		// -10.1%: RED
	};
	char grants[2048] = "unit,financial_year,amount\n";
	char budget[2048] = "unit,month,category,amount\n";
	char spend[2048] = "date,unit,category,amount\n";

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		appendf(grants, sizeof grants, "%s,2020/21,\"1,000.00\"\n", units[i].unit);
		appendf(budget, sizeof budget, "%s,2020-04,Staff,\"1,000.00\"\n", units[i].unit);
		appendf(spend, sizeof spend, "2020-04-15,%s,Staff,%s\n", units[i].unit, units[i].spend);
	}
	// Z: budget in May only, so at April the YTD profile is 0: "n/a" and no RAG.
	appendf(grants, sizeof grants, "Z,2020/21,\"1,000.00\"\n");
	appendf(budget, sizeof budget, "Z,2020-05,Staff,\"1,000.00\"\n");
	appendf(spend, sizeof spend, "2020-04-15,Z,Staff,10.00\n");
	// V: Up 1,700 v 1,600 = +100/1,600 = +6.25% -> +6.3%; Down 1,500 v 1,600 = -6.25% -> -6.3%.
	appendf(grants, sizeof grants, "V,2020/21,\"3,200.00\"\n");
	appendf(budget, sizeof budget, "V,2020-04,Up,\"1,600.00\"\nV,2020-04,Down,\"1,600.00\"\n");
	appendf(spend, sizeof spend, "2020-04-15,V,Up,\"1,700.00\"\n2020-04-15,V,Down,\"1,500.00\"\n");
	if (ini)
		write_file(f->dir, "report.ini", ini);
	write_file(f->dir, "grants.csv", grants);
	write_file(f->dir, "budget.csv", budget);
	write_file(f->dir, "spend.csv", spend);
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	load(f);
}

// 'rag_of()' - The spend RAG and total variance % of a unit at April 2020.
static rag_t
rag_of(fx_t *f, const char *unit, int64_t want_tenths)
{
	const monthly_t *m = monthly(f, unit, 2020, 4);

	assert_true(m->total.variance_pct.has);
	assert_int_equal(m->total.variance_pct.tenths, want_tenths);
	return m->spend_rag;
}

// GREEN if |v%| <= amber_pct, AMBER if <= red_pct, else RED: at and just above each boundary.
static void
test_spend_rag_boundaries(void **state)
{
	fx_t *f = *state;

	rag_fixture(f, thresholds_ini);
	assert_int_equal(rag_of(f, "G5", 50), RAG_GREEN);
	assert_int_equal(rag_of(f, "A51", 51), RAG_AMBER);
	assert_int_equal(rag_of(f, "A504", 50), RAG_AMBER);
	assert_int_equal(rag_of(f, "A10", 100), RAG_AMBER);
	assert_int_equal(rag_of(f, "R101", 101), RAG_RED);
	assert_int_equal(rag_of(f, "N10", -100), RAG_AMBER);
	assert_int_equal(rag_of(f, "N101", -101), RAG_RED);
}

// The thresholds are report.ini's: with amber 7.5 and red 20, 10.1% is AMBER and 5.1% GREEN.
static void
test_spend_rag_thresholds_from_ini(void **state)
{
	fx_t *f = *state;

	rag_fixture(f, "[thresholds]\namber_pct = 7.5\nred_pct = 20\n");
	assert_int_equal(f->cfg.amber_bp, 750);
	assert_int_equal(f->cfg.red_bp, 2000);
	assert_int_equal(rag_of(f, "A51", 51), RAG_GREEN);
	assert_int_equal(rag_of(f, "R101", 101), RAG_AMBER);
	assert_int_equal(rag_of(f, "N101", -101), RAG_AMBER);
}

// YTD profile 0: variance % "n/a", spend RAG none.
static void
test_zero_profile_na(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	rag_fixture(f, thresholds_ini);
	m = monthly(f, "Z", 2020, 4);
	assert_line(&m->total, 1000, 0, 1000, 0, 1000, INT64_MIN, 100000, 1000 + 100000);
	assert_line(line_of(m, "Staff"), 1000, 0, 1000, 0, 1000, INT64_MIN, 100000, 101000);
	assert_int_equal(m->spend_rag, RAG_NONE);
}

// Variance % to one decimal, half away from zero: 1/16 = 6.25% -> 6.3%, -6.25% -> -6.3%.
static void
test_variance_pct_rounding(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	rag_fixture(f, thresholds_ini);
	m = monthly(f, "V", 2020, 4);
	assert_line(line_of(m, "Up"), 170000, 160000, 170000, 160000, 10000, 63, 160000, 170000);
	assert_line(line_of(m, "Down"), 150000, 160000, 150000, 160000, -10000, -63, 160000, 150000);
	// Total: 3,200 v 3,200 = 0.0%, GREEN.
	assert_line(&m->total, 320000, 320000, 320000, 320000, 0, 0, 320000, 320000);
	assert_int_equal(m->spend_rag, RAG_GREEN);
}

// Three units with the same April budget and spend; ES has `spend` commentary for April 2020,
// EO only `spend` commentary for May and `summary` commentary for April.
//   Cat1 10,000 v 11,000: +1,000 (= materiality), +10%      -> needed
//   Cat2 10,000 v 10,999.99: +999.99 (< materiality)         -> not
//   Cat3 20,000 v 21,000: +1,000, +5.0% (not > amber)        -> not
//   Cat4 20,000 v 18,900: -1,100, -5.5% (|..| > amber)       -> needed
//   Cat5  1,000 v  1,000: 0                                  -> not
static void
explanation_fixture(fx_t *f)
{
	static const char *const units[] = { "E", "ES", "EO" };
	char grants[1024] = "unit,financial_year,amount\n";
	char budget[2048] = "unit,month,category,amount\n";
	char spend[2048] = "date,unit,category,amount\n";

	for (size_t i = 0; i < 3; i++) {
		const char *u = units[i];

		appendf(grants, sizeof grants, "%s,2020/21,\"61,000.00\"\n", u);
		appendf(budget, sizeof budget,
		        "%s,2020-04,Cat1,\"10,000\"\n%s,2020-04,Cat2,\"10,000\"\n%s,2020-04,Cat3,\"20,000\"\n"
		        "%s,2020-04,Cat4,\"20,000\"\n%s,2020-04,Cat5,\"1,000\"\n", u, u, u, u, u);
		appendf(spend, sizeof spend,
		        "2020-04-01,%s,Cat1,\"11,000.00\"\n2020-04-01,%s,Cat2,\"10,999.99\"\n"
		        "2020-04-01,%s,Cat3,\"21,000.00\"\n2020-04-01,%s,Cat4,\"18,900.00\"\n"
		        "2020-04-01,%s,Cat5,\"1,000.00\"\n", u, u, u, u, u);
	}
	write_file(f->dir, "report.ini", thresholds_ini);
	write_file(f->dir, "grants.csv", grants);
	write_file(f->dir, "budget.csv", budget);
	write_file(f->dir, "spend.csv", spend);
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	write_file(f->dir, "commentary.csv",
	           "unit,month,section,text\n"
	           "ES,2020-04,spend,\"Cat1: staff overtime, Cat4: vacancy.\"\n"
	           "ES,2020-04,spend,Second paragraph.\n"
	           "EO,2020-05,spend,Next month's explanation.\n"
	           "EO,2020-04,summary,On track.\n");
	load(f);
}

// 'assert_explanations()' - Which of Cat1..Cat5 need an explanation.
static void
assert_explanations(const monthly_t *m, bool c1, bool c2, bool c3, bool c4, bool c5)
{
	assert_int_equal(line_of(m, "Cat1")->explanation_needed, c1);
	assert_int_equal(line_of(m, "Cat2")->explanation_needed, c2);
	assert_int_equal(line_of(m, "Cat3")->explanation_needed, c3);
	assert_int_equal(line_of(m, "Cat4")->explanation_needed, c4);
	assert_int_equal(line_of(m, "Cat5")->explanation_needed, c5);
	assert_int_equal(m->n_explanations, c1 + c2 + c3 + c4 + c5);
}

// |variance %| > amber_pct and |variance| >= materiality (£1,000).
static void
test_explanation_needed(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	explanation_fixture(f);
	m = monthly(f, "E", 2020, 4);
	assert_int_equal(line_of(m, "Cat2")->variance, 99999);
	assert_int_equal(line_of(m, "Cat2")->variance_pct.tenths, 100);	// 9.9999% -> 10.0%
	assert_int_equal(line_of(m, "Cat3")->variance_pct.tenths, 50);
	assert_int_equal(line_of(m, "Cat4")->variance, -110000);
	assert_int_equal(line_of(m, "Cat4")->variance_pct.tenths, -55);
	assert_explanations(m, true, false, false, true, false);
}

// `spend` commentary of U for M suppresses the flag; other months' or sections' commentary does not.
static void
test_explanation_suppressed_by_commentary(void **state)
{
	fx_t *f = *state;
	const monthly_t *es, *eo;

	explanation_fixture(f);
	es = monthly(f, "ES", 2020, 4);
	assert_explanations(es, false, false, false, false, false);
	// Several rows of one section are shown in file order.
	assert_int_equal(es->commentary.n[SECTION_SPEND], 2);
	assert_string_equal(es->commentary.text[SECTION_SPEND][0], "Cat1: staff overtime, Cat4: vacancy.");
	assert_string_equal(es->commentary.text[SECTION_SPEND][1], "Second paragraph.");
	eo = monthly(f, "EO", 2020, 4);
	assert_explanations(eo, true, false, false, true, false);
	assert_int_equal(eo->commentary.n[SECTION_SPEND], 0);
	assert_int_equal(eo->commentary.n[SECTION_SUMMARY], 1);
}

/* ---- outcomes ---- */

// Month, YTD, prior YTD, target, pro-rata, RAG and the list order at June 2020.
static void
test_outcomes_table(void **state)
{
	static const char *const order[] = {
		"networks_disrupted", "arrests", "charges", "class_a_kg", "cash_seized",	// section 3.4 order
		"alpha_custom", "zeta_custom",						// then alphabetically
	};
	fx_t *f = *state;
	const outcome_line_t *o;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 6);
	assert_int_equal(m->n_outcomes, 7);
	for (int i = 0; i < 7; i++)
		assert_string_equal(m->outcomes[i].measure, order[i]);

	// arrests: month 3, YTD 2 + 3 = 5, prior 4; pro-rata 24 x 3 / 12 = 6;
	// GREEN needs >= 6 x 0.95 = 5.7, AMBER >= 6 x 0.9 = 5.4: 5 is RED.
	o = outcome_of(m, "arrests");
	assert_int_equal(o->kind, KIND_COUNT);
	assert_int_equal(o->month, 3000);
	assert_int_equal(o->ytd, 5000);
	assert_true(o->has_prior);
	assert_int_equal(o->prior_ytd, 4000);
	assert_true(o->has_target);
	assert_int_equal(o->target, 24000);
	assert_int_equal(o->pro_rata, 6000);
	assert_int_equal(o->rag, RAG_RED);

	// charges: a target only: 0 against a pro-rata of 10 x 3 / 12 = 2.5.
	o = outcome_of(m, "charges");
	assert_int_equal(o->ytd, 0);
	assert_int_equal(o->target, 10000);
	assert_int_equal(o->pro_rata, 2500);
	assert_int_equal(o->rag, RAG_RED);

	o = outcome_of(m, "networks_disrupted");
	assert_int_equal(o->month, 1000);
	assert_int_equal(o->ytd, 2000);
	assert_true(o->has_prior);
	assert_int_equal(o->prior_ytd, 0);
	assert_false(o->has_target);
	assert_int_equal(o->rag, RAG_NONE);

	// class_a_kg is a quantity: 1.125 + 0.5 kg.
	o = outcome_of(m, "class_a_kg");
	assert_int_equal(o->kind, KIND_QUANTITY);
	assert_int_equal(o->month, 500);
	assert_int_equal(o->ytd, 1625);

	// cash_seized is money in pounds, held in thousandths of a pound: £53,000.00 and £1,250.50.
	o = outcome_of(m, "cash_seized");
	assert_int_equal(o->kind, KIND_MONEY);
	assert_int_equal(o->month, 53000000);
	assert_int_equal(o->ytd, 54250500);

	o = outcome_of(m, "alpha_custom");
	assert_string_equal(o->label, "alpha_custom");
	assert_int_equal(o->ytd, 0);
	assert_int_equal(o->prior_ytd, 1000);
	o = outcome_of(m, "zeta_custom");
	assert_int_equal(o->ytd, 2000);
	assert_int_equal(o->month, 0);

	// Disruptions by level: May major, June minor.
	assert_true(m->levels_used);
	assert_int_equal(m->level_month[LEVEL_MINOR], 1000);
	assert_int_equal(m->level_month[LEVEL_MAJOR], 0);
	assert_int_equal(m->level_ytd[LEVEL_MAJOR], 1000);
	assert_int_equal(m->level_ytd[LEVEL_MINOR], 1000);
}

// Cost per outcome: YTD total actual 29,820 / 2 networks disrupted = 14,910; / 5 arrests = 5,964.
static void
test_cost_per_outcome(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 6);
	assert_string_equal(m->costs[0].measure, "networks_disrupted");
	assert_int_equal(m->costs[0].spend, 2982000);
	assert_int_equal(m->costs[0].value, 2000);
	assert_true(m->costs[0].has);
	assert_int_equal(m->costs[0].pence, 1491000);
	assert_string_equal(m->costs[1].measure, "arrests");
	assert_int_equal(m->costs[1].value, 5000);
	assert_true(m->costs[1].has);
	assert_int_equal(m->costs[1].pence, 596400);
}

// Beta: no award for 2019/20, so no prior YTD; no YTD arrests or disruptions, so no cost per outcome.
static void
test_no_prior_year_no_cost(void **state)
{
	fx_t *f = *state;
	const outcome_line_t *o;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Beta", 2020, 6);
	assert_int_equal(m->n_outcomes, 1);
	o = outcome_of(m, "arrests");
	assert_int_equal(o->ytd, 0);
	assert_false(o->has_prior);
	assert_false(m->costs[0].has);
	assert_false(m->costs[1].has);
	assert_false(m->levels_used);
	assert_int_equal(m->quality.ignored_rows, 0);	// Alpha's ignored rows are Alpha's
	// Beta's even profile: £1,200 / 12 = £100 a month; spend 50 in June.
	assert_true(m->quality.profile_assumed_even);
	assert_line(&m->total, 5000, 10000, 5000, 30000, -25000, -833, 120000, 5000 + 90000);
}

// Alpha at March 2020 (2019/20): 2018/19 has no award, so no prior YTD.
static void
test_prior_needs_awarded_grant(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	alpha_fixture(f);
	m = monthly(f, "Alpha", 2020, 3);
	assert_false(outcome_of(m, "arrests")->has_prior);
	assert_int_equal(outcome_of(m, "arrests")->ytd, 11000);	// 4 + 7
}

// A requested (not awarded) grant for F-1 gives no prior YTD either.
static void
test_prior_not_from_requested_grant(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount,status\nG,2019/20,500.00,requested\nG,2020/21,500.00,awarded\n");
	write_file(f->dir, "spend.csv", "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv", "date,unit,measure,value\n2019-04-01,G,arrests,1\n2020-04-01,G,arrests,2\n");
	load(f);
	m = monthly(f, "G", 2020, 4);
	assert_false(outcome_of(m, "arrests")->has_prior);
	assert_int_equal(outcome_of(m, "arrests")->ytd, 2000);
}

// Outcome RAG at M = June (p = 3), target 480: pro-rata 120; GREEN from 114 (95%), AMBER from 108 (90%).
static void
test_outcome_rag_boundaries(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	write_file(f->dir, "report.ini", thresholds_ini);
	write_file(f->dir, "grants.csv", "unit,financial_year,amount\nO,2020/21,100.00\n");
	write_file(f->dir, "spend.csv", "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv",
	           "date,unit,measure,value\n"
	           "2020-05-01,O,arrests,114\n"
	           "2020-05-01,O,charges,113\n"
	           "2020-05-01,O,firearms_seized,108\n"
	           "2020-05-01,O,online_takedowns,107\n"
	           "2020-05-01,O,individuals_identified,1\n"
	           "2020-04-01,O,networks_targeted,0\n");	// a row of 0: still listed
	write_file(f->dir, "targets.csv",
	           "unit,financial_year,measure,target\n"
	           "O,2020/21,arrests,480\nO,2020/21,charges,480\n"
	           "O,2020/21,firearms_seized,480\nO,2020/21,online_takedowns,480\n");
	load(f);
	m = monthly(f, "O", 2020, 6);
	assert_int_equal(outcome_of(m, "arrests")->pro_rata, 120000);
	assert_int_equal(outcome_of(m, "arrests")->rag, RAG_GREEN);		// 114 = 120 x 0.95
	assert_int_equal(outcome_of(m, "charges")->rag, RAG_AMBER);		// 113 < 114
	assert_int_equal(outcome_of(m, "firearms_seized")->rag, RAG_AMBER);	// 108 = 120 x 0.9
	assert_int_equal(outcome_of(m, "online_takedowns")->rag, RAG_RED);	// 107 < 108
	assert_false(outcome_of(m, "individuals_identified")->has_target);
	assert_int_equal(outcome_of(m, "individuals_identified")->rag, RAG_NONE);
	assert_int_equal(outcome_of(m, "charges")->month, 0);
	assert_int_equal(outcome_of(m, "charges")->ytd, 113000);
	assert_int_equal(m->n_outcomes, 6);
	assert_string_equal(m->outcomes[0].measure, "networks_targeted");
	assert_int_equal(m->outcomes[0].ytd, 0);
}

// Without a value column every row counts 1; [outcomes] unit names the unit of a file without one.
static void
test_outcomes_without_value_column(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	write_file(f->dir, "report.ini", "[outcomes]\nunit = K\n");
	write_file(f->dir, "grants.csv", "unit,financial_year,amount\nK,2020/21,100.00\n");
	write_file(f->dir, "spend.csv", "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv",
	           "date,measure,reference\n"
	           "2020-04-01,arrests,OP1/1\n2020-04-02,arrests,OP1/2\n2020-04-30,arrests,OP1/3\n"
	           "2020-05-01,arrests,OP2/1\n2020-05-02,class_a_seizures,OP2/2\n");
	load(f);
	m = monthly(f, "K", 2020, 5);
	assert_int_equal(outcome_of(m, "arrests")->month, 1000);
	assert_int_equal(outcome_of(m, "arrests")->ytd, 4000);
	assert_int_equal(outcome_of(m, "class_a_seizures")->ytd, 1000);
	assert_string_equal(m->outcomes[0].measure, "arrests");
	assert_string_equal(m->outcomes[1].measure, "class_a_seizures");
}

/* ---- ignored and excluded spend, a ledger without a unit column ---- */

// [spend] cost_centres = CC1, CC2 and unit = Alpha: rows of other cost centres are skipped before
// any other check (even a bad amount or an impossible date) and counted.
static void
test_cost_centres_and_spend_unit(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	write_file(f->dir, "report.ini", "[spend]\ncost_centres = CC1, CC2\nunit = Alpha\n");
	write_file(f->dir, "grants.csv", "unit,financial_year,amount\nAlpha,2020/21,\"1,200.00\"\n");
	write_file(f->dir, "spend.csv",
	           "date,category,amount,cost_centre\n"
	           "2020-04-01,Staff,100.00,CC1\n"		// counts
	           "2020-04-02,Staff,200.00,CC2\n"		// counts
	           "2020-04-03,Staff,400.00,CC3\n"		// excluded
	           "2020-04-04,Staff,bad,CC9\n"		// excluded, not rejected
	           "31/02/2020,Staff,1.00,CC9\n"		// excluded, not rejected
	           "2020-04-05,Staff,800.00,\n"		// excluded (no cost centre)
	           "2019-04-01,Staff,5.00,CC1\n");		// ignored: no 2019/20 award
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	load(f);
	m = monthly(f, "Alpha", 2020, 4);
	assert_int_equal(line_of(m, "Staff")->ytd_actual, 30000);
	assert_int_equal(m->quality.excluded_rows, 4);
	assert_int_equal(m->quality.ignored_rows, 1);
	assert_int_equal(m->quality.rejected_count, 0);
	assert_int_equal(f->ds.n_notes, 0);
}

/* ---- the continuation summary ---- */

// As at June 2020:
//   2019/20: award 100,000, spend 90,000, under 10,000, utilisation 90.0%
//   2020/21: award 112,000, spend to P3 29,820 (July not counted), utilisation 26.625% -> 26.6%
//   2021/22 is awarded but after the year of M: not in the history.
//   totals: award 212,000, spend 119,820, utilisation 56.519% -> 56.5%
static void
test_summary_history(void **state)
{
	fx_t *f = *state;
	const summary_t *s;

	alpha_fixture(f);
	s = summary(f, "Alpha", 2020, 6);
	assert_int_equal(s->fy, 2020);
	assert_int_equal(s->period, 3);
	assert_int_equal(s->n_years, 2);
	assert_int_equal(s->history[0].fy, 2019);
	assert_int_equal(s->history[0].award, 10000000);
	assert_int_equal(s->history[0].spend, 9000000);
	assert_true(s->history[0].complete);
	assert_int_equal(s->history[0].periods, 12);
	assert_int_equal(s->history[0].under, 1000000);
	assert_true(s->history[0].utilisation.has);
	assert_int_equal(s->history[0].utilisation.tenths, 900);
	assert_int_equal(s->history[1].fy, 2020);
	assert_int_equal(s->history[1].award, 11200000);
	assert_int_equal(s->history[1].spend, 2982000);
	assert_false(s->history[1].complete);
	assert_int_equal(s->history[1].periods, 3);
	assert_int_equal(s->history[1].utilisation.tenths, 266);
	assert_int_equal(s->total_award, 21200000);
	assert_int_equal(s->total_spend, 11982000);
	assert_int_equal(s->total_utilisation.tenths, 565);
	assert_ptr_equal(s->current, &f->m[f->n_m - 1]);
}

// Delivery per grant year (2020/21 up to M), value for money over the period, and the request.
static void
test_summary_delivery_vfm_requests(void **state)
{
	fx_t *f = *state;
	const delivery_line_t *d;
	const summary_t *s;

	alpha_fixture(f);
	s = summary(f, "Alpha", 2020, 6);
	// arrests: 2019/20 4 + 7 = 11; 2020/21 to June 2 + 3 = 5; total 16.
	d = delivery_of(s, "arrests");
	assert_int_equal(d->by_year[0], 11000);
	assert_int_equal(d->by_year[1], 5000);
	assert_int_equal(d->total, 16000);
	d = delivery_of(s, "networks_disrupted");
	assert_int_equal(d->by_year[0], 0);
	assert_int_equal(d->by_year[1], 2000);
	assert_int_equal(d->total, 2000);
	d = delivery_of(s, "cash_seized");
	assert_int_equal(d->total, 54250500);
	// Spend over the period 119,820: per network disrupted 119,820 / 2 = 59,910;
	// per arrest 119,820 / 16 = 7,488.75; cash seized per £ of grant 54,250.50 / 212,000
	// = 0.2559 -> 26 pence.
	assert_int_equal(s->vfm[0].numerator, 11982000);
	assert_int_equal(s->vfm[0].denominator, 2000);
	assert_true(s->vfm[0].has);
	assert_int_equal(s->vfm[0].pence, 5991000);
	assert_int_equal(s->vfm[1].denominator, 16000);
	assert_int_equal(s->vfm[1].pence, 748875);
	assert_int_equal(s->vfm[2].numerator, 5425050);
	assert_int_equal(s->vfm[2].denominator, 21200000);
	assert_int_equal(s->vfm[2].pence, 26);
	// The request: 2022/23, £130,000, PCD 999.
	assert_int_equal(s->n_requests, 1);
	assert_int_equal(s->requests[0].fy, 2022);
	assert_int_equal(s->requests[0].amount, 13000000);
	assert_string_equal(s->requests[0].reference, "PCD 999");
}

// The summary chart's series: the main measures that are counts, by year, in table order.
static void
test_summary_series_main(void **state)
{
	fx_t *f = *state;
	const summary_t *s;

	alpha_fixture(f);
	s = summary(f, "Alpha", 2020, 6);
	assert_true(s->series_main);
	assert_int_equal(s->n_series, 2);
	assert_string_equal(s->series[0].measure, "networks_disrupted");
	assert_string_equal(s->series[1].measure, "arrests");
	assert_string_equal(s->series[1].label, "Arrests");
	assert_int_equal(s->series[1].n, 2);
	assert_int_equal(s->series[1].values[0], 11000);
	assert_int_equal(s->series[1].values[1], 5000);
}

// Without a main measure the summary charts the other counts (never money or quantities),
// and says so; the monthly return charts none.
static void
test_summary_series_other(void **state)
{
	fx_t *f = *state;
	const summary_t *s;

	write_file(f->dir, "grants.csv", alpha_grants);
	write_file(f->dir, "spend.csv", alpha_spend);
	write_file(f->dir, "outcomes.csv", "date,unit,measure,value\n"
	           "2020-04-10,Alpha,cash_seized,100\n2020-04-11,Alpha,class_a_kg,0.5\n"
	           "2020-05-01,Alpha,firearms_seized,2\n2020-05-02,Alpha,online_takedowns,4\n"
	           "2020-05-03,Alpha,zeta_custom,1\n2020-05-04,Alpha,omega_custom,1\n"
	           "2020-05-05,Alpha,alpha_custom,1\n");
	load(f);
	s = summary(f, "Alpha", 2020, 6);
	assert_false(s->series_main);
	assert_int_equal(s->n_series, 4);
	assert_string_equal(s->series[0].measure, "firearms_seized");
	assert_string_equal(s->series[1].measure, "online_takedowns");
	assert_string_equal(s->series[2].measure, "alpha_custom");
	assert_string_equal(s->series[3].measure, "omega_custom");
	assert_int_equal(s->series[0].values[1], 2000);
	assert_int_equal(f->m[f->n_m - 1].n_series, 0);
}

// As at March 2021 the year of M holds all of 2020/21: complete, with its under/overspend, and
// provisional.
static void
test_summary_at_year_end(void **state)
{
	fx_t *f = *state;
	const summary_t *s;

	alpha_fixture(f);
	s = summary(f, "Alpha", 2021, 3);
	assert_int_equal(s->n_years, 2);
	assert_int_equal(s->history[1].spend, 3881900);	// 29,820 + 8,000 + 999
	// Complete, and provisional: year-end accruals may still move it (SPEC 5, summary part 2).
	assert_true(s->history[1].complete);
	assert_true(s->history[1].provisional);
	assert_int_equal(s->history[1].periods, 12);
	assert_int_equal(s->history[1].under, 11200000 - 3881900);	// award less the year's spend
	assert_true(s->history[0].complete);
	assert_false(s->history[0].provisional);
	assert_int_equal(delivery_of(s, "arrests")->by_year[1], 10000);	// 2 + 3 + 5
}

// A unit without an award for the month gives no report.
static void
test_no_award_no_report(void **state)
{
	fx_t *f = *state;

	alpha_fixture(f);
	assert_true(f->n_m < MAX_REPORTS);
	assert_false(figures_monthly(&f->ds, &f->cfg, unit_of(f, "Beta"), month_of(2021, 4), &f->m[f->n_m]));
}

/* ---- category order ---- */

// X's 2019/20 budget lists Travel before Staff; its 2020/21 budget Staff before Travel (and Y's
// row comes first in the file).  Unbudgeted spend of 2020/21 is sorted by bytes of its UTF-8 name:
// "Legacy" (budgeted in 2019/20 only) < "Zeta" < "Zoo" < "apple" < "Éclair" (C3 89 63) < "Équipe" (C3 89 71).
static void
test_category_order_per_unit_and_year(void **state)
{
	static const char *const order[] = {
		"Staff", "Travel", "Legacy", "Zeta", "Zoo", "apple", "\xC3\x89" "clair", "\xC3\x89" "quipe", NULL
	};
	fx_t *f = *state;
	const monthly_t *m;

	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount\nY,2020/21,100.00\nX,2019/20,\"1,000.00\"\nX,2020/21,\"1,000.00\"\n");
	write_file(f->dir, "budget.csv",
	           "unit,month,category,amount\n"
	           "Y,2020-04,Travel,100.00\n"
	           "X,2019-04,Travel,500.00\nX,2019-04,Staff,400.00\nX,2019-05,Legacy,100.00\n"
	           "X,2020-04,Staff,400.00\nX,2020-05,Travel,300.00\nX,2020-04,Travel,300.00\n");
	write_file(f->dir, "spend.csv",
	           "date,unit,category,amount\n"
	           "2020-05-01,X,\xC3\x89quipe,1.00\n"
	           "2020-05-01,X,Zoo,1.00\n"
	           "2020-05-01,X,apple,1.00\n"
	           "2020-04-01,X,\xC3\x89" "clair,1.00\n"
	           "2020-05-01,X,Zeta,1.00\n"
	           "2020-04-01,X,Legacy,1.00\n"
	           "2020-06-01,X,Aardvark,1.00\n");	// after M: not listed
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	load(f);
	m = monthly(f, "X", 2020, 5);
	assert_names(m, order);
	assert_false(m->quality.budget_mismatch);	// 400 + 300 + 300 = 1,000
	assert_line(line_of(m, "Travel"), 0, 30000, 0, 60000, -60000, -1000, 60000, 0);
	// 2019/20: Travel, Staff, Legacy.
	m = monthly(f, "X", 2019, 4);
	assert_string_equal(m->lines[0].name, "Travel");
	assert_string_equal(m->lines[1].name, "Staff");
	assert_string_equal(m->lines[2].name, "Legacy");
	assert_int_equal(m->n_lines, 3);
}

/* ---- history with a gap and an overspend ---- */

// H: awarded 2018/19 (£1,000, spent £1,200: overspend) and 2020/21 (£1,000); nothing for 2019/20.
// As at April 2020:
//   2018/19: spend 1,200, under 1,000 - 1,200 = -200, utilisation 120.0%
//   2020/21: spend 100 to P1, utilisation 10.0%, not complete
//   totals: award 2,000, spend 1,300, utilisation 65.0%
// Delivery: arrests 1 (2018/19) and 2 (2020/21); 2019/20's 5 is in no grant year.
// grants.csv lists 2020/21 first: the history is still oldest first.
// A first year whose spend starts in October, a year with no spend at all, and two requested
// years listed newest first: history 2018/19 £900 of £2,000 (45.0%, under £1,100), 2019/20 £0
// of £2,000 (0.0%, under £2,000), 2020/21 to P2 £50 of £2,000; requests oldest first.
static void
test_summary_partial_empty_requests(void **state)
{
	fx_t *f = *state;
	const summary_t *s;

	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount,status,reference\n"
	           "K,2018/19,\"2,000.00\",awarded,A\n"
	           "K,2019/20,\"2,000.00\",awarded,B\n"
	           "K,2020/21,\"2,000.00\",awarded,C\n"
	           "K,2022/23,\"3,000.00\",requested,PCD 2\n"
	           "K,2021/22,\"2,500.00\",requested,PCD 1\n");
	write_file(f->dir, "spend.csv",
	           "date,unit,category,amount\n"
	           "2018-10-01,K,Staff,400.00\n"
	           "2019-03-31,K,Staff,500.00\n"
	           "2020-05-01,K,Staff,50.00\n");
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	load(f);
	s = summary(f, "K", 2020, 5);
	assert_int_equal(s->n_years, 3);
	assert_int_equal(s->history[0].spend, 90000);
	assert_int_equal(s->history[0].under, 110000);
	assert_int_equal(s->history[0].utilisation.tenths, 450);
	assert_int_equal(s->history[1].spend, 0);
	assert_true(s->history[1].complete);
	assert_int_equal(s->history[1].under, 200000);
	assert_int_equal(s->history[1].utilisation.tenths, 0);
	assert_int_equal(s->history[2].spend, 5000);
	assert_int_equal(s->history[2].periods, 2);
	assert_int_equal(s->total_spend, 95000);
	assert_int_equal(s->total_utilisation.tenths, 158);	// 950 / 6,000 = 15.83%
	assert_int_equal(s->n_requests, 2);
	assert_int_equal(s->requests[0].fy, 2021);
	assert_int_equal(s->requests[0].amount, 250000);
	assert_string_equal(s->requests[0].reference, "PCD 1");
	assert_int_equal(s->requests[1].fy, 2022);
	assert_string_equal(s->requests[1].reference, "PCD 2");
	assert_int_equal(s->n_delivery, 0);
	assert_false(s->vfm[0].has);
	assert_false(s->vfm[1].has);
	assert_int_equal(s->vfm[2].pence, 0);	// no cash seized: 0p per £ of grant
}

static void
test_summary_gap_and_overspend(void **state)
{
	fx_t *f = *state;
	const delivery_line_t *d;
	const summary_t *s;

	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount\nH,2020/21,\"1,000.00\"\nH,2018/19,\"1,000.00\"\n");	// newest first
	write_file(f->dir, "spend.csv",
	           "date,unit,category,amount\n"
	           "2018-06-01,H,Staff,\"1,200.00\"\n"
	           "2019-06-01,H,Staff,50.00\n"		// ignored: no 2019/20 award
	           "2020-04-01,H,Staff,100.00\n");
	write_file(f->dir, "outcomes.csv",
	           "date,unit,measure,value\n2018-07-01,H,arrests,1\n2019-07-01,H,arrests,5\n2020-04-02,H,arrests,2\n");
	load(f);
	s = summary(f, "H", 2020, 4);
	assert_int_equal(s->n_years, 2);
	assert_int_equal(s->history[0].fy, 2018);
	assert_int_equal(s->history[0].spend, 120000);
	assert_true(s->history[0].complete);
	assert_int_equal(s->history[0].under, -20000);
	assert_int_equal(s->history[0].utilisation.tenths, 1200);
	assert_int_equal(s->history[1].fy, 2020);
	assert_int_equal(s->history[1].spend, 10000);
	assert_false(s->history[1].complete);
	assert_int_equal(s->history[1].periods, 1);
	assert_int_equal(s->history[1].utilisation.tenths, 100);
	assert_int_equal(s->total_award, 200000);
	assert_int_equal(s->total_spend, 130000);
	assert_int_equal(s->total_utilisation.tenths, 650);
	d = delivery_of(s, "arrests");
	assert_int_equal(d->by_year[0], 1000);
	assert_int_equal(d->by_year[1], 2000);
	assert_int_equal(d->total, 3000);
	assert_int_equal(s->vfm[1].pence, 43333);	// 130,000 / 3 = 43,333.33 pence per arrest
	assert_int_equal(s->n_requests, 0);
	assert_false(s->current->outcomes[0].has_prior);	// 2019/20 not awarded
	assert_int_equal(s->current->quality.ignored_rows, 1);
}

/* ---- thresholds, rounding and display ---- */

// Without report.ini the thresholds are the contract's: 5%, 10%, £1,000.
static void
test_default_thresholds(void **state)
{
	fx_t *f = *state;

	assert_int_equal(config_load(f->dir, fontdir, &f->cfg), ROIT_OK);
	f->have_cfg = true;
	assert_null(f->cfg.path);
	assert_int_equal(f->cfg.amber_bp, 500);
	assert_int_equal(f->cfg.red_bp, 1000);
	assert_int_equal(f->cfg.materiality, 100000);
	assert_int_equal(f->cfg.n_cost_centres, 0);
	assert_null(f->cfg.spend_unit);
}

// Pro-rata target = target x p / 12, half away from zero in thousandths.
//   arrests target 1:    p = 1 -> 83.33 -> 83; p = 2 -> 166.67 -> 167; p = 6 -> 500
//   class_a_kg 0.001 kg: p = 6 -> 0.5 -> 1; p = 5 -> 0.417 -> 0
static void
test_pro_rata_rounding(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "grants.csv", "unit,financial_year,amount\nQ,2020/21,100.00\n");
	write_file(f->dir, "spend.csv", "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	write_file(f->dir, "targets.csv",
	           "unit,financial_year,measure,target\nQ,2020/21,arrests,1\nQ,2020/21,class_a_kg,0.001\n");
	load(f);
	assert_int_equal(outcome_of(monthly(f, "Q", 2020, 4), "arrests")->pro_rata, 83);
	assert_int_equal(outcome_of(monthly(f, "Q", 2020, 5), "arrests")->pro_rata, 167);
	assert_int_equal(outcome_of(monthly(f, "Q", 2020, 9), "arrests")->pro_rata, 500);
	assert_int_equal(outcome_of(&f->m[2], "class_a_kg")->pro_rata, 1);
	assert_int_equal(outcome_of(&f->m[2], "class_a_kg")->target, 1);
	assert_int_equal(outcome_of(monthly(f, "Q", 2020, 8), "class_a_kg")->pro_rata, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unit_order),
		T(test_spend_table_june),
		T(test_spend_chart),
		T(test_spend_table_april_p1),
		T(test_spend_march_p12),
		T(test_even_profile_previous_year),
		T(test_even_profile_remainder_to_march),
		T(test_even_profile_april),
		T(test_budget_mismatch),
		T(test_even_profile_per_year),
		T(test_spend_rag_boundaries),
		T(test_spend_rag_thresholds_from_ini),
		T(test_zero_profile_na),
		T(test_variance_pct_rounding),
		T(test_explanation_needed),
		T(test_explanation_suppressed_by_commentary),
		T(test_outcomes_table),
		T(test_cost_per_outcome),
		T(test_no_prior_year_no_cost),
		T(test_prior_needs_awarded_grant),
		T(test_prior_not_from_requested_grant),
		T(test_outcome_rag_boundaries),
		T(test_outcomes_without_value_column),
		T(test_cost_centres_and_spend_unit),
		T(test_summary_history),
		T(test_summary_series_main),
		T(test_summary_series_other),
		T(test_summary_delivery_vfm_requests),
		T(test_summary_at_year_end),
		T(test_no_award_no_report),
		T(test_category_order_per_unit_and_year),
		T(test_summary_gap_and_overspend),
		T(test_summary_partial_empty_requests),
		T(test_default_thresholds),
		T(test_pro_rata_rounding),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
