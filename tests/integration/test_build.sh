# Builds a small organisation of real git repositories (a working tree, a
# bare mirror, a file:// URL) and checks the site cairn writes.
. "$(dirname "$0")/../lib.sh"

ORG=$TMP/org
mkdir -p "$ORG/payments/docs/runbooks" "$ORG/payments/docs/img" \
	"$ORG/payments/docs/rfcs" "$ORG/ledger/docs" "$ORG/remote-src/docs"

# --- payments: a working tree with catalog, CODEOWNERS, docs and an image
cat >"$ORG/payments/catalog-info.yaml" <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  title: Payments API
  description: Takes card payments.
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
  lifecycle: production
  owner: group:default/payments
YAML
printf '* @acme/payments\n' >"$ORG/payments/CODEOWNERS"
cat >"$ORG/payments/README.md" <<'MD'
# Payments API

Handles payments. See the [database runbook](docs/runbooks/db.md#failover),
the [architecture](docs/architecture.md) and ![diagram](docs/img/flow.png).

A [missing page](docs/nope.md) and a [hostile one](javascript:alert(1)).

<script>alert("readme")</script>

## Operating it

| env | url |
| --- | --- |
| prod | https://pay.example |
MD
cat >"$ORG/payments/docs/runbooks/db.md" <<'MD'
---
title: Database failover
owner: "@alice"
---
# Ignored heading

## Failover

Run `failover.sh`. Back to the [overview](../../README.md).
MD
cat >"$ORG/payments/docs/architecture.md" <<'MD'
# Architecture

Payments talk to the [ledger](../README.md).

## Components
MD
cat >"$ORG/payments/docs/rfcs/0001-retries.md" <<'MD'
---
title: [unclosed
---
Body of a bad RFC.
MD
printf '\211PNG\r\n\032\nfakeimage' >"$ORG/payments/docs/img/flow.png"
make_repo "$ORG/payments"

# --- ledger: a bare mirror (no working tree)
cat >"$ORG/ledger/README.md" <<'MD'
# Ledger

Double-entry book keeping.
MD
printf '# Notes\n\nSome notes.\n' >"$ORG/ledger/docs/notes.md"
make_repo "$ORG/ledger"
$G clone -q --bare "$ORG/ledger" "$ORG/ledger.git"
rm -rf "$ORG/ledger"

# --- remote: served through a file:// URL, on a branch "release"
cat >"$ORG/remote-src/README.md" <<'MD'
# Remote service
MD
printf '# Remote guide\n' >"$ORG/remote-src/docs/guide.md"
make_repo "$ORG/remote-src"
( cd "$ORG/remote-src" && $G branch -q release )
$G clone -q --bare "$ORG/remote-src" "$ORG/remote.git"

mkdir -p "$TMP/portal/content/guides"
cat >"$TMP/portal/content/index.md" <<'MD'
# Welcome

This is **the portal**.
MD
cat >"$TMP/portal/content/guides/onboarding.md" <<'MD'
---
nav: true
---
# Onboarding

Start at the [home page](../index.md).
MD
cat >"$TMP/portal/cairn.yaml" <<YAML
title: Test Portal
output: public
environments: [staging, production]
repos:
  - path: $ORG/payments
  - path: $ORG/ledger.git
  - url: file://$ORG/remote.git
    branch: release
    name: remote
YAML

SITE=$TMP/portal/public
test_begin build_runs
( cd "$TMP/portal" && "$CAIRN" build -j 2 ) >"$TMP/out1" 2>&1; [ -n "${CAIRN_TEST_DEBUG:-}" ] && cat "$TMP/out1"
status=$?
if [ "$status" -eq 1 ]; then pass "exit 1 when the input has errors"; else fail "exit $status, want 1"; cat "$TMP/out1"; fi

test_begin pages_written
check_file "$SITE/index.html"
check_file "$SITE/404.html"
check_file "$SITE/services/index.html"
check_file "$SITE/services/payments-api/index.html"
check_file "$SITE/services/payments-api/docs/runbooks/db/index.html"
check_file "$SITE/services/payments-api/docs/architecture/index.html"
check_file "$SITE/services/ledger/index.html"
check_file "$SITE/services/ledger/docs/notes/index.html"
check_file "$SITE/services/remote/docs/guide/index.html"
check_file "$SITE/guides/onboarding/index.html"
check_file "$SITE/assets/style.css"
check_file "$SITE/assets/cairn.js"

test_begin catalog_and_owner
check_contains "$SITE/services/payments-api/index.html" "Payments API"
check_contains "$SITE/services/payments-api/index.html" "Takes card payments."
check_contains "$SITE/services/payments-api/index.html" "production"
check_contains "$SITE/services/index.html" "payments-api"
check_contains "$SITE/services/index.html" "ledger"

test_begin links_rewritten
P=$SITE/services/payments-api/index.html
check_contains "$P" 'href="docs/runbooks/db/#failover"'
check_contains "$P" 'href="docs/architecture/"'
check_contains "$SITE/services/payments-api/docs/runbooks/db/index.html" 'href="../../../"'
check_contains "$SITE/guides/onboarding/index.html" 'href="../../"'

test_begin image_copied
check_file "$SITE/services/payments-api/docs/img/flow.png"
check_contains "$P" 'src="docs/img/flow.png"'
check "image bytes copied" cmp "$SITE/services/payments-api/docs/img/flow.png" "$ORG/payments/docs/img/flow.png" 2>/dev/null || \
	check "image bytes copied (from git)" sh -c "cd '$ORG/payments' && git show HEAD:docs/img/flow.png | cmp - '$SITE/services/payments-api/docs/img/flow.png'"

test_begin hostile_input_escaped
check_lacks "$P" '<script>alert'
check_contains "$P" '&lt;script&gt;'
check_lacks "$P" 'javascript:'

test_begin diagnostics
check_contains "$TMP/out1" 'warning: user-fixable: payments:README.md:6: link "docs/nope.md" names a file that is not in the repository'
check_contains "$TMP/out1" 'front matter is not valid'
check_contains "$TMP/out1" 'error: user-fixable: payments:docs/rfcs/0001-retries.md'

test_begin front_matter_title
check_contains "$SITE/services/payments-api/docs/runbooks/db/index.html" "Database failover"
check_contains "$SITE/services/payments-api/docs/runbooks/db/index.html" 'id="failover"'
# front matter names the page: the leading heading is not its title but
# its text's own, kept (as cairn render keeps it); the architecture page,
# with no title in front matter, is named by its heading, shown once
check_contains "$SITE/services/payments-api/docs/runbooks/db/index.html" '<h1 id="ignored-heading">Ignored heading</h1>'
check "a heading that names the page is not repeated in its text" sh -c "test \$(grep -o '<h1[^>]*>Architecture</h1>' '$SITE/services/payments-api/docs/architecture/index.html' | wc -l) -eq 1"

test_begin url_repo_cached
check "the url: repo was cloned into the cache" sh -c "ls '$TMP/portal/.cairn-cache' | grep -q remote"

test_begin content_pages
check_contains "$SITE/index.html" "the portal"
check_contains "$SITE/index.html" "Onboarding"

test_begin relative_everywhere
check_lacks "$SITE/services/payments-api/index.html" 'href="/'
check_lacks "$SITE/services/payments-api/index.html" 'src="/'

# --- publishing: a failed build leaves the previous site untouched
test_begin failed_build_keeps_site
before=$(cat "$SITE/services/payments-api/index.html" | cksum)
mkdir -p "$TMP/portal/themes/broken/layouts"
printf '{{#unclosed}}\n' >"$TMP/portal/themes/broken/layouts/service.mustache"
sed 's/^output: public/output: public\ntheme: broken/' "$TMP/portal/cairn.yaml" >"$TMP/portal/broken.yaml"
check_status 2 "a theme that does not compile stops the build" sh -c "cd '$TMP/portal' && '$CAIRN' build -c broken.yaml"
after=$(cat "$SITE/services/payments-api/index.html" | cksum)
if [ "$before" = "$after" ]; then pass "previous site unchanged"; else fail "previous site changed"; fi
check "no temporary folder left" sh -c "! ls -a '$TMP/portal' | grep -q '\.public\.tmp'"

test_begin theme_override_one_layout
mkdir -p "$TMP/portal/themes/mine/layouts"
printf '{{<base}}{{$content}}<p class="custom-404">lost: {{page.title}}</p>{{/content}}{{/base}}\n' >"$TMP/portal/themes/mine/layouts/404.mustache"
sed 's/^output: public/output: public\ntheme: mine/' "$TMP/portal/cairn.yaml" >"$TMP/portal/mine.yaml"
( cd "$TMP/portal" && "$CAIRN" build -q -c mine.yaml ) >/dev/null 2>&1
check_contains "$SITE/404.html" 'custom-404'
check_contains "$SITE/services/payments-api/index.html" 'Payments API'

test_begin refuses_foreign_output
mkdir -p "$TMP/precious" && echo keep >"$TMP/precious/file.txt"
check_status 2 "an output folder with foreign files is refused" "$CAIRN" build -q -c "$TMP/portal/cairn.yaml" -o "$TMP/precious"
check_file "$TMP/precious/file.txt"

test_begin concurrent_builds_do_not_interleave
# another build holds the output's lock
flock "$TMP/portal/.public.lock" sleep 30 &
holder=$!
# wait until it really holds the lock
n=0
while flock -n "$TMP/portal/.public.lock" true 2>/dev/null && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
( cd "$TMP/portal" && "$CAIRN" build -q ) >"$TMP/locked" 2>&1
check "a second build into the same output stops (exit 2)" test $? -eq 2
check_contains "$TMP/locked" 'another cairn build is writing to'
pkill -P $holder 2>/dev/null; kill $holder 2>/dev/null
wait $holder 2>/dev/null
check "once the other build is done, it builds" sh -c "cd '$TMP/portal' && '$CAIRN' build -q >/dev/null 2>&1; test \$? -le 1"

test_begin output_named_with_a_trailing_slash
# "-o site/" (or "output: site/") is the folder site: built, then rebuilt
# through its twin, with the lock and twin beside it, not inside ".site/"
check_status_le1() { "$@" >/dev/null 2>&1; test $? -le 1; }
check "a build into a folder named with a trailing slash" check_status_le1 "$CAIRN" build -q -c "$TMP/portal/cairn.yaml" -o "$TMP/slashed/"
check_file "$TMP/slashed/index.html"
check "a rebuild into it" check_status_le1 "$CAIRN" build -q -c "$TMP/portal/cairn.yaml" -o "$TMP/slashed//"
check "its twin beside it" test -d "$TMP/.slashed.prev"
check "the lock beside it" test -f "$TMP/.slashed.lock"
check "no folder named after an empty name" test ! -e "$TMP/.slashed"

test_begin strict_and_output_flag
check_status 1 "--strict fails on warnings" "$CAIRN" build -q --strict -c "$TMP/portal/cairn.yaml" -o "$TMP/strict-site"
check_file "$TMP/strict-site/index.html"

test_begin strict_and_quiet_say_why
# -q --strict on a site with warnings only: the build fails on them, and
# says which (it printed nothing); -q alone prints nothing
mkdir -p "$TMP/warn"
printf '# W\n\nSee [x](nope.md).\n' >"$TMP/warn/README.md"
make_repo "$TMP/warn"
printf 'output: warn-site\nrepos:\n  - path: warn\n' >"$TMP/warn.yaml"
"$CAIRN" build -q --strict -c "$TMP/warn.yaml" >"$TMP/strict-quiet.out" 2>&1
check "--strict -q fails on a warning (exit 1)" test $? -eq 1
check_contains "$TMP/strict-quiet.out" 'warning: user-fixable: warn:README.md:3: link "nope.md" names a file that is not in the repository'
"$CAIRN" build -q -c "$TMP/warn.yaml" >"$TMP/quiet.out" 2>&1
check "-q alone: exit 0" test $? -eq 0
check "-q alone prints nothing" test ! -s "$TMP/quiet.out"

test_begin a_cache_inside_the_output_is_refused
# the site would publish the cache and each build would move it with the
# site: refused before anything is written (exit 2), however it is named
printf 'output: co-site\ncache: co-site/cache\nrepos:\n  - path: warn\n' >"$TMP/co1.yaml"
"$CAIRN" build -q -c "$TMP/co1.yaml" >"$TMP/co1.out" 2>&1
check "cache inside the output: exit 2" test $? -eq 2
check_contains "$TMP/co1.out" 'is the output'
check "nothing written" test ! -e "$TMP/co-site"
printf 'output: co-site/\ncache: ./co-site\nrepos:\n  - path: warn\n' >"$TMP/co2.yaml"
check_status 2 "the cache named as the output, otherwise spelled" "$CAIRN" build -q -c "$TMP/co2.yaml"
check_status 2 "-o naming the cache's folder" "$CAIRN" build -q -c "$TMP/warn.yaml" -o "$TMP/.cairn-cache"
printf 'output: co-site\ncache: co-site-cache\nrepos:\n  - path: warn\n' >"$TMP/co3.yaml"
check_status 0 "a cache beside it is fine" "$CAIRN" build -q -c "$TMP/co3.yaml"

test_begin a_link_to_a_folder_reaches_its_index_md
# a folder's page is its README.md, else its index.md (README: the
# docs-site rules name x/index.md beside x/README.md)
mkdir -p "$TMP/idx/docs/guide" "$TMP/idx/docs/other"
printf '# Idx\n\nSee [the guide](docs/guide/), [again](docs/guide) and [other](docs/other/).\n' >"$TMP/idx/README.md"
printf '# Guide\n\nThe guide.\n' >"$TMP/idx/docs/guide/index.md"
printf '# Other\n\nOther.\n' >"$TMP/idx/docs/other/README.md"
make_repo "$TMP/idx"
printf 'output: idx-site\nrepos:\n  - path: idx\n' >"$TMP/idx.yaml"
"$CAIRN" build -q -c "$TMP/idx.yaml" >"$TMP/idx.out" 2>&1
check "built (exit 0)" test $? -eq 0
check_contains "$TMP/idx-site/services/idx/index.html" '<a href="docs/guide/index/">the guide</a>'
check_contains "$TMP/idx-site/services/idx/index.html" '<a href="docs/guide/index/">again</a>'
check_contains "$TMP/idx-site/services/idx/index.html" '<a href="docs/other/readme/">other</a>'

test_begin a_title_written_as_a_number_is_a_title
# "title: 2024", unquoted, is a YAML number: still the page's title
mkdir -p "$TMP/yr/docs"
printf -- '---\ntitle: 2024\n---\n\nThe year in review.\n' >"$TMP/yr/docs/year.md"
printf '# Yr\n' >"$TMP/yr/README.md"
make_repo "$TMP/yr"
printf 'output: yr-site\nrepos:\n  - path: yr\n' >"$TMP/yr.yaml"
check_status 0 "built" "$CAIRN" build -q -c "$TMP/yr.yaml"
check_contains "$TMP/yr-site/services/yr/docs/year/index.html" '<h1>2024</h1>'

test_begin a_link_to_an_svg_does_not_open_the_copy
# an SVG can hold a script: shown with <img> it does not run, opened by a
# click on a link to the copy it would, in the site's origin. The image is
# copied and shown; the link does not lead to the copy
mkdir -p "$TMP/svg/docs" "$TMP/svg/img"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$TMP/svg/img/x.svg"
printf '# D\n\nSee [the drawing](../img/x.svg) and ![it](../img/x.svg).\n' >"$TMP/svg/docs/d.md"
printf '# Svg\n' >"$TMP/svg/README.md"
make_repo "$TMP/svg"
printf 'output: svg-site\nrepos:\n  - path: svg\n' >"$TMP/svg.yaml"
"$CAIRN" build -q -c "$TMP/svg.yaml" >/dev/null 2>&1
check_contains "$TMP/svg-site/services/svg/docs/d/index.html" '<img src="../../img/x.svg" alt="it"'
check_lacks "$TMP/svg-site/services/svg/docs/d/index.html" 'href="../../img/x.svg"'

test_begin images_whose_names_differ_only_in_case_or_spaces
# Diagram.png and diagram.png, "a b.png" and a-b.png: one address each was
# one copy, and one document showed the other's picture
mkdir -p "$TMP/img/docs/img"
printf 'ONE' >"$TMP/img/docs/img/Diagram.png"
printf 'TWO' >"$TMP/img/docs/img/diagram.png"
printf 'A' >"$TMP/img/docs/img/a b.png"
printf 'B' >"$TMP/img/docs/img/a-b.png"
printf '# Img\n' >"$TMP/img/README.md"
printf '# Doc\n\n![1](img/Diagram.png) ![2](img/diagram.png) ![3](img/a%%20b.png) ![4](img/a-b.png)\n' >"$TMP/img/docs/doc.md"
make_repo "$TMP/img"
printf 'output: img-site\nrepos:\n  - path: img\n' >"$TMP/img.yaml"
check_status 0 "built" "$CAIRN" build -q -c "$TMP/img.yaml"
shown() { # the bytes of the image the document shows at position $1
	src=$(grep -o '<img src="../img/[^"]*"' "$TMP/img-site/services/img/docs/doc/index.html" | sed -n "$1p" | sed 's/<img src="//; s/"$//')
	cat "$TMP/img-site/services/img/docs/doc/$src"
}
check "four images, four pictures" test "$(shown 1)$(shown 2)$(shown 3)$(shown 4)" = "ONETWOAB"
check "a name already safe keeps it" test -f "$TMP/img-site/services/img/docs/img/diagram.png"

test_begin an_image_that_is_a_link_or_a_folder_is_said
mkdir -p "$TMP/isl/docs/img/folder"
printf 'PNG' >"$TMP/isl/docs/img/real.png"
ln -s real.png "$TMP/isl/docs/img/link.png"
printf 'x' >"$TMP/isl/docs/img/folder/a.png"
printf '# Isl\n' >"$TMP/isl/README.md"
printf '# D\n\n![a](img/link.png) ![b](img/folder) ![c](img/real.png)\n' >"$TMP/isl/docs/d.md"
make_repo "$TMP/isl"
printf 'output: isl-site\nrepos:\n  - path: isl\n' >"$TMP/isl.yaml"
"$CAIRN" build -c "$TMP/isl.yaml" >"$TMP/isl.out" 2>&1
check_contains "$TMP/isl.out" 'isl:docs/d.md:3: image "img/link.png" names a symbolic link, not a file: it is shown as its text'
check_contains "$TMP/isl.out" 'isl:docs/d.md:3: image "img/folder" names a folder, not a file'
(cd "$TMP/isl" && "$CAIRN" check >"$TMP/isl-check.out" 2>&1)
check_contains "$TMP/isl-check.out" 'docs/d.md:3: image "img/link.png" names a symbolic link'
check_contains "$TMP/isl-check.out" 'docs/d.md:3: image "img/folder" names a folder'

test_begin proposals_and_numbered_adrs_under_docs_are_rfcs
# thanos' docs/proposals-accepted/ (the folder says the status), GOV.UK's
# docs/arch/adr-001-*.md
mkdir -p "$TMP/prop/docs/proposals-accepted" "$TMP/prop/docs/proposals-rejected" "$TMP/prop/docs/arch"
printf '# Prop\n' >"$TMP/prop/README.md"
printf '# Deletions in object storage\n\nWhy and how.\n' >"$TMP/prop/docs/proposals-accepted/202012-deletions.md"
printf '# Gossip everywhere\n\nNo.\n' >"$TMP/prop/docs/proposals-rejected/201809-gossip.md"
printf '# Decision record: pass user ids\n\n## Status\n\nAccepted\n' >"$TMP/prop/docs/arch/adr-001-pass-user-ids.md"
make_repo "$TMP/prop"
printf 'output: prop-site\nrepos:\n  - path: prop\n' >"$TMP/prop.yaml"
check_status 0 "built" "$CAIRN" build -q -c "$TMP/prop.yaml"
check_contains "$TMP/prop-site/rfcs/index.html" 'Deletions in object storage'
check_contains "$TMP/prop-site/rfcs/index.html" 'Gossip everywhere'
check_contains "$TMP/prop-site/rfcs/index.html" 'pass user ids'
check "statuses from the folders and the ADR" sh -c "grep -o 'data-status=\"[a-z]*\"' '$TMP/prop-site/rfcs/index.html' | sort | tr '\n' ' ' | grep -qx 'data-status=\"accepted\" data-status=\"accepted\" data-status=\"rejected\" '"

finish
