/* markdown_ids: what markdown.c's renderer asks of text without md4c:
 * URLs made safe (markdown_url_safe, in markdown.h), heading slugs
 * (markdown_slug) and the ids taken in one document.  Internal to the
 * markdown module: other modules use markdown.h. */
#ifndef CAIRN_MARKDOWN_IDS_H
#define CAIRN_MARKDOWN_IDS_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "map.h"
#include "markdown.h"

/* The ids used so far in a document: a map (map.h) from each id, copied
 * into the set's arena, to the next suffix to try for that base, so that
 * many equal headings cost linear time. */
struct idset {
	struct map map;
	struct arena keys;
};

/* Makes the slug in id unique in the set (appending -1, -2, ...) and adds
 * it.  scratch is clobbered.  A set starts zeroed. */
void markdown_idset_claim(struct idset *set, struct buf *id, struct buf *scratch);
void markdown_idset_release(struct idset *set);

/* Removes what browsers ignore in a URL: leading and trailing C0 controls
 * and spaces, and tabs and line breaks anywhere. */
void markdown_clean_url(struct buf *u);

/* Appends n in decimal (printf is slow on hot paths). */
void markdown_put_uint(struct buf *b, unsigned long n);

#endif
