/* test_search_freeze: the steps that put a word's postings in the files'
 * form, each against a plain reference: sorting by id, the best
 * POSTINGS_MAX of a long list (its line), and the impacts decoded from
 * raw postings. */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search_internal.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = ((const struct post *)a)->id, y = ((const struct post *)b)->id;
	return x < y ? -1 : x > y;
}

/* n distinct ids below 2^bits (n <= 2^bits), in a random order */
static void random_ids(struct post *p, size_t n, int bits)
{
	uint32_t space = bits >= 32 ? UINT32_MAX : (uint32_t)1 << bits;
	for (size_t i = 0; i < n; i++) {
		uint32_t id;
		int dup;
		do {
			id = next_rand() % space;
			dup = 0;
			for (size_t j = 0; j < i && !dup; j++)
				dup = p[j].id == id;
		} while (dup);
		p[i] = (struct post){ id, next_rand() % 62 + 1, next_rand() % 9 == 0 };
	}
}

TEST(sort_by_id_sorts_lists_of_every_length_and_width)
{
	static const size_t lens[] = { 0,    1,	   2,	 47,   48,  49,
				       50,   64,   100,	 255,  256, 513,
				       1000, 1201, 2047, 2048, 3000 };
	static const int widths[] = { 12, 14, 18, 22, 27 };
	struct post *tmp = NULL;
	size_t tcap = 0;
	for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
		for (size_t k = 0; k < sizeof(lens) / sizeof(*lens); k++) {
			size_t n = lens[k];
			if (n > ((size_t)1 << widths[w]))
				continue;
			struct post *p = malloc((n + 1) * sizeof(*p));
			struct post *want = malloc((n + 1) * sizeof(*p));
			random_ids(p, n, widths[w]);
			memcpy(want, p, n * sizeof(*p));
			qsort(want, n, sizeof(*want), cmp_id);
			search_sort_by_id(p, n, &tmp, &tcap);
			int same = 1;
			for (size_t i = 0; i < n; i++)
				same &= p[i].id == want[i].id &&
					p[i].q == want[i].q &&
					p[i].name == want[i].name;
			CHECK(same);
			free(p);
			free(want);
		}
	}
	free(tmp);
}

/* The line search_set_file_form makes of p[0, n) (by id), against the
 * best POSTINGS_MAX picked by search_prune, sorted and encoded. */
static void check_line(const struct post *p, size_t n)
{
	struct search_index *ix = search_index_new();
	struct post_scratch ps;
	memset(&ps, 0, sizeof(ps));
	buf_init(&ps.out);
	struct term t;
	memset(&t, 0, sizeof(t));
	char *full = malloc(n * 9 + 1);
	size_t fn = search_encode_postings(full, p, n);
	search_set_file_form(ix, &t, full, fn, p, n, 0, &ps, NULL);

	struct post *ref = malloc(n * sizeof(*ref)), *tmp = NULL;
	size_t tcap = 0;
	memcpy(ref, p, n * sizeof(*ref));
	size_t k = search_prune(ref, n, &tmp, &tcap);
	search_sort_by_id(ref, k, &tmp, &tcap);
	char *want = malloc(k * 9 + 1);
	size_t wn = search_encode_postings(want, ref, k);

	CHECK(t.kept == k);
	CHECK(t.line_n == wn && memcmp(t.line, want, wn) == 0);
	CHECK(t.full_n == fn && memcmp(t.full, full, fn) == 0);
	free(full);
	free(ref);
	free(tmp);
	free(want);
	search_post_scratch_release(&ps);
	search_index_free(ix);
}

TEST(a_long_words_line_is_its_best_postings_by_id)
{
	static const size_t lens[] = { POSTINGS_MAX + 1, POSTINGS_MAX + 7, 2000, 5000 };
	for (size_t k = 0; k < sizeof(lens) / sizeof(*lens); k++) {
		size_t n = lens[k];
		struct post *p = malloc(n * sizeof(*p));
		/* few impacts: ties at the cut, some of them names */
		for (int round = 0; round < 3; round++) {
			for (size_t i = 0; i < n; i++)
				p[i] = (struct post){ (uint32_t)(i * 3 + next_rand() % 3),
						      next_rand() % (round + 2) + 1,
						      next_rand() % 50 == 0 };
			check_line(p, n);
		}
		/* every posting a name: the cut among the names */
		for (size_t i = 0; i < n; i++)
			p[i] = (struct post){ (uint32_t)i, 5, 1 };
		check_line(p, n);
		free(p);
	}
}

