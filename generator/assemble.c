/* assemble: from crawled sources to the site's model — entities, services,
 * teams, owners, relations, titles, addresses — on one thread, after the
 * crawl and before rendering.  Names that collide after being made safe get
 * distinct addresses and a diagnostic; references that resolve nowhere are
 * reported by the catalog module.  The entities come from each repository's
 * layout (layout.h: the crawl read its descriptors once); the APIs are
 * found by assemble_apis.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assemble_alerts.h"
#include "assemble_apis.h"
#include "assemble_contracts.h"
#include "assemble_records.h"
#include "assemble_relations.h"
#include "assemble_deps.h"
#include "assemble_oncall.h"
#include "assemble_slos.h"
#include "buf.h"
#include "catalog.h"
#include "codeowners.h"
#include "frontmatter.h"
#include "hash.h"
#include "layout.h"
#include "map.h"
#include "path.h"
#include "records.h"
#include "site.h"
#include "strset.h"
#include "web_url.h"
#include "xalloc.h"

/* ------------------------------------------------------------ sets */

/* Makes base+suffix unique in set by appending -2, -3, ... to base;
 * returns the arena copy that was added, and sets *renamed when a number
 * had to be added. */
static const char *unique_in(struct arena *a, struct strset *set,
			     const char *base, const char *suffix, int *renamed)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, base);
	buf_puts(&b, suffix);
	const char *s = arena_strdup(a, b.ptr);
	*renamed = 0;
	for (int n = 2; !strset_add(set, s); n++) {
		*renamed = 1;
		buf_clear(&b);
		buf_printf(&b, "%s-%d%s", base, n, suffix);
		s = arena_strdup(a, b.ptr);
	}
	buf_release(&b);
	return s;
}

/* Appends a repository path made safe segment by segment, without its
 * extension (and without the ".html" of a docs site's x.html.md). */
static void safe_path(struct buf *b, const char *p)
{
	const char *dot = strrchr(p, '.');
	const char *slash = strrchr(p, '/');
	size_t len = dot && (!slash || dot > slash) ? (size_t)(dot - p) : strlen(p);
	/* a docs site's source, x.html.md, is the page x.html: x/ */
	size_t base = slash ? (size_t)(slash - p) + 1 : 0;
	if (len > base + 5 && !strncasecmp(p + len - 5, ".html", 5))
		len -= 5;
	size_t i = 0, start = b->len;
	while (i < len) {
		size_t j = i;
		while (j < len && p[j] != '/')
			j++;
		site_safe_segment(b, p + i, j - i);
		if (j < len)
			buf_putc(b, '/');
		i = j + 1;
	}
	if (b->len - start > SITE_PATH_MAX) {
		/* past what a file system takes (4096 bytes in all): one
		 * folder named by a hash of the path */
		buf_truncate(b, start);
		buf_printf(b, "_deep-%016llx", (unsigned long long)hash_of(p, len, 0));
	}
}

/* ------------------------------------------------------------ owners */

/* Reads the ownership files of src: the CODEOWNERS that wins and every
 * OWNERS file. */
static void read_ownership(struct site *s, struct source *src)
{
	const struct aux_file *winner = NULL;
	int rank = 1 << 30;
	owners_tree_init(&src->owners_tree, &s->arena);
	for (size_t i = 0; i < src->naux; i++) {
		const struct aux_file *f = &src->aux[i];
		int r = layout_owners_rank(src->paths, f->path);
		if (r >= 0 && r < rank) {
			winner = f;
			rank = r;
		}
		const char *base = strrchr(f->path, '/');
		if (strcmp(base ? base + 1 : f->path, "OWNERS") == 0 &&
		    layout_paths_kind(src->paths, f->path) == CONFIG_PATH_OWNERS)
			owners_tree_add(&src->owners_tree, f->path, f->text,
					f->len, src->name, s->diags);
	}
	if (winner) {
		const char *const *owners;
		src->codeowners_path = winner->path;
		codeowners_parse(&src->codeowners, &s->arena, winner->text,
				 winner->len, CODEOWNERS_AUTO, src->name,
				 winner->path, s->diags);
		src->ndefault_owners =
			codeowners_default_owners(src->codeowners, &s->arena, &owners);
		src->default_owners = (const char **)owners;
	}
	/* no rule owns the whole repository: the root OWNERS' approvers do */
	if (!src->ndefault_owners && src->owners_tree.dirs.len) {
		struct owners_result res = { 0 };
		owners_tree_lookup(&src->owners_tree, &s->arena, "OWNERS", &res);
		if (res.dir && !*res.dir && res.napprovers) {
			src->default_owners = (const char **)res.approvers;
			src->ndefault_owners = res.napprovers;
		}
	}
}

