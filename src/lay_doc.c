// The document under the layout layer: libharu's document, the run's fonts and the one text
// encoding, each page's content as PDF operators, the metadata of PDF/A-3b and PDF/UA-1 (info,
// XMP, the sRGB output intent, the embedded JSON twin, a trailer ID made from the content) and
// saving.  The structure (lay_tags.c) marks what is drawn here; the flow (lay_flow.c) decides
// where.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "csvin.h"
#include "format.h"
#include "lay_private.h"
#include "pdf_deflate.h"
#include "pdf_pack.h"
#include "roit.h"
#include "text.h"
#include "ttf.h"

#ifndef ROIT_ICC_PROFILE
#define ROIT_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"	// Debian's icc-profiles-free
#endif
#define ICC_NAME "sRGB IEC61966-2.1"
#define CHUNK 200		// glyphs per string shown
#define MAX_PROGS 256		// font programs kept per run; past that a document makes its own

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

void
doc_fail(lay_t *d, HPDF_STATUS error)
{
	if (d->error == HPDF_OK) {
		d->error = error;
		d->detail = 0;
	}
}

/*
 * What the documents of a run share (lay_shared_t): each font file read once, where libharu
 * would open and read it for every document (three hundred system calls each); the font
 * programs they embed (see "Font programs" below), under a lock, as documents are made on
 * several threads; the sRGB profile and the CP1252 ToUnicode map, deflated once.
 */

typedef struct blob {
	char *path;
	HPDF_BYTE *bytes;
	HPDF_UINT len;
} blob_t;

typedef struct font_prog font_prog_t;

struct lay_shared {
	blob_t file[2];			// the regular and bold font files
	blob_t icc_z;			// the sRGB profile, deflated
	HPDF_UINT icc_len;		// and its size before
	blob_t cmap_z;			// CP1252's ToUnicode CMap, deflated
	pthread_mutex_t lock;		// over progs and n_progs
	font_prog_t *progs;		// kept for the run, MAX_PROGS at most
	int n_progs;
};

// Largest colour profile read (bytes).
#define ICC_MAX_BYTES (1024 * 1024)

// 'read_file()' - The bytes of a font (checked as libharu will read them: a broken font crashed
//                 it) or of the colour profile, read as every input is (a regular file only,
//                 never waiting, a snapshot); what names it in messages.
//                 O - ROIT_OK, ROIT_EX_CONFIG or ROIT_EX_TEMPFAIL (message given)
static int
read_file(const char *path, const char *what, bool font, blob_t *b)
{
	char display[600], *bytes;
	size_t len;
	int status;

	snprintf(display, sizeof display, "%s %s", what, path);
	if (font)
		status = ttf_read(path, display, &bytes, &len);
	else if ((status = csvin_slurp(path, display, ICC_MAX_BYTES, &bytes, &len, NULL)) != ROIT_OK)
		status = status == ROIT_EX_TEMPFAIL ? status : ROIT_EX_CONFIG;
	if (status != ROIT_OK)
		return status;
	b->bytes = (HPDF_BYTE *)bytes;
	b->len = (HPDF_UINT)len;
	b->path = xstrdup(path);
	return ROIT_OK;
}

// 'deflated()' - n bytes deflated into a new blob; O - true (only memory can fail it, and that
//                ends the run).
static bool
deflated(const void *p, size_t n, blob_t *z)
{
	buf_t b;

	buf_init(&b);
	pdf_deflate(p, n, &b);
	z->bytes = (HPDF_BYTE *)b.data;
	z->len = (HPDF_UINT)b.len;
	return true;
}

// 'cp1252_cmap()' - The ToUnicode CMap of the CP1252 codes the fonts draw (0x20 and up).
static void
cp1252_cmap(buf_t *b)
{
	int n = 0, done = 0;

	buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	         "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
	         "1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n");
	for (unsigned c = 0x80; c <= 0xFF; c++)
		n += cp1252_unicode((unsigned char)c) != 0;
	// At most 100 entries a block.
	for (unsigned c = 0x80; c <= 0xFF; c++) {
		if (cp1252_unicode((unsigned char)c) == 0)
			continue;
		if (done % 100 == 0)
			buf_printf(b, "%d beginbfchar\n", n - done < 100 ? n - done : 100);
		buf_printf(b, "<%02X> <%04X>\n", c, (unsigned)cp1252_unicode((unsigned char)c));
		if (++done % 100 == 0 || done == n)
			buf_puts(b, "endbfchar\n");
	}
	buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

int
lay_shared_open(const char *font_regular, const char *font_bold, lay_shared_t **out)
{
	lay_shared_t *s = xcalloc(1, sizeof *s);
	blob_t icc = { 0 };
	buf_t cmap;
	int status;

	pthread_mutex_init(&s->lock, NULL);
	*out = NULL;
	status = read_file(font_regular, "font", true, &s->file[LAY_REGULAR]);
	if (status == ROIT_OK)
		status = read_file(font_bold, "font", true, &s->file[LAY_BOLD]);
	if (status == ROIT_OK)
		status = read_file(ROIT_ICC_PROFILE, "colour profile (Debian package icc-profiles-free)", false, &icc);
	if (status == ROIT_OK) {
		s->icc_len = icc.len;
		buf_init(&cmap);
		cp1252_cmap(&cmap);
		if (!deflated(icc.bytes, icc.len, &s->icc_z) || !deflated(cmap.data, cmap.len, &s->cmap_z)) {
			roit_error("zlib cannot deflate the colour profile");
			status = ROIT_EX_SOFTWARE;
		}
		buf_free(&cmap);
	}
	free(icc.path);
	free(icc.bytes);
	if (status != ROIT_OK) {
		lay_shared_free(s);
		return status;
	}
	*out = s;
	return ROIT_OK;
}

/*
 * Text encoding.  Every text goes through doc_encode() once, and is measured and drawn in
 * what it makes: a character CP1252 has is its byte there, drawn from the face's simple
 * TrueType font in WinAnsiEncoding (CP1252 in PDF's terms); any other character the font has
 * is ENC_WIDE and its UTF-8, drawn from the face's composite font by glyph id (Polish, Czech,
 * Romanian, Turkish, Welsh names...); a character the font lacks is '?' in the page, and the
 * structure tree carries the exact text as ActualText.  Both fonts carry ToUnicode maps made
 * here, so text extracts exactly.
 */

// 'encode_cp1252()' - The CP1252 code of a code point, -1 when it has none, -2 for characters
//                     that are invisible by nature.
static int
encode_cp1252(long cp)
{
	if (cp == '\n' || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD))
		return (int)cp;
	if (cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
		return ' ';		// tabs and the typographic spaces
	if (cp == 0xAD || cp == 0x200B || cp == 0xFEFF)
		return -2;		// soft hyphen, zero-width space, byte order mark
	if (cp == 0x2010 || cp == 0x2011 || cp == 0x2212)
		return '-';		// hyphens and the minus sign
	for (unsigned b = 0x80; b < 0xA0; b++)
		if (cp1252_unicode((unsigned char)b) == cp)
			return (int)b;
	return -1;
}

// 'face_def()' - libharu's definition of a face's font program.
static HPDF_FontDef
face_def(const lay_t *d, lay_face_t face)
{
	return ((HPDF_FontAttr)d->font[face]->attr)->fontdef;
}

// 'has_glyph()' - Whether both faces can draw a code point (the Basic Multilingual Plane only).
static bool
has_glyph(const lay_t *d, long cp)
{
	if (cp <= 0 || cp > 0xFFFF || d->font[LAY_REGULAR] == NULL || d->font[LAY_BOLD] == NULL)
		return false;
	return HPDF_TTFontDef_GetGlyphid(face_def(d, LAY_REGULAR), (HPDF_UINT16)cp) != 0 &&
	       HPDF_TTFontDef_GetGlyphid(face_def(d, LAY_BOLD), (HPDF_UINT16)cp) != 0;
}

