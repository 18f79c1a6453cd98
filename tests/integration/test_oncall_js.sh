#!/bin/sh
# Runs tests/unit/test_oncall_js.mjs (themes/default/assets/oncall.js on the
# on-call cases the C unit test shares) with node, when node is installed.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "skipped: node is not installed"
	echo "0 passed, 0 failed"
	exit 0
fi
exec node "$top/tests/unit/test_oncall_js.mjs" "$top"
