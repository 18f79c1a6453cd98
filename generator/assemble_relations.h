/* assemble_relations: a part of assembly (assemble.c).  Resolves each
 * service's dependsOn, dependencyOf, providesApis and consumesApis
 * references (catalog.h) into relations, and lists each service's
 * dependents: the services that depend on it or consume an API it
 * provides.  Runs after the services are known and sorted, before the
 * APIs are related to them (assemble_apis.h); everything in the site's
 * arena.  Each lookup goes through an index of the services, so the work
 * grows with the references, not with the square of the services. */
#ifndef CAIRN_ASSEMBLE_RELATIONS_H
#define CAIRN_ASSEMBLE_RELATIONS_H

#include "arena.h"
#include "site.h"

void assemble_relations(struct site *s);

/* Indexes (of services, of APIs), ascending, in an arena: what assembly's
 * lookups keep for each key. */
struct index_list {
	size_t *items;
	size_t n, cap;
};

/* Appends j to l, in a, unless it is l's last already. */
static inline void index_list_add(struct arena *a, struct index_list *l, size_t j)
{
	if (l->n && l->items[l->n - 1] == j)
		return;
	ARENA_GROW(a, l->items, l->cap, l->n + 1);
	l->items[l->n++] = j;
}

#endif
