#include "catalog.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "map.h"
#include "markdown.h"
#include "xalloc.h"

/* ---- kinds and the character rules ---- */

static const char *const kind_names[ENTITY_KIND_COUNT] = {
	"Component", "API", "System", "Group", "User", "Domain", "Resource"
};
static const char *const kind_refs[ENTITY_KIND_COUNT] = {
	"component", "api", "system", "group", "user", "domain", "resource"
};

#define KIND_BIT(k) (1u << (k))

static const char *const api_versions[] = { "backstage.io/v1alpha1",
					    "backstage.io/v1beta1", NULL };

#define NAME_RULE \
	"letters and digits, separated by \"-\", \"_\" or \".\", at most 63 characters"
#define NS_RULE "letters and digits separated by \"-\", at most 63 characters"
#define REF_FORM "[<kind>:][<namespace>/]<name>"

static int is_tag_char(int c)
{
	return ascii_is_lower(c) || ascii_is_digit(c) || c == ':' || c == '+' ||
	       c == '#';
}

/* 0 when a and b are equal but for ASCII case. */
static int casecmp(const char *a, const char *b)
{
	while (*a && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}
	return (unsigned char)ascii_lower(*a) - (unsigned char)ascii_lower(*b);
}

static int prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t pn = strlen(prefix);
	if (n < pn)
		return 0;
	for (size_t i = 0; i < pn; i++)
		if (ascii_lower(s[i]) != prefix[i])
			return 0;
	return 1;
}

/* s[0..n) is 1 to 63 bytes: runs of characters `word` accepts, separated by
 * single characters of seps (none leading or trailing). */
static int runs_ok(const char *s, size_t n, int (*word)(int), const char *seps)
{
	int after_sep = 1; /* the start counts as just after a separator */
	if (n < 1 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (word((unsigned char)s[i]))
			after_sep = 0;
		else if (s[i] && strchr(seps, s[i]) && !after_sep)
			after_sep = 1;
		else
			return 0;
	}
	return !after_sep;
}

/* The documentation says "sequences of [a-zA-Z0-9] separated by one of
 * [-_.]"; Backstage's validator (isValidObjectName) also accepts doubled
 * separators ("a--b"), and a name Backstage accepts must not be refused
 * here: a letter or digit first and last, [-_.a-zA-Z0-9] between. */
