#!/bin/sh
# 72-records.sh - SPEC section 8 (issue 11): issued reports are records.  A late journal shows
# as a restatement in the next month's return and makes a revision of the month it is dated in,
# its first revision kept; a month it did not touch is left byte for byte; a cron run that finds
# nothing changed writes nothing; a hand-edited PDF, a truncated twin, a lost SHA256SUMS or a line
# for a file that is gone each get a warning and lose nothing; --check says what a run would do;
# a full disk while keeping is exit 74.
set -eu
. "$ROOT/tests/shell-lib.sh"

SLUG=met-online-investigation-team
UNIT="Met Online Investigation Team"
IN=$TMP/in
sh "$ROOT/tools/network_input.sh" 1 "$IN"
OUT=$TMP/out
# listed FILE: the line of SHA256SUMS for FILE (relative), or nothing.
listed() { grep "  $1\$" "$OUT/SHA256SUMS" || true; }
sums_ok() { (cd "$1" && sha256sum -c --strict --quiet SHA256SUMS) || fail "$2: sha256sum -c fails"; }
mtime() { stat -c %Y.%y "$1"; }

check "set-up: --all-months to June 2020 issues April, May and June (generated 3 July 2020)"
export SOURCE_DATE_EPOCH=1593756000
run first -q --all-months -i "$IN" -o "$OUT" -m 2020-06
expect_rc 0 "first run"
cp -a "$OUT" "$TMP/issued"
[ "$(jq .revision "$OUT/$SLUG/2020-05-monthly-return.json")" = 1 ] || fail "May is not revision 1"
[ "$(jq .supersedes "$OUT/$SLUG/2020-05-monthly-return.json")" = null ] || fail "revision 1 supersedes something"

check "cron idempotence: the same month again writes nothing; stdout says 'unchanged' for each file; -q says nothing"
sleep 1
run again -i "$IN" -o "$OUT" -m 2020-06
expect_rc 0 "the same month again"
empty "$TMP/again.err" "stderr of an unchanged run"
[ "$(grep -vc '^unchanged ' "$TMP/again.out")" -eq 0 ] || fail "an unchanged run wrote: $(grep -v '^unchanged ' "$TMP/again.out")"
grep -qx "unchanged $OUT/$SLUG/2020-06-monthly-return.pdf" "$TMP/again.out" || fail "no 'unchanged' line for June's PDF"
[ "$(mtime "$OUT/SHA256SUMS")" = "$(mtime "$TMP/issued/SHA256SUMS")" ] || fail "SHA256SUMS was rewritten"
for f in $(files "$TMP/issued"); do
	cmp -s "$OUT/$f" "$TMP/issued/$f" || fail "$f changed in an unchanged run"
	[ "$(mtime "$OUT/$f")" = "$(mtime "$TMP/issued/$f")" ] || fail "$f was rewritten (mtime) in an unchanged run"
done
run againq -q -i "$IN" -o "$OUT" -m 2020-06
empty "$TMP/againq.out" "-q stdout of an unchanged run"

check "a late journal dated in May, then July's run: July lists May's restated category (issued, now, difference)"
printf '%s\n' "28/05/2020,$UNIT,Staff overtime,£750.00,MPS Payroll,Journal - overtime accrual for May,JNL-2020-0077,OIT01" >>"$IN/spend.csv"
export SOURCE_DATE_EPOCH=1596434400	# 3 August 2020
run july -q -i "$IN" -o "$OUT" -m 2020-07
expect_rc 0 "July"
may_issued=$(jq '.spend.categories[] | select(.name == "Staff overtime") | .month_actual_pence' "$TMP/issued/$SLUG/2020-05-monthly-return.json")
r=$(jq -c '.restatements' "$OUT/$SLUG/2020-07-monthly-return.json")
[ "$(jq -c '.restatements | length' "$OUT/$SLUG/2020-07-monthly-return.json")" = 1 ] || fail "July restates $r, expected one figure"
[ "$(jq -r '.restatements[0] | "\(.month) \(.kind) \(.name) \(.issued) \(.now) \(.difference)"' "$OUT/$SLUG/2020-07-monthly-return.json")" = \
	"2020-05 spend Staff overtime $may_issued $((may_issued + 75000)) 75000" ] || fail "July's restatement: $r"
