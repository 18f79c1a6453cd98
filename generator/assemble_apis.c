#include "assemble_apis.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assemble_relations.h"
#include "catalog.h"
#include "layout.h"
#include "map.h"
#include "openapi.h"
#include "strset.h"
#include "xalloc.h"

/* What assembly learnt of an API's text (openapi_probe), kept beside
 * the list while titles are made distinct. */
struct api_meta {
	const char *title;   /* before it was made distinct */
	const char *version; /* info.version, or NULL */
	int from_file;	     /* a description file no entity names: its title
			      * comes from info.title and may be qualified */
};

/* Probes api's text, whose file is f (NULL: inline), or takes the
 * crawl's probe of f (crawl_apis.h): whether it is OpenAPI and how many
 * operations it has; what it keeps is in the site's arena, or f's
 * source's (alive as long). */
static void probe_api(struct site *s, struct api *api, const struct aux_file *f,
		      struct openapi_probe *p)
{
	if (f && f->probe) {
		*p = *f->probe;
	} else {
		struct arena scratch;
		arena_init(&scratch);
		openapi_probe(p, &scratch, api->text, api->len, NULL,
			      &s->cfg->limits.yaml);
		p->title = p->title ? arena_strdup(&s->arena, p->title) : NULL;
		p->version = p->version ? arena_strdup(&s->arena, p->version) : NULL;
		p->why = p->why ? arena_strdup(&s->arena, p->why) : NULL;
		p->other = p->other ? arena_strdup(&s->arena, p->other) : NULL;
		arena_release(&scratch);
	}
	p->spec_version = NULL;
	p->refs = NULL;
	p->nrefs = 0;
	api->openapi = strcmp(api->type, "openapi") == 0 || p->declared;
	if (api->openapi)
		api->noperations = p->noperations;
}

/* Orders repository paths by depth (folders), then by path. */
static int cmp_depth(const char *a, const char *b)
{
	size_t da = 0, db = 0;
	for (const char *p = a; *p; p++)
		da += *p == '/';
	for (const char *p = b; *p; p++)
		db += *p == '/';
	return da != db ? (da < db ? -1 : 1) : strcmp(a, b);
}

static struct api *new_api(struct site *s, const char *name, struct source *src)
{
	struct api *api = arena_alloc(&s->arena, sizeof(*api));
	api->name = name;
	api->title = name;
	api->src = src;
	api->type = "openapi";
	return api;
}

static int used_as_definition(const struct site *s, const struct source *src,
			      const char *path)
{
	for (size_t i = 0; i < src->nentities; i++)
		if (src->entities[i]->kind == ENTITY_API &&
		    src->entities[i]->definition_file &&
		    strcmp(src->entities[i]->definition_file, path) == 0)
			return 1;
	(void)s;
	return 0;
}

/* A file the apis patterns match that is not an API description: said,
 * with the reason, unless it is under api/ and only the default patterns
 * are in force (api/ often holds other YAML: configuration, schemas,
 * fixtures), where it is left out silently.  (The caller leaves out the
 * files that a $ref names: they are parts of a description.) */
static void not_an_api(struct site *s, const struct source *src,
		       const struct aux_file *f, const struct openapi_probe *p)
{
	int user = src->paths && src->paths->user[CONFIG_PATH_APIS];
	if (!user && strncmp(f->path, "api/", 4) == 0)
		return;
	const char *fix = user ? "leave it out of paths: apis (or add it to exclude)"
			       : "rename it, or add it to paths: exclude";
	if (p->kind == OPENAPI_UNDECLARED)
		diag_user(s->diags, src->name, f->path, p->line,
			  "\"%s\" declares neither openapi: nor swagger: \xE2\x80\x94 not an API description%s%s%s: if it is one, declare its version at its top level (openapi: 3.1.0, or swagger: \"2.0\"); if not, %s",
			  f->path, p->other ? " (it declares " : "",
			  p->other ? p->other : "", p->other ? ")" : "", fix);
	else
		diag_user(s->diags, src->name, f->path, p->line,
			  "\"%s\" %s \xE2\x80\x94 not read as an API description: %s",
			  f->path, p->why,
			  p->kind == OPENAPI_UNPARSED ? "fix its syntax, or leave it out of paths: apis"
						      : fix);
}

