// How figures are shown: money, percentages, thousands, measure values, months, financial years
// and UK dates and times as text.  The PDF, the JSON twins, the charts' labels and the file
// names all format through here, so a figure reads the same everywhere.  UTF-8 out, no locale,
// no floating point.
#ifndef FORMAT_H
#define FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vocab.h"

// 'format_decimal()' - v in decimal, after a minus when negative, no commas ("1234567", "-5"),
//                      written by hand (printf was a fifth of writing an overview's twin and of
//                      packing its PDF), cut to size as snprintf would.  O - the length written.
size_t format_decimal(uint64_t v, bool negative, char *buf, size_t size);

// 'format_thousands()' - A whole number with thousands commas: "1,234,567", "-1,200".
void format_thousands(int64_t v, char *buf, size_t size);

// 'format_pounds()' - Pence in whole pounds, rounded half away from zero: "£12,345", "-£1,200".
void format_pounds(int64_t pence, char *buf, size_t size);

// 'format_pence()' - Pence exactly: "£12,345.67".
void format_pence(int64_t pence, char *buf, size_t size);

// 'format_pct()' - "4.2%", or "n/a" for none.
void format_pct(pct_t pct, char *buf, size_t size);

// 'format_bp()' - Hundredths of a percent: 500 "5%", 750 "7.5%", 1234 "12.34%".
void format_bp(int64_t bp, char *buf, size_t size);

// 'format_value()' - A measure's value (thousandths of its unit): counts "1,234", quantities
//                    "12.125", money "£1,234" in whole pounds; for_json: "1234.5", no commas, no £.
void format_value(int64_t thousandths, measure_kind_t kind, bool for_json, char *buf, size_t size);

// 'format_variance()' - A variance % in words: "4.2% over profile", "1.0% under profile",
//                       "0.0% on profile", or "n/a: no YTD profile" when it has none.
void format_variance(pct_t pct, int64_t variance, char *buf, size_t size);

// 'format_count()' - "1,234 rows", "1 row": a count with its noun, plural unless one.
void format_count(long n, const char *noun, char *buf, size_t size);

// 'format_fy()' - "2020/21" (sep '/') or "2020-21" (sep '-') into buf (at least 8 bytes).
void format_fy(int fy, char sep, char *buf);

// 'format_month()' - "2020-06" into buf (at least 8 bytes).
void format_month(month_t m, char *buf);

// 'format_month_name()' - "June 2020".
void format_month_name(month_t m, char *buf, size_t size);

// 'format_date()' - A day of month m: "30 June 2020", or iso "2020-06-30"; day 0 (a date read
//                   as a bare month) is the month alone, "June 2020" or "2020-06".
void format_date(month_t m, int day, bool iso, char *buf, size_t size);

// 'format_period_abbr()' - The short month name of period p (1..12): "Apr" .. "Mar".
const char *format_period_abbr(int p);

// 'format_uk_time()' - A time as UK civil time: "1 July 2020 at 10:05 BST" (GMT in winter).
void format_uk_time(time_t t, char *buf, size_t size);

// 'format_uk_date()' - A time's UK calendar date: "3 July 2020".
void format_uk_date(time_t t, char *buf, size_t size);

// 'format_iso_utc()' - ISO 8601 in UTC, "2020-07-03T06:00:00Z"; false for a time gmtime cannot show.
bool format_iso_utc(time_t t, char *buf, size_t size);

#endif
