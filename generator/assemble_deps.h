/* assemble_deps: who ships what, a part of assembly (assemble.c calls it
 * last; see site_assemble).
 *
 * Each repository's lists of packages (src->dep_files, crawl_deps.h)
 * belong to the service whose home folder holds the file (the longest),
 * else to the repository's first service, as its documents do.  A service
 * uses a package at a version once (direct when any of its files names it
 * directly, dev when all of them say dev).  The site's packages are every
 * package some service uses, by ecosystem and name, each with its
 * versions newest first (version.h orders them) and the services at each.
 * Everything is allocated in the site's arena. */
#ifndef CAIRN_ASSEMBLE_DEPS_H
#define CAIRN_ASSEMBLE_DEPS_H

#include <stdint.h>

#include "site.h"

struct dep_package;

/* One service's use of one package at one version. */
struct dep_use {
	struct dep_package *pkg;
	struct service *svc;
	const char *version; /* resolved; "" when only a range is known */
	const char *range;   /* as the manifest writes it, or "" */
	int direct, dev;
	const char *path; /* the file naming it (the lock file's when
			      * there is one) and its line */
	int line;
};

/* A version of a package and the services at it (by slug). */
struct dep_version {
	const char *version; /* the version, or the range when none is known */
	int resolved;	     /* a version (1), or only a range (0) */
	struct dep_use **uses;
	size_t nuses;
};

struct dep_package {
	const char *ecosystem;
	const char *name;
	const char *address; /* dependencies/<ecosystem>/<name made safe>/ */
	struct dep_version *versions; /* newest first; ranges last */
	size_t nversions;
	size_t nservices; /* distinct services using it */
};

/* Fills each service's deps (and deps_fp) and the site's dep_packages. */
void assemble_deps(struct site *s);

#endif
