/* Unit tests of catalog.c: Backstage descriptors (every kind, in one
 * multi-document file), entity references and their defaults, well-known
 * annotations, links, invalid descriptors and the lines their diagnostics
 * name, duplicates and references to nothing. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "harness.h"
#include "yaml.h"

/* ---- helpers ---- */

static struct arena A;
static struct diag_list D;
static struct entity **L;
static size_t N, CAP;

static void setup(void)
{
	arena_init(&A);
	diag_init(&D);
	L = NULL;
	N = CAP = 0;
}

static void teardown(void)
{
	diag_release(&D);
	arena_release(&A);
}

/* Whether parse_at keeps the warnings of spec fields Backstage requires
 * (most fixtures are short descriptors about something else; the test
 * of those warnings sets it). */
static int keep_required;

/* Drops from D the warnings of missing required spec fields. */
static void drop_required(size_t from)
{
	size_t k = from;
	for (size_t i = from; i < D.len; i++) {
		if (strstr(D.items[i].msg, "which Backstage requires")) {
			free(D.items[i].repo);
			free(D.items[i].path);
			free(D.items[i].msg);
			continue;
		}
		D.items[k++] = D.items[i];
	}
	D.len = k;
}

/* Parses text as the descriptor at path of repository "svc", appending to
 * L; returns how many entities it added. */
static size_t parse_at(const char *text, const char *path)
{
	struct val *docs = NULL;
	struct yaml_error err;
	size_t before = N;
	if (yaml_parse_all(&docs, &A, text, strlen(text), &err) < 0) {
		fprintf(stderr, "yaml error line %d: %s\n", err.line, err.msg);
		return 0;
	}
	size_t ndiags = D.len;
	catalog_parse(&L, &N, &CAP, &A, docs, "svc", path, &D);
	if (!keep_required)
		drop_required(ndiags);
	return N - before;
}

static size_t parse(const char *text)
{
	return parse_at(text, "catalog-info.yaml");
}

/* The first diagnostic whose message holds needle, or NULL. */
static const struct diag *diag_with(const char *needle)
{
	for (size_t i = 0; i < D.len; i++)
		if (strstr(D.items[i].msg, needle))
			return &D.items[i];
	return NULL;
}

/* The line of the first diagnostic holding needle, -1 when there is none. */
static int diag_line(const char *needle)
{
	const struct diag *dg = diag_with(needle);
	return dg ? dg->line : -1;
}

/* Every message, one per line, for CHECK_CONTAINS. */
static const char *all_diags(void)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < D.len; i++) {
		buf_puts(&b, D.items[i].msg);
		buf_putc(&b, '\n');
	}
	const char *s = arena_strdup(&A, b.ptr);
	buf_release(&b);
	return s;
}

static const char *fmt_ref(const struct entity_ref *r)
{
	struct buf b = BUF_INIT;
	catalog_ref_format(&b, r);
	const char *s = arena_strdup(&A, b.ptr);
	buf_release(&b);
	return s;
}

static struct entity *find(const char *kind, const char *name)
{
	for (size_t i = 0; i < N; i++)
		if (strcmp(catalog_kind_name(L[i]->kind), kind) == 0 &&
		    strcmp(L[i]->name, name) == 0)
			return L[i];
	return NULL;
}

/* ---- a whole file ---- */

static const char every_kind[] =
	"apiVersion: backstage.io/v1alpha1\n" /* 1 */
	"kind: Component\n"
	"metadata:\n"
	"  name: payments\n"
	"  title: Payments service\n" /* 5 */
	"  description: Takes the money\n"
	"  tags: [java, grpc, c++]\n"
	"  links:\n"
	"    - url: https://grafana.example.com/d/payments\n"
	"      title: Dashboard\n" /* 10 */
	"      icon: dashboard\n"
	"      type: admin\n"
	"  annotations:\n"
	"    github.com/project-slug: acme/payments\n"
	"    backstage.io/techdocs-ref: dir:./docs\n" /* 15 */
	"    backstage.io/source-location: url:https://github.com/acme/payments/\n"
	"    pagerduty.com/service-id: PX1234\n"
	"spec:\n"
	"  type: service\n"
	"  lifecycle: production\n" /* 20 */
	"  owner: team-payments\n"
	"  system: checkout\n"
	"  providesApis: [payments-api]\n"
	"  consumesApis: [api:ledger/ledger-api]\n"
	"  dependsOn: [resource:payments-db, fraud]\n" /* 25 */
	"---\n"
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: API\n"
	"metadata:\n"
	"  name: payments-api\n" /* 30 */
	"spec:\n"
	"  type: openapi\n"
	"  lifecycle: production\n"
	"  owner: team-payments\n"
	"  system: checkout\n" /* 35 */
	"  definition:\n"
	"    $text: ./openapi.yaml\n"
	"---\n"
	"apiVersion: backstage.io/v1beta1\n"
	"kind: System\n" /* 40 */
	"metadata:\n"
	"  name: checkout\n"
	"spec:\n"
	"  owner: team-payments\n"
	"  domain: commerce\n" /* 45 */
	"---\n"
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: Group\n"
	"metadata:\n"
	"  name: team-payments\n" /* 50 */
	"spec:\n"
	"  type: team\n"
	"  profile:\n"
	"    displayName: Payments\n"
	"    email: payments@example.com\n" /* 55 */
	"    picture: https://example.com/payments.png\n"
	"  parent: engineering\n"
	"  children: []\n"
	"  members: [alice, user:bob]\n"
	"---\n" /* 60 */
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: User\n"
	"metadata:\n"
	"  name: alice\n"
	"spec:\n" /* 65 */
	"  profile:\n"
	"    displayName: Alice Liddell\n"
	"    email: alice@example.com\n"
	"  memberOf: [team-payments]\n"
	"---\n" /* 70 */
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: Domain\n"
	"metadata:\n"
	"  name: commerce\n"
	"spec:\n" /* 75 */
	"  owner: engineering\n"
	"  subdomainOf: business\n"
	"---\n"
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: Resource\n" /* 80 */
	"metadata:\n"
	"  name: payments-db\n"
	"spec:\n"
	"  type: database\n"
	"  owner: user:alice\n" /* 85 */
	"  system: checkout\n"
	"  dependencyOf: [payments]\n";

