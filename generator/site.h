/* site: the model of a portal — sources, entities, services, teams,
 * documents.
 *
 * The build is a pipeline (see build.c): crawl fills `sources` (one
 * repository each, in parallel: each source owns an arena that only its
 * crawling thread allocates from); assembly (assemble.c) then, on one
 * thread, derives entities, services, teams, owners, names, addresses and
 * titles; after that the model is read-only and every page is rendered from
 * it in parallel.  Everything is owned by the site and freed by
 * site_release. */
#ifndef CAIRN_SITE_H
#define CAIRN_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "catalog.h"
#include "codeowners.h"
#include "config.h"
#include "deploy.h"
#include "diag.h"
#include "markdown.h"
#include "repo.h"

struct cache_file;
#include "val.h"

enum doc_kind {
	DOC_README, /* the repository's README.md: the service overview */
	DOC_RUNBOOK,
	DOC_RFC, /* RFCs and ADRs */
	DOC_POSTMORTEM,
	DOC_DOC,    /* other docs */
	DOC_CONTENT /* the portal's own pages (content/) */
};

struct source;
struct layout;
struct layout_paths;
struct service;
struct team;
struct contract;
struct alert;
struct alerts_rule;
struct dep_file;
struct dep_use;
struct dep_package;
struct oncall_info;
struct site_slo;
struct site_debt;
struct slo_feed;

/* A file that a document links to and that is copied into the site (an
 * image): a repository's blob, or a file of the content folder. */
struct asset {
	struct source *src;		/* NULL for content files */
	const struct repo_entry *entry; /* the blob, when src is set */
	const char *fs_path;		/* the file, when src is NULL */
	const char *address;		/* site-relative file path */
};

struct document {
	enum doc_kind kind;
	struct source *src;	 /* NULL for content pages */
	struct service *service; /* NULL for content pages */
	const char *path;	 /* path in the repository (or in content/) */
	const char *text;	 /* body (after front matter), valid UTF-8;
				   * NULL until loaded when the crawl came
				   * from the cache (see render_doc_text) */
	size_t len;
	unsigned char oid[REPO_OID_LEN]; /* the blob (repository documents) */
	size_t body_off;		 /* where the body starts in the file's
				   * (UTF-8-repaired) text */
	int body_line;		/* line of the file where text starts */
	struct val *meta;	/* front matter (a map, maybe empty) */
	const char *h1;		/* text of a leading "# heading", or NULL */
	const char *title;	/* set by assembly */
	const char *address;	/* its page, a site-relative folder ending
				   * in '/' (assembly): the readme's is its
				   * service's, another document's is under
				   * it, a content page's at the top; NULL
				   * for the home text (its page is the home
				   * page) and a content page that has none */
	int nav;		/* content pages: listed in the navigation */
	int64_t changed;	/* last commit that changed it (0: unknown) */
	const char *changed_by; /* its author, or NULL */
	uint64_t spilled;	/* where the crawl kept the text, plus 1
				   * (0: not kept): in its source's texts
				   * file when it has one, else in the
				   * site's spill file */
	struct val *record;	/* RFCs and post-mortems: records.h, or NULL */
	const char **owners;	/* CODEOWNERS / OWNERS owners (assembly) */
	size_t nowners;
	/* per owner (owner_teams[i] for owners[i]), the team whose page the
	 * document's page links that owner to, or NULL: resolved once by
	 * assembly (see struct team); NULL for content pages */
	struct team **owner_teams;
	/* RFCs: the RFC of the same repository its superseded_by names, or
	 * NULL (assembly) */
	const struct document *superseded_by;
	/* post-mortems: for each name in its record's "services" list, in
	 * order, the service of that name (ignoring case) or NULL; as many as
	 * the list has strings (assembly) */
	const struct service **named_services;
	size_t nnamed_services;
	struct alert **alerts; /* a runbook: the alerts it serves, by name
				   * (assemble_alerts.c) */
	size_t nalerts;
	uint64_t text_hash; /* hash_of the text site_spill kept (spilled) */
	size_t tape_len;    /* md4c's callbacks for the text (mdtape.h), kept
			     * in the spill file at tape_at - 1; 0: none */
	uint64_t tape_at;
	/* post-mortems: what its page shows of its action items
	 * (view_docfp_trees) */
	uint64_t actions_fp;
};

