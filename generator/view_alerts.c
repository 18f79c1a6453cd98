#include "view_alerts.h"

#include <string.h>

#include "alerts.h"

/* Sets <key>_title and <key>_url to a page's title and its link from
 * `from`; both "" when there is no page (address NULL). */
static void set_page(struct render_ctx *r, struct val *m, const char *from,
		     const char *key, const char *title, const char *address)
{
	struct arena *a = &r->arena;
	val_set_str(a, m, arena_printf(a, "%s_title", key), title ? title : "");
	render_set_url(r, m, arena_printf(a, "%s_url", key), from, address);
}

struct val *view_alert_item(struct render_ctx *r, const char *from,
			    const struct alert *al)
{
	struct arena *a = &r->arena;
	const struct alerts_rule *rule = al->rule;
	const struct document *rb = al->runbook;
	const struct service *svc = al->service;
	const struct team *t = al->team;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", rule->name);
	val_set(a, m, "url", val_str(a, render_url(r, from, al->address)));
	val_set_str(a, m, "severity", rule->severity);
	val_set_str(a, m, "summary", rule->summary);
	val_set_str(a, m, "repo", al->src->name);
	val_set_str(a, m, "path", al->path);
	val_set_num(a, m, "line", rule->line);
	set_page(r, m, from, "runbook", rb ? rb->title : NULL, rb ? rb->address : NULL);
	if (!rb && al->runbook_external) {
		/* a page outside the portal: shown without its scheme */
		const char *shown = strstr(al->runbook_external, "://");
		val_set_str(a, m, "runbook_title",
			    shown ? shown + 3 : al->runbook_external);
		val_set_str(a, m, "runbook_url", al->runbook_external);
		val_set_bool(a, m, "runbook_outside", 1);
	}
	if (rb && al->runbook_anchor)
		val_set(a, m, "runbook_url",
			val_str(a, arena_printf(a, "%s#%s",
						render_url(r, from, rb->address),
						al->runbook_anchor)));
	val_set_str(a, m, "service", svc ? svc->name : "");
	set_page(r, m, from, "service", svc ? svc->title : NULL,
		 svc ? svc->address : NULL);
	val_set_str(a, m, "team",
		    t		     ? t->name
		    : al->team_label ? al->team_label
				     : "");
	set_page(r, m, from, "team", t ? t->title : NULL, t ? t->address : NULL);
	if (!t && al->team_label)
		val_set_str(a, m, "team_label", al->team_label);
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
