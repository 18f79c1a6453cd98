/* Tests for the deploy module (deploy.c, deploy_feed.c, deploy_git.c,
 * deploy_metrics.c, deploy_cache.c) and the history functions of the repo
 * module it uses, against real repositories made with the git command, at
 * fixed times. */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "deploy.h"
#include "fixture.h"
#include "harness.h"
#include "repo.h"

#define GIT                                                       \
	"git -c init.defaultBranch=main -c commit.gpgsign=false " \
	"-c tag.gpgsign=false -c advice.detachedHead=false"

/* 2024-01-01T00:00:00Z: every fixture's commits are hours after it. */
#define T0 1704067200LL
#define HOUR 3600LL
#define DAY 86400LL

static char root[1024]; /* the temp folder holding every fixture */

/* libgit2 1.5's revwalk leaks its commit lists when a walk fails on a
 * missing commit (limit_list returns without freeing them): the test of
 * that case (missing_commit_falls_back_to_own_walk) would fail under
 * LeakSanitizer for libgit2's sake alone. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:git_revwalk_next\n";
}

/* libgit2 is built without frame pointers: only the slow unwinder sees
 * through it to git_revwalk_next. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

/* ---------------------------------------------------------------- helpers */

/* Runs a shell command (in sh, with `c` defined: c NAME TIME commits a
 * change to file f as author NAME at TIME, UTC seconds); prints its output
 * when it fails. */
__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	int rc;

	buf_puts(&cmd, "( c() { echo \"$1 $2\" >> f && " GIT " add f && "
		       "GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_DATE=\"$2 +0000\" "
		       "GIT_COMMITTER_DATE=\"$2 +0000\" " GIT
		       " commit -q -m \"$1\"; }; ");
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_printf(&cmd, " ) >'%s/log' 2>&1", root);
	rc = system(cmd.ptr);
	if (rc != 0) {
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd.ptr);
		buf_clear(&cmd);
		buf_printf(&cmd, "cat '%s/log' >&2", root);
		if (system(cmd.ptr) != 0)
			fprintf(stderr, "(no output)\n");
	}
	buf_release(&cmd);
	return rc;
}

/* The first line a command prints, in out (41 bytes: a commit id). */
__attribute__((format(printf, 2, 3))) static void sh_id(char out[41],
							const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	char line[256] = "";
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	f = popen(cmd.ptr, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		pclose(f);
	}
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(out, 41, "%.40s", line);
	buf_release(&cmd);
}

/* A path under root (static storage, one of a few in rotation). */
static const char *at(const char *name)
{
	static char paths[8][PATH_MAX];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", root, name);
	return p;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Whether some diagnostic's line holds all of the given words. */
static int has_diag(struct diag_list *d, const char *a, const char *b)
{
	for (size_t i = 0; i < d->len; i++) {
		char line[4096];
		diag_format(line, sizeof(line), &d->items[i]);
		if (strstr(line, a) && (!b || strstr(line, b)))
			return 1;
	}
	return 0;
}

static void print_diags(struct diag_list *d)
{
	for (size_t i = 0; i < d->len; i++) {
		char line[4096];
		diag_format(line, sizeof(line), &d->items[i]);
		fprintf(stderr, "  diag: %s\n", line);
	}
}

static const struct deploy_env *env_named(const struct deploy_service *s,
					  const char *name)
{
	for (size_t i = 0; i < s->nenvs; i++)
		if (strcmp(s->envs[i].name, name) == 0)
			return &s->envs[i];
	return NULL;
}

/* ---------------------------------------------------------------- fixtures */

static const char *const envs3[] = { "qa", "staging", "production" };

/* ids of the main fixture: c[1..10] on main, h1 on branch hotfix */
static char c[11][41], h1[41];

/* main: c1..c10, commit i by "dev<i>" at T0 + i hours.  hotfix: h1 on c5
 * at T0 + 5.5 hours (never merged).  Tags:
 *   deploy/production/1    annotated on c3 by Priya, 09:00 +05:30 (03:30Z)
 *   deploy/production/2    annotated on c6 by Dan, 00:00 -08:00 (08:00Z)
 *   deploy/production/tree lightweight, on c10's tree (not a deploy)
 *   deploy/staging/1       lightweight on c8 (its time: c8's, 08:00Z)
 *   deploy/staging/2       annotated on h1 by Sam, 09:00Z (off the branch)
 *   deploy/dev/1           an environment not configured
 *   v1.0                   annotated on c9 (a release, not a deploy)
 * qa is never deployed. */
static const char *make_svc(void)
{
	const char *dir = at("svc");

	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "for i in 1 2 3 4 5 6 7 8 9 10; do c dev$i $((%lld + i * 3600)); done && " GIT
	   " checkout -q -b hotfix main~5 && c hotfix %lld && " GIT " checkout -q main && "
	   "GIT_COMMITTER_NAME=Priya GIT_COMMITTER_DATE='2024-01-01T09:00:00+05:30' " GIT
	   " tag -a -m 'deploy 1' deploy/production/1 main~7 && "
	   "GIT_COMMITTER_NAME=Dan GIT_COMMITTER_DATE='2024-01-01T00:00:00-08:00' " GIT
	   " tag -a -m 'deploy 2' deploy/production/2 main~4 && " GIT
	   " tag deploy/production/tree 'main^{tree}' && " GIT " tag deploy/staging/1 main~2 && "
	   "GIT_COMMITTER_NAME=Sam GIT_COMMITTER_DATE='2024-01-01T09:00:00+00:00' " GIT
	   " tag -a -m 'hotfix to staging' deploy/staging/2 hotfix && " GIT
	   " tag deploy/dev/1 main && " GIT " tag -a -m 'release' v1.0 main~1",
	   dir, dir, dir, T0, T0 + 5 * HOUR + 1800);
	for (int i = 1; i <= 10; i++)
		sh_id(c[i], "git -C '%s' rev-parse main~%d", dir, 10 - i);
	sh_id(h1, "git -C '%s' rev-parse hotfix", dir);
	return dir;
}

/* Collects the svc fixture's deploys with envs3 (and feed, may be NULL). */
static int collect_svc(struct deploy_service **out, struct repo **r,
		       const struct deploy_feed *feed, size_t max_pending,
		       struct arena *a, struct diag_list *d)
{
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct buf err = BUF_INIT;
	size_t n = 0;
	int rc;

	o.repo = "svc";
	o.environments = envs3;
	o.nenvironments = 3;
	o.feed = feed;
	o.max_pending = max_pending;
	*out = NULL;
	if (repo_open(r, at("svc"), &err) < 0) {
		fprintf(stderr, "%s\n", err.ptr);
		buf_release(&err);
		return -1;
	}
	rc = deploy_collect(out, &n, *r, &o, a, d, &err);
	if (rc < 0)
		fprintf(stderr, "collect: %s\n", err.ptr);
	CHECK(rc == 0 && n == 1);
	buf_release(&err);
	return rc;
}

/* ---------------------------------------------------------------- time */

TEST(parse_time_converts_offsets_to_utc)
{
	int64_t t = 0;

	CHECK(deploy_parse_time(&t, "2024-01-01T09:00:00+05:30") == 0);
	CHECK(t == T0 + 3 * HOUR + 1800);
	CHECK(deploy_parse_time(&t, "2024-01-01T00:00:00-08:00") == 0);
	CHECK(t == T0 + 8 * HOUR);
	CHECK(deploy_parse_time(&t, "2024-01-01T00:00:00Z") == 0);
	CHECK(t == T0);
	CHECK(deploy_parse_time(&t, "2024-01-01t00:00:00.123456z") == 0);
	CHECK(t == T0);
	CHECK(deploy_parse_time(&t, "2024-01-01 00:00:00+00:00") == 0);
	CHECK(t == T0);
	CHECK(deploy_parse_time(&t, "2024-02-29T12:00:00Z") == 0);
	CHECK(deploy_parse_time(&t, "1969-12-31T23:59:59Z") == 0);
	CHECK(t == -1);
	CHECK(deploy_parse_time(&t, "2016-12-31T23:59:60Z") == 0); /* leap */
	CHECK(t == 1483228799);
}

TEST(parse_time_refuses_what_is_not_rfc3339)
{
	static const char *const bad[] = {
		"2024-01-01T10:00:00",	/* no offset */
		"2024-01-01 10:00",	/* no seconds, no offset */
		"2023-02-29T00:00:00Z", /* not a leap year */
		"2024-13-01T00:00:00Z",
		"2024-04-31T00:00:00Z",
		"2024-01-01T24:00:00Z",
		"2024-01-01T00:00:00+5:30",
		"2024-01-01T00:00:00.Z",
		"2024-01-01T00:00:00Z trailing",
		"1704067200",
		"",
		NULL,
	};
	int64_t t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(deploy_parse_time(&t, bad[i]) == -1);
}

TEST(format_time_is_utc_and_round_trips)
{
	char s[DEPLOY_TIME_LEN];
	int64_t back;
	int ok = 1;

	deploy_format_time(s, 0);
	CHECK_STR(s, "1970-01-01T00:00:00Z");
	deploy_format_time(s, T0 + 3 * HOUR + 1800);
	CHECK_STR(s, "2024-01-01T03:30:00Z");
	deploy_format_time(s, -1);
	CHECK_STR(s, "1969-12-31T23:59:59Z");
	deploy_format_time(s, 951782400); /* a leap day of a century */
	CHECK_STR(s, "2000-02-29T00:00:00Z");
	/* every 3 days and 7 seconds from 1900 to 2100 */
	for (int64_t t = -2208988800LL; t < 4102444800LL && ok; t += 3 * DAY + 7) {
		deploy_format_time(s, t);
		ok = deploy_parse_time(&back, s) == 0 && back == t;
		if (!ok)
			fprintf(stderr, "round trip of %lld gave %s\n",
				(long long)t, s);
	}
	CHECK(ok);
}

