#!/bin/sh
# 75-pathological.sh - hostile spend.csv files (issue 5): each gives a clear message naming file
# and line, the contract's exit code, and never a crash or a partial report.  Memory stays
# bounded by construction: fields are capped at 1 MiB and header lines at 1,024 columns.
set -eu
. "$ROOT/tests/shell-lib.sh"
export SOURCE_DATE_EPOCH=1593561600
base=$TMP/base
cp -R "$ROOT/input" "$base"
rm -f "$base/budget.csv" "$base/targets.csv" "$base/commentary.csv"

# 'with_spend NAME' - an input folder whose spend.csv is standard input.
with_spend() {
	rm -rf "${TMP:?}/$1"
	cp -R "$base" "$TMP/$1"
	cat >"$TMP/$1/spend.csv"
}
H='date,unit,category,amount'
U='Met Online Investigation Team'

check "a 10 MB field: exit 65 naming its line, nothing written"
{ echo "$H,description"; printf '2020-06-01,%s,Staff,1.00,' "$U"; head -c 10000000 /dev/zero | tr '\0' x; echo; } | with_spend big
run big -i "$TMP/big" -o "$TMP/out-big" -m 2020-06
expect_rc 65 "10 MB field"
grep -q "big/spend.csv:2: a field is longer than 1048576 bytes" "$TMP/big.err" || fail "10 MB field: $(head -c 200 "$TMP/big.err")"
[ ! -e "$TMP/out-big/SHA256SUMS" ] || fail "10 MB field: something was written"

check "100,000 columns: the header is found among the first 1,024 fields, every row read"
{ printf '%s' "$H"; awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",c%d", i; print "" }';
  printf '2020-06-01,%s,Staff,1.50' "$U"; awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",v"; print "" }'; } | with_spend wide
run wide -i "$TMP/wide" -o "$TMP/out-wide" -m 2020-06
expect_rc 0 "100,000 columns"
grep -q '"ytd_actual_pence": 150,' "$TMP/out-wide/met-online-investigation-team/2020-06-monthly-return.json" || fail "100,000 columns: the row was not read"

check "100,000 columns of nothing the header needs: exit 65, 'no header line'"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "x%d,", i; print "" }' | with_spend junk
run junk -i "$TMP/junk" -o "$TMP/out-junk" -m 2020-06
expect_rc 65 "100,000 junk columns"
grep -q "junk/spend.csv: no header line with the required columns" "$TMP/junk.err" || fail "junk: $(head -c 200 "$TMP/junk.err")"

check "an unterminated quote: exit 65 naming the line it opens on"
printf '%s,description\n2020-06-01,%s,Staff,1.00,"open\n2020-06-02,%s,Staff,2.00,x\n' "$H" "$U" "$U" | with_spend quote
run quote -i "$TMP/quote" -o "$TMP/out-quote" -m 2020-06
expect_rc 65 "unterminated quote"
grep -q "quote/spend.csv:2: a quoted field is still open at the end of the file" "$TMP/quote.err" || fail "quote: $(head -c 200 "$TMP/quote.err")"

check "NUL bytes: read as '?', never cutting a field short"
printf '%s\n2020-06-01,%s,Tra\000ining,\302\2433.00\n' "$H" "$U" | with_spend nul
run nul -i "$TMP/nul" -o "$TMP/out-nul" -m 2020-06
expect_rc 0 "NUL bytes"
grep -q '"name": "Tra?ining"' "$TMP/out-nul/met-online-investigation-team/2020-06-monthly-return.json" || fail "NUL: category not 'Tra?ining'"

check "invalid UTF-8: the file is read as Windows-1252 (0xA3 is £)"
printf '%s\n2020-06-01,%s,Caf\351,\2434.00\n' "$H" "$U" | with_spend latin
run latin -i "$TMP/latin" -o "$TMP/out-latin" -m 2020-06
expect_rc 0 "Windows-1252"
grep -q '"name": "Café"' "$TMP/out-latin/met-online-investigation-team/2020-06-monthly-return.json" || fail "Windows-1252: no Café"

check "a million blank lines: skipped, and the row after them named by its physical line"
{ echo "$H"; awk 'BEGIN { for (i = 0; i < 1000000; i++) print (i % 2 ? "" : ",,,") }'; echo "2020-06-01,$U,Staff,12,34.5"; } | with_spend blank
run blank -i "$TMP/blank" -o "$TMP/out-blank" -m 2020-06
expect_rc 0 "a million blank lines"
grep -q "blank/spend.csv:1000002: extra fields" "$TMP/blank.err" || fail "blank lines: $(head -c 200 "$TMP/blank.err")"

check "a binary file named spend.csv: exit 65, no crash"
with_spend binary <"$BIN"
run binary -i "$TMP/binary" -o "$TMP/out-binary" -m 2020-06
expect_rc 65 "binary spend.csv"
finish
