#include "markdown_ids.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "utf8.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes the sequence at s (n > 0 bytes available) into *c; returns its
 * length, or 0 when it is not well-formed UTF-8. */
static size_t get_utf8(const char *s, size_t n, uint32_t *c)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t v, min;

	if (p[0] < 0x80) {
		*c = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2, v = p[0] & 0x1F, min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3, v = p[0] & 0x0F, min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4, v = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*c = v;
	return len;
}

void markdown_put_uint(struct buf *b, unsigned long n)
{
	char s[24];
	size_t i = sizeof(s);

	do {
		s[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	buf_put(b, s + i, sizeof(s) - i);
}

/* ---------------------------------------------------------------- URLs */

static int is_c0_or_space(char c)
{
	return (unsigned char)c <= 0x20;
}

static int is_tab_or_newline(char c)
{
	return c == '\t' || c == '\n' || c == '\r';
}

int markdown_url_safe(const char *url, size_t len, int *relative)
{
	size_t b = 0, e = len, i, sn = 0;
	char scheme[8], first[2] = { 0, 0 };
	int nfirst = 0, rel;

	if (!relative)
		relative = &rel;
	*relative = 0;
	/* what browsers strip before parsing */
	while (b < e && is_c0_or_space(url[b]))
		b++;
	while (e > b && is_c0_or_space(url[e - 1]))
		e--;

	for (i = b; i < e; i++) {
		char c = url[i];
		if (is_tab_or_newline(c))
			continue;
		if (c == ':') {
			if ((sn == 4 && memcmp(scheme, "http", 4) == 0) ||
			    (sn == 5 && memcmp(scheme, "https", 5) == 0) ||
			    (sn == 6 && memcmp(scheme, "mailto", 6) == 0))
				return 1;
			return 0;
		}
		if (c == '/' || c == '?' || c == '#')
			break;
		if (sn < sizeof(scheme))
			scheme[sn] = ascii_lower(c);
		sn++;
	}
	/* no scheme: a fragment, a network-path ("//host", or with backslashes,
	 * which browsers read as slashes), or a relative reference */
	for (i = b; nfirst < 2 && i < e; i++)
		if (!is_tab_or_newline(url[i]))
			first[nfirst++] = url[i];
	if (nfirst == 0 || first[0] == '#')
		return 1;
	if (nfirst == 2 && (first[0] == '/' || first[0] == '\\') &&
	    (first[1] == '/' || first[1] == '\\'))
		return 1;
	*relative = 1;
	return 1;
}

void markdown_clean_url(struct buf *u)
{
	size_t b = 0, e = u->len, n = 0;

	while (b < e && is_c0_or_space(u->ptr[b]))
		b++;
	while (e > b && is_c0_or_space(u->ptr[e - 1]))
		e--;
	for (size_t i = b; i < e; i++)
		if (!is_tab_or_newline(u->ptr[i]))
			u->ptr[n++] = u->ptr[i];
	buf_truncate(u, n);
}

/* ---------------------------------------------------------------- slugs */

/* Whether a non-ASCII code point is kept in a slug.  GitHub keeps letters,
 * marks, numbers and connector punctuation; without Unicode tables, this
 * drops the blocks of punctuation and symbols people actually type (quotes,
 * dashes, arrows, emoji, CJK and full-width punctuation) and keeps the rest. */
static int slug_keeps(uint32_t c)
{
	if (c <= 0xBF)
		return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 ||
		       c == 0xB9 || c == 0xBA || (c >= 0xBC && c <= 0xBE);
	if (c == 0xD7 || c == 0xF7)
		return 0;
	if (c >= 0x2000 && c <= 0x206F)
		return c == 0x203F || c == 0x2040 || c == 0x2054;
	if ((c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2190 && c <= 0x245F) ||
	    (c >= 0x2500 && c <= 0x2775) || (c >= 0x2794 && c <= 0x2BFF) ||
	    (c >= 0x2E00 && c <= 0x2E7F))
		return 0;
	if (c >= 0x3000 && c <= 0x303F)
		return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x302F) ||
		       (c >= 0x3031 && c <= 0x3035) || (c >= 0x3038 && c <= 0x303C);
	if ((c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE50 && c <= 0xFE6F))
		return 0;
	if (c >= 0xFE30 && c <= 0xFE4F)
		return c == 0xFE33 || c == 0xFE34 || c >= 0xFE4D;
	if (c >= 0xFF00 && c <= 0xFF65)
		return !((c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
			 (c >= 0xFF3B && c <= 0xFF40 && c != 0xFF3F) || (c >= 0xFF5B));
	if (c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF) || (c >= 0x1F000 && c <= 0x1FAFF))
		return 0;
	return 1;
}

/* Lower case for the Latin, Greek and Cyrillic capitals of the first
 * blocks; other code points are returned unchanged. */
static uint32_t slug_lower(uint32_t c)
{
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if ((c >= 0x100 && c <= 0x137 && c != 0x130) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c & 1 ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	return c;
}

void markdown_slug(struct buf *out, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		char ch = text[i];
		uint32_t c;
		size_t n;

		if ((unsigned char)ch < 0x80) {
			if (ch >= 'A' && ch <= 'Z')
				buf_putc(out, ascii_lower(ch));
			else if ((ch >= 'a' && ch <= 'z') ||
				 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')
				buf_putc(out, ch);
			else if (ch == ' ')
				buf_putc(out, '-');
			i++;
			continue;
		}
		n = get_utf8(text + i, len - i, &c);
		if (!n) {
			i++; /* not UTF-8: dropped */
			continue;
		}
		if (slug_keeps(c))
			utf8_put(out, slug_lower(c));
		i += n;
	}
}

/* ---------------------------------------------------------------- heading ids */

void markdown_idset_release(struct idset *set)
{
	map_release(&set->map);
	arena_release(&set->keys);
}

void markdown_idset_claim(struct idset *set, struct buf *id, struct buf *scratch)
{
	int added;
	unsigned long n;

	set->map.keys = &set->keys; /* set here: the set starts zeroed */
	struct map_entry *base = map_put(&set->map, id->ptr, id->len, &added);
	if (added) {
		base->num = 1;
		return;
	}
	for (n = base->num;; n++) {
		buf_clear(scratch);
		buf_put(scratch, id->ptr, id->len);
		buf_putc(scratch, '-');
		markdown_put_uint(scratch, n);
		if (!map_get(&set->map, scratch->ptr, scratch->len))
			break;
	}
	base->num = n + 1;
	map_put(&set->map, scratch->ptr, scratch->len, NULL)->num = 1;
	buf_clear(id);
	buf_put(id, scratch->ptr, scratch->len);
}
