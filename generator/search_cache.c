#include "search_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cache.h"
#include "pool.h"
#include "xalloc.h"

static const char idx_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'I', '2' };

/* One page's record in the cache: its blob now and, when the page was in
 * the saved index, its blob there. */
struct record {
	const char *address;
	uint64_t key;	   /* the hash of its blob */
	uint64_t off, len; /* the blob, in the data file */
	int cur; /* the page is in the site (else only in the saved index) */
	int changed; /* made, and its blob is not the cache's */
	int snap;    /* the page is in the saved index, with: */
	uint64_t skey, soff, slen;
	int indexed; /* its blob is in sc->index */
};

struct worker {
	/* blobs of changed pages not yet in the data file, then, from
	 * blob_at on, the entries of the page being made: made in place,
	 * kept there when they changed, cut off when they did not */
	struct buf pending;
	size_t blob_at;
	size_t unflushed;    /* made[unflushed..]: offsets still into pending */
	struct record *made; /* pages made */
	size_t nmade, made_cap;
	struct record *reused;
	size_t nreused, reused_cap;
	struct arena arena;
};

/* A file as stat saw it: size, mtime (s, ns), inode.  A cache file whose
 * stamp is the one saved with entries.idx is trusted without reading it;
 * otherwise it is checked. */
struct stamp {
	uint64_t v[4];
};

/* The stamp of path; all ones when it cannot be stat'ed (matches none
 * saved). */
static struct stamp stamp_of(const char *path)
{
	struct stat st;
	struct stamp t = { { UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX } };
	if (stat(path, &st) == 0)
		t = (struct stamp){ { (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
				      (uint64_t)st.st_mtim.tv_nsec,
				      (uint64_t)st.st_ino } };
	return t;
}

static int stamp_eq(const struct stamp *a, const struct stamp *b)
{
	return !memcmp(a->v, b->v, sizeof(a->v));
}

static void put_stamp(struct buf *b, const struct stamp *t)
{
	for (int i = 0; i < 4; i++)
		cache_put_u64(b, t->v[i]);
}

static void get_stamp(struct cache_reader *r, struct stamp *t)
{
	for (int i = 0; i < 4; i++)
		t->v[i] = cache_get_u64(r);
}

struct search_cache {
	struct search_index *index;   /* the entries tokenized this build */
	struct search_index *written; /* the index written, when not `index` */
	char *dir;
	int usable;	    /* the old records were read */
	struct record *old; /* sorted by address */
	size_t nold;
	uint8_t *old_seen;
	uint64_t generation;   /* of the saved index they go with */
	uint64_t site_token;   /* of the site they were saved for */
	struct stamp ib_stamp; /* index.bin as saved */
	/* what search_cache_finish leaves for search_cache_save */
	struct record **recs;
	size_t nrecs;
	int snapshot; /* save `written` as the new index.bin */
	/* the new index.bin, written with the search files, put in place
	 * once the site is published (NULL: not written, save_errno says
	 * why) */
	char *save_tmp;
	int save_errno;
	uint64_t save_gen; /* its generation */
	int finished;
	uint64_t search_manifest; /* the hash of search/manifest.js */
	uint64_t manifest_hash;	  /* of the manifest written with it */
	char *dat_name;		  /* the data file (in dir) */
	char *old_dat_name;	  /* the one entries.idx named */
	int dat_fd;		  /* read, and appended to */
	_Atomic uint64_t dat_end;
	_Atomic int dat_failed;
	struct arena arena;
	struct worker *workers;
	int nworkers;
	struct search_cache_options opts;
	struct timespec step_at; /* the last step's end (opts.timing) */
};

static int cmp_record(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->address,
		      ((const struct record *)b)->address);
}

