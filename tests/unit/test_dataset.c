// Unit tests of the input folder read into a dataset (dataset.c, through dataset_load()): dialect,
// header, ragged rows, footers, encodings, rejections of every file, sums kept in range.
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "csvin.h"
#include "dataset.h"
#include "figures.h"
#include "roit.h"
#include "values.h"

#include "fixture.h"

#define MAX_REPORTS 4

// One input folder, what was read from it, and the reports computed from it (freed by teardown).
typedef struct fx {
	char dir[64];
	bool have_cfg, have_ds;
	config_t cfg;
	dataset_t ds;
	int n_m;
	monthly_t m[MAX_REPORTS];
	char err[128 * 1024];	// stderr of the last load_capture()
} fx_t;


// Alpha (£12,000 for 2020/21, no budget: £1,000 a month) and Beta (£1,200).
static const char grants_csv[] =
	"unit,financial_year,amount\nAlpha,2020/21,\"12,000.00\"\nBeta,2020/21,\"1,200.00\"\n";

/* ---- helpers ---- */

// 'with_eol()' - text with every "\n" replaced by eol ("\r\n" or "\r"), in a static buffer.
static const char *
with_eol(const char *text, const char *eol)
{
	static char out[8192];
	size_t o = 0, n = strlen(eol);

	for (; *text; text++) {
		assert_true(o + n + 1 < sizeof out);
		if (*text == '\n') {
			memcpy(out + o, eol, n);
			o += n;
		} else
			out[o++] = *text;
	}
	out[o] = '\0';
	return out;
}

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-dataset-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;
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

// 'load_status()' - Read report.ini and the folder; the dataset_load() status.  stderr goes to f->err.
static int
load_status(fx_t *f)
{
	int saved, status;

	assert_int_equal(config_load(f->dir, fontdir, &f->cfg), ROIT_OK);
	f->have_cfg = true;
	saved = capture_begin(f->dir);
	status = dataset_load(f->dir, &f->cfg, &f->ds);
	f->have_ds = true;
	capture_end(f->dir, saved, f->err, sizeof f->err);
	return status;
}

// 'load()' - Read the folder, which must succeed.
static void
load(fx_t *f)
{
	assert_int_equal(load_status(f), ROIT_OK);
}

// 'spend_folder()' - grants.csv, an empty outcomes.csv and the spend.csv given.
static void
spend_folder(fx_t *f, const char *spend)
{
	write_file(f->dir, "grants.csv", grants_csv);
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	write_file(f->dir, "spend.csv", spend);
}

// 'unit_of()' - The index of a unit.
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

// 'ytd_of()' - The YTD actual (pence) of a category of unit at month, or -1 when it has no line.
static int64_t
ytd_of(fx_t *f, const char *unit, int year, int month, const char *category)
{
	const monthly_t *m = monthly(f, unit, year, month);

	for (int i = 0; i < m->n_lines; i++)
		if (strcmp(m->lines[i].name, category) == 0)
			return m->lines[i].ytd_actual;
	return -1;
}

// 'assert_note()' - The i-th rejected row: file, line, reason and unit (-1: every report's).
static void
assert_note(const fx_t *f, int i, const char *file, long line, const char *reason, int unit)
{
	assert_true(i < f->ds.n_notes);
	assert_string_equal(f->ds.notes[i].note.file, file);
	assert_int_equal(f->ds.notes[i].note.line, line);
	assert_string_equal(f->ds.notes[i].note.reason, reason);
	assert_int_equal(f->ds.notes[i].unit, unit);
}

// 'has_note()' - Whether a report's data quality lists file:line.
static bool
has_note(const data_quality_t *q, const char *file, long line)
{
	for (int i = 0; i < q->n_rejected; i++)
		if (strcmp(q->rejected[i]->file, file) == 0 && q->rejected[i]->line == line)
			return true;
	return false;
}

/* ---- rejected rows and their lines ---- */

// Lines: 1 header, 2 good, 3 bad amount, 4-5 a quoted description over two lines (good),
// 6 impossible date, 7 an extra non-empty field, 8 unknown unit, 9 empty amount (short row),
// 10 good.  Staff April = 100 + 10 + 1 = 111.
static const char rejects_csv[] =
	"date,unit,category,amount,description\n"
	"2020-04-01,Alpha,Staff,100.00,ok\n"
	"2020-04-02,Alpha,Staff,\"12,34.5\",bad amount\n"
	"2020-04-03,Alpha,Staff,10.00,\"two\n"
	"lines, with a comma\"\n"
	"31/02/2020,Alpha,Staff,5.00,impossible date\n"
	"2020-04-04,Alpha,Staff,5.00,desc,extra\n"
	"2020-04-05,Nobody,Staff,5.00,unknown unit\n"
	"2020-04-06,Alpha,Staff\n"
	"2020-04-07,Alpha,Staff,1.00,ok\n";

// 'check_rejects()' - The notes and figures of rejects_csv, whatever its line endings.
static void
check_rejects(fx_t *f)
{
	const int alpha = unit_of(f, "Alpha");

	assert_int_equal(f->ds.n_notes, 5);
	assert_note(f, 0, "spend.csv", 3, "amount \"12,34.5\" is not a sum of money", alpha);
	assert_note(f, 1, "spend.csv", 6, "date \"31/02/2020\" is not a date", alpha);
	assert_note(f, 2, "spend.csv", 7, "extra fields: 6 fields, the header has 5, first \"extra\"", alpha);
	assert_note(f, 3, "spend.csv", 8, "unit \"Nobody\" has no grant in grants.csv", -1);
	assert_note(f, 4, "spend.csv", 9, "amount is empty", alpha);
	assert_int_equal(f->ds.rejected_total, 5);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 11100);
	// stderr names file and line.
	assert_non_null(strstr(f->err, "spend.csv:3: amount \"12,34.5\" is not a sum of money"));
	assert_non_null(strstr(f->err, "spend.csv:8: unit \"Nobody\" has no grant in grants.csv"));
}

static void
test_rejects_lf(void **state)
{
	fx_t *f = *state;

	spend_folder(f, rejects_csv);
	load(f);
	check_rejects(f);
}