char *
doc_encode(lay_t *d, const char *utf8, bool *lossy)
{
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	size_t i = 0, n = 0;
	// A character takes at most one byte more encoded than in UTF-8 (ENC_WIDE before it), and
	// those are at least two bytes long there.
	char *out = xmalloc(2 * strlen((const char *)s) + 1);

	if (lossy != NULL)
		*lossy = false;
	while (s[i] != '\0') {
		long cp;
		int len, b;

		// CR LF and a lone CR both end a line.
		if (s[i] == '\r') {
			i += s[i + 1] == '\n' ? 2 : 1;
			out[n++] = '\n';
			continue;
		}
		// Each byte of a malformed sequence is one '?'.
		len = utf8_decode(s + i, &cp);
		b = len > 0 ? encode_cp1252(cp) : -1;
		if (b >= 0) {
			out[n++] = (char)b;
		} else if (b == -1 && len > 0 && has_glyph(d, cp)) {
			out[n++] = ENC_WIDE;
			memcpy(out + n, s + i, (size_t)len);
			n += (size_t)len;
		} else if (b == -1) {
			out[n++] = '?';
			if (lossy != NULL)
				*lossy = true;
		}
		i += len > 0 ? (size_t)len : 1;
	}
	out[n] = '\0';
	return out;
}

char *
lay_encode(lay_t *d, const char *utf8)
{
	return doc_encode(d, utf8, NULL);
}

size_t
doc_char_len(const char *s, size_t i)
{
	long cp;
	int n;

	if ((unsigned char)s[i] != ENC_WIDE)
		return 1;
	n = utf8_decode((const unsigned char *)s + i + 1, &cp);
	return n > 0 ? (size_t)n + 1 : 1;
}

// 'wide_code()' - The code point of the wide character at s[i] (ENC_WIDE first).
static long
wide_code(const char *s, size_t i)
{
	long cp;

	utf8_decode((const unsigned char *)s + i + 1, &cp);
	return cp;
}

// 'char_width()' - Advance width (1/1000 em) of a CP1252 byte in a face.  The first time a
//                  byte is asked for, libharu measures it, which is also what marks its glyph
//                  and its /Widths entry as used: every byte drawn is measured first.
static int
char_width(lay_t *d, lay_face_t face, unsigned char b)
{
	int w = d->width[face][b];

	if (w < 0) {
		HPDF_Font font = d->font[face];
		w = font != NULL ? (int)HPDF_Font_TextWidth(font, &b, 1).width : 0;
		d->width[face][b] = (int16_t)w;
	}
	return w;
}

// 'wide_width()' - Advance width of a character of the composite font; measuring marks its
//                  glyph for the embedded program.
static int
wide_width(lay_t *d, lay_face_t face, long cp)
{
	return d->font[face] != NULL ? HPDF_TTFontDef_GetCharWidth(face_def(d, face), (HPDF_UINT16)cp) : 0;
}

long
doc_units(lay_t *d, lay_face_t face, const char *s, size_t n)
{
	long u = 0;

	for (size_t i = 0; i < n;) {
		size_t k = doc_char_len(s, i);
		u += k == 1 ? char_width(d, face, (unsigned char)s[i]) : wide_width(d, face, wide_code(s, i));
		i += k;
	}
	return u;
}

float
doc_width(lay_t *d, lay_face_t face, float size, const char *s, size_t n)
{
	return (float)doc_units(d, face, s, n) * size / 1000.0f;
}

/*
 * Content streams.  Each operator is written as libharu's HPDF_Page_* function would write
 * it (numbers through libharu's own HPDF_FToA, one operator a line), into the page's buffer;
 * doc_save() hands every page's buffer to libharu in one piece.  libharu's operator functions
 * format each operator in a 512-byte scratch buffer they first clear a byte at a time, which
 * made them a third of the whole program's work.  What a path or text belongs to in the
 * structure is marked (tags_mark_path(), tags_mark_text()) before it starts.
 */

buf_t *
doc_ops(lay_t *d)
{
	if (d->n_pages == 0)
		lay_new_page(d);
	return &d->pages[d->target].ops;
}

// A number as HPDF_FToA writes it, kept by its bits: pages repeat their coordinates and colours.
typedef struct real_text {
	uint32_t bits;
	unsigned char len;	// 0 for an empty slot
	char s[15];
} real_text_t;

#define REAL_CACHE 1024		// a power of two
static _Thread_local real_text_t real_cache[REAL_CACHE];

// 'real_at()' - A number as libharu writes it, at o (room for 64 bytes); O - its length.
static size_t
real_at(char *o, float v)
{
	uint32_t bits;

	memcpy(&bits, &v, sizeof bits);
	real_text_t *e = &real_cache[(bits * 2654435761u) >> 22];
	if (e->len > 0 && e->bits == bits) {
		memcpy(o, e->s, sizeof e->s);
		return e->len;
	}
	size_t n = (size_t)(HPDF_FToA(o, v, o + 63) - o);
	if (n > 0 && n <= sizeof e->s) {
		e->bits = bits;
		e->len = (unsigned char)n;
		memcpy(e->s, o, n);
	}
	return n;
}

// 'put_op()' - Append "v1 v2 ... op" and a line feed.
static void
put_op(buf_t *b, const float *v, int n, const char *op)
{
	size_t len = strlen(op), k = 0;
	char *o = buf_reserve(b, (size_t)n * 65 + len + 1);

	for (int i = 0; i < n; i++) {
		k += real_at(o + k, v[i]);
		o[k++] = ' ';
	}
	memcpy(o + k, op, len);
	k += len;
	o[k++] = '\n';
	b->len += k;
	b->data[b->len] = '\0';
}

// 'path_op()' - A path construction operator, the path marked first.
static void
path_op(lay_t *d, const float *v, int n, const char *op)
{
	tags_mark_path(d);
	put_op(doc_ops(d), v, n, op);
}

// 'needs_escape()' - Whether libharu writes a byte of a string as an octal escape.
static bool
needs_escape(unsigned char c)
{
	return c < 0x20 || c > 0x7E || strchr("\\%#/()<>[]{}", c) != NULL;
}

// 'put_text()' - Append "(codes) Tj" with the bytes escaped as libharu escapes them.
static void
put_text(buf_t *b, const char *s, size_t n)
{
	char *o = buf_reserve(b, 4 * n + 8);
	size_t k = 0;

	o[k++] = '(';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (needs_escape(c)) {
			o[k++] = '\\';
			o[k++] = (char)('0' + (c >> 6));
			o[k++] = (char)('0' + ((c >> 3) & 7));
			o[k++] = (char)('0' + (c & 7));
		} else {
			o[k++] = (char)c;
		}
	}
	memcpy(o + k, ") Tj\n", 5);
	b->len += k + 5;
	b->data[b->len] = '\0';
}

// 'target_page()' - The page operators go to (a first page made when there is none).
static page_t *
target_page(lay_t *d)
{
	doc_ops(d);
	return &d->pages[d->target];
}

