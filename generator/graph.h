/* graph: the dependency picture of a service, drawn by cairn as inline SVG
 * (no script): what depends on the service on the left, the service in the
 * middle, what it depends on (services and other entities) and the APIs it
 * consumes on the right.  Boxes of services of the portal are links. */
#ifndef CAIRN_GRAPH_H
#define CAIRN_GRAPH_H

#include "buf.h"
#include "render.h"
#include "site.h"

/* Appends the SVG (nothing when the service has no relations); links are
 * relative to the page `from`. */
void graph_dependencies(struct buf *out, struct render_ctx *r, const char *from,
			const struct service *svc);

#endif
