# paths: where each kind of content lives — at the top level of cairn.yaml,
# in a repos entry (path: and glob:), in a repository's own .cairn.yaml, and
# their precedence; exclude, the order of kinds, monorepo homes, the
# diagnostics, postmortems.rules_since, cairn check's kinds line, and a
# change of paths giving the site a fresh build gives.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
# "today" is 2026-11-20
export SOURCE_DATE_EPOCH=1795132800

# an alerts-runbook repository: runbooks next to the alerts
mkdir -p alerts/alerts/node alerts/docs alerts/vendor/docs
printf '# Alerts\n' >alerts/README.md
printf '# Node down\nWhat to do.\n' >alerts/alerts/node/NodeDown.md
printf '# Disk full guide\n' >alerts/docs/disk.md
printf '# Vendored thing\n' >alerts/vendor/docs/theirs.md
printf '# Changes\n' >alerts/docs/CHANGELOG.md
make_repo alerts

# a post-mortem archive kept at the root
mkdir -p pmroot
printf '# Our incidents\n' >pmroot/README.md
cat >pmroot/2023-05-01-db-outage.md <<'MD'
# Database outage
## Action items
- [ ] Add an alert without owner or date
- [ ] Another without owner
- [ ] A third
- [ ] A fourth, over the limit
MD
cat >pmroot/2025-02-01-cache-outage.md <<'MD'
# Cache outage
## Action items
- [ ] Cache item without owner due:2025-03-01
MD
make_repo pmroot

# an RFC archive (text/) that also keeps proposals/ and a runbook that is
# also listed as a post-mortem (kind order)
mkdir -p rfcs/text rfcs/proposals rfcs/ops
printf '# RFCs\n' >rfcs/README.md
printf -- '- Start Date: 2020-01-01\n- RFC PR: #1\n\n# Summary\nx\n' >rfcs/text/0001-first.md
printf '# Proposal two\n' >rfcs/proposals/two.md
printf '# Both kinds\n' >rfcs/ops/both.md
cat >rfcs/.cairn.yaml <<'YAML'
paths:
  rfcs: ["text/*.md", "proposals/*.md"]
  runbooks: ["ops/*.md", "playbooks/*.md"]
owner: nobody
YAML
make_repo rfcs

# a monorepo: two components in their home folders
mkdir -p mono/svc-a/ops mono/svc-b/ops
for c in a b; do
cat >mono/svc-$c/catalog-info.yaml <<YAML
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-$c
spec:
  type: service
  lifecycle: production
  owner: team-$c
YAML
printf '# Restart %s\n' "$c" >mono/svc-$c/ops/restart.md
done
make_repo mono

# glob: entries
mkdir -p g/g-one/adr g/g-two/adr
printf '# Decide one\n' >g/g-one/adr/1.md
printf '# Decide two\n' >g/g-two/adr/1.md
make_repo g/g-one
make_repo g/g-two

# only a README
mkdir -p bare
printf '# Bare\n' >bare/README.md
make_repo bare
# README and an SLO: not "nothing but a README"
mkdir -p slo-only/slos
printf '# SLO only\n' >slo-only/README.md
cat >slo-only/slos/latency.yaml <<'YAML'
apiVersion: openslo/v1
kind: SLO
metadata: {name: latency}
spec:
  service: slo-only
  budgetingMethod: Occurrences
  timeWindow: [{duration: 28d, isRolling: true}]
  objectives: [{target: 0.99}]
YAML
make_repo slo-only
# a repository that holds only the organisation's catalog: read, not empty
mkdir -p org-catalog
cat >org-catalog/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: team, children: []}
YAML
make_repo org-catalog

cat >cairn.yaml <<'YAML'
title: Paths
paths:
  exclude: ["vendor/**", "**/CHANGELOG.md"]
postmortems:
  rules_since: 2024-01-01
repos:
  - path: alerts
    paths:
      runbooks: ["alerts/**/*.md", "docs/**/*.md"]
  - path: pmroot
    paths: {postmortems: ["*.md"], exclude: [README.md]}
  - path: rfcs
    paths:
      postmortems: ["ops/*.md"]
  - path: mono
    paths: {runbooks: ["ops/*.md"]}
  - glob: g/g-*
    paths: {rfcs: ["adr/*.md"], docs: ["nothing/*.md"]}
  - path: bare
  - path: slo-only
  - path: org-catalog
