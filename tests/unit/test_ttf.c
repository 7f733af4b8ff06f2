// Unit tests of the TrueType check (ttf.c): real fonts pass; a font broken where libharu would
// divide by zero, or read or write outside its tables, is refused with a reason.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ttf.h"

static char fontdir[4096];

// 'find_fonts()' - The project's fonts/, from this file's path (as tests/unit/fixture.h finds it).
static void
find_fonts(void)
{
	const char *t = strstr(__FILE__, "tests/unit/");

	snprintf(fontdir, sizeof fontdir, "%.*sfonts", t ? (int)(t - __FILE__) : 0, __FILE__);
}

// One font file's bytes.
typedef struct bytes {
	unsigned char *b;
	size_t n;
} bytes_t;

static bytes_t
load(const char *path)
{
	bytes_t f = { NULL, 0 };
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return f;
	fseek(fp, 0, SEEK_END);
	f.n = (size_t)ftell(fp);
	rewind(fp);
	f.b = malloc(f.n + 1);
	assert_non_null(f.b);
	assert_int_equal(fread(f.b, 1, f.n, fp), f.n);
	fclose(fp);
	return f;
}

static bytes_t
regular(void)
{
	char path[4200];

	find_fonts();
	snprintf(path, sizeof path, "%s/LiberationSans-Regular.ttf", fontdir);
	bytes_t f = load(path);
	assert_non_null(f.b);
	return f;
}

static unsigned get16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t get32(const unsigned char *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v; }

// 'table()' - Where a table is in the font (its offset; its length in *len).
static size_t
table(const bytes_t *f, const char *tag, size_t *len)
{
	for (unsigned i = 0; i < get16(f->b + 4); i++) {
		const unsigned char *r = f->b + 12 + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			if (len)
				*len = get32(r + 12);
			return get32(r + 8);
		}
	}
	fail_msg("no %s table", tag);
	return 0;
}

// 'refused()' - The font is refused, for a reason that says want.
static void
refused(const bytes_t *f, const char *want)
{
	char why[160];

	assert_false(ttf_usable(f->b, f->n, why, sizeof why));
	if (strstr(why, want) == NULL)
		fail_msg("refused for \"%s\", not for \"%s\"", why, want);
}

// The fonts the program ships, and Debian's full ones where they are installed.
static void
test_real_fonts(void **state)
{
	static const char *const system[] = {
		"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
		"/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	};
	char path[4200], why[160];
	(void)state;

	find_fonts();
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/LiberationSans-%s.ttf", fontdir, i ? "Bold" : "Regular");
		bytes_t f = load(path);
		assert_non_null(f.b);
		if (!ttf_usable(f.b, f.n, why, sizeof why))
			fail_msg("%s refused: %s", path, why);
		free(f.b);
	}
	for (size_t i = 0; i < sizeof system / sizeof system[0]; i++) {
		bytes_t f = load(system[i]);
		if (f.b == NULL)
			continue;
		if (!ttf_usable(f.b, f.n, why, sizeof why))
			fail_msg("%s refused: %s", system[i], why);
		free(f.b);
	}
}

// Short files and files that are not TrueType: the 8-byte font that crashed libharu, the start of
// a real font, nothing at all, an OpenType CFF font, a text file.
static void
test_not_truetype(void **state)
{
	bytes_t f = regular();
	(void)state;

	for (size_t n = 0; n < 12; n++) {
		bytes_t cut = { f.b, n };
		refused(&cut, "too short");
	}
	bytes_t head = { f.b, 3000 };
	refused(&head, "past the end of the file");
	memcpy(f.b, "OTTO", 4);
	refused(&f, "PostScript");
	memcpy(f.b, "ttcf", 4);
	refused(&f, "collection");
	memcpy(f.b, "<htm", 4);
	refused(&f, "not a TrueType font");
	free(f.b);
}

// Each field libharu divides by, counts with, or indexes by, made wrong in turn.
static void
test_broken_tables(void **state)
{
	size_t off, len;
	(void)state;

	bytes_t f = regular();
	put16(f.b + table(&f, "head", NULL) + 18, 0);		// units per em: libharu divides by it
	refused(&f, "units per em");
	free(f.b);

	f = regular();
	put16(f.b + table(&f, "maxp", NULL) + 4, 0);		// no glyphs: it writes flgs[0] of none
	refused(&f, "no glyphs");
	free(f.b);

	f = regular();
	off = table(&f, "hhea", NULL);
	put16(f.b + off + 34, get16(f.b + table(&f, "maxp", NULL) + 4) + 1);	// more metrics than glyphs
	refused(&f, "horizontal metrics");
	free(f.b);

	f = regular();
	put16(f.b + 4, 0);					// an empty directory
	refused(&f, "holds 0 tables");
	free(f.b);

	f = regular();
	for (unsigned i = 0; i < get16(f.b + 4); i++)
		if (memcmp(f.b + 12 + 16 * i, "cmap", 4) == 0)
			memcpy(f.b + 12 + 16 * i, "xmap", 4);	// the character map gone
	refused(&f, "no 'cmap' table");
	free(f.b);

	f = regular();
	off = table(&f, "loca", &len);				// glyph 2 starts after glyph 3
	assert_true(len > 8);
	put16(f.b + off + 2 * 2, 0x7FFF);
	refused(&f, "lies outside the glyph table");
	free(f.b);

	f = regular();
	put16(f.b + table(&f, "OS/2", NULL) + 8, 0x0002);	// restricted licence
	refused(&f, "embedded");
	free(f.b);
}

