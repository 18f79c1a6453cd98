/* page_slos: service level objectives and the technical debt register on
 * the portal's pages — the slos/ index and tech-debt/ tracker, and the
 * parts of service, team and home pages that show them (their exports,
 * slos.json and tech-debt.csv/.json, are in export.h).  Reads the model
 * that assemble_slos.h made. */
#ifndef CAIRN_PAGE_SLOS_H
#define CAIRN_PAGE_SLOS_H

#include "assemble_slos.h"
#include "render.h"

/* One SLO as the templates show it (slo-row.mustache), linked from the
 * page at from: name, title, description, service, service_url, target
 * ("99.9%"), window ("28d rolling"), budgeting, and with a feed record
 * has_status, sli, remaining (percent, for the bar: 0..100), remaining_display,
 * burn_display, as_of; state (slo_state_name) and bad (exhausted or
 * burning). */
struct val *page_slos_view(struct render_ctx *r, const char *from,
			   const struct site_slo *ss);

/* The SLOs of svc (a list of page_slos_view), for its page. */
struct val *page_slos_of_service(struct render_ctx *r, const char *from,
				 const struct service *svc);

/* The services burning budget fastest: at most max, one row each (its
 * SLO with the highest burn rate above 1, or exhausted), fastest first. */
struct val *page_slos_burning(struct render_ctx *r, const char *from, size_t max);

/* The counts of team's debt items (open, reckless, prudent, flagged) and
 * the tracker's URL filtered to it, for its page; NULL when it has none. */
struct val *page_slos_team_debt(struct render_ctx *r, const char *from,
				const struct team *team);

/* The pages slos/ and tech-debt/. */
void page_slos_index(struct render_ctx *r);
void page_slos_techdebt(struct render_ctx *r);

/* A debt item as the tracker and exports show it. */
struct val *page_slos_debt_view(struct render_ctx *r, const char *from,
				const struct site_debt *d);

#endif
