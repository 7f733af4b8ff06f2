// The output folder: report bytes in, files out, one run at a time, each written atomically, SHA256SUMS kept.
//
// A run takes flock(2) on <dir>/.lock, writes every file as ".<name>.tmp-XXXXXX" in the file's own
// folder, fsyncs it and renames it over the final name, then fsyncs the folder.  A killed run
// therefore leaves earlier reports as they were; its temporary file is removed by the signal
// handler, or, after SIGKILL or a power cut, by the next run (which holds the lock, so any
// temporary file it finds is stale).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "outfile.h"
#include "roit.h"

#define SUMS_NAME "SHA256SUMS"
#define LOCK_NAME ".lock"
#define TMP_MARK ".tmp-"

// One line of SHA256SUMS.
struct sum {
	char *path;		// relative to the output folder; owned
	char hex[65];		// lower-case SHA-256, NUL-terminated
	int rank;		// 0 read from the old SHA256SUMS, 1 written this run: the higher wins
};

// A list of sums; it owns the paths.
struct sums {
	struct sum *v;
	size_t n, cap;
};

struct outdir {
	char *path;		// as the user gave it: messages and stdout show it unchanged
	int lock_fd;
	struct sums written;	// what this run wrote
};

// The temporary file being written, for the signal handler.  Only one is open at a time.
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

// The signals that end a cron run early, and what they did before outdir_open().
static const int caught[] = { SIGHUP, SIGINT, SIGTERM };
#define NCAUGHT (sizeof caught / sizeof caught[0])
static struct sigaction saved[NCAUGHT];
static bool installed[NCAUGHT];
static int handler_users;
static struct sigaction default_action;	// prepared outside the handler: memset is not safe there
// Once reports are being written, a signal only asks the run to stop at the next file boundary,
// so SHA256SUMS can still be brought up to date with what was written.
static volatile sig_atomic_t deferring;
static volatile sig_atomic_t stop_signal;


// 'join()' - Join a folder and a name with one slash.
//            O - new string; the caller frees it
static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	bool slash = n > 0 && dir[n - 1] == '/';
	char *s = xmalloc(n + 1 + strlen(name) + 1);

	sprintf(s, "%s%s%s", dir, slash || n == 0 ? "" : "/", name);
	return s;
}

// 'make_one()' - Make one folder unless a folder is already there.
//                O - 0, or -1 with errno set
static int
make_one(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

// 'make_dirs()' - Make a folder and its parents, like mkdir -p.
//                 O - 0, or -1 with errno set
static int
make_dirs(const char *path)
{
	char *p, *s = xstrdup(path);
	int rc = 0;

	// Each prefix that ends a component; "a//b/" has two.
	for (p = s + 1; *p && rc == 0; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		rc = make_one(s);
		*p = '/';
	}
	if (rc == 0)
		rc = make_one(s);
	int e = errno;
	free(s);
	errno = e;
	return rc;
}

// 'fsync_dir()' - Flush a folder, so a rename or a new entry in it survives a power cut.
//                 O - 0, or -1 with errno set
static int
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	// Some file systems cannot fsync a folder; they have nothing more to flush.
	if (rc != 0 && e == EINVAL)
		rc = 0;
	errno = e;
	return rc;
}


// 'on_signal()' - Remove the temporary file being written, then die of the signal as if not caught.
static void
on_signal(int sig)
{
	if (deferring) {
		stop_signal = sig;
		return;
	}
	if (tmp_live)
		unlink(tmp_path);
	sigaction(sig, &default_action, NULL);
	raise(sig);	// blocked until the handler returns, then the default action ends the process
}

// 'catch_signals()' - Install on_signal() for the signals that end a run, once per process.
static void
catch_signals(void)
{
	struct sigaction sa;

	if (handler_users++ > 0)
		return;
	memset(&default_action, 0, sizeof default_action);
	default_action.sa_handler = SIG_DFL;
	sigemptyset(&default_action.sa_mask);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (size_t i = 0; i < NCAUGHT; i++) {
		installed[i] = false;
		if (sigaction(caught[i], NULL, &saved[i]) != 0)
			continue;
		// A signal the caller ignores (nohup) stays ignored: it will not end the run.
		if (saved[i].sa_handler == SIG_IGN)
			continue;
		installed[i] = sigaction(caught[i], &sa, NULL) == 0;
	}
}

