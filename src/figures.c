// dataset_t → monthly_t and summary_t: every figure of the contract's section 4, in integers.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "figures.h"
#include "format.h"
#include "roit.h"

__extension__ typedef __int128 wide_t;

#define EVEN_CATEGORY "Grant"

// The measures spend is divided by: cost per outcome (monthly), value for money (summary).
static const char *const per_outcome[2] = { "networks_disrupted", "arrests" };

// 'charted()' - Whether a measure is one of the main outcome measures the charts show: one the
//               contract calls main, counted (report.ini may make it a quantity or money).
static bool
charted(const char *measure, measure_kind_t kind)
{
	int rank = measure_rank(measure);

	return kind == KIND_COUNT && rank < N_KNOWN_MEASURES && known_measures[rank].main;
}

/* ---- the monthly return ---- */

// A measure's outcome cells of every level for the months a report reads, each read from the
// dataset once (outcome_month()): a return asks for most of them six times or more (the month,
// the year to date, the chart, each level), and each ask was a hash lookup.
typedef struct measure_cells {
	bool *read;				// by month: its values are in
	int64_t (*v)[LEVEL_COUNT + 1];		// by month and level (0: none given)
} measure_cells_t;

// What one monthly computation needs to hand round.
typedef struct scope {
	const dataset_t *ds;
	const config_t *cfg;
	int unit, fy, period;
	month_t month;
	int64_t award;
	bool even;		// no budget rows: the award spread evenly in one category
	int even_cat;		// category id of "Grant" in the dataset, or -1
	char *overflow;		// the report's: the first sum that left the int64 range, named
	size_t overflow_size;
	month_t cells_from;	// the months [cells_from, month] of each measure are kept in cells
	measure_cells_t *cells;	// by measure id (ds->measures), made as they are asked for
} scope_t;

/*
 * Every sum is checked (SPEC 6): one that would leave the int64 range is not made, the report
 * names it, and the figures of that report are refused (exit 65), so a wrapped figure is never
 * printed.  Month cells are kept in range as rows are read (dataset.c); their sums over months,
 * categories, measures and years are checked here.
 */

// 'overflowed()' - Name the first sum of the report that left the range.
static void
overflowed(const scope_t *s, const char *what, const char *of)
{
	if (s->overflow[0] == '\0')
		snprintf(s->overflow, s->overflow_size, "the %s of %s", what, of);
}

// 'add()' - acc + v, or acc unchanged (the sum named) when that leaves the int64 range.
static int64_t
add(const scope_t *s, int64_t acc, int64_t v, const char *what, const char *of)
{
	int64_t r;

	if (!__builtin_add_overflow(acc, v, &r))
		return r;
	overflowed(s, what, of);
	return acc;
}

// 'sub()' - a - b, or 0 (the difference named) when that leaves the int64 range.
static int64_t
sub(const scope_t *s, int64_t a, int64_t b, const char *what, const char *of)
{
	int64_t r;

	if (!__builtin_sub_overflow(a, b, &r))
		return r;
	overflowed(s, what, of);
	return 0;
}

// 'profile()' - The profile of category (or EVEN_CATEGORY when cat < 0) in month m.
static int64_t
profile(const scope_t *s, int cat, month_t m)
{
	if (!s->even)
		return cat < 0 ? 0 : sums_get(&s->ds->budget, key_cell(s->unit, cat, m));
	if (cat != s->even_cat)
		return 0;
	int64_t share = s->award / 12;
	return period_of_month(m) == 12 ? s->award - 11 * share : share;
}

static int64_t
actual(const scope_t *s, int cat, month_t m)
{
	return cat < 0 ? 0 : sums_get(&s->ds->spend, key_cell(s->unit, cat, m));
}

// 'budget_order()' - The categories of the unit's budget for fy, in first-appearance order.
static const budget_order_t *
budget_order(const dataset_t *ds, int unit, int fy)
{
	int64_t i = sums_get(&ds->order_at, key_cell(unit, 0, fy));

	return i > 0 && ds->orders[i - 1].n > 0 ? &ds->orders[i - 1] : NULL;
}

