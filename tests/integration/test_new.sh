# `cairn new`: documents from the built-in templates, named by number, date
# or title, with their front matter filled in, never overwriting a file,
# and clean under `cairn check --strict`.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795000000   # 2026-11-18 UTC
unset CAIRN_TEMPLATES

test_begin new_rfc_is_numbered_after_the_highest
mkdir -p r1/docs/rfcs && cd r1
printf '# x\n' >docs/rfcs/0007-old.md
printf '# y\n' >docs/rfcs/0012-newer.md
printf '# index\n' >docs/rfcs/README.md
"$CAIRN" new rfc "Use Kafka for events" >out 2>err
check "exit 0" test $? -eq 0
check "prints the path" test "$(cat out)" = "docs/rfcs/0013-use-kafka-for-events.md"
f=docs/rfcs/0013-use-kafka-for-events.md
check_file "$f"
check "opens with front matter" test "$(head -n 1 "$f")" = "---"
check_contains "$f" 'title: "Use Kafka for events"'
check_contains "$f" 'status: draft'
check_contains "$f" '  - "Ada Example"'
check_contains "$f" 'date: 2026-11-18'
check_contains "$f" '## Problem statement'
check_contains "$f" '## Proposed approach'
check_contains "$f" '## Alternatives considered'
check_contains "$f" '## Decision rationale'
cd "$TMP"

test_begin new_rfc_in_a_new_folder_is_0001
mkdir r2 && cd r2
"$CAIRN" new rfc "First" >out 2>&1
check "0001" test "$(cat out)" = "docs/rfcs/0001-first.md"
"$CAIRN" new rfc "Second one" >out 2>&1
check "then 0002" test "$(cat out)" = "docs/rfcs/0002-second-one.md"
cd "$TMP"

test_begin new_rfc_refuses_a_title_already_filed
cd r2
"$CAIRN" new rfc "First" >out 2>err
check "exit 2" test $? -eq 2
check_contains err 'already exists'
check_contains err 'docs/rfcs/0001-first.md'
check "no new file" test "$(ls docs/rfcs | wc -l)" -eq 2
check "nothing on stdout" test ! -s out
cd "$TMP"

test_begin new_postmortem_is_named_by_date
mkdir p1 && cd p1
"$CAIRN" new postmortem "Database outage" >out 2>&1
check "path" test "$(cat out)" = "docs/postmortems/2026-11-18-database-outage.md"
f=docs/postmortems/2026-11-18-database-outage.md
check_contains "$f" 'title: "Database outage"'
check_contains "$f" 'date: 2026-11-18'
check_contains "$f" 'severity: '
check_contains "$f" 'services: []'
check_contains "$f" '  - "Ada Example"'
check_contains "$f" 'status: draft'
for s in Summary Impact Timeline 'Root cause' 'Action items'; do
	check_contains "$f" "## $s"
done
check_contains "$f" '- [ ] '
check_contains "$f" '@owner due:2026-12-02'
cd "$TMP"

test_begin new_postmortem_never_overwrites
cd p1
f=docs/postmortems/2026-11-18-database-outage.md
echo "hand-written" >>"$f"
"$CAIRN" new postmortem "Database outage" >out 2>err
check "exit 2" test $? -eq 2
check_contains err "\"$f\" already exists"
check_contains "$f" 'hand-written'
check "nothing on stdout" test ! -s out
cd "$TMP"

test_begin new_postmortem_with_date
mkdir p2 && cd p2
"$CAIRN" new postmortem "Cert expiry" --date 2026-10-03 >out 2>&1
check "path" test "$(cat out)" = "docs/postmortems/2026-10-03-cert-expiry.md"
check_contains docs/postmortems/2026-10-03-cert-expiry.md 'date: 2026-10-03'
check_status 2 "not a real date" "$CAIRN" new postmortem "X" --date 2026-02-30
check_status 2 "not a date" "$CAIRN" new postmortem "X" --date yesterday
cd "$TMP"

test_begin new_runbook_is_named_by_title
mkdir b1 && cd b1
"$CAIRN" new runbook "Fail over the database!" >out 2>&1
check "path" test "$(cat out)" = "docs/runbooks/fail-over-the-database.md"
check_contains docs/runbooks/fail-over-the-database.md 'title: "Fail over the database!"'
check_contains docs/runbooks/fail-over-the-database.md '## Escalation'
check_status 2 "second time" "$CAIRN" new runbook "Fail over the database!"
cd "$TMP"

test_begin new_dir_overrides_the_folder
mkdir d1 && cd d1
"$CAIRN" new rfc "Here" --dir adr/records/ >out 2>&1
check "path" test "$(cat out)" = "adr/records/0001-here.md"
check_file adr/records/0001-here.md
"$CAIRN" new --dir runbooks runbook "Restart" >out 2>&1
check "options first" test "$(cat out)" = "runbooks/restart.md"
"$CAIRN" new postmortem "Boom" --dir . >out 2>&1
check "current folder" test "$(cat out)" = "2026-11-18-boom.md"
printf 'x' >blocker
"$CAIRN" new rfc "Blocked" --dir blocker/sub >out 2>err
check "a file in the way: exit 2" test $? -eq 2
check_contains err 'cannot create folder'
cd "$TMP"

test_begin new_catalog_info
mkdir c1 && cd c1
"$CAIRN" new catalog-info "Payments API" >out 2>&1
check "path" test "$(cat out)" = "catalog-info.yaml"
check_contains catalog-info.yaml 'name: payments-api'
check_contains catalog-info.yaml 'title: "Payments API"'
check_contains catalog-info.yaml 'kind: Component'
check_status 2 "second time" "$CAIRN" new catalog-info "Payments API"
cd "$TMP"

