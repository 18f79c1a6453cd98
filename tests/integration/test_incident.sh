#!/bin/sh
# The incident panel of runbook and alert pages: who is on call for the
# service now (the build's answer, no build time on the page) and its
# recent deploys.  A rebuild in the same shift writes no runbook page
# again; a new deploy tag or a hand-off changes the panel, and each rebuild
# equals a fresh build.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p pay/docs/runbooks pay/prometheus quiet/docs/runbooks
cat >pay/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pay
  annotations:
    pagerduty.com/service-id: PPAY1
spec:
  type: service
  owner: group:payments
YAML
cat >pay/oncall.yaml <<'YAML'
timezone: Europe/Berlin
members: [alice, bob, carol]
handoff: {day: monday, time: "09:00"}
start: 2026-03-02
YAML
printf '# Pay\n' >pay/README.md
printf '# High error rate\n\nCheck the <script>alert(1)</script> dashboard.\n' \
	>pay/docs/runbooks/PayErrors.md
cat >pay/prometheus/pay.rules.yaml <<'YAML'
groups:
  - name: pay
    rules:
      - alert: PayErrors
        expr: rate(errors[5m]) > 1
        labels: {severity: page}
        annotations: {summary: Too many errors}
YAML
make_repo pay "c1 initial"
tag() { # tag NAME DATE MESSAGE: an annotated deploy tag on a new commit
	( cd pay && echo "$3" >>CHANGELOG.md && $G add -A &&
	  GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" $G commit -q -m "$3" &&
	  GIT_COMMITTER_DATE="$2" GIT_COMMITTER_NAME="Deploy Bot" \
	  $G tag -a -m deploy "$1" )
}
tag deploy/production/1 "2026-03-05T10:00:00Z" "Retry the card network <em>twice</em>"
tag deploy/staging/1 "2026-03-08T10:00:00Z" "Log the PSP answer"
# quiet: a runbook, no rotation, no deploys
printf '# Quiet\n' >quiet/README.md
printf '# Restart it\n\nRestart.\n' >quiet/docs/runbooks/restart.md
make_repo quiet

for d in live fresh; do
	mkdir -p "$d"
	printf 'pagerduty_url: https://acme.pagerduty.com/\nenvironments: [staging, production]\nrepos:\n  - path: %s/pay\n  - path: %s/quiet\n' \
		"$TMP" "$TMP" >"$d/cairn.yaml"
done
build() { # build DIR EPOCH
	( cd "$1" && SOURCE_DATE_EPOCH=$2 "$CAIRN" build -j 2 >out.txt 2>err.txt )
}
# 2026-03-09T07:00:00Z: Monday 08:00 in Berlin, an hour before a hand-off
T1=1773039600
build live $T1
S=live/site
R=$S/services/pay/docs/runbooks/payerrors/index.html
A=$S/alerts/payerrors/index.html

test_begin runbook_page
check_file "$R"
check_contains "$R" 'class="incident-panel"'
check_contains "$R" 'On call and recent deploys of <a href="../../../">pay</a>'
check_contains "$R" 'On call: <strong data-oncall-field="now">alice</strong>'
check_contains "$R" 'datetime="2026-03-09T08:00:00Z">Mon 2026-03-09 09:00 Europe/Berlin</time>, then <strong data-oncall-field="next">bob</strong>'
check_contains "$R" '<a href="../../../#cairn-oncall">the rotation</a>'
check_contains "$R" 'href="https://acme.pagerduty.com/service-directory/PPAY1">PagerDuty</a>'
check_contains "$R" 'assets/oncall.js'
check_contains "$R" 'Log the PSP answer'
check_contains "$R" 'Retry the card network &lt;em&gt;twice&lt;/em&gt;'
check_lacks "$R" '<em>twice</em>'
check_lacks "$R" 'As of the build'
check_lacks "$R" '<script>alert(1)'
# the newest deploy first
if awk '/Log the PSP answer/ { s = NR } /Retry the card network/ { p = NR } END { exit !(s && p && s < p) }' "$R"; then
	pass "the staging deploy (newer) is listed before the production one"
else
	fail "deploys are not newest first on $R"
fi
Q=$S/services/quiet/docs/runbooks/restart/index.html
check_contains "$Q" 'No on-call rotation is known for quiet'
check_contains "$Q" 'No deploys of quiet in the last 14 days.'
check_lacks "$Q" 'assets/oncall.js'

test_begin alert_page
check_contains "$A" 'On call: <strong data-oncall-field="now">alice</strong>'
check_contains "$A" 'Log the PSP answer'
check_contains "$A" 'assets/oncall.js'

test_begin same_shift_rebuild_writes_no_runbook
touch -d "2020-01-01 00:00:00" "$R"
build live $((T1 + 600))
if [ "$(date -u -d @"$(stat -c %Y "$R")" +%Y)" != 2020 ]; then
	fail "ten minutes later, in the same shift, the runbook page was written again"
else
	pass "ten minutes later, in the same shift, the runbook page is kept"
fi

test_begin new_deploy_and_handoff
tag deploy/production/2 "2026-03-09T07:30:00Z" "Fix the refund rounding"
# 2026-03-09T09:00:00Z: after the 09:00 Berlin hand-off
build live $((T1 + 7200))
check_contains "$R" 'Fix the refund rounding'
check_contains "$R" 'On call: <strong data-oncall-field="now">bob</strong>'
check_contains "$A" 'Fix the refund rounding'
build fresh $((T1 + 7200))
if diff -r -x .cairn-manifest -x .cairn-site live/site fresh/site >site.diff 2>&1; then
	pass "the rebuild after a deploy and a hand-off equals a fresh build"
else
	fail "the rebuild differs from a fresh build: $(head -n 5 site.diff)"
fi
finish
