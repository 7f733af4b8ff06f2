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

finish
