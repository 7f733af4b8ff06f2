// The structure of a document (PDF/UA-1): a tree of standard structure elements the flow opens
// and closes as it draws, marked content around every text and path on the page (an MCID of
// its element, or an artifact), and, when the document is saved, the tree, its parent tree and
// the catalog's and pages' entries a screen reader goes by.  The tree's order is the order
// the flow draws in, which is reading order.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "lay_private.h"
#include "roit.h"
#include "text.h"

// 'takes_content()' - Whether text may be marked as an element's own: the rest only group.
static bool
takes_content(const char *type)
{
	static const char *const types[] = {
		"P", "H1", "H2", "H3", "H4", "H5", "H6", "TH", "TD", "Lbl", "Figure", "Caption", "Span"
	};

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}

// 'add_kid()' - Append a child element or a marked-content sequence to element e.
static void
add_kid(lay_t *d, int e, tag_kid_t kid)
{
	tag_elem_t *t = &d->elems[e];

	if (t->n_kids == t->cap_kids) {
		t->cap_kids = t->cap_kids ? 2 * t->cap_kids : 4;
		t->kids = xrealloc(t->kids, (size_t)t->cap_kids * sizeof *t->kids);
	}
	t->kids[t->n_kids++] = kid;
}

// 'new_elem()' - A new element of type under parent (-1 for the root); O - its index.
static int
new_elem(lay_t *d, const char *type, int parent)
{
	if (d->n_elems == d->cap_elems) {
		d->cap_elems = d->cap_elems ? 2 * d->cap_elems : 64;
		d->elems = xrealloc(d->elems, (size_t)d->cap_elems * sizeof *d->elems);
	}
	d->elems[d->n_elems] = (tag_elem_t){ .type = type, .parent = parent };
	if (parent >= 0)
		add_kid(d, parent, (tag_kid_t){ d->n_elems, -1, -1 });
	return d->n_elems++;
}

void
tags_init(lay_t *d)
{
	buf_init(&d->tree);
	d->cur = new_elem(d, "Document", -1);
}

void
tags_free(lay_t *d)
{
	for (int e = 0; e < d->n_elems; e++) {
		free(d->elems[e].kids);
		free(d->elems[e].alt);
	}
	buf_free(&d->tree);
	free(d->tree_off);
	d->tree_off = NULL;
	free(d->elems);
	d->elems = NULL;
	d->n_elems = 0;
}

int
tags_open(lay_t *d, const char *type)
{
	return d->cur = new_elem(d, type, d->cur >= 0 ? d->cur : 0);
}

void
tags_close(lay_t *d, int e)
{
	if (e >= 0 && e < d->n_elems)
		d->cur = d->elems[e].parent >= 0 ? d->elems[e].parent : 0;
}

void
tags_alt(lay_t *d, int e, const char *utf8, bool actual)
{
	free(d->elems[e].alt);
	d->elems[e].alt = xstrdup(utf8 != NULL ? utf8 : "");
	d->elems[e].actual = actual;
}

void tags_scope(lay_t *d, int e, const char *scope) { d->elems[e].scope = scope; }

void
tags_bbox(lay_t *d, int e, float x0, float y0, float x1, float y1)
{
	tag_elem_t *t = &d->elems[e];

	t->bbox[0] = x0, t->bbox[1] = y0, t->bbox[2] = x1, t->bbox[3] = y1;
	t->has_bbox = true;
}

/*
 * Marked content.  Each page remembers what its last operators belong to; drawing something
 * that belongs elsewhere closes that (EMC) and opens the new one: an element's content with
 * the next MCID of the page, or an artifact (layout: rules, fills, boxes; pagination: the
 * marking, running header and footer, page numbers).
 */

static void put_int(buf_t *b, long v);

// 'mark()' - Make the target page's open marked content want (element e for MARK_ELEMENT).
static void
mark(lay_t *d, enum mark_kind want, int e)
{
	buf_t *b = doc_ops(d);
	page_t *pg = &d->pages[d->target];

	if (pg->open == want && (want != MARK_ELEMENT || pg->open_elem == e))
		return;
	if (pg->open != MARK_NONE)
		buf_puts(b, "EMC\n");
	if (want == MARK_ELEMENT) {
		int mcid = pg->n_mcid++;

		pg->mcid_elem = xrealloc(pg->mcid_elem, (size_t)pg->n_mcid * sizeof *pg->mcid_elem);
		pg->mcid_elem[mcid] = e;
		add_kid(d, e, (tag_kid_t){ -1, d->target, mcid });
		buf_putc(b, '/');
		buf_puts(b, d->elems[e].type);
		buf_puts(b, " <</MCID");
		put_int(b, mcid);
		buf_puts(b, ">> BDC\n");
	} else if (want == MARK_PAGINATION) {
		buf_puts(b, "/Artifact <</Type /Pagination>> BDC\n");
	} else if (want == MARK_LAYOUT) {
		buf_puts(b, "/Artifact BMC\n");
	}
	pg->open = want;
	pg->open_elem = e;
}

