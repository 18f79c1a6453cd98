/* deps_json: the JSON manifests and lock files of npm and Composer (see
 * deps.h for what is read). */
#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "map.h"
#include "strset.h"
#include "val.h"
#include "version.h"
#include "xalloc.h"

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
		const char *name = p->key, *range = p->val->u.str.ptr, *at = NULL;
		if (!strcmp(eco, "npm") && !strncmp(range, "npm:", 4) && range[4])
			at = strchr(range + 5, '@'); /* past a scope's '@' */
		if (at) {
			/* an alias, "left": "npm:left-pad@^1.3.0": the package
			 * installed is left-pad */
			name = arena_strndup(a, range + 4, (size_t)(at - range - 4));
			range = at + 1;
		}
		pkg = deps_add(out, a, eco, name, exact_version(eco, range),
			       range, p->val->line);
		pkg->direct = 1;
		pkg->dev = dev;
	}
}

/* ---------------------------------------------------------------- npm
 *
 * package-lock.json is read with a cursor (json.h): two thirds of a lock
 * file's bytes are the URLs and hashes of "resolved" and "integrity",
 * which are checked as JSON and passed, never built.  What is kept is what
 * a tree would be asked for (val_get: the first member of a name): the
 * first "lockfileVersion", "packages" and "dependencies" of the file, and
 * of each package the first "name", "version", "dev" and "link". */

/* A member of "packages" (v2, v3) that installs a package. */
struct npm_install {
	const char *key;     /* "node_modules/a/node_modules/@s/b" */
	const char *name;    /* its "name" when a string, else "@s/b" */
	const char *version; /* NULL: none, or not a string */
	int dev, link, nested, line;
};

/* A member of a v1 "dependencies" tree. */
struct npm_dep {
	const char *key, *version; /* version NULL: none, or not a string */
	int dev, line;
	struct npm_dep *deps; /* its own "dependencies" (when a map) */
	size_t ndeps;
};

struct npm_lock {
	struct json_cursor c;
	struct arena *a;
	int doc_line, is_object;
	struct val *version; /* the first "lockfileVersion" */
	int has_packages, packages_line, packages_map;
	struct npm_install *installs; /* malloc'd: read, then listed */
	size_t ninstalls, cap;
	struct strset direct; /* what the project's own entry ("") names */
	int has_v1;
	struct npm_dep *v1;
	size_t nv1;
};

/* The package a "packages" key (n bytes) names
 * ("node_modules/a/node_modules/@s/b": "@s/b", nested once), or NULL for
 * the project and its workspaces: what follows the last "node_modules/"
 * that starts the key or follows a '/'. */
static const char *installed_name(const char *key, size_t n, int *nested)
{
	const char *last = NULL, *s = key, *end = key + n;
	*nested = 0;
	while (s) {
		if (end - s >= 13 && memcmp(s, "node_modules/", 13) == 0) {
			*nested += last != NULL || s != key;
			last = s += 13;
			continue;
		}
		if ((s = memchr(s, '/', (size_t)(end - s))) != NULL)
			s++;
	}
	return last && last < end ? last : NULL;
}

/* Skips the value at the cursor. */
static int skip(struct npm_lock *l)
{
	return json_cursor_value(&l->c, NULL);
}

/* Enters the value at the cursor when it is an object (*is_object 1):
 * 1 when a member follows, 0 when it is empty or not an object (then
 * skipped), -1; *line is its line. */
static int enter_object(struct npm_lock *l, int *line, int *is_object)
{
	int t = json_cursor_peek(&l->c, line);
	if (t < 0)
		return -1;
	*is_object = t == '{';
	if (t != '{')
		return skip(l) < 0 ? -1 : 0;
	return json_cursor_object(&l->c);
}

static int enter(struct npm_lock *l, int *line)
{
	int is_object;
	return enter_object(l, line, &is_object);
}

/* The next member of the entered object among names (the first of each
 * name only: *seen has a bit for each met), the others passed: as
 * json_cursor_member. */
static int next_kept(struct npm_lock *l, const char *const *names, int *seen, int *which)
{
	int r;
	while ((r = json_cursor_member(&l->c, names, which)) > 0) {
		if (!(*seen & 1 << *which)) {
			*seen |= 1 << *which;
			return 1;
		}
		if (skip(l) < 0)
			return -1;
		if ((r = json_cursor_next(&l->c)) <= 0)
			return r;
	}
	return r;
}

/* The string, or NULL; and the truthiness (val_truthy) of the value at
 * the cursor. */
static int read_str(struct npm_lock *l, const char **out)
{
	return json_cursor_string(&l->c, out);
}

static int read_flag(struct npm_lock *l, int *out)
{
	struct val *v;
	if (json_cursor_value(&l->c, &v) < 0)
		return -1;
	*out = val_truthy(v);
	return 0;
}

