// libharu's PDF in, the same objects out: streams as they were, every other object packed into
// deflated object streams, and a cross-reference stream in place of the table (ISO 32000-1
// 7.5.7 and 7.5.8).  Only what libharu writes is read: one cross-reference section, objects of
// generation 0 one after another, a trailer of one entry a line.  Objects made without
// libharu (the structure tree's) are packed with its own, numbered on from its last.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "pdf_deflate.h"
#include "pdf_pack.h"
#include "roit.h"

#define PER_STREAM 200		// objects per object stream

// One object of the input: where its body is, and whether it is a stream (kept as it is).
typedef struct obj {
	const char *src;	// libharu's PDF, or the extra objects' bytes
	long num;
	size_t off, end;	// of "num 0 obj" and of the extent up to the next object
	size_t body, body_end;	// the object's value (dictionary and stream data included)
	bool stream;
	size_t new_off;		// stream objects: their offset in the output
	long in_stream, index;	// packed objects: their object stream and place in it
} obj_t;

// 'find_last()' - The last occurrence of s in p[0, n), or -1.
static long
find_last(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (memcmp(p + i, s, k) == 0)
			return (long)i;
	return -1;
}

// 'number()' - A decimal number at p[*i] (spaces first skipped); O - -1 when there is none.
static long
number(const char *p, size_t n, size_t *i)
{
	long v = 0;
	bool any = false;

	while (*i < n && (p[*i] == ' ' || p[*i] == '\r' || p[*i] == '\n'))
		(*i)++;
	while (*i < n && p[*i] >= '0' && p[*i] <= '9' && v < 100000000000L) {
		v = v * 10 + (p[*i] - '0');
		(*i)++;
		any = true;
	}
	return any ? v : -1;
}

