// Input folder → dataset_t: each file's rows checked, typed and summed into cells.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "dataset.h"
#include "format.h"
#include "roit.h"
#include "values.h"

// Rejected rows named on stderr before the rest are only counted.
#define STDERR_REJECTS 1000
// Longest unit or category name and measure key (bytes): a longer one is rejected, never cut
// (two names alike in their first bytes would become one).
#define NAME_MAX_BYTES 511
#define KEY_MAX_BYTES 255

// The file being read.
typedef struct ingest {
	dataset_t *ds;
	const config_t *cfg;
	enum input_file file;
	const char *display;		// path as given, for stderr
	long stderr_rejects;
	int status;
} ingest_t;

// 'printable()' - A value as it may be quoted in a message: at most 60 bytes, controls as '?'.
static void
printable(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 4 < size && o < 60; s++)
		buf[o++] = (unsigned char)*s < 0x20 || *s == 0x7F ? '?' : *s;
	if (*s) {
		// Do not cut a UTF-8 sequence in half.
		while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0 && (unsigned char)buf[o - 1] >= 0xC0)
			o--;
		buf[o++] = '.', buf[o++] = '.', buf[o++] = '.';
	}
	buf[o] = '\0';
}

// 'keep()' - Intern a text in the dataset; the pointer lives as long as the dataset.
static const char *
keep(dataset_t *ds, const char *s)
{
	int id = strtab_intern(&ds->strings, s);	// may move the array: index it after

	return ds->strings.strings[id];
}

// 'push()' - Append x to a list of ints that grows as it needs.
static void
push(int **v, int *n, int x)
{
	if (*n % 16 == 0 && (*n < 256 || (*n & (*n - 1)) == 0))
		*v = xrealloc(*v, ((size_t)*n < 256 ? (size_t)*n + 16 : 2 * (size_t)*n) * sizeof **v);
	(*v)[(*n)++] = x;
}

