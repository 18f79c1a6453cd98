#!/bin/sh
# bench/run.sh: cairn's benchmark (`make bench`); see docs/benchmark.md.
#
# Usage: sh bench/run.sh BUILD_DIR       (BUILD_DIR holds build/cairn)
#
# Environment (all optional):
#   BENCH_SCALE=1       1 = 200 repositories x ~50 documents (~10,000 pages);
#                       10 = 2,000 repositories (~100,000 pages)
#   BENCH_SEED=1        the seed of the generated organisation
#   BENCH_RUNS=3        runs of each measurement; the median is reported
#   BENCH_HUGO_RUNS     runs of Hugo (default BENCH_RUNS); 0 skips Hugo
#   BENCH_JOBS=nproc    threads for cairn (-j), the floor and Hugo (GOMAXPROCS)
#   BENCH_DOCS=50       documents per repository, about
#   BENCH_REPOS         repositories, overriding 200 x BENCH_SCALE (smoke tests)
#   BENCH_OUT_DIR       where the sites are written (cairn's output and cache,
#                       Hugo's public/): default beside the organisation; e.g.
#                       /dev/shm to leave the disk out of the figures (removed
#                       at the end)
#   BENCH_DEPLOYS=1     0 skips the deploy measurement: cairn on an organisation
#                       of BENCH_DEPLOY_REPOS=200 repositories with
#                       BENCH_DEPLOY_COMMITS=3000 commits and BENCH_DEPLOY_TAGS=1000
#                       deploy tags each, with and without `environments`
#   BENCH_OPENAPI=1     0 skips the API measurement: cairn on one repository whose
#                       openapi.yaml has BENCH_OPENAPI_OPS=1000 operations in
#                       BENCH_OPENAPI_MB=10 MB of YAML
#   BENCH_HISTORY=1     0 skips the deep-history measurement: cairn's cold crawl of
#                       one repository of BENCH_HISTORY_COMMITS=30000 commits
#                       touching BENCH_HISTORY_FILES=2000 files, against
#                       `git log --name-only` of it
#   BENCH_PEERS=1       0 skips the peers: Pagefind (npm, into bench/.peers/)
#                       indexing cairn's output, and Debian's mkdocs on a
#                       BENCH_MKDOCS_PAGES=1000-page subset, scaled
#
# It writes under BUILD_DIR/bench/: the generated organisations (org-*/,
# deploys-*/, openapi-*/, kept and reused while the seed, sizes and their
# generators stay the same), logs/, results.json, and one line per run
# appended to history.jsonl.
# Exit status: 0 when every measurement ran (targets missed or not, output
# checks failed or not), 1 when cairn failed (exit status 2 or a signal) or
# something the benchmark needs could not be had.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
TREE=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
BUILD=$(cd "$1" && pwd)
CAIRN=$BUILD/cairn
B=$BUILD/bench

SCALE=${BENCH_SCALE:-1}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
HUGO_RUNS=${BENCH_HUGO_RUNS:-$RUNS}
DOCS=${BENCH_DOCS:-50}
CORES=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
JOBS=${BENCH_JOBS:-$CORES}
case $SCALE in '' | *[!0-9]*) REPOS=x ;; *) REPOS=${BENCH_REPOS:-$((200 * SCALE))} ;; esac
DEPLOYS=${BENCH_DEPLOYS:-1}
DEPLOY_REPOS=${BENCH_DEPLOY_REPOS:-200}
DEPLOY_COMMITS=${BENCH_DEPLOY_COMMITS:-3000}
DEPLOY_TAGS=${BENCH_DEPLOY_TAGS:-1000}
OPENAPI=${BENCH_OPENAPI:-1}
OPENAPI_OPS=${BENCH_OPENAPI_OPS:-1000}
OPENAPI_MB=${BENCH_OPENAPI_MB:-10}
HISTORY=${BENCH_HISTORY:-1}
HISTORY_COMMITS=${BENCH_HISTORY_COMMITS:-30000}
HISTORY_FILES=${BENCH_HISTORY_FILES:-2000}
PEERS=${BENCH_PEERS:-1}
MKDOCS_PAGES=${BENCH_MKDOCS_PAGES:-1000}
# whole NAME VALUE: VALUE must be a whole number.
whole() {
	case $2 in
	'' | *[!0-9]*)
		echo "bench: BENCH_$1 must be a whole number (got \"$2\")" >&2
		exit 2
		;;
	esac
}
whole SCALE "$SCALE"
whole SEED "$SEED"
whole RUNS "$RUNS"
whole HUGO_RUNS "$HUGO_RUNS"
whole DOCS "$DOCS"
whole JOBS "$JOBS"
whole REPOS "$REPOS"
whole DEPLOYS "$DEPLOYS"
whole DEPLOY_REPOS "$DEPLOY_REPOS"
whole DEPLOY_COMMITS "$DEPLOY_COMMITS"
whole DEPLOY_TAGS "$DEPLOY_TAGS"
whole OPENAPI "$OPENAPI"
whole OPENAPI_OPS "$OPENAPI_OPS"
whole OPENAPI_MB "$OPENAPI_MB"
whole HISTORY "$HISTORY"
whole HISTORY_COMMITS "$HISTORY_COMMITS"
whole HISTORY_FILES "$HISTORY_FILES"
whole PEERS "$PEERS"
whole MKDOCS_PAGES "$MKDOCS_PAGES"
if [ "$SCALE" -lt 1 ] || [ "$RUNS" -lt 1 ] || [ "$JOBS" -lt 1 ] || [ "$REPOS" -lt 1 ] || [ "$DOCS" -lt 5 ]; then
	echo "bench: BENCH_SCALE, BENCH_RUNS, BENCH_JOBS and BENCH_REPOS must be at least 1, BENCH_DOCS at least 5" >&2
	exit 2
fi
if [ "$DEPLOYS" -gt 1 ] || [ "$OPENAPI" -gt 1 ] || [ "$HISTORY" -gt 1 ] || [ "$PEERS" -gt 1 ]; then
	echo "bench: BENCH_DEPLOYS, BENCH_OPENAPI, BENCH_HISTORY and BENCH_PEERS are 0 (skip) or 1 (run)" >&2
	exit 2
fi
if [ "$DEPLOY_REPOS" -lt 1 ] || [ "$DEPLOY_COMMITS" -lt 10 ] || [ "$DEPLOY_TAGS" -lt 2 ] ||
	[ "$OPENAPI_OPS" -lt 1 ] || [ "$OPENAPI_MB" -lt 1 ]; then
	echo "bench: BENCH_DEPLOY_REPOS, BENCH_OPENAPI_OPS and BENCH_OPENAPI_MB must be at least 1, BENCH_DEPLOY_COMMITS at least 10, BENCH_DEPLOY_TAGS at least 2" >&2
	exit 2
fi

say() { echo "bench: $*" >&2; }
die() {
	echo "bench: $*" >&2
	exit 1
}

if [ ! -x "$CAIRN" ]; then
	die "$CAIRN not found: build it first (make)"
fi

# ---- tools ----------------------------------------------------------------
# Debian packages, installed only when missing: python3 and git for the
# generator, md4c's HTML renderer for the floor, Hugo for the comparison.
need=""
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v git >/dev/null 2>&1 || need="$need git"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkg-config --exists md4c-html 2>/dev/null || need="$need libmd4c-html0-dev"
pkg-config --exists libgit2 2>/dev/null || need="$need libgit2-dev"
if [ "$PEERS" = 1 ]; then
	command -v mkdocs >/dev/null 2>&1 || need="$need mkdocs"
	command -v npm >/dev/null 2>&1 || need="$need npm"