static int read_v1(struct npm_lock *l, struct npm_dep **out, size_t *n, int depth);

/* A v1 package: version, dev and its own dependencies. */
static int read_v1_entry(struct npm_lock *l, struct npm_dep *d, int depth)
{
	static const char *const names[] = { "version", "dev", "dependencies", NULL };
	int r, seen = 0, which;
	if ((r = enter(l, &d->line)) <= 0)
		return r;
	do {
		if ((r = next_kept(l, names, &seen, &which)) <= 0)
			return r;
		if (which == 0)
			r = read_str(l, &d->version);
		else if (which == 1)
			r = read_flag(l, &d->dev);
		else if (depth < 100)
			r = read_v1(l, &d->deps, &d->ndeps, depth + 1);
		else
			r = skip(l);
		if (r < 0)
			return -1;
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* A v1 "dependencies" map (anything else is skipped) at depth (0: the
 * file's) into *out and *n. */
static int read_v1(struct npm_lock *l, struct npm_dep **out, size_t *n, int depth)
{
	size_t cap = 0;
	int r, line;
	if ((r = enter(l, &line)) <= 0)
		return r;
	do {
		struct npm_dep d = { NULL, NULL, 0, 0, NULL, 0 };
		const char *key;
		size_t len;
		if (json_cursor_key(&l->c, &key, &len) < 0)
			return -1;
		d.key = arena_strndup(l->a, key, len);
		if (read_v1_entry(l, &d, depth) < 0)
			return -1;
		ARENA_GROW(l->a, *out, cap, *n + 1);
		(*out)[(*n)++] = d;
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* The names of the map at the cursor into l->direct. */
static int read_direct(struct npm_lock *l)
{
	int r, line;
	if ((r = enter(l, &line)) <= 0)
		return r;
	do {
		const char *key;
		size_t n;
		if (json_cursor_key(&l->c, &key, &n) < 0 || skip(l) < 0)
			return -1;
		strset_add(&l->direct, arena_strndup(l->a, key, n));
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* The project's own entry: the names of its dependencies (the first of
 * each section). */
static int read_root(struct npm_lock *l)
{
	static const char *const names[] = { "dependencies", "optionalDependencies",
					     "devDependencies", NULL };
	int r, seen = 0, which, line;
	if ((r = enter(l, &line)) <= 0)
		return r;
	do {
		if ((r = next_kept(l, names, &seen, &which)) <= 0)
			return r;
		if (read_direct(l) < 0)
			return -1;
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* An install: name, version, dev, link. */
static int read_install(struct npm_lock *l, struct npm_install *e)
{
	static const char *const names[] = { "version", "dev", "name", "link", NULL };
	const char *name = NULL;
	int r, seen = 0, which;
	if ((r = enter(l, &e->line)) <= 0)
		return r;
	do {
		if ((r = next_kept(l, names, &seen, &which)) <= 0)
			return r;
		switch (which) {
		case 0: r = read_str(l, &e->version); break;
		case 1: r = read_flag(l, &e->dev); break;
		case 2: /* a package installed under another name */
			if ((r = read_str(l, &name)) == 0 && name)
				e->name = name;
			break;
		default: r = read_flag(l, &e->link);
		}
		if (r < 0)
			return -1;
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* "packages": the project's own entry (the first ""), and the installs
 * of packages (the members whose path names one). */
static int read_packages(struct npm_lock *l)
{
	int r, root_seen = 0;
	if ((r = enter_object(l, &l->packages_line, &l->packages_map)) <= 0)
		return r;
	do {
		struct npm_install e = { NULL, NULL, NULL, 0, 0, 0, 0 };
		const char *key;
		size_t n;
		if (json_cursor_key(&l->c, &key, &n) < 0)
			return -1;
		if (n == 0 && !root_seen) {
			root_seen = 1;
			r = read_root(l);
		} else if (!(e.name = installed_name(key, n, &e.nested))) {
			r = skip(l);
		} else {
			e.key = arena_strndup(l->a, key, n);
			e.name = e.key + (e.name - key);
			if ((r = read_install(l, &e)) == 0) {
				if (l->ninstalls + 1 > l->cap)
					XGROW(l->installs, l->cap, l->ninstalls + 1);
				l->installs[l->ninstalls++] = e;
			}
		}
		if (r < 0)
			return -1;
	} while ((r = json_cursor_next(&l->c)) > 0);
	return r;
}

/* The whole file: its first "packages", "lockfileVersion" and (without
 * "packages") "dependencies"; then nothing but white space.  0 when it is
 * JSON. */
static int scan_lock(struct npm_lock *l)
{
	static const char *const names[] = { "packages", "lockfileVersion",
					     "dependencies", NULL };
	int r, seen = 0, which, t = json_cursor_peek(&l->c, &l->doc_line);
	if (t < 0)
		return -1;
	l->is_object = t == '{';
	if (!l->is_object)
		r = skip(l);
	else if ((r = json_cursor_object(&l->c)) > 0)
		do {
			if ((r = next_kept(l, names, &seen, &which)) <= 0)
				break;
			if (which == 0) {
				l->has_packages = 1;
				r = read_packages(l);
			} else if (which == 1) {
				r = json_cursor_value(&l->c, &l->version);
			} else if (l->has_packages) { /* v2: the v1 tree is for older npms */
				r = skip(l);
			} else {
				l->has_v1 = 1;
				r = read_v1(l, &l->v1, &l->nv1, 0);
			}
			if (r < 0)
				return -1;
		} while ((r = json_cursor_next(&l->c)) > 0);
	return r < 0 ? -1 : json_cursor_finish(&l->c);
}

/* v1: top-level entries first, then what is nested below each. */
static void add_v1(struct deps_list *out, struct arena *a,
		   const struct npm_dep *deps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct npm_dep *d = &deps[i];
		if (!d->version)
			deps_problem(out, a, d->line,
				     "the package \"%s\" has no version", d->key);
		else
			deps_add(out, a, "npm", d->key, d->version, "", d->line)->dev =
				d->dev;
	}
	for (size_t i = 0; i < n; i++)
		add_v1(out, a, deps[i].deps, deps[i].ndeps);
}

/* Marks direct the entries of out from `from` on that the project's own
 * entry names. */
static void mark_direct(struct deps_list *out, const struct npm_lock *l, size_t from)
{
	const struct map *names = &l->direct.map;
	if (deps_sorted(out, from, out->len)) {
		out->sorted = from == 0; /* deps_unique need not check again */
		for (size_t k = 0; k < names->len; k++) {
			size_t at = deps_find_sorted(out, from, out->len,
						     names->entries[k].key);
			if (at != (size_t)-1)
				out->items[at].direct = 1;
		}
		return;
	}
	for (size_t i = from; i < out->len && names->len; i++) {
		const char *name = out->items[i].name;
		out->items[i].direct = map_get(names, name, strlen(name)) != NULL;
	}
}

/* v2 and v3: top-level installs, then nested ones; the project's own
 * entry says which top-level ones are direct. */
static void add_installs(struct deps_list *out, struct npm_lock *l)
{
	ARENA_GROW(l->a, out->items, out->cap, out->len + l->ninstalls);
	for (int pass = 0; pass < 2; pass++) {
		size_t from = out->len;
		for (size_t i = 0; i < l->ninstalls; i++) {
			const struct npm_install *e = &l->installs[i];
			if ((e->nested > 0) != pass || e->link)
				continue;
			if (!e->version)
				deps_problem(out, l->a, e->line,
					     "the package \"%s\" has no version",
					     e->key);
			else
				deps_add(out, l->a, "npm", e->name, e->version,
					 "", e->line)
					->dev = e->dev;
		}
		if (!pass)
			mark_direct(out, l, from);
	}
}

static int read_lock(struct deps_list *out, struct arena *a, const char *text,
		     size_t len, struct deps_error *err)
{
	struct npm_lock l;
	struct parse_error je;
	const struct val *ver;
	size_t from = out->len;
	int rc = -1;
	memset(&l, 0, sizeof(l));
	l.a = a;
	XGROW(l.installs, l.cap, len / 256 + 16); /* about what a package takes */
	json_cursor_init(&l.c, a, text, len, &je);
	if (scan_lock(&l) < 0) {
		rc = deps_fail(err, je.line, "%s", je.msg);
		goto cleanup;
	}
	ver = l.version;
	if (!l.is_object)
		rc = deps_fail(err, l.doc_line, "the file is not a JSON object");
	else if (ver && (ver->type != VAL_NUM || ver->u.num < 1 || ver->u.num > 3))
		rc = deps_fail(err, ver->line, "the lockfileVersion is not 1, 2 or 3");
	else if (l.has_packages && !l.packages_map)
		rc = deps_fail(err, l.packages_line, "\"packages\" is not a map");
	else
		rc = 0;
	if (rc < 0)
		goto cleanup;
	if (l.has_packages)
		add_installs(out, &l);
	else
		add_v1(out, a, l.v1, l.nv1);
	deps_unique(out, a, from);

cleanup:
	json_cursor_release(&l.c);
	strset_release(&l.direct);
	free(l.installs);
	return rc;
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
	if (f == DEPS_PACKAGE_LOCK)
		return read_lock(out, a, text, len, err);
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
	default: /* composer.lock */
		composer_lock(out, a, val_get(doc, "packages"), 0);
		composer_lock(out, a, val_get(doc, "packages-dev"), 1);
		deps_unique(out, a, from);
		return 0;
	}
}
