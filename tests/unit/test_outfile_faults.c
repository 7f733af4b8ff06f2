// Unit tests of the output folder under injected system-call failures (outfile.c): each call it
// makes to create, write, flush, rename, link or lock fails in turn (wrapped at link time,
// -Wl,--wrap), and each gives the documented exit code (73 a folder it cannot create or write
// in, 74 an I/O error) and a message with the real reason, never a partial file under a report's
// name, a lost issued file or a temporary file left behind.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "roit.h"

// The one failure armed: the skip+1-th call of fn (whose path holds name, when given) fails with
// err, or, for write, writes only part (short) or is interrupted (err EINTR) and goes on.
static struct {
	const char *fn, *name;
	int skip, err;
	bool short_write;
	int sig;		// raised inside that call instead of failing it
} fault;

// 'arm()' - Make the skip+1-th call of fn (on a path holding name, if given) fail with err.
static void
arm(const char *fn, const char *name, int skip, int err)
{
	fault.fn = fn, fault.name = name, fault.skip = skip, fault.err = err;
	fault.short_write = false, fault.sig = 0;
}

// 'hit()' - Whether this call is the armed one (then the fault is spent).
static bool
hit(const char *fn, const char *path)
{
	if (fault.fn == NULL || strcmp(fn, fault.fn) != 0 || (fault.name && (!path || !strstr(path, fault.name))))
		return false;
	if (fault.skip-- > 0)
		return false;
	fault.fn = NULL;
	if (fault.sig) {
		raise(fault.sig);
		return false;
	}
	errno = fault.err;
	return true;
}

int __real_openat64(int dir, const char *path, int flags, ...);
int __real_open64(const char *path, int flags, ...);
int __real_mkdir(const char *path, mode_t mode);
int __real_mkdirat(int dir, const char *path, mode_t mode);
int __real_fchmod(int fd, mode_t mode);
ssize_t __real_write(int fd, const void *p, size_t n);
int __real_fsync(int fd);
int __real_renameat(int from_dir, const char *from, int to_dir, const char *to);
int __real_linkat(int from_dir, const char *from, int to_dir, const char *to, int flags);
int __real_flock(int fd, int op);
int __real_fstatat64(int dir, const char *path, struct stat *st, int flags);
ssize_t __real_read(int fd, void *p, size_t n);
int __wrap_openat64(int dir, const char *path, int flags, ...);
int __wrap_open64(const char *path, int flags, ...);
int __wrap_mkdir(const char *path, mode_t mode);
int __wrap_mkdirat(int dir, const char *path, mode_t mode);
int __wrap_fchmod(int fd, mode_t mode);
ssize_t __wrap_write(int fd, const void *p, size_t n);
int __wrap_fsync(int fd);
int __wrap_renameat(int from_dir, const char *from, int to_dir, const char *to);
int __wrap_linkat(int from_dir, const char *from, int to_dir, const char *to, int flags);
int __wrap_flock(int fd, int op);
int __wrap_fstatat64(int dir, const char *path, struct stat *st, int flags);
ssize_t __wrap_read(int fd, void *p, size_t n);

int
__wrap_openat64(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	return hit("openat", path) ? -1 : __real_openat64(dir, path, flags, mode);
}

int
__wrap_open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	return hit("open", path) ? -1 : __real_open64(path, flags, mode);
}

int __wrap_mkdir(const char *path, mode_t mode) { return hit("mkdir", path) ? -1 : __real_mkdir(path, mode); }
int __wrap_mkdirat(int dir, const char *path, mode_t mode) { return hit("mkdirat", path) ? -1 : __real_mkdirat(dir, path, mode); }
int __wrap_fchmod(int fd, mode_t mode) { return hit("fchmod", NULL) ? -1 : __real_fchmod(fd, mode); }
int __wrap_fsync(int fd) { return hit("fsync", NULL) ? -1 : __real_fsync(fd); }
int __wrap_flock(int fd, int op) { return hit("flock", NULL) ? -1 : __real_flock(fd, op); }
ssize_t __wrap_read(int fd, void *p, size_t n) { return hit("read", NULL) ? 0 : __real_read(fd, p, n); }

