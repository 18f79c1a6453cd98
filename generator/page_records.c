#include "page_records.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "page_service.h"
#include "records.h"

/* ------------------------------------------------------------ helpers */

static const char *label_of(const char *status)
{
	static const char *const map[][2] = {
		{ "accepted", "Accepted" },	{ "review", "In review" },
		{ "draft", "Draft" },		{ "rejected", "Rejected" },
		{ "superseded", "Superseded" }, { "withdrawn", "Withdrawn" },
		{ "open", "Open" },		{ "done", "Done" },
		{ "deprioritized", "Deprioritized" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (status && strcmp(status, map[i][0]) == 0)
			return map[i][1];
	return "Unknown";
}

static const char *rec_str(const struct document *d, const char *key)
{
	const char *s = val_as_str(val_get(d->record, key));
	return s ? s : "";
}

/* "alice, bob" from a list of strings. */
static const char *joined(struct render_ctx *r, const struct val *list)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; list && list->type == VAL_LIST && i < list->u.list.len; i++) {
		const char *s = val_as_str(list->u.list.items[i]);
		if (!s)
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, s);
	}
	const char *s = arena_strndup(&r->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* The RFC that superseded_by names: a relative path to another RFC of the
 * repository, or a number ("5", "RFC 5", "ADR-0005") of one. */
static const struct document *superseding(const struct site *s,
					  const struct document *d)
{
	const char *sb = val_as_str(val_get(d->record, "superseded_by"));
	if (!sb || !*sb)
		return NULL;
	/* a path: compare the file names */
	const char *base = strrchr(sb, '/');
	base = base ? base + 1 : sb;
	for (size_t i = 0; i < s->nrfcs; i++) {
		const struct document *o = s->rfcs[i];
		const char *ob = strrchr(o->path, '/');
		ob = ob ? ob + 1 : o->path;
		if (o != d && o->src == d->src && strcmp(ob, base) == 0)
			return o;
	}
	/* a number */
	const char *p = sb;
	while (*p && (*p < '0' || *p > '9'))
		p++;
	if (!*p)
		return NULL;
	long n = strtol(p, NULL, 10);
	for (size_t i = 0; i < s->nrfcs; i++) {
		const struct document *o = s->rfcs[i];
		const struct val *num = val_get(o->record, "number");
		if (o != d && o->src == d->src && num && num->type == VAL_NUM &&
		    (long)num->u.num == n)
			return o;
	}
	return NULL;
}

static struct val *rfc_item(struct render_ctx *r, const char *from,
			    const struct document *d)
{
	struct arena *a = &r->arena;
	const struct val *num = val_get(d->record, "number");
	struct val *m = val_map(a);
	if (num && num->type == VAL_NUM)
		val_set_str(a, m, "number", arena_printf(a, "%04ld", (long)num->u.num));
	else
		val_set_str(a, m, "number", "");
	val_set_str(a, m, "title", d->title);
	val_set(a, m, "url", val_str(a, render_url(r, from, d->address)));
	const char *st = rec_str(d, "status");
	val_set_str(a, m, "status", st);
	val_set_str(a, m, "status_label", label_of(st));
	val_set_str(a, m, "authors", joined(r, val_get(d->record, "authors")));
	struct buf pipes = BUF_INIT;
	const struct val *au = val_get(d->record, "authors");
	buf_putc(&pipes, '|');
	for (size_t i = 0; au && au->type == VAL_LIST && i < au->u.list.len; i++)
		if (val_as_str(au->u.list.items[i]))
			buf_printf(&pipes, "%s|", val_as_str(au->u.list.items[i]));
	val_set(a, m, "authors_key", val_strn(a, pipes.ptr, pipes.len));
	buf_release(&pipes);
	val_set_str(a, m, "date", rec_str(d, "date"));
	val_set_str(a, m, "service", d->service->name);
	val_set(a, m, "service_url",
		val_str(a, render_url(r, from, d->service->address)));
	const struct document *sup = superseding(r->site, d);
	const char *sb = rec_str(d, "superseded_by");
	val_set_str(a, m, "superseded_by_title", sup ? sup->title : sb);
	val_set(a, m, "superseded_by_url",
		sup ? val_str(a, render_url(r, from, sup->address)) : val_str(a, ""));
	const char *disc = rec_str(d, "discussion");
	int rel;
	val_set_str(a, m, "discussion_url",
		    *disc && markdown_url_safe(disc, strlen(disc), &rel) && !rel ? disc : "");
	return m;
}

/* An action item as templates see it. */
static struct val *item_view(struct render_ctx *r, const char *from,
			     const struct action *act)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *m = val_map(a);
	const char *owner = val_as_str(val_get(act->item, "owner"));
	val_set_str(a, m, "text", val_as_str(val_get(act->item, "text")));
	val_set_str(a, m, "owner", owner ? owner : "");
	const struct team *t = act->owner_team;
	val_set(a, m, "owner_url",
		t ? val_str(a, render_url(r, from, t->address)) : val_str(a, ""));
	const char *due = val_as_str(val_get(act->item, "due"));
	val_set_str(a, m, "due", due ? due : "");
	val_set_str(a, m, "state", act->state);
	val_set_str(a, m, "state_label", label_of(act->state));
	val_set_bool(a, m, "overdue", act->overdue);
	val_set_bool(a, m, "needs_escalation", act->needs_escalation);
	val_set_str(a, m, "postmortem_title", act->pm->title);
	val_set(a, m, "postmortem_url", val_str(a, render_url(r, from, act->pm->address)));
	val_set_str(a, m, "service", act->svc->name);
	val_set(a, m, "service_url",
		val_str(a, render_url(r, from, act->svc->address)));
	const struct team *st = act->svc->team;
	val_set_str(a, m, "team", st ? st->name : "");
	val_set(a, m, "team_url",
		st ? val_str(a, render_url(r, from, st->address)) : val_str(a, ""));
	val_set_num(a, m, "age_days", act->pm_days >= 0 ? (double)(s->today - act->pm_days) : 0);
	return m;
}

