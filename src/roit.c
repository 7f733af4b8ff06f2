// Diagnostics and checked allocation (roit.h), shared by every stage.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "roit.h"

int roit_verbosity = ROIT_NORMAL;

static void vsay(const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

// 'vsay()' - "roit-report: ", the prefix and the message, on stderr.
static void
vsay(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "roit-report: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
roit_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void
roit_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}

void
roit_info(const char *fmt, ...)
{
	va_list ap;

	if (roit_verbosity < ROIT_VERBOSE)
		return;
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void
roit_out_of_memory(void)
{
	static const char msg[] = "roit-report: out of memory\n";
	// write(2), not stdio: it needs no memory, and takes no lock another thread may hold.
	ssize_t said = write(STDERR_FILENO, msg, sizeof msg - 1);

	(void)said;	// with stderr closed, the exit status alone says it
	_exit(ROIT_EX_SOFTWARE);
}

static void *
checked(void *p)
{
	if (p == NULL)
		roit_out_of_memory();
	return p;
}

void
roit_keep_memory(void)
{
#ifdef __GLIBC__
	// 32 MiB is glibc's largest threshold on 64 bits; where it is refused, the trim threshold
	// is left alone too (setting it turns glibc's own adjusting off).
	if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1)
		mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

void *xmalloc(size_t size) { return checked(malloc(size ? size : 1)); }
void *xcalloc(size_t count, size_t size) { return checked(calloc(count ? count : 1, size ? size : 1)); }
void *xrealloc(void *ptr, size_t size) { return checked(realloc(ptr, size ? size : 1)); }
char *xstrdup(const char *s) { return checked(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return checked(strndup(s, n)); }

// One half of roit_halves(), as a thread runs it.
typedef struct half {
	roit_range_fn *fn;
	void *arg;
	int from, to;
} half_t;

static void *
run_half(void *p)
{
	half_t *h = p;

	h->fn(h->arg, h->from, h->to);
	return NULL;
}

void
roit_halves(roit_range_fn *fn, void *arg, int n, int split)
{
	half_t second = { fn, arg, n / 2, n };
	pthread_t helper;

	if (n < split || n < 2 || pthread_create(&helper, NULL, run_half, &second) != 0) {
		if (n > 0)
			fn(arg, 0, n);
		return;
	}
	fn(arg, 0, n / 2);
	pthread_join(helper, NULL);
}

// 'take()' - Items of s until none is left; the thread that finishes the last one runs then
//            (its count of done items orders every item's writes before it).
static void
take(roit_share_t *s)
{
	int i;

	while ((i = atomic_fetch_add(&s->next, 1)) < s->n) {
		s->fn(s->arg, i, i + 1);
		if (atomic_fetch_add(&s->done, 1) + 1 == s->n && s->then != NULL)
			s->then(s->arg);
	}
}

// 'share_run()' - The thread of roit_share_start().
static void *
share_run(void *p)
{
	take(p);
	return NULL;
}

void
roit_share_start(roit_share_t *s, roit_range_fn *fn, void (*then)(void *arg), void *arg, int n)
{
	s->fn = fn;
	s->then = then;
	s->arg = arg;
	s->n = n;
	atomic_init(&s->next, 0);
	atomic_init(&s->done, 0);
	s->running = pthread_create(&s->thread, NULL, share_run, s) == 0;
}

void
roit_share_finish(roit_share_t *s)
{
	take(s);
	if (s->running) {
		pthread_join(s->thread, NULL);
		s->running = false;
	}
	if (s->n <= 0 && s->then != NULL)	// no item to finish last
		s->then(s->arg);
	s->then = NULL;		// done: a second call has nothing to do
}