TEST(format_ago_words)
{
	static const struct {
		int64_t ago;
		const char *want;
	} cases[] = {
		{ 0, "just now" },
		{ 44, "just now" },
		{ 60, "1 minute ago" },
		{ 5 * 60, "5 minutes ago" },
		{ 89 * 60, "89 minutes ago" },
		{ 2 * HOUR, "2 hours ago" },
		{ 35 * HOUR, "35 hours ago" },
		{ 2 * DAY, "2 days ago" },
		{ 13 * DAY, "13 days ago" },
		{ 14 * DAY, "2 weeks ago" },
		{ 59 * DAY, "8 weeks ago" },
		{ 90 * DAY, "3 months ago" },
		{ 400 * DAY, "1 year ago" },
		{ 800 * DAY, "2 years ago" },
		{ -5, "in the future" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;
		deploy_format_ago(&b, T0 - cases[i].ago, T0);
		CHECK_STR(b.ptr, cases[i].want);
		buf_release(&b);
	}
}

/* ---------------------------------------------------------------- patterns */

TEST(pattern_check)
{
	struct buf err = BUF_INIT;

	CHECK(deploy_pattern_check(DEPLOY_DEFAULT_PATTERN, &err) == 0);
	CHECK(deploy_pattern_check("deploy/{service}/{env}/*", &err) == 0);
	CHECK(deploy_pattern_check("release-{env}-*", &err) == 0);
	CHECK(deploy_pattern_check("", &err) == -1);
	CHECK_CONTAINS(err.ptr, "empty");
	CHECK(deploy_pattern_check("refs/tags/deploy/{env}/*", &err) == -1);
	CHECK_CONTAINS(err.ptr, "\"refs/\"");
	CHECK(deploy_pattern_check("deploy/*", &err) == -1);
	CHECK_CONTAINS(err.ptr, "{env} once");
	CHECK(deploy_pattern_check("deploy/{env}/{env}", &err) == -1);
	CHECK(deploy_pattern_check("deploy/{team}/{env}/*", &err) == -1);
	CHECK_CONTAINS(err.ptr, "\"{team}\"");
	CHECK(deploy_pattern_check("deploy//{env}", &err) == -1);
	CHECK(deploy_pattern_check("deploy/{env}/", &err) == -1);
	CHECK(deploy_pattern_check("deploy {env}", &err) == -1);
	CHECK(deploy_pattern_check("deploy/{env}/v?", &err) == -1);
	buf_release(&err);
}

TEST(production_environment_choice)
{
	static const char *const a[] = { "staging", "production", "sandbox" };
	static const char *const b[] = { "dev", "prod" };
	static const char *const c2[] = { "dev", "stage", "live" };

	CHECK_STR(deploy_production_env(a, 3, NULL), "production");
	CHECK_STR(deploy_production_env(b, 2, NULL), "prod");
	CHECK_STR(deploy_production_env(c2, 3, NULL), "live");
	CHECK_STR(deploy_production_env(c2, 3, "stage"), "stage");
	CHECK_STR(deploy_production_env(c2, 3, "nowhere"), "live");
	CHECK(deploy_production_env(NULL, 0, NULL) == NULL);
}

TEST(status_names_round_trip)
{
	enum deploy_status s;

	for (int i = DEPLOY_UNKNOWN; i <= DEPLOY_ROLLED_BACK; i++) {
		CHECK(deploy_status_parse(&s, deploy_status_name(i)) == 0);
		CHECK((int)s == i);
	}
	CHECK(deploy_status_parse(&s, "Rolled_Back") == 0 && s == DEPLOY_ROLLED_BACK);
	CHECK(deploy_status_parse(&s, "done") == -1);
	CHECK(deploy_status_parse(&s, NULL) == -1);
}

/* ---------------------------------------------------------------- tags */

TEST(tags_peel_with_tagger_times_in_their_zones)
{
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_tag *t = NULL;
	size_t n = 0;
	char when[DEPLOY_TIME_LEN];

	arena_init(&a);
	CHECK(repo_open(&r, at("svc"), &err) == 0);
	CHECK(repo_deploy_tags(r, DEPLOY_DEFAULT_PATTERN, envs3, 3, NULL, 0, &a,
			       &t, &n, &err) == 0);
	CHECK(n == 5); /* not deploy/dev/1, not v1.0 */
	if (n == 5) {
		CHECK_STR(t[0].name, "deploy/production/1");
		CHECK_STR(t[0].env, "production");
		CHECK(t[0].service == NULL);
		CHECK_STR(t[0].commit, c[3]);
		CHECK(t[0].annotated);
		CHECK(t[0].time == T0 + 3 * HOUR + 1800); /* 09:00 +05:30 */
		CHECK(t[0].tz_offset == 330);
		CHECK(!t[0].time_from_commit);
		CHECK_STR(t[0].actor, "Priya");
		CHECK_STR(t[0].subject, "dev3");
		CHECK(t[0].commit_time == T0 + 3 * HOUR);
		deploy_format_time(when, t[0].time);
		CHECK_STR(when, "2024-01-01T03:30:00Z");

		CHECK_STR(t[1].name, "deploy/production/2");
		CHECK_STR(t[1].commit, c[6]);
		CHECK(t[1].time == T0 + 8 * HOUR); /* 00:00 -08:00 */
		CHECK(t[1].tz_offset == -480);
		CHECK_STR(t[1].actor, "Dan");
		deploy_format_time(when, t[1].time);
		CHECK_STR(when, "2024-01-01T08:00:00Z");

		CHECK_STR(t[2].name, "deploy/production/tree");
		CHECK_CONTAINS(t[2].problem, "points to a tree");
		CHECK_STR(t[2].commit, "");

		CHECK_STR(t[3].name, "deploy/staging/1");
		CHECK(!t[3].annotated);
		CHECK(t[3].actor == NULL); /* a lightweight tag: unknown */
		CHECK(t[3].time_from_commit);
		CHECK(t[3].time == T0 + 8 * HOUR);
		CHECK_STR(t[3].commit, c[8]);

		CHECK_STR(t[4].name, "deploy/staging/2");
		CHECK_STR(t[4].commit, h1);
		CHECK_STR(t[4].subject, "hotfix");
		CHECK_STR(t[4].actor, "Sam");
	}
	/* without a list of environments, any one matches */
	CHECK(repo_deploy_tags(r, DEPLOY_DEFAULT_PATTERN, NULL, 0, NULL, 0, &a,
			       &t, &n, &err) == 0);
	CHECK(n == 6);
	if (n == 6)
		CHECK_STR(t[0].env, "dev");
	repo_free(r);
	buf_release(&err);
	arena_release(&a);
}

TEST(tags_of_a_monorepo_by_service)
{
	static const char *const services[] = { "api", "web" };
	static const char *const envs[] = { "staging", "production" };
	const char *dir = at("mono");
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	struct repo_tag *t = NULL;
	size_t n = 0;

	arena_init(&a);
	diag_init(&d);
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "for i in 1 2 3 4; do c m$i $((%lld + i * 3600)); done && " GIT
	   " tag deploy/api/production/1 main~2 && " GIT
	   " tag deploy/web/production/1 main~1 && " GIT
	   " tag deploy/web/staging/1 main && " GIT
	   " tag deploy/other/production/1 main && " GIT
	   " tag deploy/api/production/x/y main && " GIT
	   " tag deploy/api/prod-eu/1 main && " GIT " tag deploy/production-7 main",
	   dir, dir, dir, T0);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_deploy_tags(r, "deploy/{service}/{env}/*", envs, 2, services,
			       2, &a, &t, &n, &err) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(t[0].service, "api");
		CHECK_STR(t[0].env, "production");
		CHECK_STR(t[2].service, "web");
		CHECK_STR(t[2].env, "staging");
	}
	/* '*' and the placeholders stay within one part of the name */
	CHECK(repo_deploy_tags(r, "deploy/{env}-*", NULL, 0, NULL, 0, &a, &t,
			       &n, &err) == 0);
	CHECK(n == 1 && strcmp(t[0].env, "production") == 0);
	CHECK(repo_deploy_tags(r, "deploy/api/{env}/*", NULL, 0, NULL, 0, &a,
			       &t, &n, &err) == 0);
	CHECK(n == 2); /* production/1 and prod-eu/1, not production/x/y */

	o.repo = "mono";
	o.pattern = "deploy/{service}/{env}/*";
	o.environments = envs;
	o.nenvironments = 2;
	o.services = services;
	o.nservices = 2;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(s[0].name, "api");
		CHECK(s[0].ndeploys == 1);
		CHECK(env_named(&s[0], "production")->pending == 2);
		CHECK(env_named(&s[0], "staging")->latest == NULL);
		CHECK_STR(s[1].name, "web");
		CHECK(s[1].ndeploys == 2);
		CHECK(env_named(&s[1], "production")->pending == 1);
		CHECK(env_named(&s[1], "staging")->pending == 0);
		CHECK(s[1].ndiffs == 1 && s[1].diffs[0].known &&
		      s[1].diffs[0].ahead == 1 && s[1].diffs[0].behind == 0);
	}
	CHECK(d.len == 0);
	repo_free(r);
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

/* ---------------------------------------------------------------- collect */

TEST(collect_status_per_environment)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct repo *r = NULL;
	struct deploy_service *s = NULL;

	arena_init(&a);
	diag_init(&d);
	if (collect_svc(&s, &r, NULL, 0, &a, &d) < 0)
		goto cleanup;
	CHECK_STR(s->name, "svc");
	CHECK_STR(s->branch, "main");
	CHECK_STR(s->head, c[10]);
	CHECK_STR(s->production, "production");
	CHECK(!s->shallow && !s->truncated);

	/* the tree tag is reported, not taken */
	CHECK(d.len == 1);
	CHECK(has_diag(&d, "warning: user-fixable: svc:refs/tags/deploy/production/tree: ",
		       "points to a tree"));

	/* newest first; 08:00Z twice: the greater tag name first */
	CHECK(s->ndeploys == 4);
	if (s->ndeploys == 4) {
		CHECK_STR(s->deploys[0].tag, "deploy/staging/2");
		CHECK_STR(s->deploys[1].tag, "deploy/staging/1");
		CHECK_STR(s->deploys[2].tag, "deploy/production/2");
		CHECK_STR(s->deploys[3].tag, "deploy/production/1");
		CHECK(s->deploys[0].on_branch == 0); /* the hotfix */
		CHECK(s->deploys[1].on_branch == 1);
		CHECK(s->deploys[0].status == DEPLOY_UNKNOWN);
	}

	const struct deploy_env *qa = env_named(s, "qa");
	CHECK(qa && !qa->latest && !qa->current && qa->pending == 0 &&
	      qa->npending_list == 0);

	const struct deploy_env *st = env_named(s, "staging");
	CHECK(st && st->current && strcmp(st->current->commit, h1) == 0);
	if (st && st->current) {
		CHECK(st->current == st->latest);
		CHECK(st->current->on_branch == 0);
		CHECK(st->off_branch == 1); /* h1 itself */
		CHECK(st->pending == 5);    /* c6..c10: after the fork */
		CHECK(st->npending_list == 5);
		CHECK_STR(st->pending_list[0].id, c[10]);
		CHECK_STR(st->pending_list[4].id, c[6]);
		CHECK(!st->truncated);
	}

	const struct deploy_env *pr = env_named(s, "production");
	CHECK(pr && pr->current && strcmp(pr->current->commit, c[6]) == 0);
	if (pr && pr->current) {
		CHECK_STR(pr->current->actor, "Dan");
		CHECK_STR(pr->current->subject, "dev6");
		CHECK(pr->current->on_branch == 1);
		CHECK(pr->off_branch == 0);
		CHECK(pr->pending == 4); /* c7..c10 */
		CHECK(pr->npending_list == 4);
		if (pr->npending_list == 4) {
			CHECK_STR(pr->pending_list[0].id, c[10]);
			CHECK_STR(pr->pending_list[0].subject, "dev10");
			CHECK_STR(pr->pending_list[0].author, "dev10");
			CHECK(pr->pending_list[0].time == T0 + 10 * HOUR);
			CHECK(pr->pending_list[0].author_time == T0 + 10 * HOUR);
			CHECK_STR(pr->pending_list[3].id, c[7]);
		}
	}

	CHECK(s->ndiffs == 2);
	if (s->ndiffs == 2) {
		CHECK_STR(s->diffs[0].from, "qa");
		CHECK(!s->diffs[0].known); /* qa was never deployed */
		CHECK_STR(s->diffs[1].from, "staging");
		CHECK_STR(s->diffs[1].to, "production");
		CHECK(s->diffs[1].known);
		CHECK(s->diffs[1].ahead == 1);	/* h1 */
		CHECK(s->diffs[1].behind == 1); /* c6 */
	}

	/* deploy 2 brought c4, c5, c6 (deploy 1 is where the record starts) */
	CHECK(s->nchanges == 3);
	if (s->nchanges == 3) {
		CHECK_STR(s->changes[0].commit, c[4]);
		CHECK(s->changes[0].commit_time == T0 + 4 * HOUR);
		CHECK(s->changes[0].deploy_time == T0 + 8 * HOUR);
		CHECK_STR(s->changes[2].commit, c[6]);
	}

	struct deploy_metrics m;
	const struct deploy_service *one[] = { s };
	deploy_metrics(&m, one, 1, T0 + 10 * DAY, 30);
	CHECK(m.days == 30);
	CHECK(m.deploys == 2);
	CHECK(m.per_week > 0.466 && m.per_week < 0.467); /* 2 * 7 / 30 */
	CHECK(m.changes == 3);
	CHECK(m.lead_time == 3 * HOUR); /* of 4, 3 and 2 hours */
	CHECK(m.rated == 0);
	CHECK(m.failure_rate < 0); /* no feed: unknown */
	/* a window that ends before any deploy */
	deploy_metrics(&m, one, 1, T0, 30);
	CHECK(m.deploys == 0 && m.changes == 0 && m.lead_time == -1);

cleanup:
	if (r)
		repo_free(r);
	diag_release(&d);
	arena_release(&a);
}

TEST(collect_lists_only_the_newest_pending)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct repo *r = NULL;
	struct deploy_service *s = NULL;

	arena_init(&a);
	diag_init(&d);
	if (collect_svc(&s, &r, NULL, 2, &a, &d) == 0) {
		const struct deploy_env *pr = env_named(s, "production");
		CHECK(pr->pending == 4);
		CHECK(pr->npending_list == 2);
		CHECK_STR(pr->pending_list[0].id, c[10]);
		CHECK_STR(pr->pending_list[1].id, c[9]);
	}
	if (r)
		repo_free(r);
	diag_release(&d);
	arena_release(&a);
}

