#include "deploy.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cache.h"
#include "xalloc.h"
#include "yaml.h"

#define DAY 86400
#define WEEK (7 * DAY)
#define FEED_MAX_BYTES (64u << 20) /* a feed larger than this is refused */

/* ---------------------------------------------------------------- status */

static const char *const status_names[] = {
	[DEPLOY_UNKNOWN] = "unknown",
	[DEPLOY_SUCCEEDED] = "succeeded",
	[DEPLOY_FAILED] = "failed",
	[DEPLOY_IN_PROGRESS] = "in_progress",
	[DEPLOY_ROLLED_BACK] = "rolled_back",
};

#define NSTATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *deploy_status_name(enum deploy_status s)
{
	return (size_t)s < NSTATUS ? status_names[s] : "unknown";
}

int deploy_status_parse(enum deploy_status *out, const char *s)
{
	for (size_t i = 0; s && i < NSTATUS; i++) {
		if (strcasecmp(s, status_names[i]) == 0) {
			*out = (enum deploy_status)i;
			return 0;
		}
	}
	return -1;
}

/* What runs in an environment after this deploy: succeeded, or a tag whose
 * outcome nobody reported. */
static int is_running(enum deploy_status s)
{
	return s == DEPLOY_SUCCEEDED || s == DEPLOY_UNKNOWN;
}

/* ---------------------------------------------------------------- time */

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
 * Years are shifted to start in March, so that the leap day ends a year;
 * the 400-year cycle (146097 days) keeps the arithmetic exact. */
static int64_t days_from_date(int64_t y, int m, int d)
{
	int64_t cycle, year_of_cycle, day_of_year, day_of_cycle;

	if (m <= 2)
		y--;
	cycle = (y >= 0 ? y : y - 399) / 400;
	year_of_cycle = y - cycle * 400;                       /* 0..399 */
	day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 -
		       year_of_cycle / 100 + day_of_year;
	return cycle * 146097 + day_of_cycle - 719468; /* 719468: 0000-03-01 */
}

/* The inverse of days_from_date. */
static void date_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t cycle = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_cycle = z - cycle * 146097;             /* 0..146096 */
	int64_t year_of_cycle = (day_of_cycle - day_of_cycle / 1460 +
				 day_of_cycle / 36524 - day_of_cycle / 146096) /
				365;                           /* 0..399 */
	int64_t day_of_year = day_of_cycle - (365 * year_of_cycle +
					      year_of_cycle / 4 -
					      year_of_cycle / 100);
	int64_t mp = (5 * day_of_year + 2) / 153;              /* 0 = March */

	*d = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = year_of_cycle + cycle * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int parse_time(const char *s, int64_t *out, int *offset)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;

	if (!s || digits(&p, 4, &y) < 0 || *p++ != '-' ||
	    digits(&p, 2, &mo) < 0 || *p++ != '-' || digits(&p, 2, &d) < 0)
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0 ||
	    *p++ != ':' || digits(&p, 2, &sec) < 0)
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) < 0 || *p++ != ':' ||
		    digits(&p, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
	} else {
		return -1; /* no offset: the time means nothing precise */
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;
	*offset = sign * (oh * 60 + om);
	*out = days_from_date(y, mo, d) * DAY + h * 3600 + mi * 60 + sec -
	       (int64_t)*offset * 60;
	return 0;
}

int deploy_parse_time(int64_t *out, const char *s)
{
	int offset;
	return parse_time(s, out, &offset);
}

void deploy_format_time(char out[DEPLOY_TIME_LEN], int64_t t)
{
	int64_t days = t / DAY, rest = t % DAY, y;
	int m, d;

	if (rest < 0) {
		rest += DAY;
		days--;
	}
	date_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, DEPLOY_TIME_LEN, "%s", y < 0 ? "0000-01-01T00:00:00Z"
							     : "9999-12-31T23:59:59Z");
		return;
	}
	snprintf(out, DEPLOY_TIME_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y,
		 m, d, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

/* "YYYY-MM-DD" of t, in UTC. */
static void format_date(char out[11], int64_t t)
{
	char full[DEPLOY_TIME_LEN];

	deploy_format_time(full, t);
	memcpy(out, full, 10);
	out[10] = '\0';
}

static void put_count(struct buf *out, int64_t n, const char *unit)
{
	if (n < 1)
		n = 1;
	buf_printf(out, "%" PRId64 " %s%s ago", n, unit, n == 1 ? "" : "s");
}

void deploy_format_ago(struct buf *out, int64_t t, int64_t now)
{
	int64_t s = now - t;

	if (s < 0)
		buf_puts(out, "in the future");
	else if (s < 45)
		buf_puts(out, "just now");
	else if (s < 90 * 60)
		put_count(out, (s + 30) / 60, "minute");
	else if (s < 36 * 3600)
		put_count(out, (s + 1800) / 3600, "hour");
	else if (s < 14 * DAY)
		put_count(out, (s + DAY / 2) / DAY, "day");
	else if (s < 60 * DAY)
		put_count(out, (s + WEEK / 2) / WEEK, "week");
	else if (s < 365 * DAY)
		put_count(out, (s + 15 * DAY) / (30 * DAY), "month");
	else
		put_count(out, s / (365 * DAY), "year");
}

/* ---------------------------------------------------------------- patterns */

int deploy_pattern_check(const char *pattern, struct buf *err)
{
	int envs = 0, services = 0;
	size_t len = pattern ? strlen(pattern) : 0;

	buf_clear(err);
	if (!len) {
		buf_puts(err, "deploy tag pattern is empty");
		return -1;
	}
	if (strncmp(pattern, "refs/", 5) == 0) {
		buf_printf(err,
			   "deploy tag pattern \"%s\" starts with \"refs/\": it "
			   "is matched against tag names (e.g. \"%s\")",
			   pattern, DEPLOY_DEFAULT_PATTERN);
		return -1;
	}
	if (pattern[0] == '/' || pattern[len - 1] == '/' || strstr(pattern, "//")) {
		buf_printf(err,
			   "deploy tag pattern \"%s\" has an empty part between "
			   "'/'s",
			   pattern);
		return -1;
	}
	for (const char *p = pattern; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f ||
		    strchr(" ~^:?[\\", *p)) {
			buf_printf(err,
				   "deploy tag pattern \"%s\" holds '%c', which "
				   "no tag name can hold",
				   pattern, (unsigned char)*p < 0x20 ? '?' : *p);
			return -1;
		}
		if (*p != '{')
			continue;
		if (strncmp(p, "{env}", 5) == 0) {
			envs++;
		} else if (strncmp(p, "{service}", 9) == 0) {
			services++;
		} else {
			size_t n = strcspn(p, "}");
			buf_printf(err,
				   "deploy tag pattern \"%s\" has an unknown "
				   "placeholder \"%.*s\" (only {env} and {service})",
				   pattern, (int)(p[n] ? n + 1 : n), p);
			return -1;
		}
	}
	if (envs != 1 || services > 1) {
		buf_printf(err,
			   "deploy tag pattern \"%s\" must hold {env} once and "
			   "{service} at most once",
			   pattern);
		return -1;
	}
	return 0;
}

const char *deploy_production_env(const char *const *envs, size_t n,
				  const char *configured)
{
	static const char *const usual[] = { "production", "prod" };

	for (size_t i = 0; configured && i < n; i++)
		if (strcmp(envs[i], configured) == 0)
			return envs[i];
	for (size_t k = 0; k < sizeof(usual) / sizeof(usual[0]); k++)
		for (size_t i = 0; i < n; i++)
			if (strcmp(envs[i], usual[k]) == 0)
				return envs[i];
	return n ? envs[n - 1] : NULL;
}

