#!/bin/sh
# Builds one portal from the real public archives that are present as bare
# git mirrors (fetched by hand or by the session's fetch tool; never
# committed here), and prints what cairn found in them: documents per kind,
# action items, diagnostics per class, and the time.  It proves cairn reads
# repositories laid out as organisations lay them out, through `paths:`.
#
# Usage: bench/real-archives.sh [CAIRN] [MIRRORS] [OUT]
#   CAIRN    the binary (default build/cairn)
#   MIRRORS  a folder of mirrors, each MIRRORS/<owner>+<name>/repo
#            (default /work/.mirror)
#   OUT      where the portal and its cache go (default build/real-archives)
# Archives it knows the shape of get `paths:` for it; any other mirror is
# read with cairn's defaults.
set -eu
CAIRN=$(cd "$(dirname "${1:-build/cairn}")" && pwd)/$(basename "${1:-build/cairn}")
MIRRORS=${2:-/work/.mirror}
OUT=${3:-build/real-archives}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cfg="$OUT/cairn.yaml"
printf 'title: Real archives\noutput: site\ncache: cache\npostmortems:\n  rules_since: 2026-01-01\nrepos:\n' >"$cfg"
n=0
for repo in "$MIRRORS"/*/repo; do
	[ -d "$repo" ] || continue
	id=$(basename "$(dirname "$repo")")   # owner+name
	name=$(printf '%s' "$id" | tr 'A-Z+' 'a-z-')
	printf '  - path: %s\n    name: %s\n' "$repo" "$name" >>"$cfg"
	case "$id" in
	prometheus-operator+runbooks)
		printf '    paths: {runbooks: ["content/runbooks/**/*.md"], exclude: ["**/_index.md"]}\n' >>"$cfg" ;;
	kubernetes-monitoring+kubernetes-mixin)
		printf '    paths: {runbooks: ["runbook.md"]}\n' >>"$cfg" ;;
	alphagov+govuk-developer-docs)
		printf '    paths: {runbooks: ["source/manual/alerts/*.md"], docs: ["source/**/*.md"]}\n' >>"$cfg" ;;
	dfds+postmortems)
		printf '    paths: {postmortems: ["*.md"]}\n' >>"$cfg" ;;
	kubernetes+enhancements)
		printf '    paths: {rfcs: ["keps/**/README.md"], exclude: ["keps/NNNN-kep-template/**"]}\n' >>"$cfg" ;;
	kubernetes+community)
		printf '    paths: {docs: ["**/*.md"], exclude: ["archive/**"]}\n' >>"$cfg" ;;
	cncf+toc)
		printf '    paths: {docs: ["**/*.md"], exclude: [".archive/**"]}\n' >>"$cfg" ;;
	golang+proposal)
		printf '    paths: {rfcs: ["design/**/*.md"]}\n' >>"$cfg" ;;
	icco+postmortems)
		printf '    paths: {postmortems: ["data/*.md"]}\n' >>"$cfg" ;;
	esac
	n=$((n + 1))
done
if [ "$n" -eq 0 ]; then
	echo "real-archives: no mirrors in $MIRRORS (expected $MIRRORS/<owner>+<name>/repo)"
	exit 0
fi
echo "real-archives: $n archives from $MIRRORS"
cd "$OUT"
rm -rf site cache .site.prev
start=$(date +%s.%N)
status=0
"$CAIRN" build -c cairn.yaml >/dev/null 2>diagnostics.txt || status=$?
end=$(date +%s.%N)
python3 - "$start" "$end" "$status" <<'PY'
import json, re, sys, collections
start, end, status = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
cat = json.load(open('site/catalog.json'))
items = json.load(open('site/action-items.json'))['items']
runbooks = sum(len(s.get('runbooks', [])) for s in cat['services'])
print(f"{'service':24} {'runbooks':>8}")
for s in cat['services']:
    print(f"{s['name']:24} {len(s.get('runbooks', [])):8}")
def rows(page):
    try:
        return len(re.findall(r'<tr data-', open(page).read()))
    except OSError:
        return 0
print(f"RFCs: {rows('site/rfcs/index.html')}; post-mortems: {rows('site/postmortems/index.html')}; runbooks: {runbooks}")
states = collections.Counter(i['state'] for i in items)
print(f"action items: {len(items)} ({', '.join(f'{k} {v}' for k, v in sorted(states.items()))}); "
      f"overdue {sum(1 for i in items if i.get('overdue'))}; needing escalation {sum(1 for i in items if i.get('needs_escalation'))}; "
      f"with an owner {sum(1 for i in items if i.get('owner'))}; with a due date {sum(1 for i in items if i.get('due'))}")
diags = collections.Counter()
for line in open('diagnostics.txt'):
    m = re.match(r'(error|warning|fatal): ([a-z-]+):', line)
    if m:
        diags[m.group(1) + ' ' + m.group(2)] += 1
print("diagnostics: " + (', '.join(f'{k} {v}' for k, v in sorted(diags.items())) or 'none'))
print(f"time: {end - start:.2f} s (exit {status}); the portal is in site/, the diagnostics in diagnostics.txt")
PY
