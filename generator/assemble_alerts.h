/* assemble_alerts: the alerting rules of the portal, a part of assembly
 * (assemble.c calls it last; see site_assemble).
 *
 * Every file of a repository's alerts kind (layout.h; by default
 * alerts.h's globs) is read with alerts_read: a file that holds no rule
 * group is not an alerts file and says nothing; YAML that cannot be read,
 * and a rule that cannot be, are user-fixable warnings naming the file
 * and line.  Each alerting rule becomes a struct alert: its service is the
 * one whose home folder holds the file (the longest), else its
 * repository's first, as for documents; its team is that service's; its
 * runbook is what alerts_find_runbook links it to among every crawled
 * repository's runbooks.  An alert without a runbook is a user-fixable
 * warning naming the rule file and line, and how to fix it.
 *
 * Sets s->alerts (by team title, service slug, alert name), each
 * service's alerts and each runbook's (by name), and the alerts'
 * addresses (alerts/<name>/, numbered when two alerts share a name).
 * Everything is allocated in the site's arena. */
#ifndef CAIRN_ASSEMBLE_ALERTS_H
#define CAIRN_ASSEMBLE_ALERTS_H

#include "site.h"

/* After the services, teams and documents' addresses are set. */
void assemble_alerts(struct site *s);

#endif
