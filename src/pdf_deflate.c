// Deflating the PDFs' streams (pdf_deflate.h).  A libdeflate compressor is a few hundred KB
// that a document would otherwise make and free for each of its streams (about 9 us each), so
// each thread keeps one for its life, freed when the thread ends (the main thread's by
// pdf_deflate_end(): the key's destructor does not run for it).
#include <pthread.h>

#include <libdeflate.h>

#include "pdf_deflate.h"
#include "roit.h"

#define LEVEL 1		// higher levels cost three times as much for 4% fewer bytes

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void drop(void *c) { libdeflate_free_compressor(c); }

static void
make_key(void)
{
	if (pthread_key_create(&key, drop) != 0)
		roit_out_of_memory();
}

// 'compressor()' - The calling thread's compressor, made on first use.
static struct libdeflate_compressor *
compressor(void)
{
	struct libdeflate_compressor *c;

	pthread_once(&once, make_key);
	if ((c = pthread_getspecific(key)) == NULL) {
		if ((c = libdeflate_alloc_compressor(LEVEL)) == NULL || pthread_setspecific(key, c) != 0)
			roit_out_of_memory();
	}
	return c;
}

void
pdf_deflate(const void *p, size_t n, buf_t *out)
{
	struct libdeflate_compressor *c = compressor();
	size_t bound = libdeflate_zlib_compress_bound(c, n);
	char *o = buf_reserve(out, bound);
	size_t len = libdeflate_zlib_compress(c, p, n, o, bound);

	// With the bound's room it cannot run out of space: 0 would be a bug in the library.
	if (len == 0)
		roit_out_of_memory();
	out->len += len;
	out->data[out->len] = '\0';
}

void
pdf_deflate_end(void)
{
	struct libdeflate_compressor *c;

	pthread_once(&once, make_key);
	if ((c = pthread_getspecific(key)) != NULL) {
		libdeflate_free_compressor(c);
		pthread_setspecific(key, NULL);
	}
}
