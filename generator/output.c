#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "output_manifest.h"
#include "pool.h"
#include "xalloc.h"

static char *parent_of(const char *p, const char **base)
{
	char *dir = xstrdup(p);
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	char *slash = strrchr(dir, '/');
	if (!slash) {
		*base = p;
		free(dir);
		return xstrdup(".");
	}
	*base = p + (slash - dir) + 1;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

/* Creates path and its missing parents; tries the leaf first, since its
 * parents usually exist. */
static int mkdir_p(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	char *p = xstrdup(path);
	char *slash = strrchr(p, '/');
	int rc = -1;
	if (slash && slash != p) {
		*slash = '\0';
		if (mkdir_p(p) == 0)
			rc = mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
	}
	free(p);
	return rc;
}

/* Creates the folders above the file path (which holds a '/'). */
static int mkdir_parent(char *path)
{
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int rc = mkdir_p(path);
	*slash = '/';
	return rc;
}

/* Makes the folder of rel (its first n bytes) in tmp_dir and those above
 * it that this build has not made, when tmp_dir was started empty
 * (o->dirs_known): each with one mkdir, none tried before it exists.  A
 * folder two threads make at once is made by one, found by the other. */
static int made_dir(struct output *o, const char *rel, size_t n)
{
	pthread_mutex_lock(&o->dirs_lock);
	int known = n == 0 || map_get(&o->dirs, rel, n) != NULL;
	pthread_mutex_unlock(&o->dirs_lock);
	if (known)
		return 0;
	const char *slash = memrchr(rel, '/', n);
	if (made_dir(o, rel, slash ? (size_t)(slash - rel) : 0) < 0)
		return -1;
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%.*s", o->tmp_dir, (int)n, rel);
	int rc = mkdir(path.ptr, 0755) == 0 || errno == EEXIST ? 0 : -1;
	buf_release(&path);
	if (rc == 0) {
		pthread_mutex_lock(&o->dirs_lock);
		map_put(&o->dirs, rel, n, NULL);
		pthread_mutex_unlock(&o->dirs_lock);
	}
	return rc;
}

/* A folder is ours to replace when it is empty or carries the marker. */
static int replaceable(const char *dir)
{
	struct buf m = BUF_INIT;
	buf_printf(&m, "%s/%s", dir, OUTPUT_MARKER);
	int ok = access(m.ptr, F_OK) == 0;
	buf_release(&m);
	if (ok)
		return 1;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	close(fd);
	/* empty? */
	int empty = rmdir(dir) == 0;
	if (empty)
		mkdir(dir, 0755);
	return empty;
}

static int write_file(struct output *o, const char *rel, const char *data,
		      size_t len, struct buf *err);

/* ------------------------------------------------------------ manifest */

/* The twin's entry of rel, or NULL. */
static const struct output_entry *prev_find(const struct output *o, const char *rel)
{
	if (o->prev_at) {
		const struct output_entry *e = output_manifest_find(&o->old, rel);
		if (e && o->prev_at[e - o->old.items])
			return &o->prev.items[o->prev_at[e - o->old.items] - 1];
	}
	return output_manifest_find(&o->prev, rel);
}

static void prev_release(struct output *o)
{
	output_manifest_release(&o->prev);
	free(o->prev_at);
	o->prev_at = NULL;
}

/* cur's entries in path order, as output_manifest_sorted gives them, when the
 * live manifest is sorted: those it holds too are placed by their index
 * there (their order), the others sorted among themselves and merged in;
 * o->kept made on the way.  A rebuild's entries are nearly all the live
 * site's: no sort of them all. */
static const struct output_entry **cur_sorted(struct output *o)
{
	const struct output_manifest *m = &o->cur, *old = &o->old;
	const struct output_entry **at = xcalloc(old->len + 1, sizeof(*at));
	const struct output_entry **rest = xmalloc((m->len + 1) * sizeof(*rest));
	const struct output_entry **sorted = xmalloc((m->len + 1) * sizeof(*sorted));
	size_t nrest = 0, n = 0;
	for (size_t i = 0; i < m->len; i++) {
		const struct output_entry *e = &m->items[i];
		size_t r = e->live;
		if (!r || r > old->len || strcmp(old->items[r - 1].path, e->path) != 0) {
			const struct output_entry *l =
				output_manifest_find(old, e->path);
			r = l ? (size_t)(l - old->items) + 1 : 0;
		}
		if (r)
			at[r - 1] = e; /* paths are unique: one entry a place */
		else
			rest[nrest++] = e;
	}
	qsort(rest, nrest, sizeof(*rest), output_manifest_cmp_path);
	o->kept = xcalloc(old->len + 1, 1);
	size_t j = 0;
	for (size_t i = 0; i < old->len; i++) {
		if (!at[i])
			continue;
		o->kept[i] = 1;
		while (j < nrest && strcmp(rest[j]->path, at[i]->path) < 0)
			sorted[n++] = rest[j++];
		sorted[n++] = at[i];
	}
	while (j < nrest)
		sorted[n++] = rest[j++];
	free(at);
	free(rest);
	return sorted;
}

/* Whether the live site's entry i is in cur (after next_made). */
static int live_kept(const struct output *o, size_t i)
{
	return o->kept ? o->kept[i]
		       : output_manifest_find(&o->cur, o->old.items[i].path) != NULL;
}

/* Makes o->next, cur's manifest file, and its token (once: entries
 * sorted and written out once a build). */
static void next_made(struct output *o)
{
	const struct output_manifest *m = &o->cur;
	struct buf *b = &o->next;
	if (o->next_made)
		return;
	cache_begin(b, output_manifest_magic);
	cache_put_u64(b, m->gen);
	size_t at = b->len;
	const struct output_entry **sorted = o->update && o->old.sorted
						     ? cur_sorted(o)
						     : output_manifest_sorted(m);
	output_manifest_entries(b, sorted, m->len, o->update ? &o->old : NULL);
	o->next_token = hash_of(b->ptr + at, b->len - at, 11);
	/* the generations, in the same order */
	for (size_t i = 0; i < m->len; i++)
		cache_put_u64(b, sorted[i]->gen);
	free(sorted);
	o->next_made = 1;
}

/* Writes cur's manifest into dir. */
static int manifest_save(struct output *o, const char *dir)
{
	struct buf path = BUF_INIT;
	next_made(o);
	buf_printf(&path, "%s/%s", dir, OUTPUT_MANIFEST);
	int rc = cache_save(path.ptr, o->next.ptr, o->next.len);
	buf_release(&path);
	return rc;
}

/* ------------------------------------------------------------ the twin */

/* The twin is the previous site kept beside the live one (.<name>.prev).
 * Its files share inodes with the live site's wherever their bytes are the
 * same; its manifest says what it holds.  The manifest is removed before the
 * twin is first changed, so a twin left behind by a killed build is known to
 * be unknown and is rebuilt from nothing. */

/* Marks the twin as being changed (once).  Not locked: callers hold o->lock
 * or run alone. */
static void twin_dirty(struct output *o)
{
	if (o->twin_dirty)
		return;
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", o->tmp_dir, OUTPUT_MANIFEST);
	unlink(p.ptr);
	buf_release(&p);
	o->twin_dirty = 1;
}

/* Makes twin/rel the live site's file (a hard link: same inode, same
 * mtime). */
static int twin_link(struct output *o, const char *rel, struct buf *err)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	int rc = 0;
	buf_printf(&from, "%s/%s", o->final_dir, rel);
	buf_printf(&to, "%s/%s", o->tmp_dir, rel);
	if (!o->twin_empty && unlink(to.ptr) < 0 && errno != ENOENT)
		rc = -1;
	else if (link(from.ptr, to.ptr) < 0 &&
		 (errno != ENOENT || mkdir_parent(to.ptr) < 0 ||
		  link(from.ptr, to.ptr) < 0))
		rc = -1;
	if (rc < 0)
		buf_printf(err, "cannot link \"%s\" into the next site: %s",
			   rel, strerror(errno));
	buf_release(&from);
	buf_release(&to);
	return rc;
}

