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

/* What deploy_collect reads for its options: the tag pattern, the
 * services, and the services the tags are matched against. */
struct deploy_scope {
	const char *pattern;	     /* o's, or DEPLOY_DEFAULT_PATTERN */
	int by_service;		     /* the pattern has {service} */
	const char *const *services; /* o's, or when it names none, one
					 named after the repository */
	size_t nservices;
	const char *const *tag_services; /* services when by_service, else
					    NULL (any) */
	size_t ntag_services;
	const char *single[1]; /* where that one is kept */
};

/* Fills sc for o.  sc must not be copied (services may point into it). */
void deploy_scope_init(struct deploy_scope *sc, const struct deploy_opts *o);

#endif
