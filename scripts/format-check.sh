#!/bin/sh
# Lists the files that `make format` would change (.clang-format), with the
# first lines of each difference; "N passed, N failed" last (a file is a
# check).  Usage: scripts/format-check.sh FILE...
set -u
passed=0
failed=0
if ! command -v clang-format >/dev/null 2>&1; then
	echo "format-check: clang-format is not installed (scripts/install-deps.sh --test)"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp)
for f in "$@"; do
	clang-format "$f" >"$tmp" 2>/dev/null
	if cmp -s "$f" "$tmp"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "--- $f is not formatted (make format):"
		diff -u "$f" "$tmp" | sed -n '3,12p'
	fi
done
rm -f "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
