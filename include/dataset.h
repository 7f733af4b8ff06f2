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

	int n_units;
	unit_t *units;
	int n_grants;
	grant_t *grants;

	sums_t budget;			// key_cell(unit, category, month) -> pence
	int n_orders;
	budget_order_t *orders;
	sums_t spend;			// key_cell(unit, category, month) -> pence
	sums_t spend_day;		// key_cell(unit, 0, month) -> the latest day of the unit's spend
					// counted in that month (0: only bare-month dates)
	sums_t outcomes;		// key_outcome(unit, measure, month, level) -> thousandths
	sums_t outcome_seen;		// key_outcome(unit, measure, fy, 0) -> rows (which measures a year has)
	int n_targets;
	target_t *targets;
	int n_comments;
	comment_t *comments;

	int n_notes;			// rejected rows kept, in reading order
	note_t *notes;
	long rejected_all;		// rejected rows without a known unit (shown in every report)
	long rejected_all_kept;
	int n_footers;
	note_t *footers;
	long excluded_rows;		// spend of other cost centres
	long rejected_total;

	int n_inputs;
	input_hash_t inputs[FILE_COUNT + 1];
} dataset_t;

// Packed keys of the cell tables.  level is 0 for "no level", else 1 + LEVEL_*.
static inline uint64_t
key_cell(int unit, int id, month_t m)
{
	return ((uint64_t)(unsigned)unit << 48) | ((uint64_t)(unsigned)id << 20) | (uint64_t)(unsigned)m;
}

static inline uint64_t
key_outcome(int unit, int measure, month_t m, int level)
{
	return key_cell(unit, measure, m) << 3 | (uint64_t)(unsigned)level;
}

// 'dataset_load()' - Read every input file of dir.  O - ROIT_OK or an exit code (message given).
int dataset_load(const char *dir, const config_t *cfg, dataset_t *ds);
void dataset_free(dataset_t *ds);

// 'dataset_award()' - The awarded grant of unit for fy, or NULL.
const grant_t *dataset_award(const dataset_t *ds, int unit, int fy);

// 'dataset_first_fy()' - The first financial year unit has an award for, or -1.
int dataset_first_fy(const dataset_t *ds, int unit);

#endif
