/* search_index: the index in memory, and adding entries to it.  Workers
 * add at once: each tokenizes an entry into a table of its own (struct
 * local), then adds its words' raw postings to its part (struct part);
 * only numbering the entry takes the index's lock.  search_gather joins
 * the parts before the index is frozen (search_freeze.c). */
#include "search.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "ascii.h"
#include "search_internal.h"
#include "xalloc.h"

#define SNIPPET_MAX 160 /* bytes of text kept for an entry's snippet */

/* Raw postings in memory: LEB128. */
static size_t put_varint(uint8_t *p, uint32_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Frees t's raw postings. */
static void term_drop_raw(struct term *t)
{
	if (t->cap > TERM_INLINE)
		free(t->u.p);
	t->cap = TERM_INLINE;
	t->n = 0;
}

/* Returns the interned copy of s (s may be NULL: ""); lock held.  A few
 * strings an entry: util's map, not the specialised tables of words
 * below. */
/* The loaded name (ix->names, in byte order) that is s (n bytes), or
 * NULL. */
static const char *loaded_name(const struct search_index *ix, const char *s, size_t n)
{
	size_t lo = 1, hi = ix->nnames;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *x = ix->names[mid];
		int c = strncmp(x, s, n);
		if (!c && x[n])
			c = 1; /* x is longer */
		if (!c)
			return x;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *search_intern(struct search_index *ix, const char *s, size_t n)
{
	if (!s || !n)
		return "";
	const char *x = ix->nnames ? loaded_name(ix, s, n) : NULL;
	return x ? x : map_put(&ix->strings, s, n, NULL)->key;
}

static uint16_t kind_index(struct search_index *ix, const char *kind)
{
	if (!kind || !*kind)
		kind = "page";
	for (size_t i = 0; i < ix->nkinds; i++)
		if (strcmp(ix->kinds[i], kind) == 0)
			return (uint16_t)i;
	XGROW(ix->kinds, ix->kinds_cap, ix->nkinds + 1);
	ix->kinds[ix->nkinds] = arena_strdup(&ix->arena, kind);
	return (uint16_t)ix->nkinds++;
}

/* ---- one entry's words, counted first
 *
 * This table and the part's below are the build's hottest (every word of
 * every page goes through both), so they are not util's map (map.h): a
 * word's search_term_hash, which the files need anyway, is computed once
 * and serves both tables, where the map would hash it again with
 * hash_of; a slot leads straight to the word's record (the map's would
 * lead to an entry, then to the record: one more cache miss a word in a
 * table far bigger than the caches); adding an entry prefetches the
 * part's slots and records for all its words at once; and this table is
 * emptied per entry by clearing only the slots it used. */

struct lterm {
	uint32_t hash;
	uint32_t off; /* in keys */
	uint32_t len;
	uint32_t slot; /* where it is in slots */
	uint16_t tf[NFIELDS];
	uint8_t name;
	uint32_t term; /* its index in the part's terms, once added */
};

#define NO_TERM UINT32_MAX /* lterm.term: no record found yet */

struct local {
	struct lterm *items; /* in order of arrival */
	size_t n, items_cap;
	uint32_t *slots; /* item index + 1, 0 when free */
	size_t nslots;
	struct buf keys;
	uint16_t flen[NFIELDS];
	int field;
};

static void local_init(struct local *l)
{
	memset(l, 0, sizeof(*l));
	l->nslots = 256;
	l->slots = xcalloc(l->nslots, sizeof(*l->slots));
	buf_init(&l->keys);
	l->field = F_BODY;
}

/* Empties l for the next entry, keeping its memory. */
static void local_reset(struct local *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->slots[l->items[i].slot] = 0;
	l->n = 0;
	buf_clear(&l->keys);
	memset(l->flen, 0, sizeof(l->flen));
	l->field = F_BODY;
}

static void local_release(struct local *l)
{
	free(l->items);
	free(l->slots);
	buf_release(&l->keys);
}

/* Compares two words of n bytes, each with zeros after it up to a
 * multiple of 8 bytes (the tables' keys, the words given them), 64 bits
 * at a time. */
static inline int key_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	return 1;
}

/* The room a word of n bytes takes as a key: itself, a NUL, zeros up to
 * a multiple of 8 bytes. */
static inline size_t key_room(size_t n)
{
	return (n + 8) & ~(size_t)7;
}

/* Bytes of a word that local_get reads and copies at once: a word given
 * it has them readable (local_token's buffer, the name key's), and the
 * keys have room for them past the last key. */
#define KEY_COPY 40

/* Doubles l's slots (rare: out of local_get's way). */
static __attribute__((noinline)) void local_grow(struct local *l)
{
	size_t cap = l->nslots * 2;
	free(l->slots);
	l->slots = xcalloc(cap, sizeof(*l->slots));
	l->nslots = cap;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = l->items[i].hash & (cap - 1);
		while (l->slots[k])
			k = (k + 1) & (cap - 1);
		l->slots[k] = (uint32_t)i + 1;
		l->items[i].slot = (uint32_t)k;
	}
}

