#include "assemble_alerts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alerts.h"
#include "ascii.h"
#include "layout.h"
#include "strset.h"
#include "xalloc.h"

/* The alerts found so far (malloc'd), and the runbooks they may link to. */
struct found {
	struct alert **list;
	size_t n, cap;
	struct alerts_runbook *rbs;
	struct document **rb_docs;
	size_t nrbs;
};

/* Every runbook of every crawled repository, in crawl order. */
static void collect_runbooks(struct site *s, struct found *f)
{
	size_t cap = 0;
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		for (size_t k = 0; src->ok && k < src->ndocs; k++) {
			struct document *d = src->docs[k];
			if (d->kind != DOC_RUNBOOK || !d->address)
				continue;
			if (f->nrbs == cap) {
				cap = cap ? 2 * cap : 16;
				f->rbs = xrealloc(f->rbs, cap * sizeof(*f->rbs));
				f->rb_docs = xrealloc(f->rb_docs,
						      cap * sizeof(*f->rb_docs));
			}
			f->rbs[f->nrbs] =
				(struct alerts_runbook){ src->name, src->web_url,
							 d->path, d->title };
			f->rb_docs[f->nrbs++] = d;
		}
	}
}

/* The service of src whose home folder holds path (the longest), else its
 * first (its first declared Component's, else the one cairn made for it);
 * NULL when src has no service. */
static struct service *service_of(struct site *s, const struct source *src,
				  const char *path)
{
	struct service *any = NULL, *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (svc->src != src)
			continue;
		any = svc;
		const char *h[3];
		size_t nh = svc->entity
				    ? layout_component_homes(svc->entity, h, &s->arena)
				    : 0;
		for (size_t k = 0; k < nh; k++) {
			size_t n = strlen(h[k]);
			if (n > best_len && strncmp(path, h[k], n) == 0 &&
			    path[n] == '/') {
				best = svc;
				best_len = n;
			}
		}
	}
	for (size_t k = 0; !best && k < src->nentities; k++)
		for (size_t i = 0; !best && i < s->nservices; i++)
			if (s->services[i]->src == src &&
			    s->services[i]->entity == src->entities[k])
				best = s->services[i];
	return best ? best : any;
}

/* The section a runbook_url names after its '#' ("free-space"), when it
 * is made of the characters a heading's id is (letters, digits, "-_.~"
 * and %-escapes); else NULL. */
static const char *anchor_of(struct arena *a, const char *url)
{
	const char *h = url ? strchr(url, '#') : NULL;
	if (!h || !h[1])
		return NULL;
	size_t n = strcspn(++h, " \t\r\n");
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_alnum((unsigned char)h[i]) && !strchr("-_.~%", h[i]))
			return NULL;
	return arena_strndup(a, h, n);
}

/* Whether url is a web address outside every crawled repository. */
static int outside(const struct site *s, const char *url)
{
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return 0;
	for (size_t i = 0; i < s->nsources; i++)
		if (alerts_url_in(url, s->sources[i].web_url))
			return 0;
	return 1;
}

/* The team an alert's labels name (team, else owner): the portal's team
 * of that name, else NULL with *label set to it. */
static struct team *labelled_team(const struct site *s,
				  const struct alerts_rule *rule, const char **label)
{
	const struct val *v = val_get(rule->labels, "team");
	if (!v || v->type != VAL_STR || !*v->u.str.ptr)
		v = val_get(rule->labels, "owner");
	*label = NULL;
	if (!v || v->type != VAL_STR || !*v->u.str.ptr)
		return NULL;
	for (size_t i = 0; i < s->nteams; i++)
		if (strcasecmp(s->teams[i]->name, v->u.str.ptr) == 0)
			return s->teams[i];
	*label = v->u.str.ptr;
	return NULL;
}

