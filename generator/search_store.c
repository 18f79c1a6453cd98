/* search_store: the saved index (index.bin in the search cache), so that
 * the next build can bring it up to date (search_update) instead of
 * indexing every page again. */
#include "search.h"

#include <errno.h>
#include <stdatomic.h>
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
#include "le.h"
#include "map.h"
#include "pool.h"
#include "search_internal.h"
#include "xalloc.h"

/* The saved index: the frozen index as it was written, so that the next
 * build can bring it up to date (search_update) instead of indexing every
 * page again.  Little-endian numbers; the header's strings are a u32
 * length, the bytes and a NUL; the rest is laid out for reading in place
 * (below, "the index's parts"): a loaded index points into the file as it
 * was mapped, and reads only its records and names. */
static const char state_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'S', 'X', '5' };
static const char state_version[] = CAIRN_VERSION "+" CAIRN_BUILD_ID;
#define STATE_SEED 0x73746174u

/* The saved index's checksum: each 64 KiB block hashed, the hashes
 * chained, the length last; computed as it is saved (no second read of a
 * file of tens of megabytes) and checked the same way when it is loaded.
 * Saving hashes the blocks where the bytes are when it can (a whole block
 * in the buffer being written), and keeps each block's hash until the
 * end: the header, in the first block, is written last (it holds the
 * hashes of the files, known once they are written). */
#define STATE_BLOCK 65536

struct state_sum {
	uint64_t total;
	size_t n;     /* bytes in blk */
	char *blk;    /* STATE_BLOCK bytes: the block being filled */
	char *first;  /* the first `keep` bytes, kept for the header */
	size_t keep;  /* a multiple of STATE_BLOCK */
	uint64_t *bh; /* each whole block's hash, in order */
	size_t nbh, bh_cap;
};

static void sum_block(struct state_sum *s, const char *p)
{
	XGROW(s->bh, s->bh_cap, s->nbh + 1);
	s->bh[s->nbh++] = hash_of(p, STATE_BLOCK, STATE_SEED);
}

static void sum_feed(struct state_sum *s, const char *p, size_t n)
{
	if (s->total < s->keep) {
		size_t k = s->keep - s->total < n ? s->keep - s->total : n;
		memcpy(s->first + s->total, p, k);
	}
	s->total += n;
	while (n) {
		if (!s->n && n >= STATE_BLOCK) { /* hashed where it is */
			sum_block(s, p);
			p += STATE_BLOCK, n -= STATE_BLOCK;
			continue;
		}
		size_t k = STATE_BLOCK - s->n < n ? STATE_BLOCK - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k;
		if (s->n == STATE_BLOCK) {
			sum_block(s, s->blk);
			s->n = 0;
		}
	}
}

/* The checksum of the bytes fed, their first head_n (at most s->keep, and
 * at most s->total) being those of head rather than those fed. */
static uint64_t sum_end(struct state_sum *s, const char *head, size_t head_n)
{
	memcpy(s->first, head, head_n);
	for (size_t b = 0; head_n && b <= (head_n - 1) / STATE_BLOCK; b++) {
		if (b < s->nbh)
			s->bh[b] = hash_of(s->first + b * STATE_BLOCK,
					   STATE_BLOCK, STATE_SEED);
		else /* the last block, not whole */
			memcpy(s->blk, s->first + b * STATE_BLOCK, s->n);
	}
	uint64_t h = 0;
	for (size_t b = 0; b < s->nbh; b++)
		h = hash_mix_u64(h, s->bh[b]);
	if (s->n)
		h = hash_mix_u64(h, hash_of(s->blk, s->n, STATE_SEED));
	return hash_mix_u64(h, s->total);
}

static void sum_release(struct state_sum *s)
{
	free(s->blk);
	free(s->first);
	free(s->bh);
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
	int fd; /* -1: the bytes stay in b */
	int failed;
	int err;      /* errno of the failure */
	uint64_t pos; /* bytes put so far */
	struct buf b;
	struct state_sum *sum; /* fed with every byte written, or NULL */
};

