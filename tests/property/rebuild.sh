#!/bin/sh
# The "rebuild equals fresh build" property (issue 14).
#
# Takes the demo organisation (tests/property/fixture.sh, made by
# scripts/demo.sh) through a seeded random sequence of changes, each one a
# real git commit or tag (or a change of the deploy feed, cairn.yaml, the
# theme or the portal's own pages).  After each change it runs
#   - the incremental build: the same output folder and cache as before, and
#   - a build of the same state from scratch: an empty output and cache,
# with SOURCE_DATE_EPOCH fixed, and compares
#   1. every published file, byte for byte (diff -r; see FX_DIFF_EXCLUDE in
#      fixture.sh for the bookkeeping files left out, and why),
#   2. the diagnostics (standard error, sorted, without the summary line
#      that counts pages made/unchanged and the time),
#   3. the exit status.
# It stops at the first mismatch and says which step, which change, and what
# differs (unless PROPERTY_KEEP_GOING=1: then it reports each mismatching
# step, builds the live site again from scratch to get back in step, and
# goes on).
#
# Before the sequence and after it, it checks that a build from scratch is
# deterministic: two more fresh builds of the state (one with -j 1) must be
# equal to the first.
#
# Usage: CAIRN=build/cairn sh tests/property/rebuild.sh [WORKDIR]
# Environment:
#   PROPERTY_SEED    the seed (default 1); printed, so a failure can be replayed
#   PROPERTY_STEPS   the number of changes (default 40)
#   PROPERTY_KINDS   only these kinds of change (space-separated; default all)
#   PROPERTY_KEEP_GOING=1  report every mismatching step instead of stopping
#   PROPERTY_VERBOSE=1     print the diagnostics of each build too
#   PROPERTY_IGNORE=ERE    for exploring only (never in the tests): lines of
#                    `diff -rq` and diagnostics matching ERE do not count, to
#                    look for other bugs past a known one
# Exit status: 0 every step matched; 1 a mismatch; 2 the fixture could not
# be made; 3 fresh builds are not deterministic.
set -u
: "${CAIRN:?set CAIRN to the cairn binary}"
FX_TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$FX_TOP/tests/property/fixture.sh"

SEED=${PROPERTY_SEED:-1}
STEPS=${PROPERTY_STEPS:-40}
KEEP_GOING=${PROPERTY_KEEP_GOING:-0}
IGNORE=${PROPERTY_IGNORE:-}
ALL_KINDS="edit_doc add_doc delete_doc rename_doc add_image edit_image delete_image
rename_image deploy_tag delete_tag feed catalog config theme readme postmortem content clock alert
link_target nothing"
KINDS=${PROPERTY_KINDS:-$ALL_KINDS}
# edits of documents are the most common change in real life: twice as likely
KINDS=$(echo $KINDS | tr ' ' '\n')
case " $(echo $KINDS) " in *" edit_doc "*) KINDS="$KINDS
edit_doc" ;; esac

