#!/bin/sh
# Runs each libFuzzer target for SECONDS from its corpus in
# FUZZ_BUILD/corpus/<target>/ (made by fuzz/seeds.sh, grown by each run),
# one job at a time, and prints one line per target:
#     fuzz_yaml: 412345 runs in 60 s (6872/s), 0 crashes
# What a target finds (a crash, a sanitizer report, a leak, an input slower
# than 25 s or using more than 2 GB) is written to FUZZ_BUILD/crashes/<target>/
# and its log kept in FUZZ_BUILD/logs/<target>.log; exits 1 when any target
# found something.
# Usage: fuzz/run.sh FUZZ_BUILD SECONDS TARGET...     (make fuzz runs it)
set -u
if [ $# -lt 3 ]; then
	echo "usage: $0 FUZZ_BUILD SECONDS TARGET..." >&2
	exit 2
fi
B=$1
secs=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/fuzz/seeds.sh" "$B/corpus" >/dev/null || exit 1
mkdir -p "$B/logs" "$B/dict"

# (the targets make one allocation per arena object themselves, so that
# ASan sees arena overflows: fuzz/targets.c)
ASAN_OPTIONS=detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
UBSAN_OPTIONS=print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}
export ASAN_OPTIONS UBSAN_OPTIONS

# the dictionaries of a target
dicts() {
	case $1 in
	yaml | catalog | owners | deploy | config | openapi) echo yaml ;;
	frontmatter | rfc | postmortem) echo markdown yaml ;;
	markdown) echo markdown ;;
	mustache) echo mustache ;;
	codeowners) echo codeowners ;;
	esac
}

found=0
for t in "$@"; do
	bin=$B/fuzz_$t
	art=$B/crashes/$t
	log=$B/logs/$t.log
	mkdir -p "$art" "$B/corpus/$t"
	dict=$B/dict/$t.dict
	: >"$dict"
	for d in $(dicts "$t"); do
		cat "$top/fuzz/$d.dict" >>"$dict"
	done
	dictopt=
	[ -s "$dict" ] && dictopt=-dict=$dict
	before=$(ls "$art" | wc -l)
	start=$(date +%s)
	"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$art/" $dictopt \
		"$B/corpus/$t" >"$log" 2>&1
	status=$?
	took=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ -z "$runs" ]; then # stopped early: the last status line
		last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
		runs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
		rate=$(echo "$last" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
	fi
	new=$(($(ls "$art" | wc -l) - before))
	[ "$status" -ne 0 ] && [ "$new" -eq 0 ] && new=1 # failed without an artifact
	echo "fuzz_$t: ${runs:-0} runs in $took s (${rate:-0}/s), $new crashes"
	if [ "$new" -ne 0 ]; then
		found=1
		ls -t "$art" | head -n "$new" | sed "s|^|  $art/|"
		if grep -qE 'ERROR: |runtime error|SUMMARY: ' "$log"; then
			grep -E 'ERROR: |runtime error|SUMMARY: ' "$log" | head -n 5
		else
			tail -n 5 "$log"
		fi | sed 's/^/  /'
	fi
done
[ "$found" -eq 0 ]
