#!/bin/sh
# 70-cron-faults.sh - SPEC section 6 under real faults: SIGTERM and SIGKILL in the middle of
# --all-months (no temporary file left, every file under a final name complete, stale temporary
# files cleaned by the next run) and a full disk (ulimit -f with SIGXFSZ ignored: exit 74,
# earlier reports unchanged, no partial file under a final name).
set -eu
. "$ROOT/tests/shell-lib.sh"
temps() { find "$1" -name '.*.tmp-*'; }
# all_complete DIR WHAT REF...: every report under DIR (not .lock, SHA256SUMS or temporary files)
# is byte-identical to the file of that name in one of the REF folders.
all_complete() {
	dir=$1 what=$2
	shift 2
	files "$dir" | grep -vx SHA256SUMS | grep -v '/\.[^/]*\.tmp-[^/]*$' | grep -v '^\.[^/]*\.tmp-' >"$TMP/complete.list" || true
	while IFS= read -r f; do
		ok=no
		for ref in "$@"; do
			if [ -f "$ref/$f" ] && cmp -s "$dir/$f" "$ref/$f"; then
				ok=yes
				break
			fi
		done
		[ "$ok" = yes ] || fail "$what: $f is not a complete file (matches no clean run)"
	done <"$TMP/complete.list"
}
same_tree() {
	files "$1" >"$TMP/tree-a"
	files "$2" >"$TMP/tree-b"
	cmp -s "$TMP/tree-a" "$TMP/tree-b" || { fail "$3: not the same files: $(diff "$TMP/tree-a" "$TMP/tree-b" | head)"; return 0; }
	while IFS= read -r f; do
		cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs"
	done <"$TMP/tree-a"
}
# kill_midway SIG OUT FILE ARG...: start the program in the background, wait until FILE exists
# under OUT (the run is then mid-way), send SIG; sets $status to the exit status.
kill_midway() {
	sig=$1 out=$2 mark=$3
	shift 3
	"$BIN" -q -o "$out" "$@" >"$TMP/bg.out" 2>"$TMP/bg.err" &
	pid=$!
	while [ ! -e "$out/$mark" ] && kill -0 "$pid" 2>/dev/null; do
		:
	done
	kill "-$sig" "$pid" 2>/dev/null || true
	status=0
	wait "$pid" 2>/dev/null || status=$?
}

# limited BLOCKS ARG...: run the program with ulimit -f BLOCKS and SIGXFSZ ignored, so a write
# past the limit fails with EFBIG like a full disk; stderr in $TMP/$name.err (through a pipe, which
# the limit does not bind), the exit status in $rc.
limited() {
	blocks=$1
	shift
	(
		st=0
		(trap '' XFSZ; ulimit -f "$blocks"; exec "$BIN" "$@" >/dev/null) || st=$?
		echo "$st" >"$TMP/$name.rc"
	) 2>&1 | cat >"$TMP/$name.err"
	rc=$(cat "$TMP/$name.rc")
}

export SOURCE_DATE_EPOCH=1593561600
SLUG=met-online-investigation-team
UNIT="Met Online Investigation Team"

# Four units (the sample's first and three copies of it), so --all-months writes 240 reports'
# files and 54 of the network overview, and takes long enough to be interrupted.
IN=$TMP/in
sh "$ROOT/tools/network_input.sh" 1 "$IN"
for f in grants budget spend outcomes targets commentary; do
	for k in 2 3 4; do
		tail -n +2 "$IN/$f.csv" | sed "s/$UNIT/Unit $k/g" >>"$IN/$f.csv.more"
	done
	cat "$IN/$f.csv.more" >>"$IN/$f.csv"
	rm "$IN/$f.csv.more"
done

check "set-up: a clean --all-months run (the reference bytes of every file)"
run ref -q --all-months -i "$IN" -o "$TMP/ref" -m 2020-06
expect_rc 0 "clean --all-months"
total=$(files "$TMP/ref" | wc -l)
[ "$total" -eq 295 ] || fail "the clean run wrote $total files, expected 295"
# An earlier run with another "now", so its reports differ from the reference bytes.
SOURCE_DATE_EPOCH=1530403200
run pre -q -i "$IN" -o "$TMP/pre" -m 2018-06
SOURCE_DATE_EPOCH=1593561600
expect_rc 0 "earlier run"
cmp -s "$TMP/pre/$SLUG/2018-06-monthly-return.json" "$TMP/ref/$SLUG/2018-06-monthly-return.json" &&
	fail "set-up: the earlier run's report equals the reference"
# What a run without a fault makes of the earlier run's folder (SPEC 8: its unchanged reports left
# as they were, its summary as at June 2018 kept under superseded/ as revision 1).
cp -R "$TMP/pre" "$TMP/refpre"
run refpre -q --all-months -i "$IN" -o "$TMP/refpre" -m 2020-06
expect_rc 0 "clean --all-months over the earlier run"