YAML
"$CAIRN" build -o site >out.txt 2>&1
echo "exit $?" >>out.txt

test_begin per_repo_paths
check_contains site/runbooks/index.html "Node down"
check_contains site/runbooks/index.html "Disk full guide"
check_file site/services/alerts/alerts/node/nodedown/index.html

test_begin exclude
check_lacks site/runbooks/index.html "Vendored thing"
check_no_file site/services/alerts/vendor/docs/theirs/index.html
check_no_file site/services/alerts/docs/CHANGELOG/index.html

test_begin postmortem_archive_at_the_root
check_contains site/postmortems/index.html "Database outage"
check_contains site/postmortems/index.html "Cache outage"
check_lacks site/postmortems/index.html "Our incidents"

test_begin rules_since
check_lacks out.txt "Add an alert without owner or date"
check_lacks out.txt "more than 3 action items"
check_contains out.txt "Cache item without owner"
check "old items are tracked" grep -q "Add an alert without owner or date" site/action-items.json
check "old items need no escalation" sh -c "grep -o '\"text\": *\"Add an alert without owner or date\"[^}]*' site/action-items.json | grep -q '\"needs_escalation\": *false'"
check "new items are escalated" sh -c "grep -o '\"text\": *\"Cache item without owner\"[^}]*' site/action-items.json | grep -q '\"needs_escalation\": *true'"

test_begin repo_file_and_precedence
check_contains site/rfcs/index.html "Proposal two"
check_contains site/rfcs/index.html "First"
check_contains out.txt 'warning: user-fixable: rfcs:.cairn.yaml:4: unknown key "owner" in .cairn.yaml'
check_contains out.txt 'rfcs:.cairn.yaml:3: paths.runbooks: pattern "playbooks/*.md" matches nothing'

test_begin kind_order
# ops/both.md: a post-mortem (repos entry) and a runbook (.cairn.yaml)
check_contains site/postmortems/index.html "Both kinds"
check_lacks site/runbooks/index.html "Both kinds"

test_begin monorepo
check_contains site/runbooks/index.html "Restart a"
check_contains site/runbooks/index.html "Restart b"

test_begin glob_entry
check_contains site/rfcs/index.html "Decide one"
check_contains site/rfcs/index.html "Decide two"
check_contains out.txt 'paths.docs: pattern "nothing/*.md" matches nothing in repository "g-one"'
check_contains out.txt 'paths.docs: pattern "nothing/*.md" matches nothing in repository "g-two"'

test_begin readme_only
check_contains site/services/bare/index.html "nothing but a README"
check_lacks site/services/alerts/index.html "nothing but a README"
check_lacks site/services/slo-only/index.html "nothing but a README"
check_contains site/services/slo-only/index.html "latency"
check_contains out.txt "(1 with nothing but a README"
# the catalog's repository was read: not "nothing cairn reads"
check_lacks out.txt "with nothing cairn reads"
check_file site/teams/platform/index.html

test_begin defaults_make_no_warnings
# neither the built-in lists nor the top level's are reported per repository
check_lacks out.txt "docs/runbooks/"
check_lacks out.txt 'pattern "vendor/**" matches nothing' 

test_begin config_diagnostics
cat >bad.yaml <<'YAML'
paths:
  runbook: ["x/*.md"]
  rfcs: ["a/[b.md"]
repos:
  - path: alerts
YAML
check_status 2 "a bad paths: stops the build" "$CAIRN" build -c bad.yaml -o badsite
"$CAIRN" build -c bad.yaml -o badsite >bad.txt 2>&1
check_contains bad.txt 'bad.yaml:2: unknown key "runbook" in paths'
check_contains bad.txt 'bad.yaml:3: paths.rfcs: pattern "a/[b.md" is not valid'

test_begin change_of_paths_equals_fresh_build
sed 's|runbooks: \["alerts/\*\*/\*.md", "docs/\*\*/\*.md"\]|runbooks: ["alerts/**/*.md"]|' cairn.yaml >c2.yaml
mv c2.yaml cairn.yaml
"$CAIRN" build -q -o site >/dev/null 2>&1
check_lacks site/runbooks/index.html "Disk full guide"
check_contains site/services/alerts/index.html "Disk full guide"
rm -rf fresh-cache
sed 's|^title: Paths|title: Paths\ncache: fresh-cache|' cairn.yaml >fresh.yaml
"$CAIRN" build -q -c fresh.yaml -o fresh >/dev/null 2>&1
check "changed paths give the fresh site" diff -r -x .cairn-manifest -x .cairn-site site fresh

