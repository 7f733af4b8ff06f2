// Reading one CSV export in the contract's dialect: encoding, line endings, title block,
// header aliases, ragged rows, blank rows and Total footers.  Rows are streamed to a callback
// with their fields in the caller's column order, decoded to UTF-8; nothing is kept after a row.
#ifndef CSVIN_H
#define CSVIN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

// Longest field accepted (bytes); a longer one is a file-level error, so memory stays bounded.
#define CSVIN_FIELD_MAX (1024 * 1024)
// Fields of a header line that are looked at; more are ignored (and in data rows must be empty).
#define CSVIN_COLUMNS_MAX 1024
// Lines searched for the header.
#define CSVIN_HEADER_LINES 100

// A column the caller wants, by its canonical name ("cost_centre"), with an optional alias
// header text from report.ini ("Expense Type").
typedef struct csvin_column {
	const char *name;
	bool required;
	const char *alias;	// NULL: none
	bool unread;		// known, but its value is not needed: never matched nor kept
} csvin_column_t;

// One data row.  field[i] is the value of column i ("" when the file lacks it or the row is short).
typedef struct csvin_row {
	long line;		// physical line the row starts on (first line of the file is 1)
	int ncols;
	const char *const *field;
	bool *present;		// present[i]: the file has column i
	const char *extra;	// NULL, or why the row has too many fields: the caller rejects it
	const char *extra_value;	// then: the first extra field with text (may be "" past 1,024 columns)
	const char *unusable;	// NULL, or why the reader cannot vouch for its text ("not valid
				// UTF-8", in a UTF-8 file): the caller rejects it
} csvin_row_t;

// What the reader says about a row it did not pass on.
typedef enum csvin_skip {
	CSVIN_FOOTER		// "Total" / "Grand Total" row
} csvin_skip_t;

typedef struct csvin_handler {
	void (*row)(void *ctx, const csvin_row_t *row);
	void (*skipped)(void *ctx, long line, csvin_skip_t why, const char *detail);
	void *ctx;
	// An optional filter read before anything else of a row: when the value of column
	// filter_col (decoded, not trimmed) fails keep(), the row is dropped as soon as that field
	// is read, its other fields are not kept, and dropped() is told instead of row() or skipped().
	// For a whole-organisation ledger of which most rows belong to other cost centres.
	int filter_col;		// -1: none
	bool (*keep)(void *ctx, const char *value, size_t n);
	void (*dropped)(void *ctx, long line);
} csvin_handler_t;

// What one read of a file found.
typedef struct csvin_info {
	char sha256[65];	// of the file's bytes, lower-case hex
	bool cp1252;		// read as Windows-1252 (bytes above 0x7F, no multi-byte UTF-8)
	long header_line;
	long rows;		// data rows passed to the handler
} csvin_info_t;

// 'csvin_open()' - Open an input for reading, the one way every input is opened: a regular file
//                  (or a symlink to one) only; a FIFO, device, socket or folder is refused at once,
//                  without waiting for a writer.  O - a descriptor with *st its state, or -1 with
//                  the message given ("...: cannot be read: it is a FIFO, not a regular file").
int csvin_open(const char *path, const char *display, struct stat *st);

// 'csvin_read()' - Read path (shown as display in messages) and stream its rows to h.
//                  O - ROIT_OK, or ROIT_EX_NOINPUT / ROIT_EX_DATAERR with the message printed,
//                      or ROIT_EX_TEMPFAIL when the file changed while it was read (its rows
//                      may have reached h: the caller throws away what it made of them).
int csvin_read(const char *path, const char *display, const csvin_column_t *cols, int ncols,
               const csvin_handler_t *h, csvin_info_t *info);

// 'csvin_read_memory()' - The same over bytes in memory, handed to the parser chunk bytes at a time
//                         (small chunks test every buffer edge; the fuzzer uses this).
int csvin_read_memory(const void *data, size_t len, size_t chunk, const char *display,
                      const csvin_column_t *cols, int ncols, const csvin_handler_t *h, csvin_info_t *info);

// 'csvin_slurp()' - The whole of a small input (report.ini, a font) opened as csvin_open() does,
//                   read at once and checked not to have changed meanwhile, NUL-terminated, with
//                   its SHA-256 (lower-case hex) when sha256 is not NULL.  *bytes is the caller's.
//                   O - ROIT_OK; ROIT_EX_NOINPUT (cannot be read, not a regular file),
//                       ROIT_EX_DATAERR (larger than max), ROIT_EX_TEMPFAIL (changed): message given
int csvin_slurp(const char *path, const char *display, size_t max, char **bytes, size_t *len, char sha256[65]);

// 'csvin_header_key()' - The matching form of a header name: trimmed, lower case, ' ' and '-' as '_'.
void csvin_header_key(const char *name, char *buf, size_t size);

// 'csvin_cp1252_to_utf8()' - Decode Windows-1252 bytes into buf (NUL-terminated); returns the length.
//                            buf must hold 3 * n + 1 bytes.
size_t csvin_cp1252_to_utf8(const char *s, size_t n, char *buf);

#endif
