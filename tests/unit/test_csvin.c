// Unit tests of the CSV reader on its own (csvin.c): how an input is opened (regular files only,
// never waiting), a file that changes while it is read (SPEC 6, "a snapshot or nothing"), and
// the encoding rule of SPEC 3.  The reader is called with a row callback that changes the file
// in the middle of the read: the fault hook of these tests, with nothing in the program for it.
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
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "csvin.h"
#include "roit.h"

// The folder of a test, its spend.csv, and what the reader said.
typedef struct fx {
	char dir[64];
	char path[128];
	char err[8192];		// stderr of the last read
	int rows;		// rows handed to the callback
	char fields[64][256];	// the amount field of the first rows, as decoded
	const char *why[64];	// why the reader found each row unusable (csvin_row_t.unusable), or NULL
	void (*fault)(struct fx *f);	// run on the first row, then cleared
} fx_t;

static const csvin_column_t cols[] = {
	{ "date", true, NULL, false }, { "unit", true, NULL, false },
	{ "category", true, NULL, false }, { "amount", true, NULL, false },
};

static int
setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/rr-csvin-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/spend.csv", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fx_t *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void
on_row(void *ctx, const csvin_row_t *row)
{
	fx_t *f = ctx;

	if (f->rows < 64) {
		snprintf(f->fields[f->rows], sizeof f->fields[0], "%s", row->field[3]);
		f->why[f->rows] = row->unusable;
	}
	f->rows++;
	if (f->fault) {
		void (*fault)(fx_t *) = f->fault;
		f->fault = NULL;
		fault(f);
	}
}

// 'write_bytes()' - Write n bytes as path.
static void
write_bytes(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

// 'big_ledger()' - A spend.csv of about 8 MB: far more than the reader takes in one go.
static void
big_ledger(fx_t *f)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs("date,unit,category,amount\n", fp);
	for (int i = 0; i < 200000; i++)
		fprintf(fp, "2020-06-%02d,Alpha,Staff overtime,%d.%02d\n", 1 + i % 28, i % 1000, i % 100);
	assert_int_equal(fclose(fp), 0);
}

// 'read_status()' - csvin_read() of f->path; its stderr into f->err.  Run in a child, so a
//                   crash (SIGBUS) fails the test instead of ending the test program.
static int
read_status(fx_t *f)
{
	char errpath[128];
	int pipefd[2], status;
	pid_t pid;

	snprintf(errpath, sizeof errpath, "%s/stderr.txt", f->dir);
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		csvin_handler_t h = { on_row, NULL, f, -1, NULL, NULL };
		csvin_info_t info;
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int rc;

		// cmocka's handlers would report a crash here and run the other tests in this child.
		alarm(30);	// a read that waits ends the child, not the suite
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		dup2(fd, STDERR_FILENO);
		close(fd);
		rc = csvin_read(f->path, f->path, cols, 4, &h, &info);
		// Back to the parent: the status, the rows and their fields.
		if (write(pipefd[1], &rc, sizeof rc) != sizeof rc || write(pipefd[1], &f->rows, sizeof f->rows) != sizeof f->rows ||
		    write(pipefd[1], f->fields, sizeof f->fields) != sizeof f->fields ||
		    write(pipefd[1], f->why, sizeof f->why) != sizeof f->why)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	int rc = -1;
	ssize_t got = read(pipefd[0], &rc, sizeof rc);
	if (got == sizeof rc) {
		assert_int_equal(read(pipefd[0], &f->rows, sizeof f->rows), sizeof f->rows);
		size_t want = sizeof f->fields, have = 0;
		while (have < want && (got = read(pipefd[0], (char *)f->fields + have, want - have)) > 0)
			have += (size_t)got;
		want = sizeof f->why, have = 0;
		while (have < want && (got = read(pipefd[0], (char *)f->why + have, want - have)) > 0)
			have += (size_t)got;
	}
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("the reader died of signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	int fd = open(errpath, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, f->err, sizeof f->err - 1) : 0;
	if (fd >= 0)
		close(fd);
	f->err[n > 0 ? n : 0] = '\0';
	return rc;
}

/* ---- a snapshot or nothing ---- */

static void
truncate_it(fx_t *f)
{
	assert_int_equal(truncate(f->path, 100), 0);
}

static void
grow_it(fx_t *f)
{
	int fd = open(f->path, O_WRONLY | O_APPEND);
	static char more[1 << 20];

	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof more; i++)
		more[i] = i % 32 == 31 ? '\n' : 'x';
	assert_int_equal(write(fd, more, sizeof more), (ssize_t)sizeof more);
	close(fd);
}