/* Sets up the twin as the staging folder: reuses it when its manifest
 * loads, else starts it empty.  Returns -1 when the twin cannot work here
 * (e.g. the output is a mount point: no hard links across file systems);
 * the caller then stages in a temporary folder instead. */
static int twin_begin(struct output *o, const char *twin)
{
	struct buf m = BUF_INIT, from = BUF_INIT;
	struct stat st;
	int rc = -1;
	struct buf why = BUF_INIT;
	int usable = lstat(twin, &st) == 0 && S_ISDIR(st.st_mode) &&
		     output_manifest_load(&o->prev, twin, &why,
					  o->old.sorted ? &o->old : NULL,
					  o->old.sorted ? &o->prev_at : NULL) == 0;
	if (why.len && !o->warning)
		o->warning = buf_detach(&why, NULL);
	buf_release(&why);
	if (!usable) {
		prev_release(o);
		if (output_remove_tree(twin) < 0 || mkdir(twin, 0755) < 0)
			goto cleanup;
		o->twin_empty = 1; /* nothing to unlink before linking */
	}
	/* the marker, linked from the live site: proves both are on one file
	 * system, where links and the final exchange work */
	buf_printf(&m, "%s/%s", twin, OUTPUT_MARKER);
	buf_printf(&from, "%s/%s", o->final_dir, OUTPUT_MARKER);
	if (unlink(m.ptr) < 0 && errno != ENOENT)
		goto cleanup;
	if (link(from.ptr, m.ptr) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (rc < 0) {
		prev_release(o);
		output_remove_tree(twin);
	}
	buf_release(&m);
	buf_release(&from);
	return rc;
}

/* Removes the temporary folders (.<base>.tmp-XXXXXX) that builds killed
 * before they published left beside the output: a build holding the lock
 * is the only one, so none of them is in use. */
static void remove_leftovers(const char *parent, const char *base)
{
	struct buf name = BUF_INIT, path = BUF_INIT;
	DIR *d = opendir(parent);
	struct dirent *de;
	buf_printf(&name, ".%s.tmp-", base);
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, name.ptr, name.len) != 0 ||
		    strlen(de->d_name) != name.len + 6)
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", parent, de->d_name);
		output_remove_tree(path.ptr);
	}
	if (d)
		closedir(d);
	buf_release(&name);
	buf_release(&path);
}

