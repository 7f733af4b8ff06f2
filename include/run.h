// One run of the program: options in, reports out.  main.c fills run_options_t from the
// command line; run() does the rest and returns the exit status.
#ifndef RUN_H
#define RUN_H

#include <stdbool.h>
#include <time.h>

#include "vocab.h"

enum run_only { ONLY_ALL = 0, ONLY_MONTHLY, ONLY_SUMMARY, ONLY_OVERVIEW };

typedef struct run_options {
	const char *input, *output;
	bool have_month;
	month_t month;
	bool all_months;
	int n_units;
	const char **units;
	enum run_only only;
	bool check, strict;
	time_t now;
	const char *fontdir;	// the installed fonts, for a report.ini without [fonts]
} run_options_t;

// 'run()' - Read, compute, write.  O - an exit status of the contract.
int run(const run_options_t *opt);

// 'default_month()' - The last complete calendar month before now, in UK time.
month_t default_month(time_t now);

#endif
