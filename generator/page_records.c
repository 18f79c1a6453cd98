#include "page_records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "site_org.h"
#include "view.h"

/* ------------------------------------------------------------ RFCs */

void page_rfcs_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "rfcs/";
	uint64_t fp = site_org_records_fp(s, addr);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "rfcs", "RFCs and decisions");
	struct val *statuses = val_set(a, ctx, "statuses", val_list(a));
	struct val *group = NULL, *list = NULL;
	const char *cur = NULL;
	size_t nauth = 0;
	for (size_t i = 0; i < s->nrfcs; i++) {
		const struct val *au = val_get(s->rfcs[i]->record, "authors");
		nauth += au && au->type == VAL_LIST ? au->u.list.len : 0;
	}
	const char **authors = arena_alloc(a, (nauth + 1) * sizeof(char *));
	const char **services = arena_alloc(a, (s->nrfcs + 1) * sizeof(char *));
	size_t na = 0;
	for (size_t i = 0; i < s->nrfcs; i++) {
		const struct document *d = s->rfcs[i];
		const char *st = view_record_str(d, "status");
		if (!cur || strcmp(cur, st) != 0) {
			cur = st;
			group = val_map(a);
			val_set_str(a, group, "name", st);
			val_set_str(a, group, "label", view_status_label(st));
			val_set_num(a, group, "count", 0);
			list = val_set(a, group, "rfcs", val_list(a));
			val_push(a, statuses, group);
		}
		val_push(a, list, view_rfc_item(r, addr, d));
		val_get(group, "count")->u.num++;
		const struct val *au = val_get(d->record, "authors");
		for (size_t k = 0;
		     au && au->type == VAL_LIST && k < au->u.list.len; k++)
			if (val_as_str(au->u.list.items[k]))
				authors[na++] = val_as_str(au->u.list.items[k]);
		services[i] = d->service->name;
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "total", (double)s->nrfcs);
	val_set(a, ctx, "authors", render_names(r, authors, na));
	val_set(a, ctx, "services", render_names(r, services, s->nrfcs));
	val_set_str(a, ctx, "feed_url", "../rfcs.xml");
	render_page(r, "rfcs", addr, ctx, fp);
}

/* ------------------------------------------------------------ post-mortems */

static size_t count_items(const struct site *s, const struct document *pm,
			  const char *state, int overdue_only)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		if (act->pm != pm)
			continue;
		if (state && strcmp(act->state, state) != 0)
			continue;
		if (overdue_only && !act->overdue)
			continue;
		n++;
	}
	return n;
}

void page_postmortems_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "postmortems/";
	uint64_t fp = site_org_records_fp(s, addr);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "postmortems", "Post-mortems");
	struct val *list = val_set(a, ctx, "postmortems", val_list(a));
	for (size_t i = 0; i < s->npostmortems; i++) {
		const struct document *d = s->postmortems[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "title", d->title);
		render_set_url(r, m, "url", addr, d->address);
		val_set_str(a, m, "date", view_record_str(d, "date"));
		val_set_str(a, m, "severity", view_record_str(d, "severity"));
		val_set(a, m, "services", view_pm_services(r, addr, d));
		val_set_num(a, m, "open", (double)count_items(s, d, "open", 0));
		val_set_num(a, m, "total", (double)count_items(s, d, NULL, 0));
		val_set_num(a, m, "overdue", (double)count_items(s, d, "open", 1));
		val_push(a, list, m);
	}
	val_set_str(a, ctx, "feed_url", "../postmortems.xml");
	const char **sev = arena_alloc(a, (s->npostmortems + 1) * sizeof(char *));
	size_t nsev = 0;
	for (size_t i = 0; i < s->npostmortems; i++)
		if (*view_record_str(s->postmortems[i], "severity"))
			sev[nsev++] = view_record_str(s->postmortems[i], "severity");
	val_set(a, ctx, "severities", render_names(r, sev, nsev));
	render_page(r, "postmortems", addr, ctx, fp);
}

/* ------------------------------------------------------------ the tracker */

void page_action_items(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "action-items/";
	uint64_t fp = site_org_records_fp(s, addr);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "action-items", "Action items");
	struct val *items = val_set(a, ctx, "items", val_list(a));
	size_t open = 0, overdue = 0, escalate = 0, done = 0, deprio = 0;
	struct view_filters filters;
	view_filters_init(&filters, r, s->nactions);
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		val_push(a, items, view_action_item(r, addr, act));
		open += strcmp(act->state, "open") == 0;
		done += strcmp(act->state, "done") == 0;
		deprio += strcmp(act->state, "deprioritized") == 0;
		overdue += act->overdue;
		escalate += act->needs_escalation;
		view_filters_add(&filters, val_as_str(val_get(act->item, "owner")),
				 act->svc->team, act->svc);
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "open", (double)open);
	val_set_num(a, counts, "overdue", (double)overdue);
	val_set_num(a, counts, "escalate", (double)escalate);
	val_set_num(a, counts, "done", (double)done);
	val_set_num(a, counts, "deprioritized", (double)deprio);
	view_filters_set(r, ctx, &filters);
	val_set_str(a, ctx, "csv_url", "../action-items.csv");
	val_set_str(a, ctx, "json_url", "../action-items.json");
	struct val *set = val_set(a, ctx, "settings", val_map(a));
	val_set_num(a, set, "sprint_days", s->cfg->sprint_days);
	val_set_num(a, set, "escalation_days",
		    (double)s->cfg->sprint_days * s->cfg->escalation_sprints);
	val_set_num(a, set, "max_items", s->cfg->max_action_items);
	render_page(r, "action-items", addr, ctx, fp);
}

