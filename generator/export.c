#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alerts.h"
#include "api_changes.h"
#include "api_changes_cache.h"
#include "site_org.h"
#include "assemble_deps.h"
#include "deploy.h"
#include "view_slos.h"
#include "view.h"
#include "view_contracts.h"
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

/* key: the time t in RFC 3339, UTC, when has; else null. */
static void set_time(struct arena *a, struct val *m, const char *key, int has, int64_t t)
{
	char when[32];
	if (!has) {
		val_set(a, m, key, val_null(a));
		return;
	}
	render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", t);
	val_set_str(a, m, key, when);
}

/* The root of a JSON export: {"generator": "cairn VERSION"}. */
static struct val *generator_root(struct arena *a)
{
	struct val *root = val_map(a);
	val_set_str(a, root, "generator", "cairn " CAIRN_VERSION);
	return root;
}

/* Writes root as JSON, newline-ended, to the site's file name. */
static void write_json_fp(struct render_ctx *r, const char *name,
			  const struct val *root, uint64_t fp)
{
	struct buf json = BUF_INIT;
	val_to_json(&json, root);
	buf_putc(&json, '\n');
	render_write_fp(r, name, json.ptr, json.len, fp);
	buf_release(&json);
}

static void write_json(struct render_ctx *r, const char *name, const struct val *root)
{
	write_json_fp(r, name, root, 0);
}

/* Writes the CSV b to csv_name, then (when it was written) root to
 * json_name, both made from inputs with fingerprint fp (0: none). */
static void write_csv_json(struct render_ctx *r, const char *csv_name,
			   const struct buf *b, const char *json_name,
			   const struct val *root, uint64_t fp)
{
	if (render_write_fp(r, csv_name, b->ptr, b->len, fp) == 0)
		write_json_fp(r, json_name, root, fp);
}

static struct val *apis_val(struct render_ctx *r);

void export_catalog(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *kept[] = { "catalog.json" };
	if (render_keep_files(r, kept, 1, site_org_fp(s, kept[0])))
		return;
	struct val *root = generator_root(a);
	struct val *services = val_set(a, root, "services", val_list(a));
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", svc->name);
		val_set_str(a, m, "title", svc->title);
		val_set(a, m, "description", str_or_null(a, svc->description));
		val_set(a, m, "owner", str_or_null(a, svc->owner));
		/* every owner: the owner, then CODEOWNERS' other "*" owners */
		struct val *owners = val_set(a, m, "owners", val_list(a));
		if (svc->owner)
			val_push(a, owners, val_str(a, svc->owner));
		for (size_t k = 0; k < svc->nco_owners; k++)
			val_push(a, owners, val_str(a, svc->co_owners[k]));
		val_set(a, m, "team",
			str_or_null(a, svc->team ? svc->team->name : NULL));
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
	val_set(a, root, "apis", apis_val(r));
	write_json_fp(r, "catalog.json", root, site_org_fp(s, "catalog.json"));
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

/* Appends one CSV record of fields[0..n) (NULL: empty), CRLF-ended. */
static void csv_row(struct buf *b, const char *const *fields, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_putc(b, ',');
		csv_field(b, fields[k]);
	}
	buf_puts(b, "\r\n");
}

void export_action_items(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	/* one fingerprint for both files, made together */
	const char *kept[] = { "action-items.csv", "action-items.json" };
	uint64_t fp = site_org_records_fp(s, kept[0]);
	if (render_keep_files(r, kept, 2, fp))
		return;
	struct buf csv = BUF_INIT;
	struct val *root = generator_root(a);
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
		val_set(a, m, "team",
			act->svc->team ? val_str(a, act->svc->team->name)
				       : val_null(a));
		val_set_str(a, m, "text", val_as_str(val_get(act->item, "text")));
		val_set(a, m, "owner", owner ? val_str(a, owner) : val_null(a));
		val_set(a, m, "due", due ? val_str(a, due) : val_null(a));
		val_set_str(a, m, "state", act->state);
		val_set_bool(a, m, "overdue", act->overdue);
		val_set_bool(a, m, "needs_escalation", act->needs_escalation);
		val_set_str(a, m, "repo", act->pm->src->name);
		val_set_str(a, m, "path", act->pm->path);
		val_set_num(a, m, "line",
			    (double)(long)val_get(act->item, "line")->u.num);
		val_push(a, items, m);

		const char *fields[] = { act->pm->title,
					 url,
					 act->svc->name,
					 act->svc->team ? act->svc->team->name : "",
					 val_as_str(val_get(act->item, "text")),
					 owner,
					 due,
					 act->state,
					 act->overdue ? "true" : "false",
					 act->needs_escalation ? "true" : "false" };
		csv_row(&csv, fields, sizeof(fields) / sizeof(fields[0]));
	}
	write_csv_json(r, "action-items.csv", &csv, "action-items.json", root, fp);
	buf_release(&csv);
}

