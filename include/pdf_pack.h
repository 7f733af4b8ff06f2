// A PDF as libharu saves it (every object on its own, a classic cross-reference table) in, the
// same objects out with all but the streams packed into deflated object streams and a
// cross-reference stream (PDF 1.5, allowed by PDF/A-2 and -3).  A tagged document's structure
// tree is hundreds of small objects: packed, a monthly return keeps under 60 KB.
#ifndef PDF_PACK_H
#define PDF_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

// Objects made without libharu, numbered on from its last: count of them, the i-th the
// bytes [off[i], off[i + 1]) of bytes, numbered first + i.  A document's structure tree is
// thousands of them: made as libharu objects, written and read back, they took a third of
// saving an overview.
typedef struct pdf_extra {
	const char *bytes;
	const size_t *off;
	long first, count;
} pdf_extra_t;

// 'pdf_pack()' - Append the packed form of the n bytes of pdf, and of the extra objects
//                (NULL: none), to out.  The same bytes in give the same bytes out.  O - false
//                when pdf is not laid out as libharu lays it out, or the extra objects are
//                not numbered on from its last (nothing is appended then).
bool pdf_pack(const char *pdf, size_t n, const pdf_extra_t *extra, buf_t *out);

#endif