static int
by_offset(const void *a, const void *b)
{
	const obj_t *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static int
by_number(const void *a, const void *b)
{
	const obj_t *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

// 'read_xref()' - The objects of the cross-reference table at xref; O - how many, or -1.
static long
read_xref(const char *p, size_t n, size_t xref, obj_t **objs)
{
	size_t i = xref + 4;
	long first, count, k = 0;

	if (xref + 4 > n || memcmp(p + xref, "xref", 4) != 0 || (first = number(p, n, &i)) != 0 ||
	    (count = number(p, n, &i)) <= 0 || count > 10000000)
		return -1;
	*objs = xcalloc((size_t)count, sizeof **objs);
	for (long e = 0; e < count; e++) {
		long off = number(p, n, &i), gen = number(p, n, &i);

		while (i < n && p[i] == ' ')
			i++;
		if (off < 0 || gen < 0 || i >= n || (p[i] != 'n' && p[i] != 'f'))
			return -1;
		if (p[i++] == 'n') {
			if (gen != 0 || (size_t)off >= xref)
				return -1;
			(*objs)[k++] = (obj_t){ .src = p, .num = e, .off = (size_t)off };
		}
	}
	return k;
}

// 'find_bodies()' - Each object's value within its extent: after "num 0 obj", before "endobj".
static bool
find_bodies(const char *p, obj_t *objs, long n_objs, size_t xref)
{
	qsort(objs, (size_t)n_objs, sizeof *objs, by_offset);
	for (long k = 0; k < n_objs; k++) {
		obj_t *o = &objs[k];
		const char *nl;
		long end;

		o->end = k + 1 < n_objs ? objs[k + 1].off : xref;
		if ((nl = memchr(p + o->off, '\n', o->end - o->off)) == NULL)
			return false;
		o->body = (size_t)(nl - p) + 1;
		if ((end = find_last(p + o->body, o->end - o->body, "endobj")) < 0)
			return false;
		o->body_end = o->body + (size_t)end;
		while (o->body_end > o->body && (p[o->body_end - 1] == '\n' || p[o->body_end - 1] == '\r'))
			o->body_end--;
		o->stream = o->body_end - o->body >= 9 && memcmp(p + o->body_end - 9, "endstream", 9) == 0;
	}
	qsort(objs, (size_t)n_objs, sizeof *objs, by_number);
	return true;
}

// 'trailer_entries()' - The trailer's entries but /Size, for the cross-reference stream.
static bool
trailer_entries(const char *p, size_t n, size_t xref, buf_t *out)
{
	long t = find_last(p + xref, n - xref, "trailer"), open, close;

	if (t < 0)
		return false;
	t += (long)xref;
	open = t + (long)strlen("trailer");
	while ((size_t)open < n && p[open] != '<')
		open++;
	if ((close = find_last(p + open, n - (size_t)open, ">>")) < 0)
		return false;
	close += open;
	// One entry a line, as libharu writes them.
	for (size_t i = (size_t)open + 2; i < (size_t)close;) {
		const char *nl = memchr(p + i, '\n', (size_t)close - i);
		size_t e = nl != NULL ? (size_t)(nl - p) : (size_t)close;

		if (e > i && p[i] == '/' && !(e - i >= 5 && memcmp(p + i, "/Size", 5) == 0)) {
			buf_add(out, p + i, e - i);
			buf_putc(out, '\n');
		}
		i = e + 1;
	}
	return true;
}

// 'put_uint()' - A decimal number and then the character after.
static void
put_uint(buf_t *b, uint64_t v, char after)
{
	char t[32];

	buf_add(b, t, format_decimal(v, false, t, sizeof t));
	buf_putc(b, after);
}

// One object stream as it is made: its objects' numbers and offsets, then their bodies (raw),
// deflated into z.
typedef struct obj_stream {
	long count;
	size_t first;		// where the first body starts in raw
	buf_t raw, z;
} obj_stream_t;

// 'fill_obj_stream()' - The raw content of object stream num: the objects given to it.
static void
fill_obj_stream(const obj_t *objs, long n_objs, long num, obj_stream_t *s)
{
	buf_t body;

	buf_init(&body);
	for (long k = 0; k < n_objs; k++) {
		if (objs[k].stream || objs[k].in_stream != num)
			continue;
		s->count++;
		put_uint(&s->raw, (uint64_t)objs[k].num, ' ');
		put_uint(&s->raw, body.len, ' ');
		buf_add(&body, objs[k].src + objs[k].body, objs[k].body_end - objs[k].body);
		buf_putc(&body, '\n');
	}
	buf_putc(&s->raw, '\n');
	s->first = s->raw.len;
	buf_add(&s->raw, body.data, body.len);
	buf_free(&body);
}

#define DEFLATE_SPLIT 4	// object streams from which the second half is deflated on another thread

static void
deflate_streams(void *arg, int from, int to)
{
	obj_stream_t *s = arg;

	for (int i = from; i < to; i++)
		pdf_deflate(s[i].raw.data, s[i].raw.len, &s[i].z);
}

// 'put_obj_streams()' - The n object streams numbered from next, at their offsets in stm_off
//                       (from start of out).  Deflating them was a quarter of saving an
//                       overview: with many, half are deflated on another thread.
static void
put_obj_streams(const obj_t *objs, long n_objs, long next, long n, size_t start, size_t *stm_off,
                buf_t *out)
{
	obj_stream_t *s = xcalloc((size_t)n + 1, sizeof *s);

	for (long i = 0; i < n; i++) {
		buf_init(&s[i].raw);
		buf_init(&s[i].z);
		fill_obj_stream(objs, n_objs, next + i, &s[i]);
	}
	roit_halves(deflate_streams, s, (int)n, DEFLATE_SPLIT);
	for (long i = 0; i < n; i++) {
		stm_off[i] = out->len - start;
		buf_printf(out, "%ld 0 obj\n<< /Type /ObjStm /N %ld /First %zu /Filter /FlateDecode /Length %zu >>\nstream\r\n",
		           next + i, s[i].count, s[i].first, s[i].z.len);
		buf_add(out, s[i].z.data, s[i].z.len);
		buf_puts(out, "\nendstream\nendobj\n");
		buf_free(&s[i].raw);
		buf_free(&s[i].z);
	}
	free(s);
}

// 'put_field()' - A big-endian field of width bytes.
static void
put_field(buf_t *b, uint64_t v, int width)
{
	for (int k = width - 1; k >= 0; k--)
		buf_putc(b, (char)(unsigned char)(v >> (8 * k)));
}

// 'put_xref_stream()' - The cross-reference stream (number num, at offset at) over every object.
static void
put_xref_stream(const obj_t *objs, long n_objs, const size_t *stm_off, long n_stm, long num, size_t at,
                const buf_t *trailer, buf_t *out)
{
	buf_t rows, z;
	long k = 0;

	buf_init(&rows);
	buf_init(&z);
	for (long i = 0; i <= num; i++) {
		if (i == 0) {
			put_field(&rows, 0, 1), put_field(&rows, 0, 4), put_field(&rows, 65535, 2);
		} else if (i == num) {
			put_field(&rows, 1, 1), put_field(&rows, at, 4), put_field(&rows, 0, 2);
		} else if (i >= num - n_stm) {
			put_field(&rows, 1, 1), put_field(&rows, stm_off[i - (num - n_stm)], 4), put_field(&rows, 0, 2);
		} else if (k < n_objs && objs[k].num == i) {
			const obj_t *o = &objs[k++];
			if (o->stream)
				put_field(&rows, 1, 1), put_field(&rows, o->new_off, 4), put_field(&rows, 0, 2);
			else
				put_field(&rows, 2, 1), put_field(&rows, (uint64_t)o->in_stream, 4), put_field(&rows, (uint64_t)o->index, 2);
		} else {
			put_field(&rows, 0, 1), put_field(&rows, 0, 4), put_field(&rows, 0, 2);
		}
	}
	pdf_deflate(rows.data, rows.len, &z);
	buf_printf(out, "%ld 0 obj\n<<\n/Type /XRef\n/Size %ld\n/W [1 4 2]\n", num, num + 1);
	buf_add(out, trailer->data, trailer->len);
	buf_printf(out, "/Filter /FlateDecode\n/Length %zu\n>>\nstream\r\n", z.len);
	buf_add(out, z.data, z.len);
	buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", at);
	buf_free(&rows);
	buf_free(&z);
}

// 'add_extra()' - The extra objects after libharu's (objs grown); O - false when they are not
//                 numbered on from its last.
static bool
add_extra(obj_t **objs, long *n_objs, const pdf_extra_t *x)
{
	if (x == NULL || x->count == 0)
		return true;
	if (x->count < 0 || x->first != (*objs)[*n_objs - 1].num + 1)
		return false;
	*objs = xrealloc(*objs, (size_t)(*n_objs + x->count) * sizeof **objs);
	for (long i = 0; i < x->count; i++)
		(*objs)[(*n_objs)++] = (obj_t){ .src = x->bytes, .num = x->first + i, .body = x->off[i],
		                                .body_end = x->off[i + 1] };
	return true;
}

bool
pdf_pack(const char *p, size_t n, const pdf_extra_t *extra, buf_t *out)
{
	long sx = find_last(p, n, "startxref"), n_objs, next, n_stm;
	size_t i, xref, start = out->len, *stm_off;
	obj_t *objs = NULL;
	buf_t trailer;
	bool ok;

	if (sx < 0)
		return false;
	i = (size_t)sx + strlen("startxref");
	xref = (size_t)number(p, n, &i);
	buf_init(&trailer);
	ok = xref < n && (n_objs = read_xref(p, n, xref, &objs)) > 0 && find_bodies(p, objs, n_objs, xref) &&
	     trailer_entries(p, n, xref, &trailer) && objs[0].off < n && add_extra(&objs, &n_objs, extra);
	if (!ok) {
		free(objs);
		buf_free(&trailer);
		return false;
	}
	// The header and its binary comment, then the streams as they were.
	size_t first = objs[0].off;
	for (long k = 1; k < n_objs; k++)
		if (objs[k].src == p)
			first = objs[k].off < first ? objs[k].off : first;
	buf_add(out, p, first);
	for (long k = 0; k < n_objs; k++)
		if (objs[k].stream) {
			objs[k].new_off = out->len - start;
			put_uint(out, (uint64_t)objs[k].num, ' ');
			buf_puts(out, "0 obj\n");
			buf_add(out, p + objs[k].body, objs[k].body_end - objs[k].body);
			buf_puts(out, "\nendobj\n");
		}
	// The rest in object streams numbered after the last object, PER_STREAM to a stream,
	// then the cross-reference stream.
	next = objs[n_objs - 1].num + 1;
	long packed = 0;
	for (long k = 0; k < n_objs; k++)
		if (!objs[k].stream) {
			objs[k].in_stream = next + packed / PER_STREAM;
			objs[k].index = packed % PER_STREAM;
			packed++;
		}
	n_stm = (packed + PER_STREAM - 1) / PER_STREAM;
	stm_off = xcalloc((size_t)(n_stm > 0 ? n_stm : 1), sizeof *stm_off);
	put_obj_streams(objs, n_objs, next, n_stm, start, stm_off, out);
	put_xref_stream(objs, n_objs, stm_off, n_stm, next + n_stm, out->len - start, &trailer, out);
	free(stm_off);
	free(objs);
	buf_free(&trailer);
	return true;
}
