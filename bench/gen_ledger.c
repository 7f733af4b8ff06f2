// Writes a synthetic whole-organisation ledger (spend.csv) of N rows over three financial years,
// and prints the pence total of the rows of the unit's cost centres, so the benchmark can check
// the program's figures against the generator's own sums.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const categories[] = {
	"Staff overtime", "Covert online infrastructure", "Digital forensics licences",
	"Training", "Travel & subsistence", "Equipment", "Agency staff", "Estates"
};

static uint64_t state = 0x9E3779B97F4A7C15u;

// 'next()' - xorshift64*: fast, and the same numbers on every machine.
static uint64_t
next(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1Du;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_ledger ROWS FILE\n");
		return 64;
	}
	long rows = atol(argv[1]);
	FILE *fp = fopen(argv[2], "w");
	int64_t unit_total = 0;
	long unit_rows = 0;

	if (!fp)
		return 73;
	fputs("Date,Cost Centre,Expense Type,Amount,Supplier,Description,Reference\r\n", fp);
	for (long i = 0; i < rows; i++) {
		uint64_t r = next();
		int cc = (int)(r % 40);			// 40 cost centres; OIT01 and OIT02 are the unit's
		int year = 2018 + (int)((r >> 8) % 3), month = 1 + (int)((r >> 16) % 12), day = 1 + (int)((r >> 24) % 28);
		int64_t pence = (int64_t)((r >> 32) % 250000) - 2000;	// refunds too
		const char *cat = categories[(r >> 40) % 8];

		if (month <= 3)
			year++;			// keep every row inside 2018/19 .. 2020/21
		fprintf(fp, "%02d/%02d/%d,CC%02d,%s,\"%s%" PRId64 ".%02d\",Supplier %u Ltd,Invoice %ld,INV%07ld\r\n",
		        day, month, year, cc, cat, pence < 0 ? "-" : "", (pence < 0 ? -pence : pence) / 100,
		        (int)((pence < 0 ? -pence : pence) % 100), (unsigned)(r >> 48) % 5000, i, i);
		if (cc == 1 || cc == 2) {
			unit_total += pence;
			unit_rows++;
		}
	}
	if (fclose(fp) != 0)
		return 74;
	printf("%" PRId64 " %ld\n", unit_total, unit_rows);
	return 0;
}
