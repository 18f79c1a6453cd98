# "A damaged cache is never trusted" (issue 14): after good builds of the
# demo organisation (tests/property/fixture.sh), each file of the cache
# folder and the site's .cairn-manifest is damaged in turn, in each of four
# ways, and the next incremental build must still publish exactly what a
# build from scratch publishes.
#
#   damage:  truncate  to half its size
#            flip      one byte in the middle XOR 0x01 (same length)
#            empty     to zero bytes
#            delete    the file
#   files:   every file cairn keeps in the cache folder: crawl snapshots
#            (crawl/*.bin), deploy caches (deploys/*.bin), the search cache
#            (search/entries.idx, search/index.bin, search/entries-*.dat);
#            and the output's .cairn-manifest and the twin's
#            (.site.prev/.cairn-manifest).
#            Not damaged: the bare clone of the url: repository inside the
#            cache folder: it is a git repository that cairn fetches into
#            through libgit2, not a cache of cairn's own format.
#   builds:  A: nothing changed since the good builds;
#            B: one commit in payments-api (a document edited) since then,
#               so that the crawl and the search index are brought up to
#               date from the damaged cache;
#            C: the portal's title changed in cairn.yaml, so that every
#               page is made again from what the cache holds.
#            (To save time, not every repository's caches are damaged,
#            and each file meets two kinds of damage in one scenario and
#            the other two in another: see below; CACHE_DAMAGE_ALL=1
#            damages them all in every way in every scenario.)
#
# Each damage gives two checks:
#   - the build equals a fresh build of the same state: the same published
#     files (diff -r, the bookkeeping files aside: see fixture.sh), the same
#     exit status, the same diagnostics (sorted) apart from warnings that
#     name the damaged file;
#   - in C, where every page is made again and so every cache file is
#     needed, a warning names the damaged file (its file name appears in a
#     "warning:" line) -- except for `delete` (a missing cache may be
#     rebuilt silently) and for the manifests (the output's, not the
#     cache's).  A and B do not ask for it: a build that needs no page of
#     a repository again may never read that repository's cached text.
#     Nor is it asked for crawl-text/ (where the generator has one): those
#     texts are read only for a repository that cannot be read any more
#     (README: "that crawl (with its documents' texts, in crawl-text/)
#     stands in for it"), which none of A, B, C has; damaging them must
#     still leave the site as a fresh build makes it.
# Before the damage, the same two builds without damage (the controls) are
# checked against the fresh ones too.
#
# CACHE_DAMAGE_AGAINST=control (for exploring only) compares each damaged
# build with the undamaged control build instead of the fresh one, to tell
# a damage-specific difference from one every rebuild has.
. "$(dirname "$0")/../lib.sh"
FX_TOP=$TOP
. "$TOP/tests/property/fixture.sh"
AGAINST=${CACHE_DAMAGE_AGAINST:-fresh}

test_begin fixture
if fx_setup "$TMP/w"; then pass "the demo organisation, from scripts/demo.sh"
else fail "the demo organisation could not be made"; finish; exit 1; fi
LOG=$ORG/logs
PAY=$ORG/repos/payments-api
ORIG=$(fx_git -C "$PAY" rev-parse HEAD)

# scenario B's change, made the same way (same commit) each time
change_b() {
	printf '\nA paragraph added after the cache was damaged.\n' >>"$PAY/docs/architecture.md"
	fx_git -C "$PAY" add -A
	GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@acme.example \
	GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@acme.example \
	GIT_AUTHOR_DATE="$((FX_NOW - 3600)) +0000" GIT_COMMITTER_DATE="$((FX_NOW - 3600)) +0000" \
		fx_git -C "$PAY" commit -q -m "Edit the architecture page"
}
undo_b() { fx_git -C "$PAY" reset -q --hard "$ORIG"; }
# scenario C's change: the portal's title, in both cairn.yaml files
change_c() { C_TITLE="Acme Portal, renamed"; fx_write_config; }
undo_c() { C_TITLE="Acme Engineering Portal"; fx_write_config; }

