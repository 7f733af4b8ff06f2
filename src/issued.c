// Issued reports as records (issued.h): each report's PDF and JSON as the run finds them, set
// against what SHA256SUMS lists and what superseded/ keeps, decide what the run does.
//
// A revision is made in four steps, each of which leaves every issued revision under a name
// SHA256SUMS lists: the issued files are hard-linked under superseded/; SHA256SUMS is rewritten
// to list them there instead; the new JSON, then the new PDF, are written under the final names
// (each atomically); SHA256SUMS lists them at the end of the run.  A run stopped between two
// steps leaves files the next run recognises: at the final names, bytes already kept under
// superseded/ (FILE_KEPT), or a JSON twin that supersedes the last kept revision and the PDF
// written after it (FILE_UNFINISHED); neither is issued, so both are replaced without a copy.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "issued.h"
#include "roit.h"

static const char *const ext[2] = { "pdf", "json" };
static const char *const noun[2] = { "PDF", "JSON twin" };

// 'kept_path()' - Where revision k of the report at stem is kept: "<dir>/superseded/<name>.r<k>.<ext>"
//                 (k 0: the prefix "<dir>/superseded/<name>.r").
static void
kept_path(const char *stem, int k, const char *x, char *buf, size_t size)
{
	const char *slash = strrchr(stem, '/');
	int dir = slash != NULL ? (int)(slash - stem) + 1 : 0;

	if (k == 0)
		snprintf(buf, size, "%.*ssuperseded/%s.r", dir, stem, stem + dir);
	else
		snprintf(buf, size, "%.*ssuperseded/%s.r%d.%s", dir, stem, stem + dir, k, x);
}

// 'kept_revision()' - The k of a kept file's path after the prefix ("3.pdf"), with its
//                     extension's index in *f; 0 when it is not one.
static int
kept_revision(const char *tail, int *f)
{
	int k = 0;

	if (*tail < '1' || *tail > '9')
		return 0;
	for (; *tail >= '0' && *tail <= '9' && k < 1000000; tail++)
		k = 10 * k + (*tail - '0');
	for (*f = 0; *f < 2; (*f)++)
		if (tail[0] == '.' && strcmp(tail + 1, ext[*f]) == 0)
			return k;
	return 0;
}

// 'scan_kept()' - The revisions listed under superseded/: the last one, its PDF, and whether
//                 hex is the SHA-256 of one of them (*kept).
static void
scan_kept(const outdir_t *d, issued_t *is)
{
	char prefix[400];
	checksum_t *const *e;
	size_t n;
	int f;

	kept_path(is->stem, 0, NULL, prefix, sizeof prefix);
	n = outdir_listed_under(d, prefix, &e);
	for (size_t i = 0; i < n; i++) {
		int k = kept_revision(e[i]->path + strlen(prefix), &f);
		if (k > is->last_kept)
			is->last_kept = k;
	}
	if (is->last_kept > 0) {
		kept_path(is->stem, is->last_kept, "pdf", is->kept_pdf, sizeof is->kept_pdf);
		const char *hex = outdir_listed(d, is->kept_pdf);
		snprintf(is->kept_pdf_hex, sizeof is->kept_pdf_hex, "%s", hex != NULL ? hex : "");
	}
}

// 'is_kept()' - Whether hex is the SHA-256 of a file listed under superseded/ for the report.
static bool
is_kept(const outdir_t *d, const issued_t *is, const char *hex)
{
	char prefix[400];
	checksum_t *const *e;
	size_t n;

	kept_path(is->stem, 0, NULL, prefix, sizeof prefix);
	n = outdir_listed_under(d, prefix, &e);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i]->hex, hex) == 0)
			return true;
	return false;
}

// 'read_twin()' - The JSON at path parsed, or NULL (not there, not readable, not a twin).
static json_t *
read_twin(const outdir_t *d, const char *path)
{
	buf_t b;
	bool found;
	json_t *j = NULL;

	buf_init(&b);
	if (outdir_read(d, path, &b, &found) == ROIT_OK && found)
		j = record_parse(b.data, b.len);
	buf_free(&b);
	return j;
}

