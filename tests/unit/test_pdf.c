// Unit tests of the PDF renderers: hand-made figures in, PDFs checked through the readers'
// own tools (pdftotext, pdffonts, pdfinfo, qpdf) and a geometry check of every word's box.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "layout.h"
#include "pdf.h"
#include "pdf_fixture.h"
#include "roit.h"

#define FONT_REGULAR "fonts/LiberationSans-Regular.ttf"
#define FONT_BOLD "fonts/LiberationSans-Bold.ttf"
#define MARKING "OFFICIAL-SENSITIVE"
#define MARGIN 24.0	// points: no word may come closer than this to an edge of the page
#define MAX_SIZE (200 * 1024)

static char tmpdir[64];

/*
 * Running the readers.
 */

// 'run()' - Run a shell command; its stdout into out, its stderr into err.  O - exit status.
static int
run(const char *cmd, buf_t *out, buf_t *err)
{
	char full[1024], errpath[128], chunk[4096];
	size_t n;
	FILE *p, *e;
	int status;

	snprintf(errpath, sizeof errpath, "%s/stderr.txt", tmpdir);
	snprintf(full, sizeof full, "%s 2>%s", cmd, errpath);
	buf_reset(out);
	buf_reset(err);
	if ((p = popen(full, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	status = pclose(p);
	if ((e = fopen(errpath, "r")) != NULL) {
		while ((n = fread(chunk, 1, sizeof chunk, e)) > 0)
			buf_add(err, chunk, n);
		fclose(e);
	}
	if (out->data == NULL)
		buf_add(out, "", 0);
	if (err->data == NULL)
		buf_add(err, "", 0);
	return status;
}

// 'tool()' - Run a reader on a PDF (prog 'path' tail) and insist it says nothing on stderr;
//            O - its stdout (the caller frees it).
static char *
tool(const char *prog, const char *path, const char *tail)
{
	char cmd[512];
	buf_t out, err;

	buf_init(&out);
	buf_init(&err);
	snprintf(cmd, sizeof cmd, "%s '%s' %s", prog, path, tail);
	int status = run(cmd, &out, &err);
	if (status != 0 || err.len != 0)
		fail_msg("%s: exit %d, stderr: %s", cmd, status, err.data);
	buf_free(&err);
	return out.data;
}

// 'render_monthly()' - Render a monthly fixture to <tmpdir>/<name>.pdf; O - the path.
static const char *
render_monthly(const monthly_t *m, const char *name, size_t *size)
{
	static char path[256];
	buf_t pdf;
	FILE *f;

	buf_init(&pdf);
	assert_int_equal(pdf_monthly(m, FONT_REGULAR, FONT_BOLD, &pdf), ROIT_OK);
	snprintf(path, sizeof path, "%s/%s.pdf", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(pdf.data, 1, pdf.len, f), pdf.len);
	fclose(f);
	*size = pdf.len;
	buf_free(&pdf);
	return path;
}

static const char *
render_summary(const summary_t *s, const char *name, size_t *size)
{
	static char path[256];
	buf_t pdf;
	FILE *f;

	buf_init(&pdf);
	assert_int_equal(pdf_summary(s, FONT_REGULAR, FONT_BOLD, &pdf), ROIT_OK);
	snprintf(path, sizeof path, "%s/%s.pdf", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(pdf.data, 1, pdf.len, f), pdf.len);
	fclose(f);
	*size = pdf.len;
	buf_free(&pdf);
	return path;
}

/*
 * Checks of the extracted text.
 */

// 'trim_line()' - The line starting at s, without surrounding spaces, into buf.
static void
trim_line(const char *s, size_t len, char *buf, size_t size)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

// 'check_page()' - The marking is the first and last non-empty line; "Page i of n" is there.
static void
check_page(const char *page, size_t len, int i, int n)
{
	char first[4096] = "", last[4096] = "", line[4096], want[64];
	const char *end = page + len;

	for (const char *s = page; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t k = nl ? (size_t)(nl - s) : (size_t)(end - s);
		trim_line(s, k, line, sizeof line);
		if (line[0] != '\0') {
			if (first[0] == '\0')
				snprintf(first, sizeof first, "%s", line);
			snprintf(last, sizeof last, "%s", line);
		}
		s += k + 1;
	}
	if (strcmp(first, MARKING) != 0 || strcmp(last, MARKING) != 0)
		fail_msg("page %d: first line \"%s\", last line \"%s\"", i, first, last);
	snprintf(want, sizeof want, "Page %d of %d", i, n);
	char *copy = strndup(page, len);
	if (strstr(copy, want) == NULL)
		fail_msg("page %d: no \"%s\"", i, want);
	free(copy);
}

// 'check_pages()' - Every page's furniture; O - the number of pages.
static int
check_pages(const char *text)
{
	int n = 0, i = 0;

	for (const char *s = text; (s = strchr(s, '\f')) != NULL; s++)
		n++;
	for (const char *s = text; i < n; i++) {
		const char *ff = strchr(s, '\f');
		check_page(s, (size_t)(ff - s), i + 1, n);
		s = ff + 1;
	}
	return n;
}

// 'line_with()' - Whether one line of text holds every needle, in order.
static bool
line_with(const char *text, const char *const *needles, int n)
{
	for (const char *s = text; *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = strndup(s, len);
		const char *at = line;
		int k = 0;
		for (; k < n && (at = strstr(at, needles[k])) != NULL; k++)
			at += strlen(needles[k]);
		free(line);
		if (k == n)
			return true;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	return false;
}

// 'assert_text()' - The extracted text holds s.
#define assert_text(text, s) do { \
	if (strstr((text), (s)) == NULL) \
		fail_msg("text has no \"%s\"", (s)); \
} while (0)

// 'assert_spend_row()' - A spend line's figures on one line of text, in the table's order.
static void
assert_spend_row(const char *text, const spend_line_t *l, const char *name)
{
	char v[8][48];
	const char *needles[9];

	format_pounds(l->month_actual, v[0], sizeof v[0]);
	format_pounds(l->month_profile, v[1], sizeof v[1]);
	format_pounds(l->ytd_actual, v[2], sizeof v[2]);
	format_pounds(l->ytd_profile, v[3], sizeof v[3]);
	format_pounds(l->variance, v[4], sizeof v[4]);
	format_pct(l->variance_pct, v[5], sizeof v[5]);
	format_pounds(l->annual_budget, v[6], sizeof v[6]);
	format_pounds(l->forecast, v[7], sizeof v[7]);
	needles[0] = name;
	for (int k = 0; k < 8; k++)
		needles[k + 1] = v[k];
	if (!line_with(text, name ? needles : needles + 1, name ? 9 : 8))
		fail_msg("no line with the figures of \"%s\" (%s %s %s %s %s %s %s %s)", l->name, v[0], v[1], v[2],
		         v[3], v[4], v[5], v[6], v[7]);
}

/*
 * Geometry: every word's box from pdftotext -bbox.
 */

typedef struct box {
	double x0, y0, x1, y1;
	char word[64];
} box_t;

// 'attr()' - The number after name=" in s, or -1.
static double
attr(const char *s, const char *name)
{
	const char *p = strstr(s, name);

	return p ? strtod(p + strlen(name), NULL) : -1;
}

// 'check_boxes()' - No word beyond the margins, no two words overlapping, on one page.
static void
check_boxes(const box_t *b, int n, int page, double w, double h)
{
	for (int i = 0; i < n; i++) {
		if (b[i].x0 < MARGIN || b[i].y0 < MARGIN || b[i].x1 > w - MARGIN || b[i].y1 > h - MARGIN)
			fail_msg("page %d: \"%s\" at (%.1f,%.1f)-(%.1f,%.1f) is outside the margins", page, b[i].word,
			         b[i].x0, b[i].y0, b[i].x1, b[i].y1);
		for (int k = i + 1; k < n; k++) {
			double ow = (b[i].x1 < b[k].x1 ? b[i].x1 : b[k].x1) - (b[i].x0 > b[k].x0 ? b[i].x0 : b[k].x0);
			double oh = (b[i].y1 < b[k].y1 ? b[i].y1 : b[k].y1) - (b[i].y0 > b[k].y0 ? b[i].y0 : b[k].y0);
			if (ow > 0.5 && oh > 0.5)
				fail_msg("page %d: \"%s\" and \"%s\" overlap (%.1f x %.1f pt)", page, b[i].word, b[k].word,
				         ow, oh);
		}
	}
}

// 'check_geometry()' - Parse the bbox HTML page by page and check every page; O - words seen.
static int
check_geometry(const char *path)
{
	char *html = tool("pdftotext -bbox", path, "-");
	box_t *b = NULL;
	int n = 0, cap = 0, page = 0, words = 0;
	double w = 0, h = 0;

	for (char *s = html; s != NULL && *s != '\0';) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(s, "<page ") != NULL || strstr(s, "</page>") != NULL) {
			if (page > 0 && n > 0)
				check_boxes(b, n, page, w, h);
			words += n;
			n = 0;
			if (strstr(s, "<page ") != NULL) {
				page++;
				w = attr(s, "width=\"");
				h = attr(s, "height=\"");
			}
		} else if (strstr(s, "<word ") != NULL) {
			if (n == cap)
				b = realloc(b, (size_t)(cap = cap ? cap * 2 : 256) * sizeof *b);
			b[n].x0 = attr(s, "xMin=\""), b[n].y0 = attr(s, "yMin=\"");
			b[n].x1 = attr(s, "xMax=\""), b[n].y1 = attr(s, "yMax=\"");
			const char *gt = strchr(strstr(s, "<word "), '>');
			snprintf(b[n].word, sizeof b[n].word, "%s", gt ? gt + 1 : "");
			char *lt = strchr(b[n].word, '<');
			if (lt)
				*lt = '\0';
			n++;
		}
		s = nl ? nl + 1 : NULL;
	}
	free(b);
	free(html);
	assert_true(page > 0);
	return words;
}

/*
 * The whole set of reader checks on one PDF.
 */

// 'check_fonts()' - Every font is embedded and subset.
static void
check_fonts(const char *path)
{
	char *out = tool("pdffonts", path, "");
	int fonts = 0;
	char *s = strstr(out, "-----\n");

	assert_non_null(s);
	for (s = strchr(s, '\n') + 1; *s != '\0'; fonts++) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(s, " yes yes ") == NULL)
			fail_msg("font not embedded as a subset: %s", s);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	assert_true(fonts >= 2);
	free(out);
}

