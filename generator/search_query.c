/* search_query: ranking a query exactly as the browser's client does
 * (docs/search.md, "Queries"), from the files' form of the postings, and
 * counting the bytes it fetches; the index's figures for make bench. */
#include "search.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "xalloc.h"

#define PREFIX_MAX 20 /* completions of the word being typed */
#define TYPO_MAX 10   /* words one edit away */
#define QUERY_WORDS_MAX 16
#define NAME_BONUS 1000.0	/* the query is an entry's name */
#define NAME_PREFIX_BONUS 500.0 /* ... or the start of it, being typed */

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : an < bn ? -1 : an > bn;
}

/* The term file a string belongs in: the last whose key is <= s. */
static size_t shard_of(const struct search_index *ix, const char *s, size_t n)
{
	size_t lo = 0, hi = ix->ntfiles;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		const char *k = ix->tfiles[mid].key;
		if (cmp_bytes(k, strlen(k), s, n) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const struct term *find_term(const struct search_index *ix,
				    const char *s, size_t n)
{
	size_t lo = 0, hi = ix->nterms;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_bytes(ix->sorted[mid]->s, ix->sorted[mid]->len, s, n);
		if (c == 0)
			return ix->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int starts_with(const char *s, size_t n, const char *p, size_t pn)
{
	return n >= pn && memcmp(s, p, pn) == 0;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static size_t count_cp(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* True when a and b are one edit apart: a letter changed, added, removed,
 * or two neighbours swapped. */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;
	if (an > bn + 1 || bn > an + 1)
		return 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	if (an == bn) {
		if (i == an)
			return 0;
		if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
			return 1;
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       memcmp(a + i + 2, b + i + 2, an - i - 2) == 0;
	}
	if (an > bn)
		return memcmp(a + i + 1, b + i, an - i - 1) == 0;
	return memcmp(a + i, b + i + 1, bn - i - 1) == 0;
}

struct qword {
	char stem[NAME_KEY_MAX * 4 + 8]; /* a word's, or the name key's */
	size_t slen;
	char fold[NAME_KEY_MAX * 4 + 8];
	size_t flen;
	int prefix;
};

struct qparse {
	struct qword w[QUERY_WORDS_MAX];
	size_t n;
	size_t qlen;
	int typing;
	struct buf tmp;
};

static void query_token(const struct search_token *t, void *userdata)
{
	struct qparse *qp = userdata;
	if (!t->compound && search_is_stop_word(t->text, t->len))
		return;
	buf_clear(&qp->tmp);
	search_stem(&qp->tmp, t->text, t->len);
	int prefix = qp->typing && t->end == qp->qlen;
	for (size_t i = 0; i < qp->n; i++) {
		struct qword *w = &qp->w[i];
		if (w->slen == qp->tmp.len &&
		    memcmp(w->stem, qp->tmp.ptr, w->slen) == 0) {
			if (prefix) {
				w->prefix = 1;
				memcpy(w->fold, t->text, t->len);
				w->flen = t->len;
			}
			return;
		}
	}
	if (qp->n == QUERY_WORDS_MAX)
		return;
	struct qword *w = &qp->w[qp->n++];
	memcpy(w->stem, qp->tmp.ptr, qp->tmp.len);
	w->slen = qp->tmp.len;
	memcpy(w->fold, t->text, t->len);
	w->flen = t->len;
	w->prefix = prefix;
}

/* The term files the browser loads for word w, into files (up to 3):
 * its stem's and, for the word being typed, the file its prefix falls in
 * and, when the prefix runs on past it, the next; returns how many. */
static size_t word_files(const struct search_index *ix, const struct qword *w,
			 size_t *files)
{
	size_t n = 0;
	files[n++] = shard_of(ix, w->stem, w->slen);
	if (w->prefix && count_cp(w->fold, w->flen) >= 2) {
		size_t f = shard_of(ix, w->fold, w->flen);
		if (f != files[0])
			files[n++] = f;
		const struct term *last = ix->sorted[search_tfile_end(ix, f) - 1];
		if (f + 1 < ix->ntfiles &&
		    starts_with(last->s, last->len, w->fold, w->flen) &&
		    f + 1 != files[0])
			files[n++] = f + 1;
	}
	return n;
}

struct cand {
	const struct term *t;
	double factor;
	double df; /* the entries its idf counts (docs/search.md) */
};

static int cmp_cstr(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The stems of every word one edit away from w (a letter removed, two
 * neighbours swapped, a letter a-z changed or added), sorted, into *out
 * (strings in b); returns how many. */
static size_t typo_stems(const char *w, size_t n, struct buf *b,
			 const char ***out, size_t *cap)
{
	char v[TOKEN_MAX * 4 + 8], st[TOKEN_MAX * 4 + 8];
	size_t *offs = NULL, noffs = 0, offs_cap = 0;
	buf_clear(b);
#define VARIANT(vlen)                                        \
	do {                                                 \
		size_t sl = search_stem_word(st, v, (vlen)); \
		XGROW(offs, offs_cap, noffs + 1);            \
		offs[noffs++] = b->len;                      \
		buf_put(b, st, sl);                          \
		buf_putc(b, '\0');                           \
	} while (0)
	for (size_t i = 0; i < n; i++) { /* removed */
		memcpy(v, w, i);
		memcpy(v + i, w + i + 1, n - i - 1);
		VARIANT(n - 1);
	}
	for (size_t i = 0; i + 1 < n; i++) { /* swapped */
		memcpy(v, w, n);
		v[i] = w[i + 1];
		v[i + 1] = w[i];
		VARIANT(n);
	}
	for (size_t i = 0; i < n; i++) /* changed */
		for (char c = 'a'; c <= 'z'; c++) {
			memcpy(v, w, n);
			v[i] = c;
			VARIANT(n);
		}
	for (size_t i = 0; i <= n; i++) /* added */
		for (char c = 'a'; c <= 'z'; c++) {
			memcpy(v, w, i);
			v[i] = c;
			memcpy(v + i + 1, w + i, n - i);
			VARIANT(n + 1);
		}
#undef VARIANT
	XGROW(*out, *cap, noffs + 1);
	for (size_t i = 0; i < noffs; i++)
		(*out)[i] = b->ptr + offs[i];
	free(offs);
	qsort(*out, noffs, sizeof(**out), cmp_cstr);
	return noffs;
}

static int in_sorted(const char *const *set, size_t n, const char *s)
{
	return bsearch(&s, set, n, sizeof(*set), cmp_cstr) != NULL;
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->t->df != b->t->df)
		return a->t->df > b->t->df ? -1 : 1;
	return strcmp(a->t->s, b->t->s);
}

/* The terms word w matches, with their factors: itself 1, completions and
 * near-stems of the word being typed 0.8, one typo away 0.5.  The files
 * they come from (up to 5) go to files, their number to *nfiles: those of
 * word_files and, for a finished word not in the index, the files either
 * side of its own that hold the stem of a word one edit away. */
static size_t word_candidates(const struct search_index *ix,
			      const struct qword *w, struct cand **out,
			      size_t *cap, size_t *files, size_t *nfiles)
{
	size_t nf = word_files(ix, w, files), n = 0, npre = 0, ntypo = 0;
	struct cand *pre = NULL, *typo = NULL;
	size_t pre_cap = 0, typo_cap = 0;
	const struct term *exact = find_term(ix, w->stem, w->slen);
	size_t fcp = count_cp(w->fold, w->flen);
	int prefix = w->prefix && fcp >= 2;
	int fascii = is_ascii(w->fold, w->flen);
	int typos = fcp >= 5 && is_ascii(w->stem, w->slen);
	struct buf vbuf = BUF_INIT;
	const char **vset = NULL;
	size_t vcap = 0, nv = 0;
	if (typos && fascii)
		nv = typo_stems(w->fold, w->flen, &vbuf, &vset, &vcap);
	if (nv && !w->prefix && !exact) {
		size_t own = files[0];
		for (size_t i = 0; i < nv; i++) {
			size_t f = shard_of(ix, vset[i], strlen(vset[i])), k = 0;
			while (k < nf && files[k] != f)
				k++;
			if ((f + 1 == own || f == own + 1) && k == nf)
				files[nf++] = f;
		}
	}
	*nfiles = nf;

	for (size_t k = 0; k < nf; k++) {
		for (size_t i = ix->tfiles[files[k]].first;
		     i < search_tfile_end(ix, files[k]); i++) {
			const struct term *t = ix->sorted[i];
			if (t == exact)
				continue;
			if (prefix && (starts_with(t->s, t->len, w->fold, w->flen) ||
				       (fascii && t->len >= 4 &&
					starts_with(w->fold, w->flen, t->s, t->len) &&
					w->flen - t->len <= 3))) {
				XGROW(pre, pre_cap, npre + 1);
				pre[npre++] = (struct cand){ t, 0.8, 0 };
			} else if (typos && t->len >= 4 && is_ascii(t->s, t->len) &&
				   (one_edit(w->stem, w->slen, t->s, t->len) ||
				    in_sorted(vset, nv, t->s))) {
				XGROW(typo, typo_cap, ntypo + 1);
				typo[ntypo++] = (struct cand){ t, 0.5, 0 };
			}
		}
	}
	if (npre)
		qsort(pre, npre, sizeof(*pre), cmp_cand);
	if (ntypo)
		qsort(typo, ntypo, sizeof(*typo), cmp_cand);
	npre = npre > PREFIX_MAX ? PREFIX_MAX : npre;
	ntypo = ntypo > TYPO_MAX ? TYPO_MAX : ntypo;
	XGROW(*out, *cap, 1 + npre + ntypo);
	if (exact)
		(*out)[n++] = (struct cand){ exact, 1.0, exact->df };
	/* a completion of a word that is itself a word counts no rarer than
	 * that word: "node" typed is node, before a rare alert's name that
	 * starts with it */
	for (size_t i = 0; i < npre; i++) {
		(*out)[n] = pre[i];
		(*out)[n++].df = exact && exact->df > pre[i].t->df ? exact->df
								   : pre[i].t->df;
	}
	for (size_t i = 0; i < ntypo; i++) {
		(*out)[n] = typo[i];
		(*out)[n++].df = typo[i].t->df;
	}
	free(pre);
	free(typo);
	free(vset);
	buf_release(&vbuf);
	return n;
}

/* Calls fn for each posting of t: entry id, impact (0..62), name flag. */
static void term_postings(const struct term *t,
			  void (*fn)(uint32_t id, uint32_t q, int name, void *ud),
			  void *ud)
{
	const char *p = t->line;
	uint32_t id = 0;
	for (size_t i = 0; i < t->line_n;) {
		uint32_t v = 0, shift = 0;
		int d;
		while ((d = search_b64_value((unsigned char)p[i++])) >= 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
		}
		v |= (uint32_t)d << shift;
		id += v;
		uint32_t q = (uint32_t)search_b64_value((unsigned char)p[i++]);
		int name = q == IMPACT_NAME;
		if (name)
			q = (uint32_t)search_b64_value((unsigned char)p[i++]);
		fn(id, q, name, ud);
	}
}

struct scoring {
	double *score, *best, *bonus;
	uint32_t *touched;
	size_t ntouched;
	uint16_t *matched; /* words matched, per entry */
	double contrib;	   /* factor x idf of the current term; the bonus */
};

static void score_posting(uint32_t id, uint32_t q, int name, void *ud)
{
	struct scoring *sc = ud;
	(void)name;
	if (!q)
		return;
	double c = sc->contrib * q / IMPACT_MAX;
	if (sc->best[id] == 0)
		sc->touched[sc->ntouched++] = id;
	if (c > sc->best[id])
		sc->best[id] = c;
}

static void name_posting(uint32_t id, uint32_t q, int name, void *ud)
{
	struct scoring *sc = ud;
	(void)q;
	if (name && sc->contrib > sc->bonus[id])
		sc->bonus[id] = sc->contrib;
}

static int cmp_hit(const void *pa, const void *pb, void *ud)
{
	const double *score = ud;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (score[a] != score[b])
		return score[a] > score[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Runs q; returns the ids of the matches, best first, in *ids (malloc'd),
 * and the number of term files loaded in files (a set of flags). */
static size_t run_query(struct search_index *ix, const char *q, int typing,
			const char *kind, uint32_t **ids, double **scores,
			uint8_t *files)
{
	struct qparse qp = { .n = 0 };
	struct buf key = BUF_INIT;
	struct cand *cands = NULL;
	size_t cands_cap = 0, N = ix->nentries, S, nids = 0;
	struct scoring sc = { 0 };

	search_freeze(ix);
	S = ix->space;
	*ids = NULL;
	*scores = NULL;
	qp.qlen = strlen(q);
	qp.typing = typing;
	buf_init(&qp.tmp);
	search_tokenize(q, qp.qlen, query_token, &qp);
	search_name_key(&key, q, qp.qlen);
	/* a name longer than a word ("kubeletclientcertificateexpiration")
	 * is found by its key alone */
	if ((!qp.n && !key.len) || !ix->nterms || !N)
		goto cleanup;

	sc.score = xcalloc(S, sizeof(double));
	sc.best = xcalloc(S, sizeof(double));
	sc.bonus = xcalloc(S, sizeof(double));
	sc.matched = xcalloc(S, sizeof(uint16_t));
	sc.touched = xmalloc(S * sizeof(uint32_t));
	for (size_t i = 0; i < qp.n; i++) {
		size_t fl[5] = { SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX }, nf;
		size_t nc = word_candidates(ix, &qp.w[i], &cands, &cands_cap, fl, &nf);
		for (size_t k = 0; files && k < nf; k++)
			files[fl[k]] = 1;
		sc.ntouched = 0;
		for (size_t c = 0; c < nc; c++) {
			double df = cands[c].df;
			double idf = log(1 + ((double)N - df + 0.5) / (df + 0.5));
			sc.contrib = cands[c].factor * idf;
			term_postings(cands[c].t, score_posting, &sc);
		}
		for (size_t k = 0; k < sc.ntouched; k++) {
			uint32_t id = sc.touched[k];
			sc.score[id] += sc.best[id];
			sc.matched[id]++;
			sc.best[id] = 0;
		}
	}
	/* fewer of the words, less of the score: a pasted message finds
	 * what quotes most of it */
	for (size_t id = 0; id < S; id++)
		if (sc.matched[id])
			sc.score[id] *= (double)sc.matched[id] / (double)qp.n;
	/* names: the query is one, or (typing) the start of one */
	if (key.len) {
		struct qword kw = { .prefix = typing };
		size_t fl[3], nf;
		memcpy(kw.stem, key.ptr, key.len);
		kw.slen = key.len;
		memcpy(kw.fold, key.ptr, key.len);
		kw.flen = key.len;
		nf = word_files(ix, &kw, fl);
		for (size_t k = 0; k < nf; k++) {
			if (files)
				files[fl[k]] = 1;
			for (size_t i = ix->tfiles[fl[k]].first;
			     i < search_tfile_end(ix, fl[k]); i++) {
				const struct term *t = ix->sorted[i];
				if (t->len == key.len &&
				    memcmp(t->s, key.ptr, key.len) == 0)
					sc.contrib = NAME_BONUS;
				else if (typing && count_cp(key.ptr, key.len) >= 2 &&
					 starts_with(t->s, t->len, key.ptr, key.len))
					sc.contrib = NAME_PREFIX_BONUS;
				else
					continue;
				term_postings(t, name_posting, &sc);
			}
		}
		for (size_t id = 0; id < S; id++)
			sc.score[id] += sc.bonus[id];
	}

	uint32_t lo = 0, hi = (uint32_t)S;
	if (kind) {
		lo = hi = 0;
		for (size_t k = 0; k < ix->nkinds; k++) {
			if (strcmp(ix->kind_by_rank[k], kind) == 0) {
				lo = ix->kind_start[k];
				hi = ix->kind_start[k + 1];
			}
		}
	}
	*ids = xmalloc((S + 1) * sizeof(uint32_t));
	for (uint32_t id = lo; id < hi; id++)
		if (sc.score[id] > 0)
			(*ids)[nids++] = id;
	qsort_r(*ids, nids, sizeof(uint32_t), cmp_hit, sc.score);
	*scores = sc.score;
	sc.score = NULL;

cleanup:
	free(sc.score);
	free(sc.best);
	free(sc.bonus);
	free(sc.matched);
	free(sc.touched);
	free(cands);
	buf_release(&qp.tmp);
	buf_release(&key);
	return nids;
}

size_t search_query(struct search_index *ix, const char *q, int typing,
		    const char *kind, struct search_hit *hits, size_t max)
{
	uint32_t *ids;
	double *scores;
	size_t n = run_query(ix, q, typing, kind, &ids, &scores, NULL);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = ix->order[search_entry_at(ix, ids[i])];
		struct search_hit *h = &hits[i];
		h->score = scores[ids[i]];
		h->kind = ix->kind_by_rank[e->kind];
		h->title = e->title;
		h->url = e->frag ? arena_printf(&ix->arena, "%s#%s", e->base, e->frag)
				 : e->base;
		h->service = e->service;
		h->page = e->page;
		h->snippet = e->snippet;
	}
	free(ids);
	free(scores);
	return n;
}

size_t search_query_bytes(struct search_index *ix, const char *q, int typing, size_t top)
{
	uint32_t *ids;
	double *scores;
	search_measure(ix);
	uint8_t *files = xcalloc(ix->ntfiles + 1, 1);
	uint8_t *docs = xcalloc(ix->ndfiles + 1, 1);
	size_t n = run_query(ix, q, typing, NULL, &ids, &scores, files);
	size_t bytes = ix->manifest_bytes;
	for (size_t f = 0; f < ix->ntfiles; f++)
		if (files[f])
			bytes += ix->tfiles[f].bytes;
	for (size_t i = 0; i < n && i < top; i++) {
		size_t f = ids[i] / DOC_FILE_ENTRIES;
		if (!docs[f])
			bytes += ix->dfile_bytes[f];
		docs[f] = 1;
	}
	free(files);
	free(docs);
	free(ids);
	free(scores);
	return bytes;
}

/* ------------------------------------------------------------ figures */

static int cmp_df(const void *pa, const void *pb)
{
	const struct term *a = *(const struct term *const *)pa;
	const struct term *b = *(const struct term *const *)pb;
	if (a->df != b->df)
		return a->df > b->df ? -1 : 1;
	return strcmp(a->s, b->s);
}

void search_stats(struct search_index *ix, struct search_stats *st)
{
	memset(st, 0, sizeof(*st));
	search_measure(ix);
	st->entries = ix->nentries;
	st->terms = ix->nterms;
	st->postings = ix->postings;
	st->term_files = ix->ntfiles;

	st->manifest_bytes = ix->manifest_bytes;
	for (size_t f = 0; f < ix->ntfiles; f++) {
		st->term_bytes += ix->tfiles[f].bytes;
		if (ix->tfiles[f].bytes > st->max_term_file)
			st->max_term_file = ix->tfiles[f].bytes;
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		st->doc_files += ix->dfile_bytes[f] > 0; /* (others: no file) */
		st->doc_bytes += ix->dfile_bytes[f];
		if (ix->dfile_bytes[f] > st->max_doc_file)
			st->max_doc_file = ix->dfile_bytes[f];
	}
	st->total_bytes = st->manifest_bytes + st->term_bytes + st->doc_bytes;
	st->query_bound = st->manifest_bytes + 4 * st->max_term_file +
			  SEARCH_TOP * st->max_doc_file;

	/* the most common words, whole and as their first two and three
	 * letters being typed */
	size_t nt = ix->nterms < 64 ? ix->nterms : 64;
	struct term **common = xmalloc((ix->nterms + 1) * sizeof(*common));
	memcpy(common, ix->sorted, ix->nterms * sizeof(*common));
	if (ix->nterms)
		qsort(common, ix->nterms, sizeof(*common), cmp_df);
	for (size_t i = 0; i < nt; i++) {
		for (size_t cut = 2; cut <= 4; cut++) {
			char word[64];
			size_t n = cut == 4 ? common[i]->len : cut;
			if (n > common[i]->len || n >= sizeof(word))
				continue;
			memcpy(word, common[i]->s, n);
			word[n] = '\0';
			size_t bytes = search_query_bytes(ix, word, 1, SEARCH_TOP);
			if (bytes > st->query_bytes) {
				st->query_bytes = bytes;
				memcpy(st->query_word, word, n + 1);
			}
		}
	}
	free(common);
}

void search_stats_format(struct buf *out, const struct search_stats *st)
{
	buf_printf(out, "search_entries %zu\n", st->entries);
	buf_printf(out, "search_terms %zu\n", st->terms);
	buf_printf(out, "search_postings %zu\n", st->postings);
	buf_printf(out, "search_files %zu\n", 1 + st->term_files + st->doc_files);
	buf_printf(out, "search_index_bytes %zu\n", st->total_bytes);
	buf_printf(out, "search_manifest_bytes %zu\n", st->manifest_bytes);
	buf_printf(out, "search_term_bytes %zu (%zu files, largest %zu)\n",
		   st->term_bytes, st->term_files, st->max_term_file);
	buf_printf(out, "search_entry_bytes %zu (%zu files, largest %zu)\n",
		   st->doc_bytes, st->doc_files, st->max_doc_file);
	buf_printf(out, "search_query_bytes %zu (worst one-word query: \"%s\")\n",
		   st->query_bytes, st->query_word);
	buf_printf(out, "search_query_bound %zu\n", st->query_bound);
}
