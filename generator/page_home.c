#include "page_home.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

#include "view_slos.h"
#include "view.h"

#define RECENT_RUNBOOKS 10

static int cmp_changed_desc(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	if (a->changed != b->changed)
		return a->changed < b->changed ? 1 : -1;
	return strcmp(a->address, b->address);
}

/* The runbooks changed most recently, newest first. */
static struct val *recent_runbooks(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	size_t n = 0;
	for (size_t i = 0; i < s->nservices; i++)
		for (size_t k = 0; k < s->services[i]->ndocs; k++)
			n += s->services[i]->docs[k]->kind == DOC_RUNBOOK &&
			     s->services[i]->docs[k]->changed > 0;
	const struct document **all = arena_alloc(a, (n + 1) * sizeof(*all));
	size_t m = 0;
	for (size_t i = 0; i < s->nservices; i++)
		for (size_t k = 0; k < s->services[i]->ndocs; k++) {
			const struct document *d = s->services[i]->docs[k];
			if (d->kind == DOC_RUNBOOK && d->changed > 0)
				all[m++] = d;
		}
	if (m)
		qsort(all, m, sizeof(*all), cmp_changed_desc);
	struct val *list = val_list(a);
	for (size_t i = 0; i < m && i < RECENT_RUNBOOKS; i++) {
		struct val *item = view_doc_item(r, "", all[i]);
		const struct service *svc = all[i]->service;
		val_set_str(a, item, "service_title", svc->title);
		render_set_url(r, item, "service_url", "", svc->address);
		val_push(a, list, item);
	}
	return list;
}

void page_home(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *ctx = render_base(r, "", "home", s->cfg->title);

	struct markdown_result md = MARKDOWN_RESULT_INIT;
	if (s->home) {
		render_markdown(r, s->home, "", &md);
		val_set(a, ctx, "home_html", val_strn(a, md.html.ptr, md.html.len));
	} else {
		val_set_str(a, ctx, "home_html", "");
	}
	markdown_result_release(&md);

	struct val *services = val_set(a, ctx, "services", val_list(a));
	for (size_t i = 0; i < s->nservices; i++)
		val_push(a, services, view_service_summary(r, "", s->services[i]));

	/* services by team (teams in address order), the unowned last */
	struct val *teams = val_set(a, ctx, "teams", val_list(a));
	for (size_t k = 0; k < s->nteams; k++) {
		const struct team *t = s->teams[k];
		if (!t->nservices)
			continue;
		struct val *team = val_map(a);
		val_set_str(a, team, "name", t->name);
		val_set_str(a, team, "title", t->title);
		render_set_url(r, team, "url", "", t->address);
		struct val *list = val_set(a, team, "services", val_list(a));
		for (size_t i = 0; i < t->nservices; i++)
			val_push(a, list, view_service_summary(r, "", t->services[i]));
		val_push(a, teams, team);
	}
	struct val *unowned = NULL;
	for (size_t i = 0; i < s->nservices; i++) {
		if (s->services[i]->team)
			continue;
		if (!unowned) {
			struct val *team = val_map(a);
			val_set_str(a, team, "name", "unowned");
			val_set_str(a, team, "title", "No owner");
			val_set_str(a, team, "url", "");
			unowned = val_set(a, team, "services", val_list(a));
			val_push(a, teams, team);
		}
		val_push(a, unowned, view_service_summary(r, "", s->services[i]));
	}
	for (size_t i = 0; i < s->nservices; i++)
		if (s->services[i]->oncall)
			val_set_bool(a, ctx, "has_oncall", 1);
	val_set(a, ctx, "recent_runbooks", recent_runbooks(r));
	val_set(a, ctx, "recent_deploys", view_recent_deploys(r, "", NULL, 10));

	size_t ndocs = 0, nrepos = 0;
	for (size_t i = 0; i < s->nservices; i++)
		ndocs += s->services[i]->ndocs + (s->services[i]->readme != NULL);
	for (size_t i = 0; i < s->nsources; i++)
		nrepos += s->sources[i].ok;
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "services", (double)s->nservices);
	val_set_num(a, counts, "documents", (double)ndocs);
	val_set_num(a, counts, "repos", (double)nrepos);
	val_set_num(a, counts, "teams", (double)s->nteams);
	size_t open = 0, overdue = 0;
	for (size_t i = 0; i < s->nactions; i++) {
		open += strcmp(s->actions[i].state, "open") == 0;
		overdue += s->actions[i].overdue;
	}
	val_set_num(a, counts, "open_items", (double)open);
	val_set_num(a, counts, "overdue_items", (double)overdue);
	val_set(a, ctx, "burning", view_slos_burning(r, "", 5));
	render_page(r, "home", "", ctx, 0);
}

void page_content(struct render_ctx *r, const struct document *d)
{
	struct arena *a = &r->arena;
	struct val *ctx = render_base(r, d->address, "content", d->title);
	struct markdown_result md = MARKDOWN_RESULT_INIT;
	render_markdown(r, d, d->address, &md);
	struct val *doc = val_set(a, ctx, "doc", val_map(a));
	val_set_str(a, doc, "title", d->title);
	val_set(a, doc, "html", val_strn(a, md.html.ptr, md.html.len));
	val_set(a, doc, "toc", render_toc(r, &md));
	val_set(a, doc, "meta", d->meta ? d->meta : val_map(a));
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = "page";
	se.title = d->title;
	se.url = d->address;
	se.body = md.text.ptr;
	se.body_len = md.text.len;
	render_search(r, &se, md.toc, md.ntoc);
	markdown_result_release(&md);
	render_page(r, "page", d->address, ctx, 0);
}

void page_not_found(struct render_ctx *r)
{
	/* it shows the chrome alone (the navigation, cairn.yaml's title and
	 * address) */
	uint64_t fp = hash_mix_str(r->site->chrome_fp, "404.html");
	if (render_reuse(r, "404.html", fp))
		return;
	struct val *ctx = render_base(r, "", "404", "Page not found");
	/* served at any depth: absolute links when the site's address is
	 * known, the navigation's too; no section is the current page */
	const char *base = r->site->cfg->base_url;
	struct val *nav = val_get(ctx, "nav");
	for (size_t i = 0; nav && nav->type == VAL_LIST && i < nav->u.list.len; i++) {
		struct val *item = nav->u.list.items[i];
		const char *url = val_as_str(val_get(item, "url"));
		val_set_bool(&r->arena, item, "active", 0);
		if (*base && url)
			val_set(&r->arena, item, "url",
				val_str(&r->arena,
					arena_printf(&r->arena, "%s%s", base,
						     strcmp(url, "./") ? url : "")));
	}
	if (*base)
		val_set_str(&r->arena, ctx, "root", base);
	render_page(r, "404", "404.html", ctx, fp);
}
