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

#include "layout.h"

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

#endif
