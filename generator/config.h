/* config: cairn.yaml, the operator's description of a portal.
 *
 *     title: Acme Engineering        # the site's name
 *     base_url: https://portal.acme.example/   # where it is published
 *     output: site                   # folder to write (default "site")
 *     theme: default                 # or a theme folder's name or path
 *     content: content               # the portal's own Markdown pages
 *     cache: .cairn-cache            # where url: repositories are cloned
 *     environments: [staging, production]
 *     markdown:
 *       raw_html: true               # false: escape all raw HTML
 *     repos:
 *       - path: ../payments          # a working tree or a bare repository
 *       - url: https://git.example/ledger.git
 *         branch: main
 *       - glob: /srv/git/NAME.git     # NAME may be a * pattern
 *         paths: {runbooks: [...]}   # this repository
 *     paths:                         # where each kind lives (all repos)
 *       exclude: [vendor/NAME]   # see README.md
 *     postmortems:
 *       rules_since: 2024-01-01      # house rules for newer ones only
 *
 * Relative paths are relative to the folder holding cairn.yaml.  Problems
 * are operator-fixable diagnostics naming the line.  A glob: that matches
 * no folder is an error but leaves the configuration usable (the rest of
 * the site is built; cairn exits 1). */
#ifndef CAIRN_CONFIG_H
#define CAIRN_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "yaml.h"

/* limits: in cairn.yaml — what one repository's content may cost.  Going
 * over one is a diagnostic (the file or the rest is skipped), never a
 * crash. */
struct config_limits {
	size_t file_size; /* largest Markdown, YAML or CODEOWNERS file read */
	size_t api_file_size; /* largest API description read */
	size_t line_length;   /* longest line of a Markdown, YAML or CODEOWNERS
			       * file (API descriptions may be one line) */
	size_t repo_files;    /* most files listed in one repository */
	struct yaml_limits yaml; /* deepest nesting, most nodes through aliases */
};
#define CONFIG_LIMITS_INIT                                                \
	{                                                                 \
		4u << 20, 32u << 20, 256u << 10, 200000, YAML_LIMITS_INIT \
	}

/* paths: where each kind of content lives in a repository, as lists of
 * path patterns (codeowners_path_glob).  In cairn.yaml at the top level
 * and in a repos entry, and in a repository's own .cairn.yaml.  A kind
 * that is listed replaces the list below it (defaults < top level <
 * .cairn.yaml < repos entry); exclude removes its matches from every kind. */
enum config_path_kind {
	CONFIG_PATH_CATALOG,
	CONFIG_PATH_OWNERS,
	CONFIG_PATH_README,
	CONFIG_PATH_RUNBOOKS,
	CONFIG_PATH_APIS,
	CONFIG_PATH_RFCS,
	CONFIG_PATH_POSTMORTEMS,
	CONFIG_PATH_DOCS,
	CONFIG_PATH_EXCLUDE,
	CONFIG_PATH_CONTRACTS, /* Pact contract files (pact.h) */
	CONFIG_PATH_ALERTS,    /* Prometheus alerting rules (alerts.h) */
	CONFIG_PATH_SLOS,      /* OpenSLO documents (slo.h) */
	CONFIG_PATH_TECHDEBT,  /* technical debt items (techdebt.h) */
	CONFIG_PATH_ONCALL,    /* on-call rotations (oncall.h) */
	CONFIG_PATH_KINDS
};

/* The keys of paths:, by kind ("catalog", ..., "exclude"). */
extern const char *const config_path_keys[CONFIG_PATH_KINDS];

struct config_paths {
	int set[CONFIG_PATH_KINDS]; /* the kind is listed (maybe empty) */
	char **pats[CONFIG_PATH_KINDS];
	int *lines[CONFIG_PATH_KINDS]; /* of each pattern in its file */
	size_t n[CONFIG_PATH_KINDS];
};

/* Reads a paths: mapping v into *p (which must be zeroed or released).
 * Unknown keys, values that are not lists of strings and patterns that do
 * not compile are diagnostics of severity sev and class cls naming repo
 * (may be NULL) and file.  Returns the number of problems. */
int config_paths_parse(struct config_paths *p, const struct val *v,
		       struct diag_list *d, enum diag_severity sev,
		       enum diag_class cls, const char *repo, const char *file);

/* Reads a repository's .cairn.yaml (text of len bytes; file names it in
 * diagnostics, which are user-fixable warnings): only paths: is read, any
 * other key is reported.  Returns the number of problems. */
int config_repo_file_parse(struct config_paths *p, const char *text, size_t len,
			   const struct yaml_limits *lim, const char *repo,
			   const char *file, struct diag_list *d);

/* A fingerprint of p's lists (caches of what was classified depend on it). */
uint64_t config_paths_fingerprint(uint64_t h, const struct config_paths *p);

