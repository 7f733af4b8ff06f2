// The monthly scrutiny return as PDF: a monthly_t in, the ten parts of the contract's
// section 5 drawn in order through the layout layer, the bytes of the PDF out.
// Also the parts the continuation summary shares: title block, data quality, sign-off.
#include <stdio.h>
#include <string.h>

#include "pdf.h"
#include "roit.h"

#define DASH "\xe2\x80\x94"	// the em dash: a figure that does not exist
#define BODY 9.0f		// body text size
#define TABLE 8.0f		// table text size

// 'pdf_rag_colours()' - Fill and ink of a RAG badge: green and red dark with white ink, amber light.
void
pdf_rag_colours(rag_t rag, lay_rgb_t *fill, lay_rgb_t *ink)
{
	static const lay_rgb_t green = { 0.0f, 0.43f, 0.24f }, amber = { 1.0f, 0.76f, 0.03f };
	static const lay_rgb_t red = { 0.71f, 0.09f, 0.11f }, none = { 0.90f, 0.91f, 0.92f };

	*fill = rag == RAG_GREEN ? green : rag == RAG_AMBER ? amber : rag == RAG_RED ? red : none;
	*ink = rag == RAG_GREEN || rag == RAG_RED ? lay_white : lay_ink;
}

static const char *or_dash(const char *s) { return s != NULL && s[0] != '\0' ? s : DASH; }

/*
 * Shared parts.
 */

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

	lay_need(d, 130);
	lay_bookmark(d, kind);
	lay_para(d, kind, LAY_BOLD, 20, lay_navy, 0);
	lay_down(d, 2);
	lay_para(d, or_dash(meta->unit), LAY_BOLD, 14, lay_ink, 0);
	lay_para(d, when, LAY_REGULAR, 12, lay_ink, 0);
	lay_down(d, 6);
	lay_hline(d, 0.5f, lay_rule);
	lay_down(d, 6);
	lay_pairs(d, pairs, 5, 2, BODY);
	lay_down(d, 4);
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

// 'noted_table()' - A subheading and its lines of text kept with the start of a table, then the
//                   table (may be NULL; the caller frees it); the section's heading first, kept
//                   with them, when one is given.
static void
noted_table(lay_t *d, const char *section, const char *head, const char *const *text, int n, lay_table_t *t)
{
	float keep = 4 + (t != NULL ? lay_table_keep(d, t) : 0);

	for (int i = 0; i < n; i++)
		keep += lay_para_height(d, text[i], LAY_REGULAR, BODY, LAY_WIDTH);
	if (section != NULL)
		lay_heading(d, section, lay_subheading_keep(keep));
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

	h = sign_column(d, LAY_X0, w, "Prepared by", meta->prepared_by, top);
	sign_column(d, LAY_X0 + w + gap, w, "Approved by", meta->approved_by, top);
	lay_down(d, h);
}

