/* search_freeze: freezing the index once every entry is added: the
 * kinds ranked, the entries put in their order and numbered, each field's
 * average length put on its grid, and every word's raw postings scored
 * (an impact per entry, docs/search.md "Scoring") and put in the files'
 * form: every posting, and the best POSTINGS_MAX that the files keep. */
#include "search.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "search_internal.h"
#include "xalloc.h"

#define BM25_K1 1.2
#define DECODE_BATCH 16 /* raw postings decoded before their weights are read */
#define FINISH_BLOCK 64 /* terms a worker finishes at a time */
#define RADIX_BITS 11	/* the widest digit of search_sort_by_id */
#define SPILL_BUF (1u << 20) /* bytes of the spill file's buffer */

static const double field_weight[NFIELDS] = { 10, 4, 1, 0.5 };
static const double field_b[NFIELDS] = { 0.5, 0.5, 0.75, 0.5 };

static const char *const kind_order[] = { "service",	 "team", "runbook",
					  "doc",	 "api",	 "operation",
					  "rfc",	 "adr",	 "postmortem",
					  "action-item", "page", NULL };

/* ------------------------------------------------------------ freezing */

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

int search_cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->base, b->base)))
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	if ((c = cmp_str(a->frag, b->frag)) || (c = strcmp(a->title, b->title)) ||
	    (c = strcmp(a->service, b->service)) ||
	    (c = strcmp(a->page, b->page)) || (c = strcmp(a->snippet, b->snippet)))
		return c;
	if ((c = memcmp(a->flen, b->flen, sizeof(a->flen))) ||
	    (c = strcmp(a->owner, b->owner)))
		return c;
	return a->nterms < b->nterms ? -1 : a->nterms > b->nterms;
}

static int cmp_term(const void *pa, const void *pb)
{
	const struct term *a = *(const struct term *const *)pa;
	const struct term *b = *(const struct term *const *)pb;
	return strcmp(a->s, b->s);
}

/* Sorts p[0, n) by id: by insertion when short, else by radix. */
void search_sort_by_id(struct post *p, size_t n, struct post **tmp, size_t *tcap)
{
	if (n <= 48) {
		for (size_t i = 1; i < n; i++) {
			struct post x = p[i];
			size_t j = i;
			for (; j > 0 && p[j - 1].id > x.id; j--)
				p[j] = p[j - 1];
			p[j] = x;
		}
		return;
	}
	uint32_t max = 0;
	for (size_t i = 0; i < n; i++)
		max |= p[i].id;
	if (!max)
		return;
	/* as few passes as digits of RADIX_BITS allow, the bits shared
	 * evenly: ids below 2^22 (a range per kind, about twice the
	 * entries) take two passes where bytes took three */
	int bits = 32 - __builtin_clz(max);
	int passes = (bits + RADIX_BITS - 1) / RADIX_BITS;
	/* a pass costs about 3n plus its counts (cleared, summed): a short
	 * list takes more passes of narrower digits rather than two passes
	 * over counts far more than its postings */
	size_t best = SIZE_MAX;
	for (int k = passes; k <= bits; k++) {
		int d = (bits + k - 1) / k;
		size_t cost = (size_t)k * (3 * n + ((size_t)2 << d));
		if (cost >= best)
			break;
		best = cost;
		passes = k;
	}
	int digit = (bits + passes - 1) / passes;
	uint32_t mask = (1u << digit) - 1;
	size_t count[(1u << RADIX_BITS) + 1];
	XGROW(*tmp, *tcap, n);
	struct post *a = p, *b = *tmp;
	for (int shift = 0; shift < bits; shift += digit) {
		memset(count, 0, ((size_t)mask + 2) * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[((a[i].id >> shift) & mask) + 1]++;
		for (uint32_t k = 0; k <= mask; k++)
			count[k + 1] += count[k];
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].id >> shift) & mask]++] = a[i];
		struct post *t = a;
		a = b;
		b = t;
	}
	if (a != p)
		memcpy(p, a, n * sizeof(*p));
}

/* Keeps the best POSTINGS_MAX of p[0, n) (names, then by impact, then by
 * id), in any order; returns how many are kept. */
