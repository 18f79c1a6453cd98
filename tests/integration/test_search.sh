# The search index: written with the site, kept as it is when nothing
# changed, brought up to date when a document changes or goes away, and
# rebuilt whole when its cache is lost.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1790000000
mkdir -p svc/docs/runbooks
printf '# Svc\n\nThe service.\n' >svc/README.md
printf '# Disk full\n\nWhen you see zanzibarquux in the logs, clean up.\n' >svc/docs/runbooks/disk.md
printf '# Old\n\nThe word florbnitz lives here.\n' >svc/docs/runbooks/old.md
make_repo svc
printf 'output: site\ncache: cache\nrepos:\n  - path: svc\n' >cairn.yaml
# has_term WORD: a term of the index's files (lines "term df postings")
has_term() {
	python3 -c "
import glob, sys
t = ''.join(open(f).read() for f in glob.glob('site/search/t/*.js'))
w = sys.argv[1]
sys.exit(0 if (chr(92) + 'n' + w + ' ') in t or (chr(34) + w + ' ') in t else 1)" "$1"
}

test_begin written_with_the_site
"$CAIRN" build -q
check_file site/search/index.html
check_file site/search/manifest.js
check "the body's words are indexed" sh -c "cat site/search/t/*.js | grep -q zanzibarquux"
check "so are a service's" has_term svc

test_begin kept_when_nothing_changed
ls -l --time-style=+%s.%N site/search/manifest.js >m1
sleep 1
"$CAIRN" build >out 2>&1
check_contains out '0 files written'
ls -l --time-style=+%s.%N site/search/manifest.js >m2
check "the index files were not written again" cmp m1 m2

