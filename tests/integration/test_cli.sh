# The command line: help, version, usage errors, and `cairn render`.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

test_begin help_and_version
check_status 0 "cairn help" "$CAIRN" help
check_status 0 "cairn --help" "$CAIRN" --help
check_status 0 "cairn build --help" "$CAIRN" build --help
check_status 0 "cairn render --help" "$CAIRN" render --help
check_status 0 "cairn help build" "$CAIRN" help build
"$CAIRN" version >v 2>&1
check_contains v "cairn "
"$CAIRN" build --help >h 2>&1
check_contains h "--strict"

test_begin usage_errors
check_status 2 "no command" "$CAIRN"
check_status 2 "unknown command" "$CAIRN" frobnicate
check_status 2 "bad -j" "$CAIRN" build -j zero
check_status 2 "unknown option" "$CAIRN" build --frob
check_status 2 "stray argument" "$CAIRN" build extra

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

finish
