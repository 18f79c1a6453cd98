/* contracts: matching the requests of a contract (pact.h) to the
 * operations of an API description (openapi_endpoints): pure functions,
 * no model, no I/O.
 *
 * A request path matches a path template when they are equal after each
 * template parameter ("{id}") takes one or more characters other than
 * '/' ("/payments/123" matches "/payments/{id}", "/files/a.json" matches
 * "/files/{name}.json"); a trailing '/' on either is ignored.  The
 * description's server base paths are stripped from the request first
 * ("/v1/payments/1" against a server ".../v1"); a request without the
 * base matches too.  When several templates match, the one with more
 * literal characters wins ("/payments/refunds" over "/payments/{id}").
 * A template whose parameters would take too long to try against a path
 * (many in one segment) does not match it. */
#ifndef CAIRN_CONTRACTS_H
#define CAIRN_CONTRACTS_H

#include "arena.h"
#include "openapi.h"

/* True when path matches the path template tmpl. */
int contracts_path_match(const char *tmpl, const char *path);

/* The rest of path after the base path base (which has no trailing '/';
 * "" is the root), starting with '/' or empty; NULL when path is not
 * under base. */
const char *contracts_strip_base(const char *base, const char *path);

/* A status code against a response key: "404" matches "404", "4XX" (any
 * case) and "default". */
int contracts_status_match(const char *key, int status);

/* What checking one request found. */
struct contracts_match {
	const struct openapi_endpoint *ep; /* the operation it exercises (its
					    * path and method match), or NULL */
	const char *problem; /* NULL when path, method and status all match;
			      * else a phrase for "contract c → p: <problem>"
			      * ("DELETE /payments/{id} is not in
			      * payments-api's API description"), in a */
};

/* Checks the request method path (method in upper case) answered with
 * status against eps of the API named api (for the message). */
void contracts_check(struct contracts_match *out, struct arena *a,
		     const struct openapi_endpoints *eps, const char *api,
		     const char *method, const char *path, int status);

#endif
