// The figures of the reports: one plain structure per report, computed once from the
// dataset (figures.c) and drawn by every renderer (JSON, PDF) without further arithmetic.
//
// Money is int64 pence.  Outcome values are int64 thousandths of the measure's own unit
// (a count of 3 is 3000; cash of £12.50 is 12500, thousandths of a pound).
// Strings in these structures point into the dataset, which must outlive them; the
// arrays are owned by the report and freed by figures_monthly_free()/figures_summary_free().
#ifndef FIGURES_H
#define FIGURES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "dataset.h"
#include "records.h"
#include "vocab.h"

// One row of the spend table (a category, or the total).
typedef struct spend_line {
	const char *name;
	int64_t month_actual, month_profile;
	int64_t ytd_actual, ytd_profile;
	int64_t variance;		// ytd_actual - ytd_profile
	pct_t variance_pct;
	int64_t annual_budget;
	int64_t forecast;		// ytd_actual + profile of the months after M
	bool explanation_needed;
} spend_line_t;

// One month of the spend chart, P1..P12.
typedef struct month_point {
	month_t month;
	bool reported;			// on or before M: actual is shown
	int64_t actual, profile;
	int64_t cum_actual, cum_profile;
} month_point_t;

// One row of the outcomes table.
typedef struct outcome_line {
	const char *measure;
	const char *label;
	measure_kind_t kind;
	int64_t month, ytd;
	bool has_prior;
	int64_t prior_ytd;
	bool has_target;
	int64_t target, pro_rata;	// pro-rata = target * p / 12, rounded half away from zero
	rag_t rag;
} outcome_line_t;

// Spend per outcome: YTD total actual / YTD value.
typedef struct cost_line {
	const char *measure;
	const char *label;
	int64_t spend;			// pence
	int64_t value;			// thousandths
	bool has;			// false where value is 0
	int64_t pence;			// spend / value, rounded half away from zero
} cost_line_t;

// A measure's values by period (monthly chart) or by grant year (summary chart).
typedef struct series {
	const char *measure;
	const char *label;
	int n;
	int64_t values[SUMMARY_MAX_YEARS];	// 12 periods at most, or the years of the history
} series_t;

// What every report says about the state of the data.
typedef struct data_quality {
	long rejected_count;
	int n_rejected;			// entries held in rejected (capped, see REJECTED_KEPT)
	const row_note_t **rejected;	// the array is the report's; the notes are the dataset's
	int n_footers;
	const row_note_t **footers;
	long ignored_rows;		// spend of the unit outside every awarded year
	long excluded_rows;		// spend rows of other cost centres (whole run)
	bool profile_assumed_even;
	bool budget_mismatch;
	int64_t budget_total, award;	// when budget_mismatch
	bool has_latest_spend;		// the latest date of the unit's spend counted up to M:
	month_t latest_spend_month;	// its month
	int latest_spend_day;		// and day (0 when only bare-month dates were read)
} data_quality_t;

// Who the report is for and by, and how it was made.
typedef struct report_meta {
	const char *organisation, *team, *marking, *scrutiny;
	const char *prepared_by, *approved_by;
	const char *unit, *slug;
	const char *reference, *funder;	// of the grant of F; may be ""
	int64_t amber_bp, red_bp;	// thresholds in hundredths of a percent (report.ini)
	int64_t materiality;		// pence
	time_t now;			// SOURCE_DATE_EPOCH or the clock
	int n_inputs;
	const input_hash_t *inputs;
	const record_t *record;		// its revision and what changed; NULL for a first issue
} report_meta_t;

typedef struct commentary {
	int n[SECTION_COUNT];
	const char **text[SECTION_COUNT];	// the arrays are the report's; the texts the dataset's
} commentary_t;

// The monthly scrutiny return of a unit for month M.
typedef struct monthly {
	report_meta_t meta;
	month_t month;
	int fy, period;
	int64_t award;

	int n_lines;
	spend_line_t *lines;		// categories in the contract's order
	spend_line_t total;
	rag_t spend_rag;
	int64_t forecast_variance;	// forecast - award
	int64_t remaining;		// award - YTD actual
	int n_explanations;		// categories whose explanation is needed

	month_point_t chart[12];

	int n_outcomes;
	outcome_line_t *outcomes;
	bool levels_used;
	int64_t level_month[LEVEL_COUNT], level_ytd[LEVEL_COUNT];	// thousandths
	cost_line_t costs[2];		// networks_disrupted, arrests
	int n_series;
	series_t series[4];		// the main outcome measures (counted) by period, in table order

	commentary_t commentary;	// of U and M
	data_quality_t quality;
	char overflow[160];		// when figures_monthly() refuses: the sum that left the int64 range
} monthly_t;

// One awarded year in the funding history.
typedef struct history_line {
	int fy;
	int64_t award, spend;
	bool complete;			// a year before M's, or M's own as at its March (P12)
	int periods;			// 12, or p for the year of M
	int64_t under;			// award - spend (complete years only)
	pct_t utilisation;		// spend / award
	bool provisional;		// M's year as at March: year-end accruals may still move it
} history_line_t;

typedef struct delivery_line {
	const char *measure;
	const char *label;
	measure_kind_t kind;
	int64_t by_year[SUMMARY_MAX_YEARS];	// thousandths, indexed like summary.history
	int64_t total;
} delivery_line_t;

typedef struct request_line {
	int fy;
	int64_t amount;
	const char *reference;
} request_line_t;

