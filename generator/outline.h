/* outline: the structure of a Markdown document as plain text blocks
 * (headings, paragraphs, list items, table rows) that keep their file
 * lines, for the parsers that read records out of documents (rfc.c,
 * postmortem.c); and the small text helpers those parsers share to read
 * the blocks' lines ("Key: value", words compared loosely).
 *
 * The document is read with md4c in the dialect the page renderer uses
 * (GitHub's, raw HTML off), so the structure read here is the structure
 * readers see. */
#ifndef CAIRN_OUTLINE_H
#define CAIRN_OUTLINE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum outline_block_kind {
	OUTLINE_HEADING, /* level 1..6 */
	OUTLINE_PARA,	 /* a paragraph outside list items */
	OUTLINE_ITEM,	 /* a list item: its own paragraphs, not its sublists */
	OUTLINE_ROW	 /* a table row: level 1 for the header row */
};

struct outline_cell {
	const char *text; /* plain text, never NULL */
	size_t len;
	int struck; /* the cell opens with struck-through text */
};

/* One block of the document.  Text is plain (markup gone, entities decoded,
 * HTML comments dropped, invalid UTF-8 replaced), with '\n' between source
 * lines; lines[i] is the file line of text line i. */
struct outline_block {
	enum outline_block_kind kind;
	int level;
	int depth;	  /* list items enclosing the block (not itself) */
	int line;	  /* file line of the block's first line */
	const char *text; /* never NULL */
	size_t len;
	const int *lines;
	size_t nlines;	  /* at least 1 */
	const char *href; /* the first link's URL, or NULL */
	int task;	  /* items: 0 not a task, 1 "[ ]", 2 "[x]" */
	int struck;	  /* the text opens with struck-through text */
	struct outline_cell *cells; /* rows */
	size_t ncells;
};

struct outline {
	struct outline_block *blocks; /* in document order; a list item
				       * comes before the items nested in
				       * it */
	size_t len;
};

/* Outlines body (len bytes, need not be NUL-terminated, may be NULL; from
 * file line body_line) into the arena, which owns everything in *out.
 * What the text opens with (a byte order mark, blank lines, HTML comments:
 * markdown_lead) is skipped; code blocks are left out.  Returns 0,
 * or -1 when md4c failed (the outline then holds the blocks read before the
 * failure). */
int outline_parse(struct outline *out, struct arena *a, const char *body,
		  size_t len, int body_line);

/* outline_parse, and md4c's callbacks for body recorded into tape (may be
 * NULL; mdtape.h) for the page's render of the same text to play back
 * instead of parsing it again.  The tape is left empty when it could not
 * serve the page: body opens with something skipped (markdown_lead), or
 * the parse failed. */
int outline_parse_tape(struct outline *out, struct arena *a, const char *body,
		       size_t len, int body_line, struct buf *tape);

/* A place in a block's text lines, for outline_next_line. */
struct outline_cursor {
	size_t off;   /* byte offset of the next line */
	size_t index; /* its index in the block's lines */
};
#define OUTLINE_CURSOR_INIT \
	{                   \
		0, 0        \
	}

/* Iterates over the text lines of b, first to last (a block of no text has
 * one empty line), from a cursor set to OUTLINE_CURSOR_INIT: each call sets
 * *s and *n to the next line (not trimmed) and *line to its file line, and
 * returns 1; 0 after the last. */
int outline_next_line(const struct outline_block *b, struct outline_cursor *c,
		      const char **s, size_t *n, int *line);

/* ------------------------------------------------------------------------
 * Text helpers shared by the readers of an outline.  "Blank" bytes are
 * ASCII spaces (ascii_is_space). */

/* Trims blanks from both ends of s[0..*n); returns the new start. */
const char *outline_trim(const char *s, size_t *n);

/* Is s[0..n) all blank (or empty)? */
int outline_blank(const char *s, size_t n);

/* Does s[0..n) start with the lower-case ASCII word w, ignoring case? */
int outline_starts_with(const char *s, size_t n, const char *w);

/* Compares a with the lower-case words b, ignoring case, leading and
 * trailing spaces, and treating runs of spaces, '-' and '_' as one space. */
int outline_words_eq(const char *a, size_t an, const char *b);

/* Splits a "Key: value" line.  The key is 1..40 letters, digits, spaces,
 * '-' or '_' starting with a letter (a '#' just before the colon, as in
 * "RFC PR #:", is not the key's); the value is trimmed and not empty.
 * Returns 1 and sets the four outputs, else 0. */
int outline_key_value(const char *s, size_t n, const char **key, size_t *klen,
		      const char **value, size_t *vlen);

#endif
