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

test_begin file_names_in_other_scripts
# addresses keep letters of any script (Latin ones lose their accents)
mkdir -p intl/docs/runbooks
printf '# Intl\n\n[Привет](docs/привет.md), [Über](docs/Über%%20uns.md), [日本語](docs/日本語.md).\n' >intl/README.md
printf '# Привет\n\nТекст страницы.\n' >intl/docs/привет.md
printf '# Мир\n\nВторая.\n' >intl/docs/мир.md
printf '# Über uns\n\nWir.\n' >'intl/docs/Über uns.md'
printf '# 設計\n\n日本語のページ。\n' >intl/docs/日本語.md
printf '# Zurücksetzen\n\nSchritte.\n' >intl/docs/runbooks/zurücksetzen.md
make_repo intl
printf 'repos:\n  - path: intl\n' >intl.yaml
"$CAIRN" build -c intl.yaml -o intlsite >out 2>&1
check "exit 0" test $? -eq 0
check_lacks out 'same address'
p=intlsite/services/intl/docs
check_contains $p/привет/index.html '<h1>Привет</h1>'
check_contains $p/мир/index.html '<h1>Мир</h1>'
check_contains $p/uber-uns/index.html '<h1>Über uns</h1>'
check_contains $p/日本語/index.html '<h1>設計</h1>'
check_file $p/runbooks/zurucksetzen/index.html
check_contains intlsite/services/intl/index.html 'href="docs/привет/"'
check_contains intlsite/services/intl/index.html 'href="docs/uber-uns/"'
check_contains intlsite/services/intl/index.html 'href="docs/日本語/"'
check "the search files name the addresses" grep -rqF 'services/intl/docs/\u043c\u0438\u0440/' intlsite/search
# another file of the same script: the others keep their addresses
printf '# Ещё\n\nТретья.\n' >intl/docs/ещё.md
commit_all intl "another page"
"$CAIRN" build -c intl.yaml -o intlsite >out 2>&1
printf 'cache: fresh-cache\nrepos:\n  - path: intl\n' >fresh.yaml
"$CAIRN" build -c fresh.yaml -o intlfresh >/dev/null 2>&1
check_contains $p/мир/index.html '<h1>Мир</h1>'
check_contains $p/ещё/index.html '<h1>Ещё</h1>'
check "rebuild equals a fresh build" diff -r -x .cairn-manifest intlsite intlfresh


test_begin not_found_page_with_base_url
# served for a missing address at any depth: every link absolute, the
# navigation's too, and no section marked as the current page
printf 'title: T\nbase_url: /portal\noutput: nfsite\ncache: nfcache\nrepos:\n  - path: app\n' >nf.yaml
"$CAIRN" build -q -c nf.yaml >/dev/null 2>&1
check_contains nfsite/404.html '<a href="/portal/services/">Services</a>'
check_contains nfsite/404.html '<a href="/portal/">Home</a>'
check "no relative link" sh -c '! grep -Eo "href=\"[^\"/#][^\"]*\"" nfsite/404.html | grep -v "^href=\"https\?:"'
check_lacks nfsite/404.html 'aria-current'


test_begin codeowners_star_rule_with_several_owners
# "* @povilasv @skl": both own the service (kubernetes-monitoring's mixin)
mkdir -p mixin
printf '# mixin\n' >mixin/README.md
printf '\n* @povilasv @acme/sre\n' >mixin/CODEOWNERS
make_repo mixin
printf 'output: msite\ncache: mcache\nrepos:\n  - path: mixin\n' >mixin.yaml
"$CAIRN" build -q -c mixin.yaml >/dev/null 2>&1
check_contains msite/services/mixin/index.html '<a href="../../teams/povilasv/">@povilasv</a>, <a href="../../teams/acme-sre/">@acme/sre</a>'
check_contains msite/teams/acme-sre/index.html 'href="../../services/mixin/"'
check "catalog.json lists both owners" python3 -c "
import json
s = json.load(open('msite/catalog.json'))['services'][0]
assert s['owner'] == '@povilasv' and s['owners'] == ['@povilasv', '@acme/sre'], s
"


test_begin api_no_service_provides_has_its_owners_team
mkdir -p bsdemo
printf '# demo\n' >bsdemo/README.md
cat >bsdemo/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: backstage-demo}
spec: {type: website, owner: backstage/maintainers, lifecycle: experimental, consumesApis: [demo-graphql]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: demo-graphql}
spec: {type: graphql, lifecycle: production, owner: backstage/maintainers, definition: "type Query { a: Int }"}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: maintainers, namespace: backstage}
spec: {type: team, children: []}
YAML
make_repo bsdemo
printf 'output: bsite\ncache: bcache\nrepos:\n  - path: bsdemo\n' >bsdemo.yaml
"$CAIRN" build -q -c bsdemo.yaml >/dev/null 2>&1
check "the API's team is its owner's" python3 -c "
import json
a = json.load(open('bsite/catalog.json'))['apis'][0]
assert a['name'] == 'demo-graphql' and a['team'] == 'maintainers', a
"

finish
