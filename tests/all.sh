#!/bin/sh
# Everything `make test` runs, with one total as the last line:
#   1. the whole suite against BUILD (the normal -O2 build);
#   2. the whole suite again against BUILD/asan, built with AddressSanitizer
#      and UndefinedBehaviorSanitizer (every report fails the run);
#   3. a valgrind memcheck of the demo build (no errors, no leaks).
# Usage: tests/all.sh BUILD
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
add() { # add LOG: sums the last "N passed, N failed" line of LOG
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$last" ]; then
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + ${last%% passed*}))
	f=${last#*passed, }
	failed=$((failed + ${f%% failed}))
}
log=$(mktemp)

echo "== the suite"
sh "$top/tests/run.sh" "$BUILD" | tee "$log"
add "$log"

echo "== the suite under AddressSanitizer and UndefinedBehaviorSanitizer"
SAN="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
units=$(cd "$top" && ls tests/unit/test_*.c | sed "s|tests/unit/|$BUILD/asan/tests/|; s|\.c\$||")
if make -s -j"$(nproc 2>/dev/null || echo 2)" -C "$top" BUILD="$BUILD/asan" CFLAGS="$SAN" LDFLAGS="-fsanitize=address,undefined" \
	all $units >"$log" 2>&1; then
	logs=$(mktemp -d)
	CAIRN_TEST_LIGHT=1 ASAN_OPTIONS="detect_leaks=1:log_path=$logs/asan" \
		UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan" \
		sh "$top/tests/run.sh" "$BUILD/asan" >"$log" 2>&1
	grep -v '^[a-z]*/test_[a-z_]*: [0-9]* passed$' "$log" | grep -v '^mustache spec' || true
	add "$log"
	# a log that only lists suppressions used is not a report
	reports=$(grep -lE 'ERROR: |runtime error|SUMMARY: ' "$logs"/* 2>/dev/null | wc -l)
	if [ "$reports" -ne 0 ]; then
		echo "--- sanitizers: $reports report(s):"
		grep -lE 'ERROR: |runtime error|SUMMARY: ' "$logs"/* | xargs cat | head -n 60
		failed=$((failed + reports))
	else
		echo "sanitizers: no reports"
		passed=$((passed + 1))
	fi
	rm -rf "$logs"
else
	echo "--- could not build with the sanitizers:"
	tail -n 20 "$log"
	failed=$((failed + 1))
fi

echo "== valgrind memcheck of the demo build"
if command -v valgrind >/dev/null 2>&1; then
	abs=$(cd "$BUILD" && pwd)
	sh "$top/scripts/demo.sh" "$BUILD" >/dev/null 2>&1
	( cd "$BUILD/demo" && rm -rf site cache &&
	  valgrind --quiet --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
		"$abs/cairn" build -q -j 2 ) >"$log" 2>&1
	status=$?
	if [ "$status" -eq 99 ] || grep -q "ERROR SUMMARY: [1-9]" "$log"; then
		echo "--- valgrind found errors:"
		head -n 60 "$log"
		failed=$((failed + 1))
	else
		echo "valgrind: no errors, no leaks (demo build exit $status)"
		passed=$((passed + 1))
	fi
else
	echo "--- valgrind is not installed"
	failed=$((failed + 1))
fi
echo "== the demo site in a browser (headless Chromium, http and file://): every page, and search"
if [ -d "$top/tests/browser/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ]; then
	node "$top/tests/browser/pages.mjs" "$BUILD/demo/site" >"$log" 2>&1
	grep -E '^(ok|FAIL) ' "$log"
	add "$log"
	node "$top/tests/browser/search.mjs" "$BUILD/demo/site" >"$log" 2>&1
	grep -E '^(ok|FAIL) ' "$log"
	add "$log"
	node "$top/tests/browser/deps.mjs" "$BUILD/demo/site" >"$log" 2>&1
	grep -E '^(ok|FAIL) ' "$log"
	add "$log"
else
	echo "--- the browser tests need chromium and tests/browser/node_modules"
	failed=$((failed + 1))
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