/* ------------------------------------------------------------ publishing */

void output_set_threads(struct output *o, int jobs)
{
	o->jobs = jobs < 1 ? 1 : jobs;
}

int output_open(struct output *o, const char *final_dir, struct buf *err)
{
	const char *base;
	struct buf tmpl = BUF_INIT;
	struct stat st;
	memset(o, 0, sizeof(*o));
	o->lock_fd = -1;
	o->jobs = 1;
	pthread_mutex_init(&o->lock, NULL);
	pthread_mutex_init(&o->dirs_lock, NULL);
	arena_init(&o->dirs_arena);
	map_init(&o->dirs, &o->dirs_arena);
	arena_init(&o->old.arena);
	arena_init(&o->cur.arena);
	arena_init(&o->prev.arena);
	/* "site/" is the folder "site": its twin, lock and temporary
	 * folders are named beside it from its last name */
	o->final_dir = xstrdup(final_dir);
	for (size_t n = strlen(o->final_dir); n > 1 && o->final_dir[n - 1] == '/';)
		o->final_dir[--n] = '\0';
	char *parent = parent_of(o->final_dir, &base);
	int rc = -1;

	if (mkdir_p(parent) < 0) {
		buf_printf(err, "cannot create folder \"%s\": %s", parent,
			   strerror(errno));
		goto cleanup;
	}
	/* one build at a time into this output */
	buf_printf(&tmpl, "%s/.%s.lock", parent, base);
	o->lock_fd = open(tmpl.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (o->lock_fd < 0) {
		buf_printf(err, "cannot create the lock file %s beside the output: %s",
			   tmpl.ptr, strerror(errno));
		goto cleanup;
	}
	if (flock(o->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		buf_printf(err, "another cairn build is writing to \"%s\" (it holds %s): wait for it to finish",
			   final_dir, tmpl.ptr);
		goto cleanup;
	}
	remove_leftovers(parent, base);
	buf_clear(&tmpl);
	if (stat(final_dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			buf_printf(err, "output \"%s\" exists and is not a folder",
				   final_dir);
			goto cleanup;
		}
		if (!replaceable(final_dir)) {
			buf_printf(err, "output folder \"%s\" holds files cairn did not write (no %s marker): refusing to replace it; choose another output or empty it",
				   final_dir, OUTPUT_MARKER);
			goto cleanup;
		}
		o->exists = 1;
	}
	rc = 0;

cleanup:
	if (rc < 0)
		output_abort(o);
	buf_release(&tmpl);
	free(parent);
	return rc;
}

int output_load(struct output *o, struct buf *err)
{
	const char *base;
	struct buf tmpl = BUF_INIT;
	char *parent = parent_of(o->final_dir, &base);
	int rc = -1;

	if (o->exists) {
		struct buf why = BUF_INIT;
		o->update = output_manifest_load(&o->old, o->final_dir, &why,
						 NULL, NULL) == 0;
		if (why.len)
			o->warning = buf_detach(&why, NULL);
		buf_release(&why);
	}
	buf_printf(&tmpl, "%s/.%s.prev", parent, base);
	if (o->update && twin_begin(o, tmpl.ptr) == 0) {
		o->mode = OUTPUT_TWIN;
		o->tmp_dir = buf_detach(&tmpl, NULL);
		o->dirs_known = o->twin_empty;
	} else {
		output_remove_tree(tmpl.ptr); /* a twin of a site that is gone */
		buf_clear(&tmpl);
		buf_printf(&tmpl, "%s/.%s.tmp-XXXXXX", parent, base);
		if (!mkdtemp(tmpl.ptr)) {
			buf_printf(err, "cannot create a temporary folder beside \"%s\": %s",
				   o->final_dir, strerror(errno));
			goto cleanup;
		}
		chmod(tmpl.ptr, 0755);
		o->mode = o->update ? OUTPUT_IN_PLACE : OUTPUT_FRESH;
		o->tmp_dir = buf_detach(&tmpl, NULL);
		o->dirs_known = 1; /* made just now, empty */
		if (write_file(o, OUTPUT_MARKER, "cairn\n", 6, err) < 0)
			goto cleanup;
	}
	o->cur.gen = (o->old.gen > o->prev.gen ? o->old.gen : o->prev.gen) + 1;
	/* a rebuild's entries are about the live site's: room at once */
	XGROW(o->cur.items, o->cur.cap, o->old.len + 1);
	rc = 0;

cleanup:
	if (rc < 0)
		output_abort(o);
	buf_release(&tmpl);
	free(parent);
	return rc;
}

int output_begin(struct output *o, const char *final_dir, struct buf *err)
{
	if (output_open(o, final_dir, err) < 0)
		return -1;
	return output_load(o, err);
}

/* Writes data to tmp_dir/rel as a new file, creating folders.  In the twin
 * the old name is unlinked first: it may be a link to a live file. */
static int write_file(struct output *o, const char *rel, const char *data,
		      size_t len, struct buf *err)
{
	struct buf path = BUF_INIT;
	int fd = -1, rc = -1;
	if (!output_path_safe(rel)) {
		buf_printf(err, "refusing to write unsafe path \"%s\"", rel);
		goto cleanup;
	}
	buf_printf(&path, "%s/%s", o->tmp_dir, rel);
	/* a file the twin holds may be a link to a live one; its manifest
	 * lists every file it holds (an empty twin, none) */
	if (o->mode == OUTPUT_TWIN && prev_find(o, rel) &&
	    unlink(path.ptr) < 0 && errno != ENOENT) {
		buf_printf(err, "cannot replace \"%s\": %s", path.ptr, strerror(errno));
		goto cleanup;
	}
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC;
	const char *slash = strrchr(rel, '/');
	if (o->dirs_known && slash && made_dir(o, rel, (size_t)(slash - rel)) < 0) {
		buf_printf(err, "cannot create folder \"%s/%.*s\": %s",
			   o->tmp_dir, (int)(slash - rel), rel, strerror(errno));
		goto cleanup;
	}
	fd = open(path.ptr, flags, 0644);
	if (fd < 0 && errno == ENOENT) {
		if (mkdir_parent(path.ptr) < 0) {
			buf_printf(err, "cannot create folder \"%.*s\": %s",
				   (int)(strrchr(path.ptr, '/') - path.ptr),
				   path.ptr, strerror(errno));
			goto cleanup;
		}
		fd = open(path.ptr, flags, 0644);
	}
	if (fd < 0) {
		buf_printf(err, "cannot write \"%s\": %s", path.ptr, strerror(errno));
		goto cleanup;
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			buf_printf(err, "cannot write \"%s\": %s", path.ptr,
				   strerror(errno));
			goto cleanup;
		}
		data += w;
		len -= (size_t)w;
	}
	rc = 0;

cleanup:
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		buf_printf(err, "cannot write \"%s\": %s", path.ptr, strerror(errno));
		rc = -1;
	}
	buf_release(&path);
	return rc;
}

