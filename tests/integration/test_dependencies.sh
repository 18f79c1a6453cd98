# Dependencies from real git repositories: manifests and lock files read
# at the default branch wherever they are (a monorepo's belong to the
# folder's service), bad files reported by file and line while the rest is
# built, dependencies/ and a page per package, dependencies.json, the
# service page's direct packages, search, and rebuilds (cached, stale,
# changed) equal to fresh builds.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"
export SOURCE_DATE_EPOCH=1795132800

# web: npm (manifest + lock v3) and a vendored copy that is not read
mkdir -p web/node_modules/left-pad web/vendor/x
cat >web/package.json <<'J'
{ "name": "web", "dependencies": { "lodash": "^4.17.15" }, "devDependencies": { "vite": "^5.0.0" } }
J
cat >web/package-lock.json <<'J'
{ "name": "web", "lockfileVersion": 3, "packages": {
  "": { "name": "web", "dependencies": { "lodash": "^4.17.15" }, "devDependencies": { "vite": "^5.0.0" } },
  "node_modules/lodash": { "version": "4.17.15" },
  "node_modules/vite": { "version": "5.2.8", "dev": true },
  "node_modules/esbuild": { "version": "0.20.2", "dev": true } } }
J
echo '{ "name": "left-pad", "dependencies": { "evil": "1.0.0" } }' >web/node_modules/left-pad/package.json
# a test's fixture (a broken lock file among them) and an example app: not
# what the service ships
mkdir -p web/tests/fixtures/broken web/examples/demo
echo '{ "lockfileVersion": 3, "packages": [' >web/tests/fixtures/broken/package-lock.json
echo '{ "name": "demo", "dependencies": { "example-only": "1.0.0" } }' >web/examples/demo/package.json
echo 'module x' >web/vendor/x/go.mod
printf '# Web\n' >web/README.md
make_repo web

# mono: a monorepo with two services; each folder's files are its own
mkdir -p mono/billing mono/reports
cat >mono/catalog-info.yaml <<'Y'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  annotations:
    backstage.io/source-location: url:https://example.com/mono/tree/main/billing
