/* deploy_feed: the deploy feed CI hands in (JSON or YAML), read and checked
 * (see deploy_feed_parse in deploy.h). */
#include "deploy_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "yaml.h"

#define FEED_MAX_BYTES (64u << 20) /* a feed larger than this is refused */

struct feed_ctx {
	struct arena *a;
	const char *path;
	const char *text;
	size_t len;
	struct diag_list *d;
};

/* The plain token after `key:` on the given line of the text (the feed's
 * own spelling of a scalar that YAML typed as a number), or NULL. */
static const char *raw_token(const struct feed_ctx *c, int line, const char *key)
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
		if (memcmp(k, key, klen) != 0 || (k > p && !strchr(" \t{,\"'", k[-1])))
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

__attribute__((format(printf, 4, 5))) static void
feed_diag(const struct feed_ctx *c, enum diag_severity sev, int line,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, sev, DIAG_OPERATOR, NULL, c->path, line, fmt, ap);
	va_end(ap);
}

static int is_commit_id(const char *s)
{
	size_t n = strlen(s);
	return n >= 7 && n <= 40 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static int is_http_url(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0;
}

/* A required text field, or NULL after an error. */
static const char *required(const struct feed_ctx *c, const struct val *rec,
			    const char *key)
{
	int line, bad;
	const char *s = field(c, rec, key, &line, &bad);

	if (bad)
		feed_diag(c, DIAG_ERROR, line,
			  "deploy record's \"%s\" is not text; record left out", key);
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
			*p = ascii_lower(*p);
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
	} else if (deploy_parse_time_offset(&r->time, &r->tz_offset, s) < 0) {
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

int deploy_feed_parse(struct deploy_feed *out, struct arena *a, const char *path,
		      const char *text, size_t len, struct diag_list *d)
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
	recs = arena_alloc(a, (list->u.list.len ? list->u.list.len : 1) * sizeof(*recs));
	for (size_t i = 0; i < list->u.list.len; i++)
		if (read_record(&c, list->u.list.items[i], &recs[n]) == 0)
			n++;
	out->records = recs;
	out->n = n;
	return 0;
}

int deploy_feed_load(struct deploy_feed *out, struct arena *a, const char *file,
		     const char *path, struct diag_list *d)
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
		       const char *const *envs, size_t nenvs, struct diag_list *d)
{
	for (size_t i = 0; feed && i < feed->n; i++) {
		const struct deploy_record *r = &feed->records[i];
		if (!deploy_listed(services, nservices, r->service))
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL,
				 feed->path, r->line,
				 "deploy record names service \"%s\", which the "
				 "portal does not know; record ignored",
				 r->service);
		else if (!deploy_listed(envs, nenvs, r->environment))
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL,
				 feed->path, r->line,
				 "deploy record names environment \"%s\", which "
				 "is not in cairn.yaml's environments; record "
				 "ignored",
				 r->environment);
	}
}
