#!/bin/sh
# An input folder of N units made from the sample's five (input/), for the tests and the
# benchmark of the network overview.  Up to five: the first N units of the sample as they are
# (their rows on the lines they have there, the Total footer kept).
# More: the five again and again, each copy's names numbered ("North West ROCU Online Team 7"),
# until there are N.  report.ini is the sample's.
# Usage: tools/network_input.sh N DIR
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=$1
DIR=$2
UNITS='Met Online Investigation Team
North West ROCU Online Team
East Midlands Special Operations Unit Online Team
Tarian ROCU Online Team (Wales)
South West ROCU Online Team'

mkdir -p "$DIR"
cp "$ROOT/input/report.ini" "$DIR/"
copies=$(((N + 4) / 5))
for f in grants budget spend outcomes targets commentary; do
	head -n 1 "$ROOT/input/$f.csv" >"$DIR/$f.csv"
	c=1
	while [ "$c" -le "$copies" ]; do
		# The sed program numbers each unit's name in copy c; the grep drops the units past N
		# (never the Met, the first of each copy: only its rows span several lines).
		prog= drop=
		i=0
		while IFS= read -r name; do
			if [ $(((c - 1) * 5 + i)) -ge "$N" ]; then
				drop="$drop$name
"
			elif [ "$N" -gt 5 ]; then
				prog="$prog;s/$name/& $c/g"
			fi
			i=$((i + 1))
		done <<EOF
$UNITS
EOF
		# The Total footer stays with one copy; copies would repeat it.
		tail -n +2 "$ROOT/input/$f.csv" | if [ "$N" -gt 5 ]; then grep -v '^Total,'; else cat; fi | sed "${prog#;}" |
			if [ -n "$drop" ]; then grep -v -F "$(printf %s "$drop")"; else cat; fi >>"$DIR/$f.csv" || true
		c=$((c + 1))
	done
done
