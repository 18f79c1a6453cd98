/* search: the site's full-text search index, built at build time and
 * written as small script files that the site's own client
 * (themes/default/assets/search.js) loads on demand.
 *
 * Every page is an entry, and so is every section of a page (a heading and
 * the text up to the next heading of the same or a higher level), with its
 * #anchor.  An entry has a kind, a title, an address, a service name (may
 * be empty), the title of its page (sections) and a short text for the
 * snippet.  The words of four fields are indexed with different weights:
 * title > headings > body > context (the service and, for a section, its
 * page's title).  Services and teams also carry their name: a query that
 * is exactly that name puts the entry first.
 *
 * Words: folded (lower case, Latin accents removed), split on punctuation
 * and inside identifiers (camelCase, snake_case, kebab-case; the whole
 * identifier is a word too, outside body text), lightly stemmed.  The
 * rules, the scoring and the file formats are specified once in
 * docs/search.md, which search_*.c (their parts: search_internal.h) and
 * search.js both follow; search_query() here ranks exactly as the browser
 * does, for tests and for the benchmark's figures.
 *
 * Life cycle: search_index_new; search_set_threads(n) when n workers add;
 * search_add / search_add_page from those workers at once (each with its
 * own number); then, on one thread, any of search_write,
 * search_query, search_stats (the first of them freezes the index: adding
 * after it is a programming error and aborts); search_index_free.
 *
 * Between builds: search_save keeps a written index in a file;
 * search_load gives it back, frozen, and search_update brings it up to
 * date with the entries of the pages that changed (two indexes made as
 * above, not frozen: the pages' entries before and after); then
 * search_write writes only the files whose bytes changed. */
#ifndef CAIRN_SEARCH_H
#define CAIRN_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "markdown.h"
#include "output.h"

struct search_index;

/* What one entry is made of.  Only kind, title and url are required; every
 * string is copied by search_add, and NULL means empty. */
struct search_entry {
	/* "service", "team", "runbook", "doc", "api", "operation", "rfc",
	 * "adr", "postmortem", "action-item", "page", or any other word (it is
	 * shown as the result's kind and offered as a filter) */
	const char *kind;
	const char *title;
	const char *url;      /* site-relative, e.g. "services/x/docs/a/#b" */
	const char *service;  /* the service it belongs to */
	const char *name;     /* services, teams (and APIs): the exact name;
			       * several names one a line (a runbook: its
			       * file's stem and the alerts it serves) */
	const char *page;     /* a section: its page's title */
	const char *headings; /* heading text not split into sections */
	const char *body;     /* plain text */
	size_t body_len;      /* bytes of body; 0: up to its NUL */
	int section;	      /* the title is a heading: weighted as one */
	/* what the entry comes from (a page's address): search_update replaces
	 * the entries of an owner all together; NULL is the owner "" */
	const char *owner;
};
#define SEARCH_ENTRY_INIT                                                  \
	{                                                                  \
		NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL \
	}

/* Returns a new, empty index (never NULL). */
struct search_index *search_index_new(void);
void search_index_free(struct search_index *ix);

/* Adds one entry, from worker number `worker` (0 when one thread adds;
 * below search_set_threads' n).  Workers add at once without waiting on
 * each other: each counts words in a part of the index of its own, and a
 * lock is taken only to number the entry. */
void search_add(struct search_index *ix, int worker, const struct search_entry *e);

/* Adds a page and each of its sections.  page->body is the page's whole
 * plain text as markdown_render made it (each heading's text on a line of
 * its own), toc its headings: headings of levels 1-3 start a section
 * (url "page-url#id", title the heading's text, page the page's title, the
 * page's kind and service); deeper headings stay in their section.  The
 * page's own entry keeps the text before the first section.  A leading
 * level-1 heading equal to the page's title is not a section.
 * Thread-safe as search_add. */
void search_add_page(struct search_index *ix, int worker,
		     const struct search_entry *page,
		     const struct markdown_heading *toc, size_t ntoc);

/* The workers that add (numbered 0 to jobs - 1) and the threads
 * search_write may use to make and write the files (1 by default).  Call
 * it while no worker is adding. */
void search_set_threads(struct search_index *ix, int jobs);

/* Writes the index under "search/" through o: search/manifest.js,
 * search/t/N.js (terms) and search/d/N.js (entries).  Returns 0, or -1
 * with a message in err when a file cannot be written. */
int search_write(struct search_index *ix, struct output *o, struct buf *err);

/* search_write, and beside it (on one of its threads, while the files
 * are written) the index saved as search_save saves it, at save_path
 * itself (not renamed: the caller puts it in place, or removes it, as it
 * sees fit).  *saved is 0, or -1 with errno when the index could not be
 * saved (the file then removed); a failed save does not fail the write. */
