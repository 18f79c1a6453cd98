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
 * output_commit then publishes, always by exchanging whole folders in one
 * step (renameat2 RENAME_EXCHANGE), so that a reader, or a build killed at
 * any moment, sees either the previous site complete or the new one
 * complete:
 *   - with no site yet (or no manifest), the staging folder is a new
 *     temporary folder and is renamed or exchanged into place;
 *   - when updating, the staging folder is the twin: the previous
 *     generation of the site kept beside it (.<name>.prev), whose files are
 *     hard links to the live ones where the bytes are the same.  A build
 *     writes only the files whose bytes changed into the twin, links in
 *     the live files it keeps that the twin lacks, removes what is no
 *     longer made, and exchanges the twin with the live site, which becomes
 *     the next build's twin.  Unchanged files keep their inode and mtime.
 *     The twin's manifest is removed before it is first changed, so a twin
 *     left by a killed build is known to be unknown and rebuilt.  A build
 *     that changes nothing touches neither folder.
 *   - where links or the exchange cannot work (the output is a mount
 *     point, or the file system lacks the exchange), changed files are
 *     staged in a temporary folder and moved into the site one by one
 *     (each file atomic, the site as a whole not).
 * Nothing touches the final folder before output_commit, so a failed build
 * (output_abort) leaves the previous site as it was.  A folder holding
 * files that cairn did not write (no .cairn-site marker) is never
 * replaced.  Two builds into the same output do not interleave: the
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
#include "cache.h"
#include "buf.h"
#include "map.h"

struct output_entry {
	const char *path;
	uint64_t fp;	   /* fingerprint of the inputs (0: none) */
	uint64_t hash;	   /* of the bytes */
	uint64_t gen;	   /* the build that made this file (inode): equal
			    * generations in the site and its twin mean one
			    * file linked twice */
	const char *diags; /* serialized diagnostics (cache.h), may be NULL */
	size_t diags_len;
	const char *assets; /* the images a page links to (render.c), or NULL */
	size_t assets_len;
	const char *links; /* what a page's links looked up in its
			    * repository's tree (render.c), or NULL */
	size_t links_len;
	size_t live; /* in the manifest a build makes: 1 + the index of the
		      * live manifest's entry of this path, 0 when not known
		      * (a hint: checked before it is used) */
	int same;    /* in the manifest a build makes: its record (path,
		   * fingerprint, hash and meta) is the live entry live - 1's,
		   * byte for byte (output_manifest_entries copies it) */
};

/* What the manifest keeps with a file besides its bytes' hash. */
struct output_meta {
	const char *diags; /* serialized diagnostics, may be NULL */
	size_t diags_len;
	const char *assets; /* serialized image references, may be NULL */
	size_t assets_len;
	const char *links; /* serialized lookups of links, may be NULL */
	size_t links_len;
};

struct output_manifest {
	struct output_entry *items;
	size_t len, cap;
	struct map index; /* path -> its item's index; the keys, copied into
			   * the arena, are the items' paths */
	uint64_t gen;	  /* the build that wrote the manifest */
	uint64_t token;	  /* names this generation of the site: caches
			    * kept beside it are trusted only when they were
			    * written for the token the live site carries;
			    * 0 for the twin's, loaded beside it */
	struct arena arena;
	int sorted; /* loaded, its paths in strictly increasing byte order
		     * (as every manifest is written) */
	/* a loaded manifest's file, mapped until the manifest is released:
	 * its entries' diagnostics, images and lookups point into it, and
	 * the next manifest's entries of kept files point at those (the
	 * output folder is cairn's, and its files are replaced by rename,
	 * never rewritten in place) */
	struct cache_map file;
	/* a loaded manifest's: where each entry's record starts in file
	 * (raw[len] where the last ends), or NULL (the twin's) */
	uint32_t *raw;
};

enum output_mode {
	OUTPUT_FRESH,	/* no site (or no manifest): stage it all, swap */
	OUTPUT_TWIN,	/* update through the twin, swap */
	OUTPUT_IN_PLACE /* update by moving changed files in */
};

struct output {
	char *final_dir;
	char *tmp_dir; /* staging: a temporary folder or the twin */
	int exists;    /* the final folder is there, a cairn site */
	int update;    /* the site's manifest was read */
	enum output_mode mode;
	struct output_manifest old;  /* what the site holds (read-only) */
	struct output_manifest cur;  /* what this build made */
	struct output_manifest prev; /* what the twin holds (read-only) */
	/* when prev was loaded beside old (old in path order): prev_at[i]
	 * is 1 + the index in prev of old's entry i's path, or 0; prev's
	 * index then holds only the paths old lacks (prev_find) */
	uint32_t *prev_at;
	int twin_dirty; /* the twin's manifest was removed */
	int twin_empty; /* the twin was started empty */
	int jobs;	/* threads for linking the twin (1) */
	char **staged;	/* in place: files written to tmp_dir;
				      * twin: live files to link into it */
	size_t nstaged, staged_cap;
	size_t written; /* files whose bytes changed */
	int lock_fd;	/* holds the output's lock file */
	char *warning;	/* a manifest was damaged: what, or NULL */
	pthread_mutex_t lock;
	/* the folders made in tmp_dir, when it was started empty (dirs_known):
	 * a folder not listed does not exist, so a file in it is written
	 * with no failed open first */
	int dirs_known;
	struct map dirs; /* tmp_dir-relative paths; keys in dirs_arena */
	struct arena dirs_arena;
	pthread_mutex_t dirs_lock;
	/* cur's manifest file, made once (output_next_token, or the commit):
	 * its bytes, its token */
	struct buf next;
	uint64_t next_token;
	int next_made;
	/* made with next: kept[i] when cur holds old's entry i; NULL when old
	 * is not sorted (then lookups tell) */
	unsigned char *kept;
};