pdftotext -layout "$OUT/$SLUG/2020-07-monthly-return.pdf" "$TMP/july.txt"
grep -q "Restated since issued" "$TMP/july.txt" || fail "July's PDF has no 'Restated since issued'"
grep "May 2020" "$TMP/july.txt" | grep "Staff overtime" | grep -q '+£750' || fail "July's PDF does not list May's Staff overtime +£750"
cmp -s "$OUT/$SLUG/2020-05-monthly-return.pdf" "$TMP/issued/$SLUG/2020-05-monthly-return.pdf" || fail "July's run rewrote May"

check "--check says what --all-months would do, and writes nothing"
cp -a "$OUT" "$TMP/before-check"
run chk --check --all-months -i "$IN" -o "$OUT" -m 2020-07
expect_rc 0 "--check"
grep -qx "unchanged $OUT/$SLUG/2020-04-monthly-return.pdf" "$TMP/chk.out" || fail "--check: April not unchanged"
grep -qx "revised $OUT/$SLUG/2020-05-monthly-return.pdf" "$TMP/chk.out" || fail "--check: May not revised"
grep -qx "revised $OUT/$SLUG/2020-07-monthly-return.json" "$TMP/chk.out" || fail "--check: July not revised"
[ "$(files "$OUT")" = "$(files "$TMP/before-check")" ] || fail "--check changed the folder"
for f in $(files "$OUT"); do cmp -s "$OUT/$f" "$TMP/before-check/$f" || fail "--check changed $f"; done

check "--all-months: May is revision 2, revision 1 kept under superseded/, the change listed; April untouched"
run all -i "$IN" -o "$OUT" --all-months -m 2020-07
expect_rc 0 "--all-months after the journal"
M=$OUT/$SLUG/2020-05-monthly-return
[ "$(jq .revision "$M.json")" = 2 ] || fail "May is not revision 2"
for x in pdf json; do
	cmp -s "$OUT/$SLUG/superseded/2020-05-monthly-return.r1.$x" "$TMP/issued/$SLUG/2020-05-monthly-return.$x" ||
		fail "revision 1 of May ($x) is not kept byte for byte"
	[ -n "$(listed "$SLUG/superseded/2020-05-monthly-return.r1.$x")" ] || fail "revision 1 of May ($x) is not listed"
done
[ "$(jq -r .supersedes.file "$M.json")" = "$SLUG/superseded/2020-05-monthly-return.r1.pdf" ] || fail "May's supersedes.file"
[ "$(jq -r .supersedes.sha256 "$M.json")" = "$(sha256sum <"$TMP/issued/$SLUG/2020-05-monthly-return.pdf" | cut -c1-64)" ] ||
	fail "May's supersedes.sha256 is not revision 1's PDF"
[ "$(jq -r .supersedes.generated_at "$M.json")" = 2020-07-03T06:00:00Z ] || fail "May's supersedes.generated_at"
jq -e '.changes[] | select(.what == "Staff overtime \u2014 month actual" and .difference == "+£750")' "$M.json" >/dev/null ||
	fail "May's changes do not list Staff overtime's month actual +£750: $(jq -c .changes "$M.json")"
pdftotext -layout "$M.pdf" "$TMP/may.txt"
grep -q "Revision 2 — replaces the return issued on 3 July 2020" "$TMP/may.txt" || fail "May's title block has no revision line"
grep -q "Changes since the issued revision" "$TMP/may.txt" || fail "May's PDF has no changes section"
grep "Staff overtime — month actual" "$TMP/may.txt" | grep -q '+£750' || fail "May's PDF does not list the change"
for x in pdf json; do
	cmp -s "$OUT/$SLUG/2020-04-monthly-return.$x" "$TMP/issued/$SLUG/2020-04-monthly-return.$x" || fail "April ($x) changed"
	[ "$(mtime "$OUT/$SLUG/2020-04-monthly-return.$x")" = "$(mtime "$TMP/issued/$SLUG/2020-04-monthly-return.$x")" ] ||
		fail "April ($x) was rewritten"
