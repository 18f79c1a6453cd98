/* view_docfp: the fingerprint of a repository document's page
 * (page_document), made of what that page shows rather than of its whole
 * repository and service, so that an edit of one document remakes its
 * own page and not every other page of its repository.
 *
 * What the page shows, and so what the fingerprint mixes:
 *   - the chrome (site->chrome_fp: cairn's build, the theme, cairn.yaml's
 *     values, the navigation, the day) and its own address;
 *   - the document itself: its blob (its text, front matter and record),
 *     path, kind, title, last change and its author, its owners and the
 *     addresses of their teams, its repository's name, web address and
 *     branch (its "view in the repository" link), whether the repository
 *     is stale and as of when, and its service's name, title and address
 *     (the kicker, the breadcrumbs, where its images are copied);
 *   - what its links resolve to: every link of its text is looked up in
 *     its repository's tree (which files and folders exist, which are
 *     documents and at which address); those lookups are listed as the
 *     page is made and kept in its manifest entry, and made again in the
 *     next build's tree (render_reuse_links), so that a file added,
 *     removed or renamed makes again only the pages whose links looked
 *     for it;
 *   - a runbook's alerts (as view_alerts_list shows them), its staleness
 *     (site_org_mix_age) and its incident panel (view_incident, built
 *     once per service on each worker with links from the site's root:
 *     the page's own links are those made relative to its address, which
 *     is mixed too);
 *   - an RFC's or a post-mortem's fields (view_record_fields): what its
 *     record says is its text; besides, the title and address of the RFC
 *     superseding it, the addresses of the services a post-mortem names,
 *     and its action items as assembly decided them (actions_fp).
 * Anything page_document adds to its page must be added here. */
#ifndef CAIRN_VIEW_DOCFP_H
#define CAIRN_VIEW_DOCFP_H

#include <stdint.h>

#include "render.h"

/* Sets every repository's tree_fp (its name, web address and branch) and
 * every post-mortem's actions_fp: per action item, in the
 * order its page lists them, its text, owner, due date, state, whether
 * overdue or to escalate, its owner's team's address, its age's day,
 * its service's name and address and that service's team's name and
 * address, its post-mortem's title and address; and every service's
 * open_items_fp: the same of its open action items, in the order its page
 * (view_open_items) lists them.  After assembly, before the pages. */
void view_docfp_trees(struct site *s);

/* The fingerprint of d's page at d->address (never 0) but what its links
 * find in its repository's tree (render_links_fp: page_document mixes it
 * in).  *alerts is set to
 * the runbook alerts' list as the page shows it (an empty list for a
 * document that serves none). */
uint64_t view_docfp(struct render_ctx *r, const struct document *d, struct val **alerts);

/* An index page (services, teams, APIs, SLOs, debt, dependencies,
 * deploys) at address: kept when the site holds it made from the same
 * fingerprint, else layout rendered with ctx (render_page).  The
 * fingerprint is taken from its whole context ctx as render_base and the
 * page made it: the chrome, the address, and every value of ctx but
 * "site" (whose values are the chrome's but the build's time, which only
 * the home page shows) as view_put_shown writes them. */
void view_docfp_index_page(struct render_ctx *r, const char *layout,
			   const char *address, struct val *ctx);
/* The same, calling entries (with userdata) when the page is made, to add
 * its search entries: they must be made of what ctx holds, so that a page
 * kept is one whose entries are the same. */
void view_docfp_index_page_with(struct render_ctx *r, const char *layout,
				const char *address, struct val *ctx,
				void (*entries)(struct render_ctx *r, void *userdata),
				void *userdata);

#endif
