// Issued twins read back (jansson) and set against a report's content now: the same or not,
// every figure that differs, labelled as the reports label it, and an issued monthly return's
// month figures for restatements.  Nothing here touches a file.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "figures.h"
#include "format.h"
#include "records.h"
#include "roit.h"

// Keys a run changes without the figures changing, and what a record says about itself.
static const char *const not_content[] = {
	"generated_at", "version", "inputs", "revision", "supersedes", "changes", NULL
};

// Keys whose figures are listed under others already (the chart repeats the spend table's).
static const char *const not_listed[] = { "chart", NULL };

// How reports name a key of the twins.
static const struct { const char *key, *label; } labels[] = {
	{ "month_actual_pence", "month actual" }, { "month_profile_pence", "month profile" },
	{ "ytd_actual_pence", "YTD actual" }, { "ytd_profile_pence", "YTD profile" },
	{ "variance_pence", "variance" }, { "variance_pct", "variance %" },
	{ "annual_budget_pence", "annual budget" }, { "forecast_pence", "forecast outturn" },
	{ "forecast_variance_pence", "forecast variance" }, { "remaining_grant_pence", "remaining grant" },
	{ "award_pence", "award" }, { "spend_pence", "spend" }, { "amount_pence", "amount" },
	{ "under_overspend_pence", "under/overspend" }, { "utilisation_pct", "utilisation %" },
	{ "prior_ytd", "prior YTD" }, { "ytd", "YTD" }, { "target", "annual target" },
	{ "pro_rata_target", "pro-rata target" }, { "rag", "RAG" }, { "month", "month" },
	{ "explanation_needed", "explanation needed" }, { "total", "Total" }, { "spend", NULL },
	{ "categories", NULL }, { "outcomes", NULL }, { "commentary", "Commentary" },
	{ "restatements", "Restated since issued" }, { "issued", "issued" }, { "now", "now" },
};

// The keys that name an element of an array of objects, in the order tried.
static const char *const identity[] = { "name", "measure", "financial_year", "unit", "month", "file", NULL };

static bool
in_list(const char *const *list, const char *key)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

json_t *
record_parse(const char *data, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);

	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

void
record_free_json(json_t *j)
{
	if (j != NULL)
		json_decref(j);
}

bool
record_same(json_t *issued, json_t *now)
{
	const char *key;
	json_t *value;

	// json_object_foreach does not take a const object: it reads only.
	json_object_foreach(issued, key, value) {
		if (in_list(not_content, key))
			continue;
		if (!json_equal(value, json_object_get(now, key)))
			return false;
	}
	return true;
}

/*
 * Changes.
 */

// 'label_of()' - How reports name a key: the table's word, NULL for a key that only groups,
//                else the key with its unit suffix dropped and '_' as ' '.
static const char *
label_of(const char *key, char *buf, size_t size)
{
	size_t n = strlen(key);

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(key, labels[i].key) == 0)
			return labels[i].label;
	if (n > 6 && strcmp(key + n - 6, "_pence") == 0)
		n -= 6;
	snprintf(buf, size, "%.*s", (int)n, key);
	for (char *c = buf; *c != '\0'; c++)
		*c = *c == '_' ? ' ' : *c;
	return buf;
}

// 'join()' - path + " — " + part (either may be empty).
static void
join(char *out, size_t size, const char *path, const char *part)
{
	if (part == NULL || part[0] == '\0')
		snprintf(out, size, "%s", path);
	else if (path[0] == '\0')
		snprintf(out, size, "%s", part);
	else
		snprintf(out, size, "%s \xe2\x80\x94 %s", path, part);
}

// 'show()' - A value as the reports show it: pence in whole pounds, numbers to three
//            decimals, text, yes/no, "none"; long text cut to 80 bytes.
static char *
show(json_t *v, bool pence)
{
	char buf[128];

	if (v == NULL || json_is_null(v))
		return xstrdup("none");
	if (json_is_integer(v) && pence) {
		format_pounds((int64_t)json_integer_value(v), buf, sizeof buf);
	} else if (json_is_number(v)) {
		double x = json_number_value(v);
		format_value((int64_t)(x * 1000 + (x < 0 ? -0.5 : 0.5)), KIND_QUANTITY, true, buf, sizeof buf);
	} else if (json_is_boolean(v)) {
		snprintf(buf, sizeof buf, "%s", json_is_true(v) ? "yes" : "no");
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		snprintf(buf, sizeof buf, "%.80s%s", s, strlen(s) > 80 ? "\xe2\x80\xa6" : "");
	} else if (json_is_array(v) && json_is_string(json_array_get(v, 0))) {
		// Commentary: its first paragraph, and how many more.
		const char *s = json_string_value(json_array_get(v, 0));
		size_t more = json_array_size(v) - 1;
		snprintf(buf, sizeof buf, "%.80s%s", s, strlen(s) > 80 ? "\xe2\x80\xa6" : "");
		if (more > 0)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " (and %zu more)", more);
	} else if (json_is_array(v)) {
		snprintf(buf, sizeof buf, "%zu entr%s", json_array_size(v), json_array_size(v) == 1 ? "y" : "ies");
	} else {
		snprintf(buf, sizeof buf, "given");
	}
	return xstrdup(buf);
}

