/* search_cache: the search cache, <cache>/search/, which feeds the search
 * index (search.h) during a build so that a rebuild where nothing changed
 * does not index again, and one where a few pages changed indexes those
 * pages only.
 *
 * Each page that adds entries to the index (documents, services, APIs,
 * content pages; and the entries made from the model, as the page
 * "#model") hands them over as it is made (search_cache_add,
 * search_cache_page).  They are kept in the cache's files:
 *   - entries.idx, entries-*.dat: each page's entries as it handed them
 *     over (its "blob"), under its address and the hash of the blob; the
 *     data file is appended to, and compacted when it is more than half
 *     dead;
 *   - index.bin: the index as written (search_save), of the same
 *     generation as entries.idx.
 * A page that was not made again (render_reuse) is only noted
 * (search_cache_reused).  Only the entries of pages whose blob changed
 * are tokenized.  At the end, search_cache_finish decides:
 *   - nothing that the index holds changed, and the site holds the
 *     manifest written last time: the search files the site holds are kept;
 *   - a few pages changed, came or went: the saved index is loaded and
 *     brought up to date (search_update) with the pages' old entries (read
 *     back from the data file) and their new ones, and only the files whose
 *     bytes changed are written;
 *   - otherwise (no saved index, the averages of the fields left their
 *     steps, anything that does not add up): the entries of the pages not
 *     tokenized are read back from the data file, and the whole index is
 *     made and written.
 * Either way the files are those a build from scratch would write.
 * Without a usable cache, search_cache_can_reuse says no, so every page
 * that adds entries is made again (once).  All functions but begin,
 * finish, save and free are safe from several threads (each worker passes
 * its own number). */
#ifndef CAIRN_SEARCH_CACHE_H
#define CAIRN_SEARCH_CACHE_H

#include <stdint.h>

#include "diag.h"
#include "output.h"
#include "search.h"

struct search_cache;

/* What the caller wants besides the index (main.c reads the environment). */
struct search_cache_options {
	/* a developer's aid (CAIRN_TIMING): each step's time (diag_timing)
	 * and, through note, which way the index was made and what an update
	 * changed */
	int timing;
	/* called with each note, a line such as "search: kept (no page
	 * changed)" (no newline); NULL: none */
	void (*note)(const char *line, void *userdata);
	void *userdata;
	/* the file the index's figures are written to, as
	 * search_stats_format gives them (CAIRN_SEARCH_STATS, for make
	 * bench); NULL: none */
	const char *stats_file;
};
#define SEARCH_CACHE_OPTIONS_INIT   \
	{                           \
		0, NULL, NULL, NULL \
	}

/* Opens the cache in cache_dir (made if missing); workers: the number of
 * render threads; opts (NULL: SEARCH_CACHE_OPTIONS_INIT) is copied.  The
 * cache is used only when it was saved for the site that is live now
 * (live_token, output_live_token; 0: no site): a cache saved by a build
 * that was then killed before it published, or whose site failed to be
 * saved, is not trusted.  A damaged cache file is reported to d.  Never
 * NULL. */
struct search_cache *search_cache_begin(const char *cache_dir, int workers,
					uint64_t live_token,
					const struct search_cache_options *opts,
					struct diag_list *d);
void search_cache_free(struct search_cache *sc);

/* True when the page at address may be reused: the cache holds the
 * entries of the site's page. */
int search_cache_can_reuse(const struct search_cache *sc, const char *address);

/* Adds one entry (or a page with its sections, when toc is given) for the
 * page being made by `worker`. */
void search_cache_add(struct search_cache *sc, int worker,
		      const struct search_entry *e,
		      const struct markdown_heading *toc, size_t ntoc);
/* The page being made by `worker` is done: its entries are filed under
 * address (fp is not needed: the entries themselves are compared). */
void search_cache_page(struct search_cache *sc, int worker, const char *address,
		       uint64_t fp);
/* A page that adds entries was kept as it was. */
void search_cache_reused(struct search_cache *sc, int worker,
			 const char *address, uint64_t fp);

/* Writes the index's files through out (see above).  Returns -1 (with a
 * diagnostic) when a file cannot be written. */
int search_cache_finish(struct search_cache *sc, struct output *out, int jobs,
			struct diag_list *d);
/* Saves the cache for the site just published, whose token is `token`
 * (output_next_token before the commit): called only once the site is
 * live, so that the cache never runs ahead of the site.  Returns -1 with
 * errno when it cannot be saved (the next build then indexes everything:
 * the live site's token is not the one the old cache was saved for). */
int search_cache_save(struct search_cache *sc, uint64_t token);
/* The cache's folder. */
const char *search_cache_dir(const struct search_cache *sc);

#endif
