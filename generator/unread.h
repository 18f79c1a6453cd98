/* unread: the Markdown files of a repository that cairn does not read,
 * grouped by where they are and what they look like, and the paths: that
 * would read them.
 *
 * Real archives keep post-mortems at the root ("PM2020-004 - CoreDNS
 * upgrade issue.md"), runbooks under content/runbooks/ or alerts/, design
 * documents under design/: none of cairn's defaults.  Rather than drop
 * them in silence, the crawl reports them with the line of cairn.yaml that
 * reads them, and the service page says it too.
 *
 * What is reported: Markdown files no kind claims (not excluded), in a
 * folder whose name says their kind (runbooks, alerts, postmortems,
 * incidents, rfcs, adr, decisions, design, proposals, keps, ...) or at the
 * root under a name that does ("PM2019-009 - x.md", "incident-x.md"); and,
 * in a repository of which cairn read nothing but its README, any other
 * (as docs).  A repository's own project files (CHANGELOG.md,
 * CONTRIBUTING.md, LICENSE.md, ...), dot-folders (.github/) and vendored
 * trees (vendor/, node_modules/, third_party/) are never reported. */
#ifndef CAIRN_UNREAD_H
#define CAIRN_UNREAD_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "repo.h"

/* One group: files of one kind under one folder (or at the root). */
struct unread_group {
	int kind; /* CONFIG_PATH_RUNBOOKS, _POSTMORTEMS, _RFCS, _DOCS */
	const char *folder; /* "" for the root, else "content/runbooks" */
	/* what reads them, as the items of a YAML list, quoted: in a folder,
	 * the folder, a double star and "*.md"; at the root, the files' own
	 * names when there are at most three, else the letters they all
	 * start with and "*.md" ("PM*.md"), else "*.md" */
	const char *pattern;
	const char *example; /* one of its files */
	size_t count;
	/* its files that are a folder's README.md below the group's folder
	 * (one folder a proposal, as KEPs): when they are most of them, the
	 * pattern is the folder, a double star and their name */
	size_t readmes;
	const char *readme;   /* the first one's name ("README.md") */
	const char *first[3]; /* its first files */
};

struct unread {
	struct unread_group *groups; /* in the order first met (path order) */
	size_t n;
	size_t files; /* in all groups */
};

/* Whether path was read (a document or an aux file of the repository). */
typedef int (*unread_is_read)(void *ctx, const char *path);

/* Finds the unread Markdown files among entries (a tree's, sorted by path)
 * into *out (all in a).  claimed says whether paths: excludes a path or
 * gives it a kind (may be NULL); readme_only whether cairn read nothing
 * but the README; chosen has bit 1 << kind set for each kind whose paths
 * the user wrote (a kind the user placed is not second-guessed). */
void unread_find(struct unread *out, struct arena *a,
		 const struct repo_entry *entries, size_t n, unread_is_read is_read,
		 void *ctx, int (*claimed)(void *ctx, const char *path),
		 int readme_only, unsigned chosen);

/* What the groups are, for a sentence: "25 at the root look like
 * post-mortems (e.g. "PM2019-009 - x.md"), 108 under content/runbooks/
 * look like runbooks" (at most five groups, then "and N more"). */
void unread_what(const struct unread *u, struct buf *out);

/* The paths: that reads them, as YAML flow: {postmortems: ["*.md"],
 * runbooks: [<the folder's glob>]}, each kind once with its globs. */
void unread_paths(const struct unread *u, struct buf *out);

/* One user-fixable warning for repo naming the groups and the paths: that
 * reads them, when there are any. */
void unread_report(const struct unread *u, const char *repo, struct diag_list *d);

#endif