size_t search_prune(struct post *p, size_t n, struct post **tmp, size_t *tcap)
{
	size_t count[IMPACT_NAME + 1] = { 0 }, above = 0, kept = 0, nties = 0;
	int cut = IMPACT_NAME;
#define RANK(x) ((x).name ? IMPACT_NAME : (int)(x).q)
	if (n <= POSTINGS_MAX)
		return n;
	for (size_t i = 0; i < n; i++)
		count[RANK(p[i])]++;
	while (above + count[cut] < POSTINGS_MAX) /* the rank where it fills */
		above += count[cut--];
	XGROW(*tmp, *tcap, n);
	struct post *ties = *tmp;
	for (size_t i = 0; i < n; i++) {
		if (RANK(p[i]) > cut)
			p[kept++] = p[i];
		else if (RANK(p[i]) == cut)
			ties[nties++] = p[i];
	}
#undef RANK
	/* the lowest ids among the ties: sorting them needs scratch of its
	 * own, so they move to the end of p first */
	memmove(p + n - nties, ties, nties * sizeof(*p));
	search_sort_by_id(p + n - nties, nties, tmp, tcap);
	memmove(p + kept, p + n - nties, (POSTINGS_MAX - kept) * sizeof(*p));
	return POSTINGS_MAX;
}

/* search_prune of p[0, n) (by id, n > POSTINGS_MAX) into out, by id: the
 * ties at the cut that are kept are the lowest ids, the first ones met,
 * so one pass picks the same postings in their order (no copy to prune,
 * no sort after). */
static size_t prune_sorted(struct post *out, const struct post *p, size_t n)
{
	size_t count[IMPACT_NAME + 1] = { 0 }, above = 0, k = 0;
	int cut = IMPACT_NAME;
#define RANK(x) ((x).name ? IMPACT_NAME : (int)(x).q)
	for (size_t i = 0; i < n; i++)
		count[RANK(p[i])]++;
	while (above + count[cut] < POSTINGS_MAX)
		above += count[cut--];
	size_t ties = POSTINGS_MAX - above; /* taken at the cut */
	for (size_t i = 0; i < n && k < POSTINGS_MAX; i++) {
		int r = RANK(p[i]);
		size_t tie = r == cut && ties;
		out[k] = p[i];
		k += r > cut || tie;
		ties -= tie;
	}
#undef RANK
	return k;
}

/* The average length of a field, put on a grid of AVG_STEPS steps per
 * doubling: an impact then depends on the entry alone as long as the
 * average stays in its step, so a rebuild need not compute every posting
 * again when one page changes (docs/search.md, "Scoring"). */
#define AVG_STEPS 64

double search_avg_on_grid(uint64_t total, size_t n)
{
	if (!n || !total)
		return 0;
	return exp2(round(log2((double)total / (double)n) * AVG_STEPS) / AVG_STEPS);
}

void search_field_weights(float w[NFIELDS], const uint16_t flen[NFIELDS],
			  const double avg[NFIELDS])
{
	for (int f = 0; f < NFIELDS; f++) {
		w[f] = 0;
		if (avg[f] <= 0)
			continue;
		double norm = 1 - field_b[f] + field_b[f] * flen[f] / avg[f];
		w[f] = (float)(field_weight[f] / norm);
	}
}

/* The impact of counts tf with weights w; mask says which fields but the
 * body count (bits 0..2, as a raw posting's).  A posting of the body
 * alone (most of them) is its one product: the sum of the others would
 * add zeros to it, exactly. */
static uint32_t impact_of(const uint32_t tf[NFIELDS], const float w[NFIELDS],
			  unsigned mask)
{
	double x = tf[F_BODY] * (double)w[F_BODY];
	if (mask & 7) {
		x = 0;
		for (int f = 0; f < NFIELDS; f++)
			x += tf[f] * (double)w[f];
	}
	if (x <= 0)
		return 0;
	/* lround, without the call: y is in (0, IMPACT_MAX], where y - q
	 * is exact, so this rounds half away from zero as lround does */
	double y = x / (BM25_K1 + x) * IMPACT_MAX;
	uint32_t q = (uint32_t)y;
	if (y - q >= 0.5)
		q++;
	return q < 1 ? 1 : q > IMPACT_MAX ? IMPACT_MAX : q;
}

void search_post_scratch_release(struct post_scratch *ps)
{
	free(ps->a);
	free(ps->b);
	free(ps->c);
	buf_release(&ps->out);
}

/* A copy of p[0, n) with a NUL after it: malloc'd (own set), or in ix's
 * arena. */
