/* strset: a set of strings, for "is this name taken?" checks (open
 * addressing, grown as needed).  The set does not own its strings: they
 * must outlive it.  Start with STRSET_INIT; strset_release frees it. */
#ifndef CAIRN_STRSET_H
#define CAIRN_STRSET_H

#include <stddef.h>

struct strset {
	const char **slots;
	size_t cap, len;
};

#define STRSET_INIT        \
	{                  \
		NULL, 0, 0 \
	}

/* Adds s unless an equal string is in the set: returns 1 when added, 0
 * when it was there. */
int strset_add(struct strset *set, const char *s);

void strset_release(struct strset *set);

#endif
