# A KEP's kep.yaml: an RFC that is its folder's README.md takes the title,
# status, authors and date its text lacks from the kep.yaml beside it, in
# the build and in `cairn check`; the metadata file's problems are reported
# on it; and a rebuild after kep.yaml alone changed gives a fresh build's
# site.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800

k=kep/keps/sig-node/2371-cri-pod-stats
mkdir -p $k kep/keps/sig-etcd/4326-downgrade kep/keps/sig-x/10-typo kep/keps/sig-x/11-bad
printf '# Enhancements\n' >kep/README.md
cat >$k/README.md <<'MD'
<!-- toc -->
- [Summary](#summary)
<!-- /toc -->

## Summary

Pod stats from the CRI.
MD
cat >$k/kep.yaml <<'YAML'
title: cAdvisor-less, CRI-full Container and Pod Stats
kep-number: 2371
authors:
  - "@haircommander"
  - "@bobbypage"
owning-sig: sig-node
status: implementable
creation-date: 2021-01-27
last-updated: 2024-02-01
YAML
printf '# KEP-4326: Downgrade\n\nx\n' >kep/keps/sig-etcd/4326-downgrade/README.md
printf 'title: Etcd downgrade\nstatus: provisional\nauthors: ["@siyuanfoundation"]\n' \
	>kep/keps/sig-etcd/4326-downgrade/kep.yaml
printf '# Typo\n\nx\n' >kep/keps/sig-x/10-typo/README.md
printf 'title: Typo\nstatus: imlpemented\ncreation-date: 2023-14-05\n' >kep/keps/sig-x/10-typo/kep.yaml
printf '# Bad\n\nStatus: accepted\n' >kep/keps/sig-x/11-bad/README.md
printf 'title: [unclosed\n' >kep/keps/sig-x/11-bad/kep.yaml
# the repository says where its RFCs are, for the build and for check
printf 'paths: {rfcs: ["keps/**/README.md"]}\n' >kep/.cairn.yaml
make_repo kep
printf 'output: site\ncache: cache\nrepos:\n  - path: kep\n' >cairn.yaml
printf 'output: fresh\ncache: fcache\nrepos:\n  - path: kep\n' >fresh.yaml

test_begin build
"$CAIRN" build >out.txt 2>err.txt
R=site/rfcs/index.html
check_contains $R 'cAdvisor-less, CRI-full Container and Pod Stats</a>'
check_contains $R '<td data-label="Authors">haircommander, bobbypage</td>'
check_contains $R '<time datetime="2021-01-27">'
check_contains $R 'data-status="accepted" data-authors="|haircommander|bobbypage|"'
check_contains $R 'data-status="review" data-authors="|siyuanfoundation|"'
check_contains $R 'Etcd downgrade</a>'
check_contains err.txt 'kep:keps/sig-x/10-typo/kep.yaml:2: rfc status "imlpemented" is not a known status'
check_contains err.txt 'kep:keps/sig-x/10-typo/kep.yaml:3: rfc date "2023-14-05" is not a real YYYY-MM-DD date'
check_contains err.txt 'kep:keps/sig-x/11-bad/kep.yaml:2: metadata is not valid YAML'
# the bad one is read from its text alone (its authors from git)
check_contains $R 'data-status="accepted" data-authors="|Ada Example|"'
check_lacks err.txt 'has no status'

test_begin check
(cd kep && "$CAIRN" check >../check.txt 2>&1)
check_contains check.txt 'keps/sig-x/10-typo/kep.yaml:2: rfc status "imlpemented" is not a known status'
check_contains check.txt 'keps/sig-x/11-bad/kep.yaml:2: metadata is not valid YAML'
check_lacks check.txt 'has no status'
check_lacks check.txt '2371'

test_begin rebuild
sed -i 's/status: implementable/status: withdrawn/' $k/kep.yaml
printf 'title: Typo\nstatus: implemented\ncreation-date: 2023-12-05\n' >kep/keps/sig-x/10-typo/kep.yaml
commit_all kep "kep.yaml only"
"$CAIRN" build >/dev/null 2>err2.txt
check_contains $R 'data-status="withdrawn" data-authors="|haircommander|bobbypage|"'
check_lacks err2.txt 'imlpemented'
rm -rf fresh fcache
"$CAIRN" build -c fresh.yaml >/dev/null 2>&1
check "the rebuild after kep.yaml changed equals a fresh build" diff -r -x .cairn-manifest site fresh
finish
