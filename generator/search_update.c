/* search_update: bringing a loaded index up to date with the entries of
 * the pages that changed (docs/search.md, "Keeping the index between
 * builds"): the entries of those pages dropped, their new ones numbered
 * as a build from scratch numbers them (search_number.c), and the
 * postings made again only of the words their old or new entries hold;
 * the others are kept, their entry numbers shifted where entries moved
 * (the pages an update would move can be handed in as changed, so that
 * none moves: search_update_displaced). */
#include "search.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "xalloc.h"

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const void *const *)a,
		  y = (uintptr_t) * (const void *const *)b;
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

/* ------------------------------------------------------------ the update */

/* An update under way: what search_update's steps hand on to each other. */
struct update {
	struct search_index *ix, *gone, *added;
	size_t N, G, A;	  /* entries of ix, gone and added */
	size_t M;	  /* entries of ix once brought up to date */
	uint8_t *removed; /* by old id: the entry goes */
	size_t nrem;
	/* the kinds after the update, knames[0, nk), their ranks, and what
	 * ix's kinds (by rank) and added's (by index) become */
	const char **knames;
	size_t nk;
	uint16_t *krank, *old_to, *add_to;
	/* the entries kept, where ix has them (given their new kinds and, once
	 * numbered, their new ids: put back by restore_kept unless the update
	 * is committed), then those added (tmp[raw id in added], in ix's
	 * arena); merged: pointers to them, by new id once numbered, in the
	 * new ranges start (space numbers); old_id, old_kind: the kept
	 * entries' as they were, by index in ix->order */
	struct entry *tmp;
	size_t nkept;
	uint32_t *old_id;
	uint16_t *old_kind;
	int touched, committed;
	struct entry **merged;
	uint32_t *start, space;
	uint8_t *rem_id; /* by old id: the entry goes */
	uint32_t *map;	 /* old id -> new (UINT32_MAX: removed, or none) */
	uint32_t *amap;	 /* raw id in added -> new */
	uint32_t *back;	 /* new id -> old id (UINT32_MAX: added, or none) */
	uint32_t *gmap;	 /* raw id in gone -> old */
	int shifted;	 /* some kept entry has a new id */
	int unordered;	 /* ... and kept entries are not in their old order */
	struct idmap im;
	/* the words of the entries that went or came, in byte order, and
	 * those entries' weights by raw id */
	struct aff *aff;
	size_t naff;
	struct entry_weights *aw, *gw;
	/* the new terms, nt[0, n_new) in byte order: an old term carried
	 * over as it is is the old one itself (ix->sorted[bi]), not a copy; a
	 * term made again or renumbered is new, in ix's arena; base_idx[i]:
	 * the old term (index in ix->sorted) whose files' form the new one
	 * has, or -1; carried[old]: the old term's bytes are now a new
	 * term's */
	struct term **nt;
	size_t n_new;
	long *base_idx;
	uint8_t *carried;
	/* scratch */
	struct post_scratch ps;
	struct buf fb;	      /* a new full list */
	struct buf lb;	      /* a new kept list, before it is copied */
	struct post *op, *np; /* a word's postings gone (old ids), added (new) */
	size_t op_cap, np_cap;
	struct search_update_stats st;
	/* search_update_files: a word's full list is made again only when
	 * its kept postings cannot be told without it */
	int lines_only;
	/* search_update_moving: the pages whose entries move (pushed on or
	 * let back in their ranges) as ix holds them, from moved_fn; mv[0,
	 * nmv): their words in byte order, when mv_known (a word none of
	 * them holds has no posting whose number changes) */
	search_moved_fn moved_fn;
	void *moved_data;
	struct search_index *moved;
	const char **mv;
	size_t nmv, mi;
	int mv_known;
	struct idmap im_kept; /* im for the words of kept entries only */
	struct idmap keep;    /* keep_map's (cp: im_kept's) */
	uint64_t flen_total[NFIELDS]; /* the fields' totals after the update */
	uint64_t rem_flen[NFIELDS];   /* the entries that go: theirs */
};

/* Puts back the kept entries' ids and kinds, when the update did not go
 * through. */
static void restore_kept(struct update *u)
{
	if (!u->touched || u->committed)
		return;
	for (size_t i = 0; i < u->N; i++) {
		u->ix->order[i]->id = u->old_id[i];
		u->ix->order[i]->kind = u->old_kind[i];
	}
}

static void update_release(struct update *u)
{
	restore_kept(u);
	free(u->removed);
	free(u->knames);
	free(u->krank);
	free(u->old_to);
	free(u->add_to);
	free(u->old_id);
	free(u->old_kind);
	free(u->merged);
	free(u->start);
	free(u->rem_id);
	free(u->map);
	free(u->amap);
	free(u->back);
	free(u->gmap);
	free(u->im.cp);
	free(u->im_kept.cp);
	free(u->aff);
	free(u->aw);
	free(u->gw);
	free(u->nt);
	free(u->base_idx);
	free(u->carried);
	free(u->op);
	free(u->np);
	buf_release(&u->fb);
	buf_release(&u->lb);
	search_post_scratch_release(&u->ps);
	free(u->mv);
	free((void *)u->keep.removed);
	free((void *)u->keep.map);
	if (u->moved)
		search_index_free(u->moved);
}

/* Marks the entries of ix that go: every entry of an owner that gone or
 * added has entries of.  -1 when they are not as many, with as many
 * words, as gone's. */
