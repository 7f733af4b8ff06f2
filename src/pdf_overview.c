// The network overview as PDF: a network_t in, the eight parts of the contract's section 7
// drawn in order through the layout layer, the bytes of the PDF out.  Every unit's figures
// are its monthly return's; nothing is computed here, only how it is shown.  With many units
// the tables continue over pages, the outcome matrix is cut into groups of units that fit the
// page's width, and the variance chart goes on in parts.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "pdf.h"
#include "pdf_parts.h"
#include "roit.h"

#define MATRIX_MAX_UNITS 8	// units side by side in one group of the outcome matrix, at most

// 'funders()' - The funders of the units' grants, each once, in the units' order ("" for none).
static void
funders(const network_t *n, buf_t *out)
{
	for (int u = 0; u < n->n_units; u++) {
		const char *f = n->units[u].funder;
		bool seen = f == NULL || f[0] == '\0';

		for (int k = 0; k < u && !seen; k++)
			seen = n->units[k].funder != NULL && strcmp(n->units[k].funder, f) == 0;
		if (!seen)
			buf_printf(out, "%s%s", out->len > 0 ? ", " : "", f);
	}
}

// 'title_block()' - Part 1: the network, its month, and whom the overview is from and for.
static void
title_block(lay_t *d, const network_t *n, const char *when)
{
	char units[96], fy[16];
	buf_t who;

	buf_init(&who);
	funders(n, &who);
	format_fy(n->fy, '/', fy);
	snprintf(units, sizeof units, "%d with an awarded grant for %s", n->n_units, fy);
	const char *pairs[] = {
		"Organisation", or_dash(n->meta.organisation),
		"Scrutiny body", or_dash(n->meta.scrutiny),
		"Units", units,
		"Funder", or_dash(who.data),
	};
	pdf_title_lines(d, "Network overview", n->meta.unit, when, n->meta.record, pairs, 4);
	buf_free(&who);
}

// 'rag_tile()' - A tile counting the units of one spend RAG, its word on the badge.
static void
rag_tile(const network_t *n, rag_t rag, const char *label, const char *note, char *value, size_t size,
         lay_tile_t *t)
{
	snprintf(value, size, "%d %s", n->rag_count[rag], rag_word(rag) ? rag_word(rag) : "NO RAG");
	*t = (lay_tile_t){ .label = label, .value = value, .note = note, .badge = true };
	pdf_rag_colours(rag, &t->fill, &t->ink);
}

// 'headline()' - Part 2: the network's position, then how many units stand at each RAG.
static void
headline(lay_t *d, const network_t *n)
{
	char v[7][48], note[5][96], band[3][64], fy[16], periods[32], amber[16], red[16], count[4][32];
	lay_tile_t tiles[12];
	const char *word = rag_word(n->spend_rag);

	format_fy(n->fy, '/', fy);
	format_bp(n->meta.amber_bp, amber, sizeof amber);
	format_bp(n->meta.red_bp, red, sizeof red);
	snprintf(periods, sizeof periods, n->period > 1 ? "P1\xe2\x80\x93P%d" : "P%d", n->period);
	snprintf(v[0], sizeof v[0], "%d", n->n_units);
	format_pounds(n->award, v[1], sizeof v[1]);
	format_pounds(n->total.ytd_actual, v[2], sizeof v[2]);
	format_pounds(n->total.ytd_profile, v[3], sizeof v[3]);
	format_pounds(n->total.variance, v[4], sizeof v[4]);
	format_pounds(n->total.forecast, v[5], sizeof v[5]);
	format_pounds(n->forecast_variance, v[6], sizeof v[6]);
	snprintf(note[0], sizeof note[0], "awarded grants for %s", fy);
	snprintf(note[1], sizeof note[1], "the units' awards for %s", fy);
	snprintf(note[2], sizeof note[2], "actual to date, %s", periods);
	snprintf(note[3], sizeof note[3], "profile to date, %s", periods);
	format_variance(n->total.variance_pct, n->total.variance, note[4], sizeof note[4]);
	snprintf(band[0], sizeof band[0], "within \xc2\xb1%s", amber);
	snprintf(band[1], sizeof band[1], "beyond \xc2\xb1%s, within \xc2\xb1%s", amber, red);
	snprintf(band[2], sizeof band[2], "beyond \xc2\xb1%s", red);

	memset(tiles, 0, sizeof tiles);
	tiles[0] = (lay_tile_t){ .label = "Units reporting", .value = v[0], .note = note[0] };
	tiles[1] = (lay_tile_t){ .label = "Total award", .value = v[1], .note = note[1] };
	tiles[2] = (lay_tile_t){ .label = "YTD actual", .value = v[2], .note = note[2] };
	tiles[3] = (lay_tile_t){ .label = "YTD profile", .value = v[3], .note = note[3] };
	tiles[4] = (lay_tile_t){ .label = "Variance (YTD actual less profile)", .value = v[4], .note = note[4] };
	tiles[5] = (lay_tile_t){ .label = "Forecast outturn", .value = v[5], .note = "YTD actual + profile to March" };
	tiles[6] = (lay_tile_t){ .label = "Forecast variance", .value = v[6], .note = "forecast outturn less award" };
	tiles[7] = (lay_tile_t){ .label = "Network spend RAG", .value = word ? word : "NO RAG",
	                         .note = word ? "on the total's variance %" : "no YTD profile to compare",
	                         .badge = true };
	pdf_rag_colours(n->spend_rag, &tiles[7].fill, &tiles[7].ink);
	rag_tile(n, RAG_GREEN, "Units at GREEN", band[0], count[0], sizeof count[0], &tiles[8]);
	rag_tile(n, RAG_AMBER, "Units at AMBER", band[1], count[1], sizeof count[1], &tiles[9]);
	rag_tile(n, RAG_RED, "Units at RED", band[2], count[2], sizeof count[2], &tiles[10]);
	rag_tile(n, RAG_NONE, "Units with no RAG", "no YTD profile to compare", count[3], sizeof count[3], &tiles[11]);
	lay_heading(d, "Headline", lay_tiles_height(d, tiles, 12, 4));
	lay_tiles(d, tiles, 12, 4);
}

