/* indexer: feeding the search index (search.c) during a build, so that a
 * rebuild where nothing changed does not index again, and one where pages
 * changed indexes every page without making the unchanged ones again.
 *
 * Each page that adds entries to the index (documents, services, APIs,
 * content pages) hands them over as it is made (indexer_page); the entries
 * are added to the index and also kept in the search cache
 * (<cache>/search/entries.{idx,dat}), under the page's address and its
 * fingerprint (or, for pages without one, the hash of the entries).  A
 * page that was not made again (render_reuse) is only noted
 * (indexer_reused).  At the end, indexer_finish decides:
 *   - nothing that the index holds changed (no page's entries changed, no
 *     page left, the entries made from the model are the same): the search
 *     files the site holds are kept, and the cache too;
 *   - otherwise: the entries of the pages not made again are read back from
 *     the cache and added, the index is written, and the cache rewritten.
 * Without a usable cache, indexer_can_reuse says no, so every page that
 * adds entries is made again (once).  All functions but begin, finish and
 * free are safe from several threads (each worker passes its own number). */
#ifndef CAIRN_INDEXER_H
#define CAIRN_INDEXER_H

#include <stdint.h>

#include "diag.h"
#include "output.h"
#include "search.h"

struct indexer;

/* Opens the cache in cache_dir (made if missing); workers: the number of
 * render threads. */
struct indexer *indexer_begin(const char *cache_dir, int workers);
void indexer_free(struct indexer *ix);

/* The index that pages add to. */
struct search_index *indexer_index(struct indexer *ix);

/* True when a page that adds entries may be reused (the cache holds the
 * entries of the pages the site holds). */
int indexer_can_reuse(const struct indexer *ix);

/* Adds one entry (or a page with its sections, when toc is given) for the
 * page being made by `worker`, and keeps it for the cache. */
void indexer_add(struct indexer *ix, int worker, const struct search_entry *e,
		 const struct markdown_heading *toc, size_t ntoc);
/* The page being made by `worker` is done: its entries are filed under
 * address and key (its fingerprint; 0: the hash of its entries). */
void indexer_page(struct indexer *ix, int worker, const char *address,
		  uint64_t key);
/* A page that adds entries was kept as it was. */
void indexer_reused(struct indexer *ix, int worker, const char *address,
		    uint64_t fp);

/* Adds the entries made from the model (teams, action items, ...): they
 * are counted in the decision through model_key. */
int indexer_finish(struct indexer *ix, struct output *out, uint64_t model_key,
		   int jobs, struct diag_list *d);

#endif
