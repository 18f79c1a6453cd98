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
	size_t file_size;     /* largest Markdown, YAML or CODEOWNERS file read */
	size_t api_file_size; /* largest API description read */
	size_t line_length;   /* longest line of a Markdown, YAML or CODEOWNERS
			       * file (API descriptions may be one line) */
	size_t repo_files;    /* most files listed in one repository */
	struct yaml_limits yaml; /* deepest nesting, most nodes through aliases */
};
#define CONFIG_LIMITS_INIT \
	{ 4u << 20, 32u << 20, 256u << 10, 200000, YAML_LIMITS_INIT }

/* fetch: in cairn.yaml — how url: repositories are cloned and fetched. */
struct config_fetch {
	double timeout;  /* seconds one attempt may take (connecting, waiting
			  * for the server, transferring) */
	int retries;     /* attempts after a failed one */
	double backoff;  /* seconds before the first retry, doubled before
			  * each next one */
};
#define CONFIG_FETCH_INIT { 120, 2, 1 }

struct config_repo {
	char *name;    /* the repository's name (from name:, or its folder/URL) */
	char *path;    /* absolute or config-relative path, or NULL for url: */
	char *url;     /* NULL for path: */
	char *branch;  /* NULL: HEAD */
	char *deploy_pattern; /* NULL: the global one */
	int line;      /* line of cairn.yaml it came from */
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
	char *file;     /* the cairn.yaml path as given */
	char *dir;      /* its folder */
	char *title;
	char *base_url; /* "" or ending in '/' */
	char *output;   /* resolved against dir */
	char *theme;    /* "default" or a folder path (resolved) */
	char *content;  /* resolved folder (may not exist) */
	char *cache;    /* resolved folder */
	char *pagerduty_url; /* "" or ending in '/': on-call links */
	int stale_days; /* runbooks older than this are marked stale */
	/* house rules for post-mortems (postmortems: in cairn.yaml) */
	int max_action_items;   /* more in one post-mortem is reported */
	int sprint_days;        /* length of a sprint */
	int escalation_sprints; /* open items older than this many sprints
				 * need escalating */
	/* deploys: in cairn.yaml */
	char *deploy_pattern;   /* default: DEPLOY_DEFAULT_PATTERN */
	char *deploy_feed;      /* resolved path, or NULL */
	char *production;       /* the production environment, or NULL */
	/* markdown: in cairn.yaml */
	int raw_html;           /* 1: raw HTML in Markdown is sanitized and
				 * kept (html.h); 0: all of it is escaped */
	char **environments;
	size_t nenvironments;
	struct config_limits limits;
	struct config_fetch fetch;
	struct config_repo *repos;
	size_t nrepos;
	struct config_glob *empty_globs; /* glob: entries that matched nothing */
	size_t nempty_globs;
};

#define CONFIG_INIT { 0 }

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

/* Resolves p against the config's folder (absolute paths stay); malloc'd. */
char *config_resolve(const struct config *c, const char *p);

void config_release(struct config *c);

#endif
