// SHA256SUMS as a table (checksums.h): an array of entries with an open-addressing index by path.
// A run looks up every report it examines and sets every file it writes, so both are O(1); the
// text is sorted once, when it is written.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checksums.h"
#include "roit.h"

void
checksums_init(checksums_t *c)
{
	memset(c, 0, sizeof *c);
}

void
checksums_free(checksums_t *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	free(c->slot);
	free(c->sorted);
	checksums_init(c);
}

bool
checksums_parse(char *line, char hex[65], char **path)
{
	size_t n = strlen(line);

	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
		return false;
	for (int i = 0; i < 64; i++) {
		char ch = line[i];
		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return false;
		hex[i] = ch;
	}
	hex[64] = '\0';
	*path = line + 66;
	return true;
}

// 'hash()' - FNV-1a of a path.
static size_t
hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

// 'find_slot()' - The slot of path: where it is, or the empty slot where it would go.
static size_t
find_slot(const checksums_t *c, const char *path)
{
	size_t mask = c->nslot - 1, i = hash(path) & mask;

	// A removed entry keeps its slot (path NULL), so the probe goes on past it.
	while (c->slot[i] != 0) {
		const checksum_t *e = &c->v[c->slot[i] - 1];
		if (e->path != NULL && strcmp(e->path, path) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

// 'grow_index()' - Double the index (and rebuild it without the removed entries' slots).
static void
grow_index(checksums_t *c)
{
	free(c->slot);
	c->nslot = c->nslot ? 2 * c->nslot : 64;
	c->slot = xcalloc(c->nslot, sizeof *c->slot);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].path != NULL)
			c->slot[find_slot(c, c->v[i].path)] = i + 1;
}

const char *
checksums_get(const checksums_t *c, const char *path)
{
	size_t i;

	if (c->nslot == 0)
		return NULL;
	i = find_slot(c, path);
	return c->slot[i] != 0 ? c->v[c->slot[i] - 1].hex : NULL;
}

void
checksums_set(checksums_t *c, const char *path, const char *hex)
{
	size_t i;

	// Kept under half full, removed entries counted: a probe always ends.
	if (2 * (c->n + 1) > c->nslot)
		grow_index(c);
	i = find_slot(c, path);
	if (c->slot[i] != 0) {
		memcpy(c->v[c->slot[i] - 1].hex, hex, 65);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n].path = xstrdup(path);
	memcpy(c->v[c->n].hex, hex, 65);
	c->slot[i] = ++c->n;
	c->live++;
}

void
checksums_remove(checksums_t *c, const char *path)
{
	size_t i;

	if (c->nslot == 0)
		return;
	i = find_slot(c, path);
	if (c->slot[i] == 0)
		return;
	checksum_t *e = &c->v[c->slot[i] - 1];
	free(e->path);
	e->path = NULL;
	c->live--;
}

// 'by_path()' - Entries by path, byte by byte.
static int
by_path(const void *a, const void *b)
{
	const checksum_t *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

// 'sorted()' - The live entries in path order, in a new array of c->live.
static checksum_t **
sorted(const checksums_t *c)
{
	checksum_t **s = xcalloc(c->live + 1, sizeof *s);
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].path != NULL)
			s[k++] = &c->v[i];
	qsort(s, k, sizeof *s, by_path);
	return s;
}

void
checksums_text(const checksums_t *c, buf_t *out)
{
	checksum_t **s = sorted(c);

	for (size_t i = 0; i < c->live; i++)
		buf_printf(out, "%s  %s\n", s[i]->hex, s[i]->path);
	free(s);
}

void
checksums_sort(checksums_t *c)
{
	free(c->sorted);
	c->sorted = sorted(c);
}

size_t
checksums_prefix(const checksums_t *c, const char *prefix, checksum_t *const **first)
{
	size_t lo = 0, hi = c->live, len = strlen(prefix), n = 0;

	*first = NULL;
	if (c->sorted == NULL)
		return 0;

	// The first entry not before prefix, then every one that starts with it.
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->sorted[mid]->path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < c->live && strncmp(c->sorted[lo + n]->path, prefix, len) == 0)
		n++;
	*first = c->sorted + lo;
	return n;
}
