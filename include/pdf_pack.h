// A PDF as libharu saves it (every object on its own, a classic cross-reference table) in, the
// same objects out with all but the streams packed into deflated object streams and a
// cross-reference stream (PDF 1.5, allowed by PDF/A-2 and -3).  A tagged document's structure
// tree is hundreds of small objects: packed, a monthly return keeps under 60 KB.
#ifndef PDF_PACK_H
#define PDF_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

// 'pdf_pack()' - Append the packed form of the n bytes of pdf to out.  The same bytes in give
//                the same bytes out.  O - false when pdf is not laid out as libharu lays it out
//                (nothing is appended then).
bool pdf_pack(const char *pdf, size_t n, buf_t *out);

#endif
