/* page_service: the services index, a page per service, and a page per
 * repository document. */
#ifndef CAIRN_PAGE_SERVICE_H
#define CAIRN_PAGE_SERVICE_H

#include "render.h"

void page_services_index(struct render_ctx *r);
void page_service(struct render_ctx *r, const struct service *svc);
void page_document(struct render_ctx *r, const struct document *d);

#endif