/* Writes p[0, n) to the file (the sum fed first). */
static void so_write(struct state_out *w, const char *p, size_t n)
{
	if (w->sum)
		sum_feed(w->sum, p, n);
	while (n && !w->failed) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->failed = 1;
			w->err = k < 0 ? errno : ENOSPC;
		} else {
			p += k, n -= (size_t)k;
		}
	}
}

static void so_flush(struct state_out *w)
{
	so_write(w, w->b.ptr, w->b.len);
	buf_clear(&w->b);
}

static void so_put(struct state_out *w, const void *p, size_t n)
{
	w->pos += n;
	if (w->fd >= 0 && n >= STATE_BLOCK) { /* not copied */
		so_flush(w);
		so_write(w, p, n);
		return;
	}
	buf_put(&w->b, p, n);
	if (w->fd >= 0 && w->b.len >= (1u << 20))
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

/* ------------------------------------------------------------ saving */

/* The header; room: only its room, while the terms are still being
 * gathered and finished (the numbers of terms and term files, and the
 * manifest's, are 0: they are not read). */
static void save_header(struct state_out *w, const struct search_index *ix,
			uint64_t generation, int room)
{
	so_put(w, state_magic, 8);
	so_cstr(w, state_version);
	so_u64(w, generation);
	so_u64(w, ix->nentries);
	so_u64(w, ix->nkinds);
	so_u64(w, room ? 0 : ix->nterms);
	so_u64(w, room ? 0 : ix->ntfiles);
	so_u64(w, ix->ndfiles);
	for (int f = 0; f < NFIELDS; f++) {
		uint64_t bits;
		memcpy(&bits, &ix->avg[f], 8);
		so_u64(w, bits);
	}
	so_u64(w, room ? 0 : ix->manifest_hash);
	so_u64(w, room ? 0 : ix->manifest_bytes);
	for (int f = 0; f < NFIELDS; f++)
		so_u64(w, room ? 0 : ix->flen_total[f]);
	so_u32(w, ix->space);
	for (size_t k = 0; k < ix->nkinds; k++) {
		so_cstr(w, ix->kind_by_rank[k]);
		so_u32(w, ix->kind_start[k]);
	}
}

/* The index's parts after the header, each where the trailer says
 * (docs/search.md, "Keeping the index between builds"), so that a load
 * reads the records and the names and never the texts or the postings:
 *   text   each entry's title, snippet and anchor, NUL-terminated
 *   post   each term's full postings, then its kept ones when some were
 *          cut, NUL-terminated
 *   names  the distinct addresses, services, pages and owners, in byte
 *          order ("" first), so that a load reads them in place
 *   words  the terms, NUL-terminated, in byte order
 *   erec   an ENTRY_REC-byte record an entry, in order
 *   trec   a TERM_REC-byte record a term, in order
 *   files  each file's place, size and hash
 * A region of strings ends with a NUL, so that no string read in place
 * runs past it, whatever the bytes. */
enum { R_TEXT, R_POST, R_NAMES, R_WORDS, R_EREC, R_TREC, R_FILES, NREGIONS };
#define ENTRY_REC 52
#define TERM_REC 32
#define NO_FRAG UINT32_MAX
#define TRAILER (8 * (NREGIONS + 1) + 16)

/* What saving keeps until the records are written. */
struct saving {
	uint64_t at[NREGIONS + 1]; /* each region's offset; [NREGIONS]: names */
	struct map names;	   /* name -> its number + 1 */
	uint64_t flen_total[NFIELDS]; /* the entries' fields' lengths, summed */
	const char **name;	      /* in number order */
	size_t nnames, names_cap;
	struct buf erec; /* the entries' records, made with their texts */
};

/* The number of name s, given one when new. */
static uint32_t name_of(struct saving *sv, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	struct map_entry *me = map_put(&sv->names, s, n, NULL);
	if (!me->num) {
		XGROW(sv->name, sv->names_cap, sv->nnames + 1);
		sv->name[sv->nnames++] = s;
		me->num = sv->nnames;
	}
	return (uint32_t)(me->num - 1);
}

/* Puts s and its NUL; returns the bytes put. */
static uint32_t put_string(struct state_out *w, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 1;
	so_put(w, s ? s : "", n);
	return (uint32_t)n;
}

/* The entries' texts, and their records made (in sv->erec, written
 * after the terms' parts) with their names numbered (an entry's names
 * are most often the previous entry's: those are not looked up) and
 * their texts' offsets.  -1 when the texts pass 4 GiB (the records hold
 * 32-bit offsets). */
static int save_entries(struct state_out *w, const struct search_index *ix,
			struct saving *sv)
{
	const char *last[4] = { NULL, NULL, NULL, NULL };
	uint32_t num[4] = { 0, 0, 0, 0 };
	uint64_t off = 0;
	sv->at[R_TEXT] = w->pos;
	name_of(sv, "");
	buf_grow(&sv->erec, ix->nentries * ENTRY_REC + 1);
	for (size_t i = 0; i < ix->nentries; i++) {
		const struct entry *e = ix->order[i];
		const char *nm[4] = { e->base, e->service, e->page, e->owner };
		unsigned char *r = (unsigned char *)sv->erec.ptr + sv->erec.len;
		le_put32(r, e->id);
		le_put32(r + 4, e->kind);
		le_put32(r + 8, e->seq);
		le_put32(r + 12, e->nterms);
		for (int f = 0; f < NFIELDS; f++) {
			r[16 + 2 * f] = (unsigned char)e->flen[f];
			r[17 + 2 * f] = (unsigned char)(e->flen[f] >> 8);
			sv->flen_total[f] += e->flen[f];
		}
		for (int k = 0; k < 4; k++) {
			if (!i || nm[k] != last[k])
				num[k] = name_of(sv, nm[k]);
			last[k] = nm[k];
			le_put32(r + 24 + 4 * k, num[k]);
		}
		le_put32(r + 40, (uint32_t)off);
		off += put_string(w, e->title);
		le_put32(r + 44, (uint32_t)off);
		off += put_string(w, e->snippet);
		le_put32(r + 48, e->frag ? (uint32_t)off : NO_FRAG);
		if (e->frag)
			off += put_string(w, e->frag);
		if (off >= UINT32_MAX)
			return -1;
		sv->erec.len += ENTRY_REC;
	}
	return 0;
}

/* The terms' postings: every one (read back from the spill file when it
 * waited there), then those kept when some were cut.  -1 when a spilled
 * list cannot be read. */
static int save_terms(struct state_out *w, const struct search_index *ix,
		      struct saving *sv)
{
	struct buf spilled = BUF_INIT;
	int rc = -1;

	sv->at[R_POST] = w->pos;
	if (ix->spill && fflush(ix->spill) != 0)
		goto cleanup;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		if (t->full) {
			so_put(w, t->full, t->full_n);
		} else {
			buf_clear(&spilled);
			buf_grow(&spilled, t->full_n);
			if (!ix->spill ||
			    pread(fileno(ix->spill), spilled.ptr, t->full_n,
				  (off_t)t->full_off) != (ssize_t)t->full_n)
				goto cleanup;
			so_put(w, spilled.ptr, t->full_n);
		}
		so_put(w, "", 1);
		if (t->line != t->full) {
			so_put(w, t->line, t->line_n);
			so_put(w, "", 1);
		}
	}
	so_put(w, "", 1); /* the region's last NUL, even when empty */
	rc = 0;

cleanup:
	buf_release(&spilled);
	return rc;
}