if [ $# -ge 1 ]; then
	WORK=$1
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-prop.XXXXXX")
	[ -n "${CAIRN_KEEP_TMP:-}" ] || trap 'rm -rf "$WORK"' EXIT
fi
WORK=$(cd "$WORK" && pwd)

# ---- the random numbers: a 31-bit LCG, the same in every POSIX shell -----
RNG=$(( (SEED * 2654435761 + 12345) % 2147483648 ))
# rnd N: R = a number in 0..N-1
rnd() {
	RNG=$(( (RNG * 1103515245 + 12345) % 2147483648 ))
	R=$(( (RNG / 65536) % $1 ))
}
# pick LINES: P = one of the non-empty lines of LINES ("" when none)
pick() {
	pn=$(printf '%s\n' "$1" | grep -c .)
	if [ "$pn" -eq 0 ]; then P=""; return 1; fi
	rnd "$pn"
	P=$(printf '%s\n' "$1" | grep . | sed -n "$((R + 1))p")
}
WORDS=$(echo latency failover replica quorum backlog capture refund ledger token \
	cache shard rollout canary throttle retry timeout webhook partition \
	idempotent checkout basket search index preference consumer producer | tr " " "\n")
words() { # words N: W = N random words
	W=""
	wi=0
	while [ "$wi" -lt "$1" ]; do
		pick "$WORDS"
		W="$W${W:+ }$P"
		wi=$((wi + 1))
	done
}
PEOPLE=$(echo alice ravi marta tomas priya jonas kemi sam lena diego hana | tr " " "\n")

# ---- making changes -------------------------------------------------------
STEP=0
# the time of the changes of this step: after the demo's history, before
# "today" (SOURCE_DATE_EPOCH) for the first 360 steps
now_t() { T=$((FX_NOW - 6 * 3600 + STEP * 60)); }
day() { date -u -d "@$1" +%Y-%m-%d; }

# commit REPO MESSAGE: commits everything in REPO's working tree (pushed
# to its bare repository when it has one); status 1 when nothing changed.
commit() {
	d=$(fx_wd "$1")
	fx_git -C "$d" add -A
	if fx_git -C "$d" diff --cached --quiet; then return 1; fi
	now_t
	pick "$PEOPLE"
	GIT_AUTHOR_NAME=$P GIT_AUTHOR_EMAIL=$P@acme.example \
	GIT_COMMITTER_NAME=$P GIT_COMMITTER_EMAIL=$P@acme.example \
	GIT_AUTHOR_DATE="$T +0000" GIT_COMMITTER_DATE="$T +0000" \
		fx_git -C "$d" commit -q -m "$2" || return 1
	if fx_is_pushed "$1"; then fx_git -C "$d" push -q origin HEAD:main || return 1; fi
	return 0
}

# relpath FROM TARGET: TARGET (a path from the repository's root) as a link
# written in the file FROM (also from the root)
relpath() {
	dir=$(dirname "$1")
	pre=""
	while [ "$dir" != "." ]; do
		pre="../$pre"
		dir=$(dirname "$dir")
	done
	echo "$pre$2"
}

docs_of() { # the Markdown files of a repository but its README.md
	fx_git -C "$(fx_wd "$1")" ls-files -- '*.md' | grep -v '^README\.md$'
}
images_of() {
	fx_git -C "$(fx_wd "$1")" ls-files -- 'docs/img/*' '*.svg' '*.png' | sort -u
}
pick_repo() { pick "$FX_REPOS"; REPO=$P; D=$(fx_wd "$REPO"); }
# the services a repository holds (deploy feed records name them)
services_of() {
	case $1 in
	engagement) echo "notifications
search" ;;
	*) echo "$1" ;;
	esac
}

PNG_B64="iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
# make_image PATH: a small SVG or PNG that differs with each step
make_image() {
	mkdir -p "$(dirname "$1")"
	case $1 in
	*.png)
		printf '%s' "$PNG_B64" | base64 -d >"$1"
		printf 'step %s %s' "$STEP" "$RNG" >>"$1"
		;;
	*)
		rnd 16777216
		printf '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#%06x"/><text x="8" y="24">step %s</text></svg>\n' "$R" "$STEP" >"$1"
		;;
	esac
}

# each change_KIND makes one change and sets WHAT (what it did); status 1
# when there was nothing to change (the step is then a rebuild with no
# change, which is also worth checking).

change_nothing() { WHAT="nothing (a rebuild with no change)"; }

# the clock moves on (a minute to a week): windows of days ending at the
# build (recent deploys, weekly charts, stale runbooks) and who is on call
change_clock() {
	rnd 6
	case $R in
	0) dt=60 ;;
	1) dt=3600 ;;
	2) dt=$((5 * 3600 + 17)) ;;
	3) dt=86400 ;;
	4) dt=$((2 * 86400 + 1)) ;;
	*) dt=$((7 * 86400)) ;;
	esac
	FX_NOW=$((FX_NOW + dt))
	SOURCE_DATE_EPOCH=$FX_NOW
	export SOURCE_DATE_EPOCH
	WHAT="clock: $dt s later"
}

change_edit_doc() {
	pick_repo
	pick "$(docs_of "$REPO")" || { WHAT="edit_doc: $REPO has no documents"; return 1; }
	f=$P
	rnd 7
	v=$R
	words 6
	case $v in
	0) printf '\nStep %s note: %s.\n' "$STEP" "$W" >>"$D/$f"; how="append a paragraph" ;;
	1) printf '\n## Section %s %s\n\n%s.\n' "$STEP" "$W" "$W" >>"$D/$f"; how="append a section" ;;
	2)
		pick "$(docs_of "$REPO"; echo README.md)"
		printf '\nSee [%s](%s).\n' "$P" "$(relpath "$f" "$P")" >>"$D/$f"
		how="link to $P"
		;;
	3) printf '\nSee [missing](missing-%s.md).\n' "$STEP" >>"$D/$f"; how="link to a missing file" ;;
	4)
		if head -n 1 "$D/$f" | grep -q '^---'; then
			sed -i "0,/^title:.*/s//title: Retitled at step $STEP/" "$D/$f"
		else
			sed -i "0,/^# .*/s//# Retitled at step $STEP/" "$D/$f"
		fi
		how="retitle"
		;;
	5)
		pick "$(images_of "$REPO")" || P=docs/img/none.svg
		printf '\n![image %s](%s)\n' "$STEP" "$(relpath "$f" "$P")" >>"$D/$f"
		how="reference the image $P"
		;;
	6) printf '\nA [web link](https://example.com/%s), a [bad one](javascript:alert(%s)) and `code %s`.\n' \
		"$STEP" "$STEP" "$W" >>"$D/$f"; how="append links" ;;
	esac
	WHAT="edit_doc: $REPO:$f ($how)"
	commit "$REPO" "Edit $f"
}

