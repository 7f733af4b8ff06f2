// Unit tests of the PDF renderers: hand-made figures in, PDFs checked through the readers'
// own tools (pdftotext, pdffonts, pdfinfo, qpdf), a geometry check of every word's box, and
// at the end every PDF the tests made through the PDF/UA-1 and PDF/A-3b checks (tests/pdfua).
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

#include <hpdf_doc.h>

#include "chart.h"
#include "format.h"
#include "json.h"
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
static lay_shared_t *run_fonts;	// the run's fonts and colour profile, for every test

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

// 'save()' - Write bytes as <tmpdir>/<name>.<ext>; O - the path (in a static buffer).
static const char *
save(const buf_t *b, const char *name, const char *ext)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s.%s", tmpdir, name, ext);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
	return path;
}

// 'render_monthly()' - Render a monthly fixture, its JSON twin inside, to <tmpdir>/<name>.pdf
//                      and the twin beside it; O - the PDF's path.
static const char *
render_monthly(const monthly_t *m, const char *name, size_t *size)
{
	buf_t pdf, json;
	char twin[96];

	buf_init(&pdf);
	buf_init(&json);
	json_monthly(m, &json);
	snprintf(twin, sizeof twin, "%s.json", name);
	assert_int_equal(pdf_monthly(m, &(pdf_twin_t){ .name = twin, .json = &json }, run_fonts, &pdf), ROIT_OK);
	save(&json, name, "json");
	*size = pdf.len;
	const char *path = save(&pdf, name, "pdf");
	buf_free(&pdf);
	buf_free(&json);
	return path;
}

static const char *
render_summary(const summary_t *s, const char *name, size_t *size)
{
	buf_t pdf, json;
	char twin[96];

	buf_init(&pdf);
	buf_init(&json);
	json_summary(s, &json);
	snprintf(twin, sizeof twin, "%s.json", name);
	assert_int_equal(pdf_summary(s, &(pdf_twin_t){ .name = twin, .json = &json }, run_fonts, &pdf), ROIT_OK);
	save(&json, name, "json");
	*size = pdf.len;
	const char *path = save(&pdf, name, "pdf");
	buf_free(&pdf);
	buf_free(&json);
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

// The marking every page must start and end with; a test with a marking of its own sets it.
static const char *marking = MARKING;

// 'squeeze()' - s with runs of spaces made one, into buf.
static void
squeeze(const char *s, char *buf, size_t size)
{
	size_t k = 0;

	for (; *s != '\0' && k + 1 < size; s++)
		if (*s != ' ' || (k > 0 && buf[k - 1] != ' '))
			buf[k++] = *s;
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
}

// 'joined_is()' - Whether lines[from, from + k), joined by spaces, read as the marking.
static bool
joined_is(char (*lines)[1024], int from, int k, const char *want)
{
	char all[4200] = "", one[4200];

	for (int i = from; i < from + k; i++) {
		if (i > from)
			strcat(all, " ");
		strncat(all, lines[i], sizeof all - strlen(all) - 2);
	}
	squeeze(all, one, sizeof one);
	squeeze(want, all, sizeof all);
	return strcmp(one, all) == 0;
}

// 'check_page()' - The marking is the first and the last text of the page (on one line, or
//                  wrapped over several), in full; "Page i of n" is there.
static void
check_page(const char *page, size_t len, int i, int n)
{
	static char lines[400][1024];
	char want[64];
	const char *end = page + len;
	int nl_count = 0;
	bool first = false, last = false;

	for (const char *s = page; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t k = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (nl_count < 400) {
			trim_line(s, k, lines[nl_count], sizeof lines[nl_count]);
			if (lines[nl_count][0] != '\0')
				nl_count++;
		}
		s += k + 1;
	}
	for (int k = 1; k <= 16 && k <= nl_count; k++) {
		first = first || joined_is(lines, 0, k, marking);
		last = last || joined_is(lines, nl_count - k, k, marking);
	}
	if (!first || !last)
		fail_msg("page %d: first line \"%s\", last line \"%s\"", i, nl_count ? lines[0] : "",
		         nl_count ? lines[nl_count - 1] : "");
	// No page ends with a heading: the last line above the footer ("... Page i of n") is text.
	static const char *const headings[] = {
		"Headline", "Spend against profile", "Outcomes", "Disruptions by level", "Cost per outcome",
		"Commentary", "Summary", "Spend and variance explanations", "Risks and issues", "Data quality",
		"Rejected rows", "Footer rows skipped", "Sign-off and audit trail", "At a glance", "Funding history",
		"Delivery", "Value for money", "The request",
	};
	for (int k = 1; k < nl_count; k++) {
		if (strstr(lines[k], "Page ") == NULL || strstr(lines[k], " of ") == NULL)
			continue;
		for (size_t h = 0; h < sizeof headings / sizeof headings[0]; h++)
			if (strcmp(lines[k - 1], headings[h]) == 0)
				fail_msg("page %d ends with the heading \"%s\"", i, headings[h]);
	}
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
	int page;
	double x0, y0, x1, y1;	// points from the top left corner of the page
	char word[64];
} box_t;

// 'attr()' - The number after name=" in s, or -1.
static double
attr(const char *s, const char *name)
{
	const char *p = strstr(s, name);

	return p ? strtod(p + strlen(name), NULL) : -1;
}

// 'read_boxes()' - Every word's box on every page (pdftotext -bbox); O - the boxes (caller
//                  frees), *n of them, the pages' size in *w and *h, the pages in *pages.
static box_t *
read_boxes(const char *path, int *n, double *w, double *h, int *pages)
{
	char *html = tool("pdftotext -bbox", path, "-");
	box_t *b = NULL;
	int cap = 0, page = 0;

	*n = 0;
	for (char *s = html; s != NULL && *s != '\0';) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(s, "<page ") != NULL) {
			page++;
			*w = attr(s, "width=\"");
			*h = attr(s, "height=\"");
		} else if (strstr(s, "<word ") != NULL) {
			if (*n == cap)
				b = realloc(b, (size_t)(cap = cap ? cap * 2 : 256) * sizeof *b);
			box_t *x = &b[(*n)++];
			x->page = page;
			x->x0 = attr(s, "xMin=\""), x->y0 = attr(s, "yMin=\"");
			x->x1 = attr(s, "xMax=\""), x->y1 = attr(s, "yMax=\"");
			const char *gt = strchr(strstr(s, "<word "), '>');
			snprintf(x->word, sizeof x->word, "%s", gt ? gt + 1 : "");
			char *lt = strchr(x->word, '<');
			if (lt)
				*lt = '\0';
		}
		s = nl ? nl + 1 : NULL;
	}
	free(html);
	*pages = page;
	return b;
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

