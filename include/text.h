// Text as the stages meet it: the one UTF-8 decoder (csvin.c validates exports with its rule,
// layout.c draws text through it, json.c escapes through it) and the Windows-1252 code page
// that Excel on a UK PC saves (csvin.c reads it, layout.c draws in it).
#ifndef TEXT_H
#define TEXT_H

#include <stdint.h>

// 'utf8_lead()' - What byte c starts: the number of continuation bytes that follow (0 for
//                 ASCII), or -1 for a byte that cannot start a character (a continuation byte,
//                 C0, C1, F5..FF); *lo..*hi is the range of the first continuation byte (the
//                 others are 80..BF), which rules out overlong forms, surrogates and code
//                 points past U+10FFFF.
int utf8_lead(unsigned c, unsigned *lo, unsigned *hi);

// 'utf8_decode()' - The character at s (NUL-terminated): O - its length (1..4) with *cp set,
//                   or minus the length of its maximal invalid subpart (a NUL ends one) with
//                   *cp = -1.  Callers choose how an invalid subpart is shown.
int utf8_decode(const unsigned char *s, long *cp);

// 'cp1252_unicode()' - The Unicode of a Windows-1252 byte: itself below 0x80 and from 0xA0,
//                      the code page's letters and signs in 0x80..0x9F, 0 for the five
//                      bytes it leaves undefined (81, 8D, 8F, 90, 9D).
uint16_t cp1252_unicode(unsigned char b);

#endif
