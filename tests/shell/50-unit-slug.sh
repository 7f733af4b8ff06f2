#!/bin/sh
# shellcheck disable=SC2015 # "A && B || fail": fail never fails
# 50-unit-slug.sh - the unit's file-name form (SPEC section 3, "Unit"): hostile unit names land
# inside the output folder under a safe slug, nothing is written outside it, and two units with
# the same slug are an error (exit 65).
set -eu
. "$ROOT/tests/shell-lib.sh"
# snapshot FILE: every path under $TMP but the output folders and this test's own logs.
snapshot() { (cd "$TMP" && find . ! -path './w/a/b/out*' ! -name '*.out' ! -name '*.err' ! -name 'snap-*' | LC_ALL=C sort) >"$1"; }

SOURCE_DATE_EPOCH=1593561600
export SOURCE_DATE_EPOCH

# The program runs from $TMP/w/a/b with "-o out", so "../../etc" resolved against the output
# folder's parent would be $TMP/w/etc, and against the output folder $TMP/w/a/etc.
mkdir -p "$TMP/w/a/b" "$TMP/in"
cat >"$TMP/in/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
../../etc,2020/21,"£120,000.00",awarded,PCD 1,Home Office
a/b,2020/21,"£60,000.00",awarded,PCD 2,Home Office
EOF
cat >"$TMP/in/spend.csv" <<'EOF'
date,unit,category,amount
2020-04-01,../../etc,Training,£100.00
2020-04-02,a/b,Training,£200.00
2020-04-03,  a/b  ,Training,£1.00
EOF
cat >"$TMP/in/outcomes.csv" <<'EOF'
date,unit,measure
2020-04-03,../../etc,arrests
EOF

check "units '../../etc' and 'a/b': exit 0, reports under out/etc and out/a-b"
snapshot "$TMP/snap-before"
rc=0
(cd "$TMP/w/a/b" && "$BIN" -i "$TMP/in" -o out -m 2020-05) >"$TMP/slug.out" 2>"$TMP/slug.err" || rc=$?
name=slug
expect_rc 0 "hostile unit names"
OUT=$TMP/w/a/b/out
for s in etc a-b; do
	for f in 2020-05-monthly-return.json 2020-05-monthly-return.pdf 2020-21-continuation-summary.json 2020-21-continuation-summary.pdf; do
		[ -f "$OUT/$s/$f" ] || fail "$OUT/$s/$f was not written"
	done
done

check "nothing is written outside the output folder"
snapshot "$TMP/snap-after"
cmp -s "$TMP/snap-before" "$TMP/snap-after" || fail "paths outside the output folder changed: $(diff "$TMP/snap-before" "$TMP/snap-after")"
[ ! -e "$TMP/w/etc" ] && [ ! -e "$TMP/w/a/etc" ] && [ ! -e "$TMP/etc" ] || fail "an 'etc' folder was made outside the output folder"
[ ! -e "$TMP/w/a/b/a" ] && [ ! -e "$OUT/a/b" ] && [ ! -e "$OUT/a" ] || fail "'a/b' made nested folders"
[ ! -e /etc/2020-05-monthly-return.json ] && [ ! -e /etc/2020-21-continuation-summary.json ] || fail "a report was written to /etc"
stray=$(cd "$OUT" && find . -mindepth 1 ! -path ./etc ! -path './etc/*' ! -path ./a-b ! -path './a-b/*' ! -name SHA256SUMS ! -name .lock \
	! -name 2020-05-network-overview.pdf ! -name 2020-05-network-overview.json)
[ -z "$stray" ] || fail "unexpected paths in the output folder: $stray"

check "the network overview of the two units sits at the top of the output folder and names their returns by slug"
for f in pdf json; do
	[ -f "$OUT/2020-05-network-overview.$f" ] || fail "no 2020-05-network-overview.$f at the top of the output folder"
done
grep -q '"file": "etc/2020-05-monthly-return.pdf"' "$OUT/2020-05-network-overview.json" ||
	fail "the overview's pack does not name etc/2020-05-monthly-return.pdf"
grep -q '"file": "a-b/2020-05-monthly-return.pdf"' "$OUT/2020-05-network-overview.json" ||
	fail "the overview's pack does not name a-b/2020-05-monthly-return.pdf"

