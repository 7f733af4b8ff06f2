// Unit tests of the output folder: atomic writes, SHA256SUMS, the lock, stale and killed temporary files.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "outfile.h"
#include "roit.h"

// SHA-256 of "hello", as sha256sum prints it.
#define HELLO_SHA "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

// 'path_of()' - "<base>/<rel>" in a static buffer (one at a time).
static const char *
path_of(const char *base, const char *rel)
{
	static char s[4096];

	assert_true(snprintf(s, sizeof s, "%s/%s", base, rel) < (int)sizeof s);
	return s;
}

// 'slurp()' - Whole file as a NUL-terminated string, or NULL if it cannot be read.
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096)
			s = realloc(s, cap = cap * 2 + 4096);
		got = fread(s + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

// 'put()' - Write a file outside outfile.c, for fixtures.
static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

// 'temp_files()' - How many ".*.tmp-*" files a folder holds.
static int
temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp-") != NULL)
			n++;
	closedir(d);
	return n;
}

// 'sha_hex()' - SHA-256 of a string, recomputed here independently of outfile.c's bookkeeping.
static void
sha_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	assert_int_equal(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
	for (unsigned int i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
}

// Capture of stdout or stderr into a file, to check what the user sees.
struct capture {
	int fd, saved;
	char path[64];
};

static void
capture_start(struct capture *c, FILE *stream)
{
	int tmp;

	strcpy(c->path, "/tmp/test_outfile.out.XXXXXX");
	tmp = mkstemp(c->path);
	assert_true(tmp >= 0);
	fflush(stream);
	c->fd = fileno(stream);
	c->saved = dup(c->fd);
	dup2(tmp, c->fd);
	close(tmp);
}

// 'capture_end()' - Restore the stream; return what was written (the caller frees it).
static char *
capture_end(struct capture *c, FILE *stream)
{
	char *s;

	fflush(stream);
	dup2(c->saved, c->fd);
	close(c->saved);
	s = slurp(c->path, NULL);
	unlink(c->path);
	return s;
}

// Each test gets a fresh folder; its path is the cmocka state.
static int
setup(void **state)
{
	char *dir = strdup("/tmp/test_outfile.XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	roit_verbosity = ROIT_QUIET;
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];
	char *dir = *state;

	// Undo chmod 0555 folders so rm can empty them.
	snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
	int rc = system(cmd);
	free(dir);
	return rc == 0 ? 0 : -1;
}

// Files land with the right bytes and mode; parents of the output folder are made; SHA256SUMS
// is in sha256sum format, sorted, and checks with sha256sum -c.
static void
test_write_and_sums(void **state)
{
	char out[4096], hex[65], want[1024], cmd[4200];
	struct stat st;
	outdir_t *d;
	char *s;

	snprintf(out, sizeof out, "%s/deep/out", (char *)*state);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "b-unit/2020-06-monthly-return.json", "{}\n", 3), ROIT_OK);
	assert_int_equal(outdir_write(d, "a-unit/2020-06-monthly-return.pdf", "hello", 5), ROIT_OK);
	assert_int_equal(outdir_write(d, "top.txt", "", 0), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);

	s = slurp(path_of(out, "a-unit/2020-06-monthly-return.pdf"), NULL);
	assert_string_equal(s, "hello");
	free(s);
	assert_int_equal(stat(path_of(out, "a-unit/2020-06-monthly-return.pdf"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	sha_hex("{}\n", 3, hex);
	snprintf(want, sizeof want,
	    HELLO_SHA "  a-unit/2020-06-monthly-return.pdf\n"
	    "%s  b-unit/2020-06-monthly-return.json\n"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  top.txt\n", hex);
	s = slurp(path_of(out, "SHA256SUMS"), NULL);
	assert_string_equal(s, want);
	free(s);
	assert_int_equal(temp_files(out), 0);

	snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum --quiet -c SHA256SUMS", out);
	assert_int_equal(system(cmd), 0);
}

// Every file written, SHA256SUMS included, is one line on stdout as "<outdir>/<relpath>";
// -q prints nothing.
static void
test_stdout_lines(void **state)
{
	char out[4096], want[8400];
	struct capture c;
	outdir_t *d;
	char *s;

	snprintf(out, sizeof out, "%s/out/", (char *)*state);
	roit_verbosity = ROIT_NORMAL;
	capture_start(&c, stdout);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/x.pdf", "x", 1), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	s = capture_end(&c, stdout);
	// The trailing slash the user typed is not doubled.
	snprintf(want, sizeof want, "%su/x.pdf\n%sSHA256SUMS\n", out, out);
	assert_string_equal(s, want);
	free(s);

	roit_verbosity = ROIT_QUIET;
	capture_start(&c, stdout);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/x.pdf", "y", 1), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	s = capture_end(&c, stdout);
	assert_string_equal(s, "");
	free(s);
}

// A later run keeps the lines of files it did not write, replaces those it did, drops those of
// files since removed, and drops lines that are not sha256sum lines.
static void
test_sums_merge(void **state)
{
	const char *out = *state;
	char hex[65], want[1024];
	outdir_t *d;
	char *s;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/keep.pdf", "hello", 5), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/gone.pdf", "gone", 4), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/new.pdf", "old", 3), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	unlink(path_of(out, "u/gone.pdf"));

	// A hand-added junk line, an upper-case hash: the first is dropped, the second normalised.
	s = slurp(path_of(out, "SHA256SUMS"), NULL);
	FILE *f = fopen(path_of(out, "SHA256SUMS"), "w");
	fputs("not a line\n", f);
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		for (int i = 0; i < 64; i++)
			if (line[i] >= 'a' && line[i] <= 'f')
				line[i] = (char)(line[i] - 'a' + 'A');
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	free(s);

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/new.pdf", "new", 3), ROIT_OK);
	assert_int_equal(outdir_write(d, "a/first.pdf", "hello", 5), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);

	sha_hex("new", 3, hex);
	snprintf(want, sizeof want,
	    HELLO_SHA "  a/first.pdf\n"
	    HELLO_SHA "  u/keep.pdf\n"
	    "%s  u/new.pdf\n", hex);
	s = slurp(path_of(out, "SHA256SUMS"), NULL);
	assert_string_equal(s, want);
	free(s);
}

// A run that changed nothing leaves SHA256SUMS alone; what a run wrote is listed however it
// ended; a line naming a file no longer there is dropped by a run that ended well, not by one
// that was refused.
static void
test_no_commit(void **state)
{
	const char *out = *state;
	outdir_t *d;
	char *sums;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_false(exists(path_of(out, "SHA256SUMS")));

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/a.pdf", "a", 1), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/b.pdf", "b", 1), ROIT_OK);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	assert_non_null(sums = slurp(path_of(out, "SHA256SUMS"), NULL));
	assert_non_null(strstr(sums, "  u/a.pdf\n"));
	free(sums);

	assert_int_equal(unlink(path_of(out, "u/b.pdf")), 0);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	assert_non_null(sums = slurp(path_of(out, "SHA256SUMS"), NULL));
	assert_non_null(strstr(sums, "  u/b.pdf\n"));
	free(sums);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_non_null(sums = slurp(path_of(out, "SHA256SUMS"), NULL));
	assert_null(strstr(sums, "  u/b.pdf\n"));
	assert_non_null(strstr(sums, "  u/a.pdf\n"));
	free(sums);
}

