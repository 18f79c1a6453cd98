/* export: machine-readable files for other tools (catalog.json). */
#ifndef CAIRN_EXPORT_H
#define CAIRN_EXPORT_H

#include "render.h"

/* Writes catalog.json: services[] with name, title, owner, team,
 * lifecycle, type, system, repo, url, runbooks[], apis[], depends_on[];
 * teams[] with name, members[], services[].  URLs are the pages' addresses,
 * absolute when base_url is set. */
void export_catalog(struct render_ctx *r);

#endif