fi
if [ "$HUGO_RUNS" -gt 0 ] && ! command -v hugo >/dev/null 2>&1; then
	need="$need hugo"
fi
if [ -n "$need" ]; then
	say "installing$need"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$need >/dev/null 2>&1 || say "could not install all of:$need"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the organisation"
command -v git >/dev/null 2>&1 || die "git is needed to generate the organisation"
pkg-config --exists md4c-html 2>/dev/null || die "md4c-html (libmd4c-html0-dev) is needed for the floor"
pkg-config --exists libgit2 2>/dev/null || die "libgit2 (libgit2-dev) is needed for the floor"
HUGO=""
if [ "$HUGO_RUNS" -gt 0 ]; then
	if command -v hugo >/dev/null 2>&1; then
		HUGO=$(command -v hugo)
	else
		say "hugo is not available: its figures will read n/a"
	fi
fi

mkdir -p "$B/logs"
# The commit measured, read now: a merge or commit while the benchmark runs
# must not be credited with figures it did not make.
COMMIT=$(git -C "$TREE" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	COMMIT="$COMMIT+dirty"
fi
# Measure a copy: a `make` during the benchmark must not swap the binary
# between two runs.
cp "$CAIRN" "$B/cairn-under-test"
CAIRN=$B/cairn-under-test
# the measuring tools (a second to build)
cc -O2 -std=c17 -Wall -Wextra -D_GNU_SOURCE -o "$B/rss" "$TREE/bench/rss.c" ||
	die "cannot build bench/rss.c"
# shellcheck disable=SC2046
cc -O2 -std=c17 -Wall -Wextra -D_GNU_SOURCE -pthread -o "$B/floor" "$TREE/bench/floor.c" \
	$(pkg-config --cflags --libs md4c-html libgit2) || die "cannot build bench/floor.c"

# ---- the organisation -----------------------------------------------------
# Cached by seed, size and the generator's own text: a changed gen.py
# makes a new organisation, and the stale one of the same seed and size goes.
GEN_SUM=$(cksum <"$TREE/bench/gen.py" | cut -d' ' -f1)
PREFIX=org-s$SEED-r$REPOS-d$DOCS
DATA=$B/$PREFIX-$GEN_SUM
GEN_SECONDS=null
if [ ! -f "$DATA/.complete" ]; then
	for old in "$B/$PREFIX"-*; do
		[ -d "$old" ] && [ "$old" != "$DATA" ] && rm -rf "$old"
	done
	say "generating $REPOS repositories x ~$DOCS documents (seed $SEED) into $DATA"
	rm -f "$B/gen.tsv"
	"$B/rss" "$B/gen.tsv" python3 "$TREE/bench/gen.py" generate --out "$DATA" \
		--seed "$SEED" --repos "$REPOS" --docs "$DOCS" --jobs $((CORES + 1)) >&2 ||
		die "generating the organisation failed"
	GEN_SECONDS=$(cut -f1 "$B/gen.tsv")
	touch "$DATA/.complete"
else
	say "reusing the organisation in $DATA"
fi
# shellcheck disable=SC1091
. "$DATA/meta.env"
SOURCE_DATE_EPOCH=$META_SOURCE_DATE_EPOCH
export SOURCE_DATE_EPOCH

# ---- measuring ------------------------------------------------------------
SAMPLES=$B/samples.tsv
: >"$SAMPLES"
# Where the sites go: cairn's output and cache folder, Hugo's public/ and
# cache. The cairn.yaml used is written there, naming the repositories by
# absolute path.
if [ -n "${BENCH_OUT_DIR:-}" ]; then
	mkdir -p "$BENCH_OUT_DIR"
	RUN=$(cd "$BENCH_OUT_DIR" && pwd)/cairn-bench-$(basename "$DATA")
	CLEAN_RUN=1
else
	RUN=$DATA/run
	CLEAN_RUN=0
fi
mkdir -p "$RUN"
OUT_FS=$(stat -f -c %T "$RUN" 2>/dev/null || echo unknown)
SITE=$RUN/site
CONFIG=$RUN/cairn.yaml
cat >"$CONFIG" <<EOF
# Written by bench/run.sh for the organisation in $DATA.
title: Acme Engineering (benchmark)
output: site
cache: cache
content: $DATA/content
environments: [staging, production]
repos:
  - glob: $DATA/repos/*
EOF
HUGO_OUT=$RUN/hugo-public
HUGO_CACHE=$RUN/hugo-cache

# measure NAME LOG COMMAND...: runs COMMAND under rss, output to LOG, and
# records "NAME wall rss user sys status other_cpu" in SAMPLES. Returns the
# command's status.
measure() {
	name=$1
	log=$2
	shift 2
	rm -f "$B/last.tsv"
	# the previous run's output is written back now, not during this one
	sync
	st=0
	"$B/rss" "$B/last.tsv" "$@" >"$log" 2>&1 || st=$?
	if [ -f "$B/last.tsv" ]; then
		printf '%s\t%s\n' "$name" "$(cat "$B/last.tsv")" >>"$SAMPLES"
	fi
	return "$st"
}

# cairn_run NAME RUN: one cairn build; exit status 0 or 1 is a build (1:
# the input had problems), anything else a failure.
cairn_run() {
	log=$B/logs/cairn-$1-$2.log
	st=0
	measure "cairn_$1" "$log" "$CAIRN" build -c "$CONFIG" -o "$SITE" -j "$JOBS" || st=$?
	if [ "$st" -gt 1 ]; then
		tail -n 20 "$log" >&2
		die "cairn build ($1, run $2) failed with exit status $st; log: $log"
	fi
	tail -n 1 "$SAMPLES" | cut -f2
}

# file_bytes DIR: the bytes of the files under DIR (not the folders, whose
# size depends on the file system).
file_bytes() {
	find "$1" -type f -exec wc -c {} + | awk '$2 != "total" { n += $1 } END { print n + 0 }'
}

# cold [DIR]: no site, no cache in DIR (default: the main run folder).
cold() {
	d=${1:-$RUN}
	rm -rf "$d/site" "$d/cache" "$d/.cairn-cache"
	for t in "$d"/.site.tmp-*; do
		[ -e "$t" ] && rm -rf "$t"
	done
	return 0
}

# the run folders of the deploy and API measurements (set when they run)
DRUN=""
ORUN=""
HRUN=""
restore() { python3 "$TREE/bench/gen.py" reset --data "$DATA" 2>/dev/null || true; }
finish() {
	restore
	if [ "$CLEAN_RUN" = 1 ]; then rm -rf "$RUN" ${DRUN:+"$DRUN"} ${ORUN:+"$ORUN"} ${HRUN:+"$HRUN"}; fi
}
trap finish EXIT
trap 'finish; exit 130' INT TERM

FLOOR_OUT=$RUN/floor-out
# the floor's malloc tuned as cairn tunes its own (generator/hugepages.c:
# huge pages, heaps grown 64 MB at a time), so that the ratio is not
# cairn's allocator against glibc's defaults
FLOOR_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864
[ -n "${GLIBC_TUNABLES:-}" ] && FLOOR_TUNABLES=$GLIBC_TUNABLES:$FLOOR_TUNABLES
# floor_round N: the floor's runs of round N (-j 1, -j JOBS, and -j JOBS
# with the least index, bench/floor.c -i), measured in the same round as
# cairn's builds: figures minutes apart on a shared machine differ more
# than figures seconds apart (docs/benchmark.md, "The floor")
floor_round() {
	rm -rf "$FLOOR_OUT"
	measure floor_1 "$B/logs/floor-1-$1.log" env GLIBC_TUNABLES="$FLOOR_TUNABLES" "$B/floor" -j 1 -o "$FLOOR_OUT" "$DATA/repos" "$DATA/files.txt" ||
		die "the floor failed: $B/logs/floor-1-$1.log"
	rm -rf "$FLOOR_OUT"
	measure floor_j "$B/logs/floor-j-$1.log" env GLIBC_TUNABLES="$FLOOR_TUNABLES" "$B/floor" -j "$JOBS" -o "$FLOOR_OUT" "$DATA/repos" "$DATA/files.txt" ||
		die "the floor failed: $B/logs/floor-j-$1.log"
	rm -rf "$FLOOR_OUT"
	measure floor_i "$B/logs/floor-i-$1.log" env GLIBC_TUNABLES="$FLOOR_TUNABLES" "$B/floor" -i -j "$JOBS" -o "$FLOOR_OUT" "$DATA/repos" "$DATA/files.txt" ||
		die "the floor failed: $B/logs/floor-i-$1.log"
	rm -rf "$FLOOR_OUT"
}

say "cairn: $META_PAGES documents, -j $JOBS, $RUNS runs; in each, first the floor (the same documents from git, md4c, written: -j 1, -j $JOBS, and with the least index)"
STALE=0
STALE_ADD=0
i=1
while [ "$i" -le "$RUNS" ]; do
	floor_round "$i"
	restore
	cold
	# what the search index costs: a cold build without it
	CAIRN_NO_SEARCH=1 cairn_run nosearch "$i" >/dev/null
	cold
	CAIRN_SEARCH_STATS=$B/search-stats.txt
	export CAIRN_SEARCH_STATS
	full=$(cairn_run full "$i")
	unset CAIRN_SEARCH_STATS
	if [ "$i" -eq "$RUNS" ]; then
		OUT_BYTES=$(file_bytes "$SITE")
		OUT_FILES=$(find "$SITE" -type f | wc -l | tr -d ' ')
		SEARCH_BYTES=null
		[ -d "$SITE/search" ] && SEARCH_BYTES=$(file_bytes "$SITE/search")
		SEARCH_QUERY=$(awk '$1 == "search_query_bytes" { print $2 }' "$B/search-stats.txt" 2>/dev/null)
		SEARCH_WORD=$(sed -n 's/.*worst one-word query: "\(.*\)").*/\1/p' "$B/search-stats.txt" 2>/dev/null)
		SEARCH_FILES=$(awk '$1 == "search_files" { print $2 }' "$B/search-stats.txt" 2>/dev/null)
		export SEARCH_QUERY SEARCH_WORD SEARCH_FILES
		DIAGS=$(grep -c '^\(error\|warning\):' "$B/logs/cairn-full-$i.log" || true)
	fi
	# the first rebuild that writes after a cold build makes the twin, the
	# previous generation kept beside the site (design.md, "Publishing"):
	# every file linked once. It is timed on its own, a minute later by the
	# build clock so that the home page (which shows the build's time) is
	# written, as every real rebuild writes it; the rebuilds after it are
	# the steady state of a CI job that keeps its site and cache.
	first=$(SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + 60)) cairn_run first "$i")
	same=$(cairn_run nochange "$i")
	python3 "$TREE/bench/gen.py" edit --data "$DATA" --run "$i" || die "cannot commit the one-document change"
	one=$(cairn_run onedoc "$i")
	# a fast rebuild must also be a right one: the change is on its page
	if ! grep -rqF "Edited by the benchmark, run $i:" "$SITE"; then
		STALE=$((STALE + 1))
		say "the rebuild after the one-document change (run $i) does not show the change"
	fi
	python3 "$TREE/bench/gen.py" add --data "$DATA" --run "$i" || die "cannot commit the new document"
	added=$(cairn_run adddoc "$i")
	if ! grep -rqF "Added by the benchmark, run $i" "$SITE"; then
		STALE_ADD=$((STALE_ADD + 1))
		say "the rebuild after the new document (run $i) does not show it"
	fi
	say "cairn run $i/$RUNS: full $full s, first rebuild $first s, no change $same s, one doc changed $one s, one doc added $added s"
	i=$((i + 1))
