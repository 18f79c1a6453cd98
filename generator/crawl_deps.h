/* crawl_deps: the manifests and lock files of one repository (deps.h), read
 * by its crawl thread.
 *
 * Every file of the tree whose name deps_format_of knows is read, wherever
 * it is, except under node_modules/ and vendor/ folders (installed copies
 * of other projects) and what paths: excludes.  In one folder a manifest
 * and its lock file (package.json and package-lock.json, composer.json and
 * composer.lock, pyproject.toml and poetry.lock) are merged into one list (deps_merge); every other file
 * is a list of its own.  A file that cannot be read is a user-fixable
 * error naming it and its line; what a readable file skips is a warning.
 *
 * What was read is kept in <cache>/deps/, keyed by the paths and blob ids
 * of the files read: a rebuild at the same files reads no blob, and a
 * repository that cannot be read any more (stale) gets its last lists. */
#ifndef CAIRN_CRAWL_DEPS_H
#define CAIRN_CRAWL_DEPS_H

#include "deps.h"
#include "repo.h"
#include "site.h"

/* One list of packages: a manifest and its lock file, or one file. */
struct dep_file {
	const char *path;     /* the lock file's when there is one, else the
			     * manifest's */
	const char *manifest; /* the manifest read with the lock file, or
			       * NULL: the file of the packages whose line is
			       * its (deps_package.in_manifest) */
	const char *folder;   /* its folder ("" at the root) */
	struct deps_list list;
	const char *strings; /* the packages' names, versions and ranges, each
			      * ending in NUL, in order (what the cache keeps) */
	size_t strings_len;
};

/* Fills src->dep_files from src->entries, reading blobs through r (NULL:
 * only the cache can give them).  Diagnostics go to src->diags.  The
 * crawl thread of src only. */
void crawl_deps(struct site *s, struct source *src, struct repo *r);

/* crawl_deps from the cache alone, for a repository not opened: 0 when
 * the lists are kept for the files src->entries has now; else -1, src
 * untouched (then crawl_deps, with the repository). */
int crawl_deps_kept(struct site *s, struct source *src);

#endif
