#include "page_service.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "graph.h"
#include "api_changes.h"
#include "view_slos.h"
#include "view.h"
#include "view_contracts.h"
#include "view_alerts.h"
#include "view_deps.h"
#include "view_incident.h"
#include "view_docfp.h"
#include "view_oncall.h"
#include "site_org.h"

/* Distinct non-empty values of one field, as [{name}], sorted. */
static struct val *distinct(struct render_ctx *r,
			    const char *(*field)(const struct service *))
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

static const char *lifecycle_of(const struct service *s)
{
	return s->lifecycle;
}
static const char *type_of(const struct service *s)
{
	return s->type;
}
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
		val_push(a, list, view_service_summary(r, addr, r->site->services[i]));
	val_set(a, ctx, "lifecycles", distinct(r, lifecycle_of));
	val_set(a, ctx, "types", distinct(r, type_of));
	val_set(a, ctx, "teams", distinct(r, team_of));
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page(r, "services", addr, ctx);
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
		view_doc_list(r, g, from,
			      (const struct document *const *)svc->docs + i, end - i);
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
			render_set_url(r, m, "url", from, rel[i].svc->address);
		else if (rel[i].api)
			render_set_url(r, m, "url", from, rel[i].api->address);
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
	 * owners, dates, titles): hashed once a build (view_docfp.h) */
	fp = hash_mix_u64(fp, svc->open_items_fp);
	struct val *contracts = view_contracts_service(r, addr, svc);
	/* its alerts, whose runbooks may live elsewhere: as shown */
	struct val *alerts = view_alerts_list(r, addr, svc->alerts, svc->nalerts);
	/* other services' post-mortems that name it */
	struct val *pm_naming = view_pm_naming(r, addr, svc);
	struct val *shown[] = { contracts, alerts, pm_naming };
	fp = view_fp_shown(fp, shown, 3);
	/* its rotation (maybe its team's) and the answer at the build's time */
	struct val *oncall = view_oncall(r, addr, svc->oncall);
	if (oncall)
		fp = view_fp_shown(fp, &oncall, 1);
	/* its deploys' windows and stale runbooks, ending at the build */
	fp = site_org_mix_clock(r->site, fp, svc);
	if (render_reuse(r, addr, fp))
		return;
	struct val *open_items = view_open_items(r, addr, svc, NULL);
	struct val *ctx = render_base(r, addr, "service", svc->title);
	struct val *v = val_set(a, ctx, "service", view_service_summary(r, addr, svc));
	val_set(a, v, "dependencies", view_service_deps(r, addr, svc));
	const struct source *src = svc->src;
	const struct entity *e = svc->entity;

	val_set_str(a, v, "branch", src->commit.branch ? src->commit.branch : "");
	val_set_str(a, v, "commit", src->commit.id);
	val_set(a, v, "commit_short", val_strn(a, src->commit.id, 10));
	char when[64];
	render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", src->commit.time);
	val_set_str(a, v, "commit_time", when);
	render_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->commit.time);
	val_set_str(a, v, "commit_time_display", when);
	val_set_str(a, v, "commit_subject",
		    src->commit.subject ? src->commit.subject : "");
	val_set_bool(a, v, "readme_only", site_only_readme(src));
	val_set_bool(a, v, "nothing_read", site_only_readme(src) && !src->ndocs);
	if (svc->readme)
		val_set_str(a, v, "readme_path", svc->readme->path);
	if (src->unread_files) {
		val_set_num(a, v, "unread_files", (double)src->unread_files);
		val_set_bool(a, v, "unread_one", src->unread_files == 1);
		val_set_str(a, v, "unread_what", src->unread_what);
		val_set_str(a, v, "unread_paths", src->unread_paths);
	}
	if (!svc->readme && site_other_readme(src))
		val_set_str(a, v, "readme_other", site_other_readme(src));
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
		add_link(a, links, NULL,
			 e->links[i].title ? e->links[i].title : e->links[i].url,
			 e->links[i].url);

	val_set(a, v, "provides", relations(r, addr, svc->provides, svc->nprovides));
	val_set(a, v, "consumes", relations(r, addr, svc->consumes, svc->nconsumes));
	val_set(a, v, "depends_on",
		relations(r, addr, svc->depends_on, svc->ndepends_on));
	val_set(a, v, "dependents",
		relations(r, addr, svc->dependents, svc->ndependents));

	val_set(a, v, "open_items", open_items);
	val_set(a, v, "pm_naming", pm_naming);
	val_set_bool(a, v, "pm_naming_any", pm_naming->u.list.len > 0);
	val_set(a, v, "contracts", contracts);
	val_set(a, v, "alerts", alerts);
	val_set_bool(a, v, "alerts_any", svc->nalerts > 0);
	struct val *deploys =
		val_set(a, v, "deploys", view_service_deploys(r, addr, svc));
	val_set(a, deploys, "api_changes", api_changes_links(r, addr, svc));
	struct val *slos = val_set(a, v, "slos", view_slos_of_service(r, addr, svc));
	val_set_bool(a, v, "has_slos", slos->u.list.len > 0);
	struct buf svg = BUF_INIT;
	graph_dependencies(&svg, r, addr, svc);
	val_set(a, v, "graph_svg", val_strn(a, svg.ptr, svg.len));
	buf_release(&svg);
	render_page(r, "service", addr, ctx, fp);
}

