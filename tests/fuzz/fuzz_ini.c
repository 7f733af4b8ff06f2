// libFuzzer target: hostile report.ini text through the settings reader (its line rule, inih,
// every key's checks), and hostile font bytes through the TrueType check, then, when the check
// passes them, through libharu's loader and embedding: a font the check lets by must never crash
// libharu.  The first byte picks which (even: report.ini, odd: a font); the rest is the file.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "config.h"
#include "ttf.h"

static char dir[64];

// 'put()' - Write the bytes as dir/name; O - the path (static), or NULL.
static const char *
put(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		return NULL;
	if (size > 0 && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return NULL;
	}
	return fclose(fp) == 0 ? path : NULL;
}

static void
ignore(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	(void)error, (void)detail, (void)user;
}

// 'font()' - Bytes the check accepts go to libharu: loaded, measured, drawn and embedded.
static void
font(const uint8_t *data, size_t size)
{
	char why[160];
	const char *path;

	if (!ttf_usable(data, size, why, sizeof why) || (path = put("font.ttf", data, size)) == NULL)
		return;
	HPDF_Doc pdf = HPDF_New(ignore, NULL);
	if (pdf == NULL)
		return;
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	HPDF_Font f = name ? HPDF_GetFont(pdf, name, "CP1252") : NULL;
	HPDF_Page page = f ? HPDF_AddPage(pdf) : NULL;
	if (page != NULL) {
		char all[224];

		for (int c = 0; c < 223; c++)
			all[c] = (char)(c + 32);
		all[223] = '\0';
		HPDF_Font_TextWidth(f, (const HPDF_BYTE *)all, 223);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, f, 9);
		HPDF_Page_ShowText(page, all);
		HPDF_Page_EndText(page);
		HPDF_SaveToStream(pdf);
	}
	HPDF_Free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "/tmp/fuzz-ini-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	if (size == 0)
		return 0;
	if (data[0] & 1) {
		font(data + 1, size - 1);
		return 0;
	}
	config_t cfg;
	if (put("report.ini", data + 1, size - 1) != NULL) {
		config_load(dir, "fonts", &cfg);
		config_free(&cfg);
	}
	return 0;
}
