/* search_store: the saved index (index.bin in the search cache), so that
 * the next build can bring it up to date (search_update) instead of
 * indexing every page again. */
#include "search.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "search_internal.h"
#include "xalloc.h"

/* The saved index: the frozen index as it was written, so that the next
 * build can bring it up to date (search_update) instead of indexing every
 * page again.  Little-endian numbers; strings and postings are a u32
 * length, the bytes and a NUL, so that a loaded index points into the file
 * as it was read. */
static const char state_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'X', '2' };
static const char state_version[] = CAIRN_VERSION "+" CAIRN_BUILD_ID;
#define STATE_SEED 0x73746174u

/* The saved index's checksum: each 64 KiB block hashed, the hashes
 * chained, the length last; written as it is saved (no second read of a
 * file of tens of megabytes) and checked the same way when it is loaded. */
#define STATE_BLOCK 65536

struct state_sum {
	uint64_t h, total;
	size_t n;  /* bytes in blk */
	char *blk; /* STATE_BLOCK bytes */
};

static void sum_feed(struct state_sum *s, const char *p, size_t n)
{
	while (n) {
		size_t k = STATE_BLOCK - s->n < n ? STATE_BLOCK - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k, s->total += k;
		if (s->n == STATE_BLOCK) {
			s->h = hash_mix_u64(s->h, hash_of(s->blk, STATE_BLOCK,
							  STATE_SEED));
			s->n = 0;
		}
	}
}

static uint64_t sum_end(struct state_sum *s)
{
	if (s->n)
		s->h = hash_mix_u64(s->h, hash_of(s->blk, s->n, STATE_SEED));
	return hash_mix_u64(s->h, s->total);
}

/* The same checksum of bytes already in memory (a loaded file). */
static uint64_t sum_of(const char *p, size_t n)
{
	uint64_t h = 0;
	for (size_t at = 0; at < n; at += STATE_BLOCK) {
		size_t k = n - at < STATE_BLOCK ? n - at : STATE_BLOCK;
		h = hash_mix_u64(h, hash_of(p + at, k, STATE_SEED));
	}
	return hash_mix_u64(h, n);
}

struct state_out {
	int fd;
	int failed;
	struct buf b;
	struct state_sum *sum; /* fed with every byte written, or NULL */
};

static void so_flush(struct state_out *w)
{
	const char *p = w->b.ptr;
	size_t n = w->b.len;
	if (w->sum)
		sum_feed(w->sum, p, n);
	while (n && !w->failed) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			w->failed = 1;
		else
			p += k, n -= (size_t)k;
	}
	buf_clear(&w->b);
}

static void so_put(struct state_out *w, const void *p, size_t n)
{
	buf_put(&w->b, p, n);
	if (w->b.len >= (1u << 20))
		so_flush(w);
}

static void so_u32(struct state_out *w, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	so_put(w, b, 4);
}

static void so_u64(struct state_out *w, uint64_t v)
{
	so_u32(w, (uint32_t)v);
	so_u32(w, (uint32_t)(v >> 32));
}

static void so_str(struct state_out *w, const char *s, size_t n)
{
	so_u32(w, (uint32_t)n);
	so_put(w, s, n);
	so_put(w, "", 1);
}

static void so_cstr(struct state_out *w, const char *s)
{
	so_str(w, s ? s : "", s ? strlen(s) : 0);
}

struct state_in {
	const char *p, *end;
	int bad;
};