static void
test_rejects_crlf(void **state)
{
	fx_t *f = *state;

	spend_folder(f, with_eol(rejects_csv, "\r\n"));
	load(f);
	check_rejects(f);
}

static void
test_rejects_bare_cr(void **state)
{
	fx_t *f = *state;

	spend_folder(f, with_eol(rejects_csv, "\r"));
	load(f);
	check_rejects(f);
}

// A quoted newline inside a CRLF file is one line break, not two; a quoted "" escape is kept.
static void
test_quoted_crlf_line_count(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount,description\r\n"
	                "2020-04-01,Alpha,Staff,1.00,\"a\r\nb\r\nc \"\"quoted\"\"\"\r\n"	// lines 2-4
	                "2020-04-02,Alpha,Staff,bad,x\r\n"				// line 5
	                "2020-04-03,Alpha,Staff,1.00,\"Alt+Enter\nin Excel\"\r\n"	// lines 6-7
	                "\r\n"								// line 8
	                "2020-04-04,Alpha,Staff,bad2,x\r\n");				// line 9
	load(f);
	assert_int_equal(f->ds.n_notes, 2);
	assert_note(f, 0, "spend.csv", 5, "amount \"bad\" is not a sum of money", unit_of(f, "Alpha"));
	assert_note(f, 1, "spend.csv", 9, "amount \"bad2\" is not a sum of money", unit_of(f, "Alpha"));
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 200);
}

// 'check_large()' - 20,000 rows over many 64 KiB blocks with eol line ends: every 997th row bad,
//                   every 1009th row with a quoted line break; each rejected row's line is exact.
static void
check_large(fx_t *f, const char *eol, const char *pound)
{
	const int rows = 20000;
	size_t size = (size_t)rows * 80 + 128, n;
	char *text = malloc(size);
	long line = 2, want[32];
	int nbad = 0, good = 0;

	assert_non_null(text);
	n = (size_t)snprintf(text, size, "date,unit,category,amount,description%s", eol);
	for (int i = 0; i < rows; i++) {
		if (i % 997 == 0) {
			want[nbad++] = line;
			n += (size_t)snprintf(text + n, size - n, "2020-04-01,Alpha,Staff,x%d,bad%s", i, eol);
			line++;
		} else if (i % 1009 == 5) {
			n += (size_t)snprintf(text + n, size - n, "2020-04-02,Alpha,Staff,%s1.00,\"two%slines\"%s", pound, eol, eol);
			line += 2;
			good++;
		} else {
			n += (size_t)snprintf(text + n, size - n, "2020-04-03,Alpha,Staff,%s1.00,row %d%s", pound, i, eol);
			line++;
			good++;
		}
	}
	spend_folder(f, text);
	free(text);
	load(f);
	assert_int_equal(f->ds.n_notes, nbad);
	for (int i = 0; i < nbad; i++)
		assert_int_equal(f->ds.notes[i].note.line, want[i]);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), (int64_t)good * 100);
}

static void
test_large_file_lf(void **state)
{
	check_large(*state, "\n", "\xC2\xA3");
}

static void
test_large_file_crlf_cp1252(void **state)
{
	check_large(*state, "\r\n", "\xA3");
}

static void
test_large_file_cr(void **state)
{
	check_large(*state, "\r", "");
}

/* ---- the header ---- */

// A title block above the header: lines 1-5 (a quoted title over two lines, a blank line, and a
// line with only some of the columns).
static void
test_title_block(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "\"Force ledger export\n(all cost centres)\",,,\n"	// lines 1-2
	                "Period: April 2020,,,\n"
	                "\n"
	                "date,unit,,\n"				// not every required column: still title
	                "date,unit,category,amount\n"		// line 6: the header
	                "2020-04-01,Alpha,Staff,100.00\n"
	                "2020-04-02,Alpha,Staff,x\n");		// line 8
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "spend.csv", 8, "amount \"x\" is not a sum of money", unit_of(f, "Alpha"));
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 10000);
}

// 'title_lines()' - n title lines, then a spend header and one row.
static const char *
title_lines(int n)
{
	static char out[8192];

	out[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(out, "Ledger export,,\n");
	strcat(out, "date,unit,category,amount\n2020-04-01,Alpha,Staff,1.00\n");
	return out;
}

// The header may be line 100 (99 title lines) but not line 101: then exit 65, naming the missing columns.
static void
test_header_within_100_lines(void **state)
{
	fx_t *f = *state;

	spend_folder(f, title_lines(99));
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 100);
}

static void
test_header_after_100_lines(void **state)
{
	fx_t *f = *state;

	spend_folder(f, title_lines(100));
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "spend.csv"));
	assert_non_null(strstr(f->err, "amount"));
}

// [columns.spend] maps an export's own header names.
static void
test_header_aliases(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "report.ini",
	           "[columns.spend]\namount = Amount (GBP)\ndate = Payment Date\ncategory = Expense Type\n");
	spend_folder(f, "Payment Date,unit,Expense Type,Amount (GBP),amount\n"
	                "2020-04-01,Alpha,Staff,\"1,000.00\",999\n"
	                "2020-04-02,Alpha,Travel,12.50,999\n");
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 100000);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Travel"), 1250);
}

// Header names: case, surrounding spaces, and ' ', '-', '_' alike; free order; unknown and empty names ignored.
static void
test_header_name_matching(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "report.ini", "[spend]\ncost_centres = CC1\n");
	spend_folder(f, " AMOUNT ,Notes,,Cost Centre,  Category,UNIT,Date\n"
	                "100.00,x,y,CC1,Staff,Alpha,2020-04-01\n"
	                "200.00,x,y,CC2,Staff,Alpha,2020-04-02\n"
	                "300.00,x,y,CC2,Staff,Nobody,2020-04-02\n");	// excluded before the unit is looked at
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 10000);
	assert_int_equal(f->ds.excluded_rows, 2);
	assert_int_equal(f->ds.n_notes, 0);
}

