// Charts: bars and lines over labelled categories, drawn with vector operators into a box of
// the current page.  Styles differ by shade, outline, hatching, dash and marker as well as
// colour, so they survive greyscale printing and colour blindness.  Each chart is a figure
// whose alt text says in words what it shows: every figure of every series, category by
// category, in the tables' money and number formats.
#ifndef CHART_H
#define CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "layout.h"
#include "vocab.h"

#define CHART_MAX_CATS 16

typedef enum chart_unit {
	CHART_PENCE = 0,	// values are pence; ticks read "£5k"
	CHART_THOUSANDTHS	// values are thousandths of a count or quantity; ticks read "5"
} chart_unit_t;

typedef struct chart_series {
	const char *label;			// in the legend
	int64_t v[CHART_MAX_CATS];
	bool has[CHART_MAX_CATS];		// false: nothing drawn for that category
} chart_series_t;

typedef struct chart {
	const char *title;
	int n_cats;				// up to CHART_MAX_CATS
	const char *cats[CHART_MAX_CATS];	// labels along the bottom
	const char *spoken[CHART_MAX_CATS];	// the same in full for the alt text ("April 2020"); NULL: cats
	int shade_from;				// categories from here on are shaded; n_cats for none
	const char *shade_label;		// the legend of the shading
	int n_bars;				// up to 4, side by side in each category
	chart_series_t bars[4];
	chart_unit_t bar_unit;
	const char *bar_axis;			// title of the left axis
	int n_lines;				// up to 2, through the category centres
	chart_series_t lines[2];
	chart_unit_t line_unit;
	const char *line_axis;			// title of the right axis (lines_right)
	bool lines_right;			// lines on their own axis at the right
	int legend_rows;			// at least this many legend rows (charts side by side align)
} chart_t;

// 'chart_draw()' - Draw a chart in the box whose top left corner is (x, top), as a figure.
void chart_draw(lay_t *d, const chart_t *c, float x, float top, float w, float h);

// 'chart_flow()' - A chart across the text width on the flow, gap below the cursor and h high,
//                  with its bookmark: on a new page unless it fits (with 4 points to spare).
void chart_flow(lay_t *d, const chart_t *c, float gap, float h, const char *bookmark);

// 'chart_alt()' - What a chart shows, in words, into out: its title, then each category's
//                 figures ("April 2020: Actual (month) £53,120, Profile (month) £56,000, ..."),
//                 then what the shading means.
void chart_alt(const chart_t *c, buf_t *out);

// 'chart_legend_rows()' - How many rows the legend of a chart takes in width w.
int chart_legend_rows(lay_t *d, const chart_t *c, float w);

// 'chart_tick_label()' - An axis value as printed: "£0", "£2.5k", "£1.5m", "12", "0.5".
void chart_tick_label(int64_t v, chart_unit_t unit, char *buf, size_t size);

/*
 * The variance chart of the network overview: one horizontal bar per unit, its YTD variance %
 * either side of zero, with the amber and red thresholds drawn on both sides.  Many units make
 * it long: it is drawn in parts (bars from..to), each with its own title, key and axis, so it
 * can continue on the next page with every bar as readable as the first.
 */

typedef struct variance_bar {
	const char *label;	// the unit
	pct_t pct;		// YTD variance %; none (no YTD profile): no bar, "n/a"
	int64_t variance;	// pence: says whether it is over, under or on profile
	rag_t rag;		// its word is printed with the figure
} variance_bar_t;

typedef struct variance_chart {
	const char *title;		// "YTD variance % by unit, June 2020"
	int n;
	const variance_bar_t *bars;	// in the order shown, top first
	int64_t amber_bp, red_bp;	// the thresholds, hundredths of a percent
} variance_chart_t;

// 'chart_variance_height()' - The height of a part of the chart holding rows bars.
float chart_variance_height(int rows);

// 'chart_variance_rows()' - How many bars a part of height h holds (0 when not even one).
int chart_variance_rows(float h);

// 'chart_variance_draw()' - Draw bars [from, to) as a part whose top left corner is (x, top) and
//                           width w, a figure whose alt text is chart_variance_alt()'s; the
//                           scale is the whole chart's, so the parts line up.
void chart_variance_draw(lay_t *d, const variance_chart_t *c, int from, int to, float x, float top, float w);

// 'chart_variance_alt()' - What bars [from, to) show, in words, for a screen reader (a Figure's
//                          Alt text), appended to out: "YTD variance % by unit, June 2020: Met
//                          Online Investigation Team 6.2% over profile, AMBER; ...; amber
//                          threshold 5%, red 10%."
void chart_variance_alt(const variance_chart_t *c, int from, int to, buf_t *out);

#endif
