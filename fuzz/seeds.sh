#!/bin/sh
# Makes the seed corpora of the fuzz targets from the files the tests already
# use: the fixtures, the demo organisation, the scaffolds, the default
# theme's layouts, the files the integration tests write (their here
# documents), the Mustache spec, and tests/fuzz-regressions/.  Each seed is
# named after its contents, so running this again adds nothing twice, and
# what the fuzzer added to a corpus stays.
# Usage: fuzz/seeds.sh CORPUS_DIR      (make fuzz runs it)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# add TARGET: copies each file named on stdin (one a line) into TARGET's
# corpus; names that are not files are skipped
add() {
	mkdir -p "$out/$1"
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		sum=$(cksum <"$f" | tr ' ' '-')
		cp "$f" "$out/$1/seed-$sum"
	done
}

cd "$top"

# ---- the files the integration tests and the demo write, by their path:
# `cat >dir/catalog-info.yaml <<'YAML'` ... `YAML` becomes
# $tmp/here/N@dir@catalog-info.yaml
mkdir -p "$tmp/here"
awk -v dir="$tmp/here" '
	!inside && /cat >>?"?[^ "]+"? <<-?.?[A-Za-z0-9_]+/ {
		line = $0
		sub(/.*cat >>?"?/, "", line)
		path = line
		sub(/"? .*/, "", path)
		term = line
		sub(/.*<</, "", term)
		sub(/^-/, "", term)
		sub(/^[^A-Za-z0-9_]/, "", term)
		sub(/[^A-Za-z0-9_].*/, "", term)
		gsub(/[^A-Za-z0-9._-]/, "@", path)
		n++
		file = dir "/" n "@" path
		inside = 1
		printf "" >file
		next
	}
	inside {
		t = $0
		sub(/^\t+/, "", t)
		if (t == term) {
			inside = 0
			close(file)
			next
		}
		print >>file
	}
' tests/integration/*.sh tests/fixtures/*.sh scripts/demo.sh
here() { # here GLOB...: the here documents whose path matches, one a line
	for g in "$@"; do
		for f in "$tmp"/here/$g; do
			[ -f "$f" ] && echo "$f"
		done
	done
	return 0
}
# printfs PATTERN: what the integration tests' one-line `printf '...' >FILE`
# write to files whose path matches PATTERN (a grep -E pattern)
printfs() {
	grep -h "^printf '.*' >[^ ]*$1\$" tests/integration/*.sh tests/fixtures/*.sh | while IFS= read -r l; do
		fmt=${l#printf \'}
		fmt=${fmt%%\' >*}
		f=$tmp/printf-$(echo "$l" | cksum | tr ' ' '-')
		# shellcheck disable=SC2059
		printf "$fmt" >"$f"
		echo "$f"
	done
}

demo=examples/demo-org/repos

# ---- YAML and JSON
{
	find tests/fixtures "$demo" templates -name '*.yaml' -o -name '*.yml' -o -name '*.json'
	here '*.yaml' '*.json'
} | add yaml

# ---- Markdown and front matter
mds() {
	find "$demo" content templates docs -name '*.md' 2>/dev/null
	echo README.md
	here '*.md'
}
mds | add markdown
mds | add frontmatter
{
	find "$demo" templates \( -path '*rfc*' -o -path '*adr*' -o -path '*decisions*' \) -name '*.md'
	here '*rfcs@*.md' '*adr@*.md' '*text@*.md'
} | add rfc
{
	find "$demo" templates -path '*postmortem*' -name '*.md'
	here '*postmortems@*.md'
} | add postmortem

# ---- catalog, ownership
{
	find "$demo" templates -name 'catalog-info.yaml'
	here '*catalog-info.yaml'
} | add catalog
{
	find "$demo" -name CODEOWNERS
	here '*CODEOWNERS'
	printfs CODEOWNERS
} | add codeowners
printfs /OWNERS | add owners

# ---- API descriptions; a description in several files is one seed with
# its other files after NUL bytes (see fuzz_openapi)
{
	find tests/fixtures/openapi "$demo" -name '*.yaml' -o -name '*.json'
	here '*openapi.yaml'
} | add openapi
if [ -d tests/fixtures/openapi/multi ]; then
	m=tests/fixtures/openapi/multi
	{
		cat "$m/openapi.yaml"
		for f in "$m"/common.json "$m"/paths/*.yaml "$m"/schemas/*.yaml; do
			printf '\0'
			cat "$f"
		done
	} >"$tmp/multi"
	echo "$tmp/multi" | add openapi
fi

# ---- the deploy feed and cairn.yaml (the demo's, when it has been built)
{
	here '*feed*.yaml' '*deploys*.yaml'
	echo build/demo/deploys-feed.yaml
} | add deploy
{
	here '*cairn.yaml'
	echo build/demo/cairn.yaml
} | add config

# ---- Mustache: each layout with the layouts it names ({{>x}}, {{<x}}) as
# named parts, and the empty data part (the fixed context)
for f in themes/default/layouts/*.mustache templates/*; do
	b=$(basename "$f")
	s="$tmp/mu-$b"
	cat "$f" >"$s"
	printf '\0' >>"$s"
	for p in $(grep -o '{{[<>] *[A-Za-z0-9_.-]*' "$f" | sed 's/{{[<>] *//' | sort -u); do
		[ -f "themes/default/layouts/$p.mustache" ] || continue
		printf '\0%s\n' "$p" >>"$s"
		cat "themes/default/layouts/$p.mustache" >>"$s"
	done
	echo "$s" | add mustache
done
spec=${CAIRN_SPEC_DIR:-tests/spec/mustache}
if [ -d "$spec" ] && python3 -c 'import yaml' 2>/dev/null; then
	python3 - "$spec" "$tmp/spec" <<'PY'
import json, os, sys, yaml
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
n = 0
for name in sorted(os.listdir(src)):
    if not name.endswith(".yml"):
        continue
    with open(os.path.join(src, name)) as f:
        suite = yaml.safe_load(f)
    for t in suite.get("tests", []):
        parts = [t["template"], json.dumps(t.get("data"))]
        for k, v in (t.get("partials") or {}).items():
            parts.append(k + "\n" + v)
        n += 1
        with open(os.path.join(dst, "%04d" % n), "wb") as f:
            f.write("\0".join(parts).encode())
PY
	ls "$tmp"/spec/* | add mustache
fi

# ---- the regressions of every target, but bombs (inputs that run into a
# bound: a second each under the sanitizers, they would slow the fuzzer down
# tenfold; make test replays them)
for d in tests/fuzz-regressions/*/; do
	[ -d "$d" ] || continue
	for f in "$d"*; do
		case $(basename "$f") in *bomb*) ;; *) echo "$f" ;; esac
	done | add "$(basename "$d")"
done

for d in "$out"/*/; do
	printf '%s: %s seeds\n' "$(basename "$d")" "$(ls "$d" | wc -l)"
done | tr '\n' ' '
echo