int
__wrap_fstatat64(int dir, const char *path, struct stat *st, int flags)
{
	return hit("fstatat", path) ? -1 : __real_fstatat64(dir, path, st, flags);
}

int
__wrap_renameat(int from_dir, const char *from, int to_dir, const char *to)
{
	return hit("renameat", to) ? -1 : __real_renameat(from_dir, from, to_dir, to);
}

int
__wrap_linkat(int from_dir, const char *from, int to_dir, const char *to, int flags)
{
	return hit("linkat", to) ? -1 : __real_linkat(from_dir, from, to_dir, to, flags);
}

ssize_t
__wrap_write(int fd, const void *p, size_t n)
{
	bool short_write = fault.short_write;

	if (!hit("write", NULL))
		return __real_write(fd, p, n);
	if (short_write)
		return __real_write(fd, p, n / 2);
	return -1;
}

// Each test gets a fresh folder; its path is the cmocka state.
static int
setup(void **state)
{
	char *dir = strdup("/tmp/test_outfile_faults.XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	roit_verbosity = ROIT_QUIET;
	fault.fn = NULL;
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];
	char *dir = *state;

	fault.fn = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	int rc = system(cmd);
	free(dir);
	return rc == 0 ? 0 : -1;
}

// 'path_of()' - "<base>/<rel>" in a static buffer (one at a time).
static const char *
path_of(const char *base, const char *rel)
{
	static char s[4096];

	assert_true(snprintf(s, sizeof s, "%s/%s", base, rel) < (int)sizeof s);
	return s;
}

// 'slurp()' - A small file's text, or "" when there is none.
static const char *
slurp(const char *path)
{
	static char s[4096];
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f) {
		n = fread(s, 1, sizeof s - 1, f);
		fclose(f);
	}
	s[n] = '\0';
	return s;
}

// 'temp_files()' - How many ".*.tmp-*" files a folder holds (0 when it is not there).
static int
temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' && strstr(e->d_name, ".tmp-") != NULL;
	if (d)
		closedir(d);
	return n;
}

// stderr into a file while a fault is tried.
static char errpath[64];
static int saved_err = -1;

static void
err_start(void)
{
	int fd;

	strcpy(errpath, "/tmp/test_outfile_faults.err.XXXXXX");
	fd = mkstemp(errpath);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_err = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

// 'err_end()' - stderr back; fails unless what was written holds want.
static void
err_end(const char *want)
{
	const char *s;

	fflush(stderr);
	dup2(saved_err, STDERR_FILENO);
	close(saved_err);
	s = slurp(errpath);
	unlink(errpath);
	if (strstr(s, want) == NULL)
		fail_msg("stderr \"%s\" does not say \"%s\"", s, want);
}

// 'issued()' - A folder holding u/r.pdf ("old report"), listed in SHA256SUMS; d open on it.
static outdir_t *
issued(const char *out)
{
	outdir_t *d;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/r.pdf", "old report", 10), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	return d;
}

// 'intact()' - The issued file is still whole under its name, with no temporary file beside it.
static void
intact(const char *out)
{
	assert_string_equal(slurp(path_of(out, "u/r.pdf")), "old report");
	assert_int_equal(temp_files(path_of(out, "u")), 0);
	assert_int_equal(temp_files(out), 0);
	assert_non_null(strstr(slurp(path_of(out, "SHA256SUMS")), "  u/r.pdf\n"));
}

// Opening the folder: each failure is 73 with its own reason (the lock's errno too, not that
// of a later look at the name); SHA256SUMS that cannot be read for an I/O error is 74.
static void
test_open_faults(void **state)
{
	static const struct { const char *fn, *name; int err; const char *says; int rc; } cases[] = {
		{ "mkdir", "new", EACCES, ": cannot create the folder: Permission denied", ROIT_EX_CANTCREAT },
		{ "open", "new", EMFILE, "cannot open the folder: Too many open files", ROIT_EX_CANTCREAT },
		{ "openat", ".lock", ENOSPC, ".lock: cannot create the lock file: No space left on device", ROIT_EX_CANTCREAT },
		{ "openat", ".lock", EROFS, ".lock: cannot create the lock file: Read-only file system", ROIT_EX_CANTCREAT },
		{ "flock", NULL, ENOLCK, ".lock: cannot lock: No locks available", ROIT_EX_CANTCREAT },
		{ "openat", "SHA256SUMS", EIO, "SHA256SUMS: cannot read: Input/output error", ROIT_EX_IOERR },
	};
	const char *out = *state;
	outdir_t *d;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char dir[4096];

		snprintf(dir, sizeof dir, "%s/new%zu", out, i);
		if (strcmp(cases[i].name ? cases[i].name : "", "SHA256SUMS") == 0) {
			assert_int_equal(outdir_open(dir, &d), ROIT_OK);
			assert_int_equal(outdir_write(d, "u/r.pdf", "x", 1), ROIT_OK);
			assert_int_equal(outdir_close(d, true), ROIT_OK);
		}
		arm(cases[i].fn, cases[i].name, 0, cases[i].err);
		err_start();
		int rc = outdir_open(dir, &d);
		err_end(cases[i].says);
		assert_int_equal(rc, cases[i].rc);
		assert_null(fault.fn);
	}
}

