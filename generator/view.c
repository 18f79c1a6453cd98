#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "deploy.h"
#include "hash.h"
#include "view_oncall.h"
#include "xalloc.h"

/* ------------------------------------------------------------ services */

static void set_opt(struct arena *a, struct val *m, const char *key, const char *s)
{
	val_set_str(a, m, key, s ? s : "");
}

struct val *view_service_summary(struct render_ctx *r, const char *from,
				 const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *v = val_map(a);
	set_opt(a, v, "name", svc->name);
	set_opt(a, v, "slug", svc->slug);
	set_opt(a, v, "title", svc->title);
	render_set_url(r, v, "url", from, svc->address);
	set_opt(a, v, "description", svc->description);
	set_opt(a, v, "owner", svc->owner);
	const struct team *t = svc->team;
	set_opt(a, v, "team", t ? t->name : NULL);
	set_opt(a, v, "team_title", t ? t->title : NULL);
	render_set_url(r, v, "team_url", from, t ? t->address : NULL);
	struct val *co = val_set(a, v, "co_owners", val_list(a));
	for (size_t k = 0; k < svc->nco_owners; k++) {
		const struct team *ct = svc->co_teams[k];
		struct val *m = val_map(a);
		set_opt(a, m, "title", ct ? ct->title : svc->co_owners[k]);
		render_set_url(r, m, "url", from, ct ? ct->address : NULL);
		val_push(a, co, m);
	}
	set_opt(a, v, "lifecycle", svc->lifecycle);
	set_opt(a, v, "type", svc->type);
	set_opt(a, v, "system", svc->system);
	set_opt(a, v, "repo", svc->src->name);
	set_opt(a, v, "oncall_url", svc->oncall_url);
	val_set_num(a, v, "ndocs", (double)svc->ndocs);
	if (svc->oncall)
		val_set(a, v, "oncall", view_oncall(r, from, svc->oncall));
	return v;
}

/* ------------------------------------------------------------ documents */

int view_doc_stale(const struct render_ctx *r, const struct document *d)
{
	return d->kind == DOC_RUNBOOK && d->changed > 0 &&
	       r->site->now - d->changed > (int64_t)r->site->cfg->stale_days * 86400;
}

void view_set_changed(struct render_ctx *r, struct val *m, const struct document *d)
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
	val_set_bool(a, m, "stale", view_doc_stale(r, d));
}

struct val *view_doc_item(struct render_ctx *r, const char *from,
			  const struct document *d)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "title", d->title);
	render_set_url(r, m, "url", from, d->address);
	val_set_str(a, m, "path", d->path);
	val_set_str(a, m, "kind", site_kind_id(d));
	val_set_str(a, m, "kind_label", site_doc_label(d));
	if (d->kind == DOC_POSTMORTEM && view_record_str(d, "date"))
		val_set_str(a, m, "incident", view_record_str(d, "date"));
	view_set_changed(r, m, d);
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

void view_doc_list(struct render_ctx *r, struct val *m, const char *from,
		   const struct document *const *docs, size_t n)
{
	struct arena *a = &r->arena;
	struct val *shown = val_set(a, m, "documents", val_list(a));
	struct val *more = val_set(a, m, "more", val_list(a));
	struct val *folders = val_set(a, m, "folders", val_list(a));
	val_set_num(a, m, "count", (double)n);
	if (n <= VIEW_DOC_LIST_FLAT) {
		for (size_t i = 0; i < n; i++)
			val_push(a, shown, view_doc_item(r, from, docs[i]));
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
			struct val *to = ntop < VIEW_DOC_LIST_FLAT ? shown : more;
			val_push(a, to, view_doc_item(r, from, docs[i]));
			ntop++;
			continue;
		}
		size_t len = (size_t)(slash - rest), k = 0;
		while (k < nfolders &&
		       !(lens[k] == len && strncmp(names[k], rest, len) == 0))
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
		val_push(a, lists[k], view_doc_item(r, from, docs[i]));
	}
	/* one folder for all: a long list, the rest behind "N more" */
	if (nfolders == 1 && !ntop) {
		struct val *all = lists[0];
		folders->u.list.len = 0;
		for (size_t i = 0; i < all->u.list.len; i++)
			val_push(a, i < VIEW_DOC_LIST_FLAT ? shown : more,
				 all->u.list.items[i]);
	}
	for (size_t k = 0; k < folders->u.list.len; k++) {
		struct val *f = folders->u.list.items[k];
		val_set_num(a, f, "count",
			    (double)val_get(f, "documents")->u.list.len);
	}
	val_set_bool(a, m, "has_documents", shown->u.list.len > 0);
	val_set_bool(a, m, "has_more", more->u.list.len > 0);
	val_set_num(a, m, "nmore", (double)more->u.list.len);
}

