/* deploy_git: the deploys of a repository's services, collected from its
 * deploy tags and the feed, and what the history says of them: what runs
 * in each environment, what is not deployed yet, each commit's first
 * production deploy (see deploy_collect in deploy.h). */
#include "deploy_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Deploys while they are gathered (malloc'd), with the feed record that
 * refines each tag's deploy. */
struct gather {
	struct deploy *items;
	const struct deploy_record **refined;
	size_t n, cap, rcap;
};

static struct deploy *gather_add(struct gather *g)
{
	XGROW(g->items, g->cap, g->n + 1);
	XGROW(g->refined, g->rcap, g->n + 1);
	memset(&g->items[g->n], 0, sizeof(g->items[0]));
	g->refined[g->n] = NULL;
	return &g->items[g->n++];
}

/* Tags' deploys ordered by environment and commit, to find those a feed
 * record refines (qsort_r: base is the deploys). */
static int by_env_commit(const void *a, const void *b, void *base)
{
	const struct deploy *x = (const struct deploy *)base + *(const size_t *)a;
	const struct deploy *y = (const struct deploy *)base + *(const size_t *)b;
	int c = strcmp(x->environment, y->environment);

	if (c)
		return c;
	c = strcmp(x->commit, y->commit);
	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int oldest_first(const void *a, const void *b)
{
	const struct deploy *x = *(const struct deploy *const *)a;
	const struct deploy *y = *(const struct deploy *const *)b;
	return deploy_newest_first(y, x);
}

static int change_cmp(const void *a, const void *b)
{
	const struct deploy_change *x = a, *y = b;

	if (x->deploy_time != y->deploy_time)
		return x->deploy_time < y->deploy_time ? -1 : 1;
	if (x->commit_time != y->commit_time)
		return x->commit_time < y->commit_time ? -1 : 1;
	return strcmp(x->commit, y->commit);
}

/* Applies the feed records meant for service to the tags' deploys in g,
 * or adds them as deploys of their own. */
static void apply_feed(struct gather *g, struct repo *r,
		       const struct deploy_opts *o, const char *service,
		       int shallow, struct arena *a, struct diag_list *d)
{
	size_t ntags = g->n, *order = xcalloc(ntags ? ntags : 1, sizeof(*order));
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < ntags; i++)
		order[i] = i;
	if (ntags)
		qsort_r(order, ntags, sizeof(*order), by_env_commit, g->items);

	for (size_t i = 0; o->feed && i < o->feed->n; i++) {
		const struct deploy_record *rec = &o->feed->records[i];
		struct repo_commit_info info;
		size_t lo = 0, hi = ntags, best = SIZE_MAX;
		int64_t best_gap = INT64_MAX;

		if (strcmp(rec->service, service) != 0 ||
		    !deploy_listed(o->environments, o->nenvironments, rec->environment))
			continue;
		if (repo_find_commit(r, rec->commit ? rec->commit : rec->version,
				     !rec->commit, a, &info, &err) < 0) {
			diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL,
				 o->feed->path, rec->line,
				 "deploy record for service \"%s\": %s in "
				 "repository \"%s\"%s; record ignored",
				 rec->service, err.ptr, o->repo ? o->repo : "",
				 shallow ? " (a shallow clone: older commits "
					   "are not there)"
					 : "");
			continue;
		}
		/* the first tag deploy of this environment and commit */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct deploy *m = &g->items[order[mid]];
			int c = strcmp(m->environment, rec->environment);
			if (!c)
				c = strcmp(m->commit, info.id);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < ntags; k++) {
			const struct deploy *t = &g->items[order[k]];
			int64_t gap;
			if (strcmp(t->environment, rec->environment) != 0 ||
			    strcmp(t->commit, info.id) != 0)
				break;
			gap = t->time > rec->time ? t->time - rec->time
						  : rec->time - t->time;
			if (gap < best_gap) {
				best_gap = gap;
				best = order[k];
			}
		}
		if (best != SIZE_MAX) {
			const struct deploy_record *had = g->refined[best];
			if (!had || rec->time >= had->time)
				g->refined[best] = rec;
			continue;
		}
		struct deploy *dep = gather_add(g);
		dep->service = service;
		dep->environment = rec->environment;
		memcpy(dep->commit, info.id, sizeof(dep->commit));
		dep->subject = info.subject;
		dep->commit_time = info.time;
		dep->time = rec->time;
		dep->tz_offset = rec->tz_offset;
		dep->actor = rec->actor;
		dep->status = rec->status;
		dep->url = rec->url;
		dep->feed_line = rec->line;
	}

	for (size_t i = 0; i < ntags; i++) {
		const struct deploy_record *rec = g->refined[i];
		struct deploy *dep = &g->items[i];
		if (!rec)
			continue;
		if (rec->status != DEPLOY_UNKNOWN)
			dep->status = rec->status;
		if (rec->actor)
			dep->actor = rec->actor;
		if (rec->url)
			dep->url = rec->url;
		if (dep->time_from_commit) {
			dep->time = rec->time;
			dep->tz_offset = rec->tz_offset;
			dep->time_from_commit = 0;
		}
		dep->feed_line = rec->line;
	}

	/* an in_progress record followed by a newer one for the same
	 * deploy: it finished, and the newer record says how */
	for (size_t i = ntags; i < g->n; i++) {
		struct deploy *dep = &g->items[i];
		if (dep->status != DEPLOY_IN_PROGRESS)
			continue;
		for (size_t k = ntags; k < g->n; k++) {
			const struct deploy *later = &g->items[k];
			if (k != i && later->status != DEPLOY_IN_PROGRESS &&
			    later->time >= dep->time &&
			    strcmp(later->environment, dep->environment) == 0 &&
			    strcmp(later->commit, dep->commit) == 0) {
				dep->service = NULL; /* dropped below */
				break;
			}
		}
	}
	size_t kept = ntags;
	for (size_t i = ntags; i < g->n; i++)
		if (g->items[i].service)
			g->items[kept++] = g->items[i];
	g->n = kept;

	free(order);
	buf_release(&err);
}

