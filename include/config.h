// report.ini: the unit's names, thresholds, fonts, column aliases and measure labels.
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "inputs.h"
#include "vocab.h"

typedef struct alias {
	char *column;		// canonical column name
	char *header;		// the export's header text
} alias_t;

typedef struct measure_def {
	char *key;
	char *label;
	measure_kind_t kind;
} measure_def_t;

typedef struct config {
	char *path;			// report.ini as shown in messages; NULL when absent
	char sha256[65];		// of report.ini's bytes as they were read (the audit trail)
	char *organisation, *team, *marking, *scrutiny, *prepared_by, *approved_by;
	char *network;			// the name the network overview gives the units together
	int64_t amber_bp, red_bp;	// thresholds in hundredths of a percent (5% is 500)
	int64_t materiality;		// pence
	char *font_regular, *font_bold;	// resolved paths
	bool fonts_from_ini;		// [fonts] named one (else the installed fonts)
	int n_cost_centres;		// 0: every row counts
	char **cost_centres;
	char *spend_unit, *outcomes_unit;	// NULL: the file has a unit column
	int n_aliases[FILE_COUNT];
	alias_t *aliases[FILE_COUNT];
	int n_measures;
	measure_def_t *measures;
} config_t;

// 'config_load()' - Read <input>/report.ini if it exists (defaults otherwise) and check the fonts.
//                   fontdir is where the installed fonts are.  O - ROIT_OK or ROIT_EX_CONFIG (message given).
int config_load(const char *input_dir, const char *fontdir, config_t *cfg);
void config_free(config_t *cfg);

// 'config_alias()' - The header text report.ini maps to column of file, or NULL.
const char *config_alias(const config_t *cfg, enum input_file file, const char *column);

// 'config_measure()' - The label and kind of a measure: report.ini's, else the contract's
//                      (vocab.h), else its key as label and a count.
void config_measure(const config_t *cfg, const char *key, const char **label, measure_kind_t *kind);

#endif
