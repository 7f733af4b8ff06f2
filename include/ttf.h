// A font file's bytes → whether libharu can load and embed it as a TrueType font, or why not.
#ifndef TTF_H
#define TTF_H

#include <stdbool.h>
#include <stddef.h>

// 'ttf_usable()' - Check the bytes of a TrueType font as far as libharu 2.3.0 reads them, so a
//                  broken file is refused here instead of crashing inside libharu: the table
//                  directory, head, maxp, hhea, hmtx, loca, glyf, cmap (the sub-table libharu
//                  picks, every code it can map), name, OS/2 and post, each within the file.
//                  O - true, or false with the reason in why ("no 'cmap' table")
bool ttf_usable(const unsigned char *b, size_t n, char *why, size_t size);

// Largest font file read (bytes).
#define TTF_MAX_BYTES (64 * 1024 * 1024)

// 'ttf_read()' - A font file read as every input is (a regular file only, never waiting, a
//                snapshot) and checked with ttf_usable(); display names it in messages.
//                *bytes is the caller's.  O - ROIT_OK, ROIT_EX_CONFIG or ROIT_EX_TEMPFAIL (message given)
int ttf_read(const char *path, const char *display, char **bytes, size_t *len);

#endif