// The character map: its last segment must end at U+FFFF (libharu reads past the arrays
// otherwise) and no code may map past the glyphs (libharu indexes by it unchecked).
static void
test_broken_cmap(void **state)
{
	(void)state;
	bytes_t f = regular();
	size_t cmap = table(&f, "cmap", NULL), sub = 0;

	for (unsigned i = 0; i < get16(f.b + cmap + 2); i++) {
		const unsigned char *r = f.b + cmap + 4 + 8 * i;
		if (get16(r) == 3 && get16(r + 2) == 1)
			sub = cmap + get32(r + 4);
	}
	assert_true(sub != 0);
	unsigned segx2 = get16(f.b + sub + 6);
	unsigned char *end = f.b + sub + 14, *delta = end + 2 * segx2 + 2;

	put16(end + segx2 - 2, 0xFFFE);
	refused(&f, "U+FFFF");
	put16(end + segx2 - 2, 0xFFFF);
	assert_true(ttf_usable(f.b, f.n, (char[160]){ 0 }, 160));
	put16(delta, get16(delta) + 30000);			// the first segment's codes past the glyphs
	refused(&f, "maps U+");
	free(f.b);
}

static void put32(unsigned char *p, uint32_t v) { put16(p, v >> 16), put16(p + 2, v & 0xFFFF); }

// 'entry()' - A table's record in the directory.
static unsigned char *
entry(const bytes_t *f, const char *tag)
{
	for (unsigned i = 0; i < get16(f->b + 4); i++)
		if (memcmp(f->b + 12 + 16 * i, tag, 4) == 0)
			return f->b + 12 + 16 * i;
	fail_msg("no %s table", tag);
	return NULL;
}

// 'set_len()' - The regular font with a table's length in the directory changed.
static bytes_t
set_len(const char *tag, uint32_t len)
{
	bytes_t f = regular();

	put32(entry(&f, tag) + 12, len);
	return f;
}

// 'with_table()' - The regular font with a table replaced by bytes appended at its end.
static bytes_t
with_table(const char *tag, const unsigned char *t, size_t len)
{
	bytes_t f = regular();
	unsigned char *b = realloc(f.b, f.n + len);

	assert_non_null(b);
	memcpy(b + f.n, t, len);
	f.b = b;
	put32(entry(&f, tag) + 8, (uint32_t)f.n);
	put32(entry(&f, tag) + 12, (uint32_t)len);
	f.n += len;
	return f;
}

