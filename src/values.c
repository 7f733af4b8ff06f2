// Value parsers of the contract: CSV field text in, pence, thousandths, dates, months, slugs out.
//
// Every parser works on the span [p, e) of the field with the spaces around it removed
// (space, tab, UTF-8 or Windows-1252 non-breaking space), reads ASCII only and never the
// locale, uses no floating point and allocates nothing.  Numbers are accumulated with a
// saturating step, so a 40-digit field is rejected rather than overflowing.
#include <string.h>

#include "values.h"

// Largest whole pounds a money value may reach (exclusive): MONEY_LIMIT_PENCE / 100.
#define MONEY_LIMIT_POUNDS (MONEY_LIMIT_PENCE / 100)
// Quantities and counts: the whole part must stay below 10^12 (10^15 thousandths), so that
// summing millions of rows can never overflow an int64.
#define WHOLE_LIMIT INT64_C(1000000000000)
// The years a date, month or financial year may name.
#define YEAR_MIN 1900
#define YEAR_MAX 2999

// 'is_digit()' - ASCII digit test, independent of the locale.
static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

// 'is_alpha()' - ASCII letter test, independent of the locale.
static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// 'to_lower()' - ASCII lower case, independent of the locale.
static int
to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

// 'skip_space()' - Skip spaces, tabs and non-breaking spaces (C2 A0 or a lone A0).
static const char *
skip_space(const char *p, const char *e)	// O - first byte that is not a space
{
	while (p < e) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' || c == '\t' || c == 0xA0)
			p++;
		else if (c == 0xC2 && p + 1 < e && (unsigned char)p[1] == 0xA0)
			p += 2;
		else
			break;
	}
	return p;
}

// 'trim_end()' - Move e back over trailing spaces, tabs and non-breaking spaces.
static const char *
trim_end(const char *p, const char *e)		// O - new end of the span
{
	while (e > p) {
		unsigned char c = (unsigned char)e[-1];

		if (c == ' ' || c == '\t')
			e--;
		else if (c == 0xA0)
			e -= (e - 1 > p && (unsigned char)e[-2] == 0xC2) ? 2 : 1;
		else
			break;
	}
	return e;
}

// 'trim()' - Narrow [*p, *e) to the field without the spaces around it.
static void
trim(const char **p, const char **e)
{
	*e = trim_end(*p, *e);
	*p = skip_space(*p, *e);
}

// 'push_digit()' - v = v * 10 + d, saturating at limit so that nothing can overflow.
static void
push_digit(int64_t *v, int d, int64_t limit)
{
	if (*v >= limit || *v > (limit - d) / 10)
		*v = limit;
	else
		*v = *v * 10 + d;
}

// 'scan_run()' - Read a run of digits into *v (saturating at limit).
static int
scan_run(const char **pp, const char *e, int64_t *v, int64_t limit)	// O - digits read
{
	const char *p = *pp;
	ptrdiff_t n;

	while (p < e && is_digit(*p))
		push_digit(v, *p++ - '0', limit);
	n = p - *pp;
	*pp = p;
	// Callers compare with small counts; a longer run is just "too many".
	return n > 99 ? 99 : (int)n;
}

// 'scan_whole()' - Digits, optionally grouped by commas in threes ("1,234,567"), into *v.
static bool
scan_whole(const char **pp, const char *e, int64_t *v, int64_t limit)	// O - false when malformed
{
	const char *p = *pp;
	int n;

	*v = 0;
	if ((n = scan_run(&p, e, v, limit)) == 0)
		return false;
	if (p < e && *p == ',') {
		// The first group has one to three digits, every later group exactly three.
		if (n > 3)
			return false;
		while (p < e && *p == ',') {
			p++;
			if (scan_run(&p, e, v, limit) != 3)
				return false;
		}
	}
	*pp = p;
	return true;
}