// Rows of other cost centres are dropped before any other check: a bad row or a Total footer
// of another cost centre is excluded, not rejected or named; a blank row is neither; a listed
// code is matched after trimming, in a Windows-1252 file too.
static void
test_cost_centre_filter(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "report.ini", "[spend]\ncost_centres = CC1, Caf\xc3\xa9\n");
	spend_folder(f, "date,unit,category,amount,cost_centre\n"
	                "2020-04-01,Alpha,Staff,100.00, CC1 \n"	// kept: trimmed
	                "2020-04-02,Alpha,Staff,bad,CC2\n"		// excluded, not rejected
	                ",,,,\n"					// blank: skipped, not excluded
	                "2020-04-03,Alpha,Staff,\xa3" "5.00,Caf\xe9\n"	// Windows-1252 e-acute: kept
	                "Total,,,105.00,\n"			// no cost centre: excluded
	                "2020-04-04,Alpha,Staff,7.00\n");		// short row: its cost centre is empty
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 10500);
	assert_int_equal(f->ds.excluded_rows, 3);
	assert_int_equal(f->ds.n_notes, 0);
	assert_int_equal(f->ds.n_footers, 0);
}

static void
test_header_name_hyphen(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "report.ini", "[spend]\ncost_centres = CC1\n");
	spend_folder(f, "date,unit,category,amount,cost-centre\n"
	                "2020-04-01,Alpha,Staff,100.00,CC1\n"
	                "2020-04-02,Alpha,Staff,200.00,CC2\n");
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 10000);
	assert_int_equal(f->ds.excluded_rows, 1);
}

/* ---- ragged rows, blank rows, footers ---- */

// A short row reads as if its missing trailing fields were empty; extra empty fields are fine.
static void
test_ragged_rows(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount,supplier,description\n"
	                "2020-04-01,Alpha,Staff,50.00\n"		// no supplier, description
	                "2020-04-02,Alpha,,25.00\n"			// empty category: Uncategorised
	                "2020-04-03,Alpha,Staff,5.00,,,,, ,\n"	// extra fields all empty or spaces
	                "2020-04-04,Alpha\n");			// line 5: amount missing
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 5500);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Uncategorised"), 2500);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "spend.csv", 5, "amount is empty", unit_of(f, "Alpha"));
}

// A row with more non-empty fields than the header has is rejected.
static void
test_extra_fields_rejected(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04-01,Alpha,Staff,50.00,,,note\n"
	                "2020-04-02,Alpha,Staff,7.00\n");
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_int_equal(f->ds.notes[0].note.line, 2);
	assert_string_equal(f->ds.notes[0].note.reason, "extra fields: 7 fields, the header has 4, first \"note\"");
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 700);
}

// Blank lines and rows of empty (or space) fields are skipped silently: not rejected, not counted.
static void
test_blank_rows_skipped(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n"
	                ",,,,\n"
	                "\n"
	                " , ,  ,\n"
	                "2020-04-01,Alpha,Staff,50.00\n"
	                ",,,\n"
	                "2020-04-02,Alpha,Staff,x\n");	// line 7
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_int_equal(f->ds.notes[0].note.line, 7);
	assert_int_equal(f->ds.n_footers, 0);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 5000);
}

// "Total" / "Grand Total" (any case) as the first non-empty field: skipped, never counted, listed.
static void
test_total_footers(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;

	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04-01,Alpha,Staff,50.00\n"
	                "2020-04-02,Alpha,Staff,25.00\n"
	                ",,Total,75.00\n"			// line 4
	                "GRAND TOTAL,,,75.00\n");		// line 5
	load(f);
	assert_int_equal(f->ds.n_notes, 0);
	assert_int_equal(f->ds.rejected_total, 0);
	assert_int_equal(f->ds.n_footers, 2);
	assert_string_equal(f->ds.footers[0].note.file, "spend.csv");
	assert_int_equal(f->ds.footers[0].note.line, 4);
	assert_string_equal(f->ds.footers[0].note.reason, "\"Total\" footer row skipped");
	assert_int_equal(f->ds.footers[1].note.line, 5);
	assert_string_equal(f->ds.footers[1].note.reason, "\"GRAND TOTAL\" footer row skipped");
	m = monthly(f, "Alpha", 2020, 4);
	assert_int_equal(m->total.ytd_actual, 7500);
	assert_int_equal(m->quality.n_footers, 2);
	assert_int_equal(m->quality.footers[0]->line, 4);
	assert_int_equal(m->quality.rejected_count, 0);
	// Every report lists them.
	assert_int_equal(monthly(f, "Beta", 2020, 4)->quality.n_footers, 2);
}

/* ---- encodings ---- */

// The same ledger as UTF-8 and as Windows-1252 (£ = 0xA3, é = 0xE9, en dash = 0x96, € = 0x80).
#define CAFE_UTF8 "Caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
static const char ledger_utf8[] =
	"date,unit,category,amount\n"
	"2020-04-01,Alpha," CAFE_UTF8 ",\"\xC2\xA3" "1,234.56\"\n"
	"2020-04-02,Alpha," CAFE_UTF8 ",(\xC2\xA3" "34.56)\n"
	"2020-04-03,Alpha,Staff,-\xC2\xA3" "0.50\n";
static const char ledger_1252[] =
	"date,unit,category,amount\n"
	"2020-04-01,Alpha,Caf\xE9 \x96 \x80,\"\xA3" "1,234.56\"\n"
	"2020-04-02,Alpha,Caf\xE9 \x96 \x80,(\xA3" "34.56)\n"
	"2020-04-03,Alpha,Staff,-\xA3" "0.50\n";

// 'assert_ledger()' - The figures both encodings must give: Café 1,200.00, Staff -0.50.
static void
assert_ledger(fx_t *f)
{
	const monthly_t *m = monthly(f, "Alpha", 2020, 4);

	assert_int_equal(f->ds.n_notes, 0);
	assert_int_equal(m->n_lines, 3);
	assert_string_equal(m->lines[0].name, "Grant");
	assert_string_equal(m->lines[1].name, CAFE_UTF8);
	assert_int_equal(m->lines[1].ytd_actual, 120000);
	assert_string_equal(m->lines[2].name, "Staff");
	assert_int_equal(m->lines[2].ytd_actual, -50);
	assert_int_equal(m->total.ytd_actual, 119950);
}

