#include "assemble_oncall.h"

#include <string.h>

#include "yaml.h"

/* The zones loaded so far: each is read from the database once. */
struct zones {
	struct tz **list;
	size_t n, cap;
};

static const struct tz *zone_of(struct site *s, struct zones *z,
				const struct oncall_rotation *r,
				const struct oncall_source *src)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->list[i]->name, r->zone) == 0)
			return z->list[i];
	struct tz *t = arena_alloc(&s->arena, sizeof(*t));
	oncall_load_zone(t, &s->arena, NULL, r, src, s->diags);
	/* found or not, it is what this zone gives (UTC when not found) */
	t->name = r->zone;
	ARENA_GROW(&s->arena, z->list, z->cap, z->n + 1);
	z->list[z->n++] = t;
	return t;
}

/* Reads the rotation map v written in repo's path; NULL when there is
 * none to show (v absent, or a diagnostic said why). */
static const struct oncall_info *read_rotation(struct site *s, struct zones *z,
					       const struct val *v,
					       const char *repo, const char *path)
{
	if (!v || v->type == VAL_NULL)
		return NULL;
	struct oncall_info *o = arena_alloc(&s->arena, sizeof(*o));
	memset(o, 0, sizeof(*o));
	struct oncall_source src = { repo, path };
	if (oncall_read(&o->rot, &s->arena, v, &src, s->diags) < 0)
		return NULL;
	o->zone = zone_of(s, z, &o->rot, &src);
	o->repo = repo;
	o->path = path;
	struct buf b = BUF_INIT;
	oncall_to_json(&b, &o->rot);
	o->json = arena_strndup(&s->arena, b.ptr ? b.ptr : "", b.len);
	buf_release(&b);
	return o;
}

/* The rotation under spec.oncall of entity e, or NULL. */
static const struct oncall_info *of_entity(struct site *s, struct zones *z,
					   const struct entity *e)
{
	const struct val *spec = e ? val_get(e->raw, "spec") : NULL;
	if (!spec || spec->type != VAL_MAP)
		return NULL;
	return read_rotation(s, z, val_get(spec, "oncall"), e->repo, e->path);
}

/* The rotation of src's oncall.yaml, or NULL. */
static const struct oncall_info *of_file(struct site *s, struct zones *z,
					 const struct source *src)
{
	const struct aux_file *f = site_find_aux(src, ASSEMBLE_ONCALL_FILE);
	if (!f)
		return NULL;
	struct val *doc = NULL;
	struct yaml_error ye;
	if (yaml_parse_limited(&doc, &s->arena, f->text, f->len,
			       &s->cfg->limits.yaml, &ye) < 0) {
		diag_user_error(s->diags, src->name, f->path, ye.line,
				"on-call rotation is not valid YAML: %s; it is left out",
				ye.msg);
		return NULL;
	}
	if (!doc || doc->type == VAL_NULL) {
		diag_user(s->diags, src->name, f->path, 1,
			  "on-call rotation is empty: write its members, hand-off and time zone (docs/oncall.md)");
		return NULL;
	}
	return read_rotation(s, z, doc, src->name, f->path);
}

static int has_services(const struct site *s, const struct source *src)
{
	for (size_t i = 0; i < s->nservices; i++)
		if (s->services[i]->src == src)
			return 1;
	return 0;
}

void assemble_oncall(struct site *s)
{
	struct zones z = { 0 };
	/* teams: a Group's own rotation */
	for (size_t i = 0; i < s->nteams; i++) {
		struct team *t = s->teams[i];
		if (t->entity && t->entity->kind == ENTITY_GROUP)
			t->oncall = of_entity(s, &z, t->entity);
	}
	/* services: a Component's own rotation, else its repository's */
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		const struct oncall_info *file = of_file(s, &z, src);
		int services = has_services(s, src);
		for (size_t k = 0; k < s->nservices; k++) {
			struct service *svc = s->services[k];
			if (svc->src != src)
				continue;
			svc->oncall = of_entity(s, &z, svc->entity);
			if (!svc->oncall)
				svc->oncall = file;
		}
		/* a team's repository: its Groups without a rotation of their own */
		for (size_t k = 0; file && !services && k < s->nteams; k++) {
			struct team *t = s->teams[k];
			for (size_t e = 0; e < src->nentities && !t->oncall; e++)
				if (t->entity == src->entities[e])
					t->oncall = file;
		}
	}
	/* the rest: the owning team's */
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		const struct team *t = svc->team;
		if (svc->oncall || !t || !t->oncall)
			continue;
		struct oncall_info *o = arena_alloc(&s->arena, sizeof(*o));
		*o = *t->oncall;
		o->team = t;
		svc->oncall = o;
	}
}