struct val *page_open_items(struct render_ctx *r, const char *from,
			    const struct service *svc, const struct team *team)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < r->site->nactions; i++) {
		const struct action *act = &r->site->actions[i];
		if (strcmp(act->state, "open") != 0)
			continue;
		if ((svc && act->svc == svc) || (team && act->svc->team == team))
			val_push(a, list, item_view(r, from, act));
	}
	return list;
}

/* Distinct values as [{name}], sorted. */


/* ------------------------------------------------------------ RFCs */

void page_rfcs_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "rfcs/";
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
		const char *st = rec_str(d, "status");
		if (!cur || strcmp(cur, st) != 0) {
			cur = st;
			group = val_map(a);
			val_set_str(a, group, "name", st);
			val_set_str(a, group, "label", label_of(st));
			val_set_num(a, group, "count", 0);
			list = val_set(a, group, "rfcs", val_list(a));
			val_push(a, statuses, group);
		}
		val_push(a, list, rfc_item(r, addr, d));
		val_get(group, "count")->u.num++;
		const struct val *au = val_get(d->record, "authors");
		for (size_t k = 0; au && au->type == VAL_LIST && k < au->u.list.len; k++)
			if (val_as_str(au->u.list.items[k]))
				authors[na++] = val_as_str(au->u.list.items[k]);
		services[i] = d->service->name;
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "total", (double)s->nrfcs);
	val_set(a, ctx, "authors", render_names(r, authors, na));
	val_set(a, ctx, "services", render_names(r, services, s->nrfcs));
	val_set_str(a, ctx, "feed_url", "../rfcs.xml");
	render_page(r, "rfcs", addr, ctx, 0);
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

static struct val *pm_services(struct render_ctx *r, const char *from,
			       const struct document *d)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	const struct val *names_v = val_get(d->record, "services");
	for (size_t i = 0; names_v && names_v->type == VAL_LIST && i < names_v->u.list.len; i++) {
		const char *name = val_as_str(names_v->u.list.items[i]);
		if (!name)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "name", name);
		const struct service *svc = NULL;
		for (size_t k = 0; k < r->site->nservices && !svc; k++)
			if (strcasecmp(r->site->services[k]->name, name) == 0)
				svc = r->site->services[k];
		val_set(a, m, "url", svc ? val_str(a, render_url(r, from, svc->address))
					 : val_str(a, ""));
		val_push(a, list, m);
	}
	if (!list->u.list.len) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", d->service->name);
		val_set(a, m, "url", val_str(a, render_url(r, from, d->service->address)));
		val_push(a, list, m);
	}
	return list;
}

