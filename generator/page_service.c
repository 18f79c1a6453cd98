#include "page_service.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "crawl.h"
#include "graph.h"
#include "page_deploys.h"
#include "page_records.h"

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
	set_opt(a, v, "name", svc->name);
	set_opt(a, v, "slug", svc->slug);
	set_opt(a, v, "title", svc->title);
	val_set(a, v, "url", val_str(a, render_url(r, from, svc->address)));
	set_opt(a, v, "description", svc->description);
	set_opt(a, v, "owner", svc->owner);
	if (svc->team) {
		set_opt(a, v, "team", svc->team->name);
		set_opt(a, v, "team_title", svc->team->title);
		val_set(a, v, "team_url",
			val_str(a, render_url(r, from, svc->team->address)));
	} else {
		set_opt(a, v, "team", "");
		set_opt(a, v, "team_title", "");
		set_opt(a, v, "team_url", "");
	}
	set_opt(a, v, "lifecycle", svc->lifecycle);
	set_opt(a, v, "type", svc->type);
	set_opt(a, v, "system", svc->system);
	set_opt(a, v, "repo", svc->src->name);
	set_opt(a, v, "oncall_url", svc->oncall_url);
	val_set_num(a, v, "ndocs", (double)svc->ndocs);
	return v;
}

/* Distinct non-empty values of one field, as [{name}], sorted. */
static struct val *distinct(struct render_ctx *r, const char *(*field)(const struct service *))
{
	const struct site *s = r->site;
	const char **v = arena_alloc(&r->arena, (s->nservices + 1) * sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < s->nservices; i++) {
		const char *x = field(s->services[i]);
		if (x && *x)
			v[n++] = x;
	}
	return render_names(r, v, n);
}

static const char *lifecycle_of(const struct service *s) { return s->lifecycle; }
static const char *type_of(const struct service *s) { return s->type; }
static const char *team_of(const struct service *s)
{
	return s->team ? s->team->name : NULL;
}

void page_services_index(struct render_ctx *r)
{
	const char *addr = "services/";
	struct arena *a = &r->arena;
	struct val *ctx = render_base(r, addr, "services", "Services");
	struct val *list = val_set(a, ctx, "services", val_list(a));
	for (size_t i = 0; i < r->site->nservices; i++)
		val_push(a, list, page_service_summary(r, addr, r->site->services[i]));
	val_set(a, ctx, "lifecycles", distinct(r, lifecycle_of));
	val_set(a, ctx, "types", distinct(r, type_of));
	val_set(a, ctx, "teams", distinct(r, team_of));
	render_page(r, "services", addr, ctx, 0);
}

/* ------------------------------------------------------------ documents */

static const char *group_title(enum doc_kind k)
{
	switch (k) {
	case DOC_RUNBOOK: return "Runbooks";
	case DOC_RFC: return "RFCs and decisions";
	case DOC_POSTMORTEM: return "Post-mortems";
	default: return "Documents";
	}
}

int page_doc_stale(const struct render_ctx *r, const struct document *d)
{
	return d->kind == DOC_RUNBOOK && d->changed > 0 &&
	       r->site->now - d->changed > (int64_t)r->site->cfg->stale_days * 86400;
}

void page_set_changed(struct render_ctx *r, struct val *m,
		      const struct document *d)
{
	struct arena *a = &r->arena;
	char when[32] = "", day[16] = "";
	if (d->changed > 0) {
		render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", d->changed);
		render_time(day, sizeof(day), "%Y-%m-%d", d->changed);
	}
	val_set_str(a, m, "changed", when);
	val_set_str(a, m, "changed_display", day);
	set_opt(a, m, "changed_by", d->changed_by);
	val_set_bool(a, m, "stale", page_doc_stale(r, d));
}

struct val *page_doc_item(struct render_ctx *r, const char *from,
			  const struct document *d)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "title", d->title);
	val_set(a, m, "url", val_str(a, render_url(r, from, d->address)));
	val_set_str(a, m, "path", d->path);
	val_set_str(a, m, "kind", site_kind_id(d));
	val_set_str(a, m, "kind_label", site_doc_label(d));
	page_set_changed(r, m, d);
	return m;
}

