// Unit tests of the value parsers (values.c): tables of field text against the value or a rejection.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "format.h"
#include "values.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

// A field and the number it should give (ok) or the rejection it should meet (!ok).
struct num_case {
	const char *in;
	bool ok;
	int64_t want;
};

// A field and the date it should give.
struct date_case {
	const char *in;
	bool ok;
	int year, month, day;
};

// A unit, the buffer size and the slug it should give.
struct slug_case {
	const char *in;
	size_t size;
	bool ok;
	const char *want;
};

static const struct num_case money_cases[] = {
	// The contract's examples.
	{ "1234", true, 123400 },
	{ "1,234.5", true, 123450 },
	{ "£1,234.56", true, 123456 },
	{ "-£12.00", true, -1200 },
	{ "(£12.00)", true, -1200 },
	{ " (80,025.00)", true, -8002500 },
	{ " 41,438.85 ", true, 4143885 },
	{ "12,34", false, 0 },
	{ "1.234", false, 0 },
	{ "£", false, 0 },
	{ "12.345", false, 0 },
	{ "1e5", false, 0 },
	{ "abc", false, 0 },
	{ "", false, 0 },
	{ "--5", false, 0 },
	{ "(5", false, 0 },
	{ "-(5)", false, 0 },
	// Signs.
	{ "-5", true, -500 },
	{ "£-12.00", true, -1200 },
	{ "(5)", true, -500 },
	{ "( 5 )", true, -500 },
	{ "( £1,234.56 )", true, -123456 },
	{ "-0", true, 0 },
	{ "(0.00)", true, 0 },
	{ "(-5)", false, 0 },
	{ "(£-5)", false, 0 },
	{ "-£-5", false, 0 },
	{ "+5", false, 0 },
	{ "5-", false, 0 },
	{ "- 5", false, 0 },
	{ "5)", false, 0 },
	{ "()", false, 0 },
	{ "( )", false, 0 },
	{ "(", false, 0 },
	{ ")", false, 0 },
	{ "-", false, 0 },
	{ "((5))", false, 0 },
	// Currency signs: UTF-8, Windows-1252, GBP.
	{ "\xA3" "12.50", true, 1250 },
	{ "-\xA3" "12.50", true, -1250 },
	{ "(\xA3" "1,000)", true, -100000 },
	{ "GBP 5", true, 500 },
	{ "GBP5", true, 500 },
	{ "GBP  1,234.56", true, 123456 },
	{ "-GBP 5", true, -500 },
	{ "GBP -5", true, -500 },
	{ "gbp 5", true, 500 },
	{ "£ 5", true, 500 },
	{ "GBP", false, 0 },
	{ "GB 5", false, 0 },
	{ "5 GBP", false, 0 },
	{ "5£", false, 0 },
	{ "££5", false, 0 },
	{ "$5", false, 0 },
	{ "€5", false, 0 },
	{ "\xC2" "5", false, 0 },
	// Thousands groups.
	{ "1,234,567.89", true, 123456789 },
	{ "123,456", true, 12345600 },
	{ "12,345", true, 1234500 },
	{ "1234567", true, 123456700 },
	{ "1,23", false, 0 },
	{ "1,2345", false, 0 },
	{ "1234,567", false, 0 },
	{ ",123", false, 0 },
	{ "1,", false, 0 },
	{ "1,,234", false, 0 },
	{ "1,234,56", false, 0 },
	{ "1 234", false, 0 },
	// Decimals.
	{ "0.5", true, 50 },
	{ "0.05", true, 5 },
	{ "12.3", true, 1230 },
	{ "007", true, 700 },
	{ ".5", false, 0 },
	{ "5.", false, 0 },
	{ "5..0", false, 0 },
	{ "5.0.0", false, 0 },
	{ "5,00", false, 0 },
	// Spaces: tabs and non-breaking spaces around the value.
	{ "\t5\t", true, 500 },
	{ "\xC2\xA0" "5\xC2\xA0", true, 500 },
	{ "\xA0" "5\xA0", true, 500 },
	{ " \t(\t5 ) ", true, -500 },
	{ "   ", false, 0 },
	{ "5 5", false, 0 },
	// Limits: £10,000,000,000 and above is rejected, 40 digits do not overflow.
	{ "9999999999.99", true, MONEY_LIMIT_PENCE - 1 },
	{ "£9,999,999,999.99", true, MONEY_LIMIT_PENCE - 1 },
	{ "-£9,999,999,999.99", true, -(MONEY_LIMIT_PENCE - 1) },
	{ "(9,999,999,999.99)", true, -(MONEY_LIMIT_PENCE - 1) },
	{ "10000000000", false, 0 },
	{ "10,000,000,000.00", false, 0 },
	{ "-10000000000", false, 0 },
	{ "9223372036854775807", false, 0 },
	{ "92233720368547758.07", false, 0 },
	{ "1234567890123456789012345678901234567890", false, 0 },
	{ "0.1234567890123456789012345678901234567890", false, 0 },
	{ "0000000000000000000000000000000000000001.00", true, 100 },
};