static void reject(ingest_t *in, long line, int unit, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

// 'reject()' - A row left out of every figure: named on stderr and kept for the reports.
static void
reject(ingest_t *in, long line, int unit, const char *fmt, ...)
{
	dataset_t *ds = in->ds;
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	ds->rejected_total++;
	if (in->stderr_rejects++ < STDERR_REJECTS)
		roit_warn("%s:%ld: %s", in->display, line, reason);

	long *count = unit >= 0 ? &ds->units[unit].rejected : &ds->rejected_all;
	long *kept = unit >= 0 ? &ds->units[unit].rejected_kept : &ds->rejected_all_kept;
	(*count)++;
	if (*kept >= REJECTED_KEPT)
		return;
	(*kept)++;
	if (ds->n_notes % 64 == 0)
		ds->notes = xrealloc(ds->notes, ((size_t)ds->n_notes + 64) * sizeof *ds->notes);
	ds->notes[ds->n_notes] = (note_t){ { input_files[in->file].file, line, keep(ds, reason) }, unit };
	if (unit >= 0)
		push(&ds->units[unit].notes, &ds->units[unit].n_notes, ds->n_notes);
	else
		push(&ds->common_notes, &ds->n_common_notes, ds->n_notes);
	ds->n_notes++;
}

// 'bad_value()' - Reject a row for one field's value: 'amount "12,34" is not a sum of money'.
static void
bad_value(ingest_t *in, long line, int unit, const char *column, const char *value, const char *what)
{
	char shown[80];

	printable(value, shown, sizeof shown);
	if (value[0] == '\0')
		reject(in, line, unit, "%s is empty", column);
	else
		reject(in, line, unit, "%s \"%s\" %s", column, shown, what);
}

// 'trimmed_length()' - The length of a field without surrounding spaces.
static size_t
trimmed_length(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

// 'trimmed()' - A field without surrounding spaces, in a buffer the caller gives.
static const char *
trimmed(const char *s, char *buf, size_t size)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

// 'find_unit()' - The unit of a row: its column, or report.ini's constant; -1 (rejected) when unknown.
static int
find_unit(ingest_t *in, const csvin_row_t *row, int col, const char *constant)
{
	char name[NAME_MAX_BYTES + 1];
	const char *field = constant && (!row->present[col] || row->field[col][0] == '\0') ? constant : row->field[col];
	int id;

	if (trimmed_length(field) > NAME_MAX_BYTES) {
		reject(in, row->line, -1, "unit is longer than %d bytes", NAME_MAX_BYTES);
		return -1;
	}
	trimmed(field, name, sizeof name);
	if (name[0] == '\0') {
		reject(in, row->line, -1, "unit is empty");
		return -1;
	}
	if ((id = strtab_find(&in->ds->unit_names, name)) < 0) {
		char shown[80];

		printable(name, shown, sizeof shown);
		reject(in, row->line, -1, "unit \"%s\" has no grant in grants.csv", shown);
	}
	return id;
}

// 'add_cell()' - Add to a spend or budget cell within CELL_LIMIT_PENCE; false when it would pass it.
static bool
add_cell(sums_t *t, cell_key_t key, int64_t pence)
{
	int64_t *cell = sums_slot(t, key);
	int64_t sum = *cell + pence;	// both below 10^15 in magnitude: cannot overflow

	if (sum > CELL_LIMIT_PENCE || sum < -CELL_LIMIT_PENCE)
		return false;
	*cell = sum;
	return true;
}

// 'note_list()' - Put id in one of a unit's lists (LIST_CATEGORY, LIST_MEASURE) unless it is there.
static void
note_list(dataset_t *ds, int unit, int id, int list)
{
	int64_t *seen = sums_slot(&ds->listed, key_cell(unit, id, list));
	unit_t *u = &ds->units[unit];
	int **ids = list == LIST_CATEGORY ? &u->categories : &u->measures;
	int *n = list == LIST_CATEGORY ? &u->n_categories : &u->n_measures;

	if (*seen)
		return;
	*seen = 1;
	if (*n % 16 == 0)
		*ids = xrealloc(*ids, ((size_t)*n + 16) * sizeof **ids);
	(*ids)[(*n)++] = id;
}

// 'category_id()' - Intern a category; an empty one counts as "Uncategorised".
static int
category_id(ingest_t *in, const char *field, long line, int unit)
{
	char name[NAME_MAX_BYTES + 1];

	if (trimmed_length(field) > NAME_MAX_BYTES) {
		reject(in, line, unit, "category is longer than %d bytes", NAME_MAX_BYTES);
		return -1;
	}
	trimmed(field, name, sizeof name);
	return strtab_intern(&in->ds->categories, name[0] ? name : "Uncategorised");
}

/* ---- grants.csv ---- */

// 'add_unit()' - A unit named in grants.csv; its slug must be unique.
static int
add_unit(ingest_t *in, const char *name, long line)
{
	dataset_t *ds = in->ds;
	int id = strtab_find(&ds->unit_names, name);
	char slug[128];

	if (id >= 0)
		return id;
	if (!value_slug(name, slug, sizeof slug)) {
		bad_value(in, line, -1, "unit", name, "has no file-name form");
		return -1;
	}
	// No fixed number of units: the slugs are looked up, not scanned.
	int u = strtab_find(&ds->slugs, slug);
	if (u >= 0) {
		roit_error("%s:%ld: units \"%s\" and \"%s\" have the same file name \"%s\"",
		           in->display, line, ds->units[u].name, name, slug);
		in->status = ROIT_EX_DATAERR;
		return -1;
	}
	id = strtab_intern(&ds->unit_names, name);
	strtab_intern(&ds->slugs, slug);
	if ((size_t)ds->n_units % 64 == 0)
		ds->units = xrealloc(ds->units, ((size_t)ds->n_units + 64) * sizeof *ds->units);
	ds->units[ds->n_units] = (unit_t){ .name = ds->unit_names.strings[id], .first_fy = -1 };
	snprintf(ds->units[ds->n_units].slug, sizeof slug, "%s", slug);
	ds->n_units++;
	return id;
}

// 'grant_status()' - "awarded" (or empty) / "requested", any case.
static int
grant_status(const char *field)
{
	char s[32];

	csvin_header_key(field, s, sizeof s);
	if (s[0] == '\0' || strcmp(s, "awarded") == 0)
		return 1;
	return strcmp(s, "requested") == 0 ? 0 : -1;
}

static void
grant_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	char name[NAME_MAX_BYTES + 1], text[512];
	int64_t amount = 0;
	int fy, unit, awarded;

	if (in->status != ROIT_OK)
		return;
	if (trimmed_length(row->field[G_UNIT]) > NAME_MAX_BYTES) {
		reject(in, row->line, -1, "unit is longer than %d bytes", NAME_MAX_BYTES);
		return;
	}
	trimmed(row->field[G_UNIT], name, sizeof name);
	if (name[0] == '\0') {
		reject(in, row->line, -1, "unit is empty");
		return;
	}
	if (!value_parse_fy(row->field[G_FY], &fy)) {
		bad_value(in, row->line, -1, "financial_year", row->field[G_FY], "is not a financial year (YYYY/YY)");
		return;
	}
	if (!value_parse_money(row->field[G_AMOUNT], &amount) || amount < 0) {
		bad_value(in, row->line, -1, "amount", row->field[G_AMOUNT],
		          amount < 0 ? "is negative: a grant is 0 or more" : "is not a sum of money");
		return;
	}
	if ((awarded = grant_status(row->field[G_STATUS])) < 0) {
		bad_value(in, row->line, -1, "status", row->field[G_STATUS], "is not awarded or requested");
		return;
	}
	if ((unit = add_unit(in, name, row->line)) < 0)
		return;
	if (awarded && dataset_award(ds, unit, fy)) {
		format_fy(fy, '/', text);
		reject(in, row->line, unit, "a second awarded grant for %s", text);
		return;
	}
	grant_t g = { unit, fy, amount, awarded != 0,
	              keep(ds, trimmed(row->field[G_REFERENCE], text, sizeof text)), NULL };
	g.funder = keep(ds, trimmed(row->field[G_FUNDER], text, sizeof text));
	if ((size_t)ds->n_grants % 64 == 0)
		ds->grants = xrealloc(ds->grants, ((size_t)ds->n_grants + 64) * sizeof g);
	ds->grants[ds->n_grants++] = g;
	// Indexed, so a unit's award for a year is found at once however many units there are.
	if (awarded) {
		*sums_slot(&ds->awards, key_cell(unit, 0, fy)) = ds->n_grants;
		if (ds->units[unit].first_fy < 0 || fy < ds->units[unit].first_fy)
			ds->units[unit].first_fy = fy;
	} else {
		push(&ds->units[unit].requests, &ds->units[unit].n_requests, ds->n_grants - 1);
	}
}

/* ---- budget.csv ---- */

// 'parse_month_field()' - A month column: "YYYY-MM", or a date in it.
static bool
parse_month_field(const char *s, month_t *m)
{
	date_t d;

	if (value_parse_month(s, m))
		return true;
	if (!value_parse_date(s, &d))
		return false;
	*m = month_of(d.year, d.month);
	return true;
}

// 'note_order()' - Remember the order categories first appear in a unit's budget for a year.
static void
note_order(dataset_t *ds, int unit, int fy, int category)
{
	int64_t *at = sums_slot(&ds->order_at, key_cell(unit, 0, fy));
	budget_order_t *o;

	if (*at == 0) {
		if (ds->n_orders % 64 == 0)
			ds->orders = xrealloc(ds->orders, ((size_t)ds->n_orders + 64) * sizeof *ds->orders);
		ds->orders[ds->n_orders] = (budget_order_t){ unit, fy, 0, NULL };
		*at = ++ds->n_orders;
	}
	o = &ds->orders[*at - 1];
	for (int i = 0; i < o->n; i++)
		if (o->categories[i] == category)
			return;
	o->categories = xrealloc(o->categories, (size_t)(o->n + 1) * sizeof(int));
	o->categories[o->n++] = category;
}

static void
budget_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	int64_t amount;
	month_t m;
	int unit, cat;

	if ((unit = find_unit(in, row, B_UNIT, NULL)) < 0)
		return;
	if (!parse_month_field(row->field[B_MONTH], &m)) {
		bad_value(in, row->line, unit, "month", row->field[B_MONTH], "is not a month (YYYY-MM)");
		return;
	}
	if (!value_parse_money(row->field[B_AMOUNT], &amount)) {
		bad_value(in, row->line, unit, "amount", row->field[B_AMOUNT], "is not a sum of money");
		return;
	}
	if ((cat = category_id(in, row->field[B_CATEGORY], row->line, unit)) < 0)
		return;
	// The year's total is checked first, so the row counts in both sums or in neither.
	int64_t year = sums_get(&ds->budget_total, key_cell(unit, 0, fy_of_month(m)));
	if (year + amount > CELL_LIMIT_PENCE || year + amount < -CELL_LIMIT_PENCE) {
		bad_value(in, row->line, unit, "amount", row->field[B_AMOUNT], "takes the year's budget out of range");
		return;
	}
	if (!add_cell(&ds->budget, key_cell(unit, cat, m), amount)) {
		bad_value(in, row->line, unit, "amount", row->field[B_AMOUNT], "takes the month's budget out of range");
		return;
	}
	add_cell(&ds->budget_total, key_cell(unit, 0, fy_of_month(m)), amount);
	note_order(ds, unit, fy_of_month(m), cat);
}