/* ------------------------------------------------------------ deploys */

void export_deploys(struct render_ctx *r)
{
	const struct site *s = r->site;
	struct buf json = BUF_INIT;
	struct view_deploy *list;
	/* every deploy of the last 90 days, newest first */
	size_t n = view_deploys_since(s, NULL, s->now - 90 * 86400, 0, &list);
	const struct deploy **deps = xcalloc(n + 1, sizeof(*deps));
	for (size_t i = 0; i < n; i++)
		deps[i] = list[i].dep;
	deploy_json_list(&json, deps, n);
	buf_putc(&json, '\n');
	render_write(r, "deploys.json", json.ptr, json.len);
	free(deps);
	free(list);
	buf_release(&json);
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
	struct val *root = generator_root(a);
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
		val_set(a, m, "labels",
			rule->labels ? (struct val *)rule->labels : val_map(a));
		val_set_str(a, m, "repo", al->src->name);
		val_set_str(a, m, "path", al->path);
		val_set_num(a, m, "line", rule->line);
		val_set(a, m, "service",
			str_or_null(a, al->service ? al->service->name : NULL));
		val_set(a, m, "team", str_or_null(a, al->team ? al->team->name : NULL));
		val_set(a, m, "team_label", str_or_null(a, al->team_label));
		val_set(a, m, "url", address(r, al->address));
		val_set(a, m, "runbook_url", str_or_null_empty(a, rule->runbook_url));
		if (al->runbook) {
			struct val *b = val_set(a, m, "runbook", val_map(a));
			val_set_str(a, b, "title", al->runbook->title);
			val_set_str(a, b, "repo", al->runbook->src->name);
			val_set_str(a, b, "path", al->runbook->path);
			val_set(a, b, "url",
				val_str(a, arena_printf(a, "%s%s%s",
							absolute(r, al->runbook->address),
							al->runbook_anchor ? "#" : "",
							al->runbook_anchor ? al->runbook_anchor
									   : "")));
		} else {
			val_set(a, m, "runbook", val_null(a));
		}
		val_set(a, m, "runbook_external", str_or_null(a, al->runbook_external));
		val_push(a, list, m);
	}
	write_json(r, "alerts.json", root);
}

/* ------------------------------------------------------------ SLOs, debt */

static void set_number(struct arena *a, struct val *m, const char *key, int has, double v)
{
	val_set(a, m, key, has ? val_num(a, v) : val_null(a));
}

void export_slos(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = generator_root(a);
	struct val *list = val_set(a, root, "slos", val_list(a));
	for (size_t i = 0; i < s->nslos; i++) {
		const struct site_slo *ss = &s->slos[i];
		const struct slo_status *rec = ss->rec;
		const struct slo_objective *obj =
			ss->budget.objective ? ss->budget.objective
					     : slo_objective(ss->slo, NULL);
		struct val *m = val_map(a);
		val_set(a, m, "service",
			str_or_null(a, ss->svc ? ss->svc->name : ss->slo->service));
		val_set(a, m, "url",
			ss->svc ? address(r, ss->svc->address) : val_null(a));
		val_set_str(a, m, "name", ss->slo->name);
		val_set(a, m, "title", str_or_null(a, ss->slo->display_name));
		set_number(a, m, "target", obj != NULL, obj ? obj->target : 0);
		val_set_str(a, m, "window", ss->slo->window.duration);
		val_set_bool(a, m, "rolling", ss->slo->window.rolling);
		val_set_str(a, m, "budgeting", slo_budgeting_name(ss->slo->budgeting));
		val_set_str(a, m, "state", slo_state_name(ss->budget.state));
		set_number(a, m, "sli", rec && (rec->has & SLO_HAS_SLI),
			   rec ? rec->sli : 0);
		set_number(a, m, "budget_remaining",
			   rec && (rec->has & SLO_HAS_BUDGET),
			   rec ? rec->budget_remaining : 0);
		set_number(a, m, "burn_rate_1h", rec && (rec->has & SLO_HAS_BURN_1H),
			   rec ? rec->burn_1h : 0);
		set_number(a, m, "burn_rate_6h", rec && (rec->has & SLO_HAS_BURN_6H),
			   rec ? rec->burn_6h : 0);
		set_time(a, m, "time", rec != NULL, rec ? rec->time : 0);
		val_set_str(a, m, "repo", ss->src->name);
		val_set_str(a, m, "path", ss->slo->path);
		val_set(a, m, "time_zone",
			str_or_null(a, ss->slo->window.rolling
					       ? NULL
					       : ss->slo->window.calendar_zone));
		set_time(a, m, "window_start", rec != NULL, ss->budget.window_start);
		set_time(a, m, "window_end", rec != NULL, ss->budget.window_end);
		val_push(a, list, m);
	}
	write_json(r, "slos.json", root);
}