static void
test_utf8_ledger(void **state)
{
	fx_t *f = *state;

	spend_folder(f, ledger_utf8);
	load(f);
	assert_ledger(f);
}

static void
test_cp1252_ledger_same_figures(void **state)
{
	fx_t *f = *state;

	spend_folder(f, ledger_1252);
	load(f);
	assert_ledger(f);
}

// Characters of four UTF-8 bytes (outside the Basic Multilingual Plane) keep the file UTF-8 and
// reach the figures byte for byte, in a unit's name, a category and a commentary text.
static void
test_utf8_four_bytes(void **state)
{
	fx_t *f = *state;
	const char *unit = "\xF0\x9F\x9A\x93 Unit";		// police car, then " Unit"
	const char *category = "Drones \xF0\x9F\x9B\xB8 \xF0\x90\x8D\x88";	// flying saucer, Gothic hwair
	char grants[256], spend[512], text[256];

	snprintf(grants, sizeof grants, "unit,financial_year,amount\n%s,2020/21,100\n", unit);
	snprintf(spend, sizeof spend, "date,unit,category,amount\n2020-04-01,%s,%s,\"£1.50\"\n", unit, category);
	snprintf(text, sizeof text, "unit,month,section,text\n%s,2020-04,summary,On track \xF0\x9F\x91\x8D\n", unit);
	spend_folder(f, spend);
	write_file(f->dir, "grants.csv", grants);
	write_file(f->dir, "commentary.csv", text);
	load(f);
	assert_int_equal(f->ds.n_notes, 0);
	const monthly_t *m = monthly(f, unit, 2020, 4);
	assert_string_equal(m->meta.unit, unit);
	assert_string_equal(m->meta.slug, "unit");
	assert_int_equal(m->n_lines, 2);	// the even profile's Grant, then the spend's category
	assert_string_equal(m->lines[1].name, category);
	assert_int_equal(m->lines[1].ytd_actual, 150);
	assert_int_equal(m->commentary.n[SECTION_SUMMARY], 1);
	assert_string_equal(m->commentary.text[SECTION_SUMMARY][0], "On track \xF0\x9F\x91\x8D");
}

// A UTF-8 BOM before the header (here on grants.csv and spend.csv) is not part of the first name.
static void
test_utf8_bom(void **state)
{
	fx_t *f = *state;
	char spend[512];

	snprintf(spend, sizeof spend, "\xEF\xBB\xBF%s", ledger_utf8);
	spend_folder(f, spend);
	write_file(f->dir, "grants.csv", "\xEF\xBB\xBFunit,financial_year,amount\r\nAlpha,2020/21,\"12,000.00\"\r\n");
	load(f);
	assert_ledger(f);
}

/* ---- file-level problems ---- */

// A required column missing: exit 65 naming it.
static void
test_missing_required_column(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,value\n2020-04-01,Alpha,Staff,1.00\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "spend.csv"));
	assert_non_null(strstr(f->err, "amount"));
}

static void
test_missing_outcomes_measure(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv", "date,unit,value\n2020-04-01,Alpha,1\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "measure"));
}

// Without [spend] unit, the unit column is required.
static void
test_missing_unit_column(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,category,amount\n2020-04-01,Staff,1.00\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "unit"));
}

// A quote still open at the end of the file would swallow every row after it: exit 65.
static void
test_open_quote_at_eof(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount,description\n"
	                "2020-04-01,Alpha,Staff,1.00,\"never closed\n"
	                "2020-04-02,Alpha,Staff,2.00,x\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "spend.csv:2"));
}

// An empty file has no header: exit 65; a header alone is a file without rows.
static void
test_empty_and_header_only(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "spend.csv"));
}

static void
test_header_only(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\r\n");
	load(f);
	assert_int_equal(monthly(f, "Alpha", 2020, 4)->total.ytd_actual, 0);
}

// An optional file that is present must still have its required columns.
static void
test_optional_file_missing_column(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "budget.csv", "unit,month,category\nAlpha,2020-04,Staff\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "budget.csv"));
}

// A quote closed at the very end of a file without a final line end is fine.
// A field past CSVIN_FIELD_MAX stops the read: the rows after it must not be lost quietly.
static void
test_field_too_long(void **state)
{
	fx_t *f = *state;
	size_t n = CSVIN_FIELD_MAX + 10;
	char *text = malloc(n + 200);

	assert_non_null(text);
	strcpy(text, "date,unit,category,amount,description\n2020-04-01,Alpha,Staff,1.00,");
	size_t len = strlen(text);
	memset(text + len, 'x', n);
	strcpy(text + len + n, "\n2020-04-02,Alpha,Staff,2.00,x\n");
	spend_folder(f, text);
	free(text);
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "spend.csv:2: a field is longer than 1048576 bytes"));
	// Said once, and nothing else said after it.
	assert_null(strstr(strstr(f->err, "longer than") + 1, "longer than"));
	assert_null(strstr(f->err, "still open"));
}

// A header wider than the columns looked at: its rows are read, not rejected as "extra fields".
static void
test_many_columns(void **state)
{
	fx_t *f = *state;
	char *text = malloc(64 * 1024);
	size_t len;

	assert_non_null(text);
	strcpy(text, "date,unit,category,amount");
	for (int i = 0; i < 2000; i++)
		strcat(text, ",c");
	strcat(text, "\n2020-04-01,Alpha,Staff,1.00");
	len = strlen(text);
	for (int i = 0; i < 2000; i++)
		len += (size_t)sprintf(text + len, ",v%d", i);
	strcpy(text + len, "\n");
	spend_folder(f, text);
	free(text);
	load(f);
	assert_int_equal(f->ds.n_notes, 0);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 100);
}

static void
test_closed_quote_at_eof(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount,description\n"
	                "2020-04-01,Alpha,Staff,1.00,\"closed\"");
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 100);
}

// A required file that does not exist: exit 66.
static void
test_missing_required_file(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "grants.csv", grants_csv);
	write_file(f->dir, "outcomes.csv", "date,unit,measure\n");
	assert_int_equal(load_status(f), ROIT_EX_NOINPUT);
	assert_non_null(strstr(f->err, "spend.csv"));
}

