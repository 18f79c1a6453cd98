# A full or read-only disk never costs the last good site: the output on a
# full file system stops the build with a fatal error (exit 2), the
# previous site intact, no half-made twin left filling the disk, and the
# lock released; a cache that cannot be written is an operator-fixable
# error (exit 1) naming the cause, with the site still published and equal
# to a fresh build.  The small file systems are tmpfs mounts made by the
# test; where mounting is not allowed the test says so and skips.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1790000000

digest() {
	(cd "$1" && find . -type f ! -name .cairn-manifest -print0 | LC_ALL=C sort -z |
		xargs -0 sha1sum) | sha1sum | cut -d' ' -f1
}
mkdir -p small
if ! mount -t tmpfs -o size=2m tmpfs small 2>/dev/null; then
	echo "SKIP: cannot mount a small tmpfs here (not root, or no mount namespace)"
	finish
	exit $?
fi
trap 'umount "$TMP/small" 2>/dev/null; rm -rf "$TMP"' EXIT

mkdir -p svc/docs
printf '# Svc\n\nThe service.\n' >svc/README.md
i=0
while [ $i -lt 20 ]; do
	printf '# Page %d\n\nState A of page %d.\n' $i $i >svc/docs/p$i.md
	i=$((i + 1))
done
make_repo svc "state A"
cfg() { printf 'output: %s\ncache: %s\nrepos:\n  - path: svc\n' "$2" "$3" >"$1"; }

test_begin fresh_references
cfg refA.yaml refA refA-cache
"$CAIRN" build -q -c refA.yaml >/dev/null 2>&1
DA=$(digest refA)
# state B: every page grows well past what the small disk can hold
i=0
while [ $i -lt 20 ]; do
	{ printf '# Page %d\n\nState B.\n\n' $i; head -c 200000 /dev/zero | tr '\0' 'x' | fold -w 70; } >svc/docs/p$i.md
	i=$((i + 1))
done
commit_all svc "state B"
B=$(cd svc && $G rev-parse HEAD)
cfg refB.yaml refB refB-cache
"$CAIRN" build -q -c refB.yaml >/dev/null 2>&1
DB=$(digest refB)
check "the states differ" test "$DA" != "$DB"

test_begin output_on_a_full_disk
(cd svc && $G update-ref refs/heads/main HEAD~1)
cfg small.yaml small/site cache
"$CAIRN" build -q -c small.yaml >/dev/null 2>&1
check "state A fits" test "$(digest small/site)" = "$DA"
(cd svc && $G update-ref refs/heads/main "$B")
"$CAIRN" build -c small.yaml >out 2>&1
check_status 2 "a build that cannot write its output stops" "$CAIRN" build -c small.yaml
check_contains out "fatal"
check_contains out "No space left on device"
check_contains out "the previous site"
check "the previous site is intact" test "$(digest small/site)" = "$DA"
check "no half-made twin is left on the full disk" test ! -e small/.site.prev
check "no staging folder is left" sh -c '! ls -A small | grep -q "\.site\.tmp-"'
# the lock was released: another build can start (it fails for want of
# space, not because of a lock)
check_lacks out "another cairn build"
# with space again, the next build is the fresh build of B
umount small
mount -t tmpfs -o size=64m tmpfs small
cp -a refA small/site 2>/dev/null
rm -rf small/site
(cd svc && $G update-ref refs/heads/main HEAD~1)
"$CAIRN" build -q -c small.yaml >/dev/null 2>&1
(cd svc && $G update-ref refs/heads/main "$B")
check_status 0 "with room again the build succeeds" "$CAIRN" build -q -c small.yaml
check "and gives the fresh build of B" test "$(digest small/site)" = "$DB"
umount small
mount -t tmpfs -o size=2m tmpfs small

test_begin cache_on_a_full_disk
rm -rf site
head -c 2097152 /dev/zero >small/filler 2>/dev/null
cfg cachefull.yaml site small/cache
"$CAIRN" build -c cachefull.yaml >out 2>&1
echo "exit $?" >>out
check_contains out "exit 1"
check_contains out "error: operator-fixable"
check_contains out "cannot write the cache"
check_lacks out "Success"
check "the site is published all the same, and is the fresh build" test "$(digest site)" = "$DB"
"$CAIRN" build -c cachefull.yaml >out 2>&1
check "and again the next time" test "$(digest site)" = "$DB"
rm -f small/filler

test_begin read_only_cache
rm -rf site small/cache
mkdir -p small/cache
mount -o remount,ro small
"$CAIRN" build -c cachefull.yaml >out 2>&1
echo "exit $?" >>out
check_contains out "exit 1"
check_contains out "Read-only file system"
check_lacks out ": Success"
check "the site is the fresh build" test "$(digest site)" = "$DB"
mount -o remount,rw small

test_begin read_only_output
rm -rf small/* small/.site*
mount -o remount,size=64m small
"$CAIRN" build -q -c small.yaml >/dev/null 2>&1
before=$(digest small/site)
i=0
while [ $i -lt 3 ]; do printf 'more %d\n' $i >>svc/docs/p$i.md; i=$((i + 1)); done
commit_all svc "state C"
mount -o remount,ro small
"$CAIRN" build -c small.yaml >out 2>&1
echo "exit $?" >>out
mount -o remount,rw small
check_contains out "exit 2"
check_contains out "Read-only file system"
check "the site is as it was" test "$(digest small/site)" = "$before"

finish
