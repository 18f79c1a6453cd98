# Shallow clones (CI's fetch-depth): libgit2 1.5's walk fails at a shallow
# root's parents, so no document of a shallow clone had a last change. A
# file changed within the clone's history has it; one the shallow root
# (or older history) last changed has none, not the root's date. A clone
# made whole (git fetch --unshallow) keeps its commit but not its history:
# the rebuild after it equals a fresh build.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1793000000
mkdir src
(
	cd src && $G init -q
	for i in 1 2 3 4 5; do
		printf '# Doc %s\n' $i >d$i.md
		$G add -A
		GIT_AUTHOR_DATE="2026-0$i-01T00:00:00Z" GIT_COMMITTER_DATE="2026-0$i-01T00:00:00Z" \
			GIT_AUTHOR_NAME="Author $i" $G commit -q -m "c$i"
	done
	printf '# Doc 2\n\nEdited.\n' >d2.md
	GIT_AUTHOR_DATE="2026-06-01T00:00:00Z" GIT_COMMITTER_DATE="2026-06-01T00:00:00Z" \
		GIT_AUTHOR_NAME="Editor" $G commit -q -am "c6"
)
$G clone -q --depth 2 "file://$TMP/src" shal
printf 'output: site\nrepos:\n  - path: shal\n    paths: {docs: ["*.md"]}\n' >cairn.yaml
last() { grep -o 'Last changed <time datetime="[^"]*"' "site/services/shal/$1/index.html"; }

test_begin a_shallow_clone_has_last_changes
check "the clone is shallow" test -s shal/.git/shallow
check_status 0 "cairn build" "$CAIRN" build -q
check "d2, changed by the clone's newest commit, has its date ($(last d2))" sh -c "grep -q 'Last changed <time datetime=\"2026-06-01T00:00:00Z\">2026-06-01</time> by Editor' site/services/shal/d2/index.html"
check "d5, last changed by the shallow root, has none ($(last d5))" sh -c "grep -q 'Last changed <time datetime=\"\"' site/services/shal/d5/index.html"
check "d1, older than the clone, has none" sh -c "grep -q 'Last changed <time datetime=\"\"' site/services/shal/d1/index.html"

test_begin unshallow_then_rebuild_equals_fresh
$G -C shal fetch -q --unshallow
check "the clone is whole" test ! -e shal/.git/shallow
sleep 2 # past the stamps' racy second
check_status 0 "the rebuild" "$CAIRN" build -q
mkdir fresh
cp cairn.yaml fresh/
ln -s ../shal fresh/shal
(cd fresh && "$CAIRN" build -q)
check "the rebuild equals a fresh build" diff -r -x .cairn-manifest site fresh/site
check "d1 has its date now" sh -c "grep -q 'datetime=\"2026-01-01T00:00:00Z\">2026-01-01</time> by Author 1' site/services/shal/d1/index.html"

finish