/* Reads one rule file of src and adds its alerts. */
static void read_file(struct site *s, struct found *f, struct source *src,
		      const struct aux_file *file)
{
	struct arena *a = &s->arena;
	struct alerts_file af = ALERTS_FILE_INIT;
	if (alerts_read_file(&af, a, file->text, file->len, &s->cfg->limits.yaml,
			     src->name, file->path, s->diags) < 0 ||
	    !af.ngroups)
		return;
	struct service *svc = af.len ? service_of(s, src, file->path) : NULL;
	for (size_t i = 0; i < af.len; i++) {
		struct alert *al = arena_alloc(a, sizeof(*al));
		al->rule = &af.rules[i];
		al->src = src;
		al->path = file->path;
		al->service = svc;
		const char *label;
		al->team = labelled_team(s, al->rule, &label);
		if (!al->team)
			al->team = svc ? svc->team : NULL;
		if (!al->team)
			al->team_label = label;
		size_t k = 0;
		al->link = alerts_find_runbook(&k, f->rbs, f->nrbs, al->rule->name,
					       al->rule->runbook_url, src->name,
					       file->path);
		if (al->link != ALERTS_LINK_NONE)
			al->runbook = f->rb_docs[k];
		if (al->link == ALERTS_LINK_URL || al->link == ALERTS_LINK_PATH)
			al->runbook_anchor = anchor_of(a, al->rule->runbook_url);
		if (al->link == ALERTS_LINK_NONE && outside(s, al->rule->runbook_url))
			al->runbook_external = al->rule->runbook_url;
		else if (al->link == ALERTS_LINK_NONE)
			alerts_warn_no_runbook(s->diags, src->name, file->path,
					       al->rule);
		XGROW(f->list, f->cap, f->n + 1);
		f->list[f->n++] = al;
	}
}

static int cmp_name(const void *pa, const void *pb)
{
	const struct alert *a = *(struct alert *const *)pa,
			   *b = *(struct alert *const *)pb;
	int c = strcasecmp(a->rule->name, b->rule->name);
	if (!c)
		c = strcmp(a->rule->name, b->rule->name);
	if (!c)
		c = strcmp(a->src->name, b->src->name);
	if (!c)
		c = strcmp(a->path, b->path);
	return c ? c : a->rule->line - b->rule->line;
}

static int cmp_listed(const void *pa, const void *pb)
{
	const struct alert *a = *(struct alert *const *)pa,
			   *b = *(struct alert *const *)pb;
	/* teams by title, the alerts nobody owns last; then services */
	int c = (a->team == NULL) - (b->team == NULL);
	if (!c && a->team && b->team)
		c = strcasecmp(a->team->title, b->team->title);
	if (!c && a->team != b->team && a->team && b->team)
		c = strcmp(a->team->slug, b->team->slug);
	if (!c)
		c = (a->service == NULL) - (b->service == NULL);
	if (!c && a->service && b->service)
		c = strcmp(a->service->slug, b->service->slug);
	return c ? c : strcmp(a->slug, b->slug);
}

/* Names the alerts (in name order, so that addresses are stable). */
static void name_alerts(struct site *s, struct alert **list, size_t n)
{
	struct strset taken = { 0 };
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const char *name = list[i]->rule->name;
		buf_clear(&b);
		site_safe_segment(&b, name, strlen(name));
		const char *base = arena_strdup(&s->arena, b.ptr);
		const char *slug = base;
		for (int k = 2; !strset_add(&taken, slug); k++)
			slug = arena_printf(&s->arena, "%s-%d", base, k);
		list[i]->slug = slug;
		list[i]->address = arena_printf(&s->arena, "alerts/%s/", slug);
	}
	buf_release(&b);
	strset_release(&taken);
}

/* Gives each service and each runbook its alerts (list in name order). */
static void attach(struct site *s, struct alert **list, size_t n)
{
	struct arena *a = &s->arena;
	for (size_t i = 0; i < n; i++) {
		struct service *svc = list[i]->service;
		struct document *d = list[i]->runbook;
		if (svc) {
			if (!svc->alerts)
				svc->alerts = arena_alloc(a, n * sizeof(*svc->alerts));
			svc->alerts[svc->nalerts++] = list[i];
		}
		if (d) {
			if (!d->alerts)
				d->alerts = arena_alloc(a, n * sizeof(*d->alerts));
			d->alerts[d->nalerts++] = list[i];
		}
	}
}

void assemble_alerts(struct site *s)
{
	struct found f = { 0 };
	collect_runbooks(s, &f);
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		for (size_t k = 0; src->ok && k < src->naux; k++)
			if (layout_is_alerts(src->paths, src->aux[k].path))
				read_file(s, &f, src, &src->aux[k]);
	}
	if (f.n) {
		qsort(f.list, f.n, sizeof(*f.list), cmp_name);
		name_alerts(s, f.list, f.n);
		attach(s, f.list, f.n);
		qsort(f.list, f.n, sizeof(*f.list), cmp_listed);
	}
	s->alerts = arena_alloc(&s->arena, (f.n ? f.n : 1) * sizeof(*s->alerts));
	if (f.n)
		memcpy(s->alerts, f.list, f.n * sizeof(*f.list));
	s->nalerts = f.n;
	free(f.list);
	free(f.rbs);
	free(f.rb_docs);
}