# the references: fresh builds of states A and B, kept in ref-A/ and ref-B/
ref() { # ref SCENARIO
	fx_fresh "$ORG/fresh" "ref-$1"
	rm -rf "$ORG/ref-$1"
	mv "$ORG/fresh/site" "$ORG/ref-$1"
}
ref A
change_b
ref B
undo_b
change_c
ref C
undo_c

# the good builds, saved as the snapshot every trial starts from: a first
# build of the state with the home page's text changed, then a build of
# state A (a rebuild that changes something, so that the twin exists)
cp "$ORG/content/index.md" "$ORG/index.md.saved"
printf '\nA sentence that the second build removes.\n' >>"$ORG/content/index.md"
fx_build "$ORG/live" good1
mv "$ORG/index.md.saved" "$ORG/content/index.md"
fx_build "$ORG/live" good2
rm -rf "$ORG/snap"
cp -a "$ORG/live" "$ORG/snap"

restore() {
	rm -rf "$ORG/live"
	cp -a "$ORG/snap" "$ORG/live"
}

damage() { # damage KIND FILE
	case $1 in
	truncate) truncate -s $(($(wc -c <"$2") / 2)) "$2" ;;
	flip)
		size=$(wc -c <"$2")
		[ "$size" -gt 0 ] || return 0
		off=$((size / 2))
		byte=$(od -An -tu1 -j "$off" -N 1 "$2" | tr -d ' ')
		# shellcheck disable=SC2059
		printf "\\$(printf %03o $((byte ^ 1)))" | dd of="$2" bs=1 seek="$off" conv=notrunc 2>/dev/null
		;;
	empty) : >"$2" ;;
	delete) rm -f "$2" ;;
	esac
}

# diags_without TAG NAME: the diagnostics of a build without the count line
# and without the lines naming NAME
diags_without() {
	fx_diags "$1" | grep -v -E '^cairn: [0-9]+ errors?, ' | { if [ -n "$2" ]; then grep -v -F -- "$2"; else cat; fi; }
}

# trial SCENARIO KIND FILE (relative to live/) DESC WARN(yes|no)
trial() {
	sc=$1 kind=$2 file=$3 desc=$4 warn=$5
	restore
	[ "$kind" = none ] || damage "$kind" "$ORG/live/$file"
	case $sc in B) change_b ;; C) change_c ;; esac
	tag=trial
	fx_build "$ORG/live" $tag
	case $sc in B) undo_b ;; C) undo_c ;; esac
	base=""
	[ "$kind" = none ] || base=$(basename "$file")
	if [ "$AGAINST" = control ] && [ "$kind" != none ]; then
		refsite=$ORG/control-$sc refdiag=control-$sc
	else
		refsite=$ORG/ref-$sc refdiag=ref-$sc
	fi
	why=""
	if ! fx_site_diff "$ORG/live/site" "$refsite" -q >"$LOG/trial.diff" 2>&1; then
		why="$why; the site differs: $(sed "s|$ORG/||g" "$LOG/trial.diff" | head -n 3 | tr '\n' ';' | sed 's/;$//')$([ "$(wc -l <"$LOG/trial.diff")" -le 3 ] || echo " ...($(wc -l <"$LOG/trial.diff") lines)")"
	fi
	if ! cmp -s "$LOG/$tag.rc" "$LOG/$refdiag.rc"; then
		why="$why; exit $(cat "$LOG/$tag.rc"), fresh $(cat "$LOG/$refdiag.rc")"
	fi
	diags_without $tag "$base" >"$LOG/a.diag"
	diags_without $refdiag "$base" >"$LOG/b.diag"
	if ! cmp -s "$LOG/a.diag" "$LOG/b.diag"; then
		why="$why; diagnostics differ: $(diff "$LOG/a.diag" "$LOG/b.diag" | grep '^[<>]' | head -n 2 | cut -c1-160 | tr '\n' ';' | sed 's/;$//')"
	fi
	if [ -z "$why" ]; then pass "[$sc] $desc: the site, diagnostics and exit status of a fresh build"
	else fail "[$sc] $desc: ${why#; }"; fi
	if [ "$warn" = yes ]; then
		if grep -E '^warning' "$LOG/$tag.err" | grep -q -F -- "$base"; then
			pass "[$sc] $desc: a warning names $base"
		else
			fail "[$sc] $desc: no warning names $base (stderr: $(grep -v '^cairn: ' "$LOG/$tag.err" | grep -v -F 'has no due date' | grep -v -F 'has no owner' | head -n 2 | cut -c1-160 | tr '\n' ';'))"
		fi
	fi
	if [ "$kind" = none ]; then
		rm -rf "$ORG/control-$sc"
		cp -a "$ORG/live/site" "$ORG/control-$sc"
		for x in err out rc; do cp "$LOG/$tag.$x" "$LOG/control-$sc.$x"; done
	fi
}

