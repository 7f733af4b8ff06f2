// Runs a command N times; prints the best wall time (ms) and the peak RSS (KiB) of the child.
// -p PREP runs the shell command PREP before each run, untimed: issued reports are records, so
// a run into a folder an earlier run filled finds them unchanged and writes nothing; every
// timed run must start from the same folder (`-p 'rm -rf OUT'`).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// 'run_prep()' - The untimed preparation; O - false when it failed.
static int
run_prep(const char *prep)
{
	int rc = system(prep);

	return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

int
main(int argc, char **argv)
{
	const char *prep = NULL;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		prep = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: timeit [-p PREP] N command [args]\n");
		return 64;
	}
	int runs = atoi(argv[1]);
	double best = 1e30;
	long rss = 0;

	for (int i = 0; i < runs; i++) {
		struct timespec t0, t1;
		struct rusage ru;
		int status;

		if (prep != NULL && !run_prep(prep)) {
			fprintf(stderr, "timeit: preparation '%s' failed\n", prep);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid_t pid = fork();
		if (pid == 0) {
			// Only the timing goes to stdout.
			if (freopen("/dev/null", "w", stdout) == NULL)
				_exit(126);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		wait4(pid, &status, 0, &ru);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "timeit: %s failed\n", argv[2]);
			return 1;
		}
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	printf("%.1f %ld\n", best, rss);
	return 0;
}
