#!/bin/sh
# 20-exit-codes.sh - the sysexits codes of SPEC section 2 other than 0 and 64, each forced by a
# real fault, with the message naming the file (and line, column, value where they apply) and
# nothing written: 66 no input, 65 bad data, 73 output cannot be created, 75 locked, 78 report.ini.
set -eu
. "$ROOT/tests/shell-lib.sh"
expect_err() { grep -q -- "$1" "$TMP/$name.err" || fail "$2: stderr lacks '$1': $(head -c 300 "$TMP/$name.err")"; }
# nothing_written DIR WHAT: no report and no SHA256SUMS under DIR (the folder itself and .lock may exist).
nothing_written() {
	if [ -d "$1" ]; then
		left=$(cd "$1" && find . -type f ! -name .lock | tr "\n" " ")
		[ -z "$left" ] || fail "$2: files written: $left"
	fi
}
# The sample's first unit alone, and fresh NAME: a copy of it as $TMP/NAME.
MET=$TMP/met
sh "$ROOT/tools/network_input.sh" 1 "$MET"
fresh() { rm -rf "${TMP:?}/$1"; cp -R "$MET" "$TMP/$1"; }

SOURCE_DATE_EPOCH=1593561600
export SOURCE_DATE_EPOCH

check "66: the input folder does not exist; the message names it"
run e66 -i "$TMP/no-such-input" -o "$TMP/out66" -m 2020-06
expect_rc 66 "missing input folder"
expect_err "$TMP/no-such-input" "missing input folder"
nothing_written "$TMP/out66" "missing input folder"

check "66: the input 'folder' is a regular file"
echo x >"$TMP/plainfile"
run e66 -i "$TMP/plainfile" -o "$TMP/out66" -m 2020-06
expect_rc 66 "input is a file"
expect_err "$TMP/plainfile" "input is a file"

for f in spend.csv grants.csv outcomes.csv; do
	check "66: required $f missing; the message names $f; nothing written"
	fresh in66
	rm "$TMP/in66/$f"
	run e66 -i "$TMP/in66" -o "$TMP/out66-$f" -m 2020-06
	expect_rc 66 "missing $f"
	expect_err "in66/$f" "missing $f"
	nothing_written "$TMP/out66-$f" "missing $f"
done

check "66: spend.csv unreadable (a folder of that name)"
fresh in66d
rm "$TMP/in66d/spend.csv"
mkdir "$TMP/in66d/spend.csv"
run e66 -i "$TMP/in66d" -o "$TMP/out66d" -m 2020-06
expect_rc 66 "spend.csv is a folder"
expect_err "spend.csv" "spend.csv is a folder"
nothing_written "$TMP/out66d" "spend.csv is a folder"

check "65: a required column (amount) missing from spend.csv; the message names the file and the column"
fresh in65a
sed '1s/,amount,/,amt,/' "$MET/spend.csv" >"$TMP/in65a/spend.csv"
run e65 -i "$TMP/in65a" -o "$TMP/out65a" -m 2020-06
expect_rc 65 "missing amount column"
expect_err "in65a/spend.csv" "missing amount column"
expect_err "amount" "missing amount column"
nothing_written "$TMP/out65a" "missing amount column"

check "65: a required column (measure) missing from outcomes.csv"
fresh in65m
sed '1s/,measure,/,what,/' "$MET/outcomes.csv" >"$TMP/in65m/outcomes.csv"
run e65 -i "$TMP/in65m" -o "$TMP/out65m" -m 2020-06
expect_rc 65 "missing measure column"
expect_err "in65m/outcomes.csv" "missing measure column"
expect_err "measure" "missing measure column"
nothing_written "$TMP/out65m" "missing measure column"

check "65: a quote still open at the end of spend.csv (it would swallow the rows after it); message names file and the line it opens on"
fresh in65q
cat >"$TMP/in65q/spend.csv" <<'EOF'
date,unit,category,amount,description
2020-04-01,Met Online Investigation Team,Training,£100.00,ok
2020-04-02,Met Online Investigation Team,Training,£50.00,"never closed
2020-04-03,Met Online Investigation Team,Training,£10.00,swallowed
2020-04-04,Met Online Investigation Team,Training,£10.00,swallowed
EOF
run e65 -i "$TMP/in65q" -o "$TMP/out65q" -m 2020-06
expect_rc 65 "open quote at end of file"
expect_err "in65q/spend.csv:3:" "open quote at end of file"
nothing_written "$TMP/out65q" "open quote at end of file"

