#!/bin/sh
# Shows that a change leaves every output byte-identical: builds REV (default HEAD) in a
# temporary worktree, runs it and the working tree's ./roit-report over the same inputs
# (the sample, every month; the sample as three units; the real exports of tests/data), and
# compares every file written, SHA256SUMS included, and what each run printed.  Exit 0 when
# all are identical.  -f compares the files only (for a change that meant to alter a message).
# -n leaves out the network overviews (for REV from before them): their files, their lines of
# SHA256SUMS, and the messages (which list them).
# Usage: tools/same-output.sh [-f] [-n] [REV]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
skip=
overviews=
while [ $# -gt 0 ]; do
	case $1 in
	-f) skip='-x *.log' ;;
	-n) skip='-x *.log -x *-network-overview.*' overviews=1 ;;
	*) break ;;
	esac
	shift
done
REV=${1:-HEAD}
TMP=$(mktemp -d)
trap 'git -C "$ROOT" worktree remove --force "$TMP/old" >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1617235200

git -C "$ROOT" worktree add -q --detach "$TMP/old" "$REV"
cp "$ROOT"/fonts/*.ttf "$TMP/old/fonts/"
make -s -C "$TMP/old" roit-report >/dev/null
make -s -C "$ROOT" roit-report >/dev/null

# The inputs: the sample; the sample under three unit names; each real export with its report.ini.
mkdir -p "$TMP/in/multi"
cp "$ROOT/input/report.ini" "$TMP/in/multi/"
for f in grants budget spend outcomes targets commentary; do
	head -n 1 "$ROOT/input/$f.csv" >"$TMP/in/multi/$f.csv"
	for u in "Met Online Investigation Team" "North West ROCU Online Team" "Łukasz Ștefan Unit"; do
		tail -n +2 "$ROOT/input/$f.csv" | grep -v '^Total' | sed "s/Met Online Investigation Team/$u/" >>"$TMP/in/multi/$f.csv"
	done
done
real=$ROOT/tests/data/realdata
for pair in moj:moj_spend_over_25k_2012-02_cp1252_crlf.csv:spend nice:nice_spend_over_25k_2014-04_paren_negatives.csv:spend \
	gateshead:gateshead_spend_over_500_2017-08_utf8_bom.csv:spend lambeth:lambeth_invoices_over_500_2012-06_preamble_footer.csv:spend \
	police:police_uk_city_of_london_2016-01_outcomes.csv:outcomes; do
	name=${pair%%:*} rest=${pair#*:}
	cp -r "$ROOT/tests/data/real/$name" "$TMP/in/$name"
	cp "$real/${rest%%:*}" "$TMP/in/$name/${rest#*:}.csv"
done

# 'both NAME ARGS...' - run the old and the new program the same way: files into out-SIDE/NAME,
# stdout, stderr and exit status into out-SIDE/NAME.log (the messages must not change either).
both() {
	name=$1
	shift
	for side in old new; do
		bin=$ROOT/roit-report
		[ "$side" = new ] || bin=$TMP/old/roit-report
		mkdir -p "$TMP/out-$side"
		rc=0
		(cd "$TMP/out-$side" && "$bin" -o "$name" "$@") >"$TMP/out-$side/$name.log" 2>&1 || rc=$?
		echo "exit $rc" >>"$TMP/out-$side/$name.log"
	done
}
both sample -i "$ROOT/input" --all-months -m 2021-03
both multi -i "$TMP/in/multi" --all-months -m 2021-03
both moj -i "$TMP/in/moj" -m 2012-02
both nice -i "$TMP/in/nice" -m 2014-04
both gateshead -i "$TMP/in/gateshead" -m 2017-08
both lambeth -i "$TMP/in/lambeth" -m 2012-06
both police -i "$TMP/in/police" --all-months -m 2016-12

if [ -n "$overviews" ]; then
	for f in "$TMP"/out-*/*/SHA256SUMS; do
		grep -v -- '-network-overview\.' "$f" >"$f.kept" || true
		mv "$f.kept" "$f"
	done
fi
n=$(find "$TMP/out-new" -type f ! -name .lock ! -name '*-network-overview.*' | wc -l)
set -f	# $skip holds a pattern for diff, not for the shell
# shellcheck disable=SC2086
if diff -r -x .lock $skip "$TMP/out-old" "$TMP/out-new" >"$TMP/diff" 2>&1; then
	echo "same-output: $n files byte-identical to $REV ($(git -C "$ROOT" rev-parse --short "$REV"))"
else
	echo "same-output: outputs differ from $REV:" >&2
	head -20 "$TMP/diff" >&2
	exit 1
fi
