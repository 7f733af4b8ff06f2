// One run: report.ini and the input folder read, the units and months chosen, every report
// computed once and written through its renderers (JSON, PDF) into the locked output folder.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "config.h"
#include "dataset.h"
#include "figures.h"
#include "json.h"
#include "outfile.h"
#include "pdf.h"
#include "roit.h"
#include "run.h"

// Everything one run holds.
typedef struct job {
	const run_options_t *opt;
	config_t cfg;
	dataset_t ds;
	outdir_t *out;
	buf_t buf;
} job_t;

month_t
default_month(time_t now)
{
	struct tm tm;

	value_london_time(now, &tm);
	return month_of(tm.tm_year + 1900, tm.tm_mon + 1) - 1;
}

// 'check_input()' - The input folder must exist and be a folder.
static int
check_input(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		roit_error("%s: %s", dir, strerror(errno));
		return ROIT_EX_NOINPUT;
	}
	if (!S_ISDIR(st.st_mode)) {
		roit_error("%s: not a folder", dir);
		return ROIT_EX_NOINPUT;
	}
	return ROIT_OK;
}

// 'pick_units()' - The units to report: those named with -u, else every unit awarded for the year of M.
static int
pick_units(const job_t *j, int *units, int *n)
{
	const run_options_t *opt = j->opt;
	int fy = fy_of_month(opt->month);
	char year[8];

	value_format_fy(fy, '/', year);
	*n = 0;
	for (int i = 0; i < opt->n_units; i++) {
		int u = strtab_find(&j->ds.unit_names, opt->units[i]);

		if (u < 0 || !dataset_award(&j->ds, u, fy)) {
			roit_error("%s/grants.csv: unit \"%s\" has no awarded grant for %s", opt->input, opt->units[i], year);
			return ROIT_EX_DATAERR;
		}
		bool dup = false;
		for (int k = 0; k < *n; k++)
			dup = dup || units[k] == u;
		if (!dup)
			units[(*n)++] = u;
	}
	for (int u = 0; opt->n_units == 0 && u < j->ds.n_units; u++)
		if (dataset_award(&j->ds, u, fy))
			units[(*n)++] = u;
	if (*n == 0) {
		roit_error("%s/grants.csv: no unit has an awarded grant for %s", opt->input, year);
		return ROIT_EX_DATAERR;
	}
	return ROIT_OK;
}

// 'write_twins()' - A report's JSON and PDF, each written atomically.
static int
write_twins(job_t *j, const char *slug, const char *stem, const monthly_t *m, const summary_t *s)
{
	char path[512];
	int status;

	buf_reset(&j->buf);
	status = m ? pdf_monthly(m, j->cfg.font_regular, j->cfg.font_bold, &j->buf)
	           : pdf_summary(s, j->cfg.font_regular, j->cfg.font_bold, &j->buf);
	if (status != ROIT_OK)
		return status;
	snprintf(path, sizeof path, "%s/%s.pdf", slug, stem);
	if ((status = outdir_write(j->out, path, j->buf.data, j->buf.len)) != ROIT_OK)
		return status;
	buf_reset(&j->buf);
	if (m)
		json_monthly(m, &j->buf);
	else
		json_summary(s, &j->buf);
	snprintf(path, sizeof path, "%s/%s.json", slug, stem);
	return outdir_write(j->out, path, j->buf.data, j->buf.len);
}

// 'report_month()' - The monthly return of unit for month, and its summary when one is due.
static int
report_month(job_t *j, int unit, month_t month, bool summary_due)
{
	const run_options_t *opt = j->opt;
	const char *slug = j->ds.units[unit].slug;
	char stem[64], name[16];
	monthly_t m;
	summary_t s;
	int status = ROIT_OK;

	if (!figures_monthly(&j->ds, &j->cfg, unit, month, &m))
		return ROIT_EX_SOFTWARE;	// callers only ask for awarded years
	m.meta.now = opt->now;
	if (opt->only != ONLY_SUMMARY) {
		value_format_month(month, name);
		roit_info("%s: monthly return for %s", j->ds.units[unit].name, name);
		snprintf(stem, sizeof stem, "%s-monthly-return", name);
		status = write_twins(j, slug, stem, &m, NULL);
	}
	if (status == ROIT_OK && summary_due && opt->only != ONLY_MONTHLY) {
		figures_summary(&j->ds, &j->cfg, unit, month, &m, &s);
		s.meta.now = opt->now;
		value_format_fy(s.fy, '-', name);
		roit_info("%s: continuation summary for %s", j->ds.units[unit].name, name);
		snprintf(stem, sizeof stem, "%s-continuation-summary", name);
		status = write_twins(j, slug, stem, NULL, &s);
		figures_summary_free(&s);
	}
	figures_monthly_free(&m);
	return status;
}

// 'report_unit()' - Month M, or with --all-months every month of the unit's awarded years up to M.
static int
report_unit(job_t *j, int unit)
{
	const run_options_t *opt = j->opt;
	month_t last = opt->month;
	month_t first = opt->all_months ? fy_period_month(dataset_first_fy(&j->ds, unit), 1) : last;
	int status = ROIT_OK;

	for (month_t m = first; m <= last && status == ROIT_OK; m++) {
		if (!dataset_award(&j->ds, unit, fy_of_month(m)))
			continue;
		bool summary_due = m == last || period_of_month(m) == 12;
		status = report_month(j, unit, m, summary_due);
	}
	return status;
}

// 'read_all()' - report.ini and every input file.
static int
read_all(job_t *j)
{
	int status;

	if ((status = check_input(j->opt->input)) != ROIT_OK)
		return status;
	if ((status = config_load(j->opt->input, j->opt->fontdir, &j->cfg)) != ROIT_OK)
		return status;
	// Take the lock before the long read, so a second run is turned away at once.
	if (!j->opt->check && (status = outdir_open(j->opt->output, &j->out)) != ROIT_OK)
		return status;
	if ((status = dataset_load(j->opt->input, &j->cfg, &j->ds)) != ROIT_OK)
		return status;
	if (j->opt->strict && j->ds.rejected_total > 0) {
		roit_error("%s: %ld input rows rejected; --strict makes that a failure", j->opt->input,
		           j->ds.rejected_total);
		return ROIT_EX_DATAERR;
	}
	return ROIT_OK;
}

int
run(const run_options_t *opt)
{
	job_t j = { .opt = opt };
	int status, n = 0, *units = NULL;

	buf_init(&j.buf);
	status = read_all(&j);
	if (status == ROIT_OK) {
		units = xcalloc((size_t)j.ds.n_units + 1, sizeof(int));
		status = pick_units(&j, units, &n);
	}
	if (status == ROIT_OK && opt->check) {
		if (roit_verbosity > ROIT_QUIET)
			fprintf(stderr, "roit-report: %s: %d unit(s) to report, %ld row(s) rejected\n",
			        opt->input, n, j.ds.rejected_total);
	}
	for (int i = 0; status == ROIT_OK && !opt->check && i < n; i++)
		status = report_unit(&j, units[i]);
	if (j.out) {
		// Files already written stay listed in SHA256SUMS, even when a later one failed.
		int closed = outdir_close(j.out, true);
		if (status == ROIT_OK)
			status = closed;
	}
	if (outdir_stop_signal()) {
		// Stopped by a signal between two files: end as that signal would have.
		signal(outdir_stop_signal(), SIG_DFL);
		raise(outdir_stop_signal());
		status = ROIT_EX_SOFTWARE;
	}
	free(units);
	buf_free(&j.buf);
	dataset_free(&j.ds);
	config_free(&j.cfg);
	return status;
}
