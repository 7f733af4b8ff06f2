// One task of a run (task.c): a unit's month (its monthly return and, when one is due, the
// year's continuation summary) or a month's network overview.  A task is rendered on any thread
// (figures, JSON twin, what the output folder holds of it, the PDF when one is to be written),
// then written in order on the main thread.
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "dataset.h"
#include "issued.h"
#include "layout.h"
#include "outfile.h"
#include "run.h"

// Everything one run holds.
typedef struct job {
	const run_options_t *opt;
	config_t cfg;
	dataset_t ds;
	lay_shared_t *shared;	// fonts and colour profile, read once for every document of the run
	outdir_t *out;		// the output folder (only looked at with --check)
} job_t;

// One report of a task: where it goes, its bytes, what the folder holds of it.
typedef struct report_out {
	bool wanted;		// asked for by the run (--only)
	bool ready;		// rendered and decided: it can be written
	char stem[320];		// "met-oit/2020-06-monthly-return"
	buf_t pdf, json;	// empty for a report left as issued
	issued_t is;
} report_out_t;

typedef struct task {
	bool overview;		// the network overview of month: every unit, not one
	int unit;
	month_t month;
	bool summary_due;
	report_out_t report[2];	// the monthly return (or the overview), then the summary
	int status;		// of rendering: ROIT_OK, or the failure's exit status (message given)
	bool done;
} task_t;

// 'task_plan()' - Which of a task's reports the run asks for (--only), and where each goes.
//                 t's overview, unit, month and summary_due are set; its reports are made empty.
void task_plan(const job_t *j, task_t *t);

// 'task_render()' - Render a task into its reports.  Safe on any thread: it reads the job and
//                   the output folder, and writes only the task.
void task_render(const job_t *j, task_t *t);

// 'task_write()' - Write what a task rendered, in the order and with the messages of a run on
//                  one core (with --check, say what would be done); O - the first failure
//                  (rendering or writing), or ROIT_OK.
int task_write(job_t *j, task_t *t);

// 'task_free()' - Free what a task rendered.
void task_free(task_t *t);

#endif
