/* scaffold: new documents from the templates (see scaffold.h). */
#include "scaffold.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "date.h"
#include "mustache.h"
#include "rfc.h"
#include "utf8.h"
#include "val.h"
#include "xalloc.h"

/* Templates are small; a larger file in the override folder is a mistake. */
#define SCAFFOLD_MAX_TEMPLATE (1u << 20)

struct kind_info {
	const char *name;     /* on the command line */
	const char *template; /* file name in templates/ */
	const char *dir;      /* default folder */
};

static const struct kind_info kinds[] = {
	[SCAFFOLD_RFC] = { "rfc", "rfc.md", "docs/rfcs" },
	[SCAFFOLD_POSTMORTEM] = { "postmortem", "postmortem.md", "docs/postmortems" },
	[SCAFFOLD_RUNBOOK] = { "runbook", "runbook.md", "docs/runbooks" },
	[SCAFFOLD_CATALOG] = { "catalog-info", "catalog-info.yaml", "." },
	[SCAFFOLD_TECHDEBT] = { "techdebt", "techdebt.md", "docs/tech-debt" },
};

int scaffold_kind_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(name, kinds[i].name))
			return (int)i;
	return -1;
}

/* ASCII for the letters of U+00C0..U+00FF (Latin-1), lower case; NULL for
 * the two signs among them (U+00D7, U+00F7). */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a",  "a",  "a",	 "ae", "c", "e", "e", "e",  "e", "i",
	"i", "i", "i", "d",  "n",  "o",	 "o",  "o", "o", "o", NULL, "o", "u",
	"u", "u", "u", "y",  "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
	"c", "e", "e", "e",  "e",  "i",	 "i",  "i", "i", "d", "n",  "o", "o",
	"o", "o", "o", NULL, "o",  "u",	 "u",  "u", "u", "y", "th", "y",
};

void scaffold_slug(struct buf *out, const char *title)
{
	const unsigned char *s = (const unsigned char *)title;
	size_t start = out->len;
	int gap = 0;

	while (*s) {
		char one[2] = { 0, 0 };
		const char *piece = NULL;
		if (*s == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
			piece = latin1_fold[s[1] - 0x80];
			s += 2;
		} else {
			int ch = *s++;
			if (ch >= 'A' && ch <= 'Z')
				ch += 'a' - 'A';
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				one[0] = (char)ch;
				piece = one;
			}
		}
		if (!piece) {
			gap = 1;
			continue;
		}
		size_t len = out->len - start, add = strlen(piece);
		if (len + add + (gap && len) > SCAFFOLD_SLUG_MAX) {
			/* too long: end at a word's end when one is there */
			if (!gap) {
				char *dash = strrchr(out->ptr + start, '-');
				if (dash)
					buf_truncate(out, (size_t)(dash - out->ptr));
			}
			break;
		}
		if (gap && len)
			buf_putc(out, '-');
		gap = 0;
		buf_puts(out, piece);
	}
	if (out->len == start)
		buf_puts(out, "untitled");
}

/* Appends s as a double-quoted YAML scalar (s holds no control
 * characters: the title and author are checked first). */
static void put_yaml_string(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

/* One line of printable UTF-8 text, not only blanks. */
static int is_one_line(const char *s)
{
	size_t n = strlen(s);
	int visible = 0;
	if (utf8_check(s, n) < n)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		visible |= *p != ' ';
	}
	return visible;
}

/* YYYY-MM-DD of the UTC day that holds t. */
static void put_day(struct buf *out, long long t)
{
	char day[32];
	date_format(day, sizeof(day), "%Y-%m-%d", t);
	buf_puts(out, day);
}

/* ------------------------------------------------------------ templates */

/* Reads template name from the override folder, else the built-in set. */
static int load_template(struct buf *out, const char *name, const char *folder,
			 struct buf *err)
{
	if (folder && *folder) {
		struct buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", folder, name);
		FILE *f = fopen(path.ptr, "rb");
		if (f) {
			char chunk[8192];
			size_t n;
			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
			       out->len <= SCAFFOLD_MAX_TEMPLATE)
				buf_put(out, chunk, n);
			int bad = ferror(f) || out->len > SCAFFOLD_MAX_TEMPLATE;
			fclose(f);
			if (bad)
				buf_printf(err, "cannot read template \"%s\"",
					   path.ptr);
			buf_release(&path);
			return bad ? -1 : 0;
		}
		if (errno != ENOENT) {
			buf_printf(err, "cannot read template \"%s\": %s",
				   path.ptr, strerror(errno));
			buf_release(&path);
			return -1;
		}
		buf_release(&path);
	}
	for (const struct theme_file *t = scaffold_builtin_templates; t->name; t++)
		if (!strcmp(t->name, name)) {
			buf_put(out, t->data, t->size);
			return 0;
		}
	buf_printf(err, "template \"%s\" is not built into this cairn; set CAIRN_TEMPLATES to a folder that holds it",
		   name);
	return -1;
}

