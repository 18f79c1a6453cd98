# Alerts → runbooks: Prometheus rule files in several places of real git
# repositories (a *.rules.yaml file, alerts/ and prometheus/ folders, a
# PrometheusRule resource, an alerts kind of paths:), each alert linked to
# its runbook (a web URL of another crawled repository's file, a relative
# path, a runbook named after the alert), the warning for an alert with no
# runbook, the pages and alerts.json.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

# ops: the runbooks, on GitHub as acme/ops
mkdir -p ops/docs/runbooks
cat >ops/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ops
  annotations:
    github.com/project-slug: acme/ops
spec: { type: service, owner: group:sre, lifecycle: production }
YAML
printf '# Kube pod crash looping\n\nRestart it.\n' >ops/docs/runbooks/KubePodCrashLooping.md
printf '# Disk almost full\n\nDelete old logs.\n' >ops/docs/runbooks/disk.md
# a PrometheusRule manifest named as kube-prometheus names them (read by
# the defaults), and a Helm chart's template of one (not read, not reported)
mkdir -p ops/manifests ops/chart/templates
cat >ops/manifests/ops-prometheusRule.yaml <<'YAML'
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: ops }
spec:
  groups:
    - name: ops
      rules:
        - alert: OpsDiskManifest
          expr: disk_free < 0.05
          labels: { severity: page }
          annotations: { runbook_url: ../docs/runbooks/disk.md }
YAML
cat >ops/chart/templates/prometheusrule.yaml <<'YAML'
{{- if .Values.rules }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
{{ toYaml .Values.rules | indent 4 }}
{{- end }}
YAML
make_repo ops

# ledger: rules in three places, a malformed file, a Prometheus config
mkdir -p ledger/docs/runbooks ledger/deploy/prometheus ledger/alerts/extra ledger/monitoring
cat >ledger/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, owner: group:payments, lifecycle: production }
YAML
printf '# Ledger\n' >ledger/README.md
printf '# Drift between journal and cache\n' >ledger/docs/runbooks/drift.md
cat >ledger/ledger.rules.yaml <<'YAML'
groups:
  - name: ledger
    rules:
      - alert: LedgerDriftHigh
        expr: ledger_drift > 0
        for: 10m
        labels: { severity: page }
        annotations:
          summary: Balances <b>drift</b>
          runbook_url: docs/runbooks/drift.md
      - alert: DiskAlmostFull
        expr: disk_free < 0.1
        labels: { severity: ticket }
        annotations:
          runbook_url: https://github.com/acme/ops/blob/main/docs/runbooks/disk.md#steps
YAML
cat >ledger/deploy/prometheus/rules.yaml <<'YAML'
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: ledger }
spec:
  groups:
    - name: kube
      rules:
        - alert: KubePodCrashLooping
          expr: kube_pod_restarts > 3
          labels: { severity: page }
        - alert: LedgerNobodyWroteThis
          expr: up == 0
          labels: { severity: ticket }
YAML
cat >ledger/deploy/prometheus/prometheus.yml <<'YAML'
global: { scrape_interval: 15s }
scrape_configs: [{ job_name: ledger }]
YAML
printf 'groups:\n  - name: x\n    rules: [ {alert: Broken\n' >ledger/alerts/extra/broken.yaml
cat >ledger/monitoring/custom.yaml <<'YAML'
groups:
  - name: custom
    rules:
      - alert: CustomPlaceAlert
        expr: vector(1)
        annotations: { runbook_url: ../docs/runbooks/drift.md }
YAML
make_repo ledger
# pager: a repository of alerts alone, as an operations team keeps them
# (wikimedia/operations-alerts): runbooks on a wiki, the team as a label
mkdir -p pager/team-storage
printf '# Alerts\n' >pager/README.md
cat >pager/team-storage/alerts.rules.yaml <<'YAML'
groups:
  - name: storage
    rules:
      - alert: SwiftDiskFailing
        expr: swift_disk_errors > 0
        labels: { severity: page, team: storage-oncall }
        annotations:
          runbook: https://wiki.example.org/wiki/Swift/Disks
      - alert: SreOwnedByLabel
        expr: up == 0
        labels: { team: SRE }
        annotations:
          runbook_url: https://github.com/acme/ops/blob/main/docs/runbooks/gone.md
      - alert: TodoRunbook
        expr: up == 0
        annotations: { runbook: TODO }
      - alert: SwiftProxyDown
        expr: up{job="swift-proxy"} == 0
        annotations:
          runbook_url: https://github.com/acme/pager/blob/main/docs/runbooks/swift-proxy.md