// Tables cut short or missing, each where libharu would read past it.
static void
test_short_tables(void **state)
{
	static const struct { const char *tag; uint32_t len; const char *why; } cases[] = {
		{ "head", 10, "'head' table is 10 bytes, too short" },
		{ "hmtx", 0, "'hmtx' table is too short" },
		{ "loca", 2, "'loca' table is too short" },
		{ "OS/2", 78, "'OS/2' table is too short for its version" },
		{ "post", 8, "'post' table is too short" },
		{ "name", 4, "'name' table is 4 bytes, too short" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bytes_t f = set_len(cases[i].tag, cases[i].len);
		refused(&f, cases[i].why);
		free(f.b);
	}
	bytes_t f = regular();
	bytes_t dir = { f.b, 12 + 16 * (size_t)get16(f.b + 4) - 1 };
	refused(&dir, "table directory runs past the end");
	memcpy(entry(&f, "glyf"), "xlyf", 4);
	refused(&f, "no 'glyf' table");
	free(f.b);
	f = regular();
	put16(f.b + table(&f, "head", NULL) + 50, 2);
	refused(&f, "index-to-location format is 2");
	free(f.b);
}

// The name table: records past it, a string outside it, no PostScript name, one too long for
// libharu's buffer, empty, or not printable ASCII.
static void
test_odd_names(void **state)
{
	(void)state;
	bytes_t f = regular();
	size_t nm = table(&f, "name", NULL), ps = 0;

	put16(f.b + nm + 2, 0xFFFF);
	refused(&f, "records run past it");
	free(f.b);
	for (int k = 0; k < 5; k++) {
		f = regular();
		for (unsigned i = 0; i < get16(f.b + nm + 2); i++) {
			unsigned char *r = f.b + nm + 6 + 12 * i;
			if (get16(r + 6) != 6)
				continue;
			ps = nm + get16(f.b + nm + 4) + get16(r + 10);
			if (k == 0)
				put16(r + 10, 0xFFF0);		// its string outside the table
			if (k == 1)
				put16(r + 6, 7);		// no PostScript name
			if (k == 2)
				put16(r + 8, 240);		// longer than libharu's buffer
			if (k == 3)
				put16(r + 8, 0);		// empty
			if (k == 4)
				f.b[ps + 1] = ' ';		// "Liberation Sans" is no PDF name
		}
		static const char *const why[] = { "lies outside its name table", "lacks the PostScript name",
		                                   "longer than 119 bytes", "is empty", "not printable ASCII" };
		refused(&f, why[k]);
		free(f.b);
	}
}

// The character map's directory and format 4 sub-table, made wrong in turn.
static void
test_odd_cmap(void **state)
{
	(void)state;
	bytes_t f = regular();
	size_t cmap = table(&f, "cmap", NULL);

	put16(f.b + cmap, 1);
	refused(&f, "character map is of version 1");
	put16(f.b + cmap, 0);
	put16(f.b + cmap + 2, 0xFFFF);
	refused(&f, "directory runs past its table");
	free(f.b);

	f = regular();
	put32(f.b + cmap + 4 + 4, 0xFFFFFF);
	refused(&f, "sub-table 1 lies outside it");
	free(f.b);

	f = regular();
	for (unsigned i = 0; i < get16(f.b + cmap + 2); i++)
		put16(f.b + cmap + 4 + 8 * i, 2);		// ISO platform: none libharu reads
	refused(&f, "no Unicode or Mac Roman character map");
	free(f.b);

	for (int k = 0; k < 2; k++) {
		f = regular();
		for (unsigned i = 0; i < get16(f.b + cmap + 2); i++) {
			size_t sub = cmap + get32(f.b + cmap + 4 + 8 * i + 4);
			if (k == 0)
				put16(f.b + sub + 6, 3);		// an odd segment count
			else
				put16(f.b + sub + 2, 16);		// a length without room for its segments
		}
		refused(&f, k == 0 ? "has 3/2 segments" : "does not hold its");
		free(f.b);
	}
}

// A character map of libharu's second choice, Mac Roman format 0: good, cut short, or mapping a
// code past the glyphs; a format 4 one whose ranges point into, past and just at the end of its
// glyph index array; one cut before its header ends.
static void
test_built_cmaps(void **state)
{
	unsigned char t[4 + 8 + 262] = { 0 }, *sub = t + 12;
	(void)state;

	put16(t + 2, 1);
	put16(t + 4, 1), put16(t + 6, 0), put32(t + 8, 12);	// Mac Roman, at 12
	put16(sub + 2, 262);
	for (int k = 0; k < 256; k++)
		sub[6 + k] = (unsigned char)k;
	bytes_t f = with_table("cmap", t, sizeof t);
	assert_true(ttf_usable(f.b, f.n, (char[160]){ 0 }, 160));
	// 100 glyphs: codes from 100 up map past them.
	put16(f.b + table(&f, "maxp", NULL) + 4, 100);
	put16(f.b + table(&f, "hhea", NULL) + 34, 100);
	refused(&f, "maps code 100 to glyph 100 of 100");
	free(f.b);
	f = with_table("cmap", t, 12 + 100);
	refused(&f, "Mac Roman character map is cut short");
	free(f.b);

	// Format 4, two segments: 'A' through idRangeOffset, then U+FFFF; no glyph index array.
	unsigned char m[12 + 16 + 4 * 4] = { 0 }, *s4 = m + 12;
	put16(m + 2, 1);
	put16(m + 4, 3), put16(m + 6, 1), put32(m + 8, 12);
	put16(s4, 4), put16(s4 + 2, 16 + 4 * 4), put16(s4 + 6, 4);
	put16(s4 + 14, 'A'), put16(s4 + 16, 0xFFFF);		// ends
	put16(s4 + 20, 'A'), put16(s4 + 22, 0xFFFF);		// starts
	put16(s4 + 24, 0), put16(s4 + 26, 1);			// deltas
	put16(s4 + 28, 6), put16(s4 + 30, 0);			// range offsets: 'A' past the array
	f = with_table("cmap", m, sizeof m);
	assert_true(ttf_usable(f.b, f.n, (char[160]){ 0 }, 160));
	free(f.b);
	put16(s4 + 28, 4);					// 'A' at the array's end
	f = with_table("cmap", m, sizeof m);
	refused(&f, "points past its glyph index array");
	free(f.b);
	f = with_table("cmap", m, 12 + 10);
	refused(&f, "character map is cut short");
	free(f.b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_fonts),
		cmocka_unit_test(test_not_truetype),
		cmocka_unit_test(test_broken_tables),
		cmocka_unit_test(test_broken_cmap),
		cmocka_unit_test(test_short_tables),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_odd_cmap),
		cmocka_unit_test(test_built_cmaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
