# `cairn check --config FILE`: a team's repository linted with the
# portal's house rules (tech_debt:, postmortems:) and paths:, as the
# build applies them; the defaults without it; standard error says which
# rules were used.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800 # 2026-11-20T00:00:00Z

mkdir -p team/docs/postmortems team/ops
cat >team/TECH_DEBT.md <<'EOF2'
# Debt

- [ ] Retry loop swallows errors #reckless @ravi created:2026-10-31
EOF2
cat >team/ops/debt.md <<'EOF2'
---
title: Hand-written SQL migrations
kind: reckless
---
EOF2
cat >team/docs/postmortems/2026-11-01-outage.md <<'EOF2'
---
title: Outage
date: 2026-11-01
---
## Action items
- [ ] One @a due:2026-12-01
- [ ] Two @b due:2026-12-01
- [ ] Three @c due:2026-12-01
- [ ] Four @d due:2026-12-01
EOF2

cat >portal.yaml <<'YAML'
output: site
repos:
  - path: /nowhere/on/this/machine
postmortems:
  max_action_items: 5
tech_debt:
  sprint_days: 10
  reckless_sprints: 3
paths:
  techdebt: [TECH_DEBT.md, ops/debt.md]
YAML

test_begin the_default_rules
"$CAIRN" check team >out 2>err
check_contains out 'team/TECH_DEBT.md:3: reckless debt "Retry loop swallows errors" has been unpaid for 20 days, more than 14 (1 sprint)'
check_contains out 'post-mortem has more than 3 action items'
check_lacks out 'Hand-written SQL'
check_contains err 'cairn check: the default rules (--config names the portal'"'"'s): at most 3 action items per post-mortem; reckless debt owned and paid within 14 days (1 sprint of 14 days)'

test_begin the_portal_rules
"$CAIRN" check --config portal.yaml team >out 2>err
check "exit 0: warnings only" test $? -eq 0
check_lacks out 'Retry loop swallows errors'
check_lacks out 'more than 3 action items'
check_contains out 'team/ops/debt.md:2: reckless debt "Hand-written SQL migrations" has no owner'
check_contains err 'cairn check: the rules of portal.yaml: at most 5 action items per post-mortem; reckless debt owned and paid within 30 days (3 sprints of 10 days)'
check_contains err '2 tech-debt files'
check_lacks err 'nowhere'

test_begin the_short_option_is_the_long_one
# -c FILE, as cairn build spells it
"$CAIRN" check -c portal.yaml team >short.out 2>short.err
check "exit 0 with -c" test $? -eq 0
"$CAIRN" check --config portal.yaml team >long.out 2>long.err
check "-c and --config give the same diagnostics" cmp -s short.out long.out
check_contains short.err 'cairn check: the rules of portal.yaml'

test_begin the_command_line_wins
"$CAIRN" check --config portal.yaml --max-action-items 2 team >out 2>err
check_contains out 'post-mortem has more than 2 action items'
check_contains err 'at most 2 action items per post-mortem'

test_begin a_config_that_cannot_be_used
printf 'tech_debt: [1, 2\n' >broken.yaml
check_status 2 "exit 2" "$CAIRN" check --config broken.yaml team
"$CAIRN" check --config broken.yaml team >out 2>err
check_contains err 'broken.yaml'
check_contains err 'cannot be used'
check_status 2 "a missing file: exit 2" "$CAIRN" check --config missing.yaml team

finish
