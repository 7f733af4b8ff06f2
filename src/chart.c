// Charts for the PDF renderers: a chart_t (categories, bar and line series) in, vector
// drawing on the current page out, with nice ticks, axis titles, a legend and a title.
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "format.h"

#define TICK_SIZE 7.0f		// axis labels
#define LEGEND_SIZE 7.5f
#define TITLE_SIZE 9.5f

// One value axis: from lo to hi in n steps of step (values in the chart's units).
typedef struct axis {
	int64_t lo, hi, step;
	chart_unit_t unit;
} axis_t;

// Where things go inside the chart's box.
typedef struct frame {
	float x0, x1, y0, y1;		// the plot area
	float group;			// width of one category
} frame_t;

static const lay_rgb_t grid_grey = { 0.86f, 0.87f, 0.89f };
static const lay_rgb_t shade_grey = { 0.925f, 0.93f, 0.94f };
static const lay_rgb_t profile_grey = { 0.78f, 0.79f, 0.81f };
static const lay_rgb_t mid_grey = { 0.52f, 0.54f, 0.57f };
static const lay_rgb_t line_grey = { 0.25f, 0.26f, 0.28f };

// Axis arithmetic is done in 128 bits: values may be anywhere in int64, and their range, its
// headroom and a rounded-up top are not (values near the int64 limits made the step fall back
// to a unit and the tick loops run for ever).
__extension__ typedef __int128 wide_t;

static wide_t floor_div(wide_t a, wide_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }
static wide_t ceil_div(wide_t a, wide_t b) { return -floor_div(-a, b); }

// 'nice_step()' - The least of 1, 2, 2.5 and 5 times a power of ten that is at least raw and
//                 least; the largest such step that int64 holds when raw is beyond them all.
static int64_t
nice_step(wide_t raw, int64_t least)
{
	int64_t last = least;

	for (int64_t p = 1; p <= INT64_MAX / 5; p *= 10) {
		const int64_t steps[4] = { p, 2 * p, p >= 10 ? p / 10 * 25 : 2 * p, 5 * p };
		for (int k = 0; k < 4; k++) {
			if (steps[k] >= raw && steps[k] >= least)
				return steps[k];
			last = steps[k];
		}
		if (p > INT64_MAX / 10)
			break;
	}
	return last;
}

// 'clamp()' - A multiple of step within int64, nearest to v.
static int64_t
clamp(wide_t v, int64_t step)
{
	wide_t top = (wide_t)(INT64_MAX / step) * step;

	return (int64_t)(v > top ? top : v < -top ? -top : v);
}

// 'fit_axis()' - Ticks covering min..max and zero, about five of them (within int64: values
//                within a step of its limits are drawn at the axis's end).
static void
fit_axis(axis_t *a, int64_t min, int64_t max, chart_unit_t unit)
{
	// Whole pounds and whole counts: a tick never reads "£0.50".
	int64_t least = unit == CHART_PENCE ? 100 : 1000;
	// Zero is always on the axis; a little headroom keeps the top bar off the frame.
	wide_t lo = min > 0 ? 0 : (wide_t)min - (-(wide_t)min) / 20;
	wide_t hi = max < 0 ? 0 : (wide_t)max + max / 20;

	a->unit = unit;
	a->step = nice_step(ceil_div(hi - lo, 5), least);
	a->lo = clamp(floor_div(lo, a->step) * a->step, a->step);
	a->hi = clamp(ceil_div(hi, a->step) * a->step, a->step);
	if (a->hi == a->lo)
		a->hi = clamp((wide_t)a->lo + 5 * (wide_t)a->step, a->step);
}

// 'series_range()' - Extend min/max over the values a series draws.
static void
series_range(const chart_series_t *s, int n, int64_t *min, int64_t *max)
{
	for (int i = 0; i < n; i++) {
		if (!s->has[i])
			continue;
		*min = s->v[i] < *min ? s->v[i] : *min;
		*max = s->v[i] > *max ? s->v[i] : *max;
	}
}

// 'align_axes()' - Give two axes the same number of steps above and below zero, so gridlines meet both.
static void
align_axes(axis_t *l, axis_t *r)
{
	int64_t up = l->hi / l->step, down = -(l->lo / l->step);
	int64_t rup = r->hi / r->step, rdown = -(r->lo / r->step);

	up = rup > up ? rup : up;
	down = rdown > down ? rdown : down;
	l->hi = clamp((wide_t)up * l->step, l->step), l->lo = clamp(-(wide_t)down * l->step, l->step);
	r->hi = clamp((wide_t)up * r->step, r->step), r->lo = clamp(-(wide_t)down * r->step, r->step);
}

