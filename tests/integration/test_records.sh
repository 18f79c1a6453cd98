# RFCs, post-mortems and the action-item tracker: each shape of RFC, post-
# mortems as lists and tables, the escalation arithmetic around sprint
# boundaries (SOURCE_DATE_EPOCH fixed), CSV quoting, feeds.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
# "today" is 2026-11-20 (day 20777)
export SOURCE_DATE_EPOCH=1795132800

mkdir -p svc/docs/rfcs svc/docs/adr svc/docs/postmortems svc/text
printf '# Svc\n' >svc/README.md
cat >svc/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc
spec:
  type: service
  lifecycle: production
  owner: group:team-a
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
YAML
cat >svc/docs/rfcs/0001-use-queues.md <<'MD'
---
title: Use queues
status: accepted
authors: [alice, bob]
date: 2026-01-10
---
## Problem statement
x
## Proposed approach
y
## Alternatives considered
z
## Decision rationale
w
MD
cat >svc/docs/rfcs/0002-drop-queues.md <<'MD'
---
title: Drop queues
status: review
authors: [carol]
date: 2026-11-01
---
## Problem statement
x
## Proposed approach
y
MD
cat >svc/docs/rfcs/0003-nostatus.md <<'MD'
---
title: No status here
---
Body.
MD
cat >svc/docs/adr/0004-record.md <<'MD'
# 4. Record decisions

Date: 2026-02-01

## Status

Superseded by [ADR-0001](../rfcs/0001-use-queues.md)

