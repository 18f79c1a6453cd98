#include "page_alerts.h"

#include <string.h>

#include "alerts.h"
#include "hash.h"
#include "view.h"
#include "view_alerts.h"
#include "view_incident.h"

/* How an alert found its runbook, as its page says it. */
static const char *link_label(int link)
{
	switch (link) {
	case ALERTS_LINK_URL: return "its runbook_url";
	case ALERTS_LINK_PATH: return "its runbook_url (a path)";
	case ALERTS_LINK_NAME:
		return "the runbook's file is named after the alert";
	case ALERTS_LINK_TITLE:
		return "the runbook's title is the alert's name";
	case ALERTS_LINK_WORDS:
		return "the runbook's name is the alert's, in other words";
	default: return "";
	}
}

void page_alerts_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "alerts/";
	struct val *teams = val_list(a);
	struct val *group = NULL, *svcs = NULL, *svc_group = NULL;
	const struct team *team = NULL;
	const struct service *svc = NULL;
	size_t linked = 0;
	const char **severities =
		arena_alloc(a, (s->nalerts + 1) * sizeof(*severities));
	size_t nsev = 0;
	/* s->alerts is by team, then service: a group at each change */
	for (size_t i = 0; i < s->nalerts; i++) {
		const struct alert *al = s->alerts[i];
		if (!group || al->team != team) {
			team = al->team;
			svc_group = NULL;
			group = val_map(a);
			val_set_str(a, group, "title", team ? team->title : "No owner");
			val_set(a, group, "url",
				val_str(a, team ? render_url(r, addr, team->address)
						: ""));
			svcs = val_set(a, group, "services", val_list(a));
			val_push(a, teams, group);
		}
		if (!svc_group || al->service != svc) {
			svc = al->service;
			svc_group = val_map(a);
			val_set_str(a, svc_group, "title",
				    svc ? svc->title : al->src->name);
			val_set(a, svc_group, "url",
				val_str(a, svc ? render_url(r, addr, svc->address) : ""));
			val_set(a, svc_group, "alerts", val_list(a));
			val_push(a, svcs, svc_group);
		}
		val_push(a, val_get(svc_group, "alerts"),
			 view_alert_item(r, addr, al));
		linked += al->runbook != NULL || al->runbook_external != NULL;
		if (*al->rule->severity)
			severities[nsev++] = al->rule->severity;
	}
	struct val *counts = val_map(a);
	val_set_num(a, counts, "alerts", (double)s->nalerts);
	val_set_num(a, counts, "linked", (double)linked);
	val_set_num(a, counts, "unlinked", (double)(s->nalerts - linked));
	/* the page shows the chrome and these */
	struct val *shown[] = { teams, render_names(r, severities, nsev), counts };
	uint64_t fp = view_fp_shown(hash_mix_str(s->chrome_fp, addr), shown, 3);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "alerts", "Alerts");
	val_set(a, ctx, "teams", teams);
	val_set(a, ctx, "severities", shown[1]);
	val_set(a, ctx, "counts", counts);
	val_set_str(a, ctx, "json_url", "../alerts.json");
	render_page(r, "alerts", addr, ctx, fp);
}

/* The rule's labels (all but severity, shown on its own) as {name, value}. */
static struct val *labels_of(struct arena *a, const struct val *labels)
{
	struct val *list = val_list(a);
	for (size_t i = 0;
	     labels && labels->type == VAL_MAP && i < labels->u.map.len; i++) {
		const struct val_pair *kv = &labels->u.map.pairs[i];
		const char *v = val_as_str(kv->val);
		if (!v || strcmp(kv->key, "severity") == 0)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "name", kv->key);
		val_set_str(a, m, "value", v);
		val_push(a, list, m);
	}
	return list;
}

static void set_or_empty(struct arena *a, struct val *m, const char *key, const char *s)
{
	val_set_str(a, m, key, s ? s : "");
}

/* A web address the page may link to as written: http(s) only. */
static int is_web(const char *url)
{
	return strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0;
}

void page_alert(struct render_ctx *r, const struct alert *al)
{
	struct arena *a = &r->arena;
	const char *addr = al->address;
	const struct alerts_rule *rule = al->rule;
	const struct source *src = al->src;
	struct val *v = view_alert_item(r, addr, al);
	val_set_str(a, v, "description", rule->description);
	val_set_str(a, v, "expr", rule->expr);
	val_set_str(a, v, "for", rule->duration);
	val_set_str(a, v, "group", rule->group);
	val_set(a, v, "labels", labels_of(a, rule->labels));
	val_set_str(a, v, "link",
		    al->runbook_external ? "its runbook_url: a page outside the portal"
					 : link_label(al->link));
	val_set_str(a, v, "runbook_written", rule->runbook_url);
	val_set_bool(a, v, "runbook_written_web", is_web(rule->runbook_url));
	if (src->web_url && src->commit.branch)
		val_set(a, v, "source_url",
			val_str(a, arena_printf(a, "%s/blob/%s/%s#L%d",
						src->web_url, src->commit.branch,
						al->path, rule->line)));
	else
		val_set_str(a, v, "source_url", "");
	if (al->service)
		val_set(a, v, "incident", view_incident(r, addr, al->service));
	set_or_empty(a, v, "team_email", al->team ? al->team->email : NULL);
	/* the page shows the chrome and v (its incident panel too); its
	 * search entry is made of v's fields */
	uint64_t fp = view_fp_shown(hash_mix_str(r->site->chrome_fp, addr), &v, 1);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "alert", rule->name);
	val_set(a, ctx, "alert", v);

	struct buf body = BUF_INIT;
	buf_printf(&body, "%s\n%s\n%s\n", rule->summary, rule->description, rule->expr);
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = "alert";
	se.title = rule->name;
	/* its exact name finds its runbook first (the runbook's entry has
	 * it among its names), then this page; without a runbook, this page */
	se.name = al->runbook ? NULL : rule->name;
	se.url = addr;
	se.service = al->service ? al->service->name : NULL;
	se.headings = al->team ? al->team->name : al->team_label;
	se.body = body.ptr;
	se.body_len = body.len;
	render_search(r, &se, NULL, 0);
	buf_release(&body);

	struct val *crumbs = val_set(a, ctx, "breadcrumbs", val_list(a));
	struct val *c = val_map(a);
	val_set_str(a, c, "title", "Alerts");
	val_set(a, c, "url", val_str(a, render_url(r, addr, "alerts/")));
	val_push(a, crumbs, c);
	render_page(r, "alert", addr, ctx, fp);
}