// Writing a report over an issued one: every step that can fail, each 73 or 74 as the reason
// says, the issued file whole and no temporary file left.  Steps in order: the temporary file
// made, its mode, its bytes, flushed, renamed, the folder flushed.
static void
test_write_faults(void **state)
{
	static const struct { const char *fn, *name; int skip, err; const char *says; int rc; } cases[] = {
		{ "openat", ".r.pdf.tmp-", 0, ENOSPC, "u/r.pdf: cannot create a temporary file: No space left on device", ROIT_EX_IOERR },
		{ "openat", ".r.pdf.tmp-", 0, EACCES, "u/r.pdf: cannot create a temporary file: Permission denied", ROIT_EX_CANTCREAT },
		{ "fchmod", NULL, 0, EPERM, "u/r.pdf: cannot write: Operation not permitted", ROIT_EX_IOERR },
		{ "write", NULL, 0, ENOSPC, "u/r.pdf: cannot write: No space left on device", ROIT_EX_IOERR },
		{ "write", NULL, 0, EIO, "u/r.pdf: cannot write: Input/output error", ROIT_EX_IOERR },
		{ "fsync", NULL, 0, EIO, "u/r.pdf: cannot write: Input/output error", ROIT_EX_IOERR },
		{ "renameat", "r.pdf", 0, EIO, "u/r.pdf: cannot write: Input/output error", ROIT_EX_IOERR },
		{ "fsync", NULL, 1, EIO, "/u/: cannot flush the folder: Input/output error", ROIT_EX_IOERR },
	};
	const char *out = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		outdir_t *d = issued(out);

		arm(cases[i].fn, cases[i].name, cases[i].skip, cases[i].err);
		err_start();
		int rc = outdir_write(d, "u/r.pdf", "new report, longer", 18);
		err_end(cases[i].says);
		assert_int_equal(rc, cases[i].rc);
		assert_null(fault.fn);
		assert_int_equal(outdir_close(d, false), ROIT_OK);
		// A folder flush that failed comes after the rename: the new bytes are whole.
		if (strcmp(cases[i].says, "/u/: cannot flush the folder: Input/output error") != 0)
			intact(out);
		else
			assert_string_equal(slurp(path_of(out, "u/r.pdf")), "new report, longer");
	}
}

