# References to services without catalog-info.yaml (implicit services and
# their APIs) resolve like declared ones, in every field, with the reverse
# edges on both pages; unresolved references stay visible as text with their
# diagnostic; GitLab conventions ([[_TOC_]], CODEOWNERS sections, nested
# groups); root OWNERS; long document lists grouped by folder.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795000000

# --- fx-rates: no catalog-info.yaml; an OpenAPI file; GitLab CODEOWNERS
mkdir -p fx-rates/docs
cat >fx-rates/openapi.yaml <<'YAML'
openapi: 3.0.0
info: {title: FX rates, version: "1"}
paths:
  /rates:
    get: {responses: {"200": {description: ok}}}
YAML
cat >fx-rates/CODEOWNERS <<'EOF2'
[Backend] @acme/platform/fx-team
*
docs/ @acme/platform/writers

^[Docs][2] @docs-team
*.md
EOF2
cat >fx-rates/README.md <<'MD'
# FX rates

[[_TOC_]]

## Running it

Start it.

## Rates

[TOC]
MD
make_repo fx-rates

# --- ledger: no catalog-info.yaml, only a root OWNERS
mkdir -p ledger
printf 'approvers:\n  - carol\n' >ledger/OWNERS
echo '# Ledger' >ledger/README.md
make_repo ledger

# --- pay: a Component naming both, plus references that name nothing
mkdir -p pay
cat >pay/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  owner: group:payments
  dependsOn: [component:fx-rates, component:nowhere]
  consumesApis: [fx-rates, missing-api]
  subcomponentOf: ledger
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
spec:
  type: service
  owner: group:payments
  providesApis: [fx-rates]
  dependencyOf: [component:ledger, component:ghost]
YAML
make_repo pay

# --- books: a repository of many runbooks in folders, and no deploys
mkdir -p books/docs/runbooks books/docs/guides
for f in alertmanager kubernetes node prometheus; do
	mkdir -p books/docs/runbooks/$f
	for i in 1 2 3 4 5 6 7 8; do
		printf '# %s alert %s\n\nDo it.\n' "$f" "$i" >books/docs/runbooks/$f/alert-$i.md
	done
done
for i in $(seq 1 40); do printf '# Guide %s\n' "$i" >books/docs/guides/guide-$i.md; done
make_repo books

# --- spooky: its catalog-info.yaml declares ghost but is not valid YAML
mkdir -p spooky
cat >spooky/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ghost
  description: "never closed
spec: {type: service, owner: group:payments}
YAML
make_repo spooky

cat >cairn.yaml <<YAML
environments: [production]
repos:
  - path: fx-rates
  - path: ledger
  - path: pay
  - path: books
  - path: spooky
YAML
"$CAIRN" build -j 2 >out.txt 2>err.txt
S=site

test_begin implicit_service_references_resolve
check_lacks err.txt 'spec.dependsOn "component:default/fx-rates" names no'
check_lacks err.txt 'spec.consumesApis "api:default/fx-rates" names no'
check_lacks err.txt 'spec.providesApis "api:default/fx-rates" names no'
check_lacks err.txt 'spec.subcomponentOf "component:default/ledger" names no'
check_lacks err.txt 'spec.dependencyOf "component:default/ledger" names no'
check_contains $S/services/payments/index.html 'href="../fx-rates/"'
check_contains $S/services/payments/index.html 'href="../../apis/fx-rates/"'

test_begin reverse_edges_on_implicit_services
# fx-rates is used by payments; ledger by billing (billing's dependencyOf)
check "fx-rates lists payments under Used by" \
	sh -c "sed -n '/<h3>Used by/,/<\/ul>/p' $S/services/fx-rates/index.html | grep -q 'href=\"../payments/\"'"
check "ledger depends on billing" \
	sh -c "sed -n '/<h3>Depends on/,/<\/ul>/p' $S/services/ledger/index.html | grep -q 'href=\"../billing/\"'"
check "billing lists ledger under Used by" \
	sh -c "sed -n '/<h3>Used by/,/<\/ul>/p' $S/services/billing/index.html | grep -q 'href=\"../ledger/\"'"
