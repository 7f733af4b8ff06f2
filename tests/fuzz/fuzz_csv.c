// libFuzzer target: hostile bytes through the CSV reader (in chunks of 1 to 64 bytes, so every
// buffer edge is crossed) and every field through every value parser.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csvin.h"
#include "values.h"

static void
row(void *ctx, const csvin_row_t *r)
{
	int64_t v;
	date_t d;
	month_t m;
	int fy;
	char slug[64];

	(void)ctx;
	for (int i = 0; i < r->ncols; i++) {
		const char *s = r->field[i];

		value_parse_money(s, &v);
		value_parse_quantity(s, &v);
		value_parse_count(s, &v);
		value_parse_date(s, &d);
		value_parse_month(s, &m);
		value_parse_fy(s, &fy);
		value_slug(s, slug, sizeof slug);
	}
}

static void
skipped(void *ctx, long line, csvin_skip_t why, const char *detail)
{
	(void)ctx, (void)line, (void)why, (void)detail;
}

static bool
keep(void *ctx, const char *value, size_t n)
{
	(void)ctx;
	return n > 0 && value[0] != 'x';	// drop some rows, keep others
}

static void
dropped(void *ctx, long line)
{
	(void)ctx, (void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const csvin_column_t cols[] = {
		{ "date", true, NULL, false }, { "unit", false, NULL, false },
		{ "category", false, "Expense Type", false }, { "amount", true, NULL, false },
		{ "cost_centre", false, NULL, false }, { "notes", false, NULL, true },
	};
	csvin_handler_t h = { row, skipped, NULL, 4, keep, dropped };
	csvin_info_t info;

	if (size == 0)
		return 0;
	csvin_read_memory(data + 1, size - 1, 1 + data[0] % 64, "fuzz.csv", cols, 6, &h, &info);
	return 0;
}
