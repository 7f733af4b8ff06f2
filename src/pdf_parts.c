// The parts both PDF reports share: RAG badge colours, the title block, the data-quality
// section and the sign-off with its audit trail, drawn through the layout layer.
#include <stdio.h>
#include <string.h>

#include "pdf_parts.h"
#include "roit.h"

// 'pdf_rag_colours()' - Fill and ink of a RAG badge: green and red dark with white ink, amber light.
void
pdf_rag_colours(rag_t rag, lay_rgb_t *fill, lay_rgb_t *ink)
{
	static const lay_rgb_t green = { 0.0f, 0.43f, 0.24f }, amber = { 1.0f, 0.76f, 0.03f };
	static const lay_rgb_t red = { 0.71f, 0.09f, 0.11f }, none = { 0.90f, 0.91f, 0.92f };

	*fill = rag == RAG_GREEN ? green : rag == RAG_AMBER ? amber : rag == RAG_RED ? red : none;
	*ink = rag == RAG_GREEN || rag == RAG_RED ? lay_white : lay_ink;
}

const char *
pdf_author(const report_meta_t *meta)
{
	return meta->organisation != NULL && meta->organisation[0] != '\0' ? meta->organisation : meta->team;
}

void
pdf_rag_cell(lay_table_t *t, rag_t rag, const char *none)
{
	lay_rgb_t fill, ink;

	pdf_rag_colours(rag, &fill, &ink);
	if (rag_word(rag) != NULL)
		lay_table_badge(t, rag_word(rag), fill, ink);
	else if (none != NULL)
		lay_table_badge(t, none, fill, ink);
	else
		lay_table_cell(t, DASH);
}

const char *
or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : DASH;
}

// 'pdf_value_or_dash()' - A measure's value as shown, or the dash where it has none.
void
pdf_value_or_dash(bool has, int64_t v, measure_kind_t kind, char *buf, size_t size)
{
	if (has)
		format_value(v, kind, false, buf, size);
	else
		snprintf(buf, size, DASH);
}

// 'pdf_when()' - "June 2020 — P3 2020/21".
void
pdf_when(month_t month, char *buf, size_t size)
{
	char name[32], fy[16];

	format_month_name(month, name, sizeof name);
	format_fy(fy_of_month(month), '/', fy);
	snprintf(buf, size, "%s " DASH " P%d %s", name, period_of_month(month), fy);
}

// 'revision_line()' - "Revision 2 — replaces the return issued on 3 July 2020" under the title
//                     of a revision; the noun is the kind's last word (return, summary, overview).
static void
revision_line(lay_t *d, const record_t *rec, const char *kind)
{
	char text[256], date[64];
	const char *noun = strrchr(kind, ' ') != NULL ? strrchr(kind, ' ') + 1 : kind;

	if (rec == NULL || rec->revision < 2)
		return;
	if (rec->supersedes_at != 0) {
		format_uk_date(rec->supersedes_at, date, sizeof date);
		snprintf(text, sizeof text, "Revision %d " DASH " replaces the %s issued on %s", rec->revision, noun, date);
	} else {
		snprintf(text, sizeof text, "Revision %d " DASH " replaces revision %d of this %s", rec->revision,
		         rec->revision - 1, noun);
	}
	lay_down(d, 2);
	lay_para(d, text, LAY_BOLD, 11, lay_navy, 0);
}

// 'pdf_title_lines()' - The document's kind, whom it is about and its date (and its revision),
//                       then label/value pairs.
void
pdf_title_lines(lay_t *d, const char *kind, const char *name, const char *when, const record_t *rec,
                const char *const *pairs, int n)
{
	char mark[600];

	// The outline's first entry names the document: its kind and whom it is about.
	snprintf(mark, sizeof mark, "%s " DASH " %s", kind, or_dash(name));
	lay_need(d, 130);
	lay_bookmark(d, mark);
	lay_title(d, kind, 20, lay_navy);
	lay_down(d, 2);
	lay_para(d, or_dash(name), LAY_BOLD, 14, lay_ink, 0);
	lay_para(d, when, LAY_REGULAR, 12, lay_ink, 0);
	revision_line(d, rec, kind);
	lay_down(d, 6);
	lay_hline(d, 0.5f, lay_rule);
	lay_down(d, 6);
	lay_pairs(d, pairs, n, 2, BODY);
	lay_down(d, 4);
}