test_begin cairn_check_kinds
"$CAIRN" check rfcs >check.txt 2>&1
check_contains check.txt "found 1 README, 1 runbook, 2 RFCs, 0 post-mortems, 0 docs"
check_contains check.txt 'unknown key "owner" in .cairn.yaml'
check_contains check.txt 'pattern "playbooks/*.md" matches nothing'
"$CAIRN" check pmroot >check2.txt 2>&1
check_contains check2.txt "found 1 README, 0 runbooks, 0 RFCs, 0 post-mortems"

test_begin templates_are_documents_not_records
mkdir -p tpl/docs/postmortems tpl/docs/rfcs
printf '# T\n\nThe service.\n' >tpl/README.md
printf '# Post-mortem template\n\nDate: YYYY-MM-DD\n\n## Action items\n\n- [ ] Do a thing\n' >tpl/docs/postmortems/template.md
printf '# RFC template\n\n## Status\n\n[proposed]\n' >tpl/docs/rfcs/0000-template.md
printf -- '---\ntitle: Real\nstatus: accepted\n---\n# Real\n' >tpl/docs/rfcs/0001-real.md
make_repo tpl
printf 'output: tplsite\ncache: tplcache\nrepos:\n  - path: tpl\n' >tpl.yaml
"$CAIRN" build -c tpl.yaml >tpl.txt 2>&1
check "templates bring no diagnostics" sh -c '! grep -q template tpl.txt'
check_lacks tplsite/postmortems/index.html "Post-mortem template"
check_lacks tplsite/rfcs/index.html "RFC template"
check_contains tplsite/rfcs/index.html "Real"
check_file tplsite/services/tpl/docs/postmortems/template/index.html
"$CAIRN" check tpl >tplcheck.txt 2>&1
check_contains tplcheck.txt "1 RFC, 0 post-mortems"

test_begin adr_tools_folders
# adr-tools keeps its records in doc/adr/ (`adr init`) or in
# doc/architecture/decisions/: read as ADRs with no paths: at all
mkdir -p adrt/doc/adr adrt/doc/architecture/decisions
printf '# Tools\n' >adrt/README.md
printf '# 1. Record architecture decisions\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n' \
	>adrt/doc/adr/0001-record-architecture-decisions.md
printf '# 2. Use shell\n\nDate: 2016-02-13\n\n## Status\n\nSuperseded by [3](0003-x.md)\n' \
	>adrt/doc/architecture/decisions/0002-use-shell.md
make_repo adrt
printf 'output: adrsite\ncache: adrcache\nrepos:\n  - path: adrt\n' >adrt.yaml
"$CAIRN" build -c adrt.yaml >adrt.txt 2>&1
check_contains adrsite/rfcs/index.html 'Record architecture decisions</a>'
check_contains adrsite/rfcs/index.html 'Use shell</a>'
check_contains adrsite/rfcs/index.html 'data-status="superseded"'
check_contains adrsite/services/adrt/doc/adr/0001-record-architecture-decisions/index.html '>ADR<'
check_lacks adrt.txt 'nothing but a README'
"$CAIRN" check adrt >adrtcheck.txt 2>&1
check_contains adrtcheck.txt "2 RFCs"

test_begin readme_documents_every_kind
# README's paths: table has a row for every key config.c knows, and its
# order of precedence is layout.c's (a README first)
keys=$(awk '/config_path_keys\[CONFIG_PATH_KINDS\] = \{/,/\};/' "$TOP/generator/config.c" |
	grep -o '"[a-z]*"' | tr -d '"')
for k in $keys; do
	check "README's paths: table has $k" grep -q "^| \`$k\` | " "$TOP/README.md"
done
order=$(awk '/static const int order\[\] = \{/,/\};/' "$TOP/generator/layout.c" |
	grep -o 'CONFIG_PATH_[A-Z]*' | sed 's/CONFIG_PATH_//' | tr 'A-Z' 'a-z' |
	tr '\n' ' ' | sed 's/ $//; s/ /, /g')
tr '\n' ' ' <"$TOP/README.md" | sed 's/  */ /g' >readme-flat.txt
check_contains readme-flat.txt "several kinds is the first of: readme, $order ("

finish
