// Unit tests of issued twins read back (records.c): the same content or not, the changes as
// the reports word them, an issued return's month figures.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "figures.h"
#include "records.h"

// A monthly twin, cut down to what these tests need, with a placeholder for its figures.
static const char issued_text[] =
	"{\"report\": \"monthly-return\", \"version\": \"1.0.0\", \"generated_at\": \"2020-07-01T00:00:00Z\",\n"
	" \"unit\": \"Met OIT\", \"month\": \"2020-06\", \"award_pence\": 25000000,\n"
	" \"spend\": {\"categories\": [\n"
	"   {\"name\": \"Staff overtime\", \"month_actual_pence\": 1020000, \"ytd_actual_pence\": 3000000},\n"
	"   {\"name\": \"Travel\", \"month_actual_pence\": 50000, \"ytd_actual_pence\": 90000}],\n"
	"  \"total\": {\"month_actual_pence\": 1070000}, \"rag\": \"GREEN\"},\n"
	" \"outcomes\": [{\"measure\": \"arrests\", \"label\": \"Arrests\", \"kind\": \"count\", \"month\": 4, \"ytd\": 11},\n"
	"   {\"measure\": \"class_a_kg\", \"label\": \"Class A (kg)\", \"kind\": \"quantity\", \"month\": 1.125, \"ytd\": 2}],\n"
	" \"commentary\": {\"summary\": [\"On track.\"]},\n"
	" \"inputs\": [{\"file\": \"spend.csv\", \"sha256\": \"aaaa\"}]}\n";

// The same report now: a journal moved Staff overtime, a run later and another version.
static const char now_text[] =
	"{\"report\": \"monthly-return\", \"version\": \"1.1.0\", \"generated_at\": \"2020-08-01T00:00:00Z\",\n"
	" \"revision\": 2, \"unit\": \"Met OIT\", \"month\": \"2020-06\", \"award_pence\": 25000000,\n"
	" \"spend\": {\"categories\": [\n"
	"   {\"name\": \"Travel\", \"month_actual_pence\": 50000, \"ytd_actual_pence\": 90000},\n"
	"   {\"name\": \"Staff overtime\", \"month_actual_pence\": 1095000, \"ytd_actual_pence\": 3075000},\n"
	"   {\"name\": \"Uniforms\", \"month_actual_pence\": 100, \"ytd_actual_pence\": 100}],\n"
	"  \"total\": {\"month_actual_pence\": 1145100}, \"rag\": \"AMBER\"},\n"
	" \"outcomes\": [{\"measure\": \"arrests\", \"label\": \"Arrests\", \"kind\": \"count\", \"month\": 4, \"ytd\": 11},\n"
	"   {\"measure\": \"class_a_kg\", \"label\": \"Class A (kg)\", \"kind\": \"quantity\", \"month\": 1.5, \"ytd\": 2}],\n"
	" \"commentary\": {\"summary\": [\"Behind.\"]},\n"
	" \"inputs\": [{\"file\": \"spend.csv\", \"sha256\": \"bbbb\"}], \"added_later\": 1}\n";

// 'find()' - The change whose what is what, or NULL.
static const change_t *
find(const record_t *r, const char *what)
{
	for (int i = 0; i < r->n_changes; i++)
		if (strcmp(r->changes[i].what, what) == 0)
			return &r->changes[i];
	return NULL;
}

// What a run changes without the figures changing (version, time, input hashes, the record's
// own fields) and keys the issued twin lacks are not content.
static void
test_same(void **state)
{
	json_t *a = record_parse(issued_text, strlen(issued_text));
	char copy[sizeof issued_text + 64];
	(void)state;

	assert_non_null(a);
	// The same figures with another version, time, input hash and revision, and a new key.
	snprintf(copy, sizeof copy, "%s", issued_text);
	memcpy(strstr(copy, "1.0.0"), "9.9.9", 5);
	memcpy(strstr(copy, "2020-07-01T00"), "2021-01-01T00", 13);
	memcpy(strstr(copy, "aaaa"), "cccc", 4);
	char *end = strrchr(copy, '}');
	strcpy(end, ", \"revision\": 3, \"new_key\": true}\n");
	json_t *b = record_parse(copy, strlen(copy));
	assert_non_null(b);
	assert_true(record_same(a, b));
	json_t *c = record_parse(now_text, strlen(now_text));
	assert_false(record_same(a, c));
	record_free_json(a);
	record_free_json(b);
	record_free_json(c);
}

