/* check: lints one repository as it is on disk, with the rules the build
 * applies to it, without building a site (`cairn check`).
 *
 * The working tree is read from the filesystem, not from git: uncommitted
 * and untracked files count.  Every folder under the root is walked except
 * ".git", "node_modules" and nested repositories (a folder holding a .git
 * entry: a submodule or a vendored checkout).  Symbolic links are never
 * followed, so nothing outside the root is read: a link where a document or
 * descriptor was expected is reported as the build reports it, and files
 * are opened one folder at a time with O_NOFOLLOW.
 *
 * What is checked, and with which module:
 *   - .cairn.yaml (only paths: is read there), which says where things are;
 *   - the files the build reads as documents (layout_classify, with the
 *     monorepo homes of the repository's own catalog): binary files,
 *     invalid UTF-8 and front matter (crawl_make_doc); RFCs and ADRs
 *     (rfc_parse); post-mortems and their action items (postmortem_parse,
 *     with opts->max_action_items); relative links and images that name no
 *     file or folder of the repository (markdown_render's resolve hook);
 *   - catalog-info.yaml in any folder: YAML and descriptor validity
 *     (catalog_parse) and entities declared twice (catalog_index_new).
 *     References are not resolved: the rest of the organisation is not
 *     there;
 *   - the CODEOWNERS that wins (codeowners_parse), CODEOWNERS files that
 *     lose to it, and every OWNERS file (owners_tree_add);
 *   - contract files (the contracts kind: pact_parse): valid JSON, the
 *     consumer's and provider's names, each interaction's request.method,
 *     request.path and response.status, a known specification version
 *     (names are not matched to services: the organisation is not there);
 *   - alerts files (the alerts kind: alerts_read_file, as the build
 *     reads them): an alert with no runbook of this repository (by
 *     runbook_url as a path, or named after it: alerts_find_runbook) is
 *     the build's warning (alerts_warn_no_runbook); a runbook_url that is
 *     a web address is not followed (another repository may hold it);
 *   - documents and descriptors over CRAWL_MAX_DOC_SIZE are reported and
 *     skipped.
 * Diagnostics carry no repository and repository-relative paths; the
 * caller prints them (check_print) with whatever prefix names the root. */
#ifndef CAIRN_CHECK_H
#define CAIRN_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "config.h"
#include "diag.h"

struct check_opts {
	int max_action_items; /* per post-mortem; <= 0: no limit */
	long today;	      /* days since 1970 the debt rules are applied
			       * on; < 0: the clock's */
	/* the portal's configuration (`cairn check --config`), or NULL: its
	 * top-level paths: (under the repository's .cairn.yaml) and its
	 * tech_debt: house rules are used, as the build uses them; the
	 * defaults otherwise (the caller sets max_action_items from it) */
	const struct config *cfg;
};
#define CHECK_OPTS_INIT     \
	{                   \
		3, -1, NULL \
	}

/* What check_repo found. */
struct check_found {
	size_t nfiles;			 /* files read */
	size_t kinds[CONFIG_PATH_KINDS]; /* files of each kind (config.h) */
};

/* Lints the repository whose working tree is the folder root, reading its
 * .cairn.yaml for where things are (as the build does; its patterns that
 * match nothing are warnings).  Problems found in its files go to d;
 * *found (may be NULL) says what was read.  Returns 0, or -1 when root
 * itself cannot be read as a folder (err then says why, and nothing was
 * checked). */
int check_repo(struct check_found *found, const char *root,
	       const struct check_opts *o, struct diag_list *d, struct buf *err);

/* The house rules o applies, in words: "at most 3 action items per
 * post-mortem; reckless debt owned and paid within 14 days (1 sprint of
 * 14 days); prudent debt with a rationale and a date". */
void check_rules_line(struct buf *out, const struct check_opts *o);

/* "1 README, 3 runbooks, 0 RFCs, 0 post-mortems, ..." */
void check_found_line(struct buf *out, const struct check_found *f);

enum check_format {
	CHECK_FORMAT_CAIRN, /* severity: class: path:line: message */
	CHECK_FORMAT_GCC,   /* path:line: severity: message */
	CHECK_FORMAT_GITHUB /* ::severity file=path,line=N::message */
};

/* The format named "cairn", "gcc" or "github", or -1. */
int check_format_from_name(const char *name);

/* Appends one diagnostic as a line (without the newline) in format f.
 * prefix (NULL or "" for none) is put before the path with a '/', so that
 * paths read from the folder the command was run in.  In the GitHub format
 * the message escapes '%', CR and LF, and the properties ',' and ':' too,
 * as workflow commands require; a line of 0 is left out, and so is the file
 * of a diagnostic without a path. */
void check_format_diag(struct buf *out, const struct diag *dg,
		       enum check_format f, const char *prefix);

/* Sorts d by path, line and arrival, then prints each diagnostic on its
 * own line. */
void check_print(FILE *out, struct diag_list *d, enum check_format f,
		 const char *prefix);

#endif
