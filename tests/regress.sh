#!/bin/sh
# Golden whole-site tests: builds each organisation below into an empty
# output with an empty cache, at a fixed SOURCE_DATE_EPOCH, and compares
# what it wrote with tests/golden/:
#
#   tests/golden/ORG/           every file of the site, byte for byte, but
#                               cairn's bookkeeping (.cairn-manifest,
#                               .cairn-site) and the files listed in ORG.sums
#   tests/golden/ORG.sums       sha256 of the files that are copies of the
#                               theme's (assets/) or the search index's
#                               shards (search/d/, search/t/: one-line JSON
#                               whose diff says nothing a checksum does not)
#   tests/golden/ORG.diagnostics  what the build printed on standard error,
#                               sorted, its folder written $ORG and its time
#                               0.00 s, then its exit status
#   tests/golden/ORG.model      the assembled model (cairn build --dump-model)
#
# Organisations: demo-org (scripts/demo.sh --org-only) and hostile
# (tests/fixtures/hostile-org.sh); both make repositories whose commits do
# not depend on the day they are made.
#
# Usage: tests/regress.sh [--update] BUILD [ORG...]
#   (make regress, make regress-update; CAIRN overrides BUILD/cairn)
# Compares (and prints a short unified diff of the first files that
# differ), or with --update builds each organisation twice (-j 1 and -j 2),
# checks that both builds wrote the same bytes, and rewrites its golden
# files.  Prints "ok"/"FAIL" lines and "N passed, N failed" last.
set -u
UPDATE=
if [ "${1:-}" = --update ]; then
	UPDATE=1
	shift
