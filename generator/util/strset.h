/* strset: a set of strings, for "is this name taken?" checks: a map
 * (map.h) of borrowed keys, without values.  The set does not own its
 * strings: they must outlive it.  Start with STRSET_INIT (or zeroed);
 * strset_release frees it. */
#ifndef CAIRN_STRSET_H
#define CAIRN_STRSET_H

#include "map.h"

struct strset {
	struct map map; /* the strings, in the order they were added */
};

#define STRSET_INIT      \
	{                \
		MAP_INIT \
	}

/* Adds s unless an equal string is in the set: returns 1 when added, 0
 * when it was there. */
int strset_add(struct strset *set, const char *s);

void strset_release(struct strset *set);

#endif
