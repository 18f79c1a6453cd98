/* deps_lock: the TOML lock files (Cargo.lock, poetry.lock) and Maven's
 * pom.xml (see deps.h for what is read). */
#include "deps.h"

#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "toml.h"
#include "val.h"
#include "version.h"
#include "xml.h"

static const char *str_of(const struct val *v)
{
	return v && v->type == VAL_STR ? v->u.str.ptr : NULL;
}

/* ---------------------------------------------------------------- Cargo.lock, poetry.lock */

/* Marks as direct the packages a workspace member names in its
 * dependencies ("name" or "name version" or "name version (source)"). */
static void cargo_direct(struct deps_list *out, size_t from, const struct val *deps)
{
	size_t i, j;
	if (!deps || deps->type != VAL_LIST)
		return;
	for (i = 0; i < deps->u.list.len; i++) {
		const char *d = str_of(deps->u.list.items[i]), *sp;
		size_t nn;
		if (!d)
			continue;
		sp = strchr(d, ' ');
		nn = sp ? (size_t)(sp - d) : strlen(d);
		for (j = from; j < out->len; j++) {
			struct deps_package *p = &out->items[j];
			if (strlen(p->name) != nn || memcmp(p->name, d, nn) != 0)
				continue;
			if (sp && strncmp(sp + 1, p->version, strlen(p->version)) != 0)
				continue;
			p->direct = 1;
		}
	}
}

/* The [[package]] tables of Cargo.lock (those with a source: the others
 * are the workspace's own, whose dependencies are the direct ones) and of
 * poetry.lock (category "dev": dev). */
static int lock_packages(struct deps_list *out, struct arena *a,
			 const struct val *doc, int cargo, struct deps_error *err)
{
	const struct val *pkgs = val_get(doc, "package");
	size_t i, from = out->len;
	if (!pkgs)
		return 0;
	if (pkgs->type != VAL_LIST)
		return deps_fail(err, pkgs->line,
				 "\"package\" is not an array of tables");
	for (i = 0; i < pkgs->u.list.len; i++) {
		const struct val *p = pkgs->u.list.items[i];
		const char *name = str_of(val_get(p, "name"));
		const char *v = str_of(val_get(p, "version"));
		const char *cat = str_of(val_get(p, "category"));
		if (!name || !v)
			return deps_fail(err, p->line,
					 "a [[package]] lacks its name or version");
		if (!cargo)
			deps_add(out, a, "pypi",
				 deps_pypi_name(a, name, strlen(name)), v, "", p->line)
				->dev = cat && strcmp(cat, "dev") == 0;
		else if (val_get(p, "source"))
			deps_add(out, a, "cargo", name, v, "", p->line);
	}
	for (i = 0; cargo && i < pkgs->u.list.len; i++) {
		const struct val *p = pkgs->u.list.items[i];
		if (!val_get(p, "source"))
			cargo_direct(out, from, val_get(p, "dependencies"));
	}
	deps_unique(out, a, from);
	return 0;
}

/* ---------------------------------------------------------------- pyproject.toml */

/* 1 when a group's or extra's name says it is for development. */
static int dev_name(const char *name)
{
	char low[64];
	size_t i;
	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = ascii_lower(name[i]);
	low[i] = '\0';
	return strstr(low, "dev") || strstr(low, "test") || strstr(low, "lint");
}

/* A list of PEP 508 strings (project.dependencies, an extra, a group). */
static void pep508_list(struct deps_list *out, struct arena *a,
			const struct val *list, int dev)
{
	for (size_t i = 0;
	     list && list->type == VAL_LIST && i < list->u.list.len; i++) {
		const struct val *v = list->u.list.items[i];
		if (v->type == VAL_STR)
			deps_requirement(out, a, v->u.str.ptr, v->u.str.len,
					 v->line, dev);
	}
}

/* A table of Poetry dependencies: name = "constraint" or { version = ...,
 * ... }; "python" is the interpreter, not a package. */
static void poetry_table(struct deps_list *out, struct arena *a,
			 const struct val *t, int dev)
{
	for (size_t i = 0; t && t->type == VAL_MAP && i < t->u.map.len; i++) {
		const struct val_pair *p = &t->u.map.pairs[i];
		const char *c = str_of(p->val);
		if (p->key_len == 6 && memcmp(p->key, "python", 6) == 0)
			continue;
		if (!c)
			c = str_of(val_get(p->val, "version"));
		struct deps_package *pkg =
			deps_add(out, a, "pypi", deps_pypi_name(a, p->key, p->key_len),
				 "", c ? c : "", p->val->line);
		pkg->direct = 1;
		pkg->dev = dev;
	}
}

