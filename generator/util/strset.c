#include "strset.h"

#include <string.h>

int strset_add(struct strset *set, const char *s)
{
	int added;
	map_put(&set->map, s, strlen(s), &added);
	return added;
}

void strset_release(struct strset *set)
{
	map_release(&set->map);
}
