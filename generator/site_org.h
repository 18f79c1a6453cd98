/* site_org: the fingerprint of the pages that gather the whole
 * organisation (the RFC and post-mortem indexes and feeds, the action
 * items and their exports, catalog.json), so that a build in which
 * nothing changed keeps them rather than making them again.
 *
 * It is worked out from what the model is made from, repository by
 * repository, not from every item those pages show: the chrome (cairn's
 * build, the theme, the day, ...), all that cairn.yaml says
 * (but where the site and the cache go), and per
 * repository its fingerprint (its commit, whether it is stale, its
 * services and documents: site_fingerprint) and the key of its deploys
 * (deploy_collect_fp, which names the tags, the branch and the feed's
 * records), then every service's fingerprint (its team, relations,
 * deploys, packages, action items, SLOs).  A repository's documents are
 * what its commit holds, read as the configuration and cairn's build say,
 * so equal fingerprints mean an equal model.  Only pages that show
 * nothing of the clock finer than its day use it (not the deploys' pages,
 * whose windows end at the second of the build, nor those that say who is
 * on call). */
#ifndef CAIRN_SITE_ORG_H
#define CAIRN_SITE_ORG_H

#include "site.h"

/* Sets s->org_fp and s->org_records_fp (after site_fingerprint); 0, which nothing matches,
 * when a repository's deploys were read with no key to name them. */
void site_org_fingerprint(struct site *s);

/* The fingerprint of the whole-organisation page or file at address:
 * s->org_fp and the address; 0 when s->org_fp is. */
uint64_t site_org_fp(const struct site *s, const char *address);

/* The fingerprint of the pages and files that list the RFCs, the
 * post-mortems and their action items (their indexes, feeds and
 * exports), which show nothing of a document that is not a record, nor
 * of deploys: s->org_fp's inputs without them.  It mixes the chrome and
 * cairn.yaml's values, and per repository its name, web address,
 * branch, whether it was read or is stale, every file of its tree by
 * path, kind and blob id but the documents that are not records (an
 * edit or an add of one changes none of those pages), and its records'
 * addresses, titles and last changes.  A repository's model is what its tree holds,
 * read as the configuration and cairn's build say, and a record page
 * shows nothing else, so an edit of a runbook or a guide, or a commit
 * that is not deployed, keeps them.  Set by site_org_fingerprint. */
void site_org_records_fingerprint(struct site *s);
/* That fingerprint for the file or page at address (never 0). */
uint64_t site_org_records_fp(const struct site *s, const char *address);

/* The fingerprint of t's page but the clock (site_org_mix_clock): the
 * record pages' (what every repository holds but its documents that are
 * not records), and per service of t its fields and documents
 * (site_mix_service), its deploys and lead-time changes (not the head of
 * its branch nor the commits not deployed yet, which only its own page
 * shows), its SLOs and debt (assemble_slos_fp).  An edit of a document
 * changes only the page of its service's team. */
uint64_t site_org_team_fp(const struct site *s, const struct team *t);

/* The fingerprint of the runbooks' index at address but the clock
 * (site_org_mix_runbooks): the record pages' (its teams), and every
 * service's address and title and its runbooks' paths, addresses, titles
 * and last changes. */
uint64_t site_org_runbooks_fp(const struct site *s, const char *address);

/* What a page shows of the clock finer than its day, mixed into h.
 * Every window such a page counts in ends at the build's second and is
 * whole days long (the deploys of the last 7, 30 or 90 days, the weeks of
 * a chart, a runbook not changed for stale_days), so where a moment
 * stands in it is told by how many whole days before the build it is,
 * and whether exactly: site_org_mix_age mixes that for the moment t.
 * site_org_mix_runbooks does it for svc's runbooks' last changes;
 * site_org_mix_clock for those, svc's deploys and their changes, and the
 * build's second itself when svc has a rotation (who is on call is shown
 * with the time of the build). */
uint64_t site_org_mix_age(const struct site *s, uint64_t h, int64_t t);
uint64_t site_org_mix_runbooks(const struct site *s, uint64_t h,
			       const struct service *svc);
uint64_t site_org_mix_clock(const struct site *s, uint64_t h,
			    const struct service *svc);

#endif
