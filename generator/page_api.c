#include "page_api.h"

#include "view_docfp.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_changes.h"
#include "api_changes_cache.h"
#include "cache.h"
#include "openapi.h"
#include "view.h"
#include "view_contracts.h"

static struct val *services_list(struct render_ctx *r, const char *from,
				 struct service *const *svcs, size_t n)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++)
		val_push(a, list, view_service_summary(r, from, svcs[i]));
	return list;
}

static struct val *summary(struct render_ctx *r, const char *from, const struct api *api)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", api->name);
	val_set_str(a, m, "title", api->title);
	render_set_url(r, m, "url", from, api->address);
	val_set_str(a, m, "type", api->type);
	val_set_str(a, m, "lifecycle", api->lifecycle ? api->lifecycle : "");
	val_set_str(a, m, "owner", api->team ? api->team->title : "");
	render_set_url(r, m, "owner_url", from, api->team ? api->team->address : NULL);
	val_set_num(a, m, "operations", (double)api->noperations);
	/* what the index shows: a count of an OpenAPI description's
	 * operations; nothing for gRPC, AsyncAPI or GraphQL, whose are not
	 * counted */
	val_set_str(a, m, "operations_shown",
		    api->openapi ? arena_printf(a, "%zu", api->noperations) : "");
	val_set_str(a, m, "description",
		    api->entity && api->entity->description ? api->entity->description
							    : "");
	return m;
}

/* The index lists APIs by title (what it shows), then by address. */
static int cmp_api_title(const void *pa, const void *pb)
{
	const struct api *a = *(const struct api *const *)pa;
	const struct api *b = *(const struct api *const *)pb;
	int c = strcasecmp(a->title, b->title);
	return c ? c : strcmp(a->slug, b->slug);
}

void page_apis_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const char *addr = "apis/";
	struct val *ctx = render_base(r, addr, "apis", "APIs");
	struct val *list = val_set(a, ctx, "apis", val_list(a));
	size_t n = r->site->napis;
	const struct api **sorted = arena_alloc(a, (n + 1) * sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = r->site->apis[i];
	if (n)
		qsort(sorted, n, sizeof(*sorted), cmp_api_title);
	for (size_t i = 0; i < n; i++)
		val_push(a, list, summary(r, addr, sorted[i]));
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page(r, "apis", addr, ctx);
}

/* Reads another file of the repository for a $ref. */
struct load_ctx {
	struct render_ctx *r;
	const struct api *api;
};

static int load_file(const char *repo_path, struct buf *out, void *userdata)
{
	struct load_ctx *lc = userdata;
	const struct source *src = lc->api->src;
	const struct aux_file *f = site_find_aux(src, repo_path);
	if (f) {
		buf_put(out, f->text, f->len);
		return 0;
	}
	const struct repo_entry *e = site_find_entry(src, repo_path);
	if (!e || e->kind != REPO_BLOB)
		return -1;
	return render_read_blob(lc->r, src, repo_path, e->oid,
				lc->r->site->cfg->limits.api_file_size, out);
}

