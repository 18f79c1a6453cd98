# Contracts between services: Pact files (v2 and v4) in real repositories,
# found by the default patterns and by a contracts kind in .cairn.yaml,
# matched to services and APIs, checked against the provider's OpenAPI
# description (a server base path, a method and a status that it lacks);
# the API and service pages; names that match nothing; a rebuild after the
# provider's description changes; cairn check on contract files.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p pay
cat >pay/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pay
spec:
  type: service
  lifecycle: production
  owner: group:money
  providesApis: [pay-api]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: pay-api
  title: Pay API
spec:
  type: openapi
  lifecycle: production
  owner: group:money
  definition:
    $text: ./openapi.yaml
YAML
cat >pay/openapi.yaml <<'YAML'
openapi: 3.0.3
info: { title: Pay, version: "1" }
servers:
  - url: https://pay.example.com/v1
paths:
  /orders/{id}:
    get:
      summary: One order
      responses: { "200": { description: ok }, "404": { description: gone } }
  /orders:
    post:
      summary: New order
      responses: { "2XX": { description: made } }
YAML
printf '# Pay\n' >pay/README.md
make_repo pay

component() { # component NAME CONSUMES
	printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: %s\nspec:\n  type: service\n  lifecycle: production\n  owner: group:shop\n%s\n' "$1" "$2"
}

mkdir -p web/pacts/sub
component web '  consumesApis: [pay-api]' >web/catalog-info.yaml
cat >web/pacts/web-pay.json <<'JSON'
{
  "consumer": {"name": "web"},
  "provider": {"name": "pay"},
  "interactions": [
    {"description": "an order page",
     "request": {"method": "GET", "path": "/v1/orders/17"},
     "response": {"status": 200}},
    {"description": "cancel <b>an</b> order",
     "request": {"method": "DELETE", "path": "/v1/orders/17"},
     "response": {"status": 204}},
    {"description": "a broken server",
     "request": {"method": "GET", "path": "/orders/17"},
     "response": {"status": 500}},
    {"description": "a new order",
     "request": {"method": "POST", "path": "/v1/orders"},
     "response": {"status": 201}}
  ],
  "metadata": {"pactSpecification": {"version": "2.0.0"}}
}
JSON
printf '{"consumer": {"name": "ghost"}, "provider": {"name": "pay-api"}, "interactions": []}\n' \
	>web/pacts/sub/ghost.json
printf '{"consumer": {"name": "web"}, "provider": {"name": "nowhere"}}\n' >web/pacts/nowhere.json
printf '{"name": "fixtures", "version": "1.0.0"}\n' >web/pacts/package.json
printf '# Web\n' >web/README.md
make_repo web

# a consumer that keeps its contracts elsewhere and does not declare the API
mkdir -p app/contracts app/pacts
component app '' >app/catalog-info.yaml
printf 'paths:\n  contracts: ["contracts/*.json"]\n' >app/.cairn.yaml
cat >app/contracts/app-pay.json <<'JSON'
{"consumer": {"name": "App"}, "provider": {"name": "pay-api"},
 "interactions": [
   {"type": "Synchronous/HTTP", "description": "reads an order",
    "request": {"method": "GET", "path": "/orders/9"}, "response": {"status": 404}},
   {"type": "Asynchronous/Messages", "description": "order paid", "contents": {}}],
 "metadata": {"pactSpecification": {"version": "4.0"}}}
JSON
printf '{"consumer": ' >app/pacts/ignored.json
printf '# App\n' >app/README.md
make_repo app

# declares the API, holds no contract
mkdir -p ops
component ops '  consumesApis: [pay-api]' >ops/catalog-info.yaml
printf '# Ops\n' >ops/README.md
make_repo ops

printf 'output: site\nrepos:\n  - path: pay\n  - path: web\n  - path: app\n  - path: ops\n' >cairn.yaml

