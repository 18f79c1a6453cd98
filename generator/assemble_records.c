/* assemble_records: the site's RFCs, post-mortems and action items, in
 * their lists' orders, and the links between records (assemble_records.h). */
#include "assemble_records.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "records.h"

static int status_order(const char *st)
{
	static const char *const order[] = { "review",	 "draft",
					     "accepted", "superseded",
					     "rejected", "withdrawn",
					     "unknown",	 NULL };
	for (int i = 0; order[i]; i++)
		if (st && strcmp(st, order[i]) == 0)
			return i;
	return 99;
}

static double num_or(const struct val *v, double dflt)
{
	return v && v->type == VAL_NUM ? v->u.num : dflt;
}

static int cmp_rfc(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	int c = status_order(val_as_str(val_get(a->record, "status"))) -
		status_order(val_as_str(val_get(b->record, "status")));
	if (c)
		return c;
	double na = num_or(val_get(a->record, "number"), 1e18);
	double nb = num_or(val_get(b->record, "number"), 1e18);
	if (na != nb)
		return na < nb ? -1 : 1;
	c = strcmp(a->title, b->title);
	return c ? c : strcmp(a->address, b->address);
}

static const char *pm_date(const struct document *d)
{
	const char *s = val_as_str(val_get(d->record, "date"));
	return s ? s : "";
}

static int cmp_postmortem(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	int c = strcmp(pm_date(b), pm_date(a));
	return c ? c : strcmp(a->address, b->address);
}

static int cmp_action(const void *pa, const void *pb)
{
	const struct action *a = pa, *b = pb;
	int oa = strcmp(a->state, "open") != 0, ob = strcmp(b->state, "open") != 0;
	if (oa != ob)
		return oa - ob;
	double da = num_or(val_get(a->item, "due_days"), -1);
	double db = num_or(val_get(b->item, "due_days"), -1);
	if (da < 0)
		da = 1e18;
	if (db < 0)
		db = 1e18;
	if (da != db)
		return da < db ? -1 : 1;
	int c = strcmp(pm_date(b->pm), pm_date(a->pm));
	if (c)
		return c;
	c = strcmp(a->pm->address, b->pm->address);
	return c ? c
		 : (int)num_or(val_get(a->item, "line"), 0) -
			       (int)num_or(val_get(b->item, "line"), 0);
}

/* The service a post-mortem's items are for: the first of its services:
 * that is a service of the portal, else the post-mortem's own. */
static struct service *pm_service(struct site *s, const struct document *d)
{
	const struct val *list = val_get(d->record, "services");
	for (size_t i = 0;
	     list && list->type == VAL_LIST && i < list->u.list.len; i++) {
		const char *name = val_as_str(list->u.list.items[i]);
		for (size_t k = 0; name && k < s->nservices; k++)
			if (strcasecmp(s->services[k]->name, name) == 0)
				return s->services[k];
	}
	return d->service;
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

/* The services a post-mortem's record names, each by name ignoring case. */
static void name_services(struct site *s, struct document *d)
{
	const struct val *names = val_get(d->record, "services");
	if (!names || names->type != VAL_LIST || !names->u.list.len)
		return;
	d->named_services = arena_alloc(
		&s->arena, names->u.list.len * sizeof(*d->named_services));
	for (size_t i = 0; i < names->u.list.len; i++) {
		const char *name = val_as_str(names->u.list.items[i]);
		if (!name)
			continue;
		const struct service *svc = NULL;
		for (size_t k = 0; k < s->nservices && !svc; k++)
			if (strcasecmp(s->services[k]->name, name) == 0)
				svc = s->services[k];
		d->named_services[d->nnamed_services++] = svc;
	}
}

/* Collects RFCs, post-mortems and action items across the site. */
void assemble_records(struct site *s)
{
	struct arena *a = &s->arena;
	size_t nr = 0, np = 0, ni = 0;
	for (size_t i = 0; i < s->nservices; i++)
		for (size_t k = 0; k < s->services[i]->ndocs; k++) {
			const struct document *d = s->services[i]->docs[k];
			if (!d->record)
				continue;
			nr += d->kind == DOC_RFC;
			if (d->kind == DOC_POSTMORTEM) {
				np++;
				const struct val *items = val_get(d->record, "items");
				ni += items && items->type == VAL_LIST
					      ? items->u.list.len
					      : 0;
			}
		}
	s->rfcs = arena_alloc(a, (nr + 1) * sizeof(*s->rfcs));
	s->postmortems = arena_alloc(a, (np + 1) * sizeof(*s->postmortems));
	s->actions = arena_alloc(a, (ni + 1) * sizeof(*s->actions));
	s->today = (long)(s->now / 86400);
	for (size_t i = 0; i < s->nservices; i++)
		for (size_t k = 0; k < s->services[i]->ndocs; k++) {
			struct document *d = s->services[i]->docs[k];
			if (!d->record)
				continue;
			if (d->kind == DOC_RFC)
				s->rfcs[s->nrfcs++] = d;
			if (d->kind != DOC_POSTMORTEM)
				continue;
			s->postmortems[s->npostmortems++] = d;
			struct service *svc = pm_service(s, d);
			long pm_days = records_days(
				val_as_str(val_get(d->record, "date")));
			const struct val *items = val_get(d->record, "items");
			for (size_t j = 0; items && items->type == VAL_LIST &&
					   j < items->u.list.len;
			     j++) {
				const struct val *it = items->u.list.items[j];
				struct action *act = &s->actions[s->nactions++];
				act->item = it;
				act->pm = d;
				act->svc = svc;
				act->pm_days = pm_days;
				act->state = val_as_str(val_get(it, "state"));
				if (!act->state)
					act->state = "open";
				act->overdue = records_overdue(it, s->today);
				act->needs_escalation =
					records_ruled(pm_days,
						      config_rules_since(s->cfg,
									 d->src->cfg)) &&
					records_needs_escalation(it, pm_days,
								 s->today, s->cfg);
			}
		}
	for (size_t i = 0; i < s->nrfcs; i++)
		s->rfcs[i]->superseded_by = superseding(s, s->rfcs[i]);
	for (size_t i = 0; i < s->npostmortems; i++)
		name_services(s, s->postmortems[i]);
	if (s->nrfcs)
		qsort(s->rfcs, s->nrfcs, sizeof(*s->rfcs), cmp_rfc);
	if (s->npostmortems)
		qsort(s->postmortems, s->npostmortems, sizeof(*s->postmortems),
		      cmp_postmortem);
	if (s->nactions)
		qsort(s->actions, s->nactions, sizeof(*s->actions), cmp_action);
}
