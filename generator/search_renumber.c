/* search_renumber: a word's postings, in the files' form, with their
 * entries' numbers changed (search_update.c): dropped, shifted, merged
 * with new ones, the runs whose gaps do not change copied as bytes. */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "search_internal.h"

/* The value of each base64url symbol, -1 for any other byte. */
static int8_t b64_table[256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init(void)
{
	for (int c = 0; c < 256; c++)
		b64_table[c] = (int8_t)search_b64_value((unsigned char)c);
}

/* Reads the gap of the posting at u[*i] (its number's, less the one
 * before it) into *v, *i moved past it: 0, or -1 when it is malformed or
 * nothing follows it before n. */
static int read_gap(const unsigned char *u, size_t *i, size_t n, uint32_t *v)
{
	uint32_t x = 0, shift = 0;
	int d;
	while ((d = b64_table[u[*i]]) >= 32) {
		x |= (uint32_t)(d - 32) << shift;
		shift += 5;
		if (++*i >= n || shift >= 32)
			return -1;
	}
	if (d < 0 || ++*i >= n)
		return -1;
	*v = x | (uint32_t)d << shift;
	return 0;
}

/* Steps over the postings of u[0, n) whose numbers are below bound (their
 * gaps only read): returns where the first other one starts, *old the
 * number of the last one stepped over (0: none) and *count how many;
 * SIZE_MAX when they are malformed. */
static size_t skip_below(const unsigned char *u, size_t n, uint32_t bound,
			 uint32_t *old, size_t *count)
{
	size_t i = 0, c = 0;
	uint32_t o = 0;
	while (i < n) {
		size_t start = i;
		uint32_t v;
		if (read_gap(u, &i, n, &v) < 0)
			return SIZE_MAX;
		if ((uint64_t)o + v >= bound) {
			i = start;
			break;
		}
		o += v;
		int q = b64_table[u[i++]];
		if (q == IMPACT_NAME)
			q = i < n ? b64_table[u[i++]] : -1;
		if (q < 0 || q > IMPACT_MAX)
			return SIZE_MAX;
		c++;
	}
	*old = o;
	*count = c;
	return i;
}

size_t search_renumber_postings(struct buf *out, const char *s, size_t n, size_t total,
				const struct idmap *m, const struct post *add,
				size_t nadd, size_t *dropped, int *same)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, count = 0, run = SIZE_MAX, ci = 0, seen = 0;
	uint32_t old = 0, last = 0, delta = 0;
	uint32_t next_cp = m->ncp ? m->cp[0] : UINT32_MAX;
	uint32_t next_add = nadd ? add[0].id : UINT32_MAX;
	int changed = 0;

	pthread_once(&b64_once, b64_init);
	*same = 0;
	/* the postings before the first number that changes or comes are
	 * kept as they are: only stepped over */
	uint32_t bound = next_cp < next_add ? next_cp : next_add;
	i = skip_below(u, n, bound < m->n ? bound : (uint32_t)m->n, &old, &seen);
	if (i == SIZE_MAX)
		return SIZE_MAX;
	if (seen) {
		run = 0;
		last = old;
		count = seen;
	}
#define FLUSH_RUN(upto)                                    \
	do {                                               \
		if (run != SIZE_MAX)                       \
			buf_put(out, s + run, (upto)-run); \
		run = SIZE_MAX;                            \
	} while (0)
#define EMIT(p)                                                        \
	do {                                                           \
		char tmp_[16];                                         \
		size_t len_ = search_encode_posting(tmp_, &(p), last); \
		buf_put(out, tmp_, len_);                              \
		last = (p).id;                                         \
		count++;                                               \
		changed = 1;                                           \
	} while (0)
	while (i < n) {
		size_t start = i;
		uint32_t v;
		if (read_gap(u, &i, n, &v) < 0)
			return SIZE_MAX;
		old += v;
		seen++;
		int q = b64_table[u[i++]];
		int name = q == IMPACT_NAME;
		if (name)
			q = i < n ? b64_table[u[i++]] : -1;
		if (q < 0 || q > IMPACT_MAX || old >= m->n)
			return SIZE_MAX;
		if (old >= next_cp) {
			/* past a change point: this one's fate in full */
			while (ci < m->ncp && m->cp[ci] <= old)
				ci++;
			next_cp = ci < m->ncp ? m->cp[ci] : UINT32_MAX;
			if (m->removed[old]) {
				FLUSH_RUN(start);
				(*dropped)++;
				changed = 1;
				continue;
			}
			if (m->map[old] == UINT32_MAX)
				return SIZE_MAX;
			delta = m->map[old] - old;
		}
		uint32_t id = old + delta;
		if (count && id <= last)
			return SIZE_MAX; /* the numbers would not keep their order */
		while (next_add <= id) {
			if (next_add == id)
				return SIZE_MAX;
			FLUSH_RUN(start);
			EMIT(add[k]);
			k++;
			next_add = k < nadd ? add[k].id : UINT32_MAX;
		}
		if (id - last == v) {
			if (run == SIZE_MAX)
				run = start;
			last = id;
			count++;
			if (next_cp == UINT32_MAX && k == nadd && total != SIZE_MAX) {
				/* every number after it shifts as it did, and
				 * none comes: the rest as it is */
				if (total < seen)
					return SIZE_MAX;
				count += total - seen;
				break;
			}
		} else {
			FLUSH_RUN(start);
			struct post p = { id, (uint32_t)q, (uint32_t)name };
			EMIT(p);
		}
	}
	if (!changed && k == nadd && run == 0) {
		*same = 1; /* every posting as it was */
		return count;
	}
	FLUSH_RUN(n);
	while (k < nadd) {
		EMIT(add[k]);
		k++;
	}
#undef FLUSH_RUN
#undef EMIT
	return count;
}