// 'spend_row()' - One unit's row (or the network's) of the spend table.
static void
spend_row(lay_table_t *t, const char *name, int64_t award, const spend_line_t *l, int64_t forecast_variance,
          rag_t rag, const char *explain)
{
	char b[48];
	const int64_t money[] = { award, l->ytd_actual, l->ytd_profile, l->variance };

	lay_table_cell(t, or_dash(name));
	for (size_t k = 0; k < sizeof money / sizeof money[0]; k++) {
		format_pounds(money[k], b, sizeof b);
		lay_table_cell(t, b);
	}
	format_pct(l->variance_pct, b, sizeof b);
	lay_table_cell(t, b);
	format_pounds(l->forecast, b, sizeof b);
	lay_table_cell(t, b);
	format_pounds(forecast_variance, b, sizeof b);
	lay_table_cell(t, b);
	pdf_rag_cell(t, rag, "NO RAG");
	lay_table_cell(t, explain);
}

// 'spend_table()' - Part 3: each unit's spend position, the network total last.
static void
spend_table(lay_t *d, const network_t *n)
{
	static const char *const heads[10] = {
		"Unit", "Award", "YTD actual", "YTD profile", "Variance", "Variance %", "Forecast outturn",
		"Forecast variance", "RAG", "Explanation needed"
	};
	lay_table_t *t = lay_table_new(10, TABLE);
	char explain[48], amber[16], red[16], material[32], note[640];

	for (int c = 0; c < 10; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : c >= 8 ? LAY_CENTRE : LAY_RIGHT);
	lay_table_caption(t, "Spend by unit");
	for (int u = 0; u < n->n_units; u++) {
		const network_unit_t *un = &n->units[u];
		spend_row(t, un->unit, un->award, &un->total, un->forecast_variance, un->spend_rag,
		          un->n_explanations > 0 ? "Yes" : "No");
	}
	snprintf(explain, sizeof explain, "%d of %d", n->n_explaining, n->n_units);
	lay_table_row_flags(t, LAY_ROW_TOTAL);
	spend_row(t, n->total.name, n->award, &n->total, n->forecast_variance, n->spend_rag, explain);
	lay_heading(d, "Spend by unit", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);

	format_bp(n->meta.amber_bp, amber, sizeof amber);
	format_bp(n->meta.red_bp, red, sizeof red);
	format_pounds(n->meta.materiality, material, sizeof material);
	snprintf(note, sizeof note, "Each unit's figures are those of its monthly return for the month; the network "
	         "total is their sum. Variance is YTD actual less YTD profile: a positive variance is an overspend. "
	         "Spend RAG on the YTD variance %%, the network's on its total's: GREEN within %s, AMBER within %s, "
	         "else RED. Explanation needed: a category of the unit is beyond %s and at least %s from its "
	         "profile, with no spend commentary this month.", amber, red, amber, material);
	lay_para(d, note, LAY_REGULAR, 7.5f, lay_muted, 0);
}

