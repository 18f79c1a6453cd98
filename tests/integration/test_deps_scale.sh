# The dependencies page at scale: 2,500 packages in one lock file and a
# few Python ones spelled every way.  dependencies/ stays under its budget
# (at most PAGE_DEPS_INDEX_ROWS = 1,000 rows: the most used), the parts
# dependencies/all/<n>/ list every package once in name order, the
# filter's shards stay small, and the shard deps.js picks for a name
# (cairnDeps.keyOf, shardIndex, with node) holds that package, whatever
# the spelling.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir big web
python3 - <<'PY'
import json
names = []
for i in range(2500):
    k = i % 5
    names.append(['pkg-core-%d' % i, '@types/t%d' % i, 'Lib_%d.x' % i, 'zz%d' % i, '%d-num' % i][k])
lock = {'name': 'big', 'lockfileVersion': 3, 'packages': {'': {'name': 'big'}}}
for i, n in enumerate(names):
    lock['packages']['node_modules/' + n] = {'version': '1.%d.0' % (i % 7)}
open('big/package-lock.json', 'w').write(json.dumps(lock, indent=1))
open('big/package.json', 'w').write(json.dumps({'name': 'big', 'dependencies': {names[0]: '^1.0.0'}}))
PY
printf 'Flask_SQLAlchemy==3.1.1\nzope.interface==6.2\npkg-core-0==1.0\n' >web/requirements.txt
cat >web/package-lock.json <<'J'
{ "name": "web", "lockfileVersion": 3, "packages": { "": { "name": "web" },
  "node_modules/pkg-core-5": { "version": "1.0.0" }, "node_modules/zz3": { "version": "2.0.0" } } }
J
make_repo big
make_repo web
printf 'output: site\nrepos:\n  - path: big\n  - path: web\n' >cairn.yaml

test_begin build
"$CAIRN" build -q >out 2>&1
check "exit 0" test $? -eq 0

test_begin the_index_stays_small
size=$(wc -c <site/dependencies/index.html)
check "dependencies/ is under 1 MB ($size bytes)" test "$size" -lt 1000000
rows=$(sed -n '/id="cairn-deps-all"/,/<\/table>/p' site/dependencies/index.html | grep -c '^<tr>$')
check "it lists 1,000 packages ($rows)" test "$rows" -eq 1000
check_contains site/dependencies/index.html 'The 1000 packages most services use are listed below; all 2503'
check_contains site/dependencies/index.html 'href="all/3/"'
# the most used first: pkg-core-0 (big, and web's pypi one is another package), pkg-core-5 and zz3 (2 services)
first=$(sed -n '/id="cairn-deps-all"/,/<\/table>/p' site/dependencies/index.html | grep -o 'data-label="Package"><a href="[^"]*"' | head -2 | tr '\n' ' ')
check "the most used come first ($first)" sh -c "echo '$first' | grep -q 'pkg-core-5/.*zz3/'"
# the rest, each used by one service, in name order (the order of
# dependencies.json): not in the order of their addresses in memory, which
# two builds with -j 2 do not repeat
check "as many services: in name order" python3 -c "
import json, re
order = {p['url']: i for i, p in enumerate(json.load(open('site/dependencies.json'))['packages'])}
t = open('site/dependencies/index.html').read()
t = t[t.index('id=\"cairn-deps-all\"'):]
rows = ['dependencies/' + u for u in re.findall(r'data-label=\"Package\"><a href=\"([^\"]*)\"', t)]
at = [order[u] for u in rows[2:]]
assert len(at) == 998 and at == sorted(at), at[:20]
"

test_begin the_parts_list_every_package_once
check_file site/dependencies/all/1/index.html
check_file site/dependencies/all/3/index.html
check "no fourth part" test ! -e site/dependencies/all/4
check "each package in exactly one part, in name order" python3 -c "
import json, re
want = sorted(p['url'] for p in json.load(open('site/dependencies.json'))['packages'])
got = []
for n in (1, 2, 3):
    t = open('site/dependencies/all/%d/index.html' % n).read()
    got += ['dependencies/' + u[6:] for u in re.findall(r'data-label=\"Package\"><a href=\"(\.\./\.\./[^\"]*)\"', t)]
assert sorted(got) == want and len(got) == len(set(got)), (len(got), len(want))
"

test_begin the_filter_finds_each_package_in_its_shard
check "shards are several and small" python3 -c "
import os
fs = [f for f in os.listdir('site/dependencies/data') if f != 'services.js']
assert len(fs) >= 3, fs
assert all(os.path.getsize('site/dependencies/data/' + f) < 256 * 1024 for f in fs)
"
if command -v node >/dev/null 2>&1; then
	cat >shards.cjs <<'JS'
const fs = require('fs');
const deps = require(process.argv[2]);
const dir = 'site/dependencies/data/';
let firsts = null, shard = null;
global.cairnDepsData = { services: (s, f) => { firsts = f; }, shard: (n, l) => { shard = l; } };
eval(fs.readFileSync(dir + 'services.js', 'utf8'));
const load = n => { shard = []; if (n >= 0) eval(fs.readFileSync(dir + n + '.js', 'utf8')); return shard; };
let bad = [];
const finds = (name, eco, full) => load(deps.shardIndex(firsts, deps.keyOf(name))).some(p => p[0] === eco && p[1] === full);
for (const p of JSON.parse(fs.readFileSync('site/dependencies.json', 'utf8')).packages)
  if (!finds(p.name, p.ecosystem, p.name) || !finds(p.name.toUpperCase(), p.ecosystem, p.name)) bad.push(p.name);
for (const [typed, full] of [['Flask_SQLAlchemy', 'flask-sqlalchemy'], ['flask.sqlalchemy', 'flask-sqlalchemy'], ['Zope_Interface', 'zope-interface']])
  if (!finds(typed, 'pypi', full)) bad.push(typed);
if (deps.shardIndex(firsts, '') !== -1) bad.push('the empty key has no shard');
console.log(bad.length ? 'not found: ' + bad.slice(0, 5).join(', ') : 'all found');
process.exit(bad.length ? 1 : 0);
JS
	node shards.cjs "$TOP/themes/default/assets/deps.js" >nout 2>&1
	check "every package is in the shard its name (any case, any spelling) picks: $(cat nout)" test $? -eq 0
else
	check "node is installed" false
fi

finish
