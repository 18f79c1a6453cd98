/* The search index kept between builds: saved, loaded and brought up to
 * date (search_update), with the files a build from scratch writes. */
#include "search.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "output.h"
#include "search_fixtures.h"
#include "search_internal.h"

/* A synthetic portal of pages, each an owner with a page entry and some
 * sections; version[i] (0, 1, 2...) changes page i's text, -1 leaves it
 * out.  Words come from word_of: common ones are in far more than 1,200
 * entries, so some terms are cut. */
static void versioned_page(struct search_index *ix, size_t i, int version, size_t words)
{
	struct buf body = BUF_INIT, title = BUF_INIT, url = BUF_INIT, svc = BUF_INIT;
	struct markdown_heading toc[4];
	char ids[4][24], texts[4][64];
	uint64_t st = 0x9E3779B97F4A7C15ull ^ (i * 0x100000001B3ull);
	/* version 2 adds a section: the ids of the entries after it move */
	size_t nsec = 1 + i % 2 + (version == 2);
	/* version 4: no section, and words no other page has */
	if (version == 4)
		nsec = 0;
	for (int w = 0; w < 3; w++) {
		if (version == 4)
			buf_printf(&title, "qzt%zux%d", i, w);
		else
			word_of(&title, rng(&st));
		buf_putc(&title, ' ');
	}
	for (size_t k = 0; k <= nsec; k++) {
		if (k) {
			snprintf(ids[k - 1], sizeof(ids[k - 1]), "s%zu", k);
			snprintf(texts[k - 1], sizeof(texts[k - 1]), "Section %zu", k);
			toc[k - 1] = (struct markdown_heading){ 2, ids[k - 1],
								texts[k - 1] };
			buf_printf(&body, "Section %zu\n", k);
		}
		for (size_t w = 0; w < words; w++) {
			if (version == 4)
				buf_printf(&body, "qz%zux%zu", k, w);
			else
				word_of(&body, rng(&st));
			buf_putc(&body, w % 12 == 11 ? '\n' : ' ');
		}
		buf_putc(&body, '\n');
	}
	if (version == 1) /* an edit: one sentence more, with a new word */
		buf_printf(&body, "Edited: the threshold is now %zu requests, see zqxedit%zu.\n",
			   100 + i, i);
	buf_printf(&svc, "svc%zu", i / 40);
	buf_printf(&url, "services/%s/docs/page-%zu/", svc.ptr, i);
	struct search_entry e = SEARCH_ENTRY_INIT;
	e.kind = i % 40 == 0 ? "service" : i % 7 ? "doc" : "runbook";
	if (i == 7 && version == 3)
		e.kind = "glossary"; /* a kind the index had not */
	e.title = title.ptr;
	e.url = url.ptr;
	e.service = svc.ptr;
	e.name = i % 40 == 0 ? svc.ptr : NULL;
	e.body = body.ptr;
	e.owner = url.ptr;
	search_add_page(ix, 0, &e, toc, nsec);
	buf_release(&body);
	buf_release(&title);
	buf_release(&url);
	buf_release(&svc);
}

#define VPAGES 1300

static struct search_index *versioned_site(const int *version, size_t words)
{
	struct search_index *ix = search_index_new();
	for (size_t i = 0; i < VPAGES; i++)
		if (version[i] >= 0)
			versioned_page(ix, i, version[i], words);
	return ix;
}

/* Every file under dir/search, "name\n" then the bytes, in name order. */
static void slurp_dir(struct buf *out, const char *site)
{
	static const char *const subs[] = { "", "/t", "/d" };
	for (int k = 0; k < 3; k++) {
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/search%s", site, subs[k]);
		struct dirent **names = NULL;
		int n = scandir(dir, &names, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			char path[1024];
			struct stat st;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				size_t len;
				char *d = fixture_read(path, &len);
				buf_printf(out, "%s%s/%s\n", subs[k], "",
					   names[i]->d_name);
				if (d)
					buf_put(out, d, len);
				free(d);
			}
			free(names[i]);
		}
		free(names);
	}
}

/* Writes ix into the existing site (as a rebuild does). */
static void rewrite_site(struct search_index *ix, const char *site, size_t *written)
{
	struct output o;
	struct buf err = BUF_INIT;
	int ok = output_begin(&o, site, &err) == 0 && search_write(ix, &o, &err) == 0;
	if (written)
		*written = o.written;
	ok = ok && output_commit(&o, &err) == 0;
	if (!ok)
		fprintf(stderr, "rewrite_site: %s\n", err.ptr);
	CHECK(ok);
	buf_release(&err);
}

/* Adds the pages the update of ix would move (search_update_displaced)
 * to gone and added as they are (v: the pages' versions), as the search
 * cache does; returns how many. */
static size_t add_displaced(struct search_index *ix, struct search_index *gone,
			    struct search_index *added, const int *v, size_t words)
{
	const char **owners = NULL;
	size_t n = search_update_displaced(ix, gone, added, &owners);
	search_set_threads(gone, 1); /* more is added after the words were read */
	search_set_threads(added, 1);
	for (size_t k = 0; n != SIZE_MAX && k < n; k++) {
		size_t i = SIZE_MAX;
		const char *at = strstr(owners[k], "/page-");
		CHECK(at && sscanf(at, "/page-%zu/", &i) == 1 && i < VPAGES &&
		      v[i] >= 0);
		if (i < VPAGES && v[i] >= 0) {
			versioned_page(gone, i, v[i], words);
			versioned_page(added, i, v[i], words);
		}
	}
	free(owners);
	return n;
}

