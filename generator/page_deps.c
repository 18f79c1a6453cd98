#include "page_deps.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "assemble_deps.h"
#include "hash.h"
#include "view.h"
#include "view_deps.h"

/* The shard of a package: the first character of its key. */
static char shard_of(const struct dep_package *pkg)
{
	const char *key = pkg->name;
	const char *colon = strrchr(key, ':');
	if (strcmp(pkg->ecosystem, "maven") == 0 && colon)
		key = colon + 1;
	char c = ascii_lower(*key);
	return ascii_is_alnum(c) ? c : '_';
}

static const char *use_kind(const struct dep_use *u)
{
	return u->direct ? "direct" : "transitive";
}

/* One service at a version: {name, title, url, direct, kind, dev, team,
 * team_url, oncall_url, path, line}. */
static struct val *use_val(struct render_ctx *r, const char *from,
			   const struct dep_use *u)
{
	struct arena *a = &r->arena;
	const struct service *svc = u->svc;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", svc->name);
	val_set_str(a, m, "title", svc->title);
	val_set_str(a, m, "url", render_url(r, from, svc->address));
	val_set_bool(a, m, "direct", u->direct);
	val_set_str(a, m, "kind", use_kind(u));
	val_set_bool(a, m, "dev", u->dev);
	if (*u->range)
		val_set_str(a, m, "range", u->range);
	if (svc->team) {
		val_set_str(a, m, "team", svc->team->title);
		val_set_str(a, m, "team_url", render_url(r, from, svc->team->address));
	}
	if (svc->oncall_url)
		val_set_str(a, m, "oncall_url", svc->oncall_url);
	val_set_str(a, m, "path", u->path);
	val_set_num(a, m, "line", u->line);
	return m;
}

/* A package's versions, newest first, each with its services. */
static struct val *versions_val(struct render_ctx *r, const char *from,
				const struct dep_package *pkg)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < pkg->nversions; i++) {
		const struct dep_version *v = &pkg->versions[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "version", v->version);
		val_set_bool(a, m, "resolved", v->resolved);
		struct val *svcs = val_set(a, m, "services", val_list(a));
		for (size_t k = 0; k < v->nuses; k++)
			val_push(a, svcs, use_val(r, from, v->uses[k]));
		val_push(a, list, m);
	}
	return list;
}

void page_deps_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "dependencies/";
	struct val *ctx = render_base(r, addr, "dependencies", "Dependencies");
	struct val *list = val_set(a, ctx, "packages", val_list(a));
	const char **ecos = arena_alloc(a, (s->ndep_packages + 1) * sizeof(char *));
	/* past PAGE_DEPS_INLINE uses in all, versions give their number of
	 * services, and the package's page names them: the page stays small */
	size_t total = 0;
	for (size_t i = 0; i < s->ndep_packages; i++)
		for (size_t k = 0; k < s->dep_packages[i]->nversions; k++)
			total += s->dep_packages[i]->versions[k].nuses;
	int inline_uses = total <= PAGE_DEPS_INLINE;
	for (size_t i = 0; i < s->ndep_packages; i++) {
		const struct dep_package *pkg = s->dep_packages[i];
		struct val *m = view_dep_package(r, addr, pkg);
		struct val *vs = val_set(a, m, "versions", val_list(a));
		for (size_t k = 0; k < pkg->nversions; k++) {
			const struct dep_version *v = &pkg->versions[k];
			struct val *vm = val_map(a);
			val_set_str(a, vm, "version", v->version);
			val_set_num(a, vm, "nuses", (double)v->nuses);
			struct val *svcs = val_set(a, vm, "services", val_list(a));
			for (size_t j = 0; inline_uses && j < v->nuses; j++) {
				const struct dep_use *u = v->uses[j];
				struct val *sm = val_map(a);
				val_set_str(a, sm, "name", u->svc->name);
				val_set_str(a, sm, "url",
					    render_url(r, addr, u->svc->address));
				val_set_str(a, sm, "kind", use_kind(u));
				val_push(a, svcs, sm);
			}
			val_push(a, vs, vm);
		}
		val_push(a, list, m);
		ecos[i] = pkg->ecosystem;
	}
	val_set(a, ctx, "ecosystems", render_names(r, ecos, s->ndep_packages));
	val_set_num(a, ctx, "npackages", (double)s->ndep_packages);
	val_set_str(a, ctx, "json_url", "../dependencies.json");
	render_page(r, "dependencies", addr, ctx, 0);
}

void page_dep_package(struct render_ctx *r, const struct dep_package *pkg)
{
	struct arena *a = &r->arena;
	const char *addr = pkg->address;
	struct val *versions = versions_val(r, addr, pkg);
	/* what it shows of every service using it, fingerprinted as shown */
	uint64_t fp = view_fp_shown(hash_mix_str(r->site->chrome_fp, addr),
				    &versions, 1);
	if (render_reuse(r, addr, fp))
		return;
	struct val *ctx = render_base(r, addr, "dependency", pkg->name);
	struct val *m = val_set(a, ctx, "package", view_dep_package(r, addr, pkg));
	val_set(a, m, "versions", versions);
	val_set_str(a, ctx, "index_url", render_url(r, addr, "dependencies/"));
	struct search_entry se = SEARCH_ENTRY_INIT;
	se.kind = "package";
	se.title = pkg->name;
	se.name = pkg->name;
	se.url = addr;
	struct buf body = BUF_INIT;
	buf_printf(&body, "%s package", pkg->ecosystem);
	for (size_t i = 0; i < pkg->nversions; i++)
		buf_printf(&body, " %s", pkg->versions[i].version);
	se.body = arena_strdup(a, body.ptr);
	buf_release(&body);
	render_search(r, &se, NULL, 0);
	render_page(r, "dependency", addr, ctx, fp);
}