/* The old record of a page, present in the site or not. */
static const struct record *find_any(const struct search_cache *sc, const char *address)
{
	size_t lo = 0, hi = sc->nold;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(sc->old[mid].address, address);
		if (!c)
			return &sc->old[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The old record of a page that the site held. */
static const struct record *find_old(const struct search_cache *sc, const char *address)
{
	const struct record *o = find_any(sc, address);
	return o && o->cur ? o : NULL;
}

static char *file_in(const struct search_cache *sc, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", sc->dir, name);
	return buf_detach(&b, NULL);
}

/* A saved index that does not load is said once, by name. */
static void index_damaged(struct diag_list *d, const char *path)
{
	diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, path, 0,
		 "cache file is damaged or was written by another version of cairn: not used, made again");
}

/* Opens the data file named by entries.idx; 0 when every record is in it. */
static int open_old(struct search_cache *sc, uint64_t live_token, struct diag_list *d)
{
	struct buf data = BUF_INIT;
	struct cache_reader r;
	char *idx = file_in(sc, "entries.idx");
	int ok = 0;

	if (cache_read(&r, &data, idx, idx_magic, d) < 0)
		goto cleanup;
	sc->site_token = cache_get_u64(&r);
	if (!live_token || sc->site_token != live_token)
		goto cleanup; /* saved for another site than the live one */
	sc->generation = cache_get_u64(&r);
	sc->manifest_hash = cache_get_u64(&r);
	sc->old_dat_name = (char *)cache_get_str(&r, &sc->arena, NULL);
	struct stamp dat_stamp;
	get_stamp(&r, &dat_stamp);
	get_stamp(&r, &sc->ib_stamp);
	uint64_t n = cache_get_u64(&r);
	if (r.bad || !sc->old_dat_name || strchr(sc->old_dat_name, '/') ||
	    n > (uint64_t)(r.end - r.p) / 8)
		goto cleanup;
	sc->old = xcalloc((size_t)n + 1, sizeof(*sc->old));
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		struct record *o = &sc->old[i];
		o->address = cache_get_str(&r, &sc->arena, NULL);
		o->cur = (int)cache_get_u32(&r);
		o->key = cache_get_u64(&r);
		o->off = cache_get_u64(&r);
		o->len = cache_get_u64(&r);
		o->snap = (int)cache_get_u32(&r);
		o->skey = cache_get_u64(&r);
		o->soff = cache_get_u64(&r);
		o->slen = cache_get_u64(&r);
		if (!o->address || (!o->cur && !o->snap))
			r.bad = 1;
	}
	sc->nold = (size_t)n;
	if (r.bad || r.p != r.end)
		goto cleanup;
	char *dat = file_in(sc, sc->old_dat_name);
	sc->dat_fd = open(dat, O_RDWR | O_CLOEXEC);
	free(dat);
	struct stat st;
	if (sc->dat_fd < 0 || fstat(sc->dat_fd, &st) < 0)
		goto cleanup;
	uint64_t size = (uint64_t)st.st_size;
	for (size_t i = 0; i < sc->nold; i++) {
		const struct record *o = &sc->old[i];
		if ((o->cur && (o->off > size || o->len > size - o->off)) ||
		    (o->snap && (o->soff > size || o->slen > size - o->soff))) {
			char *dat = file_in(sc, sc->old_dat_name);
			diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, dat, 0,
				 "cache file is damaged (shorter than its records say): not used, made again");
			free(dat);
			goto cleanup;
		}
	}
	/* the saved index: changed since it was saved, it is checked now (a
	 * damaged one is said once, and removed) */
	{
		char *state = file_in(sc, "index.bin");
		struct stamp now = stamp_of(state);
		if (now.v[0] != UINT64_MAX && !stamp_eq(&now, &sc->ib_stamp)) {
			struct search_index *base = search_load(state, sc->generation);
			if (!base) {
				index_damaged(d, state);
				unlink(state);
			} else {
				sc->ib_stamp = now;
			}
			search_index_free(base);
		}
		free(state);
	}
	struct stamp dat_now = { { (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
				   (uint64_t)st.st_mtim.tv_nsec, (uint64_t)st.st_ino } };
	if (!stamp_eq(&dat_now, &dat_stamp)) {
		/* changed since it was saved (a killed build appended to it, or
		 * something else touched it): every blob is checked */
		struct buf blob = BUF_INIT;
		int bad = 0;
		for (size_t i = 0; i < sc->nold && !bad; i++) {
			const struct record *o = &sc->old[i];
			for (int snap = 0; snap < 2 && !bad; snap++) {
				if (!(snap ? o->snap : o->cur))
					continue;
				uint64_t off = snap ? o->soff : o->off,
					 len = snap ? o->slen : o->len;
				uint64_t key = snap ? o->skey : o->key;
				buf_clear(&blob);
				buf_grow(&blob, (size_t)len + 1);
				bad = cache_pread_all(sc->dat_fd, blob.ptr,
						      (size_t)len, off) < 0 ||
				      hash_of(blob.ptr, (size_t)len, 7) != key;
			}
		}
		buf_release(&blob);
		if (bad) {
			char *dat = file_in(sc, sc->old_dat_name);
			diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, dat, 0,
				 "cache file is damaged (a page's search entries do not match their checksum): not used, made again");
			free(dat);
			goto cleanup;
		}
	}
	atomic_store(&sc->dat_end, (uint64_t)st.st_size);
	sc->dat_name = arena_strdup(&sc->arena, sc->old_dat_name);
	ok = 1;

