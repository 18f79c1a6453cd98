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

# Four petstore variants in one repository (the shape of
# OAI/OpenAPI-Specification's examples): each is named by its info.title,
# told apart by its version or its path, at an address of its own.
# Swagger 2.0 indented by four spaces, JSON, a whole document indented,
# non-API YAML under api/ (silent), a tab where YAML forbids one (said).
mkdir -p petstores/api/v2 petstores/api/v3
cat >petstores/openapi.yaml <<'YAML'
openapi: 3.0.0
info: { title: Swagger Petstore, version: 1.0.0 }
paths:
  /pets: { get: { summary: List pets, responses: { "200": { description: ok } } } }
YAML
cat >petstores/api/v2/petstore.yaml <<'YAML'
swagger: "2.0"
info:
    title: Swagger Petstore
    version: 1.0.0
paths:
    /pets:
        get:
            summary: List all pets
            responses:
                200:
                    description: ok
        post:
            summary: Create a pet
            responses:
                201:
                    description: created
YAML
cat >petstores/api/v2/petstore.json <<'JSON'
{"swagger": "2.0", "info": {"title": "Swagger Petstore", "version": "1.0.0"},
 "paths": {"/pets/{petId}": {"get": {"summary": "Info for a pet", "responses": {"200": {"description": "ok"}}}}}}
JSON
cat >petstores/api/v3/petstore.yaml <<'YAML'
  openapi: 3.1.0
  info:
    title: Swagger Petstore
    version: 2.0.0
  paths:
    /pets: { get: { summary: List pets v2 } }
    /pets/{petId}: { get: {}, delete: {} }
YAML
printf 'swagger: "2.0"\ninfo:\n\ttitle: Tabs\n' >petstores/api/tabs.yaml
printf 'replicas: 3\nimage: petstore:1\n' >petstores/api/deploy.yaml
printf '# Petstores\n' >petstores/README.md
make_repo petstores

# A repository that says where its APIs are: what its pattern matches
# and is not an API description is said, with the reason.
mkdir -p specs/specs
mkdir -p specs/specs/schemas
printf 'openapi: 3.0.3\ninfo: {title: Billing, version: "3"}\npaths: {/invoices: {get: {responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "schemas/invoice.yaml"}}}}}}}}\n' >specs/specs/billing.yaml
printf 'type: object\nproperties: {total: {type: number}}\n' >specs/specs/schemas/invoice.yaml
printf 'replicas: 3\n' >specs/specs/values.yaml
printf -- '- a\n- b\n' >specs/specs/list.yaml
printf 'asyncapi: 2.6.0\ninfo: {title: Events, version: "1"}\n' >specs/specs/events.yaml
printf 'openapi: 3.0.0\ninfo: {title: [unclosed\n' >specs/specs/broken.yaml
# an API entity whose type is not openapi, with an OpenAPI definition
cat >specs/catalog-info.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: billing }
spec: { type: service, lifecycle: production, owner: group:zoo }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: ledger }
spec:
  type: rest
  lifecycle: production
  owner: group:zoo
  definition: |
    {"openapi": "3.0.3", "info": {"title": "Ledger", "version": "1"},
     "paths": {"/entries": {"get": {"summary": "List entries"}, "post": {"summary": "Add an entry"}}}}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: journal }
spec:
  type: grpc
  lifecycle: production
  owner: group:zoo
  definition:
    $text: ./journal.yaml
YAML
printf 'swagger: "2.0"\ninfo: {title: Journal, version: "1"}\npaths: {/lines: {get: {summary: List lines}}}\n' >specs/journal.yaml
printf '# Billing\n' >specs/README.md
make_repo specs
cat >cairn2.yaml <<'YAML'
output: site2
repos:
  - path: petstores
  - path: specs
    paths: {apis: ["specs/**/*.yaml"]}
YAML

test_begin names_from_info_title
"$CAIRN" build -c cairn2.yaml >out2 2>&1
check 'exit 1: two descriptions do not parse' test $? -eq 1
I=site2/apis/index.html
check_contains "$I" '>Swagger Petstore</a>'
check_contains "$I" '>Swagger Petstore (api/v2/petstore.yaml)</a>'
check_contains "$I" '>Swagger Petstore (api/v2/petstore.json)</a>'
check_contains "$I" '>Swagger Petstore 2.0.0</a>'
check_contains "$I" '>Billing</a>'
# addresses come from the files, not the titles: stable when a title changes
check_file site2/apis/petstores/index.html
check_file site2/apis/petstores-petstore/index.html
check_file site2/apis/petstores-api-v2-petstore.yaml/index.html
check_file site2/apis/petstores-api-v3-petstore.yaml/index.html
check_lacks out2 'same address as another API'
check_contains site2/apis/petstores-petstore/index.html '<h1>Swagger Petstore (api/v2/petstore.json)</h1>'
python3 - "$TMP/$I" <<'PY' && pass "operation counts by title" || fail "operation counts by title"
import re,sys
h=open(sys.argv[1]).read()
rows=dict(re.findall(r'<a href="[^"]*">([^<]*)</a>.*?</th>.*?<td data-label="Operations" class="num">(\d+)</td>', h, re.S))
want={'Swagger Petstore':'1','Swagger Petstore (api/v2/petstore.yaml)':'2','Swagger Petstore (api/v2/petstore.json)':'1','Swagger Petstore 2.0.0':'3','ledger':'2','journal':'1'}
for k,v in want.items():
    assert rows.get(k)==v, (k, rows)
PY

test_begin detection_by_content
# the four-space Swagger 2.0 file is rendered in full
P=site2/apis/petstores-api-v2-petstore.yaml/index.html
check_contains "$P" 'id="get-/pets"'
check_contains "$P" 'Create a pet'
check_contains site2/apis/petstores-api-v3-petstore.yaml/index.html 'id="delete-/pets/:petId"'
# non-API YAML under api/ with the default patterns: left out silently
check_lacks out2 'api/deploy.yaml'
check_no_file site2/apis/petstores-deploy/index.html
# a description with a tab: its page says why, and so does a diagnostic
check_contains out2 'petstores:api/tabs.yaml:3: API description does not parse'
check_contains site2/apis/petstores-tabs/index.html 'could not be shown'
# under the repository's own pattern, each file that is not one is said
check_contains out2 'specs:specs/values.yaml:1: "specs/values.yaml" declares neither openapi: nor swagger: — not an API description'
check_contains out2 'specs:specs/events.yaml:1: "specs/events.yaml" declares neither openapi: nor swagger: — not an API description (it declares asyncapi: 2.6.0)'
check_contains out2 'specs:specs/list.yaml:1: "specs/list.yaml" is a list, not a mapping'
check_contains out2 'specs:specs/broken.yaml:3: API description does not parse'
check_file site2/apis/billing-billing/index.html
# a file a description's $ref names is a part of it, not a file to warn about
check_lacks out2 'invoice.yaml'
check_contains site2/apis/billing-billing/index.html 'total'


test_begin entity_type_rest_with_openapi
L=site2/apis/ledger/index.html
check_contains "$L" 'id="get-/entries"'
check_contains "$L" 'Add an entry'
check_lacks "$L" 'api-source-text'
check_contains site2/apis/journal/index.html 'id="get-/lines"'

finish
