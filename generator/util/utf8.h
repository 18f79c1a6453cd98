/* utf8: checking and repairing UTF-8. */
#ifndef CAIRN_UTF8_H
#define CAIRN_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Returns the byte offset of the first invalid sequence, or len when s is
 * valid UTF-8 (overlongs, surrogates and NUL bytes count as invalid). */
size_t utf8_check(const char *s, size_t len);

/* Appends s to out with each invalid sequence and NUL replaced by U+FFFD.
 * Returns the number of replacements. */
size_t utf8_repair(struct buf *out, const char *s, size_t len);

/* Appends code point c (at most U+10FFFF, not checked further) as UTF-8. */
void utf8_put(struct buf *out, uint32_t c);

/* 1-based line of byte offset off in s. */
int utf8_line_of(const char *s, size_t len, size_t off);

/* Why the file data (len bytes) is not text to read, as a diagnostic
 * ("file is ...: skipped..."), or NULL: a Git LFS pointer (its content is
 * kept outside git), UTF-16 (a byte order mark), or NUL bytes. */
const char *utf8_not_text(const char *data, size_t len);

#endif
