#include "layout.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "alerts.h"
#include "codeowners.h"
#include "hash.h"
#include "yaml.h"

/* ------------------------------------------------------ paths */

int layout_is_markdown(const char *path)
{
	size_t n = strlen(path);
	return (n > 3 && strcasecmp(path + n - 3, ".md") == 0) ||
	       (n > 9 && strcasecmp(path + n - 9, ".markdown") == 0);
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The defaults of paths: (PRODUCT.md's table), one list per kind. */
static const char *const default_paths[CONFIG_PATH_KINDS][12] = {
	[CONFIG_PATH_CATALOG] = { "**/catalog-info.yaml" },
	[CONFIG_PATH_OWNERS] = { ".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
				 ".gitlab/CODEOWNERS", "**/OWNERS" },
	[CONFIG_PATH_README] = { "[Rr][Ee][Aa][Dd][Mm][Ee].{md,markdown}" },
	[CONFIG_PATH_RUNBOOKS] = { "docs/runbooks/**/*.{md,markdown}",
				   "runbooks/**/*.{md,markdown}",
				   /* RUNBOOK.md, runbook.md (kubernetes-mixin's) */
				   "[Rr][Uu][Nn][Bb][Oo][Oo][Kk].{md,markdown}" },
	[CONFIG_PATH_APIS] = { "openapi.{yaml,yml,json}", "swagger.{yaml,yml,json}",
			       "api/**/*.{yaml,yml,json}" },
	[CONFIG_PATH_RFCS] = { "docs/rfcs/**/*.{md,markdown}", "rfcs/**/*.{md,markdown}",
			       "text/*.{md,markdown}", "docs/adr/**/*.{md,markdown}",
			       "docs/decisions/**/*.{md,markdown}",
			       /* adr-tools' own defaults (`adr init`, and the
				* folder its README suggests) */
			       "doc/adr/**/*.{md,markdown}",
			       "doc/architecture/decisions/**/*.{md,markdown}",
			       "docs/architecture/decisions/**/*.{md,markdown}",
			       /* proposals, by status (thanos' docs/proposals-accepted/),
				* and numbered ADRs wherever docs keeps them */
			       "docs/proposals/**/*.{md,markdown}",
			       "docs/proposals-*/**/*.{md,markdown}",
			       "docs/**/[Aa][Dd][Rr]-[0-9]*.{md,markdown}" },
	[CONFIG_PATH_POSTMORTEMS] = { "docs/postmortems/**/*.{md,markdown}",
				      "postmortems/**/*.{md,markdown}" },
	[CONFIG_PATH_DOCS] = { "docs/**/*.{md,markdown}" },
	[CONFIG_PATH_EXCLUDE] = { NULL },
	[CONFIG_PATH_CONTRACTS] = { "pacts/**/*.json", "**/pacts/*.json" },
	[CONFIG_PATH_SLOS] = { "slos/**/*.{yaml,yml}", "**/*.openslo.{yaml,yml}" },
	[CONFIG_PATH_TECHDEBT] = { "docs/tech-debt/**/*.{md,markdown}",
				   "TECH_DEBT.md", "docs/tech-debt.md" },
	[CONFIG_PATH_ONCALL] = { "oncall.{yaml,yml}", ".cairn/oncall.{yaml,yml}",
				 "docs/oncall.{yaml,yml}",
				 "oncall/*.{yaml,yml}", "**/oncall.{yaml,yml}" },
};

const char *const *layout_default_paths(int kind)
{
	/* the alerts kind's defaults are alerts.h's */
	return kind == CONFIG_PATH_ALERTS ? alerts_default_globs : default_paths[kind];
}

static void add_pattern(struct layout_paths *p, struct arena *a, int kind,
			const char *text, const char *file, int line)
{
	struct codeowners_path_glob *g;
	struct buf err = BUF_INIT;
	/* patterns were checked when read: one that fails here is left out */
	if (codeowners_path_glob(&g, a, text, &err) == 0) {
		struct layout_pattern *n =
			arena_alloc(a, (p->n[kind] + 1) * sizeof(*n));
		if (p->n[kind])
			memcpy(n, p->pats[kind], p->n[kind] * sizeof(*n));
		n[p->n[kind]++] = (struct layout_pattern){
			arena_strdup(a, text), g, file ? arena_strdup(a, file) : NULL, line
		};
		p->pats[kind] = n;
	}
	buf_release(&err);
}

/* The defaults, compiled once (read-only afterwards): shared by every
 * repository's paths where no layer sets a kind. */
static struct layout_paths default_compiled;
static struct arena default_arena;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void defaults_init(void)
{
	arena_init(&default_arena);
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		const char *const *defaults = layout_default_paths(k);
		for (size_t i = 0; defaults[i]; i++)
			add_pattern(&default_compiled, &default_arena, k,
				    defaults[i], NULL, 0);
	}
}

void layout_paths_init(struct layout_paths *p, struct arena *a,
		       const struct config_paths *const *layers,
		       const char *const *files, size_t nlayers)
{
	memset(p, 0, sizeof(*p));
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		size_t top = nlayers;
		while (top > 0 && !(layers[top - 1] && layers[top - 1]->set[k]))
			top--;
		if (!top) {
			pthread_once(&default_once, defaults_init);
			p->pats[k] = default_compiled.pats[k];
			p->n[k] = default_compiled.n[k];
			continue;
		}
		const struct config_paths *l = layers[top - 1];
		p->user[k] = 1;
		for (size_t i = 0; i < l->n[k]; i++)
			add_pattern(p, a, k, l->pats[k][i], files[top - 1],
				    l->lines[k][i]);
	}
}