// Every figure that differs, named as the reports name it, with issued, now and difference.
static void
test_changes(void **state)
{
	json_t *a = record_parse(issued_text, strlen(issued_text)), *b = record_parse(now_text, strlen(now_text));
	record_t r = { 0 };
	const change_t *c;
	(void)state;

	record_changes(a, b, &r);
	assert_non_null(c = find(&r, "Staff overtime \xe2\x80\x94 month actual"));
	assert_string_equal(c->issued, "\xc2\xa3" "10,200");
	assert_string_equal(c->now, "\xc2\xa3" "10,950");
	assert_string_equal(c->difference, "+\xc2\xa3" "750");
	assert_non_null(c = find(&r, "Staff overtime \xe2\x80\x94 YTD actual"));
	assert_non_null(c = find(&r, "Total \xe2\x80\x94 month actual"));
	assert_non_null(c = find(&r, "RAG"));
	assert_string_equal(c->issued, "GREEN");
	assert_string_equal(c->now, "AMBER");
	assert_null(c->difference);
	assert_non_null(c = find(&r, "Class A (kg) \xe2\x80\x94 month"));
	assert_string_equal(c->issued, "1.125");
	assert_string_equal(c->now, "1.5");
	assert_string_equal(c->difference, "+0.375");
	assert_non_null(c = find(&r, "Uniforms"));
	assert_string_equal(c->now, "listed");
	assert_non_null(c = find(&r, "Commentary \xe2\x80\x94 summary"));
	assert_string_equal(c->issued, "On track.");
	assert_string_equal(c->now, "Behind.");
	// Travel did not change; the version, time, inputs and the new key are not listed.
	assert_null(find(&r, "Travel \xe2\x80\x94 month actual"));
	assert_null(find(&r, "version"));
	assert_null(find(&r, "added later"));
	assert_int_equal(r.n_changes, 7);
	record_free(&r);
	record_free_json(a);
	record_free_json(b);
}

// A change's 'what' starts with a capital, as the changes table's row headers do, even where
// the key's label alone names it ("Remaining grant", "Award").
static void
test_changes_capital(void **state)
{
	static const char a_text[] = "{\"remaining_grant_pence\": 100, \"award_pence\": 5}";
	static const char b_text[] = "{\"remaining_grant_pence\": 300, \"award_pence\": 7}";
	json_t *a = record_parse(a_text, strlen(a_text)), *b = record_parse(b_text, strlen(b_text));
	record_t r = { 0 };
	const change_t *c;
	(void)state;

	record_changes(a, b, &r);
	assert_int_equal(r.n_changes, 2);
	assert_non_null(c = find(&r, "Remaining grant"));
	assert_string_equal(c->difference, "+\xc2\xa3" "2");
	assert_non_null(find(&r, "Award"));
	record_free(&r);
	record_free_json(a);
	record_free_json(b);
}

// An issued return's month figures: each category's month actual, each measure's month value
// in thousandths of its unit.
static void
test_month_figures(void **state)
{
	json_t *a = record_parse(issued_text, strlen(issued_text));
	restatement_t *f = NULL;
	int n = 0;
	(void)state;

	assert_true(record_month_figures(a, &f, &n));
	assert_int_equal(n, 4);
	assert_true(f[0].spend);
	assert_string_equal(f[0].name, "Staff overtime");
	assert_int_equal(f[0].issued, 1020000);
	assert_false(f[2].spend);
	assert_string_equal(f[2].name, "arrests");
	assert_string_equal(f[2].label, "Arrests");
	assert_int_equal(f[2].issued, 4000);
	assert_int_equal(f[3].kind, KIND_QUANTITY);
	assert_int_equal(f[3].issued, 1125);
	record_t r = { .n_restatements = n, .restatements = f };
	record_free(&r);
	record_free_json(a);
}

// What is not an issued twin: not JSON, half a file, an array, a summary's twin for month figures.
static void
test_unreadable(void **state)
{
	json_t *half = record_parse(issued_text, sizeof issued_text / 2);
	json_t *s = record_parse("{\"report\": \"continuation-summary\"}", 34);
	restatement_t *f = NULL;
	int n = 0;
	(void)state;

	assert_null(half);
	assert_null(record_parse("[1, 2]", 6));
	assert_null(record_parse("{\"a\": 1, \"a\": 2}", 16));		// a duplicate key
	assert_null(record_parse("", 0));
	assert_non_null(s);
	assert_false(record_month_figures(s, &f, &n));
	assert_int_equal(n, 0);
	assert_int_equal(record_int(s, "revision", 1), 1);
	assert_string_equal(record_str(s, "report"), "continuation-summary");
	record_free_json(s);
}