/* Room for one more item and a key of room bytes (rare). */
static __attribute__((noinline)) void local_room(struct local *l, size_t room)
{
	if (l->n >= l->items_cap)
		XGROW(l->items, l->items_cap, l->n + 1);
	buf_grow(&l->keys, room + KEY_COPY);
}

/* The entry's record of the word s (n bytes, zeros after it up to a
 * multiple of 8 bytes, and at least KEY_COPY bytes readable), h its
 * search_term_hash; made when new. */
static inline struct lterm *local_get(struct local *l, const char *s, size_t n,
				      uint32_t h)
{
	if (l->n * 2 >= l->nslots)
		local_grow(l);
	size_t k = h & (l->nslots - 1);
	while (l->slots[k]) {
		struct lterm *e = &l->items[l->slots[k] - 1];
		if (e->hash == h && e->len == n && key_eq(l->keys.ptr + e->off, s, n))
			return e;
		k = (k + 1) & (l->nslots - 1);
	}
	size_t room = key_room(n);
	if (l->n >= l->items_cap || l->keys.len + room + KEY_COPY + 1 > l->keys.cap)
		local_room(l, room);
	struct lterm *e = &l->items[l->n];
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->off = (uint32_t)l->keys.len;
	e->len = (uint32_t)n;
	e->slot = (uint32_t)k;
	char *d = l->keys.ptr + l->keys.len;
	if (room <= KEY_COPY) {
		/* most words: s is zeros from n to room (room <= n + 8),
		 * copied a 64-bit word at a time, as it was written */
		for (size_t i = 0; i < room; i += 8) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			memcpy(d + i, &v, 8);
		}
	} else {
		for (size_t i = 0; i < room; i += 8) {
			uint64_t v = 0;
			if (i < n)
				memcpy(&v, s + i, 8);
			memcpy(d + i, &v, 8);
		}
	}
	l->keys.len += room;
	l->keys.ptr[l->keys.len] = '\0';
	l->slots[k] = (uint32_t)++l->n;
	return e;
}

static void local_token(const struct search_token *t, void *userdata)
{
	struct local *l = userdata;
	uint64_t w[(TOKEN_MAX * 4 + 16) / 8];
	char *st = (char *)w;
	size_t n;
	if (t->flags & SEARCH_TOKEN_PADDED) {
		/* most words: checked and stemmed in the tokenizer's words,
		 * padded again a word at a time */
		st = (char *)t->words;
		if (t->len <= 5 && search_is_stop_number(t->words[0]))
			return;
		n = t->len;
		if (t->flags & SEARCH_TOKEN_LETTERS) {
			n = search_stem_letters(st, n);
			search_pad_words(t->words, n);
		}
		goto add;
	}
	/* the whole of an identifier counts in the short fields only: in the
	 * body, most are one-offs that would crowd the index */
	if (t->compound ? l->field == F_BODY
			: t->len <= 5 && search_is_stop_word(t->text, t->len))
		return;
	n = search_stem_word(st, t->text, t->len);
	memset(st + n, 0, 8);
add:;
	struct lterm *e = local_get(l, st, n, search_term_hash_padded(st, n));
	if (e->tf[l->field] < UINT16_MAX)
		e->tf[l->field]++;
	if (l->flen[l->field] < UINT16_MAX)
		l->flen[l->field]++;
}

