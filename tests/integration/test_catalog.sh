# The catalog: Backstage descriptors across repositories, CODEOWNERS and
# OWNERS, teams, a monorepo with several components, a repository without
# catalog-info.yaml, broken references; checked in catalog.json and pages.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795000000   # 2026-11-19

# --- org: groups and users
mkdir -p org
cat >org/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
  title: Payments team
spec:
  type: team
  profile:
    displayName: Payments
    email: payments@acme.example
  children: []
  members: [alice, ghost]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  profile:
    displayName: Alice Doe
    email: alice@acme.example
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
spec:
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: money
spec:
  owner: payments
YAML
make_repo org

# --- payments: a component with dependencies, APIs, pagerduty, CODEOWNERS
mkdir -p pay/docs/runbooks pay/src/billing
cat >pay/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  title: Payments API
  annotations:
    pagerduty.com/service-id: PABC123
    github.com/project-slug: acme/pay
  links:
    - url: https://grafana.example/d/pay
      title: Dashboard
    - url: javascript:alert(1)
      title: Evil
spec:
  type: service
  lifecycle: production
  owner: group:payments
  system: money
  providesApis: [payments]
  dependsOn: [component:ledger, resource:payments-db, component:nowhere]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments
spec:
  type: openapi
  lifecycle: production
  owner: payments
  definition: "openapi: 3.0.0"
YAML
cat >pay/CODEOWNERS <<'EOF2'
# owners
*                 @acme/payments
/docs/runbooks/   @alice
docs/runbooks/old.md
*.sql             @dba-team not-an-owner
/docs/runbooks/cache.md @acme/PAYMENTS
EOF2
printf '# Payments\n' >pay/README.md
printf '# DB failover\n\nSteps.\n' >pay/docs/runbooks/db.md
printf '# Old runbook\n' >pay/docs/runbooks/old.md
printf '# Cache flush\n' >pay/docs/runbooks/cache.md
mkdir -p pay/docs/postmortems
cat >pay/docs/postmortems/2026-09-30-ledger-lag.md <<'MD'
---
title: Ledger lag stalled payments
date: 2026-09-30
services: [payments-api, ledger]
---
## Action items
- [ ] Alert on lag @alice due:2026-12-01
MD
make_repo pay
# make the old runbook old: a commit a year earlier touching only it
( cd pay && printf '# Old runbook\n\nancient\n' >docs/runbooks/old.md && \
  GIT_AUTHOR_DATE=2025-06-01T00:00:00Z GIT_COMMITTER_DATE=2025-06-01T00:00:00Z \
  $G commit -q -am "old change" )

# --- mono: two components in one repository
mkdir -p mono/ledger/docs/runbooks mono/search/docs mono/docs/runbooks
cat >mono/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
  annotations:
    backstage.io/techdocs-ref: dir:./ledger/docs
spec:
  type: service
  lifecycle: production
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search
  annotations:
    backstage.io/source-location: url:https://github.com/acme/mono/tree/main/search
spec:
  type: service
  lifecycle: experimental
  owner: user:bob
  consumesApis: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: Bad Name!
spec:
  owner: payments
YAML
printf '# Ledger\n\nThe ledger.\n' >mono/ledger/README.md
printf '# Ledger replay\n' >mono/ledger/docs/runbooks/replay.md
printf '# Search\n\nSearch service.\n' >mono/search/README.md
printf '# Relevance\n' >mono/search/docs/relevance.md
printf '# Shared\n' >mono/docs/runbooks/shared.md
make_repo mono

# --- plain: no catalog-info, owners from CODEOWNERS' "*" and OWNERS
mkdir -p plain/docs
printf '# Plain\n' >plain/README.md
printf '* @acme/platform @carol\n' >plain/CODEOWNERS
printf 'approvers: [dave]\n' >plain/docs/OWNERS
printf '# Plain doc\n' >plain/docs/guide.md
make_repo plain

cat >cairn.yaml <<'YAML'
title: Catalog test
output: site
pagerduty_url: https://acme.pagerduty.com
repos:
  - path: org
  - path: pay
  - path: mono
  - path: plain
YAML

test_begin build_reports_catalog_problems
"$CAIRN" build >out 2>&1
status=$?
check "exit 1: the input has errors" test $status -eq 1
check_contains out 'mono:catalog-info.yaml:'
check_contains out 'Bad Name!'
check_contains out 'component:default/nowhere'
check_contains out 'not-an-owner'
check_contains out 'javascript:'
check_file site/catalog.json

