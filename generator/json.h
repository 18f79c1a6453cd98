/* json: a strict JSON (RFC 8259) reader into vals, fast enough for lock
 * files of thousands of packages (libyaml reads JSON too, but at a tenth
 * of the speed).
 *
 * Strings must be valid UTF-8 and hold no NUL (nor "\u0000"); numbers
 * must fit a double; nesting deeper than JSON_MAX_DEPTH is refused.  A
 * UTF-8 byte order mark at the start is skipped.  Objects keep their
 * members in order, duplicates included (val_get finds the first).  Every
 * val records the line it starts on.  Everything is allocated in the
 * arena. */
#ifndef CAIRN_JSON_H
#define CAIRN_JSON_H

#include <stddef.h>

#include "arena.h"
#include "parse_error.h"
#include "val.h"

#define JSON_MAX_DEPTH 200

/* Parses text (len bytes).  Returns 0 with *out the value, or -1 with err
 * saying what is wrong and where, and *out NULL. */
int json_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err);

#endif