// 'variance_chart()' - Part 4: each unit's YTD variance % as a bar, in as many parts as pages need.
static void
variance_chart(lay_t *d, const network_t *n)
{
	variance_bar_t *bars = xcalloc((size_t)n->n_units + 1, sizeof *bars);
	char title[128], month[32];
	int first = n->n_units < 3 ? n->n_units : 3;

	format_month_name(n->month, month, sizeof month);
	snprintf(title, sizeof title, "YTD variance %% by unit, %s", month);
	for (int u = 0; u < n->n_units; u++)
		bars[u] = (variance_bar_t){ n->units[u].unit, n->units[u].total.variance_pct, n->units[u].total.variance,
		                            n->units[u].spend_rag };
	variance_chart_t c = { title, n->n_units, bars, n->meta.amber_bp, n->meta.red_bp };

	lay_heading(d, "Variance by unit", chart_variance_height(first) + 4);
	for (int from = 0; from < n->n_units;) {
		int rows = chart_variance_rows(lay_room(d) - 4), left = n->n_units - from;

		// A part starts on a new page unless three bars (or all that are left) fit here.
		if (rows < (left < 3 ? left : 3)) {
			lay_new_page(d);
			rows = chart_variance_rows(lay_room(d) - 4);
		}
		int to = from + (rows < left ? rows : left);
		lay_down(d, 4);
		chart_variance_draw(d, &c, from, to, LAY_X0, lay_y(d), LAY_WIDTH);
		lay_down(d, chart_variance_height(to - from));
		from = to;
	}
	free(bars);
}

// 'outcome_cell()' - A unit's cell of a measure: "7 / 6 GREEN" as a badge where it has a target,
//                    its YTD alone where it has none, the dash where it has no row of the measure.
static void
outcome_cell(const network_t *n, const network_measure_t *t, int u, char *buf, size_t size, bool *badge)
{
	const outcome_line_t *o = t->rows[u] >= 0 ? &n->units[u].outcomes[t->rows[u]] : NULL;
	char ytd[48], target[48];

	*badge = o != NULL && o->has_target;
	if (o == NULL) {
		snprintf(buf, size, DASH);
		return;
	}
	format_value(o->ytd, o->kind, false, ytd, sizeof ytd);
	if (!o->has_target) {
		snprintf(buf, size, "%s", ytd);
		return;
	}
	format_value(o->pro_rata, o->kind, false, target, sizeof target);
	snprintf(buf, size, "%s / %s %s", ytd, target, rag_word(o->rag));
}

// 'measure_label()' - A measure as the tables name it.
static const char *
measure_label(const network_measure_t *t)
{
	return or_dash(t->label ? t->label : t->measure);
}

// 'totals_table()' - Part 5, first table: each measure's network total against the summed
//                    targets, made ready to draw.
static lay_table_t *
totals_table(const network_t *n)
{
	static const char *const heads[6] = {
		"Measure", "Network YTD", "Units with a target", "Summed annual target", "Summed pro-rata target", "RAG"
	};
	lay_table_t *t = lay_table_new(6, TABLE);
	char b[48];

	for (int c = 0; c < 6; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : c == 5 ? LAY_CENTRE : LAY_RIGHT);
	lay_table_caption(t, "Outcomes: network total");
	for (int k = 0; k < n->n_measures; k++) {
		const network_measure_t *m = &n->measures[k];

		lay_table_cell(t, measure_label(m));
		format_value(m->ytd, m->kind, false, b, sizeof b);
		lay_table_cell(t, b);
		snprintf(b, sizeof b, "%d of %d", m->n_targets, n->n_units);
		lay_table_cell(t, b);
		pdf_value_or_dash(m->n_targets > 0, m->target, m->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_value_or_dash(m->n_targets > 0, m->pro_rata, m->kind, b, sizeof b);
		lay_table_cell(t, b);
		pdf_rag_cell(t, m->rag, NULL);
	}
	return t;
}

// 'unit_width()' - The width a unit's column of the matrix needs: its widest cell, and the
//                  longest word of its name (the header wraps between words).
static float
unit_width(lay_t *d, const network_t *n, int u)
{
	char cell[160];
	bool badge;
	const char *name = or_dash(n->units[u].unit);
	float w = 0;

	for (int k = 0; k < n->n_measures; k++) {
		outcome_cell(n, &n->measures[k], u, cell, sizeof cell, &badge);
		float cw = badge ? lay_badge_width(d, TABLE * 0.9f, cell) : lay_text_width(d, LAY_REGULAR, TABLE, cell);
		w = cw > w ? cw : w;
	}
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, " ");
		char word[160];

		snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word - 1 ? len : sizeof word - 1), p);
		float ww = lay_text_width(d, LAY_BOLD, TABLE, word);
		w = ww > w ? (ww < 90 ? ww : 90) : w;
		p += len + (p[len] == ' ');
	}
	return w + 12;	// the cell's padding, with a little to spare
}

