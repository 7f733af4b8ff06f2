// The funding-continuation summary as PDF: a summary_t in, the parts of the contract's
// section 5 (history, delivery, value for money, current year, the request, charts,
// sign-off) drawn through the layout layer, the bytes of the PDF out.  Aimed at two pages.
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "pdf.h"
#include "pdf_parts.h"
#include "roit.h"

// 'year_label()' - "2019/20", or "2020/21 (to P3)" for the year still running, "2020/21
//                  (provisional)" for the year of M as at its March.
static void
year_label(const history_line_t *h, bool mark, char *buf, size_t size)
{
	char fy[16];

	format_fy(h->fy, '/', fy);
	if (mark && !h->complete)
		snprintf(buf, size, "%s (to P%d)", fy, h->periods);
	else if (mark && h->provisional)
		snprintf(buf, size, "%s (provisional)", fy);
	else
		snprintf(buf, size, "%s", fy);
}

// 'headline()' - The grant period at a glance: awarded, spent, this year's forecast, the ask.
static void
headline(lay_t *d, const summary_t *s)
{
	char v[4][48], label[3][96], note[4][96], first[16], last[16], fv[48];
	lay_tile_t tiles[4];
	const monthly_t *c = s->current;

	memset(tiles, 0, sizeof tiles);
	format_fy(s->n_years > 0 ? s->history[0].fy : s->fy, '/', first);
	format_fy(s->fy, '/', last);
	if (strcmp(first, last) == 0)
		snprintf(label[0], sizeof label[0], "Awarded %s", first);
	else
		snprintf(label[0], sizeof label[0], "Awarded %s to %s", first, last);
	format_pounds(s->total_award, v[0], sizeof v[0]);
	snprintf(note[0], sizeof note[0], "%d grant year%s", s->n_years, s->n_years == 1 ? "" : "s");
	format_pounds(s->total_spend, v[1], sizeof v[1]);
	format_pct(s->total_utilisation, note[1], sizeof note[1]);
	strncat(note[1], " of the awards", sizeof note[1] - strlen(note[1]) - 1);
	snprintf(label[1], sizeof label[1], "Forecast outturn %s", last);
	if (c != NULL) {
		format_pounds(c->total.forecast, v[2], sizeof v[2]);
		format_pounds(c->forecast_variance, fv, sizeof fv);
		snprintf(note[2], sizeof note[2], "%s against the award", fv);
	} else {
		snprintf(v[2], sizeof v[2], DASH);
		note[2][0] = '\0';
	}
	if (s->n_requests > 0) {
		char fy[16];
		format_fy(s->requests[0].fy, '/', fy);
		snprintf(label[2], sizeof label[2], "Requested for %s", fy);
		format_pounds(s->requests[0].amount, v[3], sizeof v[3]);
		if (s->n_requests == 1)
			snprintf(note[3], sizeof note[3], "%s", or_dash(s->requests[0].reference));
		else
			snprintf(note[3], sizeof note[3], "and %d further request%s below", s->n_requests - 1,
			         s->n_requests > 2 ? "s" : "");
	} else {
		snprintf(label[2], sizeof label[2], "Requested");
		snprintf(v[3], sizeof v[3], "None");
		snprintf(note[3], sizeof note[3], "no requested grant row");
	}
	tiles[0] = (lay_tile_t){ .label = label[0], .value = v[0], .note = note[0] };
	tiles[1] = (lay_tile_t){ .label = "Spent to date", .value = v[1], .note = note[1] };
	tiles[2] = (lay_tile_t){ .label = label[1], .value = v[2], .note = note[2] };
	tiles[3] = (lay_tile_t){ .label = label[2], .value = v[3], .note = note[3] };
	lay_heading(d, "At a glance", lay_tiles_height(d, tiles, 4, 4));
	lay_tiles(d, tiles, 4, 4);
}

