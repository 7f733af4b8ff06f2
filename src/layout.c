// Page layout over libharu: UTF-8 text and layout requests in, the pages of an A4 PDF out.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hpdf_conf.h>
#include <hpdf_utils.h>
#include <zlib.h>

#include "layout.h"
#include "roit.h"
#include "text.h"

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
#define DENSE_VPAD 1.0f		// and of a dense table's
#define FIG_PAD 4.5f		// left padding of a figure: with its neighbour's right one, 8 pt between figures
#define TEXT_SHARE 0.32f	// of the width the text columns get before the figures' font shrinks
#define TABLE_MIN_SIZE 6.5f	// the least size a table shrinks to for it
#define MAX_COLS 16
#define FIT_SLACK 0.01f	// points: rounding in the width sums must not wrap text that fits
#define CHUNK 200		// bytes per ShowText call
#define MARK_SIZE 9.0f		// the marking's size, on one line if it fits
#define MARK_MIN 7.0f		// shrunk no further on one line
#define MARK_MIN_WRAPPED 6.5f	// nor on several
#define MARK_LEADING 1.15f	// line height / size of a wrapped marking
#define MAX_MARK_LINES 4
#define N_EXTRA 7		// single-byte encodings besides CP1252 (see lay_encode())

// A page and its content stream.  Operators are appended to ops as text, exactly as
// libharu's HPDF_Page_* functions would write them, and handed to libharu in one piece
// when the document is saved: libharu formats each operator through a 512-byte scratch
// buffer it clears byte by byte, which made drawing a third of the program's time.
typedef struct page {
	HPDF_Page h;
	buf_t ops;
} page_t;

struct lay {
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;	// the first libharu error, 0 while all is well
	const char *font_name[2];	// libharu's names of the loaded TrueType fonts
	HPDF_Font font[2];		// CP1252 faces
	HPDF_Font extra[2][N_EXTRA];	// the same fonts in the other encodings, made on first use
	HPDF_Dict to_unicode[1 + N_EXTRA];	// ToUnicode CMap of each encoding, CP1252's first
	int16_t width[2][256];		// advance widths (1/1000 em) of each face's CP1252 bytes; -1 until asked
	int16_t xwidth[2][N_EXTRA][128];	// and of the codes 0x80..0xFF of the other encodings
	page_t *pages;
	int n_pages, cap_pages;
	int target;			// the page operators go to: the current one, or one getting its furniture
	HPDF_Page page;			// the page the flow is on
	float y;			// top of the free space on it
	float top, bottom;		// where the flow starts and ends on every page
	char *marking, *header_left, *header_right, *footer_left;	// encoded
	char *mark[MAX_MARK_LINES];	// the marking's lines, encoded
	int mark_lines;
	float mark_size;
	lay_fonts_t *fonts;		// the run's font files and kept programs (borrowed)
	struct font_prog *own_prog[2];	// font programs the run did not keep
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
 * Text encoding.  Drawing uses single-byte fonts: CP1252 extracts cleanly with poppler,
 * where libharu's UTF-8 mode writes a ToUnicode map poppler warns about.  A character CP1252
 * lacks is drawn from another font object of the same embedded TrueType font in the first of
 * the other single-byte encodings below that has it.  In encoded text such a character takes
 * two bytes: its encoding's number (1 to N_EXTRA: control bytes encoded text never holds
 * otherwise) and its code there (0x80 or more: every encoding agrees with CP1252 below that).
 * Encoded text is measured and drawn in runs of one encoding.  Each font object carries a
 * ToUnicode CMap of its encoding, made here with bfrange and bfchar entries (libharu's own, of
 * its UTF-8 mode, uses begincidrange, which poppler rejects), so text extracts exactly either way.
 */

static const char *const extra_names[N_EXTRA] = {
	"CP1250",	// Polish, Czech, Slovak, Hungarian, Croatian, Slovene; Romanian with cedillas
	"CP1254",	// Turkish
	"CP1257",	// Latvian, Lithuanian
	"ISO8859-16",	// Romanian with commas below
	"ISO8859-14",	// Welsh
	"ISO8859-3",	// Maltese, Esperanto
	"ISO8859-4",	// Sami, Greenlandic
};

// PDFDocEncoding (outline titles, document info) of CP1252 bytes 0x80..0x9F.
static const unsigned char pdfdoc_high[32] = {
	0xA0, '?', 0x91, 0x86, 0x8C, 0x83, 0x81, 0x82,
	0x1A, 0x8B, 0x97, 0x88, 0x96, '?', 0x99, '?',
	'?', 0x8F, 0x90, 0x8D, 0x8E, 0x80, 0x85, 0x84,
	0x1F, 0x92, 0x9D, 0x89, 0x9C, '?', 0x9E, 0x98
};

// A character of another encoding: its Unicode, the encoding's number (1..N_EXTRA), its code there.
typedef struct extra_char {
	uint16_t code;
	unsigned char enc, byte;
} extra_char_t;

// The other encodings as libharu defines them, read from libharu once a process, so that what
// is drawn is exactly what libharu measures; and each encoding's ToUnicode CMap, deflated.
static pthread_once_t encodings_once = PTHREAD_ONCE_INIT;
static uint16_t extra_unicode[N_EXTRA][128];	// of the codes 0x80..0xFF; 0 where undefined
static extra_char_t extra_chars[N_EXTRA * 128];	// sorted by Unicode; the first encoding wins
static int n_extra_chars;
static unsigned char *cmap_z[1 + N_EXTRA];		// CP1252's, then each other encoding's
static unsigned long cmap_zlen[1 + N_EXTRA];

static bool is_esc(unsigned char c) { return c >= 1 && c <= N_EXTRA; }

// 'cp1252_char()' - The Unicode of a CP1252 byte as drawn, 0 for a control or undefined byte.
static uint16_t
cp1252_char(unsigned b)
{
	return b >= 0x20 && b != 0x7F ? cp1252_unicode((unsigned char)b) : 0;
}

// 'in_cp1252()' - Whether CP1252 has a character.
static bool
in_cp1252(long cp)
{
	if (cp < 0x100)
		return (cp >= 0x20 && cp < 0x7F) || cp >= 0xA0;
	for (unsigned b = 0x80; b < 0xA0; b++)
		if (cp1252_unicode((unsigned char)b) == cp)
			return true;
	return false;
}

static int
compare_extra(const void *a, const void *b)
{
	const extra_char_t *x = a, *y = b;

	return x->code != y->code ? (x->code < y->code ? -1 : 1) : x->enc - y->enc;
}

// 'make_cmap()' - The ToUnicode CMap of an encoding (u: the Unicode of each code), deflated.
static void
make_cmap(const uint16_t *u, unsigned char **z, unsigned long *zlen)
{
	buf_t b;
	int n = 0, done = 0;

	buf_init(&b);
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	         "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
	         "1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n");
	for (int c = 0x80; c <= 0xFF; c++)
		n += u[c] != 0;
	// At most 100 entries a block.
	for (int c = 0x80; c <= 0xFF; c++) {
		if (u[c] == 0)
			continue;
		if (done % 100 == 0)
			buf_printf(&b, "%d beginbfchar\n", n - done < 100 ? n - done : 100);
		buf_printf(&b, "<%02X> <%04X>\n", c, (unsigned)u[c]);
		if (++done % 100 == 0 || done == n)
			buf_puts(&b, "endbfchar\n");
	}
	buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	uLongf len = compressBound((uLong)b.len);
	*z = xmalloc(len);
	if (compress2(*z, &len, (const Bytef *)b.data, (uLong)b.len, Z_BEST_COMPRESSION) != Z_OK) {
		free(*z);
		*z = NULL;
		len = 0;
	}
	*zlen = len;
	buf_free(&b);
}

// 'load_encodings()' - Read the other encodings from libharu; make every encoding's CMap.
static void
load_encodings(void)
{
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	uint16_t u[256];

	for (int k = 0; pdf != NULL && k < N_EXTRA; k++) {
		HPDF_Encoder e = HPDF_GetEncoder(pdf, extra_names[k]);
		if (e == NULL || e->type != HPDF_ENCODER_TYPE_SINGLE_BYTE)
			continue;
		HPDF_BasicEncoderAttr a = (HPDF_BasicEncoderAttr)e->attr;
		for (int c = 0x80; c <= 0xFF; c++) {
			uint16_t cp = a->unicode_map[c];
			if (cp < 0xA0)
				cp = 0;		// undefined, or a control character
			extra_unicode[k][c - 0x80] = cp;
			if (cp != 0 && !in_cp1252(cp))
				extra_chars[n_extra_chars++] = (extra_char_t){ cp, (unsigned char)(k + 1), (unsigned char)c };
		}
	}
	if (pdf != NULL)
		HPDF_Free(pdf);
	qsort(extra_chars, (size_t)n_extra_chars, sizeof *extra_chars, compare_extra);
	// Only the first encoding of a character is kept.
	int n = 0;
	for (int i = 0; i < n_extra_chars; i++)
		if (n == 0 || extra_chars[n - 1].code != extra_chars[i].code)
			extra_chars[n++] = extra_chars[i];
	n_extra_chars = n;

	for (int c = 0; c < 256; c++)
		u[c] = cp1252_char((unsigned)c);
	make_cmap(u, &cmap_z[0], &cmap_zlen[0]);
	for (int k = 0; k < N_EXTRA; k++) {
		for (int c = 0; c < 256; c++)
			u[c] = c < 0x80 ? cp1252_char((unsigned)c) : extra_unicode[k][c - 0x80];
		make_cmap(u, &cmap_z[k + 1], &cmap_zlen[k + 1]);
	}
}

