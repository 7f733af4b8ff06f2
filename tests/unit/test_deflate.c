// Unit tests of the PDFs' deflating (pdf_deflate.c): what it writes inflates back to the
// bytes given, appended to what the buffer held; the same bytes give the same bytes on any
// thread (the PDFs are reproducible); a thread's compressor freed and made again; and no
// compressor to be had (libdeflate's allocation wrapped at link time to fail) ends the
// program with 70 and "out of memory", in a child.
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <libdeflate.h>

#include "buf.h"
#include "pdf_deflate.h"
#include "roit.h"

static bool fail_compressor;	// set in a child only

struct libdeflate_compressor *__real_libdeflate_alloc_compressor(int level);
struct libdeflate_compressor *__wrap_libdeflate_alloc_compressor(int level);
void __real__exit(int status);
void __wrap__exit(int status);

struct libdeflate_compressor *
__wrap_libdeflate_alloc_compressor(int level)
{
	return fail_compressor ? NULL : __real_libdeflate_alloc_compressor(level);
}

// '__wrap__exit()' - Under make coverage, the child's counters written first.
void
__wrap__exit(int status)
{
	roit_coverage_dump();
	__real__exit(status);
}

// 'sample()' - n bytes like a page's operators, with some noise: O - a buffer to free.
static char *
sample(size_t n)
{
	char *p = malloc(n + 1);
	uint32_t x = 12345;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (i % 97 < 80) ? "0.5 0 0 rg 72 700 Td (Spend) Tj\n"[i % 32] : (char)(x >> 24);
	}
	return p;
}

// 'inflated_is()' - The zlib data at z (zn bytes) inflates to exactly the n bytes at want.
static void
inflated_is(const char *z, size_t zn, const char *want, size_t n)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	char *out = malloc(n + 1);
	size_t got = 0;

	assert_non_null(d);
	assert_non_null(out);
	assert_int_equal(libdeflate_zlib_decompress(d, z, zn, out, n + 1, &got), LIBDEFLATE_SUCCESS);
	assert_int_equal(got, n);
	assert_memory_equal(out, want, n);
	free(out);
	libdeflate_free_decompressor(d);
}

static void
test_round_trip(void **state)
{
	static const size_t sizes[] = { 0, 1, 31, 4096, 200000 };

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *p = sample(sizes[i]);
		buf_t b;

		buf_init(&b);
		buf_puts(&b, "stream\n");
		pdf_deflate(p, sizes[i], &b);
		assert_memory_equal(b.data, "stream\n", 7);
		assert_int_equal(b.data[b.len], '\0');
		inflated_is(b.data + 7, b.len - 7, p, sizes[i]);
		if (sizes[i] == 200000)
			assert_true(b.len < sizes[i] / 2);	// operators are text: deflating pays
		buf_free(&b);
		free(p);
	}
}

struct job {
	const char *p;
	size_t n;
	buf_t out;
};

static void *
deflate_job(void *arg)
{
	struct job *j = arg;

	pdf_deflate(j->p, j->n, &j->out);
	return NULL;
}

static void
test_same_bytes_any_thread(void **state)
{
	char *p = sample(50000);
	struct job j = { p, 50000, { 0 } };
	pthread_t t;
	buf_t a;

	(void)state;
	buf_init(&a);
	buf_init(&j.out);
	pdf_deflate(p, 50000, &a);
	assert_int_equal(pthread_create(&t, NULL, deflate_job, &j), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(j.out.len, a.len);
	assert_memory_equal(j.out.data, a.data, a.len);
	buf_free(&j.out);
	buf_free(&a);
	free(p);
}

static void
test_end_then_again(void **state)
{
	char *p = sample(1000);
	buf_t a, b;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	pdf_deflate(p, 1000, &a);
	pdf_deflate_end();
	pdf_deflate_end();	// nothing to free: no harm
	pdf_deflate(p, 1000, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	pdf_deflate_end();
	buf_free(&a);
	buf_free(&b);
	free(p);
}

static void
test_no_compressor(void **state)
{
	int fds[2], status;
	char err[256];
	ssize_t n;
	pid_t pid;

	(void)state;
	pdf_deflate_end();	// so the child must make one
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		buf_t b;

		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		fail_compressor = true;
		buf_init(&b);
		pdf_deflate("x", 1, &b);
		_exit(0);	// not reached: pdf_deflate() ends the program
	}
	close(fds[1]);
	n = read(fds[0], err, sizeof err - 1);
	err[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), ROIT_EX_SOFTWARE);
	assert_non_null(strstr(err, "out of memory"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_same_bytes_any_thread),
		cmocka_unit_test(test_end_then_again),
		cmocka_unit_test(test_no_compressor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
