/* frontmatter: YAML front matter at the top of a Markdown file.
 *
 * Front matter is a block that opens with a line "---" as the very first
 * line and closes with a line "---" or "...".  */
#ifndef CAIRN_FRONTMATTER_H
#define CAIRN_FRONTMATTER_H

#include <stddef.h>

#include "arena.h"
#include "val.h"
#include "yaml.h"

struct frontmatter {
	struct val *meta; /* a map (empty when there is none or it is bad) */
	const char *body; /* points into the source */
	size_t body_len;
	int body_line; /* 1-based line of the source where body starts */
	int present;   /* a front matter block was found */
	int toml;      /* it is Hugo's TOML, between "+++" lines */
	int unclosed;  /* a "---" line opens the source, a "key:" line
			* follows, and no "---" or "..." line closes them:
			* not front matter (the whole source is body), most
			* likely by mistake */
};

/* Splits and parses.  Returns 0, or -1 when the block is there but is not
 * valid YAML or not a mapping: err then says why (line relative to the
 * source file), meta is an empty map and body starts after the block.  An
 * unterminated block is not front matter (the whole source is body). */
int frontmatter_parse(struct frontmatter *out, struct arena *a, const char *src,
		      size_t len, struct yaml_error *err);
/* The same within YAML limits (NULL: the defaults). */
int frontmatter_parse_limited(struct frontmatter *out, struct arena *a,
			      const char *src, size_t len,
			      const struct yaml_limits *lim, struct yaml_error *err);

/* ------------------------------------------------------------------------
 * Reading fields of front matter as people write them */

/* The value of key in meta, keys compared with outline_words_eq (so
 * "decision-makers", "decision_makers" and "Decision makers" match
 * "decision makers"); NULL when meta is not a map or lacks it. */
const struct val *frontmatter_get(const struct val *meta, const char *key);

/* A scalar as trimmed text in the arena, or NULL (null, lists, maps and
 * empty text). */
const char *frontmatter_text(struct arena *a, const struct val *v);

/* A list of names: a YAML list (of scalars, or of maps with a "name"), or
 * text separated by ',' or ';'.  Names are trimmed, a leading '@' is
 * dropped, empty ones skipped.  Returns the count; *out (in the arena) is
 * NULL when 0.  frontmatter_names_text reads the text form from s[0..n)
 * (s may be NULL), as written in a document's "Authors: a, b" line. */
size_t frontmatter_names(struct arena *a, const struct val *v, const char ***out);
size_t frontmatter_names_text(struct arena *a, const char *s, size_t n,
			      const char ***out);

#endif
