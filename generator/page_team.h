/* page_team: the teams index, a page per team, and the runbooks index. */
#ifndef CAIRN_PAGE_TEAM_H
#define CAIRN_PAGE_TEAM_H

#include "render.h"

void page_teams_index(struct render_ctx *r);
void page_team(struct render_ctx *r, const struct team *t);
void page_runbooks_index(struct render_ctx *r);

#endif