const char *search_copy_bytes(struct search_index *ix, const char *p, size_t n, int own)
{
	char *s = own ? xmalloc(n + 1) : arena_alloc(&ix->arena, n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* search_copy_bytes(own), into *reuse (a malloc'd block, taken) when there
 * is one: realloc keeps the block where it was, so that the memory of the
 * raw postings, freed by other threads than those that allocated it, is
 * used again rather than left as holes. */
static const char *copy_into(void **reuse, const char *p, size_t n)
{
	char *s = *reuse ? xrealloc(*reuse, n + 1) : xmalloc(n + 1);
	*reuse = NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Sets t's file form: every posting (full, fn bytes, df of them) and, of
 * p[0, n) (by id, all of them), the best POSTINGS_MAX (line).  own: the
 * bytes are malloc'd (freezing: they take the place of the raw postings
 * just freed), else in the arena. */
void search_set_file_form(struct search_index *ix, struct term *t,
			  const char *full, size_t fn, const struct post *p,
			  size_t n, int own, struct post_scratch *ps, void **reuse)
{
	t->df = (uint32_t)n;
	t->own = 0;
	t->full_n = (uint32_t)fn;
	int spilled = 0;
	if (own && n > POSTINGS_MAX) {
		pthread_mutex_lock(&ix->spill_lock);
		if (!ix->spill && !ix->spill_failed && (ix->spill = tmpfile())) {
			/* written in large pieces: stdio's own buffer is a
			 * page, a system call for every 4 KB of the lists */
			ix->spill_buf = xmalloc(SPILL_BUF);
			setvbuf(ix->spill, ix->spill_buf, _IOFBF, SPILL_BUF);
		}
		if (ix->spill && !ix->spill_failed &&
		    fwrite(full, 1, fn, ix->spill) == fn) {
			t->full = NULL;
			t->full_off = ix->spill_len;
			ix->spill_len += fn;
			spilled = 1;
		} else {
			ix->spill_failed = 1;
		}
		pthread_mutex_unlock(&ix->spill_lock);
	}
	if (!spilled) {
		t->full = own ? copy_into(reuse, full, fn)
			      : search_copy_bytes(ix, full, fn, 0);
		t->own |= own ? TERM_OWN_FULL : 0;
	}
	if (n <= POSTINGS_MAX) {
		t->line = t->full;
		t->line_n = t->full_n;
		t->kept = (uint32_t)n;
		return;
	}
	XGROW(ps->b, ps->bcap, POSTINGS_MAX);
	size_t k = prune_sorted(ps->b, p, n);
	buf_clear(&ps->out);
	buf_grow(&ps->out, k * 9 + 1);
	size_t ln = search_encode_postings(ps->out.ptr, ps->b, k);
	t->line = own ? copy_into(reuse, ps->out.ptr, ln)
		      : search_copy_bytes(ix, ps->out.ptr, ln, 0);
	t->line_n = (uint32_t)ln;
	t->kept = (uint32_t)k;
	t->own |= own ? TERM_OWN_LINE : 0;
}

/* Sets t's file form from its postings p[0, n), by id. */
static void set_postings(struct search_index *ix, struct term *t,
			 const struct post *p, size_t n, int own,
			 struct post_scratch *ps, void **reuse)
{
	buf_clear(&ps->out);
	buf_grow(&ps->out, n * 9 + 1);
	size_t fn = search_encode_postings(ps->out.ptr, p, n);
	search_set_file_form(ix, t, ps->out.ptr, fn, p, n, own, ps, reuse);
}

/* Decodes t's raw postings into out (room for t->df), with the ids and
 * impacts that ew gives the raw entry numbers.  Returns how many. */
size_t search_decode_raw(struct post *out, const struct term *t,
			 const struct entry_weights *ew)
{
	const uint8_t *p = term_cbytes(t), *end = p + t->n;
	uint32_t raw = 0;
	size_t n = 0;
	/* ew is far bigger than the caches and a term's entries are spread
	 * over it: postings are read DECODE_BATCH at a time, their weights
	 * fetched for all of them before the first is used */
	while (p < end) {
		uint32_t tf[DECODE_BATCH][NFIELDS], raws[DECODE_BATCH];
		unsigned mask[DECODE_BATCH];
		size_t k = 0;
		for (; k < DECODE_BATCH && p < end; k++) {
			raw += search_raw_posting(&p, tf[k], &mask[k]);
			raws[k] = raw;
			__builtin_prefetch(&ew[raw]);
		}
		for (size_t i = 0; i < k; i++)
			out[n++] = (struct post){ ew[raws[i]].id,
						  impact_of(tf[i], ew[raws[i]].w,
							    mask[i]),
						  (mask[i] & MASK_NAME) != 0 };
	}
	return n;
}

/* Turns one term's raw postings into the file form. */
static void finish_term(struct search_index *ix, struct term *t,
			const struct entry_weights *ew, struct post_scratch *ps)
{
	XGROW(ps->a, ps->acap, t->df);
	size_t n = search_decode_raw(ps->a, t, ew);
	void *reuse = t->cap > TERM_INLINE ? t->u.p : NULL;
	/* from here on the term holds its files' form */
	memset(&t->line, 0, sizeof(*t) - offsetof(struct term, line));
	search_sort_by_id(ps->a, n, &ps->c, &ps->ccap);
	set_postings(ix, t, ps->a, n, 1, ps, &reuse);
	free(reuse);
}

struct finish_run {
	struct search_index *ix;
	const struct entry_weights *ew;
	struct post_scratch *ps; /* per worker */
	const struct search_side *side;
	size_t nblocks;
	_Atomic int gathered;
	atomic_size_t pending; /* the sort and the blocks not yet done */
};

/* Finishes terms [i * FINISH_BLOCK, ...): most terms are in one or two
 * entries, so the weights of each term's first entry are fetched for the
 * whole block first (search_decode_raw does the same within a term). */
static void finish_block(struct finish_run *run, size_t i, int worker)
{
	struct search_index *ix = run->ix;
	size_t a = i * FINISH_BLOCK;
	size_t b = a + FINISH_BLOCK < ix->nterms ? a + FINISH_BLOCK : ix->nterms;
	for (size_t k = a; k < b; k++) {
		const struct term *t = &ix->terms[k];
		if (t->n) {
			const uint8_t *p = term_cbytes(t);
			__builtin_prefetch(&run->ew[search_get_varint(&p)]);
		}
	}
	for (size_t k = a; k < b; k++)
		finish_term(ix, &ix->terms[k], run->ew, &run->ps[worker]);
}

/* Ranks kinds: the known ones in their order, then others by name.
 * names[0, n) are distinct; rank[i] gets names[i]'s rank. */
void search_rank_kinds(const char *const *names, size_t n, uint16_t *rank)
{
	size_t r = 0;
	uint8_t *placed = xcalloc(n + 1, 1);
	for (size_t k = 0; kind_order[k]; k++)
		for (size_t i = 0; i < n; i++)
			if (!placed[i] && strcmp(names[i], kind_order[k]) == 0) {
				rank[i] = (uint16_t)r++;
				placed[i] = 1;
			}
	while (r < n) {
		size_t bi = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (!placed[i] &&
			    (bi == SIZE_MAX || strcmp(names[i], names[bi]) < 0))
				bi = i;
		rank[bi] = (uint16_t)r++;
		placed[bi] = 1;
	}
	free(placed);
}

/* Entries: kinds ranked, entries numbered in their kinds' ranges
 * (search_number.c), the fields' averages on the grid, the entry files'
 * tables sized; returns each entry's weights, by raw number (malloc'd).
 * Reads no term: it runs beside search_gather. */
static struct entry_weights *freeze_entries(struct search_index *ix)
{
	size_t N = ix->nentries;
	uint64_t total[NFIELDS] = { 0 };

	/* kinds: the known ones in their order, then others by name */
	ix->kind_rank = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_rank));
	ix->kind_by_rank = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_by_rank));
	search_rank_kinds(ix->kinds, ix->nkinds, ix->kind_rank);
	for (size_t i = 0; i < ix->nkinds; i++)
		ix->kind_by_rank[ix->kind_rank[i]] = ix->kinds[i];

	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	for (size_t i = 0; i < N; i++) {
		ix->entries[i].kind = ix->kind_rank[ix->entries[i].kind];
		ix->order[i] = &ix->entries[i];
		for (int f = 0; f < NFIELDS; f++)
			total[f] += ix->entries[i].flen[f];
	}
	ix->kind_start = xcalloc(ix->nkinds + 1, sizeof(*ix->kind_start));
	ix->space = search_number(ix->order, N, ix->nkinds, ix->kind_start);
	for (int f = 0; f < NFIELDS; f++)
		ix->avg[f] = search_avg_on_grid(total[f], N);
	search_layout_docs(ix);

	struct entry_weights *ew = xcalloc(N + 1, sizeof(*ew));
	for (size_t i = 0; i < N; i++) {
		ew[i].id = ix->entries[i].id;
		search_field_weights(ew[i].w, ix->entries[i].flen, ix->avg);
	}
	return ew;
}

