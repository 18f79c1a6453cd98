#include "map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"
#include "harness.h"

/* Puts prefix0 .. prefix(n-1), each with its number; returns 1 when
 * every one was new. */
static int put_numbered(struct map *m, const char *prefix, size_t n)
{
	char key[32];
	int all_new = 1;
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(key, sizeof(key), "%s%zu", prefix, i);
		int added;
		map_put(m, key, (size_t)len, &added)->num = i;
		all_new &= added;
	}
	return all_new;
}

TEST(empty_map_finds_nothing)
{
	struct map m = MAP_INIT;
	CHECK(map_get(&m, "a", 1) == NULL);
	CHECK(map_get(&m, "", 0) == NULL);
	CHECK(m.len == 0);
	map_clear(&m);
	map_release(&m);
	map_release(&m); /* twice is harmless */
}

TEST(put_is_insert_or_find)
{
	struct map m = MAP_INIT;
	int added = -1;
	struct map_entry *e = map_put(&m, "alpha", 5, &added);
	CHECK(added == 1);
	CHECK(e->val == NULL);
	CHECK(e->num == 0);
	e->num = 42;
	e = map_put(&m, "alpha", 5, &added);
	CHECK(added == 0);
	CHECK(e->num == 42);
	CHECK(map_put(&m, "beta", 4, NULL)->num == 0);
	CHECK(m.len == 2);
	CHECK(map_get(&m, "alpha", 5)->num == 42);
	CHECK(map_get(&m, "alph", 4) == NULL);	 /* a prefix is another key */
	CHECK(map_get(&m, "alphab", 6) == NULL); /* so is a longer one */
	map_release(&m);
}

TEST(borrowed_keys_are_the_callers)
{
	struct map m = MAP_INIT;
	const char *s = "borrowed";
	CHECK(map_put(&m, s, strlen(s), NULL)->key == s);
	CHECK(map_get(&m, "borrowed", 8)->key == s);
	map_release(&m);
}

TEST(copied_keys_belong_to_the_arena)
{
	struct arena a = ARENA_INIT;
	struct map m;
	char key[8] = "copy";
	map_init(&m, &a);
	struct map_entry *e = map_put(&m, key, 2, NULL); /* "co" */
	CHECK(e->key != key);
	CHECK_STR(e->key, "co"); /* with a NUL after it */
	memcpy(key, "zzzz", 4);	 /* the caller's bytes change: not the map's */
	CHECK(map_get(&m, "co", 2) != NULL);
	CHECK(map_get(&m, "zz", 2) == NULL);
	map_release(&m);
	arena_release(&a);
}

TEST(a_map_in_an_arena_needs_no_release)
{
	struct arena a = ARENA_INIT;
	struct map m;
	map_init_arena(&m, &a);
	CHECK(put_numbered(&m, "k", 1000));
	CHECK(m.len == 1000);
	CHECK(map_get(&m, "k999", 4)->num == 999);
	CHECK_STR(m.entries[10].key, "k10");
	arena_release(&a); /* everything: ASan sees no leak */
}

TEST(empty_key_is_a_key)
{
	struct arena a = ARENA_INIT;
	struct map m, b = MAP_INIT;
	map_init(&m, &a);
	CHECK(map_get(&m, NULL, 0) == NULL);
	map_put(&m, NULL, 0, NULL)->num = 7;
	map_put(&m, "\0", 1, NULL)->num = 8; /* one NUL byte: not empty */
	CHECK(m.len == 2);
	CHECK(map_get(&m, "", 0)->num == 7);
	CHECK_STR(map_get(&m, "", 0)->key, "");
	CHECK(map_get(&m, "\0", 1)->num == 8);
	CHECK(map_put(&b, NULL, 0, NULL)->key != NULL); /* "" when borrowed */
	CHECK(map_get(&b, "", 0) != NULL);
	map_release(&m);
	map_release(&b);
	arena_release(&a);
}

