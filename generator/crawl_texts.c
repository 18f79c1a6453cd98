#include "crawl_texts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "crawl_cache.h"
#include "hash.h"
#include "xalloc.h"

static const char texts_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'C', 'T', '2' };

#define TEXTS_DIR "crawl-text"
#define TEXTS_SEED 0x43543232u
#define NO_TEXT UINT64_MAX

static void put_le64(char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (char)(v >> (8 * i));
}

static uint64_t get_le64(const char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)(unsigned char)p[i] << (8 * i);
	return v;
}

void crawl_texts_save(struct site *s, const struct source *src)
{
	struct buf head = BUF_INIT;
	struct cache_span *spans = NULL;
	size_t nspans = 0;
	char tail[16];

	if (s->spill_fd < 0)
		return;
	spans = xcalloc(src->ndocs + 1, sizeof(*spans));
	cache_begin(&head, texts_magic);
	cache_put_cstr(&head, src->commit.id);
	cache_put_u64(&head, src->ndocs);
	for (size_t i = 0; i < src->ndocs; i++) {
		const struct document *d = src->docs[i];
		cache_put_cstr(&head, d->path);
		cache_put_u64(&head, d->spilled ? (uint64_t)d->len : NO_TEXT);
		cache_put_u64(&head, d->spilled ? d->text_hash : 0);
		if (d->spilled)
			spans[nspans++] = (struct cache_span){ d->spilled - 1, d->len };
	}
	put_le64(tail, head.len);
	put_le64(tail + 8, hash_of(head.ptr, head.len, TEXTS_SEED));
	char *path = crawl_cache_path(s, src, TEXTS_DIR);
	if (cache_write_file_spans(path, head.ptr, head.len, s->spill_fd, spans,
				   nspans, tail, sizeof(tail)) < 0)
		site_cache_failed(s, path);
	free(path);
	free(spans);
	buf_release(&head);
}

/* The header of the file in data (its tail checked): its length, or 0
 * when the tail does not match it. */
static size_t header_len(const struct buf *data)
{
	if (data->len < 16)
		return 0;
	const char *t = data->ptr + data->len - 16;
	uint64_t n = get_le64(t);
	if (n == 0 || n > data->len - 16 ||
	    hash_of(data->ptr, (size_t)n, TEXTS_SEED) != get_le64(t + 8))
		return 0;
	return (size_t)n;
}

void crawl_texts_load(struct site *s, struct source *src)
{
	struct buf data = BUF_INIT;
	struct arena a;
	arena_init(&a);
	char *path = crawl_cache_path(s, src, TEXTS_DIR);
	if (cache_load_raw(&data, path) < 0)
		goto cleanup; /* none */
	size_t hl = header_len(&data);
	if (!hl) {
		cache_report_damaged(s->diags, path);
		goto cleanup;
	}
	/* a file of another format or build of cairn is made again silently */
	struct buf head = { data.ptr, hl, 0 };
	struct cache_reader r;
	if (cache_open(&r, &head, texts_magic) < 0)
		goto cleanup;
	const char *commit = cache_get_str(&r, &a, NULL);
	if (!commit || strcmp(commit, src->commit.id) != 0)
		goto cleanup;
	size_t n = cache_get_count(&r);
	size_t off = hl, end = data.len - 16;
	for (size_t i = 0; i < n && !r.bad; i++) {
		const char *p = cache_get_str(&r, &a, NULL);
		uint64_t len = cache_get_u64(&r);
		uint64_t h = cache_get_u64(&r);
		if (len == NO_TEXT || r.bad)
			continue;
		if (len > end - off)
			break; /* the texts are not what the header says */
		const char *text = data.ptr + off;
		off += (size_t)len;
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