TEST(multi_document_file_with_every_kind)
{
	setup();
	CHECK(parse(every_kind) == 7);
	CHECK(D.len == 0);

	struct entity *c = find("Component", "payments");
	CHECK(c && c->kind == ENTITY_COMPONENT);
	if (c) {
		CHECK_STR(c->ns, "default");
		CHECK_STR(c->title, "Payments service");
		CHECK_STR(c->description, "Takes the money");
		CHECK(c->ntags == 3);
		CHECK(c->ntags == 3 && strcmp(c->tags[2], "c++") == 0);
		CHECK(c->nlinks == 1);
		CHECK(c->nlinks == 1 && strcmp(c->links[0].title, "Dashboard") == 0 &&
		      strcmp(c->links[0].icon, "dashboard") == 0 &&
		      strcmp(c->links[0].type, "admin") == 0);
		CHECK(c->annotations && c->annotations->type == VAL_MAP);
		CHECK_STR(c->project_slug, "acme/payments");
		CHECK_STR(c->techdocs_dir, "docs");
		CHECK_STR(c->source_location, "https://github.com/acme/payments/");
		CHECK_STR(c->pagerduty_service, "PX1234");
		CHECK_STR(c->type, "service");
		CHECK_STR(c->lifecycle, "production");
		CHECK_STR(fmt_ref(&c->owner), "group:team-payments");
		CHECK(c->owner.line == 21);
		CHECK_STR(fmt_ref(&c->system), "system:checkout");
		CHECK(c->nprovides_apis == 1 &&
		      strcmp(fmt_ref(&c->provides_apis[0]), "api:payments-api") == 0);
		CHECK(c->nconsumes_apis == 1 &&
		      strcmp(fmt_ref(&c->consumes_apis[0]),
			     "api:ledger/ledger-api") == 0);
		CHECK(c->ndepends_on == 2);
		if (c->ndepends_on == 2) {
			CHECK_STR(fmt_ref(&c->depends_on[0]), "resource:payments-db");
			/* no kind in dependsOn: Component (cairn's default) */
			CHECK_STR(fmt_ref(&c->depends_on[1]), "component:fraud");
			CHECK(c->depends_on[1].line == 25);
		}
		CHECK(c->line == 1);
		CHECK_STR(c->repo, "svc");
		CHECK_STR(c->path, "catalog-info.yaml");
		CHECK(c->raw && c->raw->type == VAL_MAP);
		CHECK(!c->definition && !c->definition_file);
	}

	struct entity *api = find("API", "payments-api");
	CHECK(api && api->kind == ENTITY_API);
	if (api) {
		CHECK(api->line == 27);
		CHECK_STR(api->definition_file, "openapi.yaml");
		CHECK(!api->definition && !api->definition_url);
		CHECK(api->definition_line == 37);
		CHECK_STR(fmt_ref(&api->owner), "group:team-payments");
		CHECK_STR(fmt_ref(&api->system), "system:checkout");
	}

	struct entity *sys = find("System", "checkout");
	CHECK(sys && sys->kind == ENTITY_SYSTEM);
	if (sys) {
		CHECK_STR(fmt_ref(&sys->domain), "domain:commerce");
		CHECK_STR(fmt_ref(&sys->owner), "group:team-payments");
		CHECK(!sys->system.name);
	}

	struct entity *g = find("Group", "team-payments");
	CHECK(g && g->kind == ENTITY_GROUP);
	if (g) {
		CHECK_STR(g->type, "team");
		CHECK_STR(g->display_name, "Payments");
		CHECK_STR(g->email, "payments@example.com");
		CHECK_STR(g->picture, "https://example.com/payments.png");
		CHECK_STR(fmt_ref(&g->parent), "group:engineering");
		CHECK(g->nchildren == 0);
		CHECK(g->nmembers == 2);
		CHECK(g->nmembers == 2 &&
		      strcmp(fmt_ref(&g->members[0]), "user:alice") == 0 &&
		      strcmp(fmt_ref(&g->members[1]), "user:bob") == 0);
		CHECK(!g->owner.name); /* groups have no owner */
	}

	struct entity *u = find("User", "alice");
	CHECK(u && u->kind == ENTITY_USER);
	if (u) {
		CHECK_STR(u->display_name, "Alice Liddell");
		CHECK_STR(u->email, "alice@example.com");
		CHECK(!u->picture);
		CHECK(u->nmember_of == 1 && strcmp(fmt_ref(&u->member_of[0]),
						   "group:team-payments") == 0);
	}

	struct entity *dom = find("Domain", "commerce");
	CHECK(dom && dom->kind == ENTITY_DOMAIN);
	if (dom) {
		CHECK_STR(fmt_ref(&dom->owner), "group:engineering");
		CHECK_STR(fmt_ref(&dom->subdomain_of), "domain:business");
	}

	struct entity *res = find("Resource", "payments-db");
	CHECK(res && res->kind == ENTITY_RESOURCE);
	if (res) {
		CHECK_STR(res->type, "database");
		CHECK_STR(fmt_ref(&res->owner), "user:alice");
		CHECK(res->ndependency_of == 1 &&
		      strcmp(fmt_ref(&res->dependency_of[0]), "component:payments") == 0);
	}
	teardown();
}

TEST(empty_documents_are_skipped)
{
	setup();
	CHECK(parse("---\n---\napiVersion: backstage.io/v1alpha1\nkind: User\n"
		    "metadata: {name: bob}\n---\n") == 1);
	CHECK(D.len == 0);
	CHECK(N == 1 && L[0]->line == 3);
	CHECK(parse("") == 0);
	catalog_parse(&L, &N, &CAP, &A, NULL, "svc", "catalog-info.yaml", &D);
	CHECK(N == 1 && D.len == 0);
	teardown();
}

TEST(appends_across_files)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: a}\n") ==
	      1);
	CHECK(parse_at("apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: b}\n",
		       "other/catalog-info.yaml") == 1);
	CHECK(N == 2 && CAP >= 2);
	CHECK(N == 2 && strcmp(L[1]->path, "other/catalog-info.yaml") == 0);
	teardown();
}

/* ---- references ---- */

TEST(reference_defaults)
{
	struct entity_ref r;
	setup();
	CHECK(catalog_parse_ref(&r, &A, "payments", "group", NULL) == 0);
	CHECK_STR(r.kind, "group");
	CHECK_STR(r.ns, "default");
	CHECK_STR(r.name, "payments");
	CHECK(r.line == 0);

	CHECK(catalog_parse_ref(&r, &A, "user:alice", "group", "default") == 0);
	CHECK_STR(r.kind, "user");
	CHECK_STR(r.name, "alice");

	CHECK(catalog_parse_ref(&r, &A, "ops/pager", "group", "default") == 0);
	CHECK_STR(r.kind, "group");
	CHECK_STR(r.ns, "ops");
	CHECK_STR(r.name, "pager");

	CHECK(catalog_parse_ref(&r, &A, "component:ext/pets", "group", "x") == 0);
	CHECK_STR(r.kind, "component");
	CHECK_STR(r.ns, "ext");

	/* the namespace defaults to the one given (the referring entity's) */
	CHECK(catalog_parse_ref(&r, &A, "pets", "api", "external-systems") == 0);
	CHECK_STR(r.ns, "external-systems");

	/* names follow the name rule, doubled separators included */
	CHECK(catalog_parse_ref(&r, &A, "group:my--team_1.x", NULL, NULL) == 0);
	CHECK_STR(r.name, "my--team_1.x");

	/* no default kind: a kind is required */
	CHECK(catalog_parse_ref(&r, &A, "pets", NULL, NULL) == -1);
	CHECK(!r.kind && !r.ns && !r.name);
	CHECK(catalog_parse_ref(&r, &A, "api:pets", NULL, NULL) == 0);
	CHECK_STR(r.kind, "api");
	teardown();
}