done
# June's year to date holds May's journal: it is revised too (SPEC 4), its revision 1 kept.
[ "$(jq .revision "$OUT/$SLUG/2020-06-monthly-return.json")" = 2 ] || fail "June (its YTD moved) is not revision 2"
[ -f "$OUT/$SLUG/superseded/2020-06-monthly-return.r1.pdf" ] || fail "June's revision 1 is not kept"
# July, issued with May's restatement, now stands beside May's revision: nothing left to restate.
[ "$(jq .revision "$OUT/$SLUG/2020-07-monthly-return.json")" = 2 ] || fail "July is not revision 2"
[ "$(jq '.restatements | length' "$OUT/$SLUG/2020-07-monthly-return.json")" = 0 ] || fail "July still restates May"
sums_ok "$OUT" "after the revision"
grep -qx "$OUT/$SLUG/superseded/2020-05-monthly-return.r1.pdf" "$TMP/all.out" || fail "stdout does not list the kept file"

check "two revisions in a row: r1 and r2 kept, revision 3 current"
printf '%s\n' "29/05/2020,$UNIT,Staff overtime,-£100.00,MPS Payroll,Journal - correction,JNL-2020-0078,OIT01" >>"$IN/spend.csv"
run third -q -i "$IN" -o "$OUT" --all-months -m 2020-07
expect_rc 0 "a second revision"
[ "$(jq .revision "$M.json")" = 3 ] || fail "May is not revision 3"
cmp -s "$OUT/$SLUG/superseded/2020-05-monthly-return.r1.pdf" "$TMP/issued/$SLUG/2020-05-monthly-return.pdf" || fail "r1 changed"
[ "$(jq .revision "$OUT/$SLUG/superseded/2020-05-monthly-return.r2.json")" = 2 ] || fail "r2 is not revision 2"
sums_ok "$OUT" "after two revisions"

check "a hand-edited issued PDF: a warning naming it, kept under superseded/, a new revision; exit 0"
cp "$M.pdf" "$TMP/may3.pdf"
printf '%%edited by hand\n' >>"$M.pdf"
run edited -q -i "$IN" -o "$OUT" -m 2020-05
expect_rc 0 "after a hand edit"
grep -q "warning: $M.pdf no longer matches SHA256SUMS" "$TMP/edited.err" || fail "no warning naming the edited PDF: $(cat "$TMP/edited.err")"
tail -c 16 "$OUT/$SLUG/superseded/2020-05-monthly-return.r3.pdf" | grep -q "edited by hand" || fail "the edited PDF is not kept as r3"
[ "$(jq .revision "$M.json")" = 4 ] || fail "May is not revision 4 after the edit"
pdftotext "$M.pdf" - | tr '\n' ' ' | grep -q "Revision 3 is replaced because its PDF no longer matched SHA256SUMS" || fail "revision 4 does not say why it replaced r3"
sums_ok "$OUT" "after a hand edit"

check "an issued twin truncated to half: a warning, kept, a new revision"
J=$OUT/$SLUG/2020-04-monthly-return.json
cp "$J" "$TMP/april.json"
head -c $(($(wc -c <"$J") / 2)) "$TMP/april.json" >"$J"
run trunc -q -i "$IN" -o "$OUT" -m 2020-04
expect_rc 0 "after a truncated twin"
grep -q "warning: $J no longer matches SHA256SUMS" "$TMP/trunc.err" || fail "no warning naming the truncated twin: $(cat "$TMP/trunc.err")"
cmp -s "$OUT/$SLUG/superseded/2020-04-monthly-return.r1.json" "$J" && fail "the new twin equals the truncated one"
[ "$(wc -c <"$OUT/$SLUG/superseded/2020-04-monthly-return.r1.json")" -eq $(($(wc -c <"$TMP/april.json") / 2)) ] ||
	fail "the truncated twin is not kept as r1"
