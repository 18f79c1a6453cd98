/* api_changes: what a deploy would change in an API -- its description
 * read at the commit each environment runs and at the default branch,
 * compared by apidiff (rules: docs/api-changes.md).
 *
 * For an OpenAPI description kept in a file of a repository whose
 * provider has deploy tags (deploy.h), the steps are, in this order:
 *   the default branch against production (what deploying the branch
 *   would change), then each environment against the next one in the
 *   configured order (staging against production: what promoting it
 *   would change).  An environment that runs nothing is left out; so is a
 *   step between two commits where the description's files (the file and
 *   every file its $refs read) have the same blob ids.
 *
 * Reading old commits costs time: each version's shape (openapi_shape) is
 * kept in the cache folder (<cache>/api-shapes/), keyed by the path and
 * blob id of the description's file and checked against the blob ids of
 * every file its $refs read, so a rebuild where nothing moved reads no
 * blob and parses nothing.  Diagnostics of old versions are not reported
 * (they were, when those versions were the branch).
 *
 * Threads: called by a render worker with its own render_ctx (its open
 * repository, its arena); everything returned lives in r's arena. */
#ifndef CAIRN_API_CHANGES_H
#define CAIRN_API_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "apidiff.h"
#include "render.h"

/* One comparison: from what runs in from_env to `to`. */
struct api_changes_step {
	const char *from_env; /* "production" */
	const char *to;	      /* the branch's name, or an environment */
	int to_branch;	      /* to is the default branch */
	char from_commit[41], to_commit[41];
	struct apidiff_change *changes;
	size_t n, nbreaking;
	const char *error; /* a version could not be read: why (then
				    * no changes); NULL */
	/* per change: the consumers whose contracts exercise its operation
	 * (api_changes_add_consumers); NULL until then */
	struct api_changes_consumers *consumers;
};

/* A consumer whose contract exercises an operation. */
struct api_changes_consumer {
	const char *name;    /* the consumer's name, as shown */
	const char *url;     /* site address of its page, or NULL */
	size_t interactions; /* how many of its interactions */
};

struct api_changes_consumers {
	const struct api_changes_consumer *v;
	size_t n;
};

struct api_changes {
	struct api_changes_step *steps;
	size_t n;
	int tracked; /* the API has deploys to compare with */
	/* the default branch's shape, whose anchors the page has */
	const struct openapi_shape *branch;
};

/* Fills *out for api (nothing, tracked 0, for an API that is not an
 * OpenAPI file in a repository with deployed environments).  Never
 * fails: a version that cannot be read is the step's error. */
void api_changes_collect(struct api_changes *out, struct render_ctx *r,
			 const struct api *api);
/* api_changes_collect, with the YAML of the page's own parse of api->text
 * (tree: OPENAPI_TREE_INIT(api->text, api->len, the site's YAML limits);
 * may be NULL) used for a version whose file holds the same bytes, so
 * that a cold build parses the text once for the page and its shape. */
void api_changes_collect_tree(struct api_changes *out, struct render_ctx *r,
			      const struct api *api, struct openapi_tree *tree);

/* The key of what api_changes_collect reads for api (never 0), or 0 when
 * it reads nothing (the API is not tracked): the repository's name, the
 * description's path, the branch's name and head, each environment's
 * name and the commit it runs, mixed into limits_fp (the limits the
 * versions are read with).  What a commit holds never changes, so equal
 * keys give equal changes when no version failed to be read
 * (api_changes_cache.h keeps them under it). */
uint64_t api_changes_key(const struct api *api, uint64_t limits_fp);

/* For the contracts (issue 18): gives the consumers whose contracts
 * exercise the operation a change is about: ch->anchor for an operation
 * the default branch still has, and ch->method and ch->path (a path
 * template: "/payments/{id}/refunds") for every change, a removed
 * operation included, whose anchor no page has any more.  Returns their
 * count and sets *out (owned by the callee, alive while the page is
 * made); 0 when none. */
typedef size_t (*api_changes_consumers_fn)(const struct apidiff_change *ch,
					   const struct api_changes_consumer **out,
					   void *userdata);

/* Attaches to each breaking change of every step the consumers fn gives
 * for its operation.  The page then says "removing GET
 * /payments/{id}/refunds breaks checkout-web: 2 interactions". */
void api_changes_add_consumers(struct api_changes *c, struct render_ctx *r,
			       api_changes_consumers_fn fn, void *userdata);

/* The section's template data (a map: tracked, steps[] with from_env, to,
 * commits, counts, error, changes[] with kind, breaking, method, path,
 * anchor, detail, consumers[]), its links relative to `from`. */
struct val *api_changes_val(struct render_ctx *r, const char *from,
			    const struct api_changes *c);

/* For a service's deploy section: its APIs (from its own repository) whose
 * pages have the section, as a list of {title, url} (url to the section,
 * relative to `from`).  Reads nothing but the model: the list does not
 * depend on what changed. */
struct val *api_changes_links(struct render_ctx *r, const char *from,
			      const struct service *svc);

#endif
