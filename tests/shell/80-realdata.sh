# The real exports of tests/data/realdata (copied byte for byte from shared/realdata, see its
# SOURCES.md), each mapped only through report.ini, give the reference totals of SOURCES.md.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
REAL=$ROOT/tests/data/realdata
export SOURCE_DATE_EPOCH=1700000000

# 'prepare NAME FILE DEST' - the test unit's grants and report.ini, with the real file as DEST.
prepare() {
	cp -r "$ROOT/tests/data/real/$1" "$TMP/$1"
	cp "$REAL/$2" "$TMP/$1/$3"
}

# 'total_ytd JSON' - the Total row's YTD actual, in pence.
total_ytd() {
	awk '/"total": \{/ { t = 1 } t && /"ytd_actual_pence"/ { gsub(/[^0-9-]/, ""); print; exit }' "$1"
}

# 'field JSON KEY' - the first integer value of KEY.
field() {
	awk -v k="\"$2\":" '$1 == k { gsub(/[^0-9-]/, "", $2); print $2; exit }' "$1"
}

check_spend() {
	name=$1 file=$2 month=$3 want=$4 rejected=$5
	prepare "$name" "$file" spend.csv
	"$BIN" -q -i "$TMP/$name" -o "$TMP/out-$name" -m "$month" 2>"$TMP/$name.err" || fail "$name: exit $?"
	json=$(ls "$TMP/out-$name"/*/"$month-monthly-return.json")
	got=$(total_ytd "$json")
	[ "$got" = "$want" ] || fail "$name: total YTD $got pence, SOURCES.md says $want"
	got=$(field "$json" rejected_count)
	[ "$got" = "$rejected" ] || fail "$name: $got rows rejected, expected $rejected"
	echo "ok: $name total $want pence, $rejected rejected"
}

# MoJ: Windows-1252 £ (0xA3), CRLF, ragged 14/16 fields, two empty header names, "-£" negatives.
check_spend moj moj_spend_over_25k_2012-02_cp1252_crlf.csv 2012-02 36109147255 0
# NICE: " (80,025.00)" negatives, a padded " Amount " header, 39 rows of commas, a 0x92 byte.
check_spend nice nice_spend_over_25k_2014-04_paren_negatives.csv 2014-04 81557839 0
# Gateshead: UTF-8 BOM, cryptic headers mapped by report.ini, empty categories.
check_spend gateshead gateshead_spend_over_500_2017-08_utf8_bom.csv 2017-08 1531226639 0
grep -q '"name": "Uncategorised"' "$TMP/out-gateshead/gateshead/2017-08-monthly-return.json" ||
	fail "gateshead: empty categories should count as Uncategorised"

# Lambeth: a 9-line title block, a Total footer, then a row of mojibake padding (line 3171,
# not blank by the contract's rule, so rejected and named).
check_spend lambeth lambeth_invoices_over_500_2012-06_preamble_footer.csv 2012-06 3997566572 1
json=$TMP/out-lambeth/lambeth/2012-06-monthly-return.json
grep -q '"line": 3167' "$json" || fail "lambeth: the Total footer on line 3167 is not listed"
grep -q '"line": 3171' "$json" || fail "lambeth: the rejected row on line 3171 is not listed"
grep -q 'spend.csv:3171: date is empty' "$TMP/lambeth.err" || fail "lambeth: stderr does not name line 3171"
# Its three financial years add up to the export's own Total row, £40,292,334.84.
summary=$TMP/out-lambeth/lambeth/2012-13-continuation-summary.json
sum=$(awk '/"history": \[/ { h = 1 } /"history_total"/ { h = 0 }
	h && /"spend_pence"/ { gsub(/[^0-9-]/, ""); s += $0 } END { printf "%.0f\n", s }' "$summary")
[ "$sum" = 4029233484 ] || fail "lambeth: history spend adds to $sum, not 4029233484"
echo "ok: lambeth history adds up to the Total row"

# police.uk outcomes: no value column (each row counts 1), a bare month as the date.
prepare police police_uk_city_of_london_2016-01_outcomes.csv outcomes.csv
"$BIN" -q -i "$TMP/police" -o "$TMP/out-police" -m 2016-01 || fail "police: exit $?"
json=$TMP/out-police/city-of-london/2016-01-monthly-return.json
total=$(awk '/"outcomes": \[/ { o = 1 } /"disruptions_by_level"/ { o = 0 }
	o && /"month":/ { gsub(/[^0-9]/, ""); s += $0 } END { printf "%.0f\n", s }' "$json")
[ "$total" = 574 ] || fail "police: $total outcomes counted, the file has 574 rows"
grep -A3 '"measure": "suspect_charged"' "$json" | grep -q '"month": 40,' || fail "police: 40 suspects charged expected"
echo "ok: police.uk outcomes counted 574 rows, 40 charged"

# Every report of the real exports is tagged PDF/UA-1 and PDF/A-3b like the sample's.
sh "$ROOT/tests/pdfcheck.sh" "$TMP"/out-*/*/*.pdf 2>"$TMP/pdfcheck.err" ||
	fail "real exports' PDFs: $(head -5 "$TMP/pdfcheck.err")"
echo "ok: the real exports' PDFs pass pdfcheck.sh"
