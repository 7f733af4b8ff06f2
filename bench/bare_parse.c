// The floor the ingest is measured against: libcsv parsing a file and doing nothing else.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <csv.h>

static long fields, rows;

static void field(void *s, size_t n, void *ctx) { (void)s, (void)n, (void)ctx; fields++; }
static void row(int c, void *ctx) { (void)c, (void)ctx; rows++; }

int
main(int argc, char **argv)
{
	static char block[64 * 1024];
	struct csv_parser p;
	ssize_t n;
	int fd;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0)
		return 66;
	csv_init(&p, 0);
	while ((n = read(fd, block, sizeof block)) > 0)
		if (csv_parse(&p, block, (size_t)n, field, row, NULL) != (size_t)n)
			return 65;
	csv_fini(&p, field, row, NULL);
	csv_free(&p);
	close(fd);
	printf("%ld rows %ld fields\n", rows, fields);
	return 0;
}
