#include "crawl_refs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* Mixes the stat of the file `path` (named `name` in the digest) into h;
 * sets *racy when it is too recent to tell a change in the same tick of
 * the clock.  A missing file is a stamp too: its coming is a change. */
static uint64_t stamp_mix(uint64_t h, const char *path, const char *name,
			  int64_t wall, int *racy)
{
	struct stat sb;
	h = hash_mix_str(h, name);
	if (lstat(path, &sb) < 0)
		return hash_mix_u64(h, 0);
	h = hash_mix_u64(h, (uint64_t)sb.st_mode);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_ino), (uint64_t)sb.st_dev);
	h = hash_mix_u64(h, (uint64_t)sb.st_size);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_mtim.tv_sec),
			 (uint64_t)sb.st_mtim.tv_nsec);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)sb.st_ctim.tv_sec),
			 (uint64_t)sb.st_ctim.tv_nsec);
	if ((int64_t)sb.st_mtim.tv_sec >= wall - REFS_RACY_SECONDS ||
	    (int64_t)sb.st_ctim.tv_sec >= wall - REFS_RACY_SECONDS)
		*racy = 1;
	return h;
}

/* Mixes the stat of base + rel into st->digest. */
static void stamp_one(struct stamps *st, const char *rel, int64_t wall)
{
	size_t keep = st->base.len;
	buf_puts(&st->base, rel);
	st->digest = stamp_mix(st->digest, st->base.ptr, rel, wall, &st->racy);
	st->base.len = keep;
	st->base.ptr[keep] = '\0';
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
	uint64_t fp = 0;
	if (crawl_cache_open(&c, s, src, "refs", refs_magic) < 0 ||
	    cache_get_u64(&c.r) != scope)
		goto cleanup;
	uint64_t digest = cache_get_u64(&c.r), saved = cache_get_u64(&c.r);
	size_t n = cache_get_count(&c.r);
	for (size_t i = 0; i < n && !c.r.bad; i++) {
		size_t len = 0;
		const char *p = cache_get_span(&c.r, &len);
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
	return fp;
}

/* crawl_refs_fp, or with count the number of tags plus one
 * (repo_deploy_tag_count): what the stamps keep. */
static uint64_t refs_value(struct site *s, struct source *src, struct repo *r,
			   const struct deploy_opts *o, int count)
{
	struct stamps st = { BUF_INIT, NULL, 0, 0, 0, 0, 0 };
	struct buf root = BUF_INIT;
	int symbolic = 0;
	if (!r && !src->common_dir)
		return 0;
	buf_puts(&st.base, r ? repo_common_dir(r) : src->common_dir);
	if (!st.base.len || st.base.ptr[st.base.len - 1] != '/')
		buf_putc(&st.base, '/');
	uint64_t scope = scope_of(st.base.ptr, o);
	if (count)
		scope = hash_mix_str(scope, "count");
	uint64_t fp = refs_load(s, src, &st, scope);
	if (fp || !r)
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
	if (count) /* a symbolic tag is one name all the same */
		fp = (uint64_t)repo_deploy_tag_count(r, o->pattern) + 1;
	else
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

uint64_t crawl_refs_fp(struct site *s, struct source *src, struct repo *r,
		       const struct deploy_opts *o)
{
	return refs_value(s, src, r, o, 0);
}

int crawl_refs_count(struct site *s, struct source *src, struct repo *r,
		     const struct deploy_opts *o, size_t *count)
{
	uint64_t n = refs_value(s, src, r, o, 1);
	*count = n ? (size_t)(n - 1) : 0;
	return n ? 0 : -1;
}

/* ------------------------------------------------------ the branch's head */

static const char head_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'H', 'D', '1' };

static void head_add(struct crawl_head *h, const char *dir, const char *rel)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", dir, rel);
	if (h->n < sizeof(h->paths) / sizeof(h->paths[0]))
		h->paths[h->n++] = buf_detach(&p, NULL);
	buf_release(&p);
}

/* HEAD's target (e.g. refs/heads/main) into out; -1 when HEAD is not a
 * symbolic reference to a plain name under refs/ (a detached HEAD: 0,
 * out empty, its id is HEAD's own bytes). */
static int head_target(struct buf *out, const char *gd)
{
	char text[512];
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/HEAD", gd);
	/* one read (no stdio: its buffer and a stat) */
	int fd = open(p.ptr, O_RDONLY | O_CLOEXEC);
	buf_release(&p);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	if (strncmp(text, "ref: ", 5) != 0)
		return 0;
	size_t len = strcspn(text + 5, "\r\n");
	buf_put(out, text + 5, len);
	if (strncmp(out->ptr, "refs/", 5) != 0 || strstr(out->ptr, "..") ||
	    strpbrk(out->ptr, "~^:@{}?*[\\ "))
		return -1;
	return 0;
}

/* What resolving src's branch reads (see crawl_refs.h); -1, with none,
 * when the repository does not qualify. */
