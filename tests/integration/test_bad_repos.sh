# A bad input never replaces a good portal: a repository that cannot be read
# is an error naming the cause and its line of cairn.yaml (exit 1); one that
# was read before keeps its last good pages; one never read is left out; and
# deleting an entry from cairn.yaml is how a repository leaves the portal.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

# make_svc DIR NAME: a repository with a README and a runbook.
make_svc() {
	mkdir -p "$1/docs/runbooks"
	printf '# %s\n\nThe %s service.\n' "$2" "$2" >"$1/README.md"
	printf '# Restart %s\n\nRestart-%s-steps.\n' "$2" "$2" >"$1/docs/runbooks/restart.md"
	make_repo "$1"
}

make_svc good good
make_svc lost lost
make_svc branchy branchy
( cd branchy && $G branch release )
mkdir plain && printf 'not a repository\n' >plain/README.md

test_begin glob_matching_nothing_is_an_error_with_its_line
cat >glob.yaml <<'YAML'
output: site-glob
cache: cache-glob
repos:
  - path: good
  - glob: "nothing-here/*"
YAML
"$CAIRN" build -c glob.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: operator-fixable: glob.yaml:5: glob "nothing-here/*" matches no repository'
check_file site-glob/services/good/index.html

test_begin path_missing_not_a_repo_and_branch_missing_name_the_cause
cat >new.yaml <<'YAML'
output: site-new
cache: cache-new
repos:
  - path: good
  - path: no-such-folder
  - path: plain
  - path: branchy
    branch: nope
YAML
"$CAIRN" build -c new.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: operator-fixable: new.yaml:5: repository "no-such-folder" cannot be read: repository "no-such-folder" not found; it is left out of the site'
check_contains out 'error: operator-fixable: new.yaml:6: repository "plain" cannot be read: "plain" is not a git repository; it is left out'
check_contains out 'error: operator-fixable: new.yaml:7: repository "branchy" cannot be read: branch "nope" does not exist (branches: main, release); it is left out'
check_file site-new/services/good/index.html
check_no_file site-new/services/branchy/index.html
check_no_file site-new/services/plain/index.html

test_begin previously_good_repository_now_missing_keeps_its_pages
cat >keep.yaml <<'YAML'
output: site-keep
cache: cache-keep
repos:
  - path: good
  - path: lost
