/* Tests for pact.c (Pact files of specification versions 1 to 4),
 * contracts.c (path templates, base paths, statuses, checking a request)
 * and openapi_endpoints (operations, anchors, response codes and server
 * base paths read without rendering). */
#include "contracts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "openapi.h"
#include "pact.h"

#include "harness.h"

/* Parses text; returns pact_parse's result, the diagnostics' messages
 * joined by '\n' in diags. */
static int parse(struct pact *p, struct arena *a, const char *text, struct buf *diags)
{
	struct diag_list d;
	diag_init(&d);
	int rc = pact_parse(p, a, text, strlen(text), "repo", "pacts/x.json", &d);
	for (size_t i = 0; i < d.len; i++)
		buf_printf(diags, "%d: %s\n", d.items[i].line, d.items[i].msg);
	diag_release(&d);
	return rc;
}

TEST(pact_v2_interactions)
{
	struct arena a;
	struct buf diags = BUF_INIT;
	struct pact p;
	arena_init(&a);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"checkout-web\"},\n"
		    " \"provider\": {\"name\": \"payments-api\"},\n"
		    " \"interactions\": [\n"
		    "  {\"description\": \"a payment\", \"providerState\": \"it exists\",\n"
		    "   \"request\": {\"method\": \"get\", \"path\": \"/payments/123?x=1\"},\n"
		    "   \"response\": {\"status\": 200}}],\n"
		    " \"metadata\": {\"pactSpecification\": {\"version\": \"2.0.0\"}}}\n",
		    &diags) == 0);
	CHECK_STR(diags.ptr, "");
	CHECK_STR(p.consumer, "checkout-web");
	CHECK_STR(p.provider, "payments-api");
	CHECK_STR(p.spec_version, "2.0.0");
	CHECK(p.spec_major == 2);
	CHECK(p.ninteractions == 1);
	CHECK_STR(p.interactions[0].method, "GET");
	CHECK_STR(p.interactions[0].path, "/payments/123");
	CHECK(p.interactions[0].status == 200);
	CHECK_STR(p.interactions[0].description, "a payment");
	CHECK(p.interactions[0].line == 4);
	buf_release(&diags);
	arena_release(&a);
}

TEST(pact_v1_and_v1_1_versions)
{
	struct arena a;
	struct buf diags = BUF_INIT;
	struct pact p;
	arena_init(&a);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},"
		    " \"interactions\": [],"
		    " \"metadata\": {\"pact-specification\": {\"version\": \"1.0.0\"}}}",
		    &diags) == 0);
	CHECK(p.spec_major == 1);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},"
		    " \"metadata\": {\"pactSpecificationVersion\": \"1.1.0\"}}",
		    &diags) == 0);
	CHECK(p.spec_major == 1);
	CHECK_STR(p.spec_version, "1.1.0");
	/* no version: read as v2 */
	CHECK(parse(&p, &a, "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"}}",
		    &diags) == 0);
	CHECK(p.spec_major == 2 && !p.spec_version);
	CHECK_STR(diags.ptr, "");
	buf_release(&diags);
	arena_release(&a);
}

TEST(pact_v3_messages_counted)
{
	struct arena a;
	struct buf diags = BUF_INIT;
	struct pact p;
	arena_init(&a);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},"
		    " \"messages\": [{\"description\": \"an event\", \"contents\": {}}],"
		    " \"metadata\": {\"pactSpecification\": {\"version\": \"3.0.0\"}}}",
		    &diags) == 0);
	CHECK(p.spec_major == 3);
	CHECK(p.ninteractions == 0 && p.nmessages == 1);
	CHECK_STR(diags.ptr, "");
	buf_release(&diags);
	arena_release(&a);
}

TEST(pact_v4_types)
{
	struct arena a;
	struct buf diags = BUF_INIT;
	struct pact p;
	arena_init(&a);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},\n"
		    " \"interactions\": [\n"
		    "  {\"type\": \"Synchronous/HTTP\", \"key\": \"1\", \"description\": \"list\",\n"
		    "   \"request\": {\"method\": \"POST\", \"path\": \"/refunds\"},\n"
		    "   \"response\": {\"status\": 201}},\n"
		    "  {\"type\": \"Asynchronous/Messages\", \"description\": \"event\", \"contents\": {}},\n"
		    "  {\"type\": \"Synchronous/Messages\", \"description\": \"rpc\"}],\n"
		    " \"metadata\": {\"pactSpecification\": {\"version\": \"4.0\"}}}",
		    &diags) == 0);
	CHECK(p.spec_major == 4);
	CHECK(p.ninteractions == 1 && p.nmessages == 2);
	CHECK_STR(p.interactions[0].method, "POST");
	CHECK(p.interactions[0].status == 201);
	CHECK_STR(diags.ptr, "");
	buf_release(&diags);
	arena_release(&a);
}