cleanup:
	free(idx);
	buf_release(&data);
	return ok ? 0 : -1;
}

/* A name for a new data file. */
static char *new_dat_name(struct search_cache *sc)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return arena_printf(&sc->arena, "entries-%ld-%ld.dat", (long)getpid(),
			    (long)(ts.tv_nsec ^ ts.tv_sec));
}

struct search_cache *search_cache_begin(const char *cache_dir, int workers,
					uint64_t live_token,
					const struct search_cache_options *opts,
					struct diag_list *diags)
{
	static const struct search_cache_options no_opts = SEARCH_CACHE_OPTIONS_INIT;
	struct search_cache *sc = xcalloc(1, sizeof(*sc));
	sc->opts = opts ? *opts : no_opts;
	sc->index = search_index_new();
	arena_init(&sc->arena);
	sc->dat_fd = -1;
	atomic_init(&sc->dat_end, 0);
	atomic_init(&sc->dat_failed, 0);
	struct buf d = BUF_INIT;
	buf_printf(&d, "%s/search", cache_dir);
	sc->dir = buf_detach(&d, NULL);
	sc->nworkers = workers < 1 ? 1 : workers;
	search_set_threads(sc->index, sc->nworkers);
	sc->workers = xcalloc((size_t)sc->nworkers, sizeof(*sc->workers));
	for (int w = 0; w < sc->nworkers; w++) {
		buf_init(&sc->workers[w].pending);
		arena_init(&sc->workers[w].arena);
	}

	sc->usable = open_old(sc, live_token, diags) == 0;
	if (!sc->usable) {
		/* from scratch: a new data file */
		if (sc->dat_fd >= 0)
			close(sc->dat_fd);
		sc->nold = 0;
		sc->old_dat_name = NULL;
		sc->manifest_hash = 0;
		/* the cache folder and its parents */
		for (char *p = sc->dir + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(sc->dir, 0755);
				*p = '/';
			}
		mkdir(sc->dir, 0755);
		sc->dat_name = new_dat_name(sc);
		char *dat = file_in(sc, sc->dat_name);
		sc->dat_fd = open(dat, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		free(dat);
		atomic_store(&sc->dat_end, 0);
		if (sc->dat_fd < 0)
			atomic_store(&sc->dat_failed, 1);
	} else if (sc->nold) {
		qsort(sc->old, sc->nold, sizeof(*sc->old), cmp_record);
	}
	sc->old_seen = xcalloc(sc->nold + 1, 1);
	return sc;
}

/* Removes the new index.bin not put in place. */
static void drop_save_tmp(struct search_cache *sc)
{
	if (sc->save_tmp)
		unlink(sc->save_tmp);
	free(sc->save_tmp);
	sc->save_tmp = NULL;
}

void search_cache_free(struct search_cache *sc)
{
	if (!sc)
		return;
	search_index_free(sc->index);
	search_index_free(sc->written);
	for (int w = 0; w < sc->nworkers; w++) {
		struct worker *wk = &sc->workers[w];
		buf_release(&wk->pending);
		free(wk->made);
		free(wk->reused);
		arena_release(&wk->arena);
	}
	free(sc->workers);
	if (sc->dat_fd >= 0)
		close(sc->dat_fd);
	drop_save_tmp(sc);
	free(sc->old);
	free(sc->old_seen);
	free(sc->recs);
	free(sc->dir);
	arena_release(&sc->arena);
	free(sc);
}

int search_cache_can_reuse(const struct search_cache *sc, const char *address)
{
	return sc->usable && find_old(sc, address) != NULL;
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
	cache_put_str(b, e->body,
		      e->body ? (e->body_len ? e->body_len : strlen(e->body)) : 0);
	cache_put_u32(b, (uint32_t)e->section);
	cache_put_u64(b, toc ? ntoc : UINT64_MAX);
	for (size_t i = 0; toc && i < ntoc; i++) {
		cache_put_u32(b, (uint32_t)toc[i].level);
		cache_put_cstr(b, toc[i].id);
		cache_put_cstr(b, toc[i].text);
	}
}

/* A string of a blob, in place (not NUL-terminated): for the body. */
static const char *blob_bytes(struct cache_reader *r, size_t *len)
{
	uint64_t n = cache_get_u64(r);
	*len = 0;
	if (r->bad || n == UINT64_MAX)
		return NULL;
	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	const char *p = r->p;
	r->p += n;
	*len = (size_t)n;
	return p;
}

/* Adds the entries of one page's blob to index, owned by address, as
 * worker number `worker`; -1 if it is damaged. */
static int add_blob(struct search_index *index, int worker, const char *p,
		    size_t len, const char *address)
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
		e.body = blob_bytes(&r, &body_len);
		e.body_len = body_len;
		if (!body_len)
			e.body = NULL;
		e.section = (int)cache_get_u32(&r);
		e.owner = address;
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
			search_add_page(index, worker, &e, toc, (size_t)ntoc);
		else
			search_add(index, worker, &e);
		arena_reset(&a);
	}
	if (r.bad)
		rc = -1;
	arena_release(&a);
	return rc;
}

