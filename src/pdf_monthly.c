// The monthly scrutiny return as PDF: a monthly_t in, the ten parts of the contract's
// section 5 drawn in order through the layout layer, the bytes of the PDF out.
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "pdf.h"
#include "pdf_parts.h"
#include "roit.h"


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
	format_variance(m->total.variance_pct, m->total.variance, note[0], sizeof note[0]);
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
	char title[96], fy[16], month[32], shade[96], spoken[12][32];
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
		format_month_name(p->month, spoken[i], sizeof spoken[i]);
		c.spoken[i] = spoken[i];
		if (!p->reported && c.shade_from == 12)
			c.shade_from = i;
		c.bars[0].v[i] = p->actual, c.bars[0].has[i] = p->reported;
		c.bars[1].v[i] = p->profile, c.bars[1].has[i] = true;
		c.lines[0].v[i] = p->cum_actual, c.lines[0].has[i] = p->reported;
		c.lines[1].v[i] = p->cum_profile, c.lines[1].has[i] = true;
	}
	chart_flow(d, &c, 10, h, "Spend chart");
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
		lay_table_cell(t, or_dash(o->label ? o->label : o->measure));
		format_value(o->month, o->kind, false, b, sizeof b);
		lay_table_cell(t, b);
		format_value(o->ytd, o->kind, false, b, sizeof b);
		lay_table_cell(t, b);
		pdf_value_or_dash(o->has_prior, o->prior_ytd, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_value_or_dash(o->has_target, o->target, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_value_or_dash(o->has_target, o->pro_rata, o->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_rag_cell(t, o->rag, NULL);
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
	char title[96], fy[16], month[32], shade[96], spoken[12][32];
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
	for (int i = 0; i < 12; i++) {
		c.cats[i] = format_period_abbr(i + 1);
		format_month_name(fy_period_month(m->fy, i + 1), spoken[i], sizeof spoken[i]);
		c.spoken[i] = spoken[i];
	}
	for (int k = 0; k < c.n_bars; k++) {
		const series_t *s = &m->series[k];
		c.bars[k].label = s->label ? s->label : s->measure;
		for (int i = 0; i < 12 && i < s->n; i++)
			c.bars[k].v[i] = s->values[i], c.bars[k].has[i] = i < m->period;
	}
	chart_flow(d, &c, 12, h, "Outcomes chart");
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

// 'restated_value()' - A restated figure in its own unit: pounds, or the measure's value;
//                      signed with '+' for a difference.
static void
restated_value(const restatement_t *r, int64_t v, bool sign, char *buf, size_t size)
{
	size_t n = sign && v > 0 ? 1 : 0;

	buf[0] = '+';
	if (r->spend)
		format_pounds(v, buf + n, size - n);
	else
		format_value(v, r->kind, false, buf + n, size - n);
}

// 'restated()' - "Restated since issued": every month figure of an earlier issued return of
//                the year that now differs (SPEC 8), or a line saying there is none.
static void
restated(lay_t *d, const monthly_t *m)
{
	const record_t *rec = m->meta.record;
	int n = rec != NULL ? rec->n_restatements : 0;
	char fy[8], text[512], month[32], what[512], a[48], b[48], c[48];

	format_fy(m->fy, '/', fy);
	if (n == 0) {
		lay_heading(d, "Restated since issued", 2 * lay_line_height(BODY) + 1);
		if (rec == NULL || rec->n_compared == 0)
			snprintf(text, sizeof text, "None: no earlier month of %s has an issued return to compare with.", fy);
		else
			snprintf(text, sizeof text, "None: every category month actual and measure month value of the "
			         "earlier issued returns of %s is as issued.", fy);
		lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
		return;
	}
	lay_table_t *t = lay_table_new(5, TABLE);
	lay_table_col(t, 0, "Month", LAY_LEFT);
	lay_table_col(t, 1, "What", LAY_LEFT);
	lay_table_col(t, 2, "Issued", LAY_RIGHT);
	lay_table_col(t, 3, "Now", LAY_RIGHT);
	lay_table_col(t, 4, "Difference", LAY_RIGHT);
	lay_table_caption(t, "Restated since issued");
	for (int i = 0; i < n; i++) {
		const restatement_t *r = &rec->restatements[i];
		format_month_name(r->month, month, sizeof month);
		snprintf(what, sizeof what, "%s " DASH " %s", or_dash(r->label), r->spend ? "month actual" : "month");
		restated_value(r, r->issued, false, a, sizeof a);
		restated_value(r, r->now, false, b, sizeof b);
		restated_value(r, r->now - r->issued, true, c, sizeof c);
		lay_table_cell(t, month);
		lay_table_cell(t, what);
		lay_table_cell(t, a);
		lay_table_cell(t, b);
		lay_table_cell(t, c);
	}
	snprintf(text, sizeof text, "Month figures of earlier issued returns of %s that now read differently "
	         "(late journals and corrections):", fy);
	lay_heading(d, "Restated since issued", lay_para_height(d, text, LAY_REGULAR, BODY, LAY_WIDTH) +
	            lay_table_keep(d, t) + 4);
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	lay_down(d, 3);
	lay_table_draw(d, t);
	lay_table_free(t);
}

// 'pdf_monthly()' - The ten parts of the monthly return, in the contract's order.
int
pdf_monthly(const monthly_t *m, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	char when[128], title[512], subject[512], header[160];
	lay_t *d;
	int rc;

	pdf_when(m->month, when, sizeof when);
	snprintf(title, sizeof title, "Monthly scrutiny return " DASH " %s " DASH " %s", or_dash(m->meta.unit), when);
	snprintf(subject, sizeof subject, "Spend against profile and outcomes of %s for %s, grant %s",
	         or_dash(m->meta.unit), when, or_dash(m->meta.reference));
	snprintf(header, sizeof header, "Monthly scrutiny return \xc2\xb7 %s", when);
	if ((rc = pdf_open(&m->meta, title, subject, header, twin, shared, &d)) != ROIT_OK)
		return rc;
	pdf_title_block(d, &m->meta, "Monthly scrutiny return", when);
	headline(d, m);
	spend_table(d, m);
	spend_chart(d, m);
	outcomes(d, m);
	outcome_chart(d, m);
	commentary(d, m);
	restated(d, m);
	pdf_changes(d, &m->meta);
	pdf_quality(d, &m->quality);
	pdf_signoff(d, &m->meta, NULL);
	rc = lay_save(d, out);
	lay_free(d);
	return rc;
}