// A second open of a locked folder fails at once with 75 and says who holds it.  flock belongs
// to the open file description, so even a second open in the same process conflicts.
static void
test_lock(void **state)
{
	const char *out = *state;
	char want[4200];
	struct capture c;
	outdir_t *d, *d2 = (outdir_t *)&d;
	time_t t0 = time(NULL);
	char *s;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	capture_start(&c, stderr);
	assert_int_equal(outdir_open(out, &d2), ROIT_EX_TEMPFAIL);
	s = capture_end(&c, stderr);
	assert_null(d2);
	assert_true(time(NULL) - t0 < 2);
	snprintf(want, sizeof want, "roit-report: %s: another run holds the lock (%s/.lock)\n", out, out);
	assert_string_equal(s, want);
	free(s);

	// The lock goes with the run, the file stays (removing it would race with a third run).
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	assert_true(exists(path_of(out, ".lock")));
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
}

// Temporary files a killed run left, in the folder and its subfolders, go on open; reports,
// .lock and names that merely look alike stay: only ".<a name the program writes there>.tmp-XXXXXX"
// is the program's own (SPEC 6: nothing else is ever removed).
static void
test_stale_removed(void **state)
{
	const char *out = *state;
	char sub[4096];
	outdir_t *d;

	snprintf(sub, sizeof sub, "%s/unit", out);
	assert_int_equal(mkdir(sub, 0755), 0);
	put(path_of(out, ".x.tmp-abc"), "not a name the program writes");
	put(path_of(out, ".notes.tmp-old"), "someone else's");
	put(path_of(out, ".SHA256SUMS.tmp-Qw3rTy"), "partial");
	put(path_of(sub, ".2020-06-monthly-return.pdf.tmp-a1B2c3"), "partial");
	put(path_of(sub, ".2020-21-continuation-summary.json.tmp-000000"), "partial");
	put(path_of(sub, ".2020-06-monthly-return.pdf.tmp-a1B2c"), "five characters: not mkstemp's");
	put(path_of(sub, ".SHA256SUMS.tmp-Qw3rTy"), "SHA256SUMS lives at the top");
	put(path_of(sub, "2020-06-monthly-return.pdf"), "report");
	put(path_of(out, ".tmp-abc"), "not ours");
	put(path_of(out, "x.tmp-abc"), "a report, not hidden");

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_false(exists(path_of(out, ".SHA256SUMS.tmp-Qw3rTy")));
	assert_false(exists(path_of(sub, ".2020-06-monthly-return.pdf.tmp-a1B2c3")));
	assert_false(exists(path_of(sub, ".2020-21-continuation-summary.json.tmp-000000")));
	assert_true(exists(path_of(sub, ".2020-06-monthly-return.pdf.tmp-a1B2c")));
	assert_true(exists(path_of(sub, ".SHA256SUMS.tmp-Qw3rTy")));
	assert_true(exists(path_of(out, ".x.tmp-abc")));
	assert_true(exists(path_of(out, ".notes.tmp-old")));
	assert_true(exists(path_of(sub, "2020-06-monthly-return.pdf")));
	assert_true(exists(path_of(out, ".tmp-abc")));
	assert_true(exists(path_of(out, "x.tmp-abc")));
	assert_true(exists(path_of(out, ".lock")));
	assert_int_equal(outdir_close(d, false), ROIT_OK);
}

