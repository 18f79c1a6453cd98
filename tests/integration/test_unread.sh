# Markdown files cairn does not read, whose place or name says what they
# are (post-mortems at a repository's root, runbooks under content/runbooks/
# or alerts/, design documents under design/), are reported with the
# paths: that reads them, in the build's diagnostics and on the service
# page; with that paths: they are read; a paths: change alone (an exclude)
# gives a fresh build's site.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800

mkdir -p pm rb/content/runbooks/general rb/alerts rb/.github gd/design gd/vendor/x
printf '# Post-mortems\n' >pm/README.md
for n in 1 2 3 4; do
	printf '# Outage %s\n\n## Timeline\n\nx\n\n## Action Items\n\n- [ ] fix @ana due:2026-12-01\n' $n \
		>"pm/PM2020-00$n - Outage $n.md"
done
printf '# Changes\n' >pm/CHANGELOG.md
printf '# Contributing\n' >pm/CONTRIBUTING.md
printf '# Runbooks\n' >rb/README.md
printf '# Node down\n\nRestart it.\n' >rb/content/runbooks/general/node-down.md
printf '# Index\n' >rb/content/runbooks/_index.md
printf '# Disk full\n\nFree space.\n' >rb/alerts/disk-full.md
printf '# PR template\n' >rb/.github/pull_request_template.md
printf '# Design\n' >gd/README.md
printf '# Proposal: x\n\nAuthor: Ann\n' >gd/design/1-x.md
printf '# Vendored\n' >gd/vendor/x/README.md
printf '# docs\n' >gd/docs.md
make_repo pm
make_repo rb
make_repo gd
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: pm
  - path: rb
  - path: gd
YAML

test_begin report
"$CAIRN" build >out.txt 2>err.txt
check_contains err.txt 'warning: user-fixable: pm: 4 Markdown files are not read: 4 at the root look like post-mortems (e.g. "PM2020-001 - Outage 1.md"); to read them, give this repository paths: {postmortems: ["PM*.md"]} in cairn.yaml (or its .cairn.yaml)'
check_contains err.txt 'rb: 2 Markdown files are not read: 1 under alerts/ looks like a runbook ("alerts/disk-full.md"), 1 under content/runbooks/ looks like a runbook ("content/runbooks/general/node-down.md"); to read them, give this repository paths: {runbooks: ["alerts/**/*.md", "content/runbooks/**/*.md"]}'
check_contains err.txt 'gd: 2 Markdown files are not read: 1 under design/ looks like an RFC or a design document ("design/1-x.md"), 1 at the root is in no folder cairn reads ("docs.md"); to read them, give this repository paths: {rfcs: ["design/**/*.md"], docs: ["docs.md"]}'
check_lacks err.txt 'CHANGELOG'
check_lacks err.txt 'vendor'
check_lacks err.txt 'pull_request_template'
P=site/services/pm/index.html
check_contains $P '<p class="notice repo-unread" role="status">cairn did not read 4 Markdown files of its repository: 4 at the root look like post-mortems'
check_contains $P '<code>paths: {postmortems: [&quot;PM*.md&quot;]}</code>'
check_contains site/services/rb/index.html 'cairn did not read 2 Markdown files'
check_status 0 "the build succeeds" "$CAIRN" build

test_begin read
# the paths: the warnings give, as written
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: pm
    paths: {postmortems: ["PM*.md"]}
  - path: rb
    paths: {runbooks: ["alerts/**/*.md", "content/runbooks/**/*.md"]}
  - path: gd
    paths: {rfcs: ["design/**/*.md"], docs: ["docs.md"]}
YAML
"$CAIRN" build >out2.txt 2>err2.txt
check_lacks err2.txt 'not read'
check_lacks site/services/pm/index.html 'repo-unread'
check_file site/services/pm/pm2020-001-outage-1/index.html
check_contains site/postmortems/index.html 'Outage 1'
check_file site/services/rb/alerts/disk-full/index.html
check_file site/services/rb/content/runbooks/general/node-down/index.html
check_contains site/rfcs/index.html 'Proposal: x'

test_begin rebuild
# an exclude alone takes a file out of the report: the page follows
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: pm
  - path: rb
    paths: {exclude: ["alerts/**"]}
  - path: gd
YAML
sed -e 's/^output: site/output: fresh/' -e 's/^cache: cache/cache: fcache/' cairn.yaml >fresh.yaml
"$CAIRN" build >/dev/null 2>err3.txt
check_contains err3.txt 'rb: 1 Markdown file is not read: 1 under content/runbooks/ looks like a runbook'
check_contains site/services/rb/index.html 'cairn did not read 1 Markdown file of its repository'
"$CAIRN" build -c fresh.yaml >/dev/null 2>&1
check "the rebuild after a paths: change equals a fresh build" diff -r -x .cairn-manifest site fresh

test_begin alerting_rules_no_kind_reads_are_said
# an operations team's repository of rule files by team (team-*/x.yaml):
# none of the alerts kind's defaults; its 3 rule files said in one warning
# with the paths: that reads them, a YAML file of other things not counted
mkdir -p ops/team-a ops/team-b ops/team-c
printf '# Ops alerts\n' >ops/README.md
for t in a b c; do
	printf 'groups:\n  - name: %s\n    rules:\n      - alert: Down%s\n        expr: up == 0\n' $t $t >ops/team-$t/rules.yaml
done
printf 'replicas: 3\nimage: x\n' >ops/team-a/values.yaml
make_repo ops
printf 'output: osite\ncache: ocache\nrepos:\n  - path: ops\n' >ops.yaml
"$CAIRN" build -c ops.yaml >/dev/null 2>ops.err
check_contains ops.err 'ops:team-a/rules.yaml: 3 YAML files hold Prometheus alerting rules (groups: with alert:) that cairn does not read: add paths: {alerts: ["*/*.yaml"]}'
"$CAIRN" build -c ops.yaml >/dev/null 2>ops2.err
check_contains ops2.err '3 YAML files hold Prometheus alerting rules'
# read as the warning says: no warning, three alerts
printf 'output: osite\ncache: ocache\nrepos:\n  - path: ops\n    paths: {alerts: ["*/*.yaml"]}\n' >ops.yaml
"$CAIRN" build -c ops.yaml >/dev/null 2>ops3.err
check_lacks ops3.err 'alerting rules'
check_file osite/alerts/downb/index.html
finish