// 'check_geometry()' - Check the word boxes page by page; O - words seen.
static int
check_geometry(const char *path)
{
	int n, pages;
	double w = 0, h = 0;
	box_t *b = read_boxes(path, &n, &w, &h, &pages);

	for (int i = 0; i < n;) {
		int k = i;
		while (k < n && b[k].page == b[i].page)
			k++;
		check_boxes(b + i, k - i, b[i].page, w, h);
		i = k;
	}
	free(b);
	assert_true(pages > 0);
	return n;
}

/*
 * The whole set of reader checks on one PDF.
 */

// 'check_fonts()' - Every font is embedded and subset, and maps its codes to Unicode.
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
		// Embedded, subset, with a ToUnicode map.
		if (strstr(s, " yes yes yes ") == NULL)
			fail_msg("font not embedded as a subset with a ToUnicode map: %s", s);
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
	char want[256];

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
	const char *marks[] = { "Monthly scrutiny return \u2014 Met Online Investigation Team", "Headline", "Spend against profile", "Spend chart",
	                        "Outcomes", "Outcomes chart", "Commentary", "Restated since issued", "Data quality",
	                        "Sign-off and audit trail" };
	check_outline(path, marks, 10);
	// A first issue: no revision line, no changes section; nothing issued earlier to restate.
	assert_null(strstr(text, "Revision"));
	assert_null(strstr(text, "Changes since"));
	assert_text(text, "None: no earlier month of 2020/21 has an issued return to compare with.");
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

