#!/bin/sh
# 85-hostile.sh - SPEC section 6, "A hostile environment" (issue 13): cron runs the program
# unattended, as a service account, in folders other people can write to.  Each class of the
# issue: broken standard descriptors and pipes; nothing followed or removed inside the output
# folder that the program did not make; no input that blocks; an input that changes while it
# is read; report.ini lines that would silently change the marking; sums at the int64 edge;
# more units than any fixed table; out of memory; a font that is not TrueType.  Every run that
# could hang is bounded by timeout(1): a hang is exit 124, and a failure.
set -eu
. "$ROOT/tests/shell-lib.sh"
export SOURCE_DATE_EPOCH=1593561600
SLUG=met-online-investigation-team
UNIT="Met Online Investigation Team"
IN=$TMP/in
cp -R "$ROOT/input" "$IN"

# trun NAME ARG...: run, bounded by 60 s (a hang is exit 124).
trun() { name=$1; shift; rc=0; timeout 60 "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?; }
expect_err() { grep -q -- "$1" "$TMP/$name.err" || fail "$2: stderr lacks '$1': $(head -c 300 "$TMP/$name.err")"; }
# nothing_written DIR WHAT: no report and no SHA256SUMS under DIR.
nothing_written() {
	if [ -d "$1" ]; then
		left=$(cd "$1" && find . -type f ! -name .lock ! -name 'keep*' | tr "\n" " ")
		[ -z "$left" ] || fail "$2: files written: $left"
	fi
}
# same_reports A B WHAT: the same files under A and B, byte for byte.
same_reports() {
	files "$1" >"$TMP/tree-a"
	files "$2" >"$TMP/tree-b"
	cmp -s "$TMP/tree-a" "$TMP/tree-b" || { fail "$3: not the same files: $(diff "$TMP/tree-a" "$TMP/tree-b" | head -5)"; return 0; }
	while IFS= read -r f; do
		cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs"
	done <"$TMP/tree-a"
}

check "set-up: a clean --all-months run up to June 2020 (the reference bytes)"
trun ref -q --all-months -i "$IN" -o "$TMP/ref" -m 2020-06
expect_rc 0 "reference run"

# ---- Broken surroundings: standard descriptors, pipes ----

check "stdout closed at start: no list of files lands in .lock or a report; exit 0"
rc=0
timeout 60 "$BIN" --all-months -i "$IN" -o "$TMP/closed1" -m 2020-06 >&- 2>"$TMP/closed1.err" || rc=$?
name=closed1
expect_rc 0 "stdout closed"
[ ! -s "$TMP/closed1/.lock" ] || fail "stdout closed: .lock holds: $(head -c 200 "$TMP/closed1/.lock")"
same_reports "$TMP/closed1" "$TMP/ref" "stdout closed"

check "stdin, stdout and stderr closed at start, with warnings to give: none lands in a file the program wrote"
cp -R "$IN" "$TMP/in-warn"
printf '2020-06-01,%s,Training,12,34.5\n' "$UNIT" >>"$TMP/in-warn/spend.csv"
trun warnref -q --all-months -i "$TMP/in-warn" -o "$TMP/warnref" -m 2020-06
rc=0
timeout 60 "$BIN" --all-months -i "$TMP/in-warn" -o "$TMP/closed3" -m 2020-06 <&- >&- 2>&- || rc=$?
name=closed3
: >"$TMP/closed3.err"
expect_rc 0 "descriptors 0-2 closed"
[ ! -s "$TMP/closed3/.lock" ] || fail "descriptors closed: .lock holds: $(head -c 200 "$TMP/closed3/.lock")"
same_reports "$TMP/closed3" "$TMP/warnref" "descriptors 0-2 closed"

check "stdout a pipe whose reader has gone: every report and SHA256SUMS written, then exit 74 naming stdout"
{
	sleep 1	# the reader has exited by now: the first write meets a broken pipe
	st=0
	"$BIN" --all-months -i "$IN" -o "$TMP/pipe" -m 2020-06 2>"$TMP/pipe.err" || st=$?
	echo "$st" >"$TMP/pipe.rc"
} | true
rc=$(cat "$TMP/pipe.rc")
name=pipe
expect_rc 74 "broken pipe on stdout"
expect_err "standard output" "broken pipe on stdout"
same_reports "$TMP/pipe" "$TMP/ref" "broken pipe on stdout"
(cd "$TMP/pipe" && sha256sum -c --strict --quiet SHA256SUMS) || fail "broken pipe: sha256sum -c fails"

# ---- Never outside the output folder ----

# prior NAME: an output folder holding a clean run of May 2020 (to be written into again).
prior() {
	rm -rf "${TMP:?}/$1"
	timeout 60 "$BIN" -q -i "$IN" -o "$TMP/$1" -m 2020-05 || fail "set-up of $1"
}
# untouched DIR WHAT: DIR's files are those of $TMP/elsewhere-ref, byte for byte (nothing written there).
elsewhere() {
	rm -rf "${TMP:?}/elsewhere" "$TMP/elsewhere-ref"
	mkdir -p "$TMP/elsewhere"
	echo "not a report" >"$TMP/elsewhere/2020-06-monthly-return.pdf"
	echo "someone's notes" >"$TMP/elsewhere/notes.txt"
	cp -R "$TMP/elsewhere" "$TMP/elsewhere-ref"
}
untouched() { same_reports "$TMP/elsewhere" "$TMP/elsewhere-ref" "$1: the folder outside"; }
# refused73 NAME OUT WHAT NAMED: a run of June 2020 into OUT is refused with 73 naming NAMED,
# and leaves OUT's files as they were.
refused73() {
	cp -R "$2" "$TMP/$1-before"
	trun "$1" -q -i "$IN" -o "$2" -m 2020-06
	expect_rc 73 "$3"
	expect_err "$4" "$3"
	same_reports "$2" "$TMP/$1-before" "$3 (nothing written before the refusal)"
}

check "the output folder itself may be a symlink: followed, exit 0"
mkdir -p "$TMP/real-out"
ln -s "$TMP/real-out" "$TMP/link-out"
trun linkout -q -i "$IN" -o "$TMP/link-out" -m 2020-06
expect_rc 0 "output folder a symlink"
[ -f "$TMP/real-out/$SLUG/2020-06-monthly-return.pdf" ] || fail "output folder a symlink: no report in the folder it names"

check "73: a unit folder that is a symlink to a folder outside: nothing written through it, or anywhere"
prior o1
elsewhere
rm -rf "${TMP:?}/o1/$SLUG"
ln -s "$TMP/elsewhere" "$TMP/o1/$SLUG"
refused73 o1 "$TMP/o1" "unit folder a symlink" "o1/$SLUG"
untouched "unit folder a symlink"

check "73: a unit folder that is a symlink to a folder inside the output folder"
prior o2
mv "$TMP/o2/$SLUG" "$TMP/o2/real"
ln -s real "$TMP/o2/$SLUG"
refused73 o2 "$TMP/o2" "unit folder a symlink inside" "o2/$SLUG"

check "73: a unit folder's superseded/ that is a symlink"
prior o3
elsewhere
ln -s "$TMP/elsewhere" "$TMP/o3/$SLUG/superseded"
refused73 o3 "$TMP/o3" "superseded/ a symlink" "o3/$SLUG/superseded"
untouched "superseded/ a symlink"

check "73: a report's name that is a symlink to a file outside, or a folder: refused before any report"
prior o4
elsewhere
ln -s "$TMP/elsewhere/2020-06-monthly-return.pdf" "$TMP/o4/$SLUG/2020-06-monthly-return.pdf"
refused73 o4 "$TMP/o4" "a report name a symlink" "o4/$SLUG/2020-06-monthly-return.pdf"
untouched "a report name a symlink"
prior o5
mkdir "$TMP/o5/$SLUG/2020-06-monthly-return.json"
refused73 o5 "$TMP/o5" "a report name a folder" "o5/$SLUG/2020-06-monthly-return.json"

check "73: .lock a symlink (to a file that does not exist yet): no file made outside"
prior o6
rm -f "$TMP/o6/.lock"
ln -s "$TMP/made-by-lock" "$TMP/o6/.lock"
refused73 o6 "$TMP/o6" ".lock a symlink" "o6/.lock"
[ ! -e "$TMP/made-by-lock" ] || fail ".lock a symlink: $TMP/made-by-lock was made"

check "73: .lock a FIFO, .lock a folder"
prior o7
rm -f "$TMP/o7/.lock"
mkfifo "$TMP/o7/.lock"
refused73 o7 "$TMP/o7" ".lock a FIFO" "o7/.lock"
prior o8
rm -f "$TMP/o8/.lock"
mkdir "$TMP/o8/.lock"
refused73 o8 "$TMP/o8" ".lock a folder" "o8/.lock"

check "73 at once: SHA256SUMS a symlink to /dev/zero, a FIFO, a symlink to a file outside"
prior o9
rm -f "$TMP/o9/SHA256SUMS"
ln -s /dev/zero "$TMP/o9/SHA256SUMS"
refused73 o9 "$TMP/o9" "SHA256SUMS a symlink to /dev/zero" "o9/SHA256SUMS"
prior o10
rm -f "$TMP/o10/SHA256SUMS"
mkfifo "$TMP/o10/SHA256SUMS"
refused73 o10 "$TMP/o10" "SHA256SUMS a FIFO" "o10/SHA256SUMS"
prior o11
elsewhere
mv "$TMP/o11/SHA256SUMS" "$TMP/elsewhere/SHA256SUMS"
cp "$TMP/elsewhere/SHA256SUMS" "$TMP/elsewhere-ref/SHA256SUMS"
ln -s "$TMP/elsewhere/SHA256SUMS" "$TMP/o11/SHA256SUMS"
refused73 o11 "$TMP/o11" "SHA256SUMS a symlink" "o11/SHA256SUMS"
untouched "SHA256SUMS a symlink"

check "only the program's own temporary names are removed: .notes.tmp-old and look-alikes stay"
prior o12
for d in "$TMP/o12" "$TMP/o12/$SLUG"; do
	echo keep >"$d/.notes.tmp-old"
	echo keep >"$d/.2020-06-monthly-return.pdf.tmp-toolong"
	echo keep >"$d/.2020-06-monthly-return.pdf.tmp-ab"
	echo keep >"$d/.tmp-Ab12Cd"
done
echo keep >"$TMP/o12/.2020-06-monthly-return.pdf.tmp-Ab12Cd"	# a report's name, but not at the top
echo keep >"$TMP/o12/$SLUG/.SHA256SUMS.tmp-Ab12Cd"		# SHA256SUMS, but not in a unit folder
echo keep >"$TMP/o12/keep-target"
ln -s keep-target "$TMP/o12/.SHA256SUMS.tmp-Sy3mLk"			# a symlink is never the program's file
echo stale >"$TMP/o12/.SHA256SUMS.tmp-Qw3rTy"
echo stale >"$TMP/o12/$SLUG/.2020-06-monthly-return.json.tmp-a1B2c3"
(cd "$TMP/o12" && find . -name '*keep*' -o -name '.*tmp*' | LC_ALL=C sort) >"$TMP/o12.before"
trun o12 -q -i "$IN" -o "$TMP/o12" -m 2020-06
expect_rc 0 "foreign temporary names"
for f in .notes.tmp-old "$SLUG/.notes.tmp-old" .2020-06-monthly-return.pdf.tmp-toolong \
	"$SLUG/.2020-06-monthly-return.pdf.tmp-ab" .tmp-Ab12Cd "$SLUG/.tmp-Ab12Cd" \
	.2020-06-monthly-return.pdf.tmp-Ab12Cd "$SLUG/.SHA256SUMS.tmp-Ab12Cd" .SHA256SUMS.tmp-Sy3mLk; do
	[ -e "$TMP/o12/$f" ] || [ -L "$TMP/o12/$f" ] || fail "foreign temporary names: $f was removed"
done
[ ! -e "$TMP/o12/.SHA256SUMS.tmp-Qw3rTy" ] || fail "a stale temporary SHA256SUMS was kept"
[ ! -e "$TMP/o12/$SLUG/.2020-06-monthly-return.json.tmp-a1B2c3" ] || fail "a stale temporary report was kept"

# ---- Never blocks: an input that is not a regular file ----

# swap NAME FILE MAKE...: a copy of the input as $TMP/NAME whose FILE is replaced by what the
# command MAKE (run with the path as its last argument) makes.
swap() {
	dir=$TMP/$1 f=$2
	shift 2
	rm -rf "$dir"
	cp -R "$IN" "$dir"
	rm -f "$dir/$f"
	"$@" "$dir/$f"
}
sock() { python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$1"; }
# refused66 NAME FILE WHAT: a run over $TMP/NAME ends at once with 66 naming FILE, nothing written.
refused66() {
	trun "$1" -q -i "$TMP/$1" -o "$TMP/$1-out" -m 2020-06
	expect_rc 66 "$3"
	expect_err "$1/$2" "$3"
	expect_err "not a regular file" "$3"
	nothing_written "$TMP/$1-out" "$3"
}

for f in spend.csv grants.csv budget.csv report.ini; do
	check "66 at once: $f a FIFO with no writer"
	swap fifo "$f" mkfifo
	refused66 fifo "$f" "$f a FIFO"
done
check "66 at once: spend.csv and report.ini symlinks to /dev/zero (a read that never ends)"
swap zero spend.csv ln -s /dev/zero
refused66 zero spend.csv "spend.csv a symlink to /dev/zero"
swap zeroini report.ini ln -s /dev/zero
refused66 zeroini report.ini "report.ini a symlink to /dev/zero"
check "66: outcomes.csv a socket, a folder, a symlink to a folder"
swap socket outcomes.csv sock
refused66 socket outcomes.csv "outcomes.csv a socket"
swap folder outcomes.csv mkdir
refused66 folder outcomes.csv "outcomes.csv a folder"
swap folderlink outcomes.csv ln -s "$TMP"
refused66 folderlink outcomes.csv "outcomes.csv a symlink to a folder"
check "an input that is a symlink to a regular file is read as usual"
swap link spend.csv ln -s "$IN/spend.csv"
trun link -q -i "$TMP/link" -o "$TMP/link-out" -m 2020-06
expect_rc 0 "spend.csv a symlink to a file"
cmp -s "$TMP/link-out/$SLUG/2020-06-monthly-return.json" "$TMP/ref/$SLUG/2020-06-monthly-return.json" ||
	fail "spend.csv a symlink to a file: the return differs from the reference"
check "78 at once: a font named in report.ini that is a FIFO"
rm -rf "$TMP/fontfifo"
cp -R "$IN" "$TMP/fontfifo"
mkfifo "$TMP/fontfifo/font.ttf"
printf '[fonts]\nregular = font.ttf\nbold = font.ttf\n' >>"$TMP/fontfifo/report.ini"
trun fontfifo -q -i "$TMP/fontfifo" -o "$TMP/fontfifo-out" -m 2020-06
expect_rc 78 "a font a FIFO"
expect_err "font.ttf" "a font a FIFO"
nothing_written "$TMP/fontfifo-out" "a font a FIFO"

check "66, not 78: an input folder the service account cannot read (run as nobody)"
if nobody_can; then
	# Everything nobody needs is reachable: the program, its fonts, an output folder; only the
	# input folder is closed to it.
	priv=$(nobody_dir)
	mkdir "$priv/out"
	chown 65534:65534 "$priv/out"
	chmod 700 "$priv/in"
	as_nobody nobody -q -i "$priv/in" -o "$priv/out" -m 2020-06
	expect_rc 66 "an input folder nobody cannot read"
	expect_err "$priv/in" "an input folder nobody cannot read"
	check "and a folder it can read is read (the set-up is sound)"
	chmod 755 "$priv/in"
	as_nobody nobody -q -i "$priv/in" -o "$priv/out" -m 2020-06
	expect_rc 0 "an input folder nobody can read"
	rm -rf "$priv"
else
	check "not root, or no setpriv: the unreadable-folder case is not tested"
fi

# ---- The encoding rule: one stray byte does not turn a UTF-8 export into Windows-1252 ----

check "a stray 0xA3 in one row of a UTF-8 spend.csv: that row rejected 'not valid UTF-8', every £ amount still read"
rm -rf "$TMP/stray"
cp -R "$IN" "$TMP/stray"
printf '15/06/2020,%s,Staff overtime,\24312.00,MPS Payroll,stray byte,OT-X,OIT01\n' "$UNIT" >>"$TMP/stray/spend.csv"
line=$(wc -l <"$TMP/stray/spend.csv")
trun stray -q -i "$TMP/stray" -o "$TMP/stray-out" -m 2020-06
expect_rc 0 "a stray byte"
expect_err "stray/spend.csv:$line: not valid UTF-8" "a stray byte"
python3 - "$TMP/stray-out/$SLUG/2020-06-monthly-return.json" "$TMP/ref/$SLUG/2020-06-monthly-return.json" <<'PY' || fail "a stray byte: the spend figures differ from the reference"
import json, sys
a, b = (json.load(open(p))["spend"] for p in sys.argv[1:])
sys.exit(0 if a == b and a["total"]["ytd_actual_pence"] > 0 else 1)
PY
check "65: a UTF-16 spend.csv, with a message saying to save it as UTF-8 or CSV"
rm -rf "$TMP/utf16"
cp -R "$IN" "$TMP/utf16"
iconv -f UTF-8 -t UTF-16 "$IN/spend.csv" >"$TMP/utf16/spend.csv"
trun utf16 -q -i "$TMP/utf16" -o "$TMP/utf16-out" -m 2020-06
expect_rc 65 "UTF-16"
expect_err "utf16/spend.csv: the file is UTF-16" "UTF-16"
nothing_written "$TMP/utf16-out" "UTF-16"

# ---- report.ini says what it means: the marking never changes silently ----

# ini NAME: an input folder whose report.ini is $TMP/ini.txt; then a run of it.
ini() {
	rm -rf "${TMP:?}/$1"
	cp -R "$IN" "$TMP/$1"
	cp "$TMP/ini.txt" "$TMP/$1/report.ini"
	trun "$1" -q -i "$TMP/$1" -o "$TMP/$1-out" -m 2020-06
}
# refused78 NAME LINE WHAT TEXT: exit 78 naming report.ini:LINE and TEXT, nothing written.
refused78() {
	expect_rc 78 "$3"
	expect_err "$1/report.ini:$2: $4" "$3"
	nothing_written "$TMP/$1-out" "$3"
}
# 189 bytes after "marking = ": inih read the first 199 bytes as the marking and the rest,
# "team = X", as a key of its own, with exit 0.
long=$(awk 'BEGIN { s = "OFFICIAL-SENSITIVE"; while (length(s) < 189) s = s " STRAP"; printf "%s", substr(s, 1, 189) }')
check "78: a marking line longer than inih's line buffer (it was cut, and its tail read as another key)"
printf '[report]\nmarking = %steam = X\n' "$long" >"$TMP/ini.txt"
ini longline
refused78 longline 2 "a line past inih's buffer" "the line is"
check "78: a continuation line under marking (inih appended it, replacing the marking)"
printf '[report]\nmarking = OFFICIAL-SENSITIVE\n  STRAP 1 ONLY\nteam = T\n' >"$TMP/ini.txt"
ini cont
refused78 cont 3 "a continuation line" "an indented line"
check "78: an indented [report] after the marking (inih read it as the marking's new value)"
printf '[report]\nmarking = SECRET\n  [report]\nteam = T\n' >"$TMP/ini.txt"
ini indsec
refused78 indsec 3 "an indented section header" "an indented section header"
check "78: a key after a section header on the same line (inih ignored it)"
printf '[report] marking = SECRET\n' >"$TMP/ini.txt"
ini after
refused78 after 1 "text after a section header" "text after the section header"
check "78: a carriage return inside a line (old Mac line ends: one long line to inih)"
printf '[report]\rmarking = SECRET\r' >"$TMP/ini.txt"
ini cr
refused78 cr 1 "a bare CR" "a carriage return inside the line"
check "a comment, a blank or indented comment line, CRLF line ends and a BOM are all fine"
printf '\357\273\277; settings\r\n[report] ; the report\r\n  ; an indented comment\r\n\r\nmarking = OFFICIAL-SENSITIVE [STRAP]\r\n' >"$TMP/ini.txt"
ini okini
expect_rc 0 "comments and CRLF"
[ "$(pdftotext "$TMP/okini-out/$SLUG/2020-06-monthly-return.pdf" - | head -1)" = "OFFICIAL-SENSITIVE [STRAP]" ] ||
	fail "comments and CRLF: the marking is not as written"
check "the longest marking a line can hold prints in full on every page"
mark=$(awk 'BEGIN { s = "OFFICIAL-SENSITIVE"; while (length(s) < 186) s = s " WWW MMM"; print substr(s, 1, 186) }')
printf '[report]\nmarking = %s\n' "$mark" >"$TMP/ini.txt"
ini longmark
expect_rc 0 "the longest marking"
pdftotext -layout "$TMP/longmark-out/$SLUG/2020-06-monthly-return.pdf" - | tr -s ' \n' '  ' >"$TMP/longmark.txt"
want=$(printf '%s' "$mark" | tr -s ' ' ' ')
grep -qF "$want" "$TMP/longmark.txt" || fail "the longest marking is not printed in full"

# ---- A font that is not a usable TrueType file: 78, never a crash inside libharu ----

# badfont NAME: an input folder whose [fonts] name $TMP/NAME.ttf; then a run of it.
badfont() {
	rm -rf "${TMP:?}/$1"
	cp -R "$IN" "$TMP/$1"
	printf '[fonts]\nregular = %s\nbold = %s\n' "$TMP/$1.ttf" "$TMP/$1.ttf" >>"$TMP/$1/report.ini"
	trun "$1" -q -i "$TMP/$1" -o "$TMP/$1-out" -m 2020-06
	expect_rc 78 "$2"
	expect_err "$1.ttf: not a usable TrueType font" "$2"
	nothing_written "$TMP/$1-out" "$2"
}
check "78: an 8-byte font file (libharu died of SIGSEGV), an empty one, the first 3,000 bytes of a font"
head -c 8 "$ROOT/fonts/LiberationSans-Regular.ttf" >"$TMP/font8.ttf"
badfont font8 "an 8-byte font"
: >"$TMP/font0.ttf"
badfont font0 "an empty font file"
head -c 3000 "$ROOT/fonts/LiberationSans-Regular.ttf" >"$TMP/font3k.ttf"
badfont font3k "a cut font file"
check "78: a font whose units per em is 0 (libharu died of SIGFPE) or with more metrics than glyphs (heap corruption)"
# patch NAME HOW: the shipped regular font with one field changed.
patch() {
	python3 - "$ROOT/fonts/LiberationSans-Regular.ttf" "$TMP/$1.ttf" "$2" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
tables = {}
for i in range(struct.unpack('>H', b[4:6])[0]):
    r = 12 + 16 * i
    tables[b[r:r + 4].decode('latin-1')] = struct.unpack('>I', b[r + 8:r + 12])[0]
glyphs = struct.unpack('>H', b[tables['maxp'] + 4:tables['maxp'] + 6])[0]
at, value = {'upem0': (tables['head'] + 18, 0), 'metrics': (tables['hhea'] + 34, glyphs + 50)}[sys.argv[3]]
b[at:at + 2] = struct.pack('>H', value)
open(sys.argv[2], 'wb').write(b)
PY
}
patch upem0 upem0
badfont upem0 "units per em 0"
patch metrics metrics
badfont metrics "more metrics than glyphs"

# ---- No silent limits: more units than any fixed table held; long names refused, not cut ----

check "5,001 units: every one reported (4,096 were, the rest rejected with exit 0)"
many=$TMP/many
mkdir -p "$many"
awk 'BEGIN { print "unit,financial_year,amount"; for (i = 1; i <= 5001; i++) printf "Unit %d,2020/21,\"12,000\"\n", i }' >"$many/grants.csv"
awk 'BEGIN { print "date,unit,category,amount"; for (i = 1; i <= 5001; i++) printf "2020-06-%02d,Unit %d,Cat %d,%d.00\n", 1 + i % 28, i, i % 50, i }' >"$many/spend.csv"
echo 'date,unit,measure' >"$many/outcomes.csv"
# On a memory file system when there is one: 10,000 files each fsynced would take minutes on a disk.
manyout=$(mktemp -d /dev/shm/roit-many.XXXXXX 2>/dev/null || mktemp -d)
trun many -q --only monthly -i "$many" -o "$manyout/out" -m 2020-06
expect_rc 0 "5,001 units"
empty "$TMP/many.err" "5,001 units: stderr"
n=$(find "$manyout/out" -name 2020-06-monthly-return.json | wc -l)
[ "$n" -eq 5001 ] || fail "5,001 units: $n monthly returns written"
grep -q '"ytd_actual_pence": 500100,' "$manyout/out/unit-5001/2020-06-monthly-return.json" 2>/dev/null ||
	fail "5,001 units: the last unit's spend is not in its return"
rm -rf "$manyout"

check "a unit, category or measure name longer than its limit is rejected, never cut (two would become one)"
rm -rf "$TMP/longname"
cp -R "$IN" "$TMP/longname"
cat512=$(awk 'BEGIN { for (i = 0; i < 520; i++) printf "c" }')
printf '15/06/2020,%s,%sA,10.00,S,D,R,OIT01\n15/06/2020,%s,%sB,20.00,S,D,R,OIT01\n' "$UNIT" "$cat512" "$UNIT" "$cat512" >>"$TMP/longname/spend.csv"
trun longname -q -i "$TMP/longname" -o "$TMP/longname-out" -m 2020-06
expect_rc 0 "long category names"
[ "$(grep -c 'category is longer than 511 bytes' "$TMP/longname.err")" -eq 2 ] ||
	fail "long category names: not both rejected: $(head -c 300 "$TMP/longname.err")"

# ---- No wrapped figure: a sum past the int64 range stops the run, naming the unit and the sum ----

check "65: a year-to-date outcome sum past int64 (each month's total in range), named with its unit"
# Each month filled to the most a month holds (2,305 rows of 999,999,999,999 arrests and one of
# 843,009,215,998); four months reach 9,223,372,036,854,772,000 thousandths, August's 4 pass int64.
rm -rf "$TMP/edge"
mkdir "$TMP/edge"
printf 'unit,financial_year,amount\nEdge,2020/21,100.00\n' >"$TMP/edge/grants.csv"
printf 'date,unit,category,amount\n2020-04-01,Edge,Staff,1.00\n' >"$TMP/edge/spend.csv"
awk 'BEGIN { print "date,unit,measure,value"
	for (m = 4; m <= 7; m++) { for (i = 0; i < 2305; i++) printf "2020-%02d-01,Edge,arrests,999999999999\n", m
		printf "2020-%02d-02,Edge,arrests,843009215998\n", m }
	print "2020-08-01,Edge,arrests,4" }' >"$TMP/edge/outcomes.csv"
trun edge -q -i "$TMP/edge" -o "$TMP/edge-out" -m 2020-07
expect_rc 0 "at the edge (July)"
grep -q '"ytd": 9223372036854772,' "$TMP/edge-out/edge/2020-07-monthly-return.json" || fail "at the edge: the YTD is not exact"
trun edge8 -q -i "$TMP/edge" -o "$TMP/edge-out" -m 2020-08
expect_rc 65 "past the edge (August)"
expect_err "Edge: the 2020-08 return cannot be made: the year to date of arrests is past 9223372036854775807" "past the edge"
[ ! -e "$TMP/edge-out/edge/2020-08-monthly-return.json" ] || fail "past the edge: a return was written"

check "65: a network overview with a unit whose figures pass int64 is refused, not made without that unit"
# It was written with the unit left out ("1 with an awarded grant"), its totals short, exit 0.
printf 'unit,financial_year,amount\nEdge,2020/21,100.00\nOther,2020/21,100.00\n' >"$TMP/edge/grants.csv"
printf '2020-08-01,Other,arrests,3\n' >>"$TMP/edge/outcomes.csv"
trun edgenet -q -i "$TMP/edge" -o "$TMP/edgenet-out" -m 2020-08 --only overview
expect_rc 65 "an overview past the edge"
expect_err "the 2020-08 network overview cannot be made: for Edge, the year to date of arrests is past 9223372036854775807" \
	"an overview past the edge"
nothing_written "$TMP/edgenet-out" "an overview past the edge"
trun edgenet7 -q -i "$TMP/edge" -o "$TMP/edgenet-out" -m 2020-07 --only overview
expect_rc 0 "an overview at the edge (July)"
grep -q '"unit": "Edge"' "$TMP/edgenet-out/2020-07-network-overview.json" || fail "an overview at the edge: Edge missing"

# ---- Time grows with the data: a word of any length wraps in time linear in its length ----

check "four 1 MB words of commentary wrap in well under 30 s (about 14 s each: wrapping was quadratic)"
rm -rf "$TMP/words"
cp -R "$IN" "$TMP/words"
awk -v unit="$UNIT" 'BEGIN { print "unit,month,section,text"
	split("summary spend outcomes risks", sec, " ")
	for (k = 1; k <= 4; k++) { printf "%s,2020-06,%s,", unit, sec[k]; for (i = 0; i < 1048000; i++) printf "%c", 65 + (i * 7 + int(i / 26)) % 26; print "" } }' >"$TMP/words/commentary.csv"
