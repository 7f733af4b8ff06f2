// The shared vocabulary: names of levels, sections and measures; UK civil time; rounding.
#include <string.h>

#include "vocab.h"

__extension__ typedef __int128 wide_t;

const char *const level_names[LEVEL_COUNT] = { "major", "moderate", "minor", "none", "negative" };
const char *const level_labels[LEVEL_COUNT] = { "Major", "Moderate", "Minor", "None", "Negative" };
const char *const section_names[SECTION_COUNT] = { "summary", "spend", "outcomes", "risks", "continuation" };

const known_measure_t known_measures[N_KNOWN_MEASURES] = {
	{ "networks_targeted", "Networks targeted", KIND_COUNT, true },
	{ "networks_disrupted", "Networks disrupted", KIND_COUNT, true },
	{ "arrests", "Arrests", KIND_COUNT, true },
	{ "charges", "Charges", KIND_COUNT, true },
	{ "class_a_seizures", "Class A seizures", KIND_COUNT, false },
	{ "class_a_kg", "Class A drugs seized (kg)", KIND_QUANTITY, false },
	{ "firearms_seized", "Firearms seized", KIND_COUNT, false },
	{ "cash_seized", "Cash seized", KIND_MONEY, false },
	{ "online_takedowns", "Online takedowns", KIND_COUNT, false },
	{ "individuals_identified", "Individuals identified", KIND_COUNT, false },
};

int
measure_rank(const char *key)
{
	int i = 0;

	while (i < N_KNOWN_MEASURES && strcmp(key, known_measures[i].key) != 0)
		i++;
	return i;
}

const char *
rag_word(rag_t rag)
{
	static const char *const words[] = { NULL, "GREEN", "AMBER", "RED" };

	return words[rag];
}

// 'wide_div_round()' - num / den rounded half away from zero, in 128 bits.
static int64_t
wide_div_round(wide_t num, wide_t den)
{
	bool neg = (num < 0) != (den < 0);
	wide_t n = num < 0 ? -num : num, d = den < 0 ? -den : den;
	wide_t q = (2 * n + d) / (2 * d);	// floor(n/d + 1/2)

	return (int64_t)(neg ? -q : q);
}

int64_t
div_round(int64_t num, int64_t den)
{
	return wide_div_round(num, den);
}

int64_t
div_round_scaled(int64_t num, int64_t scale, int64_t den)
{
	return wide_div_round((wide_t)num * scale, den);
}

pct_t
pct_of(int64_t num, int64_t den)
{
	pct_t p = { den != 0, 0 };

	if (den != 0)
		p.tenths = div_round_scaled(num, 1000, den);
	return p;
}

// 'last_sunday_utc()' - 01:00 UTC on the last Sunday of a month (3 or 10) of year.
static time_t
last_sunday_utc(int year, int month)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = month, .tm_mday = 0, .tm_hour = 1 };
	time_t last_day = timegm(&tm);	// day 0 of the next month: the month's last day
	struct tm check;

	gmtime_r(&last_day, &check);
	return last_day - (time_t)check.tm_wday * 86400;
}

void
london_time(time_t t, struct tm *out)
{
	struct tm utc;

	gmtime_r(&t, &utc);
	int year = utc.tm_year + 1900;
	bool bst = t >= last_sunday_utc(year, 3) && t < last_sunday_utc(year, 10);

	if (bst)
		t += 3600;
	gmtime_r(&t, out);
	out->tm_isdst = bst;
}