// 'next_code()' - Decode one UTF-8 character at s[*i] and step over it.
//                 O - the code point, or -1 for a malformed byte (stepped over alone: each
//                     byte of a broken sequence is shown as a '?')
static long
next_code(const unsigned char *s, size_t *i)
{
	long cp;
	int n = utf8_decode(s + *i, &cp);

	*i += n > 0 ? (size_t)n : 1;
	return cp;
}

// 'encode_code()' - How a code point is drawn: a CP1252 byte (0..255), 256 * encoding + code for
//                   the other encodings, or -1 for characters that are invisible by nature.
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
	for (unsigned b = 0x80; b < 0xA0; b++)
		if (cp1252_unicode((unsigned char)b) == cp)
			return (int)b;
	if (cp >= 0x100 && cp <= 0xFFFF) {
		pthread_once(&encodings_once, load_encodings);
		// The first entry of the character, by bisection.
		size_t lo = 0, hi = (size_t)n_extra_chars;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (extra_chars[mid].code < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		const extra_char_t *x = lo < (size_t)n_extra_chars && extra_chars[lo].code == cp ? &extra_chars[lo] : NULL;
		if (x != NULL)
			return 256 * x->enc + x->byte;
	}
	return '?';
}

// 'lay_encode()' - UTF-8 into the bytes the fonts draw; the caller frees the result.
char *
lay_encode(const char *utf8)
{
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	char *out = xmalloc(strlen((const char *)s) + 1);
	size_t i = 0, n = 0;

	// Every character takes at least as many bytes in UTF-8 as encoded: those of two bytes
	// here are past U+00FF, two bytes or more in UTF-8.
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
		if (b >= 256)
			out[n++] = (char)(b >> 8);
		if (b >= 0)
			out[n++] = (char)(b & 0xFF);
	}
	out[n] = '\0';
	return out;
}

// 'char_len()' - The bytes of the encoded character at s[i]: 2 for another encoding's, else 1.
static size_t
char_len(const char *s, size_t i)
{
	return is_esc((unsigned char)s[i]) && s[i + 1] != '\0' ? 2 : 1;
}

// 'pdfdoc()' - UTF-8 into PDFDocEncoding, for strings outside page content (info, outline);
//              characters of the other encodings are '?' there.
static char *
pdfdoc(const char *utf8)
{
	char *s = lay_encode(utf8);
	unsigned char *o = (unsigned char *)s;

	for (size_t i = 0; s[i] != '\0';) {
		size_t k = char_len(s, i);
		unsigned char c = (unsigned char)s[i];
		*o++ = k == 2 ? '?' : c == '\n' ? ' ' : c >= 0x80 && c <= 0x9F ? pdfdoc_high[c - 0x80] : c;
		i += k;
	}
	*o = '\0';
	return s;
}

// 'write_extra_font()' - The /Widths and /Encoding of a font in one of the other encodings, as
//                        libharu writes them but for the glyph names of the Differences: uniXXXX
//                        for each code the document shows, which readers map to exactly that
//                        character (some of libharu's own names, Tcommaaccent for T with comma
//                        below, are another letter's in the Adobe Glyph List).
static HPDF_STATUS
write_extra_font(HPDF_Dict obj, HPDF_Stream stream)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)obj->attr;
	HPDF_BasicEncoderAttr enc = (HPDF_BasicEncoderAttr)attr->encoder->attr;
	HPDF_STATUS ret;
	buf_t b;

	buf_init(&b);
	buf_puts(&b, "/Widths [\n");
	for (unsigned i = enc->first_char; i <= enc->last_char; i++) {
		buf_printf(&b, "%d ", (int)attr->widths[i]);
		if ((i + 1) % 16 == 0)
			buf_putc(&b, '\n');
	}
	buf_puts(&b, "]\n/Encoding <<\n/Type /Encoding\n/BaseEncoding /WinAnsiEncoding\n/Differences [");
	for (unsigned i = 0x80; i <= 0xFF; i++)
		if (attr->used[i] && enc->unicode_map[i] != cp1252_unicode(i))
			buf_printf(&b, "\n%u /uni%04X", i, (unsigned)enc->unicode_map[i]);
	buf_puts(&b, "\n]\n>>\n");
	ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return ret;
}

static HPDF_STATUS write_flate(HPDF_Dict obj, HPDF_Stream stream);

// 'add_to_unicode()' - The ToUnicode CMap of encoding enc (0: CP1252) in a font: one stream a
//                      document, shared by both faces, its deflated bytes made once a run.
static void
add_to_unicode(lay_t *d, HPDF_Font font, int enc)
{
	HPDF_Dict s = d->to_unicode[enc];

	if (cmap_z[enc] == NULL)
		return;
	if (s == NULL) {
		if ((s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref)) == NULL ||
		    HPDF_Stream_Write(s->stream, cmap_z[enc], (HPDF_UINT)cmap_zlen[enc]) != HPDF_OK)
			return;
		s->filter = HPDF_STREAM_FILTER_NONE;	// already deflated: written as it is
		s->write_fn = write_flate;
		d->to_unicode[enc] = s;
	}
	HPDF_Dict_Add(font, "ToUnicode", s);
}

// 'face_font()' - The font of a face in an encoding (0: CP1252); the others made on first use.
static HPDF_Font
face_font(lay_t *d, lay_face_t face, int enc)
{
	HPDF_Font *f;

	if (enc == 0)
		return d->font[face];
	f = &d->extra[face][enc - 1];
	if (*f == NULL && (*f = HPDF_GetFont(d->pdf, d->font_name[face], extra_names[enc - 1])) != NULL) {
		(*f)->write_fn = write_extra_font;
		add_to_unicode(d, *f, enc);
	}
	return *f;
}

// 'run_end()' - The end of the run starting at s[i]: characters all of one encoding.
static size_t
run_end(const char *s, size_t i, size_t n)
{
	unsigned char enc = is_esc((unsigned char)s[i]) ? (unsigned char)s[i] : 0;

	while (i < n) {
		unsigned char here = is_esc((unsigned char)s[i]) ? (unsigned char)s[i] : 0;
		if (here != enc)
			break;
		i += char_len(s, i);
	}
	return i < n ? i : n;
}

// 'run_bytes()' - Copy up to CHUNK codes of a run into buf as its font draws them (without the
//                 encodings' numbers); O - the bytes of s stepped over, *len the codes copied.
static size_t
run_bytes(const char *s, size_t i, size_t end, char *buf, size_t *len)
{
	size_t n = 0, start = i;

	while (i < end && n < CHUNK) {
		size_t k = char_len(s, i);
		buf[n++] = s[i + k - 1];
		i += k;
	}
	buf[n] = '\0';
	*len = n;
	return i - start;
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

// 'extra_width()' - Advance width of code b (0x80 or more) of another encoding in a face.
static int
extra_width(lay_t *d, lay_face_t face, unsigned char enc, unsigned char b)
{
	int16_t *w = &d->xwidth[face][enc - 1][b & 0x7F];

	if (*w < 0) {
		HPDF_Font font = face_font(d, face, enc);
		*w = font != NULL ? (int16_t)HPDF_Font_TextWidth(font, &b, 1).width : 0;
	}
	return *w;
}

// 'units_enc()' - Width of n encoded bytes in 1/1000 em.
static long
units_enc(lay_t *d, lay_face_t face, const char *s, size_t n)
{
	long units = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!is_esc(c))
			units += char_width(d, face, c);
		else if (i + 1 < n)
			units += extra_width(d, face, c, (unsigned char)s[++i]);
	}
	return units;
}

// 'width_enc()' - Width in points of n encoded bytes, from the fonts' own glyph widths.
static float
width_enc(lay_t *d, lay_face_t face, float size, const char *s, size_t n)
{
	return (float)units_enc(d, face, s, n) * size / 1000.0f;
}

