#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "alerts.h"

#include "deploy.h"
#include "view.h"
#include "xalloc.h"

/* A page's address as an export gives it: absolute under base_url when
 * the configuration sets one, else site-relative. */
static const char *absolute(struct render_ctx *r, const char *addr)
{
	return arena_printf(&r->arena, "%s%s", r->site->cfg->base_url, addr);
}

static struct val *address(struct render_ctx *r, const char *addr)
{
	return val_str(&r->arena, absolute(r, addr));
}

static struct val *str_or_null(struct arena *a, const char *s)
{
	return s ? val_str(a, s) : val_null(a);
}

/* Writes root as JSON to the site's file name. */
static void write_json(struct render_ctx *r, const char *name, const struct val *root)
{
	struct buf json = BUF_INIT, err = BUF_INIT;
	val_to_json(&json, root);
	buf_putc(&json, '\n');
	if (output_write(r->out, name, json.ptr, json.len, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	buf_release(&json);
	buf_release(&err);
}

void export_catalog(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = val_map(a);
	val_set_str(a, root, "generator", "cairn " CAIRN_VERSION);
	struct val *services = val_set(a, root, "services", val_list(a));
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", svc->name);
		val_set_str(a, m, "title", svc->title);
		val_set(a, m, "description", str_or_null(a, svc->description));
		val_set(a, m, "owner", str_or_null(a, svc->owner));
		val_set(a, m, "team", str_or_null(a, svc->team ? svc->team->name : NULL));
		val_set(a, m, "lifecycle", str_or_null(a, svc->lifecycle));
		val_set(a, m, "type", str_or_null(a, svc->type));
		val_set(a, m, "system", str_or_null(a, svc->system));
		val_set_str(a, m, "repo", svc->src->name);
		val_set(a, m, "url", address(r, svc->address));
		val_set(a, m, "oncall", str_or_null(a, svc->oncall_url));
		struct val *books = val_set(a, m, "runbooks", val_list(a));
		for (size_t k = 0; k < svc->ndocs; k++) {
			const struct document *d = svc->docs[k];
			if (d->kind != DOC_RUNBOOK)
				continue;
			struct val *b = val_map(a);
			val_set_str(a, b, "title", d->title);
			val_set_str(a, b, "path", d->path);
			val_set(a, b, "url", address(r, d->address));
			val_push(a, books, b);
		}
		struct val *apis = val_set(a, m, "apis", val_list(a));
		for (size_t k = 0; k < svc->nprovides; k++)
			val_push(a, apis, val_str(a, svc->provides[k].name));
		struct val *consumes = val_set(a, m, "consumes_apis", val_list(a));
		for (size_t k = 0; k < svc->nconsumes; k++)
			val_push(a, consumes, val_str(a, svc->consumes[k].name));
		struct val *deps = val_set(a, m, "depends_on", val_list(a));
		for (size_t k = 0; k < svc->ndepends_on; k++)
			val_push(a, deps, val_str(a, svc->depends_on[k].ref));
		struct val *dependents = val_set(a, m, "dependents", val_list(a));
		for (size_t k = 0; k < svc->ndependents; k++)
			val_push(a, dependents, val_str(a, svc->dependents[k].name));
		val_push(a, services, m);
	}
	struct val *teams = val_set(a, root, "teams", val_list(a));
	for (size_t i = 0; i < s->nteams; i++) {
		const struct team *t = s->teams[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", t->name);
		val_set_str(a, m, "title", t->title);
		val_set_str(a, m, "kind", t->kind);
		val_set(a, m, "email", str_or_null(a, t->email));
		val_set(a, m, "url", address(r, t->address));
		struct val *members = val_set(a, m, "members", val_list(a));
		for (size_t k = 0; k < t->nmembers; k++)
			val_push(a, members, val_str(a, t->members[k]->name));
		for (size_t k = 0; k < t->nmember_names; k++)
			val_push(a, members, val_str(a, t->member_names[k]));
		struct val *svcs = val_set(a, m, "services", val_list(a));
		for (size_t k = 0; k < t->nservices; k++)
			val_push(a, svcs, val_str(a, t->services[k]->name));
		val_push(a, teams, m);
	}
	write_json(r, "catalog.json", root);
}

/* ------------------------------------------------------------ action items */

/* Appends a CSV field, quoted when it must be (RFC 4180); a leading = + -
 * @ is prefixed with ' so that spreadsheets do not run it as a formula. */
static void csv_field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	if (quote || formula)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote || formula)
		buf_putc(b, '"');
}