// 'difference()' - now - issued of two numbers, signed: "+£750", "-2"; NULL otherwise.
static char *
difference(json_t *issued, json_t *now, bool pence)
{
	char buf[64];

	if (!json_is_number(issued) || !json_is_number(now))
		return NULL;
	if (json_is_integer(issued) && json_is_integer(now) && pence) {
		int64_t d = (int64_t)json_integer_value(now) - (int64_t)json_integer_value(issued);
		format_pounds(d, buf + 1, sizeof buf - 1);
		buf[0] = '+';
		return xstrdup(d < 0 ? buf + 1 : buf);
	}
	double x = json_number_value(now) - json_number_value(issued);
	format_value((int64_t)(x * 1000 + (x < 0 ? -0.5 : 0.5)), KIND_QUANTITY, true, buf + 1, sizeof buf - 1);
	buf[0] = '+';
	return xstrdup(x < 0 ? buf + 1 : buf);
}

// 'add_change()' - Append one change to the record, its 'what' starting with a capital as
//                  every row header does ("Remaining grant", not "remaining grant").
static void
add_change(record_t *rec, const char *what, char *issued, char *now, char *diff)
{
	char *w = xstrdup(what);

	if (w[0] >= 'a' && w[0] <= 'z')
		w[0] = (char)(w[0] - 'a' + 'A');
	rec->changes = xrealloc(rec->changes, (size_t)(rec->n_changes + 1) * sizeof *rec->changes);
	rec->changes[rec->n_changes++] = (change_t){ w, issued, now, diff };
}

static void diff_value(json_t *issued, json_t *now, const char *path, const char *key, record_t *rec);

// 'element_id()' - The key naming the elements of an array of objects, or NULL.
static const char *
element_id(json_t *a)
{
	json_t *first = json_array_get(a, 0);

	for (int i = 0; identity[i] != NULL && json_is_object(first); i++)
		if (json_is_string(json_object_get(first, identity[i])))
			return identity[i];
	return NULL;
}

// 'element_name()' - What names an element: its id, and its month when it has one besides
//                    (the restatements of two months may name the same category).
static const char *
element_name(json_t *e, const char *id, char *buf, size_t size)
{
	const char *value = json_string_value(json_object_get(e, id));
	const char *month = strcmp(id, "month") != 0 ? json_string_value(json_object_get(e, "month")) : NULL;

	if (value == NULL || month == NULL)
		return value;
	snprintf(buf, size, "%s (%s)", value, month);
	return buf;
}

// 'find_element()' - The element of array a named name, or NULL.
static json_t *
find_element(json_t *a, const char *id, const char *name)
{
	char buf[512];

	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *v = element_name(json_array_get(a, i), id, buf, sizeof buf);
		if (v != NULL && strcmp(v, name) == 0)
			return json_array_get(a, i);
	}
	return NULL;
}

// 'element_label()' - How an element is shown: its label, else its name.
static const char *
element_label(json_t *e, const char *id, const char *name, char *buf, size_t size)
{
	json_t *l = json_object_get(e, "label");

	if (!json_is_string(l))
		return name;
	snprintf(buf, size, "%s%s", json_string_value(l), name + strlen(json_string_value(json_object_get(e, id))));
	return buf;
}

// 'diff_elements()' - Arrays of objects matched by their names: each element's differences,
//                     and an element added or removed as one change.
static void
diff_elements(json_t *issued, json_t *now, const char *path, const char *id, record_t *rec)
{
	char what[1024], name[512], label[512];

	for (size_t i = 0; i < json_array_size(issued); i++) {
		json_t *e = json_array_get(issued, i);
		const char *value = element_name(e, id, name, sizeof name);
		json_t *n = value != NULL ? find_element(now, id, value) : NULL;

		if (value == NULL)
			continue;
		join(what, sizeof what, path, element_label(e, id, value, label, sizeof label));
		if (n == NULL)
			add_change(rec, what, xstrdup("listed"), xstrdup("no longer listed"), NULL);
		else
			diff_value(e, n, what, NULL, rec);
	}
	for (size_t i = 0; i < json_array_size(now); i++) {
		json_t *e = json_array_get(now, i);
		const char *value = element_name(e, id, name, sizeof name);

		if (value != NULL && find_element(issued, id, value) == NULL) {
			join(what, sizeof what, path, element_label(e, id, value, label, sizeof label));
			add_change(rec, what, xstrdup("not listed"), xstrdup("listed"), NULL);
		}
	}
}

