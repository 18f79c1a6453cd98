#include "config.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "ascii.h"
#include "buf.h"
#include "cache.h"
#include "codeowners.h"
#include "date.h"
#include "deploy.h"
#include "hash.h"
#include "map.h"
#include "path.h"
#include "val.h"
#include "xalloc.h"
#include "yaml.h"

#define CONFIG_MAX_SIZE (4 << 20)

static char *join_path(const char *dir, const char *p)
{
	if (p[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		return xstrdup(p);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, p);
	return buf_detach(&b, NULL);
}

char *config_resolve(const struct config *c, const char *p)
{
	return join_path(c->dir, p);
}

void config_defaults(struct config *c, const char *dir)
{
	memset(c, 0, sizeof(*c));
	c->dir = xstrdup(dir ? dir : ".");
	c->title = xstrdup("Developer Portal");
	c->base_url = xstrdup("");
	c->output = join_path(c->dir, "site");
	c->theme = xstrdup("default");
	c->content = join_path(c->dir, "content");
	c->cache = join_path(c->dir, ".cairn-cache");
	c->pagerduty_url = xstrdup("");
	c->stale_days = 180;
	c->max_action_items = 3;
	c->sprint_days = 14;
	c->escalation_sprints = 2;
	c->rules_since = -1;
	c->deploy_pattern = xstrdup("deploy/{env}/*");
	c->limits = (struct config_limits)CONFIG_LIMITS_INIT;
	c->fetch = (struct config_fetch)CONFIG_FETCH_INIT;
	c->raw_html = 1;
	c->debt_sprint_days = 14;
	c->debt_reckless_sprints = 1;
}

void config_release(struct config *c)
{
	free(c->file);
	free(c->dir);
	free(c->title);
	free(c->base_url);
	free(c->output);
	free(c->theme);
	free(c->content);
	free(c->cache);
	free(c->pagerduty_url);
	free(c->deploy_pattern);
	free(c->deploy_feed);
	free(c->slo_feed);
	free(c->production);
	for (size_t i = 0; i < c->nenvironments; i++)
		free(c->environments[i]);
	free(c->environments);
	for (size_t i = 0; i < c->nrepos; i++) {
		free(c->repos[i].name);
		free(c->repos[i].path);
		free(c->repos[i].url);
		free(c->repos[i].branch);
		free(c->repos[i].deploy_pattern);
		config_paths_release(&c->repos[i].paths);
	}
	config_paths_release(&c->paths);
	free(c->repos);
	for (size_t i = 0; i < c->nempty_globs; i++) {
		free(c->empty_globs[i].pattern);
		free(c->empty_globs[i].branch);
	}
	free(c->empty_globs);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------ paths */

const char *const config_path_keys[CONFIG_PATH_KINDS] = {
	"catalog", "owners",	  "readme",   "runbooks", "apis",
	"rfcs",	   "postmortems", "docs",     "exclude",  "contracts",
	"alerts",  "slos",	  "techdebt", "oncall"
};

void config_paths_release(struct config_paths *p)
{
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		for (size_t i = 0; i < p->n[k]; i++)
			free(p->pats[k][i]);
		free(p->pats[k]);
		free(p->lines[k]);
	}
	memset(p, 0, sizeof(*p));
}

void config_paths_copy(struct config_paths *dst, const struct config_paths *src)
{
	memset(dst, 0, sizeof(*dst));
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		dst->set[k] = src->set[k];
		dst->n[k] = src->n[k];
		if (!src->n[k])
			continue;
		dst->pats[k] = xcalloc(src->n[k], sizeof(char *));
		dst->lines[k] = xcalloc(src->n[k], sizeof(int));
		for (size_t i = 0; i < src->n[k]; i++) {
			dst->pats[k][i] = xstrdup(src->pats[k][i]);
			dst->lines[k][i] = src->lines[k][i];
		}
	}
}

uint64_t config_paths_fingerprint(uint64_t h, const struct config_paths *p)
{
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		h = hash_mix_u64(h, p->set[k] ? p->n[k] + 1 : 0);
		for (size_t i = 0; i < p->n[k]; i++)
			h = hash_mix_str(h, p->pats[k][i]);
	}
	return h;
}

