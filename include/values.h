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

#include "vocab.h"

// A calendar date.
typedef struct date {
	int year;	// 1..9999
	int month;	// 1..12
	int day;	// 1..31
} date_t;

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

// 'value_slug()' - The file-name form of a unit; false when it would be empty, "." or "..".
bool value_slug(const char *unit, char *buf, size_t bufsize);


#endif