// 'matrix_group()' - One group of the matrix, each measure by units [from, to), made ready to draw.
static lay_table_t *
matrix_group(const network_t *n, int from, int to)
{
	lay_table_t *t = lay_table_new(1 + to - from, TABLE);
	char cell[160], caption[96];
	bool badge;

	lay_table_col(t, 0, "Measure", LAY_LEFT);
	for (int u = from; u < to; u++)
		lay_table_col(t, 1 + u - from, or_dash(n->units[u].unit), LAY_CENTRE);
	if (to - from < n->n_units)
		snprintf(caption, sizeof caption, "Outcomes by unit, units %d\xe2\x80\x93%d of %d", from + 1, to, n->n_units);
	else
		snprintf(caption, sizeof caption, "Outcomes by unit");
	lay_table_caption(t, caption);
	for (int k = 0; k < n->n_measures; k++) {
		const network_measure_t *m = &n->measures[k];

		lay_table_cell(t, measure_label(m));
		for (int u = from; u < to; u++) {
			lay_rgb_t fill, ink;

			outcome_cell(n, m, u, cell, sizeof cell, &badge);
			pdf_rag_colours(badge ? n->units[u].outcomes[m->rows[u]].rag : RAG_NONE, &fill, &ink);
			if (badge)
				lay_table_badge(t, cell, fill, ink);
			else
				lay_table_cell(t, cell);
		}
	}
	return t;
}

// 'matrix_groups()' - Cut units of widths w into groups of at most per units (and MATRIX_MAX_UNITS)
//                     that fit room, each at least one unit however wide (the layout shrinks it).
//                     O - how many; ends (may be NULL) gets the unit after each group's last.
static int
matrix_groups(const float *w, int n, float room, int per, int *ends)
{
	int groups = 0;

	for (int from = 0; from < n;) {
		int to = from;
		float used = 0;

		while (to < n && to - from < per && to - from < MATRIX_MAX_UNITS && (to == from || used + w[to] <= room))
			used += w[to++];
		if (ends != NULL)
			ends[groups] = to;
		groups++;
		from = to;
	}
	return groups;
}

// 'outcome_matrix()' - Part 5, second table: each measure by each unit, in groups of units that
//                      fit the page's width beside the measures' names.
static void
outcome_matrix(lay_t *d, const network_t *n)
{
	float names = 0, room, *w = xmalloc((size_t)(n->n_units + 1) * sizeof *w);

	for (int k = 0; k < n->n_measures; k++) {
		float nw = lay_text_width(d, LAY_REGULAR, TABLE, measure_label(&n->measures[k])) + 8;
		names = nw > names ? nw : names;
	}
	room = LAY_WIDTH - (names < 0.3f * LAY_WIDTH ? names : 0.3f * LAY_WIDTH);
	for (int u = 0; u < n->n_units; u++)
		w[u] = unit_width(d, n, u);
	int groups = matrix_groups(w, n->n_units, room, n->n_units, NULL);
	// As many groups as the widths need, the units shared out evenly between them.
	int per = (n->n_units + groups - 1) / groups;
	if (matrix_groups(w, n->n_units, room, per, NULL) > groups)
		per = n->n_units;	// uneven widths: fill each group as far as it goes
	int *ends = xmalloc((size_t)(n->n_units + 1) * sizeof *ends);
	groups = matrix_groups(w, n->n_units, room, per, ends);
	for (int g = 0, from = 0; g < groups; from = ends[g++]) {
		lay_table_t *t = matrix_group(n, from, ends[g]);

		if (g == 0)
			lay_subheading(d, "By unit", lay_table_keep(d, t));	// kept with the first group
		else
			lay_down(d, 4);
		lay_table_draw(d, t);
		lay_table_free(t);
	}
	free(ends);
	free(w);
}

