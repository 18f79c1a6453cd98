/* deploy_internal: what the parts of the deploy module share -- deploy.c
 * (statuses, times, patterns, JSON and the chart), deploy_feed.c (the
 * feed), deploy_git.c (deploys collected from tags and the feed),
 * deploy_metrics.c (figures) and deploy_cache.c (the cache codec and its
 * key).  Other modules include deploy.h. */
#ifndef CAIRN_DEPLOY_INTERNAL_H
#define CAIRN_DEPLOY_INTERNAL_H

#include "deploy.h"

#define DEPLOY_DAY 86400
#define DEPLOY_WEEK (7 * DEPLOY_DAY)
#define DEPLOY_NSTATUS (DEPLOY_ROLLED_BACK + 1) /* statuses there are */

/* What runs in an environment after a deploy of status s: succeeded, or a
 * tag whose outcome nobody reported. */
int deploy_is_running(enum deploy_status s);

/* deploy_parse_time, also giving the offset the time was written with
 * (minutes east of UTC). */
int deploy_parse_time_offset(int64_t *out, int *offset, const char *s);

/* Whether s is one of list[0..n). */
int deploy_listed(const char *const *list, size_t n, const char *s);

/* qsort order of struct deploy: newest first; ties by tag name as versions
 * (greater first), then the feed's later line, then environment. */
int deploy_newest_first(const void *a, const void *b);

/* The services deploy_collect reads for o: o's, or when it names none,
 * one named after the repository (kept in single).  Sets *n. */
const char *const *deploy_opts_services(const struct deploy_opts *o,
					const char *single[1], size_t *n);

/* o's tag pattern, or DEPLOY_DEFAULT_PATTERN. */
const char *deploy_opts_pattern(const struct deploy_opts *o);

#endif
