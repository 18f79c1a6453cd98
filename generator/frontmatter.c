#include "frontmatter.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "outline.h"
#include "parse_error.h"
#include "toml.h"

/* If the line at s[i..len) is exactly `mark` (three bytes) followed by
 * optional spaces or tabs, returns the offset just past its line break (or
 * len at the end of the text); else returns 0.  i < len. */
static size_t marker_line(const char *s, size_t len, size_t i, const char *mark)
{
	if (len - i < 3 || memcmp(s + i, mark, 3) != 0)
		return 0;
	i += 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len)
		return len;
	if (s[i] == '\n')
		return i + 1;
	if (s[i] == '\r')
		return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
	return 0;
}

/* Offset just past the next line break at or after i, or len. */
static size_t next_line(const char *s, size_t len, size_t i)
{
	const char *nl = memchr(s + i, '\n', len - i);
	return nl ? (size_t)(nl - s) + 1 : len;
}

static void set_err(struct yaml_error *err, int line, const char *msg)
{
	if (!err)
		return;
	err->line = line;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

int frontmatter_parse(struct frontmatter *out, struct arena *a, const char *src,
		      size_t len, struct yaml_error *err)
{
	return frontmatter_parse_limited(out, a, src, len, NULL, err);
}

/* Hugo's TOML front matter: "+++" lines around TOML, its text from i (past
 * the opening line) of src.  As the YAML block: 0, or -1 with err, meta an
 * empty map and the body after the block; unterminated, not front matter. */
static int toml_block(struct frontmatter *out, struct arena *a, const char *src,
		      size_t len, size_t i, struct yaml_error *err)
{
	size_t from = i, close = 0;
	int line = 2;
	for (; i < len; i = next_line(src, len, i), line++)
		if ((close = marker_line(src, len, i, "+++")))
			break;
	if (!close)
		return 0;
	out->present = 1;
	out->toml = 1;
	out->body = src + close;
	out->body_len = len - close;
	out->body_line = line + 1;
	struct val *doc = NULL;
	struct parse_error pe;
	parse_error_clear(&pe);
	if (toml_parse(&doc, a, src + from, i - from, &pe) < 0) {
		/* its lines count from the block's first: the file's second */
		set_err(err, pe.line ? pe.line + 1 : 1, pe.msg);
		return -1;
	}
	if (doc && doc->type == VAL_MAP)
		out->meta = doc;
	return 0;
}

int frontmatter_parse_limited(struct frontmatter *out, struct arena *a,
			      const char *src, size_t len,
			      const struct yaml_limits *lim, struct yaml_error *err)
{
	size_t start = 0, i, end = 0, close = 0;
	int line = 2, rc = -1;
	struct val *docs = NULL, *doc;

	out->meta = val_map(a);
	out->body = src;
	out->body_len = len;
	out->body_line = 1;
	out->present = 0;
	out->toml = 0;
	out->unclosed = 0;
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}

	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		start = 3; /* a byte order mark */
	if (start < len && (i = marker_line(src, len, start, "+++")) && i < len)
		return toml_block(out, a, src, len, i, err);
	if (start >= len || !(i = marker_line(src, len, start, "---")) || i == len)
		return 0;

	/* find the closing line; a lone "\r" is not a line break here */
	for (; i < len; i = next_line(src, len, i), line++) {
		close = marker_line(src, len, i, "---");
		if (!close)
			close = marker_line(src, len, i, "...");
		if (close) {
			end = i;
			break;
		}
	}
	if (!close) {
		/* unterminated: not front matter; a "key:" after the opening
		 * line says it was meant to be */
		size_t k = marker_line(src, len, start, "---");
		while (k < len && ((src[k] >= 'a' && src[k] <= 'z') ||
				   (src[k] >= 'A' && src[k] <= 'Z') ||
				   src[k] == '_' || (src[k] == '-' && k > 3)))
			k++;
		out->unclosed = k < len && src[k] == ':' &&
				k > marker_line(src, len, start, "---");
		return 0;
	}

	out->present = 1;
	out->body = src + close;
	out->body_len = len - close;
	out->body_line = line + 1;

	/* The YAML handed over starts with the opening "---" (a document start
	 * marker), so the lines libyaml reports are the source file's. */
	if (yaml_parse_all_limited(&docs, a, src, end, lim, err) < 0) {
		if (err && !err->line)
			err->line = 1;
		goto cleanup;
	}
	if (docs->u.list.len > 1) {
		/* a "--- text" line inside the block starts another document */
		doc = docs->u.list.items[1];
		set_err(err, doc->line ? doc->line : 1,
			"front matter holds more than one YAML document");
		goto cleanup;
	}
	doc = docs->u.list.len ? docs->u.list.items[0] : NULL;
	if (!doc || doc->type == VAL_NULL) {
		rc = 0;
		goto cleanup;
	}
	if (doc->type != VAL_MAP) {
		set_err(err, doc->line ? doc->line : 1, "front matter is not a mapping");
		goto cleanup;
	}
	out->meta = doc;
	rc = 0;

cleanup:
	return rc;
}

/* ---------------------------------------------------------------- fields */

const struct val *frontmatter_get(const struct val *meta, const char *key)
{
	if (!meta || meta->type != VAL_MAP)
		return NULL;
	for (size_t i = 0; i < meta->u.map.len; i++) {
		const struct val_pair *p = &meta->u.map.pairs[i];
		if (outline_words_eq(p->key, p->key_len, key))
			return p->val;
	}
	return NULL;
}

const char *frontmatter_text(struct arena *a, const struct val *v)
{
	struct buf t = BUF_INIT;
	const char *s, *res = NULL;
	size_t n;

	if (!v || val_scalar_text(&t, v) < 0)
		goto cleanup;
	n = strnlen(t.ptr, t.len);
	s = outline_trim(t.ptr, &n);
	if (n)
		res = arena_strndup(a, s, n);

cleanup:
	buf_release(&t);
	return res;
}

static void add_name(struct arena *a, const char ***items, size_t *len,
		     size_t *cap, const char *s, size_t n)
{
	s = outline_trim(s, &n);
	if (n && *s == '@')
		s++, n--;
	if (!n)
		return;
	ARENA_GROW(a, *items, *cap, *len + 1);
	(*items)[(*len)++] = arena_strndup(a, s, n);
}

static void add_names_text(struct arena *a, const char ***items, size_t *len,
			   size_t *cap, const char *s, size_t n)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != ',' && s[j] != ';' && s[j] != '\n')
			j++;
		add_name(a, items, len, cap, s + i, j - i);
		i = j + 1;
	}
}

size_t frontmatter_names_text(struct arena *a, const char *s, size_t n,
			      const char ***out)
{
	const char **items = NULL;
	size_t len = 0, cap = 0;
	if (s)
		add_names_text(a, &items, &len, &cap, s, n);
	*out = len ? items : NULL;
	return len;
}

size_t frontmatter_names(struct arena *a, const struct val *v, const char ***out)
{
	const char **items = NULL;
	size_t len = 0, cap = 0;

	if (v && v->type == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			const struct val *e = v->u.list.items[i];
			const char *t;
			if (e && e->type == VAL_MAP)
				e = frontmatter_get(e, "name");
			t = frontmatter_text(a, e);
			if (t)
				add_name(a, &items, &len, &cap, t, strlen(t));
		}
	} else if (v && v->type != VAL_MAP) {
		const char *t = frontmatter_text(a, v);
		if (t)
			add_names_text(a, &items, &len, &cap, t, strlen(t));
	}
	*out = len ? items : NULL;
	return len;
}
