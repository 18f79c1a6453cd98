/* layout: where a repository keeps what.
 *
 * Two things say it.  The paths: of cairn.yaml and of the repository's own
 * .cairn.yaml, over the defaults below, say which files are which kind of
 * content (layout_paths).  The repository's catalog descriptors
 * (catalog-info.yaml) say where its components keep their docs in a
 * monorepo, which files hold API definitions, and what its services are
 * called (struct layout).  The crawl reads both once per repository and
 * keeps the result in the source (src->paths, src->layout); classification
 * (layout_classify) and assembly (the entities) read it from there.
 *
 * Below crawl.c and assemble.c, which both use it; it includes neither. */
#ifndef CAIRN_LAYOUT_H
#define CAIRN_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "catalog.h"
#include "config.h"
#include "diag.h"
#include "site.h"

/* A repository's own description of its layout, read from its root. */
#define LAYOUT_REPO_CONFIG ".cairn.yaml"

/* ------------------------------------------------------ paths
 *
 * Which files of a repository are which kind of content: the lists of
 * paths: (config.h) over the defaults, compiled.  A path is claimed by one
 * kind, tried in this order: exclude (nothing), readme, catalog, owners,
 * oncall, slos, techdebt, postmortems, rfcs, runbooks, apis, contracts, alerts,
 * docs.  The document kinds (readme, techdebt, postmortems, rfcs, runbooks,
 * docs) take Markdown files only (.md, .markdown).  NULL paths everywhere
 * below: the defaults. */

struct codeowners_path_glob;
struct layout_pattern {
	const char *text;
	const struct codeowners_path_glob *glob;
	const char *file; /* where it was written; NULL: a default */
	int line;
};

struct layout_paths {
	struct layout_pattern *pats[CONFIG_PATH_KINDS];
	size_t n[CONFIG_PATH_KINDS];
	int user[CONFIG_PATH_KINDS]; /* the list is not the default */
};

/* The default patterns of kind (a CONFIG_PATH_*), NULL-terminated. */
const char *const *layout_default_paths(int kind);

/* Compiles the effective paths into *p (all in a): for each kind, the
 * list of the last of layers[0..n) that sets it (files[i] names layer i;
 * NULL: its patterns are not reported when they match nothing; layers may
 * hold NULL), else the defaults. */
void layout_paths_init(struct layout_paths *p, struct arena *a,
		       const struct config_paths *const *layers,
		       const char *const *files, size_t nlayers);

/* layout_paths_init with the layers of a repository, lowest first: the
 * top-level paths: of c (the organisation's defaults: not reported when
 * they match nothing), the repository's .cairn.yaml (repo_file, may be
 * NULL), its repos entry r (may be NULL). */
void layout_paths_for(struct layout_paths *p, struct arena *a,
		      const struct config *c, const struct config_repo *r,
		      const struct config_paths *repo_file);

/* What of the configuration the classification of r's files depends on
 * (its paths and rules_since), for the crawl cache's key. */
uint64_t layout_paths_key(const struct config *c, const struct config_repo *r);

/* The CONFIG_PATH_* kind that claims path (repository-relative), or -1. */
int layout_paths_kind(const struct layout_paths *p, const char *path);

/* An index page (README, index, _index) or a template (a name holding
 * "template", or numbered 0000) of an RFC or post-mortem folder. */
int layout_is_index_or_template(const char *path);

/* For a CODEOWNERS file (an owners file not named OWNERS): the index of
 * the first owners pattern it matches (the lowest wins), else -1. */
int layout_owners_rank(const struct layout_paths *p, const char *path);

/* True for a path that paths: excludes from every kind. */
int layout_is_excluded(const struct layout_paths *p, const char *path);
/* True when paths: excludes path or gives it a kind (unread.h's
 * "claimed": a file the user placed is not reported as unread). */
int layout_claims(const struct layout_paths *p, const char *path);

/* True for the small files read whole for assembly (aux files): the
 * slos, techdebt, postmortems, rfcs, runbooks, apis, contracts, alerts,
 * docs.  The document kinds (readme, techdebt, postmortems, rfcs, runbooks,
 * docs) take Markdown files only (.md, .markdown).  NULL paths everywhere
 * below: the defaults. */
