/* repo_internal: what the parts of the repo module share -- repo.c (the
 * libgit2 wrapper: opening, branches, trees, blobs, commits read as text),
 * repo_fetch.c (clones and fetches of URLs), repo_history.c (history
 * walks), repo_last.c (when files last changed) and repo_tags.c (deploy
 * tags).  Other modules include repo.h. */
#ifndef CAIRN_REPO_INTERNAL_H
#define CAIRN_REPO_INTERNAL_H

#include <git2.h>

#include "arena.h"
#include "map.h"
#include "repo.h"

struct repo {
	git_repository *git;
	git_odb *odb;
	char *git_dir; /* without a trailing '/' */
};

/* Replaces err with the formatted message. */
__attribute__((format(printf, 2, 3))) void repo_set_error(struct buf *err,
							  const char *fmt, ...);

/* Appends libgit2's last error message (trailing dots and white space
 * dropped), or "unknown error" when libgit2 recorded none. */
void repo_put_git_error(struct buf *err);

/* ---------------------------------------------------------------- oid map
 *
 * A map from object ids to indices: util's map (map.h) keyed by the
 * ids' 20 raw bytes, copied into its own arena.  Starts zeroed;
 * repo_oidmap_release frees it. */

struct repo_oidmap {
	struct map map; /* the entries' num are the values */
	struct arena keys;
};
#define REPO_OIDMAP_INIT             \
	{                            \
		MAP_INIT, ARENA_INIT \
	}

/* The value of id (which may be changed through the pointer), or NULL. */
size_t *repo_oidmap_get(const struct repo_oidmap *m, const git_oid *id);
/* Sets the value of id, adding it when new. */
void repo_oidmap_put(struct repo_oidmap *m, const git_oid *id, size_t val);
void repo_oidmap_release(struct repo_oidmap *m);

/* A binary heap of indices: the one `before` puts first is on top. */
struct repo_heap {
	size_t *v;
	size_t n, cap;
	int (*before)(const void *ctx, size_t a, size_t b);
	const void *ctx;
};
void repo_heap_push(struct repo_heap *h, size_t i);
size_t repo_heap_pop(struct repo_heap *h); /* h->n > 0 */

/* The shallow roots (commits whose parents a shallow clone left out), from
 * the repository's "shallow" file, sorted by git_oid_cmp into *out
 * (malloc'd, NULL when none); their number. */
size_t repo_shallow_roots(const struct repo *r, git_oid **out);

/* ------------------------------------------------------- commits as text
 *
 * The walks and the tags want a commit's parents, committer time and
 * subject, not a git_commit (which copies the message and both signatures):
 * the object is read through the object database (cached there by id, so
 * that a commit read by one walk is not inflated again by the next) and
 * its header read as libgit2 reads it. */

struct repo_raw_commit {
	git_odb_object *obj;
	int64_t time; /* committer time */
	int tz_offset;
	const char *msg; /* the message, leading newlines skipped (in obj) */
	size_t msg_len;
	git_oid tree; /* zero when the header names none */
	/* the author's name as git_commit_author gives it, trimmed (in obj,
	 * not terminated); NULL when the header has no author line */
	const char *author;
	size_t author_len;
};

/* Reads commit id; when parents is not NULL, appends its parent ids to
 * *parents (*n, *cap), the first only when first_parent.  Returns 0, 1
 * when the object is not in the repository, -1 when it cannot be read or
 * is not a commit (libgit2's error set).  Release c->obj with
 * git_odb_object_free. */
int repo_raw_commit_read(git_odb *odb, const git_oid *id,
			 struct repo_raw_commit *c, git_oid **parents,
			 size_t *n, size_t *cap, int first_parent);

#endif
