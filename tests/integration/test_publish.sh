# Publishing is atomic: a build killed with SIGKILL at any moment leaves
# the previous site intact and complete (never a mix of old and new pages),
# and the next build finishes the job.  The site is compared, file by file,
# with reference builds of the old and of the new state made elsewhere.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1790000000

# A repository whose every document changes between state A and state B
# (and some are added or removed), so a rebuild rewrites hundreds of pages.
mkdir -p svc/docs
printf '# Svc\n\nThe service.\n' >svc/README.md
printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  type: service\n  owner: team-a\n' >svc/catalog-info.yaml
i=0
while [ $i -lt 300 ]; do
	printf '# Page %d\n\nState A of page %d.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| %d | x |\n' $i $i $i >svc/docs/p$i.md
	i=$((i + 1))
done
make_repo svc "state A"
A=$(cd svc && $G rev-parse HEAD)
i=0
while [ $i -lt 300 ]; do
	printf '# Page %d\n\nState B of page %d, rewritten.\n' $i $i >svc/docs/p$i.md
	i=$((i + 3))
done
rm svc/docs/p1.md svc/docs/p4.md svc/docs/p7.md
printf '# New\n\nOnly in state B.\n' >svc/docs/new.md
commit_all svc "state B"
B=$(cd svc && $G rev-parse HEAD)

config() { # config OUTPUT CACHE
	printf 'output: %s\ncache: %s\nrepos:\n  - path: svc\n' "$1" "$2" >"$1.yaml"
}
at() { (cd svc && $G update-ref refs/heads/main "$1"); }
# digest DIR: one hash of every file's path and bytes (the manifest aside:
# it records build generations)
digest() {
	(cd "$1" && find . -type f ! -name .cairn-manifest -print0 | LC_ALL=C sort -z |
		xargs -0 sha1sum) | sha1sum | cut -d' ' -f1
}

test_begin reference_builds
config refA cacheA
config refB cacheB
config site cache
at "$A"
"$CAIRN" build -q -c refA.yaml >/dev/null 2>&1
check "state A builds" test -f refA/services/svc/docs/p1/index.html
at "$B"
"$CAIRN" build -q -c refB.yaml >/dev/null 2>&1
check "state B builds" test -f refB/services/svc/docs/new/index.html
DA=$(digest refA)
DB=$(digest refB)
check "the states differ" test "$DA" != "$DB"

test_begin update_through_the_twin
at "$A"
"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
check "first build is state A" test "$(digest site)" = "$DA"
stat -c %i site/services/svc/docs/p2/index.html >inode1
at "$B"
start=$(date +%s%N)
"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
end=$(date +%s%N)
check "the update is state B" test "$(digest site)" = "$DB"
check "the previous site is kept beside, as the twin" test -f .site.prev/services/svc/docs/p1/index.html
stat -c %i site/services/svc/docs/p2/index.html >inode2
check "an unchanged page keeps its inode (and so its mtime)" cmp inode1 inode2
# the duration of an A -> B rebuild, in microseconds
span=$(((end - start) / 1000))
[ "$span" -gt 1000 ] || span=1000

test_begin killed_builds_leave_a_whole_site
# Kill A -> B rebuilds at 30 moments spread over the whole build (from the
# start to the publish and the saving of the caches after it); after each
# kill the site is all A or all B, and the next build gives exactly the
# fresh build of B (nothing the killed build left behind is trusted); then
# a rebuild goes back to A.
rounds=${PUBLISH_KILL_ROUNDS:-30}
# under the sanitizers (tests/all.sh) fewer rounds: that pass looks for
# memory errors, the plain pass for the property
[ -n "${CAIRN_TEST_LIGHT:-}" ] && rounds=${PUBLISH_KILL_ROUNDS:-10}
k=1
mixed=0
whole=0
wrong=0
while [ $k -le $rounds ]; do
	at "$A"
	"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
	if [ "$(digest site)" != "$DA" ]; then
		fail "round $k: rebuilding state A after a kill did not give state A"
	fi
	at "$B"
	"$CAIRN" build -q -c site.yaml >/dev/null 2>&1 &
	pid=$!
	# up to 1.2 times the measured span, so that some kills land after
	# the publish
	delay=$((span * k * 12 / (rounds * 10)))
	sleep "$((delay / 1000000)).$(printf %06d $((delay % 1000000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	d=$(digest site)
	if [ "$d" = "$DA" ] || [ "$d" = "$DB" ]; then
		whole=$((whole + 1))
		[ "$d" = "$DA" ] && echo "round $k: killed after ${delay} us: still state A" || echo "round $k: killed after ${delay} us: already state B"
	else
		mixed=$((mixed + 1))
		echo "round $k: killed after ${delay} us: the site is neither A nor B"
	fi
	"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
	if [ "$(digest site)" != "$DB" ]; then
		wrong=$((wrong + 1))
		echo "round $k: killed after ${delay} us: the next build of B is not the fresh build of B"
		diff -r refB site | head -n 5
	fi
	k=$((k + 1))
