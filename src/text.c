// UTF-8 decoding and the Windows-1252 code page, for every stage that meets text.
#include "text.h"

int
utf8_lead(unsigned c, unsigned *lo, unsigned *hi)
{
	*lo = 0x80, *hi = 0xBF;
	if (c < 0x80)
		return 0;
	if (c >= 0xC2 && c <= 0xDF)
		return 1;
	if (c >= 0xE0 && c <= 0xEF) {
		if (c == 0xE0)
			*lo = 0xA0;	// no overlong forms
		if (c == 0xED)
			*hi = 0x9F;	// no surrogates
		return 2;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (c == 0xF0)
			*lo = 0x90;
		if (c == 0xF4)
			*hi = 0x8F;	// nothing past U+10FFFF
		return 3;
	}
	return -1;
}

int
utf8_decode(const unsigned char *s, long *cp)
{
	unsigned lo, hi;
	int need = utf8_lead(s[0], &lo, &hi);
	long v;

	*cp = -1;
	if (need < 0)
		return -1;
	v = need == 0 ? s[0] : need == 1 ? s[0] & 0x1F : need == 2 ? s[0] & 0x0F : s[0] & 0x07;
	for (int k = 1; k <= need; k++) {
		if (s[k] < lo || s[k] > hi)
			return -k;	// a NUL stops here too
		v = v << 6 | (long)(s[k] & 0x3F);
		lo = 0x80, hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

uint16_t
cp1252_unicode(unsigned char b)
{
	// 0x80..0x9F; 0 where the code page has no character.
	static const uint16_t high[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
	};

	return b >= 0x80 && b < 0xA0 ? high[b - 0x80] : b;
}