static int mark_removed(struct update *u)
{
	struct search_index *ix = u->ix;
	const void **drop = xcalloc(u->G + u->A + 1, sizeof(*drop));
	size_t ndrop = 0;
	uint64_t rem_terms = 0, gone_terms = 0;

	/* the owners replaced, as ix's interned strings */
	for (size_t i = 0; i < u->G; i++)
		drop[ndrop++] = search_intern(ix, u->gone->entries[i].owner,
					      strlen(u->gone->entries[i].owner));
	for (size_t i = 0; i < u->A; i++)
		drop[ndrop++] = search_intern(ix, u->added->entries[i].owner,
					      strlen(u->added->entries[i].owner));
	qsort(drop, ndrop, sizeof(*drop), cmp_ptr);

	u->removed = xcalloc(u->N + 1, 1);
	u->rem_id = xcalloc((size_t)ix->space + 1, 1);
	for (size_t i = 0; i < u->N; i++) {
		const void *o = ix->order[i]->owner;
		/* most updates drop a page or two: the range first */
		if (ndrop && (uintptr_t)o >= (uintptr_t)drop[0] &&
		    (uintptr_t)o <= (uintptr_t)drop[ndrop - 1] &&
		    bsearch(&o, drop, ndrop, sizeof(*drop), cmp_ptr)) {
			u->removed[i] = 1;
			u->rem_id[ix->order[i]->id] = 1;
			u->nrem++;
			rem_terms += ix->order[i]->nterms;
			for (int f = 0; f < NFIELDS; f++)
				u->rem_flen[f] += ix->order[i]->flen[f];
		}
	}
	free(drop);
	for (size_t i = 0; i < u->G; i++)
		gone_terms += u->gone->entries[i].nterms;
	return u->nrem == u->G && rem_terms == gone_terms ? 0 : -1;
}

/* The kinds of the entries kept and added, ranked again. */
static void rank_kinds_again(struct update *u)
{
	struct search_index *ix = u->ix, *added = u->added;
	uint8_t *used = xcalloc(ix->nkinds + 1, 1);
	uint8_t *aused = xcalloc(added->nkinds + 1, 1);

	u->knames = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*u->knames));
	u->krank = xcalloc(ix->nkinds + added->nkinds + 1, sizeof(*u->krank));
	u->old_to = xcalloc(ix->nkinds + 1, sizeof(*u->old_to));
	u->add_to = xcalloc(added->nkinds + 1, sizeof(*u->add_to));
	for (size_t i = 0; i < u->N; i++)
		if (!u->removed[i])
			used[ix->order[i]->kind] = 1;
	for (size_t i = 0; i < u->A; i++)
		aused[added->entries[i].kind] = 1;
	for (size_t k = 0; k < ix->nkinds; k++)
		if (used[k]) {
			u->old_to[k] = (uint16_t)u->nk;
			u->knames[u->nk++] = ix->kind_by_rank[k];
		}
	for (size_t k = 0; k < added->nkinds; k++) {
		if (!aused[k])
			continue;
		size_t j = 0;
		while (j < u->nk && strcmp(u->knames[j], added->kinds[k]) != 0)
			j++;
		if (j == u->nk)
			u->knames[u->nk++] =
				arena_strdup(&ix->arena, added->kinds[k]);
		u->add_to[k] = (uint16_t)j;
	}
	free(used);
	free(aused);
	search_rank_kinds(u->knames, u->nk, u->krank);
}

/* The entries kept and those added (u->merged; each with its kind's new
 * rank, interned in ix).  The kept ones are ix's own, changed in place
 * (restore_kept puts them back): copying a hundred thousand entries was
 * most of an update's time. */
static void gather_entries(struct update *u)
{
	struct search_index *ix = u->ix;
	struct entry *tmp = u->tmp =
		u->A ? arena_alloc(&ix->arena, u->A * sizeof(*tmp)) : NULL;
	size_t nkept = 0;

	u->merged = xcalloc(u->M + 1, sizeof(*u->merged));
	u->old_id = xmalloc((u->N + 1) * sizeof(*u->old_id));
	u->old_kind = xmalloc((u->N + 1) * sizeof(*u->old_kind));
	for (size_t i = 0; i < u->N; i++) {
		struct entry *e = ix->order[i];
		u->old_id[i] = e->id;
		u->old_kind[i] = e->kind;
	}
	u->touched = 1;
	for (size_t i = 0; i < u->N; i++) {
		if (u->removed[i])
			continue;
		struct entry *e = ix->order[i];
		e->kind = u->krank[u->old_to[u->old_kind[i]]];
		u->merged[nkept++] = e;
	}
	u->nkept = nkept;
	for (size_t j = 0; j < u->A; j++) {
		const struct entry *a = &u->added->entries[j];
		struct entry *e = &tmp[j];
		*e = *a;
		e->title = arena_strdup(&ix->arena, a->title);
		e->base = search_intern(ix, a->base, strlen(a->base));
		e->frag = a->frag ? arena_strdup(&ix->arena, a->frag) : NULL;
		e->service = search_intern(ix, a->service, strlen(a->service));
		e->page = search_intern(ix, a->page, strlen(a->page));
		e->snippet = arena_strdup(&ix->arena, a->snippet);
		e->owner = search_intern(ix, a->owner, strlen(a->owner));
		e->kind = u->krank[u->add_to[a->kind]];
		u->merged[nkept + j] = e;
	}
}

/* True when the fields' average lengths stay in their steps (else every
 * impact would change).  The new totals (u->flen_total) are ix's less
 * the entries that went and plus those that came, when ix knows its
 * totals (the entries that went are ix's, u->rem_flen); else every
 * entry's are added up. */
static int averages_kept(struct update *u)
{
	uint64_t *total = u->flen_total;
	if (u->ix->flen_known) {
		for (int f = 0; f < NFIELDS; f++)
			total[f] = u->ix->flen_total[f] - u->rem_flen[f];
		for (size_t i = 0; i < u->A; i++)
			for (int f = 0; f < NFIELDS; f++)
				total[f] += u->added->entries[i].flen[f];
	} else {
		memset(total, 0, sizeof(u->flen_total));
		for (size_t k = 0; k < u->M; k++)
			for (int f = 0; f < NFIELDS; f++)
				total[f] += u->merged[k]->flen[f];
	}
	for (int f = 0; f < NFIELDS; f++)
		if (search_avg_on_grid(total[f], u->M) != u->ix->avg[f])
			return 0;
	return 1;
}

