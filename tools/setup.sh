#!/bin/sh
# Installs what roit-report needs to build, test and run, from Debian's packages only,
# and puts the report fonts into fonts/. Safe to run again: it does nothing when all is there.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)

# Debian package that provides each file the build or the tests need.
need='
/usr/include/hpdf.h libhpdf-dev
/usr/include/csv.h libcsv-dev
/usr/include/cmocka.h libcmocka-dev
/usr/include/ini.h libinih-dev
/usr/include/jansson.h libjansson-dev
/usr/include/openssl/evp.h libssl-dev
/usr/include/libdeflate.h libdeflate-dev
/usr/bin/pdftotext poppler-utils
/usr/bin/qpdf qpdf
/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf fonts-liberation2
/usr/bin/valgrind valgrind
/usr/bin/clang clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
/usr/sbin/locale-gen locales
/usr/bin/flock util-linux
/usr/bin/sha256sum coreutils
/usr/bin/jq jq
/usr/lib/python3/dist-packages/fontTools/subset/__init__.py python3-fonttools
/usr/lib/python3/dist-packages/pikepdf/__init__.py python3-pikepdf
/usr/share/color/icc/sRGB.icc icc-profiles-free
'

missing=$(printf '%s\n' "$need" | while read -r file pkg; do
	[ -n "$file" ] && [ ! -e "$file" ] && printf '%s ' "$pkg"
done || true)
# Node.js and npm run pdf.js for tests/pdfua/struct.mjs. A machine whose node comes from
# elsewhere (NodeSource's nodejs package carries npm) keeps it: Debian's are asked for only
# where there is no node or no npm at all.
command -v node >/dev/null 2>&1 || missing="${missing}nodejs "
command -v npm >/dev/null 2>&1 || missing="${missing}npm "

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing Debian packages: $missing" >&2
		echo "setup: run as root, or: sudo apt-get install $missing" >&2
		exit 1
	fi
	echo "setup: installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# A locale with a decimal comma, so the tests can prove numbers do not depend on it.
if [ "$(id -u)" = 0 ] && ! locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$'; then
	sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
	grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' >> /etc/locale.gen
	locale-gen >/dev/null
fi

# The report fonts: Liberation Sans (metric-compatible with Arial), from Debian, trimmed to the
# characters the reports can show (Windows-1252, and the letters src/layout.c draws from the
# same font in CP1250, CP1254, CP1257, ISO 8859-16, -14, -3 and -4: all of Latin Extended-A,
# the Romanian commas below, the Welsh letters and the spacing accents): an embedded subset a
# tenth the size loads faster and makes smaller PDFs.
chars='U+0020-007E,U+00A0-00FF,U+0100-017F,U+0192,U+0218-021B,U+02C6-02C7,U+02D8-02DD,'\
'U+1E02-1E03,U+1E0A-1E0B,U+1E1E-1E1F,U+1E40-1E41,U+1E56-1E57,U+1E60-1E61,U+1E6A-1E6B,'\
'U+1E80-1E85,U+1EF2-1EF3,U+2013-2014,U+2018-201A,U+201C-201E,U+2020-2022,U+2026,U+2030,'\
'U+2039-203A,U+20AC,U+2122,U+FFFD'
for face in Regular Bold; do
	src=/usr/share/fonts/truetype/liberation2/LiberationSans-$face.ttf
	dst=$here/fonts/LiberationSans-$face.ttf
	stamp=$here/fonts/.LiberationSans-$face.source
	# Made again only when Debian's font or the list of characters changes.
	want=$( (sha256sum "$src"; echo "$chars") | sha256sum | cut -d' ' -f1)
	if [ -e "$dst" ] && [ -e "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		continue
	fi
	/usr/bin/python3 -m fontTools.subset "$src" --unicodes="$chars" --layout-features='' \
		--no-hinting --name-IDs='*' --notdef-outline --output-file="$dst.tmp" 2>/dev/null
	mv "$dst.tmp" "$dst"
	echo "$want" >"$stamp"
done

# pdf.js for tests/pdfua/struct.mjs, pinned by tests/pdfua/package-lock.json: installed again
# only when node_modules is missing or the lockfile changed. Its optional canvas packages
# (native builds, for rendering) are left out: reading the structure tree needs none.
pdfua=$here/tests/pdfua
want=$(sha256sum "$pdfua/package-lock.json" | cut -d' ' -f1)
stamp=$pdfua/node_modules/.package-lock.sha256
if [ ! -e "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	if ! (cd "$pdfua" && npm ci --no-audit --no-fund --omit=optional --loglevel=error >/dev/null); then
		echo "setup: npm ci in tests/pdfua failed" >&2
		exit 1
	fi
	echo "$want" >"$stamp"
fi
