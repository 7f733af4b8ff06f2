// Unit tests of the shared vocabulary (vocab.c: rounding, percentages, measures, UK time) and of
// the display forms every renderer uses (format.c), against hand-written expectations.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "format.h"
#include "vocab.h"

#define POUND "\xC2\xA3"

// Half away from zero, both signs.
static void
test_div_round(void **state)
{
	(void)state;
	assert_int_equal(div_round(5, 2), 3);
	assert_int_equal(div_round(-5, 2), -3);
	assert_int_equal(div_round(5, -2), -3);
	assert_int_equal(div_round(7, 3), 2);
	assert_int_equal(div_round(-7, 3), -2);
	assert_int_equal(div_round(0, 7), 0);
	assert_int_equal(div_round(INT64_C(1000000000000000), 3), INT64_C(333333333333333));
}

// Money in whole pounds, half away from zero, thousands commas, leading minus; one-decimal percentages.
static void
test_display_forms(void **state)
{
	char buf[64];

	(void)state;
	format_pounds(1234500, buf, sizeof buf);
	assert_string_equal(buf, "\xC2\xA3" "12,345");
	format_pounds(-120000, buf, sizeof buf);
	assert_string_equal(buf, "-\xC2\xA3" "1,200");
	format_pounds(50, buf, sizeof buf);
	assert_string_equal(buf, "\xC2\xA3" "1");
	format_pounds(-50, buf, sizeof buf);
	assert_string_equal(buf, "-\xC2\xA3" "1");
	format_pounds(49, buf, sizeof buf);
	assert_string_equal(buf, "\xC2\xA3" "0");
	format_pounds(-49, buf, sizeof buf);
	assert_string_equal(buf, "\xC2\xA3" "0");
	format_pounds(99999950, buf, sizeof buf);
	assert_string_equal(buf, "\xC2\xA3" "1,000,000");
	format_pct((pct_t){ true, 42 }, buf, sizeof buf);
	assert_string_equal(buf, "4.2%");
	format_pct((pct_t){ true, -63 }, buf, sizeof buf);
	assert_string_equal(buf, "-6.3%");
	format_pct((pct_t){ true, -5 }, buf, sizeof buf);
	assert_string_equal(buf, "-0.5%");
	format_pct((pct_t){ true, 0 }, buf, sizeof buf);
	assert_string_equal(buf, "0.0%");
	format_pct((pct_t){ false, 0 }, buf, sizeof buf);
	assert_string_equal(buf, "n/a");
	assert_string_equal(rag_word(RAG_GREEN), "GREEN");
	assert_string_equal(rag_word(RAG_AMBER), "AMBER");
	assert_string_equal(rag_word(RAG_RED), "RED");
	assert_null(rag_word(RAG_NONE));
}

