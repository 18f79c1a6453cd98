/* repo: reading git repositories through libgit2, with no checkout.
 *
 * A struct repo wraps one git_repository and must only be used by one thread
 * at a time (libgit2 objects are per thread).  Working trees and bare
 * repositories both open; the files are read from the object database at the
 * commit of a branch, never from the working tree.  Call repo_global_init
 * once before any thread uses this module, repo_global_shutdown at exit.
 *
 * The module's parts: repo.c (opening, branches, trees, blobs), repo_fetch.c
 * (clones and fetches of URLs), repo_history.c (history walks), repo_last.c
 * (when files last changed), repo_tags.c (deploy tags); repo_internal.h is
 * what they share. */
#ifndef CAIRN_REPO_H
#define CAIRN_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define REPO_OID_LEN 20

enum repo_entry_kind {
	REPO_BLOB,     /* a regular or executable file */
	REPO_SYMLINK,  /* a symbolic link (never followed) */
	REPO_SUBMODULE /* a gitlink to another repository */
};

struct repo_entry {
	const char *path; /* full path in the tree, '/'-separated */
	unsigned char oid[REPO_OID_LEN];
	enum repo_entry_kind kind;
};

struct repo_commit {
	char id[41];   /* hex */
	char *branch;  /* the branch name resolved (malloc'd), e.g. "main" */
	int64_t time;  /* committer time, seconds since the epoch (UTC) */
	int tz_offset; /* committer's offset from UTC, in minutes */
	char *subject; /* first line of the message (malloc'd) */
};

struct repo;

void repo_global_init(void);
void repo_global_shutdown(void);

/* repo_global_init on a thread of its own, so that libgit2's start (most
 * of it the TLS library parsing the system's CA certificates, 56 M
 * instructions) overlaps the caller's own setup (once: a second call does
 * nothing).  repo_open and repo_sync_url wait for it (repo_global_wait:
 * any thread; when it was neither started nor run, the first waiter runs
 * repo_global_init itself and the others wait for it), so a build that
 * opens no repository never starts libgit2 (build.c starts it early only
 * when there is no site yet).  repo_global_shutdown shuts down what was
 * started, and nothing when nothing was; nothing else in the module runs
 * before one of them. */
void repo_global_init_start(void);
void repo_global_wait(void);

/* The user's name as `git config user.name` run in the folder dir (NULL:
 * the current one) finds it: the configuration of the repository dir is in
 * (searching upward), with the global and system files under it; outside a
 * repository, the global and system files.  Appends it to out and returns
 * 0, or returns -1 when none is set.  For `cairn new`: call it without
 * repo_global_init, which hides the global files from builds. */
int repo_config_user_name(struct buf *out, const char *dir);

/* Opens a working tree or bare repository at path.  On failure returns -1
 * with a lower-case message in err that names the cause: `repository "P"
 * not found`, `repository "P": permission denied` (on P or on its .git,
 * HEAD, objects or refs), `"P" is not a git repository`, or libgit2's
 * words after `cannot open repository "P": `. */
int repo_open(struct repo **out, const char *path, struct buf *err);
void repo_free(struct repo *r);

/* How repo_sync_url clones and fetches (see fetch: in README.md). */
struct repo_fetch_opts {
	double timeout; /* seconds one attempt may take; 0: no limit */
	int retries;	/* attempts after a failed one (not after a refused
			  * login or certificate, which another will not fix) */
	double backoff; /* seconds before the first retry, doubled before
			  * each next one */
	int64_t now;	/* recorded as the time of a successful fetch */
};
#define REPO_FETCH_OPTS_INIT \
	{                    \
		120, 2, 1, 0 \
	}

/* Makes sure a bare clone of url is in cache_dir and up to date, and writes
 * its path into git_dir.  The clone's folder name is derived from the URL
 * (made safe, plus a hash), never taken raw from it.  First use clones; later
 * uses fetch branches and tags (pruning deleted ones).  Each attempt gives up
 * after o->timeout seconds (fetch.h); a failed one is tried again as o says.
 * A successful clone or fetch records o->now in the clone (the file
 * cairn-fetched).  o may be NULL (REPO_FETCH_OPTS_INIT, now: the clock).
 * Returns 0 when up to date (*fetched = o->now); 1 when every attempt failed
 * but an earlier copy exists (err says why, libgit2's words after `fetch
 * of "URL" failed: `; *fetched is the time recorded by the last successful
 * fetch, 0 when there is none: the caller reports it and builds from the
 * old copy); -1 when there is no usable copy (err says why: `cannot clone
 * "URL": ` and libgit2's words).  URLs in err have no credentials.
 * fetched may be NULL. */