test_begin build
"$CAIRN" build >out 2>&1
check 'exit 0: mismatches are warnings' test $? -eq 0
check_contains out "warning: user-fixable: web:pacts/web-pay.json:8: contract web → pay-api: DELETE /orders/{id} is not in pay-api's API description"
check_contains out "web:pacts/web-pay.json:11: contract web → pay-api: GET /orders/{id} answers 500, which pay-api's API description does not declare for it"
check_contains out 'web:pacts/sub/ghost.json:1: contract'"'"'s consumer "ghost" is no service of the portal'
check_contains out 'web:pacts/nowhere.json:1: contract'"'"'s provider "nowhere" is neither an API nor a service'
check_contains out 'web:pacts/package.json:1: file is JSON but not a Pact contract'
check_lacks out 'app:contracts/app-pay.json'
check_lacks out 'ignored.json'
check_lacks out 'POST /orders'

test_begin api_page
P=site/apis/pay-api/index.html
check_contains "$P" '<h3>By contract</h3>'
check_contains "$P" 'href="../../services/web/"'
check_contains "$P" 'href="#get-/orders/:id"'
check_contains "$P" 'href="#post-/orders"'
check_contains "$P" 'class="contract-mismatch"'
check_contains "$P" '<code>/v1/orders/17</code>'
check_contains "$P" 'cancel &lt;b&gt;an&lt;/b&gt; order'
check_lacks "$P" 'cancel <b>'
check_contains "$P" '2 interaction(s) not in this description'
check_contains "$P" 'Pact 2.0.0'
check_contains "$P" 'Pact 4.0'
check_contains "$P" '1 message interaction(s), not checked'
check_contains "$P" 'not in consumesApis'
check_contains "$P" '<h3>Declared only</h3>'
check_contains "$P" 'href="../../services/ops/"'

test_begin service_pages
check_contains site/services/web/index.html '<h3>As a consumer</h3>'
check_contains site/services/web/index.html 'href="../../apis/pay-api/#get-/orders/:id"'
check_contains site/services/web/index.html "DELETE /orders/{id} is not in pay-api&#39;s API description"
check_contains site/services/pay/index.html '<h3>Against its APIs</h3>'
check_contains site/services/app/index.html 'app:contracts/app-pay.json'
check_lacks site/services/ops/index.html 'cairn-contracts-title'

test_begin contracts_json
# every contract, every field (the repository's order: by API, consumer)
python3 - >cdiff 2>&1 <<'PY'
import json, sys
got = json.load(open("site/contracts.json"))["contracts"]
def ix(d, m, p, st, line, op, anchor, problem):
    return {"description": d, "method": m, "path": p, "status": st, "line": line,
            "operation": op, "operation_url": anchor and "apis/pay-api/#" + anchor,
            "matches": problem is None, "problem": problem}
want = [
    {"consumer": "app", "provider": "pay", "api": "pay-api", "repository": "app",
     "file": "contracts/app-pay.json", "spec_version": "4.0", "declared": False,
     "checked": True, "mismatches": 0, "messages": 1, "url": "apis/pay-api/#consumers",
     "interactions": [ix("reads an order", "GET", "/orders/9", 404, 3,
                         "GET /orders/{id}", "get-/orders/:id", None)]},
    {"consumer": "web", "provider": "pay", "api": "pay-api", "repository": "web",
     "file": "pacts/web-pay.json", "spec_version": "2.0.0", "declared": True,
     "checked": True, "mismatches": 2, "messages": 0, "url": "apis/pay-api/#consumers",
     "interactions": [
        ix("an order page", "GET", "/v1/orders/17", 200, 5, "GET /orders/{id}", "get-/orders/:id", None),
        ix("cancel <b>an</b> order", "DELETE", "/v1/orders/17", 204, 8, None, None,
           "DELETE /orders/{id} is not in pay-api's API description"),
        ix("a broken server", "GET", "/orders/17", 500, 11, "GET /orders/{id}", "get-/orders/:id",
           "GET /orders/{id} answers 500, which pay-api's API description does not declare for it"),
        ix("a new order", "POST", "/v1/orders", 201, 14, "POST /orders", "post-/orders", None)]},
]
if got != want:
    print(json.dumps(got, indent=1))
    sys.exit(1)