__attribute__((format(printf, 4, 5))) static void
repo_warn(struct diag_list *d, const char *repo, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, DIAG_USER, repo, path, 0, fmt, ap);
	va_end(ap);
}

/* Per environment: latest, current, the pending commits, off-branch. */
static void fill_envs(struct deploy_service *s, struct repo *r,
		      const struct deploy_opts *o, struct arena *a,
		      struct diag_list *d)
{
	size_t max_pending = o->max_pending ? o->max_pending : DEPLOY_MAX_PENDING;
	struct buf err = BUF_INIT;

	s->nenvs = o->nenvironments;
	s->envs = arena_alloc(a, (s->nenvs ? s->nenvs : 1) * sizeof(*s->envs));
	for (size_t e = 0; e < s->nenvs; e++) {
		struct deploy_env *env = &s->envs[e];
		struct repo_commit_info *list = NULL;
		const char *exclude[1];
		int truncated = 0;

		env->name = o->environments[e];
		for (size_t i = 0; i < s->ndeploys; i++) {
			const struct deploy *dep = &s->deploys[i];
			if (strcmp(dep->environment, env->name) != 0)
				continue;
			if (!env->latest)
				env->latest = dep;
			if (deploy_is_running(dep->status)) {
				env->current = dep;
				break;
			}
		}
		if (!env->current)
			continue;
		exclude[0] = env->current->commit;
		if (repo_walk_range(r, s->head, exclude, 1, o->first_parent,
				    max_pending, a, &list, &env->npending_list,
				    &env->pending, &truncated, &err) < 0)
			repo_warn(d, o->repo, NULL,
				  "cannot list the commits not deployed to "
				  "\"%s\": %s",
				  env->name, err.ptr);
		env->pending_list = list;
		if (env->current->on_branch != 1 && env->current->subject) {
			size_t behind;
			int t2 = 0;
			if (repo_ahead_behind(r, env->current->commit, s->head,
					      &env->off_branch, &behind, &t2, &err) == 0 &&
			    t2)
				truncated = 1;
		}
		if (env->current->on_branch < 0 || !env->current->subject)
			truncated = 1;
		env->truncated = truncated;
		if (truncated)
			s->truncated = 1;
	}