static int listed(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- the feed */

struct feed_ctx {
	struct arena *a;
	const char *path;
	const char *text;
	size_t len;
	struct diag_list *d;
};

/* The plain token after `key:` on the given line of the text (the feed's
 * own spelling of a scalar that YAML typed as a number), or NULL. */
static const char *raw_token(const struct feed_ctx *c, int line,
			     const char *key)
{
	const char *p = c->text, *end = c->text + c->len, *eol;
	size_t klen = strlen(key);

	for (int l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	for (const char *k = p; k + klen <= eol; k++) {
		const char *q = k + klen;
		if (memcmp(k, key, klen) != 0 ||
		    (k > p && !strchr(" \t{,\"'", k[-1])))
			continue;
		if (q < eol && (*q == '"' || *q == '\''))
			q++;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= eol || *q != ':')
			continue;
		q++;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		size_t n = 0;
		while (q + n < eol && !strchr(" \t\r,}]#", q[n]))
			n++;
		return n ? arena_strndup(c->a, q, n) : NULL;
	}
	return NULL;
}

/* The text of rec's scalar field key; NULL when absent, null or "".  Sets
 * *line to the field's line (the record's when absent) and *bad when the
 * field is a list or a map. */
static const char *field(const struct feed_ctx *c, const struct val *rec,
			 const char *key, int *line, int *bad)
{
	const struct val *v = val_get(rec, key);
	struct buf text = BUF_INIT;
	const char *s;

	*bad = 0;
	*line = rec->line;
	if (!v || v->type == VAL_NULL)
		return NULL;
	if (v->line)
		*line = v->line;
	if (v->type == VAL_STR) {
		if (!v->u.str.len)
			return NULL;
		if (strlen(v->u.str.ptr) != v->u.str.len) {
			*bad = 1; /* holds a NUL */
			return NULL;
		}
		return v->u.str.ptr;
	}
	if (v->type == VAL_NUM || v->type == VAL_BOOL) {
		s = raw_token(c, *line, key);
		if (s)
			return s;
		val_scalar_text(&text, v);
		s = arena_strdup(c->a, text.ptr);
		buf_release(&text);
		return s;
	}
	*bad = 1;
	return NULL;
}

__attribute__((format(printf, 4, 5)))
static void feed_diag(const struct feed_ctx *c, enum diag_severity sev,
		      int line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(c->d, sev, DIAG_OPERATOR, NULL, c->path, line, "%s", msg.ptr);
	buf_release(&msg);
}

static int is_commit_id(const char *s)
{
	size_t n = strlen(s);
	return n >= 7 && n <= 40 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static int is_http_url(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 ||
	       strncasecmp(s, "http://", 7) == 0;
}

/* A required text field, or NULL after an error. */
static const char *required(const struct feed_ctx *c, const struct val *rec,
			    const char *key)
{
	int line, bad;
	const char *s = field(c, rec, key, &line, &bad);

	if (bad)
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's \"%s\" is not text; record left out",
			  key);
	else if (!s)
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record has no \"%s\"; record left out", key);
	return s;
}

/* Reads one record into r; returns 0, or -1 when it is left out. */
static int read_record(const struct feed_ctx *c, const struct val *rec,
		       struct deploy_record *r)
{
	const char *s;
	int line, bad, ok, named_bad = 0;

	memset(r, 0, sizeof(*r));
	r->line = rec->line;
	if (rec->type != VAL_MAP) {
		feed_diag(c, DIAG_ERROR, rec->line,
			  "deploy record is a %s, not a map; left out",
			  val_type_name(rec->type));
		return -1;
	}
	r->service = required(c, rec, "service");
	r->environment = required(c, rec, "environment");
	ok = r->service && r->environment;

	s = field(c, rec, "commit", &line, &bad);
	if (bad || (s && !is_commit_id(s))) {
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's commit \"%s\" is not a commit id (7 "
			  "to 40 hex digits); record left out",
			  s ? s : "");
		named_bad = 1;
	} else if (s) {
		char *lower = arena_strdup(c->a, s);
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		r->commit = lower;
	}
	s = field(c, rec, "version", &line, &bad);
	if (bad) {
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's \"version\" is not text; record left "
			  "out");
		named_bad = 1;
	}
	r->version = s;
	if (!r->commit && !r->version && !named_bad)
		feed_diag(c, DIAG_ERROR, rec->line,
			  "deploy record has neither \"commit\" nor \"version\"; "
			  "record left out");
	if (named_bad || (!r->commit && !r->version))
		ok = 0;

	s = required(c, rec, "time");
	if (!s) {
		ok = 0;
	} else if (parse_time(s, &r->time, &r->tz_offset) < 0) {
		field(c, rec, "time", &line, &bad);
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's time \"%s\" is not an RFC 3339 time "
			  "with an offset (e.g. 2024-03-05T09:30:00Z); record "
			  "left out",
			  s);
		ok = 0;
	}

	s = field(c, rec, "status", &line, &bad);
	if (bad || (s && deploy_status_parse(&r->status, s) < 0)) {
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's status \"%s\" is not one of "
			  "succeeded, failed, in_progress, rolled_back; record "
			  "left out",
			  s ? s : "");
		ok = 0;
	}

	s = field(c, rec, "actor", &line, &bad);
	if (bad)
		feed_diag(c, DIAG_WARNING, line,
			  "deploy record's \"actor\" is not text; left out");
	r->actor = s;
	s = field(c, rec, "url", &line, &bad);
	if (bad || (s && !is_http_url(s))) {
		feed_diag(c, DIAG_WARNING, line,
			  "deploy record's url \"%s\" is not an http or https "
			  "URL; left out",
			  s ? s : "");
		s = NULL;
	}
	r->url = s;
	return ok ? 0 : -1;
}

int deploy_feed_parse(struct deploy_feed *out, struct arena *a,
		      const char *path, const char *text, size_t len,
		      struct diag_list *d)
{
	struct feed_ctx c = { a, path, text, len, d };
	struct yaml_error ye;
	struct val *doc = NULL;
	const struct val *list;
	struct deploy_record *recs;
	size_t n = 0;

	out->path = path;
	out->records = NULL;
	out->n = 0;
	if (yaml_parse(&doc, a, text, len, &ye) < 0) {
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, ye.line,
			 "deploy feed cannot be read: %s", ye.msg);
		return -1;
	}
	if (!doc || doc->type == VAL_NULL)
		return 0;
	list = doc->type == VAL_MAP ? val_get(doc, "deploys") : doc;
	if (doc->type == VAL_MAP && (!list || list->type == VAL_NULL))
		list = NULL;
	if (!list || list->type != VAL_LIST) {
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path,
			 doc->line ? doc->line : 1,
			 "deploy feed is not a list of deploy records (nor a "
			 "map with a \"deploys\" list)");
		return -1;
	}
	recs = arena_alloc(a, (list->u.list.len ? list->u.list.len : 1) *
				      sizeof(*recs));
	for (size_t i = 0; i < list->u.list.len; i++)
		if (read_record(&c, list->u.list.items[i], &recs[n]) == 0)
			n++;
	out->records = recs;
	out->n = n;
	return 0;
}