// 'release_signals()' - Put back the handlers catch_signals() replaced, when the last user goes.
static void
release_signals(void)
{
	if (handler_users == 0 || --handler_users > 0)
		return;
	for (size_t i = 0; i < NCAUGHT; i++)
		if (installed[i])
			sigaction(caught[i], &saved[i], NULL);
}

// 'block_signals()' - Block the caught signals while tmp_path and the file it names change together,
//                     so the handler never misses a file; old gets the mask to put back.
static void
block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}


// 'is_temp_name()' - Whether a folder entry is a temporary file: ".<final-name>.tmp-<something>".
//                    O - true if it is
static bool
is_temp_name(const char *name)
{
	const char *p;

	if (name[0] != '.' || name[1] == '\0')
		return false;
	p = strstr(name + 2, TMP_MARK);	// from name + 2: the final name has at least one byte
	return p != NULL && p[strlen(TMP_MARK)] != '\0';
}

// 'sweep()' - Remove the temporary files in one folder, and (when deep) in its subfolders.
static void
sweep(int fd, const char *path, bool deep)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;
	struct stat st;

	if (dir == NULL) {
		roit_warn("%s: cannot look for stale temporary files: %s", path, strerror(errno));
		close(fd);
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		char *full = join(path, e->d_name);
		if (S_ISREG(st.st_mode) && is_temp_name(e->d_name)) {
			// We hold the lock, so the run that made it is gone.
			if (unlinkat(dirfd(dir), e->d_name, 0) != 0)
				roit_warn("%s: cannot remove a stale temporary file: %s", full, strerror(errno));
			else
				roit_info("%s: removed a stale temporary file", full);
		} else if (deep && S_ISDIR(st.st_mode) && e->d_name[0] != '.') {
			int sub = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (sub >= 0)
				sweep(sub, full, false);
		}
		free(full);
	}
	closedir(dir);
}

// 'remove_stale()' - Remove the temporary files a killed run left in the output folder and its subfolders.
static void
remove_stale(const outdir_t *d)
{
	int fd = open(d->path, O_RDONLY | O_DIRECTORY);

	if (fd < 0) {
		roit_warn("%s: cannot look for stale temporary files: %s", d->path, strerror(errno));
		return;
	}
	sweep(fd, d->path, true);
}

// 'take_lock()' - Open <dir>/.lock and hold an exclusive flock on it, without waiting.
//                 O - ROIT_OK, ROIT_EX_TEMPFAIL or ROIT_EX_CANTCREAT with a message given
static int
take_lock(outdir_t *d)
{
	char *lock = join(d->path, LOCK_NAME);
	int rc = ROIT_OK;

	d->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (d->lock_fd < 0) {
		roit_error("%s: cannot create the lock file: %s", lock, strerror(errno));
		rc = ROIT_EX_CANTCREAT;
	} else if (flock(d->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			roit_error("%s: another run holds the lock (%s)", d->path, lock);
			rc = ROIT_EX_TEMPFAIL;
		} else {
			roit_error("%s: cannot lock: %s", lock, strerror(errno));
			rc = ROIT_EX_CANTCREAT;
		}
		close(d->lock_fd);
		d->lock_fd = -1;
	}
	free(lock);
	return rc;
}

