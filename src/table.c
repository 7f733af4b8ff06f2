// Open-addressing hash tables: packed-key sums and interned strings.
#include <stdlib.h>
#include <string.h>

#include "roit.h"
#include "table.h"

// 'mix()' - Spread a 64-bit key over the table (a finaliser from the splitmix family).
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

void
sums_init(sums_t *t)
{
	memset(t, 0, sizeof *t);
}

void
sums_free(sums_t *t)
{
	free(t->keys);
	free(t->values);
	sums_init(t);
}

// 'same()' - Whether two stored keys are one.
static inline bool
same(cell_key_t a, cell_key_t b)
{
	return a.lo == b.lo && a.hi == b.hi;
}

// 'find()' - The slot of a stored key (lo + 1), or the free slot where it would go.
static size_t
find(const sums_t *t, cell_key_t stored)
{
	size_t i = (size_t)mix(stored.lo ^ mix(stored.hi)) & (t->cap - 1);

	while (t->keys[i].lo != 0 && !same(t->keys[i], stored))
		i = (i + 1) & (t->cap - 1);
	return i;
}

// 'stored()' - A key as the table holds it.
static inline cell_key_t
stored(cell_key_t key)
{
	return (cell_key_t){ key.hi, key.lo + 1 };
}

// 'grow()' - Double the table, keeping it at most half full.
static void
grow(sums_t *t)
{
	sums_t old = *t;

	t->cap = old.cap ? old.cap * 2 : 256;
	t->keys = xcalloc(t->cap, sizeof *t->keys);
	t->values = xcalloc(t->cap, sizeof *t->values);
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i].lo != 0) {
			size_t j = find(t, old.keys[i]);

			t->keys[j] = old.keys[i];
			t->values[j] = old.values[i];
		}
	free(old.keys);
	free(old.values);
}

int64_t *
sums_slot(sums_t *t, cell_key_t key)
{
	if (2 * (t->count + 1) > t->cap)
		grow(t);
	size_t i = find(t, stored(key));
	if (t->keys[i].lo == 0) {
		t->keys[i] = stored(key);
		t->values[i] = 0;
		t->count++;
	}
	return &t->values[i];
}

int64_t
sums_get(const sums_t *t, cell_key_t key)
{
	if (t->cap == 0)
		return 0;
	size_t i = find(t, stored(key));
	return t->keys[i].lo ? t->values[i] : 0;
}

void
strtab_init(strtab_t *t)
{
	memset(t, 0, sizeof *t);
}

void
strtab_free(strtab_t *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->strings[i]);
	free(t->strings);
	free(t->slots);
	strtab_init(t);
}

// 'hash_str()' - FNV-1a.
static uint64_t
hash_str(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

// 'str_slot()' - The slot holding s, or the free slot where it would go.
static size_t
str_slot(const strtab_t *t, const char *s)
{
	size_t i = (size_t)hash_str(s) & (t->nslots - 1);

	while (t->slots[i] != 0 && strcmp(t->strings[t->slots[i] - 1], s) != 0)
		i = (i + 1) & (t->nslots - 1);
	return i;
}

// 'str_grow()' - Double the slots, keeping them at most half full.
static void
str_grow(strtab_t *t)
{
	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 64;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	for (size_t id = 0; id < t->count; id++)
		t->slots[str_slot(t, t->strings[id])] = (uint32_t)id + 1;
}

int
strtab_find(const strtab_t *t, const char *s)
{
	if (t->nslots == 0)
		return -1;
	size_t i = str_slot(t, s);
	return t->slots[i] ? (int)t->slots[i] - 1 : -1;
}

int
strtab_intern(strtab_t *t, const char *s)
{
	int id = strtab_find(t, s);

	if (id >= 0)
		return id;
	if (2 * (t->count + 1) > t->nslots)
		str_grow(t);
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->strings = xrealloc(t->strings, t->cap * sizeof *t->strings);
	}
	t->strings[t->count] = xstrdup(s);
	t->slots[str_slot(t, s)] = (uint32_t)t->count + 1;
	return (int)t->count++;
}

const int64_t *
sums_find(const sums_t *t, cell_key_t key)
{
	if (t->cap == 0)
		return NULL;
	size_t i = find(t, stored(key));
	return t->keys[i].lo ? &t->values[i] : NULL;
}
