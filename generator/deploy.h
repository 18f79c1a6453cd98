/* deploy: what is deployed where, what is not deployed yet, and how often
 * and how well a service is delivered -- read from the repositories
 * themselves (deploy tags) and from an optional deploy feed written by CI.
 *
 * Where a deploy comes from
 *   Tags.  A deploy to an environment is a tag matching a pattern
 *     (DEPLOY_DEFAULT_PATTERN unless the operator sets one, globally or per
 *     repository; see repo_deploy_tags for the syntax; a monorepo's services
 *     put {service} in it, as in "deploy/{service}/{env}/" then '*').  Its commit is what was deployed.
 *     An annotated tag gives the time and actor: the tagger's.  A
 *     lightweight tag says nothing about who deployed or when: its time is
 *     the commit's committer time (time_from_commit is set) and its actor is
 *     unknown (NULL) -- the committer wrote the change, not necessarily the
 *     deploy, and the page should not name them as the deployer.  A tag's
 *     status is DEPLOY_UNKNOWN: a tag says a deploy happened, not how it
 *     went.  When the pattern has no {service}, every tag belongs to every
 *     service of the repository (they deploy together).
 *   The feed.  A JSON or YAML list of records (see deploy_feed_parse).  A
 *     record for the same service, environment and commit as a tag refines
 *     that tag's deploy (the tag nearest in time, when a commit was tagged
 *     several times): its status, actor and url replace the tag's when
 *     given, and its time replaces a time taken from the commit.  When
 *     several records refine one tag, the newest wins.  Other records are
 *     deploys of their own, except an in_progress record followed by a
 *     newer record for the same service, environment and commit (the same
 *     deploy, finished).
 *
 * Per service and environment (struct deploy_env)
 *   latest   the newest deploy of any status (ties: the greater tag name,
 *            compared as versions, so ".../10" is after ".../9").
 *   current  the newest deploy that is succeeded or of unknown status: what
 *            runs there (a failed, rolled back or in-progress deploy did not
 *            replace it).
 *   pending  the commits on the default branch that current's commit lacks:
 *            `git log <current>..<branch>`, every parent followed (a merged
 *            feature branch's commits are changes too) unless first_parent
 *            is set; the newest max_pending are listed with subject, author
 *            and times.  An environment never deployed has no pending list
 *            (the page says "never deployed").
 *   on_branch / off_branch  whether current's commit is on the default
 *            branch; when not, how many of its commits are not there.
 *   Between consecutive environments in the configured order (e.g. staging,
 *   production): how many commits the first has that the second has not
 *   (ahead) and the other way round (behind).
 *
 * Shallow or partial history (see repo.h): counts are lower bounds when
 * `truncated` is set ("at least N"; 0 when the deployed commit itself is
 * not in the repository); a deploy whose commit is not there keeps its
 * tag's data and has on_branch -1 (unknown).  A lightweight tag on such a
 * commit has no time at all: it is reported and ignored.
 *
 * Delivery figures (struct deploy_metrics), over the days before `now`:
 *   deployment frequency  production deploys per week; a deploy counts when
 *            it finished (any status but in_progress).
 *   lead time for changes  the median, over the commits first deployed to
 *            production in the window, of (that deploy's time - the
 *            commit's committer time).  "First deployed" is computed by
 *            taking the production deploys (succeeded or unknown status)
 *            oldest first: a deploy's new commits are those reachable from
 *            its commit and from no earlier deploy's commit (what
 *            `git log <deploy> --not <earlier deploys>` lists).  The
 *            commits of the oldest known deploy are not counted: what was
 *            deployed before the record began is unknown.
 *   change failure rate  failed or rolled_back / production deploys whose
 *            status is known (from the feed); unknown (-1) when none is.
 *   weekly counts  production deploys in each of the 13 (DEPLOY_WEEKS)
 *            seven-day periods ending at now, oldest first.
 * A team's figures are those of its services' deploys and changes taken
 * together (pass all of them).
 *
 * Times are UTC seconds everywhere; the zone a time was recorded in is kept
 * only as tz_offset, and every formatted time is UTC.
 *
 * Threads: deploy_collect takes the thread's own struct repo and arena;
 * the diag_list may be shared.  Everything else reads only its arguments.
 * Everything returned lives in the arena handed in.
 *
 * The module's parts: deploy.c (statuses, times, patterns, JSON, the
 * chart), deploy_feed.c (the feed), deploy_git.c (deploy_collect),
 * deploy_metrics.c (figures), deploy_cache.c (the cache codec and key);
 * deploy_internal.h is what they share. */
#ifndef CAIRN_DEPLOY_H
#define CAIRN_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "repo.h"