// 'same_rgb()' - Whether two colours are exactly the same.
static bool
same_rgb(lay_rgb_t a, lay_rgb_t b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

// 'set_rgb()' - A fill ("rg") or stroke ("RG") colour, unless the page has it already;
//               components outside 0..1 are refused.
static void
set_rgb(lay_t *d, lay_rgb_t c, bool fill)
{
	page_t *pg = target_page(d);
	unsigned bit = fill ? KNOWN_FILL : KNOWN_STROKE;
	lay_rgb_t *now = fill ? &pg->fill : &pg->stroke;

	if (c.r < 0 || c.r > 1 || c.g < 0 || c.g > 1 || c.b < 0 || c.b > 1) {
		doc_fail(d, HPDF_PAGE_OUT_OF_RANGE);
		return;
	}
	if ((pg->known & bit) && same_rgb(*now, c))
		return;
	put_op(&pg->ops, (const float[]){ c.r, c.g, c.b }, 3, fill ? "rg" : "RG");
	*now = c;
	pg->known |= bit;
}

// 'set_font()' - "/Fn size Tf" unless the page has that font and size already (the text
//                state outlasts BT ... ET); the font entered in the page's resources on first use.
static void
set_font(lay_t *d, HPDF_Dict font, float size)
{
	const char *name;

	if (size <= 0 || size > HPDF_MAX_FONTSIZE) {
		doc_fail(d, HPDF_PAGE_INVALID_FONT_SIZE);
		return;
	}
	page_t *pg = target_page(d);
	buf_t *b = &pg->ops;
	if ((pg->known & KNOWN_FONT) && pg->font == font && pg->font_size == size)
		return;
	pg->font = font;
	pg->font_size = size;
	pg->known |= KNOWN_FONT;
	if ((name = HPDF_Page_GetLocalFontName(pg->h, font)) == NULL) {
		doc_fail(d, HPDF_PAGE_INVALID_FONT);
		return;
	}
	buf_putc(b, '/');
	buf_puts(b, name);
	buf_putc(b, ' ');
	put_op(b, &size, 1, "Tf");
}

void lay_fill_colour(lay_t *d, lay_rgb_t c) { set_rgb(d, c, true); }
void lay_stroke_colour(lay_t *d, lay_rgb_t c) { set_rgb(d, c, false); }
void lay_move_to(lay_t *d, float x, float y) { path_op(d, (const float[]){ x, y }, 2, "m"); }
void lay_line_to(lay_t *d, float x, float y) { path_op(d, (const float[]){ x, y }, 2, "l"); }
void lay_rect(lay_t *d, float x, float y, float w, float h) { path_op(d, (const float[]){ x, y, w, h }, 4, "re"); }
void lay_close_path(lay_t *d) { path_op(d, NULL, 0, "h"); }
void lay_stroke(lay_t *d) { path_op(d, NULL, 0, "S"); }
void lay_fill(lay_t *d) { path_op(d, NULL, 0, "f"); }
void lay_fill_stroke(lay_t *d) { path_op(d, NULL, 0, "B"); }
void lay_clip(lay_t *d) { path_op(d, NULL, 0, "W"); }
void lay_end_path(lay_t *d) { path_op(d, NULL, 0, "n"); }
void lay_gsave(lay_t *d) { put_op(doc_ops(d), NULL, 0, "q"); }

// 'lay_grestore()' - "Q": the state it brings back is not tracked, so all is set again after it.
void
lay_grestore(lay_t *d)
{
	page_t *pg = target_page(d);

	put_op(&pg->ops, NULL, 0, "Q");
	pg->known = 0;
}

void
lay_curve_to(lay_t *d, float x1, float y1, float x2, float y2, float x3, float y3)
{
	path_op(d, (const float[]){ x1, y1, x2, y2, x3, y3 }, 6, "c");
}

// 'lay_line_width()' - The stroke width; a negative one is refused.
void
lay_line_width(lay_t *d, float w)
{
	page_t *pg = target_page(d);

	if (w < 0) {
		doc_fail(d, HPDF_PAGE_OUT_OF_RANGE);
		return;
	}
	if ((pg->known & KNOWN_WIDTH) && pg->line_width == w)
		return;
	put_op(&pg->ops, &w, 1, "w");
	pg->line_width = w;
	pg->known |= KNOWN_WIDTH;
}

// 'lay_dash()' - A dash pattern of n lengths (1 to 100 points) from phase 0; n = 0 for solid lines.
void
lay_dash(lay_t *d, const unsigned short *pattern, int n)
{
	buf_t *b = doc_ops(d);

	if (n < 0 || n > 8 || (n != 1 && n % 2 != 0)) {
		doc_fail(d, HPDF_PAGE_INVALID_PARAM_COUNT);
		return;
	}
	for (int i = 0; i < n; i++)
		if (pattern[i] == 0 || pattern[i] > HPDF_MAX_DASH_PATTERN) {
			doc_fail(d, HPDF_PAGE_OUT_OF_RANGE);
			return;
		}
	buf_putc(b, '[');
	for (int i = 0; i < n; i++)
		buf_printf(b, "%u ", (unsigned)pattern[i]);
	buf_puts(b, "] 0 d\n");
}

// 'lay_circle()' - A circle as four Bezier quarters, with libharu's arithmetic (its kappa is 0.552).
void
lay_circle(lay_t *d, float x, float y, float r)
{
	const float kappa = 0.552f;
	float rk = r * kappa;

	path_op(d, (const float[]){ x - r, y }, 2, "m");
	path_op(d, (const float[]){ x - r, y + rk, x - rk, y + r, x, y + r }, 6, "c");
	path_op(d, (const float[]){ x + rk, y + r, x + r, y + rk, x + r, y }, 6, "c");
	path_op(d, (const float[]){ x + r, y - rk, x + rk, y - r, x, y - r }, 6, "c");
	path_op(d, (const float[]){ x - rk, y - r, x - r, y - rk, x - r, y }, 6, "c");
}

// 'show_simple()' - "(codes) Tj" for CP1252 bytes, CHUNK at a time; libharu shows nothing of
//                   a string without width, nor does this.
static void
show_simple(lay_t *d, lay_face_t face, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += CHUNK) {
		size_t k = n - i < CHUNK ? n - i : CHUNK;
		if (doc_units(d, face, s + i, k) != 0)
			put_text(doc_ops(d), s + i, k);
	}
}

// 'show_wide()' - "<glyph ids> Tj" for the wide characters of s[i, end), noting each glyph's
//                 Unicode for the composite font's widths and ToUnicode map.
static void
show_wide(lay_t *d, lay_face_t face, const char *s, size_t i, size_t end)
{
	HPDF_FontDef def = face_def(d, face);
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	buf_t *b = doc_ops(d);

	if (d->wide_uni[face] == NULL)
		d->wide_uni[face] = xcalloc(a->num_glyphs ? a->num_glyphs : 1, sizeof(uint32_t));
	buf_putc(b, '<');
	for (; i < end; i += doc_char_len(s, i)) {
		long cp = wide_code(s, i);
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);

		wide_width(d, face, cp);		// marks the glyph for the program
		if (gid < a->num_glyphs)
			d->wide_uni[face][gid] = (uint32_t)cp;
		buf_printf(b, "%04X", (unsigned)gid);
	}
	buf_puts(b, "> Tj\n");
}

static HPDF_Dict wide_font(lay_t *d, lay_face_t face);

void
doc_show(lay_t *d, lay_face_t face, float size, float x, float y, lay_rgb_t c, const char *s, size_t n)
{
	if (n == 0)
		return;
	tags_mark_text(d);
	put_op(doc_ops(d), NULL, 0, "BT");
	set_rgb(d, c, true);
	put_op(doc_ops(d), (const float[]){ x, y }, 2, "Td");
	// Runs of one font: CP1252 bytes, or wide characters.
	for (size_t i = 0; i < n;) {
		bool wide = (unsigned char)s[i] == ENC_WIDE;
		size_t end = i;
		while (end < n && ((unsigned char)s[end] == ENC_WIDE) == wide)
			end += doc_char_len(s, end);
		end = end < n ? end : n;
		HPDF_Dict font = wide ? wide_font(d, face) : d->font[face];
		if (font != NULL) {
			set_font(d, font, size);
			if (wide)
				show_wide(d, face, s, i, end);
			else
				show_simple(d, face, s + i, end - i);
		}
		i = end;
	}
	put_op(doc_ops(d), NULL, 0, "ET");
}

void
doc_show_aligned(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align, lay_rgb_t c,
                 const char *s, size_t n)
{
	float w = align == LAY_LEFT ? 0 : doc_width(d, face, size, s, n);

	if (align == LAY_RIGHT)
		x -= w;
	else if (align == LAY_CENTRE)
		x -= w / 2;
	doc_show(d, face, size, x, y, c, s, n);
}

void
doc_cut(lay_t *d, lay_face_t face, float size, char *s, float width)
{
	size_t n = strlen(s);

	// Back over whole characters: a wide one is its ENC_WIDE and UTF-8 bytes.
	while (n > 0 && doc_width(d, face, size, s, n) + doc_width(d, face, size, "\x85", 1) > width) {
		size_t k = 0;
		for (size_t i = 0; i < n; i += doc_char_len(s, i))
			k = i;
		n = k;
	}
	s[n] = '\x85';
	s[n + 1] = '\0';
}

void
doc_ellipsize(lay_t *d, lay_face_t face, float size, char *s, float width)
{
	if (doc_width(d, face, size, s, strlen(s)) > width)
		doc_cut(d, face, size, s, width);
}

/*
 * Fonts.  Each face is loaded once a document from the run's bytes of its file, as
 * HPDF_LoadTTFontFromFile would load it, and shown through two font objects sharing one
 * embedded program: a simple TrueType font in WinAnsiEncoding (its dictionary written here,
 * so it names no glyph: libharu's CP1252 encoder writes a .notdef Differences entry PDF/A
 * forbids) and a composite (Type0, Identity-H) font whose codes are glyph ids, for every
 * other character.
 */

