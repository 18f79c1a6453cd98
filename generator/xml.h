/* xml: a small strict XML reader, for Maven's pom.xml.
 *
 * Read: the XML declaration and processing instructions (skipped),
 * comments, elements with attributes (checked, not kept), character data
 * with the five predefined entities and character references, CDATA
 * sections.  Errors: a DOCTYPE (its entities could expand without bound),
 * an unknown entity, tags that do not pair, more than one root element,
 * text outside it, invalid UTF-8, nesting deeper than XML_MAX_DEPTH.  The
 * result is a tree of elements; each keeps the text directly inside it
 * (entities decoded, CDATA included, not trimmed).  Everything is
 * allocated in the arena. */
#ifndef CAIRN_XML_H
#define CAIRN_XML_H

#include <stddef.h>

#include "arena.h"
#include "parse_error.h"

#define XML_MAX_DEPTH 200

struct xml_node {
	const char *name; /* as written, with any prefix: "project", "m:x" */
	const char *text; /* never NULL */
	size_t text_len;
	struct xml_node *parent, *first, *last, *next; /* children in order */
	int line;				       /* of its start tag */
};

/* Parses text (len bytes).  Returns 0 with *out the root element, or -1
 * with err saying what is wrong and where, and *out NULL. */
int xml_parse(struct xml_node **out, struct arena *a, const char *text,
	      size_t len, struct parse_error *err);

/* The first child of n named name, or NULL (n may be NULL). */
const struct xml_node *xml_child(const struct xml_node *n, const char *name);

/* The text of n's child name with blanks at both ends trimmed, in the
 * arena; NULL when n has no such child. */
const char *xml_child_text(struct arena *a, const struct xml_node *n, const char *name);

#endif
