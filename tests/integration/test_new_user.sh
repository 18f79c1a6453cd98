#!/bin/sh
# What a new user meets on real repositories: a paths: pattern that names
# only files cairn does not read, a repository whose README is not
# Markdown, deploy tags without environments, and a summary line that says
# what a rebuild wrote and which repositories could not be read.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800

# a PEP archive: reStructuredText only
mkdir -p peps/peps
printf 'PEPs\n====\n' >peps/README.rst
printf 'PEP: 1\nTitle: Purpose\n' >peps/peps/pep-0001.rst
printf 'PEP: 8\nTitle: Style\n' >peps/peps/pep-0008.rst
make_repo peps
# a service with deploy tags
mkdir -p app
printf '# App\n\nThe app.\n' >app/README.md
make_repo app
( cd app && $G tag deploy/production/1 && $G tag deploy/staging/1 )

# KEPs: a folder each, the proposal its README.md, opening with comments
mkdir -p kep/keps/sig-node/2371-cri-pod-stats kep/keps/sig-etcd/4326-downgrade
cat >kep/keps/sig-node/2371-cri-pod-stats/README.md <<'MD'
<!-- **Note:** When your KEP is complete, remove these comment blocks.

- [ ] **Pick a hosting SIG.**
-->
# KEP-2371: cAdvisor-less, CRI-full Container and Pod Stats

<!-- toc -->
- [Summary](#summary)
<!-- /toc -->

## Summary

Stats from the CRI.
MD
printf '<!-- toc -->\n- [Motivation](#motivation)\n<!-- /toc -->\n\n## Motivation\n\nOlder etcd.\n' \
	>kep/keps/sig-etcd/4326-downgrade/README.md
make_repo kep

cat >cairn.yaml <<'YAML'
title: New user
repos:
  - path: kep
    paths: {rfcs: ["keps/**/README.md"]}
  - path: app
  - path: peps
    paths:
      rfcs: ["peps/pep-*.rst"]
YAML

test_begin pattern_of_files_cairn_does_not_read
"$CAIRN" build >out 2>&1
check "exit 0 (warnings only)" test $? -eq 0
check_contains out 'warning: operator-fixable: cairn.yaml:8: paths.rfcs: pattern "peps/pep-*.rst" matches 2 files in repository "peps", none of them Markdown (.md, .markdown), the only files the rfcs kind reads; correct it or remove it'
check "reported once" test "$(grep -c 'pep-\*.rst' out)" -eq 1

test_begin kep_titles_after_comments
p=site/services/kep/keps/sig-node/2371-cri-pod-stats/readme/index.html
check_contains $p '<h1>cAdvisor-less, CRI-full Container and Pod Stats</h1>'
check "one h1" test "$(grep -c '<h1' $p)" -eq 1
check_lacks site/rfcs/index.html '>README</a>'
check_contains site/rfcs/index.html '<td data-label="No." class="num">2371</td>'
check_contains site/rfcs/index.html '<td data-label="No." class="num">4326</td>'
check_contains site/services/kep/keps/sig-etcd/4326-downgrade/readme/index.html '<h1>Downgrade</h1>'
printf 'repos:\n  - path: kep\n    paths: {docs: ["keps/**/*.md"]}\n' >kepdocs.yaml
"$CAIRN" build -c kepdocs.yaml -o kepdocs >/dev/null 2>&1
check_contains kepdocs/services/kep/keps/sig-node/2371-cri-pod-stats/readme/index.html '<h1>KEP-2371: cAdvisor-less, CRI-full Container and Pod Stats</h1>'
check_contains kepdocs/services/kep/keps/sig-etcd/4326-downgrade/readme/index.html '<h1>4326 downgrade</h1>'

test_begin readme_that_is_not_markdown
check_contains site/services/peps/index.html 'cairn found nothing it reads in its repository (its README, <code>README.rst</code>, is not Markdown)'
check_contains site/services/peps/index.html "This repository's README is <code>README.rst</code>, which cairn does not show"
check_lacks site/services/peps/index.html 'nothing but a README'
check_lacks site/services/peps/index.html 'has no <code>README.md</code>'
check_contains out '(1 with nothing but a README, 1 with nothing cairn reads: see paths: in README.md)'

test_begin deploy_tags_without_environments
check_contains out 'cairn: 2 deploy tags in 1 repository not read: environments: is not set in cairn.yaml (see Deploys in README.md)'
check_contains site/deploys/index.html 'Deploys are not read: <code>environments:</code> is not set in cairn.yaml (2 deploy tags were found and left unread)'
printf 'environments: [staging, production]\n' >>cairn.yaml
"$CAIRN" build >out 2>&1
check_lacks out 'not read: environments'
check_lacks site/deploys/index.html 'Deploys are not read'

test_begin summary_of_a_rebuild
"$CAIRN" build >out 2>&1
check_contains out ' unchanged; 0 files written, as every file made was the same as before)'
check_lacks out 'new or changed'
touch app/new.md
printf '# Runbook\n' >app/RUNBOOK.md
commit_all app "a runbook"
"$CAIRN" build >out 2>&1
check "files written, new or changed" grep -Eq ' unchanged; [1-9][0-9]* files written, new or changed\)' out

test_begin summary_when_no_repository_can_be_read
printf 'repos:\n  - path: nowhere\n' >gone.yaml
"$CAIRN" build -c gone.yaml -o gone >out 2>&1
check_contains out 'from 0 services in 1 repository (it could not be read)'
check_lacks out 'some could not be read'
printf 'repos:\n  - path: nowhere\n  - path: app\n' >half.yaml
"$CAIRN" build -c half.yaml -o half >out 2>&1
check_contains out 'in 2 repositories (1 could not be read)'

finish
