// The output folder: report bytes in, files out, one run at a time, each written atomically, SHA256SUMS kept.
//
// A run takes flock(2) on <dir>/.lock, writes every file as ".<name>.tmp-XXXXXX" in the file's own
// folder, fsyncs it and renames it over the final name, then fsyncs the folder.  A killed run
// therefore leaves earlier reports as they were; its temporary file is removed by the signal
// handler, or, after SIGKILL or a power cut, by the next run (which holds the lock, so any
// temporary file of its own name it finds is stale; no other file is ever removed).
//
// Other people may write in the output folder.  The folder itself is opened once (it may be a
// symlink); everything inside it is reached from that descriptor without following a symlink:
// a unit folder, superseded/, .lock, SHA256SUMS or a report's name that is not what the program
// would have made there stops the run (73) before any report is written, and again at the moment
// of writing, so nothing is ever written, or read, outside the output folder.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "outfile.h"
#include "roit.h"

#define SUMS_NAME "SHA256SUMS"
#define LOCK_NAME ".lock"
#define TMP_MARK ".tmp-"
#define TMP_RANDOM 6		// characters after TMP_MARK, as mkstemp(3) makes them
#define SUPERSEDED "superseded"

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
	int root_fd;		// the folder, opened once; every name in it is reached from here
	int lock_fd;
	struct sums written;	// what this run wrote
};

// The temporary file being written, for the signal handler: its name in the folder tmp_dir.
// Only one is open at a time.
static char tmp_name[NAME_MAX + 1];
static volatile sig_atomic_t tmp_dir = -1;
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

// 'fsync_dir()' - Flush an open folder, so a rename or a new entry in it survives a power cut.
//                 O - 0, or -1 with errno set
static int
fsync_dir(int fd)
{
	int rc = fsync(fd);

	// Some file systems cannot fsync a folder; they have nothing more to flush.
	if (rc != 0 && errno == EINVAL)
		rc = 0;
	return rc;
}

// 'kind_of()' - What a folder entry is, in words, for a message.
static const char *
kind_of(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return "a symlink";
	if (S_ISDIR(st->st_mode))
		return "a folder";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device";
	return "a file";
}