/* Each table of t whose name says dev (dev) or every one (all_dev). */
static void pyproject_groups(struct deps_list *out, struct arena *a,
			     const struct val *t, int poetry)
{
	for (size_t i = 0; t && t->type == VAL_MAP && i < t->u.map.len; i++) {
		const struct val_pair *p = &t->u.map.pairs[i];
		if (poetry)
			poetry_table(out, a, val_get(p->val, "dependencies"), 1);
		else if (dev_name(p->key))
			pep508_list(out, a, p->val, 1);
	}
}

static void read_pyproject(struct deps_list *out, struct arena *a, const struct val *doc)
{
	const struct val *project = val_get(doc, "project");
	const struct val *poetry = val_get(val_get(doc, "tool"), "poetry");
	size_t from = out->len;
	pep508_list(out, a, val_get(project, "dependencies"), 0);
	pyproject_groups(out, a, val_get(project, "optional-dependencies"), 0);
	pyproject_groups(out, a, val_get(doc, "dependency-groups"), 0);
	poetry_table(out, a, val_get(poetry, "dependencies"), 0);
	poetry_table(out, a, val_get(poetry, "dev-dependencies"), 1);
	pyproject_groups(out, a, val_get(poetry, "group"), 1);
	deps_unique(out, a, from);
}

int deps_read_toml(struct deps_list *out, struct arena *a, enum deps_format f,
		   const char *text, size_t len, struct deps_error *err)
{
	struct val *doc;
	struct parse_error te;
	if (toml_parse(&doc, a, text, len, &te) < 0)
		return deps_fail(err, te.line, "%s", te.msg);
	if (f == DEPS_PYPROJECT) {
		read_pyproject(out, a, doc);
		return 0;
	}
	return lock_packages(out, a, doc, f == DEPS_CARGO_LOCK, err);
}

/* ---------------------------------------------------------------- pom.xml */

#define POM_MAX_EXPANSIONS 16
#define POM_EXPANDED_MAX 4096 /* bytes of a value with its properties in */

struct pom {
	struct arena *a;
	const struct xml_node *project, *properties, *parent;
};

/* The value of property name (n bytes), or NULL. */
static const char *pom_property(const struct pom *pom, const char *name, size_t n)
{
	char key[128];
	const char *k = key;
	const struct xml_node *c;
	if (n >= sizeof(key))
		return NULL;
	memcpy(key, name, n);
	key[n] = '\0';
	if (strncmp(k, "project.", 8) == 0 || strncmp(k, "pom.", 4) == 0) {
		k = strchr(k, '.') + 1;
		if (strncmp(k, "parent.", 7) == 0)
			return xml_child_text(pom->a, pom->parent, k + 7);
		if (!strchr(k, '.')) {
			const char *v = xml_child_text(pom->a, pom->project, k);
			if (!v && (strcmp(k, "version") == 0 ||
				   strcmp(k, "groupId") == 0))
				v = xml_child_text(pom->a, pom->parent, k);
			return v;
		}
		return NULL;
	}
	if (strcmp(k, "version") == 0)
		return pom_property(pom, "project.version", 15);
	for (c = pom->properties ? pom->properties->first : NULL; c; c = c->next)
		if (strcmp(c->name, k) == 0)
			return xml_child_text(pom->a, pom->properties, k);
	return NULL;
}

/* s with each ${name} replaced by its value (again in what a value
 * brings, at most POM_MAX_EXPANSIONS times); *resolved is 0 when one was
 * left as written (not defined), -1 when still there after the last
 * round (a cycle) or when s grew past POM_EXPANDED_MAX bytes. */
static const char *pom_expand(const struct pom *pom, const char *s, int *resolved)
{
	struct buf b = BUF_INIT;
	int round;
	const char *r;
	*resolved = 1;
	for (round = 0; round < POM_MAX_EXPANSIONS && strstr(s, "${"); round++) {
		const char *p = s;
		int changed = 0;
		buf_clear(&b);
		while (*p) {
			if (b.len > POM_EXPANDED_MAX) {
				/* properties that name others many times
				 * over: 4^16 bytes from a 900-byte file */
				*resolved = -1;
				buf_release(&b);
				return "";
			}
			const char *open = strstr(p, "${"), *close, *v;
			if (!open || !(close = strchr(open, '}'))) {
				buf_puts(&b, p);
				break;
			}
			buf_put(&b, p, (size_t)(open - p));
			v = pom_property(pom, open + 2, (size_t)(close - open - 2));
			if (v) {
				buf_puts(&b, v);
				changed = 1;
			} else {
				buf_put(&b, open, (size_t)(close + 1 - open));
			}
			p = close + 1;
		}
		s = arena_strndup(pom->a, b.ptr, b.len);
		if (!changed)
			break;
	}
	if (strstr(s, "${"))
		*resolved = round == POM_MAX_EXPANSIONS ? -1 : 0;
	r = s;
	buf_release(&b);
	return r;
}