TEST(reference_case_insensitivity)
{
	struct entity_ref r;
	setup();
	/* kind and namespace lower-cased, the name kept as written */
	CHECK(catalog_parse_ref(&r, &A, "Group:Ops-Team/Pager-Duty", NULL, NULL) == 0);
	CHECK_STR(r.kind, "group");
	CHECK_STR(r.ns, "ops-team");
	CHECK_STR(r.name, "Pager-Duty");
	CHECK(catalog_parse_ref(&r, &A, "x", "Group", "Default") == 0);
	CHECK_STR(r.kind, "group");
	CHECK_STR(r.ns, "default");

	CHECK(catalog_kind_from_name("API") == ENTITY_API);
	CHECK(catalog_kind_from_name("api") == ENTITY_API);
	CHECK(catalog_kind_from_name("rEsOuRcE") == ENTITY_RESOURCE);
	CHECK(catalog_kind_from_name("Location") == -1);
	CHECK(catalog_kind_from_name(NULL) == -1);
	CHECK_STR(catalog_kind_name(ENTITY_API), "API");
	CHECK_STR(catalog_kind_ref_name(ENTITY_API), "api");

	/* lookups ignore case in every part */
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: Group\n"
		    "metadata: {name: Team-Payments, namespace: Finance}\n") == 1);
	CHECK(N == 1 && strcmp(L[0]->ns, "finance") == 0 &&
	      strcmp(L[0]->name, "Team-Payments") == 0);
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(catalog_parse_ref(&r, &A, "GROUP:FINANCE/team-payments", NULL, NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == L[0]);
	CHECK(catalog_parse_ref(&r, &A, "group:team-payments", NULL, NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == NULL); /* other namespace */
	CHECK(catalog_parse_ref(&r, &A, "user:finance/team-payments", NULL, NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == NULL); /* other kind */
	catalog_index_free(ix);
	teardown();
}

TEST(malformed_references)
{
	static const char *const bad[] = { "",
					   "group:",
					   ":x",
					   "a/b/c",
					   "/x",
					   "ns/",
					   "group:ns/",
					   "a:b:c",
					   "team@example.com",
					   "@acme/payments",
					   "my team",
					   "group:-x",
					   "1group:x",
					   "group:a-",
					   "group:x/",
					   "a b:c",
					   "group:ns_1/x",
					   NULL };
	struct entity_ref r;
	setup();
	for (int i = 0; bad[i]; i++) {
		int rc = catalog_parse_ref(&r, &A, bad[i], "group", NULL);
		if (rc != -1)
			fprintf(stderr, "accepted \"%s\"\n", bad[i]);
		CHECK(rc == -1);
		CHECK(!r.kind && !r.ns && !r.name);
	}
	CHECK(catalog_parse_ref(&r, &A, NULL, "group", NULL) == -1);
	teardown();
}

TEST(malformed_references_in_descriptors_are_dropped_with_a_diagnostic)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: web\n"
		    "spec:\n"
		    "  owner: \"group:\"\n" /* 6 */
		    "  system: 42\n"
		    "  providesApis:\n"
		    "    - ok-api\n"
		    "    - \":x\"\n" /* 10 */
		    "    - a/b/c\n"
		    "  consumesApis: ledger-api\n"
		    "  dependsOn: [system:checkout]\n") == 1);
	struct entity *e = N ? L[0] : NULL;
	CHECK(e && !e->owner.name && !e->owner.kind);
	CHECK(e && !e->system.name);
	CHECK(e && e->nprovides_apis == 1 &&
	      strcmp(e->provides_apis[0].name, "ok-api") == 0);
	CHECK(e && e->nconsumes_apis == 0 && !e->consumes_apis);
	CHECK(e && e->ndepends_on == 0);
	CHECK(diag_line("spec.owner \"group:\" is not an entity reference") == 6);
	CHECK_CONTAINS(all_diags(), "the name is missing");
	CHECK(diag_line("spec.system 42 is a number") == 7);
	CHECK(diag_line("spec.providesApis \":x\" is not an entity reference") == 10);
	CHECK(diag_line("spec.providesApis \"a/b/c\" is not an entity reference") == 11);
	CHECK(diag_line("spec.consumesApis is a string, not a list") == 12);
	CHECK_CONTAINS(all_diags(), "e.g. [\"ledger-api\"]");
	CHECK(diag_line("spec.dependsOn \"system:checkout\" names a System: it must name a Component or Resource") ==
	      13);
	for (size_t i = 0; i < D.len; i++)
		CHECK(D.items[i].severity == DIAG_WARNING && D.items[i].cls == DIAG_USER);
	teardown();
}

TEST(reference_kinds_each_field_allows)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata: {name: web}\n"
		    "spec:\n"
		    "  owner: system:checkout\n" /* 5 */
		    "  system: group:x\n"
		    "  providesApis: [component:y]\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: User\n" /* 10 */
		    "metadata: {name: u}\n"
		    "spec:\n"
		    "  memberOf: [user:v, template:t]\n") == 2);
	CHECK(N == 2 && !L[0]->owner.name && !L[0]->system.name &&
	      L[0]->nprovides_apis == 0 && L[1]->nmember_of == 0);
	CHECK(diag_line("spec.owner \"system:checkout\" names a System: it must name a Group or User") ==
	      5);
	CHECK(diag_line("spec.system \"group:x\" names a Group: it must name a System") ==
	      6);
	CHECK(diag_line("spec.providesApis \"component:y\" names a Component: it must name an API") ==
	      7);
	CHECK(diag_line("spec.memberOf \"user:v\" names a User") == 13);
	CHECK(diag_line("spec.memberOf \"template:t\" names a template") == 13);
	teardown();
}

