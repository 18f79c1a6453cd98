#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "xalloc.h"

#define VAL_MAX_DEPTH 256

/* ------------------------------------------------------------ writing */

void cache_put_bytes(struct buf *b, const void *p, size_t n)
{
	buf_put(b, p, n);
}

void cache_put_u32(struct buf *b, uint32_t v)
{
	buf_put(b, (const char *)&v, sizeof(v));
}

void cache_put_u64(struct buf *b, uint64_t v)
{
	buf_put(b, (const char *)&v, sizeof(v));
}

void cache_put_str(struct buf *b, const char *s, size_t n)
{
	if (!s) {
		cache_put_u64(b, UINT64_MAX);
		return;
	}
	cache_put_u64(b, n);
	buf_put(b, s, n);
}

void cache_put_cstr(struct buf *b, const char *s)
{
	cache_put_str(b, s, s ? strlen(s) : 0);
}

void cache_put_val(struct buf *b, const struct val *v)
{
	if (!v) {
		buf_putc(b, 'x');
		return;
	}
	buf_putc(b, "nbdslm"[v->type]);
	cache_put_u32(b, (uint32_t)v->line);
	switch (v->type) {
	case VAL_NULL: break;
	case VAL_BOOL: buf_putc(b, (char)v->u.b); break;
	case VAL_NUM:
		buf_put(b, (const char *)&v->u.num, sizeof(double));
		break;
	case VAL_STR: cache_put_str(b, v->u.str.ptr, v->u.str.len); break;
	case VAL_LIST:
		cache_put_u64(b, v->u.list.len);
		for (size_t i = 0; i < v->u.list.len; i++)
			cache_put_val(b, v->u.list.items[i]);
		break;
	case VAL_MAP:
		cache_put_u64(b, v->u.map.len);
		for (size_t i = 0; i < v->u.map.len; i++) {
			cache_put_str(b, v->u.map.pairs[i].key,
				      v->u.map.pairs[i].key_len);
			cache_put_val(b, v->u.map.pairs[i].val);
		}
		break;
	}
}

void cache_put_diags(struct buf *b, const struct diag_list *d)
{
	cache_put_u64(b, d->len);
	for (size_t i = 0; i < d->len; i++) {
		const struct diag *dg = &d->items[i];
		cache_put_u32(b, (uint32_t)dg->severity);
		cache_put_u32(b, (uint32_t)dg->cls);
		cache_put_cstr(b, dg->repo);
		cache_put_cstr(b, dg->path);
		cache_put_u32(b, (uint32_t)dg->line);
		cache_put_cstr(b, dg->msg);
	}
}

/* ------------------------------------------------------------ reading */

static const char *take(struct cache_reader *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	const char *p = r->p;
	r->p += n;
	return p;
}

void cache_get_bytes(struct cache_reader *r, void *out, size_t n)
{
	const char *p = take(r, n);
	if (p)
		memcpy(out, p, n);
	else
		memset(out, 0, n);
}

uint32_t cache_get_u32(struct cache_reader *r)
{
	uint32_t v = 0;
	cache_get_bytes(r, &v, sizeof(v));
	return v;
}

uint64_t cache_get_u64(struct cache_reader *r)
{
	uint64_t v = 0;
	cache_get_bytes(r, &v, sizeof(v));
	return v;
}

