/* pact: Pact contract files (consumer-driven contracts), specification
 * versions 1 to 4, JSON.
 *
 * What is read: consumer.name, provider.name, and each interaction's
 * description, request.method, request.path and response.status.  The
 * specification's version comes from metadata.pactSpecification.version
 * (v2 and later), metadata["pact-specification"].version (v1) or
 * metadata.pactSpecificationVersion (v1.1); a file without one is read as
 * v2, the last version without message interactions.  Interactions are in
 * interactions[] (v3 message pacts: messages[]); a v4 interaction's type
 * says what it is: "Synchronous/HTTP" is an HTTP request and response,
 * "Asynchronous/Messages" and "Synchronous/Messages" are messages (counted,
 * not checked against an API description).  Before v4, an interaction with
 * a request is HTTP.
 *
 * Diagnostics (user-fixable, naming the file and the line): the file is not
 * JSON; it is not an object; consumer or provider (or its name) is missing;
 * the specification version is not 1, 2, 3 or 4; interactions is not a
 * list; an HTTP interaction without request.method, request.path or
 * response.status, or with a status that is not a number from 100 to 599
 * (it is left out); a JSON object with none of consumer, provider and
 * interactions (not a Pact file at all).
 *
 * Everything lives in the arena; strings are never NULL unless said so. */
#ifndef CAIRN_PACT_H
#define CAIRN_PACT_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"

struct pact_interaction {
	const char *description; /* "" when absent */
	int message;		 /* a message interaction: no request */
	const char *method;	 /* upper case: "GET"; NULL for a message */
	const char *path;	 /* as written, query left out; NULL for a
				  * message */
	int status;		 /* 100..599; 0 for a message */
	int line;		 /* where the interaction starts */
};

struct pact {
	const char *consumer; /* consumer.name */
	const char *provider; /* provider.name */
	int consumer_line, provider_line;
	const char *spec_version; /* as written ("3.0.0"), or NULL */
	int spec_major;		  /* 1..4 (2 when not said) */
	struct pact_interaction *interactions; /* HTTP ones, in file order */
	size_t ninteractions;
	size_t nmessages; /* message interactions (not listed) */
};

/* Reads the Pact file text (len bytes) at path of repository repo (both
 * only for diagnostics; repo may be NULL) into *out.  Returns 0 when it is
 * a Pact file with a consumer and a provider (interactions that could not
 * be read are left out, each with a diagnostic), or -1 when it cannot be
 * used (diagnostics say why). */
int pact_parse(struct pact *out, struct arena *a, const char *text, size_t len,
	       const char *repo, const char *path, struct diag_list *d);

#endif