// 'pdf_title_block()' - The document's kind, unit and date, then who it is from and for.
void
pdf_title_block(lay_t *d, const report_meta_t *meta, const char *kind, const char *when)
{
	const char *pairs[] = {
		"Organisation", or_dash(meta->organisation),
		"Team", or_dash(meta->team),
		"Scrutiny body", or_dash(meta->scrutiny),
		"Grant reference", or_dash(meta->reference),
		"Funder", or_dash(meta->funder),
	};

	pdf_title_lines(d, kind, meta->unit, when, meta->record, pairs, 5);
}

// 'notes_table()' - Rows named by file and line with their reason, at most limit of them.
static lay_table_t *
notes_table(const row_note_t *const *notes, int n, int limit, const char *caption)
{
	lay_table_t *t = lay_table_new(2, 7.5f);
	char where[1024];

	lay_table_col(t, 0, "File and line", LAY_LEFT);
	lay_table_col(t, 1, "Reason", LAY_LEFT);
	lay_table_caption(t, caption);
	for (int i = 0; i < n && i < limit; i++) {
		snprintf(where, sizeof where, "%s:%ld", or_dash(notes[i]->file), notes[i]->line);
		lay_table_cell(t, where);
		lay_table_cell(t, or_dash(notes[i]->reason));
	}
	return t;
}

// 'noted_table()' - A subheading (may be NULL) and its lines of text kept with the start of a table, then the
//                   table (may be NULL; the caller frees it); the section's heading first, kept
//                   with them, when one is given.
static void
noted_table(lay_t *d, const char *section, const char *head, const char *const *text, int n, lay_table_t *t)
{
	float keep = 4 + (t != NULL ? lay_table_keep(d, t) : 0);

	for (int i = 0; i < n; i++)
		keep += lay_para_height(d, text[i], LAY_REGULAR, BODY, LAY_WIDTH);
	if (section != NULL)
		lay_heading(d, section, head != NULL ? lay_subheading_keep(keep) : keep);
	if (head != NULL)
		lay_subheading(d, head, keep);
	for (int i = 0; i < n; i++)
		lay_para(d, text[i], LAY_REGULAR, BODY, i == 0 ? lay_ink : lay_muted, 0);
	lay_down(d, 3);
	if (t != NULL)
		lay_table_draw(d, t);
}

// 'quality_rejected()' - The rejected rows: how many, and the first 50 with file, line and reason.
static void
quality_rejected(lay_t *d, const data_quality_t *q)
{
	char count[64], text[2][256];
	const char *lines[2] = { text[0], text[1] };
	int shown = q->n_rejected < 50 ? q->n_rejected : 50;

	format_count(q->rejected_count, "row", count, sizeof count);
	snprintf(text[0], sizeof text[0], "Rejected rows: %s %s rejected and left out of every figure.", count,
	         q->rejected_count == 1 ? "was" : "were");
	snprintf(text[1], sizeof text[1], "The first %d are listed; every one is named on the standard error "
	         "of the run.", shown);
	lay_table_t *t = shown > 0 ? notes_table(q->rejected, q->n_rejected, shown, "Rejected rows") : NULL;

	noted_table(d, "Data quality", "Rejected rows", lines, q->rejected_count > shown ? 2 : 1, t);
	lay_table_free(t);
}

// 'quality_counts()' - Footer rows, ignored and excluded rows, budget mismatch, even profile.
static void
quality_counts(lay_t *d, const data_quality_t *q)
{
	char count[64], a[64], b[64], text[512];

	if (q->n_footers > 0) {
		const char *line = "Total rows of the exports, skipped and never counted:";
		lay_table_t *t = notes_table(q->footers, q->n_footers, 50, "Footer rows skipped");

		noted_table(d, NULL, "Footer rows skipped", &line, 1, t);
		lay_table_free(t);
	}
	// Said even when nothing was left out: a reader should not have to infer a zero.
	format_count(q->ignored_rows, "spend row", count, sizeof count);
	snprintf(text, sizeof text, "Ignored: %s dated outside every awarded year of the unit.", count);
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	format_count(q->excluded_rows, "spend row", count, sizeof count);
	snprintf(text, sizeof text, "Excluded: %s of other cost centres (report.ini, [spend] cost_centres).",
	         count);
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	if (q->budget_mismatch) {
		format_pounds(q->budget_total, a, sizeof a);
		format_pounds(q->award, b, sizeof b);
		snprintf(text, sizeof text, "Budget/award mismatch: the budget rows total %s but the award is %s.",
		         a, b);
		lay_para(d, text, LAY_BOLD, BODY, lay_ink, 0);
	}
	if (q->profile_assumed_even)
		lay_para(d, "Profile assumed even: there are no budget rows for the year, so the award is spread "
		         "evenly over its 12 months (the pence remainder in March).", LAY_REGULAR, BODY, lay_ink, 0);
	else if (!q->budget_mismatch)
		lay_para(d, "Profile: the budget rows of the year, which add up to the award.", LAY_REGULAR, BODY,
		         lay_ink, 0);
}