static void
test_london_time(void **state)
{
	static const struct { time_t t; const char *want; } cases[] = {
		{ 1593594000, "1 July 2020 at 10:00 BST" },
		{ 1585443599, "29 March 2020 at 00:59 GMT" },	// a second before the change
		{ 1585443600, "29 March 2020 at 02:00 BST" },
		{ 1603587599, "25 October 2020 at 01:59 BST" },
		{ 1603587600, "25 October 2020 at 01:00 GMT" },
		{ 1609459199, "31 December 2020 at 23:59 GMT" },
		{ 951782400, "29 February 2000 at 00:00 GMT" },
	};
	char buf[64];
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_uk_time(cases[i].t, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	// The date alone is London's: 23:30 UTC on 30 June 2020 is already 1 July there.
	format_uk_date(1593559800, buf, sizeof buf);
	assert_string_equal(buf, "1 July 2020");
	format_uk_date(1609459199, buf, sizeof buf);
	assert_string_equal(buf, "31 December 2020");
}

// Rounding of a scaled quotient in 128 bits: products past int64 still round right.
static void
test_div_round_scaled(void **state)
{
	(void)state;
	assert_int_equal(div_round_scaled(5, 1, 2), 3);
	assert_int_equal(div_round_scaled(-1, 1000, 3), -333);
	assert_int_equal(div_round_scaled(1, 1000, 2000), 1);		// 0.5 away from zero
	assert_int_equal(div_round_scaled(-1, 1000, 2000), -1);
	// 9.2e15 pence * 1000 is past int64; the quotient is not.
	assert_int_equal(div_round_scaled(INT64_C(9200000000000000), 1000, 3000), INT64_C(3066666666666667));
}

// One decimal, half away from zero; none where the denominator is 0.
static void
test_pct_of(void **state)
{
	pct_t p;

	(void)state;
	p = pct_of(3646, 30200);	// 12.07...%
	assert_true(p.has);
	assert_int_equal(p.tenths, 121);
	p = pct_of(-5, 1000);		// -0.5% exactly
	assert_int_equal(p.tenths, -5);
	p = pct_of(1, 2000);		// 0.05% rounds to 0.1%
	assert_int_equal(p.tenths, 1);
	p = pct_of(-1, 2000);
	assert_int_equal(p.tenths, -1);
	p = pct_of(7, 0);
	assert_false(p.has);
}

// The contract's measures in its order; any other key ranks after them.
static void
test_measures(void **state)
{
	(void)state;
	assert_int_equal(measure_rank("networks_targeted"), 0);
	assert_int_equal(measure_rank("individuals_identified"), N_KNOWN_MEASURES - 1);
	assert_int_equal(measure_rank("drones_seized"), N_KNOWN_MEASURES);
	assert_int_equal(known_measures[measure_rank("cash_seized")].kind, KIND_MONEY);
	assert_int_equal(known_measures[measure_rank("class_a_kg")].kind, KIND_QUANTITY);
	// The main measures are the first four, as the charts show them.
	for (int i = 0; i < N_KNOWN_MEASURES; i++)
		assert_int_equal(known_measures[i].main, i < 4);
	assert_string_equal(level_names[LEVEL_NEGATIVE], "negative");
	assert_string_equal(level_labels[LEVEL_MAJOR], "Major");
	assert_string_equal(section_names[SECTION_CONTINUATION], "continuation");
}

// Whole numbers with thousands commas, both signs, to the int64 edges.
static void
test_thousands(void **state)
{
	static const struct { int64_t v; const char *want; } cases[] = {
		{ 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { -1000, "-1,000" }, { 1234567, "1,234,567" },
		{ INT64_MAX, "9,223,372,036,854,775,807" }, { INT64_MIN, "-9,223,372,036,854,775,808" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_thousands(cases[i].v, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	// A buffer too small holds what fits, ended, as snprintf leaves it; size 0 writes nothing.
	format_thousands(-1234567, buf, 6);
	assert_string_equal(buf, "-1,23");
	format_thousands(-5, buf, 1);
	assert_string_equal(buf, "");
	buf[0] = 'x';
	format_thousands(7, buf, 0);
	assert_int_equal(buf[0], 'x');
	// Without commas (JSON, PDF object numbers): the length written is returned.
	assert_int_equal(format_decimal(0, false, buf, sizeof buf), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(format_decimal(UINT64_MAX, true, buf, sizeof buf), 21);
	assert_string_equal(buf, "-18446744073709551615");
	assert_int_equal(format_decimal(1234567, false, buf, 4), 3);
	assert_string_equal(buf, "123");
	assert_int_equal(format_decimal(5, false, buf, 0), 0);
}

// Pence exactly, hundredths of a percent, counts with their nouns.
static void
test_pence_bp_count(void **state)
{
	char buf[64];

	(void)state;
	format_pence(123456789, buf, sizeof buf);
	assert_string_equal(buf, POUND "1,234,567.89");
	format_pence(-5, buf, sizeof buf);
	assert_string_equal(buf, "-" POUND "0.05");
	format_pence(INT64_MIN, buf, sizeof buf);
	assert_string_equal(buf, "-" POUND "92,233,720,368,547,758.08");
	format_bp(500, buf, sizeof buf);
	assert_string_equal(buf, "5%");
	format_bp(750, buf, sizeof buf);
	assert_string_equal(buf, "7.5%");
	format_bp(1234, buf, sizeof buf);
	assert_string_equal(buf, "12.34%");
	format_bp(1205, buf, sizeof buf);
	assert_string_equal(buf, "12.05%");
	format_bp(9500, buf, sizeof buf);
	assert_string_equal(buf, "95%");
	format_bp(-250, buf, sizeof buf);
	assert_string_equal(buf, "-2.5%");
	format_count(1, "row", buf, sizeof buf);
	assert_string_equal(buf, "1 row");
	format_count(0, "row", buf, sizeof buf);
	assert_string_equal(buf, "0 rows");
	format_count(12345, "spend row", buf, sizeof buf);
	assert_string_equal(buf, "12,345 spend rows");
	format_count(-2, "row", buf, sizeof buf);
	assert_string_equal(buf, "-2 rows");
}

// A measure's value in its own unit: counts, quantities to three decimals, money in whole
// pounds (PDF) or pounds with decimals (JSON).
static void
test_values(void **state)
{
	static const struct { int64_t v; measure_kind_t kind; bool json; const char *want; } cases[] = {
		{ 3000, KIND_COUNT, false, "3" }, { 1234000, KIND_COUNT, false, "1,234" },
		{ 1234000, KIND_COUNT, true, "1234" }, { 12125, KIND_QUANTITY, false, "12.125" },
		{ 500, KIND_QUANTITY, false, "0.5" }, { 1250, KIND_QUANTITY, true, "1.25" },
		{ -5, KIND_QUANTITY, true, "-0.005" }, { 1234567120, KIND_QUANTITY, false, "1,234,567.12" },
		{ 6999500, KIND_MONEY, false, POUND "7,000" }, { 6999500, KIND_MONEY, true, "6999.5" },
		{ 1499, KIND_MONEY, false, POUND "1" },		// rounded once, from thousandths
		{ 1500, KIND_MONEY, false, POUND "2" }, { -1500, KIND_MONEY, false, "-" POUND "2" },
		{ 0, KIND_MONEY, true, "0" }, { -1000, KIND_COUNT, false, "-1" },
		{ INT64_MIN, KIND_QUANTITY, true, "-9223372036854775.808" },
		{ INT64_MIN, KIND_QUANTITY, false, "-9,223,372,036,854,775.808" },
		{ INT64_MAX, KIND_COUNT, false, "9,223,372,036,854,775.807" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_value(cases[i].v, cases[i].kind, cases[i].json, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

// Months and financial years by name and abbreviation; ISO times in UTC.
static void
test_months_and_times(void **state)
{
	char buf[64];
	struct tm tm;

	(void)state;
	format_month_name(month_of(2020, 6), buf, sizeof buf);
	assert_string_equal(buf, "June 2020");
	format_month_name(month_of(2021, 1), buf, sizeof buf);
	assert_string_equal(buf, "January 2021");
	assert_string_equal(format_period_abbr(1), "Apr");
	assert_string_equal(format_period_abbr(9), "Dec");
	assert_string_equal(format_period_abbr(12), "Mar");
	assert_true(format_iso_utc(1593756000, buf, sizeof buf));
	assert_string_equal(buf, "2020-07-03T06:00:00Z");
	// The instant BST starts in 2021 (01:00 UTC, 28 March): an hour ahead from then on.
	london_time(1616893199, &tm);
	assert_int_equal(tm.tm_hour, 0);
	assert_int_equal(tm.tm_isdst, 0);
	london_time(1616893200, &tm);
	assert_int_equal(tm.tm_hour, 2);
	assert_int_equal(tm.tm_isdst, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_div_round_scaled),
		cmocka_unit_test(test_pct_of),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_display_forms),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_pence_bp_count),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_months_and_times),
		cmocka_unit_test(test_london_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
