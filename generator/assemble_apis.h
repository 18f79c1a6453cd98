/* assemble_apis: the APIs of the portal, a part of assembly (assemble.c
 * calls it; see site_assemble).
 *
 * An API is every API entity, and every description file that no entity
 * names (it is its repository's first service's, and gets an API entity
 * of its own in the catalog, s->catalog).  What is a description is
 * decided by content: a file the apis patterns match is one when it
 * declares openapi: or swagger: at its top level (or does not parse but
 * plainly declares one: its page shows the error); an API entity's
 * definition is rendered as OpenAPI when its type says so or when its
 * content declares it.  Everything is allocated in the site's arena. */
#ifndef CAIRN_ASSEMBLE_APIS_H
#define CAIRN_ASSEMBLE_APIS_H

#include "site.h"

/* Finds the APIs of the site's sources (after its services and catalog
 * are made), with their titles (made distinct), operation counts and,
 * for description files, their providers: sets *out to a malloc'd array
 * (the caller frees it), in the order found (repositories in
 * configuration order; entities, then files, shallower first).  The
 * caller names them (slugs).  Returns how many. */
size_t assemble_apis_find(struct api ***out, struct site *s);

/* Providers and consumers of s->apis, from the catalog; links from
 * services (svc->provides[k].api, and a description file no entity names
 * among its provider's provides); each API's team (after the services'
 * teams are set). */
void assemble_apis_relate(struct site *s);

#endif