#define DEPLOY_DEFAULT_PATTERN "deploy/{env}/*"
#define DEPLOY_MAX_PENDING 20  /* commits listed per environment */
#define DEPLOY_WEEKS 13	       /* bars of the weekly chart */
#define DEPLOY_RECENT_DAYS 14  /* the deploys/ page */
#define DEPLOY_MAX_FRONTIER 32 /* see deploy_collect */
#define DEPLOY_TIME_LEN 21     /* "2024-03-05T09:30:00Z" and its NUL */

enum deploy_status {
	DEPLOY_UNKNOWN, /* a tag alone: deployed, outcome not reported */
	DEPLOY_SUCCEEDED,
	DEPLOY_FAILED,
	DEPLOY_IN_PROGRESS,
	DEPLOY_ROLLED_BACK
};

/* "unknown", "succeeded", "failed", "in_progress", "rolled_back". */
const char *deploy_status_name(enum deploy_status s);
/* Reads one of the names above (any case; "unknown" included).  Returns 0,
 * or -1 when s is none of them. */
int deploy_status_parse(enum deploy_status *out, const char *s);

/* ---------------------------------------------------------------- time */

/* Reads an RFC 3339 date-time with its offset ("2024-03-05T15:00:00+05:30",
 * "...Z"; 't', 'z' and a space for 'T' accepted; fractions of a second
 * dropped; a leap second read as :59).  Returns 0 and the UTC seconds, or
 * -1 when s is not one (a missing offset included). */
int deploy_parse_time(int64_t *out, const char *s);
/* Writes t as RFC 3339 in UTC: "2024-03-05T09:30:00Z". */
void deploy_format_time(char out[DEPLOY_TIME_LEN], int64_t t);
/* Appends how long before now t was: "just now", "5 minutes ago", "1 hour
 * ago", "3 days ago", "2 weeks ago", "4 months ago", "2 years ago"; "in
 * the future" when t is after now. */
void deploy_format_ago(struct buf *out, int64_t t, int64_t now);

/* ---------------------------------------------------------------- patterns */

/* Checks a tag pattern: not empty, no "refs/" (it is matched against tag
 * names), exactly one {env}, at most one {service}, no other {...}, no
 * "//", no leading or trailing '/'.  Returns 0, or -1 with err saying
 * what is wrong. */
int deploy_pattern_check(const char *pattern, struct buf *err);

/* Which environment is production: `configured` when set and listed, else
 * "production", else "prod", else the last environment listed (the
 * configured order goes towards production); NULL when there are none. */
const char *deploy_production_env(const char *const *envs, size_t n,
				  const char *configured);

/* ---------------------------------------------------------------- the feed */

struct deploy_record {
	const char *service;
	const char *environment;
	const char *commit;  /* 7 to 40 hex digits, lower case; or NULL */
	const char *version; /* a tag name, or NULL; commit wins when both */
	int64_t time;	     /* UTC seconds */
	int tz_offset;	     /* minutes east of UTC, as written */
	const char *actor;   /* NULL when absent */
	enum deploy_status status; /* DEPLOY_UNKNOWN when absent */
	const char *url;	   /* http(s) only; NULL when absent */
	int line;		   /* of the record in the feed */
};

struct deploy_feed {
	const char *path; /* the feed as named in diagnostics */
	struct deploy_record *records;
	size_t n;
};

/* Reads a feed: a list of records, or a map whose `deploys` is that list
 * (empty text: no records).  Each record is a map:
 *     service      required
 *     environment  required
 *     commit       a commit id, 7 to 40 hex digits     } one of the two
 *     version      the name of a tag of the repository }
 *     time         required, RFC 3339 with an offset
 *     status       succeeded | failed | in_progress | rolled_back
 *     actor, url   optional (url must be http:// or https://)
 * Other keys are ignored (CI systems add their own).  A commit written
 * without quotes in YAML that reads as a number ("1234567", "12e4567") is
 * taken as written on its line.  A record with a missing or invalid
 * required field, or an invalid status, is left out with an error; an
 * invalid actor or url is left out of its record with a warning.  Problems
 * are operator-fixable diagnostics naming path and the line.  Returns 0,
 * or -1 when the text is not a feed at all (an error in d; out then holds
 * no records). */
int deploy_feed_parse(struct deploy_feed *out, struct arena *a, const char *path,
		      const char *text, size_t len, struct diag_list *d);

/* Reads the file and parses it (path names it in diagnostics).  A file
 * that cannot be read is an operator-fixable error; returns -1. */
int deploy_feed_load(struct deploy_feed *out, struct arena *a, const char *file,
		     const char *path, struct diag_list *d);

/* Warns (operator-fixable) about each record whose service is not one of
 * services, or whose environment is not one of envs. */
void deploy_feed_check(const struct deploy_feed *feed, const char *const *services,
		       size_t nservices, const char *const *envs, size_t nenvs,
		       struct diag_list *d);

/* ---------------------------------------------------------------- collect */