TEST(pending_first_parent_or_all_parents)
{
	static const char *const envs[] = { "production" };
	const char *dir = at("merge");
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	size_t n;

	arena_init(&a);
	diag_init(&d);
	/* m1 (deployed), then a feature branch of two commits merged with a
	 * merge commit, and m2 on main in between */
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "c m1 %lld && " GIT " tag deploy/production/1 && " GIT
	   " checkout -q -b feature && c f1 %lld && c f2 %lld && " GIT
	   " checkout -q main && echo x > g && " GIT " add g && "
	   "GIT_AUTHOR_DATE='%lld +0000' GIT_COMMITTER_DATE='%lld +0000' " GIT " commit -q -m m2 && "
	   "GIT_AUTHOR_DATE='%lld +0000' GIT_COMMITTER_DATE='%lld +0000' " GIT
	   " merge -q --no-ff -m merge feature",
	   dir, dir, dir, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR,
	   T0 + 4 * HOUR, T0 + 4 * HOUR, T0 + 5 * HOUR, T0 + 5 * HOUR);
	CHECK(repo_open(&r, dir, &err) == 0);
	o.repo = "merge";
	o.environments = envs;
	o.nenvironments = 1;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	CHECK(s && s->envs[0].pending == 4); /* merge, m2, f2, f1 */
	if (s && s->envs[0].npending_list == 4) {
		CHECK_STR(s->envs[0].pending_list[0].subject, "merge");
		CHECK_STR(s->envs[0].pending_list[1].subject, "m2");
		CHECK_STR(s->envs[0].pending_list[3].subject, "f1");
	}
	o.first_parent = 1;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	CHECK(s && s->envs[0].pending == 2); /* merge, m2 */
	if (r)
		repo_free(r);
	r = NULL;

	/* the same in a shallow clone: cairn's own walk, which reads the
	 * commits' parents itself */
	sh("rm -rf '%s' && " GIT " -c protocol.file.allow=always clone -q "
	   "--depth 2 --no-single-branch 'file://%s' '%s'",
	   at("merge-shallow"), dir, at("merge-shallow"));
	CHECK(repo_open(&r, at("merge-shallow"), &err) == 0);
	if (r) {
		struct repo_commit_info *kept;
		size_t nkept, count;
		int truncated;
		CHECK(repo_is_shallow(r));
		CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
		CHECK(s && s->envs[0].pending >= 1 && s->envs[0].pending <= 2);
		CHECK(repo_walk_range(r, s->head, NULL, 0, 1, SIZE_MAX, &a, &kept,
				      &nkept, &count, &truncated, &err) == 0);
		/* merge, m2 (a shallow root: m1 is there only as the tag's) */
		CHECK(count == 2 && truncated);
		CHECK(nkept == 2 && strcmp(kept[1].subject, "m2") == 0);
		CHECK(repo_walk_range(r, s->head, NULL, 0, 0, SIZE_MAX, &a, &kept,
				      &nkept, &count, &truncated, &err) == 0);
		CHECK(count == 4 && truncated); /* merge, m2, f2, f1 */
		repo_free(r);
	}
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

/* ---------------------------------------------------------------- feed */

/* The feed used with the svc fixture; the comments give each line's
 * number, which the diagnostics must name. */
static void svc_feed(struct buf *out)
{
	char c6[8], c8[8];

	snprintf(c6, sizeof(c6), "%.7s", c[6]);
	snprintf(c8, sizeof(c8), "%.7s", c[8]);
	buf_printf(out,
		   "# deploys handed in by CI\n"	 /* 1 */
		   "- service: svc\n"			 /* 2 */
		   "  environment: production\n"	 /* 3 */
		   "  commit: %s\n"			 /* 4: c6, short */
		   "  time: 2024-01-01T08:05:00Z\n"	 /* 5 */
		   "  status: failed\n"			 /* 6 */
		   "  actor: ci-bot\n"			 /* 7 */
		   "  url: https://ci.example/run/6\n"	 /* 8 */
		   "- service: svc\n"			 /* 9 */
		   "  environment: production\n"	 /* 10 */
		   "  commit: %s\n"			 /* 11: c9 */
		   "  time: 2024-01-01T09:30:00Z\n"	 /* 12 */
		   "  status: succeeded\n"		 /* 13 */
		   "  actor: ci\n"			 /* 14 */
		   "- service: svc\n"			 /* 15 */
		   "  environment: staging\n"		 /* 16 */
		   "  version: v1.0\n"			 /* 17: c9 */
		   "  time: 2024-01-01T12:00:00+02:00\n" /* 18: 10:00Z */
		   "  status: in_progress\n"		 /* 19 */
		   "- service: svc\n"			 /* 20 */
		   "  environment: staging\n"		 /* 21 */
		   "  version: v1.0\n"			 /* 22 */
		   "  time: 2024-01-01T10:20:00Z\n"	 /* 23 */
		   "  status: succeeded\n"		 /* 24 */
		   "- service: svc\n"			 /* 25 */
		   "  environment: production\n"	 /* 26 */
		   "  commit: deadbeef\n"		 /* 27: no such */
		   "  time: 2024-01-01T10:00:00Z\n"	 /* 28 */
		   "- service: svc\n"			 /* 29 */
		   "  environment: production\n"	 /* 30 */
		   "  commit: %s\n"			 /* 31 */
		   "  time: 2024-01-01T10:00:00Z\n"	 /* 32 */
		   "  status: done\n"			 /* 33: bad */
		   "- service: svc\n"			 /* 34 */
		   "  environment: production\n"	 /* 35 */
		   "  commit: %s\n"			 /* 36 */
		   "  time: 2024-01-01 10:00\n"		 /* 37: bad */
		   "- service: nope\n"			 /* 38: unknown */
		   "  environment: production\n"	 /* 39 */
		   "  commit: %s\n"			 /* 40 */
		   "  time: 2024-01-01T10:00:00Z\n"	 /* 41 */
		   "- service: svc\n"			 /* 42 */
		   "  environment: dev\n"		 /* 43: unknown */
		   "  commit: %s\n"			 /* 44 */
		   "  time: 2024-01-01T10:00:00Z\n"	 /* 45 */
		   "- service: svc\n"			 /* 46 */
		   "  environment: staging\n"		 /* 47 */
		   "  commit: %s\n"			 /* 48: c8 */
		   "  time: 2024-01-01T08:30:00Z\n"	 /* 49 */
		   "  status: succeeded\n"		 /* 50 */
		   "  url: javascript:alert(1)\n",	 /* 51: bad url */
		   c6, c[9], c[7], c[7], c[7], c[7], c8);
}

TEST(collect_merges_the_feed_with_tags)
{
	static const char *const known[] = { "svc" };
	struct arena a = ARENA_INIT;
	struct buf text = BUF_INIT;
	struct diag_list d;
	struct deploy_feed feed;
	struct repo *r = NULL;
	struct deploy_service *s = NULL;

	arena_init(&a);
	diag_init(&d);
	svc_feed(&text);
	CHECK(deploy_feed_parse(&feed, &a, "deploys.yaml", text.ptr, text.len, &d) == 0);
	CHECK(feed.n == 8); /* of 10: the bad status and the bad time left out */
	CHECK(has_diag(&d, "error: operator-fixable: deploys.yaml:33: ",
		       "status \"done\" is not one of"));
	CHECK(has_diag(&d, "error: operator-fixable: deploys.yaml:37: ",
		       "time \"2024-01-01 10:00\" is not an RFC 3339 time"));
	CHECK(has_diag(&d, "warning: operator-fixable: deploys.yaml:51: ",
		       "url \"javascript:alert(1)\""));
	deploy_feed_check(&feed, known, 1, envs3, 3, &d);
	CHECK(has_diag(&d, "warning: operator-fixable: deploys.yaml:38: ", "service \"nope\""));
	CHECK(has_diag(&d, "warning: operator-fixable: deploys.yaml:42: ",
		       "environment \"dev\""));
	if (collect_svc(&s, &r, &feed, 0, &a, &d) < 0)
		goto cleanup;
	CHECK(has_diag(&d, "warning: operator-fixable: deploys.yaml:25: ",
		       "commit \"deadbeef\" not found in repository \"svc\""));
	CHECK(d.len == 7); /* and the tree tag */
	if (d.len != 7)
		print_diags(&d);

	/* production: deploy 2 failed (the feed says), then c9 from the feed */
	const struct deploy_env *pr = env_named(s, "production");
	CHECK(pr->latest && !pr->latest->tag);
	CHECK_STR(pr->latest->commit, c[9]);
	CHECK(pr->latest->time == T0 + 9 * HOUR + 1800);
	CHECK(pr->latest->status == DEPLOY_SUCCEEDED);
	CHECK_STR(pr->latest->actor, "ci");
	CHECK_STR(pr->latest->subject, "dev9");
	CHECK(pr->latest->feed_line == 9);
	CHECK(pr->current == pr->latest);
	CHECK(pr->pending == 1);

	const struct deploy *failed = NULL;
	for (size_t i = 0; i < s->ndeploys; i++)
		if (s->deploys[i].tag &&
		    strcmp(s->deploys[i].tag, "deploy/production/2") == 0)
			failed = &s->deploys[i];
	CHECK(failed != NULL);
	if (failed) {
		CHECK(failed->status == DEPLOY_FAILED);
		CHECK_STR(failed->actor, "ci-bot");
		CHECK_STR(failed->url, "https://ci.example/run/6");
		CHECK(failed->time == T0 + 8 * HOUR); /* the tagger's stays */
		CHECK(failed->feed_line == 2);
	}

	/* staging: the lightweight tag took the feed's time; v1.0's deploy
	 * went in_progress then succeeded: one deploy */
	const struct deploy_env *st = env_named(s, "staging");
	CHECK(st->latest && !st->latest->tag);
	CHECK_STR(st->latest->commit, c[9]);
	CHECK(st->latest->time == T0 + 10 * HOUR + 1200);
	CHECK(st->latest->status == DEPLOY_SUCCEEDED);
	CHECK(st->pending == 1);
	size_t nstaging = 0;
	const struct deploy *light = NULL;
	for (size_t i = 0; i < s->ndeploys; i++) {
		if (strcmp(s->deploys[i].environment, "staging") != 0)
			continue;
		nstaging++;
		if (s->deploys[i].tag &&
		    strcmp(s->deploys[i].tag, "deploy/staging/1") == 0)
			light = &s->deploys[i];
	}
	CHECK(nstaging == 3); /* staging/1, staging/2, v1.0's */
	CHECK(light && light->time == T0 + 8 * HOUR + 1800 &&
	      !light->time_from_commit && light->status == DEPLOY_SUCCEEDED &&
	      light->url == NULL && light->actor == NULL);
	CHECK(s->diffs[1].known && s->diffs[1].ahead == 0 && s->diffs[1].behind == 0);

	/* lead time: c4..c9 came with the 09:30 deploy (the failed one does
	 * not count): 5.5h, 4.5h, ... 0.5h: median 3h */
	CHECK(s->nchanges == 6);
	struct deploy_metrics m;
	const struct deploy_service *one[] = { s };
	deploy_metrics(&m, one, 1, T0 + 10 * DAY, 30);
	CHECK(m.deploys == 3);
	CHECK(m.changes == 6);
	CHECK(m.lead_time == 3 * HOUR);
	CHECK(m.rated == 2 && m.failed == 1);
	CHECK(m.failure_rate > 0.499 && m.failure_rate < 0.501);

cleanup:
	if (r)
		repo_free(r);
	buf_release(&text);
	diag_release(&d);
	arena_release(&a);
}

TEST(feed_records_json_and_shapes)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct deploy_feed f;
	const char *json =
		"{\"deploys\": [\n"
		"  {\"service\": \"api\", \"environment\": \"production\",\n"
		"   \"commit\": \"ABCDEF0123\", \"time\": \"2024-01-01T09:00:00+05:30\",\n"
		"   \"status\": \"rolled_back\", \"actor\": \"ci\",\n"
		"   \"url\": \"https://ci.example/1\", \"build\": 7},\n"
		"  {\"service\": \"api\", \"environment\": \"staging\",\n"
		"   \"version\": \"v2.1\", \"time\": \"2024-01-01T00:00:00Z\"}\n"
		"]}\n";

	arena_init(&a);
	diag_init(&d);
	CHECK(deploy_feed_parse(&f, &a, "feed.json", json, strlen(json), &d) == 0);
	CHECK(d.len == 0); /* "build" is CI's own: ignored */
	CHECK(f.n == 2);
	if (f.n == 2) {
		CHECK_STR(f.records[0].commit, "abcdef0123");
		CHECK(f.records[0].time == T0 + 3 * HOUR + 1800);
		CHECK(f.records[0].tz_offset == 330);
		CHECK(f.records[0].status == DEPLOY_ROLLED_BACK);
		CHECK(f.records[0].line == 2);
		CHECK(f.records[1].commit == NULL);
		CHECK_STR(f.records[1].version, "v2.1");
		CHECK(f.records[1].status == DEPLOY_UNKNOWN);
		CHECK(f.records[1].line == 6);
	}

	/* YAML reads these unquoted ids as numbers: they are taken as
	 * written */
	const char *numbers = "- {service: a, environment: p, commit: 12e4567,"
			      " time: '2024-01-01T00:00:00Z'}\n"
			      "- service: a\n  environment: p\n  commit: 0012345\n"
			      "  time: 2024-01-01T00:00:00Z\n";
	CHECK(deploy_feed_parse(&f, &a, "f.yaml", numbers, strlen(numbers), &d) == 0);
	CHECK(f.n == 2);
	if (f.n == 2) {
		CHECK_STR(f.records[0].commit, "12e4567");
		CHECK_STR(f.records[1].commit, "0012345");
	}
	CHECK(d.len == 0);

	/* an empty feed is no deploys; a feed that is no list is an error */
	CHECK(deploy_feed_parse(&f, &a, "f.yaml", "", 0, &d) == 0 && f.n == 0);
	CHECK(deploy_feed_parse(&f, &a, "f.yaml", "deploys: 3\n", 11, &d) == -1);
	CHECK(has_diag(&d, "error: operator-fixable: f.yaml:1: ",
		       "not a list of deploy records"));
	CHECK(deploy_feed_parse(&f, &a, "f.yaml", "- [unclosed\n", 12, &d) == -1);
	CHECK(has_diag(&d, "f.yaml:", "deploy feed cannot be read"));
	diag_release(&d);
	arena_release(&a);
}