/* ---- spend.csv ---- */

// 'cost_centre_listed()' - The reader's filter: true when report.ini lists this cost centre
//                          (compared after trimming spaces).
static bool
cost_centre_listed(void *ctx, const char *value, size_t n)
{
	const config_t *cfg = ((const ingest_t *)ctx)->cfg;

	while (n > 0 && (*value == ' ' || *value == '\t'))
		value++, n--;
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	for (int i = 0; i < cfg->n_cost_centres; i++)
		if (strlen(cfg->cost_centres[i]) == n && memcmp(cfg->cost_centres[i], value, n) == 0)
			return true;
	return false;
}

// 'excluded()' - A spend row of another cost centre, skipped before any other check.
static void
excluded(void *ctx, long line)
{
	(void)line;
	((ingest_t *)ctx)->ds->excluded_rows++;
}

// 'in_awarded_year()' - True when unit has an award for the financial year of m.
static bool
in_awarded_year(const dataset_t *ds, int unit, month_t m)
{
	return dataset_award(ds, unit, fy_of_month(m)) != NULL;
}

static void
spend_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	int64_t amount;
	date_t d;
	int unit, cat;

	if ((unit = find_unit(in, row, S_UNIT, in->cfg->spend_unit)) < 0)
		return;
	if (!value_parse_date(row->field[S_DATE], &d)) {
		bad_value(in, row->line, unit, "date", row->field[S_DATE], "is not a date");
		return;
	}
	if (!value_parse_money(row->field[S_AMOUNT], &amount)) {
		bad_value(in, row->line, unit, "amount", row->field[S_AMOUNT], "is not a sum of money");
		return;
	}
	month_t m = month_of(d.year, d.month);
	if (!in_awarded_year(ds, unit, m)) {
		ds->units[unit].ignored_rows++;
		return;
	}
	if ((cat = category_id(in, row->field[S_CATEGORY], row->line, unit)) < 0)
		return;
	size_t cells = ds->spend.count;
	if (!add_cell(&ds->spend, key_cell(unit, cat, m), amount)) {
		bad_value(in, row->line, unit, "amount", row->field[S_AMOUNT], "takes the month's spend out of range");
		return;
	}
	if (ds->spend.count != cells)	// a new cell: perhaps a category new to the unit
		note_list(ds, unit, cat, LIST_CATEGORY);
	int64_t *day = sums_slot(&ds->spend_day, key_cell(unit, 0, m));
	if (d.day > *day)
		*day = d.day;
}

