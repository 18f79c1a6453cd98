/* cache: what makes rebuilds cheap — a compact binary encoding for
 * records kept between builds, and whole-file load/save (saved
 * atomically: a temporary file renamed into place).
 *
 * Records are only ever read back by the same cairn build that wrote them
 * (each file starts with a magic string and CAIRN_VERSION); anything that
 * does not decode cleanly is ignored and rebuilt, never trusted. */
#ifndef CAIRN_CACHE_H
#define CAIRN_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "val.h"

/* ---- writing: appends to a buf */
void cache_put_u32(struct buf *b, uint32_t v);
void cache_put_u64(struct buf *b, uint64_t v);
/* A string, or NULL (kept distinct from ""). */
void cache_put_str(struct buf *b, const char *s, size_t n);
void cache_put_cstr(struct buf *b, const char *s);
void cache_put_bytes(struct buf *b, const void *p, size_t n);
/* A val tree, with lines. */
void cache_put_val(struct buf *b, const struct val *v);
/* The diagnostics in d (repo, path, line, class, severity, message). */
void cache_put_diags(struct buf *b, const struct diag_list *d);

/* ---- reading: a cursor over a loaded file; after any error `bad` is set
 * and every read returns zero/NULL. */
struct cache_reader {
	const char *p, *end;
	int bad;
};

uint32_t cache_get_u32(struct cache_reader *r);
uint64_t cache_get_u64(struct cache_reader *r);
/* A number of items that follow (put with cache_put_u64), each at least
 * a byte long: one larger than what is left is damage (bad set, 0), so a
 * damaged file never makes its reader allocate more than it holds. */
size_t cache_get_count(struct cache_reader *r);
/* Returns an arena copy (NUL-terminated), or NULL for a stored NULL. */
const char *cache_get_str(struct cache_reader *r, struct arena *a, size_t *len);
/* The stored string where the reader's data holds it (not NUL-terminated:
 * *len bytes, valid while the data is), or NULL for a stored NULL. */
const char *cache_get_span(struct cache_reader *r, size_t *len);
void cache_get_bytes(struct cache_reader *r, void *out, size_t n);
struct val *cache_get_val(struct cache_reader *r, struct arena *a);
/* Appends the stored diagnostics to d. */
void cache_get_diags(struct cache_reader *r, struct diag_list *d);

/* ---- files */
/* Starts a record: magic (8 bytes) then CAIRN_VERSION. */
void cache_begin(struct buf *b, const char magic[8]);
/* Checks the header; returns 0 and positions r after it, -1 otherwise. */
int cache_open(struct cache_reader *r, const struct buf *data, const char magic[8]);
/* Reads a whole file written by cache_save and checks its checksum (the
 * last 8 bytes, not kept in out): 0, -1 when it cannot be read (errno
 * says why; ENOENT: there is none), -2 when it is damaged (too short, or
 * its bytes are not those written). */
int cache_load(struct buf *out, const char *path);
/* Appends the whole file at path to out, as it is (no checksum checked):
 * 0, or -1 when it cannot be read (errno says why). */
int cache_load_raw(struct buf *out, const char *path);
/* A file written by cache_save, mapped rather than copied (read-only; the
 * pages the kernel holds, no copy): what cache_load checks, the same
 * returns.  m->ptr, m->len are its bytes without the checksum (not
 * NUL-terminated); cache_unmap releases them (and does nothing to a map
 * that failed).  For one large file read once, as the site's manifest. */
struct cache_map {
	const char *ptr;
	size_t len;
	size_t size; /* mapped: len and the checksum; 0 when nothing is */
};
int cache_map(struct cache_map *m, const char *path);
void cache_unmap(struct cache_map *m);
/* cache_open over len bytes at p (a mapped file). */
int cache_open_bytes(struct cache_reader *r, const char *p, size_t len,
		     const char magic[8]);
/* cache_load then cache_open: 0 with r positioned after the header, or
 * -1; a file that is damaged is reported to d (when not NULL) as a
 * warning naming it; one written whole by another build of cairn (what an
 * upgrade leaves) is not used, and not reported. */
int cache_read(struct cache_reader *r, struct buf *data, const char *path,
	       const char magic[8], struct diag_list *d);
/* The warning cache_read gives for a damaged file at path, to d. */
void cache_report_damaged(struct diag_list *d, const char *path);
/* Writes a whole file atomically, creating its folder, followed by a
 * checksum of its bytes; -1 on failure, with errno set. */
int cache_save(const char *path, const char *data, size_t len);
/* Writes data then tail (may be empty) to path atomically, creating its
 * folder; -1 on failure, with errno set. */
int cache_write_file(const char *path, const char *data, size_t len,
		     const char *tail, size_t tail_len);
/* A stretch of another file: len bytes at off. */
struct cache_span {
	uint64_t off;
	size_t len;
};
/* cache_write_file with, between data and tail, the spans of the file
 * open at from, in order (copied by the kernel where the file systems
 * allow: a span's bytes do not pass through this process). */
int cache_write_file_spans(const char *path, const char *data, size_t len,
			   int from, const struct cache_span *spans,
			   size_t nspans, const char *tail, size_t tail_len);

/* A cache file written piece by piece: unnamed (O_TMPFILE) or under a
 * name of its own beside its path (path.tmp-XXXXXX) until cache_file_put
 * gives it its path, so that a build killed before leaves nothing (or only
 * that name, where the file system has no unnamed files).  Its descriptor
 * (read and write) stays open after both: its owner closes it. */
struct cache_file {
	int fd;
	char *tmp; /* the name of its own, or NULL (unnamed, or dropped) */
	int put;   /* cache_file_put gave it its path */
};
/* Makes the file in path's folder (the folder too when it is missing).
 * 0, or -1 (errno says why; f->fd is -1). */
int cache_file_begin(struct cache_file *f, const char *path);
/* Gives f its path (an earlier file there is replaced at once).  0, or -1
 * (errno says why; the name of its own is removed).  Once. */
int cache_file_put(struct cache_file *f, const char *path);
/* Removes the name of its own, when it has one and was not put in place
 * (the file stays readable through f->fd). */
void cache_file_drop(struct cache_file *f);

/* Writes (reads) all n bytes at offset off of fd, through short transfers
 * and EINTR.  Returns 0, or -1 when the file ends (reads) or fails. */
int cache_pwrite_all(int fd, const void *p, size_t n, uint64_t off);
int cache_pread_all(int fd, void *p, size_t n, uint64_t off);

#endif
