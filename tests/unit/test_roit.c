// Unit tests of the diagnostics and checked allocation (roit.c): the exact text of an error, a
// warning and a step, and that every allocator out of memory ends the program with 70 and
// "out of memory", also with stderr closed.  malloc, calloc, realloc, strdup and strndup are
// wrapped at link time (-Wl,--wrap) so they fail on request; each failure runs in a child.
// _exit is wrapped too, so make coverage counts what a child ran; pthread_create, so that
// roit_halves() is seen to do all the work itself when no thread can be made.
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "roit.h"

// Whether the next allocation fails (set in a child only).  Only the next: what runs after it
// (gcov writing its counters under make coverage) may allocate.
static int fail_alloc;

// 'fails()' - Whether this allocation is the one to fail (then none after it does).
static bool
fails(void)
{
	bool now = fail_alloc != 0;

	fail_alloc = 0;
	return now;
}

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void __real__exit(int status);
void __wrap__exit(int status);

// '__wrap__exit()' - Under make coverage, the child's counters written first (the one
//                    allocation that failed is spent, so gcov has memory).
void
__wrap__exit(int status)
{
	roit_coverage_dump();
	__real__exit(status);
}

void *__wrap_malloc(size_t size) { return fails() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return fails() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *ptr, size_t size) { return fails() ? NULL : __real_realloc(ptr, size); }
char *__wrap_strdup(const char *s) { return fails() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return fails() ? NULL : __real_strndup(s, n); }

