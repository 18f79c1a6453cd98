# url: repositories are cloned (bare) into the cache on first use, fetched
# on later builds (in parallel, each attempt with a timeout, retried with
# backoff), and when a fetch fails the last clone is built from, marked as
# of its last successful fetch, with a retryable error (exit 1).
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p src/docs
printf '# Upstream\n' >src/README.md
printf '# First\n' >src/docs/first.md
make_repo src
$G clone -q --bare src upstream.git
cat >cairn.yaml <<YAML
output: site
cache: cache
fetch: {timeout: 10, retries: 1, backoff: 0.1}
repos:
  - url: file://$TMP/upstream.git
    name: upstream
YAML
# the day of each build (fetches record it as their time)
export SOURCE_DATE_EPOCH=1790000000 # 2026-09-21 14:13 UTC

test_begin first_build_clones
check_status 0 "first build" "$CAIRN" build
check_file site/services/upstream/docs/first/index.html
check "the clone is bare (no working tree)" sh -c "ls cache/*.git/HEAD && ! ls cache/*.git/README.md"
check "the time of the clone is recorded" grep -qx 1790000000 cache/*upstream*.git/cairn-fetched

test_begin later_build_fetches
printf '# Second\n' >src/docs/second.md
commit_all src "add second"
( cd src && $G push -q ../upstream.git main )
export SOURCE_DATE_EPOCH=1790100000 # 2026-09-22 18:00 UTC
check_status 0 "second build" "$CAIRN" build
check_file site/services/upstream/docs/second/index.html
check "the time of the fetch is recorded" grep -qx 1790100000 cache/*upstream*.git/cairn-fetched
check_lacks site/services/upstream/index.html 'could not be fetched'

test_begin failed_fetch_keeps_last_clone
mv upstream.git upstream.moved
export SOURCE_DATE_EPOCH=1790500000
"$CAIRN" build >out 2>&1
check "exit 1: a fetch that failed is an error" test $? -eq 1
check_contains out "error: retryable: cairn.yaml:5: repository \"upstream\" could not be fetched: fetch of \"file://$TMP/upstream.git\" failed: "
check_contains out '(2 attempts); its pages are built from the copy fetched on 2026-09-22 18:00 UTC (commit '
check_lacks out 'left out'
check_file site/services/upstream/docs/second/index.html
check_contains site/services/upstream/index.html 'could not be fetched in the last build: these pages are as of its last fetch, <time datetime="2026-09-22T18:00:00Z">2026-09-22 18:00 UTC</time>'
check_contains site/services/upstream/docs/second/index.html 'this page is as of its last fetch, <time datetime="2026-09-22T18:00:00Z">'
check_contains site/services/upstream/docs/second/index.html '<h1>Second</h1>'
check "the recorded time is still the last good fetch's" grep -qx 1790100000 cache/*upstream*.git/cairn-fetched

test_begin remote_that_is_a_file_keeps_last_clone
echo 'not a repository' >upstream.git
"$CAIRN" build >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: retryable: cairn.yaml:5: repository "upstream" could not be fetched: '
check_contains site/services/upstream/index.html 'as of its last fetch, <time datetime="2026-09-22T18:00:00Z">'
rm upstream.git

test_begin remote_back_clears_the_notice
mv upstream.moved upstream.git
check_status 0 "the fetch works again" "$CAIRN" build
check_lacks site/services/upstream/index.html 'could not be fetched'
check_lacks site/services/upstream/docs/second/index.html 'could not be fetched'

test_begin never_cloned_is_retryable_error
cat >gone.yaml <<YAML
output: site2
cache: cache
fetch: {retries: 0}
repos:
  - url: file://$TMP/never-there.git
YAML
"$CAIRN" build -c gone.yaml >out 2>&1
check "exit 1" test $? -eq 1
check_contains out 'error: retryable: gone.yaml:5: repository "never-there" cannot be read: cannot clone "file://'
check_contains out 'it is left out of the site (it was never read before)'
check_file site2/index.html

test_begin parallel_fetches_give_the_same_site
# several url: repositories, cloned then fetched with -j 1 and with -j 4
for n in 1 2 3 4 5; do
	mkdir -p "p$n/docs/runbooks"
	printf '# Service %s\n' "$n" >"p$n/README.md"
	printf '# Restart %s\n' "$n" >"p$n/docs/runbooks/restart.md"
	make_repo "p$n"
	$G clone -q --bare "p$n" "p$n.git"
done
for j in 1 4; do
	{
		echo "output: par$j"
		echo "cache: cache$j"
		echo "repos:"
		for n in 1 2 3 4 5; do echo "  - url: file://$TMP/p$n.git"; done
	} >"par$j.yaml"
	check_status 0 "clones with -j $j" "$CAIRN" build -q -j "$j" -c "par$j.yaml"
done
check "-j 4 clones as -j 1 does" diff -r par1 par4
for n in 1 2 3 4 5; do
	printf '# Stop %s\n' "$n" >"p$n/docs/runbooks/stop.md"
	commit_all "p$n" "add stop"
	( cd "p$n" && $G push -q "../p$n.git" main )
done
for j in 1 4; do
	check_status 0 "fetches with -j $j" "$CAIRN" build -q -j "$j" -c "par$j.yaml"
done
check_file par4/services/p5/docs/runbooks/stop/index.html
check "-j 4 fetches as -j 1 does" diff -r par1 par4

# a server that accepts connections, writes down when, and never answers
cat >hang.py <<'PY'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    with open(sys.argv[2], "a") as log:
        log.write("%.3f\n" % time.monotonic())
PY
if command -v python3 >/dev/null 2>&1; then
	python3 hang.py port conns &
	hang_pid=$!
	i=0
	while [ ! -f port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	port=$(cat port)

	test_begin hanging_fetch_is_cut_off_by_the_timeout
	cat >hang.yaml <<YAML
output: site3
cache: cache
fetch: {timeout: 1, retries: 0}
repos:
  - url: http://127.0.0.1:$port/stuck.git
    name: stuck
  - url: file://$TMP/upstream.git
    name: upstream
YAML
	: >conns
	start=$(date +%s)
	"$CAIRN" build -c hang.yaml >out 2>&1
	status=$?
	took=$(($(date +%s) - start))
	check "exit 1" test $status -eq 1
	check "done within a few seconds (took ${took}s)" test "$took" -le 5
	check_contains out "error: retryable: hang.yaml:5: repository \"stuck\" cannot be read: cannot clone \"http://127.0.0.1:$port/stuck.git\": timed out after 1 s; it is left out"
	check "one connection" test "$(wc -l <conns)" -eq 1
	check_file site3/services/upstream/index.html

	test_begin retries_wait_longer_each_time
	sed -i 's/fetch: .*/fetch: {timeout: 0.5, retries: 2, backoff: 0.5}/' hang.yaml
	: >conns
	"$CAIRN" build -c hang.yaml >out 2>&1
	check "exit 1" test $? -eq 1
	check_contains out '/stuck.git": timed out after 0.5 s (3 attempts); it is left out'
	check "three connections" test "$(wc -l <conns)" -eq 3
	# attempt, 0.5 s timeout, 0.5 s wait, attempt, 0.5 s, 1 s wait, attempt
	check "backoff doubles (gaps $(awk 'NR>1{printf "%.2f ", $1-p}{p=$1}' conns))" \
		awk 'NR==2{a=$1-p} NR==3{b=$1-p} {p=$1} END{exit !(a>=0.95 && a<1.6 && b>=1.45 && b<2.2)}' conns

	test_begin bad_fetch_settings_are_reported
	cat >badfetch.yaml <<YAML