int repo_sync_url(struct buf *git_dir, int64_t *fetched, const char *url,
		  const char *cache_dir, const struct repo_fetch_opts *o,
		  struct buf *err);

/* Resolves branch (NULL or "": the repository's HEAD, which for a bare
 * clone is the remote's default branch) to its commit.  Returns -1 with err
 * when the branch does not exist (`branch "X" does not exist (branches: a,
 * b)`) or the repository is empty. */
int repo_resolve(struct repo *r, const char *branch, struct repo_commit *out,
		 struct buf *err);
void repo_commit_release(struct repo_commit *c);

/* Sets *c (its strings released first) to a commit kept elsewhere (a
 * cache): id copied, branch and subject (may be NULL) malloc'd.  -1, c
 * untouched, when id does not fit. */
int repo_commit_set(struct repo_commit *c, const char *id, int64_t time,
		    int tz_offset, const char *branch, const char *subject);

/* Lists every file of the commit's tree, recursively, sorted by path.
 * Paths and the array are allocated in a.  Returns -1 with err on failure. */
int repo_list_tree(struct repo *r, const struct repo_commit *c, struct arena *a,
		   struct repo_entry **entries, size_t *n, struct buf *err);
/* The same, listing at most max files (in the tree's order, which is path
 * order); *truncated says whether there were more. */
int repo_list_tree_max(struct repo *r, const struct repo_commit *c,
		       struct arena *a, struct repo_entry **entries, size_t *n,
		       size_t max, int *truncated, struct buf *err);

/* Reads a blob.  When the blob is larger than max bytes, reads nothing,
 * sets *size to its size and returns 1.  Returns 0 on success (out holds the
 * bytes, *size their count), -1 with err on failure (missing or corrupt). */
int repo_read_blob(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		   size_t max, struct buf *out, size_t *size, struct buf *err);

/* A blob's bytes where libgit2 keeps them, for a reader done with them at
 * once (a lock file of some hundred KB need not be copied). */
struct repo_blob {
	const char *data; /* len bytes; "" when not read */
	size_t len;
	void *obj; /* libgit2's object, NULL when not read */
};

/* repo_read_blob into *out without copying (returns the same); release
 * it with repo_blob_release whatever the return. */
int repo_read_blob_ref(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		       size_t max, struct repo_blob *out, size_t *size,
		       struct buf *err);
void repo_blob_release(struct repo_blob *b);

/* When each of several files last changed, as git's history tells it: for
 * paths[i] (distinct), the newest commit (walking back from c, children
 * before parents) where the file took the content it has at c and that no
 * parent already had (a merge that took the file unchanged from one parent
 * is not its change).  Fills times[i] (committer time, UTC seconds) and
 * authors[i] (author name, allocated in a), or leaves 0 and NULL when it is
 * not found within max_commits commits (a shallow or very long history).
 * With added_by (may be NULL), also the author of the oldest commit that
 * added the file (no parent had it; the first adder's when it was deleted
 * and added again), which needs the walk to go on to the end of the
 * history (or max_commits).
 * Only folders that hold a path asked about, and whose ids differ between a
 * commit and its first parent, are read.  Returns -1 with err when the
 * history cannot be walked at all. */
int repo_last_changes(struct repo *r, const struct repo_commit *c,
		      const char *const *paths, size_t n, size_t max_commits,
		      struct arena *a, int64_t *times, const char **authors,
		      const char **added_by, struct buf *err);

/* The repository's own folder (the .git folder, or the bare repository). */
const char *repo_git_dir(const struct repo *r);
/* The folder that holds its references and packed-refs (a worktree's
 * main repository's), ending in '/'. */
const char *repo_common_dir(const struct repo *r);