change_add_doc() {
	pick_repo
	words 8
	rnd 6
	case $R in
	0) f=docs/runbooks/added-$STEP.md
	   body="# Runbook $STEP

## Symptoms

$W.

## Mitigation

Restart the $W." ;;
	1) rnd 7
	   st=$(echo "draft review accepted rejected superseded withdrawn maybe" | cut -d' ' -f$((R + 1)))
	   f=docs/rfcs/$((9000 + STEP))-added-$STEP.md
	   body="---
title: RFC $STEP $W
status: $st
authors: [alice]
date: $(day $((FX_NOW - STEP * 3600)))
---

## Problem statement

$W.

## Proposed approach

$W." ;;
	2) f=docs/adr/$((500 + STEP))-decision-$STEP.md
	   body="# $((500 + STEP)). Decision $STEP

## Status

Accepted

## Context

$W." ;;
	3) f=docs/added-$STEP.md
	   body="# Notes $STEP

$W." ;;
	4) f=docs/guides/deep/added-$STEP.md
	   body="# Deep guide $STEP

See [the README](../../../README.md) and [nothing](nothing-$STEP.md).

$W." ;;
	5) f=docs/with-image-$STEP.md
	   pick "$(images_of "$REPO")" || P=docs/img/none.svg
	   body="# Picture $STEP

![a picture]($(relpath "$f" "$P"))

$W." ;;
	esac
	mkdir -p "$D/$(dirname "$f")"
	printf '%s\n' "$body" >"$D/$f"
	WHAT="add_doc: $REPO:$f"
	commit "$REPO" "Add $f"
}

change_delete_doc() {
	pick_repo
	pick "$(docs_of "$REPO")" || { WHAT="delete_doc: $REPO has no documents"; return 1; }
	fx_git -C "$D" rm -q -- "$P"
	WHAT="delete_doc: $REPO:$P"
	commit "$REPO" "Delete $P"
}

change_rename_doc() {
	pick_repo
	pick "$(docs_of "$REPO")" || { WHAT="rename_doc: $REPO has no documents"; return 1; }
	f=$P
	pick "docs
docs/runbooks
docs/rfcs
docs/postmortems
docs/other
$(dirname "$f")"
	b=$(basename "$f" .md)
	to=$P/${b%-r[0-9]*}-r$STEP.md
	mkdir -p "$D/$P"
	fx_git -C "$D" mv -- "$f" "$to"
	WHAT="rename_doc: $REPO:$f -> $to"
	commit "$REPO" "Rename $f"
}

# What a document's links resolve to changes while the document does not:
# a file it links to comes or goes (a document, then a page; a file in a
# folder, then a folder of the repository).  The pages that link to them
# are not edited, and must still be made again.
change_link_target() {
	pick_repo
	t=docs/linked-target.md
	td=docs/linked-dir
	rnd 3
	case $R in
	0)
		pick "$(docs_of "$REPO")" || { WHAT="link_target: $REPO has no documents"; return 1; }
		printf '\nSee [the target](%s), [its folder](%s) and [its notes](%s).\n' \
			"$(relpath "$P" "$t")" "$(relpath "$P" "$td")" "$(relpath "$P" "$td/notes.txt")" >>"$D/$P"
		how="$P links to $t and $td/"
		;;
	1)
		if [ -f "$D/$t" ]; then
			fx_git -C "$D" rm -q -- "$t"
			how="$t removed"
		else
			mkdir -p "$D/docs"
			printf '# Linked target %s\n\nText.\n' "$STEP" >"$D/$t"
			how="$t added"
		fi
		;;
	*)
		if [ -d "$D/$td" ]; then
			fx_git -C "$D" rm -q -r -- "$td"
			rm -rf "${D:?}/$td"
			how="$td/ removed"
		else
			mkdir -p "$D/$td"
			printf 'notes %s\n' "$STEP" >"$D/$td/notes.txt"
			how="$td/notes.txt added"
		fi
		;;
	esac
	WHAT="link_target: $REPO ($how)"
	commit "$REPO" "Link target: $how"
}

change_add_image() {
	pick_repo
	rnd 2
	if [ "$R" -eq 0 ]; then img=docs/img/pic-$STEP.svg; else img=docs/img/pic-$STEP.png; fi
	make_image "$D/$img"
	pick "$(docs_of "$REPO"; echo README.md)"
	f=$P
	rnd 3
	if [ "$R" -eq 0 ]; then
		printf '\n<p align="center"><img src="%s" alt="picture %s" width="60"></p>\n' \
			"$(relpath "$f" "$img")" "$STEP" >>"$D/$f"
	else
		printf '\n![picture %s](%s)\n' "$STEP" "$(relpath "$f" "$img")" >>"$D/$f"
	fi
	WHAT="add_image: $REPO:$img, referenced from $f"
	commit "$REPO" "Add $img"
}

