# The "rebuild equals fresh build" property (issue 14): the demo
# organisation taken through a seeded random sequence of changes (commits to
# documents, images, catalog entries, READMEs, post-mortems; deploy tags;
# the deploy feed; cairn.yaml; a theme folder; the portal's own pages).
# After each change the incremental build must publish the same files, print
# the same diagnostics and exit with the same status as a build from
# scratch of the same state.  The driver is tests/property/rebuild.sh; a
# long sequence is `make property` (PROPERTY_STEPS, PROPERTY_SEED).
#
# Three sequences run here: one of every kind of change (40 steps), a
# shorter one of the changes that reach beyond one repository's own pages
# (catalog entries, cairn.yaml, the theme, the deploy feed and tags, the
# clock), and one of the changes a document's page shows without the
# document being edited (files its links name coming and going, documents
# renamed, the service's catalog entry, post-mortems).
#
# A failure says the step, the change and what differs; replay it with the
# "replay:" line it prints (PROPERTY_SEED, PROPERTY_STEPS, PROPERTY_KINDS).
. "$(dirname "$0")/../lib.sh"

seed=${PROPERTY_SEED:-14}

# sequence NAME STEPS KINDS: runs the driver, prints its log and checks it
sequence() {
	name=$1 steps=$2
	log=$TMP/$name.log
	PROPERTY_SEED=$seed PROPERTY_STEPS=$steps PROPERTY_KINDS=$3 PROPERTY_KEEP_GOING=0 PROPERTY_IGNORE= \
		sh "$TOP/tests/property/rebuild.sh" "$TMP/$name" >"$log" 2>&1
	status=$?
	rm -rf "$TMP/$name"
	# the driver's log: the seed, each step's change and, on a mismatch,
	# what differs (last, so that tests/run.sh's tail shows it)
	echo "=== $name"
	cat "$log"

	test_begin "$name/fixture"
	if [ "$status" -eq 2 ]; then fail "the demo organisation could not be made (seed $seed)"
	else pass "the demo organisation, from scripts/demo.sh"; fi

	test_begin "$name/fresh_builds_are_deterministic"
	if grep -q '^NOT DETERMINISTIC' "$log"; then fail "$(grep '^NOT DETERMINISTIC' "$log" | head -n 1)"
	elif grep -q '^fresh builds are deterministic' "$log"; then pass "fresh builds of the same state (one with -j 1) are identical"
	else fail "not checked"; fi

	test_begin "$name/first_build_equals_fresh"
	if grep -q '^MISMATCH at step 0:' "$log"; then fail "the first build differs from a fresh one"
	elif grep -q '^step 1:' "$log"; then pass "the first build equals a fresh one"
	else fail "not checked"; fi

	test_begin "$name/rebuild_equals_fresh_build"
	if grep -q '^MISMATCH at step' "$log"; then
		fail "$(grep '^MISMATCH at step' "$log" | head -n 1) (seed $seed)"
	elif [ "$status" -eq 0 ] || { [ "$status" -eq 3 ] && grep -q "^step $steps:" "$log"; }; then
		pass "$steps random changes (seed $seed): every rebuild equals a fresh build"
	else
		fail "the sequence did not run to its end (exit $status)"
	fi
}

# Under the sanitizers (CAIRN_TEST_LIGHT, tests/all.sh) the same code
# paths run in shorter sequences: that pass looks for memory errors.
if [ -n "${CAIRN_TEST_LIGHT:-}" ]; then
	sequence every_kind "${PROPERTY_STEPS:-16}" ""
	sequence organisation_wide 8 "catalog config theme feed deploy_tag delete_tag clock alert"
else
	sequence every_kind "${PROPERTY_STEPS:-40}" ""
	sequence organisation_wide 20 "catalog config theme feed deploy_tag delete_tag clock alert"
fi
# what a document page's links resolve to, and what it shows of its service
# and its records, changed while the document itself is not (view_docfp.h)
sequence document_links 14 "link_target rename_doc delete_doc add_doc catalog postmortem"

finish
