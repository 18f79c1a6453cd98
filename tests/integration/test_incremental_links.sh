# Rebuilds and what a document's links look up in its repository's tree
# (render.c, kept in the page's manifest entry): a file no page links to
# coming makes no other document page again, while a file or a folder a
# page links to coming or going makes that page again, as a build from
# scratch makes it.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p a/docs
printf '# A\n' >a/README.md
printf '# One\n\nSee [two](two.md) and [gone](gone.md).\n' >a/docs/one.md
printf '# Two\n\nNo links.\n' >a/docs/two.md
printf '# Three\n\nNo links either.\n' >a/docs/three.md
printf '# Four\n\nIts [folder](dir2) alone.\n' >a/docs/four.md
make_repo a
cat >cairn.yaml <<'YAML'
output: site
cache: cache
repos:
  - path: a
YAML
export SOURCE_DATE_EPOCH=1790000000

# same_as_fresh NAME OUT: the site and the diagnostics (in OUT) are a
# fresh build's
same_as_fresh() {
	rm -rf fresh
	"$CAIRN" build -o fresh >fresh.out 2>&1
	check "$1: a fresh build" test $? -eq 0
	check "$1: the site is the fresh build's" \
		diff -r -x .cairn-manifest -x .cairn-site site fresh
	grep -v '^cairn: [0-9]* pages' "$2" >d1
	grep -v '^cairn: [0-9]* pages' fresh.out >d2
	check "$1: the diagnostics are the fresh build's" cmp d1 d2
}

test_begin first_build
"$CAIRN" build >out1 2>&1
check "exit 0 (warnings only)" test $? -eq 0
check_contains out1 'link "gone.md" names a file'
check_contains out1 'link "dir2" names a file'
sleep 1
"$CAIRN" build >out2 2>&1
check_contains out2 '1 made,'

test_begin a_file_no_page_links_to_makes_no_document_page
printf '# Five\n\nNew.\n' >a/docs/five.md
commit_all a "add five"
"$CAIRN" build >out3 2>&1
check "exit 0" test $? -eq 0
# the new page, its service's page, the home page and the search page:
# none of the four other document pages
check_contains out3 '4 made,'
check_contains out3 'link "gone.md" names a file'
same_as_fresh added_elsewhere out3

test_begin a_file_a_page_links_to_makes_it_again
printf '# Gone\n\nBack.\n' >a/docs/gone.md
commit_all a "add gone"
"$CAIRN" build >out4 2>&1
check "exit 0" test $? -eq 0
check_lacks out4 'link "gone.md" names a file'
check_contains site/services/a/docs/one/index.html 'href="../gone/"'
same_as_fresh link_target_added out4

test_begin a_folder_a_page_links_to_alone_makes_it_again
mkdir -p a/docs/dir2
printf 'notes\n' >a/docs/dir2/notes.txt
commit_all a "add dir2"
"$CAIRN" build >out5 2>&1
check "exit 0" test $? -eq 0
check_lacks out5 'link "dir2" names a file'
same_as_fresh folder_added out5
rm -r a/docs/dir2
commit_all a "drop dir2"
"$CAIRN" build >out6 2>&1
check_contains out6 'link "dir2" names a file'
same_as_fresh folder_removed out6

test_begin a_file_a_page_links_to_going_makes_it_again
rm a/docs/two.md
commit_all a "drop two"
"$CAIRN" build >out7 2>&1
check_contains out7 'link "two.md" names a file'
same_as_fresh link_target_removed out7

finish
