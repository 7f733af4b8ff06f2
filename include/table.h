// Two small hash tables the dataset is built on: sums keyed by a two-word key (room for any unit,
// category or measure id an int can hold, and any month), and interned strings (a string's id is
// its index, stable for the table's life).
#ifndef TABLE_H
#define TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cell_key {
	uint64_t hi, lo;	// lo stays below 2^63 (it is stored + 1)
} cell_key_t;

typedef struct sums {
	cell_key_t *keys;	// lo == 0 marks a free slot, so keys' lo are stored + 1
	int64_t *values;
	size_t count, cap;
} sums_t;

void sums_init(sums_t *t);
void sums_free(sums_t *t);
// 'sums_slot()' - The value of key, created as 0 when missing.
int64_t *sums_slot(sums_t *t, cell_key_t key);
// 'sums_get()' - The value of key, 0 when missing.
int64_t sums_get(const sums_t *t, cell_key_t key);
// 'sums_find()' - The value of key, or NULL when it was never added.
const int64_t *sums_find(const sums_t *t, cell_key_t key);

typedef struct strtab {
	char **strings;		// by id; owned
	size_t count, cap;
	uint32_t *slots;	// id + 1, 0 when free
	size_t nslots;
} strtab_t;

void strtab_init(strtab_t *t);
void strtab_free(strtab_t *t);
// 'strtab_intern()' - The id of s, added when new.
int strtab_intern(strtab_t *t, const char *s);
// 'strtab_find()' - The id of s, or -1.
int strtab_find(const strtab_t *t, const char *s);

#endif