TEST(feed_bad_records_are_left_out_with_their_lines)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct deploy_feed f;
	const char *text = "- just a string\n"		    /* 1 */
			   "- environment: production\n"    /* 2 */
			   "  commit: abcdef1\n"	    /* 3 */
			   "  time: 2024-01-01T00:00:00Z\n" /* 4 */
			   "- service: a\n"		    /* 5 */
			   "  environment: production\n"    /* 6 */
			   "  time: 2024-01-01T00:00:00Z\n" /* 7 */
			   "- service: a\n"		    /* 8 */
			   "  environment: production\n"    /* 9 */
			   "  commit: xyz1234\n"	    /* 10 */
			   "  time: 2024-01-01T00:00:00Z\n" /* 11 */
			   "- service: a\n"		    /* 12 */
			   "  environment: production\n"    /* 13 */
			   "  commit: abcdef1\n"	    /* 14 */
			   "  time: 2024-01-01T00:00:00Z\n" /* 15 */
			   "  actor: [x]\n"		    /* 16 */
			   "- service: [a]\n"		    /* 17 */
			   "  environment: production\n"    /* 18 */
			   "  commit: abcdef1\n"	    /* 19 */
			   "- service: a\n"		    /* 20 */
			   "  environment: production\n"    /* 21 */
			   "  commit: abcdef1\n"	    /* 22 */
			   "  time: 2024-01-01T00:00:00Z\n" /* 23 */
			   "  status: Succeeded\n";	    /* 24 */

	arena_init(&a);
	diag_init(&d);
	CHECK(deploy_feed_parse(&f, &a, "f.yaml", text, strlen(text), &d) == 0);
	CHECK(f.n == 2); /* lines 12 and 20 */
	if (f.n == 2) {
		CHECK(f.records[0].line == 12 && f.records[0].actor == NULL);
		CHECK(f.records[1].status == DEPLOY_SUCCEEDED);
	}
	CHECK(has_diag(&d, "error: operator-fixable: f.yaml:1: ", "is a string, not a map"));
	CHECK(has_diag(&d, "f.yaml:2: ", "has no \"service\""));
	CHECK(has_diag(&d, "f.yaml:5: ", "neither \"commit\" nor \"version\""));
	CHECK(has_diag(&d, "f.yaml:10: ", "commit \"xyz1234\" is not a commit id"));
	CHECK(has_diag(&d, "warning: operator-fixable: f.yaml:16: ", "\"actor\" is not text"));
	CHECK(has_diag(&d, "f.yaml:17: ", "\"service\" is not text"));
	CHECK(has_diag(&d, "f.yaml:17: ", "has no \"time\""));
	diag_release(&d);
	arena_release(&a);
}

TEST(feed_load_missing_file_is_operator_error)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct deploy_feed f;

	arena_init(&a);
	diag_init(&d);
	CHECK(deploy_feed_load(&f, &a, at("no-such-feed.json"),
			       "ci/deploys.json", &d) == -1);
	CHECK(has_diag(&d, "error: operator-fixable: ci/deploys.json: ", "cannot be opened"));
	diag_release(&d);
	arena_release(&a);
}

/* ---------------------------------------------------------------- figures */

/* A service built by hand: production deploys at the given hours before
 * now with statuses, and changes. */
static void fake_service(struct deploy_service *s, struct deploy *deps,
			 size_t n, int64_t now, const int64_t *ago,
			 const enum deploy_status *st, const char *env)
{
	memset(s, 0, sizeof(*s));
	s->name = "fake";
	s->production = "production";
	for (size_t i = 0; i < n; i++) {
		memset(&deps[i], 0, sizeof(deps[i]));
		deps[i].service = "fake";
		deps[i].environment = env;
		deps[i].time = now - ago[i];
		deps[i].status = st[i];
	}
	s->deploys = deps;
	s->ndeploys = n;
}

TEST(metrics_windows_statuses_and_teams)
{
	const int64_t now = T0 + 100 * DAY;
	const int64_t ago[] = { HOUR,	  2 * DAY,  10 * DAY, 29 * DAY,
				31 * DAY, 89 * DAY, 95 * DAY, -HOUR };
	const enum deploy_status st[] = {
		DEPLOY_SUCCEEDED,   DEPLOY_FAILED,   DEPLOY_IN_PROGRESS,
		DEPLOY_ROLLED_BACK, DEPLOY_UNKNOWN,  DEPLOY_SUCCEEDED,
		DEPLOY_SUCCEEDED,   DEPLOY_SUCCEEDED
	};
	struct deploy deps[8], other[2];
	struct deploy_service s, t;
	struct deploy_change ch[4] = {
		{ "", now - 10 * HOUR, now - HOUR },	/* 9 h */
		{ "", now - 3 * DAY, now - 2 * DAY },	/* 24 h */
		{ "", now - 40 * DAY, now - 31 * DAY }, /* 90 days only */
		{ "", now - 2 * HOUR, now - 29 * DAY }, /* clock skew: 0 */
	};
	struct deploy_metrics m;

	fake_service(&s, deps, 8, now, ago, st, "production");
	s.changes = ch;
	s.nchanges = 4;
	const struct deploy_service *one[] = { &s };

	deploy_metrics(&m, one, 1, now, 30);
	/* in 30 days: 1h ok, 2d failed, 29d rolled back (10d in progress
	 * does not count; -1h is in the future) */
	CHECK(m.deploys == 3);
	CHECK(m.rated == 3 && m.failed == 2);
	CHECK(m.failure_rate > 0.666 && m.failure_rate < 0.667);
	CHECK(m.changes == 3);
	CHECK(m.lead_time == 9 * HOUR); /* of 0, 9h, 24h */

	deploy_metrics(&m, one, 1, now, 90);
	CHECK(m.deploys == 5);
	CHECK(m.rated == 4); /* the unknown one is not rated */
	CHECK(m.changes == 4);
	CHECK(m.lead_time == (9 * HOUR + 24 * HOUR) / 2); /* even: midway */

	/* a team: the services' deploys together; staging never counts */
	const int64_t ago2[] = { 3 * DAY, 4 * DAY };
	const enum deploy_status st2[] = { DEPLOY_SUCCEEDED, DEPLOY_SUCCEEDED };
	fake_service(&t, other, 2, now, ago2, st2, "staging");
	other[0].environment = "production";
	const struct deploy_service *team[] = { &s, &t };
	deploy_metrics(&m, team, 2, now, 30);
	CHECK(m.deploys == 4);
	CHECK(m.per_week > 0.933 && m.per_week < 0.934); /* 4 * 7 / 30 */

	int weeks[DEPLOY_WEEKS];
	deploy_weekly(weeks, DEPLOY_WEEKS, team, 2, now);
	CHECK(weeks[12] == 3); /* 1h, 2d, 3d (not the in-progress one) */
	CHECK(weeks[11] == 0); /* 10d: in progress */
	CHECK(weeks[8] == 2);  /* 29d and 31d: (28d, 35d] */
	CHECK(weeks[0] == 1);  /* 89d: (84d, 91d] */
	int total = 0;
	for (int i = 0; i < DEPLOY_WEEKS; i++)
		total += weeks[i];
	CHECK(total == 6); /* 95d is past 13 weeks, -1h is in the future */

	/* a week's edge belongs to the older week */
	const int64_t edge[] = { 7 * DAY };
	const enum deploy_status ok[] = { DEPLOY_SUCCEEDED };
	struct deploy e1;
	struct deploy_service se;
	fake_service(&se, &e1, 1, now, edge, ok, "production");
	const struct deploy_service *ones[] = { &se };
	deploy_weekly(weeks, DEPLOY_WEEKS, ones, 1, now);
	CHECK(weeks[11] == 1 && weeks[12] == 0);
}

TEST(recent_deploys_across_services)
{
	const int64_t now = T0 + 100 * DAY;
	const int64_t ago_a[] = { HOUR, 13 * DAY, 15 * DAY };
	const int64_t ago_b[] = { 2 * HOUR, HOUR };
	const enum deploy_status st[] = { DEPLOY_SUCCEEDED, DEPLOY_FAILED,
					  DEPLOY_SUCCEEDED };
	struct deploy da[3], db[2];
	struct deploy_service sa, sb;
	const struct deploy **list;
	struct arena a = ARENA_INIT;
	size_t n;

	arena_init(&a);
	fake_service(&sa, da, 3, now, ago_a, st, "production");
	fake_service(&sb, db, 2, now, ago_b, st, "staging");
	sa.name = "a";
	sb.name = "b";
	for (int i = 0; i < 2; i++)
		db[i].service = "b";
	for (int i = 0; i < 3; i++)
		da[i].service = "a";
	const struct deploy_service *all[] = { &sb, &sa };
	deploy_recent(&list, &n, all, 2, now, DEPLOY_RECENT_DAYS, &a);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(list[0] == &da[0]); /* 1h ago: a before b */
		CHECK(list[1] == &db[1]);
		CHECK(list[2] == &db[0]);
		CHECK(list[3] == &da[1]); /* 13 days: failed, still listed */
	}
	arena_release(&a);
}

/* ---------------------------------------------------------------- output */

TEST(json_of_a_deploy)
{
	struct deploy dep;
	struct buf b = BUF_INIT;
	const struct deploy *list[2] = { &dep, &dep };

	memset(&dep, 0, sizeof(dep));
	dep.service = "pay\"ments";
	dep.environment = "production";
	snprintf(dep.commit, sizeof(dep.commit), "%s",
		 "0123456789abcdef0123456789abcdef01234567");
	dep.time = T0 + 3 * HOUR + 1800;
	dep.tz_offset = 330;
	dep.status = DEPLOY_ROLLED_BACK;
	dep.tag = "deploy/production/7";
	dep.on_branch = -1;
	deploy_json(&b, &dep);
	CHECK_STR(b.ptr,
		  "{\"service\":\"pay\\\"ments\",\"environment\":\"production\","
		  "\"commit\":\"0123456789abcdef0123456789abcdef01234567\","
		  "\"time\":\"2024-01-01T03:30:00Z\",\"actor\":null,"
		  "\"status\":\"rolled_back\",\"tag\":\"deploy/production/7\","
		  "\"url\":null,\"subject\":null,\"on_default_branch\":null}");
	buf_clear(&b);
	deploy_json_list(&b, list, 2);
	CHECK(strncmp(b.ptr, "{\"deploys\":[{\"service\"", 22) == 0);
	CHECK(strcmp(b.ptr + b.len - 3, "}]}") == 0);
	buf_clear(&b);
	deploy_json_list(&b, list, 0);
	CHECK_STR(b.ptr, "{\"deploys\":[]}");
	buf_release(&b);
}

