#include "path.h"

#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ascii.h"

void path_pct_decode(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = -1, lo = -1;
		if (s[i] == '%' && i + 2 < n) {
			hi = ascii_hex_value(s[i + 1]);
			lo = ascii_hex_value(s[i + 2]);
		}
		if (hi >= 0 && lo >= 0 && (hi || lo)) {
			buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
}

int path_resolve(struct buf *out, const char *base, const char *rel, size_t n, int decode)
{
	struct buf in = BUF_INIT;
	int rc = 0;

	buf_clear(out);
	if (n == 0 || rel[0] != '/') {
		const char *slash = strrchr(base, '/');
		if (slash)
			buf_put(&in, base, (size_t)(slash - base) + 1);
	}
	if (decode)
		path_pct_decode(&in, rel, n);
	else
		buf_put(&in, rel, n);
	for (size_t i = 0; i < in.len;) {
		size_t j = i;
		while (j < in.len && in.ptr[j] != '/')
			j++;
		const char *seg = in.ptr + i;
		size_t len = j - i;
		i = j + 1;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!out->len) {
				rc = -1;
				break;
			}
			char *slash = memrchr(out->ptr, '/', out->len);
			buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
			continue;
		}
		if (out->len)
			buf_putc(out, '/');
		buf_put(out, seg, len);
	}
	buf_release(&in);
	return rc;
}

const char *path_name_stem(const char *path, size_t *n)
{
	const char *stem = path_stem(path, n);
	if (!path || stem == path ||
	    !((*n == 6 && !strncasecmp(stem, "README", 6)) ||
	      (*n == 5 && !strncasecmp(stem, "index", 5))))
		return stem;
	const char *end = stem - 1, *start = end; /* end: the '/' */
	while (start > path && start[-1] != '/')
		start--;
	if (start == end)
		return stem;
	*n = (size_t)(end - start);
	return start;
}

const char *path_stem(const char *path, size_t *n)
{
	const char *base, *dot;

	if (!path) {
		*n = 0;
		return "";
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	*n = (size_t)(dot - base);
	return base;
}

/* Tries the sources a page's path may have under root (root[0..rn)). */
static int try_forms(struct buf *out, const char *root, size_t rn,
		     const char *page, path_found_fn found, void *userdata)
{
	static const char *const dir_forms[] = { ".md", ".html.md", "/index.md",
						 "/index.html.md", "/README.md" };
	size_t n = strlen(page);
	while (n && page[n - 1] == '/')
		n--;
	if (!n)
		return -1;
	const char *base = memrchr(page, '/', n);
	base = base ? base + 1 : page;
	size_t bn = (size_t)(page + n - base);
	int html = bn > 5 && !strncasecmp(base + bn - 5, ".html", 5);
	int has_ext = memchr(base, '.', bn) != NULL;
	for (size_t i = 0; i < sizeof(dir_forms) / sizeof(*dir_forms); i++) {
		buf_clear(out);
		buf_put(out, root, rn);
		if (html) {
			if (i > 1)
				break; /* x.html: x.html.md, then x.md */
			buf_put(out, page, i == 0 ? n : n - 5);
			buf_puts(out, ".md");
		} else {
			if (has_ext && page[n] != '/')
				break; /* a file with an extension is itself */
			buf_put(out, page, n);
			buf_puts(out, dir_forms[i]);
		}
		if (found(out->ptr, userdata))
			return 0;
	}
	return -1;
}

int path_site_source(struct buf *out, const char *doc, const char *resolved,
		     int absolute, path_found_fn found, void *userdata)
{
	if (try_forms(out, "", 0, resolved, found, userdata) == 0)
		return 0;
	if (!absolute || !doc)
		return -1;
	for (const char *s = doc; (s = strchr(s, '/')) != NULL; s++) {
		size_t rn = (size_t)(s - doc) + 1; /* "source/" */
		buf_clear(out);
		buf_put(out, doc, rn);
		buf_puts(out, resolved);
		if (found(out->ptr, userdata))
			return 0;
		if (try_forms(out, doc, rn, resolved, found, userdata) == 0)
			return 0;
	}
	return -1;
}

int path_folder_key(struct buf *out, const char *p)
{
	struct buf abs = BUF_INIT;
	char cwd[4096];
	int rc = -1;
	if (p[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd)))
			goto cleanup;
		buf_printf(&abs, "%s/", cwd);
	}
	buf_puts(&abs, p);
	rc = path_resolve(out, "", abs.ptr, abs.len, 0);

cleanup:
	buf_release(&abs);
	return rc;
}