// 'scan_fraction()' - After a '.', one to places digits, scaled to 10^places.
static bool
scan_fraction(const char **pp, const char *e, int places, int64_t *frac)	// O - false when malformed
{
	const char *p = *pp;
	int n;

	*frac = 0;
	if (p >= e || *p != '.')
		return true;
	p++;
	n = scan_run(&p, e, frac, INT64_C(1000000000));
	if (n < 1 || n > places)
		return false;
	for (; n < places; n++)
		*frac *= 10;
	*pp = p;
	return true;
}

// 'scan_decimal()' - A whole span "digits[.fraction]" into units of 10^-places.
static bool
scan_decimal(const char *p, const char *e, int places, int64_t whole_limit, int64_t *out)
{
	int64_t whole, frac, scale = 1;

	if (!scan_whole(&p, e, &whole, whole_limit) || whole >= whole_limit)
		return false;
	if (!scan_fraction(&p, e, places, &frac) || p != e)
		return false;
	for (int i = 0; i < places; i++)
		scale *= 10;
	*out = whole * scale + frac;
	return true;
}

// 'skip_currency()' - Skip "£" (UTF-8 or the Windows-1252 byte A3) or "GBP", and spaces after it.
static bool
skip_currency(const char **pp, const char *e)	// O - true when a currency sign was there
{
	const char *p = *pp;

	if (p + 1 < e && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3)
		p += 2;
	else if (p < e && (unsigned char)p[0] == 0xA3)
		p++;
	else if (e - p >= 3 && to_lower(p[0]) == 'g' && to_lower(p[1]) == 'b' &&
	    to_lower(p[2]) == 'p')
		p += 3;
	else
		return false;
	*pp = skip_space(p, e);
	return true;
}

// 'value_parse_money()' - Money into pence: "-£1,234.56", "(£12.00)", "GBP 5", "£" as UTF-8 or 0xA3.
//
// One sign at most: parentheses, or '-' before or just after the currency sign ("-£5", "£-5").
bool
value_parse_money(const char *s, int64_t *pence)	// O - false when not a money value
{
	const char *p = s, *e = s + strlen(s);
	bool neg = false, paren = false;
	int64_t v;

	trim(&p, &e);
	if (p < e && *p == '(') {
		if (e - p < 2 || e[-1] != ')')
			return false;
		p++;
		e--;
		trim(&p, &e);
		neg = paren = true;
	}
	if (!paren && p < e && *p == '-') {
		neg = true;
		p++;
	}
	if (skip_currency(&p, e) && !neg && p < e && *p == '-') {
		neg = true;
		p++;
	}
	if (!scan_decimal(p, e, 2, MONEY_LIMIT_POUNDS, &v) || v >= MONEY_LIMIT_PENCE)
		return false;
	*pence = neg ? -v : v;
	return true;
}

// 'value_parse_quantity()' - A non-negative decimal with up to three places, into thousandths.
bool
value_parse_quantity(const char *s, int64_t *thousandths)	// O - false when not a quantity
{
	const char *p = s, *e = s + strlen(s);

	trim(&p, &e);
	return scan_decimal(p, e, 3, WHOLE_LIMIT, thousandths);
}

// 'value_parse_count()' - A non-negative whole number (spaces around it allowed).
bool
value_parse_count(const char *s, int64_t *count)	// O - false when not a count
{
	const char *p = s, *e = s + strlen(s);

	trim(&p, &e);
	return scan_decimal(p, e, 0, WHOLE_LIMIT, count);
}

// 'scan_int()' - A run of digits into *v; the number of digits read (0 when none).
static int
scan_int(const char **pp, const char *e, int *v)	// O - digits read
{
	int64_t w = 0;
	int n = scan_run(pp, e, &w, INT64_C(1000000000));

	*v = (int)w;
	return n;
}

// 'scan_fixed()' - Exactly n digits (not followed by another digit) into *v.
static bool
scan_fixed(const char **pp, const char *e, int n, int *v)	// O - false when not n digits
{
	return scan_int(pp, e, v) == n;
}