// A word longer than many lines (any length: SPEC 6) is broken into lines that each fit the text
// width (check_pdf: no text near an edge, nothing overlapping), in order, nothing of it lost.
static void
test_word_longer_than_lines(void **state)
{
	enum { LEN = 60000 };
	static const char *texts[1];
	char *word = malloc(LEN + 1), *joined = calloc(LEN + 1, 1), line[1024];
	fixture_t f;
	size_t size, n = 0;
	int pages;
	(void)state;

	assert_non_null(word);
	assert_non_null(joined);
	for (size_t i = 0; i < LEN; i++)
		word[i] = (char)('a' + (i * 7 + i / 26) % 26);
	word[LEN] = '\0';
	fixture_monthly(&f, FIX_NORMAL);
	texts[0] = word;
	f.m.commentary.n[SECTION_SUMMARY] = 1;
	f.m.commentary.text[SECTION_SUMMARY] = texts;
	const char *path = render_monthly(&f.m, "long-word", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);
	assert_true(pages >= 5);
	// The lines made only of its letters, joined, are the word.
	for (const char *s = text; *s;) {
		size_t k = strcspn(s, "\n\f");

		trim_line(s, k, line, sizeof line);
		if (line[0] != '\0' && strspn(line, "abcdefghijklmnopqrstuvwxyz") == strlen(line) && strlen(line) > 30) {
			assert_true(n + strlen(line) <= LEN);
			memcpy(joined + n, line, strlen(line));
			n += strlen(line);
		}
		s += k + (s[k] != '\0');
	}
	assert_int_equal(n, LEN);
	assert_string_equal(joined, word);
	free(text);
	free(joined);
	free(word);
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
	assert_text(text, "and no targets are set, so there is no outcomes chart.");
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
	assert_int_equal(pdf_monthly(&f.m, NULL, run_fonts, &a), ROIT_OK);
	sleep(1);
	assert_int_equal(pdf_monthly(&f.m, NULL, run_fonts, &b), ROIT_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
	fixture_free(&f);
}

// A font file that cannot be read fails when the run's fonts are opened; one that is not
// TrueType, when a document loads it: both exit 78, and no byte of PDF is written.
static void
test_missing_font(void **state)
{
	lay_shared_t *bad;
	fixture_t f;
	buf_t out;
	(void)state;

	assert_int_equal(lay_shared_open("fonts/no-such-font.ttf", FONT_BOLD, &bad), ROIT_EX_CONFIG);
	assert_null(bad);
	// A file that is not TrueType is refused before libharu sees it (it crashed on broken fonts).
	assert_int_equal(lay_shared_open(FONT_REGULAR, "Makefile", &bad), ROIT_EX_CONFIG);
	assert_null(bad);
	fixture_monthly(&f, FIX_NORMAL);
	buf_init(&out);
	lay_shared_free(bad);
	buf_free(&out);
	fixture_free(&f);
}

// 'open_doc()' - An empty document in the run's fonts, for the tests of the layer itself.
static lay_t *
open_doc(void)
{
	lay_info_t info = { .title = "Test", .author = "Metropolitan Police Service", .subject = "s",
	                    .creator = "roit-report " ROIT_VERSION, .created = FIXTURE_NOW, .marking = MARKING,
	                    .header_left = "Unit", .header_right = "Month" };
	lay_t *d;

	assert_int_equal(lay_open(&info, run_fonts, &d), ROIT_OK);
	return d;
}

// The one text conversion: CP1252 a byte a character; any other character the fonts have is
// byte 1 and its UTF-8 (drawn by glyph from the composite font); the rest '?'.
static void
test_encode(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "\xc2\xa3" "12,345", "\xa3" "12,345" },
		{ "June 2020 \xe2\x80\x94 P3", "June 2020 \x97 P3" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "caf\xe9 \x80" },
		// Characters CP1252 lacks, in the fonts: Polish, Turkish, Latvian, Romanian (commas
		// below, which no single-byte encoding's glyph names reach), Welsh, Maltese, Sami.
		{ "\xc5\x81\xc5\x9f", "\x01\xc5\x81\x01\xc5\x9f" },
		{ "\xc4\x9f\xc4\xb1", "\x01\xc4\x9f\x01\xc4\xb1" },
		{ "\xc4\x81", "\x01\xc4\x81" },
		{ "\xc8\x99\xc8\x9b\xc8\x9a", "\x01\xc8\x99\x01\xc8\x9b\x01\xc8\x9a" },
		{ "Ll\xc5\xb7n", "Ll\x01\xc5\xb7n" },
		{ "\xc4\xa7\xc5\x8b", "\x01\xc4\xa7\x01\xc5\x8b" },
		{ "Zo\xc3\xab \xc5\xbd", "Zo\xeb \x8e" },		// CP1252 first (Z caron is there)
		{ "\xe2\x9c\x93 \xf0\x9f\x98\x80 \xce\xb1", "? ? ?" },	// not in the fonts
		{ "a\xff" "b\xc3", "a?b?" },				// malformed UTF-8
		{ "\xe2\x82", "??" },					// truncated sequence
		{ "\xc0\xaf", "??" },					// overlong
		{ "x\r\ny\rz\tw", "x\ny\nz w" },
		{ "soft\xc2\xadhyphen", "softhyphen" },
	};
	lay_t *d = open_doc();
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = lay_encode(d, cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	lay_free(d);
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
	const char *marks[] = { "Funding continuation summary \u2014 Met Online Investigation Team", "Funding history", "Charts", "Delivery",
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
	f.s.history[0] = (history_line_t){ 2020, 25000000, f.m.total.ytd_actual, false, 3, 0, { true, 402 }, false };
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
	assert_text(text, "Awarded 2020/21");
	assert_null(strstr(text, "Awarded 2020/21 to"));
	assert_text(text, "No further grant is requested");
	assert_text(text, "No outcomes were recorded in the grant years");
	assert_text(text, "n/a (none)");
	assert_text(text, "NO RAG");
	free(text);
	fixture_free(&f);
}

// A revision (SPEC 8): its title block says which it replaces and when, the changes are listed
// with issued, now and difference, and earlier months' restated figures are in their own table.
static void
test_revision(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	change_t changes[] = {
		{ "Staff overtime \xe2\x80\x94 month actual", "\xc2\xa3" "10,200", "\xc2\xa3" "10,950", "+\xc2\xa3" "750" },
		{ "Commentary \xe2\x80\x94 summary", "On track.", "Behind plan after a late journal.", NULL },
	};
	restatement_t restated[] = {
		{ month_of(2020, 5), true, "Staff overtime", "Staff overtime", KIND_COUNT, 1020000, 1095000 },
		{ month_of(2020, 4), false, "class_a_kg", "Class A drugs seized (kg)", KIND_QUANTITY, 1125, 1000 },
	};
	record_t rec = {
		.revision = 2, .supersedes_file = "met-oit/superseded/2020-06-monthly-return.r1.pdf",
		.supersedes_generated_at = "2020-07-03T06:00:00Z", .supersedes_at = 1593756000,
		.supersedes_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		.n_changes = 2, .changes = changes, .n_compared = 2, .n_restatements = 2, .restatements = restated,
	};
	(void)state;

	fixture_monthly(&f, FIX_NORMAL);
	f.m.meta.record = &rec;
	const char *path = render_monthly(&f.m, "revision", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);

	assert_text(text, "Revision 2 \xe2\x80\x94 replaces the return issued on 3 July 2020");
	assert_text(text, "kept unchanged as met-oit/superseded/2020-06-monthly-return.r1.pdf");
	const char *overtime[] = { "Staff overtime \xe2\x80\x94 month actual", "\xc2\xa3" "10,200", "\xc2\xa3" "10,950",
	                           "+\xc2\xa3" "750" };
	assert_true(line_with(text, overtime, 4));
	const char *may[] = { "May 2020", "Staff overtime \xe2\x80\x94 month actual", "\xc2\xa3" "10,200",
	                      "\xc2\xa3" "10,950", "+\xc2\xa3" "750" };
	assert_true(line_with(text, may, 5));
	const char *april[] = { "April 2020", "Class A drugs seized (kg) \xe2\x80\x94 month", "1.125", "1", "-0.125" };
	assert_true(line_with(text, april, 5));
	free(text);
	// The summary says it in its own words.
	fixture_free(&f);
	fixture_summary_of(&f, FIX_NORMAL);
	f.s.meta.record = &rec;
	rec.n_restatements = 0;
	rec.why = "Revision 1 is replaced because its PDF no longer matched SHA256SUMS.";
	path = render_summary(&f.s, "revision-summary", &size);
	text = check_pdf(path, size, "Funding continuation summary", &pages);
	assert_text(text, "Revision 2 \xe2\x80\x94 replaces the summary issued on 3 July 2020");
	assert_text(text, "Revision 1 is replaced because its PDF no longer matched SHA256SUMS.");
	assert_text(text, "Every figure that differs from the issued revision:");
	assert_true(line_with(text, overtime, 4));
	free(text);
	fixture_free(&f);
}

/*
 * Fixes of a reviewer's findings, each shown first by its test.
 */

// 'find_box()' - The first box on a page holding exactly word (page 0: any), or NULL.
static const box_t *
find_box(const box_t *b, int n, int page, const char *word)
{
	for (int i = 0; i < n; i++)
		if ((page == 0 || b[i].page == page) && strcmp(b[i].word, word) == 0)
			return &b[i];
	return NULL;
}

#define LONG_MARKING "OFFICIAL-SENSITIVE [PERSONAL] \xe2\x80\x94 HANDLE VIA ROCU FINANCE ONLY \xe2\x80\x94 " \
	"NOT FOR ONWARD DISCLOSURE TO PARTNER AGENCIES OR COUNCIL OFFICERS WITHOUT APPROVAL"

// A marking too long for one line is shrunk, then wrapped: never off the page, and still the
// first and the last text of every page.
static void
test_long_marking(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	assert_true(strlen(LONG_MARKING) >= 140);
	fixture_summary_of(&f, FIX_MANY);
	f.m.meta.marking = f.s.meta.marking = LONG_MARKING;
	marking = LONG_MARKING;
	const char *path = render_monthly(&f.m, "long-marking", &size);
	free(check_pdf(path, size, "Monthly scrutiny return", &pages));
	assert_true(pages >= 2);
	path = render_summary(&f.s, "long-marking-summary", &size);
	free(check_pdf(path, size, "Funding continuation summary", &pages));
	// A marking a little too long for one line at 9 pt is shrunk, not wrapped.
	f.m.meta.marking = marking = "OFFICIAL-SENSITIVE [PERSONAL] \xe2\x80\x94 HANDLE VIA ROCU FINANCE "
	                             "ONLY \xe2\x80\x94 NOT FOR ONWARD DISCLOSURE OR COPYING";
	path = render_monthly(&f.m, "shrunk-marking", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);
	assert_text(text, "ONLY \xe2\x80\x94 NOT FOR ONWARD DISCLOSURE OR COPYING");
	free(text);
	marking = MARKING;
	fixture_free(&f);
}

// The marking decides who may read a report: however long, it is printed in full (wrapped over
// as many lines as it takes), never cut short with an ellipsis (SPEC 6).
static void
test_marking_in_full(void **state)
{
	static char full[1200];
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	snprintf(full, sizeof full, "%s", "OFFICIAL-SENSITIVE");
	for (int i = 1; strlen(full) < 700; i++)
		snprintf(full + strlen(full), sizeof full - strlen(full), " HANDLING CAVEAT %d WWWW", i);
	fixture_summary_of(&f, FIX_MANY);
	f.m.meta.marking = marking = full;
	const char *path = render_monthly(&f.m, "full-marking", &size);
	free(check_pdf(path, size, "Monthly scrutiny return", &pages));
	assert_true(pages >= 2);
	marking = MARKING;
	fixture_free(&f);
}

// Names in Polish, Czech, Turkish, Romanian, Baltic, Welsh, Maltese and Sami letters are drawn from
// the same embedded font in other single-byte encodings and extract exactly; others stay '?'.
static void
test_names(void **state)
{
	// Łukasz Wiśniewski; Zoë Dvořák-Şahin; Ștefan Țurcanu, Brașov, Timișoara, țără (commas below);
	// Ştefan Ţurţan (cedillas); Ayşe Yıldız, İstanbul, Ağrı; Jānis Bērziņš, Kęstutis Žemaitė;
	// Ŵyn a ŵe, Tŷ Newydd, ẃ; Ħamrun, ħobż, Ċikku Ġalea; Áŋŋel Ŧaanu; Ðóra Þórðardóttir, François
	// Müller; Tomáš Černý, Ľuboš Ŕehor, Árpád Gőzű.
	static const char *const names[] = {
		"DS \xc5\x81ukasz Wi\xc5\x9bniewski",
		"DC Zo\xc3\xab Dvo\xc5\x99\xc3\xa1k-\xc5\x9e" "ahin",
		"\xc8\x98tefan \xc8\x9aurcanu, Bra\xc8\x99ov, Timi\xc8\x99oara, \xc8\x9b\xc4\x83r\xc4\x83",
		"\xc5\x9e" "tefan \xc5\xa2" "ur\xc5\xa3" "an (cedilla)",
		"Ay\xc5\x9f" "e Y\xc4\xb1ld\xc4\xb1z, \xc4\xb0stanbul, A\xc4\x9fr\xc4\xb1",
		"J\xc4\x81nis B\xc4\x93rzi\xc5\x86\xc5\xa1, K\xc4\x99stutis \xc5\xbd" "emait\xc4\x97",
		"Dafydd ap Gwilym, \xc5\xb4yn a \xc5\xb5" "e, T\xc5\xb7 Newydd, \xe1\xba\x83",
		"\xc4\xa6" "amrun, \xc4\xa7" "ob\xc5\xbc, \xc4\x8a" "ikku \xc4\xa0" "alea",
		"\xc3\x81\xc5\x8b\xc5\x8b" "el \xc5\xa6" "aanu",
		"\xc3\x90\xc3\xb3ra \xc3\x9e\xc3\xb3r\xc3\xb0" "ard\xc3\xb3ttir, Fran\xc3\xa7ois M\xc3\xbcller",
		"Tom\xc3\xa1\xc5\xa1 \xc4\x8c" "ern\xc3\xbd, \xc4\xbd" "ubo\xc5\xa1 \xc5\x94" "ehor, "
		"\xc3\x81rp\xc3\xa1" "d G\xc5\x91z\xc5\xb1",
	};
	static const char *risk_ptrs[1];
	char all[2048] = "";
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_summary_of(&f, FIX_NORMAL);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		strcat(all, names[i]);
		strcat(all, i + 1 < sizeof names / sizeof names[0] ? "; " : ".");
	}
	// Not in any of the encodings: a tick and Tokyo in kanji, shown as '?'.
	strcat(all, " Unknown: \xe2\x9c\x93 \xe6\x9d\xb1\xe4\xba\xac.");
	risk_ptrs[0] = all;
	f.m.commentary.text[SECTION_RISKS] = risk_ptrs;
	f.m.meta.prepared_by = f.s.meta.prepared_by = names[0];
	f.m.meta.approved_by = f.s.meta.approved_by = names[1];
	f.m.meta.unit = f.s.meta.unit = "Uned Ymchwilio Ar-lein \xe2\x80\x94 \xc5\xb4yn ac "
	                                "\xc5\x81\xc3\xb3" "d\xc5\xba";
	const char *path = render_monthly(&f.m, "names", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);
	char *plain = tool("pdftotext", path, "-");	// without -layout: paragraphs read as lines

	assert_text(text, "Prepared by");
	assert_text(text, names[0]);
	assert_text(text, names[1]);
	assert_text(text, "Uned Ymchwilio Ar-lein \xe2\x80\x94 \xc5\xb4yn ac \xc5\x81\xc3\xb3" "d\xc5\xba");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		// Wrapped paragraphs: each name is looked for in the text with line ends made spaces.
		for (char *c = plain; *c; c++)
			if (*c == '\n')
				*c = ' ';
		if (strstr(plain, names[i]) == NULL)
			fail_msg("text has no \"%s\"", names[i]);
	}
	assert_text(plain, "Unknown: ? ??.");
	free(plain);
	free(text);
	path = render_summary(&f.s, "names-summary", &size);
	text = check_pdf(path, size, "Funding continuation summary", &pages);
	assert_text(text, names[0]);
	assert_text(text, names[1]);
	free(text);
	fixture_free(&f);
}

