// The JSON twins: the figures of a monthly return or continuation summary in, JSON bytes out.
//
// A small writer (jw_*) keeps the commas and the two-space indentation; the put_* functions
// walk the figures in the fixed key order of the contract.  Numbers are written from the
// integers of the figures, never through floating point or the locale.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "json.h"
#include "text.h"
#include "roit.h"

#define JW_MAX_DEPTH 16

// The writer: where the bytes go and how many items each open container holds so far.
typedef struct jw {
	buf_t *out;
	int depth;			// open containers
	int count[JW_MAX_DEPTH + 1];	// items written at each depth
} jw_t;

// --- Strings -----------------------------------------------------------------------------

// 'utf8_scan()' - Length of the UTF-8 sequence at p, or of its invalid maximal subpart.
//                 O - bytes to consume (at least 1); *ok tells which of the two it is
static size_t
utf8_scan(const unsigned char *p, int *ok)
{
	long cp;
	int n = utf8_decode(p, &cp);

	*ok = n > 0;
	return (size_t)(n > 0 ? n : -n);
}

// 'put_special()' - Write the escape of the byte at p, or U+FFFD for invalid UTF-8 there.
//                   O - bytes consumed
static size_t
put_special(buf_t *b, const unsigned char *p)
{
	int ok;
	size_t n;

	if (*p == '"' || *p == '\\') {
		buf_putc(b, '\\');
		buf_putc(b, (char)*p);
		return 1;
	}
	if (*p < 0x20) {
		buf_printf(b, "\\u%04x", (unsigned)*p);
		return 1;
	}
	n = utf8_scan(p, &ok);
	if (ok)
		buf_add(b, p, n);
	else
		buf_puts(b, "\xEF\xBF\xBD");
	return n;
}

// 'plain_len()' - Length of the run at p that goes out unchanged (printable ASCII and valid UTF-8).
static size_t
plain_len(const unsigned char *p)
{
	size_t i = 0;
	int ok;

	for (;;) {
		if (p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') {
			i++;
			continue;
		}
		if (p[i] < 0x80)
			return i;
		size_t n = utf8_scan(p + i, &ok);
		if (!ok)
			return i;
		i += n;
	}
}

// 'put_string()' - Write s as a JSON string (RFC 8259); NULL becomes null.
static void
put_string(buf_t *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	while (*p) {
		size_t n = plain_len(p);

		buf_add(b, p, n);
		p += n;
		if (*p)
			p += put_special(b, p);
	}
	buf_putc(b, '"');
}

// --- Numbers -----------------------------------------------------------------------------

// 'put_int()' - Write a whole number.
static void
put_int(buf_t *b, int64_t v)
{
	char t[32];

	buf_add(b, t, format_decimal(magnitude(v), v < 0, t, sizeof t));
}

// 'put_milli()' - Write thousandths as a number: 3000 -> 3, 1250 -> 1.25, -5 -> -0.005.
static void
put_milli(buf_t *b, int64_t v)
{
	char text[48];

	format_value(v, KIND_COUNT, true, text, sizeof text);
	buf_puts(b, text);
}

// 'put_tenths()' - Write tenths with exactly one decimal: 42 -> 4.2, -5 -> -0.5, 0 -> 0.0.
static void
put_tenths(buf_t *b, int64_t v)
{
	uint64_t mag = magnitude(v);
	char t[32];

	buf_add(b, t, format_decimal(mag / 10, v < 0, t, sizeof t));
	buf_putc(b, '.');
	buf_putc(b, (char)('0' + mag % 10));
}

// --- The writer --------------------------------------------------------------------------

