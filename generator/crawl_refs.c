#include "crawl_refs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "crawl_cache.h"
#include "hash.h"
#include "xalloc.h"

#define REFS_MAX_DIRS 1000  /* more folders of tags: no stamps kept */
#define REFS_RACY_SECONDS 2 /* a stamp this recent may hide a change */

static const char refs_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'R', 'F', '1' };

/* The paths stamped, relative to the common folder: packed-refs, shallow,
 * then the folder of the pattern's literal beginning and every folder
 * under it (found by reading them when the stamps are made; the same
 * ones while no folder changed, since a folder made or removed changes
 * the one that holds it). */
struct stamps {
	struct buf base; /* the common folder, ending in '/' */
	char **paths;
	size_t n, cap;
	uint64_t digest;
	int racy;     /* a stamp is too recent to be trusted */
	int too_many; /* more than REFS_MAX_DIRS folders */
};

static void stamps_release(struct stamps *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->paths[i]);
	free(st->paths);
	buf_release(&st->base);
}

static void stamps_add(struct stamps *st, const char *rel, size_t len)
{
	XGROW(st->paths, st->cap, st->n + 1);
	st->paths[st->n++] = xstrndup(rel, len);
}

/* Mixes the stat of base + rel into st->digest (a missing file is a stamp
 * too: its coming is a change). */
static void stamp_one(struct stamps *st, const char *rel, int64_t wall)
{
	struct stat sb;
	size_t keep = st->base.len;
	buf_puts(&st->base, rel);
	int rc = lstat(st->base.ptr, &sb);
	st->base.len = keep;
	st->base.ptr[keep] = '\0';
	st->digest = hash_mix_str(st->digest, rel);
	if (rc < 0) {
		st->digest = hash_mix_u64(st->digest, 0);
		return;
	}
	uint64_t h = hash_mix_u64(st->digest, (uint64_t)sb.st_mode);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_ino), (uint64_t)sb.st_dev);
	h = hash_mix_u64(h, (uint64_t)sb.st_size);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_mtim.tv_sec),
			 (uint64_t)sb.st_mtim.tv_nsec);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_ctim.tv_sec),
			 (uint64_t)sb.st_ctim.tv_nsec);
	st->digest = h;
	if ((int64_t)sb.st_mtim.tv_sec >= wall - REFS_RACY_SECONDS ||
	    (int64_t)sb.st_ctim.tv_sec >= wall - REFS_RACY_SECONDS)
		st->racy = 1;
}

/* Adds the folders under base + rel (a folder already added) to the
 * paths, depth first. */
static void find_dirs(struct stamps *st, const char *rel)
{
	struct buf path = BUF_INIT, child = BUF_INIT;
	DIR *dh;
	struct dirent *de;
	buf_printf(&path, "%s%s", st->base.ptr, rel);
	if (!(dh = opendir(path.ptr)))
		goto cleanup;
	while ((de = readdir(dh)) && !st->too_many) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		int dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			struct stat sb;
			buf_clear(&child);
			buf_printf(&child, "%s/%s", path.ptr, de->d_name);
			dir = lstat(child.ptr, &sb) == 0 && S_ISDIR(sb.st_mode);
		}
		if (!dir)
			continue;
		if (st->n >= REFS_MAX_DIRS + 2) {
			st->too_many = 1;
			break;
		}
		buf_clear(&child);
		buf_printf(&child, "%s/%s", rel, de->d_name);
		stamps_add(st, child.ptr, child.len);
		find_dirs(st, st->paths[st->n - 1]);
	}
	closedir(dh);

cleanup:
	buf_release(&path);
	buf_release(&child);
}

/* The digest of the stamps of st->paths, as they are now. */
static void stamps_take(struct stamps *st)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	st->digest = hash_mix_u64(0, st->n);
	st->racy = 0;
	for (size_t i = 0; i < st->n; i++)
		stamp_one(st, st->paths[i], (int64_t)ts.tv_sec);
}

/* The folder of the tags the pattern can match, relative to the common
 * folder: refs/tags/ and the pattern's literal beginning up to its last
 * '/' (without it). */
