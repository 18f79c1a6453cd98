/* search_renumber: a word's postings, in the files' form, with their
 * entries' numbers changed (search_update.c): dropped, shifted, merged
 * with new ones, the runs whose gaps do not change copied as bytes. */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "search_internal.h"
#include "xalloc.h"

/* The value of each base64url symbol, -1 for any other byte. */
static int8_t b64_table[256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init(void)
{
	for (int c = 0; c < 256; c++)
		b64_table[c] = (int8_t)search_b64_value((unsigned char)c);
}

/* Reads the posting at u[i, n): its gap (its number less the one before
 * it) into *v, its impact into *q and whether it is the entry's name into
 * *name.  Returns where the next one starts, or SIZE_MAX when it is
 * malformed or runs past n.  (Inline: an add steps over half a million
 * postings, and the place stays in a register.) */
static inline size_t posting_at(const unsigned char *u, size_t i, size_t n,
				uint32_t *v, int *q, int *name)
{
	uint32_t x = 0, shift = 0;
	int d;
	while ((d = b64_table[u[i]]) >= 32) {
		x |= (uint32_t)(d - 32) << shift;
		shift += 5;
		if (++i >= n || shift >= 32)
			return SIZE_MAX;
	}
	if (d < 0 || ++i >= n)
		return SIZE_MAX;
	*v = x | (uint32_t)d << shift;
	int c = b64_table[u[i++]];
	*name = c == IMPACT_NAME;
	if (*name)
		c = i < n ? b64_table[u[i++]] : -1;
	if (c < 0 || c > IMPACT_MAX)
		return SIZE_MAX;
	*q = c;
	return i;
}

/* Steps over the postings of u[0, n) whose numbers are below bound (read,
 * not written): returns where the first other one starts, *old the
 * number of the last one stepped over (0: none) and *count how many;
 * SIZE_MAX when they are malformed. */
static size_t skip_below(const unsigned char *u, size_t n, uint32_t bound,
			 uint32_t *old, size_t *count)
{
	size_t i = 0, c = 0;
	uint32_t o = 0;
	while (i < n) {
		uint32_t v;
		int q, name;
		size_t next = posting_at(u, i, n, &v, &q, &name);
		if (next == SIZE_MAX)
			return SIZE_MAX;
		if ((uint64_t)o + v >= bound)
			break;
		o += v;
		c++;
		i = next;
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
		int q, name;
		if ((i = posting_at(u, i, n, &v, &q, &name)) == SIZE_MAX)
			return SIZE_MAX;
		old += v;
		seen++;
		if (old >= m->n)
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

void search_change_points(struct idmap *all, struct idmap *kept,
			  const uint32_t *old_id, const uint8_t *removed, size_t n)
{
	const uint32_t *map = all->map;
	uint32_t prev = 0, kept_prev = 0;
	int prev_removed = 0, kept_cp = 0;
	all->cp = xmalloc((n + 1) * sizeof(*all->cp));
	kept->cp = xmalloc((n + 1) * sizeof(*kept->cp));
	all->ncp = kept->ncp = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t x = old_id[i];
		uint32_t shift = removed[i] ? 0 : map[x] - x;
		if (removed[i] || prev_removed || shift != prev)
			all->cp[all->ncp++] = x;
		prev = shift;
		prev_removed = removed[i];
		/* the map for words of kept entries only */
		if (removed[i]) {
			if (kept_prev) /* among shifted entries: read in full */
				kept->cp[kept->ncp++] = x;
			kept_cp |= kept_prev != 0;
			continue;
		}
		if (kept_cp || shift != kept_prev)
			kept->cp[kept->ncp++] = x;
		kept_prev = shift;
		kept_cp = 0;
	}
}

/* ------------------------------------------------------------ numbers kept */

/* Entries by kind, then address (interned: by pointer). */
static int cmp_group(const struct entry *a, const struct entry *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->base != b->base)
		return (uintptr_t)a->base < (uintptr_t)b->base ? -1 : 1;
	return 0;
}

/* Removed entries: by group, then number. */
static int cmp_gone(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c = cmp_group(a, b);
	return c ? c : a->id < b->id ? -1 : a->id > b->id;
}

/* Added entries: by group, then as search_number orders a page's own
 * (search_cmp_entry), equal ones as they came (their places in one
 * array). */
static int cmp_come(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c = cmp_group(a, b);
	if (!c)
		c = search_cmp_entry(pa, pb);
	return c			     ? c
	       : (uintptr_t)a < (uintptr_t)b ? -1
					     : (uintptr_t)a > (uintptr_t)b;
}

static int cmp_id(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* True when the entry numbered id is kept and in g's group. */
static int kept_in_group(const struct search_index *ix, const uint8_t *removed,
			 uint32_t id, const struct entry *g)
{
	size_t at = search_entry_at(ix, id);
	return at != SIZE_MAX && !removed[at] && !cmp_group(ix->order[at], g);
}

/* The index in ix->order of the first entry numbered id or above. */
static size_t first_at(const struct search_index *ix, uint32_t id)
{
	size_t lo = 0, hi = ix->nentries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->order[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Each kind's range the size search_number gives its count (its entries
 * are those numbered in it: ix->order is by number). */
static int ranges_as_numbered(const struct search_index *ix)
{
	for (size_t k = 0; k < ix->nkinds; k++) {
		size_t n = first_at(ix, ix->kind_start[k + 1]) -
			   first_at(ix, ix->kind_start[k]);
		if (!n || ix->kind_start[k + 1] - ix->kind_start[k] !=
				  search_kind_space(n))
			return 0;
	}
	return 1;
}

/* Gives new[0, nr) the numbers of old[0, nr), both sorted (cmp_gone,
 * cmp_come), group by group: -1 when a group differs in address, kind
 * or size, its numbers are not one run (it wrapped round its range), or
 * a kept entry is of it. */
static int pair_groups(const struct search_index *ix, const uint8_t *removed,
		       struct entry **old, struct entry **new, size_t nr, uint32_t *id)
{
	for (size_t i = 0, j; i < nr; i = j) {
		for (j = i; j < nr && !cmp_group(old[i], old[j]); j++)
			if (cmp_group(old[i], new[j]))
				return -1;
		if (j < nr && !cmp_group(old[i], new[j]))
			return -1;
		uint32_t lo = old[i]->id, hi = old[j - 1]->id;
		uint32_t ks = ix->kind_start[old[i]->kind],
			 ke = ix->kind_start[old[i]->kind + 1];
		if (hi - lo != j - i - 1 ||
		    kept_in_group(ix, removed, lo > ks ? lo - 1 : ke - 1, old[i]) ||
		    kept_in_group(ix, removed, hi + 1 < ke ? hi + 1 : ks, old[i]))
			return -1;
		for (size_t t = i; t < j; t++)
			id[t] = lo + (uint32_t)(t - i);
	}
	return 0;
}

/* The na new entries (new[], as e + nkept held them) given their numbers
 * (id[j]) and merged by number with the nkept kept ones, which e holds in
 * the order of their numbers: e[0..nkept + na) in order; the kinds'
 * ranges start where ix's did. */
static void merge_numbered(struct entry **e, size_t nkept, struct entry **new,
			   size_t na, const uint32_t *id,
			   const struct search_index *ix, uint32_t *start)
{
	for (size_t j = 0; j < na; j++)
		new[j]->id = id[j];
	qsort(new, na, sizeof(*new), cmp_id);
	struct entry **out = xmalloc((nkept + na + 1) * sizeof(*out));
	for (size_t i = 0, j = 0, o = 0; o < nkept + na; o++)
		out[o] = j == na || (i < nkept && e[i]->id < new[j]->id) ? e[i++]
									 : new[j++];
	memcpy(e, out, (nkept + na) * sizeof(*e));
	free(out);
	for (size_t q = 0; q <= ix->nkinds; q++)
		start[q] = ix->kind_start[q];
}

int search_number_as_before(struct entry **e, size_t nkept, size_t na,
			    const struct search_index *ix,
			    const uint8_t *removed, uint32_t *start)
{
	size_t nr = ix->nentries - nkept, k = 0;
	struct entry **old = NULL, **new = NULL;
	uint32_t *id = NULL;
	int rc = -1;

	if (nr != na || !na || !ranges_as_numbered(ix))
		return -1;
	old = xmalloc(nr * sizeof(*old));
	new = xmalloc(na * sizeof(*new));
	id = xmalloc(na * sizeof(*id));
	for (size_t i = 0; i < ix->nentries; i++)
		if (removed[i])
			old[k++] = ix->order[i];
	if (k != nr)
		goto cleanup;
	memcpy(new, e + nkept, na * sizeof(*new));
	qsort(old, nr, sizeof(*old), cmp_gone);
	qsort(new, na, sizeof(*new), cmp_come);
	if (pair_groups(ix, removed, old, new, nr, id) < 0)
		goto cleanup;
	merge_numbered(e, nkept, new, na, id, ix, start);
	rc = 0;

cleanup:
	free(old);
	free(new);
	free(id);
	return rc;
}

/* ------------------------------------------------------------ numbers near a change */

/* The place an address wants in a range of space numbers (as
 * search_number.c's home_of). */
static uint32_t home_in(const char *base, uint32_t space)
{
	return (uint32_t)(((uint64_t)search_term_hash(base, strlen(base)) * space) >> 32);
}

/* A group of added entries (one kind and address, cmp_come's order):
 * new[a, b), the place it wants, and the kept entry (index in
 * ix->order) it goes before in its kind's placing order. */
struct come {
	size_t a, b, before;
	uint32_t home;
	uint16_t kind;
	const char *base;
};

/* One kind's range in an update near its changes.  place_kind's pass
 * over it, when it wrapped round, starts at W (the entries pushed past
 * the range's end went on from its start: W of them) and ends at space
 * + W; the pass's order is then the order of numbers from W, then those
 * below W.  Positions here are "pass" indices (0 the first entry the
 * pass placed) and offsets in the pass, from W to space + W. */
struct near {
	const struct search_index *ix;
	const uint8_t *removed;
	uint32_t ks, space; /* the kind's first number, its range */
	size_t pa, pb;	    /* its entries in ix->order */
	size_t cnt;	    /* pb - pa */
	size_t r; /* the entries the pass wrapped round: ix->order[pa, pa + r) */
	uint32_t W; /* their count, and where the pass starts (0: not wrapped) */
};

/* The index in ix->order of the entry at pass index j. */
static size_t at_pass(const struct near *n, size_t j)
{
	size_t x = j + n->r;
	return n->pa + (x >= n->cnt ? x - n->cnt : x);
}

/* The pass index of the entry at ix->order[a]. */
static size_t pass_of(const struct near *n, size_t a)
{
	size_t x = a - n->pa;
	return x >= n->r ? x - n->r : x + n->cnt - n->r;
}

/* The offset in the pass of the number id. */
static uint64_t in_pass(const struct near *n, uint32_t id)
{
	uint32_t o = id - n->ks;
	return o < n->W ? (uint64_t)o + n->space : o;
}

static const struct entry *entry_at(const struct near *n, size_t j)
{
	return n->ix->order[at_pass(n, j)];
}

static size_t next_kept(const struct near *n, size_t p)
{
	while (p < n->cnt && n->removed[at_pass(n, p)])
		p++;
	return p;
}

/* Finds where the kind's pass wrapped round (n->r, n->W): its first
 * pages, while each is placed before its place (pushed past the range's
 * end), are the wrapped ones; they fill the numbers from the range's
 * start, W of them.  -1 when they do not. */
static int find_wrap(struct near *n)
{
	const struct search_index *ix = n->ix;
	size_t i = n->pa;
	while (i < n->pb) {
		const char *base = ix->order[i]->base;
		if (home_in(base, n->space) <= ix->order[i]->id - n->ks)
			break;
		while (i < n->pb && ix->order[i]->base == base)
			i++;
	}
	n->r = i - n->pa;
	n->W = n->r ? ix->order[i - 1]->id - n->ks + 1 : 0;
	return n->W == n->r && n->r < n->cnt ? 0 : -1;
}

/* Where a group of address base and place home goes among the kept
 * entries of its kind: the pass index of the first kept group that
 * places after it.  SIZE_MAX when a kept entry has that address. */
static size_t insert_at(const struct near *n, const char *base, uint32_t home)
{
	const struct search_index *ix = n->ix;
	/* the first entry at home or after it in the pass: the wrapped ones
	 * are all after it */
	size_t p = home <= n->W ? 0 : first_at(ix, n->ks + home) - n->pa - n->r;
	p = next_kept(n, p);
	while (p < n->cnt) {
		const struct entry *g = entry_at(n, p);
		if (g->base == base)
			return SIZE_MAX;
		uint32_t h = home_in(g->base, n->space);
		if (h > home || (h == home && strcmp(g->base, base) > 0))
			return p;
		while (p < n->cnt && entry_at(n, p)->base == g->base)
			p++;
		p = next_kept(n, p);
	}
	return p;
}

/* Added groups by kind, then placing order. */
static int cmp_come_at(const void *pa, const void *pb)
{
	const struct come *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->before != b->before)
		return a->before < b->before ? -1 : 1;
	if (a->home != b->home)
		return a->home < b->home ? -1 : 1;
	return strcmp(a->base, b->base);
}

/* Places one kind again from its first change, as place_kind does: the
 * added groups c[0, nc) (by `before`) among the kept groups, from the
 * pass index p0 (the first changed place) until a kept group after the
 * last change (pass index last) starts where it did.  Moved kept
 * entries' new numbers go to mv (with their entries), the added entries'
 * to id.  -1 when the pass would end elsewhere (it would wrap round
 * otherwise: every number of the kind would change) or a kept entry would
 * cross the range's end (the kept entries would change their order). */
static int place_near(const struct near *n, const struct come *c, size_t nc,
		      size_t p0, size_t last, uint32_t *id, struct entry **mve,
		      uint32_t *mvid, size_t *nmv)
{
	uint64_t limit = (uint64_t)n->space + n->W;
	uint64_t cur = p0 ? in_pass(n, entry_at(n, p0 - 1)->id) + 1 : n->W;
	size_t p = p0, k = 0;
	for (;;) {
		p = next_kept(n, p);
		if (k < nc && c[k].before <= p) {
			uint64_t s = cur > c[k].home ? cur : c[k].home;
			for (size_t i = c[k].a; i < c[k].b; i++)
				id[i] = n->ks +
					(uint32_t)((s + (i - c[k].a)) % n->space);
			cur = s + (c[k].b - c[k].a);
			if (cur > limit)
				return -1;
			k++;
			continue;
		}
		if (p >= n->cnt) /* the pass's end: where it was, when wrapped */
			return !n->W || cur == limit ? 0 : -1;
		const char *base = entry_at(n, p)->base;
		uint64_t h = home_in(base, n->space), s = cur > h ? cur : h;
		uint64_t was = in_pass(n, entry_at(n, p)->id);
		if (s == was && k == nc && p > last)
			return 0; /* as it was from here on */
		size_t q = p;
		while (q < n->cnt && entry_at(n, q)->base == base) {
			struct entry *e = n->ix->order[at_pass(n, q)];
			if (n->removed[at_pass(n, q)])
				return -1; /* an address kept and dropped */
			if (s != was) {
				uint64_t to = s + (q - p), from = in_pass(n, e->id);
				if ((to >= n->space) != (from >= n->space))
					return -1;
				mve[*nmv] = e;
				mvid[(*nmv)++] = n->ks + (uint32_t)(to % n->space);
			}
			q++;
		}
		cur = s + (q - p);
		if (cur > limit)
			return -1;
		p = q;
	}
}

/* The changes of one kind: its range (n), its added groups c[0, nc),
 * and where its changes start and end in its pass (pass indices). */
struct kind_change {
	struct near n;
	size_t c0, nc, p0, last;
	int any;
};

static void note_change(struct kind_change *kc, size_t from, size_t to)
{
	if (!kc->any || from < kc->p0)
		kc->p0 = from;
	if (!kc->any || to > kc->last)
		kc->last = to;
	kc->any = 1;
}

/* The kinds' ranges, and where the changed ones wrapped round; -1 when
 * one would change size, or a changed one's wrap cannot be told. */
static int kinds_near(const struct search_index *ix, const uint8_t *removed,
		      struct entry **old, size_t nr, struct entry **new,
		      size_t na, struct kind_change *kc)
{
	size_t nk = ix->nkinds;
	long *count = xcalloc(nk + 1, sizeof(*count));
	uint8_t *changed = xcalloc(nk + 1, 1);
	int ok = 1;
	for (size_t i = 0; i < nr; i++) {
		count[old[i]->kind]--;
		changed[old[i]->kind] = 1;
	}
	for (size_t j = 0; j < na; j++) {
		count[new[j]->kind]++;
		changed[new[j]->kind] = 1;
	}
	for (size_t k = 0; k < nk && ok; k++) {
		struct near *n = &kc[k].n;
		*n = (struct near){ .ix = ix,
				    .removed = removed,
				    .ks = ix->kind_start[k],
				    .space = ix->kind_start[k + 1] - ix->kind_start[k],
				    .pa = first_at(ix, ix->kind_start[k]),
				    .pb = first_at(ix, ix->kind_start[k + 1]) };
		n->cnt = n->pb - n->pa;
		long now = (long)n->cnt + count[k];
		ok = n->pb > n->pa && now > 0 &&
		     search_kind_space((size_t)now) == n->space &&
		     (!changed[k] || find_wrap(n) == 0);
	}
	free(count);
	free(changed);
	return ok ? 0 : -1;
}

int search_number_near(struct entry **e, size_t nkept, size_t na,
		       const struct search_index *ix, const uint8_t *removed,
		       uint32_t *start)
{
	size_t nr = ix->nentries - nkept, k = 0, nc = 0, nmv = 0;
	struct entry **old = NULL, **new = NULL, **mve = NULL;
	uint32_t *id = NULL, *mvid = NULL;
	struct come *c = NULL;
	struct kind_change *kc = NULL;
	int rc = -1;

	if (!nr && !na)
		return -1;
	old = xmalloc((nr + 1) * sizeof(*old));
	new = xmalloc((na + 1) * sizeof(*new));
	id = xmalloc((na + 1) * sizeof(*id));
	c = xmalloc((na + 1) * sizeof(*c));
	kc = xcalloc(ix->nkinds + 1, sizeof(*kc));
	for (size_t i = 0; i < ix->nentries && k < nr; i++)
		if (removed[i])
			old[k++] = ix->order[i];
	memcpy(new, e + nkept, na * sizeof(*new));
	qsort(old, nr, sizeof(*old), cmp_gone);
	qsort(new, na, sizeof(*new), cmp_come);
	if (k != nr || kinds_near(ix, removed, old, nr, new, na, kc) < 0)
		goto cleanup;
	/* the groups that went: whole, one run each */
	for (size_t i = 0, j; i < nr; i = j) {
		for (j = i; j < nr && !cmp_group(old[i], old[j]); j++)
			;
		uint32_t lo = old[i]->id, hi = old[j - 1]->id;
		struct kind_change *x = &kc[old[i]->kind];
		uint32_t ke = x->n.ks + x->n.space;
		if (hi - lo != j - i - 1 ||
		    kept_in_group(ix, removed, lo > x->n.ks ? lo - 1 : ke - 1, old[i]) ||
		    kept_in_group(ix, removed, hi + 1 < ke ? hi + 1 : x->n.ks, old[i]))
			goto cleanup;
		size_t at = pass_of(&x->n, search_entry_at(ix, lo));
		if (pass_of(&x->n, search_entry_at(ix, hi)) != at + (j - i) - 1)
			goto cleanup; /* round the range's end */
		note_change(x, at, at + (j - i) - 1);
	}
	/* the groups that came: where each goes */
	for (size_t i = 0, j; i < na; i = j) {
		for (j = i; j < na && !cmp_group(new[i], new[j]); j++)
			;
		struct kind_change *x = &kc[new[i]->kind];
		uint32_t home = home_in(new[i]->base, x->n.space);
		size_t before = insert_at(&x->n, new[i]->base, home);
		if (before == SIZE_MAX)
			goto cleanup;
		c[nc++] = (struct come){
			i, j, before, home, new[i]->kind, new[i]->base
		};
		note_change(x, before, before);
	}
	qsort(c, nc, sizeof(*c), cmp_come_at);
	mve = xmalloc((nkept + 1) * sizeof(*mve));
	mvid = xmalloc((nkept + 1) * sizeof(*mvid));
	for (size_t q = 0, a = 0; q < ix->nkinds; q++) {
		size_t b = a;
		while (b < nc && c[b].kind == q)
			b++;
		if (kc[q].any && place_near(&kc[q].n, c + a, b - a, kc[q].p0,
					    kc[q].last, id, mve, mvid, &nmv) < 0)
			goto cleanup;
		a = b;
	}
	for (size_t m = 0; m < nmv; m++)
		mve[m]->id = mvid[m];
	merge_numbered(e, nkept, new, na, id, ix, start);
	rc = 0;

cleanup:
	free(old);
	free(new);
	free(id);
	free(c);
	free(kc);
	free(mve);
	free(mvid);
	return rc;
}