static const struct layout_paths *defaults_of(const struct layout_paths *p)
{
	if (p)
		return p;
	pthread_once(&default_once, defaults_init);
	return &default_compiled;
}

/* The text of the first of kind's patterns that matches path, or NULL. */
static const char *match_of(const struct layout_paths *p, int kind, const char *path)
{
	for (size_t i = 0; i < p->n[kind]; i++)
		if (codeowners_path_match(p->pats[kind][i].glob, path))
			return p->pats[kind][i].text;
	return NULL;
}

static int matches(const struct layout_paths *p, int kind, const char *path)
{
	return match_of(p, kind, path) != NULL;
}

/* Does glob name its files outright (no '*' or '?' in its last segment,
 * as a pattern for KEPs' README.md does), rather than any file of a
 * folder? */
static int names_files(const char *glob)
{
	const char *slash = strrchr(glob, '/');
	return !strpbrk(slash ? slash + 1 : glob, "*?");
}

int layout_is_index_or_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);

	if ((stem == 6 && !strncasecmp(base, "README", 6)) ||
	    (stem == 5 && !strncasecmp(base, "index", 5)) ||
	    (stem == 6 && !strncasecmp(base, "_index", 6)))
		return 1;
	/* "0000-template.md", "0000-rfc-name.md": the template's number */
	if (stem >= 4 && !strncmp(base, "0000", 4) &&
	    (stem == 4 || base[4] == '-' || base[4] == '_'))
		return 1;
	for (size_t i = 0; i + 8 <= stem; i++)
		if (!strncasecmp(base + i, "template", 8))
			return 1;
	return 0;
}

/* Which kind claims path, in the order documented in README.md (a README
 * first; then the small files; post-mortems, RFCs, runbooks, APIs, docs),
 * or -1.  Document kinds take Markdown files only. */
int layout_paths_kind(const struct layout_paths *p, const char *path)
{
	static const int order[] = {
		CONFIG_PATH_CATALOG,  CONFIG_PATH_OWNERS,
		CONFIG_PATH_ONCALL,   CONFIG_PATH_SLOS,
		CONFIG_PATH_TECHDEBT, CONFIG_PATH_POSTMORTEMS,
		CONFIG_PATH_RFCS,     CONFIG_PATH_RUNBOOKS,
		CONFIG_PATH_APIS,     CONFIG_PATH_CONTRACTS,
		CONFIG_PATH_ALERTS,   CONFIG_PATH_DOCS
	};
	p = defaults_of(p);
	if (matches(p, CONFIG_PATH_EXCLUDE, path))
		return -1;
	int md = layout_is_markdown(path);
	if (md && matches(p, CONFIG_PATH_README, path))
		return CONFIG_PATH_README;
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		int k = order[i];
		int doc = k != CONFIG_PATH_CATALOG && k != CONFIG_PATH_OWNERS &&
			  k != CONFIG_PATH_APIS && k != CONFIG_PATH_CONTRACTS &&
			  k != CONFIG_PATH_ALERTS && k != CONFIG_PATH_SLOS &&
			  k != CONFIG_PATH_ONCALL;
		const char *glob = !doc || md ? match_of(p, k, path) : NULL;
		if (glob) {
			/* an index or a template in an RFC or post-mortem folder
			 * is a document, not an RFC or a post-mortem -- unless
			 * the pattern names such files outright (KEPs are
			 * keps/<sig>/<number>-<name>/README.md) */
			if ((k == CONFIG_PATH_RFCS || k == CONFIG_PATH_POSTMORTEMS) &&
			    layout_is_index_or_template(path) && !names_files(glob))
				return CONFIG_PATH_DOCS;
			return k;
		}
	}
	return -1;
}