/* True when the kinds are ix's, each with its rank. */
static int kinds_as_before(const struct update *u)
{
	if (u->nk != u->ix->nkinds)
		return 0;
	for (size_t k = 0; k < u->nk; k++)
		if (u->old_to[k] != k || u->krank[k] != k ||
		    strcmp(u->knames[k], u->ix->kind_by_rank[k]) != 0)
			return 0;
	return 1;
}

/* The entries' new ids (search_number, or the ones they had when pages
 * were replaced page for page), and the maps between old, raw and new. */
static void number_entries(struct update *u)
{
	uint32_t S = u->ix->space;
	u->start = xcalloc(u->nk + 1, sizeof(*u->start));
	if (kinds_as_before(u) &&
	    search_number_as_before(u->merged, u->nkept, u->A, u->ix,
				    u->removed, u->start) == 0) {
		u->space = S;
		u->st.numbers_kept = 1;
	} else if (kinds_as_before(u) &&
		   search_number_near(u->merged, u->nkept, u->A, u->ix,
				      u->removed, u->start) == 0) {
		u->space = S;
		u->st.numbers_kept = 2;
	} else {
		u->space = search_number(u->merged, u->M, u->nk, u->start);
	}
	u->map = xmalloc(((size_t)S + 1) * sizeof(*u->map));
	u->amap = xmalloc((u->A + 1) * sizeof(*u->amap));
	u->back = xmalloc(((size_t)u->space + 1) * sizeof(*u->back));
	for (size_t i = 0; i < S; i++)
		u->map[i] = UINT32_MAX;
	for (size_t i = 0; i < u->space; i++)
		u->back[i] = UINT32_MAX;
	uint32_t last = 0;
	/* the kept entries are ix's own (ix->order, not yet replaced), the
	 * added ones u->tmp's: each now has its new id */
	for (size_t i = 0, any = 0; i < u->N; i++) {
		if (u->removed[i])
			continue;
		uint32_t was = u->old_id[i], to = u->ix->order[i]->id;
		u->map[was] = to;
		u->back[to] = was;
		u->shifted |= was != to;
		/* kept entries in their old order keep it (ids may shift) */
		u->unordered |= any && to <= last;
		last = to;
		any = 1;
	}
	for (size_t j = 0; j < u->A; j++)
		u->amap[j] = u->tmp[j].id;
}

/* The entries that went, as `gone` has them: paired with ix's in order,
 * so that their postings can be told by old id (u->gmap).  -1 when they
 * are not the entries ix drops. */
static int pair_gone(struct update *u)
{
	struct search_index *ix = u->ix, *gone = u->gone;
	uint16_t *gk = xcalloc(gone->nkinds + 1, sizeof(*gk));
	struct entry *gt = xcalloc(u->G + 1, sizeof(*gt));
	struct entry **gp = xcalloc(u->G + 1, sizeof(*gp));
	int found = 1;

	u->gmap = xmalloc((u->G + 1) * sizeof(*u->gmap));
	for (size_t k = 0; k < gone->nkinds; k++) {
		size_t j = 0;
		while (j < ix->nkinds &&
		       strcmp(ix->kind_by_rank[j], gone->kinds[k]) != 0)
			j++;
		found &= j < ix->nkinds;
		gk[k] = (uint16_t)j;
	}
	for (size_t j = 0; j < u->G; j++) {
		gt[j] = gone->entries[j];
		gt[j].kind = gk[gt[j].kind];
		gt[j].id = (uint32_t)j; /* its raw id */
		gp[j] = &gt[j];
	}
	struct entry **rp = xcalloc(u->nrem + 1, sizeof(*rp));
	size_t nr = 0;
	for (size_t i = 0; i < u->N; i++)
		if (u->removed[i])
			rp[nr++] = ix->order[i];
	if (u->G) {
		qsort(gp, u->G, sizeof(*gp), search_cmp_entry);
		qsort(rp, nr, sizeof(*rp), search_cmp_entry);
	}
	for (size_t j = 0; found && j < u->G; j++) {
		found = search_cmp_entry(&gp[j], &rp[j]) == 0;
		u->gmap[gp[j]->id] = rp[j]->id;
	}
	free(gk);
	free(gt);
	free(gp);
	free(rp);
	return found ? 0 : -1;
}

/* Where the numbers change (u->im, and u->im_kept for the words of kept
 * entries only: search_change_points). */
static void find_change_points(struct update *u)
{
	u->im = (struct idmap){ u->rem_id, u->map, u->ix->space, NULL, 0 };
	u->im_kept = u->im;
	search_change_points(&u->im, &u->im_kept, u->old_id, u->removed, u->N);
}

/* The words of the entries that went or came (u->aff: each once, in byte
 * order), and those entries' weights. */