/* The owners of one file: CODEOWNERS' answer and the approvers of the
 * nearest OWNERS files, each once. */
static void doc_owners(struct site *s, struct document *d)
{
	const struct source *src = d->src;
	const char *const *co = NULL;
	size_t nco = 0;
	struct owners_result res = { 0 };
	if (src->codeowners)
		codeowners_owners_of(src->codeowners, &s->arena, d->path, &co, &nco);
	if (src->owners_tree.dirs.len)
		owners_tree_lookup(&src->owners_tree, &s->arena, d->path, &res);
	const char **all =
		arena_alloc(&s->arena, (nco + res.napprovers + 1) * sizeof(*all));
	size_t n = 0;
	for (size_t i = 0; i < nco + res.napprovers; i++) {
		const char *o = i < nco ? co[i] : res.approvers[i - nco];
		size_t k = 0;
		while (k < n && strcasecmp(all[k], o) != 0)
			k++;
		if (k == n)
			all[n++] = o;
	}
	d->owners = all;
	d->nowners = n;
}

/* ------------------------------------------------------------ teams */

struct teams {
	struct team **list;
	size_t n, cap;
	struct strset slugs;
};

/* The team of list[0, n) whose key is key (in any case), or NULL. */
static struct team *find_team(struct team *const *list, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i]->key, key) == 0)
			return list[i];
	return NULL;
}

static struct team *add_team(struct site *s, struct teams *t, const char *key,
			     const char *name, const char *kind,
			     const struct entity *e)
{
	struct team *team = find_team(t->list, t->n, key);
	if (team)
		return team;
	team = arena_alloc(&s->arena, sizeof(*team));
	team->key = arena_strdup(&s->arena, key);
	team->name = arena_strdup(&s->arena, name);
	team->kind = kind;
	team->entity = e;
	team->title = e && e->display_name ? e->display_name
		      : e && e->title	   ? e->title
					   : team->name;
	team->email = e ? e->email
			: (strchr(name, '@') && name[0] != '@' ? team->name : NULL);
	XGROW(t->list, t->cap, t->n + 1);
	t->list[t->n++] = team;
	return team;
}

/* Who an owner names, worked out once for team_of_owner and team_named:
 * the key of its team (an entity reference "group:default/payments", or the
 * owner as written when it names nothing in the catalog), the name shown,
 * the kind ("group", "user" or "owner") and the catalog entity, if any. */
struct owner_id {
	struct buf key;
	const char *name, *kind;
	struct entity *entity;
};

/* Reads an owner: an entity reference ("group:default/payments",
 * "payments", "user:alice"), a CODEOWNERS "@org/team" or "@user" (matched
 * to a Group or User of that name when the catalog has one), or an e-mail
 * address.  Returns 0, or -1 for an empty owner; release id->key. */
static int owner_id_read(struct owner_id *id, struct site *s, const char *owner,
			 const char *default_kind)
{
	struct entity_ref ref;
	*id = (struct owner_id){ BUF_INIT, owner, "owner", NULL };
	if (!owner || !*owner)
		return -1;
	if (owner[0] == '@') {
		const char *name = strrchr(owner, '/');
		name = name ? name + 1 : owner + 1;
		int is_team = strchr(owner, '/') != NULL;
		ref = (struct entity_ref){ is_team ? "group" : "user",
					   "default", name, 0 };
		id->entity = catalog_lookup(s->catalog, &ref);
		if (!id->entity) {
			buf_puts(&id->key, owner);
			return 0;
		}
		catalog_ref_format(&id->key, &ref);
		id->name = id->entity->name;
		id->kind = is_team ? "group" : "user";
		return 0;
	}
	if (strchr(owner, '@') ||
	    catalog_parse_ref(&ref, &s->arena, owner, default_kind, "default") < 0) {
		buf_puts(&id->key, owner);
		return 0;
	}
	id->entity = catalog_lookup(s->catalog, &ref);
	catalog_ref_format(&id->key, &ref);
	id->name = ref.name;
	/* a group or user only when the catalog declares it: a name from
	 * OWNERS, or a Group no catalog-info.yaml holds, is an owner */
	id->kind = !id->entity			   ? "owner"
		   : strcmp(ref.kind, "user") == 0 ? "user"
						   : "group";
	return 0;
}

/* The team an owner names, made when it is the first to name it. */
static struct team *team_of_owner(struct site *s, struct teams *t,
				  const char *owner, const char *default_kind)
{
	struct owner_id id;
	if (owner_id_read(&id, s, owner, default_kind) < 0)
		return NULL;
	struct team *team = add_team(s, t, id.key.ptr, id.name, id.kind, id.entity);
	buf_release(&id.key);
	return team;
}