check "billing lists payments, which consumes the API it provides, under Used by" \
	sh -c "sed -n '/<h3>Used by/,/<\/ul>/p' $S/services/billing/index.html | grep -q 'href=\"../payments/\"'"
check "the fx-rates API is consumed by payments" \
	sh -c "grep -q 'href=\"../../services/payments/\"' $S/apis/fx-rates/index.html"
check "the fx-rates API is provided by fx-rates and billing" \
	sh -c "grep -q 'href=\"../../services/billing/\"' $S/apis/fx-rates/index.html && grep -q 'href=\"../../services/fx-rates/\"' $S/apis/fx-rates/index.html"
check "catalog.json: fx-rates's dependents" \
	sh -c "tr -d ' \n' <$S/catalog.json | grep -q '\"name\":\"fx-rates\".*\"dependents\":\[\"payments\"\]'"

test_begin unresolved_references_shown_as_text
check_contains err.txt 'spec.dependsOn "component:default/nowhere" names no Component in the catalog'
check_contains err.txt 'spec.consumesApis "api:default/missing-api" names no API in the catalog'
check_contains err.txt 'spec.dependencyOf "component:default/ghost" names no Component in the catalog'
# the warning points back at the descriptor that may declare it; others do not
check_contains err.txt 'names no Component in the catalog: declare it in a catalog-info.yaml or correct the reference; spooky:catalog-info.yaml, which cairn could not read in full (see its errors), may declare it'
check_contains err.txt 'error: user-fixable: spooky:catalog-info.yaml:'
check_lacks err.txt '"component:default/nowhere" names no Component in the catalog: declare it in a catalog-info.yaml or correct the reference;'
check "nowhere is listed, not linked" \
	sh -c "sed -n '/<h3>Depends on/,/<\/ul>/p' $S/services/payments/index.html | grep -qx '<li>nowhere'"
check "missing-api is listed, not linked" \
	sh -c "grep -qx '<li>missing-api' $S/services/payments/index.html"
check "ghost is listed under billing's Used by, not linked" \
	sh -c "sed -n '/<h3>Used by/,/<\/ul>/p' $S/services/billing/index.html | grep -qx '<li>ghost'"

test_begin gitlab_toc
check_lacks $S/services/fx-rates/index.html '[[_TOC_]]'
check_lacks $S/services/fx-rates/index.html '[TOC]'
check "[[_TOC_]] became a table of contents" \
	sh -c "grep -c 'class=\"toc-inline\"' $S/services/fx-rates/index.html | grep -qx 2"
check_contains $S/services/fx-rates/index.html '<li><a href="#running-it">Running it</a>'

test_begin gitlab_codeowners_sections_and_nested_groups
check_lacks err.txt '@acme/platform/fx-team'
check_lacks err.txt 'fx-rates:CODEOWNERS'
# the owner: the "*" rule of the Backend section, its heading's owners
check_contains $S/services/fx-rates/index.html '@acme/platform/fx-team'
check_file $S/teams/acme-platform-fx-team/index.html
check_contains $S/teams/acme-platform-fx-team/index.html 'fx-rates'
check_contains $S/catalog.json '"owner":"@acme/platform/fx-team"'

test_begin root_owners_name_the_owner
check_contains $S/services/ledger/index.html 'carol'
check_contains $S/teams/index.html 'carol'

test_begin long_lists_grouped_by_folder
P=$S/services/books/index.html
check_contains $P '<details class="doc-folder">'
check_contains $P '<code>docs/runbooks/kubernetes/</code> <span class="count">8</span>'
check_contains $P '<summary>15 more</summary>'
check "no delivery chart for a repository without deploys" \
	sh -c "! grep -q 'class=\"delivery\"' $P"
check_contains $S/runbooks/index.html '<code>docs/runbooks/node/</code>'
check "every runbook is still listed" \
	sh -c "grep -c 'alert [1-8]</a>' $S/runbooks/index.html | grep -qx 32"
finish
