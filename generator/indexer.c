#include "indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cache.h"
#include "pool.h"
#include "xalloc.h"

static const char idx_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'I', '1' };

/* One page's record in the cache. */
struct record {
	const char *address;
	uint64_t key;
	uint64_t off, len; /* in the data file */
};

struct worker {
	struct buf blob;     /* the entries of the page being made */
	struct buf pending;  /* records made, not yet written to tmp */
	FILE *tmp;           /* this worker's new data */
	uint64_t tmp_len;
	struct record *made; /* pages made (offsets into tmp) */
	size_t nmade, made_cap;
	struct record *reused;
	size_t nreused, reused_cap;
	struct arena arena;
};

struct indexer {
	struct search_index *index;
	char *dir;
	int usable;               /* the old cache was read */
	struct record *old;       /* sorted by address */
	size_t nold;
	uint64_t old_model;
	int old_fd;
	struct arena arena;
	struct worker *workers;
	int nworkers;
};

static int cmp_record(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->address,
		      ((const struct record *)b)->address);
}

static const struct record *find_old(const struct indexer *ix, const char *address)
{
	size_t lo = 0, hi = ix->nold;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ix->old[mid].address, address);
		if (!c)
			return &ix->old[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static char *file_in(const struct indexer *ix, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", ix->dir, name);
	return buf_detach(&b, NULL);
}

struct indexer *indexer_begin(const char *cache_dir, int workers)
{
	struct indexer *ix = xcalloc(1, sizeof(*ix));
	struct buf data = BUF_INIT;
	struct cache_reader r;
	ix->index = search_index_new();
	arena_init(&ix->arena);
	ix->old_fd = -1;
	struct buf d = BUF_INIT;
	buf_printf(&d, "%s/search", cache_dir);
	ix->dir = buf_detach(&d, NULL);
	ix->nworkers = workers < 1 ? 1 : workers;
	ix->workers = xcalloc((size_t)ix->nworkers, sizeof(*ix->workers));
	for (int w = 0; w < ix->nworkers; w++) {
		buf_init(&ix->workers[w].blob);
		buf_init(&ix->workers[w].pending);
		arena_init(&ix->workers[w].arena);
	}

	char *idx = file_in(ix, "entries.idx"), *dat = file_in(ix, "entries.dat");
	if (cache_load(&data, idx) == 0 && cache_open(&r, &data, idx_magic) == 0) {
		ix->old_model = cache_get_u64(&r);
		uint64_t n = cache_get_u64(&r);
		if (!r.bad && n <= (uint64_t)(r.end - r.p)) {
			ix->old = xcalloc((size_t)n + 1, sizeof(*ix->old));
			for (uint64_t i = 0; i < n && !r.bad; i++) {
				ix->old[i].address = cache_get_str(&r, &ix->arena, NULL);
				ix->old[i].key = cache_get_u64(&r);
				ix->old[i].off = cache_get_u64(&r);
				ix->old[i].len = cache_get_u64(&r);
				if (!ix->old[i].address)
					r.bad = 1;
			}
			ix->nold = (size_t)n;
			ix->old_fd = open(dat, O_RDONLY | O_CLOEXEC);
			ix->usable = !r.bad && r.p == r.end && ix->old_fd >= 0;
		}
	}
	if (!ix->usable)
		ix->nold = 0;
	else if (ix->nold)
		qsort(ix->old, ix->nold, sizeof(*ix->old), cmp_record);
	free(idx);
	free(dat);
	buf_release(&data);
	return ix;
}

void indexer_free(struct indexer *ix)
{
	if (!ix)
		return;
	search_index_free(ix->index);
	for (int w = 0; w < ix->nworkers; w++) {
		struct worker *wk = &ix->workers[w];
		buf_release(&wk->blob);
		buf_release(&wk->pending);
		if (wk->tmp)
			fclose(wk->tmp);
		free(wk->made);
		free(wk->reused);
		arena_release(&wk->arena);
	}
	free(ix->workers);
	if (ix->old_fd >= 0)
		close(ix->old_fd);
	free(ix->old);
	free(ix->dir);
	arena_release(&ix->arena);
	free(ix);
}

struct search_index *indexer_index(struct indexer *ix)
{
	return ix->index;
}

int indexer_can_reuse(const struct indexer *ix)
{
	return ix->usable;
}

/* ------------------------------------------------------------ entries */

static void put_entry(struct buf *b, const struct search_entry *e,
		      const struct markdown_heading *toc, size_t ntoc)
{
	cache_put_cstr(b, e->kind);
	cache_put_cstr(b, e->title);
	cache_put_cstr(b, e->url);
	cache_put_cstr(b, e->service);
	cache_put_cstr(b, e->name);
	cache_put_cstr(b, e->page);
	cache_put_cstr(b, e->headings);
	cache_put_str(b, e->body, e->body ? (e->body_len ? e->body_len : strlen(e->body)) : 0);
	cache_put_u32(b, (uint32_t)e->section);
	cache_put_u64(b, toc ? ntoc : UINT64_MAX);
	for (size_t i = 0; toc && i < ntoc; i++) {
		cache_put_u32(b, (uint32_t)toc[i].level);
		cache_put_cstr(b, toc[i].id);
		cache_put_cstr(b, toc[i].text);
	}
}

/* Adds the entries of one page's blob to the index; -1 if it is damaged. */
static int add_blob(struct search_index *index, const char *p, size_t len)
{
	struct cache_reader r = { p, p + len, 0 };
	struct arena a;
	int rc = 0;
	arena_init(&a);
	while (!r.bad && r.p < r.end) {
		struct search_entry e = SEARCH_ENTRY_INIT;
		size_t body_len;
		e.kind = cache_get_str(&r, &a, NULL);
		e.title = cache_get_str(&r, &a, NULL);
		e.url = cache_get_str(&r, &a, NULL);
		e.service = cache_get_str(&r, &a, NULL);
		e.name = cache_get_str(&r, &a, NULL);
		e.page = cache_get_str(&r, &a, NULL);
		e.headings = cache_get_str(&r, &a, NULL);
		e.body = cache_get_str(&r, &a, &body_len);
		e.body_len = body_len;
		e.section = (int)cache_get_u32(&r);
		uint64_t ntoc = cache_get_u64(&r);
		struct markdown_heading *toc = NULL;
		if (ntoc != UINT64_MAX) {
			if (ntoc > (uint64_t)(r.end - r.p)) {
				r.bad = 1;
				break;
			}
			toc = arena_alloc(&a, ((size_t)ntoc + 1) * sizeof(*toc));
			for (uint64_t i = 0; i < ntoc; i++) {
				toc[i].level = (int)cache_get_u32(&r);
				toc[i].id = (char *)cache_get_str(&r, &a, NULL);
				toc[i].text = (char *)cache_get_str(&r, &a, NULL);
			}
		}
		if (r.bad || !e.kind || !e.url)
			break;
		if (toc)
			search_add_page(index, &e, toc, (size_t)ntoc);
		else
			search_add(index, &e);
		arena_reset(&a);
	}
	if (r.bad)
		rc = -1;
	arena_release(&a);
	return rc;
}

void indexer_add(struct indexer *ix, int worker, const struct search_entry *e,
		 const struct markdown_heading *toc, size_t ntoc)
{
	if (toc)
		search_add_page(ix->index, e, toc, ntoc);
	else
		search_add(ix->index, e);
	put_entry(&ix->workers[worker].blob, e, toc, ntoc);
}

static void flush_pending(struct indexer *ix, struct worker *wk)
{
	if (!wk->pending.len)
		return;
	if (!wk->tmp) {
		wk->tmp = tmpfile();
		if (!wk->tmp)
			return;
	}
	fwrite(wk->pending.ptr, 1, wk->pending.len, wk->tmp);
	buf_clear(&wk->pending);
	(void)ix;
}

void indexer_page(struct indexer *ix, int worker, const char *address, uint64_t key)
{
	struct worker *wk = &ix->workers[worker];
	if (!wk->blob.len)
		return;
	if (!key)
		key = cache_hash(wk->blob.ptr, wk->blob.len, 7);
	XGROW(wk->made, wk->made_cap, wk->nmade + 1);
	wk->made[wk->nmade++] = (struct record){ arena_strdup(&wk->arena, address), key,
						 wk->tmp_len, wk->blob.len };
	buf_put(&wk->pending, wk->blob.ptr, wk->blob.len);
	wk->tmp_len += wk->blob.len;
	buf_clear(&wk->blob);
	if (wk->pending.len > (1u << 20))
		flush_pending(ix, wk);
}

void indexer_reused(struct indexer *ix, int worker, const char *address, uint64_t fp)
{
	struct worker *wk = &ix->workers[worker];
	XGROW(wk->reused, wk->reused_cap, wk->nreused + 1);
	wk->reused[wk->nreused++] = (struct record){ arena_strdup(&wk->arena, address), fp, 0, 0 };
}

/* ------------------------------------------------------------ the end */

struct feed_run {
	struct indexer *ix;
	const struct record **recs;
	int failed;
};

static void feed_one(size_t i, int worker, void *userdata)
{
	struct feed_run *run = userdata;
	const struct record *rec = run->recs[i];
	char *p = xmalloc(rec->len ? rec->len : 1);
	(void)worker;
	ssize_t got = pread(run->ix->old_fd, p, rec->len, (off_t)rec->off);
	if (got != (ssize_t)rec->len || add_blob(run->ix->index, p, rec->len) < 0)
		run->failed = 1;
	free(p);
}

/* Copies len bytes at off of fd into f. */
static int copy_range(int fd, uint64_t off, uint64_t len, FILE *f)
{
	char chunk[65536];
	while (len) {
		size_t n = len < sizeof(chunk) ? (size_t)len : sizeof(chunk);
		ssize_t got = pread(fd, chunk, n, (off_t)off);
		if (got <= 0 || fwrite(chunk, 1, (size_t)got, f) != (size_t)got)
			return -1;
		off += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

/* Writes the new cache: records of pages made (from the workers' files)
 * and of pages kept (from the old data file). */
static int save_cache(struct indexer *ix, const struct record **kept, size_t nkept,
		      uint64_t model_key)
{
	char *idx = file_in(ix, "entries.idx"), *dat = file_in(ix, "entries.dat");
	struct buf tmpdat = BUF_INIT, index = BUF_INIT;
	int rc = -1;
	FILE *out = NULL;
	mkdir(ix->dir, 0755);
	buf_printf(&tmpdat, "%s.tmp-%ld", dat, (long)getpid());
	out = fopen(tmpdat.ptr, "wb");
	if (!out)
		goto cleanup;
	uint64_t off = 0;
	size_t total = nkept;
	for (int w = 0; w < ix->nworkers; w++)
		total += ix->workers[w].nmade;
	cache_begin(&index, idx_magic);
	cache_put_u64(&index, model_key);
	cache_put_u64(&index, total);
	for (size_t i = 0; i < nkept; i++) {
		if (copy_range(ix->old_fd, kept[i]->off, kept[i]->len, out) < 0)
			goto cleanup;
		cache_put_cstr(&index, kept[i]->address);
		cache_put_u64(&index, kept[i]->key);
		cache_put_u64(&index, off);
		cache_put_u64(&index, kept[i]->len);
		off += kept[i]->len;
	}
	for (int w = 0; w < ix->nworkers; w++) {
		struct worker *wk = &ix->workers[w];
		flush_pending(ix, wk);
		if (wk->tmp) {
			fflush(wk->tmp);
			if (copy_range(fileno(wk->tmp), 0, wk->tmp_len, out) < 0)
				goto cleanup;
		}
		for (size_t i = 0; i < wk->nmade; i++) {
			cache_put_cstr(&index, wk->made[i].address);
			cache_put_u64(&index, wk->made[i].key);
			cache_put_u64(&index, off + wk->made[i].off);
			cache_put_u64(&index, wk->made[i].len);
		}
		off += wk->tmp_len;
	}
	if (fclose(out) != 0) {
		out = NULL;
		goto cleanup;
	}
	out = NULL;
	if (rename(tmpdat.ptr, dat) < 0 || cache_save(idx, index.ptr, index.len) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (out)
		fclose(out);
	if (rc < 0)
		unlink(tmpdat.ptr);
	buf_release(&tmpdat);
	buf_release(&index);
	free(idx);
	free(dat);
	return rc;
}

int indexer_finish(struct indexer *ix, struct output *out, uint64_t model_key,
		   int jobs, struct diag_list *d)
{
	struct buf err = BUF_INIT;
	size_t nreused = 0, seen = 0;
	/* the site must hold the index it would keep */
	int changed = !ix->usable || model_key != ix->old_model ||
		      !output_holds(out, "search/manifest.js");
	for (int w = 0; w < ix->nworkers; w++) {
		struct worker *wk = &ix->workers[w];
		nreused += wk->nreused;
		for (size_t i = 0; i < wk->nmade && !changed; i++) {
			const struct record *o = find_old(ix, wk->made[i].address);
			changed = !o || o->key != wk->made[i].key;
			seen += o != NULL;
		}
		for (size_t i = 0; i < wk->nreused; i++)
			seen += find_old(ix, wk->reused[i].address) != NULL;
	}
	/* a page of the index is gone */
	if (!changed && seen != ix->nold)
		changed = 1;
	if (!changed) {
		output_reuse_prefix(out, "search/");
		buf_release(&err);
		return 0;
	}

	/* the pages kept as they were: their entries from the cache */
	const struct record **kept = xcalloc(nreused + 1, sizeof(*kept));
	size_t nkept = 0;
	int missing = 0;
	for (int w = 0; w < ix->nworkers; w++)
		for (size_t i = 0; i < ix->workers[w].nreused; i++) {
			const struct record *o = find_old(ix, ix->workers[w].reused[i].address);
			if (o)
				kept[nkept++] = o;
			else
				missing++;
		}
	struct feed_run run = { ix, kept, 0 };
	pool_run(jobs, nkept, feed_one, &run);
	if (run.failed || missing)
		diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, ix->dir, 0,
			 "the search cache is damaged: some pages may be missing from search until the next build");
	int rc = search_write(ix->index, out, &err);
	if (rc < 0) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
	} else if (save_cache(ix, kept, nkept, model_key) < 0) {
		diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, ix->dir, 0,
			 "cannot write the search cache: %s; the next build indexes everything again",
			 strerror(errno));
	}
	const char *stats = getenv("CAIRN_SEARCH_STATS");
	if (rc == 0 && stats && *stats) {
		/* the index's figures, for make bench */
		struct search_stats st;
		struct buf b = BUF_INIT;
		search_stats(ix->index, &st);
		search_stats_format(&b, &st);
		cache_save(stats, b.ptr, b.len);
		buf_release(&b);
	}
	free(kept);
	buf_release(&err);
	return rc;
}
