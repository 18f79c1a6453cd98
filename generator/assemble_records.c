/* assemble_records: the site's RFCs, post-mortems and action items, in
 * their lists' orders, and the links between records (assemble_records.h). */
#include "assemble_records.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "records.h"
#include "xalloc.h"

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

/* The lists' orders, each record's fields read once into a key (the
 * comparisons read them with val_get twice a call). */
struct record_key {
	int first;	  /* an RFC's status order; 0 open, 1 not (an item) */
	double number;	  /* an RFC's number, an item's days due (1e18: none) */
	const char *date; /* a post-mortem's (an item's post-mortem's) date */
	const char *title, *address;
	int line;  /* an item's line */
	size_t at; /* where it was */
};

static const char *pm_date(const struct document *d)
{
	const char *s = val_as_str(val_get(d->record, "date"));
	return s ? s : "";
}

/* RFCs: by status, number, title, address. */
static int cmp_rfc(const void *pa, const void *pb)
{
	const struct record_key *a = pa, *b = pb;
	int c = a->first - b->first;
	if (c)
		return c;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	c = strcmp(a->title, b->title);
	return c ? c : strcmp(a->address, b->address);
}

/* Post-mortems: the latest first, then by address. */
static int cmp_postmortem(const void *pa, const void *pb)
{
	const struct record_key *a = pa, *b = pb;
	int c = strcmp(b->date, a->date);
	return c ? c : strcmp(a->address, b->address);
}

/* Action items: open first, by days due, their post-mortems' latest
 * first, by post-mortem, by line. */
static int cmp_action(const void *pa, const void *pb)
{
	const struct record_key *a = pa, *b = pb;
	if (a->first != b->first)
		return a->first - b->first;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	int c = strcmp(b->date, a->date);
	if (c)
		return c;
	c = strcmp(a->address, b->address);
	return c ? c : a->line - b->line;
}

static struct record_key doc_key(const struct document *d, size_t at)
{
	struct record_key k = { 0 };
	if (d->kind == DOC_RFC) {
		k.first = status_order(val_as_str(val_get(d->record, "status")));
		k.number = num_or(val_get(d->record, "number"), 1e18);
	} else {
		k.date = pm_date(d);
	}
	k.title = d->title;
	k.address = d->address;
	k.at = at;
	return k;
}

static struct record_key action_key(const struct action *act, size_t at)
{
	struct record_key k = { 0 };
	k.first = strcmp(act->state, "open") != 0;
	k.number = num_or(val_get(act->item, "due_days"), -1);
	if (k.number < 0)
		k.number = 1e18;
	k.date = pm_date(act->pm);
	k.address = act->pm->address;
	k.line = (int)num_or(val_get(act->item, "line"), 0);
	k.at = at;
	return k;
}

/* Sorts the n documents at docs by cmp over their keys. */
static void sort_docs(struct document **docs, size_t n,
		      int (*cmp)(const void *, const void *))
{
	struct record_key *keys = xmalloc((n + 1) * sizeof(*keys));
	struct document **was = xmalloc((n + 1) * sizeof(*was));
	memcpy(was, docs, n * sizeof(*was));
	for (size_t i = 0; i < n; i++)
		keys[i] = doc_key(docs[i], i);
	qsort(keys, n, sizeof(*keys), cmp);
	for (size_t i = 0; i < n; i++)
		docs[i] = was[keys[i].at];
	free(keys);
	free(was);
}

static void sort_actions(struct action *actions, size_t n)
{
	struct record_key *keys = xmalloc((n + 1) * sizeof(*keys));
	struct action *was = xmalloc((n + 1) * sizeof(*was));
	memcpy(was, actions, n * sizeof(*was));
	for (size_t i = 0; i < n; i++)
		keys[i] = action_key(&actions[i], i);
	qsort(keys, n, sizeof(*keys), cmp_action);
	for (size_t i = 0; i < n; i++)
		actions[i] = was[keys[i].at];
	free(keys);
	free(was);
}

/* The site's services by name ignoring case: each name folded to lower
 * case, the first service of a name kept (what a scan comparing with
 * strcasecmp finds). */
struct service_names {
	struct map map;
	struct arena arena;
	struct buf key;
};

static void service_names_init(struct service_names *n, const struct site *s)
{
	arena_init(&n->arena);
	map_init(&n->map, &n->arena);
	n->key = (struct buf)BUF_INIT;
	for (size_t k = 0; k < s->nservices; k++) {
		buf_clear(&n->key);
		buf_puts_lower(&n->key, s->services[k]->name);
		struct map_entry *e = map_put(&n->map, n->key.ptr, n->key.len, NULL);
		if (!e->val)
			e->val = s->services[k];
	}
}

static void service_names_release(struct service_names *n)
{
	map_release(&n->map);
	arena_release(&n->arena);
	buf_release(&n->key);
}

