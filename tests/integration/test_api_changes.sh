# What a deploy would change in an API: the description read at the commit
# each environment runs and at the default branch (real git repositories,
# deploy tags), compared, breaking changes marked with the consumers whose
# contracts they break; catalog.json's changes[] and contracts.json; the
# shapes' cache makes a rebuild read nothing and equal a fresh build.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800   # 2026-11-20T00:00:00Z

mkdir -p pay/schemas
cat >pay/catalog-info.yaml <<'EOF2'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: pay}
spec: {type: service, owner: team-a, providesApis: [pay-api]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: pay-api}
spec: {type: openapi, owner: team-a, definition: {$text: ./openapi.yaml}}
EOF2
cat >pay/openapi.yaml <<'EOF2'
openapi: 3.0.3
info: {title: Pay, version: "1"}
paths:
  /payments/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "./schemas/payment.yaml"}
  /payments/{id}/refunds:
    get:
      responses: {"200": {description: ok}}
EOF2
cat >pay/schemas/payment.yaml <<'EOF2'
type: object
properties:
  id: {type: string}
  amount: {type: integer}
EOF2
make_repo pay "v1"
at() { # at MESSAGE DATE: commit everything
	( cd pay && $G add -A &&
	  GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" $G commit -q -m "$1" )
}
tag() { ( cd pay && GIT_COMMITTER_DATE="$2" $G tag -a -m deploy "$1" ); }
tag deploy/production/1 "2026-11-10T12:00:00Z"
# staging: amount becomes a string (in the $ref'd file only)
sed -i 's/amount: {type: integer}/amount: {type: string}/' pay/schemas/payment.yaml
at "amount as a string" "2026-11-12T10:00:00Z"
tag deploy/staging/1 "2026-11-12T11:00:00Z"
# the branch: the refunds list is removed, a new operation added
python3 - <<'EOF2'
p='pay/openapi.yaml'
s=open(p).read()
s=s.replace('''  /payments/{id}/refunds:
    get:
      responses: {"200": {description: ok}}
''','''  /payments:
    post:
      responses: {"201": {description: created}}
''')
open(p,'w').write(s)
EOF2
at "remove the refunds list" "2026-11-15T10:00:00Z"

# a consumer whose contract reads the refunds (twice) and a payment
mkdir -p shop/pacts
cat >shop/catalog-info.yaml <<'EOF2'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shop}
spec: {type: website, owner: team-b, consumesApis: [pay-api]}
EOF2
cat >shop/pacts/shop-pay.json <<'EOF2'
{"consumer": {"name": "shop"}, "provider": {"name": "pay-api"},
 "interactions": [
  {"description": "lists refunds", "request": {"method": "GET", "path": "/payments/p1/refunds"}, "response": {"status": 200}},
  {"description": "no refunds", "request": {"method": "GET", "path": "/payments/p2/refunds"}, "response": {"status": 200}},
  {"description": "reads a payment", "request": {"method": "GET", "path": "/payments/p1"}, "response": {"status": 200}}],
 "metadata": {"pactSpecification": {"version": "3.0.0"}}}
EOF2
make_repo shop

cat >cairn.yaml <<'YAML'
output: site
environments: [staging, production]
repos:
  - path: pay
  - path: shop
YAML

P=site/apis/pay-api/index.html
section() { sed -n '/id="cairn-changes"/,/<\/section>/p' "$P"; }

test_begin branch_against_production
"$CAIRN" build >out 2>&1
check "build succeeds" test $? -eq 0
section >sec
check_contains sec 'Changes not yet in production'
check_contains sec 'Branch <code>main</code> against production'
check_contains sec '<span class="badge api-breaking">breaking</span> <span class="api-method api-method-GET">GET</span> <code>/payments/{id}/refunds</code>: operation removed'
check_contains sec '<a href="#post-/payments"><span class="api-method api-method-POST">POST</span> <code>/payments</code></a>: new operation'
check_contains sec 'property amount of response 200 changed type from integer to string'
check_lacks out 'error:'