test_begin new_titles_are_quoted_and_slugged
mkdir q1 && cd q1
"$CAIRN" new rfc 'Say "hi": café, größe \ now' >out 2>&1
check "slug folds Latin letters" test "$(cat out)" = "docs/rfcs/0001-say-hi-cafe-grosse-now.md"
check_contains docs/rfcs/0001-say-hi-cafe-grosse-now.md 'title: "Say \"hi\": café, größe \\ now"'
"$CAIRN" new runbook '日本' >out 2>&1
check "nothing left: untitled" test "$(cat out)" = "docs/runbooks/untitled.md"
long="one two three four five six seven eight nine ten eleven twelve thirteen"
"$CAIRN" new runbook "$long" >out 2>&1
check "long titles end at a word" test "$(cat out)" = "docs/runbooks/one-two-three-four-five-six-seven-eight-nine-ten-eleven.md"
cd "$TMP"

test_begin new_author
mkdir a1 && cd a1
env -u GIT_AUTHOR_NAME "$CAIRN" new rfc "Nobody" >/dev/null 2>&1
check_contains docs/rfcs/0001-nobody.md '  - "your-name"'
GIT_AUTHOR_NAME="Grace Hopper" "$CAIRN" new rfc "Somebody" >/dev/null 2>&1
check_contains docs/rfcs/0002-somebody.md '  - "Grace Hopper"'
cd "$TMP"

test_begin new_author_from_git_config
# without GIT_AUTHOR_NAME: git's user.name, the repository's over the global
mkdir a2 && cd a2
git config --file "$HOME/.gitconfig" user.name "Global Gail"
env -u GIT_AUTHOR_NAME "$CAIRN" new rfc "From global" >/dev/null 2>&1
check_contains docs/rfcs/0001-from-global.md '  - "Global Gail"'
$G init -q . && git config user.name "Repo Rita"
mkdir -p sub && cd sub
env -u GIT_AUTHOR_NAME "$CAIRN" new rfc "From repo" >/dev/null 2>&1
check_contains docs/rfcs/0001-from-repo.md '  - "Repo Rita"'
GIT_AUTHOR_NAME="Grace Hopper" "$CAIRN" new rfc "From env" >/dev/null 2>&1
check_contains docs/rfcs/0002-from-env.md '  - "Grace Hopper"'
check_lacks docs/rfcs/0002-from-env.md 'Repo Rita'
rm -f "$HOME/.gitconfig"
cd "$TMP"

test_begin new_scaffolds_pass_check
mkdir s1 && cd s1
"$CAIRN" new rfc "An RFC" >/dev/null 2>&1
"$CAIRN" new postmortem "An incident" >/dev/null 2>&1
"$CAIRN" new runbook "A runbook" >/dev/null 2>&1
"$CAIRN" new catalog-info "A service" >/dev/null 2>&1
"$CAIRN" new rfc 'Quotes "and": colons' >/dev/null 2>&1
"$CAIRN" check --strict . >out 2>err
check "exit 0 with --strict" test $? -eq 0
check "no diagnostics" test ! -s out
check_contains err '5 files, 0 errors, 0 warnings'
cd "$TMP"

test_begin new_templates_override
mkdir -p t1/tpl && cd t1
printf -- '---\ntitle: {{{title_yaml}}}\n---\n\nMine: {{{slug}}} {{{date}}}\n' >tpl/runbook.md
CAIRN_TEMPLATES="$TMP/t1/tpl" "$CAIRN" new runbook "Custom" >out 2>&1
check_contains docs/runbooks/custom.md 'Mine: custom 2026-11-18'
CAIRN_TEMPLATES="$TMP/t1/tpl" "$CAIRN" new rfc "Built in" >/dev/null 2>&1
check_contains docs/rfcs/0001-built-in.md '## Problem statement'
cd "$TMP"

test_begin new_usage_errors
mkdir u1 && cd u1
check_status 2 "no arguments" "$CAIRN" new
check_status 2 "no title" "$CAIRN" new rfc
check_status 2 "unknown kind" "$CAIRN" new memo "Title"
check_status 2 "two titles" "$CAIRN" new rfc Use Kafka
check_status 2 "empty title" "$CAIRN" new rfc ""
check_status 2 "blank title" "$CAIRN" new rfc "   "
check_status 2 "title of two lines" "$CAIRN" new rfc "$(printf 'a\nb')"
check_status 2 "unknown option" "$CAIRN" new rfc "T" --force
"$CAIRN" new memo "Title" >/dev/null 2>err
check_contains err 'rfc, postmortem, runbook, techdebt or catalog-info'
check "nothing written" test ! -e docs
check_status 0 "cairn new --help" "$CAIRN" new --help
check_status 0 "cairn help new" "$CAIRN" help new
"$CAIRN" help >h 2>&1
check_contains h 'new '
cd "$TMP"

test_begin titles_with_no_latin_letter_get_names_of_their_own
# a title the slug keeps nothing of (日本語, "!!!") is not "taken" by the
# untitled one before it: each gets a file
mkdir -p nolatin && cd nolatin
check_status 0 "an RFC titled 日本語" "$CAIRN" new rfc "日本語"
check_status 0 "another, 中文提案" "$CAIRN" new rfc "中文提案"
check_status 0 "a runbook titled 重启" "$CAIRN" new runbook "重启"
check_status 0 "another, Перезапуск" "$CAIRN" new runbook "Перезапуск"
check_file docs/rfcs/0001-untitled.md
check_file docs/rfcs/0002-untitled.md
check_file docs/runbooks/untitled.md
check_file docs/runbooks/untitled-2.md
check_contains docs/rfcs/0002-untitled.md '中文提案'
cd ..

finish