YAML
mkdir -p pager/docs/runbooks
printf '# Swift proxy down\n\nRestart it.\n' >pager/docs/runbooks/swift-proxy.md
make_repo pager
# no catalog entry names its web address: its origin does
(cd pager && $G remote add origin git@github.com:acme/pager.git)
printf 'output: site\nrepos:\n  - path: ops\n  - path: ledger\n    paths:\n      alerts: ["**/*.rules.yaml", "deploy/**/*.yaml", "alerts/**/*.yaml", "monitoring/*.yaml"]\n  - path: pager\n' >cairn.yaml

test_begin build
"$CAIRN" build >out 2>&1
check 'exit 0: alerts without runbooks are warnings' test $? -eq 0
check_contains out 'ledger:deploy/prometheus/rules.yaml:11: alert "LedgerNobodyWroteThis" has no runbook'
check_contains out 'ledger:alerts/extra/broken.yaml:'
check_lacks out 'prometheus.yml'
check_lacks out 'prometheusrule.yaml'
check_lacks out 'LedgerDriftHigh'
check_lacks out 'KubePodCrashLooping'
# a runbook on a wiki is the alert's runbook: no warning; a web address in
# a crawled repository that names no document of it, and "TODO", are
check_lacks out 'SwiftDiskFailing'
check_contains out 'pager:team-storage/alerts.rules.yaml:9: alert "SreOwnedByLabel" has no runbook: its runbook_url "https://github.com/acme/ops/blob/main/docs/runbooks/gone.md" is not a document of a crawled repository'
check_contains out 'pager:team-storage/alerts.rules.yaml:14: alert "TodoRunbook" has no runbook: its runbook_url "TODO"'

test_begin pages
check_file site/alerts/index.html
check_file site/alerts/ledgerdrifthigh/index.html
check_file site/alerts/customplacealert/index.html
check_contains site/alerts/ledgerdrifthigh/index.html 'href="../../services/ledger/docs/runbooks/drift/"'
check_contains site/alerts/ledgerdrifthigh/index.html 'Balances &lt;b&gt;drift&lt;/b&gt;'
check_contains site/alerts/ledgerdrifthigh/index.html 'ledger_drift &gt; 0'
# the section its runbook_url names is kept (the page, the index, the service)
check_contains site/alerts/diskalmostfull/index.html 'href="../../services/ops/docs/runbooks/disk/#steps"'
check_contains site/alerts/index.html 'href="../services/ops/docs/runbooks/disk/#steps"'
check_contains site/services/ledger/index.html 'href="../ops/docs/runbooks/disk/#steps"'
check_contains site/alerts/ledgerdrifthigh/index.html 'href="../../services/ledger/docs/runbooks/drift/"'
check_contains site/alerts/kubepodcrashlooping/index.html 'href="../../services/ops/docs/runbooks/kubepodcrashlooping/"'
check_contains site/alerts/ledgernobodywrotethis/index.html 'No runbook found'
check_contains site/alerts/customplacealert/index.html 'docs/runbooks/drift/'
check_contains site/alerts/index.html 'data-runbook="no"'
check_contains site/services/ledger/index.html 'LedgerDriftHigh'
check_contains site/services/ops/docs/runbooks/disk/index.html 'DiskAlmostFull'
check_contains site/services/ops/docs/runbooks/disk/index.html 'href="../../../../../alerts/diskalmostfull/"'