// 'examine_file()' - One of the report's files: its state and SHA-256, and for the JSON its twin.
static int
examine_file(const outdir_t *d, issued_t *is, int f)
{
	char path[400];
	buf_t b;
	bool found;
	int rc;

	snprintf(path, sizeof path, "%s.%s", is->stem, ext[f]);
	buf_init(&b);
	rc = outdir_read(d, path, &b, &found);
	if (rc == ROIT_OK && found) {
		const char *listed = outdir_listed(d, path);
		if (!outdir_sha256(b.data, b.len, is->hex[f])) {
			roit_error("%s: cannot compute SHA-256 (internal error)", path);
			rc = ROIT_EX_SOFTWARE;
		} else if (listed != NULL) {
			is->state[f] = strcmp(listed, is->hex[f]) == 0 ? FILE_LISTED : FILE_TAMPERED;
		} else {
			is->state[f] = is_kept(d, is, is->hex[f]) ? FILE_KEPT : FILE_UNLISTED;
		}
		if (rc == ROIT_OK && f == ISSUED_JSON) {
			is->twin = record_parse(b.data, b.len);
			is->twin_unreadable = is->twin == NULL;
		}
	}
	buf_free(&b);
	return rc;
}

// 'unfinished()' - Whether the unlisted twin at stem is the revision a stopped run was writing:
//                  it says it supersedes the last revision kept, by that PDF's SHA-256.
static bool
unfinished(const issued_t *is)
{
	const char *sha = record_supersedes_sha256(is->twin);

	return is->state[ISSUED_JSON] == FILE_UNLISTED && is->last_kept > 0 && sha != NULL &&
	       strcmp(sha, is->kept_pdf_hex) == 0 && record_int(is->twin, "revision", 0) == is->last_kept + 1;
}

int
issued_examine(const outdir_t *d, const char *stem, issued_t *is)
{
	int rc;

	memset(is, 0, sizeof *is);
	snprintf(is->stem, sizeof is->stem, "%s", stem);
	scan_kept(d, is);
	if ((rc = examine_file(d, is, ISSUED_PDF)) != ROIT_OK || (rc = examine_file(d, is, ISSUED_JSON)) != ROIT_OK)
		return rc;
	if (unfinished(is)) {
		is->state[ISSUED_JSON] = FILE_UNFINISHED;
		// The PDF is written after its twin: an unlisted one beside it is the same revision's.
		if (is->state[ISSUED_PDF] == FILE_UNLISTED)
			is->state[ISSUED_PDF] = FILE_UNFINISHED;
	}
	// The issued twin: the JSON at stem while it is a record; else the last revision kept.
	if (is->state[ISSUED_JSON] == FILE_KEPT || is->state[ISSUED_JSON] == FILE_UNFINISHED) {
		record_free_json(is->twin);
		is->twin = NULL;
	}
	if (is->twin == NULL && !is->twin_unreadable && is->last_kept > 0) {
		char path[400];
		kept_path(stem, is->last_kept, "json", path, sizeof path);
		is->twin = read_twin(d, path);
		is->twin_kept = is->twin != NULL;
	}
	is->twin_revision = (int)record_int(is->twin, "revision", 1);
	return ROIT_OK;
}

// 'moved()' - Whether a file in this state is kept under superseded/ before it is replaced.
static bool
moved(file_state_t s)
{
	return s == FILE_LISTED || s == FILE_TAMPERED || s == FILE_UNLISTED;
}

