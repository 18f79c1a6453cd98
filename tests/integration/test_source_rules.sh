# The house rules of the sources (docs/design.md, STYLE.md), checked rather
# than hoped for: no .c file over 1,200 lines, no function over 150, the
# environment read only in main.c, standard error written only by diag.c
# and main.c (and util/xalloc.c's out-of-memory abort, below diag), the unit
# tests' folders made under TMPDIR, no page module including another, and
# every file as .clang-format has it.
. "$(dirname "$0")/../lib.sh"
cd "$TOP"

test_begin file_and_function_sizes
for f in generator/*.c generator/util/*.c; do
	n=$(wc -l <"$f")
	if [ "$n" -le 1200 ]; then pass "$f: $n lines"; else fail "$f: $n lines (over 1,200)"; fi
done
# a function: a line "{" at column 0 after its signature, to the line "}"
long=$(for f in generator/*.c generator/util/*.c; do
	awk -v f="$f" '/^\{/ { start = NR; next }
		/^\}/ { if (start && NR - start > 150) print f ":" start ": " NR - start " lines"; start = 0 }' "$f"
done)
if [ -z "$long" ]; then pass "no function over 150 lines"; else fail "functions over 150 lines: $long"; fi

test_begin environment_and_stderr
env_uses=$(grep -n 'getenv(' generator/*.c generator/util/*.c | grep -v '^generator/main\.c:')
if [ -z "$env_uses" ]; then pass "getenv only in main.c"; else fail "getenv outside main.c: $env_uses"; fi
err_uses=$(grep -nE 'fprintf\(stderr|fputs\([^;]*stderr\)|perror\(' generator/*.c generator/util/*.c |
	grep -vE '^generator/(main|diag)\.c:|^generator/util/xalloc\.c:')
if [ -z "$err_uses" ]; then pass "stderr only from diag.c and main.c"; else fail "stderr written from: $err_uses"; fi
# the unit tests' folders go under TMPDIR (the runner's tmpfs), through
# fixture_mkdtemp: one made on /tmp's disk made a test three times slower
tmp_uses=$(grep -n '"/tmp' tests/unit/*.c tests/unit/*.h | grep -v '^tests/unit/fixture\.h:')
if [ -z "$tmp_uses" ]; then pass "unit tests make their folders under TMPDIR"; else fail "/tmp written in: $tmp_uses"; fi

test_begin include_directions
for f in generator/page_*.c; do
	own=$(basename "$f" .c)
	other=$(grep -oE '#include "page_[a-z_]+\.h"' "$f" | grep -v "\"$own.h\"")
	if [ -z "$other" ]; then pass "$f includes no other page module"; else fail "$f includes $other"; fi
done
check "crawl.c does not include assemble.h" sh -c '! grep -q "#include \"assemble" generator/crawl.c'
check "assemble*.c do not include crawl.h" sh -c '! grep -q "#include \"crawl.h\"" generator/assemble*.c'
for f in generator/util/*.[ch]; do
	bad=$(grep -oE '#include "[a-z_]+\.h"' "$f" | sed 's/#include "//; s/"//' |
		while read -r h; do [ -f "generator/util/$h" ] || echo "$h"; done)
	if [ -z "$bad" ]; then pass "$f includes only util/"; else fail "$f includes $bad"; fi
done

test_begin clang_format
if command -v clang-format >/dev/null 2>&1; then
	out=$(sh scripts/format-check.sh generator/*.[ch] generator/util/*.[ch] tests/unit/*.[ch] 2>&1)
	last=$(printf '%s\n' "$out" | tail -n 1)
	case "$last" in
	*" 0 failed") pass "every source as .clang-format has it ($last)" ;;
	*) fail "not formatted (make format): $(printf '%s\n' "$out" | grep '^---' | head -n 10)" ;;
	esac
else
	fail "clang-format is not installed (scripts/install-deps.sh --test)"
fi

finish
