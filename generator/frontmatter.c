#include "frontmatter.h"

#include <stdio.h>
#include <string.h>

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

int frontmatter_parse(struct frontmatter *out, struct arena *a,
		      const char *src, size_t len, struct yaml_error *err)
{
	return frontmatter_parse_limited(out, a, src, len, NULL, err);
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
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}

	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		start = 3; /* a byte order mark */
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
	if (!close)
		return 0; /* unterminated: not front matter */

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
		set_err(err, doc->line ? doc->line : 1,
			"front matter is not a mapping");
		goto cleanup;
	}
	out->meta = doc;
	rc = 0;

cleanup:
	return rc;
}
