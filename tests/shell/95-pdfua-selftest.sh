#!/bin/sh
# 95-pdfua-selftest.sh - the PDF/UA-1 and PDF/A-3b checks of issue 9 (tests/pdfua) can both
# pass and fail: a small tagged document built from scratch passes check.py and pdf.js's
# struct.mjs, and each bad variant, which breaks exactly one rule, fails check.py naming that
# rule's checkpoint and no other (expected.tsv, written by make_fixtures.py, says which).
# The program's own PDFs are not checked here until they are tagged.
set -eu
. "$ROOT/tests/shell-lib.sh"
py=/usr/bin/python3                  # Debian's, with python3-pikepdf and python3-fonttools
dir=$ROOT/tests/pdfua
fx=$TMP/fx
tab=$(printf '\t')

check "make_fixtures.py builds the good document and its bad variants"
if ! "$py" "$dir/make_fixtures.py" "$fx" >"$TMP/fx.log" 2>&1; then
	fail "make_fixtures.py: $(head -c 400 "$TMP/fx.log")"
	finish
fi
[ -s "$fx/expected.tsv" ] || fail "no expected.tsv"

check "the good document passes check.py (with --lang, --title and --json) and struct.mjs"
rc=0
(cd "$fx" && "$py" "$dir/check.py" -q --lang en-GB --json good.json \
	--title "Monthly scrutiny return — Test Unit — June 2020" good.pdf) >"$TMP/good.out" 2>"$TMP/good.err" || rc=$?
[ "$rc" -eq 0 ] || fail "check.py good.pdf: exit $rc: $(head -5 "$TMP/good.err")"
empty "$TMP/good.out" "check.py -q good.pdf stdout"
rc=0
node "$dir/struct.mjs" "$fx/good.pdf" >"$TMP/struct.out" 2>"$TMP/struct.err" || rc=$?
[ "$rc" -eq 0 ] || fail "struct.mjs good.pdf: exit $rc: $(head -5 "$TMP/struct.err")"
node "$dir/struct.mjs" --print "$fx/good.pdf" >"$TMP/outline" 2>&1 || fail "struct.mjs --print good.pdf failed"
grep -q '^  H1: Monthly scrutiny return$' "$TMP/outline" || fail "struct.mjs --print: no H1 line in: $(head -5 "$TMP/outline")"
grep -q 'Figure \[alt: Spend by month' "$TMP/outline" || fail "struct.mjs --print: no Figure with its alt"

check "each bad variant fails check.py with its checkpoint, and only that one"
n=0
while IFS=$tab read -r name cp extra; do
	[ "$cp" = - ] && continue
	n=$((n + 1))
	rc=0
	# shellcheck disable=SC2086 # extra holds the variant's options, split on purpose
	(cd "$fx" && "$py" "$dir/check.py" -q $extra "$name.pdf") >/dev/null 2>"$TMP/$name.err" || rc=$?
	[ "$rc" -eq 1 ] || fail "$name.pdf: check.py exit $rc, expected 1 ($(head -2 "$TMP/$name.err"))"
	grep -qF "$name.pdf: [$cp] " "$TMP/$name.err" || fail "$name.pdf: no [$cp] problem in: $(head -3 "$TMP/$name.err")"
	other=$(grep -vF "[$cp] " "$TMP/$name.err" || true)
	[ -z "$other" ] || fail "$name.pdf breaks more than [$cp]: $(printf '%s\n' "$other" | head -3)"
done <"$fx/expected.tsv"
[ "$n" -ge 15 ] || fail "only $n bad variants in expected.tsv"

check "struct.mjs (pdf.js) fails too where the fault is in what pdf.js sees"
for pair in missing-alt:13-004 heading-skip:14-003 untagged-text:01-005; do
	name=${pair%%:*}
	cp=${pair#*:}
	rc=0
	node "$dir/struct.mjs" "$fx/$name.pdf" >/dev/null 2>"$TMP/$name.js.err" || rc=$?
	[ "$rc" -eq 1 ] || fail "struct.mjs $name.pdf: exit $rc, expected 1"
	grep -qF "[$cp]" "$TMP/$name.js.err" || fail "struct.mjs $name.pdf: no [$cp] in: $(head -3 "$TMP/$name.js.err")"
done

check "an unreadable file is exit 2, not a pass"
printf 'not a pdf\n' >"$TMP/junk.pdf"
rc=0
"$py" "$dir/check.py" -q "$TMP/junk.pdf" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "check.py junk.pdf: exit $rc, expected 2"
finish
