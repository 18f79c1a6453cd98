/* page_search: the search page (search/).  It is a shell: the theme's
 * script runs the query against the index that search.c writes under
 * search/. */
#ifndef CAIRN_PAGE_SEARCH_H
#define CAIRN_PAGE_SEARCH_H

#include "render.h"

void page_search(struct render_ctx *r);

#endif
