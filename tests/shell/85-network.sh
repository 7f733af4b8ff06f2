#!/bin/sh
# 85-network.sh - the network overview of SPEC section 7 through the binary: every unit's figures
# in it are those of its own monthly return, month by month (jq); the totals are their sums; the
# pack's SHA-256 are those of the files that stand in the output folder, null where none does;
# -u never shrinks it; one unit writes none unless --only overview; [report] network names it;
# its PDF passes tests/pdfcheck.sh (PDF/UA-1 and PDF/A-3b included) at 2 and at 80 units.
set -eu
. "$ROOT/tests/shell-lib.sh"
export SOURCE_DATE_EPOCH=1617235200
MET="Met Online Investigation Team"
TARIAN="Tarian ROCU Online Team (Wales)"

# 'same_as_return OVERVIEW SLUG RETURN' - the unit's entry in the overview holds its return's figures.
same_as_return() {
	jq -e --arg slug "$2" --slurpfile r "$3" '
		(.units[] | select(.slug == $slug)) as $u | $r[0] as $m |
		[$u.unit == $m.unit, $u.grant_reference == $m.grant_reference, $u.funder == $m.funder,
		 $u.award_pence == $m.award_pence,
		 $u.ytd_actual_pence == $m.spend.total.ytd_actual_pence,
		 $u.ytd_profile_pence == $m.spend.total.ytd_profile_pence,
		 $u.variance_pence == $m.spend.total.variance_pence,
		 $u.variance_pct == $m.spend.total.variance_pct,
		 $u.forecast_pence == $m.spend.total.forecast_pence,
		 $u.forecast_variance_pence == $m.spend.forecast_variance_pence,
		 $u.remaining_grant_pence == $m.spend.remaining_grant_pence,
		 $u.rag == $m.spend.rag,
		 $u.explanation_needed == ($m.explanations_needed | length > 0),
		 $u.outcomes == [$m.outcomes[] | {measure, ytd, target, pro_rata_target, rag}],
		 $u.cost_per_outcome == $m.cost_per_outcome,
		 $u.data_quality.rejected_count == $m.data_quality.rejected_count,
		 $u.data_quality.ignored_rows == $m.ignored_rows,
		 $u.data_quality.profile_assumed_even == $m.profile_assumed_even] | all' "$1" >/dev/null
}

# 'pack_matches DIR OVERVIEW' - each pack line: the SHA-256 of the PDF in DIR, or null and no file.
pack_matches() {
	jq -r '.pack[] | "\(.file) \(.sha256)"' "$2" | while read -r file sum; do
		if [ "$sum" = null ]; then
			[ ! -e "$1/$file" ] || echo "$file stands in the folder, but the pack says not written"
		else
			[ "$(sha256sum <"$1/$file" | cut -c1-64)" = "$sum" ] || echo "$file: the pack's SHA-256 is not sha256sum's"
		fi
	done >"$TMP/pack.bad"
	[ ! -s "$TMP/pack.bad" ] || fail "$(basename "$2"): $(head -3 "$TMP/pack.bad")"
}

check "the sample, --all-months: one overview a month, April 2018 to March 2021, after every unit's reports"
run all -i "$ROOT/input" -o "$TMP/all" --all-months -m 2021-03
expect_rc 0 "the sample, every month"
[ "$(ls "$TMP"/all/*-network-overview.json | wc -l)" -eq 36 ] || fail "not 36 overviews"
[ "$(ls "$TMP"/all/*-network-overview.pdf | wc -l)" -eq 36 ] || fail "not 36 overview PDFs"
# stdout: the 72 overview files come last, but for SHA256SUMS, in month order.
tail -n 73 "$TMP/all.out" | head -n 72 | grep -c -- '-network-overview\.' | grep -qx 72 || fail "the overviews are not written last"
tail -n 73 "$TMP/all.out" | head -n 72 | sed 's|.*/\([0-9-]*\)-network-overview\..*|\1|' >"$TMP/ov.months"
LC_ALL=C sort -c "$TMP/ov.months" 2>/dev/null || fail "the overviews are not written month by month"
grep -q '  2020-06-network-overview.pdf$' "$TMP/all/SHA256SUMS" || fail "SHA256SUMS does not list the overview"

check "every unit with an awarded grant for the year, in grants.csv order (3 in 2018/19, 4 in 2019/20, 5 in 2020/21)"
for m in 2018-04:3 2019-03:3 2019-04:4 2020-03:4 2020-04:5 2021-03:5; do
	n=$(jq '.units | length' "$TMP/all/${m%:*}-network-overview.json")
	[ "$n" -eq "${m#*:}" ] || fail "${m%:*}: $n units, expected ${m#*:}"