/* An output not begun: output_abort does nothing with it. */
#define OUTPUT_INIT           \
	{                     \
		.lock_fd = -1 \
	}

#define OUTPUT_MARKER ".cairn-site"
#define OUTPUT_MANIFEST ".cairn-manifest"

/* Returns -1 with err when the folder cannot be made or the final folder
 * exists and is not a cairn site.  output_open and output_load in turn. */
int output_begin(struct output *o, const char *final_dir, struct buf *err);
/* The checks that are the user's to fix, quick: the final folder's parent
 * made, the lock taken, the final folder a cairn site or absent; -1 with
 * err otherwise (the output aborted). */
int output_open(struct output *o, const char *final_dir, struct buf *err);
/* The rest of output_begin, after output_open: the site's and the twin's
 * manifests read, the staging folder made; -1 with err (the output
 * aborted).  The build runs the crawl's first pass between the two
 * (build.c), so that libgit2's start overlaps the manifests' reading. */
int output_load(struct output *o, struct buf *err);

/* The threads output_commit may use (1 by default). */
void output_set_threads(struct output *o, int jobs);
/* Hands over the bytes of rel (site-relative), made from inputs with
 * fingerprint fp (0 when unknown) and with the serialized diagnostics
 * diags (may be NULL).  Writes them only when they differ from the site's.
 * Returns -1 with err on failure. */
int output_put(struct output *o, const char *rel, uint64_t fp, const char *data,
	       size_t len, const char *diags, size_t diags_len, struct buf *err);
/* output_put with the metadata meta (NULL: none). */
int output_put_meta(struct output *o, const char *rel, uint64_t fp, const char *data,
		    size_t len, const struct output_meta *meta, struct buf *err);
/* The hash of a file's bytes as the manifest keeps it (never 0). */
uint64_t output_hash(const char *data, size_t len);
/* output_put with no diagnostics, of bytes whose output_hash the caller
 * knows (it is not taken again). */
int output_put_hashed(struct output *o, const char *rel, uint64_t fp, uint64_t hash,
		      const char *data, size_t len, struct buf *err);
/* output_put with no fingerprint and no diagnostics. */
int output_write(struct output *o, const char *rel, const char *data,
		 size_t len, struct buf *err);
/* The site's entry for rel when it was made from inputs with fingerprint
 * fp (fp != 0), or NULL; nothing is kept yet. */
const struct output_entry *output_find(const struct output *o, const char *rel,
				       uint64_t fp);
/* The site's entry for rel whatever its fingerprint, or NULL; nothing is
 * kept (output_keep keeps it). */
const struct output_entry *output_find_any(const struct output *o, const char *rel);
/* The token of the live site (0 when there is none): see
 * output_manifest.token. */
uint64_t output_live_token(const struct output *o);
/* The token of a manifest: a hash of its entries. */
uint64_t output_token_of(const struct output_manifest *m);
/* The token the site will carry once this build is published (every file
 * handed over: cur's manifest file is made here, once, and the commit
 * writes it as it is). */
uint64_t output_next_token(struct output *o);
/* The site's entry for rel when it was made from inputs with fingerprint
 * fp (fp != 0), or NULL.  When it is returned, the file is kept as it is
 * (and listed in the new manifest): the caller need not make it. */
const struct output_entry *output_reuse(struct output *o, const char *rel, uint64_t fp);
/* output_reuse of the entry e output_find returned (the same file, not
 * looked up again); returns e. */
const struct output_entry *output_keep(struct output *o, const struct output_entry *e);
/* True when the site being updated holds rel (from its manifest). */
int output_holds(const struct output *o, const char *rel);
/* Keeps every file the site holds whose path starts with prefix. */
void output_reuse_prefix(struct output *o, const char *prefix);
/* True when rel is a safe site-relative path. */
int output_path_safe(const char *rel);
/* Publishes what was put (the site swapped in whole) and releases o, which
 * is OUTPUT_INIT after it, published or not. */
int output_commit(struct output *o, struct buf *err);
/* Drops what was put and releases o; the previous site stays. */
void output_abort(struct output *o);

/* Removes a folder tree (used for the old site and the cache).  Symlinks are
 * removed, never followed. */
int output_remove_tree(const char *path);

#endif
