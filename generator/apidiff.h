/* apidiff: what changes between two versions of an API description, and
 * whether each change breaks a client written against the older one.
 *
 * Pure: it compares two openapi_shape values (openapi.h) and reads nothing
 * else.  `from` is what runs now (an environment's deployed commit), `to`
 * what would replace it (the default branch, or the next environment).
 *
 * Operations are matched by method and path, the names inside a path's
 * "{...}" ignored (renaming /pets/{id} to /pets/{petId} changes nothing
 * for a client).  Parameters by location and name, responses by status,
 * fields by their flattened name.  The rules (docs/api-changes.md):
 *
 *   kind                         breaking  when
 *   operation-removed            yes       an operation is gone
 *   operation-added              no        a new operation
 *   parameter-added              yes/no    a new parameter: breaking when
 *                                          required
 *   parameter-removed            no        clients may still send it
 *   parameter-required           yes       an optional parameter became
 *                                          required
 *   parameter-type               yes       its type changed
 *   parameter-enum-removed       yes       a value clients may send is gone
 *   body-added                   yes/no    a request body appeared:
 *                                          breaking when required
 *   body-required                yes       the request body became required
 *   request-property-added       yes/no    breaking when required
 *   request-property-required    yes       a property became required
 *   request-property-type        yes       its type changed
 *   request-enum-removed         yes       a value clients may send is gone
 *   response-removed             yes       a status code clients handle is
 *                                          gone
 *   response-property-removed    yes       clients may read it
 *   response-property-type       yes       its type changed
 *   response-property-optional   yes       no longer always there
 *   response-enum-added          yes       clients meet a value they do not
 *                                          know
 *   response-enum-removed        no        clients never see it again
 *
 * Request-side removals of properties and additions of enum values, and
 * response-side additions of properties and status codes, are compatible
 * and not listed: a page of them would hide the changes that matter.
 *
 * Changes come out by operation (in `to`'s order, then the removed ones in
 * `from`'s order), then in the order above within an operation. */
#ifndef CAIRN_APIDIFF_H
#define CAIRN_APIDIFF_H

#include <stddef.h>

#include "arena.h"
#include "openapi.h"

struct apidiff_change {
	const char *kind; /* a kind from the table above */
	int breaking;
	const char *method; /* the operation: upper case */
	const char *path;   /* as written in `to` (`from` when removed) */
	const char *anchor; /* its anchor on the API page (`to`'s; for a
			     * removed operation `from`'s, which the page
			     * built from `to` no longer has) */
	const char *detail; /* one line of plain text: "parameter query limit
			     * is now required" */
};

/* Compares from with to and fills *out (an arena array, *n changes; NULL
 * and 0 when nothing changed).  Never fails. */
void apidiff_compare(struct apidiff_change **out, size_t *n, struct arena *a,
		     const struct openapi_shape *from,
		     const struct openapi_shape *to);

/* How many of the n changes are breaking. */
size_t apidiff_breaking(const struct apidiff_change *c, size_t n);

#endif