check "65: the same open quote on the last line, the file ending without a newline"
printf '2020-04-05,Met Online Investigation Team,Training,"£10.00' >>"$TMP/in65q/spend.csv"
sed -i '3s/"never closed/closed/' "$TMP/in65q/spend.csv"
run e65 -i "$TMP/in65q" -o "$TMP/out65q2" -m 2020-06
expect_rc 65 "open quote on the last line"
expect_err "in65q/spend.csv:6:" "open quote on the last line"
nothing_written "$TMP/out65q2" "open quote on the last line"

check "65: --strict with one bad amount row; without --strict the same data exits 0"
fresh in65s
awk 'NR == 5 { $0 = "02/04/2018,Met Online Investigation Team,Training,\"12,34.5\",X,bad,R1,OIT01" } { print }' \
	"$MET/spend.csv" >"$TMP/in65s/spend.csv"
run e65 --strict -i "$TMP/in65s" -o "$TMP/out65s" -m 2020-06
expect_rc 65 "--strict with a bad row"
expect_err 'in65s/spend.csv:5: amount "12,34.5"' "--strict with a bad row"
nothing_written "$TMP/out65s" "--strict with a bad row"
run e65 -i "$TMP/in65s" -o "$TMP/out65s-lax" -m 2020-06
expect_rc 0 "the bad row without --strict"

check "65: a file that is not CSV at all (binary bytes in spend.csv)"
fresh in65b
head -c 4096 /dev/urandom >"$TMP/in65b/spend.csv"
run e65 -i "$TMP/in65b" -o "$TMP/out65b" -m 2020-06
expect_rc 65 "binary spend.csv"
expect_err "in65b/spend.csv" "binary spend.csv"
nothing_written "$TMP/out65b" "binary spend.csv"

check "73: the output path lies under a regular file; the message names the path"
echo "not a folder" >"$TMP/afile"
run e73 -i "$MET" -o "$TMP/afile/out" -m 2020-06
expect_rc 73 "output under a regular file"
expect_err "$TMP/afile/out" "output under a regular file"
[ "$(cat "$TMP/afile")" = "not a folder" ] || fail "the regular file was changed"
run e73 -i "$MET" -o "$TMP/afile" -m 2020-06
expect_rc 73 "output is a regular file"

check "75: another process holds the lock on <output>/.lock: exit 75 at once, message names the folder"
OUT75=$TMP/out75
mkdir "$OUT75"
flock -o "$OUT75/.lock" sleep 10 &
holder=$!
# Wait until the holder really has the lock.
i=0
while flock -n "$OUT75/.lock" true; do
	i=$((i + 1))
	[ "$i" -lt 500 ] || break
	sleep 0.01
done
run e75 -i "$MET" -o "$OUT75" -m 2020-06
expect_rc 75 "lock held"
expect_err "$OUT75" "lock held"
# "at once": it did not wait for the holder, which is still there.
kill -0 "$holder" 2>/dev/null || fail "lock held: the run waited for the lock instead of exiting at once"
nothing_written "$OUT75" "lock held"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
run ok75 -q -i "$MET" -o "$OUT75" -m 2020-06
expect_rc 0 "the lock released"

check "78: report.ini with an unknown key: message 'report.ini:LINE:' naming the key"
fresh in78
printf '[report]\norganisation = X\ncolour = red\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78" -m 2020-06
expect_rc 78 "unknown key"
expect_err "in78/report.ini:3:" "unknown key"
expect_err "colour" "unknown key"
[ ! -e "$TMP/out78" ] || fail "unknown key: the output folder was created"

check "78: a misspelt key (ambre_pct) appended to the sample's report.ini, on the right line"
fresh in78b
printf '\n[thresholds]\nambre_pct = 3\n' >>"$TMP/in78b/report.ini"
line=$(grep -n '^ambre_pct' "$TMP/in78b/report.ini" | cut -d: -f1)
run e78 -i "$TMP/in78b" -o "$TMP/out78b" -m 2020-06
expect_rc 78 "unknown key ambre_pct"
expect_err "in78b/report.ini:$line:" "unknown key ambre_pct"
expect_err "ambre_pct" "unknown key ambre_pct"

