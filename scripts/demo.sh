#!/bin/sh
# demo: turns the demo organisation (examples/demo-org/repos/*) into real git
# repositories with a few weeks of history and deploy tags, writes a
# cairn.yaml for them, builds the site and says how to open it.
#
# Usage: scripts/demo.sh [--org-only] BUILD_DIR   (make demo: build/)
#
# Everything it writes is under BUILD_DIR/demo/, removed and rebuilt on each
# run.  Commit dates are relative to now (or to SOURCE_DATE_EPOCH when set),
# so the portal always shows recent activity; with SOURCE_DATE_EPOCH set,
# the repositories are the same byte for byte on any day (the golden files,
# tests/regress.sh, rely on it).  --org-only stops once the repositories,
# the deploy feed and cairn.yaml are written, without building the site.
set -eu

ORG_ONLY=
if [ "${1:-}" = --org-only ]; then
	ORG_ONLY=1
	shift
fi
if [ $# -ne 1 ]; then
	echo "usage: $0 [--org-only] BUILD_DIR" >&2
	exit 2
fi
TREE=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
BUILD=$(cd "$1" && pwd)
SRC=$TREE/examples/demo-org/repos
OUT=$BUILD/demo
WORK=$OUT/work
NOW=${SOURCE_DATE_EPOCH:-$(date +%s)}

# Git must not depend on whoever runs this: no global or system config,
# no signing, the same branch name everywhere.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
g() {
	git -c init.defaultBranch=main -c commit.gpgsign=false \
	    -c tag.gpgsign=false -c core.autocrlf=false -c core.fsync=none "$@"
}

# fmt EPOCH FORMAT: a UTC date (GNU date, else BSD date).
fmt() {
	date -u -d "@$1" "+$2" 2>/dev/null || date -u -r "$1" "+$2"
}

# ---- people -------------------------------------------------------------
# as NAME: the author (and committer) of the next commits.
as() {
	case $1 in
	alice) NAME='Alice Nguyen' MAIL=alice.nguyen TZ_=+0200 ;;
	ravi) NAME='Ravi Patel' MAIL=ravi.patel TZ_=+0100 ;;
	marta) NAME='Marta Kowalska' MAIL=marta.kowalska TZ_=+0100 ;;
	tomas) NAME='Tomás Silva' MAIL=tomas.silva TZ_=+0000 ;;
	priya) NAME='Priya Raman' MAIL=priya.raman TZ_=+0530 ;;
	jonas) NAME='Jonas Berg' MAIL=jonas.berg TZ_=+0100 ;;
	kemi) NAME='Kemi Adeyemi' MAIL=kemi.adeyemi TZ_=+0000 ;;
	sam) NAME='Sam Okafor' MAIL=sam.okafor TZ_=-0500 ;;
	lena) NAME='Lena Fischer' MAIL=lena.fischer TZ_=+0100 ;;
	diego) NAME='Diego Morales' MAIL=diego.morales TZ_=-0300 ;;
	hana) NAME='Hana Sato' MAIL=hana.sato TZ_=+0900 ;;
	ci) NAME='Acme CI' MAIL=ci TZ_=+0000 ;;
	*) echo "demo: unknown person $1" >&2; exit 2 ;;
	esac
	MAIL=$MAIL@acme.example
}

# ---- history ------------------------------------------------------------
# repo NAME: start a fresh working tree for the source folder NAME.
repo() {
	R=$1
	W=$WORK/$R
	mkdir -p "$W"
	g init -q "$W"
}