int deploy_feed_load(struct deploy_feed *out, struct arena *a,
		     const char *file, const char *path, struct diag_list *d)
{
	struct buf text = BUF_INIT;
	char chunk[65536];
	size_t got;
	FILE *f;
	int ret = -1;

	out->path = path;
	out->records = NULL;
	out->n = 0;
	f = fopen(file, "rb");
	if (!f) {
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
			 "deploy feed cannot be opened: %s", strerror(errno));
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (text.len + got > FEED_MAX_BYTES) {
			diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
				 "deploy feed is larger than %u MiB",
				 FEED_MAX_BYTES >> 20);
			goto cleanup;
		}
		buf_put(&text, chunk, got);
	}
	if (ferror(f)) {
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
			 "deploy feed cannot be read: %s", strerror(errno));
		goto cleanup;
	}
	ret = deploy_feed_parse(out, a, path, text.ptr, text.len, d);

cleanup:
	fclose(f);
	buf_release(&text);
	return ret;
}

void deploy_feed_check(const struct deploy_feed *feed,
		       const char *const *services, size_t nservices,
		       const char *const *envs, size_t nenvs,
		       struct diag_list *d)
{
	for (size_t i = 0; feed && i < feed->n; i++) {
		const struct deploy_record *r = &feed->records[i];
		if (!listed(services, nservices, r->service))
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, feed->path,
				 r->line,
				 "deploy record names service \"%s\", which the "
				 "portal does not know; record ignored",
				 r->service);
		else if (!listed(envs, nenvs, r->environment))
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, feed->path,
				 r->line,
				 "deploy record names environment \"%s\", which "
				 "is not in cairn.yaml's environments; record "
				 "ignored",
				 r->environment);
	}
}

/* ---------------------------------------------------------------- collect */

/* Deploys while they are gathered (malloc'd), with the feed record that
 * refines each tag's deploy. */
struct gather {
	struct deploy *items;
	const struct deploy_record **refined;
	size_t n, cap, rcap;
};

static struct deploy *gather_add(struct gather *g)
{
	XGROW(g->items, g->cap, g->n + 1);
	XGROW(g->refined, g->rcap, g->n + 1);
	memset(&g->items[g->n], 0, sizeof(g->items[0]));
	g->refined[g->n] = NULL;
	return &g->items[g->n++];
}

/* Tags' deploys ordered by environment and commit, to find those a feed
 * record refines (qsort_r: base is the deploys). */
static int by_env_commit(const void *a, const void *b, void *base)
{
	const struct deploy *x = (const struct deploy *)base + *(const size_t *)a;
	const struct deploy *y = (const struct deploy *)base + *(const size_t *)b;
	int c = strcmp(x->environment, y->environment);

	if (c)
		return c;
	c = strcmp(x->commit, y->commit);
	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Newest first; ties by tag name as versions (greater first), then the
 * feed's later line, then environment. */
static int newest_first(const void *a, const void *b)
{
	const struct deploy *x = a, *y = b;
	int c;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if (x->tag && y->tag && (c = strverscmp(x->tag, y->tag)) != 0)
		return -c;
	if (!x->tag != !y->tag)
		return x->tag ? -1 : 1;
	if (x->feed_line != y->feed_line)
		return x->feed_line > y->feed_line ? -1 : 1;
	c = strcmp(x->environment, y->environment);
	return c ? c : strcmp(x->commit, y->commit);
}

static int oldest_first(const void *a, const void *b)
{
	const struct deploy *x = *(const struct deploy *const *)a;
	const struct deploy *y = *(const struct deploy *const *)b;
	return newest_first(y, x);
}

static int change_cmp(const void *a, const void *b)
{
	const struct deploy_change *x = a, *y = b;

	if (x->deploy_time != y->deploy_time)
		return x->deploy_time < y->deploy_time ? -1 : 1;
	if (x->commit_time != y->commit_time)
		return x->commit_time < y->commit_time ? -1 : 1;
	return strcmp(x->commit, y->commit);
}

/* Applies the feed records meant for service to the tags' deploys in g,
 * or adds them as deploys of their own. */
static void apply_feed(struct gather *g, struct repo *r,
		       const struct deploy_opts *o, const char *service,
		       int shallow, struct arena *a, struct diag_list *d)
{
	size_t ntags = g->n, *order = xcalloc(ntags ? ntags : 1, sizeof(*order));
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < ntags; i++)
		order[i] = i;
	if (ntags)
		qsort_r(order, ntags, sizeof(*order), by_env_commit, g->items);

	for (size_t i = 0; o->feed && i < o->feed->n; i++) {
		const struct deploy_record *rec = &o->feed->records[i];
		struct repo_commit_info info;
		size_t lo = 0, hi = ntags, best = SIZE_MAX;
		int64_t best_gap = INT64_MAX;

		if (strcmp(rec->service, service) != 0 ||
		    !listed(o->environments, o->nenvironments, rec->environment))
			continue;
		if (repo_find_commit(r, rec->commit ? rec->commit : rec->version,
				     !rec->commit, a, &info, &err) < 0) {
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL,
				 o->feed->path, rec->line,
				 "deploy record for service \"%s\": %s in "
				 "repository \"%s\"%s; record ignored",
				 rec->service, err.ptr, o->repo ? o->repo : "",
				 shallow ? " (a shallow clone: older commits "
					   "are not there)"
					 : "");
			continue;
		}
		/* the first tag deploy of this environment and commit */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct deploy *m = &g->items[order[mid]];
			int c = strcmp(m->environment, rec->environment);
			if (!c)
				c = strcmp(m->commit, info.id);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < ntags; k++) {
			const struct deploy *t = &g->items[order[k]];
			int64_t gap;
			if (strcmp(t->environment, rec->environment) != 0 ||
			    strcmp(t->commit, info.id) != 0)
				break;
			gap = t->time > rec->time ? t->time - rec->time
						  : rec->time - t->time;
			if (gap < best_gap) {
				best_gap = gap;
				best = order[k];
			}
		}
		if (best != SIZE_MAX) {
			const struct deploy_record *had = g->refined[best];
			if (!had || rec->time >= had->time)
				g->refined[best] = rec;
			continue;
		}
		struct deploy *dep = gather_add(g);
		dep->service = service;
		dep->environment = rec->environment;
		memcpy(dep->commit, info.id, sizeof(dep->commit));
		dep->subject = info.subject;
		dep->commit_time = info.time;
		dep->time = rec->time;
		dep->tz_offset = rec->tz_offset;
		dep->actor = rec->actor;
		dep->status = rec->status;
		dep->url = rec->url;
		dep->feed_line = rec->line;
	}

	for (size_t i = 0; i < ntags; i++) {
		const struct deploy_record *rec = g->refined[i];
		struct deploy *dep = &g->items[i];
		if (!rec)
			continue;
		if (rec->status != DEPLOY_UNKNOWN)
			dep->status = rec->status;
		if (rec->actor)
			dep->actor = rec->actor;
		if (rec->url)
			dep->url = rec->url;
		if (dep->time_from_commit) {
			dep->time = rec->time;
			dep->tz_offset = rec->tz_offset;
			dep->time_from_commit = 0;
		}
		dep->feed_line = rec->line;
	}

	/* an in_progress record followed by a newer one for the same
	 * deploy: it finished, and the newer record says how */
	for (size_t i = ntags; i < g->n; i++) {
		struct deploy *dep = &g->items[i];
		if (dep->status != DEPLOY_IN_PROGRESS)
			continue;
		for (size_t k = ntags; k < g->n; k++) {
			const struct deploy *later = &g->items[k];
			if (k != i && later->status != DEPLOY_IN_PROGRESS &&
			    later->time >= dep->time &&
			    strcmp(later->environment, dep->environment) == 0 &&
			    strcmp(later->commit, dep->commit) == 0) {
				dep->service = NULL; /* dropped below */
				break;
			}
		}
	}
	size_t kept = ntags;
	for (size_t i = ntags; i < g->n; i++)
		if (g->items[i].service)
			g->items[kept++] = g->items[i];
	g->n = kept;

	free(order);
	buf_release(&err);
}