static const struct num_case quantity_cases[] = {
	{ "2", true, 2000 },
	{ "0.5", true, 500 },
	{ "12.125", true, 12125 },
	{ "0", true, 0 },
	{ "0.001", true, 1 },
	{ "1.25", true, 1250 },
	{ " 3.5 ", true, 3500 },
	{ "\t3\t", true, 3000 },
	{ "1,234.5", true, 1234500 },
	{ "1,000,000", true, 1000000000 },
	{ "999999999999.999", true, INT64_C(999999999999999) },
	{ "1000000000000", false, 0 },
	{ "1234567890123456789012345678901234567890", false, 0 },
	{ "0.0001", false, 0 },
	{ "12.1255", false, 0 },
	{ "-1", false, 0 },
	{ "-0.5", false, 0 },
	{ "+1", false, 0 },
	{ ".5", false, 0 },
	{ "5.", false, 0 },
	{ "1,23", false, 0 },
	{ "1e3", false, 0 },
	{ "£5", false, 0 },
	{ "(5)", false, 0 },
	{ "", false, 0 },
	{ " ", false, 0 },
	{ "abc", false, 0 },
	{ "1 kg", false, 0 },
};

static const struct num_case count_cases[] = {
	{ "0", true, 0 },
	{ "7", true, 7 },
	{ " 42 ", true, 42 },
	{ "1,234", true, 1234 },
	{ "1,234,567", true, 1234567 },
	{ "007", true, 7 },
	{ "999999999999", true, INT64_C(999999999999) },
	{ "1000000000000", false, 0 },
	{ "1234567890123456789012345678901234567890", false, 0 },
	{ "1.0", false, 0 },
	{ "1.5", false, 0 },
	{ "5.", false, 0 },
	{ "-1", false, 0 },
	{ "+1", false, 0 },
	{ "12,34", false, 0 },
	{ "", false, 0 },
	{ "two", false, 0 },
	{ "1 2", false, 0 },
};