/* ---- values through the reader ---- */

// Every date form of the contract counts in its month; month-first is never read.
static void
test_date_and_money_forms(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04,Alpha,Staff,1.00\n"
	                "30/04/2020,Alpha,Staff,1.00\n"
	                "1/4/2020,Alpha,Staff,1.00\n"
	                "01.04.2020,Alpha,Staff,1.00\n"
	                "01-Apr-20,Alpha,Staff,1.00\n"
	                "1 april 2020,Alpha,Staff,1.00\n"
	                "02-APR-2020,Alpha,Staff,1.00\n"
	                "2020-04-30T23:59:59+01:00,Alpha,Staff,1.00\n"
	                "30/04/2020 17:45,Alpha,Staff,1.00\n"
	                "04/30/2020,Alpha,Staff,1.00\n"			// line 11: month-first
	                "2020-04-15,Alpha,Refunds,\" (80,025.00)\"\n"
	                "2020-04-15,Alpha,Refunds,GBP 25\n"
	                "2020-04-15,Alpha,Refunds,1e5\n");			// line 14
	load(f);
	assert_int_equal(f->ds.n_notes, 2);
	assert_note(f, 0, "spend.csv", 11, "date \"04/30/2020\" is not a date", unit_of(f, "Alpha"));
	assert_note(f, 1, "spend.csv", 14, "amount \"1e5\" is not a sum of money", unit_of(f, "Alpha"));
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 900);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Refunds"), -8000000);	// -80,025 + 25
}

/* ---- units ---- */

// An unknown unit's row is listed in every report; a row of a known unit only in its unit's.
static void
test_unknown_unit_in_every_report(void **state)
{
	fx_t *f = *state;
	const monthly_t *a, *b;

	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04-01,Nobody,Staff,5.00\n"	// line 2: every report
	                "2020-04-01,Alpha,Staff,x\n"		// line 3: Alpha's
	                "2020-04-01,,Staff,5.00\n"		// line 4: unit empty: every report
	                "2020-04-01,Beta,Staff,5.00\n");
	load(f);
	assert_note(f, 0, "spend.csv", 2, "unit \"Nobody\" has no grant in grants.csv", -1);
	assert_note(f, 1, "spend.csv", 3, "amount \"x\" is not a sum of money", unit_of(f, "Alpha"));
	assert_note(f, 2, "spend.csv", 4, "unit is empty", -1);
	a = monthly(f, "Alpha", 2020, 4);
	b = monthly(f, "Beta", 2020, 4);
	assert_true(has_note(&a->quality, "spend.csv", 2));
	assert_true(has_note(&a->quality, "spend.csv", 3));
	assert_true(has_note(&a->quality, "spend.csv", 4));
	assert_int_equal(a->quality.rejected_count, 3);
	assert_true(has_note(&b->quality, "spend.csv", 2));
	assert_false(has_note(&b->quality, "spend.csv", 3));
	assert_true(has_note(&b->quality, "spend.csv", 4));
	assert_int_equal(b->quality.rejected_count, 2);
	assert_int_equal(b->total.ytd_actual, 500);
}

// Units are compared after trimming, case-sensitively.
static void
test_unit_trimmed_case_sensitive(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04-01, Alpha ,Staff,5.00\n"
	                "2020-04-01,alpha,Staff,7.00\n");	// line 3: not Alpha
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "spend.csv", 3, "unit \"alpha\" has no grant in grants.csv", -1);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff"), 500);
}

// Two units with the same file-name form are an error (exit 65).
static void
test_unit_slug_collision(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount\nKent Cyber,2020/21,1.00\nkent-cyber,2020/21,1.00\n");
	assert_int_equal(load_status(f), ROIT_EX_DATAERR);
	assert_non_null(strstr(f->err, "kent-cyber"));
}

/* ---- outcomes rows ---- */

// Levels compare case-insensitively; another level, an empty measure, a fractional count or
// negative cash reject the row.
static void
test_outcome_rejections(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;
	int alpha;

	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv",
	           "date,unit,measure,value,level\n"
	           "2020-04-01,Alpha,networks_disrupted,1,MAJOR\n"
	           "2020-04-02,Alpha,networks_disrupted,1,severe\n"		// line 3
	           "2020-04-03,Alpha,,1,\n"					// line 4
	           "2020-04-04,Alpha,arrests,1.5,\n"				// line 5
	           "2020-04-05,Alpha,cash_seized,-5.00,\n"			// line 6
	           "2020-04-06,Alpha,class_a_kg,0.0005,\n"			// line 7
	           "2020-04-07,Alpha,arrests,2,\n"
	           "2020-04-08,Alpha,cash_seized,\xA3" "10.00,\n");		// 1252 pound sign
	load(f);
	alpha = unit_of(f, "Alpha");
	assert_int_equal(f->ds.n_notes, 5);
	assert_note(f, 0, "outcomes.csv", 3, "level \"severe\" is not major, moderate, minor, none or negative", alpha);
	assert_note(f, 1, "outcomes.csv", 4, "measure is empty", alpha);
	assert_note(f, 2, "outcomes.csv", 5, "value \"1.5\" is not a whole number of 0 or more", alpha);
	assert_note(f, 3, "outcomes.csv", 6, "value \"-5.00\" is not a sum of money of 0 or more", alpha);
	assert_note(f, 4, "outcomes.csv", 7, "value \"0.0005\" is not a quantity (up to three decimals)", alpha);
	m = monthly(f, "Alpha", 2020, 4);
	assert_true(m->levels_used);
	assert_int_equal(m->level_ytd[LEVEL_MAJOR], 1000);
	assert_int_equal(m->n_outcomes, 3);
	assert_string_equal(m->outcomes[0].measure, "networks_disrupted");
	assert_int_equal(m->outcomes[0].ytd, 1000);
	assert_string_equal(m->outcomes[1].measure, "arrests");
	assert_int_equal(m->outcomes[1].ytd, 2000);
	assert_string_equal(m->outcomes[2].measure, "cash_seized");
	assert_int_equal(m->outcomes[2].ytd, 10000);	// £10.00 in thousandths of a pound
	assert_int_equal(m->quality.rejected_count, 5);
}