int layout_owners_rank(const struct layout_paths *p, const char *path)
{
	const char *base = strrchr(path, '/');
	if (strcmp(base ? base + 1 : path, "OWNERS") == 0 ||
	    layout_paths_kind(p, path) != CONFIG_PATH_OWNERS)
		return -1;
	p = defaults_of(p);
	for (size_t i = 0; i < p->n[CONFIG_PATH_OWNERS]; i++)
		if (codeowners_path_match(p->pats[CONFIG_PATH_OWNERS][i].glob, path))
			return (int)i;
	return -1;
}

static int doc_kind_of(int path_kind)
{
	switch (path_kind) {
	case CONFIG_PATH_README: return DOC_README;
	case CONFIG_PATH_RUNBOOKS: return DOC_RUNBOOK;
	case CONFIG_PATH_RFCS: return DOC_RFC;
	case CONFIG_PATH_POSTMORTEMS: return DOC_POSTMORTEM;
	case CONFIG_PATH_DOCS: return DOC_DOC;
	default: return -1;
	}
}

int layout_is_api(const struct layout_paths *p, const char *path)
{
	return layout_paths_kind(p, path) == CONFIG_PATH_APIS;
}

int layout_is_excluded(const struct layout_paths *p, const char *path)
{
	return matches(defaults_of(p), CONFIG_PATH_EXCLUDE, path);
}

int layout_claims(const struct layout_paths *p, const char *path)
{
	return layout_is_excluded(p, path) || layout_paths_kind(p, path) >= 0;
}

int layout_is_aux(const struct layout_paths *p, const char *path)
{
	return layout_kind_is_aux(layout_paths_kind(p, path), path);
}

int layout_kind_is_aux(int k, const char *path)
{
	return k == CONFIG_PATH_CATALOG || k == CONFIG_PATH_OWNERS ||
	       k == CONFIG_PATH_APIS || k == CONFIG_PATH_CONTRACTS ||
	       k == CONFIG_PATH_ALERTS || k == CONFIG_PATH_SLOS ||
	       k == CONFIG_PATH_TECHDEBT ||
	       strcmp(path, LAYOUT_REPO_CONFIG) == 0 || k == CONFIG_PATH_ONCALL;
}

int layout_is_contract(const struct layout_paths *p, const char *path)
{
	return layout_paths_kind(p, path) == CONFIG_PATH_CONTRACTS;
}

int layout_is_alerts(const struct layout_paths *p, const char *path)
{
	return layout_paths_kind(p, path) == CONFIG_PATH_ALERTS;
}

const char *layout_yaml_read_before(const struct val *docs)
{
	return docs && docs->type == VAL_LIST && docs->u.list.len
		       ? "the documents before the error are read"
		       : "nothing of the file is read (a component it declares is missing until it is fixed)";
}

/* The path a layout's folders give path (a home's files as if at the
 * root, a techdocs folder's as if in docs/), into b; 0 when none. */
static int layout_path(struct buf *b, const char *path, const struct layout *l,
		       size_t which)
{
	buf_clear(b);
	if (which < l->ndoc_dirs) {
		const char *t = l->doc_dirs[which];
		if (!*t || strcmp(t, "docs") == 0 || !under(path, t))
			return 0;
		buf_printf(b, "docs/%s", path + strlen(t) + 1);
		return 1;
	}
	const char *h = l->homes[which - l->ndoc_dirs];
	if (!*h || !under(path, h))
		return 0;
	buf_puts(b, path + strlen(h) + 1);
	return 1;
}

int layout_classify(const struct layout *l, const char *path)
{
	return layout_classify_kind(l, path,
				    layout_paths_kind(l ? l->paths : NULL, path));
}

int layout_classify_kind(const struct layout *l, const char *path, int k)
{
	const struct layout_paths *p = l ? l->paths : NULL;
	if (k >= 0 || !l)
		return doc_kind_of(k);
	if (matches(defaults_of(p), CONFIG_PATH_EXCLUDE, path))
		return -1;
	struct buf b = BUF_INIT;
	int kind = -1;
	for (size_t i = 0; kind < 0 && i < l->ndoc_dirs + l->nhomes; i++)
		if (layout_path(&b, path, l, i))
			kind = doc_kind_of(layout_paths_kind(p, b.ptr));
	buf_release(&b);
	return kind;
}

