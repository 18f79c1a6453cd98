/* output: writing the site into a temporary folder and swapping it in.
 *
 * output_begin makes a fresh folder beside the final one; pages are written
 * into it by site-relative paths (which must be made of safe segments: no
 * "..", no leading '/', no empty segment: anything else is refused); on
 * output_commit the new folder replaces the old one in one rename (an atomic
 * exchange where the system has it), and on output_abort it is removed, so
 * a failed build never leaves a half-written site in place of the last good
 * one.  A folder holding files that cairn did not write (no .cairn-site
 * marker) is never replaced.  Writes are safe from several threads. */
#ifndef CAIRN_OUTPUT_H
#define CAIRN_OUTPUT_H

#include <stddef.h>

#include "buf.h"

struct output {
	char *final_dir;
	char *tmp_dir;
};

#define OUTPUT_MARKER ".cairn-site"

/* Returns -1 with err when the folder cannot be made or the final folder
 * exists and is not a cairn site. */
int output_begin(struct output *o, const char *final_dir, struct buf *err);
/* Writes data to rel (site-relative).  Returns -1 with err on failure. */
int output_write(struct output *o, const char *rel, const char *data,
		 size_t len, struct buf *err);
/* True when rel is a safe site-relative path. */
int output_path_safe(const char *rel);
int output_commit(struct output *o, struct buf *err);
void output_abort(struct output *o);

/* Removes a folder tree (used for the old site and the cache).  Symlinks are
 * removed, never followed. */
int output_remove_tree(const char *path);

#endif