output: site4
fetch: {timeout: 0, retries: 1.5, backoff: -1, wait: 3}
repos: []
YAML
	"$CAIRN" build -c badfetch.yaml >out 2>&1
	check "exit 2" test $? -eq 2
	check_contains out '"timeout" must be a number of seconds from 0.1 to 86400'
	check_contains out '"retries" must be a whole number from 0 to 10'
	check_contains out '"backoff" must be a number of seconds from 0 to 3600'
	check_contains out 'unknown key "wait" in fetch (known: timeout, retries, backoff)'

	kill "$hang_pid"
	wait "$hang_pid" 2>/dev/null
else
	echo "skip hanging_fetch_is_cut_off_by_the_timeout: needs python3"
fi

test_begin a_relative_folder_url_is_from_the_config_folder
# url: ../x.git (a folder, no scheme) is read from cairn.yaml's folder,
# as path: is, whatever folder cairn runs in
mkdir -p rel/portal
$G clone -q --bare src rel/upstream.git
printf 'output: site\nrepos:\n  - url: ../upstream.git\n    name: relup\n' >rel/portal/cairn.yaml
check_status 0 "built from another folder" "$CAIRN" build -q -c rel/portal/cairn.yaml
check_file rel/portal/site/services/relup/docs/first/index.html
check_status 0 "and from the config's own" sh -c "cd rel/portal && '$CAIRN' build -q"

finish