/* ------------------------------------------------------------ records */

const char *view_status_label(const char *status)
{
	static const char *const map[][2] = {
		{ "accepted", "Accepted" },
		{ "review", "In review" },
		{ "draft", "Draft" },
		{ "rejected", "Rejected" },
		{ "superseded", "Superseded" },
		{ "withdrawn", "Withdrawn" },
		{ "open", "Open" },
		{ "done", "Done" },
		{ "deprioritized", "Deprioritized" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (status && strcmp(status, map[i][0]) == 0)
			return map[i][1];
	return "Unknown";
}

const char *view_record_str(const struct document *d, const char *key)
{
	const char *s = val_as_str(val_get(d->record, key));
	return s ? s : "";
}

/* "alice, bob" from a list of strings. */
static const char *joined(struct render_ctx *r, const struct val *list)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0;
	     list && list->type == VAL_LIST && i < list->u.list.len; i++) {
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

struct val *view_rfc_item(struct render_ctx *r, const char *from,
			  const struct document *d)
{
	struct arena *a = &r->arena;
	const struct val *num = val_get(d->record, "number");
	struct val *m = val_map(a);
	if (num && num->type == VAL_NUM)
		val_set_str(a, m, "number",
			    arena_printf(a, "%04ld", (long)num->u.num));
	else
		val_set_str(a, m, "number", "");
	val_set_str(a, m, "title", d->title);
	render_set_url(r, m, "url", from, d->address);
	const char *st = view_record_str(d, "status");
	val_set_str(a, m, "status", st);
	val_set_str(a, m, "status_label", view_status_label(st));
	val_set_str(a, m, "authors", joined(r, val_get(d->record, "authors")));
	struct buf pipes = BUF_INIT;
	const struct val *au = val_get(d->record, "authors");
	buf_putc(&pipes, '|');
	for (size_t i = 0; au && au->type == VAL_LIST && i < au->u.list.len; i++)
		if (val_as_str(au->u.list.items[i]))
			buf_printf(&pipes, "%s|", val_as_str(au->u.list.items[i]));
	val_set(a, m, "authors_key", val_strn(a, pipes.ptr, pipes.len));
	buf_release(&pipes);
	val_set_str(a, m, "date", view_record_str(d, "date"));
	val_set_str(a, m, "service", d->service->name);
	render_set_url(r, m, "service_url", from, d->service->address);
	const struct document *sup = d->superseded_by;
	const char *sb = view_record_str(d, "superseded_by");
	val_set_str(a, m, "superseded_by_title", sup ? sup->title : sb);
	render_set_url(r, m, "superseded_by_url", from, sup ? sup->address : NULL);
	const char *disc = view_record_str(d, "discussion");
	int rel;
	val_set_str(a, m, "discussion_url",
		    *disc && markdown_url_safe(disc, strlen(disc), &rel) && !rel
			    ? disc
			    : "");
	return m;
}

struct val *view_pm_services(struct render_ctx *r, const char *from,
			     const struct document *d)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	const struct val *names_v = val_get(d->record, "services");
	size_t k = 0;
	for (size_t i = 0;
	     names_v && names_v->type == VAL_LIST && i < names_v->u.list.len; i++) {
		const char *name = val_as_str(names_v->u.list.items[i]);
		if (!name)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "name", name);
		const struct service *svc =
			k < d->nnamed_services ? d->named_services[k] : NULL;
		k++;
		render_set_url(r, m, "url", from, svc ? svc->address : NULL);
		val_push(a, list, m);
	}
	if (!list->u.list.len) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", d->service->name);
		render_set_url(r, m, "url", from, d->service->address);
		val_push(a, list, m);
	}
	return list;
}

