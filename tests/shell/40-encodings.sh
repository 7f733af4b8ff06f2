#!/bin/sh
# 40-encodings.sh - the CSV dialect of SPEC section 3: the same spend data saved as UTF-8,
# UTF-8 with a BOM, Windows-1252 (£ as the byte 0xA3, accented names), CRLF and bare-CR line
# endings gives the same figures and the same category names in the monthly JSON.
set -eu
. "$ROOT/tests/shell-lib.sh"

SOURCE_DATE_EPOCH=1593561600
export SOURCE_DATE_EPOCH

mkdir "$TMP/base"
cat >"$TMP/base/grants.csv" <<'EOF'
unit,financial_year,amount,status,reference,funder
Unit A,2020/21,"£120,000.00",awarded,PCD 1,Home Office
EOF
cat >"$TMP/base/outcomes.csv" <<'EOF'
date,unit,measure,value
2020-04-03,Unit A,arrests,2
EOF
# Hand-computed: April 1,234.56; May 99.99 - 12.00 - 0.50 + 1,000.00 = 1,087.49; YTD 2,322.05.
cat >"$TMP/base/spend.csv.utf8" <<'EOF'
date,unit,category,amount,supplier,description
2020-04-01,Unit A,Training,"£1,234.56",Société Générale,Course fees
02/05/2020,Unit A,Équipement,£99.99,Café Müller,"Catering, Op ÉCLAIR"
03.05.2020,Unit A,Training,(£12.00),Société Générale,Refund — part
04-May-20,Unit A,Training,-£0.50,"Smith, Jones & Co",Journal
5 May 2020,Unit A,Équipement,"£1,000",Société Générale,"Laptop
with a note over two lines"
EOF

for v in utf8 bom cp1252 crlf cr cp1252-crlf; do
	mkdir "$TMP/in-$v"
	cp "$TMP/base/grants.csv" "$TMP/base/outcomes.csv" "$TMP/in-$v/"
done
S=$TMP/base/spend.csv.utf8
cp "$S" "$TMP/in-utf8/spend.csv"
{ printf '\357\273\277'; cat "$S"; } >"$TMP/in-bom/spend.csv"
iconv -f UTF-8 -t CP1252 "$S" >"$TMP/in-cp1252/spend.csv"
sed 's/$/\r/' "$S" >"$TMP/in-crlf/spend.csv"
tr '\n' '\r' <"$S" >"$TMP/in-cr/spend.csv"
sed 's/$/\r/' "$TMP/in-cp1252/spend.csv" >"$TMP/in-cp1252-crlf/spend.csv"

check "the fixtures are what they claim: 0xA3 for £ in Windows-1252, a BOM, CR LF, bare CR"
od -An -tx1 "$TMP/in-cp1252/spend.csv" | grep -q ' a3' || fail "the Windows-1252 file has no 0xA3 byte"
if iconv -f UTF-8 -t UTF-8 "$TMP/in-cp1252/spend.csv" >/dev/null 2>&1; then
	fail "the Windows-1252 file is valid UTF-8, so it tests nothing"
