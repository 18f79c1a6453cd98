# The search index: written with the site, kept as it is when nothing
# changed, brought up to date when a document changes or goes away, and
# rebuilt whole when its cache is lost.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1790000000
mkdir -p svc/docs/runbooks
printf '# Svc\n\nThe service.\n' >svc/README.md
printf '# Disk full\n\nWhen you see zanzibarquux in the logs, clean up.\n' >svc/docs/runbooks/disk.md
printf '# Old\n\nThe word florbnitz lives here.\n' >svc/docs/runbooks/old.md
make_repo svc
printf 'output: site\ncache: cache\nrepos:\n  - path: svc\n' >cairn.yaml
# has_term WORD: a term of the index's files (lines "term df postings")
has_term() {
	python3 -c "
import glob, sys
t = ''.join(open(f).read() for f in glob.glob('site/search/t/*.js'))
w = sys.argv[1]
sys.exit(0 if (chr(92) + 'n' + w + ' ') in t or (chr(34) + w + ' ') in t else 1)" "$1"
}

test_begin written_with_the_site
"$CAIRN" build -q
check_file site/search/index.html
check_file site/search/manifest.js
check "the body's words are indexed" sh -c "cat site/search/t/*.js | grep -q zanzibarquux"
check "so are a service's" has_term svc

test_begin kept_when_nothing_changed
ls -l --time-style=+%s.%N site/search/manifest.js >m1
sleep 1
"$CAIRN" build >out 2>&1
check_contains out '0 files written'
ls -l --time-style=+%s.%N site/search/manifest.js >m2
check "the index files were not written again" cmp m1 m2

test_begin updated_after_a_commit
printf '# Disk full\n\nWhen you see quuxbazfrob in the logs, clean up.\n' >svc/docs/runbooks/disk.md
rm svc/docs/runbooks/old.md
commit_all svc "change the runbook, drop the old one"
"$CAIRN" build -q
check "the new word is found" sh -c "cat site/search/t/*.js | grep -q quuxbazfrob"
check "the old word is gone" sh -c "! cat site/search/t/*.js | grep -q zanzibarquux"
check "the removed page's words are gone" sh -c "! cat site/search/t/*.js | grep -q florbnitz"
check "the README, not made again, is still found" has_term svc

test_begin rebuilt_when_the_cache_is_lost
rm -rf cache
"$CAIRN" build -q -o fresh
"$CAIRN" build -q
check "same index as a build from scratch" diff -r site/search fresh/search

finish
