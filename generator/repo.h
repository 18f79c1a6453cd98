/* repo: reading git repositories through libgit2, with no checkout.
 *
 * A struct repo wraps one git_repository and must only be used by one thread
 * at a time (libgit2 objects are per thread).  Working trees and bare
 * repositories both open; the files are read from the object database at the
 * commit of a branch, never from the working tree.  Call repo_global_init
 * once before any thread uses this module, repo_global_shutdown at exit. */
#ifndef CAIRN_REPO_H
#define CAIRN_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define REPO_OID_LEN 20

enum repo_entry_kind {
	REPO_BLOB,      /* a regular or executable file */
	REPO_SYMLINK,   /* a symbolic link (never followed) */
	REPO_SUBMODULE  /* a gitlink to another repository */
};

struct repo_entry {
	const char *path;  /* full path in the tree, '/'-separated */
	unsigned char oid[REPO_OID_LEN];
	enum repo_entry_kind kind;
};

struct repo_commit {
	char id[41];        /* hex */
	char *branch;       /* the branch name resolved (malloc'd), e.g. "main" */
	int64_t time;       /* committer time, seconds since the epoch (UTC) */
	int tz_offset;      /* committer's offset from UTC, in minutes */
	char *subject;      /* first line of the message (malloc'd) */
};

struct repo;

void repo_global_init(void);
void repo_global_shutdown(void);

/* Opens a working tree or bare repository at path.  On failure returns -1
 * with a lower-case message in err. */
int repo_open(struct repo **out, const char *path, struct buf *err);
void repo_free(struct repo *r);

/* Makes sure a bare clone of url is in cache_dir and up to date, and writes
 * its path into git_dir.  The clone's folder name is derived from the URL
 * (made safe, plus a hash), never taken raw from it.  First use clones; later
 * uses fetch branches and tags (pruning deleted ones).  Returns 0 when up to
 * date; 1 when the fetch failed but an earlier copy exists (err says why:
 * the caller reports it as retryable and builds from the old copy); -1 when
 * there is no usable copy (err says why). */
int repo_sync_url(struct buf *git_dir, const char *url, const char *cache_dir,
		  struct buf *err);

/* Resolves branch (NULL or "": the repository's HEAD, which for a bare
 * clone is the remote's default branch) to its commit.  Returns -1 with err
 * when the branch does not exist or the repository is empty. */
int repo_resolve(struct repo *r, const char *branch, struct repo_commit *out,
		 struct buf *err);
void repo_commit_release(struct repo_commit *c);

/* Lists every file of the commit's tree, recursively, sorted by path.
 * Paths and the array are allocated in a.  Returns -1 with err on failure. */
int repo_list_tree(struct repo *r, const struct repo_commit *c,
		   struct arena *a, struct repo_entry **entries, size_t *n,
		   struct buf *err);

/* Reads a blob.  When the blob is larger than max bytes, reads nothing,
 * sets *size to its size and returns 1.  Returns 0 on success (out holds the
 * bytes, *size their count), -1 with err on failure (missing or corrupt). */
int repo_read_blob(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		   size_t max, struct buf *out, size_t *size, struct buf *err);

/* When each of several files last changed: for paths[i], the newest commit
 * (walking back from c, following every parent) whose version of the file
 * differs from its first parent's.  Fills times[i] (committer time, UTC
 * seconds) and authors[i] (author name, allocated in a), or leaves 0 and
 * NULL when the file is not found within max_commits commits (a shallow or
 * very long history).  Returns -1 with err when the history cannot be
 * walked at all. */
int repo_last_changes(struct repo *r, const struct repo_commit *c,
		      const char *const *paths, size_t n, size_t max_commits,
		      struct arena *a, int64_t *times, const char **authors,
		      struct buf *err);

/* The repository's own folder (the .git folder, or the bare repository). */
const char *repo_git_dir(const struct repo *r);

#endif