// A month's total of one measure and level stays in range: the row that would take it past
// INT64_MAX / 4 thousandths is rejected, named, and the rows before it are kept whole.
static void
test_outcome_total_out_of_range(void **state)
{
	fx_t *f = *state;
	const monthly_t *m;
	buf_t text;

	buf_init(&text);
	buf_puts(&text, "date,unit,measure,value,level\n");
	for (int i = 0; i < 2306; i++)		// about 10^15 thousandths each: 2,305 fit, the 2,306th does not
		buf_puts(&text, "2020-04-01,Alpha,arrests,999999999999,major\n");
	buf_puts(&text, "2020-04-02,Alpha,arrests,1,\n");
	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv", text.data);
	buf_free(&text);
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "outcomes.csv", 2307, "value \"999999999999\" takes the month's total out of range",
	            unit_of(f, "Alpha"));
	m = monthly(f, "Alpha", 2020, 4);
	assert_true(m->levels_used);
	assert_true(m->level_month[LEVEL_MAJOR] == INT64_C(2305) * 999999999999000);
	assert_int_equal(m->n_outcomes, 1);
	assert_true(m->outcomes[0].month == INT64_C(2305) * 999999999999000 + 1000);
}

// [measures] names a measure and sets its kind; targets are read by the measure's kind too.
static void
test_measure_kinds_from_ini(void **state)
{
	fx_t *f = *state;
	const outcome_line_t *o;
	const monthly_t *m;

	write_file(f->dir, "report.ini", "[measures]\nhours_online = Hours online, quantity\nassets = Assets frozen, money\n");
	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "outcomes.csv",
	           "date,unit,measure,value\n"
	           "2020-04-01,Alpha,hours_online,2.25\n"
	           "2020-04-02,Alpha,assets,\"\xC2\xA3" "1,000.10\"\n"
	           "2020-04-03,Alpha,cash_seized,\"(5.00)\"\n");		// line 4: negative cash
	write_file(f->dir, "targets.csv",
	           "unit,financial_year,measure,target\n"
	           "Alpha,2020/21,cash_seized,\"\xC2\xA3" "12,000\"\n"
	           "Alpha,2020/21,hours_online,12.5\n");
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_int_equal(f->ds.notes[0].note.line, 4);
	m = monthly(f, "Alpha", 2020, 4);
	o = &m->outcomes[0];				// cash_seized: a contract measure first
	assert_string_equal(o->measure, "cash_seized");
	assert_int_equal(o->kind, KIND_MONEY);
	assert_int_equal(o->target, 12000000);		// £12,000 in thousandths of a pound
	assert_int_equal(o->pro_rata, 1000000);		// x 1 / 12
	o = &m->outcomes[1];				// then alphabetically: assets, hours_online
	assert_string_equal(o->measure, "assets");
	assert_string_equal(o->label, "Assets frozen");
	assert_int_equal(o->kind, KIND_MONEY);
	assert_int_equal(o->ytd, 1000100);
	o = &m->outcomes[2];
	assert_string_equal(o->measure, "hours_online");
	assert_string_equal(o->label, "Hours online");
	assert_int_equal(o->kind, KIND_QUANTITY);
	assert_int_equal(o->ytd, 2250);
	assert_int_equal(o->target, 12500);
}

// Rejected grant rows: bad year, bad amount, a second awarded grant for the same year.
static void
test_grant_rejections(void **state)
{
	fx_t *f = *state;

	spend_folder(f, "date,unit,category,amount\n");
	write_file(f->dir, "grants.csv",
	           "unit,financial_year,amount,status\n"
	           "Alpha,2020/21,\"12,000.00\",Awarded\n"
	           "Alpha,2020/22,100.00,awarded\n"		// line 3
	           "Alpha,2021/22,12.345,awarded\n"		// line 4
	           "Alpha,2020/21,5.00,\n"			// line 5: second award for 2020/21
	           "Alpha,2021/22,5.00,maybe\n");		// line 6
	load(f);
	assert_int_equal(f->ds.n_notes, 4);
	assert_int_equal(f->ds.notes[0].note.line, 3);
	assert_string_equal(f->ds.notes[0].note.reason, "financial_year \"2020/22\" is not a financial year (YYYY/YY)");
	assert_int_equal(f->ds.notes[1].note.line, 4);
	assert_string_equal(f->ds.notes[1].note.reason, "amount \"12.345\" is not a sum of money");
	assert_int_equal(f->ds.notes[2].note.line, 5);
	assert_int_equal(f->ds.notes[3].note.line, 6);
	assert_string_equal(f->ds.notes[3].note.reason, "status \"maybe\" is not awarded or requested");
	assert_int_equal(monthly(f, "Alpha", 2020, 4)->award, 1200000);
}