static size_t put_varint(uint8_t *o, uint32_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		o[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	o[n++] = (uint8_t)v;
	return n;
}

/* docs/search.md's impact, as a sum over every field */
static uint32_t impact_ref(const uint32_t tf[NFIELDS], const float w[NFIELDS])
{
	double x = 0;
	for (int f = 0; f < NFIELDS; f++)
		x += tf[f] * (double)w[f];
	if (x <= 0)
		return 0;
	double y = x / (1.2 + x) * IMPACT_MAX;
	uint32_t q = (uint32_t)y;
	if (y - q >= 0.5) /* half away from zero, as lround */
		q++;
	return q < 1 ? 1 : q > IMPACT_MAX ? IMPACT_MAX : q;
}

TEST(raw_postings_decode_to_the_impacts_of_every_field)
{
	enum { N = 3000, ENTRIES = 500 };
	struct entry_weights *ew = calloc(ENTRIES, sizeof(*ew));
	for (size_t i = 0; i < ENTRIES; i++) {
		ew[i].id = (uint32_t)(ENTRIES - i) * 2;
		for (int f = 0; f < NFIELDS; f++)
			ew[i].w[f] = (float)(next_rand() % 4000) / 97.0f;
		if (i % 7 == 0)
			ew[i].w[F_BODY] = 0; /* a field with no average */
	}
	uint8_t *raw = malloc((size_t)N * 40);
	uint32_t(*tf)[NFIELDS] = calloc(N, sizeof(*tf));
	uint32_t *entry = calloc(N, sizeof(*entry));
	unsigned *masks = calloc(N, sizeof(*masks));
	size_t len = 0;
	uint32_t last = 0;
	for (size_t i = 0; i < N; i++) {
		entry[i] = (uint32_t)(i * ENTRIES / N);
		unsigned mask = 0;
		tf[i][F_BODY] = next_rand() % 5;
		for (int f = 0; f < NFIELDS; f++) {
			if (f == F_BODY || next_rand() % 3)
				continue;
			tf[i][f] = next_rand() % 4 + 1;
			mask |= f == F_TITLE ? 1u : f == F_HEAD ? 2u : 4u;
		}
		if (next_rand() % 11 == 0)
			mask |= MASK_NAME;
		masks[i] = mask;
		len += put_varint(raw + len, entry[i] - last);
		last = entry[i];
		len += put_varint(raw + len, tf[i][F_BODY] << 1 | (mask != 0));
		if (mask) {
			raw[len++] = (uint8_t)mask;
			if (mask & 1)
				len += put_varint(raw + len, tf[i][F_TITLE]);
			if (mask & 2)
				len += put_varint(raw + len, tf[i][F_HEAD]);
			if (mask & 4)
				len += put_varint(raw + len, tf[i][F_CTX]);
		}
	}
	struct term t;
	memset(&t, 0, sizeof(t));
	t.u.p = raw;
	t.n = (uint32_t)len;
	t.cap = (uint32_t)(N * 40);
	t.df = N;
	struct post *out = calloc(N, sizeof(*out));
	CHECK(search_decode_raw(out, &t, ew) == N);
	int same = 1;
	for (size_t i = 0; i < N; i++)
		same &= out[i].id == ew[entry[i]].id &&
			out[i].q == impact_ref(tf[i], ew[entry[i]].w) &&
			out[i].name == ((masks[i] & MASK_NAME) != 0);
	CHECK(same);
	free(out);
	free(raw);
	free(tf);
	free(entry);
	free(masks);
	free(ew);
}

int main(void)
{
	RUN(sort_by_id_sorts_lists_of_every_length_and_width);
	RUN(a_long_words_line_is_its_best_postings_by_id);
	RUN(raw_postings_decode_to_the_impacts_of_every_field);
	return harness_report();
}