static void tags_root(struct buf *out, const char *pattern)
{
	size_t lit = strcspn(pattern, "*{?[\\");
	buf_puts(out, "refs/tags");
	while (lit && pattern[lit - 1] != '/')
		lit--;
	if (lit > 1) {
		buf_putc(out, '/');
		buf_put(out, pattern, lit - 1);
	}
}

/* What deploy_refs_fp is worked out from, but the tags themselves. */
static uint64_t scope_of(const char *base, const struct deploy_opts *o)
{
	uint64_t h = hash_mix_str(hash_mix_str(0, "cairn refs"), base);
	h = hash_mix_str(hash_mix_str(h, o->pattern), o->repo);
	h = hash_mix_u64(h, o->nenvironments);
	for (size_t i = 0; i < o->nenvironments; i++)
		h = hash_mix_str(h, o->environments[i]);
	h = hash_mix_u64(h, o->nservices);
	for (size_t i = 0; i < o->nservices; i++)
		h = hash_mix_str(h, o->services[i]);
	return h;
}

/* The fingerprint saved for scope when the stamps it was saved with are
 * the same now; 0 otherwise. */
static uint64_t refs_load(struct site *s, struct source *src, struct stamps *st,
			  uint64_t scope)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct arena a;
	uint64_t fp = 0;
	arena_init(&a);
	if (crawl_cache_open(&c, s, src, "refs", refs_magic) < 0 ||
	    cache_get_u64(&c.r) != scope)
		goto cleanup;
	uint64_t digest = cache_get_u64(&c.r), saved = cache_get_u64(&c.r);
	size_t n = cache_get_count(&c.r);
	for (size_t i = 0; i < n && !c.r.bad; i++) {
		size_t len = 0;
		const char *p = cache_get_str(&c.r, &a, &len);
		if (p)
			stamps_add(st, p, len);
	}
	if (c.r.bad || crawl_cache_end(&c, src) < 0)
		goto cleanup;
	stamps_take(st);
	if (st->digest == digest && !st->racy)
		fp = saved;

cleanup:
	crawl_cache_close(&c);
	arena_release(&a);
	return fp;
}

uint64_t crawl_refs_fp(struct site *s, struct source *src, struct repo *r,
		       const struct deploy_opts *o)
{
	struct stamps st = { BUF_INIT, NULL, 0, 0, 0, 0, 0 };
	struct buf root = BUF_INIT;
	int symbolic = 0;
	buf_puts(&st.base, repo_common_dir(r));
	if (!st.base.len || st.base.ptr[st.base.len - 1] != '/')
		buf_putc(&st.base, '/');
	uint64_t scope = scope_of(st.base.ptr, o);
	uint64_t fp = refs_load(s, src, &st, scope);
	if (fp)
		goto cleanup;

	/* made again: stamps first, so that a change made while the tags
	 * are read shows as a change next time */
	for (size_t i = 0; i < st.n; i++)
		free(st.paths[i]);
	st.n = 0;
	tags_root(&root, o->pattern ? o->pattern : DEPLOY_DEFAULT_PATTERN);
	stamps_add(&st, "packed-refs", strlen("packed-refs"));
	stamps_add(&st, "shallow", strlen("shallow"));
	stamps_add(&st, root.ptr, root.len);
	find_dirs(&st, root.ptr);
	stamps_take(&st);
	fp = deploy_refs_fp(r, o, &symbolic);
	if (fp && !symbolic && !st.racy && !st.too_many) {
		struct buf b = BUF_INIT;
		cache_begin(&b, refs_magic);
		cache_put_u64(&b, scope);
		cache_put_u64(&b, st.digest);
		cache_put_u64(&b, fp);
		cache_put_u64(&b, st.n);
		for (size_t i = 0; i < st.n; i++)
			cache_put_cstr(&b, st.paths[i]);
		crawl_cache_put_diags(&b, src, src->diags.len);
		crawl_cache_save(s, src, "refs", &b);
		buf_release(&b);
	}

cleanup:
	buf_release(&root);
	stamps_release(&st);
	return fp;
}