/* ---------------------------------------------------------------- history
 *
 * What the deploy module needs from the history.  Commit ids are 40-character hex
 * strings.  The walks use libgit2's revwalk and graph functions, except in a
 * shallow repository (libgit2 1.5 does not know shallow roots: its revwalk
 * fails at the first missing parent) or when libgit2 fails otherwise (a
 * missing commit): then cairn's own walk runs, which treats the shallow
 * roots and missing commits as the end of history and says so through
 * *truncated.  A truncated count is a lower bound ("at least N"): commits
 * behind the end of an included history are not counted, and when the end
 * of an excluded history is met while included commits remain, the walk
 * stops there (the commits it could not tell apart are not counted; an
 * exclude that is not in the repository at all leaves 0). */

/* A commit as listed to people. */
struct repo_commit_info {
	char id[41];
	const char *subject; /* first line of the message (arena) */
	const char *author;  /* author name (arena), "" when none */
	int64_t author_time; /* UTC seconds */
	int64_t time;	     /* committer time, UTC seconds */
};

/* A tag matched by repo_deploy_tags. */
struct repo_tag {
	const char *name;     /* without "refs/tags/" (arena) */
	const char *env;      /* what {env} matched, or NULL (arena) */
	const char *service;  /* what {service} matched, or NULL (arena) */
	char commit[41];      /* the commit it peels to; "" when problem */
	int annotated;	      /* 1 for a tag object, 0 for a lightweight tag */
	int64_t time;	      /* the tagger's time, else the commit's
				    committer time; UTC seconds; 0 unknown */
	int tz_offset;	      /* minutes east of UTC where time was taken */
	int time_from_commit; /* time is the commit's (no tagger) */
	const char *actor;    /* the tagger's name; NULL for a lightweight
				    tag or a tag object without tagger */
	const char *subject;  /* the commit's subject; NULL when the commit
				    is not in the repository (shallow) */
	int64_t commit_time;  /* the commit's committer time, 0 unknown */
	const char *problem;  /* NULL, or why the tag is unusable (it
				    points to a tree or a blob, or nests tags
				    too deep) */
};

/* Lists the tags whose names (without "refs/tags/") match pattern.  In the
 * pattern `{env}` and `{service}` each match one or more characters other
 * than '/', `*` matches zero or more characters other than '/', anything
 * else matches itself (so deploy.h's DEPLOY_DEFAULT_PATTERN matches
 * "deploy/production/42").
 * When envs (or services) is not NULL, {env} (or {service}) matches only one
 * of those values.  Each tag is peeled to its commit; commits shared by
 * several tags are read once.  The tags come sorted by name; everything is
 * allocated in a.  Returns -1 with err when the tags cannot be listed. */
/* How many tags match pattern, whatever {env} and {service} are (none are
 * read); 0 when they cannot be listed. */
size_t repo_deploy_tag_count(struct repo *r, const char *pattern);

int repo_deploy_tags(struct repo *r, const char *pattern, const char *const *envs,
		     size_t nenvs, const char *const *services,
		     size_t nservices, struct arena *a, struct repo_tag **out,
		     size_t *n, struct buf *err);

/* Finds a commit by its hex id (4 to 40 hex digits, abbreviations must be
 * unambiguous) or, when is_tag, by the name of a tag (without "refs/tags/")
 * peeled to its commit.  Returns -1 with err ("commit \"abc1234\" not
 * found", "... is ambiguous") when there is no single such commit. */
int repo_find_commit(struct repo *r, const char *spec, int is_tag, struct arena *a,
		     struct repo_commit_info *out, struct buf *err);

/* Walks the commits reachable from include and from none of exclude (what
 * `git log include --not exclude...` lists), following the first parent
 * only when first_parent is set.  Sets *count to how many there are and
 * keeps the newest `keep` of them (by committer time; SIZE_MAX for all) in
 * *kept (arena; *nkept of them).  *truncated: see above.  Returns -1 with
 * err when include is not in the repository or cannot be read. */
int repo_walk_range(struct repo *r, const char *include,
		    const char *const *exclude, size_t nexclude, int first_parent,
		    size_t keep, struct arena *a, struct repo_commit_info **kept,
		    size_t *nkept, size_t *count, int *truncated, struct buf *err);