/* A small file of a repository read whole for assembly (see
 * layout_is_aux): its text is NUL-terminated. */
struct openapi_probe;

struct aux_file {
	const char *path;
	const char *text;
	size_t len;
	/* what the crawl's openapi_probe found (crawl_apis.h), for a file
	 * paths: calls an API description; NULL when not probed */
	const struct openapi_probe *probe;
	/* a catalog descriptor's YAML documents, parsed once by the crawl
	 * and kept in its snapshot (layout_read takes them); NULL: parsed
	 * when read */
	const struct val *catalog;
};

/* A techdebt file's git times (crawl_debt.h; UTC seconds, 0 when
 * unknown): the commit that added the file, and each line's. */
struct aux_times {
	const char *path;
	int64_t added;
	const int64_t *line_added;
	size_t nlines;
};

struct source {
	const struct config_repo *cfg;
	const char *name;
	const char *git_dir; /* what was opened (a url: repo's clone) */
	int ok;		     /* crawled: commit, entries are valid */
	struct repo_commit commit;
	struct repo_entry *entries; /* every file of the tree, sorted by path */
	size_t nentries;
	struct document **docs; /* sorted by path */
	size_t ndocs;
	struct aux_file *aux; /* sorted by path */
	size_t naux;
	struct diag_list diags; /* what the crawl found (kept in the cache,
				   * so that a cached crawl reports it again) */
	int from_cache;		/* restored from the crawl cache */
	/* where each kind lives in it (paths: over the defaults; its
	 * .cairn.yaml is among the aux files) */
	const struct layout_paths *paths;
	/* A repository that could not be read this build (missing, permission
	 * denied, branch gone, glob matching nothing, no clone) but whose
	 * last successful crawl is in the crawl cache: stale is set, ok is set,
	 * and commit, entries, docs, aux and deploys are that crawl's (an error
	 * diagnostic says why, naming cairn.yaml's line).  Its blobs cannot be
	 * read: documents' texts come from the spill file, where the crawl
	 * cache's copy of them was put (d->spilled; 0 when that copy was
	 * missing), and images only from the previous site.  as_of is the
	 * committer time of that crawl's commit (= commit.time).
	 * A url: repository whose fetch failed but whose earlier clone is
	 * read is stale too, with fetch_failed set: it is crawled as usual
	 * (its blobs can be read), and as_of is the time of its last
	 * successful fetch (its commit's time when that is not known). */
	int stale;
	int fetch_failed;
	int64_t as_of;
	struct deploy_service *deploys; /* per service of the repository */
	size_t ndeploys;
	/* set by assembly: */
	struct entity **entities; /* declared in this repository */
	size_t nentities;
	/* the Component cairn makes for a repository that declares none (its
	 * one service, named after it), indexed in the catalog like a
	 * declared one so that references to it resolve; NULL when the
	 * repository declares Components or is no service */
	struct entity *implicit;
	struct codeowners *codeowners; /* the CODEOWNERS that wins, or NULL */
	const char *codeowners_path;
	struct owners_tree owners_tree; /* OWNERS files (maybe none) */
	const char **default_owners; /* owners of the whole repository: CODEOWNERS' "*" rules, else the root OWNERS' approvers */
	size_t ndefault_owners;
	const char *web_url; /* https://host/org/repo, or NULL */
	/* the Markdown files it holds that cairn did not read (unread.h), as
	 * the service page says it: how many, what they are, the paths: that
	 * reads them (set by site_fingerprint; files 0: none) */
	size_t unread_files;
	const char *unread_what, *unread_paths;
	uint64_t fp; /* fingerprint of everything of this
				   * repository that its pages show (set by
				   * site_fingerprint) */
	struct arena arena;
	/* its crawl-text/ file (crawl_texts.h) while this build's crawl
	 * writes its documents' texts straight into it, open until the site
	 * is released, the render reading them there; text_end: the bytes of
	 * texts in it.  NULL: its texts are in the site's spill file. */
	struct cache_file *texts;
	uint64_t text_end;
	/* what its catalog descriptors say (layout.h): read once by the
	 * crawl, its entities taken by assembly; NULL unless ok */
	const struct layout *layout;
	/* its manifests and lock files, read (crawl_deps.h) */
	struct dep_file *dep_files;
	size_t ndep_files;
	/* the git times of its techdebt files (crawl_debt.h) */
	struct aux_times *debt_times;
	size_t ndebt_times;
	uint64_t deploys_key; /* deploy_collect_fp of its deploys (0: none) */
	/* deploy tags matching its pattern, not read because the
	 * configuration names no environments */
	size_t deploy_tags_unread;
	/* its common folder as repo_common_dir gives it, when its crawl took
	 * its branch's head from the stamps (crawl_refs_head_load) and did
	 * not open it; NULL otherwise */
	const char *common_dir;
	/* a hash of its shallow roots (0: not a shallow clone): a clone made
	 * whole (git fetch --unshallow) keeps its commit, not its history */
	uint64_t history_key;
	/* what its documents' pages show of it (view_docfp_trees): its
	 * name, web address and branch; what their links find in its tree
	 * is each page's own (render_links_fp) */
	uint64_t tree_fp;
};

