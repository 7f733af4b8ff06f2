// Issued reports under faults (SPEC 8, issue 11): a run that revises issued reports is killed
// (SIGKILL, in a child process) before each step that changes the output folder -- every link
// into superseded/ and every rename of a finished file over its final name -- and after each:
// every issued revision is under some name SHA256SUMS lists, `sha256sum -c` holds, and the next
// run finishes the job with nothing lost or duplicated.  A full disk while keeping (linkat
// failing with ENOSPC) is exit 74 with the issued revision still under its own name.
// linkat and renameat are wrapped at link time (-Wl,--wrap) to count and inject.
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "outfile.h"
#include "roit.h"
#include "run.h"

#include "fixture.h"

// Steps counted so far, the step to die before (0: none), and linkat's injected error.
static int steps, kill_at, link_errno;

int __real_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int __real_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
int __wrap_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int __wrap_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

// 'step()' - Count a step; die of SIGKILL when it is the one asked for.
static void
step(void)
{
	if (++steps == kill_at)
		raise(SIGKILL);
}

int
__wrap_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	step();
	if (link_errno != 0) {
		errno = link_errno;
		return -1;
	}
	return __real_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}

int
__wrap_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	step();
	return __real_renameat(olddirfd, oldpath, newdirfd, newpath);
}

typedef struct fx {
	char dir[64], in[96], out[96];
	char err[8192];
} fx_t;

// One line of SHA256SUMS.
typedef struct line {
	char hex[65];
	char path[512];
} line_t;

#define MAX_LINES 64

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-records-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->in, sizeof f->in, "%s/in", f->dir);
	snprintf(f->out, sizeof f->out, "%s/out", f->dir);
	assert_int_equal(mkdir(f->in, 0700), 0);
	write_file(f->in, "grants.csv", "unit,financial_year,amount\nAlpha,2020/21,12000\n");
	write_file(f->in, "spend.csv", "date,unit,category,amount\n2020-04-01,Alpha,Staff,100\n"
	                               "2020-05-01,Alpha,Staff,200\n2020-06-01,Alpha,Staff,300\n");
	write_file(f->in, "outcomes.csv", "date,unit,measure\n2020-05-02,Alpha,arrests\n");
	steps = kill_at = link_errno = 0;
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

// 'run_june()' - --all-months up to June 2020 at time now; O - the exit status.
static int
run_june(fx_t *f, time_t now)
{
	run_options_t opt = { .input = f->in, .output = f->out, .have_month = true, .month = month_of(2020, 6),
	                      .all_months = true, .now = now, .fontdir = fontdir };
	int saved = capture_begin(f->dir), status = run(&opt);

	capture_end(f->dir, saved, f->err, sizeof f->err);
	return status;
}

// 'late_journal()' - A journal dated in May, posted after May's return was issued.
static void
late_journal(fx_t *f)
{
	write_file(f->in, "spend.csv", "date,unit,category,amount\n2020-04-01,Alpha,Staff,100\n"
	                               "2020-05-01,Alpha,Staff,200\n2020-05-28,Alpha,Staff,7.50\n"
	                               "2020-06-01,Alpha,Staff,300\n");
}

// 'read_sums()' - SHA256SUMS's lines; O - how many.
static int
read_sums(const fx_t *f, line_t *lines)
{
	char path[256], text[512];
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof path, "%s/SHA256SUMS", f->out);
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(text, sizeof text, fp) != NULL) {
		assert_true(n < MAX_LINES);
		assert_true(strlen(text) > 67);
		text[strcspn(text, "\n")] = '\0';
		snprintf(lines[n].hex, sizeof lines[n].hex, "%.64s", text);
		snprintf(lines[n].path, sizeof lines[n].path, "%s", text + 66);
		n++;
	}
	fclose(fp);
	return n;
}

// 'hash_of()' - The SHA-256 of a file of the output folder; false when it is not there.
static bool
hash_of(const fx_t *f, const char *rel, char hex[65])
{
	char path[512];
	struct stat st;
	char *data;
	FILE *fp;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", f->out, rel);
	if (stat(path, &st) != 0 || (fp = fopen(path, "rb")) == NULL)
		return false;
	data = malloc((size_t)st.st_size + 1);
	assert_non_null(data);
	ok = fread(data, 1, (size_t)st.st_size, fp) == (size_t)st.st_size && outdir_sha256(data, (size_t)st.st_size, hex);
	fclose(fp);
	free(data);
	return ok;
}

// 'sums_hold()' - `sha256sum -c SHA256SUMS` passes: every line's file is there with that hash.
static void
sums_hold(const fx_t *f, const char *when)
{
	line_t lines[MAX_LINES];
	char hex[65];
	int n = read_sums(f, lines);

	for (int i = 0; i < n; i++)
		if (!hash_of(f, lines[i].path, hex) || strcmp(hex, lines[i].hex) != 0)
			fail_msg("%s: SHA256SUMS lists %s, which is not there as listed", when, lines[i].path);
}

