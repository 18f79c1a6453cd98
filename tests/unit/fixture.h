/* fixture: small helpers the readers' unit tests share (test_slo.c,
 * test_techdebt.c, test_oncall.c, test_mustache.c, the search tests, the
 * golden-file tests of alerts, API diffs, dependencies and OpenAPI): a
 * fixture file's text, a whole file's bytes, and a list of diagnostics as
 * the lines cairn prints. */
#ifndef CAIRN_TEST_FIXTURE_H
#define CAIRN_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

/* Makes a fresh folder name-XXXXXX under TMPDIR (the runner's tmpfs) or,
 * when it is not set, /tmp; writes its path to dir (cap bytes) and
 * returns it, or NULL when it cannot be made. */
__attribute__((unused)) static char *fixture_mkdtemp(char *dir, size_t cap,
						     const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(dir, cap, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (n < 0 || (size_t)n >= cap)
		return NULL;
	return mkdtemp(dir);
}

/* The text of the file at path (from the repository's root), NUL-terminated,
 * in a static buffer of 64 KiB (the next call overwrites it); NULL when it
 * cannot be read. */
__attribute__((unused)) static char *fixture_text(const char *path, size_t *len)
{
	static char text[1 << 16];
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	*len = fread(text, 1, sizeof(text) - 1, f);
	text[*len] = '\0';
	fclose(f);
	return text;
}

/* Appends the bytes of the file at path, whatever their size, to out;
 * -1 when it cannot be read. */
__attribute__((unused)) static int fixture_append(struct buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	fclose(f);
	return 0;
}

/* The bytes of the file at path, whatever their size: malloc'd,
 * NUL-terminated, *len their number; NULL when it cannot be read. */
__attribute__((unused)) static char *fixture_read(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	if (fixture_append(&b, path) < 0)
		return NULL;
	return buf_detach(&b, len);
}

/* The diagnostics of d, one formatted line each ending in '\n', in a
 * static buffer (the next call overwrites it). */
__attribute__((unused)) static const char *fixture_diag_lines(const struct diag_list *d)
{
	static char out[8192];
	out[0] = '\0';
	for (size_t i = 0; d && i < d->len; i++) {
		char one[512];
		diag_format(one, sizeof(one), &d->items[i]);
		strncat(out, one, sizeof(out) - strlen(out) - 2);
		strcat(out, "\n");
	}
	return out;
}

#endif