static void local_text(struct local *l, int field, const char *s, size_t n)
{
	if (!s || !n)
		return;
	l->field = field;
	search_tokenize(s, n, local_token, l);
}

/* ---- a worker's part: its words and their raw postings */

struct part {
	struct term *terms;
	size_t nterms, terms_cap;
	uint64_t *slots; /* hash << 32 | (term index + 1); 0 when free */
	size_t nslots;
	struct arena arena; /* the words */
	struct local local; /* scratch: the entry being added */
	struct buf snippet, key;
};

static void part_init(struct part *p)
{
	memset(p, 0, sizeof(*p));
	p->nslots = 1024;
	p->slots = xcalloc(p->nslots, sizeof(*p->slots));
	arena_init(&p->arena);
	local_init(&p->local);
	buf_init(&p->snippet);
	buf_init(&p->key);
}

/* Frees the part's words (their strings stay, in its arena). */
static void part_drop_terms(struct part *p)
{
	for (size_t i = 0; i < p->nterms; i++)
		term_drop_raw(&p->terms[i]);
	free(p->terms);
	free(p->slots);
	p->terms = NULL;
	p->slots = NULL;
	p->nterms = p->terms_cap = p->nslots = 0;
}

static void part_release(struct part *p)
{
	part_drop_terms(p);
	arena_release(&p->arena);
	local_release(&p->local);
	buf_release(&p->snippet);
	buf_release(&p->key);
}

/* The part's record of the word s (n bytes, zeros after it up to a
 * multiple of 8 bytes), h its search_term_hash; made when new, with a
 * copy of s padded the same way. */
static struct term *term_get(struct part *p, const char *s, size_t n, uint32_t h)
{
	if (p->nterms * 4 >= p->nslots * 3) {
		size_t cap = p->nslots ? p->nslots * 2 : 1024;
		uint64_t *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < p->nslots; i++) {
			if (!p->slots[i])
				continue;
			size_t k = (p->slots[i] >> 32) & (cap - 1);
			while (t[k])
				k = (k + 1) & (cap - 1);
			t[k] = p->slots[i];
		}
		free(p->slots);
		p->slots = t;
		p->nslots = cap;
	}
	size_t k = h & (p->nslots - 1);
	while (p->slots[k]) {
		if ((uint32_t)(p->slots[k] >> 32) == h) {
			struct term *t = &p->terms[(uint32_t)p->slots[k] - 1];
			if (t->len == n && key_eq(t->s, s, n))
				return t;
		}
		k = (k + 1) & (p->nslots - 1);
	}
	XGROW(p->terms, p->terms_cap, p->nterms + 1);
	struct term *t = &p->terms[p->nterms];
	memset(t, 0, sizeof(*t));
	/* with zeros after it, as key_eq reads it */
	char *copy = arena_alloc(&p->arena, key_room(n));
	memcpy(copy, s, n);
	t->s = copy;
	t->len = (uint32_t)n;
	t->cap = TERM_INLINE;
	p->slots[k] = (uint64_t)h << 32 | (uint32_t)++p->nterms;
	return t;
}

#define RAW_GROW_MIN 64 /* bytes: raw postings' first block */
#define GATHER_BLOCK 16 /* words joined at a time (search_gather) */

/* Appends n bytes of raw postings to t's. */
static void raw_put(struct term *t, const uint8_t *b, size_t n)
{
	if (t->n + n > t->cap) {
		/* by half, from 64 bytes out of the record: from its 8 bytes,
		 * a word in many entries grew often, each time a realloc (and
		 * a copy) where postings of two or three bytes would fit */
		size_t cap = t->cap + t->cap / 2 < RAW_GROW_MIN
				     ? RAW_GROW_MIN
				     : t->cap + t->cap / 2;
		while (cap < t->n + n)
			cap += cap / 2;
		if (t->cap > TERM_INLINE) {
			t->u.p = xrealloc(t->u.p, cap);
		} else {
			uint8_t *p = xmalloc(cap);
			memcpy(p, t->u.in, t->n);
			t->u.p = p;
		}
		t->cap = (uint32_t)cap;
	}
	memcpy(term_bytes(t) + t->n, b, n);
	t->n += (uint32_t)n;
}