static int cmp_team_slug(const void *pa, const void *pb)
{
	const struct team *a = *(const struct team *const *)pa;
	const struct team *b = *(const struct team *const *)pb;
	return strcmp(a->slug, b->slug);
}

static int cmp_team_name(const void *pa, const void *pb)
{
	const struct team *a = *(const struct team *const *)pa;
	const struct team *b = *(const struct team *const *)pb;
	int c = strcasecmp(a->name, b->name);
	return c ? c : strcmp(a->key, b->key);
}

static void finish_teams(struct site *s, struct teams *t)
{
	struct arena *a = &s->arena;
	if (t->n)
		qsort(t->list, t->n, sizeof(*t->list), cmp_team_name);
	for (size_t i = 0; i < t->n; i++) {
		struct team *team = t->list[i];
		struct buf b = BUF_INIT;
		const char *name = team->name[0] == '@' ? team->name + 1 : team->name;
		site_safe_segment(&b, name, strlen(name));
		int renamed;
		team->slug = unique_in(a, &t->slugs, b.ptr, "", &renamed);
		if (renamed)
			diag_add(s->diags, DIAG_WARNING, DIAG_USER,
				 team->entity ? team->entity->repo : NULL,
				 team->entity ? team->entity->path : NULL,
				 team->entity ? team->entity->line : 0,
				 "team \"%s\" has the same address as another team (teams/%s/): it is published at teams/%s/",
				 team->key, b.ptr, team->slug);
		buf_release(&b);
		/* members and parent of a Group */
		const struct entity *e = team->entity;
		if (!e || e->kind != ENTITY_GROUP)
			continue;
		size_t users = 0;
		for (size_t k = 0; k < s->nentities; k++)
			users += s->entities[k]->kind == ENTITY_USER;
		team->members = arena_alloc(a, (e->nmembers + users + 1) *
						       sizeof(*team->members));
		team->member_names =
			arena_alloc(a, (e->nmembers + 1) * sizeof(char *));
		for (size_t k = 0; k < e->nmembers; k++) {
			const struct entity *u =
				catalog_lookup(s->catalog, &e->members[k]);
			if (u)
				team->members[team->nmembers++] = u;
			else
				team->member_names[team->nmember_names++] =
					e->members[k].name;
		}
		/* users who say they are members */
		for (size_t k = 0; k < s->nentities; k++) {
			const struct entity *u = s->entities[k];
			if (u->kind != ENTITY_USER)
				continue;
			for (size_t m = 0; m < u->nmember_of; m++) {
				if (catalog_lookup(s->catalog, &u->member_of[m]) != e)
					continue;
				size_t j = 0;
				while (j < team->nmembers && team->members[j] != u)
					j++;
				if (j == team->nmembers)
					team->members[team->nmembers++] = u;
			}
		}
		if (e->parent.name) {
			struct buf key = BUF_INIT;
			catalog_ref_format(&key, &e->parent);
			team->parent = find_team(t->list, t->n, key.ptr);
			buf_release(&key);
		}
	}
	if (t->n)
		qsort(t->list, t->n, sizeof(*t->list), cmp_team_slug);
	s->teams = t->list;
	s->nteams = t->n;
}

/* The team whose page an owner as written links to, once the teams are
 * final (in slug order): the first whose key or name is the owner, or,
 * for "@org/x" and "@x", whose name is x and that the catalog declares
 * (a Group or a User); NULL when none.  (This is the rule the pages
 * applied when they matched owners themselves; it is kept as it was, so
 * that no link changes: see struct team in site.h.) */
/* The team of the site an owner names, by the rule team_of_owner made the
 * teams with (so a page links an owner to the team assembly made of it),
 * or NULL. */
static struct team *team_named(struct site *s, const char *owner)
{
	struct owner_id id;
	if (owner_id_read(&id, s, owner, "group") < 0)
		return NULL;
	struct team *found = find_team(s->teams, s->nteams, id.key.ptr);
	buf_release(&id.key);
	return found;
}

/* team_named, worked out once per owner (memo: owner -> team, which may
 * be NULL): owners repeat across thousands of documents. */
static struct team *team_named_once(struct site *s, struct map *memo, const char *owner)
{
	int added;
	if (!owner)
		return NULL;
	struct map_entry *e = map_put(memo, owner, strlen(owner), &added);
	if (added)
		e->val = team_named(s, owner);
	return e->val;
}

static void doc_owner_teams(struct site *s, struct map *memo, struct document *d)
{
	d->owner_teams =
		arena_alloc(&s->arena, (d->nowners + 1) * sizeof(*d->owner_teams));
	for (size_t i = 0; i < d->nowners; i++)
		d->owner_teams[i] = team_named_once(s, memo, d->owners[i]);
}

/* Adds s (a User's display name or e-mail address), lower-cased, to
 * people, naming the User u (the first one wins). */
