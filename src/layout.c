// Page layout over libharu: UTF-8 text and layout requests in, the pages of an A4 PDF out.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "roit.h"

const lay_rgb_t lay_ink = { 0.08f, 0.09f, 0.11f };
const lay_rgb_t lay_muted = { 0.30f, 0.32f, 0.36f };
const lay_rgb_t lay_navy = { 0.08f, 0.19f, 0.38f };
const lay_rgb_t lay_rule = { 0.72f, 0.74f, 0.77f };
const lay_rgb_t lay_zebra = { 0.945f, 0.95f, 0.96f };
const lay_rgb_t lay_white = { 1.0f, 1.0f, 1.0f };

static const lay_rgb_t total_fill = { 0.86f, 0.88f, 0.91f };
static const lay_rgb_t tile_fill = { 0.955f, 0.96f, 0.97f };

#define LINE_FACTOR 1.25f	// line height / font size: room for ascent, descent and a gap
#define BASELINE_FACTOR 0.95f	// first baseline below the top of a line, / font size
#define CELL_PAD 3.5f		// left and right padding of a table cell
#define CELL_VPAD 2.5f		// top and bottom padding of a table cell
#define MAX_COLS 16
#define FIT_SLACK 0.01f	// points: rounding in the width sums must not wrap text that fits
#define CHUNK 200		// bytes per ShowText call

struct lay {
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;	// the first libharu error, 0 while all is well
	const char *font_name[2];	// libharu's names of the loaded TrueType fonts
	HPDF_Font font[2];		// CP1252 faces
	HPDF_Font welsh[2];		// ISO 8859-14 faces of the same fonts, made on first use
	HPDF_Page *pages;
	int n_pages, cap_pages;
	HPDF_Page page;			// the page the flow is on
	float y;			// top of the free space on it
	char *marking, *header_left, *header_right, *footer_left;	// encoded
};

// 'on_error()' - libharu's error callback: keep the first error and return to the caller.
static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	lay_t *d = user_data;

	if (d->error == HPDF_OK) {
		d->error = error_no;
		d->detail = detail_no;
	}
}

/*
 * Text encoding.  Drawing uses single-byte fonts: CP1252 extracts cleanly with
 * poppler, where libharu's UTF-8 mode writes a ToUnicode map poppler warns about.
 * CP1252 leaves five bytes undefined; they carry the Welsh letters CP1252 lacks,
 * which are drawn from an ISO 8859-14 face of the same font.
 */

// Unicode of CP1252 bytes 0x80..0x9F; 0 where CP1252 leaves the byte undefined.
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

// Welsh letters kept in the undefined CP1252 bytes, and their ISO 8859-14 codes.
static const struct welsh_letter {
	unsigned char slot;
	uint16_t code;
	unsigned char iso;
} welsh_letters[] = {
	{ 0x81, 0x0174, 0xD0 },	// W circumflex
	{ 0x8D, 0x0175, 0xF0 },	// w circumflex
	{ 0x8F, 0x0176, 0xDE },	// Y circumflex
	{ 0x90, 0x0177, 0xFE },	// y circumflex
	{ 0x9D, 0x1E83, 0xBA },	// w acute
};

// PDFDocEncoding (outline titles, document info) of CP1252 bytes 0x80..0x9F; '?' for the Welsh slots.
static const unsigned char pdfdoc_high[32] = {
	0xA0, '?', 0x91, 0x86, 0x8C, 0x83, 0x81, 0x82,
	0x1A, 0x8B, 0x97, 0x88, 0x96, '?', 0x99, '?',
	'?', 0x8F, 0x90, 0x8D, 0x8E, 0x80, 0x85, 0x84,
	0x1F, 0x92, 0x9D, 0x89, 0x9C, '?', 0x9E, 0x98
};

// 'next_code()' - Decode one UTF-8 character at s[*i] and step over it.
//                 O - the code point, or -1 for a malformed byte (stepped over alone)
static long
next_code(const unsigned char *s, size_t *i)
{
	unsigned c = s[*i];
	long cp, min;
	int n;

	if (c < 0x80) {
		(*i)++;
		return (long)c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1, cp = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3, cp = c & 0x07, min = 0x10000;
	} else {
		(*i)++;
		return -1;
	}
	// A missing continuation byte (the terminating NUL included) makes the lead byte malformed.
	for (int k = 1; k <= n; k++) {
		unsigned cc = s[*i + (size_t)k];
		if ((cc & 0xC0) != 0x80) {
			(*i)++;
			return -1;
		}
		cp = (cp << 6) | (long)(cc & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		(*i)++;
		return -1;
	}
	*i += (size_t)n + 1;
	return cp;
}

// 'encode_code()' - The byte a code point is drawn as; -1 for characters that are invisible by nature.
static int
encode_code(long cp)
{
	if (cp == '\n' || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD))
		return (int)cp;
	if (cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
		return ' ';		// tabs and the typographic spaces
	if (cp == 0xAD || cp == 0x200B || cp == 0xFEFF)
		return -1;		// soft hyphen, zero-width space, byte order mark
	if (cp == 0x2010 || cp == 0x2011 || cp == 0x2212)
		return '-';		// hyphens and the minus sign
	for (int k = 0; k < 32; k++)
		if (cp1252_high[k] == cp)
			return 0x80 + k;
	for (size_t k = 0; k < sizeof welsh_letters / sizeof welsh_letters[0]; k++)
		if (welsh_letters[k].code == cp)
			return welsh_letters[k].slot;
	return '?';
}

// 'lay_encode()' - UTF-8 into the CP1252 bytes the fonts draw; the caller frees the result.
char *
lay_encode(const char *utf8)
{
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	char *out = xmalloc(strlen((const char *)s) + 1);
	size_t i = 0, n = 0;

	while (s[i] != '\0') {
		long cp;
		int b;

		// CR LF and a lone CR both end a line.
		if (s[i] == '\r') {
			i += s[i + 1] == '\n' ? 2 : 1;
			out[n++] = '\n';
			continue;
		}
		cp = next_code(s, &i);
		b = cp < 0 ? '?' : encode_code(cp);
		if (b >= 0)
			out[n++] = (char)b;
	}
	out[n] = '\0';
	return out;
}

// 'welsh_iso()' - The ISO 8859-14 code of a Welsh slot byte, or 0 for any other byte.
static unsigned char
welsh_iso(unsigned char b)
{
	for (size_t k = 0; k < sizeof welsh_letters / sizeof welsh_letters[0]; k++)
		if (welsh_letters[k].slot == b)
			return welsh_letters[k].iso;
	return 0;
}

// 'pdfdoc()' - UTF-8 into PDFDocEncoding, for strings outside page content (info, outline).
static char *
pdfdoc(const char *utf8)
{
	char *s = lay_encode(utf8);

	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p == '\n')
			*p = ' ';
		else if (*p >= 0x80 && *p <= 0x9F)
			*p = pdfdoc_high[*p - 0x80];
	}
	return s;
}