/* Keeps the live file e (unchanged bytes) in the new site, as made from
 * inputs fp, with meta (its diagnostics and images).  In the twin, it is linked in at commit
 * unless the twin already holds that very file.  Not locked: callers hold
 * o->lock. */
static void keep_live(struct output *o, const struct output_entry *e,
		      uint64_t fp, const struct output_meta *meta)
{
	/* e's path and meta live as long as the live manifest, which is
	 * released after cur: borrowed, not copied (a page made again with
	 * the same bytes brings meta of its own: copied) */
	int own = meta->diags == e->diags && meta->diags_len == e->diags_len &&
		  meta->assets == e->assets && meta->assets_len == e->assets_len &&
		  meta->links == e->links && meta->links_len == e->links_len;
	struct output_entry *c = output_manifest_add_n(
		&o->cur, e->path, strlen(e->path), fp, e->hash, e->gen, meta,
		OUTPUT_KEEP_NEW | OUTPUT_KEEP_PATH | (own ? OUTPUT_KEEP_META : 0));
	if (!c)
		return; /* kept already (an image two pages link to) */
	c->live = (size_t)(e - o->old.items) + 1;
	/* its record is the live one's: the next manifest copies it */
	c->same = own && fp == e->fp;
	if (o->mode != OUTPUT_TWIN)
		return;
	size_t i = (size_t)(e - o->old.items);
	const struct output_entry *t =
		!o->prev_at	? output_manifest_find(&o->prev, e->path)
		: o->prev_at[i] ? &o->prev.items[o->prev_at[i] - 1]
				: NULL;
	if (t && t->gen == e->gen)
		return;
	XGROW(o->staged, o->staged_cap, o->nstaged + 1);
	o->staged[o->nstaged++] = arena_strdup(&o->cur.arena, e->path);
}