/* The length of the folder all of docs[0..n) are in ("docs/runbooks/"
 * for docs/runbooks/a/x.md and docs/runbooks/b.md), with its '/'. */
static size_t common_folder(const struct document *const *docs, size_t n)
{
	const char *first = docs[0]->path;
	const char *slash = strrchr(first, '/');
	size_t len = slash ? (size_t)(slash - first) + 1 : 0;
	for (size_t i = 1; i < n && len; i++)
		while (len && strncmp(docs[i]->path, first, len) != 0) {
			len--;
			while (len && first[len - 1] != '/')
				len--;
		}
	return len;
}

void page_doc_list(struct render_ctx *r, struct val *m, const char *from,
		   const struct document *const *docs, size_t n)
{
	struct arena *a = &r->arena;
	struct val *shown = val_set(a, m, "documents", val_list(a));
	struct val *more = val_set(a, m, "more", val_list(a));
	struct val *folders = val_set(a, m, "folders", val_list(a));
	val_set_num(a, m, "count", (double)n);
	if (n <= PAGE_DOC_LIST_FLAT) {
		for (size_t i = 0; i < n; i++)
			val_push(a, shown, page_doc_item(r, from, docs[i]));
		val_set_bool(a, m, "has_documents", n > 0);
		val_set_bool(a, m, "has_more", 0);
		return;
	}
	/* by the first folder below the one they share; the documents
	 * directly in that one first */
	size_t skip = common_folder(docs, n);
	const char **names = arena_alloc(a, (n + 1) * sizeof(*names));
	size_t *lens = arena_alloc(a, (n + 1) * sizeof(*lens));
	struct val **lists = arena_alloc(a, (n + 1) * sizeof(*lists));
	size_t nfolders = 0, ntop = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rest = docs[i]->path + skip;
		const char *slash = strchr(rest, '/');
		if (!slash) {
			struct val *to = ntop < PAGE_DOC_LIST_FLAT ? shown : more;
			val_push(a, to, page_doc_item(r, from, docs[i]));
			ntop++;
			continue;
		}
		size_t len = (size_t)(slash - rest), k = 0;
		while (k < nfolders && !(lens[k] == len && strncmp(names[k], rest, len) == 0))
			k++;
		if (k == nfolders) {
			struct val *f = val_map(a);
			names[k] = rest;
			lens[k] = len;
			val_set(a, f, "name", val_strn(a, docs[i]->path, skip + len));
			lists[k] = val_set(a, f, "documents", val_list(a));
			val_push(a, folders, f);
			nfolders++;
		}
		val_push(a, lists[k], page_doc_item(r, from, docs[i]));
	}
	/* one folder for all: a long list, the rest behind "N more" */
	if (nfolders == 1 && !ntop) {
		struct val *all = lists[0];
		folders->u.list.len = 0;
		for (size_t i = 0; i < all->u.list.len; i++)
			val_push(a, i < PAGE_DOC_LIST_FLAT ? shown : more, all->u.list.items[i]);
	}
	for (size_t k = 0; k < folders->u.list.len; k++) {
		struct val *f = folders->u.list.items[k];
		val_set_num(a, f, "count", (double)val_get(f, "documents")->u.list.len);
	}
	val_set_bool(a, m, "has_documents", shown->u.list.len > 0);
	val_set_bool(a, m, "has_more", more->u.list.len > 0);
	val_set_num(a, m, "nmore", (double)more->u.list.len);
}

static struct val *doc_groups(struct render_ctx *r, const char *from,
			      const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *groups = val_list(a);
	for (size_t i = 0; i < svc->ndocs;) {
		const struct document *d = svc->docs[i];
		size_t end = i;
		while (end < svc->ndocs && svc->docs[end]->kind == d->kind)
			end++;
		struct val *g = val_map(a);
		val_set_str(a, g, "title", group_title(d->kind));
		val_set_str(a, g, "kind", site_kind_id(d));
		val_set_bool(a, g, "runbooks", d->kind == DOC_RUNBOOK);
		page_doc_list(r, g, from, (const struct document *const *)svc->docs + i,
			      end - i);
		val_push(a, groups, g);
		i = end;
	}
	return groups;
}

