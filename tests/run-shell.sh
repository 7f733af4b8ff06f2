#!/bin/sh
# Runs every tests/shell/*.sh against ./roit-report and prints "N passed, N failed".
# Each script gets ROOT (the project), BIN (the program) and a fresh TMP folder.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT BIN="${BIN:-$ROOT/roit-report}"
pass=0
fail=0
for t in "$ROOT"/tests/shell/*.sh; do
	TMP=$(mktemp -d)
	export TMP
	if sh "$t" >"$TMP.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $(basename "$t")"
	else
		fail=$((fail + 1))
		echo "FAIL $(basename "$t")"
		sed 's/^/    /' "$TMP.log" | tail -40
	fi
	rm -rf "$TMP" "$TMP.log"
done
echo "shell: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