## Context
c
MD
cat >svc/text/0005-rusty.md <<'MD'
- Feature Name: rusty_thing
- Start Date: 2026-03-01
- RFC PR: [rust-lang/rfcs#1234](https://github.com/rust-lang/rfcs/pull/1234)

# Summary
s
MD
# post-mortem exactly 28 days old (2026-10-23): not yet to escalate
cat >svc/docs/postmortems/2026-10-23-boundary.md <<'MD'
---
title: Boundary outage
date: 2026-10-23
severity: SEV2
services: [svc, scv]
authors: [alice]
---
## Action items
- [ ] Fix the thing @alice due:2026-12-01
- [ ] Overdue thing, with "quotes" @bob due:2026-11-01
MD
# 29 days old (2026-10-22): open items need escalation
cat >svc/docs/postmortems/2026-10-22-older.md <<'MD'
---
title: Older outage
date: 2026-10-22
severity: SEV1
---
## Action Items
- [ ] =cmd|' /C calc'!A0 @carol due:2026-12-24
- [x] Done thing @dave due:2026-10-30
- [ ] Not worth it #deprioritized @erin due:2026-11-30
- ~~Struck item @frank due:2026-11-30~~
- Plain bullet without owner or due date
MD
# a table, Google SRE style
cat >svc/docs/postmortems/2026-11-10-table.md <<'MD'
# Table outage

Date: 2026-11-10

## Action Items

| Action Item | Type | Owner | Bug |
| --- | --- | --- | --- |
| Add canary | prevent | @gina | b/1 **DONE** |
| Alert on lag | detect | @hal | b/2 |
MD
# dated after "today" (a typo, or SOURCE_DATE_EPOCH set back): 0 days old
cat >svc/docs/postmortems/2026-12-01-ahead.md <<'MD'
---
title: Ahead outage
date: 2026-12-01
---
## Action items
- [ ] Future dated thing @ivy due:2026-12-20
MD
make_repo svc
printf 'output: site\nrepos:\n  - path: svc\n' >cairn.yaml

test_begin build_reports_house_rules
"$CAIRN" build >out 2>&1
check "exit 0: house rules are warnings" test $? -eq 0
check_contains out 'svc:docs/rfcs/0003-nostatus.md'
check_contains out 'svc:docs/postmortems/2026-10-23-boundary.md:5: post-mortem names "scv" in services:, which is no service of the portal'
check "a service it names is not reported" test "$(grep -c 'in services:' out)" -eq 1
check_contains out 'svc:docs/rfcs/0002-drop-queues.md'
check_contains out 'svc:docs/postmortems/2026-10-22-older.md:11: action item "Plain bullet without owner or due date" has no owner'
check_contains out 'svc:docs/postmortems/2026-10-22-older.md:11: action item "Plain bullet without owner or due date" has no due date'

test_begin action_items_json
J=site/action-items.json
check "valid JSON" python3 -c "import json; json.load(open('$J'))"
py() { python3 -c "import json; d=json.load(open('$J'))['items']; $1"; }
item() { echo "x=[i for i in d if i['text'].startswith('$1')][0]"; }
check "field set" py "assert set(d[0]) >= {'postmortem','service','text','owner','due','state','overdue','needs_escalation'}, d[0]"
check "boundary: 28 days old is not escalated" py "$(item 'Fix the thing'); assert x['needs_escalation'] is False and x['overdue'] is False and x['owner']=='alice', x"
check "overdue item" py "$(item 'Overdue thing'); assert x['overdue'] is True and x['needs_escalation'] is False, x"
check "29 days old is escalated" py "$(item '=cmd'); assert x['needs_escalation'] is True and x['state']=='open', x"
check "done item" py "$(item 'Done thing'); assert x['state']=='done' and x['needs_escalation'] is False, x"
check "deprioritized by tag" py "$(item 'Not worth it'); assert x['state']=='deprioritized' and x['needs_escalation'] is False, x"
check "deprioritized by strike" py "$(item 'Struck item'); assert x['state']=='deprioritized', x"
check "plain bullet is open, unowned" py "$(item 'Plain bullet'); assert x['state']=='open' and x['owner'] is None, x"
check "table row done" py "$(item 'Add canary'); assert x['state']=='done' and x['owner']=='gina', x"
check "table row open" py "$(item 'Alert on lag'); assert x['state']=='open' and x['owner']=='hal', x"
check "open items first, by due date" py "s=[i['state'] for i in d]; assert s==sorted(s, key=lambda v: v!='open'), s"

test_begin action_items_csv
C=site/action-items.csv
check_file "$C"
check "CSV parses with the same rows" python3 -c "
import csv,json
rows=list(csv.DictReader(open('$C', newline='')))
items=json.load(open('site/action-items.json'))['items']
assert len(rows)==len(items), (len(rows), len(items))
q=[r for r in rows if r['text'].startswith('Overdue')][0]
assert q['text']=='Overdue thing, with \"quotes\"', q
f=[r for r in rows if 'calc' in r['text']][0]
assert f['text'].startswith(\"'=\"), f
"

test_begin pages
check_file site/rfcs/index.html
check_file site/postmortems/index.html
check_file site/action-items/index.html
check_contains site/rfcs/index.html 'Use queues'
check_contains site/rfcs/index.html 'rusty'
check_contains site/action-items/index.html 'Overdue thing'
check "a post-mortem dated after today is 0 days old, not a negative age" python3 -c "
import re
h=open('site/action-items/index.html').read()
row=h[h.index('Future dated thing'):]
row=row[:row.index('</tr>')]
assert re.search(r'>0 days<', row), row
assert not re.search(r'>-[0-9]+ days<', h)"
check_contains site/services/svc/docs/adr/0004-record/index.html 'Use queues'
check_contains site/services/svc/index.html 'Fix the thing'
check_contains site/teams/team-a/index.html 'Fix the thing'

test_begin feeds
check "rfcs.xml is XML" python3 -c "import xml.dom.minidom as m; m.parse('site/rfcs.xml')"
check "postmortems.xml is XML" python3 -c "import xml.dom.minidom as m; m.parse('site/postmortems.xml')"
check_contains site/rfcs.xml '<title>Drop queues</title>'
check_contains site/rfcs.xml '<updated>2026-11-01T00:00:00Z</updated>'
check_contains site/postmortems.xml 'Table outage'

test_begin settings
cat >>cairn.yaml <<'YAML'
postmortems:
  sprint_days: 7
  escalation_sprints: 1
YAML
"$CAIRN" build -q >/dev/null 2>&1
check "a shorter escalation window escalates the boundary item" python3 -c "
import json
d=json.load(open('site/action-items.json'))['items']
x=[i for i in d if i['text'].startswith('Fix the thing')][0]
assert x['needs_escalation'] is True, x"


test_begin an_owner_written_as_a_users_name
# "Alice Nguyen" and alice@acme.example are the User alice (who owns the
# service, so has a page): the tracker links them to her page, as @alice
mkdir -p people/docs/postmortems
cat >people/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: people}
spec: {type: service, owner: user:alice, lifecycle: production}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: ops}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: alice}
spec:
  profile: {displayName: Alice Nguyen, email: alice@acme.example}
  memberOf: [ops]
YAML
cat >people/docs/postmortems/2026-11-01-x.md <<'MD'
---
title: X
date: 2026-11-01
---
## Action items
- [ ] First owner: Alice Nguyen due:2026-12-01
- [ ] Second (Alice NGUYEN) due:2026-12-01
- [ ] Third owner: alice@acme.example due:2026-12-01
- [ ] Fourth @alice due:2026-12-01
- [ ] Fifth owner: Bob Stone due:2026-12-01
MD
make_repo people
printf 'output: psite\ncache: pcache\nrepos:\n  - path: people\n' >people.yaml
"$CAIRN" build -q -c people.yaml >/dev/null 2>&1
check_contains psite/action-items/index.html 'href="../teams/alice/">Alice Nguyen</a>'
check_contains psite/action-items/index.html 'href="../teams/alice/">Alice NGUYEN</a>'
check_contains psite/action-items/index.html 'href="../teams/alice/">alice@acme.example</a>'
check_contains psite/action-items/index.html 'Bob Stone'
check_lacks psite/action-items/index.html '">Bob Stone</a>'


finish