static HPDF_Stream lent_stream(lay_t *d, const void *p, size_t n, void *owned);

// 'load_ttf()' - HPDF_LoadTTFontFromFile() from the bytes of the file: the font's definition,
//                registered with the document and tagged as a subset; O - its name, or NULL.
static const char *
load_ttf(lay_t *d, const blob_t *file)
{
	HPDF_Doc pdf = d->pdf;
	// Read where the run keeps the file's bytes (copied into a memory stream, a byte at a time,
	// it was a twentieth of a monthly return's time).
	HPDF_Stream s = lent_stream(d, file->bytes, file->len, NULL);
	HPDF_FontDef def, had;

	if (s == NULL) {
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	// The definition owns the stream from here, freed with it.
	if ((def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE)) == NULL) {
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	if ((had = HPDF_Doc_FindFontDef(pdf, def->base_font)) != NULL) {
		HPDF_FontDef_Free(def);
		return had->base_font;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	// Subset tags HPDFAA, HPDFAB, ... in loading order.
	if (pdf->ttfont_tag[0] == 0) {
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			if (++pdf->ttfont_tag[i] <= 'Z')
				break;
			pdf->ttfont_tag[i] = 'A';
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
	return def->base_font;
}

// 'write_flate()' - The /Filter entry of a stream whose bytes were deflated before saving.
static HPDF_STATUS
write_flate(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

/*
 * Lent streams.  A stream object's bytes written into libharu's memory stream are copied a byte
 * at a time (HPDF_MemCpy), and again on the way out when the document is saved: a tenth of a
 * document's time.  Instead each stream object reads its bytes where they lie, through a
 * callback stream, when the document is saved; they must stay there until then (the run's
 * shared bytes do; the document's own are kept in its list of lent bytes and freed with it).
 */

typedef struct lent {
	const HPDF_BYTE *p;
	HPDF_UINT len, pos;
	void *owned;		// freed with the document; NULL for bytes another owns
	struct lent *next;
} lent_t;

static HPDF_STATUS
lent_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	lent_t *l = s->attr;
	HPDF_UINT n = l->len - l->pos < *siz ? l->len - l->pos : *siz;

	HPDF_STATUS st = n < *siz ? HPDF_STREAM_EOF : HPDF_OK;	// as libharu's memory stream says it

	memcpy(ptr, l->p + l->pos, n);
	l->pos += n;
	*siz = n;
	return st;
}

static HPDF_STATUS
lent_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	lent_t *l = s->attr;
	long at = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long)l->pos + pos : (long)l->len + pos;

	if (at < 0 || at > (long)l->len)
		return HPDF_STREAM_EOF;
	l->pos = (HPDF_UINT)at;
	return HPDF_OK;
}

static HPDF_INT32 lent_tell(HPDF_Stream s) { return (HPDF_INT32)((lent_t *)s->attr)->pos; }
static HPDF_UINT32 lent_size(HPDF_Stream s) { return ((lent_t *)s->attr)->len; }

static HPDF_Stream
lent_stream(lay_t *d, const void *p, size_t n, void *owned)
{
	lent_t *l = xcalloc(1, sizeof *l);

	*l = (lent_t){ .p = p, .len = (HPDF_UINT)n, .owned = owned, .next = d->lent };
	d->lent = l;
	return HPDF_CallbackReader_New(d->pdf->mmgr, lent_read, lent_seek, lent_tell, lent_size, l);
}

// 'lend()' - Make stream object s read n bytes at p when the document is saved; owned (p, or
//            NULL) is freed with the document.  O - false on a libharu error.
static bool
lend(lay_t *d, HPDF_Dict s, const void *p, size_t n, void *owned)
{
	HPDF_Stream st = lent_stream(d, p, n, owned);

	if (st == NULL)
		return false;
	HPDF_Stream_Free(s->stream);
	s->stream = st;
	return true;
}

// 'lent_free()' - Free a document's lent bytes.
static void
lent_free(lay_t *d)
{
	while (d->lent != NULL) {
		lent_t *next = d->lent->next;

		free(d->lent->owned);
		free(d->lent);
		d->lent = next;
	}
}

// 'deflated_stream()' - A new stream object of bytes already deflated, read where they lie
//                       (owned: freed with the document); NULL on error.
static HPDF_Dict
deflated_stream(lay_t *d, const HPDF_BYTE *z, HPDF_UINT len, void *owned)
{
	HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);

	if (s == NULL) {
		free(owned);
		return NULL;
	}
	if (!lend(d, s, z, len, owned))
		return NULL;
	s->filter = HPDF_STREAM_FILTER_NONE;	// written as it is
	s->write_fn = write_flate;
	return s;
}

// 'write_simple_font()' - The /Widths and /Encoding of a face's simple font: WinAnsiEncoding,
//                         which is CP1252, with no Differences.
static HPDF_STATUS
write_simple_font(HPDF_Dict obj, HPDF_Stream stream)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)obj->attr;
	HPDF_BasicEncoderAttr enc = (HPDF_BasicEncoderAttr)attr->encoder->attr;
	buf_t b;
	HPDF_STATUS ret;

	buf_init(&b);
	buf_puts(&b, "/Widths [\n");
	for (unsigned i = enc->first_char; i <= enc->last_char; i++) {
		char t[8];
		int k = sizeof t, w = attr->widths[i] < 0 ? 0 : attr->widths[i];

		t[--k] = ' ';		// widths are 0..32767: written by hand, printf being slow
		do
			t[--k] = (char)('0' + w % 10);
		while ((w /= 10) > 0);
		buf_add(&b, t + k, sizeof t - (size_t)k);
		if ((i + 1) % 16 == 0)
			buf_putc(&b, '\n');
	}
	buf_puts(&b, "]\n/Encoding /WinAnsiEncoding\n");
	ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return ret;
}

// 'load_font()' - Embed one TrueType face of the run's; O - ROIT_OK or ROIT_EX_CONFIG (message given).
static int
load_font(lay_t *d, lay_face_t face)
{
	const blob_t *file = &d->fonts->file[face];
	HPDF_Dict cmap;

	d->font_name[face] = load_ttf(d, file);
	if (d->font_name[face] != NULL)
		d->font[face] = HPDF_GetFont(d->pdf, d->font_name[face], "CP1252");
	if (d->font[face] != NULL && (cmap = deflated_stream(d, d->fonts->cmap_z.bytes, d->fonts->cmap_z.len, NULL)) != NULL) {
		d->font[face]->write_fn = write_simple_font;
		HPDF_Dict_Add(d->font[face], "ToUnicode", cmap);
	}
	if (d->error == HPDF_FAILD_TO_ALLOC_MEM) {
		// Memory, not the font (which was checked when it was read): 70, not 78.
		roit_error("out of memory loading font %s", file->path);
		return ROIT_EX_SOFTWARE;
	}
	if (d->font[face] == NULL || d->error != HPDF_OK) {
		roit_error("font %s cannot be loaded as a TrueType font (libharu error 0x%04X, detail %u)",
		           file->path, (unsigned)d->error, (unsigned)d->detail);
		return ROIT_EX_CONFIG;
	}
	return ROIT_OK;
}

// 'wide_font()' - The composite font of a face, made on first use: a Type0 font in
//                 Identity-H over a CIDFontType2 of the same program.  Its widths, descriptor
//                 and ToUnicode map are added when the document is saved (finish_wide()).
static HPDF_Dict
wide_font(lay_t *d, lay_face_t face)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)face_def(d, face)->attr;
	HPDF_Dict f, cid, info;
	HPDF_Array kids;
	HPDF_STATUS ret = HPDF_OK;

	if (d->wide[face] != NULL)
		return d->wide[face];
	if ((f = HPDF_Dict_New(mm)) == NULL || (cid = HPDF_Dict_New(mm)) == NULL || (info = HPDF_Dict_New(mm)) == NULL ||
	    (kids = HPDF_Array_New(mm)) == NULL)
		return NULL;
	ret += HPDF_Xref_Add(d->pdf->xref, f);
	ret += HPDF_Xref_Add(d->pdf->xref, cid);
	ret += HPDF_Dict_AddName(f, "Type", "Font");
	ret += HPDF_Dict_AddName(f, "Subtype", "Type0");
	ret += HPDF_Dict_AddName(f, "BaseFont", a->base_font);
	ret += HPDF_Dict_AddName(f, "Encoding", "Identity-H");
	ret += HPDF_Dict_Add(f, "DescendantFonts", kids);
	ret += HPDF_Array_Add(kids, cid);
	ret += HPDF_Dict_AddName(cid, "Type", "Font");
	ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	ret += HPDF_Dict_AddName(cid, "BaseFont", a->base_font);
	ret += HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	ret += HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	ret += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	ret += HPDF_Dict_AddNumber(info, "Supplement", 0);
	ret += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	if (ret != HPDF_OK)
		return NULL;
	d->wide[face] = f;
	return f;
}

