/* view_alerts: the pieces of pages that show alerts (issue 19) — an
 * alert as a list item, a list of alerts for a service page or a runbook
 * page, and a runbook's search names.  Only reads the model. */
#ifndef CAIRN_VIEW_ALERTS_H
#define CAIRN_VIEW_ALERTS_H

#include "render.h"

/* One alert as a list item for page `from`: {name, url, severity,
 * summary, repo, path, line, runbook_title, runbook_url, service,
 * service_title, service_url, team, team_title, team_url} ("" when
 * unknown). */
struct val *view_alert_item(struct render_ctx *r, const char *from,
			    const struct alert *al);

/* alerts[0..n) as view_alert_item's items; an empty list when n is 0. */
struct val *view_alerts_list(struct render_ctx *r, const char *from,
			     struct alert *const *alerts, size_t n);

/* name followed by the names of alerts[0..n), one a line (a search
 * entry's names: search.h), in r's arena. */
const char *view_alerts_names(struct render_ctx *r, const char *name,
			      struct alert *const *alerts, size_t n);

#endif