/* A service's relation to another entity, resolved. */
struct relation {
	const char *ref;     /* "component:default/x" as written, canonical */
	const char *name;    /* the entity's name */
	const char *title;   /* its title, or the name */
	struct service *svc; /* when it is a service of the portal */
	struct api *api;     /* when it is an API of the portal */
	const struct entity *entity; /* when the catalog declares it */
};

struct service {
	const char *name;    /* the entity's name as written */
	const char *slug;    /* safe and unique: services/<slug>/ */
	const char *address; /* its page: "services/<slug>/" (assembly) */
	const char *title;
	const char *description;
	const char *owner; /* the owner as written (entity ref or
				   * CODEOWNERS owners), or NULL */
	struct team *team; /* the owning team, or NULL */
	/* the other owners of CODEOWNERS' "*" rule when it gave the owner
	 * ("* @povilasv @skl": @skl), and their teams (NULL when none) */
	const char *const *co_owners;
	struct team **co_teams;
	size_t nco_owners;
	const char *lifecycle, *type, *system;
	const char *oncall_url; /* PagerDuty service page, or NULL */
	struct source *src;
	const struct entity *entity;   /* its Component, or NULL */
	const struct entity *implicit; /* or the one cairn made (src->implicit) */
	const char *home; /* its folder in a monorepo ("" for root) */
	const struct deploy_service *deploy; /* its deploys, or NULL */
	struct document *readme;	     /* may be NULL */
	struct document **docs; /* all but the readme, sorted by kind, path */
	size_t ndocs;
	struct relation *depends_on, *dependents, *provides, *consumes;
	/* provides also lists the description files of its repository that
	 * no API entity names */
	size_t ndepends_on, ndependents, nprovides, nconsumes;
	uint64_t fp; /* what its page shows from other repos */
	/* contracts (assemble_contracts.c): those it holds as a consumer, and
	 * those held against the APIs it provides */
	struct contract **contracts_held, **contracts_against;
	size_t ncontracts_held, ncontracts_against;
	struct alert **alerts; /* its alerting rules, by name */
	size_t nalerts;
	/* the packages it uses (assemble_deps.h), by ecosystem and name */
	struct dep_use *deps;
	size_t ndeps;
	uint64_t deps_fp; /* their packages' addresses */
	/* its on-call rotation (its own, its repository's or its team's), or
	 * NULL (assemble_oncall.h) */
	const struct oncall_info *oncall;
	/* what its page shows of its open action items (view_docfp_trees) */
	uint64_t open_items_fp;
	/* what its pages show of its own repository (site_fingerprint:
	 * site_mix_service mixes it) */
	uint64_t shown_fp;
	/* other services' post-mortems that name it, newest first (the
	 * order of site.postmortems: assemble_records.c) */
	const struct document **pm_naming;
	size_t npm_naming, pm_naming_cap;
};

/* ------------------------------------------------------------ contracts
 *
 * A consumer-driven contract (a Pact file, pact.h) of one consumer with
 * one API, read from a repository and checked against the API's OpenAPI
 * description at the same build (assemble_contracts.c).  Made by
 * assembly, read-only afterwards; all in the site's arena. */

