// Unit tests of packing a PDF into object streams (pdf_pack.c), on a small PDF laid out as
// libharu lays one out: every object that is not a stream lands in an object stream, with
// its body as it was; the extra objects (a structure tree's) are packed with them under
// their own numbers; the cross-reference stream covers every object; extra objects not
// numbered on from the PDF's last are refused, and nothing is appended then; and what is not
// laid out as libharu lays it out is refused too.
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libdeflate.h>

#include "buf.h"
#include "pdf_pack.h"

// 'libharu_pdf()' - A PDF of three objects (a catalog, a page tree, a stream) in libharu's layout.
static void
libharu_pdf(buf_t *b)
{
	size_t off[4];

	buf_init(b);
	buf_puts(b, "%PDF-1.7\n%\xb7\xbe\xad\xaa\n");
	off[1] = b->len;
	buf_puts(b, "1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n");
	off[2] = b->len;
	buf_puts(b, "2 0 obj\n<<\n/Type /Pages\n/Count 0\n/Kids []\n>>\nendobj\n");
	off[3] = b->len;
	buf_puts(b, "3 0 obj\n<<\n/Length 5\n>>\nstream\r\nhello\nendstream\nendobj\n");
	size_t xref = b->len;
	buf_printf(b, "xref\n0 4\n0000000000 65535 f\r\n");
	for (int i = 1; i <= 3; i++)
		buf_printf(b, "%010zu 00000 n\r\n", off[i]);
	buf_printf(b, "trailer\n<<\n/Root 1 0 R\n/Size 4\n>>\nstartxref\n%zu\n%%%%EOF\n", xref);
}

// 'has()' - Whether the bytes of b hold s (deflated data holds NULs: no strstr).
static bool
has(const buf_t *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, s, n) == 0)
			return true;
	return false;
}

// 'inflated()' - The bytes of the first stream after "/Type /ObjStm" in pdf, inflated (NUL-ended).
static char *
inflated(const buf_t *pdf)
{
	const char *at = strstr(pdf->data, "/Type /ObjStm"), *len, *data;	// before any binary
	size_t n, got = 0, room = 1 << 16;
	char *out = malloc(room + 1);

	assert_non_null(at);
	assert_non_null(len = strstr(at, "/Length "));
	n = strtoul(len + 8, NULL, 10);
	assert_non_null(data = strstr(at, "stream\r\n"));
	data += 8;
	struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
	assert_int_equal(libdeflate_zlib_decompress(z, data, n, out, room, &got), LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(z);
	out[got] = '\0';
	return out;
}

// Without extra objects: the catalog and page tree packed as they were, the stream kept.
static void
test_pack_alone(void **state)
{
	buf_t pdf, out;
	char *objs;

	(void)state;
	libharu_pdf(&pdf);
	buf_init(&out);
	assert_true(pdf_pack(pdf.data, pdf.len, NULL, &out));
	assert_true(has(&out, "3 0 obj\n<<\n/Length 5\n>>\nstream\r\nhello\nendstream"));
	assert_false(has(&out, "1 0 obj"));
	assert_true(has(&out, "/Type /XRef\n/Size 6\n"));	// 3 objects, 1 object stream, the xref
	assert_true(has(&out, "/Root 1 0 R\n"));
	objs = inflated(&out);
	assert_non_null(strstr(objs, "/Type /Catalog\n/Pages 2 0 R"));
	assert_non_null(strstr(objs, "/Type /Pages"));
	free(objs);
	buf_free(&out);
	buf_free(&pdf);
}

// Extra objects 4 and 5 packed beside libharu's, under their numbers, after them.
static void
test_pack_extra(void **state)
{
	static const char bytes[] = "<</S/Document/K 5 0 R>><</S/P/P 4 0 R>>";
	const size_t off[] = { 0, 23, sizeof bytes - 1 };
	pdf_extra_t extra = { bytes, off, 4, 2 };
	buf_t pdf, out;
	char *objs;

	(void)state;
	libharu_pdf(&pdf);
	buf_init(&out);
	assert_true(pdf_pack(pdf.data, pdf.len, &extra, &out));
	assert_true(has(&out, "/Type /XRef\n/Size 8\n"));
	assert_true(has(&out, "/N 4 "));		// 1, 2, 4 and 5
	objs = inflated(&out);
	// The header of the object stream: number and offset of each, in order.
	assert_true(strncmp(objs, "1 0 2 ", 6) == 0);
	assert_non_null(strstr(objs, " 4 "));
	assert_non_null(strstr(objs, "\n<</S/Document/K 5 0 R>>\n<</S/P/P 4 0 R>>\n"));
	free(objs);
	buf_free(&out);
	buf_free(&pdf);
}

// Extra objects that would clash with libharu's numbers, or leave a gap, are refused and
// nothing is appended; so is a PDF not laid out as libharu lays it out.
static void
test_pack_refused(void **state)
{
	static const char bytes[] = "<<>>";
	const size_t off[] = { 0, 4 };
	const long firsts[] = { 3, 5, 1 };
	buf_t pdf, out;

	(void)state;
	libharu_pdf(&pdf);
	buf_init(&out);
	buf_puts(&out, "before");
	for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
		pdf_extra_t extra = { bytes, off, firsts[i], 1 };
		assert_false(pdf_pack(pdf.data, pdf.len, &extra, &out));
		assert_int_equal(out.len, 6);
	}
	assert_false(pdf_pack("%PDF-1.7\nno cross-reference", 27, NULL, &out));
	assert_false(pdf_pack(pdf.data, pdf.len / 2, NULL, &out));
	assert_int_equal(out.len, 6);
	buf_free(&out);
	buf_free(&pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_alone),
		cmocka_unit_test(test_pack_extra),
		cmocka_unit_test(test_pack_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
