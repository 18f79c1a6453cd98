#!/bin/sh
# Runs every test: the C unit tests in BUILD/tests/ and the integration
# scripts in tests/integration/.  Each prints "N passed, N failed" as its
# last line; this sums them and prints the total as the last line.
# Usage: tests/run.sh BUILD_DIR [PATTERN]
set -u
BUILD=${1:-build}
PATTERN=${2:-}
export CAIRN="$(cd "$BUILD" && pwd)/cairn"
export CAIRN_SPEC_DIR="${CAIRN_SPEC_DIR:-$(cd "$(dirname "$0")" && pwd)/spec/mustache}"
passed=0
failed=0
log=$(mktemp)
run() {
	name=$1
	shift
	case "$name" in *"$PATTERN"*) ;; *) return ;; esac
	"$@" >"$log" 2>&1
	status=$?
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$last" ]; then
		p=0
		f=1
	else
		p=${last%% passed*}
		f=${last#*passed, }
		f=${f%% failed}
	fi
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or exited badly after its count
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		echo "--- $name: $p passed, $f failed (exit $status)"
		grep -v -E '^(ok|PASS) ' "$log" | tail -n 40
	else
		echo "$name: $p passed"
	fi
	# suite lines (e.g. the Mustache spec's per-file counts)
	grep -E '^mustache spec ' "$log" || true
}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done
for t in "$(dirname "$0")"/integration/test_*.sh; do
	[ -f "$t" ] || continue
	run "integration/$(basename "$t" .sh)" sh "$t"
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
