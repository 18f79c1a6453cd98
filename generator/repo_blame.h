/* repo_blame: when lines and files came into a repository, as git's history
 * tells it (the age of technical debt, techdebt.h).
 *
 * Both walk the history back from a commit (the crawled branch's head), so
 * they cost a history walk each: callers keep what they found by blob id
 * (crawl_debt.c) rather than asking again. */
#ifndef CAIRN_REPO_BLAME_H
#define CAIRN_REPO_BLAME_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "repo.h"

/* The committer time (UTC seconds) of the commit that brought each line
 * of the file at path, as it is at commit c, into the history (`git
 * blame`): *times gets one time per line (allocated in a; lines counted
 * by '\n', a last line without one included), *nlines their count.
 * Returns 0, or -1 with err when the file is not in c's tree or the
 * history cannot be read (a shallow clone blames what it has: the oldest
 * commit it holds gets the lines from before it). */
int repo_blame_lines(struct repo *r, const struct repo_commit *c,
		     const char *path, struct arena *a, int64_t **times,
		     size_t *nlines, struct buf *err);

/* For paths[i] (distinct): the committer time of the oldest commit (of at
 * most max_commits, walking back from c) whose tree has the file and whose
 * parents' trees do not: when it was added (under that path).  times[i]
 * is 0 when the file is not in c's tree or its adding commit is past
 * max_commits.  Returns 0, or -1 with err when the history cannot be
 * walked at all. */
int repo_blame_added(struct repo *r, const struct repo_commit *c,
		     const char *const *paths, size_t n, size_t max_commits,
		     int64_t *times, struct buf *err);

#endif