size_t cache_get_count(struct cache_reader *r)
{
	uint64_t n = cache_get_u64(r);
	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

const char *cache_get_span(struct cache_reader *r, size_t *len)
{
	uint64_t n = cache_get_u64(r);
	*len = 0;
	if (r->bad || n == UINT64_MAX)
		return NULL;
	const char *p = take(r, (size_t)n);
	if (p)
		*len = (size_t)n;
	return p;
}

const char *cache_get_str(struct cache_reader *r, struct arena *a, size_t *len)
{
	size_t n;
	const char *p = cache_get_span(r, &n);
	if (len)
		*len = n;
	return p ? arena_strndup(a, p, n) : NULL;
}

/* Sets key (klen bytes, kept as it is) to item in map, whose room is
 * reserved: a key already there is replaced, as val_set does. */
static void put_pair(struct val *map, const char *key, size_t klen, struct val *item)
{
	for (size_t i = 0; i < map->u.map.len; i++) {
		struct val_pair *p = &map->u.map.pairs[i];
		if (p->key_len == klen && memcmp(p->key, key, klen) == 0) {
			p->val = item;
			return;
		}
	}
	map->u.map.pairs[map->u.map.len++] = (struct val_pair){ key, klen, item };
}

static struct val *get_val(struct cache_reader *r, struct arena *a, int depth)
{
	const char *t = take(r, 1);
	if (!t || *t == 'x')
		return NULL;
	if (depth > VAL_MAX_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	int line = (int)cache_get_u32(r);
	struct val *v = NULL;
	size_t n;
	switch (*t) {
	case 'n': v = val_null(a); break;
	case 'b': {
		const char *c = take(r, 1);
		v = val_bool(a, c ? *c : 0);
		break;
	}
	case 'd': {
		double d = 0;
		cache_get_bytes(r, &d, sizeof(d));
		v = val_num(a, d);
		break;
	}
	case 's': {
		const char *s = cache_get_str(r, a, &n);
		v = val_str_ref(a, s ? s : "", s ? n : 0);
		break;
	}
	case 'l': {
		/* room for all items at once (no growing), as val_push would */
		size_t len = cache_get_count(r);
		v = val_list(a);
		if (len) {
			v->u.list.items =
				arena_alloc(a, len * sizeof(*v->u.list.items));
			v->u.list.cap = len;
		}
		for (size_t i = 0; i < len && !r->bad; i++)
			v->u.list.items[v->u.list.len++] = get_val(r, a, depth + 1);
		break;
	}
	case 'm': {
		/* as val_set, with the key copied once and no growing */
		size_t len = cache_get_count(r);
		v = val_map(a);
		if (len) {
			v->u.map.pairs = arena_alloc(a, len * sizeof(*v->u.map.pairs));
			v->u.map.cap = len;
		}
		for (size_t i = 0; i < len && !r->bad; i++) {
			const char *k = cache_get_str(r, a, NULL);
			struct val *item = get_val(r, a, depth + 1);
			if (k && item) /* up to a NUL, as val_set */
				put_pair(v, k, strlen(k), item);
		}
		break;
	}
	default: r->bad = 1; return NULL;
	}
	if (r->bad)
		return NULL;
	v->line = line;
	return v;
}

struct val *cache_get_val(struct cache_reader *r, struct arena *a)
{
	return get_val(r, a, 0);
}

/* The string at r into b (NUL-terminated), or NULL when it was NULL. */
static const char *get_str_buf(struct cache_reader *r, struct buf *b)
{
	size_t n;
	const char *p = cache_get_span(r, &n);
	buf_clear(b);
	if (!p)
		return NULL;
	buf_put(b, p, n);
	return b->ptr;
}

void cache_get_diags(struct cache_reader *r, struct diag_list *d)
{
	/* three small buffers, not an arena's 64 KB block a file */
	struct buf repo_b = BUF_INIT, path_b = BUF_INIT, msg_b = BUF_INIT;
	uint64_t n = cache_get_u64(r);
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		uint32_t sev = cache_get_u32(r), cls = cache_get_u32(r);
		const char *repo = get_str_buf(r, &repo_b);
		const char *path = get_str_buf(r, &path_b);
		int line = (int)cache_get_u32(r);
		const char *msg = get_str_buf(r, &msg_b);
		if (!r->bad && sev <= DIAG_WARNING && cls <= DIAG_FATAL)
			diag_add(d, (enum diag_severity)sev, (enum diag_class)cls,
				 repo, path, line, "%s", msg ? msg : "");
	}
	buf_release(&repo_b);
	buf_release(&path_b);
	buf_release(&msg_b);
}

/* ------------------------------------------------------------ files */

void cache_begin(struct buf *b, const char magic[8])
{
	buf_put(b, magic, 8);
	cache_put_cstr(b, CAIRN_VERSION "+" CAIRN_BUILD_ID);
	cache_put_u32(b, (uint32_t)sizeof(void *));
}

int cache_open(struct cache_reader *r, const struct buf *data, const char magic[8])
{
	return cache_open_bytes(r, data->ptr, data->len, magic);
}

int cache_open_bytes(struct cache_reader *r, const char *p, size_t len,
		     const char magic[8])
{
	static const char build[] = CAIRN_VERSION "+" CAIRN_BUILD_ID;
	r->p = p;
	r->end = p + len;
	r->bad = 0;
	const char *m = take(r, 8);
	if (!m || memcmp(m, magic, 8) != 0)
		return -1;
	/* compared where it lies: an arena here cost every cache file read
	 * a 64 KB block, fresh memory on the crawl's threads */
	size_t n;
	const char *v = cache_get_span(r, &n);
	int ok = v && n == sizeof(build) - 1 && memcmp(v, build, n) == 0 &&
		 cache_get_u32(r) == (uint32_t)sizeof(void *) && !r->bad;
	return ok ? 0 : -1;
}

/* Every cache file ends with a hash of what comes before it. */
#define TRAILER_SEED 0x63616972u

/* The checksum in the 8 bytes at t, as cache_save wrote it. */
static uint64_t trailer_of(const char *t)
{
	uint64_t want = 0;
	for (int i = 0; i < 8; i++)
		want |= (uint64_t)(unsigned char)t[i] << (8 * i);
	return want;
}

/* path opened for reading when it is a regular file (st its stat), or
 * -1. */
static int open_file(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, st) < 0 || !S_ISREG(st->st_mode))) {
		close(fd);
		return -1;
	}
	return fd;
}