static const struct date_case date_cases[] = {
	// ISO dates and bare months.
	{ "2020-06-01", true, 2020, 6, 1 },
	{ "2020-02-29", true, 2020, 2, 29 },
	{ "2000-02-29", true, 2000, 2, 29 },
	{ "2020-06", true, 2020, 6, 0 },
	{ " 2020-12 ", true, 2020, 12, 0 },
	{ "2021-02-29", false, 0, 0, 0 },
	{ "1900-02-29", false, 0, 0, 0 },
	{ "2020-06-00", false, 0, 0, 0 },
	{ "2020-06-31", false, 0, 0, 0 },
	{ "2020-13-01", false, 0, 0, 0 },
	{ "2020-00", false, 0, 0, 0 },
	{ "2020-6-1", false, 0, 0, 0 },
	{ "2020-06-1", false, 0, 0, 0 },
	{ "2020-06-", false, 0, 0, 0 },
	{ "2020-06-011", false, 0, 0, 0 },
	{ "2020/06/01", false, 0, 0, 0 },
	{ "2020", false, 0, 0, 0 },
	{ "2020-06 12:00", false, 0, 0, 0 },
	// Day first with slashes and dots.
	{ "17/02/2012", true, 2012, 2, 17 },
	{ "1/2/2012", true, 2012, 2, 1 },
	{ "01/02/2012", true, 2012, 2, 1 },
	{ "29/02/2020", true, 2020, 2, 29 },
	{ "17/02/12", true, 2012, 2, 17 },
	{ "31/12/99", true, 2099, 12, 31 },
	{ "17.02.2012", true, 2012, 2, 17 },
	{ "1.2.2012", true, 2012, 2, 1 },
	{ "31/02/2020", false, 0, 0, 0 },
	{ "29/02/2021", false, 0, 0, 0 },
	{ "31/04/2020", false, 0, 0, 0 },
	{ "00/01/2020", false, 0, 0, 0 },
	{ "12/13/2020", false, 0, 0, 0 },
	{ "02/17/2012", false, 0, 0, 0 },
	{ "17/02/212", false, 0, 0, 0 },
	{ "17/02/02012", false, 0, 0, 0 },
	{ "17/02.2012", false, 0, 0, 0 },
	{ "17-02-2012", false, 0, 0, 0 },
	{ "117/02/2012", false, 0, 0, 0 },
	{ "17/002/2012", false, 0, 0, 0 },
	{ "17/02/1899", false, 0, 0, 0 },
	{ "17/02/3000", false, 0, 0, 0 },
	{ "01/01/1900", true, 1900, 1, 1 },
	{ "31/12/2999", true, 2999, 12, 31 },
	// Day first with month names.
	{ "17-Feb-12", true, 2012, 2, 17 },
	{ "1-Feb-12", true, 2012, 2, 1 },
	{ "17-feb-2012", true, 2012, 2, 17 },
	{ "16 Mar 2011", true, 2011, 3, 16 },
	{ "16 MARCH 2011", true, 2011, 3, 16 },
	{ "5 Sept 2019", true, 2019, 9, 5 },
	{ "5-September-2019", true, 2019, 9, 5 },
	{ "1 May 2020", true, 2020, 5, 1 },
	{ "30 Jun 2020", true, 2020, 6, 30 },
	{ "31 Jul 2020", true, 2020, 7, 31 },
	{ "31 Aug 2020", true, 2020, 8, 31 },
	{ "31 Oct 2020", true, 2020, 10, 31 },
	{ "30 Nov 2020", true, 2020, 11, 30 },
	{ "25 Dec 2020", true, 2020, 12, 25 },
	{ "1 January 2021", true, 2021, 1, 1 },
	{ "1 April 2021", true, 2021, 4, 1 },
	{ "31 Jun 2020", false, 0, 0, 0 },
	{ "17-Fe-12", false, 0, 0, 0 },
	{ "17-Febr-12", false, 0, 0, 0 },
	{ "17-Septembers-12", false, 0, 0, 0 },
	{ "17-Foo-12", false, 0, 0, 0 },
	{ "17-Feb 2012", false, 0, 0, 0 },
	{ "17 Feb-2012", false, 0, 0, 0 },
	{ "Feb 17 2012", false, 0, 0, 0 },
	{ "17Feb2012", false, 0, 0, 0 },
	{ "17 Feb", false, 0, 0, 0 },
	// A time after the date is checked, then ignored.
	{ "2020-06-01 12:34", true, 2020, 6, 1 },
	{ "2020-06-01 12:34:56", true, 2020, 6, 1 },
	{ "2020-06-01T12:34:56", true, 2020, 6, 1 },
	{ "2020-06-01T12:34:56Z", true, 2020, 6, 1 },
	{ "2020-06-01T12:34:56.123Z", true, 2020, 6, 1 },
	{ "2020-06-01T12:34:56+01:00", true, 2020, 6, 1 },
	{ "2020-06-01T12:34:56-05:00", true, 2020, 6, 1 },
	{ "2020-06-01T12:34+0100", true, 2020, 6, 1 },
	{ "2020-06-01 12:34 GMT", true, 2020, 6, 1 },
	{ "2020-06-01 12:34 BST", true, 2020, 6, 1 },
	{ "2020-06-01 12:34 UTC", true, 2020, 6, 1 },
	{ "17/02/2012 9:05", true, 2012, 2, 17 },
	{ "17/02/2012 00:00:00", true, 2012, 2, 17 },
	{ "17/02/2012 23:59:59", true, 2012, 2, 17 },
	{ "16 Mar 2011 10:00", true, 2011, 3, 16 },
	{ "17-Feb-12 10:00", true, 2012, 2, 17 },
	{ "2020-06-01 24:00", false, 0, 0, 0 },
	{ "2020-06-01 12:60", false, 0, 0, 0 },
	{ "2020-06-01 12:34:60", false, 0, 0, 0 },
	{ "2020-06-01 12", false, 0, 0, 0 },
	{ "2020-06-01 12:3", false, 0, 0, 0 },
	{ "2020-06-01 123:00", false, 0, 0, 0 },
	{ "2020-06-01T", false, 0, 0, 0 },
	{ "2020-06-01X12:00", false, 0, 0, 0 },
	{ "2020-06-0112:00", false, 0, 0, 0 },
	{ "2020-06-01 12:00 PST", false, 0, 0, 0 },
	{ "2020-06-01 12:00+1", false, 0, 0, 0 },
	{ "2020-06-01 12:00+24:00", false, 0, 0, 0 },
	{ "2020-06-01 12:00Z junk", false, 0, 0, 0 },
	{ "2020-06-01 GMT", false, 0, 0, 0 },
	{ "2020-06-01 noon", false, 0, 0, 0 },
	// Spaces around the value; nonsense.
	{ "  2020-06-01\t", true, 2020, 6, 1 },
	{ "\xC2\xA0" "17/02/2012", true, 2012, 2, 17 },
	{ "", false, 0, 0, 0 },
	{ " ", false, 0, 0, 0 },
	{ "today", false, 0, 0, 0 },
	{ "20200601", false, 0, 0, 0 },
	{ "99999999999999999999-01-01", false, 0, 0, 0 },
	{ "1/1/99999999999999999999", false, 0, 0, 0 },
};

