// The network overview's own time, in one process: the inputs read once, then the overview of
// one month rendered RUNS times as a run renders it (task_render(): the units' figures, the pack
// hashed from the returns in the folder, the twin and the PDF), and the best and the median
// printed in ms.  Nothing is written: the folder is only looked at (outdir_peek()), so every
// render finds no overview issued and makes it new.  The time of reading the inputs, which
// `make bench` otherwise subtracts from a whole run's (and which for 80 units is ten times the
// overview's and moves by tens of ms from run to run), is not in it.
// Usage: overview INPUT FOLDER YYYY-MM RUNS FONTDIR
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "roit.h"
#include "task.h"
#include "values.h"

// 'ms_since()' - Milliseconds from t0 to now (monotonic).
static double
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

// 'render()' - One overview of opt's month; O - its ms, or a negative number if it failed.
static double
render(const job_t *j, size_t *pdf_bytes)
{
	task_t t = { .overview = true, .month = j->opt->month };
	struct timespec t0;
	double ms;

	task_plan(j, &t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	task_render(j, &t);
	ms = ms_since(&t0);
	*pdf_bytes = t.report[0].pdf.len;
	if (t.status != ROIT_OK || !t.report[0].ready || t.report[0].pdf.len == 0)
		ms = -1;
	task_free(&t);
	return ms;
}

int
main(int argc, char **argv)
{
	run_options_t opt = { .have_month = true, .only = ONLY_OVERVIEW, .now = 1617235200 };
	job_t j = { .opt = &opt };
	int runs = argc == 6 ? atoi(argv[4]) : 0, status;
	size_t bytes = 0;

	if (runs < 1 || !value_parse_month(argv[3], &opt.month)) {
		fprintf(stderr, "usage: overview INPUT FOLDER YYYY-MM RUNS FONTDIR\n");
		return 64;
	}
	opt.input = argv[1];
	opt.output = argv[2];
	opt.fontdir = argv[5];
	roit_verbosity = ROIT_QUIET;
	roit_keep_memory();	// as main() does
	if ((status = config_load(opt.input, opt.fontdir, &j.cfg)) != ROIT_OK ||
	    (status = outdir_peek(opt.output, &j.out)) != ROIT_OK ||
	    (status = dataset_load(opt.input, &j.cfg, &j.ds)) != ROIT_OK ||
	    (status = lay_shared_open(j.cfg.font_regular, j.cfg.font_bold, &j.shared)) != ROIT_OK)
		return status;

	double *ms = calloc((size_t)runs, sizeof *ms);
	if (ms == NULL)
		return 70;
	render(&j, &bytes);	// the first document of a run also embeds the fonts: not timed
	for (int i = 0; i < runs; i++)
		if ((ms[i] = render(&j, &bytes)) < 0) {
			fprintf(stderr, "overview: the overview of %s failed\n", argv[3]);
			return 70;
		}
	qsort(ms, (size_t)runs, sizeof *ms, by_value);
	printf("%.2f %.2f %zu\n", ms[0], ms[runs / 2], bytes);
	free(ms);
	lay_shared_free(j.shared);
	outdir_close(j.out, false);
	dataset_free(&j.ds);
	config_free(&j.cfg);
	return 0;
}
