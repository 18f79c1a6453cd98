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
 * repositories it matched in earlier builds.
 *
 * Which files are read, and as what, is layout.h's: the crawl reads each
 * repository's .cairn.yaml and catalog descriptors once (src->paths,
 * src->layout), and classifies its files with them. */
#ifndef CAIRN_CRAWL_H
#define CAIRN_CRAWL_H

#include "layout.h"
#include "site.h"

/* How far back the history is read for documents' last changes. */
#define CRAWL_MAX_HISTORY 100000
/* (The sizes of files read are cairn.yaml's limits: struct config_limits.) */

/* The crawl's first pass: s->sources made from s->cfg->repos (and the
 * repositories a glob matched in earlier builds), every repository's
 * head compared with the stamps saved (crawl_refs_head_load: a few stat
 * calls each, on the -j threads), and libgit2 started on its thread
 * (repo_global_init_start) when one must be opened, so that its start
 * overlaps what the caller does next; a build that opens none never
 * starts it.  What it found is kept in the plan for crawl_sources. */
struct crawl_head;
struct crawl_plan {
	struct site *s;
	struct crawl_head *heads; /* by source */
	unsigned char *kept;	  /* by source: its head is the one saved */
	size_t *order;		  /* the sources to open first */
};
#define CRAWL_PLAN_INIT                \
	{                              \
		NULL, NULL, NULL, NULL \
	}
void crawl_plan(struct site *s, struct crawl_plan *p);
/* Crawls every source of the plan (the repositories to open first),
 * filling them in; releases the plan. */
void crawl_sources(struct site *s, struct crawl_plan *p);
/* Frees a plan that is not crawled (a build that stops before). */
void crawl_plan_release(struct site *s, struct crawl_plan *p);

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

/* crawl_make_doc, with the text kept in scratch (valid until its next use)
 * instead of the arena; scratch NULL: the arena. */
struct document *crawl_make_doc_in(struct arena *a, struct buf *scratch,
				   struct diag_list *d,
				   const struct config_limits *lim, const char *repo,
				   const char *path, const char *data,
				   size_t len, enum doc_kind kind);

/* For the crawl's other readers (crawl_deps.c): one blob of src's tree
 * read into out (-1 after a diagnostic naming limits.`limit` when over max
 * bytes). */
int crawl_read_entry(struct source *src, struct repo *r, const struct repo_entry *e,
		     size_t max, const char *limit, struct buf *out);
/* The same without copying the bytes (release out with repo_blob_release
 * whatever the return). */
int crawl_read_entry_ref(struct source *src, struct repo *r,
			 const struct repo_entry *e, size_t max,
			 const char *limit, struct repo_blob *out);

#endif
