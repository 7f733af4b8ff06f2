#!/bin/sh
# 60-reproducible.sh - SPEC section 6 "Idempotent and reproducible" and the SHA256SUMS of section 5:
# byte-identical outputs for the same inputs, options and SOURCE_DATE_EPOCH; the default month
# follows SOURCE_DATE_EPOCH (UK calendar); SHA256SUMS verifies and keeps earlier runs' files.
set -eu
. "$ROOT/tests/shell-lib.sh"
# same_tree A B WHAT: the same files in A and B, each byte-identical.
same_tree() {
	files "$1" >"$TMP/tree-a"
	files "$2" >"$TMP/tree-b"
	cmp -s "$TMP/tree-a" "$TMP/tree-b" || { fail "$3: not the same files: $(diff "$TMP/tree-a" "$TMP/tree-b")"; return 0; }
	while IFS= read -r f; do
		cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs"
	done <"$TMP/tree-a"
}

IN=$TMP/in
cp -R "$ROOT/input" "$IN"
SLUG=met-online-investigation-team
export SOURCE_DATE_EPOCH=1593561600	# 2020-07-01T00:00:00Z, 01:00 in London

check "two runs with the same SOURCE_DATE_EPOCH into two folders: every file byte-identical"
run r1 -q -i "$IN" -o "$TMP/out1" -m 2020-06
expect_rc 0 "run 1"
sleep 1	# a clock that leaked into a file would now show
run r2 -q -i "$IN" -o "$TMP/out2" -m 2020-06
expect_rc 0 "run 2"
same_tree "$TMP/out1" "$TMP/out2" "two runs"
# Five units, a return and a summary each (20 files), the network overview (2), SHA256SUMS.
[ "$(files "$TMP/out1" | wc -l)" -eq 23 ] || fail "run 1 wrote $(files "$TMP/out1" | wc -l) files, expected 23"

check "a run on one core writes exactly the bytes, the stdout and the SHA256SUMS of a run on every core (overviews too)"
# Reports are rendered on every core the process may use (sched_getaffinity): taskset gives one.
[ "$(nproc)" -ge 2 ] || echo "note: this machine has one core; both runs below use one"
rc=0
taskset -c 0 "$BIN" -i "$IN" -o "$TMP/one-core" --all-months -m 2021-03 >"$TMP/one.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "one core: exit $rc"
rc=0
"$BIN" -i "$IN" -o "$TMP/all-cores" --all-months -m 2021-03 >"$TMP/all.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "every core: exit $rc"
same_tree "$TMP/one-core" "$TMP/all-cores" "one core against every core"
sed "s|$TMP/one-core|OUT|" "$TMP/one.out" >"$TMP/one.lines"
sed "s|$TMP/all-cores|OUT|" "$TMP/all.out" >"$TMP/all.lines"
cmp -s "$TMP/one.lines" "$TMP/all.lines" || fail "stdout differs between one core and every core"
# 144 returns (36, 36, 36, 24 and 12 months), 12 summaries, 36 overviews, each two files; SHA256SUMS.
[ "$(wc -l <"$TMP/all.lines")" -eq 385 ] || fail "every core: $(wc -l <"$TMP/all.lines") lines, expected 385 (144 returns, 12 summaries, 36 overviews, SHA256SUMS)"
[ "$(grep -c 'network-overview' "$TMP/all.lines")" -eq 72 ] || fail "every core: not 36 network overviews"

check "the JSON's generated_at is SOURCE_DATE_EPOCH, not the clock"
grep -q '"generated_at": "2020-07-01T00:00:00Z"' "$TMP/out1/$SLUG/2020-06-monthly-return.json" ||
	fail "generated_at is not 2020-07-01T00:00:00Z: $(grep generated_at "$TMP/out1/$SLUG/2020-06-monthly-return.json")"