check "SIGTERM in the middle of --all-months: the run dies of SIGTERM"
cp -R "$TMP/pre" "$TMP/term"
kill_midway TERM "$TMP/term" "$SLUG/2019-01-monthly-return.json" --all-months -i "$IN" -m 2020-06
[ "$status" -eq 143 ] || fail "SIGTERM: exit status $status, expected 143 (128 + SIGTERM) (stderr: $(head -c 300 "$TMP/bg.err"))"
n=$(files "$TMP/term" | wc -l)
[ "$n" -lt "$total" ] || fail "SIGTERM came too late to test anything: $n files written"
check "SIGTERM: no temporary file left"
[ -z "$(temps "$TMP/term")" ] || fail "SIGTERM left temporary files: $(temps "$TMP/term")"
check "SIGTERM: every file present is complete (the earlier run's bytes or the clean run's)"
all_complete "$TMP/term" "SIGTERM" "$TMP/pre" "$TMP/refpre"
for f in $(files "$TMP/pre"); do
	[ -f "$TMP/term/$f" ] || fail "SIGTERM: the earlier report $f is gone"
done
check "SIGTERM: SHA256SUMS still tells the truth (sha256sum -c passes on what the killed run left)"
(cd "$TMP/term" && sha256sum -c --strict --quiet SHA256SUMS >"$TMP/term.sums" 2>&1) ||
	fail "SIGTERM: sha256sum -c fails: the killed run replaced reports SHA256SUMS still lists with the old hashes: $(grep -c FAILED "$TMP/term.sums") FAILED, e.g. $(grep FAILED "$TMP/term.sums" | head -1)"