// 'refuse()' - The message and status for an entry that is not what the program makes there.
//              O - ROIT_EX_CANTCREAT
static int
refuse(const char *dir, const char *name, const struct stat *st, const char *what)
{
	roit_error("%s%s%s: is %s where the program keeps %s; it never writes through or over one "
	           "(remove it, or choose another output folder)", dir, name ? "/" : "", name ? name : "",
	           kind_of(st), what);
	return ROIT_EX_CANTCREAT;
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
		unlinkat(tmp_dir, tmp_name, 0);
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

// 'block_signals()' - Block the caught signals while tmp_name and the file it names change together,
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


// 'is_report_name()' - Whether a name is one the program gives a report in a unit's folder:
//                      "2020-06-monthly-return.pdf", "2020-21-continuation-summary.json".
//                      O - true if it is
static bool
is_report_name(const char *name, size_t n)
{
	static const char *const tails[] = { "monthly-return.pdf", "monthly-return.json",
	                                     "continuation-summary.pdf", "continuation-summary.json" };

	if (n < 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (i == 4 || i == 7 ? name[i] != '-' : name[i] < '0' || name[i] > '9')
			return false;
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
		if (n - 8 == strlen(tails[i]) && memcmp(name + 8, tails[i], n - 8) == 0)
			return true;
	return false;
}

// 'is_temp_name()' - Whether a folder entry is one of the program's own temporary files:
//                    ".<a name it writes there>.tmp-XXXXXX" (top: SHA256SUMS; a unit's folder:
//                    its reports).  Nothing else is ever removed.  O - true if it is
static bool
is_temp_name(const char *name, bool top)
{
	size_t n = strlen(name), mark = strlen(TMP_MARK);

	if (name[0] != '.' || n < 1 + mark + TMP_RANDOM + 1)
		return false;
	const char *tail = name + n - TMP_RANDOM - mark;
	if (memcmp(tail, TMP_MARK, mark) != 0)
		return false;
	for (const char *p = tail + mark; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	size_t len = (size_t)(tail - name) - 1;	// of the final name
	if (top)
		return len == strlen(SUMS_NAME) && memcmp(name + 1, SUMS_NAME, len) == 0;
	return is_report_name(name + 1, len);
}

// 'sweep()' - Remove the program's temporary files in one folder (fd, closed here) and, from the
//             top, in its real subfolders; a symlink is never followed nor removed.
static void
sweep(int fd, const char *path, bool top)
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
		if (S_ISREG(st.st_mode) && is_temp_name(e->d_name, top)) {
			// We hold the lock, so the run that made it is gone.
			if (unlinkat(dirfd(dir), e->d_name, 0) != 0)
				roit_warn("%s: cannot remove a stale temporary file: %s", full, strerror(errno));
			else
				roit_info("%s: removed a stale temporary file", full);
		} else if (top && S_ISDIR(st.st_mode) && e->d_name[0] != '.') {
			int sub = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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
	int fd = dup(d->root_fd);

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
	struct stat st;
	int rc = ROIT_OK;

	// Not through a symlink (it would make a file outside), and never waiting on a FIFO.
	d->lock_fd = openat(d->root_fd, LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (d->lock_fd < 0 && fstatat(d->root_fd, LOCK_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		rc = refuse(d->path, LOCK_NAME, &st, "its lock file");
	} else if (d->lock_fd < 0) {
		roit_error("%s: cannot create the lock file: %s", lock, strerror(errno));
		rc = ROIT_EX_CANTCREAT;
	} else if (fstat(d->lock_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = refuse(d->path, LOCK_NAME, &st, "its lock file");
		close(d->lock_fd);
		d->lock_fd = -1;
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
	if (d->root_fd >= 0)
		close(d->root_fd);
	free_sums(&d->written);
	free(d->path);
	free(d);
}

// 'check_sums_file()' - SHA256SUMS is a regular file, or not there: never a symlink (it would be
//                       read from outside), a FIFO or a device (a read that blocks or never ends).
//                       O - ROIT_OK, or ROIT_EX_CANTCREAT with a message given
static int
check_sums_file(const outdir_t *d)
{
	struct stat st;

	if (fstatat(d->root_fd, SUMS_NAME, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return ROIT_OK;
		roit_error("%s/%s: cannot be read: %s", d->path, SUMS_NAME, strerror(errno));
		return ROIT_EX_CANTCREAT;
	}
	return S_ISREG(st.st_mode) ? ROIT_OK : refuse(d->path, SUMS_NAME, &st, SUMS_NAME);
}

int
outdir_check_unit(outdir_t *d, const char *slug)
{
	char *sub = join(d->path, slug);
	struct stat st;
	struct dirent *e;
	DIR *dir;
	int fd, rc = ROIT_OK;

	if (fstatat(d->root_fd, slug, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT) {
			roit_error("%s: cannot be looked at: %s", sub, strerror(errno));
			rc = ROIT_EX_CANTCREAT;
		}
		free(sub);
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = refuse(d->path, slug, &st, "a unit's reports (a folder)");
		free(sub);
		return rc;
	}
	fd = openat(d->root_fd, slug, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		roit_error("%s: cannot be read: %s", sub, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(sub);
		return ROIT_EX_CANTCREAT;
	}
	// Its superseded/ and every report's name: a folder and regular files, as the program makes them.
	while (rc == ROIT_OK && (e = readdir(dir)) != NULL) {
		bool folder = strcmp(e->d_name, SUPERSEDED) == 0;

		if (!folder && !is_report_name(e->d_name, strlen(e->d_name)))
			continue;
		if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
			rc = refuse(sub, e->d_name, &st, folder ? "reports it has replaced (a folder)" : "a report (a file)");
	}
	closedir(dir);
	free(sub);
	return rc;
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
	// The folder itself may be a symlink: it is resolved here, once.
	if ((d->root_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		roit_error("%s: cannot open the folder: %s", path, strerror(errno));
		free_outdir(d);
		return ROIT_EX_CANTCREAT;
	}
	rc = take_lock(d);
	if (rc == ROIT_OK)
		rc = check_sums_file(d);
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

// 'open_folder()' - The folder of relpath inside the output folder, made if need be: the output
//                   folder itself, or a unit's folder reached without following a symlink.
//                   O - a descriptor (the caller closes it unless it is d->root_fd), or -1 with a
//                       message given and *rc set (ROIT_EX_CANTCREAT or ROIT_EX_IOERR)
static int
open_folder(const outdir_t *d, const char *relpath, int *rc)
{
	const char *slash = strchr(relpath, '/');
	const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	char *slug;
	struct stat st;
	int fd;

	if (slash == NULL)
		return d->root_fd;
	slug = xstrndup(relpath, (size_t)(slash - relpath));
	if ((fd = openat(d->root_fd, slug, flags)) < 0 && errno == ENOENT) {
		if (mkdirat(d->root_fd, slug, 0755) == 0 && fsync_dir(d->root_fd) != 0) {
			// The new folder's name lives in the output folder: it must be flushed too.
			roit_error("%s: cannot flush the folder: %s", d->path, strerror(errno));
			*rc = ROIT_EX_IOERR;
			free(slug);
			return -1;
		}
		fd = openat(d->root_fd, slug, flags);
	}
	if (fd < 0) {
		int e = errno;
		if (fstatat(d->root_fd, slug, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
			*rc = refuse(d->path, slug, &st, "a unit's reports (a folder)");
		else {
			char *sub = join(d->path, slug);
			roit_error("%s: cannot create the folder: %s", sub, strerror(e));
			free(sub);
			*rc = ROIT_EX_CANTCREAT;
		}
	}
	free(slug);
	return fd;
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

// 'random_tail()' - TMP_RANDOM letters and digits, as mkstemp(3) would choose them.
static void
random_tail(char *out)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long calls;
	unsigned char r[TMP_RANDOM];

	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec ts;
		uint64_t x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^ ++calls;
		x *= UINT64_C(0x9E3779B97F4A7C15);
		for (int i = 0; i < TMP_RANDOM; i++)
			r[i] = (unsigned char)(x >> (8 * i + 8));
	}
	for (int i = 0; i < TMP_RANDOM; i++)
		out[i] = set[r[i] % (sizeof set - 1)];
	out[TMP_RANDOM] = '\0';
}

// 'open_temp()' - Create ".<base>.tmp-XXXXXX" in folder dir (never through a symlink) and tell the
//                 signal handler its name.  final is the file's path, for messages.
//                 O - a file descriptor, or -1 with a message given and *rc set
static int
open_temp(int dir, const char *final, const char *base, int *rc)
{
	char name[NAME_MAX + 1];
	sigset_t old;
	int fd = -1, e = EEXIST;

	for (int tries = 0; tries < 100 && fd < 0 && e == EEXIST; tries++) {
		int n = snprintf(name, sizeof name, ".%s" TMP_MARK, base);

		if (n < 0 || (size_t)n + TMP_RANDOM >= sizeof name) {
			e = ENAMETOOLONG;
			break;
		}
		random_tail(name + n);
		block_signals(&old);
		fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		e = errno;
		if (fd >= 0) {
			strcpy(tmp_name, name);
			tmp_dir = dir;
			tmp_live = 1;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
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
		unlinkat(tmp_dir, tmp_name, 0);
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
	const char *base = strrchr(relpath, '/') ? strrchr(relpath, '/') + 1 : relpath;
	char *final = join(d->path, relpath);
	int dir, fd, rc = ROIT_OK;

	if ((dir = open_folder(d, relpath, &rc)) < 0) {
		free(final);
		return rc;
	}
	fd = open_temp(dir, final, base, &rc);
	if (fd >= 0 && (fill_temp(fd, data, len) != 0 || renameat(dir, tmp_name, dir, base) != 0)) {
		int e = errno;
		struct stat st;

		// A folder (or the like) under a report's name was put there after the run's check.
		if ((e == EISDIR || e == ENOTDIR || e == ENOTEMPTY || e == EEXIST) &&
		    fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
			rc = refuse(d->path, relpath, &st, "a report (a file)");
		} else {
			roit_error("%s: cannot write: %s", final, strerror(e));
			rc = ROIT_EX_IOERR;
		}
		drop_temp();
	} else if (fd >= 0) {
		tmp_live = 0;
		if (fsync_dir(dir) != 0) {
			char *folder = xstrndup(final, (size_t)(strrchr(final, '/') - final + 1));
			roit_error("%s: cannot flush the folder: %s", folder, strerror(errno));
			free(folder);
			rc = ROIT_EX_IOERR;
		} else if (roit_verbosity != ROIT_QUIET) {
			printf("%s\n", final);
			fflush(stdout);
		}
	}
	if (dir != d->root_fd)
		close(dir);
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

// 'is_file()' - Whether relpath is a regular file in the output folder, reached without a symlink.
//               O - true if it is
static bool
is_file(const outdir_t *d, const char *relpath)
{
	const char *slash = strchr(relpath, '/');
	struct stat st;

	if (slash != NULL) {
		char *slug = xstrndup(relpath, (size_t)(slash - relpath));
		bool folder = fstatat(d->root_fd, slug, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);

		free(slug);
		if (!folder)
			return false;
	}
	return fstatat(d->root_fd, relpath, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

// 'read_old_sums()' - Add to all the lines of the existing SHA256SUMS that name a file that still exists.
//                     O - ROIT_OK, or ROIT_EX_IOERR with a message given
static int
read_old_sums(const outdir_t *d, struct sums *all)
{
	char *name = join(d->path, SUMS_NAME);
	char *line = NULL, *path, hex[65];
	size_t cap = 0, lineno = 0;
	struct stat st;
	int rc = ROIT_OK;
	// A regular file only (checked again here: it may have changed since the run began).
	int fd = openat(d->root_fd, SUMS_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	FILE *f = NULL;

	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = refuse(d->path, SUMS_NAME, &st, SUMS_NAME);
		close(fd);
		free(name);
		return rc;
	}
	if (fd < 0 && errno == ELOOP && fstatat(d->root_fd, SUMS_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		free(name);
		return refuse(d->path, SUMS_NAME, &st, SUMS_NAME);
	}
	if (fd < 0 || (f = fdopen(fd, "r")) == NULL) {
		if (errno != ENOENT) {
			roit_error("%s: cannot read: %s", name, strerror(errno));
			rc = ROIT_EX_IOERR;
		}
		if (fd >= 0)
			close(fd);
		free(name);
		return rc;
	}
	errno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (!parse_sum(line, hex, &path))
			roit_warn("%s:%zu: not a sha256sum line of a report, dropped", name, lineno);
		else if (strcmp(path, SUMS_NAME) != 0 && is_file(d, path))
			sums_append(all, path, hex, 0);
		errno = 0;
	}
	// getline() stops for want of memory as it stops at the end: the earlier lines must not be lost.
	if (!feof(f) && errno == ENOMEM)
		roit_out_of_memory();
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
