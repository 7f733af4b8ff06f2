// One task of a run (task.h).  Each report is issued the same way (issue()): what the output
// folder holds of it is examined (issued.c), its JSON twin made and set against that, and only a
// new report or a revision goes on to a PDF; an unchanged one is left as it is (SPEC 8).  A new
// network overview's pack and twin are made on another thread while its PDF is laid out.
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "format.h"
#include "json.h"
#include "pdf.h"
#include "roit.h"
#include "task.h"

// How one kind of report is rendered: its JSON twin, then its PDF with the twin inside.  A
// kind with a pack (the network overview) reads the output folder for it before its twin.
typedef struct report_kind {
	void (*json)(const void *report, buf_t *out);
	int (*pdf)(const void *report, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);
	int (*pack)(const job_t *j, void *report, bool halves);	// NULL, or O - as pack_of()
} report_kind_t;

static int pack_of(const job_t *j, network_t *n, bool halves);

static void monthly_json(const void *r, buf_t *out) { json_monthly(r, out); }
static void summary_json(const void *r, buf_t *out) { json_summary(r, out); }
static void network_json(const void *r, buf_t *out) { json_network(r, out); }

static int
monthly_pdf(const void *r, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	return pdf_monthly(r, twin, shared, out);
}

static int
summary_pdf(const void *r, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	return pdf_summary(r, twin, shared, out);
}

static int
network_pdf(const void *r, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	return pdf_network(r, twin, shared, out);
}

static int network_pack(const job_t *j, void *r, bool halves) { return pack_of(j, r, halves); }

static const report_kind_t monthly_kind = { monthly_json, monthly_pdf, NULL };
static const report_kind_t summary_kind = { summary_json, summary_pdf, NULL };
static const report_kind_t network_kind = { network_json, network_pdf, network_pack };

// 'return_stem()' - Where a unit's monthly return for month goes: "<slug>/<YYYY-MM>-monthly-return".
static void
return_stem(const char *slug, month_t month, char *buf, size_t size)
{
	char name[8];

	format_month(month, name);
	snprintf(buf, size, "%s/%s-monthly-return", slug, name);
}

void
task_plan(const job_t *j, task_t *t)
{
	const run_options_t *opt = j->opt;
	char name[8];

	memset(t->report, 0, sizeof t->report);
	for (int k = 0; k < 2; k++) {
		buf_init(&t->report[k].pdf);
		buf_init(&t->report[k].json);
	}
	format_month(t->month, name);
	if (t->overview) {
		t->report[0].wanted = true;
		snprintf(t->report[0].stem, sizeof t->report[0].stem, "%s-network-overview", name);
		return;
	}
	const char *slug = j->ds.units[t->unit].slug;
	t->report[0].wanted = opt->only == ONLY_ALL || opt->only == ONLY_MONTHLY;
	return_stem(slug, t->month, t->report[0].stem, sizeof t->report[0].stem);
	t->report[1].wanted = t->summary_due && (opt->only == ONLY_ALL || opt->only == ONLY_SUMMARY);
	format_fy(fy_of_month(t->month), '-', name);
	snprintf(t->report[1].stem, sizeof t->report[1].stem, "%s/%s-continuation-summary", slug, name);
}

// 'report_failed()' - Say that the figures of a report could not be made (they can be for every
//                     task planned: this is a bug); O - ROIT_EX_SOFTWARE.
static int
report_failed(const job_t *j, const task_t *t, const char *kind)
{
	char month[8];

	format_month(t->month, month);
	roit_error("%s: no %s for %s: the unit has no awarded grant for the year (internal error)",
	           j->ds.units[t->unit].name, kind, month);
	return ROIT_EX_SOFTWARE;
}

// 'too_large()' - A report whose figures hold a sum past the int64 range: said, never printed wrapped.
//                 O - ROIT_EX_DATAERR
static int
too_large(const job_t *j, const task_t *t, const char *report, const char *what)
{
	char month[8];

	format_month(t->month, month);
	roit_error("%s: the %s %s cannot be made: %s is past %" PRId64 " (the largest sum a figure holds); "
	           "the inputs hold values that large", j->ds.units[t->unit].name, month, report, what, INT64_MAX);
	return ROIT_EX_DATAERR;
}