/* One HTTP interaction of a contract, checked. */
struct contract_interaction {
	const char *description; /* "" when absent */
	const char *method;	 /* upper case */
	const char *path;	 /* as the contract writes it */
	int status;
	int line; /* in the contract file */
	/* the operation of the API it exercises (its path template and
	 * method match), or all NULL (no description to check against, or
	 * no operation matches) */
	const char *op_method, *op_path; /* "GET", "/payments/{id}" */
	const char *anchor;		 /* its #anchor on the API page */
	/* why it does not match the description ("DELETE /payments/{id} is
	 * not in payments-api's API description"), or NULL */
	const char *mismatch;
};

struct contract {
	struct source *src; /* the repository holding the file */
	const char *file;   /* its path there */
	const char *consumer_name, *provider_name; /* as written */
	struct service *consumer; /* the service consumer_name names */
	struct api *api;	  /* the API provider_name names */
	const char *spec_version; /* as written, or NULL */
	struct contract_interaction *interactions; /* in file order */
	size_t ninteractions;
	size_t nmessages;   /* message interactions (not checked) */
	size_t nmismatches; /* interactions with a mismatch */
	int checked;	    /* the API has an OpenAPI description
				    * the interactions were checked against */
	int declared;	    /* the consumer lists the API in its
				    * consumesApis */
};

/* An API: an API entity of the catalog, or a description file found in a
 * repository (openapi.yaml, api/...) that no entity names. */
struct api {
	const char *name;
	const char *slug;    /* apis/<slug>/ */
	const char *address; /* its page: "apis/<slug>/" (assembly) */
	const char *title;
	const char *type;	     /* "openapi", "asyncapi", "graphql", ... */
	int openapi;		     /* text is an OpenAPI or Swagger
				       * description (by type or by content):
				       * rendered as a reference, not as source */
	const struct entity *entity; /* or NULL */
	/* a description file no entity names: the API entity cairn made for
	 * it, indexed in the catalog so that references to it resolve */
	const struct entity *implicit;
	struct source *src; /* the repository holding it */
	const char *path;   /* the description's file, or the
				       * descriptor's (inline definitions) */
	const char *text;   /* the description, or NULL (not in the
				       * repository: a URL, or missing) */
	size_t len;
	int line_offset;    /* inline definitions: their line */
	size_t noperations; /* counted by assembly */
	struct service **providers, **consumers; /* NULL when none */
	size_t nproviders, nconsumers;
	size_t providers_cap, consumers_cap; /* assembly's, as they grow */
	struct team *team; /* its owner's, or its provider's */
	const char *lifecycle;
	/* the contracts held against it (assemble_contracts.c), by
	 * consumer, then repository and file */
	struct contract **contracts;
	size_t ncontracts;
};

/* An action item of a post-mortem, with the house rules applied. */
struct action {
	const struct val *item;	   /* the record's item (records.h) */
	const struct document *pm; /* its post-mortem */
	struct service *svc;	   /* the service it is for */
	struct team *owner_team;   /* the team whose page its owner links
					* to, or NULL (assembly; see struct
					* team) */
	long pm_days;		   /* the post-mortem's date, or -1 */
	const char *state;	   /* "open", "done", "deprioritized" */
	int overdue, needs_escalation;
};

/* A team: a Group entity, or any owner named anywhere (a User, a
 * CODEOWNERS "@org/team" or "@user", an e-mail address).
 *
 * Owners are resolved to teams once, by assembly: a service's owner to
 * service->team; a document's owners to document->owner_teams and an
 * action item's owner to action->owner_team.  The last two take the first
 * team, in slug order, whose key or name is the owner as written, or,
 * for an owner written "@org/x" or "@x", whose name is x and that the
 * catalog declares (a Group or a User); an action item's owner ("alice")
 * is tried as "@alice" first.  Nothing is resolved again while pages are
 * made. */
struct team {
	const char *key;     /* identity: "group:ns/name", "@org/x", ... */
	const char *name;    /* short name */
	const char *title;   /* display name */
	const char *slug;    /* teams/<slug>/ */
	const char *address; /* its page: "teams/<slug>/" (assembly) */
	const char *kind;    /* "group", "user", "owner" */
	const char *email;   /* or NULL */
	const struct entity *entity; /* Group or User, or NULL */
	struct team *parent;
	struct service **services; /* owned, sorted by slug */
	size_t nservices, services_cap;
	const struct entity **members; /* Users (resolved members) */
	size_t nmembers;
	const char **member_names; /* members that name no User */
	size_t nmember_names;
	const struct oncall_info *oncall; /* its rotation, or NULL */
};

