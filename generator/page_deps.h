/* page_deps: who ships what — the dependencies/ page with its filter box,
 * a page per package, the filter's data, and the service page's direct
 * dependencies (assemble_deps.h is the model; export.c writes
 * dependencies.json).
 *
 * dependencies/ stays small whatever the scale: a row per package (its
 * newest and oldest versions in use, how many versions and services; the
 * package's page names them), every package while there are at most
 * PAGE_DEPS_INDEX_ROWS; past that, the PAGE_DEPS_INDEX_ROWS that most
 * services use, and links to dependencies/all/<n>/ (n = 1, 2, ...), which
 * list all of them in name order, PAGE_DEPS_INDEX_ROWS a page: a reader
 * without JavaScript reaches every package there (or by search).
 *
 * The filter runs in the browser (themes/default/assets/deps.js, from
 * file:// too, data loaded by <script src>): dependencies/data/services.js
 * gives each service's name, address, team and on-call link, and the first
 * key of each shard; a shard, dependencies/data/<n>.js, holds the packages
 * of consecutive keys, about PAGE_DEPS_SHARD_BYTES at most (a key is
 * never split: one package used everywhere may make a bigger one), so
 * that one query loads one shard of bounded size however many packages
 * there are.  A package's key is
 * its name after its last ':' (a Maven package's artifactId), ASCII
 * letters in lower case and each run of '-', '_' and '.' as one '-' (so
 * that every spelling the filter accepts, PEP 503's too, has the same
 * key); keys are ordered by bytes (code points). */
#ifndef CAIRN_PAGE_DEPS_H
#define CAIRN_PAGE_DEPS_H

#include "render.h"

struct dep_package;

#define PAGE_DEPS_INDEX_ROWS 1000
#define PAGE_DEPS_SHARD_BYTES 65536

void page_deps_index(struct render_ctx *r);
void page_dep_package(struct render_ctx *r, const struct dep_package *pkg);
/* dependencies/data/services.js and the shards. */
void page_deps_data(struct render_ctx *r);

#endif
