// The PDF reports: a monthly_t, summary_t or network_t in, the bytes of its PDF out
// (pdf_monthly.c, pdf_summary.c, pdf_overview.c).  They draw the figures as computed
// (figures.c) through the layout layer (layout.h), its charts (chart.h) and the parts they
// share (pdf_parts.h); no figure is computed here, only how it is shown.
#ifndef PDF_H
#define PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "figures.h"
#include "layout.h"

// A report's JSON twin, embedded in its PDF as an associated file under the name the twin has
// beside it ("2020-06-monthly-return.json").  pdf_network() also takes a twin still being made
// on another thread, with a wait, which it calls (pdf_twin_ready()) before it reads json or
// the part of the figures made with it (the pack).
typedef struct pdf_twin {
	const char *name;
	const buf_t *json;
	int (*wait)(void *arg);		// NULL, or: O - ROIT_OK once json is made, or its failure's status
	void *arg;
} pdf_twin_t;

// 'pdf_monthly()' - Append the monthly scrutiny return's PDF to out (the caller owns out), in
//                   the run's fonts, with its twin inside (NULL: none).  O - ROIT_OK;
//                   ROIT_EX_CONFIG when a font cannot be loaded (message names the file);
//                   ROIT_EX_SOFTWARE on a libharu error (message given).
int pdf_monthly(const monthly_t *m, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);

// 'pdf_summary()' - Append the funding-continuation summary's PDF to out; O - as pdf_monthly().
int pdf_summary(const summary_t *s, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);

// 'pdf_network()' - Append the network overview's PDF to out; O - as pdf_monthly().
int pdf_network(const network_t *n, const pdf_twin_t *twin, lay_shared_t *shared, buf_t *out);

#endif