/* The first service named name ignoring case, or NULL. */
static struct service *service_named(struct service_names *n, const char *name)
{
	buf_clear(&n->key);
	buf_puts_lower(&n->key, name);
	struct map_entry *e = map_get(&n->map, n->key.ptr, n->key.len);
	return e ? e->val : NULL;
}

/* The service a post-mortem's items are for: the first of its services:
 * that is a service of the portal, else the post-mortem's own. */
static struct service *pm_service(struct service_names *names, const struct document *d)
{
	const struct val *list = val_get(d->record, "services");
	for (size_t i = 0;
	     list && list->type == VAL_LIST && i < list->u.list.len; i++) {
		const char *name = val_as_str(list->u.list.items[i]);
		struct service *svc = name ? service_named(names, name) : NULL;
		if (svc)
			return svc;
	}
	return d->service;
}

/* The RFC that superseded_by names: a relative path to another RFC of the
 * repository, or a number ("5", "RFC 5", "ADR-0005") of one. */
static const struct document *superseding(const struct site *s,
					  const struct document *d,
					  const size_t *first, const size_t *next)
{
	/* only d's repository's RFCs can be named: its chain of s->rfcs */
	size_t head = first[d->src - s->sources];
	const char *sb = val_as_str(val_get(d->record, "superseded_by"));
	if (!sb || !*sb)
		return NULL;
	/* a path: compare the file names */
	const char *base = strrchr(sb, '/');
	base = base ? base + 1 : sb;
	for (size_t i = head; i != SIZE_MAX; i = next[i]) {
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
	for (size_t i = head; i != SIZE_MAX; i = next[i]) {
		const struct document *o = s->rfcs[i];
		const struct val *num = val_get(o->record, "number");
		if (o != d && o->src == d->src && num && num->type == VAL_NUM &&
		    (long)num->u.num == n)
			return o;
	}
	return NULL;
}

/* The services a post-mortem's record names, each by name ignoring case. */
static void name_services(struct site *s, struct service_names *by_name,
			  struct document *d)
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
		struct service *svc = service_named(by_name, name);
		d->named_services[d->nnamed_services++] = svc;
		if (!svc) {
			/* the front matter's line, when it is there */
			const struct val *fm =
				d->meta ? val_get(d->meta, "services") : NULL;
			int line = !fm ? 0
				   : fm->type == VAL_LIST && i < fm->u.list.len
					   ? fm->u.list.items[i]->line
					   : fm->line;
			diag_user(s->diags, d->src->name, d->path, line ? line : 1,
				  "post-mortem names \"%s\" in services:, which is "
				  "no service of the portal: correct the name (its "
				  "page does not list the incident)",
				  name);
		}
	}
}

/* Collects RFCs, post-mortems and action items across the site. */
void assemble_records(struct site *s)
{
	struct arena *a = &s->arena;
	size_t nr = 0, np = 0, ni = 0;
	struct service_names by_name;
	service_names_init(&by_name, s);
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
			struct service *svc = pm_service(&by_name, d);
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
	/* each repository's RFCs, in s->rfcs' order: first[src], next[i] */
	size_t *first = xmalloc((s->nsources + 1) * sizeof(*first));
	size_t *next = xmalloc((s->nrfcs + 1) * sizeof(*next));
	for (size_t k = 0; k < s->nsources; k++)
		first[k] = SIZE_MAX;
	for (size_t i = s->nrfcs; i-- > 0;) {
		size_t k = (size_t)(s->rfcs[i]->src - s->sources);
		next[i] = first[k];
		first[k] = i;
	}
	for (size_t i = 0; i < s->nrfcs; i++)
		s->rfcs[i]->superseded_by = superseding(s, s->rfcs[i], first, next);
	free(first);
	free(next);
	for (size_t i = 0; i < s->npostmortems; i++)
		name_services(s, &by_name, s->postmortems[i]);
	service_names_release(&by_name);
	if (s->nrfcs)
		sort_docs(s->rfcs, s->nrfcs, cmp_rfc);
	if (s->npostmortems)
		sort_docs(s->postmortems, s->npostmortems, cmp_postmortem);
	/* each service's post-mortems of other services that name it */
	for (size_t i = 0; i < s->npostmortems; i++) {
		const struct document *d = s->postmortems[i];
		for (size_t k = 0; k < d->nnamed_services; k++) {
			struct service *svc = (struct service *)d->named_services[k];
			if (!svc || svc == d->service ||
			    (svc->npm_naming && svc->pm_naming[svc->npm_naming - 1] == d))
				continue;
			ARENA_GROW(a, svc->pm_naming, svc->pm_naming_cap,
				   svc->npm_naming + 1);
			svc->pm_naming[svc->npm_naming++] = d;
		}
	}
	if (s->nactions)
		sort_actions(s->actions, s->nactions);
}