check "the folder names are the slugs, the JSON keeps the unit's own name"
grep -q '"unit": "\.\./\.\./etc"' "$OUT/etc/2020-05-monthly-return.json" || fail "out/etc JSON does not name the unit '../../etc'"
grep -q '"unit": "a/b"' "$OUT/a-b/2020-05-monthly-return.json" || fail "out/a-b JSON does not name the unit 'a/b'"
python3 - "$OUT/etc/2020-05-monthly-return.json" "$OUT/a-b/2020-05-monthly-return.json" <<'PY' || fail "the spend of the units is mixed up"
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
a = json.load(open(sys.argv[2], encoding="utf-8"))
assert e["spend"]["total"]["ytd_actual_pence"] == 10000, e["spend"]["total"]
# "  a/b  " is the unit "a/b" once trimmed.
assert a["spend"]["total"]["ytd_actual_pence"] == 20100, a["spend"]["total"]
PY

check "stdout and SHA256SUMS name the files by their slug paths, and SHA256SUMS verifies"
grep -q '^out/etc/2020-05-monthly-return.json$' "$TMP/slug.out" || fail "stdout does not list out/etc/...: $(cat "$TMP/slug.out")"
grep -q '\.\.' "$TMP/slug.out" "$OUT/SHA256SUMS" && fail "a path with '..' appears on stdout or in SHA256SUMS"
(cd "$OUT" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c SHA256SUMS fails"
grep -q '  a-b/2020-05-monthly-return.pdf$' "$OUT/SHA256SUMS" || fail "SHA256SUMS lacks a-b/2020-05-monthly-return.pdf"

check "-u '../../etc' reports only that unit, into out/etc"
run one -q -u ../../etc -i "$TMP/in" -o "$TMP/out-one" -m 2020-05
expect_rc 0 "-u ../../etc"
[ -f "$TMP/out-one/etc/2020-05-monthly-return.json" ] || fail "-u ../../etc did not write out-one/etc"
[ ! -e "$TMP/out-one/a-b" ] || fail "-u ../../etc also wrote a-b"

check "other hostile names: a slug is lower-case ASCII letters, digits and '-', no '.', no leading dot"
cat >"$TMP/in/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
.hidden,2020/21,"£1,000",awarded,,
Ünits & Co. (North),2020/21,"£1,000",awarded,,
C:\Windows\System32,2020/21,"£1,000",awarded,,
EOF
printf 'date,unit,category,amount\n' >"$TMP/in/spend.csv"
printf 'date,unit,measure\n' >"$TMP/in/outcomes.csv"
run odd -q -i "$TMP/in" -o "$TMP/out-odd" -m 2020-05
expect_rc 0 "odd names"
for d in "$TMP/out-odd"/*/; do
	s=$(basename "$d")
	printf '%s\n' "$s" | grep -qx '[a-z0-9][a-z0-9-]*' || fail "slug '$s' is not lower-case ASCII letters, digits and '-'"
done
[ "$(find "$TMP/out-odd" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 3 ] || fail "not one folder per unit: $(ls -A "$TMP/out-odd")"
[ -z "$(find "$TMP/out-odd" -mindepth 2 -type d)" ] || fail "nested folders: $(find "$TMP/out-odd" -mindepth 2 -type d)"
[ ! -e "$TMP/out-odd/.hidden" ] || fail "'.hidden' was used as a folder name"

check "two units whose slugs collide ('North West' and 'north-west'): exit 65 naming both, nothing written"
cat >"$TMP/in/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
North West,2020/21,"£120,000.00",awarded,,
north-west,2020/21,"£1,000",awarded,,
EOF
run clash -i "$TMP/in" -o "$TMP/out-clash" -m 2020-05
expect_rc 65 "slug collision"
grep -q 'North West' "$TMP/clash.err" && grep -q 'north-west' "$TMP/clash.err" || fail "the message does not name both units: $(cat "$TMP/clash.err")"
grep -q 'grants\.csv' "$TMP/clash.err" || fail "the message does not name grants.csv: $(cat "$TMP/clash.err")"
left=$( (cd "$TMP/out-clash" 2>/dev/null && find . -type f ! -name .lock) || true)
[ -z "$left" ] || fail "slug collision wrote files: $left"

check "a collision through punctuation ('North / West' and 'North West') is also exit 65"
cat >"$TMP/in/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
North / West,2020/21,"£120,000.00",awarded,,
North West,2020/21,"£1,000",awarded,,
EOF
run clash2 -i "$TMP/in" -o "$TMP/out-clash2" -m 2020-05
expect_rc 65 "slug collision through punctuation"

check "the same unit on two rows (different years) is not a collision"
cat >"$TMP/in/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
North West,2019/20,"£120,000.00",awarded,,
North West,2020/21,"£120,000.00",awarded,,
 North West ,2021/22,"£120,000.00",requested,,
EOF
run same -q -i "$TMP/in" -o "$TMP/out-same" -m 2020-05
expect_rc 0 "one unit on several rows"
[ -f "$TMP/out-same/north-west/2020-05-monthly-return.json" ] || fail "north-west not written"

finish