// 'check_info()' - Document info, A4, page count; O - the number of pages pdfinfo counts.
static int
check_info(const char *path, const char *title)
{
	char *out = tool("pdfinfo", path, "");
	char *pages;

	assert_text(out, title);
	assert_text(out, "Author:          Metropolitan Police Service");
	assert_text(out, "Creator:         roit-report " ROIT_VERSION);
	assert_text(out, "Subject:");
	assert_text(out, "CreationDate:    Wed Jul  1 09:00:00 2020 UTC");
	assert_text(out, "ModDate:         Wed Jul  1 09:00:00 2020 UTC");
	assert_text(out, "Page size:       595.276 x 841.89 pts (A4)");
	assert_non_null(pages = strstr(out, "Pages:"));
	int n = atoi(pages + 6);
	free(out);
	return n;
}

// 'check_outline()' - Every bookmark named is in the document outline.
static void
check_outline(const char *path, const char *const *titles, int n)
{
	char *json = tool("qpdf --json --json-key=outlines", path, "");
	char want[128];

	for (int i = 0; i < n; i++) {
		snprintf(want, sizeof want, "\"title\": \"%s\"", titles[i]);
		if (strstr(json, want) == NULL)
			fail_msg("no bookmark \"%s\"", titles[i]);
	}
	free(json);
}

