/* assemble_records: a part of assembly (assemble.c).  From the records
 * the crawl read (records.h) of the services' documents, makes the site's
 * lists: RFCs (by status, number, title), post-mortems (newest first) and
 * their action items (with their state, due and escalation, from the
 * site's "today"), and links an RFC to the RFC that supersedes it and a
 * post-mortem to the services it names.  Runs after the services and their
 * addresses are known; everything in the site's arena. */
#ifndef CAIRN_ASSEMBLE_RECORDS_H
#define CAIRN_ASSEMBLE_RECORDS_H

#include "site.h"

void assemble_records(struct site *s);

#endif