/* The terms' records, their postings' offsets counted again as
 * save_terms wrote them (the kept postings, when some were cut, right
 * after the full list and its NUL), and their words' as save_records
 * writes them, so that a term is read without the terms before it. */
static void save_term_records(struct state_out *w, const struct search_index *ix)
{
	uint64_t off = 0, woff = 0;
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = ix->sorted[i];
		unsigned char r[TERM_REC];
		int cut = t->line != t->full;
		le_put32(r, t->df);
		le_put32(r + 4, t->kept);
		le_put32(r + 8, t->full_n);
		le_put32(r + 12, cut ? t->line_n : 0);
		le_put64(r + 16, off);
		off += (uint64_t)t->full_n + 1;
		if (cut)
			off += (uint64_t)t->line_n + 1;
		le_put32(r + 24, (uint32_t)woff);
		le_put32(r + 28, t->len);
		woff += (uint64_t)t->len + 1;
		so_put(w, r, TERM_REC);
	}
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Puts the names in byte order ("" stays first), and the entries'
 * records' names' numbers with them. */
static void sort_names(struct saving *sv)
{
	const char **by = xcalloc(sv->nnames + 1, sizeof(*by));
	uint32_t *rank = xcalloc(sv->nnames + 1, sizeof(*rank));
	memcpy(by, sv->name, sv->nnames * sizeof(*by));
	qsort(by, sv->nnames, sizeof(*by), cmp_cstr);
	for (size_t i = 0; i < sv->nnames; i++) {
		const struct map_entry *me =
			map_get(&sv->names, by[i], strlen(by[i]));
		rank[me->num - 1] = (uint32_t)i;
	}
	for (size_t off = 0; off + ENTRY_REC <= sv->erec.len; off += ENTRY_REC) {
		unsigned char *r = (unsigned char *)sv->erec.ptr + off;
		for (int k = 0; k < 4; k++)
			le_put32(r + 24 + 4 * k, rank[le_get32(r + 24 + 4 * k)]);
	}
	memcpy(sv->name, by, sv->nnames * sizeof(*by));
	free(by);
	free(rank);
}