__attribute__((format(printf, 4, 5)))
static void repo_warn(struct diag_list *d, const char *repo, const char *path,
		      const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(d, DIAG_WARNING, DIAG_USER, repo, path, 0, "%s", msg.ptr);
	buf_release(&msg);
}

/* Per environment: latest, current, the pending commits, off-branch. */
static void fill_envs(struct deploy_service *s, struct repo *r,
		      const struct deploy_opts *o, struct arena *a,
		      struct diag_list *d)
{
	size_t max_pending = o->max_pending ? o->max_pending : DEPLOY_MAX_PENDING;
	struct buf err = BUF_INIT;

	s->nenvs = o->nenvironments;
	s->envs = arena_alloc(a, (s->nenvs ? s->nenvs : 1) * sizeof(*s->envs));
	for (size_t e = 0; e < s->nenvs; e++) {
		struct deploy_env *env = &s->envs[e];
		struct repo_commit_info *list = NULL;
		const char *exclude[1];
		int truncated = 0;

		env->name = o->environments[e];
		for (size_t i = 0; i < s->ndeploys; i++) {
			const struct deploy *dep = &s->deploys[i];
			if (strcmp(dep->environment, env->name) != 0)
				continue;
			if (!env->latest)
				env->latest = dep;
			if (is_running(dep->status)) {
				env->current = dep;
				break;
			}
		}
		if (!env->current)
			continue;
		exclude[0] = env->current->commit;
		if (repo_walk_range(r, s->head, exclude, 1, o->first_parent,
				    max_pending, a, &list, &env->npending_list,
				    &env->pending, &truncated, &err) < 0)
			repo_warn(d, o->repo, NULL,
				  "cannot list the commits not deployed to "
				  "\"%s\": %s",
				  env->name, err.ptr);
		env->pending_list = list;
		if (env->current->on_branch != 1 && env->current->subject) {
			size_t behind;
			int t2 = 0;
			if (repo_ahead_behind(r, env->current->commit, s->head,
					      &env->off_branch, &behind, &t2,
					      &err) == 0 &&
			    t2)
				truncated = 1;
		}
		if (env->current->on_branch < 0 || !env->current->subject)
			truncated = 1;
		env->truncated = truncated;
		if (truncated)
			s->truncated = 1;
	}

	s->ndiffs = s->nenvs > 1 ? s->nenvs - 1 : 0;
	s->diffs = arena_alloc(a, (s->ndiffs ? s->ndiffs : 1) * sizeof(*s->diffs));
	for (size_t e = 0; e < s->ndiffs; e++) {
		struct deploy_diff *df = &s->diffs[e];
		const struct deploy *x = s->envs[e].current, *y = s->envs[e + 1].current;
		df->from = s->envs[e].name;
		df->to = s->envs[e + 1].name;
		if (!x || !y)
			continue;
		if (repo_ahead_behind(r, x->commit, y->commit, &df->ahead,
				      &df->behind, &df->truncated, &err) < 0) {
			df->truncated = 1; /* a commit is not in the repository */
			continue;
		}
		df->known = 1;
		if (df->truncated)
			s->truncated = 1;
	}
	buf_release(&err);
}

/* Lead-time material by one walk per production deploy (prod[0..nprod),
 * oldest first), against the tips of the deploys before it: for histories
 * repo_first_reach cannot tell (shallow clones, missing commits). */
static void changes_by_walks(struct deploy_service *s, struct repo *r,
			     const struct deploy_opts *o,
			     const struct deploy *const *prod, size_t nprod,
			     struct arena *a, struct diag_list *d)
{
	const char *frontier[DEPLOY_MAX_FRONTIER + 1];
	struct deploy_change *changes = NULL;
	struct buf err = BUF_INIT;
	size_t nfront = 0, nchanges = 0, cap = 0;

	for (size_t i = 0; i < nprod; i++) {
		const struct deploy *dep = prod[i];
		struct repo_commit_info *list = NULL;
		size_t nlist = 0, count = 0, keep;
		int truncated = 0, seen = 0;

		for (size_t f = 0; f < nfront && !seen; f++)
			seen = strcmp(frontier[f], dep->commit) == 0;
		if (seen)
			continue;
		if (!nfront) {
			/* the oldest deploy known: what it brought is unknown */
			frontier[nfront++] = dep->commit;
			continue;
		}
		keep = dep->time >= o->changes_since ? SIZE_MAX : 0;
		if (repo_walk_range(r, dep->commit, frontier, nfront, 0, keep, a,
				    &list, &nlist, &count, &truncated, &err) < 0) {
			repo_warn(d, o->repo, dep->tag ? dep->tag : NULL,
				  "cannot list the commits of deploy to \"%s\": %s",
				  dep->environment, err.ptr);
			continue;
		}
		if (truncated)
			s->truncated = 1;
		if (!count)
			continue; /* a redeploy or rollback of older commits */
		XGROW(changes, cap, nchanges + nlist);
		for (size_t k = 0; k < nlist; k++) {
			struct deploy_change *c = &changes[nchanges++];
			memcpy(c->commit, list[k].id, sizeof(c->commit));
			c->commit_time = list[k].time;
			c->deploy_time = dep->time;
		}
		/* the new tip replaces the tips in its history */
		size_t kept = 0;
		const char *next[DEPLOY_MAX_FRONTIER + 1];
		next[kept++] = dep->commit;
		for (size_t f = 0; f < nfront && kept < DEPLOY_MAX_FRONTIER; f++) {
			int t = 0;
			if (repo_is_ancestor(r, frontier[f], dep->commit, &t,
					     &err) != 1)
				next[kept++] = frontier[f];
		}
		memcpy(frontier, next, kept * sizeof(*next));
		nfront = kept;
	}
	if (nchanges) {
		qsort(changes, nchanges, sizeof(*changes), change_cmp);
		s->changes = arena_alloc(a, nchanges * sizeof(*changes));
		memcpy(s->changes, changes, nchanges * sizeof(*changes));
	}
	s->nchanges = nchanges;
	free(changes);
	buf_release(&err);
}

/* Lead-time material: each commit's first production deploy.  The deploys
 * before changes_since (and always the oldest) only hide what they hold:
 * one walk, newest first, from the deploys' commits, labels each commit
 * with the first deploy that has it, and stops once only hidden commits
 * are left. */
static void find_changes(struct deploy_service *s, struct repo *r,
			 const struct deploy_opts *o, struct arena *a,
			 struct diag_list *d)
{
	const struct deploy **prod = NULL;
	const char **tips = NULL;
	struct repo_first *firsts = NULL;
	struct buf err = BUF_INIT;
	size_t nprod = 0, nold = 1, nfirsts = 0;