void export_techdebt(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct buf csv = BUF_INIT;
	struct val *root = generator_root(a);
	struct val *items = val_set(a, root, "items", val_list(a));
	buf_puts(&csv, "title,kind,state,flagged,owner,due,cycle,service,team,repo,path,line,rationale\r\n");
	for (size_t i = 0; i < s->ndebts; i++) {
		const struct site_debt *d = &s->debts[i];
		const struct techdebt_item *it = d->item;
		struct val *m = view_slos_debt(r, "", d);
		/* the tracker's relative links mean nothing in a file */
		val_set(a, m, "service_url",
			d->svc ? address(r, d->svc->address) : val_null(a));
		val_set(a, m, "team_url",
			d->team ? address(r, d->team->address) : val_null(a));
		/* what an item does not say is null, as in the other exports */
		static const char *const optional[] = { "owner", "due", "cycle",
							"rationale" };
		for (size_t k = 0; k < sizeof(optional) / sizeof(*optional); k++) {
			const char *v = val_as_str(val_get(m, optional[k]));
			if (!v || !*v)
				val_set(a, m, optional[k], val_null(a));
		}
		const struct val *links = val_get(m, "links");
		for (size_t k = 0; links && k < links->u.list.len; k++) {
			struct val *l = links->u.list.items[k];
			const char *url = val_as_str(val_get(l, "url"));
			if (!url || !*url)
				val_set(a, l, "url", val_null(a));
			else if (!strstr(url, "://"))
				val_set(a, l, "url", address(r, url));
		}
		val_push(a, items, m);
		char line[32];
		snprintf(line, sizeof(line), "%d", it->line);
		const char *fields[] = { it->title,
					 techdebt_kind_name(it->kind),
					 it->done ? "done" : "open",
					 d->flags ? "true" : "false",
					 it->owner,
					 it->due,
					 it->cycle,
					 d->svc ? d->svc->name : it->service,
					 d->team ? d->team->name : "",
					 d->src->name,
					 it->path,
					 line,
					 it->rationale };
		csv_row(&csv, fields, sizeof(fields) / sizeof(fields[0]));
	}
	write_csv_json(r, "tech-debt.csv", &csv, "tech-debt.json", root, 0);
	buf_release(&csv);
}

/* ------------------------------------------------------------ dependencies */

void export_dependencies(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = generator_root(a);
	struct val *pkgs = val_set(a, root, "packages", val_list(a));
	for (size_t i = 0; i < s->ndep_packages; i++) {
		const struct dep_package *pkg = s->dep_packages[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "ecosystem", pkg->ecosystem);
		val_set_str(a, m, "name", pkg->name);
		val_set(a, m, "url", address(r, pkg->address));
		struct val *vs = val_set(a, m, "versions", val_list(a));
		for (size_t k = 0; k < pkg->nversions; k++) {
			const struct dep_version *v = &pkg->versions[k];
			struct val *vm = val_map(a);
			val_set_str(a, vm, "version", v->version);
			val_set_bool(a, vm, "resolved", v->resolved);
			int direct = 0;
			struct val *svcs = val_set(a, vm, "services", val_list(a));
			for (size_t j = 0; j < v->nuses; j++) {
				const struct dep_use *u = v->uses[j];
				struct val *sm = val_map(a);
				val_set_str(a, sm, "name", u->svc->name);
				val_set_bool(a, sm, "direct", u->direct);
				val_set_bool(a, sm, "dev", u->dev);
				val_push(a, svcs, sm);
				direct |= u->direct;
			}
			val_set_bool(a, vm, "direct", direct);
			val_push(a, vs, vm);
		}
		val_push(a, pkgs, m);
	}
	write_json(r, "dependencies.json", root);
}

/* ------------------------------------------------------------ APIs, contracts */

static struct val *names_val(struct arena *a, struct service *const *svcs, size_t n)
{
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++)
		val_push(a, list, val_str(a, svcs[i]->name));
	return list;
}

/* What a deploy would change in api (api_changes.h): every change of every
 * step, with its step's environments and the consumers it breaks. */
