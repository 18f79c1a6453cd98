#!/bin/sh
# Runs every test: the C unit tests in BUILD/tests/ and the integration
# scripts in tests/integration/.  Each prints "N passed, N failed" as its
# last line; this sums them and prints the total as the last line.
# Usage: tests/run.sh BUILD_DIR [PATTERN]
#
# The tests run CAIRN_TEST_JOBS at a time (default: the number of cores),
# the slowest scripts first; each one's output is kept in its own log and
# reported in the usual order once all have finished, so the report reads
# the same whatever the number of jobs; meanwhile a line on stderr says
# each one that finishes ("finished NAME in Ns"), so that a long run shows
# its progress.  CAIRN_TEST_JOBS=1 runs them one
# after another.  CAIRN_TEST_TIMES=FILE appends "START END NAME" (seconds)
# for each test to FILE.
set -u
BUILD=${1:-build}
PATTERN=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
export CAIRN="$(cd "$BUILD" && pwd)/cairn"
export CAIRN_SPEC_DIR="${CAIRN_SPEC_DIR:-$here/spec/mustache}"
jobs=${CAIRN_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
case "$jobs" in '' | *[!0-9]* | 0) jobs=1 ;; esac
logs=$(mktemp -d)
scratch=""
trap 'rm -rf "$logs" $scratch' EXIT
trap 'exit 130' INT TERM

# The tests' temporary folders go on a tmpfs (/dev/shm) when TMPDIR is not
# set and it has 4 GB free: the tests write whole sites again and again,
# and creating a file costs several times less there than on a disk.
# CAIRN_TEST_ON_DISK=1 keeps them in /tmp.
if [ -z "${TMPDIR:-}" ] && [ -z "${CAIRN_TEST_ON_DISK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
	if [ "${free_kb:-0}" -ge 4194304 ] && scratch=$(mktemp -d /dev/shm/cairn-tests.XXXXXX); then
		# open to all, as /tmp is: a test runs cairn as nobody
		chmod 755 "$scratch"
		export TMPDIR="$scratch"
	else
		scratch=""
	fi
fi

# the tests, in the order they are reported: "NAME COMMAND..." a line
list() {
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		echo "unit/$(basename "$t") $t"
	done
	for t in "$here"/integration/test_*.sh; do
		[ -f "$t" ] || continue
		echo "integration/$(basename "$t" .sh) sh $t"
	done
}
list | while read -r name cmd; do
	case "$name" in *"$PATTERN"*) echo "$name $cmd" ;; esac
done >"$logs/order"

# the slowest first (as timed with CAIRN_TEST_TIMES), so that the last to
# finish is a short one; the rest in their order
slow="test_search_update test_cache_damage test_repo test_publish test_golden test_hostile test_search test_deploy test_rebuild_property test_incremental"
{
	for s in $slow; do
		grep -E "/$s( |\$)" "$logs/order" || true
	done
	grep -v -E "/($(echo $slow | tr ' ' '|'))( |\$)" "$logs/order" || true
} >"$logs/queue"

# one test: its output in LOGS/N.log, its exit status in LOGS/N.rc
cat >"$logs/one.sh" <<'ONE'
name=$1
logs=$2
shift 2
key=$(echo "$name" | tr / -)
start=$(date +%s.%N)
"$@" >"$logs/$key.log" 2>&1
echo $? >"$logs/$key.rc"
end=$(date +%s.%N)
echo "finished $name in $(echo "$start $end" | awk '{ printf "%d", $2 - $1 + 0.5 }')s" >&2
if [ -n "${CAIRN_TEST_TIMES:-}" ]; then
	echo "$start $end $name" >>"$CAIRN_TEST_TIMES"
fi
ONE
# shellcheck disable=SC2016
tr '\n' '\0' <"$logs/queue" |
	LOGS=$logs xargs -0 -P "$jobs" -I{} sh -c 'set -f; set -- $1; n=$1; shift; sh "$0" "$n" "$LOGS" "$@"' "$logs/one.sh" {}

passed=0
failed=0
while read -r name cmd; do
	key=$(echo "$name" | tr / -)
	log="$logs/$key.log"
	status=$(cat "$logs/$key.rc" 2>/dev/null || echo 127)
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" 2>/dev/null | tail -n 1)
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
		grep -v -E '^(ok|PASS) ' "$log" 2>/dev/null | tail -n 40
	else
		echo "$name: $p passed"
	fi
	# suite lines (e.g. the Mustache spec's per-file counts)
	grep -E '^mustache spec ' "$log" 2>/dev/null || true
done <"$logs/order"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
