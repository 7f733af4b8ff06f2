// Page layout over libharu: UTF-8 text in, A4 PDF pages out (embedded fonts, measured and
// wrapped text, tables that continue across pages, page furniture, bookmarks), saved to a
// buf_t as a tagged PDF/UA-1 and PDF/A-3b file with its JSON twin inside.
//
// Everything a renderer draws through this header is tagged as it is drawn: headings H1-H3,
// paragraphs, tables (one Table however many pages it takes, column and row headers with
// their scope), tiles as a list, figures with their Alt text, and the page furniture, rules,
// fills and a table's repeated header as artifacts.  The order things are drawn in is the
// order a screen reader reads them.  (The layer's own files: lay_private.h.)
//
// One place decides geometry: every width is measured with the font's own metrics after
// the one UTF-8 conversion the drawing uses (lay_encode()), so nothing guesses a width.
// A lay_t owns everything it made (pages, fonts, tables' text); lay_free() frees it all.
// libharu errors are recorded, never jumped out of: lay_save() reports the first one.
// Documents may be made on several threads at once, each lay_t on one thread: what they
// share for the run (font files, embedded font programs, the colour profile) is a
// lay_shared_t, which the caller owns and which keeps its shared parts under a lock.
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <hpdf.h>

#include "buf.h"

// A4 portrait, in points, origin at the bottom left (PDF's own coordinates).
#define LAY_PAGE_W 595.276f
#define LAY_PAGE_H 841.89f
#define LAY_X0 42.5f			// left edge of the text (15 mm)
#define LAY_X1 (LAY_PAGE_W - 42.5f)	// right edge of the text
#define LAY_WIDTH (LAY_X1 - LAY_X0)
#define LAY_TOP (LAY_PAGE_H - 70.0f)	// the flow starts here, below the running header,
#define LAY_BOTTOM 70.0f		// and ends here, above the footer: both further in when
					// the marking takes more than one line

typedef enum lay_face { LAY_REGULAR = 0, LAY_BOLD = 1 } lay_face_t;
typedef enum lay_align { LAY_LEFT = 0, LAY_RIGHT, LAY_CENTRE } lay_align_t;

typedef struct lay_rgb { float r, g, b; } lay_rgb_t;

// The palette: chosen to stay distinct in greyscale, never carrying meaning by hue alone.
extern const lay_rgb_t lay_ink;		// body text, near black
extern const lay_rgb_t lay_muted;	// labels and notes, dark grey
extern const lay_rgb_t lay_navy;	// headings, actual spend
extern const lay_rgb_t lay_rule;	// table rules, light grey
extern const lay_rgb_t lay_zebra;	// every other table row
extern const lay_rgb_t lay_white;

// What a document says about itself and prints on every page (UTF-8; copied).
typedef struct lay_info {
	const char *title, *author, *subject, *creator;
	time_t created;			// CreationDate and ModDate, written in UTC
	const char *marking;		// centred at the top and the bottom of every page: one line
					// at 9 pt, shrunk to 7 pt, else wrapped (up to four lines)
	const char *header_left;	// running header: the unit
	const char *header_right;	// running header: the month
	const char *footer_left;	// beside "Page X of Y"; may be NULL
	const char *lang;		// the document's language; NULL: "en-GB"
	const char *twin_name;		// the JSON twin embedded as an associated file, or NULL
	const void *twin;		// its bytes
	size_t twin_len;
} lay_info_t;

typedef struct lay lay_t;

// What the documents of a run share: the two TrueType files read once, the embedded font
// programs, and the sRGB colour profile of their output intent.  Open before the first
// document, free after the last.
typedef struct lay_shared lay_shared_t;

// 'lay_shared_open()' - Read the regular and bold font files and the sRGB profile.
//                       O - ROIT_OK, or ROIT_EX_CONFIG when one cannot be read (message names it).
int lay_shared_open(const char *font_regular, const char *font_bold, lay_shared_t **out);

// 'lay_shared_free()' - Free what the run shared, every program kept included (NULL is fine).
void lay_shared_free(lay_shared_t *shared);

// 'lay_open()' - Start a document with the run's fonts embedded.
//                O - ROIT_OK; ROIT_EX_CONFIG when a font is not a TrueType font libharu can load
//                    (message names it); ROIT_EX_SOFTWARE when libharu cannot start.  *out is
//                    NULL on error.
int lay_open(const lay_info_t *info, lay_shared_t *shared, lay_t **out);

