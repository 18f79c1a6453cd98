# Deploy status from git tags and a CI feed: what is deployed where, what is
# not yet deployed, how environments differ; deploys/ and deploys.json.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800   # 2026-11-20T00:00:00Z

mkdir app
printf '# App\n' >app/README.md
make_repo app "c1 initial"
commit() { # commit MESSAGE DATE
	( cd app && echo "$1" >>CHANGELOG.md && $G add -A &&
	  GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" $G commit -q -m "$1" )
}
tag() { # tag NAME DATE [annotated tagger zone]
	( cd app && GIT_COMMITTER_DATE="$2" GIT_COMMITTER_NAME="Deploy Bot" \
	  $G tag ${3:+-a -m deploy} "$1" )
}
commit "c2 feature" "2026-11-10T10:00:00Z"
tag deploy/production/1 "2026-11-10T12:00:00+05:30" annotated
commit "c3 fix" "2026-11-15T10:00:00Z"
tag deploy/staging/1 "2026-11-15T11:00:00-08:00" annotated
commit "c4 more" "2026-11-18T10:00:00Z"
tag deploy/staging/2 "2026-11-18T12:00:00Z"
commit "c5 latest" "2026-11-19T10:00:00Z"
# a tag on a commit off the default branch
( cd app && $G checkout -q -b hotfix HEAD~3 && echo hot >hot && $G add hot &&
  GIT_COMMITTER_DATE="2026-11-16T00:00:00Z" GIT_AUTHOR_DATE="2026-11-16T00:00:00Z" $G commit -q -m "hotfix" &&
  GIT_COMMITTER_DATE="2026-11-16T01:00:00Z" $G tag -a -m hot deploy/qa/1 && $G checkout -q main )
STAGING=$(cd app && git rev-parse deploy/staging/1^{commit})
STAGING2=$(cd app && git rev-parse deploy/staging/2^{commit})

cat >feed.yaml <<EOF2
- service: app
  environment: staging
  commit: $STAGING2
  time: 2026-11-18T12:00:00Z
  actor: ci-bot
  status: failed
  url: https://ci.example/run/42
- service: nope
  environment: staging
  commit: $STAGING
  time: 2026-11-15T19:00:00Z
  status: succeeded
- service: app
  environment: production
  commit: deadbeefdeadbeef
  time: 2026-11-15T19:00:00Z
  status: succeeded
- service: app
  environment: staging
  commit: $STAGING
  time: not-a-time
  status: exploded
EOF2
cat >cairn.yaml <<'YAML'
output: site
environments: [qa, staging, production, canary]
deploys:
  feed: feed.yaml
repos:
  - path: app
YAML

test_begin build
"$CAIRN" build >out 2>&1
check "exit 1: the feed has errors" test $? -eq 1
check_contains out 'feed.yaml:8:'
check_contains out '"nope"'
check_contains out 'feed.yaml:13: deploy record for service "app": commit "deadbeefdeadbeef" not found'
check_contains out 'feed.yaml:21: deploy record'"'"'s time "not-a-time"'

test_begin deploys_json
J=site/deploys.json
check "valid JSON" python3 -c "import json; json.load(open('$J'))"
py() { python3 -c "import json; d=json.load(open('$J'))['deploys']; $1"; }
check "fields" py "assert set(d[0]) >= {'service','environment','commit','time','actor','status'}, d[0]"
check "production time converted from +05:30 to UTC" py "p=[x for x in d if x['environment']=='production'][0]; assert p['time']=='2026-11-10T06:30:00Z', p"
check "staging time converted from -08:00 to UTC" py "x=[x for x in d if x['environment']=='staging' and x['status']=='failed']; assert x and x[0]['actor']=='ci-bot', d"
check "newest first" py "t=[x['time'] for x in d]; assert t==sorted(t, reverse=True), t"

test_begin service_page
P=site/services/app/index.html
check_contains "$P" 'c2 feature'
check_contains "$P" 'c5 latest'
check_contains "$P" 'staging is 1 commit ahead of production'
check_contains "$P" 'https://ci.example/run/42'
check_contains "$P" '2026-11-10 06:30 UTC'
check_contains "$P" '3 commit<span class="pl">s</span></span> not yet deployed'
check_contains "$P" 'canary'

test_begin deploys_page
check_file site/deploys/index.html
check_contains site/deploys/index.html 'hotfix'
check_contains site/index.html 'c3 fix'

test_begin a_new_tag_is_seen_by_the_next_build
# the deploy cache is keyed by the tags: a new one must show
"$CAIRN" build -q >/dev/null 2>&1
tag deploy/production/2 "2026-11-19T12:00:00Z" annotated
"$CAIRN" build -q >/dev/null 2>&1
check "production now runs c5" python3 -c "
import json
d=json.load(open('site/deploys.json'))['deploys']
p=[x for x in d if x['environment']=='production']
assert p[0]['time']=='2026-11-19T12:00:00Z', p[0]"
check_contains site/services/app/index.html 'Up to date'

test_begin a_feed_record_naming_a_tag_survives_rebuilds
# a record that names a version (a tag) rather than a commit: where the
# tag points is read with the repository open; a rebuild that does not
# open it (its stamps unchanged) must not read it (it crashed there)
cat >>feed.yaml <<'EOF2'
- service: app
  environment: canary
  version: deploy/staging/2
  time: 2026-11-19T13:00:00Z
  status: succeeded
EOF2
sleep 2.2
"$CAIRN" build -q >/dev/null 2>&1
"$CAIRN" build -q >/dev/null 2>&1
check "a rebuild of the unchanged repository (exit 0 or 1)" test $? -le 1
"$CAIRN" build -q >/dev/null 2>&1
check "and the one after it" test $? -le 1
check "canary runs the tag's commit" python3 -c "
import json
d=json.load(open('site/deploys.json'))['deploys']
c=[x for x in d if x['environment']=='canary']
assert c and c[0]['commit']=='$STAGING2', c"

finish
