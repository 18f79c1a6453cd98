/* deps_json: the JSON manifests and lock files of npm and Composer (see
 * deps.h for what is read). */
#include "deps.h"

#include <string.h>

#include "json.h"
#include "val.h"
#include "version.h"

static const char *str_of(const struct val *v)
{
	return v && v->type == VAL_STR ? v->u.str.ptr : NULL;
}

/* The exact version a manifest's range names ("1.2.3", "=1.2.3",
 * "v1.2.3"), or "". */
static const char *exact_version(const char *eco, const char *range)
{
	const char *v = range[0] == '=' ? range + 1 : range;
	return version_valid(eco, v) ? v : "";
}

/* A map of name: range (package.json's dependencies, composer.json's
 * require); platform: skip Composer's "php", "ext-*" (names without '/'). */
static void manifest_map(struct deps_list *out, struct arena *a, const struct val *map,
			 const char *eco, int dev, const char *what)
{
	size_t i;
	if (!map)
		return;
	if (map->type != VAL_MAP) {
		deps_problem(out, a, map->line,
			     "\"%s\" is not a map of names to versions", what);
		return;
	}
	for (i = 0; i < map->u.map.len; i++) {
		const struct val_pair *p = &map->u.map.pairs[i];
		struct deps_package *pkg;
		if (strcmp(eco, "packagist") == 0 && !strchr(p->key, '/'))
			continue;
		if (p->val->type != VAL_STR) {
			deps_problem(out, a, p->val->line,
				     "the version of \"%s\" in \"%s\" is not a string",
				     p->key, what);
			continue;
		}
		pkg = deps_add(out, a, eco, p->key,
			       exact_version(eco, p->val->u.str.ptr),
			       p->val->u.str.ptr, p->val->line);
		pkg->direct = 1;
		pkg->dev = dev;
	}
}

/* ---------------------------------------------------------------- npm */

/* v1: the "dependencies" tree; top-level entries first, then what is
 * nested below each. */
static void lock_v1(struct deps_list *out, struct arena *a,
		    const struct val *deps, int depth)
{
	size_t i;
	if (!deps || deps->type != VAL_MAP)
		return;
	for (i = 0; i < deps->u.map.len; i++) {
		const struct val *e = deps->u.map.pairs[i].val;
		const char *v = str_of(val_get(e, "version"));
		struct deps_package *pkg;
		if (!v) {
			deps_problem(out, a, e->line, "the package \"%s\" has no version",
				     deps->u.map.pairs[i].key);
			continue;
		}
		pkg = deps_add(out, a, "npm", deps->u.map.pairs[i].key, v, "", e->line);
		pkg->dev = val_truthy(val_get(e, "dev"));
	}
	if (depth >= 100)
		return;
	for (i = 0; i < deps->u.map.len; i++)
		lock_v1(out, a, val_get(deps->u.map.pairs[i].val, "dependencies"),
			depth + 1);
}

/* The package a "packages" key names ("node_modules/a/node_modules/@s/b":
 * "@s/b"), or NULL for the project and its workspaces. */
static const char *installed_name(const char *key, int *nested)
{
	const char *last = NULL, *s = key;
	*nested = 0;
	while ((s = strstr(s, "node_modules/")) != NULL) {
		if (s == key || s[-1] == '/') {
			*nested += last != NULL || s != key;
			last = s + 13;
		}
		s += 13;
	}
	return last && *last ? last : NULL;
}

/* v2 and v3: the "packages" map; the project's own entry ("") says which
 * are direct. */