int cache_load_raw(struct buf *out, const char *path)
{
	struct stat st;
	int fd = open_file(path, &st);
	if (fd < 0)
		return -1;
	/* read straight into out, a byte more asked than the file holds:
	 * a read that returns less, once the file's size is in, is its end
	 * (one call, where a loop to a read of 0 made two, and a copy) */
	size_t start = out->len, want = (size_t)st.st_size + 1;
	ssize_t n;
	for (;;) {
		buf_grow(out, want);
		n = read(fd, out->ptr + out->len, want);
		if (n <= 0)
			break;
		out->len += (size_t)n;
		if ((size_t)n < want && out->len - start >= (size_t)st.st_size)
			break;
		want = 65536;
	}
	out->ptr[out->len] = '\0';
	close(fd);
	return n < 0 ? -1 : 0;
}

int cache_load(struct buf *out, const char *path)
{
	size_t start = out->len;
	if (cache_load_raw(out, path) < 0)
		return -1;
	size_t len = out->len - start;
	if (len < 8)
		return -2;
	if (hash_of(out->ptr + start, len - 8, TRAILER_SEED) !=
	    trailer_of(out->ptr + out->len - 8))
		return -2;
	out->len -= 8;
	out->ptr[out->len] = '\0';
	return 0;
}

void cache_report_damaged(struct diag_list *d, const char *path)
{
	diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, path, 0,
		 "cache file is damaged (its checksum does not match its bytes): not used, made again");
}

int cache_map(struct cache_map *m, const char *path)
{
	memset(m, 0, sizeof(*m));
	struct stat st;
	int fd = open_file(path, &st);
	if (fd < 0)
		return -1;
	if (st.st_size < 8) {
		close(fd);
		return -2;
	}
	size_t size = (size_t)st.st_size;
	/* populated at once: one call rather than a fault a few pages */
	void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	m->ptr = p;
	m->size = size;
	m->len = size - 8;
	if (hash_of(m->ptr, m->len, TRAILER_SEED) != trailer_of(m->ptr + m->len)) {
		cache_unmap(m);
		return -2;
	}
	return 0;
}

void cache_unmap(struct cache_map *m)
{
	if (m->size)
		munmap((void *)m->ptr, m->size);
	memset(m, 0, sizeof(*m));
}

int cache_read(struct cache_reader *r, struct buf *data, const char *path,
	       const char magic[8], struct diag_list *d)
{
	buf_clear(data);
	int rc = cache_load(data, path);
	if (rc == -2 && d)
		cache_report_damaged(d, path);
	/* a whole file of another format or build of cairn is what every
	 * upgrade leaves: it is made again without a word */
	if (rc == 0 && cache_open(r, data, magic) < 0)
		rc = -1;
	return rc == 0 ? 0 : -1;
}

static int mkdir_parents(char *path)
{
	char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	*slash = '\0';
	int rc = 0;
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		if (errno == ENOENT && mkdir_parents(path) == 0)
			rc = mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
		else
			rc = -1;
	}
	*slash = '/';
	return rc;
}

