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
#include <pthread.h>
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
#include "checksums.h"
#include "outfile.h"
#include "roit.h"

#define SUMS_NAME "SHA256SUMS"
#define LOCK_NAME ".lock"
#define TMP_MARK ".tmp-"
#define TMP_RANDOM 6		// characters after TMP_MARK, as mkstemp(3) makes them
#define SUPERSEDED "superseded"

struct outdir {
	char *path;		// as the user gave it: messages and stdout show it unchanged
	int root_fd;		// the folder, opened once; every name in it is reached from here
	int lock_fd;
	checksums_t issued;	// SHA256SUMS as the run found it, its files there (sorted; read only)
	checksums_t sums;	// SHA256SUMS as it is to be: what was found, moved and written since
	checksums_t wrote;	// the files this run wrote, with the SHA-256 of the bytes written
	bool dirty;		// sums differs from the file
	bool changed;		// the run wrote, kept or adopted a file (not only dropped stale lines)
	bool peek;		// opened by outdir_peek(): nothing is ever written
	bool in_report;		// between outdir_begin() and outdir_end(): a stop waits for the end
	bool sums_failed;	// SHA256SUMS could not be written (said once; not tried again)
};

static int read_sums(outdir_t *d);

// Every outdir_t's wrote: read on rendering threads (a network overview's pack) while the main
// thread writes.
static pthread_mutex_t wrote_lock = PTHREAD_MUTEX_INITIALIZER;

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
	roit_coverage_dump();
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
	deferring = 0;	// a folder opened again in this process starts as the first did
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