// 'issue_in_turn()' - A report examined (r->is): its twin, the action, and the PDF when a new
//                     report or a revision is to be written (not with --check).
//                     O - ROIT_OK or the failure's exit status (message given)
static int
issue_in_turn(const job_t *j, report_out_t *r, record_t *rec, const report_kind_t *kind, const void *report,
              const char *twin)
{
	kind->json(report, &r->json);
	// A revision's twin says what it replaces and what changed: made again with its record.
	if (issued_decide(&r->is, &r->json, rec) == ISSUE_REVISE) {
		buf_reset(&r->json);
		kind->json(report, &r->json);
	}
	issued_free(&r->is);
	if (r->is.action == ISSUE_UNCHANGED || r->is.action == ISSUE_ADOPT || j->opt->check) {
		buf_free(&r->json);
		return ROIT_OK;
	}
	return kind->pdf(report, &(pdf_twin_t){ .name = twin, .json = &r->json }, j->shared, &r->pdf);
}

// A report's pack and twin as they are made on another thread (issue_aside()).
typedef struct aside {
	const job_t *j;
	const report_kind_t *kind;
	void *report;
	buf_t *json;
	pthread_t thread;
	bool running;		// the thread is not joined yet
	int status;		// of the pack: ROIT_OK or its failure's (message given)
} aside_t;

// 'pack_and_twin()' - The report's pack, then its twin (a thread's start, or called inline).
static void *
pack_and_twin(void *arg)
{
	aside_t *a = arg;

	if ((a->status = a->kind->pack(a->j, a->report, false)) == ROIT_OK)
		a->kind->json(a->report, a->json);
	return NULL;
}

// 'aside_wait()' - The wait of a twin made aside: its thread joined (once).  O - a->status
static int
aside_wait(void *arg)
{
	aside_t *a = arg;

	if (a->running) {
		pthread_join(a->thread, NULL);
		a->running = false;
	}
	return a->status;
}

// 'issue_aside()' - A new report with a pack (nothing of it issued, so its twin is compared
//                   with nothing): the pack and the twin made on another thread while the PDF is
//                   laid out, which waits for them only where it needs them (an overview of 80
//                   units reads and hashes 3.5 MB of returns for its pack); on this thread
//                   first when no thread can be started.  O - as issue_in_turn()
static int
issue_aside(const job_t *j, report_out_t *r, record_t *rec, const report_kind_t *kind, void *report,
            const char *twin)
{
	aside_t a = { .j = j, .kind = kind, .report = report, .json = &r->json };
	int status, made;

	issued_decide(&r->is, &r->json, rec);	// ISSUE_NEW, the twin not read
	issued_free(&r->is);
	a.running = pthread_create(&a.thread, NULL, pack_and_twin, &a) == 0;
	if (!a.running)
		pack_and_twin(&a);
	status = kind->pdf(report, &(pdf_twin_t){ .name = twin, .json = &r->json, .wait = aside_wait, .arg = &a },
	                   j->shared, &r->pdf);
	made = aside_wait(&a);
	return made != ROIT_OK ? made : status;
}

