#!/bin/sh
# 92-pdf-unicode.sh - SPEC section 5, PDF properties: a unit named in Romanian, Polish and Welsh
# reads right in the document info (the viewer's title bar), the outline and the page text;
# text the fonts cannot draw shows '?' on the page while the structure tree's ActualText and
# the embedded twin carry it exactly; the files still pass the PDF/UA-1 and PDF/A-3b checks.
set -eu
. "$ROOT/tests/shell-lib.sh"
export SOURCE_DATE_EPOCH=1617235200
unit="Ștefan Țurcanu Łukasz Llŷn Unit"
cp -R "$ROOT/input" "$TMP/in"
for f in "$TMP"/in/*.csv; do
	sed -i "s/Met Online Investigation Team/$unit/g" "$f"
done
printf '"%s",2020-06,risks,"Greek αβγ and a star ★ the fonts lack"\n' "$unit" >>"$TMP/in/commentary.csv"
run uni -q -i "$TMP/in" -o "$TMP/out" -m 2020-06
expect_rc 0 "a unit with a Romanian, Polish and Welsh name"
pdf=$TMP/out/tefan-urcanu-ukasz-ll-n-unit/2020-06-monthly-return.pdf

check "the document info's Title and Subject hold the unit's name exactly (UTF-16)"
pdfinfo "$pdf" >"$TMP/info"
grep -qF "Title:           Monthly scrutiny return — $unit — June 2020 — P3 2020/21" "$TMP/info" ||
	fail "Title: $(grep Title "$TMP/info")"
grep -qF "$unit for June 2020" "$TMP/info" || fail "Subject: $(grep Subject "$TMP/info")"

check "the outline's first entry names the document and the unit exactly"
/usr/bin/python3 -c '
import pikepdf, sys
with pikepdf.open(sys.argv[1]) as p, p.open_outline() as o:
    print(str(o.root[0].title))' "$pdf" >"$TMP/outline"
grep -qxF "Monthly scrutiny return — $unit" "$TMP/outline" || fail "first bookmark: $(cat "$TMP/outline")"

check "the page shows the name (Ș, Ț, Ł, ŷ drawn from the fonts) and extracts it exactly"
pdftotext "$pdf" "$TMP/text"
grep -qF "$unit" "$TMP/text" || fail "pdftotext does not find the unit's name"

check "text the fonts lack is '?' on the page, exact in the tree's ActualText and in the twin"
grep -qF "Greek ??? and a star ? the fonts lack" "$TMP/text" || fail "the page: $(grep Greek "$TMP/text")"
/usr/bin/python3 -c '
import pikepdf, sys
def walk(e):
    if "/ActualText" in e:
        print(str(e.ActualText))
    k = e.get("/K")
    for x in (k if isinstance(k, pikepdf.Array) else [k] if isinstance(k, pikepdf.Dictionary) else []):
        if isinstance(x, pikepdf.Dictionary):
            walk(x)
with pikepdf.open(sys.argv[1]) as p:
    walk(p.Root.StructTreeRoot.K)' "$pdf" >"$TMP/actual"
grep -qxF "Greek αβγ and a star ★ the fonts lack" "$TMP/actual" || fail "ActualText: $(head -3 "$TMP/actual")"
grep -qF "Greek αβγ and a star ★ the fonts lack" "${pdf%.pdf}.json" || fail "the twin lacks the exact text"

check "with no organisation in report.ini, the Author is the team"
sed -i '/^organisation *=/d' "$TMP/in/report.ini"
run noorg -q -i "$TMP/in" -o "$TMP/out-noorg" -m 2020-06
expect_rc 0 "no organisation"
pdfinfo "$TMP/out-noorg/tefan-urcanu-ukasz-ll-n-unit/2020-06-monthly-return.pdf" | grep -qx "Author: *Online Investigation Team" ||
	fail "Author: $(pdfinfo "$TMP/out-noorg/tefan-urcanu-ukasz-ll-n-unit/2020-06-monthly-return.pdf" | grep Author)"

check "both reports pass pdfcheck.sh, poppler's reading of the tree included"
sh "$ROOT/tests/pdfcheck.sh" -p "$TMP"/out/*/*.pdf 2>"$TMP/check.err" || fail "$(head -5 "$TMP/check.err")"
finish