	if (!s->production)
		return;
	prod = xcalloc(s->ndeploys ? s->ndeploys : 1, sizeof(*prod));
	for (size_t i = 0; i < s->ndeploys; i++) {
		const struct deploy *dep = &s->deploys[i];
		if (strcmp(dep->environment, s->production) == 0 &&
		    is_running(dep->status) && dep->subject)
			prod[nprod++] = dep;
	}
	qsort(prod, nprod, sizeof(*prod), oldest_first);
	/* oldest first is by time first: the deploys before changes_since
	 * come first */
	while (nold < nprod && prod[nold]->time < o->changes_since)
		nold++;
	if (nold >= nprod && !s->shallow)
		goto cleanup; /* nothing to list, nothing to walk */
	tips = xcalloc(nprod ? nprod : 1, sizeof(*tips));
	for (size_t i = 0; i < nprod; i++)
		tips[i] = prod[i]->commit;
	if (s->shallow || repo_first_reach(r, tips, nprod, nold, &firsts,
					   &nfirsts, &err) != 0) {
		changes_by_walks(s, r, o, prod, nprod, a, d);
		goto cleanup;
	}
	if (nfirsts) {
		s->changes = arena_alloc(a, nfirsts * sizeof(*s->changes));
		for (size_t i = 0; i < nfirsts; i++) {
			struct deploy_change *c = &s->changes[i];
			memcpy(c->commit, firsts[i].id, sizeof(c->commit));
			c->commit_time = firsts[i].time;
			c->deploy_time = prod[firsts[i].tip]->time;
		}
		qsort(s->changes, nfirsts, sizeof(*s->changes), change_cmp);
	}
	s->nchanges = nfirsts;

cleanup:
	free(firsts);
	free(tips);
	free(prod);
	buf_release(&err);
}

/* Reports the tags that cannot be deploys; returns whether t is usable. */
static int tag_usable(const struct repo_tag *t, const struct deploy_opts *o,
		      struct diag_list *d)
{
	struct buf path = BUF_INIT;
	int ok = 1;

	buf_printf(&path, "refs/tags/%s", t->name);
	if (t->problem) {
		repo_warn(d, o->repo, path.ptr,
			  "tag \"%s\" matches the deploy tag pattern but %s; "
			  "ignored",
			  t->name, t->problem);
		ok = 0;
	} else if (!t->time) {
		repo_warn(d, o->repo, path.ptr,
			  "tag \"%s\" points to commit %s, which is not in the "
			  "repository (a shallow clone?), and has no tagger "
			  "time; ignored",
			  t->name, t->commit);
		ok = 0;
	}
	buf_release(&path);
	return ok;
}

int deploy_collect(struct deploy_service **out, size_t *n, struct repo *r,
		   const struct deploy_opts *o, struct arena *a,
		   struct diag_list *d, struct buf *err)
{
	const char *pattern = o->pattern ? o->pattern : DEPLOY_DEFAULT_PATTERN;
	int by_service = strstr(pattern, "{service}") != NULL;
	const char *const *services = o->services;
	size_t nservices = o->nservices;
	const char *single[1] = { o->repo ? o->repo : "" };
	struct repo_commit head;
	struct repo_tag *tags = NULL;
	struct deploy_service *svcs;
	size_t ntags = 0;
	char *usable = NULL;
	const char **ids = NULL;
	int *found = NULL, shallow;

	*out = NULL;
	*n = 0;
	if (!nservices) {
		services = single;
		nservices = 1;
	}
	if (repo_resolve(r, o->branch, &head, err) < 0)
		return -1;
	if (repo_deploy_tags(r, pattern, o->environments, o->nenvironments,
			     by_service ? services : NULL,
			     by_service ? nservices : 0, a, &tags, &ntags,
			     err) < 0) {
		repo_commit_release(&head);
		return -1;
	}
	shallow = repo_is_shallow(r);
	usable = xcalloc(ntags ? ntags : 1, 1);
	for (size_t i = 0; i < ntags; i++)
		usable[i] = (char)tag_usable(&tags[i], o, d);

	svcs = arena_alloc(a, nservices * sizeof(*svcs));
	for (size_t si = 0; si < nservices; si++) {
		struct deploy_service *s = &svcs[si];
		struct gather g = { NULL, NULL, 0, 0, 0 };

		s->name = services[si];
		s->branch = arena_strdup(a, head.branch);
		memcpy(s->head, head.id, sizeof(s->head));
		s->shallow = shallow;
		s->changes_since = o->changes_since;
		s->production = deploy_production_env(o->environments,
						      o->nenvironments,
						      o->production);
		for (size_t i = 0; i < ntags; i++) {
			const struct repo_tag *t = &tags[i];
			if (!usable[i] ||
			    (by_service && strcmp(t->service, s->name) != 0))
				continue;
			struct deploy *dep = gather_add(&g);
			dep->service = s->name;
			dep->environment = t->env;
			memcpy(dep->commit, t->commit, sizeof(dep->commit));
			dep->subject = t->subject;
			dep->commit_time = t->commit_time;
			dep->time = t->time;
			dep->tz_offset = t->tz_offset;
			dep->time_from_commit = t->time_from_commit;
			dep->actor = t->actor;
			dep->status = DEPLOY_UNKNOWN;
			dep->tag = t->name;
		}
		apply_feed(&g, r, o, s->name, shallow, a, d);
		if (g.n) {
			qsort(g.items, g.n, sizeof(*g.items), newest_first);
			s->deploys = arena_alloc(a, g.n * sizeof(*g.items));
			memcpy(s->deploys, g.items, g.n * sizeof(*g.items));
		}
		s->ndeploys = g.n;
		free(g.items);
		free(g.refined);

		/* which deploys are on the default branch: one walk */
		ids = xrealloc(ids, (s->ndeploys ? s->ndeploys : 1) * sizeof(*ids));
		found = xrealloc(found, (s->ndeploys ? s->ndeploys : 1) *
						sizeof(*found));
		for (size_t i = 0; i < s->ndeploys; i++)
			ids[i] = s->deploys[i].commit;
		if (repo_reachable(r, s->head, ids, s->ndeploys, found, err) < 0) {
			repo_warn(d, o->repo, NULL,
				  "cannot tell which deploys are on branch "
				  "\"%s\": %s",
				  s->branch, err->ptr);
			for (size_t i = 0; i < s->ndeploys; i++)
				found[i] = -1;
		}
		for (size_t i = 0; i < s->ndeploys; i++)
			s->deploys[i].on_branch = found[i];

		fill_envs(s, r, o, a, d);
		find_changes(s, r, o, a, d);
	}
	buf_clear(err);
	free(ids);
	free(found);
	free(usable);
	repo_commit_release(&head);
	*out = svcs;
	*n = nservices;
	return 0;
}

/* ---------------------------------------------------------------- figures */

/* Whether dep counts as a production deploy that finished. */
static int counts_as_deploy(const struct deploy_service *s,
			    const struct deploy *dep)
{
	return s->production && strcmp(dep->environment, s->production) == 0 &&
	       dep->status != DEPLOY_IN_PROGRESS;
}

static int int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

void deploy_metrics(struct deploy_metrics *out,
		    const struct deploy_service *const *services, size_t n,
		    int64_t now, int days)
{
	int64_t from = now - (int64_t)days * DAY, *leads = NULL;
	size_t nleads = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	out->days = days;
	for (size_t i = 0; i < n; i++) {
		const struct deploy_service *s = services[i];
		for (size_t k = 0; k < s->ndeploys; k++) {
			const struct deploy *dep = &s->deploys[k];
			if (!counts_as_deploy(s, dep) || dep->time <= from ||
			    dep->time > now)
				continue;
			out->deploys++;
			if (dep->status == DEPLOY_UNKNOWN)
				continue;
			out->rated++;
			if (dep->status == DEPLOY_FAILED ||
			    dep->status == DEPLOY_ROLLED_BACK)
				out->failed++;
		}
		for (size_t k = 0; k < s->nchanges; k++) {
			const struct deploy_change *c = &s->changes[k];
			if (c->deploy_time <= from || c->deploy_time > now)
				continue;
			XGROW(leads, cap, nleads + 1);
			leads[nleads++] = c->deploy_time > c->commit_time
						  ? c->deploy_time - c->commit_time
						  : 0;
		}
	}
	out->per_week = days > 0 ? (double)out->deploys * 7.0 / days : 0;
	out->changes = nleads;
	out->lead_time = -1;
	if (nleads) {
		qsort(leads, nleads, sizeof(*leads), int64_cmp);
		out->lead_time = nleads % 2
					 ? leads[nleads / 2]
					 : leads[nleads / 2 - 1] +
						   (leads[nleads / 2] -
						    leads[nleads / 2 - 1]) / 2;
	}
	out->failure_rate = out->rated ? (double)out->failed / out->rated : -1;
	free(leads);
}