check_contains sec '<span class="api-change-consumer"> breaks <a href="../../services/shop/">shop</a>: <span data-n="2">2 interaction<span class="pl">s</span></span></span>'

test_begin the_exports
# catalog.json: each API's changes[]; contracts.json: the refunds the
# branch removed no longer match it
python3 - >jdiff 2>&1 <<'PY'
import json, subprocess, sys
def commit(ref):
    return subprocess.check_output(["git", "-C", "pay", "rev-parse", ref + "^{commit}"], text=True).strip()
prod, stg, head = commit("deploy/production/1"), commit("deploy/staging/1"), commit("main")
api = [a for a in json.load(open("site/catalog.json"))["apis"] if a["name"] == "pay-api"][0]
bad = []
def expect(what, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (what, got, want))
expect("providers", api["providers"], ["pay"])
expect("consumers", api["consumers"], ["shop"])
expect("url", api["url"], "apis/pay-api/")
def change(frm, to, branch, fc, tc, kind, breaking, op, detail, consumers):
    return {"from_env": frm, "to": to, "to_branch": branch, "from_commit": fc, "to_commit": tc,
            "kind": kind, "breaking": breaking, "operation": op, "detail": detail, "consumers": consumers}
ch = api["changes"]
removed = change("production", "main", True, prod, head, "operation-removed", True,
                 "GET /payments/{id}/refunds", "operation removed", ["shop"])
added = change("production", "main", True, prod, head, "operation-added", False,
               "POST /payments", "new operation", [])
expect("the removed operation, breaking, with its consumer", removed in ch, True)
expect("the new operation, compatible, with none", added in ch, True)
typed = [c for c in ch if c["from_env"] == "staging" or c["to"] == "staging"]
expect("staging against production: one change", len(typed), 1)
if typed:
    expect("its step", (typed[0]["from_env"], typed[0]["to"], typed[0]["to_branch"],
                        typed[0]["from_commit"], typed[0]["to_commit"]),
           ("production", "staging", False, prod, stg))
    expect("breaking, and shop reads the payment", (typed[0]["breaking"], typed[0]["operation"],
                                                    typed[0]["consumers"]),
           (True, "GET /payments/{id}", ["shop"]))
for a in json.load(open("site/catalog.json"))["apis"]:
    if a["name"] != "pay-api":
        expect("no changes for " + a["name"], a["changes"], [])
k = json.load(open("site/contracts.json"))["contracts"]
expect("one contract", len(k), 1)
its = k[0]["interactions"] if k else []
expect("the refunds do not match", [(i["path"], i["matches"], i["operation"]) for i in its],
       [("/payments/p1/refunds", False, None), ("/payments/p2/refunds", False, None),
        ("/payments/p1", True, "GET /payments/{id}")])
expect("why", its[0]["problem"] if its else None,
       "GET /payments/p1/refunds is not in pay-api's API description")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "catalog.json's changes[] and contracts.json" test $? -eq 0
grep . jdiff | sed "s/^/  /"

test_begin staging_against_production
sed -n '/staging against production/,/<\/div>/p' sec >stg
check_contains stg 'property amount of response 200 changed type from integer to string'
check_lacks stg 'operation removed'
check "the change is breaking" grep -q 'api-change-breaking' stg

test_begin the_service_page_links_to_it
check_contains site/services/pay/index.html '<a href="../../apis/pay-api/#cairn-changes">What deploying would change in pay-api</a>'

test_begin the_shapes_are_cached_per_blob
check "a shape per version read" test "$(ls .cairn-cache/api-shapes/*.bin | wc -l)" -eq 3
check "the files of each commit read" test "$(ls .cairn-cache/api-shapes/*.at | wc -l)" -eq 3
cp -R site fresh-1
"$CAIRN" build >out2 2>&1
check "a rebuild with nothing moved reuses the API page" grep -q 'unchanged' out2
check "a rebuild equals the first build" diff -r -x .cairn-manifest fresh-1 site
rm -rf .cairn-cache site
"$CAIRN" build -q >/dev/null 2>&1
check "a fresh build equals it too" diff -r -x .cairn-manifest fresh-1 site

