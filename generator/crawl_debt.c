/* crawl_debt: the git times of technical debt files (see crawl_debt.h). */
#include "crawl_debt.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "crawl.h"
#include "crawl_cache.h"
#include "layout.h"
#include "repo_blame.h"
#include "techdebt.h"
#include "xalloc.h"

static const char debt_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'T', 'D', '1' };

/* What is known of one file: its times, or why there are none. */
struct record {
	const char *path;
	unsigned char oid[REPO_OID_LEN];
	int64_t added;
	const int64_t *lines;
	size_t nlines;
	const char *err; /* NULL, or why the history could not tell */
};

struct records {
	struct record *list;
	size_t n, cap;
};

static void load(struct site *s, struct source *src, struct records *out)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct cache_reader *r = &c.r;
	struct arena *a = &src->arena;
	struct records got = { 0 };
	if (crawl_cache_open(&c, s, src, "debt", debt_magic) < 0)
		goto cleanup;
	size_t n = cache_get_count(r);
	ARENA_GROW(a, got.list, got.cap, n + 1);
	for (size_t i = 0; i < n && !r->bad; i++) {
		struct record *rec = &got.list[got.n++];
		rec->path = cache_get_str(r, a, NULL);
		cache_get_bytes(r, rec->oid, REPO_OID_LEN);
		rec->added = (int64_t)cache_get_u64(r);
		rec->err = cache_get_str(r, a, NULL);
		rec->nlines = cache_get_count(r);
		if (r->bad || !rec->path)
			goto cleanup;
		int64_t *t = arena_alloc(a, (rec->nlines + 1) * sizeof(*t));
		for (size_t k = 0; k < rec->nlines; k++)
			t[k] = (int64_t)cache_get_u64(r);
		rec->lines = t;
	}
	if (!r->bad && r->p == r->end)
		*out = got;

cleanup:
	crawl_cache_close(&c);
}

static void save(struct site *s, struct source *src, const struct records *recs)
{
	struct buf b = BUF_INIT;
	cache_begin(&b, debt_magic);
	cache_put_u64(&b, recs->n);
	for (size_t i = 0; i < recs->n; i++) {
		const struct record *rec = &recs->list[i];
		cache_put_cstr(&b, rec->path);
		cache_put_bytes(&b, rec->oid, REPO_OID_LEN);
		cache_put_u64(&b, (uint64_t)rec->added);
		cache_put_cstr(&b, rec->err);
		cache_put_u64(&b, rec->nlines);
		for (size_t k = 0; k < rec->nlines; k++)
			cache_put_u64(&b, (uint64_t)rec->lines[k]);
	}
	crawl_cache_save(s, src, "debt", &b);
	buf_release(&b);
}

static const struct record *find(const struct records *recs, const char *path,
				 const unsigned char *oid)
{
	for (size_t i = 0; i < recs->n; i++)
		if (strcmp(recs->list[i].path, path) == 0 &&
		    (!oid || memcmp(recs->list[i].oid, oid, REPO_OID_LEN) == 0))
			return &recs->list[i];
	return NULL;
}

/* Asks the history about the files of recs that have no times yet
 * (todo[i] set): one walk for the one-item files, a blame per list. */
static void ask_git(struct source *src, struct repo *r, struct records *recs,
		    const unsigned char *todo)
{
	struct arena *a = &src->arena;
	struct buf err = BUF_INIT;
	const char **paths = xcalloc(recs->n + 1, sizeof(*paths));
	size_t *which = xcalloc(recs->n + 1, sizeof(*which));
	size_t nfiles = 0;
	for (size_t i = 0; i < recs->n; i++) {
		struct record *rec = &recs->list[i];
		if (!todo[i])
			continue;
		if (!techdebt_is_list(rec->path)) {
			which[nfiles] = i;
			paths[nfiles++] = rec->path;
			continue;
		}
		int64_t *times;
		buf_clear(&err);
		if (repo_blame_lines(r, &src->commit, rec->path, a, &times,
				     &rec->nlines, &err) < 0)
			rec->err = arena_strdup(a, err.ptr);
		else
			rec->lines = times;
	}
	int64_t *added = xcalloc(nfiles + 1, sizeof(*added));
	buf_clear(&err);
	int rc = repo_blame_added(r, &src->commit, paths, nfiles,
				  CRAWL_MAX_HISTORY, added, &err);
	for (size_t k = 0; k < nfiles; k++) {
		struct record *rec = &recs->list[which[k]];
		if (rc < 0)
			rec->err = arena_strdup(a, err.ptr);
		else
			rec->added = added[k];
	}
	free(added);
	free(paths);
	free(which);
	buf_release(&err);
}

/* crawl_debt, and with kept (r NULL) crawl_debt_kept: -1, src untouched,
 * when a file's times are not in the cache for its blob. */
static int debt_times(struct site *s, struct source *src, struct repo *r, int kept)
{
	struct records old = { 0 }, now = { 0 };
	unsigned char *todo = xcalloc(src->naux + 1, 1);
	size_t asked = 0;
	load(s, src, &old);
	for (size_t i = 0; i < src->naux; i++) {
		const struct aux_file *f = &src->aux[i];
		if (layout_paths_kind(src->paths, f->path) != CONFIG_PATH_TECHDEBT)
			continue;
		const struct repo_entry *e = site_find_entry(src, f->path);
		const struct record *known =
			find(&old, f->path, e && (r || kept) ? e->oid : NULL);
		if (!known && kept) {
			free(todo);
			return -1;
		}
		ARENA_GROW(&src->arena, now.list, now.cap, now.n + 1);
		struct record *rec = &now.list[now.n];
		if (known) {
			*rec = *known;
		} else {
			memset(rec, 0, sizeof(*rec));
			rec->path = f->path;
			if (e)
				memcpy(rec->oid, e->oid, REPO_OID_LEN);
			todo[now.n] = r != NULL;
			asked += r != NULL;
		}
		now.n++;
	}
	if (asked)
		ask_git(src, r, &now, todo);
	src->debt_times =
		arena_alloc(&src->arena, (now.n + 1) * sizeof(*src->debt_times));
	src->ndebt_times = now.n;
	for (size_t i = 0; i < now.n; i++) {
		const struct record *rec = &now.list[i];
		if (rec->err)
			diag_user(&src->diags, src->name, rec->path, 0,
				  "cannot tell from git when its debt came in (%s): items without created: have no age",
				  rec->err);
		src->debt_times[i] = (struct aux_times){ rec->path, rec->added,
							 rec->lines, rec->nlines };
	}
	if (asked || now.n != old.n)
		save(s, src, &now);
	free(todo);
	return 0;
}

void crawl_debt(struct site *s, struct source *src, struct repo *r)
{
	debt_times(s, src, r, 0);
}

int crawl_debt_kept(struct site *s, struct source *src)
{
	return debt_times(s, src, NULL, 1);
}
