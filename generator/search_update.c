/* search_update: bringing a loaded index up to date with the entries of
 * the pages that changed (docs/search.md, "Keeping the index between
 * builds"): the entries of those pages dropped, their new ones merged in
 * the order a build from scratch gives, and the postings made again only
 * of the words their old or new entries hold; the others are kept, their
 * entry numbers shifted where entries moved. */
#include "search.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "xalloc.h"

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
	return x < y ? -1 : x > y;
}

struct aff {
	const char *s;
	size_t len;
	const struct term *added; /* its postings in `added`, or NULL */
	const struct term *gone;  /* its postings in `gone`, or NULL */
};

static int cmp_aff(const void *pa, const void *pb)
{
	const struct aff *a = pa, *b = pb;
	return strcmp(a->s, b->s);
}

/* How old entry numbers become new ones: dropped (removed), or map[old];
 * cp lists the old numbers at which that changes (a removed entry, or one
 * whose shift differs from the previous entry's), so that between two of
 * them a posting's new number is its old one plus the same shift. */
struct idmap {
	const uint8_t *removed;
	const uint32_t *map;
	size_t n;
	uint32_t *cp;
	size_t ncp;
};

/* The value of each base64url symbol, -1 for any other byte. */
static int8_t b64_table[256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init(void)
{
	for (int c = 0; c < 256; c++)
		b64_table[c] = (int8_t)search_b64_value((unsigned char)c);
}

/* Writes the postings of s (n bytes, the files' form) to out, in the same
 * form: those of removed entries dropped (counted in *dropped), the others'
 * numbers mapped, and add[0, nadd) (by new number) merged in.  A posting
 * whose gap is unchanged is copied as it was; when none changed, nothing is
 * written and *same is set.  Returns how many postings the result holds,
 * or SIZE_MAX when s is malformed or names an entry out of range. */
static size_t merge_postings(struct buf *out, const char *s, size_t n,
			     const struct idmap *m, const struct post *add, size_t nadd,
			     size_t *dropped, int *same)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, count = 0, run = SIZE_MAX, ci = 0;
	uint32_t old = 0, last = 0, delta = 0;
	uint32_t next_cp = m->ncp ? m->cp[0] : UINT32_MAX;
	uint32_t next_add = nadd ? add[0].id : UINT32_MAX;
	int changed = 0;

	pthread_once(&b64_once, b64_init);
	*same = 0;
#define FLUSH_RUN(upto)                                                     \
	do {                                                                \
		if (run != SIZE_MAX)                                        \
			buf_put(out, s + run, (upto) - run);                \
		run = SIZE_MAX;                                             \
	} while (0)
#define EMIT(p)                                                             \
	do {                                                                \
		char tmp_[16];                                              \
		size_t len_ = search_encode_posting(tmp_, &(p), last);       \
		buf_put(out, tmp_, len_);                                   \
		last = (p).id;                                              \
		count++;                                                    \
		changed = 1;                                                \
	} while (0)
	while (i < n) {
		size_t start = i;
		uint32_t v = 0, shift = 0;
		int d;
		while ((d = b64_table[u[i]]) >= 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
			if (++i >= n || shift >= 32)
				return SIZE_MAX;
		}
		if (d < 0 || ++i >= n)
			return SIZE_MAX;
		v |= (uint32_t)d << shift;
		old += v;
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

int search_update(struct search_index *ix, struct search_index *gone,
		  struct search_index *added)
{
	size_t N = ix->nentries, G = gone->nentries, A = added->nentries;
	const void **drop = NULL;
	size_t ndrop = 0;
	uint8_t *removed = NULL;
	uint32_t *map = NULL, *amap = NULL, *back = NULL;
	struct entry *tmp = NULL, *ne = NULL, **merged = NULL;
	struct aff *aff = NULL;
	struct term *nt = NULL;
	struct term **nsorted = NULL;
	long *base_idx = NULL;
	uint8_t *carried = NULL;
	uint32_t *gmap = NULL, *cps = NULL;
	size_t *file_of = NULL;
	struct term_file *old_tfiles = NULL;
	size_t old_ntfiles = 0, old_ndfiles = 0;
	size_t *old_dbytes = NULL;
	uint64_t *old_dhash = NULL;
	struct post_scratch ps = { 0 };
	int rc = -1;

	buf_init(&ps.out);
	if (!ix->frozen || !ix->written || !ix->map || gone->frozen || added->frozen)
		goto cleanup;
	search_gather(gone);
	search_gather(added);

	/* the owners replaced, as ix's interned strings */
	drop = xcalloc(G + A + 1, sizeof(*drop));
	for (size_t i = 0; i < G; i++)
		drop[ndrop++] = search_intern(ix, gone->entries[i].owner, strlen(gone->entries[i].owner));
	for (size_t i = 0; i < A; i++)
		drop[ndrop++] = search_intern(ix, added->entries[i].owner, strlen(added->entries[i].owner));
	qsort(drop, ndrop, sizeof(*drop), cmp_ptr);

	/* the entries that go: as many, with as many words, as `gone` has */
	removed = xcalloc(N + 1, 1);
	size_t nrem = 0;
	uint64_t rem_terms = 0, gone_terms = 0;
	for (size_t i = 0; i < N; i++) {
		const void *o = ix->order[i]->owner;
		if (ndrop && bsearch(&o, drop, ndrop, sizeof(*drop), cmp_ptr)) {
			removed[i] = 1;
			nrem++;
			rem_terms += ix->order[i]->nterms;
		}
	}
	for (size_t i = 0; i < G; i++)
		gone_terms += gone->entries[i].nterms;
	if (nrem != G || rem_terms != gone_terms)
		goto cleanup;

	/* kinds: those of the entries kept and added, ranked again */
	size_t M = N - nrem + A, nk = 0;
	const char **knames = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*knames));
	uint16_t *krank = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*krank));
	uint16_t *old_to = xcalloc(ix->nkinds + 1, sizeof(*old_to));
	uint16_t *add_to = xcalloc(added->nkinds + 1, sizeof(*add_to));
	{
		uint8_t *used = xcalloc(ix->nkinds + 1, 1);
		uint8_t *aused = xcalloc(added->nkinds + 1, 1);
		for (size_t i = 0; i < N; i++)
			if (!removed[i])
				used[ix->order[i]->kind] = 1;
		for (size_t i = 0; i < A; i++)
			aused[added->entries[i].kind] = 1;
		for (size_t k = 0; k < ix->nkinds; k++)
			if (used[k]) {
				old_to[k] = (uint16_t)nk;
				knames[nk++] = ix->kind_by_rank[k];
			}
		for (size_t k = 0; k < added->nkinds; k++) {
			if (!aused[k])
				continue;
			size_t j = 0;
			while (j < nk && strcmp(knames[j], added->kinds[k]) != 0)
				j++;
			if (j == nk)
				knames[nk++] = arena_strdup(&ix->arena, added->kinds[k]);
			add_to[k] = (uint16_t)j;
		}
		free(used);
		free(aused);
		search_rank_kinds(knames, nk, krank);
	}

	/* entries: those kept, in their order, merged with those added */
	tmp = xcalloc(M + 1, sizeof(*tmp));
	size_t nt_kept = 0;
	for (size_t i = 0; i < N; i++) {
		if (removed[i])
			continue;
		tmp[nt_kept] = *ix->order[i];
		tmp[nt_kept].kind = krank[old_to[ix->order[i]->kind]];
		tmp[nt_kept].id = (uint32_t)i; /* its old id, for now */
		nt_kept++;
	}
	for (size_t j = 0; j < A; j++) {
		const struct entry *a = &added->entries[j];
		struct entry *e = &tmp[nt_kept + j];
		*e = *a;
		e->title = arena_strdup(&ix->arena, a->title);
		e->base = search_intern(ix, a->base, strlen(a->base));
		e->frag = a->frag ? arena_strdup(&ix->arena, a->frag) : NULL;
		e->service = search_intern(ix, a->service, strlen(a->service));
		e->page = search_intern(ix, a->page, strlen(a->page));
		e->snippet = arena_strdup(&ix->arena, a->snippet);
		e->owner = search_intern(ix, a->owner, strlen(a->owner));
		e->kind = krank[add_to[a->kind]];
		e->id = (uint32_t)(N + j); /* raw id j, for now */
	}
	merged = xcalloc(M + 1, sizeof(*merged));
	{
		struct entry **ap = xcalloc(A + 1, sizeof(*ap));
		for (size_t j = 0; j < A; j++)
			ap[j] = &tmp[nt_kept + j];
		if (A)
			qsort(ap, A, sizeof(*ap), search_cmp_entry);
		size_t i = 0, j = 0, k = 0;
		while (i < nt_kept || j < A) {
			struct entry *x = i < nt_kept ? &tmp[i] : NULL;
			if (x && (j == A || search_cmp_entry(&x, &ap[j]) <= 0)) {
				merged[k++] = x;
				i++;
			} else {
				merged[k++] = ap[j++];
			}
		}
		free(ap);
	}
	/* the averages must stay in their steps */
	uint64_t total[NFIELDS] = { 0 };
	for (size_t k = 0; k < M; k++)
		for (int f = 0; f < NFIELDS; f++)
			total[f] += merged[k]->flen[f];
	for (int f = 0; f < NFIELDS; f++)
		if (search_avg_on_grid(total[f], M) != ix->avg[f]) {
			rc = -2;
			goto cleanup_kinds;
		}
	/* new ids; map: old id -> new, amap: raw id in added -> new;
	 * back: new id -> old (UINT32_MAX when added) */
	map = xmalloc((N + 1) * sizeof(*map));
	amap = xmalloc((A + 1) * sizeof(*amap));
	back = xmalloc((M + 1) * sizeof(*back));
	for (size_t i = 0; i < N; i++)
		map[i] = UINT32_MAX;
	int shifted = 0;
	ne = xcalloc(M + 1, sizeof(*ne));
	for (size_t k = 0; k < M; k++) {
		uint32_t was = merged[k]->id;
		ne[k] = *merged[k];
		ne[k].id = (uint32_t)k;
		if (was < N) {
			map[was] = (uint32_t)k;
			back[k] = was;
			shifted |= was != k;
		} else {
			amap[was - N] = (uint32_t)k;
			back[k] = UINT32_MAX;
		}
	}

	/* the entries that went, as `gone` has them: paired with ix's in
	 * order, so that their postings can be told by old id */
	gmap = xmalloc((G + 1) * sizeof(*gmap));
	{
		uint16_t *gk = xcalloc(gone->nkinds + 1, sizeof(*gk));
		int found = 1;
		for (size_t k = 0; k < gone->nkinds; k++) {
			size_t j = 0;
			while (j < ix->nkinds && strcmp(ix->kind_by_rank[j], gone->kinds[k]) != 0)
				j++;
			found &= j < ix->nkinds;
			gk[k] = (uint16_t)j;
		}
		struct entry *gt = xcalloc(G + 1, sizeof(*gt));
		struct entry **gp = xcalloc(G + 1, sizeof(*gp));
		for (size_t j = 0; j < G; j++) {
			gt[j] = gone->entries[j];
			gt[j].kind = gk[gt[j].kind];
			gt[j].id = (uint32_t)j;
			gp[j] = &gt[j];
		}
		if (G)
			qsort(gp, G, sizeof(*gp), search_cmp_entry);
		for (size_t i = 0, j = 0; found && i < N; i++) {
			if (!removed[i])
				continue;
			found = search_cmp_entry(&gp[j], &ix->order[i]) == 0;
			gmap[gp[j++]->id] = (uint32_t)i;
		}
		free(gk);
		free(gt);
		free(gp);
		if (!found)
			goto cleanup_kinds;
	}

	/* where the numbers change, for merge_postings */
	cps = xmalloc((N + 1) * sizeof(*cps));
	struct idmap im = { removed, map, N, cps, 0 };
	for (size_t x = 0; x < N; x++) {
		uint32_t prev = x ? map[x - 1] - (uint32_t)(x - 1) : 0;
		if (removed[x] || (x && removed[x - 1]) || map[x] - (uint32_t)x != prev)
			im.cp[im.ncp++] = (uint32_t)x;
	}

	/* the words of the entries that went or came */
	size_t naff = 0;
	aff = xcalloc(gone->nterms + added->nterms + 1, sizeof(*aff));
	for (size_t i = 0; i < gone->nterms; i++)
		aff[naff++] = (struct aff){ gone->terms[i].s, gone->terms[i].len, NULL,
					    &gone->terms[i] };
	for (size_t i = 0; i < added->nterms; i++)
		aff[naff++] = (struct aff){ added->terms[i].s, added->terms[i].len,
					    &added->terms[i], NULL };
	if (naff)
		qsort(aff, naff, sizeof(*aff), cmp_aff);
	{
		size_t u = 0;
		for (size_t i = 0; i < naff; i++) {
			if (u && strcmp(aff[u - 1].s, aff[i].s) == 0) {
				if (aff[i].gone)
					aff[u - 1].gone = aff[i].gone;
				if (aff[i].added)
					aff[u - 1].added = aff[i].added;
				continue;
			}
			aff[u++] = aff[i];
		}
		naff = u;
	}
	struct entry_weights *aw = xcalloc(A + 1, sizeof(*aw));
	for (size_t j = 0; j < A; j++) {
		aw[j].id = amap[j];
		search_field_weights(aw[j].w, added->entries[j].flen, ix->avg);
	}
	struct entry_weights *gw = xcalloc(G + 1, sizeof(*gw));
	for (size_t j = 0; j < G; j++) {
		gw[j].id = gmap[j];
		search_field_weights(gw[j].w, gone->entries[j].flen, ix->avg);
	}

	/* terms: those untouched as they were (their ids mapped when entries
	 * moved), the others made again */
	nt = xcalloc(ix->nterms + naff + 1, sizeof(*nt));
	base_idx = xmalloc((ix->nterms + naff + 1) * sizeof(*base_idx));
	carried = xcalloc(ix->nterms + 1, 1);
	struct buf fb = BUF_INIT;
	struct post *op = NULL, *np = NULL;
	size_t op_cap = 0, np_cap = 0;
	size_t n_new = 0, bi = 0, ai = 0, ntouched = 0;
	uint64_t nstreamed = 0;
	int bad = 0;
	while ((bi < ix->nterms || ai < naff) && !bad) {
		const struct term *b = bi < ix->nterms ? ix->sorted[bi] : NULL;
		int c = !b ? 1 : ai == naff ? -1 : strcmp(b->s, aff[ai].s);
		struct term *t = &nt[n_new];
		if (c < 0) {
			/* untouched */
			*t = *b;
			base_idx[n_new] = (long)bi;
			carried[bi] = 1;
			if (shifted) {
				size_t dropped = 0;
				int same;
				buf_clear(&fb);
				size_t n = merge_postings(&fb, b->full, b->full_n, &im, NULL, 0,
							  &dropped, &same);
				if (n != b->df || dropped) {
					bad = 1;
					break;
				}
				if (!same) {
					carried[bi] = 0;
					base_idx[n_new] = -1;
					t->own = 0;
					t->full = search_copy_bytes(ix, fb.ptr, fb.len, 0);
					t->full_n = (uint32_t)fb.len;
					if (b->line == b->full) {
						t->line = t->full;
						t->line_n = t->full_n;
					} else {
						buf_clear(&fb);
						merge_postings(&fb, b->line, b->line_n, &im, NULL, 0,
							       &dropped, &same);
						if (same) {
							/* in the mapped file: not b's to free */
							t->line = b->line;
						} else {
							t->line = search_copy_bytes(ix, fb.ptr, fb.len, 0);
							t->line_n = (uint32_t)fb.len;
						}
					}
				}
			}
			n_new++;
			bi++;
			continue;
		}
		/* a word of the entries that went or came: their postings of
		 * it, before (by old id) and after (by new id) */
		size_t no = 0, nn = 0;
		const struct term *gt = aff[ai].gone, *at = aff[ai].added;
		if (gt) {
			XGROW(op, op_cap, gt->df + 1);
			no = search_decode_raw(op, gt, gw);
			search_sort_by_id(op, no, &ps.c, &ps.ccap);
		}
		if (at) {
			XGROW(np, np_cap, at->df + 1);
			nn = search_decode_raw(np, at, aw);
			search_sort_by_id(np, nn, &ps.c, &ps.ccap);
		}
		ai++;
		if (c != 0 && no) {
			bad = 1; /* an entry that went had a word the index has not */
			break;
		}
		if (c == 0)
			bi++;
		if (c == 0 && !shifted && no == nn &&
		    (!no || memcmp(op, np, no * sizeof(*op)) == 0)) {
			/* the same postings went and came back */
			*t = *b;
			base_idx[n_new++] = (long)(bi - 1);
			carried[bi - 1] = 1;
			continue;
		}
		ntouched++;
		size_t n = nn, dropped = 0;
		buf_clear(&fb);
		if (c == 0) {
			int same;
			n = merge_postings(&fb, b->full, b->full_n, &im, np, nn, &dropped, &same);
			if (n == SIZE_MAX || dropped != no || n != b->df - no + nn) {
				bad = 1;
				break;
			}
			if (same)
				buf_put(&fb, b->full, b->full_n);
		} else {
			buf_grow(&fb, nn * 9 + 1);
			fb.len = search_encode_postings(fb.ptr, np, nn);
		}
		nstreamed += n;
		if (!n)
			continue; /* no entry holds it any more */
		memset(t, 0, sizeof(*t));
		t->s = c == 0 ? b->s : arena_strndup(&ix->arena, aff[ai - 1].s, aff[ai - 1].len);
		t->len = c == 0 ? b->len : (uint32_t)aff[ai - 1].len;
		base_idx[n_new] = -1;
		if (n <= POSTINGS_MAX || c != 0 || b->df <= POSTINGS_MAX) {
			/* every posting is a candidate: from the new full list */
			XGROW(ps.a, ps.acap, n + 1);
			struct post *all = ps.a;
			if (search_decode_postings(all, fb.ptr, fb.len) != n) {
				bad = 1;
				break;
			}
			search_set_file_form(ix, t, fb.ptr, fb.len, all, n, 0, &ps, NULL);
		} else {
			/* the kept ones, unless one went, and those that came */
			XGROW(ps.a, ps.acap, b->line_n / 2 + nn + 1);
			struct post *kept = ps.a;
			size_t nk = search_decode_postings(kept, b->line, b->line_n);
			int lost = nk == SIZE_MAX;
			for (size_t i = 0; !lost && i < nk; i++) {
				if (removed[kept[i].id])
					lost = 1;
				else
					kept[i].id = map[kept[i].id];
			}
			if (lost) {
				/* one of the best went: the next best from the full list */
				XGROW(ps.a, ps.acap, n + 1);
				kept = ps.a;
				if (search_decode_postings(kept, fb.ptr, fb.len) != n) {
					bad = 1;
					break;
				}
				search_set_file_form(ix, t, fb.ptr, fb.len, kept, n, 0, &ps, NULL);
			} else {
				memcpy(kept + nk, np, nn * sizeof(*np));
				nk = search_prune(kept, nk + nn, &ps.c, &ps.ccap);
				search_sort_by_id(kept, nk, &ps.c, &ps.ccap);
				t->df = (uint32_t)n;
				t->full = search_copy_bytes(ix, fb.ptr, fb.len, 0);
				t->full_n = (uint32_t)fb.len;
				char *line = arena_alloc(&ix->arena, nk * 9 + 1);
				t->line_n = (uint32_t)search_encode_postings(line, kept, nk);
				t->line = line;
				t->kept = (uint32_t)nk;
			}
		}
		if (c == 0 && t->df == b->df && t->full_n == b->full_n &&
		    !memcmp(t->full, b->full, b->full_n) && t->line_n == b->line_n &&
		    !memcmp(t->line, b->line, b->line_n))
			base_idx[n_new] = (long)(bi - 1);
		n_new++;
	}
	free(aw);
	free(gw);
	free(op);
	free(np);
	buf_release(&fb);
	if (getenv("CAIRN_TIMING"))
		fprintf(stderr, "cairn: search: update: %zu entries out, %zu in, %zu words, "
				"%zu changed (%llu postings), %s\n",
			nrem, A, naff, ntouched, (unsigned long long)nstreamed,
			shifted ? "ids moved" : "ids kept");
	if (bad)
		goto cleanup_kinds;

	/* commit: the old layout, kept to tell which files are unchanged */
	old_tfiles = ix->tfiles;
	old_ntfiles = ix->ntfiles;
	ix->tfiles = NULL;
	file_of = xmalloc((ix->nterms + 1) * sizeof(*file_of));
	for (size_t f = 0; f < old_ntfiles; f++) {
		size_t end = f + 1 < old_ntfiles ? old_tfiles[f + 1].first : ix->nterms;
		for (size_t i = old_tfiles[f].first; i < end; i++)
			file_of[i] = f;
	}
	size_t old_nterms = ix->nterms;
	old_ndfiles = ix->ndfiles;
	old_dbytes = ix->dfile_bytes;
	old_dhash = ix->dfile_hash;
	ix->dfile_bytes = NULL;
	ix->dfile_hash = NULL;

	free(ix->entries);
	free(ix->order);
	ix->entries = ne;
	ne = NULL;
	ix->nentries = ix->entries_cap = M;
	ix->order = xcalloc(M + 1, sizeof(*ix->order));
	for (size_t k = 0; k < M; k++)
		ix->order[k] = &ix->entries[k];

	free(ix->kinds);
	free(ix->kind_by_rank);
	free(ix->kind_rank);
	free(ix->kind_start);
	ix->nkinds = ix->kinds_cap = nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	ix->kind_start = xcalloc(nk + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[krank[k]] = ix->kind_by_rank[krank[k]] = knames[k];
		ix->kind_rank[k] = (uint16_t)k;
	}
	for (size_t k = 0; k <= nk; k++)
		ix->kind_start[k] = (uint32_t)M;
	for (size_t i = M; i-- > 0;)
		ix->kind_start[ix->entries[i].kind] = (uint32_t)i;

	for (size_t i = 0; i < ix->nterms; i++)
		if (!carried[i])
			term_free_bytes(ix->sorted[i]);
	free(ix->terms);
	free(ix->sorted);
	ix->terms = nt;
	nt = NULL;
	ix->nterms = ix->terms_cap = n_new;
	ix->sorted = xcalloc(n_new + 1, sizeof(*ix->sorted));
	ix->postings = 0;
	for (size_t i = 0; i < n_new; i++) {
		ix->sorted[i] = &ix->terms[i];
		ix->postings += ix->terms[i].kept;
	}

	/* term files: unchanged when they hold the same terms, unchanged, and
	 * keep their number */
	search_layout_terms(ix);
	for (size_t f = 0; f < ix->ntfiles; f++) {
		size_t a = ix->tfiles[f].first, b = f + 1 < ix->ntfiles ? ix->tfiles[f + 1].first : n_new;
		long b0 = base_idx[a];
		int same = b0 >= 0 && file_of[b0] == f && old_tfiles[f].first == (size_t)b0;
		for (size_t i = a; same && i < b; i++)
			same = base_idx[i] == b0 + (long)(i - a);
		if (same) {
			size_t oend = f + 1 < old_ntfiles ? old_tfiles[f + 1].first : old_nterms;
			same = oend == (size_t)b0 + (b - a);
		}
		if (same) {
			ix->tfiles[f].clean = 1;
			ix->tfiles[f].hash = old_tfiles[f].hash;
			ix->tfiles[f].bytes = old_tfiles[f].bytes;
		}
	}
	/* entry files: unchanged when they hold the same entries */
	search_layout_docs(ix);
	for (size_t f = 0; f < ix->ndfiles && f < old_ndfiles; f++) {
		size_t a = f * DOC_FILE_ENTRIES, b = a + DOC_FILE_ENTRIES;
		size_t nb = b < M ? b : M, ob = b < N ? b : N;
		int same = nb == ob;
		for (size_t k = a; same && k < nb; k++)
			same = back[k] == k;
		if (same) {
			ix->dfile_clean[f] = 1;
			ix->dfile_bytes[f] = old_dbytes[f];
			ix->dfile_hash[f] = old_dhash[f];
		}
	}
	search_measure_manifest(ix);
	ix->written = 0;
	ix->measured = 0;
	rc = 0;

cleanup_kinds:
	free(knames);
	free(krank);
	free(old_to);
	free(add_to);
cleanup:
	free(drop);
	free(removed);
	free(map);
	free(amap);
	free(back);
	free(tmp);
	free(ne);
	free(merged);
	free(aff);
	free(nt);
	free(nsorted);
	free(base_idx);
	free(carried);
	free(gmap);
	free(cps);
	free(file_of);
	free(old_tfiles);
	free(old_dbytes);
	free(old_dhash);
	search_post_scratch_release(&ps);
	return rc;
}