YAML
check_status 0 "first build is clean" "$CAIRN" build -c keep.yaml
check_file site-keep/services/lost/index.html
mv lost lost-away
"$CAIRN" build -c keep.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: operator-fixable: keep.yaml:5: repository "lost" cannot be read: repository "lost" not found; its last good pages (commit '
check_file site-keep/services/lost/index.html
check_contains site-keep/services/lost/docs/runbooks/restart/index.html 'Restart-lost-steps.'
check_contains site-keep/catalog.json '"lost"'
check_contains site-keep/services/lost/index.html 'could not be read in the last build: these pages are as of'
check_contains site-keep/services/lost/docs/runbooks/restart/index.html 'this page is as of'
check_lacks site-keep/services/good/index.html 'could not be read'
check_contains out '(1 could not be read)'
# a later day (every page is made again): the kept text still renders
SOURCE_DATE_EPOCH=1990000000 "$CAIRN" build -c keep.yaml >out 2>&1
check "exit 1 again" test $? -eq 1
check_contains site-keep/services/lost/docs/runbooks/restart/index.html 'Restart-lost-steps.'
check_contains site-keep/services/lost/index.html 'The lost service.'
mv lost-away lost
check_status 0 "back again: clean" "$CAIRN" build -c keep.yaml
check_lacks site-keep/services/lost/index.html 'could not be read'

test_begin previously_good_repository_branch_gone_keeps_its_pages
cat >br.yaml <<'YAML'
output: site-br
cache: cache-br
repos:
  - path: branchy
    branch: release
YAML
check_status 0 "first build is clean" "$CAIRN" build -c br.yaml
( cd branchy && $G branch -q -D release )
"$CAIRN" build -c br.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'br.yaml:4: repository "branchy" cannot be read: branch "release" does not exist (branches: main); its last good pages'
check_file site-br/services/branchy/docs/runbooks/restart/index.html

test_begin glob_now_matching_nothing_keeps_what_it_matched
mkdir -p fleet
make_svc fleet/alpha alpha
make_svc fleet/beta beta
cat >fleet.yaml <<'YAML'
output: site-fleet
cache: cache-fleet
repos:
  - glob: fleet/*
YAML
check_status 0 "first build is clean" "$CAIRN" build -c fleet.yaml
mv fleet fleet-unmounted
"$CAIRN" build -c fleet.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: operator-fixable: fleet.yaml:4: glob "fleet/*" matches no repository'
check_contains out 'fleet.yaml:4: repository "alpha" cannot be read: repository "fleet/alpha" not found; its last good pages'
check_contains out 'fleet.yaml:4: repository "beta" cannot be read'
check_file site-fleet/services/alpha/index.html
check_contains site-fleet/services/beta/docs/runbooks/restart/index.html 'Restart-beta-steps.'
mv fleet-unmounted fleet

test_begin url_fetch_failed_without_a_copy_keeps_the_last_pages
make_svc upstream-src upstream
$G clone -q --bare upstream-src upstream.git
cat >url.yaml <<YAML
output: site-url
cache: cache-url
repos:
  - url: file://$TMP/upstream.git
    name: upstream
YAML
check_status 0 "first build is clean" "$CAIRN" build -c url.yaml
mv upstream.git upstream-gone.git
rm -rf cache-url/*.git
"$CAIRN" build -c url.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: retryable: url.yaml:4: repository "upstream" cannot be read: cannot clone'
check_contains out 'its last good pages'
check_contains site-url/services/upstream/docs/runbooks/restart/index.html 'Restart-upstream-steps.'

test_begin removing_a_repository_from_cairn_yaml_removes_its_pages
cat >keep.yaml <<'YAML'
output: site-keep
cache: cache-keep
repos:
  - path: good
YAML
check_status 0 "build without it is clean" "$CAIRN" build -c keep.yaml
check_no_file site-keep/services/lost/index.html
check_no_file site-keep/services/lost/docs/runbooks/restart/index.html
check_lacks site-keep/catalog.json '"lost"'
check_file site-keep/services/good/index.html

test_begin permission_denied_is_named
# root reads everything: run cairn as nobody on a copy nobody may read
as_nobody=""
if command -v setpriv >/dev/null 2>&1 &&
   setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
	as_nobody="runuser -u nobody --"
fi
if [ "$(id -u)" != 0 ] || [ -z "$as_nobody" ]; then
	echo "skip $T_NAME: needs root and setpriv or runuser"
else
	P="$TMP/perm"
	mkdir -p "$P"
	cp -r good "$P/svc"
	cat >"$P/cairn.yaml" <<YAML
output: $P/site
cache: $P/cache
repos:
  - path: $P/svc
  - path: $P/never
YAML
	cp -r good "$P/never"
	chmod 700 "$P/never"
	chmod -R a+rwX "$P/svc" "$P/cairn.yaml"
	chmod 777 "$P" "$TMP"
	$as_nobody "$CAIRN" build -c "$P/cairn.yaml" >out 2>&1
	check "exit 1 (never readable)" test $? -eq 1
	check_contains out "cairn.yaml:5: repository \"never\" cannot be read: repository \"$P/never\": permission denied; it is left out"
	check_file "$P/site/services/svc/index.html"
	chmod 700 "$P/svc"
	$as_nobody "$CAIRN" build -c "$P/cairn.yaml" >out 2>&1
	check "exit 1 (was readable)" test $? -eq 1
	check_contains out "cairn.yaml:4: repository \"svc\" cannot be read: repository \"$P/svc\": permission denied; its last good pages"
	check_file "$P/site/services/svc/docs/runbooks/restart/index.html"
	chmod 755 "$P/svc"
	chmod 700 "$P/svc/.git"
	$as_nobody "$CAIRN" build -c "$P/cairn.yaml" >out 2>&1
	check_contains out "permission denied on \"$P/svc/.git\""
	chmod 700 "$TMP"
	chmod -R u+rwX "$P"
fi

finish
