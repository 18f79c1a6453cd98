/* page_service: the services index, a page per service, and a page per
 * repository document. */
#ifndef CAIRN_PAGE_SERVICE_H
#define CAIRN_PAGE_SERVICE_H

#include "render.h"

/* A runbook not changed for more than the configured days. */
int page_doc_stale(const struct render_ctx *r, const struct document *d);
/* Sets changed, changed_display, changed_by and stale on m. */
void page_set_changed(struct render_ctx *r, struct val *m,
		      const struct document *d);
/* A document as list templates see it: title, url, path, kind, kind_label
 * and the page_set_changed fields. */
struct val *page_doc_item(struct render_ctx *r, const char *from,
			  const struct document *d);

/* Lists longer than this are grouped by folder, or cut short. */
#define PAGE_DOC_LIST_FLAT 25

/* Sets on m a list of documents readable at any length: count;
 * documents (page_doc_item each) and has_documents; more (the rest of a
 * long list, shown behind "N more"), has_more and nmore; folders
 * ([{name, count, documents}], each shown collapsed).  Up to
 * PAGE_DOC_LIST_FLAT documents are all in documents.  A longer list is
 * grouped by the first folder below the one all share, the documents
 * directly in that one first; when they share one folder, the first
 * PAGE_DOC_LIST_FLAT are in documents and the rest in more. */
void page_doc_list(struct render_ctx *r, struct val *m, const char *from,
		   const struct document *const *docs, size_t n);

/* A service's summary as the templates see it (urls relative to `from`). */
struct val *page_service_summary(struct render_ctx *r, const char *from,
				 const struct service *svc);

void page_services_index(struct render_ctx *r);
void page_service(struct render_ctx *r, const struct service *svc);
void page_document(struct render_ctx *r, const struct document *d);

#endif