struct site {
	const struct config *cfg;
	struct diag_list *diags;
	struct arena arena;
	int64_t now; /* SOURCE_DATE_EPOCH or the clock */
	int jobs;    /* threads */
	struct source *sources;
	size_t nsources;
	struct service **services; /* sorted by slug */
	size_t nservices;
	struct document **content; /* content pages other than the home text */
	size_t ncontent;
	struct document *home;	  /* content/index.md, or NULL */
	struct entity **entities; /* every valid entity, in crawl order */
	size_t nentities;
	struct catalog_index *catalog;
	struct team **teams; /* sorted by slug */
	size_t nteams;
	struct api **apis; /* sorted by slug */
	size_t napis;
	struct document **rfcs; /* by status, then number, then title */
	size_t nrfcs;
	struct document **postmortems; /* newest first */
	size_t npostmortems;
	struct action *actions; /* open first, then by due date */
	size_t nactions;
	long today;		/* now, in days since the epoch */
	_Atomic size_t crawled; /* repositories crawled so far (progress) */
	const struct deploy_feed *feed; /* deploys.feed, or NULL */
	uint64_t chrome_fp;		/* what every page shows: cairn, theme,
				   * configuration, navigation, the day */
	/* the documents' texts the crawl read, kept for the render in an
	 * unnamed file of the cache folder (the page cache, not this
	 * process's memory, holds them) so that no blob is inflated twice;
	 * -1 when there is none */
	int spill_fd;
	_Atomic uint64_t spill_end;
	/* sources' texts files open (struct source's texts), and how many may
	 * be: a quarter of the process's descriptors */
	_Atomic size_t text_files;
	size_t text_files_max;
	_Atomic int cache_failed; /* a cache file could not be written (said once) */
	struct contract **contracts; /* every contract, by API slug, consumer
				      * slug, repository, file
				      * (assemble_contracts.c) */
	size_t ncontracts;
	struct alert **alerts; /* every alerting rule, by team, service,
				   * name (assemble_alerts.c) */
	size_t nalerts;
	/* every third-party package (assemble_deps.h), by name */
	struct dep_package **dep_packages;
	size_t ndep_packages;
	/* SLOs and technical debt (assemble_slos.h) */
	const struct slo_feed *slo_feed; /* slos.feed, or NULL */
	struct site_slo *slos;		 /* by service, then name */
	size_t nslos;
	struct site_debt *debts; /* open first, then reckless first */
	size_t ndebts;
	/* what the pages that gather the whole organisation show, but the
	 * clock's finer than a day (site_org.h) */
	uint64_t org_fp;
	/* what the RFC, post-mortem and action item lists and feeds show
	 * (site_org_records_fp) */
	uint64_t org_records_fp;
};

/* An alerting rule of a repository (alerts.h), placed in the model. */
struct alert {
	const struct alerts_rule *rule;
	struct source *src;
	const char *path;	    /* its rule file */
	struct service *service;    /* the service whose folder holds the file,
				   * else its repository's first; NULL when
				   * the repository has no service */
	struct team *team;	    /* the team its labels.team names, else
				     * the service's, or NULL */
	struct document *runbook;   /* NULL: none found (a warning said so) */
	const char *runbook_anchor; /* the section runbook_url names
				     * ("free-space"), when it named the
				     * runbook; else NULL */
	int link;		    /* how it was found: enum alerts_link */
	/* its runbook_url, when no runbook was found and it is a web address
	 * outside every crawled repository (a wiki's page): its runbook */
	const char *runbook_external;
	/* labels.team (else labels.owner) when it names no team of the
	 * portal and the service gives none: shown as written */
	const char *team_label;
	const char *slug;    /* alerts/<slug>/ */
	const char *address; /* "alerts/<slug>/" */
};

/* A site not yet begun, which site_release accepts. */
#define SITE_INIT              \
	{                      \
		.spill_fd = -1 \
	}

void site_init(struct site *s, const struct config *cfg, struct diag_list *d, int jobs);
void site_release(struct site *s);
/* True when the crawl of src found no document but its README (if any)
 * and no file of the other kinds (API descriptions, contracts, alert
 * rules, SLOs, debt items, a rotation): its paths may not say where its
 * content is. */
