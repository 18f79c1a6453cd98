/* search_files: the files the browser reads (docs/search.md, "Files"):
 * search/manifest.js, search/t/N.js (terms and their postings) and
 * search/d/N.js (entries), as JavaScript calls in ASCII; where the term
 * files are cut; and writing them, each kept as the site holds it when
 * its bytes are those of the index saved before. */
#include "search.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "pool.h"
#include "search_internal.h"
#include "xalloc.h"

#define TERM_FILE_MAX 20000 /* bytes of a term file, at most (about) */

/* ------------------------------------------------------------ strings */

/* A byte a JavaScript string literal holds as it is: printable ASCII
 * but the quote and the backslash. */
static inline int js_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

typedef unsigned char js_v16 __attribute__((vector_size(16)));

/* The first byte of s[i, n) that is not js_plain, or n: sixteen bytes at
 * a time (GCC's vector extension: SSE2 on x86-64), then one by one. */
static size_t js_plain_end(const char *s, size_t i, size_t n)
{
	for (; n - i >= 16; i += 16) {
		js_v16 v;
		memcpy(&v, s + i, sizeof(v));
		js_v16 bad = (js_v16)(v < 0x20) | (js_v16)(v >= 0x7F) |
			     (js_v16)(v == '"') | (js_v16)(v == '\\');
		uint64_t w[2];
		memcpy(w, &bad, sizeof(w));
		if (w[0])
			return i + (size_t)__builtin_ctzll(w[0]) / 8;
		if (w[1])
			return i + 8 + (size_t)__builtin_ctzll(w[1]) / 8;
	}
	while (i < n && js_plain((unsigned char)s[i]))
		i++;
	return i;
}

/* The length of s as the body of a JavaScript string literal (escaped as
 * put_js_body does). */
static size_t js_len(const char *s, size_t n)
{
	size_t len = 0, i = js_plain_end(s, 0, n);
	if (i == n)
		return n;
	for (i = 0; i < n;) {
		uint32_t c;
		size_t k = search_utf8_next(s, n, i, &c);
		i += k;
		if (c == '"' || c == '\\' || c == '\n' || c == '\t')
			len += 2;
		else if (c < 0x20 || (c >= 0x7F && c < 0x10000))
			len += 6;
		else if (c >= 0x10000)
			len += 12;
		else
			len += 1;
	}
	return len;
}

/* Appends s as a JavaScript string literal: ASCII only, so that the files
 * read the same whatever encoding a browser assumes for them. */
static void put_js_body(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t run = js_plain_end(s, i, n);
		buf_put(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		uint32_t c;
		size_t k = search_utf8_next(s, n, i, &c);
		i += k;
		if (c == '"' || c == '\\')
			buf_putc(b, '\\'), buf_putc(b, (char)c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c >= 0x10000)
			buf_printf(b, "\\u%04x\\u%04x",
				   0xD800 + ((c - 0x10000) >> 10),
				   0xDC00 + ((c - 0x10000) & 0x3FF));
		else
			buf_printf(b, "\\u%04x", c);
	}
}

static void put_js_str(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	put_js_body(b, s, n);
	buf_putc(b, '"');
}

static void put_js_cstr(struct buf *b, const char *s)
{
	put_js_str(b, s, strlen(s));
}

/* ------------------------------------------------------------ postings */

/* Postings in the files: base64url symbols.  A number is 5-bit groups,
 * low first; symbols 32..63 say "more follows", 0..31 end it. */
static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Writes one posting p, whose previous one was `last`, at o; returns the
 * bytes written. */
size_t search_encode_posting(char *o, const struct post *p, uint32_t last)
{
	char *start = o;
	uint32_t v = p->id - last;
	while (v >= 32) {
		*o++ = b64[32 + (v & 31)];
		v >>= 5;
	}
	*o++ = b64[v];
	if (p->name)
		*o++ = b64[IMPACT_NAME];
	*o++ = b64[p->q];
	return (size_t)(o - start);
}

/* Writes p[0, n) (by id) in the files' form at o (room for 9 bytes a
 * posting); returns the bytes written. */
size_t search_encode_postings(char *o, const struct post *p, size_t n)
{
	char *start = o;
	uint32_t last = 0;
	for (size_t i = 0; i < n; i++) {
		o += search_encode_posting(o, &p[i], last);
		last = p[i].id;
	}
	return (size_t)(o - start);
}

/* Reads postings in the files' form (n bytes at s) into out (room for
 * n / 2 of them); returns how many, or SIZE_MAX when s is malformed. */
