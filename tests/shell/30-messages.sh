#!/bin/sh
# 30-messages.sh - rejected rows (SPEC section 3): the exact stderr line of each (file, physical
# line on which the row starts, value, reason), the run still exiting 0, and the same rows listed
# in the JSON's rejected_rows {file, line, reason} and left out of every figure.
set -eu
. "$ROOT/tests/shell-lib.sh"

SOURCE_DATE_EPOCH=1593561600
export SOURCE_DATE_EPOCH
IN=$TMP/in
mkdir "$IN"
cat >"$IN/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
Unit A,2020/21,"£120,000.00",awarded,PCD 1,Home Office
Unit C,2020/21,"£1,000",awarded,,
EOF
# Lines 3-4 and 9-11 are rows with a quoted field over several lines; every line number
# below is the physical line on which its row starts (the first line of the file is line 1).
cat >"$IN/spend.csv" <<'EOF'
date,unit,category,amount,description
2020-04-01,Unit A,Training,£100.00,ok
2020-04-02,Unit A,Training,£50.00,"multi
line, ok"
2020-05-01,Unit A,Training,£10.00,ok
2020-05-02,Unit A,Training,"12,34.5",bad amount
31/02/2020,Unit A,Training,£1.00,impossible date
2020-05-03,Unit B,Training,£1.00,unknown unit
2020-05-04,Unit A,Training,1e5,"a field over
three lines
starts on line 9"
2020-05-05,Unit A,Training,£5.00,ok
2020-05-06,Unit A,Training,£5.00,ok,extra
05/13/2020,Unit A,Training,£5.00,month-first date
EOF
cat >"$IN/outcomes.csv" <<'EOF'
date,unit,measure,value,level
2020-04-03,Unit A,arrests,2,
2020-04-04,Unit A,networks_disrupted,1,catastrophic
2020-04-05,Unit A,,1,
2020-04-06,Unit A,arrests,1.5,
2020-05-07,Unit A,cash_seized,-£5,
2020-05-08,Unit A,arrests,1,
EOF

S="roit-report: warning: $IN/spend.csv"
O="roit-report: warning: $IN/outcomes.csv"
cat >"$TMP/expected.err" <<EOF
$S:6: amount "12,34.5" is not a sum of money
$S:7: date "31/02/2020" is not a date
$S:8: unit "Unit B" has no grant in grants.csv
$S:9: amount "1e5" is not a sum of money
$S:13: extra fields: 6 fields, the header has 5, first "extra"
$S:14: date "05/13/2020" is not a date
$O:3: level "catastrophic" is not major, moderate, minor, none or negative
$O:4: measure is empty
$O:5: value "1.5" is not a whole number of 0 or more
$O:6: value "-£5" is not a sum of money of 0 or more
EOF

check "the run exits 0 though rows are rejected, and writes the reports"
run rej -i "$IN" -o "$TMP/out" -m 2020-05
expect_rc 0 "rejected rows"
J=$TMP/out/unit-a/2020-05-monthly-return.json
[ -f "$J" ] || fail "no monthly return written"

check "each rejected row is one exact line on stderr: roit-report: warning: <input>/<file>:<line>: <reason with the value>"
while IFS= read -r want; do
	grep -qxF -- "$want" "$TMP/rej.err" || fail "stderr lacks the line: $want"
done <"$TMP/expected.err"
check "stderr holds nothing else (no duplicate, no row that was fine)"
LC_ALL=C sort "$TMP/rej.err" >"$TMP/got.sorted"
LC_ALL=C sort "$TMP/expected.err" >"$TMP/exp.sorted"
cmp -s "$TMP/got.sorted" "$TMP/exp.sorted" || fail "stderr differs from the expected lines: $(diff "$TMP/exp.sorted" "$TMP/got.sorted")"

check "the reference example of SPEC section 2: amount \"12,34.5\" on line 6 names file, line and value"
grep -qxF "roit-report: warning: $IN/spend.csv:6: amount \"12,34.5\" is not a sum of money" "$TMP/rej.err" ||
	fail "the 12,34.5 message is not exact"

check "a row with a quoted field over three lines is reported on the line it starts on (9), the next rows keep their own lines (13, 14)"
grep -q "spend.csv:9: amount \"1e5\"" "$TMP/rej.err" || fail "the multi-line row is not reported on line 9"
grep -q "spend.csv:1[01]: " "$TMP/rej.err" && fail "a rejected row is reported on a continuation line (10 or 11)"

check "the JSON's rejected_rows lists every rejected row with file, line and reason, in file order"
python3 - "$J" <<'PY' || fail "rejected_rows in the JSON is not as expected"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(r["file"], r["line"], r["reason"]) for r in d["rejected_rows"]]
want = [
    ("spend.csv", 6, 'amount "12,34.5" is not a sum of money'),
    ("spend.csv", 7, 'date "31/02/2020" is not a date'),
    ("spend.csv", 8, 'unit "Unit B" has no grant in grants.csv'),
    ("spend.csv", 9, 'amount "1e5" is not a sum of money'),
    ("spend.csv", 13, "extra fields: 6 fields, the header has 5, first \"extra\""),
    ("spend.csv", 14, 'date "05/13/2020" is not a date'),
    ("outcomes.csv", 3, 'level "catastrophic" is not major, moderate, minor, none or negative'),
    ("outcomes.csv", 4, "measure is empty"),
    ("outcomes.csv", 5, 'value "1.5" is not a whole number of 0 or more'),
    ("outcomes.csv", 6, 'value "-£5" is not a sum of money of 0 or more'),
]
for r in d["rejected_rows"]:
    assert list(r)[:3] == ["file", "line", "reason"], r
    assert isinstance(r["line"], int), r