// 'wide_cmap()' - The ToUnicode CMap of the glyph ids a composite font showed.
static void
wide_cmap(const uint32_t *uni, unsigned n_glyphs, buf_t *b)
{
	unsigned n = 0, done = 0;

	for (unsigned g = 0; g < n_glyphs; g++)
		n += uni[g] != 0;
	buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned g = 0; g < n_glyphs; g++) {
		if (uni[g] == 0)
			continue;
		if (done % 100 == 0)
			buf_printf(b, "%u beginbfchar\n", n - done < 100 ? n - done : 100);
		buf_printf(b, "<%04X> <%04X>\n", g, (unsigned)uni[g]);
		if (++done % 100 == 0 || done == n)
			buf_puts(b, "endbfchar\n");
	}
	buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

// 'finish_wide()' - A composite font's descriptor (the simple font's), widths and ToUnicode
//                   map, once the document's glyphs are known.  O - false on a libharu error.
static bool
finish_wide(lay_t *d, lay_face_t face)
{
	HPDF_Dict f = d->wide[face], cid;
	HPDF_FontDef def = face_def(d, face);
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	HPDF_Array w;
	HPDF_STATUS ret = HPDF_OK;
	blob_t z = { 0 };
	buf_t cmap;

	if (f == NULL)
		return true;
	cid = HPDF_Array_GetItem(HPDF_Dict_GetItem(f, "DescendantFonts", HPDF_OCLASS_ARRAY), 0, HPDF_OCLASS_DICT);
	if (cid == NULL || def->descriptor == NULL || (w = HPDF_Array_New(d->pdf->mmgr)) == NULL)
		return false;
	ret += HPDF_Dict_Add(cid, "FontDescriptor", def->descriptor);
	ret += HPDF_Dict_Add(cid, "W", w);
	for (unsigned g = 0; d->wide_uni[face] != NULL && g < a->num_glyphs; g++) {
		if (d->wide_uni[face][g] == 0)
			continue;
		HPDF_Array one = HPDF_Array_New(d->pdf->mmgr);
		ret += HPDF_Array_AddNumber(w, (HPDF_INT32)g);
		ret += HPDF_Array_Add(w, one);
		ret += HPDF_Array_AddNumber(one, HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)g));
	}
	buf_init(&cmap);
	wide_cmap(d->wide_uni[face], a->num_glyphs, &cmap);
	HPDF_Dict s = deflated(cmap.data, cmap.len, &z) ? deflated_stream(d, z.bytes, z.len, z.bytes) : NULL;
	buf_free(&cmap);
	if (s == NULL)
		return false;
	ret += HPDF_Dict_Add(f, "ToUnicode", s);
	return ret == HPDF_OK;
}

/*
 * Font programs.  libharu embeds a TrueType font as its own trim of the font file to the
 * glyphs the document used, made and deflated while the document is saved: that took a
 * quarter of the time of a document.  Documents of one run mostly use the same glyphs, so
 * the deflated program is kept for the run, keyed by font file and glyphs, and each document's
 * font descriptor is made here before saving (libharu makes one only for a font that has none)
 * with the kept bytes as its FontFile2 stream: the same objects, keys and bytes libharu writes.
 */

struct font_prog {
	char *path;			// the font file
	HPDF_UINT16 n_glyphs;
	HPDF_BYTE *used;		// libharu's flag of each glyph: in the program or not
	HPDF_UINT length1;		// the program's size before deflating
	HPDF_BYTE *z;			// deflated
	HPDF_UINT zlen;
	struct font_prog *next;
};

// 'prog_free()' - Free a font program.
static void
prog_free(font_prog_t *p)
{
	if (p == NULL)
		return;
	free(p->path);
	free(p->used);
	free(p->z);
	free(p);
}

void
lay_shared_free(lay_shared_t *s)
{
	if (s == NULL)
		return;
	for (int k = 0; k < 2; k++) {
		free(s->file[k].path);
		free(s->file[k].bytes);
	}
	free(s->icc_z.bytes);
	free(s->cmap_z.bytes);
	while (s->progs != NULL) {
		font_prog_t *next = s->progs->next;

		prog_free(s->progs);
		s->progs = next;
	}
	pthread_mutex_destroy(&s->lock);
	free(s);
	pdf_deflate_end();	// the run's documents are done: the main thread's compressor too
}

// 'prog_find()' - The kept program of a font file with exactly these glyphs, or NULL (lock held).
static font_prog_t *
prog_find(const lay_shared_t *s, const char *path, HPDF_UINT16 n_glyphs, const HPDF_BYTE *used)
{
	font_prog_t *p;

	for (p = s->progs; p != NULL; p = p->next)
		if (p->n_glyphs == n_glyphs && memcmp(p->used, used, n_glyphs) == 0 && strcmp(p->path, path) == 0)
			break;
	return p;
}

// 'stream_bytes()' - The bytes of a libharu memory stream, in a new block of *n bytes; NULL on error.
static HPDF_BYTE *
stream_bytes(HPDF_Stream s, HPDF_UINT *n)
{
	HPDF_UINT size = HPDF_Stream_Size(s), got = size;
	HPDF_BYTE *b = xmalloc(size ? size : 1);
	HPDF_STATUS st;

	if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    ((st = HPDF_Stream_Read(s, b, &got)) != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
		free(b);
		return NULL;
	}
	*n = size;
	return b;
}

// 'make_prog()' - A face's font program for the glyphs used so far, trimmed by libharu and
//                 deflated as every other stream (libharu's zlib at its default level was a
//                 twentieth of the time of an overview, which has glyphs of its own).
static font_prog_t *
make_prog(lay_t *d, lay_face_t face, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	HPDF_Stream raw = HPDF_MemStream_New(def->mmgr, HPDF_STREAM_BUF_SIZ);
	font_prog_t *p = NULL;
	HPDF_BYTE *bytes = NULL;
	HPDF_UINT n = 0;

	if (raw != NULL && HPDF_TTFontDef_SaveFontData(def, raw) == HPDF_OK && (bytes = stream_bytes(raw, &n)) != NULL) {
		buf_t z;

		buf_init(&z);
		pdf_deflate(bytes, n, &z);
		free(bytes);
		p = xcalloc(1, sizeof *p);
		p->path = xstrdup(d->fonts->file[face].path);
		p->n_glyphs = a->num_glyphs;
		p->used = xmalloc(a->num_glyphs ? a->num_glyphs : 1);
		memcpy(p->used, a->glyph_tbl.flgs, a->num_glyphs);
		p->length1 = a->length1;
		p->zlen = (HPDF_UINT)z.len;
		p->z = (HPDF_BYTE *)z.data;	// the buffer's block is the program's now
	}
	HPDF_Stream_Free(raw);
	return p;
}

// 'font_prog()' - The deflated program of a face as the document's glyphs stand: a kept one, or
//                 one made now and kept (owned by the document once the run keeps MAX_PROGS).
static const font_prog_t *
font_prog(lay_t *d, lay_face_t face, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	lay_shared_t *s = d->fonts;
	const char *path = s->file[face].path;
	font_prog_t *p;

	pthread_mutex_lock(&s->lock);
	p = prog_find(s, path, a->num_glyphs, a->glyph_tbl.flgs);
	pthread_mutex_unlock(&s->lock);
	if (p != NULL || (p = make_prog(d, face, def)) == NULL)
		return p;
	pthread_mutex_lock(&s->lock);
	font_prog_t *had = prog_find(s, path, a->num_glyphs, a->glyph_tbl.flgs);
	if (had == NULL && s->n_progs < MAX_PROGS) {
		p->next = s->progs;
		s->progs = p;
		s->n_progs++;
	} else if (had == NULL) {
		d->own_prog[face] = p;		// not kept: the document frees it
	}
	pthread_mutex_unlock(&s->lock);
	if (had != NULL) {
		prog_free(p);			// another thread made the same one first
		p = had;
	}
	return p;
}