/* The names and the words, then the records (the entries' made with
 * their texts).  -1 when the words pass 4 GiB (the terms' records hold
 * 32-bit offsets of them). */
static int save_records(struct state_out *w, const struct search_index *ix,
			struct saving *sv)
{
	uint64_t words = 1;
	for (size_t i = 0; i < ix->nterms; i++)
		words += (uint64_t)ix->sorted[i]->len + 1;
	if (words >= UINT32_MAX)
		return -1;
	sort_names(sv);
	sv->at[R_NAMES] = w->pos;
	for (size_t i = 0; i < sv->nnames; i++)
		so_put(w, sv->name[i], strlen(sv->name[i]) + 1);
	sv->at[R_WORDS] = w->pos;
	for (size_t i = 0; i < ix->nterms; i++)
		so_put(w, ix->sorted[i]->s, (size_t)ix->sorted[i]->len + 1);
	so_put(w, "", 1);
	sv->at[R_EREC] = w->pos;
	so_put(w, sv->erec.ptr, sv->erec.len);
	sv->at[R_TREC] = w->pos;
	save_term_records(w, ix);
	sv->at[R_FILES] = w->pos;
	return 0;
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

/* The saved index being written: begun once the index is frozen, its
 * body written on any thread, ended once the search files are written
 * (the header and the files' part hold their hashes). */
struct search_saver {
	struct search_index *ix;
	struct state_out w;
	struct state_sum sum;
	struct saving sv;
	char *path;
	uint64_t generation;
	size_t header_n;
};

/* The header's bytes into b (as save_header puts them). */
static void header_bytes(struct buf *b, const struct search_index *ix,
			 uint64_t generation, int room)
{
	struct state_out h = { -1, 0, 0, 0, BUF_INIT, NULL };
	save_header(&h, ix, generation, room);
	buf_clear(b);
	buf_put(b, h.b.ptr, h.b.len);
	buf_release(&h.b);
}

static void saver_failed(struct search_saver *s, int err)
{
	if (!s->w.failed) {
		s->w.failed = 1;
		s->w.err = err;
	}
}

struct search_saver *search_saver_begin(struct search_index *ix,
					const char *path, uint64_t generation)
{
	struct search_saver *s = xcalloc(1, sizeof(*s));
	struct buf head = BUF_INIT;
	s->ix = ix;
	s->path = xstrdup(path);
	s->generation = generation;
	s->w = (struct state_out){ -1, 0, 0, 0, BUF_INIT, &s->sum };
	s->sv.names = (struct map)MAP_INIT;
	buf_init(&s->sv.erec);
	if (ix->lines_only) {
		saver_failed(s, EINVAL);
		return s;
	}
	/* the header's room: it is written last */
	header_bytes(&head, ix, generation, 1);
	s->header_n = head.len;
	s->sum.blk = xmalloc(STATE_BLOCK);
	s->sum.keep = (head.len / STATE_BLOCK + 1) * STATE_BLOCK;
	s->sum.first = xmalloc(s->sum.keep);
	s->w.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->w.fd < 0)
		saver_failed(s, errno);
	else
		so_put(&s->w, head.ptr, head.len);
	buf_release(&head);
	return s;
}