TEST(pact_problems_are_diagnostics)
{
	struct arena a;
	struct buf diags = BUF_INIT;
	struct pact p;
	arena_init(&a);
	CHECK(parse(&p, &a, "{\"consumer\": ", &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "not valid JSON");
	CHECK_CONTAINS(diags.ptr, "fix the syntax");
	buf_clear(&diags);
	struct buf deep = BUF_INIT;
	for (int i = 0; i < 300; i++)
		buf_putc(&deep, '[');
	CHECK(parse(&p, &a, deep.ptr, &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "nests deeper than");
	CHECK_CONTAINS(diags.ptr, "a pact file nests a few levels; this one is not one");
	buf_release(&deep);
	buf_clear(&diags);
	CHECK(parse(&p, &a, "[1]", &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "a list, not an object");
	buf_clear(&diags);
	CHECK(parse(&p, &a, "{\"name\": \"package\"}", &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "not a Pact contract");
	buf_clear(&diags);
	CHECK(parse(&p, &a, "{\"consumer\": {}, \"provider\": {\"name\": \"p\"}}",
		    &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "no consumer name");
	buf_clear(&diags);
	/* a missing name does not hide the interactions' problems */
	CHECK(parse(&p, &a,
		    "{\"consumer\": {}, \"provider\": {\"name\": \"p\"},\n"
		    " \"interactions\": [\n"
		    "  {\"description\": \"no path\", \"request\": {\"method\": \"GET\"}, \"response\": {\"status\": 200}}]}",
		    &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "no consumer name");
	CHECK_CONTAINS(diags.ptr,
		       "3: contract interaction \"no path\" has no request.path");
	buf_clear(&diags);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},"
		    " \"metadata\": {\"pactSpecification\": {\"version\": \"5.0.0\"}}}",
		    &diags) < 0);
	CHECK_CONTAINS(diags.ptr, "\"5.0.0\" is not one cairn reads");
	buf_clear(&diags);
	CHECK(parse(&p, &a,
		    "{\"consumer\": {\"name\": \"c\"}, \"provider\": {\"name\": \"p\"},\n"
		    " \"interactions\": [\n"
		    "  {\"description\": \"no path\", \"request\": {\"method\": \"GET\"}, \"response\": {\"status\": 200}},\n"
		    "  {\"description\": \"bad status\", \"request\": {\"method\": \"GET\", \"path\": \"/\"},\n"
		    "   \"response\": {\"status\": \"ok\"}},\n"
		    "  {\"description\": \"fine\", \"request\": {\"method\": \"GET\", \"path\": \"/\"},\n"
		    "   \"response\": {\"status\": 204}}]}",
		    &diags) == 0);
	CHECK(p.ninteractions == 1);
	CHECK_STR(diags.ptr,
		  "3: contract interaction \"no path\" has no request.path: add it (the interaction is left out)\n"
		  "5: contract interaction \"bad status\" has a response status that is not an HTTP status: write a number such as 200\n");
	buf_release(&diags);
	arena_release(&a);
}

TEST(path_templates)
{
	CHECK(contracts_path_match("/payments/{id}", "/payments/123"));
	CHECK(contracts_path_match("/payments/{id}", "/payments/123/"));
	CHECK(contracts_path_match("/payments/{id}/", "/payments/123"));
	CHECK(!contracts_path_match("/payments/{id}", "/payments/"));
	CHECK(!contracts_path_match("/payments/{id}", "/payments/1/refunds"));
	CHECK(contracts_path_match("/payments/{id}/refunds/{rid}",
				   "/payments/1/refunds/9"));
	CHECK(contracts_path_match("/files/{name}.json", "/files/a.b.json"));
	CHECK(!contracts_path_match("/files/{name}.json", "/files/.json"));
	CHECK(contracts_path_match("/", "/"));
	CHECK(contracts_path_match("/payments", "/payments"));
	CHECK(!contracts_path_match("/payments", "/payment"));
	CHECK(!contracts_path_match("/payments", "/Payments"));
	CHECK(contracts_path_match("/a/{x", "/a/{x"));
}

/* Twenty parameters in one segment against a 4,000-character segment
 * that cannot match: bounded, not every way to split it. */
TEST(path_template_pathological)
{
	char tmpl[256] = "/", path[4100] = "/";
	for (int i = 0; i < 20; i++)
		strcat(tmpl, "{p}");
	strcat(tmpl, "!");
	memset(path + 1, 'a', 4000);
	path[4001] = 0;
	clock_t t0 = clock();
	CHECK(!contracts_path_match(tmpl, path));
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
}

TEST(base_paths)
{
	CHECK_STR(contracts_strip_base("/v1", "/v1/payments"), "/payments");
	CHECK_STR(contracts_strip_base("/v1", "/v1"), "");
	CHECK(contracts_strip_base("/v1", "/v10/payments") == NULL);
	CHECK(contracts_strip_base("/v1", "/payments") == NULL);
	CHECK_STR(contracts_strip_base("", "/payments"), "/payments");
}

TEST(statuses)
{
	CHECK(contracts_status_match("200", 200));
	CHECK(!contracts_status_match("200", 201));
	CHECK(contracts_status_match("2XX", 204));
	CHECK(contracts_status_match("4xx", 404));
	CHECK(!contracts_status_match("4XX", 500));
	CHECK(contracts_status_match("default", 503));
	CHECK(!contracts_status_match("20X", 204));
}

static const char oas3[] =
	"openapi: 3.0.3\n"
	"info: {title: Payments, version: '1'}\n"
	"servers:\n"
	"  - url: https://pay.example.com/{base}\n"
	"    variables: {base: {default: v1}}\n"
	"paths:\n"
	"  /payments/{id}:\n"
	"    get:\n"
	"      responses: {200: {description: ok}, 404: {description: gone}}\n"
	"  /payments/refunds:\n"
	"    get:\n"
	"      responses: {default: {description: any}}\n"
	"  /payments:\n"
	"    post:\n"
	"      responses: {2XX: {description: made}}\n"
	"webhooks: {}\n";

TEST(endpoints_openapi3)
{
	struct arena a;
	struct openapi_endpoints e;
	arena_init(&a);
	CHECK(openapi_endpoints(&e, &a, oas3, strlen(oas3), NULL) == 0);
	CHECK(e.n == 3);
	CHECK(e.nbases == 1);
	CHECK_STR(e.bases[0], "/v1");
	CHECK_STR(e.items[0].op->anchor, "get-/payments/:id");
	CHECK(e.items[0].nstatuses == 2);
	CHECK_STR(e.items[0].statuses[1], "404");
	CHECK_STR(e.items[2].op->method, "POST");
	arena_release(&a);
}

TEST(endpoints_swagger2_base_path)
{
	static const char sw[] =
		"{\"swagger\": \"2.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},"
		" \"basePath\": \"/api/\", \"paths\": {\"/x\": {\"get\": {"
		"\"responses\": {\"200\": {\"description\": \"ok\"}}}}}}";
	struct arena a;
	struct openapi_endpoints e;
	arena_init(&a);
	CHECK(openapi_endpoints(&e, &a, sw, strlen(sw), NULL) == 0);
	CHECK(e.nbases == 1);
	CHECK_STR(e.bases[0], "/api");
	CHECK(e.n == 1);
	CHECK(openapi_endpoints(&e, &a, "[", 1, NULL) < 0);
	CHECK(e.n == 0 && e.nbases == 1);
	arena_release(&a);
}

TEST(checking_requests)
{
	struct arena a;
	struct openapi_endpoints e;
	struct contracts_match m;
	arena_init(&a);
	CHECK(openapi_endpoints(&e, &a, oas3, strlen(oas3), NULL) == 0);
	contracts_check(&m, &a, &e, "payments-api", "GET", "/v1/payments/7", 200);
	CHECK(m.ep && !m.problem);
	CHECK_STR(m.ep->op->anchor, "get-/payments/:id");
	/* without the base path too */
	contracts_check(&m, &a, &e, "payments-api", "GET", "/payments/7", 404);
	CHECK(m.ep && !m.problem);
	/* the literal template wins over the parameter */
	contracts_check(&m, &a, &e, "payments-api", "GET", "/payments/refunds", 418);
	CHECK(m.ep && !m.problem);
	CHECK_STR(m.ep->op->path, "/payments/refunds");
	contracts_check(&m, &a, &e, "payments-api", "DELETE", "/payments/7", 204);
	CHECK(!m.ep);
	CHECK_STR(m.problem,
		  "DELETE /payments/{id} is not in payments-api's API description");
	contracts_check(&m, &a, &e, "payments-api", "GET", "/orders", 200);
	CHECK_STR(m.problem, "GET /orders is not in payments-api's API description");
	contracts_check(&m, &a, &e, "payments-api", "GET", "/payments/7", 500);
	CHECK(m.ep != NULL);
	CHECK_STR(m.problem,
		  "GET /payments/{id} answers 500, which payments-api's API description does not declare for it");
	contracts_check(&m, &a, &e, "payments-api", "POST", "/payments", 201);
	CHECK(m.ep && !m.problem);
	arena_release(&a);
}

int main(void)
{
	RUN(pact_v2_interactions);
	RUN(pact_v1_and_v1_1_versions);
	RUN(pact_v3_messages_counted);
	RUN(pact_v4_types);
	RUN(pact_problems_are_diagnostics);
	RUN(path_templates);
	RUN(path_template_pathological);
	RUN(base_paths);
	RUN(statuses);
	RUN(endpoints_openapi3);
	RUN(endpoints_swagger2_base_path);
	RUN(checking_requests);
	return harness_report();
}