void page_postmortems_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "postmortems/";
	struct val *ctx = render_base(r, addr, "postmortems", "Post-mortems");
	struct val *list = val_set(a, ctx, "postmortems", val_list(a));
	for (size_t i = 0; i < s->npostmortems; i++) {
		const struct document *d = s->postmortems[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "title", d->title);
		val_set(a, m, "url", val_str(a, render_url(r, addr, d->address)));
		val_set_str(a, m, "date", rec_str(d, "date"));
		val_set_str(a, m, "severity", rec_str(d, "severity"));
		val_set(a, m, "services", pm_services(r, addr, d));
		val_set_num(a, m, "open", (double)count_items(s, d, "open", 0));
		val_set_num(a, m, "total", (double)count_items(s, d, NULL, 0));
		val_set_num(a, m, "overdue", (double)count_items(s, d, "open", 1));
		val_push(a, list, m);
	}
	val_set_str(a, ctx, "feed_url", "../postmortems.xml");
	const char **sev = arena_alloc(a, (s->npostmortems + 1) * sizeof(char *));
	size_t nsev = 0;
	for (size_t i = 0; i < s->npostmortems; i++)
		if (*rec_str(s->postmortems[i], "severity"))
			sev[nsev++] = rec_str(s->postmortems[i], "severity");
	val_set(a, ctx, "severities", render_names(r, sev, nsev));
	render_page(r, "postmortems", addr, ctx, 0);
}

/* ------------------------------------------------------------ the tracker */

void page_action_items(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "action-items/";
	struct val *ctx = render_base(r, addr, "action-items", "Action items");
	struct val *items = val_set(a, ctx, "items", val_list(a));
	size_t open = 0, overdue = 0, escalate = 0, done = 0, deprio = 0;
	const char **owners = arena_alloc(a, (s->nactions + 1) * sizeof(char *));
	const char **teams = arena_alloc(a, (s->nactions + 1) * sizeof(char *));
	const char **svcs = arena_alloc(a, (s->nactions + 1) * sizeof(char *));
	size_t no = 0, nt = 0;
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		val_push(a, items, item_view(r, addr, act));
		open += strcmp(act->state, "open") == 0;
		done += strcmp(act->state, "done") == 0;
		deprio += strcmp(act->state, "deprioritized") == 0;
		overdue += act->overdue;
		escalate += act->needs_escalation;
		const char *o = val_as_str(val_get(act->item, "owner"));
		if (o)
			owners[no++] = o;
		if (act->svc->team)
			teams[nt++] = act->svc->team->name;
		svcs[i] = act->svc->name;
	}
	struct val *counts = val_set(a, ctx, "counts", val_map(a));
	val_set_num(a, counts, "open", (double)open);
	val_set_num(a, counts, "overdue", (double)overdue);
	val_set_num(a, counts, "escalate", (double)escalate);
	val_set_num(a, counts, "done", (double)done);
	val_set_num(a, counts, "deprioritized", (double)deprio);
	val_set(a, ctx, "owners", render_names(r, owners, no));
	val_set(a, ctx, "teams", render_names(r, teams, nt));
	val_set(a, ctx, "services", render_names(r, svcs, s->nactions));
	val_set_str(a, ctx, "csv_url", "../action-items.csv");
	val_set_str(a, ctx, "json_url", "../action-items.json");
	struct val *set = val_set(a, ctx, "settings", val_map(a));
	val_set_num(a, set, "sprint_days", s->cfg->sprint_days);
	val_set_num(a, set, "escalation_days",
		    (double)s->cfg->sprint_days * s->cfg->escalation_sprints);
	val_set_num(a, set, "max_items", s->cfg->max_action_items);
	render_page(r, "action-items", addr, ctx, 0);
}

/* ------------------------------------------------------------ documents */

