#include "alerts.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"
#include "path.h"

/* ---------------------------------------------------------------- reading */

struct reader {
	struct alerts_file *out;
	struct arena *a;
	const struct yaml_limits *lim;
	int line0; /* added to lines: a rule file inside a ConfigMap's value */
};

static void problem(struct reader *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct reader *r, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ARENA_GROW(r->a, r->out->problems, r->out->cap_problems, r->out->nproblems + 1);
	r->out->problems[r->out->nproblems].line = r->line0 + line;
	r->out->problems[r->out->nproblems++].msg = arena_strdup(r->a, msg);
}

/* The text of a scalar, or "" (lists, maps, null). */
static const char *text_of(struct arena *a, const struct val *v)
{
	struct buf b = BUF_INIT;
	const char *s = "";
	if (v && v->type == VAL_STR)
		return v->u.str.ptr;
	if (v && val_scalar_text(&b, v) == 0)
		s = arena_strndup(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static const struct val *map_or_null(const struct val *v)
{
	return v && v->type == VAL_MAP ? v : NULL;
}

/* The first of two annotations that is there. */
static const char *either(struct arena *a, const struct val *map,
			  const char *key, const char *other)
{
	const char *s = text_of(a, val_get(map, key));
	return *s ? s : text_of(a, val_get(map, other));
}

static void rule(struct reader *r, const struct val *v, const char *group)
{
	const struct val *alert = val_get(v, "alert");
	struct alerts_rule *ar;
	if (v->type != VAL_MAP) {
		problem(r, v->line, "a rule of the group \"%s\" is not a map", group);
		return;
	}
	if (!alert) {
		if (val_get(v, "record"))
			r->out->nrecording++;
		else
			problem(r, v->line,
				"a rule of the group \"%s\" has neither \"alert\" nor \"record\"",
				group);
		return;
	}
	if (!*text_of(r->a, alert)) {
		problem(r, alert->line,
			"an alert of the group \"%s\" has no name", group);
		return;
	}
	ARENA_GROW(r->a, r->out->rules, r->out->cap, r->out->len + 1);
	ar = &r->out->rules[r->out->len++];
	ar->name = text_of(r->a, alert);
	ar->group = group;
	ar->expr = text_of(r->a, val_get(v, "expr"));
	ar->duration = text_of(r->a, val_get(v, "for"));
	ar->labels = map_or_null(val_get(v, "labels"));
	ar->annotations = map_or_null(val_get(v, "annotations"));
	ar->severity = text_of(r->a, val_get(ar->labels, "severity"));
	ar->summary = text_of(r->a, val_get(ar->annotations, "summary"));
	ar->description = either(r->a, ar->annotations, "description", "message");
	ar->runbook_url = either(r->a, ar->annotations, "runbook_url", "runbook");
	ar->line = r->line0 + alert->line;
	const struct val *expr = val_get(v, "expr");
	if (expr && (expr->type == VAL_LIST || expr->type == VAL_MAP))
		problem(r, expr->line,
			"the alert \"%s\" has an \"expr\" that is a %s, not a PromQL expression",
			ar->name, expr->type == VAL_LIST ? "list" : "mapping");
	else if (!*ar->expr)
		problem(r, alert->line, "the alert \"%s\" has no \"expr\"", ar->name);
}

/* 1 when v is a list of rule groups (maps holding a "rules" list). */
static int is_groups(const struct val *v)
{
	size_t i;
	if (!v || v->type != VAL_LIST || !v->u.list.len)
		return 0;
	for (i = 0; i < v->u.list.len; i++) {
		const struct val *rules = val_get(v->u.list.items[i], "rules");
		if (rules && rules->type == VAL_LIST)
			return 1;
	}
	return 0;
}

static void groups(struct reader *r, const struct val *list)
{
	size_t i, j;
	for (i = 0; i < list->u.list.len; i++) {
		const struct val *g = list->u.list.items[i];
		const struct val *rules = val_get(g, "rules");
		const char *name = text_of(r->a, val_get(g, "name"));
		if (!rules || rules->type != VAL_LIST) {
			problem(r, g->line,
				"the rule group \"%s\" has no list of rules", name);
			continue;
		}
		if (!*name)
			problem(r, g->line, "a rule group has no name");
		r->out->ngroups++;
		for (j = 0; j < rules->u.list.len; j++)
			rule(r, rules->u.list.items[j], name);
	}
}

static void rules_text(struct reader *r, const char *text, size_t len, int line0);

static int kind_is(const struct val *doc, const char *kind)
{
	const char *k = val_as_str(val_get(doc, "kind"));
	return k && strcmp(k, kind) == 0;
}

/* One document: a rule file, a PrometheusRule, a List, a ConfigMap. */
static void document(struct reader *r, const struct val *doc, int depth)
{
	size_t i;
	const struct val *v;
	if (!doc || doc->type != VAL_MAP || depth > 4)
		return;
	if (is_groups(v = val_get(doc, "groups")))
		groups(r, v);
	else if (kind_is(doc, "PrometheusRule") &&
		 is_groups(v = val_get(val_get(doc, "spec"), "groups")))
		groups(r, v);
	else if ((v = val_get(doc, "items")) && v->type == VAL_LIST)
		for (i = 0; i < v->u.list.len; i++)
			document(r, v->u.list.items[i], depth + 1);
	else if (kind_is(doc, "ConfigMap") && (v = map_or_null(val_get(doc, "data"))))
		for (i = 0; i < v->u.map.len && depth == 0; i++) {
			const struct val *s = v->u.map.pairs[i].val;
			if (s->type == VAL_STR && strstr(s->u.str.ptr, "groups:"))
				/* a block scalar's text starts a line below its key */
				rules_text(r, s->u.str.ptr, s->u.str.len,
					   r->line0 + s->line);
		}
}

/* A rule file inside a ConfigMap: what cannot be parsed is a problem. */
static void rules_text(struct reader *r, const char *text, size_t len, int line0)
{
	struct val *docs;
	struct yaml_error ye;
	struct reader inner = *r;
	size_t i;
	inner.line0 = line0;
	if (yaml_parse_all_limited(&docs, r->a, text, len, r->lim, &ye) < 0) {
		problem(&inner, ye.line,
			"the rules in this ConfigMap are not YAML: %.200s", ye.msg);
		return;
	}
	for (i = 0; i < docs->u.list.len; i++)
		document(&inner, docs->u.list.items[i], 1);
}

static int mentions(const char *text, size_t len, const char *word)
{
	return memmem(text, len, word, strlen(word)) != NULL;
}

/* 1 when a line starts with "{{": a template's directive (Prometheus'
 * own templates stand inside values, after a key or indented). */
static int directive_line(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((i == 0 || text[i - 1] == '\n') && text[i] == '{' &&
		    text[i + 1] == '{')
			return 1;
	return 0;
}

int alerts_read(struct alerts_file *out, struct arena *a, const char *text,
		size_t len, const struct yaml_limits *lim, struct alerts_error *err)
{
	struct reader r = { out, a, lim, 0 };
	struct val *docs;
	struct yaml_error ye;
	size_t i;
	err->line = 0;
	err->msg[0] = '\0';
	if (yaml_parse_all_limited(&docs, a, text, len, lim, &ye) < 0) {
		/* a Helm chart's templates/prometheusrule.yaml: its directives
		 * ("{{- if .Values.rules }}") start lines; rendered, not read */
		if (!mentions(text, len, "groups:") || directive_line(text, len)) {
			out->templated = mentions(text, len, "{{");
			return 0;
		}
		err->line = ye.line;
		snprintf(err->msg, sizeof(err->msg),
			 "the rules are not YAML: %.200s", ye.msg);
		return -1;
	}
	for (i = 0; i < docs->u.list.len; i++)
		document(&r, docs->u.list.items[i], 0);
	return 0;
}

/* ---------------------------------------------------------------- paths */

int alerts_read_file(struct alerts_file *out, struct arena *a, const char *text,
		     size_t len, const struct yaml_limits *lim,
		     const char *repo, const char *path, struct diag_list *d)
{
	struct alerts_error err;
	if (alerts_read(out, a, text, len, lim, &err) < 0) {
		diag_user(d, repo, path, err.line,
			  "%s: the file's alerts are not read", err.msg);
		return -1;
	}
	for (size_t i = 0; i < out->nproblems; i++)
		diag_user(d, repo, path, out->problems[i].line, "%s",
			  out->problems[i].msg);
	return 0;
}

void alerts_warn_no_runbook(struct diag_list *d, const char *repo,
			    const char *path, const struct alerts_rule *r)
{
	if (*r->runbook_url)
		diag_user(d, repo, path, r->line,
			  "alert \"%s\" has no runbook: its runbook_url \"%s\" is not a document of a crawled repository, and no runbook is named after it; point annotations.runbook_url at the runbook's file (its web address in a crawled repository, or a path relative to this file), or add a runbook named %s.md (docs/runbooks/%s.md)",
			  r->name, r->runbook_url, r->name, r->name);
	else
		diag_user(d, repo, path, r->line,
			  "alert \"%s\" has no runbook: add annotations.runbook_url with the runbook's address (its web address in a crawled repository, or a path relative to this file), or add a runbook named %s.md (docs/runbooks/%s.md)",
			  r->name, r->name, r->name);
}

/* Rule files by name or folder, and PrometheusRule resources by name
 * (kube-prometheus' manifests/alertmanager-prometheusRule.yaml). */
const char *const alerts_default_globs[] = { "**/*.rules.y*ml", "**/alerts/**/*.y*ml",
					     "**/prometheus/**/*.y*ml",
					     "**/*[Pp]rometheus[Rr]ule*.y*ml", NULL };

/* 1 when some folder of path (not its file name) is named dir. */
static int has_folder(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	const char *s = path, *slash;
	while ((slash = strchr(s, '/')) != NULL) {
		if ((size_t)(slash - s) == n && memcmp(s, dir, n) == 0)
			return 1;
		s = slash + 1;
	}
	return 0;
}

int alerts_path_is_default(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (fnmatch("*.y*ml", base, 0) != 0)
		return 0;
	return fnmatch("*.rules.y*ml", base, 0) == 0 ||
	       fnmatch("*[Pp]rometheus[Rr]ule*.y*ml", base, 0) == 0 ||
	       has_folder(path, "alerts") || has_folder(path, "prometheus");
}

/* ---------------------------------------------------------------- linking */

/* s without "scheme://" */
/* s without its scheme and a "www." (www.github.com is github.com). */
static const char *no_scheme(const char *s)
{
	const char *p = strstr(s, "://");
	p = p ? p + 3 : s;
	return strncasecmp(p, "www.", 4) == 0 ? p + 4 : p;
}

static int prefix_nocase(const char *s, const char *prefix, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!s[i] || ascii_lower(s[i]) != ascii_lower(prefix[i]))
			return 0;
	return 1;
}

/* 1 when target (n bytes) names the runbook's path: itself, or without
 * ".md", or its folder for README.md and index.md; with tail, target only
 * ends with it after a '/' (the rest of a URL: "BRANCH/PATH"). */
static int names_path(const char *target, size_t n, const char *path, int tail)
{
	static const char *const suffixes[] = { "", ".md", "/README.md", "/index.md" };
	size_t i, pn = strlen(path);
	for (i = 0; i < 4; i++) {
		size_t sn = strlen(suffixes[i]), cn;
		if (pn <= sn || strcmp(path + pn - sn, suffixes[i]) != 0)
			continue;
		cn = pn - sn;
		if (tail ? n > cn && target[n - cn - 1] == '/' &&
				    memcmp(target + n - cn, path, cn) == 0
			 : n == cn && memcmp(target, path, cn) == 0)
			return 1;
	}
	return 0;
}

/* 1 when url (decoded, without "#..." and "?...") is the web address of
 * the runbook's file. */
static int url_names(const char *url, const struct alerts_runbook *rb)
{
	static const char *const kinds[] = { "blob/",	"-/blob/", "tree/",
					     "-/tree/", "raw/",	   "-/raw/" };
	const char *u = no_scheme(url), *w;
	size_t wn, i;
	if (!rb->web_url || !*rb->web_url)
		return 0;
	w = no_scheme(rb->web_url);
	wn = strlen(w);
	while (wn && w[wn - 1] == '/')
		wn--;
	if (!wn || !prefix_nocase(u, w, wn) || u[wn] != '/')
		return 0;
	u += wn + 1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(u, kinds[i], strlen(kinds[i])) == 0) {
			const char *rest = u + strlen(kinds[i]);
			return names_path(rest, strlen(rest), rb->path, 1);
		}
	return 0;
}