/* The name of a description file no entity names: its repository's first
 * service's name (owner), for a file at the root, "<owner>-<file name
 * without extension>" for one in a folder; when an earlier file of the
 * repository took that name, "<owner>-<its path>" ('/' as '-'), which no
 * other file can have.  So a file keeps its name (and address) whatever
 * its info.title says, and whatever files are added after it. */
static const char *file_api_name(struct arena *a, struct strset *taken,
				 const char *owner, const char *path)
{
	const char *stem = strrchr(path, '/');
	stem = stem ? stem + 1 : path;
	size_t sl = strcspn(stem, ".");
	const char *name = strchr(path, '/')
				   ? arena_printf(a, "%s-%.*s", owner, (int)sl, stem)
				   : owner;
	if (!strset_add(taken, name)) {
		char *full = arena_printf(a, "%s-%s", owner, path);
		for (char *c = full; *c; c++)
			if (*c == '/')
				*c = '-';
		strset_add(taken, full);
		name = full;
	}
	return name;
}

/* Titles of description files that another API already has (ignoring
 * case) are told apart: by info.version when no other API of that title
 * has it ("Payments 2.0"), else by the file's path ("Swagger Petstore
 * (examples/v3.0/petstore.yaml)"), with the repository when the path too
 * is shared.  An API entity keeps its title; among description files the
 * first (repositories in configuration order, then shallower files first,
 * then path order) keeps the plain title. */
static void distinct_titles(struct arena *a, struct api **list,
			    const struct api_meta *m, size_t n)
{
	const char **titles = xcalloc(n + 1, sizeof(*titles));
	for (size_t i = 0; i < n; i++) {
		titles[i] = list[i]->title;
		if (!m[i].from_file)
			continue;
		size_t holder = i, others = 0;
		int version_unique = m[i].version != NULL, path_unique = 1;
		for (size_t j = 0; j < n; j++) {
			if (j == i || strcasecmp(m[j].title, m[i].title) != 0)
				continue;
			others++;
			if (!m[j].from_file ? m[holder].from_file || j < holder
					    : m[holder].from_file && j < holder)
				holder = j;
			if (m[i].version && m[j].version &&
			    strcmp(m[i].version, m[j].version) == 0)
				version_unique = 0;
			if (list[j]->path && list[i]->path &&
			    strcmp(list[j]->path, list[i]->path) == 0)
				path_unique = 0;
		}
		if (!others || holder == i)
			continue;
		if (version_unique)
			titles[i] = arena_printf(a, "%s %s", m[i].title, m[i].version);
		else if (path_unique)
			titles[i] = arena_printf(a, "%s (%s)", m[i].title,
						 list[i]->path);
		else
			titles[i] = arena_printf(a, "%s (%s:%s)", m[i].title,
						 list[i]->src->name, list[i]->path);
	}
	for (size_t i = 0; i < n; i++)
		list[i]->title = titles[i];
	free(titles);
}

/* The APIs found so far, and what was learnt of each. */
struct api_list {
	struct api **items;
	struct api_meta *meta;
	size_t n, cap, mcap;
};

static void add_api(struct api_list *l, struct api *api, const char *version, int from_file)
{
	XGROW(l->items, l->cap, l->n + 1);
	XGROW(l->meta, l->mcap, l->n + 1);
	l->meta[l->n] = (struct api_meta){ api->title, version, from_file };
	l->items[l->n++] = api;
}

/* The API entities of src. */
static void entity_apis(struct site *s, struct source *src, struct api_list *l)
{
	for (size_t k = 0; k < src->nentities; k++) {
		const struct entity *e = src->entities[k];
		if (e->kind != ENTITY_API)
			continue;
		struct api *api = new_api(s, e->name, src);
		const struct aux_file *def = NULL; /* its definition's file */
		api->entity = e;
		if (e->title)
			api->title = e->title;
		if (e->type)
			api->type = e->type;
		api->lifecycle = e->lifecycle;
		api->path = e->path;
		if (e->definition) {
			api->text = e->definition;
			api->len = strlen(e->definition);
			api->line_offset = e->definition_line;
		} else if (e->definition_file) {
			def = site_find_aux(src, e->definition_file);
			api->path = e->definition_file;
			if (def) {
				api->text = def->text;
				api->len = def->len;
			} else {
				diag_add(s->diags, DIAG_WARNING, DIAG_USER,
					 src->name, e->path, e->definition_line,
					 "API \"%s\": definition \"%s\" is not in the repository",
					 e->name, e->definition_file);
			}
		}
		struct openapi_probe p = { 0 };
		if (api->text)
			probe_api(s, api, def, &p);
		else
			api->openapi = strcmp(api->type, "openapi") == 0;
		add_api(l, api, p.version, 0);
	}
}

