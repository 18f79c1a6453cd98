/* page_deploys: the deploys/ page — what was deployed where in the last
 * DEPLOY_RECENT_DAYS days.  (The deploy blocks of service, team and home
 * pages are views: view.h; deploys.json is an export: export.h.) */
#ifndef CAIRN_PAGE_DEPLOYS_H
#define CAIRN_PAGE_DEPLOYS_H

#include "render.h"

void page_deploys_index(struct render_ctx *r);

#endif