// 'has_spend()' - True when the unit has spend rows of cat dated in P1..p.
static bool
has_spend(const scope_t *s, int cat)
{
	for (int p = 1; p <= s->period; p++)
		if (sums_find(&s->ds->spend, key_cell(s->unit, cat, fy_period_month(s->fy, p))))
			return true;
	return false;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// 'category_list()' - Category ids in the contract's order; -1 stands for the even profile's "Grant".
static int *
category_list(const scope_t *s, int *count)
{
	const dataset_t *ds = s->ds;
	const budget_order_t *order = budget_order(ds, s->unit, s->fy);
	const unit_t *u = &ds->units[s->unit];
	int n = 0, *ids = xmalloc(((size_t)(order ? order->n : 1) + (size_t)u->n_categories + 1) * sizeof(int));

	if (order)
		for (int i = 0; i < order->n; i++)
			ids[n++] = order->categories[i];
	else
		ids[n++] = s->even_cat;
	int first_unbudgeted = n;
	// The unit's own categories only: a report's time does not grow with other units'.
	for (int k = 0; k < u->n_categories; k++) {
		int c = u->categories[k];
		bool listed = false;

		for (int i = 0; i < first_unbudgeted && !listed; i++)
			listed = ids[i] == c;
		if (!listed && has_spend(s, c))
			ids[n++] = c;
	}
	// Unbudgeted categories in byte order of their names.
	const char **names = xmalloc((size_t)(n - first_unbudgeted + 1) * sizeof(char *));
	for (int i = first_unbudgeted; i < n; i++)
		names[i - first_unbudgeted] = ds->categories.strings[ids[i]];
	qsort(names, (size_t)(n - first_unbudgeted), sizeof(char *), compare_names);
	for (int i = first_unbudgeted; i < n; i++)
		ids[i] = strtab_find(&ds->categories, names[i - first_unbudgeted]);
	free(names);
	*count = n;
	return ids;
}

// 'variance_rag()' - GREEN / AMBER / RED on |variance| / |profile|; none when the profile is 0.
static rag_t
variance_rag(const config_t *cfg, int64_t variance, int64_t ytd_profile)
{
	if (ytd_profile == 0)
		return RAG_NONE;
	wide_t v = (wide_t)magnitude(variance) * 10000;
	wide_t p = (wide_t)magnitude(ytd_profile);

	if (v <= p * cfg->amber_bp)
		return RAG_GREEN;
	return v <= p * cfg->red_bp ? RAG_AMBER : RAG_RED;
}

// 'fill_line()' - One category's row of the spend table.
static void
fill_line(const scope_t *s, int cat, spend_line_t *l)
{
	memset(l, 0, sizeof *l);
	l->name = cat >= 0 ? s->ds->categories.strings[cat] : EVEN_CATEGORY;
	for (int p = 1; p <= 12; p++) {
		month_t m = fy_period_month(s->fy, p);
		int64_t pr = profile(s, cat, m);

		l->annual_budget = add(s, l->annual_budget, pr, "annual budget", l->name);
		if (p <= s->period) {
			l->ytd_actual = add(s, l->ytd_actual, actual(s, cat, m), "year-to-date spend", l->name);
			l->ytd_profile = add(s, l->ytd_profile, pr, "year-to-date profile", l->name);
		} else {
			l->forecast = add(s, l->forecast, pr, "forecast outturn", l->name);
		}
	}
	l->month_actual = actual(s, cat, s->month);
	l->month_profile = profile(s, cat, s->month);
	l->forecast = add(s, l->forecast, l->ytd_actual, "forecast outturn", l->name);
	l->variance = sub(s, l->ytd_actual, l->ytd_profile, "variance", l->name);
	l->variance_pct = pct_of(l->variance, l->ytd_profile);
}

// 'add_line()' - Add a row into the total.
static void
add_line(const scope_t *s, spend_line_t *total, const spend_line_t *l)
{
	const char *of = "the spend total";

	total->month_actual = add(s, total->month_actual, l->month_actual, "month's spend", of);
	total->month_profile = add(s, total->month_profile, l->month_profile, "month's profile", of);
	total->ytd_actual = add(s, total->ytd_actual, l->ytd_actual, "year-to-date spend", of);
	total->ytd_profile = add(s, total->ytd_profile, l->ytd_profile, "year-to-date profile", of);
	total->annual_budget = add(s, total->annual_budget, l->annual_budget, "annual budget", of);
	total->forecast = add(s, total->forecast, l->forecast, "forecast outturn", of);
}

// 'has_comment()' - True when the unit wrote commentary of section for month m.
static bool
has_comment(const dataset_t *ds, int unit, month_t m, int section)
{
	for (int k = 0; k < ds->units[unit].n_comments; k++) {
		const comment_t *c = &ds->comments[ds->units[unit].comments[k]];

		if (c->month == m && c->section == section)
			return true;
	}
	return false;
}

// 'explanation_needed()' - |variance %| above amber and |variance| at least the materiality.
static bool
explanation_needed(const scope_t *s, const spend_line_t *l)
{
	if (l->ytd_profile == 0 || magnitude(l->variance) < magnitude(s->cfg->materiality))
		return false;
	return (wide_t)magnitude(l->variance) * 10000 > (wide_t)magnitude(l->ytd_profile) * s->cfg->amber_bp;
}

// 'spend_figures()' - The spend table, its total, RAG and chart.
static void
spend_figures(const scope_t *s, monthly_t *m)
{
	int *ids = category_list(s, &m->n_lines);
	bool commented = has_comment(s->ds, s->unit, s->month, SECTION_SPEND);

	m->lines = xcalloc((size_t)m->n_lines, sizeof *m->lines);
	m->total.name = "Total";
	for (int i = 0; i < m->n_lines; i++) {
		fill_line(s, ids[i], &m->lines[i]);
		m->lines[i].explanation_needed = !commented && explanation_needed(s, &m->lines[i]);
		m->n_explanations += m->lines[i].explanation_needed;
		add_line(s, &m->total, &m->lines[i]);
	}
	m->total.variance = sub(s, m->total.ytd_actual, m->total.ytd_profile, "variance", "the spend total");
	m->total.variance_pct = pct_of(m->total.variance, m->total.ytd_profile);
	m->spend_rag = variance_rag(s->cfg, m->total.variance, m->total.ytd_profile);
	m->forecast_variance = sub(s, m->total.forecast, s->award, "forecast variance", "the spend total");
	m->remaining = sub(s, s->award, m->total.ytd_actual, "remaining grant", "the spend total");

	int64_t cum_a = 0, cum_p = 0;
	for (int p = 1; p <= 12; p++) {
		month_point_t *pt = &m->chart[p - 1];

		pt->month = fy_period_month(s->fy, p);
		pt->reported = p <= s->period;
		for (int i = 0; i < m->n_lines; i++) {
			pt->profile = add(s, pt->profile, profile(s, ids[i], pt->month), "month's profile", "the spend chart");
			pt->actual = add(s, pt->actual, pt->reported ? actual(s, ids[i], pt->month) : 0, "month's spend",
			                 "the spend chart");
		}
		cum_a = add(s, cum_a, pt->actual, "cumulative spend", "the spend chart");
		cum_p = add(s, cum_p, pt->profile, "cumulative profile", "the spend chart");
		pt->cum_actual = cum_a;
		pt->cum_profile = cum_p;
	}
	free(ids);
}

/* ---- outcomes ---- */

// 'read_levels()' - The unit's values of measure in month m by level, from the dataset, into row.
static void
read_levels(const scope_t *s, int measure, month_t m, int64_t row[LEVEL_COUNT + 1])
{
	const outcome_cell_t *c = dataset_outcome(s->ds, s->unit, measure, m);

	for (int l = 0; l <= LEVEL_COUNT; l++)
		row[l] = c != NULL ? c->value[l] : 0;
}

// 'outcome_month()' - The unit's values of measure in month m by level (0: none given), from
//                     s->cells, read into them the first time; row when the month is not kept.
static const int64_t *
outcome_month(const scope_t *s, int measure, month_t m, int64_t row[LEVEL_COUNT + 1])
{
	int i = m - s->cells_from;
	measure_cells_t *c;

	if (s->cells == NULL || i < 0 || m > s->month) {
		read_levels(s, measure, m, row);
		return row;
	}
	c = &s->cells[measure];
	if (c->read == NULL) {
		c->read = xcalloc((size_t)(s->month - s->cells_from) + 1, sizeof *c->read);
		c->v = xcalloc((size_t)(s->month - s->cells_from) + 1, sizeof *c->v);
	}
	if (!c->read[i]) {
		read_levels(s, measure, m, c->v[i]);
		c->read[i] = true;
	}
	return c->v[i];
}

// 'outcome_sum()' - The unit's value of measure over months [from, to], of one level or all
//                   (level < 0); what names the sum should it leave the range.
static int64_t
outcome_sum(const scope_t *s, int measure, month_t from, month_t to, int level, const char *what)
{
	const char *name = s->ds->measures.strings[measure];
	int64_t sum = 0, row[LEVEL_COUNT + 1];

	for (month_t m = from; m <= to; m++) {
		const int64_t *v = outcome_month(s, measure, m, row);

		if (level >= 0)
			sum = add(s, sum, v[level + 1], what, name);
		for (int l = 0; l <= LEVEL_COUNT && level < 0; l++)
			sum = add(s, sum, v[l], what, name);
	}
	return sum;
}

// 'outcome_rows()' - True when the unit has rows of measure dated in months [from, to].
static bool
outcome_rows(const dataset_t *ds, int unit, int measure, month_t from, month_t to)
{
	for (month_t m = from; m <= to; m++) {
		const outcome_cell_t *c = dataset_outcome(ds, unit, measure, m);

		if (c != NULL && c->rows > 0)
			return true;
	}
	return false;
}

static const target_t *
find_target(const dataset_t *ds, int unit, int fy, int measure)
{
	int64_t i = sums_get(&ds->target_at, key_cell(unit, measure, fy));

	return i > 0 ? &ds->targets[i - 1] : NULL;
}

// A measure as it is sorted: the contract's measures first in its order, then byte order.
typedef struct measure_key {
	int rank;
	const char *key;
	int id;
} measure_key_t;

static int
compare_measures(const void *a, const void *b)
{
	const measure_key_t *ka = a, *kb = b;

	return ka->rank != kb->rank ? (ka->rank < kb->rank ? -1 : 1) : strcmp(ka->key, kb->key);
}

// 'sort_measures()' - Contract's measures first in its order, then the rest in byte order.
static void
sort_measures(const dataset_t *ds, int *ids, int n)
{
	measure_key_t *keys = xmalloc((size_t)(n + 1) * sizeof *keys);

	for (int i = 0; i < n; i++)
		keys[i] = (measure_key_t){ measure_rank(ds->measures.strings[ids[i]]), ds->measures.strings[ids[i]], ids[i] };
	qsort(keys, (size_t)n, sizeof *keys, compare_measures);
	for (int i = 0; i < n; i++)
		ids[i] = keys[i].id;
	free(keys);
}

// 'outcome_rag()' - GREEN when ytd reaches the pro-rata target less amber_pct, AMBER less red_pct.
static rag_t
outcome_rag(const config_t *cfg, int64_t ytd, int64_t target, int period)
{
	wide_t have = (wide_t)ytd * 12 * 10000;
	wide_t due = (wide_t)target * period;

	if (have >= due * (10000 - cfg->amber_bp))
		return RAG_GREEN;
	return have >= due * (10000 - cfg->red_bp) ? RAG_AMBER : RAG_RED;
}

// 'fill_outcome()' - One row of the outcomes table.
static void
fill_outcome(const scope_t *s, int measure, outcome_line_t *o)
{
	const dataset_t *ds = s->ds;
	month_t p1 = fy_period_month(s->fy, 1);
	const target_t *t = find_target(ds, s->unit, s->fy, measure);

	o->measure = ds->measures.strings[measure];
	config_measure(s->cfg, o->measure, &o->label, &o->kind);
	o->month = outcome_sum(s, measure, s->month, s->month, -1, "month's total");
	o->ytd = outcome_sum(s, measure, p1, s->month, -1, "year to date");
	o->has_prior = dataset_award(ds, s->unit, s->fy - 1) != NULL;
	if (o->has_prior)
		o->prior_ytd = outcome_sum(s, measure, p1 - 12, s->month - 12, -1, "prior year to date");
	o->has_target = t != NULL;
	if (t) {
		o->target = t->value;
		// target x p / 12 is no more than the target: made in 128 bits, it always fits.
		o->pro_rata = div_round_scaled(t->value, s->period, 12);
		o->rag = outcome_rag(s->cfg, o->ytd, t->value, s->period);
	}
}

// 'series_of()' - A measure's values by period P1..p.
static void
series_of(const scope_t *s, const outcome_line_t *o, int measure, series_t *out)
{
	out->measure = o->measure;
	out->label = o->label;
	out->n = s->period;
	for (int p = 1; p <= s->period; p++) {
		month_t m = fy_period_month(s->fy, p);

		out->values[p - 1] = outcome_sum(s, measure, m, m, -1, "month's total");
	}
}

// 'cost_ratio()' - Spend per outcome (pence per thousandth, so per whole outcome), where there is one.
static void
cost_ratio(cost_line_t *c)
{
	c->has = c->value != 0;
	if (c->has)
		c->pence = div_round_scaled(c->spend, 1000, c->value);
}

// 'outcome_figures()' - The outcomes table, disruptions by level, cost per outcome and chart series.
static void
outcome_figures(const scope_t *s, monthly_t *m)
{
	const dataset_t *ds = s->ds;
	const unit_t *u = &ds->units[s->unit];
	month_t p1 = fy_period_month(s->fy, 1);
	int *ids = xmalloc(((size_t)u->n_measures + 1) * sizeof(int)), n = 0;

	for (int j = 0; j < u->n_measures; j++) {
		int k = u->measures[j];

		if (outcome_rows(ds, s->unit, k, p1, s->month) || outcome_rows(ds, s->unit, k, p1 - 12, s->month - 12) ||
		    find_target(ds, s->unit, s->fy, k))
			ids[n++] = k;
	}
	sort_measures(ds, ids, n);
	m->n_outcomes = n;
	m->outcomes = xcalloc((size_t)n, sizeof *m->outcomes);
	for (int i = 0; i < n; i++) {
		outcome_line_t *o = &m->outcomes[i];

		fill_outcome(s, ids[i], o);
		if (m->n_series < 4 && charted(o->measure, o->kind))
			series_of(s, o, ids[i], &m->series[m->n_series++]);
	}
	for (int j = 0; j < u->n_measures; j++) {
		int k = u->measures[j];

		for (int l = 0; l < LEVEL_COUNT; l++) {
			m->level_month[l] = add(s, m->level_month[l], outcome_sum(s, k, s->month, s->month, l, "month's total"),
			                        "month's disruptions", level_names[l]);
			m->level_ytd[l] = add(s, m->level_ytd[l], outcome_sum(s, k, p1, s->month, l, "year to date"),
			                      "year-to-date disruptions", level_names[l]);
		}
		for (month_t mm = p1; mm <= s->month && !m->levels_used; mm++) {
			const outcome_cell_t *c = dataset_outcome(ds, s->unit, k, mm);

			m->levels_used = c != NULL && (c->levels & ~1u) != 0;	// a row of some level
		}
	}
	free(ids);

	for (int i = 0; i < 2; i++) {
		cost_line_t *c = &m->costs[i];
		measure_kind_t kind;
		int k = strtab_find(&ds->measures, per_outcome[i]);

		c->measure = per_outcome[i];
		config_measure(s->cfg, c->measure, &c->label, &kind);
		c->spend = m->total.ytd_actual;
		c->value = k < 0 ? 0 : outcome_sum(s, k, p1, s->month, -1, "year to date");
		cost_ratio(c);
	}
}

/* ---- commentary, data quality, who and when ---- */

// 'commentary_of()' - The unit's commentary of month m, each section in file order.
static void
commentary_of(const dataset_t *ds, int unit, month_t m, commentary_t *c)
{
	const unit_t *u = &ds->units[unit];

	for (int sec = 0; sec < SECTION_COUNT; sec++) {
		const char **texts = xmalloc((size_t)(u->n_comments + 1) * sizeof(char *));

		c->n[sec] = 0;
		for (int k = 0; k < u->n_comments; k++) {
			const comment_t *cm = &ds->comments[u->comments[k]];

			if (cm->month == m && cm->section == sec)
				texts[c->n[sec]++] = cm->text;
		}
		c->text[sec] = texts;
	}
}

static void
commentary_free(commentary_t *c)
{
	for (int sec = 0; sec < SECTION_COUNT; sec++)
		free(c->text[sec]);
}

// 'budget_year()' - The whole year's budget of the unit: every budget row of the year's months.
static int64_t
budget_year(const scope_t *s)
{
	const budget_order_t *order = budget_order(s->ds, s->unit, s->fy);
	int64_t sum = 0;

	for (int i = 0; order != NULL && i < order->n; i++)
		for (int p = 1; p <= 12; p++)
			sum += profile(s, order->categories[i], fy_period_month(s->fy, p));
	return sum;
}

// 'latest_spend()' - The latest date of the unit's spend counted up to the end of M (later rows
//                    belong to later months' reports).
static void
latest_spend(const scope_t *s, data_quality_t *q)
{
	month_t first = fy_period_month(dataset_first_fy(s->ds, s->unit), 1);

	for (month_t m = s->month; m >= first && !q->has_latest_spend; m--) {
		const int64_t *day = sums_find(&s->ds->spend_day, key_cell(s->unit, 0, m));

		if (day != NULL) {
			q->has_latest_spend = true;
			q->latest_spend_month = m;
			q->latest_spend_day = (int)*day;
		}
	}
}

// 'quality_of()' - What the data-quality section says for the unit's reports of fy.
static void
quality_of(const scope_t *s, data_quality_t *q)
{
	const dataset_t *ds = s->ds;
	const unit_t *u = &ds->units[s->unit];
	const row_note_t **rejected = xmalloc((size_t)(u->n_notes + ds->n_common_notes + 1) * sizeof(row_note_t *));
	const row_note_t **footers = xmalloc((size_t)(ds->n_footers + 1) * sizeof(row_note_t *));

	memset(q, 0, sizeof *q);
	// The unit's rejected rows and those of no known unit, merged in reading order.
	for (int a = 0, b = 0; (a < u->n_notes || b < ds->n_common_notes) && q->n_rejected < REJECTED_KEPT;) {
		bool mine = b >= ds->n_common_notes || (a < u->n_notes && u->notes[a] < ds->common_notes[b]);

		rejected[q->n_rejected++] = &ds->notes[mine ? u->notes[a++] : ds->common_notes[b++]].note;
	}
	for (int i = 0; i < ds->n_footers; i++)
		footers[q->n_footers++] = &ds->footers[i].note;
	q->rejected = rejected;
	q->footers = footers;
	q->rejected_count = ds->units[s->unit].rejected + ds->rejected_all;
	q->ignored_rows = ds->units[s->unit].ignored_rows;
	q->excluded_rows = ds->excluded_rows;
	q->profile_assumed_even = s->even;
	latest_spend(s, q);
	if (!s->even) {
		int64_t budget = budget_year(s);

		q->budget_mismatch = budget != s->award;
		q->budget_total = budget;
		q->award = s->award;
	}
}

static void
quality_free(data_quality_t *q)
{
	free(q->rejected);
	free(q->footers);
}

// 'meta_of()' - Names, grant and audit trail of a report (the caller sets now).
static void
meta_of(const scope_t *s, report_meta_t *meta)
{
	const config_t *cfg = s->cfg;
	const grant_t *g = dataset_award(s->ds, s->unit, s->fy);

	*meta = (report_meta_t){ cfg->organisation, cfg->team, cfg->marking, cfg->scrutiny,
	                         cfg->prepared_by, cfg->approved_by,
	                         s->ds->units[s->unit].name, s->ds->units[s->unit].slug,
	                         g->reference, g->funder, cfg->amber_bp, cfg->red_bp, cfg->materiality,
	                         0, s->ds->n_inputs, s->ds->inputs, NULL };
}

// 'scope_of()' - Unit, month and grant of a report, and its names and audit trail in meta;
//                false when the unit has no award for the year.
static bool
scope_of(const dataset_t *ds, const config_t *cfg, int unit, month_t month, scope_t *s, report_meta_t *meta)
{
	const grant_t *g;

	*s = (scope_t){ ds, cfg, unit, fy_of_month(month), period_of_month(month), month, 0, false, -1, NULL, 0,
	                month, NULL };
	if ((g = dataset_award(ds, unit, s->fy)) == NULL)
		return false;
	s->award = g->amount;
	s->even = budget_order(ds, unit, s->fy) == NULL;
	s->even_cat = strtab_find(&ds->categories, EVEN_CATEGORY);
	meta_of(s, meta);
	return true;
}

// 'keep_cells()' - Keep the outcome cells of months [from, s->month] as they are read.
static void
keep_cells(scope_t *s, month_t from)
{
	s->cells_from = from;
	s->cells = xcalloc(s->ds->measures.count + 1, sizeof *s->cells);
}

// 'free_cells()' - Free what keep_cells() made and the cells read since.
static void
free_cells(scope_t *s)
{
	for (size_t i = 0; s->cells != NULL && i < s->ds->measures.count; i++) {
		free(s->cells[i].read);
		free(s->cells[i].v);
	}
	free(s->cells);
	s->cells = NULL;
}

bool
figures_monthly(const dataset_t *ds, const config_t *cfg, int unit, month_t month, monthly_t *out)
{
	scope_t s;

	memset(out, 0, sizeof *out);
	if (!scope_of(ds, cfg, unit, month, &s, &out->meta))
		return false;
	s.overflow = out->overflow;
	s.overflow_size = sizeof out->overflow;
	out->month = month;
	out->fy = s.fy;
	out->period = s.period;
	out->award = s.award;
	spend_figures(&s, out);
	keep_cells(&s, fy_period_month(s.fy - 1, 1));	// the year and the year before
	outcome_figures(&s, out);
	free_cells(&s);
	commentary_of(ds, unit, month, &out->commentary);
	quality_of(&s, &out->quality);
	if (out->overflow[0] == '\0')
		return true;
	// A sum left the range: nothing of this report is handed on but what overflowed.
	char what[sizeof out->overflow];
	memcpy(what, out->overflow, sizeof what);
	figures_monthly_free(out);
	memcpy(out->overflow, what, sizeof what);
	return false;
}

void
figures_monthly_free(monthly_t *m)
{
	free(m->lines);
	free(m->outcomes);
	commentary_free(&m->commentary);
	quality_free(&m->quality);
	memset(m, 0, sizeof *m);
}

/* ---- the continuation summary ---- */

// 'history_of()' - One row per awarded year up to fy, oldest first (the latest SUMMARY_MAX_YEARS).
static void
history_of(const scope_t *s, summary_t *out)
{
	const dataset_t *ds = s->ds;
	int first = dataset_first_fy(ds, s->unit);

	out->history = xcalloc(SUMMARY_MAX_YEARS, sizeof *out->history);
	for (int fy = s->fy; fy >= first && out->n_years < SUMMARY_MAX_YEARS; fy--) {
		const grant_t *g = dataset_award(ds, s->unit, fy);

		if (!g)
			continue;
		memmove(out->history + 1, out->history, (size_t)out->n_years * sizeof *out->history);
		out->n_years++;
		history_line_t *h = &out->history[0];
		// The year of M is complete as at its March, provisionally (year-end accruals may move it).
		*h = (history_line_t){ .fy = fy, .award = g->amount, .complete = fy != s->fy || s->period == 12,
		                       .provisional = fy == s->fy && s->period == 12,
		                       .periods = fy == s->fy ? s->period : 12 };
		for (int p = 1; p <= h->periods; p++)
			for (int k = 0; k < ds->units[s->unit].n_categories; k++)
				h->spend = add(s, h->spend, sums_get(&ds->spend, key_cell(s->unit, ds->units[s->unit].categories[k],
				                                                          fy_period_month(fy, p))),
				               "year's spend", "the funding history");
		if (h->complete)
			h->under = sub(s, h->award, h->spend, "under/overspend", "the funding history");
		h->utilisation = pct_of(h->spend, h->award);
	}
	for (int i = 0; i < out->n_years; i++) {
		out->total_award = add(s, out->total_award, out->history[i].award, "total award", "the funding history");
		out->total_spend = add(s, out->total_spend, out->history[i].spend, "total spend", "the funding history");
	}
	out->total_utilisation = pct_of(out->total_spend, out->total_award);
}

// 'year_months()' - The months of history year i: P1..P12, or P1..p for the year of M.
static void
year_months(const summary_t *out, int i, month_t *from, month_t *to)
{
	*from = fy_period_month(out->history[i].fy, 1);
	*to = fy_period_month(out->history[i].fy, out->history[i].periods);
}

// 'delivery_of()' - Every measure with rows in the grant years, by year, with a total.
static void
delivery_of(const scope_t *s, summary_t *out)
{
	const dataset_t *ds = s->ds;
	const unit_t *u = &ds->units[s->unit];
	int *ids = xmalloc(((size_t)u->n_measures + 1) * sizeof(int)), n = 0;
	month_t from, to;

	for (int j = 0; j < u->n_measures; j++) {
		int k = u->measures[j];
		bool seen = false;

		for (int i = 0; i < out->n_years && !seen; i++) {
			year_months(out, i, &from, &to);
			seen = outcome_rows(ds, s->unit, k, from, to);
		}
		if (seen)
			ids[n++] = k;
	}
	sort_measures(ds, ids, n);
	out->n_delivery = n;
	out->delivery = xcalloc((size_t)n, sizeof *out->delivery);
	for (int d = 0; d < n; d++) {
		delivery_line_t *l = &out->delivery[d];

		l->measure = ds->measures.strings[ids[d]];
		config_measure(s->cfg, l->measure, &l->label, &l->kind);
		for (int i = 0; i < out->n_years; i++) {
			year_months(out, i, &from, &to);
			l->by_year[i] = outcome_sum(s, ids[d], from, to, -1, "year's total");
			l->total = add(s, l->total, l->by_year[i], "total over the years", l->measure);
			for (int lv = 0; lv < LEVEL_COUNT; lv++) {
				out->level_by_year[i][lv] = add(s, out->level_by_year[i][lv],
				                                outcome_sum(s, ids[d], from, to, lv, "year's total"),
				                                "year's disruptions", level_names[lv]);
				out->levels_used = out->levels_used || out->level_by_year[i][lv] != 0;
			}
		}
	}
	free(ids);
}

// 'year_series()' - The summary chart's series: the main measures by year, or without any,
//                   the first counted measures (up to four, in the delivery table's order).
static void
year_series(summary_t *out)
{
	for (int d = 0; d < out->n_delivery && !out->series_main; d++)
		out->series_main = charted(out->delivery[d].measure, out->delivery[d].kind);
	for (int d = 0; d < out->n_delivery && out->n_series < 4; d++) {
		const delivery_line_t *l = &out->delivery[d];
		series_t *sr = &out->series[out->n_series];

		if (out->series_main ? !charted(l->measure, l->kind) : l->kind != KIND_COUNT)
			continue;
		*sr = (series_t){ l->measure, l->label, out->n_years, { 0 } };
		memcpy(sr->values, l->by_year, sizeof sr->values);
		out->n_series++;
	}
}

// 'delivered()' - The period total of a measure (0 when the unit has none).
static int64_t
delivered(const summary_t *out, const char *measure)
{
	for (int d = 0; d < out->n_delivery; d++)
		if (strcmp(out->delivery[d].measure, measure) == 0)
			return out->delivery[d].total;
	return 0;
}

// 'vfm_of()' - Spend per network disrupted, per arrest, and cash seized per £ of grant.
static void
vfm_of(summary_t *out)
{
	static const char *const labels[3] = {
		"Spend per network disrupted", "Spend per arrest", "Cash seized per \xC2\xA3 of grant"
	};

	for (int i = 0; i < 3; i++) {
		vfm_line_t *v = &out->vfm[i];

		v->label = labels[i];
		if (i < 2) {
			v->numerator = out->total_spend;
			v->denominator = delivered(out, per_outcome[i]);
			if ((v->has = v->denominator != 0))
				v->pence = div_round_scaled(v->numerator, 1000, v->denominator);
		} else {
			// Cash is held in thousandths of a pound: pence = thousandths / 10.
			v->numerator = div_round(delivered(out, "cash_seized"), 10);
			v->denominator = out->total_award;
			if ((v->has = v->denominator != 0))
				v->pence = div_round_scaled(delivered(out, "cash_seized"), 10, v->denominator);
		}
	}
}

static int
compare_requests(const void *a, const void *b)
{
	const request_line_t *ra = a, *rb = b;

	if (ra->fy != rb->fy)
		return ra->fy < rb->fy ? -1 : 1;
	if (ra->amount != rb->amount)
		return ra->amount < rb->amount ? -1 : 1;
	return strcmp(ra->reference, rb->reference);
}

// 'requests_of()' - The unit's requested grants by year, and its continuation commentary.
static void
requests_of(const scope_t *s, summary_t *out)
{
	const dataset_t *ds = s->ds;
	month_t latest = -1;

	const unit_t *u = &ds->units[s->unit];

	out->requests = xcalloc((size_t)u->n_requests + 1, sizeof *out->requests);
	for (int k = 0; k < u->n_requests; k++) {
		const grant_t *g = &ds->grants[u->requests[k]];

		out->requests[out->n_requests++] = (request_line_t){ g->fy, g->amount, g->reference };
	}
	qsort(out->requests, (size_t)out->n_requests, sizeof *out->requests, compare_requests);

	// The continuation text of M, else of the latest earlier month of the year that has one.
	for (int k = 0; k < u->n_comments; k++) {
		const comment_t *c = &ds->comments[u->comments[k]];

		if (c->section == SECTION_CONTINUATION && c->month <= s->month &&
		    fy_of_month(c->month) == s->fy && c->month > latest)
			latest = c->month;
	}
	const char **texts = xmalloc(((size_t)u->n_comments + 1) * sizeof(char *));
	for (int k = 0; k < u->n_comments; k++) {
		const comment_t *c = &ds->comments[u->comments[k]];

		if (c->section == SECTION_CONTINUATION && c->month == latest)
			texts[out->n_continuation++] = c->text;
	}
	out->continuation = texts;
}

bool
figures_summary(const dataset_t *ds, const config_t *cfg, int unit, month_t month,
                const monthly_t *current, summary_t *out)
{
	scope_t s;

	memset(out, 0, sizeof *out);
	if (!scope_of(ds, cfg, unit, month, &s, &out->meta))
		return false;
	s.overflow = out->overflow;
	s.overflow_size = sizeof out->overflow;
	out->month = month;
	out->fy = s.fy;
	out->period = s.period;
	out->current = current;
	history_of(&s, out);
	keep_cells(&s, out->n_years > 0 ? fy_period_month(out->history[0].fy, 1) : month);
	delivery_of(&s, out);
	free_cells(&s);
	year_series(out);
	vfm_of(out);
	requests_of(&s, out);
	quality_of(&s, &out->quality);
	if (out->overflow[0] == '\0')
		return true;
	char what[sizeof out->overflow];
	memcpy(what, out->overflow, sizeof what);
	figures_summary_free(out);
	memcpy(out->overflow, what, sizeof what);
	return false;
}

void
figures_summary_free(summary_t *s)
{
	free(s->history);
	free(s->delivery);
	free(s->requests);
	free(s->continuation);
	quality_free(&s->quality);
	memset(s, 0, sizeof *s);
}

/* ---- the network overview ---- */

// 'add_checked()' - Add v into *sum; O - false (nothing usable in *sum) when it would leave int64.
static bool
add_checked(int64_t *sum, int64_t v)
{
	return !__builtin_add_overflow(*sum, v, sum);
}

// 'unit_refused()' - Say that a unit's own figures cannot be worked out (what names the sum
//                    figures_monthly() found past the int64 range): the overview is not made
//                    without it, which would show the network short of a unit.  O - false.
static bool
unit_refused(const network_t *n, const char *unit, const char *what)
{
	char month[8];

	format_month(n->month, month);
	if (what[0] == '\0')
		roit_error("%s: the %s network overview cannot be made: %s's figures cannot be worked out "
		           "(internal error)", n->meta.unit, month, unit);
	else
		roit_error("%s: the %s network overview cannot be made: for %s, %s is past %" PRId64 " (the "
		           "largest sum a figure holds); the inputs hold values that large", n->meta.unit, month, unit,
		           what, INT64_MAX);
	return false;
}

// 'network_overflow()' - Say which total of the overview left the int64 range, at which unit; O - false.
static bool
network_overflow(const network_t *n, const char *unit, const char *what)
{
	char month[8];

	format_month(n->month, month);
	roit_error("%s: network overview for %s: the network's %s leaves the range of a sum (adding %s)",
	           n->meta.unit, month, what, unit);
	return false;
}

void
figures_network_begin(const dataset_t *ds, const config_t *cfg, month_t month, network_t *out)
{
	memset(out, 0, sizeof *out);
	out->meta = (report_meta_t){ cfg->organisation, cfg->team, cfg->marking, cfg->scrutiny,
	                             cfg->prepared_by, cfg->approved_by, cfg->network, NULL, "", "",
	                             cfg->amber_bp, cfg->red_bp, cfg->materiality, 0, ds->n_inputs, ds->inputs, NULL };
	out->cfg = cfg;
	out->month = month;
	out->fy = fy_of_month(month);
	out->period = period_of_month(month);
	out->total.name = "Network total";
	out->excluded_rows = ds->excluded_rows;
	out->rejected_unknown = ds->rejected_all;
}

// 'network_unit()' - A unit's line: the figures of its monthly return, copied.
static void
network_unit(const monthly_t *m, network_unit_t *u)
{
	const data_quality_t *q = &m->quality;

	*u = (network_unit_t){
		.unit = m->meta.unit, .slug = m->meta.slug, .reference = m->meta.reference, .funder = m->meta.funder,
		.award = m->award, .total = m->total, .spend_rag = m->spend_rag,
		.forecast_variance = m->forecast_variance, .remaining = m->remaining,
		.n_explanations = m->n_explanations, .n_outcomes = m->n_outcomes,
		.rejected_count = q->rejected_count, .ignored_rows = q->ignored_rows,
		.profile_assumed_even = q->profile_assumed_even, .budget_mismatch = q->budget_mismatch,
		.has_latest_spend = q->has_latest_spend, .latest_spend_month = q->latest_spend_month,
		.latest_spend_day = q->latest_spend_day,
	};
	u->outcomes = xmalloc((size_t)(m->n_outcomes + 1) * sizeof *u->outcomes);
	if (m->n_outcomes > 0)
		memcpy(u->outcomes, m->outcomes, (size_t)m->n_outcomes * sizeof *u->outcomes);
	memcpy(u->costs, m->costs, sizeof u->costs);
}

// 'network_measure()' - The network's line of a measure, added the first time a unit has it.
static network_measure_t *
network_measure(network_t *n, const outcome_line_t *o)
{
	for (int i = 0; i < n->n_measures; i++)
		if (strcmp(n->measures[i].measure, o->measure) == 0)
			return &n->measures[i];
	n->measures = xrealloc(n->measures, (size_t)(n->n_measures + 1) * sizeof *n->measures);
	n->measures[n->n_measures] = (network_measure_t){ .measure = o->measure, .label = o->label, .kind = o->kind };
	return &n->measures[n->n_measures++];
}

bool
figures_network_add(network_t *n, const monthly_t *m)
{
	const char *unit = m->meta.unit;

	if ((n->n_units & (n->n_units - 1)) == 0)	// grown at 0, 1, 2, 4, ...: doubling
		n->units = xrealloc(n->units, (size_t)(n->n_units ? 2 * n->n_units : 1) * sizeof *n->units);
	network_unit(m, &n->units[n->n_units++]);
	n->rag_count[m->spend_rag]++;
	n->n_explaining += m->n_explanations > 0;

	// The network's totals are the sums of the units' own figures.
	const struct { int64_t *sum; int64_t v; const char *what; } adds[] = {
		{ &n->award, m->award, "award" },
		{ &n->total.month_actual, m->total.month_actual, "month actual" },
		{ &n->total.month_profile, m->total.month_profile, "month profile" },
		{ &n->total.ytd_actual, m->total.ytd_actual, "YTD actual" },
		{ &n->total.ytd_profile, m->total.ytd_profile, "YTD profile" },
		{ &n->total.variance, m->total.variance, "variance" },
		{ &n->total.annual_budget, m->total.annual_budget, "annual budget" },
		{ &n->total.forecast, m->total.forecast, "forecast outturn" },
		{ &n->forecast_variance, m->forecast_variance, "forecast variance" },
		{ &n->remaining, m->remaining, "remaining grant" },
		{ &n->costs[0].value, m->costs[0].value, "YTD networks disrupted" },
		{ &n->costs[1].value, m->costs[1].value, "YTD arrests" },
	};
	for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++)
		if (!add_checked(adds[i].sum, adds[i].v))
			return network_overflow(n, unit, adds[i].what);
	for (int i = 0; i < m->n_outcomes; i++) {
		const outcome_line_t *o = &m->outcomes[i];
		network_measure_t *t = network_measure(n, o);

		if (!add_checked(&t->ytd, o->ytd))
			return network_overflow(n, unit, "YTD of a measure");
		if (o->has_target) {
			t->n_targets++;
			if (!add_checked(&t->target, o->target) || !add_checked(&t->pro_rata, o->pro_rata))
				return network_overflow(n, unit, "target of a measure");
		}
	}
	return true;
}