/* Whether kind takes Markdown files only (layout_paths_kind's document
 * kinds). */
static int markdown_only(int kind)
{
	return kind == CONFIG_PATH_README || kind == CONFIG_PATH_RUNBOOKS ||
	       kind == CONFIG_PATH_RFCS || kind == CONFIG_PATH_POSTMORTEMS ||
	       kind == CONFIG_PATH_DOCS || kind == CONFIG_PATH_TECHDEBT;
}

/* Does pt match path, at the root or in one of l's folders? */
static int pattern_hits(const struct layout_pattern *pt, const char *path,
			const struct layout *l, struct buf *b)
{
	if (codeowners_path_match(pt->glob, path))
		return 1;
	for (size_t j = 0; l && j < l->ndoc_dirs + l->nhomes; j++)
		if (layout_path(b, path, l, j) &&
		    codeowners_path_match(pt->glob, b->ptr))
			return 1;
	return 0;
}

/* Reports pattern pt of kind k, which matches hits files of which none is
 * read (hits 0: it matches nothing): a repository's own .cairn.yaml is the
 * repository's to fix, cairn.yaml the operator's. */
static void report_pattern(struct diag_list *d, const char *repo, int k,
			   const struct layout_pattern *pt, size_t hits)
{
	int own = strcmp(pt->file, LAYOUT_REPO_CONFIG) == 0;
	struct buf msg = BUF_INIT;
	buf_printf(&msg, "paths.%s: pattern \"%s\" matches ",
		   config_path_keys[k], pt->text);
	if (hits)
		buf_printf(&msg, "%zu file%s", hits, hits == 1 ? "" : "s");
	else
		buf_puts(&msg, "nothing");
	if (own)
		buf_puts(&msg, " in the repository");
	else
		buf_printf(&msg, " in repository \"%s\"", repo);
	if (hits)
		buf_printf(&msg, ", none of them Markdown (.md, .markdown), the only files the %s kind reads",
			   config_path_keys[k]);
	buf_puts(&msg, "; correct it or remove it");
	diag_add(d, DIAG_WARNING, own ? DIAG_USER : DIAG_OPERATOR,
		 own ? repo : NULL, pt->file, pt->line, "%s", msg.ptr);
	buf_release(&msg);
}

int layout_paths_unmatched(const struct layout_paths *p, const char *const *paths,
			   size_t n, const struct layout *l, const char *repo,
			   struct diag_list *d)
{
	struct buf b = BUF_INIT;
	int found = 0;
	for (int k = 0; k < CONFIG_PATH_KINDS; k++) {
		for (size_t i = 0; i < p->n[k]; i++) {
			const struct layout_pattern *pt = &p->pats[k][i];
			size_t hits = 0;
			int read = 0;
			if (!pt->file)
				continue; /* a default */
			for (size_t e = 0; e < n && !read; e++) {
				if (!pattern_hits(pt, paths[e], l, &b))
					continue;
				hits++;
				read = !markdown_only(k) ||
				       layout_is_markdown(paths[e]);
			}
			if (read)
				continue;
			found++;
			report_pattern(d, repo, k, pt, hits);
		}
	}
	buf_release(&b);
	return found;
}

void layout_paths_for(struct layout_paths *p, struct arena *a,
		      const struct config *c, const struct config_repo *r,
		      const struct config_paths *repo_file)
{
	const struct config_paths *layers[3] = { &c->paths, repo_file,
						 r ? &r->paths : NULL };
	const char *cfg_file = c->file ? c->file : "cairn.yaml";
	/* the top level's patterns are the organisation's defaults: like the
	 * built-in ones, they are not reported where they match nothing */
	const char *files[3] = { NULL, LAYOUT_REPO_CONFIG, cfg_file };
	layout_paths_init(p, a, layers, files, 3);
}

uint64_t layout_paths_key(const struct config *c, const struct config_repo *r)
{
	uint64_t h = config_paths_fingerprint(0, &c->paths);
	if (r)
		h = config_paths_fingerprint(h, &r->paths);
	return hash_mix_u64(h, (uint64_t)(config_rules_since(c, r) + 1));
}

/* ------------------------------------------------------ the layout */