// 'scaled()' - v / unit with up to three decimals, trailing zeros dropped: "2.5", "12", "1,250".
static void
scaled(int64_t v, int64_t unit, char *buf, size_t size)
{
	char whole[48], frac[8];
	int64_t f = (v % unit) * 1000 / unit;
	int k;

	format_thousands(v / unit, whole, sizeof whole);
	snprintf(frac, sizeof frac, "%03d", (int)f);
	for (k = 3; k > 0 && frac[k - 1] == '0'; k--)
		frac[k - 1] = '\0';
	snprintf(buf, size, k > 0 ? "%s.%s" : "%s", whole, frac);
}

// 'chart_tick_label()' - An axis value as printed, in whole pounds or plain numbers.
void
chart_tick_label(int64_t v, chart_unit_t unit, char *buf, size_t size)
{
	const char *sign = v < 0 ? "-" : "";
	int64_t a = v < 0 ? -v : v;
	char num[64];

	if (unit == CHART_THOUSANDTHS) {
		scaled(a, 1000, num, sizeof num);
		snprintf(buf, size, "%s%s", sign, num);
		return;
	}
	a /= 100;		// whole pounds: ticks are at least a pound apart
	if (a >= 1000000) {
		scaled(a, 1000000, num, sizeof num);
		snprintf(buf, size, "%s\xc2\xa3%sm", sign, num);
	} else if (a >= 1000) {
		scaled(a, 1000, num, sizeof num);
		snprintf(buf, size, "%s\xc2\xa3%sk", sign, num);
	} else {
		snprintf(buf, size, "%s\xc2\xa3%lld", sign, (long long)a);
	}
}

// 'value_y()' - The height of a value on an axis.
static float
value_y(const frame_t *f, const axis_t *a, int64_t v)
{
	v = v < a->lo ? a->lo : v > a->hi ? a->hi : v;
	return f->y0 + (float)((double)((wide_t)v - a->lo) / (double)((wide_t)a->hi - a->lo)) * (f->y1 - f->y0);
}

// 'widest_tick()' - Width of the widest tick label of an axis.
static float
widest_tick(lay_t *d, const axis_t *a)
{
	char label[64];
	float best = 0;

	for (wide_t v = a->lo; v <= a->hi; v += a->step) {
		chart_tick_label((int64_t)v, a->unit, label, sizeof label);
		float w = lay_text_width(d, LAY_REGULAR, TICK_SIZE, label);
		best = w > best ? w : best;
	}
	return best;
}

/*
 * Styles: what tells one series from another without colour.
 */

// 'bar_shape()' - Fill and outline a bar in style k: navy solid, grey outlined, hatched, mid grey.
static void
bar_shape(lay_t *d, int k, float x, float y, float w, float h)
{
	if (h < 0) {
		y += h;
		h = -h;
	}
	if (k == 2) {
		// Diagonal hatching, clipped to the bar.
		lay_gsave(d);
		lay_rect(d, x, y, w, h);
		lay_clip(d);
		lay_end_path(d);
		lay_stroke_colour(d, lay_navy);
		lay_line_width(d, 0.6f);
		for (float t = -h; t < w; t += 2.8f) {
			lay_move_to(d, x + t, y);
			lay_line_to(d, x + t + h, y + h);
		}
		lay_stroke(d);
		lay_grestore(d);
		lay_stroke_colour(d, lay_navy);
		lay_line_width(d, 0.6f);
		lay_rect(d, x, y, w, h);
		lay_stroke(d);
		return;
	}
	lay_fill_colour(d, k == 0 ? lay_navy : k == 1 ? profile_grey : mid_grey);
	lay_stroke_colour(d, k == 0 ? lay_navy : line_grey);
	lay_line_width(d, 0.5f);
	lay_rect(d, x, y, w, h);
	lay_fill_stroke(d);
}

// 'line_style()' - Stroke of line style k: navy solid, or dark grey dashed.
static void
line_style(lay_t *d, int k)
{
	static const unsigned short dash[2] = { 4, 2 };

	lay_stroke_colour(d, k == 0 ? lay_navy : line_grey);
	lay_line_width(d, k == 0 ? 1.6f : 1.3f);
	if (k == 0)
		lay_dash(d, NULL, 0);
	else
		lay_dash(d, dash, 2);
}

