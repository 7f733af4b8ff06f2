// The flow of a document: a cursor going down A4 pages, and the blocks renderers place on it
// (headings, paragraphs, tiles, pairs, tables, figures, groups), each measured with the fonts'
// own metrics, drawn through the document's operators (lay_doc.c) and tagged as it is drawn
// (lay_tags.c): a renderer that only calls these is tagged without thinking about it.  The
// furniture of every page (marking, running header and footer, page numbers) is drawn when
// the document is saved, as artifacts.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_private.h"
#include "roit.h"

const lay_rgb_t lay_ink = { 0.08f, 0.09f, 0.11f };
const lay_rgb_t lay_muted = { 0.30f, 0.32f, 0.36f };
const lay_rgb_t lay_navy = { 0.08f, 0.19f, 0.38f };
const lay_rgb_t lay_rule = { 0.72f, 0.74f, 0.77f };
const lay_rgb_t lay_zebra = { 0.945f, 0.95f, 0.96f };
const lay_rgb_t lay_white = { 1.0f, 1.0f, 1.0f };

static const lay_rgb_t total_fill = { 0.86f, 0.88f, 0.91f };
static const lay_rgb_t tile_fill = { 0.955f, 0.96f, 0.97f };

#define CELL_PAD 3.5f		// left and right padding of a table cell
#define CELL_VPAD 2.5f		// top and bottom padding of a table cell
#define DENSE_VPAD 1.0f		// and of a dense table's
#define FIG_PAD 4.5f		// left padding of a figure: with its neighbour's right one, 8 pt between figures
#define TEXT_SHARE 0.32f	// of the width the text columns get before the figures' font shrinks
#define TABLE_MIN_SIZE 6.5f	// the least size a table shrinks to for it
#define MAX_COLS 16
#define MARK_SIZE 9.0f		// the marking's size, on one line if it fits
#define MARK_MIN 7.0f		// shrunk no further on one line
#define MARK_MIN_WRAPPED 6.5f	// nor on several
#define MARK_LEADING 1.15f	// line height / size of a wrapped marking

static void fit_marking(lay_t *d);

/*
 * The cursor and the pages.
 */

void
flow_start(lay_t *d, const lay_info_t *info)
{
	d->marking = doc_encode(d, info->marking, NULL);
	fit_marking(d);
	d->header_left = doc_encode(d, info->header_left, NULL);
	d->header_right = doc_encode(d, info->header_right, NULL);
	d->footer_left = doc_encode(d, info->footer_left, NULL);
}

void
flow_free(lay_t *d)
{
	free(d->marking);
	for (int i = 0; d->mark != NULL && i < d->mark_lines; i++)
		free(d->mark[i]);
	free(d->mark);
	free(d->header_left);
	free(d->header_right);
	free(d->footer_left);
}

HPDF_Page lay_page(lay_t *d) { if (d->page == NULL) lay_new_page(d); return d->page; }
float lay_y(const lay_t *d) { return d->page == NULL ? d->top : d->y; }
float lay_room(const lay_t *d) { return lay_y(d) - d->bottom; }
void lay_down(lay_t *d, float h) { d->y -= h; }
float lay_line_height(float size) { return size * LINE_FACTOR; }
float lay_baseline(float size) { return size * BASELINE_FACTOR; }

// 'lay_new_page()' - Add an A4 portrait page and put the cursor at its top.
void
lay_new_page(lay_t *d)
{
	int i = doc_add_page(d);

	if (i < 0)
		return;
	d->page = d->pages[i].h;
	d->y = d->top;
}

// 'lay_need()' - Turn the page unless h points fit below the cursor; O - true when it turned.
bool
lay_need(lay_t *d, float h)
{
	if (d->page == NULL) {
		lay_new_page(d);
		return true;
	}
	if (d->y - h >= d->bottom || d->y >= d->top)
		return false;
	lay_new_page(d);
	return true;
}

// 'lay_bookmark()' - An outline entry pointing at the cursor on the current page.
void
lay_bookmark(lay_t *d, const char *utf8)
{
	lay_page(d);
	doc_outline(d, utf8, d->target, d->y + 12);
}

/*
 * Structure the renderers ask for: groups read as one (a column of a two-column block),
 * figures with their alternative text.
 */

int lay_group_begin(lay_t *d) { return tags_open(d, "Div"); }
void lay_group_end(lay_t *d, int g) { tags_close(d, g); }

int
lay_figure_begin(lay_t *d, const char *alt, float x, float top, float w, float h)
{
	int f;

	lay_page(d);
	f = tags_open(d, "Figure");
	tags_alt(d, f, alt, false);
	tags_bbox(d, f, x, top - h, x + w, top);
	return f;
}

void lay_figure_end(lay_t *d, int f) { tags_close(d, f); }

// 'text_elem()' - Open an element of type for text about to be drawn (NULL: the current one
//                 takes it), with the exact text as ActualText where the page shows '?' (in a
//                 Span of its own inside the current element).  O - the element opened, or -1.
static int
text_elem(lay_t *d, const char *type, const char *utf8, bool lossy)
{
	int e = -1;

	if (type == NULL && lossy && d->artifact == MARK_NONE)
		type = "Span";
	if (type != NULL)
		e = tags_open(d, type);
	if (e >= 0 && lossy)
		tags_alt(d, e, utf8, true);
	return e;
}

/*
 * Text at a position.
 */

float
lay_text_width(lay_t *d, lay_face_t face, float size, const char *utf8)
{
	char *s = doc_encode(d, utf8, NULL);
	float w = doc_width(d, face, size, s, strlen(s));

	free(s);
	return w;
}

// 'lay_text()' - Draw UTF-8 text on the current page, x taken as its left, right or centre:
//                part of the current element, or a paragraph of its own.
void
lay_text(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align, lay_rgb_t colour,
         const char *utf8)
{
	bool lossy;
	char *s = doc_encode(d, utf8, &lossy);
	int e = text_elem(d, tags_takes_text(d) ? NULL : "P", utf8, lossy);

	doc_show_aligned(d, x, y, face, size, align, colour, s, strlen(s));
	tags_close(d, e);
	free(s);
}

// 'lay_text_cut()' - lay_text(), cut short with an ellipsis where it is wider than width.
void
lay_text_cut(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align, lay_rgb_t colour,
             const char *utf8, float width)
{
	bool lossy;
	char *enc = doc_encode(d, utf8, &lossy);
	char *s = xmalloc(strlen(enc) + 3);	// doc_cut() needs room for two bytes more
	int e = text_elem(d, tags_takes_text(d) ? NULL : "P", utf8, lossy);

	strcpy(s, enc);
	doc_ellipsize(d, face, size, s, width);
	doc_show_aligned(d, x, y, face, size, align, colour, s, strlen(s));
	tags_close(d, e);
	free(enc);
	free(s);
}

// 'lay_fit_size()' - The largest size up to size at which text fits width, not under 5 pt.
float
lay_fit_size(lay_t *d, lay_face_t face, float size, float width, const char *utf8)
{
	char *s = doc_encode(d, utf8, NULL);
	size_t n = strlen(s);

	while (size > 5.0f && doc_width(d, face, size, s, n) > width)
		size -= 0.5f;
	free(s);
	return size;
}

/*
 * Wrapping: encoded text into lines no wider than a width, in time linear in its length
 * however long a word is.
 */

typedef struct span {
	size_t off, len;
} span_t;

typedef struct lines {
	span_t *v;
	int n, cap;
} lines_t;

// 'lines_add()' - Append a line (offset and length into the text).
static void
lines_add(lines_t *l, size_t off, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n].off = off;
	l->v[l->n].len = len;
	l->n++;
}

// 'fits()' - Whether a width in 1/1000 em fits the line at size.
static bool
fits(long units, float size, float width)
{
	return (float)units * size / 1000.0f <= width + FIT_SLACK;
}

