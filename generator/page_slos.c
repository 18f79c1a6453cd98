#include "page_slos.h"

#include "view_docfp.h"

#include "search.h"
#include "view.h"
#include "view_slos.h"

/* Each SLO an entry of the search (its name finds it), on the SLOs page. */
static void slo_entries(struct render_ctx *r, void *userdata)
{
	(void)userdata;
	const struct site *s = r->site;
	for (size_t i = 0; i < s->nslos; i++) {
		const struct slo *o = s->slos[i].slo;
		struct search_entry se = SEARCH_ENTRY_INIT;
		se.kind = "slo";
		se.title = o->display_name ? o->display_name : o->name;
		se.name = o->name;
		se.url = "slos/";
		se.service = s->slos[i].svc ? s->slos[i].svc->name : o->service;
		se.body = o->description ? o->description : "";
		render_search(r, &se, NULL, 0);
	}
}

/* Each debt item an entry of the search, on the register. */
static void debt_entries(struct render_ctx *r, void *userdata)
{
	(void)userdata;
	const struct site *s = r->site;
	for (size_t i = 0; i < s->ndebts; i++) {
		const struct techdebt_item *it = s->debts[i].item;
		struct search_entry se = SEARCH_ENTRY_INIT;
		se.kind = "tech-debt";
		se.title = it->title;
		se.url = "tech-debt/";
		se.service = s->debts[i].svc ? s->debts[i].svc->name : it->service;
		se.body = it->rationale ? it->rationale : "";
		render_search(r, &se, NULL, 0);
	}
}

void page_slos_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "slos/";
	struct val *ctx = render_base(r, addr, "slos", "Service level objectives");
	struct val *items = val_set(a, ctx, "slos", val_list(a));
	size_t bad = 0, known = 0;
	for (size_t i = 0; i < s->nslos; i++) {
		val_push(a, items, view_slos_one(r, addr, &s->slos[i]));
		bad += s->slos[i].budget.state == SLO_STATE_EXHAUSTED ||
		       s->slos[i].budget.state == SLO_STATE_BURNING;
		known += s->slos[i].rec != NULL;
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "slos", (double)s->nslos);
	val_set_num(a, counts, "bad", (double)bad);
	val_set_num(a, counts, "known", (double)known);
	val_set_bool(a, ctx, "has_feed", s->slo_feed != NULL);
	val_set_bool(a, ctx, "has_slos", s->nslos > 0);
	val_set_str(a, ctx, "json_url", "../slos.json");
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page_with(r, "slos", addr, ctx, slo_entries, NULL);
}

void page_slos_techdebt(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "tech-debt/";
	struct val *ctx = render_base(r, addr, "tech-debt", "Technical debt");
	struct val *items = val_set(a, ctx, "items", val_list(a));
	size_t open = 0, reckless = 0, prudent = 0, flagged = 0, done = 0;
	struct view_filters filters;
	view_filters_init(&filters, r, s->ndebts);
	for (size_t i = 0; i < s->ndebts; i++) {
		const struct site_debt *d = &s->debts[i];
		val_push(a, items, view_slos_debt(r, addr, d));
		done += d->item->done;
		if (!d->item->done) {
			open++;
			reckless += d->item->kind == TECHDEBT_RECKLESS;
			prudent += d->item->kind == TECHDEBT_PRUDENT;
			flagged += d->flags != 0;
		}
		view_filters_add(&filters, NULL, d->team, d->svc);
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "open", (double)open);
	val_set_num(a, counts, "reckless", (double)reckless);
	val_set_num(a, counts, "prudent", (double)prudent);
	val_set_num(a, counts, "flagged", (double)flagged);
	val_set_num(a, counts, "done", (double)done);
	view_filters_set(r, ctx, &filters);
	val_set_str(a, ctx, "csv_url", "../tech-debt.csv");
	val_set_str(a, ctx, "json_url", "../tech-debt.json");
	struct val *set = val_set(a, ctx, "settings", val_map(a));
	val_set_num(a, set, "sprint_days", s->cfg->debt_sprint_days);
	val_set_num(a, set, "reckless_days",
		    (double)s->cfg->debt_sprint_days * s->cfg->debt_reckless_sprints);
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page_with(r, "tech-debt", addr, ctx, debt_entries, NULL);
}