static void add_person(struct map *people, struct buf *k, const char *s,
		       const struct entity *u)
{
	int added;
	if (!s || !*s)
		return;
	buf_clear(k);
	buf_puts_lower(k, s);
	struct map_entry *e = map_put(people, k->ptr, k->len, &added);
	if (added)
		e->val = (void *)u;
}

/* The team of the User whose display name or e-mail address owner is,
 * in any case ("Alice Nguyen" is @alice), or NULL. */
static struct team *person_team(struct site *s, struct map *memo,
				const struct map *people, const char *owner)
{
	struct buf k = BUF_INIT;
	buf_puts_lower(&k, owner);
	struct map_entry *e = k.len ? map_get(people, k.ptr, k.len) : NULL;
	buf_clear(&k);
	if (e)
		buf_printf(&k, "@%s", ((const struct entity *)e->val)->name);
	struct team *t = e ? team_named_once(s, memo, k.ptr) : NULL;
	buf_release(&k);
	return t;
}

/* Resolves the owners that pages link to teams: each document's owners,
 * and each action item's owner (a person: "alice" is "@alice" first, then
 * a User's display name or e-mail address). */
static void resolve_owner_teams(struct site *s)
{
	struct arena keys;
	struct map memo, people;
	struct buf k = BUF_INIT;
	arena_init(&keys);
	map_init(&memo, &keys);
	map_init(&people, &keys);
	for (size_t i = 0; i < s->nentities; i++)
		if (s->entities[i]->kind == ENTITY_USER) {
			add_person(&people, &k, s->entities[i]->display_name,
				   s->entities[i]);
			add_person(&people, &k, s->entities[i]->email, s->entities[i]);
		}
	buf_release(&k);
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (svc->readme)
			doc_owner_teams(s, &memo, svc->readme);
		for (size_t k = 0; k < svc->ndocs; k++)
			doc_owner_teams(s, &memo, svc->docs[k]);
	}
	for (size_t i = 0; i < s->nactions; i++) {
		struct action *act = &s->actions[i];
		const char *owner = val_as_str(val_get(act->item, "owner"));
		if (!owner)
			continue;
		struct buf handle = BUF_INIT;
		buf_printf(&handle, "@%s", owner);
		act->owner_team = team_named_once(s, &memo, handle.ptr);
		if (!act->owner_team)
			act->owner_team = team_named_once(s, &memo, owner);
		if (!act->owner_team)
			act->owner_team = person_team(s, &memo, &people, owner);
		buf_release(&handle);
	}
	map_release(&people);
	map_release(&memo);
	arena_release(&keys);
}

/* ------------------------------------------------------------ services */

static int cmp_service_name(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;
	int c = strcasecmp(a->name, b->name);
	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->src->name, b->src->name);
	return c;
}

static int cmp_service_slug(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;
	return strcmp(a->slug, b->slug);
}

static int doc_order(enum doc_kind k)
{
	switch (k) {
	case DOC_RUNBOOK: return 0;
	case DOC_DOC: return 1;
	case DOC_RFC: return 2;
	case DOC_POSTMORTEM: return 3;
	default: return 4;
	}
}

static int cmp_doc_kind_path(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	int c = doc_order(a->kind) - doc_order(b->kind);
	return c ? c : strcmp(a->path, b->path);
}

static const char *doc_title(struct arena *a, const struct document *d)
{
	/* an RFC's reader knows its title best (numbers taken off) */
	const char *rt =
		d->kind == DOC_RFC ? val_as_str(val_get(d->record, "title")) : NULL;
	if (rt && *rt)
		return rt;
	/* "title: 2024", unquoted, is a title too */
	const char *t = frontmatter_text(a, val_get(d->meta, "title"));
	if (t && *t)
		return t;
	if (d->h1)
		return d->h1;
	/* the file name, without folders and extension (an index file's
	 * folder's: a KEP is keps/<sig>/<n>-<name>/README.md), dashes as
	 * spaces */
	size_t n;
	const char *base = path_name_stem(d->path, &n);
	char *s = arena_strndup(a, base, n);
	for (char *p = s; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	return s;
}

struct homes {
	const char *folder;
	struct service *svc;
};

/* The service a document belongs to: the one its front matter names
 * (service: or the first of services:), else the one whose home folder
 * holds it (the longest), else the repository's first. */
static struct service *owner_service(const struct document *d,
				     struct service **svcs, size_t nsvcs,
				     const struct homes *homes, size_t nhomes)
{
	const struct val *named = val_get(d->meta, "service");
	const struct val *list = val_get(d->meta, "services");
	if (!val_as_str(named) && list && list->type == VAL_LIST && list->u.list.len)
		named = list->u.list.items[0];
	const char *name = val_as_str(named);
	for (size_t i = 0; name && i < nsvcs; i++)
		if (strcasecmp(svcs[i]->name, name) == 0)
			return svcs[i];
	const struct homes *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < nhomes; i++) {
		size_t n = strlen(homes[i].folder);
		if (n > best_len && strncmp(d->path, homes[i].folder, n) == 0 &&
		    d->path[n] == '/') {
			best = &homes[i];
			best_len = n;
		}
	}
	return best ? best->svc : svcs[0];
}