test_begin controls_without_damage
trial A none "" "no damage (control), nothing changed" no
trial B none "" "no damage (control), one commit" no
trial C none "" "no damage (control), the title changed" no

test_begin cache_damage
# (the files of the snapshot every trial starts from: a build may write a
# cache file the snapshot has not, such as a head stamp once the files it
# stamps are old enough to be trusted)
files=$(cd "$ORG/snap" && find cache -path 'cache/*.git' -prune -o -type f -print | LC_ALL=C sort)
n=$(echo "$files" | grep -c .)
if [ "$n" -ge 10 ] && echo "$files" | grep -q '^cache/search/' &&
	echo "$files" | grep -q '^cache/crawl/' && echo "$files" | grep -q '^cache/deploys/'; then
	pass "the cache holds $n files to damage (crawl, deploys, search)"
else
	fail "unexpected cache contents: $(echo "$files" | tr '\n' ' ')"
fi
# To keep `make test` short, A and C damage the search cache and the caches
# of payments-api (a working tree, the one B changes) and ledger (the url:
# one), B the search cache and payments-api's; CACHE_DAMAGE_ALL=1 damages
# every file (every repository's) in all three.
a_files=$(echo "$files" | grep -E '^cache/search/|/(payments-api|ledger)-')
b_files=$(echo "$files" | grep -E '^cache/search/|/payments-api-')
if [ -n "${CACHE_DAMAGE_ALL:-}" ]; then a_files=$files b_files=$files; fi
# under the sanitizers (CAIRN_TEST_LIGHT, tests/all.sh): the search cache
# and one repository's files, the same code paths
if [ -n "${CAIRN_TEST_LIGHT:-}" ] && [ -z "${CACHE_DAMAGE_ALL:-}" ]; then
	a_files=$(echo "$files" | grep -E '^cache/search/|/payments-api-')
	b_files=$(echo "$files" | grep -E '^cache/search/')
fi
# Each file is damaged in two of the four ways in one scenario and in the
# other two in another (A takes one pair, B and C the other, turning with
# the file's place in the list), so that every file meets every kind of
# damage at half the builds; CACHE_DAMAGE_ALL=1 (or CACHE_DAMAGE_KINDS=all)
# tries every kind in every scenario.
every_kind=${CACHE_DAMAGE_KINDS:-}
[ -z "${CACHE_DAMAGE_ALL:-}" ] || every_kind=all
for sc in A B C; do
	if [ "$sc" = B ]; then sc_files=$b_files; else sc_files=$a_files; fi
	case $sc in A) turn=0 ;; *) turn=1 ;; esac
	i=0
	for f in $sc_files; do
		i=$((i + 1))
		k=0
		for kind in truncate flip empty delete; do
			k=$((k + 1))
			[ "$every_kind" = all ] || [ $(((i + k + turn) % 2)) -eq 0 ] || continue
			w=no
			[ "$sc" != C ] || [ "$kind" = delete ] || w=yes
			case $f in cache/crawl-text/*) w=no ;; esac
			trial $sc $kind "$f" "$f $kind" $w
		done
	done
done

test_begin manifest_damage
for sc in A C; do
	for f in site/.cairn-manifest .site.prev/.cairn-manifest; do
		[ -f "$ORG/snap/$f" ] || { fail "$f: missing after two builds"; continue; }
		for kind in truncate flip empty delete; do
			trial $sc $kind "$f" "$f $kind" no
		done
	done
done

finish