// 'scan_year()' - A four-digit year, or a two-digit one read as 20YY.
static bool
scan_year(const char **pp, const char *e, int *year)	// O - false when malformed
{
	int n = scan_int(pp, e, year);

	if (n == 2)
		*year += 2000;
	return n == 2 || n == 4;
}

// 'scan_month_name()' - An English month name, full or three letters (or "Sept"), any case.
static bool
scan_month_name(const char **pp, const char *e, int *month)	// O - false when not a month name
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	char word[10];
	size_t n = 0;
	const char *p = *pp;

	while (p < e && is_alpha(*p)) {
		if (n == sizeof(word) - 1)
			return false;
		word[n++] = (char)to_lower(*p++);
	}
	word[n] = '\0';
	for (int i = 0; i < 12; i++) {
		if ((n == 3 && strncmp(word, names[i], 3) == 0) || strcmp(word, names[i]) == 0 ||
		    (i == 8 && strcmp(word, "sept") == 0)) {
			*month = i + 1;
			*pp = p;
			return true;
		}
	}
	return false;
}

// 'days_in_month()' - Days in a month of the Gregorian calendar.
static int
days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

	return month == 2 && leap ? 29 : days[month - 1];
}

// 'scan_zone()' - After a time: nothing, "Z", "+hh[:mm]", "+hhmm", "GMT", "BST" or "UTC".
static bool
scan_zone(const char *p, const char *e)	// O - false when malformed
{
	int h, m = 0, n;

	p = skip_space(p, e);
	if (p == e)
		return true;
	if (*p == 'Z' || *p == 'z')
		return p + 1 == e;
	if (*p == '+' || *p == '-') {
		p++;
		n = scan_int(&p, e, &h);
		if (n == 4) {
			m = h % 100;
			h /= 100;
		} else if (n != 2) {
			return false;
		} else if (p < e && *p == ':') {
			p++;
			if (!scan_fixed(&p, e, 2, &m))
				return false;
		}
		return p == e && h <= 23 && m <= 59;
	}
	if (e - p != 3)
		return false;
	char z[4] = { (char)to_lower(p[0]), (char)to_lower(p[1]), (char)to_lower(p[2]), '\0' };
	return strcmp(z, "gmt") == 0 || strcmp(z, "bst") == 0 || strcmp(z, "utc") == 0;
}

// 'scan_time()' - After a date: nothing, or " hh:mm[:ss[.fff]]" / "Thh:mm[:ss]" and a zone.
static bool
scan_time(const char *p, const char *e)	// O - false when malformed
{
	int hh, mm, ss = 0, n;

	if (p == e)
		return true;
	if (*p == 'T') {
		p++;
	} else {
		const char *q = skip_space(p, e);

		if (q == p)
			return false;
		p = q;
	}
	n = scan_int(&p, e, &hh);
	if (n < 1 || n > 2 || p >= e || *p != ':')
		return false;
	p++;
	if (!scan_fixed(&p, e, 2, &mm))
		return false;
	if (p < e && *p == ':') {
		p++;
		if (!scan_fixed(&p, e, 2, &ss))
			return false;
		// Fractions of a second, as ISO 8601 exports write them.
		if (p < e && *p == '.') {
			p++;
			if (scan_int(&p, e, &n) == 0)
				return false;
		}
	}
	return hh <= 23 && mm <= 59 && ss <= 59 && scan_zone(p, e);
}

// 'scan_iso()' - "YYYY-MM-DD", or the bare month "YYYY-MM" (*bare set, day 0), after the year.
static bool
scan_iso(const char **pp, const char *e, date_t *d, bool *bare)	// O - false when malformed
{
	const char *p = *pp;

	if (p >= e || *p++ != '-' || !scan_fixed(&p, e, 2, &d->month))
		return false;
	d->day = 0;
	*bare = p == e;
	if (!*bare && (*p++ != '-' || !scan_fixed(&p, e, 2, &d->day)))
		return false;
	*pp = p;
	return true;
}