/* How many commits a has that b has not (*ahead) and b has that a has not
 * (*behind) (git_graph_ahead_behind).  *truncated: see above.  Returns -1
 * with err when a or b is not in the repository. */
int repo_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, int *truncated, struct buf *err);

/* Whether ancestor is descendant or one of its ancestors
 * (git_graph_descendant_of): 1 yes, 0 no (with *truncated set: "cannot
 * tell, the history is too short"), -1 with err when either commit cannot
 * be read. */
int repo_is_ancestor(struct repo *r, const char *ancestor,
		     const char *descendant, int *truncated, struct buf *err);

/* For each of ids[0..n), whether it is tip or one of tip's ancestors:
 * found[i] = 1 yes, 0 no, -1 unknown (the commit is not in the repository,
 * or the history ends before it could be told).  One walk back from tip,
 * newest first, down to a day before the oldest of the commits asked
 * about -- cairn's own walk, as libgit2's time-sorted revwalk reads the
 * whole history before it gives the first commit.  Thousands of deploys
 * cost one walk, not one git_graph_descendant_of each.  Returns -1 with
 * err when tip cannot be read. */
int repo_reachable(struct repo *r, const char *tip, const char *const *ids,
		   size_t n, int *found, struct buf *err);

/* One commit's first tip (see repo_first_reach). */
struct repo_first {
	char id[41];
	int64_t time; /* committer time, UTC seconds */
	size_t tip;   /* the index (>= nold) of the first tip that has it */
};

/* For tips[0..n) in the caller's order (deploys, oldest first): the commits
 * in the history of some tips[k] with k >= nold and in the history of no
 * earlier tip, each with the first such k -- what
 * `git log tips[k] --not tips[0..k)` lists, for every k >= nold at once, in
 * one walk newest first that reads each commit once.  The history of
 * tips[0..nold) is only walked as far as needed to tell it apart (as git
 * log does: clocks that went backwards by more than a few commits can fool
 * it, as they fool git).  *out is malloc'd (*nout of them, in no
 * particular order).  Returns 0; 1 when the history is not complete
 * enough to tell (a shallow repository, a missing commit: *out empty --
 * walk per tip with repo_walk_range instead); -1 with err when a tip is
 * not a commit id or a commit cannot be read. */
int repo_first_reach(struct repo *r, const char *const *tips, size_t n, size_t nold,
		     struct repo_first **out, size_t *nout, struct buf *err);

/* Whether the repository is a shallow clone. */
int repo_is_shallow(struct repo *r);

/* A fingerprint of the deploy tags: the name and target of each tag
 * reference that repo_deploy_tags would list with the same arguments (a
 * tag object's own id, nothing peeled, no object read: about a millisecond
 * for a thousand packed tags; a loose one costs a file read, 10 to 20 us),
 * and the shallow roots of a shallow clone.  It
 * changes when such a tag is added, deleted or moved (or a clone deepened),
 * not when other references change.  Equal fingerprints with the same
 * default branch commit mean deploy_collect would read the same tags and
 * commits.  Returns 0 when the tags cannot be listed, never otherwise. */
uint64_t repo_deploy_refs_fp(struct repo *r, const char *pattern,
			     const char *const *envs, size_t nenvs,
			     const char *const *services, size_t nservices);
/* The same, with *symbolic set when one of those tags is a symbolic
 * reference (where it points can then move with no tag changing). */
uint64_t repo_deploy_refs_fp_sym(struct repo *r, const char *pattern,
				 const char *const *envs, size_t nenvs,
				 const char *const *services, size_t nservices,
				 int *symbolic);

/* The id refs/tags/<name> points to (a tag object's own id: nothing
 * peeled, nothing read), for fingerprints.  Returns 0, or -1 (out "") when
 * there is no such tag. */
int repo_tag_id(struct repo *r, const char *name, char out[41]);

/* The blob at path (no leading "/") in the tree of commit (40 hex
 * digits): 0 and its id in oid; 1 when there is no such file (or it is a
 * folder, link or submodule; oid zeroed); -1 with err when the commit
 * cannot be read (not in the repository: a shallow clone).  repo_at.c. */
int repo_blob_at(struct repo *r, const char *commit, const char *path,
		 unsigned char oid[REPO_OID_LEN], struct buf *err);

#endif
