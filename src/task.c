// One task of a run (task.h).  Each report is issued the same way (issue()): what the output
// folder holds of it is examined (issued.c), its JSON twin made and set against that, and only a
// new report or a revision goes on to a PDF; an unchanged one is left as it is (SPEC 8).  A new
// network overview's pack and twin are made on another thread while its PDF is laid out.
#include <inttypes.h>
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
	int (*pack_items)(const void *report);	// NULL when it has no pack, or its pack's items
	int (*pack_item)(const job_t *j, void *report, int i);	// O - ROIT_OK or its failure's (message given)
} report_kind_t;

static int pack_unit(const job_t *j, void *report, int u);

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

static int network_units(const void *r) { return ((const network_t *)r)->n_units; }

static const report_kind_t monthly_kind = { monthly_json, monthly_pdf, NULL, NULL };
static const report_kind_t summary_kind = { summary_json, summary_pdf, NULL, NULL };
static const report_kind_t network_kind = { network_json, network_pdf, network_units, pack_unit };

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

#define PACK_SPLIT 16	// items from which a pack made in turn has its second half on another thread

// A report's pack as it is made, item by item on one thread or two (each item's status its
// own), and when it is made aside, the twin after it.
typedef struct packing {
	const job_t *j;
	const report_kind_t *kind;
	void *report;
	int n;
	int *status;		// of each item: ROIT_OK or its failure's (message given)
	atomic_int first_failed;	// the lowest item that failed (n: none); no item after it is started
	buf_t *json;		// the twin, made after the pack by twin_after_pack()
	int made;		// the pack's status, as pack_status() gives it (set whether or not the
				// twin is then made: only when it is ROIT_OK)
} packing_t;

static void
packing_init(packing_t *p, const job_t *j, const report_kind_t *kind, void *report, buf_t *json)
{
	*p = (packing_t){ .j = j, .kind = kind, .report = report, .n = kind->pack_items(report), .json = json };
	p->status = xcalloc((size_t)p->n + 1, sizeof *p->status);
	atomic_init(&p->first_failed, p->n);
}

// 'pack_items()' - Items [from, to) of the pack (a range_fn of roit_halves() and roit_share_t).
//                  After a failure only items before it are still made, so however the two
//                  threads meet, the first failing item is always tried: its message is given
//                  and its status is the pack's.
static void
pack_items(void *arg, int from, int to)
{
	packing_t *p = arg;

	for (int i = from; i < to && i < atomic_load(&p->first_failed); i++) {
		if ((p->status[i] = p->kind->pack_item(p->j, p->report, i)) == ROIT_OK)
			continue;
		int first = atomic_load(&p->first_failed);
		while (i < first && !atomic_compare_exchange_weak(&p->first_failed, &first, i))
			;
	}
}

// 'pack_status()' - O - ROIT_OK, or the status of the first item that failed (message given).
static int
pack_status(const packing_t *p)
{
	for (int i = 0; i < p->n; i++)
		if (p->status[i] != ROIT_OK)
			return p->status[i];
	return ROIT_OK;
}

// 'pack_in_turn()' - The report's pack made now, the second half of many items on another thread.
//                    O - as pack_status()
static int
pack_in_turn(const job_t *j, const report_kind_t *kind, void *report)
{
	packing_t p;
	int status;

	packing_init(&p, j, kind, report, NULL);
	roit_halves(pack_items, &p, p.n, PACK_SPLIT);
	status = pack_status(&p);
	free(p.status);
	return status;
}

// 'twin_after_pack()' - The twin, once every item of the pack is made (roit_share_t's then).
static void
twin_after_pack(void *arg)
{
	packing_t *p = arg;

	if ((p->made = pack_status(p)) == ROIT_OK)
		p->kind->json(p->report, p->json);
}

// A report's pack and twin as they are made aside (issue_aside()).
typedef struct aside {
	packing_t pack;
	roit_share_t share;	// the pack's items, then the twin
} aside_t;

// 'aside_wait()' - The wait of a twin made aside: the pack's items left taken here, the thread
//                  joined.  O - the pack's status
static int
aside_wait(void *arg)
{
	aside_t *a = arg;

	roit_share_finish(&a->share);
	return a->pack.made;
}

// 'issue_aside()' - A new report with a pack (nothing of it issued, so its twin is compared
//                   with nothing): the pack and then the twin made on another thread while the
//                   PDF is laid out (an overview of 80 units reads and hashes 3.5 MB of returns
//                   for its pack); the PDF waits only where it needs them, and takes its share
//                   of the pack's items left then.  O - as issue_in_turn()
static int
issue_aside(const job_t *j, report_out_t *r, record_t *rec, const report_kind_t *kind, void *report,
            const char *twin)
{
	aside_t a;
	int status, made;

	issued_decide(&r->is, &r->json, rec);	// ISSUE_NEW, the twin not read
	issued_free(&r->is);
	packing_init(&a.pack, j, kind, report, &r->json);
	roit_share_start(&a.share, pack_items, twin_after_pack, &a.pack, a.pack.n);
	status = kind->pdf(report, &(pdf_twin_t){ .name = twin, .json = &r->json, .wait = aside_wait, .arg = &a },
	                   j->shared, &r->pdf);
	made = aside_wait(&a);
	free(a.pack.status);
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
	if (status == ROIT_OK && kind->pack_items != NULL && !j->opt->check && issued_new(&r->is))
		status = issue_aside(j, r, rec, kind, report, twin);
	else if (status == ROIT_OK &&
	         (kind->pack_items == NULL || (status = pack_in_turn(j, kind, report)) == ROIT_OK))
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

// 'pack_unit()' - Unit u's monthly return for the overview's month as it stands in the output
//                 folder now (this run has written all it will of them): its path and the
//                 SHA-256 of its PDF.  O - ROIT_OK, or the exit status of a file that cannot be
//                 read (message given)
static int
pack_unit(const job_t *j, void *report, int u)
{
	network_t *n = report;
	network_unit_t *un = &n->units[u];
	char stem[sizeof un->pack_file - 4];

	return_stem(un->slug, n->month, stem, sizeof stem);
	snprintf(un->pack_file, sizeof un->pack_file, "%s.pdf", stem);
	return outdir_hash(j->out, un->pack_file, &un->pack_written, un->pack_sha256);
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
