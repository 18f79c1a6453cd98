#include "page_deps.h"

#include "view_docfp.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "assemble_deps.h"
#include "hash.h"
#include "view.h"
#include "view_deps.h"

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

/* A row of the package lists: the package with its newest and oldest
 * versions (its ranges when no version is known) and its counts. */
static struct val *row_val(struct render_ctx *r, const char *from,
			   const struct dep_package *pkg)
{
	struct arena *a = &r->arena;
	struct val *m = view_dep_package(r, from, pkg);
	if (!pkg->nversions)
		return m;
	const struct dep_version *newest = &pkg->versions[0], *oldest = newest;
	for (size_t k = 1; k < pkg->nversions; k++)
		if (pkg->versions[k].resolved == newest->resolved)
			oldest = &pkg->versions[k];
	val_set_str(a, m, "newest", newest->version);
	if (oldest != newest)
		val_set_str(a, m, "oldest", oldest->version);
	return m;
}

/* The packages most services use first, then in name order. */
static int cmp_most_used(const void *pa, const void *pb)
{
	const struct dep_package *a = *(struct dep_package *const *)pa;
	const struct dep_package *b = *(struct dep_package *const *)pb;
	if (a->nservices != b->nservices)
		return a->nservices > b->nservices ? -1 : 1;
	/* then the order of s->dep_packages (assemble_deps.c's cmp_package);
	 * their addresses in memory are in no order a build repeats */
	int c = strcasecmp(a->name, b->name);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->ecosystem, b->ecosystem);
}

/* dependencies/all/<n>/: the packages [first, first + n) in name order. */
static void render_part(struct render_ctx *r, const char *addr,
			const char *title, size_t first, size_t n)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *ctx = render_base(r, addr, "dependencies-part", title);
	struct val *list = val_set(a, ctx, "packages", val_list(a));
	for (size_t i = first; i < first + n; i++)
		val_push(a, list, row_val(r, addr, s->dep_packages[i]));
	val_set_num(a, ctx, "npackages", (double)s->ndep_packages);
	val_set_str(a, ctx, "index_url", render_url(r, addr, "dependencies/"));
	render_page(r, "dependencies-part", addr, ctx, 0);
}

/* Past PAGE_DEPS_INDEX_ROWS packages, the index lists the most used and
 * links the parts, which list all of them in name order: the index's
 * `parts` ({url, number, first, last}), each part rendered. */
static struct val *parts_val(struct render_ctx *r, const char *addr)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *parts = val_list(a);
	for (size_t i = 0, k = 1; i < s->ndep_packages;
	     i += PAGE_DEPS_INDEX_ROWS, k++) {
		size_t n = s->ndep_packages - i;
		if (n > PAGE_DEPS_INDEX_ROWS)
			n = PAGE_DEPS_INDEX_ROWS;
		const char *first = s->dep_packages[i]->name;
		const char *last = s->dep_packages[i + n - 1]->name;
		const char *paddr = arena_printf(a, "dependencies/all/%zu/", k);
		struct val *m = val_map(a);
		val_set_str(a, m, "url", render_url(r, addr, paddr));
		val_set_num(a, m, "number", (double)k);
		val_set_str(a, m, "first", first);
		val_set_str(a, m, "last", last);
		val_push(a, parts, m);
		render_part(r, paddr,
			    arena_printf(a, "Dependencies: %s to %s", first, last),
			    i, n);
	}
	return parts;
}

void page_deps_index(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	const char *addr = "dependencies/";
	size_t n = s->ndep_packages, shown = n;
	const struct dep_package **pkgs = arena_alloc(a, (n + 1) * sizeof(*pkgs));
	const char **ecos = arena_alloc(a, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		pkgs[i] = s->dep_packages[i];
		ecos[i] = pkgs[i]->ecosystem;
	}
	struct val *parts = NULL;
	if (n > PAGE_DEPS_INDEX_ROWS) {
		/* the page stays small: the parts list the rest */
		qsort(pkgs, n, sizeof(*pkgs), cmp_most_used);
		shown = PAGE_DEPS_INDEX_ROWS;
		parts = parts_val(r, addr);
	}
	struct val *ctx = render_base(r, addr, "dependencies", "Dependencies");
	struct val *list = val_set(a, ctx, "packages", val_list(a));
	for (size_t i = 0; i < shown; i++)
		val_push(a, list, row_val(r, addr, pkgs[i]));
	if (parts) {
		val_set(a, ctx, "parts", parts);
		val_set_num(a, ctx, "nshown", (double)shown);
	}
	val_set(a, ctx, "ecosystems", render_names(r, ecos, n));
	val_set_num(a, ctx, "npackages", (double)n);
	val_set_str(a, ctx, "json_url", "../dependencies.json");
	/* kept when what it shows is the same (view_docfp.h) */
	view_docfp_index_page(r, "dependencies", addr, ctx);
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

/* The filter's key of a package's name (page_deps.h): into b. */
static void filter_key(struct buf *b, const char *name)
{
	const char *colon = strrchr(name, ':');
	buf_clear(b);
	for (const char *p = colon ? colon + 1 : name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			if (!b->len || b->ptr[b->len - 1] != '-')
				buf_putc(b, '-');
		} else {
			buf_putc(b, ascii_lower(*p));
		}
	}
}