static int is_home_readme(const struct document *d, const char *home)
{
	size_t n = strlen(home);
	if (d->kind != DOC_README)
		return 0;
	if (!n)
		return !strchr(d->path, '/');
	return strncmp(d->path, home, n) == 0 && d->path[n] == '/' &&
	       !strchr(d->path + n + 1, '/');
}

static struct service *new_service(struct site *s, struct source *src,
				   const char *name, const struct entity *e)
{
	struct service *svc = arena_alloc(&s->arena, sizeof(*svc));
	svc->src = src;
	svc->name = name;
	svc->title = name;
	svc->home = "";
	svc->entity = e;
	if (!e)
		return svc;
	if (e->title)
		svc->title = e->title;
	svc->description = e->description;
	svc->lifecycle = e->lifecycle;
	svc->type = e->type;
	if (e->owner.name) {
		struct buf b = BUF_INIT;
		catalog_ref_format(&b, &e->owner);
		svc->owner = arena_strdup(&s->arena, b.ptr);
		buf_release(&b);
	}
	if (e->system.name)
		svc->system = e->system.name;
	if (e->project_slug && !src->web_url)
		src->web_url = arena_printf(&s->arena, "https://github.com/%s",
					    e->project_slug);
	const char *pd = s->cfg->pagerduty_url;
	if (e->pagerduty_service && pd && *pd)
		svc->oncall_url = arena_printf(&s->arena, "%sservice-directory/%s",
					       pd, e->pagerduty_service);
	return svc;
}

/* The Component of a repository that declares none: its one service,
 * named after the repository.  NULL when it declares Components, or when
 * it only declares teams or systems and holds no documents (no service). */
static struct entity *implicit_component(struct site *s, const struct source *src)
{
	for (size_t i = 0; i < src->nentities; i++)
		if (src->entities[i]->kind == ENTITY_COMPONENT)
			return NULL;
	if (src->nentities && !src->ndocs)
		return NULL;
	struct entity *e = arena_alloc(&s->arena, sizeof(*e));
	e->kind = ENTITY_COMPONENT;
	e->ns = "default";
	e->name = src->name;
	e->repo = src->name;
	e->path = "";
	return e;
}

/* Makes the services of one repository: one per Component, or one named
 * after the repository; gives each its documents. */
static void assemble_source(struct site *s, struct source *src,
			    struct service ***list, size_t *n, size_t *cap)
{
	struct arena *a = &s->arena;
	size_t first = *n;
	for (size_t i = 0; i < src->nentities; i++) {
		const struct entity *e = src->entities[i];
		if (e->kind != ENTITY_COMPONENT)
			continue;
		XGROW(*list, *cap, *n + 1);
		(*list)[(*n)++] = new_service(s, src, e->name, e);
	}
	if (*n == first) {
		/* a repository that only declares teams or systems is no service */
		if (!src->implicit)
			return;
		XGROW(*list, *cap, *n + 1);
		(*list)[*n] = new_service(s, src, src->name, NULL);
		(*list)[(*n)++]->implicit = src->implicit;
	}
	struct service **svcs = *list + first;
	size_t nsvcs = *n - first;

	/* home folders, for monorepos */
	struct homes *homes = arena_alloc(a, (3 * nsvcs + 1) * sizeof(*homes));
	size_t nhomes = 0;
	for (size_t i = 0; i < nsvcs; i++) {
		const char *h[3];
		size_t k = svcs[i]->entity
				   ? layout_component_homes(svcs[i]->entity, h, a)
				   : 0;
		for (size_t j = 0; j < k; j++) {
			homes[nhomes++] = (struct homes){ h[j], svcs[i] };
			if (!*svcs[i]->home)
				svcs[i]->home = h[j];
		}
	}

	/* owners: the catalog's, else CODEOWNERS' "*" rule */
	for (size_t i = 0; i < nsvcs; i++)
		if (!svcs[i]->owner && src->ndefault_owners) {
			svcs[i]->owner = src->default_owners[0];
			svcs[i]->co_owners = src->default_owners + 1;
			svcs[i]->nco_owners = src->ndefault_owners - 1;
		}