// 'explain()' - Why the files at stem are replaced besides their figures, into is->why ("" when
//               for their figures alone).
static void
explain(issued_t *is)
{
	size_t n = 0;

	is->why[0] = '\0';
	for (int f = 0; f < 2; f++) {
		const char *what = is->state[f] == FILE_TAMPERED ? "no longer matched SHA256SUMS" :
		                   is->state[f] == FILE_UNLISTED ? "was not listed in SHA256SUMS" :
		                   is->state[f] == FILE_ABSENT && moved(is->state[1 - f]) ? "was missing" :
		                   f == ISSUED_JSON && is->twin_unreadable ? "could not be read" : NULL;
		bool first = n == 0;
		if (what == NULL || n >= sizeof is->why)
			continue;
		if (first)
			n += (size_t)snprintf(is->why, sizeof is->why, "Revision %d is replaced because", is->moved_revision);
		if (n < sizeof is->why)
			n += (size_t)snprintf(is->why + n, sizeof is->why - n, "%s its %s %s", first ? "" : ";", noun[f], what);
	}
	if (n > 0 && n < sizeof is->why - 2)
		strcat(is->why, ".");
}

// 'revise()' - The record of the revision after the issued one: kept as moved_revision (the
//              files at stem), or after the last kept revision when nothing at stem is issued.
static void
revise(issued_t *is, json_t *now, record_t *rec)
{
	char file[400];
	const char *sha;
	json_t *from = is->twin;

	if (moved(is->state[ISSUED_PDF]) || moved(is->state[ISSUED_JSON])) {
		int f = moved(is->state[ISSUED_PDF]) ? ISSUED_PDF : ISSUED_JSON;
		int n = is->twin != NULL && !is->twin_kept ? is->twin_revision : 1;
		// Never onto a revision kept already, whatever the twin says.
		is->moved_revision = n > is->last_kept ? n : is->last_kept + 1;
		kept_path(is->stem, is->moved_revision, ext[f], file, sizeof file);
		sha = is->hex[f];
		from = is->twin_kept ? NULL : is->twin;
	} else {
		is->moved_revision = is->last_kept;
		snprintf(file, sizeof file, "%s", is->kept_pdf);
		sha = is->kept_pdf_hex;
	}
	record_supersede(rec, from, now, is->moved_revision, file, sha);
	explain(is);
	rec->why = is->why[0] != '\0' ? is->why : NULL;
}

// 'nothing_issued()' - Whether no file at stem is to be kept and no revision is kept already.
static bool
nothing_issued(const issued_t *is)
{
	return !moved(is->state[ISSUED_PDF]) && !moved(is->state[ISSUED_JSON]) && is->last_kept == 0;
}

bool
issued_new(const issued_t *is)
{
	return is->twin == NULL && nothing_issued(is);
}

issue_action_t
issued_decide(issued_t *is, const buf_t *twin_now, record_t *rec)
{
	// The new twin is read back only to be compared or to say what a revision changed: nothing
	// issued, nothing to parse (a network overview's twin took as long to parse as to draw).
	json_t *now = is->twin != NULL ? record_parse(twin_now->data, twin_now->len) : NULL;
	bool same = is->twin != NULL && now != NULL && record_same(is->twin, now);
	const file_state_t *s = is->state;

	// Not listed, the content this run's, nothing listed beside them: what a run stopped before
	// listing its files left (or files whose SHA256SUMS was lost).  Nothing of them is lost if
	// they are replaced by the same content, or listed as they are.
	if (same && s[ISSUED_JSON] == FILE_UNLISTED && s[ISSUED_PDF] != FILE_LISTED && s[ISSUED_PDF] != FILE_TAMPERED) {
		if (s[ISSUED_PDF] == FILE_UNLISTED || s[ISSUED_PDF] == FILE_KEPT) {
			is->action = ISSUE_ADOPT;
			record_free_json(now);
			return is->action;
		}
		is->state[ISSUED_JSON] = FILE_KEPT;	// its content is written again
		if (s[ISSUED_PDF] == FILE_UNFINISHED)
			is->state[ISSUED_PDF] = FILE_KEPT;
	}
	if (nothing_issued(is))
		is->action = ISSUE_NEW;
	else if (same && s[ISSUED_PDF] == FILE_LISTED && s[ISSUED_JSON] == FILE_LISTED)
		is->action = ISSUE_UNCHANGED;
	else if (same && s[ISSUED_PDF] == FILE_KEPT && s[ISSUED_JSON] == FILE_KEPT)
		is->action = ISSUE_ADOPT;	// the last kept revision's bytes, its content this run's
	else
		is->action = ISSUE_REVISE;
	if (is->action == ISSUE_REVISE && now == NULL)
		now = record_parse(twin_now->data, twin_now->len);
	if (is->action == ISSUE_REVISE)
		revise(is, now, rec);
	record_free_json(now);
	return is->action;
}

