/* crawl_texts: a repository's documents' texts in the crawl's cache
 * (<cache>/crawl-text/), kept beside its snapshot for one use only:
 * rendering the pages of a repository that cannot be read any more
 * (keep_last_good in crawl.c).
 *
 * The file is a header (cache.h record: magic, cairn's build, the
 * snapshot's commit, then per document its path, its text's length or
 * UINT64_MAX when it has none, and its text's hash_of with
 * SITE_TEXT_SEED), the texts one after another, and a tail of 16 bytes:
 * the header's length and its hash_of, little-endian.  The texts are
 * copied into it from the spill file by the kernel where the file systems
 * allow, so that saving a repository's texts costs no copy through cairn
 * and no pass over them (a text's hash is taken when it is spilled). */
#ifndef CAIRN_CRAWL_TEXTS_H
#define CAIRN_CRAWL_TEXTS_H

#include "site.h"

/* Saves the texts of src's documents that site_spill kept; a file that
 * cannot be written is reported once a build (site_cache_failed). */
void crawl_texts_save(struct site *s, const struct source *src);

/* Puts the texts saved for src's documents at its snapshot's commit into
 * the spill file, where render_doc_text finds them.  Documents whose text
 * is not there, or whose bytes are not those saved, keep spilled = 0; a
 * file whose header is damaged is a warning naming it. */
void crawl_texts_load(struct site *s, struct source *src);

#endif