	/* READMEs: a service's home folder's first, the repository's for the
	 * first service that has none; any other is an ordinary document */
	for (size_t i = 0; i < src->ndocs; i++) {
		struct document *d = src->docs[i];
		for (size_t k = 0;
		     k < nsvcs && d->kind == DOC_README && !d->service; k++)
			if (*svcs[k]->home && is_home_readme(d, svcs[k]->home) &&
			    !svcs[k]->readme) {
				svcs[k]->readme = d;
				d->service = svcs[k];
			}
	}
	for (size_t i = 0; i < src->ndocs; i++) {
		struct document *d = src->docs[i];
		if (d->kind != DOC_README || d->service)
			continue;
		if (!strchr(d->path, '/') && !svcs[0]->readme) {
			svcs[0]->readme = d;
			d->service = svcs[0];
		} else {
			d->kind = DOC_DOC;
		}
	}
	size_t *counts = xcalloc(nsvcs, sizeof(*counts));
	struct service **owner_of = xcalloc(src->ndocs + 1, sizeof(*owner_of));
	for (size_t i = 0; i < src->ndocs; i++) {
		struct document *d = src->docs[i];
		struct service *svc = NULL;
		if (d->kind == DOC_README)
			continue; /* a service's overview */
		svc = owner_service(d, svcs, nsvcs, homes, nhomes);
		d->service = svc;
		owner_of[i] = svc;
		for (size_t k = 0; k < nsvcs; k++)
			counts[k] += svcs[k] == svc;
		doc_owners(s, d);
	}
	for (size_t k = 0; k < nsvcs; k++) {
		svcs[k]->docs =
			arena_alloc(a, (counts[k] + 1) * sizeof(struct document *));
		for (size_t i = 0; i < src->ndocs; i++)
			if (owner_of[i] == svcs[k])
				svcs[k]->docs[svcs[k]->ndocs++] = src->docs[i];
		qsort(svcs[k]->docs, svcs[k]->ndocs, sizeof(*svcs[k]->docs),
		      cmp_doc_kind_path);
		if (svcs[k]->readme)
			doc_owners(s, svcs[k]->readme);
	}
	free(counts);
	free(owner_of);
}

/* ------------------------------------------------------------ APIs */

static int cmp_api_slug(const void *pa, const void *pb)
{
	const struct api *a = *(const struct api *const *)pa;
	const struct api *b = *(const struct api *const *)pb;
	return strcmp(a->slug, b->slug);
}

/* The APIs (assemble_apis.c), with unique slugs given in name order. */
static void make_apis(struct site *s)
{
	struct arena *a = &s->arena;
	struct api **list = NULL;
	size_t n = assemble_apis_find(&list, s);
	/* slugs, in name order */
	struct strset slugs = { 0 };
	for (size_t i = 0; i < n; i++)
		for (size_t k = i;
		     k > 0 && strcasecmp(list[k - 1]->name, list[k]->name) > 0; k--) {
			struct api *t = list[k];
			list[k] = list[k - 1];
			list[k - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		site_safe_segment(&b, list[i]->name, strlen(list[i]->name));
		int renamed;
		list[i]->slug = unique_in(a, &slugs, b.ptr, "", &renamed);
		if (renamed)
			diag_add(s->diags, DIAG_WARNING, DIAG_USER,
				 list[i]->src->name, list[i]->path, 0,
				 "API \"%s\" has the same address as another API (apis/%s/): it is published at apis/%s/",
				 list[i]->name, b.ptr, list[i]->slug);
		buf_release(&b);
	}
	strset_release(&slugs);
	s->apis = arena_alloc(a, (n + 1) * sizeof(*list));
	if (n) {
		qsort(list, n, sizeof(*list), cmp_api_slug);
		memcpy(s->apis, list, n * sizeof(*list));
	}
	s->napis = n;
	free(list);
}

/* ------------------------------------------------------------ deploys */

static void assemble_deploys(struct site *s)
{
	const char **names = xcalloc(s->nservices + 1, sizeof(char *));
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		names[i] = svc->name;
		const struct source *src = svc->src;
		for (size_t k = 0; k < src->ndeploys; k++)
			if (strcmp(src->deploys[k].name, svc->name) == 0)
				svc->deploy = &src->deploys[k];
	}
	if (s->feed)
		deploy_feed_check(s->feed, names, s->nservices,
				  (const char *const *)s->cfg->environments,
				  s->cfg->nenvironments, s->diags);
	free(names);
}

/* ------------------------------------------------------------ content */

static const char *const reserved[] = {
	"services",    "teams",	       "runbooks",     "apis",	 "rfcs",
	"postmortems", "action-items", "deploys",      "search", "assets",
	"files",       "404.html",     "catalog.json", NULL
};