static int render_template(struct buf *out, const char *name, const char *folder,
			   const struct val *ctx, struct buf *err)
{
	struct buf text = BUF_INIT, why = BUF_INIT;
	struct mustache_set *set = NULL;
	int rc = -1;

	if (load_template(&text, name, folder, err) < 0)
		goto cleanup;
	set = mustache_set_new();
	if (mustache_set_add(set, name, text.ptr, text.len, &why) < 0 ||
	    mustache_render(out, set, name, ctx, &why) < 0) {
		buf_printf(err, "template \"%s\" does not compile: %s", name, why.ptr);
		goto cleanup;
	}
	rc = 0;

cleanup:
	if (set)
		mustache_set_free(set);
	buf_release(&text);
	buf_release(&why);
	return rc;
}

/* ------------------------------------------------------------ files */

/* Creates dir and the folders above it that are missing. */
static int make_folders(const char *dir, struct buf *err)
{
	char *p = xstrdup(dir);
	struct stat st;
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
		if (rc < 0)
			break;
	}
	if (!rc && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	if (!rc && (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))) {
		rc = -1;
		if (!errno || errno == EEXIST)
			errno = ENOTDIR;
	}
	if (rc < 0)
		buf_printf(err, "cannot create folder \"%s\": %s", dir,
			   strerror(errno));
	free(p);
	return rc;
}

/* The next RFC number of folder dir, and in *taken the name of an RFC of
 * the folder that already has slug ("0007-slug.md"), or NULL (malloc'd). */
static int next_rfc_number(const char *dir, const char *slug, char **taken)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	int max = 0;
	size_t sl = slug ? strlen(slug) : 0;

	*taken = NULL;
	if (!dh)
		return 1;
	while ((de = readdir(dh))) {
		const char *name = de->d_name;
		size_t n = strlen(name), digits = strspn(name, "0123456789");
		int num;
		if (n < 4 || strcmp(name + n - 3, ".md") != 0)
			continue;
		num = rfc_number_from_path(name);
		if (num > max)
			max = num;
		if (slug && digits && (name[digits] == '-' || name[digits] == '_') &&
		    n == digits + 1 + sl + 3 &&
		    !strncmp(name + digits + 1, slug, sl) && !*taken)
			*taken = xstrdup(name);
	}
	closedir(dh);
	return max + 1;
}

/* Makes slug ("untitled") the first of untitled, untitled-2, ... for which
 * dir holds no file prefix + slug + ".md". */
static void free_slug(struct buf *slug, const char *dir, const char *prefix)
{
	struct buf p = BUF_INIT;
	struct stat st;
	for (int k = 2; k < 10000; k++) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s%s.md", dir, prefix, slug->ptr);
		if (lstat(p.ptr, &st) < 0)
			break;
		buf_clear(slug);
		buf_printf(slug, "untitled-%d", k);
	}
	buf_release(&p);
}

/* Creates path with data; never replaces a file (or symbolic link). */
static int write_new(const char *path, const char *data, size_t len, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		if (errno == EEXIST) {
			buf_printf(err, "\"%s\" already exists: it was not overwritten",
				   path);
			return SCAFFOLD_EXISTS;
		}
		buf_printf(err, "cannot create \"%s\": %s", path, strerror(errno));
		return SCAFFOLD_FAILED;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			buf_printf(err, "cannot write \"%s\": %s", path,
				   strerror(n < 0 ? errno : EIO));
			close(fd);
			unlink(path);
			return SCAFFOLD_FAILED;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0) {
		buf_printf(err, "cannot write \"%s\": %s", path, strerror(errno));
		unlink(path);
		return SCAFFOLD_FAILED;
	}
	return SCAFFOLD_OK;
}

/* ------------------------------------------------------------ entry */