void deploy_weekly(int *counts, size_t nweeks,
		   const struct deploy_service *const *services, size_t n,
		   int64_t now)
{
	for (size_t w = 0; w < nweeks; w++)
		counts[w] = 0;
	for (size_t i = 0; i < n; i++) {
		const struct deploy_service *s = services[i];
		for (size_t k = 0; k < s->ndeploys; k++) {
			const struct deploy *dep = &s->deploys[k];
			int64_t age = now - dep->time;
			if (!counts_as_deploy(s, dep) || age < 0 ||
			    age / WEEK >= (int64_t)nweeks)
				continue;
			counts[nweeks - 1 - (size_t)(age / WEEK)]++;
		}
	}
}

static int recent_cmp(const void *a, const void *b)
{
	const struct deploy *x = *(const struct deploy *const *)a;
	const struct deploy *y = *(const struct deploy *const *)b;
	int c;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if ((c = strcmp(x->service, y->service)) != 0)
		return c;
	return newest_first(x, y);
}

void deploy_recent(const struct deploy ***out, size_t *nout,
		   const struct deploy_service *const *services, size_t n,
		   int64_t now, int days, struct arena *a)
{
	int64_t from = now - (int64_t)days * DAY;
	size_t total = 0, k = 0;
	const struct deploy **list;

	for (size_t i = 0; i < n; i++)
		total += services[i]->ndeploys;
	list = arena_alloc(a, (total ? total : 1) * sizeof(*list));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < services[i]->ndeploys; j++) {
			const struct deploy *dep = &services[i]->deploys[j];
			if (dep->time > from && dep->time <= now)
				list[k++] = dep;
		}
	if (k)
		qsort(list, k, sizeof(*list), recent_cmp);
	*out = list;
	*nout = k;
}

/* ---------------------------------------------------------------- output */

static void put_json_str(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	buf_put_json(out, s, strlen(s));
	buf_putc(out, '"');
}

void deploy_json(struct buf *out, const struct deploy *dep)
{
	char when[DEPLOY_TIME_LEN];

	deploy_format_time(when, dep->time);
	buf_puts(out, "{\"service\":");
	put_json_str(out, dep->service);
	buf_puts(out, ",\"environment\":");
	put_json_str(out, dep->environment);
	buf_puts(out, ",\"commit\":");
	put_json_str(out, dep->commit);
	buf_printf(out, ",\"time\":\"%s\",\"actor\":", when);
	put_json_str(out, dep->actor);
	buf_printf(out, ",\"status\":\"%s\",\"tag\":",
		   deploy_status_name(dep->status));
	put_json_str(out, dep->tag);
	buf_puts(out, ",\"url\":");
	put_json_str(out, dep->url);
	buf_puts(out, ",\"subject\":");
	put_json_str(out, dep->subject);
	buf_printf(out, ",\"on_default_branch\":%s}",
		   dep->on_branch > 0 ? "true" : dep->on_branch == 0 ? "false"
								       : "null");
}

void deploy_json_list(struct buf *out, const struct deploy *const *list,
		      size_t n)
{
	buf_puts(out, "{\"deploys\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		deploy_json(out, list[i]);
	}
	buf_puts(out, "]}");
}

#define BAR_W 10
#define BAR_GAP 4
#define CHART_H 40
#define CHART_PAD 2

void deploy_chart_svg(struct buf *out, const int *weekly, size_t n,
		      int64_t end, const char *what)
{
	struct buf label = BUF_INIT;
	char date[11];
	long total = 0;
	int most = 0, width, height = CHART_H + 2 * CHART_PAD;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		int v = weekly[i] > 0 ? weekly[i] : 0;
		total += v;
		if (v > most)
			most = v;
	}
	width = (int)n * (BAR_W + BAR_GAP) - BAR_GAP + 2 * CHART_PAD;
	format_date(date, end);
	buf_printf(&label, "%s, weekly, %zu week%s to %s: %ld in total, at most "
			   "%d in a week; oldest first: ",
		   what && *what ? what : "Deploys", n, n == 1 ? "" : "s", date,
		   total, most);
	for (size_t i = 0; i < n; i++)
		buf_printf(&label, "%s%d", i ? ", " : "",
			   weekly[i] > 0 ? weekly[i] : 0);

	buf_printf(out,
		   "<svg class=\"cairn-chart\" xmlns=\"http://www.w3.org/2000/svg\""
		   " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
		   " aria-label=\"",
		   width, height, width, height);
	buf_put_html(out, label.ptr, label.len);
	buf_puts(out, "\">");
	for (size_t i = 0; i < n; i++) {
		int v = weekly[i] > 0 ? weekly[i] : 0;
		int h = most ? (v * CHART_H + most / 2) / most : 0;
		int x = CHART_PAD + (int)i * (BAR_W + BAR_GAP);

		if (v && h < 2)
			h = 2; /* one deploy among many still shows */
		if (!v)
			h = 1; /* a tick marks an empty week */
		format_date(date, end - (int64_t)(n - 1 - i) * WEEK);
		buf_printf(out,
			   "<rect class=\"cairn-chart-bar%s\" x=\"%d\" y=\"%d\""
			   " width=\"%d\" height=\"%d\" fill=\"currentColor\"%s>"
			   "<title>7 days to %s: %d deploy%s</title></rect>",
			   v ? "" : " cairn-chart-zero", x,
			   CHART_PAD + CHART_H - h, BAR_W, h,
			   v ? "" : " fill-opacity=\"0.35\"", date, v,
			   v == 1 ? "" : "s");
	}
	buf_puts(out, "</svg>");
	buf_release(&label);
}

/* ---------------------------------------------------------------- cache */

/* Records start with this version of their layout, so that a change of it
 * is a clean miss even within one cairn build. */
#define SER_VERSION 1u
#define SER_NULL 0u /* a string reference to NULL */

/* The strings of a record, each kept once (subjects, environments, actors
 * repeat across deploys): written as a table first, then referred to by
 * index + 1 (0: NULL). */
struct strtab {
	const char **strs;
	size_t n, cap;
	uint32_t *slots; /* index + 1, 0: empty; open addressing */
	size_t nslots;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 29);
}

