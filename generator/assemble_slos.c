#include "assemble_slos.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "layout.h"

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return n && strncmp(path, dir, n) == 0 && path[n] == '/';
}

static struct service *named(const struct site *s, const struct source *src,
			     const char *name)
{
	struct service *other = NULL;
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (strcmp(svc->name, name) != 0)
			continue;
		if (svc->src == src)
			return svc;
		if (!other)
			other = svc;
	}
	return other;
}

struct service *assemble_slos_service(const struct site *s, const struct source *src,
				      const char *path, const char *name)
{
	struct service *best = NULL, *root = NULL, *only = NULL;
	size_t best_len = 0, mine = 0;
	if (name && *name && (best = named(s, src, name)))
		return best;
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (svc->src != src)
			continue;
		mine++;
		only = svc;
		size_t n = strlen(svc->home);
		if (!n && !root)
			root = svc;
		if (n > best_len && under(path, svc->home)) {
			best = svc;
			best_len = n;
		}
	}
	if (best)
		return best;
	if (root)
		return root;
	return mine == 1 ? only : NULL;
}

void assemble_slos_rules(struct techdebt_rules *r, const struct config *c)
{
	r->sprint_days = c->debt_sprint_days;
	r->reckless_sprints = c->debt_reckless_sprints;
}

/* ------------------------------------------------------------ SLOs */

static int cmp_slo(const void *pa, const void *pb)
{
	const struct site_slo *a = pa, *b = pb;
	const char *sa = a->svc ? a->svc->slug : "", *sb = b->svc ? b->svc->slug : "";
	int c = strcmp(sa, sb);
	if (c)
		return c;
	c = strcmp(a->slo->name, b->slo->name);
	return c ? c : strcmp(a->slo->path, b->slo->path);
}

/* The zones of calendar windows, each loaded once (UTC first). */
struct zones {
	struct tz **list;
	size_t n, cap;
};

static const struct tz *zone_of(struct site *s, struct zones *z,
				const struct slo *o, const char *repo)
{
	const char *name = o->window.rolling || !o->window.calendar_zone
				   ? "UTC"
				   : o->window.calendar_zone;
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->list[i]->name, name) == 0)
			return z->list[i];
	struct tz *t = arena_alloc(&s->arena, sizeof(*t));
	slo_load_zone(t, &s->arena, NULL, o, repo, s->diags);
	t->name = name; /* found or not, what this name gives */
	ARENA_GROW(&s->arena, z->list, z->cap, z->n + 1);
	z->list[z->n++] = t;
	return t;
}

static void read_slos(struct site *s)
{
	struct arena *a = &s->arena;
	struct zones zones = { 0 };
	size_t cap = 0;
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		struct slo_set *set = arena_alloc(a, sizeof(*set));
		*set = (struct slo_set)SLO_SET_INIT;
		for (size_t k = 0; k < src->naux; k++) {
			const struct aux_file *f = &src->aux[k];
			if (layout_paths_kind(src->paths, f->path) == CONFIG_PATH_SLOS)
				slo_parse(set, a, src->name, f->path, f->text,
					  f->len, s->diags);
		}
		slo_resolve(set, src->name, s->diags);
		for (size_t k = 0; k < set->nslos; k++) {
			const struct slo *o = &set->slos[k];
			ARENA_GROW(a, s->slos, cap, s->nslos + 1);
			struct site_slo *ss = &s->slos[s->nslos++];
			memset(ss, 0, sizeof(*ss));
			ss->slo = o;
			ss->src = src;
			ss->svc = assemble_slos_service(s, src, o->path, o->service);
			if (o->service &&
			    (!ss->svc || strcmp(ss->svc->name, o->service) != 0))
				diag_user(s->diags, src->name, o->path, o->line,
					  "SLO \"%s\" is for service \"%s\", which the portal does not know: it is listed under %s",
					  o->name, o->service,
					  ss->svc ? ss->svc->name : "no service");
			const char *svc_name = o->service ? o->service
					       : ss->svc  ? ss->svc->name
							  : NULL;
			ss->rec = s->slo_feed ? slo_feed_latest(s->slo_feed,
								o->name, svc_name)
					      : NULL;
			ss->zone = zone_of(s, &zones, o, src->name);
			slo_budget_of(&ss->budget, o, ss->rec, ss->zone);
		}
	}
	if (s->nslos)
		qsort(s->slos, s->nslos, sizeof(*s->slos), cmp_slo);
}

/* ------------------------------------------------------------ debt */