/* Set: update_matches_scratch updates with search_update_files (an index
 * to be written, not saved), and counts the words it made from their
 * kept postings alone in files_only_words. */
static int files_only;
static size_t files_only_words;

/* Set: update_matches_scratch updates with search_update_moving, the
 * pages that move not handed in but given by moved_pages (1; 2: which
 * leaves out one of them, so that the update cannot know their words; 3:
 * which gives none), and counts the pages and words moved in
 * moving_pages, moving_words. */
static int moving;
static size_t moving_pages, moving_words;

/* Counted by update_matches_scratch: the updates that gave the entries
 * their numbers without numbering them again, as they were
 * (search_number_as_before), or placed again near the changes only
 * (search_number_near). */
static size_t numbers_kept, numbers_near;

struct moved_ctx {
	const int *v;
	size_t words;
};

static struct search_index *moved_pages(const char *const *owners, size_t n, void *userdata)
{
	const struct moved_ctx *c = userdata;
	if (moving == 3)
		return NULL;
	struct search_index *ix = search_index_new();
	for (size_t k = moving == 2; k < n; k++) {
		size_t i = SIZE_MAX;
		const char *at = strstr(owners[k], "/page-");
		CHECK(at && sscanf(at, "/page-%zu/", &i) == 1 && i < VPAGES &&
		      c->v[i] >= 0);
		CHECK(k == 0 || strcmp(owners[k - 1], owners[k]) < 0);
		if (i < VPAGES && c->v[i] >= 0)
			versioned_page(ix, i, c->v[i], c->words);
	}
	return ix;
}

/* Builds v1 from scratch and saves it, then brings the saved index up to
 * v2 (the pages it would move handed in, as the search cache does) and
 * writes it over the first site; returns search_update's result and, when
 * 0, checks the files are those of v2 built from scratch.  *moved (may be
 * NULL): the pages handed in because they would move. */
static int update_matches_scratch(const int *v1, const int *v2, size_t words,
				  size_t *written, size_t *moved)
{
	struct search_index *a = versioned_site(v1, words);
	char *site = write_site(a);
	char state[600];
	snprintf(state, sizeof(state), "%s/../state.bin", site);
	CHECK(search_save(a, state, 42) == 0);
	search_index_free(a);
	CHECK(search_load(state, 41) == NULL); /* another generation */

	struct search_index *ix = search_load(state, 42);
	CHECK(ix != NULL);
	struct search_index *gone = search_index_new(), *added = search_index_new();
	for (size_t i = 0; i < VPAGES; i++) {
		if (v1[i] == v2[i])
			continue;
		if (v1[i] >= 0)
			versioned_page(gone, i, v1[i], words);
		if (v2[i] >= 0)
			versioned_page(added, i, v2[i], words);
	}
	size_t nmoved = ix && !moving ? add_displaced(ix, gone, added, v2, words) : 0;
	struct search_update_stats st;
	struct moved_ctx mc = { v2, words };
	int rc = !ix	  ? -9
		 : moving ? search_update_moving(ix, gone, added, files_only,
						 moved_pages, &mc, &st)
		 : files_only ? search_update_files(ix, gone, added, &st)
			      : search_update(ix, gone, added, &st);
	if (moving && rc == 0)
		nmoved = st.pages_moved;
	if (moved)
		*moved = nmoved;
	if (rc == 0) {
		files_only_words += st.words_kept_only;
		moving_pages += st.pages_moved;
		moving_words += st.words_renumbered;
		numbers_kept += st.numbers_kept == 1;
		numbers_near += st.numbers_kept == 2;
	}
	CHECK(files_only || rc != 0 || st.words_kept_only == 0);
	if (rc == 0) {
		CHECK(st.counted && st.words_changed <= st.words);
		CHECK(moving || !st.ids_moved || nmoved == SIZE_MAX);
		rewrite_site(ix, site, written);
		struct search_index *b = versioned_site(v2, words);
		char *fresh = write_site(b);
		struct buf got = BUF_INIT, want = BUF_INIT;
		slurp_dir(&got, site);
		slurp_dir(&want, fresh);
		CHECK(want.len > 0 && got.len == want.len &&
		      memcmp(got.ptr, want.ptr, got.len) == 0);
		/* and the C side ranks the same */
		static const char *const qs[] = { "service",  "zqxedit5",
						  "requests", "ka",
						  "section",  "svc3",
						  "threshold" };
		for (size_t q = 0; q < sizeof(qs) / sizeof(*qs); q++) {
			struct search_hit h1[10], h2[10];
			size_t n1 = search_query(ix, qs[q], 1, NULL, h1, 10);
			size_t n2 = search_query(b, qs[q], 1, NULL, h2, 10);
			CHECK(n1 == n2);
			for (size_t k = 0; k < n1 && k < n2; k++)
				CHECK(strcmp(h1[k].url, h2[k].url) == 0 &&
				      h1[k].score == h2[k].score);
		}
		/* saved again and loaded, it is the same index */
		snprintf(state, sizeof(state), "%s/../state2.bin", site);
		if (files_only && (st.words_kept_only || st.words_renumbered)) {
			/* some words lack their full lists: it is not saved */
			CHECK(search_save(ix, state, 43) < 0);
		} else {
			CHECK(search_save(ix, state, 43) == 0);
			struct search_index *again = search_load(state, 43);
			CHECK(again != NULL);
			search_index_free(again);
		}
		buf_release(&got);
		buf_release(&want);
		remove_site(fresh);
		free(fresh);
		search_index_free(b);
	}
	search_index_free(gone);
	search_index_free(added);
	search_index_free(ix);
	remove_site(site);
	free(site);
	return rc;
}

