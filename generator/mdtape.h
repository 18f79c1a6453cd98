/* mdtape: md4c's callbacks for one text, recorded while a first reader
 * parses it and played back to a second reader instead of parsing it again.
 *
 * The crawl parses each RFC and post-mortem for its record (outline.c); its
 * page parses the same text again (markdown.c).  The tape keeps what md4c
 * told the first: each block and span entered and left with its details,
 * each piece of text.  A pointer into the text is kept as an offset and
 * played back as the same offset into the second reader's copy of it (so
 * the callbacks' "is this in the source, and where" reads the same); a
 * pointer elsewhere (md4c's "\n" for a line break, an attribute it unescaped
 * into a buffer of its own) is kept as its bytes.  The tape is made of
 * 32-bit words in the machine's order: it lives for one build, never in a
 * cache.
 *
 * A tape fits a parse of text of the same size with the same parser flags,
 * or with flags that differ only in raw HTML (MD_FLAG_NOHTML) when the text
 * holds no '<' (raw HTML, block or inline, opens with one). */
#ifndef CAIRN_MDTAPE_H
#define CAIRN_MDTAPE_H

#include <md4c.h>
#include <stddef.h>

#include "buf.h"

/* md_parse(text, size, parser, userdata), its callbacks recorded into tape
 * (cleared first) for a player whose text holds skip bytes of blank lines
 * (spaces, tabs, line breaks: md4c reads nothing in them) before these:
 * offsets are kept as offsets into that text.  Returns what md_parse
 * returns; tape is left empty when that is not 0 (a callback stopped the
 * parse, or md4c failed). */
int mdtape_parse(struct buf *tape, const MD_CHAR *text, MD_SIZE size,
		 MD_SIZE skip, const MD_PARSER *parser, void *userdata);

/* Whether tape (len bytes, 4-byte aligned; may be NULL) fits a parse of
 * size bytes of text with these md4c flags. */
int mdtape_fits(const char *tape, size_t len, MD_SIZE size, unsigned flags);

/* Calls parser's callbacks with userdata as md_parse(text, size, ...)
 * would have, from a tape that fits (mdtape_fits).  Returns what the first
 * callback to return non-zero returned, else 0; -1 for a damaged tape
 * (after calling the callbacks up to the damage). */
int mdtape_play(const char *tape, size_t len, const MD_CHAR *text, MD_SIZE size,
		const MD_PARSER *parser, void *userdata);

#endif