// 'wrap_line()' - The end of the line starting at s[start] within [start, end): whole words,
//                 or as much of a word too long for a line as fits (one character at least).
//                 Widths grow a character at a time and stop at the line's end, so a word
//                 is measured once however many lines it takes.
static size_t
wrap_line(lay_t *d, lay_face_t face, float size, const char *s, size_t start, size_t end, float width)
{
	size_t line_end = start, j = start;
	long units = 0;		// the width of s[start, j)

	while (j < end) {
		size_t k = j;
		long u = units;

		// The spaces before the next word, then the word, while they fit.
		while (k < end && s[k] == ' ')
			u += doc_units(d, face, s + k, 1), k++;
		if (k == end)
			break;
		while (k < end && s[k] != ' ') {
			size_t len = doc_char_len(s, k);
			long w = doc_units(d, face, s + k, len);
			if (!fits(u + w, size, width))
				break;
			u += w;
			k += len;
		}
		if (k < end && s[k] != ' ') {
			// The word does not fit: the line ends before it, or breaks it when it is the first.
			if (line_end == start)
				line_end = k > start ? k : start + doc_char_len(s, start);
			return line_end;
		}
		line_end = j = k;
		units = u;
	}
	return line_end > start ? line_end : end;
}

// 'wrap_enc()' - Lines of encoded text s in width: a line per '\n', long lines broken between words.
static void
wrap_enc(lay_t *d, lay_face_t face, float size, const char *s, float width, lines_t *out)
{
	size_t n = strlen(s), pos = 0;

	out->n = 0;
	while (pos <= n) {
		size_t pe = pos;
		while (pe < n && s[pe] != '\n')
			pe++;
		// An empty line stays, as space between paragraphs.
		size_t i = pos;
		while (i < pe && s[i] == ' ')
			i++;
		if (i == pe)
			lines_add(out, pos, 0);
		// Most lines fit whole (a table's cells): measured at once, not word by word.
		size_t last = pe;
		while (last > i && s[last - 1] == ' ')
			last--;
		if (last > i && fits(doc_units(d, face, s + i, last - i), size, width)) {
			lines_add(out, i, last - i);
			i = pe;
		}
		while (i < pe) {
			size_t e = wrap_line(d, face, size, s, i, pe, width);
			lines_add(out, i, e - i);
			i = e;
			while (i < pe && s[i] == ' ')
				i++;
		}
		pos = pe + 1;
	}
}

// 'show_line()' - Draw line l of encoded text s at (x, y), x its left, right or centre.  A line
//                 that ends where the text had a space or a line break is drawn with one space
//                 more, past its measured end: the reader of the structure tree hears a word
//                 break there, not two words run together.
static void
show_line(lay_t *d, lay_face_t face, float size, float x, float y, lay_align_t align, lay_rgb_t c, const char *s,
          span_t l)
{
	float w = align == LAY_LEFT ? 0 : doc_width(d, face, size, s + l.off, l.len);
	char end = s[l.off + l.len];

	x -= align == LAY_RIGHT ? w : align == LAY_CENTRE ? w / 2 : 0;
	if (end != ' ' && end != '\n') {
		doc_show(d, face, size, x, y, c, s + l.off, l.len);
		return;
	}
	char *line = xmalloc(l.len + 2);
	memcpy(line, s + l.off, l.len);
	line[l.len] = ' ';
	line[l.len + 1] = '\0';
	doc_show(d, face, size, x, y, c, line, l.len + 1);
	free(line);
}

/*
 * Headings and paragraphs.
 */

// 'heading_at()' - A heading (type H1..H3) of a size, kept with keep points; a space above
//                  unless at the top of a page; a bookmark and a rule below when mark is set.
static void
heading_at(lay_t *d, const char *type, const char *utf8, float size, float gap, float keep, bool mark)
{
	float lh = lay_line_height(size);
	bool top = d->page == NULL || d->y >= d->top;

	if (lay_need(d, (top ? 0 : gap) + lh + 4 + keep))
		top = true;
	if (!top)
		d->y -= gap;
	if (mark)
		lay_bookmark(d, utf8);
	int e = tags_open(d, type);
	lay_text(d, LAY_X0, d->y - size * BASELINE_FACTOR, LAY_BOLD, size, LAY_LEFT, lay_navy, utf8);
	tags_close(d, e);
	d->y -= lh;
	if (mark) {
		lay_stroke_colour(d, lay_navy);
		lay_line_width(d, 0.8f);
		lay_move_to(d, LAY_X0, d->y);
		lay_line_to(d, LAY_X1, d->y);
		lay_stroke(d);
		d->y -= 6;
	} else {
		d->y -= 1;
	}
}

void lay_heading(lay_t *d, const char *utf8, float keep) { heading_at(d, "H2", utf8, 13, 16, keep, true); }
void lay_subheading(lay_t *d, const char *utf8, float keep) { heading_at(d, "H3", utf8, 10, 7, keep, false); }

// 'lay_subheading_keep()' - A subheading needs its gap, its line and keep + 4 below it; a heading
//                           leaves keep - 2 below its rule.
float lay_subheading_keep(float keep) { return 7 + lay_line_height(10) + 4 + keep + 2; }

// 'para_breaks()' - The lines of a paragraph (n of lh each) that start a new page, from the cursor.
static int
para_breaks(const lay_t *d, int n, float lh, int *brk)
{
	float y = d->y;
	int nb = 0;

	for (int i = 0; i < n; i++) {
		if (y - lh < d->bottom && y < d->top) {
			brk[nb++] = i;
			y = d->top;
		}
		y -= lh;
	}
	return nb;
}

// 'para()' - Wrap text into the text width less indent and draw it line by line as one
//            element of type, turning pages; a paragraph broken across pages leaves two
//            lines at least on each.
static void
para(lay_t *d, const char *type, const char *utf8, lay_face_t face, float size, lay_rgb_t colour, float indent)
{
	bool lossy;
	char *s = doc_encode(d, utf8, &lossy);
	lines_t l = { 0 };
	float lh = lay_line_height(size);
	int *brk, nb, next = 0;

	wrap_enc(d, face, size, s, LAY_WIDTH - indent, &l);
	lay_page(d);
	brk = xmalloc((size_t)(l.n > 0 ? l.n : 1) * sizeof *brk);
	nb = para_breaks(d, l.n, lh, brk);
	// One line alone at the foot of a page (or two of three): the paragraph starts on the next.
	if (nb > 0 && brk[0] > 0 && (brk[0] < 2 || (nb == 1 && l.n - brk[0] < 2 && brk[0] <= 2))) {
		lay_new_page(d);
		nb = para_breaks(d, l.n, lh, brk);
	}
	// One line alone at the head of the last page: it takes another from the page before.
	if (nb > 0 && l.n - brk[nb - 1] < 2 && brk[nb - 1] - (nb > 1 ? brk[nb - 2] : 0) > 2)
		brk[nb - 1]--;
	int e = text_elem(d, type, utf8, lossy);
	for (int i = 0; i < l.n; i++) {
		if (next < nb && brk[next] == i) {
			next++;
			lay_new_page(d);
		}
		show_line(d, face, size, LAY_X0 + indent, d->y - size * BASELINE_FACTOR, LAY_LEFT, colour, s, l.v[i]);
		d->y -= lh;
	}
	tags_close(d, e);
	free(brk);
	free(l.v);
	free(s);
}

void
lay_para(lay_t *d, const char *utf8, lay_face_t face, float size, lay_rgb_t colour, float indent)
{
	para(d, "P", utf8, face, size, colour, indent);
}

// 'lay_title()' - The document's title: its one H1.
void
lay_title(lay_t *d, const char *utf8, float size, lay_rgb_t colour)
{
	para(d, "H1", utf8, LAY_BOLD, size, colour, 0);
}

