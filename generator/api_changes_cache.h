/* api_changes_cache: every API's changes not yet deployed
 * (api_changes_collect), kept between builds in <cache>/api-changes.bin
 * under the key of what they are read from (api_changes_key: the
 * description's path, the branch's head and each environment's commit,
 * the limits).  What a commit holds never changes, so a rebuild finds an
 * API's changes without reading each version's shape again, and its page
 * and catalog.json, which both show them, read them from here.
 *
 * Only changes read without an error are kept: a version that could not
 * be read (a commit not in the repository, a repository that cannot be
 * opened) is read again by every build, as it was.  Consumers are not
 * kept: api_changes_add_consumers finds them in the model.
 *
 * Threads: loaded before the pages and saved after them, on the main
 * thread; api_changes_cache_collect is called by the render workers at
 * once (one lock, taken for each lookup and each API read). */
#ifndef CAIRN_API_CHANGES_CACHE_H
#define CAIRN_API_CHANGES_CACHE_H

#include "api_changes.h"

struct api_changes_cache;

/* The cache kept in cache_dir (an empty one when there is none; a
 * damaged file is reported to d as a warning naming it, and not used);
 * NULL when cache_dir is NULL.  limits_fp: config_limits_fingerprint. */
struct api_changes_cache *api_changes_cache_load(const char *cache_dir,
						 uint64_t limits_fp,
						 struct diag_list *d);

/* api_changes_collect_tree(out, r, api, tree) (tree may be NULL: the
 * page's own parse of the text, api_changes.h), or what it gave for the
 * same key in this build or an earlier one (c NULL: collected, as
 * before).  The same values in both cases, in r's arena. */
void api_changes_cache_collect(struct api_changes_cache *c,
			       struct api_changes *out, struct render_ctx *r,
			       const struct api *api, struct openapi_tree *tree);

/* Writes the changes this build used (and those it read), when they
 * differ from what the file holds: 0, or -1 with errno set (the file's
 * path in *path). */
int api_changes_cache_save(struct api_changes_cache *c, const char **path);

void api_changes_cache_free(struct api_changes_cache *c);

#endif