int cache_save(const char *path, const char *data, size_t len)
{
	char trailer[8];
	uint64_t h = hash_of(data, len, TRAILER_SEED);
	for (int i = 0; i < 8; i++)
		trailer[i] = (char)(h >> (8 * i));
	return cache_write_file(path, data, len, trailer, 8);
}

/* Writes data and then tail at the start of fd: both in one call when it
 * writes them whole.  0, or -1 (errno says why). */
static int write_with_tail(int fd, const char *data, size_t len,
			   const char *tail, size_t tail_len)
{
	struct iovec iov[2] = { { (void *)data, len }, { (void *)tail, tail_len } };
	ssize_t w = pwritev(fd, iov, tail_len ? 2 : 1, 0);
	size_t done = w > 0 ? (size_t)w : 0; /* the rest, by the loops below */
	if (done < len && cache_pwrite_all(fd, data + done, len - done, done) < 0)
		return -1;
	size_t tdone = done > len ? done - len : 0;
	if (tdone < tail_len &&
	    cache_pwrite_all(fd, tail + tdone, tail_len - tdone, len + tdone) < 0)
		return -1;
	return 0;
}

/* Copies n bytes at off of from to at of to: by the kernel
 * (copy_file_range, no copy through this process) where it can, else
 * read and written.  0, or -1 (errno says why). */
static int copy_span(int from, uint64_t off, int to, uint64_t at, size_t n)
{
	int kernel = 1;
	char chunk[65536];
	while (n) {
		if (kernel) {
			off_t o = (off_t)off, t = (off_t)at;
			ssize_t k = copy_file_range(from, &o, to, &t, n, 0);
			if (k < 0 && errno == EINTR)
				continue;
			if (k > 0) {
				off += (uint64_t)k, at += (uint64_t)k;
				n -= (size_t)k;
				continue;
			}
			/* none copied (a file system that copies nothing, or
			 * the end: pread tells which) or not between these
			 * files: by hand */
			if (k < 0 && errno != EXDEV && errno != ENOSYS &&
			    errno != EINVAL && errno != EOPNOTSUPP && errno != EBADF)
				return -1;
			kernel = 0;
		}
		size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
		if (cache_pread_all(from, chunk, k, off) < 0 ||
		    cache_pwrite_all(to, chunk, k, at) < 0)
			return -1;
		off += k, at += k;
		n -= k;
	}
	return 0;
}

/* Writes data, the spans of from, then tail at the start of fd.  0, or -1
 * (errno says why). */
static int write_spans(int fd, const char *data, size_t len, int from,
		       const struct cache_span *spans, size_t nspans,
		       const char *tail, size_t tail_len)
{
	if (!nspans)
		return write_with_tail(fd, data, len, tail, tail_len);
	uint64_t at = len;
	if (cache_pwrite_all(fd, data, len, 0) < 0)
		return -1;
	for (size_t i = 0; i < nspans; i++) {
		if (copy_span(from, spans[i].off, fd, at, spans[i].len) < 0)
			return -1;
		at += spans[i].len;
	}
	return cache_pwrite_all(fd, tail, tail_len, at);
}

int cache_write_file(const char *path, const char *data, size_t len,
		     const char *tail, size_t tail_len)
{
	return cache_write_file_spans(path, data, len, -1, NULL, 0, tail, tail_len);
}

int cache_write_file_spans(const char *path, const char *data, size_t len,
			   int from, const struct cache_span *spans,
			   size_t nspans, const char *tail, size_t tail_len)
{
	struct buf tmp = BUF_INIT;
	int fd = -1, rc = -1;
	char *p = xstrdup(path);
	/* a name of its own: two render workers may save the same record at
	 * once (an API's shape, read by its page and by catalog.json) */
	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkostemp(tmp.ptr, O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		/* the folder is made when a file first goes in it */
		if (mkdir_parents(p) < 0) {
			buf_clear(&tmp);
			goto cleanup;
		}
		memcpy(tmp.ptr + tmp.len - 6, "XXXXXX", 6);
		fd = mkostemp(tmp.ptr, O_CLOEXEC);
	}
	if (fd < 0) {
		buf_clear(&tmp);
		goto cleanup;
	}
	if (fchmod(fd, 0644) < 0)
		goto cleanup;
	errno = 0;
	if (write_spans(fd, data, len, from, spans, nspans, tail, tail_len) < 0) {
		if (!errno)
			errno = ENOSPC;
		goto cleanup;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.ptr, path) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (rc < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (tmp.len)
			unlink(tmp.ptr);
		errno = e;
	}
	buf_release(&tmp);
	free(p);
	return rc;
}

