/* fixture: small helpers the readers' unit tests share (test_slo.c,
 * test_techdebt.c, test_oncall.c, test_mustache.c, the search tests): a
 * fixture file's text, a whole file's bytes, and a list of diagnostics as
 * the lines cairn prints. */
#ifndef CAIRN_TEST_FIXTURE_H
#define CAIRN_TEST_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

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

/* The bytes of the file at path, whatever their size: malloc'd,
 * NUL-terminated, *len their number; NULL when it cannot be read. */
__attribute__((unused)) static char *fixture_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
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
