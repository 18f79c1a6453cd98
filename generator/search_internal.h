/* search_internal: what the parts of the search index share.  Other
 * modules use search.h; only generator/search_*.c include this.
 *
 * The parts, in the order a build goes through them:
 *   search_text.c    words: folding, tokens, stop words, stems, name keys
 *   search_index.c   the index in memory and adding entries to it (each
 *                    worker's part: its words and their raw postings)
 *   search_number.c  the entries' numbers: a range per kind, a page's
 *                    place in it by the hash of its address
 *   search_freeze.c  freezing: entries numbered, postings scored (impacts)
 *                    and put in the files' form
 *   search_files.c   the files the browser reads: the postings' and the
 *                    files' encodings, the term files' cuts, writing
 *   search_query.c   ranking a query as the browser does; the figures
 *   search_store.c   the saved index (index.bin): saving and loading
 *   search_update.c  bringing a loaded index up to date
 *   search_renumber.c  a word's postings with their entries' numbers
 *                    changed, for the update
 * The rules all of them follow are those of docs/search.md, mirrored by
 * themes/default/assets/search.js: change one, change the other and the
 * document. */
#ifndef CAIRN_SEARCH_INTERNAL_H
#define CAIRN_SEARCH_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "buf.h"
#include "map.h"
#include "search.h"

/* ------------------------------------------------------------ settings */

#define TOKEN_MAX 32	    /* code points; longer words are skipped */
#define NAME_KEY_MAX 64	    /* code points of a name key (docs/search.md) */
#define POSTINGS_MAX 1200   /* entries kept per word: the best ones */
#define DOC_FILE_ENTRIES 16 /* numbers per entry file (some not used) */
#define DOC_GROUP_FILES 64  /* entry files per version in the manifest */
#define SEARCH_FORMAT 2	    /* the manifest's "v": the files' format */
#define IMPACT_MAX 62	    /* impacts are 1..62 (0: not in the text) */
#define IMPACT_NAME 63 /* the term is the entry's name; an impact follows */

/* the fields of an entry, by weight (search_freeze.c) */
enum { F_TITLE, F_HEAD, F_BODY, F_CTX, NFIELDS };

#define MASK_NAME 8 /* a raw posting's field mask: bits 0..2 title, head, ctx */

/* ------------------------------------------------------------ the term hash */

/* The hash of a word: its values decide where the term files are cut
 * (docs/search.md, "Files"), so a change to them changes the files the
 * site holds; that is why it is not hash_of.  The tables of words hash
 * with it too, so that a word's hash is computed once.  Never 0. */