/* Writes the raw posting of l, entry id, whose previous one was `last`,
 * at o (room for 40 bytes); returns its length. */
static inline size_t encode_raw(uint8_t *o, uint32_t id, uint32_t last,
				const struct lterm *l)
{
	size_t n = 0;
	unsigned mask = (l->tf[F_TITLE] ? 1 : 0) | (l->tf[F_HEAD] ? 2 : 0) |
			(l->tf[F_CTX] ? 4 : 0) | (l->name ? MASK_NAME : 0);

	/* a worker's entries are numbered in increasing order, but a gap
	 * may wrap around when search_gather joins parts: decoding adds modulo
	 * 2^32 */
	n += put_varint(o + n, id - last);
	n += put_varint(o + n, (uint32_t)l->tf[F_BODY] << 1 | (mask != 0));
	if (mask) {
		o[n++] = (uint8_t)mask;
		if (mask & 1)
			n += put_varint(o + n, l->tf[F_TITLE]);
		if (mask & 2)
			n += put_varint(o + n, l->tf[F_HEAD]);
		if (mask & 4)
			n += put_varint(o + n, l->tf[F_CTX]);
	}
	return n;
}

#define RAW_POSTING_MAX 40 /* bytes of one raw posting, at most */

static void term_post(struct term *t, uint32_t id, const struct lterm *l)
{
	if (t->n + RAW_POSTING_MAX <= t->cap) {
		/* room for any posting: written in place */
		t->n += (uint32_t)encode_raw(term_bytes(t) + t->n, id, t->last, l);
	} else {
		uint8_t tmp[RAW_POSTING_MAX];
		raw_put(t, tmp, encode_raw(tmp, id, t->last, l));
	}
	t->last = id;
	t->df++;
}

/* Moves the raw postings of t (another part's) to the end of g's. */
static void term_join(struct term *g, struct term *t)
{
	if (!t->n)
		return;
	if (!g->n) {
		g->df = t->df;
		g->last = t->last;
		g->n = t->n;
		g->cap = t->cap;
		g->u = t->u;
		t->cap = TERM_INLINE; /* g's now */
		t->n = 0;
		return;
	}
	/* t's first gap counts from 0: it becomes one from g's last */
	const uint8_t *p = term_cbytes(t), *end = p + t->n;
	uint8_t tmp[8];
	uint32_t first = search_get_varint(&p);
	raw_put(g, tmp, put_varint(tmp, first - g->last));
	raw_put(g, p, (size_t)(end - p));
	g->last = t->last;
	g->df += t->df;
	term_drop_raw(t);
}

/* Exchanges the index's table of words with a part's. */
static void swap_table(struct search_index *ix, struct part *p)
{
#define SWAP(field)                                  \
	do {                                         \
		__typeof__(ix->field) t = ix->field; \
		ix->field = p->field;                \
		p->field = t;                        \
	} while (0)
	SWAP(terms);
	SWAP(nterms);
	SWAP(terms_cap);
	SWAP(slots);
	SWAP(nslots);
#undef SWAP
}

/* Joins the parts' words into the index's table (once, before freezing
 * or before search_update reads an index). */
