// The JSON twins: a monthly_t, summary_t or network_t in, the bytes of its JSON file out.
//
// One UTF-8 object, keys in a fixed order, two-space indentation, a newline at the end.
// Money is integer pence (keys ending "_pence"); outcome values are numbers in the
// measure's own unit (money measures in pounds) with up to three decimals; percentages
// have one decimal; a missing figure is null.  No locale, no floating point: the same
// figures always give the same bytes.  Invalid UTF-8 in any string becomes U+FFFD.
#ifndef JSON_H
#define JSON_H

#include "buf.h"
#include "figures.h"

// 'json_monthly()' - Append the JSON of a monthly return to out (the caller owns out).
void json_monthly(const monthly_t *m, buf_t *out);

// 'json_summary()' - Append the JSON of a continuation summary to out (the caller owns out).
void json_summary(const summary_t *s, buf_t *out);

// 'json_network()' - Append the JSON of a network overview to out (the caller owns out).
void json_network(const network_t *n, buf_t *out);

#endif