void search_saver_entries(struct search_saver *s)
{
	if (!s->w.failed && save_entries(&s->w, s->ix, &s->sv) < 0)
		saver_failed(s, EFBIG);
}

void search_saver_terms(struct search_saver *s)
{
	if (s->w.failed)
		return;
	if (save_terms(&s->w, s->ix, &s->sv) < 0)
		saver_failed(s, errno ? errno : EIO);
	else if (save_records(&s->w, s->ix, &s->sv) < 0)
		saver_failed(s, EFBIG);
}

int search_saver_end(struct search_saver *s, int written)
{
	struct search_index *ix = s->ix;
	struct buf head = BUF_INIT;
	unsigned char trailer[8 * (NREGIONS + 1)];
	int rc = -1;

	if (s->w.failed)
		goto cleanup;
	if (!written || !ix->written) {
		saver_failed(s, EINVAL);
		goto cleanup;
	}
	save_files(&s->w, ix);
	s->sv.at[NREGIONS] = s->sv.nnames;
	for (int i = 0; i <= NREGIONS; i++)
		le_put64(trailer + 8 * i, s->sv.at[i]);
	so_put(&s->w, trailer, sizeof(trailer));
	so_put(&s->w, state_magic, 8);
	so_flush(&s->w);
	/* the header with the files' hashes and the fields' totals, and the
	 * checksum of everything before the checksum */
	memcpy(ix->flen_total, s->sv.flen_total, sizeof(ix->flen_total));
	ix->flen_known = 1;
	header_bytes(&head, ix, s->generation, 0);
	if (head.len != s->header_n) {
		saver_failed(s, EINVAL);
		goto cleanup;
	}
	if (!s->w.failed &&
	    pwrite(s->w.fd, head.ptr, head.len, 0) != (ssize_t)head.len)
		saver_failed(s, errno ? errno : EIO);
	s->w.sum = NULL;
	so_u64(&s->w, sum_end(&s->sum, head.ptr, head.len));
	so_flush(&s->w);
	if (close(s->w.fd) < 0)
		saver_failed(s, errno);
	s->w.fd = -1;
	rc = s->w.failed ? -1 : 0;

cleanup:
	if (rc < 0) {
		int e = s->w.err ? s->w.err : EIO;
		if (s->w.fd >= 0)
			close(s->w.fd);
		unlink(s->path);
		errno = e;
	}
	buf_release(&head);
	buf_release(&s->w.b);
	map_release(&s->sv.names);
	free(s->sv.name);
	buf_release(&s->sv.erec);
	sum_release(&s->sum);
	free(s->path);
	free(s);
	return rc;
}

int search_save(struct search_index *ix, const char *path, uint64_t generation)
{
	struct buf tmp = BUF_INIT;
	int rc = -1;

	if (!ix->written || ix->lines_only) {
		errno = EINVAL;
		return -1;
	}
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	struct search_saver *s = search_saver_begin(ix, tmp.ptr, generation);
	search_saver_entries(s);
	search_saver_terms(s);
	if (search_saver_end(s, 1) == 0) {
		rc = rename(tmp.ptr, path);
		if (rc < 0) {
			int e = errno;
			unlink(tmp.ptr);
			errno = e;
		}
	}
	buf_release(&tmp);
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
	for (int f = 0; f < NFIELDS; f++)
		ix->flen_total[f] = si_u64(r);
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

/* The regions after the header, as the trailer gives them. */
struct regions {
	const char *at[NREGIONS];
	size_t len[NREGIONS];
	size_t nnames;
};

/* Reads the trailer: -1 when the regions are not in order, one after the
 * other from `from` to the trailer, or a region of strings does not end
 * with a NUL. */
/* Fresh memory of n bytes at p, its pages made at once (one call where
 * touching them would fault once a page). */
static void *prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t b = ((uintptr_t)p + n) & ~(uintptr_t)4095;
	if (b > a)
		madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)n;