// 'diff_value()' - The differences of one value (key of its object, or NULL for an element),
//                  recursing into objects and arrays of named objects.
static void
diff_value(json_t *issued, json_t *now, const char *path, const char *key, record_t *rec)
{
	char what[512], word[64];
	const char *label = key != NULL ? label_of(key, word, sizeof word) : NULL;
	bool pence = key != NULL && strlen(key) > 6 && strcmp(key + strlen(key) - 6, "_pence") == 0;

	join(what, sizeof what, path, label);
	if (json_equal(issued, now))
		return;
	if (json_is_object(issued) && json_is_object(now)) {
		const char *k;
		json_t *v;

		json_object_foreach(issued, k, v) {
			if (!in_list(not_content, k) && !in_list(not_listed, k))
				diff_value(v, json_object_get(now, k), what, k, rec);
		}
		return;
	}
	const char *id = json_is_array(issued) && json_is_array(now) ? element_id(issued) : NULL;
	if (id == NULL && json_is_array(now) && json_array_size(issued) == 0)
		id = element_id(now);
	if (id != NULL) {
		diff_elements(issued, now, what, id, rec);
		return;
	}
	add_change(rec, what, show(issued, pence), show(now, pence), difference(issued, now, pence));
}

void
record_changes(json_t *issued, json_t *now, record_t *rec)
{
	diff_value(issued, now, "", NULL, rec);
}

/*
 * Restatements: an issued monthly return's month figures.
 */

// 'add_figure()' - Append one month figure of an issued return.
static void
add_figure(restatement_t **out, int *n, bool spend, const char *name, const char *label, measure_kind_t kind,
           int64_t issued)
{
	*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
	(*out)[(*n)++] = (restatement_t){ 0, spend, xstrdup(name), xstrdup(label), kind, issued, 0 };
}

// 'thousandths()' - A measure's value in the twin (its own unit) as thousandths.
static int64_t
thousandths(json_t *v)
{
	if (json_is_integer(v))
		return (int64_t)json_integer_value(v) * 1000;
	double x = json_number_value(v);
	return (int64_t)(x * 1000 + (x < 0 ? -0.5 : 0.5));
}

// 'kind_of()' - A measure's kind as its twin names it.
static measure_kind_t
kind_of(json_t *o)
{
	const char *k = json_string_value(json_object_get(o, "kind"));

	return k == NULL ? KIND_COUNT : strcmp(k, "money") == 0 ? KIND_MONEY :
	       strcmp(k, "quantity") == 0 ? KIND_QUANTITY : KIND_COUNT;
}

bool
record_month_figures(json_t *issued, restatement_t **out, int *n)
{
	json_t *cats = json_object_get(json_object_get(issued, "spend"), "categories");
	json_t *outs = json_object_get(issued, "outcomes");
	const char *report = record_str(issued, "report");

	if (report == NULL || strcmp(report, "monthly-return") != 0 || !json_is_array(cats) || !json_is_array(outs))
		return false;
	for (size_t i = 0; i < json_array_size(cats); i++) {
		json_t *c = json_array_get(cats, i);
		const char *name = json_string_value(json_object_get(c, "name"));
		json_t *v = json_object_get(c, "month_actual_pence");
		if (name != NULL && json_is_integer(v))
			add_figure(out, n, true, name, name, KIND_COUNT, (int64_t)json_integer_value(v));
	}
	for (size_t i = 0; i < json_array_size(outs); i++) {
		json_t *o = json_array_get(outs, i);
		const char *key = json_string_value(json_object_get(o, "measure"));
		const char *label = json_string_value(json_object_get(o, "label"));
		json_t *v = json_object_get(o, "month");
		if (key != NULL && json_is_number(v))
			add_figure(out, n, false, key, label != NULL ? label : key, kind_of(o), thousandths(v));
	}
	return true;
}

// 'parse_iso_utc()' - "2020-07-03T06:00:00Z" as a time; 0 when it is not one.
static time_t
parse_iso_utc(const char *s)
{
	struct tm tm = { 0 };
	char z;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	                        &tm.tm_min, &tm.tm_sec, &z) != 7 || z != 'Z' || strlen(s) != 20)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