// 'hash_table()' - The input files and their SHA-256, made ready to draw.
static lay_table_t *
hash_table(const report_meta_t *meta)
{
	lay_table_t *t = lay_table_new(2, 7.5f);

	lay_table_col(t, 0, "Input file", LAY_LEFT);
	lay_table_col(t, 1, "SHA-256", LAY_LEFT);
	lay_table_nowrap(t, 1);
	lay_table_dense(t);
	lay_table_caption(t, "Input files");
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

/*
 * The monthly return's own parts.
 */

// 'when_text()' - "June 2020 — P3 2020/21".
static void
when_text(const monthly_t *m, char *buf, size_t size)
{
	char month[32], fy[16];

	format_month_name(m->month, month, sizeof month);
	format_fy(m->fy, '/', fy);
	snprintf(buf, size, "%s " DASH " P%d %s", month, m->period, fy);
}

// 'variance_note()' - "4.2% over profile", "on profile", "no YTD profile".
static void
variance_note(const spend_line_t *l, char *buf, size_t size)
{
	char pct[32];

	if (!l->variance_pct.has) {
		snprintf(buf, size, "n/a: no YTD profile");
		return;
	}
	format_pct(l->variance_pct, pct, sizeof pct);
	snprintf(buf, size, "%s %s", pct, l->variance > 0 ? "over profile" : l->variance < 0 ? "under profile" :
	         "on profile");
}

// 'headline()' - Part 3: the key figures as tiles, the spend RAG as a badge with its word.
static void
headline(lay_t *d, const monthly_t *m)
{
	char v[8][48], note[4][96], fy[16], award[48], periods[32];
	lay_tile_t tiles[8];
	const char *word = rag_word(m->spend_rag);

	format_fy(m->fy, '/', fy);
	snprintf(award, sizeof award, "Award %s", fy);
	snprintf(periods, sizeof periods, m->period > 1 ? "P1\xe2\x80\x93P%d" : "P%d", m->period);
	format_pounds(m->award, v[0], sizeof v[0]);
	format_pounds(m->total.ytd_actual, v[1], sizeof v[1]);
	format_pounds(m->total.ytd_profile, v[2], sizeof v[2]);
	format_pounds(m->total.variance, v[3], sizeof v[3]);
	format_pounds(m->total.forecast, v[4], sizeof v[4]);
	format_pounds(m->forecast_variance, v[5], sizeof v[5]);
	format_pounds(m->remaining, v[6], sizeof v[6]);
	variance_note(&m->total, note[0], sizeof note[0]);
	snprintf(note[1], sizeof note[1], "actual to date, %s", periods);
	snprintf(note[2], sizeof note[2], "profile to date, %s", periods);
	snprintf(note[3], sizeof note[3], "forecast outturn less award");

	memset(tiles, 0, sizeof tiles);
	tiles[0] = (lay_tile_t){ .label = award, .value = v[0], .note = or_dash(m->meta.reference) };
	tiles[1] = (lay_tile_t){ .label = "YTD actual", .value = v[1], .note = note[1] };
	tiles[2] = (lay_tile_t){ .label = "YTD profile", .value = v[2], .note = note[2] };
	tiles[3] = (lay_tile_t){ .label = "Variance (YTD actual less profile)", .value = v[3], .note = note[0] };
	tiles[4] = (lay_tile_t){ .label = "Forecast outturn", .value = v[4], .note = "YTD actual + profile to March" };
	tiles[5] = (lay_tile_t){ .label = "Forecast variance", .value = v[5], .note = note[3] };
	tiles[6] = (lay_tile_t){ .label = "Remaining grant", .value = v[6], .note = "award less YTD actual" };
	tiles[7] = (lay_tile_t){ .label = "Spend RAG (YTD variance %)", .value = word ? word : "NO RAG",
	                         .note = word ? "on the total's variance %" : "no YTD profile to compare",
	                         .badge = true };
	pdf_rag_colours(m->spend_rag, &tiles[7].fill, &tiles[7].ink);
	lay_heading(d, "Headline", lay_tiles_height(d, tiles, 8, 4));
	lay_tiles(d, tiles, 8, 4);
}

// 'spend_row()' - One row of the spend table.
static void
spend_row(lay_table_t *t, const spend_line_t *l, const char *name)
{
	char b[48];
	const int64_t money[] = { l->month_actual, l->month_profile, l->ytd_actual, l->ytd_profile, l->variance };

	lay_table_cell(t, name);
	for (size_t k = 0; k < sizeof money / sizeof money[0]; k++) {
		format_pounds(money[k], b, sizeof b);
		lay_table_cell(t, b);
	}
	format_pct(l->variance_pct, b, sizeof b);
	lay_table_cell(t, b);
	format_pounds(l->annual_budget, b, sizeof b);
	lay_table_cell(t, b);
	format_pounds(l->forecast, b, sizeof b);
	lay_table_cell(t, b);
}

// 'spend_table()' - Part 4: category by figure, the Total row last; flagged categories marked.
static void
spend_table(lay_t *d, const monthly_t *m)
{
	static const char *const heads[9] = {
		"Category", "Month actual", "Month profile", "YTD actual", "YTD profile", "Variance",
		"Variance %", "Annual budget", "Forecast outturn"
	};
	lay_table_t *t = lay_table_new(9, TABLE);
	char name[1024];

	for (int c = 0; c < 9; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : LAY_RIGHT);
	lay_table_caption(t, "Spend against profile");
	for (int i = 0; i < m->n_lines; i++) {
		const spend_line_t *l = &m->lines[i];
		snprintf(name, sizeof name, "%s%s", or_dash(l->name), l->explanation_needed ? " \xe2\x80\xa0" : "");
		spend_row(t, l, name);
	}
	lay_table_row_flags(t, LAY_ROW_TOTAL);
	spend_row(t, &m->total, "Total");

	lay_heading(d, "Spend against profile", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
	char amber[16], red[16], material[32], note[512];

	format_bp(m->meta.amber_bp, amber, sizeof amber);
	format_bp(m->meta.red_bp, red, sizeof red);
	format_pounds(m->meta.materiality, material, sizeof material);
	snprintf(note, sizeof note, "Variance is YTD actual less YTD profile: a positive variance is an overspend. "
	         "Forecast outturn is YTD actual plus the profile of the months to come. Spend RAG on the "
	         "total's variance %%: GREEN within %s, AMBER within %s, else RED.", amber, red);
	lay_para(d, note, LAY_REGULAR, 7.5f, lay_muted, 0);
	if (m->n_explanations > 0) {
		snprintf(note, sizeof note, "\xe2\x80\xa0 Explanation needed: a variance beyond %s and of at least "
		         "%s, with no spend commentary this month (see Commentary).", amber, material);
		lay_para(d, note, LAY_BOLD, 7.5f, lay_ink, 0);
	}
}

// 'spend_chart()' - Part 5: monthly actual and profile bars, cumulative lines; later months profile only.
static void
spend_chart(lay_t *d, const monthly_t *m)
{
	chart_t c;
	char title[96], fy[16], month[32], shade[96];
	const float h = 215;

	memset(&c, 0, sizeof c);
	format_fy(m->fy, '/', fy);
	format_month_name(m->month, month, sizeof month);
	snprintf(title, sizeof title, "Spend by month, %s: actual against profile", fy);
	snprintf(shade, sizeof shade, "After %s: profile only", month);
	c.title = title;
	c.n_cats = 12;
	c.shade_from = 12;
	c.shade_label = shade;
	c.n_bars = 2;
	c.bars[0].label = "Actual (month)";
	c.bars[1].label = "Profile (month)";
	c.n_lines = 2;
	c.lines[0].label = "Cumulative actual";
	c.lines[1].label = "Cumulative profile";
	c.bar_unit = c.line_unit = CHART_PENCE;
	c.bar_axis = "Month (\xc2\xa3)";
	c.line_axis = "Cumulative (\xc2\xa3)";
	c.lines_right = true;
	for (int i = 0; i < 12; i++) {
		const month_point_t *p = &m->chart[i];
		c.cats[i] = format_period_abbr(i + 1);
		if (!p->reported && c.shade_from == 12)
			c.shade_from = i;
		c.bars[0].v[i] = p->actual, c.bars[0].has[i] = p->reported;
		c.bars[1].v[i] = p->profile, c.bars[1].has[i] = true;
		c.lines[0].v[i] = p->cum_actual, c.lines[0].has[i] = p->reported;
		c.lines[1].v[i] = p->cum_profile, c.lines[1].has[i] = true;
	}
	lay_need(d, h + 10);
	lay_down(d, 10);
	lay_bookmark(d, "Spend chart");
	chart_draw(d, &c, LAY_X0, lay_y(d), LAY_WIDTH, h);
	lay_down(d, h);
}

// 'value_or_dash()' - A measure's value as shown, or the dash where it has none.
static void
value_or_dash(bool has, int64_t v, measure_kind_t kind, char *buf, size_t size)
{
	if (has)
		format_value(v, kind, false, buf, size);
	else
		snprintf(buf, size, DASH);
}

// 'outcome_table()' - Part 6, first table: measure by month, YTD, prior YTD, targets and RAG.
static lay_table_t *
outcome_table(const monthly_t *m)
{
	static const char *const heads[7] = {
		"Measure", "Month", "YTD", "Prior YTD", "Annual target", "Pro-rata target", "RAG"
	};
	lay_table_t *t = lay_table_new(7, TABLE);
	char b[48];

	for (int c = 0; c < 7; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : c == 6 ? LAY_CENTRE : LAY_RIGHT);
	lay_table_caption(t, "Outcomes");
	for (int i = 0; i < m->n_outcomes; i++) {
		const outcome_line_t *o = &m->outcomes[i];
		lay_rgb_t fill, ink;
		lay_table_cell(t, or_dash(o->label ? o->label : o->measure));
		format_value(o->month, o->kind, false, b, sizeof b);
		lay_table_cell(t, b);
		format_value(o->ytd, o->kind, false, b, sizeof b);
		lay_table_cell(t, b);
		value_or_dash(o->has_prior, o->prior_ytd, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		value_or_dash(o->has_target, o->target, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		value_or_dash(o->has_target, o->pro_rata, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_rag_colours(o->rag, &fill, &ink);
		if (rag_word(o->rag) != NULL)
			lay_table_badge(t, rag_word(o->rag), fill, ink);
		else
			lay_table_cell(t, DASH);
	}
	return t;
}

// 'levels_table()' - Part 6: disruptions by level, month and YTD.
static void
levels_table(lay_t *d, const monthly_t *m)
{
	lay_table_t *t = lay_table_new(3, TABLE);
	char b[48];

	lay_table_col(t, 0, "Disruption level", LAY_LEFT);
	lay_table_col(t, 1, "Month", LAY_RIGHT);
	lay_table_col(t, 2, "YTD", LAY_RIGHT);
	lay_table_compact(t);
	for (int i = 0; i < LEVEL_COUNT; i++) {
		lay_table_cell(t, level_labels[i]);
		format_value(m->level_month[i], KIND_COUNT, false, b, sizeof b);
		lay_table_cell(t, b);
		format_value(m->level_ytd[i], KIND_COUNT, false, b, sizeof b);
		lay_table_cell(t, b);
	}
	lay_subheading(d, "Disruptions by level", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
}

// 'cost_table()' - Part 6: YTD spend per outcome, with the figures it is made of.
static void
cost_table(lay_t *d, const monthly_t *m)
{
	lay_table_t *t = lay_table_new(4, TABLE);
	char b[48];
	int rows = 0;

	lay_table_col(t, 0, "Measure", LAY_LEFT);
	lay_table_col(t, 1, "YTD spend", LAY_RIGHT);
	lay_table_col(t, 2, "YTD outcomes", LAY_RIGHT);
	lay_table_col(t, 3, "Cost per outcome", LAY_RIGHT);
	lay_table_compact(t);
	for (int i = 0; i < 2; i++) {
		const cost_line_t *c = &m->costs[i];
		if (c->measure == NULL)
			continue;
		lay_table_cell(t, or_dash(c->label ? c->label : c->measure));
		format_pounds(c->spend, b, sizeof b);
		lay_table_cell(t, b);
		format_value(c->value, KIND_COUNT, false, b, sizeof b);
		lay_table_cell(t, b);
		if (c->has)
			format_pounds(c->pence, b, sizeof b);
		else
			snprintf(b, sizeof b, "n/a (none to date)");
		lay_table_cell(t, b);
		rows++;
	}
	if (rows > 0) {
		lay_subheading(d, "Cost per outcome", lay_table_keep(d, t));
		lay_table_draw(d, t);
	}
	lay_table_free(t);
}

// 'outcomes()' - Part 6: the outcomes table, disruptions by level, cost per outcome.
static void
outcomes(lay_t *d, const monthly_t *m)
{
	lay_table_t *t = m->n_outcomes > 0 ? outcome_table(m) : NULL;

	lay_heading(d, "Outcomes", t != NULL ? lay_table_keep(d, t) : 30);
	if (t == NULL)
		lay_para(d, "No outcomes were recorded for this year or the year before, and no targets are set, so "
		         "there is no outcomes chart.", LAY_REGULAR, BODY, lay_ink, 0);
	else
		lay_table_draw(d, t);
	lay_table_free(t);
	char amber[16], red[16], note[256];

	format_bp(10000 - m->meta.amber_bp, amber, sizeof amber);
	format_bp(10000 - m->meta.red_bp, red, sizeof red);
	snprintf(note, sizeof note, "RAG: GREEN when YTD is at least %s of the pro-rata target, AMBER at least %s, "
	         "else RED; " DASH " where no target is set.", amber, red);
	lay_para(d, note, LAY_REGULAR, 7.5f, lay_muted, 0);
	if (m->levels_used)
		levels_table(d, m);
	cost_table(d, m);
}

// 'outcome_chart()' - Part 7: the main outcome measures by month of the year.
static void
outcome_chart(lay_t *d, const monthly_t *m)
{
	chart_t c;
	char title[96], fy[16], month[32], shade[96];
	const float h = 210;

	if (m->n_outcomes == 0)
		return;		// the Outcomes section says there is no chart
	memset(&c, 0, sizeof c);
	format_fy(m->fy, '/', fy);
	if (m->n_series == 0) {
		// No chart, and a note that says why in its place.
		char note[256];
		snprintf(note, sizeof note, "No main outcome measures (networks, arrests, charges) recorded for %s; "
		         "the table above lists every measure.", fy);
		lay_need(d, 12 + lay_para_height(d, note, LAY_REGULAR, 8.5f, LAY_WIDTH - 16) + 16);
		lay_down(d, 12);
		lay_bookmark(d, "Outcomes chart");
		lay_down(d, lay_note_box(d, LAY_X0, lay_y(d), LAY_WIDTH, NULL, note));
		return;
	}
	format_month_name(m->month, month, sizeof month);
	snprintf(title, sizeof title, "Main outcomes by month, %s", fy);
	snprintf(shade, sizeof shade, "After %s", month);
	c.title = title;
	c.n_cats = 12;
	c.shade_from = m->period;
	c.shade_label = shade;
	c.n_bars = m->n_series > 4 ? 4 : m->n_series;
	c.bar_unit = CHART_THOUSANDTHS;
	c.bar_axis = "Number";
	for (int i = 0; i < 12; i++)
		c.cats[i] = format_period_abbr(i + 1);
	for (int k = 0; k < c.n_bars; k++) {
		const series_t *s = &m->series[k];
		c.bars[k].label = s->label ? s->label : s->measure;
		for (int i = 0; i < 12 && i < s->n; i++)
			c.bars[k].v[i] = s->values[i], c.bars[k].has[i] = i < m->period;
	}
	lay_need(d, h + 16);
	lay_down(d, 12);
	lay_bookmark(d, "Outcomes chart");
	chart_draw(d, &c, LAY_X0, lay_y(d), LAY_WIDTH, h);
	lay_down(d, h);
}

// 'flags()' - The "Explanation needed" flags: each flagged category with its variance.
static void
flags(lay_t *d, const monthly_t *m)
{
	lay_rgb_t fill, ink;
	char v[48], pct[32], text[1400];

	pdf_rag_colours(RAG_AMBER, &fill, &ink);
	lay_need(d, 40);
	lay_badge(d, LAY_X0, lay_y(d) - 12, 8.5f, "EXPLANATION NEEDED", fill, ink);
	lay_down(d, 20);
	lay_para(d, "No variance explanation was given this month for these categories:", LAY_REGULAR, BODY,
	         lay_ink, 0);
	for (int i = 0; i < m->n_lines; i++) {
		const spend_line_t *l = &m->lines[i];
		if (!l->explanation_needed)
			continue;
		format_pounds(l->variance, v, sizeof v);
		format_pct(l->variance_pct, pct, sizeof pct);
		snprintf(text, sizeof text, "\xe2\x80\xa2 %s: variance %s (%s)", or_dash(l->name), v, pct);
		lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 10);
	}
}

// 'commentary()' - Part 8: the unit's narrative by section, and the flags.
static void
commentary(lay_t *d, const monthly_t *m)
{
	static const char *const titles[4] = { "Summary", "Spend and variance explanations", "Outcomes",
	                                       "Risks and issues" };
	static const int sections[4] = { SECTION_SUMMARY, SECTION_SPEND, SECTION_OUTCOMES, SECTION_RISKS };

	const float two_lines = 2 * lay_line_height(BODY) + 1;

	// Each heading is kept with what follows it: a subheading and two lines at least.
	lay_heading(d, "Commentary", lay_subheading_keep(two_lines));
	for (int k = 0; k < 4; k++) {
		const commentary_t *c = &m->commentary;
		int s = sections[k];
		lay_subheading(d, titles[k], s == SECTION_SPEND && m->n_explanations > 0 ? 40 : two_lines);
		if (s == SECTION_SPEND && m->n_explanations > 0)
			flags(d, m);
		else if (c->n[s] == 0)
			lay_para(d, "No commentary was given for this section.", LAY_REGULAR, BODY, lay_muted, 0);
		for (int i = 0; i < c->n[s]; i++) {
			lay_para(d, c->text[s][i], LAY_REGULAR, BODY, lay_ink, 0);
			lay_down(d, 4);
		}
	}
}

// 'pdf_monthly()' - The ten parts of the monthly return, in the contract's order.
int
pdf_monthly(const monthly_t *m, lay_fonts_t *fonts, buf_t *out)
{
	char when[128], title[512], subject[512], creator[64], header[160], footer[160], stamp[96];
	lay_t *d;
	int rc;

	when_text(m, when, sizeof when);
	format_uk_time(m->meta.now, stamp, sizeof stamp);
	snprintf(title, sizeof title, "Monthly scrutiny return " DASH " %s " DASH " %s", or_dash(m->meta.unit), when);
	snprintf(subject, sizeof subject, "Spend against profile and outcomes of %s for %s, grant %s",
	         or_dash(m->meta.unit), when, or_dash(m->meta.reference));
	snprintf(creator, sizeof creator, "roit-report %s", ROIT_VERSION);
	snprintf(header, sizeof header, "Monthly scrutiny return \xc2\xb7 %s", when);
	snprintf(footer, sizeof footer, "roit-report %s \xc2\xb7 generated %s", ROIT_VERSION, stamp);
	lay_info_t info = {
		.title = title, .author = m->meta.organisation, .subject = subject, .creator = creator,
		.created = m->meta.now, .marking = m->meta.marking, .header_left = m->meta.unit,
		.header_right = header, .footer_left = footer,
	};
	if ((rc = lay_open(&info, fonts, &d)) != ROIT_OK)
		return rc;
	pdf_title_block(d, &m->meta, "Monthly scrutiny return", when);
	headline(d, m);
	spend_table(d, m);
	spend_chart(d, m);
	outcomes(d, m);
	outcome_chart(d, m);
	commentary(d, m);
	pdf_quality(d, &m->quality);
	pdf_signoff(d, &m->meta, NULL);
	rc = lay_save(d, out);
	lay_free(d);
	return rc;
}