check "78: an unknown section (with a key) names the section"
printf '[report]\norganisation = X\n[reprot]\nteam = Y\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78" -m 2020-06
expect_rc 78 "unknown section"
expect_err "in78/report.ini:" "unknown section"
expect_err "reprot" "unknown section"

check "78: an unknown section with no keys is still a typo, not silently ignored"
printf '[report]\norganisation = X\n\n[threshold]\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78" -m 2020-06
expect_rc 78 "empty unknown section [threshold]"
expect_err "in78/report.ini:4:" "empty unknown section [threshold]"

check "78: a line that is not key = value"
printf '[report]\norganisation = X\nthis is not a key\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78" -m 2020-06
expect_rc 78 "not a key = value line"
expect_err "in78/report.ini:3:" "not a key = value line"

check "78: [fonts] regular names a font file that does not exist; message names the font"
printf '[report]\norganisation = X\n[fonts]\nregular = fonts/no-such-font.ttf\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78f" -m 2020-06
expect_rc 78 "missing font"
expect_err "no-such-font.ttf" "missing font"
expect_err "report.ini" "missing font"
[ ! -e "$TMP/out78f" ] || fail "missing font: the output folder was created"

check "78: a threshold that is not a number"
printf '[thresholds]\namber_pct = five\n' >"$TMP/in78/report.ini"
run e78 -i "$TMP/in78" -o "$TMP/out78" -m 2020-06
expect_rc 78 "amber_pct = five"
expect_err "in78/report.ini:2:" "amber_pct = five"

check "78: a mistyped measure kind in [measures] (\"Cash seized, mony\") names the line and the kind"
fresh inkind
printf '\n[measures]\ncash_seized = Cash seized, mony\n' >>"$TMP/inkind/report.ini"
line=$(grep -n 'mony' "$TMP/inkind/report.ini" | cut -d: -f1)
run ekind -i "$TMP/inkind" -o "$TMP/outkind" -m 2020-06
expect_rc 78 "kind mony"
expect_err "inkind/report.ini:$line: measure \"cash_seized\": kind \"mony\" is not count, quantity or money" "kind mony"
nothing_written "$TMP/outkind" "kind mony"

check "78: a section header without its closing bracket names its own line"
fresh inbr
printf '\n[thresholds\namber_pct = 5\n' >>"$TMP/inbr/report.ini"
line=$(grep -n '^\[thresholds$' "$TMP/inbr/report.ini" | cut -d: -f1)
run ebr -i "$TMP/inbr" -o "$TMP/outbr" -m 2020-06
expect_rc 78 "[thresholds"
expect_err "inbr/report.ini:$line: section header \"\[thresholds\" has no closing \]" "[thresholds"

check "65: a negative award is named as negative, not as a badly written sum"
fresh inneg
sed -i 's/"£250,000.00",awarded,PCD 815/"-£250,000.00",awarded,PCD 815/' "$TMP/inneg/grants.csv"
run eneg -i "$TMP/inneg" -o "$TMP/outneg" -m 2020-06
expect_rc 65 "negative award"
expect_err 'amount "-£250,000.00" is negative: a grant is 0 or more' "negative award"

check "65: a field over 1 MiB stops the run before anything is written, naming the line once"
fresh inbig
awk 'NR == 1501 { printf "%s", $0; for (i = 0; i < 21000; i++) printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; print ""; next } { print }' \
	"$MET/spend.csv" >"$TMP/inbig/spend.csv"
run ebig -i "$TMP/inbig" -o "$TMP/outbig" -m 2020-06
expect_rc 65 "field over 1 MiB"
expect_err "inbig/spend.csv:1501: a field is longer than 1048576 bytes" "field over 1 MiB"
[ "$(grep -c 'longer than' "$TMP/ebig.err")" -eq 1 ] || fail "field over 1 MiB: said more than once"
nothing_written "$TMP/outbig" "field over 1 MiB"

finish