int search_write_saving(struct search_index *ix, struct output *o, struct buf *err,
			const char *save_path, uint64_t generation, int *saved);

/* ---- keeping the index between builds */

/* Saves a written index (search_write) in path, atomically, marked with
 * generation (any number the caller wants to see again).  Returns 0, or -1
 * (errno set) when it cannot be written. */
int search_save(struct search_index *ix, const char *path, uint64_t generation);

/* The index saved in path, frozen (written, as far as the files' hashes
 * go): it can be queried, updated (search_update) and written; NULL when
 * the file is missing, damaged, of another cairn build or of another
 * generation. */
struct search_index *search_load(const char *path, uint64_t generation);
/* search_load of a file the caller knows to be the one saved (the search
 * cache: its size, time and inode are those it had once saved or
 * checked): its checksum, which reads every byte, is not checked; its
 * structure still is. */
struct search_index *search_load_trusted(const char *path, uint64_t generation);
/* search_load (trusted: search_load_trusted) with its records read on
 * jobs threads. */
struct search_index *search_load_on(const char *path, uint64_t generation,
				    int trusted, int jobs);

/* What search_update did, for a developer's notes. */
struct search_update_stats {
	size_t entries_out, entries_in; /* the entries dropped, and added */
	size_t words;			/* the words of those entries */
	size_t words_changed; /* of them, those whose postings were made again */
	uint64_t postings;    /* the postings of those */
	int ids_moved;	      /* entries kept have new numbers */
	int counted;	      /* the figures above are set: the update went
				* as far as the words */
	size_t words_kept_only;	 /* of words_changed, those made from their
				 * kept postings alone (search_update_files) */
	size_t words_renumbered; /* words not changed whose kept postings
				  * were renumbered alone, their entries
				  * moved (search_update_moving, lines_only) */
	size_t pages_moved;	 /* the pages handed to moved_fn */
	int numbers_kept;	 /* the entries were not numbered again: 1, the
			   * pages changed kept their kinds, addresses and
			   * counts (search_number_as_before); 2, only near
			   * the changes (search_number_near) */
};

/* Brings a loaded index up to date: every entry of an owner that `gone` or
 * `added` has entries of is dropped, and the entries of `added` are added.
 * gone holds the dropped entries as they were added (search_add or
 * search_add_page, owners set), so that only their words' postings are
 * made again; added the new ones.  Neither is frozen, nor changed.  The
 * result is the index a build from scratch would make (docs/search.md,
 * "Keeping the index"), and search_write then writes only the files whose
 * bytes changed.  Returns 0; -1 when gone does not match the index (its
 * entries are not the owners' entries: the cache is not the index's), -2
 * when the fields' average lengths left their steps (every impact would
 * change) or a kind's range of numbers changed size (most entries would
 * move): then ix is as it was, and the caller builds from scratch.
 * Entries that move (search_update_displaced) have their numbers changed
 * in every posting: correct, but as costly as the postings.  stats (may
 * be NULL) gets what the update did. */
int search_update(struct search_index *ix, struct search_index *gone,
		  struct search_index *added, struct search_update_stats *stats);

/* As search_update, for an index that is to be written (search_write)
 * but not saved again: a word whose postings change keeps only those the
 * files hold (its best 1,200, found among those it kept and those
 * that came, where that is enough), not every one, so that the update
 * does not merge every posting of each common word; search_save then
 * refuses the index. */
int search_update_files(struct search_index *ix, struct search_index *gone,
			struct search_index *added, struct search_update_stats *stats);

/* The entries of the pages owners[0, n) (sorted by strcmp) as the index
 * being updated holds them, in a new index (search_index_new, not frozen,
 * owners set) that the update frees; NULL when they cannot be had. */
typedef struct search_index *(*search_moved_fn)(const char *const *owners,
						size_t n, void *userdata);

/* search_update (lines_only 0) or search_update_files (1), where the
 * pages that a page come or gone pushes on or lets back in their kind's
 * range (at most SEARCH_DISPLACED_MAX) are not handed in: their entries
 * keep their postings, renumbered in place.  moved(owners) gives their
 * entries, for their words alone: only those words' postings are read
 * and renumbered (with lines_only, a word whose list was cut has only its
 * kept postings renumbered, and the index is not saved again); without
 * them (NULL, or not the entries the index holds) every word's are.  The
 * files written are those a build from scratch writes, as with the
 * pages handed in (search_update_displaced), at the cost of the moved
 * pages' kept postings rather than of every posting of their words. */
int search_update_moving(struct search_index *ix, struct search_index *gone,
			 struct search_index *added, int lines_only,
			 search_moved_fn moved, void *userdata,
			 struct search_update_stats *stats);

