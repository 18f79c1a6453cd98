#include "view_alerts.h"

#include "alerts.h"

struct val *view_alert_item(struct render_ctx *r, const char *from,
			    const struct alert *al)
{
	struct arena *a = &r->arena;
	const struct alerts_rule *rule = al->rule;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", rule->name);
	val_set(a, m, "url", val_str(a, render_url(r, from, al->address)));
	val_set_str(a, m, "severity", rule->severity);
	val_set_str(a, m, "summary", rule->summary);
	val_set_str(a, m, "repo", al->src->name);
	val_set_str(a, m, "path", al->path);
	val_set_num(a, m, "line", rule->line);
	if (al->runbook) {
		val_set_str(a, m, "runbook_title", al->runbook->title);
		val_set(a, m, "runbook_url",
			val_str(a, render_url(r, from, al->runbook->address)));
	} else {
		val_set_str(a, m, "runbook_title", "");
		val_set_str(a, m, "runbook_url", "");
	}
	if (al->service) {
		val_set_str(a, m, "service", al->service->name);
		val_set_str(a, m, "service_title", al->service->title);
		val_set(a, m, "service_url",
			val_str(a, render_url(r, from, al->service->address)));
	} else {
		val_set_str(a, m, "service", "");
		val_set_str(a, m, "service_title", "");
		val_set_str(a, m, "service_url", "");
	}
	if (al->team) {
		val_set_str(a, m, "team", al->team->name);
		val_set_str(a, m, "team_title", al->team->title);
		val_set(a, m, "team_url",
			val_str(a, render_url(r, from, al->team->address)));
	} else {
		val_set_str(a, m, "team", "");
		val_set_str(a, m, "team_title", "");
		val_set_str(a, m, "team_url", "");
	}
	return m;
}

struct val *view_alerts_list(struct render_ctx *r, const char *from,
			     struct alert *const *alerts, size_t n)
{
	struct val *list = val_list(&r->arena);
	for (size_t i = 0; i < n; i++)
		val_push(&r->arena, list, view_alert_item(r, from, alerts[i]));
	return list;
}

const char *view_alerts_names(struct render_ctx *r, const char *name,
			      struct alert *const *alerts, size_t n)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, name);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "\n%s", alerts[i]->rule->name);
	const char *s = arena_strdup(&r->arena, b.ptr);
	buf_release(&b);
	return s;
}
