/* page_home: the home page, the portal's own content pages, and 404. */
#ifndef CAIRN_PAGE_HOME_H
#define CAIRN_PAGE_HOME_H

#include "render.h"

void page_home(struct render_ctx *r);
void page_content(struct render_ctx *r, const struct document *d);
void page_not_found(struct render_ctx *r);

#endif
