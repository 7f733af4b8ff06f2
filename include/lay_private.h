// Inside the layout layer: the lay_t and what its three files hand each other.
//
//   lay_doc.c   the document: libharu, the fonts and the one text encoding, the drawing
//               operators of each page's content, metadata (info, XMP, output intent, the
//               embedded twin) and saving.
//   lay_tags.c  the structure: the tag tree, marked content (MCIDs, artifacts) around what
//               the document draws, and the tree written out for the PDF/UA reader.
//   lay_flow.c  the flow: the cursor down the pages, paragraphs, headings, tiles, pairs,
//               tables, charts' figures and page furniture, each tagged as it is drawn.
//
// Renderers see none of this: they include layout.h.  A new element type goes into the flow
// (drawn through the document's operators, tagged through the structure's elements); a new
// report needs nothing here.
#ifndef LAY_PRIVATE_H
#define LAY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_utils.h>

#include "buf.h"
#include "layout.h"
#include "pdf_pack.h"

#define LINE_FACTOR 1.25f	// line height / font size: room for ascent, descent and a gap
#define BASELINE_FACTOR 0.95f	// first baseline below the top of a line, / font size
#define FIT_SLACK 0.01f		// points: rounding in the width sums must not wrap text that fits
#define MAX_MARK_LINES 4	// evened out over up to this many lines, shrinking; longer: as many as it takes

// In encoded text (lay_encode()), this byte starts a character drawn from the face's
// composite font; the character's UTF-8 bytes follow.  Every other byte is a CP1252 code.
#define ENC_WIDE 0x01

// What the content being drawn is, for the structure: part of an element, or an artifact.
enum mark_kind { MARK_NONE = 0, MARK_LAYOUT, MARK_PAGINATION, MARK_ELEMENT };

// A page, its content stream and the marked-content sequence open at its end.
typedef struct page {
	HPDF_Page h;
	buf_t ops;
	buf_t z;		// the operators deflated, when the document is saved
	enum mark_kind open;	// what the last operators belong to
	int open_elem;		// the element, when open is MARK_ELEMENT
	int n_mcid;		// marked-content identifiers given on the page
	int *mcid_elem;		// the element of each MCID
	// The graphics state the page's operators have set so far, so as not to set it again:
	// each text setting its colour and font again was a third of a page's bytes.
	unsigned known;		// which of these hold (KNOWN_*); none after "Q"
	lay_rgb_t fill, stroke;
	float line_width, font_size;
	HPDF_Dict font;
} page_t;

#define KNOWN_FILL 1u
#define KNOWN_STROKE 2u
#define KNOWN_WIDTH 4u
#define KNOWN_FONT 8u

// A structure element: its type, its parent, and what it holds in reading order.
typedef struct tag_kid {
	int elem;		// a child element, or -1 for marked content
	int page, mcid;		// the marked content's page and identifier
} tag_kid_t;

typedef struct tag_elem {
	const char *type;	// a standard structure type: "P", "TD", ...
	int parent;		// -1 for the root
	tag_kid_t *kids;
	int n_kids, cap_kids;
	char *alt;		// UTF-8: Alt (figures), or ActualText where the page shows '?'
	bool actual;		// alt is ActualText
	const char *scope;	// TH: "Column" or "Row"
	float bbox[4];		// Figure: its box on the page (x0, y0, x1, y1)
	bool has_bbox;
} tag_elem_t;

struct lay {
	/* The document (lay_doc.c). */
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;	// the first libharu error, 0 while all is well
	lay_shared_t *fonts;		// what the run shares: fonts, colour profile (borrowed)
	const char *font_name[2];	// libharu's names of the loaded TrueType fonts
	HPDF_Font font[2];		// each face in WinAnsi (CP1252) codes
	HPDF_Dict wide[2];		// each face as a composite font (glyph ids), made on first use
	uint32_t *wide_uni[2];		// Unicode of each glyph the composite font has shown; 0: none
	int16_t width[2][256];		// advance widths (1/1000 em) of each face's CP1252 bytes; -1 until asked
	page_t *pages;
	int n_pages, cap_pages;
	int target;			// the page operators go to
	char *title, *author, *subject, *creator, *lang;	// UTF-8, for the info and the XMP
	time_t created;
	char *twin_name;		// the embedded twin's file name, or NULL
	buf_t twin;			// and its bytes
	struct font_prog *own_prog[2];	// font programs the run did not keep
	struct lent *lent;		// the bytes of the stream objects, read where they lie (saving)

	/* The structure (lay_tags.c). */
	tag_elem_t *elems;		// elems[0] is the Document
	int n_elems, cap_elems;
	int cur;			// the element content goes to now, or -1
	HPDF_Dict tree_root;		// the StructTreeRoot, libharu's (the catalog refers to it)
	long tree_first;		// object number of elems[0]; the parent tree's is n_elems after
	buf_t tree;			// the bodies of the elements and the parent tree, when saved
	size_t *tree_off;		// where each starts in tree, and where the last ends
	enum mark_kind artifact;	// MARK_NONE, or the artifact everything drawn now is