// 'marker()' - A line's marker at (x, y): filled circle (style 0) or open square (style 1).
static void
marker(lay_t *d, int k, float x, float y)
{
	lay_dash(d, NULL, 0);
	lay_line_width(d, 0.9f);
	if (k == 0) {
		lay_fill_colour(d, lay_navy);
		lay_stroke_colour(d, lay_white);
		lay_circle(d, x, y, 2.6f);
	} else {
		lay_fill_colour(d, lay_white);
		lay_stroke_colour(d, line_grey);
		lay_rect(d, x - 2.2f, y - 2.2f, 4.4f, 4.4f);
	}
	lay_fill_stroke(d);
}

/*
 * The legend.
 */

typedef struct legend_item {
	int kind;		// 0 bar, 1 line, 2 shading
	int style;
	const char *label;
} legend_item_t;

// 'legend_items()' - The legend's entries in drawing order; O - how many.
static int
legend_items(const chart_t *c, legend_item_t *items)
{
	int n = 0;

	for (int k = 0; k < c->n_bars; k++)
		items[n++] = (legend_item_t){ 0, k, c->bars[k].label };
	for (int k = 0; k < c->n_lines; k++)
		items[n++] = (legend_item_t){ 1, k, c->lines[k].label };
	if (c->shade_from < c->n_cats && c->shade_label != NULL)
		items[n++] = (legend_item_t){ 2, 0, c->shade_label };
	return n;
}

// 'legend()' - Lay out (draw false) or draw the legend from (x, y) within w; O - lines used.
static int
legend(lay_t *d, const chart_t *c, float x, float y, float w, bool draw)
{
	legend_item_t items[8];
	int n = legend_items(c, items), lines = n > 0;
	float cx = x;

	for (int i = 0; i < n; i++) {
		float iw = 18 + lay_text_width(d, LAY_REGULAR, LEGEND_SIZE, items[i].label);
		if (cx > x && cx + iw > x + w) {
			cx = x;
			y -= 11;
			lines++;
		}
		if (draw) {
			if (items[i].kind == 0) {
				bar_shape(d, items[i].style, cx, y - 1, 10, 7);
			} else if (items[i].kind == 1) {
				line_style(d, items[i].style);
				lay_move_to(d, cx - 1, y + 2.5f);
				lay_line_to(d, cx + 13, y + 2.5f);
				lay_stroke(d);
				marker(d, items[i].style, cx + 6, y + 2.5f);
			} else {
				lay_fill_colour(d, shade_grey);
				lay_stroke_colour(d, lay_rule);
				lay_line_width(d, 0.5f);
				lay_rect(d, cx, y - 1, 10, 7);
				lay_fill_stroke(d);
			}
			lay_text(d, cx + 15, y, LAY_REGULAR, LEGEND_SIZE, LAY_LEFT, lay_ink, items[i].label);
		}
		cx += iw + 10;
	}
	return lines;
}

/*
 * The plot.
 */

// 'draw_grid()' - Gridlines and tick labels of the left axis, the right axis's labels, the zero line.
static void
draw_grid(lay_t *d, const frame_t *f, const axis_t *l, const axis_t *r)
{
	char label[64];

	for (int64_t i = 0; l->lo + (wide_t)i * l->step <= l->hi; i++) {
		int64_t v = (int64_t)(l->lo + (wide_t)i * l->step);
		float y = value_y(f, l, v);
		lay_stroke_colour(d, v == 0 ? line_grey : grid_grey);
		lay_line_width(d, v == 0 ? 0.8f : 0.4f);
		lay_move_to(d, f->x0, y);
		lay_line_to(d, f->x1, y);
		lay_stroke(d);
		chart_tick_label(v, l->unit, label, sizeof label);
		lay_text(d, f->x0 - 4, y - 2.5f, LAY_REGULAR, TICK_SIZE, LAY_RIGHT, lay_muted, label);
		if (r != NULL) {
			chart_tick_label(clamp(r->lo + (wide_t)i * r->step, r->step), r->unit, label, sizeof label);
			lay_text(d, f->x1 + 4, y - 2.5f, LAY_REGULAR, TICK_SIZE, LAY_LEFT, lay_muted, label);
		}
	}
}