name=words
rc=0
timeout 30 "$BIN" -q --only monthly -i "$TMP/words" -o "$TMP/words-out" -m 2020-06 >"$TMP/words.out" 2>"$TMP/words.err" || rc=$?
expect_rc 0 "four 1 MB words"
lines=$(pdftotext "$TMP/words-out/$SLUG/2020-06-monthly-return.pdf" - 2>/dev/null | grep -c '^[A-Z]\{40,\}$' || true)
[ "$lines" -gt 40000 ] || fail "four 1 MB words: only $lines lines of them in the PDF"

# ---- Out of memory: exit 70 with a message, never a signal ----

# oom_left_true KB: what a run stopped for want of memory left is true: each report file it
# wrote is the clean run's, byte for byte, and its SHA256SUMS (when it got that far) lists
# only files that are there with those bytes, each as the clean run lists it.  Which reports
# a stopped run reached depends on where the limit bit, so no more is asked of it.
oom_left_true() {
	for f in $(files "$TMP/oom" | grep -v '\.tmp-' | grep -v '^SHA256SUMS$'); do
		cmp -s "$TMP/oom/$f" "$TMP/oomref/$f" || fail "ulimit -v $1: $f is not a complete report"
	done
	[ -f "$TMP/oom/SHA256SUMS" ] || return 0
	(cd "$TMP/oom" && sha256sum -c --quiet --strict SHA256SUMS >/dev/null 2>&1) ||
		fail "ulimit -v $1: SHA256SUMS does not match the files"
	while IFS= read -r line; do
		grep -qxF -- "$line" "$TMP/oomref/SHA256SUMS" || fail "ulimit -v $1: SHA256SUMS line not the clean run's: $line"
	done <"$TMP/oom/SHA256SUMS"
}
check "ulimit -v from 9 MB to 40 MB: exit 0 with every report as a clean run writes it, or 70 'out of memory'; never a signal"
trun oomref -q -i "$IN" -o "$TMP/oomref" -m 2020-06
if ! (ulimit -v 200000 && "$BIN" --version) >/dev/null 2>&1; then
	check "the program cannot start under ulimit -v here (a sanitizer's shadow memory): not tested"
else
	for kb in $(seq 9000 500 40000); do
		rm -rf "$TMP/oom"
		rc=0
		(ulimit -v "$kb" && exec "$BIN" -q -i "$IN" -o "$TMP/oom" -m 2020-06) >/dev/null 2>"$TMP/oom.err" || rc=$?
		name=oom
		case $rc in
		0) same_reports "$TMP/oom" "$TMP/oomref" "ulimit -v $kb" ;;
		70) grep -q "out of memory" "$TMP/oom.err" || fail "ulimit -v $kb: exit 70 without 'out of memory': $(head -c 200 "$TMP/oom.err")"
		    [ ! -d "$TMP/oom" ] || oom_left_true "$kb" ;;
		# 127: the dynamic loader ran out before the program started (its words vary with the
		# binary's size: a coverage build needs more for its TLS).
		127) grep -q -e "error while loading shared libraries" -e "cannot allocate TLS data structures" "$TMP/oom.err" ||
			fail "ulimit -v $kb: exit 127: $(head -c 200 "$TMP/oom.err")" ;;
		*) fail "ulimit -v $kb: exit $rc (a signal, or not 70): $(head -c 200 "$TMP/oom.err")" ;;
		esac
	done
fi

finish