struct deploy {
	const char *service;
	const char *environment;
	char commit[41];      /* full id */
	const char *subject;  /* the commit's subject; NULL when the commit
				   is not in the repository (shallow) */
	int64_t commit_time;  /* committer time; 0 when unknown */
	int64_t time;	      /* UTC seconds */
	int tz_offset;	      /* minutes east of UTC, as recorded */
	int time_from_commit; /* a lightweight tag's stand-in time */
	const char *actor;    /* NULL: unknown */
	enum deploy_status status;
	const char *url; /* from the feed, or NULL */
	const char *tag; /* the tag's name, or NULL (feed only) */
	int feed_line;	 /* the feed record's line, or 0 */
	int on_branch;	 /* commit on the default branch: 1 yes, 0 no,
				   -1 unknown (history too short) */
};

struct deploy_env {
	const char *name;
	const struct deploy *latest;  /* NULL: never deployed */
	const struct deploy *current; /* NULL: nothing known to run there */
	size_t pending;		      /* commits of the branch not deployed */
	const struct repo_commit_info *pending_list; /* newest first */
	size_t npending_list; /* min(pending, max_pending) */
	size_t off_branch;    /* commits of current not on the branch */
	int truncated;	      /* pending, off_branch: "at least" */
};

struct deploy_diff {
	const char *from, *to; /* consecutive environments, e.g. staging and
				   production */
	int known;	       /* both have a current deploy */
	size_t ahead;	       /* commits from has that to has not */
	size_t behind;	       /* commits to has that from has not */
	int truncated;
};

/* One commit's first production deploy (lead time material). */
struct deploy_change {
	char commit[41];
	int64_t commit_time; /* committer time */
	int64_t deploy_time;
};

struct deploy_service {
	const char *name;
	const char *branch;	/* the default branch's name */
	char head[41];		/* its commit */
	const char *production; /* the production environment, or NULL */
	struct deploy *deploys; /* newest first */
	size_t ndeploys;
	struct deploy_env *envs; /* in the configured order */
	size_t nenvs;
	struct deploy_diff *diffs; /* nenvs - 1 of them (none when nenvs < 2) */
	size_t ndiffs;
	struct deploy_change *changes; /* by deploy time, then commit time */
	size_t nchanges;
	int64_t changes_since; /* changes are listed for the production
				     deploys from this time on (the
				     deploy_opts' changes_since) */
	int shallow;	       /* the repository is a shallow clone */
	int truncated;	       /* some count or change list is a lower
				     bound */
};

struct deploy_opts {
	const char *repo;    /* the repository's name, for diagnostics */
	const char *pattern; /* NULL: DEPLOY_DEFAULT_PATTERN */
	const char *branch;  /* the default branch; NULL: HEAD */
	const char *const *environments;
	size_t nenvironments;
	const char *production;	     /* NULL: deploy_production_env's choice */
	const char *const *services; /* the repository's services; none: one
					named after repo */
	size_t nservices;
	const struct deploy_feed *feed; /* may be NULL */
	size_t max_pending;		/* 0: DEPLOY_MAX_PENDING */
	int first_parent;		/* pending lists follow first parents */
	int64_t changes_since;		/* lead-time commits are listed for
				      production deploys from this time on
				      (older ones are only walked past);
				      0: all */
	uint64_t refs_fp; /* not 0: deploy_refs_fp(r, this), known already
			     (deploy_collect_fp does not list the tags) */
	const struct repo_commit *head; /* not NULL: the branch's head,
					   resolved already (with refs_fp,
					   deploy_collect_fp reads nothing
					   through r, which may be NULL) */
};
#define DEPLOY_OPTS_INIT \
	{                \
		0        \
	}

/* Reads the deploys of one repository's services and works out, per
 * environment, what runs there and what is not deployed yet.  *out gets
 * one deploy_service per service (in the order given).  Problems with tags
 * are user-fixable warnings under the repository and "refs/tags/<name>";
 * feed records that name a commit or version not found are
 * operator-fixable warnings at the feed's line.  Lead-time changes are
 * found in one walk of the history for all production deploys together
 * (repo_first_reach), from changes_since back to where the deploys before
 * it hide the rest; in a shallow clone or a history with missing commits,
 * by one walk per deploy oldest first against the tips of the deploys
 * before it (at most DEPLOY_MAX_FRONTIER tips are kept: the newest).  The
 * deploys on the default branch are found in one walk back from it to the
 * oldest deploy.  Returns -1 with err when the repository's tags or
 * default branch cannot be read at all (nothing in *out). */
int deploy_collect(struct deploy_service **out, size_t *n, struct repo *r,
		   const struct deploy_opts *o, struct arena *a,
		   struct diag_list *d, struct buf *err);