	s->ndiffs = s->nenvs > 1 ? s->nenvs - 1 : 0;
	s->diffs = arena_alloc(a, (s->ndiffs ? s->ndiffs : 1) * sizeof(*s->diffs));
	for (size_t e = 0; e < s->ndiffs; e++) {
		struct deploy_diff *df = &s->diffs[e];
		const struct deploy *x = s->envs[e].current, *y = s->envs[e + 1].current;
		df->from = s->envs[e].name;
		df->to = s->envs[e + 1].name;
		if (!x || !y)
			continue;
		if (repo_ahead_behind(r, x->commit, y->commit, &df->ahead,
				      &df->behind, &df->truncated, &err) < 0) {
			df->truncated = 1; /* a commit is not in the repository */
			continue;
		}
		df->known = 1;
		if (df->truncated)
			s->truncated = 1;
	}
	buf_release(&err);
}

/* Lead-time material by one walk per production deploy (prod[0..nprod),
 * oldest first), against the tips of the deploys before it: for histories
 * repo_first_reach cannot tell (shallow clones, missing commits). */
static void changes_by_walks(struct deploy_service *s, struct repo *r,
			     const struct deploy_opts *o,
			     const struct deploy *const *prod, size_t nprod,
			     struct arena *a, struct diag_list *d)
{
	const char *frontier[DEPLOY_MAX_FRONTIER + 1];
	struct deploy_change *changes = NULL;
	struct buf err = BUF_INIT;
	size_t nfront = 0, nchanges = 0, cap = 0;

	for (size_t i = 0; i < nprod; i++) {
		const struct deploy *dep = prod[i];
		struct repo_commit_info *list = NULL;
		size_t nlist = 0, count = 0, keep;
		int truncated = 0, seen = 0;

		for (size_t f = 0; f < nfront && !seen; f++)
			seen = strcmp(frontier[f], dep->commit) == 0;
		if (seen)
			continue;
		if (!nfront) {
			/* the oldest deploy known: what it brought is unknown */
			frontier[nfront++] = dep->commit;
			continue;
		}
		keep = dep->time >= o->changes_since ? SIZE_MAX : 0;
		if (repo_walk_range(r, dep->commit, frontier, nfront, 0, keep, a,
				    &list, &nlist, &count, &truncated, &err) < 0) {
			repo_warn(d, o->repo, dep->tag ? dep->tag : NULL,
				  "cannot list the commits of deploy to \"%s\": %s",
				  dep->environment, err.ptr);
			continue;
		}
		if (truncated)
			s->truncated = 1;
		if (!count)
			continue; /* a redeploy or rollback of older commits */
		XGROW(changes, cap, nchanges + nlist);
		for (size_t k = 0; k < nlist; k++) {
			struct deploy_change *c = &changes[nchanges++];
			memcpy(c->commit, list[k].id, sizeof(c->commit));
			c->commit_time = list[k].time;
			c->deploy_time = dep->time;
		}
		/* the new tip replaces the tips in its history */
		size_t kept = 0;
		const char *next[DEPLOY_MAX_FRONTIER + 1];
		next[kept++] = dep->commit;
		for (size_t f = 0; f < nfront && kept < DEPLOY_MAX_FRONTIER; f++) {
			int t = 0;
			if (repo_is_ancestor(r, frontier[f], dep->commit, &t, &err) != 1)
				next[kept++] = frontier[f];
		}
		memcpy(frontier, next, kept * sizeof(*next));
		nfront = kept;
	}
	if (nchanges) {
		qsort(changes, nchanges, sizeof(*changes), change_cmp);
		s->changes = arena_alloc(a, nchanges * sizeof(*changes));
		memcpy(s->changes, changes, nchanges * sizeof(*changes));
	}
	s->nchanges = nchanges;
	free(changes);
	buf_release(&err);
}