// 'lay_para_height()' - The height wrapped text would take in width.
float
lay_para_height(lay_t *d, const char *utf8, lay_face_t face, float size, float width)
{
	char *s = doc_encode(d, utf8, NULL);
	lines_t l = { 0 };

	wrap_enc(d, face, size, s, width, &l);
	free(s);
	free(l.v);
	return (float)l.n * lay_line_height(size);
}

// 'lay_hline()' - A rule across the text width at the cursor.
void
lay_hline(lay_t *d, float width_pt, lay_rgb_t colour)
{
	lay_page(d);
	lay_stroke_colour(d, colour);
	lay_line_width(d, width_pt);
	lay_move_to(d, LAY_X0, d->y);
	lay_line_to(d, LAY_X1, d->y);
	lay_stroke(d);
}

/*
 * Boxes: badges and tiles.
 */

// 'round_rect()' - Add a rounded rectangle to the current path.
static void
round_rect(lay_t *d, float x, float y, float w, float h, float r)
{
	const float k = 0.5523f * r;	// control distance of a quarter circle drawn as a Bezier

	lay_move_to(d, x + r, y);
	lay_line_to(d, x + w - r, y);
	lay_curve_to(d, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	lay_line_to(d, x + w, y + h - r);
	lay_curve_to(d, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
	lay_line_to(d, x + r, y + h);
	lay_curve_to(d, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	lay_line_to(d, x, y + r);
	lay_curve_to(d, x, y + r - k, x + r - k, y, x + r, y);
	lay_close_path(d);
}

// 'lay_badge_width()' - Width of a badge holding text at size.
float
lay_badge_width(lay_t *d, float size, const char *utf8)
{
	return lay_text_width(d, LAY_BOLD, size, utf8) + 1.3f * size;
}

// 'lay_badge()' - A rounded box in fill with its word in ink (the word is read; the box is
//                 not); O - its width.
float
lay_badge(lay_t *d, float x, float y, float size, const char *utf8, lay_rgb_t fill, lay_rgb_t ink)
{
	float w;

	lay_page(d);
	w = lay_badge_width(d, size, utf8);
	// The outline keeps a light badge visible on a greyscale print.
	lay_fill_colour(d, fill);
	lay_stroke_colour(d, lay_ink);
	lay_line_width(d, 0.6f);
	round_rect(d, x, y - 0.42f * size, w, 1.5f * size, 0.35f * size);
	lay_fill_stroke(d);
	lay_text(d, x + 0.65f * size, y, LAY_BOLD, size, LAY_LEFT, ink, utf8);
	return w;
}

// 'fill_rect()' - A filled rectangle, optionally outlined.
static void
fill_rect(lay_t *d, float x, float y, float w, float h, lay_rgb_t fill, bool outline)
{
	// Colours are set before the path: PDF does not allow them while a path is open.
	lay_fill_colour(d, fill);
	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.6f);
	lay_rect(d, x, y, w, h);
	if (outline)
		lay_fill_stroke(d);
	else
		lay_fill(d);
}

#define NOTE_SIZE 7.5f		// a tile's note
#define NOTE_MIN_ONE 7.0f	// shrunk no further on one line
#define NOTE_MIN 6.5f		// nor on two
#define NOTE_LEADING 1.2f

// A tile's note as drawn: one line, or two, the second cut short with an ellipsis if it must.
typedef struct note_fit {
	float size;
	int n;
	char *line[2];		// encoded
} note_fit_t;

// 'fit_note()' - Fit a note into width: one line down to 7 pt, else two from 7.5 pt down to
//                6.5 pt, else two at 6.5 pt ending with an ellipsis.  Never smaller, never wider.
static void
fit_note(lay_t *d, const char *utf8, float width, note_fit_t *f)
{
	char *s = doc_encode(d, utf8, NULL);
	size_t n = strlen(s);
	lines_t l = { 0 };
	float size = NOTE_SIZE;

	memset(f, 0, sizeof *f);
	while (size > NOTE_MIN_ONE && doc_width(d, LAY_REGULAR, size, s, n) > width)
		size -= 0.5f;
	if (strchr(s, '\n') == NULL && doc_width(d, LAY_REGULAR, size, s, n) <= width) {
		lines_add(&l, 0, n);
	} else {
		for (size = NOTE_SIZE; size >= NOTE_MIN; size -= 0.5f) {
			wrap_enc(d, LAY_REGULAR, size, s, width, &l);
			if (l.n <= 2)
				break;
		}
		size = size < NOTE_MIN ? NOTE_MIN : size;
	}
	f->size = size;
	f->n = l.n < 2 ? l.n : 2;
	for (int i = 0; i < f->n; i++) {
		// The second line of a note longer still holds the rest, cut short with an ellipsis.
		size_t len = i == 1 && l.n > 2 ? n - l.v[i].off : l.v[i].len;
		f->line[i] = xmalloc(len + 4);
		memcpy(f->line[i], s + l.v[i].off, len);
		f->line[i][len] = '\0';
		for (char *c = f->line[i]; *c; c++)
			*c = *c == '\n' ? ' ' : *c;
		if (i == 0 && f->n == 2)
			strcat(f->line[i], " ");	// the word break the wrap took, for the reader
		// Always marked as cut, even where the rest would fit once the line ends are spaces.
		if (i == 1 && l.n > 2)
			doc_cut(d, LAY_REGULAR, size, f->line[i], width);
	}
	free(l.v);
	free(s);
}

// 'note_free()' - Free a fitted note.
static void
note_free(note_fit_t *f)
{
	free(f->line[0]);
	free(f->line[1]);
}

// 'draw_tile()' - One headline tile with its top left corner at (x, top): the box an artifact,
//                 its label, value and note the body of a list item.
static void
draw_tile(lay_t *d, const lay_tile_t *t, const note_fit_t *note, float x, float top, float w, float h)
{
	const float pad = 7;
	float inner = w - 2 * pad, size;
	int li, body;

	fill_rect(d, x, top - h, w, h, tile_fill, true);
	// Label, value and note: each a paragraph of the item's body (lay_text() makes them so).
	li = tags_open(d, "LI");
	body = tags_open(d, "LBody");
	size = lay_fit_size(d, LAY_REGULAR, 7.5f, inner, t->label);
	lay_text(d, x + pad, top - 12, LAY_REGULAR, size, LAY_LEFT, lay_muted, t->label);
	if (t->badge) {
		size = lay_fit_size(d, LAY_BOLD, 11, inner - 15, t->value);
		lay_badge(d, x + pad, top - 30, size, t->value, t->fill, t->ink);
	} else {
		size = lay_fit_size(d, LAY_BOLD, 14, inner, t->value);
		lay_text(d, x + pad, top - 30, LAY_BOLD, size, LAY_LEFT, lay_ink, t->value);
	}
	int p = note->n > 0 ? tags_open(d, "P") : -1;
	for (int i = 0; i < note->n; i++)
		doc_show(d, LAY_REGULAR, note->size, x + pad, top - 44 - (float)i * note->size * NOTE_LEADING, lay_muted,
		         note->line[i], strlen(note->line[i]));
	tags_close(d, p);
	tags_close(d, body);
	tags_close(d, li);
}

// 'tiles_geometry()' - Fit the notes of the tiles (into notes, when given) and decide the tiles'
//                      width and height: all of them taller when a note takes two lines.
static void
tiles_geometry(lay_t *d, const lay_tile_t *tiles, int n, int per_row, note_fit_t *notes, float *w, float *h)
{
	const float gap = 6, pad = 7;

	*w = (LAY_WIDTH - gap * (float)(per_row - 1)) / (float)per_row;
	*h = 52;
	for (int i = 0; i < n; i++) {
		note_fit_t f = { 0 };
		if (tiles[i].note != NULL && tiles[i].note[0] != '\0')
			fit_note(d, tiles[i].note, *w - 2 * pad, &f);
		if (f.n == 2 && *h < 54 + f.size * NOTE_LEADING)
			*h = 54 + f.size * NOTE_LEADING;
		if (notes != NULL)
			notes[i] = f;
		else
			note_free(&f);
	}
}

// 'lay_tiles_height()' - The height the tiles take, the gap below them included.
float
lay_tiles_height(lay_t *d, const lay_tile_t *tiles, int n, int per_row)
{
	float w, h;

	tiles_geometry(d, tiles, n, per_row, NULL, &w, &h);
	return (float)((n + per_row - 1) / per_row) * (h + 6);
}

// 'lay_tiles()' - Headline tiles, per_row to a row, kept together on one page; read as a list,
//                 a tile an item, in rows.
void
lay_tiles(lay_t *d, const lay_tile_t *tiles, int n, int per_row)
{
	const float gap = 6;
	int rows = (n + per_row - 1) / per_row, list;
	float w, h;
	note_fit_t *notes = xcalloc((size_t)(n > 0 ? n : 1), sizeof *notes);

	tiles_geometry(d, tiles, n, per_row, notes, &w, &h);
	lay_need(d, (float)rows * (h + gap));
	list = tags_open(d, "L");
	for (int i = 0; i < n; i++) {
		int r = i / per_row, c = i % per_row;
		draw_tile(d, &tiles[i], &notes[i], LAY_X0 + (float)c * (w + gap), d->y - (float)r * (h + gap), w, h);
		note_free(&notes[i]);
	}
	tags_close(d, list);
	free(notes);
	d->y -= (float)rows * (h + gap);
}

// 'lay_note_box()' - A title and a wrapped note in a light box, where a chart would have been.
float
lay_note_box(lay_t *d, float x, float top, float w, const char *title, const char *utf8)
{
	const float pad = 8, size = 8.5f, tsize = 9.5f;
	float y = top, lh = lay_line_height(size);
	bool lossy;
	char *s = doc_encode(d, utf8, &lossy);
	lines_t l = { 0 };

	lay_page(d);
	if (title != NULL) {
		// As a chart's title: on its own line, above the box.
		float ts = lay_fit_size(d, LAY_BOLD, tsize, w, title);
		lay_text(d, x, y - tsize, LAY_BOLD, ts, LAY_LEFT, lay_ink, title);
		y -= tsize + 8;
	}
	wrap_enc(d, LAY_REGULAR, size, s, w - 2 * pad, &l);
	float h = (float)l.n * lh + 2 * pad;
	fill_rect(d, x, y - h, w, h, tile_fill, true);
	int e = text_elem(d, "P", utf8, lossy);
	for (int i = 0; i < l.n; i++)
		show_line(d, LAY_REGULAR, size, x + pad, y - pad - size * BASELINE_FACTOR - (float)i * lh, LAY_LEFT,
		          lay_muted, s, l.v[i]);
	tags_close(d, e);
	free(l.v);
	free(s);
	return top - (y - h);
}

// 'pair_lines()' - Wrap the value of a pair into its width; O - lines (at least one).
static int
pair_lines(lay_t *d, const char *value, float size, float width, char **enc, bool *lossy, lines_t *l)
{
	*enc = doc_encode(d, value, lossy);
	wrap_enc(d, LAY_REGULAR, size, *enc, width, l);
	return l->n > 0 ? l->n : 1;
}

// 'lay_pairs()' - Label/value pairs down cols columns, values wrapped beside their labels;
//                 read as a table, a row at a time, each label the header of its value.
void
lay_pairs(lay_t *d, const char *const *pairs, int n, int cols, float size)
{
	const float gap = 18;
	float lh = lay_line_height(size), colw, lw[8] = { 0 };
	int rows, table;

	cols = cols < 1 ? 1 : cols > 8 ? 8 : cols;
	colw = (LAY_WIDTH - gap * (float)(cols - 1)) / (float)cols;
	rows = (n + cols - 1) / cols;
	// Pairs go down the columns; each column's labels are as wide as its longest.
	for (int i = 0; i < n; i++) {
		float w = lay_text_width(d, LAY_BOLD, size, pairs[2 * i]) + 12;
		lw[i / rows] = w > lw[i / rows] ? w : lw[i / rows];
	}
	lay_page(d);
	table = tags_open(d, "Table");
	for (int r = 0; r < rows; r++) {
		char *enc[8] = { NULL };
		bool lossy[8] = { false };
		lines_t l[8] = { { 0 } };
		int most = 1, tr;
		for (int k = 0; k < cols && k * rows + r < n; k++) {
			int got = pair_lines(d, pairs[2 * (k * rows + r) + 1], size, colw - lw[k], &enc[k], &lossy[k], &l[k]);
			most = got > most ? got : most;
		}
		lay_need(d, (float)most * lh);
		tr = tags_open(d, "TR");
		for (int k = 0; k < cols && k * rows + r < n; k++) {
			float x = LAY_X0 + (float)k * (colw + gap);
			int th = tags_open(d, "TH"), td;
			tags_scope(d, th, "Row");
			lay_text(d, x, d->y - size * BASELINE_FACTOR, LAY_BOLD, size, LAY_LEFT, lay_muted,
			         pairs[2 * (k * rows + r)]);
			tags_close(d, th);
			td = text_elem(d, "TD", pairs[2 * (k * rows + r) + 1], lossy[k]);
			for (int m = 0; m < l[k].n; m++)
				show_line(d, LAY_REGULAR, size, x + lw[k], d->y - size * BASELINE_FACTOR - (float)m * lh, LAY_LEFT,
				          lay_ink, enc[k], l[k].v[m]);
			tags_close(d, td);
			free(l[k].v);
			free(enc[k]);
		}
		tags_close(d, tr);
		d->y -= (float)most * lh;
	}
	tags_close(d, table);
}

/*
 * Tables: one Table element however many pages it takes, a THead row of column headers, a
 * TBody whose rows each start with their row header; the header row repeated on a new page,
 * and its "(continued)" caption, are artifacts.
 */

typedef struct cell {
	char *utf8;		// the text as given
	char *text;		// encoded, once a document measures or draws the table
	bool lossy;		// the page shows '?' for some of it
	bool badge;
	lay_rgb_t fill, ink;
} cell_t;

struct lay_table {
	int ncols;
	float size;
	bool compact, dense;
	bool encoded;		// text, head and caption hold the encoded text
	char *caption, *caption_utf8;
	char *head[MAX_COLS], *head_utf8[MAX_COLS];
	lay_align_t align[MAX_COLS];
	bool nowrap[MAX_COLS];
	cell_t *cells;
	int n_cells, cap_cells;
	unsigned *flags;	// per row
	int cap_rows;
	struct grid *grid;	// its geometry, once fitted to a document (kept for drawing it)
};

// The geometry of a table, decided once before it is drawn.
typedef struct grid {
	float size, lh;
	float vpad;		// a cell's top and bottom padding
	float w[MAX_COLS];
	bool wrap[MAX_COLS];
	float width;
} grid_t;

// 'lay_table_new()' - A table of ncols columns at a text size.
lay_table_t *
lay_table_new(int ncols, float size)
{
	lay_table_t *t = xcalloc(1, sizeof *t);

	t->ncols = ncols < 1 ? 1 : ncols > MAX_COLS ? MAX_COLS : ncols;
	t->size = size;
	return t;
}

// 'lay_table_col()' - The header and alignment of a column.
void
lay_table_col(lay_table_t *t, int col, const char *head, lay_align_t align)
{
	if (col < 0 || col >= t->ncols)
		return;
	free(t->head_utf8[col]);
	t->head_utf8[col] = xstrdup(head);
	t->align[col] = align;
}

void lay_table_compact(lay_table_t *t) { t->compact = true; }
void lay_table_dense(lay_table_t *t) { t->dense = true; }

// 'lay_table_nowrap()' - Keep a left-aligned column on one line (hashes, codes).
void
lay_table_nowrap(lay_table_t *t, int col)
{
	if (col >= 0 && col < t->ncols)
		t->nowrap[col] = true;
}

// 'wraps()' - Whether a column holds text that may wrap.
static bool
wraps(const lay_table_t *t, int c)
{
	return t->align[c] == LAY_LEFT && !t->nowrap[c];
}

// 'lay_table_caption()' - The caption repeated above the header when the table continues.
void
lay_table_caption(lay_table_t *t, const char *utf8)
{
	free(t->caption_utf8);
	t->caption_utf8 = xstrdup(utf8);
}

// 'encode_table()' - Encode a table's text in a document's fonts, the first time it is used.
static void
encode_table(lay_t *d, lay_table_t *t)
{
	if (t->encoded)
		return;
	for (int i = 0; i < t->n_cells; i++)
		t->cells[i].text = doc_encode(d, t->cells[i].utf8, &t->cells[i].lossy);
	for (int c = 0; c < t->ncols; c++)
		t->head[c] = doc_encode(d, t->head_utf8[c] ? t->head_utf8[c] : "", NULL);
	t->caption = t->caption_utf8 != NULL ? doc_encode(d, t->caption_utf8, NULL) : NULL;
	t->encoded = true;
}

// 'row_flags_at()' - The flags slot of a row, growing the array as rows are added.
static unsigned *
row_flags_at(lay_table_t *t, int row)
{
	if (row >= t->cap_rows) {
		int cap = t->cap_rows ? t->cap_rows : 16;
		while (cap <= row)
			cap *= 2;
		t->flags = xrealloc(t->flags, (size_t)cap * sizeof *t->flags);
		memset(t->flags + t->cap_rows, 0, (size_t)(cap - t->cap_rows) * sizeof *t->flags);
		t->cap_rows = cap;
	}
	return &t->flags[row];
}

// 'add_cell()' - Append a cell; O - it, zeroed but for its text.
static cell_t *
add_cell(lay_table_t *t, const char *utf8)
{
	cell_t *c;

	if (t->n_cells == t->cap_cells) {
		t->cap_cells = t->cap_cells ? t->cap_cells * 2 : 64;
		t->cells = xrealloc(t->cells, (size_t)t->cap_cells * sizeof *t->cells);
	}
	row_flags_at(t, t->n_cells / t->ncols);
	c = &t->cells[t->n_cells++];
	memset(c, 0, sizeof *c);
	c->utf8 = xstrdup(utf8 != NULL ? utf8 : "");
	return c;
}

void lay_table_cell(lay_table_t *t, const char *utf8) { add_cell(t, utf8); }

// 'lay_table_badge()' - Append a cell drawn as a badge.
void
lay_table_badge(lay_table_t *t, const char *word, lay_rgb_t fill, lay_rgb_t ink)
{
	cell_t *c = add_cell(t, word);

	c->badge = true;
	c->fill = fill;
	c->ink = ink;
}

// 'lay_table_row_flags()' - Flags of the row now being filled (total, bold).
void
lay_table_row_flags(lay_table_t *t, unsigned flags)
{
	*row_flags_at(t, t->n_cells / t->ncols) |= flags;
}

// 'lay_table_free()' - Free a table and its text.
void
lay_table_free(lay_table_t *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->n_cells; i++) {
		free(t->cells[i].text);
		free(t->cells[i].utf8);
	}
	for (int c = 0; c < t->ncols; c++) {
		free(t->head[c]);
		free(t->head_utf8[c]);
	}
	free(t->cells);
	free(t->flags);
	free(t->caption);
	free(t->caption_utf8);
	free(t->grid);
	free(t);
}

// 'longest_word()' - Width of the widest space-separated word of encoded text.
static float
longest_word(lay_t *d, lay_face_t face, float size, const char *s)
{
	float best = 0;

	for (size_t i = 0; s[i] != '\0';) {
		size_t j = i;
		while (s[j] != '\0' && s[j] != ' ' && s[j] != '\n')
			j++;
		float w = doc_width(d, face, size, s + i, j - i);
		best = w > best ? w : best;
		i = s[j] != '\0' ? j + 1 : j;
	}
	return best;
}

// 'row_flags()' - The flags of a row, 0 for rows never flagged.
static unsigned
row_flags(const lay_table_t *t, int row)
{
	return row < t->cap_rows ? t->flags[row] : 0;
}

// 'cell_width()' - The single-line width a cell needs at size, padding included.
static float
cell_width(lay_t *d, const lay_table_t *t, int i, float size)
{
	const cell_t *c = &t->cells[i];
	lay_face_t face = row_flags(t, i / t->ncols) ? LAY_BOLD : LAY_REGULAR;

	if (c->badge)
		return lay_badge_width(d, size * 0.9f, "") + doc_width(d, LAY_BOLD, size * 0.9f, c->text,
		                                                        strlen(c->text)) + 2 * CELL_PAD;
	return doc_width(d, face, size, c->text, strlen(c->text)) + 2 * CELL_PAD;
}

// 'measure_cols()' - Natural (one line) and least (wrapped) widths of every column at size,
//                   and the width that keeps each header on one line.
static void
measure_cols(lay_t *d, const lay_table_t *t, float size, float *nat, float *min, float *head1)
{
	for (int c = 0; c < t->ncols; c++) {
		const char *h = t->head[c] ? t->head[c] : "";
		nat[c] = min[c] = longest_word(d, LAY_BOLD, size, h) + 2 * CELL_PAD;
		head1[c] = doc_width(d, LAY_BOLD, size, h, strlen(h)) + 2 * CELL_PAD;
	}
	for (int i = 0; i < t->n_cells; i++) {
		int c = i % t->ncols;
		float w = cell_width(d, t, i, size);
		nat[c] = w > nat[c] ? w : nat[c];
		if (wraps(t, c) && !t->cells[i].badge) {
			// Words longer than this are broken rather than widen the column.
			float word = longest_word(d, LAY_REGULAR, size, t->cells[i].text) + 2 * CELL_PAD;
			word = word > 100 ? 100 : word;
			min[c] = word > min[c] ? word : min[c];
		} else {
			min[c] = nat[c];
		}
	}
	for (int c = 0; c < t->ncols; c++) {
		if (wraps(t, c) && min[c] < 40)
			min[c] = nat[c] < 40 ? nat[c] : 40;
		// Figures keep a wider gap from what stands at their left than text needs.
		if (!wraps(t, c) && t->align[c] != LAY_LEFT) {
			float more = (t->align[c] == LAY_CENTRE ? 2 : 1) * (FIG_PAD - CELL_PAD);
			nat[c] += more, min[c] += more, head1[c] += more;
		}
	}
}

// 'spread()' - Give extra width to the text columns (or to every column when there are none).
static void
spread(const lay_table_t *t, grid_t *g, float extra)
{
	float base = 0;
	bool any = false;

	for (int c = 0; c < t->ncols; c++)
		if (g->wrap[c]) {
			base += g->w[c];
			any = true;
		}
	for (int c = 0; c < t->ncols; c++) {
		if (!any)
			g->w[c] += extra / (float)t->ncols;
		else if (g->wrap[c])
			g->w[c] += extra * g->w[c] / base;
	}
}

// 'widen_heads()' - Spend spare width on the columns whose headers would wrap, in proportion
//                   to what each needs to keep its header on one line.
static void
widen_heads(const lay_table_t *t, grid_t *g, const float *head1, float spare)
{
	float need = 0;

	for (int c = 0; c < t->ncols; c++)
		if (head1[c] > g->w[c])
			need += head1[c] - g->w[c];
	if (need <= 0)
		return;
	// At most half the spare width: the text columns want room too.
	float share = spare / 2 >= need ? 1 : spare / 2 / need;
	for (int c = 0; c < t->ncols; c++)
		if (head1[c] > g->w[c])
			g->w[c] += (head1[c] - g->w[c]) * share;
}

// 'fit_at()' - Column widths at a size; O - false when the table cannot fit the page at it.
//              strict: the text columns must get TEXT_SHARE of the width (or all they need),
//              else they may shrink to their least widths.
static bool
fit_at(lay_t *d, const lay_table_t *t, float size, grid_t *g, bool strict)
{
	float nat[MAX_COLS], min[MAX_COLS], head1[MAX_COLS], fixed = 0, wnat = 0, wmin = 0;

	measure_cols(d, t, size, nat, min, head1);
	for (int c = 0; c < t->ncols; c++) {
		g->wrap[c] = wraps(t, c);
		g->w[c] = nat[c];
		if (g->wrap[c]) {
			wnat += nat[c];
			wmin += min[c];
		} else {
			fixed += nat[c];
		}
	}
	if (fixed + wnat <= LAY_WIDTH) {
		widen_heads(t, g, head1, LAY_WIDTH - fixed - wnat);
		if (!t->compact) {
			float used = 0;
			for (int c = 0; c < t->ncols; c++)
				used += g->w[c];
			spread(t, g, LAY_WIDTH - used);
		}
		return true;
	}
	float want = wnat < TEXT_SHARE * LAY_WIDTH ? wnat : TEXT_SHARE * LAY_WIDTH;
	if (fixed + (strict && want > wmin ? want : wmin) > LAY_WIDTH)
		return false;
	// Shrink the text columns towards their least widths, in proportion to what they can give.
	float give = LAY_WIDTH - fixed - wmin, can = wnat - wmin;
	for (int c = 0; c < t->ncols; c++)
		if (g->wrap[c])
			g->w[c] = min[c] + (nat[c] - min[c]) * give / can;
	return true;
}

// 'fit_table()' - Decide size and column widths.  Long text wraps in its columns, which keep
//                 a fair share of the width: the font shrinks first (to 6.5 pt), for the
//                 figures, which never wrap.  Only a table with too many figures for that
//                 squeezes its text columns further (at 6.5 pt, then 6 pt).
static void
fit_table(lay_t *d, lay_table_t *t, grid_t *g)
{
	float size = t->size;
	bool fitted = false;

	if (t->grid != NULL) {	// measured for its keep, now drawn
		*g = *t->grid;
		return;
	}
	for (; size >= TABLE_MIN_SIZE - 0.01f && !fitted; size -= fitted ? 0 : 0.5f)
		fitted = fit_at(d, t, size, g, true);
	// Too many figures for the share even at 6.5 pt: the text columns take what is left at the
	// least size (the most they can have), or less at 6 pt.
	if (!fitted)
		size = t->size < TABLE_MIN_SIZE ? t->size : TABLE_MIN_SIZE;
	for (; !fitted; size -= 0.5f) {
		if (fit_at(d, t, size, g, false))
			break;
		if (size <= 6.0f) {
			// Nothing fits: scale every column and let all of them wrap.
			float total = 0;
			for (int c = 0; c < t->ncols; c++)
				total += g->w[c];
			for (int c = 0; c < t->ncols; c++) {
				g->w[c] = g->w[c] * LAY_WIDTH / total;
				g->wrap[c] = true;
			}
			break;
		}
	}
	g->size = size;
	g->lh = lay_line_height(size);
	g->vpad = t->dense ? DENSE_VPAD : CELL_VPAD;
	g->width = 0;
	for (int c = 0; c < t->ncols; c++)
		g->width += g->w[c];
	t->grid = xmalloc(sizeof *t->grid);
	*t->grid = *g;
}

// The wrapped lines of every cell of one row.
typedef struct row_lines {
	lines_t l[MAX_COLS];
	float h;
} row_lines_t;

// 'wrap_row()' - Wrap the cells of a row (texts given) into their columns; sets the row height.
//                Headers always wrap; figures never do.
static void
wrap_row(lay_t *d, const grid_t *g, int ncols, char *const *texts, const bool *badge, lay_face_t face,
         bool head, row_lines_t *r)
{
	int most = 1;

	for (int c = 0; c < ncols; c++) {
		if (badge[c] || (!g->wrap[c] && !head)) {
			r->l[c].n = 0;
			lines_add(&r->l[c], 0, strlen(texts[c]));
		} else {
			wrap_enc(d, face, g->size, texts[c], g->w[c] - 2 * CELL_PAD, &r->l[c]);
		}
		most = r->l[c].n > most ? r->l[c].n : most;
	}
	r->h = (float)(most - 1) * g->lh + g->size * (BASELINE_FACTOR + 0.3f) + 2 * g->vpad;
}

// 'cell_elem()' - Open the element of cell c of a row: a column header, the row's header (its
//                 first cell), or a data cell; with its exact text where the page shows '?'.
static int
cell_elem(lay_t *d, const lay_table_t *t, const cell_t *cells, int c, bool head)
{
	int e;

	if (head || c == 0) {
		e = tags_open(d, "TH");
		tags_scope(d, e, head ? "Column" : "Row");
	} else {
		e = tags_open(d, "TD");
	}
	if (cells != NULL && cells[c].lossy)
		tags_alt(d, e, cells[c].utf8, true);
	(void)t;
	return e;
}

// 'draw_cells()' - The text of a wrapped row whose top is at top, each cell its element
//                  (unless the row is an artifact: a header repeated on a new page).
static void
draw_cells(lay_t *d, const lay_table_t *t, const grid_t *g, char *const *texts, const cell_t *cells,
           lay_face_t face, lay_rgb_t colour, const row_lines_t *r, float top, bool head)
{
	float x = LAY_X0;

	for (int c = 0; c < t->ncols; c++) {
		float base = top - g->vpad - g->size * BASELINE_FACTOR;
		int e = d->artifact == MARK_NONE ? cell_elem(d, t, cells, c, head) : -1;
		if (cells != NULL && cells[c].badge) {
			float bs = g->size * 0.9f, bw = lay_badge_width(d, bs, "") +
			           doc_width(d, LAY_BOLD, bs, texts[c], strlen(texts[c]));
			lay_fill_colour(d, cells[c].fill);
			lay_stroke_colour(d, lay_ink);
			lay_line_width(d, 0.5f);
			round_rect(d, x + (g->w[c] - bw) / 2, base - 0.4f * bs, bw, 1.45f * bs, 0.3f * bs);
			lay_fill_stroke(d);
			doc_show_aligned(d, x + g->w[c] / 2, base, LAY_BOLD, bs, LAY_CENTRE, cells[c].ink, texts[c],
			                 strlen(texts[c]));
		} else {
			for (int k = 0; k < r->l[c].n; k++) {
				float tx = t->align[c] == LAY_RIGHT ? x + g->w[c] - CELL_PAD :
				           t->align[c] == LAY_CENTRE ? x + g->w[c] / 2 : x + CELL_PAD;
				show_line(d, face, g->size, tx, base - (float)k * g->lh, t->align[c], colour, texts[c], r->l[c].v[k]);
			}
		}
		tags_close(d, e);
		x += g->w[c];
	}
}

// 'draw_header()' - The header row at the cursor: the table's THead the first time, an artifact
//                   with its "(continued)" caption on every page after.
static void
draw_header(lay_t *d, const lay_table_t *t, const grid_t *g, bool continued)
{
	char *texts[MAX_COLS];
	bool badge[MAX_COLS] = { false };
	row_lines_t r = { 0 };
	enum mark_kind was = d->artifact;
	int head = -1, tr = -1;

	if (continued)
		d->artifact = MARK_LAYOUT;
	if (continued && t->caption != NULL) {
		char *cap = xmalloc(strlen(t->caption) + 16);
		sprintf(cap, "%s (continued)", t->caption);
		doc_show(d, LAY_BOLD, 8, LAY_X0, d->y - 8 * BASELINE_FACTOR, lay_muted, cap, strlen(cap));
		d->y -= lay_line_height(8) + 2;
		free(cap);
	}
	for (int c = 0; c < t->ncols; c++)
		texts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, g, t->ncols, texts, badge, LAY_BOLD, true, &r);
	fill_rect(d, LAY_X0, d->y - r.h, g->width, r.h, lay_navy, false);
	if (!continued) {
		head = tags_open(d, "THead");
		tr = tags_open(d, "TR");
	}
	draw_cells(d, t, g, texts, NULL, LAY_BOLD, lay_white, &r, d->y, true);
	tags_close(d, tr);
	tags_close(d, head);
	d->y -= r.h;
	d->artifact = was;
	for (int c = 0; c < MAX_COLS; c++)
		free(r.l[c].v);
}