// 'utf8_of()' - A code point (to U+FFFF) as UTF-8 into buf.
static void
utf8_of(unsigned cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp, buf[1] = '\0';
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6), buf[1] = (char)(0x80 | (cp & 0x3F)), buf[2] = '\0';
	} else {
		buf[0] = (char)(0xE0 | cp >> 12), buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F)), buf[3] = '\0';
	}
}

// Every character the encodings can draw has its glyph in both report fonts (tools/setup.sh's
// subset): none would print as an empty box.
static void
test_font_coverage(void **state)
{
	const char *const files[2] = { FONT_REGULAR, FONT_BOLD };
	lay_t *doc = open_doc();
	int drawn = 0;
	(void)state;

	for (int f = 0; f < 2; f++) {
		HPDF_Doc pdf = HPDF_New(NULL, NULL);
		const char *name = HPDF_LoadTTFontFromFile(pdf, files[f], HPDF_FALSE);
		assert_non_null(name);
		HPDF_FontDef def = HPDF_Doc_FindFontDef(pdf, name);
		assert_non_null(def);
		for (unsigned cp = 0x20; cp < 0x2200; cp++) {
			char utf8[8];
			if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD || (cp >= 0xD800 && cp < 0xE000))
				continue;
			utf8_of(cp, utf8);
			char *enc = lay_encode(doc, utf8);
			bool shown = strcmp(enc, "?") != 0 && enc[0] != '\0' && strcmp(enc, " ") != 0 && strcmp(enc, "-") != 0;
			free(enc);
			if (!shown || cp == '?')
				continue;
			drawn++;
			if (HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) == 0)
				fail_msg("%s has no glyph for U+%04X", files[f], cp);
		}
		HPDF_Free(pdf);
	}
	// CP1252's printable characters and the 140 and more the fonts add, in each face.
	assert_true(drawn >= 2 * 350);
	lay_free(doc);
}