void page_api(struct render_ctx *r, const struct api *api)
{
	struct arena *a = &r->arena;
	const char *addr = api->address;
	uint64_t fp = hash_mix_u64(r->site->chrome_fp, api->src->fp);
	fp = hash_mix_str(hash_mix_str(fp, addr), api->title);
	fp = hash_mix_u64(fp, api->text ? hash_of(api->text, api->len, 0) : 0);
	/* what the page shows of other repositories (its providers' and
	 * consumers' titles, teams, ...): fingerprinted as shown, so that no
	 * field can be forgotten */
	struct val *sum = summary(r, addr, api);
	struct val *providers = services_list(r, addr, api->providers, api->nproviders);
	struct val *consumers = services_list(r, addr, api->consumers, api->nconsumers);
	struct val *contracts = view_contracts_api(r, addr, api);
	/* what a deploy would change: read at other commits, so shown as
	 * fingerprinted */
	struct api_changes changes;
	/* the text's YAML, parsed once for its shape (when the changes are
	 * not kept) and its page */
	struct openapi_tree tree =
		OPENAPI_TREE_INIT(api->text, api->len, &r->site->cfg->limits.yaml);
	api_changes_cache_collect(r->api_changes, &changes, r, api, &tree);
	struct view_contracts_join join = { r, api };
	api_changes_add_consumers(&changes, r, view_contracts_consumers_of, &join);
	struct val *changes_val = api_changes_val(r, addr, &changes);
	struct val *shown[] = { sum, providers, consumers, contracts, changes_val };
	fp = view_fp_shown(fp, shown, 5);
	if (render_reuse(r, addr, fp))
		return;

	struct val *ctx = render_base(r, addr, "api", api->title);
	struct val *v = val_set(a, ctx, "api", sum);
	val_set(a, v, "providers", providers);
	val_set(a, v, "consumers", consumers);
	val_set_bool(a, v, "has_providers", api->nproviders > 0);
	val_set_bool(a, v, "has_consumers", api->nconsumers > 0);
	val_set(a, v, "contracts", contracts);
	val_set_str(a, v, "repo", api->src->name);
	val_set_str(a, v, "path", api->path ? api->path : "");
	val_set(a, v, "changes", changes_val);
	view_contracts_search(r, addr, api);

	/* the page's own entry: its name, its title and the text it shows
	 * (an OpenAPI description's; a gRPC, AsyncAPI or GraphQL
	 * description's source, GetBalance in a .proto; else the entity's
	 * description) */
	const char *provider = api->nproviders ? api->providers[0]->name : NULL;
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = "api";
	se.title = api->title;
	se.name = api->name;
	se.url = addr;
	se.service = provider;
	se.body = api->entity && api->entity->description ? api->entity->description
							  : "";

	struct buf html = BUF_INIT;
	struct val *ops = val_set(a, v, "ops", val_list(a));
	val_set_str(a, v, "version", "");
	if (!api->text) {
		const char *url = api->entity ? api->entity->definition_url : NULL;
		buf_puts(&html, "<p class=\"api-missing\">This API's description is not in its repository");
		if (url) {
			int rel;
			if (markdown_url_safe(url, strlen(url), &rel) && !rel) {
				buf_puts(&html, ": it is at <a href=\"");
				buf_put_html(&html, url, strlen(url));
				buf_puts(&html, "\">");
				buf_put_html(&html, url, strlen(url));
				buf_puts(&html, "</a>");
			}
		}
		buf_puts(&html, ".</p>");
	} else if (api->openapi) {
		struct openapi_doc doc;
		struct load_ctx lc = { r, api };
		struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
		o.repo = api->src->name;
		o.path = api->path;
		o.load = load_file;
		o.userdata = &lc;
		o.lim = &r->site->cfg->limits.yaml;
		o.templates = r->theme->layouts;
		o.tree = &tree;
		openapi_render(&html, &doc, a, api->text, api->len, &o, &r->diags);
		if (doc.version)
			val_set_str(a, v, "version", doc.version);
		se.body = doc.text;
		for (size_t i = 0; i < doc.nops; i++) {
			struct search_entry op = SEARCH_ENTRY_INIT;
			op.kind = "operation";
			op.title = arena_printf(a, "%s %s", doc.ops[i].method,
						doc.ops[i].path);
			op.url = arena_printf(a, "%s#%s", addr, doc.ops[i].anchor);
			op.page = api->title;
			op.service = provider;
			op.body = doc.ops[i].text;
			render_search(r, &op, NULL, 0);
			struct val *o = val_map(a);
			val_set_str(a, o, "method", doc.ops[i].method);
			val_set_str(a, o, "path", doc.ops[i].path);
			val_set_str(a, o, "summary", doc.ops[i].summary);
			val_set_str(a, o, "anchor", doc.ops[i].anchor);
			val_set_str(a, o, "tag", doc.ops[i].tag);
			val_set_bool(a, o, "deprecated", doc.ops[i].deprecated);
			val_push(a, ops, o);
		}
	} else {
		openapi_render_source(&html, api->text, api->len, api->type);
		se.body = api->text;
		se.body_len = api->len;
	}
	render_search(r, &se, NULL, 0);
	val_set(a, v, "html", val_strn(a, html.ptr, html.len));
	buf_release(&html);
	render_page(r, "api", addr, ctx, fp);
}
