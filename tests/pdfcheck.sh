#!/bin/sh
# Checks PDFs the program wrote through the readers' own tools; PDF paths in, problems on
# stderr and exit 1 out (exit 0 when all pass).  Each file:
#   qpdf --check passes; poppler's tools print no warning; every font is embedded as a subset
#   with a ToUnicode map; the marking is the first and the last text of every page (on one
#   line, or wrapped over up to four); every page says "Page X of Y"; no word lies within
#   MARGIN points of an edge; no two words overlap.
# Then all of them at once through the PDF/UA-1 and PDF/A-3b checks of tests/pdfua
# (check.py, with the JSON twin beside each PDF when every one has its twin, and pdf.js's
# struct.mjs); -p adds poppler's reading of the structure tree (seconds a file).
# Usage: pdfcheck.sh [-p] [-m MARKING] [-s MAXBYTES] FILE.pdf...
set -u

here=$(cd "$(dirname "$0")" && pwd)
marking=OFFICIAL-SENSITIVE
max=204800
poppler=--no-poppler
usage() { echo "usage: pdfcheck.sh [-p] [-m MARKING] [-s MAXBYTES] FILE.pdf..." >&2; exit 2; }
while getopts m:ps: opt; do
	case $opt in
	m) marking=$OPTARG ;;
	p) poppler= ;;
	s) max=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
say() { echo "$pdf: $*" >&2; bad=1; }
twins=--twins
for pdf in "$@"; do
	[ -f "${pdf%.pdf}.json" ] || twins=
done
# Each reader must succeed and say nothing on stderr.
run() {
	name=$1
	shift
	if ! "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		say "$* failed: $(head -3 "$tmp/$name.err")"
	elif [ -s "$tmp/$name.err" ]; then
		say "$* warns: $(head -3 "$tmp/$name.err")"
	fi
}

for pdf in "$@"; do
	size=$(wc -c <"$pdf")
	[ "$size" -lt "$max" ] || say "$size bytes, not under $max"
	run qpdf qpdf --check "$pdf"
	run fonts pdffonts "$pdf"
	run text pdftotext -layout "$pdf" -
	run bbox pdftotext -bbox "$pdf" -

	# Fonts: the rows after the dashes, each "... emb sub uni ..." with emb, sub and uni "yes".
	awk 'f && !/ yes yes yes / { print "font not embedded as a subset with a ToUnicode map: " $0; bad = 1 }
	     /^-----/ { f = 1 } END { exit bad }' "$tmp/fonts.out" >&2 || bad=1

	# Pages: form feeds end pages; the marking first and last (a long one wrapped over up to four
	# lines); "Page i of n" somewhere on page i.
	pages=$(tr -cd '\f' <"$tmp/text.out" | wc -c)
	awk -v RS='\f' -v m="$marking" -v n="$pages" '
		function squeeze(s) { gsub(/ +/, " ", s); gsub(/^ | $/, "", s); return s }
		# joined(a, b) - the lines a..b joined by spaces
		function joined(a, b,   i, s) { s = t[a]; for (i = a + 1; i <= b; i++) s = s " " t[i]; return squeeze(s) }
		NR > n { exit }
		{
			k = split($0, line, "\n"); c = 0
			for (i = 1; i <= k; i++) {
				s = line[i]; gsub(/^[ \t]+|[ \t\r]+$/, "", s)
				if (s != "") t[++c] = s
			}
			first = 0; last = 0
			for (j = 1; j <= 4 && j <= c; j++) {
				if (joined(1, j) == squeeze(m)) first = 1
				if (joined(c - j + 1, c) == squeeze(m)) last = 1
			}
			if (!first || !last) { printf "page %d: first line \"%s\", last \"%s\"\n", NR, t[1], t[c]; bad = 1 }
			if (index($0, "Page " NR " of " n) == 0) { printf "page %d: no \"Page %d of %d\"\n", NR, NR, n; bad = 1 }
		}
		END { exit bad }' "$tmp/text.out" >&2 || bad=1

	# Geometry: every word box inside the margins, no two boxes overlapping by more than half a point.
	awk -v margin=24 '
		function num(s, key,   i) { i = index(s, key "=\""); return substr(s, i + length(key) + 2) + 0 }
		function check(   i, k, ow, oh) {
			for (i = 1; i <= n; i++) {
				if (x0[i] < margin || y0[i] < margin || x1[i] > w - margin || y1[i] > h - margin) {
					printf "page %d: \"%s\" outside the margins\n", page, word[i]; bad = 1
				}
				for (k = i + 1; k <= n; k++) {
					ow = (x1[i] < x1[k] ? x1[i] : x1[k]) - (x0[i] > x0[k] ? x0[i] : x0[k])
					oh = (y1[i] < y1[k] ? y1[i] : y1[k]) - (y0[i] > y0[k] ? y0[i] : y0[k])
					if (ow > 0.5 && oh > 0.5) { printf "page %d: \"%s\" overlaps \"%s\"\n", page, word[i], word[k]; bad = 1 }
				}
			}
			n = 0
		}
		/<page / { check(); page++; w = num($0, "width"); h = num($0, "height") }
		/<word / {
			n++; x0[n] = num($0, "xMin"); y0[n] = num($0, "yMin"); x1[n] = num($0, "xMax"); y1[n] = num($0, "yMax")
			word[n] = $0; sub(/.*<word [^>]*>/, "", word[n]); sub(/<\/word>.*/, "", word[n])
		}
		END { check(); if (page == 0) { print "no pages"; bad = 1 } exit bad }' "$tmp/bbox.out" >&2 || bad=1

done

# PDF/UA-1 and PDF/A-3b: every file at once, so the readers start once.
# shellcheck disable=SC2086
/usr/bin/python3 "$here/pdfua/check.py" -q --lang en-GB $twins $poppler "$@" || bad=1
node "$here/pdfua/struct.mjs" "$@" || bad=1
exit $bad