// A write cut short or interrupted goes on where it stopped; a folder that cannot be flushed
// because its file system cannot flush folders (EINVAL) is no error.
static void
test_write_resumes(void **state)
{
	const char *out = *state;
	outdir_t *d = issued(out);

	arm("write", NULL, 0, 0);
	fault.short_write = true;
	assert_int_equal(outdir_write(d, "u/r.pdf", "new report, longer", 18), ROIT_OK);
	assert_string_equal(slurp(path_of(out, "u/r.pdf")), "new report, longer");
	arm("write", NULL, 0, EINTR);
	assert_int_equal(outdir_write(d, "u/r.pdf", "third", 5), ROIT_OK);
	assert_string_equal(slurp(path_of(out, "u/r.pdf")), "third");
	arm("fsync", NULL, 1, EINVAL);
	assert_int_equal(outdir_write(d, "u/r.pdf", "fourth", 6), ROIT_OK);
	assert_null(fault.fn);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_string_equal(slurp(path_of(out, "u/r.pdf")), "fourth");
}

// A unit's folder that cannot be made: 74 for a full disk, 73 otherwise; its parent's flush
// after making it, 74.
static void
test_folder_faults(void **state)
{
	static const struct { const char *fn; int skip, err; const char *says; int rc; } cases[] = {
		{ "mkdirat", 0, ENOSPC, "/v: cannot create the folder: No space left on device", ROIT_EX_IOERR },
		{ "mkdirat", 0, EACCES, "/v: cannot create the folder: Permission denied", ROIT_EX_CANTCREAT },
		{ "fsync", 0, EIO, ": cannot flush the folder: Input/output error", ROIT_EX_IOERR },
	};
	const char *out = *state;
	outdir_t *d;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		arm(cases[i].fn, cases[i].fn[0] == 'm' ? "v" : NULL, cases[i].skip, cases[i].err);
		err_start();
		int rc = outdir_write(d, "v/r.pdf", "x", 1);
		err_end(cases[i].says);
		assert_int_equal(rc, cases[i].rc);
		assert_null(fault.fn);
	}
	assert_int_equal(outdir_close(d, false), ROIT_OK);
}

// Keeping an issued file under superseded/ by a hard link: a full disk is 74, the issued file
// still under its own name and listed.
static void
test_keep_faults(void **state)
{
	const char *out = *state;
	char hex[65];
	outdir_t *d = issued(out);

	assert_true(outdir_sha256("old report", 10, hex));
	arm("linkat", "r.r1.pdf", 0, ENOSPC);
	err_start();
	int rc = outdir_keep(d, "u/r.pdf", "u/superseded/r.r1.pdf", hex);
	err_end("No space left on device");
	assert_int_equal(rc, ROIT_EX_IOERR);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	intact(out);
}

// SHA256SUMS that cannot be rewritten at the end: 74, and the list as it was.
static void
test_sums_faults(void **state)
{
	const char *out = *state;
	outdir_t *d = issued(out);

	assert_int_equal(outdir_write(d, "u/s.pdf", "second", 6), ROIT_OK);
	arm("openat", ".SHA256SUMS.tmp-", 0, ENOSPC);
	err_start();
	int rc = outdir_close(d, true);
	err_end("SHA256SUMS: cannot create a temporary file: No space left on device");
	assert_int_equal(rc, ROIT_EX_IOERR);
	intact(out);
	assert_null(strstr(slurp(path_of(out, "SHA256SUMS")), "u/s.pdf"));
}

// 'killed_in_write()' - In a child: SIGTERM raised inside the skip+1-th write(2) of fn(out);
//                       O - the child's fate (fails unless it died of SIGTERM).
static void
killed_in_write(const char *out, int (*fn)(const char *), int skip)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		arm("write", NULL, skip, 0);
		fault.sig = SIGTERM;
		int rc = fn(out);
		roit_coverage_dump();
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		fail_msg("the child did not die of SIGTERM (status %#x)", (unsigned)status);
}

