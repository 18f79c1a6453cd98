/* output_manifest: the manifest of output.c (output.h says what it
 * holds): its entries and their index by path, its file read (mapped,
 * kept mapped while the manifest is used) and its entries written out. */
#include "output_manifest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Whether the segment of len bytes at s is one a path may hold (not
 * empty, not "." or ".."). */
static int segment_ok(const char *s, size_t len)
{
	return len > 2 || (len == 1 && s[0] != '.') ||
	       (len == 2 && !(s[0] == '.' && s[1] == '.'));
}

/* output_path_safe of the n bytes at p (in one pass: most bytes are
 * letters, above every byte it looks for). */
static int path_safe_n(const char *p, size_t n)
{
	if (n == 0 || p[0] == '/')
		return 0;
	size_t seg = 0; /* where the segment began */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c > '\\')
			continue;
		if (c < 0x20 || c == '\\')
			return 0;
		if (c == '/') {
			if (!segment_ok(p + seg, i - seg))
				return 0;
			seg = i + 1;
		}
	}
	return segment_ok(p + seg, n - seg);
}

/* The byte order of two strings of known lengths (strcmp's, for strings
 * without a NUL). */
static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

const char output_manifest_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'M', 'F', '4' };

const struct output_entry *output_manifest_find(const struct output_manifest *m,
						const char *path)
{
	struct map_entry *e = map_get(&m->index, path, strlen(path));
	return e ? &m->items[e->num] : NULL;
}

/* A copy of n bytes at p in m's arena (NULL when none), or p (borrow). */
static const char *kept_bytes(struct output_manifest *m, const char *p,
			      size_t n, int borrow)
{
	if (!p || !n)
		return NULL;
	return borrow ? p : arena_strndup(&m->arena, p, n);
}

/* Adds an entry, or replaces the entry of the same path; the strings kept
 * as keep says.  Not locked: callers hold o->lock. */
struct output_entry *output_manifest_add_n(struct output_manifest *m,
					   const char *path, size_t len,
					   uint64_t fp, uint64_t hash, uint64_t gen,
					   const struct output_meta *meta, int keep)
{
	int added;
	/* set here (release zeroes the manifest); a borrowed key stays */
	m->index.keys = keep & OUTPUT_KEEP_PATH ? NULL : &m->arena;
	struct map_entry *at = map_put(&m->index, path, len, &added);
	if (!added && (keep & OUTPUT_KEEP_NEW))
		return NULL;
	if (added) {
		XGROW(m->items, m->cap, m->len + 1);
		at->num = m->len++;
		m->items[at->num].path = at->key;
	}
	struct output_entry *e = &m->items[at->num];
	int borrow = (keep & OUTPUT_KEEP_META) != 0;
	e->fp = fp;
	e->hash = hash;
	e->gen = gen;
	e->diags = meta ? kept_bytes(m, meta->diags, meta->diags_len, borrow) : NULL;
	e->diags_len = e->diags ? meta->diags_len : 0;
	e->assets = meta ? kept_bytes(m, meta->assets, meta->assets_len, borrow) : NULL;
	e->assets_len = e->assets ? meta->assets_len : 0;
	e->links = meta ? kept_bytes(m, meta->links, meta->links_len, borrow) : NULL;
	e->links_len = e->links ? meta->links_len : 0;
	e->same = 0;
	return e;
}

struct output_entry *output_manifest_add(struct output_manifest *m, const char *path,
					 uint64_t fp, uint64_t hash, uint64_t gen,
					 const struct output_meta *meta)
{
	return output_manifest_add_n(m, path, strlen(path), fp, hash, gen, meta,
				     OUTPUT_KEEP_COPIES);
}

void output_manifest_release(struct output_manifest *m)
{
	free(m->items);
	map_release(&m->index);
	arena_release(&m->arena);
	cache_unmap(&m->file);
	free(m->raw);
	memset(m, 0, sizeof(*m));
	arena_init(&m->arena); /* ready to be loaded again */
}

