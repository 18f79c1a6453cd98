#!/bin/sh
# On call (issue 20), end to end with real git repositories: a
# repository's oncall.yaml, a Group's spec.oncall inherited by the team's
# services, bad fields reported at their file and line; the pages' answer
# at the build's time (SOURCE_DATE_EPOCH) before a hand-off and during an
# override; a rebuild later in time equals a fresh build; and, with
# chromium, tests/browser/oncall_site.mjs on the pages built.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

# --- pay: its own rotation in oncall.yaml (the shared "berlin" case)
mkdir -p pay
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
name: Payments primary
timezone: Europe/Berlin
members: [alice, bob, carol]
shift_days: 7
handoff: {day: monday, time: "09:00"}
start: 2026-03-02
overrides:
  - {member: dave, start: "2026-03-18T18:00", end: 2026-03-20}
escalation: [payments-lead, vp-eng]
url: https://oncall.example.com/payments
YAML
echo '# Pay' >pay/README.md
mkdir -p pay/docs/runbooks
printf '# Restart pay\n\nRestart it.\n' >pay/docs/runbooks/restart.md
make_repo pay

# --- teams: the Group's rotation; ledger has none of its own
mkdir -p teams
cat >teams/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
  oncall:
    timezone: UTC
    members: [erin, frank]
    handoff: tuesday 10:00
    start: 2026-03-03
    escalation: payments-lead
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
spec:
  type: service
  owner: group:payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken
spec:
  type: service
  owner: group:payments
  oncall:
    members: [gina]
    timezone: Europe/Berlin
    shift_dayz: 7
YAML
echo '# Ledger' >teams/README.md
make_repo teams

# --- odd: a rotation with bad fields, and one that is not YAML
mkdir -p odd bad
cat >odd/oncall.yaml <<'YAML'
members: [hal, ida]
timezone: Europe/Atlantis
overrides:
  - member: ida
    start: 2026-03-10
escalation: ops
YAML
echo '# Odd' >odd/README.md
make_repo odd
printf 'members: [a, b\n' >bad/oncall.yaml
echo '# Bad' >bad/README.md
make_repo bad

for d in live fresh; do
	mkdir -p "$d"
	cat >"$d/cairn.yaml" <<YAML
pagerduty_url: https://acme.pagerduty.com/
repos:
  - path: $TMP/pay
  - path: $TMP/teams
  - path: $TMP/odd
  - path: $TMP/bad
YAML
done

# build DIR EPOCH: builds DIR's site at that time
build() {
	( cd "$1" && SOURCE_DATE_EPOCH=$2 "$CAIRN" build -j 2 >out.txt 2>err.txt )
}

# 2026-03-09T07:00:00Z: Monday 08:00 in Berlin, an hour before a hand-off
build live 1773039600
S=live/site

test_begin diagnostics
check_contains live/err.txt "odd:oncall.yaml:1:"
check_contains live/err.txt "Europe/Atlantis"
# the zone is reported at its own line
check_contains live/err.txt 'odd:oncall.yaml:2: time zone "Europe/Atlantis"' 
check_contains live/err.txt "odd:oncall.yaml:4:"
check_contains live/err.txt "teams:catalog-info.yaml:"
check_contains live/err.txt "shift_dayz"
check_contains live/err.txt "bad:oncall.yaml:"
check_contains live/err.txt "not valid YAML"
check_file "$S/services/odd/index.html"

test_begin service_page
P=$S/services/pay/index.html
check_contains "$P" 'data-oncall="{&quot;v&quot;:1,&quot;zone&quot;:&quot;Europe/Berlin&quot;'
check_contains "$P" 'data-oncall-field="now">alice</strong>'
check_contains "$P" 'datetime="2026-03-09T08:00:00Z">Mon 2026-03-09 09:00 Europe/Berlin</time>, then <strong data-oncall-field="next">bob</strong>'
check_contains "$P" 'As of the build, <time datetime="2026-03-09T07:00:00Z">2026-03-09 07:00 UTC</time>'
check_contains "$P" '<li>payments-lead</li><li>vp-eng</li>'
check_contains "$P" 'href="https://oncall.example.com/payments"'
check_contains "$P" '<td>dave</td>'
check_contains "$P" 'From <code>pay</code>: <code>oncall.yaml</code>'
check_contains "$P" 'href="https://acme.pagerduty.com/service-directory/PPAY1">PagerDuty</a>'
check_contains "$P" 'assets/oncall.js'
check_lacks "$P" 'data-oncall-override'

# a runbook's panel names the rotation it links to
R=$S/services/pay/docs/runbooks/restart/index.html
check_contains "$R" '<a href="../../../#cairn-oncall">Payments primary</a>'
check_lacks "$R" 'As of the build'

test_begin inherited
P=$S/services/ledger/index.html
check_contains "$P" 'data-oncall-field="now">erin</strong>'
check_contains "$P" 'The rotation of <a href="../../teams/payments/">'
check_contains "$P" 'Tuesday 10:00, every 7 days (UTC)'
P=$S/services/broken/index.html
check_contains "$P" 'data-oncall-field="now">gina</strong>'
check_contains "$P" 'From <code>teams</code>: <code>catalog-info.yaml</code>'
P=$S/teams/payments/index.html
check_contains "$P" 'id="cairn-oncall"'
check_contains "$P" 'data-oncall-field="now">erin</strong>'
check_contains "$P" 'class="oncall-card"'
check_lacks "$S/services/bad/index.html" 'data-oncall='
check_lacks "$S/services/bad/index.html" 'assets/oncall.js'

test_begin home
check_contains "$S/index.html" 'On call: <strong data-oncall-field="now">alice</strong>'
check_contains "$S/index.html" 'On call: <strong data-oncall-field="now">erin</strong>'
check_contains "$S/index.html" 'assets/oncall.js'

# 2026-03-19T00:00:00Z: dave covers (the override), until Friday 09:00
test_begin override
build live 1773878400
P=$S/services/pay/index.html
check_contains "$P" 'data-oncall-override'
check_contains "$P" 'data-oncall-field="now">dave</strong>'
check_contains "$P" 'datetime="2026-03-20T08:00:00Z">Fri 2026-03-20 09:00 Europe/Berlin</time>, then <strong data-oncall-field="next">carol</strong>'

test_begin rebuild_equals_fresh
build fresh 1773878400
if diff -r -x .cairn-manifest -x .cairn-site live/site fresh/site >site.diff 2>&1; then
	pass "a rebuild ten days later equals a fresh build"
else
	fail "a rebuild ten days later differs from a fresh build: $(head -n 5 site.diff)"
fi

test_begin browser
if [ -d "$TOP/tests/browser/node_modules/playwright-core" ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
	command -v node >/dev/null 2>&1; then
	build live 1773039600
	if node "$TOP/tests/browser/oncall_site.mjs" "$TMP/live/site" >browser.txt 2>&1; then
		pass "the built pages in Chromium with a fixed clock ($(tail -n 1 browser.txt))"
	else
		fail "the built pages in Chromium: $(grep -E '^FAIL' browser.txt | head -n 5) $(tail -n 3 browser.txt)"
	fi
else
	echo "skipped: the browser test needs node, chromium and tests/browser/node_modules"
fi
finish
