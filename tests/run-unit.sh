#!/bin/sh
# Runs each cmocka test program given; fails when any fails.
failed=0
for t in "$@"; do
	"$t" || { echo "FAILED: $t" >&2; failed=$((failed + 1)); }
done
[ "$failed" -eq 0 ]