static int
compare_network_measures(const void *a, const void *b)
{
	const network_measure_t *ma = a, *mb = b;
	measure_key_t ka = { measure_rank(ma->measure), ma->measure, 0 }, kb = { measure_rank(mb->measure), mb->measure, 0 };

	return compare_measures(&ka, &kb);
}

void
figures_network_end(network_t *n)
{
	n->total.variance_pct = pct_of(n->total.variance, n->total.ytd_profile);
	n->spend_rag = variance_rag(n->cfg, n->total.variance, n->total.ytd_profile);
	if (n->n_measures > 1)	// none: no array to sort (qsort's base may not be NULL)
		qsort(n->measures, (size_t)n->n_measures, sizeof *n->measures, compare_network_measures);
	for (int k = 0; k < n->n_measures; k++) {
		network_measure_t *t = &n->measures[k];

		t->rows = xmalloc((size_t)(n->n_units + 1) * sizeof *t->rows);
		for (int u = 0; u < n->n_units; u++) {
			t->rows[u] = -1;
			for (int i = 0; i < n->units[u].n_outcomes && t->rows[u] < 0; i++)
				if (strcmp(n->units[u].outcomes[i].measure, t->measure) == 0)
					t->rows[u] = i;
		}
		// Judged exactly as a unit's: sum of target x p / 12 is the summed targets x p / 12.
		t->rag = t->n_targets > 0 ? outcome_rag(n->cfg, t->ytd, t->target, n->period) : RAG_NONE;
	}
	for (int i = 0; i < 2; i++) {
		cost_line_t *c = &n->costs[i];
		measure_kind_t kind;

		c->measure = per_outcome[i];
		config_measure(n->cfg, c->measure, &c->label, &kind);
		c->spend = n->total.ytd_actual;
		cost_ratio(c);
	}
}