int config_paths_parse(struct config_paths *p, const struct val *v,
		       struct diag_list *d, enum diag_severity sev,
		       enum diag_class cls, const char *repo, const char *file)
{
	static const char known[] =
		"catalog, owners, readme, runbooks, apis, rfcs, postmortems, docs, exclude, contracts, alerts, slos, techdebt, oncall";
	int problems = 0;
	struct arena a;
	arena_init(&a);
	if (v->type != VAL_MAP) {
		diag_add(d, sev, cls, repo, file, v->line,
			 "\"paths\" must be a mapping of kinds to lists of patterns (%s)",
			 known);
		problems++;
		goto cleanup;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		int k = 0;
		while (k < CONFIG_PATH_KINDS &&
		       strcmp(kv->key, config_path_keys[k]) != 0)
			k++;
		if (k == CONFIG_PATH_KINDS) {
			diag_add(d, sev, cls, repo, file, kv->val->line,
				 "unknown key \"%s\" in paths (known: %s)",
				 kv->key, known);
			problems++;
			continue;
		}
		const struct val *list = kv->val;
		size_t n = list->type == VAL_LIST ? list->u.list.len : 1;
		if (list->type == VAL_MAP || list->type == VAL_NULL) {
			diag_add(d, sev, cls, repo, file, list->line,
				 "paths.%s must be a list of patterns, e.g. [\"docs/runbooks/**/*.md\"]",
				 kv->key);
			problems++;
			continue;
		}
		for (size_t j = 0; j < p->n[k]; j++)
			free(p->pats[k][j]);
		free(p->pats[k]);
		free(p->lines[k]);
		p->pats[k] = xcalloc(n ? n : 1, sizeof(char *));
		p->lines[k] = xcalloc(n ? n : 1, sizeof(int));
		p->n[k] = 0;
		p->set[k] = 1;
		for (size_t j = 0; j < n; j++) {
			const struct val *item = list->type == VAL_LIST
							 ? list->u.list.items[j]
							 : list;
			struct buf text = BUF_INIT, why = BUF_INIT;
			struct codeowners_path_glob *g;
			if (item->type == VAL_LIST || item->type == VAL_MAP ||
			    item->type == VAL_NULL ||
			    val_scalar_text(&text, item) < 0) {
				diag_add(d, sev, cls, repo, file, item->line,
					 "paths.%s: each pattern must be a string, not a %s",
					 kv->key, val_type_name(item->type));
				problems++;
			} else if (codeowners_path_glob(&g, &a, text.ptr, &why) < 0) {
				diag_add(d, sev, cls, repo, file, item->line,
					 "paths.%s: pattern \"%s\" is not valid: %s",
					 kv->key, text.ptr, why.ptr);
				problems++;
			} else {
				p->lines[k][p->n[k]] = item->line;
				p->pats[k][p->n[k]++] = buf_detach(&text, NULL);
			}
			buf_release(&text);
			buf_release(&why);
		}
	}

cleanup:
	arena_release(&a);
	return problems;
}

int config_repo_file_parse(struct config_paths *p, const char *text, size_t len,
			   const struct yaml_limits *lim, const char *repo,
			   const char *file, struct diag_list *d)
{
	struct arena a;
	struct val *root;
	struct yaml_error ye;
	int problems = 0;
	arena_init(&a);
	if (yaml_parse_limited(&root, &a, text, len, lim, &ye) < 0) {
		diag_add(d, DIAG_WARNING, DIAG_USER, repo, file, ye.line,
			 "%s is not valid YAML: %s; its paths are not read",
			 file, ye.msg);
		problems++;
		goto cleanup;
	}
	if (root->type == VAL_NULL)
		goto cleanup;
	if (root->type != VAL_MAP) {
		diag_add(d, DIAG_WARNING, DIAG_USER, repo, file, root->line,
			 "%s must be a mapping with \"paths\"", file);
		problems++;
		goto cleanup;
	}
	for (size_t i = 0; i < root->u.map.len; i++) {
		const struct val_pair *kv = &root->u.map.pairs[i];
		if (strcmp(kv->key, "paths") == 0) {
			problems += config_paths_parse(p, kv->val, d, DIAG_WARNING,
						       DIAG_USER, repo, file);
		} else {
			diag_add(d, DIAG_WARNING, DIAG_USER, repo, file, kv->val->line,
				 "unknown key \"%s\" in %s: only \"paths\" is read there (the rest belongs in the portal's cairn.yaml)",
				 kv->key, file);
			problems++;
		}
	}

cleanup:
	arena_release(&a);
	return problems;
}

long config_rules_since(const struct config *c, const struct config_repo *r)
{
	return r && r->has_rules_since ? r->rules_since : c->rules_since;
}

/* ------------------------------------------------------------ helpers */

struct loader {
	struct config *c;
	struct diag_list *d;
	const char *file;
	int errors;
	size_t repos_cap;
	size_t globs_cap;
	struct map listed; /* unnamed entries: folder or URL, branch -> line */
};

static void err_at(struct loader *l, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err_at(struct loader *l, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l->d, DIAG_ERROR, DIAG_OPERATOR, NULL, l->file, line, fmt, ap);
	va_end(ap);
	l->errors++;
}

