#include "page_deploys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy.h"
#include "xalloc.h"
#include "page_service.h"

/* ------------------------------------------------------------ helpers */

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

/* One deploy as lists show it. */
static struct val *deploy_item(struct render_ctx *r, const char *from,
			       const struct service *svc, const struct deploy *dep)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "service", svc->name);
	val_set(a, m, "service_url",
		val_str(a, render_url(r, from, svc->address)));
	val_set_str(a, m, "team", svc->team ? svc->team->name : "");
	val_set(a, m, "team_url",
		svc->team ? val_str(a, render_url(r, from, svc->team->address))
			  : val_str(a, ""));
	val_set_str(a, m, "environment", dep->environment);
	val_set_str(a, m, "commit", dep->commit);
	val_set(a, m, "commit_short", val_strn(a, dep->commit, 10));
	val_set_str(a, m, "commit_url", commit_url(r, svc->src, dep->commit));
	val_set_str(a, m, "subject", dep->subject ? dep->subject : "");
	set_time(r, m, dep->time);
	val_set_str(a, m, "actor", dep->actor ? dep->actor : "");
	val_set_str(a, m, "status", deploy_status_name(dep->status));
	val_set_str(a, m, "status_label", status_label(dep->status));
	val_set_bool(a, m, "failed", dep->status == DEPLOY_FAILED ||
					     dep->status == DEPLOY_ROLLED_BACK);
	val_set_bool(a, m, "off_branch", dep->on_branch == 0);
	val_set_str(a, m, "url", dep->url ? dep->url : "");
	val_set_str(a, m, "branch", svc->deploy && svc->deploy->branch ? svc->deploy->branch : "");
	return m;
}

/* "2 d 4 h", "3 h 10 min", "12 min". */
static const char *duration(struct render_ctx *r, int64_t secs)
{
	if (secs < 0)
		return "";
	int64_t d = secs / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60;
	if (d)
		return arena_printf(&r->arena, "%lld d %lld h", (long long)d, (long long)h);
	if (h)
		return arena_printf(&r->arena, "%lld h %lld min", (long long)h, (long long)m);
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
		val_set_str(a, m, "lead_time", dm.lead_time >= 0 ? duration(r, dm.lead_time) : "");
		val_set_str(a, m, "failure_rate",
			    dm.failure_rate >= 0
				    ? arena_printf(a, "%.0f%%", dm.failure_rate * 100)
				    : "unknown");
		val_push(a, list, m);
	}
	return list;
}

