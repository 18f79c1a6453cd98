#include "assemble_relations.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "map.h"
#include "xalloc.h"

/* What relating the services looks up, found without a scan of every
 * service: each entity's service (its Component, declared or made for a
 * repository that declares none: the first service in s->services' order
 * that has it), each service's index, and the services providing each API
 * reference, by the reference folded to ASCII lower case (strcasecmp's
 * equality: cairn sets no locale). */
struct service_index {
	struct arena arena;
	struct map by_entity;  /* an entity pointer's bytes: its service */
	struct map by_service; /* a service pointer's bytes: index + 1 */
	struct map providers;  /* a folded reference: its struct index_list */
	struct buf key;
};

static void service_index_init(struct service_index *x, const struct site *s)
{
	arena_init(&x->arena);
	map_init(&x->by_entity, &x->arena);
	map_init(&x->by_service, &x->arena);
	map_init(&x->providers, &x->arena);
	x->key = (struct buf)BUF_INIT;
	for (size_t k = 0; k < s->nservices; k++) {
		const struct service *svc = s->services[k];
		const struct entity *e[2] = { svc->entity, svc->implicit };
		for (int j = 0; j < 2; j++) {
			if (!e[j])
				continue;
			struct map_entry *m =
				map_put(&x->by_entity, &e[j], sizeof(e[j]), NULL);
			if (!m->val)
				m->val = s->services[k];
		}
		map_put(&x->by_service, &svc, sizeof(svc), NULL)->num = k + 1;
	}
}

static void service_index_release(struct service_index *x)
{
	map_release(&x->by_entity);
	map_release(&x->by_service);
	map_release(&x->providers);
	arena_release(&x->arena);
	buf_release(&x->key);
}

/* The service whose Component is e, or NULL. */
static struct service *service_of(const struct service_index *x, const struct entity *e)
{
	struct map_entry *m = e ? map_get(&x->by_entity, &e, sizeof(e)) : NULL;
	return m ? m->val : NULL;
}

/* The list of the services providing ref (NULL: none; add: made). */
static struct index_list *providers_of(struct service_index *x, const char *ref, int add)
{
	buf_clear(&x->key);
	buf_puts_lower(&x->key, ref);
	if (!add) {
		struct map_entry *m = map_get(&x->providers, x->key.ptr, x->key.len);
		return m ? m->val : NULL;
	}
	struct map_entry *m = map_put(&x->providers, x->key.ptr, x->key.len, NULL);
	if (!m->val)
		m->val = arena_alloc(&x->arena, sizeof(struct index_list));
	return m->val;
}

/* Appends r to the relations *list (*n of them) unless one names the same
 * service; the array is copied into a. */
static void add_relation(struct arena *a, struct relation **list, size_t *n,
			 const struct relation *r)
{
	for (size_t i = 0; r->svc && i < *n; i++)
		if ((*list)[i].svc == r->svc)
			return;
	struct relation *grown = arena_alloc(a, (*n + 2) * sizeof(*grown));
	if (*n)
		memcpy(grown, *list, *n * sizeof(*grown));
	grown[(*n)++] = *r;
	*list = grown;
}

/* Resolves a list of references into relations. */
static size_t relate(struct site *s, const struct service_index *x,
		     struct relation **out, const struct entity_ref *refs, size_t n)
{
	struct arena *a = &s->arena;
	struct relation *rel = arena_alloc(a, (n + 1) * sizeof(*rel));
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		catalog_ref_format(&b, &refs[i]);
		rel[i].ref = arena_strdup(a, b.ptr);
		buf_release(&b);
		rel[i].name = refs[i].name;
		rel[i].title = refs[i].name;
		rel[i].entity = catalog_lookup(s->catalog, &refs[i]);
		if (rel[i].entity && rel[i].entity->title)
			rel[i].title = rel[i].entity->title;
		rel[i].svc = service_of(x, rel[i].entity);
		if (rel[i].svc)
			rel[i].title = rel[i].svc->title;
	}
	*out = rel;
	return n;
}

/* Lists that services[k] uses services[t] (t its index; once a pair). */
struct uses_pairs {
	size_t *from, *target;
	size_t n, cap;
	size_t *listed; /* by target: k + 1 when (k, target) is listed */
	size_t *count;	/* by target: the pairs listing it */
};

