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
	struct val *meta;  /* a map (empty when there is none or it is bad) */
	const char *body;  /* points into the source */
	size_t body_len;
	int body_line;     /* 1-based line of the source where body starts */
	int present;       /* a front matter block was found */
};

/* Splits and parses.  Returns 0, or -1 when the block is there but is not
 * valid YAML or not a mapping: err then says why (line relative to the
 * source file), meta is an empty map and body starts after the block.  An
 * unterminated block is not front matter (the whole source is body). */
int frontmatter_parse(struct frontmatter *out, struct arena *a,
		      const char *src, size_t len, struct yaml_error *err);
/* The same within YAML limits (NULL: the defaults). */
int frontmatter_parse_limited(struct frontmatter *out, struct arena *a,
			      const char *src, size_t len,
			      const struct yaml_limits *lim, struct yaml_error *err);

#endif