static void assemble_content(struct site *s, struct strset *taken)
{
	for (size_t i = 0; i < s->ncontent; i++) {
		struct document *d = s->content[i];
		struct buf b = BUF_INIT;
		safe_path(&b, d->path);
		size_t first = strcspn(b.ptr, "/");
		int clash = 0;
		for (int r = 0; reserved[r]; r++)
			if (strlen(reserved[r]) == first &&
			    strncmp(b.ptr, reserved[r], first) == 0)
				clash = 1;
		if (clash) {
			diag_add(s->diags, DIAG_WARNING, DIAG_OPERATOR, NULL, d->path,
				 0, "content page would take the address \"%s/\", which cairn uses: rename it",
				 b.ptr);
		} else {
			int renamed;
			d->address = unique_in(&s->arena, taken, b.ptr, "/", &renamed);
			if (renamed)
				diag_add(s->diags, DIAG_WARNING, DIAG_OPERATOR,
					 NULL, d->path, 0,
					 "content page has the same address as another (%s/): it is published at %s",
					 b.ptr, d->address);
			d->title = doc_title(&s->arena, d);
			d->nav = val_truthy(val_get(d->meta, "nav"));
		}
		buf_release(&b);
	}
	if (s->home)
		s->home->title = doc_title(&s->arena, s->home);
}

/* ------------------------------------------------------------ addresses */

/* Every page's address (the slugs are given): teams', APIs', services',
 * their documents' (unique within the site) and the content pages'.
 * Pages only read them. */
static void assemble_addresses(struct site *s)
{
	struct arena *a = &s->arena;
	struct strset addrs = STRSET_INIT;
	for (size_t i = 0; i < s->nteams; i++)
		s->teams[i]->address = arena_printf(a, "teams/%s/", s->teams[i]->slug);
	for (size_t i = 0; i < s->napis; i++)
		s->apis[i]->address = arena_printf(a, "apis/%s/", s->apis[i]->slug);
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		svc->address = arena_printf(a, "services/%s/", svc->slug);
		strset_add(&addrs, svc->address);
	}
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (svc->readme) {
			svc->readme->title = svc->title;
			svc->readme->address = svc->address;
		}
		for (size_t k = 0; k < svc->ndocs; k++) {
			struct document *d = svc->docs[k];
			struct buf b = BUF_INIT;
			buf_puts(&b, svc->address);
			/* a monorepo service's documents: paths from its home */
			const char *p = d->path;
			size_t hl = strlen(svc->home);
			if (hl && strncmp(p, svc->home, hl) == 0 && p[hl] == '/')
				p += hl + 1;
			safe_path(&b, p);
			int renamed;
			d->title = doc_title(a, d);
			d->address = unique_in(a, &addrs, b.ptr, "/", &renamed);
			if (renamed)
				diag_user(s->diags, svc->src->name, d->path, 0,
					  "document has the same address as another document of the service: it is published at %s; rename one of them",
					  d->address);
			buf_release(&b);
		}
	}
	assemble_content(s, &addrs);
	strset_release(&addrs);
}

/* ------------------------------------------------------------ the site */

/* The references that name nothing, said with the catalog descriptors
 * that could not be read (each an error of its layout), which may be why. */
static void check_refs(struct site *s)
{
	struct catalog_unread *unread = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < s->nsources; i++) {
		const struct source *src = &s->sources[i];
		if (!src->ok || !src->layout)
			continue;
		for (size_t k = 0; k < src->layout->ndiags; k++) {
			const struct diag *dg = &src->layout->diags[k];
			if (dg->severity != DIAG_ERROR || !dg->path)
				continue;
			const struct aux_file *f = site_find_aux(src, dg->path);
			if (!f || (n && strcmp(unread[n - 1].path, f->path) == 0 &&
				   strcmp(unread[n - 1].repo, src->name) == 0))
				continue;
			ARENA_GROW(&s->arena, unread, cap, n + 1);
			unread[n++] = (struct catalog_unread){ src->name, f->path,
							       f->text, f->len };
		}
	}
	catalog_check_refs(s->catalog, s->entities, s->nentities, unread, n, s->diags);
}

/* The catalog: every repository's entities (its layout read them, in the
 * crawl: what was wrong with them is said here), then one index; and each
 * repository's ownership files. */
static void read_entities(struct site *s)
{
	size_t cap = 0;
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		const struct layout *l = src->layout;
		layout_report(l, s->diags);
		src->entities = l->entities;
		src->nentities = l->nentities;
		ARENA_GROW(&s->arena, s->entities, cap, s->nentities + l->nentities);
		if (l->nentities)
			memcpy(s->entities + s->nentities, l->entities,
			       l->nentities * sizeof(*l->entities));
		s->nentities += l->nentities;
		read_ownership(s, src);
	}
	s->catalog = catalog_index_new(s->entities, s->nentities, s->diags);
}

