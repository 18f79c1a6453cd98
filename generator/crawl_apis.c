#include "crawl_apis.h"

#include <string.h>

#include "layout.h"
#include "openapi.h"

/* s copied into a, or NULL. */
static const char *dup_opt(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* Whether src's catalog names path as an API's definition ($text). */
static int is_definition(const struct source *src, const char *path)
{
	const struct layout *l = src->layout;
	for (size_t k = 0; l && k < l->ndefinitions; k++)
		if (strcmp(l->definitions[k], path) == 0)
			return 1;
	return 0;
}

void crawl_apis_probe(const struct site *s, struct source *src)
{
	struct arena *a = &src->arena, scratch;
	arena_init(&scratch);
	for (size_t i = 0; i < src->naux; i++) {
		struct aux_file *f = &src->aux[i];
		if (!layout_is_api(src->paths, f->path) && !is_definition(src, f->path))
			continue;
		/* the parse in scratch, what it found in src's arena */
		struct openapi_probe t, *p = arena_alloc(a, sizeof(*p));
		openapi_probe(&t, &scratch, f->text, f->len, f->path,
			      &s->cfg->limits.yaml);
		*p = t;
		p->why = dup_opt(a, t.why);
		p->other = dup_opt(a, t.other);
		p->spec_version = dup_opt(a, t.spec_version);
		p->title = dup_opt(a, t.title);
		p->version = dup_opt(a, t.version);
		p->refs = arena_alloc(a, (t.nrefs ? t.nrefs : 1) * sizeof(*p->refs));
		for (size_t k = 0; k < t.nrefs; k++)
			p->refs[k] = arena_strdup(a, t.refs[k]);
		f->probe = p;
		arena_reset(&scratch);
	}
	arena_release(&scratch);
}

/* A string that may be NULL: a flag, then the string. */
static void put_opt(struct buf *b, const char *str)
{
	cache_put_u32(b, str != NULL);
	if (str)
		cache_put_cstr(b, str);
}

static const char *get_opt(struct cache_reader *r, struct arena *a)
{
	if (!cache_get_u32(r))
		return NULL;
	const char *str = cache_get_str(r, a, NULL);
	if (!str)
		r->bad = 1;
	return str;
}

void crawl_apis_put(struct buf *b, const struct source *src)
{
	for (size_t i = 0; i < src->naux; i++) {
		const struct openapi_probe *p = src->aux[i].probe;
		cache_put_u32(b, p != NULL);
		if (!p)
			continue;
		cache_put_u32(b, (uint32_t)p->kind);
		cache_put_u32(b, (uint32_t)p->declared);
		cache_put_u32(b, (uint32_t)p->line);
		put_opt(b, p->why);
		put_opt(b, p->other);
		put_opt(b, p->spec_version);
		put_opt(b, p->title);
		put_opt(b, p->version);
		cache_put_u64(b, p->noperations);
		cache_put_u64(b, p->nrefs);
		for (size_t k = 0; k < p->nrefs; k++)
			cache_put_cstr(b, p->refs[k]);
	}
}

void crawl_apis_get(struct cache_reader *r, struct arena *a,
		    struct aux_file *aux, size_t naux, int keep)
{
	for (size_t i = 0; i < naux && !r->bad; i++) {
		if (!cache_get_u32(r))
			continue;
		struct openapi_probe *p = arena_alloc(a, sizeof(*p));
		memset(p, 0, sizeof(*p));
		uint32_t kind = cache_get_u32(r);
		p->kind = (enum openapi_probe_kind)kind;
		p->declared = (int)cache_get_u32(r);
		p->line = (int)cache_get_u32(r);
		p->why = get_opt(r, a);
		p->other = get_opt(r, a);
		p->spec_version = get_opt(r, a);
		p->title = get_opt(r, a);
		p->version = get_opt(r, a);
		p->noperations = (size_t)cache_get_u64(r);
		p->nrefs = cache_get_count(r);
		p->refs = arena_alloc(a, (p->nrefs ? p->nrefs : 1) * sizeof(*p->refs));
		for (size_t k = 0; k < p->nrefs && !r->bad; k++)
			if (!(p->refs[k] = cache_get_str(r, a, NULL)))
				r->bad = 1;
		if (kind > OPENAPI_UNDECLARED)
			r->bad = 1;
		if (keep && !r->bad)
			aux[i].probe = p;
	}
}