/* Runs the side's steps until it has none left or, when until is not
 * NULL, until *until is set. */
static void side_steps(const struct search_side *side, int worker, _Atomic int *until)
{
	while (side && (!until || !atomic_load(until)) && side->step(side->arg, worker))
		;
}

/* The first stage: item 0 gathers the parts' words; item 1 freezes the
 * entries, then takes the side's steps while the words are gathered. */
static void first_stage(size_t i, int worker, void *userdata)
{
	struct finish_run *run = userdata;
	if (i == 0) {
		search_gather(run->ix);
		atomic_store(&run->gathered, 1);
		return;
	}
	run->ew = freeze_entries(run->ix);
	side_steps(run->side, worker, &run->gathered);
}

/* The words sorted and finished: the thread that did the last of it
 * lays out the term files while the other threads take the side's steps. */
static void finished_one(struct finish_run *run)
{
	if (atomic_fetch_sub(&run->pending, 1) == 1) {
		search_layout_terms(run->ix);
		search_measure_manifest(run->ix);
	}
}

/* The second stage: item 0 sorts the words (their strings only, which
 * finishing does not touch), item 1 is the side's first piece, then come
 * the blocks of words to finish, then one item a thread that takes the
 * side's steps left. */
static void second_stage(size_t i, int worker, void *userdata)
{
	struct finish_run *run = userdata;
	struct search_index *ix = run->ix;
	if (i == 0) {
		if (ix->nterms)
			qsort(ix->sorted, ix->nterms, sizeof(*ix->sorted), cmp_term);
		finished_one(run);
	} else if (i == 1) {
		if (run->side && run->side->first)
			run->side->first(run->side->arg, worker);
	} else if (i <= run->nblocks + 1) {
		finish_block(run, i - 2, worker);
		finished_one(run);
	} else {
		side_steps(run->side, worker, NULL);
	}
}