// 'pdf_quality()' - What the data lacked: rejected, footer, ignored and excluded rows, budget notes.
void
pdf_quality(lay_t *d, const data_quality_t *q)
{
	const float two_lines = 2 * lay_line_height(BODY) + 1;

	if (q->rejected_count == 0 && q->n_footers == 0 && q->ignored_rows == 0 && q->excluded_rows == 0 &&
	    !q->budget_mismatch && !q->profile_assumed_even) {
		lay_heading(d, "Data quality", two_lines);
		lay_para(d, "No data-quality issues: every input row was accepted, no rows were ignored or "
		         "excluded, and the budget matches the award.", LAY_REGULAR, BODY, lay_ink, 0);
		return;
	}
	// The heading is kept with the rejected rows' subheading and table (quality_rejected()).
	if (q->rejected_count > 0) {
		quality_rejected(d, q);
	} else {
		lay_heading(d, "Data quality", two_lines);
		lay_para(d, "Rejected rows: none.", LAY_REGULAR, BODY, lay_ink, 0);
	}
	quality_counts(d, q);
}

// 'pdf_changes()' - A revision's "Changes since the issued revision": what it replaces, and
//                   every figure that differs (what, issued, now, difference).
void
pdf_changes(lay_t *d, const report_meta_t *meta)
{
	const record_t *rec = meta->record;
	char text[1024], date[64];

	if (rec == NULL || rec->revision < 2)
		return;
	if (rec->supersedes_at != 0)
		format_uk_date(rec->supersedes_at, date, sizeof date);
	else
		snprintf(date, sizeof date, "a date its files no longer show");
	snprintf(text, sizeof text, "This is revision %d. Revision %d, issued on %s, is kept unchanged as %s "
	         "(SHA-256 %.16s\xe2\x80\xa6).", rec->revision, rec->revision - 1, date,
	         or_dash(rec->supersedes_file), rec->supersedes_sha256);
	const char *lines[3] = { text, rec->why, rec->n_changes == 0 ? "No figure differs from the issued revision." :
	                                         "Every figure that differs from the issued revision:" };
	int n = 3;

	// Without a reason besides the figures, the two lines close up.
	if (rec->why == NULL) {
		lines[1] = lines[2];
		n = 2;
	}
	lay_table_t *t = NULL;
	if (rec->n_changes > 0) {
		t = lay_table_new(4, 7.5f);
		lay_table_col(t, 0, "What", LAY_LEFT);
		lay_table_col(t, 1, "Issued", LAY_RIGHT);
		lay_table_col(t, 2, "Now", LAY_RIGHT);
		lay_table_col(t, 3, "Difference", LAY_RIGHT);
		lay_table_caption(t, "Changes since the issued revision");
		for (int i = 0; i < rec->n_changes; i++) {
			lay_table_cell(t, rec->changes[i].what);
			lay_table_cell(t, rec->changes[i].issued);
			lay_table_cell(t, rec->changes[i].now);
			lay_table_cell(t, or_dash(rec->changes[i].difference));
		}
	}
	noted_table(d, "Changes since the issued revision", NULL, lines, n, t);
	lay_table_free(t);
}

// 'sign_column()' - One signatory at x in width w: role, name, then empty Signature and Date lines.
//                   O - the height it took.
static float
sign_column(lay_t *d, float x, float w, const char *role, const char *name, float top)
{
	float size = lay_fit_size(d, LAY_REGULAR, BODY, w, or_dash(name)), lh = lay_line_height(BODY);
	float y = top - lh - 24, date = x + w - 95;

	lay_text(d, x, top - lay_baseline(BODY), LAY_BOLD, BODY, LAY_LEFT, lay_muted, role);
	lay_text(d, x, top - lh - lay_baseline(BODY), LAY_REGULAR, size, LAY_LEFT, lay_ink, or_dash(name));
	lay_text(d, x, y, LAY_REGULAR, BODY, LAY_LEFT, lay_muted, "Signature");
	lay_text(d, date, y, LAY_REGULAR, BODY, LAY_LEFT, lay_muted, "Date");
	lay_stroke_colour(d, lay_ink);
	lay_line_width(d, 0.6f);
	lay_move_to(d, x + 44, y - 2);
	lay_line_to(d, date - 10, y - 2);
	lay_move_to(d, date + 24, y - 2);
	lay_line_to(d, x + w, y - 2);
	lay_stroke(d);
	return top - y + 10;
}