int output_manifest_cmp_path(const void *a, const void *b)
{
	const struct output_entry *x = *(const struct output_entry *const *)a;
	const struct output_entry *y = *(const struct output_entry *const *)b;
	return strcmp(x->path, y->path);
}

/* m's entries in path order (malloc'd): the same site gives the same
 * manifest bytes. */
const struct output_entry **output_manifest_sorted(const struct output_manifest *m)
{
	const struct output_entry **sorted = xmalloc((m->len + 1) * sizeof(*sorted));
	for (size_t i = 0; i < m->len; i++)
		sorted[i] = &m->items[i];
	qsort(sorted, m->len, sizeof(*sorted), output_manifest_cmp_path);
	return sorted;
}

/* The n entries, in that order, as the manifest file holds them (the
 * generations aside: they follow). */
void output_manifest_entries(struct buf *b, const struct output_entry *const *sorted,
			     size_t n, const struct output_manifest *from)
{
	cache_put_u64(b, n);
	/* a run of records that are from's, one after the other there: one
	 * copy (a rebuild's are nearly all, in the same order) */
	size_t run = 0, run_end = 0; /* from's records [run, run_end) */
	for (size_t i = 0; i < n; i++) {
		const struct output_entry *e = sorted[i];
		if (from && from->raw && e->same && e->live && e->live <= from->len) {
			size_t k = e->live - 1;
			if (run == run_end || k != run_end) {
				if (run != run_end)
					buf_put(b, from->file.ptr + from->raw[run],
						from->raw[run_end] - from->raw[run]);
				run = k;
			}
			run_end = k + 1;
			continue;
		}
		if (run != run_end)
			buf_put(b, from->file.ptr + from->raw[run],
				from->raw[run_end] - from->raw[run]);
		run = run_end = 0;
		cache_put_cstr(b, e->path);
		cache_put_u64(b, e->fp);
		cache_put_u64(b, e->hash);
		cache_put_str(b, e->diags, e->diags_len);
		cache_put_str(b, e->assets, e->assets_len);
		cache_put_str(b, e->links, e->links_len);
	}
	if (run != run_end)
		buf_put(b, from->file.ptr + from->raw[run],
			from->raw[run_end] - from->raw[run]);
}

/* An entry of the same path as beside's entry j (the path, checked there,
 * shared; no diagnostics or images: the twin's are never read), without
 * an index entry of its own: at[j] tells where it is. */
static void add_beside(struct output_manifest *m, const struct output_manifest *beside,
		       size_t j, uint32_t *at, uint64_t hash)
{
	XGROW(m->items, m->cap, m->len + 1);
	struct output_entry *e = &m->items[m->len++];
	memset(e, 0, sizeof(*e));
	e->path = beside->items[j].path;
	e->hash = hash;
	at[j] = (uint32_t)m->len;
}

/* Reads dir's manifest: 0 when it loads, -1 when there is none, -2 when
 * it is damaged (then why says how) or was written by another version of
 * cairn (why left empty: not a problem to report).  With beside (a
 * manifest loaded in path order: the live site's, when this is the
 * twin's, which holds nearly the same paths), *at is made, one slot per
 * entry of beside: 1 + the index of this manifest's entry of the same
 * path, or 0; those entries are found through it, and only the paths
 * beside lacks are in m->index. */
