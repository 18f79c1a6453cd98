# The deploy tags' fingerprint kept under the stamps of what holds them
# (crawl_refs.c): a rebuild in which no tag moved reads no tag, and a tag
# moved, added, deleted or packed is still seen. Each rebuild is compared
# with a build from scratch of the same state. The stamps are trusted
# only when more than 2 s old (a change in the same tick of the clock
# could hide behind them), so each step waits that long first.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800 # 2026-11-20T00:00:00Z

mkdir app
printf '# App\n' >app/README.md
make_repo app "c1 initial"
commit() { # commit MESSAGE DATE
	( cd app && echo "$1" >>CHANGELOG.md && $G add -A &&
	  GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" $G commit -q -m "$1" )
}
commit "c2 feature" "2026-11-10T10:00:00Z"
( cd app && GIT_COMMITTER_DATE="2026-11-10T12:00:00Z" $G tag deploy/production/1 HEAD~1 )
( cd app && GIT_COMMITTER_DATE="2026-11-10T12:00:00Z" $G tag deploy/staging/1 )
commit "c3 fix" "2026-11-15T10:00:00Z"

for d in live fresh; do
	cat >$d.yaml <<YAML
output: $d/site
cache: $d/cache
environments: [staging, production, canary]
repos:
  - path: app
YAML
done

# step WHAT: builds live (incremental) and fresh (from scratch), compares
step() {
	test_begin "$1"
	rm -rf fresh
	"$CAIRN" build -c live.yaml -q >live.out 2>&1
	"$CAIRN" build -c fresh.yaml -q >fresh.out 2>&1
	if diff -r -x .cairn-manifest -x .cairn-site live/site fresh/site >diff.out; then
		pass "the rebuild equals a fresh build"
	else
		fail "the rebuild differs from a fresh build: $(head -c 600 diff.out)"
	fi
}

sleep 3
step first_build
check "the stamps are saved" test -n "$(ls live/cache/refs/ 2>/dev/null)"
check_contains live/site/deploys.json '"deploy/production/1"'

step no_change
check_contains live/site/deploys.json '"deploy/staging/1"'

sleep 3
step stamps_saved_again
( cd app && GIT_COMMITTER_DATE="2026-11-16T12:00:00Z" $G tag -f deploy/production/1 HEAD >/dev/null )
step tag_moved
check "the moved tag's commit is shown" grep -q "$(cd app && git rev-parse HEAD)" live/site/deploys.json

sleep 3
step stamps_saved_after_move
( cd app && GIT_COMMITTER_DATE="2026-11-17T12:00:00Z" $G tag deploy/canary/1 HEAD )
step tag_added_in_a_new_folder
check_contains live/site/deploys.json '"deploy/canary/1"'

sleep 3
step stamps_saved_after_add
( cd app && $G pack-refs --all )
step tags_packed
check_contains live/site/deploys.json '"deploy/canary/1"'

sleep 3
step stamps_saved_after_pack
( cd app && $G tag -d deploy/canary/1 >/dev/null )
step packed_tag_deleted
check_lacks live/site/deploys.json '"deploy/canary/1"'

finish