// 'sign_lines()' - Prepared by and approved by, side by side.
static void
sign_lines(lay_t *d, const report_meta_t *meta)
{
	const float gap = 30, w = (LAY_WIDTH - gap) / 2;
	float top = lay_y(d), h;

	// Each column read as one block, the first before the second.
	int g = lay_group_begin(d);
	h = sign_column(d, LAY_X0, w, "Prepared by", meta->prepared_by, top);
	lay_group_end(d, g);
	g = lay_group_begin(d);
	sign_column(d, LAY_X0 + w + gap, w, "Approved by", meta->approved_by, top);
	lay_group_end(d, g);
	lay_down(d, h);
}

lay_table_t *
pdf_digest_table(const char *what, const char *digest, const char *caption)
{
	lay_table_t *t = lay_table_new(2, 7.5f);

	lay_table_col(t, 0, what, LAY_LEFT);
	lay_table_col(t, 1, digest, LAY_LEFT);
	lay_table_nowrap(t, 1);
	lay_table_dense(t);
	lay_table_caption(t, caption);
	return t;
}

// 'hash_table()' - The input files and their SHA-256, made ready to draw.
static lay_table_t *
hash_table(const report_meta_t *meta)
{
	lay_table_t *t = pdf_digest_table("Input file", "SHA-256", "Input files");

	for (int i = 0; i < meta->n_inputs; i++) {
		lay_table_cell(t, or_dash(meta->inputs[i].file));
		lay_table_cell(t, meta->inputs[i].sha256);
	}
	return t;
}

// 'pdf_signoff()' - Signatories, then the note, the stamp and the input hashes, kept together.
void
pdf_signoff(lay_t *d, const report_meta_t *meta, const char *note)
{
	char when[96], text[512];
	lay_table_t *t = hash_table(meta);

	format_uk_time(meta->now, when, sizeof when);
	snprintf(text, sizeof text, "Generated %s (UK time) by roit-report %s. The SHA-256 of each input file "
	         "below identifies exactly the data this document was made from.", when, ROIT_VERSION);
	// Sign-off and audit trail stay on one page when they can: they are read together.
	lay_heading(d, "Sign-off and audit trail", lay_line_height(BODY) + 34 + 8 +
	            lay_para_height(d, text, LAY_REGULAR, BODY, LAY_WIDTH) + 4 + lay_table_height(d, t) +
	            (note ? lay_para_height(d, note, LAY_REGULAR, BODY, LAY_WIDTH) + 4 : 0));
	sign_lines(d, meta);
	lay_down(d, 8);
	if (note != NULL) {
		lay_para(d, note, LAY_REGULAR, BODY, lay_ink, 0);
		lay_down(d, 4);
	}
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	lay_down(d, 4);
	if (meta->n_inputs == 0)
		lay_para(d, "No input files were recorded.", LAY_REGULAR, BODY, lay_muted, 0);
	else
		lay_table_draw(d, t);
	lay_table_free(t);
}


int
pdf_open(const report_meta_t *meta, const char *title, const char *subject, const char *header,
         const pdf_twin_t *twin, lay_shared_t *shared, lay_t **d)
{
	char creator[64], footer[160], stamp[96];

	format_uk_time(meta->now, stamp, sizeof stamp);
	snprintf(creator, sizeof creator, "roit-report %s", ROIT_VERSION);
	snprintf(footer, sizeof footer, "roit-report %s \xc2\xb7 generated %s", ROIT_VERSION, stamp);
	lay_info_t info = {
		.title = title, .author = pdf_author(meta), .subject = subject, .creator = creator,
		.created = meta->now, .marking = meta->marking, .header_left = meta->unit,
		.header_right = header, .footer_left = footer, .twin_name = twin ? twin->name : NULL,
	};
	// A twin still being made is put in by pdf_twin_ready().
	if (twin != NULL && twin->wait == NULL) {
		info.twin = twin->json->data;
		info.twin_len = twin->json->len;
	}
	return lay_open(&info, shared, d);
}

int
pdf_twin_ready(lay_t *d, const pdf_twin_t *twin)
{
	int rc = ROIT_OK;

	if (twin != NULL && twin->wait != NULL && (rc = twin->wait(twin->arg)) == ROIT_OK)
		lay_twin(d, twin->json->data, twin->json->len);
	return rc;
}
