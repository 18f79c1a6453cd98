#include "crawl_texts.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "crawl_cache.h"
#include "hash.h"
#include "le.h"
#include "xalloc.h"

static const char texts_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'C', 'T', '3' };

#define TEXTS_DIR "crawl-text"
#define TEXTS_SEED 0x43543333u
/* the format before (header, texts, tail): made again without a word */
#define TEXTS_SEED_CT2 0x43543232u
#define NO_TEXT UINT64_MAX

void crawl_texts_begin(struct site *s, struct source *src)
{
	struct cache_file f;
	if (src->texts || !s->cfg || !s->cfg->cache)
		return;
	if (atomic_fetch_add(&s->text_files, 1) >= s->text_files_max) {
		atomic_fetch_sub(&s->text_files, 1);
		return; /* the spill file holds them */
	}
	char *path = crawl_cache_path(s, src, TEXTS_DIR);
	if (cache_file_begin(&f, path) == 0) {
		src->texts = arena_alloc(&src->arena, sizeof(*src->texts));
		*src->texts = f;
		src->text_end = 0;
	} else {
		atomic_fetch_sub(&s->text_files, 1);
	}
	free(path);
}

/* The header and tail of src's file, the texts being at the offsets in
 * spans (len bytes each; those of documents with no text unused). */
static void put_header(struct buf *out, const struct source *src,
		       const struct cache_span *at)
{
	struct buf head = BUF_INIT;
	char tail[16];
	cache_begin(&head, texts_magic);
	cache_put_cstr(&head, src->commit.id);
	cache_put_u64(&head, src->ndocs);
	for (size_t i = 0; i < src->ndocs; i++) {
		const struct document *d = src->docs[i];
		cache_put_cstr(&head, d->path);
		cache_put_u64(&head, d->spilled ? (uint64_t)d->len : NO_TEXT);
		cache_put_u64(&head, d->spilled ? d->text_hash : 0);
		cache_put_u64(&head, d->spilled ? at[i].off : 0);
	}
	le_put64(tail, head.len);
	le_put64(tail + 8, hash_of(head.ptr, head.len, TEXTS_SEED));
	buf_put(out, head.ptr, head.len);
	buf_put(out, tail, sizeof(tail));
	buf_release(&head);
}

void crawl_texts_save(struct site *s, const struct source *src)
{
	struct buf head = BUF_INIT;
	struct cache_span *at = xcalloc(src->ndocs + 1, sizeof(*at));
	struct cache_span *spans = xcalloc(src->ndocs + 1, sizeof(*spans));
	size_t nspans = 0;
	uint64_t end = 0;
	char *path = crawl_cache_path(s, src, TEXTS_DIR);

	if (src->texts) {
		/* written already, where site_spill put them */
		for (size_t i = 0; i < src->ndocs; i++)
			at[i].off = src->docs[i]->spilled - 1;
		put_header(&head, src, at);
		errno = 0;
		if (cache_pwrite_all(src->texts->fd, head.ptr, head.len,
				     src->text_end) < 0 ||
		    cache_file_put(src->texts, path) < 0) {
			if (!errno)
				errno = ENOSPC;
			cache_file_drop(src->texts);
			site_cache_failed(s, path);
		}
		goto cleanup;
	}
	if (s->spill_fd < 0)
		goto cleanup;
	/* from the spill file, one after another */
	for (size_t i = 0; i < src->ndocs; i++) {
		const struct document *d = src->docs[i];
		if (!d->spilled)
			continue;
		at[i].off = end;
		end += d->len;
		spans[nspans++] = (struct cache_span){ d->spilled - 1, d->len };
	}
	put_header(&head, src, at);
	if (cache_write_file_spans(path, "", 0, s->spill_fd, spans, nspans,
				   head.ptr, head.len) < 0)
		site_cache_failed(s, path);

cleanup:
	free(path);
	free(spans);
	free(at);
	buf_release(&head);
}

/* Where the header of the file in data starts (its tail checked; its
 * length in *len), or -1 when the tail does not match it: 1 in *old when
 * it is a file of the format before, which is not used. */
static int64_t header_at(const struct buf *data, size_t *len, int *old)
{
	*old = 0;
	if (data->len < 16)
		return -1;
	const char *t = data->ptr + data->len - 16;
	uint64_t n = le_get64(t), h = le_get64(t + 8);
	if (n == 0 || n > data->len - 16)
		return -1;
	size_t start = data->len - 16 - (size_t)n;
	if (hash_of(data->ptr + start, (size_t)n, TEXTS_SEED) == h) {
		*len = (size_t)n;
		return (int64_t)start;
	}
	*old = hash_of(data->ptr, (size_t)n, TEXTS_SEED_CT2) == h;
	return -1;
}

void crawl_texts_load(struct site *s, struct source *src)
{
	struct buf data = BUF_INIT;
	struct arena a;
	arena_init(&a);
	char *path = crawl_cache_path(s, src, TEXTS_DIR);
	if (cache_load_raw(&data, path) < 0)
		goto cleanup; /* none */
	size_t hl = 0;
	int old = 0;
	int64_t start = header_at(&data, &hl, &old);
	if (start < 0) {
		if (!old)
			cache_report_damaged(s->diags, path);
		goto cleanup;
	}
	/* a file of another format or build of cairn is made again silently */
	struct buf head = { data.ptr + start, hl, 0 };
	struct cache_reader r;
	if (cache_open(&r, &head, texts_magic) < 0)
		goto cleanup;
	const char *commit = cache_get_str(&r, &a, NULL);
	if (!commit || strcmp(commit, src->commit.id) != 0)
		goto cleanup;
	size_t n = cache_get_count(&r);
	uint64_t end = (uint64_t)start;
	for (size_t i = 0; i < n && !r.bad; i++) {
		const char *p = cache_get_str(&r, &a, NULL);
		uint64_t len = cache_get_u64(&r);
		uint64_t h = cache_get_u64(&r);
		uint64_t off = cache_get_u64(&r);
		if (len == NO_TEXT || r.bad)
			continue;
		if (off > end || len > end - off)
			continue; /* not where the header says */
		const char *text = data.ptr + off;
		struct document *d = p ? site_find_doc(src, p) : NULL;
		if (d && len == d->len &&
		    hash_of(text, (size_t)len, SITE_TEXT_SEED) == h)
			site_spill(s, d, text, (size_t)len, NULL, 0);
		arena_reset(&a);
	}

cleanup:
	free(path);
	buf_release(&data);
	arena_release(&a);
}
