/* page_records: RFCs, post-mortems and the action-item tracker — their
 * index pages and Atom feeds (rfcs.xml, postmortems.xml).  (The record
 * parts of document, service and team pages are views: view.h; the
 * action-item exports are in export.h.) */
#ifndef CAIRN_PAGE_RECORDS_H
#define CAIRN_PAGE_RECORDS_H

#include "render.h"

void page_rfcs_index(struct render_ctx *r);
void page_postmortems_index(struct render_ctx *r);
void page_action_items(struct render_ctx *r);
void page_rfcs_feed(struct render_ctx *r);
void page_postmortems_feed(struct render_ctx *r);

#endif