static uint32_t si_u32(struct state_in *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	const unsigned char *b = (const unsigned char *)r->p;
	r->p += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint64_t si_u64(struct state_in *r)
{
	uint64_t lo = si_u32(r);
	return lo | (uint64_t)si_u32(r) << 32;
}

/* A string of the file (NUL-terminated in place), or "" when bad. */
static const char *si_str(struct state_in *r, size_t *len)
{
	uint32_t n = si_u32(r);
	if (r->bad || (size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != '\0') {
		r->bad = 1;
		if (len)
			*len = 0;
		return "";
	}
	const char *s = r->p;
	r->p += n + 1;
	if (len)
		*len = n;
	return s;
}

enum {
	SE_BASE = 1,	    /* base: the previous entry's */
	SE_SERVICE = 2,	    /* service: the previous entry's */
	SE_PAGE = 4,	    /* page: the previous entry's */
	SE_OWNER = 8,	    /* owner: the previous entry's */
	SE_OWNER_BASE = 16, /* owner: its base */
	SE_FRAG = 32	    /* has an anchor */
};

/* ------------------------------------------------------------ saving */

static void save_header(struct state_out *w, const struct search_index *ix,
			uint64_t generation)
{
	so_put(w, state_magic, 8);
	so_cstr(w, state_version);
	so_u64(w, generation);
	so_u64(w, ix->nentries);
	so_u64(w, ix->nkinds);
	so_u64(w, ix->nterms);
	so_u64(w, ix->ntfiles);
	so_u64(w, ix->ndfiles);
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits;
		memcpy(&bits, &ix->avg[f], 8);
		so_u64(w, bits);
	}
	so_u64(w, ix->manifest_hash);
	so_u64(w, ix->manifest_bytes);
	so_u32(w, ix->space);
	for (size_t k = 0; k < ix->nkinds; k++) {
		so_cstr(w, ix->kind_by_rank[k]);
		so_u32(w, ix->kind_start[k]);
	}
}

/* The entries in order, each string that is the previous entry's (or,
 * for the owner, its own base) as a flag (SE_*). */
static void save_entries(struct state_out *w, const struct search_index *ix)
{
	const struct entry *prev = NULL;
	for (size_t i = 0; i < ix->nentries; i++) {
		const struct entry *e = ix->order[i];
		unsigned fl = 0;
		if (prev && prev->base == e->base)
			fl |= SE_BASE;
		if (prev && prev->service == e->service)
			fl |= SE_SERVICE;
		if (prev && prev->page == e->page)
			fl |= SE_PAGE;
		if (strcmp(e->owner, e->base) == 0)
			fl |= SE_OWNER_BASE;
		else if (prev && prev->owner == e->owner)
			fl |= SE_OWNER;
		if (e->frag)
			fl |= SE_FRAG;
		so_u32(w, fl);
		so_u32(w, e->id);
		so_u32(w, e->kind);
		so_u32(w, e->seq);
		so_u32(w, e->nterms);
		for (int f = 0; f < NFIELDS; f++)
			so_u32(w, e->flen[f]);
		so_cstr(w, e->title);
		so_cstr(w, e->snippet);
		if (!(fl & SE_BASE))
			so_cstr(w, e->base);
		if (fl & SE_FRAG)
			so_cstr(w, e->frag);
		if (!(fl & SE_SERVICE))
			so_cstr(w, e->service);
		if (!(fl & SE_PAGE))
			so_cstr(w, e->page);
		if (!(fl & (SE_OWNER | SE_OWNER_BASE)))
			so_cstr(w, e->owner);
		prev = e;
	}
}

/* The terms in byte order, each with every posting (read back from the
 * spill file when it waited there) and, when some were cut, those kept
 * ("" when none were).  -1 when a spilled list cannot be read. */
static int save_terms(struct state_out *w, const struct search_index *ix)
{
	struct buf spilled = BUF_INIT;
	int rc = -1;

	if (ix->spill && fflush(ix->spill) != 0)
		goto cleanup;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		so_str(w, t->s, t->len);
		so_u32(w, t->df);
		so_u32(w, t->kept);
		if (t->full) {
			so_str(w, t->full, t->full_n);
		} else {
			buf_clear(&spilled);
			buf_grow(&spilled, t->full_n);
			if (!ix->spill ||
			    pread(fileno(ix->spill), spilled.ptr, t->full_n,
				  (off_t)t->full_off) != (ssize_t)t->full_n)
				goto cleanup;
			so_str(w, spilled.ptr, t->full_n);
		}
		if (t->line == t->full)
			so_str(w, "", 0);
		else
			so_str(w, t->line, t->line_n);
	}
	rc = 0;

cleanup:
	buf_release(&spilled);
	return rc;
}

/* Each file's place, size and hash: the term files', then the entry
 * files'. */
static void save_files(struct state_out *w, const struct search_index *ix)
{
	for (size_t f = 0; f < ix->ntfiles; f++) {
		so_u64(w, ix->tfiles[f].first);
		so_u64(w, ix->tfiles[f].bytes);
		so_u64(w, ix->tfiles[f].hash);
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		so_u64(w, ix->dfile_bytes[f]);
		so_u64(w, ix->dfile_hash[f]);
	}
}

int search_save(struct search_index *ix, const char *path, uint64_t generation)
{
	struct state_sum sum = { 0, 0, 0, NULL };
	struct state_out w = { -1, 0, BUF_INIT, &sum };
	struct buf tmp = BUF_INIT;
	int rc = -1;

	if (!ix->written || ix->lines_only) {
		errno = EINVAL;
		return -1;
	}
	sum.blk = xmalloc(STATE_BLOCK);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	w.fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w.fd < 0)
		goto cleanup;
	save_header(&w, ix, generation);
	save_entries(&w, ix);
	if (save_terms(&w, ix) < 0)
		goto cleanup;
	save_files(&w, ix);
	so_put(&w, state_magic, 8);
	so_flush(&w);
	/* the checksum of everything written before it */
	w.sum = NULL;
	so_u64(&w, sum_end(&sum));
	so_flush(&w);
	if (close(w.fd) < 0)
		w.failed = 1;
	w.fd = -1;
	if (w.failed || rename(tmp.ptr, path) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (w.fd >= 0)
		close(w.fd);
	if (rc < 0 && tmp.len)
		unlink(tmp.ptr);
	buf_release(&w.b);
	buf_release(&tmp);
	free(sum.blk);
	return rc;
}

