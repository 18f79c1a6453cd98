# SLOs with their error budgets and the technical debt register, end to
# end: OpenSLO documents and debt items in real git repositories, the SLO
# status feed, the pages and exports, `cairn check` and `cairn new techdebt`.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800   # 2026-11-20T00:00:00Z

# pay: a service with its SLO in slos/ (a service named by spec.service)
# and debt items, one per file
mkdir -p pay/slos pay/docs/tech-debt
cat >pay/catalog-info.yaml <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pay
spec:
  type: service
  owner: group:default/payments
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
EOF
printf '# Pay\n' >pay/README.md
cat >pay/slos/availability.yaml <<'EOF'
apiVersion: openslo/v1
kind: SLO
metadata:
  name: pay-availability
  displayName: Pay <availability>
spec:
  service: pay
  indicator:
    metadata:
      name: non-5xx
    spec:
      ratioMetric:
        counter: true
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - targetPercent: 99.9
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: pay-latency
spec:
  indicatorRef: nowhere
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.95
EOF
mkdir -p pay/docs/postmortems
printf -- '---\ntitle: Lost keys\ndate: 2026-09-30\n---\n# Lost keys\n' >pay/docs/postmortems/2026-09-30-lost-keys.md
cat >pay/docs/tech-debt/in-memory-keys.md <<'EOF'
---
title: Keys in memory
kind: reckless
created: 2026-10-01
links: ["../postmortems/2026-09-30-lost-keys.md", "docs/postmortems/2026-09-30-lost-keys.md", "javascript:alert(1)", "https://issues.example/K-1", "docs/nowhere.md"]
---
We knew.
EOF
cat >pay/docs/tech-debt/one-client.md <<'EOF'
---
title: One client for all providers
kind: prudent
owner: tomas
cycle: 2027-Q1
rationale: Two providers do not need two clients.
---
EOF
make_repo pay

# web: a monorepo-free repository whose SLO names no service (the
# folder's) and whose debt is a TECH_DEBT.md list
mkdir web
printf '# Web\n' >web/README.md
cat >web/web.openslo.yml <<'EOF'
apiVersion: openslo/v1
kind: SLO
metadata:
  name: page-success
spec:
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - targetPercent: 99.5
EOF
cat >web/TECH_DEBT.md <<'EOF'
# Debt

- [ ] Retry loop swallows errors #reckless @lena due:2026-12-01 created:2026-11-15
- [ ] Server-side rendering later #prudent
- [x] Hard-coded locales #reckless @diego
EOF
make_repo web

cat >slos-feed.json <<'EOF'
[
 {"slo": "pay-availability", "service": "pay", "time": "2026-11-19T20:00:00Z",
  "sli": 0.9991, "burn_rate": {"1h": 14.4, "6h": 9}, "budget_remaining": 0.2},
 {"slo": "page-success", "time": "2026-11-19T20:00:00Z",
  "sli": 0.999, "burn_rate": {"1h": 0.2, "6h": 0.3}, "budget_remaining": 0.8},
 {"slo": "pay-availability", "time": "yesterday"}
]
EOF
cat >cairn.yaml <<'YAML'
output: site
slos:
  feed: slos-feed.json
tech_debt:
  sprint_days: 10
  reckless_sprints: 2
repos:
  - path: pay
  - path: web
YAML

test_begin build
"$CAIRN" build >out 2>&1
check "exit 1: the feed and the items have problems" test $? -eq 1
check_contains out 'slos-feed.json:6'
check_contains out 'nowhere'
check_contains out 'reckless debt "Keys in memory" has no owner'
check_contains out 'has been unpaid for 50 days, more than 20 (2 sprints)'
check_contains out 'prudent debt "Server-side rendering later" has no rationale'
check_lacks out 'Retry loop swallows errors" has been unpaid'

test_begin slos_page
check_file site/slos/index.html
check_contains site/slos/index.html 'Pay &lt;availability&gt;'
check_contains site/slos/index.html 'page-success'
check_contains site/slos/index.html '99.9%'
check_contains site/slos/index.html '28d rolling'
check_contains site/slos/index.html 'data-state="burning"'

test_begin slos_json
J=site/slos.json
check "valid JSON" python3 -c "import json; json.load(open('$J'))"
check "three SLOs, each with its service" python3 -c "
import json; d = json.load(open('$J'))['slos']
by = {s['name']: s for s in d}
assert len(d) == 3, d
assert by['pay-availability']['service'] == 'pay'
assert by['pay-availability']['state'] == 'burning'
assert by['pay-availability']['burn_rate_1h'] == 14.4
assert by['pay-availability']['budget_remaining'] == 0.2
assert by['page-success']['service'] == 'web'
assert by['page-success']['state'] == 'ok'
assert by['pay-latency']['service'] == 'pay' and by['pay-latency']['sli'] is None
assert by['pay-availability']['time'] == '2026-11-19T20:00:00Z', by['pay-availability']
assert by['pay-latency']['time'] is None
"

test_begin service_page
P=site/services/pay/index.html
check_contains "$P" 'Service level objectives'
check_contains "$P" 'class="slo is-bad"'
check_contains "$P" '<meter class="budget" min="0" max="100" low="25" optimum="100" value="20">'
check_contains "$P" '9.0×'
check_contains site/services/web/index.html 'page-success'
check_lacks site/services/web/index.html 'is-bad'