static void find_affected_words(struct update *u)
{
	struct search_index *gone = u->gone, *added = u->added;
	struct aff *aff = u->aff =
		xcalloc(gone->nterms + added->nterms + 1, sizeof(*aff));
	size_t naff = 0, n = 0;

	for (size_t i = 0; i < gone->nterms; i++)
		aff[naff++] = (struct aff){ gone->terms[i].s, gone->terms[i].len,
					    NULL, &gone->terms[i] };
	for (size_t i = 0; i < added->nterms; i++)
		aff[naff++] = (struct aff){ added->terms[i].s, added->terms[i].len,
					    &added->terms[i], NULL };
	if (naff)
		qsort(aff, naff, sizeof(*aff), cmp_aff);
	for (size_t i = 0; i < naff; i++) {
		if (n && strcmp(aff[n - 1].s, aff[i].s) == 0) {
			if (aff[i].gone)
				aff[n - 1].gone = aff[i].gone;
			if (aff[i].added)
				aff[n - 1].added = aff[i].added;
			continue;
		}
		aff[n++] = aff[i];
	}
	u->naff = n;
	u->aw = xcalloc(u->A + 1, sizeof(*u->aw));
	for (size_t j = 0; j < u->A; j++) {
		u->aw[j].id = u->amap[j];
		search_field_weights(u->aw[j].w, added->entries[j].flen, u->ix->avg);
	}
	u->gw = xcalloc(u->G + 1, sizeof(*u->gw));
	for (size_t j = 0; j < u->G; j++) {
		u->gw[j].id = u->gmap[j];
		search_field_weights(u->gw[j].w, gone->entries[j].flen, u->ix->avg);
	}
}

/* u->im, but with the entries that went kept at their numbers: for a
 * word whose postings in them came back as they were (with the same
 * numbers, in entries that did not move). */
static const struct idmap *keep_map(struct update *u)
{
	if (!u->keep.map) {
		uint32_t *map = xmalloc(((size_t)u->im.n + 1) * sizeof(*map));
		memcpy(map, u->im.map, (size_t)u->im.n * sizeof(*map));
		for (uint32_t x = 0; x < u->im.n; x++)
			if (u->rem_id[x])
				map[x] = x;
		u->keep = (struct idmap){ xcalloc((size_t)u->im.n + 1, 1), map,
					  u->im.n, u->im_kept.cp, u->im_kept.ncp };
	}
	return &u->keep;
}

/* Carries the old term b (ix->sorted[bi], copied to t) over with its
 * kept postings' numbers mapped, not its full list, which is left empty
 * (search_update_files: the index is not saved again).  -1 when they do
 * not add up. */
static int carry_line(struct update *u, struct term *t, const struct term *b,
		      size_t bi, const struct idmap *im)
{
	size_t dropped = 0;
	int same;
	buf_clear(&u->fb);
	size_t n = search_renumber_postings(&u->fb, b->line, b->line_n, b->kept,
					    im, NULL, 0, &dropped, &same);
	if (n != b->kept || dropped)
		return -1;
	t->full = NULL;
	t->full_n = 0;
	t->full_off = 0;
	t->own &= TERM_OWN_LINE; /* b's line, when the same, is now t's */
	u->ix->lines_only = 1;
	u->st.words_renumbered++;
	if (same)
		return 0;
	t->own = 0;
	u->carried[bi] = 0;
	u->base_idx[u->n_new - 1] = -1;
	t->line = search_copy_bytes(u->ix, u->fb.ptr, u->fb.len, 0);
	t->line_n = (uint32_t)u->fb.len;
	return 0;
}

/* A new term in ix's arena, for the n_new-th place (not yet taken). */
static struct term *new_term(struct update *u)
{
	struct term *t = arena_alloc(&u->ix->arena, sizeof(*t));
	memset(t, 0, sizeof(*t));
	u->nt[u->n_new] = t;
	return t;
}

/* Carries the old term ix->sorted[bi], untouched, over to the new terms:
 * as it was (itself), or with its entries' ids mapped (im) when entries
 * moved and one of them holds it (held; every word is, when they are not
 * known: then a copy).  -1 when its postings do not add up. */
static int carry_term(struct update *u, size_t bi, int held, const struct idmap *im)
{
	struct term *b = u->ix->sorted[bi];
	size_t dropped = 0;
	int same;

	u->nt[u->n_new] = b;
	u->base_idx[u->n_new] = (long)bi;
	u->carried[bi] = 1;
	if (!u->shifted || !held) {
		u->n_new++;
		return 0;
	}
	struct term *t = new_term(u);
	*t = *b;
	u->n_new++;
	if (u->lines_only && b->line != b->full)
		return carry_line(u, t, b, bi, im);
	buf_clear(&u->fb);
	size_t n = search_renumber_postings(&u->fb, b->full, b->full_n, b->df,
					    im, NULL, 0, &dropped, &same);
	if (n != b->df || dropped)
		return -1;
	if (same) {
		u->nt[u->n_new - 1] = b; /* as it was: itself */
		return 0;
	}
	u->carried[bi] = 0;
	u->base_idx[u->n_new - 1] = -1;
	t->own = 0;
	t->full = search_copy_bytes(u->ix, u->fb.ptr, u->fb.len, 0);
	t->full_n = (uint32_t)u->fb.len;
	if (b->line == b->full) {
		t->line = t->full;
		t->line_n = t->full_n;
		return 0;
	}
	buf_clear(&u->fb);
	search_renumber_postings(&u->fb, b->line, b->line_n, b->kept, im, NULL,
				 0, &dropped, &same);
	if (same) {
		t->line = b->line; /* in the mapped file: not b's to free */
	} else {
		t->line = search_copy_bytes(u->ix, u->fb.ptr, u->fb.len, 0);
		t->line_n = (uint32_t)u->fb.len;
	}
	return 0;
}

/* The postings of a's word in the entries that went (u->op[0, *no), by
 * old id) and in those that came (u->np[0, *nn), by new id). */
static void affected_postings(struct update *u, const struct aff *a, size_t *no,
			      size_t *nn)
{
	*no = *nn = 0;
	if (a->gone) {
		XGROW(u->op, u->op_cap, a->gone->df + 1);
		*no = search_decode_raw(u->op, a->gone, u->gw);
		search_sort_by_id(u->op, *no, &u->ps.c, &u->ps.ccap);
	}
	if (a->added) {
		XGROW(u->np, u->np_cap, a->added->df + 1);
		*nn = search_decode_raw(u->np, a->added, u->aw);
		search_sort_by_id(u->np, *nn, &u->ps.c, &u->ps.ccap);
	}
}