// 'draw_cats()' - Shading of the later categories and the labels along the bottom.
static void
draw_cats(lay_t *d, const chart_t *c, const frame_t *f)
{

	if (c->shade_from < c->n_cats) {
		float sx = f->x0 + (float)c->shade_from * f->group;
		lay_fill_colour(d, shade_grey);
		lay_rect(d, sx, f->y0, f->x1 - sx, f->y1 - f->y0);
		lay_fill(d);
	}
	for (int i = 0; i < c->n_cats; i++) {
		float size = lay_fit_size(d, LAY_REGULAR, TICK_SIZE, f->group - 2, c->cats[i]);
		lay_text(d, f->x0 + ((float)i + 0.5f) * f->group, f->y0 - 10, LAY_REGULAR, size, LAY_CENTRE,
		         lay_ink, c->cats[i]);
	}
}

// 'draw_bars()' - The bar series, side by side within each category.
static void
draw_bars(lay_t *d, const chart_t *c, const frame_t *f, const axis_t *a)
{
	float inner = f->group * (c->n_bars > 1 ? 0.78f : 0.55f), bw = inner / (float)(c->n_bars ? c->n_bars : 1);

	// Few categories would make slabs of bars: keep them bar-shaped.
	if (bw > 36) {
		bw = 36;
		inner = bw * (float)c->n_bars;
	}
	float zero = value_y(f, a, 0);

	for (int i = 0; i < c->n_cats; i++) {
		float gx = f->x0 + (float)i * f->group + (f->group - inner) / 2;
		for (int k = 0; k < c->n_bars; k++) {
			if (!c->bars[k].has[i] || c->bars[k].v[i] == 0)
				continue;
			bar_shape(d, k, gx + (float)k * bw + 0.4f, zero, bw - 0.8f,
			          value_y(f, a, c->bars[k].v[i]) - zero);
		}
	}
}

// 'line_path()' - The path of a line series through the category centres, broken where a value is missing.
static void
line_path(lay_t *d, const chart_t *c, const chart_series_t *s, const frame_t *f, const axis_t *a)
{
	bool open = false;

	for (int i = 0; i < c->n_cats; i++) {
		float x = f->x0 + ((float)i + 0.5f) * f->group;
		if (!s->has[i]) {
			open = false;
			continue;
		}
		if (open)
			lay_line_to(d, x, value_y(f, a, s->v[i]));
		else
			lay_move_to(d, x, value_y(f, a, s->v[i]));
		open = true;
	}
}

// 'draw_lines()' - The line series through the category centres, broken where a value is missing.
static void
draw_lines(lay_t *d, const chart_t *c, const frame_t *f, const axis_t *a)
{

	// The first series is drawn last, on top: it is the one the chart is about.
	for (int k = c->n_lines - 1; k >= 0; k--) {
		const chart_series_t *s = &c->lines[k];
		// A white halo first, so a line stays visible where it crosses a bar of its own colour.
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 0) {
				lay_dash(d, NULL, 0);
				lay_stroke_colour(d, lay_white);
				lay_line_width(d, 3.4f);
			} else {
				line_style(d, k);
			}
			line_path(d, c, s, f, a);
			lay_stroke(d);
		}
		for (int i = 0; i < c->n_cats; i++)
			if (s->has[i])
				marker(d, k, f->x0 + ((float)i + 0.5f) * f->group, value_y(f, a, s->v[i]));
	}
	lay_dash(d, NULL, 0);
}

// 'fit_axes()' - The left axis (bars, and lines without their own axis) and the right one.
static void
fit_axes(const chart_t *c, axis_t *l, axis_t *r)
{
	int64_t lmin = 0, lmax = 0, rmin = 0, rmax = 0;

	for (int k = 0; k < c->n_bars; k++)
		series_range(&c->bars[k], c->n_cats, &lmin, &lmax);
	for (int k = 0; k < c->n_lines; k++)
		series_range(&c->lines[k], c->n_cats, c->lines_right ? &rmin : &lmin, c->lines_right ? &rmax : &lmax);
	fit_axis(l, lmin, lmax, c->n_bars > 0 ? c->bar_unit : c->line_unit);
	if (c->lines_right) {
		fit_axis(r, rmin, rmax, c->line_unit);
		align_axes(l, r);
	}
}

// 'chart_legend_rows()' - The rows the legend takes in width w, without drawing it.
int
chart_legend_rows(lay_t *d, const chart_t *c, float w)
{
	return legend(d, c, 0, 0, w, false);
}

