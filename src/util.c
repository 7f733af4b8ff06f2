// Diagnostics, checked allocation and the byte buffer shared by every stage.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "roit.h"

int roit_verbosity = ROIT_NORMAL;

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
	vsay("", fmt, ap);
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
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(ROIT_EX_SOFTWARE);
	_exit(ROIT_EX_SOFTWARE);
}

static void *
checked(void *p)
{
	if (p == NULL)
		roit_out_of_memory();
	return p;
}

void *xmalloc(size_t size) { return checked(malloc(size ? size : 1)); }
void *xcalloc(size_t count, size_t size) { return checked(calloc(count ? count : 1, size ? size : 1)); }
void *xrealloc(void *ptr, size_t size) { return checked(realloc(ptr, size ? size : 1)); }
char *xstrdup(const char *s) { return checked(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return checked(strndup(s, n)); }

void
buf_init(buf_t *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(buf_t *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(buf_t *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

// 'grow()' - Make room for n more bytes and the terminating NUL.
static void
grow(buf_t *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

char *
buf_reserve(buf_t *b, size_t n)
{
	grow(b, n);
	return b->data + b->len;
}

void
buf_add(buf_t *b, const void *p, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s) { buf_add(b, s, strlen(s)); }
void buf_putc(buf_t *b, char c) { buf_add(b, &c, 1); }

void
buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}
