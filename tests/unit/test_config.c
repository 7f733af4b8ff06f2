// Unit tests of report.ini (config.c): defaults, every section and key, and each error with
// its line, as an operator would meet them.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "roit.h"

#include "fixture.h"

typedef struct fx {
	char dir[64];
	config_t cfg;
	bool loaded;
	char err[2048];		// stderr of the last load
} fx_t;

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-config-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;

	if (f->loaded)
		config_free(&f->cfg);
	remove_folder(f->dir);
	free(f);
	return 0;
}

// 'load_ini()' - Write report.ini (unless text is NULL) and load it; O - config_load()'s status.
static int
load_ini(fx_t *f, const char *text)
{
	int saved, status;

	if (text != NULL)
		write_file(f->dir, "report.ini", text);
	if (f->loaded)
		config_free(&f->cfg);
	saved = capture_begin(f->dir);
	status = config_load(f->dir, fontdir, &f->cfg);
	capture_end(f->dir, saved, f->err, sizeof f->err);
	f->loaded = true;
	return status;
}

// 'expect_error()' - report.ini text fails with exit 78 and a message holding want.
static void
expect_error(fx_t *f, const char *text, const char *want)
{
	assert_int_equal(load_ini(f, text), ROIT_EX_CONFIG);
	if (strstr(f->err, want) == NULL)
		fail_msg("stderr \"%s\" lacks \"%s\"", f->err, want);
}

// Without report.ini every key has its default, and the fonts are the installed ones.
static void
test_defaults(void **state)
{
	fx_t *f = *state;
	char want[4200];

	assert_int_equal(load_ini(f, NULL), ROIT_OK);
	assert_null(f->cfg.path);
	assert_string_equal(f->cfg.organisation, "");
	assert_string_equal(f->cfg.team, "Regional Online Investigation Team");
	assert_string_equal(f->cfg.marking, "OFFICIAL-SENSITIVE");
	assert_string_equal(f->cfg.scrutiny, "Home Office / NPCC");
	assert_int_equal(f->cfg.amber_bp, 500);
	assert_int_equal(f->cfg.red_bp, 1000);
	assert_int_equal(f->cfg.materiality, 100000);
	assert_int_equal(f->cfg.n_cost_centres, 0);
	assert_null(f->cfg.spend_unit);
	assert_null(f->cfg.outcomes_unit);
	assert_false(f->cfg.fonts_from_ini);
	snprintf(want, sizeof want, "%s/LiberationSans-Regular.ttf", fontdir);
	assert_string_equal(f->cfg.font_regular, want);
	assert_string_equal(f->err, "");
}

