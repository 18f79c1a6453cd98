# A hostile organisation: script in every field, YAML bombs, a 200 MB blob,
# invalid UTF-8 and NUL bytes, names that try to leave the output folder or
# collide, symlinks and submodules, an empty repository, a corrupt object, a
# missing branch, 50,000 files, a pathological CODEOWNERS pattern.  The build
# must finish in bounded time and memory, build every other service, say
# what is wrong with the right class, write nothing outside its output, and
# let no script of the fixture into any page.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
mkdir -p org

# --- xss: script in bodies, headings, titles, names, owners, links, OpenAPI
mkdir -p org/xss/docs/runbooks
cat >org/xss/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: xss
  title: <script>alert("title")</script>
  description: <img src=x onerror=alert(1)>
  links:
    - url: javascript:alert(1)
      title: <b onmouseover=alert(1)>x</b>
spec:
  type: service
  lifecycle: <script>alert(2)</script>
  owner: "group:<script>"
YAML
cat >org/xss/README.md <<'MD'
# <script>alert("h1")</script>

[click](javascript:alert(1)) [tab](jav&#x09;ascript:alert(1)) ![x](data:text/html,<script>alert(1)</script>)

<img src=x onerror=alert(1)>

## <img src=x onerror=alert(1)> heading

Raw HTML that tries to get past the allowlist:
<details open ontoggle="alert('details')"><summary>s</summary>x</details>
<details open ontoggle=alert("unquoted")><summary>u</summary></details>
<a href="jAvAsCrIpT:alert(1)">js</a> <a href="&#106;avascript:alert(1)">ent</a>
<a href="jav&#x09;ascript:alert(1)">tab</a> <IMG SRC="javascript:alert(1)" onerror="alert(1)">
<scr<script>ipt>alert("split")</script> <svg onload=alert("svg")></svg>

<p title="</p><script>alert('attr')</script>">p</p>
<noscript><p title="</noscript><img src=x onerror=alert('mxss')>"></noscript>
<div style="background:red" onclick="alert('div')">styled</div>
<math><mtext><table><mglyph><style><img src=x onerror=alert('math')>
<iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>
<form action="javascript:alert(1)"><button>go</button></form>
<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<!-- <script>alert("comment")</script> -->
<b><i>unbalanced <a name="search" id="main">clobber</a>
MD
cat >org/xss/docs/runbooks/r.md <<'MD'
---
title: "<script>alert('fm')</script>"
---
Body with <iframe src="javascript:alert(1)"></iframe>.
MD
printf '* @<script>alert(1)</script> @ok\n' >org/xss/CODEOWNERS
cat >org/xss/openapi.yaml <<'YAML'
openapi: 3.0.0
info:
  title: <script>alert("api")</script>
  version: "1"
  description: "[x](javascript:alert(1)) <script>alert(3)</script>"
servers:
  - url: javascript:alert(1)
paths:
  /x:
    get:
      summary: <img src=x onerror=alert(1)>
      responses: { "200": { description: ok } }
YAML
make_repo org/xss

# --- yaml: a billion laughs and deep nesting
mkdir -p org/yaml
{
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	prev=a
	for n in b c d e f g h i j; do
		echo "$n: &$n [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
		prev=$n
	done
} >org/yaml/catalog-info.yaml
python3 -c "print('---\ntitle: x\n' + 'a:\n' + ''.join(' ' * i + '- \n' for i in range(1, 2000)) + '---\nbody')" >org/yaml/README.md
make_repo org/yaml

# --- big: a 200 MB blob where a runbook is expected; invalid UTF-8, NUL
mkdir -p org/big/docs/runbooks
head -c 209715200 /dev/zero | tr '\0' 'a' >org/big/docs/runbooks/huge.md
printf '# Bad bytes \377\376 here\n' >org/big/docs/runbooks/latin1.md
printf '# NUL\000inside\n' >org/big/docs/runbooks/nul.md
printf '# Big\n' >org/big/README.md
make_repo org/big

# --- names: ../../etc, and two that collide once made safe
for n in one two; do mkdir -p org/$n && printf '# %s\n' $n >org/$n/README.md && make_repo org/$n; done

# --- links: a symlink and a submodule where documents are expected
mkdir -p org/links/docs/runbooks
printf '# Links\n' >org/links/README.md
ln -s /etc/passwd org/links/docs/runbooks/passwd.md
make_repo org/links
( cd org/links && $G update-index --add --cacheinfo "160000,$(git rev-parse HEAD),docs/runbooks/sub.md" && $G commit -q -m sub )

# --- broken: empty, corrupt object, missing branch
mkdir -p org/empty && ( cd org/empty && $G init -q )
mkdir -p org/corrupt/docs && printf '# Corrupt\n' >org/corrupt/README.md && printf '# Doc\n' >org/corrupt/docs/d.md
make_repo org/corrupt
obj=$(cd org/corrupt && git rev-parse HEAD:docs/d.md)
f=org/corrupt/.git/objects/$(echo "$obj" | cut -c1-2)/$(echo "$obj" | cut -c3-)
chmod u+w "$f" && printf 'garbage' >"$f"

# --- many: 50,000 files in one repository (fast-import)
mkdir -p org/many && ( cd org/many && $G init -q && {
	echo "commit refs/heads/main"
	echo "committer A <a@example.com> 1790000000 +0000"
	echo "data 4"; echo "many"
	echo "M 100644 inline README.md"; echo "data 7"; echo "# Many"
	i=0
	while [ $i -lt 50000 ]; do
		echo "M 100644 inline files/f$i.txt"; echo "data 2"; echo "x"
		i=$((i + 1))
	done
	line='**/**/**/**/**/**/**/**/**/**/*a*a*a*a*a*b @many'
	echo "M 100644 inline CODEOWNERS"
	echo "data $((${#line} + 1))"
	echo "$line"
} | $G fast-import --quiet )

cat >cairn.yaml <<YAML
title: Hostile
output: out/site
repos:
  - path: org/xss
  - path: org/yaml
  - path: org/big
  - path: org/one
    name: ../../etc
  - path: org/two
    name: Foo Bar
  - path: org/two
    name: foo-bar
  - path: org/links
  - path: org/empty
  - path: org/corrupt
  - path: org/one
    name: missing-branch
    branch: nope
  - path: org/many
YAML
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
        # the only scripts are the theme's own
        for m in re.finditer(r'<script\b[^>]*>', h, re.I):
            if not re.search(r'src="[^"]*assets/[a-z]+\.js', m.group(0)):
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
