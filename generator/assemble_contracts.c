#include "assemble_contracts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contracts.h"
#include "layout.h"
#include "openapi.h"
#include "pact.h"
#include "xalloc.h"

/* ------------------------------------------------------------ names */

static struct service *find_service(struct site *s, const char *name)
{
	for (size_t i = 0; i < s->nservices; i++)
		if (strcmp(s->services[i]->name, name) == 0)
			return s->services[i];
	for (size_t i = 0; i < s->nservices; i++)
		if (strcasecmp(s->services[i]->name, name) == 0)
			return s->services[i];
	return NULL;
}

/* The API a service stands for: its first OpenAPI one, else its first. */
static struct api *api_of_service(const struct service *svc)
{
	struct api *first = NULL;
	for (size_t i = 0; i < svc->nprovides; i++) {
		struct api *api = svc->provides[i].api;
		if (api && api->openapi)
			return api;
		if (api && !first)
			first = api;
	}
	return first;
}

static struct api *find_api(struct site *s, const char *name)
{
	for (int fold = 0; fold < 2; fold++)
		for (size_t i = 0; i < s->napis; i++)
			if ((fold ? strcasecmp : strcmp)(s->apis[i]->name, name) == 0)
				return s->apis[i];
	struct service *svc = find_service(s, name);
	return svc ? api_of_service(svc) : NULL;
}

/* ------------------------------------------------------------ checking */

/* An API's endpoints, read once (in a scratch arena). */
struct api_check {
	const struct api *api;
	struct openapi_endpoints eps;
	int ok;
};

struct aux_load {
	const struct source *src;
};

/* $refs into other files: the aux files of the API's repository (the
 * crawl read the description files whole; nothing else at assembly). */
static int load_aux(const char *repo_path, struct buf *out, void *userdata)
{
	const struct aux_load *l = userdata;
	const struct aux_file *f = site_find_aux(l->src, repo_path);
	if (!f)
		return -1;
	buf_put(out, f->text, f->len);
	return 0;
}

static const struct api_check *endpoints_of(struct site *s, struct api_check **checks,
					    size_t *n, struct arena *scratch,
					    const struct api *api)
{
	for (size_t i = 0; i < *n; i++)
		if ((*checks)[i].api == api)
			return &(*checks)[i];
	*checks = xrealloc(*checks, (*n + 1) * sizeof(**checks));
	struct api_check *c = &(*checks)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->api = api;
	if (api->openapi && api->text) {
		struct aux_load l = { api->src };
		struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
		o.repo = api->src->name;
		o.path = api->path;
		o.load = load_aux;
		o.userdata = &l;
		o.lim = &s->cfg->limits.yaml;
		c->ok = openapi_endpoints(&c->eps, scratch, api->text, api->len,
					  &o) == 0;
	}
	return c;
}

/* Checks each interaction of k against its API's description. */
static void check_contract(struct site *s, struct contract *k,
			   const struct api_check *c)
{
	struct arena *a = &s->arena;
	k->checked = c->ok;
	for (size_t i = 0; c->ok && i < k->ninteractions; i++) {
		struct contract_interaction *it = &k->interactions[i];
		struct contracts_match m;
		contracts_check(&m, a, &c->eps, k->api->name, it->method,
				it->path, it->status);
		if (m.ep) {
			it->op_method = arena_strdup(a, m.ep->op->method);
			it->op_path = arena_strdup(a, m.ep->op->path);
			it->anchor = arena_strdup(a, m.ep->op->anchor);
		}
		if (m.problem) {
			it->mismatch = m.problem;
			k->nmismatches++;
			diag_user(s->diags, k->src->name, k->file, it->line,
				  "contract %s → %s: %s", k->consumer_name,
				  k->api->name, m.problem);
		}
	}
}

/* ------------------------------------------------------------ reading */

/* Reads the contract file f of src; NULL when it is none or names
 * nothing of the portal (reported). */