/* The folder a source-location URL points into, inside its repository:
 * ".../tree/<branch>/a/b" or ".../blob/<branch>/a/b" -> "a/b". */
static const char *location_folder(const char *url, struct arena *a)
{
	if (!url)
		return NULL;
	const char *p = strstr(url, "/tree/");
	if (!p)
		p = strstr(url, "/blob/");
	if (!p)
		return NULL;
	p += 6;
	p = strchr(p, '/'); /* past the branch */
	if (!p)
		return NULL;
	p++;
	size_t n = strcspn(p, "?#");
	while (n && p[n - 1] == '/')
		n--;
	if (!n || memmem(p, n, "..", 2))
		return NULL;
	return arena_strndup(a, p, n);
}

size_t layout_component_homes(const struct entity *e, const char **homes,
			      struct arena *a)
{
	size_t n = 0;
	const char *slash = strrchr(e->path, '/');
	if (slash)
		homes[n++] = arena_strndup(a, e->path, (size_t)(slash - e->path));
	const char *t = e->techdocs_dir;
	size_t tl = t ? strlen(t) : 0;
	if (tl > 5 && strcmp(t + tl - 5, "/docs") == 0)
		homes[n++] = arena_strndup(a, t, tl - 5);
	const char *loc = location_folder(e->source_location, a);
	if (loc)
		homes[n++] = loc;
	return n;
}

void layout_set_entities(struct layout *out, struct arena *a,
			 struct entity **list, size_t n)
{
	size_t nh = 0, nd = 0;
	out->entities = list;
	out->nentities = n;
	out->definitions = arena_alloc(a, (n + 1) * sizeof(char *));
	out->ndefinitions = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i]->kind == ENTITY_API && list[i]->definition_file)
			out->definitions[out->ndefinitions++] = list[i]->definition_file;
	out->components = arena_alloc(a, (n + 1) * sizeof(char *));
	out->ncomponents = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i]->kind == ENTITY_COMPONENT)
			out->components[out->ncomponents++] = list[i]->name;
	out->homes = arena_alloc(a, (3 * n + 1) * sizeof(char *));
	out->doc_dirs = arena_alloc(a, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		if (list[i]->kind != ENTITY_COMPONENT)
			continue;
		nh += layout_component_homes(list[i], out->homes + nh, a);
		if (list[i]->techdocs_dir && *list[i]->techdocs_dir)
			out->doc_dirs[nd++] = list[i]->techdocs_dir;
	}
	out->nhomes = nh;
	out->ndoc_dirs = nd;
}

static char *strdup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

void layout_read(struct layout *out, struct arena *a, const char *repo,
		 const struct layout_paths *paths, const struct aux_file *aux,
		 size_t naux, const struct yaml_limits *lim)
{
	struct diag_list found;
	struct entity **list = NULL;
	size_t n = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	out->paths = paths;
	diag_init(&found);
	for (size_t i = 0; i < naux; i++) {
		const struct aux_file *f = &aux[i];
		struct yaml_error ye;
		struct val *docs;
		if (layout_paths_kind(paths, f->path) != CONFIG_PATH_CATALOG)
			continue;
		if (f->catalog)
			docs = (struct val *)f->catalog; /* parsed with no error */
		else if (yaml_parse_all_limited(&docs, a, f->text, f->len, lim, &ye) < 0)
			diag_add(&found, DIAG_ERROR, DIAG_USER, repo, f->path, ye.line,
				 "catalog descriptor is not valid YAML: %s; %s",
				 ye.msg, layout_yaml_read_before(docs));
		catalog_parse(&list, &n, &cap, a, docs, repo, f->path, &found);
	}
	layout_set_entities(out, a, list, n);
	/* kept in the arena, with the rest, until assembly says them */
	out->diags = arena_alloc(a, (found.len + 1) * sizeof(*out->diags));
	for (size_t i = 0; i < found.len; i++) {
		struct diag dg = found.items[i];
		dg.repo = strdup_or_null(a, dg.repo);
		dg.path = strdup_or_null(a, dg.path);
		dg.msg = strdup_or_null(a, dg.msg);
		out->diags[out->ndiags++] = dg;
	}
	diag_release(&found);
}

void layout_report(const struct layout *l, struct diag_list *d)
{
	for (size_t i = 0; i < l->ndiags; i++) {
		const struct diag *dg = &l->diags[i];
		diag_add(d, dg->severity, dg->cls, dg->repo, dg->path, dg->line,
			 "%s", dg->msg);
	}
}
