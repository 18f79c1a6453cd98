/* view_incident: what an engineer paged by an alert needs beside its
 * runbook: who is on call for the service now, and what was deployed
 * lately (the first suspect when something breaks).  Shown on alert pages
 * and runbook pages.
 *
 * On call is the service's rotation (its own or its team's:
 * assemble_oncall.h) at the build's time, which assets/oncall.js computes
 * again from the reader's clock.  The map holds who and until when, never
 * the build's time: a page that shows it changes when the shift does, not
 * at every build.  Everything shown is in the map, so view_fp_shown over it
 * fingerprints it.  Below the page modules, like view.h. */
#ifndef CAIRN_VIEW_INCIDENT_H
#define CAIRN_VIEW_INCIDENT_H

#include "render.h"

/* How many deploys the panel lists, newest first. */
#define VIEW_INCIDENT_DEPLOYS 5

/* The panel for service svc on page `from`:
 *   service_title, service_url
 *   oncall      {json, now, overridden, has_until, until, until_display,
 *               next, name} when a rotation is known (absent otherwise)
 *   rotation_url  the page holding the whole rotation (#cairn-oncall)
 *   oncall_url  the service's PagerDuty page ("" when none)
 *   deploys     its newest deploys of the last DEPLOY_RECENT_DAYS days
 *               (view_deploy_item's maps), at most VIEW_INCIDENT_DEPLOYS
 *   deploys_any, tracked (deploys are read for it at all), days */
struct val *view_incident(struct render_ctx *r, const char *from,
			  const struct service *svc);

#endif
