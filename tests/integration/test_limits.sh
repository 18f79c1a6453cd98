# cairn.yaml's limits: a file over a limit is a diagnostic naming the
# limit, the file is skipped and the rest of the site is built; raising the
# limit reads it (the crawl cache does not keep the old verdict).
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p svc/docs
printf '# Svc\n\nThe service.\n' >svc/README.md
printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  type: service\n  owner: team-a\n' >svc/catalog-info.yaml
printf '# Fine\n\nA normal runbook.\n' >svc/docs/fine.md
# 3 KB of text: over a 2 KB file_size
python3 -c "print('# Big'); print(); [print('word ' * 12) for _ in range(50)]" >svc/docs/big.md
# one 600-byte line: over a 500-byte line_length
python3 -c "print('# Long'); print(); print('x' * 600)" >svc/docs/long.md
# front matter nested 20 deep: over a yaml_depth of 10
python3 -c "
print('---')
print('meta: ' + '[' * 20 + ']' * 20)
print('---')
print('# Deep')" >svc/docs/deep.md
# a small alias bomb in front matter: 10^4 nodes, over yaml_nodes 1000
cat >svc/docs/bomb.md <<'EOF'
---
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
---
# Bomb
EOF
make_repo svc
# a repository with more files than repo_files (9 of 8: docs/d8.md is cut)
mkdir -p many/docs
printf '# Many\n' >many/README.md
for i in 1 2 3 4 5 6 7 8; do printf '# Doc %d\n' $i >many/docs/d$i.md; done
make_repo many

cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: svc
  - path: many
limits:
  file_size: 2 KB
  line_length: 500
  yaml_depth: 10
  yaml_nodes: 1000
  repo_files: 8
YAML

test_begin each_limit_is_a_diagnostic
"$CAIRN" build >out 2>&1
check "exit 1: errors in content, and the rest is built" test $? -eq 1
check_contains out 'docs/big.md: file is'
check_contains out 'over the 2048-byte limit (limits.file_size): skipped'
check_contains out 'docs/long.md:3: line is 600 bytes long, over the 500-byte limit (limits.line_length)'
check_contains out 'docs/deep.md:2: front matter is not valid: nesting deeper than 10 levels'
check_contains out 'limits.yaml_depth'
check_contains out 'docs/bomb.md'
check_contains out 'more than 1000 nodes through aliases'
check_contains out 'many: repository has more than 8 files (limits.repo_files)'
check_file site/services/svc/docs/fine/index.html
check_no_file site/services/svc/docs/big/index.html
check_no_file site/services/svc/docs/long/index.html
check_file site/services/many/docs/d7/index.html
check_lacks out 'svc: repository has more'
check_no_file site/services/many/docs/d8/index.html

test_begin raising_the_limits_reads_the_files
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: svc
  - path: many
YAML
"$CAIRN" build >out2 2>&1
check "exit 0" test $? -eq 0
check_lacks out2 'over the'
check_lacks out2 'limits.'
check_file site/services/svc/docs/big/index.html
check_file site/services/svc/docs/long/index.html
check_file site/services/many/docs/d8/index.html
check_contains site/services/svc/docs/deep/index.html 'Deep'

test_begin a_bad_limit_is_the_operators_error
printf 'repos: []\nlimits:\n  file_size: huge\n' >bad.yaml
"$CAIRN" build -c bad.yaml >out3 2>&1
check "exit 2" test $? -eq 2
check_contains out3 'bad.yaml:3'
check_contains out3 '"file_size" must be a size'
printf 'repos: []\nlimits:\n  yaml_depth: 3\n  repo_files: 0\n' >bad2.yaml
"$CAIRN" build -c bad2.yaml >out4 2>&1
check "exit 2" test $? -eq 2
check_contains out4 'bad2.yaml:3: "yaml_depth" must be a number of levels from 8 to 10000'
check_contains out4 'bad2.yaml:4: "repo_files" must be a number of files from 1 to 100000000'

finish