// 'alt_value()' - A figure of a series as the tables show it: whole pounds, or a number.
static void
alt_value(int64_t v, chart_unit_t unit, buf_t *out)
{
	char text[64];

	if (unit == CHART_PENCE)
		format_pounds(v, text, sizeof text);
	else
		format_value(v, KIND_QUANTITY, false, text, sizeof text);
	buf_puts(out, text);
}

// 'alt_series()' - "label value" of each series that has a figure in category i.
static bool
alt_series(const chart_series_t *s, int n, int i, chart_unit_t unit, bool any, buf_t *out)
{
	for (int k = 0; k < n; k++) {
		if (!s[k].has[i])
			continue;
		buf_puts(out, any ? ", " : " ");
		buf_puts(out, s[k].label != NULL ? s[k].label : "");
		buf_putc(out, ' ');
		alt_value(s[k].v[i], unit, out);
		any = true;
	}
	return any;
}

// 'cat_name()' - A category as the alt text says it.
static const char *
cat_name(const chart_t *c, int i)
{
	return c->spoken[i] != NULL ? c->spoken[i] : c->cats[i] != NULL ? c->cats[i] : "";
}

// 'has_any()' - Whether any series has a figure in category i.
static bool
has_any(const chart_t *c, int i)
{
	for (int k = 0; k < c->n_bars; k++)
		if (c->bars[k].has[i])
			return true;
	for (int k = 0; k < c->n_lines; k++)
		if (c->lines[k].has[i])
			return true;
	return false;
}

void
chart_alt(const chart_t *c, buf_t *out)
{
	buf_puts(out, c->title != NULL ? c->title : "Chart");
	buf_putc(out, '.');
	for (int i = 0; i < c->n_cats; i++) {
		buf_puts(out, i == 0 ? " " : "; ");
		buf_puts(out, cat_name(c, i));
		if (!has_any(c, i)) {
			// A run of categories without figures is said once: "July 2020 to March 2021: none".
			int j = i;
			while (j + 1 < c->n_cats && !has_any(c, j + 1))
				j++;
			if (j > i) {
				buf_puts(out, " to ");
				buf_puts(out, cat_name(c, j));
			}
			buf_puts(out, ": none");
			i = j;
			continue;
		}
		buf_putc(out, ':');
		bool any = alt_series(c->bars, c->n_bars, i, c->bar_unit, false, out);
		alt_series(c->lines, c->n_lines, i, c->line_unit, any, out);
	}
	buf_putc(out, '.');
	if (c->shade_from < c->n_cats && c->shade_label != NULL) {
		buf_puts(out, " Shaded: ");
		buf_puts(out, c->shade_label);
		buf_putc(out, '.');
	}
}

// 'chart_draw()' - Title, legend, axes, bars and lines of a chart in its box, as a figure.
void
chart_draw(lay_t *d, const chart_t *c, float x, float top, float w, float h)
{
	axis_t l, r;
	frame_t f;
	int lines, fig;
	float y;
	buf_t alt;

	buf_init(&alt);
	chart_alt(c, &alt);
	fig = lay_figure_begin(d, alt.data, x, top, w, h);
	buf_free(&alt);
	fit_axes(c, &l, &r);
	// A title too long for the box is made smaller, never let run past it.
	lay_text(d, x, top - TITLE_SIZE, LAY_BOLD, lay_fit_size(d, LAY_BOLD, TITLE_SIZE, w, c->title), LAY_LEFT,
	         lay_ink, c->title);
	lines = legend(d, c, x, top - TITLE_SIZE - 14, w, false);
	lines = lines > c->legend_rows ? lines : c->legend_rows;
	y = top - TITLE_SIZE - 14 - 11 * (float)lines - 4;

	// Axis titles sit above their axes, level, so they read without turning the page.
	if (c->bar_axis != NULL)
		lay_text(d, x, y - 6, LAY_BOLD, TICK_SIZE, LAY_LEFT, lay_muted, c->bar_axis);
	if (c->lines_right && c->line_axis != NULL)
		lay_text(d, x + w, y - 6, LAY_BOLD, TICK_SIZE, LAY_RIGHT, lay_muted, c->line_axis);
	f.y1 = y - 16;
	f.y0 = top - h + 16;
	f.x0 = x + widest_tick(d, &l) + 7;
	f.x1 = c->lines_right ? x + w - widest_tick(d, &r) - 7 : x + w - 2;
	f.group = (f.x1 - f.x0) / (float)(c->n_cats > 0 ? c->n_cats : 1);

	legend(d, c, x, top - TITLE_SIZE - 14, w, true);
	draw_cats(d, c, &f);
	draw_grid(d, &f, &l, c->lines_right ? &r : NULL);
	draw_bars(d, c, &f, &l);
	draw_lines(d, c, &f, c->lines_right ? &r : &l);

	// A frame round the plot, so bars on a white page still have an edge.
	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.5f);
	lay_rect(d, f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
	lay_stroke(d);
	lay_figure_end(d, fig);
}