/* The API of a description file f of src that no entity names, named
 * name, described by p (its probe), provided by first (may be NULL). */
static struct api *file_api(struct site *s, struct source *src,
			    const struct aux_file *f, const char *name,
			    const struct openapi_probe *p, struct service *first)
{
	struct arena *a = &s->arena;
	struct api *api = new_api(s, name, src);
	struct entity *e = arena_alloc(a, sizeof(*e));
	e->kind = ENTITY_API;
	e->ns = "default";
	e->name = name;
	e->repo = src->name;
	e->path = f->path;
	/* an API entity of that name wins: references name it */
	if (catalog_index_add(s->catalog, e) == 0)
		api->implicit = e;
	api->path = f->path;
	api->text = f->text;
	api->len = f->len;
	api->openapi = 1;
	api->noperations = p->noperations;
	if (p->title)
		api->title = arena_strdup(a, p->title);
	if (first) {
		ARENA_GROW(a, api->providers, api->providers_cap, 1);
		api->providers[api->nproviders++] = first;
		api->lifecycle = first->lifecycle;
	}
	return api;
}

/* The description files of src that no entity names: each is the API of
 * its repository's first service. */
static void file_apis(struct site *s, struct source *src, struct service *first,
		      struct api_list *l)
{
	struct arena *a = &s->arena;
	const char *owner = first ? first->name : src->name;
	struct strset names = STRSET_INIT, parts = STRSET_INIT;
	/* shallower files first (the root's openapi.yaml before
	 * api/v2/...), then in path order: the first of several files
	 * keeps the short name and the plain title */
	size_t *order = xcalloc(src->naux + 1, sizeof(*order));
	for (size_t k = 0; k < src->naux; k++) {
		size_t j = k;
		for (; j > 0 &&
		       cmp_depth(src->aux[order[j - 1]].path, src->aux[k].path) > 0;
		     j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	/* every file the patterns match is probed first: the files
	 * their $refs name are parts of a description, not files that
	 * fail to be one */
	struct arena pa;
	arena_init(&pa);
	struct openapi_probe *probes = xcalloc(src->naux + 1, sizeof(*probes));
	for (size_t o = 0; o < src->naux; o++) {
		const struct aux_file *f = &src->aux[order[o]];
		if (!layout_is_api(src->paths, f->path) ||
		    used_as_definition(s, src, f->path))
			continue;
		if (f->probe) /* the crawl's (crawl_apis.h) */
			probes[o] = *f->probe;
		else
			openapi_probe(&probes[o], &pa, f->text, f->len, f->path,
				      &s->cfg->limits.yaml);
		for (size_t r = 0; r < probes[o].nrefs; r++)
			strset_add(&parts, probes[o].refs[r]);
	}
	for (size_t o = 0; o < src->naux; o++) {
		const struct aux_file *f = &src->aux[order[o]];
		if (!layout_is_api(src->paths, f->path) ||
		    used_as_definition(s, src, f->path))
			continue;
		const struct openapi_probe *p = &probes[o];
		if (!p->declared) {
			if (strset_add(&parts, f->path))
				not_an_api(s, src, f, p);
			continue; /* else a part of a description */
		}
		const char *name = file_api_name(a, &names, owner, f->path);
		struct api *api = file_api(s, src, f, name, p, first);
		add_api(l, api, p->version ? arena_strdup(a, p->version) : NULL, 1);
	}
	strset_release(&names);
	strset_release(&parts);
	free(probes);
	free(order);
	arena_release(&pa);
}

size_t assemble_apis_find(struct api ***out, struct site *s)
{
	struct api_list l = { 0 };
	/* each repository's first service (in s->services' order) */
	struct service **first = xcalloc(s->nsources + 1, sizeof(*first));
	for (size_t k = s->nservices; k-- > 0;)
		first[s->services[k]->src - s->sources] = s->services[k];
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		entity_apis(s, src, &l);
		file_apis(s, src, first[i], &l);
	}
	free(first);
	distinct_titles(&s->arena, l.items, l.meta, l.n);
	for (size_t i = 0; i < l.n; i++)
		if (l.meta[i].from_file && l.items[i]->implicit)
			((struct entity *)l.items[i]->implicit)->title =
				l.items[i]->title;
	free(l.meta);
	*out = l.items;
	return l.n;
}

/* Adds svc to *list (*n of them, room for *cap) unless it is there. */
static void add_service(struct arena *a, struct service ***list, size_t *n,
			size_t *cap, struct service *svc)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i] == svc)
			return;
	ARENA_GROW(a, *list, *cap, *n + 1);
	(*list)[(*n)++] = svc;
}