/*
 * Content streams.  Each operator is written as libharu's HPDF_Page_* function would write
 * it (numbers through libharu's own HPDF_FToA, one operator a line), into the page's buffer;
 * lay_save() hands every page's buffer to libharu in one piece.  libharu's operator functions
 * format each operator in a 512-byte scratch buffer they first clear a byte at a time, which
 * made them a third of the whole program's work.
 */

// 'fail()' - Record an error found here, as libharu would have raised it; the first one is kept.
static void
fail(lay_t *d, HPDF_STATUS error)
{
	if (d->error == HPDF_OK) {
		d->error = error;
		d->detail = 0;
	}
}

// 'ops()' - The content of the page operators go to; a first page is made when there is none.
static buf_t *
ops(lay_t *d)
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

// 'needs_escape()' - Whether libharu writes a byte of a string as an octal escape.
static bool
needs_escape(unsigned char c)
{
	return c < 0x20 || c > 0x7E || strchr("\\%#/()<>[]{}", c) != NULL;
}

// 'put_text()' - Append "(text) Tj" with the bytes escaped as libharu escapes them.
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

// 'set_rgb()' - A fill ("rg") or stroke ("RG") colour; components outside 0..1 are refused.
static void
set_rgb(lay_t *d, lay_rgb_t c, const char *op)
{
	if (c.r < 0 || c.r > 1 || c.g < 0 || c.g > 1 || c.b < 0 || c.b > 1) {
		fail(d, HPDF_PAGE_OUT_OF_RANGE);
		return;
	}
	put_op(ops(d), (const float[]){ c.r, c.g, c.b }, 3, op);
}

// 'set_font()' - "/Fn size Tf", the font entered in the page's resources on first use.
static void
set_font(lay_t *d, HPDF_Font font, float size)
{
	const char *name;

	if (size <= 0 || size > HPDF_MAX_FONTSIZE) {
		fail(d, HPDF_PAGE_INVALID_FONT_SIZE);
		return;
	}
	buf_t *b = ops(d);
	if ((name = HPDF_Page_GetLocalFontName(d->pages[d->target].h, font)) == NULL) {
		fail(d, HPDF_PAGE_INVALID_FONT);
		return;
	}
	buf_putc(b, '/');
	buf_puts(b, name);
	buf_putc(b, ' ');
	put_op(b, &size, 1, "Tf");
}

void lay_fill_colour(lay_t *d, lay_rgb_t c) { set_rgb(d, c, "rg"); }
void lay_stroke_colour(lay_t *d, lay_rgb_t c) { set_rgb(d, c, "RG"); }
void lay_move_to(lay_t *d, float x, float y) { put_op(ops(d), (const float[]){ x, y }, 2, "m"); }
void lay_line_to(lay_t *d, float x, float y) { put_op(ops(d), (const float[]){ x, y }, 2, "l"); }
void lay_rect(lay_t *d, float x, float y, float w, float h) { put_op(ops(d), (const float[]){ x, y, w, h }, 4, "re"); }
void lay_close_path(lay_t *d) { put_op(ops(d), NULL, 0, "h"); }
void lay_stroke(lay_t *d) { put_op(ops(d), NULL, 0, "S"); }
void lay_fill(lay_t *d) { put_op(ops(d), NULL, 0, "f"); }
void lay_fill_stroke(lay_t *d) { put_op(ops(d), NULL, 0, "B"); }
void lay_clip(lay_t *d) { put_op(ops(d), NULL, 0, "W"); }
void lay_end_path(lay_t *d) { put_op(ops(d), NULL, 0, "n"); }
void lay_gsave(lay_t *d) { put_op(ops(d), NULL, 0, "q"); }
void lay_grestore(lay_t *d) { put_op(ops(d), NULL, 0, "Q"); }

void
lay_curve_to(lay_t *d, float x1, float y1, float x2, float y2, float x3, float y3)
{
	put_op(ops(d), (const float[]){ x1, y1, x2, y2, x3, y3 }, 6, "c");
}

// 'lay_line_width()' - The stroke width; a negative one is refused.
void
lay_line_width(lay_t *d, float w)
{
	if (w < 0) {
		fail(d, HPDF_PAGE_OUT_OF_RANGE);
		return;
	}
	put_op(ops(d), &w, 1, "w");
}

