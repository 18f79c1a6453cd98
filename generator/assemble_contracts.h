/* assemble_contracts: the contracts between services, a part of assembly
 * (assemble.c calls it after the APIs are related; see site_assemble).
 *
 * Every file of the contracts kind (layout.h; by default the .json files
 * of a pacts folder, README.md says which) of every repository is read as a Pact file
 * (pact.h).  Its consumer names a service (by name, exactly, else ignoring
 * case); its provider names an API (by name), else a service, which stands
 * for the API it provides (its first OpenAPI one).  A name that matches
 * nothing is a user-fixable warning naming the file and line, and the
 * contract is left out.  Each HTTP interaction is checked against the
 * API's OpenAPI description (contracts.h: path template, method, response
 * status); each mismatch is a user-fixable warning in the repository of
 * the contract ("contract checkout → payments-api: DELETE /payments/{id}
 * is not in payments-api's API description") and is kept in the model
 * (struct contract, site.h) for the pages.  Everything is allocated in the
 * site's arena. */
#ifndef CAIRN_ASSEMBLE_CONTRACTS_H
#define CAIRN_ASSEMBLE_CONTRACTS_H

#include "site.h"

/* Reads, matches and checks the contracts of s's sources into
 * s->contracts, each API's contracts and each service's contracts_held
 * and contracts_against. */
void assemble_contracts(struct site *s);

#endif
