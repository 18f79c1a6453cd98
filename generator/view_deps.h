/* view_deps: the pieces of pages that show third-party packages, for the
 * dependency pages and the service page (below the page modules). */
#ifndef CAIRN_VIEW_DEPS_H
#define CAIRN_VIEW_DEPS_H

#include "render.h"
#include "site.h"
#include "val.h"

struct dep_package;

/* A package as a list shows it: {name, ecosystem, url, nservices,
 * nversions}, its url relative to from. */
struct val *view_dep_package(struct render_ctx *r, const char *from,
			     const struct dep_package *pkg);
/* The service page's `service.dependencies`: its direct packages, by
 * ecosystem and name, each {name, ecosystem, version, url, dev}. */
struct val *view_service_deps(struct render_ctx *r, const char *from,
			      const struct service *svc);

#endif