/* Sets t's files' form from every posting of its new full list (u->fb,
 * n postings).  -1 when the list does not hold n. */
static int form_from_full(struct update *u, struct term *t, size_t n)
{
	XGROW(u->ps.a, u->ps.acap, n + 1);
	if (search_decode_postings(u->ps.a, u->fb.ptr, u->fb.len) != n)
		return -1;
	search_set_file_form(u->ix, t, u->fb.ptr, u->fb.len, u->ps.a, n, 0,
			     &u->ps, NULL);
	return 0;
}

/* Sets t's kept postings to p[0, n) (by id), in the files' form, in ix's
 * arena: encoded in scratch first, so that the arena holds their bytes
 * only (room for the longest form would be 9 bytes a posting). */
static void set_line(struct update *u, struct term *t, const struct post *p, size_t n)
{
	buf_clear(&u->lb);
	buf_grow(&u->lb, n * 9 + 1);
	u->lb.len = search_encode_postings(u->lb.ptr, p, n);
	t->line = search_copy_bytes(u->ix, u->lb.ptr, u->lb.len, 0);
	t->line_n = (uint32_t)u->lb.len;
	t->kept = (uint32_t)n;
}

/* Sets the files' form of t, whose new full list is u->fb (n postings),
 * whose old term is b (NULL: none) and whose postings that came are
 * u->np[0, nn).  When b's list was cut and none of its kept postings
 * went, the best are among those and the ones that came; else among
 * all.  -1 when the lists do not add up. */
static int form_of_remade(struct update *u, struct term *t,
			  const struct term *b, size_t n, size_t nn)
{
	if (n <= POSTINGS_MAX || !b || b->df <= POSTINGS_MAX)
		return form_from_full(u, t, n); /* every posting is a candidate */
	XGROW(u->ps.a, u->ps.acap, b->line_n / 2 + nn + 1);
	struct post *kept = u->ps.a;
	size_t nk = search_decode_postings(kept, b->line, b->line_n);
	int lost = nk == SIZE_MAX;
	for (size_t i = 0; !lost && i < nk; i++) {
		if (u->rem_id[kept[i].id])
			lost = 1;
		else
			kept[i].id = u->map[kept[i].id];
	}
	if (lost) /* one of the best went: the next best from the full list */
		return form_from_full(u, t, n);
	if (nn) /* u->np is NULL when no posting came */
		memcpy(kept + nk, u->np, nn * sizeof(*u->np));
	nk = search_prune(kept, nk + nn, &u->ps.c, &u->ps.ccap);
	search_sort_by_id(kept, nk, &u->ps.c, &u->ps.ccap);
	t->df = (uint32_t)n;
	t->full = search_copy_bytes(u->ix, u->fb.ptr, u->fb.len, 0);
	t->full_n = (uint32_t)u->fb.len;
	set_line(u, t, kept, nk);
	return 0;
}

/* True when posting x ranks above y among a word's postings (the order
 * search_prune keeps them in: names, then impact, then the lower id). */
static int ranks_above(const struct post *x, const struct post *y)
{
	uint32_t rx = x->name ? IMPACT_NAME : x->q, ry = y->name ? IMPACT_NAME : y->q;
	return rx != ry ? rx > ry : x->id < y->id;
}

/* search_update_files: sets t's kept postings (line) and df (n) without
 * making b's full list again (none of ix's entries moved).  Every posting
 * b did not keep ranks below the last it kept, c, so when the best of b's
 * kept postings that stay and the nn that came (u->np) are POSTINGS_MAX
 * postings that all rank above c, they are the best of the new list; else
 * the best are found among all of b's postings that stay and those that
 * came, decoded once.  t's full list is left empty (the index cannot be
 * saved).  Returns 1 when done, 0 when the full list is to be made. */
static int line_of_remade(struct update *u, struct term *t,
			  const struct term *b, size_t n, size_t nn)
{
	if (!u->lines_only || n <= POSTINGS_MAX || b->df <= POSTINGS_MAX)
		return 0;
	XGROW(u->ps.a, u->ps.acap, b->line_n / 2 + nn + 1);
	struct post *kept = u->ps.a;
	size_t nk = search_decode_postings(kept, b->line, b->line_n), k = 0;
	if (nk == SIZE_MAX || nk != POSTINGS_MAX)
		return 0;
	struct post c = kept[0];
	int moved = 0, renumbered = 0;
	for (size_t i = 0; i < nk; i++) {
		if (ranks_above(&c, &kept[i]))
			c = kept[i];
		if (u->rem_id[kept[i].id]) {
			moved = 1;
		} else {
			/* in the new numbers: entries that move keep their
			 * order, so the postings theirs and their ranks */
			uint32_t to = u->map[kept[i].id];
			renumbered |= to != kept[i].id;
			kept[k] = kept[i];
			kept[k++].id = to;
		}
	}
	/* c in the new numbers; when c went and entries moved it has none,
	 * and the best are found among all */
	int c_lost = u->rem_id[c.id] && u->shifted;
	if (!u->rem_id[c.id])
		c.id = u->map[c.id];
	for (size_t i = 0; i < nn && !moved; i++)
		moved = ranks_above(&u->np[i], &c);
	t->s = b->s;
	t->len = b->len;
	t->df = (uint32_t)n;
	t->kept = (uint32_t)nk;
	u->ix->lines_only = 1;
	if (!moved && !renumbered) { /* the same postings kept */
		t->line = b->line;
		t->line_n = b->line_n;
		return 1;
	}
	if (!moved) { /* the same, renumbered */
		set_line(u, t, kept, k);
		return 1;
	}
	if (nn) /* u->np is NULL when no posting came */
		memcpy(kept + k, u->np, nn * sizeof(*u->np));
	k = search_prune(kept, k + nn, &u->ps.c, &u->ps.ccap);
	/* c itself, or above it (c ranks above every posting b did not
	 * keep) */
	int enough = !c_lost && k == POSTINGS_MAX;
	for (size_t i = 0; enough && i < k; i++)
		enough = !ranks_above(&c, &kept[i]);
	if (!enough) {
		/* one that b did not keep may rank above one of these: the
		 * best among all of b's that stay and those that came */
		XGROW(u->ps.a, u->ps.acap, (size_t)b->df + nn + 1);
		kept = u->ps.a;
		nk = search_decode_postings(kept, b->full, b->full_n);
		if (nk != b->df)
			return 0;
		k = 0;
		for (size_t i = 0; i < nk; i++)
			if (!u->rem_id[kept[i].id]) {
				kept[k] = kept[i];
				kept[k++].id = u->map[kept[i].id];
			}
		if (k + nn != n)
			return 0;
		if (nn)
			memcpy(kept + k, u->np, nn * sizeof(*u->np));
		k = search_prune(kept, n, &u->ps.c, &u->ps.ccap);
	}
	search_sort_by_id(kept, k, &u->ps.c, &u->ps.ccap);
	set_line(u, t, kept, k);
	return 1;
}