struct val *view_pm_naming(struct render_ctx *r, const char *from,
			   const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	/* newest first */
	for (size_t i = 0; i < svc->npm_naming; i++) {
		const struct document *d = svc->pm_naming[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "title", d->title);
		render_set_url(r, m, "url", from, d->address);
		const char *date = view_record_str(d, "date");
		val_set_str(a, m, "date", date ? date : "");
		val_set_str(a, m, "service_title", d->service->title);
		render_set_url(r, m, "service_url", from, d->service->address);
		val_push(a, list, m);
	}
	return list;
}

struct val *view_action_item(struct render_ctx *r, const char *from,
			     const struct action *act)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *m = val_map(a);
	const char *owner = val_as_str(val_get(act->item, "owner"));
	val_set_str(a, m, "text", val_as_str(val_get(act->item, "text")));
	val_set_str(a, m, "owner", owner ? owner : "");
	const struct team *t = act->owner_team;
	render_set_url(r, m, "owner_url", from, t ? t->address : NULL);
	const char *due = val_as_str(val_get(act->item, "due"));
	val_set_str(a, m, "due", due ? due : "");
	val_set_str(a, m, "state", act->state);
	val_set_str(a, m, "state_label", view_status_label(act->state));
	val_set_bool(a, m, "overdue", act->overdue);
	val_set_bool(a, m, "needs_escalation", act->needs_escalation);
	val_set_str(a, m, "postmortem_title", act->pm->title);
	render_set_url(r, m, "postmortem_url", from, act->pm->address);
	val_set_str(a, m, "service", act->svc->name);
	render_set_url(r, m, "service_url", from, act->svc->address);
	const struct team *st = act->svc->team;
	val_set_str(a, m, "team", st ? st->name : "");
	render_set_url(r, m, "team_url", from, st ? st->address : NULL);
	/* a post-mortem dated after today (a typo, or SOURCE_DATE_EPOCH set
	 * earlier) is 0 days old, not a negative age */
	val_set_num(a, m, "age_days",
		    act->pm_days >= 0 && s->today > act->pm_days
			    ? (double)(s->today - act->pm_days)
			    : 0);
	return m;
}

struct val *view_open_items(struct render_ctx *r, const char *from,
			    const struct service *svc, const struct team *team)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < r->site->nactions; i++) {
		const struct action *act = &r->site->actions[i];
		if (strcmp(act->state, "open") != 0)
			continue;
		if ((svc && act->svc == svc) || (team && act->svc->team == team))
			val_push(a, list, view_action_item(r, from, act));
	}
	return list;
}

void view_record_fields(struct render_ctx *r, struct val *doc,
			const struct document *d, const char *from)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	val_set_bool(a, doc, "rfc", 0);
	val_set_bool(a, doc, "postmortem", 0);
	if (!d->record)
		return;
	if (d->kind == DOC_RFC) {
		val_set(a, doc, "rfc", view_rfc_item(r, from, d));
		return;
	}
	struct val *pm = val_set(a, doc, "postmortem", val_map(a));
	val_set_str(a, pm, "date", view_record_str(d, "date"));
	val_set_str(a, pm, "severity", view_record_str(d, "severity"));
	val_set(a, pm, "services", view_pm_services(r, from, d));
	val_set_str(a, pm, "authors", joined(r, val_get(d->record, "authors")));
	val_set_str(a, pm, "status", view_record_str(d, "status"));
	struct val *items = val_set(a, pm, "items", val_list(a));
	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].pm == d)
			val_push(a, items, view_action_item(r, from, &s->actions[i]));
}

/* ------------------------------------------------------------ deploys */

static const char *status_label(enum deploy_status st)
{
	switch (st) {
	case DEPLOY_SUCCEEDED: return "Succeeded";
	case DEPLOY_FAILED: return "Failed";
	case DEPLOY_IN_PROGRESS: return "In progress";
	case DEPLOY_ROLLED_BACK: return "Rolled back";
	default: return "Deployed";
	}
}

static void set_time(struct render_ctx *r, struct val *m, int64_t t)
{
	struct arena *a = &r->arena;
	char when[32] = "", shown[32] = "";
	if (t > 0) {
		render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", t);
		render_time(shown, sizeof(shown), "%Y-%m-%d %H:%M UTC", t);
	}
	val_set_str(a, m, "time", when);
	val_set_str(a, m, "time_display", shown);
}

