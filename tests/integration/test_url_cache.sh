# url: repositories are cloned (bare) into the cache on first use, fetched
# on later builds, and when a fetch fails the last copy is used with a
# retryable diagnostic.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p src/docs
printf '# Upstream\n' >src/README.md
printf '# First\n' >src/docs/first.md
make_repo src
$G clone -q --bare src upstream.git
cat >cairn.yaml <<YAML
output: site
cache: cache
repos:
  - url: file://$TMP/upstream.git
    name: upstream
YAML

test_begin first_build_clones
check_status 0 "first build" "$CAIRN" build
check_file site/services/upstream/docs/first/index.html
check "the clone is bare (no working tree)" sh -c "ls cache/*.git/HEAD && ! ls cache/*.git/README.md"

test_begin later_build_fetches
printf '# Second\n' >src/docs/second.md
commit_all src "add second"
( cd src && $G push -q ../upstream.git main )
check_status 0 "second build" "$CAIRN" build
check_file site/services/upstream/docs/second/index.html

test_begin failed_fetch_uses_last_copy
rm -rf upstream.git
"$CAIRN" build >out 2>&1
check "exit 0: a retryable warning is not an error" test $? -eq 0
check_contains out 'warning: retryable: upstream:'
check_file site/services/upstream/docs/second/index.html

test_begin never_cloned_is_retryable_error
cat >gone.yaml <<YAML
output: site2
cache: cache
repos:
  - url: file://$TMP/never-there.git
YAML
"$CAIRN" build -c gone.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: retryable: gone.yaml:4: repository "never-there" cannot be read: cannot clone "file://'
check_file site2/index.html

finish
