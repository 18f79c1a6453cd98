# Names longer than a file system takes, from repositories' content: an
# alert, a package, a CODEOWNERS e-mail owner, a file name of 300 bytes, a
# path of 40 folders of 130 bytes. Each page gets an address cut to 120
# bytes a segment (its start and a hash of the whole name), two such names
# with the same start get two addresses, and the rest of the site is built.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
A300=$(printf 'A%.0s' $(seq 300))
mkdir -p ok mon/alerts py
printf '# ok\n' >ok/README.md
printf '# mon\n' >mon/README.md
printf 'groups:\n- name: g\n  rules:\n  - alert: %sOne\n    expr: up == 0\n  - alert: %sTwo\n    expr: up == 1\n' \
	"$A300" "$A300" >mon/alerts/a.rules.yaml
printf '* %s@example.com\n' "$(printf 'e%.0s' $(seq 300))" >mon/CODEOWNERS
printf '# py\n' >py/README.md
printf '%s==1.0\n' "$(printf 'x%.0s' $(seq 300))" >py/requirements.txt
for r in ok mon py; do make_repo $r; done
# file names no checkout can hold: written with git fast-import
mkdir deep
(
	cd deep && $G init -q
	seg=$(printf 'd%.0s' $(seq 130))
	path=""
	for i in $(seq 40); do path="$path$seg$i/"; done
	{
		echo "commit refs/heads/main"
		echo "committer A <a@b> 1790000000 +0000"
		echo "data 1"
		echo
		echo "M 100644 inline README.md"
		echo "data 7"
		echo "# deep"
		echo "M 100644 inline docs/$(printf 'n%.0s' $(seq 300)).md"
		echo "data 11"
		echo "# Long name"
		echo "M 100644 inline docs/${path}leaf.md"
		echo "data 11"
		echo "# Deep leaf"
	} | $G fast-import --quiet
)
cat >cairn.yaml <<EOF2
output: site
repos:
  - path: ok
  - path: mon
  - path: py
  - path: deep
EOF2

test_begin the_site_is_built
check_status 0 "cairn build" "$CAIRN" build -q
check_file site/services/ok/index.html
no_long_name() { find site | LC_ALL=C awk -F/ 'length($NF) > 120 { bad = 1 } END { exit bad }'; }
check "no name in the site is over 120 bytes" no_long_name

test_begin long_alert_names
n=$(ls site/alerts | grep -c '^aaaa.*-[0-9a-f]\{8\}$')
check "two alerts of the same 300-letter start: two pages ($n)" test "$n" -eq 2
check "the alerts index links both" sh -c "grep -o 'href=\"[^\"]*aaaa[^\"]*-[0-9a-f]\{8\}/\"' site/alerts/index.html | sort -u | wc -l | grep -qx 2"

test_begin a_long_package_name
check "its dependency page" sh -c 'ls -d site/dependencies/pypi/xxxx*-???????? >/dev/null'

test_begin a_long_owner
check "the team page of a 300-letter e-mail owner" sh -c 'ls -d site/teams/eeee*-???????? >/dev/null'

test_begin long_and_deep_paths
check "the 300-byte file name's page" sh -c 'ls site/services/deep/docs/nnnn*-????????/index.html >/dev/null'
check "the 40-folder path's page, under one hashed folder" sh -c 'ls site/services/deep/_deep-*/index.html >/dev/null'
check_contains site/services/deep/index.html 'Deep leaf'

finish