static struct contract *read_contract(struct site *s, struct source *src,
				      const struct aux_file *f)
{
	struct arena *a = &s->arena;
	struct pact p;
	if (pact_parse(&p, a, f->text, f->len, src->name, f->path, s->diags) != 0)
		return NULL;
	struct service *consumer = find_service(s, p.consumer);
	struct api *api = find_api(s, p.provider);
	if (!consumer)
		diag_user(s->diags, src->name, f->path, p.consumer_line,
			  "contract's consumer \"%s\" is no service of the portal: write the consumer's service name as its catalog-info.yaml has it",
			  p.consumer);
	if (!api)
		diag_user(s->diags, src->name, f->path, p.provider_line,
			  "contract's provider \"%s\" is neither an API nor a service that provides one: write the API's name (or its provider's)",
			  p.provider);
	if (!consumer || !api)
		return NULL;
	struct contract *k = arena_alloc(a, sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->src = src;
	k->file = f->path;
	k->consumer_name = p.consumer;
	k->provider_name = p.provider;
	k->consumer = consumer;
	k->api = api;
	k->spec_version = p.spec_version;
	k->nmessages = p.nmessages;
	k->ninteractions = p.ninteractions;
	k->interactions =
		arena_alloc(a, (p.ninteractions + 1) * sizeof(*k->interactions));
	for (size_t i = 0; i < p.ninteractions; i++) {
		struct contract_interaction *it = &k->interactions[i];
		memset(it, 0, sizeof(*it));
		it->description = p.interactions[i].description;
		it->method = p.interactions[i].method;
		it->path = p.interactions[i].path;
		it->status = p.interactions[i].status;
		it->line = p.interactions[i].line;
	}
	for (size_t i = 0; i < consumer->nconsumes; i++)
		if (consumer->consumes[i].api == api)
			k->declared = 1;
	return k;
}

static int cmp_contract(const void *pa, const void *pb)
{
	const struct contract *a = *(const struct contract *const *)pa;
	const struct contract *b = *(const struct contract *const *)pb;
	int c = strcmp(a->api->slug, b->api->slug);
	if (!c)
		c = strcmp(a->consumer->slug, b->consumer->slug);
	if (!c)
		c = strcmp(a->src->name, b->src->name);
	return c ? c : strcmp(a->file, b->file);
}

/* Appends k to list (arena-grown by one: lists are short). */
static void push(struct arena *a, struct contract ***list, size_t *n,
		 struct contract *k)
{
	struct contract **grown = arena_alloc(a, (*n + 1) * sizeof(*grown));
	if (*n)
		memcpy(grown, *list, *n * sizeof(*grown));
	grown[(*n)++] = k;
	*list = grown;
}

void assemble_contracts(struct site *s)
{
	struct arena *a = &s->arena;
	struct arena scratch;
	struct api_check *checks = NULL;
	size_t nchecks = 0, cap = 0;
	struct contract **all = NULL;

	arena_init(&scratch);
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		for (size_t j = 0; src->ok && j < src->naux; j++) {
			if (!layout_is_contract(src->paths, src->aux[j].path))
				continue;
			struct contract *k = read_contract(s, src, &src->aux[j]);
			if (!k)
				continue;
			ARENA_GROW(a, all, cap, s->ncontracts + 1);
			all[s->ncontracts++] = k;
		}
	}
	if (s->ncontracts)
		qsort(all, s->ncontracts, sizeof(*all), cmp_contract);
	s->contracts = all;
	for (size_t i = 0; i < s->ncontracts; i++) {
		struct contract *k = all[i];
		check_contract(s, k,
			       endpoints_of(s, &checks, &nchecks, &scratch, k->api));
		push(a, &k->api->contracts, &k->api->ncontracts, k);
		push(a, &k->consumer->contracts_held, &k->consumer->ncontracts_held, k);
		for (size_t p = 0; p < k->api->nproviders; p++) {
			struct service *prov = k->api->providers[p];
			push(a, &prov->contracts_against, &prov->ncontracts_against, k);
		}
	}
	free(checks);
	arena_release(&scratch);
}