/* ------------------------------------------------------------ services */

static struct val *relations(struct render_ctx *r, const char *from,
			     const struct relation *rel, size_t n)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", rel[i].name);
		val_set_str(a, m, "title", rel[i].title);
		if (rel[i].svc)
			val_set(a, m, "url",
				val_str(a, render_url(r, from, rel[i].svc->address)));
		else if (rel[i].api)
			val_set(a, m, "url",
				val_str(a, render_url(r, from, rel[i].api->address)));
		else
			val_set_str(a, m, "url", "");
		val_push(a, list, m);
	}
	return list;
}

static void add_link(struct arena *a, struct val *list, const char *label,
		     const char *text, const char *url)
{
	struct val *l = val_map(a);
	if (label)
		val_set_str(a, l, "label", label);
	val_set_str(a, l, text && label ? "text" : "title", text);
	val_set_str(a, l, "url", url);
	val_push(a, list, l);
}

void page_service(struct render_ctx *r, const struct service *svc)
{
	struct arena *a = &r->arena;
	const char *addr = svc->address;
	uint64_t fp = hash_mix_u64(hash_mix_u64(r->site->chrome_fp, svc->src->fp),
				    svc->fp);
	fp = hash_mix_str(fp, addr);
	/* what it shows of other repositories' post-mortems (the open items'
	 * owners, dates, titles): fingerprinted as shown */
	struct val *open_items = page_open_items(r, addr, svc, NULL);
	{
		struct buf shown = BUF_INIT;
		val_to_json(&shown, open_items);
		fp = hash_mix_u64(fp, hash_of(shown.ptr, shown.len, 0));
		buf_release(&shown);
	}
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "service", svc->title);
	struct val *v = val_set(a, ctx, "service", page_service_summary(r, addr, svc));
	const struct source *src = svc->src;
	const struct entity *e = svc->entity;

	set_opt(a, v, "branch", src->commit.branch);
	val_set_str(a, v, "commit", src->commit.id);
	val_set(a, v, "commit_short", val_strn(a, src->commit.id, 10));
	char when[64];
	render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", src->commit.time);
	val_set_str(a, v, "commit_time", when);
	render_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->commit.time);
	val_set_str(a, v, "commit_time_display", when);
	set_opt(a, v, "commit_subject", src->commit.subject);
	val_set_bool(a, v, "readme_only", crawl_found_only_readme(src));
	if (src->stale) {
		render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", src->as_of);
		val_set_str(a, v, "as_of", when);
		render_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->as_of);
		val_set_str(a, v, "as_of_display", when);
		val_set_bool(a, v, "fetch_failed", src->fetch_failed);
	}

	struct markdown_result md = MARKDOWN_RESULT_INIT;
	if (svc->readme) {
		render_markdown(r, svc->readme, addr, &md);
		val_set(a, v, "readme_html", val_strn(a, md.html.ptr, md.html.len));
		val_set(a, v, "toc", render_toc(r, &md));
	} else {
		val_set_str(a, v, "readme_html", "");
		val_set(a, v, "toc", val_list(a));
	}
	struct buf body = BUF_INIT;
	if (svc->description)
		buf_printf(&body, "%s\n", svc->description);
	buf_put(&body, md.text.ptr, md.text.len);
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = "service";
	se.title = svc->title;
	se.name = svc->name;
	se.url = addr;
	se.service = svc->name;
	se.headings = svc->team ? svc->team->name : NULL;
	se.body = body.ptr;
	se.body_len = body.len;
	render_search(r, &se, md.toc, md.ntoc);
	buf_release(&body);
	markdown_result_release(&md);
	val_set(a, v, "groups", doc_groups(r, addr, svc));
	val_set_bool(a, v, "show_path", 1);

	/* who to call */
	struct val *contacts = val_set(a, v, "contacts", val_list(a));
	if (svc->oncall_url)
		add_link(a, contacts, "On call", "PagerDuty", svc->oncall_url);
	if (svc->team && svc->team->email)
		add_link(a, contacts, "E-mail", svc->team->email,
			 arena_printf(a, "mailto:%s", svc->team->email));

	struct val *links = val_set(a, v, "links", val_list(a));
	if (src->web_url)
		add_link(a, links, NULL, "Repository", src->web_url);
	if (e && e->source_location)
		add_link(a, links, NULL, "Source", e->source_location);
	for (size_t i = 0; e && i < e->nlinks; i++)
		add_link(a, links, NULL, e->links[i].title ? e->links[i].title : e->links[i].url,
			 e->links[i].url);

	val_set(a, v, "provides", relations(r, addr, svc->provides, svc->nprovides));
	val_set(a, v, "consumes", relations(r, addr, svc->consumes, svc->nconsumes));
	val_set(a, v, "depends_on", relations(r, addr, svc->depends_on, svc->ndepends_on));
	val_set(a, v, "dependents", relations(r, addr, svc->dependents, svc->ndependents));

	val_set(a, v, "open_items", open_items);
	val_set(a, v, "deploys", page_service_deploys(r, addr, svc));
	struct buf svg = BUF_INIT;
	graph_dependencies(&svg, r, addr, svc);
	val_set(a, v, "graph_svg", val_strn(a, svg.ptr, svg.len));
	buf_release(&svg);
	render_page(r, "service", addr, ctx, fp);
}