// 'scan_day_first()' - "D/M/Y", "D.M.Y", "D-Mon-Y" or "D Mon Y", after the day.
static bool
scan_day_first(const char **pp, const char *e, date_t *d)	// O - false when malformed
{
	const char *p = *pp;
	char sep;
	int n;

	if (p >= e)
		return false;
	sep = *p++;
	if (sep == '/' || sep == '.') {
		n = scan_int(&p, e, &d->month);
		if (n < 1 || n > 2)
			return false;
	} else if (sep == '-' || sep == ' ') {
		if (!scan_month_name(&p, e, &d->month))
			return false;
	} else {
		return false;
	}
	if (p >= e || *p++ != sep || !scan_year(&p, e, &d->year))
		return false;
	*pp = p;
	return true;
}

// 'value_parse_date()' - Any date form of the contract, or a bare "YYYY-MM" (day set to 0).
bool
value_parse_date(const char *s, date_t *date)	// O - false when not a date
{
	const char *p = s, *e = s + strlen(s);
	date_t d = { 0, 0, 0 };
	bool bare = false;
	int first, n;

	trim(&p, &e);
	n = scan_int(&p, e, &first);
	if (n == 4) {
		d.year = first;
		if (!scan_iso(&p, e, &d, &bare))
			return false;
	} else if (n == 1 || n == 2) {
		d.day = first;
		if (!scan_day_first(&p, e, &d))
			return false;
	} else {
		return false;
	}
	if (d.year < YEAR_MIN || d.year > YEAR_MAX || d.month < 1 || d.month > 12)
		return false;
	if (!bare && (d.day < 1 || d.day > days_in_month(d.year, d.month) || !scan_time(p, e)))
		return false;
	*date = d;
	return true;
}

// 'value_parse_month()' - "YYYY-MM".
bool
value_parse_month(const char *s, month_t *month)	// O - false when not a month
{
	const char *p = s, *e = s + strlen(s);
	int y, m;

	trim(&p, &e);
	if (!scan_fixed(&p, e, 4, &y) || p >= e || *p++ != '-' || !scan_fixed(&p, e, 2, &m))
		return false;
	if (p != e || y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12)
		return false;
	*month = month_of(y, m);
	return true;
}

// 'value_parse_fy()' - "YYYY/YY" (the second year must follow the first), into its start year.
//
// "YYYY-YY" is refused: "2011-12" would read as both a financial year and December 2011.
bool
value_parse_fy(const char *s, int *fy)	// O - false when not a financial year
{
	const char *p = s, *e = s + strlen(s);
	int y, yy;

	trim(&p, &e);
	if (!scan_fixed(&p, e, 4, &y) || p >= e || *p++ != '/' || !scan_fixed(&p, e, 2, &yy))
		return false;
	if (p != e || y < YEAR_MIN || y >= YEAR_MAX || yy != (y + 1) % 100)
		return false;
	*fy = y;
	return true;
}

// 'value_slug()' - The file-name form of a unit; false when it would be empty, "." or "..".
//
// ASCII letters (lower-cased) and digits are kept; every run of anything else, '-' and
// non-ASCII bytes included, becomes one '-'.  Leading and trailing '-' are dropped, so the
// slug starts and ends with a letter or digit and can never be ".", ".." or hold a '/'.
// A slug longer than bufsize - 1 is cut short (never just after a '-').
bool
value_slug(const char *unit, char *buf, size_t bufsize)	// O - false when nothing is left
{
	size_t n = 0;
	bool gap = false;

	if (bufsize == 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)unit; *p != '\0'; p++) {
		if (!is_alpha(*p) && !is_digit(*p)) {
			gap = n > 0;
			continue;
		}
		if (n + (gap ? 2 : 1) > bufsize - 1)
			break;
		if (gap)
			buf[n++] = '-';
		buf[n++] = (char)to_lower(*p);
		gap = false;
	}
	buf[n] = '\0';
	return n > 0;
}