void
chart_flow(lay_t *d, const chart_t *c, float gap, float h, const char *bookmark)
{
	lay_need(d, gap + h + 4);
	lay_down(d, gap);
	lay_bookmark(d, bookmark);
	chart_draw(d, c, LAY_X0, lay_y(d), LAY_WIDTH, h);
	lay_down(d, h);
}

/*
 * The variance chart: horizontal bars either side of zero, thresholds drawn.
 */

#define VAR_ROW 15.0f		// the height of one unit's row
#define VAR_BAR 8.0f		// the thickness of its bar
#define VAR_LABEL 7.5f		// unit names and figures
#define VAR_NAME_MIN 6.0f	// a long name is made smaller, to this at least
#define VAR_HEAD (TITLE_SIZE + 14 + 11 + 16)	// title, key, axis labels
#define VAR_FOOT 6.0f

static const lay_rgb_t amber_band = { 1.0f, 0.93f, 0.76f };
static const lay_rgb_t red_band = { 0.96f, 0.82f, 0.82f };
static const lay_rgb_t amber_line = { 0.62f, 0.45f, 0.0f };
static const lay_rgb_t red_line = { 0.62f, 0.09f, 0.11f };
static const unsigned short amber_dash[2] = { 3, 2 };
static const unsigned short red_dash[2] = { 6, 2 };

float
chart_variance_height(int rows)
{
	return VAR_HEAD + (float)rows * VAR_ROW + VAR_FOOT;
}

int
chart_variance_rows(float h)
{
	float rows = (h - VAR_HEAD - VAR_FOOT) / VAR_ROW;

	return rows < 1 ? 0 : (int)rows;
}

// 'variance_scale()' - The axis of the whole chart, in hundredths of a percent: -hi..hi in
//                      steps of step, room for every bar and for the red threshold.
static void
variance_scale(const variance_chart_t *c, int64_t *hi, int64_t *step)
{
	int64_t most = c->red_bp > c->amber_bp ? c->red_bp : c->amber_bp;

	for (int i = 0; i < c->n; i++)
		if (c->bars[i].pct.has && (int64_t)magnitude(c->bars[i].pct.tenths) > most / 10)
			most = (int64_t)magnitude(c->bars[i].pct.tenths) * 10;
	most += most / 20;
	*step = nice_step(ceil_div(most, 4), 100);
	*hi = ceil_div(most, *step) * *step;
	if (*hi == 0)
		*hi = *step;
}

// 'figure_label()' - What stands at the end of a bar: "6.2% AMBER", or "n/a: no YTD profile".
static void
figure_label(const variance_bar_t *b, char *buf, size_t size)
{
	char pct[32];

	if (!b->pct.has) {
		snprintf(buf, size, "n/a: no YTD profile");
		return;
	}
	format_pct(b->pct, pct, sizeof pct);
	snprintf(buf, size, "%s %s", pct, rag_word(b->rag) ? rag_word(b->rag) : "");
}

// The geometry of a part, the same for every part of one chart.
typedef struct variance_frame {
	float name_x;		// right edge of the unit names
	float x0, x1;		// the plot
	float zero, half;	// x of 0, and of hi less 0
	int64_t hi, step;
} variance_frame_t;

static float
variance_x(const variance_frame_t *f, int64_t bp)
{
	return f->zero + (float)((double)bp / (double)f->hi) * f->half;
}