void page_document(struct render_ctx *r, const struct document *d)
{
	struct arena *a = &r->arena;
	const struct service *svc = d->service;
	const char *addr = d->address;
	uint64_t fp = hash_mix_u64(hash_mix_u64(r->site->chrome_fp, d->src->fp), svc->fp);
	fp = hash_mix_str(fp, addr);
	fp = hash_mix_u64(fp, hash_of(d->oid, REPO_OID_LEN, 0));
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
	val_set_str(a, doc, "kind_label", site_doc_label(d));
	val_set_str(a, doc, "repo", d->src->name);
	if (d->src->stale) {
		char when[64];
		render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", d->src->as_of);
		val_set_str(a, doc, "as_of", when);
		render_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", d->src->as_of);
		val_set_str(a, doc, "as_of_display", when);
		val_set_bool(a, doc, "fetch_failed", d->src->fetch_failed);
	}
	val_set(a, doc, "meta", d->meta ? d->meta : val_map(a));
	if (d->src->web_url && d->src->commit.branch)
		val_set(a, doc, "source_url",
			val_str(a, arena_printf(a, "%s/blob/%s/%s", d->src->web_url,
						d->src->commit.branch, d->path)));
	else
		val_set_str(a, doc, "source_url", "");
	page_set_changed(r, doc, d);
	page_record_fields(r, doc, d, addr);
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = site_kind_id(d);
	se.title = d->title;
	se.url = addr;
	se.service = svc->name;
	/* a runbook is often named after its alert (KubeAPIDown.md): that
	 * name, typed exactly, finds it first */
	if (d->kind == DOC_RUNBOOK) {
		const char *base = strrchr(d->path, '/');
		base = base ? base + 1 : d->path;
		const char *dot = strrchr(base, '.');
		se.name = arena_strndup(a, base, dot ? (size_t)(dot - base) : strlen(base));
	}
	se.body = md.text.ptr;
	se.body_len = md.text.len;
	render_search(r, &se, md.toc, md.ntoc);
	markdown_result_release(&md);

	struct val *owners = val_set(a, doc, "owners", val_list(a));
	for (size_t i = 0; i < d->nowners; i++) {
		struct val *o = val_map(a);
		val_set_str(a, o, "name", d->owners[i]);
		const struct team *t = d->owner_teams[i];
		val_set(a, o, "url", t ? val_str(a, render_url(r, addr, t->address))
				       : val_str(a, ""));
		val_push(a, owners, o);
	}

	const char *svc_addr = svc->address;
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