static int cmp_debt(const void *pa, const void *pb)
{
	const struct site_debt *a = pa, *b = pb;
	if (a->item->done != b->item->done)
		return a->item->done - b->item->done;
	if (a->item->kind != b->item->kind)
		return a->item->kind == TECHDEBT_RECKLESS ? -1
		       : b->item->kind == TECHDEBT_RECKLESS
			       ? 1
			       : (int)a->item->kind - (int)b->item->kind;
	const char *sa = a->svc ? a->svc->slug : "", *sb = b->svc ? b->svc->slug : "";
	int c = strcmp(sa, sb);
	if (c)
		return c;
	c = strcmp(a->item->title, b->item->title);
	if (c)
		return c;
	c = strcmp(a->item->path, b->item->path);
	return c ? c : a->item->line - b->item->line;
}

/* Items first.. of list, read from f, without created: are as old as git
 * says their line (a list's) or their file (one item's) is. */
static void git_ages(struct techdebt_list *list, size_t first,
		     const struct source *src, const char *path)
{
	const struct aux_times *f = NULL;
	for (size_t i = 0; i < src->ndebt_times && !f; i++)
		if (strcmp(src->debt_times[i].path, path) == 0)
			f = &src->debt_times[i];
	if (!f)
		return;
	int is_list = techdebt_is_list(path);
	for (size_t i = first; i < list->n; i++) {
		struct techdebt_item *it = &list->items[i];
		int64_t t = f->added;
		if (it->created_days >= 0)
			continue;
		if (is_list)
			t = it->line >= 1 && (size_t)it->line <= f->nlines
				    ? f->line_added[it->line - 1]
				    : 0;
		if (t > 0) {
			it->created_days = (long)(t / 86400);
			it->created_by_git = 1;
		}
	}
}

static void read_debt(struct site *s)
{
	struct arena *a = &s->arena;
	struct techdebt_rules rules;
	size_t cap = 0;
	assemble_slos_rules(&rules, s->cfg);
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		struct techdebt_list list = TECHDEBT_LIST_INIT;
		for (size_t k = 0; k < src->naux; k++) {
			const struct aux_file *f = &src->aux[k];
			if (layout_paths_kind(src->paths, f->path) != CONFIG_PATH_TECHDEBT)
				continue;
			size_t first = list.n;
			techdebt_parse(&list, a, src->name, f->path, f->text,
				       f->len, s->diags);
			git_ages(&list, first, src, f->path);
		}
		techdebt_check(&list, s->today, &rules, src->name, s->diags);
		for (size_t k = 0; k < list.n; k++) {
			const struct techdebt_item *it = &list.items[k];
			ARENA_GROW(a, s->debts, cap, s->ndebts + 1);
			struct site_debt *sd = &s->debts[s->ndebts++];
			sd->item = it;
			sd->src = src;
			sd->svc = assemble_slos_service(s, src, it->path, it->service);
			sd->team = sd->svc ? sd->svc->team : NULL;
			sd->flags = techdebt_flags(it, s->today, &rules);
		}
	}
	if (s->ndebts)
		qsort(s->debts, s->ndebts, sizeof(*s->debts), cmp_debt);
}

const char *assemble_slos_debt_state(const struct site_debt *d)
{
	if (d->item->done)
		return "done";
	return d->flags ? "open flagged" : "open";
}

void assemble_slos(struct site *s)
{
	s->today = (long)(s->now / 86400);
	read_slos(s);
	read_debt(s);
}

static uint64_t mix_num(uint64_t f, double v)
{
	return hash_mix_u64(f, isnan(v) ? 0x7ff8dead : (uint64_t)llround(v * 1e6));
}

uint64_t assemble_slos_fp(const struct site *s, const struct service *svc, uint64_t f)
{
	/* the feed is not in the service's repository: what the page shows
	 * of it is mixed in (the documents are the repository's) */
	for (size_t i = 0; i < s->nslos; i++) {
		const struct site_slo *ss = &s->slos[i];
		if (ss->svc != svc)
			continue;
		f = hash_mix_str(hash_mix_str(f, ss->slo->path), ss->slo->name);
		f = hash_mix_u64(f, (uint64_t)ss->budget.state);
		f = mix_num(mix_num(f, ss->budget.remaining), ss->budget.burn);
		f = hash_mix_u64(f, ss->rec ? (uint64_t)ss->rec->time : 0);
		f = mix_num(f, ss->rec && (ss->rec->has & SLO_HAS_SLI) ? ss->rec->sli
								       : NAN);
	}
	for (size_t i = 0; i < s->ndebts; i++) {
		const struct site_debt *d = &s->debts[i];
		if (d->svc != svc)
			continue;
		f = hash_mix_str(hash_mix_str(f, d->src->name), d->item->path);
		f = hash_mix_u64(f, (uint64_t)d->item->line * 64 + d->flags);
	}
	return f;
}
