/* deploy: what the parts of the deploy module (see deploy_internal.h)
 * share -- statuses, times, tag patterns, the order of deploys -- and how a
 * deploy is written out (JSON, the weekly chart).  The feed is read in
 * deploy_feed.c, deploys are collected in deploy_git.c, figures worked out
 * in deploy_metrics.c, and results cached by deploy_cache.c. */
#include "deploy_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"

/* ---------------------------------------------------------------- status */

static const char *const status_names[] = {
	[DEPLOY_UNKNOWN] = "unknown",
	[DEPLOY_SUCCEEDED] = "succeeded",
	[DEPLOY_FAILED] = "failed",
	[DEPLOY_IN_PROGRESS] = "in_progress",
	[DEPLOY_ROLLED_BACK] = "rolled_back",
};

#define NSTATUS (sizeof(status_names) / sizeof(status_names[0]))
_Static_assert(NSTATUS == DEPLOY_NSTATUS, "a status without a name");

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

int deploy_is_running(enum deploy_status s)
{
	return s == DEPLOY_SUCCEEDED || s == DEPLOY_UNKNOWN;
}

/* ---------------------------------------------------------------- time */

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
	if (*p || mo < 1 || mo > 12 || d < 1 || d > date_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;
	*offset = sign * (oh * 60 + om);
	*out = date_days_from_civil(y, mo, d) * DEPLOY_DAY + h * 3600 +
	       mi * 60 + sec - (int64_t)*offset * 60;
	return 0;
}

int deploy_parse_time(int64_t *out, const char *s)
{
	int offset;
	return parse_time(s, out, &offset);
}

int deploy_parse_time_offset(int64_t *out, int *offset, const char *s)
{
	return parse_time(s, out, offset);
}

void deploy_format_time(char out[DEPLOY_TIME_LEN], int64_t t)
{
	int64_t days = t / DEPLOY_DAY, rest = t % DEPLOY_DAY, y;
	int m, d;

	if (rest < 0) {
		rest += DEPLOY_DAY;
		days--;
	}
	date_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, DEPLOY_TIME_LEN, "%s",
			 y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z");
		return;
	}
	snprintf(out, DEPLOY_TIME_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m,
		 d, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
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
	else if (s < 14 * DEPLOY_DAY)
		put_count(out, (s + DEPLOY_DAY / 2) / DEPLOY_DAY, "day");
	else if (s < 60 * DEPLOY_DAY)
		put_count(out, (s + DEPLOY_WEEK / 2) / DEPLOY_WEEK, "week");
	else if (s < 365 * DEPLOY_DAY)
		put_count(out, (s + 15 * DEPLOY_DAY) / (30 * DEPLOY_DAY), "month");
	else
		put_count(out, s / (365 * DEPLOY_DAY), "year");
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
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr(" ~^:?[\\", *p)) {
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

const char *deploy_production_env(const char *const *envs, size_t n, const char *configured)
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

int deploy_listed(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- order */

int deploy_newest_first(const void *a, const void *b)
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
	buf_printf(out, ",\"status\":\"%s\",\"tag\":", deploy_status_name(dep->status));
	put_json_str(out, dep->tag);
	buf_puts(out, ",\"url\":");
	put_json_str(out, dep->url);
	buf_puts(out, ",\"subject\":");
	put_json_str(out, dep->subject);
	buf_printf(out, ",\"on_default_branch\":%s}",
		   dep->on_branch > 0	 ? "true"
		   : dep->on_branch == 0 ? "false"
					 : "null");
}

void deploy_json_list(struct buf *out, const struct deploy *const *list, size_t n)
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

void deploy_chart_svg(struct buf *out, const int *weekly, size_t n, int64_t end,
		      const char *what)
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
	buf_printf(&label,
		   "%s, weekly, %zu week%s to %s: %ld in total, at most "
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
		format_date(date, end - (int64_t)(n - 1 - i) * DEPLOY_WEEK);
		buf_printf(out,
			   "<rect class=\"cairn-chart-bar%s\" x=\"%d\" y=\"%d\""
			   " width=\"%d\" height=\"%d\" fill=\"currentColor\"%s>"
			   "<title>7 days to %s: %d deploy%s</title></rect>",
			   v ? "" : " cairn-chart-zero", x, CHART_PAD + CHART_H - h,
			   BAR_W, h, v ? "" : " fill-opacity=\"0.35\"", date, v,
			   v == 1 ? "" : "s");
	}
	buf_puts(out, "</svg>");
	buf_release(&label);
}
