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
static const char state_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'X', '1' };
static const char state_version[] = CAIRN_VERSION "+" CAIRN_BUILD_ID;
#define STATE_SEED 0x73746174u

/* The saved index's checksum: each 64 KiB block hashed, the hashes
 * chained, the length last; written as it is saved (no second read of a
 * file of tens of megabytes) and checked the same way when it is loaded. */
#define STATE_BLOCK 65536

struct state_sum {
	uint64_t h, total;
	size_t n;        /* bytes in blk */
	char *blk;       /* STATE_BLOCK bytes */
};

static void sum_feed(struct state_sum *s, const char *p, size_t n)
{
	while (n) {
		size_t k = STATE_BLOCK - s->n < n ? STATE_BLOCK - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k, s->total += k;
		if (s->n == STATE_BLOCK) {
			s->h = hash_mix_u64(s->h, hash_of(s->blk, STATE_BLOCK, STATE_SEED));
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
	SE_BASE = 1,      /* base: the previous entry's */
	SE_SERVICE = 2,   /* service: the previous entry's */
	SE_PAGE = 4,      /* page: the previous entry's */
	SE_OWNER = 8,     /* owner: the previous entry's */
	SE_OWNER_BASE = 16, /* owner: its base */
	SE_FRAG = 32      /* has an anchor */
};

int search_save(struct search_index *ix, const char *path, uint64_t generation)
{
	struct state_sum sum = { 0, 0, 0, NULL };
	struct state_out w = { -1, 0, BUF_INIT, &sum };
	struct buf tmp = BUF_INIT, spilled = BUF_INIT;
	int rc = -1;

	if (!ix->written)
		return -1;
	sum.blk = xmalloc(STATE_BLOCK);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	w.fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w.fd < 0)
		goto cleanup;
	so_put(&w, state_magic, 8);
	so_cstr(&w, state_version);
	so_u64(&w, generation);
	so_u64(&w, ix->nentries);
	so_u64(&w, ix->nkinds);
	so_u64(&w, ix->nterms);
	so_u64(&w, ix->ntfiles);
	so_u64(&w, ix->ndfiles);
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits;
		memcpy(&bits, &ix->avg[f], 8);
		so_u64(&w, bits);
	}
	so_u64(&w, ix->manifest_hash);
	so_u64(&w, ix->manifest_bytes);
	for (size_t k = 0; k < ix->nkinds; k++)
		so_cstr(&w, ix->kind_by_rank[k]);
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
		so_u32(&w, fl);
		so_u32(&w, e->kind);
		so_u32(&w, e->seq);
		so_u32(&w, e->nterms);
		for (int f = 0; f < NFIELDS; f++)
			so_u32(&w, e->flen[f]);
		so_cstr(&w, e->title);
		so_cstr(&w, e->snippet);
		if (!(fl & SE_BASE))
			so_cstr(&w, e->base);
		if (fl & SE_FRAG)
			so_cstr(&w, e->frag);
		if (!(fl & SE_SERVICE))
			so_cstr(&w, e->service);
		if (!(fl & SE_PAGE))
			so_cstr(&w, e->page);
		if (!(fl & (SE_OWNER | SE_OWNER_BASE)))
			so_cstr(&w, e->owner);
		prev = e;
	}
	if (ix->spill && fflush(ix->spill) != 0)
		goto cleanup;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		so_str(&w, t->s, t->len);
		so_u32(&w, t->df);
		so_u32(&w, t->kept);
		if (t->full) {
			so_str(&w, t->full, t->full_n);
		} else {
			buf_clear(&spilled);
			buf_grow(&spilled, t->full_n);
			if (!ix->spill || pread(fileno(ix->spill), spilled.ptr, t->full_n,
						(off_t)t->full_off) != (ssize_t)t->full_n)
				goto cleanup;
			so_str(&w, spilled.ptr, t->full_n);
		}
		if (t->line == t->full)
			so_str(&w, "", 0);
		else
			so_str(&w, t->line, t->line_n);
	}
	for (size_t f = 0; f < ix->ntfiles; f++) {
		so_u64(&w, ix->tfiles[f].first);
		so_u64(&w, ix->tfiles[f].bytes);
		so_u64(&w, ix->tfiles[f].hash);
	}
	for (size_t f = 0; f < ix->ndfiles; f++) {
		so_u64(&w, ix->dfile_bytes[f]);
		so_u64(&w, ix->dfile_hash[f]);
	}
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
	buf_release(&spilled);
	free(sum.blk);
	return rc;
}

