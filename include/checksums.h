// SHA256SUMS as a table: each file's path (relative to the output folder) and its SHA-256, found
// by path in constant time, written back in `sha256sum -c` form sorted by path, so the file is
// the same whatever order a run wrote in.
#ifndef CHECKSUMS_H
#define CHECKSUMS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef struct checksum {
	char *path;		// owned; NULL once removed
	char hex[65];		// lower-case SHA-256
} checksum_t;

typedef struct checksums {
	checksum_t *v;		// in the order added, removed ones included
	size_t n, cap;
	size_t *slot;		// open addressing: 1 + index into v, 0 for an empty slot
	size_t nslot;
	size_t live;		// entries not removed
	checksum_t **sorted;	// by path, made by checksums_sort() (NULL until then)
} checksums_t;

void checksums_init(checksums_t *c);
void checksums_free(checksums_t *c);

// 'checksums_parse()' - One line of SHA256SUMS: "<64 hex>  <path>" (or " *" for binary mode),
//                       the newline dropped.  O - true with hex (lower-cased) and *path, which
//                       points into line, or false when it is not such a line.
bool checksums_parse(char *line, char hex[65], char **path);

// 'checksums_get()' - The SHA-256 of path, or NULL when it is not listed.
const char *checksums_get(const checksums_t *c, const char *path);

// 'checksums_set()' - List path with hex, replacing what it had.
void checksums_set(checksums_t *c, const char *path, const char *hex);

// 'checksums_remove()' - Take path off the list (nothing when it is not there).
void checksums_remove(checksums_t *c, const char *path);

// 'checksums_text()' - The list as SHA256SUMS holds it, sorted by path byte by byte, into out.
void checksums_text(const checksums_t *c, buf_t *out);

// 'checksums_sort()' - Make c->sorted for checksums_prefix(); the list must not change after.
void checksums_sort(checksums_t *c);

// 'checksums_prefix()' - The entries whose path starts with prefix, in path order: *first and
//                        the count (checksums_sort() first).
size_t checksums_prefix(const checksums_t *c, const char *prefix, checksum_t *const **first);

#endif