// 'row_texts()' - Pointers to the texts of a row, and which cells are badges.
static void
row_texts(const lay_table_t *t, int row, char **texts, bool *badge)
{
	for (int c = 0; c < t->ncols; c++) {
		int i = row * t->ncols + c;
		texts[c] = i < t->n_cells ? t->cells[i].text : "";
		badge[c] = i < t->n_cells && t->cells[i].badge;
	}
}

// 'row_height()' - The height a row will take at the grid's size.
static float
row_height(lay_t *d, const lay_table_t *t, const grid_t *g, int row)
{
	char *texts[MAX_COLS];
	bool badge[MAX_COLS];
	row_lines_t r = { 0 };

	row_texts(t, row, texts, badge);
	wrap_row(d, g, t->ncols, texts, badge, row_flags(t, row) ? LAY_BOLD : LAY_REGULAR, false, &r);
	for (int c = 0; c < MAX_COLS; c++)
		free(r.l[c].v);
	return r.h;
}

// 'draw_row()' - One body row at the cursor: shading and rules (artifacts), then its cells.
static void
draw_row(lay_t *d, const lay_table_t *t, const grid_t *g, int row, const row_lines_t *r,
         char *const *texts, int zebra)
{
	unsigned flags = row_flags(t, row);
	cell_t blank[MAX_COLS];
	const cell_t *cells = &t->cells[row * t->ncols];
	int tr;

	// The last row may be short of cells: draw the missing ones empty.
	if ((row + 1) * t->ncols > t->n_cells) {
		memset(blank, 0, sizeof blank);
		for (int c = 0; row * t->ncols + c < t->n_cells; c++)
			blank[c] = t->cells[row * t->ncols + c];
		cells = blank;
	}
	if (flags & LAY_ROW_TOTAL)
		fill_rect(d, LAY_X0, d->y - r->h, g->width, r->h, total_fill, false);
	else if (zebra % 2 == 1)
		fill_rect(d, LAY_X0, d->y - r->h, g->width, r->h, lay_zebra, false);
	lay_line_width(d, (flags & LAY_ROW_TOTAL) ? 0.9f : 0.3f);
	lay_stroke_colour(d, (flags & LAY_ROW_TOTAL) ? lay_ink : lay_rule);
	lay_move_to(d, LAY_X0, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	lay_line_to(d, LAY_X0 + g->width, (flags & LAY_ROW_TOTAL) ? d->y : d->y - r->h);
	lay_stroke(d);
	tr = tags_open(d, "TR");
	draw_cells(d, t, g, texts, cells, flags ? LAY_BOLD : LAY_REGULAR, lay_ink, r, d->y, false);
	tags_close(d, tr);
	d->y -= r->h;
}

#define MIN_ROWS 3	// a table broken across pages leaves at least this many rows on each

// 'keep_height()' - What must fit below the cursor before the table starts: all of a short
//                   table (up to 2 * MIN_ROWS - 1 rows, or 120 points), else the header and
//                   2 * MIN_ROWS - 1 rows, so that MIN_ROWS stay when some go on with the last.
//                   h: the rows' heights when known, else each is measured, only as far as
//                   the answer needs (a long table's keep was a tenth of an overview's layout).
static float
keep_height(lay_t *d, const lay_table_t *t, const grid_t *g, float head, const float *h)
{
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	float all = head, first = head;

	for (int i = 0; i < rows; i++) {
		float hi = h != NULL ? h[i] : row_height(d, t, g, i);

		all += hi;
		if (i < 2 * MIN_ROWS - 1)
			first += hi;
		else if (all > 120)
			return first;	// 2 * MIN_ROWS rows or more, and taller than 120 points
	}
	return all;
}

// 'plan_breaks()' - The rows that start a new page (into brk; O - how many), for a table whose
//                   rows are h[] high and whose first row starts at y; a page repeats the
//                   caption (cap high) and the header (head).  Rows go on while they fit; then
//                   the last page is given MIN_ROWS rows at least, taken from the page before.
static int
plan_breaks(const lay_t *d, const float *h, int rows, float y, float cap, float head, int *brk)
{
	int nb = 0;

	for (int i = 0; i < rows; i++) {
		// A row taller than a page goes on anyway, at the top of one.
		if (y - h[i] < d->bottom && y < d->top - head - 30) {
			brk[nb++] = i;
			y = d->top - cap - head;
		}
		y -= h[i];
	}
	if (nb > 0 && rows - brk[nb - 1] < MIN_ROWS) {
		int last = brk[nb - 1], before = last - (nb > 1 ? brk[nb - 2] : 0);
		int move = MIN_ROWS - (rows - last);
		float need = cap + head;

		if (move > before - MIN_ROWS)
			move = before - MIN_ROWS;
		for (int i = last - (move > 0 ? move : 0); i < rows; i++)
			need += h[i];
		// The last page must hold what it is given.
		while (move > 0 && need > d->top - d->bottom) {
			need -= h[last - move];
			move--;
		}
		if (move > 0)
			brk[nb - 1] -= move;
	}
	return nb;
}

// 'fitted_header_height()' - Fit the table's columns into g; O - the height of its header row.
static float
fitted_header_height(lay_t *d, lay_table_t *t, grid_t *g)
{
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };

	encode_table(d, t);
	fit_table(d, t, g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	return hr.h;
}

// 'lay_table_keep()' - What must fit below the cursor before the table may start there.
float
lay_table_keep(lay_t *d, lay_table_t *t)
{
	grid_t g;
	float head = fitted_header_height(d, t, &g);

	return keep_height(d, t, &g, head, NULL);
}

// 'lay_table_height()' - The height of the whole table as if it fitted on one page.
float
lay_table_height(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols;
	float h = fitted_header_height(d, t, &g) + 4;

	for (int i = 0; i < rows; i++)
		h += row_height(d, t, &g, i);
	return h;
}

// 'lay_table_draw()' - Draw a table at the cursor, continuing on new pages with its header
//                      repeated, never carrying fewer than MIN_ROWS rows to the last page.
void
lay_table_draw(lay_t *d, lay_table_t *t)
{
	grid_t g;
	int rows = (t->n_cells + t->ncols - 1) / t->ncols, nb, next = 0, table, body;
	char *htexts[MAX_COLS];
	bool hbadge[MAX_COLS] = { false };
	row_lines_t hr = { 0 };
	row_lines_t *r = xcalloc((size_t)(rows > 0 ? rows : 1), sizeof *r);
	float *h = xmalloc((size_t)(rows > 0 ? rows : 1) * sizeof *h);
	int *brk = xmalloc((size_t)(rows > 0 ? rows : 1) * sizeof *brk);
	float cap;

	encode_table(d, t);
	cap = t->caption != NULL ? lay_line_height(8) + 2 : 0;
	fit_table(d, t, &g);
	for (int c = 0; c < t->ncols; c++)
		htexts[c] = t->head[c] ? t->head[c] : "";
	wrap_row(d, &g, t->ncols, htexts, hbadge, LAY_BOLD, true, &hr);
	for (int row = 0; row < rows; row++) {
		char *texts[MAX_COLS];
		bool badge[MAX_COLS];
		row_texts(t, row, texts, badge);
		wrap_row(d, &g, t->ncols, texts, badge, row_flags(t, row) ? LAY_BOLD : LAY_REGULAR, false, &r[row]);
		h[row] = r[row].h;
	}
	lay_need(d, keep_height(d, t, &g, hr.h, h));
	table = tags_open(d, "Table");
	draw_header(d, t, &g, false);
	body = tags_open(d, "TBody");
	nb = plan_breaks(d, h, rows, d->y, cap, hr.h, brk);
	for (int row = 0, zebra = 0; row < rows; row++, zebra++) {
		char *texts[MAX_COLS];
		bool badge[MAX_COLS];

		row_texts(t, row, texts, badge);
		if (next < nb && brk[next] == row) {
			next++;
			lay_new_page(d);
			draw_header(d, t, &g, true);
			zebra = 0;
		}
		draw_row(d, t, &g, row, &r[row], texts, zebra);
		for (int c = 0; c < MAX_COLS; c++)
			free(r[row].l[c].v);
	}
	tags_close(d, body);
	tags_close(d, table);
	for (int c = 0; c < MAX_COLS; c++)
		free(hr.l[c].v);
	free(r);
	free(h);
	free(brk);
	d->y -= 4;
}

/*
 * Furniture and saving.
 */

// 'marking_extra()' - How much further in from the top and the bottom the furniture goes to
//                     make room for a marking of more than one line.
static float
marking_extra(const lay_t *d)
{
	return (float)(d->mark_lines - 1) * d->mark_size * MARK_LEADING;
}

// 'draw_furniture()' - Marking top and bottom, running header and footer of page i of n, as
//                      pagination artifacts.
static void
draw_furniture(lay_t *d, int i, int n)
{
	char pageno[48], left[1024];
	float rw, lh = d->mark_size * MARK_LEADING, extra = marking_extra(d);

	d->artifact = MARK_PAGINATION;
	// The marking is the first and the last text of the page, however many lines it takes.
	for (int k = 0; k < d->mark_lines; k++) {
		doc_show_aligned(d, LAY_PAGE_W / 2, LAY_PAGE_H - 34 - (float)k * lh, LAY_BOLD, d->mark_size, LAY_CENTRE,
		                 lay_ink, d->mark[k], strlen(d->mark[k]));
		doc_show_aligned(d, LAY_PAGE_W / 2, 30 + (float)(d->mark_lines - 1 - k) * lh, LAY_BOLD, d->mark_size,
		                 LAY_CENTRE, lay_ink, d->mark[k], strlen(d->mark[k]));
	}

	// Running header: the unit at the left, the month at the right; a long unit is shortened.
	rw = doc_width(d, LAY_REGULAR, 8, d->header_right, strlen(d->header_right));
	doc_show_aligned(d, LAY_X1, LAY_PAGE_H - 52 - extra, LAY_REGULAR, 8, LAY_RIGHT, lay_muted, d->header_right,
	                 strlen(d->header_right));
	snprintf(left, sizeof left - 2, "%s", d->header_left);
	doc_ellipsize(d, LAY_BOLD, 8, left, LAY_WIDTH - rw - 18);
	doc_show(d, LAY_BOLD, 8, LAY_X0, LAY_PAGE_H - 52 - extra, lay_muted, left, strlen(left));

	snprintf(pageno, sizeof pageno, "Page %d of %d", i + 1, n);
	rw = doc_width(d, LAY_REGULAR, 8, pageno, strlen(pageno));
	doc_show_aligned(d, LAY_X1, 48 + extra, LAY_REGULAR, 8, LAY_RIGHT, lay_ink, pageno, strlen(pageno));
	snprintf(left, sizeof left - 2, "%s", d->footer_left);
	doc_ellipsize(d, LAY_REGULAR, 7.5f, left, LAY_WIDTH - rw - 18);
	doc_show(d, LAY_REGULAR, 7.5f, LAY_X0, 48 + extra, lay_muted, left, strlen(left));

	lay_stroke_colour(d, lay_rule);
	lay_line_width(d, 0.5f);
	lay_move_to(d, LAY_X0, LAY_PAGE_H - 58 - extra);
	lay_line_to(d, LAY_X1, LAY_PAGE_H - 58 - extra);
	lay_move_to(d, LAY_X0, 60 + extra);
	lay_line_to(d, LAY_X1, 60 + extra);
	lay_stroke(d);
	d->artifact = MARK_NONE;
}

// 'mark_wrap()' - Wrap the marking into at most k lines of the text width at size, as even as
//                 they can be; O - false when it needs more.
static bool
mark_wrap(lay_t *d, float size, int k, lines_t *l)
{
	const char *s = d->marking;
	float lo, hi = LAY_WIDTH;

	wrap_enc(d, LAY_BOLD, size, s, hi, l);
	if (l->n > k)
		return false;
	// The narrowest width that still takes no more than k lines: lines of even length.
	lo = doc_width(d, LAY_BOLD, size, s, strlen(s)) / (float)k - 1;
	for (int step = 0; step < 14 && hi - lo > 0.5f; step++) {
		float mid = (lo + hi) / 2;
		wrap_enc(d, LAY_BOLD, size, s, mid, l);
		if (l->n <= k)
			hi = mid;
		else
			lo = mid;
	}
	wrap_enc(d, LAY_BOLD, size, s, hi, l);
	return true;
}

// 'fit_marking()' - Size and lines of the marking: one line at 9 pt, shrunk to 7 pt if it must,
//                   then wrapped onto two lines (three, four) from 9 pt down to 6.5 pt; what is
//                   longer still is wrapped at 6.5 pt onto as many lines as it takes: the marking
//                   decides who may read the report, so it is never cut short (report.ini's line
//                   limit keeps it to a few lines).  Never off the page.  The flow's top and
//                   bottom make room for the lines.
static void
fit_marking(lay_t *d)
{
	const char *s = d->marking;
	size_t n = strlen(s);
	lines_t l = { 0 };
	float size = MARK_SIZE;
	bool done = false;

	while (size > MARK_MIN && doc_width(d, LAY_BOLD, size, s, n) > LAY_WIDTH)
		size -= 0.5f;
	if (doc_width(d, LAY_BOLD, size, s, n) <= LAY_WIDTH) {
		lines_add(&l, 0, n);
		done = true;
	}
	for (int k = 2; k <= MAX_MARK_LINES && !done; k++)
		for (size = MARK_SIZE; size >= MARK_MIN_WRAPPED && !done; size -= done ? 0 : 0.5f)
			done = mark_wrap(d, size, k, &l);
	if (!done) {
		size = MARK_MIN_WRAPPED;
		wrap_enc(d, LAY_BOLD, size, s, LAY_WIDTH, &l);
	}
	d->mark_size = size;
	d->mark_lines = l.n < 1 ? 1 : l.n;
	d->mark = xcalloc((size_t)d->mark_lines, sizeof *d->mark);
	for (int i = 0; i < d->mark_lines; i++) {
		size_t off = i < l.n ? l.v[i].off : 0, len = i < l.n ? l.v[i].len : 0;

		d->mark[i] = xmalloc(len + 1);
		memcpy(d->mark[i], s + off, len);
		d->mark[i][len] = '\0';
	}
	free(l.v);
	d->top = LAY_TOP - marking_extra(d);
	d->bottom = LAY_BOTTOM + marking_extra(d);
}

// 'lay_save()' - Furniture on every page, then the document into out.
int
lay_save(lay_t *d, buf_t *out)
{
	if (d->n_pages == 0)
		lay_new_page(d);
	for (int i = 0; i < d->n_pages; i++) {
		d->target = i;
		draw_furniture(d, i, d->n_pages);
	}
	d->target = d->n_pages - 1;
	return doc_save(d, out);
}