// 'is_report_name()' - Whether a name is one the program gives a report: in a unit's folder
//                      "2020-06-monthly-return.pdf", "2020-21-continuation-summary.json"; at the
//                      top (top true) "2020-06-network-overview.pdf".  O - true if it is
static bool
is_report_name(const char *name, size_t n, bool top)
{
	static const char *const unit_tails[] = { "monthly-return.pdf", "monthly-return.json",
	                                          "continuation-summary.pdf", "continuation-summary.json", NULL };
	static const char *const top_tails[] = { "network-overview.pdf", "network-overview.json", NULL };

	if (n < 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (i == 4 || i == 7 ? name[i] != '-' : name[i] < '0' || name[i] > '9')
			return false;
	for (const char *const *t = top ? top_tails : unit_tails; *t != NULL; t++)
		if (n - 8 == strlen(*t) && memcmp(name + 8, *t, n - 8) == 0)
			return true;
	return false;
}

// 'is_temp_name()' - Whether a folder entry is one of the program's own temporary files:
//                    ".<a name it writes there>.tmp-XXXXXX" (top: SHA256SUMS and the network
//                    overviews; a unit's folder: its reports).  Nothing else is ever removed.  O - true if it is
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
	if (top && len == strlen(SUMS_NAME) && memcmp(name + 1, SUMS_NAME, len) == 0)
		return true;
	return is_report_name(name + 1, len, top);
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
	int rc = ROIT_OK, e;

	// Not through a symlink (it would make a file outside), and never waiting on a FIFO.
	d->lock_fd = openat(d->root_fd, LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	e = errno;	// the reason, before fstatat() looks at what is there
	if (d->lock_fd < 0 && fstatat(d->root_fd, LOCK_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		rc = refuse(d->path, LOCK_NAME, &st, "its lock file");
	} else if (d->lock_fd < 0) {
		roit_error("%s: cannot create the lock file: %s", lock, strerror(e));
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

// 'new_outdir()' - An outdir_t for path, holding nothing yet.
static outdir_t *
new_outdir(const char *path)
{
	outdir_t *d = xcalloc(1, sizeof *d);

	d->path = xstrdup(path);
	d->lock_fd = -1;
	d->root_fd = -1;
	checksums_init(&d->sums);
	checksums_init(&d->issued);
	checksums_init(&d->wrote);
	return d;
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
	checksums_free(&d->issued);
	checksums_free(&d->sums);
	checksums_free(&d->wrote);
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

// 'check_top_superseded()' - The overviews' superseded/, if there, is a real folder.
//                            O - ROIT_OK, or ROIT_EX_CANTCREAT naming what is in the way
static int
check_top_superseded(const outdir_t *d)
{
	struct stat st;

	if (fstatat(d->root_fd, SUPERSEDED, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
		return ROIT_OK;
	return refuse(d->path, SUPERSEDED, &st, "reports it has replaced (a folder)");
}

int
outdir_check_unit(outdir_t *d, const char *slug)
{
	char *sub = join(d->path, slug);
	struct stat st;
	struct dirent *e;
	DIR *dir;
	int fd, rc = ROIT_OK;

	if (d->root_fd < 0) {
		free(sub);
		return ROIT_OK;	// a folder not made yet (--check) holds nothing in the way
	}
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

		if (!folder && !is_report_name(e->d_name, strlen(e->d_name), false))
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
	d = new_outdir(path);
	// The folder itself may be a symlink: it is resolved here, once.
	if ((d->root_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		roit_error("%s: cannot open the folder: %s", path, strerror(errno));
		free_outdir(d);
		return ROIT_EX_CANTCREAT;
	}
	rc = take_lock(d);
	if (rc == ROIT_OK)
		rc = check_sums_file(d);
	if (rc == ROIT_OK)
		rc = check_top_superseded(d);
	if (rc != ROIT_OK) {
		free_outdir(d);
		return rc;
	}
	remove_stale(d);
	if ((rc = read_sums(d)) != ROIT_OK) {
		free_outdir(d);
		return rc;
	}
	catch_signals();
	*out = d;
	return ROIT_OK;
}

int
outdir_peek(const char *path, outdir_t **out)
{
	outdir_t *d = new_outdir(path);
	int rc = ROIT_OK;

	d->peek = true;
	if ((d->root_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 && errno != ENOENT) {
		roit_error("%s: cannot open the folder: %s", path, strerror(errno));
		rc = ROIT_EX_CANTCREAT;
	} else if (d->root_fd >= 0) {
		rc = read_sums(d);
	}
	if (rc != ROIT_OK) {
		free_outdir(d);
		return rc;
	}
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

// 'relpath_ok()' - Whether relpath is one the program writes: "name", "slug/name",
//                  "superseded/name" or "slug/superseded/name".
//                  O - true if it is
static bool
relpath_ok(const char *relpath)
{
	const char *part = relpath, *slash;
	int depth = 0;

	while ((slash = strchr(part, '/')) != NULL) {
		size_t n = (size_t)(slash - part);
		bool superseded = n == strlen(SUPERSEDED) && memcmp(part, SUPERSEDED, n) == 0;
		// A unit's folder comes first, superseded/ last: never a third level of folders.
		if (!name_ok(part, n) || ++depth > 2 || (depth == 2 && !superseded))
			return false;
		part = slash + 1;
	}
	return name_ok(part, strlen(part));
}

// 'open_sub()' - Folder name inside folder dir (never through a symlink), made if make is true
//                and it is not there (dir then flushed); path names dir in messages.
//                O - a descriptor, or -1 with *rc set: 0 with errno ENOENT when it is not there
//                    and make is false, else ROIT_EX_CANTCREAT or ROIT_EX_IOERR, message given
static int
open_sub(int dir, const char *path, const char *name, bool make, int *rc)
{
	const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	struct stat st;
	int fd = openat(dir, name, flags), e = errno;

	if (fd < 0 && e == ENOENT && make) {
		if (mkdirat(dir, name, 0755) != 0 && errno != EEXIST) {
			e = errno;
		} else if (fsync_dir(dir) != 0) {
			// The new folder's name lives in its parent: it must be flushed too.
			roit_error("%s: cannot flush the folder: %s", path, strerror(errno));
			*rc = ROIT_EX_IOERR;
			return -1;
		} else {
			fd = openat(dir, name, flags);
			e = errno;
		}
	}
	if (fd >= 0)
		return fd;
	if (e == ENOENT && !make) {
		*rc = 0;
	} else if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
		*rc = refuse(path, name, &st, strcmp(name, SUPERSEDED) == 0 ? "reports it has replaced (a folder)" :
		             "a unit's reports (a folder)");
	} else {
		char *sub = join(path, name);
		roit_error("%s: cannot %s the folder: %s", sub, make ? "create" : "open", strerror(e));
		free(sub);
		*rc = e == ENOSPC || e == EDQUOT || e == EIO ? ROIT_EX_IOERR : ROIT_EX_CANTCREAT;
	}
	errno = e;
	return -1;
}

// 'open_folder()' - The folder of relpath inside the output folder, reached without following a
//                   symlink, its folders made if make is true.
//                   O - a descriptor (the caller closes it unless it is d->root_fd), or -1 with
//                       *rc set as open_sub() sets it
static int
open_folder(const outdir_t *d, const char *relpath, bool make, int *rc)
{
	const char *part = relpath, *slash;
	char *path = xstrdup(d->path);
	int fd = d->root_fd;

	while (fd >= 0 && (slash = strchr(part, '/')) != NULL) {
		char *name = xstrndup(part, (size_t)(slash - part));
		int sub = open_sub(fd, path, name, make, rc);
		char *longer = join(path, name);

		if (fd != d->root_fd)
			close(fd);
		fd = sub;
		free(path);
		free(name);
		path = longer;
		part = slash + 1;
	}
	free(path);
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

// 'say()' - One line on stdout unless quiet: word (may be NULL) and a path in the output folder.
static void
say(const outdir_t *d, const char *word, const char *relpath)
{
	if (roit_verbosity == ROIT_QUIET)
		return;
	char *full = join(d->path, relpath);
	printf("%s%s%s\n", word ? word : "", word ? " " : "", full);
	fflush(stdout);
	free(full);
}

// 'put_file()' - Write relpath atomically and, if announce, print its path unless quiet.
//                O - ROIT_OK, ROIT_EX_CANTCREAT or ROIT_EX_IOERR with a message given
static int
put_file(const outdir_t *d, const char *relpath, const void *data, size_t len, bool announce)
{
	const char *base = strrchr(relpath, '/') ? strrchr(relpath, '/') + 1 : relpath;
	char *final = join(d->path, relpath);
	int dir, fd, rc = ROIT_OK;

	if ((dir = open_folder(d, relpath, true, &rc)) < 0) {
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
		} else if (announce) {
			say(d, NULL, relpath);
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
	if (stop_signal && !d->in_report)
		return OUTDIR_STOPPED;
	rc = put_file(d, relpath, data, len, true);
	if (rc == ROIT_OK) {
		checksums_set(&d->sums, relpath, hex);
		d->dirty = d->changed = true;
		pthread_mutex_lock(&wrote_lock);
		checksums_set(&d->wrote, relpath, hex);
		pthread_mutex_unlock(&wrote_lock);
	}
	return rc;
}

// 'is_file()' - Whether relpath is a regular file in the output folder, reached without a symlink.
//               O - true if it is
static bool
is_file(const outdir_t *d, const char *relpath)
{
	int rc, dir = open_folder(d, relpath, false, &rc);
	const char *base = strrchr(relpath, '/') ? strrchr(relpath, '/') + 1 : relpath;
	struct stat st;
	bool yes;

	if (dir < 0)
		return false;
	yes = fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
	if (dir != d->root_fd)
		close(dir);
	return yes;
}

// 'open_sums()' - SHA256SUMS opened for reading: a regular file, never through a symlink.
//                 O - a stream; NULL with *rc ROIT_OK when there is none, else with a message given
static FILE *
open_sums(const outdir_t *d, int *rc)
{
	int fd = openat(d->root_fd, SUMS_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	*rc = ROIT_OK;
	if (fd < 0 && errno == ELOOP && fstatat(d->root_fd, SUMS_NAME, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		*rc = refuse(d->path, SUMS_NAME, &st, SUMS_NAME);
		return NULL;
	}
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		*rc = refuse(d->path, SUMS_NAME, &st, SUMS_NAME);
		close(fd);
		return NULL;
	}
	if (fd < 0 || (f = fdopen(fd, "r")) == NULL) {
		if (errno != ENOENT) {
			roit_error("%s/%s: cannot read: %s", d->path, SUMS_NAME, strerror(errno));
			*rc = ROIT_EX_IOERR;
		}
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

// 'holds_reports()' - Whether the folder holds a unit's folder or a network overview.
static bool
holds_reports(const outdir_t *d)
{
	int fd = dup(d->root_fd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	bool found = false;

	if (dir == NULL) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	rewinddir(dir);	// the descriptor is a dup: its offset may be at the end
	while (!found && (e = readdir(dir)) != NULL)
		found = (e->d_name[0] != '.' && e->d_type == DT_DIR) || is_report_name(e->d_name, strlen(e->d_name), true);
	closedir(dir);
	return found;
}

// 'read_sums()' - SHA256SUMS as the run finds it, into d->sums and d->issued: a line that is not
//                 one, or that names a file no longer there, is dropped with a warning (the file
//                 is rewritten at the end of the run).  O - ROIT_OK, or an exit code with a message given
static int
read_sums(outdir_t *d)
{
	char *line = NULL, *path, hex[65];
	size_t cap = 0, lineno = 0;
	int rc;
	FILE *f = open_sums(d, &rc);

	if (f == NULL) {
		if (rc == ROIT_OK && holds_reports(d))
			roit_warn("%s/%s is missing: the reports found are not records until a run lists them "
			          "(those it makes again are listed as they are, or kept under superseded/)",
			          d->path, SUMS_NAME);
		return rc;
	}
	errno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (!checksums_parse(line, hex, &path) || !relpath_ok(path) || strcmp(path, SUMS_NAME) == 0) {
			roit_warn("%s/%s:%zu: not a sha256sum line of a report, dropped", d->path, SUMS_NAME, lineno);
			d->dirty = true;
		} else if (!is_file(d, path)) {
			roit_warn("%s/%s:%zu: %s is listed but no longer there; its line is dropped", d->path, SUMS_NAME,
			          lineno, path);
			d->dirty = true;
		} else {
			checksums_set(&d->sums, path, hex);
			checksums_set(&d->issued, path, hex);
		}
		errno = 0;
	}
	// getline() stops for want of memory as it stops at the end: the earlier lines must not be lost.
	if (!feof(f) && errno == ENOMEM)
		roit_out_of_memory();
	if (ferror(f)) {
		roit_error("%s/%s: cannot read: %s", d->path, SUMS_NAME, strerror(errno));
		rc = ROIT_EX_IOERR;
	}
	fclose(f);
	free(line);
	checksums_sort(&d->issued);
	return rc;
}

// 'write_sums()' - SHA256SUMS rewritten from d->sums, atomically; announced when asked.
//                  O - ROIT_OK or an exit code with a message given
static int
write_sums(outdir_t *d, bool announce)
{
	buf_t text;
	int rc;

	buf_init(&text);
	checksums_text(&d->sums, &text);
	rc = put_file(d, SUMS_NAME, text.data ? text.data : "", text.len, announce);
	buf_free(&text);
	if (rc == ROIT_OK)
		d->dirty = false;
	else
		d->sums_failed = true;
	return rc;
}

// 'read_fd()' - Read an open regular file of len bytes into out.  O - 0, or -1 with errno set
static int
read_fd(int fd, size_t len, buf_t *out)
{
	char *data = buf_reserve(out, len + 1);
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, data + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	// shorter than it said: changed under us
			return -1;
		}
		got += (size_t)n;
	}
	out->len += len;
	out->data[out->len] = '\0';
	return 0;
}

int
outdir_read(const outdir_t *d, const char *relpath, buf_t *out, bool *found)
{
	const char *base = strrchr(relpath, '/') ? strrchr(relpath, '/') + 1 : relpath;
	char *full = join(d->path, relpath);
	struct stat st;
	int fd = -1, rc = ROIT_OK, dir = open_folder(d, relpath, false, &rc);

	*found = false;
	// Never through a symlink, never waiting on a FIFO: only a regular file is a report.
	if (dir >= 0)
		fd = openat(dir, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (dir < 0 || (fd < 0 && (errno == ENOENT || errno == ENOTDIR))) {
		// Not there (rc 0), or a folder on the way that is not one (message given).
	} else if (fd < 0 && errno == ELOOP) {
		roit_error("%s: a symlink stands where a report would be; not followed", full);
		rc = ROIT_EX_CANTCREAT;
	} else if (fd < 0 || fstat(fd, &st) != 0) {
		roit_error("%s: cannot read: %s", full, strerror(errno));
		rc = ROIT_EX_IOERR;
	} else if (!S_ISREG(st.st_mode)) {
		roit_error("%s: not a regular file where a report would be", full);
		rc = ROIT_EX_CANTCREAT;
	} else if (read_fd(fd, (size_t)st.st_size, out) != 0) {
		roit_error("%s: cannot read: %s", full, strerror(errno));
		rc = ROIT_EX_IOERR;
	} else {
		*found = true;
	}
	if (fd >= 0)
		close(fd);
	if (dir >= 0 && dir != d->root_fd)
		close(dir);
	free(full);
	return rc;
}

// 'wrote_hash()' - Whether this run wrote relpath, with the SHA-256 of what it wrote into hex.
static bool
wrote_hash(const outdir_t *d, const char *relpath, char hex[65])
{
	const char *wrote;

	pthread_mutex_lock(&wrote_lock);
	if ((wrote = checksums_get(&d->wrote, relpath)) != NULL)
		memcpy(hex, wrote, 65);
	pthread_mutex_unlock(&wrote_lock);
	return wrote != NULL;
}

int
outdir_hash(const outdir_t *d, const char *relpath, bool *found, char hex[65])
{
	buf_t data;
	int rc;

	if ((*found = wrote_hash(d, relpath, hex)))
		return ROIT_OK;
	buf_init(&data);
	rc = outdir_read(d, relpath, &data, found);
	if (rc == ROIT_OK && *found && !sha256_hex(data.data, data.len, hex)) {
		roit_error("%s: cannot compute SHA-256 (internal error)", relpath);
		rc = ROIT_EX_SOFTWARE;
	}
	buf_free(&data);
	return rc;
}

bool
outdir_sha256(const void *data, size_t len, char hex[65])
{
	return sha256_hex(data, len, hex);
}

const char *
outdir_listed(const outdir_t *d, const char *relpath)
{
	return checksums_get(&d->issued, relpath);
}

size_t
outdir_listed_under(const outdir_t *d, const char *prefix, checksum_t *const **first)
{
	return checksums_prefix(&d->issued, prefix, first);
}

// 'same_bytes()' - Whether relpath, already there, holds the bytes whose SHA-256 is hex.
static bool
same_bytes(const outdir_t *d, const char *relpath, const char *hex)
{
	char now[65];
	bool found;

	return outdir_hash(d, relpath, &found, now) == ROIT_OK && found && strcmp(now, hex) == 0;
}

int
outdir_keep(outdir_t *d, const char *from, const char *to, const char *hex)
{
	const char *fbase = strrchr(from, '/') ? strrchr(from, '/') + 1 : from;
	const char *tbase = strrchr(to, '/') ? strrchr(to, '/') + 1 : to;
	char *final = join(d->path, to);
	int rc = ROIT_OK, fdir = -1, tdir = -1;

	if (!relpath_ok(from) || !relpath_ok(to)) {
		roit_error("%s: \"%s\" or \"%s\" is not a report file name (internal error)", d->path, from, to);
		free(final);
		return ROIT_EX_SOFTWARE;
	}
	deferring = 1;
	if (stop_signal && !d->in_report) {
		free(final);
		return OUTDIR_STOPPED;
	}
	if ((fdir = open_folder(d, from, false, &rc)) < 0 || (tdir = open_folder(d, to, true, &rc)) < 0) {
		if (rc == ROIT_OK) {
			roit_error("%s: the folder of %s is gone (internal error)", d->path, from);
			rc = ROIT_EX_SOFTWARE;
		}
	} else if (linkat(fdir, fbase, tdir, tbase, 0) != 0) {
		int e = errno;
		// Kept already (a run stopped after the link): the same bytes are fine, others never replaced.
		if (e == EEXIST && same_bytes(d, to, hex)) {
			rc = ROIT_OK;
		} else if (e == EEXIST) {
			roit_error("%s: already holds other bytes; an issued report is never replaced", final);
			rc = ROIT_EX_CANTCREAT;
		} else {
			roit_error("%s: cannot keep %s/%s there: %s", final, d->path, from, strerror(e));
			rc = e == ENOSPC || e == EDQUOT || e == EIO || e == EMLINK ? ROIT_EX_IOERR : ROIT_EX_CANTCREAT;
		}
	}
	if (rc == ROIT_OK && fsync_dir(tdir) != 0) {
		roit_error("%s: cannot flush its folder: %s", final, strerror(errno));
		rc = ROIT_EX_IOERR;
	}
	if (rc == ROIT_OK) {
		checksums_remove(&d->sums, from);
		checksums_set(&d->sums, to, hex);
		d->dirty = d->changed = true;
		say(d, NULL, to);
	}
	if (fdir >= 0 && fdir != d->root_fd)
		close(fdir);
	if (tdir >= 0 && tdir != d->root_fd)
		close(tdir);
	free(final);
	return rc;
}

int
outdir_begin(outdir_t *d)
{
	deferring = 1;
	if (stop_signal)
		return OUTDIR_STOPPED;
	d->in_report = true;
	return ROIT_OK;
}

void
outdir_end(outdir_t *d)
{
	d->in_report = false;
}

int
outdir_flush(outdir_t *d)
{
	return d->dirty ? write_sums(d, false) : ROIT_OK;
}

void
outdir_adopt(outdir_t *d, const char *relpath, const char *hex)
{
	checksums_set(&d->sums, relpath, hex);
	d->dirty = d->changed = true;
}

const char *
outdir_path(const outdir_t *d)
{
	return d->path;
}

void
outdir_say(const outdir_t *d, const char *word, const char *relpath)
{
	say(d, word, relpath);
}

int
outdir_stop_signal(void)
{
	return stop_signal;
}

int
outdir_close(outdir_t *d, bool ended_well)
{
	int rc = ROIT_OK;

	if (d == NULL)
		return ROIT_OK;
	// What the run wrote is listed however it ended; stale lines are dropped only by a run that
	// ended well (a refused run changes nothing).  A run that changed nothing prints nothing.
	if (!d->peek && !d->sums_failed && (d->changed || (ended_well && d->dirty)))
		rc = write_sums(d, true);
	release_signals();
	free_outdir(d);
	return rc;
}