/* The names an RFC or a post-mortem is asked for by: its number as people
 * quote it ("2094", "0007", "RFC 7", "ADR 0007"), or the identifier a
 * post-mortem's file name opens with ("PM2019-009 - IP starvation.md");
 * one a line, or NULL. */
static const char *record_names(struct arena *a, const struct document *d)
{
	const struct val *num = val_get(d->record, "number");
	if (d->kind == DOC_RFC && num && num->type == VAL_NUM && num->u.num >= 0) {
		long n = (long)num->u.num;
		const char *l = site_doc_label(d);
		return arena_printf(a, "%ld\n%04ld\n%s %ld\n%s %04ld", n, n, l,
				    n, l, n);
	}
	const char *base = strrchr(d->path, '/');
	base = base ? base + 1 : d->path;
	const char *sp = strstr(base, " - ");
	if (d->kind != DOC_POSTMORTEM || !sp || sp == base)
		return NULL;
	return arena_strndup(a, base, (size_t)(sp - base));
}

void page_document(struct render_ctx *r, const struct document *d)
{
	struct arena *a = &r->arena;
	const struct service *svc = d->service;
	const char *addr = d->address;
	/* what it shows (view_docfp.h), with a runbook's alerts as shown,
	 * and what its links found in the tree (render.h) */
	struct val *alerts;
	uint64_t fp = view_docfp(r, d, &alerts);
	if (render_reuse_links(r, addr, fp, d->src))
		return;
	/* a runbook: who is on call for its service, what was deployed lately */
	struct val *incident =
		d->kind == DOC_RUNBOOK ? view_incident(r, addr, svc) : NULL;
	struct val *ctx = render_base(r, addr, "document", d->title);
	struct markdown_result md = MARKDOWN_RESULT_INIT;
	render_links_begin(r);
	render_markdown(r, d, addr, &md);
	fp = hash_mix_u64(fp, render_links_fp(r, d->src));

	struct val *doc = val_set(a, ctx, "doc", val_map(a));
	val_set_str(a, doc, "title", d->title);
	/* not copied: md lives until the page is written */
	val_set(a, doc, "html", val_str_ref(a, md.html.ptr, md.html.len));
	val_set(a, doc, "toc", render_toc(r, &md));
	val_set_str(a, doc, "path", d->path);
	val_set_str(a, doc, "kind", site_kind_id(d));
	val_set_str(a, doc, "kind_label", site_doc_label(d));
	val_set_str(a, doc, "repo", d->src->name);
	val_set(a, doc, "alerts", alerts);
	val_set_bool(a, doc, "alerts_any", d->nalerts > 0);
	if (incident)
		val_set(a, doc, "incident", incident);
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
	view_set_changed(r, doc, d);
	view_record_fields(r, doc, d, addr);
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
		se.name = arena_strndup(a, base,
					dot ? (size_t)(dot - base) : strlen(base));
		/* and the alerts it serves, typed or pasted, find it first */
		se.name = view_alerts_names(r, se.name, d->alerts, d->nalerts);
	}
	if (d->kind == DOC_RFC || d->kind == DOC_POSTMORTEM)
		se.name = record_names(a, d);
	se.body = md.text.ptr;
	se.body_len = md.text.len;
	render_search(r, &se, md.toc, md.ntoc);

	struct val *owners = val_set(a, doc, "owners", val_list(a));
	for (size_t i = 0; i < d->nowners; i++) {
		struct val *o = val_map(a);
		val_set_str(a, o, "name", d->owners[i]);
		const struct team *t = d->owner_teams[i];
		render_set_url(r, o, "url", addr, t ? t->address : NULL);
		val_push(a, owners, o);
	}

	const char *svc_addr = svc->address;
	struct val *sv = val_set(a, ctx, "service", val_map(a));
	val_set_str(a, sv, "name", svc->name);
	val_set_str(a, sv, "title", svc->title);
	render_set_url(r, sv, "url", addr, svc_addr);

	struct val *crumbs = val_set(a, ctx, "breadcrumbs", val_list(a));
	const char *steps[][2] = { { "Services", "services/" },
				   { svc->title, svc_addr } };
	for (size_t i = 0; i < 2; i++) {
		struct val *c = val_map(a);
		val_set_str(a, c, "title", steps[i][0]);
		render_set_url(r, c, "url", addr, steps[i][1]);
		val_push(a, crumbs, c);
	}
	render_page(r, "document", addr, ctx, fp);
	markdown_result_release(&md);
}
