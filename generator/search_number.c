/* search_number: the entries' numbers (docs/search.md, "Numbers").  Each
 * kind has a range of numbers about twice its entries; a page's entries
 * (the page and its sections: the entries of one kind and address) take
 * consecutive numbers from a place in the range given by the hash of the
 * address, the pages that want the same numbers pushed on in the order of
 * those places, then addresses (ordered linear probing).  So a number
 * depends on the entries there are, not on the order they came in, and a
 * page that comes or goes moves only the few pages pushed on after it. */
#include "search.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "xalloc.h"

uint32_t search_kind_space(size_t count)
{
	/* 32 times m, m on a grid of eight steps per doubling: 8, 9, ...,
	 * 16, 18, ..., 32, 36, ... */
	uint64_t want = 2 * (uint64_t)count, m = 1;
	while (32 * m < want) {
		if (m < 8)
			m++;
		else {
			uint64_t step = 1;
			while (m / step >= 16)
				step *= 2;
			m += step;
		}
	}
	return (uint32_t)(32 * m);
}

/* The place an address wants in a range of `space` numbers. */
static uint32_t home_of(const struct entry *e, uint32_t space)
{
	return (uint32_t)(((uint64_t)search_term_hash(e->base, strlen(e->base)) * space) >>
			  32);
}

/* Entries in placing order: kind, the address's place, the address, then
 * the page's own order (search_cmp_entry).  home: the entries' places,
 * stored in their id fields. */
static int cmp_placing(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->base != b->base && (c = strcmp(a->base, b->base)))
		return c;
	return search_cmp_entry(pa, pb);
}

/* Places the pages of one kind, e[0, n) in placing order, in a range of
 * space numbers from first: each page at its place or, when that is
 * taken, just after the page before it; the pages pushed past the end go
 * on from the range's start, and the pages there are pushed on after
 * them, until that settles. */
static void place_kind(struct entry **e, size_t n, uint32_t first, uint32_t space)
{
	uint64_t wrap = 0, end = 0;
	for (;;) {
		uint64_t cur = wrap;
		for (size_t i = 0; i < n; i++) {
			int starts = i == 0 || e[i]->base != e[i - 1]->base;
			if (starts && e[i]->id > cur)
				cur = e[i]->id;
			cur++;
		}
		end = cur;
		if (end <= space || end - space <= wrap)
			break;
		wrap = end - space;
	}
	uint64_t cur = wrap;
	for (size_t i = 0; i < n; i++) {
		int starts = i == 0 || e[i]->base != e[i - 1]->base;
		if (starts && e[i]->id > cur)
			cur = e[i]->id;
		e[i]->id = first + (uint32_t)(cur % space);
		cur++;
	}
}

/* Sorts e[0, n), whose ids hold their places (home_of) and whose kinds
 * start at start[kind] in a space of `end` numbers, in placing order
 * (cmp_placing): counted into buckets by kind and place, the few entries
 * of a bucket (a page's, and pages that want the same place) sorted
 * among themselves.  As qsort with cmp_placing, without its hundreds of
 * thousands of calls: an update numbers every entry again. */
static void sort_placing(struct entry **e, size_t n, const uint32_t *start, uint32_t end)
{
	uint32_t *count = xcalloc((size_t)end + 2, sizeof(*count));
	struct entry **tmp = xmalloc((n + 1) * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		count[start[e[i]->kind] + e[i]->id + 1]++;
	for (size_t k = 0; k < end; k++)
		count[k + 1] += count[k];
	for (size_t i = 0; i < n; i++)
		tmp[count[start[e[i]->kind] + e[i]->id]++] = e[i];
	/* count[k] is now the end of bucket k */
	for (size_t k = 0, a = 0; k < end && a < n; k++) {
		size_t b = count[k];
		if (b - a > 32) {
			qsort(tmp + a, b - a, sizeof(*tmp), cmp_placing);
		} else {
			for (size_t i = a + 1; i < b; i++) {
				struct entry *x = tmp[i];
				size_t j = i;
				while (j > a && cmp_placing(&tmp[j - 1], &x) > 0) {
					tmp[j] = tmp[j - 1];
					j--;
				}
				tmp[j] = x;
			}
		}
		a = b;
	}
	memcpy(e, tmp, n * sizeof(*e));
	free(tmp);
	free(count);
}

static int cmp_id(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Sorts e[0, n) by id, the ids below end: put at their ids (placing
 * gives distinct ones; qsort if not). */
static void sort_by_id(struct entry **e, size_t n, uint32_t end)
{
	struct entry **at = xcalloc((size_t)end + 1, sizeof(*at));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		k += at[e[i]->id] != NULL;
		at[e[i]->id] = e[i];
	}
	if (k) {
		qsort(e, n, sizeof(*e), cmp_id);
	} else {
		for (size_t id = 0; id < end; id++)
			if (at[id])
				e[k++] = at[id];
	}
	free(at);
}

uint32_t search_number(struct entry **e, size_t n, size_t nkinds, uint32_t *start)
{
	uint32_t *space = xcalloc(nkinds + 1, sizeof(*space));
	uint32_t end = 0;

	for (size_t i = 0; i < n; i++)
		space[e[i]->kind]++;
	for (size_t k = 0; k < nkinds; k++) {
		start[k] = end;
		space[k] = space[k] ? search_kind_space(space[k]) : 0;
		end += space[k];
	}
	start[nkinds] = end;
	/* a page's entries come together: its address hashed once */
	for (size_t i = 0; i < n; i++)
		e[i]->id = i && e[i]->base == e[i - 1]->base &&
					   e[i]->kind == e[i - 1]->kind
				   ? e[i - 1]->id
				   : home_of(e[i], space[e[i]->kind]);
	if (n)
		sort_placing(e, n, start, end);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && e[j]->kind == e[i]->kind; j++)
			;
		place_kind(e + i, j - i, start[e[i]->kind], space[e[i]->kind]);
	}
	if (n)
		sort_by_id(e, n, end);
	free(space);
	return end;
}

size_t search_entry_at(const struct search_index *ix, uint32_t id)
{
	size_t lo = 0, hi = ix->nentries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->order[mid]->id == id)
			return mid;
		if (ix->order[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}