// 'face_font()' - The font of a face for a run: CP1252, or the ISO 8859-14 one for Welsh letters.
static HPDF_Font
face_font(lay_t *d, lay_face_t face, bool welsh)
{
	if (!welsh)
		return d->font[face];
	if (d->welsh[face] == NULL)
		d->welsh[face] = HPDF_GetFont(d->pdf, d->font_name[face], "ISO8859-14");
	return d->welsh[face];
}

// 'run_end()' - The end of the run starting at s[i]: bytes all Welsh letters, or all not.
static size_t
run_end(const char *s, size_t i, size_t n)
{
	bool welsh = welsh_iso((unsigned char)s[i]) != 0;

	while (i < n && (welsh_iso((unsigned char)s[i]) != 0) == welsh)
		i++;
	return i;
}

// 'run_bytes()' - Copy up to CHUNK bytes of a run into buf as its font encodes them; O - bytes copied.
static size_t
run_bytes(const char *s, size_t i, size_t end, char *buf)
{
	size_t n = 0;

	for (; i < end && n < CHUNK; i++, n++) {
		unsigned char iso = welsh_iso((unsigned char)s[i]);
		buf[n] = iso ? (char)iso : s[i];
	}
	buf[n] = '\0';
	return n;
}

// 'width_enc()' - Width in points of n encoded bytes, from the fonts' own glyph widths.
static float
width_enc(lay_t *d, lay_face_t face, float size, const char *s, size_t n)
{
	char buf[CHUNK + 1];
	float units = 0;

	for (size_t i = 0; i < n;) {
		size_t end = run_end(s, i, n);
		HPDF_Font font = face_font(d, face, welsh_iso((unsigned char)s[i]) != 0);
		while (i < end) {
			size_t k = run_bytes(s, i, end, buf);
			if (font != NULL)
				units += (float)HPDF_Font_TextWidth(font, (const HPDF_BYTE *)buf, (HPDF_UINT)k).width;
			i += k;
		}
	}
	return units * size / 1000.0f;
}

// 'show_enc()' - Draw n encoded bytes on page p with their left end at (x, y).
static void
show_enc(lay_t *d, HPDF_Page p, lay_face_t face, float size, float x, float y, lay_rgb_t c,
         const char *s, size_t n)
{
	char buf[CHUNK + 1];

	if (n == 0)
		return;
	HPDF_Page_BeginText(p);
	HPDF_Page_SetRGBFill(p, c.r, c.g, c.b);
	HPDF_Page_MoveTextPos(p, x, y);
	for (size_t i = 0; i < n;) {
		size_t end = run_end(s, i, n);
		HPDF_Font font = face_font(d, face, welsh_iso((unsigned char)s[i]) != 0);
		if (font != NULL)
			HPDF_Page_SetFontAndSize(p, font, size);
		while (i < end) {
			i += run_bytes(s, i, end, buf);
			if (font != NULL)
				HPDF_Page_ShowText(p, buf);
		}
	}
	HPDF_Page_EndText(p);
}

// 'show_aligned()' - Draw encoded text at x taken as its left, right or centre.
static void
show_aligned(lay_t *d, HPDF_Page p, float x, float y, lay_face_t face, float size, lay_align_t align,
             lay_rgb_t c, const char *s, size_t n)
{
	float w = align == LAY_LEFT ? 0 : width_enc(d, face, size, s, n);

	if (align == LAY_RIGHT)
		x -= w;
	else if (align == LAY_CENTRE)
		x -= w / 2;
	show_enc(d, p, face, size, x, y, c, s, n);
}

// 'ellipsize()' - Shorten encoded text in place to fit width, ending it with an ellipsis.
static void
ellipsize(lay_t *d, lay_face_t face, float size, char *s, float width)
{
	size_t n = strlen(s);

	if (width_enc(d, face, size, s, n) <= width)
		return;
	while (n > 0 && width_enc(d, face, size, s, n) + width_enc(d, face, size, "\x85", 1) > width)
		n--;
	s[n] = '\x85';
	s[n + 1] = '\0';
}

// 'lay_text_width()' - Width in points of UTF-8 text in a face and size.
float
lay_text_width(lay_t *d, lay_face_t face, float size, const char *utf8)
{
	char *s = lay_encode(utf8);
	float w = width_enc(d, face, size, s, strlen(s));

	free(s);
	return w;
}

// 'lay_text()' - Draw UTF-8 text on the current page, x taken as its left, right or centre.
void
lay_text(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align, lay_rgb_t colour,
         const char *utf8)
{
	char *s = lay_encode(utf8);

	show_aligned(d, d->page, x, y, face, size, align, colour, s, strlen(s));
	free(s);
}

// 'lay_fit_size()' - The largest size up to size at which text fits width, not under 5 pt.
float
lay_fit_size(lay_t *d, lay_face_t face, float size, float width, const char *utf8)
{
	char *s = lay_encode(utf8);
	size_t n = strlen(s);

	while (size > 5.0f && width_enc(d, face, size, s, n) > width)
		size -= 0.5f;
	free(s);
	return size;
}

float lay_line_height(float size) { return size * LINE_FACTOR; }
float lay_baseline(float size) { return size * BASELINE_FACTOR; }

/*
 * Wrapping: encoded text into lines no wider than a width.
 */

typedef struct span {
	size_t off, len;
} span_t;

typedef struct lines {
	span_t *v;
	int n, cap;
} lines_t;

// 'lines_add()' - Append a line (offset and length into the text).
static void
lines_add(lines_t *l, size_t off, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n].off = off;
	l->v[l->n].len = len;
	l->n++;
}

// 'break_word()' - How many bytes of a word too wide for the line fit on it (at least one).
static size_t
break_word(lay_t *d, lay_face_t face, float size, const char *s, size_t start, size_t end, float width)
{
	size_t k = start + 1;

	while (k < end && width_enc(d, face, size, s + start, k + 1 - start) <= width + FIT_SLACK)
		k++;
	return k - start;
}

// 'wrap_line()' - The end of the line starting at s[start] within [start, end): whole words, or a broken one.
static size_t
wrap_line(lay_t *d, lay_face_t face, float size, const char *s, size_t start, size_t end, float width)
{
	size_t line_end = start, j = start;

	for (;;) {
		size_t ws = j, we;

		while (ws < end && s[ws] == ' ')
			ws++;
		if (ws == end)
			break;
		we = ws;
		while (we < end && s[we] != ' ')
			we++;
		if (width_enc(d, face, size, s + start, we - start) <= width + FIT_SLACK) {
			line_end = j = we;
			continue;
		}
		if (line_end == start)
			line_end = start + break_word(d, face, size, s, start, we, width);
		break;
	}
	return line_end;
}