check "the input folder given by another path (relative, with ./ and //) changes no byte"
rc=0
(cd "$TMP" && "$BIN" -q -i ./in// -o out3 -m 2020-06) >"$TMP/r3.out" 2>"$TMP/r3.err" || rc=$?
name=r3
expect_rc 0 "run 3"
same_tree "$TMP/out1" "$TMP/out3" "relative paths"

check "re-running the same month into the same folder changes no byte (idempotent)"
run r4 -q -i "$IN" -o "$TMP/out1" -m 2020-06
expect_rc 0 "re-run"
same_tree "$TMP/out1" "$TMP/out2" "re-run in place"

check "--all-months twice: byte-identical too"
run a1 -q --all-months -i "$IN" -o "$TMP/all1" -m 2020-06
expect_rc 0 "all-months 1"
run a2 -q --all-months -i "$IN" -o "$TMP/all2" -m 2020-06
expect_rc 0 "all-months 2"
same_tree "$TMP/all1" "$TMP/all2" "--all-months"

check "sha256sum -c SHA256SUMS passes inside the output folder and lists every file written"
(cd "$TMP/out1" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails in out1"
(cd "$TMP/all1" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails in all1"
sed 's/^[0-9a-f]\{64\}  //' "$TMP/all1/SHA256SUMS" | LC_ALL=C sort >"$TMP/listed"
files "$TMP/all1" | grep -vx SHA256SUMS >"$TMP/present"
cmp -s "$TMP/listed" "$TMP/present" || fail "SHA256SUMS does not list exactly the reports: $(diff "$TMP/present" "$TMP/listed" | head)"
grep -q ' SHA256SUMS$' "$TMP/all1/SHA256SUMS" && fail "SHA256SUMS lists itself"
# To June 2020: 99 returns (27, 27, 27, 15 and 3), 12 summaries, 27 overviews.
[ "$(wc -l <"$TMP/all1/SHA256SUMS")" -eq 276 ] || fail "SHA256SUMS of --all-months has $(wc -l <"$TMP/all1/SHA256SUMS") lines, expected 276"

check "SOURCE_DATE_EPOCH=1593561600 (2020-07-01) and no -m: the default month is 2020-06"
run d1 -i "$IN" -o "$TMP/def1"
expect_rc 0 "default month"
grep -qx "$TMP/def1/$SLUG/2020-06-monthly-return.json" "$TMP/d1.out" || fail "no -m did not report 2020-06: $(cat "$TMP/d1.out")"
cmp -s "$TMP/def1/$SLUG/2020-06-monthly-return.json" "$TMP/out1/$SLUG/2020-06-monthly-return.json" ||
	fail "no -m and -m 2020-06 give different bytes"

check "the default month is by the UK calendar: 2020-06-30T23:00:00Z is already 1 July in London (BST)"
SOURCE_DATE_EPOCH=1593558000
run d2 -i "$IN" -o "$TMP/def2"
expect_rc 0 "default month at 23:00Z"
grep -q '/2020-06-monthly-return.json$' "$TMP/d2.out" || fail "at 2020-06-30T23:00:00Z the default month is not 2020-06: $(cat "$TMP/d2.out")"
SOURCE_DATE_EPOCH=1593557999
run d3 -i "$IN" -o "$TMP/def3"
expect_rc 0 "default month at 22:59:59Z"
grep -q '/2020-05-monthly-return.json$' "$TMP/d3.out" || fail "at 2020-06-30T22:59:59Z (23:59:59 BST, still June) the default month is not 2020-05: $(cat "$TMP/d3.out")"

check "SOURCE_DATE_EPOCH that is not a number fails the run (reproducible-builds.org), not a silent clock"
SOURCE_DATE_EPOCH=yesterday
run d4 -i "$IN" -o "$TMP/def4"
[ "$rc" -ne 0 ] || fail "SOURCE_DATE_EPOCH=yesterday: exit 0"
[ ! -e "$TMP/def4" ] || fail "SOURCE_DATE_EPOCH=yesterday: the output folder was created"
SOURCE_DATE_EPOCH=1593561600

check "a second run keeps the SHA256SUMS entries of earlier runs' files (-m 2020-05 then -m 2020-06)"
run k1 -q -i "$IN" -o "$TMP/keep" -m 2020-05
expect_rc 0 "-m 2020-05"
sum_summary_may=$(grep ' met-online-investigation-team/2020-21-continuation-summary.json$' "$TMP/keep/SHA256SUMS" | cut -c1-64)
run k2 -q -i "$IN" -o "$TMP/keep" -m 2020-06
expect_rc 0 "-m 2020-06"
for f in 2020-05-monthly-return.json 2020-05-monthly-return.pdf 2020-06-monthly-return.json 2020-06-monthly-return.pdf \
	2020-21-continuation-summary.json 2020-21-continuation-summary.pdf; do
	[ "$(grep -c "  $SLUG/$f\$" "$TMP/keep/SHA256SUMS")" -eq 1 ] || fail "SHA256SUMS does not list $f exactly once"
done
(cd "$TMP/keep" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after two runs"
sum_summary_june=$(grep ' met-online-investigation-team/2020-21-continuation-summary.json$' "$TMP/keep/SHA256SUMS" | cut -c1-64)
[ "$sum_summary_may" != "$sum_summary_june" ] || fail "the re-written summary kept its old SHA-256"
[ "$(sha256sum <"$TMP/keep/$SLUG/2020-21-continuation-summary.json" | cut -c1-64)" = "$sum_summary_june" ] || fail "the summary's line is not its SHA-256"

check "runs in another order (-m 2020-06, -m 2020-05, -m 2020-06): the summary as at each month is a revision, every one kept"
run k3 -q -i "$IN" -o "$TMP/keep2" -m 2020-06
run k4 -q -i "$IN" -o "$TMP/keep2" -m 2020-05
run k5 -q -i "$IN" -o "$TMP/keep2" -m 2020-06
expect_rc 0 "runs into keep2"
(cd "$TMP/keep2" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails in keep2"
for r in 1 2; do
	for x in pdf json; do
		grep -q "  $SLUG/superseded/2020-21-continuation-summary.r$r.$x\$" "$TMP/keep2/SHA256SUMS" ||
			fail "revision $r of the summary ($x) is not kept and listed"
	done
done
[ "$(jq .revision "$TMP/keep2/$SLUG/2020-21-continuation-summary.json")" = 3 ] || fail "the current summary is not revision 3"
[ "$(jq -r .as_at "$TMP/keep2/$SLUG/superseded/2020-21-continuation-summary.r2.json")" = 2020-05 ] || fail "r2 is not the summary as at May"
# The figures of revision 3 are those of the summary as at June issued once (keep).
strip='del(.generated_at, .revision, .supersedes, .changes)'
[ "$(jq -S "$strip" "$TMP/keep2/$SLUG/2020-21-continuation-summary.json")" = "$(jq -S "$strip" "$TMP/keep/$SLUG/2020-21-continuation-summary.json")" ] ||
	fail "revision 3 of the summary does not hold the figures as at June"
cmp -s "$TMP/keep2/$SLUG/2020-06-monthly-return.json" "$TMP/keep/$SLUG/2020-06-monthly-return.json" ||
	fail "June's return was rewritten by a run of May"

check "a report deleted by hand drops out of SHA256SUMS at the next run, so sha256sum -c still passes"
rm "$TMP/keep/$SLUG/2020-05-monthly-return.pdf"
run k6 -q -i "$IN" -o "$TMP/keep" -m 2020-06
expect_rc 0 "run after a deletion"
(cd "$TMP/keep" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after a report was deleted"

check "changed data changes the report (a changed report means changed data)"
sed -i '2174s/£50\.85/£50.86/' "$IN/spend.csv"
grep -q '^01/06/2020,.*£50\.86' "$IN/spend.csv" || fail "test set-up: the June row to change is not on line 2174"
run c1 -q -i "$IN" -o "$TMP/changed" -m 2020-06
expect_rc 0 "changed data"
cmp -s "$TMP/changed/$SLUG/2020-06-monthly-return.json" "$TMP/out1/$SLUG/2020-06-monthly-return.json" &&
	fail "a changed spend row left the monthly JSON unchanged"
python3 - "$TMP/changed/$SLUG/2020-06-monthly-return.json" "$TMP/out1/$SLUG/2020-06-monthly-return.json" <<'PY' || fail "a 1p change in June did not move the June total by 1p"
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["spend"]["total"]
b = json.load(open(sys.argv[2], encoding="utf-8"))["spend"]["total"]
assert a["month_actual_pence"] - b["month_actual_pence"] == 1, (a, b)
PY

finish