cmp -s "$OUT/$SLUG/superseded/2020-04-monthly-return.r1.pdf" "$TMP/issued/$SLUG/2020-04-monthly-return.pdf" ||
	fail "April's issued PDF is not kept beside it"
[ "$(jq .revision "$J")" = 2 ] || fail "April is not revision 2"
sums_ok "$OUT" "after a truncated twin"

check "SHA256SUMS with a line for a file that is gone: a warning, the line dropped, nothing else lost"
rm "$OUT/$SLUG/superseded/2020-05-monthly-return.r2.pdf"
run gone -q -i "$IN" -o "$OUT" -m 2020-05
expect_rc 0 "a line for a gone file"
grep -q "superseded/2020-05-monthly-return.r2.pdf is listed but no longer there" "$TMP/gone.err" || fail "no warning for the gone file: $(cat "$TMP/gone.err")"
[ -z "$(listed "$SLUG/superseded/2020-05-monthly-return.r2.pdf")" ] || fail "the gone file is still listed"
sums_ok "$OUT" "after a gone file"

check "SHA256SUMS lost: a warning; every report found is kept, those of the run listed again as they are"
cp -a "$OUT" "$TMP/before-loss"
rm "$OUT/SHA256SUMS"
run lost -q -i "$IN" -o "$OUT" -m 2020-05
expect_rc 0 "SHA256SUMS lost"
grep -q "SHA256SUMS is missing" "$TMP/lost.err" || fail "no warning that SHA256SUMS is missing: $(cat "$TMP/lost.err")"
grep -q "$M.pdf was not listed in SHA256SUMS" "$TMP/lost.err" || fail "no warning for May's unlisted PDF"
for f in $(files "$TMP/before-loss" | grep -vx SHA256SUMS); do
	cmp -s "$OUT/$f" "$TMP/before-loss/$f" || fail "$f changed after SHA256SUMS was lost"
done
[ -n "$(listed "$SLUG/2020-05-monthly-return.pdf")" ] || fail "May is not listed again"
sums_ok "$OUT" "after SHA256SUMS was lost"
run relist -q -i "$IN" -o "$OUT" --all-months -m 2020-07

check "a full disk while keeping (SHA256SUMS cannot be rewritten): exit 74, the issued revision under its own name"
printf '%s\n' "02/07/2020,$UNIT,Staff overtime,£10.00,MPS Payroll,Late claim,OT-2020-9999,OIT01" >>"$IN/spend.csv"
cp -a "$OUT" "$TMP/before-full"
(
	trap '' XFSZ
	ulimit -f 1
	exec "$BIN" -q -i "$IN" -o "$OUT" -m 2020-07 >/dev/null 2>"$TMP/full.err"
) && rc=0 || rc=$?
[ "$rc" -eq 74 ] || fail "full disk while keeping: exit $rc, expected 74 ($(cat "$TMP/full.err"))"
for x in pdf json; do
	cmp -s "$OUT/$SLUG/2020-07-monthly-return.$x" "$TMP/before-full/$SLUG/2020-07-monthly-return.$x" ||
		fail "full disk: the issued July $x is not under its own name"
done
cmp -s "$OUT/SHA256SUMS" "$TMP/before-full/SHA256SUMS" || fail "full disk: SHA256SUMS changed"
sums_ok "$OUT" "after a full disk"
run roomy -q -i "$IN" -o "$OUT" -m 2020-07
expect_rc 0 "with room again"
r=$(jq .revision "$TMP/before-full/$SLUG/2020-07-monthly-return.json")
cmp -s "$OUT/$SLUG/superseded/2020-07-monthly-return.r$r.pdf" "$TMP/before-full/$SLUG/2020-07-monthly-return.pdf" ||
	fail "with room again: July's issued revision $r is not kept"
[ "$(jq .revision "$OUT/$SLUG/2020-07-monthly-return.json")" = $((r + 1)) ] || fail "with room again: July is not revision $((r + 1))"
[ "$(grep -c "SHA256SUMS: cannot write" "$TMP/full.err")" = 1 ] || fail "full disk: the error is not said once: $(cat "$TMP/full.err")"
sums_ok "$OUT" "with room again"

finish
