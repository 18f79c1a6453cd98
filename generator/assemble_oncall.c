#include "assemble_oncall.h"

#include <string.h>

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
static const struct oncall_info *finish(struct site *s, struct zones *z,
					struct oncall_info *o, const char *repo,
					const char *path);

static const struct oncall_info *read_rotation(struct site *s, struct zones *z,
					       const struct val *v,
					       const char *repo, const char *path)
{
	if (!v || v->type == VAL_NULL)
		return NULL;
	struct oncall_info *o = arena_alloc(&s->arena, sizeof(*o));
	struct oncall_source src = { repo, path };
	if (oncall_read(&o->rot, &s->arena, v, &src, s->diags) < 0)
		return NULL;
	return finish(s, z, o, repo, path);
}

/* Completes o, whose rotation is read from repo's path: its zone and its
 * JSON. */
static const struct oncall_info *finish(struct site *s, struct zones *z,
					struct oncall_info *o, const char *repo,
					const char *path)
{
	struct oncall_source src = { repo, path };
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

/* The rotation of the file f of src, or NULL. */
static const struct oncall_info *of_file(struct site *s, struct zones *z,
					 const struct source *src,
					 const struct aux_file *f)
{
	struct oncall_info *o = arena_alloc(&s->arena, sizeof(*o));
	struct oncall_source os = { src->name, f->path };
	if (oncall_read_file(&o->rot, &s->arena, f->text, f->len,
			     &s->cfg->limits.yaml, &os, s->diags) < 0)
		return NULL;
	return finish(s, z, o, src->name, f->path);
}

/* The service of src whose home folder holds path (the longest), or
 * NULL: a file at none of them is the repository's. */
static struct service *home_of(const struct site *s, const struct source *src,
			       const char *path)
{
	struct service *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		size_t n = strlen(svc->home);
		if (svc->src == src && n > best_len &&
		    strncmp(path, svc->home, n) == 0 && path[n] == '/') {
			best = svc;
			best_len = n;
		}
	}
	return best;
}

/* Gives svc the rotation o read from path, unless it has one: then says
 * which one it keeps. */
static void give(struct site *s, struct service *svc, const struct oncall_info *o)
{
	if (!svc->oncall) {
		svc->oncall = o;
		return;
	}
	diag_user(s->diags, o->repo, o->path, o->rot.line,
		  "on-call rotation is not used: service \"%s\" has its rotation from %s",
		  svc->name, svc->oncall->path);
}

/* Reads src's rotation files (the oncall kind, in path order): one that
 * names its service, or lies in a service's home folder, is that
 * service's; the first other one is the repository's (returned). */
static const struct oncall_info *files_of(struct site *s, struct zones *z,
					  const struct source *src)
{
	const struct oncall_info *repo_file = NULL;
	for (size_t i = 0; i < src->naux; i++) {
		const struct aux_file *f = &src->aux[i];
		if (layout_paths_kind(src->paths, f->path) != CONFIG_PATH_ONCALL)
			continue;
		const struct oncall_info *o = of_file(s, z, src, f);
		if (!o)
			continue;
		struct service *svc = NULL;
		if (o->rot.service) {
			for (size_t k = 0; k < s->nservices && !svc; k++)
				if (s->services[k]->src == src &&
				    strcmp(s->services[k]->name, o->rot.service) == 0)
					svc = s->services[k];
			if (!svc)
				diag_user(s->diags, src->name, f->path, o->rot.line,
					  "on-call rotation is for service \"%s\", which this repository does not declare: it is read as the repository's",
					  o->rot.service);
		} else {
			svc = home_of(s, src, f->path);
		}
		if (svc)
			give(s, svc, o);
		else if (!repo_file)
			repo_file = o;
		else
			diag_user(s->diags, src->name, f->path, o->rot.line,
				  "on-call rotation is not used: %s is the repository's (name a service with service:, or move it into the service's folder)",
				  repo_file->path);
	}
	return repo_file;
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
		int services = has_services(s, src);
		for (size_t k = 0; k < s->nservices; k++) {
			struct service *svc = s->services[k];
			if (svc->src == src)
				svc->oncall = of_entity(s, &z, svc->entity);
		}
		const struct oncall_info *file = files_of(s, &z, src);
		for (size_t k = 0; k < s->nservices; k++) {
			struct service *svc = s->services[k];
			if (svc->src == src && !svc->oncall)
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
