// The parts both PDF reports share (pdf_parts.c): RAG colours, the title block, the data
// quality section, the sign-off and audit trail, and the typography they all use.
#ifndef PDF_PARTS_H
#define PDF_PARTS_H

#include "figures.h"
#include "format.h"
#include "layout.h"
#include "pdf.h"

#define DASH "\xe2\x80\x94"	// the em dash: a figure that does not exist
#define BODY 9.0f		// body text size
#define TABLE 8.0f		// table text size

// 'or_dash()' - s, or the dash where it is empty or NULL.
const char *or_dash(const char *s);

// 'pdf_author()' - Who a document is by: the organisation, or the team when none is set.
const char *pdf_author(const report_meta_t *meta);

// 'pdf_rag_colours()' - Badge colours of a RAG status.
void pdf_rag_colours(rag_t rag, lay_rgb_t *fill, lay_rgb_t *ink);

// 'pdf_rag_cell()' - A table cell of a RAG status: a badge with its word; where there is none,
//                    the dash, or when none is given a badge of that word.
void pdf_rag_cell(lay_table_t *t, rag_t rag, const char *none);

// 'pdf_digest_table()' - A dense two-column table, what and its SHA-256 (on one line), to fill.
lay_table_t *pdf_digest_table(const char *what, const char *digest, const char *caption);

// 'pdf_open()' - Start a report's document: title, subject and the running header's right side
//                as given; author, date, marking, the running header's left side (the unit) and
//                the footer's stamp from meta; the twin inside.  O - as lay_open().
int pdf_open(const report_meta_t *meta, const char *title, const char *subject, const char *header,
             const pdf_twin_t *twin, lay_shared_t *shared, lay_t **d);

// 'pdf_twin_ready()' - Wait for a twin still being made (nothing for one made already) and put
//                      it in the document.  O - ROIT_OK, or the twin's failure (message given).
int pdf_twin_ready(lay_t *d, const pdf_twin_t *twin);

// 'pdf_value_or_dash()' - A measure's value as shown, or the dash where it has none.
void pdf_value_or_dash(bool has, int64_t v, measure_kind_t kind, char *buf, size_t size);

// 'pdf_when()' - A month with its period and financial year: "June 2020 — P3 2020/21".
void pdf_when(month_t month, char *buf, size_t size);

// 'pdf_title_lines()' - The kind, name and date of a document (and the revision it is, from rec,
//                       which may be NULL), then n label/value pairs in two columns.
void pdf_title_lines(lay_t *d, const char *kind, const char *name, const char *when, const record_t *rec,
                     const char *const *pairs, int n);

// 'pdf_title_block()' - Organisation, team, unit, the document's kind and date, grant and scrutiny body.
void pdf_title_block(lay_t *d, const report_meta_t *meta, const char *kind, const char *when);

// 'pdf_quality()' - The data-quality section.
void pdf_quality(lay_t *d, const data_quality_t *q);

// 'pdf_changes()' - A revision's "Changes since the issued revision" section (none for a first issue).
void pdf_changes(lay_t *d, const report_meta_t *meta);

// 'pdf_signoff()' - Sign-off lines, then note (may be NULL), generated-at stamp, program version
//                   and input hashes, kept on one page when they fit.
void pdf_signoff(lay_t *d, const report_meta_t *meta, const char *note);

#endif
