/* map: the program's one hash map keyed by byte strings.
 *
 * A key is (pointer, length): text, or binary bytes (an object id, the
 * bytes of a pointer); the empty key is a key like any other.  Each entry
 * holds one value, a pointer or a number (the union).  Entries stay in the
 * order they were first put: m->entries[0, m->len) may be walked, and the
 * walk is the same on every run.  Lookups hash with hash_of (hash.h) into
 * open addressing with linear probing, kept at most half full; a slot
 * holds 32 bits of the key's hash beside the entry's index, so most
 * mismatches are told apart without reading the key.
 *
 * Keys are copied into the arena given to map_init, with a NUL after
 * them (so a text key's copy is a C string); a map without an arena
 * (MAP_INIT, or map_init with NULL) borrows them: the caller's bytes must
 * stay where they are, unchanged, while the map holds them.
 *
 * Start with MAP_INIT or map_init; map_release frees what the map
 * allocated (not the arena's copies).  A map made by map_init_arena lives
 * wholly in its arena (keys and table; a grown table's old arrays stay
 * there until the arena goes): it needs no map_release.  There is no deletion: map_clear
 * empties the whole map.  Not thread-safe. */
#ifndef CAIRN_MAP_H
#define CAIRN_MAP_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct map_entry {
	const char *key; /* len bytes: the arena's copy, or the caller's
			  * ("" for a NULL key of length 0) */
	size_t len;
	union {
		void *val;  /* NULL when new */
		size_t num; /* 0 when new */
	};
};

struct map {
	struct map_entry *entries; /* in the order they were put */
	size_t len, cap;
	uint64_t *slots;      /* hash << 32 | (entry index + 1); 0: empty */
	size_t nslots;	      /* 0 or a power of two */
	struct arena *keys;   /* where keys are copied; NULL: borrowed */
	struct arena *arrays; /* where entries and slots live; NULL: malloc */
};

/* An empty map that borrows its keys: the same as map_init(m, NULL). */
#define MAP_INIT                                \
	{                                       \
		NULL, 0, 0, NULL, 0, NULL, NULL \
	}

/* An empty map copying its keys into keys (NULL: borrowing them). */
void map_init(struct map *m, struct arena *keys);

/* An empty map held wholly in a: its keys copied there, its table too. */
void map_init_arena(struct map *m, struct arena *a);

/* The entry of key (len bytes), or NULL when it has none. */
struct map_entry *map_get(const struct map *m, const void *key, size_t len);

/* The entry of key, made (its value NULL / 0) when it had none: insert or
 * find in one probe.  *added (when added is not NULL) is 1 when the entry
 * is new, else 0.  The pointer is good until the next map_put. */
struct map_entry *map_put(struct map *m, const void *key, size_t len, int *added);

/* Empties the map, keeping its memory for reuse (and the arena's copies
 * where they are). */
void map_clear(struct map *m);

void map_release(struct map *m);

#endif
