// report.ini → config_t (libinih does the INI syntax; every section and key is checked here).
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"
#include "roit.h"
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

// 'check_sections()' - inih only reports sections that hold keys: find an unknown empty one too.
//                      O - 0, the line of the first unknown section (its name in name), or minus
//                          the line of a section header without its closing bracket
static int
check_sections(FILE *fp, char *name, size_t size)
{
	char line[512];
	int n = 0;

	while (fgets(line, sizeof line, fp)) {
		char *p = line, *end;

		n++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '[')
			continue;
		if ((end = strchr(p, ']')) == NULL) {
			snprintf(name, size, "%.*s", (int)strcspn(p + 1, "\r\n"), p + 1);
			return -n;	// no closing bracket
		}
		snprintf(name, size, "%.*s", (int)(end - p - 1), p + 1);
		if (!known_section(name))
			return n;
	}
	rewind(fp);
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

// 'check_font()' - A font that cannot be read is a configuration error.
static int
check_font(const config_t *cfg, const char *font)
{
	if (access(font, R_OK) == 0)
		return ROIT_OK;
	if (cfg->fonts_from_ini)
		roit_error("%s: [fonts] %s cannot be read: %s", cfg->path, font, strerror(errno));
	else
		roit_error("font %s (installed with roit-report) cannot be read: %s", font, strerror(errno));
	return ROIT_EX_CONFIG;
}

int
config_load(const char *input_dir, const char *fontdir, config_t *cfg)
{
	ini_ctx_t c = { cfg, input_dir, "" };
	char *path = resolve(input_dir, "report.ini");
	FILE *fp;

	set_defaults(cfg, fontdir);
	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		if (errno == ENOENT)
			goto fonts;
		roit_error("%s/report.ini: cannot be read: %s", input_dir, strerror(errno));
		return ROIT_EX_CONFIG;
	}
	cfg->path = path;
	char section[256];
	int line = check_sections(fp, section, sizeof section);
	if (line != 0) {
		fclose(fp);
		if (line < 0)
			roit_error("%s:%d: section header \"[%s\" has no closing ]", path, -line, section);
		else
			roit_error("%s:%d: unknown section [%s]", path, line, section);
		return ROIT_EX_CONFIG;
	}
	line = ini_parse_file(fp, handler, &c);
	fclose(fp);
	if (line != 0) {
		roit_error("%s:%d: %s", path, line, c.error[0] ? c.error : "not a key = value line");
		return ROIT_EX_CONFIG;
	}
	if (cfg->amber_bp > cfg->red_bp) {
		roit_error("%s: amber_pct is above red_pct", path);
		return ROIT_EX_CONFIG;
	}
fonts:
	if (check_font(cfg, cfg->font_regular) != ROIT_OK || check_font(cfg, cfg->font_bold) != ROIT_OK)
		return ROIT_EX_CONFIG;
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