/* A scalar as text; an error (and NULL) for lists and maps. */
static char *want_string(struct loader *l, const char *key, const struct val *v)
{
	struct buf b = BUF_INIT;
	if (v->type == VAL_NULL || val_scalar_text(&b, v) < 0) {
		err_at(l, v->line, "\"%s\" must be a string, not a %s", key,
		       val_type_name(v->type));
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static void set_string(struct loader *l, char **slot, const char *key,
		       const struct val *v, int as_path)
{
	char *s = want_string(l, key, v);
	if (!s)
		return;
	if (!*s) {
		if (as_path) {
			err_at(l, v->line, "\"%s\" is empty", key);
			free(s);
			return;
		}
	}
	free(*slot);
	*slot = as_path ? join_path(l->c->dir, s) : s;
	if (as_path)
		free(s);
}

/* The name of a repository from its path or URL: the last segment without
 * ".git". */
static char *name_from_location(const char *loc)
{
	size_t n = strlen(loc);
	while (n > 0 && loc[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && loc[start - 1] != '/' && loc[start - 1] != ':')
		start--;
	size_t len = n - start;
	if (len > 4 && memcmp(loc + n - 4, ".git", 4) == 0)
		len -= 4;
	if (len == 0)
		return xstrdup("repo");
	return xstrndup(loc + start, len);
}

static struct config_repo *add_repo(struct loader *l)
{
	XGROW(l->c->repos, l->repos_cap, l->c->nrepos + 1);
	struct config_repo *r = &l->c->repos[l->c->nrepos++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* A folder's name for comparing: its real path, or (when it is not there
 * yet) its path_folder_key, or as written. */
static char *folder_id(const char *p)
{
	char *real = realpath(p, NULL);
	if (real)
		return real;
	struct buf key = BUF_INIT;
	if (path_folder_key(&key, p) < 0) {
		buf_clear(&key);
		buf_puts(&key, p);
	}
	return buf_detach(&key, NULL);
}

/* The line of the entry before r (not of a glob:) that names the same
 * repository and branch as r, neither of them giving a name:, or 0 (a
 * repository listed twice on purpose, as two services of a monorepo or of
 * two branches, says so with a name).  Each entry is looked at once. */
static int listed_before(struct loader *l, const struct config_repo *r)
{
	if (r->named)
		return 0;
	struct buf key = BUF_INIT;
	char *id = r->path ? folder_id(r->path) : xstrdup(r->url);
	buf_printf(&key, "%s%c%s", id, '\0', r->branch ? r->branch : "");
	int added;
	struct map_entry *e = map_put(&l->listed, key.ptr, key.len, &added);
	int line = added ? 0 : (int)e->num;
	if (added)
		e->num = (size_t)r->line;
	free(id);
	buf_release(&key);
	return line;
}

/* Drops the folders a glob: matched that a path: entry also lists (with
 * the same branch): that entry is the repository's, with its own paths:
 * and name. */
static void drop_glob_twins(struct config *c)
{
	struct arena a = ARENA_INIT;
	struct map explicit;
	struct buf key = BUF_INIT;
	size_t kept = 0;
	map_init(&explicit, &a);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->nrepos; i++) {
			struct config_repo *r = &c->repos[i];
			if (!r->path || (pass == 0 && r->glob)) {
				if (pass == 1)
					c->repos[kept++] = *r;
				continue;
			}
			char *id = folder_id(r->path);
			buf_clear(&key);
			buf_printf(&key, "%s%c%s", id, '\0',
				   r->branch ? r->branch : "");
			free(id);
			int added;
			if (pass == 0) {
				map_put(&explicit, key.ptr, key.len, &added);
			} else if (r->glob && map_get(&explicit, key.ptr, key.len)) {
				free(r->name);
				free(r->path);
				free(r->branch);
				free(r->deploy_pattern);
				config_paths_release(&r->paths);
			} else {
				c->repos[kept++] = *r;
			}
		}
	}
	c->nrepos = kept;
	buf_release(&key);
	map_release(&explicit);
	arena_release(&a);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether folder p is a site cairn wrote: it holds output.h's marker
 * (".cairn-site"). */
static int is_cairn_site(const char *p)
{
	struct buf m = BUF_INIT;
	struct stat st;
	buf_printf(&m, "%s/.cairn-site", p);
	int is = lstat(m.ptr, &st) == 0;
	buf_release(&m);
	return is;
}

static void load_glob(struct loader *l, const char *pattern, const char *branch, int line)
{
	char *full = join_path(l->c->dir, pattern);
	glob_t g;
	memset(&g, 0, sizeof(g));
	int rc = glob(full, GLOB_MARK, NULL, &g);
	size_t found = 0;
	if (rc == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			char *p = g.gl_pathv[i];
			size_t n = strlen(p);
			if (n == 0 || p[n - 1] != '/')
				continue; /* only folders */
			p[n - 1] = '\0';
			if (is_cairn_site(p))
				continue; /* cairn's own output (or its twin) */
			struct config_repo *r = add_repo(l);
			r->path = xstrdup(p);
			r->name = name_from_location(p);
			r->branch = branch ? xstrdup(branch) : NULL;
			r->line = line;
			r->glob = 1;
			found++;
		}
	}
	if (!found) {
		/* an error, but the rest of the configuration is usable: the
		 * repositories it matched before keep their last good pages
		 * (crawl.c), and the build goes on without it */
		diag_add(l->d, DIAG_ERROR, DIAG_OPERATOR, NULL, l->file, line,
			 "glob \"%s\" matches no repository", pattern);
		XGROW(l->c->empty_globs, l->globs_cap, l->c->nempty_globs + 1);
		struct config_glob *eg = &l->c->empty_globs[l->c->nempty_globs++];
		eg->pattern = xstrdup(full);
		eg->branch = branch ? xstrdup(branch) : NULL;
		eg->line = line;
	}
	globfree(&g);
	free(full);
}

static void check_pattern(struct loader *l, const char *p, int line)
{
	struct buf err = BUF_INIT;
	if (deploy_pattern_check(p, &err) < 0)
		err_at(l, line, "deploy pattern \"%s\": %s", p, err.ptr);
	buf_release(&err);
}

/* A YYYY-MM-DD date as days since 1970 into *days; 0, or -1 after an
 * error naming key. */
static int set_date(struct loader *l, long *days, const char *key, const struct val *v)
{
	char *s = want_string(l, key, v);
	long d = s ? date_iso_days(s, strlen(s)) : -1;
	if (s && d < 0)
		err_at(l, v->line, "\"%s\" must be a date written YYYY-MM-DD, not \"%s\"",
		       key, s);
	free(s);
	if (d < 0)
		return -1;
	*days = d;
	return 0;
}

/* postmortems: in a repos entry (rules_since only).  Returns whether
 * rules_since was set. */
static int load_repo_postmortems(struct loader *l, const struct val *v, long *rules_since)
{
	int set = 0;
	if (v->type != VAL_MAP) {
		err_at(l, v->line,
		       "\"postmortems\" in a repos entry must be a mapping (rules_since)");
		return 0;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "rules_since") == 0) {
			if (kv->val->type == VAL_NULL) {
				*rules_since = -1; /* null: every post-mortem is ruled */
				set = 1;
			} else {
				set = set_date(l, rules_since, kv->key, kv->val) == 0 ||
				      set;
			}
		} else {
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in a repos entry's postmortems (known: rules_since; the other house rules are set for the whole portal)",
			       kv->key);
		}
	}
	return set;
}