// Characters every document's font programs carry whether it shows them or not: letters,
// digits and the punctuation, signs and dashes the reports print.  Each costs a document
// some tens of bytes; with them nearly every document of a run embeds the same programs,
// made once.  A document showing others still gets them, in a program made for it.
static const char common_ascii[] = " %&'(),-./0123456789:;ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const HPDF_UINT16 common_other[] = { 0x00A3, 0x00B7, 0x2013, 0x2014, 0x2019, 0x2020, 0x2022 };

// 'mark_common()' - Put the common characters' glyphs in a font's program.
static void
mark_common(HPDF_FontDef def)
{
	for (const char *c = common_ascii; *c != '\0'; c++)
		HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)*c);
	for (size_t k = 0; k < sizeof common_other / sizeof common_other[0]; k++)
		HPDF_TTFontDef_GetCharWidth(def, common_other[k]);
}

// 'embed_font()' - The font descriptor of a face and its FontFile2 stream, as libharu makes them
//                  when it saves, but with the kept program.  O - false on a libharu error.
static bool
embed_font(lay_t *d, lay_face_t face)
{
	HPDF_Font font = d->font[face];
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = fa->fontdef;
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	const font_prog_t *p;
	HPDF_Dict desc, data;
	HPDF_STATUS ret = HPDF_OK;

	if (def->descriptor != NULL || !a->embedding)
		return true;
	mark_common(def);
	if ((p = font_prog(d, face, def)) == NULL || (desc = HPDF_Dict_New(font->mmgr)) == NULL)
		return false;
	ret += HPDF_Xref_Add(fa->xref, desc);
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
	ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
	ret += HPDF_Dict_AddName(desc, "FontName", a->base_font);
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
	if (a->char_set != NULL)
		ret += HPDF_Dict_AddName(desc, "CharSet", a->char_set);
	if (ret != HPDF_OK || (data = HPDF_DictStream_New(font->mmgr, fa->xref)) == NULL)
		return false;
	// The program is the run's (or the document's own, freed after it is saved).
	if (!lend(d, data, p->z, p->zlen, NULL))
		return false;
	ret += HPDF_Dict_Add(desc, "FontFile2", data);
	ret += HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)p->length1);
	ret += HPDF_Dict_AddNumber(data, "Length2", 0);
	ret += HPDF_Dict_AddNumber(data, "Length3", 0);
	data->filter = HPDF_STREAM_FILTER_NONE;	// already deflated: written as it is
	data->write_fn = write_flate;
	if (ret != HPDF_OK)
		return false;
	def->descriptor = desc;
	return true;
}

/*
 * Metadata: what PDF/A-3b and PDF/UA-1 ask of the document as a whole.  The document info
 * and the XMP say the same (title, author, subject, creator, producer, dates); the XMP says
 * which parts of ISO 19005 and ISO 14289 the file follows.
 */

void *
doc_text_string(lay_t *d, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	bool ascii = true;
	buf_t b;
	void *obj;

	for (size_t i = 0; s[i] != '\0' && ascii; i++)
		ascii = s[i] >= 0x20 && s[i] < 0x7F;
	if (ascii)
		return HPDF_String_New(d->pdf->mmgr, (const char *)s, NULL);
	// UTF-16BE after its byte order mark, surrogate pairs past U+FFFF, U+FFFD for bad bytes.
	buf_init(&b);
	buf_add(&b, "\xFE\xFF", 2);
	for (size_t i = 0; s[i] != '\0';) {
		long cp;
		int n = utf8_decode(s + i, &cp);
		unsigned char u[4];

		i += n > 0 ? (size_t)n : (size_t)-n;
		if (cp < 0 || cp < 0x20)
			cp = cp < 0 ? 0xFFFD : ' ';
		if (cp > 0xFFFF) {
			long v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			u[0] = (unsigned char)(hi >> 8), u[1] = (unsigned char)hi;
			u[2] = (unsigned char)(lo >> 8), u[3] = (unsigned char)lo;
			buf_add(&b, u, 4);
		} else {
			u[0] = (unsigned char)(cp >> 8), u[1] = (unsigned char)cp;
			buf_add(&b, u, 2);
		}
	}
	obj = HPDF_Binary_New(d->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return obj;
}

// 'producer()' - What made the file, as the info and the XMP name it.
static void
producer(char *buf, size_t size)
{
	snprintf(buf, size, "roit-report %s with libharu %s", ROIT_VERSION, HPDF_GetVersion());
}

// 'utc_date()' - The document's time in UTC, as the info (xmp false: "D:20200701000000+00'00'")
//                or the XMP ("2020-07-01T00:00:00+00:00") writes it.
static void
utc_date(time_t t, bool xmp, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, xmp ? "%04d-%02d-%02dT%02d:%02d:%02d+00:00" : "D:%04d%02d%02d%02d%02d%02d+00'00'",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec);
}

// 'set_info()' - The document info: title, author, subject, creator, producer, both dates.
static HPDF_STATUS
set_info(lay_t *d)
{
	const char *keys[] = { "Title", "Author", "Subject", "Creator" };
	const char *values[] = { d->title, d->author, d->subject, d->creator };
	char text[128];
	HPDF_STATUS ret = HPDF_OK;
	HPDF_Dict info;

	// libharu makes its info dictionary on first use and names it in the trailer.
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, "roit-report");
	if ((info = d->pdf->info) == NULL)
		return HPDF_INVALID_OBJECT;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (values[k][0] != '\0')
			ret += HPDF_Dict_Add(info, keys[k], doc_text_string(d, values[k]));
	producer(text, sizeof text);
	ret += HPDF_Dict_Add(info, "Producer", doc_text_string(d, text));
	utc_date(d->created, false, text, sizeof text);
	ret += HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(d->pdf->mmgr, text, NULL));
	ret += HPDF_Dict_Add(info, "ModDate", HPDF_String_New(d->pdf->mmgr, text, NULL));
	return ret;
}

// 'put_xml()' - XML text with its five special characters escaped.
static void
put_xml(buf_t *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&apos;"); break;
		default:
			buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
}

// 'xmp()' - The XMP packet: Dublin Core, XMP basic and PDF properties equal to the info,
//           PDF/A-3b and PDF/UA-1 identification, and the extension schema PDF/A asks for the
//           PDF/UA one.  Values are XML-escaped UTF-8.
static void
xmp(const lay_t *d, buf_t *b)
{
	char when[64], prod[128];

	utc_date(d->created, true, when, sizeof when);
	producer(prod, sizeof prod);
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	         "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	         "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	         "<dc:format>application/pdf</dc:format>\n"
	         "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	put_xml(b, d->title);
	buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
	if (d->author[0] != '\0') {
		buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
		put_xml(b, d->author);
		buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (d->subject[0] != '\0') {
		buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		put_xml(b, d->subject);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
	put_xml(b, d->lang);
	buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n</rdf:Description>\n"
	         "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n<xmp:CreatorTool>");
	put_xml(b, d->creator);
	buf_printf(b, "</xmp:CreatorTool>\n<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	           "<xmp:MetadataDate>%s</xmp:MetadataDate>\n</rdf:Description>\n", when, when, when);
	buf_puts(b, "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n<pdf:Producer>");
	put_xml(b, prod);
	buf_puts(b, "</pdf:Producer>\n</rdf:Description>\n"
	         "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	         "<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n</rdf:Description>\n"
	         "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
	         "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n"
	         "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
	         " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
	         " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	         "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
	         "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
	         "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
	         "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	         "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
	         "<pdfaProperty:name>part</pdfaProperty:name>\n"
	         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	         "<pdfaProperty:category>internal</pdfaProperty:category>\n"
	         "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
	         "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
	         "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n"
	         "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

// 'add_metadata()' - The XMP stream, uncompressed as PDF/A asks, named by the catalog.
static HPDF_STATUS
add_metadata(lay_t *d)
{
	HPDF_Dict m = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);
	HPDF_STATUS ret = HPDF_OK;
	buf_t b;

	if (m == NULL)
		return HPDF_INVALID_OBJECT;
	buf_init(&b);
	xmp(d, &b);
	if (!lend(d, m, b.data, b.len, b.data))
		return HPDF_INVALID_OBJECT;
	m->filter = HPDF_STREAM_FILTER_NONE;
	ret += HPDF_Dict_AddName(m, "Type", "Metadata");
	ret += HPDF_Dict_AddName(m, "Subtype", "XML");
	ret += HPDF_Dict_Add(d->pdf->catalog, "Metadata", m);
	return ret;
}

// 'add_output_intent()' - The sRGB output intent the pages' DeviceRGB colours are in.
static HPDF_STATUS
add_output_intent(lay_t *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict icc = deflated_stream(d, d->fonts->icc_z.bytes, d->fonts->icc_z.len, NULL), oi = HPDF_Dict_New(mm);
	HPDF_Array list = HPDF_Array_New(mm);
	HPDF_STATUS ret = HPDF_OK;

	if (icc == NULL || oi == NULL || list == NULL)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Dict_AddNumber(icc, "N", 3);
	ret += HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	ret += HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	ret += HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, ICC_NAME, NULL));
	ret += HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, ICC_NAME, NULL));
	ret += HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	ret += HPDF_Array_Add(list, oi);
	ret += HPDF_Dict_Add(d->pdf->catalog, "OutputIntents", list);
	return ret;
}