#endif
	return p;
}

static int load_regions(const struct search_index *ix, const char *from,
			struct regions *rg)
{
	const unsigned char *t = (const unsigned char *)ix->map + ix->map_len - TRAILER;
	uint64_t at[NREGIONS + 1];
	for (int i = 0; i <= NREGIONS; i++)
		at[i] = le_get64(t + 8 * i);
	rg->nnames = (size_t)at[NREGIONS];
	at[NREGIONS] = (uint64_t)(ix->map_len - TRAILER);
	if (at[0] != (uint64_t)(from - ix->map))
		return -1;
	for (int i = 0; i < NREGIONS; i++) {
		if (at[i + 1] < at[i])
			return -1;
		rg->at[i] = ix->map + at[i];
		rg->len[i] = (size_t)(at[i + 1] - at[i]);
	}
#ifdef MADV_POPULATE_READ
	/* the parts read (one stretch), mapped at once */
	uintptr_t a = (uintptr_t)rg->at[R_NAMES] & ~(uintptr_t)4095;
	madvise((void *)a,
		(size_t)((uintptr_t)(rg->at[R_TREC] + rg->len[R_TREC]) - a),
		MADV_POPULATE_READ);
#endif
	for (int i = R_TEXT; i <= R_WORDS; i++)
		if (rg->len[i] && rg->at[i][rg->len[i] - 1] != '\0')
			return -1;
	return rg->len[R_POST] && rg->len[R_NAMES] && rg->len[R_WORDS] ? 0 : -1;
}

/* The names, read in place (ix->names: name i, in the file but the
 * first, "", which is search_intern's); search_intern finds them there.
 * -1 when there are not as many as the trailer says, or they are not in
 * byte order, "" first. */
static int load_names(struct search_index *ix, const struct regions *rg)
{
	const char *p = rg->at[R_NAMES], *end = p + rg->len[R_NAMES];
	size_t n = 0;

	if (rg->nnames > rg->len[R_NAMES] || !rg->nnames || *p != '\0')
		return -1;
	ix->names = xcalloc(rg->nnames + 1, sizeof(*ix->names));
	while (p < end && n < rg->nnames) {
		size_t len = strlen(p);
		if (n && strcmp(ix->names[n - 1], p) >= 0)
			return -1;
		ix->names[n] = n ? p : search_intern(ix, p, 0);
		n++;
		p += len + 1;
	}
	ix->nnames = n;
	return p == end && n == rg->nnames ? 0 : -1;
}

/* A string of the text region at off (which ends with a NUL), or NULL
 * when off is past it. */
static const char *text_at(const struct regions *rg, uint32_t off)
{
	return off < rg->len[R_TEXT] ? rg->at[R_TEXT] + off : NULL;
}

/* The load of the records, in pieces taken by the threads (the search
 * phase's threads are idle while it loads): each piece fills its own
 * part of the arrays, made at once (prefault); what a piece cannot check
 * alone, the order across its first record, is checked once they are
 * done.  Eight pieces a thread of each kind of record, of at least
 * LOAD_PIECE_MIN records (fewer pieces for a small index). */
#define LOAD_PIECE_MIN 64

struct load_run {
	struct search_index *ix;
	const struct regions *rg;
	size_t N, nk, nt;
	size_t piece; /* records a piece */
	size_t epieces, tpieces;
	_Atomic int bad;
	uint64_t *postings; /* each terms' piece's kept postings */
};

/* Reads the entries' records [from, to).  -1 when one points outside the
 * file, is out of order or out of its kind's range. */