void search_gather(struct search_index *ix)
{
	if (ix->gathered)
		return;
	ix->gathered = 1;
	struct part *into = &ix->parts[0];
	for (int k = 1; k < ix->nparts; k++) {
		struct part *p = &ix->parts[k];
		/* a block of words at a time: their slots in the first part's
		 * table fetched for all of them, then the records they name,
		 * before the first is looked up (a miss each, else) */
		for (size_t a = 0; a < p->nterms; a += GATHER_BLOCK) {
			size_t b = a + GATHER_BLOCK < p->nterms ? a + GATHER_BLOCK
								: p->nterms;
			uint32_t h[GATHER_BLOCK];
			size_t mask = into->nslots - 1;
			for (size_t i = a; i < b; i++) {
				const struct term *t = &p->terms[i];
				h[i - a] = search_term_hash_padded(t->s, t->len);
				__builtin_prefetch(&into->slots[h[i - a] & mask]);
			}
			for (size_t i = a; i < b; i++) {
				uint64_t sl = into->slots[h[i - a] & mask];
				if (sl && (uint32_t)(sl >> 32) == h[i - a]) {
					const struct term *g =
						&into->terms[(uint32_t)sl - 1];
					__builtin_prefetch(g);
					__builtin_prefetch(&g->u);
				}
			}
			for (size_t i = a; i < b; i++)
				term_join(term_get(into, p->terms[i].s,
						   p->terms[i].len, h[i - a]),
					  &p->terms[i]);
		}
		part_drop_terms(p);
	}
	swap_table(ix, into); /* the index's table was empty */
}

struct search_index *search_index_new(void)
{
	struct search_index *ix = xcalloc(1, sizeof(*ix));
	pthread_mutex_init(&ix->lock, NULL);
	pthread_mutex_init(&ix->spill_lock, NULL);
	ix->jobs = 1;
	arena_init(&ix->arena);
	map_init(&ix->strings, &ix->arena);
	ix->nparts = 1;
	ix->parts = xcalloc(1, sizeof(*ix->parts));
	part_init(&ix->parts[0]);
	return ix;
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	/* a frozen index's terms are those `sorted` points to (after an
	 * update, some not in `terms`: search_update.c) */
	for (size_t i = 0; i < ix->nterms; i++) {
		if (ix->frozen)
			term_free_bytes(ix->sorted[i]);
		else
			term_drop_raw(&ix->terms[i]);
	}
	for (int k = 0; k < ix->nparts; k++)
		part_release(&ix->parts[k]);
	free(ix->parts);
	free(ix->terms);
	free(ix->slots);
	free(ix->entries);
	map_release(&ix->strings);
	free(ix->names);
	free(ix->kinds);
	free(ix->order);
	free(ix->kind_start);
	free(ix->kind_by_rank);
	free(ix->kind_rank);
	free(ix->sorted);
	free(ix->tfiles);
	free(ix->dfile_bytes);
	free(ix->dfile_hash);
	free(ix->dfile_clean);
	if (ix->spill)
		fclose(ix->spill);
	free(ix->spill_buf);
	if (ix->map)
		munmap((void *)ix->map, ix->map_len);
	arena_release(&ix->arena);
	pthread_mutex_destroy(&ix->lock);
	pthread_mutex_destroy(&ix->spill_lock);
	free(ix);
}

void search_set_threads(struct search_index *ix, int jobs)
{
	ix->jobs = jobs < 1 ? 1 : jobs;
	if (ix->frozen)
		return;
	if (ix->gathered) {
		/* search_update read it, and more is added: the words go back
		 * to the first part */
		swap_table(ix, &ix->parts[0]); /* the part's was empty */
		ix->gathered = 0;
	}
	if (ix->jobs <= ix->nparts)
		return;
	ix->parts = xrealloc(ix->parts, (size_t)ix->jobs * sizeof(*ix->parts));
	for (int k = ix->nparts; k < ix->jobs; k++)
		part_init(&ix->parts[k]);
	ix->nparts = ix->jobs;
}

/* The text of an entry, as spans of `text` and their field. */
struct span {
	size_t a, b;
	int field;
};

struct entry_src {
	const struct search_entry *e;
	const char *title; /* shown */
	const char *page;  /* interned, or NULL */
	uint32_t seq;
	const char *text; /* body text the spans refer to */
	const struct span *spans;
	size_t nspans;
	const char *snippet_text; /* when the spans have no body text */
	size_t snippet_len;
};

/* Appends text with its blanks squeezed to out, up to SNIPPET_MAX bytes;
 * returns 1 when it is full. */