// 'assert_in_card()' - Every word below a card's label (within its height) lies inside the card
//                      [x0, x1] and is drawn at 6.5 pt or more.  O - the words found.
static int
assert_in_card(const char *path, const char *label, double x0, double x1)
{
	int n, pages, found = 0;
	double w, h;
	box_t *b = read_boxes(path, &n, &w, &h, &pages);
	const box_t *l = NULL;

	for (int i = 0; i < n && l == NULL; i++)
		if (b[i].page == 1 && strcmp(b[i].word, label) == 0 && b[i].x0 >= x0 - 1 && b[i].x0 <= x1)
			l = &b[i];
	assert_non_null(l);
	for (int i = 0; i < n; i++) {
		if (b[i].page != 1 || b[i].y0 <= l->y0 + 4 || b[i].y0 > l->y0 + 52 || b[i].x1 < x0 || b[i].x0 > x1)
			continue;
		found++;
		if (b[i].x0 < x0 + 2 || b[i].x1 > x1 - 2)
			fail_msg("\"%s\" at x %.1f-%.1f is outside its card (%.1f-%.1f)", b[i].word, b[i].x0, b[i].x1, x0, x1);
		if (b[i].y1 - b[i].y0 < 6.5 * 1.11)
			fail_msg("\"%s\" is drawn at %.1f pt", b[i].word, (b[i].y1 - b[i].y0) / 1.116);
	}
	free(b);
	return found;
}

