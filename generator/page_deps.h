/* page_deps: who ships what — the dependencies/ page with its filter box,
 * a page per package, the filter's data, dependencies.json, and the
 * service page's direct dependencies (assemble_deps.h is the model).
 *
 * The filter runs in the browser (themes/default/assets/deps.js, from
 * file:// too): it reads the package's shard of the data,
 * dependencies/data/<c>.js where c is the first character of the
 * package's key (its name in lower case; a Maven package's artifactId),
 * a-z or 0-9, "_" for any other, so that one query loads one shard
 * however many packages there are; dependencies/data/services.js gives
 * each service's name, address, team and on-call link. */
#ifndef CAIRN_PAGE_DEPS_H
#define CAIRN_PAGE_DEPS_H

#include "render.h"

struct dep_package;

/* The dependencies/ page names each version's services while the site
 * has at most this many uses of packages in all; past it, it gives their
 * number (the package's page names them). */
#define PAGE_DEPS_INLINE 5000

void page_deps_index(struct render_ctx *r);
void page_dep_package(struct render_ctx *r, const struct dep_package *pkg);
/* dependencies/data/services.js and the shards. */
void page_deps_data(struct render_ctx *r);
/* dependencies.json: packages[] with ecosystem, name, url, versions[] each
 * with version, services[] ({name, direct, dev}) and direct (some service
 * names it directly). */
void export_dependencies(struct render_ctx *r);

#endif