static void load_repo(struct loader *l, const struct val *item)
{
	if (item->type != VAL_MAP) {
		err_at(l, item->line,
		       "each entry of \"repos\" must be a mapping with path:, url: or glob:");
		return;
	}
	char *path = NULL, *url = NULL, *glob_pat = NULL, *branch = NULL,
	     *name = NULL, *pattern = NULL;
	struct config_paths paths = { 0 };
	int has_rules_since = 0;
	long rules_since = -1;
	for (size_t i = 0; i < item->u.map.len; i++) {
		const struct val_pair *kv = &item->u.map.pairs[i];
		char **slot = NULL;
		if (strcmp(kv->key, "paths") == 0) {
			l->errors += config_paths_parse(&paths, kv->val, l->d,
							DIAG_ERROR, DIAG_OPERATOR,
							NULL, l->file);
			continue;
		}
		if (strcmp(kv->key, "postmortems") == 0) {
			has_rules_since =
				load_repo_postmortems(l, kv->val, &rules_since);
			continue;
		}
		if (strcmp(kv->key, "path") == 0)
			slot = &path;
		else if (strcmp(kv->key, "url") == 0)
			slot = &url;
		else if (strcmp(kv->key, "glob") == 0)
			slot = &glob_pat;
		else if (strcmp(kv->key, "branch") == 0)
			slot = &branch;
		else if (strcmp(kv->key, "name") == 0)
			slot = &name;
		else if (strcmp(kv->key, "deploy_pattern") == 0)
			slot = &pattern;
		if (!slot) {
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in a repos entry (known: path, url, glob, branch, name, deploy_pattern, paths, postmortems)",
			       kv->key);
			continue;
		}
		free(*slot);
		*slot = want_string(l, kv->key, kv->val);
	}
	int kinds = (path != NULL) + (url != NULL) + (glob_pat != NULL);
	size_t before = l->c->nrepos;
	if (pattern)
		check_pattern(l, pattern, item->line);
	if (kinds != 1) {
		err_at(l, item->line,
		       kinds ? "a repos entry must have only one of path:, url: and glob:"
			     : "a repos entry needs path:, url: or glob:");
	} else if (glob_pat) {
		if (name)
			err_at(l, item->line, "\"name\" cannot be used with glob:");
		else
			load_glob(l, glob_pat, branch, item->line);
	} else {
		struct config_repo *r = add_repo(l);
		r->line = item->line;
		r->branch = branch ? xstrdup(branch) : NULL;
		if (path) {
			r->path = join_path(l->c->dir, path);
		} else if (!strstr(url, "://") &&
			   (!strchr(url, ':') || strcspn(url, "/") < strcspn(url, ":"))) {
			/* a folder to clone (no scheme, not host:path), like
			 * every relative path here: from cairn.yaml's folder */
			r->url = join_path(l->c->dir, url);
		} else {
			r->url = xstrdup(url);
		}
		r->name = name ? xstrdup(name) : name_from_location(path ? path : url);
		r->named = name != NULL;
		int same = listed_before(l, r);
		if (same)
			err_at(l, item->line,
			       "repository \"%s\" is already listed at line %d: list it once",
			       path ? path : url, same);
	}
	for (size_t i = before; i < l->c->nrepos; i++) {
		struct config_repo *r = &l->c->repos[i];
		if (pattern)
			r->deploy_pattern = xstrdup(pattern);
		config_paths_copy(&r->paths, &paths);
		r->has_rules_since = has_rules_since;
		r->rules_since = rules_since;
	}
	config_paths_release(&paths);
	free(path);
	free(url);
	free(glob_pat);
	free(branch);
	free(name);
	free(pattern);
}