// 'lay_twin()' - The twin's bytes, in place of those lay_open() was given: for a twin made on
//               another thread while the document was laid out (before lay_save()).
void lay_twin(lay_t *d, const void *twin, size_t len);

// 'lay_save()' - Draw the furniture of every page ("Page X of Y" is known now) and append the
//                PDF's bytes to out.  O - ROIT_OK, or ROIT_EX_SOFTWARE on a libharu error (message given).
int lay_save(lay_t *d, buf_t *out);

// 'lay_free()' - Free the document and everything it owns (NULL is fine).
void lay_free(lay_t *d);

// 'lay_encode()' - The one UTF-8 conversion text goes through, into a new string the caller frees.
//                  A CP1252 character is its byte there, drawn from the face's simple font.  Any
//                  other the document's fonts have is byte 1 then its UTF-8, drawn from the
//                  face's composite font by glyph (Polish, Czech, Romanian, Turkish, Welsh,
//                  Baltic, Maltese names).  Malformed UTF-8 and characters the fonts lack
//                  become '?' (the structure tree then carries the exact text).
char *lay_encode(lay_t *d, const char *utf8);

// Text on the current page at a given position (baseline y); x is the left, right or centre.
float lay_text_width(lay_t *d, lay_face_t face, float size, const char *utf8);
void lay_text(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align,
              lay_rgb_t colour, const char *utf8);
// 'lay_text_cut()' - lay_text(), cut short with an ellipsis where it is wider than width.
void lay_text_cut(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align,
                  lay_rgb_t colour, const char *utf8, float width);

// 'lay_fit_size()' - The largest size up to size at which utf8 is at most width wide (not under 5 pt).
float lay_fit_size(lay_t *d, lay_face_t face, float size, float width, const char *utf8);

// The flow: a cursor y going down the current page; a new page when the next block does not fit.
HPDF_Page lay_page(lay_t *d);
float lay_y(const lay_t *d);
float lay_room(const lay_t *d);		// the height left below the cursor on the current page
void lay_down(lay_t *d, float h);
void lay_new_page(lay_t *d);
bool lay_need(lay_t *d, float h);		// new page unless h fits; true when it turned over

// Drawing on the current page: colours, lines and paths, with PDF's own operators.  Go through
// these, never libharu's HPDF_Page_* functions: a page's operators are kept by the lay_t and
// reach libharu when the document is saved.
void lay_fill_colour(lay_t *d, lay_rgb_t c);
void lay_stroke_colour(lay_t *d, lay_rgb_t c);
void lay_line_width(lay_t *d, float w);
void lay_dash(lay_t *d, const unsigned short *pattern, int n);	// n = 0: solid
void lay_gsave(lay_t *d);
void lay_grestore(lay_t *d);
void lay_move_to(lay_t *d, float x, float y);
void lay_line_to(lay_t *d, float x, float y);
void lay_curve_to(lay_t *d, float x1, float y1, float x2, float y2, float x3, float y3);
void lay_rect(lay_t *d, float x, float y, float w, float h);
void lay_circle(lay_t *d, float x, float y, float r);
void lay_close_path(lay_t *d);
void lay_stroke(lay_t *d);
void lay_fill(lay_t *d);
void lay_fill_stroke(lay_t *d);
void lay_clip(lay_t *d);		// the current path clips what follows (end it with lay_end_path)
void lay_end_path(lay_t *d);

// 'lay_bookmark()' - An outline entry for the current position.
void lay_bookmark(lay_t *d, const char *utf8);

// Structure for what a renderer draws itself with lay_text() and paths.  Text outside any
// element is a paragraph of its own; paths are artifacts unless inside a figure.
// 'lay_group_begin()' - What is drawn until lay_group_end() reads as one block (Div): a column
//                       of a block laid out in columns, read before the next.  O - for the end.
int lay_group_begin(lay_t *d);
void lay_group_end(lay_t *d, int group);

// 'lay_figure_begin()' - What is drawn until lay_figure_end() is one figure, whose box has its
//                        top left corner at (x, top), read as its alt text.  O - for the end.
int lay_figure_begin(lay_t *d, const char *alt, float x, float top, float w, float h);
void lay_figure_end(lay_t *d, int figure);