// 'free_sums()' - Free the paths and the array of a list of sums.
static void
free_sums(struct sums *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

// 'free_outdir()' - Release the lock and free everything d owns, and d.
static void
free_outdir(outdir_t *d)
{
	if (d->lock_fd >= 0) {
		flock(d->lock_fd, LOCK_UN);
		close(d->lock_fd);
	}
	free_sums(&d->written);
	free(d->path);
	free(d);
}

int
outdir_open(const char *path, outdir_t **out)
{
	outdir_t *d;
	int rc;

	*out = NULL;
	if (make_dirs(path) != 0) {
		roit_error("%s: cannot create the folder: %s", path, strerror(errno));
		return ROIT_EX_CANTCREAT;
	}
	// X as well as W: creating a file in a folder needs both.
	if (access(path, W_OK | X_OK) != 0) {
		roit_error("%s: cannot write in the folder: %s", path, strerror(errno));
		return ROIT_EX_CANTCREAT;
	}
	d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->lock_fd = -1;
	rc = take_lock(d);
	if (rc != ROIT_OK) {
		free_outdir(d);
		return rc;
	}
	remove_stale(d);
	catch_signals();
	*out = d;
	return ROIT_OK;
}


// 'name_ok()' - Whether one component of a relpath is a file name we may write.
//               O - true if it is
static bool
name_ok(const char *s, size_t n)
{
	// A leading dot is kept for .lock and temporary files; "\\" and "\n" need escapes in SHA256SUMS.
	// The temporary name adds 12 bytes (".", ".tmp-", 6 random) and must fit in NAME_MAX too.
	if (n == 0 || n > NAME_MAX - 12 || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\\' || s[i] == '\n' || s[i] == '\r')
			return false;
	return true;
}

// 'relpath_ok()' - Whether relpath is "name" or "slug/name".
//                  O - true if it is
static bool
relpath_ok(const char *relpath)
{
	const char *slash = strchr(relpath, '/');

	if (slash == NULL)
		return name_ok(relpath, strlen(relpath));
	return name_ok(relpath, (size_t)(slash - relpath)) && strchr(slash + 1, '/') == NULL
	    && name_ok(slash + 1, strlen(slash + 1));
}

// 'make_subdir()' - Make the folder of relpath inside the output folder, if it has one.
//                   O - ROIT_OK, ROIT_EX_CANTCREAT or ROIT_EX_IOERR with a message given
static int
make_subdir(const outdir_t *d, const char *relpath)
{
	const char *slash = strchr(relpath, '/');
	char *slug, *sub;
	int rc = ROIT_OK;

	if (slash == NULL)
		return ROIT_OK;
	slug = xstrndup(relpath, (size_t)(slash - relpath));
	sub = join(d->path, slug);
	if (mkdir(sub, 0755) == 0) {
		// The new folder's name lives in the output folder: flush that too.
		if (fsync_dir(d->path) != 0) {
			roit_error("%s: cannot flush the folder: %s", d->path, strerror(errno));
			rc = ROIT_EX_IOERR;
		}
	} else if (errno != EEXIST || make_one(sub) != 0) {
		// make_one() tells a folder that is there from a file of that name.
		roit_error("%s: cannot create the folder: %s", sub, strerror(errno));
		rc = ROIT_EX_CANTCREAT;
	}
	free(slug);
	free(sub);
	return rc;
}

// 'write_all()' - Write every byte, through short writes and interrupted calls.
//                 O - 0, or -1 with errno set
static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

// 'open_temp()' - Create the temporary file for final and tell the signal handler its name.
//                 O - a file descriptor, or -1 with a message given and *rc set
static int
open_temp(const char *final, int *rc)
{
	const char *base = strrchr(final, '/');
	size_t dirlen = base ? (size_t)(base - final + 1) : 0;
	char *tmpl;
	sigset_t old;
	int fd, e;

	base = base ? base + 1 : final;
	tmpl = xmalloc(strlen(final) + sizeof "." TMP_MARK "XXXXXX");
	sprintf(tmpl, "%.*s.%s" TMP_MARK "XXXXXX", (int)dirlen, final, base);
	if (strlen(tmpl) >= sizeof tmp_path) {
		roit_error("%s: cannot write: %s", final, strerror(ENAMETOOLONG));
		free(tmpl);
		*rc = ROIT_EX_CANTCREAT;
		return -1;
	}
	block_signals(&old);
	fd = mkstemp(tmpl);
	e = errno;
	if (fd >= 0) {
		strcpy(tmp_path, tmpl);
		tmp_live = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(tmpl);
	if (fd < 0) {
		roit_error("%s: cannot create a temporary file: %s", final, strerror(e));
		// No room for one more inode is a full disk; anything else is a folder we cannot write.
		*rc = e == ENOSPC || e == EDQUOT || e == EIO ? ROIT_EX_IOERR : ROIT_EX_CANTCREAT;
	}
	return fd;
}

// 'drop_temp()' - Remove the temporary file (after a failure) and forget it.
static void
drop_temp(void)
{
	sigset_t old;

	block_signals(&old);
	if (tmp_live)
		unlink(tmp_path);
	tmp_live = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

// 'fill_temp()' - Give the temporary file its mode and bytes, flush and close it.
//                 O - 0, or -1 with errno set; fd is closed either way
static int
fill_temp(int fd, const void *data, size_t len)
{
	int e;

	// mkstemp makes it 0600; reports are for reading by others.
	if (fchmod(fd, 0644) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

// 'put_file()' - Write relpath atomically and print its path unless quiet.
//                O - ROIT_OK, ROIT_EX_CANTCREAT or ROIT_EX_IOERR with a message given
static int
put_file(const outdir_t *d, const char *relpath, const void *data, size_t len)
{
	char *final = join(d->path, relpath);
	char *folder;
	int fd, rc = make_subdir(d, relpath);

	if (rc != ROIT_OK) {
		free(final);
		return rc;
	}
	fd = open_temp(final, &rc);
	if (fd < 0) {
		free(final);
		return rc;
	}
	if (fill_temp(fd, data, len) != 0 || rename(tmp_path, final) != 0) {
		roit_error("%s: cannot write: %s", final, strerror(errno));
		drop_temp();
		free(final);
		return ROIT_EX_IOERR;
	}
	tmp_live = 0;
	folder = xstrndup(final, (size_t)(strrchr(final, '/') - final + 1));
	if (fsync_dir(folder) != 0) {
		roit_error("%s: cannot flush the folder: %s", folder, strerror(errno));
		rc = ROIT_EX_IOERR;
	} else if (roit_verbosity != ROIT_QUIET) {
		printf("%s\n", final);
		fflush(stdout);
	}
	free(folder);
	free(final);
	return rc;
}

// 'sha256_hex()' - The SHA-256 of the bytes, as 64 lower-case hex digits.
//                  O - true, or false if libcrypto failed
static bool
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return false;
	for (unsigned int i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	return true;
}

// 'sums_append()' - Append path and hex to a list.
static void
sums_append(struct sums *s, const char *path, const char *hex, int rank)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n].path = xstrdup(path);
	memcpy(s->v[s->n].hex, hex, 65);
	s->v[s->n].rank = rank;
	s->n++;
}

// 'sums_set()' - Set the hex of path in a list, adding it if it is not there.
static void
sums_set(struct sums *s, const char *path, const char *hex)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].path, path) == 0) {
			memcpy(s->v[i].hex, hex, 65);
			return;
		}
	sums_append(s, path, hex, 1);
}