change_edit_image() {
	pick_repo
	pick "$(images_of "$REPO")" || { WHAT="edit_image: $REPO has no images"; return 1; }
	img=$P
	case $img in
	*.svg) printf '<!-- edited at step %s -->\n' "$STEP" >>"$D/$img" ;;
	*) printf 'edit %s' "$STEP" >>"$D/$img" ;;
	esac
	WHAT="edit_image: $REPO:$img"
	commit "$REPO" "Edit $img"
}

change_delete_image() {
	pick_repo
	pick "$(images_of "$REPO")" || { WHAT="delete_image: $REPO has no images"; return 1; }
	fx_git -C "$D" rm -q -- "$P"
	WHAT="delete_image: $REPO:$P (references left as they are)"
	commit "$REPO" "Delete $P"
}

change_rename_image() {
	pick_repo
	pick "$(images_of "$REPO")" || { WHAT="rename_image: $REPO has no images"; return 1; }
	img=$P
	ext=${img##*.}
	b=$(basename "$img" ".$ext")
	to=$(dirname "$img")/${b%-r[0-9]*}-r$STEP.$ext
	fx_git -C "$D" mv -- "$img" "$to"
	rnd 2
	if [ "$R" -eq 0 ]; then
		# the references follow (every Markdown file naming its file name)
		old=$(basename "$img")
		new=$(basename "$to")
		fx_git -C "$D" grep -l -F -- "$old" -- '*.md' 2>/dev/null | while read -r m; do
			sed -i "s|$old|$new|g" "$D/$m"
		done
		how="references updated"
	else
		how="references left dangling"
	fi
	WHAT="rename_image: $REPO:$img -> $to ($how)"
	commit "$REPO" "Rename $img"
}

ENV_CHOICES="staging
production
qa
canary"
change_deploy_tag() {
	pick_repo
	pick "$ENV_CHOICES"
	env=$P
	n=$(fx_git -C "$D" rev-list --count HEAD)
	[ "$n" -gt 6 ] && n=6
	rnd "$n"
	back=$R
	now_t
	tag=deploy/$env/$(date -u -d "@$T" +%Y%m%d-%H%M)
	rnd 2
	if [ "$R" -eq 0 ]; then
		GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@acme.example \
		GIT_COMMITTER_DATE="$T +0000" \
			fx_git -C "$D" tag -a -m "Deploy $REPO to $env" "$tag" "HEAD~$back"
		how=annotated
	else
		fx_git -C "$D" tag "$tag" "HEAD~$back"
		how=lightweight
	fi
	if fx_is_pushed "$REPO"; then fx_git -C "$D" push -q origin "refs/tags/$tag"; fi
	WHAT="deploy_tag: $REPO $tag on HEAD~$back ($how)"
}

change_delete_tag() {
	pick_repo
	pick "$(fx_git -C "$D" tag --list 'deploy/*')" || { WHAT="delete_tag: $REPO has no deploy tags"; return 1; }
	fx_git -C "$D" tag -d "$P" >/dev/null
	if fx_is_pushed "$REPO"; then fx_git -C "$D" push -q origin ":refs/tags/$P"; fi
	WHAT="delete_tag: $REPO $P"
}

FEED=""
feed_record() { # feed_record SERVICE ENV COMMIT-LINE TIME STATUS
	printf -- '- service: %s\n  environment: %s\n  %s\n  time: %s\n  actor: %s\n  status: %s\n  url: https://ci.acme.internal/%s/%s\n' \
		"$1" "$2" "$3" "$4" ci "$5" "$1" "$STEP" >>"$FEED"
}
change_feed() {
	FEED=$ORG/deploys-feed.yaml
	n=$(grep -c '^- service:' "$FEED")
	rnd 6
	case $R in
	0 | 1)
		pick_repo
		pick "$(fx_git -C "$D" tag --list 'deploy/*')" || { WHAT="feed: $REPO has no deploy tags"; return 1; }
		tag=$P
		env=$(echo "$tag" | cut -d/ -f2)
		c=$(fx_git -C "$D" rev-parse "$tag^{commit}")
		t=$(fx_git -C "$D" log -1 --format=%ct "$c")
		pick "$(services_of "$REPO")"
		svc=$P
		pick "succeeded
failed
in_progress
rolled_back"
		if [ "$R" -eq 0 ]; then line="commit: $c"; else line="version: $tag"; fi
		feed_record "$svc" "$env" "$line" "$(date -u -d "@$((t + 600))" +%Y-%m-%dT%H:%M:%SZ)" "$P"
		WHAT="feed: a record for $svc $env $tag ($P)"
		;;
	2)
		[ "$n" -gt 0 ] || { WHAT="feed: no record to delete"; return 1; }
		rnd "$n"
		awk -v k=$((R + 1)) '/^- service:/ { i++ } i != k { print }' "$FEED" >"$FEED.new"
		mv "$FEED.new" "$FEED"
		WHAT="feed: delete record $((R + 1)) of $n"
		;;
	3)
		[ "$n" -gt 0 ] || { WHAT="feed: no record to change"; return 1; }
		rnd "$n"
		k=$((R + 1))
		pick "succeeded