static int head_paths(struct crawl_head *h, const struct config_repo *cr)
{
	static const char *const tries[] = { "%s",
					     "refs/%s",
					     "refs/tags/%s",
					     "refs/heads/%s",
					     "refs/remotes/%s",
					     "refs/remotes/%s/HEAD",
					     "refs/remotes/origin/%s" };
	struct buf gd = BUF_INIT, name = BUF_INIT;
	struct stat sb;
	const char *b = cr->branch;
	int rc = -1;
	if (cr->url || !cr->path)
		return -1;
	buf_printf(&gd, "%s/.git", cr->path);
	int dot_git = lstat(gd.ptr, &sb) == 0;
	if (dot_git && !S_ISDIR(sb.st_mode))
		goto cleanup; /* a gitdir: file (a worktree, a submodule) */
	head_add(h, cr->path, ".git");
	if (!dot_git) {
		buf_clear(&gd); /* bare */
		buf_puts(&gd, cr->path);
	}
	head_add(h, gd.ptr, "HEAD");
	head_add(h, gd.ptr, "config");
	head_add(h, gd.ptr, "commondir");
	head_add(h, gd.ptr, "packed-refs");
	head_add(h, gd.ptr, "shallow");
	if (!b || !*b) {
		if (head_target(&name, gd.ptr) < 0)
			goto cleanup;
		if (name.len)
			head_add(h, gd.ptr, name.ptr);
		rc = 0;
		goto cleanup;
	}
	if (strpbrk(b, "~^:@{}?*[\\ ") || strstr(b, "..") || b[0] == '/')
		goto cleanup;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		buf_clear(&name);
		buf_printf(&name, tries[i], b);
		head_add(h, gd.ptr, name.ptr);
	}
	rc = 0;

cleanup:
	if (rc < 0)
		crawl_refs_head_release(h);
	buf_release(&gd);
	buf_release(&name);
	return rc;
}

/* What the record is for: the repository's path and branch, what is
 * stamped. */
static uint64_t head_scope(const struct source *src, const struct crawl_head *h)
{
	uint64_t x = hash_mix_str(hash_mix_str(0, "cairn head"), src->cfg->path);
	x = hash_mix_str(x, src->cfg->branch ? src->cfg->branch : "");
	for (size_t i = 0; i < h->n; i++)
		x = hash_mix_str(x, h->paths[i]);
	return x;
}

void crawl_refs_head_release(struct crawl_head *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->paths[i]);
	memset(h, 0, sizeof(*h));
}

int crawl_refs_head_load(struct site *s, struct source *src, struct crawl_head *h)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct cache_reader *r = &c.r;
	struct arena *a = &src->arena;
	struct timespec ts;
	int rc = -1;
	if (head_paths(h, src->cfg) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	h->digest = hash_mix_u64(0, h->n);
	for (size_t i = 0; i < h->n; i++)
		h->digest = stamp_mix(h->digest, h->paths[i], h->paths[i],
				      (int64_t)ts.tv_sec, &h->racy);
	if (h->racy || crawl_cache_open(&c, s, src, "head", head_magic) < 0 ||
	    cache_get_u64(r) != head_scope(src, h) || cache_get_u64(r) != h->digest)
		goto cleanup;
	const char *common = cache_get_str(r, a, NULL);
	const char *id = cache_get_str(r, a, NULL);
	int64_t time = (int64_t)cache_get_u64(r);
	int tz = (int)cache_get_u32(r);
	const char *branch = cache_get_str(r, a, NULL);
	const char *subject = cache_get_str(r, a, NULL);
	if (!common || !id || strlen(id) >= sizeof(src->commit.id) ||
	    crawl_cache_end(&c, src) < 0 ||
	    repo_commit_set(&src->commit, id, time, tz, branch, subject) < 0)
		goto cleanup;
	src->common_dir = common;
	rc = 0;

cleanup:
	crawl_cache_close(&c);
	return rc;
}

/* Whether the loose reference at path is symbolic ("ref: ..."). */
static int is_symbolic(const char *path)
{
	char text[5];
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(text, 1, sizeof(text), f);
	fclose(f);
	return n == sizeof(text) && memcmp(text, "ref: ", 5) == 0;
}

void crawl_refs_head_save(struct site *s, struct source *src, struct repo *r,
			  const struct crawl_head *h)
{
	const char *gd = repo_git_dir(r), *common = repo_common_dir(r);
	size_t gl = strlen(gd);
	if (!h->n || h->racy || strncmp(gd, common, gl) != 0 ||
	    strcmp(common + gl, "/") != 0)
		return; /* not stamped, too recent, or a linked worktree */
	/* HEAD may point to a branch; no other name may (the target can move
	 * with none of these files changing) */
	for (size_t i = 2; i < h->n; i++)
		if (is_symbolic(h->paths[i]))
			return;
	struct buf b = BUF_INIT;
	cache_begin(&b, head_magic);
	cache_put_u64(&b, head_scope(src, h));
	cache_put_u64(&b, h->digest);
	cache_put_cstr(&b, common);
	cache_put_cstr(&b, src->commit.id);
	cache_put_u64(&b, (uint64_t)src->commit.time);
	cache_put_u32(&b, (uint32_t)src->commit.tz_offset);
	cache_put_cstr(&b, src->commit.branch);
	cache_put_cstr(&b, src->commit.subject);
	crawl_cache_put_diags(&b, src, src->diags.len);
	crawl_cache_save(s, src, "head", &b);
	buf_release(&b);
}

uint64_t crawl_refs_history_key(const char *common_dir)
{
	struct buf path = BUF_INIT;
	char text[4096];
	uint64_t h = 0;
	if (!common_dir)
		return 0;
	buf_printf(&path, "%s/shallow", common_dir);
	FILE *f = fopen(path.ptr, "rb");
	buf_release(&path);
	if (!f)
		return 0;
	for (size_t n; (n = fread(text, 1, sizeof(text), f)) > 0;)
		h = hash_of(text, n, h + 1);
	fclose(f);
	return h ? h : 1;
}
