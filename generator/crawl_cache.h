/* crawl_cache: a repository's files in the crawl's cache folders,
 * <cache>/<dir>/<name>-<hash>.bin — the snapshot of its crawl (crawl/),
 * its documents' texts (crawl-text/), its deploys (deploys/), its lists of
 * packages (deps/).
 *
 * Each is a cache.h record (magic, then cairn's build) whose writer ends
 * it, when it keeps any, with the diagnostics found while making what it
 * holds: read back whole, they are reported again, as a crawl that did
 * the work would have.  A file that does not decode to its end is ignored
 * (the work is done again), and what it held is not used. */
#ifndef CAIRN_CRAWL_CACHE_H
#define CAIRN_CRAWL_CACHE_H

#include "cache.h"
#include "site.h"

/* src's file in the cache folder `dir` (malloc'd): its safe name and a
 * hash of where it comes from (so two repositories of one name do not
 * meet). */
char *crawl_cache_path(const struct site *s, const struct source *src, const char *dir);

/* A file of the cache being read: r reads it after its header. */
struct crawl_cache {
	struct cache_reader r;
	struct buf data;
	char *path;
};

#define CRAWL_CACHE_INIT                          \
	{                                         \
		{ NULL, NULL, 0 }, BUF_INIT, NULL \
	}

/* Opens src's file in `dir`, written with magic: 0 with c->r after its
 * header; -1 when there is none, or it is damaged or was written by
 * another build of cairn (then a warning to s->diags).  c is released by
 * crawl_cache_close either way. */
int crawl_cache_open(struct crawl_cache *c, const struct site *s,
		     const struct source *src, const char *dir, const char magic[8]);

/* Reads the diagnostics that end the file.  When the whole file decoded
 * (nothing bad, nothing after them) they are reported again to src->diags
 * and 0 is returned; else -1, with src->diags untouched. */
int crawl_cache_end(struct crawl_cache *c, struct source *src);

void crawl_cache_close(struct crawl_cache *c);

/* Ends the record b with src's diagnostics from number `first` on (those
 * found while making what b holds). */
void crawl_cache_put_diags(struct buf *b, const struct source *src, size_t first);

/* Saves the record b as src's file in `dir`; one that cannot be written
 * is reported once a build (site_cache_failed). */
void crawl_cache_save(struct site *s, const struct source *src, const char *dir,
		      const struct buf *b);

#endif
