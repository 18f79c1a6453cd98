#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* Length of the well-formed sequence at s[0..len) (1..4), or 0 when it is
 * ill-formed; then *bad is the length of its maximal subpart (at least 1),
 * the number of bytes one U+FFFD replaces.  NUL is ill-formed. */
static size_t seq_len(const unsigned char *s, size_t len, size_t *bad)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

	*bad = 1;
	if (c >= 0x01 && c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		return 0; /* NUL, continuation byte, C0, C1, F5..FF */
	}
	for (size_t i = 1; i < need; i++) {
		if (i >= len)
			return 0;
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			return 0;
		*bad = i + 1;
	}
	return need;
}

/* Sixteen bytes at once: GCC's vector extension (SSE2 on x86-64, plain
 * 64-bit words elsewhere). */
typedef unsigned char utf8_v16 __attribute__((vector_size(16)));

/* True when the 16 bytes at p are ASCII and none is NUL: one compare, as a
 * byte less one (wrapping) is above 0x7E only for NUL and for the bytes
 * with the high bit set. */
static int ascii16(const unsigned char *p)
{
	utf8_v16 v;
	memcpy(&v, p, sizeof(v));
	utf8_v16 hit = (utf8_v16)((utf8_v16)(v - 1) > 0x7E);
	uint64_t w[2];
	memcpy(w, &hit, sizeof(w));
	return (w[0] | w[1]) == 0;
}

size_t utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, bad;

	while (i < len) {
		/* sixteen, then eight ASCII bytes at a time (no byte with the
		 * high bit set, none zero) */
		while (i + 16 <= len && ascii16(p + i))
			i += 16;
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ull) ||
			    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = seq_len(p + i, len - i, &bad);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

size_t utf8_repair(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, count = 0, bad;

	buf_grow(out, len);
	while (i < len) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = seq_len(p + i, len - i, &bad);
		if (n) {
			i += n;
			continue;
		}
		buf_put(out, s + start, i - start);
		buf_put(out, REPLACEMENT, 3);
		count++;
		i += bad;
		start = i;
	}
	buf_put(out, s + start, len - start);
	return count;
}

void utf8_put(struct buf *b, uint32_t c)
{
	char s[4];

	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		buf_put(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		buf_put(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		buf_put(b, s, 4);
	}
}

int utf8_line_of(const char *s, size_t len, size_t off)
{
	int line = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		/* "\n", "\r\n" and a lone "\r" each end a line */
		if (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
			line++;
	}
	return line;
}

const char *utf8_not_text(const char *data, size_t len)
{
	static const char lfs[] = "version https://git-lfs.github.com/spec/";
	static const char hawser[] = "version https://hawser.github.com/spec/";
	if (len < 1024 &&
	    ((len > sizeof(lfs) && !memcmp(data, lfs, sizeof(lfs) - 1)) ||
	     (len > sizeof(hawser) && !memcmp(data, hawser, sizeof(hawser) - 1))))
		return "file is a Git LFS pointer: its content is stored outside git, "
		       "and cairn reads what git holds: skipped; keep it out of Git LFS "
		       "(.gitattributes)";
	if (len >= 2 &&
	    (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
	     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)))
		return "file is UTF-16, not UTF-8: skipped; save it as UTF-8";
	if (memchr(data, '\0', len))
		return "file is not text (it holds NUL bytes): skipped";
	return NULL;
}