int alerts_url_in(const char *url, const char *web_url)
{
	const char *u, *w;
	size_t wn;
	if (!url || !web_url || !*web_url)
		return 0;
	u = no_scheme(url);
	w = no_scheme(web_url);
	wn = strlen(w);
	while (wn && w[wn - 1] == '/')
		wn--;
	return wn && prefix_nocase(u, w, wn) && strchr("/#?", u[wn]);
}

/* The name a runbook's file gives: its stem, or its folder's name for
 * README.md and index.md.  *n is its length. */
static const char *stem_of(const char *path, size_t *n)
{
	const char *base = strrchr(path, '/'), *dot;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	*n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	if (base > path && ((*n == 6 && prefix_nocase(base, "readme", 6)) ||
			    (*n == 5 && prefix_nocase(base, "index", 5)))) {
		const char *end = base - 1, *start = end;
		while (start > path && start[-1] != '/')
			start--;
		*n = (size_t)(end - start);
		return start;
	}
	return base;
}

static int same_nocase(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && prefix_nocase(s, name, n);
}

/* Letters and digits of s (n bytes) and of name equal, case ignored. */
static int same_words(const char *s, size_t n, const char *name)
{
	const char *end = s + n;
	int any = 0;
	for (;;) {
		while (s < end && !ascii_is_alnum((unsigned char)*s))
			s++;
		while (*name && !ascii_is_alnum((unsigned char)*name))
			name++;
		if (s == end || !*name)
			return any && s == end && !*name;
		if (ascii_lower(*s) != ascii_lower(*name))
			return 0;
		s++;
		name++;
		any = 1;
	}
}

