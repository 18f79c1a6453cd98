#include "strset.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xalloc.h"

int strset_add(struct strset *set, const char *s)
{
	if ((set->len + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct strset big = { xcalloc(cap, sizeof(char *)), cap, 0 };
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i])
				strset_add(&big, set->slots[i]);
		free(set->slots);
		*set = big;
	}
	size_t i = (size_t)hash_of(s, strlen(s), 0) & (set->cap - 1);
	while (set->slots[i]) {
		if (strcmp(set->slots[i], s) == 0)
			return 0;
		i = (i + 1) & (set->cap - 1);
	}
	set->slots[i] = s;
	set->len++;
	return 1;
}

void strset_release(struct strset *set)
{
	free(set->slots);
	set->slots = NULL;
	set->cap = set->len = 0;
}