/* ------------------------------------------------------------ loading */

/* Maps the file at path into ix (ix->map) when it is whole: its magic
 * number first, and last the checksum of all before it (unless trusted:
 * then the checksum is not read).  -1 when not. */
static int load_map(struct search_index *ix, const char *path, int trusted)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 16) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			ix->map = m;
			ix->map_len = (size_t)st.st_size;
			madvise(m, ix->map_len, MADV_WILLNEED);
		}
	}
	close(fd);
	if (!ix->map || memcmp(ix->map, state_magic, 8) != 0)
		return -1;
	if (trusted)
		return 0;
	const unsigned char *t = (const unsigned char *)ix->map + ix->map_len - 8;
	uint64_t want = 0;
	for (int i = 0; i < 8; i++)
		want |= (uint64_t)t[i] << (8 * i);
	return sum_of(ix->map, ix->map_len - 8) == want ? 0 : -1;
}

/* The numbers of things the header says the file holds. */
struct state_counts {
	uint64_t entries, kinds, terms, tfiles, dfiles;
};

/* Reads the header (after the magic number) and the kinds.  -1 when it
 * is of another build of cairn or another generation, or its counts
 * cannot be the file's. */
static int load_header(struct state_in *r, struct search_index *ix,
		       uint64_t generation, struct state_counts *c)
{
	if (strcmp(si_str(r, NULL), state_version) != 0 || si_u64(r) != generation)
		return -1;
	c->entries = si_u64(r);
	c->kinds = si_u64(r);
	c->terms = si_u64(r);
	c->tfiles = si_u64(r);
	c->dfiles = si_u64(r);
	size_t left = (size_t)(r->end - r->p);
	/* every entry, term and file takes some bytes: bounds from the size */
	if (r->bad || c->entries > left / 16 || c->kinds > left ||
	    c->kinds > UINT16_MAX || c->terms > left / 8 || c->tfiles > c->terms + 1)
		return -1;
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits = si_u64(r);
		memcpy(&ix->avg[f], &bits, 8);
	}
	ix->manifest_hash = si_u64(r);
	ix->manifest_bytes = (size_t)si_u64(r);
	ix->space = si_u32(r);
	if (c->dfiles != (ix->space + (uint64_t)DOC_FILE_ENTRIES - 1) / DOC_FILE_ENTRIES ||
	    c->entries > ix->space)
		return -1;

	size_t nk = (size_t)c->kinds;
	ix->nkinds = ix->kinds_cap = nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	ix->kind_start = xcalloc(nk + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[k] = ix->kind_by_rank[k] = si_str(r, NULL);
		ix->kind_rank[k] = (uint16_t)k;
		ix->kind_start[k] = si_u32(r);
		if (ix->kind_start[k] > ix->space ||
		    (k && ix->kind_start[k] < ix->kind_start[k - 1]))
			return -1;
	}
	ix->kind_start[nk] = ix->space;
	return 0;
}

/* A string of the file, interned in ix. */
static const char *si_interned(struct state_in *r, struct search_index *ix)
{
	size_t len;
	const char *s = si_str(r, &len);
	return search_intern(ix, s, len);
}

/* Reads entry e, whose previous one is prev (NULL: none).  -1 when it
 * points at a previous entry that is not there. */
static int load_entry(struct state_in *r, struct search_index *ix,
		      struct entry *e, const struct entry *prev)
{
	uint32_t fl = si_u32(r);
	e->id = si_u32(r);
	e->kind = (uint16_t)si_u32(r);
	e->seq = si_u32(r);
	e->nterms = si_u32(r);
	for (int f = 0; f < NFIELDS; f++)
		e->flen[f] = (uint16_t)si_u32(r);
	e->title = si_str(r, NULL);
	e->snippet = si_str(r, NULL);
	if (!prev && (fl & (SE_BASE | SE_SERVICE | SE_PAGE | SE_OWNER)))
		return -1;
	e->base = fl & SE_BASE ? prev->base : si_interned(r, ix);
	e->frag = fl & SE_FRAG ? si_str(r, NULL) : NULL;
	e->service = fl & SE_SERVICE ? prev->service : si_interned(r, ix);
	e->page = fl & SE_PAGE ? prev->page : si_interned(r, ix);
	if (fl & SE_OWNER_BASE)
		e->owner = e->base;
	else
		e->owner = fl & SE_OWNER ? prev->owner : si_interned(r, ix);
	return 0;
}

