# What every tests/shell/*.sh shares; sourced after ROOT, BIN and TMP are set by run-shell.sh.
# A script calls fail for each broken check (it carries on, so one bug hides no other) and
# finish at the end.
: "${ROOT:?}" "${BIN:?}" "${TMP:?}"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { echo "check: $*"; }
# run NAME ARG...: stdout in $TMP/NAME.out, stderr in $TMP/NAME.err, exit status in $rc.
run() { name=$1; shift; rc=0; "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1 (stderr: $(head -c 300 "$TMP/$name.err"))"; }
empty() { [ ! -s "$1" ] || fail "$2: expected nothing, got: $(head -c 300 "$1")"; }
# files DIR: the regular files under DIR (but .lock), relative, sorted.
files() { (cd "$1" && find . -type f ! -name .lock | sed 's|^\./||' | LC_ALL=C sort); }
# nobody_can: whether runs as nobody can be tested (tests run as root; setpriv drops to nobody).
nobody_can() { command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; }
# nobody_dir: a new folder, printed, that nobody can read: the program, its fonts, the sample as in/.
nobody_dir() {
	d=$(mktemp -d)
	cp "$BIN" "$d/roit-report"
	cp -R "$ROOT/fonts" "$d/fonts"
	cp -R "$ROOT/input" "$d/in"
	chmod -R a+rX "$d"
	echo "$d"
}
# as_nobody NAME ARG...: as run, with the program in $priv, as nobody (60 s at most).
as_nobody() {
	name=$1; shift; rc=0
	timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$priv/roit-report" "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
}
# finish: the script's verdict.
finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
}
