// The structure of a document (PDF/UA-1): a tree of standard structure elements the flow opens
// and closes as it draws, marked content around every text and path on the page (an MCID of
// its element, or an artifact), and, when the document is saved, the tree, its parent tree and
// the catalog's and pages' entries a screen reader goes by.  The tree's order is the order
// the flow draws in, which is reading order.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_private.h"
#include "roit.h"

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
	d->cur = new_elem(d, "Document", -1);
}

void
tags_free(lay_t *d)
{
	for (int e = 0; e < d->n_elems; e++) {
		free(d->elems[e].kids);
		free(d->elems[e].alt);
	}
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
		buf_printf(b, "/%s <</MCID %d>> BDC\n", d->elems[e].type, mcid);
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
 * another page (a paragraph or table that runs over) a marked-content reference.
 */

// 'elem_page()' - The page of an element's first marked content, or -1.
static int
elem_page(const tag_elem_t *t)
{
	for (int k = 0; k < t->n_kids; k++)
		if (t->kids[k].elem < 0)
			return t->kids[k].page;
	return -1;
}

// 'kid_obj()' - One kid of an element on page as it is written.
static void *
kid_obj(lay_t *d, int page, const tag_kid_t *k)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict mcr;

	if (k->elem >= 0)
		return d->elems[k->elem].dict;
	if (k->page == page)
		return HPDF_Number_New(mm, k->mcid);
	if ((mcr = HPDF_Dict_New(mm)) == NULL)
		return NULL;
	HPDF_Dict_AddName(mcr, "Type", "MCR");
	HPDF_Dict_Add(mcr, "Pg", d->pages[k->page].h);
	HPDF_Dict_AddNumber(mcr, "MCID", k->mcid);
	return mcr;
}

// 'attributes()' - A header cell's scope, or a figure's box, as an attribute object.
static HPDF_STATUS
attributes(lay_t *d, const tag_elem_t *t)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict a;
	HPDF_STATUS ret = HPDF_OK;

	if (t->scope == NULL && !t->has_bbox)
		return HPDF_OK;
	if ((a = HPDF_Dict_New(mm)) == NULL)
		return HPDF_INVALID_OBJECT;
	if (t->scope != NULL) {
		ret += HPDF_Dict_AddName(a, "O", "Table");
		ret += HPDF_Dict_AddName(a, "Scope", t->scope);
	} else {
		HPDF_Array box = HPDF_Array_New(mm);
		ret += HPDF_Dict_AddName(a, "O", "Layout");
		for (int k = 0; k < 4; k++)
			ret += HPDF_Array_AddReal(box, t->bbox[k]);
		ret += HPDF_Dict_Add(a, "BBox", box);
	}
	return ret + HPDF_Dict_Add(t->dict, "A", a);
}

// 'write_elem()' - The entries of element e: type, parent, page, kids, text, attributes.
static HPDF_STATUS
write_elem(lay_t *d, int e, HPDF_Dict root)
{
	tag_elem_t *t = &d->elems[e];
	int page = elem_page(t);
	HPDF_STATUS ret = HPDF_OK;

	ret += HPDF_Dict_AddName(t->dict, "S", t->type);
	ret += HPDF_Dict_Add(t->dict, "P", t->parent >= 0 ? d->elems[t->parent].dict : root);
	if (page >= 0)
		ret += HPDF_Dict_Add(t->dict, "Pg", d->pages[page].h);
	if (t->n_kids == 1) {
		ret += HPDF_Dict_Add(t->dict, "K", kid_obj(d, page, &t->kids[0]));
	} else if (t->n_kids > 1) {
		HPDF_Array k = HPDF_Array_New(d->pdf->mmgr);
		ret += HPDF_Dict_Add(t->dict, "K", k);
		for (int i = 0; i < t->n_kids; i++)
			ret += HPDF_Array_Add(k, kid_obj(d, page, &t->kids[i]));
	}
	if (t->alt != NULL)
		ret += HPDF_Dict_Add(t->dict, t->actual ? "ActualText" : "Alt", doc_text_string(d, t->alt));
	return ret + attributes(d, t);
}

// 'parent_tree()' - The number tree from each page's StructParents key to its MCIDs' elements.
static HPDF_Dict
parent_tree(lay_t *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict tree = HPDF_Dict_New(mm);
	HPDF_Array nums = HPDF_Array_New(mm);
	HPDF_STATUS ret = HPDF_OK;

	if (tree == NULL || nums == NULL)
		return NULL;
	ret += HPDF_Xref_Add(d->pdf->xref, tree);
	ret += HPDF_Dict_Add(tree, "Nums", nums);
	for (int i = 0; i < d->n_pages; i++) {
		HPDF_Array of = HPDF_Array_New(mm);
		ret += HPDF_Array_AddNumber(nums, i);
		ret += HPDF_Array_Add(nums, of);
		for (int m = 0; m < d->pages[i].n_mcid; m++)
			ret += HPDF_Array_Add(of, d->elems[d->pages[i].mcid_elem[m]].dict);
	}
	return ret == HPDF_OK ? tree : NULL;
}

HPDF_STATUS
tags_write(lay_t *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict root = HPDF_Dict_New(mm), info = HPDF_Dict_New(mm), pt;
	HPDF_STATUS ret = HPDF_OK;

	if (root == NULL || info == NULL)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Xref_Add(d->pdf->xref, root);
	for (int e = 0; e < d->n_elems; e++) {
		if ((d->elems[e].dict = HPDF_Dict_New(mm)) == NULL)
			return HPDF_INVALID_OBJECT;
		ret += HPDF_Xref_Add(d->pdf->xref, d->elems[e].dict);
	}
	for (int e = 0; e < d->n_elems; e++)
		ret += write_elem(d, e, root);
	if (ret != HPDF_OK || (pt = parent_tree(d)) == NULL)
		return HPDF_INVALID_OBJECT;
	ret += HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	ret += HPDF_Dict_Add(root, "K", d->elems[0].dict);
	ret += HPDF_Dict_Add(root, "ParentTree", pt);
	ret += HPDF_Dict_AddNumber(root, "ParentTreeNextKey", d->n_pages);
	for (int i = 0; i < d->n_pages; i++) {
		ret += HPDF_Dict_AddNumber(d->pages[i].h, "StructParents", i);
		ret += HPDF_Dict_AddName(d->pages[i].h, "Tabs", "S");
	}
	ret += HPDF_Dict_Add(d->pdf->catalog, "StructTreeRoot", root);
	ret += HPDF_Dict_AddBoolean(info, "Marked", HPDF_TRUE);
	ret += HPDF_Dict_Add(d->pdf->catalog, "MarkInfo", info);
	return ret;
}