TEST(compound_references)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: petstore\n"
		    "  namespace: external-systems\n"
		    "spec:\n"
		    "  owner:\n" /* 7 */
		    "    kind: Group\n"
		    "    name: aegis-imports/pet-managers\n"
		    "  system: {name: pets}\n" /* 10 */
		    "  providesApis:\n"
		    "    - {kind: API, namespace: Internal, name: streetlights}\n"
		    "    - hello-world\n"
		    "  consumesApis:\n"
		    "    - {kind: API}\n" /* 15 */
		    "    - {name: ok, namespace: \"bad ns\"}\n"
		    "  dependsOn:\n"
		    "    - {name: \"\"}\n") == 1);
	struct entity *e = N ? L[0] : NULL;
	CHECK(e != NULL);
	if (!e) {
		teardown();
		return;
	}
	/* the name is taken as written in the compound form */
	CHECK_STR(e->owner.kind, "group");
	CHECK_STR(e->owner.ns, "external-systems");
	CHECK_STR(e->owner.name, "aegis-imports/pet-managers");
	CHECK(e->owner.line == 8);
	CHECK_STR(fmt_ref(&e->system), "system:external-systems/pets");
	CHECK(e->nprovides_apis == 2);
	if (e->nprovides_apis == 2) {
		CHECK_STR(fmt_ref(&e->provides_apis[0]), "api:internal/streetlights");
		CHECK_STR(fmt_ref(&e->provides_apis[1]),
			  "api:external-systems/hello-world");
	}
	CHECK(e->nconsumes_apis == 0);
	CHECK(diag_line("it has no name") == 15);
	CHECK_CONTAINS(all_diags(),
		       "it has no name; write {kind: <kind>, namespace: <namespace>, name: <name>}");
	CHECK(diag_line("its namespace is not valid") == 16);
	CHECK(e->ndepends_on == 0);
	CHECK(D.len == 3);
	teardown();
}

TEST(reference_format)
{
	struct entity_ref r = { "group", "default", "payments", 0 };
	setup();
	CHECK_STR(fmt_ref(&r), "group:payments");
	r.ns = "ops";
	CHECK_STR(fmt_ref(&r), "group:ops/payments");
	r.kind = "Group";
	r.ns = "Ops";
	r.name = "Pay";
	CHECK_STR(fmt_ref(&r), "group:ops/Pay");
	r.kind = NULL;
	r.ns = NULL;
	CHECK_STR(fmt_ref(&r), "Pay");
	r.name = NULL;
	CHECK_STR(fmt_ref(&r), "");

	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: x, namespace: ext}\n") ==
	      1);
	catalog_entity_ref(&r, L[0]);
	CHECK_STR(fmt_ref(&r), "api:ext/x");
	CHECK(r.line == 1);
	teardown();
}

/* ---- names ---- */

TEST(names_follow_the_name_rule)
{
	static const char *const good[] = {
		"a",
		"visits-tracking-service",
		"CircleciBuildsDumpV2_avro_gcs",
		"a.b_c-d",
		"0",
		"x1-2",
		"a--b",
		"a-.b", /* doubled separators: Backstage's validator accepts them */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 63 */
		NULL
	};
	static const char *const bad[] = {
		"-a",
		"a-",
		"a.",
		".a",
		"a b",
		"a/b",
		"a:b",
		"caf\xc3\xa9",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 64 */
		"a@b",
		"_",
		NULL
	};
	char doc[256];
	setup();
	for (int i = 0; good[i]; i++) {
		snprintf(doc, sizeof(doc),
			 "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: \"%s\"\n",
			 good[i]);
		size_t n = parse(doc);
		if (n != 1)
			fprintf(stderr, "rejected \"%s\"\n", good[i]);
		CHECK(n == 1);
	}
	CHECK(D.len == 0);
	for (int i = 0; bad[i]; i++) {
		snprintf(doc, sizeof(doc),
			 "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: \"%s\"\n",
			 bad[i]);
		size_t before = D.len;
		size_t n = parse(doc);
		if (n != 0)
			fprintf(stderr, "accepted \"%s\"\n", bad[i]);
		CHECK(n == 0);
		CHECK(D.len == before + 1);
		CHECK(D.len > before && D.items[before].line == 4 &&
		      D.items[before].severity == DIAG_ERROR &&
		      D.items[before].cls == DIAG_USER &&
		      strstr(D.items[before].msg, "is not a valid name"));
	}
	CHECK_CONTAINS(all_diags(),
		       "metadata.name \"a b\" is not a valid name: use letters and digits");
	teardown();
}

TEST(namespaces)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: User\n"
		    "metadata: {name: a, namespace: Tracking-Services}\n"
		    "spec:\n  memberOf: [team, default/all]\n") == 1);
	CHECK(N == 1 && strcmp(L[0]->ns, "tracking-services") == 0);
	CHECK(N == 1 && L[0]->nmember_of == 2 &&
	      strcmp(fmt_ref(&L[0]->member_of[0]), "group:tracking-services/team") == 0 &&
	      strcmp(fmt_ref(&L[0]->member_of[1]), "group:all") == 0);
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: User\n"
		    "metadata:\n  name: b\n  namespace: my_ns\n") == 0);
	CHECK(diag_line("metadata.namespace \"my_ns\" is not a valid namespace") == 5);
	teardown();
}

/* ---- invalid descriptors ---- */

TEST(invalid_descriptors_and_their_lines)
{
	setup();
	CHECK(parse("kind: Component\n" /* 1 */
		    "metadata: {name: a}\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n" /* 4 */
		    "metadata: {name: b}\n"
		    "---\n"
		    "apiVersion: backstage.io/v2\n" /* 7 */
		    "kind: Component\n"
		    "metadata: {name: c}\n"
		    "---\n" /* 10 */
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  title: no name\n" /* 14 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: 42\n" /* 19 */
		    "---\n"
		    "- just\n" /* 21 */
		    "- a list\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n" /* 25 */
		    "metadata: [x]\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n" /* 29 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: [Component]\n" /* 32 */
		    "metadata: {name: e}\n") == 0);
	CHECK(diag_line("Component has no apiVersion") == 1);
	CHECK(diag_line("document has no kind") == 4);
	CHECK(diag_line("apiVersion \"backstage.io/v2\" is not a version cairn reads") ==
	      7);
	CHECK(diag_line("Component has no metadata.name: add one") == 14);
	CHECK(diag_line("metadata.name 42 is a number, not a string: quote it") == 19);
	CHECK(diag_line("document is a list, not a mapping") == 21);
	CHECK(diag_line("metadata is a list, not a mapping") == 26);
	CHECK(diag_line("Component has no metadata: add metadata.name") == 28);
	CHECK(diag_line("kind is a list, not a string") == 32);
	CHECK(D.len == 9);
	for (size_t i = 0; i < D.len; i++) {
		CHECK(D.items[i].severity == DIAG_ERROR);
		CHECK(D.items[i].cls == DIAG_USER);
		CHECK_STR(D.items[i].repo, "svc");
		CHECK_STR(D.items[i].path, "catalog-info.yaml");
	}
	teardown();
}

TEST(spec_fields_backstage_requires_are_asked_for)
{
	setup();
	keep_required = 1;
	/* elastic/logstash's Component has no lifecycle; an API with no
	 * spec at all lacks four */
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata: {name: logstash}\n"
		    "spec:\n"
		    "  type: library\n" /* 5: the spec's first line */
		    "  owner: group:ingest\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: API\n" /* 9 */
		    "metadata: {name: bare}\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: System\n"
		    "metadata: {name: s}\n"
		    "spec: {owner: group:ingest}\n") == 3);
	CHECK(diag_line("Component \"logstash\" has no spec.lifecycle, which Backstage requires") ==
	      5);
	CHECK(diag_line("API \"bare\" has no spec.type") == 9);
	CHECK(diag_line("API \"bare\" has no spec.lifecycle") == 9);
	CHECK(diag_line("API \"bare\" has no spec.owner") == 9);
	CHECK(diag_line("API \"bare\" has no spec.definition") == 9);
	CHECK(D.len == 5);
	keep_required = 0;
	teardown();
}

