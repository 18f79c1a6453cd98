# On-call rotations beyond the repository's root (issue 20): the oncall
# kind's default places (.cairn/oncall.yaml, docs/oncall.yaml,
# oncall/*.yaml, a service's folder), a file that names its service, a
# monorepo's service folders, an oncall kind in paths:, files left unused
# said so; and `cairn check` linting rotation files.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1773039600 # 2026-03-09T07:00:00Z, a Monday

# rotation FILE MEMBERS [EXTRA]: a weekly rotation
rotation() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<YAML
timezone: UTC
members: [$2]
handoff: {day: monday, time: "09:00"}
start: 2026-03-02
escalation: lead
${3:-}
YAML
}

# --- shop: two services at the root; the repository's rotation in
# .cairn/oncall.yaml, the worker's in oncall/worker.yaml (service:), one
# more file that nobody uses
mkdir -p shop
cat >shop/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shop-api}
spec: {type: service, owner: shop}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shop-worker}
spec: {type: service, owner: shop}
YAML
echo '# Shop' >shop/README.md
rotation shop/.cairn/oncall.yaml "amy, ben"
rotation shop/oncall/worker.yaml "wes, wim" "service: shop-worker"
rotation shop/oncall/zzz.yaml "zed"
make_repo shop

# --- mono: a monorepo whose services keep their rotations in their
# folders; docs/oncall.yaml is the repository's
mkdir -p mono/services/a mono/services/b mono/docs
for n in a b; do
	cat >mono/services/$n/catalog-info.yaml <<YAML
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: mono-$n}
spec: {type: service, owner: mono}
YAML
done
echo '# Mono' >mono/README.md
rotation mono/services/a/oncall.yaml "ann"
rotation mono/docs/oncall.yaml "doc"
make_repo mono

# --- ops: its rotation where its .cairn.yaml says
mkdir -p ops/rota
echo '# Ops' >ops/README.md
printf 'paths:\n  oncall: [rota/primary.yml]\n' >ops/.cairn.yaml
rotation ops/rota/primary.yml "olga"
rotation ops/oncall.yaml "ignored"
make_repo ops

cat >cairn.yaml <<'YAML'
output: site
repos:
  - path: shop
  - path: mono
  - path: ops
YAML

test_begin build
"$CAIRN" build >out 2>&1
check "exit 0" test $? -eq 0
check_contains site/services/shop-api/index.html 'data-oncall-field="now">amy</strong>'
check_contains site/services/shop-api/index.html '<code>.cairn/oncall.yaml</code>'
check_contains site/services/shop-worker/index.html 'data-oncall-field="now">wes</strong>'
check_contains site/services/shop-worker/index.html '<code>oncall/worker.yaml</code>'
check_contains out 'shop:oncall/zzz.yaml:1: on-call rotation is not used: .cairn/oncall.yaml is the repository'"'"'s'
check_contains site/services/mono-a/index.html 'data-oncall-field="now">ann</strong>'
check_contains site/services/mono-b/index.html 'data-oncall-field="now">doc</strong>'
check_contains site/services/ops/index.html 'data-oncall-field="now">olga</strong>'
check_lacks site/services/ops/index.html 'ignored'

test_begin a_service_the_repository_lacks
rotation shop/oncall/worker.yaml "wes" "service: shop-wrker"
commit_all shop "typo"
"$CAIRN" build >out 2>&1
check_contains out 'shop:oncall/worker.yaml:1: on-call rotation is for service "shop-wrker", which this repository does not declare'

test_begin check_lints_rotation_files
mkdir -p lint/oncall
cat >lint/oncall.yaml <<'YAML'
timezone: Europe/Atlantis
members: []
YAML
cat >lint/oncall/bad.yaml <<'YAML'
members: [a, b
YAML
cat >lint/oncall/times.yaml <<'YAML'
timezone: UTC
members: [a]
handoff: {day: someday, time: "25:00"}
escalation: lead
overrides:
  - {member: b, start: 2026-03-10, end: 2026-03-09}
YAML
cat >lint/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: lint}
spec:
  type: team
  oncall:
    timezone: Mars/Olympus
    members: [x]
    escalation: lead
YAML
"$CAIRN" check lint >out 2>err
check "exit 1: errors" test $? -eq 1
check_contains out 'lint/oncall.yaml:2:'
check_contains out 'members'
check_contains out 'lint/oncall/bad.yaml:2: on-call rotation is not valid YAML'
check_contains out 'lint/oncall/times.yaml:3:'
check_contains out 'lint/oncall/times.yaml:6: rotation override of "b" does not end'
check_contains out 'lint/catalog-info.yaml:7:'
check_contains out 'Mars/Olympus'
check_contains err '3 on-call files'

finish
