// One run: report.ini and the input folder read, the units and months chosen, every report
// computed once and written through its renderers (JSON, PDF) into the locked output folder.
// Reports are rendered on every core, ahead of the writing, which stays in order on the main
// thread: the files, their bytes, SHA256SUMS and the messages are those of a run on one core.
#define _GNU_SOURCE	// sched_getaffinity()
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "dataset.h"
#include "figures.h"
#include "format.h"
#include "json.h"
#include "outfile.h"
#include "pdf.h"
#include "roit.h"
#include "run.h"
#include "task.h"

month_t
default_month(time_t now)
{
	struct tm tm;

	london_time(now, &tm);
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
	// A folder the service account may not search: its files cannot be read (66, before report.ini is tried).
	if (faccessat(AT_FDCWD, dir, X_OK, AT_EACCESS) != 0) {
		roit_error("%s: cannot be read: %s", dir, strerror(errno));
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

	format_fy(fy, '/', year);
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

// 'first_month()' - The first month reported for a unit: M, or with --all-months April of
//                   its first awarded year.
static month_t
first_month(const job_t *j, int unit)
{
	return j->opt->all_months ? fy_period_month(dataset_first_fy(&j->ds, unit), 1) : j->opt->month;
}

// 'add_task()' - Append a task to the plan, its reports chosen and empty; O - it.
static task_t *
add_task(const job_t *j, task_t **tasks, size_t *cap, int *n, task_t t)
{
	if ((size_t)*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*tasks = xrealloc(*tasks, *cap * sizeof **tasks);
	}
	(*tasks)[*n] = t;
	task_plan(j, &(*tasks)[*n]);
	return &(*tasks)[(*n)++];
}

// 'overview_due()' - Whether month m has a network overview in this run: a month the run reports
//                    for one of its units, whose year has two units or more with an awarded grant
//                    (one is enough with --only overview).  awarded counts them, per year (cache).
static bool
overview_due(const job_t *j, const int *units, int n_units, month_t m, int *fy_seen, int *awarded)
{
	const run_options_t *opt = j->opt;
	int fy = fy_of_month(m);
	bool reported = false;

	if (opt->only == ONLY_MONTHLY || opt->only == ONLY_SUMMARY)
		return false;
	for (int i = 0; i < n_units && !reported; i++)
		reported = m >= first_month(j, units[i]) && dataset_award(&j->ds, units[i], fy) != NULL;
	if (!reported)
		return false;
	if (*fy_seen != fy) {
		*fy_seen = fy;
		*awarded = 0;
		for (int u = 0; u < j->ds.n_units; u++)
			*awarded += dataset_award(&j->ds, u, fy) != NULL;
	}
	return *awarded >= (opt->only == ONLY_OVERVIEW ? 1 : 2);
}

// 'plan()' - The tasks of the units, in the order a run on one core writes them: each unit's
//            months from first_month() to M that lie in an awarded year; then the network
//            overviews, month by month, which need those written first (from *gate on).
//            O - a new array of *n.
static task_t *
plan(const job_t *j, const int *units, int n_units, int *n, int *gate)
{
	const run_options_t *opt = j->opt;
	task_t *tasks = NULL;
	size_t cap = 0;
	month_t first = opt->month;
	int fy_seen = -1, awarded = 0;

	*n = 0;
	for (int i = 0; i < n_units && opt->only != ONLY_OVERVIEW; i++) {
		for (month_t m = first_month(j, units[i]); m <= opt->month; m++) {
			bool summary_due = m == opt->month || period_of_month(m) == 12;

			// With --only summary a month without a summary has nothing to write.
			if (!dataset_award(&j->ds, units[i], fy_of_month(m)) || (opt->only == ONLY_SUMMARY && !summary_due))
				continue;
			add_task(j, &tasks, &cap, n, (task_t){ .unit = units[i], .month = m, .summary_due = summary_due });
		}
	}
	*gate = *n;
	for (int i = 0; i < n_units; i++)
		first = first_month(j, units[i]) < first ? first_month(j, units[i]) : first;
	for (month_t m = first; m <= opt->month; m++)
		if (overview_due(j, units, n_units, m, &fy_seen, &awarded))
			add_task(j, &tasks, &cap, n, (task_t){ .overview = true, .month = m });
	return tasks;
}

/*
 * Rendering on every core.  Tasks are taken in order by the worker threads and by the main
 * thread, which also writes them in order as they are done; at most WINDOW tasks are rendered
 * ahead of the writing.  A failure stops the taking of new tasks.
 */

#define MAX_WORKERS 7
#define WINDOW 8

typedef struct pool {
	const job_t *j;
	task_t *tasks;
	int n;
	int gate;		// tasks from here on wait until every task before it is written
	int next;		// the next task to render
	int written;		// tasks written (or given up) so far
	bool stop;
	pthread_mutex_t lock;
	pthread_cond_t cond;
} pool_t;

// 'take()' - The next task to render, with the lock held; -1 when there is none to take now.
static int
take(pool_t *p)
{
	if (p->stop || p->next >= p->n || p->next >= p->written + WINDOW)
		return -1;
	// A network overview reads the month's returns back from the output folder.
	if (p->next >= p->gate && p->written < p->gate)
		return -1;
	return p->next++;
}

// 'render_one()' - Render task i without the lock, then mark it done (lock held on entry and exit).
static void
render_one(pool_t *p, int i)
{
	pthread_mutex_unlock(&p->lock);
	task_render(p->j, &p->tasks[i]);
	pthread_mutex_lock(&p->lock);
	p->tasks[i].done = true;
	pthread_cond_broadcast(&p->cond);
}

// 'worker()' - A rendering thread: take tasks until there are none, or the run stops.
static void *
worker(void *arg)
{
	pool_t *p = arg;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->next < p->n) {
		int i = take(p);
		if (i < 0)
			pthread_cond_wait(&p->cond, &p->lock);
		else
			render_one(p, i);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

// 'n_cores()' - The cores this process may run on.
static int
n_cores(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

// 'start_workers()' - Start up to n rendering threads, with the signals that stop a run left to
//                     the main thread; O - how many started (none is fine: the main thread renders).
static int
start_workers(pool_t *p, pthread_t *threads, int n)
{
	sigset_t stop, old;
	int started = 0;

	sigemptyset(&stop);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	while (started < n && pthread_create(&threads[started], NULL, worker, p) == 0)
		started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return started;
}

// 'run_tasks()' - Render and write every task; O - the first failure, or ROIT_OK.
static int
run_tasks(job_t *j, task_t *tasks, int n, int gate)
{
	pool_t p = { .j = j, .tasks = tasks, .n = n, .gate = gate };
	pthread_t threads[MAX_WORKERS];
	int status = ROIT_OK, workers = 0, cores = n_cores();

	// The first task alone: a run of one report, or one whose fonts fail, is as it always was.
	if (n == 0)
		return ROIT_OK;
	task_render(j, &tasks[0]);
	tasks[0].done = true;
	p.next = 1;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	if (n > 1 && tasks[0].status == ROIT_OK && cores > 1)
		workers = start_workers(&p, threads, cores - 1 < MAX_WORKERS ? cores - 1 : MAX_WORKERS);
	pthread_mutex_lock(&p.lock);
	for (int i = 0; i < n && status == ROIT_OK; i++) {
		// Render while task i is not done (taking it first when no one has).
		while (!tasks[i].done) {
			int k = take(&p);
			if (k < 0)
				pthread_cond_wait(&p.cond, &p.lock);
			else
				render_one(&p, k);
		}
		pthread_mutex_unlock(&p.lock);
		status = task_write(j, &tasks[i]);
		task_free(&tasks[i]);
		pthread_mutex_lock(&p.lock);
		p.written = i + 1;
		p.stop = status != ROIT_OK;
		pthread_cond_broadcast(&p.cond);
	}
	p.stop = true;
	pthread_cond_broadcast(&p.cond);
	pthread_mutex_unlock(&p.lock);
	for (int k = 0; k < workers; k++)
		pthread_join(threads[k], NULL);
	for (int i = 0; i < n; i++)
		task_free(&tasks[i]);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	return status;
}

// 'write_reports()' - Every report of the units, rendered on every core and written in order.
static int
write_reports(job_t *j, const int *units, int n_units)
{
	int n, gate, status;
	task_t *tasks;

	// --check makes no PDF: it needs no fonts.
	if (!j->opt->check &&
	    (status = lay_shared_open(j->cfg.font_regular, j->cfg.font_bold, &j->shared)) != ROIT_OK)
		return status;
	tasks = plan(j, units, n_units, &n, &gate);
	status = run_tasks(j, tasks, n, gate);
	free(tasks);
	lay_shared_free(j->shared);
	j->shared = NULL;
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
	status = j->opt->check ? outdir_peek(j->opt->output, &j->out) : outdir_open(j->opt->output, &j->out);
	if (status != ROIT_OK)
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
	// Nothing in the way of a unit's reports (a symlink, say) before the first is written.
	for (int i = 0; status == ROIT_OK && j.out && i < n; i++)
		status = outdir_check_unit(j.out, j.ds.units[units[i]].slug);
	if (status == ROIT_OK)
		status = write_reports(&j, units, n);
	if (j.out) {
		// Files already written stay listed in SHA256SUMS, even when a later one failed.
		int closed = outdir_close(j.out, status == ROIT_OK);
		if (status == ROIT_OK)
			status = closed;
	}
	if (outdir_stop_signal()) {
		// Stopped by a signal between two files: end as that signal would have.
		signal(outdir_stop_signal(), SIG_DFL);
		roit_coverage_dump();
		raise(outdir_stop_signal());
		status = ROIT_EX_SOFTWARE;
	}
	free(units);
	dataset_free(&j.ds);
	config_free(&j.cfg);
	return status;
}