test_begin in_a_browser
if [ -d "$TOP/tests/browser/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ]; then
	node "$TOP/tests/browser/api_changes.mjs" site pay-api pay 'GET /payments/{id}/refunds' shop 2 >browser.txt 2>&1
	check "headless Chromium: the API page shows the breaking change and its consumer, the service page links to it" test $? -eq 0
	grep -E '^(ok|FAIL) ' browser.txt | sed 's/^/  /'
else
	fail "the browser tests need chromium and tests/browser/node_modules (scripts/install-deps.sh --test)"
fi

test_begin a_deploy_moves_the_page
# production now runs the branch: no change between them; the page changes
tag deploy/production/2 "2026-11-19T12:00:00Z"
"$CAIRN" build -q >/dev/null 2>&1
section | sed -n '/Branch <code>main<\/code>/,/<\/div>/p' >sec2
check_contains sec2 '<p class="only-if-none" data-n="0">No change to the API.</p>'
check_lacks sec2 'operation removed'
# staging is now behind production: going back would remove POST /payments
# (linked: the page has it) and bring back GET /payments/{id}/refunds (not
# on the page: not linked)
section | sed -n '/staging against production/,/<\/div>/p' >stg2
check_contains stg2 '<a href="#post-/payments"><span class="api-method api-method-POST">POST</span> <code>/payments</code></a>: operation removed'
check_contains stg2 '<span class="api-method api-method-GET">GET</span> <code>/payments/{id}/refunds</code>: new operation'
check_lacks stg2 'href="#get-/payments/:id/refunds"'
cp -R site moved
rm -rf .cairn-cache site
"$CAIRN" build -q >/dev/null 2>&1
check "the rebuild after the deploy equals a fresh build" diff -r -x .cairn-manifest moved site

test_begin the_changes_are_kept_by_what_they_are_read_from
# each API's changes are kept under the commits they were read at
# (api-changes.bin): a rebuild where none moved reads no version's shape
check "the changes are kept" test "$(head -c 8 .cairn-cache/api-changes.bin)" = CAIRNACH
mv .cairn-cache/api-shapes shapes-kept
"$CAIRN" build -q >/dev/null 2>&1
check "the same site" diff -r -x .cairn-manifest moved site
check "no version read again" test ! -e .cairn-cache/api-shapes
mv shapes-kept .cairn-cache/api-shapes
printf 'garbage' >.cairn-cache/api-changes.bin
"$CAIRN" build >out3 2>&1
check "a damaged file of them: the same site" diff -r -x .cairn-manifest moved site
check "a damaged file of them is named" grep -q 'warning: .*api-changes.bin' out3
check "and made whole again" test "$(head -c 8 .cairn-cache/api-changes.bin)" = CAIRNACH

test_begin a_damaged_shape_is_read_again
# (without the kept changes, which would stand in for the shapes)
rm -f .cairn-cache/api-changes.bin
for f in .cairn-cache/api-shapes/*.bin; do printf 'garbage' >"$f"; done
"$CAIRN" build -q >/dev/null 2>&1
check "the same site" diff -r -x .cairn-manifest moved site

test_begin a_damaged_commit_file_is_read_again
rm -f .cairn-cache/api-changes.bin
for f in .cairn-cache/api-shapes/*.at; do printf 'garbage' >"$f"; done
"$CAIRN" build -q >/dev/null 2>&1
check "the same site" diff -r -x .cairn-manifest moved site
check "each commit's files cached again" test "$(ls .cairn-cache/api-shapes/*.at | wc -l)" -ge 2
for f in .cairn-cache/api-shapes/*.at; do
	check "$f is whole again" test "$(head -c 8 "$f")" = CAIRNAPC
done

test_begin no_deploys_no_section
mkdir solo
cp pay/openapi.yaml solo/openapi.yaml
make_repo solo "only"
cat >cairn.yaml <<'YAML'
output: site
environments: [staging, production]
repos:
  - path: solo
YAML
"$CAIRN" build -q >/dev/null 2>&1
check_lacks site/apis/solo/index.html 'cairn-changes'

finish