// 'wrap_enc()' - Lines of encoded text s in width: a line per '\n', long lines broken between words.
static void
wrap_enc(lay_t *d, lay_face_t face, float size, const char *s, float width, lines_t *out)
{
	size_t n = strlen(s), pos = 0;

	out->n = 0;
	while (pos <= n) {
		size_t pe = pos;
		while (pe < n && s[pe] != '\n')
			pe++;
		// An empty line stays, as space between paragraphs.
		size_t i = pos;
		while (i < pe && s[i] == ' ')
			i++;
		if (i == pe)
			lines_add(out, pos, 0);
		while (i < pe) {
			size_t e = wrap_line(d, face, size, s, i, pe, width);
			lines_add(out, i, e - i);
			i = e;
			while (i < pe && s[i] == ' ')
				i++;
		}
		pos = pe + 1;
	}
}

/*
 * The document and the flow.
 */

// 'load_font()' - Embed one TrueType font; O - ROIT_OK or ROIT_EX_CONFIG (message given).
static int
load_font(lay_t *d, lay_face_t face, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		roit_error("font %s cannot be read: %s", path, strerror(errno));
		return ROIT_EX_CONFIG;
	}
	fclose(f);
	d->font_name[face] = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
	if (d->font_name[face] != NULL)
		d->font[face] = HPDF_GetFont(d->pdf, d->font_name[face], "CP1252");
	if (d->font[face] == NULL || d->error != HPDF_OK) {
		roit_error("font %s cannot be loaded as a TrueType font (libharu error 0x%04X, detail %u)",
		           path, (unsigned)d->error, (unsigned)d->detail);
		return ROIT_EX_CONFIG;
	}
	return ROIT_OK;
}

// 'set_info()' - Title, Author, Subject, Creator and both dates (UTC) of the document.
static void
set_info(lay_t *d, const lay_info_t *info)
{
	const struct { HPDF_InfoType type; const char *value; } attrs[] = {
		{ HPDF_INFO_TITLE, info->title }, { HPDF_INFO_AUTHOR, info->author },
		{ HPDF_INFO_SUBJECT, info->subject }, { HPDF_INFO_CREATOR, info->creator },
	};
	struct tm tm;
	time_t t = info->created;

	for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
		if (attrs[k].value == NULL || attrs[k].value[0] == '\0')
			continue;
		char *s = pdfdoc(attrs[k].value);
		HPDF_SetInfoAttr(d->pdf, attrs[k].type, s);
		free(s);
	}
	if (gmtime_r(&t, &tm) == NULL)
		return;
	HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                   tm.tm_sec > 59 ? 59 : tm.tm_sec, '+', 0, 0 };
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
}