// 'warn_kept()' - The warning for an issued file kept because it is not what SHA256SUMS says.
static void
warn_kept(const outdir_t *d, const issued_t *is, int f, const char *to)
{
	const char *why = is->state[f] == FILE_TAMPERED ? "no longer matches SHA256SUMS (changed since it was issued)" :
	                  is->state[f] == FILE_UNLISTED ? "is not listed in SHA256SUMS" :
	                  f == ISSUED_JSON && is->twin_unreadable ? "cannot be read as a JSON twin" : NULL;

	if (why != NULL)
		roit_warn("%s/%s.%s %s: kept as %s/%s, never overwritten; a new revision is written",
		          outdir_path(d), is->stem, ext[f], why, outdir_path(d), to);
}

int
issued_apply(outdir_t *d, issued_t *is, bool check)
{
	char from[400], to[400];
	int rc = ROIT_OK;

	for (int f = 0; f < 2 && rc == ROIT_OK; f++) {
		snprintf(from, sizeof from, "%s.%s", is->stem, ext[f]);
		if (check) {
			kept_path(is->stem, is->moved_revision, ext[f], to, sizeof to);
			if (is->action == ISSUE_REVISE && moved(is->state[f]))
				warn_kept(d, is, f, to);
			outdir_say(d, issued_word(is->action), from);
		} else if (is->action == ISSUE_UNCHANGED) {
			outdir_say(d, "unchanged", from);
		} else if (is->action == ISSUE_ADOPT) {
			if (is->state[f] == FILE_UNLISTED)
				roit_warn("%s/%s was not listed in SHA256SUMS; its content is this run's, so it is "
				          "listed as it is", outdir_path(d), from);
			outdir_adopt(d, from, is->hex[f]);
			outdir_say(d, "unchanged", from);
		} else if (is->action == ISSUE_REVISE && moved(is->state[f])) {
			kept_path(is->stem, is->moved_revision, ext[f], to, sizeof to);
			warn_kept(d, is, f, to);
			rc = outdir_keep(d, from, to, is->hex[f]);
		} else if (is->action == ISSUE_REVISE && is->state[f] != FILE_ABSENT) {
			roit_info("%s/%s: left by a run that stopped midway (its bytes are kept); replaced",
			          outdir_path(d), from);
		}
	}
	// The kept files listed before anything replaces the files at stem.
	if (rc == ROIT_OK && is->action == ISSUE_REVISE && !check)
		rc = outdir_flush(d);
	return rc;
}

json_t *
issued_current(const outdir_t *d, const char *stem)
{
	char path[400], hex[65];
	const char *listed;
	buf_t b;
	bool found;
	json_t *j = NULL;

	snprintf(path, sizeof path, "%s.json", stem);
	if ((listed = outdir_listed(d, path)) == NULL)
		return NULL;
	buf_init(&b);
	if (outdir_read(d, path, &b, &found) == ROIT_OK && found && outdir_sha256(b.data, b.len, hex) &&
	    strcmp(hex, listed) == 0)
		j = record_parse(b.data, b.len);
	buf_free(&b);
	return j;
}

const char *
issued_word(issue_action_t action)
{
	return action == ISSUE_NEW ? "new" : action == ISSUE_REVISE ? "revised" : "unchanged";
}

void
issued_free(issued_t *is)
{
	record_free_json(is->twin);
	is->twin = NULL;
}