# at DAYS_AGO HH:MM: the time (UTC) of the next commit.
at() {
	h=${2%%:*}
	m=${2#*:}
	T=$(( (NOW / 86400 - $1) * 86400 + ${h#0} * 3600 + ${m#0} * 60 ))
}

# record MESSAGE: commit everything staged in the current repo, at T.
record() {
	GIT_AUTHOR_NAME=$NAME GIT_AUTHOR_EMAIL=$MAIL \
	GIT_COMMITTER_NAME=$NAME GIT_COMMITTER_EMAIL=$MAIL \
	GIT_AUTHOR_DATE="$T $TZ_" GIT_COMMITTER_DATE="$T $TZ_" \
		g -C "$W" commit -q -m "$1"
}

# add MESSAGE PATH...: copy PATHs (files or folders) from the source folder
# into the working tree and commit them (running $BEFORE_COMMIT, when set,
# before committing).
add() {
	msg=$1
	shift
	for p in "$@"; do
		mkdir -p "$W/$(dirname "$p")"
		cp -R "$SRC/$R/$p" "$W/$(dirname "$p")/"
	done
	${BEFORE_COMMIT:-:}
	g -C "$W" add -A
	record "$msg"
}

# draft MESSAGE PATH SED: add PATH as an earlier version of itself (SED
# applied), so that a later `add` of the real file is a small edit.
draft() {
	mkdir -p "$W/$(dirname "$2")"
	sed "$3" "$SRC/$R/$2" >"$W/$2"
	g -C "$W" add -A
	record "$1"
}

# change MESSAGE: a release note on top of CHANGELOG.md, committed.
change() {
	f=$W/CHANGELOG.md
	{
		printf '# Changelog\n\n## %s\n\n- %s\n\n' "$(fmt "$T" %Y-%m-%d)" "$1"
		if [ -f "$f" ]; then sed '1,2d' "$f"; fi
	} >"$f.new"
	mv "$f.new" "$f"
	g -C "$W" add CHANGELOG.md
	record "$1"
}

# deploy ENV MINUTES [WHO]: tag HEAD deploy/ENV/<UTC time of the deploy>,
# MINUTES after the last commit; annotated by WHO when given, else a
# lightweight tag.
deploy() {
	t=$((T + $2 * 60))
	tag=deploy/$1/$(fmt "$t" %Y%m%d-%H%M)
	if [ $# -ge 3 ]; then
		as "$3"
		GIT_COMMITTER_NAME=$NAME GIT_COMMITTER_EMAIL=$MAIL \
		GIT_COMMITTER_DATE="$t $TZ_" \
			g -C "$W" tag -a -m "Deploy $R to $1" \
			-m "pipeline: https://ci.acme.internal/$R/$((t % 9000 + 1000))" "$tag"
	else
		g -C "$W" tag "$tag"
	fi
}

# finish: the last commit must leave the tree equal to the source folder.
finish() {
	cp -R "$SRC/$R/." "$W/"
	if [ -n "$(g -C "$W" status --porcelain)" ]; then
		echo "demo: $R: files not added by its history (added now)" >&2
		g -C "$W" add -A
		record "Add remaining files"
	fi
}

# refunds_list: puts GET /payments/{id}/refunds back into payments-api's
# openapi.yaml in the working tree (the operation its history removes on
# the default branch, not yet deployed: what the API page's "Changes not
# yet in production" shows).
refunds_list() {
	awk '{ print } /^  \/payments\/\{id\}\/refunds:$/ { while ((getline l < "/dev/stdin") > 0) print l }' \
		"$W/openapi.yaml" >"$W/openapi.yaml.new" <<'EOF_OP'
    get:
      tags: [refunds]
      operationId: listRefunds
      summary: List the refunds of a payment
      parameters:
        - $ref: '#/components/parameters/PaymentId'
      responses:
        '200':
          description: Refunds, newest first.
          content:
            application/json:
              schema:
                type: object
                properties:
                  refunds:
                    type: array
                    items:
                      $ref: '#/components/schemas/Refund'
EOF_OP
	mv "$W/openapi.yaml.new" "$W/openapi.yaml"
}

# oncall_rotation FILE: payments-api's on-call rotation (docs/oncall.md),
# its dates relative to NOW so that its override is always under way: a
# weekly rotation from a Monday about four weeks ago, and Marta on call
# from yesterday 18:00 to the hand-off time the day after tomorrow.
oncall_rotation() {
	d=$((NOW / 86400 - 28))
	monday=$((d - (d + 3) % 7))
	cat >"$1" <<EOF
name: Payments primary
timezone: Europe/Berlin
members: [alice, ravi, marta, tomas]
shift_days: 7
handoff:
  day: monday
  time: "09:00"
start: $(fmt $((monday * 86400)) %Y-%m-%d)
overrides:
  - member: marta
    start: $(fmt $(((NOW / 86400 - 1) * 86400)) %Y-%m-%d)T18:00
    end: $(fmt $(((NOW / 86400 + 2) * 86400)) %Y-%m-%d)
escalation: [payments-lead, vp-engineering]
url: https://acme.pagerduty.com/schedules/PAYPRI1
EOF
}

rm -rf "$OUT"
mkdir -p "$OUT/repos" "$OUT/remote" "$WORK"

# ---- payments-api: busy, staging ahead of production --------------------
repo payments-api
as alice; at 35 09:12
BEFORE_COMMIT=refunds_list
add "Initial import: README, catalog entry and API description" \
	README.md catalog-info.yaml .github/CODEOWNERS openapi.yaml docs/img
BEFORE_COMMIT=
add "Dependency manifests and lock files" pom.xml
as ravi; at 34 14:30
draft "Add runbook for a high error rate" docs/runbooks/high-error-rate.md \
	's/--replicas=12/--replicas=8/'
as alice; at 33 10:05
change "Captures in several parts for split shipments"
deploy staging 25 ci
deploy production 1460 alice
as marta; at 30 11:40
add "Document the architecture and local development" \
	docs/architecture.md docs/local-development.md
as tomas; at 28 16:20
add "Add runbook for a payment provider outage" docs/runbooks/psp-outage.md
as ravi; at 27 10:00
add "RFC 0007: idempotency keys; ADR 1: advisory locks for captures" \
	docs/rfcs/0007-idempotency-keys.md docs/adr
as alice; at 24 09:30
change "Require an Idempotency-Key header on POST /refunds (RFC 0007)"
deploy staging 30 ci
deploy production 1445 alice
as marta; at 21 15:10
add "Post-mortem: duplicate refunds on 14 September" docs/postmortems
as tomas; at 17 13:45
add "Add runbook for refunds stuck in pending" docs/runbooks/refunds-stuck-pending.md
add "Alerting rules as a PrometheusRule resource" deploy/prometheus
as ravi; at 14 10:20
add "Runbook: scale to 12 replicas, 8 was not enough on sale day" \
	docs/runbooks/high-error-rate.md
as alice; at 10 11:00
change "Version 2.4.0: refunds list newest first, reason is required"
deploy staging 20 ci
deploy production 1500 alice
as tomas; at 6 14:05
add "RFC 0009: partial refunds across several captures" docs/rfcs/0009-partial-refunds.md
as ravi; at 3 10:30
change "Answer 409 instead of 500 when a refund exceeds the captured amount"
deploy staging 25
as alice; at 2 11:00
oncall_rotation "$W/oncall.yaml"
g -C "$W" add oncall.yaml
record "On call: a weekly rotation, Marta covers for Ravi this week"
as marta; at 1 16:40
change "Log idempotency key reuse with the client id"
as tomas; at 1 17:10
add "SLO for availability; the debt we carry" slos docs/tech-debt
as alice; at 1 17:30
add "Remove GET /payments/{id}/refunds" openapi.yaml
finish

# ---- ledger: served as a bare repository through a file:// URL ----------
repo ledger
as marta; at 36 10:00
add "Initial import of the ledger service docs" \
	README.md catalog-info.yaml CODEOWNERS proto docs/img
add "Dependency manifests and lock files" pom.xml
as ravi; at 31 15:45
add "Add runbook for the ledger imbalance alert" docs/runbooks/ledger-imbalance.md
as marta; at 29 09:20
add "RFC 0003: monthly partitions; document retention" \
	docs/rfcs docs/data-retention.md
change "Journal tables partitioned by month"
deploy staging 40 marta
deploy production 2900 marta
# the register's first lines, a month before the rest (its items carry no
# created: date: their age is git's)
as ravi; at 28 16:00
draft "Start a technical debt register" TECH_DEBT.md \
	'/Month-end/d;/^## Prudent/,$d'
as marta; at 19 13:10
add "Add runbook for replica lag" docs/runbooks/replica-lag.md
as ravi; at 17 09:05
add "Add runbook for the LedgerDriftHigh alert" docs/runbooks/LedgerDriftHigh.md
add "Alerting rules: drift, replica lag, trial balance" prometheus
as marta; at 16 10:35
add "Post-mortem: stale balances during month-end" docs/postmortems
as ravi; at 12 14:15
change "PostEntry rejects entries that mix currencies in one posting"
deploy staging 30 ci
deploy production 1410 ravi
as marta; at 5 11:50
change "GetBalance answers from the primary when at_unix is recent"
deploy staging 15 ci
deploy production 190 ci
as priya; at 4 10:00
add "Write down our technical debt" TECH_DEBT.md
finish

# ---- checkout-web: deploys often ----------------------------------------
repo checkout-web
as lena; at 34 09:40
add "Initial import: README and catalog entry" \
	README.md catalog-info.yaml docs/CODEOWNERS docs/img
add "Dependency manifests and lock files" package.json package-lock.json
as diego; at 33 13:30
add "Document the release process" docs/release-process.md
change "Address step remembers the last delivery address"
deploy staging 15 ci
deploy production 120 ci
as hana; at 30 10:10
change "Apple Pay button on the payment step"
deploy staging 15 ci
deploy production 180 ci
as diego; at 26 15:00
change "Basket shows delivery estimates"
deploy staging 12 ci
deploy production 1200 ci
as hana; at 22 11:25
add "RFC 0003: one-click checkout (rejected)" docs/rfcs/0003-one-click-checkout.md
as lena; at 15 09:55
change "Update payment widgets to 4.2"
deploy staging 15 ci
deploy production 95 ci
as diego; at 11 12:40
change "Dependency updates (regex library 3.0)"
deploy staging 20 ci
deploy production 25 ci
as lena; at 9 10:15
add "Post-mortem: blank checkout page for Safari 16" docs/postmortems
as lena; at 8 16:05
add "Add runbook for a checkout conversion drop" docs/runbooks
as hana; at 5 14:50
add "RFC 0002: render the basket on the server (draft)" \
	docs/rfcs/0002-server-side-rendering.md
as lena; at 3 10:20
add "Contract tests with the payments API (Pact)" pacts
as diego; at 2 11:30
change "Pay button copy experiment (checkout.pay-button-copy)"
deploy staging 18 ci
as lena; at 1 09:20
add "SLO for checkout page success" checkout.openslo.yaml
finish

# ---- auth-service -------------------------------------------------------
repo auth-service
as priya; at 35 08:30
add "Initial import: README, catalog entry, API and ADR 1" \
	README.md catalog-info.yaml .github/CODEOWNERS openapi.yaml docs/img \
	docs/adr/0001-record-architecture-decisions.md
add "Dependency manifests and lock files" pom.xml
as jonas; at 32 14:00
add "ADR 2: sign access tokens with ES256" docs/adr/0002-es256-access-tokens.md
as priya; at 30 10:45
add "Add runbook for rotating the signing key" docs/runbooks/signing-key-rotation.md
change "ES256 access tokens; HS256 still accepted until 2026-12-31"
deploy staging 30 priya
deploy production 2860 priya
as jonas; at 25 09:15
add "Post-mortem: expired JWKS certificate (from the incident doc)" docs/postmortems
as kemi; at 18 15:30
add "Add runbook for elevated 401s" docs/runbooks/elevated-401s.md
change "Verifiers keep a stale key set for an hour when the JWKS is unreachable"
deploy staging 20 ci
deploy production 1390 kemi
as priya; at 7 11:05
change "Refresh token rotation on every use"
deploy staging 15 ci
deploy production 240 ci
finish

# ---- api-gateway: a bare repository among the working trees -------------
repo api-gateway
as sam; at 33 16:00
add "Initial import: README, catalog entry, configuration reference" \
	README.md catalog-info.yaml CODEOWNERS docs/img docs/config-reference.md
add "Dependency manifests and lock files" go.mod
as sam; at 29 15:20
add "Add runbook for a 5xx spike" docs/runbooks/5xx-spike.md
change "Retries only on routes that declare an idempotency header"
deploy staging 20 sam
deploy production 1380 sam
as priya; at 23 10:30
add "Decision record: Envoy as the data plane" docs/decisions
as sam; at 20 17:10
add "RFC 0012: per-tenant rate limits; runbook for tuning limits" \
	docs/rfcs docs/runbooks/rate-limit-tuning.md
as sam; at 13 14:40
change "Per-tenant rate limits (RFC 0012) with RateLimit headers"
deploy staging 25 ci
deploy production 2890 sam
as priya; at 4 09:50
change "Envoy 1.36"
deploy staging 20 ci
deploy production 300 ci
finish

# ---- engagement: a monorepo with two services ----------------------------
repo engagement
as diego; at 35 13:00
add "Initial import of notifications and search" \
	README.md catalog-info.yaml .github/CODEOWNERS notifications search/README.md docs/img
add "Dependency manifests and lock files" search/package.json search/package-lock.json
as lena; at 31 10:20
add "Runbook for the notification backlog; RFC 0004" \
	docs/runbooks/notifications-queue-backlog.md \
	docs/rfcs/0004-notification-preferences.md
as lena; at 27 14:45
add "RFC 0006: preference center (supersedes RFC 0004)" \
	docs/rfcs/0006-preference-center.md
change "notifications: preferences per category and channel"
deploy staging 35 lena
deploy production 1520 lena
as diego; at 22 09:05
add "Post-mortem draft: duplicate push notifications" docs/postmortems
as diego; at 15 16:30
add "search: reindex runbook and relevance tuning notes" \
	search/docs
as hana; at 9 10:40
change "search: synonyms for sizes (XL, extra large)"
deploy staging 15 ci
deploy production 1440 ci
as lena; at 2 15:15
change "notifications: de-duplicate push sends per customer and channel"
deploy staging 20 ci
finish

# ---- feature-flags: no catalog entry, never deployed to production -------
repo feature-flags
as jonas; at 30 11:00
add "Initial import: README and code owners" README.md CODEOWNERS docs/img
add "Dependency manifests and lock files" Cargo.lock
as kemi; at 26 14:25
add "Add runbook" RUNBOOK.md
change "flagctl history and revert"
deploy staging 30 kemi
as jonas; at 12 10:50
add "Document flag naming and removal" docs/flag-naming.md
change "flagctl lint lists flags past their remove_by date"
deploy staging 25 ci
finish

# ---- where the repositories end up --------------------------------------
for r in payments-api checkout-web auth-service engagement feature-flags; do
	mv "$WORK/$r" "$OUT/repos/$r"
done
g clone -q --bare "$WORK/api-gateway" "$OUT/repos/api-gateway.git"
g clone -q --bare "$WORK/ledger" "$OUT/remote/ledger.git"
rm -rf "$WORK"

# A deploy feed as CI would write it: what the tags cannot say (a deploy
# that failed, one rolled back, links to the pipeline runs).
feed_record() { # feed_record SERVICE ENV REPO TAG STATUS ACTOR MINUTES_AFTER
	c=$(git -C "$OUT/repos/$3" rev-parse "$4^{commit}" 2>/dev/null) || return 0
	t=$(git -C "$OUT/repos/$3" log -1 --format=%ct "$4^{commit}")
	cat <<EOF2
- service: $1
  environment: $2
  commit: $c
  time: $(date -u -d "@$((t + $7 * 60))" +%Y-%m-%dT%H:%M:%SZ)
  actor: $6
  status: $5
  url: https://ci.acme.internal/$1/$((t % 9000 + 1000))
EOF2
}
last_tag() { git -C "$OUT/repos/$1" tag --list "deploy/$2/*" --sort=-creatordate | head -n 1; }
{
	echo "# Deploy records from CI, merged with the deploy tags (scripts/demo.sh)."
	feed_record payments-api staging payments-api "$(last_tag payments-api staging)" succeeded ci 5
	feed_record payments-api production payments-api "$(last_tag payments-api production)" succeeded alice 8
	feed_record checkout-web production checkout-web "$(last_tag checkout-web production)" rolled_back ci 30
	feed_record auth-service staging auth-service "$(last_tag auth-service staging)" failed ci 12
} >"$OUT/deploys-feed.yaml"

# An SLO status feed as the SLO pipeline would write it: payments burns
# its error budget fast (a 5xx spike an hour ago), checkout is fine.
slo_time() { fmt $(( NOW / 3600 * 3600 - $1 * 3600 )) %Y-%m-%dT%H:%M:%SZ; }
cat >"$OUT/slos-feed.yaml" <<EOF2
# SLO status records from the SLO pipeline (scripts/demo.sh).
slos:
  - slo: payments-availability
    service: payments-api
    time: $(slo_time 7)
    sli: 0.9995
    burn_rate: {1h: 0.6, 6h: 0.8}
    budget_remaining: 0.71
  - slo: payments-availability
    service: payments-api
    time: $(slo_time 1)
    sli: 0.9991
    burn_rate: {1h: 14.4, 6h: 6.2}
    budget_remaining: 0.18
  - slo: checkout-page-success
    service: checkout-web
    time: $(slo_time 1)
    sli: 0.9978
    burn_rate: {1h: 0.3, 6h: 0.5}
    budget_remaining: 0.64
EOF2

cat >"$OUT/cairn.yaml" <<EOF
# The demo portal, written by scripts/demo.sh.  Paths are relative to this file.
title: Acme Engineering Portal
base_url: ""
output: site
content: $TREE/content
cache: cache
environments: [staging, production]
pagerduty_url: https://acme.pagerduty.com
deploys:
  feed: deploys-feed.yaml
slos:
  feed: slos-feed.yaml
repos:
  - glob: repos/*          # working trees and bare repos
  - url: file://$OUT/remote/ledger.git
    branch: main
EOF

echo "demo: repositories in $OUT/repos and $OUT/remote"
[ -z "$ORG_ONLY" ] || exit 0
if [ ! -x "$BUILD/cairn" ]; then
	echo "demo: $BUILD/cairn not found: build it first (make)" >&2
	exit 1
fi
status=0
"$BUILD/cairn" build -c "$OUT/cairn.yaml" || status=$?
if [ "$status" -ge 2 ]; then
	echo "demo: cairn build failed (exit status $status)" >&2
	exit "$status"
fi
if [ "$status" -eq 1 ]; then
	echo "demo: the site was built; the diagnostics above are about the input"
fi
cat <<EOF

The demo portal is in $OUT/site
  open it from disk:  file://$OUT/site/index.html
  or serve it:        python3 -m http.server --directory $OUT/site 8000
                      then browse http://localhost:8000/
EOF