/* A whole number in [lo, hi], or an error naming the key. */
static void set_int(struct loader *l, int *slot, const char *key,
		    const struct val *v, int lo, int hi)
{
	if (v->type != VAL_NUM || v->u.num < lo || v->u.num > hi ||
	    v->u.num != (double)(long)v->u.num) {
		err_at(l, v->line, "\"%s\" must be a whole number from %d to %d",
		       key, lo, hi);
		return;
	}
	*slot = (int)v->u.num;
}

static void load_postmortems(struct loader *l, const struct val *v)
{
	if (v->type != VAL_MAP) {
		err_at(l, v->line,
		       "\"postmortems\" must be a mapping (max_action_items, sprint_days, escalation_sprints, rules_since)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "max_action_items") == 0)
			set_int(l, &l->c->max_action_items, kv->key, kv->val, 0, 1000);
		else if (strcmp(kv->key, "sprint_days") == 0)
			set_int(l, &l->c->sprint_days, kv->key, kv->val, 1, 365);
		else if (strcmp(kv->key, "escalation_sprints") == 0)
			set_int(l, &l->c->escalation_sprints, kv->key, kv->val, 1, 100);
		else if (strcmp(kv->key, "rules_since") == 0)
			set_date(l, &l->c->rules_since, kv->key, kv->val);
		else
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in postmortems (known: max_action_items, sprint_days, escalation_sprints, rules_since)",
			       kv->key);
	}
}

static void load_deploys(struct loader *l, const struct val *v)
{
	if (v->type != VAL_MAP) {
		err_at(l, v->line,
		       "\"deploys\" must be a mapping (pattern, feed, production)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "pattern") == 0) {
			set_string(l, &l->c->deploy_pattern, kv->key, kv->val, 0);
			check_pattern(l, l->c->deploy_pattern, kv->val->line);
		} else if (strcmp(kv->key, "feed") == 0)
			set_string(l, &l->c->deploy_feed, kv->key, kv->val, 1);
		else if (strcmp(kv->key, "production") == 0)
			set_string(l, &l->c->production, kv->key, kv->val, 0);
		else
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in deploys (known: pattern, feed, production)",
			       kv->key);
	}
}