TEST(an_updated_index_is_the_one_made_from_scratch)
{
	static int v1[VPAGES], v2[VPAGES];
	size_t written = 0;
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = v2[i] = 0;

	/* one page's text changes: the files of its words and its entries
	 * are written again (of 272), and the manifest */
	v2[500] = 1;
	CHECK(update_matches_scratch(v1, v2, 40, &written, NULL) == 0);
	CHECK(written > 0 && written < 40);

	/* a page gains a section (every later entry moves), one goes, one
	 * comes, one takes a new kind */
	v2[500] = 2;
	v2[20] = -1;
	v1[1299] = -1;
	v2[7] = 3;
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);

	/* nothing changes */
	memcpy(v2, v1, sizeof(v1));
	CHECK(update_matches_scratch(v1, v2, 40, &written, NULL) == 0);
	CHECK(written == 0);
}

/* Pages edited page for page (the same kinds, addresses and number of
 * entries) keep every entry's number without search_number: the files
 * are still those of a build from scratch; a change of the entries'
 * count, kind or address numbers them all again, as before. */
TEST(pages_replaced_page_for_page_keep_their_numbers_and_give_the_files_made_from_scratch)
{
	static int v1[VPAGES], v2[VPAGES];
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = v2[i] = 0;

	for (int mode = 0; mode < 3; mode++) {
		files_only = mode == 1;
		moving = mode == 2;
		memcpy(v2, v1, sizeof(v1));
		/* one page, then several, edited: numbers kept */
		v2[500] = 1;
		numbers_kept = 0;
		CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
		CHECK(numbers_kept == 1);
		v2[0] = v2[3] = v2[41] = v2[1299] = 1;
		numbers_kept = 0;
		CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
		CHECK(numbers_kept == 1);
		/* and back: the edited pages' entries take the same numbers */
		numbers_kept = 0;
		CHECK(update_matches_scratch(v2, v1, 40, NULL, NULL) == 0);
		CHECK(numbers_kept == 1);

		/* a section more, a page with none, a page gone or come:
		 * placed again near them; a new kind: numbered again */
		static const int change[][2] = {
			{ 500, 2 }, { 501, 4 }, { 7, 3 }, { 20, -1 }
		};
		for (size_t c = 0; c < sizeof(change) / sizeof(*change); c++) {
			memcpy(v2, v1, sizeof(v1));
			v2[3] = 1;
			v2[change[c][0]] = change[c][1];
			numbers_kept = numbers_near = 0;
			int rc = update_matches_scratch(v1, v2, 40, NULL, NULL);
			CHECK(rc == 0 || rc == -2);
			CHECK(numbers_kept == 0 && numbers_near == (rc == 0 && c != 2));
			numbers_kept = numbers_near = 0;
			rc = update_matches_scratch(v2, v1, 40, NULL, NULL);
			CHECK(rc == 0 || rc == -2);
			CHECK(numbers_kept == 0 && numbers_near == (rc == 0 && c != 2));
		}
	}
	files_only = moving = 0;
}

/* ix's term files laid out again over old (search_layout_terms_again,
 * each term its own old one but those whose line changes by delta[i])
 * are those laid out from scratch. */
static int layout_again_is_scratch(struct search_index *ix,
				   const struct term_file *old, size_t nold,
				   const long *delta)
{
	long *base = calloc(ix->nterms + 1, sizeof(*base));
	for (size_t i = 0; i < ix->nterms; i++) {
		base[i] = delta[i] ? -1 : (long)i;
		ix->sorted[i]->line_n = (uint32_t)(ix->sorted[i]->line_n + delta[i]);
	}
	search_layout_terms_again(ix, old, nold, base);
	size_t n = ix->ntfiles;
	struct term_file *again = malloc((n + 1) * sizeof(*again));
	memcpy(again, ix->tfiles, n * sizeof(*again));
	search_layout_terms(ix);
	int same = n == ix->ntfiles;
	for (size_t f = 0; same && f < n; f++)
		same = again[f].first == ix->tfiles[f].first &&
		       strcmp(again[f].key, ix->tfiles[f].key) == 0;
	for (size_t i = 0; i < ix->nterms; i++)
		ix->sorted[i]->line_n = (uint32_t)(ix->sorted[i]->line_n - delta[i]);
	free(again);
	free(base);
	return same;
}

/* A term's line longer or shorter at a file's first term, or just
 * before or after it, or none, or many: the cuts kept from the old
 * layout are those a layout from scratch makes. */