static const char *commit_url(struct render_ctx *r, const struct source *src,
			      const char *id)
{
	if (!src->web_url || !id || !*id)
		return "";
	return arena_printf(&r->arena, "%s/commit/%s", src->web_url, id);
}

struct val *view_deploy_item(struct render_ctx *r, const char *from,
			     const struct service *svc, const struct deploy *dep)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "service", svc->name);
	render_set_url(r, m, "service_url", from, svc->address);
	val_set_str(a, m, "team", svc->team ? svc->team->name : "");
	render_set_url(r, m, "team_url", from, svc->team ? svc->team->address : NULL);
	val_set_str(a, m, "environment", dep->environment);
	val_set_str(a, m, "commit", dep->commit);
	val_set(a, m, "commit_short", val_strn(a, dep->commit, 10));
	val_set_str(a, m, "commit_url", commit_url(r, svc->src, dep->commit));
	val_set_str(a, m, "subject", dep->subject ? dep->subject : "");
	set_time(r, m, dep->time);
	val_set_str(a, m, "actor", dep->actor ? dep->actor : "");
	val_set_str(a, m, "status", deploy_status_name(dep->status));
	val_set_str(a, m, "status_label", status_label(dep->status));
	val_set_bool(a, m, "failed",
		     dep->status == DEPLOY_FAILED || dep->status == DEPLOY_ROLLED_BACK);
	val_set_bool(a, m, "off_branch", dep->on_branch == 0);
	val_set_str(a, m, "url", dep->url ? dep->url : "");
	val_set_str(a, m, "branch",
		    svc->deploy && svc->deploy->branch ? svc->deploy->branch : "");
	return m;
}

/* "2 d 4 h", "3 h 10 min", "12 min". */
static const char *duration(struct render_ctx *r, int64_t secs)
{
	if (secs < 0)
		return "";
	int64_t d = secs / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60;
	if (d)
		return arena_printf(&r->arena, "%lld d %lld h", (long long)d,
				    (long long)h);
	if (h)
		return arena_printf(&r->arena, "%lld h %lld min", (long long)h,
				    (long long)m);
	return arena_printf(&r->arena, "%lld min", (long long)m);
}

static struct val *metrics(struct render_ctx *r,
			   const struct deploy_service *const *svcs, size_t n)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	static const int windows[] = { 30, 90 };
	for (size_t i = 0; i < 2; i++) {
		struct deploy_metrics dm;
		deploy_metrics(&dm, svcs, n, r->site->now, windows[i]);
		struct val *m = val_map(a);
		val_set_num(a, m, "days", windows[i]);
		val_set_num(a, m, "deploys", (double)dm.deploys);
		val_set_str(a, m, "per_week", arena_printf(a, "%.1f", dm.per_week));
		val_set_str(a, m, "lead_time",
			    dm.lead_time >= 0 ? duration(r, dm.lead_time) : "");
		val_set_str(a, m, "failure_rate",
			    dm.failure_rate >= 0
				    ? arena_printf(a, "%.0f%%", dm.failure_rate * 100)
				    : "unknown");
		val_push(a, list, m);
	}
	return list;
}