static void load_slos(struct loader *l, const struct val *v)
{
	if (v->type != VAL_MAP) {
		err_at(l, v->line, "\"slos\" must be a mapping (feed)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "feed") == 0)
			set_string(l, &l->c->slo_feed, kv->key, kv->val, 1);
		else
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in slos (known: feed)", kv->key);
	}
}

static void load_tech_debt(struct loader *l, const struct val *v)
{
	if (v->type != VAL_MAP) {
		err_at(l, v->line,
		       "\"tech_debt\" must be a mapping (sprint_days, reckless_sprints)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "sprint_days") == 0)
			set_int(l, &l->c->debt_sprint_days, kv->key, kv->val, 1, 365);
		else if (strcmp(kv->key, "reckless_sprints") == 0)
			set_int(l, &l->c->debt_reckless_sprints, kv->key,
				kv->val, 1, 100);
		else
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in tech_debt (known: sprint_days, reckless_sprints)",
			       kv->key);
	}
}

uint64_t config_limits_fingerprint(const struct config_limits *lim)
{
	uint64_t v[] = { lim->file_size,  lim->api_file_size, lim->line_length,
			 lim->repo_files, lim->yaml.depth,    lim->yaml.nodes };
	return hash_of(v, sizeof(v), sizeof(v));
}

/* A size in bytes: a whole number, or one followed by KB, MB or GB
 * (powers of 1024; KiB, MiB, GiB too); what, when not NULL, is what a
 * count counts ("files"), said in the error. */
static void set_size_of(struct loader *l, size_t *slot, const char *key,
			const struct val *v, size_t lo, size_t hi, const char *what)
{
	double n = -1;
	if (v->type == VAL_NUM) {
		n = v->u.num;
	} else if (v->type == VAL_STR) {
		char *end;
		n = strtod(v->u.str.ptr, &end);
		while (*end == ' ')
			end++;
		static const char *const units[] = { "",   "B",	  "KB", "KiB",
						     "MB", "MiB", "GB", "GiB" };
		static const double scale[] = {
			1,	 1,	  1024,		1024,
			1048576, 1048576, 1073741824.0, 1073741824.0
		};
		size_t u = 0;
		while (u < sizeof(units) / sizeof(*units) &&
		       strcasecmp(end, units[u]) != 0)
			u++;
		if (end == v->u.str.ptr || u == sizeof(units) / sizeof(*units))
			n = -1;
		else
			n *= scale[u];
	}
	if (n < (double)lo || n > (double)hi || n != (double)(size_t)n) {
		if (what)
			err_at(l, v->line,
			       "\"%s\" must be a number of %s from %zu to %zu",
			       key, what, lo, hi);
		else
			err_at(l, v->line,
			       "\"%s\" must be a size from %zu to %zu bytes (a number, or with KB, MB or GB)",
			       key, lo, hi);
		return;
	}
	*slot = (size_t)n;
}

static void set_size(struct loader *l, size_t *slot, const char *key,
		     const struct val *v, size_t lo, size_t hi)
{
	set_size_of(l, slot, key, v, lo, hi, NULL);
}

static void load_limits(struct loader *l, const struct val *v)
{
	static const char known[] =
		"file_size, api_file_size, line_length, repo_files, yaml_depth, yaml_nodes";
	struct config_limits *lim = &l->c->limits;
	if (v->type != VAL_MAP) {
		err_at(l, v->line, "\"limits\" must be a mapping (%s)", known);
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		const char *k = kv->key;
		if (strcmp(k, "file_size") == 0)
			set_size(l, &lim->file_size, k, kv->val, 1024, (size_t)1 << 31);
		else if (strcmp(k, "api_file_size") == 0)
			set_size(l, &lim->api_file_size, k, kv->val, 1024,
				 (size_t)1 << 31);
		else if (strcmp(k, "line_length") == 0)
			set_size(l, &lim->line_length, k, kv->val, 80, (size_t)1 << 31);
		else if (strcmp(k, "repo_files") == 0)
			set_size_of(l, &lim->repo_files, k, kv->val, 1,
				    100000000, "files");
		else if (strcmp(k, "yaml_depth") == 0)
			set_size_of(l, &lim->yaml.depth, k, kv->val, 8, 10000, "levels");
		else if (strcmp(k, "yaml_nodes") == 0)
			set_size_of(l, &lim->yaml.nodes, k, kv->val, 1000,
				    1000000000, "nodes");
		else
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in limits (known: %s)", k, known);
	}
}

/* A number of seconds from lo to hi (fractions allowed). */
static void set_seconds(struct loader *l, double *slot, const char *key,
			const struct val *v, double lo, double hi)
{
	if (v->type != VAL_NUM || !(v->u.num >= lo && v->u.num <= hi)) {
		err_at(l, v->line, "\"%s\" must be a number of seconds from %g to %g",
		       key, lo, hi);
		return;
	}
	*slot = v->u.num;
}

static void load_fetch(struct loader *l, const struct val *v)
{
	struct config_fetch *f = &l->c->fetch;
	if (v->type != VAL_MAP) {
		err_at(l, v->line,
		       "\"fetch\" must be a mapping (timeout, retries, backoff)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		const struct val *x = kv->val;
		if (strcmp(kv->key, "timeout") == 0)
			set_seconds(l, &f->timeout, kv->key, x, 0.1, 86400);
		else if (strcmp(kv->key, "backoff") == 0)
			set_seconds(l, &f->backoff, kv->key, x, 0, 3600);
		else if (strcmp(kv->key, "retries") == 0) {
			if (x->type != VAL_NUM || x->u.num < 0 ||
			    x->u.num > 10 || x->u.num != (double)(int)x->u.num)
				err_at(l, x->line,
				       "\"retries\" must be a whole number from 0 to 10");
			else
				f->retries = (int)x->u.num;
		} else
			err_at(l, x->line,
			       "unknown key \"%s\" in fetch (known: timeout, retries, backoff)",
			       kv->key);
	}
}

static void load_markdown(struct loader *l, const struct val *v)
{
	if (v->type != VAL_MAP) {
		err_at(l, v->line, "\"markdown\" must be a mapping (raw_html)");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *kv = &v->u.map.pairs[i];
		if (strcmp(kv->key, "raw_html") == 0) {
			if (kv->val->type != VAL_BOOL)
				err_at(l, kv->val->line,
				       "\"raw_html\" must be true or false, not a %s",
				       val_type_name(kv->val->type));
			else
				l->c->raw_html = kv->val->u.b;
		} else {
			err_at(l, kv->val->line,
			       "unknown key \"%s\" in markdown (known: raw_html)",
			       kv->key);
		}
	}
}

static void load_environments(struct loader *l, const struct val *v)
{
	if (v->type != VAL_LIST) {
		err_at(l, v->line, "\"environments\" must be a list of names");
		return;
	}
	l->c->environments = xcalloc(v->u.list.len, sizeof(char *));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *item = v->u.list.items[i];
		char *s = want_string(l, "environments", item);
		if (!s)
			continue;
		/* a name a deploy tag holds as one part of its path
		 * (deploy/{service}/{env}/...) and a page shows */
		size_t n = strlen(s), ok = n && n <= 64 && s[0] != '.' && s[0] != '-';
		for (size_t k = 0; ok && k < n; k++)
			ok = ascii_is_alnum((unsigned char)s[k]) ||
			     strchr("._-", s[k]);
		for (size_t k = 0; ok && k < l->c->nenvironments; k++)
			ok = strcmp(l->c->environments[k], s) != 0;
		if (!ok) {
			err_at(l, item->line,
			       "environment \"%s\" is not a name, or is listed twice: use letters, digits, '.', '_' and '-' (staging, prod-eu)",
			       s);
			free(s);
			continue;
		}
		l->c->environments[l->c->nenvironments++] = s;
	}
}

/* ------------------------------------------------------------ loading */

/* Sets the defaults of a configuration read from file (its folder). */
static void defaults_for(struct config *c, const char *file)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash == dir ? (void)(dir[1] = '\0') : (void)(*slash = '\0');
	else
		strcpy(dir, ".");
	config_defaults(c, dir);
	free(dir);
	c->file = xstrdup(file);
}

