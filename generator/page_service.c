#include "page_service.h"

#include "cache.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void set_opt(struct arena *a, struct val *m, const char *key,
		    const char *s)
{
	val_set_str(a, m, key, s ? s : "");
}

struct val *page_service_summary(struct render_ctx *r, const char *from,
				 const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *v = val_map(a);
	char addr[512];
	snprintf(addr, sizeof(addr), "services/%s/", svc->slug);
	set_opt(a, v, "name", svc->name);
	set_opt(a, v, "slug", svc->slug);
	set_opt(a, v, "title", svc->title);
	val_set(a, v, "url", val_str(a, render_url(r, from, addr)));
	set_opt(a, v, "description", svc->description);
	set_opt(a, v, "owner", svc->owner);
	set_opt(a, v, "team", svc->team);
	set_opt(a, v, "lifecycle", svc->lifecycle);
	set_opt(a, v, "type", svc->type);
	set_opt(a, v, "system", svc->system);
	set_opt(a, v, "repo", svc->src->name);
	val_set_num(a, v, "ndocs", (double)svc->ndocs);
	return v;
}

/* Distinct non-empty values of one field, as [{name}], sorted. */
static struct val *distinct(struct render_ctx *r, size_t offset)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char **seen = arena_alloc(a, (s->nservices + 1) * sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < s->nservices; i++) {
		const char *v = *(const char *const *)((const char *)s->services[i] + offset);
		if (!v || !*v)
			continue;
		size_t k = 0;
		while (k < n && strcmp(seen[k], v) != 0)
			k++;
		if (k == n)
			seen[n++] = v;
	}
	/* insertion sort: these lists are short */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(seen[k - 1], seen[k]) > 0; k--) {
			const char *t = seen[k];
			seen[k] = seen[k - 1];
			seen[k - 1] = t;
		}
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", seen[i]);
		val_push(a, list, m);
	}
	return list;
}

void page_services_index(struct render_ctx *r)
{
	const char *addr = "services/";
	struct arena *a = &r->arena;
	struct val *ctx = render_base(r, addr, "services", "Services");
	struct val *list = val_set(a, ctx, "services", val_list(a));
	for (size_t i = 0; i < r->site->nservices; i++)
		val_push(a, list, page_service_summary(r, addr, r->site->services[i]));
	val_set(a, ctx, "lifecycles",
		distinct(r, offsetof(struct service, lifecycle)));
	val_set(a, ctx, "types", distinct(r, offsetof(struct service, type)));
	val_set(a, ctx, "teams", distinct(r, offsetof(struct service, team)));
	render_page(r, "services", addr, ctx, 0);
}

static const char *group_title(enum doc_kind k)
{
	switch (k) {
	case DOC_RUNBOOK: return "Runbooks";
	case DOC_RFC: return "RFCs and decisions";
	case DOC_POSTMORTEM: return "Post-mortems";
	default: return "Documents";
	}
}

static struct val *doc_groups(struct render_ctx *r, const char *from,
			      const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *groups = val_list(a);
	struct val *docs = NULL;
	int kind = -1;
	for (size_t i = 0; i < svc->ndocs; i++) {
		const struct document *d = svc->docs[i];
		if ((int)d->kind != kind) {
			kind = (int)d->kind;
			struct val *g = val_map(a);
			val_set_str(a, g, "title", group_title(d->kind));
			val_set_str(a, g, "kind", site_kind_label(d->kind));
			docs = val_set(a, g, "documents", val_list(a));
			val_push(a, groups, g);
		}
		struct val *m = val_map(a);
		val_set_str(a, m, "title", d->title);
		val_set(a, m, "url", val_str(a, render_url(r, from, d->address)));
		val_set_str(a, m, "path", d->path);
		val_set_str(a, m, "kind", site_kind_id(d));
		val_set_str(a, m, "kind_label", site_kind_label(d->kind));
		val_push(a, docs, m);
	}
	return groups;
}

static void format_time(char *out, size_t size, const char *fmt, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, size, fmt, &tm);
}

