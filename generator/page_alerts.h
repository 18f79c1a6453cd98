/* page_alerts: the alerting rules' pages (issue 19) — alerts/, the list of
 * every alert by team and service, filterable in the browser; one page per
 * alert (alerts/<slug>/: what it is, who owns it, where its runbook is).
 * The lists of alerts that service and runbook pages show are
 * view_alerts.h's. */
#ifndef CAIRN_PAGE_ALERTS_H
#define CAIRN_PAGE_ALERTS_H

#include "render.h"

/* alerts/: every alert of s->alerts, grouped by team and service. */
void page_alerts_index(struct render_ctx *r);

/* One alert's page, at al->address (always made: its runbook and team may
 * live in other repositories). */
void page_alert(struct render_ctx *r, const struct alert *al);

#endif