bool
tags_takes_text(const lay_t *d)
{
	return d->artifact != MARK_NONE || (d->cur >= 0 && takes_content(d->elems[d->cur].type));
}

void
tags_mark_text(lay_t *d)
{
	if (d->artifact != MARK_NONE)
		mark(d, d->artifact, -1);
	else if (d->cur >= 0 && takes_content(d->elems[d->cur].type))
		mark(d, MARK_ELEMENT, d->cur);
	else
		mark(d, MARK_LAYOUT, -1);	// the flow gives every text an element: never reached
}

void
tags_mark_path(lay_t *d)
{
	if (d->artifact == MARK_NONE && d->cur >= 0 && strcmp(d->elems[d->cur].type, "Figure") == 0)
		mark(d, MARK_ELEMENT, d->cur);
	else
		mark(d, d->artifact != MARK_NONE ? d->artifact : MARK_LAYOUT, -1);
}

void
tags_end_page(lay_t *d, int i)
{
	page_t *pg = &d->pages[i];

	if (pg->open != MARK_NONE)
		buf_puts(&pg->ops, "EMC\n");
	pg->open = MARK_NONE;
}

/*
 * Writing the tree.  Every element is an indirect object (its kids, the parent tree and its
 * own kids' /P refer to it); an MCID on the element's own page is a bare number, one on
 * another page (a paragraph or table that runs over) a marked-content reference.  The
 * elements and the parent tree are written here as text into one buffer, as objects numbered
 * on from libharu's last, and packed with libharu's by pdf_pack(): made as libharu objects,
 * written and parsed back, thousands of them took a third of saving an overview.  Only the
 * StructTreeRoot is libharu's, for the catalog to refer to.
 */