struct search_index *search_load(const char *path, uint64_t generation)
{
	struct search_index *ix = search_index_new();
	struct state_in r;
	size_t len;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		goto bad;
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
		goto bad;
	{
		/* the checksum: the last 8 bytes, of all before them */
		const unsigned char *t = (const unsigned char *)ix->map + ix->map_len - 8;
		uint64_t want = 0;
		for (int i = 0; i < 8; i++)
			want |= (uint64_t)t[i] << (8 * i);
		if (sum_of(ix->map, ix->map_len - 8) != want)
			goto bad;
	}
	r = (struct state_in){ ix->map + 8, ix->map + ix->map_len - 8, 0 };
	if (strcmp(si_str(&r, NULL), state_version) != 0 || si_u64(&r) != generation)
		goto bad;
	uint64_t N = si_u64(&r), nk = si_u64(&r), nt = si_u64(&r);
	uint64_t ntf = si_u64(&r), ndf = si_u64(&r);
	size_t left = (size_t)(r.end - r.p);
	/* every entry, term and file takes some bytes: bounds from the size */
	if (r.bad || N > left / 16 || nk > left || nk > UINT16_MAX || nt > left / 8 ||
	    ntf > nt + 1 || ndf != (N + DOC_FILE_ENTRIES - 1) / DOC_FILE_ENTRIES)
		goto bad;
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits = si_u64(&r);
		memcpy(&ix->avg[f], &bits, 8);
	}
	ix->manifest_hash = si_u64(&r);
	ix->manifest_bytes = (size_t)si_u64(&r);

	ix->nkinds = ix->kinds_cap = (size_t)nk;
	ix->kinds = xcalloc(nk + 1, sizeof(*ix->kinds));
	ix->kind_by_rank = xcalloc(nk + 1, sizeof(*ix->kind_by_rank));
	ix->kind_rank = xcalloc(nk + 1, sizeof(*ix->kind_rank));
	for (size_t k = 0; k < nk; k++) {
		ix->kinds[k] = ix->kind_by_rank[k] = si_str(&r, NULL);
		ix->kind_rank[k] = (uint16_t)k;
	}

	ix->nentries = ix->entries_cap = (size_t)N;
	ix->entries = xcalloc(N + 1, sizeof(*ix->entries));
	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	ix->kind_start = xcalloc(nk + 1, sizeof(*ix->kind_start));
	for (size_t k = 0; k <= nk; k++)
		ix->kind_start[k] = (uint32_t)N;
	const struct entry *prev = NULL;
	for (size_t i = 0; i < N && !r.bad; i++) {
		struct entry *e = &ix->entries[i];
		uint32_t fl = si_u32(&r);
		e->kind = (uint16_t)si_u32(&r);
		e->seq = si_u32(&r);
		e->nterms = si_u32(&r);
		for (int f = 0; f < NFIELDS; f++)
			e->flen[f] = (uint16_t)si_u32(&r);
		e->title = si_str(&r, NULL);
		e->snippet = si_str(&r, NULL);
		if (!prev && (fl & (SE_BASE | SE_SERVICE | SE_PAGE | SE_OWNER)))
			goto bad;
		if (fl & SE_BASE) {
			e->base = prev->base;
		} else {
			const char *s = si_str(&r, &len);
			e->base = search_intern(ix, s, len);
		}
		e->frag = fl & SE_FRAG ? si_str(&r, NULL) : NULL;
		if (fl & SE_SERVICE) {
			e->service = prev->service;
		} else {
			const char *s = si_str(&r, &len);
			e->service = search_intern(ix, s, len);
		}
		if (fl & SE_PAGE) {
			e->page = prev->page;
		} else {
			const char *s = si_str(&r, &len);
			e->page = search_intern(ix, s, len);
		}
		if (fl & SE_OWNER_BASE) {
			e->owner = e->base;
		} else if (fl & SE_OWNER) {
			e->owner = prev->owner;
		} else {
			const char *s = si_str(&r, &len);
			e->owner = search_intern(ix, s, len);
		}
		if (e->kind >= nk || (prev && search_cmp_entry(&prev, &e) > 0))
			goto bad;
		e->id = (uint32_t)i;
		ix->order[i] = e;
		if (ix->kind_start[e->kind] == N)
			ix->kind_start[e->kind] = (uint32_t)i;
		prev = e;
	}

	ix->nterms = ix->terms_cap = (size_t)nt;
	ix->terms = xcalloc(nt + 1, sizeof(*ix->terms));
	ix->sorted = xcalloc(nt + 1, sizeof(*ix->sorted));
	for (size_t i = 0; i < nt && !r.bad; i++) {
		struct term *t = &ix->terms[i];
		t->s = si_str(&r, &len);
		t->len = (uint32_t)len;
		t->df = si_u32(&r);
		t->kept = si_u32(&r);
		t->full = si_str(&r, &len);
		t->full_n = (uint32_t)len;
		t->line = si_str(&r, &len);
		t->line_n = (uint32_t)len;
		if (!len) {
			t->line = t->full;
			t->line_n = t->full_n;
		}
		if (!t->len || !t->full_n || (i && strcmp(ix->sorted[i - 1]->s, t->s) >= 0))
			goto bad;
		ix->sorted[i] = t;
		ix->postings += t->kept;
	}
	ix->ntfiles = (size_t)ntf;
	ix->tfiles = xcalloc(ntf + 1, sizeof(*ix->tfiles));
	for (size_t f = 0; f < ntf && !r.bad; f++) {
		struct term_file *tf = &ix->tfiles[f];
		tf->first = (size_t)si_u64(&r);
		tf->bytes = (size_t)si_u64(&r);
		tf->hash = si_u64(&r);
		tf->clean = 1;
		if (tf->first >= nt || (f && tf->first <= ix->tfiles[f - 1].first) ||
		    (!f && tf->first))
			goto bad;
		tf->key = "";
		if (f) {
			const char *a = ix->sorted[tf->first - 1]->s, *b = ix->sorted[tf->first]->s;
			size_t k = 0;
			while (a[k] && a[k] == b[k])
				k++;
			k++;
			while (b[k - 1] && ((unsigned char)b[k] & 0xC0) == 0x80)
				k++;
			tf->key = arena_strndup(&ix->arena, b, k);
		}
	}
	if (nt && !ntf)
		goto bad;
	search_layout_docs(ix);
	for (size_t f = 0; f < ndf && !r.bad; f++) {
		ix->dfile_bytes[f] = (size_t)si_u64(&r);
		ix->dfile_hash[f] = si_u64(&r);
		ix->dfile_clean[f] = 1;
	}
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

uint64_t search_manifest_hash(const struct search_index *ix)
{
	return ix->written ? ix->manifest_hash : 0;
}
