// A font file's bytes → usable as a TrueType font by libharu, or the reason not.
//
// libharu's TrueType loader trusts the file: a count of zero glyphs, a units-per-em of zero, a
// character map whose last segment does not end at U+FFFF or that maps a code past the glyphs,
// more horizontal metrics than glyphs, make it divide by zero or read and write outside its
// tables (an 8-byte font file killed the run with SIGSEGV).  Everything it reads is checked
// here first, the way it reads it (hpdf_fontdef_tt.c of libharu 2.3.0).
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "roit.h"
#include "ttf.h"

#define MAX_TABLES (10000 / 16)	// libharu refuses a directory of more (HPDF_TTF_MAX_MEM_SIZ)

typedef struct table {
	size_t off, len;
} table_t;

// The file and where the reason goes.
typedef struct font {
	const unsigned char *b;
	size_t n;
	int ntables;
	char *why;
	size_t size;
} font_t;

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t u32(const unsigned char *p) { return (uint32_t)u16(p) << 16 | u16(p + 2); }

static bool no(font_t *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// 'no()' - Give the reason; O - false
static bool
no(font_t *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->why, f->size, fmt, ap);
	va_end(ap);
	return false;
}

// 'find()' - A table of the directory by its tag, as libharu finds it (the first of that tag).
static bool
find(const font_t *f, const char *tag, table_t *t)
{
	for (int i = 0; i < f->ntables; i++) {
		const unsigned char *r = f->b + 12 + 16 * (size_t)i;

		if (memcmp(r, tag, 4) == 0) {
			t->off = u32(r + 8);
			t->len = u32(r + 4 + 8);
			return true;
		}
	}
	return false;
}

// 'need()' - A table that must be there, at least min bytes long.
static bool
need(font_t *f, const char *tag, size_t min, table_t *t)
{
	if (!find(f, tag, t))
		return no(f, "no '%s' table", tag);
	if (t->len < min)
		return no(f, "its '%s' table is %zu bytes, too short", tag, t->len);
	return true;
}

// 'check_directory()' - The offset table and every table inside the file.
static bool
check_directory(font_t *f)
{
	if (f->n < 12)
		return no(f, "%zu bytes, too short for a font", f->n);
	uint32_t version = u32(f->b);
	if (version == 0x4F54544FU)
		return no(f, "an OpenType font with PostScript (CFF) outlines, not TrueType");
	if (version == 0x74746366U)
		return no(f, "a font collection (.ttc), not a single TrueType font");
	if (version != 0x00010000U && version != 0x74727565U)
		return no(f, "not a TrueType font (it does not start as one)");
	f->ntables = (int)u16(f->b + 4);
	if (f->ntables == 0 || f->ntables > MAX_TABLES)
		return no(f, "its table directory holds %d tables", f->ntables);
	if (12 + 16 * (size_t)f->ntables > f->n)
		return no(f, "its table directory runs past the end of the file");
	for (int i = 0; i < f->ntables; i++) {
		const unsigned char *r = f->b + 12 + 16 * (size_t)i;

		if ((uint64_t)u32(r + 8) + u32(r + 12) > f->n)
			return no(f, "its table %d runs past the end of the file", i + 1);
	}
	return true;
}

// 'check_cmap4()' - A format 4 sub-table (at sub, rem bytes left in cmap): every code libharu can
//                   look up maps to a glyph there is, through arrays inside the table.
static bool
check_cmap4(font_t *f, const unsigned char *sub, size_t rem, unsigned glyphs)
{
	if (rem < 14)
		return no(f, "its character map is cut short");
	size_t length = u16(sub + 2), segx2 = u16(sub + 6), seg = segx2 / 2;
	if (segx2 == 0 || segx2 % 2 != 0)
		return no(f, "its character map has %zu/2 segments", segx2);
	if (length > rem || length < 16 + 4 * segx2)
		return no(f, "its character map's length (%zu) does not hold its %zu segments", length, seg);
	const unsigned char *end = sub + 14, *start = end + segx2 + 2, *delta = start + segx2;
	const unsigned char *range = delta + segx2, *ids = range + segx2;
	size_t nids = (length - 16 - 4 * segx2) / 2;
	// libharu takes the first segment whose end is at or past the code: the last must end at U+FFFF.
	if (u16(end + segx2 - 2) != 0xFFFF)
		return no(f, "its character map's last segment does not end at U+FFFF");
	long claimed = -1;	// codes up to here belong to an earlier segment
	for (size_t i = 0; i < seg; i++) {
		long e = (long)u16(end + 2 * i), s = (long)u16(start + 2 * i);
		unsigned d = u16(delta + 2 * i), ro = u16(range + 2 * i);

		for (long c = (claimed + 1 > s ? claimed + 1 : s); c <= e; c++) {
			unsigned gid;

			if (ro == 0) {
				gid = ((unsigned)c + d) & 0xFFFF;
			} else {
				// In libharu's unsigned arithmetic; past the array it gives glyph 0, at its end it reads one too far.
				unsigned idx = ro / 2 + (unsigned)(c - s) - (unsigned)(seg - i);
				if (idx > nids)
					continue;
				if (idx == nids)
					return no(f, "its character map points past its glyph index array");
				gid = (u16(ids + 2 * (size_t)idx) + d) & 0xFFFF;
			}
			if (gid >= glyphs)
				return no(f, "its character map maps U+%04lX to glyph %u of %u", (unsigned long)c, gid, glyphs);
		}
		if (e > claimed)
			claimed = e;
	}
	return true;
}