#define LONG_REFERENCE "PCD 815 variation 3: Home Office ROCU online investigation grant agreement " \
	"HO/ROIT/2020-21/0042 with schedule 2"

// A long grant reference in a headline card wraps onto a second line and ends with an ellipsis,
// at 6.5 pt or more, inside the card.
static void
test_long_reference(void **state)
{
	const double card = (LAY_WIDTH - 3 * 6) / 4;
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_summary_of(&f, FIX_NORMAL);
	f.m.meta.reference = LONG_REFERENCE;
	const char *path = render_monthly(&f.m, "long-reference", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);
	assert_true(assert_in_card(path, "Award", LAY_X0, LAY_X0 + card) >= 6);
	assert_text(text, "PCD 815 variation 3:");
	free(text);

	f.s.n_requests = 1;
	f.s.requests[0].reference = LONG_REFERENCE;
	path = render_summary(&f.s, "long-reference-summary", &size);
	text = check_pdf(path, size, "Funding continuation summary", &pages);
	assert_true(assert_in_card(path, "Requested", LAY_X1 - card, LAY_X1) >= 6);
	free(text);
	fixture_free(&f);
}

// Forty categories of 60 to 120 characters: the Category column gets a fair share of the width,
// the figures never wrap, and the table does not run to ten pages.
static void
test_long_categories(void **state)
{
	fixture_t f;
	size_t size;
	int pages, n, np;
	double w, h;
	(void)state;

	fixture_monthly(&f, FIX_LONG_CATEGORIES);
	assert_true(strlen(f.m.lines[0].name) >= 50 && strlen(f.m.lines[0].name) <= 60);
	assert_true(strlen(f.m.lines[39].name) >= 110 && strlen(f.m.lines[39].name) <= 120);
	const char *path = render_monthly(&f.m, "long-categories", &size);
	char *text = check_pdf(path, size, "Monthly scrutiny return", &pages);
	for (int i = 0; i < f.m.n_lines; i++)
		assert_spend_row(text, &f.m.lines[i], NULL);
	assert_spend_row(text, &f.m.total, "Total");
	if (pages > 6)
		fail_msg("%d pages", pages);
	// The category column gets some 30% of the width: the first figure column's header starts
	// past a quarter of the text width, and the widest line of a name reaches a fifth of it.
	box_t *b = read_boxes(path, &n, &w, &h, &np);
	const box_t *month = find_box(b, n, 1, "Month");
	double right = 0;
	assert_non_null(month);
	for (int i = 0; i < n; i++)
		if (b[i].page == 1 && b[i].y0 > month->y0 && b[i].x1 < month->x0)
			right = b[i].x1 > right ? b[i].x1 : right;
	if (month->x0 < LAY_X0 + 0.25 * LAY_WIDTH || right < LAY_X0 + 0.2 * LAY_WIDTH)
		fail_msg("the category column ends by %.1f pt; the first figure's header starts at %.1f pt", right,
		         month->x0);
	free(b);
	free(text);
	fixture_free(&f);
}

// 'rows_per_page()' - How many lines starting "Row " each page of a PDF's text holds.
static int
rows_per_page(const char *text, int *rows, int max)
{
	int page = 0;

	memset(rows, 0, (size_t)max * sizeof *rows);
	for (const char *s = text; *s != '\0' && page < max;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		const char *t = s;
		while (t < s + len && (*t == ' ' || *t == '\f'))
			t++;
		for (const char *c = s; c < t; c++)
			page += *c == '\f';
		if (strncmp(t, "Row ", 4) == 0 && page < max)
			rows[page]++;
		s += len + (nl != NULL);
	}
	return page;
}

