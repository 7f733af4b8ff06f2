// Parsing of the contract's value forms (money, quantity, date, month, financial year, slug).
//
// Every parser takes a NUL-terminated UTF-8 string (a CSV field after decoding) and
// returns true with the value, or false when the text is not a valid value of that kind.
// None of them allocates, reads the locale or uses floating point.
#ifndef VALUES_H
#define VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Magnitudes of £10,000,000,000 and above are rejected: 10^12 pence.
#define MONEY_LIMIT_PENCE INT64_C(1000000000000)

// A calendar date.
typedef struct date {
	int year;	// 1..9999
	int month;	// 1..12
	int day;	// 1..31
} date_t;

// A month as a single integer: year * 12 + (month - 1).  Easy to compare and step.
typedef int month_t;

static inline month_t month_of(int year, int month) { return year * 12 + (month - 1); }
static inline int month_year(month_t m) { return m / 12; }
static inline int month_number(month_t m) { return m % 12 + 1; }

// The financial year a month lies in, named by the year it starts (2020 for 2020/21).
static inline int fy_of_month(month_t m) { return month_number(m) >= 4 ? month_year(m) : month_year(m) - 1; }
// The period (April = 1 .. March = 12) of a month in its financial year.
static inline int period_of_month(month_t m) { return (month_number(m) + 8) % 12 + 1; }
// The month of period p (1..12) of financial year fy.
static inline month_t fy_period_month(int fy, int p) { return month_of(fy, 4) + (p - 1); }

// 'value_parse_money()' - Money into pence: "-£1,234.56", "(£12.00)", "GBP 5", "£" as UTF-8 or 0xA3.
bool value_parse_money(const char *s, int64_t *pence);

// 'value_parse_quantity()' - A non-negative decimal with up to three places, into thousandths.
bool value_parse_quantity(const char *s, int64_t *thousandths);

// 'value_parse_count()' - A non-negative whole number (spaces around it allowed).
bool value_parse_count(const char *s, int64_t *count);

// 'value_parse_date()' - Any date form of the contract, or a bare "YYYY-MM" (day set to 0).
bool value_parse_date(const char *s, date_t *date);

// 'value_parse_month()' - "YYYY-MM".
bool value_parse_month(const char *s, month_t *month);

// 'value_parse_fy()' - "YYYY/YY" (the second year must follow the first), into its start year.
bool value_parse_fy(const char *s, int *fy);

// 'value_format_fy()' - "2020/21" (sep '/') or "2020-21" (sep '-') into buf (at least 8 bytes).
void value_format_fy(int fy, char sep, char *buf);

// 'value_format_month()' - "2020-06" into buf (at least 8 bytes).
void value_format_month(month_t m, char *buf);

// 'value_slug()' - The file-name form of a unit; false when it would be empty, "." or "..".
bool value_slug(const char *unit, char *buf, size_t bufsize);



#include <time.h>

// 'value_london_time()' - t as a UK civil time (GMT, or BST from 01:00 UTC on the last Sunday of
//                         March to 01:00 UTC on the last Sunday of October), without tzdata.
//                         tm_isdst is 1 in BST.
void value_london_time(time_t t, struct tm *out);

#endif