// 'add_twin()' - The JSON twin as an associated file of the document (PDF/A-3): an embedded
//                file stream, its file specification in the catalog's /AF and /EmbeddedFiles.
static HPDF_STATUS
add_twin(lay_t *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict ef, params, fs, efd, names, tree;
	HPDF_Array af, list;
	HPDF_STATUS ret = HPDF_OK;
	char when[64];

	if (d->twin_name == NULL)
		return HPDF_OK;
	// Each object is attached to the document as soon as it is made, so an error leaks none.
	ef = HPDF_DictStream_New(mm, d->pdf->xref), fs = HPDF_Dict_New(mm);
	if (fs == NULL || HPDF_Xref_Add(d->pdf->xref, fs) != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	params = HPDF_Dict_New(mm), efd = HPDF_Dict_New(mm), names = HPDF_Dict_New(mm), tree = HPDF_Dict_New(mm);
	af = HPDF_Array_New(mm), list = HPDF_Array_New(mm);
	ret += HPDF_Dict_Add(fs, "EF", efd);
	ret += HPDF_Dict_Add(d->pdf->catalog, "AF", af);
	ret += HPDF_Dict_Add(d->pdf->catalog, "Names", names);
	ret += HPDF_Dict_Add(names, "EmbeddedFiles", tree);
	ret += HPDF_Dict_Add(tree, "Names", list);
	if (ef == NULL || params == NULL || fs == NULL || efd == NULL || names == NULL || tree == NULL || af == NULL ||
	    list == NULL)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Dict_Add(ef, "Params", params);
	blob_t z = { 0 };
	if (!deflated(d->twin.data, d->twin.len, &z))
		return HPDF_INVALID_OBJECT;
	if (!lend(d, ef, z.bytes, z.len, z.bytes))
		return HPDF_INVALID_OBJECT;
	ef->filter = HPDF_STREAM_FILTER_NONE;	// deflated here, written as it is
	ef->write_fn = write_flate;
	ret += HPDF_Dict_AddName(ef, "Type", "EmbeddedFile");
	ret += HPDF_Dict_AddName(ef, "Subtype", "application/json");
	utc_date(d->created, false, when, sizeof when);
	ret += HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, when, NULL));
	ret += HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)d->twin.len);
	ret += HPDF_Dict_AddName(fs, "Type", "Filespec");
	ret += HPDF_Dict_Add(fs, "F", doc_text_string(d, d->twin_name));
	ret += HPDF_Dict_Add(fs, "UF", doc_text_string(d, d->twin_name));
	ret += HPDF_Dict_Add(fs, "Desc", doc_text_string(d, "The figures of this document (its JSON twin)"));
	ret += HPDF_Dict_AddName(fs, "AFRelationship", "Data");
	ret += HPDF_Dict_Add(efd, "F", ef);
	ret += HPDF_Dict_Add(efd, "UF", ef);
	ret += HPDF_Array_Add(af, fs);
	ret += HPDF_Array_Add(list, doc_text_string(d, d->twin_name));
	ret += HPDF_Array_Add(list, fs);
	return ret;
}

// 'add_id()' - The trailer's /ID, both parts the first 16 bytes of the SHA-256 of what the
//              document shows and carries (its pages' deflated content, title and twin): the
//              same content, the same ID, so the bytes stay reproducible (libharu's own ID
//              hashes the clock).
static HPDF_STATUS
add_id(lay_t *d)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	HPDF_Array id = HPDF_Array_New(d->pdf->mmgr);
	bool ok = c != NULL && id != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1;

	for (int i = 0; ok && i < d->n_pages; i++)
		ok = EVP_DigestUpdate(c, d->pages[i].z.data, d->pages[i].z.len) == 1;
	ok = ok && EVP_DigestUpdate(c, d->title, strlen(d->title)) == 1 &&
	     (d->twin.len == 0 || EVP_DigestUpdate(c, d->twin.data, d->twin.len) == 1) &&
	     EVP_DigestFinal_ex(c, md, &n) == 1;

	EVP_MD_CTX_free(c);
	if (!ok || n < 16)
		return HPDF_INVALID_OBJECT;
	HPDF_STATUS ret = HPDF_Array_Add(id, HPDF_Binary_New(d->pdf->mmgr, md, 16));
	ret += HPDF_Array_Add(id, HPDF_Binary_New(d->pdf->mmgr, md, 16));
	ret += HPDF_Dict_Add(d->pdf->trailer, "ID", id);
	return ret;
}

// 'add_catalog()' - What PDF/UA asks of the catalog beyond the structure: the language, and
//                   the title (not the file name) in the viewer's title bar.
static HPDF_STATUS
add_catalog(lay_t *d)
{
	HPDF_Dict prefs = HPDF_Dict_New(d->pdf->mmgr);
	HPDF_STATUS ret = HPDF_OK;

	if (prefs == NULL)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Dict_Add(d->pdf->catalog, "Lang", HPDF_String_New(d->pdf->mmgr, d->lang, NULL));
	ret += HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	ret += HPDF_Dict_Add(d->pdf->catalog, "ViewerPreferences", prefs);
	return ret;
}

/*
 * The document: open, pages, bookmarks, save, free.
 */

// 'copy_text()' - A copy of UTF-8 text, "" for NULL.
static char *
copy_text(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

// 'hpdf_alloc()' - libharu's allocator: out of memory ends the run with 70 and a message, as
//                  everywhere else, rather than leave libharu to carry on with a NULL.
static void *
hpdf_alloc(HPDF_UINT size)
{
	return xmalloc(size);
}

static void
hpdf_free(void *p)
{
	free(p);
}

int
lay_open(const lay_info_t *info, lay_shared_t *shared, lay_t **out)
{
	lay_t *d = xcalloc(1, sizeof *d);
	int rc;

	*out = NULL;
	d->fonts = shared;
	d->cur = -1;
	memset(d->width, 0xFF, sizeof d->width);	// -1: not measured yet
	buf_init(&d->twin);
	d->pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, d);
	if (d->pdf == NULL) {
		roit_error("out of memory: libharu cannot create a document");
		free(d);
		return ROIT_EX_SOFTWARE;
	}
	d->pdf->pdf_version = HPDF_VER_17;
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	tags_init(d);
	if ((rc = load_font(d, LAY_REGULAR)) != ROIT_OK || (rc = load_font(d, LAY_BOLD)) != ROIT_OK) {
		lay_free(d);
		return rc;
	}
	d->title = copy_text(info->title);
	d->author = copy_text(info->author);
	d->subject = copy_text(info->subject);
	d->creator = copy_text(info->creator);
	d->lang = copy_text(info->lang != NULL ? info->lang : "en-GB");
	d->created = info->created;
	if (info->twin_name != NULL) {
		d->twin_name = xstrdup(info->twin_name);
		buf_add(&d->twin, info->twin, info->twin_len);
	}
	flow_start(d, info);
	*out = d;
	return ROIT_OK;
}

