/* crawl_debt: when the technical debt of one repository came in, as git
 * tells it (techdebt.h: an item without `created:` is as old as that), read
 * by its crawl thread.
 *
 * For each aux file of the techdebt kind: a list (TECH_DEBT.md,
 * docs/tech-debt.md: techdebt_is_list) gets the time of the commit that
 * added each of its lines (repo_blame_lines), a one-item file the time of
 * the commit that added the file (repo_blame_added); both go to
 * src->debt_times (site.h's struct aux_times), times in UTC seconds, 0
 * when unknown.  History that cannot be read is a user-fixable warning
 * naming the file: its items then have no age.
 *
 * What was found is kept in <cache>/debt/, per file by its path and blob
 * id: a rebuild at the same files blames nothing again, and gives what a
 * fresh build gives (the lines of an unchanged blob came in when they
 * did).  A repository that cannot be read any more (stale) gets its last
 * times. */
#ifndef CAIRN_CRAWL_DEBT_H
#define CAIRN_CRAWL_DEBT_H

#include "repo.h"
#include "site.h"

/* Fills the git times of src's techdebt aux files, reading history
 * through r (NULL: only the cache can give them).  Diagnostics go to
 * src->diags.  The crawl thread of src only. */
void crawl_debt(struct site *s, struct source *src, struct repo *r);

/* crawl_debt from the cache alone, for a repository not opened: 0 when
 * every file's times are kept for its blob; else -1, src untouched (then
 * crawl_debt, with the repository). */
int crawl_debt_kept(struct site *s, struct source *src);

#endif