// Bad budget rows are rejected with their line and reason, and the profile holds only the good
// ones: a month, or a date in it, counts; the year's budget total (data quality) is their sum.
static void
test_budget_rejections(void **state)
{
	fx_t *f = *state;
	const int alpha = 0;

	spend_folder(f, "date,unit,category,amount\n2020-04-01,Alpha,Staff,1.00\n");
	write_file(f->dir, "budget.csv",
	           "unit,month,category,amount\n"
	           "Alpha,2020-04,Staff,\"1,000.00\"\n"		// line 2: good
	           "Alpha,2020-13,Staff,5.00\n"			// line 3: no such month
	           "Alpha,April,Staff,5.00\n"			// line 4
	           "Alpha,2020-05,Staff,12.345\n"		// line 5
	           "Nobody,2020-05,Staff,5.00\n"		// line 6: unknown unit, every report
	           ",2020-05,Staff,5.00\n"			// line 7: no unit
	           "Alpha,2020-05,Staff,\n"			// line 8: empty amount
	           "Alpha,15/05/2020,Staff,200.00\n"		// line 9: a date in May counts in May
	           "Alpha,2020-06,,300.00\n"			// line 10: no category: Uncategorised
	           "Alpha,2020-06,Staff,\"9,999,999,999.99\"\n"	// line 11: a big but valid row
	           "Alpha,2020-06,Staff,\"£10,000,000,000\"\n");	// line 12: past the money limit
	load(f);
	assert_int_equal(f->ds.n_notes, 7);
	assert_note(f, 0, "budget.csv", 3, "month \"2020-13\" is not a month (YYYY-MM)", alpha);
	assert_note(f, 1, "budget.csv", 4, "month \"April\" is not a month (YYYY-MM)", alpha);
	assert_note(f, 2, "budget.csv", 5, "amount \"12.345\" is not a sum of money", alpha);
	assert_note(f, 3, "budget.csv", 6, "unit \"Nobody\" has no grant in grants.csv", -1);
	assert_note(f, 4, "budget.csv", 7, "unit is empty", -1);
	assert_note(f, 5, "budget.csv", 8, "amount is empty", alpha);
	assert_note(f, 6, "budget.csv", 12, "amount \"£10,000,000,000\" is not a sum of money", alpha);
	assert_non_null(strstr(f->err, "budget.csv:6: unit \"Nobody\" has no grant in grants.csv"));

	const monthly_t *m = monthly(f, "Alpha", 2020, 6);
	assert_false(m->quality.profile_assumed_even);
	assert_true(m->quality.budget_mismatch);
	assert_int_equal(m->quality.budget_total, 100000 + 20000 + 30000 + INT64_C(999999999999));
	assert_int_equal(m->chart[0].profile, 100000);
	assert_int_equal(m->chart[1].profile, 20000);
	assert_int_equal(m->chart[2].profile, 30000 + INT64_C(999999999999));
	assert_int_equal(m->n_lines, 2);
	assert_string_equal(m->lines[0].name, "Staff");
	assert_string_equal(m->lines[1].name, "Uncategorised");
}

// 'big_rows()' - A file of a header and count rows of one shape (ROW_*), in a buffer the caller frees.
enum { ROW_BUDGET_YEAR, ROW_BUDGET_SWING, ROW_SPEND_BIG, ROW_SPEND_BAD };
static char *
big_rows(int shape, int count)
{
	size_t size = 64 + (size_t)count * 64, o;
	char *s = malloc(size);

	assert_non_null(s);
	o = (size_t)snprintf(s, size, shape <= ROW_BUDGET_SWING ? "unit,month,category,amount\n" :
	                                                         "date,unit,category,amount\n");
	for (int r = 0; r < count; r++) {
		if (shape == ROW_BUDGET_YEAR)		// April and May in turn, all up
			o += (size_t)snprintf(s + o, size - o, "Alpha,2020-%02d,Staff,9999999999.99\n", 4 + r % 2);
		else if (shape == ROW_BUDGET_SWING)	// April up, May down
			o += (size_t)snprintf(s + o, size - o, "Alpha,2020-%02d,Staff,%s9999999999.99\n",
			                      4 + r % 2, r % 2 ? "-" : "");
		else if (shape == ROW_SPEND_BIG)
			o += (size_t)snprintf(s + o, size - o, "2020-04-01,Alpha,Staff,9999999999.99\n");
		else
			o += (size_t)snprintf(s + o, size - o, "2020-04-01,Alpha,Staff,bad%d\n", r);
	}
	return s;
}

// 'reload()' - Forget what was read, for a second folder in one test.
static void
reload(fx_t *f)
{
	dataset_free(&f->ds);
	config_free(&f->cfg);
	f->have_ds = f->have_cfg = false;
	load(f);
}

// Sums kept in range as rows are read: a budget row that would take the year's total, or a
// month's cell, past 10^15 pence is rejected (and counts in neither); a spend row likewise.
static void
test_sums_out_of_range(void **state)
{
	fx_t *f = *state;
	const int alpha = 0;
	char *text;

	spend_folder(f, "date,unit,category,amount\n");
	// 1,001 rows of the year: the last passes the year's limit.
	write_file(f->dir, "budget.csv", text = big_rows(ROW_BUDGET_YEAR, 1001));
	free(text);
	load(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "budget.csv", 1002, "amount \"9999999999.99\" takes the year's budget out of range", alpha);

	// The year stays small while April's cell passes the limit.
	write_file(f->dir, "budget.csv", text = big_rows(ROW_BUDGET_SWING, 2001));
	free(text);
	reload(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "budget.csv", 2002, "amount \"9999999999.99\" takes the month's budget out of range", alpha);

	// 1,001 spend rows of one month.
	write_file(f->dir, "budget.csv", "unit,month,category,amount\n");
	write_file(f->dir, "spend.csv", text = big_rows(ROW_SPEND_BIG, 1001));
	free(text);
	reload(f);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "spend.csv", 1002, "amount \"9999999999.99\" takes the month's spend out of range", alpha);
}

// A broken million-row ledger does not flood cron's mail: stderr names the first 1,000 rejected
// rows of a file and then the count; a unit's reports keep its first 1,000 and the full count.
static void
test_rejections_past_1000(void **state)
{
	fx_t *f = *state;
	char *spend = big_rows(ROW_SPEND_BAD, 1002);

	spend_folder(f, spend);
	free(spend);
	load(f);
	assert_non_null(strstr(f->err, "spend.csv:1001: amount \"bad999\" is not a sum of money\n"));
	assert_null(strstr(f->err, "spend.csv:1002:"));
	assert_non_null(strstr(f->err, "warning: "));
	assert_non_null(strstr(f->err, "spend.csv: 1002 rows rejected in all (the first 1000 named above)\n"));
	assert_int_equal(f->ds.n_notes, 1000);
	assert_int_equal(f->ds.units[unit_of(f, "Alpha")].rejected, 1002);
	assert_int_equal(monthly(f, "Alpha", 2020, 4)->quality.rejected_count, 1002);
}

