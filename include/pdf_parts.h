// The parts both PDF reports share (pdf_parts.c): RAG colours, the title block, the data
// quality section, the sign-off and audit trail, and the typography they all use.
#ifndef PDF_PARTS_H
#define PDF_PARTS_H

#include "figures.h"
#include "format.h"
#include "layout.h"

#define DASH "\xe2\x80\x94"	// the em dash: a figure that does not exist
#define BODY 9.0f		// body text size
#define TABLE 8.0f		// table text size

// 'or_dash()' - s, or the dash where it is empty or NULL.
const char *or_dash(const char *s);

// 'pdf_author()' - Who a document is by: the organisation, or the team when none is set.
const char *pdf_author(const report_meta_t *meta);

// 'pdf_rag_colours()' - Badge colours of a RAG status.
void pdf_rag_colours(rag_t rag, lay_rgb_t *fill, lay_rgb_t *ink);

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
