/* view_deps: the pieces of pages that show packages (view_deps.h). */
#include "view_deps.h"

#include "assemble_deps.h"

struct val *view_dep_package(struct render_ctx *r, const char *from,
			     const struct dep_package *pkg)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "name", pkg->name);
	val_set_str(a, m, "ecosystem", pkg->ecosystem);
	val_set_str(a, m, "url", render_url(r, from, pkg->address));
	val_set_num(a, m, "nservices", (double)pkg->nservices);
	val_set_num(a, m, "nversions", (double)pkg->nversions);
	return m;
}

struct val *view_service_deps(struct render_ctx *r, const char *from,
			      const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < svc->ndeps; i++) {
		const struct dep_use *u = &svc->deps[i];
		if (!u->direct)
			continue;
		struct val *m = view_dep_package(r, from, u->pkg);
		val_set_str(a, m, "version", *u->version ? u->version : u->range);
		val_set_bool(a, m, "dev", u->dev);
		val_push(a, list, m);
	}
	return list;
}