/* What the manifest keeps with e besides its hash. */
static struct output_meta entry_meta(const struct output_entry *e)
{
	return (struct output_meta){ e->diags,	    e->diags_len, e->assets,
				     e->assets_len, e->links,	  e->links_len };
}

const struct output_entry *output_find(const struct output *o, const char *rel,
				       uint64_t fp)
{
	const struct output_entry *e =
		o->update ? output_manifest_find(&o->old, rel) : NULL;
	return fp && e && e->fp == fp ? e : NULL;
}

const struct output_entry *output_find_any(const struct output *o, const char *rel)
{
	return o->update ? output_manifest_find(&o->old, rel) : NULL;
}

uint64_t output_live_token(const struct output *o)
{
	return o->update ? o->old.token : 0;
}

uint64_t output_next_token(struct output *o)
{
	next_made(o);
	return o->next_token;
}

const struct output_entry *output_reuse(struct output *o, const char *rel, uint64_t fp)
{
	const struct output_entry *e = output_find(o, rel, fp);
	return e ? output_keep(o, e) : NULL;
}

const struct output_entry *output_keep(struct output *o, const struct output_entry *e)
{
	pthread_mutex_lock(&o->lock);
	struct output_meta meta = entry_meta(e);
	keep_live(o, e, e->fp, &meta);
	pthread_mutex_unlock(&o->lock);
	return e;
}

int output_holds(const struct output *o, const char *rel)
{
	return o->update && output_manifest_find(&o->old, rel) != NULL;
}