/* The pages (owners) whose entries search_update(ix, gone, added) would
 * give new numbers, though they did not change: the pages that a page
 * come or gone pushes on or lets back in its kind's range.  The caller
 * adds each one's entries, as they are, to both gone and added, and the
 * update then leaves every other entry where it was: no posting of the
 * words of those pages' has to be renumbered.  Returns how many (*owners:
 * malloc'd, the strings ix's), 0 (*owners NULL) when none moves or the
 * update would be refused, SIZE_MAX when more than SEARCH_DISPLACED_MAX
 * would (the caller lets search_update renumber them) or a kind's range
 * changes size (search_update then refuses). */
#define SEARCH_DISPLACED_MAX 64
size_t search_update_displaced(struct search_index *ix, struct search_index *gone,
			       struct search_index *added, const char ***owners);

/* The hash of the manifest written (0 before search_write). */
uint64_t search_manifest_hash(const struct search_index *ix);

/* ---- the rules, exposed for tests (see docs/search.md) */

struct search_token {
	const char *text; /* folded: lower case, accents removed */
	size_t len;	  /* bytes of text */
	size_t start;	  /* the span of the source it came from */
	size_t end;
	int compound; /* the whole of an identifier split into parts */
	/* SEARCH_TOKEN_PADDED: text is ASCII lower-case letters and digits,
	 * at most 32 bytes, at the start of a buffer of 40 bytes whose 8
	 * bytes after len are zeros (so it can be read 64 bits at a time);
	 * SEARCH_TOKEN_LETTERS: besides, text is letters a-z only */
	int flags;
	/* SEARCH_TOKEN_PADDED: that buffer, as five 64-bit words (the first
	 * byte lowest) that emit may change (they are the tokenizer's); else
	 * NULL.  Read and written a whole word at a time, the word spares the
	 * processor loads that span narrower stores, which wait for them */
	uint64_t *words;
};
#define SEARCH_TOKEN_PADDED 1
#define SEARCH_TOKEN_LETTERS 2

/* Calls emit for each token of text (len bytes of UTF-8), in order; the
 * token's text is only valid during the call.  Stop words are not removed
 * here.  Returns the number of tokens. */
size_t search_tokenize(const char *text, size_t len,
		       void (*emit)(const struct search_token *t, void *userdata),
		       void *userdata);

/* The character at s[*i] (*i < n), for names made of words (a page's
 * address): when it is a letter or a digit of any script, writes its fold
 * (lower case, Latin accents removed; never longer than the character) to
 * out, which has room for 4 bytes, and returns its length; returns 0 for
 * a combining mark (an accent written apart, left out) and -1 for
 * anything else.  Moves *i past the character. */
int search_fold_word_char(const char *s, size_t n, size_t *i, char *out);

/* Appends the stem of a folded word (n bytes) to out. */
void search_stem(struct buf *out, const char *word, size_t n);

/* True for the few English words that are not indexed ("the", "of"...). */
int search_is_stop_word(const char *word, size_t n);

/* Appends the key an exact-name match compares: every letter and digit of
 * text, folded, run together, stemmed ("Payment-Gateways" ->
 * "paymentgateway").  Appends nothing when the key would be too long. */
void search_name_key(struct buf *out, const char *text, size_t len);

/* ---- querying and figures */

struct search_hit {
	double score;
	const char *kind, *title, *url, *service, *page, *snippet;
};

/* Ranks the entries for query q as the browser does and fills up to max
 * hits, best first; returns how many were filled.  typing: the last word
 * is still being typed (it also matches as a prefix).  kind: only entries
 * of that kind (NULL: all).  The hits' strings belong to ix. */
size_t search_query(struct search_index *ix, const char *q, int typing,
		    const char *kind, struct search_hit *hits, size_t max);

/* The bytes the browser fetches for query q (typing as above) to show its
 * first `top` results: the manifest, the term files its words need, and
 * the entry files holding those results. */
size_t search_query_bytes(struct search_index *ix, const char *q, int typing,
			  size_t top);

/* Results the client shows at once (dropdown and each page of results). */
#define SEARCH_TOP 10

struct search_stats {
	size_t entries, terms, postings; /* postings: kept in the files */
	size_t term_files, doc_files;
	size_t manifest_bytes, term_bytes, doc_bytes, total_bytes;
	size_t max_term_file, max_doc_file;
	/* the worst one-word query among the most common words, typed: the
	 * bytes it fetches for its first SEARCH_TOP results, and the word */
	size_t query_bytes;
	char query_word[64];
	/* an upper bound for any one-word query: the manifest, four term
	 * files (docs/search.md says which), SEARCH_TOP entry files, each the
	 * largest */
	size_t query_bound;
};

void search_stats(struct search_index *ix, struct search_stats *st);
/* Appends the figures as "name value" lines (for make bench). */
void search_stats_format(struct buf *out, const struct search_stats *st);

#endif