static const struct num_case month_cases[] = {
	{ "2020-06", true, 2020 * 12 + 5 },
	{ "2021-01", true, 2021 * 12 + 0 },
	{ "2020-12", true, 2020 * 12 + 11 },
	{ " 2020-06 ", true, 2020 * 12 + 5 },
	{ "2020-00", false, 0 },
	{ "2020-13", false, 0 },
	{ "2020-6", false, 0 },
	{ "2020-06-01", false, 0 },
	{ "20-06", false, 0 },
	{ "2020/06", false, 0 },
	{ "06/2020", false, 0 },
	{ "Jun 2020", false, 0 },
	{ "1899-12", false, 0 },
	{ "", false, 0 },
};

static const struct num_case fy_cases[] = {
	{ "2020/21", true, 2020 },
	{ " 2020/21 ", true, 2020 },
	{ "1999/00", true, 1999 },
	{ "2009/10", true, 2009 },
	{ "2020/22", false, 0 },
	{ "2020/20", false, 0 },
	{ "2020/2021", false, 0 },
	{ "2020-21", false, 0 },
	{ "20/21", false, 0 },
	{ "2020/1", false, 0 },
	{ "2020", false, 0 },
	{ "2020/", false, 0 },
	{ "FY2020/21", false, 0 },
	{ "", false, 0 },
};

static const struct slug_case slug_cases[] = {
	{ "North West ROCU", 64, true, "north-west-rocu" },
	{ "../../etc", 64, true, "etc" },
	{ "Team A", 64, true, "team-a" },
	{ "ROIT-3", 64, true, "roit-3" },
	{ "a--b", 64, true, "a-b" },
	{ "a - b", 64, true, "a-b" },
	{ "a/b", 64, true, "a-b" },
	{ " -Lead- ", 64, true, "lead" },
	{ "Yorkshire & Humber", 64, true, "yorkshire-humber" },
	{ "Équipe Sud", 64, true, "quipe-sud" },
	{ "Caf\xC3\xA9 7", 64, true, "caf-7" },
	{ "\xA3" "unit", 64, true, "unit" },
	{ "123", 64, true, "123" },
	{ "", 64, false, "" },
	{ ".", 64, false, "" },
	{ "..", 64, false, "" },
	{ "/", 64, false, "" },
	{ "---", 64, false, "" },
	{ "£££", 64, false, "" },
	// Truncation never ends in '-' and always leaves a terminated string.
	{ "North West ROCU", 6, true, "north" },
	{ "North West ROCU", 7, true, "north" },
	{ "North West ROCU", 8, true, "north-w" },
	{ "abc", 1, false, "" },
	{ "abc", 2, true, "a" },
	{ "abc", 4, true, "abc" },
	{ "abcd", 4, true, "abc" },
};

