# The fixture of the property tests (tests/property/rebuild.sh,
# tests/integration/test_cache_damage.sh): the demo organisation of
# scripts/demo.sh (real git repositories with history, deploy tags, a deploy
# feed, images, APIs, RFCs, post-mortems, OWNERS/CODEOWNERS, catalog-info),
# and two build folders that share one cairn.yaml text:
#
#   $ORG/live/cairn.yaml    output: site, cache: cache -> the incremental build
#   $ORG/fresh/cairn.yaml   the same bytes            -> the build from scratch
#
# Every other path in cairn.yaml is absolute, so the two files are identical
# and both builds are run as `cairn build -c cairn.yaml` from their folder:
# nothing but the location of output and cache differs between them (the
# config's name, as printed in diagnostics, is the same too).
#
# Sourced (POSIX sh); needs CAIRN and FX_TOP (the repository's root).
# SOURCE_DATE_EPOCH is fixed, so "today" and the demo's history are stable.

: "${CAIRN:?set CAIRN to the cairn binary}"
: "${FX_TOP:?set FX_TOP to the repository root}"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1793000000}
export SOURCE_DATE_EPOCH
FX_NOW=$SOURCE_DATE_EPOCH
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL

fx_git() {
	git -c init.defaultBranch=main -c commit.gpgsign=false \
	    -c tag.gpgsign=false -c core.autocrlf=false -c core.fsync=none \
	    -c advice.detachedHead=false "$@"
}

# The repositories, and where a change to each is made: a working tree is
# changed in place; a bare repository through a clone in $ORG/work that
# pushes to it after every commit or tag.
FX_REPOS="payments-api
checkout-web
auth-service
engagement
feature-flags
api-gateway
ledger"

fx_wd() { # fx_wd NAME: the working tree in which NAME is changed
	case $1 in
	api-gateway | ledger) echo "$ORG/work/$1" ;;
	*) echo "$ORG/repos/$1" ;;
	esac
}
fx_is_pushed() { case $1 in api-gateway | ledger) return 0 ;; esac; return 1; }

# fx_setup WORK: builds the organisation under WORK/org (sets ORG).
fx_setup() {
	ORG=$1/org
	stub=$1/demo-build
	rm -rf "$stub" "$ORG"
	mkdir -p "$stub"
	# scripts/demo.sh builds the repositories, then runs BUILD/cairn: a stub
	# here, the builds are the test's own.
	printf '#!/bin/sh\nexit 0\n' >"$stub/cairn"
	chmod +x "$stub/cairn"
	if ! sh "$FX_TOP/scripts/demo.sh" "$stub" >"$1/demo.log" 2>&1; then
		echo "fixture: scripts/demo.sh failed:" >&2
		cat "$1/demo.log" >&2
		return 2
	fi
	mv "$stub/demo" "$ORG"
	rm -rf "$stub" "$ORG/cairn.yaml"
	mkdir -p "$ORG/work" "$ORG/live" "$ORG/fresh" "$ORG/logs"
	fx_git clone -q "$ORG/repos/api-gateway.git" "$ORG/work/api-gateway" || return 2
	fx_git clone -q "$ORG/remote/ledger.git" "$ORG/work/ledger" || return 2
	# the portal's own pages, copied so that they can be changed too
	cp -R "$FX_TOP/content" "$ORG/content"
	C_TITLE="Acme Engineering Portal"
	C_ENVS="[staging, production]"
	C_PD="https://acme.pagerduty.com"
	C_STALE=180
	C_MAXAI=3
	C_SPRINT=14
	C_RAW=true
	C_THEME=""
	fx_write_config
}

# fx_write_config: writes the same cairn.yaml into live/ and fresh/ from the
# C_* settings.
fx_write_config() {
	{
		echo "# written by tests/property/fixture.sh; identical in live/ and fresh/"
		echo "title: \"$C_TITLE\""
		echo 'base_url: ""'
		echo "output: site"
		echo "cache: cache"
		echo "content: $ORG/content"
		[ -z "$C_THEME" ] || echo "theme: $C_THEME"
		echo "environments: $C_ENVS"
		[ -z "$C_PD" ] || echo "pagerduty_url: $C_PD"
		echo "stale_days: $C_STALE"
		echo "postmortems:"
		echo "  max_action_items: $C_MAXAI"
		echo "  sprint_days: $C_SPRINT"
		echo "markdown:"
		echo "  raw_html: $C_RAW"
		echo "deploys:"
		echo "  feed: $ORG/deploys-feed.yaml"
		echo "repos:"
		echo "  - glob: $ORG/repos/*"
		echo "  - url: file://$ORG/remote/ledger.git"
		echo "    branch: main"
	} >"$ORG/live/cairn.yaml"
	cp "$ORG/live/cairn.yaml" "$ORG/fresh/cairn.yaml"
}

# fx_build DIR TAG [ARGS...]: `cairn build -c cairn.yaml` in DIR; standard
# output and error in $ORG/logs/TAG.out and TAG.err, the exit status in
# TAG.rc.
fx_build() {
	d=$1
	tag=$2
	shift 2
	(cd "$d" && "$CAIRN" build -c cairn.yaml "$@" >"$ORG/logs/$tag.out" 2>"$ORG/logs/$tag.err")
	echo $? >"$ORG/logs/$tag.rc"
}

# fx_fresh DIR TAG [ARGS...]: a build from scratch in DIR (its output, twin,
# lock and cache removed first).
fx_fresh() {
	rm -rf "$1/site" "$1/.site.prev" "$1/.site.lock" "$1/cache"
	fx_build "$@"
}

# fx_diags TAG: the diagnostics of a build, comparable between an
# incremental build and a fresh one: standard error without the summary
# line that counts pages made and unchanged, files written and the time
# ("cairn: 74 pages (69 made, ...) ... in 0.06 s: site"), sorted; then
# standard output (expected empty), each line marked "stdout: ".  The line
# counting errors and warnings is kept.
fx_diags() {
	grep -v -E '^cairn: [0-9]+ pages? \(' "$ORG/logs/$1.err" | LC_ALL=C sort
	sed 's/^/stdout: /' "$ORG/logs/$1.out"
}

# The files compared between two sites: all of them but cairn's bookkeeping
# inside the output folder, which records how (and when) this folder was
# made rather than what is published:
#   .cairn-manifest  per file, the fingerprint of its inputs and a hash of
#                    its bytes (an incremental build's manifest legitimately
#                    carries history a fresh one does not);
#   .cairn-site      the marker that says cairn wrote this folder.
# The twin (.site.prev) and the lock (.site.lock) live beside the output,
# not in it, and are not compared either.
FX_DIFF_EXCLUDE="-x .cairn-manifest -x .cairn-site"

# fx_site_diff A B: diff -r of two sites (status 0: identical).
fx_site_diff() { # fx_site_diff A B [DIFF-OPTIONS]
	a=$1
	b=$2
	shift 2
	# shellcheck disable=SC2086
	diff -r $FX_DIFF_EXCLUDE "$@" "$a" "$b"
}
