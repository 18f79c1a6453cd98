#include "buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "xalloc.h"

char buf_empty[1];

void buf_init(struct buf *b)
{
	b->ptr = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap < ((size_t)1 << 30) ? cap * 2 : cap + ((size_t)1 << 30);
	if (b->cap) {
		b->ptr = xrealloc(b->ptr, cap);
	} else {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

/* buf_grow for the appends below: the common answer (there is room)
 * without a call. */
static inline void reserve(struct buf *b, size_t extra)
{
	if (b->len + extra >= b->cap)
		buf_grow(b, extra);
}

void buf_clear(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void buf_put(struct buf *b, const char *p, size_t n)
{
	if (!n)
		return;
	reserve(b, n);
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_puts_lower(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	buf_grow(b, n);
	for (size_t i = 0; i < n; i++)
		b->ptr[b->len + i] = ascii_lower(s[i]);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_putc(struct buf *b, char c)
{
	reserve(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256];
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	if ((size_t)n < sizeof(small))
		memcpy(b->ptr + b->len, small, (size_t)n + 1);
	else
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Bytes that buf_put_html replaces. */
static const unsigned char html_special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1,
};

/* Sixteen bytes at once: GCC's vector extension, one compare a special
 * byte (SSE2 on x86-64, plain 64-bit words elsewhere). */
typedef unsigned char html_v16 __attribute__((vector_size(16)));

/* True when none of the 16 bytes at p is one buf_put_html replaces. */
static int html_plain16(const char *p)
{
	html_v16 v;
	memcpy(&v, p, sizeof(v));
	html_v16 hit = (html_v16)(v == '&') | (html_v16)(v == '<') |
		       (html_v16)(v == '>') | (html_v16)(v == '"') |
		       (html_v16)(v == '\'');
	uint64_t w[2];
	memcpy(w, &hit, sizeof(w));
	return (w[0] | w[1]) == 0;
}

void buf_put_html(struct buf *b, const char *p, size_t n)
{
	size_t start = 0, i = 0;
	reserve(b, n);
	while (i < n) {
		/* sixteen plain bytes are passed whole; else they are looked
		 * at one by one */
		if (i + 16 <= n && html_plain16(p + i)) {
			i += 16;
			continue;
		}
		size_t stop = n - i > 16 ? i + 16 : n;
		for (; i < stop; i++) {
			const char *rep;
			size_t rn;
			if (!html_special[(unsigned char)p[i]])
				continue;
			switch (p[i]) {
			case '&': rep = "&amp;", rn = 5; break;
			case '<': rep = "&lt;", rn = 4; break;
			case '>': rep = "&gt;", rn = 4; break;
			case '"': rep = "&quot;", rn = 6; break;
			case '\'': rep = "&#39;", rn = 5; break;
			default: continue;
			}
			buf_put(b, p + start, i - start);
			buf_put(b, rep, rn);
			start = i + 1;
		}
	}
	buf_put(b, p + start, n - start);
}

void buf_put_json(struct buf *b, const char *p, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char tmp[8];
		const char *rep = NULL;
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\t')
			rep = "\\t";
		else if (c == '\r')
			rep = "\\r";
		else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			/* < > & escaped so JSON is safe inside <script> too */
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			rep = tmp;
		} else
			continue;
		buf_put(b, p + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, p + start, n - start);
}

int buf_read_file(struct buf *b, const char *path, size_t max)
{
	char chunk[65536];
	size_t got, start = b->len;
	int ret = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len - start + got > max) {
			ret = -2;
			break;
		}
		buf_put(b, chunk, got);
	}
	if (!ret && ferror(f))
		ret = -1;
	int saved = errno;
	fclose(f);
	errno = saved;
	return ret;
}
