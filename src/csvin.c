// CSV export → rows of UTF-8 fields in the caller's column order (libcsv does the tokenising).
//
// A file is read twice: once to hash it and decide its encoding (valid UTF-8, else
// Windows-1252), once to parse it.  The parse feeds libcsv one physical line at a time, so
// the line a row starts on is known exactly, whatever mix of LF, CRLF and CR the file has.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <openssl/evp.h>

#include "buf.h"
#include "csvin.h"
#include "roit.h"

#define BLOCK (64 * 1024)

// Unicode code points of Windows-1252 bytes 0x80..0x9F (0xFFFD where the code page has none).
static const unsigned short cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0xFFFD
};

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
	size_t len[CSVIN_COLUMNS_MAX];
	int nfields;			// fields seen, including those past CSVIN_COLUMNS_MAX
	bool overflow_nonempty;		// a field past CSVIN_COLUMNS_MAX has text

	// Physical position.
	long line;			// line being fed
	long row_line;			// line the current row started on
	bool awaiting_row;		// the next content byte starts a row
	bool row_ended;
	bool last_cr;

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

		if (c >= 0x80 && c < 0xA0)
			c = cp1252_high[c - 0x80];
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

// 'field_cb()' - libcsv: one field ended; keep it (decoded) for the row.
static void
field_cb(void *data, size_t n, void *ctx)
{
	reader_t *r = ctx;
	int i = r->nfields++;

	if (i >= CSVIN_COLUMNS_MAX) {
		if (!is_blank(data, n))
			r->overflow_nonempty = true;
		return;
	}
	r->off[i] = r->arena.len;
	if (r->cp1252) {
		char tmp[3 * 256 + 1];
		const char *s = data;

		// Decode in slices so the stack buffer stays small.
		for (size_t done = 0; done < n; done += 256) {
			size_t k = n - done < 256 ? n - done : 256;
			buf_add(&r->arena, tmp, csvin_cp1252_to_utf8(s + done, k, tmp));
		}
	} else {
		size_t start = r->arena.len;

		buf_add(&r->arena, data, n);
		for (size_t k = start; k < r->arena.len; k++)
			if (r->arena.data[k] == '\0')
				r->arena.data[k] = '?';
	}
	r->len[i] = r->arena.len - r->off[i];
	buf_putc(&r->arena, '\0');
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
		for (int pass = 0; pass < 2 && r->map[c] < 0; pass++) {
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

		if (is_blank(field_text(r, i), r->len[i]))
			continue;
		if (r->len[i] >= sizeof key)
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
		if (!is_blank(field_text(r, i), r->len[i]))
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
	if (extra_fields(r)) {
		char detail[64];

		snprintf(detail, sizeof detail, "%d fields, the header has %d", r->nfields, r->header_fields);
		if (r->h->skipped)
			r->h->skipped(r->h->ctx, r->row_line, CSVIN_EXTRA_FIELDS, detail);
		return;
	}
	for (int c = 0; c < r->ncols; c++) {
		r->present[c] = r->map[c] >= 0;
		r->field_ptr[c] = field_text(r, r->map[c]);
	}
	csvin_row_t row = { r->row_line, r->ncols, r->field_ptr, r->present };
	r->info->rows++;
	r->h->row(r->h->ctx, &row);
}

// 'row_cb()' - libcsv: a row ended.
static void
row_cb(int term, void *ctx)
{
	reader_t *r = ctx;
	bool blank = !r->overflow_nonempty;

	(void)term;
	r->row_ended = true;
	for (int i = 0; blank && i < r->nfields && i < CSVIN_COLUMNS_MAX; i++)
		blank = is_blank(field_text(r, i), r->len[i]);
	if (!blank && r->status == ROIT_OK) {
		if (r->have_header)
			data_row(r);
		else if (r->row_line <= CSVIN_HEADER_LINES)
			header_row(r);
	}
	r->nfields = 0;
	r->overflow_nonempty = false;
	buf_reset(&r->arena);
}

// 'capped_realloc()' - libcsv's buffer grows through this: refuse past CSVIN_FIELD_MAX.
static void *
capped_realloc(void *p, size_t size)
{
	if (size > CSVIN_FIELD_MAX + BLOCK)
		return NULL;
	return realloc(p, size);
}

// 'feed()' - Pass a block to libcsv line by line, counting physical lines.
static int
feed(reader_t *r, struct csv_parser *p, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && r->status == ROIT_OK) {
		size_t j = i;

		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		if (j > i && r->awaiting_row) {
			r->row_line = r->line;
			r->awaiting_row = false;
		}
		size_t end = j < n ? j + 1 : n;
		r->row_ended = false;
		if (csv_parse(p, s + i, end - i, field_cb, row_cb, r) != end - i) {
			roit_error("%s:%ld: a field is longer than %d bytes", r->display, r->line, CSVIN_FIELD_MAX);
			return ROIT_EX_DATAERR;
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

// Where the bytes come from: an open file, or memory handed over in chunks (for the fuzzer).
typedef struct source {
	int fd;				// -1 for memory
	const unsigned char *mem;
	size_t len, pos, chunk;
} source_t;

// 'source_read()' - The next block: > 0 bytes, 0 at the end, -1 on an error (errno set).
static ssize_t
source_read(source_t *src, unsigned char *buf, size_t cap)
{
	if (src->fd >= 0) {
		ssize_t n;

		while ((n = read(src->fd, buf, cap)) < 0 && errno == EINTR)
			;
		return n;
	}
	size_t n = src->len - src->pos;
	if (n > cap)
		n = cap;
	if (n > src->chunk)
		n = src->chunk;
	memcpy(buf, src->mem + src->pos, n);
	src->pos += n;
	return (ssize_t)n;
}

// 'source_rewind()' - Back to the first byte for the second pass.
static bool
source_rewind(source_t *src)
{
	src->pos = 0;
	return src->fd < 0 || lseek(src->fd, 0, SEEK_SET) == 0;
}

// 'utf8_step()' - Advance the UTF-8 validator over one byte; false on an invalid sequence.
//                 need: continuation bytes still expected; lo/hi: range of the next one.
static bool
utf8_step(unsigned c, int *need, unsigned *lo, unsigned *hi)
{
	if (*need > 0) {
		if (c < *lo || c > *hi)
			return false;
		(*need)--;
		*lo = 0x80, *hi = 0xBF;
		return true;
	}
	if (c < 0x80)
		return true;
	*lo = 0x80, *hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		*need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		*need = 2;
		if (c == 0xE0)
			*lo = 0xA0;	// no overlong forms
		if (c == 0xED)
			*hi = 0x9F;	// no surrogates
	} else if (c >= 0xF0 && c <= 0xF4) {
		*need = 3;
		if (c == 0xF0)
			*lo = 0x90;
		if (c == 0xF4)
			*hi = 0x8F;	// nothing past U+10FFFF
	} else
		return false;
	return true;
}

// 'hash_source()' - The first pass: SHA-256 and whether the bytes are valid UTF-8.
static int
hash_source(source_t *src, const char *display, csvin_info_t *info)
{
	static unsigned char block[BLOCK];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, lo = 0x80, hi = 0xBF;
	int need = 0, status = ROIT_OK;
	bool valid = true;
	ssize_t n;

	memset(info, 0, sizeof *info);
	EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md_ctx, EVP_sha256(), NULL);
	while ((n = source_read(src, block, sizeof block)) != 0) {
		if (n < 0) {
			roit_error("%s: cannot be read: %s", display, strerror(errno));
			status = ROIT_EX_NOINPUT;
			break;
		}
		EVP_DigestUpdate(md_ctx, block, (size_t)n);
		for (ssize_t i = 0; valid && i < n; i++)
			valid = utf8_step(block[i], &need, &lo, &hi);
	}
	EVP_DigestFinal_ex(md_ctx, md, &mdlen);
	EVP_MD_CTX_free(md_ctx);
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(info->sha256 + 2 * i, 3, "%02x", md[i]);
	info->cp1252 = !valid || need > 0;
	return status;
}

// 'parse_source()' - The second pass: every block through feed(), then the end of the file.
static int
parse_source(reader_t *r, source_t *src, struct csv_parser *p)
{
	static unsigned char block[BLOCK];
	size_t bom = 0;		// bytes of a UTF-8 byte order mark matched so far
	ssize_t n;

	while (r->status == ROIT_OK && (n = source_read(src, block, sizeof block)) != 0) {
		size_t skip = 0;

		if (n < 0) {
			roit_error("%s: cannot be read: %s", r->display, strerror(errno));
			return ROIT_EX_NOINPUT;
		}
		// A byte order mark is not part of the first header name (it may arrive in pieces).
		while (bom < 3 && skip < (size_t)n && block[skip] == (unsigned char)"\xEF\xBB\xBF"[bom])
			bom++, skip++;
		if (bom < 3 && skip < (size_t)n) {
			if (bom > 0 && feed(r, p, (const unsigned char *)"\xEF\xBB\xBF", bom) != ROIT_OK)
				break;
			bom = 3;
		}
		if (feed(r, p, block + skip, (size_t)n - skip) != ROIT_OK)
			break;
	}
	if (r->status != ROIT_OK)
		return r->status;
	if (csv_fini(p, field_cb, row_cb, r) != 0) {
		roit_error("%s:%ld: a quoted field is still open at the end of the file", r->display, r->row_line);
		return ROIT_EX_DATAERR;
	}
	return r->status;
}

// 'read_source()' - Both passes over a source, rows to h.
static int
read_source(source_t *src, const char *display, const csvin_column_t *cols, int ncols,
            const csvin_handler_t *h, csvin_info_t *info)
{
	struct csv_parser p;
	reader_t *r;
	int status;

	if (ncols > 64)
		return ROIT_EX_SOFTWARE;
	if ((status = hash_source(src, display, info)) != ROIT_OK)
		return status;
	if (!source_rewind(src)) {
		roit_error("%s: cannot be read twice: %s", display, strerror(errno));
		return ROIT_EX_NOINPUT;
	}
	r = xcalloc(1, sizeof *r);
	*r = (reader_t){ .display = display, .cols = cols, .ncols = ncols, .h = h,
	                 .cp1252 = info->cp1252, .line = 1, .row_line = 1, .awaiting_row = true,
	                 .status = ROIT_OK, .info = info };
	buf_init(&r->arena);
	csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_realloc_func(&p, capped_realloc);
	status = parse_source(r, src, &p);
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
	return status;
}

// 'open_source()' - A file as a source; ROIT_EX_NOINPUT with a message when it cannot be read.
static int
open_source(const char *path, const char *display, source_t *src)
{
	*src = (source_t){ .fd = open(path, O_RDONLY) };
	if (src->fd < 0) {
		roit_error("%s: cannot be read: %s", display, strerror(errno));
		return ROIT_EX_NOINPUT;
	}
	return ROIT_OK;
}

int
csvin_hash_file(const char *path, const char *display, csvin_info_t *info)
{
	source_t src;
	int status;

	if ((status = open_source(path, display, &src)) != ROIT_OK)
		return status;
	status = hash_source(&src, display, info);
	close(src.fd);
	return status;
}

int
csvin_read(const char *path, const char *display, const csvin_column_t *cols, int ncols,
           const csvin_handler_t *h, csvin_info_t *info)
{
	source_t src;
	int status;

	if ((status = open_source(path, display, &src)) != ROIT_OK)
		return status;
	status = read_source(&src, display, cols, ncols, h, info);
	close(src.fd);
	return status;
}

int
csvin_read_memory(const void *data, size_t len, size_t chunk, const char *display,
                  const csvin_column_t *cols, int ncols, const csvin_handler_t *h, csvin_info_t *info)
{
	source_t src = { -1, data, len, 0, chunk ? chunk : BLOCK };

	return read_source(&src, display, cols, ncols, h, info);
}
