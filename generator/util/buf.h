/* buf: the one growable byte buffer used everywhere.
 *
 * A buf is never NULL-pointed and always NUL-terminated: after BUF_INIT,
 * b.ptr points at a static empty string until the first append.  Appends
 * take (pointer, length).  Memory is released with buf_release, or handed
 * to the caller with buf_detach (which the caller then free()s). */
#ifndef CAIRN_BUF_H
#define CAIRN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr is the static empty string */
};

extern char buf_empty[];
#define BUF_INIT                \
	{                       \
		buf_empty, 0, 0 \
	}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Returns the malloc'd string (NUL-terminated) and resets b. */
char *buf_detach(struct buf *b, size_t *len);
void buf_grow(struct buf *b, size_t extra);
void buf_clear(struct buf *b);
void buf_truncate(struct buf *b, size_t len);

void buf_put(struct buf *b, const char *p, size_t n);
void buf_puts(struct buf *b, const char *s);
/* Appends s with its ASCII capitals in lower case (the keys of maps that
 * ignore case: names, references). */
void buf_puts_lower(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Appends p with the HTML special characters & < > " ' escaped. */
void buf_put_html(struct buf *b, const char *p, size_t n);
/* Appends p escaped for a JSON string body (no surrounding quotes). */
void buf_put_json(struct buf *b, const char *p, size_t n);

/* Appends the whole file at path.  Returns 0; -1 when it cannot be opened
 * or read (errno says why); -2 when it is larger than max bytes (what was
 * read is kept). */
int buf_read_file(struct buf *b, const char *path, size_t max);

#endif