	/* The flow (lay_flow.c). */
	HPDF_Page page;			// the page the flow is on
	float y;			// top of the free space on it
	float top, bottom;		// where the flow starts and ends on every page
	char *marking, *header_left, *header_right, *footer_left;	// encoded
	char **mark;			// the marking's lines, encoded (mark_lines of them)
	int mark_lines;
	float mark_size;
};

/*
 * The document hands the others (lay_doc.c):
 */

// 'doc_fail()' - Record an error found in the layer, as libharu would have raised it.
void doc_fail(lay_t *d, HPDF_STATUS error);

// 'doc_add_page()' - A new A4 page at the end; O - its index.
int doc_add_page(lay_t *d);

// 'doc_ops()' - The content of the target page (a first page is made when there is none).
buf_t *doc_ops(lay_t *d);

// 'doc_encode()' - UTF-8 into encoded text (see ENC_WIDE), a new string the caller frees;
//                  *lossy (may be NULL) is set when a character had to be shown as '?'.
char *doc_encode(lay_t *d, const char *utf8, bool *lossy);

// 'doc_char_len()' - The bytes of the encoded character at s[i].
size_t doc_char_len(const char *s, size_t i);

// 'doc_units()' - Width of n encoded bytes in 1/1000 em of a face.
long doc_units(lay_t *d, lay_face_t face, const char *s, size_t n);

// 'doc_width()' - Width in points of n encoded bytes in a face and size.
float doc_width(lay_t *d, lay_face_t face, float size, const char *s, size_t n);

// 'doc_show()' - Draw n encoded bytes with their left end at (x, y) (marked by the structure).
void doc_show(lay_t *d, lay_face_t face, float size, float x, float y, lay_rgb_t c, const char *s, size_t n);

// 'doc_show_aligned()' - The same with x taken as the left, right or centre.
void doc_show_aligned(lay_t *d, float x, float y, lay_face_t face, float size, lay_align_t align,
                      lay_rgb_t c, const char *s, size_t n);

// 'doc_cut()' - End encoded text with an ellipsis (room for 2 more bytes), shortened a whole
//               character at a time until both fit width.
void doc_cut(lay_t *d, lay_face_t face, float size, char *s, float width);

// 'doc_ellipsize()' - doc_cut() text wider than width; text that fits is left as it is.
void doc_ellipsize(lay_t *d, lay_face_t face, float size, char *s, float width);

// 'doc_outline()' - A bookmark to a height on page index page.
void doc_outline(lay_t *d, const char *utf8, int page, float y);

// 'doc_save()' - Every page's content, the fonts, the metadata and the structure into out.
int doc_save(lay_t *d, buf_t *out);

// 'doc_text_string()' - A PDF text string object of UTF-8: plain where it is printable ASCII,
//                       else UTF-16BE with its byte order mark.
void *doc_text_string(lay_t *d, const char *utf8);

/*
 * The structure hands the others (lay_tags.c):
 */

// 'tags_init()' / 'tags_free()' - The tree with its Document element, and its end.
void tags_init(lay_t *d);
void tags_free(lay_t *d);

// 'tags_open()' - A new element of a type as the last child of the current one, made current.
//                 O - its index, which tags_close() takes back.
int tags_open(lay_t *d, const char *type);

// 'tags_close()' - Make the parent of element e current again.
void tags_close(lay_t *d, int e);

// 'tags_alt()' - Alt text of element e (figures), or ActualText when actual.
void tags_alt(lay_t *d, int e, const char *utf8, bool actual);

// 'tags_scope()' - A table header cell's scope: "Column" or "Row".
void tags_scope(lay_t *d, int e, const char *scope);

// 'tags_bbox()' - The box of a figure on its page.
void tags_bbox(lay_t *d, int e, float x0, float y0, float x1, float y1);

// 'tags_takes_text()' - Whether text drawn now is the current element's own (or an artifact);
//                       else the flow gives it a paragraph.
bool tags_takes_text(const lay_t *d);

// 'tags_mark_text()' / 'tags_mark_path()' - Before text, or a path, is drawn on the target
//      page: open the marked content it belongs to (the current element's; a path only inside
//      a figure; else an artifact), closing what was open if it differs.
void tags_mark_text(lay_t *d);
void tags_mark_path(lay_t *d);

// 'tags_end_page()' - Close what is open at the end of page i's content.
void tags_end_page(lay_t *d, int i);

// 'tags_write()' - The StructTreeRoot and the catalog's and pages' entries, before saving.
HPDF_STATUS tags_write(lay_t *d);

// 'tags_objects()' - The elements and the parent tree as objects first, first + 1, ...
//                    (after libharu's last), for pdf_pack() to put with the rest (extra).
void tags_objects(lay_t *d, long first, pdf_extra_t *extra);

/*
 * The flow hands the others (lay_flow.c):
 */

// 'flow_start()' / 'flow_free()' - The page furniture's text, fitted, when a document opens; its end.
void flow_start(lay_t *d, const lay_info_t *info);
void flow_free(lay_t *d);

#endif