// 'all_kept()' - Every issued file (a line of an earlier SHA256SUMS) is under a name SHA256SUMS
//                lists now, with its bytes.
static void
all_kept(const fx_t *f, const line_t *issued, int n_issued, const char *when)
{
	line_t lines[MAX_LINES];
	int n = read_sums(f, lines);

	for (int i = 0; i < n_issued; i++) {
		bool found = false;
		for (int k = 0; k < n && !found; k++)
			found = strcmp(lines[k].hex, issued[i].hex) == 0;
		if (!found)
			fail_msg("%s: the issued %s is under no name SHA256SUMS lists", when, issued[i].path);
	}
}

// 'count_kept()' - How many files superseded/ holds.
static int
count_kept(const fx_t *f)
{
	char cmd[256];
	int n = -1;
	FILE *p;

	snprintf(cmd, sizeof cmd, "ls %s/alpha/superseded 2>/dev/null | wc -l", f->out);
	assert_non_null(p = popen(cmd, "r"));
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

// 'run_killed()' - The revising run in a child that dies before step k.  O - true when it was
//                  killed, false when it finished first (k is past its last step).
static bool
run_killed(fx_t *f, int k)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		steps = 0;
		kill_at = k;
		_exit(run_june(f, 1596412800));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		assert_int_equal(WTERMSIG(status), SIGKILL);
		return true;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), ROIT_OK);
	return false;
}

// SIGKILL before every step of a run that revises May, June and the summary: after each, every
// issued revision is listed with its bytes and SHA256SUMS holds; the next run then leaves each
// revised report as revision 2 and its revision 1 kept once.
static void
test_killed_at_every_step(void **state)
{
	fx_t *f = *state;
	line_t issued[MAX_LINES];
	int n_issued, k;
	char saved[200], cmd[512];

	assert_int_equal(run_june(f, 1593561600), ROIT_OK);
	n_issued = read_sums(f, issued);
	assert_int_equal(n_issued, 8);
	snprintf(saved, sizeof saved, "%s/issued", f->dir);
	snprintf(cmd, sizeof cmd, "cp -a %s %s", f->out, saved);
	assert_int_equal(system(cmd), 0);
	late_journal(f);
	for (k = 1; k < 100; k++) {
		char when[64];

		snprintf(cmd, sizeof cmd, "rm -rf %s && cp -a %s %s", f->out, saved, f->out);
		assert_int_equal(system(cmd), 0);
		if (!run_killed(f, k))
			break;
		snprintf(when, sizeof when, "killed before step %d", k);
		sums_hold(f, when);
		all_kept(f, issued, n_issued, when);
		// The next run finishes the job.
		assert_int_equal(run_june(f, 1596412800), ROIT_OK);
		snprintf(when, sizeof when, "the run after a kill before step %d", k);
		sums_hold(f, when);
		all_kept(f, issued, n_issued, when);
		// April did not change; May, June and the summary are revision 2, each revision 1 kept once.
		assert_int_equal(count_kept(f), 6);
		char hex[65];
		assert_true(hash_of(f, "alpha/2020-04-monthly-return.pdf", hex));
		assert_string_equal(hex, issued[1].hex);	// sorted: April's JSON, then its PDF
	}
	// Two links, a rename of SHA256SUMS, the twin and the PDF per revised report, and the last
	// SHA256SUMS: sixteen steps.
	assert_int_equal(k, 17);
}

// A full disk while keeping an issued revision: exit 74, the issued files under their own
// names as SHA256SUMS lists them, nothing kept half.
static void
test_disk_full_while_keeping(void **state)
{
	fx_t *f = *state;
	line_t before[MAX_LINES], after[MAX_LINES];
	int n;

	assert_int_equal(run_june(f, 1593561600), ROIT_OK);
	n = read_sums(f, before);
	late_journal(f);
	link_errno = ENOSPC;
	assert_int_equal(run_june(f, 1596412800), ROIT_EX_IOERR);
	assert_non_null(strstr(f->err, "No space left on device"));
	assert_int_equal(read_sums(f, after), n);
	for (int i = 0; i < n; i++) {
		assert_string_equal(after[i].path, before[i].path);
		assert_string_equal(after[i].hex, before[i].hex);
	}
	sums_hold(f, "after a full disk");
	link_errno = 0;
	assert_int_equal(run_june(f, 1596412800), ROIT_OK);
	all_kept(f, before, n, "the run after a full disk");
	sums_hold(f, "the run after a full disk");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_killed_at_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full_while_keeping, setup, teardown),
	};

	find_fonts();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