void site_assemble(struct site *s)
{
	struct arena *a = &s->arena;
	struct service **list = NULL;
	size_t n = 0, cap = 0;

	read_entities(s);
	/* a repository without Components is one, for every reference (a
	 * declared Component of the same name wins) */
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (!src->ok)
			continue;
		src->implicit = implicit_component(s, src);
		if (src->implicit)
			catalog_index_add(s->catalog, src->implicit);
	}

	for (size_t i = 0; i < s->nsources; i++)
		if (s->sources[i].ok)
			assemble_source(s, &s->sources[i], &list, &n, &cap);
	/* no catalog entry named its web address: where it is cloned from */
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		if (src->ok && !src->web_url)
			src->web_url = src->cfg->url
					       ? web_url_of_remote(a, src->cfg->url)
				       : src->cfg->path
					       ? web_url_of_repo(a, src->cfg->path)
					       : NULL;
	}

	/* safe, unique slugs, given in name order so that they are stable */
	if (n)
		qsort(list, n, sizeof(*list), cmp_service_name);
	struct strset slugs = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct service *svc = list[i];
		struct buf b = BUF_INIT;
		site_safe_segment(&b, svc->name, strlen(svc->name));
		int renamed;
		svc->slug = unique_in(a, &slugs, b.ptr, "", &renamed);
		if (renamed)
			diag_add(s->diags, DIAG_WARNING, DIAG_USER, svc->src->name,
				 svc->entity ? svc->entity->path : NULL,
				 svc->entity ? svc->entity->line : 0,
				 "service \"%s\" has the same address as another service (services/%s/): it is published at services/%s/; give it a distinct name",
				 svc->name, b.ptr, svc->slug);
		buf_release(&b);
	}
	s->services = arena_alloc(a, (n ? n : 1) * sizeof(*list));
	if (n) {
		qsort(list, n, sizeof(*list), cmp_service_slug);
		memcpy(s->services, list, n * sizeof(*list));
	}
	s->nservices = n;
	free(list);
	make_apis(s); /* indexes the description files no entity names */
	check_refs(s);
	assemble_relations(s);
	assemble_deploys(s);

	/* teams: every Group, and every owner named anywhere */
	struct teams teams = { 0 };
	for (size_t i = 0; i < s->nentities; i++) {
		const struct entity *e = s->entities[i];
		if (e->kind != ENTITY_GROUP)
			continue;
		struct entity_ref ref;
		catalog_entity_ref(&ref, e);
		struct buf key = BUF_INIT;
		catalog_ref_format(&key, &ref);
		add_team(s, &teams, key.ptr, e->name, "group", e);
		buf_release(&key);
	}
	/* the documents' owners already made teams of (each owner once:
	 * they repeat across thousands of documents) */
	struct map seen = MAP_INIT;
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		svc->team = team_of_owner(s, &teams, svc->owner, "group");
		if (svc->team) {
			struct team *t = svc->team;
			ARENA_GROW(a, t->services, t->services_cap, t->nservices + 1);
			t->services[t->nservices++] = svc;
		}
		/* co-owners' teams list the service too (once) */
		svc->co_teams = arena_alloc(a, (svc->nco_owners + 1) *
						       sizeof(*svc->co_teams));
		for (size_t k = 0; k < svc->nco_owners; k++) {
			struct team *t = team_of_owner(s, &teams,
						       svc->co_owners[k], "group");
			svc->co_teams[k] = t;
			if (t && (!t->nservices || t->services[t->nservices - 1] != svc)) {
				ARENA_GROW(a, t->services, t->services_cap,
					   t->nservices + 1);
				t->services[t->nservices++] = svc;
			}
		}
		for (size_t k = 0; k < svc->ndocs; k++)
			for (size_t j = 0; j < svc->docs[k]->nowners; j++) {
				const char *o = svc->docs[k]->owners[j];
				int added = 1;
				if (o)
					map_put(&seen, o, strlen(o), &added);
				if (added)
					team_of_owner(s, &teams, o, "group");
			}
	}
	map_release(&seen);
	finish_teams(s, &teams);
	strset_release(&teams.slugs);
	assemble_apis_relate(s);
	/* an API no service provides: its own spec.owner's team */
	for (size_t i = 0; i < s->napis; i++) {
		struct api *api = s->apis[i];
		if (api->team || !api->entity || !api->entity->owner.name)
			continue;
		struct buf b = BUF_INIT;
		catalog_ref_format(&b, &api->entity->owner);
		api->team = team_named(s, b.ptr);
		buf_release(&b);
	}
	assemble_contracts(s);
	assemble_addresses(s);
	strset_release(&slugs);
	assemble_records(s);
	resolve_owner_teams(s);
	assemble_alerts(s);
	assemble_deps(s);
	assemble_oncall(s);
	assemble_slos(s);
}
