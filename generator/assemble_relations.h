/* assemble_relations: a part of assembly (assemble.c).  Resolves each
 * service's dependsOn, dependencyOf, providesApis and consumesApis
 * references (catalog.h) into relations, and lists each service's
 * dependents: the services that depend on it or consume an API it
 * provides.  Runs after the services are known and sorted, before the
 * APIs are related to them (assemble_apis.h); everything in the site's
 * arena.  Each lookup goes through an index of the services, so the work
 * grows with the references, not with the square of the services. */
#ifndef CAIRN_ASSEMBLE_RELATIONS_H
#define CAIRN_ASSEMBLE_RELATIONS_H

#include "site.h"

void assemble_relations(struct site *s);

#endif