/* ---- outcomes.csv and targets.csv ---- */

// 'measure_id()' - Intern a measure key (matched like a header: "Networks disrupted" = networks_disrupted).
static int
measure_id(ingest_t *in, const char *field, long line, int unit)
{
	char key[KEY_MAX_BYTES + 1];

	if (trimmed_length(field) > KEY_MAX_BYTES) {
		reject(in, line, unit, "measure is longer than %d bytes", KEY_MAX_BYTES);
		return -1;
	}
	csvin_header_key(field, key, sizeof key);
	if (key[0] == '\0') {
		reject(in, line, unit, "measure is empty");
		return -1;
	}
	return strtab_intern(&in->ds->measures, key);
}

// 'parse_measure_value()' - A value read by its measure's kind, into thousandths.
static bool
parse_measure_value(const config_t *cfg, const char *measure, const char *s, int64_t *out, const char **what)
{
	measure_kind_t kind;
	const char *label;
	int64_t v;

	config_measure(cfg, measure, &label, &kind);
	switch (kind) {
	case KIND_QUANTITY:
		*what = "is not a quantity (up to three decimals)";
		return value_parse_quantity(s, out);
	case KIND_MONEY:
		*what = "is not a sum of money of 0 or more";
		if (!value_parse_money(s, &v) || v < 0)
			return false;
		*out = v * 10;
		return true;
	default:
		*what = "is not a whole number of 0 or more";
		if (!value_parse_count(s, &v) || v > INT64_MAX / 1000)
			return false;
		*out = v * 1000;
		return true;
	}
}

