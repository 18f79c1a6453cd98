/* arena: bump allocation in blocks that start small and grow; what each
 * allocation gives (aligned, its own bytes, zeroed by arena_alloc), big
 * one-offs beside small ones, reset and growth of arrays. */
#include "arena.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define N 4000

/* Fills each of many allocations of assorted sizes (some big one-offs
 * among them) with its own byte, then checks that none was written over:
 * no two overlap. */
TEST(allocations_are_aligned_and_their_own)
{
	struct arena a;
	static unsigned char *p[N];
	static size_t len[N];
	unsigned seed = 7;
	arena_init(&a);
	for (size_t i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		len[i] = i % 97 == 0 ? 20000 + seed % 100000 : 1 + seed % 3000;
		p[i] = arena_alloc_raw(&a, len[i]);
		CHECK(((uintptr_t)p[i] & 15) == 0);
		memset(p[i], (int)(i & 0xff), len[i]);
	}
	size_t bad = 0;
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			bad += p[i][k] != (unsigned char)(i & 0xff);
	CHECK(bad == 0);
	arena_release(&a);
}

TEST(arena_alloc_zeroes)
{
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < 200; i++) {
		unsigned char *q = arena_alloc_raw(&a, 500);
		memset(q, 0xff, 500);
	}
	arena_reset(&a); /* the newest block is kept, with its 0xff bytes */
	int nonzero = 0;
	for (int i = 0; i < 200; i++) {
		unsigned char *q = arena_alloc(&a, 300);
		for (int k = 0; k < 300; k++)
			nonzero += q[k] != 0;
	}
	CHECK(nonzero == 0);
	arena_release(&a);
}

TEST(strings_and_arrays)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(arena_strndup(&a, "abcdef", 3), "abc");
	CHECK_STR(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	size_t cap = 0;
	int *v = NULL;
	for (int i = 0; i < 10000; i++) {
		v = arena_grow(&a, v, &cap, (size_t)i + 1, sizeof(*v));
		v[i] = i;
	}
	int wrong = 0;
	for (int i = 0; i < 10000; i++)
		wrong += v[i] != i;
	CHECK(wrong == 0);
	CHECK(cap >= 10000);
	arena_release(&a);
}

/* Many arenas holding a few bytes each take little memory: their first
 * blocks are small (they were 64 KB each, 13 MB for a rebuild's 200
 * repositories' stamps). */
TEST(a_small_arena_takes_little)
{
#ifndef __SANITIZE_ADDRESS__ /* whose malloc is not glibc's */
	enum { ARENAS = 200 };
	static struct arena a[ARENAS];
	size_t before = mallinfo2().uordblks;
	for (int i = 0; i < ARENAS; i++) {
		arena_init(&a[i]);
		arena_strdup(&a[i], "a repository's head stamp");
	}
	size_t used = mallinfo2().uordblks - before;
	CHECK(used < (size_t)ARENAS * 4096);
	for (int i = 0; i < ARENAS; i++)
		arena_release(&a[i]);
#endif
}

int main(void)
{
	RUN(allocations_are_aligned_and_their_own);
	RUN(arena_alloc_zeroes);
	RUN(strings_and_arrays);
	RUN(a_small_arena_takes_little);
	return harness_report();
}
