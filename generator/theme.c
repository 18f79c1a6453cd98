#include "theme.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cache.h"
#include "xalloc.h"

#define THEME_MAX_FILE (16u << 20)
#define THEME_MAX_DEPTH 8

static void set_asset(struct theme *t, const char *name, const char *data, size_t size)
{
	for (size_t i = 0; i < t->nassets; i++)
		if (strcmp(t->assets[i].name, name) == 0) {
			free(t->assets[i].data);
			t->assets[i].data = xstrndup(data, size);
			t->assets[i].size = size;
			return;
		}
	XGROW(t->assets, t->assets_cap, t->nassets + 1);
	t->assets[t->nassets++] =
		(struct theme_asset){ xstrdup(name), xstrndup(data, size), size };
}

/* Adds one theme file by its name relative to the theme folder. */
static int add_file(struct theme *t, const char *name, const char *data,
		    size_t size, const char *origin, struct diag_list *d)
{
	t->fp = hash_mix_u64(hash_mix_str(t->fp, name), hash_of(data, size, 0));
	static const char ext[] = ".mustache";
	size_t n = strlen(name), e = sizeof(ext) - 1;
	if (strncmp(name, "assets/", 7) == 0) {
		set_asset(t, name + 7, data, size);
		return 0;
	}
	if (strncmp(name, "layouts/", 8) != 0 || n <= 8 + e ||
	    strcmp(name + n - e, ext) != 0)
		return 0;
	char *layout = xstrndup(name + 8, n - 8 - e);
	struct buf err = BUF_INIT;
	int rc = mustache_set_add(t->layouts, layout, data, size, &err);
	if (rc < 0) {
		int line = 0;
		const char *msg = err.ptr;
		if (sscanf(err.ptr, "line %d: ", &line) == 1) {
			const char *colon = strchr(err.ptr, ':');
			msg = colon ? colon + 2 : err.ptr;
		}
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, origin, line,
			 "layout \"%s\" does not compile: %s", layout, msg);
	}
	buf_release(&err);
	free(layout);
	return rc;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && out->len <= THEME_MAX_FILE)
		buf_put(out, chunk, n);
	fclose(f);
	return out->len > THEME_MAX_FILE ? -1 : 0;
}

static int load_dir(struct theme *t, const char *root, const char *rel,
		    int depth, struct diag_list *d)
{
	struct buf dir = BUF_INIT;
	int rc = 0;
	buf_printf(&dir, "%s/%s", root, rel);
	DIR *dh = opendir(dir.ptr);
	if (!dh) {
		buf_release(&dir);
		return 0;
	}
	struct dirent *de;
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		struct buf child = BUF_INIT, full = BUF_INIT, data = BUF_INIT;
		struct stat st;
		buf_printf(&child, "%s/%s", rel, de->d_name);
		buf_printf(&full, "%s/%s", root, child.ptr);
		if (stat(full.ptr, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < THEME_MAX_DEPTH) {
				if (load_dir(t, root, child.ptr, depth + 1, d) < 0)
					rc = -1;
			} else if (S_ISREG(st.st_mode)) {
				if (read_file(full.ptr, &data) < 0)
					diag_add(d, DIAG_WARNING, DIAG_OPERATOR,
						 NULL, full.ptr, 0,
						 "theme file cannot be read or is too large: skipped");
				else if (add_file(t, child.ptr, data.ptr,
						  data.len, full.ptr, d) < 0)
					rc = -1;
			}
		}
		buf_release(&child);
		buf_release(&full);
		buf_release(&data);
	}
	closedir(dh);
	buf_release(&dir);
	return rc;
}

int theme_load(struct theme *t, const char *dir, struct diag_list *d)
{
	memset(t, 0, sizeof(*t));
	t->layouts = mustache_set_new();
	int rc = 0;
	for (const struct theme_file *f = theme_default_files; f->name; f++) {
		struct buf origin = BUF_INIT;
		buf_printf(&origin, "(built-in theme)/%s", f->name);
		if (add_file(t, f->name, f->data, f->size, origin.ptr, d) < 0)
			rc = -1;
		buf_release(&origin);
	}
	if (dir && strcmp(dir, "default") != 0) {
		if (load_dir(t, dir, "layouts", 0, d) < 0)
			rc = -1;
		if (load_dir(t, dir, "assets", 0, d) < 0)
			rc = -1;
	}
	return rc;
}

void theme_release(struct theme *t)
{
	mustache_set_free(t->layouts);
	for (size_t i = 0; i < t->nassets; i++) {
		free(t->assets[i].name);
		free(t->assets[i].data);
	}
	free(t->assets);
	memset(t, 0, sizeof(*t));
}