test_begin catalog_json
J=site/catalog.json
check "catalog.json is valid JSON" python3 -c "import json,sys; json.load(open('$J'))"
py() { python3 -c "import json; d=json.load(open('$J')); $1"; }
check "services are listed" py "s={x['name'] for x in d['services']}; assert s=={'payments-api','ledger','search','plain'}, s"
check "owner and team resolved" py "x=[s for s in d['services'] if s['name']=='payments-api'][0]; assert x['owner']=='group:payments' and x['team']=='payments', x"
check "lifecycle, type, system" py "x=[s for s in d['services'] if s['name']=='payments-api'][0]; assert (x['lifecycle'],x['type'],x['system'])==('production','service','money'), x"
check "runbooks listed" py "x=[s for s in d['services'] if s['name']=='payments-api'][0]; assert sorted(r['path'] for r in x['runbooks'])==['docs/runbooks/cache.md','docs/runbooks/db.md','docs/runbooks/old.md'], x['runbooks']"
check "apis listed" py "x=[s for s in d['services'] if s['name']=='payments-api'][0]; assert x['apis']==['payments'], x"
check "depends_on listed" py "x=[s for s in d['services'] if s['name']=='payments-api'][0]; assert 'component:ledger' in x['depends_on'] and 'resource:payments-db' in x['depends_on'], x"
check "no catalog: owner from CODEOWNERS *" py "x=[s for s in d['services'] if s['name']=='plain'][0]; assert x['owner']=='@acme/platform', x"
check "teams with members" py "t=[t for t in d['teams'] if t['name']=='payments'][0]; assert 'alice' in t['members'] and 'bob' in t['members'] and 'ledger' in t['services'], t"
check "every owner is a team" py "n={t['name'] for t in d['teams']}; assert {'payments','bob','@acme/platform'} <= n, n"
check "a group or user only when the catalog declares it (dave: OWNERS)" py "k={t['name']:t['kind'] for t in d['teams']}; assert (k['payments'],k['bob'],k['dave'],k['@acme/platform'])==('group','user','owner','owner'), k"

test_begin monorepo_docs_go_to_their_component
check_file site/services/ledger/docs/runbooks/replay/index.html
check_file site/services/search/docs/relevance/index.html
check_contains site/services/ledger/index.html 'The ledger.'
check_contains site/services/search/index.html 'Search service.'
check_file site/services/ledger/docs/runbooks/shared/index.html

test_begin service_page
P=site/services/payments-api/index.html
check_contains "$P" 'https://acme.pagerduty.com/service-directory/PABC123'
check_contains "$P" 'https://grafana.example/d/pay'
check_lacks "$P" 'javascript:'
check_contains "$P" 'payments@acme.example'
check_contains "$P" '<svg class="dep-graph"'
check_contains "$P" 'href="../ledger/"'
check_contains site/services/ledger/index.html 'Payments API'

test_begin owners_on_document_pages
check_contains site/services/payments-api/docs/runbooks/db/index.html '@alice'
check_contains site/services/plain/docs/guide/index.html 'dave'
# an owner is linked to the team assembly made of it, by the same rule
# (entity names match in any case, as Backstage's references do)
check_contains site/services/payments-api/docs/runbooks/db/index.html 'href="../../../../../teams/alice/">@alice</a>'
check_contains site/services/payments-api/docs/runbooks/cache/index.html 'href="../../../../../teams/payments/">@acme/PAYMENTS</a>'

test_begin postmortem_naming_services
# a post-mortem of payments-api that names ledger: on ledger's page too,
# with the incident's date; on its own service's list, dated by the incident
L=site/services/ledger/index.html
check_contains "$L" 'Incidents it was part of'
check_contains "$L" 'href="../payments-api/docs/postmortems/2026-09-30-ledger-lag/">Ledger lag stalled payments</a>'
check_contains "$L" '<time datetime="2026-09-30">2026-09-30</time> · post-mortem of <a href="../payments-api/">Payments API</a>'
check_contains site/services/payments-api/index.html 'incident <time datetime="2026-09-30">2026-09-30</time>'
check_lacks site/services/payments-api/index.html 'Incidents it was part of'

test_begin runbooks_index_and_stale
R=site/runbooks/index.html
check_file "$R"
check_contains "$R" 'DB failover'
check_contains "$R" 'Ledger replay'
check "the old runbook is marked stale" grep -q 'stale' site/services/payments-api/docs/runbooks/old/index.html
check_contains site/services/payments-api/docs/runbooks/old/index.html '2025-06-01'

test_begin team_pages
check_file site/teams/index.html
check_file site/teams/payments/index.html
check_contains site/teams/payments/index.html 'Alice Doe'
check_contains site/teams/payments/index.html 'Payments API'
check_contains site/teams/payments/index.html 'DB failover'
check_file site/teams/bob/index.html

test_begin a_key_given_twice_in_a_descriptor
# the last one is used (as Backstage's reader does), and said, by the build
# and by cairn check
mkdir -p twice
printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: first\n  name: second\nspec: {type: service, owner: group:payments, lifecycle: production}\n' >twice/catalog-info.yaml
printf '# Twice\n' >twice/README.md
make_repo twice
printf 'output: twice-site\nrepos:\n  - path: org\n  - path: twice\n' >twice.yaml
"$CAIRN" build -c twice.yaml >tw.out 2>&1
check_contains tw.out 'warning: user-fixable: twice:catalog-info.yaml:5: key "name" is given twice in one mapping (the last would win); keep one'
check "the last name is the service's" test -d twice-site/services/second -a ! -e twice-site/services/first
(cd twice && "$CAIRN" check >../tw-check.out 2>&1)
check_contains tw-check.out 'catalog-info.yaml:5: key "name" is given twice'

finish