TEST(term_files_laid_out_again_where_terms_changed_cut_as_from_scratch)
{
	static int v[VPAGES];
	struct search_index *ix = versioned_site(v, 40);
	char *site = write_site(ix);
	size_t nt = ix->nterms;
	long *delta = calloc(nt + 1, sizeof(*delta));

	/* padded, most files are cut at their largest, not by a word's hash */
	for (uint32_t pad = 0; pad <= 3000; pad += 3000) {
		for (size_t i = 0; i < nt; i++)
			ix->sorted[i]->line_n += pad;
		search_layout_terms(ix);
		size_t nold = ix->ntfiles;
		struct term_file *old = malloc((nold + 1) * sizeof(*old));
		memcpy(old, ix->tfiles, nold * sizeof(*old));
		CHECK(nold > 20);
		CHECK(layout_again_is_scratch(ix, old, nold, delta));
		for (size_t f = 1; f < nold && f < 60; f++)
			for (int d = -1; d <= 1; d++) {
				size_t i = old[f].first + (size_t)d;
				long shrink = 1 - (long)ix->sorted[i]->line_n;
				const long by[] = { 1, 400, 9000, shrink, shrink / 2 };
				for (size_t b = 0; b < sizeof(by) / sizeof(*by); b++) {
					delta[i] = by[b];
					CHECK(layout_again_is_scratch(ix, old, nold,
								      delta));
					delta[i] = 0;
				}
			}
		uint64_t st = 7;
		for (size_t k = 0; k < 50; k++) {
			size_t i = rng(&st) % nt;
			delta[i] = k % 2 ? 1 + rng(&st) % 3000
					 : 1 - (long)ix->sorted[i]->line_n;
		}
		CHECK(layout_again_is_scratch(ix, old, nold, delta));
		memset(delta, 0, nt * sizeof(*delta));
		for (size_t i = 0; i < nt; i++)
			ix->sorted[i]->line_n -= pad;
		free(old);
	}

	free(delta);
	remove_site(site);
	free(site);
	search_index_free(ix);
}

/* The string field `name` of the manifest at site (malloc'd; "" when
 * missing). */
static char *manifest_field(const char *site, const char *name)
{
	char path[512], key[32];
	size_t len;
	snprintf(path, sizeof(path), "%s/search/manifest.js", site);
	snprintf(key, sizeof(key), "\"%s\":\"", name);
	char *m = fixture_read(path, &len);
	char *at = m ? strstr(m, key) : NULL;
	char *v = strdup("");
	if (at) {
		at += strlen(key);
		free(v);
		v = strndup(at, strcspn(at, "\""));
	}
	free(m);
	return v;
}

/* The bytes of the site's search file rel ("t/3.js"), in out. */
static void file_bytes(struct buf *out, const char *site, const char *rel)
{
	char path[512];
	size_t len;
	snprintf(path, sizeof(path), "%s/search/%s", site, rel);
	char *d = fixture_read(path, &len);
	buf_clear(out);
	if (d)
		buf_put(out, d, len);
	free(d);
}

TEST(a_page_added_moves_few_entries_and_files)
{
	static int v1[VPAGES], v2[VPAGES];
	size_t written = 0, moved = 0;
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = v2[i] = i % 61 == 9 ? -1 : 0;
	/* one page comes: its entries take numbers of their own, and push on
	 * the few pages of its kind that wanted the same numbers */
	v2[741] = 0; /* a doc, as most pages */
	CHECK(update_matches_scratch(v1, v2, 40, &written, &moved) == 0);
	CHECK(moved < 8);
	/* its words' term files (most of this site's 67: a page has many
	 * words), the entry files it and the pages pushed on take, and the
	 * manifest; not the half of the 203 entry files after it */
	CHECK(written > 0 && written < 80);
	/* and one goes */
	v2[741] = -1;
	v2[742] = -1;
	CHECK(update_matches_scratch(v1, v2, 40, &written, &moved) == 0);
	CHECK(moved < 8 && written < 80);
}

/* Pages that come or go, one or several, in every mode of the update:
 * placed again near the change only (search_number_near), the files are
 * those of a build from scratch. */
TEST(pages_that_come_or_go_placed_near_the_change_give_the_files_made_from_scratch)
{
	static int v1[VPAGES], v2[VPAGES];
	static const size_t pages[] = { 9, 70, 131, 375, 741, 1000, 1290 };
	size_t near = 0, runs = 0;
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = i % 61 == 9 ? -1 : 0;
	for (int mode = 0; mode < 3; mode++) {
		files_only = mode == 1;
		moving = mode == 2;
		for (size_t k = 0; k < sizeof(pages) / sizeof(*pages); k++) {
			memcpy(v2, v1, sizeof(v1));
			size_t p = pages[k];
			v2[p] = v1[p] < 0 ? 0 : -1; /* comes, or goes */
			if (k % 2) /* and a page edited elsewhere */
				v2[(p + 500) % VPAGES] = 1;
			if (k % 3 == 2) /* and another comes or goes */
				v2[(p + 7) % VPAGES] =
					v1[(p + 7) % VPAGES] < 0 ? 0 : -1;
			numbers_near = 0;
			int rc = update_matches_scratch(v1, v2, 40, NULL, NULL);
			CHECK(rc == 0 || rc == -2);
			runs += rc == 0;
			near += numbers_near;
			numbers_near = 0;
			rc = update_matches_scratch(v2, v1, 40, NULL, NULL);
			CHECK(rc == 0 || rc == -2);
			runs += rc == 0;
			near += numbers_near;
		}
	}
	files_only = moving = 0;
	CHECK(runs > 30 && near == runs);
}

/* The page number of an entry of the versioned site. */
static size_t page_of(const struct entry *e)
{
	size_t i = SIZE_MAX;
	const char *at = strstr(e->owner, "/page-");
	if (!at || sscanf(at, "/page-%zu/", &i) != 1)
		return SIZE_MAX;
	return i;
}

/* The place page i's address wants in a range of space numbers (as
 * search_number.c's). */