// 'parse_level()' - A disruption level: 0 when empty, 1 + LEVEL_* when known, -1 otherwise.
static int
parse_level(const char *field)
{
	char key[32];

	csvin_header_key(field, key, sizeof key);
	if (key[0] == '\0')
		return 0;
	for (int i = 0; i < LEVEL_COUNT; i++)
		if (strcmp(key, level_names[i]) == 0)
			return i + 1;
	return -1;
}

// 'outcome_cell()' - unit's rows of measure in month m, made (all 0) the first time.
static outcome_cell_t *
outcome_cell(dataset_t *ds, int unit, int measure, month_t m)
{
	int64_t *at = sums_slot(&ds->outcome_at, key_cell(unit, measure, m));

	if (*at == 0) {
		if (ds->n_outcome_cells == ds->cap_outcome_cells) {
			ds->cap_outcome_cells = ds->cap_outcome_cells ? 2 * ds->cap_outcome_cells : 256;
			ds->outcome_cells = xrealloc(ds->outcome_cells,
			                             (size_t)ds->cap_outcome_cells * sizeof *ds->outcome_cells);
		}
		ds->outcome_cells[ds->n_outcome_cells++] = (outcome_cell_t){ .rows = 0 };
		*at = ds->n_outcome_cells;
	}
	return &ds->outcome_cells[*at - 1];
}

static void
outcome_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	int64_t value = 1000;
	const char *what;
	date_t d;
	int unit, measure, level;

	if ((unit = find_unit(in, row, O_UNIT, in->cfg->outcomes_unit)) < 0)
		return;
	if (!value_parse_date(row->field[O_DATE], &d)) {
		bad_value(in, row->line, unit, "date", row->field[O_DATE], "is not a date");
		return;
	}
	if ((measure = measure_id(in, row->field[O_MEASURE], row->line, unit)) < 0)
		return;
	if ((level = parse_level(row->field[O_LEVEL])) < 0) {
		bad_value(in, row->line, unit, "level", row->field[O_LEVEL],
		                 "is not major, moderate, minor, none or negative");
		return;
	}
	const char *key = ds->measures.strings[measure];
	if (row->present[O_VALUE] && !parse_measure_value(in->cfg, key, row->field[O_VALUE], &value, &what)) {
		bad_value(in, row->line, unit, "value", row->field[O_VALUE], what);
		return;
	}
	outcome_cell_t *cell = outcome_cell(ds, unit, measure, month_of(d.year, d.month));
	if (cell->value[level] > INT64_MAX / 4 - value) {
		bad_value(in, row->line, unit, "value", row->field[O_VALUE], "takes the month's total out of range");
		return;
	}
	cell->value[level] += value;
	cell->levels |= 1u << level;
	cell->rows++;
	note_list(ds, unit, measure, LIST_MEASURE);
}

static void
target_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	const char *what;
	int64_t value;
	int unit, fy, measure;

	if ((unit = find_unit(in, row, T_UNIT, NULL)) < 0)
		return;
	if (!value_parse_fy(row->field[T_FY], &fy)) {
		bad_value(in, row->line, unit, "financial_year", row->field[T_FY], "is not a financial year (YYYY/YY)");
		return;
	}
	if ((measure = measure_id(in, row->field[T_MEASURE], row->line, unit)) < 0)
		return;
	if (!parse_measure_value(in->cfg, ds->measures.strings[measure], row->field[T_TARGET], &value, &what)) {
		bad_value(in, row->line, unit, "target", row->field[T_TARGET], what);
		return;
	}
	int64_t *at = sums_slot(&ds->target_at, key_cell(unit, measure, fy));
	if (*at != 0) {
		reject(in, row->line, unit, "a second target for %s", ds->measures.strings[measure]);
		return;
	}
	if (ds->n_targets % 64 == 0)
		ds->targets = xrealloc(ds->targets, ((size_t)ds->n_targets + 64) * sizeof *ds->targets);
	ds->targets[ds->n_targets++] = (target_t){ unit, fy, measure, value };
	*at = ds->n_targets;
	note_list(ds, unit, measure, LIST_MEASURE);
}