static void write_file(struct render_ctx *r, const char *rel, struct buf *data)
{
	struct buf err = BUF_INIT;
	if (output_write(r->out, rel, data->ptr, data->len, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
			 "%s", err.ptr);
		r->failed = 1;
	}
	buf_release(&err);
}

/* dependencies/data/services.js: [[name, address, team, team address,
 * on-call link], ...] in the order of s->services. */
static void write_services(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *list = val_list(a);
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		struct val *row = val_list(a);
		val_push(a, row, val_str(a, svc->name));
		val_push(a, row, val_str(a, svc->address));
		val_push(a, row,
			 svc->team ? val_str(a, svc->team->title) : val_null(a));
		val_push(a, row,
			 svc->team ? val_str(a, svc->team->address) : val_null(a));
		val_push(a, row,
			 svc->oncall_url ? val_str(a, svc->oncall_url) : val_null(a));
		val_push(a, list, row);
	}
	struct buf js = BUF_INIT;
	buf_puts(&js, "cairnDepsData.services(");
	val_to_json(&js, list);
	buf_puts(&js, ");\n");
	write_file(r, "dependencies/data/services.js", &js);
	buf_release(&js);
}

/* The index of svc in s->services. */
static size_t service_index(const struct site *s, const struct service *svc)
{
	size_t lo = 0, hi = s->nservices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->services[mid]->slug, svc->slug);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* One shard: [[ecosystem, name, address, [[version, resolved,
 * [[service index, direct], ...]], ...]], ...]. */
static void write_shard(struct render_ctx *r, char c)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *list = val_list(a);
	for (size_t i = 0; i < s->ndep_packages; i++) {
		const struct dep_package *pkg = s->dep_packages[i];
		if (shard_of(pkg) != c)
			continue;
		struct val *row = val_list(a);
		val_push(a, row, val_str(a, pkg->ecosystem));
		val_push(a, row, val_str(a, pkg->name));
		val_push(a, row, val_str(a, pkg->address));
		struct val *vs = val_list(a);
		for (size_t k = 0; k < pkg->nversions; k++) {
			const struct dep_version *v = &pkg->versions[k];
			struct val *vr = val_list(a);
			val_push(a, vr, val_str(a, v->version));
			val_push(a, vr, val_num(a, v->resolved));
			struct val *us = val_list(a);
			for (size_t j = 0; j < v->nuses; j++) {
				struct val *u = val_list(a);
				val_push(a, u,
					 val_num(a, (double)service_index(
							    s, v->uses[j]->svc)));
				val_push(a, u, val_num(a, v->uses[j]->direct));
				val_push(a, us, u);
			}
			val_push(a, vr, us);
			val_push(a, vs, vr);
		}
		val_push(a, row, vs);
		val_push(a, list, row);
	}
	if (!list->u.list.len)
		return; /* the filter takes a missing shard as empty */
	struct buf js = BUF_INIT;
	buf_printf(&js, "cairnDepsData.shard(\"%c\",", c);
	val_to_json(&js, list);
	buf_puts(&js, ");\n");
	write_file(r, arena_printf(a, "dependencies/data/%c.js", c), &js);
	buf_release(&js);
}

void page_deps_data(struct render_ctx *r)
{
	static const char shards[] = "0123456789abcdefghijklmnopqrstuvwxyz_";
	write_services(r);
	for (const char *c = shards; *c; c++)
		write_shard(r, *c);
}

void export_dependencies(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *root = val_map(a);
	val_set_str(a, root, "generator", "cairn " CAIRN_VERSION);
	struct val *pkgs = val_set(a, root, "packages", val_list(a));
	for (size_t i = 0; i < s->ndep_packages; i++) {
		const struct dep_package *pkg = s->dep_packages[i];
		struct val *m = val_map(a);
		val_set_str(a, m, "ecosystem", pkg->ecosystem);
		val_set_str(a, m, "name", pkg->name);
		val_set_str(a, m, "url",
			    arena_printf(a, "%s%s", s->cfg->base_url, pkg->address));
		struct val *vs = val_set(a, m, "versions", val_list(a));
		for (size_t k = 0; k < pkg->nversions; k++) {
			const struct dep_version *v = &pkg->versions[k];
			struct val *vm = val_map(a);
			val_set_str(a, vm, "version", v->version);
			val_set_bool(a, vm, "resolved", v->resolved);
			int direct = 0;
			struct val *svcs = val_set(a, vm, "services", val_list(a));
			for (size_t j = 0; j < v->nuses; j++) {
				const struct dep_use *u = v->uses[j];
				struct val *sm = val_map(a);
				val_set_str(a, sm, "name", u->svc->name);
				val_set_bool(a, sm, "direct", u->direct);
				val_set_bool(a, sm, "dev", u->dev);
				val_push(a, svcs, sm);
				direct |= u->direct;
			}
			val_set_bool(a, vm, "direct", direct);
			val_push(a, vs, vm);
		}
		val_push(a, pkgs, m);
	}
	struct buf json = BUF_INIT;
	val_to_json(&json, root);
	buf_putc(&json, '\n');
	write_file(r, "dependencies.json", &json);
	buf_release(&json);
}
