#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ARENA_BLOCK 65536
/* An arena's first block; each next one twice the last, up to
 * ARENA_BLOCK.  Most arenas hold a few hundred bytes (a repository's
 * stamps, a page's strings), and with huge pages a block's first touch
 * costs the whole 2 MB page it lies in: 64 KB blocks for 200 such
 * arenas spread a rebuild over 13 MB (docs/design.md, "Fresh memory,
 * and arenas that start small"). */
#define ARENA_FIRST 1024
#define ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

/* the debug switch: set once, before any arena is used */
static int debug_all;

void arena_set_debug(int on)
{
	debug_all = on;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;
	if (!keep || debug_all || keep->size > ARENA_BLOCK) {
		arena_release(a);
		return;
	}
	struct arena_block *b = keep->next;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
}

/* Memory for n bytes, not zeroed.  In debug mode each allocation is its own
 * block of exactly n bytes (data is aligned by the block header), so that
 * AddressSanitizer sees an overflow by a single byte. */
static void *alloc_raw(struct arena *a, size_t n)
{
	if (!debug_all) {
		n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		if (!n)
			n = ALIGN;
	}
	struct arena_block *b = a->head;
	if (debug_all || !b || b->size - b->used < n) {
		int oneoff = debug_all || n > ARENA_BLOCK / 4;
		size_t size = n;
		if (!oneoff) {
			size = !b			   ? ARENA_FIRST
			       : b->size < ARENA_BLOCK / 2 ? 2 * b->size
							   : ARENA_BLOCK;
			while (size < n)
				size *= 2;
		}
		struct arena_block *nb = xmalloc(sizeof(*nb) + size);
		nb->size = size;
		nb->used = 0;
		if (b && oneoff && !debug_all && b->size - b->used >= ALIGN) {
			/* a big one-off: keep the current block for small ones */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	return alloc_raw(a, n);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* GCC 12 with the sanitizers warns falsely here ("null format string") */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	char small[256];
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
#pragma GCC diagnostic pop

void *arena_grow(struct arena *a, void *items, size_t *cap, size_t need, size_t elem_size)
{
	if (need <= *cap)
		return items;
	size_t c = *cap < 4 ? 4 : *cap;
	while (c < need)
		c *= 2;
	void *n = arena_alloc(a, c * elem_size);
	if (items && *cap)
		memcpy(n, items, *cap * elem_size);
	*cap = c;
	return n;
}
