// CSV export → rows of UTF-8 fields in the caller's column order (libcsv does the tokenising).
//
// A file is read twice, at once, on two cores: once to hash it and decide its encoding, once to
// parse it.  The encoding (SPEC 3): a file with a BOM or with a valid multi-byte UTF-8 sequence is
// UTF-8, and a row of it holding bytes that are not valid UTF-8 goes to the caller marked unusable;
// a file with no multi-byte UTF-8 and bytes above 0x7F is Windows-1252; UTF-16 is refused.  The parse feeds libcsv one physical line at a
// time, so the line a row starts on is known exactly, whatever mix of LF, CRLF and CR the file has.
//
// Inputs come from folders other people can write to, so a file is opened one way only
// (csvin_open: a regular file, or a symlink to one, never a FIFO, device, socket or folder, and
// never waiting), read with read(2) into buffers (never mapped: a file truncated while mapped
// kills the reader with SIGBUS), never past the size it had when opened, and checked afterwards:
// a file whose size, modification time or identity changed while it was read is refused (75), so
// no figure comes from one version with the SHA-256 of another.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <openssl/evp.h>

#include "buf.h"
#include "csvin.h"
#include "roit.h"
#include "text.h"

#define BLOCK (128 * 1024)

// libcsv's private state is read in one place, quote_open(), checked against libcsv 3.0.3 (Debian
// 12's libcsv-dev 3.0.3+dfsg-6); another release must be read again before it builds.
#if CSV_MAJOR != 3 || CSV_MINOR != 0 || CSV_RELEASE != 3
#error "csvin.c reads libcsv's pstate as libcsv 3.0.3 sets it: check quote_open() against this release"
#endif

// State of one parse, shared with libcsv's callbacks.
typedef struct reader {
	const char *display;
	const csvin_column_t *cols;
	int ncols;
	const csvin_handler_t *h;
	bool cp1252;

	// The row being read: fields stored one after another in arena, offsets in off.
	buf_t arena;
	size_t off[CSVIN_COLUMNS_MAX];
	bool blank[CSVIN_COLUMNS_MAX];	// empty or only spaces
	bool wanted[CSVIN_COLUMNS_MAX];	// a column of the caller's is in this field
	bool nonblank;			// some field of the row has text
	int filter_field;		// the field index of the handler's filter column, or -1
	bool drop;			// the filter has dropped the current row
	int nfields;			// fields seen, including those past CSVIN_COLUMNS_MAX
	bool overflow_nonempty;		// a field past CSVIN_COLUMNS_MAX has text

	// Physical position.
	long line;			// line being fed
	long row_line;			// line the current row started on
	bool awaiting_row;		// the next content byte starts a row
	bool row_ended;
	bool last_cr;
	bool bare_cr;			// the file has a CR without LF: look for both
	bool nul;			// the file has NUL bytes: fields need cleaning
	bool check_utf8;		// a UTF-8 file with invalid bytes: every row's bytes are checked
	bool bad_utf8;			// the current row holds bytes that are not valid UTF-8
	bool verdict;			// the look-ahead has seen every byte: the flags above are final
	unsigned char prev;		// the last byte fed

	// The header, once found: map[i] is the field index of column i, or -1.
	bool have_header;
	int map[64];
	int header_fields;
	char *first_missing;		// the missing columns of the first non-empty line
	long first_line;

	const char *field_ptr[64];
	bool present[64];
	int status;			// ROIT_OK until something stops the read
	csvin_info_t *info;
} reader_t;

// 'is_blank()' - True when s[0..n) is only spaces and tabs.
static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