void export_action_items(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct buf csv = BUF_INIT, json = BUF_INIT, err = BUF_INIT;
	struct val *root = val_map(a);
	struct val *items = val_set(a, root, "items", val_list(a));
	buf_puts(&csv, "postmortem,postmortem_url,service,team,text,owner,due,state,overdue,needs_escalation\r\n");
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		const char *owner = val_as_str(val_get(act->item, "owner"));
		const char *due = val_as_str(val_get(act->item, "due"));
		const char *url = absolute(r, act->pm->address);
		struct val *m = val_map(a);
		val_set_str(a, m, "postmortem", act->pm->title);
		val_set_str(a, m, "postmortem_url", url);
		val_set_str(a, m, "service", act->svc->name);
		val_set(a, m, "team", act->svc->team ? val_str(a, act->svc->team->name) : val_null(a));
		val_set_str(a, m, "text", val_as_str(val_get(act->item, "text")));
		val_set(a, m, "owner", owner ? val_str(a, owner) : val_null(a));
		val_set(a, m, "due", due ? val_str(a, due) : val_null(a));
		val_set_str(a, m, "state", act->state);
		val_set_bool(a, m, "overdue", act->overdue);
		val_set_bool(a, m, "needs_escalation", act->needs_escalation);
		val_set_str(a, m, "repo", act->pm->src->name);
		val_set_str(a, m, "path", act->pm->path);
		val_set_num(a, m, "line", (double)(long)val_get(act->item, "line")->u.num);
		val_push(a, items, m);

		const char *fields[] = { act->pm->title, url, act->svc->name,
					 act->svc->team ? act->svc->team->name : "",
					 val_as_str(val_get(act->item, "text")), owner, due,
					 act->state, act->overdue ? "true" : "false",
					 act->needs_escalation ? "true" : "false" };
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			if (k)
				buf_putc(&csv, ',');
			csv_field(&csv, fields[k]);
		}
		buf_puts(&csv, "\r\n");
	}
	val_to_json(&json, root);
	buf_putc(&json, '\n');
	if (output_write(r->out, "action-items.csv", csv.ptr, csv.len, &err) < 0 ||
	    output_write(r->out, "action-items.json", json.ptr, json.len, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	buf_release(&csv);
	buf_release(&json);
	buf_release(&err);
}

/* ------------------------------------------------------------ deploys */

void export_deploys(struct render_ctx *r)
{
	const struct site *s = r->site;
	struct buf json = BUF_INIT, err = BUF_INIT;
	struct view_deploy *list;
	/* every deploy of the last 90 days, newest first */
	size_t n = view_deploys_since(s, NULL, s->now - 90 * 86400, 0, &list);
	const struct deploy **deps = xcalloc(n + 1, sizeof(*deps));
	for (size_t i = 0; i < n; i++)
		deps[i] = list[i].dep;
	deploy_json_list(&json, deps, n);
	buf_putc(&json, '\n');
	if (output_write(r->out, "deploys.json", json.ptr, json.len, &err) < 0) {
		diag_add(s->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	free(deps);
	free(list);
	buf_release(&json);
	buf_release(&err);
}

/* ------------------------------------------------------------ alerts */

static struct val *str_or_null_empty(struct arena *a, const char *s)
{
	return str_or_null(a, s && *s ? s : NULL);
}

void export_alerts(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = val_map(a);
	val_set_str(a, root, "generator", "cairn " CAIRN_VERSION);
	struct val *list = val_set(a, root, "alerts", val_list(a));
	for (size_t i = 0; i < s->nalerts; i++) {
		const struct alert *al = s->alerts[i];
		const struct alerts_rule *rule = al->rule;
		struct val *m = val_map(a);
		val_set_str(a, m, "name", rule->name);
		val_set_str(a, m, "group", rule->group);
		val_set(a, m, "severity", str_or_null_empty(a, rule->severity));
		val_set(a, m, "summary", str_or_null_empty(a, rule->summary));
		val_set(a, m, "description", str_or_null_empty(a, rule->description));
		val_set_str(a, m, "expr", rule->expr);
		val_set(a, m, "for", str_or_null_empty(a, rule->duration));
		val_set(a, m, "labels", rule->labels ? (struct val *)rule->labels : val_map(a));
		val_set_str(a, m, "repo", al->src->name);
		val_set_str(a, m, "path", al->path);
		val_set_num(a, m, "line", rule->line);
		val_set(a, m, "service", str_or_null(a, al->service ? al->service->name : NULL));
		val_set(a, m, "team", str_or_null(a, al->team ? al->team->name : NULL));
		val_set(a, m, "url", address(r, al->address));
		val_set(a, m, "runbook_url", str_or_null_empty(a, rule->runbook_url));
		if (al->runbook) {
			struct val *b = val_set(a, m, "runbook", val_map(a));
			val_set_str(a, b, "title", al->runbook->title);
			val_set_str(a, b, "repo", al->runbook->src->name);
			val_set_str(a, b, "path", al->runbook->path);
			val_set(a, b, "url", address(r, al->runbook->address));
		} else {
			val_set(a, m, "runbook", val_null(a));
		}
		val_push(a, list, m);
	}
	write_json(r, "alerts.json", root);
}
