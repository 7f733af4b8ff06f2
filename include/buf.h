// A growable byte buffer: what renderers write into before a file is written atomically.
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

typedef struct buf {
	char *data;	// NUL-terminated; owned by the buffer
	size_t len, cap;
} buf_t;

void buf_init(buf_t *b);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);			// empty it, keep the memory
char *buf_reserve(buf_t *b, size_t n);	// room for n more bytes; returns where they go
void buf_add(buf_t *b, const void *p, size_t n);	// p may be NULL when n is 0
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