// 'history()' - Part 2: one row per awarded year, the running year marked, and the total.
static void
history(lay_t *d, const summary_t *s)
{
	static const char *const heads[6] = {
		"Grant year", "Award", "Spend", "Spend period", "Underspend (award less spend)", "Utilisation"
	};
	lay_table_t *t = lay_table_new(6, TABLE);
	char b[64];

	for (int c = 0; c < 6; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : LAY_RIGHT);
	lay_table_caption(t, "Funding history");
	for (int i = 0; i < s->n_years; i++) {
		const history_line_t *h = &s->history[i];
		year_label(h, false, b, sizeof b);
		lay_table_cell(t, b);
		format_pounds(h->award, b, sizeof b);
		lay_table_cell(t, b);
		format_pounds(h->spend, b, sizeof b);
		lay_table_cell(t, b);
		if (h->complete)
			snprintf(b, sizeof b, h->provisional ? "full year, provisional" : "full year");
		else
			snprintf(b, sizeof b, "to P%d", h->periods);
		lay_table_cell(t, b);
		if (h->complete)
			format_pounds(h->under, b, sizeof b);
		else
			snprintf(b, sizeof b, "in progress");
		lay_table_cell(t, b);
		format_pct(h->utilisation, b, sizeof b);
		lay_table_cell(t, b);
	}
	lay_table_row_flags(t, LAY_ROW_TOTAL);
	lay_table_cell(t, "Total");
	format_pounds(s->total_award, b, sizeof b);
	lay_table_cell(t, b);
	format_pounds(s->total_spend, b, sizeof b);
	lay_table_cell(t, b);
	lay_table_cell(t, "");
	lay_table_cell(t, "");
	format_pct(s->total_utilisation, b, sizeof b);
	lay_table_cell(t, b);

	lay_heading(d, "Funding history", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
	const history_line_t *last = s->n_years > 0 ? &s->history[s->n_years - 1] : NULL;
	lay_para(d, last != NULL && last->provisional ?
	         "Utilisation is spend as a share of the award. A negative underspend is an overspend. As at "
	         "March the year is complete but provisional: year-end accruals and journals may still move its "
	         "spend." :
	         "Utilisation is spend as a share of the award. A negative underspend is an overspend; the "
	         "running year's spend is to date and its outturn is forecast below.", LAY_REGULAR, 7.5f,
	         lay_muted, 0);
}

// 'year_cats()' - The grant years as chart categories; the running year shaded.
static void
year_cats(const summary_t *s, chart_t *c, char labels[][16], char *shade, size_t size)
{
	c->n_cats = s->n_years < CHART_MAX_CATS ? s->n_years : CHART_MAX_CATS;
	c->shade_from = c->n_cats;
	for (int i = 0; i < c->n_cats; i++) {
		format_fy(s->history[i].fy, '/', labels[i]);
		c->cats[i] = labels[i];
		if (!s->history[i].complete && c->shade_from == c->n_cats) {
			c->shade_from = i;
			snprintf(shade, size, "%s: to P%d", labels[i], s->history[i].periods);
		}
	}
	c->shade_label = shade;
}

// 'charts()' - Part 7: award against spend by year, and the main outcomes by year, side by side.
static void
charts(lay_t *d, const summary_t *s)
{
	chart_t money, deeds;	// on the stack: documents are rendered on several threads
	char labels[CHART_MAX_CATS][16], shade[64];
	const float h = 165, gap = 18, w = (LAY_WIDTH - gap) / 2;

	memset(&money, 0, sizeof money);
	memset(&deeds, 0, sizeof deeds);
	year_cats(s, &money, labels, shade, sizeof shade);
	year_cats(s, &deeds, labels, shade, sizeof shade);
	money.title = "Award and spend by grant year";
	money.n_bars = 2;
	money.bars[0].label = "Spend";
	money.bars[1].label = "Award";
	money.bar_unit = CHART_PENCE;
	money.bar_axis = "\xc2\xa3";
	for (int i = 0; i < money.n_cats; i++) {
		money.bars[0].v[i] = s->history[i].spend, money.bars[0].has[i] = true;
		money.bars[1].v[i] = s->history[i].award, money.bars[1].has[i] = true;
	}
	// The main measures the unit recorded; without any, the first other counts, titled so.
	deeds.title = s->series_main ? "Main outcomes by grant year" : "Other outcomes by grant year (no main measures)";
	deeds.bar_unit = CHART_THOUSANDTHS;
	deeds.bar_axis = "Number";
	for (int k = 0; k < s->n_series; k++) {
		const series_t *sr = &s->series[k];
		chart_series_t *b = &deeds.bars[deeds.n_bars++];
		b->label = sr->label ? sr->label : sr->measure;
		for (int i = 0; i < deeds.n_cats; i++)
			b->v[i] = sr->values[i], b->has[i] = true;
	}
	// Side by side, the two plots start at the same height whatever their legends.
	int rows = chart_legend_rows(d, &money, w), rows2 = chart_legend_rows(d, &deeds, w);
	money.legend_rows = deeds.legend_rows = rows > rows2 ? rows : rows2;
	lay_need(d, h + 14);
	lay_down(d, 14);
	lay_bookmark(d, "Charts");
	chart_draw(d, &money, LAY_X0, lay_y(d), w, h);
	if (deeds.n_bars > 0)
		chart_draw(d, &deeds, LAY_X0 + w + gap, lay_y(d), w, h);
	else
		lay_note_box(d, LAY_X0 + w + gap, lay_y(d), w, "Outcomes by grant year", s->n_delivery > 0 ?
		             "No outcome counts were recorded in the grant years; the Delivery table below lists "
		             "every measure." : "No outcomes were recorded in the grant years.");
	lay_down(d, h);
}

// 'delivery()' - Part 3: every measure by grant year with its total across the period.
static void
delivery(lay_t *d, const summary_t *s)
{
	int years = s->n_years < 14 ? s->n_years : 14;
	lay_table_t *t = lay_table_new(years + 2, TABLE);
	char b[64];

	lay_table_col(t, 0, "Measure", LAY_LEFT);
	for (int i = 0; i < years; i++) {
		year_label(&s->history[i], true, b, sizeof b);
		lay_table_col(t, i + 1, b, LAY_RIGHT);
	}
	lay_table_col(t, years + 1, "Total", LAY_RIGHT);
	lay_table_caption(t, "Delivery");
	for (int k = 0; k < s->n_delivery; k++) {
		const delivery_line_t *l = &s->delivery[k];
		lay_table_cell(t, or_dash(l->label ? l->label : l->measure));
		for (int i = 0; i < years; i++) {
			format_value(l->by_year[i], l->kind, false, b, sizeof b);
			lay_table_cell(t, b);
		}
		format_value(l->total, l->kind, false, b, sizeof b);
		lay_table_cell(t, b);
	}
	lay_heading(d, "Delivery", s->n_delivery > 0 ? lay_table_keep(d, t) : 30);
	if (s->n_delivery == 0)
		lay_para(d, "No outcomes were recorded in the grant years.", LAY_REGULAR, BODY, lay_ink, 0);
	else
		lay_table_draw(d, t);
	lay_table_free(t);
}

// 'levels()' - Part 3: disruptions by grant year and level, where levels are recorded.
//              Years down, levels across: short, whatever the number of years.
static void
levels(lay_t *d, const summary_t *s)
{
	lay_table_t *t;
	char b[64];

	if (!s->levels_used)
		return;
	t = lay_table_new(LEVEL_COUNT + 1, TABLE);
	lay_table_col(t, 0, "Disruptions by level", LAY_LEFT);
	for (int v = 0; v < LEVEL_COUNT; v++)
		lay_table_col(t, v + 1, level_labels[v], LAY_RIGHT);
	lay_table_compact(t);
	for (int i = 0; i < s->n_years; i++) {
		year_label(&s->history[i], true, b, sizeof b);
		lay_table_cell(t, b);
		for (int v = 0; v < LEVEL_COUNT; v++) {
			format_value(s->level_by_year[i][v], KIND_COUNT, false, b, sizeof b);
			lay_table_cell(t, b);
		}
	}
	lay_down(d, 6);
	lay_table_draw(d, t);
	lay_table_free(t);
}

// 'vfm()' - Part 4: each ratio with the two figures it is made of, so a reader can check it.
static void
vfm(lay_t *d, const summary_t *s)
{
	static const char *const of[3] = { "Networks disrupted", "Arrests", "Grant awarded" };
	lay_table_t *t = lay_table_new(5, TABLE);
	char b[64];

	lay_table_col(t, 0, "Measure", LAY_LEFT);
	lay_table_col(t, 1, "Amount", LAY_RIGHT);
	lay_table_col(t, 2, "Divided by", LAY_LEFT);
	lay_table_col(t, 3, "Divisor", LAY_RIGHT);
	lay_table_col(t, 4, "Result", LAY_RIGHT);
	lay_table_nowrap(t, 2);
	for (int i = 0; i < 3; i++) {
		const vfm_line_t *v = &s->vfm[i];
		if (v->label == NULL)
			continue;
		lay_table_cell(t, v->label);
		format_pounds(v->numerator, b, sizeof b);
		lay_table_cell(t, b);
		lay_table_cell(t, of[i]);
		// The third ratio divides by money (the grant), the others by a count of outcomes.
		if (i == 2)
			format_pounds(v->denominator, b, sizeof b);
		else
			format_value(v->denominator, KIND_COUNT, false, b, sizeof b);
		lay_table_cell(t, b);
		if (!v->has)
			snprintf(b, sizeof b, "n/a (none)");
		else if (i == 2)
			format_pence(v->pence, b, sizeof b);
		else
			format_pounds(v->pence, b, sizeof b);
		lay_table_cell(t, b);
	}
	lay_heading(d, "Value for money", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
	lay_para(d, "Spend is the total over every grant year to date; cash seized is per pound of grant awarded.",
	         LAY_REGULAR, 7.5f, lay_muted, 0);
}

// 'current_year()' - Part 5: the YTD position and forecast, the same figures as that month's return.
static void
current_year(lay_t *d, const summary_t *s)
{
	const monthly_t *c = s->current;
	char v[4][48], note[3][96], title[96], month[32], pct[32];
	lay_tile_t tiles[4];
	const char *word;

	if (c == NULL)
		return;
	word = rag_word(c->spend_rag);
	format_month_name(c->month, month, sizeof month);
	snprintf(title, sizeof title, "Current year: position at %s (P%d)", month, c->period);
	format_pounds(c->total.ytd_actual, v[0], sizeof v[0]);
	format_pounds(c->total.ytd_profile, v[3], sizeof v[3]);
	snprintf(note[0], sizeof note[0], "against profile %s", v[3]);
	format_pounds(c->total.variance, v[1], sizeof v[1]);
	format_pct(c->total.variance_pct, pct, sizeof pct);
	if (c->total.variance_pct.has)
		snprintf(note[1], sizeof note[1], "%s of YTD profile", pct);
	else
		snprintf(note[1], sizeof note[1], "n/a: no YTD profile");
	format_pounds(c->total.forecast, v[2], sizeof v[2]);
	format_pounds(c->remaining, v[3], sizeof v[3]);
	snprintf(note[2], sizeof note[2], "remaining grant %s", v[3]);
	memset(tiles, 0, sizeof tiles);
	tiles[0] = (lay_tile_t){ .label = "YTD actual", .value = v[0], .note = note[0] };
	tiles[1] = (lay_tile_t){ .label = "Variance (YTD actual less profile)", .value = v[1], .note = note[1] };
	tiles[2] = (lay_tile_t){ .label = "Forecast outturn", .value = v[2], .note = note[2] };
	tiles[3] = (lay_tile_t){ .label = "Spend RAG", .value = word ? word : "NO RAG", .badge = true,
	                         .note = word ? "on the YTD variance %" : "no YTD profile" };
	pdf_rag_colours(c->spend_rag, &tiles[3].fill, &tiles[3].ink);
	lay_heading(d, title, lay_tiles_height(d, tiles, 4, 4));
	lay_tiles(d, tiles, 4, 4);
}

// 'request()' - Part 6: every requested grant row and the continuation commentary.
static void
request(lay_t *d, const summary_t *s)
{
	lay_table_t *t = lay_table_new(3, TABLE);
	char b[64];

	lay_table_col(t, 0, "Grant year", LAY_LEFT);
	lay_table_col(t, 1, "Amount requested", LAY_RIGHT);
	lay_table_col(t, 2, "Reference", LAY_LEFT);
	lay_table_compact(t);
	for (int i = 0; i < s->n_requests; i++) {
		format_fy(s->requests[i].fy, '/', b);
		lay_table_cell(t, b);
		format_pounds(s->requests[i].amount, b, sizeof b);
		lay_table_cell(t, b);
		lay_table_cell(t, or_dash(s->requests[i].reference));
	}
	lay_heading(d, "The request", s->n_requests > 0 ? lay_table_keep(d, t) : 30);
	if (s->n_requests == 0)
		lay_para(d, "No further grant is requested (grants.csv has no requested row for this unit).",
		         LAY_REGULAR, BODY, lay_ink, 0);
	else
		lay_table_draw(d, t);
	lay_table_free(t);
	lay_down(d, 2);
	if (s->n_continuation == 0)
		lay_para(d, "No continuation commentary was given.", LAY_REGULAR, BODY, lay_muted, 0);
	for (int i = 0; i < s->n_continuation; i++) {
		lay_para(d, s->continuation[i], LAY_REGULAR, BODY, lay_ink, 0);
		lay_down(d, 4);
	}
}

// 'quality_brief()' - Data quality in a sentence, for the audit trail: the monthly return lists
//                     the rows themselves.
static void
quality_brief(const data_quality_t *q, char *text, size_t size)
{
	char a[48], b[48], c[4][64];
	size_t n;

	format_count(q->rejected_count, "row", c[0], sizeof c[0]);
	format_count(q->ignored_rows, "row", c[1], sizeof c[1]);
	format_count(q->excluded_rows, "row", c[2], sizeof c[2]);
	format_count(q->n_footers, "footer row", c[3], sizeof c[3]);
	snprintf(text, size, "Data quality: %s rejected, %s ignored (out of period), %s excluded (other cost "
	         "centres), %s skipped.", c[0], c[1], c[2], c[3]);
	n = strlen(text);
	if (q->budget_mismatch && n < size) {
		format_pounds(q->budget_total, a, sizeof a);
		format_pounds(q->award, b, sizeof b);
		snprintf(text + n, size - n, " The budget rows total %s but the award is %s.", a, b);
		n = strlen(text);
	}
	if (q->profile_assumed_even && n < size)
		snprintf(text + n, size - n, " Profile assumed even for the current year.");
}

// 'pdf_summary()' - The parts of the continuation summary, in the contract's order.
int
pdf_summary(const summary_t *s, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	char month[32], fy[16], when[128], title[512], subject[512], header[160], quality[768];
	lay_t *d;
	int rc;

	format_month_name(s->month, month, sizeof month);
	format_fy(s->fy, '/', fy);
	snprintf(when, sizeof when, "As at %s " DASH " P%d %s", month, s->period, fy);
	snprintf(title, sizeof title, "Funding continuation summary " DASH " %s " DASH " as at %s",
	         or_dash(s->meta.unit), month);
	snprintf(subject, sizeof subject, "What the grant bought and what is requested: %s, as at %s",
	         or_dash(s->meta.unit), month);
	snprintf(header, sizeof header, "Funding continuation summary " DASH " as at %s", month);
	if ((rc = pdf_open(&s->meta, title, subject, header, twin, shared, &d)) != ROIT_OK)
		return rc;
	pdf_title_block(d, &s->meta, "Funding continuation summary", when);
	headline(d, s);
	history(d, s);
	charts(d, s);
	delivery(d, s);
	levels(d, s);
	vfm(d, s);
	current_year(d, s);
	request(d, s);
	pdf_changes(d, &s->meta);
	quality_brief(&s->quality, quality, sizeof quality);
	pdf_signoff(d, &s->meta, quality);
	rc = lay_save(d, out);
	lay_free(d);
	return rc;
}