TEST(other_kinds_are_ignored_with_a_warning)
{
	setup();
	/* Backstage's Location and Template are valid, and say nothing a
	 * page shows: left out without a word (check --strict passes) */
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Location\n" /* 2 */
		    "metadata: {name: org}\n"
		    "spec: {targets: [./a.yaml]}\n"
		    "---\n"
		    "apiVersion: scaffolder.backstage.io/v1beta3\n"
		    "kind: Template\n" /* 7 */
		    "metadata: {name: t}\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: component\n" /* 11 */
		    "metadata: {name: lower}\n"
		    "---\n"
		    "apiVersion: example.com/v1\n"
		    "kind: Workflow\n" /* 15 */
		    "metadata: {name: w}\n") == 1);
	CHECK(diag_line("kind \"Location\"") == -1);
	CHECK(diag_line("kind \"Template\"") == -1);
	CHECK(diag_line("kind \"Workflow\" is not one cairn reads") == 15);
	/* a kind in another case is read, with a warning */
	CHECK(N == 1 && L[0]->kind == ENTITY_COMPONENT);
	CHECK(diag_line("kind \"component\" is spelt \"Component\"") == 11);
	CHECK(D.len == 2);
	for (size_t i = 0; i < D.len; i++)
		CHECK(D.items[i].severity == DIAG_WARNING && D.items[i].cls == DIAG_USER);
	teardown();
}

TEST(wrong_types_drop_the_field_not_the_entity)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: web\n"
		    "  title: [a, b]\n" /* 5 */
		    "  description: 12\n"
		    "  tags: foo\n" /* 7 */
		    "  links: {url: https://x.example}\n"
		    "  annotations: [a]\n" /* 9 */
		    "spec:\n"
		    "  type: {a: b}\n" /* 11 */
		    "  lifecycle: true\n"
		    "  owner: team\n") == 1);
	struct entity *e = N ? L[0] : NULL;
	CHECK(e && !e->title && !e->description && e->ntags == 0 && !e->tags &&
	      e->nlinks == 0 && !e->annotations && !e->type && !e->lifecycle);
	CHECK(e && strcmp(fmt_ref(&e->owner), "group:team") == 0);
	CHECK(diag_line("metadata.title is a list, not a string") == 5);
	CHECK(diag_line("metadata.description 12 is a number, not a string: quote it") ==
	      6);
	CHECK(diag_line("metadata.tags is a string, not a list") == 7);
	CHECK(diag_line("metadata.links is a mapping, not a list") == 8);
	CHECK(diag_line("metadata.annotations is a list, not a mapping") == 9);
	CHECK(diag_line("spec.type is a mapping, not a string") == 11);
	CHECK(diag_line("spec.lifecycle true is a boolean, not a string: quote it") == 12);
	CHECK(D.len == 7);
	for (size_t i = 0; i < D.len; i++)
		CHECK(D.items[i].severity == DIAG_WARNING && D.items[i].cls == DIAG_USER);

	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: Group\n"
		    "metadata: {name: g}\nspec: [x]\n") == 1);
	CHECK(diag_line("spec is a list, not a mapping") == 4);
	teardown();
}

TEST(tags_follow_the_tag_rule)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: web\n"
		    "  tags:\n"
		    "    - java\n"
		    "    - Java\n" /* 7 */
		    "    - c#\n"
		    "    - a--b\n" /* 9 */
		    "    - 2024\n" /* 10 */
		    "    - node-js\n") == 1);
	struct entity *e = N ? L[0] : NULL;
	CHECK(e && e->ntags == 3);
	CHECK(e && e->ntags == 3 && strcmp(e->tags[0], "java") == 0 &&
	      strcmp(e->tags[1], "c#") == 0 && strcmp(e->tags[2], "node-js") == 0);
	CHECK(diag_line("tag \"Java\" is not valid") == 7);
	CHECK(diag_line("tag \"a--b\" is not valid") == 9);
	CHECK(diag_line("metadata.tags item 2024 is a number, not a string: quote it") ==
	      10);
	teardown();
}

/* ---- annotations ---- */

static struct entity *with_annotations(const char *path, const char *ann)
{
	char doc[1024];
	snprintf(doc, sizeof(doc),
		 "apiVersion: backstage.io/v1alpha1\n"
		 "kind: Component\n"
		 "metadata:\n"
		 "  name: web\n"
		 "  annotations:\n"
		 "%s",
		 ann);
	return parse_at(doc, path) == 1 ? L[N - 1] : NULL;
}

TEST(techdocs_ref_forms)
{
	struct entity *e;
	setup();
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:.\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "") == 0);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:./docs\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "docs") == 0);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:./docs/\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "docs") == 0);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:docs/./guide//\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "docs/guide") == 0);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:./\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "") == 0);
	CHECK(D.len == 0);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: url:https://github.com/acme/web/tree/main\n");
	CHECK(e && !e->techdocs_dir);
	CHECK(D.len == 0);

	/* resolved against the descriptor's folder */
	e = with_annotations("services/web/catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:./docs\n");
	CHECK(e && e->techdocs_dir &&
	      strcmp(e->techdocs_dir, "services/web/docs") == 0);
	e = with_annotations("services/web/catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:.\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "services/web") == 0);
	e = with_annotations("services/web/catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:../../shared-docs\n");
	CHECK(e && e->techdocs_dir && strcmp(e->techdocs_dir, "shared-docs") == 0);
	CHECK(D.len == 0);

	/* leaving the repository, absolute, empty, no type */
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:../docs\n");
	CHECK(e && !e->techdocs_dir);
	CHECK(diag_line("backstage.io/techdocs-ref \"dir:../docs\" is not a folder of the repository") ==
	      6);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: dir:/docs\n");
	CHECK(e && !e->techdocs_dir);
	CHECK(diag_with("\"dir:/docs\" is not a folder of the repository") != NULL);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: \"dir:\"\n");
	CHECK(e && !e->techdocs_dir);
	CHECK(diag_with("\"dir:\" has no folder") != NULL);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/techdocs-ref: ./docs\n");
	CHECK(e && !e->techdocs_dir);
	CHECK(diag_with("\"./docs\" is not a location reference") != NULL);
	teardown();
}