/* Reads the entries, by id (N of them, of nk kinds).  -1 when one is
 * damaged, out of order or out of its kind's range. */
static int load_entries(struct state_in *r, struct search_index *ix, size_t N, size_t nk)
{
	const struct entry *prev = NULL;

	ix->nentries = ix->entries_cap = N;
	ix->entries = xcalloc(N + 1, sizeof(*ix->entries));
	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	for (size_t i = 0; i < N && !r->bad; i++) {
		struct entry *e = &ix->entries[i];
		if (load_entry(r, ix, e, prev) < 0 || e->kind >= nk ||
		    (prev && prev->id >= e->id) || e->id < ix->kind_start[e->kind] ||
		    e->id >= ix->kind_start[e->kind + 1])
			return -1;
		ix->order[i] = e;
		prev = e;
	}
	return 0;
}

/* Reads the terms, in byte order (nt of them).  -1 when one is damaged or
 * out of order. */
static int load_terms(struct state_in *r, struct search_index *ix, size_t nt)
{
	size_t len;

	ix->nterms = ix->terms_cap = nt;
	ix->terms = xcalloc(nt + 1, sizeof(*ix->terms));
	ix->sorted = xcalloc(nt + 1, sizeof(*ix->sorted));
	for (size_t i = 0; i < nt && !r->bad; i++) {
		struct term *t = &ix->terms[i];
		t->s = si_str(r, &len);
		t->len = (uint32_t)len;
		t->df = si_u32(r);
		t->kept = si_u32(r);
		t->full = si_str(r, &len);
		t->full_n = (uint32_t)len;
		t->line = si_str(r, &len);
		t->line_n = (uint32_t)len;
		if (!len) {
			t->line = t->full;
			t->line_n = t->full_n;
		}
		if (!t->len || !t->full_n ||
		    (i && strcmp(ix->sorted[i - 1]->s, t->s) >= 0))
			return -1;
		ix->sorted[i] = t;
		ix->postings += t->kept;
	}
	return 0;
}

/* Reads the files' places, sizes and hashes: every file is clean.  -1
 * when the term files do not cut the terms in order. */
static int load_files(struct state_in *r, struct search_index *ix,
		      const struct state_counts *c)
{
	size_t ntf = (size_t)c->tfiles, nt = (size_t)c->terms;

	ix->ntfiles = ntf;
	ix->tfiles = xcalloc(ntf + 1, sizeof(*ix->tfiles));
	for (size_t f = 0; f < ntf && !r->bad; f++) {
		struct term_file *tf = &ix->tfiles[f];
		tf->first = (size_t)si_u64(r);
		tf->bytes = (size_t)si_u64(r);
		tf->hash = si_u64(r);
		tf->clean = 1;
		if (tf->first >= nt || (f && tf->first <= ix->tfiles[f - 1].first) ||
		    (!f && tf->first))
			return -1;
		tf->key = search_term_file_key(ix, tf->first);
	}
	if (nt && !ntf)
		return -1;
	search_layout_docs(ix);
	for (size_t f = 0; f < c->dfiles && !r->bad; f++) {
		ix->dfile_bytes[f] = (size_t)si_u64(r);
		ix->dfile_hash[f] = si_u64(r);
		ix->dfile_clean[f] = 1;
	}
	return 0;
}

static struct search_index *load(const char *path, uint64_t generation, int trusted)
{
	struct search_index *ix = search_index_new();
	struct state_counts c;
	struct state_in r;

	if (load_map(ix, path, trusted) < 0)
		goto bad;
	r = (struct state_in){ ix->map + 8, ix->map + ix->map_len - 8, 0 };
	if (load_header(&r, ix, generation, &c) < 0 ||
	    load_entries(&r, ix, (size_t)c.entries, (size_t)c.kinds) < 0 ||
	    load_terms(&r, ix, (size_t)c.terms) < 0 || load_files(&r, ix, &c) < 0)
		goto bad;
	if (r.bad || r.end - r.p != 8 || memcmp(r.p, state_magic, 8) != 0)
		goto bad;
	free(ix->slots);
	ix->slots = NULL;
	ix->frozen = ix->measured = ix->written = 1;
	return ix;

bad:
	search_index_free(ix);
	return NULL;
}

struct search_index *search_load(const char *path, uint64_t generation)
{
	return load(path, generation, 0);
}

struct search_index *search_load_trusted(const char *path, uint64_t generation)
{
	return load(path, generation, 1);
}

uint64_t search_manifest_hash(const struct search_index *ix)
{
	return ix->written ? ix->manifest_hash : 0;
}
