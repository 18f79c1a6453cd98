#include "hash.h"

#include <string.h>

#include "le.h"

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* The n bytes at s (n <= 8), s[0] lowest, as a number: loaded whole or in
 * two overlapping halves rather than byte by byte (where two loads cover
 * a byte twice, it is the same byte at the same place). */
static uint64_t tail_of(const unsigned char *s, size_t n)
{
	if (n == 8)
		return le_get64(s);
	if (n >= 4)
		return (uint64_t)le_get32(s) | (uint64_t)le_get32(s + n - 4)
						       << (8 * (n - 4));
	if (n == 0)
		return 0;
	return (uint64_t)s[0] | (uint64_t)s[n / 2] << (8 * (n / 2)) |
	       (uint64_t)s[n - 1] << (8 * (n - 1));
}

uint64_t hash_of(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h1 = seed ^ 0x9e3779b97f4a7c15ull,
		 h2 = (uint64_t)n * 0x87c37b91114253d5ull;
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		uint64_t a = le_get64(s + i), b = le_get64(s + i + 8);
		h1 = rotl(h1 ^ (a * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
		h2 = rotl(h2 ^ (b * 0x4cf5ad432745937full), 33) * 0x87c37b91114253d5ull;
		h1 += h2;
	}
	/* the last 0 to 15 bytes: the first 8 of 9 or more as a number,
	 * then the rest as a little-endian number (tail_of) */
	size_t rest = n - i;
	uint64_t tail;
	if (rest > 8) {
		h1 ^= fmix(le_get64(s + i));
		tail = tail_of(s + i + 8, rest - 8);
	} else {
		tail = tail_of(s + i, rest);
	}
	h2 ^= fmix(tail + rest);
	return fmix(h1 ^ rotl(h2, 17));
}

uint64_t hash_mix_str(uint64_t h, const char *s)
{
	if (!s)
		return hash_mix_u64(h, 0x5bd1e995ull);
	return hash_of(s, strlen(s), h + 1);
}

uint64_t hash_mix_u64(uint64_t h, uint64_t v)
{
	return fmix(h ^ fmix(v + 0x632be59bd9b4e019ull));
}