// Every section and key of the contract's example, read as written; font paths relative to
// report.ini's folder, or absolute.
static void
test_every_key(void **state)
{
	fx_t *f = *state;
	const char *label;
	measure_kind_t kind;
	char ini[8400], abs_fonts[4096], want[4200], cmd[8400];

	assert_non_null(realpath(fontdir, abs_fonts));
	snprintf(cmd, sizeof cmd, "mkdir -p %s/typefaces && cp %s/LiberationSans-Bold.ttf %s/typefaces/B.ttf",
	         f->dir, abs_fonts, f->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(ini, sizeof ini,
	         "; the unit's settings\n"
	         "[report]\norganisation = Metropolitan Police Service\nteam = Online Investigation Team\n"
	         "marking = OFFICIAL-SENSITIVE [PERSONAL]\nscrutiny = Home Office\n"
	         "prepared_by = DI Sarah Okafor\napproved_by = Det Supt Mark Ellis\n\n"
	         "[thresholds]\namber_pct = 7.5\nred_pct = 12.25\nmateriality = £2,500\n"
	         "[fonts]\nregular = %s/LiberationSans-Regular.ttf\nbold = typefaces/B.ttf\n"
	         "[spend]\ncost_centres = OIT01, OIT02 ,, OIT03\nunit = Met OIT\n"
	         "[outcomes]\nunit =\n"
	         "[columns.spend]\namount = Amount (GBP)\ndate = Payment Date\n"
	         "[columns.grants]\nfinancial_year = Year\n"
	         "[measures]\nclass_a_kg = Class A drugs (kg), quantity\ncash_seized = Cash, money\n"
	         "drones = Drones seized\nseizures = Drugs, Class A\n", abs_fonts);
	assert_int_equal(load_ini(f, ini), ROIT_OK);
	assert_string_equal(f->err, "");
	assert_string_equal(f->cfg.organisation, "Metropolitan Police Service");
	assert_string_equal(f->cfg.team, "Online Investigation Team");
	assert_string_equal(f->cfg.marking, "OFFICIAL-SENSITIVE [PERSONAL]");
	assert_string_equal(f->cfg.scrutiny, "Home Office");
	assert_string_equal(f->cfg.prepared_by, "DI Sarah Okafor");
	assert_string_equal(f->cfg.approved_by, "Det Supt Mark Ellis");
	assert_int_equal(f->cfg.amber_bp, 750);
	assert_int_equal(f->cfg.red_bp, 1225);
	assert_int_equal(f->cfg.materiality, 250000);
	assert_true(f->cfg.fonts_from_ini);
	snprintf(want, sizeof want, "%s/LiberationSans-Regular.ttf", abs_fonts);
	assert_string_equal(f->cfg.font_regular, want);
	snprintf(want, sizeof want, "%s/typefaces/B.ttf", f->dir);
	assert_string_equal(f->cfg.font_bold, want);
	assert_int_equal(f->cfg.n_cost_centres, 3);
	assert_string_equal(f->cfg.cost_centres[0], "OIT01");
	assert_string_equal(f->cfg.cost_centres[1], "OIT02");
	assert_string_equal(f->cfg.cost_centres[2], "OIT03");
	assert_string_equal(f->cfg.spend_unit, "Met OIT");
	assert_null(f->cfg.outcomes_unit);
	assert_string_equal(config_alias(&f->cfg, FILE_SPEND, "amount"), "Amount (GBP)");
	assert_string_equal(config_alias(&f->cfg, FILE_SPEND, "date"), "Payment Date");
	assert_string_equal(config_alias(&f->cfg, FILE_GRANTS, "financial_year"), "Year");
	assert_null(config_alias(&f->cfg, FILE_SPEND, "category"));
	assert_null(config_alias(&f->cfg, FILE_BUDGET, "amount"));
	config_measure(&f->cfg, "class_a_kg", &label, &kind);
	assert_string_equal(label, "Class A drugs (kg)");
	assert_int_equal(kind, KIND_QUANTITY);
	config_measure(&f->cfg, "cash_seized", &label, &kind);
	assert_string_equal(label, "Cash");
	assert_int_equal(kind, KIND_MONEY);
	config_measure(&f->cfg, "drones", &label, &kind);
	assert_string_equal(label, "Drones seized");
	assert_int_equal(kind, KIND_COUNT);
	// A label with a comma whose last part is not one word keeps the comma.
	config_measure(&f->cfg, "seizures", &label, &kind);
	assert_string_equal(label, "Drugs, Class A");
	assert_int_equal(kind, KIND_COUNT);
}

// The contract's measures keep their own label and kind; others are a count under their key.
static void
test_measure_defaults(void **state)
{
	fx_t *f = *state;
	const char *label;
	measure_kind_t kind;

	assert_int_equal(load_ini(f, "[measures]\narrests = People arrested\n"), ROIT_OK);
	config_measure(&f->cfg, "arrests", &label, &kind);
	assert_string_equal(label, "People arrested");
	assert_int_equal(kind, KIND_COUNT);
	config_measure(&f->cfg, "cash_seized", &label, &kind);
	assert_string_equal(label, "Cash seized");
	assert_int_equal(kind, KIND_MONEY);
	config_measure(&f->cfg, "class_a_kg", &label, &kind);
	assert_int_equal(kind, KIND_QUANTITY);
	config_measure(&f->cfg, "bitcoin_wallets", &label, &kind);
	assert_string_equal(label, "bitcoin_wallets");
	assert_int_equal(kind, KIND_COUNT);
}

// Each mistake names report.ini, its line and what is wrong: exit 78, never a silent default.
static void
test_errors(void **state)
{
	fx_t *f = *state;
	static const struct { const char *ini, *want; } cases[] = {
		{ "[report]\nteam = A\n[reprot]\nmarking = X\n", "report.ini:3: unknown section [reprot]" },
		{ "[report]\n[empty_but_unknown]\n", "report.ini:2: unknown section [empty_but_unknown]" },
		{ "[report]\nmarkng = X\n", "report.ini:2: unknown key \"markng\" in [report]" },
		{ "[thresholds]\nambr_pct = 5\n", "report.ini:2: unknown key \"ambr_pct\" in [thresholds]" },
		{ "[fonts]\nitalic = x.ttf\n", "report.ini:2: unknown key \"italic\" in [fonts]" },
		{ "[spend]\nunits = A\n", "report.ini:2: unknown key \"units\" in [spend]" },
		{ "[outcomes]\ncost_centres = A\n", "report.ini:2: unknown key \"cost_centres\" in [outcomes]" },
		{ "marking = X\n", "report.ini:1: key \"marking\" comes before any [section]" },
		{ "[report\nteam = A\n", "report.ini:1: section header \"[report\" has no closing ]" },
		{ "[columns.spend]\nammount = Amount\n", "report.ini:2: unknown column \"ammount\" in [columns.spend]" },
		{ "[columns.ledger]\namount = Amount\n", "report.ini:1: unknown section [columns.ledger]" },
		{ "[thresholds]\namber_pct = five\n", "report.ini:2: amber_pct \"five\" is not a percentage" },
		{ "[thresholds]\nred_pct = 5.125\n", "report.ini:2: red_pct \"5.125\" is not a percentage" },
		{ "[thresholds]\nmateriality = -5\n", "report.ini:2: materiality \"-5\" is not a sum of money" },
		{ "[thresholds]\namber_pct = 12\nred_pct = 10\n", "report.ini: amber_pct is above red_pct" },
		{ "[measures]\ncash = Cash, mony\n", "report.ini:2: measure \"cash\": kind \"mony\" is not count, quantity or money" },
		{ "[measures]\ncash = money\n", "report.ini:2: measure \"cash\" needs a label before its kind \"money\"" },
		{ "[measures]\ncash = , money\n", "report.ini:2: measure \"cash\" has no label" },
		{ "[report]\nthis line has no equals sign\n", "report.ini:2: not a key = value line" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(f, cases[i].ini, cases[i].want);
}

// A font that cannot be read: named as report.ini's, or as the installed one.
static void
test_missing_fonts(void **state)
{
	fx_t *f = *state;
	char saved[sizeof fontdir];

	expect_error(f, "[fonts]\nregular = nowhere/R.ttf\n", "[fonts]");
	assert_non_null(strstr(f->err, "nowhere/R.ttf: cannot be read"));
	memcpy(saved, fontdir, sizeof saved);
	snprintf(fontdir, sizeof fontdir, "%s/no-fonts-here", f->dir);
	expect_error(f, "[report]\nteam = A\n", "(installed with roit-report): cannot be read");
	memcpy(fontdir, saved, sizeof saved);
}

// Later keys replace earlier ones; a cost-centre list of only commas means every row counts.
static void
test_repeats(void **state)
{
	fx_t *f = *state;

	assert_int_equal(load_ini(f, "[report]\nteam = A\nteam = B\n[spend]\ncost_centres = X\ncost_centres = , ,\n"
	                          "[columns.spend]\namount = One\namount = Two\n"), ROIT_OK);
	assert_string_equal(f->cfg.team, "B");
	assert_int_equal(f->cfg.n_cost_centres, 0);
	assert_string_equal(config_alias(&f->cfg, FILE_SPEND, "amount"), "Two");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_measure_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_fonts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeats, setup, teardown),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