static void
replace_it(fx_t *f)
{
	char other[160];
	static const char text[] = "date,unit,category,amount\n2020-06-01,Alpha,Staff,1.00\n";

	snprintf(other, sizeof other, "%s/new.csv", f->dir);
	write_bytes(other, text, sizeof text - 1);
	assert_int_equal(rename(other, f->path), 0);
}

// Overwritten in place with as many bytes, its modification time a second later.
static void
rewrite_it(fx_t *f)
{
	int fd = open(f->path, O_WRONLY);
	struct stat st;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(pwrite(fd, "9999-99-99", 10, 27), 10);
	struct timespec t[2] = { st.st_atim, st.st_mtim };
	t[1].tv_sec += 1;
	assert_int_equal(futimens(fd, t), 0);
	close(fd);
}

// An export copied over the old one while the run reads it: never a crash (SIGBUS on a mapped
// file), always 75 with the message.
static void
test_truncated_while_read(void **state)
{
	fx_t *f = *state;

	big_ledger(f);
	f->fault = truncate_it;
	assert_int_equal(read_status(f), ROIT_EX_TEMPFAIL);
	assert_non_null(strstr(f->err, "spend.csv: changed while being read; run again"));
}

static void
test_grown_while_read(void **state)
{
	fx_t *f = *state;

	big_ledger(f);
	f->fault = grow_it;
	assert_int_equal(read_status(f), ROIT_EX_TEMPFAIL);
	assert_non_null(strstr(f->err, "changed while being read; run again"));
}

static void
test_replaced_while_read(void **state)
{
	fx_t *f = *state;

	big_ledger(f);
	f->fault = replace_it;
	assert_int_equal(read_status(f), ROIT_EX_TEMPFAIL);
	assert_non_null(strstr(f->err, "changed while being read; run again"));
}

static void
test_rewritten_while_read(void **state)
{
	fx_t *f = *state;

	big_ledger(f);
	f->fault = rewrite_it;
	assert_int_equal(read_status(f), ROIT_EX_TEMPFAIL);
	assert_non_null(strstr(f->err, "changed while being read; run again"));
}

// The same file left alone is read whole, every row.
static void
test_unchanged(void **state)
{
	fx_t *f = *state;

	big_ledger(f);
	assert_int_equal(read_status(f), ROIT_OK);
	assert_int_equal(f->rows, 200000);
	assert_string_equal(f->err, "");
}

/* ---- never blocks ---- */

// A FIFO with no writer, /dev/zero through a symlink, a folder: refused at once, by name.
static void
test_not_regular(void **state)
{
	fx_t *f = *state;

	alarm(20);	// a hang fails the test rather than the suite
	assert_int_equal(mkfifo(f->path, 0644), 0);
	assert_int_equal(read_status(f), ROIT_EX_NOINPUT);
	assert_non_null(strstr(f->err, "spend.csv: cannot be read: it is a FIFO, not a regular file"));
	unlink(f->path);
	assert_int_equal(symlink("/dev/zero", f->path), 0);
	assert_int_equal(read_status(f), ROIT_EX_NOINPUT);
	assert_non_null(strstr(f->err, "it is a device, not a regular file"));
	unlink(f->path);
	assert_int_equal(mkdir(f->path, 0755), 0);
	assert_int_equal(read_status(f), ROIT_EX_NOINPUT);
	assert_non_null(strstr(f->err, "it is a folder, not a regular file"));
	alarm(0);
}


/* ---- the encoding rule (SPEC 3) ---- */

// 'read_memory()' - csvin_read_memory() of text in chunks of chunk bytes; stderr into f->err.
static int
read_memory(fx_t *f, const char *text, size_t len, size_t chunk)
{
	csvin_handler_t h = { on_row, NULL, f, -1, NULL, NULL };
	char errpath[128];
	csvin_info_t info;
	int saved, fd, rc;

	snprintf(errpath, sizeof errpath, "%s/stderr.txt", f->dir);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDERR_FILENO);
	close(fd);
	f->rows = 0;
	rc = csvin_read_memory(text, len, chunk, "spend.csv", cols, 4, &h, &info);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fd = open(errpath, O_RDONLY);
	ssize_t n = read(fd, f->err, sizeof f->err - 1);
	close(fd);
	f->err[n > 0 ? n : 0] = '\0';
	return rc;
}

// Every chunk size from 1 byte up, so no buffer edge changes the verdict.
#define EACH_CHUNK(chunk) for (size_t chunk = 1; chunk <= 64; chunk = chunk < 8 ? chunk + 1 : chunk * 2)

