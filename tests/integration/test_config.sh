# cairn.yaml problems are operator-fixable diagnostics naming the line, and
# stop the build with exit status 2.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$TMP/svc" && printf '# Svc\n' >"$TMP/svc/README.md" && make_repo "$TMP/svc"
cd "$TMP"

test_begin unknown_key_named_with_line
cat >bad1.yaml <<'YAML'
title: X
ouput: site
repos:
  - path: svc
YAML
"$CAIRN" build -c bad1.yaml >out 2>&1
check "exit 2" test $? -eq 2
check_contains out 'error: operator-fixable: bad1.yaml:2: unknown key "ouput"'
check_no_file site

test_begin wrong_type_named_with_line
cat >bad2.yaml <<'YAML'
title: X
repos:
  path: svc
YAML
"$CAIRN" build -c bad2.yaml >out 2>&1
check "exit 2" test $? -eq 2
check_contains out 'bad2.yaml:3: "repos" must be a list'

test_begin repo_entry_problems
cat >bad3.yaml <<'YAML'
repos:
  - path: svc
    url: file:///x
  - branch: main
  - pth: svc
environments: production
YAML
"$CAIRN" build -c bad3.yaml >out 2>&1
check "exit 2" test $? -eq 2
check_contains out 'bad3.yaml:2: a repos entry must have only one of path:, url: and glob:'
check_contains out 'bad3.yaml:4: a repos entry needs path:, url: or glob:'
check_contains out 'bad3.yaml:5: unknown key "pth" in a repos entry'
check_contains out 'bad3.yaml:6: "environments" must be a list'

test_begin missing_config_file
"$CAIRN" build -c nowhere.yaml >out 2>&1
check "exit 2" test $? -eq 2
check_contains out 'error: operator-fixable: nowhere.yaml: cannot read the configuration'

test_begin invalid_yaml
printf 'title: [x\nrepos: []\n' >bad4.yaml
"$CAIRN" build -c bad4.yaml >out 2>&1
check "exit 2" test $? -eq 2
check_contains out 'bad4.yaml:'
check_contains out 'not valid YAML'

test_begin missing_repo_does_not_stop_others
cat >ok.yaml <<'YAML'
title: Mixed
output: site-ok
repos:
  - path: svc
  - path: does-not-exist
  - glob: "nothing-*"
YAML
"$CAIRN" build -c ok.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: operator-fixable: ok.yaml:5: repository "does-not-exist" cannot be read: repository "does-not-exist" not found; it is left out of the site'
check_contains out 'error: operator-fixable: ok.yaml:6: glob "nothing-*" matches no repository'
check_file site-ok/services/svc/index.html

test_begin glob_finds_repos
mkdir -p many
for n in alpha beta; do mkdir -p "many/$n" && printf '# %s\n' "$n" >"many/$n/README.md" && make_repo "many/$n"; done
printf 'output: gsite\nrepos:\n  - glob: many/*\n' >glob.yaml
check_status 0 "glob build is clean" "$CAIRN" build -c glob.yaml
check_file gsite/services/alpha/index.html
check_file gsite/services/beta/index.html
# a glob that also matches the site cairn writes there (many/*): the site
# is not taken for a repository, at the first rebuild or later
printf 'output: many/site\nrepos:\n  - glob: many/*\n' >glob2.yaml
check_status 0 "a glob matching the output: first build" "$CAIRN" build -q -c glob2.yaml
check_status 0 "its rebuild" "$CAIRN" build -q -c glob2.yaml
check "the site is not a service" test ! -e many/site/services/site
# a folder the glob matches that a path: entry lists too is that entry's
# (its own paths: and name), not a second service beside it
mkdir -p many/beta/guides
printf '# Guide\n' >many/beta/guides/g.md
commit_all many/beta "a guide"
printf 'output: g3site\nrepos:\n  - glob: many/*\n  - path: many/beta\n    name: beta\n    paths: {docs: ["guides/*.md"]}\n' >glob3.yaml
check_status 0 "a glob and a path: entry for one of its folders" "$CAIRN" build -q -c glob3.yaml
check "one service beta, no beta-2" test -d g3site/services/beta -a ! -e g3site/services/beta-2
check_file g3site/services/beta/guides/g/index.html
check_file g3site/services/alpha/index.html

test_begin missing_branch
printf 'output: bsite\nrepos:\n  - path: svc\n    branch: nope\n' >branch.yaml
"$CAIRN" build -c branch.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'branch.yaml:3: repository "svc" cannot be read: branch "nope" does not exist (branches: main)'

test_begin a_key_given_twice_is_an_error
# two repos: lists (after a merge, say): which one a build used would be a
# guess and a repository silently lost; an error naming the line
# refused FILE SAYING: cairn build -c FILE stops before writing (exit 2),
# saying SAYING
refused() {
	"$CAIRN" build -c "$1" >out 2>&1
	check "$1 is refused (exit 2)" test $? -eq 2
	check_contains out "$2"
}
printf 'output: dsite\nrepos:\n  - path: svc\nrepos:\n  - path: many/alpha\n' >dup.yaml
refused dup.yaml 'error: operator-fixable: dup.yaml:4: not valid YAML: key "repos" is given twice in one mapping'
printf 'output: dsite\nrepos:\n  - path: svc\n    path: many/alpha\n' >dup2.yaml
refused dup2.yaml 'dup2.yaml:4: not valid YAML: key "path" is given twice'
# a second YAML document ("---"): which one was meant is a guess
printf 'output: msite\nrepos:\n  - path: svc\n---\nrepos:\n  - path: many/alpha\n' >multi.yaml
refused multi.yaml 'multi.yaml:5: the configuration holds 2 YAML documents'
# an environment is one part of a deploy tag's path, and a row of a table
printf 'output: esite\nenvironments: [staging, "a/b", staging]\nrepos:\n  - path: svc\n' >envs.yaml
refused envs.yaml 'envs.yaml:2: environment "a/b" is not a name, or is listed twice'
check_contains out 'envs.yaml:2: environment "staging" is not a name, or is listed twice'

test_begin a_repository_listed_twice_is_an_error
# the same folder, however written, with the same branch and no name: on
# either: a slip (an error naming the line); with a name, another service
# of it (a monorepo's, another branch's)
printf 'output: twsite\nrepos:\n  - path: svc\n  - path: ./svc/\n' >twice.yaml
refused twice.yaml 'error: operator-fixable: twice.yaml:4: repository "./svc/" is already listed at line 3: list it once'
printf 'output: twsite\nrepos:\n  - path: svc\n  - path: svc\n    branch: main\n    name: svc-main\n' >branches.yaml
check_status 0 "one repository's branch listed beside it" "$CAIRN" build -q -c branches.yaml

finish
