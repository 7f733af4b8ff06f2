// A report as the output folder holds it when the run starts, and what the run does with it
// (SPEC 8): an issued report whose content has not changed is left as it is; one that has is
// kept under superseded/ and a new revision written; nothing issued is ever lost.
//
// The examining and the deciding run on the rendering threads (they only read the folder);
// the doing, in order, on the main thread.
#ifndef ISSUED_H
#define ISSUED_H

#include <stdbool.h>

#include "buf.h"
#include "checksums.h"
#include "outfile.h"
#include "records.h"

// What one of a report's two files (PDF, JSON) is, as the run finds it.
typedef enum file_state {
	FILE_ABSENT,
	FILE_LISTED,		// listed in SHA256SUMS, its bytes as listed: issued
	FILE_TAMPERED,		// listed, its bytes changed since: issued, never overwritten
	FILE_UNLISTED,		// there but not listed (SHA256SUMS lost, say): kept before anything replaces it
	FILE_KEPT,		// not listed, its bytes kept under superseded/ already (a run stopped midway)
	FILE_UNFINISHED,	// not listed: the revision a stopped run was writing
} file_state_t;

// What the run does with a report.
typedef enum issue_action {
	ISSUE_NEW,		// nothing issued: write revision 1
	ISSUE_UNCHANGED,	// issued, same content: leave it byte for byte
	ISSUE_ADOPT,		// there unlisted, same content: list it as it is
	ISSUE_REVISE,		// issued, content changed (or files tampered with): keep it, write the next
} issue_action_t;

enum { ISSUED_PDF, ISSUED_JSON };

typedef struct issued {
	char stem[320];			// "met-oit/2020-06-monthly-return" (no extension)
	file_state_t state[2];		// of the PDF and the JSON at stem
	char hex[2][65];		// their SHA-256 as they are
	json_t *twin;			// the issued twin (the JSON at stem, or the last one kept), or NULL
	bool twin_kept;			// twin is the last kept revision's, not the JSON at stem
	bool twin_unreadable;		// the JSON at stem is there but is not a twin
	int twin_revision;		// the revision twin says it is (1 when it does not say)
	int last_kept;			// the highest revision listed under superseded/, 0 for none
	char kept_pdf[352];		// its PDF, and the PDF's SHA-256
	char kept_pdf_hex[65];
	issue_action_t action;
	int moved_revision;		// ISSUE_REVISE: the revision the files at stem are kept as
	char why[512];			// why it was replaced besides its figures (rec->why points here)
} issued_t;

// 'issued_examine()' - What the output folder holds of the report at stem.  Any thread.
//                      O - ROIT_OK, or the exit status of a file that cannot be read (message given)
int issued_examine(const outdir_t *d, const char *stem, issued_t *is);

// 'issued_new()' - Whether nothing of the report is issued or kept, so that issued_decide()
//                  says ISSUE_NEW whatever its twin (which it then never reads).  Any thread.
bool issued_new(const issued_t *is);

// 'issued_decide()' - Against the report's content now (its JSON twin, rec->revision 1): the
//                     action, and for a revision rec's revision, supersedes, changes and why.
//                     Any thread.
issue_action_t issued_decide(issued_t *is, const buf_t *twin_now, record_t *rec);

// 'issued_apply()' - An unchanged report said so; an adopted one listed, with a warning; a
//                    revised one's files kept under superseded/ (a warning for those tampered
//                    with or not listed) and SHA256SUMS rewritten.  Main thread, before a new
//                    revision is written.  With check, only the warnings, and a line saying
//                    what would be done ("unchanged", "revised", "new") for each file.
//                    O - ROIT_OK or an exit status (message given)
int issued_apply(outdir_t *d, issued_t *is, bool check);

// 'issued_current()' - The twin of the issued report at stem, when it stands as SHA256SUMS
//                      lists it (for an earlier month's restatements); NULL otherwise.  Any thread.
json_t *issued_current(const outdir_t *d, const char *stem);

// 'issued_word()' - What --check says of a report: "unchanged", "revised" or "new".
const char *issued_word(issue_action_t action);

void issued_free(issued_t *is);

#endif