// One stray byte in an otherwise UTF-8 export: its row is rejected ("not valid UTF-8"), every
// other row is read as UTF-8 (its £ amounts stay amounts): the file is not Windows-1252.
static void
test_stray_byte_in_utf8(void **state)
{
	fx_t *f = *state;
	static const char text[] =
		"date,unit,category,amount\n"
		"2020-06-01,Alpha,Caf\xC3\xA9,\xC2\xA3" "10.00\n"
		"2020-06-02,Alpha,Staff,\xA3" "5.00\n"			// 0xA3 alone: not UTF-8
		"2020-06-03,Alpha,Staff,\xC2\xA3" "7.00\n"
		"2020-06-04,Alpha,St\xE9" "ff,1.00\n";			// 0xE9 then 'f': not UTF-8

	EACH_CHUNK(chunk) {
		assert_int_equal(read_memory(f, text, sizeof text - 1, chunk), ROIT_OK);
		assert_int_equal(f->rows, 4);
		assert_string_equal(f->fields[0], "\xC2\xA3" "10.00");
		assert_string_equal(f->fields[2], "\xC2\xA3" "7.00");
		assert_null(f->why[0]);
		assert_null(f->why[2]);
		assert_non_null(f->why[1]);
		assert_string_equal(f->why[1], "not valid UTF-8");
		assert_non_null(f->why[3]);
		assert_string_equal(f->why[3], "not valid UTF-8");
	}
}

// With a byte order mark the file is UTF-8 even without another multi-byte character.
static void
test_bom_means_utf8(void **state)
{
	fx_t *f = *state;
	static const char text[] =
		"\xEF\xBB\xBF" "date,unit,category,amount\n"
		"2020-06-01,Alpha,Staff,\xA3" "5.00\n"
		"2020-06-02,Alpha,Staff,6.00\n";

	EACH_CHUNK(chunk) {
		assert_int_equal(read_memory(f, text, sizeof text - 1, chunk), ROIT_OK);
		assert_int_equal(f->rows, 2);
		assert_non_null(f->why[0]);
		assert_string_equal(f->why[0], "not valid UTF-8");
		assert_null(f->why[1]);
	}
}

// No multi-byte UTF-8 anywhere and bytes above 0x7F: Windows-1252, every row read.
static void
test_no_multibyte_is_cp1252(void **state)
{
	fx_t *f = *state;
	static const char text[] =
		"date,unit,category,amount\n"
		"2020-06-01,Alpha,Caf\xE9,\xA3" "5.00\n"
		"2020-06-02,Alpha,Staff \x96 \x80,6.00\n";

	EACH_CHUNK(chunk) {
		assert_int_equal(read_memory(f, text, sizeof text - 1, chunk), ROIT_OK);
		assert_int_equal(f->rows, 2);
		assert_string_equal(f->fields[0], "\xC2\xA3" "5.00");
		assert_null(f->why[0]);
		assert_null(f->why[1]);
	}
}

// A multi-byte sequence cut off by the end of the file: the last row is not valid UTF-8.
static void
test_cut_sequence_at_end(void **state)
{
	fx_t *f = *state;
	static const char text[] =
		"date,unit,category,amount\n"
		"2020-06-01,Alpha,Caf\xC3\xA9,1.00\n"
		"2020-06-02,Alpha,Staff,2.00\xE2\x82";

	EACH_CHUNK(chunk) {
		assert_int_equal(read_memory(f, text, sizeof text - 1, chunk), ROIT_OK);
		assert_int_equal(f->rows, 2);
		assert_null(f->why[0]);
		assert_non_null(f->why[1]);
		assert_string_equal(f->why[1], "not valid UTF-8");
	}
}

// UTF-16 (Excel's "Unicode Text") is refused with 65 and a message that says what to do.
static void
test_utf16_refused(void **state)
{
	fx_t *f = *state;
	static const char le[] = "\xFF\xFE" "d\0a\0t\0e\0";
	static const char be[] = "\xFE\xFF" "\0d\0a\0t\0e";

	EACH_CHUNK(chunk) {
		assert_int_equal(read_memory(f, le, sizeof le - 1, chunk), ROIT_EX_DATAERR);
		assert_non_null(strstr(f->err, "spend.csv: the file is UTF-16"));
		assert_non_null(strstr(f->err, "save it as"));
		assert_int_equal(f->rows, 0);
		assert_int_equal(read_memory(f, be, sizeof be - 1, chunk), ROIT_EX_DATAERR);
		assert_non_null(strstr(f->err, "the file is UTF-16"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_truncated_while_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grown_while_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_while_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_while_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stray_byte_in_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_means_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_multibyte_is_cp1252, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_sequence_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