/* ---------------------------------------------------------------- cache
 *
 * What deploy_collect found, kept between builds.  deploy_service_write
 * appends svcs[0..n) to out, everything in them: the deploys, each
 * environment (latest and current as indexes into the deploys), pending
 * lists, diffs, changes and flags; strings are kept once each, commit ids
 * as 20 bytes.  deploy_service_read reads that back into a (the same
 * values; pointers into the deploys point into the new ones).  Returns 0,
 * or -1 with r->bad set when the bytes are not such a record (nothing in
 * *svcs).
 *
 * The result of deploy_collect may be reused when deploy_collect would
 * read the same things -- the default branch at the same commit, the same
 * repo_deploy_refs_fp, the same options (but changes_since) and feed --
 * and the cached changes_since is not after the one asked for.  Nothing
 * else in the result depends on the time of the build: the figures are
 * worked out later, from the deploys and changes, for the days before
 * `now`; changes listed from an earlier changes_since are a superset of
 * what they look at, and each change's deploy is the same either way. */
struct cache_reader;
void deploy_service_write(struct buf *out, const struct deploy_service *svcs, size_t n);
int deploy_service_read(struct deploy_service **svcs, size_t *n,
			struct cache_reader *r, struct arena *a);

/* The key of that reuse, in a millisecond or so: a fingerprint of
 * everything deploy_collect(r, o) reads but the history behind the commits
 * (which their ids fix) and changes_since -- the default branch's name and
 * commit, repo_deploy_refs_fp of the pattern's tags (and the shallow
 * roots), the options (repository name, pattern, branch, environments in
 * order, production, services in order, max_pending, first_parent), the
 * feed's path and those of its records deploy_collect looks at (of these
 * services and environments: all their fields and lines; for a record
 * naming a version, where that tag points), and the layout of
 * deploy_service_write.  Equal fingerprints: deploy_collect would give
 * the same result and the same diagnostics (but changes_since: see above).
 * Returns 0 when it cannot tell (the branch or the tags cannot be read,
 * or r is NULL and a record names a version: where a tag points needs the
 * repository): collect then, and keep nothing. */
uint64_t deploy_collect_fp(struct repo *r, const struct deploy_opts *o);

/* repo_deploy_refs_fp of the tags deploy_collect(r, o) reads (o's pattern,
 * or the default; its environments and services), with *symbolic set when
 * one of them is a symbolic reference.  0 when they cannot be listed. */
uint64_t deploy_refs_fp(struct repo *r, const struct deploy_opts *o, int *symbolic);

/* ---------------------------------------------------------------- figures */

struct deploy_metrics {
	int days;	     /* the window */
	size_t deploys;	     /* production deploys that finished in it */
	double per_week;     /* deploys / (days / 7) */
	size_t changes;	     /* commits first deployed in it */
	int64_t lead_time;   /* median seconds; -1 when no changes */
	size_t rated;	     /* deploys whose status is known */
	size_t failed;	     /* failed or rolled back among them */
	double failure_rate; /* failed / rated; -1 (unknown) when rated 0 */
};

/* Figures for services[0..n) together over (now - days, now]. */
void deploy_metrics(struct deploy_metrics *out,
		    const struct deploy_service *const *services, size_t n,
		    int64_t now, int days);

/* Production deploys (any status but in_progress) in each of nweeks
 * seven-day periods ending at now, oldest first. */
void deploy_weekly(int *counts, size_t nweeks,
		   const struct deploy_service *const *services, size_t n,
		   int64_t now);

/* The deploys of every service in (now - days, now], newest first (ties:
 * service, environment).  *out is an arena array of pointers. */
void deploy_recent(const struct deploy ***out, size_t *nout,
		   const struct deploy_service *const *services, size_t n,
		   int64_t now, int days, struct arena *a);

/* ---------------------------------------------------------------- output */

/* Appends one deploy as a JSON object: service, environment, commit, time
 * (RFC 3339, UTC), actor (null when unknown), status, and tag, url,
 * subject (null when unknown) and on_default_branch (true, false, null). */
void deploy_json(struct buf *out, const struct deploy *dep);

/* Appends {"deploys":[...]} for list[0..n). */
void deploy_json_list(struct buf *out, const struct deploy *const *list, size_t n);

/* Appends a small SVG bar chart of weekly[0..n) (oldest first; the last
 * period ends at `end`), drawn by cairn: role="img" with an aria-label
 * that says it in words ("<what>, weekly, N weeks to YYYY-MM-DD: 12 in
 * total, at most 4 in a week; oldest first: 0, 1, ..."), a <title> per
 * bar, no script, no ids; classes start "cairn-chart".  `what` (e.g.
 * "Production deploys of payments") is escaped.  Nothing when n is 0. */
void deploy_chart_svg(struct buf *out, const int *weekly, size_t n, int64_t end,
		      const char *what);

#endif