static int snippet_put(struct buf *out, const char *s, size_t n)
{
	buf_grow(out, SNIPPET_MAX + 8);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (out->len && out->ptr[out->len - 1] != ' ')
				out->ptr[out->len++] = ' ';
			continue;
		}
		if (out->len >= SNIPPET_MAX) {
			out->ptr[out->len] = '\0';
			return 1;
		}
		out->ptr[out->len++] = (char)c;
	}
	out->ptr[out->len] = '\0';
	if (out->len && out->ptr[out->len - 1] != ' ')
		buf_putc(out, ' ');
	return out->len >= SNIPPET_MAX;
}

/* Cuts a snippet at a character (and, near the end, a word) boundary. */
static void snippet_finish(struct buf *sn, int full)
{
	while (sn->len && sn->ptr[sn->len - 1] == ' ')
		buf_truncate(sn, sn->len - 1);
	if (!full && sn->len <= SNIPPET_MAX)
		return;
	size_t n = sn->len < SNIPPET_MAX ? sn->len : SNIPPET_MAX;
	while (n && ((unsigned char)sn->ptr[n] & 0xC0) == 0x80)
		n--;
	for (size_t k = n; k > 0 && k + 30 > n; k--) {
		if (sn->ptr[k - 1] == ' ') {
			n = k - 1;
			break;
		}
	}
	buf_truncate(sn, n);
	buf_puts(sn, "\xE2\x80\xA6");
}