TEST(chart_is_accessible_svg_without_script)
{
	const int weekly[DEPLOY_WEEKS] = { 0, 1, 2, 0, 5, 3, 0,
					   0, 1, 4, 2, 7, -3 };
	struct buf b = BUF_INIT;
	size_t rects = 0;

	deploy_chart_svg(&b, weekly, DEPLOY_WEEKS, T0 + 90 * DAY,
			 "Production deploys of <pay & go>");
	CHECK(strncmp(b.ptr, "<svg class=\"cairn-chart\"", 24) == 0);
	CHECK_CONTAINS(b.ptr, "role=\"img\"");
	CHECK_CONTAINS(b.ptr,
		       "aria-label=\"Production deploys of &lt;pay &amp; go&gt;, "
		       "weekly, 13 weeks to 2024-03-31: 25 in total, at most 7 "
		       "in a week; oldest first: 0, 1, 2, 0, 5, 3, 0, 0, 1, 4, 2, "
		       "7, 0\"");
	CHECK_CONTAINS(b.ptr, "<title>7 days to 2024-03-31: 0 deploys</title>");
	CHECK_CONTAINS(b.ptr, "<title>7 days to 2024-03-24: 7 deploys</title>");
	CHECK_CONTAINS(b.ptr, "<title>7 days to 2024-01-07: 0 deploys</title>");
	CHECK_CONTAINS(b.ptr, "<title>7 days to 2024-01-14: 1 deploy</title>");
	CHECK_CONTAINS(b.ptr, "height=\"40\""); /* the highest bar is full */
	CHECK_LACKS(b.ptr, "<script");
	CHECK_LACKS(b.ptr, " id=");
	CHECK_LACKS(b.ptr, "<pay");
	for (const char *p = b.ptr; (p = strstr(p, "<rect")); p++)
		rects++;
	CHECK(rects == DEPLOY_WEEKS);
	CHECK(strcmp(b.ptr + b.len - 6, "</svg>") == 0);

	buf_clear(&b);
	deploy_chart_svg(&b, weekly, 0, T0, "x");
	CHECK(b.len == 0);
	const int none[3] = { 0, 0, 0 };
	deploy_chart_svg(&b, none, 3, T0, NULL);
	CHECK_CONTAINS(b.ptr, "aria-label=\"Deploys, weekly, 3 weeks to "
			      "2024-01-01: 0 in total");
	buf_release(&b);
}

/* ---------------------------------------------------------------- scale */

/* 300 commits c0..c299 (10 minutes apart) made by one fast-import, 1000
 * annotated production tags (tag k on commit 3k/10, at that commit's time
 * plus 60 + k seconds) made by the same fast-import, and 1000 lightweight
 * staging tags made by one `git update-ref --stdin`. */
#define MANY_COMMITS 300
#define MANY_TAGS 1000

static int64_t many_commit_time(int i)
{
	return T0 + (int64_t)i * 600;
}

static int64_t many_tag_time(int k)
{
	return many_commit_time(k * 3 / 10) + 60 + k;
}

static const char *make_many(void)
{
	const char *dir = at("many");
	char path[PATH_MAX], marks[PATH_MAX], refs[PATH_MAX];
	char(*ids)[41] = calloc(MANY_COMMITS + 1, sizeof(*ids));
	FILE *f;

	snprintf(path, sizeof(path), "%s/many.fi", root);
	snprintf(marks, sizeof(marks), "%s/many.marks", root);
	snprintf(refs, sizeof(refs), "%s/many.refs", root);
	f = fopen(path, "w");
	for (int i = 0; i < MANY_COMMITS; i++) {
		char msg[32], body[32];
		snprintf(msg, sizeof(msg), "c%d\n", i);
		snprintf(body, sizeof(body), "%d\n", i);
		fprintf(f, "commit refs/heads/main\nmark :%d\n", i + 1);
		fprintf(f, "author Dev <dev@example.com> %lld +0000\n",
			(long long)many_commit_time(i));
		fprintf(f, "committer Dev <dev@example.com> %lld +0000\n",
			(long long)many_commit_time(i));
		fprintf(f, "data %zu\n%s", strlen(msg), msg);
		if (i)
			fprintf(f, "from :%d\n", i);
		fprintf(f, "M 644 inline f\ndata %zu\n%s\n", strlen(body), body);
	}
	for (int k = 0; k < MANY_TAGS; k++) {
		fprintf(f, "tag deploy/production/%d\nfrom :%d\n", k, k * 3 / 10 + 1);
		fprintf(f, "tagger CI <ci@example.com> %lld +0100\n",
			(long long)many_tag_time(k));
		fprintf(f, "data 7\ndeploy\n\n");
	}
	fclose(f);
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "git fast-import --quiet --export-marks='%s' < '%s'",
	   dir, dir, dir, marks, path);

	/* the marks file: ":N id" */
	f = fopen(marks, "r");
	if (f) {
		int mark;
		char id[64];
		while (fscanf(f, " :%d %63s", &mark, id) == 2)
			if (mark >= 1 && mark <= MANY_COMMITS)
				snprintf(ids[mark - 1], 41, "%.40s", id);
		fclose(f);
	}
	f = fopen(refs, "w");
	for (int k = 0; k < MANY_TAGS; k++)
		fprintf(f, "create refs/tags/deploy/staging/%d %s\n", k,
			ids[k * 3 / 10]);
	fclose(f);
	sh("cd '%s' && git update-ref --stdin < '%s'", dir, refs);
	free(ids);
	return dir;
}

static int int64_t_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

TEST(thousands_of_tags)
{
	static const char *const envs[] = { "staging", "production" };
	const char *dir = make_many();
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct repo_tag *tags = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	size_t n = 0;
	double t0, t1, t2;

	arena_init(&a);
	diag_init(&d);
	CHECK(repo_open(&r, dir, &err) == 0);
	if (!r)
		goto cleanup;
	t0 = now_ms();
	CHECK(repo_deploy_tags(r, DEPLOY_DEFAULT_PATTERN, envs, 2, NULL, 0, &a,
			       &tags, &n, &err) == 0);
	t1 = now_ms();
	CHECK(n == 2 * MANY_TAGS);
	o.repo = "many";
	o.environments = envs;
	o.nenvironments = 2;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	t2 = now_ms();
	printf("  %d tags: listed in %.0f ms, collected (status, pending, lead "
	       "times) in %.0f ms\n",
	       2 * MANY_TAGS, t1 - t0, t2 - t1);
	CHECK(d.len == 0);
	if (!s)
		goto cleanup;
	CHECK(s->ndeploys == 2 * MANY_TAGS);
	const struct deploy_env *pr = env_named(s, "production");
	CHECK_STR(pr->latest->tag, "deploy/production/999");
	CHECK(pr->latest->time == many_tag_time(999));
	CHECK(pr->latest->tz_offset == 60);
	CHECK(pr->pending == 0);
	const struct deploy_env *st = env_named(s, "staging");
	/* tags 997..999 share c299's time: the greatest name is the latest */
	CHECK_STR(st->latest->tag, "deploy/staging/999");
	CHECK(st->pending == 0);

	/* every commit after c0 was first deployed by the first tag k with
	 * 3k/10 >= j */
	CHECK(s->nchanges == MANY_COMMITS - 1);
	int64_t *leads = calloc(MANY_COMMITS, sizeof(*leads));
	size_t nleads = 0;
	for (int j = 1; j < MANY_COMMITS; j++) {
		int k = 0;
		while (k * 3 / 10 < j)
			k++;
		leads[nleads++] = many_tag_time(k) - many_commit_time(j);
	}
	qsort(leads, nleads, sizeof(*leads), int64_t_cmp);
	struct deploy_metrics m;
	const struct deploy_service *one[] = { s };
	deploy_metrics(&m, one, 1, many_tag_time(999) + DAY, 30);
	CHECK(m.deploys == MANY_TAGS);
	CHECK(m.changes == MANY_COMMITS - 1);
	CHECK(m.lead_time == leads[nleads / 2]);
	free(leads);
	int weeks[DEPLOY_WEEKS];
	deploy_weekly(weeks, DEPLOY_WEEKS, one, 1, many_tag_time(999) + DAY);
	CHECK(weeks[DEPLOY_WEEKS - 1] == MANY_TAGS);
	CHECK(t2 - t0 < 20000); /* generous: sanitizers and valgrind */

cleanup:
	if (r)
		repo_free(r);
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

/* ---------------------------------------------------------------- history */

static char d_ids[13][41]; /* the deep fixture's d1..d12 */

/* deep: d1..d12 an hour apart; deploy/production/1 (annotated) on d4,
 * deploy/staging/1 (annotated) on d10. */
static const char *make_deep(void)
{
	const char *dir = at("deep");

	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do c d$i $((%lld + i * 3600)); done && "
	   "GIT_COMMITTER_DATE='%lld +0000' " GIT " tag -a -m p deploy/production/1 main~8 && "
	   "GIT_COMMITTER_DATE='%lld +0000' " GIT " tag -a -m s deploy/staging/1 main~2",
	   dir, dir, dir, T0, T0 + 4 * HOUR + 60, T0 + 10 * HOUR + 60);
	for (int i = 1; i <= 12; i++)
		sh_id(d_ids[i], "git -C '%s' rev-parse main~%d", dir, 12 - i);
	return dir;
}