static struct val *changes_val(struct render_ctx *r, const struct api *api)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	struct api_changes c;
	struct view_contracts_join join = { r, api };
	api_changes_cache_collect(r->api_changes, &c, r, api, NULL);
	api_changes_add_consumers(&c, r, view_contracts_consumers_of, &join);
	for (size_t i = 0; i < c.n; i++) {
		const struct api_changes_step *s = &c.steps[i];
		for (size_t k = 0; k < s->n; k++) {
			const struct apidiff_change *ch = &s->changes[k];
			const struct api_changes_consumers *cs = &s->consumers[k];
			struct val *m = val_map(a);
			val_set_str(a, m, "from_env", s->from_env);
			val_set_str(a, m, "to", s->to);
			val_set_bool(a, m, "to_branch", s->to_branch);
			val_set_str(a, m, "from_commit", s->from_commit);
			val_set_str(a, m, "to_commit", s->to_commit);
			val_set_str(a, m, "kind", ch->kind);
			val_set_bool(a, m, "breaking", ch->breaking);
			val_set_str(a, m, "operation",
				    arena_printf(a, "%s %s", ch->method, ch->path));
			val_set_str(a, m, "detail", ch->detail);
			struct val *names = val_set(a, m, "consumers", val_list(a));
			for (size_t n = 0; n < cs->n; n++)
				val_push(a, names, val_str(a, cs->v[n].name));
			val_push(a, list, m);
		}
	}
	return list;
}

/* catalog.json's apis[]: every API, by slug, with its changes. */
static struct val *apis_val(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *list = val_list(a);
	for (size_t i = 0; i < s->napis; i++) {
		const struct api *api = s->apis[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "name", api->name);
		val_set_str(a, m, "title", api->title);
		val_set_str(a, m, "type", api->type);
		val_set(a, m, "lifecycle", str_or_null(a, api->lifecycle));
		val_set(a, m, "team",
			str_or_null(a, api->team ? api->team->name : NULL));
		val_set_str(a, m, "repo", api->src->name);
		val_set(a, m, "path", str_or_null(a, api->path));
		val_set(a, m, "url", address(r, api->address));
		val_set(a, m, "providers",
			names_val(a, api->providers, api->nproviders));
		val_set(a, m, "consumers",
			names_val(a, api->consumers, api->nconsumers));
		val_set(a, m, "changes", changes_val(r, api));
		val_push(a, list, m);
	}
	return list;
}

/* The provider a contract names: the API's provider it names, else the
 * API's first provider, else the name as written. */
static const char *provider_of(const struct contract *k)
{
	for (size_t i = 0; i < k->api->nproviders; i++)
		if (strcasecmp(k->api->providers[i]->name, k->provider_name) == 0)
			return k->api->providers[i]->name;
	return k->api->nproviders ? k->api->providers[0]->name : k->provider_name;
}

static struct val *interaction_val(struct render_ctx *r, const struct contract *k,
				   const struct contract_interaction *it)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "description", it->description);
	val_set_str(a, m, "method", it->method);
	val_set_str(a, m, "path", it->path);
	val_set_num(a, m, "status", it->status);
	val_set_num(a, m, "line", it->line);
	val_set(a, m, "operation",
		str_or_null(a, it->op_method ? arena_printf(a, "%s %s", it->op_method,
							    it->op_path)
					     : NULL));
	val_set(a, m, "operation_url",
		it->anchor ? address(r, arena_printf(a, "%s#%s", k->api->address,
						     it->anchor))
			   : val_null(a));
	/* not checked (no OpenAPI description to check against): null */
	if (k->checked)
		val_set_bool(a, m, "matches", !it->mismatch);
	else
		val_set(a, m, "matches", val_null(a));
	val_set(a, m, "problem", str_or_null(a, it->mismatch));
	return m;
}

void export_contracts(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = generator_root(a);
	struct val *list = val_set(a, root, "contracts", val_list(a));
	for (size_t i = 0; i < s->ncontracts; i++) {
		const struct contract *k = s->contracts[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "consumer", k->consumer->name);
		val_set_str(a, m, "provider", provider_of(k));
		val_set_str(a, m, "api", k->api->name);
		val_set_str(a, m, "repository", k->src->name);
		val_set_str(a, m, "file", k->file);
		val_set(a, m, "spec_version", str_or_null(a, k->spec_version));
		val_set_bool(a, m, "declared", k->declared);
		val_set_bool(a, m, "checked", k->checked);
		val_set_num(a, m, "mismatches", (double)k->nmismatches);
		val_set_num(a, m, "messages", (double)k->nmessages);
		val_set(a, m, "url",
			address(r, arena_printf(a, "%s#consumers", k->api->address)));
		struct val *its = val_set(a, m, "interactions", val_list(a));
		for (size_t n = 0; n < k->ninteractions; n++)
			val_push(a, its, interaction_val(r, k, &k->interactions[n]));
		val_push(a, list, m);
	}
	write_json(r, "contracts.json", root);
}