# found WORD: the addresses of the entries whose postings hold WORD (a term
# as indexed: folded and stemmed), one a line, read from the files as the
# browser reads them (docs/search.md, "Files")
found() {
	python3 - "$1" "${2:-site}" <<'PY'
import glob, json, re, sys
word, site = sys.argv[1], sys.argv[2]
B = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
def load(path, fn):
    text = open(path).read()
    m = re.match(r"cairnSearch\.%s\((\d+),(.*)\)\n$" % fn, text, re.S)
    return json.loads(m.group(2))
ids = []
for f in glob.glob(site + "/search/t/*.js"):
    for line in load(f, "t").split("\n"):
        term, df, post = line.split(" ", 2)
        if term != word:
            continue
        i, k = 0, 0
        while k < len(post):
            v, shift = 0, 0
            while B.index(post[k]) >= 32:
                v |= (B.index(post[k]) - 32) << shift
                shift += 5
                k += 1
            v |= B.index(post[k]) << shift
            k += 1
            i += v
            if post[k] == "_":
                k += 1
            k += 1
            ids.append(i)
url = None
man = open(site + "/search/manifest.js").read()
D = json.loads(re.match(r"cairnSearch\.m\((.*)\)\n$", man, re.S).group(1))["d"]
for i in sorted(ids):
    rows = load(site + "/search/d/%d.js" % (i // D), "d")
    base = ""
    for row in rows[: i % D + 1]:
        if row == 0:  # a number no entry has
            continue
        u = row[1]
        if not u.startswith("#"):
            base = u.split("#")[0]
        url = base + u if u.startswith("#") else u
    print(url)
PY
}

test_begin updated_after_a_commit
printf '# Disk full\n\nWhen you see quuxbazfrob in the logs, clean up.\n' >svc/docs/runbooks/disk.md
rm svc/docs/runbooks/old.md
commit_all svc "change the runbook, drop the old one"
"$CAIRN" build -q
check "the new word is found" sh -c "cat site/search/t/*.js | grep -q quuxbazfrob"
check "the old word is gone" sh -c "! cat site/search/t/*.js | grep -q zanzibarquux"
check "the removed page's words are gone" sh -c "! cat site/search/t/*.js | grep -q florbnitz"
check "the README, not made again, is still found" has_term svc

test_begin one_document_commit_updates_the_saved_index
# more pages, so that one is a small part of the index (the changes below
# keep the fields' average lengths in their steps: docs/search.md)
i=1
while [ $i -le 300 ]; do
	printf '# Page %s\n\nText of page %s about databases and queues.\n\n## Details\n\nMore about page %s.\n' \
		$i $i $i >svc/docs/p$i.md
	i=$((i + 1))
done
commit_all svc "thirty pages"
"$CAIRN" build -q
printf '# Page 7\n\nText of page 7 about plorbwizq and queues.\n\n## Details\n\nMore about page 7.\n' >svc/docs/p7.md
commit_all svc "page 7: a new word, an old one gone"
CAIRN_TIMING=1 "$CAIRN" build -q 2>timing
check_contains timing "search: updated (1 pages changed, 0 gone;"
found plorbwizq >hits
check_contains hits "services/svc/docs/p7/"
found databas >hits
check_lacks hits "services/svc/docs/p7/"
check_contains hits "services/svc/docs/p8/"
printf 'output: fresh1\ncache: fresh1-cache\nrepos:\n  - path: svc\n' >fresh1.yaml
rm -rf fresh1
"$CAIRN" build -q -c fresh1.yaml
check "the same index as a build from scratch" diff -r site/search fresh1/search

test_begin a_new_section_and_a_new_page_move_few_entries
# the page's entries, and those of the few pages of its kind pushed on in
# their range, take new numbers: the files must still be those a build
# from scratch writes
printf '# Page 3\n\nText of page 3.\n\n## Details\n\nMore.\n\n## Rollback\n\nUndo with frobnicatorix.\n' >svc/docs/p3.md
printf '# Page 0\n\nThe first page.\n' >svc/docs/p0.md
rm svc/docs/p9.md
commit_all svc "a section, a page, one gone"
CAIRN_TIMING=1 "$CAIRN" build -q 2>timing
check_contains timing "search: updated (2 pages changed, 1 gone;"
found frobnicatorix >hits
check_contains hits "services/svc/docs/p3/#rollback"
found pag >hits
check_contains hits "services/svc/docs/p0/"
check_lacks hits "services/svc/docs/p9/"
printf 'output: fresh2\ncache: fresh2-cache\nrepos:\n  - path: svc\n' >fresh2.yaml
"$CAIRN" build -q -c fresh2.yaml
check "the same index as a build from scratch" diff -r site/search fresh2/search

test_begin a_commit_that_changes_no_page
# the head moved, but no page's text changed: the saved index is not
# read, and the search files stay as they were
printf 'not read by cairn\n' >svc/notes.txt
commit_all svc "a file cairn does not read"
CAIRN_TIMING=1 "$CAIRN" build -q 2>timing
check_contains timing "search: kept (no page changed)"
check_lacks timing "search: load"
check "the same index as a build from scratch" diff -r site/search fresh2/search

test_begin made_whole_after_a_build_without_it
# CAIRN_NO_SEARCH leaves the index out; the next build writes it again
rm -rf nosearch nosearch-cache
printf 'output: nosearch\ncache: nosearch-cache\nrepos:\n  - path: svc\n' >nosearch.yaml
CAIRN_NO_SEARCH=1 "$CAIRN" build -q -c nosearch.yaml
check_no_file nosearch/search/manifest.js
"$CAIRN" build -q -c nosearch.yaml
check "then made whole" diff -r nosearch/search fresh2/search

test_begin rebuilt_when_the_cache_is_lost
rm -rf cache
"$CAIRN" build -q -o fresh
"$CAIRN" build -q
check "same index as a build from scratch" diff -r site/search fresh/search

test_begin a_saved_index_that_a_killed_build_left_is_removed
# the new index.bin is written beside the search files, under a temporary
# name, and renamed only once the site is published: a build killed in
# between leaves it, and the next build removes it without reading it
printf 'not an index' >cache/search/index.bin.tmp-99999
"$CAIRN" build -q
check_no_file cache/search/index.bin.tmp-99999
check "the search files are still those of a fresh build" diff -r site/search fresh/search
check "nothing else is left beside the saved index" sh -c '! ls cache/search | grep -q tmp'


test_begin an_api_page_that_is_not_openapi_is_indexed
# a gRPC description shown as its source: its name and its RPCs find it
mkdir -p grpc/proto
cat >grpc/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: ledger-api, title: Ledger gRPC API}
spec: {type: grpc, lifecycle: production, owner: group:payments, definition: {$text: ./proto/ledger.proto}}
YAML
printf 'syntax = "proto3";\nservice Ledger {\n  rpc Quorblefetch(Req) returns (Res);\n}\n' >grpc/proto/ledger.proto
make_repo grpc
printf 'output: gsite\ncache: gcache\nrepos:\n  - path: grpc\n' >grpc.yaml
"$CAIRN" build -q -c grpc.yaml >/dev/null 2>&1
check "its RPC's word is indexed" sh -c "cat gsite/search/t/*.js | grep -q quorblefetch"
check "its page is an entry" sh -c "grep -rq 'apis/ledger-api/' gsite/search/d"
check "the APIs index counts no operations it did not count" sh -c "! grep -q 'data-label=\"Operations\" class=\"num\">0<' gsite/apis/index.html"


test_begin slos_and_debt_items_are_indexed
mkdir -p rel/docs
cat >rel/rel.openslo.yaml <<'YAML'
apiVersion: openslo/v1
kind: SLO
metadata: {name: rel-availability, displayName: Rel availability}
spec:
  service: rel
  description: Zimbleworth requests succeed.
  budgetingMethod: Occurrences
  timeWindow: [{duration: 28d, isRolling: true}]
  objectives: [{target: 0.999}]
YAML
printf '# Tech debt\n\n- Vormulak cache lives in process memory #prudent\n' >rel/TECH_DEBT.md
printf '# Rel\n' >rel/README.md
make_repo rel
printf 'output: rsite\ncache: rcache\nrepos:\n  - path: rel\n' >rel.yaml
"$CAIRN" build -q -c rel.yaml >/dev/null 2>&1
check "an SLO's description is indexed" sh -c "cat rsite/search/t/*.js | grep -q zimbleworth"
check "a debt item's title is indexed" sh -c "cat rsite/search/t/*.js | grep -q vormulak"
check "the SLOs page is an entry" sh -c "grep -rq 'slos/' rsite/search/d"
"$CAIRN" build -q -c rel.yaml >/dev/null 2>&1
check "kept as they are by a rebuild" sh -c "cat rsite/search/t/*.js | grep -q vormulak"

finish