fi
BUILD=${1:-build}
[ $# -gt 0 ] && shift
ORGS=${*:-demo-org hostile}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CAIRN=${CAIRN:-$(cd "$BUILD" 2>/dev/null && pwd)/cairn}
GOLDEN=$TOP/tests/golden
# 2026-12-01T12:00:00Z: the demo's documents are dated up to then
EPOCH=1796126400
DIFFS=3     # files whose diff is printed, per organisation
DIFF_LINES=30
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

if [ ! -x "$CAIRN" ]; then
	echo "regress: $CAIRN not found: build it first (make)" >&2
	exit 2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-regress.XXXXXX") || exit 2
[ -n "${CAIRN_KEEP_TMP:-}" ] || trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C

# hashed PATH: compared by checksum (listed in ORG.sums), not stored
hashed() {
	case $1 in assets/* | search/d/* | search/t/*) return 0 ;; esac
	return 1
}

# make_org ORG DIR: makes the organisation in DIR; prints its cairn.yaml
make_org() {
	case $1 in
	demo-org)
		SOURCE_DATE_EPOCH=$EPOCH sh "$TOP/scripts/demo.sh" --org-only "$2" \
			>"$2/make.log" 2>&1 && echo "$2/demo/cairn.yaml" ;;
	hostile)
		sh "$TOP/tests/fixtures/hostile-org.sh" "$2" >"$2/make.log" 2>&1 &&
			echo "$2/cairn.yaml" ;;
	*) echo "regress: unknown organisation $1" >&2; return 1 ;;
	esac
}

# build CONFIG OUT JOBS: a fresh build (empty output, empty cache) into
# OUT/site; writes OUT/diagnostics and OUT/model
build() {
	root=$(dirname "$1")
	rm -rf "$root/cache" "$root/.cairn-cache" "$2"
	mkdir -p "$2"
	( cd "$root" && SOURCE_DATE_EPOCH=$EPOCH "$CAIRN" build -c "$1" \
		-o "$2/site" -j "$3" --dump-model "$2/model" ) >"$2/stdout" 2>"$2/stderr"
	status=$?
	{
		{ sed 's/^/stdout: /' "$2/stdout"; cat "$2/stderr"; } |
			sed -e "s|$2/|\$OUT/|g" -e "s|$root/|\$ORG/|g" -e "s|$root|\$ORG|g" \
			    -e 's/ in [0-9][0-9.]* s: / in 0.00 s: /' | sort
		echo "exit status: $status"
	} >"$2/diagnostics"
	rm -rf "$root/cache" "$root/.cairn-cache"
}

# files SITE: the site's files that are compared, one a line, sorted
files() {
	( cd "$1" && find . -type f ! -path ./.cairn-manifest ! -path ./.cairn-site |
		sed 's|^\./||' | sort )
}

# sums SITE: "sha256  path" of its hashed files
sums() {
	files "$1" | while IFS= read -r p; do
		if hashed "$p"; then (cd "$1" && sha256sum "$p"); fi
	done
}

# compare ORG OUT: compares OUT (site, diagnostics, model) with the golden
# files; one check for the organisation, one more per differing file
compare() {
	org=$1 out=$2 g=$GOLDEN/$1
	if [ ! -d "$g" ]; then
		fail "$org: no golden files (make regress-update)"
		return
	fi
	{ ( cd "$g" && find . -type f | sed 's|^\./||' ); cut -c67- "$g.sums"; } |
		sort >"$out/want.list"
	files "$out/site" >"$out/got.list"
	sums "$out/site" >"$out/got.sums"
	shown=0 bad=0
	show() { # show LABEL WANT GOT: a differing file, with a short diff
		bad=$((bad + 1))
		fail "$org: $1"
		if [ "$shown" -lt "$DIFFS" ] && [ -n "$2" ]; then
			shown=$((shown + 1))
			diff -u --label "golden/$org/${1%% *}" --label "built/${1%% *}" \
				"$2" "$3" | head -n "$DIFF_LINES" | sed 's/^/    /'
		fi
	}
	for f in diagnostics model; do
		cmp -s "$g.$f" "$out/$f" || show "$f differs" "$g.$f" "$out/$f"
	done
	comm -23 "$out/want.list" "$out/got.list" >"$out/missing"
	comm -13 "$out/want.list" "$out/got.list" >"$out/extra"
	while IFS= read -r p; do show "$p missing: the build did not write it" "" ""; done <"$out/missing"
	while IFS= read -r p; do
		if hashed "$p"; then
			show "$p written, not in $org.sums" "" ""
		else
			show "$p written, not in the golden files" /dev/null "$out/site/$p"
		fi
	done <"$out/extra"
	comm -12 "$out/want.list" "$out/got.list" >"$out/both"
	while IFS= read -r p; do
		if hashed "$p"; then
			[ "$(awk -v p="$p" 'substr($0, 67) == p' "$g.sums")" = \
			  "$(awk -v p="$p" 'substr($0, 67) == p' "$out/got.sums")" ] ||
				show "$p differs (by checksum, $org.sums)" "" ""
		elif ! cmp -s "$g/$p" "$out/site/$p"; then
			show "$p differs" "$g/$p" "$out/site/$p"
		fi
	done <"$out/both"
	n=$(wc -l <"$out/got.list")
	if [ "$bad" -eq 0 ]; then
		pass "$org: $n files, the diagnostics, the exit status and the model as golden"
	else
		fail "$org: $bad difference(s) from tests/golden/ (make regress-update if they are meant)"
	fi
}

# update ORG OUT1 OUT2: OUT1 and OUT2 must be the same; writes the golden files
update() {
	org=$1 a=$2 b=$3 g=$GOLDEN/$1
	if ! diff -r "$a/site" "$b/site" >"$WORK/jobs.diff" ||
	   ! cmp -s "$a/diagnostics" "$b/diagnostics" || ! cmp -s "$a/model" "$b/model"; then
		fail "$org: -j 1 and -j 2 builds differ: golden files not written"
		head -n 20 "$WORK/jobs.diff" | sed 's/^/    /'
		return
	fi
	rm -rf "$g"
	mkdir -p "$g"
	files "$a/site" | while IFS= read -r p; do
		if ! hashed "$p"; then
			mkdir -p "$g/$(dirname "$p")"
			cp "$a/site/$p" "$g/$p"
		fi
	done
	sums "$a/site" >"$g.sums"
	cp "$a/diagnostics" "$g.diagnostics"
	cp "$a/model" "$g.model"
	pass "$org: golden files written ($(files "$a/site" | wc -l) files, the same with -j 1 and -j 2)"
}

for org in $ORGS; do
	mkdir -p "$WORK/$org"
	if ! config=$(make_org "$org" "$WORK/$org"); then
		fail "$org: the organisation could not be made"
		tail -n 20 "$WORK/$org/make.log" 2>/dev/null | sed 's/^/    /'
		continue
	fi
	if [ -n "$UPDATE" ]; then
		build "$config" "$WORK/$org/j1" 1
		build "$config" "$WORK/$org/j2" 2
		update "$org" "$WORK/$org/j1" "$WORK/$org/j2"
	else
		build "$config" "$WORK/$org/out" 2
		compare "$org" "$WORK/$org/out"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