int
outdir_write(outdir_t *d, const char *relpath, const void *data, size_t len)
{
	char hex[65];
	int rc;

	if (!relpath_ok(relpath) || strcmp(relpath, SUMS_NAME) == 0) {
		roit_error("%s: \"%s\" is not a report file name (internal error)", d->path, relpath);
		return ROIT_EX_SOFTWARE;
	}
	if (!sha256_hex(data, len, hex)) {
		roit_error("%s: cannot compute SHA-256 (internal error)", relpath);
		return ROIT_EX_SOFTWARE;
	}
	deferring = 1;
	if (stop_signal)
		return OUTDIR_STOPPED;
	rc = put_file(d, relpath, data, len);
	if (rc == ROIT_OK)
		sums_set(&d->written, relpath, hex);
	return rc;
}


// 'parse_sum()' - Read one line of SHA256SUMS: "<64 hex>  <relpath>" (or " *" for binary mode).
//                 O - true with hex (lower-cased) and *path set inside line, or false
static bool
parse_sum(char *line, char hex[65], char **path)
{
	size_t n = strlen(line);

	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
		return false;
	for (int i = 0; i < 64; i++) {
		char c = line[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		hex[i] = c;
	}
	hex[64] = '\0';
	*path = line + 66;
	return relpath_ok(*path);
}

// 'is_file()' - Whether relpath is a regular file in the output folder.
//               O - true if it is
static bool
is_file(const outdir_t *d, const char *relpath)
{
	char *full = join(d->path, relpath);
	struct stat st;
	bool ok = stat(full, &st) == 0 && S_ISREG(st.st_mode);

	free(full);
	return ok;
}

// 'read_old_sums()' - Add to all the lines of the existing SHA256SUMS that name a file that still exists.
//                     O - ROIT_OK, or ROIT_EX_IOERR with a message given
static int
read_old_sums(const outdir_t *d, struct sums *all)
{
	char *name = join(d->path, SUMS_NAME);
	char *line = NULL, *path, hex[65];
	size_t cap = 0, lineno = 0;
	FILE *f = fopen(name, "r");
	int rc = ROIT_OK;

	if (f == NULL) {
		if (errno != ENOENT) {
			roit_error("%s: cannot read: %s", name, strerror(errno));
			rc = ROIT_EX_IOERR;
		}
		free(name);
		return rc;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (!parse_sum(line, hex, &path))
			roit_warn("%s:%zu: not a sha256sum line of a report, dropped", name, lineno);
		else if (strcmp(path, SUMS_NAME) != 0 && is_file(d, path))
			sums_append(all, path, hex, 0);
	}
	if (ferror(f)) {
		roit_error("%s: cannot read: %s", name, strerror(errno));
		rc = ROIT_EX_IOERR;
	}
	fclose(f);
	free(line);
	free(name);
	return rc;
}

// 'by_path()' - Order sums by path, byte by byte, so SHA256SUMS is the same whatever the run order;
//               for one path, the latest (highest rank) first.
static int
by_path(const void *a, const void *b)
{
	const struct sum *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c == 0)
		c = y->rank - x->rank;
	// Two old lines for one path: pick by hash, not by where qsort left them.
	return c != 0 ? c : strcmp(x->hex, y->hex);
}

