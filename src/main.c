// The command line of roit-report: options → run_options_t → run().
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roit.h"
#include "run.h"
#include "values.h"

static const char usage_text[] =
    "usage: roit-report [-hqVv] [--all-months] [--check] [--strict] [-i dir] [-m YYYY-MM]\n"
    "                   [--only monthly|summary|overview] [-o dir] [-u unit]...\n";

static const char help_text[] =
    "Monthly scrutiny returns and funding-continuation summaries (PDF and JSON) from a\n"
    "Regional Online Investigation Team's spend and outcome exports, and a network overview\n"
    "of the units side by side for each month two or more of them have an awarded grant.\n"
    "\n"
    "  -i, --input DIR       folder with the CSV exports and report.ini      (default: input)\n"
    "  -o, --output DIR      folder the reports are written to                (default: output)\n"
    "  -m, --month YYYY-MM   month to report               (default: the last complete calendar month)\n"
    "      --all-months      every month from April of the first grant year up to --month\n"
    "  -u, --unit UNIT       only this unit; may be repeated            (default: every unit in grants.csv)\n"
    "      --only KIND       only `monthly`, `summary` or `overview` reports\n"
    "      --check           read and validate everything, write nothing; say of each report file\n"
    "                        whether a run would leave it `unchanged`, make it `revised` or `new`\n"
    "      --strict          a rejected input row fails the run (exit 65) instead of being listed\n"
    "  -q, --quiet           print only warnings and errors (for cron)\n"
    "  -v, --verbose         log each step\n"
    "  -h, --help            usage, exit 0\n"
    "  -V, --version         version, exit 0\n"
    "\n"
    "Exit status: 0 written, 64 usage, 65 bad data, 66 no input, 70 internal error,\n"
    "73 cannot create output (or a symlink in it), 74 I/O error, 75 locked or an input changed,\n"
    "78 bad report.ini or font.\n";

enum { OPT_ALL_MONTHS = 256, OPT_CHECK, OPT_ONLY, OPT_STRICT };

static const struct option long_options[] = {
	{ "all-months", no_argument, NULL, OPT_ALL_MONTHS },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "help", no_argument, NULL, 'h' },
	{ "input", required_argument, NULL, 'i' },
	{ "month", required_argument, NULL, 'm' },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "unit", required_argument, NULL, 'u' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

// 'usage()' - A usage error: the synopsis on stderr, exit 64.
static int
usage(const char *problem, const char *value)
{
	if (problem)
		fprintf(stderr, "roit-report: %s%s%s%s\n", problem, value ? " \"" : "", value ? value : "", value ? "\"" : "");
	fputs(usage_text, stderr);
	return ROIT_EX_USAGE;
}

// 'safe_descriptors()' - Descriptors 0-2 closed by the caller are opened on /dev/null, so the
//                        lock or a report never becomes stdout or stderr; a write to a pipe with
//                        no reader fails with EPIPE (seen at the end) instead of killing the run.
//                        O - false when /dev/null cannot be opened
static bool
safe_descriptors(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int null = open("/dev/null", O_RDWR);
		if (null != fd) {
			if (null >= 0)
				close(null);
			return false;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	return true;
}

// 'finish_stdout()' - A full disk or closed pipe on stdout is an error, not a success; it is
//                     told only now, after every report and SHA256SUMS (stdout's errors are sticky).
static int
finish_stdout(int status)
{
	bool earlier = ferror(stdout) != 0;	// a write that failed during the run
	int e = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		e = errno;
	if (fclose(stdout) != 0 && e == 0)
		e = errno;
	if ((earlier || e != 0) && status == ROIT_OK) {
		if (earlier)
			fprintf(stderr, "roit-report: standard output: a write failed (closed pipe or full disk); "
			        "the list of files written is incomplete\n");
		else
			fprintf(stderr, "roit-report: standard output: %s\n", strerror(e));
		return ROIT_EX_IOERR;
	}
	return status;
}

// 'clock_now()' - SOURCE_DATE_EPOCH when set (reproducible runs), else the clock.
static bool
clock_now(time_t *now)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (sde == NULL || *sde == '\0') {
		*now = time(NULL);
		return true;
	}
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL || sde[0] < '0' || sde[0] > '9')
		return false;
	*now = (time_t)v;
	return true;
}

// 'installed_fontdir()' - fonts/ beside the program (source tree), or ../share/roit-report/fonts (installed).
static char *
installed_fontdir(void)
{
	static char dir[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return "fonts";
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	// Beside the program, or one folder up (a build folder of the source tree), or installed.
	static const char *const places[] = { "/fonts", "/../fonts", "/../share/roit-report/fonts" };
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		snprintf(dir, sizeof dir, "%s%s", exe, places[i]);
		if (access(dir, R_OK) == 0)
			break;
	}
	return dir;
}

// 'parse_options()' - The command line into opt.  O - -1 to go on and run, else the exit status.
static int
parse_options(int argc, char *argv[], run_options_t *o)
{
	run_options_t opt = *o;
	int ch;

	opterr = 0;	// usage() says what is wrong, with the program's own prefix
	while ((ch = getopt_long(argc, argv, ":hi:m:o:qu:vV", long_options, NULL)) != -1) {
		switch (ch) {
		case OPT_ALL_MONTHS:
			opt.all_months = true;
			break;
		case OPT_CHECK:
			opt.check = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return ROIT_OK;
		case 'i':
			opt.input = optarg;
			break;
		case 'm':
			if (!value_parse_month(optarg, &opt.month))
				return usage("--month takes YYYY-MM, not", optarg);
			opt.have_month = true;
			break;
		case OPT_ONLY:
			if (strcmp(optarg, "monthly") == 0)
				opt.only = ONLY_MONTHLY;
			else if (strcmp(optarg, "summary") == 0)
				opt.only = ONLY_SUMMARY;
			else if (strcmp(optarg, "overview") == 0)
				opt.only = ONLY_OVERVIEW;
			else
				return usage("--only takes monthly, summary or overview, not", optarg);
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'q':
			roit_verbosity = ROIT_QUIET;
			break;
		case OPT_STRICT:
			opt.strict = true;
			break;
		case 'u':
			// Units are compared after trimming, on the command line as in the files.
			while (*optarg == ' ' || *optarg == '\t')
				optarg++;
			for (size_t n = strlen(optarg); n > 0 && (optarg[n - 1] == ' ' || optarg[n - 1] == '\t'); n--)
				optarg[n - 1] = '\0';
			opt.units[opt.n_units++] = optarg;
			break;
		case 'v':
			roit_verbosity = ROIT_VERBOSE;
			break;
		case 'V':
			puts("roit-report " ROIT_VERSION);
			return ROIT_OK;
		case ':':
			return usage("option needs a value:", argv[optind - 1]);
		default:
			return usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage("unexpected argument", argv[optind]);
	if (!clock_now(&opt.now))
		return usage("SOURCE_DATE_EPOCH is not a number of seconds:", getenv("SOURCE_DATE_EPOCH"));
	if (!opt.have_month)
		opt.month = default_month(opt.now);
	opt.fontdir = installed_fontdir();
	*o = opt;
	return -1;
}

int
main(int argc, char *argv[])
{
	run_options_t opt = { .input = "input", .output = "output" };
	int status;

	if (!safe_descriptors())
		return ROIT_EX_SOFTWARE;	// nowhere safe to say so
	roit_keep_memory();
	opt.units = xcalloc((size_t)argc + 1, sizeof(char *));
	if ((status = parse_options(argc, argv, &opt)) < 0)
		status = run(&opt);
	free(opt.units);
	return finish_stdout(status);
}
