#!/bin/sh
# The reports are the same bytes under a locale with a decimal comma (fr_FR.UTF-8) as under C:
# no figure, PDF coordinate or JSON number may go through the locale.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/roit-report}
if ! locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$'; then
	echo "locale: fr_FR.UTF-8 is not generated (run make deps as root)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1593561600
LC_ALL=C "$BIN" -q -i "$ROOT/input" -o "$tmp/c" -m 2020-06
LC_ALL=fr_FR.UTF-8 LANG=fr_FR.UTF-8 "$BIN" -q -i "$ROOT/input" -o "$tmp/fr" -m 2020-06
diff -r "$tmp/c" "$tmp/fr" >/dev/null || { echo "locale: fr_FR.UTF-8 changes the reports" >&2; exit 1; }
for t in "$ROOT"/build/tests/test_*; do
	LC_ALL=fr_FR.UTF-8 "$t" >/dev/null 2>&1 || { echo "locale: $t fails under fr_FR.UTF-8" >&2; exit 1; }
done
echo "locale: 1 passed, 0 failed"