void page_record_fields(struct render_ctx *r, struct val *doc,
			const struct document *d, const char *from)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	val_set_bool(a, doc, "rfc", 0);
	val_set_bool(a, doc, "postmortem", 0);
	if (!d->record)
		return;
	if (d->kind == DOC_RFC) {
		val_set(a, doc, "rfc", rfc_item(r, from, d));
		return;
	}
	struct val *pm = val_set(a, doc, "postmortem", val_map(a));
	val_set_str(a, pm, "date", rec_str(d, "date"));
	val_set_str(a, pm, "severity", rec_str(d, "severity"));
	val_set(a, pm, "services", pm_services(r, from, d));
	val_set_str(a, pm, "authors", joined(r, val_get(d->record, "authors")));
	val_set_str(a, pm, "status", rec_str(d, "status"));
	struct val *items = val_set(a, pm, "items", val_list(a));
	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].pm == d)
			val_push(a, items, item_view(r, from, &s->actions[i]));
}

/* ------------------------------------------------------------ feeds */

/* Appends text escaped for XML. */
static void xml(struct buf *b, const char *s)
{
	buf_put_html(b, s ? s : "", s ? strlen(s) : 0);
}

static void feed(struct render_ctx *r, const char *file, const char *title,
		 const char *index, struct document **docs, size_t n)
{
	const struct site *s = r->site;
	struct buf b = BUF_INIT, err = BUF_INIT;
	const char *base = s->cfg->base_url;
	char now[32];
	render_time(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", s->now);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	xml(&b, s->cfg->title);
	buf_puts(&b, ": ");
	xml(&b, title);
	buf_puts(&b, "</title>\n<id>");
	xml(&b, *base ? base : "urn:cairn:");
	xml(&b, file);
	buf_printf(&b, "</id>\n<updated>%s</updated>\n", now);
	buf_puts(&b, "<link rel=\"alternate\" href=\"");
	xml(&b, base);
	xml(&b, index);
	buf_puts(&b, "\"/>\n<generator>cairn</generator>\n");
	for (size_t i = 0; i < n && i < 100; i++) {
		const struct document *d = docs[i];
		/* updated: the front matter's date, else the last commit */
		char when[32] = "1970-01-01T00:00:00Z";
		const char *date = val_as_str(val_get(d->record, "date"));
		if (date && records_days(date) >= 0)
			snprintf(when, sizeof(when), "%.10sT00:00:00Z", date);
		if (d->changed > 0 && (!date || records_days(date) < 0))
			render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", d->changed);
		if (d->changed > 0 && date && records_days(date) >= 0 &&
		    d->changed / 86400 > records_days(date))
			render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", d->changed);
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
			xml(&b, label_of(st));
		}
		if (sev) {
			buf_puts(&b, " — ");
			xml(&b, sev);
		}
		buf_puts(&b, "</summary>\n");
		const struct val *au = val_get(d->record, "authors");
		for (size_t k = 0; au && au->type == VAL_LIST && k < au->u.list.len; k++) {
			buf_puts(&b, "<author><name>");
			xml(&b, val_as_str(au->u.list.items[k]));
			buf_puts(&b, "</name></author>\n");
		}
		buf_puts(&b, "</entry>\n");
	}
	buf_puts(&b, "</feed>\n");
	if (output_write(r->out, file, b.ptr, b.len, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	buf_release(&b);
	buf_release(&err);
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
	struct document **docs = arena_alloc(&r->arena, (s->nrfcs + 1) * sizeof(*docs));
	memcpy(docs, s->rfcs, s->nrfcs * sizeof(*docs));
	if (s->nrfcs)
		qsort(docs, s->nrfcs, sizeof(*docs), cmp_newest);
	feed(r, "rfcs.xml", "RFCs", "rfcs/", docs, s->nrfcs);
}

void page_postmortems_feed(struct render_ctx *r)
{
	feed(r, "postmortems.xml", "Post-mortems", "postmortems/", r->site->postmortems,
	     r->site->npostmortems);
}

/* ------------------------------------------------------------ exports */

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
		const char *url = arena_printf(a, "%s%s", s->cfg->base_url, act->pm->address);
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
