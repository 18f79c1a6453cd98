#include "page_deploys.h"

#include "view_docfp.h"

#include <stdlib.h>

#include "view.h"

void page_deploys_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "deploys/";
	struct val *ctx = render_base(r, addr, "deploys", "Deploys");
	struct view_deploy *list;
	size_t n = view_deploys_since(s, NULL, s->now - DEPLOY_RECENT_DAYS * 86400,
				      0, &list);
	struct val *items = val_set(a, ctx, "deploys", val_list(a));
	const char **envs = arena_alloc(a, (n + 1) * sizeof(char *));
	struct view_filters filters;
	view_filters_init(&filters, r, n);
	for (size_t i = 0; i < n; i++) {
		val_push(a, items,
			 view_deploy_item(r, addr, list[i].svc, list[i].dep));
		envs[i] = list[i].dep->environment;
		view_filters_add(&filters, NULL, list[i].svc->team, list[i].svc);
	}
	val_set(a, ctx, "environments", render_names(r, envs, n));
	view_filters_set(r, ctx, &filters);
	val_set_num(a, ctx, "days", DEPLOY_RECENT_DAYS);
	val_set_str(a, ctx, "json_url", "../deploys.json");
	if (!s->cfg->nenvironments) {
		size_t tags = 0;
		for (size_t i = 0; i < s->nsources; i++)
			tags += s->sources[i].deploy_tags_unread;
		val_set_bool(a, ctx, "no_environments", 1);
		if (tags)
			val_set_num(a, ctx, "tags_unread", (double)tags);
	}
	free(list);
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page(r, "deploys", addr, ctx);
}