// 'rewrite_twice()' - Write u/r.pdf, then u/s.pdf, as run() does with a stop between them.
static int
rewrite_twice(const char *out)
{
	outdir_t *d;

	if (outdir_open(out, &d) != ROIT_OK || outdir_write(d, "u/r.pdf", "new report", 10) != ROIT_OK)
		return 1;
	if (outdir_write(d, "u/s.pdf", "second", 6) != OUTDIR_STOPPED)
		return 2;
	outdir_close(d, true);
	signal(outdir_stop_signal(), SIG_DFL);
	roit_coverage_dump();
	raise(outdir_stop_signal());
	return 3;
}

// 'drop_gone_line()' - Open and close a folder whose SHA256SUMS names a file that is gone, so
//                      SHA256SUMS is rewritten before anything else is written.
static int
drop_gone_line(const char *out)
{
	outdir_t *d;

	if (outdir_open(out, &d) != ROIT_OK)
		return 1;
	return outdir_close(d, true) == ROIT_OK ? 2 : 3;
}

// SIGTERM while a report's bytes are written: that report is finished and listed, the run stops
// before the next one and dies of the signal.  While SHA256SUMS is rewritten before any report:
// its temporary file is removed and the list is as it was.
static void
test_signal_in_write(void **state)
{
	const char *out = *state;
	char before[4096];

	outdir_close(issued(out), true);
	killed_in_write(out, rewrite_twice, 0);
	assert_string_equal(slurp(path_of(out, "u/r.pdf")), "new report");
	assert_int_equal(temp_files(path_of(out, "u")), 0);
	assert_null(strstr(slurp(path_of(out, "SHA256SUMS")), "u/s.pdf"));
	assert_non_null(strstr(slurp(path_of(out, "SHA256SUMS")), "u/r.pdf"));

	// Two files listed, one of them gone: the list is rewritten with one line.
	outdir_t *d = issued(out);
	assert_int_equal(outdir_write(d, "u/keep.pdf", "kept", 4), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_int_equal(unlink(path_of(out, "u/r.pdf")), 0);
	strcpy(before, slurp(path_of(out, "SHA256SUMS")));
	killed_in_write(out, drop_gone_line, 0);
	assert_int_equal(temp_files(out), 0);
	assert_string_equal(slurp(path_of(out, "SHA256SUMS")), before);
}

// 'make_socket()' - A listening Unix socket at path.
static void
make_socket(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0 && strlen(path) < sizeof a.sun_path);
	strcpy(a.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	close(fd);
}

// What stands where the program writes: a socket, a device, a file named superseded, each 73
// naming what it is; a unit folder that cannot be looked at or read, 73.
static void
test_in_the_way(void **state)
{
	const char *out = *state;
	outdir_t *d;

	assert_int_equal(mkdir(path_of(out, "u"), 0755), 0);
	make_socket(path_of(out, "u/2020-06-monthly-return.pdf"));
	err_start();
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	err_end("SHA256SUMS is missing");
	err_start();
	int rc = outdir_check_unit(d, "u");
	err_end("2020-06-monthly-return.pdf: is a socket where the program keeps a report");
	assert_int_equal(rc, ROIT_EX_CANTCREAT);
	arm("fstatat", "unitx", 0, EIO);
	err_start();
	rc = outdir_check_unit(d, "unitx");
	err_end("unitx: cannot be looked at: Input/output error");
	assert_int_equal(rc, ROIT_EX_CANTCREAT);
	assert_int_equal(mkdir(path_of(out, "unitx"), 0755), 0);
	arm("openat", "unitx", 0, EMFILE);
	err_start();
	rc = outdir_check_unit(d, "unitx");
	err_end("unitx: cannot be read: Too many open files");
	assert_int_equal(rc, ROIT_EX_CANTCREAT);
	assert_int_equal(outdir_close(d, false), ROIT_OK);

	// A device as SHA256SUMS (as root, the test can make one), a file as the top superseded/.
	if (mknod(path_of(out, "SHA256SUMS"), S_IFCHR | 0600, makedev(1, 3)) == 0) {
		err_start();
		assert_int_equal(outdir_open(out, &d), ROIT_EX_CANTCREAT);
		err_end("SHA256SUMS: is a device where the program keeps");
		assert_int_equal(unlink(path_of(out, "SHA256SUMS")), 0);
	}
	arm("fstatat", "SHA256SUMS", 0, EIO);
	err_start();
	assert_int_equal(outdir_open(out, &d), ROIT_EX_CANTCREAT);
	err_end("SHA256SUMS: cannot be read: Input/output error");
	fclose(fopen(path_of(out, "superseded"), "w"));
	err_start();
	assert_int_equal(outdir_open(out, &d), ROIT_EX_CANTCREAT);
	err_end("superseded: is a file where the program keeps reports it has replaced (a folder)");
}

// Reading an issued report back: a symlink or a FIFO in its place is 73, a file that cannot be
// read or is shorter than it said is 74.
static void
test_read_faults(void **state)
{
	const char *out = *state;
	outdir_t *d = issued(out);
	bool found;
	buf_t b;

	buf_init(&b);
	assert_int_equal(symlink("r.pdf", path_of(out, "u/l.pdf")), 0);
	err_start();
	assert_int_equal(outdir_read(d, "u/l.pdf", &b, &found), ROIT_EX_CANTCREAT);
	err_end("l.pdf: a symlink stands where a report would be; not followed");
	assert_int_equal(mkfifo(path_of(out, "u/f.pdf"), 0600), 0);
	err_start();
	assert_int_equal(outdir_read(d, "u/f.pdf", &b, &found), ROIT_EX_CANTCREAT);
	err_end("f.pdf: not a regular file where a report would be");
	arm("openat", "r.pdf", 0, EIO);
	err_start();
	assert_int_equal(outdir_read(d, "u/r.pdf", &b, &found), ROIT_EX_IOERR);
	err_end("r.pdf: cannot read: Input/output error");
	arm("read", NULL, 0, 0);
	err_start();
	assert_int_equal(outdir_read(d, "u/r.pdf", &b, &found), ROIT_EX_IOERR);
	err_end("r.pdf: cannot read: Input/output error");
	assert_false(found);
	buf_free(&b);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
}

// Keeping: a name already holding other bytes is never replaced (73); a folder that cannot be
// flushed after the link, 74; a kept file whose folder is gone, 70.
static void
test_keep_refusals(void **state)
{
	const char *out = *state;
	char hex[65];
	outdir_t *d = issued(out);

	assert_true(outdir_sha256("old report", 10, hex));
	assert_int_equal(mkdir(path_of(out, "u/superseded"), 0755), 0);
	fclose(fopen(path_of(out, "u/superseded/r.r1.pdf"), "w"));
	err_start();
	assert_int_equal(outdir_keep(d, "u/r.pdf", "u/superseded/r.r1.pdf", hex), ROIT_EX_CANTCREAT);
	err_end("r.r1.pdf: already holds other bytes; an issued report is never replaced");
	arm("fsync", NULL, 0, EIO);
	err_start();
	assert_int_equal(outdir_keep(d, "u/r.pdf", "u/superseded/r.r2.pdf", hex), ROIT_EX_IOERR);
	err_end("r.r2.pdf: cannot flush its folder: Input/output error");
	err_start();
	assert_int_equal(outdir_keep(d, "gone/r.pdf", "gone/superseded/r.r1.pdf", hex), ROIT_EX_SOFTWARE);
	err_end("the folder of gone/r.pdf is gone (internal error)");
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	intact(out);
}

// --check's look at a folder it cannot open: 73 with the reason.
static void
test_peek_faults(void **state)
{
	const char *out = *state;
	outdir_t *d;

	arm("open", "peek", 0, EACCES);
	err_start();
	assert_int_equal(outdir_peek(path_of(out, "peek"), &d), ROIT_EX_CANTCREAT);
	err_end("peek: cannot open the folder: Permission denied");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_resumes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sums_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_in_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_the_way, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peek_faults, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