// 'lay_title()' - The document's title (its one H1), wrapped, at a size and in a colour.
void lay_title(lay_t *d, const char *utf8, float size, lay_rgb_t colour);

// 'lay_heading()' - A section heading (H2) with its bookmark; turns the page unless the heading
//                   and the first keep points of what follows fit.
void lay_heading(lay_t *d, const char *utf8, float keep);

// 'lay_subheading()' - A smaller heading (H3), kept with keep points of what follows; no bookmark.
void lay_subheading(lay_t *d, const char *utf8, float keep);

// 'lay_subheading_keep()' - What a heading must keep for a subheading kept with keep points.
float lay_subheading_keep(float keep);

// Wrapped text flowing across pages.  '\n' starts a new line; a word wider than the
// column is broken.  indent narrows the column from the left.  A paragraph broken across
// pages leaves two lines at least on each.
void lay_para(lay_t *d, const char *utf8, lay_face_t face, float size, lay_rgb_t colour, float indent);
float lay_para_height(lay_t *d, const char *utf8, lay_face_t face, float size, float width);
float lay_line_height(float size);
float lay_baseline(float size);			// a line's baseline below its top

// 'lay_badge()' - A filled rounded box with its word, left edge at x, baseline y; O - its width.
float lay_badge(lay_t *d, float x, float y, float size, const char *utf8, lay_rgb_t fill, lay_rgb_t ink);
float lay_badge_width(lay_t *d, float size, const char *utf8);

// 'lay_note_box()' - In place of a chart with nothing to show: its title (may be NULL) and a note
//                    saying why, wrapped in a light box of width w whose top left corner is
//                    (x, top); not on the flow.  O - the height it took.
float lay_note_box(lay_t *d, float x, float top, float w, const char *title, const char *utf8);

// 'lay_hline()' - A horizontal line across the text width at the cursor.
void lay_hline(lay_t *d, float width_pt, lay_rgb_t colour);

// Label/value pairs (pairs[2i], pairs[2i+1]) down cols columns: labels fitted to the longest
// of their column, values wrapped beside them.
void lay_pairs(lay_t *d, const char *const *pairs, int n, int cols, float size);

// Headline tiles: a grid of boxes, each with a label, a value and an optional note or badge.
// A note too long for its tile is made smaller (not under 7 pt), then wrapped onto two lines
// (not under 6.5 pt; all the tiles grow), then cut short with an ellipsis: never outside it.
typedef struct lay_tile {
	const char *label, *value, *note;	// note may be NULL
	bool badge;				// draw value as a badge in fill/ink
	lay_rgb_t fill, ink;
} lay_tile_t;
void lay_tiles(lay_t *d, const lay_tile_t *tiles, int n, int per_row);
float lay_tiles_height(lay_t *d, const lay_tile_t *tiles, int n, int per_row);	// what lay_tiles takes

// Tables: cells added row by row; widths fitted to the content when drawn.
// Left-aligned columns hold text and wrap; the others hold figures and never wrap, 8 pt apart.
// Text columns get a third of the width (or what they need) before the font shrinks for the
// figures, to 6.5 pt.  A table broken across pages leaves three rows at least on each.
typedef struct lay_table lay_table_t;
enum {
	LAY_ROW_TOTAL = 1,	// bold, ruled above, shaded
	LAY_ROW_BOLD = 2
};
lay_table_t *lay_table_new(int ncols, float size);
void lay_table_col(lay_table_t *t, int col, const char *head, lay_align_t align);
void lay_table_caption(lay_table_t *t, const char *utf8);	// repeated "(continued)" on a new page
void lay_table_compact(lay_table_t *t);			// as wide as the content, not the page
void lay_table_dense(lay_table_t *t);			// rows closer together (reference lists)
void lay_table_nowrap(lay_table_t *t, int col);		// a left-aligned column that never wraps (hashes)
void lay_table_cell(lay_table_t *t, const char *utf8);
void lay_table_badge(lay_table_t *t, const char *word, lay_rgb_t fill, lay_rgb_t ink);
void lay_table_row_flags(lay_table_t *t, unsigned flags);	// for the row now being filled
void lay_table_draw(lay_t *d, lay_table_t *t);
float lay_table_height(lay_t *d, lay_table_t *t);		// all of it, as if on one page
float lay_table_keep(lay_t *d, lay_table_t *t);		// what must fit before it starts
void lay_table_free(lay_table_t *t);

#endif