fi
[ "$(head -c 3 "$TMP/in-bom/spend.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
[ "$(tr -cd '\n' <"$TMP/in-cr/spend.csv" | wc -c)" -eq 0 ] || fail "the CR file has LF bytes"

for v in utf8 bom cp1252 crlf cr cp1252-crlf; do
	check "$v: exit 0, no row rejected"
	run "$v" -q -i "$TMP/in-$v" -o "$TMP/out-$v" -m 2020-05
	expect_rc 0 "$v"
	[ ! -s "$TMP/$v.err" ] || fail "$v: stderr: $(head -c 300 "$TMP/$v.err")"
done

check "utf8: the figures are the hand-computed ones (May 1,087.49; YTD 2,322.05) and category names are right"
python3 - "$TMP/out-utf8/unit-a/2020-05-monthly-return.json" <<'PY' || fail "utf8: figures are not the hand-computed ones"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["rejected_rows"] == [], d["rejected_rows"]
c = {x["name"]: x for x in d["spend"]["categories"]}
assert c["Training"]["month_actual_pence"] == -1250, c["Training"]
assert c["Training"]["ytd_actual_pence"] == 122206, c["Training"]
assert c["Équipement"]["month_actual_pence"] == 109999, c
assert c["Équipement"]["ytd_actual_pence"] == 109999, c
t = d["spend"]["total"]
assert t["month_actual_pence"] == 108749, t
assert t["ytd_actual_pence"] == 232205, t
PY

check "every encoding and line ending gives the same spend (figures and category names), the same rejected_rows and outcomes"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([d["spend"], d["rejected_rows"], d["outcomes"], d["ignored_rows"]], sort_keys=True, ensure_ascii=False))
' "$TMP/out-utf8/unit-a/2020-05-monthly-return.json" >"$TMP/ref.spend"
for v in bom cp1252 crlf cr cp1252-crlf; do
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([d["spend"], d["rejected_rows"], d["outcomes"], d["ignored_rows"]], sort_keys=True, ensure_ascii=False))
' "$TMP/out-$v/unit-a/2020-05-monthly-return.json" >"$TMP/$v.spend" || fail "$v: the JSON does not parse as UTF-8"
	cmp -s "$TMP/ref.spend" "$TMP/$v.spend" || fail "$v: spend differs from UTF-8: $(head -c 400 "$TMP/$v.spend")"
done

check "the JSON files are valid UTF-8 and name the category 'Équipement' in UTF-8 whatever the input encoding"
for v in utf8 bom cp1252 crlf cr cp1252-crlf; do
	f=$TMP/out-$v/unit-a/2020-05-monthly-return.json
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || fail "$v: the JSON is not valid UTF-8"
	grep -q 'Équipement\|\\u00c9quipement\|\\u00C9quipement' "$f" || fail "$v: the category name is not 'Équipement'"
done

check "the monthly returns differ only in the inputs' SHA-256 (the audit trail)"
for v in bom cp1252 crlf cr cp1252-crlf; do
	python3 - "$TMP/out-utf8/unit-a/2020-05-monthly-return.json" "$TMP/out-$v/unit-a/2020-05-monthly-return.json" <<'PY' || fail "$v: the JSON differs in more than the inputs"
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
b = json.load(open(sys.argv[2], encoding="utf-8"))
a.pop("inputs"); b.pop("inputs")
if a != b:
    for k in a:
        if a.get(k) != b.get(k):
            print("differs:", k)
    sys.exit(1)
PY
done

check "Windows-1252 with £ written as 0xA3 in a grants.csv amount and an outcomes money value"
mkdir "$TMP/in-w"
cp "$TMP/in-utf8/spend.csv" "$TMP/in-w/"
printf 'unit,financial_year,amount,status,reference,funder\nUnit A,2020/21,"\243120,000.00",awarded,PCD 1,Home Office\n' >"$TMP/in-w/grants.csv"
printf 'date,unit,measure,value\n2020-04-03,Unit A,arrests,2\n2020-05-03,Unit A,cash_seized,"\2431,500.50"\n' >"$TMP/in-w/outcomes.csv"
run w -q -i "$TMP/in-w" -o "$TMP/out-w" -m 2020-05
expect_rc 0 "Windows-1252 grants and outcomes"
[ ! -s "$TMP/w.err" ] || fail "Windows-1252 grants/outcomes: stderr: $(head -c 300 "$TMP/w.err")"
python3 - "$TMP/out-w/unit-a/2020-05-monthly-return.json" <<'PY' || fail "Windows-1252 £ amounts misread"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["award_pence"] == 12000000, d["award_pence"]
o = {x["measure"]: x for x in d["outcomes"]}
assert abs(o["cash_seized"]["ytd"] - 1500.5) < 1e-9, o["cash_seized"]
PY

finish
