#include "page_deploys.h"

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
	const char **svcs = arena_alloc(a, (n + 1) * sizeof(char *));
	const char **teams = arena_alloc(a, (n + 1) * sizeof(char *));
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		val_push(a, items,
			 view_deploy_item(r, addr, list[i].svc, list[i].dep));
		envs[i] = list[i].dep->environment;
		svcs[i] = list[i].svc->name;
		if (list[i].svc->team)
			teams[nt++] = list[i].svc->team->name;
	}
	val_set(a, ctx, "environments", render_names(r, envs, n));
	val_set(a, ctx, "services", render_names(r, svcs, n));
	val_set(a, ctx, "teams", render_names(r, teams, nt));
	val_set_num(a, ctx, "days", DEPLOY_RECENT_DAYS);
	val_set_str(a, ctx, "json_url", "../deploys.json");
	free(list);
	render_page(r, "deploys", addr, ctx, 0);
}