int site_only_readme(const struct source *src);
/* The path of src's root README when it is not Markdown (README.rst,
 * README.txt, README: cairn reads README.md), or NULL. */
const char *site_other_readme(const struct source *src);
struct unread;
/* The Markdown files of src that cairn did not read and whose place or
 * name says what they are (and, when it read nothing but the README, any
 * other): unread.h, into *out (in a). */
void site_unread(const struct source *src, struct arena *a, struct unread *out);

/* Opens the spill file (nothing is kept when it cannot be opened). */
void site_spill_begin(struct site *s);
/* Keeps a document's text (len bytes) for site_unspill: in its source's
 * texts file when it has one, else in the site's spill file; and in the
 * spill file the tape of md4c's callbacks for it (tape_len bytes, may be
 * 0: d->tape_len, site_unspill_tape); sets d->spilled (and
 * d->text_hash, SITE_TEXT_SEED), or
 * leaves it 0 when it cannot.  Any thread (a source's texts file: the
 * thread that crawls it). */
#define SITE_TEXT_SEED 0x74657874u
void site_spill(struct site *s, struct document *d, const char *text,
		size_t len, const char *tape, size_t tape_len);
/* The text site_spill kept of d, in a; NULL when it cannot be read. */
const char *site_unspill(struct site *s, const struct document *d, struct arena *a);
/* The tape site_spill kept of d, in a (aligned for mdtape_play), its length
 * in *len; NULL (and 0) when there is none or it cannot be read. */
const char *site_unspill_tape(struct site *s, const struct document *d,
			      struct arena *a, size_t *len);

/* Derives entities, services, teams, owners, relations, titles and
 * addresses from the crawled sources (assemble.c). */
void site_assemble(struct site *s);

/* A cache file at path could not be written (errno says why): reported
 * once per build, as an operator-fixable error (the site is still right;
 * the next build does the work again). */
void site_cache_failed(struct site *s, const char *path);

/* Computes the fingerprints (chrome_fp, each source's fp) after assembly;
 * theme_fp covers the theme's files. */
void site_fingerprint(struct site *s, uint64_t theme_fp);
/* What a service's pages show from its own repository (its fields, its
 * documents' paths, addresses, titles, kinds, last changes and owners),
 * mixed into h: its digest, made by site_fingerprint. */
uint64_t site_mix_service(uint64_t h, const struct service *svc);

/* Looks up the document at a repository path (exact match), or NULL. */
struct document *site_find_doc(const struct source *src, const char *path);
/* Looks up an aux file by path, or NULL. */
const struct aux_file *site_find_aux(const struct source *src, const char *path);
/* Looks up a tree entry by path, or NULL. */
const struct repo_entry *site_find_entry(const struct source *src, const char *path);

/* Appends name made safe for one path segment: its letters and digits
 * folded (lower case, Latin accents removed: "Café" -> "cafe"; letters of
 * other scripts kept, "Привет" -> "привет"), '_' and '.', where runs of
 * anything else become one '-'; no leading '.' or '-'; never empty; at
 * most SITE_SEGMENT_MAX bytes (a longer one is cut, and ends in '-' and 8
 * hex digits of a hash of the whole name). */
#define SITE_SEGMENT_MAX 120
/* A document's address under its service at most (safe_path in
 * assemble.c): a longer one is "_deep-" and a hash of its path. */
#define SITE_PATH_MAX 1024
void site_safe_segment(struct buf *out, const char *name, size_t len);

const char *site_kind_label(enum doc_kind k);
/* The label of one document: site_kind_label, "ADR" for ADRs. */
const char *site_doc_label(const struct document *d);
/* A document's kind as a lower-case id for templates and CSS: overview,
 * runbook, rfc, adr (RFCs in a folder named adr/ or decisions/ at any
 * depth: docs/adr/, doc/architecture/decisions/), postmortem,
 * doc, page. */
const char *site_kind_id(const struct document *d);

/* The relative URL from the folder page `from` to the site-relative
 * address `to` (both without a leading '/'; `from` ends in '/' or is ""). */
void site_relative(struct buf *out, const char *from, const char *to);

#endif