TEST(shallow_clone_counts_at_least)
{
	static const char *const envs[] = { "staging", "production" };
	const char *deep = make_deep();
	const char *shallow = at("shallow");
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	size_t n;

	arena_init(&a);
	diag_init(&d);
	/* main's last 5 commits, and the tags with 5 commits of history
	 * each: d12..d6 and d4..d1 (d5 is missing) */
	sh("rm -rf '%s' && " GIT " -c protocol.file.allow=always clone -q "
	   "--depth 5 --no-single-branch 'file://%s' '%s'",
	   shallow, deep, shallow);
	CHECK(repo_open(&r, shallow, &err) == 0);
	if (!r)
		goto cleanup;
	CHECK(repo_is_shallow(r));
	o.repo = "shallow";
	o.environments = envs;
	o.nenvironments = 2;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	if (!s)
		goto cleanup;
	CHECK(s->shallow && s->truncated);
	CHECK(d.len == 0);
	if (d.len)
		print_diags(&d);

	/* staging's commit is within the history: exact */
	const struct deploy_env *st = env_named(s, "staging");
	CHECK(st->current && strcmp(st->current->commit, d_ids[10]) == 0);
	CHECK(st->pending == 2 && !st->truncated);
	CHECK(st->current->on_branch == 1);

	/* production's is behind the hole: at least, never more than true */
	const struct deploy_env *pr = env_named(s, "production");
	CHECK(pr->current && strcmp(pr->current->commit, d_ids[4]) == 0);
	CHECK(pr->truncated);
	CHECK(pr->pending <= 8); /* truly d5..d12 */
	CHECK(pr->current->on_branch == -1);
	CHECK_STR(pr->current->subject, "d4");

	/* staging vs production: truly 6 ahead (d5..d10), 0 behind */
	CHECK(s->diffs[0].known && s->diffs[0].truncated);
	CHECK(s->diffs[0].ahead <= 6 && s->diffs[0].behind == 0);

	/* the walks themselves, through the repo API */
	const char *hide[] = { d_ids[4] };
	struct repo_commit_info *kept;
	size_t nkept, count;
	int truncated;
	CHECK(repo_walk_range(r, d_ids[12], hide, 1, 0, 3, &a, &kept, &nkept,
			      &count, &truncated, &err) == 0);
	CHECK(truncated && count >= 1 && count <= 8 && nkept == 3);
	CHECK_STR(kept[0].subject, "d12");
	CHECK(repo_is_ancestor(r, d_ids[10], d_ids[12], &truncated, &err) == 1);
	CHECK(!truncated);
	CHECK(repo_is_ancestor(r, d_ids[4], d_ids[12], &truncated, &err) == 0);
	CHECK(truncated); /* cannot tell */
	repo_free(r);
	r = NULL;

	/* a plain shallow clone gets only the tags within its history:
	 * production was never deployed, as far as it knows */
	sh("rm -rf '%s' && " GIT " -c protocol.file.allow=always clone -q "
	   "--depth 5 'file://%s' '%s'",
	   shallow, deep, shallow);
	CHECK(repo_open(&r, shallow, &err) == 0);
	if (!r)
		goto cleanup;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	if (s) {
		CHECK(env_named(s, "staging")->pending == 2);
		CHECK(env_named(s, "production")->latest == NULL);
	}

cleanup:
	if (r)
		repo_free(r);
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

TEST(missing_commit_falls_back_to_own_walk)
{
	static const char *const envs[] = { "staging", "production" };
	const char *holey = at("holey");
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	size_t n;

	arena_init(&a);
	diag_init(&d);
	/* a copy of deep without d3's object: libgit2's walks fail there */
	sh("rm -rf '%s' && cp -r '%s' '%s' && rm '%s/.git/objects/%.2s/%s'",
	   holey, at("deep"), holey, holey, d_ids[3], d_ids[3] + 2);
	CHECK(repo_open(&r, holey, &err) == 0);
	if (!r)
		goto cleanup;
	CHECK(!repo_is_shallow(r));
	o.repo = "holey";
	o.environments = envs;
	o.nenvironments = 2;
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	if (!s)
		goto cleanup;
	const struct deploy_env *pr = env_named(s, "production");
	CHECK(pr->pending == 8 && !pr->truncated); /* d5..d12, exactly */
	CHECK(pr->npending_list == 8);
	CHECK(pr->current->on_branch == 1);
	CHECK(s->diffs[0].known && s->diffs[0].ahead == 6 &&
	      s->diffs[0].behind == 0 && !s->diffs[0].truncated);

cleanup:
	if (r)
		repo_free(r);
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

/* ---------------------------------------------------------------- first deploys */

/* branchy: BR_COMMITS commits made by one fast-import, in rounds: main
 * gets a commit, then now and then a topic branch forks from main, gets
 * three commits while main gets two, and is merged back (the merge's
 * parents: main, topic); the last topic is never merged.  Commit times go
 * up in steps of 600 s, four commits to a step (equal times, in either
 * order along an edge's ends).  BR_DEPLOYS annotated production tags, one
 * a minute apart after the first commit: mostly main's tip at the time,
 * some rollbacks to an older main commit, some topic commits before their
 * merge, some anything older; one on the topic never merged. */
#define BR_COMMITS 600
#define BR_DEPLOYS 1000

struct br_commit {
	int parent[2]; /* indexes, -1: none */
	int main;      /* on main */
};

static struct br_commit br[BR_COMMITS];
static char br_ids[BR_COMMITS][41];
static int br_deploy[BR_DEPLOYS]; /* the commit of each deploy */

static int64_t br_commit_time(int i)
{
	return T0 + (int64_t)(i / 4) * 600;
}

static int64_t br_deploy_time(int k)
{
	return T0 + 60 + (int64_t)k * (BR_COMMITS / 4) * 600 / BR_DEPLOYS;
}

static unsigned br_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

static const char *make_branchy(void)
{
	const char *dir = at("branchy");
	char path[PATH_MAX], marks[PATH_MAX];
	unsigned seed = 7;
	int n = 0, main_tip = -1, topic_tip = -1, topic_left = 0, main_left = 0;
	int *main_at = calloc(BR_COMMITS, sizeof(*main_at)); /* main's tip after commit i */
	FILE *f;

	snprintf(path, sizeof(path), "%s/branchy.fi", root);
	snprintf(marks, sizeof(marks), "%s/branchy.marks", root);
	f = fopen(path, "w");
	while (n < BR_COMMITS) {
		int on_topic = 0, merge = 0;
		if (topic_left > 0 && (main_left == 0 || br_rand(&seed) % 2)) {
			on_topic = 1;
			topic_left--;
		} else if (topic_tip >= 0 && topic_left == 0 &&
			   main_left == 0 && n < BR_COMMITS - 8) {
			merge = 1;
		} else if (topic_tip < 0 && main_tip >= 0 && br_rand(&seed) % 3 == 0) {
			topic_tip = main_tip; /* forks here: its first commit follows */
			topic_left = 3;
			main_left = 2;
			continue;
		} else if (main_left > 0) {
			main_left--;
		}
		br[n].parent[0] = on_topic ? topic_tip : main_tip;
		br[n].parent[1] = merge ? topic_tip : -1;
		br[n].main = !on_topic;
		fprintf(f, "commit refs/heads/%s\nmark :%d\n",
			on_topic ? "topic" : "main", n + 1);
		fprintf(f, "author Dev <dev@example.com> %lld +0000\n",
			(long long)br_commit_time(n));
		fprintf(f, "committer Dev <dev@example.com> %lld +0000\n",
			(long long)br_commit_time(n));
		fprintf(f, "data %d\nc%04d\n", 6, n);
		if (br[n].parent[0] >= 0)
			fprintf(f, "from :%d\n", br[n].parent[0] + 1);
		if (merge)
			fprintf(f, "merge :%d\n", topic_tip + 1);
		fprintf(f, "M 644 inline f\ndata 5\n%04d\n", n);
		if (on_topic) {
			topic_tip = n;
		} else {
			main_tip = n;
			if (merge)
				topic_tip = -1;
		}
		main_at[n] = main_tip;
		n++;
	}
	for (int k = 0; k < BR_DEPLOYS; k++) {
		/* the commits made by then (at least one) */
		int made = 0, pick, x = br_rand(&seed) % 100;
		while (made < BR_COMMITS && br_commit_time(made) < br_deploy_time(k))
			made++;
		if (!made)
			made = 1;
		if (x < 70 || k == 0) {
			pick = main_at[made - 1];
		} else if (x < 80) {
			do
				pick = (int)(br_rand(&seed) % (unsigned)made);
			while (!br[pick].main);
		} else if (x < 95) {
			pick = made - 1 -
			       (int)(br_rand(&seed) %
				     (made < 20 ? (unsigned)made : 20u));
		} else {
			pick = (int)(br_rand(&seed) % (unsigned)made);
		}
		if (k == BR_DEPLOYS - 2 && topic_tip >= 0)
			pick = topic_tip; /* a branch never merged */
		if (pick < 0)
			pick = 0;
		br_deploy[k] = pick;
		fprintf(f, "tag deploy/production/%d\nfrom :%d\n", k, pick + 1);
		fprintf(f, "tagger CI <ci@example.com> %lld +0000\n",
			(long long)br_deploy_time(k));
		fprintf(f, "data 7\ndeploy\n\n");
	}
	fclose(f);
	free(main_at);
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "git fast-import --quiet --export-marks='%s' < '%s'",
	   dir, dir, dir, marks, path);
	f = fopen(marks, "r");
	if (f) {
		int mark;
		char id[64];
		while (fscanf(f, " :%d %63s", &mark, id) == 2)
			if (mark >= 1 && mark <= BR_COMMITS)
				snprintf(br_ids[mark - 1], 41, "%.40s", id);
		fclose(f);
	}
	return dir;
}

/* What the deploys bring, the slow and sure way: for each deploy, oldest
 * first, every commit of its history not in an earlier one's.  first[i]:
 * the index of commit i's first deploy, -1 when none has it. */
static void br_reference(int *first)
{
	int *stack = calloc(2 * BR_COMMITS + 1, sizeof(*stack));

	for (int i = 0; i < BR_COMMITS; i++)
		first[i] = -1;
	for (int k = 0; k < BR_DEPLOYS; k++) {
		int depth = 0;
		stack[depth++] = br_deploy[k];
		while (depth) {
			int i = stack[--depth];
			if (first[i] >= 0)
				continue;
			first[i] = k;
			for (int p = 0; p < 2; p++)
				if (br[i].parent[p] >= 0 && first[br[i].parent[p]] < 0)
					stack[depth++] = br[i].parent[p];
		}
	}
	free(stack);
}

/* How many commits commit i's history holds (i included). */
static size_t br_history(int i)
{
	char *seen = calloc(BR_COMMITS, 1);
	int *stack = calloc(2 * BR_COMMITS + 1, sizeof(*stack));
	size_t n = 0;
	int depth = 0;

	stack[depth++] = i;
	while (depth) {
		int j = stack[--depth];
		if (seen[j])
			continue;
		seen[j] = 1;
		n++;
		for (int p = 0; p < 2; p++)
			if (br[j].parent[p] >= 0 && !seen[br[j].parent[p]])
				stack[depth++] = br[j].parent[p];
	}
	free(stack);
	free(seen);
	return n;
}

static int br_index(const char *id)
{
	for (int i = 0; i < BR_COMMITS; i++)
		if (strcmp(br_ids[i], id) == 0)
			return i;
	return -1;
}

/* Checks s's changes against the reference: the commits first deployed
 * by a deploy after the first, from `since` on, with that deploy's time. */
static void br_check_changes(const struct deploy_service *s, const int *first,
			     int64_t since)
{
	size_t want = 0, bad = 0;

	for (int i = 0; i < BR_COMMITS; i++)
		if (first[i] > 0 && br_deploy_time(first[i]) >= since)
			want++;
	CHECK(s->nchanges == want);
	for (size_t k = 0; k < s->nchanges; k++) {
		const struct deploy_change *c = &s->changes[k];
		int i = br_index(c->commit);
		if (i < 0 || first[i] <= 0 ||
		    c->deploy_time != br_deploy_time(first[i]) ||
		    c->commit_time != br_commit_time(i))
			bad++;
	}
	CHECK(bad == 0);
	if (s->nchanges != want || bad)
		fprintf(stderr, "  changes: %zu, want %zu, %zu wrong\n",
			s->nchanges, want, bad);
}

TEST(first_deploys_of_a_thousand_deploys_on_branches)
{
	static const char *const envs[] = { "production" };
	const char *dir = make_branchy();
	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *s = NULL;
	struct diag_list d;
	struct repo *r = NULL;
	int *first = calloc(BR_COMMITS, sizeof(*first));
	size_t n = 0;
	double t0, t1;

	arena_init(&a);
	diag_init(&d);
	br_reference(first);
	CHECK(repo_open(&r, dir, &err) == 0);
	if (!r)
		goto cleanup;
	o.repo = "branchy";
	o.environments = envs;
	o.nenvironments = 1;
	t0 = now_ms();
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	t1 = now_ms();
	printf("  %d deploys of %d commits on branches: collected in %.0f ms\n",
	       BR_DEPLOYS, BR_COMMITS, t1 - t0);
	CHECK(d.len == 0);
	if (!s)
		goto cleanup;
	CHECK(s->ndeploys == BR_DEPLOYS);
	br_check_changes(s, first, 0);

	/* from the middle on: the deploys before only hide what they have */
	o.changes_since = br_deploy_time(BR_DEPLOYS / 2);
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	if (s) {
		CHECK(s->changes_since == o.changes_since);
		br_check_changes(s, first, o.changes_since);
	}
	/* after the last deploy: nothing to list */
	o.changes_since = br_deploy_time(BR_DEPLOYS);
	CHECK(deploy_collect(&s, &n, r, &o, &a, &d, &err) == 0);
	if (s)
		CHECK(s->nchanges == 0);

	/* the walk itself, for every deploy and from deploy k on */
	const char **all = calloc(BR_DEPLOYS, sizeof(*all));
	struct repo_first *firsts = NULL;
	size_t nfirsts = 0, want = 0, bad = 0;
	for (int k = 0; k < BR_DEPLOYS; k++)
		all[k] = br_ids[br_deploy[k]];
	for (size_t nold = 1; nold <= BR_DEPLOYS; nold += 333) {
		CHECK(repo_first_reach(r, all, BR_DEPLOYS, nold, &firsts,
				       &nfirsts, &err) == 0);
		want = bad = 0;
		for (int i = 0; i < BR_COMMITS; i++)
			if (first[i] >= (int)nold)
				want++;
		for (size_t k = 0; k < nfirsts; k++) {
			int i = br_index(firsts[k].id);
			if (i < 0 || first[i] != (int)firsts[k].tip ||
			    firsts[k].time != br_commit_time(i))
				bad++;
		}
		CHECK(nfirsts == want && bad == 0);
		free(firsts);
	}
	free(all);

	/* the tips in any order, some of them old */
	const char *tips[4] = { br_ids[br_deploy[BR_DEPLOYS - 1]], br_ids[0],
				br_ids[br_deploy[BR_DEPLOYS - 1]], br_ids[0] };
	CHECK(repo_first_reach(r, tips, 4, 1, &firsts, &nfirsts, &err) == 0);
	CHECK(nfirsts == 0); /* the first tip has them all */
	free(firsts);
	tips[0] = br_ids[0];
	tips[1] = br_ids[br_deploy[BR_DEPLOYS - 1]];
	CHECK(repo_first_reach(r, tips, 2, 1, &firsts, &nfirsts, &err) == 0);
	/* the last deploy's history but the root */
	want = br_history(br_deploy[BR_DEPLOYS - 1]) - 1;
	CHECK(nfirsts == want);
	for (size_t k = 0; k < nfirsts; k++)
		CHECK(firsts[k].tip == 1);
	free(firsts);
	CHECK(repo_first_reach(r, tips, 2, 0, &firsts, &nfirsts, &err) == 0);
	CHECK(nfirsts == want + 1); /* and the root, the first tip's */
	free(firsts);
	tips[1] = "not a commit id";
	CHECK(repo_first_reach(r, tips, 2, 1, &firsts, &nfirsts, &err) < 0);
	CHECK(nfirsts == 0 && !firsts);

cleanup:
	if (r)
		repo_free(r);
	free(first);
	diag_release(&d);
	buf_release(&err);
	arena_release(&a);
}

/* ---------------------------------------------------------------- cache */

static int same_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Whether two services hold the same, field by field; latest and current
 * compared as indexes into their own deploys. */
static int same_service(const struct deploy_service *x, const struct deploy_service *y)
{
	int ok = same_str(x->name, y->name) && same_str(x->branch, y->branch) &&
		 strcmp(x->head, y->head) == 0 &&
		 same_str(x->production, y->production) &&
		 x->ndeploys == y->ndeploys && x->nenvs == y->nenvs &&
		 x->ndiffs == y->ndiffs && x->nchanges == y->nchanges &&
		 x->shallow == y->shallow && x->truncated == y->truncated &&
		 x->changes_since == y->changes_since;

	for (size_t i = 0; ok && i < x->ndeploys; i++) {
		const struct deploy *p = &x->deploys[i], *q = &y->deploys[i];
		ok = same_str(p->service, q->service) &&
		     same_str(p->environment, q->environment) &&
		     strcmp(p->commit, q->commit) == 0 &&
		     same_str(p->subject, q->subject) &&
		     p->commit_time == q->commit_time && p->time == q->time &&
		     p->tz_offset == q->tz_offset &&
		     p->time_from_commit == q->time_from_commit &&
		     same_str(p->actor, q->actor) && p->status == q->status &&
		     same_str(p->url, q->url) && same_str(p->tag, q->tag) &&
		     p->feed_line == q->feed_line && p->on_branch == q->on_branch;
	}
	for (size_t i = 0; ok && i < x->nenvs; i++) {
		const struct deploy_env *p = &x->envs[i], *q = &y->envs[i];
		ok = same_str(p->name, q->name) &&
		     (p->latest ? p->latest - x->deploys : -1) ==
			     (q->latest ? q->latest - y->deploys : -1) &&
		     (p->current ? p->current - x->deploys : -1) ==
			     (q->current ? q->current - y->deploys : -1) &&
		     p->pending == q->pending &&
		     p->npending_list == q->npending_list &&
		     p->off_branch == q->off_branch && p->truncated == q->truncated;
		for (size_t k = 0; ok && k < p->npending_list; k++) {
			const struct repo_commit_info *c = &p->pending_list[k];
			const struct repo_commit_info *e = &q->pending_list[k];
			ok = strcmp(c->id, e->id) == 0 &&
			     same_str(c->subject, e->subject) &&
			     same_str(c->author, e->author) &&
			     c->author_time == e->author_time && c->time == e->time;
		}
	}
	for (size_t i = 0; ok && i < x->ndiffs; i++) {
		const struct deploy_diff *p = &x->diffs[i], *q = &y->diffs[i];
		ok = same_str(p->from, q->from) && same_str(p->to, q->to) &&
		     p->known == q->known && p->ahead == q->ahead &&
		     p->behind == q->behind && p->truncated == q->truncated;
	}
	for (size_t i = 0; ok && i < x->nchanges; i++) {
		const struct deploy_change *p = &x->changes[i], *q = &y->changes[i];
		ok = strcmp(p->commit, q->commit) == 0 &&
		     p->commit_time == q->commit_time &&
		     p->deploy_time == q->deploy_time;
	}
	return ok;
}

TEST(cache_round_trip)
{
	struct arena a = ARENA_INIT, b = ARENA_INIT;
	struct buf text = BUF_INIT, bytes = BUF_INIT, again = BUF_INIT;
	struct diag_list d;
	struct deploy_feed feed;
	struct repo *r = NULL;
	struct deploy_service *s = NULL, *back = NULL, svcs[3];
	struct cache_reader cr;
	size_t n = 0;

	arena_init(&a);
	arena_init(&b);
	diag_init(&d);
	/* the svc fixture with the feed: statuses, actors, urls, feed lines,
	 * lightweight and annotated tags, an off-branch deploy, pending
	 * lists, diffs, changes */
	svc_feed(&text);
	CHECK(deploy_feed_parse(&feed, &a, "deploys.yaml", text.ptr, text.len, &d) == 0);
	if (collect_svc(&s, &r, &feed, 3, &a, &d) < 0)
		goto cleanup;
	CHECK(s->ndeploys > 5 && s->nchanges > 0 && s->ndiffs == 2);
	svcs[0] = *s;
	/* an empty one, and one with every NULL the struct allows */
	memset(&svcs[1], 0, sizeof(svcs[1]));
	svcs[1].name = "empty";
	svcs[2] = *s;
	svcs[2].name = "other";
	svcs[2].branch = NULL;
	svcs[2].production = NULL;
	svcs[2].shallow = 1;
	svcs[2].truncated = 1;
	svcs[2].changes_since = -5;
	deploy_service_write(&bytes, svcs, 3);

	cr = (struct cache_reader){ bytes.ptr, bytes.ptr + bytes.len, 0 };
	CHECK(deploy_service_read(&back, &n, &cr, &b) == 0);
	CHECK(n == 3 && !cr.bad && cr.p == cr.end);
	if (n == 3) {
		CHECK(same_service(&svcs[0], &back[0]));
		CHECK(same_service(&svcs[1], &back[1]));
		CHECK(same_service(&svcs[2], &back[2]));
		/* the environments' deploys are the read ones */
		const struct deploy_env *pr = NULL;
		for (size_t i = 0; i < back[0].nenvs; i++)
			if (strcmp(back[0].envs[i].name, "production") == 0)
				pr = &back[0].envs[i];
		CHECK(pr && pr->current >= back[0].deploys &&
		      pr->current < back[0].deploys + back[0].ndeploys);
		/* the same figures */
		struct deploy_metrics m1, m2;
		const struct deploy_service *one[] = { s }, *two[] = { &back[0] };
		deploy_metrics(&m1, one, 1, T0 + 10 * DAY, 30);
		deploy_metrics(&m2, two, 1, T0 + 10 * DAY, 30);
		CHECK(m1.deploys == m2.deploys && m1.changes == m2.changes &&
		      m1.lead_time == m2.lead_time && m1.failed == m2.failed);
		/* and the same bytes when written again */
		deploy_service_write(&again, back, n);
		CHECK(again.len == bytes.len &&
		      memcmp(again.ptr, bytes.ptr, bytes.len) == 0);
	}

	/* a record cut anywhere, or with a byte changed, is refused (or read
	 * as something), never read past its end */
	for (size_t cut = 0; cut < bytes.len; cut += cut < 64 ? 1 : 7) {
		cr = (struct cache_reader){ bytes.ptr, bytes.ptr + cut, 0 };
		CHECK(deploy_service_read(&back, &n, &cr, &b) < 0);
		CHECK(cr.bad && !back && n == 0);
	}
	for (size_t at_byte = 0; at_byte < bytes.len; at_byte += 5) {
		char saved = bytes.ptr[at_byte];
		bytes.ptr[at_byte] = (char)(saved ^ 0x5a);
		cr = (struct cache_reader){ bytes.ptr, bytes.ptr + bytes.len, 0 };
		if (deploy_service_read(&back, &n, &cr, &b) == 0) {
			for (size_t i = 0; i < n; i++)
				for (size_t e = 0; e < back[i].nenvs; e++)
					CHECK(!back[i].envs[e].latest ||
					      (back[i].envs[e].latest >= back[i].deploys &&
					       back[i].envs[e].latest <
						       back[i].deploys + back[i].ndeploys));
		} else {
			CHECK(!back && n == 0);
		}
		bytes.ptr[at_byte] = saved;
	}
	/* nothing at all */
	cr = (struct cache_reader){ bytes.ptr, bytes.ptr, 0 };
	CHECK(deploy_service_read(&back, &n, &cr, &b) < 0);

cleanup:
	if (r)
		repo_free(r);
	buf_release(&text);
	buf_release(&bytes);
	buf_release(&again);
	diag_release(&d);
	arena_release(&a);
	arena_release(&b);
}

/* The fingerprint of fp's deploy tags (the svc fixture's environments). */
static uint64_t fp_of(const char *dir)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	uint64_t fp = 0;

	if (repo_open(&r, dir, &err) == 0) {
		fp = repo_deploy_refs_fp(r, DEPLOY_DEFAULT_PATTERN, envs3, 3, NULL, 0);
		repo_free(r);
	}
	buf_release(&err);
	return fp;
}