/* Lead-time material: each commit's first production deploy.  The deploys
 * before changes_since (and always the oldest) only hide what they hold:
 * one walk, newest first, from the deploys' commits, labels each commit
 * with the first deploy that has it, and stops once only hidden commits
 * are left. */
static void find_changes(struct deploy_service *s, struct repo *r,
			 const struct deploy_opts *o, struct arena *a,
			 struct diag_list *d)
{
	const struct deploy **prod = NULL;
	const char **tips = NULL;
	struct repo_first *firsts = NULL;
	struct buf err = BUF_INIT;
	size_t nprod = 0, nold = 1, nfirsts = 0;

	if (!s->production)
		return;
	prod = xcalloc(s->ndeploys ? s->ndeploys : 1, sizeof(*prod));
	for (size_t i = 0; i < s->ndeploys; i++) {
		const struct deploy *dep = &s->deploys[i];
		if (strcmp(dep->environment, s->production) == 0 &&
		    deploy_is_running(dep->status) && dep->subject)
			prod[nprod++] = dep;
	}
	qsort(prod, nprod, sizeof(*prod), oldest_first);
	/* oldest first is by time first: the deploys before changes_since
	 * come first */
	while (nold < nprod && prod[nold]->time < o->changes_since)
		nold++;
	if (nold >= nprod && !s->shallow)
		goto cleanup; /* nothing to list, nothing to walk */
	tips = xcalloc(nprod ? nprod : 1, sizeof(*tips));
	for (size_t i = 0; i < nprod; i++)
		tips[i] = prod[i]->commit;
	if (s->shallow ||
	    repo_first_reach(r, tips, nprod, nold, &firsts, &nfirsts, &err) != 0) {
		changes_by_walks(s, r, o, prod, nprod, a, d);
		goto cleanup;
	}
	if (nfirsts) {
		s->changes = arena_alloc(a, nfirsts * sizeof(*s->changes));
		for (size_t i = 0; i < nfirsts; i++) {
			struct deploy_change *c = &s->changes[i];
			memcpy(c->commit, firsts[i].id, sizeof(c->commit));
			c->commit_time = firsts[i].time;
			c->deploy_time = prod[firsts[i].tip]->time;
		}
		qsort(s->changes, nfirsts, sizeof(*s->changes), change_cmp);
	}
	s->nchanges = nfirsts;

cleanup:
	free(firsts);
	free(tips);
	free(prod);
	buf_release(&err);
}

/* Reports the tags that cannot be deploys; returns whether t is usable. */
static int tag_usable(const struct repo_tag *t, const struct deploy_opts *o,
		      struct diag_list *d)
{
	struct buf path = BUF_INIT;
	int ok = 1;

	buf_printf(&path, "refs/tags/%s", t->name);
	if (t->problem) {
		repo_warn(d, o->repo, path.ptr,
			  "tag \"%s\" matches the deploy tag pattern but %s; "
			  "ignored",
			  t->name, t->problem);
		ok = 0;
	} else if (!t->time) {
		repo_warn(d, o->repo, path.ptr,
			  "tag \"%s\" points to commit %s, which is not in the "
			  "repository (a shallow clone?), and has no tagger "
			  "time; ignored",
			  t->name, t->commit);
		ok = 0;
	}
	buf_release(&path);
	return ok;
}

void deploy_scope_init(struct deploy_scope *sc, const struct deploy_opts *o)
{
	sc->pattern = o->pattern ? o->pattern : DEPLOY_DEFAULT_PATTERN;
	sc->by_service = strstr(sc->pattern, "{service}") != NULL;
	sc->single[0] = o->repo ? o->repo : "";
	sc->services = o->nservices ? o->services : sc->single;
	sc->nservices = o->nservices ? o->nservices : 1;
	sc->tag_services = sc->by_service ? sc->services : NULL;
	sc->ntag_services = sc->by_service ? sc->nservices : 0;
}