failed
in_progress
rolled_back"
		awk -v k=$k -v s="$P" '/^- service:/ { i++ } i == k && /^  status:/ { $0 = "  status: " s } { print }' \
			"$FEED" >"$FEED.new"
		mv "$FEED.new" "$FEED"
		WHAT="feed: record $k's status -> $P"
		;;
	4)
		feed_record "ghost-$STEP" production "commit: 0123456789abcdef0123456789abcdef01234567" \
			"2026-10-20T10:00:00Z" succeeded
		WHAT="feed: a record for an unknown service"
		;;
	5)
		pick_repo
		pick "$(services_of "$REPO")"
		feed_record "$P" staging "commit: $(fx_git -C "$D" rev-parse HEAD)" "yesterday at noon" succeeded
		WHAT="feed: a record with an unreadable time ($P)"
		;;
	esac
}

GROUPS_="group:payments
group:growth
group:platform
group:nobody
user:alice"
SERVICES_ALL="payments-api
checkout-web
auth-service
notifications
search
feature-flags
api-gateway
ledger
unknown-thing"
change_catalog() {
	pick_repo
	f=$D/catalog-info.yaml
	if [ ! -f "$f" ]; then
		cat >"$f" <<EOF
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: $REPO
  title: $REPO (catalogued at step $STEP)
spec:
  type: service
  lifecycle: experimental
  owner: group:platform
EOF
		WHAT="catalog: $REPO gets a catalog-info.yaml"
		commit "$REPO" "Add catalog-info.yaml"
		return
	fi
	rnd 6
	case $R in
	0) sed -i "0,/^  title: .*/s//  title: Title at step $STEP/" "$f"; how="title" ;;
	1) pick "$GROUPS_"; sed -i "0,/^  owner: .*/s//  owner: $P/" "$f"; how="owner -> $P" ;;
	2)
		pick "$SERVICES_ALL"
		if grep -q '^  dependsOn:' "$f"; then
			sed -i "0,/^  dependsOn:/s//&\n    - component:$P/" "$f"
		else
			sed -i "0,/^spec:/s//&\n  dependsOn:\n    - component:$P/" "$f"
		fi
		how="dependsOn + $P"
		;;
	3) sed -i '0,/^    - component:.*/{/^    - component:/d}' "$f"; how="dependsOn - first" ;;
	4) words 5; sed -i "0,/^  description: .*/s//  description: $W./" "$f"; how="description" ;;
	5)
		if grep -q '^# broken at step' "$f"; then
			sed -i '/^# broken at step/,$d' "$f"
			how="repaired"
		else
			printf '# broken at step %s\nspec: [unclosed\n' "$STEP" >>"$f"
			how="broken YAML"
		fi
		;;
	esac
	WHAT="catalog: $REPO ($how)"
	commit "$REPO" "catalog-info.yaml: $how"
}

change_config() {
	rnd 7
	case $R in
	0) C_TITLE="Portal at step $STEP"; how="title" ;;
	1)
		pick "[staging, production]
[staging, qa, production]
[production]
[staging, production, canary]
[]"
		C_ENVS=$P
		how="environments $P"
		;;
	2) pick "1
7
30
180
400"; C_STALE=$P; how="stale_days $P" ;;
	3) rnd 5; C_MAXAI=$((R + 1)); how="max_action_items $C_MAXAI" ;;
	4) if [ "$C_RAW" = true ]; then C_RAW=false; else C_RAW=true; fi; how="raw_html $C_RAW" ;;
	5) if [ -n "$C_PD" ]; then C_PD=""; else C_PD=https://acme.pagerduty.com; fi; how="pagerduty_url '$C_PD'" ;;
	6) pick "7
14
21"; C_SPRINT=$P; how="sprint_days $P" ;;
	esac
	fx_write_config
	WHAT="config: $how"
}