static void lock_packages(struct deps_list *out, struct arena *a, const struct val *pkgs)
{
	const struct val *root = val_get(pkgs, "");
	static const char *const sections[] = { "dependencies", "optionalDependencies",
						"devDependencies" };
	size_t i, s;
	int pass;
	for (pass = 0; pass < 2; pass++) /* top-level installs, then nested */
		for (i = 0; i < pkgs->u.map.len; i++) {
			const struct val_pair *p = &pkgs->u.map.pairs[i];
			const char *name, *v;
			struct deps_package *pkg;
			int nested;
			name = installed_name(p->key, &nested);
			if (!name || (nested > 0) != pass ||
			    val_truthy(val_get(p->val, "link")))
				continue;
			if (str_of(val_get(p->val, "name")))
				name = str_of(val_get(p->val, "name"));
			v = str_of(val_get(p->val, "version"));
			if (!v) {
				deps_problem(out, a, p->val->line,
					     "the package \"%s\" has no version",
					     p->key);
				continue;
			}
			pkg = deps_add(out, a, "npm", name, v, "", p->val->line);
			pkg->dev = val_truthy(val_get(p->val, "dev"));
			for (s = 0; !pass && s < 3; s++)
				if (val_get(val_get(root, sections[s]), name))
					pkg->direct = 1;
		}
}

static int read_lock(struct deps_list *out, struct arena *a,
		     const struct val *doc, struct deps_error *err)
{
	const struct val *pkgs = val_get(doc, "packages");
	const struct val *ver = val_get(doc, "lockfileVersion");
	size_t from = out->len;
	if (ver && (ver->type != VAL_NUM || ver->u.num < 1 || ver->u.num > 3))
		return deps_fail(err, ver->line, "the lockfileVersion is not 1, 2 or 3");
	if (pkgs && pkgs->type == VAL_MAP)
		lock_packages(out, a, pkgs);
	else if (pkgs)
		return deps_fail(err, pkgs->line, "\"packages\" is not a map");
	else
		lock_v1(out, a, val_get(doc, "dependencies"), 0);
	deps_unique(out, a, from);
	return 0;
}

/* ---------------------------------------------------------------- Composer */

static void composer_lock(struct deps_list *out, struct arena *a,
			  const struct val *list, int dev)
{
	size_t i;
	if (!list)
		return;
	if (list->type != VAL_LIST) {
		deps_problem(out, a, list->line, "\"%s\" is not a list",
			     dev ? "packages-dev" : "packages");
		return;
	}
	for (i = 0; i < list->u.list.len; i++) {
		const struct val *e = list->u.list.items[i];
		const char *name = str_of(val_get(e, "name"));
		const char *v = str_of(val_get(e, "version"));
		if (!name || !v) {
			deps_problem(out, a, e->line, "a package has no name or version");
			continue;
		}
		deps_add(out, a, "packagist", name, v, "", e->line)->dev = dev;
	}
}

int deps_read_json(struct deps_list *out, struct arena *a, enum deps_format f,
		   const char *text, size_t len, struct deps_error *err)
{
	struct val *doc;
	struct parse_error je;
	size_t from = out->len;
	if (json_parse(&doc, a, text, len, &je) < 0)
		return deps_fail(err, je.line, "%s", je.msg);
	if (doc->type != VAL_MAP)
		return deps_fail(err, doc->line, "the file is not a JSON object");
	switch (f) {
	case DEPS_PACKAGE_JSON:
		manifest_map(out, a, val_get(doc, "dependencies"), "npm", 0,
			     "dependencies");
		manifest_map(out, a, val_get(doc, "optionalDependencies"),
			     "npm", 0, "optionalDependencies");
		manifest_map(out, a, val_get(doc, "devDependencies"), "npm", 1,
			     "devDependencies");
		return 0;
	case DEPS_COMPOSER_JSON:
		manifest_map(out, a, val_get(doc, "require"), "packagist", 0, "require");
		manifest_map(out, a, val_get(doc, "require-dev"), "packagist",
			     1, "require-dev");
		return 0;
	case DEPS_COMPOSER_LOCK:
		composer_lock(out, a, val_get(doc, "packages"), 0);
		composer_lock(out, a, val_get(doc, "packages-dev"), 1);
		deps_unique(out, a, from);
		return 0;
	default: return read_lock(out, a, doc, err);
	}
}
