/* alerts: Prometheus alerting rules read from a repository's files, and
 * the rule that links each alert to its runbook (issue 19, "alerts →
 * runbooks").
 *
 * What is read: rule files (`groups: [{name, rules: [...]}]`), Kubernetes
 * PrometheusRule resources (`spec.groups`), both in multi-document YAML
 * and in the items of a `kind: List`, and ConfigMaps whose data values are
 * rule files.  Each alerting rule (`alert:`) gives an alerts_rule;
 * recording rules (`record:`) are counted and skipped.  A file that holds
 * no rule group (a Prometheus configuration, a dashboard, any other YAML
 * under the default globs) is "not an alerts file": alerts_read returns 0
 * with ngroups 0 and the caller says nothing.  A file with rule groups and
 * a rule that cannot be read keeps its other rules and lists `problems`;
 * YAML that cannot be parsed at all is a -1 (a user-fixable diagnostic
 * with the line) when it looks like rules (it mentions "groups:") and is
 * no template (no line starts with "{{", as a Helm chart's directives
 * do), and "not an alerts file" otherwise (with `templated` set when it
 * holds "{{", a Helm or Jsonnet template cairn cannot read). */
#ifndef CAIRN_ALERTS_H
#define CAIRN_ALERTS_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "val.h"
#include "yaml.h"

/* One alerting rule.  Strings are arena-owned, never NULL ("" when the
 * rule does not say). */
struct alerts_rule {
	const char *name;	  /* `alert:` */
	const char *group;	  /* its group's `name:` */
	const char *expr;	  /* the PromQL expression, as written */
	const char *duration;	  /* `for:` ("5m") */
	const char *severity;	  /* labels.severity */
	const char *summary;	  /* annotations.summary */
	const char *description;  /* annotations.description, else .message */
	const char *runbook_url;  /* annotations.runbook_url, else .runbook */
	const struct val *labels; /* the maps as written; NULL when none */
	const struct val *annotations;
	int line; /* of `alert:` */
};

struct alerts_problem {
	int line;
	const char *msg; /* lower case, the thing quoted */
};

struct alerts_file {
	struct alerts_rule *rules;
	size_t len, cap;
	size_t ngroups;	   /* rule groups found: 0 means not an alerts file */
	size_t nrecording; /* recording rules skipped */
	int templated;	   /* not YAML, and holds "{{": a template */
	struct alerts_problem *problems;
	size_t nproblems, cap_problems;
};

#define ALERTS_FILE_INIT                        \
	{                                       \
		NULL, 0, 0, 0, 0, 0, NULL, 0, 0 \
	}

struct alerts_error {
	int line; /* 1-based; 0 when unknown */
	char msg[256];
};

/* Reads the rules of a file's text (len bytes, any content) into out
 * (appending; start from ALERTS_FILE_INIT), all in a.  lim bounds the
 * YAML as cairn.yaml's limits say (NULL: yaml.h's defaults).  Returns 0,
 * or -1 with err filled. */
int alerts_read(struct alerts_file *out, struct arena *a, const char *text,
		size_t len, const struct yaml_limits *lim, struct alerts_error *err);

/* Reads one rule file as the build does (alerts_read), reporting what it
 * cannot read as user-fixable warnings naming repo (may be NULL) and path
 * with the line: YAML that cannot be read ("...: the file's alerts are not
 * read") and each of the file's problems.  Returns 0 (out filled; ngroups
 * 0 for a file that is not an alerts file), or -1 when the file was not
 * read. */
int alerts_read_file(struct alerts_file *out, struct arena *a, const char *text,
		     size_t len, const struct yaml_limits *lim,
		     const char *repo, const char *path, struct diag_list *d);

/* The warning for rule r of the file path (in repo, may be NULL) when
 * alerts_find_runbook finds no runbook: user-fixable, with the rule's
 * line, and how to fix it. */
void alerts_warn_no_runbook(struct diag_list *d, const char *repo,
			    const char *path, const struct alerts_rule *r);

/* The default places of rule files, as `paths:` globs (NULL-terminated):
 * files named *.rules.y*ml anywhere, and *.y*ml files anywhere below a
 * folder named alerts or prometheus (at any depth). */
extern const char *const alerts_default_globs[];

/* 1 when repository path (no leading '/') matches one of
 * alerts_default_globs, as `paths:` globs match (case-sensitive; "**"
 * spans zero or more folders), else 0. */
int alerts_path_is_default(const char *path);

/* ---- linking an alert to its runbook ---- */

/* A runbook the crawl found, as the linking rule sees it. */
struct alerts_runbook {
	const char *repo;    /* the crawled repository's name */
	const char *web_url; /* the repository's web address, as a browser
			      * shows it ("https://github.com/acme/ledger",
			      * "https://gitlab.example.com/group/sub/app");
			      * NULL or "" when unknown */
	const char *path;    /* the runbook's repository path
			      * ("docs/runbooks/LedgerDriftHigh.md") */
	const char *title;   /* its title; NULL when none */
};

/* How an alert found its runbook, strongest first. */
enum alerts_link {
	ALERTS_LINK_NONE = 0,
	ALERTS_LINK_URL,   /* runbook_url is the web address of the runbook's
			    * file: https://HOST/REPO/blob/BRANCH/PATH or
			    * .../-/blob/..., tree/ and raw/ too (scheme,
			    * the case of the repository's address, "#..."
			    * and "?..." ignored) */
	ALERTS_LINK_PATH,  /* runbook_url is a relative path from the rule
			    * file (or from the repository's root with a
			    * leading '/') to the runbook, in the rule's
			    * repository ("x" may name "x.md", "x/README.md"
			    * or "x/index.md") */
	ALERTS_LINK_NAME,  /* the runbook's file stem (its folder's name for
			    * README.md and index.md) is the alert's name,
			    * in any case */
	ALERTS_LINK_TITLE, /* the runbook's title is the alert's name, in any
			    * case */
	ALERTS_LINK_WORDS  /* the stem or title is the alert's name in other
			    * words: "KubePodCrashLooping" and
			    * "kube-pod-crash-looping" or "Kube Pod Crash
			    * Looping" (letters and digits compared, case
			    * and everything else ignored) */
};

/* Whether url (a web address) lies in the repository whose web address is
 * web_url (scheme and "www." aside, case aside): the repository itself or
 * a page under it. */
int alerts_url_in(const char *url, const char *web_url);

/* The runbook of the alert named alert, whose rule file is rule_path in
 * repository rule_repo, with runbook_url as its annotations say ("" or
 * NULL when none): the strongest link of enum alerts_link; among runbooks
 * linked as strongly, one in the rule's repository first, then the first
 * in rbs.  A runbook_url that names no crawled runbook falls through to
 * the name rules.  Returns how (ALERTS_LINK_NONE: no runbook, the warning
 * the caller gives, naming the rule file) with *index set to the
 * runbook's index in rbs when one is found. */
enum alerts_link alerts_find_runbook(size_t *index,
				     const struct alerts_runbook *rbs, size_t n,
				     const char *alert, const char *runbook_url,
				     const char *rule_repo, const char *rule_path);

#endif