// 'issue()' - One report: what the folder holds of it, its twin (after its pack, if it has
//             one), and so what the run does, and the PDF when a new report or a revision is
//             to be written (not with --check).  rec holds what the report says of its own
//             record (a monthly return's restatements already); the report's meta points at it
//             while it is rendered.  O - ROIT_OK or the failure's exit status (message given)
static int
issue(const job_t *j, report_out_t *r, report_meta_t *meta, record_t *rec, const report_kind_t *kind,
      void *report)
{
	const char *base = strrchr(r->stem, '/') ? strrchr(r->stem, '/') + 1 : r->stem;
	char twin[sizeof r->stem + 8];
	int status;

	meta->record = rec;
	rec->revision = 1;
	snprintf(twin, sizeof twin, "%s.json", base);
	status = issued_examine(j->out, r->stem, &r->is);
	if (status == ROIT_OK && kind->pack != NULL && !j->opt->check && issued_new(&r->is))
		status = issue_aside(j, r, rec, kind, report, twin);
	else if (status == ROIT_OK && (kind->pack == NULL || (status = kind->pack(j, report, true)) == ROIT_OK))
		status = issue_in_turn(j, r, rec, kind, report, twin);
	r->ready = status == ROIT_OK;
	meta->record = NULL;
	return status;
}

// 'restate()' - What the monthly return of task t says of the earlier months of its year: each
//               one's month figures as its issued return gave them and as they are now, where
//               they differ (SPEC 8).  With --all-months those months are issued by this run,
//               with today's figures: compared, nothing to list.
static void
restate(const job_t *j, const task_t *t, record_t *rec)
{
	const char *slug = j->ds.units[t->unit].slug;
	char stem[320];

	for (month_t m = fy_period_month(fy_of_month(t->month), 1); m < t->month; m++) {
		restatement_t *issued = NULL;
		int n = 0;
		monthly_t now;
		json_t *twin;

		if (j->opt->all_months) {
			rec->n_compared++;
			continue;
		}
		return_stem(slug, m, stem, sizeof stem);
		if ((twin = issued_current(j->out, stem)) == NULL)
			continue;
		if (record_month_figures(twin, &issued, &n) && figures_monthly(&j->ds, &j->cfg, t->unit, m, &now)) {
			record_restate(rec, issued, n, &now);
			figures_monthly_free(&now);
		}
		record_t figures = { .n_restatements = n, .restatements = issued };
		record_free(&figures);
		record_free_json(twin);
	}
}

#define PACK_SPLIT 16	// units from which the second half is hashed on a thread of its own

// A network overview's pack as it is made: each unit's status is its own (roit_halves()).
typedef struct pack_share {
	const job_t *j;
	network_t *n;
	int *status;		// of each unit: ROIT_OK or its failure's (message given)
} pack_share_t;

// 'pack_part()' - Each unit's monthly return of [from, to): its path and the SHA-256 of its PDF.
static void
pack_part(void *arg, int from, int to)
{
	pack_share_t *p = arg;

	for (int u = from; u < to; u++) {
		network_unit_t *un = &p->n->units[u];
		char stem[sizeof un->pack_file - 4];

		return_stem(un->slug, p->n->month, stem, sizeof stem);
		snprintf(un->pack_file, sizeof un->pack_file, "%s.pdf", stem);
		if ((p->status[u] = outdir_hash(p->j->out, un->pack_file, &un->pack_written, un->pack_sha256)) != ROIT_OK)
			break;	// one message for the half is enough
	}
}

// 'pack_of()' - Each unit's monthly return for the month as it stands in the output folder now
//               (this run has written all it will of them): its path and the SHA-256 of its PDF.
//               Hashing 80 returns was a tenth of an overview's time: with halves and many
//               units the second half is hashed on another thread (the other core is idle when
//               one overview is made alone); without, all on this one (issue_aside()'s thread).
//               O - ROIT_OK, or the exit status of the first unit whose file cannot be read
//               (message given).
static int
pack_of(const job_t *j, network_t *n, bool halves)
{
	pack_share_t p = { j, n, xcalloc((size_t)n->n_units + 1, sizeof *p.status) };
	int status = ROIT_OK;

	roit_halves(pack_part, &p, n->n_units, halves ? PACK_SPLIT : INT_MAX);
	for (int u = 0; u < n->n_units && status == ROIT_OK; u++)
		status = p.status[u];
	free(p.status);
	return status;
}