// The units of an overview as their figures are worked out (roit_halves()): each its own.
typedef struct network_share {
	const dataset_t *ds;
	const config_t *cfg;
	month_t month;
	const int *units;	// the dataset's index of each awarded unit, in grants.csv order
	monthly_t *m;		// each one's monthly figures
	bool *ok;		// whether it has them
} network_share_t;

#define NETWORK_SPLIT 16	// units from which half of them are worked out on a thread of their own

static void
network_part(void *arg, int from, int to)
{
	network_share_t *p = arg;

	for (int i = from; i < to; i++)
		p->ok[i] = figures_monthly(p->ds, p->cfg, p->units[i], p->month, &p->m[i]);
}

bool
figures_network(const dataset_t *ds, const config_t *cfg, month_t month, network_t *out)
{
	int *units = xmalloc(((size_t)ds->n_units + 1) * sizeof *units), n = 0;
	bool ok = true;

	figures_network_begin(ds, cfg, month, out);
	for (int u = 0; u < ds->n_units; u++)
		if (dataset_award(ds, u, fy_of_month(month)))
			units[n++] = u;
	// Each unit's figures are those of its own return, worked out on both cores (a tenth of an
	// overview of 80 units), then added in order.
	network_share_t p = { ds, cfg, month, units, xcalloc((size_t)n + 1, sizeof *p.m),
	                      xcalloc((size_t)n + 1, sizeof *p.ok) };
	roit_halves(network_part, &p, n, NETWORK_SPLIT);
	for (int i = 0; i < n; i++) {
		if (ok)
			ok = p.ok[i] ? figures_network_add(out, &p.m[i]) :
			     unit_refused(out, ds->units[units[i]].name, p.m[i].overflow);
		if (p.ok[i])
			figures_monthly_free(&p.m[i]);
	}
	if (ok)
		figures_network_end(out);
	free(p.m);
	free(p.ok);
	free(units);
	return ok;
}

void
figures_network_free(network_t *n)
{
	for (int u = 0; u < n->n_units; u++)
		free(n->units[u].outcomes);
	for (int k = 0; k < n->n_measures; k++)
		free(n->measures[k].rows);
	free(n->units);
	free(n->measures);
	memset(n, 0, sizeof *n);
}
