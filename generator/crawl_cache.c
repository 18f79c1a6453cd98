#include "crawl_cache.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

char *crawl_cache_path(const struct site *s, const struct source *src, const char *dir)
{
	struct buf p = BUF_INIT, name = BUF_INIT;
	const struct config_repo *cr = src->cfg;
	uint64_t h = hash_mix_str(0, cr->url ? cr->url : cr->path);
	h = hash_mix_str(h, cr->branch);
	site_safe_segment(&name, src->name, strlen(src->name));
	buf_printf(&p, "%s/%s/%s-%016llx.bin", s->cfg->cache, dir, name.ptr,
		   (unsigned long long)h);
	buf_release(&name);
	return buf_detach(&p, NULL);
}

int crawl_cache_open(struct crawl_cache *c, const struct site *s,
		     const struct source *src, const char *dir, const char magic[8])
{
	c->path = crawl_cache_path(s, src, dir);
	return cache_read(&c->r, &c->data, c->path, magic, s->diags);
}

int crawl_cache_end(struct crawl_cache *c, struct source *src)
{
	struct diag_list replay;
	int rc = -1;
	diag_init(&replay);
	cache_get_diags(&c->r, &replay);
	if (!c->r.bad && c->r.p == c->r.end) {
		diag_append(&src->diags, &replay);
		rc = 0;
	}
	diag_release(&replay);
	return rc;
}

void crawl_cache_close(struct crawl_cache *c)
{
	free(c->path);
	c->path = NULL;
	buf_release(&c->data);
}

void crawl_cache_put_diags(struct buf *b, const struct source *src, size_t first)
{
	struct diag_list view = src->diags;
	view.items += first;
	view.len -= first;
	cache_put_diags(b, &view);
}

void crawl_cache_save(struct site *s, const struct source *src, const char *dir,
		      const struct buf *b)
{
	char *path = crawl_cache_path(s, src, dir);
	if (cache_save(path, b->ptr, b->len) < 0)
		site_cache_failed(s, path);
	free(path);
}
