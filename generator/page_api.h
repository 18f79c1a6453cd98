/* page_api: API reference pages (apis/<name>/) and their index (apis/). */
#ifndef CAIRN_PAGE_API_H
#define CAIRN_PAGE_API_H

#include "render.h"

void page_apis_index(struct render_ctx *r);
void page_api(struct render_ctx *r, const struct api *api);

#endif