spec: { type: service, owner: group:payments, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: reports
  annotations:
    backstage.io/source-location: url:https://example.com/mono/tree/main/reports
spec: { type: service, owner: group:data, lifecycle: production }
Y
cat >mono/billing/pom.xml <<'X'
<project>
  <properties><log4j.version>2.14.1</log4j.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${log4j.version}</version></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>[32.1.3-jre]</version></dependency>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>[2.12,2.13)</version></dependency>
  </dependencies>
</project>
X
cat >mono/reports/requirements.txt <<'R'
Django==4.2.11
requests==2.31.0
R
mkdir -p mono/reports/tools
cat >mono/reports/tools/pyproject.toml <<'T'
[tool.poetry.dependencies]
python = "^3.11"
Flask = "^3.0"
[tool.poetry.group.dev.dependencies]
pytest = "^8.1"
T
cat >mono/reports/tools/poetry.lock <<'T'
[[package]]
name = "flask"
version = "3.0.3"
[[package]]
name = "werkzeug"
version = "3.0.2"
[[package]]
name = "pytest"
version = "8.1.1"
T
cat >mono/reports/go.mod <<'G'
module example.com/reports

require (
	golang.org/x/net v0.23.0
	this line is not a requirement
G
make_repo mono

cat >cairn.yaml <<'YAML'
output: site
repos:
  - path: web
  - path: mono
YAML

test_begin build
"$CAIRN" build >out 2>&1
check "exit 1: a bad file is an error" test $? -eq 1
check_contains out 'mono:reports/go.mod:'
check_contains out 'user-fixable'
check_file site/index.html
check_file site/dependencies/index.html
check_lacks out 'left-pad'
check_lacks out 'tests/fixtures'

test_begin model
J=site/dependencies.json
check "valid JSON" python3 -c "import json; json.load(open('$J'))"
py() { python3 -c "import json; d={(p['ecosystem'],p['name']):p for p in json.load(open('$J'))['packages']}; $1"; }
check "lodash: web, direct, 4.17.15" py "v=d[('npm','lodash')]['versions']; assert v==[{'version':'4.17.15','resolved':True,'services':[{'name':'web','direct':True,'dev':False}],'direct':True}], v"
check "esbuild: transitive dev" py "s=d[('npm','esbuild')]['versions'][0]['services'][0]; assert s['direct'] is False and s['dev'] is True, s"
check "log4j-core belongs to billing" py "s=d[('maven','org.apache.logging.log4j:log4j-core')]['versions'][0]; assert s['version']=='2.14.1' and s['services'][0]['name']=='billing', s"
check "a hard Maven requirement is its version" py "v=d[('maven','com.google.guava:guava')]['versions']; assert [(x['version'],x['resolved']) for x in v]==[('32.1.3-jre',True)], v"
check "a Maven range stays a range" py "v=d[('maven','com.fasterxml.jackson.core:jackson-databind')]['versions']; assert [(x['version'],x['resolved']) for x in v]==[('[2.12,2.13)',False)], v"
check "Django (normalized) belongs to reports" py "s=d[('pypi','django')]['versions'][0]['services'][0]; assert s['name']=='reports', s"
check "pyproject.toml with poetry.lock: flask direct at the locked version" py "s=d[('pypi','flask')]['versions']; assert [(x['version'],x['direct']) for x in s]==[('3.0.3',True)], s"
check "pyproject.toml with poetry.lock: werkzeug transitive, pytest dev" py "assert d[('pypi','werkzeug')]['versions'][0]['direct'] is False and d[('pypi','pytest')]['versions'][0]['services'][0]['dev'] is True"
check "vendored copies are not read" py "assert ('npm','evil') not in d and ('npm','left-pad') not in d, list(d)"
check "nor tests' fixtures and examples" py "assert ('npm','example-only') not in d, list(d)"
check "the bad go.mod gives nothing" py "assert ('go','golang.org/x/net') not in d, list(d)"

test_begin pages
check_file site/dependencies/npm/lodash/index.html
check_contains site/dependencies/npm/lodash/index.html '4.17.15'
# a direct package read with its lock file: the line where the manifest
# names it, in the manifest; a transitive one: the lock file's
check_contains site/dependencies/npm/lodash/index.html '<code>package.json:1</code>'
check_contains site/dependencies/pypi/flask/index.html '<code>reports/tools/pyproject.toml:3</code>'
check_contains site/dependencies/pypi/werkzeug/index.html '<code>reports/tools/poetry.lock:4</code>'
check_contains site/dependencies/npm/esbuild/index.html '<code>package-lock.json:5</code>'
check_contains site/dependencies/index.html 'org.apache.logging.log4j:log4j-core'
check "a shard holds lodash" grep -q "\"lodash\"" site/dependencies/data/0.js
check_contains site/dependencies/data/services.js "[\"django\""
check_contains site/dependencies/data/services.js '"billing"'
check_contains site/services/web/index.html 'cairn-packages'
check_contains site/services/web/index.html 'lodash'
check_lacks site/services/web/index.html 'esbuild'
check_contains site/services/billing/index.html 'log4j-core'
check_lacks site/services/billing/index.html 'Django'

test_begin rebuild_equals_fresh
cp -R site fresh1
"$CAIRN" build >out2 2>&1
grep 'go.mod' out >d1
grep 'go.mod' out2 >d2
check "the cached crawl reports the bad file again" cmp d1 d2
check_contains out2 'mono:reports/go.mod:'
check "same site" diff -r -x .cairn-manifest fresh1 site
# a change in one repository's lock file changes its package's versions
sed 's/4.17.15/4.17.21/' web/package-lock.json >t && mv t web/package-lock.json
commit_all web "lodash 4.17.21"
"$CAIRN" build -q >/dev/null 2>&1
check_contains site/dependencies/npm/lodash/index.html '4.17.21'
check "4.17.15 is gone" python3 -c "
import json
p=[p for p in json.load(open('site/dependencies.json'))['packages'] if p['name']=='lodash'][0]
assert [v['version'] for v in p['versions']]==['4.17.21'], p"
rm -rf site-fresh cache-fresh
sed 's/^output: site/output: site-fresh\ncache: cache-fresh/' cairn.yaml >fresh.yaml
"$CAIRN" build -q -c fresh.yaml >/dev/null 2>&1
check "incremental equals fresh" diff -r -x .cairn-manifest site-fresh site

test_begin stale_repository_keeps_its_packages
mv web web.gone
"$CAIRN" build >out3 2>&1
check_contains out3 'its last good pages'
check_contains site/dependencies/npm/lodash/index.html '4.17.21'
mv web.gone web

finish
