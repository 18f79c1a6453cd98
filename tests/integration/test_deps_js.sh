#!/bin/sh
# themes/default/assets/deps.js against tests/fixtures/versions.txt and
# against generator/version.c (tests/unit/test_deps_js.mjs), with node.
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "${CAIRN:-$top/build/cairn}")
cd "$top" || exit 1
if ! command -v node >/dev/null 2>&1; then
	echo "node is not installed"
	echo "0 passed, 1 failed"
	exit 1
fi
node tests/unit/test_deps_js.mjs "$build"