TEST(other_well_known_annotations)
{
	struct entity *e;
	setup();
	e = with_annotations("catalog-info.yaml",
			     "    github.com/project-slug: acme\n"
			     "    backstage.io/source-location: https://github.com/acme/web\n"
			     "    pagerduty.com/service-id: 12345\n"
			     "    example.com/flag: true\n"
			     "    example.com/fine: text\n");
	CHECK(e && !e->project_slug && !e->source_location && !e->pagerduty_service);
	CHECK(e && e->annotations && e->annotations->u.map.len == 5);
	CHECK(diag_line("github.com/project-slug \"acme\" is not <organization>/<project>") ==
	      6);
	CHECK(diag_line("backstage.io/source-location \"https://github.com/acme/web\" is not a url: location") ==
	      7);
	CHECK(diag_line("annotation \"pagerduty.com/service-id\" is a number, not a string: quote it") ==
	      8);
	CHECK(diag_line("annotation \"example.com/flag\" is a boolean") == 9);
	CHECK(D.len == 4);

	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/source-location: url:javascript:alert(1)\n"
			     "    github.com/project-slug: a/b/c\n");
	CHECK(e && !e->source_location && !e->project_slug);
	CHECK(D.len == 6);
	e = with_annotations("catalog-info.yaml",
			     "    backstage.io/source-location: URL:http://git.example/acme/web/\n"
			     "    pagerduty.com/service-id: \"12345\"\n");
	CHECK(e && e->source_location &&
	      strcmp(e->source_location, "http://git.example/acme/web/") == 0);
	CHECK(e && e->pagerduty_service && strcmp(e->pagerduty_service, "12345") == 0);
	CHECK(D.len == 6);
	/* an id that is not letters and digits makes no link, and is said */
	e = with_annotations("catalog-info.yaml",
			     "    pagerduty.com/service-id: 'P1\"><script>'\n");
	CHECK(e && !e->pagerduty_service);
	CHECK(diag_with("is not a PagerDuty service id") != NULL);
	CHECK(D.len == 7);
	teardown();
}

/* ---- links ---- */

TEST(links_keep_only_http_https_and_mailto)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata:\n"
		    "  name: web\n"
		    "  links:\n"
		    "    - url: https://example.com/a\n" /* 6 */
		    "    - url: javascript:alert(1)\n"	 /* 7 */
		    "      title: Click me\n"
		    "    - url: JavaScript:alert(1)\n"	      /* 9 */
		    "    - url: \"java\\tscript:alert(1)\"\n" /* 10 */
		    "    - url: mailto:oncall@example.com\n"
		    "      title: Mail\n"
		    "    - url: /relative/page\n"    /* 13 */
		    "    - url: data:text/html,hi\n" /* 14 */
		    "    - title: no url\n"	     /* 15 */
		    "    - url: HTTP://EXAMPLE.COM\n"
		    "    - url: \"https://\"\n"	  /* 17 */
		    "    - just a string\n"	  /* 18 */
		    "    - url: //evil.example\n" /* 19 */
		    "    - url: 7\n") == 1);	  /* 20 */
	struct entity *e = N ? L[0] : NULL;
	CHECK(e && e->nlinks == 3);
	if (e && e->nlinks == 3) {
		CHECK_STR(e->links[0].url, "https://example.com/a");
		CHECK(e->links[0].title == NULL);
		CHECK(e->links[0].line == 6);
		CHECK_STR(e->links[1].url, "mailto:oncall@example.com");
		CHECK_STR(e->links[1].title, "Mail");
		CHECK_STR(e->links[2].url, "HTTP://EXAMPLE.COM");
	}
	CHECK(diag_line("link \"javascript:alert(1)\" in metadata.links is not an http, https or mailto URL: left out") ==
	      7);
	CHECK(diag_line("link \"JavaScript:alert(1)\"") == 9);
	CHECK(diag_line("link \"java\\tscript:alert(1)\"") == 10);
	CHECK(diag_line("link \"/relative/page\"") == 13);
	CHECK(diag_line("link \"data:text/html,hi\"") == 14);
	CHECK(diag_line("link in metadata.links has no url") == 15);
	CHECK(diag_line("link \"https://\"") == 17);
	CHECK(diag_line("metadata.links item is a string, not a mapping") == 18);
	CHECK(diag_line("link \"//evil.example\"") == 19);
	CHECK(diag_line("link 7 in metadata.links") == 20);
	CHECK(D.len == 10);
	teardown();
}

TEST(profile_picture_must_be_http)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: u}\n"
		    "spec:\n  profile:\n    displayName: U\n"
		    "    picture: javascript:alert(1)\n") == 1); /* 7 */
	CHECK(N == 1 && !L[0]->picture && strcmp(L[0]->display_name, "U") == 0);
	CHECK(diag_line("spec.profile.picture \"javascript:alert(1)\" is not an http or https URL") ==
	      7);
	teardown();
}

/* ---- API definitions ---- */

static struct entity *api_with(const char *path, const char *def)
{
	char doc[1024];
	snprintf(doc, sizeof(doc),
		 "apiVersion: backstage.io/v1alpha1\n"
		 "kind: API\n"
		 "metadata:\n"
		 "  name: pets\n"
		 "spec:\n"
		 "  type: openapi\n"
		 "%s",
		 def);
	return parse_at(doc, path) == 1 ? L[N - 1] : NULL;
}

TEST(text_definitions)
{
	struct entity *e;
	setup();
	e = api_with("catalog-info.yaml", "  definition:\n    $text: ./openapi.yaml\n");
	CHECK(e && e->definition_file &&
	      strcmp(e->definition_file, "openapi.yaml") == 0);
	CHECK(e && e->definition_line == 8 && !e->definition && !e->definition_url);
	e = api_with("catalog-info.yaml",
		     "  definition: {$text: api/v1/../v2/pets.yaml}\n");
	CHECK(e && e->definition_file &&
	      strcmp(e->definition_file, "api/v2/pets.yaml") == 0);
	e = api_with("apis/pets/catalog-info.yaml",
		     "  definition:\n    $text: ./openapi.yaml\n");
	CHECK(e && e->definition_file &&
	      strcmp(e->definition_file, "apis/pets/openapi.yaml") == 0);
	e = api_with("catalog-info.yaml",
		     "  definition:\n    $text: https://petstore.swagger.io/v2/swagger.json\n");
	CHECK(e && !e->definition_file && e->definition_url &&
	      strcmp(e->definition_url,
		     "https://petstore.swagger.io/v2/swagger.json") == 0);
	e = api_with("catalog-info.yaml",
		     "  definition: |\n    openapi: \"3.0.0\"\n    info: {title: Pets}\n");
	CHECK(e && e->definition &&
	      strcmp(e->definition, "openapi: \"3.0.0\"\ninfo: {title: Pets}\n") == 0);
	CHECK(e && !e->definition_file && !e->definition_url);
	CHECK(D.len == 0);

	e = api_with("catalog-info.yaml", "  definition:\n    $text: ../outside.yaml\n");
	CHECK(e && !e->definition_file);
	CHECK(diag_line("spec.definition $text \"../outside.yaml\" is not a file of the repository") ==
	      8);
	e = api_with("catalog-info.yaml",
		     "  definition:\n    $text: ftp://host/x.yaml\n");
	CHECK(e && !e->definition_file && !e->definition_url);
	CHECK(diag_with("\"ftp://host/x.yaml\" is not an http or https URL") != NULL);
	e = api_with("catalog-info.yaml", "  definition:\n    $yaml: ./openapi.yaml\n");
	CHECK(e && !e->definition_file);
	CHECK(diag_with("spec.definition uses $yaml or $json") != NULL);
	e = api_with("catalog-info.yaml", "  definition:\n    openapi: 3.0.0\n");
	CHECK(e && !e->definition && !e->definition_file);
	CHECK(diag_line("spec.definition is a mapping, not text") == 8);
	e = api_with("catalog-info.yaml", "  definition:\n    $text: [a]\n");
	CHECK(e && !e->definition_file);
	CHECK(diag_line("spec.definition $text [\"a\"] is not a path or URL") == 8);
	CHECK(D.len == 5);
	teardown();
}

