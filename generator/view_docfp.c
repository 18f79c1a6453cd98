#include "view_docfp.h"

#include <string.h>

#include "site_org.h"
#include "util/hash.h"
#include "util/map.h"
#include "view.h"
#include "view_alerts.h"
#include "view_incident.h"

/* What view_action_item shows of act but the clock's day (the chrome). */
static uint64_t mix_action(uint64_t h, const struct action *act)
{
	const struct team *ot = act->owner_team, *st = act->svc->team;
	h = hash_mix_str(h, val_as_str(val_get(act->item, "text")));
	h = hash_mix_str(h, val_as_str(val_get(act->item, "owner")));
	h = hash_mix_str(h, val_as_str(val_get(act->item, "due")));
	h = hash_mix_str(hash_mix_str(h, act->state), ot ? ot->address : NULL);
	h = hash_mix_u64(h, (uint64_t)(act->overdue * 2 + act->needs_escalation));
	h = hash_mix_u64(h, (uint64_t)act->pm_days);
	h = hash_mix_str(hash_mix_str(h, act->pm->title), act->pm->address);
	h = hash_mix_str(hash_mix_str(h, act->svc->name), act->svc->address);
	h = hash_mix_str(h, st ? st->name : NULL);
	return hash_mix_str(h, st ? st->address : NULL);
}

void view_docfp_trees(struct site *s)
{
	/* each post-mortem's action items, in the order its page lists them,
	 * and each service's open ones, in the order its page does */
	struct map pms = MAP_INIT;
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		uint64_t h = hash_mix_str(hash_mix_str(0, src->name), src->web_url);
		src->tree_fp = hash_mix_str(h, src->commit.branch);
	}
	for (size_t i = 0; i < s->nservices; i++)
		s->services[i]->open_items_fp = 0;
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		struct map_entry *e = map_put(&pms, &act->pm, sizeof(act->pm), NULL);
		uint64_t h = mix_action(0, act);
		e->num = hash_mix_u64(e->num, h);
		if (strcmp(act->state, "open") == 0)
			act->svc->open_items_fp =
				hash_mix_u64(act->svc->open_items_fp, h);
	}
	for (size_t i = 0; i < s->npostmortems; i++) {
		struct document *pm = s->postmortems[i];
		const struct map_entry *e = map_get(&pms, &pm, sizeof(pm));
		pm->actions_fp = e ? e->num : 0;
	}
	map_release(&pms);
}

/* What d's RFC or post-mortem fields show but what its text and the
 * fingerprint's other parts name (view_record_fields). */
static uint64_t mix_record(uint64_t h, const struct document *d)
{
	if (d->kind == DOC_RFC) {
		const struct document *sup = d->superseded_by;
		/* the record itself: it is not the text's alone (a KEP's
		 * kep.yaml, the author git gives one that names none) */
		h = view_fp_shown(h, &d->record, 1);
		return hash_mix_str(hash_mix_str(h, sup ? sup->title : NULL),
				    sup ? sup->address : NULL);
	}
	h = hash_mix_u64(h, d->nnamed_services);
	for (size_t i = 0; i < d->nnamed_services; i++) {
		const struct service *svc = d->named_services[i];
		h = hash_mix_str(h, svc ? svc->address : NULL);
	}
	return hash_mix_u64(h, d->actions_fp);
}

/* The incident panel of svc as shown from the site's root, hashed; kept
 * on the worker for the next runbook of the same service. */
static uint64_t incident_fp(struct render_ctx *r, const struct service *svc)
{
	if (r->incident_svc != svc) {
		struct val *panel = view_incident(r, "", svc);
		r->incident_fp = view_fp_shown(0, &panel, 1);
		r->incident_svc = svc;
	}
	return r->incident_fp;
}

uint64_t view_docfp(struct render_ctx *r, const struct document *d, struct val **alerts)
{
	const struct source *src = d->src;
	const struct service *svc = d->service;
	uint64_t h = hash_mix_u64(r->site->chrome_fp, src->tree_fp);
	h = hash_mix_str(h, d->address);
	h = hash_mix_u64(h, hash_of(d->oid, REPO_OID_LEN, 0));
	h = hash_mix_str(hash_mix_str(h, d->path), d->title);
	h = hash_mix_u64(hash_mix_u64(h, (uint64_t)d->kind), (uint64_t)d->body_line);
	h = hash_mix_str(hash_mix_u64(h, (uint64_t)d->changed), d->changed_by);
	h = hash_mix_u64(h, d->nowners);
	for (size_t i = 0; i < d->nowners; i++)
		h = hash_mix_str(hash_mix_str(h, d->owners[i]),
				 d->owner_teams[i] ? d->owner_teams[i]->address : NULL);
	h = hash_mix_u64(h, src->stale ? (uint64_t)src->as_of ^ 0x5a5a : 0);
	h = hash_mix_u64(h, (uint64_t)src->fetch_failed);
	h = hash_mix_str(hash_mix_str(h, svc->name), svc->title);
	h = hash_mix_str(h, svc->address);
	*alerts = view_alerts_list(r, d->address, d->alerts, d->nalerts);
	if (d->nalerts)
		h = view_fp_shown(h, alerts, 1);
	if (d->kind == DOC_RUNBOOK) {
		h = site_org_mix_age(r->site, h, d->changed);
		h = hash_mix_u64(h, incident_fp(r, svc));
	}
	if (d->record)
		h = mix_record(h, d);
	return h ? h : 1;
}

/* view_docfp_index_page's fingerprint (never 0). */
static uint64_t index_fp(struct render_ctx *r, const char *address,
			 const struct val *ctx)
{
	struct buf shown = BUF_INIT;
	for (size_t i = 0; i < ctx->u.map.len; i++) {
		const struct val_pair *p = &ctx->u.map.pairs[i];
		if (p->key_len == 4 && memcmp(p->key, "site", 4) == 0)
			continue;
		buf_put(&shown, (const char *)&p->key_len, sizeof(p->key_len));
		buf_put(&shown, p->key, p->key_len);
		view_put_shown(&shown, p->val);
	}
	uint64_t h = hash_mix_str(r->site->chrome_fp, address);
	h = hash_mix_u64(h, hash_of(shown.ptr, shown.len, 0));
	buf_release(&shown);
	return h ? h : 1;
}

void view_docfp_index_page(struct render_ctx *r, const char *layout,
			   const char *address, struct val *ctx)
{
	view_docfp_index_page_with(r, layout, address, ctx, NULL, NULL);
}

void view_docfp_index_page_with(struct render_ctx *r, const char *layout,
				const char *address, struct val *ctx,
				void (*entries)(struct render_ctx *r, void *userdata),
				void *userdata)
{
	uint64_t fp = index_fp(r, address, ctx);
	if (render_reuse(r, address, fp))
		return;
	if (entries)
		entries(r, userdata);
	render_page(r, layout, address, ctx, fp);
}
