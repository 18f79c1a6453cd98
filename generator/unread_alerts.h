/* unread_alerts: YAML files that hold Prometheus alerting rules but that
 * no kind of paths: reads (wikimedia/operations-alerts keeps 669 alerts in
 * team-NAME/NAME.yaml, none of the alerts kind's defaults): said once per
 * repository, with the paths: that would read them, rather than left out
 * in silence. */
#ifndef CAIRN_UNREAD_ALERTS_H
#define CAIRN_UNREAD_ALERTS_H

#include "repo.h"
#include "site.h"

/* At most this many unclaimed YAML files are looked into, each of at most
 * UNREAD_ALERTS_FILE_MAX bytes: a hint, not a second crawl. */
#define UNREAD_ALERTS_FILES 400
#define UNREAD_ALERTS_FILE_MAX (1 << 20)

/* Whether text (len bytes) looks like a rule file: a "groups:" line and
 * an "alert:" key. */
int unread_alerts_looks_like_rules(const char *text, size_t len);

/* When src read no alerts file, looks at its YAML files that no kind
 * claims (through r) and says, as a user-fixable warning in src->diags,
 * how many hold alerting rules and the alerts: that reads them. */
void unread_alerts(struct site *s, struct source *src, struct repo *r);

#endif