/* Every field of every struct the cache keeps, with the values git never
 * gives (ids that are not 40 lower-case hex digits, negative numbers, NULL
 * strings, NULL deploy pointers), comes back as written: the codec's
 * writer and reader are one field table each. */
TEST(cache_round_trip_of_every_kind_of_field)
{
	struct arena a = ARENA_INIT;
	struct buf bytes = BUF_INIT, again = BUF_INIT;
	struct deploy deps[3];
	struct repo_commit_info pend[2];
	struct deploy_env envs[2];
	struct deploy_diff diff;
	struct deploy_change ch[2];
	struct deploy_service svcs[2], *back = NULL;
	struct cache_reader cr;
	size_t n = 0;

	memset(deps, 0, sizeof(deps));
	memset(pend, 0, sizeof(pend));
	memset(envs, 0, sizeof(envs));
	memset(&diff, 0, sizeof(diff));
	memset(ch, 0, sizeof(ch));
	memset(svcs, 0, sizeof(svcs));
	for (int i = 0; i < 3; i++) {
		deps[i].service = "pay";
		deps[i].environment = i ? "production" : "staging";
		snprintf(deps[i].commit, sizeof(deps[i].commit), "%040x", i);
		deps[i].subject = i == 1 ? NULL : "fix it";
		deps[i].commit_time = T0 + i;
		deps[i].time = -5 + i;
		deps[i].tz_offset = -120;
		deps[i].time_from_commit = i & 1;
		deps[i].actor = i == 2 ? "alice" : NULL;
		deps[i].status = (enum deploy_status)(i + 2);
		deps[i].url = i ? "https://ci.example/1" : NULL;
		deps[i].tag = i ? "deploy/production/1" : NULL;
		deps[i].feed_line = 7 * i;
		deps[i].on_branch = i - 1;
	}
	snprintf(deps[2].commit, sizeof(deps[2].commit), "ABCDEF1");
	snprintf(pend[0].id, sizeof(pend[0].id), "%040x", 7);
	pend[0].subject = "a";
	pend[0].author = "bob";
	pend[0].author_time = -3;
	pend[0].time = 4;
	snprintf(pend[1].id, sizeof(pend[1].id), "short");
	envs[0].name = "staging";
	envs[0].latest = &deps[0];
	envs[0].pending = 99;
	envs[0].off_branch = 3;
	envs[0].truncated = 1;
	envs[0].pending_list = pend;
	envs[0].npending_list = 2;
	envs[1].name = "production";
	envs[1].latest = &deps[2];
	envs[1].current = &deps[1];
	diff.from = "staging";
	diff.to = "production";
	diff.known = 1;
	diff.ahead = 5;
	diff.behind = SIZE_MAX;
	snprintf(ch[0].commit, sizeof(ch[0].commit), "%040x", 9);
	ch[0].commit_time = 1;
	ch[0].deploy_time = INT64_MIN;
	svcs[0].name = "pay";
	svcs[0].branch = "main";
	snprintf(svcs[0].head, sizeof(svcs[0].head), "%040x", 1);
	svcs[0].production = "production";
	svcs[0].deploys = deps;
	svcs[0].ndeploys = 3;
	svcs[0].envs = envs;
	svcs[0].nenvs = 2;
	svcs[0].diffs = &diff;
	svcs[0].ndiffs = 1;
	svcs[0].changes = ch;
	svcs[0].nchanges = 2;
	svcs[0].changes_since = -77;
	svcs[0].shallow = 1;
	svcs[1] = svcs[0];
	svcs[1].name = "other";
	svcs[1].truncated = 1;
	deploy_service_write(&bytes, svcs, 2);

	cr = (struct cache_reader){ bytes.ptr, bytes.ptr + bytes.len, 0 };
	CHECK(deploy_service_read(&back, &n, &cr, &a) == 0);
	CHECK(n == 2 && !cr.bad && cr.p == cr.end);
	if (n == 2) {
		CHECK(same_service(&svcs[0], &back[0]));
		CHECK(same_service(&svcs[1], &back[1]));
		CHECK(back[1].envs[1].current == &back[1].deploys[1]);
		deploy_service_write(&again, back, n);
		CHECK(again.len == bytes.len &&
		      memcmp(again.ptr, bytes.ptr, bytes.len) == 0);
	}
	buf_release(&bytes);
	buf_release(&again);
	arena_release(&a);
}

