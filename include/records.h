// Issued reports as records (SPEC section 8): an issued JSON twin in, what a new version of the
// report says about it out: whether its content is the same, every figure that differs (the
// "Changes since the issued revision"), and the month figures an earlier month's issued return
// gave (for "Restated since issued").  The twins are read with jansson.
#ifndef RECORDS_H
#define RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vocab.h"

typedef struct json_t json_t;
struct monthly;

// One figure that differs between the issued revision and now, as the report says it:
// what "Staff overtime — month actual", issued "£10,200", now "£10,950", difference "+£750"
// (NULL where it means nothing: text, a RAG word).
typedef struct change {
	char *what, *issued, *now, *difference;
} change_t;

// One month figure of an earlier month, as its issued return gave it and as it is now: a
// category's month actual (pence) or a measure's month value (thousandths of its unit).
typedef struct restatement {
	month_t month;
	bool spend;			// a category (else a measure)
	char *name;			// the category, or the measure's key
	char *label;			// how reports name it (the category, or the measure's label)
	measure_kind_t kind;		// of a measure
	int64_t issued, now;
} restatement_t;

// What a report says about its own record: its revision, the one it replaces, what changed,
// and (a monthly return) what earlier months' issued returns now read differently.
typedef struct record {
	int revision;			// 1 for a first issue
	char *supersedes_file;		// the replaced revision's PDF under superseded/, or NULL
	char *supersedes_generated_at;	// its generated_at, ISO 8601, or NULL when unknown
	time_t supersedes_at;		// the same as a time (0 when unknown)
	char supersedes_sha256[65];	// of its PDF
	const char *why;		// why a revision with no changed figure replaces it, or NULL
	int n_changes;
	change_t *changes;
	int n_compared;			// earlier months whose issued returns were compared (monthly)
	int n_restatements;
	restatement_t *restatements;
} record_t;

// 'record_parse()' - A twin's bytes as JSON; NULL when they are not one JSON object.
json_t *record_parse(const char *data, size_t len);

// 'record_free_json()' - Free what record_parse() made (NULL is fine).
void record_free_json(json_t *j);

// 'record_same()' - Whether a report's content now equals the issued one's: every key of the
//                   issued twin compared but generated_at, version and inputs (what a run
//                   changes without the figures changing) and revision, supersedes and
//                   changes (what the record says about itself); keys the issued twin lacks
//                   are not compared.
bool record_same(json_t *issued, json_t *now);

// 'record_changes()' - Every figure that differs between the issued twin and now, appended to
//                      rec, labelled as the reports label them.
void record_changes(json_t *issued, json_t *now, record_t *rec);

// 'record_month_figures()' - The month figures an issued monthly return gives: each category's
//                            month actual and each measure's month value, appended to *out
//                            (*n entries, month set, now 0).  O - false when the twin is not a
//                            monthly return's.
bool record_month_figures(json_t *issued, restatement_t **out, int *n);

// 'record_supersede()' - Make rec the record of the revision after the issued one: its number
//                       (the issued twin's revision + 1, at least after), the file it moves to
//                       and its PDF's hash, and every change from the issued twin to now
//                       (issued NULL: a twin that could not be read; no change is listed).
void record_supersede(record_t *rec, json_t *issued, json_t *now, int issued_revision,
                      const char *file, const char *pdf_sha256);

// 'record_restate()' - An earlier month's return now against its issued one (its figures from
//                      record_month_figures()): every category month actual and measure month
//                      value that differs, appended to rec->restatements in the order of the
//                      issued return, then those it did not list; rec->n_compared counts it.
void record_restate(record_t *rec, const restatement_t *issued, int n_issued, const struct monthly *now);

// 'record_int()' - An integer of the twin at a key of the top level, or def.
int64_t record_int(json_t *j, const char *key, int64_t def);

// 'record_str()' - A string of the twin at a key of the top level, or NULL.
const char *record_str(json_t *j, const char *key);

// 'record_supersedes_sha256()' - The SHA-256 a twin says the revision it replaced had, or NULL.
const char *record_supersedes_sha256(json_t *j);

// 'record_free()' - Free what a record holds (not the record itself).
void record_free(record_t *rec);

#endif