THEME_DIR=""
change_theme() {
	THEME_DIR=$ORG/theme
	if [ ! -d "$THEME_DIR" ]; then
		cp -R "$FX_TOP/themes/default" "$THEME_DIR"
		C_THEME=$THEME_DIR
		fx_write_config
		WHAT="theme: a copy of the default theme in cairn.yaml's theme:"
		return
	fi
	rnd 6
	case $R in
	0)
		if [ -n "$C_THEME" ]; then C_THEME=""; how="theme: removed from cairn.yaml"
		else C_THEME=$THEME_DIR; how="theme: back in cairn.yaml"; fi
		fx_write_config
		;;
	1 | 2)
		v=$R
		pick "$(cd "$THEME_DIR" && ls layouts/*.mustache)"
		l=$P
		if grep -q '{{/content}}' "$THEME_DIR/$l"; then
			sed -i "0,/{{\/content}}/s//<p class=\"edit-$STEP\">theme edit $STEP<\/p>{{\/content}}/" "$THEME_DIR/$l"
			how="theme: layout $l gets a paragraph"
		elif [ "$v" -eq 1 ]; then
			printf '{{! edited at step %s }}\n' "$STEP" >>"$THEME_DIR/$l"
			how="theme: layout $l gets a comment"
		else
			printf '<!-- theme edit %s -->\n' "$STEP" >>"$THEME_DIR/$l"
			how="theme: layout $l gets text at its end"
		fi
		;;
	3)
		pick "assets/style.css
assets/api.css"
		printf '\n.edit-%s { color: #%06x; }\n' "$STEP" "$RNG" >>"$THEME_DIR/$P"
		how="theme: CSS $P edited"
		;;
	4)
		printf '.extra-%s { margin: 0; }\n' "$STEP" >"$THEME_DIR/assets/extra-$STEP.css"
		how="theme: new asset assets/extra-$STEP.css"
		;;
	5)
		pick "$(cd "$THEME_DIR" && ls layouts/*.mustache assets/*)"
		rm -f "$THEME_DIR/$P"
		how="theme: $P removed from the theme folder (the default one is used)"
		;;
	esac
	WHAT="$how (theme in use: ${C_THEME:-no})"
}

change_readme() {
	pick_repo
	f=$D/README.md
	words 7
	rnd 5
	case $R in
	0) printf '\n%s at step %s.\n' "$W" "$STEP" >>"$f"; how="paragraph" ;;
	1) sed -i "0,/^# .*/s//# README at step $STEP/" "$f"; how="heading" ;;
	2) printf '\n<details><summary>More %s</summary>\n\n%s\n\n</details>\n' "$STEP" "$W" >>"$f"; how="details" ;;
	3) printf '\n<script>alert(%s)</script> <kbd>Ctrl</kbd>\n' "$STEP" >>"$f"; how="raw html" ;;
	4) pick "$(docs_of "$REPO")" || P=docs/none.md
	   printf '\nSee [%s](%s#section).\n' "$P" "$P" >>"$f"; how="link to $P" ;;
	esac
	WHAT="readme: $REPO ($how)"
	commit "$REPO" "README: $how"
}

# An alerting rule changed (its summary, severity, duration or runbook),
# or a rule added: the alert pages, the alerts index and the runbooks
# they link show it.
change_alert() {
	pick "payments-api:deploy/prometheus/payments-api-rules.yaml
ledger:prometheus/ledger.rules.yaml"
	REPO=${P%%:*}
	D=$(fx_wd "$REPO")
	f=$D/${P#*:}
	words 4
	rnd 5
	case $R in
	0) sed -i "0,/summary: .*/s//summary: $W at step $STEP/" "$f"; how="summary" ;;
	1) sed -i "0,/severity: page/s//severity: warning/" "$f"; how="severity" ;;
	2) sed -i "0,/for: [0-9]*m/s//for: ${STEP}m/" "$f"; how="duration" ;;
	3) sed -i "0,/runbook_url: .*/s//runbook_url: https:\/\/example.com\/step-$STEP/" "$f"; how="runbook" ;;
	4) i=$(grep -o '^ *- alert:' "$f" | tail -n 1 | sed 's/- alert://')
	   printf '%s- alert: Step%sAlert\n%s  expr: up == %s\n%s  labels:\n%s    severity: ticket\n%s  annotations:\n%s    summary: %s\n' \
		"$i" "$STEP" "$i" "$STEP" "$i" "$i" "$i" "$i" "$W" >>"$f"; how="new rule" ;;
	esac
	WHAT="alert: $P ($how)"
	commit "$REPO" "Alert rule: $how"
}