static const char *chart(struct render_ctx *r,
			 const struct deploy_service *const *svcs, size_t n,
			 const char *what)
{
	int weekly[DEPLOY_WEEKS];
	struct buf b = BUF_INIT;
	deploy_weekly(weekly, DEPLOY_WEEKS, svcs, n, r->site->now);
	deploy_chart_svg(&b, weekly, DEPLOY_WEEKS, r->site->now, what);
	const char *s = arena_strndup(&r->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* ------------------------------------------------------------ services */

struct val *page_service_deploys(struct render_ctx *r, const char *from,
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
		struct val *m = dep ? deploy_item(r, from, svc, dep) : val_map(a);
		val_set_str(a, m, "name", e->name);
		val_set_bool(a, m, "deployed", dep != NULL);
		if (!dep) {
			static const char *const empty[] = { "commit", "commit_short", "commit_url",
							     "subject", "time", "time_display",
							     "actor", "status", "status_label",
							     "url" };
			for (size_t k = 0; k < sizeof(empty) / sizeof(empty[0]); k++)
				val_set_str(a, m, empty[k], "");
		}
		/* a newer deploy that is not what runs (failed, in progress) */
		val_set(a, m, "latest", e->latest && e->latest != dep
						? deploy_item(r, from, svc, e->latest)
						: val_bool(a, 0));
		val_set_num(a, m, "off_branch", (double)e->off_branch);
		val_set_num(a, m, "pending", (double)e->pending);
		val_set_num(a, m, "pending_more", (double)(e->pending - e->npending_list));
		val_set_bool(a, m, "truncated", e->truncated);
		struct val *pl = val_set(a, m, "pending_list", val_list(a));
		for (size_t k = 0; k < e->npending_list; k++) {
			const struct repo_commit_info *c = &e->pending_list[k];
			struct val *x = val_map(a);
			val_set(a, x, "commit_short", val_strn(a, c->id, 10));
			val_set_str(a, x, "commit_url", commit_url(r, svc->src, c->id));
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
			text = arena_printf(a, "%s and %s run the same commit", df->from, df->to);
		else if (!df->behind)
			text = arena_printf(a, "%s is %s%zu commit%s ahead of %s", df->from,
					    df->truncated ? "at least " : "", df->ahead,
					    df->ahead == 1 ? "" : "s", df->to);
		else
			text = arena_printf(a, "%s is %zu commit%s ahead of and %zu behind %s",
					    df->from, df->ahead, df->ahead == 1 ? "" : "s",
					    df->behind, df->to);
		val_set_str(a, m, "text", text);
		val_push(a, diffs, m);
	}
	val_set(a, v, "metrics", metrics(r, &ds, 1));
	val_set_str(a, v, "chart_svg",
		    chart(r, &ds, 1, arena_printf(a, "Production deploys of %s", svc->name)));
	return v;
}

/* ------------------------------------------------------------ lists */

struct dep_ref {
	const struct service *svc;
	const struct deploy *dep;
};

static int cmp_newest(const void *pa, const void *pb)
{
	const struct dep_ref *a = pa, *b = pb;
	if (a->dep->time != b->dep->time)
		return a->dep->time < b->dep->time ? 1 : -1;
	int c = strcmp(a->svc->slug, b->svc->slug);
	return c ? c : strcmp(a->dep->environment, b->dep->environment);
}

/* Deploys since `since` (of one team's services, or all), newest first;
 * at most max (0: all). */
static size_t recent(const struct site *s, const struct team *team,
		     int64_t since, size_t max, struct dep_ref **out)
{
	size_t n = 0, cap = 0;
	struct dep_ref *list = NULL;
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		if (!svc->deploy || (team && svc->team != team))
			continue;
		for (size_t k = 0; k < svc->deploy->ndeploys; k++) {
			const struct deploy *dep = &svc->deploy->deploys[k];
			if (dep->time < since)
				continue;
			XGROW(list, cap, n + 1);
			list[n++] = (struct dep_ref){ svc, dep };
		}
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_newest);
	if (max && n > max)
		n = max;
	*out = list;
	return n;
}

struct val *page_recent_deploys(struct render_ctx *r, const char *from,
				const struct team *team, size_t max)
{
	struct arena *a = &r->arena;
	struct dep_ref *list;
	size_t n = recent(r->site, team, r->site->now - DEPLOY_RECENT_DAYS * 86400, max, &list);
	struct val *v = val_list(a);
	for (size_t i = 0; i < n; i++)
		val_push(a, v, deploy_item(r, from, list[i].svc, list[i].dep));
	free(list);
	return v;
}

void page_team_deploys(struct render_ctx *r, struct val *team_val,
		       const struct team *t, const char *from)
{
	struct arena *a = &r->arena;
	val_set(a, team_val, "deploys", page_recent_deploys(r, from, t, 0));
	const struct deploy_service **svcs =
		arena_alloc(a, (t->nservices + 1) * sizeof(*svcs));
	size_t n = 0;
	for (size_t i = 0; i < t->nservices; i++)
		if (t->services[i]->deploy)
			svcs[n++] = t->services[i]->deploy;
	val_set(a, team_val, "metrics", n ? metrics(r, svcs, n) : val_list(a));
	val_set_str(a, team_val, "chart_svg",
		    n ? chart(r, svcs, n, arena_printf(a, "Production deploys of %s", t->title))
		      : "");
}



void page_deploys_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "deploys/";
	struct val *ctx = render_base(r, addr, "deploys", "Deploys");
	struct dep_ref *list;
	size_t n = recent(s, NULL, s->now - DEPLOY_RECENT_DAYS * 86400, 0, &list);
	struct val *items = val_set(a, ctx, "deploys", val_list(a));
	const char **envs = arena_alloc(a, (n + 1) * sizeof(char *));
	const char **svcs = arena_alloc(a, (n + 1) * sizeof(char *));
	const char **teams = arena_alloc(a, (n + 1) * sizeof(char *));
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		val_push(a, items, deploy_item(r, addr, list[i].svc, list[i].dep));
		envs[i] = list[i].dep->environment;
		svcs[i] = list[i].svc->name;
		if (list[i].svc->team)
			teams[nt++] = list[i].svc->team->name;
	}
	val_set(a, ctx, "environments", render_names(r, envs, n));
	val_set(a, ctx, "services", render_names(r, svcs, n));
	val_set(a, ctx, "teams", render_names(r, teams, nt));
	val_set_num(a, ctx, "days", DEPLOY_RECENT_DAYS);
	val_set_str(a, ctx, "json_url", "../deploys.json");
	free(list);
	render_page(r, "deploys", addr, ctx, 0);
}

void export_deploys(struct render_ctx *r)
{
	const struct site *s = r->site;
	struct buf json = BUF_INIT, err = BUF_INIT;
	struct dep_ref *list;
	/* every deploy of the last 90 days, newest first */
	size_t n = recent(s, NULL, s->now - 90 * 86400, 0, &list);
	const struct deploy **deps = xcalloc(n + 1, sizeof(*deps));
	for (size_t i = 0; i < n; i++)
		deps[i] = list[i].dep;
	deploy_json_list(&json, deps, n);
	buf_putc(&json, '\n');
	if (output_write(r->out, "deploys.json", json.ptr, json.len, &err) < 0) {
		diag_add(s->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		r->failed = 1;
	}
	free(deps);
	free(list);
	buf_release(&json);
	buf_release(&err);
}