int scaffold_new(struct buf *path, enum scaffold_kind kind, const char *title,
		 const struct scaffold_opts *opts, struct buf *err)
{
	const struct kind_info *k = &kinds[kind];
	struct buf dir = BUF_INIT, file = BUF_INIT, slug = BUF_INIT, out = BUF_INIT;
	struct buf tmp = BUF_INIT, number = BUF_INIT;
	const char *author = opts->author && *opts->author ? opts->author : "your-name";
	char *taken = NULL;
	struct arena a;
	struct val *ctx;
	int rc = SCAFFOLD_FAILED;

	arena_init(&a);
	if (!is_one_line(title)) {
		buf_puts(err, "the title must be one line of text");
		goto cleanup;
	}
	if (!is_one_line(author)) {
		buf_puts(err, "the author's name must be one line of text");
		goto cleanup;
	}
	if (opts->date && date_iso_days(opts->date, strlen(opts->date)) < 0) {
		buf_printf(err, "date \"%s\" is not a real YYYY-MM-DD date", opts->date);
		goto cleanup;
	}

	/* the folder, without trailing slashes ("/" stays) */
	buf_puts(&dir, opts->dir && *opts->dir ? opts->dir : k->dir);
	while (dir.len > 1 && dir.ptr[dir.len - 1] == '/')
		buf_truncate(&dir, dir.len - 1);
	scaffold_slug(&slug, title);
	/* a title with no letter a slug keeps (日本語, "!!!") says nothing
	 * about the files already there: a name of its own, not "taken" */
	int untitled = strcmp(slug.ptr, "untitled") == 0;
	if (untitled && kind != SCAFFOLD_RFC && kind != SCAFFOLD_CATALOG) {
		buf_clear(&tmp);
		if (kind == SCAFFOLD_POSTMORTEM) {
			if (opts->date)
				buf_puts(&tmp, opts->date);
			else
				put_day(&tmp, opts->now);
			buf_putc(&tmp, '-');
		}
		free_slug(&slug, dir.ptr, tmp.ptr);
		buf_clear(&tmp);
	}

	/* the context */
	ctx = val_map(&a);
	val_set_str(&a, ctx, "title", title);
	put_yaml_string(&tmp, title);
	val_set_str(&a, ctx, "title_yaml", tmp.ptr);
	buf_clear(&tmp);
	val_set_str(&a, ctx, "author", author);
	put_yaml_string(&tmp, author);
	val_set_str(&a, ctx, "author_yaml", tmp.ptr);
	buf_clear(&tmp);
	if (opts->date)
		buf_puts(&tmp, opts->date);
	else
		put_day(&tmp, opts->now);
	val_set_str(&a, ctx, "date", tmp.ptr);
	buf_clear(&tmp);
	put_day(&tmp, opts->now + SCAFFOLD_DUE_DAYS * 86400LL);
	val_set_str(&a, ctx, "due", tmp.ptr);
	val_set_str(&a, ctx, "slug", slug.ptr);

	/* the file name */
	switch (kind) {
	case SCAFFOLD_RFC: {
		int n = next_rfc_number(dir.ptr, untitled ? NULL : slug.ptr, &taken);
		if (taken) {
			buf_printf(err, "\"%s/%s\" already exists with that title: nothing was written",
				   dir.ptr, taken);
			rc = SCAFFOLD_EXISTS;
			goto cleanup;
		}
		buf_printf(&number, "%04d", n);
		buf_printf(&file, "%s-%s.md", number.ptr, slug.ptr);
		break;
	}
	case SCAFFOLD_POSTMORTEM:
		buf_printf(&file, "%s-%s.md", val_as_str(val_get(ctx, "date")),
			   slug.ptr);
		break;
	case SCAFFOLD_RUNBOOK:
	case SCAFFOLD_TECHDEBT: buf_printf(&file, "%s.md", slug.ptr); break;
	case SCAFFOLD_CATALOG: buf_puts(&file, "catalog-info.yaml"); break;
	}
	val_set_str(&a, ctx, "number", number.ptr);

	if (render_template(&out, k->template, opts->templates, ctx, err) < 0)
		goto cleanup;
	if (make_folders(dir.ptr, err) < 0)
		goto cleanup;
	buf_clear(&tmp);
	if (strcmp(dir.ptr, ".") != 0)
		buf_printf(&tmp, "%s%s", dir.ptr,
			   dir.ptr[dir.len - 1] == '/' ? "" : "/");
	buf_puts(&tmp, file.ptr);
	rc = write_new(tmp.ptr, out.ptr, out.len, err);
	if (rc == SCAFFOLD_OK)
		buf_put(path, tmp.ptr, tmp.len);

cleanup:
	free(taken);
	buf_release(&dir);
	buf_release(&file);
	buf_release(&slug);
	buf_release(&out);
	buf_release(&tmp);
	buf_release(&number);
	arena_release(&a);
	return rc;
}
