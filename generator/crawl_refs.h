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
 * listed. */
uint64_t crawl_refs_fp(struct site *s, struct source *src, struct repo *r,
		       const struct deploy_opts *o);

#endif