PY
check "contracts.json lists both contracts, every field" test $? -eq 0
grep . cdiff | sed "s/^/  /"

test_begin search_finds_contracts
# found_in_search TITLE URL WORD: an entry TITLE at URL, and WORD indexed
python3 - >sdiff 2>&1 <<'PY'
import glob, json, re, sys
rows = []
for f in sorted(glob.glob("site/search/d/*.js"), key=lambda f: int(re.findall(r"(\d+)\.js$", f)[0])):
    m = re.match(r"cairnSearch\.d\((\d+),(.*)\)\n$", open(f).read(), re.S)
    rows += [r for r in json.loads(m.group(2)) if r != 0]  # 0: a number no entry has
terms = "".join(open(f).read() for f in glob.glob("site/search/t/*.js"))
ok = True
for title in ("web \u2192 pay-api", "app \u2192 pay-api"):
    hit = [r for r in rows if r[0] == title]
    if not hit or not hit[0][1].endswith("apis/pay-api/#consumers") and hit[0][1] != "#consumers":
        print("no entry", title, hit); ok = False
for word in ("broken", "cancel"):
    if not re.search(r'(\\n|")%s ' % word, terms):
        print("no term", word); ok = False
sys.exit(0 if ok else 1)
PY
check "search has an entry per contract, at the API page's consumers, with its interactions' words" test $? -eq 0
grep . sdiff | sed "s/^/  /"

test_begin rebuild_after_provider_change
cat >>pay/openapi.yaml <<'YAML'
    delete:
      summary: Cancel an order
      responses: { "204": { description: cancelled } }
YAML
# the delete goes under /orders; move it under /orders/{id} instead
python3 - pay/openapi.yaml <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
tail = s[s.index("    delete:"):]
s = s[:s.index("    delete:")]
s = s.replace("  /orders:\n", tail + "  /orders:\n")
open(p, "w").write(s)
PY
commit_all pay "Cancel orders"
"$CAIRN" build >out2 2>&1
check 'exit 0' test $? -eq 0
check_lacks out2 'DELETE /orders/{id} is not in'
check_contains out2 'GET /orders/{id} answers 500'
check_lacks site/services/web/index.html 'DELETE /orders/{id} is not in'
check_contains site/services/web/index.html 'href="../../apis/pay-api/#delete-/orders/:id"'
check_contains site/apis/pay-api/index.html '1 interaction(s) not in this description'

test_begin check
"$CAIRN" check web >cout 2>&1
check 'check: warnings only, exit 0' test $? -eq 0
check_contains cout 'web/pacts/package.json:1: file is JSON but not a Pact contract'
check_contains cout '4 contracts'
"$CAIRN" check app >cout 2>&1
check 'check: exit 0, the default pattern is replaced' test $? -eq 0
mkdir -p bad/pacts
printf '{"consumer": {"name": "a"}, "provider": {"name": "b"},\n "metadata": {"pactSpecification": {"version": "9.0.0"}}}\n' >bad/pacts/v9.json
printf '{"consumer": {"name": "a"}, "provider": {"name": "b"},\n "interactions": [{"description": "x", "request": {"path": "/"}, "response": {"status": 200}}]}\n' >bad/pacts/nomethod.json
printf '{"consumer": ' >bad/pacts/broken.json
"$CAIRN" check bad >cout 2>&1
check 'check: exit 1 on an invalid contract' test $? -eq 1
check_contains cout 'bad/pacts/broken.json:1: contract is not valid JSON'
check_contains cout 'bad/pacts/v9.json:2: contract'"'"'s Pact specification version "9.0.0" is not one cairn reads'
check_contains cout 'bad/pacts/nomethod.json:2: contract interaction "x" has no request.method'

finish
