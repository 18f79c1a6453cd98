/* assemble_oncall: the on-call rotations of services and teams (issue 20).
 *
 * Where a rotation is read (docs/oncall.md's format, oncall.h's reader):
 * - the `oncall:` key of a Component's catalog-info `spec`: that service's;
 * - the `oncall:` key of a Group's `spec`: that team's;
 * - a rotation file (the `oncall` kind of layout.h: `oncall.yaml`,
 *   `.cairn/oncall.yaml`, `docs/oncall.yaml`, `oncall/<name>.yaml`, any
 *   folder's `oncall.yaml`; aux files of the crawl) that names its
 *   service (`service:`), or lies in a service's home folder (the
 *   longest): that service's, unless it has one from its descriptor;
 * - the repository's file (the first other one, in path order): the
 *   rotation of each of its services without one of its own, or, in a
 *   repository with no services, of each Group it declares without one of
 *   its own.  Any further file is a warning, not used.
 * A service with none of these has its owning team's rotation (inherited
 * set).  Problems are user-fixable diagnostics naming the file and line;
 * a rotation that cannot be read is left out and the build goes on.
 *
 * Runs on assembly's thread after the teams are made (site_assemble); the
 * rotations live in the site's arena (their texts in the sources' arenas
 * and the site's), each zone loaded once. */
#ifndef CAIRN_ASSEMBLE_ONCALL_H
#define CAIRN_ASSEMBLE_ONCALL_H

#include "layout.h"
#include "oncall.h"
#include "site.h"
#include "tz.h"

struct oncall_info {
	struct oncall_rotation rot;
	const struct tz *zone; /* the rotation's zone (UTC when not found) */
	const char *repo;      /* where it is written */
	const char *path;
	const char *json;	 /* oncall_to_json's object */
	const struct team *team; /* the team it is inherited from, or NULL */
};

/* Sets service->oncall and team->oncall for every service and team that
 * has a rotation. */
void assemble_oncall(struct site *s);

#endif