size_t search_decode_postings(struct post *out, const char *s, size_t n)
{
	size_t k = 0, i = 0;
	uint32_t id = 0;
	while (i < n) {
		uint32_t v = 0, shift = 0;
		int d = -1; /* set by the loop's first test, since i < n */
		while (i < n && (d = search_b64_value((unsigned char)s[i++])) >= 32 &&
		       shift < 32) {
			v |= (uint32_t)(d - 32) << shift;
			shift += 5;
		}
		if (d < 0 || d >= 32 || i >= n)
			return SIZE_MAX;
		v |= (uint32_t)d << shift;
		id += v;
		int q = search_b64_value((unsigned char)s[i++]);
		int name = q == IMPACT_NAME;
		if (name)
			q = i < n ? search_b64_value((unsigned char)s[i++]) : -1;
		if (q < 0 || q > IMPACT_MAX)
			return SIZE_MAX;
		out[k++] = (struct post){ id, (uint32_t)q, (uint32_t)name };
	}
	return k;
}

/* ------------------------------------------------------------ term files */

/* Term files: consecutive terms.  A file ends before a term whose hash
 * is a multiple of TERM_FILE_CUT once it holds TERM_FILE_MIN bytes, or
 * before a term that would take it over TERM_FILE_MAX: the cuts depend
 * on the terms around them only, so a change to a few terms moves the
 * cuts near them and no others. */
#define TERM_FILE_MIN 8000
#define TERM_FILE_CUT 28

static size_t term_line_bytes(const struct term *t)
{
	return js_len(t->s, t->len) + 16 + t->line_n;
}

/* A new term file from term i, with key (NULL: made). */
static void new_tfile(struct search_index *ix, size_t *cap, size_t i, const char *key)
{
	XGROW(ix->tfiles, *cap, ix->ntfiles + 1);
	struct term_file *tf = &ix->tfiles[ix->ntfiles++];
	memset(tf, 0, sizeof(*tf));
	tf->first = i;
	tf->key = key ? key : search_term_file_key(ix, i);
}

/* The old file starting at old term b (old[0, nold) by first), or
 * SIZE_MAX. */
static size_t old_tfile_at(const struct term_file *old, size_t nold, size_t b)
{
	size_t lo = 0, hi = nold;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (old[mid].first < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nold && old[lo].first == b ? lo : SIZE_MAX;
}

/* A file starts at new term i, and the old layout started one at the
 * same old term: from there the old cuts are the new ones for as long as
 * the terms are the old ones in order (a cut depends only on the terms
 * since the last).  Adds the files that start at those cuts, up to the
 * last whose first term is still one of them, and returns where that
 * last starts (i when none). */
static size_t tfiles_in_step(struct search_index *ix, size_t *cap,
			     const struct term_file *old, size_t nold,
			     const long *base_idx, size_t i)
{
	size_t f = base_idx[i] >= 0 ? old_tfile_at(old, nold, (size_t)base_idx[i])
				    : SIZE_MAX;
	size_t j = i;
	if (f == SIZE_MAX)
		return i;
	while (f + 1 < nold) {
		size_t nj = j + (old[f + 1].first - old[f].first), k = j + 1;
		while (k <= nj && k < ix->nterms && base_idx[k] == base_idx[k - 1] + 1)
			k++;
		if (k <= nj)
			break;
		/* terms nj - 1 and nj are the old ones: the same key */
		f++;
		new_tfile(ix, cap, nj, old[f].key);
		j = nj;
	}
	return j;
}

/* Cuts the terms into files (search_layout_terms); with old (the files
 * of the terms before an update) and base_idx (each new term's old one
 * when its line is the same, else -1), the stretches of unchanged terms
 * keep their old cuts without being read. */
static void layout_terms(struct search_index *ix, const struct term_file *old,
			 size_t nold, const long *base_idx)
{
	size_t cap = 0, cur = 0;
	free(ix->tfiles);
	ix->tfiles = NULL;
	ix->ntfiles = 0;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		size_t line = term_line_bytes(t);
		if (i == 0 || cur + line > TERM_FILE_MAX ||
		    (cur >= TERM_FILE_MIN &&
		     search_term_hash(t->s, t->len) % TERM_FILE_CUT == 0)) {
			new_tfile(ix, &cap, i, NULL);
			cur = 0;
			size_t j = old ? tfiles_in_step(ix, &cap, old, nold, base_idx, i)
				       : i;
			if (j != i) {
				i = j;
				line = term_line_bytes(ix->sorted[i]);
			}
		}
		cur += line;
	}
}

