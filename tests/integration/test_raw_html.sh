# Raw HTML in a real README: badges, a centred logo, details/summary, kbd
# and sub are kept; URLs in it are rewritten and images copied as a
# Markdown link's and image's are; hostile HTML is shown as text or dropped;
# markdown.raw_html: false escapes it all and re-makes the pages; `cairn
# check` sees the same links.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p svc/docs/img
cat >svc/README.md <<'MD'
# Widget

<p align="center">
  <img src="docs/img/logo.png" width="120" alt="Widget logo">
  <br>
  <a href="https://ci.example/widget"><img src="https://ci.example/widget/badge.svg" alt="build"></a>
</p>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop; H<sub>2</sub>O. See the
<a href="docs/guide.md#setup">guide</a> and <img src="docs/img/missing.png" alt="gone">.

<details>
<summary>Troubleshooting steps</summary>

1. Restart the **frobnicator**.

</details>

<script>alert("readme")</script>
<img src=x onerror=alert(1)> <a href="jAvAsCrIpT:alert(1)">js</a> <a href="&#106;avascript:alert(2)">ent</a>
<svg onload=alert(3)></svg> <div style="color:red" onclick="alert(4)">styled</div>
<!-- a note for editors -->
MD
cat >svc/docs/guide.md <<'MD'
# Guide

## Setup

Back to the <a href="../README.md">overview</a>.
MD
printf '\211PNG\r\n\032\nlogo' >svc/docs/img/logo.png
make_repo svc

cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: svc
YAML
export SOURCE_DATE_EPOCH=1790000000
P=site/services/svc/index.html

test_begin harmless_html_is_kept
"$CAIRN" build >out1 2>&1
check "exit 0 (warnings only)" test $? -eq 0
check_contains $P '<p align="center">'
check_contains $P '<img src="docs/img/logo.png" width="120" alt="Widget logo" loading="lazy">'
check_contains $P '<a href="https://ci.example/widget"><img src="https://ci.example/widget/badge.svg" alt="build" loading="lazy"></a>'
check_contains $P '<kbd>Ctrl</kbd>+<kbd>C</kbd>'
check_contains $P 'H<sub>2</sub>O'
check_contains $P '<details>'
check_contains $P '<summary>Troubleshooting steps</summary>'
check_contains $P '<strong>frobnicator</strong>'
check_contains $P '</details>'

test_begin urls_are_resolved_like_markdown
check_contains $P '<a href="docs/guide/#setup">guide</a>'
check_file site/services/svc/docs/img/logo.png
check_contains site/services/svc/docs/guide/index.html '<a href="../../">overview</a>'
check_contains out1 'warning: user-fixable: svc:README.md:10: image "docs/img/missing.png" names a file that is not in the repository'
check_contains $P ' and gone.'

test_begin hostile_html_is_inert
check_contains $P '&lt;script&gt;alert(&quot;readme&quot;)&lt;/script&gt;'
check_contains $P '&lt;svg onload=alert(3)&gt;'
check_contains $P '<a>js</a> <a>ent</a>'
check_contains $P '<div>styled</div>'
check_lacks $P 'onerror'
check_lacks $P 'onclick='
check_lacks $P 'style="'
check_lacks $P 'javascript:'
check_lacks $P 'a note for editors'

test_begin search_has_the_text
check "the search index has the summary's text, not its tags" sh -c \
	"grep -rqF 'Troubleshooting steps' site/search/d && ! grep -rqF '<summary>' site/search/d site/search/t"

test_begin check_sees_the_same_links
"$CAIRN" check svc >check.txt 2>&1
check_contains check.txt 'svc/README.md:10: image "docs/img/missing.png" names a file that is not in the repository'

test_begin raw_html_off_escapes_all_and_remakes_pages
"$CAIRN" build >out1b 2>&1
check "a rebuild with nothing changed reuses the document pages" grep -q ' [1-9][0-9]* unchanged' out1b
cat >>cairn.yaml <<'YAML'
markdown:
  raw_html: false
YAML
"$CAIRN" build >out2 2>&1
check "exit 0" test $? -eq 0
check_contains $P '&lt;p align=&quot;center&quot;&gt;'
check_contains $P '&lt;kbd&gt;Ctrl&lt;/kbd&gt;'
check_lacks $P '<details>'
check_lacks $P '<kbd>Ctrl'
check_contains site/services/svc/docs/guide/index.html '&lt;a href=&quot;../README.md&quot;&gt;'
check_contains out2 ' 0 unchanged'

test_begin raw_html_back_on
sed -i 's/raw_html: false/raw_html: true/' cairn.yaml
"$CAIRN" build >out3 2>&1
check_contains $P '<kbd>Ctrl</kbd>'
"$CAIRN" build -q -o fresh >/dev/null 2>&1
check "the same site as a fresh build" diff -r -x .cairn-manifest -x .cairn-site site fresh

test_begin bad_setting_is_named
cat >bad.yaml <<'YAML'
repos:
  - path: svc
markdown:
  raw_html: sometimes
YAML
check_status 2 "a wrong type stops the build" "$CAIRN" build -c bad.yaml
"$CAIRN" build -c bad.yaml >bad.txt 2>&1
check_contains bad.txt 'error: operator-fixable: bad.yaml:4: "raw_html" must be true or false, not a string'

finish