/* ------------------------------------------------------------ documents */

/* ------------------------------------------------------------ feeds */

/* Appends text escaped for XML. */
static void xml(struct buf *b, const char *s)
{
	buf_put_html(b, s ? s : "", s ? strlen(s) : 0);
}

/* An entry's updated time: the front matter's date, else the last
 * commit, whichever is later (RFC 3339, UTC, into when[32]). */
static void entry_updated(char *when, const struct document *d)
{
	const char *date = val_as_str(val_get(d->record, "date"));
	snprintf(when, 32, "%s", "1970-01-01T00:00:00Z");
	if (date && records_days(date) >= 0)
		snprintf(when, 32, "%.10sT00:00:00Z", date);
	if (d->changed > 0 && (!date || records_days(date) < 0))
		render_time(when, 32, "%Y-%m-%dT%H:%M:%SZ", d->changed);
	if (d->changed > 0 && date && records_days(date) >= 0 &&
	    d->changed / 86400 > records_days(date))
		render_time(when, 32, "%Y-%m-%dT%H:%M:%SZ", d->changed);
}

/* True when the feed file was made from the same inputs: it is kept. */
static int feed_kept(struct render_ctx *r, const char *file)
{
	const char *paths[] = { file };
	return render_keep_files(r, paths, 1, site_org_records_fp(r->site, file));
}

static void feed(struct render_ctx *r, const char *file, const char *title,
		 const char *index, struct document **docs, size_t n)
{
	const struct site *s = r->site;
	struct buf b = BUF_INIT;
	const char *base = s->cfg->base_url;
	/* the feed's updated: its newest entry's, not the build's time, so a
	 * build where nothing changed leaves the feed as it was */
	char updated[32] = "1970-01-01T00:00:00Z";
	for (size_t i = 0; i < n && i < 100; i++) {
		char when[32];
		entry_updated(when, docs[i]);
		if (strcmp(when, updated) > 0)
			memcpy(updated, when, sizeof(updated));
	}
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	xml(&b, s->cfg->title);
	buf_puts(&b, ": ");
	xml(&b, title);
	buf_puts(&b, "</title>\n<id>");
	xml(&b, *base ? base : "urn:cairn:");
	xml(&b, file);
	buf_printf(&b, "</id>\n<updated>%s</updated>\n", updated);
	buf_puts(&b, "<link rel=\"alternate\" href=\"");
	xml(&b, base);
	xml(&b, index);
	buf_puts(&b, "\"/>\n<generator>cairn</generator>\n");
	for (size_t i = 0; i < n && i < 100; i++) {
		const struct document *d = docs[i];
		char when[32];
		entry_updated(when, d);
		buf_puts(&b, "<entry>\n<title>");
		xml(&b, d->title);
		buf_puts(&b, "</title>\n<id>");
		xml(&b, *base ? base : "urn:cairn:");
		xml(&b, d->address);
		buf_printf(&b, "</id>\n<updated>%s</updated>\n<link href=\"", when);
		xml(&b, base);
		xml(&b, d->address);
		buf_puts(&b, "\"/>\n<summary>");
		const char *st = val_as_str(val_get(d->record, "status"));
		const char *sev = val_as_str(val_get(d->record, "severity"));
		xml(&b, d->service->title);
		if (st) {
			buf_puts(&b, " — ");
			xml(&b, view_status_label(st));
		}
		if (sev) {
			buf_puts(&b, " — ");
			xml(&b, sev);
		}
		buf_puts(&b, "</summary>\n");
		const struct val *au = val_get(d->record, "authors");
		for (size_t k = 0;
		     au && au->type == VAL_LIST && k < au->u.list.len; k++) {
			buf_puts(&b, "<author><name>");
			xml(&b, val_as_str(au->u.list.items[k]));
			buf_puts(&b, "</name></author>\n");
		}
		buf_puts(&b, "</entry>\n");
	}
	buf_puts(&b, "</feed>\n");
	render_write_fp(r, file, b.ptr, b.len, site_org_records_fp(s, file));
	buf_release(&b);
}

static int cmp_newest(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	const char *da = val_as_str(val_get(a->record, "date"));
	const char *db = val_as_str(val_get(b->record, "date"));
	long ta = a->changed, tb = b->changed;
	if (da && records_days(da) >= 0 && records_days(da) * 86400 > ta)
		ta = records_days(da) * 86400;
	if (db && records_days(db) >= 0 && records_days(db) * 86400 > tb)
		tb = records_days(db) * 86400;
	if (ta != tb)
		return ta < tb ? 1 : -1;
	return strcmp(a->address, b->address);
}

void page_rfcs_feed(struct render_ctx *r)
{
	const struct site *s = r->site;
	if (feed_kept(r, "rfcs.xml"))
		return;
	struct document **docs =
		arena_alloc(&r->arena, (s->nrfcs + 1) * sizeof(*docs));
	memcpy(docs, s->rfcs, s->nrfcs * sizeof(*docs));
	if (s->nrfcs)
		qsort(docs, s->nrfcs, sizeof(*docs), cmp_newest);
	feed(r, "rfcs.xml", "RFCs", "rfcs/", docs, s->nrfcs);
}

void page_postmortems_feed(struct render_ctx *r)
{
	if (feed_kept(r, "postmortems.xml"))
		return;
	feed(r, "postmortems.xml", "Post-mortems", "postmortems/",
	     r->site->postmortems, r->site->npostmortems);
}

/* ------------------------------------------------------------ exports */