done
restore


HUGO_VERSION=""
HUGO_BYTES=null
HUGO_NOTE="hugo not run"
# Hugo keeps every page in memory: about 23 bytes per byte of Markdown at
# its peak here (3.4 GB for 150 MB). Skip it rather than run the machine out
# of memory (BENCH_HUGO_FORCE=1 runs it anyway).
if [ -n "$HUGO" ] && [ "${BENCH_HUGO_FORCE:-0}" != 1 ]; then
	avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null || true)
	need_kb=$((META_MARKDOWN_BYTES * 25 / 1024))
	if [ -n "$avail_kb" ] && [ "$need_kb" -gt $((avail_kb * 3 / 4)) ]; then
		HUGO_NOTE="hugo skipped: needs about $((need_kb / 1048576)) GB of memory, $((avail_kb / 1048576)) GB available"
		say "$HUGO_NOTE (BENCH_HUGO_FORCE=1 runs it anyway)"
		HUGO=""
	fi
fi
if [ -n "$HUGO" ]; then
	HUGO_VERSION=$("$HUGO" version 2>/dev/null | head -n 1)
	say "hugo: the same Markdown, cold, GOMAXPROCS=$JOBS, $HUGO_RUNS runs"
	GOMAXPROCS=$JOBS
	export GOMAXPROCS
	H=$DATA/hugo
	i=1
	while [ "$i" -le "$HUGO_RUNS" ]; do
		rm -rf "$HUGO_OUT" "$HUGO_CACHE" "$H/resources" "$H/.hugo_build.lock"
		if measure hugo "$B/logs/hugo-$i.log" \
			"$HUGO" --quiet -s "$H" -d "$HUGO_OUT" --cacheDir "$HUGO_CACHE"; then
			say "hugo run $i/$HUGO_RUNS: $(tail -n 1 "$SAMPLES" | cut -f2) s"
		else
			say "hugo failed (log: $B/logs/hugo-$i.log): its figures will read n/a"
			HUGO_NOTE="hugo failed: see $B/logs/hugo-$i.log"
			grep -v '^hugo	' "$SAMPLES" >"$SAMPLES.tmp" || true
			mv "$SAMPLES.tmp" "$SAMPLES"
			break
		fi
		i=$((i + 1))
	done
	[ -d "$HUGO_OUT" ] && HUGO_BYTES=$(file_bytes "$HUGO_OUT")
fi

