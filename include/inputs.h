// The input files of the contract (section 3) and their columns: one table that report.ini's
// [columns.<file>] sections, the header search and the row handlers all go by.
#ifndef INPUTS_H
#define INPUTS_H

#include <stdbool.h>

// The input files, in the order they are read.
enum input_file { FILE_GRANTS, FILE_BUDGET, FILE_SPEND, FILE_OUTCOMES, FILE_TARGETS, FILE_COMMENTARY, FILE_COUNT };

// Each file's columns, by their place in its table below (a row's field[] has the same order).
enum { G_UNIT, G_FY, G_AMOUNT, G_STATUS, G_REFERENCE, G_FUNDER, G_COLUMNS };
enum { B_UNIT, B_MONTH, B_CATEGORY, B_AMOUNT, B_COLUMNS };
enum { S_DATE, S_UNIT, S_CATEGORY, S_AMOUNT, S_SUPPLIER, S_DESCRIPTION, S_REFERENCE, S_COST_CENTRE, S_COLUMNS };
enum { O_DATE, O_UNIT, O_MEASURE, O_VALUE, O_LEVEL, O_REFERENCE, O_NOTES, O_COLUMNS };
enum { T_UNIT, T_FY, T_MEASURE, T_TARGET, T_COLUMNS };
enum { C_UNIT, C_MONTH, C_SECTION, C_TEXT, C_COLUMNS };
#define INPUT_MAX_COLUMNS 8

typedef struct input_column {
	const char *name;	// canonical: "cost_centre"
	bool required;		// the header must have it (report.ini can change this for
				// spend's and outcomes' unit and spend's cost_centre)
	bool used;		// the figures read it; the others are allowed and never kept
} input_column_t;

typedef struct input_spec {
	const char *file;	// "spend.csv"
	const char *name;	// "spend", as in [columns.spend]
	bool optional;		// the folder may lack it
	int unit_column;	// where the unit is
	int ncols;
	input_column_t cols[INPUT_MAX_COLUMNS];
} input_spec_t;

extern const input_spec_t input_files[FILE_COUNT];

// 'input_column()' - The place of a canonical column in a file's table, or -1.
int input_column(enum input_file f, const char *name);

#endif