int layout_is_aux(const struct layout_paths *p, const char *path);
/* layout_is_aux of path when its kind, layout_paths_kind, is k. */
int layout_kind_is_aux(int k, const char *path);
/* True for a file of the apis kind. */
int layout_is_api(const struct layout_paths *p, const char *path);
/* True for a file of the contracts kind (Pact files: pact.h; read whole,
 * like the other aux files). */
int layout_is_contract(const struct layout_paths *p, const char *path);
/* True for a file of the alerts kind (Prometheus rule files: alerts.h;
 * read whole, like the other aux files, and kept only when they hold rule
 * groups). */
int layout_is_alerts(const struct layout_paths *p, const char *path);

/* What of a catalog file that is not valid YAML is read, for the end of
 * its diagnostic: the documents yaml_parse_all gave before the error
 * (docs, may be NULL), or nothing. */
const char *layout_yaml_read_before(const struct val *docs);

/* True for a Markdown file: its name ends in .md or .markdown, in any
 * case. */
int layout_is_markdown(const char *path);

/* ------------------------------------------------------ the layout */

/* What a repository's catalog descriptors say, read once (layout_read).
 * Everything lives in the arena handed to layout_read. */
struct layout {
	const struct layout_paths *paths; /* the repository's; NULL: defaults */
	/* every valid entity of its descriptors, in path order, then in the
	 * order of the documents of each file */
	struct entity **entities;
	size_t nentities;
	/* what reading the descriptors found, for assembly to report
	 * (layout_report): the crawl does not say it, so that it is said
	 * once, after the crawl's own diagnostics, whether or not the crawl
	 * came from the cache */
	struct diag *diags;
	size_t ndiags;
	/* the folders where its components keep their docs (monorepos):
	 * each home is read like a repository root (home/README.md,
	 * home/docs/...) and each doc folder (backstage.io/techdocs-ref)
	 * like docs/ */
	const char **homes;
	size_t nhomes;
	const char **doc_dirs;
	size_t ndoc_dirs;
	const char **components; /* the names of its Components */
	size_t ncomponents;
	const char **definitions; /* API definition files ($text: ./path) */
	size_t ndefinitions;
};

/* Reads the catalog descriptors among aux[0..naux) (the files paths
 * classifies as catalog; sorted by path) of the repository named repo
 * into *out, all in a, the YAML within lim (NULL: the defaults). */
void layout_read(struct layout *out, struct arena *a, const char *repo,
		 const struct layout_paths *paths, const struct aux_file *aux,
		 size_t naux, const struct yaml_limits *lim);

/* Fills out's entities, homes, doc folders, components and definitions
 * from list[0..n) (the entities of one repository, which must outlive
 * out; the arrays are allocated in a).  layout_read does this; for a
 * caller that parses the descriptors itself. */
void layout_set_entities(struct layout *out, struct arena *a,
			 struct entity **list, size_t n);

/* Adds the diagnostics layout_read found to d, in the order found. */
void layout_report(const struct layout *l, struct diag_list *d);

/* A component's home folders in its repository: the folder of the
 * catalog-info.yaml that declares it (when not the root), the folder of
 * its techdocs-ref dir (when that is <home>/docs), and the folder that
 * backstage.io/source-location points into.  Returns how many (0..3). */
size_t layout_component_homes(const struct entity *e, const char **homes,
			      struct arena *a);

/* Which kind of document (a DOC_*) a repository path is, or -1 when cairn
 * does not read it as a document: by l's paths (l NULL: the defaults),
 * then by the same rules inside l's folders (exclude applies to the whole
 * path too). */
int layout_classify(const struct layout *l, const char *path);
/* layout_classify of path when layout_paths_kind(l->paths, path) (the
 * defaults' when l is NULL) is k: the crawl finds each entry's kind once. */
int layout_classify_kind(const struct layout *l, const char *path, int k);

/* Warns about each pattern the user wrote (not a default) that matches
 * none of paths[0..n) (nor, with a layout, any of them inside its
 * folders), or, for a kind that reads Markdown only, matches files none of
 * which is Markdown ("peps/pep-*.rst"): naming the repository, the file
 * and line of the pattern, and how many files it matched.  Returns how
 * many. */
int layout_paths_unmatched(const struct layout_paths *p, const char *const *paths,
			   size_t n, const struct layout *l, const char *repo,
			   struct diag_list *d);

#endif