TEST(refs_fingerprint_follows_the_deploy_tags)
{
	const char *dir = at("fp");
	uint64_t fp0, fp1, fp2;

	sh("rm -rf '%s' && cp -r '%s' '%s'", dir, at("svc"), dir);
	fp0 = fp_of(dir);
	CHECK(fp0 != 0);
	CHECK(fp_of(dir) == fp0);

	/* not the deploy tags: the branch, other tags, other environments,
	 * packing the references */
	sh("cd '%s' && c dev11 %lld && " GIT " tag v2.0 && " GIT
	   " tag deploy/dev/2 && " GIT " tag deploy/production-old/1 && " GIT
	   " branch deploy/production/9 && git pack-refs --all",
	   dir, T0 + 11 * HOUR);
	CHECK(fp_of(dir) == fp0);

	/* a deploy tag added, moved, tagged again, deleted */
	sh("cd '%s' && " GIT " tag deploy/production/3 main~1", dir);
	fp1 = fp_of(dir);
	CHECK(fp1 != 0 && fp1 != fp0);
	sh("cd '%s' && " GIT " tag -f deploy/production/3 main", dir);
	fp2 = fp_of(dir);
	CHECK(fp2 != fp1 && fp2 != fp0);
	sh("cd '%s' && " GIT " tag -f -a -m again deploy/production/3 main", dir);
	CHECK(fp_of(dir) != fp2);
	sh("cd '%s' && " GIT " tag -d deploy/production/3", dir);
	CHECK(fp_of(dir) == fp0);
	/* a tag renamed is another tag */
	sh("cd '%s' && " GIT " tag deploy/staging/3 deploy/staging/1 && " GIT
	   " tag -d deploy/staging/1",
	   dir);
	CHECK(fp_of(dir) != fp0);

	/* a thousand tags: a file read each while they are loose, about a
	 * millisecond once packed (generous bounds: sanitizers, valgrind) */
	static const char *const prod[] = { "production" };
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	uint64_t loose = 0;
	for (int packed = 0; packed < 2; packed++) {
		if (packed)
			sh("cd '%s' && git pack-refs --all", at("many"));
		CHECK(repo_open(&r, at("many"), &err) == 0);
		if (!r)
			break;
		double t0 = now_ms();
		uint64_t fp = repo_deploy_refs_fp(r, DEPLOY_DEFAULT_PATTERN,
						  prod, 1, NULL, 0);
		double t1 = now_ms();
		printf("  fingerprint of %d %s tags in %.2f ms\n", MANY_TAGS,
		       packed ? "packed" : "loose", t1 - t0);
		CHECK(fp != 0 && t1 - t0 < 2000);
		CHECK(!packed || fp == loose);
		loose = fp;
		CHECK(repo_deploy_refs_fp(r, DEPLOY_DEFAULT_PATTERN, envs3, 3,
					  NULL, 0) != fp);
		repo_free(r);
		r = NULL;
	}
	buf_release(&err);
}

/* deploy_collect_fp of the fp2 copy of svc, with feed (may be NULL). */
static uint64_t collect_fp_of(const char *dir, const struct deploy_feed *feed,
			      const char *branch, int first_parent)
{
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	uint64_t fp = 0;

	o.repo = "svc";
	o.environments = envs3;
	o.nenvironments = 3;
	o.feed = feed;
	o.branch = branch;
	o.first_parent = first_parent;
	o.changes_since = 12345; /* not part of it */
	if (repo_open(&r, dir, &err) == 0) {
		fp = deploy_collect_fp(r, &o);
		repo_free(r);
	}
	buf_release(&err);
	return fp;
}

TEST(collect_fingerprint_and_the_cache_as_days_pass)
{
	const char *dir = at("fp2");
	struct arena a = ARENA_INIT;
	struct buf text = BUF_INIT, other = BUF_INIT;
	struct deploy_feed feed, feed2;
	struct diag_list d;
	uint64_t fp0, fp1;

	arena_init(&a);
	diag_init(&d);
	sh("rm -rf '%s' && cp -r '%s' '%s'", dir, at("svc"), dir);
	svc_feed(&text);
	CHECK(deploy_feed_parse(&feed, &a, "deploys.yaml", text.ptr, text.len, &d) == 0);
	fp0 = collect_fp_of(dir, &feed, NULL, 0);
	CHECK(fp0 != 0 && collect_fp_of(dir, &feed, NULL, 0) == fp0);
	CHECK(collect_fp_of(dir, NULL, NULL, 0) != fp0);
	CHECK(collect_fp_of(dir, &feed, NULL, 1) != fp0);
	CHECK(collect_fp_of(dir, &feed, "main", 0) != fp0); /* o->branch */
	CHECK(collect_fp_of(dir, &feed, "nope", 0) == 0);

	/* records of another service or environment: the same; one more of
	 * this service: not */
	buf_printf(&other,
		   "%s- service: nope\n  environment: production\n"
		   "  commit: %s\n  time: 2024-01-02T10:00:00Z\n"
		   "- service: svc\n  environment: dev\n  commit: %s\n"
		   "  time: 2024-01-02T10:00:00Z\n",
		   text.ptr, c[3], c[3]);
	CHECK(deploy_feed_parse(&feed2, &a, "deploys.yaml", other.ptr,
				other.len, &d) == 0);
	CHECK(collect_fp_of(dir, &feed2, NULL, 0) == fp0);
	buf_printf(&other,
		   "- service: svc\n  environment: production\n"
		   "  commit: %s\n  time: 2024-01-02T10:00:00Z\n",
		   c[3]);
	CHECK(deploy_feed_parse(&feed2, &a, "deploys.yaml", other.ptr,
				other.len, &d) == 0);
	CHECK(collect_fp_of(dir, &feed2, NULL, 0) != fp0);

	/* the feed names v1.0, which the pattern does not match: moving it
	 * counts; another tag does not */
	sh("cd '%s' && " GIT " tag v2.0 main~3", dir);
	CHECK(collect_fp_of(dir, &feed, NULL, 0) == fp0);
	sh("cd '%s' && " GIT " tag -f -a -m moved v1.0 main~2", dir);
	fp1 = collect_fp_of(dir, &feed, NULL, 0);
	CHECK(fp1 != fp0);
	/* the branch moves, a deploy tag comes */
	sh("cd '%s' && c dev11 %lld", dir, T0 + 11 * HOUR);
	CHECK(collect_fp_of(dir, &feed, NULL, 0) != fp1);
	fp1 = collect_fp_of(dir, &feed, NULL, 0);
	sh("cd '%s' && " GIT " tag deploy/qa/1 main", dir);
	CHECK(collect_fp_of(dir, &feed, NULL, 0) != fp1);

	/* days pass: what was collected with an earlier changes_since gives
	 * the figures of a later one */
	static const char *const prod[] = { "production" };
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	struct deploy_service *early = NULL, *late = NULL, *back = NULL;
	struct buf err = BUF_INIT, bytes = BUF_INIT;
	struct repo *r = NULL;
	size_t n = 0, nb = 0;
	CHECK(repo_open(&r, at("branchy"), &err) == 0);
	if (!r)
		goto cleanup;
	o.repo = "branchy";
	o.environments = prod;
	o.nenvironments = 1;
	o.changes_since = br_deploy_time(BR_DEPLOYS / 4);
	uint64_t key = deploy_collect_fp(r, &o);
	CHECK(deploy_collect(&early, &n, r, &o, &a, &d, &err) == 0);
	if (early)
		deploy_service_write(&bytes, early, n);
	for (int k = BR_DEPLOYS / 3; k < BR_DEPLOYS; k += BR_DEPLOYS / 5) {
		/* a later build: the window starts at deploy k */
		int64_t since = br_deploy_time(k), now = since + 90 * DAY;
		struct cache_reader cr = { bytes.ptr, bytes.ptr + bytes.len, 0 };
		o.changes_since = since;
		CHECK(deploy_collect_fp(r, &o) == key);
		CHECK(deploy_collect(&late, &n, r, &o, &a, &d, &err) == 0);
		CHECK(deploy_service_read(&back, &nb, &cr, &a) == 0 && nb == 1);
		if (!late || !back)
			continue;
		CHECK(back->changes_since <= late->changes_since);
		CHECK(back->nchanges >= late->nchanges);
		for (int days = 30; days <= 90; days += 60) {
			struct deploy_metrics m1, m2;
			const struct deploy_service *one[] = { late },
						    *two[] = { back };
			deploy_metrics(&m1, one, 1, now, days);
			deploy_metrics(&m2, two, 1, now, days);
			CHECK(m1.deploys == m2.deploys && m1.changes == m2.changes &&
			      m1.lead_time == m2.lead_time);
			/* and a window ending at the deploys */
			deploy_metrics(&m1, one, 1, br_deploy_time(BR_DEPLOYS), days);
			deploy_metrics(&m2, two, 1, br_deploy_time(BR_DEPLOYS), days);
			CHECK(m2.changes >= m1.changes);
		}
	}

cleanup:
	if (r)
		repo_free(r);
	buf_release(&err);
	buf_release(&bytes);
	buf_release(&text);
	buf_release(&other);
	diag_release(&d);
	arena_release(&a);
}

/* ---------------------------------------------------------------- threads */

struct job {
	struct diag_list *d;
	size_t pending;
	int ok;
};

static void *collect_job(void *arg)
{
	struct job *j = arg;
	struct arena a = ARENA_INIT;
	struct repo *r = NULL;
	struct deploy_service *s = NULL;

	arena_init(&a);
	for (int round = 0; round < 5; round++)
		if (collect_svc(&s, &r, NULL, 0, &a, j->d) == 0) {
			j->pending = env_named(s, "production")->pending;
			j->ok = 1;
			repo_free(r);
		}
	arena_release(&a);
	return NULL;
}

TEST(threads_with_their_own_repos)
{
	struct diag_list d;
	struct job jobs[4];
	pthread_t th[4];

	diag_init(&d);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ &d, 0, 0 };
		pthread_create(&th[i], NULL, collect_job, &jobs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].ok && jobs[i].pending == 4);
	}
	CHECK(d.len == 20); /* the tree tag, once per collect */
	diag_release(&d);
}

int main(void)
{
	int rc;

	if (!fixture_mkdtemp(root, sizeof(root), "cairn-test-deploy")) {
		perror(root);
		return 1;
	}
	setenv("GIT_AUTHOR_NAME", "Ada", 1);
	setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
	setenv("GIT_AUTHOR_DATE", "1700000000 +0000", 1);
	setenv("GIT_COMMITTER_NAME", "Ada", 1);
	setenv("GIT_COMMITTER_EMAIL", "ada@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "1700000000 +0000", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", root, 1);
	setenv("LC_ALL", "C", 1);
	repo_global_init();
	make_svc();

	RUN(parse_time_converts_offsets_to_utc);
	RUN(parse_time_refuses_what_is_not_rfc3339);
	RUN(format_time_is_utc_and_round_trips);
	RUN(format_ago_words);
	RUN(pattern_check);
	RUN(production_environment_choice);
	RUN(status_names_round_trip);
	RUN(tags_peel_with_tagger_times_in_their_zones);
	RUN(tags_of_a_monorepo_by_service);
	RUN(collect_status_per_environment);
	RUN(collect_lists_only_the_newest_pending);
	RUN(pending_first_parent_or_all_parents);
	RUN(collect_merges_the_feed_with_tags);
	RUN(feed_records_json_and_shapes);
	RUN(feed_bad_records_are_left_out_with_their_lines);
	RUN(feed_load_missing_file_is_operator_error);
	RUN(metrics_windows_statuses_and_teams);
	RUN(recent_deploys_across_services);
	RUN(json_of_a_deploy);
	RUN(chart_is_accessible_svg_without_script);
	RUN(thousands_of_tags);
	RUN(first_deploys_of_a_thousand_deploys_on_branches);
	RUN(cache_round_trip);
	RUN(cache_round_trip_of_every_kind_of_field);
	RUN(refs_fingerprint_follows_the_deploy_tags);
	RUN(collect_fingerprint_and_the_cache_as_days_pass);
	RUN(shallow_clone_counts_at_least);
	RUN(missing_commit_falls_back_to_own_walk);
	RUN(threads_with_their_own_repos);

	repo_global_shutdown();
	rc = harness_report();
	if (!getenv("CAIRN_KEEP_TMP"))
		sh("rm -rf '%s'", root);
	return rc;
}