// 'lay_dash()' - A dash pattern of n lengths (1 to 100 points) from phase 0; n = 0 for solid lines.
void
lay_dash(lay_t *d, const unsigned short *pattern, int n)
{
	buf_t *b = ops(d);

	if (n < 0 || n > 8 || (n != 1 && n % 2 != 0)) {
		fail(d, HPDF_PAGE_INVALID_PARAM_COUNT);
		return;
	}
	for (int i = 0; i < n; i++)
		if (pattern[i] == 0 || pattern[i] > HPDF_MAX_DASH_PATTERN) {
			fail(d, HPDF_PAGE_OUT_OF_RANGE);
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
	buf_t *b = ops(d);

	put_op(b, (const float[]){ x - r, y }, 2, "m");
	put_op(b, (const float[]){ x - r, y + rk, x - rk, y + r, x, y + r }, 6, "c");
	put_op(b, (const float[]){ x + rk, y + r, x + r, y + rk, x + r, y }, 6, "c");
	put_op(b, (const float[]){ x + r, y - rk, x + rk, y - r, x, y - r }, 6, "c");
	put_op(b, (const float[]){ x - rk, y - r, x - r, y - rk, x - r, y }, 6, "c");
}

// 'show_enc()' - Draw n encoded bytes with their left end at (x, y).
static void
show_enc(lay_t *d, lay_face_t face, float size, float x, float y, lay_rgb_t c, const char *s, size_t n)
{
	char buf[CHUNK + 1];

	if (n == 0)
		return;
	put_op(ops(d), NULL, 0, "BT");
	set_rgb(d, c, "rg");
	put_op(ops(d), (const float[]){ x, y }, 2, "Td");
	for (size_t i = 0; i < n;) {
		size_t end = run_end(s, i, n);
		HPDF_Font font = face_font(d, face, is_esc((unsigned char)s[i]) ? (unsigned char)s[i] : 0);
		if (font != NULL)
			set_font(d, font, size);
		while (i < end) {
			size_t len, k = run_bytes(s, i, end, buf, &len);
			// libharu shows nothing of a string without width.
			if (font != NULL && units_enc(d, face, s + i, k) != 0)
				put_text(ops(d), buf, len);
			i += k;
		}
	}
	put_op(ops(d), NULL, 0, "ET");
}

// 'show_aligned()' - Draw encoded text at x taken as its left, right or centre.
static void
show_aligned(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align, lay_rgb_t c,
             const char *s, size_t n)
{
	float w = align == LAY_LEFT ? 0 : width_enc(d, face, size, s, n);

	if (align == LAY_RIGHT)
		x -= w;
	else if (align == LAY_CENTRE)
		x -= w / 2;
	show_enc(d, face, size, x, y, c, s, n);
}

// 'ellipsize()' - Shorten encoded text in place to fit width, ending it with an ellipsis.
static void
ellipsize(lay_t *d, lay_face_t face, float size, char *s, float width)
{
	size_t n = strlen(s);

	if (width_enc(d, face, size, s, n) <= width)
		return;
	while (n > 0 && width_enc(d, face, size, s, n) + width_enc(d, face, size, "\x85", 1) > width)
		n -= n >= 2 && is_esc((unsigned char)s[n - 2]) ? 2 : 1;
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

	show_aligned(d, x, y, face, size, align, colour, s, strlen(s));
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

// 'break_word()' - How many bytes of a word too wide for the line fit on it (at least one character).
static size_t
break_word(lay_t *d, lay_face_t face, float size, const char *s, size_t start, size_t end, float width)
{
	size_t k = start + char_len(s, start);
	long units = units_enc(d, face, s + start, k - start);

	// The width of s[start, k) grows a character at a time.
	while (k < end) {
		size_t len = char_len(s, k);
		long w = units_enc(d, face, s + k, len);
		if ((float)(units + w) * size / 1000.0f > width + FIT_SLACK)
			break;
		units += w;
		k += len;
	}
	return k - start;
}

// 'wrap_line()' - The end of the line starting at s[start] within [start, end): whole words, or a broken one.
static size_t
wrap_line(lay_t *d, lay_face_t face, float size, const char *s, size_t start, size_t end, float width)
{
	size_t line_end = start, j = start;
	long units = 0;		// the width of s[start, j)

	for (;;) {
		size_t ws = j, we;

		while (ws < end && s[ws] == ' ')
			ws++;
		if (ws == end)
			break;
		we = ws;
		while (we < end && s[we] != ' ')
			we++;
		long with = units + units_enc(d, face, s + j, we - j);
		if ((float)with * size / 1000.0f <= width + FIT_SLACK) {
			line_end = j = we;
			units = with;
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

static void fit_marking(lay_t *d);

/*
 * The fonts of a run (lay_fonts_t): each TrueType file read once, where libharu would open and
 * read it for every document (three hundred system calls each), and the font programs
 * documents share (see "Font programs" below), under a lock: documents are made on several
 * threads.  Each document loads its fonts from these bytes as HPDF_LoadTTFontFromFile loads
 * them from the file.
 */

typedef struct font_file {
	char *path;
	HPDF_BYTE *bytes;
	HPDF_UINT len;
} font_file_t;

struct lay_fonts {
	font_file_t file[2];		// regular, bold
	pthread_mutex_t lock;		// over progs and n_progs
	struct font_prog *progs;	// kept for the run, MAX_PROGS at most
	int n_progs;
};

// 'read_whole()' - The bytes of an open file into a new block; O - false (errno set) on error.
static bool
read_whole(FILE *fp, HPDF_BYTE **bytes, HPDF_UINT *len)
{
	struct stat st;

	if (fstat(fileno(fp), &st) != 0)
		return false;
	if (!S_ISREG(st.st_mode) || st.st_size > 0x7FFFFFFF) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return false;
	}
	*bytes = xmalloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (fread(*bytes, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		if (!ferror(fp))
			errno = EIO;	// shorter than it was a moment ago
		free(*bytes);
		return false;
	}
	*len = (HPDF_UINT)st.st_size;
	return true;
}

// 'read_font_file()' - The bytes of a font file into f; O - false (message given) when it cannot be read.
static bool
read_font_file(const char *path, font_file_t *f)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL || !read_whole(fp, &f->bytes, &f->len)) {
		roit_error("font %s cannot be read: %s", path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return false;
	}
	fclose(fp);
	f->path = xstrdup(path);
	return true;
}

int
lay_fonts_open(const char *font_regular, const char *font_bold, lay_fonts_t **out)
{
	lay_fonts_t *f = xcalloc(1, sizeof *f);

	pthread_mutex_init(&f->lock, NULL);
	*out = NULL;
	if (!read_font_file(font_regular, &f->file[LAY_REGULAR]) || !read_font_file(font_bold, &f->file[LAY_BOLD])) {
		lay_fonts_free(f);
		return ROIT_EX_CONFIG;
	}
	*out = f;
	return ROIT_OK;
}

// 'load_ttf()' - HPDF_LoadTTFontFromFile() from the bytes of the file: the font's definition,
//                registered with the document and tagged as a subset; O - its name, or NULL.
static const char *
load_ttf(HPDF_Doc pdf, const font_file_t *file)
{
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, file->len > 0 ? file->len : 1);
	HPDF_FontDef def, had;

	if (s == NULL || HPDF_Stream_Write(s, file->bytes, file->len) != HPDF_OK) {
		HPDF_Stream_Free(s);
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

// 'load_font()' - Embed one TrueType font of the run's; O - ROIT_OK or ROIT_EX_CONFIG (message given).
static int
load_font(lay_t *d, lay_face_t face)
{
	const font_file_t *file = &d->fonts->file[face];
	const char *path = file->path;

	d->font_name[face] = load_ttf(d->pdf, file);
	if (d->font_name[face] != NULL)
		d->font[face] = HPDF_GetFont(d->pdf, d->font_name[face], "CP1252");
	if (d->font[face] != NULL)
		add_to_unicode(d, d->font[face], 0);
	if (d->font[face] == NULL || d->error != HPDF_OK) {
		roit_error("font %s cannot be loaded as a TrueType font (libharu error 0x%04X, detail %u)",
		           path, (unsigned)d->error, (unsigned)d->detail);
		return ROIT_EX_CONFIG;
	}
	return ROIT_OK;
}

/*
 * Font programs.  libharu embeds a TrueType font as its own trim of the font file to the
 * glyphs the document used, made and deflated while the document is saved: that took a
 * quarter of the time of a document.  Documents of one run mostly use the same glyphs, so
 * the deflated program is kept for the run, keyed by font file and glyphs, and each document's
 * font descriptor is made here before saving (libharu makes one only for a font that has none)
 * with the kept bytes as its FontFile2 stream: the same objects, keys and bytes libharu writes.
 */

typedef struct font_prog {
	char *path;			// the font file
	HPDF_UINT16 n_glyphs;
	HPDF_BYTE *used;		// libharu's flag of each glyph: in the program or not
	HPDF_UINT length1;		// the program's size before deflating
	HPDF_BYTE *z;			// deflated
	HPDF_UINT zlen;
	struct font_prog *next;
} font_prog_t;

#define MAX_PROGS 256		// kept per run; past that a document makes its own

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
lay_fonts_free(lay_fonts_t *f)
{
	if (f == NULL)
		return;
	for (int k = 0; k < 2; k++) {
		free(f->file[k].path);
		free(f->file[k].bytes);
	}
	while (f->progs != NULL) {
		font_prog_t *next = f->progs->next;

		prog_free(f->progs);
		f->progs = next;
	}
	pthread_mutex_destroy(&f->lock);
	free(f);
}

// 'prog_find()' - The kept program of a font file with exactly these glyphs, or NULL (lock held).
static font_prog_t *
prog_find(const lay_fonts_t *f, const char *path, HPDF_UINT16 n_glyphs, const HPDF_BYTE *used)
{
	font_prog_t *p;

	for (p = f->progs; p != NULL; p = p->next)
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

// 'make_prog()' - A face's font program for the glyphs used so far, made and deflated by libharu.
static font_prog_t *
make_prog(lay_t *d, lay_face_t face, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	HPDF_Stream raw = HPDF_MemStream_New(def->mmgr, HPDF_STREAM_BUF_SIZ);
	HPDF_Stream z = HPDF_MemStream_New(def->mmgr, HPDF_STREAM_BUF_SIZ);
	font_prog_t *p = NULL;
	HPDF_BYTE *bytes = NULL;
	HPDF_UINT n = 0;

	if (raw != NULL && z != NULL && HPDF_TTFontDef_SaveFontData(def, raw) == HPDF_OK &&
	    HPDF_Stream_WriteToStream(raw, z, HPDF_STREAM_FILTER_FLATE_DECODE, NULL) == HPDF_OK &&
	    (bytes = stream_bytes(z, &n)) != NULL) {
		p = xcalloc(1, sizeof *p);
		p->path = xstrdup(d->fonts->file[face].path);
		p->n_glyphs = a->num_glyphs;
		p->used = xmalloc(a->num_glyphs ? a->num_glyphs : 1);
		memcpy(p->used, a->glyph_tbl.flgs, a->num_glyphs);
		p->length1 = a->length1;
		p->z = bytes;
		p->zlen = n;
	}
	HPDF_Stream_Free(raw);
	HPDF_Stream_Free(z);
	return p;
}

// 'font_prog()' - The deflated program of a face as the document's glyphs stand: a kept one, or
//                 one made now and kept (owned by the document once the run keeps MAX_PROGS).
static const font_prog_t *
font_prog(lay_t *d, lay_face_t face, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	lay_fonts_t *f = d->fonts;
	const char *path = f->file[face].path;
	font_prog_t *p;

	pthread_mutex_lock(&f->lock);
	p = prog_find(f, path, a->num_glyphs, a->glyph_tbl.flgs);
	pthread_mutex_unlock(&f->lock);
	if (p != NULL || (p = make_prog(d, face, def)) == NULL)
		return p;
	pthread_mutex_lock(&f->lock);
	font_prog_t *had = prog_find(f, path, a->num_glyphs, a->glyph_tbl.flgs);
	if (had == NULL && f->n_progs < MAX_PROGS) {
		p->next = f->progs;
		f->progs = p;
		f->n_progs++;
	} else if (had == NULL) {
		d->own_prog[face] = p;		// not kept: the document frees it
	}
	pthread_mutex_unlock(&f->lock);
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

// 'write_flate()' - The /Filter entry of a stream whose bytes were deflated before saving.
static HPDF_STATUS
write_flate(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
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
	ret += HPDF_Stream_Write(data->stream, p->z, p->zlen);
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
lay_open(const lay_info_t *info, lay_fonts_t *fonts, lay_t **out)
{
	lay_t *d = xcalloc(1, sizeof *d);
	int rc;

	*out = NULL;
	d->fonts = fonts;
	memset(d->width, 0xFF, sizeof d->width);	// -1: not measured yet
	memset(d->xwidth, 0xFF, sizeof d->xwidth);
	pthread_once(&encodings_once, load_encodings);
	d->pdf = HPDF_New(on_error, d);
	if (d->pdf == NULL) {
		roit_error("libharu cannot create a document");
		free(d);
		return ROIT_EX_SOFTWARE;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if ((rc = load_font(d, LAY_REGULAR)) != ROIT_OK || (rc = load_font(d, LAY_BOLD)) != ROIT_OK) {
		lay_free(d);
		return rc;
	}
	set_info(d, info);
	d->marking = lay_encode(info->marking);
	fit_marking(d);
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
	for (int i = 0; i < d->n_pages; i++)
		buf_free(&d->pages[i].ops);
	free(d->pages);
	for (int f = 0; f < 2; f++)
		prog_free(d->own_prog[f]);
	free(d->marking);
	for (int i = 0; i < d->mark_lines; i++)
		free(d->mark[i]);
	free(d->header_left);
	free(d->header_right);
	free(d->footer_left);
	free(d);
}

HPDF_Page lay_page(lay_t *d) { if (d->page == NULL) lay_new_page(d); return d->page; }
int lay_page_count(const lay_t *d) { return d->n_pages; }
float lay_y(const lay_t *d) { return d->page == NULL ? d->top : d->y; }
float lay_room(const lay_t *d) { return lay_y(d) - d->bottom; }
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
	d->pages[d->n_pages].h = p;
	buf_init(&d->pages[d->n_pages].ops);
	d->target = d->n_pages++;
	d->page = p;
	d->y = d->top;
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
	if (d->y - h >= d->bottom || d->y >= d->top)
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
	bool top = d->page == NULL || d->y >= d->top;

	if (lay_need(d, (top ? 0 : gap) + lh + 4 + keep))
		top = true;
	if (!top)
		d->y -= gap;
	if (mark)
		lay_bookmark(d, utf8);
	lay_text(d, LAY_X0, d->y - size * BASELINE_FACTOR, LAY_BOLD, size, LAY_LEFT, lay_navy, utf8);
	d->y -= lh;
	if (mark) {
		lay_stroke_colour(d, lay_navy);
		lay_line_width(d, 0.8f);
		lay_move_to(d, LAY_X0, d->y);
		lay_line_to(d, LAY_X1, d->y);
		lay_stroke(d);
		d->y -= 6;
	} else {
		d->y -= 1;
	}
}

void lay_heading(lay_t *d, const char *utf8, float keep) { heading_at(d, utf8, 13, 16, keep, true); }
void lay_subheading(lay_t *d, const char *utf8, float keep) { heading_at(d, utf8, 10, 7, keep, false); }

// 'lay_subheading_keep()' - A subheading needs its gap, its line and keep + 4 below it; a heading
//                           leaves keep - 2 below its rule.
float lay_subheading_keep(float keep) { return 7 + lay_line_height(10) + 4 + keep + 2; }

// 'para_breaks()' - The lines of a paragraph (n of lh each) that start a new page, from the cursor.
static int
para_breaks(const lay_t *d, int n, float lh, int *brk)
{
	float y = d->y;
	int nb = 0;

	for (int i = 0; i < n; i++) {
		if (y - lh < d->bottom && y < d->top) {
			brk[nb++] = i;
			y = d->top;
		}
		y -= lh;
	}
	return nb;
}

// 'lay_para()' - Wrap text into the text width less indent and draw it line by line, turning
//                pages; a paragraph broken across pages leaves two lines at least on each.
void
lay_para(lay_t *d, const char *utf8, lay_face_t face, float size, lay_rgb_t colour, float indent)
{
	char *s = lay_encode(utf8);
	lines_t l = { 0 };
	float lh = lay_line_height(size);
	int *brk, nb, next = 0;

	wrap_enc(d, face, size, s, LAY_WIDTH - indent, &l);
	lay_page(d);
	brk = xmalloc((size_t)(l.n > 0 ? l.n : 1) * sizeof *brk);
	nb = para_breaks(d, l.n, lh, brk);
	// One line alone at the foot of a page (or two of three): the paragraph starts on the next.
	if (nb > 0 && brk[0] > 0 && (brk[0] < 2 || (nb == 1 && l.n - brk[0] < 2 && brk[0] <= 2))) {
		lay_new_page(d);
		nb = para_breaks(d, l.n, lh, brk);
	}
	// One line alone at the head of the last page: it takes another from the page before.
	if (nb > 0 && l.n - brk[nb - 1] < 2 && brk[nb - 1] - (nb > 1 ? brk[nb - 2] : 0) > 2)
		brk[nb - 1]--;
	for (int i = 0; i < l.n; i++) {
		if (next < nb && brk[next] == i) {
			next++;
			lay_new_page(d);
		}
		show_enc(d, face, size, LAY_X0 + indent, d->y - size * BASELINE_FACTOR, colour,
		         s + l.v[i].off, l.v[i].len);
		d->y -= lh;
	}
	free(brk);
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
	lay_page(d);
	lay_stroke_colour(d, colour);
	lay_line_width(d, width_pt);
	lay_move_to(d, LAY_X0, d->y);
	lay_line_to(d, LAY_X1, d->y);
	lay_stroke(d);
}

/*
 * Boxes: badges and tiles.
 */

// 'round_rect()' - Add a rounded rectangle to the current path.
static void
round_rect(lay_t *d, float x, float y, float w, float h, float r)
{
	const float k = 0.5523f * r;	// control distance of a quarter circle drawn as a Bezier

	lay_move_to(d, x + r, y);
	lay_line_to(d, x + w - r, y);
	lay_curve_to(d, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	lay_line_to(d, x + w, y + h - r);
	lay_curve_to(d, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
	lay_line_to(d, x + r, y + h);
	lay_curve_to(d, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	lay_line_to(d, x, y + r);
	lay_curve_to(d, x, y + r - k, x + r - k, y, x + r, y);
	lay_close_path(d);
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
	float w;

	lay_page(d);
	w = lay_badge_width(d, size, utf8);
	// The outline keeps a light badge visible on a greyscale print.
	lay_fill_colour(d, fill);
	lay_stroke_colour(d, lay_ink);
	lay_line_width(d, 0.6f);
	round_rect(d, x, y - 0.42f * size, w, 1.5f * size, 0.35f * size);
	lay_fill_stroke(d);
	lay_text(d, x + 0.65f * size, y, LAY_BOLD, size, LAY_LEFT, ink, utf8);
	return w;
}

// 'fill_rect()' - A filled rectangle, optionally outlined.
static void
fill_rect(lay_t *d, float x, float y, float w, float h, lay_rgb_t fill, bool outline)
{
	// Colours are set before the path: PDF does not allow them while a path is open.
	lay_fill_colour(d, fill);
	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.6f);
	lay_rect(d, x, y, w, h);
	if (outline)
		lay_fill_stroke(d);
	else
		lay_fill(d);
}

#define NOTE_SIZE 7.5f		// a tile's note
#define NOTE_MIN_ONE 7.0f	// shrunk no further on one line
#define NOTE_MIN 6.5f		// nor on two
#define NOTE_LEADING 1.2f

// A tile's note as drawn: one line, or two, the second cut short with an ellipsis if it must.
typedef struct note_fit {
	float size;
	int n;
	char *line[2];		// encoded
} note_fit_t;

// 'fit_note()' - Fit a note into width: one line down to 7 pt, else two from 7.5 pt down to
//                6.5 pt, else two at 6.5 pt ending with an ellipsis.  Never smaller, never wider.
static void
fit_note(lay_t *d, const char *utf8, float width, note_fit_t *f)
{
	char *s = lay_encode(utf8);
	size_t n = strlen(s);
	lines_t l = { 0 };
	float size = NOTE_SIZE;

	memset(f, 0, sizeof *f);
	while (size > NOTE_MIN_ONE && width_enc(d, LAY_REGULAR, size, s, n) > width)
		size -= 0.5f;
	if (strchr(s, '\n') == NULL && width_enc(d, LAY_REGULAR, size, s, n) <= width) {
		lines_add(&l, 0, n);
	} else {
		for (size = NOTE_SIZE; size >= NOTE_MIN; size -= 0.5f) {
			wrap_enc(d, LAY_REGULAR, size, s, width, &l);
			if (l.n <= 2)
				break;
		}
		size = size < NOTE_MIN ? NOTE_MIN : size;
	}
	f->size = size;
	f->n = l.n < 2 ? l.n : 2;
	for (int i = 0; i < f->n; i++) {
		// The second line of a note longer still holds the rest, cut short with an ellipsis.
		size_t len = i == 1 && l.n > 2 ? n - l.v[i].off : l.v[i].len;
		f->line[i] = xmalloc(len + 4);
		memcpy(f->line[i], s + l.v[i].off, len);
		f->line[i][len] = '\0';
		for (char *c = f->line[i]; *c; c++)
			*c = *c == '\n' ? ' ' : *c;
		if (i == 1 && l.n > 2) {
			// Always marked as cut, even where the rest would fit once the line ends are spaces.
			while (width_enc(d, LAY_REGULAR, size, f->line[i], strlen(f->line[i])) +
			       width_enc(d, LAY_REGULAR, size, "\x85", 1) > width && f->line[i][0] != '\0') {
				size_t k = strlen(f->line[i]);
				f->line[i][k - (k >= 2 && is_esc((unsigned char)f->line[i][k - 2]) ? 2 : 1)] = '\0';
			}
			strcat(f->line[i], "\x85");
		}
	}
	free(l.v);
	free(s);
}

// 'note_free()' - Free a fitted note.
static void
note_free(note_fit_t *f)
{
	free(f->line[0]);
	free(f->line[1]);
}

// 'draw_tile()' - One headline tile with its top left corner at (x, top).
static void
draw_tile(lay_t *d, const lay_tile_t *t, const note_fit_t *note, float x, float top, float w, float h)
{
	const float pad = 7;
	float inner = w - 2 * pad, size;

	fill_rect(d, x, top - h, w, h, tile_fill, true);
	size = lay_fit_size(d, LAY_REGULAR, 7.5f, inner, t->label);
	lay_text(d, x + pad, top - 12, LAY_REGULAR, size, LAY_LEFT, lay_muted, t->label);
	if (t->badge) {
		size = lay_fit_size(d, LAY_BOLD, 11, inner - 15, t->value);
		lay_badge(d, x + pad, top - 30, size, t->value, t->fill, t->ink);
	} else {
		size = lay_fit_size(d, LAY_BOLD, 14, inner, t->value);
		lay_text(d, x + pad, top - 30, LAY_BOLD, size, LAY_LEFT, lay_ink, t->value);
	}
	for (int i = 0; i < note->n; i++)
		show_enc(d, LAY_REGULAR, note->size, x + pad, top - 44 - (float)i * note->size * NOTE_LEADING,
		         lay_muted, note->line[i], strlen(note->line[i]));
}

// 'tiles_geometry()' - Fit the notes of the tiles (into notes, when given) and decide the tiles'
//                      width and height: all of them taller when a note takes two lines.
static void
tiles_geometry(lay_t *d, const lay_tile_t *tiles, int n, int per_row, note_fit_t *notes, float *w, float *h)
{
	const float gap = 6, pad = 7;

	*w = (LAY_WIDTH - gap * (float)(per_row - 1)) / (float)per_row;
	*h = 52;
	for (int i = 0; i < n; i++) {
		note_fit_t f = { 0 };
		if (tiles[i].note != NULL && tiles[i].note[0] != '\0')
			fit_note(d, tiles[i].note, *w - 2 * pad, &f);
		if (f.n == 2 && *h < 54 + f.size * NOTE_LEADING)
			*h = 54 + f.size * NOTE_LEADING;
		if (notes != NULL)
			notes[i] = f;
		else
			note_free(&f);
	}
}

// 'lay_tiles_height()' - The height the tiles take, the gap below them included.
float
lay_tiles_height(lay_t *d, const lay_tile_t *tiles, int n, int per_row)
{
	float w, h;

	tiles_geometry(d, tiles, n, per_row, NULL, &w, &h);
	return (float)((n + per_row - 1) / per_row) * (h + 6);
}

// 'lay_tiles()' - Headline tiles, per_row to a row, kept together on one page.
void
lay_tiles(lay_t *d, const lay_tile_t *tiles, int n, int per_row)
{
	const float gap = 6;
	int rows = (n + per_row - 1) / per_row;
	float w, h;
	note_fit_t *notes = xcalloc((size_t)(n > 0 ? n : 1), sizeof *notes);

	tiles_geometry(d, tiles, n, per_row, notes, &w, &h);
	lay_need(d, (float)rows * (h + gap));
	for (int i = 0; i < n; i++) {
		int r = i / per_row, c = i % per_row;
		draw_tile(d, &tiles[i], &notes[i], LAY_X0 + (float)c * (w + gap), d->y - (float)r * (h + gap), w, h);
		note_free(&notes[i]);
	}
	free(notes);
	d->y -= (float)rows * (h + gap);
}

// 'lay_note_box()' - A title and a wrapped note in a light box, where a chart would have been.
float
lay_note_box(lay_t *d, float x, float top, float w, const char *title, const char *utf8)
{
	const float pad = 8, size = 8.5f, tsize = 9.5f;
	float y = top, lh = lay_line_height(size);
	char *s = lay_encode(utf8);
	lines_t l = { 0 };

	lay_page(d);
	if (title != NULL) {
		// As a chart's title: on its own line, above the box.
		float ts = lay_fit_size(d, LAY_BOLD, tsize, w, title);
		lay_text(d, x, y - tsize, LAY_BOLD, ts, LAY_LEFT, lay_ink, title);
		y -= tsize + 8;
	}
	wrap_enc(d, LAY_REGULAR, size, s, w - 2 * pad, &l);
	float h = (float)l.n * lh + 2 * pad;
	fill_rect(d, x, y - h, w, h, tile_fill, true);
	for (int i = 0; i < l.n; i++)
		show_enc(d, LAY_REGULAR, size, x + pad, y - pad - size * BASELINE_FACTOR - (float)i * lh, lay_muted,
		         s + l.v[i].off, l.v[i].len);
	free(l.v);
	free(s);
	return top - (y - h);
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
				show_enc(d, LAY_REGULAR, size, x + lw[k], d->y - size * BASELINE_FACTOR - (float)m * lh,
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
	bool compact, dense;
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
	float vpad;		// a cell's top and bottom padding
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
void lay_table_dense(lay_table_t *t) { t->dense = true; }

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
	for (int c = 0; c < t->ncols; c++) {
		if (wraps(t, c) && min[c] < 40)
			min[c] = nat[c] < 40 ? nat[c] : 40;
		// Figures keep a wider gap from what stands at their left than text needs.
		if (!wraps(t, c) && t->align[c] != LAY_LEFT) {
			float more = (t->align[c] == LAY_CENTRE ? 2 : 1) * (FIG_PAD - CELL_PAD);
			nat[c] += more, min[c] += more, head1[c] += more;
		}
	}
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
//              strict: the text columns must get TEXT_SHARE of the width (or all they need),
//              else they may shrink to their least widths.
static bool
fit_at(lay_t *d, const lay_table_t *t, float size, grid_t *g, bool strict)
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
	float want = wnat < TEXT_SHARE * LAY_WIDTH ? wnat : TEXT_SHARE * LAY_WIDTH;
	if (fixed + (strict && want > wmin ? want : wmin) > LAY_WIDTH)
		return false;
	// Shrink the text columns towards their least widths, in proportion to what they can give.
	float give = LAY_WIDTH - fixed - wmin, can = wnat - wmin;
	for (int c = 0; c < t->ncols; c++)
		if (g->wrap[c])
			g->w[c] = min[c] + (nat[c] - min[c]) * give / can;
	return true;
}

// 'fit_table()' - Decide size and column widths.  Long text wraps in its columns, which keep
//                 a fair share of the width: the font shrinks first (to 6.5 pt), for the
//                 figures, which never wrap.  Only a table with too many figures for that
//                 squeezes its text columns further (at 6.5 pt, then 6 pt).
static void
fit_table(lay_t *d, const lay_table_t *t, grid_t *g)
{
	float size = t->size;
	bool fitted = false;

	for (; size >= TABLE_MIN_SIZE - 0.01f && !fitted; size -= fitted ? 0 : 0.5f)
		fitted = fit_at(d, t, size, g, true);
	// Too many figures for the share even at 6.5 pt: the text columns take what is left at the
	// least size (the most they can have), or less at 6 pt.
	if (!fitted)
		size = t->size < TABLE_MIN_SIZE ? t->size : TABLE_MIN_SIZE;
	for (; !fitted; size -= 0.5f) {
		if (fit_at(d, t, size, g, false))
			break;
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
	}
	g->size = size;
	g->lh = lay_line_height(size);
	g->vpad = t->dense ? DENSE_VPAD : CELL_VPAD;
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
	r->h = (float)(most - 1) * g->lh + g->size * (BASELINE_FACTOR + 0.3f) + 2 * g->vpad;
}

// 'draw_cells()' - The text of a wrapped row whose top is at top.
static void
draw_cells(lay_t *d, const lay_table_t *t, const grid_t *g, char *const *texts, const cell_t *cells,
           lay_face_t face, lay_rgb_t colour, const row_lines_t *r, float top)
{
	float x = LAY_X0;

	for (int c = 0; c < t->ncols; c++) {
		float base = top - g->vpad - g->size * BASELINE_FACTOR;
		if (cells != NULL && cells[c].badge) {
			float bs = g->size * 0.9f, bw = lay_badge_width(d, bs, "") +
			           width_enc(d, LAY_BOLD, bs, texts[c], strlen(texts[c]));
			lay_fill_colour(d, cells[c].fill);
			lay_stroke_colour(d, lay_ink);
			lay_line_width(d, 0.5f);
			round_rect(d, x + (g->w[c] - bw) / 2, base - 0.4f * bs, bw, 1.45f * bs, 0.3f * bs);
			lay_fill_stroke(d);
			show_aligned(d, x + g->w[c] / 2, base, LAY_BOLD, bs, LAY_CENTRE, cells[c].ink,
			             texts[c], strlen(texts[c]));
			x += g->w[c];
			continue;
		}
		for (int k = 0; k < r->l[c].n; k++) {
			const span_t *s = &r->l[c].v[k];
			float tx = t->align[c] == LAY_RIGHT ? x + g->w[c] - CELL_PAD :
			           t->align[c] == LAY_CENTRE ? x + g->w[c] / 2 : x + CELL_PAD;
			show_aligned(d, tx, base - (float)k * g->lh, face, g->size, t->align[c], colour,
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
		show_enc(d, LAY_BOLD, 8, LAY_X0, d->y - 8 * BASELINE_FACTOR, lay_muted, cap, strlen(cap));
		d->y -= lay_line_height(8) + 2;
		free(cap);
	}
	for (int c = 0; c < t->ncols; c++)
		texts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, g, t->ncols, texts, badge, LAY_BOLD, true, &r);
	fill_rect(d, LAY_X0, d->y - r.h, g->width, r.h, lay_navy, false);
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
		fill_rect(d, LAY_X0, d->y - r->h, g->width, r->h, total_fill, false);
	else if (zebra % 2 == 1)
		fill_rect(d, LAY_X0, d->y - r->h, g->width, r->h, lay_zebra, false);
	lay_line_width(d, (flags & LAY_ROW_TOTAL) ? 0.9f : 0.3f);
	lay_stroke_colour(d, (flags & LAY_ROW_TOTAL) ? lay_ink : lay_rule);
	lay_move_to(d, LAY_X0, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	lay_line_to(d, LAY_X0 + g->width, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	lay_stroke(d);
	draw_cells(d, t, g, texts, cells, flags ? LAY_BOLD : LAY_REGULAR, lay_ink, r, d->y);
	d->y -= r->h;
}

#define MIN_ROWS 3	// a table broken across pages leaves at least this many rows on each

// 'keep_height()' - What must fit below the cursor before the table starts: all of a short
//                   table (up to 2 * MIN_ROWS - 1 rows, or 120 points), else the header and
//                   2 * MIN_ROWS - 1 rows, so that MIN_ROWS stay when some go on with the last.
static float
keep_height(lay_t *d, const lay_table_t *t, const grid_t *g, float head)
{
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	float all = head;

	for (int i = 0; i < rows; i++)
		all += row_height(d, t, g, i);
	if (all <= 120 || rows < 2 * MIN_ROWS)
		return all;
	all = head;
	for (int i = 0; i < rows && i < 2 * MIN_ROWS - 1; i++)
		all += row_height(d, t, g, i);
	return all;
}

// 'plan_breaks()' - The rows that start a new page (into brk; O - how many), for a table whose
//                   rows are h[] high and whose first row starts at y; a page repeats the
//                   caption (cap high) and the header (head).  Rows go on while they fit; then
//                   the last page is given MIN_ROWS rows at least, taken from the page before.
static int
plan_breaks(const lay_t *d, const float *h, int rows, float y, float cap, float head, int *brk)
{
	int nb = 0;

	for (int i = 0; i < rows; i++) {
		// A row taller than a page goes on anyway, at the top of one.
		if (y - h[i] < d->bottom && y < d->top - head - 30) {
			brk[nb++] = i;
			y = d->top - cap - head;
		}
		y -= h[i];
	}
	if (nb > 0 && rows - brk[nb - 1] < MIN_ROWS) {
		int last = brk[nb - 1], before = last - (nb > 1 ? brk[nb - 2] : 0);
		int move = MIN_ROWS - (rows - last);
		float need = cap + head;

		if (move > before - MIN_ROWS)
			move = before - MIN_ROWS;
		for (int i = last - (move > 0 ? move : 0); i < rows; i++)
			need += h[i];
		// The last page must hold what it is given.
		while (move > 0 && need > d->top - d->bottom) {
			need -= h[last - move];
			move--;
		}
		if (move > 0)
			brk[nb - 1] -= move;
	}
	return nb;
}

// 'fitted_header_height()' - Fit the table's columns into g; O - the height of its header row.
static float
fitted_header_height(lay_t *d, lay_table_t *t, grid_t *g)
{
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };

	fit_table(d, t, g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	return hr.h;
}

// 'lay_table_keep()' - What must fit below the cursor before the table may start there.
float
lay_table_keep(lay_t *d, lay_table_t *t)
{
	grid_t g;
	float head = fitted_header_height(d, t, &g);

	return keep_height(d, t, &g, head);
}

// 'lay_table_height()' - The height of the whole table as if it fitted on one page.
float
lay_table_height(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	float h = fitted_header_height(d, t, &g) + 4;

	for (int i = 0; i < rows; i++)
		h += row_height(d, t, &g, i);
	return h;
}

// 'lay_table_draw()' - Draw a table at the cursor, continuing on new pages with its header
//                      repeated, never carrying fewer than MIN_ROWS rows to the last page.
void
lay_table_draw(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols, nb, next = 0;
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };
	row_lines_t *r = xcalloc((size_t)(rows > 0 ? rows : 1), sizeof *r);
	float *h = xmalloc((size_t)(rows > 0 ? rows : 1) * sizeof *h);
	int *brk = xmalloc((size_t)(rows > 0 ? rows : 1) * sizeof *brk);
	float cap = t->caption != NULL ? lay_line_height(8) + 2 : 0;

	fit_table(d, t, &g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, &g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	for (int row = 0; row < rows; row++) {
		char *texts[MAX_COLS];
		bool badge[MAX_COLS];
		row_texts(t, row, texts, badge);
		wrap_row(d, &g, t->ncols, texts, badge, row_flags(t, row) ? LAY_BOLD : LAY_REGULAR, false, &r[row]);
		h[row] = r[row].h;
	}
	lay_need(d, keep_height(d, t, &g, hr.h));
	draw_header(d, t, &g, false);
	nb = plan_breaks(d, h, rows, d->y, cap, hr.h, brk);
	for (int row = 0, zebra = 0; row < rows; row++, zebra++) {
		char *texts[MAX_COLS];
		bool badge[MAX_COLS];

		row_texts(t, row, texts, badge);
		if (next < nb && brk[next] == row) {
			next++;
			lay_new_page(d);
			draw_header(d, t, &g, true);
			zebra = 0;
		}
		draw_row(d, t, &g, row, &r[row], texts, zebra);
		for (int c = 0; c < MAX_COLS; c++)
			free(r[row].l[c].v);
	}
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	free(r);
	free(h);
	free(brk);
	d->y -= 4;
}

/*
 * Furniture and saving.
 */

// 'marking_extra()' - How much further in from the top and the bottom the furniture goes to
//                     make room for a marking of more than one line.
static float
marking_extra(const lay_t *d)
{
	return (float)(d->mark_lines - 1) * d->mark_size * MARK_LEADING;
}

// 'draw_furniture()' - Marking top and bottom, running header and footer of page i of n.
static void
draw_furniture(lay_t *d, int i, int n)
{
	char pageno[48], left[512];
	float rw, lh = d->mark_size * MARK_LEADING, extra = marking_extra(d);

	// The marking is the first and the last text of the page, however many lines it takes.
	for (int k = 0; k < d->mark_lines; k++) {
		show_aligned(d, LAY_PAGE_W / 2, LAY_PAGE_H - 34 - (float)k * lh, LAY_BOLD, d->mark_size, LAY_CENTRE,
		             lay_ink, d->mark[k], strlen(d->mark[k]));
		show_aligned(d, LAY_PAGE_W / 2, 30 + (float)(d->mark_lines - 1 - k) * lh, LAY_BOLD, d->mark_size,
		             LAY_CENTRE, lay_ink, d->mark[k], strlen(d->mark[k]));
	}

	// Running header: the unit at the left, the month at the right; a long unit is shortened.
	rw = width_enc(d, LAY_REGULAR, 8, d->header_right, strlen(d->header_right));
	show_aligned(d, LAY_X1, LAY_PAGE_H - 52 - extra, LAY_REGULAR, 8, LAY_RIGHT, lay_muted, d->header_right,
	             strlen(d->header_right));
	snprintf(left, sizeof left, "%s", d->header_left);
	ellipsize(d, LAY_BOLD, 8, left, LAY_WIDTH - rw - 18);
	show_enc(d, LAY_BOLD, 8, LAY_X0, LAY_PAGE_H - 52 - extra, lay_muted, left, strlen(left));

	snprintf(pageno, sizeof pageno, "Page %d of %d", i + 1, n);
	rw = width_enc(d, LAY_REGULAR, 8, pageno, strlen(pageno));
	show_aligned(d, LAY_X1, 48 + extra, LAY_REGULAR, 8, LAY_RIGHT, lay_ink, pageno, strlen(pageno));
	snprintf(left, sizeof left, "%s", d->footer_left);
	ellipsize(d, LAY_REGULAR, 7.5f, left, LAY_WIDTH - rw - 18);
	show_enc(d, LAY_REGULAR, 7.5f, LAY_X0, 48 + extra, lay_muted, left, strlen(left));

	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.5f);
	lay_move_to(d, LAY_X0, LAY_PAGE_H - 58 - extra);
	lay_line_to(d, LAY_X1, LAY_PAGE_H - 58 - extra);
	lay_move_to(d, LAY_X0, 60 + extra);
	lay_line_to(d, LAY_X1, 60 + extra);
	lay_stroke(d);
}

// 'mark_wrap()' - Wrap the marking into at most k lines of the text width at size, as even as
//                 they can be; O - false when it needs more.
static bool
mark_wrap(lay_t *d, float size, int k, lines_t *l)
{
	const char *s = d->marking;
	float lo, hi = LAY_WIDTH;

	wrap_enc(d, LAY_BOLD, size, s, hi, l);
	if (l->n > k)
		return false;
	// The narrowest width that still takes no more than k lines: lines of even length.
	lo = width_enc(d, LAY_BOLD, size, s, strlen(s)) / (float)k - 1;
	for (int step = 0; step < 14 && hi - lo > 0.5f; step++) {
		float mid = (lo + hi) / 2;
		wrap_enc(d, LAY_BOLD, size, s, mid, l);
		if (l->n <= k)
			hi = mid;
		else
			lo = mid;
	}
	wrap_enc(d, LAY_BOLD, size, s, hi, l);
	return true;
}

// 'fit_marking()' - Size and lines of the marking: one line at 9 pt, shrunk to 7 pt if it must,
//                   then wrapped onto two lines (three, four) from 9 pt down to 6.5 pt; what is
//                   longer still ends its fourth line with an ellipsis.  Never off the page.
//                   The flow's top and bottom make room for the lines.
static void
fit_marking(lay_t *d)
{
	const char *s = d->marking;
	size_t n = strlen(s);
	lines_t l = { 0 };
	float size = MARK_SIZE;
	bool done = false;

	while (size > MARK_MIN && width_enc(d, LAY_BOLD, size, s, n) > LAY_WIDTH)
		size -= 0.5f;
	if (width_enc(d, LAY_BOLD, size, s, n) <= LAY_WIDTH) {
		lines_add(&l, 0, n);
		done = true;
	}
	for (int k = 2; k <= MAX_MARK_LINES && !done; k++)
		for (size = MARK_SIZE; size >= MARK_MIN_WRAPPED && !done; size -= done ? 0 : 0.5f)
			done = mark_wrap(d, size, k, &l);
	if (!done) {
		size = MARK_MIN_WRAPPED;
		wrap_enc(d, LAY_BOLD, size, s, LAY_WIDTH, &l);
	}
	d->mark_size = size;
	d->mark_lines = l.n < 1 ? 1 : l.n < MAX_MARK_LINES ? l.n : MAX_MARK_LINES;
	for (int i = 0; i < d->mark_lines; i++) {
		// The last line of a marking longer still holds the rest, cut short with an ellipsis.
		size_t off = i < l.n ? l.v[i].off : 0;
		size_t len = i >= l.n ? 0 : i + 1 < d->mark_lines || l.n <= MAX_MARK_LINES ? l.v[i].len : n - off;
		d->mark[i] = xmalloc(len + 4);
		memcpy(d->mark[i], s + off, len);
		d->mark[i][len] = '\0';
	}
	if (l.n > MAX_MARK_LINES)
		ellipsize(d, LAY_BOLD, size, d->mark[MAX_MARK_LINES - 1], LAY_WIDTH);
	free(l.v);
	d->top = LAY_TOP - marking_extra(d);
	d->bottom = LAY_BOTTOM + marking_extra(d);
}

/*
 * Content streams are deflated here, at zlib's level 1, rather than by libharu, whose level is
 * fixed at zlib's default (6): on these streams that took half of a document's time, for 15%
 * fewer bytes.  zlib is the one libharu itself is linked with.
 */

#define CONTENT_LEVEL 1

// One zlib stream for the pages of a document, and the bytes of the page it deflated last.
typedef struct deflater {
	z_stream z;
	bool live;
	buf_t out;
} deflater_t;

// 'deflate_ops()' - A page's operators, deflated, into its content stream; O - false, with
//                   nothing written, when zlib fails (libharu then writes them as they are).
static bool
deflate_ops(lay_t *d, const page_t *pg, deflater_t *zd)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->h->attr;
	z_stream *z = &zd->z;
	int rc;

	if (!zd->live && deflateInit(z, CONTENT_LEVEL) != Z_OK)
		return false;
	if (zd->live && deflateReset(z) != Z_OK)
		return false;
	zd->live = true;
	buf_reset(&zd->out);
	z->next_in = (Bytef *)pg->ops.data;
	z->avail_in = (uInt)pg->ops.len;
	do {
		size_t room = pg->ops.len / 4 + 64;
		z->next_out = (Bytef *)buf_reserve(&zd->out, room);
		z->avail_out = (uInt)room;
		rc = deflate(z, Z_FINISH);
		zd->out.len += room - z->avail_out;
	} while (rc == Z_OK);
	if (rc != Z_STREAM_END)
		return false;
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)zd->out.data, (HPDF_UINT)zd->out.len) != HPDF_OK)
		fail(d, HPDF_Error_GetCode(pg->h->error));
	// Written as it is, with its filter named as libharu names it.
	attr->contents->filter = HPDF_STREAM_FILTER_NONE;
	attr->contents->write_fn = write_flate;
	return true;
}

// 'read_out()' - Copy the saved document from libharu's memory stream into out, buffer by buffer.
static void
read_out(lay_t *d, buf_t *out)
{
	HPDF_Stream s = d->pdf->stream;
	HPDF_UINT n = HPDF_MemStream_GetBufCount(s), len;

	for (HPDF_UINT i = 0; i < n; i++) {
		const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
		if (p == NULL)
			break;
		buf_add(out, p, len);
	}
}

// 'lay_save()' - Furniture on every page, then the document into out.
int
lay_save(lay_t *d, buf_t *out)
{
	size_t start = out->len;

	if (d->n_pages == 0)
		lay_new_page(d);
	for (int i = 0; i < d->n_pages; i++) {
		d->target = i;
		draw_furniture(d, i, d->n_pages);
	}
	d->target = d->n_pages - 1;
	// Each page's operators go into its content stream in one piece, deflated.
	deflater_t zd = { .live = false };
	buf_init(&zd.out);
	for (int i = 0; i < d->n_pages && d->error == HPDF_OK; i++) {
		const page_t *pg = &d->pages[i];
		HPDF_PageAttr attr = (HPDF_PageAttr)pg->h->attr;
		if (pg->ops.len > 0 && !deflate_ops(d, pg, &zd) && d->error == HPDF_OK &&
		    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)pg->ops.data, (HPDF_UINT)pg->ops.len) != HPDF_OK)
			fail(d, HPDF_Error_GetCode(pg->h->error));
	}
	if (zd.live)
		deflateEnd(&zd.z);
	buf_free(&zd.out);
	// The fonts' descriptors and programs, from the run's kept programs where it has them.
	for (int f = 0; f < 2 && d->error == HPDF_OK; f++)
		if (!embed_font(d, f))
			fail(d, HPDF_Error_GetCode(d->font[f]->error));
	if (d->error == HPDF_OK)
		HPDF_SaveToStream(d->pdf);
	if (d->error == HPDF_OK)
		read_out(d, out);
	if (d->error != HPDF_OK || out->len == start) {
		roit_error("libharu error 0x%04X (detail %u) while making a PDF", (unsigned)d->error,
		           (unsigned)d->detail);
		return ROIT_EX_SOFTWARE;
	}
	return ROIT_OK;
}