// 'check_num()' - Fail, naming the field, when a parser's answer is not the case's.
static void
check_num(const char *kind, const struct num_case *c, bool ok, int64_t got)
{
	if (ok != c->ok)
		fail_msg("%s \"%s\": %s, expected %s", kind, c->in, ok ? "accepted" : "rejected",
		    c->ok ? "accepted" : "rejected");
	if (!ok && got != 77)
		fail_msg("%s \"%s\": rejected but wrote %lld", kind, c->in, (long long)got);
	if (ok && got != c->want)
		fail_msg("%s \"%s\": %lld, expected %lld", kind, c->in, (long long)got,
		    (long long)c->want);
}

// 'test_money()' - Every money case.
static void
test_money(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(money_cases); i++) {
		const struct num_case *c = &money_cases[i];
		int64_t v = 77;
		bool ok = value_parse_money(c->in, &v);

		check_num("money", c, ok, v);
	}
}

// 'test_money_limit()' - The pence either side of the limit, written out from the macro.
static void
test_money_limit(void **state)
{
	char buf[64];
	int64_t v;

	(void)state;
	snprintf(buf, sizeof(buf), "%lld.%02lld", (long long)((MONEY_LIMIT_PENCE - 1) / 100),
	    (long long)((MONEY_LIMIT_PENCE - 1) % 100));
	assert_true(value_parse_money(buf, &v));
	assert_int_equal(v, MONEY_LIMIT_PENCE - 1);
	snprintf(buf, sizeof(buf), "%lld.%02lld", (long long)(MONEY_LIMIT_PENCE / 100),
	    (long long)(MONEY_LIMIT_PENCE % 100));
	assert_false(value_parse_money(buf, &v));
}

// 'test_quantity()' - Every quantity case.
static void
test_quantity(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(quantity_cases); i++) {
		const struct num_case *c = &quantity_cases[i];
		int64_t v = 77;
		bool ok = value_parse_quantity(c->in, &v);

		check_num("quantity", c, ok, v);
	}
}

// 'test_count()' - Every count case.
static void
test_count(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(count_cases); i++) {
		const struct num_case *c = &count_cases[i];
		int64_t v = 77;
		bool ok = value_parse_count(c->in, &v);

		check_num("count", c, ok, v);
	}
}

// 'test_date()' - Every date case.
static void
test_date(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(date_cases); i++) {
		const struct date_case *c = &date_cases[i];
		date_t d = { 7, 7, 7 };
		bool ok = value_parse_date(c->in, &d);

		if (ok != c->ok)
			fail_msg("date \"%s\": %s, expected %s", c->in, ok ? "accepted" : "rejected",
			    c->ok ? "accepted" : "rejected");
		// A rejected field leaves the date as it was.
		if (!ok && (d.year != 7 || d.month != 7 || d.day != 7))
			fail_msg("date \"%s\": rejected but written", c->in);
		if (ok && (d.year != c->year || d.month != c->month || d.day != c->day))
			fail_msg("date \"%s\": %d-%d-%d, expected %d-%d-%d", c->in, d.year, d.month,
			    d.day, c->year, c->month, c->day);
	}
}

// 'test_date_every_day()' - Every day of 1900..2999 in three forms, against a day count.
static void
test_date_every_day(void **state)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const char *const mon[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	char buf[32];
	date_t d;
	long valid = 0;

	(void)state;
	for (int y = 1900; y <= 2999; y += (y < 1905 || y > 2095) ? 1 : 7) {
		bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

		for (int m = 1; m <= 12; m++) {
			int last = mdays[m - 1] + (m == 2 && leap);

			for (int day = 1; day <= 32; day++) {
				bool ok = day <= last;

				snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, day);
				assert_int_equal(value_parse_date(buf, &d), ok);
				snprintf(buf, sizeof(buf), "%d/%d/%04d", day, m, y);
				assert_int_equal(value_parse_date(buf, &d), ok);
				snprintf(buf, sizeof(buf), "%02d-%s-%04d", day, mon[m - 1], y);
				assert_int_equal(value_parse_date(buf, &d), ok);
				if (ok) {
					assert_int_equal(d.year, y);
					assert_int_equal(d.month, m);
					assert_int_equal(d.day, day);
					valid++;
				}
			}
		}
	}
	assert_true(valid > 0);
}

