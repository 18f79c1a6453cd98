/* view: the pieces several pages show — a service's summary, document
 * items and lists, RFC and post-mortem fields, action items, deploys — as
 * the templates see them.
 *
 * Below the page modules (page_*.c, export.c): a page module includes
 * view.h, site.h, render.h and lower modules, never another page module.
 * A view only reads the model (addresses and owners' teams are assembly's,
 * see site.h); what it returns is in r's arena, and its urls are relative
 * to the page `from` (a site-relative folder, "" for the home page). */
#ifndef CAIRN_VIEW_H
#define CAIRN_VIEW_H

#include <stdint.h>

#include "render.h"

/* ------------------------------------------------------------ services */

/* A service's summary: name, slug, title, url, description, owner, team,
 * team_title, team_url, lifecycle, type, system, repo, oncall_url, ndocs
 * (absent values as ""), and oncall (view_oncall.h) when it has a
 * rotation. */
struct val *view_service_summary(struct render_ctx *r, const char *from,
				 const struct service *svc);

/* ------------------------------------------------------------ documents */

/* A runbook not changed for more than the configured days. */
int view_doc_stale(const struct render_ctx *r, const struct document *d);
/* Sets changed, changed_display, changed_by and stale on m. */
void view_set_changed(struct render_ctx *r, struct val *m, const struct document *d);
/* A document as list templates see it: title, url, path, kind, kind_label
 * and the view_set_changed fields. */
struct val *view_doc_item(struct render_ctx *r, const char *from,
			  const struct document *d);

/* Lists longer than this are grouped by folder, or cut short. */
#define VIEW_DOC_LIST_FLAT 25

/* Sets on m a list of documents readable at any length: count;
 * documents (view_doc_item each) and has_documents; more (the rest of a
 * long list, shown behind "N more"), has_more and nmore; folders
 * ([{name, count, documents}], each shown collapsed).  Up to
 * VIEW_DOC_LIST_FLAT documents are all in documents.  A longer list is
 * grouped by the first folder below the one all share, the documents
 * directly in that one first; when they share one folder, the first
 * VIEW_DOC_LIST_FLAT are in documents and the rest in more. */
void view_doc_list(struct render_ctx *r, struct val *m, const char *from,
		   const struct document *const *docs, size_t n);

/* ------------------------------------------------------------ records */

/* The label of an RFC's or an action item's status ("In review"), or
 * "Unknown". */
const char *view_status_label(const char *status);
/* A string field of a document's record, or "" (never NULL). */
const char *view_record_str(const struct document *d, const char *key);
/* An RFC as lists show it: number, title, url, status, status_label,
 * authors, authors_key, date, service, service_url, superseded_by_title,
 * superseded_by_url, discussion_url. */
struct val *view_rfc_item(struct render_ctx *r, const char *from,
			  const struct document *d);
/* The services a post-mortem names, as [{name, url}] (url "" for a name
 * that is no service); its own service when it names none. */
struct val *view_pm_services(struct render_ctx *r, const char *from,
			     const struct document *d);
/* The post-mortems of other services that name svc in their services:
 * list, newest incident first, as [{title, url, date, service_title,
 * service_url}]; an empty list when there are none. */
struct val *view_pm_naming(struct render_ctx *r, const char *from,
			   const struct service *svc);
/* An action item as templates see it (an ITEM map). */
struct val *view_action_item(struct render_ctx *r, const char *from,
			     const struct action *act);
/* The open items for a service (svc) or a team (team), as ITEM maps. */
struct val *view_open_items(struct render_ctx *r, const char *from,
			    const struct service *svc, const struct team *team);
/* Sets doc.rfc or doc.postmortem on a document page's `doc` map. */
void view_record_fields(struct render_ctx *r, struct val *doc,
			const struct document *d, const char *from);

/* ------------------------------------------------------------ deploys */

/* Times are given absolute (UTC) in the HTML; the theme's script adds how
 * long ago in the browser, so that a page's bytes do not change as time
 * passes. */

/* A deploy of a service. */
struct view_deploy {
	const struct service *svc;
	const struct deploy *dep;
};

/* The deploys since `since` (of one team's services, or, team NULL, all),
 * newest first; at most max (0: all).  *out is malloc'd (the caller frees
 * it); returns how many. */
size_t view_deploys_since(const struct site *s, const struct team *team,
			  int64_t since, size_t max, struct view_deploy **out);
/* One deploy as lists show it. */
struct val *view_deploy_item(struct render_ctx *r, const char *from,
			     const struct service *svc, const struct deploy *dep);
/* The service page's `service.deploys`. */
struct val *view_service_deploys(struct render_ctx *r, const char *from,
				 const struct service *svc);
/* The newest deploys of the last DEPLOY_RECENT_DAYS days, of one team's
 * services or (team NULL) all; at most max (0: all). */
struct val *view_recent_deploys(struct render_ctx *r, const char *from,
				const struct team *team, size_t max);
/* Sets deploys, metrics and chart_svg on a team page's `team`. */
void view_team_deploys(struct render_ctx *r, struct val *team_val,
		       const struct team *t, const char *from);

/* ------------------------------------------------------------ filters */

/* The menus of a list page's filter box (action items, tech debt,
 * deploys): the owners, teams and services of its items, gathered item by
 * item in the page's arena. */
struct view_filters {
	const char **owners, **teams, **services;
	size_t nowners, nteams, nservices;
};

/* Makes room for n items' names. */
void view_filters_init(struct view_filters *f, struct render_ctx *r, size_t n);
/* Adds one item's owner, team and service; any may be NULL (none). */
void view_filters_add(struct view_filters *f, const char *owner,
		      const struct team *team, const struct service *svc);
/* Sets ctx's "teams" and "services", and "owners" when an item had one,
 * each a list of {name}, sorted and distinct (render_names). */
void view_filters_set(struct render_ctx *r, struct val *ctx, struct view_filters *f);

/* ------------------------------------------------------------ fingerprints */

/* fp mixed with the hash of what vals[0..n) show (every value of each,
 * one after the other, as view_put_shown writes them): for a page that
 * shows what other repositories hold, so that no field it shows can be
 * left out of its fingerprint. */
uint64_t view_fp_shown(uint64_t fp, struct val *const *vals, size_t n);

/* Appends bytes that name v whole (its type, each string's length and
 * bytes, each number's bits, each key, in order; a NULL pointer is not a
 * null value): two values with the same bytes are the same value, so a
 * layout shows them alike.  Not JSON: nothing escaped or formatted. */
void view_put_shown(struct buf *b, const struct val *v);

#endif