change_postmortem() {
	pick_repo
	rnd 90
	pmd=$(day $((FX_NOW - (R + 1) * 86400)))
	f=docs/postmortems/$pmd-incident-$STEP.md
	pick "$(services_of "$REPO")"
	svc=$P
	rnd 5
	items=$((R + 1))
	words 4
	{
		printf -- '---\ntitle: Incident at step %s (%s)\ndate: %s\nseverity: SEV%s\nservices: [%s]\nauthors: [alice]\nstatus: final\n---\n\n' \
			"$STEP" "$W" "$pmd" "$((STEP % 3 + 1))" "$svc"
		printf '## Summary\n\n%s.\n\n## Action items\n\n' "$W"
		i=0
		while [ "$i" -lt "$items" ]; do
			rnd 6
			case $R in
			0) box='[x]'; tail_=" @alice due:$(day $((FX_NOW + 86400 * 10)))" ;;
			1) box='[ ]'; tail_=" @ravi due:$(day $((FX_NOW - 86400 * 40)))" ;;
			2) box='[ ]'; tail_=" @marta" ;;
			3) box='[ ]'; tail_=" due:$(day $((FX_NOW + 86400 * 3)))" ;;
			4) box='[ ]'; tail_=" @tomas due:$(day $((FX_NOW + 86400 * 30))) #deprioritized" ;;
			5) box='[ ]'; tail_=" @kemi due:$(day $((FX_NOW - 86400 * 2)))" ;;
			esac
			words 4
			printf -- '- %s %s%s\n' "$box" "$W" "$tail_"
			i=$((i + 1))
		done
	} >"$LOG/postmortem.tmp"
	mkdir -p "$D/docs/postmortems"
	mv "$LOG/postmortem.tmp" "$D/$f"
	WHAT="postmortem: $REPO:$f with $items action items"
	commit "$REPO" "Post-mortem $f"
}

change_content() {
	c=$ORG/content
	rnd 5
	case $R in
	0) words 5; printf '\n%s at step %s.\n' "$W" "$STEP" >>"$c/index.md"; how="index.md edited" ;;
	4) printf '\nSee [a missing page](guides/missing-%s.md).\n' "$STEP" >>"$c/index.md"
	   how="index.md links to a missing page" ;;
	1) pick "$(cd "$c" && find guides -name '*.md')"; words 5
	   printf '\n## Step %s\n\n%s.\n' "$STEP" "$W" >>"$c/$P"; how="$P edited" ;;
	2) printf -- '---\ntitle: Guide %s\nnav: true\n---\n\n# Guide %s\n\nText.\n' "$STEP" "$STEP" \
		>"$c/guides/added-$STEP.md"; how="guides/added-$STEP.md added" ;;
	3) pick "$(cd "$c" && find guides -name 'added-*.md')" || { WHAT="content: nothing to delete"; return 1; }
	   rm -f "$c/$P"; how="$P deleted" ;;
	esac
	WHAT="content: $how"
}

# ---- building and comparing ------------------------------------------------
MISMATCHES=0
FIRST_BAD=""

# report_mismatch STEP WHAT: what differs between live and fresh
report_mismatch() {
	echo "MISMATCH at step $1: $2"
	echo "  replay: PROPERTY_SEED=$SEED PROPERTY_STEPS=$1${PROPERTY_KINDS:+ PROPERTY_KINDS='$PROPERTY_KINDS'} CAIRN=$CAIRN sh tests/property/rebuild.sh"
	if [ -n "$site_bad" ]; then
		echo "  (1) the published files differ (diff -r live fresh):"
		fx_site_diff "$ORG/live/site" "$ORG/fresh/site" -q | sed "s|$ORG/||g" |
			grep -v -E "${IGNORE:-^\$}" | head -n 8 | sed 's/^/    /'
		fx_site_diff "$ORG/live/site" "$ORG/fresh/site" | sed "s|$ORG/||g" |
			grep -v -E "${IGNORE:-^\$}" | grep -v '^Only in' | head -n 16 | sed 's/^/    /'
	fi
	if [ -n "$diag_bad" ]; then
		echo "  (2) the diagnostics differ (- incremental, + fresh):"
		diff "$LOG/live.diag" "$LOG/fresh.diag" | sed 's/^/    /' | head -n 10
	fi
	if [ -n "$rc_bad" ]; then
		echo "  (3) the exit status differs: incremental $(cat "$LOG/live.rc"), fresh $(cat "$LOG/fresh.rc")"
	fi
}