# ---- peers: Pagefind and mkdocs ---------------------------------------------
# Pagefind (npm package `pagefind`, installed into bench/.peers/) indexes
# cairn's own output with cairn's search files removed; Debian's mkdocs
# builds BENCH_MKDOCS_PAGES documents as TechDocs does (one mkdocs site per
# repository), and its time is scaled to all the documents. Each is skipped,
# with a note, when it cannot be had.
PAGEFIND_NOTE="pagefind not run (BENCH_PEERS=0)"
MKDOCS_NOTE="mkdocs not run (BENCH_PEERS=0)"
PAGEFIND_VERSION=""
MKDOCS_VERSION=""
MKDOCS_DOCS=0
PAGEFIND_BYTES=null
if [ "$PEERS" = 1 ]; then
	PEER_DIR=$TREE/bench/.peers
	PAGEFIND=$PEER_DIR/node_modules/@pagefind/linux-x64/bin/pagefind_extended
	[ -x "$PAGEFIND" ] || PAGEFIND=$PEER_DIR/node_modules/.bin/pagefind
	if [ ! -x "$PAGEFIND" ] && command -v npm >/dev/null 2>&1; then
		say "installing pagefind with npm into $PEER_DIR"
		mkdir -p "$PEER_DIR"
		(cd "$PEER_DIR" && npm install --no-audit --no-fund --loglevel=error --prefix . pagefind@1 >/dev/null 2>&1) ||
			say "npm could not install pagefind"
		PAGEFIND=$PEER_DIR/node_modules/@pagefind/linux-x64/bin/pagefind_extended
		[ -x "$PAGEFIND" ] || PAGEFIND=$PEER_DIR/node_modules/.bin/pagefind
	fi
	if [ -x "$PAGEFIND" ] && [ -d "$SITE" ]; then
		PAGEFIND_VERSION=$("$PAGEFIND" --version 2>/dev/null | head -n 1)
		PF_SITE=$RUN/pagefind-site
		PF_OUT=$RUN/pagefind-index
		rm -rf "$PF_SITE" "$PF_OUT"
		cp -a "$SITE" "$PF_SITE"
		rm -rf "$PF_SITE/search" "$PF_SITE/assets/search.js"
		say "pagefind: indexing cairn's output ($PAGEFIND_VERSION), 1 run"
		if measure pagefind "$B/logs/pagefind.log" "$PAGEFIND" --site "$PF_SITE" --output-path "$PF_OUT"; then
			PAGEFIND_NOTE=""
			PAGEFIND_BYTES=$(file_bytes "$PF_OUT")
			say "pagefind: $(tail -n 1 "$SAMPLES" | cut -f2) s"
		else
			PAGEFIND_NOTE="pagefind failed: see $B/logs/pagefind.log"
			grep -v '^pagefind	' "$SAMPLES" >"$SAMPLES.tmp" || true
			mv "$SAMPLES.tmp" "$SAMPLES"
		fi
		rm -rf "$PF_SITE" "$PF_OUT"
	else
		PAGEFIND_NOTE="pagefind skipped: npm could not install it into bench/.peers"
		say "$PAGEFIND_NOTE"
	fi
	if command -v mkdocs >/dev/null 2>&1; then
		MKDOCS_VERSION=$(mkdocs --version 2>/dev/null | sed 's/ from .*//')
		# the subset: the first documents of files.txt (whole repositories
		# but the last), one mkdocs project per repository, made once
		MK=$DATA/mkdocs-$MKDOCS_PAGES
		if [ ! -f "$MK/.complete" ]; then
			rm -rf "$MK"
			mkdir -p "$MK"
			head -n "$MKDOCS_PAGES" "$DATA/files.txt" | while IFS= read -r f; do
				rel=${f#*hugo/content/}
				svc=${rel%%/*}
				mkdir -p "$MK/$svc/docs/$(dirname "${rel#*/}")"
				cp "$f" "$MK/$svc/docs/${rel#*/}"
				[ -f "$MK/$svc/mkdocs.yml" ] ||
					printf 'site_name: %s\ndocs_dir: docs\nuse_directory_urls: true\n' "$svc" >"$MK/$svc/mkdocs.yml"
			done
			touch "$MK/.complete"
		fi
		MKDOCS_DOCS=$(find "$MK" -name '*.md' | wc -l | tr -d ' ')
		MK_OUT=$RUN/mkdocs-sites
		say "mkdocs: $MKDOCS_DOCS documents in $(find "$MK" -name mkdocs.yml | wc -l | tr -d ' ') sites, -P $JOBS, $RUNS runs"
		i=1
		MKDOCS_NOTE=""
		while [ "$i" -le "$RUNS" ]; do
			rm -rf "$MK_OUT"
			mkdir -p "$MK_OUT"
			if ! measure mkdocs "$B/logs/mkdocs-$i.log" sh -c \
				'cd "$1" && ls | xargs -P "$2" -I{} mkdocs build -q -f {}/mkdocs.yml -d "$3/{}"' \
				sh "$MK" "$JOBS" "$MK_OUT"; then
				MKDOCS_NOTE="mkdocs failed: see $B/logs/mkdocs-$i.log"
				say "$MKDOCS_NOTE"
				grep -v '^mkdocs	' "$SAMPLES" >"$SAMPLES.tmp" || true
				mv "$SAMPLES.tmp" "$SAMPLES"
				break
			fi
			say "mkdocs run $i/$RUNS: $(tail -n 1 "$SAMPLES" | cut -f2) s"
			i=$((i + 1))
		done
		rm -rf "$MK_OUT"
	else
		MKDOCS_NOTE="mkdocs skipped: Debian's mkdocs could not be installed"
		say "$MKDOCS_NOTE"
	fi
fi

# ---- deploys, and a large API description -----------------------------------
# Two more organisations, each cached like the main one (by seed, sizes and
# the text of its generator and of gen.py, whose names and words it uses).
# A cairn failure here is recorded, shown in the table and makes the exit
# status 1, but the figures measured so far are still reported.
EXTRA_FAILED=0
rm -f "$B/check-deploys.json" "$B/check-openapi.json"

# gen_org PREFIX SCRIPT ARGS...: sets ORG_DIR to the organisation SCRIPT
# generates with ARGS, generating it unless it is there, and ORG_GEN_SECONDS
# to how long that took (null when reused). Returns 1 when generating failed.
gen_org() {
	prefix=$1
	script=$2
	shift 2
	sum=$(cat "$TREE/bench/gen.py" "$TREE/bench/$script" | cksum | cut -d' ' -f1)
	ORG_DIR=$B/$prefix-$sum
	ORG_GEN_SECONDS=null
	if [ -f "$ORG_DIR/.complete" ]; then
		say "reusing the organisation in $ORG_DIR"
		return 0
	fi
	for old in "$B/$prefix"-*; do
		[ -d "$old" ] && [ "$old" != "$ORG_DIR" ] && rm -rf "$old"
	done
	say "generating $ORG_DIR"
	rm -f "$B/gen.tsv"
	"$B/rss" "$B/gen.tsv" python3 "$TREE/bench/$script" generate --out "$ORG_DIR" "$@" >&2 || return 1
	ORG_GEN_SECONDS=$(cut -f1 "$B/gen.tsv")
	touch "$ORG_DIR/.complete"
}

# run_dir ORG: where cairn's output and cache go for ORG (as RUN for the
# main organisation).
run_dir() {
	if [ -n "${BENCH_OUT_DIR:-}" ]; then
		echo "$(cd "$BENCH_OUT_DIR" && pwd)/cairn-bench-$(basename "$1")"
	else
		echo "$1/run"
	fi
}

# extra_run NAME CONFIG DIR LOG: one cold cairn build of CONFIG into DIR/site,
# measured as NAME. Returns cairn's exit status when it failed (above 1).
extra_run() {
	cold "$3"
	st=0
	measure "$1" "$4" "$CAIRN" build -c "$2" -o "$3/site" -j "$JOBS" || st=$?
	if [ "$st" -gt 1 ]; then
		tail -n 20 "$4" >&2
		say "cairn build ($1) failed with exit status $st; log: $4"
		return "$st"
	fi
	return 0
}

D_STATE=skipped
D_NOTE=""
D_GEN=null
D_DIAGS=0
DDATA=""
if [ "$DEPLOYS" = 1 ]; then
	if gen_org "deploys-s$SEED-r$DEPLOY_REPOS-c$DEPLOY_COMMITS-t$DEPLOY_TAGS" gen_deploys.py \
		--seed "$SEED" --repos "$DEPLOY_REPOS" --commits "$DEPLOY_COMMITS" --tags "$DEPLOY_TAGS" \
		--jobs $((CORES + 1)); then
		DDATA=$ORG_DIR
		D_GEN=$ORG_GEN_SECONDS
		# shellcheck disable=SC1091
		. "$DDATA/meta.env"
		SOURCE_DATE_EPOCH=$DMETA_SOURCE_DATE_EPOCH
		DRUN=$(run_dir "$DDATA")
		mkdir -p "$DRUN"
		# the same organisation, with and without the deploy pass
		for mode in on off; do
			{
				echo "# Written by bench/run.sh for the organisation in $DDATA."
				echo "title: Acme Engineering (deploy benchmark)"
				echo "output: site"
				echo "cache: cache"
				[ "$mode" = on ] && echo "environments: [staging, production]"
				echo "repos:"
				echo "  - glob: $DDATA/repos/*"
			} >"$DRUN/cairn-$mode.yaml"
		done
		say "deploys: $DEPLOY_REPOS repositories x $DEPLOY_COMMITS commits, $DEPLOY_TAGS deploy tags each; full builds with and without environments, $RUNS runs"
		D_STATE=ok
		i=1
		while [ "$i" -le "$RUNS" ] && [ "$D_STATE" = ok ]; do
			# off first, so that the site left to check is the last "on" one
			for mode in off on; do
				log=$B/logs/deploys-$mode-$i.log
				if ! extra_run "deploys_$mode" "$DRUN/cairn-$mode.yaml" "$DRUN" "$log"; then
					D_STATE=failed
					D_NOTE="cairn failed (deploys $mode, run $i): see $log"
					EXTRA_FAILED=1
					break
				fi
			done
			[ "$D_STATE" = ok ] &&
				say "deploys run $i/$RUNS: off $(grep '^deploys_off	' "$SAMPLES" | tail -n 1 | cut -f2) s, on $(tail -n 1 "$SAMPLES" | cut -f2) s"
			i=$((i + 1))
		done
		if [ "$D_STATE" = ok ]; then
			python3 "$TREE/bench/check.py" deploys --data "$DDATA" --site "$DRUN/site" >"$B/check-deploys.json" ||
				echo '{"ok": false, "note": "bench/check.py failed"}' >"$B/check-deploys.json"
			D_DIAGS=$(grep -c '^\(error\|warning\):' "$B/logs/deploys-on-$RUNS.log" || true)
		fi
	else
		D_STATE=failed
		D_NOTE="generating the deploy organisation failed"
		EXTRA_FAILED=1
	fi
fi

O_STATE=skipped
O_NOTE=""
O_GEN=null
O_DIAGS=0
ODATA=""
if [ "$OPENAPI" = 1 ]; then
	if gen_org "openapi-s$SEED-o$OPENAPI_OPS-m$OPENAPI_MB" gen_openapi.py \
		--seed "$SEED" --ops "$OPENAPI_OPS" --bytes $((OPENAPI_MB * 1000000)); then
		ODATA=$ORG_DIR
		O_GEN=$ORG_GEN_SECONDS
		# shellcheck disable=SC1091
		. "$ODATA/meta.env"
		SOURCE_DATE_EPOCH=$OMETA_SOURCE_DATE_EPOCH
		ORUN=$(run_dir "$ODATA")
		mkdir -p "$ORUN"
		cat >"$ORUN/cairn.yaml" <<EOF2
# Written by bench/run.sh for the organisation in $ODATA.
title: Acme Engineering (API benchmark)
output: site
cache: cache
repos:
  - glob: $ODATA/repos/*
EOF2
		say "openapi: one repository, $OPENAPI_OPS operations in $OPENAPI_MB MB of YAML; $RUNS cold builds"
		O_STATE=ok
		i=1
		while [ "$i" -le "$RUNS" ]; do
			log=$B/logs/openapi-$i.log
			if ! extra_run openapi "$ORUN/cairn.yaml" "$ORUN" "$log"; then
				O_STATE=failed
				O_NOTE="cairn failed (run $i): see $log"
				EXTRA_FAILED=1
				break
			fi
			say "openapi run $i/$RUNS: $(tail -n 1 "$SAMPLES" | cut -f2) s"
			i=$((i + 1))
		done
		if [ "$O_STATE" = ok ]; then
			python3 "$TREE/bench/check.py" openapi --data "$ODATA" --site "$ORUN/site" >"$B/check-openapi.json" ||
				echo '{"ok": false, "note": "bench/check.py failed"}' >"$B/check-openapi.json"
			O_DIAGS=$(grep -c '^\(error\|warning\):' "$B/logs/openapi-$RUNS.log" || true)
		fi
	else
		O_STATE=failed
		O_NOTE="generating the API organisation failed"
		EXTRA_FAILED=1
	fi
fi

# ---- deep history -------------------------------------------------------------
# One repository of BENCH_HISTORY_COMMITS commits touching BENCH_HISTORY_FILES
# files (bench/gen_history.py): cairn's cold build of it with CAIRN_TIMING=1
# (its crawl phase is the walk of the history), against `git log
# --name-only` of the same history, alternately, BENCH_RUNS times.
H_STATE=skipped
H_NOTE=""
HDATA=""
HRUN=""
H_GEN=null
: >"$B/history-crawl.txt"
if [ "$HISTORY" = 1 ]; then
	H_STATE=ok
	if gen_org "history-s$SEED-c$HISTORY_COMMITS-f$HISTORY_FILES" gen_history.py \
		--seed "$SEED" --commits "$HISTORY_COMMITS" --files "$HISTORY_FILES"; then
		HDATA=$ORG_DIR
		H_GEN=$ORG_GEN_SECONDS
		HRUN=$(run_dir "$HDATA")
		mkdir -p "$HRUN"
		printf '# Written by bench/run.sh\ntitle: Deep history (benchmark)\noutput: site\ncache: cache\nrepos:\n  - path: %s/repos/handbook.git\n' \
			"$HDATA" >"$HRUN/cairn.yaml"
		say "deep history: $HISTORY_COMMITS commits, $HISTORY_FILES files, $RUNS runs"
		i=1
		while [ "$i" -le "$RUNS" ]; do
			measure history_gitlog "$B/logs/history-gitlog-$i.log" sh -c \
				'git --git-dir "$1" log --name-only >/dev/null' sh "$HDATA/repos/handbook.git" ||
				{ H_STATE=failed; H_NOTE="git log failed"; break; }
			log=$B/logs/history-$i.log
			CAIRN_TIMING=1
			export CAIRN_TIMING
			st=0
			extra_run history "$HRUN/cairn.yaml" "$HRUN" "$log" || st=$?
			unset CAIRN_TIMING
			if [ "$st" -ne 0 ]; then
				H_STATE=failed
				H_NOTE="cairn failed (run $i): see $log"
				EXTRA_FAILED=1
				break
			fi
			crawl=$(sed -n 's/^cairn: timing: crawl *\([0-9.]*\) s.*/\1/p' "$log")
			[ -n "$crawl" ] || crawl=null
			echo "$crawl" >>"$B/history-crawl.txt"
			say "history run $i/$RUNS: crawl $crawl s, build $(tail -n 1 "$SAMPLES" | cut -f2) s, git log $(grep '^history_gitlog' "$SAMPLES" | tail -n 1 | cut -f2) s"
			i=$((i + 1))
		done
	else
		H_STATE=failed
		H_NOTE="generating the deep-history repository failed"
		EXTRA_FAILED=1
	fi
fi

# ---- report ---------------------------------------------------------------
CAIRN_VERSION=$("$CAIRN" version 2>/dev/null | head -n 1 | sed 's/^cairn //')
[ -n "$CAIRN_VERSION" ] || CAIRN_VERSION=unknown
export SAMPLES DATA B SCALE SEED RUNS HUGO_RUNS JOBS CORES COMMIT CAIRN_VERSION HUGO_VERSION \
	OUT_BYTES OUT_FILES SEARCH_BYTES HUGO_BYTES DIAGS GEN_SECONDS DOCS OUT_FS RUN HUGO_NOTE STALE \
	D_STATE D_NOTE D_GEN D_DIAGS DDATA DRUN O_STATE O_NOTE O_GEN O_DIAGS ODATA ORUN \
	STALE_ADD PAGEFIND_NOTE PAGEFIND_VERSION PAGEFIND_BYTES MKDOCS_NOTE MKDOCS_VERSION MKDOCS_DOCS \
	H_STATE H_NOTE H_GEN HDATA HRUN

python3 - <<'EOF'
import json, os, statistics, time

E = os.environ
meta = json.load(open(os.path.join(E["DATA"], "meta.json")))
samples = {}
for line in open(E["SAMPLES"]):
    name, wall, rss, user, sys_, status, other = line.rstrip("\n").split("\t")
    samples.setdefault(name, []).append(
        {"seconds": float(wall), "rss_kib": int(rss), "user": float(user),
         "sys": float(sys_), "status": int(status),
         "other_cpu": None if float(other) < 0 else float(other)})

def med(name, key="seconds"):
    s = samples.get(name)
    return statistics.median(x[key] for x in s) if s else None

def num(name):
    v = E.get(name, "null")
    return None if v in ("", "null") else float(v) if "." in v else int(v)

pages = meta["pages"]
full, same, one = med("cairn_full"), med("cairn_nochange"), med("cairn_onedoc")
added = med("cairn_adddoc")
rss = med("cairn_full", "rss_kib")
f1, fj, hugo = med("floor_1"), med("floor_j"), med("hugo")
jobs, scale = int(E["JOBS"]), int(E["SCALE"])
# the memory target is stated for the default organisation (~10,000 pages)
at_10k = meta["repos"] == 200 and meta["docs_per_repo"] == 50

def mark(ok, text):
    return ("✓ " if ok else "✗ ") + text

nosearch = med("cairn_nosearch")
pagefind = med("pagefind")
mkdocs = med("mkdocs")
mkdocs_docs = int(E.get("MKDOCS_DOCS") or 0)
mkdocs_scaled = mkdocs * pages / mkdocs_docs if mkdocs is not None and mkdocs_docs else None
# the targets of issue 17 (docs/benchmark.md, "The targets")
targets = {
    "hugo_over_cairn_at_least_5": None if hugo is None else hugo / full >= 5,
    "cairn_over_floor_at_most_2": fj is not None and full / fj <= 2,
    "search_at_most_25_percent": (full - nosearch) / full <= 0.25,
    "nochange_at_most_5_percent": same / full <= 0.05,
    "onedoc_at_most_5_percent": one / full <= 0.05 and int(E["STALE"]) == 0,
    "added_at_most_5_percent": added / full <= 0.05 and int(E["STALE_ADD"]) == 0,
    "peak_rss_under_256_mib": (rss / 1024 < 256) if at_10k else None,
    "faster_than_pagefind_in_less_memory": None if pagefind is None else (
        full < pagefind and rss < med("pagefind", "rss_kib")),
}

def mib(kib):
    return "%d MB" % round(kib / 1024)

def size(b):
    return "n/a" if b is None else "%.0f MB" % (b / 1e6) if b >= 1e6 else "%.0f KB" % (b / 1e3)

rows = []
def row(measure, median="", rate="", ratio="", target=""):
    rows.append("%-30s %10s %10s   %-20s %s" % (measure, median, rate, ratio, target))

def cpu(name):
    return statistics.median(x["user"] + x["sys"] for x in samples[name])
row("measure", "median", "pages/s", "ratio", "target")
row("cairn full build (cold)", "%.2f s" % full, "{:,.0f}".format(pages / full),
    "cpu %.2f s" % cpu("cairn_full"), "(%.2f s user, %.2f s system)" % (
        med("cairn_full", "user"), med("cairn_full", "sys")))
first = med("cairn_first")
if first is not None:
    row("cairn first rebuild (twin)", "%.2f s" % first, "", "%.1f%% of full" % (100 * first / full),
        "(no change; links every file into the twin once)")
row("cairn rebuild, no change", "%.2f s" % same, "", "%.1f%% of full" % (100 * same / full),
    mark(targets["nochange_at_most_5_percent"], "≤5%"))
row("cairn rebuild, 1 doc changed", "%.2f s" % one, "", "%.1f%% of full" % (100 * one / full),
    mark(targets["onedoc_at_most_5_percent"], "≤5%"))
row("cairn rebuild, 1 doc added", "%.2f s" % added, "", "%.1f%% of full" % (100 * added / full),
    mark(targets["added_at_most_5_percent"], "≤5%"))
row("cairn without search index", "%.2f s" % nosearch, "", "search %.0f%% of full" % (
    100 * (full - nosearch) / full), mark(targets["search_at_most_25_percent"], "≤25%"))
row("cairn peak RSS (full)", mib(rss), "", "",
    mark(targets["peak_rss_under_256_mib"], "<256 MB") if at_10k else "(target: <256 MB at 10,000 pages)")
row("floor: git+md4c+write (-j %d)" % jobs, "%.2f s" % fj, "{:,.0f}".format(pages / fj),
    "cairn/floor %.1fx" % (full / fj), mark(targets["cairn_over_floor_at_most_2"], "≤2x"))
row("floor (-j 1)", "%.2f s" % f1, "{:,.0f}".format(pages / f1), "cairn/floor %.1fx" % (full / f1))
fi = med("floor_i")
if fi is not None:
    row("floor with a least index (-j %d)" % jobs, "%.2f s" % fi, "{:,.0f}".format(pages / fi),
        "cairn/it %.1fx" % (full / fi),
        "(the index %.0f%% of it; cpu %.2f s, +%.2f s)" % (
            100 * (fi - fj) / fi, cpu("floor_i"), cpu("floor_i") - cpu("floor_j")))
if hugo is None:
    row("hugo full build", "n/a", "", "", "(%s)" % E["HUGO_NOTE"])
else:
    row("hugo full build (cold)", "%.2f s" % hugo, "{:,.0f}".format(pages / hugo),
        "hugo/cairn %.1fx" % (hugo / full), mark(targets["hugo_over_cairn_at_least_5"], "≥5x"))
    row("hugo peak RSS", mib(med("hugo", "rss_kib")))
if pagefind is None:
    row("pagefind index", "n/a", "", "", "(%s)" % E["PAGEFIND_NOTE"])
else:
    row("pagefind index (1 run)", "%.2f s" % pagefind, "{:,.0f}".format(pages / pagefind),
        "pagefind/cairn %.1fx" % (pagefind / full),
        mark(targets["faster_than_pagefind_in_less_memory"], "cairn faster, less memory"))
    row("pagefind peak RSS", mib(med("pagefind", "rss_kib")), "", "cairn %s" % mib(rss))
if mkdocs_scaled is None:
    row("mkdocs", "n/a", "", "", "(%s)" % E["MKDOCS_NOTE"])
else:
    row("mkdocs, %d docs" % mkdocs_docs, "%.2f s" % mkdocs, "{:,.0f}".format(mkdocs_docs / mkdocs),
        "x%.1f to all pages" % (pages / mkdocs_docs))
    row("mkdocs scaled to all pages", "%.2f s" % mkdocs_scaled, "", "mkdocs/cairn %.1fx" % (
        mkdocs_scaled / full), "(one site per repository, as TechDocs)")

# How busy the rest of the machine was while each thing ran, in cores.
load = {}
for name, ss in samples.items():
    known = [x for x in ss if x["other_cpu"] is not None]
    if known:
        load[name] = sum(x["other_cpu"] for x in known) / sum(x["seconds"] for x in known)
busy = max(load.values()) if load else None

out_bytes, search_bytes, hugo_bytes = num("OUT_BYTES"), num("SEARCH_BYTES"), num("HUGO_BYTES")
diags = int(E.get("DIAGS") or 0)
title = ("cairn bench  (seed %s, %s repos, {:,} pages, %.0f MB of Markdown, %s cores, -j %d, "
         "median of %s, output on %s)").format(pages) % (
    E["SEED"], meta["repos"], meta["markdown_bytes"] / 1e6, E["CORES"], jobs, E["RUNS"], E["OUT_FS"])
print()
print(title)
print("\n".join(rows))
print("output size %s (%s files); search index %s; hugo output %s" % (
    size(out_bytes), "{:,}".format(int(E["OUT_FILES"])), size(search_bytes), size(hugo_bytes)))
sq = num("SEARCH_QUERY")
if sq is not None:
    print("search: index %s in %s files; worst one-word query fetches %.0f KB (\"%s\", typed) %s; "
          "the index adds %.2f s to the full build (%.2f s without it)" % (
              size(search_bytes), E.get("SEARCH_FILES", "?"), sq / 1024, E.get("SEARCH_WORD", ""),
              "✓ <150 KB" if sq < 150 * 1024 else "✗ ≥150 KB", full - nosearch, nosearch))
gen = num("GEN_SECONDS")
print("cairn %s at %s; %d diagnostic%s in the full build; organisation %s" % (
    E["CAIRN_VERSION"], E["COMMIT"], diags, "" if diags == 1 else "s",
    "generated in %.1f s" % gen if gen is not None else "reused (generated in %.1f s)" % meta["generate_seconds"]))

# ---- the deploy and API measurements
def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def line(measure, median="", rate="", ratio="", target=""):
    return ("%-30s %10s %10s   %-20s %s" % (measure, median, rate, ratio, target)).rstrip()

def secs(v):
    return "n/a" if v is None else "%.2f s" % v

def cpu_of(name):
    return cpu(name) if samples.get(name) else None

def output_mark(check):
    if check is None:
        return "✗ output (not checked)"
    return "✓ output" if check.get("ok") else "✗ output"

def generated(state_gen, m):
    g = num(state_gen)
    if g is not None:
        return "generated in %.1f s" % g
    return "reused" + (" (generated in %.1f s)" % m["generate_seconds"] if m else "")

history = None
if E["H_STATE"] != "skipped":
    hm = load_json(os.path.join(E["HDATA"], "meta.json")) if E["HDATA"] else None
    crawls = []
    for l in open(os.path.join(E["B"], "history-crawl.txt")):
        l = l.strip()
        if l and l != "null":
            crawls.append(float(l))
    crawl = statistics.median(crawls) if crawls else None
    gitlog, hbuild = med("history_gitlog"), med("history")
    ok = E["H_STATE"] == "ok" and crawl is not None and gitlog
    history = {
        "state": E["H_STATE"], "error": E["H_NOTE"] or None,
        "commits": hm and hm["commits"], "merges": hm and hm["merges"], "files": hm and hm["files"],
        "markdown_files": hm and hm["markdown_files"],
        "generate_seconds": num("H_GEN") if num("H_GEN") is not None else hm and hm["generate_seconds"],
        "crawl_seconds": crawl, "crawl_samples": crawls, "build_seconds": hbuild,
        "build_peak_rss_kib": med("history", "rss_kib"), "git_log_seconds": gitlog,
        "crawl_over_git_log": crawl / gitlog if ok else None,
        "target_crawl_at_most_1_5_git_log": crawl / gitlog <= 1.5 if ok else None,
    }
    print()
    if hm:
        print(("deep history  (seed %s, one repository: {:,} commits, {:,} merges, {:,} files, "
               "{:,} Markdown; cold builds, median of %s; repository %s)").format(
                   hm["commits"], hm["merges"], hm["files"], hm["markdown_files"]) % (
                   E["SEED"], E["RUNS"], generated("H_GEN", hm)))
    else:
        print("deep history")
    if not ok:
        print("  ✗ %s" % (E["H_NOTE"] or "not measured"))
    else:
        print(line("git log --name-only", secs(gitlog), "", "cpu %.2f s" % cpu("history_gitlog")))
        print(line("cairn cold crawl", secs(crawl), "", "crawl/git log %.1fx" % (crawl / gitlog),
                   mark(crawl / gitlog <= 1.5, "≤1.5x")))
        print(line("cairn cold build, whole", secs(hbuild), "", "cpu %.2f s" % cpu("history"),
                   "peak RSS %s" % mib(med("history", "rss_kib"))))
else:
    print()
    print("deep history: skipped (BENCH_HISTORY=0)")

deploys = None
if E["D_STATE"] != "skipped":
    dm = load_json(os.path.join(E["DDATA"], "meta.json")) if E["DDATA"] else None
    on, off = med("deploys_on"), med("deploys_off")
    ok = E["D_STATE"] == "ok" and on is not None and off is not None
    check = load_json(os.path.join(E["B"], "check-deploys.json")) if ok else None
    adds = on - off if ok else None
    deploys = {
        "state": E["D_STATE"], "error": E["D_NOTE"] or None,
        "repos": dm and dm["repos"], "commits_per_repo": dm and dm["commits_per_repo"],
        "tags_per_repo": dm and dm["tags_per_repo"], "deploy_tags": dm and dm["deploy_tags"],
        "annotated_tags": dm and dm["annotated_tags"], "environments": ["staging", "production"],
        "generate_seconds": num("D_GEN") if num("D_GEN") is not None else dm and dm["generate_seconds"],
        "on_seconds": on if ok else None, "off_seconds": off if ok else None, "adds_seconds": adds,
        "adds_share_of_on": adds / on if ok and on > 0 else None,
        "on_cpu_seconds": cpu_of("deploys_on") if ok else None,
        "off_cpu_seconds": cpu_of("deploys_off") if ok else None,
        "on_peak_rss_kib": med("deploys_on", "rss_kib") if ok else None,
        "off_peak_rss_kib": med("deploys_off", "rss_kib") if ok else None,
        "output_ok": None if check is None else bool(check.get("ok")),
        "output_note": None if check is None else check.get("note"),
        "diagnostics": int(E.get("D_DIAGS") or 0) if ok else None,
        "output_dir": E["DRUN"] or None,
    }
    print()
    if dm:
        print(("deploys  (seed %s, %d repos × {:,} commits and {:,} deploy tags each; {:,} tags, "
               "{:,} annotated; cold builds, median of %s; organisation %s)").format(
                   dm["commits_per_repo"], dm["tags_per_repo"], dm["deploy_tags"], dm["annotated_tags"]) % (
                   E["SEED"], dm["repos"], E["RUNS"], generated("D_GEN", dm)))
    else:
        print("deploys")
    if not ok:
        print("  ✗ %s" % (E["D_NOTE"] or "not measured"))
    else:
        print(line("cairn full build, deploys on", secs(on), "", "cpu %.2f s" % cpu("deploys_on"),
                   output_mark(check)))
        print(line("cairn full build, deploys off", secs(off), "", "cpu %.2f s" % cpu("deploys_off")))
        print(line("deploy pass adds", secs(adds), "", "%.1f%% of the build" % (100 * adds / on)
                   if on > 0 else ""))
        print(line("cairn peak RSS, deploys on", mib(med("deploys_on", "rss_kib")), "",
                   "off: %s" % mib(med("deploys_off", "rss_kib"))))
        print("output: %s; %d diagnostic%s" % (
            check.get("note") if check else "not checked", deploys["diagnostics"],
            "" if deploys["diagnostics"] == 1 else "s"))
else:
    print()
    print("deploys: skipped (BENCH_DEPLOYS=0)")

openapi = None
if E["O_STATE"] != "skipped":
    om = load_json(os.path.join(E["ODATA"], "meta.json")) if E["ODATA"] else None
    t = med("openapi")
    ok = E["O_STATE"] == "ok" and t is not None
    check = load_json(os.path.join(E["B"], "check-openapi.json")) if ok else None
    openapi = {
        "state": E["O_STATE"], "error": E["O_NOTE"] or None,
        "operations": om and om["operations"], "schemas": om and om["schemas"],
        "yaml_bytes": om and om["bytes"],
        "generate_seconds": num("O_GEN") if num("O_GEN") is not None else om and om["generate_seconds"],
        "seconds": t if ok else None, "cpu_seconds": cpu_of("openapi") if ok else None,
        "peak_rss_kib": med("openapi", "rss_kib") if ok else None,
        "output_ok": None if check is None else bool(check.get("ok")),
        "output_note": None if check is None else check.get("note"),
        "anchors_found": None if check is None else check.get("anchors_found"),
        "api_pages": None if check is None else check.get("pages"),
        "api_page_bytes": None if check is None else check.get("page_bytes"),
        "diagnostics": int(E.get("O_DIAGS") or 0) if ok else None,
        "output_dir": E["ORUN"] or None,
    }
    print()
    if om:
        print(("openapi  (seed %s, one repository whose openapi.yaml has {:,} operations, %d schemas, "
               "%.1f MB of YAML; cold builds, median of %s; organisation %s)").format(om["operations"]) % (
                   E["SEED"], om["schemas"], om["bytes"] / 1e6, E["RUNS"], generated("O_GEN", om)))
    else:
        print("openapi")
    if not ok:
        print("  ✗ %s" % (E["O_NOTE"] or "not measured"))
    else:
        print(line("cairn full build, big API", secs(t), "", "cpu %.2f s" % cpu("openapi"),
                   output_mark(check)))
        print(line("cairn peak RSS, big API", mib(med("openapi", "rss_kib"))))
        pb = check.get("page_bytes") if check else None
        print("output: %s%s; %d diagnostic%s" % (
            check.get("note") if check else "not checked",
            " (%s)" % size(pb) if pb else "", openapi["diagnostics"],
            "" if openapi["diagnostics"] == 1 else "s"))
else:
    print()
    print("openapi: skipped (BENCH_OPENAPI=0)")

if int(E["STALE_ADD"]):
    print("warning: %s of %s rebuilds after the new document did not show it "
          "(the target is marked missed)" % (E["STALE_ADD"], E["RUNS"]))
if int(E["STALE"]):
    print("warning: %s of %s rebuilds after the one-document change did not show the change "
          "(a stale site is not a fast rebuild: the target is marked missed)" % (E["STALE"], E["RUNS"]))
if busy is not None and busy > 0.2:
    print("warning: the machine was busy: other processes used up to %.1f of %s cores while "
          "this ran (%s); these timings are not comparable with a quiet run" % (
              busy, E["CORES"], ", ".join("%s %.1f" % (k, v) for k, v in sorted(load.items()))))

result = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "commit": E["COMMIT"], "cairn_version": E["CAIRN_VERSION"], "hugo_version": E["HUGO_VERSION"] or None,
    "seed": int(E["SEED"]), "scale": scale, "repos": meta["repos"], "pages": pages,
    "markdown_bytes": meta["markdown_bytes"], "cores": int(E["CORES"]), "jobs": jobs,
    "runs": int(E["RUNS"]), "output_dir": E["RUN"], "output_fs": E["OUT_FS"], "generate_seconds": gen if gen is not None else meta["generate_seconds"],
    "median": {
        "cairn_full_seconds": full, "cairn_first_rebuild_seconds": first,
        "cairn_nochange_seconds": same, "cairn_onedoc_seconds": one,
        "cairn_full_cpu_seconds": cpu("cairn_full"), "cairn_full_peak_rss_kib": rss,
        "cairn_adddoc_seconds": added, "cairn_nosearch_seconds": nosearch,
        "pagefind_seconds": pagefind, "pagefind_peak_rss_kib": med("pagefind", "rss_kib"),
        "mkdocs_seconds": mkdocs, "mkdocs_docs": mkdocs_docs or None,
        "mkdocs_scaled_seconds": mkdocs_scaled,
        "floor_1_seconds": f1, "floor_j_seconds": fj, "floor_index_seconds": fi, "hugo_seconds": hugo,
        "hugo_peak_rss_kib": med("hugo", "rss_kib"),
    },
    "pages_per_second": {"cairn": pages / full, "floor_j": pages / fj, "floor_1": pages / f1,
                         "hugo": None if hugo is None else pages / hugo},
    "ratios": {"nochange_of_full": same / full, "onedoc_of_full": one / full,
               "cairn_over_floor_j": full / fj, "cairn_over_floor_1": full / f1,
               "cairn_over_floor_index": None if fi is None else full / fi,
               "hugo_over_cairn": None if hugo is None else hugo / full,
               "added_of_full": added / full, "search_share_of_full": (full - nosearch) / full,
               "pagefind_over_cairn": None if pagefind is None else pagefind / full,
               "mkdocs_scaled_over_cairn": None if mkdocs_scaled is None else mkdocs_scaled / full},
    "targets_met": targets,
    "output_bytes": out_bytes, "output_files": int(E["OUT_FILES"]), "search_index_bytes": search_bytes,
    "search_query_bytes": num("SEARCH_QUERY"), "cairn_nosearch_seconds": med("cairn_nosearch"),
    "hugo_output_bytes": hugo_bytes, "hugo_note": None if hugo is not None else E["HUGO_NOTE"],
    "diagnostics": diags, "onedoc_stale_runs": int(E["STALE"]), "added_stale_runs": int(E["STALE_ADD"]),
    "pagefind_version": E["PAGEFIND_VERSION"] or None, "pagefind_note": E["PAGEFIND_NOTE"] or None,
    "pagefind_index_bytes": num("PAGEFIND_BYTES"),
    "mkdocs_version": E["MKDOCS_VERSION"] or None, "mkdocs_note": E["MKDOCS_NOTE"] or None,
    "history": history,
    "other_load_cores": load,
    "deploys": deploys,
    "openapi": openapi,
    "samples": samples,
}
with open(os.path.join(E["B"], "results.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
with open(os.path.join(E["B"], "history.jsonl"), "a") as f:
    f.write(json.dumps(result, separators=(",", ":")) + "\n")
print("results: %s (history: %s)" % (os.path.join(E["B"], "results.json"),
                                     os.path.join(E["B"], "history.jsonl")))
EOF
# a failed deploy or API measurement: reported above, and the status says so
[ "$EXTRA_FAILED" = 0 ] || exit 1
