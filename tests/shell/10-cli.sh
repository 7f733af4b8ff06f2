#!/bin/sh
# 10-cli.sh - the command line of SPEC section 2 through the binary: --help, --version, usage
# errors (exit 64), stdout listing the files written, -q, --check, --only, -u, --all-months.
set -eu
. "$ROOT/tests/shell-lib.sh"

SOURCE_DATE_EPOCH=1593561600	# 2020-07-01T00:00:00Z
export SOURCE_DATE_EPOCH
# One unit (the Met's rows of the sample): what a single-unit installation writes, no overview.
IN=$TMP/in
sh "$ROOT/tools/network_input.sh" 1 "$IN"
SLUG=met-online-investigation-team
UNIT="Met Online Investigation Team"

check "--help and -h: exit 0, usage on stdout, nothing on stderr"
for opt in --help -h; do
	run help "$opt"
	expect_rc 0 "$opt"
	grep -q 'usage: roit-report' "$TMP/help.out" || fail "$opt: no 'usage: roit-report' on stdout"
	grep -q -- '--all-months' "$TMP/help.out" || fail "$opt: the options are not listed"
	empty "$TMP/help.err" "$opt stderr"
done

check "--version and -V: exit 0, stdout is exactly 'roit-report 1.0.0'"
for opt in --version -V; do
	run version "$opt"
	expect_rc 0 "$opt"
	[ "$(cat "$TMP/version.out")" = "roit-report 1.0.0" ] || fail "$opt: stdout is '$(cat "$TMP/version.out")'"
	empty "$TMP/version.err" "$opt stderr"
done

check "usage errors exit 64 with a message on stderr, nothing on stdout, nothing written"
for args in "--bogus" "-m 2020-13" "-m 2020-00" "-m 2020-6" "-m 2020/06" "--only foo" "--only" "stray" "-m 2020-06 stray"; do
	# shellcheck disable=SC2086 # word splitting of args is meant
	run usage -i "$IN" -o "$TMP/usage-out" $args
	expect_rc 64 "'$args'"
	[ -s "$TMP/usage.err" ] || fail "'$args': nothing on stderr"
	empty "$TMP/usage.out" "'$args' stdout"
	[ ! -e "$TMP/usage-out" ] || fail "'$args': the output folder was created"
done
run usage -i "$IN" -o "$TMP/usage-out" -m 2020-13
grep -q '2020-13' "$TMP/usage.err" || fail "-m 2020-13: the message does not name the value"
run usage -i "$IN" -o "$TMP/usage-out" --only foo
grep -q 'foo' "$TMP/usage.err" || fail "--only foo: the message does not name the value"
run usage -i "$IN" -o "$TMP/usage-out" stray
grep -q 'stray' "$TMP/usage.err" || fail "stray argument: the message does not name it"

