# Rebuilds: a build with nothing changed makes nothing again and writes
# nothing, reports the same diagnostics, and gives the same site as a build
# from scratch; a commit re-makes only what it touched; a deleted document's
# page is removed; a damaged cache is ignored.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p a/docs b/docs
printf '# A\n\nSee [gone](docs/missing.md) and [one](docs/one.md).\n' >a/README.md
printf '# One\n\nfirst version\n' >a/docs/one.md
printf '# Two\n\nstays\n' >a/docs/two.md
printf '# B\n' >b/README.md
printf '# Bee doc\n' >b/docs/x.md
make_repo a
make_repo b
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: a
  - path: b
YAML
export SOURCE_DATE_EPOCH=1790000000

test_begin first_build_makes_everything
"$CAIRN" build >out1 2>&1
check "exit 0 (warnings only)" test $? -eq 0
check_contains out1 'link "docs/missing.md" names a file'
check_file site/.cairn-manifest
stat -c '%i %y' site/services/b/docs/x/index.html >mtime1

test_begin nochange_rebuild_makes_nothing
sleep 1
"$CAIRN" build >out2 2>&1
check "exit 0" test $? -eq 0
# kept: every page but the home page (it shows the build's time): the
# repositories' 5 pages, the pages that gather the whole organisation
# (their fingerprint: site_org.c), the alerts' index (what it shows:
# page_alerts.c), 404.html, search/ and the indexes (view_docfp.h)
check_contains out2 '1 made, 19 unchanged'
check_contains out2 '0 files written'
stat -c '%i %y' site/services/b/docs/x/index.html >mtime2
check "an unchanged page keeps its mtime" cmp mtime1 mtime2
grep -v '^cairn: [0-9]* pages' out1 >d1
grep -v '^cairn: [0-9]* pages' out2 >d2
check "the same diagnostics are reported again" cmp d1 d2

test_begin commit_remakes_only_its_repository
printf '# One\n\nsecond version\n' >a/docs/one.md
rm a/docs/two.md
commit_all a "edit one, drop two"
"$CAIRN" build >out3 2>&1
check "exit 0" test $? -eq 0
check_contains site/services/a/docs/one/index.html 'second version'
check_no_file site/services/a/docs/two/index.html
check_no_file site/services/a/docs/two
stat -c '%i %y' site/services/b/docs/x/index.html >mtime3
check "another repository's page is untouched" cmp mtime1 mtime3

test_begin same_site_as_a_fresh_build
check_status 0 "a fresh build into another folder" "$CAIRN" build -o fresh -q
check_status 0 "a rebuild of the site" "$CAIRN" build -q -c cairn.yaml
check "incremental and fresh sites are identical" diff -r -x .cairn-manifest -x .cairn-site site fresh
rm -rf cache
check_status 0 "a build without cache" "$CAIRN" build -q -o fresh2
check "a build without cache gives the same site" diff -r -x .cairn-manifest -x .cairn-site site fresh2

test_begin theme_change_remakes_pages
mkdir -p themes/t/layouts
printf '{{<base}}{{$content}}<p class="mine">{{doc.title}}</p>{{/content}}{{/base}}\n' >themes/t/layouts/document.mustache
printf 'theme: t\n' >>cairn.yaml
"$CAIRN" build >out4 2>&1
check "exit 0" test $? -eq 0
check_contains site/services/b/docs/x/index.html 'class="mine"'

test_begin damaged_cache_is_ignored
for f in cache/crawl/*.bin; do printf 'garbage' >"$f"; done
printf 'garbage' >site/.cairn-manifest
"$CAIRN" build >out5 2>&1
check "exit 0" test $? -eq 0
check_contains site/services/a/docs/one/index.html '<p class="mine">One</p>'
check_status 0 "a fresh build beside the damaged cache" "$CAIRN" build -q -o fresh3
check "damaged build equals fresh" diff -r -x .cairn-manifest -x .cairn-site site fresh3

finish