/* The configuration's mapping, or NULL after an error: YAML of one
 * document, a mapping. */
static const struct val *config_root(struct loader *l, struct arena *a,
				     const char *text, size_t len)
{
	struct yaml_error ye;
	/* a key given twice is an error here: which one a build used would
	 * be a guess (two repos: lists after a merge, one lost) */
	struct yaml_limits lim = YAML_LIMITS_INIT;
	lim.unique_keys = 1;
	struct val *docs, *root;
	if (yaml_parse_all_limited(&docs, a, text, len, &lim, &ye) < 0) {
		err_at(l, ye.line, "not valid YAML: %s", ye.msg);
		return NULL;
	}
	if (docs->u.list.len > 1) {
		/* which one was meant is a guess: a "---" pasted in, or two
		 * files joined */
		err_at(l, docs->u.list.items[1]->line,
		       "the configuration holds %zu YAML documents (\"---\" starts one): "
		       "keep one",
		       docs->u.list.len);
		return NULL;
	}
	root = docs->u.list.len ? docs->u.list.items[0] : NULL;
	if (!root || root->type == VAL_NULL) {
		err_at(l, 0, "the configuration is empty: it needs at least \"repos\"");
		return NULL;
	}
	if (root->type != VAL_MAP) {
		err_at(l, root->line, "the configuration must be a mapping of keys");
		return NULL;
	}
	return root;
}