check "SIGTERM: the next run finishes the job: exit 0, every file as a clean run writes it"
run after-term -q --all-months -i "$IN" -o "$TMP/term" -m 2020-06
expect_rc 0 "run after SIGTERM"
same_tree "$TMP/term" "$TMP/refpre" "run after SIGTERM"
(cd "$TMP/term" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after SIGTERM and a re-run"

# Under nohup SIGHUP is ignored, and the program rightly keeps it so (a shell cannot undo
# that for its children): then there is nothing to test.
if [ $(( 0x$(awk '/^SigIgn:/ { print $2 }' /proc/$$/status 2>/dev/null || echo 0) & 1 )) -eq 1 ]; then
	check "SIGHUP is ignored here (nohup), as the program leaves it: not tested"
else
	check "SIGHUP (the terminal closing) is handled like SIGTERM"
	cp -R "$TMP/pre" "$TMP/hup"
	kill_midway HUP "$TMP/hup" "$SLUG/2019-01-monthly-return.json" --all-months -i "$IN" -m 2020-06
	[ "$status" -eq 129 ] || fail "SIGHUP: exit status $status, expected 129"
	[ -z "$(temps "$TMP/hup")" ] || fail "SIGHUP left temporary files: $(temps "$TMP/hup")"
	all_complete "$TMP/hup" "SIGHUP" "$TMP/pre" "$TMP/refpre"
fi

check "SIGKILL in the middle of --all-months: every file under a final name is complete"
cp -R "$TMP/pre" "$TMP/kill"
kill_midway KILL "$TMP/kill" "$SLUG/2019-01-monthly-return.json" --all-months -i "$IN" -m 2020-06
[ "$status" -eq 137 ] || fail "SIGKILL: exit status $status, expected 137"
all_complete "$TMP/kill" "SIGKILL" "$TMP/pre" "$TMP/refpre"
# Leftovers as a SIGKILL at the worst moment leaves them: half-written temporary files.
head -c 1000 "$TMP/ref/$SLUG/2019-06-monthly-return.json" >"$TMP/kill/$SLUG/.2019-06-monthly-return.json.tmp-Ab12Cd"
head -c 3 "$TMP/ref/$SLUG/2019-06-monthly-return.pdf" >"$TMP/kill/$SLUG/.2019-06-monthly-return.pdf.tmp-Zz99Yy"
head -c 100 "$TMP/ref/SHA256SUMS" >"$TMP/kill/.SHA256SUMS.tmp-Qq77Rr"
mkdir -p "$TMP/kill/unit-3"
: >"$TMP/kill/unit-3/.2020-06-monthly-return.json.tmp-000000"
check "SIGKILL: the lock died with the process, the next run is not turned away (exit 0, not 75)"
run after-kill -q --all-months -i "$IN" -o "$TMP/kill" -m 2020-06
expect_rc 0 "run after SIGKILL"
check "SIGKILL: the next run removes every stale temporary file and leaves every file as a clean run writes it"
[ -z "$(temps "$TMP/kill")" ] || fail "stale temporary files left after the next run: $(temps "$TMP/kill")"
same_tree "$TMP/kill" "$TMP/refpre" "run after SIGKILL"
(cd "$TMP/kill" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after SIGKILL and a re-run"
check "a --check run does not remove another run's temporary files (it takes no lock)"
: >"$TMP/kill/$SLUG/.2020-06-monthly-return.json.tmp-keepme"
run chk -q --check -i "$IN" -o "$TMP/kill" -m 2020-06
expect_rc 0 "--check"
[ -e "$TMP/kill/$SLUG/.2020-06-monthly-return.json.tmp-keepme" ] || fail "--check removed a temporary file without holding the lock"
rm -f "$TMP/kill/$SLUG/.2020-06-monthly-return.json.tmp-keepme"

# Full disk: the earlier reports are those of -m 2020-05; the faulty run is -m 2020-06.
run disk0 -q -i "$IN" -o "$TMP/disk" -m 2020-05
expect_rc 0 "earlier run for the full-disk test"
cp -R "$TMP/disk" "$TMP/disk-before"
# What -m 2020-06 makes of that folder without a fault.
cp -R "$TMP/disk" "$TMP/june"
run june -q -i "$IN" -o "$TMP/june" -m 2020-06
expect_rc 0 "clean -m 2020-06"

check "full disk at the first byte (ulimit -f 0, SIGXFSZ ignored): exit 74, the folder exactly as before"
# The limit binds files, not pipes: stderr goes through a pipe so the message is not cut off too.
name=full0
limited 0 -q -i "$IN" -o "$TMP/disk" -m 2020-06
expect_rc 74 "ulimit -f 0"
grep -q "$TMP/disk/" "$TMP/full0.err" || fail "ulimit -f 0: the message does not name the file: $(cat "$TMP/full0.err")"
[ -z "$(temps "$TMP/disk")" ] || fail "ulimit -f 0: temporary files left: $(temps "$TMP/disk")"
same_tree "$TMP/disk" "$TMP/disk-before" "ulimit -f 0 (no new file, earlier reports unchanged)"

check "full disk mid-file (ulimit -f 20, SIGXFSZ ignored): exit 74 naming the file"
name=full
limited 20 -q -i "$IN" -o "$TMP/disk" -m 2020-06
expect_rc 74 "ulimit -f 20"
victim=$(grep -o "$TMP/disk/[^:]*" "$TMP/full.err" | head -1)
[ -n "$victim" ] || fail "ulimit -f 20: the message does not name the file: $(cat "$TMP/full.err")"
check "full disk: no temporary file left, no partial file under a final name, earlier reports unchanged"
[ -z "$(temps "$TMP/disk")" ] || fail "ulimit -f 20: temporary files left: $(temps "$TMP/disk")"
for f in $(files "$TMP/disk-before" | grep -vx SHA256SUMS); do
	cmp -s "$TMP/disk/$f" "$TMP/disk-before/$f" || fail "ulimit -f 20: the earlier report $f changed"
done
# A file finished before the disk filled may stand under its final name (complete); the file
# being written when it filled must not.
all_complete "$TMP/disk" "ulimit -f 20" "$TMP/disk-before" "$TMP/june"
if [ -n "$victim" ]; then
	rel=${victim#"$TMP/disk/"}
	if [ -f "$TMP/disk-before/$rel" ]; then
		cmp -s "$victim" "$TMP/disk-before/$rel" || fail "ulimit -f 20: $rel, being written when the disk filled, changed"
	else
		[ ! -e "$victim" ] || fail "ulimit -f 20: $rel, being written when the disk filled, stands under its final name"
	fi
fi
(cd "$TMP/disk" && sha256sum -c --strict --quiet SHA256SUMS) || fail "ulimit -f 20: sha256sum -c fails"
# The first file the run writes is the monthly return's JSON twin; when it is over the 10,240 bytes
# of ulimit -f 20 (dash counts 512-byte blocks), the very first write fails and the folder must
# be exactly as before: no new file under a final name, SHA256SUMS untouched.
first=$TMP/june/$SLUG/2020-06-monthly-return.json
if [ "$(wc -c <"$first")" -gt 10240 ]; then
	same_tree "$TMP/disk" "$TMP/disk-before" "ulimit -f 20 (no new file under a final name)"
else
	echo "note: the monthly JSON is under 10,240 bytes, so files finished before the fault may stand"
fi
check "full disk: with room again the same run succeeds and writes what a clean run writes"
run disk2 -q -i "$IN" -o "$TMP/disk" -m 2020-06
expect_rc 0 "run after the full disk"
for f in $(files "$TMP/june" | grep -vx SHA256SUMS); do
	cmp -s "$TMP/disk/$f" "$TMP/june/$f" || fail "after the full disk: $f differs from a clean run"
done
(cd "$TMP/disk" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after the full disk and a re-run"

check "stdout that cannot be written (/dev/full) is an I/O error, exit 74"
rc=0
"$BIN" -i "$IN" -o "$TMP/devfull" -m 2020-06 >/dev/full 2>"$TMP/devfull.err" || rc=$?
name=devfull
expect_rc 74 "stdout on /dev/full"

finish
