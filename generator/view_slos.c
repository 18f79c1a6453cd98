#include "view_slos.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "markdown.h"
#include "path.h"

static const char *percent(struct arena *a, double fraction)
{
	return arena_printf(a, "%g%%", fraction * 100);
}

/* A local time of zone z as "2026-02-01" (with " 09:30" when not
 * midnight), in a. */
static const char *local_day(struct arena *a, const struct tz *z, int64_t t)
{
	int64_t local = t + tz_offset(z, t), secs = ((local % 86400) + 86400) % 86400;
	int64_t y;
	int mo, d;
	date_civil_from_days((local - secs) / 86400, &y, &mo, &d);
	if (!secs)
		return arena_printf(a, "%04lld-%02d-%02d", (long long)y, mo, d);
	return arena_printf(a, "%04lld-%02d-%02d %02d:%02d", (long long)y, mo,
			    d, (int)(secs / 3600), (int)(secs / 60 % 60));
}

/* The calendar period judged, in its zone: "2026-02-01 to 2026-03-01
 * Europe/Berlin, day 1 of 28" (days are local days: the count rounds a
 * day that the clocks shortened or lengthened). */
static const char *period(struct arena *a, const struct site_slo *ss)
{
	const struct slo_budget *b = &ss->budget;
	struct tz utc;
	const struct tz *z = ss->zone;
	if (!z) {
		tz_utc(&utc);
		z = &utc;
	}
	int64_t t = ss->rec->time;
	int64_t l0 = b->window_start + tz_offset(z, b->window_start);
	int64_t l1 = b->window_end + tz_offset(z, b->window_end);
	int64_t lt = t + tz_offset(z, t);
	return arena_printf(
		a, "%s to %s %s, day %lld of %lld",
		local_day(a, z, b->window_start), local_day(a, z, b->window_end),
		ss->slo->window.calendar_zone ? ss->slo->window.calendar_zone : "UTC",
		(long long)((lt - l0) / 86400 + 1),
		(long long)((l1 - l0 + 43200) / 86400));
}

struct val *view_slos_one(struct render_ctx *r, const char *from,
			  const struct site_slo *ss)
{
	struct arena *a = &r->arena;
	const struct slo *o = ss->slo;
	const struct slo_budget *b = &ss->budget;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", o->name);
	val_set_str(a, m, "title", o->display_name ? o->display_name : o->name);
	val_set_str(a, m, "description", o->description);
	val_set_str(a, m, "service", ss->svc ? ss->svc->name : o->service);
	render_set_url(r, m, "service_url", from, ss->svc ? ss->svc->address : NULL);
	val_set_str(a, m, "repo", ss->src->name);
	val_set_str(a, m, "path", o->path);
	const struct slo_objective *obj = b->objective ? b->objective
						       : slo_objective(o, NULL);
	val_set_str(a, m, "target", obj ? percent(a, obj->target) : "");
	val_set_str(a, m, "objective", obj && obj->name ? obj->name : "");
	val_set_str(a, m, "window",
		    arena_printf(a, "%s %s", o->window.duration,
				 o->window.rolling ? "rolling" : "calendar"));
	val_set_str(a, m, "budgeting", slo_budgeting_name(o->budgeting));
	if (o->indicator)
		val_set_str(a, m, "indicator",
			    o->indicator->display_name ? o->indicator->display_name
						       : o->indicator->name);
	val_set_str(a, m, "state", slo_state_name(b->state));
	val_set_bool(a, m, "bad",
		     b->state == SLO_STATE_EXHAUSTED || b->state == SLO_STATE_BURNING);
	val_set_bool(a, m, "has_status", ss->rec != NULL);
	if (!ss->rec)
		return m;
	char when[64];
	render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", ss->rec->time);
	val_set_str(a, m, "as_of", when);
	render_time(when, sizeof(when), "%Y-%m-%d %H:%M UTC", ss->rec->time);
	val_set_str(a, m, "as_of_display", when);
	if (!o->window.rolling)
		val_set_str(a, m, "window_period", period(a, ss));
	if (ss->rec->has & SLO_HAS_SLI)
		val_set_str(a, m, "sli", arena_printf(a, "%.4g%%", ss->rec->sli * 100));
	if (!isnan(b->remaining)) {
		double pct = b->remaining * 100;
		val_set_num(a, m, "remaining",
			    pct < 0	? 0
			    : pct > 100 ? 100
					: floor(pct));
		val_set_str(a, m, "remaining_display", arena_printf(a, "%.0f%%", pct));
	}
	if (!isnan(b->burn))
		val_set_str(a, m, "burn_display", arena_printf(a, "%.1f×", b->burn));
	if (b->lasts >= 0 && b->state == SLO_STATE_BURNING)
		val_set_str(a, m, "lasts_display",
			    arena_printf(a, "%.1f days", (double)b->lasts / 86400));
	return m;
}

struct val *view_slos_of_service(struct render_ctx *r, const char *from,
				 const struct service *svc)
{
	struct val *list = val_list(&r->arena);
	const struct site *s = r->site;
	for (size_t i = 0; i < s->nslos; i++)
		if (s->slos[i].svc == svc)
			val_push(&r->arena, list, view_slos_one(r, from, &s->slos[i]));
	return list;
}

/* How fast ss burns, for the home page's order: exhausted first. */
static double urgency(const struct site_slo *ss)
{
	if (ss->budget.state == SLO_STATE_EXHAUSTED)
		return INFINITY;
	return isnan(ss->budget.burn) ? 0 : ss->budget.burn;
}

static int cmp_urgency(const void *pa, const void *pb)
{
	const struct site_slo *a = *(const struct site_slo *const *)pa;
	const struct site_slo *b = *(const struct site_slo *const *)pb;
	double ua = urgency(a), ub = urgency(b);
	if (ua != ub)
		return ua > ub ? -1 : 1;
	return strcmp(a->svc->slug, b->svc->slug);
}

