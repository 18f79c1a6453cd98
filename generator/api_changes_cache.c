/* api_changes_cache: every API's changes kept between builds under the key
 * of what they are read from (see api_changes_cache.h). */
#include "api_changes_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define CHANGES_MAGIC "CAIRNACH"

/* One API's changes: its key and their encoding (put_changes). */
struct kept {
	uint64_t key;
	const char *bytes; /* in the loaded file, or malloc'd (owned) */
	size_t len;
	int owned;
	int used; /* this build asked for it */
};

struct api_changes_cache {
	char *path;
	uint64_t limits_fp;
	struct buf data;     /* the loaded file */
	struct kept *loaded; /* by key, as the file holds them */
	size_t nloaded;
	struct kept *added; /* read in this build */
	size_t nadded, cap;
	pthread_mutex_t lock;
};

/* ================================================================ the encoding */

static void put_changes(struct buf *b, const struct api_changes *c)
{
	size_t nops = c->branch ? c->branch->nops : 0;
	cache_put_u64(b, nops);
	for (size_t i = 0; i < nops; i++)
		cache_put_cstr(b, c->branch->ops[i].anchor);
	cache_put_u64(b, c->n);
	for (size_t i = 0; i < c->n; i++) {
		const struct api_changes_step *s = &c->steps[i];
		cache_put_cstr(b, s->from_env);
		cache_put_cstr(b, s->to);
		cache_put_u32(b, (uint32_t)s->to_branch);
		cache_put_cstr(b, s->from_commit);
		cache_put_cstr(b, s->to_commit);
		cache_put_u64(b, s->nbreaking);
		cache_put_u64(b, s->n);
		for (size_t k = 0; k < s->n; k++) {
			const struct apidiff_change *ch = &s->changes[k];
			cache_put_cstr(b, ch->kind);
			cache_put_u32(b, (uint32_t)ch->breaking);
			cache_put_cstr(b, ch->method);
			cache_put_cstr(b, ch->path);
			cache_put_cstr(b, ch->anchor);
			cache_put_cstr(b, ch->detail);
		}
	}
}

