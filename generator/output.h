/* output: writing the site so that readers never see a half-built one,
 * and writing only what changed.
 *
 * Every file of a site is listed in a manifest kept in the site folder
 * (.cairn-manifest): its path, the fingerprint of the inputs it was made
 * from, the hash of its bytes and the diagnostics found while making it.
 *
 * output_begin makes a staging folder beside the final one.  Files are
 * handed over by site-relative paths (made of safe segments: no "..", no
 * leading '/', no empty segment; anything else is refused).  A file whose
 * bytes are those the site already holds is not written at all, so its
 * mtime stays and rsync or a CDN upload sends only what changed.
 *
 * output_commit then publishes: when there was no site (or no manifest),
 * the staging folder replaces the final one in one rename (an atomic
 * exchange where the system has it); otherwise each changed file is moved
 * into the site by rename (each file atomic) and files the build no longer
 * makes are removed.  Nothing touches the final folder before output_commit,
 * so a failed build (output_abort) leaves the previous site as it was.  A
 * folder holding files that cairn did not write (no .cairn-site marker) is
 * never replaced.  Two builds into the same output do not interleave: the
 * second finds the lock file beside the output (.<name>.lock, held with
 * flock while a build runs) taken and stops with a clear message.  Every
 * function is safe from several threads except output_begin, output_commit
 * and output_abort. */
#ifndef CAIRN_OUTPUT_H
#define CAIRN_OUTPUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

struct output_entry {
	const char *path;
	uint64_t fp;       /* fingerprint of the inputs (0: none) */
	uint64_t hash;     /* of the bytes */
	const char *diags; /* serialized diagnostics (cache.h), may be NULL */
	size_t diags_len;
};

struct output_manifest {
	struct output_entry *items;
	size_t len, cap;
	size_t *index;     /* open addressing over items, by path */
	size_t index_cap;
	struct arena arena;
};

struct output {
	char *final_dir;
	char *tmp_dir;
	int update;                  /* publish by moving changed files */
	struct output_manifest old;  /* what the site holds (read-only) */
	struct output_manifest cur;  /* what this build made */
	char **staged;               /* files written to tmp_dir (update) */
	size_t nstaged, staged_cap;
	size_t written;              /* files whose bytes changed */
	int lock_fd;                 /* holds the output's lock file */
	pthread_mutex_t lock;
};

#define OUTPUT_MARKER ".cairn-site"
#define OUTPUT_MANIFEST ".cairn-manifest"

/* Returns -1 with err when the folder cannot be made or the final folder
 * exists and is not a cairn site. */
int output_begin(struct output *o, const char *final_dir, struct buf *err);
/* Hands over the bytes of rel (site-relative), made from inputs with
 * fingerprint fp (0 when unknown) and with the serialized diagnostics
 * diags (may be NULL).  Writes them only when they differ from the site's.
 * Returns -1 with err on failure. */
int output_put(struct output *o, const char *rel, uint64_t fp,
	       const char *data, size_t len, const char *diags,
	       size_t diags_len, struct buf *err);
/* output_put with no fingerprint and no diagnostics. */
int output_write(struct output *o, const char *rel, const char *data,
		 size_t len, struct buf *err);
/* The site's entry for rel when it was made from inputs with fingerprint
 * fp (fp != 0), or NULL.  When it is returned, the file is kept as it is
 * (and listed in the new manifest): the caller need not make it. */
const struct output_entry *output_reuse(struct output *o, const char *rel,
					uint64_t fp);
/* True when the site being updated holds rel (from its manifest). */
int output_holds(const struct output *o, const char *rel);
/* Keeps every file the site holds whose path starts with prefix. */
void output_reuse_prefix(struct output *o, const char *prefix);
/* True when rel is a safe site-relative path. */
int output_path_safe(const char *rel);
int output_commit(struct output *o, struct buf *err);
void output_abort(struct output *o);

/* Removes a folder tree (used for the old site and the cache).  Symlinks are
 * removed, never followed. */
int output_remove_tree(const char *path);

#endif