static inline uint32_t search_term_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = 0;
		for (size_t i = 0; i < n; i++)
			v |= (uint64_t)(unsigned char)s[i] << (8 * i);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
	}
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* search_term_hash of s (n bytes) when the bytes after it, up to a
 * multiple of 8, are zeros: a word at a time (the tokenizer's hot path). */
static inline uint32_t search_term_hash_padded(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
		/* a short last word is not folded (as above), without a
		 * branch that half the words would take the other way */
		h ^= (h >> 32) & -(uint64_t)(i + 8 <= n);
	}
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* search_pad_mask[n]: the five 64-bit words that keep the first n bytes
 * (n <= 32) of five words (the first byte lowest) and clear the rest. */
extern const uint64_t search_pad_mask[33][5];

/* Zeros after the first n bytes (n <= 32) of w's five 64-bit words, a
 * whole word at a time: no branch on n, and no narrower store that a
 * load of the word would wait for. */
static inline void search_pad_words(uint64_t *w, size_t n)
{
	const uint64_t *m = search_pad_mask[n];
	w[0] &= m[0];
	w[1] &= m[1];
	w[2] &= m[2];
	w[3] &= m[3];
	w[4] = 0;
}

/* ------------------------------------------------------------ the index */

/* A word of the index (its stem): its raw postings while entries are
 * added, its postings in the files' form once frozen. */
struct term {
	const char *s; /* NUL-terminated, in the index's arena */
	uint32_t len;
	uint32_t df; /* entries holding it */
	union {
		struct {		 /* while adding: the raw postings */
			uint32_t last;	 /* raw id of the last posting added */
			uint32_t n, cap; /* bytes of them, and room for them */
			union {
				uint8_t *p; /* when cap > sizeof(in) */
				uint8_t in[8]; /* else: most words are in one entry */
			} u;
		};
		struct { /* once frozen: the files' form (docs/search.md) */
			const char *line; /* the postings kept (the best POSTINGS_MAX) */
			const char *full; /* every posting (== line unless some were
					   * cut); NULL: full_n bytes at full_off in
					   * the spill file */
			uint64_t full_off;
			uint32_t line_n; /* bytes of line */
			uint32_t kept;	 /* postings in line */
			uint32_t full_n;
			uint8_t own; /* TERM_OWN_*: line or full are the term's to free */
		};
	};
};

#define TERM_OWN_FULL 1
#define TERM_OWN_LINE 2

#define TERM_INLINE 8

/* A term's raw postings (while adding). */
static inline uint8_t *term_bytes(struct term *t)
{
	return t->cap > TERM_INLINE ? t->u.p : t->u.in;
}

static inline const uint8_t *term_cbytes(const struct term *t)
{
	return t->cap > TERM_INLINE ? t->u.p : t->u.in;
}

/* Frees t's file form, when it is its own. */
static inline void term_free_bytes(struct term *t)
{
	if (t->own & TERM_OWN_FULL)
		free((char *)t->full);
	if (t->own & TERM_OWN_LINE)
		free((char *)t->line);
	t->own = 0;
}

/* An entry of the index: its strings in the index's arena (or the mapped
 * file), the interned ones compared by pointer. */
struct entry {
	const char *title, *base, *frag, *service, *page, *snippet;
	const char *owner; /* interned: the page it came from (search_entry.owner) */
	uint32_t nterms; /* distinct words: its postings */
	uint32_t seq;	 /* 0 for a page, i for its i-th section */
	uint16_t kind;
	uint16_t flen[NFIELDS];
	uint32_t id; /* its number once frozen (search_number.c) */
};

/* A term file: consecutive terms of `sorted`. */
struct term_file {
	size_t first; /* index in `sorted` */
	size_t bytes;
	const char *key; /* the smallest string it covers ("" for the first) */
	uint64_t hash;	 /* of its bytes, once known */
	int clean;	 /* its bytes are those of the saved index's file */
};

struct part; /* a worker's words (search_index.c) */

struct search_index {
	pthread_mutex_t lock; /* for the entries and the interned strings */
	struct arena arena;
	struct entry *entries;
	size_t nentries, entries_cap;
	/* while adding, each worker adds words to a part of its own;
	 * search_gather joins them here before freezing */
	struct part *parts;
	int nparts;
	int gathered;
	struct term *terms;
	size_t nterms, terms_cap;
	uint64_t *slots; /* hash << 32 | (term index + 1); 0 when free */
	size_t nslots;
	struct map strings; /* interned addresses, services, pages: keys in arena */
	const char **kinds;
	size_t nkinds, kinds_cap;
	int frozen;

	/* set when frozen */
	struct entry **order; /* the entries, by id (ids have gaps) */
	uint32_t *kind_start; /* per kind rank: its first id; [nkinds] = space */
	const char **kind_by_rank;
	uint16_t *kind_rank;  /* kind index -> rank */
	struct term **sorted; /* in byte order */
	struct term_file *tfiles;
	size_t ntfiles;
	size_t *dfile_bytes;
	uint64_t *dfile_hash; /* of each entry file's bytes, once known */
	uint8_t *dfile_clean; /* as term_file.clean */
	size_t ndfiles;
	size_t manifest_bytes;
	uint64_t manifest_hash;
	size_t postings;
	double avg[NFIELDS]; /* the fields' average lengths, on the grid */
	int measured;	     /* the sizes above are known */
	int written;	     /* the hashes above are known */
	const char *map;     /* search_load: the file, mapped; entries and */
	size_t map_len;	     /* terms point into it */
	/* search_load: the saved index's names (addresses, services, pages,
	 * owners), in the mapped file, in byte order, names[0] ""; interned
	 * strings are these when they are one of them (search_intern) */
	const char **names;
	size_t nnames;
	/* freezing: the full lists of the terms cut to POSTINGS_MAX, which
	 * only search_save needs, wait in a temporary file rather than in
	 * memory (they are a third of the postings) */
	FILE *spill;
	char *spill_buf; /* its stdio buffer (SPILL_BUF bytes) */
	uint64_t spill_len;
	int spill_failed;
	pthread_mutex_t spill_lock;
	int jobs;	/* threads for freezing and writing */
	uint32_t space; /* ids are below it (kind_start[nkinds]) */
	/* search_update_files left some terms without their full lists:
	 * the index can be written, not saved */
	int lines_only;
	/* the fields' lengths summed over every entry (avg is of them), when
	 * flen_known: a loaded index has them from the file, and an update
	 * keeps them, so that it need not add up every entry's */
	uint64_t flen_total[NFIELDS];
	int flen_known;
};

/* A posting: an entry's number, its impact, and whether the word is the
 * entry's name. */
struct post {
	uint32_t id;
	uint32_t q;
	uint32_t name;
};

/* What scoring needs of an entry, by the order entries arrived in: small,
 * so that the postings' random accesses stay in the caches. */
struct entry_weights {
	float w[NFIELDS]; /* each field's weight over its length normalisation */
	uint32_t id;	  /* the entry's place once frozen */
};

/* Scratch for making postings. */
struct post_scratch {
	struct post *a, *b, *c;
	size_t acap, bcap, ccap;
	struct buf out;
};

/* ------------------------------------------------------------ raw postings */

/* Raw postings in memory (search_index.c writes them, freezing reads
 * them): LEB128 numbers. */
static inline uint32_t search_get_varint(const uint8_t **pp)
{
	const uint8_t *p = *pp;
	uint32_t v = 0;
	int shift = 0;
	while (*p & 0x80) {
		v |= (uint32_t)(*p++ & 0x7F) << shift;
		shift += 7;
	}
	v |= (uint32_t)*p++ << shift;
	*pp = p;
	return v;
}

/* Reads one raw posting at *pp (as search_index.c wrote it): returns its
 * gap from the previous one, its counts per field in tf, and the field
 * mask (MASK_NAME: the word is the entry's name) in *mask. */
static inline uint32_t search_raw_posting(const uint8_t **pp,
					  uint32_t tf[NFIELDS], unsigned *mask)
{
	const uint8_t *p = *pp;
	uint32_t gap = search_get_varint(&p);
	uint32_t v = search_get_varint(&p);
	tf[F_TITLE] = tf[F_HEAD] = tf[F_CTX] = 0;
	tf[F_BODY] = v >> 1;
	*mask = 0;
	if (v & 1) {
		*mask = *p++;
		if (*mask & 1)
			tf[F_TITLE] = search_get_varint(&p);
		if (*mask & 2)
			tf[F_HEAD] = search_get_varint(&p);
		if (*mask & 4)
			tf[F_CTX] = search_get_varint(&p);
	}
	*pp = p;
	return gap;
}

/* The value of a base64url symbol of the postings in the files, or -1. */
static inline int search_b64_value(unsigned char c)
{
	if (ascii_is_upper(c))
		return c - 'A';
	if (ascii_is_lower(c))
		return c - 'a' + 26;
	if (ascii_is_digit(c))
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* ------------------------------------------------------------ search_text.c */

/* Decodes the code point at s[i] (i < n) into *cp; returns its length.
 * Anything malformed is one byte of U+FFFD (a separator). */
size_t search_utf8_next(const char *s, size_t n, size_t i, uint32_t *cp);

/* Writes the stem of word (n bytes, folded) to s (room for n + 1 bytes);
 * returns its length (search_stem, without a buffer). */
size_t search_stem_word(char *s, const char *word, size_t n);

/* Stems the word at s (n bytes, letters a-z only) in place; returns its
 * length.  The stem only shortens the word or changes its last bytes. */
size_t search_stem_letters(char *s, size_t n);

/* True when v, a word of at most 8 bytes taken as a number (its first
 * byte the lowest, zeros after it), is a stop word. */
int search_is_stop_number(uint64_t v);

/* ------------------------------------------------------------ search_index.c */

/* Returns the interned copy of s (n bytes; NULL or empty: ""), in ix's
 * arena, or the loaded name that equals it (ix->names); ix->lock held, or
 * one thread only. */
const char *search_intern(struct search_index *ix, const char *s, size_t n);

/* Joins the workers' parts into the index's table of words (once: before
 * freezing, or before search_update reads an index of entries gone or
 * added). */
void search_gather(struct search_index *ix);

/* ------------------------------------------------------------ search_store.c */

/* The saved index (search_save) written in steps, so that it is written
 * while the index freezes and its files are written (search_write_saving):
 * begun once the entries are numbered (the file at path made, its
 * header's room taken), then its entries' part (their texts, and their
 * records made), then, once the terms are finished, its terms' part (the
 * postings, names, words and records), each on any one thread, one after
 * the other; ended once the files are written (their sizes and hashes,
 * the header, the checksum).  The file is not renamed: that is the
 * caller's.  A failure in a step makes the next ones do nothing;
 * search_saver_end (written: the files were written, else the save is
 * abandoned) frees the saver and returns 0, or -1 with errno (the file
 * then removed). */
struct search_saver;
struct search_saver *search_saver_begin(struct search_index *ix,
					const char *path, uint64_t generation);
void search_saver_entries(struct search_saver *s);
void search_saver_terms(struct search_saver *s);
int search_saver_end(struct search_saver *s, int written);

/* ------------------------------------------------------------ search_renumber.c */

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

/* Writes the postings of s (n bytes, the files' form, total postings:
 * SIZE_MAX when not known) to out, in the same form: those of removed
 * entries dropped (counted in *dropped), the others' numbers mapped, and
 * add[0, nadd) (by new number) merged in.  A posting whose gap is
 * unchanged is copied as it was; when none changed, nothing is written
 * and *same is set.  Only the postings up to the last that changes are
 * decoded when total is known (the rest copied, taken to be as many as
 * it says).  Returns how many postings the result holds, or SIZE_MAX when
 * s is malformed, names an entry out of range, or the map would not keep
 * the numbers in order. */
size_t search_renumber_postings(struct buf *out, const char *s, size_t n, size_t total,
				const struct idmap *m, const struct post *add,
				size_t nadd, size_t *dropped, int *same);

/* Where the numbers of an update change (all->cp, kept->cp: malloc'd;
 * both maps' other fields set by the caller, the same): at each entry
 * that goes (removed[i]: the i-th by old number, old_id[i], of n), the
 * entry after one, and where the shift differs from the previous
 * entry's (numbers no entry has are never read).  kept is the same map
 * for a word that no entry that goes holds (its postings are never
 * theirs): there the entries that go are change points only where the
 * kept entries around them are shifted, so that such a word is read from
 * the first number that moves to the last, not from the first entry that
 * goes (when pages move, the two are most often far apart). */
void search_change_points(struct idmap *all, struct idmap *kept,
			  const uint32_t *old_id, const uint8_t *removed, size_t n);

/* The numbers search_number would give e[0, nkept + na) when they are
 * those ix had: e[0, nkept) ix's entries kept (in ix->order's order, their
 * kinds as ix's), e[nkept, +na) the added ones, which replace the
 * removed ones (removed[i]: ix->order[i] goes) page for page: as many
 * entries of each kind and address as went, where no kept entry has that
 * kind and address, each kind's count as it was.  Then every kept entry
 * keeps its number, the added ones of an address take the numbers its
 * removed ones had, in search_cmp_entry's order; e ends sorted by id and
 * start is ix->kind_start.  0, or -1 (nothing changed) when it cannot
 * tell: then search_number must number them. */
int search_number_as_before(struct entry **e, size_t nkept, size_t na,
			    const struct search_index *ix,
			    const uint8_t *removed, uint32_t *start);

/* As search_number_as_before, when pages come, go or change their count
 * of entries: the kinds' ranges keep their sizes, and each kind is
 * placed again (as search_number places it) only from its first change
 * until, after its last, a kept page starts where it did; the entries
 * kept before and after keep their numbers.  A range that wrapped round
 * (pages pushed past its end went on from its start) is placed again in
 * the order of its pass, from where it wrapped.  -1 (nothing changed)
 * when it cannot tell: a range would change size or wrap round
 * otherwise, a kept entry would cross its range's end, or an address is
 * both kept and added or dropped. */
int search_number_near(struct entry **e, size_t nkept, size_t na,
		       const struct search_index *ix, const uint8_t *removed,
		       uint32_t *start);

/* ------------------------------------------------------------ search_number.c */

/* The numbers of a kind's range when it has count entries: about twice
 * as many, on a grid of eight steps per doubling, a multiple of
 * DOC_FILE_ENTRIES. */
uint32_t search_kind_space(size_t count);

/* Numbers the entries e[0, n) (their kinds ranked, below nkinds): sets
 * each one's id, start[k] the first id of kind k's range and
 * start[nkinds] the end of the last; e ends sorted by id.  Returns the
 * end.  A function of the entries alone, whatever their order. */
uint32_t search_number(struct entry **e, size_t n, size_t nkinds, uint32_t *start);

/* The index in ix->order of the entry numbered id, or SIZE_MAX. */
size_t search_entry_at(const struct search_index *ix, uint32_t id);

/* ------------------------------------------------------------ search_freeze.c */

/* The order of entries in the files: by kind, address, section... and
 * every other field, so that equal entries compare equal.  Compares
 * struct entry *const pointers (qsort). */
int search_cmp_entry(const void *pa, const void *pb);

/* Freezes the index (once; gathering its parts first): entries numbered,
 * kinds ranked, postings scored and put in the files' form, term files
 * laid out. */
void search_freeze(struct search_index *ix);

/* Work that search_freeze_with gives its threads when they would wait
 * (the entry files, which need the entries numbered and nothing more):
 * step(arg, worker) does one piece and returns 0 when none was left, on
 * any thread (worker, below the index's jobs, names it). */
struct search_side {
	int (*step)(void *arg, int worker);
	/* NULL, or a longer piece of work run once, when the words start to
	 * be finished (beside their sort, before the blocks of words: the
	 * blocks then share the threads' time out evenly) */
	void (*first)(void *arg, int worker);
	void *arg;
};

/* search_freeze, taking side's steps (side may be NULL) on the threads
 * that would wait: while the parts' words are gathered, and among the
 * words to finish, until none is left (side->first, once, as the words
 * start to be finished).  An index frozen already takes
 * none: the caller takes them. */
void search_freeze_with(struct search_index *ix, const struct search_side *side);

/* Ranks kinds: the known ones in their order, then others by name.
 * names[0, n) are distinct; rank[i] gets names[i]'s rank. */
void search_rank_kinds(const char *const *names, size_t n, uint16_t *rank);

/* The average of total over n, put on the grid of steps that keeps
 * impacts stable (docs/search.md, "Scoring"); 0 when either is 0. */
double search_avg_on_grid(uint64_t total, size_t n);

/* Each field's weight over its length normalisation, for an entry whose
 * fields have flen words, when the averages are avg. */
void search_field_weights(float w[NFIELDS], const uint16_t flen[NFIELDS],
			  const double avg[NFIELDS]);

/* Decodes t's raw postings into out (room for t->df), with the ids and
 * impacts that ew gives the raw entry numbers.  Returns how many. */
size_t search_decode_raw(struct post *out, const struct term *t,
			 const struct entry_weights *ew);

/* Sorts p[0, n) by id (*tmp: scratch of *tcap, grown as needed). */
void search_sort_by_id(struct post *p, size_t n, struct post **tmp, size_t *tcap);

/* Keeps the best POSTINGS_MAX of p[0, n) (names, then by impact, then by
 * id), in any order; returns how many are kept. */
size_t search_prune(struct post *p, size_t n, struct post **tmp, size_t *tcap);

/* A copy of p[0, n) with a NUL after it: malloc'd (own set), or in ix's
 * arena. */
const char *search_copy_bytes(struct search_index *ix, const char *p, size_t n, int own);

/* Sets t's file form: every posting (full, fn bytes, df of them) and, of
 * p[0, n) (by id, all of them), the best POSTINGS_MAX (line).  own: the
 * bytes are malloc'd (freezing: they take the place of the raw postings
 * just freed; *reuse, when not NULL, is a block to take), else in the
 * arena. */
void search_set_file_form(struct search_index *ix, struct term *t, const char *full,
			  size_t fn, const struct post *p, size_t n, int own,
			  struct post_scratch *ps, void **reuse);

void search_post_scratch_release(struct post_scratch *ps);

/* ------------------------------------------------------------ search_files.c */

/* Writes p[0, n) (by id) in the files' form at o (room for 9 bytes a
 * posting); returns the bytes written. */
size_t search_encode_postings(char *o, const struct post *p, size_t n);

/* Writes one posting p, whose previous one was `last`, at o; returns the
 * bytes written (at most 9). */
size_t search_encode_posting(char *o, const struct post *p, uint32_t last);

/* Reads postings in the files' form (n bytes at s) into out (room for
 * n / 2 of them); returns how many, or SIZE_MAX when s is malformed. */
size_t search_decode_postings(struct post *out, const char *s, size_t n);

/* Cuts the sorted terms into term files (ix->tfiles, every file unknown). */
void search_layout_terms(struct search_index *ix);

/* The same cuts, after an update: old[0, nold) the files of the terms
 * before it, base_idx[i] the old index of new term i when its line is
 * the same (else -1); the stretches of terms unchanged since a cut both
 * layouts make are not read again. */
void search_layout_terms_again(struct search_index *ix, const struct term_file *old,
			       size_t nold, const long *base_idx);

/* After an update (search_update.c): marks clean the term files of ix's
 * new layout that hold the same terms, unchanged, as the file of that
 * number held in the old layout (old[0, nold), over old_nterms terms;
 * base_idx as for search_layout_terms_again). */
void search_keep_term_files(struct search_index *ix, const struct term_file *old,
			    size_t nold, size_t old_nterms, const long *base_idx);

/* The key of a term file that starts at ix->sorted[i]: "" for the first,
 * else the shortest prefix of its first term above the term before it
 * (in ix's arena). */
const char *search_term_file_key(struct search_index *ix, size_t i);

/* Sizes the entry files' tables for ix->nentries entries; every file
 * unknown. */
void search_layout_docs(struct search_index *ix);

/* Sets ix->manifest_bytes (the manifest's size, its hash aside). */
void search_measure_manifest(struct search_index *ix);

/* Freezes ix and sets the size of every file, for the figures: known once
 * written, else measured by encoding them. */
void search_measure(struct search_index *ix);

/* The end of term file f: the index in ix->sorted of the first term after
 * it. */
size_t search_tfile_end(const struct search_index *ix, size_t f);

#endif