/* How rb is linked to the alert: the strongest way. */
static enum alerts_link link_of(const struct alerts_runbook *rb, const char *alert,
				const char *url, int relative, const char *target,
				size_t tn, const char *rule_repo)
{
	size_t sn;
	const char *stem = stem_of(rb->path, &sn);
	const char *title = rb->title ? rb->title : "";
	if (*url && !relative && url_names(url, rb))
		return ALERTS_LINK_URL;
	if (relative && rule_repo && rb->repo && strcmp(rb->repo, rule_repo) == 0 &&
	    names_path(target, tn, rb->path, 0))
		return ALERTS_LINK_PATH;
	if (same_nocase(stem, sn, alert))
		return ALERTS_LINK_NAME;
	if (*title && same_nocase(title, strlen(title), alert))
		return ALERTS_LINK_TITLE;
	if (same_words(stem, sn, alert) ||
	    (*title && same_words(title, strlen(title), alert)))
		return ALERTS_LINK_WORDS;
	return ALERTS_LINK_NONE;
}

enum alerts_link alerts_find_runbook(size_t *index,
				     const struct alerts_runbook *rbs, size_t n,
				     const char *alert, const char *runbook_url,
				     const char *rule_repo, const char *rule_path)
{
	struct buf url = BUF_INIT, target = BUF_INIT;
	const char *u = runbook_url ? runbook_url : "";
	enum alerts_link best = ALERTS_LINK_NONE;
	int best_home = 0, relative;
	size_t i;
	while (ascii_is_space((unsigned char)*u))
		u++;
	path_pct_decode(&url, u, strcspn(u, "#? \t\r\n"));
	relative = url.len && !strstr(url.ptr, "://") &&
		   strncmp(url.ptr, "mailto:", 7) != 0;
	if (relative && path_resolve(&target, rule_path ? rule_path : "",
				     url.ptr, url.len, 0) < 0)
		relative = 0;
	for (i = 0; i < n; i++) {
		enum alerts_link how = link_of(&rbs[i], alert ? alert : "",
					       url.ptr, relative, target.ptr,
					       target.len, rule_repo);
		int home = rule_repo && rbs[i].repo &&
			   strcmp(rbs[i].repo, rule_repo) == 0;
		if (how == ALERTS_LINK_NONE)
			continue;
		if (best == ALERTS_LINK_NONE || how < best ||
		    (how == best && home && !best_home)) {
			best = how;
			best_home = home;
			*index = i;
		}
	}
	buf_release(&url);
	buf_release(&target);
	return best;
}