// An output folder that cannot be made or written is 73.
static void
test_cantcreat(void **state)
{
	const char *base = *state;
	char out[4096], ro[4096];
	outdir_t *d = (outdir_t *)&d;

	// Under a regular file: refused even to root.
	put(path_of(base, "file"), "x");
	snprintf(out, sizeof out, "%s/file/out", base);
	assert_int_equal(outdir_open(out, &d), ROIT_EX_CANTCREAT);
	assert_null(d);
	assert_int_equal(outdir_open(path_of(base, "file"), &d), ROIT_EX_CANTCREAT);

	// A subfolder name taken by a file fails the write with 73, not the run's earlier files.
	snprintf(out, sizeof out, "%s/out", base);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	put(path_of(out, "slug"), "x");
	assert_int_equal(outdir_write(d, "slug/r.pdf", "x", 1), ROIT_EX_CANTCREAT);
	assert_int_equal(outdir_close(d, false), ROIT_OK);

	// Root ignores permission bits, so the read-only case only means something for others.
	if (geteuid() == 0)
		return;
	snprintf(ro, sizeof ro, "%s/ro", base);
	assert_int_equal(mkdir(ro, 0555), 0);
	assert_int_equal(outdir_open(ro, &d), ROIT_EX_CANTCREAT);
	snprintf(out, sizeof out, "%s/ro/out", base);
	assert_int_equal(outdir_open(out, &d), ROIT_EX_CANTCREAT);
}

// A report name that is not "name" or "slug/name" is a bug in the caller.
static void
test_bad_relpath(void **state)
{
	const char *bad[] = { "", "/abs", "../up", "a/../b", "a/b/c", ".hidden", "u/.lock", "a//b",
	    "SHA256SUMS", "u/", "back\\slash" };
	outdir_t *d;

	assert_int_equal(outdir_open(*state, &d), ROIT_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(outdir_write(d, bad[i], "x", 1), ROIT_EX_SOFTWARE);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	assert_false(exists(path_of(*state, "SHA256SUMS")));
}

// A full disk (EFBIG under RLIMIT_FSIZE, SIGXFSZ ignored, stands in for ENOSPC) is 74; the
// earlier report of that name keeps its bytes and no temporary file is left.
static void
test_disk_full(void **state)
{
	const char *out = *state;
	static char big[64 * 1024];
	struct rlimit old, lim;
	void (*old_xfsz)(int);
	outdir_t *d;
	char *s;

	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/r.pdf", "old report", 10), ROIT_OK);
	assert_int_equal(outdir_close(d, true), ROIT_OK);
	char *sums = slurp(path_of(out, "SHA256SUMS"), NULL);

	memset(big, 'x', sizeof big);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	old_xfsz = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = outdir_write(d, "u/r.pdf", big, sizeof big);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_xfsz);
	assert_int_equal(rc, ROIT_EX_IOERR);
	assert_int_equal(outdir_close(d, false), ROIT_OK);

	s = slurp(path_of(out, "u/r.pdf"), NULL);
	assert_string_equal(s, "old report");
	free(s);
	assert_int_equal(temp_files(path_of(out, "u")), 0);
	s = slurp(path_of(out, "SHA256SUMS"), NULL);
	assert_string_equal(s, sums);
	free(s);
	free(sums);
}