void search_layout_terms(struct search_index *ix)
{
	layout_terms(ix, NULL, 0, NULL);
}

void search_layout_terms_again(struct search_index *ix, const struct term_file *old,
			       size_t nold, const long *base_idx)
{
	layout_terms(ix, old, nold, base_idx);
}

const char *search_term_file_key(struct search_index *ix, size_t i)
{
	if (!i)
		return "";
	/* the shortest prefix above the previous term, whole characters */
	const char *a = ix->sorted[i - 1]->s, *b = ix->sorted[i]->s;
	size_t k = 0;
	while (a[k] && a[k] == b[k])
		k++;
	k++;
	while (b[k - 1] && ((unsigned char)b[k] & 0xC0) == 0x80)
		k++;
	return arena_strndup(&ix->arena, b, k);
}

/* Sizes the entry files' tables for ix->space numbers; every file
 * unknown. */
void search_layout_docs(struct search_index *ix)
{
	free(ix->dfile_bytes);
	free(ix->dfile_hash);
	free(ix->dfile_clean);
	ix->ndfiles = (ix->space + DOC_FILE_ENTRIES - 1) / DOC_FILE_ENTRIES;
	ix->dfile_bytes = xcalloc(ix->ndfiles + 1, sizeof(*ix->dfile_bytes));
	ix->dfile_hash = xcalloc(ix->ndfiles + 1, sizeof(*ix->dfile_hash));
	ix->dfile_clean = xcalloc(ix->ndfiles + 1, 1);
}

