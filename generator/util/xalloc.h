/* xalloc: allocation helpers that abort on out-of-memory.
 *
 * A CLI has nothing better to do when memory runs out, and aborting here
 * removes a check from every caller.  Every function returns non-NULL. */
#ifndef CAIRN_XALLOC_H
#define CAIRN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *items (of *cap elements of elem_size bytes) so that it holds at
 * least need elements; doubles the capacity. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem_size);

#define XGROW(items, cap, need) \
	xgrow((void **)&(items), &(cap), (need), sizeof(*(items)))

#endif
