#!/bin/sh
# make bench: ingest speed against a bare libcsv parse, peak memory at 1M and 10M ledger rows,
# and rendering time per report over --all-months for three units and three years.
# Prints a table; the figures of one machine are kept in bench/RESULTS.md.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/roit-report
OUT=${BENCH_DIR:-$(mktemp -d)}
ROWS_LARGE=${BENCH_LARGE:-10000000}
RUNS=${BENCH_RUNS:-3}
trap 'rm -rf "$OUT"' EXIT
cc -O2 -o "$OUT/gen_ledger" "$ROOT/bench/gen_ledger.c"
cc -O2 -o "$OUT/bare_parse" "$ROOT/bench/bare_parse.c" -lcsv
cc -O2 -o "$OUT/timeit" "$ROOT/bench/timeit.c"
export SOURCE_DATE_EPOCH=1617235200

# 'ledger ROWS' - a whole-organisation ledger in $OUT/ledgerROWS; the unit's cost centres are CC01, CC02.
ledger() {
	dir=$OUT/ledger$1
	mkdir -p "$dir"
	printf 'unit,financial_year,amount,status\nROIT,2018/19,"250,000",awarded\nROIT,2019/20,"250,000",awarded\nROIT,2020/21,"250,000",awarded\n' >"$dir/grants.csv"
	printf 'date,unit,measure\n' >"$dir/outcomes.csv"
	printf '[spend]\nunit = ROIT\ncost_centres = CC01, CC02\n[columns.spend]\ncategory = Expense Type\n' >"$dir/report.ini"
	"$OUT/gen_ledger" "$1" "$dir/spend.csv" >"$dir/expected"
}

# 'ingest ROWS' - one table row: MB/s, rows/s, ratio to the bare parse, peak RSS; checks the total.
ingest() {
	dir=$OUT/ledger$1
	ledger "$1"
	mb=$(du -m "$dir/spend.csv" | cut -f1)
	set -- "$1" $("$OUT/timeit" "$RUNS" "$OUT/bare_parse" "$dir/spend.csv") \
		$("$OUT/timeit" "$RUNS" "$BIN" -q -i "$dir" -o "$dir/out" -m 2021-03)
	want=$(cut -d' ' -f1 "$dir/expected")
	got=$(awk '/"history": \[/ { h = 1 } /"history_total"/ { h = 0 }
		h && /"spend_pence"/ { gsub(/[^0-9-]/, ""); s += $0 } END { printf "%.0f\n", s }' \
		"$dir/out/roit/2020-21-continuation-summary.json")
	[ "$got" = "$want" ] || { echo "bench: ledger $1: program total $got, generator total $want" >&2; exit 1; }
	awk -v rows="$1" -v mb="$mb" -v bare="$2" -v ms="$4" -v rss="$5" 'BEGIN {
		printf "ingest %9d rows %5d MB  bare %7.0f ms  roit %7.0f ms  %6.0f MB/s  %5.2f Mrows/s  ratio %.2f  peak RSS %5.1f MB  total ok\n",
			rows, mb, bare, ms, mb / (ms / 1000), rows / (ms / 1000) / 1e6, ms / bare, rss / 1024 }'
}

echo "roit-report benchmark, $(nproc) cores, $(date -u +%Y-%m-%d)"
ingest 1000000
ingest "$ROWS_LARGE"
rm -rf "$OUT"/ledger*

# Three units, three years: the sample, copied under two more unit names.
multi=$OUT/multi
mkdir -p "$multi"
cp "$ROOT/input/report.ini" "$multi/"
for f in grants budget spend outcomes targets commentary; do
	head -n 1 "$ROOT/input/$f.csv" >"$multi/$f.csv"
	for u in "Met Online Investigation Team" "North West ROCU Online Team" "Eastern ROCU Online Team"; do
		tail -n +2 "$ROOT/input/$f.csv" | grep -v '^Total' | sed "s/Met Online Investigation Team/$u/" >>"$multi/$f.csv"
	done
done
# 'render WHERE' - ms per monthly return and per summary, writing into the folder WHERE.
render() {
	set -- "$1" $("$OUT/timeit" "$RUNS" "$BIN" -q --check -i "$multi" -m 2021-03) \
		$("$OUT/timeit" "$RUNS" "$BIN" -q -i "$multi" -o "$1/out" --all-months -m 2021-03 --only monthly) \
		$("$OUT/timeit" "$RUNS" "$BIN" -q -i "$multi" -o "$1/out" --all-months -m 2021-03 --only summary)
	n=$(ls "$1"/out/*/*-monthly-return.pdf | wc -l)
	k=$(ls "$1"/out/*/*-continuation-summary.pdf | wc -l)
	awk -v where="$WHERE" -v r="$2" -v m="$4" -v s="$6" -v n="$n" -v k="$k" 'BEGIN {
		printf "render %-26s %3d monthly returns (PDF+JSON) %6.2f ms each; %d summaries %6.2f ms each (reading, %.0f ms, subtracted)\n",
			where, n, (m - r) / n, k, (s - r) / k, r }'
	rm -rf "$1/out"
}
# On a memory file system the figure is the program's own work; on disk each file also waits
# for its fsync (and the folder's), which on a virtual disk costs milliseconds.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/roit-bench.XXXXXX)
	WHERE="in memory (/dev/shm):" render "$shm"
	rm -rf "$shm"
fi
WHERE="on disk ($(df -P "$OUT" | awk 'NR == 2 { print $1 }')):" render "$OUT/disk"

# A 1 MB word of commentary (SPEC 6: wrapping linear in the text's length; it took 10 s when
# each line measured the rest of the word): the run's time less that of the same run without it.
words=$OUT/words
cp -R "$ROOT/input" "$words"
awk 'BEGIN { print "unit,month,section,text"; printf "Met Online Investigation Team,2020-06,summary,"
	for (i = 0; i < 1048576; i++) printf "%c", 65 + (i * 7 + int(i / 26)) % 26; print "" }' >"$words/commentary.csv"
set -- $("$OUT/timeit" "$RUNS" "$BIN" -q --only monthly -i "$ROOT/input" -o "$OUT/w0" -m 2020-06) \
	$("$OUT/timeit" "$RUNS" "$BIN" -q --only monthly -i "$words" -o "$OUT/w1" -m 2020-06)
awk -v a="$1" -v b="$3" 'BEGIN { printf "wrap   a 1 MB word of commentary: %.0f ms more than the return without it\n", b - a }'