// A table broken across pages carries at least three rows over; a small one moves whole.
static void
test_table_orphans(void **state)
{
	char path[256], cell[64];
	int rows[8];
	(void)state;

	for (int nrows = 4; nrows <= 14; nrows += 5) {
		for (float used = 560; used <= 700; used += 7) {
			// A document of its own, as a report is one: a title, its twin inside.
			lay_info_t info = { .title = "Orphans", .author = "Metropolitan Police Service", .subject = "s",
			                    .creator = "roit-report " ROIT_VERSION, .created = FIXTURE_NOW,
			                    .marking = MARKING, .header_left = "Unit", .header_right = "Month",
			                    .twin_name = "orphans.json", .twin = "{}\n", .twin_len = 3 };
			lay_t *d;
			buf_t out;
			FILE *fp;

			assert_int_equal(lay_open(&info, run_fonts, &d), ROIT_OK);
			lay_title(d, "Above the table", 9, lay_ink);
			lay_down(d, used - 11.25f);
			lay_table_t *t = lay_table_new(3, 8);
			lay_table_col(t, 0, "Name", LAY_LEFT);
			lay_table_col(t, 1, "Amount", LAY_RIGHT);
			lay_table_col(t, 2, "Note", LAY_LEFT);
			lay_table_caption(t, "Rows");
			for (int i = 0; i < nrows; i++) {
				snprintf(cell, sizeof cell, "Row %02d", i + 1);
				lay_table_cell(t, cell);
				lay_table_cell(t, "\xc2\xa3" "1,000");
				lay_table_cell(t, i % 3 == 0 ? "a note long enough to wrap onto a second line of its cell, "
				               "and a third line as well, when the column is narrow enough" : "short");
			}
			lay_heading(d, "Table", lay_table_keep(d, t));
			lay_table_draw(d, t);
			lay_table_free(t);
			buf_init(&out);
			assert_int_equal(lay_save(d, &out), ROIT_OK);
			lay_free(d);
			snprintf(path, sizeof path, "%s/orphans.json", tmpdir);
			assert_non_null(fp = fopen(path, "wb"));
			assert_int_equal(fwrite("{}\n", 1, 3, fp), 3);
			fclose(fp);
			snprintf(path, sizeof path, "%s/orphans.pdf", tmpdir);
			assert_non_null(fp = fopen(path, "wb"));
			assert_int_equal(fwrite(out.data, 1, out.len, fp), out.len);
			fclose(fp);
			buf_free(&out);
			char *text = tool("pdftotext -layout", path, "-");
			int pages = rows_per_page(text, rows, 8), with = 0, total = 0;
			for (int p = 0; p < pages; p++) {
				total += rows[p];
				with += rows[p] > 0;
				if (rows[p] > 0 && rows[p] < 3 && (p > 0 || nrows > 5))
					fail_msg("%d rows, %.0f pt used: page %d holds %d rows", nrows, used, p + 1, rows[p]);
			}
			assert_int_equal(total, nrows);
			if (nrows <= 5 && with > 1)
				fail_msg("%d rows, %.0f pt used: a small table split over %d pages", nrows, used, with);
			free(text);
		}
	}
}

// Figures of neighbouring columns stand at least 8 pt apart.
static void
test_column_gap(void **state)
{
	fixture_t f;
	size_t size;
	int pages, n, np;
	double w, h;
	(void)state;

	fixture_monthly(&f, FIX_NORMAL);
	const char *path = render_monthly(&f.m, "gap", &size);
	free(check_pdf(path, size, "Monthly scrutiny return", &pages));
	box_t *b = read_boxes(path, &n, &w, &h, &np);
	const box_t *month = find_box(b, n, 0, "\xc2\xa3" "7,000"), *ytd = find_box(b, n, 0, "\xc2\xa3" "24,350");
	assert_non_null(month);
	assert_non_null(ytd);
	assert_true(month->page == ytd->page && month->y0 - ytd->y0 < 1 && ytd->y0 - month->y0 < 1);
	if (ytd->x0 - month->x1 < 8)
		fail_msg("\xc2\xa3" "7,000 and \xc2\xa3" "24,350 are %.1f pt apart", ytd->x0 - month->x1);
	free(b);
	fixture_free(&f);
}

// Without any main outcome measure the outcomes chart is replaced by a note saying so; the summary
// charts the other counts, and says it does.
static void
test_no_main_measures(void **state)
{
	fixture_t f;
	size_t size;
	int pages;
	(void)state;

	fixture_summary_of(&f, FIX_NORMAL);
	// Keep the quantity, money and takedowns rows only: no networks, arrests or charges.
	f.m.outcomes += 4;
	f.m.n_outcomes -= 4;
	f.m.n_series = 0;
	f.m.costs[0].measure = f.m.costs[1].measure = NULL;
	const char *path = render_monthly(&f.m, "no-main", &size);
	char *plain = tool("pdftotext", path, "-");
	free(check_pdf(path, size, "Monthly scrutiny return", &pages));
	for (char *c = plain; *c; c++)
		if (*c == '\n')
			*c = ' ';
	assert_text(plain, "No main outcome measures (networks, arrests, charges) recorded for 2020/21; the table "
	            "above lists every measure.");
	assert_null(strstr(plain, "Main outcomes by month"));
	free(plain);
	f.m.outcomes -= 4;
	f.m.n_outcomes += 4;

	// The summary: two counts and money, none of them a main measure; figures.c then charts
	// the other counts, and the chart is titled so.
	f.s.delivery[0].measure = "online_takedowns", f.s.delivery[0].label = "Online takedowns";
	f.s.delivery[1].measure = "firearms_seized", f.s.delivery[1].label = "Firearms seized";
	f.s.n_series = 0;
	f.s.series_main = false;
	fixture_year_series(&f.s, 0);
	fixture_year_series(&f.s, 1);
	f.m.n_series = 0;
	path = render_summary(&f.s, "no-main-summary", &size);
	char *text = check_pdf(path, size, "Funding continuation summary", &pages);
	assert_null(strstr(text, "Main outcomes by grant year"));
	assert_text(text, "Other outcomes by grant year");
	assert_text(text, "Online takedowns");
	free(text);
	fixture_free(&f);
}