// 'check_cmap()' - The character map libharu picks: Windows Unicode (3,1) format 4 first, else Mac
//                  Roman (1,0) format 0, else Unicode (0,3) format 4; an offset of 0 counts as none.
static bool
check_cmap(font_t *f, unsigned glyphs)
{
	table_t t;
	size_t ms = 0, mac = 0, uni = 0;

	if (!need(f, "cmap", 4, &t))
		return false;
	const unsigned char *c = f->b + t.off;
	size_t count = u16(c + 2);
	if (u16(c) != 0)
		return no(f, "its character map is of version %u", u16(c));
	if (4 + 8 * count > t.len)
		return no(f, "its character map's directory runs past its table");
	for (size_t i = 0; i < count && ms == 0; i++) {
		const unsigned char *r = c + 4 + 8 * i;
		unsigned platform = u16(r), encoding = u16(r + 2);
		size_t off = u32(r + 4);

		if (off + 2 > t.len)
			return no(f, "its character map's sub-table %zu lies outside it", i + 1);
		unsigned format = u16(c + off);
		if (platform == 3 && encoding == 1 && format == 4)
			ms = off;
		if (platform == 1 && encoding == 0 && format == 0)
			mac = off;
		if (platform == 0 && encoding == 3 && format == 4)
			uni = off;
	}
	if (ms != 0 || (mac == 0 && uni != 0))
		return check_cmap4(f, c + (ms ? ms : uni), t.len - (ms ? ms : uni), glyphs);
	if (mac == 0)
		return no(f, "no Unicode or Mac Roman character map");
	if (mac + 6 + 256 > t.len)
		return no(f, "its Mac Roman character map is cut short");
	for (int k = 0; k < 256; k++)
		if (c[mac + 6 + k] >= glyphs)
			return no(f, "its character map maps code %d to glyph %u of %u", k, c[mac + 6 + k], glyphs);
	return true;
}

// 'check_name()' - The PostScript name (ID 6) and subfamily (ID 2) libharu copies into its buffer,
//                  and every string, inside the table.
static bool
check_name(font_t *f)
{
	table_t t;
	size_t len1 = 0, len2 = 0, len1u = 0, len2u = 0, off1 = 0, off1u = 0;
	bool have1 = false, have2 = false;

	if (!need(f, "name", 6, &t))
		return false;
	const unsigned char *nm = f->b + t.off;
	size_t count = u16(nm + 2), strings = u16(nm + 4);
	if (6 + 12 * count > t.len)
		return no(f, "its name table's records run past it");
	for (size_t i = 0; i < count; i++) {
		const unsigned char *r = nm + 6 + 12 * i;
		unsigned platform = u16(r), encoding = u16(r + 2), language = u16(r + 4), id = u16(r + 6);
		size_t len = u16(r + 8), off = u16(r + 10);

		if (strings + off + len > t.len)
			return no(f, "its name %zu lies outside its name table", i + 1);
		bool mac = platform == 1 && encoding == 0, win = platform == 3 && encoding == 1 && language == 0x0409;
		if (id == 6 && mac)
			len1 = len, off1 = strings + off, have1 = true;
		if (id == 6 && win)
			len1u = len, off1u = strings + off, have1 = true;
		if (id == 2 && mac)
			len2 = len, have2 = true;
		if (id == 2 && win)
			len2u = len, have2 = true;
	}
	if (!have1 || !have2)
		return no(f, "its name table lacks the PostScript name or the subfamily");
	// libharu's own rule, and its buffer of 127 bytes.
	size_t l1 = len1 ? len1 : len1u / 2 + len1u % 2, l2 = len2 ? len2 : len2u / 2 + len2u % 2;
	if (l1 + l2 + 8 > 127)
		return no(f, "its PostScript name and subfamily are longer than 119 bytes");
	// The PostScript name becomes a PDF name: printable ASCII, no spaces.
	const unsigned char *ps = nm + (len1 ? off1 : off1u);
	size_t n = len1 ? len1 : len1u, step = len1 ? 1 : 2;
	if (n == 0)
		return no(f, "its PostScript name is empty");
	for (size_t i = step - 1; i < n; i += step)
		if (ps[i] <= ' ' || ps[i] > '~' || (step == 2 && ps[i - 1] != 0))
			return no(f, "its PostScript name is not printable ASCII");
	return true;
}

