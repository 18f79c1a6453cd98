/* json: a strict JSON (RFC 8259) reader into vals, fast enough for lock
 * files of thousands of packages (libyaml reads JSON too, but at a tenth
 * of the speed).
 *
 * Strings must be valid UTF-8 and hold no NUL (nor "\u0000"); numbers
 * must fit a double; nesting deeper than JSON_MAX_DEPTH is refused.  A
 * UTF-8 byte order mark at the start is skipped.  Objects keep their
 * members in order, duplicates included (val_get finds the first).  Every
 * val records the line it starts on.  Everything is allocated in the
 * arena.
 *
 * A text json_parse accepts is valid UTF-8 without NUL bytes: outside
 * strings only ASCII is JSON, and strings are checked. */
#ifndef CAIRN_JSON_H
#define CAIRN_JSON_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "parse_error.h"
#include "val.h"

#define JSON_MAX_DEPTH 200

/* Parses text (len bytes).  Returns 0 with *out the value, or -1 with err
 * saying what is wrong and where, and *out NULL. */
int json_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err);

/* ---- reading a large text piecewise
 *
 * A cursor walks the one value of a text from the front, for a reader
 * that keeps a little of a large file (a lock file's names and versions,
 * not its URLs and hashes): it enters the objects it wants, member by
 * member, builds the values it keeps and skips the others.  A skipped
 * value is checked exactly as json_parse checks it, without building
 * anything, so a text gives the same error (message and line) whichever
 * way it is read, at the point json_parse would stop.  A reader that
 * wants the whole file checked ends with json_cursor_finish.
 *
 * Calls return -1 with the cursor's err set on a JSON error; after one,
 * the cursor is done with (release it). */
struct json_cursor {
	const char *s, *end; /* what is left of the text */
	int line, depth;
	struct arena *a; /* where values are built */
	struct buf tmp;	 /* a string with escapes, decoded */
	struct parse_error *err;
};

/* A cursor at the start of text (a byte order mark passed); values are
 * built in a.  text and err must outlive it. */
void json_cursor_init(struct json_cursor *c, struct arena *a, const char *text,
		      size_t len, struct parse_error *err);
void json_cursor_release(struct json_cursor *c);

/* Passes the white space before the next value: returns its first byte
 * ('{', '[', '"', 't', 'f', 'n', or what starts a number: or any other
 * byte, which json_cursor_skip then reports as json_parse does), with
 * *line its line; -1 at the end of the text (err set). */
int json_cursor_peek(struct json_cursor *c, int *line);

/* Enters the object at the cursor (json_cursor_peek said '{'): 1 when a
 * member follows (read its name with json_cursor_key), 0 when the object
 * is empty (and passed), -1 when it nests too deep. */
int json_cursor_object(struct json_cursor *c);

/* A member's name, *key (*n bytes, not NUL-terminated: in the text, or
 * the cursor's own when it had escapes; good until the cursor reads
 * another string), and the ':' after it; then read or skip its value.
 * 0 or -1. */
int json_cursor_key(struct json_cursor *c, const char **key, size_t *n);

/* json_cursor_key for the members whose name is among names (a
 * NULL-terminated list): the others (names and values) are checked and
 * passed.  1 with names[*which] the member's name, the cursor at its
 * value; 0 past the object's '}' (no more such members); -1. */
int json_cursor_member(struct json_cursor *c, const char *const *names, int *which);

/* After a member's value: 1 when another member follows, 0 past the
 * object's '}', -1 when neither comes. */
int json_cursor_next(struct json_cursor *c);

/* Builds the value at the cursor in the cursor's arena (*out, with its
 * line), or checks and passes it without building (out NULL).  0 or -1. */
int json_cursor_value(struct json_cursor *c, struct val **out);

/* The string at the cursor, *out its copy in the cursor's arena; or
 * *out NULL when the value is not a string (checked and passed).  0 or
 * -1. */
int json_cursor_string(struct json_cursor *c, const char **out);

/* After the text's value: 0 when only white space is left, else -1. */
int json_cursor_finish(struct json_cursor *c);

#endif
