#include "export.h"

#include <string.h>

/* A page's address as an export gives it: absolute under base_url when
 * the configuration sets one, else site-relative. */
static struct val *address(struct render_ctx *r, const char *addr)
{
	struct arena *a = &r->arena;
	return val_str(a, arena_printf(a, "%s%s", r->site->cfg->base_url, addr));
}

static struct val *str_or_null(struct arena *a, const char *s)
{
	return s ? val_str(a, s) : val_null(a);
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
	struct buf json = BUF_INIT, err = BUF_INIT;
	val_to_json(&json, root);
	buf_putc(&json, '\n');
	if (output_write(r->out, "catalog.json", json.ptr, json.len, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	buf_release(&json);
	buf_release(&err);
}