static int load_entries(struct search_index *ix, const struct regions *rg,
			size_t from, size_t to, size_t nk)
{
	const char **names = ix->names;
	const struct entry *prev = NULL;

	prefault(ix->entries + from, (to - from) * sizeof(*ix->entries));
	for (size_t i = from; i < to; i++) {
		const unsigned char *r =
			(const unsigned char *)rg->at[R_EREC] + i * ENTRY_REC;
		struct entry *e = &ix->entries[i];
		uint32_t nm[4], frag = le_get32(r + 48);
		e->id = le_get32(r);
		e->kind = (uint16_t)le_get32(r + 4);
		e->seq = le_get32(r + 8);
		e->nterms = le_get32(r + 12);
		for (int f = 0; f < NFIELDS; f++)
			e->flen[f] = (uint16_t)(r[16 + 2 * f] | r[17 + 2 * f] << 8);
		for (int k = 0; k < 4; k++)
			if ((nm[k] = le_get32(r + 24 + 4 * k)) >= rg->nnames)
				return -1;
		e->base = names[nm[0]];
		e->service = names[nm[1]];
		e->page = names[nm[2]];
		e->owner = names[nm[3]];
		e->title = text_at(rg, le_get32(r + 40));
		e->snippet = text_at(rg, le_get32(r + 44));
		e->frag = frag == NO_FRAG ? NULL : text_at(rg, frag);
		if (!e->title || !e->snippet || (frag != NO_FRAG && !e->frag) ||
		    e->kind >= nk || (prev && prev->id >= e->id) ||
		    e->id < ix->kind_start[e->kind] ||
		    e->id >= ix->kind_start[e->kind + 1])
			return -1;
		ix->order[i] = e;
		prev = e;
	}
	return 0;
}

/* Reads the terms' records [from, to), in byte order: each one's word
 * (where its record says, in the words' region) and its lists' places;
 * the postings stay in the file, unread.  *kept: their kept postings.
 * -1 when one is out of order or points outside the file. */
static int load_terms(struct search_index *ix, const struct regions *rg,
		      size_t from, size_t to, uint64_t *kept)
{
	const char *words = rg->at[R_WORDS], *post = rg->at[R_POST];
	uint64_t wlen = rg->len[R_WORDS], plen = rg->len[R_POST];

	prefault(ix->terms + from, (to - from) * sizeof(*ix->terms));
	*kept = 0;
	for (size_t i = from; i < to; i++) {
		const unsigned char *r =
			(const unsigned char *)rg->at[R_TREC] + i * TERM_REC;
		struct term *t = &ix->terms[i];
		uint64_t full_off = le_get64(r + 16), line_off;
		uint32_t woff = le_get32(r + 24), len = le_get32(r + 28);
		t->df = le_get32(r);
		t->kept = le_get32(r + 4);
		t->full_n = le_get32(r + 8);
		t->line_n = le_get32(r + 12);
		/* the word and each list have their NUL after them, inside
		 * their regions */
		if (!len || woff >= wlen || wlen - woff <= len || words[woff + len] ||
		    !t->full_n || full_off >= plen || plen - full_off <= t->full_n)
			return -1;
		t->s = words + woff;
		t->len = len;
		if (i > from && strcmp(ix->sorted[i - 1]->s, t->s) >= 0)
			return -1;
		t->full = post + full_off;
		if (!t->line_n) { /* not cut: the kept postings are all of them */
			t->line = t->full;
			t->line_n = t->full_n;
		} else {
			line_off = full_off + t->full_n + 1;
			if (line_off >= plen || plen - line_off <= t->line_n)
				return -1;
			t->line = post + line_off;
		}
		*kept += t->kept;
	}
	return 0;
}

static void load_piece(size_t i, int worker, void *userdata)
{
	struct load_run *run = userdata;
	size_t P = run->piece, from = i * P;
	int rc;
	(void)worker;
	if (atomic_load(&run->bad))
		return;
	if (i < run->epieces) {
		size_t to = from + P < run->N ? from + P : run->N;
		rc = load_entries(run->ix, run->rg, from, to, run->nk);
	} else {
		i -= run->epieces;
		from = i * P;
		size_t to = from + P < run->nt ? from + P : run->nt;
		rc = load_terms(run->ix, run->rg, from, to, &run->postings[i]);
	}
	if (rc < 0)
		atomic_store(&run->bad, 1);
}

