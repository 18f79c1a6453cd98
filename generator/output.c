#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int output_begin(struct output *o, const char *final_dir, struct buf *err)
{
	const char *base;
	struct buf tmpl = BUF_INIT;
	struct stat st;
	o->final_dir = xstrdup(final_dir);
	o->tmp_dir = NULL;
	char *parent = parent_of(final_dir, &base);
	int rc = -1;

	if (stat(final_dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			buf_printf(err, "output \"%s\" exists and is not a folder", final_dir);
			goto cleanup;
		}
		if (!replaceable(final_dir)) {
			buf_printf(err,
				   "output folder \"%s\" holds files cairn did not write (no %s marker): refusing to replace it; choose another output or empty it",
				   final_dir, OUTPUT_MARKER);
			goto cleanup;
		}
	}
	if (mkdir_p(parent) < 0) {
		buf_printf(err, "cannot create folder \"%s\": %s", parent, strerror(errno));
		goto cleanup;
	}
	buf_printf(&tmpl, "%s/.%s.tmp-XXXXXX", parent, base);
	if (!mkdtemp(tmpl.ptr)) {
		buf_printf(err, "cannot create a temporary folder beside \"%s\": %s",
			   final_dir, strerror(errno));
		goto cleanup;
	}
	chmod(tmpl.ptr, 0755);
	o->tmp_dir = buf_detach(&tmpl, NULL);
	if (output_write(o, OUTPUT_MARKER, "cairn\n", 6, err) < 0)
		goto cleanup;
	rc = 0;

cleanup:
	if (rc < 0)
		output_abort(o);
	buf_release(&tmpl);
	free(parent);
	return rc;
}

int output_path_safe(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/')
		return 0;
	const char *seg = rel;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == '\\')
				return 0;
		if (!end)
			return 1;
		seg = end + 1;
	}
}

int output_write(struct output *o, const char *rel, const char *data,
		 size_t len, struct buf *err)
{
	struct buf path = BUF_INIT;
	int fd = -1, rc = -1;
	if (!output_path_safe(rel)) {
		buf_printf(err, "refusing to write unsafe path \"%s\"", rel);
		goto cleanup;
	}
	buf_printf(&path, "%s/%s", o->tmp_dir, rel);
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC;
	fd = open(path.ptr, flags, 0644);
	if (fd < 0 && errno == ENOENT) {
		char *slash = strrchr(path.ptr, '/');
		*slash = '\0';
		if (mkdir_p(path.ptr) < 0) {
			buf_printf(err, "cannot create folder \"%s\": %s", path.ptr,
				   strerror(errno));
			goto cleanup;
		}
		*slash = '/';
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
			buf_printf(err, "cannot write \"%s\": %s", path.ptr, strerror(errno));
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

int output_commit(struct output *o, struct buf *err)
{
	struct stat st;
	int rc = -1;
	if (lstat(o->final_dir, &st) < 0) {
		if (rename(o->tmp_dir, o->final_dir) < 0) {
			buf_printf(err, "cannot move the new site into \"%s\": %s",
				   o->final_dir, strerror(errno));
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, o->tmp_dir, AT_FDCWD, o->final_dir, RENAME_EXCHANGE) == 0) {
		/* tmp_dir now holds the previous site */
		output_remove_tree(o->tmp_dir);
		rc = 0;
		goto cleanup;
	}
#endif
	{
		struct buf old = BUF_INIT;
		buf_printf(&old, "%s.old", o->tmp_dir);
		if (rename(o->final_dir, old.ptr) < 0 ||
		    rename(o->tmp_dir, o->final_dir) < 0) {
			buf_printf(err, "cannot replace \"%s\": %s", o->final_dir,
				   strerror(errno));
			rename(old.ptr, o->final_dir);
			buf_release(&old);
			goto cleanup;
		}
		output_remove_tree(old.ptr);
		buf_release(&old);
		rc = 0;
	}

cleanup:
	if (rc < 0)
		output_remove_tree(o->tmp_dir);
	free(o->tmp_dir);
	free(o->final_dir);
	o->tmp_dir = o->final_dir = NULL;
	return rc;
}

void output_abort(struct output *o)
{
	if (o->tmp_dir)
		output_remove_tree(o->tmp_dir);
	free(o->tmp_dir);
	free(o->final_dir);
	o->tmp_dir = o->final_dir = NULL;
}