TEST(binary_keys_compare_every_byte)
{
	struct arena a = ARENA_INIT;
	struct map m;
	unsigned char oid[20], other[20];
	map_init(&m, &a);
	for (int i = 0; i < 20; i++)
		oid[i] = other[i] = (unsigned char)(i * 37);
	other[19] ^= 1;
	map_put(&m, oid, sizeof(oid), NULL)->num = 1;
	map_put(&m, other, sizeof(other), NULL)->num = 2;
	map_put(&m, "a\0b", 3, NULL)->num = 3;
	map_put(&m, "a\0c", 3, NULL)->num = 4;
	map_put(&m, "a", 1, NULL)->num = 5;
	CHECK(m.len == 5);
	CHECK(map_get(&m, oid, 20)->num == 1);
	CHECK(map_get(&m, other, 20)->num == 2);
	CHECK(map_get(&m, "a\0b", 3)->num == 3);
	CHECK(map_get(&m, "a\0c", 3)->num == 4);
	CHECK(map_get(&m, "a", 1)->num == 5);
	CHECK(map_get(&m, oid, 19) == NULL);
	CHECK(memcmp(map_get(&m, oid, 20)->key, oid, 20) == 0);
	map_release(&m);
	arena_release(&a);
}

TEST(growth_keeps_every_key_in_insertion_order)
{
	struct arena a = ARENA_INIT;
	struct map m;
	char key[32];
	map_init(&m, &a);
	CHECK(put_numbered(&m, "key-", 20000));
	CHECK(!put_numbered(&m, "key-", 1)); /* there already */
	CHECK(m.len == 20000);
	CHECK(m.nslots >= 2 * m.len);
	CHECK((m.nslots & (m.nslots - 1)) == 0);
	int order_ok = 1, found_ok = 1;
	for (size_t i = 0; i < m.len; i++) {
		int n = snprintf(key, sizeof(key), "key-%zu", i);
		order_ok &= m.entries[i].num == i &&
			    strcmp(m.entries[i].key, key) == 0;
		struct map_entry *e = map_get(&m, key, (size_t)n);
		found_ok &= e == &m.entries[i];
	}
	CHECK(order_ok);
	CHECK(found_ok);
	CHECK(map_get(&m, "key-20000", 9) == NULL);
	map_release(&m);
	arena_release(&a);
}

struct hk {
	uint32_t h;
	unsigned i;
};

static int cmp_hk(const void *pa, const void *pb)
{
	const struct hk *a = pa, *b = pb;
	return a->h < b->h ? -1 : a->h > b->h ? 1 : a->i < b->i ? -1 : 1;
}

/* Keys whose 32 bits of hash (what a slot keeps) are equal: found by
 * brute force, and told apart by their bytes. */
TEST(keys_whose_slot_hashes_collide)
{
	enum { N = 300000 };
	struct hk *all = malloc(N * sizeof(*all));
	char a[32], b[32];
	size_t pairs = 0;
	for (unsigned i = 0; i < N; i++) {
		int n = snprintf(a, sizeof(a), "c%u", i);
		all[i].h = (uint32_t)hash_of(a, (size_t)n, 0);
		all[i].i = i;
	}
	qsort(all, N, sizeof(*all), cmp_hk);
	for (size_t k = 1; k < N && pairs < 8; k++) {
		if (all[k].h != all[k - 1].h)
			continue;
		struct map m = MAP_INIT;
		int na = snprintf(a, sizeof(a), "c%u", all[k - 1].i);
		int nb = snprintf(b, sizeof(b), "c%u", all[k].i);
		map_put(&m, a, (size_t)na, NULL)->num = 1;
		CHECK(map_get(&m, b, (size_t)nb) == NULL);
		int added;
		map_put(&m, b, (size_t)nb, &added)->num = 2;
		CHECK(added);
		CHECK(map_get(&m, a, (size_t)na)->num == 1);
		CHECK(map_get(&m, b, (size_t)nb)->num == 2);
		map_release(&m);
		pairs++;
	}
	CHECK(pairs > 0); /* ~10 expected among 300,000 keys */
	free(all);
}

TEST(clear_empties_and_keeps_working)
{
	struct map m = MAP_INIT;
	const char *words[] = { "one", "two", "three", "four", "five" };
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5; i++)
			map_put(&m, words[i], strlen(words[i]), NULL)->num =
				(size_t)(i + round);
		CHECK(m.len == 5);
		CHECK(map_get(&m, "three", 5)->num == (size_t)(2 + round));
		map_clear(&m);
		CHECK(m.len == 0);
		CHECK(map_get(&m, "three", 5) == NULL);
	}
	map_release(&m);
}

/* Random binary keys (some empty, some repeated) against a list searched
 * one by one. */