static void add_entry(struct search_index *ix, int worker, const struct entry_src *src)
{
	const struct search_entry *e = src->e;
	if (worker < 0 || worker >= ix->nparts)
		abort(); /* a worker's number not below search_set_threads' n */
	struct part *pt = &ix->parts[worker];
	struct local *l = &pt->local;
	struct buf *snippet = &pt->snippet, *key = &pt->key;
	const char *url = e->url ? e->url : "";
	const char *hash = strchr(url, '#');
	size_t baselen = hash ? (size_t)(hash - url) : strlen(url);
	int full = 0;

	local_reset(l);
	buf_clear(snippet);
	buf_clear(key);
	local_text(l, src->e->section ? F_HEAD : F_TITLE, src->title,
		   strlen(src->title));
	local_text(l, F_HEAD, e->headings, e->headings ? strlen(e->headings) : 0);
	for (size_t i = 0; i < src->nspans; i++) {
		const struct span *sp = &src->spans[i];
		local_text(l, sp->field, src->text + sp->a, sp->b - sp->a);
		if (sp->field == F_BODY && !full)
			full = snippet_put(snippet, src->text + sp->a, sp->b - sp->a);
	}
	if (!snippet->len && src->snippet_text)
		full = snippet_put(snippet, src->snippet_text, src->snippet_len);
	snippet_finish(snippet, full);
	local_text(l, F_CTX, e->service, e->service ? strlen(e->service) : 0);
	local_text(l, F_CTX, src->page, src->page ? strlen(src->page) : 0);
	/* its names, one a line */
	for (const char *n = e->name; n && *n;) {
		size_t len = strcspn(n, "\n");
		search_name_key(key, n, len);
		if (key->len) {
			buf_grow(key, KEY_COPY);
			memset(key->ptr + key->len, 0, 8);
			local_get(l, key->ptr, key->len,
				  search_term_hash(key->ptr, key->len))
				->name = 1;
		}
		buf_clear(key);
		n += len + (n[len] == '\n');
	}

	/* the entry, under the lock; its words need none */
	pthread_mutex_lock(&ix->lock);
	if (ix->frozen || ix->gathered)
		abort(); /* an entry added after the index was frozen */
	XGROW(ix->entries, ix->entries_cap, ix->nentries + 1);
	uint32_t id = (uint32_t)ix->nentries++;
	struct entry *en = &ix->entries[id];
	en->title = arena_strdup(&ix->arena, src->title);
	en->base = search_intern(ix, url, baselen);
	en->frag = hash && hash[1] ? arena_strdup(&ix->arena, hash + 1) : NULL;
	en->service = search_intern(ix, e->service,
				    e->service ? strlen(e->service) : 0);
	en->page = src->page ? search_intern(ix, src->page, strlen(src->page)) : "";
	en->snippet = arena_strndup(&ix->arena, snippet->ptr, snippet->len);
	en->owner = search_intern(ix, e->owner, e->owner ? strlen(e->owner) : 0);
	en->nterms = (uint32_t)l->n;
	en->seq = src->seq;
	en->kind = kind_index(ix, e->kind);
	memcpy(en->flen, l->flen, sizeof(en->flen));
	pthread_mutex_unlock(&ix->lock);

	/* the words: a table far bigger than the caches, so each pass
	 * fetches what the next needs, for all of them at once; the second
	 * notes the record a word's slot names (by its hash), which the
	 * last checks rather than probing the slots again */
	int fetch = (pt->nterms + l->n) * 4 < pt->nslots * 3; /* no growth */
	if (fetch) {
		size_t mask = pt->nslots - 1;
		for (size_t i = 0; i < l->n; i++)
			__builtin_prefetch(&pt->slots[l->items[i].hash & mask]);
		for (size_t i = 0; i < l->n; i++) {
			uint32_t h = l->items[i].hash;
			size_t k = h & mask;
			uint64_t sl;
			l->items[i].term = NO_TERM;
			/* the word's slot, past the others' that took its
			 * place (most in the line just fetched): a record not
			 * found here is a new word's */
			while ((sl = pt->slots[k]) && (uint32_t)(sl >> 32) != h)
				k = (k + 1) & mask;
			if (sl) {
				/* a record is 56 bytes: most span two lines,
				 * and adding reads its first 40 */
				const char *t =
					(const char *)&pt->terms[(uint32_t)sl - 1];
				l->items[i].term = (uint32_t)sl - 1;
				__builtin_prefetch(t);
				__builtin_prefetch(t + offsetof(struct term, u.p) +
						   sizeof(void *) - 1);
			}
		}
		for (size_t i = 0; i < l->n; i++) {
			if (l->items[i].term != NO_TERM) {
				const struct term *t = &pt->terms[l->items[i].term];
				__builtin_prefetch(t->s);
				__builtin_prefetch(term_cbytes(t) + t->n);
			}
		}
	}
	for (size_t i = 0; i < l->n; i++) {
		struct lterm *it = &l->items[i];
		const char *key = l->keys.ptr + it->off;
		if (fetch && it->term != NO_TERM && pt->terms[it->term].len == it->len &&
		    key_eq(pt->terms[it->term].s, key, it->len))
			continue; /* the record the slot named */
		it->term = (uint32_t)(term_get(pt, key, it->len, it->hash) - pt->terms);
	}
	for (size_t i = 0; i < l->n; i++)
		term_post(&pt->terms[l->items[i].term], id, &l->items[i]);
}

void search_add(struct search_index *ix, int worker, const struct search_entry *e)
{
	size_t n = e->body ? (e->body_len ? e->body_len : strlen(e->body)) : 0;
	struct span sp = { 0, n, F_BODY };
	struct entry_src src = { e,	    e->title ? e->title : "",
				 e->page,   0,
				 e->body,   &sp,
				 n ? 1 : 0, NULL,
				 0 };
	add_entry(ix, worker, &src);
}

/* Compares line s[a, b) with text, both trimmed of blanks. */
static int line_is(const char *s, size_t a, size_t b, const char *text)
{
	size_t n = strlen(text);
	while (a < b && ascii_is_blank(s[a]))
		a++;
	while (b > a && (ascii_is_blank(s[b - 1]) || s[b - 1] == '\r'))
		b--;
	while (n && ascii_is_blank(*text)) {
		text++;
		n--;
	}
	while (n && ascii_is_blank(text[n - 1]))
		n--;
	return n && b - a == n && memcmp(s + a, text, n) == 0;
}

struct found {
	size_t a, b; /* the heading's line */
	size_t toc;  /* its index in toc */
};