check "a normal run -m 2020-06: exit 0, stdout lists exactly the 4 reports and SHA256SUMS, one a line"
OUT=$TMP/out
run normal -i "$IN" -o "$OUT" -m 2020-06
expect_rc 0 "normal run"
empty "$TMP/normal.err" "normal run stderr"
cat >"$TMP/expected" <<EOF
$OUT/$SLUG/2020-06-monthly-return.json
$OUT/$SLUG/2020-06-monthly-return.pdf
$OUT/$SLUG/2020-21-continuation-summary.json
$OUT/$SLUG/2020-21-continuation-summary.pdf
$OUT/SHA256SUMS
EOF
LC_ALL=C sort "$TMP/normal.out" >"$TMP/got"
LC_ALL=C sort "$TMP/expected" >"$TMP/expected.sorted"
cmp -s "$TMP/got" "$TMP/expected.sorted" || fail "stdout is not the list of files written: $(cat "$TMP/normal.out")"
[ "$(wc -l <"$TMP/normal.out")" -eq 5 ] || fail "stdout has $(wc -l <"$TMP/normal.out") lines, expected 5"
files "$OUT" | sed "s|^|$OUT/|" >"$TMP/on-disk"
cmp -s "$TMP/on-disk" "$TMP/expected.sorted" || fail "files on disk differ from those listed: $(cat "$TMP/on-disk")"
for f in "$OUT/$SLUG"/*.pdf; do
	[ "$(head -c 4 "$f")" = "%PDF" ] || fail "$f does not start with %PDF"
done
for f in "$OUT/$SLUG"/*.json; do
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$f" || fail "$f is not JSON"
done
grep -q "\"unit\": \"$UNIT\"" "$OUT/$SLUG/2020-06-monthly-return.json" || fail "the monthly JSON does not name the unit"
grep -q '"month": "2020-06"' "$OUT/$SLUG/2020-06-monthly-return.json" || fail "the monthly JSON is not for 2020-06"

check "-q: exit 0, nothing on stdout or stderr, the files still written"
run quiet -q -i "$IN" -o "$TMP/out-q" -m 2020-06
expect_rc 0 "-q"
empty "$TMP/quiet.out" "-q stdout"
empty "$TMP/quiet.err" "-q stderr"
[ "$(files "$TMP/out-q" | wc -l)" -eq 5 ] || fail "-q wrote $(files "$TMP/out-q" | wc -l) files, expected 5"
run quiet --quiet -i "$IN" -o "$TMP/out-q" -m 2020-06
expect_rc 0 "--quiet"
empty "$TMP/quiet.out" "--quiet stdout"
empty "$TMP/quiet.err" "--quiet stderr"

check "--check: exit 0, writes nothing (the output folder is not created), says each report's files would be new"
run chk --check -i "$IN" -o "$TMP/out-check" -m 2020-06
expect_rc 0 "--check"
[ ! -e "$TMP/out-check" ] || fail "--check created the output folder: $(ls -A "$TMP/out-check")"
printf 'new %s\n' "$TMP/out-check/$SLUG/2020-06-monthly-return.pdf" "$TMP/out-check/$SLUG/2020-06-monthly-return.json" \
	"$TMP/out-check/$SLUG/2020-21-continuation-summary.pdf" "$TMP/out-check/$SLUG/2020-21-continuation-summary.json" >"$TMP/chk.exp"
cmp -s "$TMP/chk.out" "$TMP/chk.exp" || fail "--check stdout: $(cat "$TMP/chk.out")"
run chkq -q --check -i "$IN" -o "$TMP/out-check" -m 2020-06
empty "$TMP/chkq.out" "--check -q stdout"
# --check into an existing folder leaves it as it was.
mkdir "$TMP/out-check2"
run chk --check -i "$IN" -o "$TMP/out-check2" -m 2020-06
expect_rc 0 "--check into an existing folder"
[ -z "$(ls -A "$TMP/out-check2")" ] || fail "--check wrote into an existing folder: $(ls -A "$TMP/out-check2")"

check "--only monthly writes only the monthly return; --only summary only the summary"
run only --only monthly -i "$IN" -o "$TMP/out-m" -m 2020-06
expect_rc 0 "--only monthly"
printf '%s\n' SHA256SUMS "$SLUG/2020-06-monthly-return.json" "$SLUG/2020-06-monthly-return.pdf" | LC_ALL=C sort >"$TMP/exp-m"
files "$TMP/out-m" >"$TMP/got-m"
cmp -s "$TMP/got-m" "$TMP/exp-m" || fail "--only monthly wrote: $(cat "$TMP/got-m")"
[ "$(wc -l <"$TMP/only.out")" -eq 3 ] || fail "--only monthly: stdout has $(wc -l <"$TMP/only.out") lines, expected 3"
run only --only summary -i "$IN" -o "$TMP/out-s" -m 2020-06
expect_rc 0 "--only summary"
printf '%s\n' SHA256SUMS "$SLUG/2020-21-continuation-summary.json" "$SLUG/2020-21-continuation-summary.pdf" | LC_ALL=C sort >"$TMP/exp-s"
files "$TMP/out-s" >"$TMP/got-s"
cmp -s "$TMP/got-s" "$TMP/exp-s" || fail "--only summary wrote: $(cat "$TMP/got-s")"

check "-u with the sample's unit: exit 0; -u with an unknown unit: exit 65 naming grants.csv and the unit, nothing written"
run unit -u "$UNIT" -i "$IN" -o "$TMP/out-u" -m 2020-06
expect_rc 0 "-u '$UNIT'"
[ -f "$TMP/out-u/$SLUG/2020-06-monthly-return.json" ] || fail "-u '$UNIT' did not write the monthly return"
run unit -u "No Such Unit" -i "$IN" -o "$TMP/out-u2" -m 2020-06
expect_rc 65 "-u 'No Such Unit'"
grep -q 'grants\.csv' "$TMP/unit.err" || fail "-u unknown: the message does not name grants.csv: $(cat "$TMP/unit.err")"
grep -q 'No Such Unit' "$TMP/unit.err" || fail "-u unknown: the message does not name the unit: $(cat "$TMP/unit.err")"
[ -z "$(files "$TMP/out-u2" 2>/dev/null)" ] || fail "-u unknown wrote files: $(files "$TMP/out-u2")"
empty "$TMP/unit.out" "-u unknown stdout"
# A known unit named together with an unknown one is still an error.
run unit -u "$UNIT" -u "No Such Unit" -i "$IN" -o "$TMP/out-u3" -m 2020-06
expect_rc 65 "-u known -u unknown"

check "--all-months -m 2020-06: 27 monthly returns 2018-04..2020-06, summaries 2018-19, 2019-20, 2020-21"
run all --all-months -i "$IN" -o "$TMP/out-all" -m 2020-06
expect_rc 0 "--all-months"
: >"$TMP/exp-all"
for y in 2018 2019 2020; do
	for mm in 01 02 03 04 05 06 07 08 09 10 11 12; do
		m="$y-$mm"
		ym=$((y * 100 + ${mm#0}))
		if [ "$ym" -lt 201804 ] || [ "$ym" -gt 202006 ]; then
			continue
		fi
		printf '%s\n' "$SLUG/$m-monthly-return.json" "$SLUG/$m-monthly-return.pdf" >>"$TMP/exp-all"
	done
done
for fy in 2018-19 2019-20 2020-21; do
	printf '%s\n' "$SLUG/$fy-continuation-summary.json" "$SLUG/$fy-continuation-summary.pdf" >>"$TMP/exp-all"
done
echo SHA256SUMS >>"$TMP/exp-all"
LC_ALL=C sort "$TMP/exp-all" -o "$TMP/exp-all"
files "$TMP/out-all" >"$TMP/got-all"
cmp -s "$TMP/got-all" "$TMP/exp-all" || fail "--all-months wrote another set of files: $(diff "$TMP/exp-all" "$TMP/got-all" | head -20)"
[ "$(grep -c 'monthly-return\.json$' "$TMP/got-all")" -eq 27 ] || fail "--all-months: not 27 monthly returns"
[ "$(wc -l <"$TMP/all.out")" -eq 61 ] || fail "--all-months: stdout has $(wc -l <"$TMP/all.out") lines, expected 61"
# Each year's summary is as at March, the current year's as at M (SPEC section 5).
for pair in 2018-19:2019-03 2019-20:2020-03 2020-21:2020-06; do
	fy=${pair%%:*} asat=${pair#*:}
	grep -q "\"as_at\": \"$asat\"" "$TMP/out-all/$SLUG/$fy-continuation-summary.json" ||
		fail "the $fy summary is not as at $asat"
done

check "-u is matched after trimming, like the units in the files"
run trim -q -i "$IN" -o "$TMP/out-trim" -m 2020-06 -u " Met Online Investigation Team "
expect_rc 0 "-u with spaces around the unit"
[ -f "$TMP/out-trim/$SLUG/2020-06-monthly-return.json" ] || fail "-u with spaces: no report written"

check "an unknown option and a missing value are named with the program's own prefix"
run badopt --bogus
expect_rc 64 "--bogus"
grep -q '^roit-report: unknown option "--bogus"' "$TMP/badopt.err" || fail "--bogus: $(head -c 200 "$TMP/badopt.err")"
run noval -m
expect_rc 64 "-m without a value"
grep -q '^roit-report: option needs a value: "-m"' "$TMP/noval.err" || fail "-m: $(head -c 200 "$TMP/noval.err")"

finish
