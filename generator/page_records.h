/* page_records: RFCs, post-mortems and the action-item tracker — their
 * index pages, Atom feeds (rfcs.xml, postmortems.xml) and exports
 * (action-items.csv, action-items.json) — and the record parts of
 * document, service and team pages. */
#ifndef CAIRN_PAGE_RECORDS_H
#define CAIRN_PAGE_RECORDS_H

#include "render.h"

void page_rfcs_index(struct render_ctx *r);
void page_postmortems_index(struct render_ctx *r);
void page_action_items(struct render_ctx *r);
void page_rfcs_feed(struct render_ctx *r);
void page_postmortems_feed(struct render_ctx *r);
void export_action_items(struct render_ctx *r);

/* Sets doc.rfc or doc.postmortem on a document page's `doc` map. */
void page_record_fields(struct render_ctx *r, struct val *doc,
			const struct document *d, const char *from);

/* The open items for a service (svc) or a team (team), as ITEM maps. */
struct val *page_open_items(struct render_ctx *r, const char *from,
			    const struct service *svc, const struct team *team);

#endif