struct val *view_slos_burning(struct render_ctx *r, const char *from, size_t max)
{
	const struct site *s = r->site;
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	const struct site_slo **top = arena_alloc(a, (s->nslos + 1) * sizeof(*top));
	size_t n = 0;
	/* the worst SLO of each service (s->slos is by service) */
	for (size_t i = 0; i < s->nslos; i++) {
		const struct site_slo *ss = &s->slos[i];
		if (!ss->svc || urgency(ss) <= 1)
			continue;
		if (n && top[n - 1]->svc == ss->svc) {
			if (urgency(ss) > urgency(top[n - 1]))
				top[n - 1] = ss;
			continue;
		}
		top[n++] = ss;
	}
	if (n)
		qsort(top, n, sizeof(*top), cmp_urgency);
	for (size_t i = 0; i < n && i < max; i++)
		val_push(a, list, view_slos_one(r, from, top[i]));
	return list;
}

/* A debt item's link as written (text) and where it leads (url): a web
 * address as it is, a path (from the item's file, else from the
 * repository's root) to the page of that document; "" when it is unsafe
 * (javascript: and the like) or names no document of the repository. */
static struct val *debt_link(struct render_ctx *r, const char *from,
			     const struct site_debt *d, const char *link)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	int rel = 0;
	size_t len = strlen(link), plen = strcspn(link, "?#");
	val_set_str(a, m, "text", link);
	val_set_str(a, m, "url", "");
	if (!markdown_url_safe(link, len, &rel))
		return m;
	if (!rel) {
		val_set_str(a, m, "url", link);
		return m;
	}
	struct buf path = BUF_INIT;
	const struct document *doc = NULL;
	if (plen && path_resolve(&path, d->item->path, link, plen, 1) == 0)
		doc = site_find_doc(d->src, path.ptr);
	if (!doc && plen && path_resolve(&path, "", link, plen, 1) == 0)
		doc = site_find_doc(d->src, path.ptr);
	if (doc && doc->address)
		render_set_url(r, m, "url", from, doc->address);
	buf_release(&path);
	return m;
}

struct val *view_slos_debt(struct render_ctx *r, const char *from,
			   const struct site_debt *d)
{
	struct arena *a = &r->arena;
	const struct techdebt_item *it = d->item;
	struct techdebt_rules rules;
	assemble_slos_rules(&rules, r->site->cfg);
	struct val *m = val_map(a);
	val_set_str(a, m, "title", it->title);
	val_set_str(a, m, "kind", techdebt_kind_name(it->kind));
	val_set_bool(a, m, "reckless", it->kind == TECHDEBT_RECKLESS);
	val_set_str(a, m, "state", assemble_slos_debt_state(d));
	val_set_bool(a, m, "done", it->done);
	val_set_bool(a, m, "flagged", d->flags != 0);
	val_set_str(a, m, "owner", it->owner);
	val_set_str(a, m, "due", it->due);
	val_set_str(a, m, "cycle", it->cycle);
	val_set_str(a, m, "rationale", it->rationale);
	val_set_str(a, m, "service", d->svc ? d->svc->name : it->service);
	render_set_url(r, m, "service_url", from, d->svc ? d->svc->address : NULL);
	val_set_str(a, m, "team", d->team ? d->team->name : "");
	render_set_url(r, m, "team_url", from, d->team ? d->team->address : NULL);
	val_set_str(a, m, "repo", d->src->name);
	val_set_str(a, m, "path", it->path);
	val_set_num(a, m, "line", it->line);
	if (d->src->web_url)
		val_set_str(a, m, "source_url",
			    arena_printf(a, "%s/blob/%s/%s#L%d", d->src->web_url,
					 d->src->commit.branch ? d->src->commit.branch : "HEAD",
					 it->path, it->line));
	struct val *links = val_set(a, m, "links", val_list(a));
	for (size_t i = 0; i < it->nlinks; i++)
		val_push(a, links, debt_link(r, from, d, it->links[i]));
	struct val *flags = val_set(a, m, "flags", val_list(a));
	struct buf msg = BUF_INIT;
	for (unsigned f = 1; f <= TECHDEBT_FLAG_LAST; f <<= 1) {
		if (!(d->flags & f))
			continue;
		buf_clear(&msg);
		techdebt_flag_message(&msg, it, f, r->site->today, &rules);
		val_push(a, flags, val_strn(a, msg.ptr, msg.len));
	}
	buf_release(&msg);
	return m;
}

struct val *view_slos_team_debt(struct render_ctx *r, const char *from,
				const struct team *team)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	size_t open = 0, reckless = 0, prudent = 0, flagged = 0;
	for (size_t i = 0; i < s->ndebts; i++) {
		const struct site_debt *d = &s->debts[i];
		if (d->team != team || d->item->done)
			continue;
		open++;
		reckless += d->item->kind == TECHDEBT_RECKLESS;
		prudent += d->item->kind == TECHDEBT_PRUDENT;
		flagged += d->flags != 0;
	}
	if (!open)
		return NULL;
	struct val *m = val_map(a);
	val_set_num(a, m, "open", (double)open);
	val_set_num(a, m, "reckless", (double)reckless);
	val_set_num(a, m, "prudent", (double)prudent);
	val_set_num(a, m, "flagged", (double)flagged);
	struct buf q = BUF_INIT;
	site_relative(&q, from, "tech-debt/");
	buf_puts(&q, "?team=");
	buf_puts(&q, team->name); /* escaped by the template */
	val_set(a, m, "url", val_strn(a, q.ptr, q.len));
	buf_release(&q);
	return m;
}