done
check "after $rounds kills the site was whole each time ($whole whole, $mixed mixed)" test $mixed -eq 0
check "after $rounds kills the next build was the fresh build each time ($wrong wrong)" test $wrong -eq 0
check "the marker is there" test -f site/.cairn-site
check "the manifest is there" test -f site/.cairn-manifest

test_begin killed_at_each_kind_of_step
# Deterministic kills: strace stops the build with SIGKILL at the Nth call
# of each system call that changes the file system (per thread), so the
# kill lands inside the writing, linking, removing and swapping steps.
if strace -f -qq -o /dev/null true >/dev/null 2>&1; then
	mixed=0
	wrong=0
	runs=0
	for sc in unlink link rename renameat2 rmdir; do
		for n in 1 3 10 30 100; do
			at "$A"
			"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
			at "$B"
			strace -f -qq -o /dev/null -e "trace=$sc" \
				-e "inject=$sc:signal=KILL:when=$n" \
				"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
			runs=$((runs + 1))
			d=$(digest site)
			if [ "$d" != "$DA" ] && [ "$d" != "$DB" ]; then
				mixed=$((mixed + 1))
				echo "killed at $sc #$n: the site is neither A nor B"
			fi
			"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
			if [ "$(digest site)" != "$DB" ]; then
				wrong=$((wrong + 1))
				echo "killed at $sc #$n: the next build of B is not the fresh build of B"
			fi
		done
	done
	check "after $runs kills at system calls the next build was the fresh build each time ($wrong wrong)" test $wrong -eq 0
	check "after $runs kills at system calls the site was whole each time ($mixed mixed)" test $mixed -eq 0
else
	echo "SKIP: strace cannot trace here (no ptrace); the timed kills above still ran"
fi

test_begin the_next_build_finishes_the_job
"$CAIRN" build -c site.yaml >out 2>&1
check "exit 0" test $? -eq 0
check "the site is state B" test "$(digest site)" = "$DB"
check "no staging folders are left" sh -c '! ls -A | grep -q "\.site\.tmp-"'
at "$A"
"$CAIRN" build -q -c site.yaml >/dev/null 2>&1
check "and back to state A" test "$(digest site)" = "$DA"
"$CAIRN" build -c site.yaml >out 2>&1
check_contains out '0 files written'
check "a build with nothing to do keeps state A" test "$(digest site)" = "$DA"

test_begin killed_first_builds_leave_nothing_behind
# a first build killed before it publishes leaves its staging folder; the
# next build (holding the lock, so the only one) removes every such folder
config first cachef
mkdir .first.tmp-Ab12Cd .first.tmp-longer-name
echo x >.first.tmp-Ab12Cd/left.html
for d in 0.05 0.1 0.2; do
	"$CAIRN" build -q -c first.yaml >/dev/null 2>&1 &
	pid=$!
	sleep $d
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
done
"$CAIRN" build -q -c first.yaml >/dev/null 2>&1
check "the build after them is state A" test "$(digest first)" = "$DA"
check "no staging folder is left" sh -c '! ls -A | grep -q "^\.first\.tmp-[A-Za-z0-9]\{6\}$"'
check "a folder only named alike is kept" test -d .first.tmp-longer-name

finish
