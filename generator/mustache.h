/* mustache: a Mustache template engine (the full spec: interpolation,
 * sections, inverted sections, comments, set delimiters, partials with
 * standalone indentation, and inheritance: {{<parent}} and {{$block}}).
 *
 * A mustache_set holds named templates, compiled once by mustache_set_add.
 * After loading, the set is read-only: mustache_render may be called from
 * many threads at once on the same set.  Partials ({{>name}}) and parents
 * ({{<name}}) are looked up by name in the same set; a missing partial
 * renders as nothing (as the spec says).  Templates render against a val
 * (val.h); {{name}} HTML-escapes & < > " ', {{{name}}} and {{&name}} do not.
 * Falsy: null, false, "", []. */
#ifndef CAIRN_MUSTACHE_H
#define CAIRN_MUSTACHE_H

#include <stddef.h>

#include "buf.h"
#include "val.h"

struct mustache_set;

struct mustache_set *mustache_set_new(void);
void mustache_set_free(struct mustache_set *s);

/* Compiles text as template `name` (copied), replacing any template of
 * that name.  On a syntax error returns -1 and writes "line N: message"
 * into err (the template is not added). */
int mustache_set_add(struct mustache_set *s, const char *name, const char *text,
		     size_t len, struct buf *err);

/* True when the set holds a template of that name. */
int mustache_set_has(const struct mustache_set *s, const char *name);

/* Renders template `name` with ctx as the root context, appending to out.
 * Returns -1 (and writes err) when there is no such template, or when the
 * render goes past its bounds: partials and parents nested 64 deep, 67
 * million steps (nodes, iterations, expansions, contexts searched), 256 MiB
 * written; out then holds what was written before. */
int mustache_render(struct buf *out, const struct mustache_set *s,
		    const char *name, const struct val *ctx, struct buf *err);

#endif
