/* page_alerts: the alerting rules' pages (issue 19) — alerts/, the list of
 * every alert by team and service, filterable in the browser; one page per
 * alert (alerts/<slug>/: what it is, who owns it, where its runbook is);
 * and the lists of alerts that service pages and runbook pages show. */
#ifndef CAIRN_PAGE_ALERTS_H
#define CAIRN_PAGE_ALERTS_H

#include "render.h"

/* alerts/: every alert of s->alerts, grouped by team and service. */
void page_alerts_index(struct render_ctx *r);

/* One alert's page, at al->address (always made: its runbook and team may
 * live in other repositories). */
void page_alert(struct render_ctx *r, const struct alert *al);

/* alerts[0..n) as list items for page `from` ({name, url, severity,
 * summary, runbook_title, runbook_url, service_title, service_url,
 * team_title, team_url}); an empty list when n is 0. */
struct val *page_alerts_list(struct render_ctx *r, const char *from,
			     struct alert *const *alerts, size_t n);

/* name followed by the names of alerts[0..n), one a line (a search
 * entry's names: search.h), in r's arena. */
const char *page_alerts_names(struct render_ctx *r, const char *name,
			      struct alert *const *alerts, size_t n);

#endif