/* A file of its own in path's folder: unnamed (O_TMPFILE) where the file
 * system allows, so that a build killed before cache_file_put leaves
 * nothing, else named path.tmp-XXXXXX (f->tmp).  -1 when neither. */
static int file_begin(struct cache_file *f, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct buf dir = BUF_INIT;
	if (slash)
		buf_put(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_puts(&dir, ".");
	f->fd = open(dir.ptr, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	buf_release(&dir);
	if (f->fd >= 0)
		return 0;
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	f->fd = mkostemp(tmp.ptr, O_CLOEXEC);
	if (f->fd < 0) {
		buf_release(&tmp);
		return -1;
	}
	f->tmp = buf_detach(&tmp, NULL);
	return 0;
}

int cache_file_begin(struct cache_file *f, const char *path)
{
	f->tmp = NULL;
	f->put = 0;
	if (file_begin(f, path) < 0 && errno == ENOENT) {
		/* the folder is made when a file first goes in it */
		char *p = xstrdup(path);
		int made = mkdir_parents(p) == 0;
		free(p);
		if (made)
			file_begin(f, path);
	}
	if (f->fd >= 0 && fchmod(f->fd, 0644) < 0) {
		int e = errno;
		close(f->fd);
		f->fd = -1;
		cache_file_drop(f);
		errno = e;
	}
	return f->fd < 0 ? -1 : 0;
}

/* Gives the unnamed file f a name beside path (linked through /proc),
 * then path; else copies it to path.  0, or -1. */
static int put_unnamed(struct cache_file *f, const char *path)
{
	struct buf proc = BUF_INIT, tmp = BUF_INIT;
	int rc = -1;
	buf_printf(&proc, "/proc/self/fd/%d", f->fd);
	buf_printf(&tmp, "%s.tmp-%ld-%d", path, (long)getpid(), f->fd);
	unlink(tmp.ptr); /* a name left by a killed process of that id */
	if (linkat(AT_FDCWD, proc.ptr, AT_FDCWD, tmp.ptr, AT_SYMLINK_FOLLOW) == 0) {
		rc = rename(tmp.ptr, path);
		if (rc < 0) {
			int e = errno;
			unlink(tmp.ptr);
			errno = e;
		}
	} else {
		/* no /proc: its bytes copied, by the kernel where it can */
		struct stat st;
		if (fstat(f->fd, &st) == 0) {
			struct cache_span all = { 0, (size_t)st.st_size };
			rc = cache_write_file_spans(path, "", 0, f->fd, &all, 1, "", 0);
		}
	}
	buf_release(&proc);
	buf_release(&tmp);
	return rc;
}

int cache_file_put(struct cache_file *f, const char *path)
{
	int rc;
	if (f->put || f->fd < 0) {
		errno = EINVAL;
		return -1;
	}
	if (f->tmp) {
		rc = rename(f->tmp, path);
		int e = errno;
		if (rc == 0) {
			free(f->tmp);
			f->tmp = NULL;
		} else {
			cache_file_drop(f);
		}
		errno = e;
	} else {
		rc = put_unnamed(f, path);
	}
	f->put = rc == 0;
	return rc;
}

void cache_file_drop(struct cache_file *f)
{
	if (f->tmp && !f->put)
		unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
}

/* pread or pwrite of all n bytes at off: 0, or -1 (errno says why; a short
 * read at the end of the file is an error too) */
static int pio_all(int fd, char *c, size_t n, uint64_t off, int writing)
{
	while (n) {
		ssize_t k = fd < 0    ? -1
			    : writing ? pwrite(fd, c, n, (off_t)off)
				      : pread(fd, c, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
		off += (uint64_t)k;
	}
	return 0;
}

int cache_pwrite_all(int fd, const void *p, size_t n, uint64_t off)
{
	return pio_all(fd, (char *)p, n, off, 1);
}

int cache_pread_all(int fd, void *p, size_t n, uint64_t off)
{
	return pio_all(fd, p, n, off, 0);
}
