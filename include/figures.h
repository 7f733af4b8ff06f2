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

#include "values.h"

typedef enum rag {
	RAG_NONE = 0,	// no RAG (no profile, no target)
	RAG_GREEN,
	RAG_AMBER,
	RAG_RED
} rag_t;

typedef enum measure_kind {
	KIND_COUNT = 0,
	KIND_QUANTITY,
	KIND_MONEY
} measure_kind_t;

// Disruption levels of the national scale, in the order reports show them.
enum { LEVEL_MAJOR, LEVEL_MODERATE, LEVEL_MINOR, LEVEL_NONE, LEVEL_NEGATIVE, LEVEL_COUNT };
extern const char *const level_names[LEVEL_COUNT];	// "major", ...

// Commentary sections, in the order reports show them.
enum { SECTION_SUMMARY, SECTION_SPEND, SECTION_OUTCOMES, SECTION_RISKS, SECTION_CONTINUATION, SECTION_COUNT };
extern const char *const section_names[SECTION_COUNT];	// "summary", ...

// A percentage to one decimal place, or none ("n/a").
typedef struct pct {
	bool has;
	int64_t tenths;		// 42 is 4.2%, rounded half away from zero
} pct_t;

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

// A measure's values by period (monthly chart) or by year (summary chart).
typedef struct series {
	const char *measure;
	const char *label;
	int n;
	int64_t values[12];
} series_t;

// A rejected or footer row, as stderr named it.
typedef struct row_note {
	const char *file;		// the file's name: "spend.csv" (stderr shows the path)
	long line;
	const char *reason;		// 'amount "12,34" is not a sum of money'
} row_note_t;

typedef struct input_hash {
	const char *file;
	char sha256[65];
} input_hash_t;

// What every report says about the state of the data.
typedef struct data_quality {
	long rejected_count;
	int n_rejected;			// entries held in rejected (capped, see REJECTED_KEPT)
	const row_note_t *const *rejected;
	int n_footers;
	const row_note_t *const *footers;
	long ignored_rows;		// spend of the unit outside every awarded year
	long excluded_rows;		// spend rows of other cost centres (whole run)
	bool profile_assumed_even;
	bool budget_mismatch;
	int64_t budget_total, award;	// when budget_mismatch
} data_quality_t;

#define REJECTED_KEPT 1000

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
} report_meta_t;

typedef struct commentary {
	int n[SECTION_COUNT];
	const char *const *text[SECTION_COUNT];
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
	series_t series[4];		// the main outcome measures by period

	commentary_t commentary;	// of U and M
	data_quality_t quality;
	char overflow[160];		// when figures_monthly() refuses: the sum that left the int64 range
} monthly_t;

// One awarded year in the funding history.
typedef struct history_line {
	int fy;
	int64_t award, spend;
	bool complete;			// false for the year of M
	int periods;			// 12, or p for the year of M
	int64_t under;			// award - spend (complete years only)
	pct_t utilisation;		// spend / award
} history_line_t;

typedef struct delivery_line {
	const char *measure;
	const char *label;
	measure_kind_t kind;
	int64_t by_year[16];		// thousandths, index as summary.years
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
	history_line_t *history;	// oldest first, up to the year of M
	int64_t total_award, total_spend;
	pct_t total_utilisation;

	int n_delivery;
	delivery_line_t *delivery;	// by_year indexed like history
	bool levels_used;
	int64_t level_by_year[16][LEVEL_COUNT];

	vfm_line_t vfm[3];		// per network disrupted, per arrest, cash seized per £ of grant

	const monthly_t *current;	// the monthly return of M (same figures)

	int n_requests;
	request_line_t *requests;
	int n_continuation;
	const char *const *continuation;

	data_quality_t quality;
	char overflow[160];		// when figures_summary() refuses: the sum that left the int64 range
} summary_t;

struct dataset;
struct config;

// 'figures_monthly()' - Compute the return of unit for month; false when the unit has no award for
//                       it, or when a sum would leave the int64 range: then out->overflow names it
//                       ("the year to date of arrests") and out holds nothing else to free.
bool figures_monthly(const struct dataset *ds, const struct config *cfg, int unit, month_t month, monthly_t *out);

// 'figures_summary()' - Compute the continuation summary as at month (uses a monthly_t the caller
//                       owns); false as figures_monthly() is, out->overflow naming the sum.
bool figures_summary(const struct dataset *ds, const struct config *cfg, int unit, month_t month,
                     const monthly_t *current, summary_t *out);

void figures_monthly_free(monthly_t *m);
void figures_summary_free(summary_t *s);

// Arithmetic the renderers share, so every output rounds the same way.
int64_t div_round(int64_t num, int64_t den);		// half away from zero; den != 0
const char *rag_word(rag_t rag);			// "GREEN", ... or NULL
void format_pounds(int64_t pence, char *buf, size_t size);	// "£12,345", "-£1,200" (UTF-8)
void format_pence(int64_t pence, char *buf, size_t size);	// "£12,345.67"
void format_pct(pct_t pct, char *buf, size_t size);		// "4.2%" or "n/a"
void format_bp(int64_t bp, char *buf, size_t size);		// hundredths of a percent: 500 "5%", 750 "7.5%"
void format_value(int64_t thousandths, measure_kind_t kind, bool for_json, char *buf, size_t size);
		// counts "1,234"; quantities "12.125"; money "£1,234" (PDF) or 1234.5 (JSON)

#endif
