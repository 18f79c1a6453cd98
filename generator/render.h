/* render: what every page's rendering shares — the per-thread renderer,
 * the base template context, Markdown with links rewritten to the site's
 * addresses, and writing a page through a layout.
 *
 * A render_ctx belongs to one thread.  Its arena holds one page's data and
 * is emptied after each page.  Images that documents link to are collected
 * in `assets` (copied into the site after every page is written). */
#ifndef CAIRN_RENDER_H
#define CAIRN_RENDER_H

#include "search_cache.h"
#include "markdown.h"
#include "output.h"
#include "site.h"
#include "theme.h"
#include "val.h"

struct api_changes_cache;

struct render_ctx {
	struct site *site;
	const struct theme *theme;
	struct output *out;
	struct arena arena;   /* this page's data */
	struct buf page;      /* this page's HTML */
	struct asset *assets; /* malloc'd; entries' strings in `keep` */
	size_t nassets, assets_cap;
	size_t page_assets;	/* assets[page_assets..] are this page's */
	struct arena keep;	/* outlives pages: asset addresses */
	struct diag_list diags; /* this page's diagnostics */
	struct repo *repo;	/* open for reading documents' texts */
	const struct source *repo_src;
	int failed; /* a page could not be written */
	size_t rendered, reused;
	struct search_cache *search; /* the search index's feed */
	/* the APIs' changes kept between builds (api_changes_cache.h), or
	 * NULL */
	struct api_changes_cache *api_changes;
	int worker; /* this thread's number */
	/* the last service whose incident panel a document page's
	 * fingerprint hashed, and that hash (view_docfp.c) */
	const struct service *incident_svc;
	uint64_t incident_fp;
	/* while a document's page is made (render_links_begin): what its
	 * links looked up in its repository's tree, each lookup once: a
	 * kind ('d' a document and its address, 'e' an entry and its kind,
	 * 'f' a folder) and the path, NUL-terminated; kept in the page's
	 * manifest entry */
	struct buf links;
	int links_on;
};

void render_ctx_init(struct render_ctx *r, struct site *s,
		     const struct theme *t, struct output *out);
void render_ctx_release(struct render_ctx *r);

/* The context every layout gets: site, root, page, nav.  `address` is the
 * page's site-relative folder ("" for the home page). */
struct val *render_base(struct render_ctx *r, const char *address,
			const char *kind, const char *title);

/* Adds a search entry (with its sections when toc is given) for the page
 * being made. */
void render_search(struct render_ctx *r, const struct search_entry *e,
		   const struct markdown_heading *toc, size_t ntoc);

/* The output path of a page: address + "index.html", or the address itself
 * when it does not end in '/'. */
void render_page_path(struct buf *out, const char *address);

/* True when the site already holds this page made from inputs with
 * fingerprint fp: the page is kept as it is and its diagnostics are
 * reported again; the caller returns without rendering it.  fp 0 never
 * matches (pages whose inputs are not fingerprinted are always made). */
int render_reuse(struct render_ctx *r, const char *address, uint64_t fp);

/* A document's page: its links are looked up in its repository's tree, so
 * its fingerprint is fp (what it shows but that) mixed with what those
 * lookups find (render_links_fp).  render_reuse_links keeps the page when
 * the lookups its manifest entry lists, made again in src's tree, give
 * the fingerprint it was made with; render_links_begin, before its
 * Markdown is rendered, starts the list (render_page keeps it in the
 * manifest and ends it), and render_links_fp then gives what to mix. */
int render_reuse_links(struct render_ctx *r, const char *address, uint64_t fp,
		       const struct source *src);
void render_links_begin(struct render_ctx *r);
uint64_t render_links_fp(const struct render_ctx *r, const struct source *src);

/* Renders layout with ctx and hands the page to the output (written only if
 * its bytes changed), with fingerprint fp and this page's diagnostics. */
void render_page(struct render_ctx *r, const char *layout, const char *address,
		 struct val *ctx, uint64_t fp);

/* Hands a file that is not a page (an export, a feed, the data a page's
 * script loads) to the output at site path `path`.  When it cannot be
 * written: a fatal diagnostic, r->failed set, and -1; else 0. */
int render_write(struct render_ctx *r, const char *path, const char *data, size_t len);

/* render_write of a file made from inputs with fingerprint fp, which the
 * next build's render_keep_files may find. */
int render_write_fp(struct render_ctx *r, const char *path, const char *data,
		    size_t len, uint64_t fp);

/* True when the site holds every one of the n files at paths, each made
 * by render_write_fp from inputs with fingerprint fp (not 0): they are
 * kept as they are, and the caller writes none of them. */
int render_keep_files(struct render_ctx *r, const char *const *paths, size_t n,
		      uint64_t fp);

/* This thread's open repository for src, opened on first use; NULL after
 * a diagnostic when it cannot be opened. */
struct repo *render_repo(struct render_ctx *r, const struct source *src);

/* Reads a blob of src (through this thread's open repository) into out.
 * Returns -1 after a diagnostic when it cannot, or it is over max bytes. */
int render_read_blob(struct render_ctx *r, const struct source *src, const char *path,
		     const unsigned char *oid, size_t max, struct buf *out);

/* A document's body text: the crawl's copy, or read again from the
 * repository when the crawl came from the cache (then in r's arena).
 * Returns -1 (after a diagnostic) when it cannot be read. */
int render_doc_text(struct render_ctx *r, const struct document *d,
		    const char **text, size_t *len);

/* Renders a document's Markdown with its links resolved against its
 * repository (or the content folder) and rewritten relative to `from`. */
void render_markdown(struct render_ctx *r, const struct document *d,
		     const char *from, struct markdown_result *md);

/* The relative URL from page `from` to site address `to`, in the arena. */
const char *render_url(struct render_ctx *r, const char *from, const char *to);
/* Sets m's key to render_url(r, from, to), or to "" when to is NULL (a
 * link to nothing: an owner no team's page is for, ...). */
void render_set_url(struct render_ctx *r, struct val *m, const char *key,
		    const char *from, const char *to);

/* Formats a UTC time with strftime's fmt (date_format). */
void render_time(char *out, size_t size, const char *fmt, int64_t t);

/* The distinct strings of v (sorted in place) as a list of {name}, for
 * filter menus. */
struct val *render_names(struct render_ctx *r, const char **v, size_t n);

/* A list of {level, id, text} for a table of contents. */
struct val *render_toc(struct render_ctx *r, const struct markdown_result *md);

#endif
