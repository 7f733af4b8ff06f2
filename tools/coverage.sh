#!/bin/sh
# Prints the line coverage of every file of src/ from the gcov data of a build folder (made by
# `make coverage`), and fails when a file is under MIN percent.
# Usage: tools/coverage.sh BUILD_DIR [MIN]
set -eu
dir=$1
min=${2:-90}
cd "$dir"
gcov -n ./*.gcda 2>/dev/null | awk -v min="$min" '
	/^File / { file = $2; gsub(/\047/, "", file) }
	/^Lines executed:/ && file ~ /^src\// {
		split($2, a, ":"); pct = a[2]; sub(/%/, "", pct); lines = $4
		printf "%-22s %6.2f%% of %5d lines%s\n", file, pct, lines, pct + 0 < min ? "   UNDER " min "%" : ""
		if (pct + 0 < min) bad++
		file = ""
		covered += pct * lines / 100; total += lines
	}
	END {
		printf "%-22s %6.2f%% of %5d lines\n", "all of src/", 100 * covered / total, total
		if (bad) { printf "coverage: %d file(s) under %d%%\n", bad, min; exit 1 }
	}'