static uint32_t page_home(size_t i, uint32_t space)
{
	char url[64];
	snprintf(url, sizeof(url), "services/svc%zu/docs/page-%zu/", i / 40, i);
	return (uint32_t)(((uint64_t)search_term_hash(url, strlen(url)) * space) >> 32);
}

/* True when page i (version v) coming (add) or going leaves the fields'
 * averages of a (frozen) in their steps: else no update can keep the
 * impacts. */
static int averages_stay(const struct search_index *a, size_t i, int v, int add)
{
	struct search_index *p = search_index_new();
	uint64_t total[NFIELDS] = { 0 };
	size_t n = a->nentries;
	int same = 1;
	versioned_page(p, i, v, 40);
	search_freeze(p);
	for (size_t k = 0; k < a->nentries; k++)
		for (int f = 0; f < NFIELDS; f++)
			total[f] += a->order[k]->flen[f];
	for (size_t k = 0; k < p->nentries; k++)
		for (int f = 0; f < NFIELDS; f++) {
			if (add)
				total[f] += p->order[k]->flen[f];
			else
				total[f] -= p->order[k]->flen[f];
		}
	n = add ? n + p->nentries : n - p->nentries;
	for (int f = 0; f < NFIELDS; f++)
		same &= search_avg_on_grid(total[f], n) == a->avg[f];
	search_index_free(p);
	return same;
}

/* A kind's range that wrapped round (pages pushed past its end went on
 * from its start): pages that come or go in it, away from the wrap and
 * beside it, are placed again near the change (search_number_near),
 * with the files of a build from scratch; those it cannot place so are
 * numbered whole, as before. */
TEST(pages_that_come_or_go_in_a_wrapped_range_are_placed_near_the_change)
{
	static int v1[VPAGES], v2[VPAGES];
	size_t near = 0, runs = 0, changes[4], nch = 0;
	int wrapped = 0;
	/* a site whose docs' range wrapped round (its first number holds a
	 * page placed before its place): the pages from j on, those that
	 * want the range's last numbers given a section more */
	for (size_t j = 0; j < 600 && !wrapped; j += 5) {
		struct search_index *a = NULL;
		uint32_t ks = 0, space = 0;
		for (size_t i = 0; i < VPAGES; i++)
			v1[i] = i >= j && i % 61 != 9 ? 0 : -1;
		for (int pass = 0; pass < 2; pass++) {
			if (a)
				search_index_free(a);
			a = versioned_site(v1, 40);
			search_freeze(a);
			size_t k = 0;
			while (k < a->nkinds && strcmp(a->kind_by_rank[k], "doc") != 0)
				k++;
			ks = k < a->nkinds ? a->kind_start[k] : 0;
			space = k < a->nkinds ? a->kind_start[k + 1] - ks : 0;
			for (size_t i = 0; !pass && i < VPAGES; i++)
				if (v1[i] == 0 && i % 40 && i % 7 &&
				    page_home(i, space) + 24 > space)
					v1[i] = 2;
		}
		size_t first = 0;
		while (first < a->nentries && a->order[first]->id < ks)
			first++;
		const struct entry *e = first < a->nentries ? a->order[first] : NULL;
		wrapped = e && page_home(page_of(e), space) > e->id - ks;
		/* a page that goes from the middle of the range, the last page
		 * numbered (before the range's end), one that comes in the
		 * middle and the one that comes nearest the end; each leaving
		 * the averages in their steps */
		nch = 0;
		size_t last = SIZE_MAX, best = SIZE_MAX;
		for (size_t i = 0; wrapped && i < a->nentries; i++) {
			const struct entry *x = a->order[i];
			size_t p = page_of(x);
			if (x->id < ks || x->id >= ks + space || p == SIZE_MAX)
				continue;
			if (x->id - ks > space / 2 && nch == 0 && x->seq == 0 &&
			    averages_stay(a, p, v1[p], 0))
				changes[nch++] = p;
			last = p;
		}
		if (nch == 1 && last != SIZE_MAX && averages_stay(a, last, v1[last], 0))
			changes[nch++] = last;
		for (size_t i = 0; nch == 2 && i < VPAGES; i++) {
			uint32_t h = page_home(i, space);
			if (v1[i] < 0 && i % 40 && i % 7 && h > space / 4 &&
			    h < space / 2 && averages_stay(a, i, 0, 1))
				changes[nch++] = i;
		}
		for (size_t i = 0; nch == 3 && i < VPAGES; i++)
			if (v1[i] < 0 && i % 40 && i % 7 &&
			    (best == SIZE_MAX ||
			     page_home(i, space) > page_home(best, space)) &&
			    averages_stay(a, i, 0, 1))
				best = i;
		if (best != SIZE_MAX)
			changes[nch++] = best;
		wrapped &= nch == 4;
		search_index_free(a);
	}
	CHECK(wrapped);
	for (int mode = 0; wrapped && mode < 3; mode++) {
		files_only = mode == 1;
		moving = mode == 2;
		for (size_t c = 0; c < nch; c++) {
			memcpy(v2, v1, sizeof(v1));
			v2[changes[c]] = v1[changes[c]] < 0 ? 0 : -1;
			for (int dir = 0; dir < 2; dir++) {
				numbers_near = 0;
				int rc = dir ? update_matches_scratch(v2, v1, 8,
								      NULL, NULL)
					     : update_matches_scratch(v1, v2, 8,
								      NULL, NULL);
				CHECK(rc == 0 || rc == -2);
				runs += rc == 0;
				/* away from the range's end, always */
				CHECK(c % 2 || numbers_near == 1);
				near += numbers_near;
			}
		}
	}
	files_only = moving = 0;
	CHECK(runs >= 12 && near >= 12);
}

