#!/bin/sh
# make bench: ingest speed against a bare libcsv parse, peak memory at 1M and 10M ledger rows,
# rendering time per report over --all-months for three units and three years, the time of a
# network overview of 80 units, and the cost per report of --all-months at 80 units against 3.
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
# Issued reports are records: a run into a folder an earlier run filled writes nothing.  Every
# timed run therefore starts from an empty (or the same prepared) output folder (timeit -p), and
# the time of reading the inputs, subtracted from a report's, is that of a --check over a folder
# that does not exist, asking for one monthly return: the inputs read and checked, one twin made.
NONE=$OUT/no-such-folder

# 'reading DIR MONTH' - ms (and peak KiB) of reading the inputs of DIR, for subtracting.
reading() {
	unit=$(awk -F, 'NR == 2 { print $1; exit }' "$1/grants.csv")
	"$OUT/timeit" "$RUNS" "$BIN" -q --check -i "$1" -o "$NONE" -m "$2" --only monthly -u "$unit"
}

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
		$("$OUT/timeit" -p "rm -rf '$dir/out'" "$RUNS" "$BIN" -q -i "$dir" -o "$dir/out" -m 2021-03)
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

# 'copies N DIR' - the sample's first unit (the Met) and N-1 copies of it under other names:
# N units of three grant years each, the same data, so only the number of units differs.
copies() {
	sh "$ROOT/tools/network_input.sh" 1 "$2"
	for f in grants budget spend outcomes targets commentary; do
		tail -n +2 "$2/$f.csv" | grep -v '^Total,' >"$2/$f.body"
		k=2
		while [ "$k" -le "$1" ]; do
			sed "s/Met Online Investigation Team/Unit $k/g" "$2/$f.body" >>"$2/$f.csv"
			k=$((k + 1))
		done
		rm "$2/$f.body"
	done
}

# Three units, three years: the sample's Met, and two copies of it.
multi=$OUT/multi
copies 3 "$multi"
# 'render WHERE' - ms per monthly return and per summary, writing into the folder WHERE.
render() {
	set -- "$1" $(reading "$multi" 2021-03) \
		$("$OUT/timeit" -p "rm -rf '$1/m'" "$RUNS" "$BIN" -q -i "$multi" -o "$1/m" --all-months -m 2021-03 --only monthly) \
		$("$OUT/timeit" -p "rm -rf '$1/s'" "$RUNS" "$BIN" -q -i "$multi" -o "$1/s" --all-months -m 2021-03 --only summary)
	n=$(ls "$1"/m/*/*-monthly-return.pdf | wc -l)
	k=$(ls "$1"/s/*/*-continuation-summary.pdf | wc -l)
	awk -v where="$WHERE" -v r="$2" -v m="$4" -v s="$6" -v n="$n" -v k="$k" 'BEGIN {
		printf "render %-26s %3d monthly returns (PDF+JSON) %6.2f ms each; %d summaries %6.2f ms each (reading, %.0f ms, subtracted)\n",
			where, n, (m - r) / n, k, (s - r) / k, r }'
	rm -rf "$1/m" "$1/s"
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
set -- $("$OUT/timeit" -p "rm -rf '$OUT/w0'" "$RUNS" "$BIN" -q --only monthly -i "$ROOT/input" -o "$OUT/w0" -m 2020-06) \
	$("$OUT/timeit" -p "rm -rf '$OUT/w1'" "$RUNS" "$BIN" -q --only monthly -i "$words" -o "$OUT/w1" -m 2020-06)
