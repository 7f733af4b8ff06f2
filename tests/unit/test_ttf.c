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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_fonts),
		cmocka_unit_test(test_not_truetype),
		cmocka_unit_test(test_broken_tables),
		cmocka_unit_test(test_broken_cmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