TEST(an_update_changes_the_versions_of_the_changed_files_only)
{
	static int v1[VPAGES], v2[VPAGES];
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = v2[i] = 0;
	v2[500] = 1; /* one page's text changes */
	struct search_index *a = versioned_site(v1, 40);
	char *site = write_site(a), *old = write_site(a);
	char state[600];
	snprintf(state, sizeof(state), "%s/../state.bin", site);
	CHECK(search_save(a, state, 7) == 0);
	struct search_stats st;
	search_stats(a, &st);
	struct search_index *ix = search_load(state, 7);
	struct search_index *gone = search_index_new(), *added = search_index_new();
	versioned_page(gone, 500, 0, 40);
	versioned_page(added, 500, 1, 40);
	CHECK(ix && search_update(ix, gone, added, NULL) == 0);
	size_t written = 0;
	if (ix)
		rewrite_site(ix, site, &written);
	char *tv1 = manifest_field(old, "tv"), *tv2 = manifest_field(site, "tv");
	char *dv1 = manifest_field(old, "dv"), *dv2 = manifest_field(site, "dv");
	CHECK(strlen(tv1) == 4 * st.term_files && strlen(tv2) == strlen(tv1));
	CHECK(strlen(dv1) == 4 * ((st.doc_files + 63) / 64) &&
	      strlen(dv2) == strlen(dv1));
	/* a term file's version changes when its bytes do, and only then */
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	size_t changed = 0, versions = 0;
	for (size_t f = 0; f < st.term_files && strlen(tv2) == strlen(tv1); f++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "t/%zu.js", f);
		file_bytes(&b1, old, rel);
		file_bytes(&b2, site, rel);
		int same = b1.len == b2.len && memcmp(b1.ptr, b2.ptr, b1.len) == 0;
		int vsame = memcmp(tv1 + 4 * f, tv2 + 4 * f, 4) == 0;
		CHECK(same == vsame);
		changed += !same;
		versions += !vsame;
	}
	/* (the page's words, whose impacts change with its length) */
	CHECK(changed > 0 && changed < st.term_files / 2 && versions == changed);
	/* an entry group's version changes when one of its files does */
	for (size_t g = 0; 4 * g < strlen(dv1) && strlen(dv2) == strlen(dv1); g++) {
		int same = 1;
		for (size_t f = 64 * g; f < 64 * (g + 1) && f < st.doc_files; f++) {
			char rel[32];
			snprintf(rel, sizeof(rel), "d/%zu.js", f);
			file_bytes(&b1, old, rel);
			file_bytes(&b2, site, rel);
			same &= b1.len == b2.len &&
				memcmp(b1.ptr, b2.ptr, b1.len) == 0;
		}
		CHECK(same == (memcmp(dv1 + 4 * g, dv2 + 4 * g, 4) == 0));
	}
	buf_release(&b1);
	buf_release(&b2);
	free(tv1);
	free(tv2);
	free(dv1);
	free(dv2);
	search_index_free(gone);
	search_index_free(added);
	search_index_free(ix);
	search_index_free(a);
	remove_site(site);
	remove_site(old);
	free(site);
	free(old);
}

TEST(an_update_that_moves_the_averages_is_refused)
{
	static int v1[VPAGES], v2[VPAGES];
	/* the first half of the pages goes: half the entries, and the
	 * averages leave their steps */
	for (size_t i = 0; i < VPAGES; i++) {
		v1[i] = 0;
		v2[i] = i < VPAGES / 2 ? -1 : 0;
	}
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == -2);
	/* the pages with one section go: the sections' share changes, and
	 * with it the average length of the title and heading fields */
	for (size_t i = 0; i < VPAGES; i++)
		v2[i] = i % 2 ? 0 : -1;
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == -2);
}

/* The first npages pages (version 0) built, written to *site, and saved
 * to state (generation gen, beside the site). */
static struct search_index *saved_site(size_t npages, size_t words, uint64_t gen,
				       char **site, char *state, size_t cap)
{
	static int v[VPAGES];
	for (size_t i = 0; i < VPAGES; i++)
		v[i] = i < npages ? 0 : -1;
	struct search_index *a = versioned_site(v, words);
	*site = write_site(a);
	snprintf(state, cap, "%s/../state.bin", *site);
	CHECK(search_save(a, state, gen) == 0);
	return a;
}

TEST(an_update_from_the_wrong_entries_is_refused)
{
	char state[600], *site;
	struct search_index *a = saved_site(100, 20, 1, &site, state, sizeof(state));
	struct search_index *ix = search_load(state, 1);
	struct search_index *gone = search_index_new(), *added = search_index_new();
	versioned_page(gone, 50, 1, 20); /* not the version the index holds */
	versioned_page(added, 50, 0, 20);
	CHECK(ix && search_update(ix, gone, added, NULL) == -1);
	/* and it can still be written as it was */
	struct buf got = BUF_INIT, want = BUF_INIT;
	slurp_dir(&want, site);
	rewrite_site(ix, site, NULL);
	slurp_dir(&got, site);
	CHECK(got.len == want.len && memcmp(got.ptr, want.ptr, got.len) == 0);
	buf_release(&got);
	buf_release(&want);
	search_index_free(gone);
	search_index_free(added);
	search_index_free(ix);
	search_index_free(a);
	remove_site(site);
	free(site);
}