static const char *chart(struct render_ctx *r, const struct deploy_service *const *svcs,
			 size_t n, const char *what)
{
	int weekly[DEPLOY_WEEKS];
	struct buf b = BUF_INIT;
	deploy_weekly(weekly, DEPLOY_WEEKS, svcs, n, r->site->now);
	deploy_chart_svg(&b, weekly, DEPLOY_WEEKS, r->site->now, what);
	const char *s = arena_strndup(&r->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

struct val *view_service_deploys(struct render_ctx *r, const char *from,
				 const struct service *svc)
{
	struct arena *a = &r->arena;
	const struct deploy_service *ds = svc->deploy;
	struct val *v = val_map(a);
	struct val *envs = val_set(a, v, "environments", val_list(a));
	struct val *diffs = val_set(a, v, "diffs", val_list(a));
	val_set_bool(a, v, "has_deploys", ds && ds->ndeploys > 0);
	if (!ds) {
		val_set(a, v, "metrics", val_list(a));
		val_set_str(a, v, "chart_svg", "");
		return v;
	}
	for (size_t i = 0; i < ds->nenvs; i++) {
		const struct deploy_env *e = &ds->envs[i];
		const struct deploy *dep = e->current ? e->current : e->latest;
		struct val *m = dep ? view_deploy_item(r, from, svc, dep)
				    : val_map(a);
		val_set_str(a, m, "name", e->name);
		val_set_bool(a, m, "deployed", dep != NULL);
		if (!dep) {
			static const char *const empty[] = {
				"commit",  "commit_short", "commit_url",
				"subject", "time",	   "time_display",
				"actor",   "status",	   "status_label",
				"url"
			};
			for (size_t k = 0; k < sizeof(empty) / sizeof(empty[0]); k++)
				val_set_str(a, m, empty[k], "");
		}
		/* a newer deploy that is not what runs (failed, in progress) */
		val_set(a, m, "latest",
			e->latest && e->latest != dep
				? view_deploy_item(r, from, svc, e->latest)
				: val_bool(a, 0));
		val_set_num(a, m, "off_branch", (double)e->off_branch);
		val_set_num(a, m, "pending", (double)e->pending);
		val_set_num(a, m, "pending_more",
			    (double)(e->pending - e->npending_list));
		val_set_bool(a, m, "truncated", e->truncated);
		struct val *pl = val_set(a, m, "pending_list", val_list(a));
		for (size_t k = 0; k < e->npending_list; k++) {
			const struct repo_commit_info *c = &e->pending_list[k];
			struct val *x = val_map(a);
			val_set(a, x, "commit_short", val_strn(a, c->id, 10));
			val_set_str(a, x, "commit_url",
				    commit_url(r, svc->src, c->id));
			val_set_str(a, x, "subject", c->subject ? c->subject : "");
			val_set_str(a, x, "author", c->author ? c->author : "");
			set_time(r, x, c->time);
			val_push(a, pl, x);
		}
		val_push(a, envs, m);
	}
	for (size_t i = 0; i < ds->ndiffs; i++) {
		const struct deploy_diff *df = &ds->diffs[i];
		if (!df->known)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "from", df->from);
		val_set_str(a, m, "to", df->to);
		const char *text;
		if (!df->ahead && !df->behind)
			text = arena_printf(a, "%s and %s run the same commit",
					    df->from, df->to);
		else if (!df->behind)
			text = arena_printf(a, "%s is %s%zu commit%s ahead of %s",
					    df->from,
					    df->truncated ? "at least " : "", df->ahead,
					    df->ahead == 1 ? "" : "s", df->to);
		else
			text = arena_printf(
				a, "%s is %zu commit%s ahead of and %zu behind %s",
				df->from, df->ahead, df->ahead == 1 ? "" : "s",
				df->behind, df->to);
		val_set_str(a, m, "text", text);
		val_push(a, diffs, m);
	}
	val_set(a, v, "metrics", metrics(r, &ds, 1));
	val_set_str(a, v, "chart_svg",
		    chart(r, &ds, 1,
			  arena_printf(a, "Production deploys of %s", svc->name)));
	return v;
}

static int cmp_deploy_newest(const void *pa, const void *pb)
{
	const struct view_deploy *a = pa, *b = pb;
	if (a->dep->time != b->dep->time)
		return a->dep->time < b->dep->time ? 1 : -1;
	int c = strcmp(a->svc->slug, b->svc->slug);
	return c ? c : strcmp(a->dep->environment, b->dep->environment);
}

size_t view_deploys_since(const struct site *s, const struct team *team,
			  int64_t since, size_t max, struct view_deploy **out)
{
	size_t n = 0, cap = 0;
	struct view_deploy *list = NULL;
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		if (!svc->deploy || (team && svc->team != team))
			continue;
		for (size_t k = 0; k < svc->deploy->ndeploys; k++) {
			const struct deploy *dep = &svc->deploy->deploys[k];
			if (dep->time < since)
				continue;
			XGROW(list, cap, n + 1);
			list[n++] = (struct view_deploy){ svc, dep };
		}
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_deploy_newest);
	if (max && n > max)
		n = max;
	*out = list;
	return n;
}