/* Reads the keys of the text into l->c (errors counted in l->errors). */
static void parse_text(struct loader *l, struct arena *a, const char *text, size_t len)
{
	struct config *c = l->c;
	struct diag_list *d = l->d;
	const char *file = l->file;
	const struct val *root = config_root(l, a, text, len);
	if (!root)
		return;
	struct buf said = BUF_INIT;
	for (size_t i = 0; i < root->u.map.len; i++) {
		const struct val_pair *kv = &root->u.map.pairs[i];
		if (strcmp(kv->key, "output") != 0 && strcmp(kv->key, "cache") != 0) {
			cache_put_cstr(&said, kv->key);
			cache_put_val(&said, kv->val);
		}
	}
	c->values_fp = hash_of(said.ptr, said.len, 0);
	buf_release(&said);
	for (size_t i = 0; i < root->u.map.len; i++) {
		const struct val_pair *kv = &root->u.map.pairs[i];
		const char *k = kv->key;
		const struct val *v = kv->val;
		if (strcmp(k, "title") == 0)
			set_string(l, &c->title, k, v, 0);
		else if (strcmp(k, "base_url") == 0) {
			if (v->type == VAL_NULL) {
				free(c->base_url);
				c->base_url = xstrdup("");
				continue;
			}
			set_string(l, &c->base_url, k, v, 0);
			size_t bl = strlen(c->base_url);
			if (bl && c->base_url[bl - 1] != '/') {
				char *s = xmalloc(bl + 2);
				memcpy(s, c->base_url, bl);
				strcpy(s + bl, "/");
				free(c->base_url);
				c->base_url = s;
			}
			if (bl && strncmp(c->base_url, "http://", 7) != 0 &&
			    strncmp(c->base_url, "https://", 8) != 0 &&
			    c->base_url[0] != '/')
				err_at(l, v->line,
				       "\"base_url\" must start with http://, https:// or /");
		} else if (strcmp(k, "output") == 0)
			set_string(l, &c->output, k, v, 1);
		else if (strcmp(k, "theme") == 0) {
			char *s = want_string(l, k, v);
			if (s && strcmp(s, "default") != 0 && *s) {
				char *named = NULL;
				if (!strchr(s, '/')) {
					struct buf p = BUF_INIT;
					buf_printf(&p, "themes/%s", s);
					named = join_path(c->dir, p.ptr);
					buf_release(&p);
				}
				char *as_path = join_path(c->dir, s);
				free(c->theme);
				if (named && is_dir(named)) {
					c->theme = named;
					named = NULL;
				} else if (is_dir(as_path)) {
					c->theme = as_path;
					as_path = NULL;
				} else {
					c->theme = xstrdup("default");
					err_at(l, v->line,
					       "theme \"%s\" not found (looked for themes/%s/ and %s/ beside the configuration)",
					       s, s, s);
				}
				free(named);
				free(as_path);
			}
			free(s);
		} else if (strcmp(k, "pagerduty_url") == 0) {
			set_string(l, &c->pagerduty_url, k, v, 0);
			size_t pl = strlen(c->pagerduty_url);
			if (pl && strncmp(c->pagerduty_url, "https://", 8) != 0 &&
			    strncmp(c->pagerduty_url, "http://", 7) != 0)
				err_at(l, v->line,
				       "\"pagerduty_url\" must start with https://");
			else if (pl && c->pagerduty_url[pl - 1] != '/') {
				char *s = xmalloc(pl + 2);
				memcpy(s, c->pagerduty_url, pl);
				strcpy(s + pl, "/");
				free(c->pagerduty_url);
				c->pagerduty_url = s;
			}
		} else if (strcmp(k, "stale_days") == 0) {
			if (v->type != VAL_NUM || v->u.num < 1 ||
			    v->u.num > 100000 || v->u.num != (double)(int)v->u.num)
				err_at(l, v->line,
				       "\"stale_days\" must be a whole number of days");
			else
				c->stale_days = (int)v->u.num;
		} else if (strcmp(k, "deploys") == 0) {
			load_deploys(l, v);
		} else if (strcmp(k, "postmortems") == 0) {
			load_postmortems(l, v);
		} else if (strcmp(k, "slos") == 0) {
			load_slos(l, v);
		} else if (strcmp(k, "tech_debt") == 0) {
			load_tech_debt(l, v);
		} else if (strcmp(k, "paths") == 0) {
			l->errors += config_paths_parse(&c->paths, v, d, DIAG_ERROR,
							DIAG_OPERATOR, NULL, file);
		} else if (strcmp(k, "limits") == 0) {
			load_limits(l, v);
		} else if (strcmp(k, "markdown") == 0) {
			load_markdown(l, v);
		} else if (strcmp(k, "fetch") == 0) {
			load_fetch(l, v);
		} else if (strcmp(k, "content") == 0)
			set_string(l, &c->content, k, v, 1);
		else if (strcmp(k, "cache") == 0)
			set_string(l, &c->cache, k, v, 1);
		else if (strcmp(k, "environments") == 0)
			load_environments(l, v);
		else if (strcmp(k, "repos") == 0) {
			if (v->type != VAL_LIST) {
				err_at(l, v->line, "\"repos\" must be a list");
				continue;
			}
			for (size_t j = 0; j < v->u.list.len; j++)
				load_repo(l, v->u.list.items[j]);
			drop_glob_twins(l->c);
		} else
			err_at(l, v->line,
			       "unknown key \"%s\" (known: title, base_url, output, theme, content, cache, environments, repos, paths, pagerduty_url, stale_days, postmortems, deploys, markdown, limits, fetch, slos, tech_debt)",
			       k);
	}
	if (!val_get(root, "repos"))
		diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, file, 0,
			 "no \"repos\" listed: the portal will have no services");
}

int config_parse(struct config *c, const char *file, const char *text,
		 size_t len, struct diag_list *d)
{
	struct loader l = { .c = c, .d = d, .file = file };
	struct arena a;
	arena_init(&a);
	map_init(&l.listed, &a);
	defaults_for(c, file);
	if (len > CONFIG_MAX_SIZE) {
		err_at(&l, 0, "the configuration is larger than %d bytes",
		       CONFIG_MAX_SIZE);
	} else {
		parse_text(&l, &a, text, len);
	}
	map_release(&l.listed);
	arena_release(&a);
	return l.errors ? -1 : 0;
}

int config_load(struct config *c, const char *file, struct diag_list *d)
{
	struct buf text = BUF_INIT;
	FILE *f = NULL;
	int rc = -1;

	f = fopen(file, "rb");
	if (!f) {
		defaults_for(c, file);
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, file, 0,
			 "cannot read the configuration: %s", strerror(errno));
		goto cleanup;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(&text, chunk, n);
		if (text.len > CONFIG_MAX_SIZE)
			break;
	}
	rc = config_parse(c, file, text.ptr, text.len, d);

cleanup:
	if (f)
		fclose(f);
	buf_release(&text);
	return rc;
}