// A value-for-money ratio with the figures it is made of.
typedef struct vfm_line {
	const char *label;		// "Spend per network disrupted"
	int64_t numerator;		// pence
	int64_t denominator;		// thousandths (outcomes) or pence (grant)
	bool has;			// false where the denominator is 0
	int64_t pence;			// the ratio, in pence, rounded half away from zero
} vfm_line_t;

// The funding-continuation summary of a unit as at month M.
typedef struct summary {
	report_meta_t meta;
	month_t month;
	int fy, period;

	int n_years;
	history_line_t *history;	// oldest first, up to the year of M (the latest SUMMARY_MAX_YEARS)
	int64_t total_award, total_spend;
	pct_t total_utilisation;

	int n_delivery;
	delivery_line_t *delivery;	// by_year indexed like history
	bool levels_used;
	int64_t level_by_year[SUMMARY_MAX_YEARS][LEVEL_COUNT];

	vfm_line_t vfm[3];		// per network disrupted, per arrest, cash seized per £ of grant

	int n_series;
	series_t series[4];		// the main outcome measures by year; without any, other counts
	bool series_main;		// the series are main measures

	const monthly_t *current;	// the monthly return of M (same figures)

	int n_requests;
	request_line_t *requests;
	int n_continuation;
	const char **continuation;	// the array is the report's; the texts the dataset's

	data_quality_t quality;
	char overflow[160];		// when figures_summary() refuses: the sum that left the int64 range
} summary_t;

/* ---- the network overview ---- */

// One unit of the network overview: the figures of its monthly return for M, copied from its
// monthly_t (never computed again), and where that return stands in the output folder.
typedef struct network_unit {
	const char *unit, *slug;
	const char *reference, *funder;	// of the unit's grant for the year
	int64_t award;
	spend_line_t total;		// the return's Total row
	rag_t spend_rag;
	int64_t forecast_variance, remaining;
	int n_explanations;		// categories whose explanation is needed
	int n_outcomes;
	outcome_line_t *outcomes;	// the return's outcome rows (the array is the overview's)
	cost_line_t costs[2];		// spend per network disrupted, per arrest
	long rejected_count, ignored_rows;
	bool profile_assumed_even, budget_mismatch;
	bool has_latest_spend;
	month_t latest_spend_month;
	int latest_spend_day;
	// The pack: not a figure, but what the run found in the output folder once it had written
	// the month's returns (set by the run; the renderers only show it).
	char pack_file[192];		// "<slug>/<YYYY-MM>-monthly-return.pdf"
	bool pack_written;		// false: no return stands there
	char pack_sha256[65];
} network_unit_t;

// One measure across the network: each unit's row of it, and the network's total.
typedef struct network_measure {
	const char *measure, *label;
	measure_kind_t kind;
	int *rows;			// per unit: the index of its row in units[u].outcomes, or -1
	int64_t ytd;			// thousandths: the sum of the units' YTD
	int n_targets;			// units with a target for the year
	int64_t target, pro_rata;	// the sums of those units' targets and pro-rata targets
	rag_t rag;			// ytd against the summed pro-rata targets, by a unit's rule;
					// none when no unit has a target
} network_measure_t;

// The network overview of month M: every unit with an awarded grant for the year of M.
typedef struct network {
	report_meta_t meta;		// unit: the network's name; slug, reference, funder: none
	const config_t *cfg;		// thresholds and measure labels (outlives the overview)
	month_t month;
	int fy, period;

	int n_units;
	network_unit_t *units;		// in the order of their first row in grants.csv
	int64_t award;
	spend_line_t total;		// the sums of the units' Total rows, with the variance % of the sums
	rag_t spend_rag;		// on the total's variance %, by a unit's rule
	int64_t forecast_variance, remaining;
	int rag_count[4];		// units by spend RAG, indexed by rag_t (RAG_NONE: no RAG)
	int n_explaining;		// units with a category whose explanation is needed

	int n_measures;
	network_measure_t *measures;	// every measure of any unit, in the contract's order
	cost_line_t costs[2];		// the network's YTD spend per network disrupted, per arrest

	long excluded_rows;		// spend rows of other cost centres (the whole run)
	long rejected_unknown;		// rejected rows with no known unit (in every unit's count)
} network_t;

// 'figures_monthly()' - Compute the return of unit for month; false when the unit has no award for
//                       it, or when a sum would leave the int64 range: then out->overflow names it
//                       ("the year to date of arrests") and out holds nothing else to free.
bool figures_monthly(const dataset_t *ds, const config_t *cfg, int unit, month_t month, monthly_t *out);

// 'figures_summary()' - Compute the continuation summary as at month (uses a monthly_t the caller
//                       owns); false as figures_monthly() is, out->overflow naming the sum.
bool figures_summary(const dataset_t *ds, const config_t *cfg, int unit, month_t month,
                     const monthly_t *current, summary_t *out);

// 'figures_network()' - The network overview of month: every unit with an awarded grant for its
//                       year, in grants.csv order, each as its monthly return (figures_monthly())
//                       has it, and the network's totals.  O - false (message given) when a total
//                       would leave the int64 range.
bool figures_network(const dataset_t *ds, const config_t *cfg, month_t month, network_t *out);

// The same in steps, from monthly returns the caller makes: begin an empty overview of month,
// add each unit's return in order (its figures are copied: the caller may free it at once), then
// end, which judges the totals and the measures.  add: false (message given) when a total would
// leave the int64 range.
void figures_network_begin(const dataset_t *ds, const config_t *cfg, month_t month, network_t *out);
bool figures_network_add(network_t *n, const monthly_t *m);
void figures_network_end(network_t *n);

void figures_monthly_free(monthly_t *m);
void figures_summary_free(summary_t *s);
void figures_network_free(network_t *n);

#endif
