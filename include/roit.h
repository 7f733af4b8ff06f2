// Common definitions for roit-report: version, exit codes, diagnostics.
#ifndef ROIT_H
#define ROIT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROIT_VERSION "1.0.0"

// Exit status of the program (sysexits.h values, as the contract's table).
enum roit_exit {
	ROIT_OK = 0,
	ROIT_EX_USAGE = 64,	// bad command line
	ROIT_EX_DATAERR = 65,	// bad data
	ROIT_EX_NOINPUT = 66,	// input folder or required file missing or unreadable
	ROIT_EX_SOFTWARE = 70,	// internal error
	ROIT_EX_CANTCREAT = 73,	// output folder cannot be created or written
	ROIT_EX_IOERR = 74,	// I/O error while writing
	ROIT_EX_TEMPFAIL = 75,	// another run holds the lock
	ROIT_EX_CONFIG = 78	// report.ini malformed or names something missing
};

// How much the program says on stderr.
enum roit_verbosity {
	ROIT_QUIET = 0,		// warnings and errors only
	ROIT_NORMAL = 1,
	ROIT_VERBOSE = 2
};

extern int roit_verbosity;

// 'roit_error()' - Print "roit-report: " and a message to stderr.
void roit_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// 'roit_warn()' - Print a warning to stderr (shown even with -q).
void roit_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// 'roit_info()' - Print a step to stderr when -v was given.
void roit_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// 'roit_out_of_memory()' - Say "out of memory" and end the program with 70 at once, from any
//                          thread (_exit: no atexit handler races a thread still running).
_Noreturn void roit_out_of_memory(void);

// 'roit_coverage_dump()' - Under `make coverage` (ROIT_COVERAGE), write the gcov counters now:
//                          a process that dies of a signal writes none, and the lines it ran
//                          would count as never run.  Nothing otherwise.  Not before the _exit()
//                          of roit_out_of_memory(): gcov needs memory, and crashed there under
//                          ulimit -v (test_roit wraps _exit() to write them instead).
#ifdef ROIT_COVERAGE
void __gcov_dump(void);
#define roit_coverage_dump() __gcov_dump()
#else
#define roit_coverage_dump() ((void)0)
#endif

// 'roit_keep_memory()' - Memory a report frees kept for the next one, not handed back to the
//                        kernel: glibc maps blocks over its threshold (128 KiB at first) on
//                        their own and unmaps them when freed, and gives back a heap's free top
//                        over its trim threshold; it raises both as blocks are freed, but an
//                        overview of 80 units still faulted about 480 pages in each time (a
//                        third of its time on a VM where a fault costs 9 us).  What is kept is
//                        reused, so the peak is the same.  Called once, before anything is
//                        allocated (main(), bench/overview.c); nothing outside glibc.
void roit_keep_memory(void);

// Allocation that stops the program (exit 70) rather than return NULL.
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

// 'roit_halves()' - fn over the items [0, n): from split items on, [n/2, n) on a thread of its
//                   own while the caller does [0, n/2), joined before it returns; all on the
//                   caller's thread below split or when no thread can be made.  For work of
//                   one report that the other core would otherwise watch (an overview made
//                   alone): fn must only touch its own items.
typedef void roit_range_fn(void *arg, int from, int to);
void roit_halves(roit_range_fn *fn, void *arg, int n, int split);

// Items [0, n) shared between a thread of their own and the caller, each done once by whichever
// takes it first: work started aside that the caller joins in with when it arrives at the wait,
// instead of watching the other core finish it.  fn is called with one item (to == from + 1)
// and must only touch its own; then, when not NULL, runs once every item is done, on the thread
// that finished the last (the caller's when there is none).
typedef struct roit_share {
	roit_range_fn *fn;
	void (*then)(void *arg);
	void *arg;
	int n;
	atomic_int next, done;	// the next item not taken; the items finished
	pthread_t thread;
	bool running;		// the thread is not joined yet
} roit_share_t;

// 'roit_share_start()' - Start taking the items on another thread (then after them); when no
//                        thread can be made, everything is left for roit_share_finish().
void roit_share_start(roit_share_t *s, roit_range_fn *fn, void (*then)(void *arg), void *arg, int n);

// 'roit_share_finish()' - The caller takes the items left, and the thread is joined (then run
//                         here when there were no items); the items and then are done after it.
//                         A second call does nothing.
void roit_share_finish(roit_share_t *s);

#endif
