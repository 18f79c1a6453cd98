/* le: numbers as little-endian bytes (le.h), and hash_of, which reads its
 * input as little-endian words: the same values on every machine, and the
 * values cairn has always given (caches, manifests and the search files'
 * versions hold them). */
#include "le.h"

#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "hash.h"

TEST(numbers_are_written_lowest_byte_first)
{
	unsigned char b[8];
	le_put32(b, 0x04030201u);
	CHECK(b[0] == 1 && b[1] == 2 && b[2] == 3 && b[3] == 4);
	le_put64(b, 0x0807060504030201ull);
	for (int i = 0; i < 8; i++)
		CHECK(b[i] == i + 1);
	const unsigned char in[9] = { 0xff, 0x10, 0x20, 0x30, 0x40,
				      0x50, 0x60, 0x70, 0x80 };
	/* read at any alignment */
	CHECK(le_get32(in + 1) == 0x40302010u);
	CHECK(le_get64(in + 1) == 0x8070605040302010ull);
}

TEST(numbers_come_back_as_they_went)
{
	unsigned char b[12];
	uint64_t v = 1;
	for (int i = 0; i < 64;
	     i++, v = v * 6364136223846793005ull + 1442695040888963407ull) {
		le_put64(b + 3, v);
		CHECK(le_get64(b + 3) == v);
		le_put32(b + 1, (uint32_t)v);
		CHECK(le_get32(b + 1) == (uint32_t)v);
	}
}

/* hash_of of the first n of 48 fixed bytes, seed 7: every length class
 * of its loop and tail (0, 1-3, 4-7, 8, 9-15, 16, then a block and a
 * tail).  A change here changes every cache and search file version. */
TEST(hash_values_are_pinned)
{
	static const struct {
		size_t n;
		uint64_t h;
	} want[] = {
		{ 0, 0x2d540be834875d2full },  { 1, 0xc7359515b5fca184ull },
		{ 2, 0xe8af4fc95fa88a4eull },  { 3, 0xdf69d5fc67772fecull },
		{ 4, 0xb5ecc93862390232ull },  { 5, 0x356616a9b0ff01a0ull },
		{ 7, 0x75595fa4a70e50f0ull },  { 8, 0xf2d30d5ca49d0ccdull },
		{ 9, 0x3fe7d6e2779dc0b4ull },  { 12, 0x43cf6fa000e2f7aeull },
		{ 15, 0x492cd58616745217ull }, { 16, 0x6cc4cc61cd33c62dull },
		{ 17, 0xcc5b7a5ebf384633ull }, { 24, 0x7f3a9bf2404716b3ull },
		{ 31, 0x57bf2f242be7bb9eull }, { 32, 0xf39b14d02289f687ull },
		{ 33, 0x25a97732095a63b0ull }, { 47, 0x4ed57bea75a41a62ull },
	};
	unsigned char b[48];
	for (int i = 0; i < 48; i++)
		b[i] = (unsigned char)(i * 37 + 11);
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		CHECK(hash_of(b, want[k].n, 7) == want[k].h);
	/* where the bytes sit does not matter */
	unsigned char moved[49];
	memcpy(moved + 1, b, 48);
	CHECK(hash_of(moved + 1, 47, 7) == 0x4ed57bea75a41a62ull);
	CHECK(hash_mix_str(42, "cairn") == 0x6d96e85e47707c00ull);
	CHECK(hash_mix_u64(42, 0x0102030405060708ull) == 0xd1ffc4562c77bebaull);
}

int main(void)
{
	RUN(numbers_are_written_lowest_byte_first);
	RUN(numbers_come_back_as_they_went);
	RUN(hash_values_are_pinned);
	return harness_report();
}