// 'lay_open()' - Start a document: libharu, compression, outline mode, embedded fonts, info.
int
lay_open(const lay_info_t *info, const char *font_regular, const char *font_bold, lay_t **out)
{
	lay_t *d = xcalloc(1, sizeof *d);
	int rc;

	*out = NULL;
	d->pdf = HPDF_New(on_error, d);
	if (d->pdf == NULL) {
		roit_error("libharu cannot create a document");
		free(d);
		return ROIT_EX_SOFTWARE;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if ((rc = load_font(d, LAY_REGULAR, font_regular)) != ROIT_OK ||
	    (rc = load_font(d, LAY_BOLD, font_bold)) != ROIT_OK) {
		lay_free(d);
		return rc;
	}
	set_info(d, info);
	d->marking = lay_encode(info->marking);
	d->header_left = lay_encode(info->header_left);
	d->header_right = lay_encode(info->header_right);
	d->footer_left = lay_encode(info->footer_left);
	*out = d;
	return ROIT_OK;
}

// 'lay_free()' - Free libharu's document and everything the lay_t holds.
void
lay_free(lay_t *d)
{
	if (d == NULL)
		return;
	if (d->pdf != NULL)
		HPDF_Free(d->pdf);
	free(d->pages);
	free(d->marking);
	free(d->header_left);
	free(d->header_right);
	free(d->footer_left);
	free(d);
}

HPDF_Page lay_page(lay_t *d) { if (d->page == NULL) lay_new_page(d); return d->page; }
int lay_page_count(const lay_t *d) { return d->n_pages; }
float lay_y(const lay_t *d) { return d->page == NULL ? LAY_TOP : d->y; }
void lay_down(lay_t *d, float h) { d->y -= h; }
bool lay_failed(const lay_t *d) { return d->error != HPDF_OK; }

// 'lay_new_page()' - Add an A4 portrait page and put the cursor at its top.
void
lay_new_page(lay_t *d)
{
	HPDF_Page p = HPDF_AddPage(d->pdf);

	if (p == NULL)
		return;
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	if (d->n_pages == d->cap_pages) {
		d->cap_pages = d->cap_pages ? d->cap_pages * 2 : 8;
		d->pages = xrealloc(d->pages, (size_t)d->cap_pages * sizeof *d->pages);
	}
	d->pages[d->n_pages++] = p;
	d->page = p;
	d->y = LAY_TOP;
}

// 'lay_need()' - Turn the page unless h points fit below the cursor; O - true when it turned.
bool
lay_need(lay_t *d, float h)
{
	if (d->page == NULL) {
		lay_new_page(d);
		return true;
	}
	// A block taller than a page goes at the top of one and flows on from there.
	if (d->y - h >= LAY_BOTTOM || d->y >= LAY_TOP)
		return false;
	lay_new_page(d);
	return true;
}

// 'lay_bookmark()' - An outline entry pointing at the cursor on the current page.
void
lay_bookmark(lay_t *d, const char *utf8)
{
	char *title = pdfdoc(utf8);
	HPDF_Outline o = HPDF_CreateOutline(d->pdf, NULL, title, NULL);
	HPDF_Destination dst = HPDF_Page_CreateDestination(lay_page(d));

	free(title);
	if (o == NULL || dst == NULL)
		return;
	HPDF_Destination_SetFitH(dst, d->y + 12);
	HPDF_Outline_SetDestination(o, dst);
}

// 'heading_at()' - A heading of a size, kept with keep points; a space above unless at the top of a page.
static void
heading_at(lay_t *d, const char *utf8, float size, float gap, float keep, bool mark)
{
	float lh = lay_line_height(size);
	bool top = d->page == NULL || d->y >= LAY_TOP;

	if (lay_need(d, (top ? 0 : gap) + lh + 4 + keep))
		top = true;
	if (!top)
		d->y -= gap;
	if (mark)
		lay_bookmark(d, utf8);
	lay_text(d, LAY_X0, d->y - size * BASELINE_FACTOR, LAY_BOLD, size, LAY_LEFT, lay_navy, utf8);
	d->y -= lh;
	if (mark) {
		HPDF_Page_SetRGBStroke(d->page, lay_navy.r, lay_navy.g, lay_navy.b);
		HPDF_Page_SetLineWidth(d->page, 0.8f);
		HPDF_Page_MoveTo(d->page, LAY_X0, d->y);
		HPDF_Page_LineTo(d->page, LAY_X1, d->y);
		HPDF_Page_Stroke(d->page);
		d->y -= 6;
	} else {
		d->y -= 1;
	}
}

void lay_heading(lay_t *d, const char *utf8, float keep) { heading_at(d, utf8, 13, 16, keep, true); }
void lay_subheading(lay_t *d, const char *utf8, float keep) { heading_at(d, utf8, 10, 7, keep, false); }

// 'lay_para()' - Wrap text into the text width less indent and draw it line by line, turning pages.
void
lay_para(lay_t *d, const char *utf8, lay_face_t face, float size, lay_rgb_t colour, float indent)
{
	char *s = lay_encode(utf8);
	lines_t l = { 0 };
	float lh = lay_line_height(size);

	wrap_enc(d, face, size, s, LAY_WIDTH - indent, &l);
	for (int i = 0; i < l.n; i++) {
		lay_need(d, lh);
		show_enc(d, d->page, face, size, LAY_X0 + indent, d->y - size * BASELINE_FACTOR, colour,
		         s + l.v[i].off, l.v[i].len);
		d->y -= lh;
	}
	free(l.v);
	free(s);
}

// 'lay_para_height()' - The height wrapped text would take in width.
float
lay_para_height(lay_t *d, const char *utf8, lay_face_t face, float size, float width)
{
	char *s = lay_encode(utf8);
	lines_t l = { 0 };

	wrap_enc(d, face, size, s, width, &l);
	free(s);
	free(l.v);
	return (float)l.n * lay_line_height(size);
}

// 'lay_hline()' - A rule across the text width at the cursor.
void
lay_hline(lay_t *d, float width_pt, lay_rgb_t colour)
{
	HPDF_Page p = lay_page(d);

	HPDF_Page_SetRGBStroke(p, colour.r, colour.g, colour.b);
	HPDF_Page_SetLineWidth(p, width_pt);
	HPDF_Page_MoveTo(p, LAY_X0, d->y);
	HPDF_Page_LineTo(p, LAY_X1, d->y);
	HPDF_Page_Stroke(p);
}

/*
 * Boxes: badges and tiles.
 */

// 'round_rect()' - Add a rounded rectangle to the current path.
static void
round_rect(HPDF_Page p, float x, float y, float w, float h, float r)
{
	const float k = 0.5523f * r;	// control distance of a quarter circle drawn as a Bezier

	HPDF_Page_MoveTo(p, x + r, y);
	HPDF_Page_LineTo(p, x + w - r, y);
	HPDF_Page_CurveTo(p, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	HPDF_Page_LineTo(p, x + w, y + h - r);
	HPDF_Page_CurveTo(p, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
	HPDF_Page_LineTo(p, x + r, y + h);
	HPDF_Page_CurveTo(p, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	HPDF_Page_LineTo(p, x, y + r);
	HPDF_Page_CurveTo(p, x, y + r - k, x + r - k, y, x + r, y);
	HPDF_Page_ClosePath(p);
}

// 'lay_badge_width()' - Width of a badge holding text at size.
float
lay_badge_width(lay_t *d, float size, const char *utf8)
{
	return lay_text_width(d, LAY_BOLD, size, utf8) + 1.3f * size;
}

// 'lay_badge()' - A rounded box in fill with its word in ink; O - its width.
float
lay_badge(lay_t *d, float x, float y, float size, const char *utf8, lay_rgb_t fill, lay_rgb_t ink)
{
	HPDF_Page p = lay_page(d);
	float w = lay_badge_width(d, size, utf8);

	// The outline keeps a light badge visible on a greyscale print.
	HPDF_Page_SetRGBFill(p, fill.r, fill.g, fill.b);
	HPDF_Page_SetRGBStroke(p, lay_ink.r, lay_ink.g, lay_ink.b);
	HPDF_Page_SetLineWidth(p, 0.6f);
	round_rect(p, x, y - 0.42f * size, w, 1.5f * size, 0.35f * size);
	HPDF_Page_FillStroke(p);
	lay_text(d, x + 0.65f * size, y, LAY_BOLD, size, LAY_LEFT, ink, utf8);
	return w;
}

// 'fill_rect()' - A filled rectangle, optionally outlined.
static void
fill_rect(HPDF_Page p, float x, float y, float w, float h, lay_rgb_t fill, bool outline)
{
	// Colours are set before the path: libharu refuses them while a path is open.
	HPDF_Page_SetRGBFill(p, fill.r, fill.g, fill.b);
	HPDF_Page_SetRGBStroke(p, lay_rule.r, lay_rule.g, lay_rule.b);
	HPDF_Page_SetLineWidth(p, 0.6f);
	HPDF_Page_Rectangle(p, x, y, w, h);
	if (outline)
		HPDF_Page_FillStroke(p);
	else
		HPDF_Page_Fill(p);
}

// 'draw_tile()' - One headline tile with its top left corner at (x, top).
static void
draw_tile(lay_t *d, const lay_tile_t *t, float x, float top, float w, float h)
{
	const float pad = 7;
	float inner = w - 2 * pad, size;

	fill_rect(d->page, x, top - h, w, h, tile_fill, true);
	size = lay_fit_size(d, LAY_REGULAR, 7.5f, inner, t->label);
	lay_text(d, x + pad, top - 12, LAY_REGULAR, size, LAY_LEFT, lay_muted, t->label);
	if (t->badge) {
		size = lay_fit_size(d, LAY_BOLD, 11, inner - 15, t->value);
		lay_badge(d, x + pad, top - 30, size, t->value, t->fill, t->ink);
	} else {
		size = lay_fit_size(d, LAY_BOLD, 14, inner, t->value);
		lay_text(d, x + pad, top - 30, LAY_BOLD, size, LAY_LEFT, lay_ink, t->value);
	}
	if (t->note != NULL && t->note[0] != '\0') {
		size = lay_fit_size(d, LAY_REGULAR, 7.5f, inner, t->note);
		lay_text(d, x + pad, top - 44, LAY_REGULAR, size, LAY_LEFT, lay_muted, t->note);
	}
}

// 'lay_tiles()' - Headline tiles, per_row to a row, kept together on one page.
void
lay_tiles(lay_t *d, const lay_tile_t *tiles, int n, int per_row)
{
	const float gap = 6, h = 52;
	int rows = (n + per_row - 1) / per_row;
	float w = (LAY_WIDTH - gap * (float)(per_row - 1)) / (float)per_row;

	lay_need(d, (float)rows * (h + gap));
	for (int i = 0; i < n; i++) {
		int r = i / per_row, c = i % per_row;
		draw_tile(d, &tiles[i], LAY_X0 + (float)c * (w + gap), d->y - (float)r * (h + gap), w, h);
	}
	d->y -= (float)rows * (h + gap);
}

// 'pair_lines()' - Wrap the value of a pair into its width; O - lines (at least one).
static int
pair_lines(lay_t *d, const char *value, float size, float width, char **enc, lines_t *l)
{
	*enc = lay_encode(value);
	wrap_enc(d, LAY_REGULAR, size, *enc, width, l);
	return l->n > 0 ? l->n : 1;
}

// 'lay_pairs()' - Label/value pairs down cols columns, values wrapped beside their labels.
void
lay_pairs(lay_t *d, const char *const *pairs, int n, int cols, float size)
{
	const float gap = 18;
	float lh = lay_line_height(size), colw, lw[8] = { 0 };
	int rows;

	cols = cols < 1 ? 1 : cols > 8 ? 8 : cols;
	colw = (LAY_WIDTH - gap * (float)(cols - 1)) / (float)cols;
	rows = (n + cols - 1) / cols;
	// Pairs go down the columns; each column's labels are as wide as its longest.
	for (int i = 0; i < n; i++) {
		float w = lay_text_width(d, LAY_BOLD, size, pairs[2 * i]) + 12;
		lw[i / rows] = w > lw[i / rows] ? w : lw[i / rows];
	}
	for (int r = 0; r < rows; r++) {
		char *enc[8] = { NULL };
		lines_t l[8] = { { 0 } };
		int most = 1;
		for (int k = 0; k < cols && k * rows + r < n; k++) {
			int got = pair_lines(d, pairs[2 * (k * rows + r) + 1], size, colw - lw[k], &enc[k], &l[k]);
			most = got > most ? got : most;
		}
		lay_need(d, (float)most * lh);
		for (int k = 0; k < cols && k * rows + r < n; k++) {
			float x = LAY_X0 + (float)k * (colw + gap);
			lay_text(d, x, d->y - size * BASELINE_FACTOR, LAY_BOLD, size, LAY_LEFT, lay_muted,
			         pairs[2 * (k * rows + r)]);
			for (int m = 0; m < l[k].n; m++)
				show_enc(d, d->page, LAY_REGULAR, size, x + lw[k], d->y - size * BASELINE_FACTOR - (float)m * lh,
				         lay_ink, enc[k] + l[k].v[m].off, l[k].v[m].len);
			free(l[k].v);
			free(enc[k]);
		}
		d->y -= (float)most * lh;
	}
}

/*
 * Tables.
 */

typedef struct cell {
	char *text;		// encoded
	bool badge;
	lay_rgb_t fill, ink;
} cell_t;

struct lay_table {
	int ncols;
	float size;
	bool compact;
	char *caption;
	char *head[MAX_COLS];
	lay_align_t align[MAX_COLS];
	bool nowrap[MAX_COLS];
	cell_t *cells;
	int n_cells, cap_cells;
	unsigned *flags;	// per row
	int cap_rows;
};

// The geometry of a table, decided once before it is drawn.
typedef struct grid {
	float size, lh;
	float w[MAX_COLS];
	bool wrap[MAX_COLS];
	float width;
} grid_t;

// 'lay_table_new()' - A table of ncols columns at a text size.
lay_table_t *
lay_table_new(int ncols, float size)
{
	lay_table_t *t = xcalloc(1, sizeof *t);

	t->ncols = ncols < 1 ? 1 : ncols > MAX_COLS ? MAX_COLS : ncols;
	t->size = size;
	return t;
}

// 'lay_table_col()' - The header and alignment of a column.
void
lay_table_col(lay_table_t *t, int col, const char *head, lay_align_t align)
{
	if (col < 0 || col >= t->ncols)
		return;
	free(t->head[col]);
	t->head[col] = lay_encode(head);
	t->align[col] = align;
}

void lay_table_compact(lay_table_t *t) { t->compact = true; }

// 'lay_table_nowrap()' - Keep a left-aligned column on one line (hashes, codes).
void
lay_table_nowrap(lay_table_t *t, int col)
{
	if (col >= 0 && col < t->ncols)
		t->nowrap[col] = true;
}

// 'wraps()' - Whether a column holds text that may wrap.
static bool
wraps(const lay_table_t *t, int c)
{
	return t->align[c] == LAY_LEFT && !t->nowrap[c];
}

// 'lay_table_caption()' - The caption repeated above the header when the table continues.
void
lay_table_caption(lay_table_t *t, const char *utf8)
{
	free(t->caption);
	t->caption = lay_encode(utf8);
}

// 'row_flags_at()' - The flags slot of a row, growing the array as rows are added.
static unsigned *
row_flags_at(lay_table_t *t, int row)
{
	if (row >= t->cap_rows) {
		int cap = t->cap_rows ? t->cap_rows : 16;
		while (cap <= row)
			cap *= 2;
		t->flags = xrealloc(t->flags, (size_t)cap * sizeof *t->flags);
		memset(t->flags + t->cap_rows, 0, (size_t)(cap - t->cap_rows) * sizeof *t->flags);
		t->cap_rows = cap;
	}
	return &t->flags[row];
}

// 'add_cell()' - Append a cell; O - it, zeroed but for its text.
static cell_t *
add_cell(lay_table_t *t, const char *utf8)
{
	cell_t *c;

	if (t->n_cells == t->cap_cells) {
		t->cap_cells = t->cap_cells ? t->cap_cells * 2 : 64;
		t->cells = xrealloc(t->cells, (size_t)t->cap_cells * sizeof *t->cells);
	}
	row_flags_at(t, t->n_cells / t->ncols);
	c = &t->cells[t->n_cells++];
	memset(c, 0, sizeof *c);
	c->text = lay_encode(utf8);
	return c;
}

void lay_table_cell(lay_table_t *t, const char *utf8) { add_cell(t, utf8); }

// 'lay_table_badge()' - Append a cell drawn as a badge.
void
lay_table_badge(lay_table_t *t, const char *word, lay_rgb_t fill, lay_rgb_t ink)
{
	cell_t *c = add_cell(t, word);

	c->badge = true;
	c->fill = fill;
	c->ink = ink;
}

// 'lay_table_row_flags()' - Flags of the row now being filled (total, bold).
void
lay_table_row_flags(lay_table_t *t, unsigned flags)
{
	*row_flags_at(t, t->n_cells / t->ncols) |= flags;
}

// 'lay_table_free()' - Free a table and its text.
void
lay_table_free(lay_table_t *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->n_cells; i++)
		free(t->cells[i].text);
	for (int c = 0; c < t->ncols; c++)
		free(t->head[c]);
	free(t->cells);
	free(t->flags);
	free(t->caption);
	free(t);
}

// 'longest_word()' - Width of the widest space-separated word of encoded text.
static float
longest_word(lay_t *d, lay_face_t face, float size, const char *s)
{
	float best = 0;

	for (size_t i = 0; s[i] != '\0';) {
		size_t j = i;
		while (s[j] != '\0' && s[j] != ' ' && s[j] != '\n')
			j++;
		float w = width_enc(d, face, size, s + i, j - i);
		best = w > best ? w : best;
		i = s[j] != '\0' ? j + 1 : j;
	}
	return best;
}

// 'row_flags()' - The flags of a row, 0 for rows never flagged.
static unsigned
row_flags(const lay_table_t *t, int row)
{
	return row < t->cap_rows ? t->flags[row] : 0;
}

// 'cell_width()' - The single-line width a cell needs at size, padding included.
static float
cell_width(lay_t *d, const lay_table_t *t, int i, float size)
{
	const cell_t *c = &t->cells[i];
	lay_face_t face = row_flags(t, i / t->ncols) ? LAY_BOLD : LAY_REGULAR;

	if (c->badge)
		return lay_badge_width(d, size * 0.9f, "") + width_enc(d, LAY_BOLD, size * 0.9f, c->text,
		                                                         strlen(c->text)) + 2 * CELL_PAD;
	return width_enc(d, face, size, c->text, strlen(c->text)) + 2 * CELL_PAD;
}

// 'measure_cols()' - Natural (one line) and least (wrapped) widths of every column at size,
//                   and the width that keeps each header on one line.
static void
measure_cols(lay_t *d, const lay_table_t *t, float size, float *nat, float *min, float *head1)
{
	for (int c = 0; c < t->ncols; c++) {
		const char *h = t->head[c] ? t->head[c] : "";
		nat[c] = min[c] = longest_word(d, LAY_BOLD, size, h) + 2 * CELL_PAD;
		head1[c] = width_enc(d, LAY_BOLD, size, h, strlen(h)) + 2 * CELL_PAD;
	}
	for (int i = 0; i < t->n_cells; i++) {
		int c = i % t->ncols;
		float w = cell_width(d, t, i, size);
		nat[c] = w > nat[c] ? w : nat[c];
		if (wraps(t, c) && !t->cells[i].badge) {
			// Words longer than this are broken rather than widen the column.
			float word = longest_word(d, LAY_REGULAR, size, t->cells[i].text) + 2 * CELL_PAD;
			word = word > 100 ? 100 : word;
			min[c] = word > min[c] ? word : min[c];
		} else {
			min[c] = nat[c];
		}
	}
	for (int c = 0; c < t->ncols; c++)
		if (wraps(t, c) && min[c] < 40)
			min[c] = nat[c] < 40 ? nat[c] : 40;
}

// 'spread()' - Give extra width to the text columns (or to every column when there are none).
static void
spread(const lay_table_t *t, grid_t *g, float extra)
{
	float base = 0;
	bool any = false;

	for (int c = 0; c < t->ncols; c++)
		if (g->wrap[c]) {
			base += g->w[c];
			any = true;
		}
	for (int c = 0; c < t->ncols; c++) {
		if (!any)
			g->w[c] += extra / (float)t->ncols;
		else if (g->wrap[c])
			g->w[c] += extra * g->w[c] / base;
	}
}

// 'widen_heads()' - Spend spare width on the columns whose headers would wrap, in proportion
//                   to what each needs to keep its header on one line.
static void
widen_heads(const lay_table_t *t, grid_t *g, const float *head1, float spare)
{
	float need = 0;

	for (int c = 0; c < t->ncols; c++)
		if (head1[c] > g->w[c])
			need += head1[c] - g->w[c];
	if (need <= 0)
		return;
	// At most half the spare width: the text columns want room too.
	float share = spare / 2 >= need ? 1 : spare / 2 / need;
	for (int c = 0; c < t->ncols; c++)
		if (head1[c] > g->w[c])
			g->w[c] += (head1[c] - g->w[c]) * share;
}

// 'fit_at()' - Column widths at a size; O - false when the table cannot fit the page at it.
static bool
fit_at(lay_t *d, const lay_table_t *t, float size, grid_t *g)
{
	float nat[MAX_COLS], min[MAX_COLS], head1[MAX_COLS], fixed = 0, wnat = 0, wmin = 0;

	measure_cols(d, t, size, nat, min, head1);
	for (int c = 0; c < t->ncols; c++) {
		g->wrap[c] = wraps(t, c);
		g->w[c] = nat[c];
		if (g->wrap[c]) {
			wnat += nat[c];
			wmin += min[c];
		} else {
			fixed += nat[c];
		}
	}
	if (fixed + wnat <= LAY_WIDTH) {
		widen_heads(t, g, head1, LAY_WIDTH - fixed - wnat);
		if (!t->compact) {
			float used = 0;
			for (int c = 0; c < t->ncols; c++)
				used += g->w[c];
			spread(t, g, LAY_WIDTH - used);
		}
		return true;
	}
	if (fixed + wmin > LAY_WIDTH)
		return false;
	// Shrink the text columns towards their least widths, in proportion to what they can give.
	float give = LAY_WIDTH - fixed - wmin, can = wnat - wmin;
	for (int c = 0; c < t->ncols; c++)
		if (g->wrap[c])
			g->w[c] = min[c] + (nat[c] - min[c]) * give / can;
	return true;
}

// 'fit_table()' - Decide size and column widths: the text columns shrink first, then the font.
static void
fit_table(lay_t *d, const lay_table_t *t, grid_t *g)
{
	float size = t->size;

	while (!fit_at(d, t, size, g)) {
		if (size <= 6.0f) {
			// Nothing fits: scale every column and let all of them wrap.
			float total = 0;
			for (int c = 0; c < t->ncols; c++)
				total += g->w[c];
			for (int c = 0; c < t->ncols; c++) {
				g->w[c] = g->w[c] * LAY_WIDTH / total;
				g->wrap[c] = true;
			}
			break;
		}
		size -= 0.5f;
	}
	g->size = size;
	g->lh = lay_line_height(size);
	g->width = 0;
	for (int c = 0; c < t->ncols; c++)
		g->width += g->w[c];
}

// The wrapped lines of every cell of one row.
typedef struct row_lines {
	lines_t l[MAX_COLS];
	float h;
} row_lines_t;

// 'wrap_row()' - Wrap the cells of a row (texts given) into their columns; sets the row height.
//                Headers always wrap; figures never do.
static void
wrap_row(lay_t *d, const grid_t *g, int ncols, char *const *texts, const bool *badge, lay_face_t face,
         bool head, row_lines_t *r)
{
	int most = 1;

	for (int c = 0; c < ncols; c++) {
		if (badge[c] || (!g->wrap[c] && !head)) {
			r->l[c].n = 0;
			lines_add(&r->l[c], 0, strlen(texts[c]));
		} else {
			wrap_enc(d, face, g->size, texts[c], g->w[c] - 2 * CELL_PAD, &r->l[c]);
		}
		most = r->l[c].n > most ? r->l[c].n : most;
	}
	r->h = (float)(most - 1) * g->lh + g->size * (BASELINE_FACTOR + 0.3f) + 2 * CELL_VPAD;
}

// 'draw_cells()' - The text of a wrapped row whose top is at top.
static void
draw_cells(lay_t *d, const lay_table_t *t, const grid_t *g, char *const *texts, const cell_t *cells,
           lay_face_t face, lay_rgb_t colour, const row_lines_t *r, float top)
{
	float x = LAY_X0;

	for (int c = 0; c < t->ncols; c++) {
		float base = top - CELL_VPAD - g->size * BASELINE_FACTOR;
		if (cells != NULL && cells[c].badge) {
			float bs = g->size * 0.9f, bw = lay_badge_width(d, bs, "") +
			           width_enc(d, LAY_BOLD, bs, texts[c], strlen(texts[c]));
			HPDF_Page p = d->page;
			HPDF_Page_SetRGBFill(p, cells[c].fill.r, cells[c].fill.g, cells[c].fill.b);
			HPDF_Page_SetRGBStroke(p, lay_ink.r, lay_ink.g, lay_ink.b);
			HPDF_Page_SetLineWidth(p, 0.5f);
			round_rect(p, x + (g->w[c] - bw) / 2, base - 0.4f * bs, bw, 1.45f * bs, 0.3f * bs);
			HPDF_Page_FillStroke(p);
			show_aligned(d, p, x + g->w[c] / 2, base, LAY_BOLD, bs, LAY_CENTRE, cells[c].ink,
			             texts[c], strlen(texts[c]));
			x += g->w[c];
			continue;
		}
		for (int k = 0; k < r->l[c].n; k++) {
			const span_t *s = &r->l[c].v[k];
			float tx = t->align[c] == LAY_RIGHT ? x + g->w[c] - CELL_PAD :
			           t->align[c] == LAY_CENTRE ? x + g->w[c] / 2 : x + CELL_PAD;
			show_aligned(d, d->page, tx, base - (float)k * g->lh, face, g->size, t->align[c], colour,
			             texts[c] + s->off, s->len);
		}
		x += g->w[c];
	}
}

// 'draw_header()' - The header row at the cursor (again on every page the table reaches).
static void
draw_header(lay_t *d, const lay_table_t *t, const grid_t *g, bool continued)
{
	char *texts[MAX_COLS];
	bool badge[MAX_COLS] = { false };
	row_lines_t r = { 0 };

	if (continued && t->caption != NULL) {
		char *cap = xmalloc(strlen(t->caption) + 16);
		sprintf(cap, "%s (continued)", t->caption);
		show_enc(d, d->page, LAY_BOLD, 8, LAY_X0, d->y - 8 * BASELINE_FACTOR, lay_muted, cap, strlen(cap));
		d->y -= lay_line_height(8) + 2;
		free(cap);
	}
	for (int c = 0; c < t->ncols; c++)
		texts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, g, t->ncols, texts, badge, LAY_BOLD, true, &r);
	fill_rect(d->page, LAY_X0, d->y - r.h, g->width, r.h, lay_navy, false);
	draw_cells(d, t, g, texts, NULL, LAY_BOLD, lay_white, &r, d->y);
	d->y -= r.h;
	for (int c = 0; c < MAX_COLS; c++)
		free(r.l[c].v);
}

// 'row_texts()' - Pointers to the texts of a row, and which cells are badges.
static void
row_texts(const lay_table_t *t, int row, char **texts, bool *badge)
{
	for (int c = 0; c < t->ncols; c++) {
		int i = row * t->ncols + c;
		texts[c] = i < t->n_cells ? t->cells[i].text : "";
		badge[c] = i < t->n_cells && t->cells[i].badge;
	}
}

// 'row_height()' - The height a row will take at the grid's size.
static float
row_height(lay_t *d, const lay_table_t *t, const grid_t *g, int row)
{
	char *texts[MAX_COLS];
	bool badge[MAX_COLS];
	row_lines_t r = { 0 };

	row_texts(t, row, texts, badge);
	wrap_row(d, g, t->ncols, texts, badge, row_flags(t, row) ? LAY_BOLD : LAY_REGULAR, false, &r);
	for (int c = 0; c < MAX_COLS; c++)
		free(r.l[c].v);
	return r.h;
}

// 'draw_row()' - One body row at the cursor: shading, rules, text.
static void
draw_row(lay_t *d, const lay_table_t *t, const grid_t *g, int row, const row_lines_t *r,
         char *const *texts, int zebra)
{
	unsigned flags = row_flags(t, row);
	HPDF_Page p = d->page;
	cell_t blank[MAX_COLS];
	const cell_t *cells = &t->cells[row * t->ncols];

	// The last row may be short of cells: draw the missing ones empty.
	if ((row + 1) * t->ncols > t->n_cells) {
		memset(blank, 0, sizeof blank);
		for (int c = 0; row * t->ncols + c < t->n_cells; c++)
			blank[c] = t->cells[row * t->ncols + c];
		cells = blank;
	}
	if (flags & LAY_ROW_TOTAL)
		fill_rect(p, LAY_X0, d->y - r->h, g->width, r->h, total_fill, false);
	else if (zebra % 2 == 1)
		fill_rect(p, LAY_X0, d->y - r->h, g->width, r->h, lay_zebra, false);
	HPDF_Page_SetLineWidth(p, (flags & LAY_ROW_TOTAL) ? 0.9f : 0.3f);
	HPDF_Page_SetRGBStroke(p, (flags & LAY_ROW_TOTAL) ? lay_ink.r : lay_rule.r,
	                       (flags & LAY_ROW_TOTAL) ? lay_ink.g : lay_rule.g,
	                       (flags & LAY_ROW_TOTAL) ? lay_ink.b : lay_rule.b);
	HPDF_Page_MoveTo(p, LAY_X0, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	HPDF_Page_LineTo(p, LAY_X0 + g->width, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	HPDF_Page_Stroke(p);
	draw_cells(d, t, g, texts, cells, flags ? LAY_BOLD : LAY_REGULAR, lay_ink, r, d->y);
	d->y -= r->h;
}

// 'keep_height()' - What must fit below the cursor before the table starts: all of a short
//                   table, else the header and the first two rows.
static float
keep_height(lay_t *d, const lay_table_t *t, const grid_t *g, float head)
{
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	float all = head;

	for (int i = 0; i < rows; i++)
		all += row_height(d, t, g, i);
	if (all <= 120)
		return all;
	all = head;
	for (int i = 0; i < rows && i < 2; i++)
		all += row_height(d, t, g, i);
	return all;
}

// 'lay_table_keep()' - What must fit below the cursor before the table may start there.
float
lay_table_keep(lay_t *d, lay_table_t *t)
{
	grid_t g;
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };
	float h;

	fit_table(d, t, &g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, &g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	h = keep_height(d, t, &g, hr.h);
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	return h;
}

// 'lay_table_height()' - The height of the whole table as if it fitted on one page.
float
lay_table_height(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };
	float h;

	fit_table(d, t, &g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, &g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	h = hr.h + 4;
	for (int i = 0; i < rows; i++)
		h += row_height(d, t, &g, i);
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	return h;
}

// 'lay_table_draw()' - Draw a table at the cursor, continuing on new pages with its header repeated.
void
lay_table_draw(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };

	fit_table(d, t, &g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, &g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	lay_need(d, keep_height(d, t, &g, hr.h));
	draw_header(d, t, &g, false);
	for (int row = 0, zebra = 0; row < rows; row++, zebra++) {
		char *texts[MAX_COLS];
		bool badge[MAX_COLS];
		row_lines_t r = { 0 };

		row_texts(t, row, texts, badge);
		wrap_row(d, &g, t->ncols, texts, badge, row_flags(t, row) ? LAY_BOLD : LAY_REGULAR, false, &r);
		if (d->y - r.h < LAY_BOTTOM && d->y < LAY_TOP - hr.h - 30) {
			lay_new_page(d);
			draw_header(d, t, &g, true);
			zebra = 0;
		}
		draw_row(d, t, &g, row, &r, texts, zebra);
		for (int c = 0; c < MAX_COLS; c++)
			free(r.l[c].v);
	}
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	d->y -= 4;
}

/*
 * Furniture and saving.
 */

// 'draw_furniture()' - Marking top and bottom, running header and footer of page i of n.
static void
draw_furniture(lay_t *d, int i, int n)
{
	HPDF_Page p = d->pages[i];
	char pageno[48], left[512];
	float rw;

	show_aligned(d, p, LAY_PAGE_W / 2, LAY_PAGE_H - 34, LAY_BOLD, 9, LAY_CENTRE, lay_ink, d->marking,
	             strlen(d->marking));
	show_aligned(d, p, LAY_PAGE_W / 2, 30, LAY_BOLD, 9, LAY_CENTRE, lay_ink, d->marking, strlen(d->marking));

	// Running header: the unit at the left, the month at the right; a long unit is shortened.
	rw = width_enc(d, LAY_REGULAR, 8, d->header_right, strlen(d->header_right));
	show_aligned(d, p, LAY_X1, LAY_PAGE_H - 52, LAY_REGULAR, 8, LAY_RIGHT, lay_muted, d->header_right,
	             strlen(d->header_right));
	snprintf(left, sizeof left, "%s", d->header_left);
	ellipsize(d, LAY_BOLD, 8, left, LAY_WIDTH - rw - 18);
	show_enc(d, p, LAY_BOLD, 8, LAY_X0, LAY_PAGE_H - 52, lay_muted, left, strlen(left));

	snprintf(pageno, sizeof pageno, "Page %d of %d", i + 1, n);
	rw = width_enc(d, LAY_REGULAR, 8, pageno, strlen(pageno));
	show_aligned(d, p, LAY_X1, 48, LAY_REGULAR, 8, LAY_RIGHT, lay_ink, pageno, strlen(pageno));
	snprintf(left, sizeof left, "%s", d->footer_left);
	ellipsize(d, LAY_REGULAR, 7.5f, left, LAY_WIDTH - rw - 18);
	show_enc(d, p, LAY_REGULAR, 7.5f, LAY_X0, 48, lay_muted, left, strlen(left));

	HPDF_Page_SetRGBStroke(p, lay_rule.r, lay_rule.g, lay_rule.b);
	HPDF_Page_SetLineWidth(p, 0.5f);
	HPDF_Page_MoveTo(p, LAY_X0, LAY_PAGE_H - 58);
	HPDF_Page_LineTo(p, LAY_X1, LAY_PAGE_H - 58);
	HPDF_Page_MoveTo(p, LAY_X0, 60);
	HPDF_Page_LineTo(p, LAY_X1, 60);
	HPDF_Page_Stroke(p);
}

// 'read_out()' - Copy the saved document from libharu's memory stream into out.
static void
read_out(lay_t *d, buf_t *out)
{
	HPDF_UINT32 left = HPDF_GetStreamSize(d->pdf);
	HPDF_BYTE chunk[8192];

	HPDF_ResetStream(d->pdf);
	while (left > 0) {
		HPDF_UINT32 n = left < sizeof chunk ? left : (HPDF_UINT32)sizeof chunk;
		HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, chunk, &n);
		if (n == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF))
			break;
		buf_add(out, chunk, n);
		left -= n;
	}
}

// 'lay_save()' - Furniture on every page, then the document into out.
int
lay_save(lay_t *d, buf_t *out)
{
	size_t start = out->len;

	if (d->n_pages == 0)
		lay_new_page(d);
	for (int i = 0; i < d->n_pages; i++)
		draw_furniture(d, i, d->n_pages);
	if (d->error == HPDF_OK)
		HPDF_SaveToStream(d->pdf);
	if (d->error == HPDF_OK)
		read_out(d, out);
	// Reaching the end of the memory stream is how reading stops, not a failure.
	if (d->error == HPDF_STREAM_EOF)
		d->error = HPDF_OK;
	if (d->error != HPDF_OK || out->len == start) {
		roit_error("libharu error 0x%04X (detail %u) while making a PDF", (unsigned)d->error,
		           (unsigned)d->detail);
		return ROIT_EX_SOFTWARE;
	}
	return ROIT_OK;
}