/* The entries of entry file f: ix->order[*from, *to). */
static void doc_file_entries(const struct search_index *ix, size_t f,
			     size_t *from, size_t *to)
{
	uint32_t a = (uint32_t)(f * DOC_FILE_ENTRIES), b = a + DOC_FILE_ENTRIES;
	size_t lo = 0, hi = ix->nentries;
	while (lo < hi) { /* the first id >= a */
		size_t mid = lo + (hi - lo) / 2;
		if (ix->order[mid]->id < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = *to = lo;
	while (*to < ix->nentries && ix->order[*to]->id < b)
		(*to)++;
}

size_t search_tfile_end(const struct search_index *ix, size_t f)
{
	return f + 1 < ix->ntfiles ? ix->tfiles[f + 1].first : ix->nterms;
}

/* ------------------------------------------------------------ encoding */

/* cairnSearch.t(F,"term df postings\n..."): df in base 36. */
static void encode_term_file(struct buf *b, const struct search_index *ix, size_t f)
{
	buf_printf(b, "cairnSearch.t(%zu,\"", f);
	for (size_t i = ix->tfiles[f].first; i < search_tfile_end(ix, f); i++) {
		const struct term *t = ix->sorted[i];
		char num[16];
		size_t k = sizeof(num);
		uint32_t df = t->df;
		num[--k] = '\0';
		do {
			num[--k] = "0123456789abcdefghijklmnopqrstuvwxyz"[df % 36];
			df /= 36;
		} while (df);
		if (i > ix->tfiles[f].first)
			buf_puts(b, "\\n");
		put_js_body(b, t->s, t->len);
		buf_putc(b, ' ');
		buf_puts(b, num + k);
		buf_putc(b, ' ');
		buf_put(b, t->line, t->line_n);
	}
	buf_puts(b, "\")\n");
}

/* cairnSearch.d(F,[[title,url,service,page,snippet],...]): the entries
 * numbered F * DOC_FILE_ENTRIES on, 0 for a number no entry has (none
 * after the last entry); a url "#x" is the previous entry's address with
 * another anchor; service or page 1 is the previous entry's. */
static void encode_doc_file(struct buf *b, const struct search_index *ix, size_t f)
{
	size_t from, to;
	const struct entry *prev = NULL;
	struct buf url = BUF_INIT;
	uint32_t next = (uint32_t)(f * DOC_FILE_ENTRIES);
	doc_file_entries(ix, f, &from, &to);
	buf_printf(b, "cairnSearch.d(%zu,[", f);
	for (size_t i = from; i < to; i++) {
		const struct entry *e = ix->order[i];
		for (; next < e->id; next++)
			buf_puts(b, next > f * DOC_FILE_ENTRIES ? ",0" : "0");
		next++;
		buf_puts(b, e->id > f * DOC_FILE_ENTRIES ? ",\n[" : "\n[");
		put_js_cstr(b, e->title);
		buf_putc(b, ',');
		buf_clear(&url);
		if (!prev || prev->base != e->base || !e->frag)
			buf_puts(&url, e->base);
		if (e->frag) {
			buf_putc(&url, '#');
			buf_puts(&url, e->frag);
		}
		put_js_str(b, url.ptr, url.len);
		buf_putc(b, ',');
		if (prev && prev->service == e->service && *e->service)
			buf_putc(b, '1');
		else
			put_js_cstr(b, e->service);
		buf_putc(b, ',');
		if (prev && prev->page == e->page && *e->page)
			buf_putc(b, '1');
		else
			put_js_cstr(b, e->page);
		buf_putc(b, ',');
		put_js_cstr(b, e->snippet);
		buf_putc(b, ']');
		prev = e;
	}
	buf_puts(b, "])\n");
	buf_release(&url);
}

/* True when entry file f holds an entry (the others are not written). */
static int doc_file_used(const struct search_index *ix, size_t f)
{
	size_t from, to;
	doc_file_entries(ix, f, &from, &to);
	return from < to;
}

/* A file's version in the manifest: VERSION_CHARS base64url symbols of
 * its hash, 6 bits each, the low bits first. */
#define VERSION_CHARS 4

static void put_version(struct buf *b, uint64_t hash)
{
	for (int i = 0; i < VERSION_CHARS; i++)
		buf_putc(b, b64[(hash >> (6 * i)) & 63]);
}

/* The version of the group of entry files g: of its files' hashes. */
static uint64_t doc_group_hash(const struct search_index *ix, size_t g)
{
	uint64_t h = hash_mix_u64(0, g);
	for (size_t f = g * DOC_GROUP_FILES;
	     f < (g + 1) * DOC_GROUP_FILES && f < ix->ndfiles; f++)
		h = hash_mix_u64(h, ix->dfile_hash[f]);
	return h;
}

/* cairnSearch.m({...}): see docs/search.md.  The files' versions are
 * those of their hashes, or all 0 when versions is 0 (for measuring: the
 * manifest's size does not depend on them, and the hashes may be being
 * set on other threads). */
static void encode_manifest(struct buf *b, const struct search_index *ix, int versions)
{
	buf_printf(b, "cairnSearch.m({\"v\":%d,\"n\":%zu,\"d\":%d,\"f\":%zu,\"k\":[",
		   SEARCH_FORMAT, ix->nentries, DOC_FILE_ENTRIES, ix->ntfiles);
	for (size_t k = 0; k < ix->nkinds; k++) {
		if (k)
			buf_putc(b, ',');
		put_js_cstr(b, ix->kind_by_rank[k]);
	}
	buf_puts(b, "],\"s\":[");
	for (size_t k = 0; k <= ix->nkinds; k++)
		buf_printf(b, "%s%u", k ? "," : "", ix->kind_start[k]);
	buf_puts(b, "],\"t\":");
	struct buf keys = BUF_INIT;
	for (size_t f = 1; f < ix->ntfiles; f++) {
		if (f > 1)
			buf_putc(&keys, ' ');
		buf_puts(&keys, ix->tfiles[f].key);
	}
	put_js_str(b, keys.ptr, keys.len);
	buf_release(&keys);
	buf_puts(b, ",\"tv\":\"");
	for (size_t f = 0; f < ix->ntfiles; f++)
		put_version(b, versions ? ix->tfiles[f].hash : 0);
	buf_printf(b, "\",\"g\":%d,\"dv\":\"", DOC_GROUP_FILES);
	for (size_t g = 0; g * DOC_GROUP_FILES < ix->ndfiles; g++)
		put_version(b, versions ? doc_group_hash(ix, g) : 0);
	buf_puts(b, "\"})\n");
}

/* What a file is known by: the hash of its bytes, never 0 (it is also the
 * fingerprint the output keeps for it). */
void search_measure_manifest(struct search_index *ix)
{
	struct buf tmp = BUF_INIT;
	/* (without the versions, which are of the same length: the entry
	 * files may be being written on other threads, setting their hashes) */
	encode_manifest(&tmp, ix, 0);
	ix->manifest_bytes = tmp.len;
	buf_release(&tmp);
}

/* The size of every file, for the figures: known once written, else
 * measured by encoding them. */
void search_measure(struct search_index *ix)
{
	struct buf tmp = BUF_INIT;
	search_freeze(ix);
	if (ix->measured)
		return;
	for (size_t f = 0; f < ix->ntfiles; f++) {
		buf_clear(&tmp);
		encode_term_file(&tmp, ix, f);
		ix->tfiles[f].bytes = tmp.len;
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		buf_clear(&tmp);
		if (doc_file_used(ix, f))
			encode_doc_file(&tmp, ix, f);
		ix->dfile_bytes[f] = tmp.len;
	}
	ix->measured = 1;
	buf_release(&tmp);
}

/* ------------------------------------------------------------ writing */

static uint64_t file_hash(const char *p, size_t n)
{
	/* hash_of(p, n, 0x5ea7c4f11e), never 0: the output's hash of the
	 * bytes, taken once for both */
	return output_hash(p, n);
}

/* Hands over one file: kept as the site holds it when it is clean (its
 * bytes those of the index saved before) and the site holds those bytes,
 * else encoded and written. */
static int write_file(struct output *o, const char *path, int clean, uint64_t *hash,
		      size_t *bytes, struct buf *data, struct buf *err,
		      void (*encode)(struct buf *, const struct search_index *, size_t),
		      const struct search_index *ix, size_t f)
{
	if (clean && *hash && output_reuse(o, path, *hash))
		return 0;
	buf_clear(data);
	encode(data, ix, f);
	*bytes = data->len;
	*hash = file_hash(data->ptr, data->len);
	return output_put_hashed(o, path, *hash, *hash, data->ptr, data->len, err);
}

struct write_run {
	struct search_index *ix;
	struct output *o;
	/* the index saved beside (NULL: not), at save_path */
	const char *save_path;
	uint64_t generation;
	_Atomic int save_begun;
	struct search_saver *saver;
	struct buf *data, *path; /* per worker */
	pthread_mutex_t lock;
	struct buf *err;
	_Atomic int failed;
	atomic_size_t next_doc; /* the entry file to write next */
};

/* The first failure says why. */
static void write_failed(struct write_run *run, const struct buf *err)
{
	pthread_mutex_lock(&run->lock);
	if (!atomic_exchange(&run->failed, 1))
		buf_put(run->err, err->ptr, err->len);
	pthread_mutex_unlock(&run->lock);
}

/* path = dir, then n in decimal, then ".js" (as "%s%zu.js": a search
 * file's name, made twelve thousand times a build without printf). */
static void file_path(struct buf *path, const char *dir, size_t n)
{
	char d[24];
	size_t k = sizeof(d);
	do
		d[--k] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	buf_clear(path);
	buf_puts(path, dir);
	buf_put(path, d + k, sizeof(d) - k);
	buf_put(path, ".js", 3);
}

/* Writes the next entry file (a search_side step: the entry files need
 * the entries numbered, not the words finished); 0 when none is left. */
static int write_next_doc(void *arg, int worker)
{
	struct write_run *run = arg;
	struct search_index *ix = run->ix;
	size_t f = atomic_fetch_add(&run->next_doc, 1);
	if (f >= ix->ndfiles || atomic_load(&run->failed))
		return 0;
	if (!doc_file_used(ix, f)) {
		ix->dfile_bytes[f] = 0;
		ix->dfile_hash[f] = 0;
		ix->dfile_clean[f] = 1;
		return 1;
	}
	struct buf *path = &run->path[worker], err = BUF_INIT;
	file_path(path, "search/d/", f);
	int rc = write_file(run->o, path->ptr, ix->dfile_clean[f],
			    &ix->dfile_hash[f], &ix->dfile_bytes[f],
			    &run->data[worker], &err, encode_doc_file, ix, f);
	ix->dfile_clean[f] = rc == 0;
	if (rc < 0)
		write_failed(run, &err);
	buf_release(&err);
	return 1;
}

/* The saved index begun and its entries' part written, once: by the
 * first thread to ask (a side step, once the entries are numbered, or
 * the writing's first item). */
static void save_entries_once(struct write_run *run)
{
	if (!run->save_path || atomic_exchange(&run->save_begun, 1))
		return;
	run->saver = search_saver_begin(run->ix, run->save_path, run->generation);
	search_saver_entries(run->saver);
}

/* The search_side's first piece: the saved index's entries' part. */
static void side_first(void *arg, int worker)
{
	(void)worker;
	save_entries_once(arg);
}

/* Item 0: the saved index's terms' part, when it is saved beside (the
 * longest item: taken first); then term file i - 1, or (past them) the
 * next entry file left. */
static void write_one(size_t i, int worker, void *userdata)
{
	struct write_run *run = userdata;
	struct search_index *ix = run->ix;
	if (i == 0) {
		save_entries_once(run);
		if (run->saver)
			search_saver_terms(run->saver);
		return;
	}
	i--;
	if (i >= ix->ntfiles) {
		write_next_doc(run, worker);
		return;
	}
	struct buf *path = &run->path[worker], err = BUF_INIT;
	if (atomic_load(&run->failed))
		return;
	struct term_file *tf = &ix->tfiles[i];
	file_path(path, "search/t/", i);
	int rc = write_file(run->o, path->ptr, tf->clean, &tf->hash, &tf->bytes,
			    &run->data[worker], &err, encode_term_file, ix, i);
	tf->clean = rc == 0;
	if (rc < 0)
		write_failed(run, &err);
	buf_release(&err);
}

int search_write_saving(struct search_index *ix, struct output *o, struct buf *err,
			const char *save_path, uint64_t generation, int *saved)
{
	struct buf data = BUF_INIT;
	int rc = -1;

	struct write_run run = { .ix = ix,
				 .o = o,
				 .data = xcalloc((size_t)ix->jobs, sizeof(struct buf)),
				 .path = xcalloc((size_t)ix->jobs, sizeof(struct buf)),
				 .lock = PTHREAD_MUTEX_INITIALIZER,
				 .err = err,
				 .save_path = save_path,
				 .generation = generation };
	atomic_init(&run.failed, 0);
	atomic_init(&run.save_begun, 0);
	atomic_init(&run.next_doc, 0);
	for (int w = 0; w < ix->jobs; w++) {
		buf_init(&run.data[w]);
		buf_init(&run.path[w]);
	}
	/* the entry files, and the saved index's entries' part, are
	 * written while the index freezes, by threads that would otherwise
	 * wait; the term files once it is frozen, and beside them the saved
	 * index's terms' part */
	struct search_side side = { write_next_doc, side_first, &run };
	search_freeze_with(ix, &side);
	pool_run(ix->jobs, 1 + ix->ntfiles + ix->ndfiles, write_one, &run);
	for (int w = 0; w < ix->jobs; w++) {
		buf_release(&run.data[w]);
		buf_release(&run.path[w]);
	}
	free(run.data);
	free(run.path);
	pthread_mutex_destroy(&run.lock);
	if (atomic_load(&run.failed))
		goto cleanup;
	encode_manifest(&data, ix, 1);
	ix->manifest_bytes = data.len;
	ix->manifest_hash = file_hash(data.ptr, data.len);
	if (output_put_hashed(o, "search/manifest.js", ix->manifest_hash,
			      ix->manifest_hash, data.ptr, data.len, err) < 0)
		goto cleanup;
	ix->measured = 1;
	ix->written = 1;
	rc = 0;

cleanup:
	if (run.saver) /* the files not written: abandoned */
		*saved = search_saver_end(run.saver, rc == 0);
	int e = errno;
	buf_release(&data);
	errno = e;
	return rc;
}

int search_write(struct search_index *ix, struct output *o, struct buf *err)
{
	return search_write_saving(ix, o, err, NULL, 0, NULL);
}

/* Marks clean the term files of ix's new layout that hold the same terms,
 * unchanged, as the file of that number held in the old layout (old[0,
 * nold), over old_nterms terms). */
void search_keep_term_files(struct search_index *ix, const struct term_file *old,
			    size_t nold, size_t old_nterms, const long *base_idx)
{
	size_t *file_of = xmalloc((old_nterms + 1) * sizeof(*file_of));
	for (size_t f = 0; f < nold; f++) {
		size_t end = f + 1 < nold ? old[f + 1].first : old_nterms;
		for (size_t i = old[f].first; i < end; i++)
			file_of[i] = f;
	}
	for (size_t f = 0; f < ix->ntfiles; f++) {
		size_t a = ix->tfiles[f].first, b = search_tfile_end(ix, f);
		long b0 = base_idx[a];
		int same = b0 >= 0 && file_of[b0] == f && old[f].first == (size_t)b0;
		for (size_t i = a; same && i < b; i++)
			same = base_idx[i] == b0 + (long)(i - a);
		if (same) {
			size_t oend = f + 1 < nold ? old[f + 1].first : old_nterms;
			same = oend == (size_t)b0 + (b - a);
		}
		if (same) {
			ix->tfiles[f].clean = 1;
			ix->tfiles[f].hash = old[f].hash;
			ix->tfiles[f].bytes = old[f].bytes;
		}
	}
	free(file_of);
}
