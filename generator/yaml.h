/* yaml: YAML (and JSON) text to vals, with source lines, using libyaml.
 *
 * Plain scalars are typed as YAML 1.2's core schema does (null, true/false,
 * integers, floats); quoted scalars are strings.  Aliases share the anchored
 * val (no copy); a document whose aliases would expand past a number of
 * nodes (struct yaml_limits: the default below, or cairn.yaml's limits) or
 * YAML_MAX_TEXT bytes of scalar text, or that nests deeper than a number of
 * levels, is refused, so alias bombs (a list of a million aliases, or a
 * thousand aliases of a one-megabyte string, which every page or export
 * showing the value would write out in full) and deep nesting cost bounded
 * time and memory.  Merge keys (<<) are
 * applied.  Everything is allocated in the arena. */
#ifndef CAIRN_YAML_H
#define CAIRN_YAML_H

#include <stddef.h>

#include "arena.h"
#include "val.h"

#define YAML_MAX_DEPTH 200
#define YAML_MAX_NODES 2000000
#define YAML_MAX_TEXT (64 << 20)

struct yaml_limits {
	size_t depth;	 /* deepest nesting of collections */
	size_t nodes;	 /* most nodes a document may expand to, counting each
		       * use of an alias as a copy of what it names */
	int unique_keys; /* a key given twice in a mapping is an error (else
			  * the last wins); keys merged with "<<" may be
			  * given again */
};
#define YAML_LIMITS_INIT                          \
	{                                         \
		YAML_MAX_DEPTH, YAML_MAX_NODES, 0 \
	}

struct yaml_error {
	int line; /* 1-based; 0 when unknown */
	char msg[256];
};

/* Parses every document of text.  On success returns 0 and *out is a list
 * of the documents (an empty document is a null val).  On error returns -1,
 * fills err, and *out holds the documents completed before the error. */
int yaml_parse_all(struct val **out, struct arena *a, const char *text,
		   size_t len, struct yaml_error *err);

/* Parses the first document only (null when the text is empty). */
int yaml_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct yaml_error *err);

/* The same with limits (NULL: the defaults). */
int yaml_parse_all_limited(struct val **out, struct arena *a, const char *text,
			   size_t len, const struct yaml_limits *lim,
			   struct yaml_error *err);
int yaml_parse_limited(struct val **out, struct arena *a, const char *text, size_t len,
		       const struct yaml_limits *lim, struct yaml_error *err);

#endif