/* Reads the entries' records, by id (N of them, of nk kinds), and the
 * terms' (nt of them), on `jobs` threads.  -1 when one is damaged or out
 * of order. */
static int load_records(struct search_index *ix, const struct regions *rg,
			size_t N, size_t nk, size_t nt, int jobs)
{
	struct load_run run = { .ix = ix, .rg = rg, .N = N, .nk = nk, .nt = nt };

	if (rg->len[R_EREC] != N * ENTRY_REC || rg->len[R_TREC] != nt * TERM_REC)
		return -1;
	ix->nentries = ix->entries_cap = N;
	ix->entries = xcalloc(N + 1, sizeof(*ix->entries));
	ix->order = xcalloc(N + 1, sizeof(*ix->order));
	ix->nterms = ix->terms_cap = nt;
	ix->terms = xcalloc(nt + 1, sizeof(*ix->terms));
	ix->sorted = xmalloc((nt + 1) * sizeof(*ix->sorted));
	for (size_t i = 0; i < nt; i++)
		ix->sorted[i] = &ix->terms[i];
	size_t most = N > nt ? N : nt, per = 8 * (size_t)jobs;
	run.piece = (most + per - 1) / per;
	if (run.piece < LOAD_PIECE_MIN)
		run.piece = LOAD_PIECE_MIN;
	run.epieces = (N + run.piece - 1) / run.piece;
	run.tpieces = (nt + run.piece - 1) / run.piece;
	run.postings = xcalloc(run.tpieces + 1, sizeof(*run.postings));
	atomic_init(&run.bad, 0);
	pool_run(jobs, run.epieces + run.tpieces, load_piece, &run);
	int bad = atomic_load(&run.bad);
	/* the order across the pieces' first records */
	for (size_t i = run.piece; !bad && i < N; i += run.piece)
		bad = ix->order[i - 1]->id >= ix->order[i]->id;
	for (size_t i = run.piece; !bad && i < nt; i += run.piece)
		bad = strcmp(ix->sorted[i - 1]->s, ix->sorted[i]->s) >= 0;
	for (size_t p = 0; p < run.tpieces; p++)
		ix->postings += run.postings[p];
	free(run.postings);
	return bad ? -1 : 0;
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

static struct search_index *load(const char *path, uint64_t generation,
				 int trusted, int jobs)
{
	struct search_index *ix = search_index_new();
	struct state_counts c;
	struct state_in r;
	struct regions rg;

	if (load_map(ix, path, trusted) < 0 || ix->map_len < 8 + TRAILER)
		goto bad;
	r = (struct state_in){ ix->map + 8, ix->map + ix->map_len - TRAILER, 0 };
	if (load_header(&r, ix, generation, &c) < 0 || r.bad ||
	    load_regions(ix, r.p, &rg) < 0 || load_names(ix, &rg) < 0 ||
	    load_records(ix, &rg, (size_t)c.entries, (size_t)c.kinds,
			 (size_t)c.terms, jobs < 1 ? 1 : jobs) < 0)
		goto bad;
	/* the fields' totals are those the averages were taken of */
	for (int f = 0; f < NFIELDS; f++)
		if (search_avg_on_grid(ix->flen_total[f], ix->nentries) != ix->avg[f])
			goto bad;
	ix->flen_known = 1;
	r = (struct state_in){ rg.at[R_FILES], rg.at[R_FILES] + rg.len[R_FILES], 0 };
	if (load_files(&r, ix, &c) < 0 || r.bad || r.p != r.end ||
	    memcmp(ix->map + ix->map_len - 16, state_magic, 8) != 0)
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
	return load(path, generation, 0, 1);
}

struct search_index *search_load_trusted(const char *path, uint64_t generation)
{
	return load(path, generation, 1, 1);
}

struct search_index *search_load_on(const char *path, uint64_t generation,
				    int trusted, int jobs)
{
	return load(path, generation, trusted, jobs);
}

uint64_t search_manifest_hash(const struct search_index *ix)
{
	return ix->written ? ix->manifest_hash : 0;
}