void search_cache_add(struct search_cache *sc, int worker,
		      const struct search_entry *e,
		      const struct markdown_heading *toc, size_t ntoc)
{
	put_entry(&sc->workers[worker].pending, e, toc, ntoc);
}

/* Appends a worker's pending blobs to the data file. */
static void flush_pending(struct search_cache *sc, struct worker *wk)
{
	if (!wk->pending.len)
		return;
	uint64_t base = atomic_fetch_add(&sc->dat_end, (uint64_t)wk->pending.len);
	if (cache_pwrite_all(sc->dat_fd, wk->pending.ptr, wk->pending.len, base) < 0)
		atomic_store(&sc->dat_failed, 1);
	for (size_t i = wk->unflushed; i < wk->nmade; i++)
		if (wk->made[i].changed)
			wk->made[i].off += base;
	wk->unflushed = wk->nmade;
	buf_clear(&wk->pending);
	wk->blob_at = 0;
}

void search_cache_page(struct search_cache *sc, int worker, const char *address,
		       uint64_t fp)
{
	struct worker *wk = &sc->workers[worker];
	(void)fp;
	/* a page with no entries is filed too (an empty blob), so that it
	 * can be kept by the next build */
	const char *blob = wk->pending.ptr + wk->blob_at;
	size_t len = wk->pending.len - wk->blob_at;
	uint64_t key = hash_of(blob, len, 7);
	const struct record *o = find_old(sc, address);
	XGROW(wk->made, wk->made_cap, wk->nmade + 1);
	struct record *rec = &wk->made[wk->nmade++];
	*rec = (struct record){ .address = arena_strdup(&wk->arena, address),
				.key = key,
				.len = len,
				.cur = 1 };
	if (o && o->key == key && o->len == len) {
		rec->off = o->off; /* the cache holds these entries already */
		buf_truncate(&wk->pending, wk->blob_at);
	} else {
		rec->changed = 1;
		rec->indexed = 1;
		rec->off = wk->blob_at; /* written where it was made */
		if (add_blob(sc->index, worker, blob, len, address) < 0)
			abort(); /* a blob just made is never damaged */
	}
	wk->blob_at = wk->pending.len;
	if (wk->pending.len > (1u << 20))
		flush_pending(sc, wk);
}

void search_cache_reused(struct search_cache *sc, int worker,
			 const char *address, uint64_t fp)
{
	struct worker *wk = &sc->workers[worker];
	XGROW(wk->reused, wk->reused_cap, wk->nreused + 1);
	wk->reused[wk->nreused++] = (struct record){
		.address = arena_strdup(&wk->arena, address), .key = fp, .cur = 1
	};
}

/* ------------------------------------------------------------ the end */

struct feed_run {
	struct search_cache *sc;
	struct search_index *into;
	struct record **recs;
	int snap; /* the blobs of the saved index, not the current ones */
	_Atomic int failed;
};

static void feed_one(size_t i, int worker, void *userdata)
{
	struct feed_run *run = userdata;
	const struct record *rec = run->recs[i];
	uint64_t key = run->snap ? rec->skey : rec->key;
	uint64_t off = run->snap ? rec->soff : rec->off,
		 len = run->snap ? rec->slen : rec->len;
	char *p = xmalloc(len ? len : 1);
	ssize_t got = pread(run->sc->dat_fd, p, len, (off_t)off);
	if (got != (ssize_t)len || hash_of(p, len, 7) != key ||
	    add_blob(run->into, worker, p, len, rec->address) < 0)
		atomic_store(&run->failed, 1);
	free(p);
}

/* Adds the blobs (current, or of the saved index) of recs[0, n) to into;
 * -1 when one cannot be read. */
