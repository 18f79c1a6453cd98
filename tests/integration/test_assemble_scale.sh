# Assembly at scale: 3,000 services in one repository, each providing an
# API, consuming the next one's and depending on another service.  Every
# relation is found through an index (assemble_relations.c,
# assemble_apis.c), not by asking every service or API about every other:
# an API's providers and consumers grow as they are found (each API used
# to reserve room for every service, twice: 144 MB here, 1 GB at 8,000),
# and a service's dependents come from the references it names.  The
# model after assembly stays small (CAIRN_TIMING's peak), and the
# relations are the ones the references say, a consumer's reference
# matching the provider's in any case.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir mono
python3 - <<'PY'
N = 3000
out = []
for i in range(N):
    consumes = 'API-%d' % ((i + 1) % N) if i == 100 else 'api-%d' % ((i + 1) % N)
    out.append('''apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-%d
spec:
  type: service
  lifecycle: production
  owner: team-%d
  providesApis: [api-%d]
  consumesApis: [%s]
  dependsOn: [component:svc-%d]
''' % (i, i % 20, i, consumes, (i + 7) % N))
    out.append('''apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: api-%d
spec:
  type: openapi
  lifecycle: production
  owner: team-%d
''' % (i, i % 20))
open('mono/catalog-info.yaml', 'w').write('---\n'.join(out))
open('mono/README.md', 'w').write('# mono\n')
PY
make_repo mono
printf 'output: site\nrepos:\n  - path: mono\n' >cairn.yaml

test_begin build
CAIRN_NO_SEARCH=1 CAIRN_TIMING=1 "$CAIRN" build -q --dump-model model >out 2>&1
check "exit 0" test $? -eq 0

# The peak is measured on the plain build only: under the sanitizers
# (CAIRN_TEST_LIGHT, tests/all.sh) their own shadow memory and redzones are
# in it (114-143 MB there).
if [ -z "${CAIRN_TEST_LIGHT:-}" ]; then
	test_begin the_model_stays_small
	peak=$(sed -n 's/.*timing: assemble .*(peak \([0-9]*\) MB.*/\1/p' out)
	check "assembly's peak is under 100 MB ($peak MB)" test "${peak:-999}" -lt 100
fi

test_begin the_relations_are_the_references
check_contains model 'service svc-5 dependent "svc-4" -> service svc-4'
check_contains model 'service svc-5 dependent "svc-2998" -> service svc-2998'
check_contains model 'api api-5 consumer service svc-4'
check_contains model 'api api-5 provider service svc-5'
# svc-100 consumes "API-101": the same reference, in another case
check_contains model 'service svc-101 dependent "svc-100" -> service svc-100'
n=$(grep -c '^service svc-[0-9]* dependent ' model)
check "every service has two dependents ($n)" test "$n" -eq 6000

finish
