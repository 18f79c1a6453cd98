#include "page_team.h"

#include "view_docfp.h"

#include <string.h>

#include "view_slos.h"
#include "view.h"
#include "view_oncall.h"
#include "hash.h"
#include "site_org.h"

void page_teams_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "teams/";
	struct val *ctx = render_base(r, addr, "teams", "Teams");
	struct val *list = val_set(a, ctx, "teams", val_list(a));
	for (size_t i = 0; i < s->nteams; i++) {
		const struct team *t = s->teams[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", t->name);
		val_set_str(a, m, "title", t->title);
		render_set_url(r, m, "url", addr, t->address);
		val_set_str(a, m, "kind", t->kind);
		val_set_str(a, m, "email", t->email ? t->email : "");
		val_set_num(a, m, "nservices", (double)t->nservices);
		val_push(a, list, m);
	}
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page(r, "teams", addr, ctx);
}

/* A service's runbooks as list items. */
static struct val *runbooks_of(struct render_ctx *r, const char *from,
			       const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < svc->ndocs; i++)
		if (svc->docs[i]->kind == DOC_RUNBOOK)
			val_push(a, list, view_doc_item(r, from, svc->docs[i]));
	return list;
}

/* A service's runbooks as view_doc_list gives them (grouped by folder when
 * there are many); NULL when it has none. */
static struct val *runbook_list(struct render_ctx *r, const char *from,
				const struct service *svc)
{
	struct arena *a = &r->arena;
	size_t i = 0, n = 0;
	while (i < svc->ndocs && svc->docs[i]->kind != DOC_RUNBOOK)
		i++;
	while (i + n < svc->ndocs && svc->docs[i + n]->kind == DOC_RUNBOOK)
		n++;
	if (!n)
		return NULL;
	struct val *m = val_map(a);
	view_doc_list(r, m, from, (const struct document *const *)svc->docs + i, n);
	return m;
}

/* What a team's page shows: the organisation's fingerprint, and the
 * clock as its services' runbooks, deploys and rotations (and its own)
 * see it. */
static uint64_t team_fp(const struct site *s, const struct team *t)
{
	uint64_t fp = site_org_team_fp(s, t);
	for (size_t i = 0; i < s->nservices; i++)
		if (s->services[i]->team == t)
			fp = site_org_mix_clock(s, fp, s->services[i]);
	for (size_t i = 0; i < t->nservices; i++)
		fp = site_org_mix_clock(s, fp, t->services[i]);
	if (t->oncall)
		fp = hash_mix_u64(fp, (uint64_t)s->now);
	return fp ? fp : 1;
}

void page_team(struct render_ctx *r, const struct team *t)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = t->address;
	uint64_t fp = team_fp(s, t);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "team", t->title);
	struct val *v = val_set(a, ctx, "team", val_map(a));
	val_set_str(a, v, "name", t->name);
	val_set_str(a, v, "title", t->title);
	val_set_str(a, v, "kind", t->kind);
	val_set_str(a, v, "email", t->email ? t->email : "");
	val_set_str(a, v, "url", "./");
	int oncall = t->oncall != NULL;
	if (t->oncall)
		val_set(a, v, "oncall", view_oncall(r, addr, t->oncall));
	for (size_t i = 0; i < t->nservices; i++)
		oncall |= t->services[i]->oncall != NULL;
	val_set_bool(a, v, "has_oncall", oncall);
	if (t->parent) {
		struct val *p = val_set(a, v, "parent", val_map(a));
		val_set_str(a, p, "title", t->parent->title);
		render_set_url(r, p, "url", addr, t->parent->address);
	}
	struct val *children = val_set(a, v, "children", val_list(a));
	for (size_t i = 0; i < s->nteams; i++)
		if (s->teams[i]->parent == t) {
			struct val *c = val_map(a);
			val_set_str(a, c, "title", s->teams[i]->title);
			render_set_url(r, c, "url", addr, s->teams[i]->address);
			val_push(a, children, c);
		}
	struct val *members = val_set(a, v, "members", val_list(a));
	for (size_t i = 0; i < t->nmembers; i++) {
		const struct entity *u = t->members[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", u->name);
		val_set_str(a, m, "title",
			    u->display_name ? u->display_name
			    : u->title	    ? u->title
					    : u->name);
		val_set_str(a, m, "email", u->email ? u->email : "");
		val_push(a, members, m);
	}
	struct val *names = val_set(a, v, "member_names", val_list(a));
	for (size_t i = 0; i < t->nmember_names; i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", t->member_names[i]);
		val_push(a, names, m);
	}
	struct val *services = val_set(a, v, "services", val_list(a));
	for (size_t i = 0; i < t->nservices; i++) {
		struct val *sv = view_service_summary(r, addr, t->services[i]);
		val_set(a, sv, "runbooks", runbooks_of(r, addr, t->services[i]));
		val_push(a, services, sv);
	}
	val_set(a, v, "open_items", view_open_items(r, addr, NULL, t));
	view_team_deploys(r, v, t, addr);
	struct val *debt = view_slos_team_debt(r, addr, t);
	if (debt)
		val_set(a, v, "debt", debt);
	render_page(r, "team", addr, ctx, fp);
}

void page_runbooks_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "runbooks/";
	uint64_t fp = site_org_runbooks_fp(s, addr);
	for (size_t i = 0; i < s->nservices; i++)
		fp = site_org_mix_runbooks(s, fp, s->services[i]);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "runbooks", "Runbooks");
	struct val *teams = val_set(a, ctx, "teams", val_list(a));
	size_t total = 0, stale = 0;
	/* teams in address order, then the services nobody owns */
	for (size_t k = 0; k <= s->nteams; k++) {
		const struct team *t = k < s->nteams ? s->teams[k] : NULL;
		struct val *group = NULL, *svcs = NULL;
		for (size_t i = 0; i < s->nservices; i++) {
			const struct service *svc = s->services[i];
			if (svc->team != t)
				continue;
			struct val *books = runbook_list(r, addr, svc);
			if (!books)
				continue;
			if (!group) {
				group = val_map(a);
				val_set_str(a, group, "title", t ? t->title : "No owner");
				render_set_url(r, group, "url", addr,
					       t ? t->address : NULL);
				svcs = val_set(a, group, "services", val_list(a));
				val_push(a, teams, group);
			}
			struct val *sv = val_map(a);
			val_set_str(a, sv, "title", svc->title);
			render_set_url(r, sv, "url", addr, svc->address);
			val_set(a, sv, "runbooks", books);
			val_push(a, svcs, sv);
			for (size_t j = 0; j < svc->ndocs; j++)
				if (svc->docs[j]->kind == DOC_RUNBOOK) {
					total++;
					stale += view_doc_stale(r, svc->docs[j]);
				}
		}
	}
	val_set_bool(a, ctx, "compact", 1);
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "runbooks", (double)total);
	val_set_num(a, counts, "stale", (double)stale);
	render_page(r, "runbooks", addr, ctx, fp);
}