/* ---- the index ---- */

static const char team_and_service[] =
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: Group\n"
	"metadata: {name: payments}\n"
	"spec: {children: []}\n"
	"---\n"
	"apiVersion: backstage.io/v1alpha1\n"
	"kind: Component\n"
	"metadata: {name: payments}\n" /* same name, another kind: fine */
	"spec: {owner: payments}\n";

TEST(index_and_lookup)
{
	struct entity_ref r;
	setup();
	CHECK(parse(team_and_service) == 2);
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(D.len == 0);
	CHECK(catalog_lookup(ix, &L[1]->owner) == L[0]);
	catalog_entity_ref(&r, L[1]);
	CHECK(catalog_lookup(ix, &r) == L[1]);
	CHECK(catalog_parse_ref(&r, &A, "api:payments", NULL, NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == NULL);
	r.kind = NULL;
	CHECK(catalog_lookup(ix, &r) == NULL);
	CHECK(catalog_lookup(NULL, &L[1]->owner) == NULL);
	catalog_check_refs(ix, L, N, NULL, 0, &D);
	CHECK(D.len == 0);
	catalog_index_free(ix);
	catalog_index_free(NULL);

	/* an empty catalog */
	ix = catalog_index_new(NULL, 0, &D);
	CHECK(catalog_lookup(ix, &L[1]->owner) == NULL);
	catalog_index_free(ix);
	teardown();
}

TEST(index_add_makes_references_to_implicit_entities_resolve)
{
	struct entity_ref r;
	setup();
	parse("apiVersion: backstage.io/v1alpha1\nkind: Component\n"
	      "metadata: {name: payments}\n"
	      "spec: {dependsOn: [component:fx-rates]}\n");
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(D.len == 0);
	catalog_check_refs(ix, L, N, NULL, 0, &D);
	CHECK(D.len == 1); /* fx-rates names nothing yet */
	CHECK(strstr(D.items[0].msg, "could not read") == NULL);
	diag_release(&D);
	diag_init(&D);
	/* a descriptor that could not be read and has the name as a word is
	 * named; one that has it only inside a longer name is not */
	static const char broken[] = "metadata:\n  name: fx-rates\n  title: \"FX\n";
	static const char other[] = "metadata: {name: old-fx-rates-v1}\n";
	const struct catalog_unread unread[] = {
		{ "other", "catalog-info.yaml", other, sizeof(other) - 1 },
		{ "fx", "catalog-info.yaml", broken, sizeof(broken) - 1 },
	};
	catalog_check_refs(ix, L, N, unread, 1, &D);
	CHECK(D.len == 1 && strstr(D.items[0].msg, "could not read") == NULL);
	diag_release(&D);
	diag_init(&D);
	catalog_check_refs(ix, L, N, unread, 2, &D);
	CHECK(D.len == 1);
	CHECK(strstr(D.items[0].msg,
		     "; fx:catalog-info.yaml, which cairn could not read in full (see its errors), may declare it") !=
	      NULL);
	diag_release(&D);
	diag_init(&D);

	/* the repository without catalog-info.yaml, and many more (growth) */
	struct entity fx = { .kind = ENTITY_COMPONENT,
			     .ns = "default",
			     .name = "fx-rates",
			     .path = "" };
	CHECK(catalog_index_add(ix, &fx) == 0);
	static struct entity more[100];
	static char names[100][32];
	for (int i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "repo-%d", i);
		more[i] = (struct entity){ .kind = ENTITY_COMPONENT,
					   .ns = "default",
					   .name = names[i],
					   .path = "" };
		CHECK(catalog_index_add(ix, &more[i]) == 0);
	}
	catalog_check_refs(ix, L, N, NULL, 0, &D);
	CHECK(D.len == 0);
	CHECK(catalog_parse_ref(&r, &A, "component:FX-Rates", NULL, NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == &fx);
	CHECK(catalog_parse_ref(&r, &A, "repo-77", "component", NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == &more[77]);
	CHECK(catalog_parse_ref(&r, &A, "payments", "component", NULL) == 0);
	CHECK(catalog_lookup(ix, &r) == L[0]);

	/* a declared entity of the same name wins, quietly */
	struct entity dup = { .kind = ENTITY_COMPONENT,
			      .ns = "default",
			      .name = "payments",
			      .path = "" };
	CHECK(catalog_index_add(ix, &dup) == -1);
	CHECK(catalog_lookup(ix, &r) == L[0]);
	CHECK(D.len == 0);
	catalog_index_free(ix);
	teardown();
}

TEST(index_of_many_entities)
{
	char doc[256];
	struct entity_ref r;
	setup();
	for (int i = 0; i < 500; i++) {
		snprintf(doc, sizeof(doc),
			 "apiVersion: backstage.io/v1alpha1\nkind: %s\nmetadata: {name: e%d}\n",
			 i % 2 ? "User" : "Group", i);
		parse(doc);
	}
	CHECK(N == 500);
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(D.len == 0);
	int found = 0;
	for (int i = 0; i < 500; i++) {
		snprintf(doc, sizeof(doc), "%s:E%d", i % 2 ? "user" : "group", i);
		CHECK(catalog_parse_ref(&r, &A, doc, NULL, NULL) == 0);
		found += catalog_lookup(ix, &r) == L[i];
		snprintf(doc, sizeof(doc), "%s:e%d", i % 2 ? "group" : "user", i);
		CHECK(catalog_parse_ref(&r, &A, doc, NULL, NULL) == 0);
		CHECK(catalog_lookup(ix, &r) == NULL);
	}
	CHECK(found == 500);
	catalog_index_free(ix);
	teardown();
}

TEST(duplicates_name_both_places_and_the_first_wins)
{
	setup();
	CHECK(parse(team_and_service) == 2);
	CHECK(parse_at("\n\napiVersion: backstage.io/v1alpha1\n"
		       "kind: Group\n"
		       "metadata: {name: Payments, namespace: DEFAULT}\n",
		       "other/catalog-info.yaml") == 1);
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(D.len == 1);
	if (D.len == 1) {
		const struct diag *dg = &D.items[0];
		CHECK(dg->severity == DIAG_ERROR && dg->cls == DIAG_USER);
		CHECK_STR(dg->repo, "svc");
		CHECK_STR(dg->path, "other/catalog-info.yaml");
		CHECK(dg->line == 3);
		CHECK_CONTAINS(dg->msg, "entity \"group:default/Payments\" is declared twice: first at svc:catalog-info.yaml:1");
		CHECK_CONTAINS(dg->msg, "rename or remove one");
	}
	CHECK(catalog_lookup(ix, &L[1]->owner) == L[0]);
	catalog_index_free(ix);
	teardown();
}

TEST(unknown_references_are_reported_at_their_lines)
{
	setup();
	CHECK(parse("apiVersion: backstage.io/v1alpha1\n"
		    "kind: Component\n"
		    "metadata: {name: web}\n"
		    "spec:\n"
		    "  owner: payment\n"		  /* 5 */
		    "  system: checkout\n"		  /* 6 */
		    "  providesApis: [web-api]\n"	  /* 7 */
		    "  consumesApis: [ledger-api]\n"	  /* 8 */
		    "  dependsOn: [resource:db, fraud]\n" /* 9 */
		    "  dependencyOf: [gateway]\n"	  /* 10 */
		    "  subcomponentOf: portal\n"	  /* 11 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: API\n"
		    "metadata: {name: web-api}\n"
		    "spec: {owner: user:carol}\n" /* 16 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: System\n"
		    "metadata: {name: checkout}\n"
		    "spec: {domain: commerce}\n" /* 21 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Group\n"
		    "metadata: {name: eng}\n"
		    "spec:\n"
		    "  parent: org\n"	  /* 27 */
		    "  children: [sre]\n" /* 28 */
		    "  members: [dave]\n" /* 29 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: User\n"
		    "metadata: {name: erin}\n"
		    "spec: {memberOf: [eng, ghosts]}\n" /* 34 */
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\n"
		    "kind: Domain\n"
		    "metadata: {name: commerce}\n"
		    "spec: {subdomainOf: business}\n") == 6); /* 39 */
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	CHECK(D.len == 0);
	catalog_check_refs(ix, L, N, NULL, 0, &D);
	CHECK(diag_line("spec.owner \"group:default/payment\" names no Group in the catalog") ==
	      5);
	CHECK(diag_line("spec.consumesApis \"api:default/ledger-api\" names no API in the catalog") ==
	      8);
	CHECK(diag_line("spec.dependsOn \"resource:default/db\" names no Resource in the catalog") ==
	      9);
	CHECK(diag_line("spec.dependsOn \"component:default/fraud\" names no Component in the catalog") ==
	      9);
	CHECK(diag_line("spec.dependencyOf \"component:default/gateway\" names no Component") ==
	      10);
	CHECK(diag_line("spec.subcomponentOf \"component:default/portal\" names no Component") ==
	      11);
	CHECK(diag_line("spec.owner \"user:default/carol\" names no User in the catalog") ==
	      16);
	CHECK(diag_line("spec.parent \"group:default/org\" names no Group") == 27);
	CHECK(diag_line("spec.children \"group:default/sre\" names no Group") == 28);
	CHECK(diag_line("spec.members \"user:default/dave\" names no User") == 29);
	CHECK(diag_line("spec.memberOf \"group:default/ghosts\" names no Group") == 34);
	CHECK(diag_line("spec.subdomainOf \"domain:default/business\" names no Domain") ==
	      39);
	/* resolved: system checkout, providesApis web-api, domain commerce,
	 * memberOf eng */
	CHECK(diag_with("checkout") == NULL);
	CHECK(diag_with("web-api") == NULL);
	CHECK(diag_with("commerce") == NULL);
	CHECK(diag_with("/eng\"") == NULL);
	CHECK(D.len == 12);
	for (size_t i = 0; i < D.len; i++) {
		CHECK(D.items[i].severity == DIAG_WARNING && D.items[i].cls == DIAG_USER);
		CHECK_STR(D.items[i].repo, "svc");
		CHECK_STR(D.items[i].path, "catalog-info.yaml");
		CHECK_CONTAINS(D.items[i].msg,
			       "declare it in a catalog-info.yaml or correct the reference");
	}
	catalog_index_free(ix);
	teardown();
}

TEST(references_resolve_across_files_and_namespaces)
{
	setup();
	CHECK(parse_at("apiVersion: backstage.io/v1alpha1\nkind: Group\n"
		       "metadata: {name: pets, namespace: ext}\n",
		       "teams/catalog-info.yaml") == 1);
	CHECK(parse("apiVersion: backstage.io/v1alpha1\nkind: Component\n"
		    "metadata: {name: a, namespace: ext}\nspec: {owner: Pets}\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
		    "metadata: {name: b}\nspec: {owner: EXT/pets}\n"
		    "---\n"
		    "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
		    "metadata: {name: c}\nspec: {owner: pets}\n") == 3);
	struct catalog_index *ix = catalog_index_new(L, N, &D);
	catalog_check_refs(ix, L, N, NULL, 0, &D);
	CHECK(N == 4 && catalog_lookup(ix, &L[1]->owner) == L[0]);
	CHECK(N == 4 && catalog_lookup(ix, &L[2]->owner) == L[0]);
	CHECK(D.len == 1);
	CHECK(diag_line("spec.owner \"group:default/pets\" names no Group") == 14);
	catalog_index_free(ix);
	teardown();
}

int main(void)
{
	RUN(index_add_makes_references_to_implicit_entities_resolve);
	RUN(multi_document_file_with_every_kind);
	RUN(empty_documents_are_skipped);
	RUN(appends_across_files);
	RUN(reference_defaults);
	RUN(reference_case_insensitivity);
	RUN(malformed_references);
	RUN(malformed_references_in_descriptors_are_dropped_with_a_diagnostic);
	RUN(reference_kinds_each_field_allows);
	RUN(compound_references);
	RUN(reference_format);
	RUN(names_follow_the_name_rule);
	RUN(namespaces);
	RUN(invalid_descriptors_and_their_lines);
	RUN(spec_fields_backstage_requires_are_asked_for);
	RUN(other_kinds_are_ignored_with_a_warning);
	RUN(wrong_types_drop_the_field_not_the_entity);
	RUN(tags_follow_the_tag_rule);
	RUN(techdocs_ref_forms);
	RUN(other_well_known_annotations);
	RUN(links_keep_only_http_https_and_mailto);
	RUN(profile_picture_must_be_http);
	RUN(text_definitions);
	RUN(index_and_lookup);
	RUN(index_of_many_entities);
	RUN(duplicates_name_both_places_and_the_first_wins);
	RUN(unknown_references_are_reported_at_their_lines);
	RUN(references_resolve_across_files_and_namespaces);
	return harness_report();
}