/* ---- commentary.csv ---- */

static void
comment_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	char key[32];
	month_t m;
	int unit, section = -1;

	if ((unit = find_unit(in, row, C_UNIT, NULL)) < 0)
		return;
	if (!parse_month_field(row->field[C_MONTH], &m)) {
		bad_value(in, row->line, unit, "month", row->field[C_MONTH], "is not a month (YYYY-MM)");
		return;
	}
	csvin_header_key(row->field[C_SECTION], key, sizeof key);
	for (int i = 0; i < SECTION_COUNT; i++)
		if (strcmp(key, section_names[i]) == 0)
			section = i;
	if (section < 0) {
		bad_value(in, row->line, unit, "section", row->field[C_SECTION],
		                 "is not summary, spend, outcomes, risks or continuation");
		return;
	}
	const char *text = row->field[C_TEXT];
	while (*text == ' ' || *text == '\t')
		text++;
	if (*text == '\0')
		return;
	if (ds->n_comments % 64 == 0)
		ds->comments = xrealloc(ds->comments, ((size_t)ds->n_comments + 64) * sizeof *ds->comments);
	ds->comments[ds->n_comments] = (comment_t){ unit, m, section, keep(ds, text) };
	push(&ds->units[unit].comments, &ds->units[unit].n_comments, ds->n_comments++);
}

/* ---- the folder ---- */

static void
skipped(void *ctx, long line, csvin_skip_t why, const char *detail)
{
	ingest_t *in = ctx;
	dataset_t *ds = in->ds;
	char shown[80];

	(void)why;	// footers are the only rows the reader skips
	printable(detail, shown, sizeof shown);
	ds->footers = xrealloc(ds->footers, (size_t)(ds->n_footers + 1) * sizeof *ds->footers);
	char reason[128];
	snprintf(reason, sizeof reason, "\"%s\" footer row skipped", shown);
	ds->footers[ds->n_footers++] = (note_t){ { input_files[in->file].file, line, keep(ds, reason) }, -1 };
}

static void (*const row_handlers[FILE_COUNT])(void *, const csvin_row_t *) = {
	grant_row, budget_row, spend_row, outcome_row, target_row, comment_row
};

// 'any_row()' - Every row: one with extra fields, or text that is not valid UTF-8, is rejected in
//               its unit's reports, after the cost-centre filter (which comes before any other
//               check); the rest go to the file's handler.
static void
any_row(void *ctx, const csvin_row_t *row)
{
	ingest_t *in = ctx;
	const char *constant = in->file == FILE_SPEND ? in->cfg->spend_unit :
	                       in->file == FILE_OUTCOMES ? in->cfg->outcomes_unit : NULL;
	int unit = -1;

	if (!row->extra && !row->unusable) {
		row_handlers[in->file](ctx, row);
		return;
	}
	if (row->unusable) {
		// Text the reader cannot vouch for: its unit, if it names a known one, else every report.
		char name[512];
		const char *field = row->field[input_files[in->file].unit_column];

		if (constant && (!row->present[input_files[in->file].unit_column] || field[0] == '\0'))
			field = constant;
		trimmed(field, name, sizeof name);
		if (in->file != FILE_GRANTS)
			unit = strtab_find(&in->ds->unit_names, name);
		reject(in, row->line, unit, "%s", row->unusable);
		return;
	}
	if (in->file != FILE_GRANTS && (unit = find_unit(in, row, input_files[in->file].unit_column, constant)) < 0)
		return;
	char shown[80];
	printable(row->extra_value, shown, sizeof shown);
	reject(in, row->line, unit, "extra fields: %s, first \"%s\"", row->extra, shown);
}

// 'is_required()' - Whether a column must be in the file's header: the contract's list, but
//                   report.ini's constant unit replaces the unit column, and a cost-centre filter
//                   needs the cost-centre column.
static bool
is_required(const config_t *cfg, enum input_file f, int col)
{
	if ((f == FILE_SPEND && col == S_UNIT && cfg->spend_unit) ||
	    (f == FILE_OUTCOMES && col == O_UNIT && cfg->outcomes_unit))
		return false;
	if (f == FILE_SPEND && col == S_COST_CENTRE && cfg->n_cost_centres > 0)
		return true;
	return input_files[f].cols[col].required;
}

