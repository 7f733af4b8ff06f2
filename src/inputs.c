// The input files and their columns, as the contract's section 3 lists them.
#include <string.h>

#include "inputs.h"

#define REQ(name) { name, true, true }		// in every header, read
#define OPT(name) { name, false, true }		// optional, read when present
#define SEEN(name) { name, false, false }	// optional, never read

const input_spec_t input_files[FILE_COUNT] = {
	[FILE_GRANTS] = { "grants.csv", "grants", false, G_UNIT, G_COLUMNS, {
		[G_UNIT] = REQ("unit"), [G_FY] = REQ("financial_year"), [G_AMOUNT] = REQ("amount"),
		[G_STATUS] = OPT("status"), [G_REFERENCE] = OPT("reference"), [G_FUNDER] = OPT("funder") } },
	[FILE_BUDGET] = { "budget.csv", "budget", true, B_UNIT, B_COLUMNS, {
		[B_UNIT] = REQ("unit"), [B_MONTH] = REQ("month"), [B_CATEGORY] = REQ("category"),
		[B_AMOUNT] = REQ("amount") } },
	[FILE_SPEND] = { "spend.csv", "spend", false, S_UNIT, S_COLUMNS, {
		[S_DATE] = REQ("date"), [S_UNIT] = REQ("unit"), [S_CATEGORY] = REQ("category"),
		[S_AMOUNT] = REQ("amount"), [S_SUPPLIER] = SEEN("supplier"), [S_DESCRIPTION] = SEEN("description"),
		[S_REFERENCE] = SEEN("reference"), [S_COST_CENTRE] = OPT("cost_centre") } },
	[FILE_OUTCOMES] = { "outcomes.csv", "outcomes", false, O_UNIT, O_COLUMNS, {
		[O_DATE] = REQ("date"), [O_UNIT] = REQ("unit"), [O_MEASURE] = REQ("measure"),
		[O_VALUE] = OPT("value"), [O_LEVEL] = OPT("level"), [O_REFERENCE] = SEEN("reference"),
		[O_NOTES] = SEEN("notes") } },
	[FILE_TARGETS] = { "targets.csv", "targets", true, T_UNIT, T_COLUMNS, {
		[T_UNIT] = REQ("unit"), [T_FY] = REQ("financial_year"), [T_MEASURE] = REQ("measure"),
		[T_TARGET] = REQ("target") } },
	[FILE_COMMENTARY] = { "commentary.csv", "commentary", true, C_UNIT, C_COLUMNS, {
		[C_UNIT] = REQ("unit"), [C_MONTH] = REQ("month"), [C_SECTION] = REQ("section"),
		[C_TEXT] = REQ("text") } },
};

int
input_column(enum input_file f, const char *name)
{
	for (int k = 0; k < input_files[f].ncols; k++)
		if (strcmp(input_files[f].cols[k].name, name) == 0)
			return k;
	return -1;
}
