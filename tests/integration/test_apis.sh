# API reference pages: a repository's openapi.yaml with $refs to other files,
# API entities with inline and $text definitions, who provides and who
# consumes each API, broken and non-OpenAPI descriptions.
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

mkdir -p pets/schemas pets/api
cat >pets/openapi.yaml <<'YAML'
openapi: 3.0.3
info:
  title: Pet store
  version: 1.2.0
  description: Pets, **with** <script>alert(1)</script> markup.
paths:
  /pets/{petId}:
    get:
      summary: Find a pet
      parameters:
        - name: petId
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema:
                $ref: "./schemas/pet.yaml#/Pet"
  /pets/{id}/refunds:
    post:
      summary: Refund a pet
      deprecated: true
      responses:
        "201": { description: Refunded }
YAML
cat >pets/schemas/pet.yaml <<'YAML'
Pet:
  type: object
  required: [name]
  properties:
    name: { type: string, description: The pet's name }
    parent: { $ref: "#/Pet" }
YAML
cat >pets/api/broken.yaml <<'YAML'
openapi: 3.0.0
info: { title: Broken }
paths:
  /x:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Nowhere" }
YAML
printf 'not: an api\n' >pets/api/config.yaml
cat >pets/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pets
spec:
  type: service
  lifecycle: production
  owner: group:zoo
  providesApis: [events]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: events
  title: Pet events
spec:
  type: asyncapi
  lifecycle: experimental
  owner: group:zoo
  definition:
    $text: ./events.yaml
YAML
printf 'asyncapi: 2.6.0\ninfo: { title: Events, version: "1" }\n' >pets/events.yaml
printf '# Pets\n' >pets/README.md
make_repo pets

mkdir -p shop
cat >shop/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop
spec:
  type: website
  lifecycle: production
  owner: group:zoo
  consumesApis: [events, inline]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: inline
spec:
  type: openapi
  lifecycle: production
  owner: group:zoo
  definition: |
    swagger: "2.0"
    info: { title: Inline, version: "1" }
    paths:
      /orders:
        get:
          summary: List orders
          responses: { "200": { description: ok } }
YAML
printf '# Shop\n' >shop/README.md
make_repo shop
printf 'output: site\nrepos:\n  - path: pets\n  - path: shop\n' >cairn.yaml

test_begin build
"$CAIRN" build >out 2>&1
check 'exit 0: a broken reference is a warning' test $? -eq 0
check_contains out 'pets:api/broken.yaml:'
check_contains out 'Nowhere'
check_lacks out 'config.yaml'

test_begin pages
check_file site/apis/index.html
check_file site/apis/pets/index.html
check_file site/apis/events/index.html
check_file site/apis/inline/index.html
check_file site/apis/pets-broken/index.html
check_no_file site/apis/pets-config/index.html
P=site/apis/pets/index.html
check_contains "$P" 'id="get-/pets/:petId"'
check_contains "$P" 'id="post-/pets/:id/refunds"'
check_contains "$P" 'The pet&#39;s name'
check_lacks "$P" '<script>alert'
check_contains "$P" 'deprecated'
check_contains site/apis/inline/index.html 'List orders'
check_contains site/apis/events/index.html 'asyncapi: 2.6.0'

test_begin relations
check_contains site/apis/events/index.html 'href="../../services/pets/"'
check_contains site/apis/events/index.html 'href="../../services/shop/"'
check_contains site/services/shop/index.html 'href="../../apis/inline/"'
check_contains site/services/pets/index.html 'href="../../apis/pets/"'

test_begin index_counts_operations
python3 - "$TMP/site/apis/index.html" <<'PY' && pass "operation counts" || fail "operation counts"
import re,sys
h=open(sys.argv[1]).read()
rows=dict(re.findall(r'<a href="(pets|inline)/">.*?</th>.*?<td data-label="Operations" class="num">(\d+)</td>', h, re.S))
assert rows.get('pets')=='2' and rows.get('inline')=='1', rows
PY

finish