void config_paths_copy(struct config_paths *dst, const struct config_paths *src);
void config_paths_release(struct config_paths *p);
/* fetch: in cairn.yaml — how url: repositories are cloned and fetched. */
struct config_fetch {
	double timeout; /* seconds one attempt may take (connecting, waiting
			  * for the server, transferring) */
	int retries;	/* attempts after a failed one */
	double backoff; /* seconds before the first retry, doubled before
			  * each next one */
};
#define CONFIG_FETCH_INIT \
	{                 \
		120, 2, 1 \
	}

struct config_repo {
	char *name; /* the repository's name (from name:, or its folder/URL) */
	char *path; /* absolute or config-relative path, or NULL for url: */
	char *url;  /* NULL for path: */
	char *branch;		   /* NULL: HEAD */
	char *deploy_pattern;	   /* NULL: the global one */
	int line;		   /* line of cairn.yaml it came from */
	int glob;		   /* one of a glob:'s folders */
	int named;		   /* name: was given */
	struct config_paths paths; /* its paths: (nothing set: none) */
	int has_rules_since; /* postmortems: {rules_since:} in the entry */
	long rules_since;    /* days since 1970, or -1 (none) */
};

/* A glob: entry of repos that matched no folder (an error in the
 * configuration's diagnostics).  The repositories it matched in earlier
 * builds are found again in the crawl cache by their recorded paths. */
struct config_glob {
	char *pattern; /* resolved against the configuration's folder */
	char *branch;  /* NULL: HEAD */
	int line;      /* line of cairn.yaml it came from */
};

struct config {
	char *file; /* the cairn.yaml path as given */
	char *dir;  /* its folder */
	char *title;
	char *base_url;	     /* "" or ending in '/' */
	char *output;	     /* resolved against dir */
	char *theme;	     /* "default" or a folder path (resolved) */
	char *content;	     /* resolved folder (may not exist) */
	char *cache;	     /* resolved folder */
	char *pagerduty_url; /* "" or ending in '/': on-call links */
	int stale_days;	     /* runbooks older than this are marked stale */
	/* house rules for post-mortems (postmortems: in cairn.yaml) */
	int max_action_items;	   /* more in one post-mortem is reported */
	int sprint_days;	   /* length of a sprint */
	int escalation_sprints;	   /* open items older than this many sprints
				 * need escalating */
	long rules_since;	   /* post-mortems dated before this day (days
				 * since 1970) escape the house rules and
				 * escalation; -1: none (config_rules_since) */
	struct config_paths paths; /* the top-level paths: */
	/* deploys: in cairn.yaml */
	char *deploy_pattern; /* default: DEPLOY_DEFAULT_PATTERN */
	char *deploy_feed;    /* resolved path, or NULL */
	char *production;     /* the production environment, or NULL */
	/* markdown: in cairn.yaml */
	int raw_html; /* 1: raw HTML in Markdown is sanitized and
				 * kept (html.h); 0: all of it is escaped */
	char **environments;
	size_t nenvironments;
	struct config_limits limits;
	struct config_fetch fetch;
	struct config_repo *repos;
	size_t nrepos;
	struct config_glob *empty_globs; /* glob: entries that matched nothing */
	size_t nempty_globs;
	/* slos: in cairn.yaml */
	char *slo_feed; /* the SLO status feed: resolved path, or NULL */
	/* tech_debt: in cairn.yaml (the house rules of techdebt.h) */
	int debt_sprint_days;	   /* length of a sprint (default 14) */
	int debt_reckless_sprints; /* reckless debt unpaid longer is flagged
				    * (default 1) */
	uint64_t values_fp;	   /* a hash of what it says but where the
				    * site and the cache go (output, cache) */
};

#define CONFIG_INIT \
	{           \
		0   \
	}

/* Reads and checks file.  Returns 0 when the configuration is usable (there
 * may still be warnings in d), -1 when it is not (errors are in d). */
int config_load(struct config *c, const char *file, struct diag_list *d);

/* config_load on text already read (len bytes; need not be NUL-terminated)
 * as if it were the contents of file (which is not opened: it names the
 * configuration in diagnostics, and its folder resolves relative paths). */
int config_parse(struct config *c, const char *file, const char *text,
		 size_t len, struct diag_list *d);

/* Fills the defaults only (no file): used by tests and `cairn render`. */
void config_defaults(struct config *c, const char *dir);

/* A fingerprint of the limits: caches of what was read depend on them. */
uint64_t config_limits_fingerprint(const struct config_limits *lim);

/* The rules_since day for post-mortems of repository r (NULL: the
 * top-level one), or -1 when every post-mortem is ruled. */
long config_rules_since(const struct config *c, const struct config_repo *r);

/* Resolves p against the config's folder (absolute paths stay); malloc'd. */
char *config_resolve(const struct config *c, const char *p);

void config_release(struct config *c);

#endif