/* Makes the postings of a's word again: its old term b's (NULL: none,
 * else ix->sorted[bi]) without those of the entries that went, with those
 * of the entries that came.  -1 when they do not add up. */
static int remake_term(struct update *u, const struct term *b, size_t bi,
		       const struct aff *a, int held)
{
	struct term *t;
	size_t no, nn, n, dropped = 0;

	affected_postings(u, a, &no, &nn);
	if (!b && no)
		return -1; /* an entry that went had a word the index has not */
	if (b && no == nn && (!no || memcmp(u->op, u->np, no * sizeof(*u->op)) == 0)) {
		/* the same postings went and came back: only those of the
		 * entries that moved change */
		return carry_term(u, bi, held,
				  u->shifted && held ? keep_map(u) : &u->im);
	}
	u->st.words_changed++;
	if (b && no > b->df)
		return -1;
	t = new_term(u);
	if (b && line_of_remade(u, t, b, b->df - no + nn, nn)) {
		u->st.postings += t->df;
		u->st.words_kept_only++;
		u->base_idx[u->n_new] = -1;
		if (t->df == b->df && t->line_n == b->line_n &&
		    !memcmp(t->line, b->line, b->line_n))
			u->base_idx[u->n_new] = (long)bi;
		u->n_new++;
		return 0;
	}
	n = nn;
	buf_clear(&u->fb);
	if (b) {
		int same;
		n = search_renumber_postings(&u->fb, b->full, b->full_n, b->df,
					     &u->im, u->np, nn, &dropped, &same);
		if (n == SIZE_MAX || dropped != no || n != b->df - no + nn)
			return -1;
		if (same)
			buf_put(&u->fb, b->full, b->full_n);
	} else {
		buf_grow(&u->fb, nn * 9 + 1);
		u->fb.len = search_encode_postings(u->fb.ptr, u->np, nn);
	}
	u->st.postings += n;
	if (!n)
		return 0; /* no entry holds it any more */
	memset(t, 0, sizeof(*t));
	t->s = b ? b->s : arena_strndup(&u->ix->arena, a->s, a->len);
	t->len = b ? b->len : (uint32_t)a->len;
	u->base_idx[u->n_new] = -1;
	if (form_of_remade(u, t, b, n, nn) < 0)
		return -1;
	if (b && t->df == b->df && t->full_n == b->full_n &&
	    !memcmp(t->full, b->full, b->full_n) && t->line_n == b->line_n &&
	    !memcmp(t->line, b->line, b->line_n))
		u->base_idx[u->n_new] = (long)bi;
	u->n_new++;
	return 0;
}

/* True when a page whose entries move holds the word s; the words are
 * asked in byte order. */
static int held_by_moved(struct update *u, const char *s)
{
	for (; u->mi < u->nmv; u->mi++) {
		int c = strcmp(u->mv[u->mi], s);
		if (c >= 0)
			return c == 0;
	}
	return 0;
}

/* The index of the first of ix->sorted[lo, hi) whose word is s or after
 * it: a gallop from lo (the next changed word is most often near), then
 * a bisection. */
static size_t first_from(const struct search_index *ix, size_t lo, size_t hi,
			 const char *s)
{
	size_t step = 1, top = lo;
	while (top < hi && strcmp(ix->sorted[top]->s, s) < 0) {
		lo = top + 1;
		top = lo + step < hi ? lo + step : hi;
		step *= 2;
	}
	while (lo < top) {
		size_t mid = lo + (top - lo) / 2;
		if (strcmp(ix->sorted[mid]->s, s) < 0)
			lo = mid + 1;
		else
			top = mid;
	}
	return lo;
}

/* Carries ix->sorted[bi, end) over as they are (none changed, none holds
 * an entry that moves). */
static void carry_run(struct update *u, size_t bi, size_t end)
{
	memcpy(u->nt + u->n_new, u->ix->sorted + bi, (end - bi) * sizeof(*u->nt));
	memset(u->carried + bi, 1, end - bi);
	for (size_t i = bi; i < end; i++)
		u->base_idx[u->n_new++] = (long)i;
}

/* The new terms: those untouched as they were (their ids mapped when
 * entries moved), the others made again.  The runs of terms before the
 * next word that changed or is held by a page that moved are carried
 * over whole, found without comparing each term.  -1 when something
 * does not add up. */