/* The version a pom.xml requirement names: a soft requirement ("1.2.3")
 * or a hard one ("[1.2]"); "" for a range ("[1.0,2.0)") or what is not a
 * version. */
static const char *pom_version(struct arena *a, const char *v)
{
	size_t n = strlen(v);
	if (n > 2 && v[0] == '[' && strcspn(v + 1, "[](),") == n - 2 && v[n - 1] == ']') {
		const char *pin = arena_strndup(a, v + 1, n - 2);
		return version_valid("maven", pin) ? pin : "";
	}
	return version_valid("maven", v) && !strpbrk(v, "[](),") ? v : "";
}

static void pom_dependency(struct deps_list *out, const struct pom *pom,
			   const struct xml_node *d)
{
	const char *g = xml_child_text(pom->a, d, "groupId");
	const char *art = xml_child_text(pom->a, d, "artifactId");
	const char *v = xml_child_text(pom->a, d, "version");
	const char *scope = xml_child_text(pom->a, d, "scope");
	struct deps_package *pkg;
	int ok_g, ok_a, ok_v = 1;
	if (!g || !art || !*g || !*art) {
		deps_problem(out, pom->a, d->line,
			     "a <dependency> lacks its groupId or artifactId");
		return;
	}
	g = pom_expand(pom, g, &ok_g);
	art = pom_expand(pom, art, &ok_a);
	const char *written = v;
	if (v)
		v = pom_expand(pom, v, &ok_v);
	if (ok_g < 0 || ok_a < 0 || ok_v < 0) {
		deps_problem(out, pom->a, d->line,
			     "a <dependency> names properties that refer to each other in a "
			     "cycle, or grow past 4 KB: %s",
			     ok_g < 0 || ok_a < 0 ? "it is left out"
						  : "its version is not known");
		if (ok_g < 0 || ok_a < 0)
			return;
		ok_v = 0;
		v = written; /* the range: as written */
	} else if (!ok_g || !ok_a || !ok_v) {
		deps_problem(out, pom->a, d->line,
			     "the dependency \"%s:%s\" names a property this file does not define",
			     g, art);
	}
	pkg = deps_add(out, pom->a, "maven", arena_printf(pom->a, "%s:%s", g, art),
		       v && ok_v ? pom_version(pom->a, v) : "", v ? v : "", d->line);
	pkg->direct = 1;
	pkg->dev = scope && strcmp(scope, "test") == 0;
}

int deps_read_pom(struct deps_list *out, struct arena *a, const char *text,
		  size_t len, struct deps_error *err)
{
	struct xml_node *root;
	struct parse_error xe;
	struct pom pom;
	const struct xml_node *deps, *d;
	if (xml_parse(&root, a, text, len, &xe) < 0)
		return deps_fail(err, xe.line, "%s", xe.msg);
	if (strcmp(root->name, "project") != 0)
		return deps_fail(err, root->line,
				 "the root element is <%s>, not <project>",
				 root->name);
	pom.a = a;
	pom.project = root;
	pom.properties = xml_child(root, "properties");
	pom.parent = xml_child(root, "parent");
	/* another project's parent (spring-boot-starter-parent) pins the
	 * versions the project gets: "which services are on Spring Boot
	 * below 4" asks for it. A parent of the project's own group (a
	 * module's) is not third-party */
	const char *own = xml_child_text(a, root, "groupId");
	const char *pg = pom.parent ? xml_child_text(a, pom.parent, "groupId") : NULL;
	if (pg && *pg && own && *own && strcmp(own, pg) != 0)
		pom_dependency(out, &pom, pom.parent);
	deps = xml_child(root, "dependencies");
	for (d = deps ? deps->first : NULL; d; d = d->next)
		if (strcmp(d->name, "dependency") == 0)
			pom_dependency(out, &pom, d);
	return 0;
}