// 'test_month()' - Every month case.
static void
test_month(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(month_cases); i++) {
		const struct num_case *c = &month_cases[i];
		month_t m = 77;
		bool ok = value_parse_month(c->in, &m);

		check_num("month", c, ok, m);
	}
}

// 'test_fy()' - Every financial-year case.
static void
test_fy(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(fy_cases); i++) {
		const struct num_case *c = &fy_cases[i];
		int fy = 77;
		bool ok = value_parse_fy(c->in, &fy);

		check_num("fy", c, ok, fy);
	}
}

// 'test_format()' - Financial years and months written, and read back.
static void
test_format(void **state)
{
	char buf[8];
	month_t m;
	int fy;

	(void)state;
	format_fy(2020, '/', buf);
	assert_string_equal(buf, "2020/21");
	format_fy(2020, '-', buf);
	assert_string_equal(buf, "2020-21");
	format_fy(1999, '/', buf);
	assert_string_equal(buf, "1999/00");
	format_fy(2009, '-', buf);
	assert_string_equal(buf, "2009-10");
	format_month(month_of(2020, 6), buf);
	assert_string_equal(buf, "2020-06");
	format_month(month_of(2021, 12), buf);
	assert_string_equal(buf, "2021-12");
	format_month(month_of(2021, 1), buf);
	assert_string_equal(buf, "2021-01");
	for (int y = 1900; y < 2999; y++) {
		format_fy(y, '/', buf);
		assert_true(value_parse_fy(buf, &fy));
		assert_int_equal(fy, y);
		for (int mo = 1; mo <= 12; mo++) {
			format_month(month_of(y, mo), buf);
			assert_true(value_parse_month(buf, &m));
			assert_int_equal(m, month_of(y, mo));
		}
	}
}

// 'test_month_helpers()' - The inline month arithmetic of values.h.
static void
test_month_helpers(void **state)
{
	(void)state;
	assert_int_equal(fy_of_month(month_of(2020, 4)), 2020);
	assert_int_equal(fy_of_month(month_of(2021, 3)), 2020);
	assert_int_equal(period_of_month(month_of(2020, 4)), 1);
	assert_int_equal(period_of_month(month_of(2021, 3)), 12);
	assert_int_equal(period_of_month(month_of(2020, 12)), 9);
	assert_int_equal(fy_period_month(2020, 12), month_of(2021, 3));
}

// 'test_slug()' - Every slug case; never '/', never a leading or trailing '-'.
static void
test_slug(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT_OF(slug_cases); i++) {
		const struct slug_case *c = &slug_cases[i];
		char buf[64];

		memset(buf, 'x', sizeof(buf));
		if (value_slug(c->in, buf, c->size) != c->ok || strcmp(buf, c->want) != 0)
			fail_msg("slug \"%s\" (%zu): \"%s\", expected \"%s\"%s", c->in, c->size,
			    buf, c->want, c->ok ? "" : " and false");
		assert_null(strchr(buf, '/'));
		if (buf[0] != '\0') {
			assert_true(buf[0] != '-');
			assert_true(buf[strlen(buf) - 1] != '-');
		}
	}
}

// 'test_slug_zero()' - A zero-sized buffer is never written.
static void
test_slug_zero(void **state)
{
	char buf[1] = { 'x' };

	(void)state;
	assert_false(value_slug("abc", buf, 0));
	assert_int_equal(buf[0], 'x');
}

// 'test_slug_every_byte()' - Every byte alone: only ASCII letters and digits make a slug.
static void
test_slug_every_byte(void **state)
{
	char in[2] = { 0, 0 }, buf[8];

	(void)state;
	for (int b = 1; b < 256; b++) {
		bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');

		in[0] = (char)b;
		assert_int_equal(value_slug(in, buf, sizeof(buf)), alnum);
		if (alnum)
			assert_int_equal(buf[0], (b >= 'A' && b <= 'Z') ? b - 'A' + 'a' : b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_money_limit),
		cmocka_unit_test(test_quantity),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_every_day),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_fy),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_month_helpers),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_slug_zero),
		cmocka_unit_test(test_slug_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
