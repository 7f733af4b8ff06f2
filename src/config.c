// report.ini → config_t (libinih does the INI syntax; every section and key is checked here).
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <ini.h>

#include "config.h"
#include "csvin.h"
#include "roit.h"
#include "ttf.h"
#include "values.h"

// What the handler knows while inih walks the file.
typedef struct ini_ctx {
	config_t *cfg;
	const char *dir;	// folder of report.ini, for relative paths
	char error[512];	// the first problem found
} ini_ctx_t;

// 'set_text()' - Replace a string setting.
static void
set_text(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

// 'fail()' - Record the first problem; returning 0 makes inih report its line.
static int fail(ini_ctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(ini_ctx_t *c, const char *fmt, ...)
{
	va_list ap;

	if (c->error[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(c->error, sizeof c->error, fmt, ap);
		va_end(ap);
	}
	return 0;
}

// 'resolve()' - A path from report.ini, relative to its folder.
static char *
resolve(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *out = xmalloc(n);

	if (path[0] == '/' || dir[0] == '\0')
		snprintf(out, n, "%s", path);
	else
		snprintf(out, n, "%s/%s", dir, path);
	return out;
}

// 'parse_pct()' - "5" or "7.5" into hundredths of a percent.
static bool
parse_pct(const char *s, int64_t *bp)
{
	int64_t t;

	if (!value_parse_quantity(s, &t) || t % 10 != 0 || t > 100000 * 1000)
		return false;
	*bp = t / 10;
	return true;
}

static int
report_key(ini_ctx_t *c, const char *name, const char *value)
{
	static const char *const keys[] = { "organisation", "team", "marking", "scrutiny", "prepared_by", "approved_by",
	                                    "network" };
	config_t *cfg = c->cfg;
	char **fields[] = { &cfg->organisation, &cfg->team, &cfg->marking, &cfg->scrutiny,
	                    &cfg->prepared_by, &cfg->approved_by, &cfg->network };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(name, keys[i]) == 0) {
			set_text(fields[i], value);
			return 1;
		}
	return fail(c, "unknown key \"%s\" in [%s]", name, "report");
}

static int
thresholds_key(ini_ctx_t *c, const char *name, const char *value)
{
	config_t *cfg = c->cfg;

	if (strcmp(name, "amber_pct") == 0 || strcmp(name, "red_pct") == 0) {
		if (!parse_pct(value, strcmp(name, "red_pct") == 0 ? &cfg->red_bp : &cfg->amber_bp))
			return fail(c, "%s \"%s\" is not a percentage", name, value);
		return 1;
	}
	if (strcmp(name, "materiality") == 0) {
		if (!value_parse_money(value, &cfg->materiality) || cfg->materiality < 0)
			return fail(c, "materiality \"%s\" is not a sum of money", value);
		return 1;
	}
	return fail(c, "unknown key \"%s\" in [%s]", name, "thresholds");
}

static int
fonts_key(ini_ctx_t *c, const char *name, const char *value)
{
	char **field;

	if (strcmp(name, "regular") == 0)
		field = &c->cfg->font_regular;
	else if (strcmp(name, "bold") == 0)
		field = &c->cfg->font_bold;
	else
		return fail(c, "unknown key \"%s\" in [%s]", name, "fonts");
	free(*field);
	*field = resolve(c->dir, value);
	c->cfg->fonts_from_ini = true;
	return 1;
}

// 'set_cost_centres()' - "A, B" into the list (empty: every row counts).
static void
set_cost_centres(config_t *cfg, const char *value)
{
	for (int i = 0; i < cfg->n_cost_centres; i++)
		free(cfg->cost_centres[i]);
	free(cfg->cost_centres);
	cfg->cost_centres = NULL;
	cfg->n_cost_centres = 0;
	for (const char *p = value; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n > 0 && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0) {
			cfg->cost_centres = xrealloc(cfg->cost_centres, (size_t)(cfg->n_cost_centres + 1) * sizeof(char *));
			cfg->cost_centres[cfg->n_cost_centres++] = xstrndup(p, n);
		}
		p = end ? end + 1 : p + strlen(p);
	}
}

static int
unit_key(ini_ctx_t *c, const char *section, const char *name, const char *value)
{
	config_t *cfg = c->cfg;
	bool spend = strcmp(section, "spend") == 0;

	if (strcmp(name, "unit") == 0) {
		char **field = spend ? &cfg->spend_unit : &cfg->outcomes_unit;

		free(*field);
		*field = value[0] ? xstrdup(value) : NULL;
		return 1;
	}
	if (spend && strcmp(name, "cost_centres") == 0) {
		set_cost_centres(cfg, value);
		return 1;
	}
	return fail(c, "unknown key \"%s\" in [%s]", name, section);
}

// 'columns_key()' - [columns.<file>] column = header text.
static int
columns_key(ini_ctx_t *c, const char *section, const char *name, const char *value)
{
	const char *file = section + strlen("columns.");
	config_t *cfg = c->cfg;

	for (int f = 0; f < FILE_COUNT; f++) {
		if (strcmp(file, input_files[f].name) != 0)
			continue;
		if (input_column((enum input_file)f, name) < 0)
			return fail(c, "unknown column \"%s\" in [%s]", name, section);
		cfg->aliases[f] = xrealloc(cfg->aliases[f], (size_t)(cfg->n_aliases[f] + 1) * sizeof(alias_t));
		cfg->aliases[f][cfg->n_aliases[f]++] = (alias_t){ xstrdup(name), xstrdup(value) };
		return 1;
	}
	return fail(c, "unknown section [%s]", section);
}

// 'one_word()' - True when s is a single word of ASCII letters.
static bool
one_word(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

// 'measures_key()' - [measures] key = Label[, kind].
static int
measures_key(ini_ctx_t *c, const char *name, const char *value)
{
	config_t *cfg = c->cfg;
	measure_def_t m = { NULL, NULL, KIND_COUNT };
	const char *comma = strrchr(value, ',');
	size_t n = strlen(value);

	if (comma) {
		const char *kind = comma + 1;

		while (*kind == ' ' || *kind == '\t')
			kind++;
		if (strcmp(kind, "count") == 0 || strcmp(kind, "quantity") == 0 || strcmp(kind, "money") == 0) {
			m.kind = kind[0] == 'c' ? KIND_COUNT : kind[0] == 'q' ? KIND_QUANTITY : KIND_MONEY;
			n = (size_t)(comma - value);
		} else if (one_word(kind)) {
			// "Cash seized, mony": a mistyped kind, not the end of a label.
			return fail(c, "measure \"%s\": kind \"%s\" is not count, quantity or money", name, kind);
		}
	} else if (strcmp(value, "count") == 0 || strcmp(value, "quantity") == 0 || strcmp(value, "money") == 0) {
		return fail(c, "measure \"%s\" needs a label before its kind \"%s\"", name, value);
	}
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	if (n == 0)
		return fail(c, "measure \"%s\" has no label", name);
	m.key = xstrdup(name);
	m.label = xstrndup(value, n);
	cfg->measures = xrealloc(cfg->measures, (size_t)(cfg->n_measures + 1) * sizeof m);
	cfg->measures[cfg->n_measures++] = m;
	return 1;
}

// 'known_section()' - Whether report.ini may have a section of this name.
static bool
known_section(const char *name)
{
	static const char *const names[] = { "report", "thresholds", "fonts", "spend", "outcomes", "measures" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	if (strncmp(name, "columns.", 8) != 0)
		return false;
	for (int f = 0; f < FILE_COUNT; f++)
		if (strcmp(name + 8, input_files[f].name) == 0)
			return true;
	return false;
}

// The longest line inih reads whole: its buffer holds INI_MAX_LINE bytes with the line end and a NUL.
#define LINE_MAX_BYTES (INI_MAX_LINE - 3)

// 'check_lines()' - One rule for report.ini's lines, before inih reads them, so that nothing on
//                   any line is read other than as written (the marking decides who may read a
//                   report): a line inih would cut, a continuation line or an indented section
//                   header (inih would append it to the value above), text after a section
//                   header (ignored by inih), a NUL or a carriage return inside a line; and every
//                   section known, even an empty one (inih only reports sections that hold keys).
//                   O - 0, or the number of the first bad line with why into msg
static int
check_lines(const char *bytes, size_t len, char *msg, size_t size)
{
	size_t pos = 0;
	int n = 0;

	// A UTF-8 byte order mark is not part of the first line.
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *line = bytes + pos, *nl = memchr(line, '\n', len - pos);
		size_t k = nl ? (size_t)(nl - line) : len - pos;

		pos += k + 1;
		n++;
		if (k > 0 && line[k - 1] == '\r')
			k--;
		if (k > LINE_MAX_BYTES) {
			snprintf(msg, size, "the line is %zu bytes long, more than the %d report.ini's reader takes "
			         "whole: shorten it (its value would be cut)", k, LINE_MAX_BYTES);
			return n;
		}
		if (memchr(line, '\0', k) != NULL) {
			snprintf(msg, size, "a NUL byte in the line");
			return n;
		}
		if (memchr(line, '\r', k) != NULL) {
			snprintf(msg, size, "a carriage return inside the line (save the file with Windows or Unix line ends)");
			return n;
		}
		size_t i = 0;
		while (i < k && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == k || line[i] == ';' || line[i] == '#')
			continue;	// blank, or a comment
		if (i > 0 && line[i] == '[') {
			snprintf(msg, size, "an indented section header: start it at the beginning of the line "
			         "(indented, it would be read as part of the value above)");
			return n;
		}
		if (i > 0) {
			snprintf(msg, size, "an indented line: report.ini has no continuation lines; start each "
			         "key = value at the beginning of its line");
			return n;
		}
		if (line[0] != '[')
			continue;
		const char *close = memchr(line, ']', k);
		if (close == NULL) {
			snprintf(msg, size, "section header \"%.*s\" has no closing ]", (int)(k > 100 ? 100 : k), line);
			return n;
		}
		char name[200];
		snprintf(name, sizeof name, "%.*s", (int)(close - line - 1), line + 1);
		if (!known_section(name)) {
			snprintf(msg, size, "unknown section [%s]", name);
			return n;
		}
		for (const char *t = close + 1; t < line + k; t++) {
			if (*t == ';' || *t == '#')
				break;
			if (*t != ' ' && *t != '\t') {
				snprintf(msg, size, "text after the section header [%s]: put each key = value on a line of its own", name);
				return n;
			}
		}
	}
	return 0;
}

// 'handler()' - inih: one key of one section.
static int
handler(void *user, const char *section, const char *name, const char *value)
{
	ini_ctx_t *c = user;

	if (name == NULL)	// a section header alone
		return 1;
	if (strcmp(section, "report") == 0)
		return report_key(c, name, value);
	if (strcmp(section, "thresholds") == 0)
		return thresholds_key(c, name, value);
	if (strcmp(section, "fonts") == 0)
		return fonts_key(c, name, value);
	if (strcmp(section, "spend") == 0 || strcmp(section, "outcomes") == 0)
		return unit_key(c, section, name, value);
	if (strncmp(section, "columns.", 8) == 0)
		return columns_key(c, section, name, value);
	if (strcmp(section, "measures") == 0)
		return measures_key(c, name, value);
	if (section[0] == '\0')
		return fail(c, "key \"%s\" comes before any [section]", name);
	return fail(c, "unknown section [%s]", section);
}

// 'set_defaults()' - Every key has a default.
static void
set_defaults(config_t *cfg, const char *fontdir)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->organisation = xstrdup("");
	cfg->team = xstrdup("Regional Online Investigation Team");
	cfg->marking = xstrdup("OFFICIAL-SENSITIVE");
	cfg->scrutiny = xstrdup("Home Office / NPCC");
	cfg->prepared_by = xstrdup("");
	cfg->approved_by = xstrdup("");
	cfg->network = xstrdup("Regional Online Investigation Teams");
	cfg->amber_bp = 500;
	cfg->red_bp = 1000;
	cfg->materiality = 100000;
	cfg->font_regular = resolve(fontdir, "LiberationSans-Regular.ttf");
	cfg->font_bold = resolve(fontdir, "LiberationSans-Bold.ttf");
}

// 'check_font()' - A font that cannot be read, or used, is a configuration error.  It is read
//                  here for the whole run, so no document meets it first.
static int
check_font(const config_t *cfg, const char *font)
{
	size_t n = strlen(font) + (cfg->path ? strlen(cfg->path) : 0) + 64;
	char *display = xmalloc(n);
	int status;

	if (cfg->fonts_from_ini)
		snprintf(display, n, "%s: [fonts] %s", cfg->path, font);
	else
		snprintf(display, n, "font %s (installed with roit-report)", font);
	char *bytes = NULL;
	size_t len;
	status = ttf_read(font, display, &bytes, &len);
	free(bytes);
	free(display);
	return status;
}

// Largest report.ini read (bytes): a file of settings, never a large one.
#define INI_MAX_BYTES (1024 * 1024)

int
config_load(const char *input_dir, const char *fontdir, config_t *cfg)
{
	ini_ctx_t c = { cfg, input_dir, "" };
	char *path = resolve(input_dir, "report.ini");
	char *bytes;
	size_t len;
	struct stat st;
	int status;

	set_defaults(cfg, fontdir);
	if (stat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		goto fonts;
	}
	// Read once: the settings and the SHA-256 in the audit trail are of the same bytes.
	if ((status = csvin_slurp(path, path, INI_MAX_BYTES, &bytes, &len, cfg->sha256)) != ROIT_OK) {
		free(path);
		// Not a regular file is refused as any input is (66); unreadable or too large is report.ini's own fault.
		return status == ROIT_EX_NOINPUT && S_ISREG(st.st_mode) ? ROIT_EX_CONFIG :
		       status == ROIT_EX_DATAERR ? ROIT_EX_CONFIG : status;
	}
	cfg->path = path;
	char why[512] = "";
	int line = check_lines(bytes, len, why, sizeof why);
	if (line == 0)
		line = ini_parse_string(bytes, handler, &c);
	free(bytes);
	if (line != 0) {
		roit_error("%s:%d: %s", path, line, why[0] ? why : c.error[0] ? c.error : "not a key = value line");
		return ROIT_EX_CONFIG;
	}
	if (cfg->amber_bp > cfg->red_bp) {
		roit_error("%s: amber_pct is above red_pct", path);
		return ROIT_EX_CONFIG;
	}
fonts:
	if ((status = check_font(cfg, cfg->font_regular)) != ROIT_OK || (status = check_font(cfg, cfg->font_bold)) != ROIT_OK)
		return status;
	return ROIT_OK;
}

void
config_free(config_t *cfg)
{
	char *texts[] = { cfg->path, cfg->organisation, cfg->team, cfg->marking, cfg->scrutiny,
	                  cfg->prepared_by, cfg->approved_by, cfg->network, cfg->font_regular, cfg->font_bold,
	                  cfg->spend_unit, cfg->outcomes_unit };

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		free(texts[i]);
	set_cost_centres(cfg, "");
	for (int f = 0; f < FILE_COUNT; f++) {
		for (int i = 0; i < cfg->n_aliases[f]; i++) {
			free(cfg->aliases[f][i].column);
			free(cfg->aliases[f][i].header);
		}
		free(cfg->aliases[f]);
	}
	for (int i = 0; i < cfg->n_measures; i++) {
		free(cfg->measures[i].key);
		free(cfg->measures[i].label);
	}
	free(cfg->measures);
	memset(cfg, 0, sizeof *cfg);
}

const char *
config_alias(const config_t *cfg, enum input_file file, const char *column)
{
	const char *found = NULL;

	for (int i = 0; i < cfg->n_aliases[file]; i++)
		if (strcmp(cfg->aliases[file][i].column, column) == 0)
			found = cfg->aliases[file][i].header;
	return found;
}

void
config_measure(const config_t *cfg, const char *key, const char **label, measure_kind_t *kind)
{
	int rank = measure_rank(key);

	*label = rank < N_KNOWN_MEASURES ? known_measures[rank].label : key;
	*kind = rank < N_KNOWN_MEASURES ? known_measures[rank].kind : KIND_COUNT;
	for (int i = 0; i < cfg->n_measures; i++)
		if (strcmp(key, cfg->measures[i].key) == 0) {
			*label = cfg->measures[i].label;
			*kind = cfg->measures[i].kind;
		}
}
