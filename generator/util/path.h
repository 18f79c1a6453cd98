/* path: repository paths named by relative references (Markdown links and
 * images, OpenAPI $refs).
 *
 * A reference is resolved against the folder of the file it is written
 * in, or against the root when it starts with '/'; percent escapes may be
 * decoded first ("%00" and malformed escapes stay as written: a path holds
 * no NUL); "." and empty segments are dropped and ".." climbs one folder.
 * The result has no leading '/', e.g. "docs/img/a.png". */
#ifndef CAIRN_PATH_H
#define CAIRN_PATH_H

#include <stddef.h>

#include "buf.h"

/* Writes into out (replacing what it held) the repository path that rel
 * (n bytes; percent-decoded first when decode) names when written in the
 * file at repository path base ("" for the root).  Returns -1 when it
 * climbs above the root. */
int path_resolve(struct buf *out, const char *base, const char *rel, size_t n,
		 int decode);

/* Writes into out (replacing what it held) the folder p (of the file
 * system, relative to the current one or absolute) as an absolute path
 * without ".", ".." or empty segments, and without its leading '/': a key
 * for telling whether two names are the same folder without its being
 * there.  Returns -1 when it cannot be made. */
int path_folder_key(struct buf *out, const char *p);

/* Appends s (n bytes) percent-decoded, keeping "%00" and malformed escapes
 * as written. */
void path_pct_decode(struct buf *out, const char *s, size_t n);

/* The file name in path without its folders and extension (a name that
 * opens with its only dot has none): "docs/adr/0001-x.md" -> "0001-x".
 * Returns a pointer into path and sets *n to the stem's length; "" for
 * NULL. */
const char *path_stem(const char *path, size_t *n);

/* The stem that names a document: path_stem's, or for an index file
 * (README, index, in any case) in a folder, the folder's name
 * ("keps/sig-x/2896-openapi-v3/README.md" -> "2896-openapi-v3"). */
const char *path_name_stem(const char *path, size_t *n);

/* Is name one of a document's sources: found(name, userdata) != 0. */
typedef int (*path_found_fn)(const char *name, void *userdata);

/* A link written for a documentation site's generator (Middleman, Jekyll,
 * Hugo, Docusaurus) names the page it makes, not the page's source:
 * "x.html" for x.html.md or x.md, "x" or "x/" for x.md, x.html.md,
 * x/index.md, x/index.html.md or x/README.md; and one written from the
 * site's root ("/manual/x.html", absolute) starts in the site's source
 * folder, which is the root or a folder of the document at doc
 * ("source/" of "source/manual/y.html.md"), tried from the top down.
 * resolved is the link's path as path_resolve gave it.  Writes into out
 * (replacing what it held) the first of those for which found returns
 * nonzero and returns 0; returns -1 when there is none (out then holds
 * nothing of use). */
int path_site_source(struct buf *out, const char *doc, const char *resolved,
		     int absolute, path_found_fn found, void *userdata);

#endif