struct val *view_recent_deploys(struct render_ctx *r, const char *from,
				const struct team *team, size_t max)
{
	struct arena *a = &r->arena;
	struct view_deploy *list;
	size_t n = view_deploys_since(r->site, team,
				      r->site->now - DEPLOY_RECENT_DAYS * 86400,
				      max, &list);
	struct val *v = val_list(a);
	for (size_t i = 0; i < n; i++)
		val_push(a, v, view_deploy_item(r, from, list[i].svc, list[i].dep));
	free(list);
	return v;
}

void view_team_deploys(struct render_ctx *r, struct val *team_val,
		       const struct team *t, const char *from)
{
	struct arena *a = &r->arena;
	val_set(a, team_val, "deploys", view_recent_deploys(r, from, t, 0));
	const struct deploy_service **svcs =
		arena_alloc(a, (t->nservices + 1) * sizeof(*svcs));
	size_t n = 0;
	for (size_t i = 0; i < t->nservices; i++)
		if (t->services[i]->deploy)
			svcs[n++] = t->services[i]->deploy;
	val_set(a, team_val, "metrics", n ? metrics(r, svcs, n) : val_list(a));
	val_set_str(a, team_val, "chart_svg",
		    n ? chart(r, svcs, n,
			      arena_printf(a, "Production deploys of %s", t->title))
		      : "");
}

/* ------------------------------------------------------------ filters */

void view_filters_init(struct view_filters *f, struct render_ctx *r, size_t n)
{
	struct arena *a = &r->arena;
	f->owners = arena_alloc(a, (n + 1) * sizeof(char *));
	f->teams = arena_alloc(a, (n + 1) * sizeof(char *));
	f->services = arena_alloc(a, (n + 1) * sizeof(char *));
	f->nowners = f->nteams = f->nservices = 0;
}

void view_filters_add(struct view_filters *f, const char *owner,
		      const struct team *team, const struct service *svc)
{
	if (owner)
		f->owners[f->nowners++] = owner;
	if (team)
		f->teams[f->nteams++] = team->name;
	if (svc)
		f->services[f->nservices++] = svc->name;
}

void view_filters_set(struct render_ctx *r, struct val *ctx, struct view_filters *f)
{
	struct arena *a = &r->arena;
	if (f->nowners)
		val_set(a, ctx, "owners", render_names(r, f->owners, f->nowners));
	val_set(a, ctx, "teams", render_names(r, f->teams, f->nteams));
	val_set(a, ctx, "services", render_names(r, f->services, f->nservices));
}

/* ------------------------------------------------------------ fingerprints */

/* A count or a length, as 8 bytes. */
static void put_len(struct buf *b, size_t n)
{
	uint64_t v = (uint64_t)n;
	buf_put(b, (const char *)&v, sizeof(v));
}

void view_put_shown(struct buf *b, const struct val *v)
{
	buf_putc(b, v ? (char)('0' + (int)v->type) : 'x');
	if (!v)
		return;
	switch (v->type) {
	case VAL_NULL: break;
	case VAL_BOOL: buf_putc(b, v->u.b ? '1' : '0'); break;
	case VAL_NUM:
		buf_put(b, (const char *)&v->u.num, sizeof(v->u.num));
		break;
	case VAL_STR:
		put_len(b, v->u.str.len);
		buf_put(b, v->u.str.ptr, v->u.str.len);
		break;
	case VAL_LIST:
		put_len(b, v->u.list.len);
		for (size_t i = 0; i < v->u.list.len; i++)
			view_put_shown(b, v->u.list.items[i]);
		break;
	case VAL_MAP:
		put_len(b, v->u.map.len);
		for (size_t i = 0; i < v->u.map.len; i++) {
			const struct val_pair *p = &v->u.map.pairs[i];
			put_len(b, p->key_len);
			buf_put(b, p->key, p->key_len);
			view_put_shown(b, p->val);
		}
		break;
	}
}

uint64_t view_fp_shown(uint64_t fp, struct val *const *vals, size_t n)
{
	struct buf shown = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		view_put_shown(&shown, vals[i]);
	fp = hash_mix_u64(fp, hash_of(shown.ptr, shown.len, 0));
	buf_release(&shown);
	return fp;
}