done
order=$(jq -r '[.units[].slug] | join(" ")' "$TMP/all/2020-06-network-overview.json")
[ "$order" = "met-online-investigation-team north-west-rocu-online-team east-midlands-special-operations-unit-online-team tarian-rocu-online-team-wales south-west-rocu-online-team" ] ||
	fail "units not in grants.csv order: $order"

check "each unit's figures in the overview are those of its own monthly return, every month of the sample"
n=0
for ov in "$TMP"/all/*-network-overview.json; do
	month=$(basename "$ov" -network-overview.json)
	for slug in $(jq -r '.units[].slug' "$ov"); do
		n=$((n + 1))
		same_as_return "$ov" "$slug" "$TMP/all/$slug/$month-monthly-return.json" ||
			fail "$month: $slug differs from its monthly return"
	done
done
[ "$n" -eq 144 ] || fail "$n unit-months compared, expected 144 (3 x 12 + 4 x 12 + 5 x 12)"

check "the network's totals are the sums of its units, every month; the RAG counts add up to the units"
for ov in "$TMP"/all/*-network-overview.json; do
	jq -e '. as $o | [
		(["award_pence", "ytd_actual_pence", "ytd_profile_pence", "variance_pence", "forecast_pence",
		  "forecast_variance_pence", "remaining_grant_pence"][] as $k | ([$o.units[][$k]] | add) == $o.total[$k]),
		(.rag_counts | .GREEN + .AMBER + .RED + .none) == (.units | length),
		.rag_counts.GREEN == ([.units[] | select(.rag == "GREEN")] | length),
		.rag_counts.none == ([.units[] | select(.rag == null)] | length),
		(.total.outcomes[] as $t | ([.units[].outcomes[] | select(.measure == $t.measure) | .ytd] | add) == $t.ytd),
		(.total.outcomes[] as $t | ([.units[].outcomes[] | select(.measure == $t.measure and .target != null)] | length) == $t.units_with_target)
	] | all' "$ov" >/dev/null || fail "$(basename "$ov"): a total is not the sum of the units"
done

check "June 2020 of the sample: the README's reference figures (input/README.md)"
ov=$TMP/all/2020-06-network-overview.json
[ "$(jq -r '[.units[] | .rag // "none"] | join(" ")' "$ov")" = "AMBER GREEN AMBER RED none" ] || fail "June 2020: the units' RAGs"
[ "$(jq -r '.total | "\(.ytd_actual_pence) \(.ytd_profile_pence) \(.variance_pct) \(.rag)"' "$ov")" = "33566740 33800000 -0.7 GREEN" ] ||
	fail "June 2020: the network total is $(jq -c .total "$ov" | head -c 200)"

check "the pack: the SHA-256 of each return's PDF as it stands (sha256sum), every month"
for ov in "$TMP"/all/*-network-overview.json; do
	pack_matches "$TMP/all" "$ov"
done
[ "$(jq '[.pack[] | select(.sha256 == null)] | length' "$TMP/all/2020-06-network-overview.json")" -eq 0 ] ||
	fail "a return written by this run is listed as not written"

check "-u does not shrink the overview; returns not written show as not written (null, and in the PDF)"
run one -i "$ROOT/input" -o "$TMP/u" -m 2020-06 -u "$TARIAN"
expect_rc 0 "-u Tarian"
[ "$(jq '.units | length' "$TMP/u/2020-06-network-overview.json")" -eq 5 ] || fail "-u shrank the overview"
[ "$(jq -r '[.pack[] | .sha256 != null] | map(tostring) | join(" ")' "$TMP/u/2020-06-network-overview.json")" = "false false false true false" ] ||
	fail "-u Tarian: only Tarian's return is written"
pack_matches "$TMP/u" "$TMP/u/2020-06-network-overview.json"
pdftotext -layout "$TMP/u/2020-06-network-overview.pdf" "$TMP/u.txt"
[ "$(grep -c 'not written' "$TMP/u.txt")" -ge 4 ] || fail "the PDF does not say 'not written' for the four returns not written"

check "--only overview writes only the overviews, and hashes the returns an earlier run left"
run all2 -i "$ROOT/input" -o "$TMP/u" -m 2020-06 -u "$MET"
expect_rc 0 "-u Met into the same folder"
rm "$TMP/u/2020-06-network-overview.pdf" "$TMP/u/2020-06-network-overview.json"
run only -i "$ROOT/input" -o "$TMP/u" -m 2020-06 --only overview -u "$MET"
expect_rc 0 "--only overview"
printf '%s\n' "$TMP/u/2020-06-network-overview.json" "$TMP/u/2020-06-network-overview.pdf" "$TMP/u/SHA256SUMS" >"$TMP/expected"
cmp -s "$TMP/only.out" "$TMP/expected" || fail "--only overview wrote: $(cat "$TMP/only.out")"
[ "$(jq -r '[.pack[] | .sha256 != null] | map(tostring) | join(" ")' "$TMP/u/2020-06-network-overview.json")" = "true false false true false" ] ||
	fail "--only overview: the returns of the Met (now) and Tarian (earlier) are not both found"
pack_matches "$TMP/u" "$TMP/u/2020-06-network-overview.json"
(cd "$TMP/u" && sha256sum -c --strict --quiet SHA256SUMS) || fail "sha256sum -c fails after --only overview"
run onlyall -i "$ROOT/input" -o "$TMP/oo" --all-months -m 2021-03 --only overview
expect_rc 0 "--only overview --all-months"
[ "$(files "$TMP/oo" | grep -vc -- '-network-overview\.')" -eq 1 ] || fail "--only overview --all-months wrote other files"
[ "$(files "$TMP/oo" | grep -c -- '-network-overview\.')" -eq 72 ] || fail "--only overview --all-months: not 36 overviews"

check "one unit: no overview, unless --only overview asks for one"
sh "$ROOT/tools/network_input.sh" 1 "$TMP/in1"
run single -q -i "$TMP/in1" -o "$TMP/single" -m 2020-06
expect_rc 0 "one unit"
[ -z "$(files "$TMP/single" | grep -- '-network-overview')" ] || fail "one unit wrote an overview"
run single2 -i "$TMP/in1" -o "$TMP/single2" -m 2020-06 --only overview
expect_rc 0 "one unit, --only overview"
[ "$(files "$TMP/single2" | tr '\n' ' ')" = "2020-06-network-overview.json 2020-06-network-overview.pdf SHA256SUMS " ] ||
	fail "one unit, --only overview wrote: $(files "$TMP/single2" | tr '\n' ' ')"
[ "$(jq '.units | length' "$TMP/single2/2020-06-network-overview.json")" -eq 1 ] || fail "one unit, --only overview: not one unit"
run monthly -q -i "$ROOT/input" -o "$TMP/monthly" -m 2020-06 --only monthly
[ -z "$(files "$TMP/monthly" | grep -- '-network-overview')" ] || fail "--only monthly wrote an overview"

check "[report] network names the network (default Regional Online Investigation Teams)"
sh "$ROOT/tools/network_input.sh" 2 "$TMP/in2"
jq -r .network "$TMP/u/2020-06-network-overview.json" | grep -qx 'Regional Online Investigation Teams' || fail "the default name"
sed -i 's/^\[report\]$/[report]\nnetwork = North West and London pilot/' "$TMP/in2/report.ini"
run two -q -i "$TMP/in2" -o "$TMP/two" -m 2020-06
expect_rc 0 "two units"
jq -r .network "$TMP/two/2020-06-network-overview.json" | grep -qx 'North West and London pilot' || fail "[report] network is not the JSON's network"
pdfinfo "$TMP/two/2020-06-network-overview.pdf" | grep -q '^Title: *Network overview .* North West and London pilot' || fail "[report] network is not in the PDF's title"

check "the PDF passes pdfcheck.sh at 2 units and at 80 (tables continued, matrix in groups, chart in parts)"
sh "$ROOT/tests/pdfcheck.sh" "$TMP/two/2020-06-network-overview.pdf" 2>"$TMP/check2.err" || fail "2 units: $(tail -3 "$TMP/check2.err")"
sh "$ROOT/tools/network_input.sh" 80 "$TMP/in80"
run eighty -q -i "$TMP/in80" -o "$TMP/eighty" -m 2020-06
expect_rc 0 "80 units"
ov80=$TMP/eighty/2020-06-network-overview
[ "$(jq '.units | length' "$ov80.json")" -eq 80 ] || fail "80 units: $(jq '.units | length' "$ov80.json") in the overview"
# The contract's 200 KB is a monthly return's; the overview of 80 units has 19 pages.
sh "$ROOT/tests/pdfcheck.sh" -s 409600 "$ov80.pdf" 2>"$TMP/check80.err" || fail "80 units: $(tail -3 "$TMP/check80.err")"
pdftotext -layout "$ov80.pdf" "$TMP/80.txt"
for u in "South West ROCU Online Team 16" "Tarian ROCU Online Team (Wales) 9" "East Midlands Special"; do
	grep -qF "$u" "$TMP/80.txt" || fail "80 units: '$u' is not in the PDF's text"
done
grep -q 'Spend by unit (continued)' "$TMP/80.txt" || fail "80 units: the spend table does not continue with its caption"
grep -q 'YTD variance % by unit, June 2020 (continued)' "$TMP/80.txt" || fail "80 units: the chart does not continue"
[ "$(grep -c 'Tarian ROCU Online Team (Wales) 16' "$TMP/80.txt")" -ge 5 ] || fail "80 units: the last Tarian is not in every part"
pack_matches "$TMP/eighty" "$ov80.json"


check "a return the pack cannot read (run as nobody): exit 74 naming it, no overview, nothing else changed"
if nobody_can; then
	# The overview's pack is hashed on another thread while its PDF is laid out: its failure
	# must still end the overview, with the message, and the run must not hang or write half.
	priv=$(nobody_dir)
	"$BIN" -q -i "$priv/in" -o "$priv/out" -m 2020-06 --only monthly
	chmod -R a+rX "$priv/out"
	chown -R 65534:65534 "$priv/out"
	closed=$priv/out/met-online-investigation-team/2020-06-monthly-return.pdf
	chown 0:0 "$closed"
	chmod 600 "$closed"
	(cd "$priv/out" && find . -type f ! -name .lock -exec sha256sum {} + | LC_ALL=C sort) >"$TMP/closed.before"
	as_nobody closed -q -i "$priv/in" -o "$priv/out" -m 2020-06 --only overview
	expect_rc 74 "a return the pack cannot read"
	grep -qF "$closed: cannot read" "$TMP/closed.err" || fail "the message does not name the return: $(head -c 300 "$TMP/closed.err")"
	(cd "$priv/out" && find . -type f ! -name .lock -exec sha256sum {} + | LC_ALL=C sort) >"$TMP/closed.after"
	cmp -s "$TMP/closed.before" "$TMP/closed.after" || fail "the output folder changed: $(diff "$TMP/closed.before" "$TMP/closed.after" | head -5)"
	rm -rf "$priv"

	check "two returns the pack cannot read (20 units, as nobody): the first in unit order named every time"
	# The pack's items are hashed on two threads; whichever fails first, the first failing unit
	# in grants.csv order is the one the run names and whose status it ends with.
	priv=$(nobody_dir)
	rm -rf "$priv/in"
	sh "$ROOT/tools/network_input.sh" 20 "$priv/in" >/dev/null
	chmod -R a+rX "$priv/in"
	# The overview issued too, so the run examines it and makes its pack before its twin (on
	# both cores from 16 units), as a cron run does; a new overview's pack is made beside its PDF.
	"$BIN" -q -i "$priv/in" -o "$priv/out" -m 2020-06 --only monthly
	"$BIN" -q -i "$priv/in" -o "$priv/out" -m 2020-06 --only overview
	chmod -R a+rX "$priv/out"
	chown -R 65534:65534 "$priv/out"
	# The 9th and the 11th unit of grants.csv: the last but one of the first half, the first of the second.
	first_bad=$(awk -F, 'NR > 1 && !seen[$1]++ { n++; if (n == 9) print $1 }' "$priv/in/grants.csv")
	second_bad=$(awk -F, 'NR > 1 && !seen[$1]++ { n++; if (n == 11) print $1 }' "$priv/in/grants.csv")
	for name in "$first_bad" "$second_bad"; do
		slug=$(printf '%s' "$name" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//')
		chown 0:0 "$priv/out/$slug/2020-06-monthly-return.pdf"
		chmod 600 "$priv/out/$slug/2020-06-monthly-return.pdf"
	done
	slug_first=$(printf '%s' "$first_bad" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//')
	k=0
	while [ "$k" -lt 12 ]; do
		as_nobody two -q -i "$priv/in" -o "$priv/out" -m 2020-06 --only overview
		expect_rc 74 "two returns the pack cannot read"
		grep -qF "$slug_first/2020-06-monthly-return.pdf: cannot read" "$TMP/two.err" ||
			{ fail "run $k did not name the first unreadable return ($slug_first): $(head -c 300 "$TMP/two.err")"; break; }
		k=$((k + 1))
	done
	rm -rf "$priv"
else
	check "not root, or no setpriv: the unreadable-return case is not tested"
fi

finish