TEST(many_keys_against_a_reference)
{
	enum { KEYS = 3000, OPS = 40000 };
	struct arena a = ARENA_INIT;
	struct map m;
	static unsigned char bytes[KEYS][12];
	static size_t lens[KEYS], ref_val[KEYS];
	static int ref_in[KEYS];
	size_t ref_len = 0;
	unsigned seed = 12345;
	int ok = 1;

	map_init(&m, &a);
	for (size_t k = 0; k < KEYS; k++) {
		lens[k] = k ? (size_t)(rand_r(&seed) % 12) : 0;
		for (size_t j = 0; j < lens[k]; j++)
			bytes[k][j] = (unsigned char)(rand_r(&seed) % 4); /* NULs too */
	}
	for (size_t op = 0; op < OPS; op++) {
		size_t k = (size_t)rand_r(&seed) % KEYS;
		/* the first key equal to k's bytes stands for all of them */
		size_t r = 0;
		while (lens[r] != lens[k] || memcmp(bytes[r], bytes[k], lens[k]))
			r++;
		if (rand_r(&seed) % 3) {
			int added;
			struct map_entry *e = map_put(&m, bytes[k], lens[k], &added);
			ok &= added == !ref_in[r];
			if (!ref_in[r])
				ref_len++;
			ref_in[r] = 1;
			e->num = ref_val[r] = op;
		} else {
			struct map_entry *e = map_get(&m, bytes[k], lens[k]);
			ok &= ref_in[r] ? e && e->num == ref_val[r] : !e;
		}
	}
	CHECK(ok);
	CHECK(m.len == ref_len);
	map_release(&m);
	arena_release(&a);
}

/* hash_of as it was first written, its last bytes taken one at a time:
 * the values it gives must not change (the search index numbers pages by
 * their addresses' hashes). */
static uint64_t ref_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t ref_fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static uint64_t ref_hash_of(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h1 = seed ^ 0x9e3779b97f4a7c15ull,
		 h2 = (uint64_t)n * 0x87c37b91114253d5ull;
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		uint64_t a, b;
		memcpy(&a, s + i, 8);
		memcpy(&b, s + i + 8, 8);
		h1 = ref_rotl(h1 ^ (a * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
		h2 = ref_rotl(h2 ^ (b * 0x4cf5ad432745937full), 33) * 0x87c37b91114253d5ull;
		h1 += h2;
	}
	uint64_t tail = 0;
	size_t rest = n - i;
	for (size_t k = 0; k < rest; k++)
		tail |= (uint64_t)s[i + k] << (8 * (k & 7));
	if (rest > 8) {
		uint64_t a;
		memcpy(&a, s + i, 8);
		h1 ^= ref_fmix(a);
		tail = 0;
		for (size_t k = 8; k < rest; k++)
			tail |= (uint64_t)s[i + k] << (8 * (k - 8));
	}
	h2 ^= ref_fmix(tail + rest);
	return ref_fmix(h1 ^ ref_rotl(h2, 17));
}

TEST(hash_of_gives_the_values_it_always_gave)
{
	unsigned char bytes[80];
	uint64_t x = 88172645463325252ull;
	int ok = 1;
	for (int round = 0; round < 2000; round++) {
		for (size_t k = 0; k < sizeof(bytes); k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			bytes[k] = (unsigned char)x;
		}
		/* every length up to 80 and every start (alignment) up to 7 */
		size_t off = (size_t)round % 8, n = (size_t)round % 73;
		ok &= hash_of(bytes + off, n, x) == ref_hash_of(bytes + off, n, x);
	}
	for (size_t n = 0; n <= 40; n++)
		ok &= hash_of("the quick brown fox jumps over the lazy dog", n, 7) ==
		      ref_hash_of("the quick brown fox jumps over the lazy dog", n, 7);
	CHECK(ok);
	/* one value written down, so that both cannot change together */
	CHECK(hash_of("services/payments/", 18, 0) == 0xc623b69fb55b2902ull);
}

int main(void)
{
	RUN(empty_map_finds_nothing);
	RUN(put_is_insert_or_find);
	RUN(borrowed_keys_are_the_callers);
	RUN(copied_keys_belong_to_the_arena);
	RUN(a_map_in_an_arena_needs_no_release);
	RUN(empty_key_is_a_key);
	RUN(binary_keys_compare_every_byte);
	RUN(growth_keeps_every_key_in_insertion_order);
	RUN(keys_whose_slot_hashes_collide);
	RUN(clear_empties_and_keeps_working);
	RUN(many_keys_against_a_reference);
	RUN(hash_of_gives_the_values_it_always_gave);
	return harness_report();
}
