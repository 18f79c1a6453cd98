/* Unit tests of crawl_apis.c: the crawl's probes of API description files,
 * and their record in the crawl snapshot read back as they were made. */
#include <string.h>

#include "cache.h"
#include "config.h"
#include "crawl_apis.h"
#include "harness.h"
#include "openapi.h"

static const char described[] = "openapi: 3.0.3\n"
				"info:\n"
				"  title: Payments\n"
				"  version: 1.2.0\n"
				"paths:\n"
				"  /pay:\n"
				"    get:\n"
				"      responses:\n"
				"        '200':\n"
				"          $ref: ./schemas/ok.yaml\n"
				"    post:\n"
				"      responses: {}\n";

static const char other[] = "asyncapi: 2.6.0\ninfo:\n  title: Events\n";

static const char broken[] = "openapi: [\n";

static const char catalog[] = "kind: Component\n";

/* A source with four aux files, in path order, in its own arena. */
static void source_of(struct source *src, struct aux_file *aux)
{
	memset(src, 0, sizeof(*src));
	arena_init(&src->arena);
	aux[0] = (struct aux_file){ "api/broken.yaml", broken,
				    sizeof(broken) - 1, NULL, NULL };
	aux[1] = (struct aux_file){ "api/events.yaml", other, sizeof(other) - 1,
				    NULL, NULL };
	aux[2] = (struct aux_file){ "catalog-info.yaml", catalog,
				    sizeof(catalog) - 1, NULL, NULL };
	aux[3] = (struct aux_file){ "openapi.yaml", described,
				    sizeof(described) - 1, NULL, NULL };
	src->aux = aux;
	src->naux = 4;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_probe(const struct openapi_probe *a, const struct openapi_probe *b)
{
	if (a->kind != b->kind || a->declared != b->declared || a->line != b->line ||
	    a->noperations != b->noperations || a->nrefs != b->nrefs ||
	    !same_str(a->why, b->why) || !same_str(a->other, b->other) ||
	    !same_str(a->spec_version, b->spec_version) ||
	    !same_str(a->title, b->title) || !same_str(a->version, b->version))
		return 0;
	for (size_t i = 0; i < a->nrefs; i++)
		if (!same_str(a->refs[i], b->refs[i]))
			return 0;
	return 1;
}

TEST(probes_only_api_files_and_reads_them_back_the_same)
{
	struct config cfg;
	struct site s;
	struct source src;
	struct aux_file aux[4], back[4];
	struct buf b = BUF_INIT;
	struct arena a;
	config_defaults(&cfg, NULL);
	memset(&s, 0, sizeof(s));
	s.cfg = &cfg;
	source_of(&src, aux);
	arena_init(&a);

	crawl_apis_probe(&s, &src);
	CHECK(aux[0].probe && aux[0].probe->kind == OPENAPI_UNPARSED);
	CHECK(aux[0].probe && aux[0].probe->declared);
	CHECK(aux[1].probe && aux[1].probe->kind == OPENAPI_UNDECLARED);
	CHECK(aux[1].probe && same_str(aux[1].probe->other, "asyncapi: 2.6.0"));
	CHECK(aux[2].probe == NULL); /* not an API description's place */
	const struct openapi_probe *p = aux[3].probe;
	CHECK(p && p->kind == OPENAPI_DESCRIPTION && p->noperations == 2);
	CHECK(p && same_str(p->title, "Payments") && same_str(p->version, "1.2.0"));
	CHECK(p && p->nrefs == 1 && same_str(p->refs[0], "schemas/ok.yaml"));

	crawl_apis_put(&b, &src);
	memcpy(back, aux, sizeof(back));
	for (int i = 0; i < 4; i++)
		back[i].probe = NULL;
	struct cache_reader r = { b.ptr, b.ptr + b.len, 0 };
	crawl_apis_get(&r, &a, back, 4, 1);
	CHECK(!r.bad && r.p == r.end);
	for (int i = 0; i < 4; i++) {
		CHECK((back[i].probe != NULL) == (aux[i].probe != NULL));
		if (back[i].probe && aux[i].probe)
			CHECK(same_probe(back[i].probe, aux[i].probe));
	}

	/* made with other limits: read to its end, and left out */
	struct cache_reader r2 = { b.ptr, b.ptr + b.len, 0 };
	for (int i = 0; i < 4; i++)
		back[i].probe = NULL;
	crawl_apis_get(&r2, &a, back, 4, 0);
	CHECK(!r2.bad && r2.p == r2.end);
	CHECK(!back[0].probe && !back[1].probe && !back[3].probe);

	/* cut short: bad, never past its end */
	for (size_t cut = 0; cut < b.len; cut += 7) {
		struct cache_reader r3 = { b.ptr, b.ptr + cut, 0 };
		crawl_apis_get(&r3, &a, back, 4, 1);
		CHECK(r3.bad);
		CHECK(r3.p <= r3.end);
	}

	buf_release(&b);
	arena_release(&a);
	arena_release(&src.arena);
	config_release(&cfg);
}

int main(void)
{
	RUN(probes_only_api_files_and_reads_them_back_the_same);
	return harness_report();
}