// Rejections of targets.csv, commentary.csv and outcomes.csv not met elsewhere; names too long
// to keep, a unit with no file-name form; a long value shown cut at a character's start.
static void
test_other_rejections(void **state)
{
	fx_t *f = *state;
	char long_unit[600], long_measure[300], outcomes[1200], grants[1200];
	const int alpha = 0;

	memset(long_unit, 'U', sizeof long_unit - 1);
	long_unit[sizeof long_unit - 1] = '\0';
	memset(long_measure, 'm', sizeof long_measure - 1);
	long_measure[sizeof long_measure - 1] = '\0';
	spend_folder(f, "date,unit,category,amount\n"
	                "2020-04-01,Alpha,Staff,\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3"
	                "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3"
	                "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3x\n");
	snprintf(grants, sizeof grants, "%s%s,2020/21,5.00\n!!!,2020/21,5.00\n,2020/21,5.00\n", grants_csv, long_unit);
	write_file(f->dir, "grants.csv", grants);
	snprintf(outcomes, sizeof outcomes, "date,unit,measure\n2020-04-31,Alpha,arrests\n2020-04-01,Alpha,%s\n", long_measure);
	write_file(f->dir, "outcomes.csv", outcomes);
	write_file(f->dir, "targets.csv", "unit,financial_year,measure,target\n"
	                                  "Nobody,2020/21,arrests,5\n"		// line 2
	                                  "Alpha,2020,arrests,5\n"		// line 3
	                                  "Alpha,2020/21,,5\n"			// line 4
	                                  "Alpha,2020/21,arrests,many\n"	// line 5
	                                  "Alpha,2020/21,arrests,5\n"
	                                  "Alpha,2020/21,Arrests,6\n");		// line 7
	write_file(f->dir, "commentary.csv", "unit,month,section,text\n"
	                                     "Nobody,2020-04,summary,x\n"	// line 2
	                                     "Alpha,April,summary,x\n"		// line 3
	                                     "Alpha,2020-04,weather,x\n"	// line 4
	                                     "Alpha,2020-04,summary,\"  \"\n"	// spaces only: nothing to say
	                                     "Alpha,2020-04,spend,\"  Overspent.\"\n");
	load(f);
	int n = 0;
	assert_note(f, n++, "grants.csv", 4, "unit is longer than 511 bytes", -1);
	assert_note(f, n++, "grants.csv", 5, "unit \"!!!\" has no file-name form", -1);
	assert_note(f, n++, "grants.csv", 6, "unit is empty", -1);
	assert_note(f, n++, "spend.csv", 2, "amount \"\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3"
	            "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3"
	            "\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3\xc2\xa3...\" is not a sum of money", alpha);
	assert_note(f, n++, "outcomes.csv", 2, "date \"2020-04-31\" is not a date", alpha);
	assert_note(f, n++, "outcomes.csv", 3, "measure is longer than 255 bytes", alpha);
	assert_note(f, n++, "targets.csv", 2, "unit \"Nobody\" has no grant in grants.csv", -1);
	assert_note(f, n++, "targets.csv", 3, "financial_year \"2020\" is not a financial year (YYYY/YY)", alpha);
	assert_note(f, n++, "targets.csv", 4, "measure is empty", alpha);
	assert_note(f, n++, "targets.csv", 5, "target \"many\" is not a whole number of 0 or more", alpha);
	assert_note(f, n++, "targets.csv", 7, "a second target for arrests", alpha);
	assert_note(f, n++, "commentary.csv", 2, "unit \"Nobody\" has no grant in grants.csv", -1);
	assert_note(f, n++, "commentary.csv", 3, "month \"April\" is not a month (YYYY-MM)", alpha);
	assert_note(f, n++, "commentary.csv", 4, "section \"weather\" is not summary, spend, outcomes, risks or continuation", alpha);
	assert_int_equal(f->ds.n_notes, n);
	assert_int_equal(f->ds.n_comments, 1);
	assert_string_equal(f->ds.comments[0].text, "Overspent.");
}

// report.ini's unit for an export without a unit column names the unit of a row the reader could
// not vouch for (bytes not valid UTF-8); a listed cost centre matches inside quotes and spaces.
static void
test_constant_unit_and_quoted_centre(void **state)
{
	fx_t *f = *state;

	write_file(f->dir, "report.ini", "[spend]\nunit = Alpha\ncost_centres = CC1\n");
	spend_folder(f, "date,category,amount,cost_centre\n"
	                "2020-04-01,Staff \xc2\xa3,100.00,\" CC1 \"\n"	// valid multi-byte: a UTF-8 file
	                "2020-04-02,Staff \xff,7.00,CC1\n");		// line 3: not UTF-8
	load(f);
	assert_int_equal(ytd_of(f, "Alpha", 2020, 4, "Staff \xc2\xa3"), 10000);
	assert_int_equal(f->ds.n_notes, 1);
	assert_note(f, 0, "spend.csv", 3, "not valid UTF-8", unit_of(f, "Alpha"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rejects_lf),
		T(test_budget_rejections),
		T(test_utf8_four_bytes),
		T(test_rejects_crlf),
		T(test_rejects_bare_cr),
		T(test_quoted_crlf_line_count),
		T(test_large_file_lf),
		T(test_large_file_crlf_cp1252),
		T(test_large_file_cr),
		T(test_title_block),
		T(test_header_within_100_lines),
		T(test_header_after_100_lines),
		T(test_header_aliases),
		T(test_header_name_matching),
		T(test_header_name_hyphen),
		T(test_cost_centre_filter),
		T(test_ragged_rows),
		T(test_extra_fields_rejected),
		T(test_blank_rows_skipped),
		T(test_total_footers),
		T(test_utf8_ledger),
		T(test_cp1252_ledger_same_figures),
		T(test_utf8_bom),
		T(test_missing_required_column),
		T(test_missing_outcomes_measure),
		T(test_missing_unit_column),
		T(test_open_quote_at_eof),
		T(test_field_too_long),
		T(test_many_columns),
		T(test_empty_and_header_only),
		T(test_header_only),
		T(test_optional_file_missing_column),
		T(test_closed_quote_at_eof),
		T(test_missing_required_file),
		T(test_date_and_money_forms),
		T(test_unknown_unit_in_every_report),
		T(test_unit_trimmed_case_sensitive),
		T(test_unit_slug_collision),
		T(test_outcome_rejections),
		T(test_outcome_total_out_of_range),
		T(test_measure_kinds_from_ini),
		T(test_grant_rejections),
		T(test_sums_out_of_range),
		T(test_rejections_past_1000),
		T(test_other_rejections),
		T(test_constant_unit_and_quoted_centre),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