// 'in_child()' - Run fn in a child with stderr on a pipe (closed when close_err): O - its exit
//                status (-1 when it did not exit), what it wrote into err.
static int
in_child(void (*fn)(void), bool close_err, char *err, size_t size)
{
	int fds[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (close_err)
			close(STDERR_FILENO);
		else
			dup2(fds[1], STDERR_FILENO);
		close(fds[1]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (got + 1 < size && (n = read(fds[0], err + got, size - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// 'said()' - What the child wrote on stderr is want.  Under make coverage, gcov writing the
//            child's counters may add a complaint of its own after it.
static void
said(const char *err, const char *want)
{
#ifdef ROIT_COVERAGE
	assert_true(strlen(err) >= strlen(want));
	assert_memory_equal(err, want, strlen(want));
#else
	assert_string_equal(err, want);
#endif
}

static void say_all(void)
{
	roit_verbosity = ROIT_NORMAL;
	roit_error("%s:%d: amount \"%s\" is not a sum of money", "spend.csv", 184, "12,34.5");
	roit_warn("%d rows rejected", 3);
	roit_info("not shown without -v");
	roit_verbosity = ROIT_VERBOSE;
	roit_info("reading %s", "grants.csv");
	roit_verbosity = ROIT_QUIET;
	roit_info("not shown with -q");
}

// Every message starts "roit-report: "; a warning says so; a step only with -v.
static void
test_messages(void **state)
{
	char err[1024];

	(void)state;
	assert_int_equal(in_child(say_all, false, err, sizeof err), 0);
	said(err, "roit-report: spend.csv:184: amount \"12,34.5\" is not a sum of money\n"
	                         "roit-report: warning: 3 rows rejected\n"
	                         "roit-report: reading grants.csv\n");
}

static void alloc_malloc(void) { fail_alloc = 1; (void)xmalloc(16); }
static void alloc_calloc(void) { fail_alloc = 1; (void)xcalloc(4, 4); }
static void alloc_realloc(void) { fail_alloc = 1; (void)xrealloc(NULL, 16); }
static void alloc_strdup(void) { fail_alloc = 1; (void)xstrdup("x"); }
static void alloc_strndup(void) { fail_alloc = 1; (void)xstrndup("xy", 1); }

// Each allocator out of memory: 70 and the message, never a NULL handed back or a signal.
static void
test_out_of_memory(void **state)
{
	void (*const fns[])(void) = { alloc_malloc, alloc_calloc, alloc_realloc, alloc_strdup, alloc_strndup };
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		assert_int_equal(in_child(fns[i], false, err, sizeof err), ROIT_EX_SOFTWARE);
		said(err, "roit-report: out of memory\n");
	}
	// With nowhere to say it, the exit status still says it.
	assert_int_equal(in_child(alloc_malloc, true, err, sizeof err), ROIT_EX_SOFTWARE);
	said(err, "");
}

// A size of zero is one byte, never a NULL that would read as out of memory.
static void
test_zero_sizes(void **state)
{
	void *a = xmalloc(0), *b = xcalloc(0, 0), *c = xrealloc(NULL, 0);
	char *d = xstrndup("abc", 2), *e = xstrdup("abc");

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_equal(d, "ab");
	assert_string_equal(e, "abc");
	free(a), free(b), free(c), free(d), free(e);
}

// pthread_create fails on request (then roit_halves() must do all the work itself).
static bool fail_thread;

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

int
__wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	return fail_thread ? 11 : __real_pthread_create(t, a, fn, arg);	// EAGAIN
}

// What roit_halves() did with each item: how many times it was done, and on which thread.
typedef struct seen {
	int times[100];
	pthread_t by[100];
} seen_t;

static void
note_items(void *arg, int from, int to)
{
	seen_t *s = arg;

	for (int i = from; i < to; i++) {
		s->times[i]++;
		s->by[i] = pthread_self();
	}
}

// Every item once; from split on, the second half on another thread and the first on the
// caller's; below it, or with no thread to be had, all on the caller's.
static void
test_halves(void **state)
{
	const int sizes[] = { 0, 1, 2, 15, 16, 17, 80 };

	(void)state;
	for (int failing = 0; failing < 2; failing++) {
		fail_thread = failing;
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			int n = sizes[k];
			seen_t s;
			bool two = n >= 16 && !failing;

			memset(&s, 0, sizeof s);

			roit_halves(note_items, &s, n, 16);
			for (int i = 0; i < n; i++) {
				assert_int_equal(s.times[i], 1);
				assert_int_equal(pthread_equal(s.by[i], pthread_self()) != 0, !(two && i >= n / 2));
			}
			for (int i = n; i < 100; i++)
				assert_int_equal(s.times[i], 0);
		}
	}
	fail_thread = false;
}

// What a roit_share_t did: its items (as roit_halves()'s), and its then.
typedef struct share_seen {
	seen_t items;
	int n, then_calls, done_at_then;
	pthread_t then_by;
	bool slow;		// each item takes a millisecond
} share_seen_t;

static void
share_item(void *arg, int from, int to)
{
	share_seen_t *s = arg;

	if (s->slow)
		usleep(1000);
	note_items(&s->items, from, to);
}

static void
share_then(void *arg)
{
	share_seen_t *s = arg;

	s->then_calls++;
	s->then_by = pthread_self();
	for (int i = 0; i < s->n; i++)
		s->done_at_then += s->items.times[i];
}

// Every item once, by the thread or the caller; then once, after every item (on the caller's
// when no thread is to be had); a second finish does nothing.
static void
test_share(void **state)
{
	const int sizes[] = { 0, 1, 2, 80 };

	(void)state;
	for (int failing = 0; failing < 2; failing++) {
		fail_thread = failing;
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			share_seen_t s = { .n = sizes[k] };
			roit_share_t sh;

			roit_share_start(&sh, share_item, share_then, &s, s.n);
			roit_share_finish(&sh);
			roit_share_finish(&sh);
			for (int i = 0; i < 100; i++)
				assert_int_equal(s.items.times[i], i < s.n);
			assert_int_equal(s.then_calls, 1);
			assert_int_equal(s.done_at_then, s.n);
			if (failing)	// else on whichever thread finished the last item
				assert_true(pthread_equal(s.then_by, pthread_self()));
		}
	}
	fail_thread = false;
}

// The caller arriving while the thread is still at work takes its share of what is left.
static void
test_share_caller_helps(void **state)
{
	share_seen_t s = { .n = 40, .slow = true };
	roit_share_t sh;
	int mine = 0, theirs = 0;

	(void)state;
	roit_share_start(&sh, share_item, NULL, &s, s.n);
	roit_share_finish(&sh);
	for (int i = 0; i < s.n; i++) {
		assert_int_equal(s.items.times[i], 1);
		if (pthread_equal(s.items.by[i], pthread_self()))
			mine++;
		else
			theirs++;
	}
	assert_true(mine > 0);
	assert_true(theirs > 0);
	assert_int_equal(s.then_calls, 0);
}

#define REUSED (8 << 20)	// bytes freed and allocated again: an overview's buffers, in one

// 'touch()' - A byte of each page of REUSED bytes written (volatile: a memset() before free()
//             is a dead store the compiler may drop).
static void
touch(char *p)
{
	volatile char *v = p;

	for (size_t i = 0; i < REUSED; i += 4096)
		v[i] = 1;
}

// 'reuse_probe()' - In a fresh process (the test run again with an argument, so no earlier
//                   test has moved glibc's thresholds): REUSED bytes touched, freed, allocated
//                   and touched again; exits with the page faults of the second touch (255 for
//                   that many or more).  keep: roit_keep_memory() first.
static _Noreturn void
reuse_probe(bool keep)
{
	struct rusage before, after;
	char *p;

	if (keep)
		roit_keep_memory();
	p = xmalloc(REUSED);
	touch(p);
	free(p);
	getrusage(RUSAGE_SELF, &before);
	p = xmalloc(REUSED);
	touch(p);
	getrusage(RUSAGE_SELF, &after);
	free(p);
	long faults = after.ru_minflt - before.ru_minflt;
	_exit(faults > 255 ? 255 : (int)faults);
}

// The probes, run in a new process of this test (in_child() then exits 0 should exec fail).
static void exec_reuse(void) { execl("/proc/self/exe", "test_roit", "--reuse", (char *)NULL); }
static void exec_reuse_kept(void) { execl("/proc/self/exe", "test_roit", "--reuse-kept", (char *)NULL); }

// 'reuse_faults()' - The exit status of reuse_probe() in a new process of this test.
static int
reuse_faults(bool keep)
{
	char err[256];

	return in_child(keep ? exec_reuse_kept : exec_reuse, false, err, sizeof err);
}

// Memory a report frees is there for the next without faulting its pages in again: glibc's
// default gives a large block back to the kernel when it is freed (2,048 faults for 8 MiB, the
// first reuse of that size in a fresh process).  Skipped where the default does not show it
// (AddressSanitizer's allocator keeps freed memory aside on purpose; valgrind's replaces glibc's).
static void
test_keep_memory(void **state)
{
	(void)state;
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
	skip();
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	skip();
#endif
#endif
	if (reuse_faults(false) < 255)
		skip();		// no probe run, or an allocator not glibc's (valgrind's): nothing to show
	assert_in_range(reuse_faults(true), 0, 16);
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--reuse") == 0)
		reuse_probe(false);
	if (argc == 2 && strcmp(argv[1], "--reuse-kept") == 0)
		reuse_probe(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_zero_sizes),
		cmocka_unit_test(test_halves),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_share_caller_helps),
		cmocka_unit_test(test_keep_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