int deploy_collect(struct deploy_service **out, size_t *n, struct repo *r,
		   const struct deploy_opts *o, struct arena *a,
		   struct diag_list *d, struct buf *err)
{
	struct deploy_scope sc;
	struct repo_commit head;
	struct repo_tag *tags = NULL;
	struct deploy_service *svcs;
	size_t ntags = 0;
	char *usable = NULL;
	const char **ids = NULL;
	int *found = NULL, shallow;

	*out = NULL;
	*n = 0;
	deploy_scope_init(&sc, o);
	if (repo_resolve(r, o->branch, &head, err) < 0)
		return -1;
	if (repo_deploy_tags(r, sc.pattern, o->environments, o->nenvironments,
			     sc.tag_services, sc.ntag_services, a, &tags,
			     &ntags, err) < 0) {
		repo_commit_release(&head);
		return -1;
	}
	shallow = repo_is_shallow(r);
	usable = xcalloc(ntags ? ntags : 1, 1);
	for (size_t i = 0; i < ntags; i++)
		usable[i] = (char)tag_usable(&tags[i], o, d);

	svcs = arena_alloc(a, sc.nservices * sizeof(*svcs));
	for (size_t si = 0; si < sc.nservices; si++) {
		struct deploy_service *s = &svcs[si];
		struct gather g = { NULL, NULL, 0, 0, 0 };

		s->name = sc.services[si];
		s->branch = arena_strdup(a, head.branch);
		memcpy(s->head, head.id, sizeof(s->head));
		s->shallow = shallow;
		s->changes_since = o->changes_since;
		s->production = deploy_production_env(
			o->environments, o->nenvironments, o->production);
		for (size_t i = 0; i < ntags; i++) {
			const struct repo_tag *t = &tags[i];
			if (!usable[i] ||
			    (sc.by_service && strcmp(t->service, s->name) != 0))
				continue;
			struct deploy *dep = gather_add(&g);
			dep->service = s->name;
			dep->environment = t->env;
			memcpy(dep->commit, t->commit, sizeof(dep->commit));
			dep->subject = t->subject;
			dep->commit_time = t->commit_time;
			dep->time = t->time;
			dep->tz_offset = t->tz_offset;
			dep->time_from_commit = t->time_from_commit;
			dep->actor = t->actor;
			dep->status = DEPLOY_UNKNOWN;
			dep->tag = t->name;
		}
		apply_feed(&g, r, o, s->name, shallow, a, d);
		if (g.n) {
			qsort(g.items, g.n, sizeof(*g.items), deploy_newest_first);
			s->deploys = arena_alloc(a, g.n * sizeof(*g.items));
			memcpy(s->deploys, g.items, g.n * sizeof(*g.items));
		}
		s->ndeploys = g.n;
		free(g.items);
		free(g.refined);

		/* which deploys are on the default branch: one walk */
		ids = xrealloc(ids, (s->ndeploys ? s->ndeploys : 1) * sizeof(*ids));
		found = xrealloc(found,
				 (s->ndeploys ? s->ndeploys : 1) * sizeof(*found));
		for (size_t i = 0; i < s->ndeploys; i++)
			ids[i] = s->deploys[i].commit;
		if (repo_reachable(r, s->head, ids, s->ndeploys, found, err) < 0) {
			repo_warn(d, o->repo, NULL,
				  "cannot tell which deploys are on branch "
				  "\"%s\": %s",
				  s->branch, err->ptr);
			for (size_t i = 0; i < s->ndeploys; i++)
				found[i] = -1;
		}
		for (size_t i = 0; i < s->ndeploys; i++)
			s->deploys[i].on_branch = found[i];

		fill_envs(s, r, o, a, d);
		find_changes(s, r, o, a, d);
	}
	buf_clear(err);
	free(ids);
	free(found);
	free(usable);
	repo_commit_release(&head);
	*out = svcs;
	*n = sc.nservices;
	return 0;
}
