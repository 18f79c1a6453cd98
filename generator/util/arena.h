/* arena: bump allocation for data that lives as long as a build (or a page).
 *
 * Not thread-safe: one arena per thread or per job.  Everything allocated
 * is freed at once by arena_release.  After arena_set_debug(1) (main.c
 * calls it when CAIRN_ARENA_DEBUG is set, before any arena is used), each
 * allocation is a separate malloc, so that AddressSanitizer and valgrind
 * see every object. */
#ifndef CAIRN_ARENA_H
#define CAIRN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

/* An empty arena: the same as arena_init gives. */
#define ARENA_INIT   \
	{            \
		NULL \
	}

void arena_init(struct arena *a);
/* The debug switch, for the whole process; set before any arena is used
 * (an arena must not hold blocks of both modes). */
void arena_set_debug(int on);
void arena_release(struct arena *a);
/* Returns zeroed memory aligned for any object; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* The same, not zeroed: for bytes written over at once (a file's bytes
 * read into it). */
void *arena_alloc_raw(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Empties the arena but keeps its newest block for reuse. */
void arena_reset(struct arena *a);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grows an array allocated in the arena (copying; the old one is not freed
 * until arena_release). */
void *arena_grow(struct arena *a, void *items, size_t *cap, size_t need,
		 size_t elem_size);

#define ARENA_GROW(a, items, cap, need) \
	((items) = arena_grow((a), (items), &(cap), (need), sizeof(*(items))))

#endif
