// Unit tests of the one UTF-8 decoder and the Windows-1252 code page (text.c).
#include <iconv.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "csvin.h"
#include "text.h"

// Valid characters of every length, the 4-byte ones included, and their code points.
static void
test_decode_valid(void **state)
{
	static const struct { const char *s; int n; long cp; } cases[] = {
		{ "A", 1, 0x41 }, { "\x7F", 1, 0x7F },
		{ "\xC2\xA3", 2, 0xA3 }, { "\xDF\xBF", 2, 0x7FF },
		{ "\xE2\x80\x94", 3, 0x2014 }, { "\xE0\xA0\x80", 3, 0x800 }, { "\xED\x9F\xBF", 3, 0xD7FF },
		{ "\xEF\xBF\xBD", 3, 0xFFFD },
		{ "\xF0\x9F\x98\x80", 4, 0x1F600 }, { "\xF0\x90\x80\x80", 4, 0x10000 },
		{ "\xF4\x8F\xBF\xBF", 4, 0x10FFFF }, { "\xF3\xA0\x80\x81", 4, 0xE0001 },
	};
	long cp;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(utf8_decode((const unsigned char *)cases[i].s, &cp), cases[i].n);
		assert_int_equal(cp, cases[i].cp);
	}
}

// Malformed input: minus the length of the maximal subpart, the code point -1.
static void
test_decode_invalid(void **state)
{
	static const struct { const char *s; int n; } cases[] = {
		{ "\x80", -1 }, { "\xBF", -1 }, { "\xC0\xAF", -1 }, { "\xC1\xBF", -1 },	// continuation, overlong leads
		{ "\xF5\x80\x80\x80", -1 }, { "\xFF", -1 },
		{ "\xC3", -1 }, { "\xC3" "A", -1 },		// a lead, then the end or ASCII
		{ "\xE2\x82", -2 }, { "\xE2\x82" "A", -2 },	// truncated after two bytes
		{ "\xE0\x80\x80", -1 },			// overlong three-byte form
		{ "\xED\xA0\x80", -1 },			// a surrogate
		{ "\xF0\x8F\xBF\xBF", -1 },		// overlong four-byte form
		{ "\xF4\x90\x80\x80", -1 },		// past U+10FFFF
		{ "\xF0\x9F\x98", -3 }, { "\xF0\x9F\x98" "A", -3 },	// a 4-byte character cut short
	};
	long cp;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(utf8_decode((const unsigned char *)cases[i].s, &cp), cases[i].n);
		assert_int_equal(cp, -1);
	}
}

// The lead bytes' ranges are the ones the decoder applies.
static void
test_lead(void **state)
{
	unsigned lo, hi;

	(void)state;
	assert_int_equal(utf8_lead('a', &lo, &hi), 0);
	assert_int_equal(utf8_lead(0xC2, &lo, &hi), 1);
	assert_int_equal(utf8_lead(0xE0, &lo, &hi), 2);
	assert_int_equal(lo, 0xA0);
	assert_int_equal(utf8_lead(0xED, &lo, &hi), 2);
	assert_int_equal(hi, 0x9F);
	assert_int_equal(utf8_lead(0xF0, &lo, &hi), 3);
	assert_int_equal(lo, 0x90);
	assert_int_equal(utf8_lead(0xF4, &lo, &hi), 3);
	assert_int_equal(hi, 0x8F);
	assert_int_equal(utf8_lead(0x80, &lo, &hi), -1);
	assert_int_equal(utf8_lead(0xC1, &lo, &hi), -1);
	assert_int_equal(utf8_lead(0xF5, &lo, &hi), -1);
}

// Windows-1252: £ is 0xA3; 0x80..0x9F hold the euro, quotes and dashes; five bytes are undefined.
static void
test_cp1252(void **state)
{
	int undefined = 0;

	(void)state;
	assert_int_equal(cp1252_unicode(0xA3), 0xA3);
	assert_int_equal(cp1252_unicode('A'), 'A');
	assert_int_equal(cp1252_unicode(0x80), 0x20AC);
	assert_int_equal(cp1252_unicode(0x92), 0x2019);
	assert_int_equal(cp1252_unicode(0x97), 0x2014);
	assert_int_equal(cp1252_unicode(0x9F), 0x0178);
	for (unsigned b = 0x80; b < 0xA0; b++)
		undefined += cp1252_unicode((unsigned char)b) == 0;
	assert_int_equal(undefined, 5);
	assert_int_equal(cp1252_unicode(0x81), 0);
	assert_int_equal(cp1252_unicode(0x9D), 0);
}

// 'iconv_cp1252()' - glibc's reading of one Windows-1252 byte as a code point, 0 where it has none.
static uint32_t
iconv_cp1252(unsigned char b)
{
	iconv_t cd = iconv_open("UTF-32LE", "WINDOWS-1252");
	char in[1] = { (char)b }, out[4] = { 0 };
	char *ip = in, *op = out;
	size_t il = 1, ol = sizeof out;
	uint32_t cp = 0;

	assert_true(cd != (iconv_t)-1);
	if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
		cp = (uint32_t)(unsigned char)out[0] | (uint32_t)(unsigned char)out[1] << 8 |
		     (uint32_t)(unsigned char)out[2] << 16 | (uint32_t)(unsigned char)out[3] << 24;
	iconv_close(cd);
	return cp;
}

// The one table against an independent one, all 256 bytes: text.c's code points, and what
// the CSV reader makes of each byte (U+FFFD for the five undefined, '?' for NUL), as UTF-8.
static void
test_cp1252_iconv(void **state)
{
	(void)state;
	for (unsigned b = 0; b < 256; b++) {
		uint32_t want = iconv_cp1252((unsigned char)b);
		char byte = (char)b, got[4];
		long cp;

		assert_int_equal(cp1252_unicode((unsigned char)b), want);
		csvin_cp1252_to_utf8(&byte, 1, got);
		want = b == 0 ? '?' : want == 0 ? 0xFFFD : want;
		assert_int_equal(utf8_decode((const unsigned char *)got, &cp), strlen(got));
		assert_int_equal(cp, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_lead),
		cmocka_unit_test(test_cp1252),
		cmocka_unit_test(test_cp1252_iconv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