/* A package and its filter key. */
struct keyed {
	const char *key;
	const struct dep_package *pkg;
};

static int cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->pkg > b->pkg) - (a->pkg < b->pkg);
}

/* About the bytes of a package's row in a shard (shard_row). */
static size_t bytes_of(const struct dep_package *pkg)
{
	size_t n = 16 + strlen(pkg->ecosystem) + strlen(pkg->name) +
		   strlen(pkg->address);
	for (size_t k = 0; k < pkg->nversions; k++)
		n += 8 + strlen(pkg->versions[k].version) + 8 * pkg->versions[k].nuses;
	return n;
}

/* dependencies/data/services.js: cairnDepsData.services([[name, address,
 * team, team address, on-call link], ...] in the order of s->services,
 * [the first key of each shard, ...]). */
static void write_services(struct render_ctx *r, struct val *firsts)
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
	buf_putc(&js, ',');
	val_to_json(&js, firsts);
	buf_puts(&js, ");\n");
	render_write(r, "dependencies/data/services.js", js.ptr, js.len);
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

/* A package as its shard holds it: [ecosystem, name, address, [[version,
 * resolved, [[service index, direct], ...]], ...]]. */
static struct val *shard_row(struct render_ctx *r, const struct dep_package *pkg)
{
	struct arena *a = &r->arena;
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
			size_t si = service_index(r->site, v->uses[j]->svc);
			val_push(a, u, val_num(a, (double)si));
			val_push(a, u, val_num(a, v->uses[j]->direct));
			val_push(a, us, u);
		}
		val_push(a, vr, us);
		val_push(a, vs, vr);
	}
	val_push(a, row, vs);
	return row;
}

/* dependencies/data/<n>.js: cairnDepsData.shard(n, [package, ...]). */
static void write_shard(struct render_ctx *r, size_t n, struct val *list)
{
	struct buf js = BUF_INIT;
	buf_printf(&js, "cairnDepsData.shard(%zu,", n);
	val_to_json(&js, list);
	buf_puts(&js, ");\n");
	render_write(r, arena_printf(&r->arena, "dependencies/data/%zu.js", n),
		     js.ptr, js.len);
	buf_release(&js);
}

void page_deps_data(struct render_ctx *r)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct keyed *k = arena_alloc(a, (s->ndep_packages + 1) * sizeof(*k));
	struct buf key = BUF_INIT;
	for (size_t i = 0; i < s->ndep_packages; i++) {
		filter_key(&key, s->dep_packages[i]->name);
		k[i] = (struct keyed){ arena_strdup(a, key.ptr), s->dep_packages[i] };
	}
	buf_release(&key);
	if (s->ndep_packages)
		qsort(k, s->ndep_packages, sizeof(*k), cmp_keyed);
	/* shards of consecutive keys, a key never split between two */
	struct val *firsts = val_list(a), *list = NULL;
	size_t bytes = 0;
	for (size_t i = 0; i < s->ndep_packages; i++) {
		size_t c = bytes_of(k[i].pkg);
		int same_key = i && strcmp(k[i].key, k[i - 1].key) == 0;
		if (list && !same_key && bytes + c > PAGE_DEPS_SHARD_BYTES) {
			write_shard(r, firsts->u.list.len - 1, list);
			list = NULL;
		}
		if (!list) {
			list = val_list(a);
			val_push(a, firsts, val_str(a, k[i].key));
			bytes = 0;
		}
		val_push(a, list, shard_row(r, k[i].pkg));
		bytes += c;
	}
	if (list)
		write_shard(r, firsts->u.list.len - 1, list);
	write_services(r, firsts);
}
