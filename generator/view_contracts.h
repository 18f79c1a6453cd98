/* view_contracts: the contracts between services (struct contract,
 * site.h) as the API and service pages show them.
 *
 * Each contract is one map for the theme's contract layout: consumer
 * (title, name, url, team_title), api (title, url), repo, file, file_url (its
 * page on the repository's web host, or ""), spec ("Pact 3.0.0", or
 * "Pact"), declared (the consumer lists the API in consumesApis),
 * checked (the API's OpenAPI description was there to check against),
 * mismatches (how many interactions do not match it) and has_mismatches,
 * messages (message interactions, not checked) and has_messages, and
 * has_interactions and interactions [{method, path, status,
 * description, op (the operation it exercises: "GET /payments/{id}", or
 * ""), op_url (its #anchor on the API page, or ""), mismatch (why it does
 * not match, or "")}].  Every url is relative to the page `from`.  What
 * these maps hold comes from other repositories: the pages put them in
 * their fingerprints (view_fp_shown).  A view module (view.h): below the
 * page modules, reading only the model. */
#ifndef CAIRN_VIEW_CONTRACTS_H
#define CAIRN_VIEW_CONTRACTS_H

#include "render.h"

/* The API page's consumers, in r's arena: {by_contract: [contract...],
 * declared_only: [view_service_summary...], has_by_contract,
 * has_declared_only, has_any (it has contracts), mismatches (over all its contracts) and
 * has_mismatches}. */
struct val *view_contracts_api(struct render_ctx *r, const char *from,
			       const struct api *api);

/* The service page's contracts: {held: [contract...] (it is their
 * consumer), against: [contract...] (held against the APIs it provides),
 * has_held, has_against, has_any}. */
struct val *view_contracts_service(struct render_ctx *r, const char *from,
				   const struct service *svc);

/* Adds a search entry (kind "contract") for each contract held against
 * api, to the page at `from` (the API's page): titled "consumer → api",
 * addressed to its Consumers section (#consumers), its text the contract's
 * file and each interaction's method, path, status, description and the
 * operation it exercises. */
void view_contracts_search(struct render_ctx *r, const char *from,
			   const struct api *api);

struct apidiff_change;
struct api_changes_consumer;

/* The consumers whose contracts with api exercise the operation of the
 * change ch (same method, and a path the change's path template matches,
 * with or without the API's base path): an api_changes_consumers_fn, with
 * userdata a struct view_contracts_join.  Each consumer once, with the
 * number of its interactions. */
struct view_contracts_join {
	struct render_ctx *r;
	const struct api *api;
};
size_t view_contracts_consumers_of(const struct apidiff_change *ch,
				   const struct api_changes_consumer **out,
				   void *userdata);

#endif