static int name_ok(const char *s, size_t n)
{
	if (n < 1 || n > 63 || !ascii_is_alnum(s[0]) || !ascii_is_alnum(s[n - 1]))
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!ascii_is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

static int ns_ok(const char *s, size_t n)
{
	return runs_ok(s, n, ascii_is_alnum, "-");
}

static int tag_ok(const char *s, size_t n)
{
	return runs_ok(s, n, is_tag_char, "-");
}

/* A kind as written in a reference: a letter, then letters and digits. */
static int kind_ok(const char *s, size_t n)
{
	if (n < 1 || n > 63 || !ascii_is_alpha(s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!ascii_is_alnum(s[i]))
			return 0;
	return 1;
}

static const char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_strndup(a, s, n);
	for (size_t i = 0; i < n; i++)
		p[i] = ascii_lower(p[i]);
	return p;
}

const char *catalog_kind_name(enum entity_kind kind)
{
	return (unsigned)kind < ENTITY_KIND_COUNT ? kind_names[kind] : "?";
}

const char *catalog_kind_ref_name(enum entity_kind kind)
{
	return (unsigned)kind < ENTITY_KIND_COUNT ? kind_refs[kind] : "?";
}

int catalog_kind_from_name(const char *s)
{
	for (int k = 0; s && k < ENTITY_KIND_COUNT; k++)
		if (casecmp(s, kind_refs[k]) == 0)
			return k;
	return -1;
}

/* "Group", "Group or User", "Component, API or System". */
static void put_kinds(struct buf *out, unsigned bits)
{
	int total = 0, done = 0;
	for (int k = 0; k < ENTITY_KIND_COUNT; k++)
		total += !!(bits & KIND_BIT(k));
	for (int k = 0; k < ENTITY_KIND_COUNT; k++) {
		if (!(bits & KIND_BIT(k)))
			continue;
		if (done)
			buf_puts(out, done == total - 1 ? " or " : ", ");
		buf_puts(out, kind_names[k]);
		done++;
	}
}

/* "a" or "an" before word (a kind: "an API", "a User"). */
static const char *article(const char *word)
{
	return word[0] && strchr("AEIOaeio", word[0]) ? "an" : "a";
}

/* "kind:namespace/name" with every part, for messages. */
static void put_full_ref(struct buf *out, const char *kind, const char *ns,
			 const char *name)
{
	buf_printf(out, "%s:%s/%s", kind, ns, name);
}

/* ---- URLs and paths ---- */

/* An absolute http or https URL (or mailto when mailto_ok) without spaces
 * or control characters, with a host. */
static int url_ok(const char *s, size_t n, int mailto_ok)
{
	int relative;
	size_t host;

	if (!n || !markdown_url_safe(s, n, &relative) || relative)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	if (prefix_ci(s, n, "http://") || prefix_ci(s, n, "https://")) {
		host = s[4] == ':' ? 7 : 8;
		return n > host && s[host] != '/';
	}
	return mailto_ok && prefix_ci(s, n, "mailto:") && n > 7;
}

/* Resolves rel (n bytes) against dir (a normalised repository folder, ""
 * for the root) into a normalised repository path in a: no "." or empty
 * segments, ".." applied, no leading or trailing '/', "" for the root.
 * NULL when rel is absolute, climbs above the root or holds a NUL. */
static const char *repo_path(struct arena *a, const char *dir, const char *rel, size_t n)
{
	struct buf b = BUF_INIT;
	const char *out = NULL;
	size_t i = 0;

	if ((n && rel[0] == '/') || memchr(rel, '\0', n))
		goto cleanup;
	buf_puts(&b, dir);
	while (i < n) {
		size_t j = i;
		while (j < n && rel[j] != '/')
			j++;
		if (j - i == 2 && rel[i] == '.' && rel[i + 1] == '.') {
			if (!b.len)
				goto cleanup;
			char *slash = strrchr(b.ptr, '/');
			buf_truncate(&b, slash ? (size_t)(slash - b.ptr) : 0);
		} else if (j > i && !(j - i == 1 && rel[i] == '.')) {
			if (b.len)
				buf_putc(&b, '/');
			buf_put(&b, rel + i, j - i);
		}
		i = j + 1;
	}
	out = arena_strndup(a, b.ptr, b.len);
cleanup:
	buf_release(&b);
	return out;
}

/* ---- references ---- */

/* Parses the string form s[0..n).  Returns 0, or -1 with the reason in
 * why. */
static int parse_ref_str(struct entity_ref *out, struct arena *a, const char *s,
			 size_t n, const char *dkind, const char *dns,
			 char *why, size_t whysize)
{
	const char *kind = NULL, *ns = NULL, *name = s, *mark;
	size_t kn = 0, nsn = 0, nn = n;

	memset(out, 0, sizeof(*out));
	if (!n) {
		snprintf(why, whysize, "it is empty");
		return -1;
	}
	if ((mark = memchr(s, ':', n))) {
		kind = s;
		kn = (size_t)(mark - s);
		name = mark + 1;
		nn = n - kn - 1;
		if (!kn) {
			snprintf(why, whysize, "the kind before \":\" is missing");
			return -1;
		}
		if (!kind_ok(kind, kn)) {
			snprintf(why, whysize, "\"%.*s\" is not a kind",
				 (int)(kn > 60 ? 60 : kn), kind);
			return -1;
		}
	}
	if ((mark = memchr(name, '/', nn))) {
		ns = name;
		nsn = (size_t)(mark - name);
		name = mark + 1;
		nn -= nsn + 1;
		if (!nsn) {
			snprintf(why, whysize, "the namespace before \"/\" is missing");
			return -1;
		}
		if (!ns_ok(ns, nsn)) {
			snprintf(why, whysize,
				 "namespace \"%.*s\" is not valid (" NS_RULE ")",
				 (int)(nsn > 60 ? 60 : nsn), ns);
			return -1;
		}
	}
	if (!nn) {
		snprintf(why, whysize, "the name is missing");
		return -1;
	}
	if (!name_ok(name, nn)) {
		snprintf(why, whysize, "name \"%.*s\" is not valid (" NAME_RULE ")",
			 (int)(nn > 60 ? 60 : nn), name);
		return -1;
	}
	if (!kind && !dkind) {
		snprintf(why, whysize, "it has no kind");
		return -1;
	}
	if (!ns)
		dns = dns ? dns : "default";
	out->kind = kind ? lower_dup(a, kind, kn)
			 : lower_dup(a, dkind, strlen(dkind));
	out->ns = ns ? lower_dup(a, ns, nsn) : lower_dup(a, dns, strlen(dns));
	out->name = arena_strndup(a, name, nn);
	return 0;
}

/* Parses the compound form {kind, namespace, name}.  The name is taken as
 * written (Backstage allows "/" and ":" in it here). */
static int parse_ref_map(struct entity_ref *out, struct arena *a,
			 const struct val *m, const char *dkind,
			 const char *dns, char *why, size_t whysize)
{
	const struct val *k = val_get(m, "kind"), *ns = val_get(m, "namespace");
	const struct val *name = val_get(m, "name");

	memset(out, 0, sizeof(*out));
	if (k && k->type != VAL_NULL) {
		if (k->type != VAL_STR || !kind_ok(k->u.str.ptr, k->u.str.len)) {
			snprintf(why, whysize, "its kind is not a kind");
			return -1;
		}
		dkind = k->u.str.ptr;
	}
	if (ns && ns->type != VAL_NULL) {
		if (ns->type != VAL_STR || !ns_ok(ns->u.str.ptr, ns->u.str.len)) {
			snprintf(why, whysize,
				 "its namespace is not valid (" NS_RULE ")");
			return -1;
		}
		dns = ns->u.str.ptr;
	}
	if (!name || name->type != VAL_STR || !name->u.str.len ||
	    strlen(name->u.str.ptr) != name->u.str.len) {
		snprintf(why, whysize, "it has no name");
		return -1;
	}
	if (!dkind) {
		snprintf(why, whysize, "it has no kind");
		return -1;
	}
	dns = dns ? dns : "default";
	out->kind = lower_dup(a, dkind, strlen(dkind));
	out->ns = lower_dup(a, dns, strlen(dns));
	out->name = name->u.str.ptr;
	return 0;
}

int catalog_parse_ref(struct entity_ref *out, struct arena *a, const char *text,
		      const char *default_kind, const char *default_ns)
{
	char why[160];
	if (!text) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return parse_ref_str(out, a, text, strlen(text), default_kind,
			     default_ns, why, sizeof(why));
}

void catalog_entity_ref(struct entity_ref *out, const struct entity *e)
{
	out->kind = catalog_kind_ref_name(e->kind);
	out->ns = e->ns;
	out->name = e->name;
	out->line = e->line;
}

void catalog_ref_format(struct buf *out, const struct entity_ref *ref)
{
	if (!ref->name)
		return;
	if (ref->kind) {
		buf_puts_lower(out, ref->kind);
		buf_putc(out, ':');
	}
	if (ref->ns && casecmp(ref->ns, "default") != 0) {
		buf_puts_lower(out, ref->ns);
		buf_putc(out, '/');
	}
	buf_puts(out, ref->name);
}

/* ---- parsing descriptors ---- */

struct ctx {
	struct arena *a;
	struct diag_list *d;
	const char *repo, *path;
	const char *dir; /* the descriptor's folder: "" for the root */
};

static void report(struct ctx *c, enum diag_severity sev, int line,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(struct ctx *c, enum diag_severity sev, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(c->d, sev, DIAG_USER, c->repo, c->path, line, fmt, ap);
	va_end(ap);
}

#define warn_at(c, line, ...) report((c), DIAG_WARNING, (line), __VA_ARGS__)
#define error_at(c, line, ...) report((c), DIAG_ERROR, (line), __VA_ARGS__)

/* v as it would be written in JSON, cut to about 60 bytes, for messages. */
static const char *shown(struct ctx *c, const struct val *v)
{
	struct buf b = BUF_INIT;
	const char *out;
	val_to_json(&b, v);
	if (b.len > 60) {
		size_t cut = 57;
		while (cut > 0 && ((unsigned char)b.ptr[cut] & 0xC0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		buf_truncate(&b, cut);
		buf_puts(&b, "...");
	}
	out = arena_strndup(c->a, b.ptr, b.len);
	buf_release(&b);
	return out;
}

/* Reports that field holds v, which is not of the type wanted ("a string",
 * "a list", ...); fix says what to write instead. */
static void wrong_type(struct ctx *c, const char *field, const struct val *v,
		       const char *wanted, const char *fix)
{
	int scalar = v->type == VAL_NUM || v->type == VAL_BOOL;
	if (scalar && strcmp(wanted, "a string") == 0)
		warn_at(c, v->line, "%s %s is a %s, not a string: quote it",
			field, shown(c, v), val_type_name(v->type));
	else
		warn_at(c, v->line, "%s is a %s, not %s: %s", field,
			val_type_name(v->type), wanted, fix);
}

/* The string at map[key]: NULL when absent, null or empty, and when of
 * another type (reported as field). */
static const char *get_str(struct ctx *c, const struct val *map,
			   const char *key, const char *field)
{
	const struct val *v = val_get(map, key);
	if (!v || v->type == VAL_NULL)
		return NULL;
	if (v->type != VAL_STR) {
		wrong_type(c, field, v, "a string", "write a single string");
		return NULL;
	}
	return v->u.str.len ? v->u.str.ptr : NULL;
}

/* The reference fields of the spec, per kind. */
struct relation {
	const char *key;   /* under spec */
	unsigned on;	   /* kinds that have the field */
	unsigned allowed;  /* kinds it may name */
	const char *dkind; /* the default kind (lower case) */
	int list;
	size_t ref;   /* offset of the entity_ref (or of the array) */
	size_t count; /* lists: offset of the count */
};

#define SINGLE(key, on, allowed, dkind, field)                                \
	{                                                                     \
		key, on, allowed, dkind, 0, offsetof(struct entity, field), 0 \
	}
#define LIST(key, on, allowed, dkind, field)                                \
	{                                                                   \
		key, on, allowed, dkind, 1, offsetof(struct entity, field), \
			offsetof(struct entity, n##field)                   \
	}

#define B_COMPONENT KIND_BIT(ENTITY_COMPONENT)
#define B_API KIND_BIT(ENTITY_API)
#define B_SYSTEM KIND_BIT(ENTITY_SYSTEM)
#define B_GROUP KIND_BIT(ENTITY_GROUP)
#define B_USER KIND_BIT(ENTITY_USER)
#define B_DOMAIN KIND_BIT(ENTITY_DOMAIN)
#define B_RESOURCE KIND_BIT(ENTITY_RESOURCE)

static const struct relation relations[] = {
	SINGLE("owner", B_COMPONENT | B_API | B_SYSTEM | B_RESOURCE | B_DOMAIN,
	       B_GROUP | B_USER, "group", owner),
	SINGLE("system", B_COMPONENT | B_API | B_RESOURCE, B_SYSTEM, "system", system),
	SINGLE("domain", B_SYSTEM, B_DOMAIN, "domain", domain),
	SINGLE("parent", B_GROUP, B_GROUP, "group", parent),
	SINGLE("subcomponentOf", B_COMPONENT, B_COMPONENT, "component", subcomponent_of),
	SINGLE("subdomainOf", B_DOMAIN, B_DOMAIN, "domain", subdomain_of),
	LIST("providesApis", B_COMPONENT, B_API, "api", provides_apis),
	LIST("consumesApis", B_COMPONENT, B_API, "api", consumes_apis),
	LIST("dependsOn", B_COMPONENT | B_RESOURCE, B_COMPONENT | B_RESOURCE,
	     "component", depends_on),
	LIST("dependencyOf", B_COMPONENT | B_RESOURCE, B_COMPONENT | B_RESOURCE,
	     "component", dependency_of),
	LIST("children", B_GROUP, B_GROUP, "group", children),
	LIST("members", B_GROUP, B_USER, "user", members),
	LIST("memberOf", B_USER, B_GROUP, "group", member_of),
};
#define NRELATIONS (sizeof(relations) / sizeof(relations[0]))

/* The field at offset off of e (a relation's ref, array or count). */
static void *field_at(struct entity *e, size_t off)
{
	return (char *)e + off;
}

static const void *cfield_at(const struct entity *e, size_t off)
{
	return (const char *)e + off;
}

/* Reads one reference of field r (a string or a mapping) into *out.
 * Returns 0, or -1 (reported; *out all NULL). */
static int read_ref(struct ctx *c, struct entity_ref *out, const struct val *v,
		    const struct relation *r, const char *ns)
{
	char why[200];
	int rc, k;

	memset(out, 0, sizeof(*out));
	if (v->type == VAL_STR)
		rc = parse_ref_str(out, c->a, v->u.str.ptr, v->u.str.len,
				   r->dkind, ns, why, sizeof(why));
	else if (v->type == VAL_MAP)
		rc = parse_ref_map(out, c->a, v, r->dkind, ns, why, sizeof(why));
	else {
		warn_at(c, v->line,
			"spec.%s %s is a %s, not an entity reference: write " REF_FORM,
			r->key, shown(c, v), val_type_name(v->type));
		return -1;
	}
	if (rc < 0) {
		warn_at(c, v->line, "spec.%s %s is not an entity reference: %s; write %s",
			r->key, shown(c, v), why,
			v->type == VAL_MAP ? "{kind: <kind>, namespace: <namespace>, name: <name>}"
					   : REF_FORM);
		return -1;
	}
	k = catalog_kind_from_name(out->kind);
	if (k < 0 || !(r->allowed & KIND_BIT(k))) {
		struct buf kinds = BUF_INIT;
		put_kinds(&kinds, r->allowed);
		const char *named = k < 0 ? out->kind : kind_names[k];
		warn_at(c, v->line, "spec.%s %s names %s %s: it must name %s %s",
			r->key, shown(c, v), article(named), named,
			article(kinds.ptr), kinds.ptr);
		buf_release(&kinds);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	out->line = v->line;
	return 0;
}

static void read_relation(struct ctx *c, struct entity *e,
			  const struct val *spec, const struct relation *r)
{
	const struct val *v = val_get(spec, r->key);
	struct entity_ref *refs;
	size_t n = 0;

	if (!v || v->type == VAL_NULL)
		return;
	if (!r->list) {
		read_ref(c, field_at(e, r->ref), v, r, e->ns);
		return;
	}
	if (v->type != VAL_LIST) {
		warn_at(c, v->line,
			"spec.%s is a %s, not a list: write a list of references, e.g. [%s]",
			r->key, val_type_name(v->type),
			v->type == VAL_STR ? shown(c, v) : "name");
		return;
	}
	refs = arena_alloc(c->a, (v->u.list.len ? v->u.list.len : 1) * sizeof(*refs));
	for (size_t i = 0; i < v->u.list.len; i++)
		if (read_ref(c, &refs[n], v->u.list.items[i], r, e->ns) == 0)
			n++;
	*(struct entity_ref **)field_at(e, r->ref) = n ? refs : NULL;
	*(size_t *)field_at(e, r->count) = n;
}

static void read_tags(struct ctx *c, struct entity *e, const struct val *md)
{
	const struct val *v = val_get(md, "tags");
	if (!v || v->type == VAL_NULL)
		return;
	if (v->type != VAL_LIST) {
		wrong_type(c, "metadata.tags", v, "a list",
			   "write a list, e.g. [java, go]");
		return;
	}
	e->tags = arena_alloc(c->a, (v->u.list.len ? v->u.list.len : 1) *
					    sizeof(*e->tags));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *t = v->u.list.items[i];
		if (t->type != VAL_STR) {
			wrong_type(c, "metadata.tags item", t, "a string",
				   "write a string");
			continue;
		}
		if (!tag_ok(t->u.str.ptr, t->u.str.len)) {
			warn_at(c, t->line,
				"tag %s is not valid: use lower-case letters, digits, \":\", \"+\" or \"#\" separated by \"-\", at most 63 characters",
				shown(c, t));
			continue;
		}
		e->tags[e->ntags++] = t->u.str.ptr;
	}
	if (!e->ntags)
		e->tags = NULL;
}

static void read_links(struct ctx *c, struct entity *e, const struct val *md)
{
	const struct val *v = val_get(md, "links");
	if (!v || v->type == VAL_NULL)
		return;
	if (v->type != VAL_LIST) {
		wrong_type(c, "metadata.links", v, "a list",
			   "write a list of {url, title}");
		return;
	}
	e->links = arena_alloc(c->a, (v->u.list.len ? v->u.list.len : 1) *
					     sizeof(*e->links));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *it = v->u.list.items[i];
		if (it->type != VAL_MAP) {
			wrong_type(c, "metadata.links item", it, "a mapping",
				   "write {url: https://..., title: ...}");
			continue;
		}
		const struct val *uv = val_get(it, "url");
		if (!uv || uv->type == VAL_NULL) {
			warn_at(c, it->line,
				"link in metadata.links has no url: add one");
			continue;
		}
		if (uv->type != VAL_STR || !url_ok(uv->u.str.ptr, uv->u.str.len, 1)) {
			warn_at(c, uv->line,
				"link %s in metadata.links is not an http, https or mailto URL: left out",
				shown(c, uv));
			continue;
		}
		struct entity_link *l = &e->links[e->nlinks++];
		l->url = uv->u.str.ptr;
		l->title = get_str(c, it, "title", "metadata.links title");
		l->icon = get_str(c, it, "icon", "metadata.links icon");
		l->type = get_str(c, it, "type", "metadata.links type");
		l->line = it->line;
	}
	if (!e->nlinks)
		e->links = NULL;
}

/* The string value of annotation key, or NULL (absent, empty, or not a
 * string: reported by read_annotations). */
static const char *annotation(const struct val *ann, const char *key,
			      const struct val **v)
{
	*v = val_get(ann, key);
	return *v && (*v)->type == VAL_STR && (*v)->u.str.len ? (*v)->u.str.ptr : NULL;
}

static void read_annotations(struct ctx *c, struct entity *e, const struct val *md)
{
	const struct val *ann = val_get(md, "annotations"), *v;
	const char *s;

	if (!ann || ann->type == VAL_NULL)
		return;
	if (ann->type != VAL_MAP) {
		wrong_type(c, "metadata.annotations", ann, "a mapping",
			   "write key: value pairs");
		return;
	}
	e->annotations = ann;
	for (size_t i = 0; i < ann->u.map.len; i++) {
		const struct val_pair *p = &ann->u.map.pairs[i];
		if (p->val->type != VAL_STR && p->val->type != VAL_NULL)
			warn_at(c, p->val->line,
				"annotation \"%s\" is a %s, not a string: %s",
				p->key, val_type_name(p->val->type),
				p->val->type == VAL_NUM || p->val->type == VAL_BOOL
					? "quote it"
					: "write a single string");
	}

	if ((s = annotation(ann, "github.com/project-slug", &v))) {
		const char *slash = strchr(s, '/');
		if (!slash || slash == s || !slash[1] ||
		    strchr(slash + 1, '/') || strpbrk(s, " \t"))
			warn_at(c, v->line,
				"github.com/project-slug %s is not <organization>/<project>: write it as in the repository's URL, e.g. acme/payments",
				shown(c, v));
		else
			e->project_slug = s;
	}

	if ((s = annotation(ann, "backstage.io/source-location", &v))) {
		size_t n = strlen(s);
		if (prefix_ci(s, n, "url:") && url_ok(s + 4, n - 4, 0))
			e->source_location = s + 4;
		else
			warn_at(c, v->line,
				"backstage.io/source-location %s is not a url: location with an http or https URL: write it as url:https://host/org/repo/",
				shown(c, v));
	}

	if ((s = annotation(ann, "backstage.io/techdocs-ref", &v))) {
		size_t n = strlen(s);
		if (prefix_ci(s, n, "dir:")) {
			if (n == 4)
				warn_at(c, v->line,
					"backstage.io/techdocs-ref %s has no folder: write dir:. for the descriptor's own folder",
					shown(c, v));
			else if (!(e->techdocs_dir =
					   repo_path(c->a, c->dir, s + 4, n - 4)))
				warn_at(c, v->line,
					"backstage.io/techdocs-ref %s is not a folder of the repository: write a path relative to catalog-info.yaml, e.g. dir:./docs",
					shown(c, v));
		} else if (!prefix_ci(s, n, "url:")) {
			warn_at(c, v->line,
				"backstage.io/techdocs-ref %s is not a location reference: write dir:<folder> (e.g. dir:.) or url:<URL>",
				shown(c, v));
		}
	}

	if ((s = annotation(ann, "pagerduty.com/service-id", &v))) {
		/* PagerDuty's ids are letters and digits ("PABC123") */
		size_t k = 0;
		while (s[k] && ascii_is_alnum((unsigned char)s[k]))
			k++;
		if (k && !s[k])
			e->pagerduty_service = s;
		else
			warn_at(c, v->line,
				"pagerduty.com/service-id %s is not a PagerDuty service id (letters and digits, e.g. PABC123): no on-call link is made",
				shown(c, v));
	}
}

static void read_profile(struct ctx *c, struct entity *e, const struct val *spec)
{
	const struct val *p = val_get(spec, "profile");
	if (!p || p->type == VAL_NULL)
		return;
	if (p->type != VAL_MAP) {
		wrong_type(c, "spec.profile", p, "a mapping",
			   "write {displayName, email, picture}");
		return;
	}
	e->display_name = get_str(c, p, "displayName", "spec.profile.displayName");
	e->email = get_str(c, p, "email", "spec.profile.email");
	e->picture = get_str(c, p, "picture", "spec.profile.picture");
	if (e->picture && !url_ok(e->picture, strlen(e->picture), 0)) {
		warn_at(c, val_get(p, "picture")->line,
			"spec.profile.picture %s is not an http or https URL: left out",
			shown(c, val_get(p, "picture")));
		e->picture = NULL;
	}
}

static void read_definition(struct ctx *c, struct entity *e, const struct val *spec)
{
	const struct val *v = val_get(spec, "definition"), *t;

	if (!v || v->type == VAL_NULL)
		return;
	e->definition_line = v->line;
	if (v->type == VAL_STR) {
		e->definition = v->u.str.len ? v->u.str.ptr : NULL;
		return;
	}
	t = val_get(v, "$text");
	if (!t) {
		if (val_get(v, "$yaml") || val_get(v, "$json"))
			warn_at(c, v->line,
				"spec.definition uses $yaml or $json, which embed parsed data, not text: use $text: ./file");
		else
			warn_at(c, v->line,
				"spec.definition is a %s, not text: write the definition as a block string (definition: |) or as $text: ./openapi.yaml",
				val_type_name(v->type));
		return;
	}
	if (t->type != VAL_STR || !t->u.str.len) {
		warn_at(c, t->line,
			"spec.definition $text %s is not a path or URL: write $text: ./openapi.yaml",
			shown(c, t));
		return;
	}
	const char *s = t->u.str.ptr;
	size_t n = t->u.str.len;
	const char *colon = memchr(s, ':', n), *slash = memchr(s, '/', n);
	if (colon && (!slash || colon < slash)) {
		/* has a scheme: a URL */
		if (url_ok(s, n, 0))
			e->definition_url = s;
		else
			warn_at(c, t->line,
				"spec.definition $text %s is not an http or https URL or a relative path: write $text: ./openapi.yaml",
				shown(c, t));
		return;
	}
	if (!(e->definition_file = repo_path(c->a, c->dir, s, n)) ||
	    !*e->definition_file) {
		e->definition_file = NULL;
		warn_at(c, t->line,
			"spec.definition $text %s is not a file of the repository: write a path relative to catalog-info.yaml, e.g. ./openapi.yaml",
			shown(c, t));
	}
}

static void read_spec(struct ctx *c, struct entity *e, const struct val *spec)
{
	unsigned bit = KIND_BIT(e->kind);

	e->type = get_str(c, spec, "type", "spec.type");
	if (bit & (B_COMPONENT | B_API | B_RESOURCE))
		e->lifecycle = get_str(c, spec, "lifecycle", "spec.lifecycle");
	for (size_t i = 0; i < NRELATIONS; i++)
		if (relations[i].on & bit)
			read_relation(c, e, spec, &relations[i]);
	if (bit & (B_GROUP | B_USER))
		read_profile(c, e, spec);
	if (e->kind == ENTITY_API)
		read_definition(c, e, spec);
}

/* The spec fields Backstage's schema requires of e's kind that it lacks,
 * each a warning at its spec (or its kind when it has none): the entity is
 * still read. */
static void required_fields(struct ctx *c, const struct entity *e,
			    const struct val *spec, const struct val *kind)
{
	static const struct {
		unsigned kinds;
		const char *field, *example;
	} req[] = {
		{ B_COMPONENT | B_API | B_RESOURCE, "type", "type: service" },
		{ B_COMPONENT | B_API, "lifecycle", "lifecycle: production" },
		{ B_COMPONENT | B_API | B_RESOURCE | B_SYSTEM | B_DOMAIN,
		  "owner", "owner: group:your-team" },
		{ B_API, "definition", "definition: {$text: ./openapi.yaml}" },
	};
	unsigned bit = KIND_BIT(e->kind);
	int line = spec && spec->line ? spec->line : kind->line;
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		const struct val *v = spec && spec->type == VAL_MAP
					      ? val_get(spec, req[i].field)
					      : NULL;
		if ((req[i].kinds & bit) && (!v || v->type == VAL_NULL))
			warn_at(c, line, "%s \"%s\" has no spec.%s, which Backstage requires: add one (%s)",
				kind_names[e->kind], e->name, req[i].field,
				req[i].example);
	}
}

/* Reads one document; returns the entity, or NULL (reported). */
static struct entity *parse_doc(struct ctx *c, const struct val *doc)
{
	const struct val *av, *kv, *md, *nv, *nsv, *spec;
	const char *ns = "default";
	struct entity *e;
	int k;

	if (!doc || doc->type == VAL_NULL)
		return NULL;
	if (doc->type != VAL_MAP) {
		error_at(c, doc->line,
			 "document is a %s, not a mapping: each document describes one entity (apiVersion, kind, metadata, spec)",
			 val_type_name(doc->type));
		return NULL;
	}
	kv = val_get(doc, "kind");
	if (!kv || kv->type == VAL_NULL) {
		error_at(c, doc->line,
			 "document has no kind: add one, e.g. \"kind: Component\"");
		return NULL;
	}
	if (kv->type != VAL_STR) {
		error_at(c, kv->line,
			 "kind is a %s, not a string: write e.g. \"kind: Component\"",
			 val_type_name(kv->type));
		return NULL;
	}
	/* Backstage's own kinds that say nothing a portal page shows: a
	 * Location (where more descriptors are) and a scaffolder Template */
	if (!strcmp(kv->u.str.ptr, "Location") || !strcmp(kv->u.str.ptr, "Template"))
		return NULL;
	if ((k = catalog_kind_from_name(kv->u.str.ptr)) < 0) {
		warn_at(c, kv->line,
			"kind %s is not one cairn reads (Component, API, System, Group, User, Domain, Resource): the entity is left out",
			shown(c, kv));
		return NULL;
	}
	if (strcmp(kv->u.str.ptr, kind_names[k]) != 0)
		warn_at(c, kv->line,
			"kind %s is spelt \"%s\" in Backstage: correct its case",
			shown(c, kv), kind_names[k]);

	av = val_get(doc, "apiVersion");
	if (!av || av->type == VAL_NULL) {
		error_at(c, doc->line,
			 "%s has no apiVersion: add \"apiVersion: backstage.io/v1alpha1\"",
			 kind_names[k]);
		return NULL;
	}
	int known = 0;
	for (int i = 0; av->type == VAL_STR && api_versions[i]; i++)
		known |= strcmp(av->u.str.ptr, api_versions[i]) == 0;
	if (!known) {
		error_at(c, av->line,
			 "apiVersion %s is not a version cairn reads: use backstage.io/v1alpha1 (or backstage.io/v1beta1)",
			 shown(c, av));
		return NULL;
	}

	md = val_get(doc, "metadata");
	if (!md || md->type == VAL_NULL) {
		error_at(c, doc->line, "%s has no metadata: add metadata.name",
			 kind_names[k]);
		return NULL;
	}
	if (md->type != VAL_MAP) {
		error_at(c, md->line,
			 "metadata is a %s, not a mapping: write metadata.name under it",
			 val_type_name(md->type));
		return NULL;
	}
	nv = val_get(md, "name");
	if (!nv || nv->type == VAL_NULL) {
		error_at(c, md->line,
			 "%s has no metadata.name: add one (" NAME_RULE ")",
			 kind_names[k]);
		return NULL;
	}
	if (nv->type != VAL_STR) {
		error_at(c, nv->line, "metadata.name %s is a %s, not a string: %s",
			 shown(c, nv), val_type_name(nv->type),
			 nv->type == VAL_NUM || nv->type == VAL_BOOL
				 ? "quote it"
				 : "write one name");
		return NULL;
	}
	if (!name_ok(nv->u.str.ptr, nv->u.str.len)) {
		error_at(c, nv->line,
			 "metadata.name %s is not a valid name: use " NAME_RULE,
			 shown(c, nv));
		return NULL;
	}
	nsv = val_get(md, "namespace");
	if (nsv && nsv->type != VAL_NULL) {
		if (nsv->type != VAL_STR || !ns_ok(nsv->u.str.ptr, nsv->u.str.len)) {
			error_at(c, nsv->line,
				 "metadata.namespace %s is not a valid namespace: use " NS_RULE
				 " (or leave it out for \"default\")",
				 shown(c, nsv));
			return NULL;
		}
		ns = nsv->u.str.ptr;
	}

	e = arena_alloc(c->a, sizeof(*e));
	e->kind = (enum entity_kind)k;
	e->ns = lower_dup(c->a, ns, strlen(ns));
	e->name = nv->u.str.ptr;
	e->repo = c->repo ? arena_strdup(c->a, c->repo) : NULL;
	e->path = arena_strdup(c->a, c->path);
	e->line = doc->line;
	e->raw = doc;
	e->title = get_str(c, md, "title", "metadata.title");
	e->description = get_str(c, md, "description", "metadata.description");
	read_tags(c, e, md);
	read_links(c, e, md);
	read_annotations(c, e, md);

	spec = val_get(doc, "spec");
	if (spec && spec->type != VAL_NULL && spec->type != VAL_MAP) {
		wrong_type(c, "spec", spec, "a mapping", "write its fields under it");
		spec = NULL;
	}
	if (spec && spec->type == VAL_MAP)
		read_spec(c, e, spec);
	required_fields(c, e, spec, kv);
	return e;
}

void catalog_parse(struct entity ***list, size_t *n, size_t *cap,
		   struct arena *a, const struct val *docs, const char *repo,
		   const char *path, struct diag_list *d)
{
	struct ctx c = { a, d, repo, path ? path : "", "" };
	const char *slash = strrchr(c.path, '/');

	if (slash)
		c.dir = repo_path(a, "", c.path, (size_t)(slash - c.path));
	if (!c.dir)
		c.dir = "";
	if (!docs || docs->type != VAL_LIST)
		return;
	for (size_t i = 0; i < docs->u.list.len; i++) {
		struct entity *e = parse_doc(&c, docs->u.list.items[i]);
		if (!e)
			continue;
		ARENA_GROW(a, *list, *cap, *n + 1);
		(*list)[(*n)++] = e;
	}
}

/* ---- the index ---- */

struct catalog_index {
	/* "kind NUL namespace NUL name", lower case -> struct entity * */
	struct map map;
	struct arena keys;
};

/* Puts the key of the reference kind:ns/name in b: references match
 * ignoring ASCII case. */
static void ref_key(struct buf *b, const char *kind, const char *ns, const char *name)
{
	const char *parts[3] = { kind, ns, name };
	buf_clear(b);
	for (int k = 0; k < 3; k++) {
		if (k)
			buf_putc(b, '\0');
		buf_puts_lower(b, parts[k]);
	}
}

/* The entry of e's reference, made when new (*added says which). */
static struct map_entry *index_put(struct catalog_index *ix, struct buf *key,
				   const struct entity *e, int *added)
{
	ref_key(key, kind_refs[e->kind], e->ns, e->name);
	return map_put(&ix->map, key->ptr, key->len, added);
}

static void put_place(struct buf *out, const struct entity *e)
{
	if (e->repo)
		buf_printf(out, "%s:", e->repo);
	buf_printf(out, "%s:%d", e->path, e->line);
}

struct catalog_index *catalog_index_new(struct entity **all, size_t n,
					struct diag_list *d)
{
	struct catalog_index *ix = xcalloc(1, sizeof(*ix));
	struct buf key = BUF_INIT;

	arena_init(&ix->keys);
	map_init(&ix->map, &ix->keys);
	for (size_t i = 0; i < n; i++) {
		struct entity *e = all[i];
		int added;
		struct map_entry *at = index_put(ix, &key, e, &added);
		if (added) {
			at->val = e;
			continue;
		}
		struct buf ref = BUF_INIT, first = BUF_INIT;
		put_full_ref(&ref, kind_refs[e->kind], e->ns, e->name);
		put_place(&first, at->val);
		diag_add(d, DIAG_ERROR, DIAG_USER, e->repo, e->path, e->line,
			 "entity \"%s\" is declared twice: first at %s, the one references resolve to (both are shown); rename or remove one of them",
			 ref.ptr, first.ptr);
		buf_release(&ref);
		buf_release(&first);
	}
	buf_release(&key);
	return ix;
}

int catalog_index_add(struct catalog_index *ix, struct entity *e)
{
	struct buf key = BUF_INIT;
	int added;
	struct map_entry *at = index_put(ix, &key, e, &added);

	buf_release(&key);
	if (!added)
		return -1;
	at->val = e;
	return 0;
}

void catalog_index_free(struct catalog_index *ix)
{
	if (!ix)
		return;
	map_release(&ix->map);
	arena_release(&ix->keys);
	free(ix);
}

struct entity *catalog_lookup(const struct catalog_index *ix,
			      const struct entity_ref *ref)
{
	if (!ix || !ref || !ref->kind || !ref->name)
		return NULL;
	struct buf key = BUF_INIT;
	ref_key(&key, ref->kind, ref->ns ? ref->ns : "default", ref->name);
	struct map_entry *e = map_get(&ix->map, key.ptr, key.len);
	buf_release(&key);
	return e ? e->val : NULL;
}

/* True when text has name as a word (not inside a longer name). */
static int has_word(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (!nl)
		return 0;
	for (const char *p = text, *end = text + len;
	     (p = memmem(p, (size_t)(end - p), name, nl)) != NULL; p++) {
		int before = p > text && (ascii_is_alnum((unsigned char)p[-1]) ||
					  p[-1] == '-' || p[-1] == '_');
		int after = p + nl < end && (ascii_is_alnum((unsigned char)p[nl]) ||
					     p[nl] == '-' || p[nl] == '_');
		if (!before && !after)
			return 1;
	}
	return 0;
}

struct unread_list {
	const struct catalog_unread *v;
	size_t n;
};

static void check_ref(const struct catalog_index *ix, const struct entity *e,
		      const char *field, const struct entity_ref *ref,
		      const struct unread_list *unread, struct diag_list *d)
{
	struct buf b = BUF_INIT, why = BUF_INIT;
	int k;

	if (!ref->name || catalog_lookup(ix, ref))
		return;
	k = catalog_kind_from_name(ref->kind);
	put_full_ref(&b, ref->kind ? ref->kind : "?",
		     ref->ns ? ref->ns : "default", ref->name);
	size_t i = 0;
	while (i < unread->n &&
	       !has_word(unread->v[i].text, unread->v[i].len, ref->name))
		i++;
	if (i < unread->n)
		buf_printf(&why, "; %s:%s, which cairn could not read in full (see its errors), may declare it",
			   unread->v[i].repo, unread->v[i].path);
	diag_add(d, DIAG_WARNING, DIAG_USER, e->repo, e->path, ref->line,
		 "spec.%s \"%s\" names no %s in the catalog: declare it in a catalog-info.yaml or correct the reference%s",
		 field, b.ptr,
		 k < 0 ? (ref->kind ? ref->kind : "entity") : kind_names[k],
		 why.len ? why.ptr : "");
	buf_release(&why);
	buf_release(&b);
}

void catalog_check_refs(const struct catalog_index *ix, struct entity **all,
			size_t n, const struct catalog_unread *unread,
			size_t nunread, struct diag_list *d)
{
	const struct unread_list u = { unread, nunread };
	for (size_t i = 0; i < n; i++) {
		const struct entity *e = all[i];
		for (size_t r = 0; r < NRELATIONS; r++) {
			const struct relation *rel = &relations[r];
			if (!(rel->on & KIND_BIT(e->kind)))
				continue;
			if (!rel->list) {
				check_ref(ix, e, rel->key,
					  cfield_at(e, rel->ref), &u, d);
				continue;
			}
			struct entity_ref *const *refs = cfield_at(e, rel->ref);
			const size_t *count = cfield_at(e, rel->count);
			for (size_t j = 0; j < *count; j++)
				check_ref(ix, e, rel->key, &(*refs)[j], &u, d);
		}
	}
}

int catalog_yaml_parse(struct val **docs, struct arena *a, const char *text,
		       size_t len, const struct yaml_limits *lim, const char *repo,
		       const char *path, struct yaml_error *ye, struct diag_list *d)
{
	struct yaml_limits unique = YAML_LIMITS_INIT;
	if (lim)
		unique = *lim;
	unique.unique_keys = 1;
	if (yaml_parse_all_limited(docs, a, text, len, &unique, ye) == 0)
		return 0;
	if (strstr(ye->msg, "given twice"))
		diag_user(d, repo, path, ye->line, "%s; keep one", ye->msg);
	return yaml_parse_all_limited(docs, a, text, len, lim, ye);
}
