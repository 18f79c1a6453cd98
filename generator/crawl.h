/* crawl: reading what cairn needs from every configured repository, and the
 * portal's own content/ folder.
 *
 * Each repository is crawled by one thread with its own libgit2 objects: the
 * url: ones are cloned or fetched first, then the tree of the configured
 * branch is listed and the files PRODUCT.md names are read from the object
 * database.  Problems are diagnostics.  A repository that cannot be read
 * (missing, permission denied, not a repository, branch gone, clone failed)
 * is an error naming its line of cairn.yaml; when the crawl cache holds its
 * last successful crawl, that crawl stands in for it (ok = 1, stale = 1:
 * see struct source), else it is left out (ok = 0).  Either way the rest go
 * on.  A glob: that matches nothing brings back, the same way, the
 * repositories it matched in earlier builds. */
#ifndef CAIRN_CRAWL_H
#define CAIRN_CRAWL_H

#include "site.h"

/* How far back the history is read for documents' last changes. */
#define CRAWL_MAX_HISTORY 100000
/* (The sizes of files read are cairn.yaml's limits: struct config_limits.) */

/* Fills s->sources from s->cfg->repos. */
void crawl_sources(struct site *s);

/* Reads the Markdown pages of the content folder (if it exists). */
void crawl_content(struct site *s);

/* Turns raw file bytes into a document body: rejects binary (NUL bytes)
 * and lines longer than lim->line_length, repairs invalid UTF-8, parses
 * front matter (within lim->yaml), finds a leading h1.  lim NULL: the
 * default limits.  Returns NULL (after a diagnostic) when the file is not
 * text or is over a limit. */
struct document *crawl_make_doc(struct arena *a, struct diag_list *d,
				const struct config_limits *lim,
				const char *repo, const char *path,
				const char *data, size_t len, enum doc_kind kind);


/* ------------------------------------------------------ paths
 *
 * Which files of a repository are which kind of content: the lists of
 * paths: (config.h) over the defaults below, compiled.  A path is claimed
 * by one kind, tried in this order: exclude (nothing), readme, catalog,
 * owners, postmortems, rfcs, runbooks, apis, docs.  The document kinds
 * (readme, postmortems, rfcs, runbooks, docs) take Markdown files only
 * (.md, .markdown).  NULL paths everywhere below: the defaults. */

/* A repository's own description of its layout, read from its root. */
#define CRAWL_REPO_CONFIG ".cairn.yaml"

struct codeowners_path_glob;
struct crawl_pattern {
	const char *text;
	const struct codeowners_path_glob *glob;
	const char *file; /* where it was written; NULL: a default */
	int line;
};

struct crawl_paths {
	struct crawl_pattern *pats[CONFIG_PATH_KINDS];
	size_t n[CONFIG_PATH_KINDS];
	int user[CONFIG_PATH_KINDS]; /* the list is not the default */
};

/* The default patterns of kind (a CONFIG_PATH_*), NULL-terminated. */
const char *const *crawl_default_paths(int kind);

/* Compiles the effective paths into *p (all in a): for each kind, the
 * list of the last of layers[0..n) that sets it (files[i] names layer i;
 * NULL: its patterns are not reported when they match nothing; layers may
 * hold NULL), else the defaults. */
void crawl_paths_init(struct crawl_paths *p, struct arena *a,
		      const struct config_paths *const *layers,
		      const char *const *files, size_t nlayers);

/* crawl_paths_init with the layers of a repository, lowest first: the
 * top-level paths: of c (the organisation's defaults: not reported when
 * they match nothing), the repository's .cairn.yaml (repo_file, may be
 * NULL), its repos entry r (may be NULL). */
void crawl_paths_for(struct crawl_paths *p, struct arena *a, const struct config *c,
		     const struct config_repo *r, const struct config_paths *repo_file);

/* What of the configuration the classification of r's files depends on
 * (its paths and rules_since), for the crawl cache's key. */
uint64_t crawl_paths_key(const struct config *c, const struct config_repo *r);

/* The CONFIG_PATH_* kind that claims path (repository-relative), or -1. */
/* An index page (README, index, _index) or a template (a name holding
 * "template", or numbered 0000) of an RFC or post-mortem folder. */
int crawl_is_index_or_template(const char *path);
int crawl_paths_kind(const struct crawl_paths *p, const char *path);

/* True when the crawl of src found no document but its README (if any)
 * and no API description: its paths may not say where its content is. */
int crawl_found_only_readme(const struct source *src);

/* For a CODEOWNERS file (an owners file not named OWNERS): the index of
 * the first owners pattern it matches (the lowest wins), else -1. */
int crawl_owners_rank(const struct crawl_paths *p, const char *path);

/* Warns about each pattern the user wrote (not a default) that matches
 * none of paths[0..n) (nor, with a layout, any of them inside its
 * folders): naming the repository and the file and line of the pattern.
 * Returns how many. */
struct crawl_layout;
int crawl_paths_unmatched(const struct crawl_paths *p, const char *const *paths,
			  size_t n, const struct crawl_layout *l, const char *repo,
			  struct diag_list *d);

/* True for the small files read whole for assembly (aux files): the
 * catalog, owners and apis kinds, and .cairn.yaml. */
int crawl_is_aux(const char *path);
int crawl_is_aux_in(const struct crawl_paths *p, const char *path);
int crawl_is_api_in(const struct crawl_paths *p, const char *path);

/* Where a repository keeps the docs of its components (monorepos): each
 * home folder is read like a repository root (home/README.md, home/docs/...)
 * and each doc folder (backstage.io/techdocs-ref) like docs/. */
struct crawl_layout {
	const char **homes;
	size_t nhomes;
	const char **doc_dirs;
	size_t ndoc_dirs;
	const char **components; /* the names of its Components */
	size_t ncomponents;
	const char **definitions; /* API definition files ($text: ./path) */
	size_t ndefinitions;
	const struct crawl_paths *paths; /* the repository's; NULL: defaults */
};

/* True for the API descriptions cairn reads: openapi.{yaml,yml,json} and
 * swagger.{yaml,yml,json} at the root, and *.yaml, *.yml, *.json under
 * api/ (which must then declare openapi: or swagger:). */
int crawl_is_api(const char *path);

/* crawl_classify with the layout's paths, then the same rules inside the
 * layout's folders (exclude applies to the whole path too). */
int crawl_classify_in(const char *path, const struct crawl_layout *l);

/* crawl_make_doc, with the text kept in scratch (valid until its next use)
 * instead of the arena; scratch NULL: the arena. */
struct document *crawl_make_doc_in(struct arena *a, struct buf *scratch,
				   struct diag_list *d,
				   const struct config_limits *lim,
				   const char *repo, const char *path,
				   const char *data, size_t len, enum doc_kind kind);

/* Which kind of document a repository path is, or -1 when cairn does not
 * read it as a document. */
int crawl_classify(const char *path);

#endif