// 'variance_frame()' - Names take what the longest needs (up to 42% of w); the figures beside
//                      the bars are given room at both ends, so no bar pushes one off the plot.
static void
variance_frame(lay_t *d, const variance_chart_t *c, float x, float w, variance_frame_t *f)
{
	float names = 0, figures = 0;
	char label[64];

	for (int i = 0; i < c->n; i++) {
		float nw = lay_text_width(d, LAY_REGULAR, VAR_LABEL, c->bars[i].label ? c->bars[i].label : "");
		names = nw > names ? nw : names;
		figure_label(&c->bars[i], label, sizeof label);
		float fw = lay_text_width(d, LAY_REGULAR, VAR_LABEL, label);
		figures = fw > figures ? fw : figures;
	}
	names += 8;
	if (names > 0.42f * w)
		names = 0.42f * w;
	variance_scale(c, &f->hi, &f->step);
	f->name_x = x + names - 6;
	f->x0 = x + names;
	f->x1 = x + w;
	f->zero = (f->x0 + f->x1) / 2;
	f->half = (f->x1 - f->x0) / 2 - figures - 5;
}

// 'variance_key()' - The key: what the two shaded bands and their dashed edges mean.
static void
variance_key(lay_t *d, const variance_chart_t *c, float x, float y)
{
	char a[16], r[16], text[2][96];

	format_bp(c->amber_bp, a, sizeof a);
	format_bp(c->red_bp, r, sizeof r);
	snprintf(text[0], sizeof text[0], "Beyond the amber threshold (\xc2\xb1%s): AMBER", a);
	snprintf(text[1], sizeof text[1], "Beyond the red threshold (\xc2\xb1%s): RED", r);
	for (int k = 0; k < 2; k++) {
		lay_fill_colour(d, k == 0 ? amber_band : red_band);
		lay_rect(d, x, y - 1, 12, 7);
		lay_fill(d);
		lay_stroke_colour(d, k == 0 ? amber_line : red_line);
		lay_line_width(d, 0.9f);
		lay_dash(d, k == 0 ? amber_dash : red_dash, 2);
		lay_move_to(d, x, y - 1);
		lay_line_to(d, x, y + 6);
		lay_stroke(d);
		lay_dash(d, NULL, 0);
		lay_text(d, x + 16, y, LAY_REGULAR, LEGEND_SIZE, LAY_LEFT, lay_ink, text[k]);
		x += 16 + lay_text_width(d, LAY_REGULAR, LEGEND_SIZE, text[k]) + 14;
	}
}

// 'variance_ground()' - Behind the bars of rows [y0, y1]: every other row shaded, the bands
//                       beyond the thresholds, gridlines, the thresholds dashed, the zero line.
static void
variance_ground(lay_t *d, const variance_chart_t *c, const variance_frame_t *f, float x, int rows, float y1)
{
	float y0 = y1 - (float)rows * VAR_ROW;

	for (int k = 1; k < rows; k += 2) {
		lay_fill_colour(d, lay_zebra);
		lay_rect(d, x, y1 - (float)(k + 1) * VAR_ROW, f->x1 - x, VAR_ROW);
		lay_fill(d);
	}
	for (int side = -1; side <= 1; side += 2) {
		float a = variance_x(f, side * c->amber_bp), r = variance_x(f, side * c->red_bp);
		float end = variance_x(f, side * f->hi);

		lay_fill_colour(d, amber_band);
		lay_rect(d, a < r ? a : r, y0, a < r ? r - a : a - r, y1 - y0);
		lay_fill(d);
		lay_fill_colour(d, red_band);
		lay_rect(d, r < end ? r : end, y0, r < end ? end - r : r - end, y1 - y0);
		lay_fill(d);
	}
	lay_stroke_colour(d, grid_grey);
	lay_line_width(d, 0.4f);
	for (int64_t v = -f->hi; v <= f->hi; v += f->step) {
		lay_move_to(d, variance_x(f, v), y0);
		lay_line_to(d, variance_x(f, v), y1);
	}
	lay_stroke(d);
	for (int k = 0; k < 2; k++) {
		int64_t bp = k == 0 ? c->amber_bp : c->red_bp;

		lay_stroke_colour(d, k == 0 ? amber_line : red_line);
		lay_line_width(d, 0.9f);
		lay_dash(d, k == 0 ? amber_dash : red_dash, 2);
		lay_move_to(d, variance_x(f, -bp), y0);
		lay_line_to(d, variance_x(f, -bp), y1);
		lay_move_to(d, variance_x(f, bp), y0);
		lay_line_to(d, variance_x(f, bp), y1);
		lay_stroke(d);
	}
	lay_dash(d, NULL, 0);
	lay_stroke_colour(d, line_grey);
	lay_line_width(d, 0.8f);
	lay_move_to(d, f->zero, y0);
	lay_line_to(d, f->zero, y1);
	lay_stroke(d);
}