static int remake_terms(struct update *u)
{
	struct search_index *ix = u->ix;
	size_t bi = 0, ai = 0;

	u->nt = xmalloc((ix->nterms + u->naff + 1) * sizeof(*u->nt));
	u->base_idx = xmalloc((ix->nterms + u->naff + 1) * sizeof(*u->base_idx));
	u->carried = xcalloc(ix->nterms + 1, 1);
	while (bi < ix->nterms || ai < u->naff) {
		if (!u->shifted || u->mv_known) {
			size_t end = ix->nterms;
			if (ai < u->naff)
				end = first_from(ix, bi, end, u->aff[ai].s);
			if (u->shifted && u->mi < u->nmv)
				end = first_from(ix, bi, end, u->mv[u->mi]);
			if (end > bi) {
				carry_run(u, bi, end);
				bi = end;
				continue;
			}
		}
		const struct term *b = bi < ix->nterms ? ix->sorted[bi] : NULL;
		int c = !b		? 1
			: ai == u->naff ? -1
					: strcmp(b->s, u->aff[ai].s);
		int rc;
		int held = b && (!u->mv_known || held_by_moved(u, b->s));
		if (c < 0) {
			rc = carry_term(u, bi, held, &u->im_kept);
			bi++;
		} else {
			rc = remake_term(u, c == 0 ? b : NULL, bi, &u->aff[ai++], held);
			bi += c == 0;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The new entries and kinds, in ix. */
static void commit_entries(struct update *u)
{
	struct search_index *ix = u->ix;
	size_t M = u->M, nk = u->nk;

	/* the entries that went stay in ix->entries, unused */
	free(ix->order);
	ix->order = u->merged;
	u->merged = NULL;
	u->committed = 1;
	ix->nentries = M;

	free(ix->kinds);
	free(ix->kind_by_rank);
	free(ix->kind_rank);
	free(ix->kind_start);
	ix->nkinds = ix->kinds_cap = nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[u->krank[k]] = ix->kind_by_rank[u->krank[k]] = u->knames[k];
		ix->kind_rank[k] = (uint16_t)k;
	}
	ix->kind_start = u->start;
	u->start = NULL;
	ix->space = u->space;
	memcpy(ix->flen_total, u->flen_total, sizeof(ix->flen_total));
	ix->flen_known = 1;
}

/* The new terms, in ix (the old ones' bytes freed unless carried). */
static void commit_terms(struct update *u)
{
	struct search_index *ix = u->ix;

	for (size_t i = 0; i < ix->nterms; i++)
		if (!u->carried[i])
			term_free_bytes(ix->sorted[i]);
	/* ix->terms keeps the old terms' records: the new ones are those
	 * carried (the same records) and the update's, in the arena */
	free(ix->sorted);
	ix->sorted = u->nt;
	u->nt = NULL;
	ix->nterms = u->n_new;
	ix->postings = 0;
	for (size_t i = 0; i < u->n_new; i++)
		ix->postings += ix->sorted[i]->kept;
}

/* Marks clean the entry files of ix's new layout that hold the entries
 * they held: not a file that held an entry that went or moved, nor one
 * that holds an entry that came or moved (back: index in ix->order -> old
 * id; nold files before, of old_bytes and old_hash). */
static void keep_doc_files(struct search_index *ix, const struct update *u, size_t nold,
			   const size_t *old_bytes, const uint64_t *old_hash)
{
	uint8_t *dirty = xcalloc(ix->ndfiles + nold + 1, 1);
	for (size_t k = 0; k < ix->nentries; k++) {
		uint32_t id = ix->order[k]->id, was = u->back[id];
		if (was != id) {
			dirty[id / DOC_FILE_ENTRIES] = 1;
			if (was != UINT32_MAX)
				dirty[was / DOC_FILE_ENTRIES] = 1;
		}
	}
	for (uint32_t x = 0; x < u->im.n; x++)
		if (u->rem_id[x])
			dirty[x / DOC_FILE_ENTRIES] = 1;
	for (size_t f = 0; f < ix->ndfiles && f < nold; f++) {
		if (dirty[f])
			continue;
		ix->dfile_clean[f] = 1;
		ix->dfile_bytes[f] = old_bytes[f];
		ix->dfile_hash[f] = old_hash[f];
	}
	free(dirty);
}

/* Puts the update in ix, and lays its files out again: those that hold
 * what they held are clean (search_write keeps them). */
static void commit(struct update *u)
{
	struct search_index *ix = u->ix;
	struct term_file *old_tfiles = ix->tfiles;
	size_t old_ntfiles = ix->ntfiles, old_nterms = ix->nterms,
	       old_ndfiles = ix->ndfiles;
	size_t *old_dbytes = ix->dfile_bytes;
	uint64_t *old_dhash = ix->dfile_hash;

	ix->tfiles = NULL;
	ix->dfile_bytes = NULL;
	ix->dfile_hash = NULL;
	commit_entries(u);
	commit_terms(u);
	search_layout_terms_again(ix, old_tfiles, old_ntfiles, u->base_idx);
	search_keep_term_files(ix, old_tfiles, old_ntfiles, old_nterms, u->base_idx);
	search_layout_docs(ix);
	keep_doc_files(ix, u, old_ndfiles, old_dbytes, old_dhash);
	search_measure_manifest(ix);
	ix->written = 0;
	ix->measured = 0;
	free(old_tfiles);
	free(old_dbytes);
	free(old_dhash);
}

/* The steps of an update up to the new numbers: 0; -1 when gone does
 * not match ix, -2 when the averages leave their steps. */
static int update_prepare(struct update *u)
{
	struct search_index *ix = u->ix;
	buf_init(&u->ps.out);
	buf_init(&u->fb);
	if (!ix->frozen || !ix->written || !ix->map || u->gone->frozen || u->added->frozen)
		return -1;
	search_gather(u->gone);
	search_gather(u->added);
	u->N = ix->nentries;
	u->G = u->gone->nentries;
	u->A = u->added->nentries;
	if (mark_removed(u) < 0)
		return -1;
	u->M = u->N - u->nrem + u->A;
	rank_kinds_again(u);
	gather_entries(u);
	if (!averages_kept(u))
		return -2;
	number_entries(u);
	return 0;
}

static int cmp_cstr_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t search_update_displaced(struct search_index *ix, struct search_index *gone,
			       struct search_index *added, const char ***owners)
{
	struct update u = { .ix = ix, .gone = gone, .added = added };
	size_t n = 0;

	*owners = NULL;
	if (update_prepare(&u) < 0)
		goto cleanup;
	if (u.unordered) {
		n = SIZE_MAX;
		goto cleanup;
	}
	const char **o = xcalloc(u.M + 1, sizeof(*o));
	for (size_t k = 0; k < u.M; k++) {
		uint32_t id = u.merged[k]->id;
		if (u.back[id] != UINT32_MAX && u.back[id] != id)
			o[n++] = u.merged[k]->owner;
	}
	if (n)
		qsort(o, n, sizeof(*o), cmp_cstr_ptr);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || strcmp(o[m - 1], o[i]) != 0)
			o[m++] = o[i];
	n = m;
	*owners = o;
	if (n > SEARCH_DISPLACED_MAX) {
		free(o);
		*owners = NULL;
		n = SIZE_MAX;
	}

cleanup:
	update_release(&u);
	return n;
}

/* The pages whose entries move though they did not change (pushed on or
 * let back in their ranges: kept entries with new numbers), handed to
 * u->moved_fn, and their words (u->mv) when it gives back as many of
 * their entries, with as many words, as ix holds; else every word is
 * taken as held by one of them. */
static void find_moved(struct update *u)
{
	struct search_index *ix = u->ix;
	if (!u->shifted || !u->moved_fn)
		return;
	const char **o = xcalloc(u->M + 1, sizeof(*o));
	size_t n = 0, m = 0, ne = 0;
	uint64_t nw = 0, mw = 0;
	for (size_t k = 0; k < u->M; k++) {
		uint32_t id = u->merged[k]->id;
		if (u->back[id] != UINT32_MAX && u->back[id] != id)
			o[n++] = u->merged[k]->owner;
	}
	if (n)
		qsort(o, n, sizeof(*o), cmp_cstr_ptr);
	for (size_t i = 0; i < n; i++)
		if (!m || strcmp(o[m - 1], o[i]) != 0)
			o[m++] = o[i];
	if (!m || m > SEARCH_DISPLACED_MAX)
		goto cleanup;
	u->st.pages_moved = m;
	u->moved = u->moved_fn(o, m, u->moved_data);
	if (!u->moved || u->moved->frozen)
		goto cleanup;
	search_gather(u->moved);
	/* the owners are ix's interned strings: compared as pointers, the
	 * range first (most entries are outside it) */
	qsort(o, m, sizeof(*o), cmp_ptr);
	for (size_t i = 0; i < u->N; i++) {
		const struct entry *e = ix->order[i];
		if (!u->removed[i] && (uintptr_t)e->owner >= (uintptr_t)o[0] &&
		    (uintptr_t)e->owner <= (uintptr_t)o[m - 1] &&
		    bsearch(&e->owner, o, m, sizeof(*o), cmp_ptr)) {
			ne++;
			nw += e->nterms;
		}
	}
	for (size_t i = 0; i < u->moved->nentries; i++)
		mw += u->moved->entries[i].nterms;
	if (ne != u->moved->nentries || nw != mw)
		goto cleanup;
	u->mv = xcalloc(u->moved->nterms + 1, sizeof(*u->mv));
	for (size_t i = 0; i < u->moved->nterms; i++)
		u->mv[u->nmv++] = u->moved->terms[i].s;
	if (u->nmv)
		qsort(u->mv, u->nmv, sizeof(*u->mv), cmp_cstr_ptr);
	u->mv_known = 1;

cleanup:
	free(o);
}

/* search_update, or search_update_files when lines_only; moved_fn (may be
 * NULL): search_update_moving's. */
static int update(struct search_index *ix, struct search_index *gone,
		  struct search_index *added, struct search_update_stats *stats,
		  int lines_only, search_moved_fn moved_fn, void *moved_data)
{
	struct update u = { .ix = ix,
			    .gone = gone,
			    .added = added,
			    .lines_only = lines_only,
			    .moved_fn = moved_fn,
			    .moved_data = moved_data };
	int rc;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if ((rc = update_prepare(&u)) < 0)
		goto cleanup;
	rc = -2;
	if (u.unordered) /* a kind's range resized: most entries move */
		goto cleanup;
	rc = -1;
	if (pair_gone(&u) < 0)
		goto cleanup;
	find_moved(&u);
	find_change_points(&u);
	find_affected_words(&u);
	int bad = remake_terms(&u) < 0;
	u.st.entries_out = u.nrem;
	u.st.entries_in = u.A;
	u.st.words = u.naff;
	u.st.ids_moved = u.shifted;
	u.st.counted = 1;
	if (stats)
		*stats = u.st;
	if (bad)
		goto cleanup;
	commit(&u);
	rc = 0;

cleanup:
	update_release(&u);
	return rc;
}

int search_update(struct search_index *ix, struct search_index *gone,
		  struct search_index *added, struct search_update_stats *stats)
{
	return update(ix, gone, added, stats, 0, NULL, NULL);
}

int search_update_files(struct search_index *ix, struct search_index *gone,
			struct search_index *added, struct search_update_stats *stats)
{
	return update(ix, gone, added, stats, 1, NULL, NULL);
}

int search_update_moving(struct search_index *ix, struct search_index *gone,
			 struct search_index *added, int lines_only,
			 search_moved_fn moved, void *userdata,
			 struct search_update_stats *stats)
{
	return update(ix, gone, added, stats, lines_only, moved, userdata);
}