void
record_supersede(record_t *rec, json_t *issued, json_t *now, int issued_revision, const char *file,
                 const char *pdf_sha256)
{
	const char *at = issued != NULL ? record_str(issued, "generated_at") : NULL;

	rec->revision = issued_revision + 1;
	rec->supersedes_file = xstrdup(file);
	rec->supersedes_generated_at = at != NULL ? xstrdup(at) : NULL;
	rec->supersedes_at = parse_iso_utc(at);
	snprintf(rec->supersedes_sha256, sizeof rec->supersedes_sha256, "%s", pdf_sha256);
	if (issued != NULL && now != NULL)
		record_changes(issued, now, rec);
}

// A month figure of a return now: a category's month actual or a measure's month value.
struct figure {
	bool spend;
	const char *name, *label;
	measure_kind_t kind;
	int64_t value;
};

// 'add_restated()' - Append one restated figure, the strings copied.
static void
add_restated(record_t *rec, month_t m, const struct figure *f, int64_t issued, int64_t now)
{
	rec->restatements = xrealloc(rec->restatements, (size_t)(rec->n_restatements + 1) * sizeof *rec->restatements);
	rec->restatements[rec->n_restatements++] = (restatement_t){
		m, f->spend, xstrdup(f->name), xstrdup(f->label), f->kind, issued, now
	};
}

// 'month_values()' - A return's month figures in its tables' order: the categories, then the
//                    measures.  O - a new array of *n (the strings are the return's).
static struct figure *
month_values(const monthly_t *m, int *n)
{
	struct figure *v = xcalloc((size_t)(m->n_lines + m->n_outcomes) + 1, sizeof *v);

	*n = 0;
	for (int i = 0; i < m->n_lines; i++)
		v[(*n)++] = (struct figure){ true, m->lines[i].name, m->lines[i].name, KIND_COUNT,
		                             m->lines[i].month_actual };
	for (int i = 0; i < m->n_outcomes; i++)
		v[(*n)++] = (struct figure){ false, m->outcomes[i].measure, m->outcomes[i].label,
		                             m->outcomes[i].kind, m->outcomes[i].month };
	return v;
}

// 'now_figure()' - The figure now named name (a category when spend, else a measure), or NULL.
static const struct figure *
now_figure(const struct figure *v, int n, bool spend, const char *name)
{
	for (int i = 0; i < n; i++)
		if (v[i].spend == spend && strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

// 'was_issued()' - Whether the issued return listed the figure.
static bool
was_issued(const restatement_t *issued, int n, const struct figure *f)
{
	for (int i = 0; i < n; i++)
		if (issued[i].spend == f->spend && strcmp(issued[i].name, f->name) == 0)
			return true;
	return false;
}

void
record_restate(record_t *rec, const restatement_t *issued, int n_issued, const monthly_t *now)
{
	int n_now;
	struct figure *v = month_values(now, &n_now);

	rec->n_compared++;
	// Spend first, then outcomes; within each, the issued return's order, then what it lacked.
	for (int pass = 0; pass < 2; pass++) {
		bool spend = pass == 0;
		for (int i = 0; i < n_issued; i++) {
			const restatement_t *r = &issued[i];
			const struct figure *f = now_figure(v, n_now, spend, r->name);
			struct figure gone = { r->spend, r->name, r->label, r->kind, 0 };
			if (r->spend == spend && (f != NULL ? f->value : 0) != r->issued)
				add_restated(rec, now->month, f != NULL ? f : &gone, r->issued, f != NULL ? f->value : 0);
		}
		for (int i = 0; i < n_now; i++)
			if (v[i].spend == spend && v[i].value != 0 && !was_issued(issued, n_issued, &v[i]))
				add_restated(rec, now->month, &v[i], 0, v[i].value);
	}
	free(v);
}

int64_t
record_int(json_t *j, const char *key, int64_t def)
{
	json_t *v = json_object_get(j, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

const char *
record_str(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

const char *
record_supersedes_sha256(json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "supersedes"), "sha256"));
}

void
record_free(record_t *rec)
{
	for (int i = 0; i < rec->n_changes; i++) {
		free(rec->changes[i].what);
		free(rec->changes[i].issued);
		free(rec->changes[i].now);
		free(rec->changes[i].difference);
	}
	free(rec->changes);
	for (int i = 0; i < rec->n_restatements; i++) {
		free(rec->restatements[i].name);
		free(rec->restatements[i].label);
	}
	free(rec->restatements);
	free(rec->supersedes_file);
	free(rec->supersedes_generated_at);
	memset(rec, 0, sizeof *rec);
}
