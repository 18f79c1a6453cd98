# The age of technical debt from git: an item without created: is as old
# as the commit that added its line (a TECH_DEBT.md list) or its file (one
# item per file), in real repositories with dated commits; a rebuild reads
# the times from the cache and gives what a fresh build gives.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800   # 2026-11-20T00:00:00Z

# commit_at DIR DATE MESSAGE: commits everything in DIR at DATE
commit_at() {
	( cd "$1" && $G add -A &&
	  GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" $G commit -q -m "$3" )
}

mkdir -p ledger/docs/tech-debt
( cd ledger && $G init -q )
printf '# Ledger\n' >ledger/README.md
cat >ledger/TECH_DEBT.md <<'EOF2'
# Debt

- [ ] Old retry loop swallows errors #reckless @ravi
EOF2
commit_at ledger 2026-08-01T10:00:00Z "Write down our debt"
cat >ledger/docs/tech-debt/keys.md <<'EOF2'
---
title: Keys in process memory
kind: reckless
owner: marta
---
We knew.
EOF2
cat >ledger/docs/tech-debt/written.md <<'EOF2'
---
title: Written date wins
kind: reckless
owner: marta
created: 2026-11-19
---
EOF2
commit_at ledger 2026-09-01T10:00:00Z "Two debt files"
printf -- '- [ ] New replica read #reckless @marta\n' >>ledger/TECH_DEBT.md
commit_at ledger 2026-11-18T10:00:00Z "One more item"
cat >cairn.yaml <<'YAML'
output: site
repos:
  - path: ledger
YAML

# cmp_diags A B: the same diagnostics (the summary lines count pages made)
cmp_diags() { [ "$(grep -v '^cairn:' "$1")" = "$(grep -v '^cairn:' "$2")" ]; }

test_begin fresh_build
"$CAIRN" build >out 2>&1
check "exit 0 (warnings only)" test $? -eq 0
check_contains out 'ledger:TECH_DEBT.md:3: reckless debt "Old retry loop swallows errors" has been unpaid for 111 days (in git since 2026-08-01), more than 14'
check_lacks out 'New replica read'
check_contains out 'ledger:docs/tech-debt/keys.md:2: reckless debt "Keys in process memory" has been unpaid for 80 days (in git since 2026-09-01)'
check_lacks out 'Written date wins'
check_contains site/tech-debt/index.html 'Old retry loop swallows errors'
check_file .cairn-cache/debt/ledger*.bin 2>/dev/null || check "the times are cached" ls .cairn-cache/debt/

test_begin rebuild_equals_fresh_build
cp -R site site.fresh
cp out out.fresh
touch -d '2000-01-01' .cairn-cache/debt/*
"$CAIRN" build >out 2>&1
check "the same diagnostics" cmp_diags out out.fresh
check "the same site" diff -r -x .cairn-manifest site site.fresh
check "nothing blamed again (the cache was not written)" \
	test -z "$(find .cairn-cache/debt -type f -newer cairn.yaml)"

test_begin an_edited_line_is_new_again
sed -i 's/Old retry loop swallows errors/Old retry loop swallows every error/' ledger/TECH_DEBT.md
commit_at ledger 2026-11-19T10:00:00Z "Say what it swallows"
"$CAIRN" build >out 2>&1
check_lacks out 'Old retry loop swallows every error'
check_lacks out 'unpaid for 111 days'
check_contains out 'Keys in process memory" has been unpaid for 80 days'
rm -rf site .cairn-cache
"$CAIRN" build >out.fresh 2>&1
check "the same as a fresh build" cmp_diags out out.fresh

test_begin a_stale_repository_keeps_its_times
mv ledger ledger.gone
"$CAIRN" build >out 2>&1
check_contains out 'Keys in process memory" has been unpaid for 80 days'
mv ledger.gone ledger

finish