test_begin runbooks_outside_and_team_labels
P=site/alerts/swiftdiskfailing/index.html
check_contains $P '<a href="https://wiki.example.org/wiki/Swift/Disks">wiki.example.org/wiki/Swift/Disks</a> <span class="desc">(found by its runbook_url: a page outside the portal)</span>'
check_lacks $P 'No runbook found'
check_contains $P "storage-oncall <span class=\"desc\">(the rule's team label"
check_contains site/alerts/index.html 'href="https://wiki.example.org/wiki/Swift/Disks"'
check_contains site/services/pager/index.html 'href="https://wiki.example.org/wiki/Swift/Disks"'
# a label naming a team of the portal (case aside) is the alert's team
check_contains site/alerts/sreownedbylabel/index.html 'href="../../teams/sre/"'
check_contains site/alerts/sreownedbylabel/index.html 'No runbook found'
check_contains site/alerts/todorunbook/index.html 'no owner known'
# its web address from the remote "origin" (git@github.com:acme/pager.git)
check_contains site/alerts/swiftproxydown/index.html 'href="../../services/pager/docs/runbooks/swift-proxy/"'

test_begin json
check 'alerts.json: six alerts, one without a runbook' python3 -c '
import json
d = json.load(open("site/alerts.json"))["alerts"]
names = sorted(a["name"] for a in d if a["repo"] != "pager")
assert names == ["CustomPlaceAlert", "DiskAlmostFull", "KubePodCrashLooping", "LedgerDriftHigh", "LedgerNobodyWroteThis", "OpsDiskManifest"], names
p = {a["name"]: a for a in d if a["repo"] == "pager"}
assert p["SwiftDiskFailing"]["runbook"] is None and p["SwiftDiskFailing"]["runbook_external"] == "https://wiki.example.org/wiki/Swift/Disks", p
assert p["SwiftDiskFailing"]["team"] is None and p["SwiftDiskFailing"]["team_label"] == "storage-oncall", p
assert p["SreOwnedByLabel"]["team"] == "sre" and p["SreOwnedByLabel"]["runbook_external"] is None, p
d = [a for a in d if a["repo"] != "pager"]
o = [a for a in d if a["name"] == "OpsDiskManifest"][0]
assert o["path"] == "manifests/ops-prometheusRule.yaml" and o["runbook"]["path"] == "docs/runbooks/disk.md", o
none = [a["name"] for a in d if a["runbook"] is None]
assert none == ["LedgerNobodyWroteThis"], none
w = [a for a in d if a["name"] == "DiskAlmostFull"][0]
assert w["runbook"]["url"].endswith("services/ops/docs/runbooks/disk/#steps"), w
k = [a for a in d if a["name"] == "KubePodCrashLooping"][0]
assert k["runbook"]["repo"] == "ops" and k["service"] == "ledger" and k["team"] == "payments", k
'

test_begin rebuild
"$CAIRN" build >out2 2>&1
check 'a second build says the warning again' grep -qF 'LedgerNobodyWroteThis' out2

test_begin check_lints_rule_files
# the working tree alone: its own runbooks, its .cairn.yaml's alerts kind
printf 'paths:\n  alerts: ["**/*.rules.yaml", "deploy/**/*.yaml", "alerts/**/*.yaml", "monitoring/*.yaml"]\n' >ledger/.cairn.yaml
"$CAIRN" check ledger >cout 2>&1
check 'check: warnings only, exit 0' test $? -eq 0
check_contains cout 'ledger/deploy/prometheus/rules.yaml:11: alert "LedgerNobodyWroteThis" has no runbook: add annotations.runbook_url'
check_contains cout 'ledger/deploy/prometheus/rules.yaml:8: alert "KubePodCrashLooping" has no runbook'
check_contains cout 'ledger/alerts/extra/broken.yaml:4: '
check_contains cout "the file's alerts are not read"
check_lacks cout 'LedgerDriftHigh'
check_lacks cout 'DiskAlmostFull'
check_lacks cout 'CustomPlaceAlert'
check_lacks cout 'prometheus.yml'
check_contains cout '4 alert rule files'
"$CAIRN" check --strict ledger >/dev/null 2>&1
check 'check --strict: exit 1 on an alert without a runbook' test $? -eq 1
# a runbook named after the alert, in any folder the build reads runbooks from
printf '# Ledger nobody wrote this\n' >ledger/docs/runbooks/LedgerNobodyWroteThis.md
printf -- '---\ntitle: KubePodCrashLooping\n---\nRestart.\n' >ledger/docs/runbooks/restarts.md
"$CAIRN" check ledger >cout 2>&1
check_lacks cout 'has no runbook'
finish