static uint32_t strtab_ref(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		return SER_NULL;
	if ((t->n + 1) * 2 > t->nslots) {
		size_t nslots = t->nslots ? t->nslots * 2 : 256;
		uint32_t *slots = xcalloc(nslots, sizeof(*slots));
		for (size_t k = 0; k < t->nslots; k++) {
			if (!t->slots[k])
				continue;
			i = str_hash(t->strs[t->slots[k] - 1]) & (nslots - 1);
			while (slots[i])
				i = (i + 1) & (nslots - 1);
			slots[i] = t->slots[k];
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = nslots;
	}
	i = str_hash(s) & (t->nslots - 1);
	while (t->slots[i] && strcmp(t->strs[t->slots[i] - 1], s) != 0)
		i = (i + 1) & (t->nslots - 1);
	if (!t->slots[i]) {
		XGROW(t->strs, t->cap, t->n + 1);
		t->strs[t->n++] = s;
		t->slots[i] = (uint32_t)t->n;
	}
	return t->slots[i];
}

static void put_ref(struct buf *b, struct strtab *t, const char *s)
{
	cache_put_u32(b, strtab_ref(t, s));
}

static int hex_val(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A commit id: 20 bytes when it is 40 lower-case hex digits (always, from
 * git), else a string reference. */
static void put_id(struct buf *b, struct strtab *t, const char *id)
{
	unsigned char raw[20];
	size_t k = 0;

	while (k < 40 && hex_val(id[k]) >= 0)
		k++;
	if (k == 40 && !id[40]) {
		for (k = 0; k < 20; k++)
			raw[k] = (unsigned char)(hex_val(id[2 * k]) << 4 |
						 hex_val(id[2 * k + 1]));
		buf_putc(b, 'b');
		cache_put_bytes(b, raw, sizeof(raw));
	} else {
		buf_putc(b, 's');
		put_ref(b, t, id);
	}
}

static void put_i64(struct buf *b, int64_t v)
{
	cache_put_u64(b, (uint64_t)v);
}

static void put_int(struct buf *b, int v)
{
	cache_put_u32(b, (uint32_t)v);
}

static void put_service(struct buf *b, struct strtab *t,
			const struct deploy_service *s)
{
	put_ref(b, t, s->name);
	put_ref(b, t, s->branch);
	put_id(b, t, s->head);
	put_ref(b, t, s->production);
	put_int(b, s->shallow);
	put_int(b, s->truncated);
	put_i64(b, s->changes_since);

	cache_put_u64(b, s->ndeploys);
	for (size_t i = 0; i < s->ndeploys; i++) {
		const struct deploy *d = &s->deploys[i];
		put_ref(b, t, d->service);
		put_ref(b, t, d->environment);
		put_id(b, t, d->commit);
		put_ref(b, t, d->subject);
		put_i64(b, d->commit_time);
		put_i64(b, d->time);
		put_int(b, d->tz_offset);
		put_int(b, d->time_from_commit);
		put_ref(b, t, d->actor);
		put_int(b, (int)d->status);
		put_ref(b, t, d->url);
		put_ref(b, t, d->tag);
		put_int(b, d->feed_line);
		put_int(b, d->on_branch);
	}

	cache_put_u64(b, s->nenvs);
	for (size_t i = 0; i < s->nenvs; i++) {
		const struct deploy_env *e = &s->envs[i];
		put_ref(b, t, e->name);
		/* pointers into deploys: index + 1, 0 for NULL */
		cache_put_u64(b, e->latest ? (uint64_t)(e->latest - s->deploys) + 1 : 0);
		cache_put_u64(b, e->current ? (uint64_t)(e->current - s->deploys) + 1 : 0);
		cache_put_u64(b, e->pending);
		cache_put_u64(b, e->off_branch);
		put_int(b, e->truncated);
		cache_put_u64(b, e->npending_list);
		for (size_t k = 0; k < e->npending_list; k++) {
			const struct repo_commit_info *c = &e->pending_list[k];
			put_id(b, t, c->id);
			put_ref(b, t, c->subject);
			put_ref(b, t, c->author);
			put_i64(b, c->author_time);
			put_i64(b, c->time);
		}
	}

	cache_put_u64(b, s->ndiffs);
	for (size_t i = 0; i < s->ndiffs; i++) {
		const struct deploy_diff *df = &s->diffs[i];
		put_ref(b, t, df->from);
		put_ref(b, t, df->to);
		put_int(b, df->known);
		cache_put_u64(b, df->ahead);
		cache_put_u64(b, df->behind);
		put_int(b, df->truncated);
	}

	cache_put_u64(b, s->nchanges);
	for (size_t i = 0; i < s->nchanges; i++) {
		const struct deploy_change *c = &s->changes[i];
		put_id(b, t, c->commit);
		put_i64(b, c->commit_time);
		put_i64(b, c->deploy_time);
	}
}

void deploy_service_write(struct buf *out, const struct deploy_service *svcs,
			  size_t n)
{
	struct strtab t = { NULL, 0, 0, NULL, 0 };
	struct buf body = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		put_service(&body, &t, &svcs[i]);
	cache_put_u32(out, SER_VERSION);
	cache_put_u64(out, t.n);
	for (size_t i = 0; i < t.n; i++)
		cache_put_cstr(out, t.strs[i]);
	cache_put_u64(out, n);
	cache_put_bytes(out, body.ptr, body.len);
	buf_release(&body);
	free(t.strs);
	free(t.slots);
}

/* Reading: the string table, and counts checked against what is left (a
 * count larger than the bytes left is a bad record, not a huge
 * allocation). */
struct ser_in {
	struct cache_reader *r;
	const char **strs;
	size_t nstrs;
};

static const char *get_ref(struct ser_in *in)
{
	uint32_t v = cache_get_u32(in->r);

	if (v == SER_NULL || in->r->bad)
		return NULL;
	if (v > in->nstrs) {
		in->r->bad = 1;
		return NULL;
	}
	return in->strs[v - 1];
}

/* A string that must be there. */
static const char *get_text(struct ser_in *in)
{
	const char *s = get_ref(in);

	if (!s)
		in->r->bad = 1;
	return s;
}

static void get_id(struct ser_in *in, char out[41])
{
	const char *kind = NULL;
	unsigned char raw[20];

	out[0] = '\0';
	if (in->r->p < in->r->end)
		kind = in->r->p++;
	if (!kind || in->r->bad) {
		in->r->bad = 1;
	} else if (*kind == 'b') {
		static const char digits[] = "0123456789abcdef";
		cache_get_bytes(in->r, raw, sizeof(raw));
		for (size_t k = 0; k < 20; k++) {
			out[2 * k] = digits[raw[k] >> 4];
			out[2 * k + 1] = digits[raw[k] & 15];
		}
		out[40] = '\0';
	} else if (*kind == 's') {
		const char *s = get_text(in);
		if (s && strlen(s) <= 40)
			memcpy(out, s, strlen(s) + 1);
		else
			in->r->bad = 1;
	} else {
		in->r->bad = 1;
	}
}

static int64_t get_i64(struct ser_in *in)
{
	return (int64_t)cache_get_u64(in->r);
}

static int get_int(struct ser_in *in)
{
	return (int)(int32_t)cache_get_u32(in->r);
}

/* A count of items of at least min_size bytes each. */
static size_t get_count(struct ser_in *in, size_t min_size)
{
	uint64_t n = cache_get_u64(in->r);

	if (in->r->bad || n > (uint64_t)(in->r->end - in->r->p) / min_size) {
		in->r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static void get_service(struct ser_in *in, struct deploy_service *s,
			struct arena *a)
{
	struct cache_reader *r = in->r;

	s->name = get_text(in);
	s->branch = get_ref(in);
	get_id(in, s->head);
	s->production = get_ref(in);
	s->shallow = get_int(in);
	s->truncated = get_int(in);
	s->changes_since = get_i64(in);

	s->ndeploys = get_count(in, 4 * 10 + 8 * 2 + 21);
	s->deploys = s->ndeploys ? arena_alloc(a, s->ndeploys * sizeof(*s->deploys))
				 : NULL;
	for (size_t i = 0; i < s->ndeploys && !r->bad; i++) {
		struct deploy *d = &s->deploys[i];
		d->service = get_text(in);
		if (d->service && s->name && strcmp(d->service, s->name) == 0)
			d->service = s->name;
		d->environment = get_text(in);
		get_id(in, d->commit);
		d->subject = get_ref(in);
		d->commit_time = get_i64(in);
		d->time = get_i64(in);
		d->tz_offset = get_int(in);
		d->time_from_commit = get_int(in);
		d->actor = get_ref(in);
		d->status = (enum deploy_status)get_int(in);
		if ((unsigned)d->status >= NSTATUS)
			r->bad = 1;
		d->url = get_ref(in);
		d->tag = get_ref(in);
		d->feed_line = get_int(in);
		d->on_branch = get_int(in);
	}

	s->nenvs = get_count(in, 4 + 8 * 5 + 4);
	s->envs = arena_alloc(a, (s->nenvs ? s->nenvs : 1) * sizeof(*s->envs));
	for (size_t i = 0; i < s->nenvs && !r->bad; i++) {
		struct deploy_env *e = &s->envs[i];
		uint64_t latest, current;
		e->name = get_text(in);
		latest = cache_get_u64(r);
		current = cache_get_u64(r);
		if (latest > s->ndeploys || current > s->ndeploys)
			r->bad = 1;
		else {
			e->latest = latest ? &s->deploys[latest - 1] : NULL;
			e->current = current ? &s->deploys[current - 1] : NULL;
		}
		e->pending = (size_t)cache_get_u64(r);
		e->off_branch = (size_t)cache_get_u64(r);
		e->truncated = get_int(in);
		e->npending_list = get_count(in, 21 + 4 * 2 + 8 * 2);
		if (!e->npending_list)
			continue;
		struct repo_commit_info *list =
			arena_alloc(a, e->npending_list * sizeof(*list));
		for (size_t k = 0; k < e->npending_list && !r->bad; k++) {
			get_id(in, list[k].id);
			list[k].subject = get_ref(in);
			list[k].author = get_ref(in);
			list[k].author_time = get_i64(in);
			list[k].time = get_i64(in);
		}
		e->pending_list = list;
	}

	s->ndiffs = get_count(in, 4 * 4 + 8 * 2);
	s->diffs = arena_alloc(a, (s->ndiffs ? s->ndiffs : 1) * sizeof(*s->diffs));
	for (size_t i = 0; i < s->ndiffs && !r->bad; i++) {
		struct deploy_diff *df = &s->diffs[i];
		df->from = get_text(in);
		df->to = get_text(in);
		df->known = get_int(in);
		df->ahead = (size_t)cache_get_u64(r);
		df->behind = (size_t)cache_get_u64(r);
		df->truncated = get_int(in);
	}

	s->nchanges = get_count(in, 21 + 8 * 2);
	s->changes = s->nchanges ? arena_alloc(a, s->nchanges * sizeof(*s->changes))
				 : NULL;
	for (size_t i = 0; i < s->nchanges && !r->bad; i++) {
		struct deploy_change *c = &s->changes[i];
		get_id(in, c->commit);
		c->commit_time = get_i64(in);
		c->deploy_time = get_i64(in);
	}
}

int deploy_service_read(struct deploy_service **svcs, size_t *n,
			struct cache_reader *r, struct arena *a)
{
	struct ser_in in = { r, NULL, 0 };
	struct deploy_service *out;
	size_t count;

	*svcs = NULL;
	*n = 0;
	if (cache_get_u32(r) != SER_VERSION)
		r->bad = 1;
	in.nstrs = get_count(&in, 8);
	if (in.nstrs > UINT32_MAX - 1)
		r->bad = 1;
	if (r->bad)
		return -1;
	in.strs = xcalloc(in.nstrs ? in.nstrs : 1, sizeof(*in.strs));
	for (size_t i = 0; i < in.nstrs && !r->bad; i++)
		if (!(in.strs[i] = cache_get_str(r, a, NULL)))
			r->bad = 1;
	count = get_count(&in, 4 * 4 + 8 + 21);
	out = arena_alloc(a, (count ? count : 1) * sizeof(*out));
	for (size_t i = 0; i < count && !r->bad; i++)
		get_service(&in, &out[i], a);
	free(in.strs);
	if (r->bad)
		return -1;
	*svcs = out;
	*n = count;
	return 0;
}

uint64_t deploy_collect_fp(struct repo *r, const struct deploy_opts *o)
{
	const char *pattern = o->pattern ? o->pattern : DEPLOY_DEFAULT_PATTERN;
	int by_service = strstr(pattern, "{service}") != NULL;
	const char *const *services = o->services;
	size_t nservices = o->nservices;
	const char *single[1] = { o->repo ? o->repo : "" };
	struct repo_commit head;
	struct buf err = BUF_INIT;
	uint64_t h, refs;

	if (!nservices) {
		services = single;
		nservices = 1;
	}
	if (repo_resolve(r, o->branch, &head, &err) < 0) {
		buf_release(&err);
		return 0;
	}
	refs = repo_deploy_refs_fp(r, pattern, o->environments, o->nenvironments,
				   by_service ? services : NULL,
				   by_service ? nservices : 0);
	/* the layout of deploy_service_write, with what it is made from */
	h = hash_mix_u64(hash_mix_str(0, "cairn deploys"), SER_VERSION);
	h = hash_mix_str(h, o->repo);
	h = hash_mix_str(h, pattern);
	h = hash_mix_str(h, o->branch);
	h = hash_mix_str(hash_mix_str(h, head.branch), head.id);
	h = hash_mix_u64(h, refs);
	h = hash_mix_u64(h, o->nenvironments);
	for (size_t i = 0; i < o->nenvironments; i++)
		h = hash_mix_str(h, o->environments[i]);
	h = hash_mix_str(h, o->production);
	h = hash_mix_u64(h, nservices);
	for (size_t i = 0; i < nservices; i++)
		h = hash_mix_str(h, services[i]);
	h = hash_mix_u64(h, o->max_pending ? o->max_pending : DEPLOY_MAX_PENDING);
	h = hash_mix_u64(h, (uint64_t)o->first_parent);
	/* the feed's records that deploy_collect looks at: those of these
	 * services and environments (CI adding records for other services
	 * changes nothing here); a version is a tag that need not match the
	 * pattern: where it points counts too */
	h = hash_mix_u64(h, o->feed != NULL);
	if (o->feed) {
		h = hash_mix_str(h, o->feed->path);
		for (size_t i = 0; i < o->feed->n; i++) {
			const struct deploy_record *rec = &o->feed->records[i];
			char id[41];
			if (!listed(services, nservices, rec->service) ||
			    !listed(o->environments, o->nenvironments,
				    rec->environment))
				continue;
			h = hash_mix_str(hash_mix_str(h, rec->service),
					  rec->environment);
			h = hash_mix_str(hash_mix_str(h, rec->commit), rec->version);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->time),
					  (uint64_t)(int64_t)rec->tz_offset);
			h = hash_mix_str(hash_mix_str(h, rec->actor), rec->url);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->status),
					  (uint64_t)(int64_t)rec->line);
			if (!rec->commit && rec->version) {
				repo_tag_id(r, rec->version, id);
				h = hash_mix_str(h, id);
			}
		}
	}
	repo_commit_release(&head);
	buf_release(&err);
	return refs && h ? h : refs ? 1 : 0;
}
