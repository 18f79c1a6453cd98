# A repository whose branch did not move is not opened (crawl_refs.c,
# crawl_refs_head_load): its branch's head is kept under the stamps of
# what resolving it reads. Every way the head can move is still seen: a
# commit made in the same second as the build that saved the stamps, a
# branch changed in packed-refs only (same size, same mtime), HEAD moved
# to another branch, a branch named in cairn.yaml. Each rebuild is
# compared with a build from scratch of the same state. The stamps are
# trusted only when more than 2 s old, so some steps wait that long.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800 # 2026-11-20T00:00:00Z

mkdir -p app/docs
printf '# App\n' >app/README.md
printf '# Guide\n\nversion 1\n' >app/docs/guide.md
make_repo app "c1 initial"
version() { # version N: commits docs/guide.md saying "version N"
	( cd app && printf '# Guide\n\nversion %s\n' "$1" >docs/guide.md &&
	  $G commit -q -am "v$1" )
}

for d in live fresh; do
	cat >$d.yaml <<YAML
output: $d/site
cache: $d/cache
repos:
  - path: app
YAML
done
GUIDE=live/site/services/app/docs/guide/index.html

# step WHAT: builds live (incremental) and fresh (from scratch), compares
step() {
	test_begin "$1"
	rm -rf fresh
	CAIRN_TIMING=1 "$CAIRN" build -c live.yaml -q >live.out 2>&1
	"$CAIRN" build -c fresh.yaml -q >fresh.out 2>&1
	if diff -r -x .cairn-manifest -x .cairn-site live/site fresh/site >diff.out; then
		pass "the rebuild equals a fresh build"
	else
		fail "the rebuild differs from a fresh build: $(head -c 600 diff.out)"
	fi
}
not_opened() { check "the repository is not opened" grep -q "crawl: 1 of 1 repositories not opened" live.out; }
opened() { check "the repository is opened" grep -q "crawl: 0 of 1 repositories not opened" live.out; }

step too_recent_to_trust
opened
sleep 3
step stamps_saved
opened
check "the head's stamps are saved" test -n "$(ls live/cache/head/ 2>/dev/null)"
step no_change
not_opened
check_contains "$GUIDE" 'version 1'
# nor is libgit2 started (repo.c starts it when a repository must be
# opened): its start reads the system's CA certificates (56 M
# instructions), the only file it touches. Where strace cannot trace, or
# the system keeps no certificates where libgit2 looks, this proves nothing.
if strace -f -qq -o /dev/null true >/dev/null 2>&1; then
	test_begin no_change_starts_no_libgit2
	strace -f -qq -e trace=%file -o strace.out "$CAIRN" build -c live.yaml -q >/dev/null 2>&1
	if grep -q 'certs' strace.out; then
		fail "libgit2 was started: $(grep -m 1 certs strace.out)"
	else
		pass "libgit2 is not started (no certificate read)"
	fi
fi

# a commit in the same second as the build that saved the stamps
sleep 3
step stamps_saved_again
version 2
step commit_right_after_the_build
opened
check_contains "$GUIDE" 'version 2'

# the branch only in packed-refs, then moved there alone, in place: same
# inode, same size, the mtime put back (the change time still tells)
sleep 3
( cd app && $G pack-refs --all )
step branch_packed
sleep 3
step stamps_saved_after_pack
step packed_no_change
not_opened
old=$(cd app && git rev-parse HEAD~1)
now=$(cd app && git rev-parse HEAD)
touch -r app/.git/packed-refs ref.time
sed "s/^$now refs\/heads\/main\$/$old refs\/heads\/main/" app/.git/packed-refs >packed.new
cat packed.new >app/.git/packed-refs
touch -r ref.time app/.git/packed-refs
sleep 3 # not too recent: only the change time tells
check "main moved in packed-refs" test "$(cd app && git rev-parse HEAD)" = "$old"
step moved_in_packed_refs_only
opened
check_contains "$GUIDE" 'version 1'

# HEAD moved to another branch
sleep 3
( cd app && $G checkout -q -b other "$now" )
step head_on_another_branch
check_contains "$GUIDE" 'version 2'
sleep 3
step stamps_saved_on_the_other_branch
step other_branch_no_change
not_opened

# a branch named in cairn.yaml, moved with HEAD elsewhere
for d in live fresh; do
	printf '    branch: main\n' >>$d.yaml
done
sleep 3
step branch_named
check_contains "$GUIDE" 'version 1'
sleep 3
step branch_named_no_change
not_opened
( cd app && $G update-ref refs/heads/main "$now" )
step named_branch_moved
opened
check_contains "$GUIDE" 'version 2'

finish