// 'variance_row()' - One unit: its name, its bar from zero, its figure beyond the bar's end.
static void
variance_row(lay_t *d, const variance_bar_t *b, const variance_frame_t *f, float x, float top)
{
	const char *name = b->label ? b->label : "";
	float mid = top - VAR_ROW / 2, base = mid - VAR_LABEL * 0.35f;
	float size = lay_fit_size(d, LAY_REGULAR, VAR_LABEL, f->name_x - x, name);
	char label[64];

	// A name too long even at VAR_NAME_MIN ends in an ellipsis (the alt text has it whole).
	lay_text_cut(d, f->name_x, base, LAY_REGULAR, size < VAR_NAME_MIN ? VAR_NAME_MIN : size, LAY_RIGHT, lay_ink,
	             name, f->name_x - x);
	figure_label(b, label, sizeof label);
	if (!b->pct.has) {
		lay_text(d, f->zero + 4, base, LAY_REGULAR, VAR_LABEL, LAY_LEFT, lay_muted, label);
		return;
	}
	int64_t bp = b->pct.tenths * 10;
	float end = variance_x(f, bp < -f->hi ? -f->hi : bp > f->hi ? f->hi : bp);
	lay_fill_colour(d, lay_navy);
	lay_stroke_colour(d, lay_navy);
	lay_line_width(d, 0.5f);
	lay_rect(d, end < f->zero ? end : f->zero, mid - VAR_BAR / 2, end < f->zero ? f->zero - end : end - f->zero,
	         VAR_BAR);
	lay_fill_stroke(d);
	if (bp < 0)
		lay_text(d, end - 3, base, LAY_REGULAR, VAR_LABEL, LAY_RIGHT, lay_ink, label);
	else
		lay_text(d, end + 3, base, LAY_REGULAR, VAR_LABEL, LAY_LEFT, lay_ink, label);
}

void
chart_variance_draw(lay_t *d, const variance_chart_t *c, int from, int to, float x, float top, float w)
{
	variance_frame_t f;
	char title[512], tick[32];
	int rows = to - from;
	float y = top - TITLE_SIZE, rows_top = top - VAR_HEAD;

	buf_t alt;
	int fig;

	// Each part is a figure of its own, read as the bars it shows.
	buf_init(&alt);
	chart_variance_alt(c, from, to, &alt);
	fig = lay_figure_begin(d, alt.data, x, top, w, chart_variance_height(rows));
	buf_free(&alt);
	snprintf(title, sizeof title, "%s%s", c->title, from > 0 ? " (continued)" : "");
	lay_text(d, x, y, LAY_BOLD, lay_fit_size(d, LAY_BOLD, TITLE_SIZE, w, title), LAY_LEFT, lay_ink, title);
	variance_frame(d, c, x, w, &f);
	variance_key(d, c, x, y - 14);
	y = rows_top + 5;
	for (int64_t v = -f.hi; v <= f.hi; v += f.step) {
		format_bp(v, tick, sizeof tick);
		lay_text(d, variance_x(&f, v), y, LAY_REGULAR, TICK_SIZE, LAY_CENTRE, lay_muted, tick);
	}
	variance_ground(d, c, &f, x, rows, rows_top);
	for (int i = from; i < to; i++)
		variance_row(d, &c->bars[i], &f, x, rows_top - (float)(i - from) * VAR_ROW);
	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.5f);
	lay_rect(d, f.x0, rows_top - (float)rows * VAR_ROW, f.x1 - f.x0, (float)rows * VAR_ROW);
	lay_stroke(d);
	lay_figure_end(d, fig);
}

void
chart_variance_alt(const variance_chart_t *c, int from, int to, buf_t *out)
{
	char v[64], amber[16], red[16];

	buf_printf(out, "%s%s: ", c->title, from > 0 ? " (continued)" : "");
	for (int i = from; i < to; i++) {
		const variance_bar_t *b = &c->bars[i];
		const char *word = rag_word(b->rag);

		format_variance(b->pct, b->variance, v, sizeof v);
		buf_printf(out, "%s%s %s, %s", i > from ? "; " : "", b->label ? b->label : "", v, word ? word : "no RAG");
	}
	format_bp(c->amber_bp, amber, sizeof amber);
	format_bp(c->red_bp, red, sizeof red);
	buf_printf(out, "; amber threshold %s, red %s.", amber, red);
}