// 'read_file()' - One input file; an optional one may be absent.
static int
read_file(dataset_t *ds, const config_t *cfg, const char *dir, enum input_file f)
{
	const input_spec_t *spec = &input_files[f];
	csvin_column_t cols[INPUT_MAX_COLUMNS];
	char path[4096];
	csvin_info_t info;
	int n = spec->ncols;

	snprintf(path, sizeof path, "%s/%s", dir, spec->file);
	if (spec->optional && access(path, F_OK) != 0)
		return ROIT_OK;
	for (int k = 0; k < n; k++)
		cols[k] = (csvin_column_t){ spec->cols[k].name, is_required(cfg, f, k),
		                            config_alias(cfg, f, spec->cols[k].name), !spec->cols[k].used };

	ingest_t in = { ds, cfg, f, path, 0, ROIT_OK };
	csvin_handler_t h = { any_row, skipped, &in, -1, cost_centre_listed, excluded };
	// Rows of other cost centres are dropped before any other check, as soon as the reader sees them.
	if (f == FILE_SPEND && cfg->n_cost_centres > 0)
		h.filter_col = S_COST_CENTRE;
	roit_info("reading %s", path);
	int status = csvin_read(path, path, cols, n, &h, &info);
	if (status == ROIT_OK)
		status = in.status;
	if (in.stderr_rejects > STDERR_REJECTS)
		roit_warn("%s: %ld rows rejected in all (the first %d named above)", path, in.stderr_rejects, STDERR_REJECTS);
	ds->inputs[ds->n_inputs].file = spec->file;
	memcpy(ds->inputs[ds->n_inputs++].sha256, info.sha256, sizeof info.sha256);
	return status;
}

int
dataset_load(const char *dir, const config_t *cfg, dataset_t *ds)
{
	int status = ROIT_OK;

	memset(ds, 0, sizeof *ds);
	for (int f = 0; f < FILE_COUNT && status == ROIT_OK; f++)
		status = read_file(ds, cfg, dir, (enum input_file)f);
	// report.ini's hash is of the bytes its settings were read from (config_load).
	if (status == ROIT_OK && cfg->path) {
		ds->inputs[ds->n_inputs].file = "report.ini";
		memcpy(ds->inputs[ds->n_inputs++].sha256, cfg->sha256, sizeof cfg->sha256);
	}
	return status;
}

void
dataset_free(dataset_t *ds)
{
	strtab_free(&ds->strings);
	strtab_free(&ds->categories);
	strtab_free(&ds->measures);
	strtab_free(&ds->unit_names);
	strtab_free(&ds->slugs);
	for (int u = 0; u < ds->n_units; u++) {
		free(ds->units[u].categories);
		free(ds->units[u].measures);
		free(ds->units[u].comments);
		free(ds->units[u].requests);
		free(ds->units[u].notes);
	}
	free(ds->common_notes);
	sums_free(&ds->order_at);
	sums_free(&ds->target_at);
	free(ds->units);
	free(ds->grants);
	sums_free(&ds->awards);
	sums_free(&ds->budget);
	sums_free(&ds->budget_total);
	sums_free(&ds->spend);
	sums_free(&ds->spend_day);
	sums_free(&ds->outcome_at);
	free(ds->outcome_cells);
	sums_free(&ds->listed);
	for (int i = 0; i < ds->n_orders; i++)
		free(ds->orders[i].categories);
	free(ds->orders);
	free(ds->targets);
	free(ds->comments);
	free(ds->notes);
	free(ds->footers);
	memset(ds, 0, sizeof *ds);
}

const grant_t *
dataset_award(const dataset_t *ds, int unit, int fy)
{
	int64_t i = sums_get(&ds->awards, key_cell(unit, 0, fy));

	return i > 0 ? &ds->grants[i - 1] : NULL;
}

const outcome_cell_t *
dataset_outcome(const dataset_t *ds, int unit, int measure, month_t m)
{
	int64_t i = sums_get(&ds->outcome_at, key_cell(unit, measure, m));

	return i > 0 ? &ds->outcome_cells[i - 1] : NULL;
}

int
dataset_first_fy(const dataset_t *ds, int unit)
{
	return unit >= 0 && unit < ds->n_units ? ds->units[unit].first_fy : -1;
}
