# `cairn check`: one repository's working tree linted with the build's
# rules: exit codes, the three output formats exactly, RFCs, post-mortems
# in the shapes real archives use, links, catalog and ownership files, and
# what is never read (symbolic links out, .git, node_modules, big files).
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795000000   # 2026-11-18 UTC

# good_repo DIR: a repository with nothing to report.
good_repo() {
	mkdir -p "$1/docs/rfcs" "$1/docs/postmortems" "$1/docs/runbooks" "$1/.github"
	cat >"$1/docs/rfcs/0001-use-kafka.md" <<'MD'
---
title: Use Kafka
status: accepted
authors: [alice]
date: 2026-09-01
---

## Problem statement

Events are lost.

## Proposed approach

Kafka, see [the runbook](../runbooks/kafka.md#restart).

## Alternatives considered

Nothing.

## Decision rationale

It works.
MD
	cat >"$1/docs/postmortems/2026-10-02-db-outage.md" <<'MD'
---
title: DB outage
date: 2026-10-02
severity: SEV-2
services: [payments]
authors: [alice]
status: final
---

## Action items

- [ ] Add an alert on replication lag @alice due:2026-12-01
- [x] Fix the failover script @bob due:2026-10-20
- [ ] Rewrite everything @carol due:2027-06-01 #deprioritized
- [ ] Document the failover @dave due:2026-11-30
MD
	cat >"$1/docs/runbooks/kafka.md" <<'MD'
# Kafka

## Restart

Run [the script](/scripts/restart.sh) from the [root](../../) folder.
MD
	mkdir -p "$1/scripts"
	printf '#!/bin/sh\n' >"$1/scripts/restart.sh"
	printf '# Payments\n\nSee [docs](docs/) and [RFC 1](docs/rfcs/0001-use-kafka.md).\n' >"$1/README.md"
	printf '* @acme/payments\ndocs/ @alice\n' >"$1/.github/CODEOWNERS"
	cat >"$1/catalog-info.yaml" <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: production
  owner: group:payments-team-not-in-this-repo
  dependsOn: [component:ledger]
YAML
}

test_begin check_clean_repo_exits_0
good_repo clean
make_repo clean
( cd clean && "$CAIRN" check >"$TMP/out" 2>"$TMP/err" )
check "exit 0" test $? -eq 0
check "no diagnostics" test ! -s out
check_contains err 'cairn check: 6 files, 0 errors, 0 warnings'
check_status 0 "--strict" "$CAIRN" check --strict clean
check_status 0 "every format" "$CAIRN" check --format github clean

test_begin check_references_to_other_repositories_are_not_checked
"$CAIRN" check clean >out 2>&1
check_lacks out 'payments-team-not-in-this-repo'
check_lacks out 'ledger'

test_begin check_warnings_exit_0_and_1_with_strict
good_repo warn
cat >warn/docs/rfcs/0002-no-status.md <<'MD'
---
title: No status
---

Body.
MD
check_status 0 "warnings only" "$CAIRN" check warn
check_status 1 "--strict" "$CAIRN" check --strict warn

test_begin check_errors_exit_1
good_repo bad
printf -- '---\ntitle: [unclosed\n---\n\nBody.\n' >bad/docs/runbooks/broken.md
"$CAIRN" check bad >out 2>errout
check "exit 1" test $? -eq 1
check_contains out 'error: user-fixable: bad/docs/runbooks/broken.md:'
check_contains out 'front matter is not valid'
check_contains errout '1 error, 0 warnings'

test_begin check_formats_exactly
mkdir -p fmt/docs
cat >fmt/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "no good"
YAML
printf '# Notes\n\nSee [the plan](plan%%,v2.md).\n' >'fmt/docs/a,b:c.md'
printf 'bin\000ary' >fmt/docs/z.md
cat >want.cairn <<'EOF'
error: user-fixable: catalog-info.yaml:4: metadata.name "no good" is not a valid name: use letters and digits, separated by "-", "_" or ".", at most 63 characters
warning: user-fixable: docs/a,b:c.md:3: link "plan%,v2.md" names a file that is not in the repository; fix or remove it
warning: user-fixable: docs/z.md: file is not text (it holds NUL bytes): skipped; Markdown was expected
EOF
cat >want.gcc <<'EOF'
catalog-info.yaml:4: error: metadata.name "no good" is not a valid name: use letters and digits, separated by "-", "_" or ".", at most 63 characters
docs/a,b:c.md:3: warning: link "plan%,v2.md" names a file that is not in the repository; fix or remove it
docs/z.md: warning: file is not text (it holds NUL bytes): skipped; Markdown was expected
EOF
cat >want.github <<'EOF'
::error file=fmt/catalog-info.yaml,line=4::metadata.name "no good" is not a valid name: use letters and digits, separated by "-", "_" or ".", at most 63 characters
::warning file=fmt/docs/a%2Cb%3Ac.md,line=3::link "plan%25,v2.md" names a file that is not in the repository; fix or remove it
::warning file=fmt/docs/z.md::file is not text (it holds NUL bytes): skipped; Markdown was expected
EOF
( cd fmt && "$CAIRN" check >../got.cairn 2>/dev/null )
check "cairn format (the default)" cmp got.cairn want.cairn
( cd fmt && "$CAIRN" check --format cairn . >../got.cairn2 2>/dev/null )
check "--format cairn, PATH ." cmp got.cairn2 want.cairn
( cd fmt && "$CAIRN" check --format gcc ./ >../got.gcc 2>/dev/null )
check "gcc format" cmp got.gcc want.gcc
"$CAIRN" check --format github fmt/ >got.github 2>/dev/null
check "github format, paths from PATH, escaped" cmp got.github want.github
"$CAIRN" check --format gcc fmt >got.gcc2 2>/dev/null
check_contains got.gcc2 'fmt/docs/z.md: warning: '
"$CAIRN" check fmt >/dev/null 2>got.summary
check "summary on stderr" test "$(tail -n 1 got.summary)" = "cairn check: 3 files, 1 error, 2 warnings"
check "the kinds found on stderr" grep -q '^cairn check: found [0-9]* README' got.summary

test_begin check_postmortem_plain_list_without_owners
mkdir -p pm1/postmortems
cat >pm1/postmortems/2026-01-05-db.md <<'MD'
# Database outage

## Action Items

- Add an alert
- Fix the failover script
- Write docs
- Another one
MD
"$CAIRN" check pm1 >out 2>&1
check "exit 0 (warnings)" test $? -eq 0
check_contains out 'warning: user-fixable: pm1/postmortems/2026-01-05-db.md:5: action item "Add an alert" has no owner: add one @handle'
check_contains out 'pm1/postmortems/2026-01-05-db.md:5: action item "Add an alert" has no due date: add due:YYYY-MM-DD'
check_contains out 'pm1/postmortems/2026-01-05-db.md:8: post-mortem has more than 3 action items: keep the 3 that matter most'
check_lacks out 'has no date'
"$CAIRN" check --max-action-items 4 pm1 >out 2>&1
check_lacks out 'more than'
"$CAIRN" check --max-action-items 2 pm1 >out 2>&1
check_contains out 'pm1/postmortems/2026-01-05-db.md:7: post-mortem has more than 2 action items'
"$CAIRN" check --max-action-items 0 pm1 >out 2>&1
check_lacks out 'more than'

test_begin check_postmortem_with_a_table
mkdir -p pm2/docs/postmortems
cat >pm2/docs/postmortems/cert.md <<'MD'
---
title: Certificate expiry
date: 2026-02-01
---

## Follow-up items

| Action | Owner | Due | Status |
| --- | --- | --- | --- |
| Alert on expiry | @alice | 2026-03-01 | open |
| Rotate automatically | | | open |
| Split the cert | @a, @b | soon | open |
| Buy a bigger one | | | wontfix |
MD
"$CAIRN" check pm2 >out 2>&1
check_contains out 'pm2/docs/postmortems/cert.md:11: action item "Rotate automatically" has no owner: fill in its owner column with one person'
check_contains out 'pm2/docs/postmortems/cert.md:11: action item "Rotate automatically" has no due date: fill in its due column as YYYY-MM-DD'
check_contains out 'pm2/docs/postmortems/cert.md:12: action item "Split the cert" has 2 owners: assign it to one person'
check_contains out 'pm2/docs/postmortems/cert.md:12: action item "Split the cert" has due date "soon", which is not a real date: write it as YYYY-MM-DD'
check_lacks out 'Alert on expiry'
check_lacks out 'Buy a bigger one'

test_begin check_postmortem_without_a_date
mkdir -p pm3/docs/postmortems
printf -- '---\ntitle: Undated\n---\n\n## Summary\n\nIt broke.\n' >pm3/docs/postmortems/undated.md
"$CAIRN" check pm3 >out 2>&1
check_contains out 'pm3/docs/postmortems/undated.md:'
check_contains out 'post-mortem has no date'

test_begin check_rfc_without_status
mkdir -p rfc1/docs/adr rfc1/docs/rfcs
cat >rfc1/docs/rfcs/0003-no-status.md <<'MD'
---
title: No status here
authors: [bob]
---

## Problem statement

Something.
MD
cat >rfc1/docs/adr/0001-record.md <<'MD'
# 1. Record architecture decisions

Date: 2026-01-02

## Context

We need to.
MD
printf '# Decisions\n\nThe index.\n' >rfc1/docs/adr/README.md
printf '# Title\n\n## Status\n\nWhatever\n' >rfc1/docs/adr/template.md
"$CAIRN" check rfc1 >out 2>&1
check "exit 0" test $? -eq 0
check_contains out 'rfc1/docs/rfcs/0003-no-status.md:2: rfc has no status: add "status: draft"'
check_contains out 'rfc1/docs/rfcs/0003-no-status.md:6: rfc is missing its "Proposed approach" section'
check_contains out 'rfc1/docs/adr/0001-record.md:'
check_contains out 'adr has no status'
check_lacks out 'README.md'
check_lacks out 'template.md'

test_begin check_sees_uncommitted_changes
good_repo live
make_repo live
check_status 0 "committed: clean" "$CAIRN" check --strict live
sed -i 's/^status: accepted$//' live/docs/rfcs/0001-use-kafka.md
"$CAIRN" check live >out 2>&1
check_contains out 'live/docs/rfcs/0001-use-kafka.md:'
check_contains out 'rfc has no status'
check_status 1 "--strict sees the edit" "$CAIRN" check --strict live
printf '# New\n\n[gone](../nowhere.md)\n' >live/docs/untracked.md
"$CAIRN" check live >out 2>&1
check_contains out 'live/docs/untracked.md:3: link "../nowhere.md" names a file that is not in the repository'
rm live/scripts/restart.sh
"$CAIRN" check live >out 2>&1
check_contains out 'live/docs/runbooks/kafka.md:5: link "/scripts/restart.sh" names a file that is not in the repository'
check "the commit is untouched" sh -c "cd live && git show HEAD:docs/rfcs/0001-use-kafka.md | grep -q '^status: accepted$'"

test_begin check_links
mkdir -p links/docs/sub links/img
printf 'x' >links/img/logo.png
cat >links/docs/sub/page.md <<'MD'
# Page

[up](../../README.md) [folder](../sub/) [anchor](#page) [web](https://example.com/x.md)
![logo](../../img/logo.png) ![missing](../../img/nope.png)
[out](../../../etc/passwd) [encoded](my%20file.md) [query](page.md?plain=1#x)
MD
printf '# Readme\n' >links/README.md
printf 'x' >'links/docs/sub/my file.md'
"$CAIRN" check links >out 2>&1
check_contains out 'links/docs/sub/page.md:4: image "../../img/nope.png" names a file that is not in the repository; fix or remove it'
check_contains out 'links/docs/sub/page.md:5: link "../../../etc/passwd" points outside the repository'
check "only those two" test "$(wc -l <out)" -eq 5 # and the three summary lines

test_begin docs_site_links_name_their_sources
# a repository that is a docs site's source (Middleman: source/x.html.md is
# served at /x.html): links written from the site's root name pages
mkdir -p mm/source/manual mm/source/kubernetes/app mm/source/images
printf '# MM\n' >mm/README.md
cat >mm/source/manual/a.html.md <<'MD'
# A

[b](/manual/b.html#step-2), [the app](/kubernetes/app/), [b again](b.html)

![pod](/images/pod.svg) and [a repo](/repos/frontend.html)

[a draft](/drafts/c.html): a Markdown file that is not a document
MD
mkdir -p mm/source/drafts
printf '# C\n' >mm/source/drafts/c.html.md
printf '# B\n' >mm/source/manual/b.html.md
printf '# App\n' >mm/source/kubernetes/app/index.html.md
printf '<svg xmlns="http://www.w3.org/2000/svg"/>' >mm/source/images/pod.svg
printf 'paths: {docs: ["source/**/*.md"], exclude: ["source/drafts/**"]}\n' >mm/.cairn.yaml
make_repo mm
"$CAIRN" check mm >out 2>&1
check_contains out 'mm/source/manual/a.html.md:5: link "/repos/frontend.html" names a file that is not in the repository'
check "only the link to a page the site makes from elsewhere" test "$(grep -c 'names a file' out)" -eq 1
printf 'repos:\n  - path: mm\n' >mm.yaml
"$CAIRN" build -c mm.yaml -o mmsite >out 2>&1
check "build reports only that link too" test "$(grep -c 'names a file' out)" -eq 1
# x.html.md is published as x/, as x.md would be
P=mmsite/services/mm/source/manual/a/index.html
check_file "$P"
check_contains "$P" 'href="../b/#step-2"'
check_contains "$P" 'href="../../kubernetes/app/index/"'
check_contains "$P" 'href="../b/"'
check_contains "$P" 'src="../../images/pod.svg"'
check_no_file mmsite/services/mm/source/drafts/c/index.html
check_file mmsite/services/mm/source/images/pod.svg

test_begin missing_link_reported_once_with_a_hint
# a reference link used three times is one warning, at its definition; a
# web address without its scheme gets a hint, in check and in build alike
mkdir -p refs/docs
cat >refs/docs/guide.md <<'MD'
# Guide

See [the plan][plan], [the plan again][plan] and [once more][plan].

Also [Boost](www.boost.org/doc/libs/reference.html) and [play](play.rust-lang.org/).

[plan]: plan.md
MD
printf '# Refs\n' >refs/README.md
make_repo refs
"$CAIRN" check refs >out 2>&1
check_contains out 'refs/docs/guide.md:7: link "plan.md" names a file that is not in the repository; fix or remove it'
check "plan.md reported once" test "$(grep -c 'link "plan.md"' out)" -eq 1
check_contains out 'refs/docs/guide.md:5: link "www.boost.org/doc/libs/reference.html" names a file that is not in the repository; did you mean "https://www.boost.org/doc/libs/reference.html"?'
check_contains out 'link "play.rust-lang.org/" names a file that is not in the repository; did you mean "https://play.rust-lang.org/"?'
printf 'repos:\n  - path: refs\n' >refs.yaml
"$CAIRN" build -c refs.yaml -o refsite >out 2>&1
check_contains out 'refs:docs/guide.md:7: link "plan.md" names a file that is not in the repository; fix or remove it'
check "plan.md reported once by build" test "$(grep -c 'link "plan.md"' out)" -eq 1
check_contains out 'refs:docs/guide.md:5: link "www.boost.org/doc/libs/reference.html" names a file that is not in the repository; did you mean "https://www.boost.org/doc/libs/reference.html"?'

test_begin check_never_follows_symlinks_out
mkdir -p outside sl/docs/runbooks sl/docs
printf '# Secret\n\n[x](nowhere.md)\n' >outside/leak.md
ln -s "$TMP/outside/leak.md" sl/docs/runbooks/leak.md
ln -s "$TMP/outside" sl/docs/linked
printf '# Ok\n\n[linked](linked/leak.md) [runbook](runbooks/leak.md)\n' >sl/docs/index.md
"$CAIRN" check sl >out 2>&1
check_contains out 'sl/docs/runbooks/leak.md: symbolic link is not followed'
check_contains out 'sl/docs/index.md:3: link "linked/leak.md" names a file that is not in the repository'
check_lacks out 'nowhere.md'
check_lacks out 'link "runbooks/leak.md"'

test_begin check_skips_git_node_modules_and_nested_repos
good_repo skip
make_repo skip
mkdir -p skip/docs/node_modules/pkg skip/docs/vendored
printf -- '---\ntitle: [bad\n---\n' >skip/docs/node_modules/pkg/x.md
printf -- '---\ntitle: [bad\n---\n' >skip/docs/vendored/x.md
make_repo skip/docs/vendored
check_status 0 "clean" "$CAIRN" check --strict skip
rm -rf skip/docs/vendored/.git
check_status 1 "the same folder outside a nested repository is read" "$CAIRN" check skip

test_begin check_big_binary_and_invalid_utf8
mkdir -p big/docs
head -c 5000000 /dev/zero | tr '\0' 'a' >big/docs/huge.md
printf 'caf\351\n' >big/docs/latin1.md
printf 'a\000b' >big/docs/bin.md
# a Git LFS pointer where a runbook and an OpenAPI file are expected, and
# a file saved as UTF-16
mkdir -p big/docs/runbooks
lfs='version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n'
printf "$lfs" >big/docs/runbooks/failover.md
printf "$lfs" >big/openapi.yaml
printf '\377\376#\000 \000T\000\n\000' >big/docs/wide.md
"$CAIRN" check big >out 2>&1
check_contains out 'big/docs/huge.md: file is 5000000 bytes, over the 4194304-byte limit: skipped'
check_contains out 'big/docs/latin1.md:1: file is not valid UTF-8'
check_contains out 'big/docs/bin.md: file is not text (it holds NUL bytes)'
check_contains out 'big/docs/runbooks/failover.md: file is a Git LFS pointer: its content is stored outside git, and cairn reads what git holds: skipped; keep it out of Git LFS (.gitattributes); Markdown was expected'
check_contains out 'big/openapi.yaml: file is a Git LFS pointer'
check_contains out 'big/docs/wide.md: file is UTF-16, not UTF-8: skipped; save it as UTF-8'

test_begin check_catalog_and_ownership
mkdir -p own/.github own/services/api
printf '* @acme/team\n*.js notanowner\n' >own/.github/CODEOWNERS
printf '* @other\n' >own/CODEOWNERS
printf 'approvers: [alice]\nbogus: 1\n' >own/services/api/OWNERS
printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\n  bad: [\n' >own/services/api/catalog-info.yaml
cat >own/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: twice
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: twice
YAML
"$CAIRN" check own >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'own/.github/CODEOWNERS:2: '
check_contains out 'notanowner'
check_contains out 'warning: user-fixable: own/CODEOWNERS: CODEOWNERS file is not read: ".github/CODEOWNERS" comes first'
check_contains out 'own/services/api/OWNERS:'
check_contains out 'error: user-fixable: own/services/api/catalog-info.yaml:'
check_contains out 'catalog descriptor is not valid YAML'
check_contains out 'nothing of the file is read'
check_contains out 'own/catalog-info.yaml:'
check_contains out 'twice'

test_begin check_monorepo_component_folders
mkdir -p mono/services/api/docs/rfcs mono/services/other/docs/rfcs
printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\n' >mono/services/api/catalog-info.yaml
printf -- '---\ntitle: In a home\n---\n\nBody.\n' >mono/services/api/docs/rfcs/0001-x.md
printf -- '---\ntitle: Not in a home\n---\n\nBody.\n' >mono/services/other/docs/rfcs/0001-y.md
"$CAIRN" check mono >out 2>&1
check_contains out 'mono/services/api/docs/rfcs/0001-x.md:2: rfc has no status'
# not linted (no component's home holds it), but named as not read, as the
# build names it
check_lacks out '0001-y.md:'
check_contains out '1 Markdown file is not read: 1 under services/other/docs/rfcs/'

test_begin check_usage
check_status 2 "unknown format" "$CAIRN" check --format json clean
check_status 2 "two paths" "$CAIRN" check clean good
check_status 2 "not a folder" "$CAIRN" check clean/README.md
check_status 2 "missing folder" "$CAIRN" check no-such-folder
check_status 2 "bad --max-action-items" "$CAIRN" check --max-action-items many clean
check_status 2 "unknown option" "$CAIRN" check --frob clean
"$CAIRN" check no-such-folder >out 2>&1
check_contains out 'cairn check: cannot read folder "no-such-folder"'
check_status 0 "cairn check --help" "$CAIRN" check --help
check_status 0 "cairn help check" "$CAIRN" help check
"$CAIRN" help check >h 2>&1
check_contains h '--format'
check_contains h '--max-action-items'

test_begin not_the_root
# a folder below a repository's root matches none of the places: a hint,
# not a silent pass
mkdir -p deep/docs/runbooks
printf '# Restart\n' >deep/docs/runbooks/restart.md
(cd deep && $G init -q . && $G add -A && $G commit -qm init)
"$CAIRN" check deep/docs/runbooks >out 2>err
check "exit 0" test $? -eq 0
check_contains err 'deep/docs/runbooks has no .git'
"$CAIRN" check deep >out 2>err
check_lacks err 'has no .git'
check_contains err '1 runbook'

test_begin a_bare_repository_is_said_to_be_one
# nothing to read in a bare repository: said so, exit 2 (it passed with
# 0 files and advice about a missing .git)
mkdir -p bare-src && printf '# B\n' >bare-src/README.md && make_repo bare-src
$G clone -q --bare bare-src bare.git
"$CAIRN" check bare.git >bare.out 2>bare.err
check "exit 2" test $? -eq 2
check_contains bare.err 'cairn check: bare.git is a bare repository: it has no working tree to read'


test_begin markdown_the_portal_would_not_read
# post-mortems at the root (dfds/postmortems): the build's hint, here too,
# so --strict fails in the team's CI as it does in the portal's
mkdir -p pms
printf '# PMs\n' >pms/README.md
for n in 1 2 3 4; do printf '# Outage %s\n\nDate: 2019-01-0%s\n' $n $n >"pms/PM2019-00$n - outage.md"; done
make_repo pms
"$CAIRN" check --strict pms >pms.out 2>pms.err
check "exit 1 with --strict" test $? -eq 1
check_contains pms.out '4 Markdown files are not read: 4 at the root look like post-mortems'
check_contains pms.out 'paths: {postmortems: ["PM*.md"]}'
printf 'paths:\n  postmortems: ["PM*.md"]\n' >pms/.cairn.yaml
"$CAIRN" check --strict pms >pms.out 2>pms.err
check "exit 0 once .cairn.yaml says where they are" test $? -eq 0
check_contains pms.err '4 post-mortems'

finish
