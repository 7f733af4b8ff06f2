// The vocabulary every stage shares: months and financial years, UK civil time, money and its
// rounding, percentages, RAG, measure kinds, disruption levels, commentary sections and the
// measures the contract names.  Nothing here reads a file or knows a report.
#ifndef VOCAB_H
#define VOCAB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/*
 * Months and financial years.
 */

// A month as a single integer: year * 12 + (month - 1).  Easy to compare and step.
typedef int month_t;

static inline month_t month_of(int year, int month) { return year * 12 + (month - 1); }
static inline int month_year(month_t m) { return m / 12; }
static inline int month_number(month_t m) { return m % 12 + 1; }

// The financial year a month lies in, named by the year it starts (2020 for 2020/21).
static inline int fy_of_month(month_t m) { return month_number(m) >= 4 ? month_year(m) : month_year(m) - 1; }
// The period (April = 1 .. March = 12) of a month in its financial year.
static inline int period_of_month(month_t m) { return (month_number(m) + 8) % 12 + 1; }
// The month of period p (1..12) of financial year fy.
static inline month_t fy_period_month(int fy, int p) { return month_of(fy, 4) + (p - 1); }

// 'london_time()' - t as UK civil time (GMT, or BST from 01:00 UTC on the last Sunday of March
//                   to 01:00 UTC on the last Sunday of October), without tzdata.  tm_isdst is 1
//                   in BST.
void london_time(time_t t, struct tm *out);

// The continuation summary's history holds the latest this many grant years of a unit.
#define SUMMARY_MAX_YEARS 16

/*
 * Money: int64 pence, never floating point.
 */

// Magnitudes of £10,000,000,000 and above are rejected: 10^12 pence.
#define MONEY_LIMIT_PENCE INT64_C(1000000000000)

// 'div_round()' - num / den rounded half away from zero (den != 0), exact in 128 bits.
int64_t div_round(int64_t num, int64_t den);

// 'div_round_scaled()' - num * scale / den rounded the same way, the product kept in 128 bits
//                        (pence per thousandth of an outcome, tenths of a percent).
int64_t div_round_scaled(int64_t num, int64_t scale, int64_t den);

// 'magnitude()' - |v| without overflow at INT64_MIN.
static inline uint64_t magnitude(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

// A percentage to one decimal place, or none ("n/a").
typedef struct pct {
	bool has;
	int64_t tenths;		// 42 is 4.2%, rounded half away from zero
} pct_t;

// 'pct_of()' - num / den as a percentage to one decimal place; none when den is 0.
pct_t pct_of(int64_t num, int64_t den);

/*
 * Judgements and kinds.
 */

typedef enum rag {
	RAG_NONE = 0,	// no RAG (no profile, no target)
	RAG_GREEN,
	RAG_AMBER,
	RAG_RED
} rag_t;

// 'rag_word()' - "GREEN", "AMBER", "RED", or NULL for none.
const char *rag_word(rag_t rag);

typedef enum measure_kind {
	KIND_COUNT = 0,
	KIND_QUANTITY,
	KIND_MONEY
} measure_kind_t;

// Disruption levels of the national scale, in the order reports show them.
enum { LEVEL_MAJOR, LEVEL_MODERATE, LEVEL_MINOR, LEVEL_NONE, LEVEL_NEGATIVE, LEVEL_COUNT };
extern const char *const level_names[LEVEL_COUNT];	// as in the files: "major", ...
extern const char *const level_labels[LEVEL_COUNT];	// as reports show them: "Major", ...

// Commentary sections, in the order reports show them.
enum { SECTION_SUMMARY, SECTION_SPEND, SECTION_OUTCOMES, SECTION_RISKS, SECTION_CONTINUATION, SECTION_COUNT };
extern const char *const section_names[SECTION_COUNT];	// "summary", ...

/*
 * The measures the contract names (section 3.4), in the order reports list them.
 */

typedef struct known_measure {
	const char *key;	// "networks_disrupted"
	const char *label;	// "Networks disrupted"
	measure_kind_t kind;
	bool main;		// one of the main outcome measures the charts show
} known_measure_t;

#define N_KNOWN_MEASURES 10
extern const known_measure_t known_measures[N_KNOWN_MEASURES];

// 'measure_rank()' - A measure's place in the contract's list, or N_KNOWN_MEASURES for any other.
int measure_rank(const char *key);

#endif