// SIGTERM in the middle of a run: the process dies of SIGTERM, no temporary file is left, and
// the report under the final name is whole.  After close the caller's handler is back.
static void
test_killed_run(void **state)
{
	const char *out = *state;
	const size_t size = 16 * 1024 * 1024;
	struct sigaction now;
	int status, seen = 0;
	outdir_t *d;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *big = malloc(size);
		if (big == NULL || outdir_open(out, &d) != ROIT_OK)
			_exit(1);
		memset(big, 'r', size);
		// As run() does: write until asked to stop, list what was written, die of the signal.
		for (;;) {
			int rc = outdir_write(d, "u/big.bin", big, size);
			if (rc == OUTDIR_STOPPED)
				break;
			if (rc != ROIT_OK)
				_exit(2);
		}
		outdir_close(d, true);
		signal(outdir_stop_signal(), SIG_DFL);
		raise(outdir_stop_signal());
		_exit(3);
	}
	// Kill it while a temporary file exists, if we catch one within 10 s.
	for (int i = 0; i < 10000 && !seen; i++) {
		DIR *dir = opendir(path_of(out, "u"));
		struct dirent *e;
		while (dir && (e = readdir(dir)) != NULL)
			seen |= strstr(e->d_name, ".tmp-") != NULL;
		if (dir)
			closedir(dir);
		if (!seen)
			usleep(1000);
	}
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(temp_files(path_of(out, "u")), 0);
	assert_int_equal(temp_files(out), 0);
	if (exists(path_of(out, "u/big.bin"))) {
		struct stat st;
		assert_int_equal(stat(path_of(out, "u/big.bin"), &st), 0);
		assert_int_equal((size_t)st.st_size, size);
		// The stop came between two files, so SHA256SUMS lists the one written.
		assert_true(exists(path_of(out, "SHA256SUMS")));
	}

	// In this process: open catches SIGTERM, close gives back the default.
	assert_int_equal(outdir_open(path_of(out, "again"), &d), ROIT_OK);
	sigaction(SIGTERM, NULL, &now);
	assert_true(now.sa_handler != SIG_DFL);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
	sigaction(SIGTERM, NULL, &now);
	assert_true(now.sa_handler == SIG_DFL);
}

// The SHA-256 of a file this run wrote is that of the bytes it wrote, not read back (a network
// overview's pack hashes the returns the same run wrote); a file it did not write is read.
static void
test_hash_of_written(void **state)
{
	char out[4096], hex[65], other[65];
	outdir_t *d;
	bool found;

	snprintf(out, sizeof out, "%s/out", (char *)*state);
	assert_int_equal(outdir_open(out, &d), ROIT_OK);
	assert_int_equal(outdir_write(d, "u/x.pdf", "hello", 5), ROIT_OK);
	put(path_of(out, "u/x.pdf"), "changed behind the run's back");
	assert_int_equal(outdir_hash(d, "u/x.pdf", &found, hex), ROIT_OK);
	assert_true(found);
	assert_string_equal(hex, HELLO_SHA);

	put(path_of(out, "u/y.pdf"), "changed behind the run's back");
	sha_hex("changed behind the run's back", 29, other);
	assert_int_equal(outdir_hash(d, "u/y.pdf", &found, hex), ROIT_OK);
	assert_true(found);
	assert_string_equal(hex, other);

	assert_int_equal(outdir_hash(d, "u/none.pdf", &found, hex), ROIT_OK);
	assert_false(found);
	assert_int_equal(outdir_close(d, false), ROIT_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_and_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdout_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sums_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cantcreat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_relpath, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_of_written, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