if sorted(got) != sorted(want):
    print("got:", got)
    sys.exit(1)
# File order within each file.
for f in ("spend.csv", "outcomes.csv"):
    lines = [l for (g, l, _) in got if g == f]
    assert lines == sorted(lines), (f, lines)
PY

check "rejected rows are left out of every figure: spend = 100 + 50 (April) + 10 + 5 (May) = £165.00"
python3 - "$J" <<'PY' || fail "the spend figures include a rejected row"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = d["spend"]["total"]
assert t["month_actual_pence"] == 1500, t
assert t["ytd_actual_pence"] == 16500, t
o = {x["measure"]: x for x in d["outcomes"]}
# arrests: 2 (April) + 1 (May); the 1.5 row is out.
assert o["arrests"]["ytd"] == 3 and o["arrests"]["month"] == 1, o["arrests"]
# the rejected cash_seized row is the only one: nothing counted.
assert "cash_seized" not in o or o["cash_seized"]["ytd"] == 0, o.get("cash_seized")
PY

check "a row whose unit is unknown is listed in every report of the run; a row of a known unit only in that unit's"
grep -q 'unit \\"Unit B\\" has no grant' "$TMP/out/unit-a/2020-21-continuation-summary.json" ||
	fail "the unknown-unit row is not in Unit A's continuation summary JSON"
python3 - "$TMP/out/unit-c/2020-05-monthly-return.json" <<'PY' || fail "Unit C's rejected_rows is not just the unknown-unit row"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(r["file"], r["line"]) for r in d["rejected_rows"]]
# Line 8 (unit "Unit B", unknown) belongs to every report; lines 6, 7, 9, 13, 14 and the
# outcomes rows are rows of Unit A, so they belong to Unit A's reports only.
if got != [("spend.csv", 8)]:
    print("Unit C's rejected_rows:", got)
    sys.exit(1)
PY

check "-q still prints the rejected rows (warnings) on stderr and nothing on stdout"
run quiet -q -i "$IN" -o "$TMP/out-q" -m 2020-05
expect_rc 0 "-q with rejected rows"
[ ! -s "$TMP/quiet.out" ] || fail "-q printed on stdout: $(cat "$TMP/quiet.out")"
LC_ALL=C sort "$TMP/quiet.err" >"$TMP/q.sorted"
cmp -s "$TMP/q.sorted" "$TMP/exp.sorted" || fail "-q stderr differs from the rejected-row lines"

check "the same file with CRLF line endings reports the same lines"
mkdir "$TMP/in-crlf"
cp "$IN"/*.csv "$TMP/in-crlf/"
sed 's/$/\r/' "$IN/spend.csv" >"$TMP/in-crlf/spend.csv"
run crlf -q -i "$TMP/in-crlf" -o "$TMP/out-crlf" -m 2020-05
expect_rc 0 "CRLF"
sed "s|$IN/|$TMP/in-crlf/|" "$TMP/expected.err" | grep 'spend\.csv' >"$TMP/exp-crlf"
grep 'spend\.csv' "$TMP/crlf.err" >"$TMP/got-crlf" || true
cmp -s "$TMP/got-crlf" "$TMP/exp-crlf" || fail "CRLF line numbers differ: $(diff "$TMP/exp-crlf" "$TMP/got-crlf")"

check "the same file with bare CR line endings reports the same lines"
mkdir "$TMP/in-cr"
cp "$IN"/*.csv "$TMP/in-cr/"
tr '\n' '\r' <"$IN/spend.csv" >"$TMP/in-cr/spend.csv"
run cr -q -i "$TMP/in-cr" -o "$TMP/out-cr" -m 2020-05
expect_rc 0 "CR"
sed "s|$IN/|$TMP/in-cr/|" "$TMP/expected.err" | grep 'spend\.csv' >"$TMP/exp-cr"
grep 'spend\.csv' "$TMP/cr.err" >"$TMP/got-cr" || true
cmp -s "$TMP/got-cr" "$TMP/exp-cr" || fail "CR line numbers differ: $(diff "$TMP/exp-cr" "$TMP/got-cr")"

check "line numbers count the title block above the header, blank lines and footer rows"
mkdir "$TMP/in-title"
cp "$IN"/*.csv "$TMP/in-title/"
{
	printf 'Metropolitan Police Service - ledger export\nPeriod: 2020/21\n\n'
	cat "$IN/spend.csv"
	printf ',,,,\nTotal,,,"£999.00",\n2020-05-09,Unit A,Training,"£1,2",late bad row\n'
} >"$TMP/in-title/spend.csv"
run title -q -i "$TMP/in-title" -o "$TMP/out-title" -m 2020-05
expect_rc 0 "title block"
grep -qxF "roit-report: warning: $TMP/in-title/spend.csv:9: amount \"12,34.5\" is not a sum of money" "$TMP/title.err" ||
	fail "a title block of 3 lines does not shift the line to 9: $(grep 12,34 "$TMP/title.err")"
grep -qxF "roit-report: warning: $TMP/in-title/spend.csv:20: amount \"£1,2\" is not a sum of money" "$TMP/title.err" ||
	fail "the row after ',,,,' and a Total footer is not reported on line 20: $(tail -3 "$TMP/title.err")"
grep -q 'Total\|999' "$TMP/title.err" && fail "the Total footer was reported as a rejected row"
python3 - "$TMP/out-title/unit-a/2020-05-monthly-return.json" <<'PY' || fail "the Total footer or the all-empty row was counted"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["spend"]["total"]["ytd_actual_pence"] == 16500, d["spend"]["total"]
PY

finish
