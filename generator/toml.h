/* toml: a small strict TOML reader into vals, for the lock files cairn
 * reads (Cargo.lock, poetry.lock).
 *
 * Read: comments; key = value with bare, quoted and dotted keys; [tables]
 * and [[arrays of tables]] (dotted, quoted); basic and literal strings,
 * single- and multi-line, with TOML's escapes; decimal integers (with '_')
 * and floats; true and false; arrays (over several lines, trailing comma
 * allowed) and inline tables; dates and times are kept as their text.  Not
 * read (an error): hexadecimal, octal and binary integers, inf and nan.
 * Errors: a key or table defined twice, invalid UTF-8, a control
 * character, nesting deeper than TOML_MAX_DEPTH, anything else TOML does
 * not allow.  Tables are maps, arrays (of tables too) are lists; every val
 * records its line.  Everything is allocated in the arena. */
#ifndef CAIRN_TOML_H
#define CAIRN_TOML_H

#include <stddef.h>

#include "arena.h"
#include "parse_error.h"
#include "val.h"

#define TOML_MAX_DEPTH 100

/* Parses text (len bytes).  Returns 0 with *out the root table, or -1 with
 * err saying what is wrong and where, and *out NULL. */
int toml_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err);

#endif