/* An index updated only as far as its files go (search_update_files)
 * writes the files of a build from scratch, its cut words' kept
 * postings found without their full lists. */
TEST(an_index_updated_for_its_files_only_is_the_one_made_from_scratch)
{
	static int v1[VPAGES], v2[VPAGES];
	files_only = 1;
	files_only_words = 0;
	for (size_t i = 0; i < VPAGES; i++)
		v1[i] = v2[i] = i % 61 == 9 ? -1 : 0;
	v2[500] = 1; /* an edit */
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
	v2[741] = 0; /* a page comes, pushing on a few */
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
	v2[741] = v2[742] = -1; /* pages go */
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
	v2[500] = 2; /* a section more, a new kind */
	v2[7] = 3;
	CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
	/* the common words' kept postings were made without their full
	 * lists */
	CHECK(files_only_words > 0);
	files_only = 0;
}

/* The pages a page come or gone pushes on, not handed in but renumbered
 * in place (search_update_moving), give the files of a build from
 * scratch: with their words known (only those words' postings
 * renumbered), and without (every word's), for an index to be saved and
 * one to be written only. */
TEST(pages_moved_renumbered_in_place_give_the_files_made_from_scratch)
{
	static int v1[VPAGES], v2[VPAGES];
	for (int mode = 1; mode <= 3; mode++) {
		for (int fo = 0; fo <= 1; fo++) {
			moving = mode;
			files_only = fo;
			moving_pages = moving_words = files_only_words = 0;
			for (size_t i = 0; i < VPAGES; i++)
				v1[i] = v2[i] = i % 61 == 9 ? -1 : 0;
			/* a page comes, pushing on a few (the first of those
			 * left out that does) */
			size_t moved = 0;
			for (size_t c = 9; !moved && c < VPAGES; c += 61) {
				v2[c] = 4;
				/* (or is refused: the averages moved) */
				int rc = update_matches_scratch(v1, v2, 40,
								NULL, &moved);
				CHECK(rc == 0 || rc == -2);
				if (rc)
					moved = 0;
				v2[c] = -1;
			}
			CHECK(moved > 0 && moved < 8);
			/* only an index written, not saved, renumbers the kept
			 * postings alone (of the words the page that came has
			 * not: a short one comes) */
			CHECK(fo ? moving_words > 0 : moving_words == 0);
			v2[741] = 0; /* a longer one, and an edit */
			v2[500] = 1;
			CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
			v2[741] = v2[742] = -1; /* pages go, letting some back */
			CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
			v2[500] = 2; /* a section more, a new kind */
			v2[7] = 3;
			CHECK(update_matches_scratch(v1, v2, 40, NULL, NULL) == 0);
			CHECK(moving_pages > 0);
		}
	}
	moving = 0;
	files_only = 0;
}

/* Writes n bytes of d to path. */
static void put_file(const char *path, const char *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(d, 1, n, f) == n);
	if (f)
		fclose(f);
}

/* The saved index read in place (its records and names; texts and
 * postings left in the file): a file cut short, with a byte changed
 * anywhere, or of another generation, is refused by search_load, and
 * search_load_trusted (which skips the checksum) never reads outside it,
 * refusing every cut and every change to its header, trailer or records'
 * bounds; a good one gives the same files again. */
TEST(a_damaged_saved_index_is_refused)
{
	char state[600], bad[620], *site;
	struct search_index *a = saved_site(12, 30, 5, &site, state, sizeof(state));
	snprintf(bad, sizeof(bad), "%s.bad", state);
	size_t n;
	char *good = fixture_read(state, &n);
	CHECK(good && n > 200);
	/* loads, and writes the same files */
	struct search_index *ix = search_load(state, 5);
	CHECK(ix != NULL);
	struct buf want = BUF_INIT, got = BUF_INIT;
	slurp_dir(&want, site);
	if (ix)
		rewrite_site(ix, site, NULL);
	slurp_dir(&got, site);
	CHECK(got.len == want.len && memcmp(got.ptr, want.ptr, got.len) == 0);
	search_index_free(ix);
	CHECK(search_load(state, 6) == NULL && search_load_trusted(state, 6) == NULL);
	/* cut short anywhere: refused, checked or trusted */
	for (size_t len = 0; good && len < n;
	     len += len < 64 || n - len < 300 ? 1 : 211) {
		put_file(bad, good, len);
		CHECK(search_load(bad, 5) == NULL);
		CHECK(search_load_trusted(bad, 5) == NULL);
	}
	/* a byte changed: refused when checked; trusted, never a crash (the
	 * sanitizers watch) */
	for (size_t at = 0; good && at < n; at += at < 64 || n - at < 300 ? 1 : 37) {
		good[at] ^= 0x5a;
		put_file(bad, good, n);
		good[at] ^= 0x5a;
		CHECK(search_load(bad, 5) == NULL);
		search_index_free(search_load_trusted(bad, 5));
	}
	/* the names are read in place and found by bisection: out of byte
	 * order, they are refused even when trusted */
	ix = good ? search_load_trusted(state, 5) : NULL;
	CHECK(ix && ix->nnames > 3);
	if (ix && ix->nnames > 3) {
		const char *nm = ix->names[2];
		CHECK(search_intern(ix, nm, strlen(nm)) == nm);
		CHECK(search_intern(ix, "", 0) == ix->names[0]);
		size_t at = (size_t)(ix->names[1] - ix->map);
		good[at] = (char)0x7e; /* above every address's first byte */
		put_file(bad, good, n);
		struct search_index *b = search_load_trusted(bad, 5);
		CHECK(b == NULL);
		search_index_free(b);
	}
	search_index_free(ix);
	unlink(bad);
	buf_release(&want);
	buf_release(&got);
	free(good);
	search_index_free(a);
	remove_site(site);
	free(site);
}