/* The APIs by their entity (declared, or made for a description file):
 * each entity's APIs, ascending indexes of s->apis (what names_api,
 * asked of every API in turn, finds). */
struct apis_by_entity {
	struct arena arena;
	struct map lists; /* an entity pointer's bytes: its struct index_list */
};

static void apis_by_entity_add(struct apis_by_entity *x, const struct entity *e, size_t j)
{
	struct map_entry *m = map_put(&x->lists, &e, sizeof(e), NULL);
	if (!m->val)
		m->val = arena_alloc(&x->arena, sizeof(struct index_list));
	index_list_add(&x->arena, m->val, j);
}

static void apis_by_entity_init(struct apis_by_entity *x, const struct site *s)
{
	arena_init(&x->arena);
	map_init(&x->lists, &x->arena);
	for (size_t j = 0; j < s->napis; j++) {
		if (s->apis[j]->entity)
			apis_by_entity_add(x, s->apis[j]->entity, j);
		if (s->apis[j]->implicit)
			apis_by_entity_add(x, s->apis[j]->implicit, j);
	}
}

/* The APIs rel names, or NULL. */
static const struct index_list *apis_named(const struct apis_by_entity *x,
					   const struct relation *rel)
{
	const struct entity *e = rel->entity;
	struct map_entry *m = e ? map_get(&x->lists, &e, sizeof(e)) : NULL;
	return m ? m->val : NULL;
}

/* Relates each of rels (n of them) to the APIs it names, and adds svc to
 * their providers (consumers: to their consumers). */
static void relate_apis(struct site *s, const struct apis_by_entity *x,
			struct service *svc, struct relation *rels, size_t n,
			int consumers)
{
	for (size_t k = 0; k < n; k++) {
		const struct index_list *l = apis_named(x, &rels[k]);
		for (size_t i = 0; l && i < l->n; i++) {
			struct api *api = s->apis[l->items[i]];
			rels[k].api = api;
			if (consumers)
				add_service(&s->arena, &api->consumers, &api->nconsumers,
					    &api->consumers_cap, svc);
			else
				add_service(&s->arena, &api->providers, &api->nproviders,
					    &api->providers_cap, svc);
		}
	}
}

void assemble_apis_relate(struct site *s)
{
	struct arena *a = &s->arena;
	struct apis_by_entity x;
	apis_by_entity_init(&x, s);
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		relate_apis(s, &x, svc, svc->provides, svc->nprovides, 0);
		relate_apis(s, &x, svc, svc->consumes, svc->nconsumes, 1);
	}
	map_release(&x.lists);
	arena_release(&x.arena);
	for (size_t j = 0; j < s->napis; j++) {
		struct api *api = s->apis[j];
		if (api->nproviders)
			api->team = api->providers[0]->team;
		/* a description file no entity names is provided by its service */
		for (size_t k = 0; !api->entity && k < api->nproviders; k++) {
			struct service *svc = api->providers[k];
			int listed = 0;
			for (size_t i = 0; i < svc->nprovides; i++)
				listed |= svc->provides[i].api == api;
			if (listed)
				continue;
			struct relation *rel =
				arena_alloc(a, (svc->nprovides + 1) * sizeof(*rel));
			if (svc->nprovides)
				memcpy(rel, svc->provides,
				       svc->nprovides * sizeof(*rel));
			rel[svc->nprovides] = (struct relation){ .ref = api->name,
								 .name = api->name,
								 .title = api->title,
								 .api = api };
			svc->provides = rel;
			svc->nprovides++;
		}
	}
}
