// Everything read from the input folder, aggregated: what the figures are computed from.
//
// Spend and outcomes are summed into cells as they are read (no row is kept), so memory
// grows with the number of distinct (unit, category, month) cells, never with rows.
// The dataset owns every string in it; dataset_free() releases all.
#ifndef DATASET_H
#define DATASET_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "inputs.h"
#include "table.h"
#include "vocab.h"

// A single spend cell may not pass this magnitude (pence), so totals over a year cannot overflow.
#define CELL_LIMIT_PENCE INT64_C(1000000000000000)

// A rejected or footer row, as stderr named it.
typedef struct row_note {
	const char *file;		// the file's name: "spend.csv" (stderr shows the path)
	long line;
	const char *reason;		// 'amount "12,34" is not a sum of money'
} row_note_t;

// Rejected rows kept for the reports, per unit (the rest are counted).
#define REJECTED_KEPT 1000

typedef struct input_hash {
	const char *file;
	char sha256[65];
} input_hash_t;

typedef struct grant {
	int unit;
	int fy;
	int64_t amount;
	bool awarded;
	const char *reference, *funder;
} grant_t;

typedef struct unit {
	const char *name;
	char slug[128];
	int first_fy;			// the first financial year with an awarded grant (-1: none)
	// What the unit has, so its figures never look through every unit's: categories with spend,
	// measures with outcome rows or targets (ids, in the order first seen).
	int n_categories, *categories;
	int n_measures, *measures;
	int n_comments, *comments;	// indices into the dataset's comments, in file order
	int n_requests, *requests;	// indices into its grants of the unit's requested ones
	int n_notes, *notes;		// indices into its notes of the unit's rejected rows
	long rejected, rejected_kept;	// rows of this unit rejected, and how many notes kept
	long ignored_rows;		// spend dated outside every awarded year
} unit_t;

typedef struct target {
	int unit, fy, measure;
	int64_t value;			// thousandths
} target_t;

typedef struct comment {
	int unit;
	month_t month;
	int section;
	const char *text;
} comment_t;

// A unit's rows of one measure dated in one month, summed by level: one look-up gives them all.
typedef struct outcome_cell {
	int64_t value[LEVEL_COUNT + 1];	// thousandths: [0] of rows with no level, [1 + LEVEL_*] of each level
	unsigned levels;		// bit l set once a row went into value[l] (its sum may still be 0)
	long rows;
} outcome_cell_t;

typedef struct budget_order {
	int unit, fy;
	int n;
	int *categories;		// in order of first appearance
} budget_order_t;

// A rejected row or a footer: unit -1 when it belongs to every report.
typedef struct note {
	row_note_t note;
	int unit;
} note_t;

typedef struct dataset {
	strtab_t strings;		// every text kept (names, references, commentary), by id
	strtab_t categories;
	strtab_t measures;
	strtab_t unit_names;		// id == index into units
	strtab_t slugs;			// id == index into units: a slug is one unit's

	int n_units;
	unit_t *units;
	int n_grants;
	grant_t *grants;
	sums_t awards;			// key_cell(unit, 0, fy) -> 1 + index of its awarded grant

	sums_t budget;			// key_cell(unit, category, month) -> pence
	int n_orders;
	budget_order_t *orders;
	sums_t order_at;		// key_cell(unit, 0, fy) -> 1 + index into orders
	sums_t budget_total;		// key_cell(unit, 0, fy) -> pence: a year's budget so far (guards overflow)
	sums_t spend;			// key_cell(unit, category, month) -> pence
	sums_t spend_day;		// key_cell(unit, 0, month) -> the latest day of the unit's spend
					// counted in that month (0: only bare-month dates)
	int n_outcome_cells, cap_outcome_cells;
	outcome_cell_t *outcome_cells;
	sums_t outcome_at;		// key_cell(unit, measure, month) -> 1 + index into outcome_cells
	sums_t listed;			// key_cell(unit, id, LIST_*) -> 1 once id is in the unit's list
	int n_targets;
	target_t *targets;
	sums_t target_at;		// key_cell(unit, measure, fy) -> 1 + index into targets
	int n_comments;
	comment_t *comments;

	int n_notes;			// rejected rows kept, in reading order
	note_t *notes;
	int n_common_notes, *common_notes;	// indices of those without a known unit (every report's)
	long rejected_all;		// rejected rows without a known unit (shown in every report)
	long rejected_all_kept;
	int n_footers;
	note_t *footers;
	long excluded_rows;		// spend of other cost centres
	long rejected_total;

	int n_inputs;
	input_hash_t inputs[FILE_COUNT + 1];
} dataset_t;

// The lists of a unit, in the table ds->listed.
enum { LIST_CATEGORY = -1, LIST_MEASURE = -2 };

// Keys of the cell tables: room for every unit, category or measure id an int holds, so none is
// refused for want of a bit.
static inline cell_key_t
key_cell(int unit, int id, month_t m)
{
	return (cell_key_t){ (uint64_t)(uint32_t)unit << 32 | (uint32_t)id, (uint64_t)(uint32_t)m << 3 };
}

// 'dataset_load()' - Read every input file of dir.  O - ROIT_OK or an exit code (message given).
int dataset_load(const char *dir, const config_t *cfg, dataset_t *ds);
void dataset_free(dataset_t *ds);

// 'dataset_award()' - The awarded grant of unit for fy, or NULL.
const grant_t *dataset_award(const dataset_t *ds, int unit, int fy);

// 'dataset_outcome()' - unit's rows of measure dated in month m, or NULL when none was read
//                       (a cell is made as its first row is counted; its rows may then be
//                       refused, so callers that ask whether there are rows look at rows).
const outcome_cell_t *dataset_outcome(const dataset_t *ds, int unit, int measure, month_t m);

// 'dataset_first_fy()' - The first financial year unit has an award for, or -1.
int dataset_first_fy(const dataset_t *ds, int unit);

#endif