// 'obj_num()' - The object number libharu gave an indirect object.
static unsigned
obj_num(const void *obj)
{
	return (unsigned)(((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF);
}

// 'put_int()' - " N" for N >= 0.
static void
put_int(buf_t *b, long v)
{
	char t[32];

	buf_putc(b, ' ');
	buf_add(b, t, format_decimal(v < 0 ? 0 : (uint64_t)v, false, t, sizeof t));
}

// 'put_num_ref()' - " N 0 R".
static void
put_num_ref(buf_t *b, long num)
{
	put_int(b, num);
	buf_add(b, " 0 R", 4);
}

// 'put_ref()' - " N 0 R" of a libharu object.
static void
put_ref(buf_t *b, const void *obj)
{
	put_num_ref(b, (long)obj_num(obj));
}

// 'put_hex16()' - Four hex digits (an alt text is a thousand of them: printf was slow).
static void
put_hex16(buf_t *b, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[4] = { hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15] };

	buf_add(b, t, 4);
}

// 'put_text()' - A text string: (ASCII) as it is where it needs no escape, else UTF-16BE in hex.
static void
put_text(buf_t *b, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	bool plain = true;

	for (size_t i = 0; s[i] != '\0' && plain; i++)
		plain = s[i] >= 0x20 && s[i] < 0x7F && s[i] != '(' && s[i] != ')' && s[i] != '\\';
	if (plain) {
		buf_puts(b, " (");
		buf_puts(b, utf8);
		buf_putc(b, ')');
		return;
	}
	buf_puts(b, " <FEFF");
	for (size_t i = 0; s[i] != '\0';) {
		long cp;
		int n = utf8_decode(s + i, &cp);

		i += n > 0 ? (size_t)n : (size_t)-n;
		if (cp < 0x20)
			cp = cp < 0 ? 0xFFFD : ' ';
		if (cp > 0xFFFF) {
			long v = cp - 0x10000;
			put_hex16(b, (unsigned)(0xD800 + (v >> 10)));
			put_hex16(b, (unsigned)(0xDC00 + (v & 0x3FF)));
		} else {
			put_hex16(b, (unsigned)cp);
		}
	}
	buf_putc(b, '>');
}

// 'elem_page()' - The page of an element's first marked content, or -1.
static int
elem_page(const tag_elem_t *t)
{
	for (int k = 0; k < t->n_kids; k++)
		if (t->kids[k].elem < 0)
			return t->kids[k].page;
	return -1;
}

// 'put_kid()' - One kid of an element whose own page is page.
static void
put_kid(lay_t *d, int page, const tag_kid_t *k, buf_t *b)
{
	if (k->elem >= 0) {
		put_num_ref(b, d->tree_first + k->elem);
	} else if (k->page == page) {
		put_int(b, k->mcid);
	} else {
		buf_puts(b, " <</Type/MCR/Pg");
		put_ref(b, d->pages[k->page].h);
		buf_puts(b, "/MCID");
		put_int(b, k->mcid);
		buf_puts(b, ">>");
	}
}

// 'put_elem()' - Element e: type, parent, page, kids, text, attributes.
static void
put_elem(lay_t *d, int e, buf_t *b)
{
	tag_elem_t *t = &d->elems[e];
	int page = elem_page(t);

	buf_puts(b, "<</S/");
	buf_puts(b, t->type);
	buf_puts(b, "/P");
	if (t->parent >= 0)
		put_num_ref(b, d->tree_first + t->parent);
	else
		put_ref(b, d->tree_root);
	if (page >= 0) {
		buf_puts(b, "/Pg");
		put_ref(b, d->pages[page].h);
	}
	if (t->n_kids > 0) {
		buf_puts(b, t->n_kids == 1 ? "/K" : "/K[");
		for (int i = 0; i < t->n_kids; i++)
			put_kid(d, page, &t->kids[i], b);
		buf_puts(b, t->n_kids == 1 ? "" : "]");
	}
	if (t->alt != NULL) {
		buf_puts(b, t->actual ? "/ActualText" : "/Alt");
		put_text(b, t->alt);
	}
	if (t->scope != NULL) {
		buf_puts(b, "/A<</O/Table/Scope/");
		buf_puts(b, t->scope);
		buf_puts(b, ">>");
	}
	if (t->has_bbox)
		buf_printf(b, "/A<</O/Layout/BBox[%.2f %.2f %.2f %.2f]>>", (double)t->bbox[0], (double)t->bbox[1],
		           (double)t->bbox[2], (double)t->bbox[3]);
	buf_puts(b, ">>");
}

// 'put_parent_tree()' - The number tree from each page's StructParents key to its MCIDs' elements.
static void
put_parent_tree(lay_t *d, buf_t *b)
{
	buf_puts(b, "<</Nums[");
	for (int i = 0; i < d->n_pages; i++) {
		put_int(b, i);
		buf_puts(b, " [");
		for (int m = 0; m < d->pages[i].n_mcid; m++)
			put_num_ref(b, d->tree_first + d->pages[i].mcid_elem[m]);
		buf_puts(b, "]");
	}
	buf_puts(b, "]>>");
}

// 'write_root()' - The StructTreeRoot's write_fn: its entries, which refer to the elements and
//                  the parent tree by the numbers tags_objects() gave them.
static HPDF_STATUS
write_root(HPDF_Dict obj, HPDF_Stream stream)
{
	const lay_t *d = obj->attr;
	buf_t b;
	HPDF_STATUS ret;

	buf_init(&b);
	buf_puts(&b, "/Type /StructTreeRoot\n/K");
	put_num_ref(&b, d->tree_first);
	buf_puts(&b, "\n/ParentTree");
	put_num_ref(&b, d->tree_first + d->n_elems);
	buf_puts(&b, "\n/ParentTreeNextKey");
	put_int(&b, d->n_pages);
	buf_putc(&b, '\n');
	ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return ret;
}

HPDF_STATUS
tags_write(lay_t *d)
{
	HPDF_Dict root = HPDF_Dict_New(d->pdf->mmgr), info = HPDF_Dict_New(d->pdf->mmgr);
	HPDF_STATUS ret = HPDF_OK;

	if (root == NULL || info == NULL || HPDF_Xref_Add(d->pdf->xref, root) != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	root->attr = d;
	root->write_fn = write_root;
	d->tree_root = root;
	for (int i = 0; i < d->n_pages; i++) {
		ret += HPDF_Dict_AddNumber(d->pages[i].h, "StructParents", i);
		ret += HPDF_Dict_AddName(d->pages[i].h, "Tabs", "S");
	}
	ret += HPDF_Dict_Add(d->pdf->catalog, "StructTreeRoot", root);
	ret += HPDF_Dict_AddBoolean(info, "Marked", HPDF_TRUE);
	ret += HPDF_Dict_Add(d->pdf->catalog, "MarkInfo", info);
	return ret;
}

void
tags_objects(lay_t *d, long first, pdf_extra_t *extra)
{
	d->tree_first = first;
	buf_reset(&d->tree);
	free(d->tree_off);
	d->tree_off = xmalloc(((size_t)d->n_elems + 2) * sizeof *d->tree_off);
	for (int e = 0; e < d->n_elems; e++) {
		d->tree_off[e] = d->tree.len;
		put_elem(d, e, &d->tree);
	}
	d->tree_off[d->n_elems] = d->tree.len;
	put_parent_tree(d, &d->tree);
	d->tree_off[d->n_elems + 1] = d->tree.len;
	*extra = (pdf_extra_t){ d->tree.data, d->tree_off, first, d->n_elems + 1L };
}
