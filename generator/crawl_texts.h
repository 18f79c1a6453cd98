/* crawl_texts: a repository's documents' texts in the crawl's cache
 * (<cache>/crawl-text/), kept beside its snapshot for one use only:
 * rendering the pages of a repository that cannot be read any more
 * (keep_last_good in crawl.c).
 *
 * The file is the texts one after another, a header (cache.h record:
 * magic, cairn's build, the snapshot's commit, then per document its path,
 * its text's length or UINT64_MAX when it has none, its text's hash_of
 * with SITE_TEXT_SEED and where the text starts in the file) and a tail of
 * 16 bytes: the header's length and its hash_of, little-endian.  A crawl
 * writes a repository's texts straight into its file as it reads them
 * (crawl_texts_begin: site_spill puts them there, the render reads them
 * back from it), so that keeping them costs no second write; when the
 * file cannot be made (or the process has few descriptors to spare) the
 * texts go to the spill file and are copied into the file by the kernel. */
#ifndef CAIRN_CRAWL_TEXTS_H
#define CAIRN_CRAWL_TEXTS_H

#include "site.h"

/* Makes src's file, under a name of its own until crawl_texts_save, for
 * site_spill to write src's texts into (src->texts); nothing when it
 * cannot (the texts go to the spill file).  The thread that crawls src,
 * before its first document is spilled. */
void crawl_texts_begin(struct site *s, struct source *src);

/* Saves the texts of src's documents that site_spill kept; a file that
 * cannot be written is reported once a build (site_cache_failed). */
void crawl_texts_save(struct site *s, const struct source *src);

/* Puts the texts saved for src's documents at its snapshot's commit into
 * the spill file, where render_doc_text finds them.  Documents whose text
 * is not there, or whose bytes are not those saved, keep spilled = 0; a
 * file whose header is damaged is a warning naming it. */
void crawl_texts_load(struct site *s, struct source *src);

#endif