bool
ttf_usable(const unsigned char *b, size_t n, char *why, size_t size)
{
	font_t f = { b, n, 0, why, size };
	table_t head, maxp, hhea, hmtx, loca, glyf, os2, post;

	if (size > 0)
		why[0] = '\0';
	if (!check_directory(&f))
		return false;
	if (!need(&f, "head", 54, &head) || !need(&f, "maxp", 6, &maxp) || !need(&f, "hhea", 36, &hhea) ||
	    !need(&f, "hmtx", 0, &hmtx) || !need(&f, "loca", 0, &loca) || !need(&f, "glyf", 0, &glyf) ||
	    !need(&f, "OS/2", 78, &os2))
		return false;
	unsigned upem = u16(b + head.off + 18), loc_format = u16(b + head.off + 50);
	if (upem < 16 || upem > 16384)
		return no(&f, "its units per em (%u) is not 16 to 16384", upem);
	if (loc_format > 1)
		return no(&f, "its index-to-location format is %u", loc_format);
	unsigned glyphs = u16(b + maxp.off + 4), metrics = u16(b + hhea.off + 34);
	if (glyphs == 0)
		return no(&f, "it has no glyphs");
	if (metrics == 0 || metrics > glyphs)
		return no(&f, "it has %u horizontal metrics for %u glyphs", metrics, glyphs);
	if (hmtx.len < 4 * (size_t)metrics + 2 * (size_t)(glyphs - metrics))
		return no(&f, "its 'hmtx' table is too short for its glyphs");
	// Glyph offsets in order, and inside the glyph table.
	size_t unit = loc_format ? 4 : 2, prev = 0;
	if (loca.len < unit * ((size_t)glyphs + 1))
		return no(&f, "its 'loca' table is too short for its glyphs");
	for (size_t g = 0; g <= glyphs; g++) {
		const unsigned char *p = b + loca.off + unit * g;
		size_t at = loc_format ? u32(p) : (size_t)u16(p) * 2;

		if (at < prev || at > glyf.len)
			return no(&f, "its glyph %zu lies outside the glyph table", g);
		prev = at;
	}
	if (!check_cmap(&f, glyphs) || !check_name(&f))
		return false;
	unsigned os2_version = u16(b + os2.off), fs_type = u16(b + os2.off + 8);
	if (os2_version >= 2 && os2.len < 90)
		return no(&f, "its 'OS/2' table is too short for its version");
	if (fs_type & (0x0002 | 0x0100 | 0x0200))
		return no(&f, "its licence (OS/2 fsType) does not allow it to be embedded");
	if (find(&f, "post", &post) && post.len < 12)
		return no(&f, "its 'post' table is too short");
	return true;
}

int
ttf_read(const char *path, const char *display, char **bytes, size_t *len)
{
	char why[160];
	int status = csvin_slurp(path, display, TTF_MAX_BYTES, bytes, len, NULL);

	if (status != ROIT_OK)
		return status == ROIT_EX_TEMPFAIL ? status : ROIT_EX_CONFIG;
	if (!ttf_usable((const unsigned char *)*bytes, *len, why, sizeof why)) {
		roit_error("%s: not a usable TrueType font: %s", display, why);
		free(*bytes);
		*bytes = NULL;
		return ROIT_EX_CONFIG;
	}
	return ROIT_OK;
}
