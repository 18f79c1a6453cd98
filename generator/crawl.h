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


/* True for the small files read whole for assembly (aux files):
 * catalog-info.yaml, CODEOWNERS in its places, OWNERS in any folder. */
int crawl_is_aux(const char *path);

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
};

/* True for the API descriptions cairn reads: openapi.{yaml,yml,json} and
 * swagger.{yaml,yml,json} at the root, and *.yaml, *.yml, *.json under
 * api/ (which must then declare openapi: or swagger:). */
int crawl_is_api(const char *path);

/* crawl_classify, then the same rules inside the layout's folders. */
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