// 'write_sums()' - Rewrite SHA256SUMS: earlier entries kept, this run's added or replacing them.
//                  O - ROIT_OK or an exit code with a message given
static int
write_sums(const outdir_t *d)
{
	struct sums all = { NULL, 0, 0 };
	buf_t text;
	int rc = read_old_sums(d, &all);

	if (rc == ROIT_OK) {
		for (size_t i = 0; i < d->written.n; i++)
			sums_append(&all, d->written.v[i].path, d->written.v[i].hex, 1);
		qsort(all.v, all.n, sizeof *all.v, by_path);
		buf_init(&text);
		// Sorted, the first line of each path is the one to keep.
		for (size_t i = 0; i < all.n; i++)
			if (i == 0 || strcmp(all.v[i].path, all.v[i - 1].path) != 0)
				buf_printf(&text, "%s  %s\n", all.v[i].hex, all.v[i].path);
		rc = put_file(d, SUMS_NAME, text.data ? text.data : "", text.len);
		buf_free(&text);
	}
	free_sums(&all);
	return rc;
}

// 'read_whole_fd()' - Read an open regular file of len bytes into a new buffer.
//                     O - the buffer (the caller frees it), or NULL with errno set
static char *
read_whole_fd(int fd, size_t len)
{
	char *data = xmalloc(len + 1);
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, data + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	// shorter than it said: changed under us
			free(data);
			return NULL;
		}
		got += (size_t)n;
	}
	return data;
}

int
outdir_hash(const outdir_t *d, const char *relpath, bool *found, char hex[65])
{
	char *full = join(d->path, relpath), *data = NULL;
	struct stat st;
	int fd, rc = ROIT_OK;

	*found = false;
	// Never through a symlink, never waiting on a FIFO: only a regular file is a report.
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		free(full);
		return ROIT_OK;
	}
	if (fd < 0 && errno == ELOOP) {
		roit_error("%s: a symlink stands where a report would be; not followed", full);
		rc = ROIT_EX_CANTCREAT;
	} else if (fd < 0 || fstat(fd, &st) != 0) {
		roit_error("%s: cannot read: %s", full, strerror(errno));
		rc = ROIT_EX_IOERR;
	} else if (!S_ISREG(st.st_mode)) {
		roit_error("%s: not a regular file where a report would be", full);
		rc = ROIT_EX_CANTCREAT;
	} else if ((data = read_whole_fd(fd, (size_t)st.st_size)) == NULL) {
		roit_error("%s: cannot read: %s", full, strerror(errno));
		rc = ROIT_EX_IOERR;
	} else if (!sha256_hex(data, (size_t)st.st_size, hex)) {
		roit_error("%s: cannot compute SHA-256 (internal error)", full);
		rc = ROIT_EX_SOFTWARE;
	} else {
		*found = true;
	}
	if (fd >= 0)
		close(fd);
	free(data);
	free(full);
	return rc;
}

int
outdir_stop_signal(void)
{
	return stop_signal;
}

int
outdir_close(outdir_t *d, bool commit)
{
	int rc = ROIT_OK;

	if (d == NULL)
		return ROIT_OK;
	// A run that wrote nothing has nothing to add, and prints nothing.
	if (commit && d->written.n > 0)
		rc = write_sums(d);
	release_signals();
	free_outdir(d);
	return rc;
}