size_t
csvin_cp1252_to_utf8(const char *s, size_t n, char *buf)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];

		// The code page's five undefined bytes become U+FFFD, so the row keeps their place.
		if (c >= 0x80 && c < 0xA0 && (c = cp1252_unicode((unsigned char)c)) == 0)
			c = 0xFFFD;
		if (c == 0)
			c = '?';	// a NUL would cut the string short: keep it visible
		if (c < 0x80) {
			buf[o++] = (char)c;
		} else if (c < 0x800) {
			buf[o++] = (char)(0xC0 | (c >> 6));
			buf[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			buf[o++] = (char)(0xE0 | (c >> 12));
			buf[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			buf[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	buf[o] = '\0';
	return o;
}

void
csvin_header_key(const char *name, char *buf, size_t size)
{
	size_t n = strlen(name), o = 0;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	while (n > 0 && (*name == ' ' || *name == '\t'))
		name++, n--;
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ' || c == '-')
			c = '_';
		buf[o++] = c;
	}
	buf[o] = '\0';
}

// 'may_be_footer()' - Whether a field could read "Total" or "Grand Total" (after spaces).
static bool
may_be_footer(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && (s[i] == 'T' || s[i] == 't' || s[i] == 'G' || s[i] == 'g');
}

// 'filter_keeps()' - Ask the handler's filter about a field (decoded first if need be).
static bool
filter_keeps(const reader_t *r, const char *data, size_t n)
{
	char tmp[3 * 256 + 1];

	if (!r->cp1252 && !r->nul)
		return r->h->keep(r->h->ctx, data, n);
	if (n > 256)
		n = 256;	// a longer value matches no listed code either way
	if (r->cp1252)
		n = csvin_cp1252_to_utf8(data, n, tmp);
	else
		memcpy(tmp, data, n);
	for (size_t k = 0; k < n; k++)
		if (tmp[k] == '\0')
			tmp[k] = '?';
	return r->h->keep(r->h->ctx, tmp, n);
}

static bool utf8_step(unsigned c, int *need, unsigned *lo, unsigned *hi);

// 'valid_utf8()' - Whether s[0..n) is valid UTF-8 (only asked of a file known to hold bytes that are not).
//                  Out of line: inlined, it changes how gcc lays out field_cb(), the hot path.
__attribute__((noinline)) static bool
valid_utf8(const void *s, size_t n)
{
	const unsigned char *p = s;
	unsigned lo = 0x80, hi = 0xBF;
	int need = 0;

	for (size_t i = 0; i < n; i++)
		if ((p[i] >= 0x80 || need > 0) && !utf8_step(p[i], &need, &lo, &hi))
			return false;
	return need == 0;
}

// 'field_cb()' - libcsv: one field ended; keep it (decoded) for the row.  Once the header is
//                known, a field no column needs is only looked at, not kept (the hot path).
static void
field_cb(void *data, size_t n, void *ctx)
{
	reader_t *r = ctx;
	int i = r->nfields++;
	buf_t *a = &r->arena;

	// The rest of a row the filter dropped is only looked at to tell a blank row.
	if (r->drop) {
		r->nonblank |= !r->nonblank && n > 0 && !is_blank(data, n);
		return;
	}
	if (r->check_utf8 && !r->bad_utf8 && !valid_utf8(data, n))
		r->bad_utf8 = true;
	const char c0 = n ? *(const char *)data : '\0';
	bool blank = n == 0 || ((c0 == ' ' || c0 == '\t') && is_blank(data, n));

	if (n > CSVIN_FIELD_MAX) {
		if (r->status == ROIT_OK)
			roit_error("%s:%ld: a field is longer than %d bytes", r->display, r->row_line, CSVIN_FIELD_MAX);
		r->status = ROIT_EX_DATAERR;
		return;
	}

	if (i >= CSVIN_COLUMNS_MAX) {
		// Not kept; a data row's field past the header's last column must still be empty.
		r->nonblank |= !blank;
		if (!blank && r->have_header && i >= r->header_fields)
			r->overflow_nonempty = true;
		return;
	}
	r->blank[i] = blank;
	r->nonblank |= !blank;
	r->off[i] = a->len;
	if (i == r->filter_field && r->have_header && !r->drop && !filter_keeps(r, data, n))
		r->drop = true;
	if (r->drop || (r->have_header && !r->wanted[i] && (blank || (c0 != ' ' && c0 != 'T' && c0 != 't' &&
	                                                              c0 != 'G' && c0 != 'g') ||
	                                                    !may_be_footer(data, n))))
		n = 0;
	if (r->cp1252) {
		char tmp[3 * 256 + 1];
		const char *s = data;

		// Decode in slices so the stack buffer stays small.
		for (size_t done = 0; done < n; done += 256) {
			size_t k = n - done < 256 ? n - done : 256;
			buf_add(a, tmp, csvin_cp1252_to_utf8(s + done, k, tmp));
		}
		buf_putc(a, '\0');
		return;
	}
	char *dst = a->len + n + 1 <= a->cap ? a->data + a->len : buf_reserve(a, n + 1);

	if (n > 0)
		memcpy(dst, data, n);
	dst[n] = '\0';
	a->len += n + 1;
	// A NUL would cut the field short: keep it visible instead.
	for (char *z = r->nul ? memchr(dst, '\0', n) : NULL; z; z = memchr(z, '\0', (size_t)(dst + n - z)))
		*z = '?';
}

// 'field_text()' - Field i of the current row ("" past its end).
static const char *
field_text(const reader_t *r, int i)
{
	if (i < 0 || i >= r->nfields || i >= CSVIN_COLUMNS_MAX)
		return "";
	return r->arena.data + r->off[i];
}

// 'match_header()' - Map the caller's columns onto the current row; false while a required one is missing.
static bool
match_header(reader_t *r, buf_t *missing)
{
	int nf = r->nfields < CSVIN_COLUMNS_MAX ? r->nfields : CSVIN_COLUMNS_MAX;
	char key[256], want[256];
	bool ok = true;

	for (int c = 0; c < r->ncols; c++) {
		r->map[c] = -1;
		// An alias from report.ini wins over the canonical name.
		for (int pass = 0; pass < 2 && r->map[c] < 0 && !r->cols[c].unread; pass++) {
			const char *name = pass == 0 ? r->cols[c].alias : r->cols[c].name;

			if (name == NULL)
				continue;
			csvin_header_key(name, want, sizeof want);
			for (int i = 0; i < nf && r->map[c] < 0; i++) {
				csvin_header_key(field_text(r, i), key, sizeof key);
				if (key[0] != '\0' && strcmp(key, want) == 0)
					r->map[c] = i;
			}
		}
		if (r->map[c] < 0 && r->cols[c].required) {
			if (missing->len)
				buf_puts(missing, ", ");
			buf_puts(missing, r->cols[c].alias ? r->cols[c].alias : r->cols[c].name);
			ok = false;
		}
	}
	return ok;
}

// 'header_row()' - A row before the header: is it the header?
static void
header_row(reader_t *r)
{
	buf_t missing;

	buf_init(&missing);
	if (match_header(r, &missing)) {
		for (int c = 0; c < r->ncols; c++)
			if (r->map[c] >= 0)
				r->wanted[r->map[c]] = true;
		r->filter_field = r->h->filter_col >= 0 && r->h->keep ? r->map[r->h->filter_col] : -1;
		// Text past the header's last column is kept too, so a rejection can quote it.
		for (int i = r->nfields; i < CSVIN_COLUMNS_MAX; i++)
			r->wanted[i] = true;
		r->have_header = true;
		r->header_fields = r->nfields;
		r->info->header_line = r->row_line;
	} else if (r->first_missing == NULL) {
		r->first_missing = xstrdup(missing.data);
		r->first_line = r->row_line;
	}
	buf_free(&missing);
}

// 'is_footer()' - True when the first non-empty field is "Total" or "Grand Total".
static bool
is_footer(const reader_t *r, const char **word)
{
	for (int i = 0; i < r->nfields && i < CSVIN_COLUMNS_MAX; i++) {
		char key[32];

		if (r->blank[i])
			continue;
		const char *text = field_text(r, i);
		size_t len = strlen(text);
		if (len >= sizeof key || !may_be_footer(text, len))
			return false;
		csvin_header_key(field_text(r, i), key, sizeof key);
		*word = field_text(r, i);
		return strcmp(key, "total") == 0 || strcmp(key, "grand_total") == 0;
	}
	return false;
}

// 'extra_fields()' - True when the row has text past the header's last column.
static bool
extra_fields(const reader_t *r)
{
	if (r->overflow_nonempty)
		return true;
	for (int i = r->header_fields; i < r->nfields && i < CSVIN_COLUMNS_MAX; i++)
		if (!r->blank[i])
			return true;
	return false;
}

// 'data_row()' - A row after the header: skip it, or hand it to the caller.
static void
data_row(reader_t *r)
{
	const char *word;

	if (is_footer(r, &word)) {
		if (r->h->skipped)
			r->h->skipped(r->h->ctx, r->row_line, CSVIN_FOOTER, word);
		return;
	}
	// A row with text past the header's last column still goes to the caller, which knows its
	// unit: the rejection belongs to that unit's reports.
	char detail[64];
	const char *extra_value = "";
	bool extra = extra_fields(r);
	if (extra) {
		snprintf(detail, sizeof detail, "%d fields, the header has %d", r->nfields, r->header_fields);
		for (int i = r->nfields < CSVIN_COLUMNS_MAX ? r->nfields : CSVIN_COLUMNS_MAX; i > r->header_fields; i--)
			if (!r->blank[i - 1])
				extra_value = field_text(r, i - 1);
	}
	for (int c = 0; c < r->ncols; c++) {
		r->present[c] = r->map[c] >= 0;
		r->field_ptr[c] = field_text(r, r->map[c]);
	}
	csvin_row_t row = { r->row_line, r->ncols, r->field_ptr, r->present, extra ? detail : NULL, extra_value,
	                    r->bad_utf8 ? "not valid UTF-8" : NULL };
	r->info->rows++;
	r->h->row(r->h->ctx, &row);
}

// 'row_cb()' - libcsv: a row ended.
static void
row_cb(int term, void *ctx)
{
	reader_t *r = ctx;

	(void)term;
	r->row_ended = true;
	// A short row reads as if its missing fields were empty: the filter sees its column so.
	if (r->have_header && r->filter_field >= r->nfields && !r->drop && !r->h->keep(r->h->ctx, "", 0))
		r->drop = true;
	if ((r->nonblank || r->overflow_nonempty) && r->status == ROIT_OK) {
		if (r->drop)
			r->h->dropped(r->h->ctx, r->row_line);
		else if (r->have_header)
			data_row(r);
		else if (r->row_line <= CSVIN_HEADER_LINES)
			header_row(r);
	}
	r->nfields = 0;
	r->overflow_nonempty = r->nonblank = r->drop = r->bad_utf8 = false;
	buf_reset(&r->arena);
}

// 'capped_realloc()' - libcsv's buffer grows through this: refuse well past CSVIN_FIELD_MAX, so
//                      memory stays bounded even before field_cb() sees the field whole.
static void *
capped_realloc(void *p, size_t size)
{
	if (size > CSVIN_FIELD_MAX + BLOCK)
		return NULL;
	return xrealloc(p, size);	// within the cap, a refusal is out of memory (70), not a long field
}

// 'feed()' - Pass a block to libcsv line by line, counting physical lines.
static int
feed(reader_t *r, struct csv_parser *p, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && r->status == ROIT_OK) {
		size_t j = i;

		if (r->bare_cr) {
			while (j < n && s[j] != '\n' && s[j] != '\r')
				j++;
		} else {
			// Every CR is part of a CR LF: lines end at LF, and memchr finds them fast.
			const unsigned char *lf = memchr(s + i, '\n', n - i);
			j = lf ? (size_t)(lf - s) : n;
		}
		if (j > i && s[i] != '\r' && r->awaiting_row) {
			r->row_line = r->line;
			r->awaiting_row = false;
		}
		size_t end = j < n ? j + 1 : n;
		r->row_ended = false;
		if (csv_parse(p, s + i, end - i, field_cb, row_cb, r) != end - i) {
			if (r->status == ROIT_OK)
				roit_error("%s:%ld: a field is longer than %d bytes", r->display, r->row_line,
				           CSVIN_FIELD_MAX);
			r->status = ROIT_EX_DATAERR;	// the parser is spent: nothing after this can be read
			return r->status;
		}
		if (r->row_ended)
			r->awaiting_row = true;
		if (j < n) {
			// CR LF is one line end; CR alone and LF alone are one each.
			if (!(s[j] == '\n' && r->last_cr && j == i))
				r->line++;
			r->last_cr = s[j] == '\r';
		} else if (j > i) {
			r->last_cr = false;
		}
		i = end;
	}
	return r->status;
}

// Where the bytes come from: a file, read in blocks, or memory handed over in chunks (the
// fuzzer's small chunks cross every buffer edge).
typedef struct source {
	int fd;				// -1 when mem holds every byte
	const unsigned char *mem;
	size_t len, pos, chunk;
	size_t limit;			// a file: read no further than this (its size when opened, + 1)
	size_t hashed;			// bytes the look-ahead read
	bool eof;			// the end (or the limit) was reached
	unsigned char *block;		// for read(): BLOCK bytes
} source_t;

// 'source_next()' - Point at the next piece: > 0 bytes, 0 at the end, -1 on an error (errno set).
//                   A file is not read past its limit: one that grows is not followed for ever.
static ssize_t
source_next(source_t *src, const unsigned char **piece)
{
	if (src->mem == NULL) {
		size_t want = src->limit - src->pos < BLOCK ? src->limit - src->pos : BLOCK;
		ssize_t n = 0;

		while (want > 0 && (n = read(src->fd, src->block, want)) < 0 && errno == EINTR)
			;
		*piece = src->block;
		if (n > 0)
			src->pos += (size_t)n;
		src->eof = n == 0;
		return n;
	}
	size_t n = src->len - src->pos;
	if (n > src->chunk)
		n = src->chunk;
	*piece = src->mem + src->pos;
	src->pos += n;
	return (ssize_t)n;
}

// What the first pass learns about the bytes.
typedef struct scan {
	bool multi;			// a valid multi-byte UTF-8 sequence (or a BOM): the file is UTF-8
	bool invalid;			// bytes that are not valid UTF-8
	bool utf16;			// it starts with a UTF-16 byte order mark
	int need;			// continuation bytes still expected
	unsigned lo, hi;		// range of the next one
	bool bare_cr;			// a CR not followed by LF
	bool cr_at_end;			// the last piece ended in CR
	bool nul;			// a NUL byte
	bool high;			// a byte above 0x7F (the encoding matters)
} scan_t;

// 'is_cp1252()' - The verdict on the encoding: Windows-1252 when bytes above 0x7F never once
//                 made a multi-byte UTF-8 sequence (a BOM is one).
static bool
is_cp1252(const scan_t *sc)
{
	return sc->high && !sc->multi;
}

// 'utf8_step()' - Advance the UTF-8 validator over one byte; false on an invalid sequence.
//                 need: continuation bytes still expected; lo/hi: range of the next one.
static bool
utf8_step(unsigned c, int *need, unsigned *lo, unsigned *hi)
{
	int follow;

	if (*need > 0) {
		if (c < *lo || c > *hi)
			return false;
		(*need)--;
		*lo = 0x80, *hi = 0xBF;
		return true;
	}
	if (c < 0x80)
		return true;
	// A lead byte: text.c's one rule says how many follow and where the first may lie.
	if ((follow = utf8_lead(c, lo, hi)) < 0)
		return false;
	*need = follow;
	return true;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

// 'has_byte()' - True when one of the 8 bytes of w is c (the classic SWAR zero-byte test).
static inline bool
has_byte(uint64_t w, unsigned char c)
{
	uint64_t v = w ^ (ONES * c);

	return ((v - ONES) & ~v & HIGHS) != 0;
}

// 'scan_bytes()' - Validate UTF-8 over a piece and note bare CRs and NULs; plain ASCII goes
//                  8 bytes at a time, so the first pass costs little next to the parse.
static void
scan_bytes(const unsigned char *p, size_t n, scan_t *sc)
{
	size_t i = 0;

	if (sc->cr_at_end && n > 0 && p[0] != '\n')
		sc->bare_cr = true;
	while (i < n) {
#ifdef __SSE2__
		// 16 bytes at once: no high bit, no CR, no NUL.
		if (sc->need == 0 && i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
			__m128i odd = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
			                           _mm_cmpeq_epi8(v, _mm_setzero_si128()));

			if (_mm_movemask_epi8(_mm_or_si128(v, odd)) == 0) {
				i += 16;
				continue;
			}
		}
#endif
		if (sc->need == 0 && i + 8 <= n) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if ((w & HIGHS) == 0 && !has_byte(w, '\r') && !has_byte(w, 0)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = p[i++];
		int before = sc->need;
		sc->high |= c >= 0x80;
		if (utf8_step(c, &sc->need, &sc->lo, &sc->hi)) {
			sc->multi |= before == 1 && sc->need == 0;
		} else {
			// A byte that breaks a sequence may begin the next one.
			sc->invalid = true;
			sc->need = 0;
			if (before > 0 && !utf8_step(c, &sc->need, &sc->lo, &sc->hi))
				sc->need = 0;
		}
		if (c == 0)
			sc->nul = true;
		else if (c == '\r' && i < n && p[i] != '\n')
			sc->bare_cr = true;
	}
	sc->cr_at_end = n > 0 && p[n - 1] == '\r';
}

// The look-ahead: a second thread hashes the file and scans it (UTF-8? bare CRs? NULs?) while
// the parser follows.  The parser may read bytes the look-ahead has found plain (ASCII, no NUL,
// every CR followed by LF: they read the same whatever the verdict) without waiting; at the first
// byte that is not plain it waits for the verdict on the whole file.  It reads with pread into
// its own buffer, so the pages it reads do not stay in the program's memory.
typedef struct ahead {
	int fd;				// read with pread, unless mem holds the bytes
	const unsigned char *mem;
	size_t len;			// of mem; of a file, how far it may be read (its limit)
	size_t total;			// bytes hashed and scanned
	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t plain;			// bytes [0, plain) are plain
	bool done;			// the verdict is in found
	scan_t found;
	int error;			// errno of a failed read
	char sha256[65];
} ahead_t;

#define AHEAD_PIECE (256 * 1024)

// 'ahead_publish()' - Tell the parser how far the bytes are plain, or the verdict.
static void
ahead_publish(ahead_t *a, size_t plain, const scan_t *verdict)
{
	pthread_mutex_lock(&a->mu);
	a->plain = plain;
	if (verdict) {
		a->found = *verdict;
		a->done = true;
	}
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

// 'ahead_run()' - Hash and scan every byte, publishing as it goes.
static void *
ahead_run(void *arg)
{
	ahead_t *a = arg;
	unsigned char *buf = a->mem ? NULL : xmalloc(AHEAD_PIECE);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	scan_t sc = { .lo = 0x80, .hi = 0xBF };
	size_t off = 0;

	// libcrypto's allocations fail only for want of memory (they crashed this thread under ulimit -v).
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		roit_out_of_memory();
	for (;;) {
		const unsigned char *piece = buf;
		ssize_t n;

		size_t want = a->len - off < AHEAD_PIECE ? a->len - off : AHEAD_PIECE;

		if (a->mem) {
			n = (ssize_t)want;
			piece = a->mem + off;
		} else if (want == 0) {
			n = 0;
		} else if ((n = pread(a->fd, buf, want, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			a->error = errno;
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, piece, (size_t)n);
		if (off == 0 && n >= 2)
			sc.utf16 = (piece[0] == 0xFF && piece[1] == 0xFE) || (piece[0] == 0xFE && piece[1] == 0xFF);
		scan_bytes(piece, (size_t)n, &sc);
		off += (size_t)n;
		// A CR at the end may yet turn out bare: it is plain once the next piece is seen.
		if (!sc.high && !sc.nul && !sc.bare_cr)
			ahead_publish(a, off - (piece[n - 1] == '\r'), NULL);
	}
	a->total = off;
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(a->sha256 + 2 * i, 3, "%02x", md[i]);
	sc.bare_cr |= sc.cr_at_end;
	sc.invalid |= sc.need > 0;	// a sequence cut off by the end of the file
	ahead_publish(a, a->plain, &sc);
	free(buf);
	return NULL;
}

// 'ahead_start()' - Start the look-ahead over src's bytes: in a thread, or here and now if none can start.
static void
ahead_start(ahead_t *a, const source_t *src)
{
	*a = (ahead_t){ .fd = src->fd, .mem = src->fd < 0 ? src->mem : NULL, .len = src->fd < 0 ? src->len : src->limit };
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pthread_create(&a->thread, NULL, ahead_run, a) == 0)
		a->threaded = true;
	else
		ahead_run(a);
}

// 'ahead_wait()' - Wait until byte offset is plain or the verdict is in; true when it is in.
//                  *plain gets how far the bytes are plain.
static bool
ahead_wait(ahead_t *a, size_t offset, size_t *plain)
{
	bool done;

	pthread_mutex_lock(&a->mu);
	while (!a->done && a->plain <= offset)
		pthread_cond_wait(&a->cv, &a->mu);
	done = a->done;
	*plain = a->plain;
	pthread_mutex_unlock(&a->mu);
	return done;
}

// 'ahead_finish()' - Wait for the thread; the digest and encoding into info.
//                    O - ROIT_OK, or ROIT_EX_NOINPUT when the file could not be read
static int
ahead_finish(ahead_t *a, const char *display, csvin_info_t *info)
{
	if (a->threaded)
		pthread_join(a->thread, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	memcpy(info->sha256, a->sha256, sizeof info->sha256);
	info->cp1252 = is_cp1252(&a->found);
	if (a->error) {
		roit_error("%s: cannot be read: %s", display, strerror(a->error));
		return ROIT_EX_NOINPUT;
	}
	return ROIT_OK;
}

// 'take_verdict()' - The look-ahead has seen every byte: read the rest as it says.
static void
take_verdict(reader_t *r, const ahead_t *a, unsigned char prev)
{
	r->verdict = true;
	r->cp1252 = is_cp1252(&a->found);
	r->check_utf8 = !r->cp1252 && a->found.invalid;
	r->bare_cr = a->found.bare_cr;
	r->nul = a->found.nul;
	r->last_cr = prev == '\r';	// fast mode did not keep it
	if (a->found.utf16 && r->status == ROIT_OK) {
		roit_error("%s: the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" or "
		           "\"CSV (Comma delimited)\" and run again", r->display);
		r->status = ROIT_EX_DATAERR;
	}
}

// 'feed_ahead()' - Feed s[0..n), found at file offset off, as the look-ahead allows.
static int
feed_ahead(reader_t *r, struct csv_parser *p, ahead_t *a, const unsigned char *s, size_t n, size_t off)
{
	size_t fed = 0;

	while (fed < n && r->status == ROIT_OK) {
		size_t upto = n, plain;

		if (!r->verdict) {
			if (ahead_wait(a, off + fed, &plain))
				take_verdict(r, a, r->prev);
			else if (plain - off < n)
				upto = plain - off;	// plain bytes only, until the verdict
		}
		if (feed(r, p, s + fed, upto - fed) != ROIT_OK)
			break;
		r->prev = s[upto - 1];
		fed = upto;
	}
	return r->status;
}

// 'quote_open()' - Whether the parser is inside a quoted field that has not met its closing
//                  quote.  libcsv 3.0.3 honours CSV_STRICT_FINI only together with CSV_STRICT
//                  (which would also refuse the stray quotes real exports have), so this reads
//                  the parser's state: pstate 2 is libcsv.c's FIELD_BEGUN.  The only place that
//                  does; the #error above stops a build against another release.
static bool
quote_open(const struct csv_parser *p)
{
	enum { LIBCSV_FIELD_BEGUN = 2 };

	return p->quoted && p->pstate == LIBCSV_FIELD_BEGUN;
}

// 'parse_source()' - Every piece through the parser, then the end of the file.
static int
parse_source(reader_t *r, source_t *src, struct csv_parser *p, ahead_t *a)
{
	const unsigned char *piece;
	size_t off = 0, bom = 0;	// bytes of a UTF-8 byte order mark matched so far
	ssize_t n;

	while (r->status == ROIT_OK && (n = source_next(src, &piece)) != 0) {
		size_t skip = 0;

		if (n < 0) {
			roit_error("%s: cannot be read: %s", r->display, strerror(errno));
			return ROIT_EX_NOINPUT;
		}
		// A byte order mark is not part of the first header name (it may arrive in pieces).
		while (bom < 3 && skip < (size_t)n && piece[skip] == (unsigned char)"\xEF\xBB\xBF"[bom])
			bom++, skip++;
		if (bom < 3 && skip < (size_t)n) {
			if (bom > 0 && feed_ahead(r, p, a, (const unsigned char *)"\xEF\xBB\xBF", bom, 0) != ROIT_OK)
				break;
			bom = 3;
		}
		if (feed_ahead(r, p, a, piece + skip, (size_t)n - skip, off + skip) != ROIT_OK)
			break;
		off += (size_t)n;
	}
	if (r->status != ROIT_OK)
		return r->status;
	if (quote_open(p) || csv_fini(p, field_cb, row_cb, r) != 0) {
		roit_error("%s:%ld: a quoted field is still open at the end of the file", r->display, r->row_line);
		return ROIT_EX_DATAERR;
	}
	return r->status;
}

// 'read_source()' - Parse a source while the look-ahead hashes and scans it; rows to h.
static int
read_source(source_t *src, const char *display, const csvin_column_t *cols, int ncols,
            const csvin_handler_t *h, csvin_info_t *info)
{
	struct csv_parser p;
	reader_t *r;
	ahead_t a;
	int status;

	if (ncols > 64)
		return ROIT_EX_SOFTWARE;
	memset(info, 0, sizeof *info);
	// The look-ahead reads a file with pread(2), the parser with read(2): both at once.
	ahead_start(&a, src);
	r = xcalloc(1, sizeof *r);
	*r = (reader_t){ .display = display, .cols = cols, .ncols = ncols, .h = h,
	                 .line = 1, .row_line = 1, .awaiting_row = true, .filter_field = -1, .status = ROIT_OK,
	                 .info = info };
	buf_init(&r->arena);
	csv_init(&p, CSV_APPEND_NULL);
	csv_set_realloc_func(&p, capped_realloc);
	status = parse_source(r, src, &p, &a);
	if (status == ROIT_OK && !r->have_header) {
		if (r->first_missing)
			roit_error("%s: no header line with the required columns in the first %d lines "
			           "(line %ld lacks: %s)", display, CSVIN_HEADER_LINES, r->first_line, r->first_missing);
		else
			roit_error("%s: no header line: the file is empty", display);
		status = ROIT_EX_DATAERR;
	}
	csv_free(&p);
	buf_free(&r->arena);
	free(r->first_missing);
	free(r);
	int read = ahead_finish(&a, display, info);
	src->hashed = a.total;
	return read != ROIT_OK ? read : status;
}

// 'kind_of()' - What a file that is not a regular file is, in words.
static const char *
kind_of(mode_t mode)
{
	return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" :
	       S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : "not a file";
}

int
csvin_open(const char *path, const char *display, struct stat *st)
{
	struct stat look;
	int fd;

	// Looked at before it is opened: opening a FIFO or a device may wait, or do something.
	if (stat(path, &look) != 0) {
		roit_error("%s: cannot be read: %s", display, strerror(errno));
		return -1;
	}
	if (!S_ISREG(look.st_mode)) {
		roit_error("%s: cannot be read: it is %s, not a regular file", display, kind_of(look.st_mode));
		return -1;
	}
	// O_NONBLOCK: should it have become a FIFO since, the open does not wait for a writer.
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
		roit_error("%s: cannot be read: %s", display, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0) {
		roit_error("%s: cannot be read: %s", display, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode) || st->st_dev != look.st_dev || st->st_ino != look.st_ino) {
		roit_error("%s: cannot be read: it is %s, not a regular file", display,
		           S_ISREG(st->st_mode) ? "being replaced" : kind_of(st->st_mode));
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

// 'changed()' - Whether a file read from fd (st when opened; read bytes by the parser, up to its
//               end when whole, and hashed by the look-ahead) is no longer the file it was.
//               O - true with the message given
static bool
changed(int fd, const char *path, const char *display, const struct stat *st, size_t read, bool whole,
        size_t hashed)
{
	struct stat now, named;
	size_t size = (size_t)st->st_size;
	bool same = fstat(fd, &now) == 0 && now.st_size == st->st_size &&
	            now.st_mtim.tv_sec == st->st_mtim.tv_sec && now.st_mtim.tv_nsec == st->st_mtim.tv_nsec &&
	            stat(path, &named) == 0 && named.st_dev == st->st_dev && named.st_ino == st->st_ino &&
	            hashed == size && (!whole || read == size);

	if (!same)
		roit_error("%s: changed while being read; run again", display);
	return !same;
}

// 'open_file_source()' - A file as a source.  O - ROIT_OK, or an exit status with the message given
static int
open_file_source(const char *path, const char *display, source_t *src, struct stat *st)
{
	int fd = csvin_open(path, display, st);

	if (fd < 0)
		return ROIT_EX_NOINPUT;
	*src = (source_t){ .fd = fd, .chunk = BLOCK, .limit = (size_t)st->st_size + 1 };
	src->block = xmalloc(BLOCK);
	return ROIT_OK;
}

int
csvin_slurp(const char *path, const char *display, size_t max, char **bytes, size_t *len, char sha256[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	struct stat st;
	size_t got = 0, size;
	char *b;
	int fd = csvin_open(path, display, &st);

	*bytes = NULL;
	*len = 0;
	if (fd < 0)
		return ROIT_EX_NOINPUT;
	if ((uintmax_t)st.st_size > max) {
		roit_error("%s: is larger than %zu bytes", display, max);
		close(fd);
		return ROIT_EX_DATAERR;
	}
	// One byte more than its size: a file that grew is seen to have grown.
	size = (size_t)st.st_size;
	b = xmalloc(size + 2);
	for (;;) {
		ssize_t n = read(fd, b + got, size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			roit_error("%s: cannot be read: %s", display, strerror(errno));
			free(b);
			close(fd);
			return ROIT_EX_NOINPUT;
		}
		got += (size_t)n;
		if (n == 0 || got == size + 1)
			break;
	}
	if (changed(fd, path, display, &st, got, true, got)) {
		free(b);
		close(fd);
		return ROIT_EX_TEMPFAIL;
	}
	close(fd);
	b[got] = '\0';
	if (sha256) {
		if (EVP_Digest(b, got, md, &mdlen, EVP_sha256(), NULL) != 1)
			roit_out_of_memory();
		for (unsigned i = 0; i < mdlen && i < 32; i++)
			snprintf(sha256 + 2 * i, 3, "%02x", md[i]);
	}
	*bytes = b;
	*len = got;
	return ROIT_OK;
}

int
csvin_read(const char *path, const char *display, const csvin_column_t *cols, int ncols,
           const csvin_handler_t *h, csvin_info_t *info)
{
	struct stat st;
	source_t src;
	int status;

	if ((status = open_file_source(path, display, &src, &st)) != ROIT_OK)
		return status;
	status = read_source(&src, display, cols, ncols, h, info);
	// A file that changed explains whatever else went wrong with it.
	if (status != ROIT_EX_NOINPUT &&
	    changed(src.fd, path, display, &st, src.pos, src.eof, src.hashed))
		status = ROIT_EX_TEMPFAIL;
	free(src.block);
	close(src.fd);
	return status;
}

int
csvin_read_memory(const void *data, size_t len, size_t chunk, const char *display,
                  const csvin_column_t *cols, int ncols, const csvin_handler_t *h, csvin_info_t *info)
{
	source_t src = { .fd = -1, .mem = data, .len = len, .chunk = chunk ? chunk : BLOCK };

	return read_source(&src, display, cols, ncols, h, info);
}