// 'outcomes()' - Part 5: the network's totals by measure, then the matrix of units.
static void
outcomes(lay_t *d, const network_t *n)
{
	char amber[16], red[16], note[512];

	format_bp(10000 - n->meta.amber_bp, amber, sizeof amber);
	format_bp(10000 - n->meta.red_bp, red, sizeof red);
	if (n->n_measures == 0) {
		lay_heading(d, "Outcomes by unit", 2 * lay_line_height(BODY));
		lay_para(d, "No unit recorded outcomes for this year or the year before, and no targets are set.",
		         LAY_REGULAR, BODY, lay_ink, 0);
		return;
	}
	// The heading is kept with the subheading and the start of the first table.
	lay_table_t *t = totals_table(n);
	lay_heading(d, "Outcomes by unit", lay_subheading_keep(lay_table_keep(d, t)));
	lay_subheading(d, "Network total by measure", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
	snprintf(note, sizeof note, "RAG: GREEN when YTD is at least %s of the pro-rata target, AMBER at least %s, "
	         "else RED. The network's YTD is the sum of every unit's; its RAG is judged on the summed targets of "
	         "the units that have one; " DASH " where no unit has a target.", amber, red);
	lay_para(d, note, LAY_REGULAR, 7.5f, lay_muted, 0);
	outcome_matrix(d, n);
	lay_para(d, "Each cell: the unit's YTD / its pro-rata target and the RAG word; a figure alone where the unit "
	         "has no target; " DASH " where it has no row of the measure this year or last and no target.",
	         LAY_REGULAR, 7.5f, lay_muted, 0);
}

// 'cost_cells()' - A cost line's YTD outcomes and spend per outcome.
static void
cost_cells(lay_table_t *t, const cost_line_t *c)
{
	char b[48];

	format_value(c->value, KIND_COUNT, false, b, sizeof b);
	lay_table_cell(t, b);
	if (c->has)
		format_pounds(c->pence, b, sizeof b);
	else
		snprintf(b, sizeof b, "n/a");
	lay_table_cell(t, b);
}

// 'vfm_row()' - One unit's row (or the network's) of the value-for-money table.
static void
vfm_row(lay_table_t *t, const char *name, const cost_line_t costs[2])
{
	char b[48];

	lay_table_cell(t, or_dash(name));
	format_pounds(costs[0].spend, b, sizeof b);
	lay_table_cell(t, b);
	cost_cells(t, &costs[0]);
	cost_cells(t, &costs[1]);
}

// 'vfm_table()' - Part 6: YTD spend per network disrupted and per arrest, by unit.
static void
vfm_table(lay_t *d, const network_t *n)
{
	static const char *const heads[6] = {
		"Unit", "YTD spend", "Networks disrupted (YTD)", "Spend per network disrupted", "Arrests (YTD)",
		"Spend per arrest"
	};
	lay_table_t *t = lay_table_new(6, TABLE);

	for (int c = 0; c < 6; c++)
		lay_table_col(t, c, heads[c], c == 0 ? LAY_LEFT : LAY_RIGHT);
	lay_table_caption(t, "Value for money by unit");
	for (int u = 0; u < n->n_units; u++)
		vfm_row(t, n->units[u].unit, n->units[u].costs);
	lay_table_row_flags(t, LAY_ROW_TOTAL);
	vfm_row(t, n->total.name, n->costs);
	lay_heading(d, "Value for money by unit", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);
	lay_para(d, "YTD spend is the unit's YTD actual; n/a where it has none of the outcome to date. The network's "
	         "row divides the total YTD spend by the total outcomes.", LAY_REGULAR, 7.5f, lay_muted, 0);
}

// 'quality_table()' - Part 7: rejected and ignored rows, the profile and the latest spend, by unit.
static void
quality_table(lay_t *d, const network_t *n)
{
	static const char *const heads[5] = {
		"Unit", "Rows rejected", "Rows ignored", "Profile", "Latest spend date read"
	};
	lay_table_t *t = lay_table_new(5, TABLE);
	char b[64], month[32], text[512];

	for (int c = 0; c < 5; c++)
		lay_table_col(t, c, heads[c], c == 0 || c >= 3 ? LAY_LEFT : LAY_RIGHT);
	lay_table_caption(t, "Data quality by unit");
	for (int u = 0; u < n->n_units; u++) {
		const network_unit_t *un = &n->units[u];

		lay_table_cell(t, or_dash(un->unit));
		format_thousands(un->rejected_count, b, sizeof b);
		lay_table_cell(t, b);
		format_thousands(un->ignored_rows, b, sizeof b);
		lay_table_cell(t, b);
		lay_table_cell(t, un->profile_assumed_even ? "Assumed even (no budget rows)" :
		              un->budget_mismatch ? "Budget rows (not equal to the award)" : "Budget rows");
		if (un->has_latest_spend)
			format_date(un->latest_spend_month, un->latest_spend_day, false, b, sizeof b);
		else
			snprintf(b, sizeof b, "None");
		lay_table_cell(t, b);
	}
	lay_heading(d, "Data quality by unit", lay_table_keep(d, t));
	lay_table_draw(d, t);
	lay_table_free(t);

	format_month_name(n->month, month, sizeof month);
	format_count(n->excluded_rows, "spend row", b, sizeof b);
	snprintf(text, sizeof text, "Rejected rows are listed in each unit's monthly return. Ignored: spend rows of "
	         "the unit dated outside every awarded year of it. Latest spend date read: of the unit's spend counted "
	         "up to the end of %s. Excluded across the whole run: %s of other cost centres (report.ini, "
	         "[spend] cost_centres).", month, b);
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	if (n->rejected_unknown > 0) {
		format_count(n->rejected_unknown, "row", b, sizeof b);
		snprintf(text, sizeof text, "Of the rows rejected, %s named no known unit; %s counted in every unit's "
		         "figure above.", b, n->rejected_unknown == 1 ? "it is" : "they are");
		lay_para(d, text, LAY_BOLD, BODY, lay_ink, 0);
	}
}

// 'pack_table()' - Part 8: each unit's monthly return for the month and the SHA-256 of its PDF.
static void
pack_table(lay_t *d, const network_t *n)
{
	lay_table_t *t = pdf_digest_table("Unit and its monthly return", "SHA-256 of the PDF", "The pack");
	char where[512], month[32], text[512];

	for (int u = 0; u < n->n_units; u++) {
		const network_unit_t *un = &n->units[u];

		snprintf(where, sizeof where, "%s\n%s", or_dash(un->unit), un->pack_file);
		lay_table_cell(t, where);
		lay_table_cell(t, un->pack_written ? un->pack_sha256 : "not written");
	}
	format_month_name(n->month, month, sizeof month);
	snprintf(text, sizeof text, "The monthly returns for %s, each under the output folder, with the SHA-256 of "
	         "its PDF as it stands there after this run (written now, or issued earlier and unchanged); "
	         "\"not written\" where there is none.", month);
	lay_heading(d, "The pack: the month's returns", lay_para_height(d, text, LAY_REGULAR, BODY, LAY_WIDTH) + 4 +
	            lay_table_keep(d, t));
	lay_para(d, text, LAY_REGULAR, BODY, lay_ink, 0);
	lay_down(d, 4);
	lay_table_draw(d, t);
	lay_table_free(t);
}

int
pdf_network(const network_t *n, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out)
{
	char when[128], title[512], subject[512], header[160];
	lay_t *d;
	int rc;

	pdf_when(n->month, when, sizeof when);
	snprintf(title, sizeof title, "Network overview " DASH " %s " DASH " %s", or_dash(n->meta.unit), when);
	snprintf(subject, sizeof subject, "Spend against profile, outcomes and monthly returns of the %d units of %s "
	         "for %s", n->n_units, or_dash(n->meta.unit), when);
	snprintf(header, sizeof header, "Network overview \xc2\xb7 %s", when);
	if ((rc = pdf_open(&n->meta, title, subject, header, twin, shared, &d)) != ROIT_OK)
		return rc;
	title_block(d, n, when);
	headline(d, n);
	spend_table(d, n);
	variance_chart(d, n);
	outcomes(d, n);
	vfm_table(d, n);
	quality_table(d, n);
	// The pack and the twin may still be in the making (task.c) until here.
	if ((rc = pdf_twin_ready(d, twin)) != ROIT_OK) {
		lay_free(d);
		return rc;
	}
	pack_table(d, n);
	pdf_signoff(d, &n->meta, "This overview indexes the month's monthly returns above; each unit's figures are "
	            "those of its own return.");
	rc = lay_save(d, out);
	lay_free(d);
	return rc;
}