static int feed(struct search_cache *sc, struct search_index *into,
		struct record **recs, size_t n, int snap, int jobs)
{
	struct feed_run run = { sc, into, recs, snap, 0 };
	atomic_init(&run.failed, 0);
	search_set_threads(into, jobs);
	pool_run(jobs, n, feed_one, &run);
	return atomic_load(&run.failed) ? -1 : 0;
}

/* Copies len bytes at off of fd into out at *at. */
static int copy_range(int fd, uint64_t off, uint64_t len, int out, uint64_t *at)
{
	char chunk[65536];
	while (len) {
		size_t n = len < sizeof(chunk) ? (size_t)len : sizeof(chunk);
		ssize_t got = pread(fd, chunk, n, (off_t)off);
		if (got <= 0 || pwrite(out, chunk, (size_t)got, (off_t)*at) != got)
			return -1;
		off += (uint64_t)got;
		*at += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

/* Removes the data files of dir that entries.idx no longer names, and
 * the saved indexes that a build killed before its publish left. */
static void remove_stale(const struct search_cache *sc, const char *keep)
{
	DIR *dir = opendir(sc->dir);
	struct dirent *de;
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		int stale_index = strncmp(de->d_name, "index.bin.tmp-", 14) == 0;
		if (!stale_index && (strncmp(de->d_name, "entries", 7) != 0 || n < 4 ||
				     (strcmp(de->d_name + n - 4, ".dat") != 0 &&
				      !strstr(de->d_name, ".dat.tmp-")) ||
				     strcmp(de->d_name, keep) == 0))
			continue;
		char *p = file_in(sc, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(dir);
}

/* The saved index is made again (index.bin) when the pages that differ
 * from it cost more to bring up to date at each build than saving it. */
#define SNAPSHOT_PAGES 64
#define SNAPSHOT_BYTES (2u << 20)

/* Saves the records (every page's blob now and in the saved index),
 * compacting the data file when most of it is dead, and, when `snapshot`,
 * puts in place the new saved index that search_cache_finish wrote
 * beside the search files (sc->save_tmp). */
static int save_cache(struct search_cache *sc, struct record **recs, size_t n,
		      int snapshot, uint64_t token)
{
	struct buf index = BUF_INIT;
	char *idx = file_in(sc, "entries.idx");
	const char *dat_name = sc->dat_name;
	int out = -1, rc = -1;
	uint64_t live = 0, gen = sc->generation;
	char *path = NULL;

	if (atomic_load(&sc->dat_failed) || sc->dat_fd < 0) {
		errno = sc->dat_fd < 0 ? errno : EIO;
		goto cleanup;
	}
	if (snapshot) {
		/* written with the search files: put in place now that the
		 * site they go with is live */
		if (!sc->save_tmp) {
			errno = sc->save_errno;
			goto cleanup;
		}
		gen = sc->save_gen;
		char *state = file_in(sc, "index.bin");
		int placed = rename(sc->save_tmp, state);
		free(state);
		if (placed < 0)
			goto cleanup;
		free(sc->save_tmp);
		sc->save_tmp = NULL;
		for (size_t i = 0; i < n; i++) {
			recs[i]->snap = recs[i]->cur;
			recs[i]->skey = recs[i]->key;
			recs[i]->soff = recs[i]->off;
			recs[i]->slen = recs[i]->len;
		}
	}
	for (size_t i = 0; i < n; i++) {
		live += recs[i]->cur ? recs[i]->len : 0;
		if (recs[i]->snap && (!recs[i]->cur || recs[i]->soff != recs[i]->off))
			live += recs[i]->slen;
	}
	uint64_t end = atomic_load(&sc->dat_end);
	if (end - live > live && end - live > (32u << 20)) {
		/* compact: the live blobs into a new file */
		dat_name = new_dat_name(sc);
		path = file_in(sc, dat_name);
		out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out < 0)
			goto cleanup;
		uint64_t at = 0;
		for (size_t i = 0; i < n; i++) {
			struct record *r = recs[i];
			uint64_t off = at;
			int same = r->cur && r->snap && r->soff == r->off;
			if (r->cur) {
				if (copy_range(sc->dat_fd, r->off, r->len, out, &at) < 0)
					goto cleanup;
				r->off = off;
			}
			if (same) {
				r->soff = off;
			} else if (r->snap) {
				uint64_t soff = at;
				if (copy_range(sc->dat_fd, r->soff, r->slen,
					       out, &at) < 0)
					goto cleanup;
				r->soff = soff;
			}
		}
		if (close(out) < 0) {
			out = -1;
			goto cleanup;
		}
		out = -1;
	}

	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		kept += recs[i]->cur || recs[i]->snap;
	cache_begin(&index, idx_magic);
	cache_put_u64(&index, token);
	cache_put_u64(&index, gen);
	cache_put_u64(&index, sc->search_manifest);
	cache_put_cstr(&index, dat_name);
	{
		/* the data file and the saved index as they are now: a later
		 * build that finds them otherwise checks them before trusting
		 * them */
		char *dp = file_in(sc, dat_name);
		struct stamp dat_now = stamp_of(dp);
		free(dp);
		put_stamp(&index, &dat_now);
		if (snapshot) {
			char *ib = file_in(sc, "index.bin");
			sc->ib_stamp = stamp_of(ib);
			free(ib);
		}
		put_stamp(&index, &sc->ib_stamp);
	}
	cache_put_u64(&index, kept);
	for (size_t i = 0; i < n; i++) {
		const struct record *r = recs[i];
		if (!r->cur && !r->snap)
			continue;
		cache_put_cstr(&index, r->address);
		cache_put_u32(&index, (uint32_t)r->cur);
		cache_put_u64(&index, r->cur ? r->key : 0);
		cache_put_u64(&index, r->cur ? r->off : 0);
		cache_put_u64(&index, r->cur ? r->len : 0);
		cache_put_u32(&index, (uint32_t)r->snap);
		cache_put_u64(&index, r->snap ? r->skey : 0);
		cache_put_u64(&index, r->snap ? r->soff : 0);
		cache_put_u64(&index, r->snap ? r->slen : 0);
	}
	if (cache_save(idx, index.ptr, index.len) < 0)
		goto cleanup;
	remove_stale(sc, dat_name);
	rc = 0;

cleanup:
	if (rc < 0) {
		int e = errno;
		if (out >= 0)
			close(out);
		if (path)
			unlink(path);
		drop_save_tmp(sc);
		errno = e;
	}
	free(path);
	free(idx);
	buf_release(&index);
	return rc;
}

/* With opts.timing: the time since the last step, and the peak memory
 * (diag_timing); NULL starts the clock. */
static void step(struct search_cache *sc, const char *what)
{
	if (sc->opts.timing)
		diag_timing(&sc->step_at, "search", 12, what);
}

/* With opts.timing: a note (printf's format) through opts.note. */
static void note(const struct search_cache *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(const struct search_cache *sc, const char *fmt, ...)
{
	struct buf line = BUF_INIT;
	va_list ap;
	if (!sc->opts.timing || !sc->opts.note)
		return;
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	sc->opts.note(line.ptr, sc->opts.userdata);
	buf_release(&line);
}

/* The page differs from what the saved index holds of it. */
static int differs(const struct record *r)
{
	return r->cur != r->snap || (r->cur && r->key != r->skey);
}

/* What search_cache_finish found of the pages. */
struct tally {
	/* every page made or kept, and the pages gone that the saved index
	 * still holds: the records of the new cache */
	struct record **recs;
	size_t nrecs;
	struct record **sel; /* scratch: some of recs */
	size_t nchanged;     /* pages made whose entries changed */
	size_t missing;	     /* pages kept whose entries the cache lacks */
	size_t removed;	     /* pages gone */
};

/* Gathers the workers' records (their pending blobs flushed) and the old
 * records of the pages gone into t. */
static void collect_records(struct search_cache *sc, struct tally *t)
{
	size_t nmade = 0, nreused = 0;

	for (int w = 0; w < sc->nworkers; w++) {
		struct worker *wk = &sc->workers[w];
		flush_pending(sc, wk);
		nmade += wk->nmade;
		nreused += wk->nreused;
	}
	t->recs = xcalloc(nmade + nreused + sc->nold + 1, sizeof(*t->recs));
	t->sel = xcalloc(nmade + nreused + sc->nold + 1, sizeof(*t->sel));
	for (int w = 0; w < sc->nworkers; w++) {
		struct worker *wk = &sc->workers[w];
		for (size_t i = 0; i < wk->nmade; i++) {
			struct record *r = &wk->made[i];
			const struct record *o = find_any(sc, r->address);
			t->nchanged += r->changed;
			if (o) {
				sc->old_seen[o - sc->old] = 1;
				r->snap = o->snap;
				r->skey = o->skey;
				r->soff = o->soff;
				r->slen = o->slen;
			}
			t->recs[t->nrecs++] = r;
		}
		for (size_t i = 0; i < wk->nreused; i++) {
			const struct record *o = find_old(sc, wk->reused[i].address);
			if (o) {
				sc->old_seen[o - sc->old] = 1;
				wk->reused[i] = *o;
				t->recs[t->nrecs++] = &wk->reused[i];
			} else {
				t->missing++;
			}
		}
	}
	for (size_t i = 0; i < sc->nold; i++) {
		struct record *o = &sc->old[i];
		if (sc->old_seen[i])
			continue;
		t->removed += o->cur;
		o->cur = 0;
		o->changed = o->indexed = 0;
		if (o->snap)
			t->recs[t->nrecs++] = o;
	}
}

/* Nothing changed, and the site holds what was written last time: its
 * search files are kept.  Returns 1 when they are. */
static int keep_site_files(struct search_cache *sc, struct output *out,
			   const struct tally *t)
{
	if (!sc->usable || t->nchanged || t->removed || t->missing || !sc->manifest_hash ||
	    !output_reuse(out, "search/manifest.js", sc->manifest_hash))
		return 0;
	output_reuse_prefix(out, "search/");
	sc->search_manifest = sc->manifest_hash;
	sc->snapshot = 0;
	note(sc, "search: kept (no page changed)");
	return 1;
}

/* The pages the update moves though they did not change (pushed on in
 * their kind's range by a page that came, or let back by one that went):
 * their entries as the saved index holds them, for search_update_moving
 * to find their words.  NULL when one cannot be read. */
static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct moved_run {
	struct search_cache *sc;
	struct tally *t;
	int jobs;
};

static struct search_index *moved_pages(const char *const *owners, size_t n, void *userdata)
{
	struct moved_run *m = userdata;
	struct tally *t = m->t;
	struct search_index *mv = search_index_new();
	size_t nsel = 0;
	for (size_t i = 0; i < t->nrecs; i++) {
		struct record *r = t->recs[i];
		if (r->cur && r->snap && !differs(r) && !r->indexed &&
		    bsearch(&r->address, owners, n, sizeof(*owners), cmp_str_ptr))
			t->sel[nsel++] = r;
	}
	if (feed(m->sc, mv, t->sel, nsel, 1, m->jobs) < 0) {
		search_index_free(mv);
		return NULL;
	}
	return mv;
}

/* The saved index brought up to date with the pages that differ from it:
 * their entries now (tokenized this build, or read back) and as it holds
 * them.  NULL when it cannot be (*why says why); else *snapshot says
 * whether it is to be saved again. */
static struct search_index *update_saved(struct search_cache *sc, struct tally *t,
					 int jobs, struct diag_list *d,
					 int *snapshot, const char **why)
{
	char *state = file_in(sc, "index.bin");
	/* as search_cache_begin saw or checked it: not read through again */
	struct stamp now = stamp_of(state);
	struct search_index *base = search_load_on(
		state, sc->generation, stamp_eq(&now, &sc->ib_stamp), jobs);
	size_t nsel = 0, ndiff = 0;
	uint64_t diff_bytes = 0;
	int failed = 0;

	step(sc, "load");
	if (!base) {
		*why = "the saved index cannot be read";
		if (access(state, F_OK) == 0)
			index_damaged(d, state);
		free(state);
		return NULL;
	}
	free(state);
	for (size_t i = 0; i < t->nrecs; i++) {
		struct record *r = t->recs[i];
		if (differs(r)) {
			ndiff++;
			diff_bytes += (r->cur ? r->len : 0) + (r->snap ? r->slen : 0);
		}
		if (r->cur && differs(r) && !r->indexed)
			t->sel[nsel++] = r;
	}
	failed |= feed(sc, sc->index, t->sel, nsel, 0, jobs) < 0;
	for (size_t i = 0; i < nsel; i++)
		t->sel[i]->indexed = 1;
	struct search_index *gone = search_index_new();
	nsel = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		if (t->recs[i]->snap && (differs(t->recs[i]) || t->recs[i]->indexed))
			t->sel[nsel++] = t->recs[i];
	failed |= feed(sc, gone, t->sel, nsel, 1, jobs) < 0;
	/* an index that will not be saved again needs only what its files
	 * hold */
	*snapshot = ndiff > SNAPSHOT_PAGES || diff_bytes > SNAPSHOT_BYTES;
	struct search_update_stats us = { 0 };
	struct moved_run mr = { sc, t, jobs };
	int u = failed ? -1
		       : search_update_moving(base, gone, sc->index, !*snapshot,
					      moved_pages, &mr, &us);
	if (us.counted)
		note(sc,
		     "search: update: %zu entries out, %zu in, %zu words, %zu changed "
		     "(%llu postings; %zu from their kept postings alone), %s%s; "
		     "%zu pages moved in their ranges, %zu words renumbered",
		     us.entries_out, us.entries_in, us.words, us.words_changed,
		     (unsigned long long)us.postings, us.words_kept_only,
		     us.ids_moved ? "ids moved" : "ids kept",
		     us.numbers_kept == 2 ? " (placed again near the change only)"
		     : us.numbers_kept	  ? " (not numbered again)"
					  : "",
		     us.pages_moved, us.words_renumbered);
	search_index_free(gone);
	step(sc, "update");
	if (u < 0) {
		search_index_free(base);
		*why = u == -2 ? "the averages moved" : "the cache does not add up";
		return NULL;
	}
	note(sc, "search: updated (%zu pages changed, %zu gone; %zu differ from the saved index)",
	     t->nchanged, t->removed, ndiff);
	return base;
}

/* The whole index: the entries tokenized this build and those of the
 * other pages, read back from the data file. */
static struct search_index *make_whole(struct search_cache *sc, struct tally *t,
				       int jobs, struct diag_list *d, const char *why)
{
	size_t nsel = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		if (t->recs[i]->cur && !t->recs[i]->indexed)
			t->sel[nsel++] = t->recs[i];
	if (feed(sc, sc->index, t->sel, nsel, 0, jobs) < 0 || t->missing)
		diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, sc->dir, 0,
			 "the search cache is damaged: some pages may be missing from search until the next build");
	step(sc, "read back");
	note(sc, "search: made whole (%s)", sc->usable ? why : "no cache");
	return sc->index;
}

/* The index's figures, to opts.stats_file. */
static void write_stats(const struct search_cache *sc, struct search_index *written)
{
	struct search_stats st;
	struct buf b = BUF_INIT;
	search_stats(written, &st);
	search_stats_format(&b, &st);
	cache_write_file(sc->opts.stats_file, b.ptr, b.len, NULL, 0);
	buf_release(&b);
}

/* The new index.bin is to be written with the search files: its
 * temporary name and its generation. */
static void begin_save(struct search_cache *sc)
{
	struct timespec ts;
	struct buf name = BUF_INIT;
	clock_gettime(CLOCK_REALTIME, &ts);
	sc->save_gen =
		hash_mix_u64((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec,
			     (uint64_t)getpid());
	buf_printf(&name, "index.bin.tmp-%ld", (long)getpid());
	sc->save_tmp = file_in(sc, name.ptr);
	buf_release(&name);
}

int search_cache_finish(struct search_cache *sc, struct output *out, int jobs,
			struct diag_list *d)
{
	struct tally t = { 0 };
	struct buf err = BUF_INIT;
	struct search_index *written = NULL;
	const char *why = "no saved index";
	int rc = 0, snapshot = 1;

	step(sc, NULL);
	collect_records(sc, &t);
	/* the records outlive the build's publish: search_cache_save writes
	 * them */
	sc->recs = t.recs;
	sc->nrecs = t.nrecs;
	sc->finished = 1;
	if (keep_site_files(sc, out, &t))
		goto cleanup;

	if (sc->usable && !t.missing)
		written = sc->written = update_saved(sc, &t, jobs, d, &snapshot, &why);
	else if (t.missing)
		why = "pages missing from the cache";
	if (!written) {
		written = make_whole(sc, &t, jobs, d, why);
		snapshot = 1;
	}

	search_set_threads(written, jobs);
	if (snapshot)
		begin_save(sc);
	int saved = 0;
	rc = search_write_saving(written, out, &err, sc->save_tmp, sc->save_gen, &saved);
	if (saved < 0) {
		sc->save_errno = errno;
		free(sc->save_tmp);
		sc->save_tmp = NULL;
	}
	step(sc, "write");
	if (rc < 0) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		goto cleanup;
	}
	sc->written = written == sc->index ? NULL : written;
	sc->search_manifest = search_manifest_hash(written);
	sc->snapshot = snapshot;
	if (sc->opts.stats_file)
		write_stats(sc, written);

cleanup:
	free(t.sel);
	buf_release(&err);
	return rc;
}

int search_cache_save(struct search_cache *sc, uint64_t token)
{
	if (!sc->finished)
		return 0;
	step(sc, NULL);
	int rc = save_cache(sc, sc->recs, sc->nrecs, sc->snapshot, token);
	int e = errno;
	step(sc, sc->snapshot ? "save" : "save (pages)");
	errno = e;
	return rc;
}

const char *search_cache_dir(const struct search_cache *sc)
{
	return sc->dir;
}
