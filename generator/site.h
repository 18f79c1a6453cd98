/* site: the model of a portal — sources, services, documents — and its
 * assembly.
 *
 * The build is a pipeline (see build.c): crawl fills `sources` (one
 * repository each, in parallel: each source owns an arena that only its
 * crawling thread allocates from); site_assemble then, on one thread,
 * derives services, names, addresses and titles; after that the model is
 * read-only and every page is rendered from it in parallel.  Everything is
 * owned by the site and freed by site_release. */
#ifndef CAIRN_SITE_H
#define CAIRN_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "markdown.h"
#include "repo.h"
#include "val.h"

enum doc_kind {
	DOC_README,     /* the repository's README.md: the service overview */
	DOC_RUNBOOK,
	DOC_RFC,        /* RFCs and ADRs */
	DOC_POSTMORTEM,
	DOC_DOC,        /* other docs */
	DOC_CONTENT     /* the portal's own pages (content/) */
};

struct source;
struct service;

/* A file that a document links to and that is copied into the site (an
 * image): a repository's blob, or a file of the content folder. */
struct asset {
	struct source *src;             /* NULL for content files */
	const struct repo_entry *entry; /* the blob, when src is set */
	const char *fs_path;            /* the file, when src is NULL */
	const char *address;            /* site-relative file path */
};

struct document {
	enum doc_kind kind;
	struct source *src;       /* NULL for content pages */
	struct service *service;  /* NULL for content pages */
	const char *path;         /* path in the repository (or in content/) */
	const char *text;         /* body (after front matter), valid UTF-8;
				   * NULL until loaded when the crawl came
				   * from the cache (see render_doc_text) */
	size_t len;
	unsigned char oid[REPO_OID_LEN]; /* the blob (repository documents) */
	size_t body_off;          /* where the body starts in the file's
				   * (UTF-8-repaired) text */
	int body_line;            /* line of the file where text starts */
	struct val *meta;         /* front matter (a map, maybe empty) */
	const char *h1;           /* text of a leading "# heading", or NULL */
	const char *title;        /* set by assembly */
	const char *address;      /* site-relative folder ending in '/' */
	int nav;                  /* content pages: listed in the navigation */
};

/* A small file of a repository read whole for assembly (see
 * crawl_is_aux): its text is NUL-terminated. */
struct aux_file {
	const char *path;
	const char *text;
	size_t len;
};

struct source {
	const struct config_repo *cfg;
	const char *name;
	const char *git_dir;      /* what was opened (a url: repo's clone) */
	int ok;                   /* crawled: commit, entries are valid */
	struct repo_commit commit;
	struct repo_entry *entries; /* every file of the tree, sorted by path */
	size_t nentries;
	struct document **docs;   /* sorted by path */
	size_t ndocs;
	struct aux_file *aux;     /* sorted by path */
	size_t naux;
	struct diag_list diags;   /* what the crawl found (kept in the cache,
				   * so that a cached crawl reports it again) */
	int from_cache;           /* restored from the crawl cache */
	/* set by assembly: */
	struct val *catalog;      /* the catalog-info.yaml documents, or NULL */
	const char *catalog_path;
	const char *default_owner; /* owners of CODEOWNERS' "*" rule, or NULL */
	const char *web_url;      /* https://host/org/repo, or NULL */
	uint64_t fp;              /* fingerprint of everything of this
				   * repository that its pages show (set by
				   * site_fingerprint) */
	struct arena arena;
};

struct service {
	const char *name;         /* the entity's name as written */
	const char *slug;         /* safe and unique: services/<slug>/ */
	const char *title;
	const char *description;
	const char *owner;        /* entity ref or owners, or NULL */
	const char *team;         /* the owning team's name, or NULL */
	const char *lifecycle, *type, *system;
	struct source *src;
	struct val *entity;       /* its catalog entity, or NULL */
	int line;                 /* line of the entity in catalog-info.yaml */
	struct document *readme;  /* may be NULL */
	struct document **docs;   /* all but the readme, sorted by kind, path */
	size_t ndocs;
};

struct site {
	const struct config *cfg;
	struct diag_list *diags;
	struct arena arena;
	int64_t now;              /* SOURCE_DATE_EPOCH or the clock */
	int jobs;                 /* threads */
	struct source *sources;
	size_t nsources;
	struct service **services; /* sorted by slug */
	size_t nservices;
	struct document **content; /* content pages other than the home text */
	size_t ncontent;
	struct document *home;    /* content/index.md, or NULL */
	uint64_t chrome_fp;       /* what every page shows: cairn, theme,
				   * configuration, navigation, the day */
};

void site_init(struct site *s, const struct config *cfg, struct diag_list *d,
	       int jobs);
void site_release(struct site *s);

/* Derives services, titles and addresses from the crawled sources.  Names
 * that collide after being made safe get distinct addresses and a
 * diagnostic. */
void site_assemble(struct site *s);

/* Computes the fingerprints (chrome_fp, each source's fp) after assembly;
 * theme_fp covers the theme's files. */
void site_fingerprint(struct site *s, uint64_t theme_fp);

/* Looks up the document at a repository path (exact match), or NULL. */
struct document *site_find_doc(const struct source *src, const char *path);
/* Looks up an aux file by path, or NULL. */
const struct aux_file *site_find_aux(const struct source *src, const char *path);
/* Looks up a tree entry by path, or NULL. */
const struct repo_entry *site_find_entry(const struct source *src,
					 const char *path);

/* Appends name made safe for one path segment: lower case, [a-z0-9._-],
 * runs of anything else become one '-', no leading '.' or '-'; never empty. */
void site_safe_segment(struct buf *out, const char *name, size_t len);

const char *site_kind_label(enum doc_kind k);
/* A document's kind as a lower-case id for templates and CSS: overview,
 * runbook, rfc, adr (RFCs under docs/adr/ or docs/decisions/), postmortem,
 * doc, page. */
const char *site_kind_id(const struct document *d);

/* The relative URL from the folder page `from` to the site-relative
 * address `to` (both without a leading '/'; `from` ends in '/' or is ""). */
void site_relative(struct buf *out, const char *from, const char *to);

#endif
