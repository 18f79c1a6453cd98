#include "deps.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "map.h"
#include "utf8.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- formats */

static const char *const format_names[] = {
	[DEPS_UNKNOWN] = "",
	[DEPS_GO_MOD] = "go.mod",
	[DEPS_PACKAGE_JSON] = "package.json",
	[DEPS_PACKAGE_LOCK] = "package-lock.json",
	[DEPS_REQUIREMENTS] = "requirements.txt",
	[DEPS_POETRY_LOCK] = "poetry.lock",
	[DEPS_CARGO_LOCK] = "Cargo.lock",
	[DEPS_GEMFILE_LOCK] = "Gemfile.lock",
	[DEPS_COMPOSER_JSON] = "composer.json",
	[DEPS_COMPOSER_LOCK] = "composer.lock",
	[DEPS_POM] = "pom.xml",
	[DEPS_PYPROJECT] = "pyproject.toml",
	[DEPS_YARN_LOCK] = "yarn.lock",
	[DEPS_GEMFILE] = "Gemfile",
};

const char *deps_format_name(enum deps_format f)
{
	return format_names[f];
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* 1 when the file b of path is in a folder named "requirements". */
static int in_requirements_folder(const char *path, const char *b)
{
	return b - path >= 13 && strncmp(b - 13, "requirements/", 13) == 0 &&
	       (b - 13 == path || b[-14] == '/');
}

enum deps_format deps_format_of(const char *path)
{
	const char *b = base_name(path);
	size_t i;
	for (i = 1; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (i != DEPS_REQUIREMENTS && strcmp(b, format_names[i]) == 0)
			return (enum deps_format)i;
	if (strcmp(b, "npm-shrinkwrap.json") == 0)
		return DEPS_PACKAGE_LOCK;
	if (ends_with(b, ".txt") && (strncmp(b, "requirements", 12) == 0 ||
				     in_requirements_folder(path, b)))
		return DEPS_REQUIREMENTS;
	return DEPS_UNKNOWN;
}

enum deps_format deps_manifest_of(enum deps_format lock)
{
	if (lock == DEPS_PACKAGE_LOCK || lock == DEPS_YARN_LOCK)
		return DEPS_PACKAGE_JSON;
	if (lock == DEPS_COMPOSER_LOCK)
		return DEPS_COMPOSER_JSON;
	if (lock == DEPS_POETRY_LOCK)
		return DEPS_PYPROJECT;
	if (lock == DEPS_GEMFILE_LOCK)
		return DEPS_GEMFILE;
	return DEPS_UNKNOWN;
}

/* ---------------------------------------------------------------- lists */

struct deps_package *deps_add(struct deps_list *l, struct arena *a,
			      const char *eco, const char *name,
			      const char *version, const char *range, int line)
{
	struct deps_package *p;
	if (l->len + 1 > l->cap)
		ARENA_GROW(a, l->items, l->cap, l->len + 1);
	p = &l->items[l->len++];
	l->sorted = 0;
	p->ecosystem = eco;
	p->name = name;
	p->version = version ? version : "";
	p->range = range ? range : "";
	p->direct = 0;
	p->dev = 0;
	p->line = line;
	return p;
}

void deps_problem(struct deps_list *l, struct arena *a, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ARENA_GROW(a, l->problems, l->cap_problems, l->nproblems + 1);
	l->problems[l->nproblems].line = line;
	l->problems[l->nproblems++].msg = arena_strdup(a, msg);
}

int deps_fail(struct deps_error *err, int line, const char *fmt, ...)
{
	va_list ap;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* An index of packages by name: a map (borrowing the names, which stay
 * where they are) from a name to the first entry of that name, and a
 * chain from each entry to the next one of that name that the index
 * holds. */
struct index {
	struct map names;
	size_t *next, base; /* next[i - base]; NONE ends a chain */
};

#define NONE ((size_t)-1)

static void index_init(struct index *x, size_t base, size_t n)
{
	x->names = (struct map)MAP_INIT;
	x->next = xmalloc((n + 1) * sizeof(*x->next));
	x->base = base;
}

static void index_release(struct index *x)
{
	map_release(&x->names);
	free(x->next);
}

/* Where the chain of p's name starts (NONE when new: then it is items[i],
 * added).  The map entry, for linking i in. */
static struct map_entry *index_put(struct index *x, const struct deps_package *p,
				   size_t i, size_t *first)
{
	int added;
	struct map_entry *e = map_put(&x->names, p->name, strlen(p->name), &added);
	*first = added ? NONE : e->num;
	if (added) {
		e->num = i;
		x->next[i - x->base] = NONE;
	}
	return e;
}

/* Links items[i] at the head of e's chain. */
static void index_link(struct index *x, struct map_entry *e, size_t i)
{
	x->next[i - x->base] = e->num;
	e->num = i;
}

static int same_package(const struct deps_package *p,
			const struct deps_package *q, int with_version)
{
	return strcmp(p->ecosystem, q->ecosystem) == 0 &&
	       (!with_version || strcmp(p->version, q->version) == 0);
}

int deps_sorted(const struct deps_list *l, size_t from, size_t to)
{
	for (size_t i = from + 1; i < to; i++)
		if (strcmp(l->items[i - 1].name, l->items[i].name) >= 0)
			return 0;
	return 1;
}

size_t deps_find_sorted(const struct deps_list *l, size_t from, size_t to,
			const char *name)
{
	while (from < to) {
		size_t mid = from + (to - from) / 2;
		int c = strcmp(l->items[mid].name, name);
		if (c == 0)
			return mid;
		if (c < 0)
			from = mid + 1;
		else
			to = mid;
	}
	return (size_t)-1;
}

void deps_unique(struct deps_list *l, struct arena *a, size_t from)
{
	struct index x;
	size_t i, kept = from;
	(void)a;
	/* names in order (a lock file written by its tool): all differ */
	if ((from == 0 && l->sorted) || deps_sorted(l, from, l->len)) {
		l->sorted = from == 0;
		return;
	}
	index_init(&x, from, l->len - from);
	for (i = from; i < l->len; i++) {
		struct deps_package *p = &l->items[i], *q = NULL;
		size_t at;
		l->items[kept] = *p;
		struct map_entry *e = index_put(&x, &l->items[kept], kept, &at);
		for (; at != NONE; at = x.next[at - from])
			if (same_package(&l->items[at], &l->items[kept], 1)) {
				q = &l->items[at];
				break;
			}
		if (!q) {
			if (e->num != kept)
				index_link(&x, e, kept);
			kept++;
			continue;
		}
		q->direct |= p->direct;
		q->dev &= p->dev;
	}
	l->len = kept;
	index_release(&x);
}

/* The index of the first entry of the lock (out->items[0, n)) named and
 * of the ecosystem of m, or NONE; by_name is an index of those entries
 * when they are not in name order (else NULL). */
static size_t first_in_lock(const struct deps_list *out, size_t n,
			    struct index *by_name, const struct deps_package *m)
{
	size_t at;
	if (!by_name) {
		at = deps_find_sorted(out, 0, n, m->name);
		return at != NONE && same_package(&out->items[at], m, 0) ? at : NONE;
	}
	struct map_entry *e = map_get(&by_name->names, m->name, strlen(m->name));
	size_t found = NONE;
	/* the chain is newest first: the last match is the first entry */
	for (at = e ? e->num : NONE; at != NONE; at = by_name->next[at])
		if (same_package(&out->items[at], m, 0))
			found = at;
	return found;
}

void deps_merge(struct deps_list *out, struct arena *a,
		const struct deps_list *manifest, const struct deps_list *lock)
{
	struct index x, *by_name = NULL;
	size_t i, at, n = lock->len;
	char *used = xcalloc(n + 1, 1);
	out->len = 0;
	ARENA_GROW(a, out->items, out->cap, n + manifest->len + 1);
	if (n)
		memcpy(out->items, lock->items, n * sizeof(*out->items));
	out->len = n;
	out->sorted = 0;
	if (manifest->len && !lock->sorted && !deps_sorted(lock, 0, n)) {
		by_name = &x;
		index_init(&x, 0, n);
		for (i = 0; i < n; i++) {
			struct map_entry *e = index_put(&x, &out->items[i], i, &at);
			if (e->num != i)
				index_link(&x, e, i);
		}
	}
	/* each name of the manifest gives its range, directness and dev flag
	 * to the first entry of that name in the lock file, once; what the
	 * lock file lacks is kept as the manifest says */
	for (i = 0; i < manifest->len; i++) {
		const struct deps_package *m = &manifest->items[i];
		at = first_in_lock(out, n, by_name, m);
		if (at == NONE || used[at]) {
			out->items[out->len] = *m;
			out->items[out->len++].in_manifest = 1;
			continue;
		}
		used[at] = 1;
		out->items[at].direct = m->direct;
		out->items[at].dev = m->dev;
		out->items[at].range = m->range;
		out->items[at].line = m->line;
		out->items[at].in_manifest = 1;
	}
	free(used);
	if (by_name)
		index_release(by_name);
}

/* ---------------------------------------------------------------- dump */

void deps_dump(struct buf *out, const struct deps_list *l)
{
	size_t i;
	for (i = 0; i < l->len; i++) {
		const struct deps_package *p = &l->items[i];
		buf_printf(out, "%s %s %s %s %s %s %d\n", p->ecosystem, p->name,
			   *p->version ? p->version : "-", *p->range ? p->range : "-",
			   p->direct ? "direct" : "indirect",
			   p->dev ? "dev" : "prod", p->line);
	}
	for (i = 0; i < l->nincludes; i++)
		buf_printf(out, "include: %s\n", l->includes[i]);
	for (i = 0; i < l->nproblems; i++)
		buf_printf(out, "problem: %d: %s\n", l->problems[i].line,
			   l->problems[i].msg);
}

/* ---------------------------------------------------------------- lines */

struct lines {
	const char *s, *end;
	int line;
};

/* The next line (without its "\n" or "\r\n") into *p / *n; 0 at the end. */
static int next_line(struct lines *ls, const char **p, size_t *n)
{
	const char *nl;
	if (ls->s >= ls->end)
		return 0;
	nl = memchr(ls->s, '\n', (size_t)(ls->end - ls->s));
	*p = ls->s;
	*n = (size_t)((nl ? nl : ls->end) - ls->s);
	ls->s = nl ? nl + 1 : ls->end;
	if (*n && (*p)[*n - 1] == '\r')
		(*n)--;
	ls->line++;
	return 1;
}

static void trim(const char **p, size_t *n)
{
	while (*n && ascii_is_space((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && ascii_is_space((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* The next blank-separated word of [*p, end) into *w / *wn; 0 if none. */
static int next_word(const char **p, const char *end, const char **w, size_t *wn)
{
	while (*p < end && ascii_is_space((unsigned char)**p))
		(*p)++;
	*w = *p;
	while (*p < end && !ascii_is_space((unsigned char)**p))
		(*p)++;
	*wn = (size_t)(*p - *w);
	return *wn > 0;
}

/* ---------------------------------------------------------------- go.mod */

/* "path version [// indirect]" of a require line (without "require"). */
static int go_require(struct deps_list *out, struct arena *a, const char *p,
		      size_t n, int line, struct deps_error *err)
{
	const char *end = p + n, *c = NULL, *path, *ver, *rest;
	size_t pn, vn, i;
	int indirect = 0;
	struct deps_package *pkg;
	for (i = 0; i + 1 < n; i++)
		if (p[i] == '/' && p[i + 1] == '/') {
			c = p + i + 2;
			break;
		}
	if (c) {
		const char *w;
		size_t wn;
		rest = c;
		indirect = next_word(&rest, end, &w, &wn) && wn >= 8 &&
			   memcmp(w, "indirect", 8) == 0 && (wn == 8 || w[8] == ';');
		end = c - 2;
	}
	rest = p;
	if (!next_word(&rest, end, &path, &pn) || !next_word(&rest, end, &ver, &vn))
		return deps_fail(err, line, "a require names no module and version");
	if (pn >= 2 && (*path == '"' || *path == '`') && path[pn - 1] == *path) {
		path++;
		pn -= 2;
	}
	if (next_word(&rest, end, &c, &i) || *ver != 'v')
		return deps_fail(err, line,
				 "the require \"%.*s\" is not \"module vX.Y.Z\"",
				 (int)(n > 80 ? 80 : n), p);
	pkg = deps_add(out, a, "go", arena_strndup(a, path, pn),
		       arena_strndup(a, ver, vn), "", line);
	pkg->direct = !indirect;
	return 0;
}

static int read_go_mod(struct deps_list *out, struct arena *a, const char *text,
		       size_t len, struct deps_error *err)
{
	struct lines ls = { text, text + len, 0 };
	const char *p;
	size_t n;
	int block = 0, block_line = 0; /* 1: a require block, 2: another */
	while (next_line(&ls, &p, &n)) {
		const char *w, *rest = p;
		size_t wn;
		trim(&p, &n);
		if (!n || (n >= 2 && p[0] == '/' && p[1] == '/'))
			continue;
		if (block) {
			if (n == 1 && *p == ')')
				block = 0;
			else if (block == 1 &&
				 go_require(out, a, p, n, ls.line, err) < 0)
				return -1;
			continue;
		}
		rest = p;
		next_word(&rest, p + n, &w, &wn);
		if (wn == 7 && memcmp(w, "require", 7) == 0) {
			const char *r = rest;
			while (r < p + n && ascii_is_space((unsigned char)*r))
				r++;
			if (r < p + n && *r == '(') {
				block = 1;
				block_line = ls.line;
			} else if (go_require(out, a, rest, (size_t)(p + n - rest),
					      ls.line, err) < 0) {
				return -1;
			}
		} else if (p[n - 1] == '(') {
			block = 2;
			block_line = ls.line;
		}
	}
	if (block)
		return deps_fail(err, block_line,
				 "a block opened here is not closed with \")\"");
	return 0;
}

/* ---------------------------------------------------------------- requirements */

/* PEP 503: lower case, runs of "-", "_" and "." as one "-". */
const char *deps_pypi_name(struct arena *a, const char *p, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	size_t i;
	for (i = 0; i < n; i++) {
		if (p[i] == '-' || p[i] == '_' || p[i] == '.') {
			if (o == out || o[-1] != '-')
				*o++ = '-';
		} else {
			*o++ = ascii_lower(p[i]);
		}
	}
	*o = '\0';
	return out;
}

/* A word of a requirements option: "-r file", "--requirement=file". */
static int option_is(const char *p, size_t n, const char *shrt, const char *lng,
		     size_t *skip)
{
	size_t ls = strlen(lng);
	if (shrt && n >= 2 && memcmp(p, shrt, 2) == 0 &&
	    (n == 2 || ascii_is_space((unsigned char)p[2]) || p[2] != '-')) {
		*skip = 2;
		return 1;
	}
	if (n >= ls && memcmp(p, lng, ls) == 0 &&
	    (n == ls || p[ls] == '=' || ascii_is_space((unsigned char)p[ls]))) {
		*skip = ls + (n > ls && p[ls] == '=');
		return 1;
	}
	return 0;
}

static void req_option(struct deps_list *out, struct arena *a, const char *p,
		       size_t n, int line)
{
	size_t skip;
	if (option_is(p, n, "-r", "--requirement", &skip) ||
	    option_is(p, n, "-c", "--constraint", &skip)) {
		const char *f = p + skip;
		size_t fn = n - skip;
		trim(&f, &fn);
		ARENA_GROW(a, out->includes, out->cap_includes, out->nincludes + 1);
		out->includes[out->nincludes++] = arena_strndup(a, f, fn);
	} else if (option_is(p, n, "-e", "--editable", &skip)) {
		deps_problem(out, a, line,
			     "the editable requirement \"%.*s\" is not read",
			     (int)(n > 80 ? 80 : n), p);
	}
}

static int is_name_char(char c)
{
	return ascii_is_alnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* One requirement: "name[extras] specifiers ; markers --hash=..." */
static void requirement(struct deps_list *out, struct arena *a, const char *p,
			size_t n, int line, int dev)
{
	const char *end = p + n, *name = p, *spec, *s;
	size_t nn = 0, sn;
	struct deps_package *pkg;
	const char *version = "";
	while (name + nn < end && is_name_char(name[nn]))
		nn++;
	s = name + nn;
	if (!nn || !ascii_is_alnum((unsigned char)*name) ||
	    (s < end && !strchr(" \t[<>=!~;@", *s))) {
		deps_problem(out, a, line,
			     "the requirement \"%.*s\" is not a package name and version",
			     (int)(n > 80 ? 80 : n), p);
		return;
	}
	while (s < end && ascii_is_blank((unsigned char)*s))
		s++;
	if (s < end && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(end - s));
		if (!close) {
			deps_problem(out, a, line,
				     "the extras of \"%.*s\" are not closed",
				     (int)nn, name);
			return;
		}
		s = close + 1;
	}
	spec = s;
	/* up to markers or an option such as --hash */
	while (s < end && *s != ';' &&
	       !(ascii_is_space((unsigned char)*s) && s + 2 < end &&
		 s[1] == '-' && s[2] == '-'))
		s++;
	sn = (size_t)(s - spec);
	trim(&spec, &sn);
	/* "name @ git+https://...": a direct reference (PEP 508) says no
	 * version and no range */
	if (sn && spec[0] == '@')
		sn = 0;
	if (sn > 2 && spec[0] == '=' && spec[1] == '=') {
		const char *v = spec + (sn > 3 && spec[2] == '=' ? 3 : 2);
		size_t vn = sn - (size_t)(v - spec);
		trim(&v, &vn);
		if (vn && !memchr(v, '*', vn) && !memchr(v, ',', vn))
			version = arena_strndup(a, v, vn);
	}
	pkg = deps_add(out, a, "pypi", deps_pypi_name(a, name, nn), version,
		       arena_strndup(a, spec, sn), line);
	pkg->direct = 1;
	pkg->dev = dev;
}

void deps_requirement(struct deps_list *out, struct arena *a, const char *p,
		      size_t n, int line, int dev)
{
	requirement(out, a, p, n, line, dev);
}

/* dev when the file's name says so: requirements-dev.txt,
 * requirements/test.txt */
static int requirements_dev(const char *path)
{
	const char *b = base_name(path);
	char low[256];
	size_t i;
	if (in_requirements_folder(path, b))
		b -= 13; /* "requirements/dev.txt" */
	for (i = 0; b[i] && i + 1 < sizeof(low); i++)
		low[i] = ascii_lower(b[i]);
	low[i] = '\0';
	return strstr(low, "dev") || strstr(low, "test");
}

static int read_requirements(struct deps_list *out, struct arena *a,
			     const char *path, const char *text, size_t len)
{
	struct lines ls = { text, text + len, 0 };
	struct buf logical = BUF_INIT;
	const char *p;
	size_t n, i;
	int dev = requirements_dev(path), first = 0;
	while (next_line(&ls, &p, &n)) {
		if (!logical.len)
			first = ls.line;
		/* a comment starts at '#' at the start or after a blank */
		for (i = 0; i < n; i++)
			if (p[i] == '#' &&
			    (i == 0 || ascii_is_space((unsigned char)p[i - 1]))) {
				n = i;
				break;
			}
		if (n && p[n - 1] == '\\') {
			buf_put(&logical, p, n - 1);
			continue;
		}
		buf_put(&logical, p, n);
		p = logical.ptr;
		n = logical.len;
		trim(&p, &n);
		if (n && *p == '-')
			req_option(out, a, p, n, first);
		else if (n)
			requirement(out, a, p, n, first, dev);
		buf_clear(&logical);
	}
	buf_release(&logical);
	return 0;
}

/* ---------------------------------------------------------------- Gemfile.lock */

static size_t indent_of(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && p[i] == ' ')
		i++;
	return i;
}

/* ---------------------------------------------------------------- Gemfile */

/* Whether the groups named in s (":development, :test", "[:test]",
 * "\"test\"") are all ones of development or tests. */
static int dev_groups(const char *s, size_t n)
{
	int any = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && !ascii_is_alpha((unsigned char)s[i]))
			i++;
		size_t j = i;
		while (j < n && (ascii_is_alnum((unsigned char)s[j]) || s[j] == '_'))
			j++;
		if (j == i)
			break;
		size_t w = j - i;
		if (!((w == 11 && !memcmp(s + i, "development", 11)) ||
		      (w == 4 && !memcmp(s + i, "test", 4)) ||
		      (w == 3 && !memcmp(s + i, "dev", 3)) ||
		      (w == 4 && !memcmp(s + i, "lint", 4)) ||
		      (w == 2 && !memcmp(s + i, "ci", 2))))
			return 0;
		any = 1;
		i = j;
	}
	return any;
}

/* A quoted string at s (single or double quotes): its text, and the rest
 * of the line past it; 0 when s holds none. */
static int quoted(const char **s, const char *end, const char **q, size_t *qn)
{
	const char *p = *s;
	while (p < end && ascii_is_blank((unsigned char)*p))
		p++;
	if (p >= end || (*p != '\'' && *p != '"'))
		return 0;
	const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
	if (!close)
		return 0;
	*q = p + 1;
	*qn = (size_t)(close - p - 1);
	*s = close + 1;
	return 1;
}

/* Gemfile, the manifest of Gemfile.lock: each `gem "name"` (its version
 * requirements, as written, the range), dev when it sits in a `group`
 * block, or names a `group:`, of development or tests only. Blocks are
 * counted by their `do` and `end` lines. */
static int read_gemfile(struct deps_list *out, struct arena *a,
			const char *text, size_t len)
{
	struct lines ls = { text, text + len, 0 };
	const char *p;
	size_t n;
	int depth = 0, dev_depth = 0; /* the depth of the dev group we are in */
	while (next_line(&ls, &p, &n)) {
		trim(&p, &n);
		const char *hash = memchr(p, '#', n);
		if (hash && (hash == p || ascii_is_blank((unsigned char)hash[-1])))
			n = (size_t)(hash - p), trim(&p, &n);
		if (!n)
			continue;
		int opens = n >= 3 && !memcmp(p + n - 2, "do", 2) &&
			    ascii_is_blank((unsigned char)p[n - 3]);
		if (n >= 6 && !memcmp(p, "group", 5) &&
		    ascii_is_blank((unsigned char)p[5])) {
			if (opens) {
				depth++;
				if (!dev_depth && dev_groups(p + 6, n - 8))
					dev_depth = depth;
			}
			continue;
		}
		if (n == 3 && !memcmp(p, "end", 3)) {
			if (dev_depth == depth)
				dev_depth = 0;
			if (depth)
				depth--;
			continue;
		}
		if (opens) {
			depth++; /* platforms, source, install_if... */
			continue;
		}
		if (n < 5 || memcmp(p, "gem", 3) ||
		    !ascii_is_blank((unsigned char)p[3]))
			continue;
		const char *s = p + 3, *end = p + n, *name, *v;
		size_t nn, vn;
		if (!quoted(&s, end, &name, &nn) || !nn)
			continue;
		struct buf range = BUF_INIT;
		for (;;) {
			const char *at = s;
			while (at < end &&
			       (ascii_is_blank((unsigned char)*at) || *at == ','))
				at++;
			s = at;
			if (!quoted(&s, end, &v, &vn))
				break;
			if (range.len)
				buf_puts(&range, ", ");
			buf_put(&range, v, vn);
		}
		/* gem "billing", path: "engines/billing": the project's own */
		if (memmem(s, (size_t)(end - s), "path:", 5) ||
		    memmem(s, (size_t)(end - s), ":path", 5)) {
			buf_release(&range);
			continue;
		}
		/* gem "rspec", group: :test (groups: [...], :group => ...) */
		const char *g = memmem(s, (size_t)(end - s), "group", 5);
		int gdev = 0;
		if (g) {
			const char *gv = g + 5;
			while (gv < end && (*gv == 's' || *gv == ':' ||
					    *gv == '=' || *gv == '>' ||
					    ascii_is_blank((unsigned char)*gv)))
				gv++;
			gdev = dev_groups(gv, (size_t)(end - gv));
		}
		struct deps_package *pkg = deps_add(
			out, a, "rubygems", arena_strndup(a, name, nn), "",
			arena_strndup(a, range.ptr ? range.ptr : "", range.len),
			ls.line);
		pkg->direct = 1;
		pkg->dev = dev_depth != 0 || gdev;
		buf_release(&range);
	}
	return 0;
}

/* "name (version)" or "name" with the line's indentation removed; the
 * version (or range) without its parentheses into *v. */
static int gem_entry(const char *p, size_t n, const char **name, size_t *nn,
		     const char **v, size_t *vn)
{
	const char *open = memchr(p, '(', n);
	*name = p;
	*nn = open ? (size_t)(open - p) : n;
	while (*nn && (p[*nn - 1] == ' ' || p[*nn - 1] == '!'))
		(*nn)--;
	*v = "";
	*vn = 0;
	if (open) {
		if (p[n - 1] != ')')
			return -1;
		*v = open + 1;
		*vn = (size_t)(p + n - 1 - *v);
	}
	return *nn && !memchr(*name, ' ', *nn) ? 0 : -1;
}

static int read_gemfile_lock(struct deps_list *out, struct arena *a,
			     const char *text, size_t len, struct deps_error *err)
{
	struct lines ls = { text, text + len, 0 };
	const char *p, *name, *v;
	size_t n, nn, vn, i, from = out->len;
	enum { OTHER, SPECS, PATH_SPECS, DEPENDENCIES } section = OTHER;
	int local = 0;
	struct deps_list direct = DEPS_LIST_INIT;
	while (next_line(&ls, &p, &n)) {
		size_t ind = indent_of(p, n);
		if (memchr(p, '\t', n))
			return deps_fail(err, ls.line, "the line is indented with a tab");
		if (ind == n)
			continue;
		if (ind == 0) {
			section = OTHER;
			local = n == 4 && memcmp(p, "PATH", 4) == 0;
			if (n == 12 && memcmp(p, "DEPENDENCIES", 12) == 0)
				section = DEPENDENCIES;
			continue;
		}
		if (ind == 2 && n == 8 && memcmp(p + 2, "specs:", 6) == 0) {
			section = local ? PATH_SPECS : SPECS;
			continue;
		}
		if ((section == SPECS && ind == 4) ||
		    (section == DEPENDENCIES && ind == 2)) {
			if (gem_entry(p + ind, n - ind, &name, &nn, &v, &vn) < 0)
				return deps_fail(err, ls.line,
						 "the gem \"%.*s\" is not \"name (version)\"",
						 (int)(n - ind > 80 ? 80 : n - ind),
						 p + ind);
			if (section == DEPENDENCIES) {
				deps_add(&direct, a, "rubygems",
					 arena_strndup(a, name, nn), "",
					 arena_strndup(a, v, vn), ls.line);
				continue;
			}
			if (!vn)
				return deps_fail(err, ls.line,
						 "the gem \"%.*s\" has no version",
						 (int)nn, name);
			/* a platform follows the version: "1.13.10-x86_64-linux" */
			v = arena_strndup(a, v, vn);
			if (strchr(v, '-'))
				*strchr(v, '-') = '\0';
			deps_add(out, a, "rubygems", arena_strndup(a, name, nn),
				 v, "", ls.line);
		}
	}
	for (i = 0; i < direct.len; i++) {
		size_t j;
		for (j = from; j < out->len; j++)
			if (strcmp(out->items[j].name, direct.items[i].name) == 0) {
				out->items[j].direct = 1;
				out->items[j].range = direct.items[i].range;
			}
	}
	deps_unique(out, a, from);
	return 0;
}

/* ---------------------------------------------------------------- reading */

static int is_json(enum deps_format f)
{
	return f == DEPS_PACKAGE_JSON || f == DEPS_PACKAGE_LOCK ||
	       f == DEPS_COMPOSER_JSON || f == DEPS_COMPOSER_LOCK;
}

int deps_read(struct deps_list *out, struct arena *a, const char *path,
	      const char *text, size_t len, struct deps_error *err)
{
	enum deps_format f = deps_format_of(path);
	size_t bad;
	err->line = 0;
	err->msg[0] = '\0';
	if (f == DEPS_UNKNOWN)
		return deps_fail(err, 0, "\"%s\" is not a manifest or lock file cairn reads",
				 path);
	/* A text the JSON reader takes is UTF-8 (json.h): a large lock
	 * file is checked once, as it is read. */
	if (is_json(f) && deps_read_json(out, a, f, text, len, err) == 0)
		return 0;
	if ((bad = utf8_check(text, len)) < len)
		return deps_fail(err, utf8_line_of(text, len, bad),
				 "the file is not UTF-8 text (binary, or another encoding)");
	switch (f) {
	case DEPS_GO_MOD: return read_go_mod(out, a, text, len, err);
	case DEPS_REQUIREMENTS:
		return read_requirements(out, a, path, text, len);
	case DEPS_GEMFILE_LOCK:
		return read_gemfile_lock(out, a, text, len, err);
	case DEPS_POETRY_LOCK:
	case DEPS_PYPROJECT:
	case DEPS_CARGO_LOCK: return deps_read_toml(out, a, f, text, len, err);
	case DEPS_POM: return deps_read_pom(out, a, text, len, err);
	case DEPS_YARN_LOCK: return deps_read_yarn(out, a, text, len, err);
	case DEPS_GEMFILE: return read_gemfile(out, a, text, len);
	default: return -1; /* JSON: read above, err says why it failed */
	}
}
