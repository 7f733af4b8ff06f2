// Figures as text: money, percentages, thousands, measure values, months and UK times.
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

#define POUND "\xC2\xA3"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"
};

// 'digits()' - v in decimal, with thousands commas when grouped, written backwards so that it
//              ends at end; O - where it starts.  (By hand: snprintf was a tenth of laying out
//              an overview and a third of its JSON twin.)
static char *
digits(char *end, uint64_t v, bool grouped)
{
	int n = 0;

	do {
		if (grouped && n > 0 && n % 3 == 0)
			*--end = ',';
		*--end = (char)('0' + v % 10);
		n++;
	} while ((v /= 10) > 0);
	return end;
}

// 'put_cut()' - The n bytes at s into buf, cut to size as snprintf would; O - how many went in.
static size_t
put_cut(char *buf, size_t size, const char *s, size_t n)
{
	if (size == 0)
		return 0;
	n = n < size - 1 ? n : size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return n;
}

size_t
format_decimal(uint64_t v, bool negative, char *buf, size_t size)
{
	char t[32], *end = t + sizeof t, *p = digits(end, v, false);

	if (negative)
		*--p = '-';
	return put_cut(buf, size, p, (size_t)(end - p));
}

// 'group()' - A magnitude with thousands commas, after sign ("", "-", "£" or "-£").
static void
group(const char *sign, uint64_t v, char *buf, size_t size)
{
	char t[64], *end = t + sizeof t, *p = digits(end, v, true);
	size_t n = strlen(sign);

	p -= n;
	memcpy(p, sign, n);
	put_cut(buf, size, p, (size_t)(end - p));
}

void
format_thousands(int64_t v, char *buf, size_t size)
{
	group(v < 0 ? "-" : "", magnitude(v), buf, size);
}

void
format_pounds(int64_t pence, char *buf, size_t size)
{
	int64_t pounds = div_round(pence, 100);

	group(pounds < 0 ? "-" POUND : POUND, magnitude(pounds), buf, size);
}

void
format_pence(int64_t pence, char *buf, size_t size)
{
	char whole[48];
	uint64_t m = magnitude(pence);

	group(pence < 0 ? "-" POUND : POUND, m / 100, whole, sizeof whole);
	snprintf(buf, size, "%s.%02u", whole, (unsigned)(m % 100));
}

void
format_pct(pct_t pct, char *buf, size_t size)
{
	uint64_t m = magnitude(pct.tenths);

	if (!pct.has)
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%s%llu.%u%%", pct.tenths < 0 ? "-" : "",
		         (unsigned long long)(m / 10), (unsigned)(m % 10));
}

void
format_bp(int64_t bp, char *buf, size_t size)
{
	unsigned hundredths = (unsigned)(magnitude(bp) % 100);
	char frac[8] = "";

	// Two decimals, one, or none: 12.34%, 7.5%, 5%.
	if (hundredths % 10 != 0)
		snprintf(frac, sizeof frac, ".%02u", hundredths);
	else if (hundredths != 0)
		snprintf(frac, sizeof frac, ".%u", hundredths / 10);
	snprintf(buf, size, "%s%llu%s%%", bp < 0 ? "-" : "", (unsigned long long)(magnitude(bp) / 100), frac);
}

void
format_value(int64_t thousandths, measure_kind_t kind, bool for_json, char *buf, size_t size)
{
	char t[64], *end = t + sizeof t, *p = end;
	uint64_t m = magnitude(thousandths);
	unsigned frac = (unsigned)(m % 1000);

	if (kind == KIND_MONEY && !for_json) {
		int64_t pounds = div_round(thousandths, 1000);	// rounded once, from thousandths

		group(pounds < 0 ? "-" POUND : POUND, magnitude(pounds), buf, size);
		return;
	}
	// Up to three decimals, trailing zeros dropped; commas in the whole part but for JSON.
	if (frac != 0) {
		int places = 3;

		for (; frac % 10 == 0; frac /= 10)
			places--;
		for (; places > 0; places--, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	p = digits(p, m / 1000, !for_json);
	if (thousandths < 0)
		*--p = '-';
	put_cut(buf, size, p, (size_t)(end - p));
}

void
format_variance(pct_t pct, int64_t variance, char *buf, size_t size)
{
	char text[32];

	if (!pct.has) {
		snprintf(buf, size, "n/a: no YTD profile");
		return;
	}
	format_pct(pct, text, sizeof text);
	snprintf(buf, size, "%s %s", text, variance > 0 ? "over profile" : variance < 0 ? "under profile" :
	         "on profile");
}

void
format_count(long n, const char *noun, char *buf, size_t size)
{
	char digits[48];

	format_thousands(n, digits, sizeof digits);
	snprintf(buf, size, "%s %s%s", digits, noun, n == 1 ? "" : "s");
}

// 'put_digits()' - Write v as exactly width digits, zero-padded (the low digits when longer).
static void
put_digits(char *buf, int v, int width)
{
	// Years are 0..9999 by contract; a negative value is written as its magnitude.
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	for (int i = width - 1; i >= 0; i--) {
		buf[i] = (char)('0' + u % 10);
		u /= 10;
	}
}

void
format_fy(int fy, char sep, char *buf)
{
	put_digits(buf, fy, 4);
	buf[4] = sep;
	put_digits(buf + 5, fy + 1, 2);
	buf[7] = '\0';
}

void
format_month(month_t m, char *buf)
{
	put_digits(buf, month_year(m), 4);
	buf[4] = '-';
	put_digits(buf + 5, month_number(m), 2);
	buf[7] = '\0';
}

void
format_month_name(month_t m, char *buf, size_t size)
{
	snprintf(buf, size, "%s %d", month_names[month_number(m) - 1], month_year(m));
}

void
format_date(month_t m, int day, bool iso, char *buf, size_t size)
{
	char month[16];

	format_month(m, month);
	if (iso && day > 0)
		snprintf(buf, size, "%s-%02d", month, day);
	else if (iso)
		snprintf(buf, size, "%s", month);
	else if (day > 0)
		snprintf(buf, size, "%d %s %d", day, month_names[month_number(m) - 1], month_year(m));
	else
		format_month_name(m, buf, size);
}

const char *
format_period_abbr(int p)
{
	static const char *const abbr[12] = {
		"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"
	};

	return abbr[(p - 1) % 12];
}

void
format_uk_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	london_time(t, &tm);
	snprintf(buf, size, "%d %s %d at %02d:%02d %s", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900,
	         tm.tm_hour, tm.tm_min, tm.tm_isdst ? "BST" : "GMT");
}

void
format_uk_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	london_time(t, &tm);
	snprintf(buf, size, "%d %s %d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
}

bool
format_iso_utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return false;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         tm.tm_hour, tm.tm_min, tm.tm_sec);
	return true;
}
