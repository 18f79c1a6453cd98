#include "hash.h"

#include <string.h>

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

uint64_t hash_of(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h1 = seed ^ 0x9e3779b97f4a7c15ull,
		 h2 = (uint64_t)n * 0x87c37b91114253d5ull;
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		uint64_t a, b;
		memcpy(&a, s + i, 8);
		memcpy(&b, s + i + 8, 8);
		h1 = rotl(h1 ^ (a * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
		h2 = rotl(h2 ^ (b * 0x4cf5ad432745937full), 33) * 0x87c37b91114253d5ull;
		h1 += h2;
	}
	uint64_t tail = 0;
	size_t rest = n - i;
	for (size_t k = 0; k < rest; k++)
		tail |= (uint64_t)s[i + k] << (8 * (k & 7));
	if (rest > 8) {
		uint64_t a;
		memcpy(&a, s + i, 8);
		h1 ^= fmix(a);
		tail = 0;
		for (size_t k = 8; k < rest; k++)
			tail |= (uint64_t)s[i + k] << (8 * (k - 8));
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