// 'render_overview()' - The network overview of a task's month.  Only once every unit's task is
//                       written: the pack reads their files.
static void
render_overview(const job_t *j, task_t *t)
{
	record_t rec = { 0 };
	network_t n;

	t->status = ROIT_OK;
	if (!figures_network(&j->ds, &j->cfg, t->month, &n)) {
		t->status = ROIT_EX_DATAERR;	// a total out of range, named
	} else {
		n.meta.now = j->opt->now;
		t->status = issue(j, &t->report[0], &n.meta, &rec, &network_kind, &n);
		record_free(&rec);
	}
	figures_network_free(&n);
}

void
task_render(const job_t *j, task_t *t)
{
	record_t rec = { 0 };
	monthly_t m;
	summary_t s;

	if (t->overview) {
		render_overview(j, t);
		return;
	}
	t->status = ROIT_OK;
	if (!figures_monthly(&j->ds, &j->cfg, t->unit, t->month, &m)) {
		// Tasks are only made for awarded years: a bug unless a sum overflowed.
		t->status = m.overflow[0] ? too_large(j, t, "return", m.overflow) : report_failed(j, t, "monthly return");
		return;
	}
	m.meta.now = j->opt->now;
	if (t->report[0].wanted) {
		restate(j, t, &rec);
		t->status = issue(j, &t->report[0], &m.meta, &rec, &monthly_kind, &m);
		record_free(&rec);
	}
	if (t->status == ROIT_OK && t->report[1].wanted) {
		if (!figures_summary(&j->ds, &j->cfg, t->unit, t->month, &m, &s)) {
			t->status = s.overflow[0] ? too_large(j, t, "continuation summary", s.overflow) :
			            report_failed(j, t, "continuation summary");
		} else {
			s.meta.now = j->opt->now;
			t->status = issue(j, &t->report[1], &s.meta, &rec, &summary_kind, &s);
			record_free(&rec);
			figures_summary_free(&s);
		}
	}
	figures_monthly_free(&m);
}

// 'write_report()' - What the folder holds of a report dealt with (issued.c), then a new report
//                    or revision written: its JSON twin first, then the PDF that embeds it.
static int
write_report(job_t *j, report_out_t *r)
{
	char path[sizeof r->stem + 8];
	int status;

	if (j->opt->check)
		return issued_apply(j->out, &r->is, true);
	if ((status = outdir_begin(j->out)) != ROIT_OK)
		return status;
	status = issued_apply(j->out, &r->is, false);
	if (status == ROIT_OK && (r->is.action == ISSUE_NEW || r->is.action == ISSUE_REVISE)) {
		snprintf(path, sizeof path, "%s.json", r->stem);
		status = outdir_write(j->out, path, r->json.data, r->json.len);
		snprintf(path, sizeof path, "%s.pdf", r->stem);
		if (status == ROIT_OK)
			status = outdir_write(j->out, path, r->pdf.data, r->pdf.len);
	}
	outdir_end(j->out);
	return status;
}

int
task_write(job_t *j, task_t *t)
{
	static const char *const what[2] = { "monthly return", "continuation summary" };
	char when[16];
	int status = ROIT_OK;

	for (int k = 0; k < 2 && status == ROIT_OK; k++) {
		report_out_t *r = &t->report[k];
		if (!r->wanted)
			continue;
		if (t->overview) {
			format_month(t->month, when);
			roit_info("network overview for %s", when);
		} else {
			if (k == 0)
				format_month(t->month, when);
			else
				format_fy(fy_of_month(t->month), '-', when);
			roit_info("%s: %s for %s", j->ds.units[t->unit].name, what[k], when);
		}
		// What was rendered before a failure is written; the failure ends the task.
		if (!r->ready)
			return t->status != ROIT_OK ? t->status : ROIT_EX_SOFTWARE;
		status = write_report(j, r);
	}
	return status != ROIT_OK ? status : t->status;
}

void
task_free(task_t *t)
{
	for (int k = 0; k < 2; k++) {
		buf_free(&t->report[k].pdf);
		buf_free(&t->report[k].json);
		issued_free(&t->report[k].is);
	}
}
