# The command line: help, version, usage errors, and `cairn render`.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

test_begin help_and_version
# help_text NAME ARGS...: runs cairn ARGS into NAME.out and NAME.err; the
# help goes to standard output, with exit status 0 and nothing on stderr
help_text() {
	n=$1
	shift
	"$CAIRN" "$@" >"$n.out" 2>"$n.err"
	got=$?
	if [ "$got" -eq 0 ] && [ ! -s "$n.err" ]; then pass "cairn $* (exit 0, nothing on stderr)"
	else fail "cairn $*: exit $got, stderr: $(head -c 200 "$n.err")"; fi
}
help_text top help
check_contains top.out 'usage: cairn <command> [options]'
for c in build render check new version help; do
	check "cairn help lists $c" grep -qE "^  $c  " top.out
done
check_contains top.out 'exit status: 0 clean'
help_text dashes --help
check "cairn --help is cairn help" cmp -s top.out dashes.out
help_text build build --help
check_contains build.out 'usage: cairn build [-c FILE] [-o DIR] [-j N] [--strict] [-q]'
for o in '--config FILE' '--output DIR' '--jobs N' '--strict' '--quiet' '--dump-model FILE' 'debugging aid'; do
	check_contains build.out "$o"
done
help_text help_build help build
check "cairn help build is cairn build --help" cmp -s build.out help_build.out
help_text render render --help
check_contains render.out 'usage: cairn render [FILE | -]'
help_text help_render help render
check "cairn help render is cairn render --help" cmp -s render.out help_render.out
help_text check check --help
check_contains check.out 'usage: cairn check [PATH]'
check_contains check.out '--format cairn|gcc|github'
help_text new new --help
check_contains new.out 'usage: cairn new rfc|postmortem|runbook|catalog-info|techdebt TITLE'
help_text version version
check "cairn version prints \"cairn $(cat "$TOP/VERSION")\"" \
	test "$(cat version.out)" = "cairn $(cat "$TOP/VERSION")"
help_text version_help version --help
check_contains version_help.out 'usage: cairn version'
check "cairn version --help is its own, not cairn help" sh -c '! cmp -s top.out version_help.out'
"$CAIRN" new bogus X >u.out 2>u.err
check_contains u.err 'no kind "bogus": rfc, postmortem, runbook, techdebt or catalog-info'

test_begin usage_errors
check_status 2 "no command" "$CAIRN"
check_status 2 "unknown command" "$CAIRN" frobnicate
check_status 2 "bad -j" "$CAIRN" build -j zero
check_status 2 "unknown option" "$CAIRN" build --frob
check_status 2 "stray argument" "$CAIRN" build extra
"$CAIRN" frobnicate >u.out 2>u.err
check_contains u.err 'cairn: no command "frobnicate"'
check_contains u.err 'usage: cairn <command> [options]'
check "a usage error writes nothing on standard output" test ! -s u.out
"$CAIRN" build --frob >u.out 2>u.err
check_contains u.err 'usage: cairn build'
"$CAIRN" build -j zero >u.out 2>u.err
check_contains u.err '-j wants a number from 1 to 1024, not "zero"'

test_begin render_file
cat >doc.md <<'MD'
---
title: T
---
# Hello *world*

[x](javascript:alert(1)) and [y](other.md) <b>raw</b> <script>alert(1)</script>
<img src=x onerror=alert(1)> <a href="jAvAsCrIpT:alert(1)">js</a>

- [x] done
- [ ] open
MD
"$CAIRN" render doc.md >out.html 2>err
check "exit 0" test $? -eq 0
check_contains out.html '<h1 id="hello-world">'
check_contains out.html 'href="other.md"'
check_lacks out.html 'javascript'
check_contains out.html '<b>raw</b>'
check_contains out.html '&lt;script&gt;alert(1)&lt;/script&gt;'
check_contains out.html '<img src="x" loading="lazy">'
check_contains out.html '<a>js</a>'
check_lacks out.html 'onerror'
check_contains out.html 'type="checkbox"'
check_lacks out.html 'title: T'

test_begin render_stdin
printf '## From stdin\n' | "$CAIRN" render - >s.html 2>&1
check_contains s.html 'id="from-stdin"'
printf 'plain\n' | "$CAIRN" render >s2.html 2>&1
check_contains s2.html '<p>plain</p>'

test_begin render_binary_is_diagnosed
printf 'a\000b' >bin.md
"$CAIRN" render bin.md >b.out 2>&1
check "exit 1" test $? -eq 1
check_contains b.out 'user-fixable: bin.md: file is not text'

test_begin folders_and_stray_arguments_are_usage_errors
# a folder is not a Markdown file; help of help is help; version takes
# no arguments
mkdir -p afolder
"$CAIRN" render afolder >render-dir.out 2>render-dir.err
check "cairn render FOLDER: exit 2" test $? -eq 2
check_contains render-dir.err 'cairn render: "afolder" is a folder'
check "nothing on standard output" test ! -s render-dir.out
help_text help_help help --help
check "cairn help --help is cairn help" cmp -s top.out help_help.out
check_status 2 "cairn version with an argument" "$CAIRN" version extra

finish