void search_add_page(struct search_index *ix, int worker,
		     const struct search_entry *page,
		     const struct markdown_heading *toc, size_t ntoc)
{
	const char *text = page->body ? page->body : "";
	size_t len = page->body ? (page->body_len ? page->body_len : strlen(text)) : 0;
	const char *title = page->title ? page->title : "";
	struct found *found = NULL;
	size_t nfound = 0, found_cap = 0, ti = 0, pos = 0;
	struct span *spans = NULL;
	size_t nspans = 0, spans_cap = 0;
	struct buf url = BUF_INIT;
	size_t skip_title = SIZE_MAX; /* toc index of a leading h1 = title */

	if (ntoc && toc[0].level == 1 && toc[0].text && strcmp(toc[0].text, title) == 0)
		skip_title = 0;

	/* find each heading's line, in order; one unmatched heading is
	 * stepped over */
	while (pos < len && ti < ntoc) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t hit = SIZE_MAX;
		if (toc[ti].text && line_is(text, pos, end, toc[ti].text))
			hit = ti;
		else if (ti + 1 < ntoc && toc[ti + 1].text &&
			 line_is(text, pos, end, toc[ti + 1].text))
			hit = ti + 1;
		if (hit != SIZE_MAX) {
			XGROW(found, found_cap, nfound + 1);
			found[nfound++] = (struct found){ pos, end, hit };
			ti = hit + 1;
		}
		pos = nl ? end + 1 : len;
	}

	/* the page: its text up to its first section (a title line is
	 * dropped, deeper headings count as headings) */
	size_t f = 0, from = 0;
	XGROW(spans, spans_cap, 2 * nfound + 1);
	for (; f < nfound; f++) {
		if (found[f].toc != skip_title && toc[found[f].toc].level <= 3)
			break;
		spans[nspans++] = (struct span){ from, found[f].a, F_BODY };
		if (found[f].toc != skip_title)
			spans[nspans++] =
				(struct span){ found[f].a, found[f].b, F_HEAD };
		from = found[f].b;
	}
	spans[nspans++] = (struct span){ from, f < nfound ? found[f].a : len, F_BODY };
	size_t first_section = f;
	{
		struct search_entry pe = *page;
		struct entry_src src = { &pe,	title,	NULL, 0, text,
					 spans, nspans, NULL, 0 };
		pe.page = NULL;
		pe.section = 0;
		if (first_section < nfound) {
			/* with no text of its own, it shows its first section's */
			size_t next = first_section + 1 < nfound
					      ? found[first_section + 1].a
					      : len;
			src.snippet_text = text + found[first_section].b;
			src.snippet_len = next - found[first_section].b;
		}
		add_entry(ix, worker, &src);
	}

	/* each section */
	const char *url0 = page->url ? page->url : "";
	const char *hash = strchr(url0, '#');
	size_t baselen = hash ? (size_t)(hash - url0) : strlen(url0);
	uint32_t seq = 1;
	for (f = first_section; f < nfound;) {
		const struct markdown_heading *h = &toc[found[f].toc];
		size_t g = f + 1;
		nspans = 0;
		from = found[f].b;
		for (; g < nfound; g++) {
			if (toc[found[g].toc].level <= 3 && found[g].toc != skip_title)
				break;
			spans[nspans++] = (struct span){ from, found[g].a, F_BODY };
			spans[nspans++] =
				(struct span){ found[g].a, found[g].b, F_HEAD };
			from = found[g].b;
		}
		spans[nspans++] =
			(struct span){ from, g < nfound ? found[g].a : len, F_BODY };

		buf_clear(&url);
		buf_put(&url, url0, baselen);
		buf_putc(&url, '#');
		buf_puts(&url, h->id ? h->id : "");
		struct search_entry se = SEARCH_ENTRY_INIT;
		se.kind = page->kind;
		se.title = h->text;
		se.url = url.ptr;
		se.service = page->service;
		se.page = title;
		se.section = 1;
		se.owner = page->owner;
		struct entry_src src = { &se,	 h->text ? h->text : "",
					 title,	 seq++,
					 text,	 spans,
					 nspans, NULL,
					 0 };
		add_entry(ix, worker, &src);
		f = g;
	}
	free(found);
	free(spans);
	buf_release(&url);
}
