/* page_slos: the pages of service level objectives and the technical
 * debt register — slos/ and tech-debt/ (their exports, slos.json and
 * tech-debt.csv/.json, are in export.h; the parts of service, team and
 * home pages that show them are views: view_slos.h). */
#ifndef CAIRN_PAGE_SLOS_H
#define CAIRN_PAGE_SLOS_H

#include "render.h"

void page_slos_index(struct render_ctx *r);
void page_slos_techdebt(struct render_ctx *r);

#endif
