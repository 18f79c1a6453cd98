#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"
#include "xalloc.h"

void map_init(struct map *m, struct arena *keys)
{
	memset(m, 0, sizeof(*m));
	m->keys = keys;
}

void map_init_arena(struct map *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->keys = m->arrays = a;
}

/* The 32 bits of a key's hash that a slot keeps: they place the key in
 * the table too, so growing never reads a key. */
static uint32_t key_hash(const void *key, size_t len)
{
	return (uint32_t)hash_of(len ? key : "", len, 0);
}

static int same(const struct map_entry *e, const void *key, size_t len)
{
	return e->len == len && (!len || memcmp(e->key, key, len) == 0);
}

/* The slot holding key, or the empty slot where it would go (the table
 * has slots and an empty one). */
static size_t find(const struct map *m, const void *key, size_t len, uint32_t h)
{
	size_t mask = m->nslots - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t s = m->slots[i];
		if (!s || ((uint32_t)(s >> 32) == h &&
			   same(&m->entries[(uint32_t)s - 1], key, len)))
			return i;
	}
}

static void grow(struct map *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 16;
	uint64_t *slots = m->arrays ? arena_alloc(m->arrays, n * sizeof(*slots))
				    : xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < m->nslots; i++) {
		uint64_t s = m->slots[i];
		if (!s)
			continue;
		size_t k = (size_t)(s >> 32) & (n - 1);
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = s;
	}
	if (!m->arrays)
		free(m->slots);
	m->slots = slots;
	m->nslots = n;
}

struct map_entry *map_get(const struct map *m, const void *key, size_t len)
{
	if (!m->len)
		return NULL;
	uint64_t s = m->slots[find(m, key, len, key_hash(key, len))];
	return s ? &m->entries[(uint32_t)s - 1] : NULL;
}

struct map_entry *map_put(struct map *m, const void *key, size_t len, int *added)
{
	if ((m->len + 1) * 2 > m->nslots)
		grow(m);
	uint32_t h = key_hash(key, len);
	size_t i = find(m, key, len, h);
	if (added)
		*added = !m->slots[i];
	if (m->slots[i])
		return &m->entries[(uint32_t)m->slots[i] - 1];
	if (m->len >= UINT32_MAX - 1)
		abort(); /* the index would not fit its slot */
	if (m->arrays)
		ARENA_GROW(m->arrays, m->entries, m->cap, m->len + 1);
	else
		XGROW(m->entries, m->cap, m->len + 1);
	struct map_entry *e = &m->entries[m->len++];
	memset(e, 0, sizeof(*e));
	if (m->keys)
		e->key = arena_strndup(m->keys, len ? key : "", len);
	else
		e->key = key ? key : "";
	e->len = len;
	m->slots[i] = (uint64_t)h << 32 | (uint32_t)m->len;
	return e;
}

void map_clear(struct map *m)
{
	if (m->slots)
		memset(m->slots, 0, m->nslots * sizeof(*m->slots));
	m->len = 0;
}

void map_release(struct map *m)
{
	if (!m->arrays) {
		free(m->entries);
		free(m->slots);
	}
	m->entries = NULL;
	m->slots = NULL;
	m->len = m->cap = m->nslots = 0;
}