# compare_step N WHAT: builds live and fresh, compares; status 1 on mismatch
compare_step() {
	fx_build "$ORG/live" live
	fx_fresh "$ORG/fresh" fresh
	fx_diags live >"$LOG/live.diag"
	fx_diags fresh >"$LOG/fresh.diag"
	site_bad="" diag_bad="" rc_bad=""
	if [ -n "$IGNORE" ]; then
		# exploring only: differences matching IGNORE do not count
		for x in live fresh; do
			grep -v -E "$IGNORE" "$LOG/$x.diag" >"$LOG/$x.diag.tmp"
			mv "$LOG/$x.diag.tmp" "$LOG/$x.diag"
		done
		fx_site_diff "$ORG/live/site" "$ORG/fresh/site" -q 2>&1 |
			grep -v -E "$IGNORE" | grep -q . && site_bad=1
	else
		fx_site_diff "$ORG/live/site" "$ORG/fresh/site" -q >/dev/null 2>&1 || site_bad=1
	fi
	cmp -s "$LOG/live.diag" "$LOG/fresh.diag" || diag_bad=1
	cmp -s "$LOG/live.rc" "$LOG/fresh.rc" || rc_bad=1
	if [ "${PROPERTY_VERBOSE:-0}" = 1 ]; then sed 's/^/    | /' "$LOG/live.err"; fi
	if [ -z "$site_bad$diag_bad$rc_bad" ]; then return 0; fi
	MISMATCHES=$((MISMATCHES + 1))
	[ -n "$FIRST_BAD" ] || FIRST_BAD=$1
	report_mismatch "$1" "$2"
	return 1
}

# ---- the sequence ------------------------------------------------------------
echo "rebuild property: seed $SEED, $STEPS steps, cairn $CAIRN"
fx_setup "$WORK" || exit 2
LOG=$ORG/logs

# determinism WHEN: a build from scratch must be deterministic, or nothing
# else here means much: two more fresh builds of the current state (one of
# them with -j 1) must equal fresh/; status 1 when they do not
determinism() {
	fx_fresh "$ORG/fresh" fresh
	mkdir -p "$ORG/fresh2" "$ORG/fresh3"
	cp "$ORG/fresh/cairn.yaml" "$ORG/fresh2/cairn.yaml"
	cp "$ORG/fresh/cairn.yaml" "$ORG/fresh3/cairn.yaml"
	fx_fresh "$ORG/fresh2" fresh2
	fx_fresh "$ORG/fresh3" fresh3 -j 1
	det_bad=0
	for x in fresh2 fresh3; do
		if ! fx_site_diff "$ORG/fresh/site" "$ORG/$x/site" >"$LOG/det.diff" 2>&1; then
			echo "NOT DETERMINISTIC ($1): two fresh builds of the same state differ ($x):"
			grep -E '^(diff|Only in|Binary)' "$LOG/det.diff" | sed "s|$ORG/||g" | head -n 20 | sed 's/^/    /'
			det_bad=1
		fi
		fx_diags fresh >"$LOG/a.diag"
		fx_diags "$x" >"$LOG/b.diag"
		if ! cmp -s "$LOG/a.diag" "$LOG/b.diag" || ! cmp -s "$LOG/fresh.rc" "$LOG/$x.rc"; then
			echo "NOT DETERMINISTIC ($1): two fresh builds print different diagnostics ($x):"
			diff "$LOG/a.diag" "$LOG/b.diag" | head -n 20 | sed 's/^/    /'
			det_bad=1
		fi
	done
	[ "$det_bad" -eq 0 ] || return 1
	echo "fresh builds are deterministic ($1: exit status $(cat "$LOG/fresh.rc"), $(grep -c '^warning\|^error' "$LOG/fresh.err") diagnostics, $(cd "$ORG/fresh/site" && find . -type f | wc -l) files)"
	rm -rf "$ORG/fresh2" "$ORG/fresh3"
}
determinism "the initial state" || exit 3

# step 0: the first build of the live site, against the fresh one
STEP=0
if ! compare_step 0 "the first build"; then
	[ "$KEEP_GOING" = 1 ] || exit 1
fi

STEP=1
while [ "$STEP" -le "$STEPS" ]; do
	pick "$KINDS"
	kind=$P
	WHAT=""
	"change_$kind" >"$LOG/change.log" 2>&1 || WHAT="$WHAT (no change made)"
	if [ -s "$LOG/change.log" ] && grep -q 'fatal:\|error:\|sed:\|No such file\|usage:' "$LOG/change.log"; then
		echo "step $STEP: making the change failed:"
		cat "$LOG/change.log"
		exit 2
	fi
	echo "step $STEP: $WHAT"
	if ! compare_step "$STEP" "$WHAT"; then
		if [ "$KEEP_GOING" != 1 ]; then
			echo "rebuild property: FAILED at step $STEP of $STEPS (seed $SEED)"
			exit 1
		fi
		# get back in step: the live site built again from scratch
		fx_fresh "$ORG/live" live-reset
	fi
	STEP=$((STEP + 1))
done
# the final state has every kind of content the changes made: fresh builds
# of it must be deterministic too
determinism "the final state" || exit 3
if [ "$MISMATCHES" -ne 0 ]; then
	echo "rebuild property: $MISMATCHES mismatching step(s) of $STEPS (seed $SEED), the first at step $FIRST_BAD"
	exit 1
fi
echo "rebuild property: all $STEPS steps matched (seed $SEED)"
exit 0
