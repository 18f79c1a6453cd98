/* view_slos: SLOs and technical debt as pages show them (read from the
 * model assemble_slos.h made): one SLO, one debt item, a service's SLOs,
 * the services burning budget fastest, a team's debt counts. */
#ifndef CAIRN_VIEW_SLOS_H
#define CAIRN_VIEW_SLOS_H

#include "assemble_slos.h"
#include "render.h"

/* One SLO as the templates show it (slo-row.mustache), linked from the
 * page at from: name, title, description, service, service_url, target
 * ("99.9%"), window ("28d rolling"), budgeting, and with a feed record
 * has_status, sli, remaining (percent, for the bar: 0..100), remaining_display,
 * burn_display, as_of; state (slo_state_name) and bad (exhausted or
 * burning). */
struct val *view_slos_one(struct render_ctx *r, const char *from,
			  const struct site_slo *ss);

/* The SLOs of svc (a list of view_slos_one), for its page. */
struct val *view_slos_of_service(struct render_ctx *r, const char *from,
				 const struct service *svc);

/* The services burning budget fastest: at most max, one row each (its
 * SLO with the highest burn rate above 1, or exhausted), fastest first. */
struct val *view_slos_burning(struct render_ctx *r, const char *from, size_t max);

/* The counts of team's debt items (open, reckless, prudent, flagged) and
 * the tracker's URL filtered to it, for its page; NULL when it has none. */
struct val *view_slos_team_debt(struct render_ctx *r, const char *from,
				const struct team *team);

/* A debt item as the tracker and exports show it. */
struct val *view_slos_debt(struct render_ctx *r, const char *from,
			   const struct site_debt *d);

#endif