int output_manifest_load(struct output_manifest *m, const char *dir, struct buf *why,
			 const struct output_manifest *beside, uint32_t **at)
{
	struct buf path = BUF_INIT;
	struct cache_map data;
	struct cache_reader r;
	int rc = -1;
	buf_printf(&path, "%s/%s", dir, OUTPUT_MANIFEST);
	int lr = cache_map(&data, path.ptr);
	if (lr < 0) {
		if (lr == -2)
			buf_printf(why, "\"%s\" is damaged", path.ptr);
		rc = lr;
		goto cleanup;
	}
	if (cache_open_bytes(&r, data.ptr, data.len, output_manifest_magic) < 0) {
		/* another version of cairn wrote it: what an upgrade leaves,
		 * and no damage to report (every file is written again) */
		rc = -2;
		goto cleanup;
	}
	m->gen = cache_get_u64(&r);
	const char *entries = r.p;
	size_t n = cache_get_count(&r);
	uint64_t *gens = NULL;
	/* room for every entry at once; each string copied once, by
	 * output_manifest_add, from where the file's bytes hold it */
	XGROW(m->items, m->cap, n + 1);
	const char *last = NULL; /* the path before, to tell the order */
	size_t last_len = 0, j = 0;
	m->sorted = 1;
	if (beside)
		*at = xcalloc(beside->len + 1, sizeof(**at));
	else if (data.len < UINT32_MAX) /* where each record starts */
		m->raw = xmalloc((n + 1) * sizeof(*m->raw));
	for (size_t i = 0; i < n && !r.bad; i++) {
		size_t pl, dl, al, ll;
		if (m->raw)
			m->raw[i] = (uint32_t)(r.p - data.ptr);
		const char *p = cache_get_span(&r, &pl);
		uint64_t fp = cache_get_u64(&r), hash = cache_get_u64(&r);
		const char *dg = cache_get_span(&r, &dl);
		const char *as = cache_get_span(&r, &al);
		const char *ln = cache_get_span(&r, &ll);
		struct output_meta meta = { dg, dl, as, al, ln, ll };
		int c = 1;
		while (beside && p && j < beside->len &&
		       (c = cmp_bytes(beside->items[j].path,
				      strlen(beside->items[j].path), p, pl)) < 0)
			j++;
		if (beside && p && c == 0) {
			if (last && cmp_bytes(last, last_len, p, pl) >= 0)
				m->sorted = 0;
			last = p;
			last_len = pl;
			add_beside(m, beside, j++, *at, hash);
			continue;
		}
		/* a NUL is a control character: refused as unsafe */
		if (r.bad || !p || !path_safe_n(p, pl)) {
			r.bad = 1;
			break;
		}
		if (last && cmp_bytes(last, last_len, p, pl) >= 0)
			m->sorted = 0;
		last = p;
		last_len = pl;
		output_manifest_add_n(m, p, pl, fp, hash, 0,
				      beside ? NULL : &meta, OUTPUT_KEEP_META);
	}
	const char *entries_end = r.p;
	if (m->raw && !r.bad && m->len == n)
		m->raw[n] = (uint32_t)(entries_end - data.ptr);
	/* the files' generations follow, in the same order */
	gens = xcalloc((size_t)(m->len + 1), sizeof(*gens));
	for (size_t i = 0; i < m->len && !r.bad; i++)
		gens[i] = cache_get_u64(&r);
	if (r.bad || r.p != r.end || m->len != n) {
		free(gens);
		output_manifest_release(m);
		if (beside) {
			free(*at);
			*at = NULL;
		}
		buf_printf(why, "\"%s\" is damaged", path.ptr);
		rc = -2;
		goto cleanup;
	}
	for (size_t i = 0; i < m->len; i++)
		m->items[i].gen = gens[i];
	free(gens);
	/* the twin's token (loaded beside the live manifest) is never asked:
	 * not hashed */
	if (!beside)
		m->token = hash_of(entries, (size_t)(entries_end - entries), 11);
	rc = 0;

cleanup:
	buf_release(&path);
	if (rc == 0)
		m->file = data; /* the entries' meta point into it */
	else
		cache_unmap(&data);
	/* beside is in path order; out of order, one path could be here
	 * twice (found beside, then indexed): read it the plain way */
	if (rc == 0 && beside && !m->sorted) {
		free(*at);
		*at = NULL;
		output_manifest_release(m);
		return output_manifest_load(m, dir, why, NULL, NULL);
	}
	return rc;
}

uint64_t output_token_of(const struct output_manifest *m)
{
	struct buf b = BUF_INIT;
	const struct output_entry **sorted = output_manifest_sorted(m);
	output_manifest_entries(&b, sorted, m->len, NULL);
	free(sorted);
	uint64_t t = hash_of(b.ptr, b.len, 11);
	buf_release(&b);
	return t;
}

int output_path_safe(const char *rel)
{
	return rel && path_safe_n(rel, strlen(rel));
}