static void add_use(struct uses_pairs *u, size_t k, size_t t)
{
	if (t == k || u->listed[t] == k + 1)
		return;
	u->listed[t] = k + 1;
	u->count[t]++;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 64;
		u->from = xrealloc(u->from, u->cap * sizeof(*u->from));
		u->target = xrealloc(u->target, u->cap * sizeof(*u->target));
	}
	u->from[u->n] = k;
	u->target[u->n++] = t;
}

/* Each service's dependents: the services that use it (depend on it, or
 * consume an API it provides, the references compared ignoring case), in
 * s->services' order, then the unresolved ones of its dependencyOf. */
static void find_dependents(struct site *s, struct service_index *x,
			    struct relation **unresolved, const size_t *nunresolved)
{
	size_t ns = s->nservices;
	for (size_t t = 0; t < ns; t++)
		for (size_t p = 0; p < s->services[t]->nprovides; p++) {
			struct index_list *l =
				providers_of(x, s->services[t]->provides[p].ref, 1);
			index_list_add(&x->arena, l, t);
		}
	struct uses_pairs u = { 0 };
	u.listed = xcalloc(ns + 1, sizeof(*u.listed));
	u.count = xcalloc(ns + 1, sizeof(*u.count));
	for (size_t k = 0; k < ns; k++) {
		const struct service *from = s->services[k];
		for (size_t j = 0; j < from->ndepends_on; j++) {
			const struct service *t = from->depends_on[j].svc;
			struct map_entry *m =
				t ? map_get(&x->by_service, &t, sizeof(t)) : NULL;
			if (m)
				add_use(&u, k, m->num - 1);
		}
		for (size_t j = 0; j < from->nconsumes; j++) {
			const struct index_list *l =
				providers_of(x, from->consumes[j].ref, 0);
			for (size_t i = 0; l && i < l->n; i++)
				add_use(&u, k, l->items[i]);
		}
	}
	for (size_t t = 0; t < ns; t++)
		s->services[t]->dependents =
			arena_alloc(&s->arena, (u.count[t] + nunresolved[t] + 1) *
						       sizeof(struct relation));
	for (size_t i = 0; i < u.n; i++) {
		struct service *target = s->services[u.target[i]];
		struct service *from = s->services[u.from[i]];
		struct relation *r = &target->dependents[target->ndependents++];
		r->ref = from->name;
		r->name = from->name;
		r->title = from->title;
		r->svc = from;
		r->entity = from->entity ? from->entity : from->implicit;
	}
	for (size_t t = 0; t < ns; t++) {
		struct service *target = s->services[t];
		for (size_t k = 0; k < nunresolved[t]; k++)
			target->dependents[target->ndependents++] = unresolved[t][k];
	}
	free(u.from);
	free(u.target);
	free(u.listed);
	free(u.count);
}

void assemble_relations(struct site *s)
{
	struct arena *a = &s->arena;
	struct service_index x;
	service_index_init(&x, s);
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		const struct entity *e = svc->entity;
		if (!e)
			continue;
		svc->ndepends_on = relate(s, &x, &svc->depends_on,
					  e->depends_on, e->ndepends_on);
		svc->nprovides = relate(s, &x, &svc->provides, e->provides_apis,
					e->nprovides_apis);
		svc->nconsumes = relate(s, &x, &svc->consumes, e->consumes_apis,
					e->nconsumes_apis);
	}
	/* "X dependencyOf Y" is "Y dependsOn X": Y's page lists X; a Y
	 * that is no service of the portal is listed on X's page, as text */
	struct relation **unresolved = xcalloc(s->nservices + 1, sizeof(*unresolved));
	size_t *nunresolved = xcalloc(s->nservices + 1, sizeof(*nunresolved));
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		const struct entity *e = svc->entity;
		struct relation *of = NULL;
		size_t nof = e ? relate(s, &x, &of, e->dependency_of, e->ndependency_of)
			       : 0;
		for (size_t k = 0; k < nof; k++) {
			if (!of[k].svc) {
				unresolved[i] = unresolved[i] ? unresolved[i] : of;
				unresolved[i][nunresolved[i]++] = of[k];
				continue;
			}
			struct relation r = { .ref = svc->name,
					      .name = svc->name,
					      .title = svc->title,
					      .svc = svc,
					      .entity = e };
			add_relation(a, &of[k].svc->depends_on,
				     &of[k].svc->ndepends_on, &r);
		}
	}
	/* dependents: the reverse of dependsOn (and of dependencyOf), and
	 * the services that consume an API it provides */
	find_dependents(s, &x, unresolved, nunresolved);
	service_index_release(&x);
	free(unresolved);
	free(nunresolved);
}
