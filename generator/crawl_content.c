/* crawl_content: the portal's own Markdown pages, read from the content
 * folder (crawl.h: crawl_content). */
#include "crawl.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "layout.h"
#include "xalloc.h"

#define CONTENT_MAX_DEPTH 8

static void add_content(struct site *s, const char *root, const char *rel, size_t *cap)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	buf_printf(&path, "%s/%s", root, rel);
	FILE *f = fopen(path.ptr, "rb");
	if (!f) {
		diag_add(s->diags, DIAG_ERROR, DIAG_OPERATOR, NULL, path.ptr, 0,
			 "cannot read: %s", strerror(errno));
		goto cleanup;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(&data, chunk, n);
		if (data.len > s->cfg->limits.file_size)
			break;
	}
	fclose(f);
	if (data.len > s->cfg->limits.file_size) {
		diag_add(s->diags, DIAG_WARNING, DIAG_OPERATOR, NULL, path.ptr, 0,
			 "file is over the %zu-byte limit (limits.file_size): skipped",
			 s->cfg->limits.file_size);
		goto cleanup;
	}
	struct document *doc = crawl_make_doc(&s->arena, s->diags,
					      &s->cfg->limits, NULL, path.ptr,
					      data.ptr, data.len, DOC_CONTENT);
	if (!doc)
		goto cleanup;
	doc->path = arena_strdup(&s->arena, rel);
	if (strcasecmp(rel, "index.md") == 0) {
		s->home = doc;
		goto cleanup;
	}
	ARENA_GROW(&s->arena, s->content, *cap, s->ncontent + 1);
	s->content[s->ncontent++] = doc;

cleanup:
	buf_release(&path);
	buf_release(&data);
}

static void walk_content(struct site *s, const char *root, const char *rel,
			 int depth, size_t *cap)
{
	struct buf dir = BUF_INIT;
	buf_printf(&dir, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *dh = opendir(dir.ptr);
	if (!dh) {
		buf_release(&dir);
		return;
	}
	struct dirent **names = NULL;
	size_t nnames = 0, names_cap = 0;
	struct dirent *de;
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		XGROW(names, names_cap, nnames + 1);
		names[nnames] = xmalloc(sizeof(struct dirent));
		memcpy(names[nnames++], de, sizeof(struct dirent));
	}
	closedir(dh);
	for (size_t i = 0; i < nnames; i++) {
		struct buf child = BUF_INIT, full = BUF_INIT;
		struct stat st;
		buf_printf(&child, "%s%s%s", rel, *rel ? "/" : "", names[i]->d_name);
		buf_printf(&full, "%s/%s", root, child.ptr);
		if (lstat(full.ptr, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < CONTENT_MAX_DEPTH)
				walk_content(s, root, child.ptr, depth + 1, cap);
			else if (S_ISREG(st.st_mode) && layout_is_markdown(child.ptr))
				add_content(s, root, child.ptr, cap);
		}
		buf_release(&child);
		buf_release(&full);
		free(names[i]);
	}
	free(names);
	buf_release(&dir);
}

static int cmp_content(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	return strcmp(a->path, b->path);
}

void crawl_content(struct site *s)
{
	size_t cap = 0;
	struct stat st;
	if (stat(s->cfg->content, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	walk_content(s, s->cfg->content, "", 0, &cap);
	if (s->ncontent)
		qsort(s->content, s->ncontent, sizeof(*s->content), cmp_content);
}