awk -v a="$1" -v b="$3" 'BEGIN { printf "wrap   a 1 MB word of commentary: %.0f ms more than the return without it\n", b - a }'
# 'overview WHERE' - a network overview of 80 units (the sample's five, sixteen times): one alone
# (the pack hashes the 80 returns an earlier run wrote), and twelve in one run (2020/21, every
# unit in each), in ms each with the time of reading the inputs subtracted.  Each timed run
# starts from a copy of a folder holding June's 80 returns and no overview.
overview() {
	in=$OUT/net80
	[ -d "$in" ] || sh "$ROOT/tools/network_input.sh" 80 "$in"
	"$BIN" -q -i "$in" -o "$1/returns" -m 2020-06 --only monthly
	"$BIN" -q -i "$in" -o "$1/once" -m 2020-06 --only overview
	pages=$(pdfinfo "$1/once/2020-06-network-overview.pdf" | awk '/^Pages:/ { print $2 }')
	fresh="rm -rf '$1/ov' && cp -R '$1/returns' '$1/ov'"
	set -- "$1" $(reading "$in" 2020-06) \
		$("$OUT/timeit" -p "$fresh" "$RUNS" "$BIN" -q -i "$in" -o "$1/ov" -m 2020-06 --only overview) \
		$("$OUT/timeit" -p "$fresh" "$RUNS" "$BIN" -q -i "$in" -o "$1/ov" --all-months -m 2021-03 --only overview \
			-u "South West ROCU Online Team 1")
	awk -v where="$WHERE" -v r="$2" -v one="$4" -v twelve="$6" -v pages="$pages" 'BEGIN {
		printf "overview %-24s 80 units, %d pages: %6.1f ms alone (80 returns hashed), %6.1f ms each of 12 in a run (reading, %.0f ms, subtracted)\n",
			where, pages, one - r, (twelve - r) / 12, r }'
	# The same overview in one process (bench/overview.c): no reading to subtract, whose time
	# moves by more from run to run than the overview takes.
	if [ -n "${OVERVIEW:-}" ]; then
		set -- $("$OVERVIEW" "$in" "$1/returns" 2020-06 25 "$ROOT/fonts") "$1"
		printf "overview %-24s 80 units, one process: %6.1f ms best, %6.1f ms median of 25 (figures, pack hashed, twin, PDF)\n" \
			"$WHERE" "$1" "$2"
		shift 3
	fi
	rm -rf "$1/ov" "$1/once" "$1/returns"
}

# 'per_report N [monthly]' - --all-months to March 2021 over N units of three years each: ms per
#                  report (returns, summaries, overviews: N x 39 + 36; with 'monthly', the
#                  returns alone: N x 36), reading subtracted, and peak MB.
per_report() {
	in=$OUT/copies$1
	[ -d "$in" ] || copies "$1" "$in"
	n=$(($1 * 39 + 36)) only=
	[ "${2:-}" != monthly ] || { n=$(($1 * 36)); only="--only monthly"; }
	set -- "$n" $(reading "$in" 2021-03) \
		$("$OUT/timeit" -p "rm -rf '$WHERE_DIR/s$1'" "$RUNS" "$BIN" -q -i "$in" -o "$WHERE_DIR/s$1" --all-months -m 2021-03 $only)
	rm -rf "${WHERE_DIR:?}/s$1"
	awk -v n="$1" -v r="$2" -v t="$4" -v rss="$5" 'BEGIN { printf "%d %.3f %.0f\n", n, (t - r) / n, rss / 1024 }'
}

# 'scale [monthly]' - the cost per report at 80 units against 3.  Every report counts one, so
# the line with overviews weighs an overview of 80 units (20 ms) as one of 3; the returns alone
# compare like with like.
scale() {
	set -- $(per_report 3 "${1:-}") $(per_report 80 "${1:-}") "${1:-all}"
	awk -v where="$WHERE" -v na="$1" -v a="$2" -v ra="$3" -v nb="$4" -v b="$5" -v rb="$6" -v what="$7" 'BEGIN {
		printf "scale    %-24s %-7s 3 units: %4d reports %5.2f ms each (peak %d MB); 80 units: %4d reports %5.2f ms each (peak %d MB); ratio %.2f\n",
			where, what, na, a, ra, nb, b, rb, b / a }'
}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/roit-bench.XXXXXX)
	WHERE="in memory (/dev/shm):" overview "$shm"
	WHERE="in memory (/dev/shm):" WHERE_DIR=$shm scale
	WHERE="in memory (/dev/shm):" WHERE_DIR=$shm scale monthly
	rm -rf "$shm"
fi