// 'check_pdf()' - The readers' checks every PDF must pass; O - its text (pdftotext -layout; caller frees).
static char *
check_pdf(const char *path, size_t size, const char *title, int *pages)
{
	char *text, *out;

	if (size >= MAX_SIZE)
		fail_msg("%s is %zu bytes", path, size);
	out = tool("qpdf --check", path, "");
	assert_text(out, "No syntax or stream encoding errors");
	free(out);
	check_fonts(path);
	*pages = check_info(path, title);
	text = tool("pdftotext -layout", path, "-");
	assert_int_equal(check_pages(text), *pages);
	assert_true(check_geometry(path) > 0);
	return text;
}

/*
 * Tests.
 */

static void
test_normal(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	char v[64];
	(void)state;

	fixture_monthly(&f, FIX_NORMAL);
	const char *path = render_monthly(&f.m, "normal", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_text(text, "June 2020 \xe2\x80\x94 P3 2020/21");
	assert_text(text, "PCD 815");
	assert_text(text, "Home Office / NPCC");
	for (int i = 0; i < f.m.n_lines; i++)
		assert_spend_row(text, &f.m.lines[i], i == 5 ? "Equipment \xe2\x80\xa0" : f.m.lines[i].name);
	assert_spend_row(text, &f.m.total, "Total");
	format_pounds(f.m.award, v, sizeof v);
	assert_text(text, v);
	format_pounds(f.m.remaining, v, sizeof v);
	assert_text(text, v);
	format_pounds(f.m.forecast_variance, v, sizeof v);
	assert_text(text, v);
	assert_text(text, rag_word(f.m.spend_rag));
	// Outcomes: a count, a quantity, money, a missing target and a RAG word on one line each.
	const char *arrests[] = { "Arrests", "4", "11", "18", "48", "12", "AMBER" };
	assert_true(line_with(text, arrests, 7));
	const char *kg[] = { "Class A drugs seized (kg)", "0.35", "1.4", "1.989", "6", "1.5", "AMBER" };
	assert_true(line_with(text, kg, 7));
	const char *cash[] = { "Cash seized", "\xc2\xa3" "7,000", "\xc2\xa3" "24,350", "\xc2\xa3" "6,671",
	                       "\xc2\xa3" "120,000", "\xc2\xa3" "30,000", "RED" };
	assert_true(line_with(text, cash, 7));
	const char *charges[] = { "Charges", "3", "7", "\xe2\x80\x94", "36", "9", "RED" };
	assert_true(line_with(text, charges, 7));
	format_pounds(f.m.costs[0].pence, v, sizeof v);
	assert_text(text, v);
	// Text the fonts cannot show is visible as '?'; accents, the euro and the Welsh w survive.
	assert_text(text, "Checked by Zo\xc3\xab \xc5\xb4yn, Cr\xc3\xa8me ? \xe2\x80\x94 caf\xc3\xa9 \xe2\x82\xac" "5");
	assert_text(text, "EXPLANATION NEEDED");
	assert_text(text, "input/spend.csv:100");
	assert_text(text, "3 rows were rejected");
	assert_text(text, "the budget rows total \xc2\xa3" "249,000 but the award is \xc2\xa3" "250,000");
	assert_text(text, "input/spend.csv:2966");
	assert_text(text, "2 spend rows dated outside");
	assert_text(text, "5 spend rows of other cost centres");
	assert_text(text, "1 July 2020 at 10:00 BST");
	assert_text(text, "roit-report " ROIT_VERSION);
	assert_text(text, fixture_inputs[1].sha256);
	assert_text(text, "Prepared by");
	assert_text(text, "Signature");
	assert_text(text, "Date");
	const char *marks[] = { "Monthly scrutiny return", "Headline", "Spend against profile", "Spend chart",
	                        "Outcomes", "Outcomes chart", "Commentary", "Data quality",
	                        "Sign-off and audit trail" };
	check_outline(path, marks, 9);
	free(text);
	fixture_free(&f);
}

static void
test_many_categories(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_MANY);
	const char *path = render_monthly(&f.m, "many", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	// The table goes on over a page, its header row repeated.
	assert_text(text, "Spend against profile (continued)");
	int heads = 0;
	for (const char *s = text; (s = strstr(s, "\n Category ")) != NULL; s++) {
		const char *head[] = { "Category", "Month", "Month", "YTD", "YTD", "Variance", "Variance" };
		char *line = strndup(s + 1, strcspn(s + 1, "\n"));
		heads += line_with(line, head, 7);
		free(line);
	}
	assert_true(heads >= 2);
	for (int i = 0; i < f.m.n_lines; i++)
		assert_spend_row(text, &f.m.lines[i], NULL);
	assert_spend_row(text, &f.m.total, "Total");
	free(text);
	fixture_free(&f);
}

static void
test_long_commentary(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_LONG_TEXT);
	const char *path = render_monthly(&f.m, "long-text", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_text(text, "Overtime on Op SEXTANT rose again this month.");
	assert_text(text, "Supercalifragilistic");
	free(text);
	fixture_free(&f);
}

static void
test_long_name(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_LONG_NAME);
	const char *path = render_monthly(&f.m, "long-name", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_int_equal(strlen(f.m.lines[1].name), 120);
	assert_text(text, "Specialist covert online");
	assert_text(text, "Stryd y Fr\xc3\xa2n, \xc5\xb4yn");
	assert_spend_row(text, &f.m.lines[0], "Staff overtime");
	assert_spend_row(text, &f.m.total, "Total");
	free(text);
	fixture_free(&f);
}

static void
test_no_outcomes(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_NO_OUTCOMES);
	const char *path = render_monthly(&f.m, "no-outcomes", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_text(text, "No outcomes were recorded");
	assert_null(strstr(text, "Main outcomes by month"));
	free(text);
	fixture_free(&f);
}

static void
test_zero_profile(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_ZERO_PROFILE);
	assert_int_equal(f.m.spend_rag, RAG_NONE);
	const char *path = render_monthly(&f.m, "zero-profile", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_spend_row(text, &f.m.total, "Total");
	assert_text(text, "n/a");
	assert_text(text, "NO RAG");
	assert_text(text, "Profile assumed even");
	free(text);
	fixture_free(&f);
}

static void
test_rejects(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_monthly(&f, FIX_REJECTS);
	const char *path = render_monthly(&f.m, "rejects", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_text(text, "1,234 rows were rejected");
	assert_text(text, "The first 50 are listed");
	assert_text(text, "input/spend.csv:149");
	assert_null(strstr(text, "input/spend.csv:150"));
	assert_text(text, "Rejected rows (continued)");
	free(text);
	fixture_free(&f);
}

// The same figures give the same bytes: nothing in the file depends on the clock or chance.
static void
test_reproducible(void **state)
{
	fixture_t f;
	buf_t a, b;
	(void)state;

	fixture_monthly(&f, FIX_NORMAL);
	buf_init(&a);
	buf_init(&b);
	assert_int_equal(pdf_monthly(&f.m, FONT_REGULAR, FONT_BOLD, &a), ROIT_OK);
	sleep(1);
	assert_int_equal(pdf_monthly(&f.m, FONT_REGULAR, FONT_BOLD, &b), ROIT_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
	fixture_free(&f);
}

static void
test_missing_font(void **state)
{
	fixture_t f;
	buf_t out;
	(void)state;

	fixture_monthly(&f, FIX_NORMAL);
	buf_init(&out);
	assert_int_equal(pdf_monthly(&f.m, "fonts/no-such-font.ttf", FONT_BOLD, &out), ROIT_EX_CONFIG);
	assert_int_equal(pdf_summary(&f.s, FONT_REGULAR, "Makefile", &out), ROIT_EX_CONFIG);
	assert_int_equal(out.len, 0);
	buf_free(&out);
	fixture_free(&f);
}

// The one text conversion: CP1252 kept, Welsh letters kept, the rest visible as '?'.
static void
test_encode(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "\xc2\xa3" "12,345", "\xa3" "12,345" },
		{ "June 2020 \xe2\x80\x94 P3", "June 2020 \x97 P3" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "caf\xe9 \x80" },
		{ "\xc5\xb5\xc5\xb7", "\x8d\x90" },			// w and y circumflex: the Welsh slots
		{ "\xe2\x9c\x93 \xf0\x9f\x98\x80", "? ?" },		// outside CP1252
		{ "a\xff" "b\xc3", "a?b?" },				// malformed UTF-8
		{ "\xe2\x82", "??" },					// truncated sequence
		{ "\xc0\xaf", "??" },					// overlong
		{ "x\r\ny\rz\tw", "x\ny\nz w" },
		{ "soft\xc2\xadhyphen", "softhyphen" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = lay_encode(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_london_time(void **state)
{
	static const struct { time_t t; const char *want; } cases[] = {
		{ 1593594000, "1 July 2020 at 10:00 BST" },
		{ 1585443599, "29 March 2020 at 00:59 GMT" },	// a second before the change
		{ 1585443600, "29 March 2020 at 02:00 BST" },
		{ 1603587599, "25 October 2020 at 01:59 BST" },
		{ 1603587600, "25 October 2020 at 01:00 GMT" },
		{ 1609459199, "31 December 2020 at 23:59 GMT" },
		{ 951782400, "29 February 2000 at 00:00 GMT" },
	};
	char buf[64];
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pdf_london_time(cases[i].t, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static void
test_ticks(void **state)
{
	static const struct { int64_t v; chart_unit_t unit; const char *want; } cases[] = {
		{ 0, CHART_PENCE, "\xc2\xa3" "0" }, { 50000, CHART_PENCE, "\xc2\xa3" "500" },
		{ 500000, CHART_PENCE, "\xc2\xa3" "5k" }, { 250000, CHART_PENCE, "\xc2\xa3" "2.5k" },
		{ 150000000, CHART_PENCE, "\xc2\xa3" "1.5m" }, { -200000, CHART_PENCE, "-\xc2\xa3" "2k" },
		{ 25000000, CHART_PENCE, "\xc2\xa3" "250k" }, { 5000, CHART_THOUSANDTHS, "5" },
		{ 2500, CHART_THOUSANDTHS, "2.5" }, { 1250000, CHART_THOUSANDTHS, "1,250" },
	};
	char buf[64];
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		chart_tick_label(cases[i].v, cases[i].unit, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static void
test_summary(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	char v[64];
	(void)state;

	fixture_summary_of(&f, FIX_NORMAL);
	const char *path = render_summary(&f.s, "summary", &size);
	char *text = check_pdf(path, size, "Funding continuation summary", &pages);

	assert_true(pages <= 3);
	assert_text(text, "Funding continuation summary \xe2\x80\x94 as at June 2020");
	const char *y1[] = { "2018/19", "\xc2\xa3" "250,000", "\xc2\xa3" "240,123", "\xc2\xa3" "9,877", "96.0%" };
	assert_true(line_with(text, y1, 5));
	const char *y2[] = { "2019/20", "\xc2\xa3" "250,000", "\xc2\xa3" "261,000", "-\xc2\xa3" "11,000", "104.4%" };
	assert_true(line_with(text, y2, 5));
	const char *y3[] = { "2020/21", "\xc2\xa3" "250,000", "\xc2\xa3" "100,538", "to P3" };
	assert_true(line_with(text, y3, 4));
	format_pounds(f.s.total_spend, v, sizeof v);
	const char *tot[] = { "Total", "\xc2\xa3" "750,000", v };
	assert_true(line_with(text, tot, 3));
	const char *arrests[] = { "Arrests", "40", "52", "11", "103" };
	assert_true(line_with(text, arrests, 5));
	format_pounds(f.s.vfm[0].pence, v, sizeof v);
	assert_text(text, v);
	assert_text(text, "PCD 1021 (draft)");
	assert_text(text, "\xc2\xa3" "260,000");
	assert_text(text, "\xc2\xa3" "270,000");
	assert_text(text, "to keep two DCs on covert online work");
	format_pounds(f.m.total.forecast, v, sizeof v);
	assert_text(text, v);
	assert_text(text, fixture_inputs[0].sha256);
	const char *marks[] = { "Funding continuation summary", "Funding history", "Charts", "Delivery",
	                        "Value for money", "The request", "Sign-off and audit trail" };
	check_outline(path, marks, 7);
	free(text);
	fixture_free(&f);
}

// A unit's first year: one grant year, nothing delivered, nothing requested, no profile.
static void
test_summary_first_year(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_summary_of(&f, FIX_ZERO_PROFILE);
	f.s.n_years = 1;
	f.s.history[0] = (history_line_t){ 2020, 25000000, f.m.total.ytd_actual, false, 3, 0, { true, 402 } };
	f.s.total_award = 25000000;
	f.s.total_spend = f.m.total.ytd_actual;
	f.s.n_delivery = 0;
	f.s.levels_used = false;
	f.s.n_requests = 0;
	f.s.n_continuation = 0;
	for (int i = 0; i < 3; i++)
		f.s.vfm[i].has = false;
	const char *path = render_summary(&f.s, "summary-first-year", &size);
	char *text = check_pdf(path, size, "Funding continuation summary", &pages);

	assert_true(pages <= 2);
	assert_text(text, "No further grant is requested");
	assert_text(text, "No outcomes were recorded in the grant years");
	assert_text(text, "n/a (none)");
	assert_text(text, "NO RAG");
	free(text);
	fixture_free(&f);
}

// 'setup()' - A temporary folder for the PDFs; ROIT_KEEP_PDF=1 keeps it to look at.
static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/roit-pdf-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];
	(void)state;

	if (getenv("ROIT_KEEP_PDF") != NULL) {
		fprintf(stderr, "PDFs kept in %s\n", tmpdir);
		return 0;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_london_time),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_many_categories),
		cmocka_unit_test(test_long_commentary),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_no_outcomes),
		cmocka_unit_test(test_zero_profile),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_first_year),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
