/* crawl_refs: the fingerprint of a repository's deploy tags
 * (deploy_refs_fp), kept between builds under the stat stamps of what
 * holds them, so that a build in which no tag moved reads no tag.
 *
 * The tags are loose files under refs/tags/ and lines of packed-refs.
 * git (and libgit2) never write a reference in place: a new or moved tag
 * is written beside it and renamed over it, a deleted one unlinked, and
 * each of those changes the folder that holds the name (its modification
 * and change times).  So the stamps of packed-refs, of shallow and of the
 * folders under the pattern's literal beginning (refs/tags/deploy/ and
 * the folders in it) change whenever a tag the pattern can match does.
 * The fingerprint is saved with them (<cache>/refs/) and used again while
 * every stamp is the same.  Nothing is saved when a stamp is too recent to
 * tell a later change in the same tick of the clock (as git's racy index),
 * when a tag is a symbolic reference (its target can move with no tag
 * changing), or when there are too many folders. */
#ifndef CAIRN_CRAWL_REFS_H
#define CAIRN_CRAWL_REFS_H

#include "deploy.h"
#include "repo.h"
#include "site.h"

/* deploy_refs_fp(r, o): the saved one when src's stamps are unchanged
 * since it was saved for the same options, else worked out (and saved
 * with the stamps when they can be trusted).  0 when the tags cannot be
 * listed, or r is NULL (the repository not opened: src->common_dir
 * says where its references are) and the stamps changed. */
uint64_t crawl_refs_fp(struct site *s, struct source *src, struct repo *r,
		       const struct deploy_opts *o);

/* repo_deploy_tag_count(r, o->pattern) into *count, kept the same way
 * (for a configuration without environments, which reads no tag): 0, or
 * -1 when the tags cannot be counted (r NULL and the stamps changed). */
int crawl_refs_count(struct site *s, struct source *src, struct repo *r,
		     const struct deploy_opts *o, size_t *count);

/* The head of a repository's branch, kept the same way (<cache>/head/),
 * so that a rebuild in which the branch did not move opens no repository.
 * What resolving the branch reads is stamped: the repository's .git, its
 * HEAD, config, commondir and packed-refs, and every loose reference the
 * branch's name can resolve to (refs/heads/NAME, refs/remotes/origin/NAME
 * and the other names git tries, or HEAD's target).  A commit's id names
 * its contents, so an unchanged reference means an unchanged commit.  Only
 * a local repository that is not a linked worktree qualifies, with a
 * branch that is a name (not an expression such as main~1), none of its
 * references symbolic but HEAD.  A stamp less than 2 s old is not trusted. */
struct crawl_head {
	char *paths[16]; /* what is stamped (malloc'd); none: not eligible */
	size_t n;
	uint64_t digest;
	int racy;
};
#define CRAWL_HEAD_INIT           \
	{                         \
		{ NULL }, 0, 0, 0 \
	}

/* Stamps src's head now (into h), then compares with the record saved:
 * when it is the same, sets src->commit (its strings malloc'd) and
 * src->common_dir and returns 0; else -1, with src untouched. */
int crawl_refs_head_load(struct site *s, struct source *src, struct crawl_head *h);

/* Saves src->commit, resolved through r after h was stamped
 * (crawl_refs_head_load), when h can be trusted. */
void crawl_refs_head_save(struct site *s, struct source *src, struct repo *r,
			  const struct crawl_head *h);

void crawl_refs_head_release(struct crawl_head *h);

/* A hash of the shallow roots in common_dir/shallow (a shallow clone's),
 * 0 when there is none: source.history_key, part of the crawl snapshot's
 * key (a clone made whole keeps its commit, not what its history says). */
uint64_t crawl_refs_history_key(const char *common_dir);

#endif
