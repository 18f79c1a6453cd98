/* crawl_apis: what the crawl learns of a repository's API description
 * files without rendering them (openapi_probe: whether a file is one, its
 * title, version, operations and the files its $refs name), kept in the
 * repository's crawl snapshot so that a rebuild at the same commit parses
 * none of them.
 *
 * A probe depends only on the file's text, its path and the YAML limits,
 * all of which key the snapshot; assembly reads aux_file.probe and probes
 * a file itself only when the crawl did not (a file that paths: now calls
 * an API description in a stale repository's old snapshot). */
#ifndef CAIRN_CRAWL_APIS_H
#define CAIRN_CRAWL_APIS_H

#include "cache.h"
#include "site.h"

/* Sets the probe of each of src's aux files that src->paths calls an API
 * description (layout_is_api) or that its catalog names as an API's
 * definition ($text); all in src's arena.  The crawl thread of
 * src only. */
void crawl_apis_probe(const struct site *s, struct source *src);

/* Appends src's probes to b: one record per aux file, in their order. */
void crawl_apis_put(struct buf *b, const struct source *src);

/* Reads what crawl_apis_put wrote for the naux files aux (into a); with
 * keep 0 they are read and left out (made with other limits).  A record
 * that does not decode sets r->bad. */
void crawl_apis_get(struct cache_reader *r, struct arena *a,
		    struct aux_file *aux, size_t naux, int keep);

#endif
