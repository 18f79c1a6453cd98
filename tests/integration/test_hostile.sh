# A hostile organisation: script in every field, YAML bombs, a 200 MB blob,
# invalid UTF-8 and NUL bytes, names that try to leave the output folder or
# collide, symlinks and submodules, an empty repository, a corrupt object, a
# missing branch, 50,000 files, a pathological CODEOWNERS pattern.  The build
# must finish in bounded time and memory, build every other service, say
# what is wrong with the right class, write nothing outside its output, and
# let no script of the fixture into any page.
. "$(dirname "$0")/../lib.sh"
sh "$TOP/tests/fixtures/hostile-org.sh" "$TMP" || fail "the hostile organisation could not be made"
cd "$TMP"
ls -R "$TMP" | grep -v "^$TMP/org" >before.txt 2>/dev/null || true

test_begin build_is_bounded
/usr/bin/time -f "%e %M" -o time.txt timeout 300 "$CAIRN" build -j 2 >out.txt 2>&1
status=$?
check "the build finished (exit 1: the input has errors)" test "$status" -eq 1
read secs kib <<EOF2
$(tail -n 1 time.txt)
EOF2
check "in under 120 s (took ${secs}s)" python3 -c "assert float('$secs') < 120"
check "in under 1 GiB (peak ${kib} KiB)" test "$kib" -lt 1048576

test_begin every_other_service_renders
check_file out/site/services/big/index.html
check_file out/site/services/links/index.html
check_file out/site/services/many/index.html
check_file out/site/services/corrupt/index.html
check_file out/site/services/xss/index.html
check_file out/site/services/etc/index.html
check_file out/site/services/foo-bar/index.html
check_file out/site/services/foo-bar-2/index.html

test_begin pages_show_the_fixture_as_text
# what the fixture wrote is on its pages, escaped, not taken as markup
S=out/site/services
check_contains $S/xss/index.html '<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</h1>'
check_contains $S/xss/index.html '<title>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; · Hostile</title>'
check_contains $S/xss/index.html '&lt;scr&lt;script&gt;ipt&gt;alert(&quot;split&quot;)&lt;/script&gt;'
check_contains $S/xss/index.html '&lt;form action=&quot;javascript:alert(1)&quot;&gt;'
check_contains $S/xss/index.html '<p title="&lt;/p&gt;&lt;script&gt;alert(&#39;attr&#39;)&lt;/script&gt;">p</p>'
check_contains $S/xss/index.html '<div>styled</div>'
R=$S/xss/docs/runbooks/r/index.html
check_contains $R '<h1>&lt;script&gt;alert(&#39;fm&#39;)&lt;/script&gt;</h1>'
check_contains $R 'Body with &lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt;.'
check_lacks $R '<iframe'
check_contains $S/etc/index.html '<h1>../../etc</h1>'
check_contains $S/foo-bar/index.html '<h1>Foo Bar</h1>'
check_contains $S/foo-bar-2/index.html '<h1>foo-bar</h1>'
check_contains $S/many/index.html '<h1>many</h1>'
check_contains $S/corrupt/index.html '<h1>corrupt</h1>'
check_no_file $S/corrupt/docs/d/index.html
# invalid bytes are shown as U+FFFD; skipped files have no page
check_contains $S/big/index.html "href=\"docs/runbooks/latin1/\">Bad bytes $(printf '\357\277\275\357\277\275') here</a>"
check_contains $S/big/docs/runbooks/latin1/index.html "Bad bytes $(printf '\357\277\275\357\277\275') here"
check_no_file $S/big/docs/runbooks/huge/index.html
check_no_file $S/big/docs/runbooks/nul/index.html
# neither the symbolic link's target nor the submodule is read
check_no_file $S/links/docs/runbooks/passwd/index.html
check_no_file $S/links/docs/runbooks/sub/index.html
check "no page holds /etc/passwd's text" sh -c "! grep -rqs 'root:x:0:0' out/site"

test_begin diagnostics_with_the_right_class
check_contains out.txt 'user-fixable: big:docs/runbooks/huge.md'
check_contains out.txt 'user-fixable: big:docs/runbooks/nul.md'
check_contains out.txt 'user-fixable: big:docs/runbooks/latin1.md:1'
check_contains out.txt 'user-fixable: yaml:catalog-info.yaml'
check_contains out.txt 'user-fixable: links:docs/runbooks/passwd.md'
check_contains out.txt 'user-fixable: links:docs/runbooks/sub.md'
check_contains out.txt 'user-fixable: cairn.yaml:'
check_contains out.txt 'repository "empty" cannot be read: repository is empty'
check_contains out.txt 'corrupt:docs/d.md'
check_contains out.txt 'repository "missing-branch" cannot be read: branch "nope" does not exist (branches: main)'
check_contains out.txt 'has the same address as another service'

test_begin nothing_outside_the_output
ls -R "$TMP" | grep -v "^$TMP/org" >after.txt 2>/dev/null || true
check "no etc folder was made" test ! -e "$TMP/etc" -a ! -e "$TMP/out/etc"
check "beside the site only its lock file" sh -c "ls -A out | grep -qvxE 'site|\.site\.lock' && exit 1 || exit 0"

test_begin no_script_of_the_fixture
scan() {
	python3 - "$TMP/out/site" <<'PY'
import os, re, sys
bad = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.html'):
            continue
        p = os.path.join(root, f)
        h = open(p, encoding='utf-8', errors='replace').read()
        # the only scripts are the theme's own and the data files cairn
        # writes for them (dependencies/data/*.js: JSON, never inline)
        for m in re.finditer(r'<script\b[^>]*>', h, re.I):
            if not re.search(r'src="[^"]*(assets/[a-z]+|data/[a-z0-9_]+)\.js"', m.group(0)):
                bad.append((p, m.group(0)))
        # event handlers and style attributes, outside quoted values
        for m in re.finditer(r'<[a-z](?:[^>"\']|"[^"]*"|\'[^\']*\')*>', h, re.I):
            t = re.sub(r'"[^"]*"|\'[^\']*\'', '""', m.group(0))
            if re.search(r'\s(on[a-z]+|style)\s*=', t, re.I):
                bad.append((p, m.group(0)))
        for m in re.finditer(r'(href|src|action)\s*=\s*"\s*(javascript|data|vbscript):', h, re.I):
            bad.append((p, m.group(0)))
        for tag in ('iframe', 'object', 'embed'):
            if re.search(r'<' + tag + r'\b', h, re.I):
                bad.append((p, tag))
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
PY
}
check "no fixture script, event handler or javascript: URL in any page" scan
X=out/site/services/xss/index.html
check_contains $X '<details open><summary>s</summary>x</details>'
for t in '<svg' '<math' '<base href' '<form action' '<noscript><p' 'id="main"' 'name="search"'; do
	check_lacks $X "$t"
done
check_contains $X '<a name="user-content-search" id="user-content-main">clobber</a>'
check_contains $X '&lt;iframe srcdoc='

test_begin in_a_browser
top=$TOP
if [ -d "$top/tests/browser/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ]; then
	node "$top/tests/browser/pages.mjs" out/site --hostile >browser.txt 2>&1
	check "headless Chromium: no dialog, no script of the fixture, no error (over http and file://)" test $? -eq 0
	grep -E '^(ok|FAIL) ' browser.txt | sed 's/^/  /'
else
	fail "the browser tests need chromium and tests/browser/node_modules (scripts/install-deps.sh --test)"
fi

finish
