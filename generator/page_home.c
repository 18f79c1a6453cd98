#include "page_home.h"

#include <string.h>

#include "page_service.h"

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
		val_push(a, services, page_service_summary(r, "", s->services[i]));

	/* services by team, teams in name order, "unowned" last */
	struct val *teams = val_set(a, ctx, "teams", val_list(a));
	const char **names = arena_alloc(a, (s->nservices + 1) * sizeof(char *));
	size_t nteams = 0;
	for (size_t i = 0; i < s->nservices; i++) {
		const char *t = s->services[i]->team;
		size_t k = 0;
		while (k < nteams && !((t == NULL && names[k] == NULL) ||
				       (t && names[k] && strcmp(t, names[k]) == 0)))
			k++;
		if (k == nteams)
			names[nteams++] = t;
	}
	for (size_t i = 1; i < nteams; i++)
		for (size_t k = i; k > 0; k--) {
			const char *x = names[k - 1], *y = names[k];
			int swap = !x ? 1 : !y ? 0 : strcmp(x, y) > 0;
			if (!swap)
				break;
			names[k - 1] = y;
			names[k] = x;
		}
	for (size_t k = 0; k < nteams; k++) {
		struct val *team = val_map(a);
		val_set_str(a, team, "name", names[k] ? names[k] : "unowned");
		val_set_str(a, team, "title", names[k] ? names[k] : "Unowned");
		val_set_str(a, team, "url", "");
		struct val *list = val_set(a, team, "services", val_list(a));
		for (size_t i = 0; i < s->nservices; i++) {
			const char *t = s->services[i]->team;
			if ((t == NULL && names[k] == NULL) ||
			    (t && names[k] && strcmp(t, names[k]) == 0))
				val_push(a, list, page_service_summary(r, "", s->services[i]));
		}
		val_push(a, teams, team);
	}

	size_t ndocs = 0, nrepos = 0;
	for (size_t i = 0; i < s->nservices; i++)
		ndocs += s->services[i]->ndocs + (s->services[i]->readme != NULL);
	for (size_t i = 0; i < s->nsources; i++)
		nrepos += s->sources[i].ok;
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "services", (double)s->nservices);
	val_set_num(a, counts, "documents", (double)ndocs);
	val_set_num(a, counts, "repos", (double)nrepos);
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
	markdown_result_release(&md);
	render_page(r, "page", d->address, ctx, 0);
}

void page_not_found(struct render_ctx *r)
{
	struct val *ctx = render_base(r, "", "404", "Page not found");
	/* served at any depth: absolute links when the site's address is known */
	if (*r->site->cfg->base_url)
		val_set_str(&r->arena, ctx, "root", r->site->cfg->base_url);
	render_page(r, "404", "404.html", ctx, 0);
}