void search_freeze_with(struct search_index *ix, const struct search_side *side)
{
	if (ix->frozen)
		return;
	ix->frozen = 1;
	struct finish_run run = { .ix = ix, .side = side };
	atomic_init(&run.gathered, 0);
	pool_run(ix->jobs, 2, first_stage, &run);

	/* terms: scratch for the longest list, once per worker: grown step by
	 * step, it would leave holes in the heap that the build's peak of
	 * memory pays for */
	run.ps = xcalloc((size_t)ix->jobs, sizeof(*run.ps));
	size_t maxdf = 1;
	for (size_t i = 0; i < ix->nterms; i++)
		if (ix->terms[i].df > maxdf)
			maxdf = ix->terms[i].df;
	for (int w = 0; w < ix->jobs; w++) {
		struct post_scratch *p = &run.ps[w];
		buf_init(&p->out);
		buf_grow(&p->out, maxdf * 9 + 1);
		p->a = xmalloc(maxdf * sizeof(*p->a));
		p->b = xmalloc(maxdf * sizeof(*p->b));
		p->c = xmalloc(maxdf * sizeof(*p->c));
		p->acap = p->bcap = p->ccap = maxdf;
	}
	ix->sorted = xcalloc(ix->nterms + 1, sizeof(*ix->sorted));
	for (size_t i = 0; i < ix->nterms; i++)
		ix->sorted[i] = &ix->terms[i];
	run.nblocks = (ix->nterms + FINISH_BLOCK - 1) / FINISH_BLOCK;
	atomic_init(&run.pending, run.nblocks + 1);
	pool_run(ix->jobs, 2 + run.nblocks + (size_t)ix->jobs, second_stage, &run);
	for (int w = 0; w < ix->jobs; w++)
		search_post_scratch_release(&run.ps[w]);
	free(run.ps);
	free((void *)run.ew);
	for (size_t i = 0; i < ix->nterms; i++)
		ix->postings += ix->terms[i].kept;
	free(ix->slots);
	ix->slots = NULL;
}

void search_freeze(struct search_index *ix)
{
	search_freeze_with(ix, NULL);
}
