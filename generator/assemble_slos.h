/* assemble_slos: the SLOs and the technical debt of the portal, read by
 * assembly from the repositories' aux files (layout.h: the slos and
 * techdebt kinds), matched to services, judged (the error budget of
 * slo.h, the house rules of techdebt.h) and kept in the site for the
 * pages (page_slos.h).  Runs on assembly's thread, after the teams. */
#ifndef CAIRN_ASSEMBLE_SLOS_H
#define CAIRN_ASSEMBLE_SLOS_H

#include <stdint.h>

#include "site.h"
#include "slo.h"
#include "techdebt.h"

/* An SLO of the portal with its state. */
struct site_slo {
	const struct slo *slo;
	struct source *src;
	struct service *svc; /* spec.service, else the folder's; or NULL */
	const struct slo_status *rec; /* its latest feed record, or NULL */
	struct slo_budget budget;
	const struct tz *zone; /* of its calendar window (UTC: none) */
};

/* A debt item of the portal with the house rules applied. */
struct site_debt {
	const struct techdebt_item *item;
	struct source *src;
	struct service *svc; /* its service:, else the folder's; or NULL */
	struct team *team;   /* the service's team, or NULL */
	unsigned flags;	     /* techdebt_flags on the build's day */
};

/* Reads, matches and judges every SLO (s->slos: by service slug, then
 * name) and debt item (s->debts: open first, reckless first, then by
 * service and title); the parsers' diagnostics go to s->diags. */
void assemble_slos(struct site *s);

/* The house rules of the configuration. */
void assemble_slos_rules(struct techdebt_rules *r, const struct config *c);

/* The service of repository src that the file at path (in it) belongs
 * to: the one named name (any repository's when src has none of that
 * name), else the one whose home folder holds path (the longest), else
 * the repository's service at its root, or its only one; NULL. */
struct service *assemble_slos_service(const struct site *s, const struct source *src,
				      const char *path, const char *name);

/* Mixes what svc's page shows of SLOs and debt into f. */
uint64_t assemble_slos_fp(const struct site *s, const struct service *svc, uint64_t f);

/* The words of a debt item's state for filters: "open" or "done", then
 * "flagged" when any rule flags it. */
const char *assemble_slos_debt_state(const struct site_debt *d);

#endif
