// Unit tests of one run (run.c) with the renderers' failures injected: the PDF renderers are
// wrapped at link time (-Wl,--wrap), so a chosen report fails as a libharu error would.  What
// was rendered before the failure is written, in order, and listed in SHA256SUMS; nothing of
// the failed report and nothing after it is written; the run exits 70 with a message.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pdf.h"
#include "roit.h"
#include "run.h"

#include "fixture.h"

// The month whose report the wrapped renderer fails, or -1.
static month_t fail_monthly = -1, fail_summary = -1;

int __real_pdf_monthly(const monthly_t *m, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);
int __real_pdf_summary(const summary_t *s, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);
int __wrap_pdf_monthly(const monthly_t *m, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);
int __wrap_pdf_summary(const summary_t *s, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);

int
__wrap_pdf_monthly(const monthly_t *m, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	if (m->month == fail_monthly) {
		roit_error("injected libharu failure");
		return ROIT_EX_SOFTWARE;
	}
	return __real_pdf_monthly(m, twin, shared, out);
}

int
__wrap_pdf_summary(const summary_t *s, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	if (s->month == fail_summary) {
		roit_error("injected libharu failure");
		return ROIT_EX_SOFTWARE;
	}
	return __real_pdf_summary(s, twin, shared, out);
}

typedef struct fx {
	char dir[64], in[96], out[96];
	char err[4096];
} fx_t;

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-run-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->in, sizeof f->in, "%s/in", f->dir);
	snprintf(f->out, sizeof f->out, "%s/out", f->dir);
	assert_int_equal(mkdir(f->in, 0700), 0);
	write_file(f->in, "grants.csv", "unit,financial_year,amount\nAlpha,2020/21,12000\n");
	write_file(f->in, "spend.csv", "date,unit,category,amount\n2020-04-01,Alpha,Staff,100\n"
	                               "2020-05-01,Alpha,Staff,200\n2020-06-01,Alpha,Staff,300\n");
	write_file(f->in, "outcomes.csv", "date,unit,measure\n2020-05-02,Alpha,arrests\n");
	fail_monthly = fail_summary = -1;
	roit_verbosity = ROIT_QUIET;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

// 'run_all_months()' - --all-months up to June 2020 into the fixture's output; O - the exit status.
static int
run_all_months(fx_t *f)
{
	run_options_t opt = { .input = f->in, .output = f->out, .have_month = true, .month = month_of(2020, 6),
	                      .all_months = true, .now = 1593561600, .fontdir = fontdir };
	int saved = capture_begin(f->dir), status = run(&opt);

	capture_end(f->dir, saved, f->err, sizeof f->err);
	return status;
}

// 'exists()' - Whether the output folder holds rel.
static bool
exists(const fx_t *f, const char *rel)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", f->out, rel);
	return access(path, F_OK) == 0;
}

// 'sums()' - SHA256SUMS's file names, one a line, in its order.
static void
sums(const fx_t *f, char *names, size_t size)
{
	char path[256], line[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/SHA256SUMS", f->out);
	names[0] = '\0';
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		strncat(names, line + 66, size - strlen(names) - 1);	// after "<64 hex>  "
	fclose(fp);
}

// Every report renders: the three returns and the summary, all listed.
static void
test_all_written(void **state)
{
	fx_t *f = *state;
	char names[2048];

	assert_int_equal(run_all_months(f), ROIT_OK);
	sums(f, names, sizeof names);
	assert_string_equal(names, "alpha/2020-04-monthly-return.json\nalpha/2020-04-monthly-return.pdf\n"
	                    "alpha/2020-05-monthly-return.json\nalpha/2020-05-monthly-return.pdf\n"
	                    "alpha/2020-06-monthly-return.json\nalpha/2020-06-monthly-return.pdf\n"
	                    "alpha/2020-21-continuation-summary.json\nalpha/2020-21-continuation-summary.pdf\n");
	assert_string_equal(f->err, "");
}

// May's return fails: April stands and is listed, nothing of May or June is written, exit 70.
static void
test_monthly_fails(void **state)
{
	fx_t *f = *state;
	char names[2048];

	fail_monthly = month_of(2020, 5);
	assert_int_equal(run_all_months(f), ROIT_EX_SOFTWARE);
	assert_non_null(strstr(f->err, "injected libharu failure"));
	assert_true(exists(f, "alpha/2020-04-monthly-return.pdf"));
	assert_true(exists(f, "alpha/2020-04-monthly-return.json"));
	assert_false(exists(f, "alpha/2020-05-monthly-return.pdf"));
	assert_false(exists(f, "alpha/2020-05-monthly-return.json"));
	assert_false(exists(f, "alpha/2020-06-monthly-return.pdf"));
	assert_false(exists(f, "alpha/2020-21-continuation-summary.pdf"));
	sums(f, names, sizeof names);
	assert_string_equal(names, "alpha/2020-04-monthly-return.json\nalpha/2020-04-monthly-return.pdf\n");
}

// The summary of June fails after June's return rendered: the return is written and listed,
// the summary is not written at all, exit 70.
static void
test_summary_fails(void **state)
{
	fx_t *f = *state;
	char names[2048];

	fail_summary = month_of(2020, 6);
	assert_int_equal(run_all_months(f), ROIT_EX_SOFTWARE);
	assert_true(exists(f, "alpha/2020-06-monthly-return.pdf"));
	assert_true(exists(f, "alpha/2020-06-monthly-return.json"));
	assert_false(exists(f, "alpha/2020-21-continuation-summary.pdf"));
	assert_false(exists(f, "alpha/2020-21-continuation-summary.json"));
	sums(f, names, sizeof names);
	assert_non_null(strstr(names, "alpha/2020-06-monthly-return.pdf\n"));
	assert_null(strstr(names, "summary"));
}

// The first report fails (rendered alone, before any thread starts): nothing is written, and
// a run that had written before keeps its files as issued (a late April journal made April a
// revision, whose rendering failed: nothing was moved to superseded/ either).
static void
test_first_fails(void **state)
{
	fx_t *f = *state;
	char before[2048], after[2048];

	assert_int_equal(run_all_months(f), ROIT_OK);
	sums(f, before, sizeof before);
	write_file(f->in, "spend.csv", "date,unit,category,amount\n2020-04-01,Alpha,Staff,100\n"
	                               "2020-04-30,Alpha,Staff,5\n"
	                               "2020-05-01,Alpha,Staff,200\n2020-06-01,Alpha,Staff,300\n");
	fail_monthly = month_of(2020, 4);
	assert_int_equal(run_all_months(f), ROIT_EX_SOFTWARE);
	assert_true(exists(f, "alpha/2020-04-monthly-return.pdf"));
	assert_true(exists(f, "alpha/2020-21-continuation-summary.pdf"));
	assert_false(exists(f, "alpha/superseded"));
	sums(f, after, sizeof after);
	assert_string_equal(before, after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monthly_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_fails, setup, teardown),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