void output_reuse_prefix(struct output *o, const char *prefix)
{
	size_t n = strlen(prefix);
	if (!o->update)
		return;
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < o->old.len; i++) {
		const struct output_entry *e = &o->old.items[i];
		if (strncmp(e->path, prefix, n) == 0) {
			struct output_meta meta = entry_meta(e);
			keep_live(o, e, e->fp, &meta);
		}
	}
	pthread_mutex_unlock(&o->lock);
}

uint64_t output_hash(const char *data, size_t len)
{
	/* the seed the search files' versions use (search_files.c): their
	 * hashes are taken once */
	uint64_t h = hash_of(data, len, 0x5ea7c4f11e);
	return h ? h : 1;
}

/* output_put_meta of bytes whose output_hash is hash. */
static int put_hashed(struct output *o, const char *rel, uint64_t fp,
		      uint64_t hash, const char *data, size_t len,
		      const struct output_meta *meta, struct buf *err)
{
	static const struct output_meta none = { NULL, 0, NULL, 0, NULL, 0 };
	if (!meta)
		meta = &none;
	if (!output_path_safe(rel)) {
		buf_printf(err, "refusing to write unsafe path \"%s\"", rel);
		return -1;
	}
	const struct output_entry *e =
		o->update ? output_manifest_find(&o->old, rel) : NULL;
	if (e && e->hash == hash) { /* the live file has these bytes */
		pthread_mutex_lock(&o->lock);
		keep_live(o, e, fp, meta);
		pthread_mutex_unlock(&o->lock);
		return 0;
	}
	/* new bytes; the twin may hold them already (a change undone) */
	const struct output_entry *t = o->mode == OUTPUT_TWIN ? prev_find(o, rel)
							      : NULL;
	uint64_t gen = o->cur.gen;
	if (t && t->hash == hash) {
		gen = t->gen;
	} else {
		if (o->mode == OUTPUT_TWIN) {
			pthread_mutex_lock(&o->lock);
			twin_dirty(o);
			pthread_mutex_unlock(&o->lock);
		}
		if (write_file(o, rel, data, len, err) < 0)
			return -1;
	}
	pthread_mutex_lock(&o->lock);
	output_manifest_add(&o->cur, rel, fp, hash, gen, meta)->live =
		e ? (size_t)(e - o->old.items) + 1 : 0;
	o->written++;
	if (o->mode == OUTPUT_IN_PLACE) {
		XGROW(o->staged, o->staged_cap, o->nstaged + 1);
		o->staged[o->nstaged++] = arena_strdup(&o->cur.arena, rel);
	}
	pthread_mutex_unlock(&o->lock);
	return 0;
}

int output_put_meta(struct output *o, const char *rel, uint64_t fp, const char *data,
		    size_t len, const struct output_meta *meta, struct buf *err)
{
	return put_hashed(o, rel, fp, output_hash(data, len), data, len, meta, err);
}

int output_put_hashed(struct output *o, const char *rel, uint64_t fp,
		      uint64_t hash, const char *data, size_t len, struct buf *err)
{
	return put_hashed(o, rel, fp, hash, data, len, NULL, err);
}

int output_put(struct output *o, const char *rel, uint64_t fp, const char *data,
	       size_t len, const char *diags, size_t diags_len, struct buf *err)
{
	struct output_meta meta = { diags, diags_len, NULL, 0, NULL, 0 };
	return output_put_meta(o, rel, fp, data, len, &meta, err);
}

int output_write(struct output *o, const char *rel, const char *data,
		 size_t len, struct buf *err)
{
	return output_put(o, rel, 0, data, len, NULL, 0, err);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(p) : unlink(p)) < 0 && errno != ENOENT ? -1 : 0;
}

int output_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* Removes rel from the tree at root, and its folders that became empty. */
static void remove_stale(const char *root, const char *rel)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", root, rel);
	if (unlink(p.ptr) == 0) {
		size_t rootlen = strlen(root);
		char *slash;
		while ((slash = strrchr(p.ptr, '/')) &&
		       (size_t)(slash - p.ptr) > rootlen) {
			*slash = '\0';
			if (rmdir(p.ptr) < 0)
				break;
		}
	}
	buf_release(&p);
}