void
lay_twin(lay_t *d, const void *twin, size_t len)
{
	buf_reset(&d->twin);
	buf_add(&d->twin, twin, len);
}

void
lay_free(lay_t *d)
{
	if (d == NULL)
		return;
	if (d->pdf != NULL)
		HPDF_Free(d->pdf);
	for (int i = 0; i < d->n_pages; i++) {
		buf_free(&d->pages[i].ops);
		buf_free(&d->pages[i].z);
		free(d->pages[i].mcid_elem);
	}
	lent_free(d);
	free(d->pages);
	for (int f = 0; f < 2; f++) {
		prog_free(d->own_prog[f]);
		free(d->wide_uni[f]);
	}
	char *texts[] = { d->title, d->author, d->subject, d->creator, d->lang, d->twin_name };
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		free(texts[k]);
	buf_free(&d->twin);
	tags_free(d);
	flow_free(d);
	free(d);
}

int
doc_add_page(lay_t *d)
{
	HPDF_Page p = HPDF_AddPage(d->pdf);

	if (p == NULL)
		return -1;
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	if (d->n_pages == d->cap_pages) {
		d->cap_pages = d->cap_pages ? d->cap_pages * 2 : 8;
		d->pages = xrealloc(d->pages, (size_t)d->cap_pages * sizeof *d->pages);
	}
	d->pages[d->n_pages] = (page_t){ .h = p };
	buf_init(&d->pages[d->n_pages].ops);
	buf_init(&d->pages[d->n_pages].z);
	d->target = d->n_pages;
	return d->n_pages++;
}

void
doc_outline(lay_t *d, const char *utf8, int page, float y)
{
	HPDF_Outline o = HPDF_CreateOutline(d->pdf, NULL, "", NULL);
	HPDF_Destination dst;

	if (o == NULL || page < 0 || page >= d->n_pages)
		return;
	HPDF_Dict_Add(o, "Title", doc_text_string(d, utf8));
	if ((dst = HPDF_Page_CreateDestination(d->pages[page].h)) == NULL)
		return;
	HPDF_Destination_SetFitH(dst, y);
	HPDF_Outline_SetDestination(o, dst);
}

/*
 * Content streams are deflated here, with libdeflate at its level 1 (pdf_deflate.h), rather
 * than by libharu, whose zlib level is fixed at 6: on these streams that took half of a
 * document's time.
 */

#define DEFLATE_ASIDE 8	// pages from which they are deflated on a thread of their own

// 'deflate_pages()' - Pages [from, to)'s operators, each deflated into its z.
static void
deflate_pages(void *arg, int from, int to)
{
	lay_t *d = arg;

	for (int i = from; i < to; i++) {
		buf_reset(&d->pages[i].z);
		if (d->pages[i].ops.len > 0)
			pdf_deflate(d->pages[i].ops.data, d->pages[i].ops.len, &d->pages[i].z);
		// Not read again: its memory is there for the save's buffers (fewer fresh pages).
		buf_free(&d->pages[i].ops);
	}
}

// 'deflate_aside()' - Start deflating the pages: a long document's on another thread, while
//                     this one makes the fonts, the structure tree and the metadata (deflating
//                     an overview's 19 pages was a tenth of its time, with the other core idle
//                     when it is made alone).  O - whether they are shared (finished by
//                     write_contents(), which deflates those not yet taken).
static bool
deflate_aside(lay_t *d, roit_share_t *share)
{
	if (d->n_pages < DEFLATE_ASIDE)
		return false;
	roit_share_start(share, deflate_pages, NULL, d, d->n_pages);
	return true;
}

// 'write_contents()' - Each page's operators, deflated into its z (shared with the thread of
//                      deflate_aside(), or all now), as its content stream (read from the page
//                      when the document is saved).
static void
write_contents(lay_t *d, roit_share_t *share)
{
	if (share != NULL)
		roit_share_finish(share);
	else
		deflate_pages(d, 0, d->n_pages);
	for (int i = 0; i < d->n_pages && d->error == HPDF_OK; i++) {
		page_t *pg = &d->pages[i];
		HPDF_PageAttr attr = (HPDF_PageAttr)pg->h->attr;
		if (pg->z.len == 0)
			continue;	// a page with nothing drawn (its operators were freed once deflated)
		if (!lend(d, attr->contents, pg->z.data, pg->z.len, NULL)) {
			doc_fail(d, HPDF_Error_GetCode(pg->h->error));
			break;
		}
		attr->stream = attr->contents->stream;
		// Written as it is, with its filter named as libharu names it.
		attr->contents->filter = HPDF_STREAM_FILTER_NONE;
		attr->contents->write_fn = write_flate;
	}
}

// 'put_out()' - The save's stream: what libharu writes is appended to a buf_t, in one copy.
static HPDF_STATUS
put_out(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	buf_add(s->attr, p, n);
	return HPDF_OK;
}

// 'save_raw()' - The document as libharu saves it (HPDF_SaveToStream: header, the trailer's Root
//                and Info, every object, cross-reference table, trailer), into raw directly
//                rather than through its memory stream (copied a byte at a time, and again out).
static void
save_raw(lay_t *d, buf_t *raw)
{
	HPDF_Doc pdf = d->pdf;
	HPDF_Stream s = HPDF_CallbackWriter_New(pdf->mmgr, put_out, raw);

	if (s == NULL)
		return;
	if (HPDF_Stream_WriteStr(s, "%PDF-1.7\012%\267\276\255\252\012") == HPDF_OK &&
	    HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog) == HPDF_OK &&
	    HPDF_Dict_Add(pdf->trailer, "Info", pdf->info) == HPDF_OK)
		HPDF_Xref_WriteToStream(pdf->xref, s, NULL);
	HPDF_Stream_Free(s);
}

int
doc_save(lay_t *d, buf_t *out)
{
	buf_t raw;
	int rc = ROIT_OK;
	roit_share_t pages;
	bool aside;

	for (int i = 0; i < d->n_pages; i++)
		tags_end_page(d, i);
	aside = deflate_aside(d, &pages);
	// The fonts' descriptors and programs, from the run's kept programs where it has them.
	for (int f = 0; f < 2 && d->error == HPDF_OK; f++)
		if (!embed_font(d, f) || !finish_wide(d, f))
			doc_fail(d, HPDF_Error_GetCode(d->font[f]->error));
	if (d->error == HPDF_OK && (tags_write(d) != HPDF_OK || set_info(d) != HPDF_OK || add_metadata(d) != HPDF_OK ||
	                            add_output_intent(d) != HPDF_OK || add_twin(d) != HPDF_OK || add_catalog(d) != HPDF_OK))
		doc_fail(d, HPDF_INVALID_OBJECT);
	// The structure tree's elements are numbered on from libharu's last object.
	pdf_extra_t tree = { 0 };
	if (d->error == HPDF_OK)
		tags_objects(d, (long)(d->pdf->xref->start_offset + d->pdf->xref->entries->count), &tree);
	// The pages are needed from here on: their content streams, and the ID made from them.
	write_contents(d, aside ? &pages : NULL);
	if (d->error == HPDF_OK && add_id(d) != HPDF_OK)
		doc_fail(d, HPDF_INVALID_OBJECT);
	buf_init(&raw);
	if (d->error == HPDF_OK)
		save_raw(d, &raw);
	// libharu's zlib fails only for memory (libharu's own allocations end the run in xmalloc):
	// 70 at once, as out of memory is everywhere, never a run that goes on to list what it wrote.
	if (d->error == HPDF_FAILD_TO_ALLOC_MEM || d->error == HPDF_ZLIB_ERROR)
		roit_out_of_memory();
	if (d->error != HPDF_OK || raw.len == 0) {
		roit_error("libharu error 0x%04X (detail %u) while making a PDF", (unsigned)d->error, (unsigned)d->detail);
		rc = ROIT_EX_SOFTWARE;
	} else if (!pdf_pack(raw.data, raw.len, &tree, out)) {
		roit_error("a PDF libharu made cannot be packed into object streams (internal error)");
		rc = ROIT_EX_SOFTWARE;
	}
	buf_free(&raw);
	return rc;
}
