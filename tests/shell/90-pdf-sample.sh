#!/bin/sh
# 90-pdf-sample.sh - the PDFs of the sample (every month, every kind) through the readers' own
# tools (tests/pdfcheck.sh: qpdf, pdffonts, pdfinfo, pdftotext, the geometry of every word),
# and the figures of each JSON twin found in its PDF's text in the contract's format.
set -eu
. "$ROOT/tests/shell-lib.sh"
export SOURCE_DATE_EPOCH=1617235200
run all -q -i "$ROOT/input" -o "$TMP/out" --all-months -m 2021-03
expect_rc 0 "the sample, every month"

check "every PDF passes pdfcheck.sh (readers, fonts, marking, Page X of Y, margins, overlaps; PDF/UA-1 and PDF/A-3b with its twin inside); a monthly return is under 60 KB"
sh "$ROOT/tests/pdfcheck.sh" -s 61440 "$TMP"/out/*/*-monthly-return.pdf 2>"$TMP/pdfcheck.err" ||
	fail "monthly returns: $(head -5 "$TMP/pdfcheck.err")"
sh "$ROOT/tests/pdfcheck.sh" "$TMP"/out/*/*-continuation-summary.pdf 2>"$TMP/pdfcheck.err" ||
	fail "summaries: $(head -5 "$TMP/pdfcheck.err")"
sh "$ROOT/tests/pdfcheck.sh" "$TMP"/out/*-network-overview.pdf 2>"$TMP/pdfcheck.err" ||
	fail "network overviews: $(head -5 "$TMP/pdfcheck.err")"

check "poppler reads the structure tree of a return, a summary and an overview as check.py does (pdfinfo -struct-text)"
sh "$ROOT/tests/pdfcheck.sh" -p "$TMP"/out/*/2020-06-monthly-return.pdf "$TMP"/out/*/2020-21-continuation-summary.pdf \
	"$TMP"/out/2020-06-network-overview.pdf \
	2>"$TMP/pdfcheck.err" || fail "$(head -5 "$TMP/pdfcheck.err")"

# 'pounds PENCE' - whole pounds as the contract shows them: £12,345, -£1,200 (half away from zero).
pounds() {
	awk -v p="$1" 'BEGIN {
		neg = p < 0; if (neg) p = -p
		q = int((p + 50) / 100); s = sprintf("%d", q); out = ""
		while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		printf "%s\302\243%s%s\n", neg ? "-" : "", s, out }'
}

# 'shown JSON KEY...' - every figure of those keys of JSON in its PDF's text as the contract formats
#                       money (pdftotext -layout of the PDF left in $TMP/text).
shown() {
	json=$1
	shift
	pdftotext -layout "${json%.json}.pdf" "$TMP/text"
	for key in "$@"; do
		grep "\"$key\"" "$json" | sed 's/[^0-9-]//g' | sort -u | while read -r pence; do
			grep -qF -- "$(pounds "$pence")" "$TMP/text" || echo "$(basename "$json"): $key $pence not shown as $(pounds "$pence")"
		done
	done >"$TMP/missing"
	[ ! -s "$TMP/missing" ] || fail "$(head -3 "$TMP/missing")"
}

check "the monthly JSON's money figures appear in its PDF's text, as the contract formats them"
for json in "$TMP"/out/*/2019-09-monthly-return.json "$TMP"/out/*/2020-06-monthly-return.json "$TMP"/out/*/2021-03-monthly-return.json; do
	shown "$json" award_pence month_actual_pence ytd_actual_pence ytd_profile_pence variance_pence annual_budget_pence \
		forecast_pence remaining_grant_pence
	rag=$(awk '/"spend": \{/ { s = 1 } s && /"rag":/ { gsub(/[", ]/, "", $2); print $2; exit }' "$json")
	[ "$rag" = null ] || grep -q "$rag" "$TMP/text" || fail "$(basename "$json"): spend RAG $rag not in the PDF"
done

check "year-end: as at March 2021 the summary shows 2020/21 complete and provisional, with its under/overspend; the JSON agrees"
for json in "$TMP"/out/*/2020-21-continuation-summary.json; do
	unit=$(basename "$(dirname "$json")")
	awk '/"history": \[/ { h = 1 } h && /"financial_year": "2020\/21"/ { y = 1 } y && /"complete"/ { c = $2 } y && /"provisional"/ { p = $2 }
		y && /"under_overspend_pence"/ { u = $2 } y && /}/ { exit } END { print c, p, u }' "$json" >"$TMP/ye"
	read -r complete provisional under <"$TMP/ye"
	[ "$complete" = "true," ] && [ "$provisional" = "true," ] || fail "$unit: 2020/21 as at March: complete $complete provisional $provisional"
	case $under in null* | "") fail "$unit: 2020/21 as at March has no under/overspend" ;; esac
	pdftotext -layout "${json%.json}.pdf" "$TMP/text"
	grep -q "full year, provisional" "$TMP/text" || fail "$unit: the PDF does not mark 2020/21 provisional"
	grep -qF -- "$(pounds "${under%,}")" "$TMP/text" || fail "$unit: the PDF does not show the under/overspend $(pounds "${under%,}")"
done

check "the summary's history figures appear in its PDF's text"
for json in "$TMP"/out/*/2020-21-continuation-summary.json; do
	pdftotext -layout "${json%.json}.pdf" "$TMP/text"
	awk '/"history": \[/ { h = 1 } /"history_total"/ { h = 0 } h && /_pence": -?[0-9]/ { gsub(/[^0-9-]/, ""); print }' "$json" |
		sort -u | while read -r pence; do
		grep -qF -- "$(pounds "$pence")" "$TMP/text" || echo "$(basename "$(dirname "$json")"): history $pence not shown as $(pounds "$pence")"
	done >"$TMP/missing"
	[ ! -s "$TMP/missing" ] || fail "$(head -3 "$TMP/missing")"
done

check "the overview's money figures appear in its PDF's text"
for json in "$TMP"/out/2018-04-network-overview.json "$TMP"/out/2020-06-network-overview.json "$TMP"/out/2021-03-network-overview.json; do
	shown "$json" award_pence ytd_actual_pence ytd_profile_pence variance_pence forecast_pence forecast_variance_pence
done
finish