/* Whether the live site loses a file in this build. */
static int live_loses_files(struct output *o)
{
	next_made(o);
	for (size_t i = 0; i < o->old.len; i++)
		if (!live_kept(o, i))
			return 1;
	return 0;
}

/* In-place publishing (the twin cannot be used): moves the staged files
 * into the site one by one and removes what is no longer made. */
static int publish_in_place(struct output *o, struct buf *err)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	int rc = -1;
	/* without its manifest, a site left half-updated by a killed build is
	 * made again from nothing by the next one */
	buf_printf(&to, "%s/%s", o->final_dir, OUTPUT_MANIFEST);
	if (o->nstaged && unlink(to.ptr) < 0 && errno != ENOENT) {
		buf_printf(err, "cannot update \"%s\": %s", o->final_dir,
			   strerror(errno));
		goto cleanup;
	}
	for (size_t i = 0; i < o->nstaged; i++) {
		buf_clear(&from);
		buf_clear(&to);
		buf_printf(&from, "%s/%s", o->tmp_dir, o->staged[i]);
		buf_printf(&to, "%s/%s", o->final_dir, o->staged[i]);
		if (rename(from.ptr, to.ptr) < 0) {
			if (mkdir_parent(to.ptr) < 0 || rename(from.ptr, to.ptr) < 0) {
				buf_printf(err, "cannot move \"%s\" into the site: %s",
					   o->staged[i], strerror(errno));
				goto cleanup;
			}
		}
	}
	next_made(o);
	for (size_t i = 0; i < o->old.len; i++) {
		const char *rel = o->old.items[i].path;
		if (!live_kept(o, i))
			remove_stale(o->final_dir, rel);
	}
	if (manifest_save(o, o->final_dir) < 0) {
		buf_printf(err, "cannot write the manifest of \"%s\": %s",
			   o->final_dir, strerror(errno));
		goto cleanup;
	}
	rc = 0;

cleanup:
	buf_release(&from);
	buf_release(&to);
	return rc;
}

/* Exchanges the folders a and b (both exist) in one step where the system
 * can; else with three renames (a short moment with no folder at b). */
static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s.swap", a);
	int rc = -1;
	output_remove_tree(t.ptr);
	if (rename(b, t.ptr) == 0) {
		if (rename(a, b) == 0) {
			rename(t.ptr, a);
			rc = 0;
		} else {
			rename(t.ptr, b);
		}
	}
	buf_release(&t);
	return rc;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Makes the folders of the files to link into an empty twin, each once
 * (in path order a folder follows its parent), so that no link fails for
 * want of one.  A folder that cannot be made is left to twin_link, which
 * says why. */
static void twin_folders(struct output *o)
{
	struct buf dir = BUF_INIT, last = BUF_INIT;
	if (o->nstaged)
		qsort(o->staged, o->nstaged, sizeof(*o->staged), cmp_cstr);
	for (size_t i = 0; i < o->nstaged; i++) {
		const char *slash = strrchr(o->staged[i], '/');
		if (!slash)
			continue;
		size_t n = (size_t)(slash - o->staged[i]);
		if (last.len == n && memcmp(last.ptr, o->staged[i], n) == 0)
			continue;
		buf_clear(&last);
		buf_put(&last, o->staged[i], n);
		buf_clear(&dir);
		buf_printf(&dir, "%s/%s", o->tmp_dir, last.ptr);
		if (mkdir(dir.ptr, 0755) < 0 && errno != EEXIST)
			mkdir_p(dir.ptr);
	}
	buf_release(&dir);
	buf_release(&last);
}

struct link_run {
	struct output *o;
	struct buf *err;
	_Atomic int failed;
};

/* Links one kept file into the twin (the first failure says why). */
static void link_one(size_t i, int worker, void *userdata)
{
	struct link_run *run = userdata;
	struct buf err = BUF_INIT;
	(void)worker;
	if (atomic_load(&run->failed))
		return;
	if (twin_link(run->o, run->o->staged[i], &err) < 0 &&
	    !atomic_exchange(&run->failed, 1))
		buf_put(run->err, err.ptr, err.len);
	buf_release(&err);
}

/* Publishing through the twin: completes it as the new site (links for
 * the live files kept, removals), then exchanges it with the live site in
 * one step; the live site becomes the next build's twin.  A build that
 * changed nothing leaves both folders as they are. */