test_begin home_lists_burning_services
check_contains site/index.html 'Burning error budget fastest'
check_contains site/index.html 'href="services/pay/">pay</a>'
check_lacks site/index.html 'href="services/web/">web</a> ·'

test_begin tech_debt_tracker
T=site/tech-debt/index.html
check_file "$T"
check_contains "$T" 'Keys in memory'
check_contains "$T" 'data-kind="reckless" data-state="open flagged" data-team="payments" data-service="pay"'
check_contains "$T" 'data-kind="prudent" data-state="open" data-team="payments"'
check_contains "$T" 'data-state="done"'
check_contains "$T" 'more than 20 days'
check_contains "$T" 'sprints are 10 days'
# links: a path (from the item's file or the root) to the document's page;
# a web address as it is; javascript: and a path to nothing as text
check_contains "$T" '<a href="../services/pay/docs/postmortems/2026-09-30-lost-keys/">../postmortems/2026-09-30-lost-keys.md</a>'
check_contains "$T" '<a href="../services/pay/docs/postmortems/2026-09-30-lost-keys/">docs/postmortems/2026-09-30-lost-keys.md</a>'
check_contains "$T" '<a href="https://issues.example/K-1">'
check_lacks "$T" 'href="javascript:'
check_contains "$T" ' · javascript:alert(1)'
check_contains "$T" ' · docs/nowhere.md'

test_begin tech_debt_exports
check "CSV: a header and five items" test "$(wc -l <site/tech-debt.csv)" -eq 6
check_contains site/tech-debt.csv 'title,kind,state,flagged,owner,due,cycle,service,team,repo,path,line,rationale'
check_contains site/tech-debt.csv 'Retry loop swallows errors,reckless,open,false,lena,2026-12-01,,web,'
check "JSON" python3 -c "
import json; d = json.load(open('site/tech-debt.json'))['items']
assert len(d) == 5
assert d[0]['kind'] == 'reckless' and not d[0]['done']
assert d[-1]['done']
k = [i for i in d if i['title'] == 'Keys in memory'][0]
assert k['flagged'] and k['team'] == 'payments' and len(k['flags']) == 2
assert k['owner'] is None and k['due'] is None, k
urls = {l['text']: l['url'] for l in k['links']}
assert urls['docs/postmortems/2026-09-30-lost-keys.md'] == 'services/pay/docs/postmortems/2026-09-30-lost-keys/', urls
assert urls['javascript:alert(1)'] is None and urls['docs/nowhere.md'] is None, urls
assert urls['https://issues.example/K-1'] == 'https://issues.example/K-1', urls
"

test_begin team_page_counts
check_contains site/teams/payments/index.html 'Technical debt'
check_contains site/teams/payments/index.html '<strong>2</strong> open items</a>: <strong>1</strong> reckless, <strong>1</strong> prudent'

test_begin tech_debt_filters_in_a_browser
# tests/browser/techdebt.mjs on this site, when chromium and playwright-core
# are installed (scripts/install-deps.sh --test)
if command -v node >/dev/null 2>&1 && [ -d "$TOP/tests/browser/node_modules/playwright-core" ] &&
   [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	node "$TOP/tests/browser/techdebt.mjs" site >browser.txt 2>&1
	check "the filters work (see below)" grep -q '^[0-9]* passed, 0 failed$' browser.txt
	grep '^FAIL' browser.txt
else
	echo "skipped: the browser test needs node, chromium and tests/browser/node_modules"
fi

test_begin rebuild_keeps_the_feed_in_the_page
# a new feed record changes the service page though no repository changed
sed -i 's/"budget_remaining": 0.2}/"budget_remaining": -0.1}/' slos-feed.json
"$CAIRN" build >out 2>&1
check_contains site/services/pay/index.html 'data-state="exhausted"'

test_begin check_lints_the_items
"$CAIRN" check web >out 2>err
check "exit 0 (warnings only)" test $? -eq 0
check_contains out 'web/TECH_DEBT.md:4: prudent debt "Server-side rendering later" has no rationale'
check_contains out 'is not scheduled'
check_contains err '1 SLO file, 1 tech-debt file'
"$CAIRN" check --strict pay >out 2>&1
check "--strict: exit 1" test $? -eq 1
check_contains out 'nowhere'
check_contains out 'has no owner'

test_begin new_techdebt
mkdir n && cd n
"$CAIRN" new techdebt "Replace the retry loop" >out 2>err
check "exit 0" test $? -eq 0
check "path" test "$(cat out)" = "docs/tech-debt/replace-the-retry-loop.md"
f=docs/tech-debt/replace-the-retry-loop.md
check_contains "$f" 'title: "Replace the retry loop"'
check_contains "$f" 'kind: reckless'
check_contains "$f" 'created: 2026-11-20'
"$CAIRN" check --strict . >out 2>&1
check "the new item is clean" test $? -eq 0
"$CAIRN" new techdebt "Replace the retry loop" >out 2>err
check "never overwrites" test $? -eq 2
cd "$TMP"

finish