// Every PDF the tests above made (fixtures of every kind: tables over pages, 20 categories, no
// outcomes, rejected rows, long text, a Welsh/Polish/Romanian unit, a long marking...) passes
// the PDF/UA-1 and PDF/A-3b checks of tests/pdfua, its twin inside byte for byte; pdf.js reads
// every tree; poppler's reading of the tree (seconds a file) is checked on one of each kind.
// Runs last: it reads the folder the others wrote into.
static void
test_pdfua_every_pdf(void **state)
{
	char cmd[512];
	buf_t out, err;
	(void)state;

	buf_init(&out);
	buf_init(&err);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/pdfua/check.py -q --lang en-GB --twins --no-poppler %s/*.pdf",
	         tmpdir);
	if (run(cmd, &out, &err) != 0)
		fail_msg("check.py: %s", err.data);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/pdfua/check.py -q --lang en-GB --twins %s/normal.pdf "
	         "%s/summary.pdf", tmpdir, tmpdir);
	if (run(cmd, &out, &err) != 0)
		fail_msg("check.py with poppler: %s", err.data);
	snprintf(cmd, sizeof cmd, "node tests/pdfua/struct.mjs %s/*.pdf", tmpdir);
	if (run(cmd, &out, &err) != 0)
		fail_msg("struct.mjs: %s", err.data);
	buf_free(&out);
	buf_free(&err);
}

// 'reset()' - Each test starts with the usual marking, whatever a failed one left.
static int
reset(void **state)
{
	(void)state;
	marking = MARKING;
	return 0;
}

// 'setup()' - The run's fonts, and a temporary folder for the PDFs; ROIT_KEEP_PDF=1 keeps it to look at.
static int
setup(void **state)
{
	(void)state;
	if (lay_shared_open(FONT_REGULAR, FONT_BOLD, &run_fonts) != ROIT_OK)
		return -1;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/roit-pdf-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];
	(void)state;

	lay_shared_free(run_fonts);

	if (getenv("ROIT_KEEP_PDF") != NULL) {
		fprintf(stderr, "PDFs kept in %s\n", tmpdir);
		return 0;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

// A title and author with XML's special characters, a control character and a character past
// U+FFFF: the document info holds them in UTF-16 (a surrogate pair, the control as a space), the
// XMP escaped, and a tab in drawn text is drawn as a space.
static void
test_info_special_characters(void **state)
{
	lay_info_t info = { .title = "A <b> & \"c\" 'd' \xf0\x9f\x98\x80\x01z", .author = "O'Neil & <Co>",
	                    .subject = "s", .creator = "roit-report " ROIT_VERSION, .created = FIXTURE_NOW,
	                    .marking = MARKING, .header_left = "Unit", .header_right = "Month" };
	lay_t *d;
	buf_t out;
	(void)state;

	assert_int_equal(lay_open(&info, run_fonts, &d), ROIT_OK);
	lay_title(d, "Tab\there", 12, lay_ink);
	buf_init(&out);
	assert_int_equal(lay_save(d, &out), ROIT_OK);
	lay_free(d);
	const char *path = save(&out, "special", "pdf");
	buf_free(&out);
	char *meta = tool("pdfinfo -meta", path, "");
	assert_non_null(strstr(meta, "A &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; \xf0\x9f\x98\x80 z"));
	assert_non_null(strstr(meta, "O&apos;Neil &amp; &lt;Co&gt;"));
	free(meta);
	char *inf = tool("pdfinfo", path, "");
	assert_non_null(strstr(inf, "A <b> & \"c\" 'd' \xf0\x9f\x98\x80 z\n"));
	free(inf);
	char *text = tool("pdftotext", path, "-");
	assert_non_null(strstr(text, "Tab here"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_encode, reset),
		cmocka_unit_test_setup(test_ticks, reset),
		cmocka_unit_test_setup(test_normal, reset),
		cmocka_unit_test_setup(test_many_categories, reset),
		cmocka_unit_test_setup(test_long_commentary, reset),
		cmocka_unit_test_setup(test_long_name, reset),
		cmocka_unit_test_setup(test_no_outcomes, reset),
		cmocka_unit_test_setup(test_zero_profile, reset),
		cmocka_unit_test_setup(test_rejects, reset),
		cmocka_unit_test_setup(test_reproducible, reset),
		cmocka_unit_test_setup(test_missing_font, reset),
		cmocka_unit_test_setup(test_summary, reset),
		cmocka_unit_test_setup(test_summary_first_year, reset),
		cmocka_unit_test_setup(test_revision, reset),
		cmocka_unit_test_setup(test_long_marking, reset),
		cmocka_unit_test_setup(test_marking_in_full, reset),
		cmocka_unit_test_setup(test_word_longer_than_lines, reset),
		cmocka_unit_test_setup(test_names, reset),
		cmocka_unit_test_setup(test_font_coverage, reset),
		cmocka_unit_test_setup(test_long_reference, reset),
		cmocka_unit_test_setup(test_long_categories, reset),
		cmocka_unit_test_setup(test_table_orphans, reset),
		cmocka_unit_test_setup(test_column_gap, reset),
		cmocka_unit_test_setup(test_no_main_measures, reset),
		cmocka_unit_test_setup(test_pdfua_every_pdf, reset),
		cmocka_unit_test_setup(test_info_special_characters, reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