void page_service(struct render_ctx *r, const struct service *svc)
{
	struct arena *a = &r->arena;
	const char *addr = arena_printf(a, "services/%s/", svc->slug);
	uint64_t fp = cache_mix_str(cache_mix_u64(r->site->chrome_fp, svc->src->fp), addr);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "service", svc->title);
	struct val *v = val_set(a, ctx, "service", page_service_summary(r, addr, svc));
	const struct source *src = svc->src;

	set_opt(a, v, "branch", src->commit.branch);
	val_set_str(a, v, "commit", src->commit.id);
	val_set(a, v, "commit_short", val_strn(a, src->commit.id, 10));
	char when[64];
	format_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", src->commit.time);
	val_set_str(a, v, "commit_time", when);
	format_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->commit.time);
	val_set_str(a, v, "commit_time_display", when);
	set_opt(a, v, "commit_subject", src->commit.subject);

	struct markdown_result md = MARKDOWN_RESULT_INIT;
	if (svc->readme) {
		render_markdown(r, svc->readme, addr, &md);
		val_set(a, v, "readme_html", val_strn(a, md.html.ptr, md.html.len));
		val_set(a, v, "toc", render_toc(r, &md));
	} else {
		val_set_str(a, v, "readme_html", "");
		val_set(a, v, "toc", val_list(a));
	}
	markdown_result_release(&md);
	val_set(a, v, "groups", doc_groups(r, addr, svc));

	struct val *links = val_set(a, v, "links", val_list(a));
	if (src->web_url) {
		struct val *l = val_map(a);
		val_set_str(a, l, "title", "Repository");
		val_set_str(a, l, "url", src->web_url);
		val_push(a, links, l);
	}
	/* the catalog's metadata.links: only safe schemes survive */
	const struct val *ml = val_get(val_get(svc->entity, "metadata"), "links");
	for (size_t i = 0; ml && ml->type == VAL_LIST && i < ml->u.list.len; i++) {
		const struct val *it = ml->u.list.items[i];
		const char *url = val_as_str(val_get(it, "url"));
		int relative;
		if (!url || !*url || !markdown_url_safe(url, strlen(url), &relative) ||
		    relative) {
			diag_user(&r->diags, src->name, src->catalog_path, it->line,
				  "link \"%s\" in metadata.links is not an http, https or mailto URL: left out",
				  url ? url : "");
			continue;
		}
		const char *t = val_as_str(val_get(it, "title"));
		struct val *l = val_map(a);
		val_set_str(a, l, "title", t && *t ? t : url);
		val_set_str(a, l, "url", url);
		val_push(a, links, l);
	}
	render_page(r, "service", addr, ctx, fp);
}

void page_document(struct render_ctx *r, const struct document *d)
{
	struct arena *a = &r->arena;
	const struct service *svc = d->service;
	const char *addr = d->address;
	uint64_t fp = cache_mix_u64(r->site->chrome_fp, d->src->fp);
	fp = cache_mix_str(fp, addr);
	fp = cache_mix_u64(fp, cache_hash(d->oid, REPO_OID_LEN, 0));
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "document", d->title);
	struct markdown_result md = MARKDOWN_RESULT_INIT;
	render_markdown(r, d, addr, &md);

	struct val *doc = val_set(a, ctx, "doc", val_map(a));
	val_set_str(a, doc, "title", d->title);
	val_set(a, doc, "html", val_strn(a, md.html.ptr, md.html.len));
	val_set(a, doc, "toc", render_toc(r, &md));
	val_set_str(a, doc, "path", d->path);
	val_set_str(a, doc, "kind", site_kind_id(d));
	val_set_str(a, doc, "kind_label", site_kind_label(d->kind));
	val_set_str(a, doc, "repo", d->src->name);
	val_set(a, doc, "meta", d->meta ? d->meta : val_map(a));
	if (d->src->web_url && d->src->commit.branch)
		val_set(a, doc, "source_url",
			val_str(a, arena_printf(a, "%s/blob/%s/%s", d->src->web_url,
						d->src->commit.branch, d->path)));
	else
		val_set_str(a, doc, "source_url", "");
	markdown_result_release(&md);

	const char *svc_addr = arena_printf(a, "services/%s/", svc->slug);
	struct val *sv = val_set(a, ctx, "service", val_map(a));
	val_set_str(a, sv, "name", svc->name);
	val_set_str(a, sv, "title", svc->title);
	val_set(a, sv, "url", val_str(a, render_url(r, addr, svc_addr)));

	struct val *crumbs = val_set(a, ctx, "breadcrumbs", val_list(a));
	const char *steps[][2] = { { "Services", "services/" },
				   { svc->title, svc_addr } };
	for (size_t i = 0; i < 2; i++) {
		struct val *c = val_map(a);
		val_set_str(a, c, "title", steps[i][0]);
		val_set(a, c, "url", val_str(a, render_url(r, addr, steps[i][1])));
		val_push(a, crumbs, c);
	}
	render_page(r, "document", addr, ctx, fp);
}