// The revision after the issued one: its number, what it replaces (file, time, hash), the changes.
static void
test_supersede(void **state)
{
	json_t *a = record_parse(issued_text, strlen(issued_text)), *b = record_parse(now_text, strlen(now_text));
	record_t r = { 0 };
	(void)state;

	record_supersede(&r, a, b, 2, "met-oit/superseded/2020-06-monthly-return.r2.pdf", "abcd");
	assert_int_equal(r.revision, 3);
	assert_string_equal(r.supersedes_file, "met-oit/superseded/2020-06-monthly-return.r2.pdf");
	assert_string_equal(r.supersedes_generated_at, "2020-07-01T00:00:00Z");
	assert_int_equal(r.supersedes_at, 1593561600);
	assert_string_equal(r.supersedes_sha256, "abcd");
	assert_int_equal(r.n_changes, 7);
	record_free(&r);
	// A twin that could not be read: the revision still follows, nothing is listed as changed.
	record_supersede(&r, NULL, b, 1, "met-oit/superseded/x.r1.pdf", "ef01");
	assert_int_equal(r.revision, 2);
	assert_null(r.supersedes_generated_at);
	assert_int_equal(r.supersedes_at, 0);
	assert_int_equal(r.n_changes, 0);
	record_free(&r);
	record_free_json(a);
	record_free_json(b);
}

// An earlier month now against its issued return: what moved, what is new, what is gone, in
// the issued return's order, spend before outcomes; what did not move is not listed.
static void
test_restate(void **state)
{
	json_t *a = record_parse(issued_text, strlen(issued_text));
	restatement_t *f = NULL;
	int n = 0;
	spend_line_t lines[] = {
		{ .name = "Travel", .month_actual = 50000 },		// as issued
		{ .name = "Staff overtime", .month_actual = 1095000 },	// a late journal
		{ .name = "Uniforms", .month_actual = 100 },		// not in the issued return
		{ .name = "Training", .month_actual = 0 },		// listed now, nothing spent
	};
	outcome_line_t outcomes[] = {
		{ .measure = "class_a_kg", .label = "Class A (kg)", .kind = KIND_QUANTITY, .month = 1500 },
	};	// arrests gone
	monthly_t now = { .month = month_of(2020, 6), .n_lines = 4, .lines = lines, .n_outcomes = 1,
	                  .outcomes = outcomes };
	record_t r = { 0 };
	(void)state;

	assert_true(record_month_figures(a, &f, &n));
	record_restate(&r, f, n, &now);
	assert_int_equal(r.n_compared, 1);
	assert_int_equal(r.n_restatements, 4);
	assert_true(r.restatements[0].spend);
	assert_string_equal(r.restatements[0].name, "Staff overtime");
	assert_int_equal(r.restatements[0].month, month_of(2020, 6));
	assert_int_equal(r.restatements[0].issued, 1020000);
	assert_int_equal(r.restatements[0].now, 1095000);
	assert_string_equal(r.restatements[1].name, "Uniforms");
	assert_int_equal(r.restatements[1].issued, 0);
	assert_int_equal(r.restatements[1].now, 100);
	assert_false(r.restatements[2].spend);
	assert_string_equal(r.restatements[2].name, "arrests");
	assert_string_equal(r.restatements[2].label, "Arrests");
	assert_int_equal(r.restatements[2].issued, 4000);
	assert_int_equal(r.restatements[2].now, 0);
	assert_string_equal(r.restatements[3].name, "class_a_kg");
	assert_int_equal(r.restatements[3].kind, KIND_QUANTITY);
	assert_int_equal(r.restatements[3].now, 1500);
	record_free(&r);
	r = (record_t){ .n_restatements = n, .restatements = f };
	record_free(&r);
	record_free_json(a);
}

// Restatements of one category in two months are told apart by their month.
static void
test_restatement_changes(void **state)
{
	static const char a_text[] = "{\"restatements\": ["
		"{\"month\": \"2020-04\", \"kind\": \"spend\", \"name\": \"Travel\", \"issued\": 1, \"now\": 2},"
		"{\"month\": \"2020-05\", \"kind\": \"spend\", \"name\": \"Travel\", \"issued\": 5, \"now\": 9}]}";
	static const char b_text[] = "{\"restatements\": ["
		"{\"month\": \"2020-05\", \"kind\": \"spend\", \"name\": \"Travel\", \"issued\": 5, \"now\": 7}]}";
	json_t *a = record_parse(a_text, strlen(a_text)), *b = record_parse(b_text, strlen(b_text));
	record_t r = { 0 };
	const change_t *c;
	(void)state;

	record_changes(a, b, &r);
	assert_int_equal(r.n_changes, 2);
	assert_non_null(c = find(&r, "Restated since issued \xe2\x80\x94 Travel (2020-04)"));
	assert_string_equal(c->now, "no longer listed");
	assert_non_null(c = find(&r, "Restated since issued \xe2\x80\x94 Travel (2020-05) \xe2\x80\x94 now"));
	assert_string_equal(c->issued, "9");
	assert_string_equal(c->now, "7");
	record_free(&r);
	record_free_json(a);
	record_free_json(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_changes_capital),
		cmocka_unit_test(test_month_figures),
		cmocka_unit_test(test_supersede),
		cmocka_unit_test(test_restate),
		cmocka_unit_test(test_restatement_changes),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
