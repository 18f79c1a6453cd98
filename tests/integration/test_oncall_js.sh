#!/bin/sh
# themes/default/assets/oncall.js: tests/unit/test_oncall_js.mjs (the
# on-call cases the C unit test shares) with node, and tests/browser/oncall.mjs
# (a page in headless Chromium with a fixed clock) when playwright-core and
# chromium are installed (scripts/install-deps.sh --test).  Prints the sum.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "skipped: node is not installed"
	echo "0 passed, 0 failed"
	exit 0
fi
log=$(mktemp)
passed=0
failed=0
add() {
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$last" ]; then
		failed=$((failed + 1))
		cat "$log"
		return
	fi
	passed=$((passed + ${last%% passed*}))
	f=${last#*passed, }
	failed=$((failed + ${f%% failed}))
	grep -E '^FAIL' "$log"
}
node "$top/tests/unit/test_oncall_js.mjs" "$top" >"$log" 2>&1
add
if [ -d "$top/tests/browser/node_modules/playwright-core" ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	node "$top/tests/browser/oncall.mjs" "$top" >"$log" 2>&1
	add
else
	echo "skipped: the browser test needs chromium and tests/browser/node_modules"
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
