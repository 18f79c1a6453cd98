#include "view_contracts.h"

#include <string.h>
#include <strings.h>

#include "api_changes.h"
#include "apidiff.h"
#include "contracts.h"
#include "view.h"

static struct val *interaction(struct render_ctx *r, const char *api_url,
			       const struct contract_interaction *it)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "method", it->method);
	val_set_str(a, m, "path", it->path);
	val_set_num(a, m, "status", it->status);
	val_set_str(a, m, "description", it->description);
	val_set_str(a, m, "op",
		    it->op_method ? arena_printf(a, "%s %s", it->op_method, it->op_path)
				  : "");
	val_set_str(a, m, "op_url",
		    it->anchor ? arena_printf(a, "%s#%s", api_url, it->anchor) : "");
	val_set_str(a, m, "mismatch", it->mismatch ? it->mismatch : "");
	return m;
}

static struct val *contract(struct render_ctx *r, const char *from,
			    const struct contract *k)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	const struct service *c = k->consumer;
	const char *api_url = render_url(r, from, k->api->address);
	struct val *consumer = val_set(a, m, "consumer", val_map(a));
	val_set_str(a, consumer, "title", c->title);
	/* its name is in the page's search entries (view_contracts_search) */
	val_set_str(a, consumer, "name", c->name);
	render_set_url(r, consumer, "url", from, c->address);
	val_set_str(a, consumer, "team_title", c->team ? c->team->title : "");
	struct val *api = val_set(a, m, "api", val_map(a));
	val_set_str(a, api, "title", k->api->title);
	val_set_str(a, api, "url", api_url);
	val_set_str(a, m, "repo", k->src->name);
	val_set_str(a, m, "file", k->file);
	val_set_str(a, m, "file_url",
		    k->src->web_url && k->src->commit.branch
			    ? arena_printf(a, "%s/blob/%s/%s", k->src->web_url,
					   k->src->commit.branch, k->file)
			    : "");
	val_set_str(a, m, "spec",
		    k->spec_version ? arena_printf(a, "Pact %s", k->spec_version)
				    : "Pact");
	val_set_bool(a, m, "declared", k->declared);
	val_set_bool(a, m, "checked", k->checked);
	val_set_num(a, m, "mismatches", (double)k->nmismatches);
	val_set_bool(a, m, "has_mismatches", k->nmismatches > 0);
	val_set_num(a, m, "messages", (double)k->nmessages);
	val_set_bool(a, m, "has_messages", k->nmessages > 0);
	val_set_bool(a, m, "has_interactions", k->ninteractions > 0);
	struct val *list = val_set(a, m, "interactions", val_list(a));
	/* on the API page itself, operations are anchors of the page */
	const char *ops_url = strcmp(from, k->api->address) == 0 ? "" : api_url;
	for (size_t i = 0; i < k->ninteractions; i++)
		val_push(a, list, interaction(r, ops_url, &k->interactions[i]));
	return m;
}

static struct val *contracts(struct render_ctx *r, const char *from,
			     struct contract *const *list, size_t n)
{
	struct val *out = val_list(&r->arena);
	for (size_t i = 0; i < n; i++)
		val_push(&r->arena, out, contract(r, from, list[i]));
	return out;
}

struct val *view_contracts_api(struct render_ctx *r, const char *from,
			       const struct api *api)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	struct val *declared = val_list(a);
	size_t mismatches = 0, ndeclared = 0;
	val_set(a, m, "by_contract",
		contracts(r, from, api->contracts, api->ncontracts));
	for (size_t i = 0; i < api->ncontracts; i++)
		mismatches += api->contracts[i]->nmismatches;
	for (size_t i = 0; i < api->nconsumers; i++) {
		size_t k = 0;
		while (k < api->ncontracts &&
		       api->contracts[k]->consumer != api->consumers[i])
			k++;
		if (k < api->ncontracts)
			continue;
		val_push(a, declared,
			 view_service_summary(r, from, api->consumers[i]));
		ndeclared++;
	}
	val_set(a, m, "declared_only", declared);
	val_set_bool(a, m, "has_by_contract", api->ncontracts > 0);
	val_set_bool(a, m, "has_declared_only", ndeclared > 0);
	val_set_num(a, m, "mismatches", (double)mismatches);
	val_set_bool(a, m, "has_mismatches", mismatches > 0);
	/* without any contract, "Called by" says it all */
	val_set_bool(a, m, "has_any", api->ncontracts > 0);
	return m;
}

struct val *view_contracts_service(struct render_ctx *r, const char *from,
				   const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set(a, m, "held",
		contracts(r, from, svc->contracts_held, svc->ncontracts_held));
	val_set(a, m, "against",
		contracts(r, from, svc->contracts_against, svc->ncontracts_against));
	val_set_bool(a, m, "has_held", svc->ncontracts_held > 0);
	val_set_bool(a, m, "has_against", svc->ncontracts_against > 0);
	val_set_bool(a, m, "has_any",
		     svc->ncontracts_held + svc->ncontracts_against > 0);
	return m;
}

void view_contracts_search(struct render_ctx *r, const char *from, const struct api *api)
{
	struct arena *a = &r->arena;
	struct buf body = BUF_INIT;
	for (size_t i = 0; i < api->ncontracts; i++) {
		const struct contract *k = api->contracts[i];
		buf_clear(&body);
		buf_printf(&body, "%s\n", k->file);
		for (size_t n = 0; n < k->ninteractions; n++) {
			const struct contract_interaction *it = &k->interactions[n];
			buf_printf(&body, "%s %s %d %s", it->method, it->path,
				   it->status, it->description);
			if (it->op_method)
				buf_printf(&body, " %s %s", it->op_method, it->op_path);
			buf_putc(&body, '\n');
		}
		struct search_entry se = SEARCH_ENTRY_INIT;
		se.kind = "contract";
		se.title = arena_printf(a, "%s → %s", k->consumer->name, api->name);
		se.url = arena_printf(a, "%s#consumers", from);
		se.page = api->title;
		se.service = k->consumer->name;
		se.body = body.ptr; /* copied by render_search */
		se.body_len = body.len;
		render_search(r, &se, NULL, 0);
	}
	buf_release(&body);
}

/* True when the template tmpl matches path or a tail of it that starts
 * at a '/' (a base path the interaction's path carries). */
static int path_or_tail_matches(const char *tmpl, const char *path)
{
	for (const char *p = path; p; p = strchr(p + 1, '/'))
		if (contracts_path_match(tmpl, p))
			return 1;
	return 0;
}

size_t view_contracts_consumers_of(const struct apidiff_change *ch,
				   const struct api_changes_consumer **out,
				   void *userdata)
{
	const struct view_contracts_join *j = userdata;
	struct arena *a = &j->r->arena;
	struct api_changes_consumer *v =
		arena_alloc(a, (j->api->ncontracts + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < j->api->ncontracts; i++) {
		const struct contract *c = j->api->contracts[i];
		size_t hits = 0;
		for (size_t k = 0; k < c->ninteractions; k++) {
			const struct contract_interaction *ix = &c->interactions[k];
			if (ch->method && strcasecmp(ix->method, ch->method) == 0 &&
			    ch->path && path_or_tail_matches(ch->path, ix->path))
				hits++;
		}
		if (!hits || !c->consumer)
			continue;
		size_t m = 0;
		while (m < n && strcmp(v[m].name, c->consumer->name) != 0)
			m++;
		if (m == n) {
			v[n].name = c->consumer->name;
			v[n].url = c->consumer->address;
			n++;
		}
		v[m].interactions += hits;
	}
	*out = v;
	return n;
}