// 'jw_item()' - Start the next item of the open container: comma, new line, indent, key.
static void
jw_item(jw_t *w, const char *key)
{
	if (w->count[w->depth]++ > 0)
		buf_putc(w->out, ',');
	buf_putc(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_puts(w->out, "  ");
	if (key) {
		put_string(w->out, key);
		buf_puts(w->out, ": ");
	}
}

// 'jw_open()' - Open an object ('{') or array ('[') as the next item (the root when none is open).
static void
jw_open(jw_t *w, const char *key, char bracket)
{
	if (w->depth > 0)
		jw_item(w, key);
	buf_putc(w->out, bracket);
	w->depth++;	// the documents of this file nest four deep at most
	w->count[w->depth] = 0;
}

// 'jw_close()' - Close the innermost container; an empty one stays "{}" or "[]".
static void
jw_close(jw_t *w, char bracket)
{
	int n = w->count[w->depth];

	w->depth--;
	if (n > 0) {
		buf_putc(w->out, '\n');
		for (int i = 0; i < w->depth; i++)
			buf_puts(w->out, "  ");
	}
	buf_putc(w->out, bracket);
}

// Containers and values, each as the next item of the open container (key NULL inside an array).
static void jw_obj(jw_t *w, const char *key) { jw_open(w, key, '{'); }
static void jw_arr(jw_t *w, const char *key) { jw_open(w, key, '['); }
static void jw_end_obj(jw_t *w) { jw_close(w, '}'); }
static void jw_end_arr(jw_t *w) { jw_close(w, ']'); }

static void jw_null(jw_t *w, const char *key) { jw_item(w, key); buf_puts(w->out, "null"); }
static void jw_str(jw_t *w, const char *key, const char *s) { jw_item(w, key); put_string(w->out, s); }
static void jw_int(jw_t *w, const char *key, int64_t v) { jw_item(w, key); put_int(w->out, v); }
static void jw_milli(jw_t *w, const char *key, int64_t v) { jw_item(w, key); put_milli(w->out, v); }

static void
jw_bool(jw_t *w, const char *key, bool v)
{
	jw_item(w, key);
	buf_puts(w->out, v ? "true" : "false");
}

// 'jw_opt_int()' - Whole number, or null when has is false.
static void
jw_opt_int(jw_t *w, const char *key, bool has, int64_t v)
{
	if (has)
		jw_int(w, key, v);
	else
		jw_null(w, key);
}

// 'jw_opt_milli()' - Thousandths, or null when has is false.
static void
jw_opt_milli(jw_t *w, const char *key, bool has, int64_t v)
{
	if (has)
		jw_milli(w, key, v);
	else
		jw_null(w, key);
}

// 'jw_pct()' - A percentage to one decimal, or null.
static void
jw_pct(jw_t *w, const char *key, pct_t pct)
{
	jw_item(w, key);
	if (pct.has)
		put_tenths(w->out, pct.tenths);
	else
		buf_puts(w->out, "null");
}

// 'jw_rag()' - "GREEN", "AMBER", "RED" or null.
static void
jw_rag(jw_t *w, const char *key, rag_t rag)
{
	switch (rag) {
	case RAG_GREEN: jw_str(w, key, "GREEN"); break;
	case RAG_AMBER: jw_str(w, key, "AMBER"); break;
	case RAG_RED: jw_str(w, key, "RED"); break;
	default: jw_null(w, key); break;
	}
}

// 'jw_kind()' - "count", "quantity" or "money".
static void
jw_kind(jw_t *w, const char *key, measure_kind_t kind)
{
	jw_str(w, key, kind == KIND_MONEY ? "money" : kind == KIND_QUANTITY ? "quantity" : "count");
}

static void
jw_fy(jw_t *w, const char *key, int fy)
{
	char text[8];

	format_fy(fy, '/', text);
	jw_str(w, key, text);
}

// 'jw_month()' - "2020-06".
static void
jw_month(jw_t *w, const char *key, month_t m)
{
	char text[8];

	format_month(m, text);
	jw_str(w, key, text);
}

// 'jw_time()' - ISO 8601 UTC, "2020-07-03T06:00:00Z"; null for a time gmtime cannot show.
static void
jw_time(jw_t *w, const char *key, time_t t)
{
	char text[64];

	if (format_iso_utc(t, text, sizeof text))
		jw_str(w, key, text);
	else
		jw_null(w, key);
}

// --- Parts both reports share ------------------------------------------------------------

// 'put_revision()' - revision, and supersedes {file, generated_at, sha256} or null (SPEC 8).
static void
put_revision(jw_t *w, const record_t *rec)
{
	jw_int(w, "revision", rec != NULL ? rec->revision : 1);
	if (rec == NULL || rec->supersedes_file == NULL) {
		jw_null(w, "supersedes");
		return;
	}
	jw_obj(w, "supersedes");
	jw_str(w, "file", rec->supersedes_file);
	if (rec->supersedes_generated_at != NULL)
		jw_str(w, "generated_at", rec->supersedes_generated_at);
	else
		jw_null(w, "generated_at");
	jw_str(w, "sha256", rec->supersedes_sha256);
	jw_end_obj(w);
}

// 'put_changes()' - changes [{what, issued, now, difference}]: what differs from the issued revision.
static void
put_changes(jw_t *w, const record_t *rec)
{
	jw_arr(w, "changes");
	for (int i = 0; rec != NULL && i < rec->n_changes; i++) {
		const change_t *c = &rec->changes[i];
		jw_obj(w, NULL);
		jw_str(w, "what", c->what);
		jw_str(w, "issued", c->issued);
		jw_str(w, "now", c->now);
		if (c->difference != NULL)
			jw_str(w, "difference", c->difference);
		else
			jw_null(w, "difference");
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_who()' - report, version, generated_at, revision, supersedes, organisation, team, marking,
//               prepared_by, approved_by: the twin carries what its PDF prints beyond the figures.
static void
put_who(jw_t *w, const char *report, const report_meta_t *meta)
{
	jw_str(w, "report", report);
	jw_str(w, "version", ROIT_VERSION);
	jw_time(w, "generated_at", meta->now);
	put_revision(w, meta->record);
	jw_str(w, "organisation", meta->organisation);
	jw_str(w, "team", meta->team);
	jw_str(w, "marking", meta->marking);
	jw_str(w, "prepared_by", meta->prepared_by);
	jw_str(w, "approved_by", meta->approved_by);
}

// 'put_head()' - put_who(), then unit, slug.
static void
put_head(jw_t *w, const char *report, const report_meta_t *meta)
{
	put_who(w, report, meta);
	jw_str(w, "unit", meta->unit);
	jw_str(w, "slug", meta->slug);
}

// 'put_notes()' - An array of row notes: [{file, line, reason}].
static void
put_notes(jw_t *w, const char *key, int n, const row_note_t *const *notes)
{
	jw_arr(w, key);
	for (int i = 0; i < n; i++) {
		jw_obj(w, NULL);
		jw_str(w, "file", notes[i]->file);
		jw_int(w, "line", notes[i]->line);
		jw_str(w, "reason", notes[i]->reason);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_quality()' - data_quality {rejected_count, footer_rows, budget_mismatch}.
static void
put_quality(jw_t *w, const data_quality_t *q)
{
	jw_obj(w, "data_quality");
	jw_int(w, "rejected_count", q->rejected_count);
	put_notes(w, "footer_rows", q->n_footers, q->footers);
	if (q->budget_mismatch) {
		jw_obj(w, "budget_mismatch");
		jw_int(w, "budget_pence", q->budget_total);
		jw_int(w, "award_pence", q->award);
		jw_end_obj(w);
	} else {
		jw_null(w, "budget_mismatch");
	}
	jw_end_obj(w);
}

// 'put_inputs()' - inputs [{file, sha256}].
static void
put_inputs(jw_t *w, const report_meta_t *meta)
{
	jw_arr(w, "inputs");
	for (int i = 0; i < meta->n_inputs; i++) {
		jw_obj(w, NULL);
		jw_str(w, "file", meta->inputs[i].file);
		jw_str(w, "sha256", meta->inputs[i].sha256);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_tail()' - changes, data_quality, rejected_rows, inputs: the audit trail that closes both reports.
static void
put_tail(jw_t *w, const data_quality_t *q, const report_meta_t *meta)
{
	put_changes(w, meta->record);
	put_quality(w, q);
	put_notes(w, "rejected_rows", q->n_rejected, q->rejected);
	put_inputs(w, meta);
}

// 'put_levels()' - {major, moderate, minor, none, negative} of thousandths.
static void
put_levels(jw_t *w, const char *key, const int64_t v[LEVEL_COUNT])
{
	jw_obj(w, key);
	for (int i = 0; i < LEVEL_COUNT; i++)
		jw_milli(w, level_names[i], v[i]);
	jw_end_obj(w);
}

// 'put_strings()' - An array of strings.
static void
put_strings(jw_t *w, const char *key, int n, const char *const *text)
{
	jw_arr(w, key);
	for (int i = 0; text && i < n; i++)
		jw_str(w, NULL, text[i]);
	jw_end_arr(w);
}

// --- The monthly return ------------------------------------------------------------------

// 'put_spend_line()' - One row of the spend table; the total has no explanation_needed.
static void
put_spend_line(jw_t *w, const char *key, const spend_line_t *l, const char *name, bool is_total)
{
	jw_obj(w, key);
	jw_str(w, "name", name);
	jw_int(w, "month_actual_pence", l->month_actual);
	jw_int(w, "month_profile_pence", l->month_profile);
	jw_int(w, "ytd_actual_pence", l->ytd_actual);
	jw_int(w, "ytd_profile_pence", l->ytd_profile);
	jw_int(w, "variance_pence", l->variance);
	jw_pct(w, "variance_pct", l->variance_pct);
	jw_int(w, "annual_budget_pence", l->annual_budget);
	jw_int(w, "forecast_pence", l->forecast);
	if (!is_total)
		jw_bool(w, "explanation_needed", l->explanation_needed);
	jw_end_obj(w);
}

// 'put_spend()' - spend {categories, total, rag, forecast_variance_pence, remaining_grant_pence}.
static void
put_spend(jw_t *w, const monthly_t *m)
{
	jw_obj(w, "spend");
	jw_arr(w, "categories");
	for (int i = 0; i < m->n_lines; i++)
		put_spend_line(w, NULL, &m->lines[i], m->lines[i].name, false);
	jw_end_arr(w);
	put_spend_line(w, "total", &m->total, m->total.name ? m->total.name : "Total", true);
	jw_rag(w, "rag", m->spend_rag);
	jw_int(w, "forecast_variance_pence", m->forecast_variance);
	jw_int(w, "remaining_grant_pence", m->remaining);
	jw_end_obj(w);
}

// 'put_chart()' - chart [P1..P12]: actual figures only for the months reported.
static void
put_chart(jw_t *w, const monthly_t *m)
{
	jw_arr(w, "chart");
	for (int i = 0; i < 12; i++) {
		const month_point_t *pt = &m->chart[i];

		jw_obj(w, NULL);
		jw_month(w, "month", pt->month);
		jw_bool(w, "reported", pt->reported);
		jw_opt_int(w, "actual_pence", pt->reported, pt->actual);
		jw_int(w, "profile_pence", pt->profile);
		jw_opt_int(w, "cumulative_actual_pence", pt->reported, pt->cum_actual);
		jw_int(w, "cumulative_profile_pence", pt->cum_profile);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_outcomes()' - outcomes [{measure, label, kind, month, ytd, prior_ytd, target, pro_rata_target,
//                   rag}]; brief (the overview's): [{measure, ytd, target, pro_rata_target, rag}].
static void
put_outcomes(jw_t *w, int n, const outcome_line_t *outcomes, bool brief)
{
	jw_arr(w, "outcomes");
	for (int i = 0; i < n; i++) {
		const outcome_line_t *o = &outcomes[i];

		jw_obj(w, NULL);
		jw_str(w, "measure", o->measure);
		if (!brief) {
			jw_str(w, "label", o->label);
			jw_kind(w, "kind", o->kind);
			jw_milli(w, "month", o->month);
		}
		jw_milli(w, "ytd", o->ytd);
		if (!brief)
			jw_opt_milli(w, "prior_ytd", o->has_prior, o->prior_ytd);
		jw_opt_milli(w, "target", o->has_target, o->target);
		jw_opt_milli(w, "pro_rata_target", o->has_target, o->pro_rata);
		jw_rag(w, "rag", o->rag);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_month_levels()' - disruptions_by_level: null, or {month: {...}, ytd: {...}}.
static void
put_month_levels(jw_t *w, const monthly_t *m)
{
	if (!m->levels_used) {
		jw_null(w, "disruptions_by_level");
		return;
	}
	jw_obj(w, "disruptions_by_level");
	put_levels(w, "month", m->level_month);
	put_levels(w, "ytd", m->level_ytd);
	jw_end_obj(w);
}

// 'put_costs()' - cost_per_outcome [{measure, label, ytd_spend_pence, ytd_value, cost_pence}].
static void
put_costs(jw_t *w, const cost_line_t costs[2])
{
	jw_arr(w, "cost_per_outcome");
	for (int i = 0; i < 2; i++) {
		const cost_line_t *c = &costs[i];

		jw_obj(w, NULL);
		jw_str(w, "measure", c->measure);
		jw_str(w, "label", c->label);
		jw_int(w, "ytd_spend_pence", c->spend);
		jw_milli(w, "ytd_value", c->value);
		jw_opt_int(w, "cost_pence", c->has, c->pence);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_commentary()' - commentary {summary, spend, outcomes, risks}; continuation is the summary's.
static void
put_commentary(jw_t *w, const commentary_t *c)
{
	jw_obj(w, "commentary");
	for (int i = 0; i < SECTION_CONTINUATION; i++)
		put_strings(w, section_names[i], c->n[i], c->text[i]);
	jw_end_obj(w);
}

// 'put_position()' - A spend position: the summary's current year, a unit's or the network's in the overview.
static void
put_position(jw_t *w, int64_t award, const spend_line_t *l, int64_t forecast_variance, int64_t remaining, rag_t rag)
{
	jw_int(w, "award_pence", award);
	jw_int(w, "ytd_actual_pence", l->ytd_actual);
	jw_int(w, "ytd_profile_pence", l->ytd_profile);
	jw_int(w, "variance_pence", l->variance);
	jw_pct(w, "variance_pct", l->variance_pct);
	jw_int(w, "forecast_pence", l->forecast);
	jw_int(w, "forecast_variance_pence", forecast_variance);
	jw_int(w, "remaining_grant_pence", remaining);
	jw_rag(w, "rag", rag);
}

// 'put_explanations()' - explanations_needed [category names].
static void
put_explanations(jw_t *w, const monthly_t *m)
{
	jw_arr(w, "explanations_needed");
	for (int i = 0; i < m->n_lines; i++)
		if (m->lines[i].explanation_needed)
			jw_str(w, NULL, m->lines[i].name);
	jw_end_arr(w);
}

// 'put_thresholds()' - thresholds {amber_pct, red_pct, materiality_pence}: what the RAGs were judged by.
static void
put_thresholds(jw_t *w, const report_meta_t *meta)
{
	jw_obj(w, "thresholds");
	jw_milli(w, "amber_pct", meta->amber_bp * 10);
	jw_milli(w, "red_pct", meta->red_bp * 10);
	jw_int(w, "materiality_pence", meta->materiality);
	jw_end_obj(w);
}

// 'put_restatements()' - restatements [{month, kind, name, issued, now, difference}]: spend in
//                        pence, outcomes in the measure's own unit (SPEC 8).
static void
put_restatements(jw_t *w, const record_t *rec)
{
	jw_arr(w, "restatements");
	for (int i = 0; rec != NULL && i < rec->n_restatements; i++) {
		const restatement_t *r = &rec->restatements[i];
		jw_obj(w, NULL);
		jw_month(w, "month", r->month);
		jw_str(w, "kind", r->spend ? "spend" : "outcome");
		jw_str(w, "name", r->name);
		if (r->spend) {
			jw_int(w, "issued", r->issued);
			jw_int(w, "now", r->now);
			jw_int(w, "difference", r->now - r->issued);
		} else {
			jw_milli(w, "issued", r->issued);
			jw_milli(w, "now", r->now);
			jw_milli(w, "difference", r->now - r->issued);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'json_monthly()' - Append the JSON of a monthly return to out.
void
json_monthly(const monthly_t *m, buf_t *out)
{
	jw_t w = { .out = out };

	jw_obj(&w, NULL);
	put_head(&w, "monthly-return", &m->meta);
	jw_month(&w, "month", m->month);
	jw_fy(&w, "financial_year", m->fy);
	jw_int(&w, "period", m->period);
	jw_str(&w, "grant_reference", m->meta.reference);
	jw_str(&w, "funder", m->meta.funder);
	jw_int(&w, "award_pence", m->award);
	jw_bool(&w, "profile_assumed_even", m->quality.profile_assumed_even);
	jw_int(&w, "ignored_rows", m->quality.ignored_rows);
	jw_int(&w, "excluded_rows", m->quality.excluded_rows);
	put_thresholds(&w, &m->meta);
	put_spend(&w, m);
	put_chart(&w, m);
	put_outcomes(&w, m->n_outcomes, m->outcomes, false);
	put_month_levels(&w, m);
	put_costs(&w, m->costs);
	put_commentary(&w, &m->commentary);
	put_explanations(&w, m);
	put_restatements(&w, m->meta.record);
	put_tail(&w, &m->quality, &m->meta);
	jw_end_obj(&w);
	buf_putc(out, '\n');
}

// --- The continuation summary ------------------------------------------------------------

// 'years_of()' - How many years the by-year arrays hold (they have room for 16).
static int
years_of(const summary_t *s)
{
	return s->n_years < 16 ? s->n_years : 16;
}

// 'put_history()' - history [...] and history_total {...}.
static void
put_history(jw_t *w, const summary_t *s)
{
	jw_arr(w, "history");
	for (int i = 0; i < s->n_years; i++) {
		const history_line_t *h = &s->history[i];

		jw_obj(w, NULL);
		jw_fy(w, "financial_year", h->fy);
		jw_int(w, "award_pence", h->award);
		jw_int(w, "spend_pence", h->spend);
		jw_bool(w, "complete", h->complete);
		jw_bool(w, "provisional", h->provisional);
		jw_int(w, "periods", h->periods);
		jw_opt_int(w, "under_overspend_pence", h->complete, h->under);
		jw_pct(w, "utilisation_pct", h->utilisation);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_obj(w, "history_total");
	jw_int(w, "award_pence", s->total_award);
	jw_int(w, "spend_pence", s->total_spend);
	jw_pct(w, "utilisation_pct", s->total_utilisation);
	jw_end_obj(w);
}

// 'put_delivery()' - delivery [{measure, label, kind, by_year {"2018/19": v, ...}, total}].
static void
put_delivery(jw_t *w, const summary_t *s)
{
	char fy[16];

	jw_arr(w, "delivery");
	for (int i = 0; i < s->n_delivery; i++) {
		const delivery_line_t *d = &s->delivery[i];

		jw_obj(w, NULL);
		jw_str(w, "measure", d->measure);
		jw_str(w, "label", d->label);
		jw_kind(w, "kind", d->kind);
		jw_obj(w, "by_year");
		for (int y = 0; y < years_of(s); y++) {
			format_fy(s->history[y].fy, '/', fy);
			jw_milli(w, fy, d->by_year[y]);
		}
		jw_end_obj(w);
		jw_milli(w, "total", d->total);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_year_levels()' - disruptions_by_level: null, or {"2018/19": {major, ...}, ...}.
static void
put_year_levels(jw_t *w, const summary_t *s)
{
	char fy[16];

	if (!s->levels_used) {
		jw_null(w, "disruptions_by_level");
		return;
	}
	jw_obj(w, "disruptions_by_level");
	for (int y = 0; y < years_of(s); y++) {
		format_fy(s->history[y].fy, '/', fy);
		put_levels(w, fy, s->level_by_year[y]);
	}
	jw_end_obj(w);
}

// 'put_vfm()' - value_for_money: spend per network disrupted, per arrest; cash seized per £ of grant.
static void
put_vfm(jw_t *w, const summary_t *s)
{
	jw_arr(w, "value_for_money");
	for (int i = 0; i < 3; i++) {
		const vfm_line_t *v = &s->vfm[i];

		jw_obj(w, NULL);
		jw_str(w, "label", v->label);
		if (i < 2) {
			jw_int(w, "spend_pence", v->numerator);
			jw_milli(w, "outcomes", v->denominator);
			jw_opt_int(w, "value_pence", v->has, v->pence);
		} else {
			jw_int(w, "cash_seized_pence", v->numerator);
			jw_int(w, "grant_pence", v->denominator);
			jw_opt_int(w, "pence_per_pound", v->has, v->pence);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'put_current()' - current_year: the headline of the monthly return of M, or null without one.
static void
put_current(jw_t *w, const monthly_t *m)
{
	if (m == NULL) {
		jw_null(w, "current_year");
		return;
	}
	jw_obj(w, "current_year");
	put_position(w, m->award, &m->total, m->forecast_variance, m->remaining, m->spend_rag);
	jw_end_obj(w);
}

// 'put_requests()' - requests [{financial_year, amount_pence, reference}].
static void
put_requests(jw_t *w, const summary_t *s)
{
	jw_arr(w, "requests");
	for (int i = 0; i < s->n_requests; i++) {
		jw_obj(w, NULL);
		jw_fy(w, "financial_year", s->requests[i].fy);
		jw_int(w, "amount_pence", s->requests[i].amount);
		jw_str(w, "reference", s->requests[i].reference);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'json_summary()' - Append the JSON of a continuation summary to out.
void
json_summary(const summary_t *s, buf_t *out)
{
	jw_t w = { .out = out };

	jw_obj(&w, NULL);
	put_head(&w, "continuation-summary", &s->meta);
	jw_month(&w, "as_at", s->month);
	jw_month(&w, "month", s->month);	// the contract's name for M, as in the monthly twin
	jw_fy(&w, "financial_year", s->fy);
	jw_int(&w, "period", s->period);
	// The year of M is the history's last row.
	jw_int(&w, "award_pence", s->n_years > 0 ? s->history[s->n_years - 1].award : 0);
	jw_bool(&w, "profile_assumed_even", s->quality.profile_assumed_even);
	jw_int(&w, "ignored_rows", s->quality.ignored_rows);
	jw_int(&w, "excluded_rows", s->quality.excluded_rows);
	put_thresholds(&w, &s->meta);
	put_history(&w, s);
	put_delivery(&w, s);
	put_year_levels(&w, s);
	put_vfm(&w, s);
	put_current(&w, s->current);
	put_requests(&w, s);
	put_strings(&w, "continuation", s->n_continuation, s->continuation);
	put_tail(&w, &s->quality, &s->meta);
	jw_end_obj(&w);
	buf_putc(out, '\n');
}

// --- The network overview ----------------------------------------------------------------

// 'put_network_unit()' - One unit: its return's figures, outcomes, costs and data quality.
static void
put_network_unit(jw_t *w, const network_unit_t *u)
{
	char date[16];

	jw_obj(w, NULL);
	jw_str(w, "unit", u->unit);
	jw_str(w, "slug", u->slug);
	jw_str(w, "grant_reference", u->reference);
	jw_str(w, "funder", u->funder);
	put_position(w, u->award, &u->total, u->forecast_variance, u->remaining, u->spend_rag);
	jw_bool(w, "explanation_needed", u->n_explanations > 0);
	// The return's outcome rows, each figure as its twin has it (labels and kinds are in total).
	put_outcomes(w, u->n_outcomes, u->outcomes, true);
	put_costs(w, u->costs);
	jw_obj(w, "data_quality");
	jw_int(w, "rejected_count", u->rejected_count);
	jw_int(w, "ignored_rows", u->ignored_rows);
	jw_bool(w, "profile_assumed_even", u->profile_assumed_even);
	jw_bool(w, "budget_mismatch", u->budget_mismatch);
	if (u->has_latest_spend) {
		format_date(u->latest_spend_month, u->latest_spend_day, true, date, sizeof date);
		jw_str(w, "latest_spend_date", date);
	} else {
		jw_null(w, "latest_spend_date");
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

// 'put_network_total()' - total {the summed position, outcomes by measure, cost per outcome}.
static void
put_network_total(jw_t *w, const network_t *n)
{
	jw_obj(w, "total");
	put_position(w, n->award, &n->total, n->forecast_variance, n->remaining, n->spend_rag);
	jw_int(w, "units_explanation_needed", n->n_explaining);
	jw_arr(w, "outcomes");
	for (int k = 0; k < n->n_measures; k++) {
		const network_measure_t *m = &n->measures[k];

		jw_obj(w, NULL);
		jw_str(w, "measure", m->measure);
		jw_str(w, "label", m->label);
		jw_kind(w, "kind", m->kind);
		jw_milli(w, "ytd", m->ytd);
		jw_int(w, "units_with_target", m->n_targets);
		jw_opt_milli(w, "target", m->n_targets > 0, m->target);
		jw_opt_milli(w, "pro_rata_target", m->n_targets > 0, m->pro_rata);
		jw_rag(w, "rag", m->rag);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	put_costs(w, n->costs);
	jw_end_obj(w);
}

// 'put_pack()' - pack [{unit, file, sha256}]: sha256 null where no return stands.
static void
put_pack(jw_t *w, const network_t *n)
{
	jw_arr(w, "pack");
	for (int u = 0; u < n->n_units; u++) {
		const network_unit_t *un = &n->units[u];

		jw_obj(w, NULL);
		jw_str(w, "unit", un->unit);
		jw_str(w, "file", un->pack_file);
		if (un->pack_written)
			jw_str(w, "sha256", un->pack_sha256);
		else
			jw_null(w, "sha256");
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

// 'json_network()' - Append the JSON of a network overview to out.
void
json_network(const network_t *n, buf_t *out)
{
	jw_t w = { .out = out };

	jw_obj(&w, NULL);
	put_who(&w, "network-overview", &n->meta);
	jw_str(&w, "network", n->meta.unit);
	jw_str(&w, "scrutiny", n->meta.scrutiny);
	jw_month(&w, "month", n->month);
	jw_fy(&w, "financial_year", n->fy);
	jw_int(&w, "period", n->period);
	put_thresholds(&w, &n->meta);
	jw_arr(&w, "units");
	for (int u = 0; u < n->n_units; u++)
		put_network_unit(&w, &n->units[u]);
	jw_end_arr(&w);
	put_network_total(&w, n);
	jw_obj(&w, "rag_counts");
	jw_int(&w, "GREEN", n->rag_count[RAG_GREEN]);
	jw_int(&w, "AMBER", n->rag_count[RAG_AMBER]);
	jw_int(&w, "RED", n->rag_count[RAG_RED]);
	jw_int(&w, "none", n->rag_count[RAG_NONE]);
	jw_end_obj(&w);
	put_changes(&w, n->meta.record);
	jw_obj(&w, "data_quality");
	jw_int(&w, "excluded_rows", n->excluded_rows);
	jw_int(&w, "rejected_without_unit", n->rejected_unknown);
	jw_end_obj(&w);
	put_pack(&w, n);
	put_inputs(&w, &n->meta);
	jw_end_obj(&w);
	buf_putc(out, '\n');
}