static int publish_twin(struct output *o, struct buf *err)
{
	if (!o->written && !live_loses_files(o)) {
		/* nothing to publish: the twin was not touched and is still
		 * what its manifest says; only the live manifest is renewed
		 * (fingerprints and diagnostics may have changed) */
		if (manifest_save(o, o->final_dir) < 0) {
			buf_printf(err, "cannot write the manifest of \"%s\": %s",
				   o->final_dir, strerror(errno));
			return -1;
		}
		return 0;
	}
	twin_dirty(o);
	if (o->twin_empty)
		twin_folders(o);
	struct link_run run = { o, err, 0 };
	atomic_init(&run.failed, 0);
	pool_run(o->jobs, o->nstaged, link_one, &run);
	if (atomic_load(&run.failed))
		return -1;
	for (size_t i = 0; i < o->prev.len; i++) {
		const char *rel = o->prev.items[i].path;
		if (!output_manifest_find(&o->cur, rel))
			remove_stale(o->tmp_dir, rel);
	}
	if (manifest_save(o, o->tmp_dir) < 0) {
		buf_printf(err, "cannot write the manifest of the new site: %s",
			   strerror(errno));
		return -1;
	}
	if (exchange(o->tmp_dir, o->final_dir) < 0) {
		buf_printf(err, "cannot swap the new site into \"%s\": %s",
			   o->final_dir, strerror(errno));
		return -1;
	}
	return 0;
}

static void release(struct output *o)
{
	free(o->warning);
	free(o->tmp_dir);
	free(o->final_dir);
	free(o->staged); /* the strings are in cur's arena */
	output_manifest_release(&o->old);
	output_manifest_release(&o->cur);
	prev_release(o);
	pthread_mutex_destroy(&o->lock);
	map_release(&o->dirs);
	arena_release(&o->dirs_arena);
	pthread_mutex_destroy(&o->dirs_lock);
	buf_release(&o->next);
	free(o->kept);
	if (o->lock_fd >= 0)
		close(o->lock_fd); /* releases the flock */
	memset(o, 0, sizeof(*o));
	o->lock_fd = -1;
}

int output_commit(struct output *o, struct buf *err)
{
	struct stat st;
	int rc = -1;
	if (o->mode == OUTPUT_TWIN) {
		/* on failure the live site is untouched; the twin stays (its
		 * manifest says whether it can be used again) */
		rc = publish_twin(o, err);
		if (rc < 0 && o->twin_dirty)
			output_remove_tree(o->tmp_dir); /* see output_abort */
		goto cleanup;
	}
	if (o->mode == OUTPUT_IN_PLACE) {
		rc = publish_in_place(o, err);
		output_remove_tree(o->tmp_dir);
		goto cleanup;
	}
	if (manifest_save(o, o->tmp_dir) < 0) {
		buf_printf(err, "cannot write the manifest: %s", strerror(errno));
		output_remove_tree(o->tmp_dir);
		goto cleanup;
	}
	if (lstat(o->final_dir, &st) < 0) {
		if (rename(o->tmp_dir, o->final_dir) < 0) {
			buf_printf(err, "cannot move the new site into \"%s\": %s",
				   o->final_dir, strerror(errno));
			output_remove_tree(o->tmp_dir);
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	if (exchange(o->tmp_dir, o->final_dir) < 0) {
		buf_printf(err, "cannot replace \"%s\": %s", o->final_dir,
			   strerror(errno));
		output_remove_tree(o->tmp_dir);
		goto cleanup;
	}
	/* tmp_dir now holds what was there before (no manifest: not a twin) */
	output_remove_tree(o->tmp_dir);
	rc = 0;

cleanup:
	release(o);
	return rc;
}

void output_abort(struct output *o)
{
	if (!o->final_dir)
		return; /* not begun, or committed */
	/* the twin stays when it was not touched: it is the previous site;
	 * once changed it is unknown, and removed (it may fill a disk that is
	 * full already: the next build remakes it) */
	if (o->tmp_dir && (o->mode != OUTPUT_TWIN || o->twin_dirty))
		output_remove_tree(o->tmp_dir);
	release(o);
}