/* Two loads of one saved index hold the same entries and terms. */
static void check_same_index(const struct search_index *a, const struct search_index *b)
{
	CHECK(a->nentries == b->nentries && a->nterms == b->nterms &&
	      a->postings == b->postings && a->space == b->space);
	CHECK(memcmp(a->flen_total, b->flen_total, sizeof(a->flen_total)) == 0);
	for (size_t i = 0; i < a->nentries && i < b->nentries; i++) {
		const struct entry *x = a->order[i], *y = b->order[i];
		CHECK(x->id == y->id && x->kind == y->kind && x->seq == y->seq &&
		      x->nterms == y->nterms && !strcmp(x->title, y->title) &&
		      !strcmp(x->base, y->base) && !strcmp(x->owner, y->owner) &&
		      !strcmp(x->snippet, y->snippet) && !x->frag == !y->frag &&
		      memcmp(x->flen, y->flen, sizeof(x->flen)) == 0);
	}
	for (size_t i = 0; i < a->nterms && i < b->nterms; i++) {
		const struct term *x = a->sorted[i], *y = b->sorted[i];
		CHECK(x->len == y->len && !strcmp(x->s, y->s) && x->df == y->df &&
		      x->kept == y->kept && x->full_n == y->full_n &&
		      x->line_n == y->line_n && !memcmp(x->full, y->full, x->full_n) &&
		      !memcmp(x->line, y->line, x->line_n));
	}
}

TEST(an_index_loaded_in_pieces_on_several_threads_is_the_one_loaded_on_one)
{
	char state[600], *site;
	struct search_index *a = saved_site(300, 30, 9, &site, state, sizeof(state));
	struct search_index *one = search_load_on(state, 9, 0, 1);
	CHECK(one != NULL && one->nentries > 64 * 8 && one->nterms > 64 * 8);
	struct buf want = BUF_INIT, got = BUF_INIT;
	slurp_dir(&want, site);
	/* 4 and 7 threads: 32 and 56 pieces of each kind of record, and
	 * their ends where the other's are not */
	for (int jobs = 4; one && jobs <= 7; jobs += 3) {
		for (int trusted = 0; trusted < 2; trusted++) {
			struct search_index *ix =
				search_load_on(state, 9, trusted, jobs);
			CHECK(ix != NULL);
			if (!ix)
				continue;
			check_same_index(one, ix);
			rewrite_site(ix, site, NULL);
			buf_clear(&got);
			slurp_dir(&got, site);
			CHECK(got.len == want.len &&
			      memcmp(got.ptr, want.ptr, got.len) == 0);
			search_index_free(ix);
		}
	}
	/* the fields' totals are those of its averages, or it is refused,
	 * trusted or not */
	size_t n;
	char *good = fixture_read(state, &n);
	CHECK(good && n > 200);
	if (good && n > 200) {
		char bad[620];
		uint32_t vlen;
		memcpy(&vlen, good + 8, 4);
		/* magic, version, generation, 5 counts, 4 averages, the
		 * manifest's hash and size, then the totals */
		size_t at = 8 + 4 + vlen + 1 + 8 + 5 * 8 + NFIELDS * 8 + 16 + 8 * F_BODY;
		snprintf(bad, sizeof(bad), "%s.bad", state);
		uint64_t total;
		memcpy(&total, good + at, 8);
		CHECK(one && total == one->flen_total[F_BODY]);
		total += total / 2 + 1000;
		memcpy(good + at, &total, 8);
		put_file(bad, good, n);
		CHECK(search_load_on(bad, 9, 1, 2) == NULL);
		CHECK(search_load_on(bad, 9, 0, 2) == NULL);
		unlink(bad);
	}
	free(good);
	search_index_free(one);
	buf_release(&want);
	buf_release(&got);
	search_index_free(a);
	remove_site(site);
	free(site);
}

int main(void)
{
	RUN(an_updated_index_is_the_one_made_from_scratch);
	RUN(a_damaged_saved_index_is_refused);
	RUN(a_page_added_moves_few_entries_and_files);
	RUN(an_update_changes_the_versions_of_the_changed_files_only);
	RUN(an_update_that_moves_the_averages_is_refused);
	RUN(an_update_from_the_wrong_entries_is_refused);
	RUN(an_index_updated_for_its_files_only_is_the_one_made_from_scratch);
	RUN(pages_moved_renumbered_in_place_give_the_files_made_from_scratch);
	RUN(pages_replaced_page_for_page_keep_their_numbers_and_give_the_files_made_from_scratch);
	RUN(term_files_laid_out_again_where_terms_changed_cut_as_from_scratch);
	RUN(pages_that_come_or_go_placed_near_the_change_give_the_files_made_from_scratch);
	RUN(pages_that_come_or_go_in_a_wrapped_range_are_placed_near_the_change);
	RUN(an_index_loaded_in_pieces_on_several_threads_is_the_one_loaded_on_one);
	return harness_report();
}