/* A commit's id into out (41 bytes); marks r bad when it is not one. */
static void get_commit(struct cache_reader *r, char out[41])
{
	size_t n;
	const char *p = cache_get_span(r, &n);
	if (!p || n >= 41) {
		r->bad = 1;
		return;
	}
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Decodes what put_changes wrote into *out (r's arena).  0, or -1 when the
 * bytes are not whole. */
static int get_changes(struct api_changes *out, struct arena *a, const char *p, size_t len)
{
	struct cache_reader c = { p, p + len, 0 };
	memset(out, 0, sizeof(*out));
	out->tracked = 1;
	struct openapi_shape *branch = arena_alloc(a, sizeof(*branch));
	branch->nops = cache_get_count(&c);
	branch->ops = arena_alloc(a, (branch->nops + 1) * sizeof(*branch->ops));
	for (size_t i = 0; i < branch->nops && !c.bad; i++) {
		memset(&branch->ops[i], 0, sizeof(branch->ops[i]));
		branch->ops[i].anchor = cache_get_str(&c, a, NULL);
		if (!branch->ops[i].anchor)
			c.bad = 1;
	}
	out->branch = branch;
	out->n = cache_get_count(&c);
	out->steps = arena_alloc(a, (out->n + 1) * sizeof(*out->steps));
	for (size_t i = 0; i < out->n && !c.bad; i++) {
		struct api_changes_step *s = &out->steps[i];
		memset(s, 0, sizeof(*s));
		s->from_env = cache_get_str(&c, a, NULL);
		s->to = cache_get_str(&c, a, NULL);
		s->to_branch = (int)cache_get_u32(&c);
		get_commit(&c, s->from_commit);
		get_commit(&c, s->to_commit);
		s->nbreaking = (size_t)cache_get_u64(&c);
		s->n = cache_get_count(&c);
		s->changes = s->n ? arena_alloc(a, s->n * sizeof(*s->changes)) : NULL;
		for (size_t k = 0; k < s->n && !c.bad; k++) {
			struct apidiff_change *ch = &s->changes[k];
			ch->kind = cache_get_str(&c, a, NULL);
			ch->breaking = (int)cache_get_u32(&c);
			ch->method = cache_get_str(&c, a, NULL);
			ch->path = cache_get_str(&c, a, NULL);
			ch->anchor = cache_get_str(&c, a, NULL);
			ch->detail = cache_get_str(&c, a, NULL);
		}
		if (!s->from_env || !s->to)
			c.bad = 1;
	}
	return c.bad || c.p != c.end ? -1 : 0;
}

/* ================================================================ the file */

struct api_changes_cache *api_changes_cache_load(const char *cache_dir,
						 uint64_t limits_fp,
						 struct diag_list *d)
{
	if (!cache_dir)
		return NULL;
	struct api_changes_cache *c = xcalloc(1, sizeof(*c));
	struct cache_reader r;
	size_t n;
	size_t plen = strlen(cache_dir) + sizeof("/api-changes.bin");
	c->path = xmalloc(plen);
	snprintf(c->path, plen, "%s/api-changes.bin", cache_dir);
	c->limits_fp = limits_fp;
	buf_init(&c->data);
	pthread_mutex_init(&c->lock, NULL);
	if (cache_read(&r, &c->data, c->path, CHANGES_MAGIC, d) < 0)
		return c;
	n = cache_get_count(&r);
	c->loaded = xcalloc(n + 1, sizeof(*c->loaded));
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct kept *k = &c->loaded[i];
		k->key = cache_get_u64(&r);
		k->bytes = cache_get_span(&r, &k->len);
		/* in key order, each once: what the lookup bisects */
		if (!k->bytes || (i && k->key <= c->loaded[i - 1].key))
			r.bad = 1;
	}
	if (r.bad || r.p != r.end) {
		cache_report_damaged(d, c->path);
		n = 0;
	}
	c->nloaded = n;
	return c;
}

static int cmp_kept(const void *pa, const void *pb)
{
	const struct kept *a = pa, *b = pb;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* The kept changes of key (loaded or added), or NULL.  Under the lock. */
static struct kept *find(struct api_changes_cache *c, uint64_t key)
{
	struct kept want = { .key = key };
	struct kept *k = c->nloaded ? bsearch(&want, c->loaded, c->nloaded,
					      sizeof(*c->loaded), cmp_kept)
				    : NULL;
	for (size_t i = 0; !k && i < c->nadded; i++)
		if (c->added[i].key == key)
			k = &c->added[i];
	return k;
}

/* Whether c (collected) may be kept: it was read without an error. */
static int keepable(const struct api_changes *c)
{
	if (!c->tracked)
		return 0; /* the repository could not be opened */
	for (size_t i = 0; i < c->n; i++)
		if (c->steps[i].error)
			return 0;
	return 1;
}

void api_changes_cache_collect(struct api_changes_cache *c,
			       struct api_changes *out, struct render_ctx *r,
			       const struct api *api, struct openapi_tree *tree)
{
	uint64_t key = c ? api_changes_key(api, c->limits_fp) : 0;
	if (!key) {
		api_changes_collect_tree(out, r, api, tree);
		return;
	}
	pthread_mutex_lock(&c->lock);
	struct kept *k = find(c, key);
	const char *bytes = k ? k->bytes : NULL;
	size_t len = k ? k->len : 0;
	if (k)
		k->used = 1;
	pthread_mutex_unlock(&c->lock);
	/* bytes stay where they are until the cache is freed */
	if (bytes && get_changes(out, &r->arena, bytes, len) == 0)
		return;
	api_changes_collect_tree(out, r, api, tree);
	if (!keepable(out))
		return;
	struct buf b = BUF_INIT;
	put_changes(&b, out);
	pthread_mutex_lock(&c->lock);
	if (!find(c, key)) {
		if (c->nadded == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->added = xrealloc(c->added, c->cap * sizeof(*c->added));
		}
		size_t blen;
		char *bytes = buf_detach(&b, &blen);
		c->added[c->nadded++] = (struct kept){ key, bytes, blen, 1, 1 };
	}
	pthread_mutex_unlock(&c->lock);
	buf_release(&b);
}

int api_changes_cache_save(struct api_changes_cache *c, const char **path)
{
	if (!c)
		return 0;
	*path = c->path;
	/* the changes this build used: those it read and those it found */
	size_t n = 0, unused = 0;
	struct kept *all = xcalloc(c->nloaded + c->nadded + 1, sizeof(*all));
	for (size_t i = 0; i < c->nloaded; i++) {
		if (c->loaded[i].used)
			all[n++] = c->loaded[i];
		else
			unused++;
	}
	for (size_t i = 0; i < c->nadded; i++)
		all[n++] = c->added[i];
	int rc = 0;
	if (c->nadded || unused) {
		struct buf b = BUF_INIT;
		qsort(all, n, sizeof(*all), cmp_kept);
		cache_begin(&b, CHANGES_MAGIC);
		cache_put_u64(&b, n);
		for (size_t i = 0; i < n; i++) {
			cache_put_u64(&b, all[i].key);
			cache_put_str(&b, all[i].bytes, all[i].len);
		}
		rc = cache_save(c->path, b.ptr, b.len);
		buf_release(&b);
	}
	free(all);
	return rc;
}

void api_changes_cache_free(struct api_changes_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nadded; i++)
		free((char *)c->added[i].bytes);
	free(c->added);
	free(c->loaded);
	buf_release(&c->data);
	pthread_mutex_destroy(&c->lock);
	free(c->path);
	free(c);
}
