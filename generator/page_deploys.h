/* page_deploys: what is deployed where — the service page's deploy block,
 * the deploys/ page, deploys.json, recent deploys on home and team pages,
 * delivery figures with their weekly charts.
 *
 * Times are given absolute (UTC) in the HTML; the theme's script adds how
 * long ago in the browser, so that a page's bytes do not change as time
 * passes. */
#ifndef CAIRN_PAGE_DEPLOYS_H
#define CAIRN_PAGE_DEPLOYS_H

#include <stdint.h>

#include "render.h"

/* The service page's `service.deploys`. */
struct val *page_service_deploys(struct render_ctx *r, const char *from,
				 const struct service *svc);
/* The newest deploys of the last DEPLOY_RECENT_DAYS days, of one team's
 * services or (team NULL) all; at most max (0: all). */
struct val *page_recent_deploys(struct render_ctx *r, const char *from,
				const struct team *team, size_t max);
/* Sets deploys, metrics and chart_svg on a team page's `team`. */
void page_team_deploys(struct render_ctx *r, struct val *team_val,
		       const struct team *t, const char *from);
void page_deploys_index(struct render_ctx *r);
void export_deploys(struct render_ctx *r);

#endif
