#include "openapi.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"
#include "path.h"
#include "utf8.h"
#include "val.h"
#include "xalloc.h"
#include "yaml.h"

#define MAX_HOPS 32        /* $ref -> $ref -> ... before giving up */
#define MAX_LABEL_DEPTH 6  /* "array of map of ..." */
#define MAX_FACT_BYTES 200 /* a default or example shown in a table cell */
#define MAX_ENUM_SHOWN 50

/* ================================================================ helpers */

static int is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

/* Characters kept in anchors: legal unescaped in a URL fragment, and not
 * ones that chat programs cut off the end of a link. */
static int anchor_char(char ch)
{
	return is_alnum(ch) || (ch && strchr("-._~/:@", ch));
}

static struct val *get(const struct val *map, const char *key)
{
	return val_get(map, key);
}

static int is_map(const struct val *v)
{
	return v && v->type == VAL_MAP;
}

static int is_list(const struct val *v)
{
	return v && v->type == VAL_LIST;
}

static int is_true(const struct val *v)
{
	return v && v->type == VAL_BOOL && v->u.b;
}

/* The $ref of a reference object, or NULL. */
static struct val *ref_of(const struct val *v)
{
	return is_map(v) ? get(v, "$ref") : NULL;
}

static int streq(const struct val *v, const char *s)
{
	return v && v->type == VAL_STR && strcmp(v->u.str.ptr, s) == 0;
}

/* Appends s escaped for HTML; NUL bytes become U+FFFD. */
static void esc(struct buf *b, const char *s, size_t n)
{
	const char *nul;
	while ((nul = memchr(s, '\0', n)) != NULL) {
		buf_put_html(b, s, (size_t)(nul - s));
		buf_puts(b, "\xEF\xBF\xBD");
		n -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	buf_put_html(b, s, n);
}

static void escs(struct buf *b, const char *s)
{
	esc(b, s, strlen(s));
}

/* Appends the text of a scalar, escaped; lists and maps as compact JSON,
 * cut after max bytes (0: no limit) with an ellipsis. */
static void put_value(struct buf *b, const struct val *v, size_t max)
{
	struct buf t = BUF_INIT;
	if (!v || v->type == VAL_NULL)
		buf_puts(&t, "null");
	else if (v->type == VAL_STR && v->u.str.len == 0)
		buf_puts(&t, "\"\"");
	else if (val_scalar_text(&t, v) < 0)
		val_to_json(&t, v);
	if (max && t.len > max) {
		size_t n = max;
		while (n > 0 && ((unsigned char)t.ptr[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
		buf_truncate(&t, n);
		buf_puts(&t, "\xE2\x80\xA6");
	}
	esc(b, t.ptr, t.len);
	buf_release(&t);
}

static void put_code(struct buf *b, const struct val *v)
{
	buf_puts(b, "<code>");
	put_value(b, v, MAX_FACT_BYTES);
	buf_puts(b, "</code>");
}

/* Text of a scalar val (arena copy), or NULL for null, lists and maps. */
static const char *scalar_dup(struct arena *a, const struct val *v)
{
	struct buf t = BUF_INIT;
	const char *s = NULL;
	if (val_scalar_text(&t, v) == 0)
		s = arena_strndup(a, t.ptr, t.len);
	buf_release(&t);
	return s;
}

/* True for an absolute http or https URL that markdown.c would keep. */
static int url_is_http(const char *u)
{
	int relative;
	if (!u || !markdown_url_safe(u, strlen(u), &relative) || relative)
		return 0;
	return strncasecmp(u, "http://", 7) == 0 ||
	       strncasecmp(u, "https://", 8) == 0;
}

/* A link when url is http(s); otherwise text, then the URL as code (url
 * may be NULL; text NULL or "" means the URL itself). */
static void put_link(struct buf *b, const char *url, const char *text)
{
	if (!url) {
		escs(b, text ? text : "");
		return;
	}
	if (!text || !*text)
		text = url;
	if (url_is_http(url)) {
		buf_puts(b, "<a href=\"");
		escs(b, url);
		buf_puts(b, "\">");
		escs(b, text);
		buf_puts(b, "</a>");
		return;
	}
	if (text != url) {
		escs(b, text);
		buf_puts(b, " ");
	}
	buf_puts(b, "<code>");
	escs(b, url);
	buf_puts(b, "</code>");
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1])
		return 0;
	for (; *s; s++)
		if (!is_alnum(*s) && !strchr(".-_+@", *s))
			return 0;
	return 1;
}

/* Appends v (any val) as indented JSON, for examples. */
static void pretty_json(struct buf *b, const struct val *v, int indent)
{
	if (!v || (v->type != VAL_LIST && v->type != VAL_MAP) ||
	    (v->type == VAL_LIST && !v->u.list.len) ||
	    (v->type == VAL_MAP && !v->u.map.len)) {
		if (v && v->type == VAL_LIST)
			buf_puts(b, "[]");
		else if (v && v->type == VAL_MAP)
			buf_puts(b, "{}");
		else
			val_to_json(b, v);
		return;
	}
	int list = v->type == VAL_LIST;
	size_t n = list ? v->u.list.len : v->u.map.len;
	buf_putc(b, list ? '[' : '{');
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",\n" : "\n");
		for (int k = 0; k < indent + 2; k++)
			buf_putc(b, ' ');
		if (list) {
			pretty_json(b, v->u.list.items[i], indent + 2);
		} else {
			const struct val_pair *p = &v->u.map.pairs[i];
			buf_putc(b, '"');
			buf_put_json(b, p->key, p->key_len);
			buf_puts(b, "\": ");
			pretty_json(b, p->val, indent + 2);
		}
	}
	buf_putc(b, '\n');
	for (int k = 0; k < indent; k++)
		buf_putc(b, ' ');
	buf_putc(b, list ? ']' : '}');
}

/* ================================================================ tables */

/* An open-addressing hash table from byte strings (copied into the arena)
 * to pointers.  Pointer keys are passed as the bytes of the pointer. */
struct slot {
	const char *key; /* NULL: empty */
	size_t len;
	uint64_t hash;
	void *val;
};

struct table {
	struct slot *slots;
	size_t cap, n;
};

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void table_grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct slot *s = xcalloc(cap, sizeof(*s));
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].key)
			continue;
		size_t j = t->slots[i].hash & (cap - 1);
		while (s[j].key)
			j = (j + 1) & (cap - 1);
		s[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
}

/* The value of key: NULL when absent and !create; created slots hold
 * NULL. */
static void **table_at(struct table *t, struct arena *a, const void *key,
		       size_t len, int create)
{
	if (create && (t->n + 1) * 2 > t->cap)
		table_grow(t);
	if (!t->cap)
		return NULL;
	uint64_t h = hash_bytes(key, len);
	size_t j = h & (t->cap - 1);
	for (; t->slots[j].key; j = (j + 1) & (t->cap - 1)) {
		struct slot *s = &t->slots[j];
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return &s->val;
	}
	if (!create)
		return NULL;
	t->slots[j].key = arena_strndup(a, key, len);
	t->slots[j].len = len;
	t->slots[j].hash = h;
	t->slots[j].val = NULL;
	t->n++;
	return &t->slots[j].val;
}

static void table_release(struct table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
}

/* ================================================================ context */

/* One file of the description. */
struct src {
	const char *path;  /* normalised repository path ("" for inline text) */
	const char *shown; /* path for diagnostics; may be NULL */
	struct val *root;  /* NULL when it could not be read */
};

/* A node and the file it is in (relative $refs resolve against it). */
struct target {
	struct src *file;
	struct val *node;
};

/* A schema with an anchor of its own in the Schemas section. */
struct entry {
	struct target t;
	const char *name;
	const char *anchor;
	int rows;     /* rows of its tables, -1 until counted */
	int busy;     /* being rendered or expanded */
	int external; /* reached only through a $ref */
	int checked;  /* its chain of $refs was followed once */
	int broken;   /* ... and it led nowhere (reported) */
};

/* What resolving one $ref (from one file) gave. */
struct resolved {
	struct target t;
	const char *name; /* last pointer segment, or the file's base name */
	int failed;
};

struct op_info {
	struct target item; /* the path item */
	struct target op;
	const char *method; /* lower case */
	const char *path;
	int webhook;
};

struct group {
	const char *name;
	const char *anchor;
	struct target tag; /* the top-level tags entry; node may be NULL */
	size_t *ops;
	size_t nops, cap;
};

struct ctx {
	struct arena *a;
	struct buf *html;
	struct diag_list *d;
	const char *repo;
	openapi_load_fn load;
	void *userdata;
	const struct yaml_limits *lim; /* NULL: the defaults */
	int v2; /* Swagger 2.0 */
	struct src *main;
	size_t nloaded;
	size_t ndiag;

	struct table files;    /* normalised path -> struct src */
	struct table refs;     /* file path NUL ref text -> struct resolved */
	struct table by_node;  /* struct val * -> struct entry */
	struct table anchors;  /* anchor -> non-NULL */
	struct table reported; /* struct val * already reported */
	struct table security; /* security scheme name -> its anchor */

	struct entry **entries;
	size_t nentries, entries_cap;

	/* while rendering one schema where it is used */
	int callback_depth; /* rendering a callback's operation */
	int inline_mode;  /* 0 in the Schemas section: $refs are links */
	int inline_depth; /* $refs being expanded */
	int rows;         /* rows emitted for this use */
};

static void report(struct ctx *c, enum diag_severity sev, const struct src *f,
		   int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void report(struct ctx *c, enum diag_severity sev, const struct src *f,
		   int line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	c->ndiag++;
	if (c->d)
		diag_add(c->d, sev, DIAG_USER, c->repo, f ? f->shown : NULL, line,
			 "%s", msg.ptr);
	buf_release(&msg);
}

#define warn(c, f, line, ...) report((c), DIAG_WARNING, (f), (line), __VA_ARGS__)

/* True the first time it is asked about node: a node reached from many
 * places (a shared parameter, say) is reported once. */
static int once(struct ctx *c, const struct val *node)
{
	void **slot = table_at(&c->reported, c->a, &node, sizeof(node), 1);
	if (*slot)
		return 0;
	*slot = c;
	return 1;
}

/* ================================================================ anchors */

/* Appends s with the anchor rule: characters outside anchor_char become
 * one "-" per run; in a path, "{name}" becomes ":name". */
static void put_anchor_text(struct buf *b, const char *s, size_t n, int path)
{
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (path && ch == '{') {
			const char *close = memchr(s + i, '}', n - i);
			if (close) {
				buf_putc(b, ':');
				put_anchor_text(b, s + i + 1,
						(size_t)(close - s) - i - 1, 0);
				i = (size_t)(close - s);
				dash = 0;
				continue;
			}
		}
		if (anchor_char(ch)) {
			buf_putc(b, ch);
			dash = 0;
		} else if (!dash) {
			buf_putc(b, '-');
			dash = 1;
		}
	}
}

/* Takes the anchor in want (or want plus "-2", "-3", ...) and returns it. */
static const char *claim_anchor(struct ctx *c, struct buf *want)
{
	size_t base = want->len;
	for (int n = 2;; n++) {
		void **slot = table_at(&c->anchors, c->a, want->ptr, want->len, 1);
		if (!*slot) {
			*slot = c;
			return arena_strndup(c->a, want->ptr, want->len);
		}
		buf_truncate(want, base);
		buf_printf(want, "-%d", n);
	}
}

static const char *make_anchor(struct ctx *c, const char *prefix,
			       const char *s, int path)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, prefix);
	put_anchor_text(&b, s, strlen(s), path);
	const char *r = claim_anchor(c, &b);
	buf_release(&b);
	return r;
}

/* ================================================================ files and $ref */

/* The repository path that rel (n bytes; percent-encoded when decode)
 * names when written in the file at `from`: resolved against from's folder
 * (or the root, for a leading "/") and normalised.  NULL when it climbs
 * above the root. */
static char *resolve_path(struct arena *a, const char *from, const char *rel,
			  size_t n, int decode)
{
	struct buf out = BUF_INIT;
	char *r = path_resolve(&out, from, rel, n, decode) < 0
			  ? NULL : arena_strndup(a, out.ptr, out.len);
	buf_release(&out);
	return r;
}

/* The file at normalised path np, loaded and parsed once.  Problems are
 * reported against the reference (ref, in file from at line). */
static struct src *load_file(struct ctx *c, const char *np, const char *ref,
			     const struct src *from, int line)
{
	void **slot = table_at(&c->files, c->a, np, strlen(np), 1);
	if (*slot)
		return *slot;
	struct src *f = arena_alloc(c->a, sizeof(*f));
	f->path = f->shown = arena_strdup(c->a, np);
	*slot = f;

	if (!c->load) {
		warn(c, from, line,
		     "$ref \"%s\" names another file, \"%s\", which cannot be read for an inline definition: use $text: ./path in the catalog so that files can be found",
		     ref, np);
		return f;
	}
	if (c->nloaded >= OPENAPI_MAX_FILES) {
		warn(c, from, line,
		     "$ref \"%s\" would read more than %d files: keep the description in fewer files",
		     ref, OPENAPI_MAX_FILES);
		return f;
	}
	c->nloaded++;
	struct buf text = BUF_INIT;
	if (c->load(np, &text, c->userdata) < 0) {
		warn(c, from, line,
		     "$ref \"%s\" names \"%s\", which is not a file of the repository: fix the path (it is relative to the folder of \"%s\")",
		     ref, np, from->path);
	} else {
		struct yaml_error err;
		struct val *root;
		if (yaml_parse_limited(&root, c->a, text.ptr, text.len, c->lim, &err) < 0)
			report(c, DIAG_ERROR, f, err.line,
			       "file does not parse (it is read for $ref \"%s\" in \"%s\", line %d): %s: fix its YAML or JSON syntax",
			       ref, from->path, line, err.msg);
		else
			f->root = root;
	}
	buf_release(&text);
	return f;
}

/* True when s (n bytes) starts with a URI scheme ("https:", "urn:") or
 * is a network-path reference ("//host"). */
static int is_remote(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '/' && s[1] == '/')
		return 1;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ':')
			return i > 1; /* "C:" is a drive, not a scheme */
		if (!(is_alnum(ch) || ch == '+' || ch == '-' || ch == '.') ||
		    (i == 0 && !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))))
			return 0;
	}
	return 0;
}

/* Walks the decoded JSON pointer p (n bytes, "" or starting with "/") from
 * root, leaving its last segment, unescaped, in last.  why holds the name
 * of the file (or nothing, for the referring file itself); on failure the
 * walk returns NULL and replaces it with the reason. */
static struct val *walk_pointer(struct val *root, const char *p, size_t n,
				struct buf *why, struct buf *last)
{
	struct val *v = root;
	struct buf seg = BUF_INIT;
	size_t i = 0;

	buf_clear(last);
	while (i < n) {
		size_t start = ++i; /* past the "/" */
		buf_clear(&seg);
		while (i < n && p[i] != '/') {
			if (p[i] == '~') {
				if (i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
					buf_putc(&seg, p[i + 1] == '0' ? '~' : '/');
					i += 2;
					continue;
				}
				buf_clear(why);
				buf_puts(why, "\"~\" must be followed by 0 or 1 (\"~0\" is \"~\", \"~1\" is \"/\")");
				v = NULL;
				goto done;
			}
			buf_putc(&seg, p[i++]);
		}
		struct val *next = NULL;
		if (is_map(v)) {
			next = val_getn(v, seg.ptr, seg.len);
		} else if (is_list(v) && seg.len && seg.len < 10 &&
			   strspn(seg.ptr, "0123456789") == seg.len &&
			   (seg.len == 1 || seg.ptr[0] != '0')) {
			size_t k = (size_t)strtoul(seg.ptr, NULL, 10);
			if (k < v->u.list.len)
				next = v->u.list.items[k];
		}
		if (!next) {
			/* why holds the file's name, or nothing */
			struct buf in = BUF_INIT;
			buf_put(&in, why->ptr, why->len);
			buf_clear(why);
			buf_puts(why, "no \"");
			buf_put(why, seg.ptr, seg.len);
			buf_puts(why, "\" in \"");
			buf_put(why, in.ptr, in.len);
			buf_putc(why, '#');
			buf_put(why, p, start - 1);
			buf_puts(why, "\"");
			buf_release(&in);
			v = NULL;
			goto done;
		}
		v = next;
		buf_clear(last);
		buf_put(last, seg.ptr, seg.len);
	}
done:
	buf_release(&seg);
	return v;
}

/* Resolves the $ref val ref, written in file from, one step.  Each
 * (file, text) pair is resolved, and reported, once.  Returns the result,
 * whose failed flag is set when it resolves nowhere (reported). */
static const struct resolved *resolve(struct ctx *c, struct src *from,
				      const struct val *ref)
{
	const char *s = val_as_str(ref);
	struct buf key = BUF_INIT, frag = BUF_INIT, why = BUF_INIT,
		   last = BUF_INIT;

	if (!s) {
		static const struct resolved bad = { { NULL, NULL }, NULL, 1 };
		if (once(c, ref))
			warn(c, from, ref->line,
			     "$ref is a %s, not a string: write $ref: \"#/components/schemas/Name\"",
			     val_type_name(ref->type));
		return &bad;
	}
	size_t len = ref->u.str.len;
	buf_puts(&key, from->path);
	buf_putc(&key, '\0');
	buf_put(&key, s, len);
	void **slot = table_at(&c->refs, c->a, key.ptr, key.len, 1);
	struct resolved *r = *slot;
	if (r)
		goto cleanup;
	r = arena_alloc(c->a, sizeof(*r));
	r->failed = 1;
	*slot = r;

	const char *hash = memchr(s, '#', len);
	size_t flen = hash ? (size_t)(hash - s) : len;
	struct src *f = from;
	if (flen) {
		if (is_remote(s, flen)) {
			warn(c, from, ref->line,
			     "$ref \"%s\" is a remote URL, which cairn never fetches: copy the file into the repository and refer to it by a relative path",
			     s);
			goto cleanup;
		}
		char *np = resolve_path(c->a, from->path, s, flen, 1);
		if (!np) {
			warn(c, from, ref->line,
			     "$ref \"%s\" points above the repository root: refer only to files inside the repository",
			     s);
			goto cleanup;
		}
		f = load_file(c, np, s, from, ref->line);
		if (!f->root)
			goto cleanup; /* reported when it was loaded */
	}
	if (hash)
		path_pct_decode(&frag, hash + 1, len - flen - 1);
	if (frag.len && frag.ptr[0] != '/') {
		warn(c, from, ref->line,
		     "$ref \"%s\" does not end in a JSON pointer: write \"#/components/schemas/%s\" (plain-name anchors are not supported)",
		     s, frag.ptr);
		goto cleanup;
	}
	if (f != from)
		buf_puts(&why, f->path);
	struct val *node = walk_pointer(f->root, frag.ptr, frag.len, &why, &last);
	if (!node) {
		warn(c, from, ref->line,
		     "$ref \"%s\" resolves to nothing: %s; fix the reference or define what it names",
		     s, why.ptr);
		goto cleanup;
	}
	r->t.file = f;
	r->t.node = node;
	if (last.len) {
		r->name = arena_strndup(c->a, last.ptr, last.len);
	} else {
		const char *base = strrchr(f->path, '/');
		base = base ? base + 1 : f->path;
		const char *dot = strrchr(base, '.');
		r->name = arena_strndup(c->a, base,
					dot && dot != base ? (size_t)(dot - base)
							   : strlen(base));
	}
	r->failed = 0;
cleanup:
	buf_release(&key);
	buf_release(&frag);
	buf_release(&why);
	buf_release(&last);
	return r;
}

/* Reports the cycle of references seen[from..n) once. */
static void report_cycle(struct ctx *c, struct target *seen, size_t from,
			 size_t n)
{
	for (size_t i = from; i < n; i++)
		if (table_at(&c->reported, c->a, &seen[i].node, sizeof(void *), 0))
			return;
	struct buf chain = BUF_INIT;
	for (size_t i = from; i < n; i++) {
		void **slot = table_at(&c->reported, c->a, &seen[i].node,
				       sizeof(void *), 1);
		*slot = c;
		buf_printf(&chain, "\"%s\" -> ", val_as_str(ref_of(seen[i].node)));
	}
	struct val *r = ref_of(seen[from].node);
	buf_printf(&chain, "\"%s\"", val_as_str(r));
	warn(c, seen[from].file, r->line,
	     "$ref \"%s\" goes round a cycle of $refs (%s) and never reaches a definition: replace one of them with the definition itself",
	     val_as_str(r), chain.ptr);
	buf_release(&chain);
}

/* Follows $refs from t to the node that is not a reference.  Returns 0, or
 * -1 when the chain breaks or loops (reported). */
static int deref(struct ctx *c, struct target *out, struct target t)
{
	struct target seen[MAX_HOPS];
	for (size_t hops = 0;; hops++) {
		struct val *r = ref_of(t.node);
		if (!r) {
			*out = t;
			return 0;
		}
		for (size_t i = 0; i < hops; i++) {
			if (seen[i].node == t.node) {
				report_cycle(c, seen, i, hops);
				return -1;
			}
		}
		if (hops == MAX_HOPS) {
			warn(c, t.file, r->line,
			     "$ref \"%s\" starts a chain of more than %d $refs: refer to the definition directly",
			     val_as_str(r) ? val_as_str(r) : "", MAX_HOPS);
			return -1;
		}
		seen[hops] = t;
		const struct resolved *res = resolve(c, t.file, r);
		if (res->failed)
			return -1;
		t = res->t;
	}
}

/* ================================================================ schema entries */

static struct entry *add_entry(struct ctx *c, struct target t, const char *name,
			       int external)
{
	struct entry *e = arena_alloc(c->a, sizeof(*e));
	e->t = t;
	e->name = name;
	e->anchor = make_anchor(c, "schema-", name, 0);
	e->rows = -1;
	e->external = external;
	void **slot = table_at(&c->by_node, c->a, &t.node, sizeof(void *), 1);
	if (!*slot)
		*slot = e;
	ARENA_GROW(c->a, c->entries, c->entries_cap, c->nentries + 1);
	c->entries[c->nentries++] = e;
	return e;
}

/* The entry that the schema reference ref (in file from) names, made on
 * first use; NULL when it resolves nowhere or only round a cycle of $refs
 * (reported once). */
static struct entry *entry_for(struct ctx *c, struct src *from,
			       const struct val *ref)
{
	const struct resolved *r = resolve(c, from, ref);
	if (r->failed)
		return NULL;
	void **slot = table_at(&c->by_node, c->a, &r->t.node, sizeof(void *), 0);
	struct entry *e = slot ? *slot : NULL;
	if (e && e->checked)
		return e->broken ? NULL : e;
	if (slot && !e)
		return NULL; /* a chain already found broken */
	struct target end;
	int bad = ref_of(r->t.node) && deref(c, &end, r->t) < 0;
	if (!e) {
		if (bad) {
			*table_at(&c->by_node, c->a, &r->t.node, sizeof(void *), 1) = NULL;
			return NULL;
		}
		e = add_entry(c, r->t, r->name, 1);
	}
	e->checked = 1;
	e->broken = bad;
	return bad ? NULL : e;
}

/* ================================================================ Markdown */

/* Renders the description v (Markdown) into html, and its plain text
 * into plain (may be NULL), after a space. */
static void put_md(struct ctx *c, const struct val *v, struct buf *plain)
{
	struct buf src = BUF_INIT;
	struct markdown_result r;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;

	/* raw HTML stays escaped here: a description is a fragment inside
	 * the page's own tables, and its relative URLs are not resolved */
	o.raw_html = 0;
	if (val_scalar_text(&src, v) < 0 || !src.len)
		goto done;
	if (markdown_render(&r, src.ptr, src.len, &o) == 0) {
		buf_puts(c->html, "<div class=\"api-desc\">");
		buf_put(c->html, r.html.ptr, r.html.len);
		buf_puts(c->html, "</div>\n");
		if (plain && r.text.len) {
			if (plain->len)
				buf_putc(plain, ' ');
			buf_put(plain, r.text.ptr, r.text.len);
		}
	} else {
		buf_puts(c->html, "<p class=\"api-desc\">");
		esc(c->html, src.ptr, src.len);
		buf_puts(c->html, "</p>\n");
	}
	markdown_result_release(&r);
done:
	buf_release(&src);
}

static void put_external_docs(struct ctx *c, const struct val *ed)
{
	const char *url = val_as_str(get(ed, "url"));
	if (!url)
		return;
	const char *text = val_as_str(get(ed, "description"));
	buf_puts(c->html, "<p class=\"api-extdocs\">See also: ");
	put_link(c->html, url, text);
	buf_puts(c->html, "</p>\n");
}

/* ================================================================ schemas */

static void put_label(struct ctx *c, struct target t, int depth);

static void put_entry_link(struct ctx *c, const struct entry *e)
{
	buf_puts(c->html, "<a class=\"api-ref\" href=\"#");
	escs(c->html, e->anchor);
	buf_puts(c->html, "\">");
	escs(c->html, e->name);
	buf_puts(c->html, "</a>");
}

static void put_ref_label(struct ctx *c, struct target t, const struct val *ref)
{
	struct entry *e = entry_for(c, t.file, ref);
	if (e) {
		put_entry_link(c, e);
		return;
	}
	buf_puts(c->html, "<span class=\"api-broken\" title=\"unresolved $ref\">");
	put_value(c->html, ref, MAX_FACT_BYTES);
	buf_puts(c->html, "</span>");
}

static int has_any(const struct val *n, const char *const *keys)
{
	for (; *keys; keys++)
		if (get(n, *keys))
			return 1;
	return 0;
}

static void put_variants(struct ctx *c, struct target t, const char *word,
			 const struct val *list, int depth)
{
	buf_puts(c->html, word);
	for (size_t i = 0; i < list->u.list.len; i++) {
		buf_puts(c->html, i ? ", " : " ");
		put_label(c, (struct target){ t.file, list->u.list.items[i] },
			  depth + 1);
	}
}

/* One type name of a schema (its "type" is name). */
static void put_type_name(struct ctx *c, struct target t, const char *name,
			  int depth)
{
	struct val *n = t.node;
	if (strcmp(name, "array") == 0) {
		struct val *items = get(n, "items");
		buf_puts(c->html, "array");
		if (is_map(items)) {
			buf_puts(c->html, " of ");
			put_label(c, (struct target){ t.file, items }, depth + 1);
		}
		return;
	}
	if (strcmp(name, "object") == 0) {
		struct val *ap = get(n, "additionalProperties");
		if (is_map(ap) && !get(n, "properties")) {
			buf_puts(c->html, "map of ");
			put_label(c, (struct target){ t.file, ap }, depth + 1);
			return;
		}
	}
	escs(c->html, name);
}

/* Writes a short type: "integer (int64)", "array of <a>Pet</a>",
 * "map of string", "string | null", "one of Cat, Dog". */
static void put_label(struct ctx *c, struct target t, int depth)
{
	static const char *const object_keys[] = { "properties",
		"additionalProperties", "patternProperties", NULL };
	struct val *n = t.node;

	if (depth > MAX_LABEL_DEPTH) {
		buf_puts(c->html, "\xE2\x80\xA6");
		return;
	}
	if (!is_map(n)) {
		buf_puts(c->html, n && n->type == VAL_BOOL && !n->u.b ? "nothing" : "any");
		return;
	}
	struct val *ref = get(n, "$ref");
	if (ref) {
		put_ref_label(c, t, ref);
		return;
	}
	struct val *type = get(n, "type");
	int nullable = is_true(get(n, "nullable")) || is_true(get(n, "x-nullable"));
	int wrote = 0, has_null = 0;
	if (type && type->type == VAL_STR) {
		put_type_name(c, t, type->u.str.ptr, depth);
		has_null = streq(type, "null");
		wrote = 1;
	} else if (is_list(type)) {
		for (size_t i = 0; i < type->u.list.len; i++) {
			const char *s = val_as_str(type->u.list.items[i]);
			if (!s)
				continue;
			if (wrote)
				buf_puts(c->html, " | ");
			put_type_name(c, t, s, depth);
			has_null |= strcmp(s, "null") == 0;
			wrote = 1;
		}
	}
	if (!wrote) {
		struct val *v;
		if (is_list(v = get(n, "allOf")) && v->u.list.len)
			put_variants(c, t, "all of", v, depth);
		else if (is_list(v = get(n, "oneOf")) && v->u.list.len)
			put_variants(c, t, "one of", v, depth);
		else if (is_list(v = get(n, "anyOf")) && v->u.list.len)
			put_variants(c, t, "any of", v, depth);
		else if (has_any(n, object_keys))
			put_type_name(c, t, "object", depth);
		else if (get(n, "items"))
			put_type_name(c, t, "array", depth);
		else if (is_list(v = get(n, "enum")) && v->u.list.len)
			buf_puts(c->html, val_type_name(v->u.list.items[0]->type));
		else if ((v = get(n, "const")))
			buf_puts(c->html, val_type_name(v->type));
		else
			buf_puts(c->html, "any");
	}
	const char *format = val_as_str(get(n, "format"));
	if (format) {
		buf_puts(c->html, " (");
		escs(c->html, format);
		buf_puts(c->html, ")");
	}
	if (nullable && !has_null)
		buf_puts(c->html, " | null");
}

/* --- facts: enum, default, constraints, ... */

struct facts {
	struct ctx *c;
	int open;
};

static void fact_begin(struct facts *f, const char *label)
{
	struct buf *h = f->c->html;
	if (!f->open)
		buf_puts(h, "<ul class=\"api-facts\">");
	f->open = 1;
	buf_puts(h, "<li>");
	buf_puts(h, label);
}

static void fact_value(struct facts *f, const char *label, const struct val *v)
{
	if (!v)
		return;
	fact_begin(f, label);
	buf_puts(f->c->html, " ");
	put_code(f->c->html, v);
	buf_puts(f->c->html, "</li>");
}

static void fact_list(struct facts *f, const char *label, const struct val *l)
{
	if (!is_list(l) || !l->u.list.len)
		return;
	struct buf *h = f->c->html;
	fact_begin(f, label);
	size_t n = l->u.list.len;
	for (size_t i = 0; i < n && i < MAX_ENUM_SHOWN; i++) {
		buf_puts(h, i ? ", " : " ");
		put_code(h, l->u.list.items[i]);
	}
	if (n > MAX_ENUM_SHOWN)
		buf_printf(h, " and %zu more", n - MAX_ENUM_SHOWN);
	buf_puts(h, "</li>");
}

static void fact_flag(struct facts *f, const char *text)
{
	fact_begin(f, text);
	buf_puts(f->c->html, "</li>");
}

static void facts_end(struct facts *f)
{
	if (f->open)
		buf_puts(f->c->html, "</ul>");
	f->open = 0;
}

/* The facts of schema node n (not following $ref). */
static void schema_facts(struct facts *f, const struct val *n)
{
	static const struct {
		const char *key, *label;
	} limits[] = {
		{ "minimum", "Minimum:" }, { "maximum", "Maximum:" },
		{ "multipleOf", "Multiple of:" }, { "minLength", "Minimum length:" },
		{ "maxLength", "Maximum length:" }, { "pattern", "Pattern:" },
		{ "minItems", "Minimum items:" }, { "maxItems", "Maximum items:" },
		{ "minProperties", "Minimum properties:" },
		{ "maxProperties", "Maximum properties:" },
		{ "collectionFormat", "Collection format:" },
	};
	struct val *v;

	if (!is_map(n))
		return;
	fact_list(f, "One of:", get(n, "enum"));
	fact_value(f, "Always:", get(n, "const"));
	fact_value(f, "Default:", get(n, "default"));
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		const char *key = limits[i].key;
		v = get(n, key);
		/* 3.0 and 2.0 write exclusiveMinimum: true beside minimum */
		if (v && strcmp(key, "minimum") == 0 && is_true(get(n, "exclusiveMinimum")))
			fact_value(f, "Greater than:", v);
		else if (v && strcmp(key, "maximum") == 0 &&
			 is_true(get(n, "exclusiveMaximum")))
			fact_value(f, "Less than:", v);
		else
			fact_value(f, limits[i].label, v);
	}
	if ((v = get(n, "exclusiveMinimum")) && v->type == VAL_NUM)
		fact_value(f, "Greater than:", v);
	if ((v = get(n, "exclusiveMaximum")) && v->type == VAL_NUM)
		fact_value(f, "Less than:", v);
	if (is_true(get(n, "uniqueItems")))
		fact_flag(f, "Items are unique");
	if (is_true(get(n, "readOnly")))
		fact_flag(f, "Read-only");
	if (is_true(get(n, "writeOnly")))
		fact_flag(f, "Write-only");
	struct val *items = get(n, "items");
	if (is_map(items) && !get(items, "$ref"))
		fact_list(f, "Items one of:", get(items, "enum"));
	struct val *disc = get(n, "discriminator");
	fact_value(f, "Discriminator:", is_map(disc) ? get(disc, "propertyName") : disc);
	fact_value(f, "Example:", get(n, "example"));
	fact_list(f, "Examples:", get(n, "examples"));
	fact_value(f, "Example:", get(n, "x-example"));
}

/* --- property rows */

static int can_expand(struct ctx *c, struct entry *e);

static void row_name(struct ctx *c, const struct buf *name)
{
	const char *s = name->ptr;
	size_t n = name->len, cut = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || (s[i] == '[' && i + 1 < n && s[i + 1] == ']'))
			cut = s[i] == '.' ? i + 1 : i;
	buf_puts(c->html, "<code>");
	if (cut) {
		buf_puts(c->html, "<span class=\"api-parent\">");
		esc(c->html, s, cut);
		buf_puts(c->html, "</span>");
	}
	esc(c->html, s + cut, n - cut);
	buf_puts(c->html, "</code>");
}

/* A row for the property at name, described by schema t. */
static void prop_row(struct ctx *c, const struct buf *name, struct target t,
		     int required, int depth)
{
	struct buf *h = c->html;
	struct facts f = { c, 0 };
	buf_printf(h, "<tr class=\"api-d%d\"><td class=\"api-name\">", depth);
	row_name(c, name);
	if (required)
		buf_puts(h, " <span class=\"api-required\">required</span>");
	if (is_true(get(t.node, "deprecated")))
		buf_puts(h, " <span class=\"api-deprecated\">deprecated</span>");
	buf_puts(h, "</td><td class=\"api-type\">");
	put_label(c, t, 0);
	buf_puts(h, "</td><td class=\"api-about\">");
	put_md(c, get(t.node, "description"), NULL);
	schema_facts(&f, t.node);
	facts_end(&f);
	buf_puts(h, "</td></tr>\n");
	c->rows++;
}

/* A row that says something about name rather than describing it. */
static void note_row(struct ctx *c, const struct buf *name, int depth,
		     const char *note, const struct entry *link)
{
	buf_printf(c->html, "<tr class=\"api-d%d api-note\"><td class=\"api-name\">",
		   depth);
	if (name->len)
		row_name(c, name);
	buf_puts(c->html, "</td><td colspan=\"2\">");
	buf_puts(c->html, note);
	if (link)
		put_entry_link(c, link);
	buf_puts(c->html, "</td></tr>\n");
	c->rows++;
}

static void join(struct buf *name, const char *part, size_t n)
{
	if (name->len)
		buf_putc(name, '.');
	buf_put(name, part, n);
}

static int listed(const struct val *list, const char *s, size_t n)
{
	if (!is_list(list))
		return 0;
	for (size_t i = 0; i < list->u.list.len; i++) {
		const struct val *v = list->u.list.items[i];
		if (v->type == VAL_STR && v->u.str.len == n &&
		    memcmp(v->u.str.ptr, s, n) == 0)
			return 1;
	}
	return 0;
}

/* The rows that describe what is inside a value of schema t, found at
 * name ("" at the top): its properties ("name.prop"), array items
 * ("name[]"), map values ("name.*"), allOf parts merged in, oneOf and
 * anyOf options.  $refs are expanded when can_expand allows. */
static void inner_rows(struct ctx *c, struct target t, struct buf *name,
		       int depth)
{
	struct val *n = t.node, *v;
	size_t mark = name->len;

	if (!is_map(n))
		return;
	if (depth > OPENAPI_MAX_DEPTH) {
		note_row(c, name, depth, "nested too deeply to show here", NULL);
		return;
	}
	if ((v = get(n, "$ref"))) {
		struct entry *e = entry_for(c, t.file, v);
		if (e && can_expand(c, e)) {
			e->busy = 1;
			c->inline_depth++;
			inner_rows(c, e->t, name, depth);
			c->inline_depth--;
			e->busy = 0;
		}
		return;
	}
	if (is_list(v = get(n, "allOf"))) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct target part = { t.file, v->u.list.items[i] };
			struct val *r = ref_of(part.node);
			struct entry *e = r ? entry_for(c, t.file, r) : NULL;
			if (e && !can_expand(c, e))
				note_row(c, name, depth, "All the properties of ", e);
			else
				inner_rows(c, part, name, depth);
		}
	}
	static const char *const options[] = { "oneOf", "anyOf" };
	for (int k = 0; k < 2; k++) {
		if (!is_list(v = get(n, options[k])))
			continue;
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct target opt = { t.file, v->u.list.items[i] };
			struct buf *h = c->html;
			buf_printf(h, "<tr class=\"api-d%d api-option\"><td class=\"api-name\">",
				   depth);
			if (name->len) {
				row_name(c, name);
				buf_puts(h, " ");
			}
			buf_printf(h, "<em>%s %zu</em></td><td class=\"api-type\">",
				   k == 0 ? "one of, option" : "any of, option", i + 1);
			put_label(c, opt, 0);
			buf_puts(h, "</td><td class=\"api-about\">");
			put_md(c, get(opt.node, "description"), NULL);
			if (!ref_of(opt.node)) {
				struct facts f = { c, 0 };
				schema_facts(&f, opt.node);
				facts_end(&f);
			}
			buf_puts(h, "</td></tr>\n");
			c->rows++;
			inner_rows(c, opt, name, depth + 1);
		}
	}
	struct val *props = get(n, "properties");
	struct val *req = get(n, "required");
	if (is_map(props)) {
		for (size_t i = 0; i < props->u.map.len; i++) {
			const struct val_pair *p = &props->u.map.pairs[i];
			struct target pt = { t.file, p->val };
			join(name, p->key, p->key_len);
			prop_row(c, name, pt, listed(req, p->key, p->key_len), depth);
			inner_rows(c, pt, name, depth + 1);
			buf_truncate(name, mark);
		}
	}
	struct val *ap = get(n, "additionalProperties");
	if (is_map(ap)) {
		struct target at = { t.file, ap };
		join(name, "*", 1);
		if (is_map(props)) {
			prop_row(c, name, at, 0, depth);
			inner_rows(c, at, name, depth + 1);
		} else {
			inner_rows(c, at, name, depth);
		}
		buf_truncate(name, mark);
	}
	struct val *items = get(n, "items");
	if (is_map(items)) {
		buf_puts(name, "[]");
		inner_rows(c, (struct target){ t.file, items }, name, depth);
		buf_truncate(name, mark);
	}
}

/* Rows of schema n, not following $ref, stopping past limit. */
static int count_rows(const struct val *n, int limit)
{
	static const char *const lists[] = { "allOf", "oneOf", "anyOf" };
	int rows = 0;
	struct val *v;

	if (!is_map(n) || get(n, "$ref"))
		return 0;
	for (int k = 0; k < 3 && rows <= limit; k++) {
		if (!is_list(v = get(n, lists[k])))
			continue;
		for (size_t i = 0; i < v->u.list.len && rows <= limit; i++)
			rows += (k > 0) + count_rows(v->u.list.items[i], limit - rows);
	}
	if (is_map(v = get(n, "properties")))
		for (size_t i = 0; i < v->u.map.len && rows <= limit; i++)
			rows += 1 + count_rows(v->u.map.pairs[i].val, limit - rows);
	if (rows <= limit && is_map(v = get(n, "additionalProperties")))
		rows += 1 + count_rows(v, limit - rows);
	if (rows <= limit && is_map(v = get(n, "items")))
		rows += count_rows(v, limit - rows);
	return rows;
}

/* Whether entry e may be shown inline here: only where a schema is used
 * (not in its own section), not while it is being shown already (a
 * recursive schema), not more than OPENAPI_INLINE_DEPTH $refs deep, and
 * only while this use stays within OPENAPI_INLINE_ROWS rows. */
static int can_expand(struct ctx *c, struct entry *e)
{
	if (!c->inline_mode || e->busy || c->inline_depth >= OPENAPI_INLINE_DEPTH)
		return 0;
	if (e->rows < 0)
		e->rows = count_rows(e->t.node, OPENAPI_INLINE_ROWS);
	return c->rows + e->rows <= OPENAPI_INLINE_ROWS;
}

static const char props_head[] =
	"<table class=\"api-props\"><thead><tr><th>Name</th><th>Type</th>"
	"<th>Description</th></tr></thead><tbody>\n";

/* The table of the rows inside t; nothing when there are none. */
static void props_table(struct ctx *c, struct target t)
{
	struct buf name = BUF_INIT;
	size_t mark = c->html->len;
	int rows = c->rows;
	buf_puts(c->html, props_head);
	inner_rows(c, t, &name, 0);
	if (c->rows == rows)
		buf_truncate(c->html, mark);
	else
		buf_puts(c->html, "</tbody></table>\n");
	buf_release(&name);
}

/* A schema where it is used (parameter, body, response): its type, and
 * its properties with $refs expanded a little. */
static void schema_block(struct ctx *c, struct target t)
{
	struct facts f = { c, 0 };
	if (!t.node)
		return;
	buf_puts(c->html, "<div class=\"api-schema\"><p class=\"api-schema-type\">Schema: ");
	put_label(c, t, 0);
	buf_puts(c->html, "</p>\n");
	/* beside a $ref (3.1), a description says what this use means */
	put_md(c, get(t.node, "description"), NULL);
	if (!ref_of(t.node)) {
		schema_facts(&f, t.node);
		facts_end(&f);
	}
	c->inline_mode = 1;
	c->inline_depth = 0;
	c->rows = 0;
	props_table(c, t);
	c->inline_mode = 0;
	buf_puts(c->html, "</div>\n");
}

/* The Schemas section: every entry once, $refs as links. */
static void schemas_section(struct ctx *c)
{
	struct buf *h = c->html;
	if (!c->nentries)
		return;
	buf_puts(h, "<section class=\"api-schemas\">\n<h2>Schemas</h2>\n");
	/* entries may be added while this runs (a schema of another file
	 * that only these schemas refer to): the loop sees them */
	for (size_t i = 0; i < c->nentries; i++) {
		struct entry *e = c->entries[i];
		struct facts f = { c, 0 };
		buf_puts(h, "<section class=\"api-schema-def\" id=\"");
		escs(h, e->anchor);
		buf_puts(h, "\">\n<h3><code>");
		escs(h, e->name);
		buf_puts(h, "</code>");
		if (is_true(get(e->t.node, "deprecated")))
			buf_puts(h, " <span class=\"api-deprecated\">deprecated</span>");
		buf_puts(h, "</h3>\n");
		if (e->external && e->t.file != c->main) {
			buf_puts(h, "<p class=\"api-from\">From <code>");
			escs(h, e->t.file->path);
			buf_puts(h, "</code></p>\n");
		}
		e->busy = 1;
		c->inline_mode = 0;
		c->rows = 0;
		buf_puts(h, "<p class=\"api-schema-type\">Type: ");
		put_label(c, e->t, 0);
		buf_puts(h, "</p>\n");
		if (!ref_of(e->t.node)) {
			put_md(c, get(e->t.node, "description"), NULL);
			schema_facts(&f, e->t.node);
			facts_end(&f);
			put_external_docs(c, get(e->t.node, "externalDocs"));
		}
		props_table(c, e->t);
		e->busy = 0;
		buf_puts(h, "</section>\n");
	}
	buf_puts(h, "</section>\n");
}

/* ================================================================ examples */

static void example_value(struct ctx *c, const struct val *v)
{
	struct buf t = BUF_INIT;
	if (v && v->type == VAL_STR)
		buf_put(&t, v->u.str.ptr, v->u.str.len);
	else
		pretty_json(&t, v, 0);
	buf_puts(c->html, "<pre class=\"api-example\"><code>");
	esc(c->html, t.ptr, t.len);
	buf_puts(c->html, "</code></pre>\n");
	buf_release(&t);
}

/* example: and examples: of a media type (3.x). */
static void media_examples(struct ctx *c, struct target media)
{
	struct val *v = get(media.node, "example");
	if (v) {
		buf_puts(c->html, "<p class=\"api-example-title\">Example</p>\n");
		example_value(c, v);
	}
	struct val *ex = get(media.node, "examples");
	if (!is_map(ex))
		return;
	for (size_t i = 0; i < ex->u.map.len; i++) {
		const struct val_pair *p = &ex->u.map.pairs[i];
		struct target e;
		if (deref(c, &e, (struct target){ media.file, p->val }) < 0)
			continue;
		const char *summary = val_as_str(get(e.node, "summary"));
		buf_puts(c->html, "<p class=\"api-example-title\">Example <code>");
		esc(c->html, p->key, p->key_len);
		buf_puts(c->html, "</code>");
		if (summary) {
			buf_puts(c->html, ": ");
			escs(c->html, summary);
		}
		buf_puts(c->html, "</p>\n");
		put_md(c, get(e.node, "description"), NULL);
		if ((v = get(e.node, "value"))) {
			example_value(c, v);
		} else if ((v = get(e.node, "externalValue")) && val_as_str(v)) {
			buf_puts(c->html, "<p>In ");
			put_link(c->html, val_as_str(v), NULL);
			buf_puts(c->html, "</p>\n");
		}
	}
}

/* ================================================================ operations */

static const char *const methods[] = { "get", "put", "post", "delete",
				       "options", "head", "patch", "trace", NULL };

static int is_method(const char *k)
{
	for (int i = 0; methods[i]; i++)
		if (strcmp(k, methods[i]) == 0)
			return 1;
	return 0;
}

struct param {
	struct target t;
	const char *name, *in;
};

/* Appends the parameters of list (in file) to *ps, each replacing an
 * earlier one with the same name and location. */
static void merge_params(struct ctx *c, struct param **ps, size_t *n,
			 size_t *cap, struct src *file, const struct val *list)
{
	if (!is_list(list))
		return;
	for (size_t i = 0; i < list->u.list.len; i++) {
		struct target t;
		if (deref(c, &t, (struct target){ file, list->u.list.items[i] }) < 0)
			continue;
		const char *name = val_as_str(get(t.node, "name"));
		const char *in = val_as_str(get(t.node, "in"));
		if (!name || !in) {
			if (once(c, t.node))
				warn(c, t.file, t.node->line,
				     "parameter has no %s: give every parameter a name and an \"in\" (path, query, header or cookie)",
				     !name ? "name" : "\"in\"");
			continue;
		}
		size_t k = 0;
		while (k < *n && !(strcmp((*ps)[k].name, name) == 0 &&
				   strcmp((*ps)[k].in, in) == 0))
			k++;
		if (k == *n) {
			ARENA_GROW(c->a, *ps, *cap, *n + 1);
			(*n)++;
		}
		(*ps)[k] = (struct param){ t, name, in };
	}
}

/* The schema of a parameter or header: 3.x schema (or the first media
 * type of content); 2.0 the object itself, which has type, items, ... */
static struct target param_schema(struct ctx *c, struct target p)
{
	if (c->v2 && !get(p.node, "schema"))
		return p;
	struct val *s = get(p.node, "schema");
	struct val *content = get(p.node, "content");
	if (!s && is_map(content) && content->u.map.len)
		s = get(content->u.map.pairs[0].val, "schema");
	return (struct target){ p.file, s };
}

static void param_examples(struct ctx *c, struct facts *f, struct target p)
{
	fact_value(f, "Example:", get(p.node, "example"));
	struct val *ex = get(p.node, "examples");
	if (!is_map(ex))
		return;
	for (size_t i = 0; i < ex->u.map.len; i++) {
		struct target e;
		if (deref(c, &e, (struct target){ p.file, ex->u.map.pairs[i].val }) < 0)
			continue;
		fact_value(f, "Example:", get(e.node, "value"));
	}
}

static void params_table(struct ctx *c, const struct param *ps, size_t n)
{
	struct buf *h = c->html;
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		const struct param *p = &ps[i];
		if (c->v2 && (strcmp(p->in, "body") == 0 || strcmp(p->in, "formData") == 0))
			continue;
		if (!any)
			buf_puts(h, "<h4>Parameters</h4>\n<table class=\"api-params\"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>\n");
		any = 1;
		struct target s = param_schema(c, p->t);
		struct facts f = { c, 0 };
		int required = is_true(get(p->t.node, "required")) ||
			       strcmp(p->in, "path") == 0;
		buf_puts(h, "<tr><td class=\"api-name\"><code>");
		escs(h, p->name);
		buf_puts(h, "</code>");
		if (is_true(get(p->t.node, "deprecated")))
			buf_puts(h, " <span class=\"api-deprecated\">deprecated</span>");
		buf_puts(h, "</td><td>");
		escs(h, p->in);
		buf_puts(h, "</td><td class=\"api-type\">");
		put_label(c, s, 0);
		buf_printf(h, "</td><td>%s</td><td class=\"api-about\">",
			   required ? "yes" : "no");
		put_md(c, get(p->t.node, "description"), NULL);
		if (s.node && s.node != p->t.node && !ref_of(s.node))
			schema_facts(&f, s.node);
		else if (s.node == p->t.node)
			schema_facts(&f, p->t.node);
		param_examples(c, &f, p->t);
		facts_end(&f);
		buf_puts(h, "</td></tr>\n");
	}
	if (any)
		buf_puts(h, "</tbody></table>\n");
}

/* "<code>a</code>, <code>b</code>" for a list of media types. */
static void put_media_list(struct ctx *c, const struct val *list)
{
	for (size_t i = 0; i < list->u.list.len; i++) {
		if (i)
			buf_puts(c->html, ", ");
		buf_puts(c->html, "<code>");
		put_value(c->html, list->u.list.items[i], 0);
		buf_puts(c->html, "</code>");
	}
}

/* 3.x content: one block per media type. */
static void content_blocks(struct ctx *c, struct target content)
{
	if (!is_map(content.node))
		return;
	for (size_t i = 0; i < content.node->u.map.len; i++) {
		const struct val_pair *p = &content.node->u.map.pairs[i];
		struct target media = { content.file, p->val };
		buf_puts(c->html, "<div class=\"api-media\">\n<h5><code>");
		esc(c->html, p->key, p->key_len);
		buf_puts(c->html, "</code></h5>\n");
		struct val *s = get(media.node, "schema");
		if (s)
			schema_block(c, (struct target){ media.file, s });
		media_examples(c, media);
		buf_puts(c->html, "</div>\n");
	}
}

/* The media types of an operation (2.0 consumes or produces). */
static const struct val *media_types(struct ctx *c, struct target op,
				     const char *key)
{
	const struct val *l = get(op.node, key);
	if (!is_list(l))
		l = get(c->main->root, key);
	return is_list(l) && l->u.list.len ? l : NULL;
}

static void request_body_v2(struct ctx *c, struct target op,
			    const struct param *ps, size_t n)
{
	struct buf *h = c->html;
	const struct val *consumes = media_types(c, op, "consumes");
	const struct param *body = NULL;
	int form = 0, file = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ps[i].in, "body") == 0)
			body = &ps[i];
		if (strcmp(ps[i].in, "formData") == 0) {
			form = 1;
			file |= streq(get(ps[i].t.node, "type"), "file");
		}
	}
	if (body) {
		buf_puts(h, "<h4>Request body");
		if (is_true(get(body->t.node, "required")))
			buf_puts(h, " <span class=\"api-required\">required</span>");
		buf_puts(h, "</h4>\n");
		put_md(c, get(body->t.node, "description"), NULL);
		buf_puts(h, "<div class=\"api-media\">\n");
		if (consumes) {
			buf_puts(h, "<h5>");
			put_media_list(c, consumes);
			buf_puts(h, "</h5>\n");
		}
		schema_block(c, (struct target){ body->t.file, get(body->t.node, "schema") });
		buf_puts(h, "</div>\n");
	} else if (form) {
		const char *mt = file ? "multipart/form-data"
				      : "application/x-www-form-urlencoded";
		if (!file && listed(consumes, "multipart/form-data", 19))
			mt = "multipart/form-data";
		buf_puts(h, "<h4>Request body</h4>\n<div class=\"api-media\">\n<h5><code>");
		buf_puts(h, mt);
		buf_puts(h, "</code></h5>\n<div class=\"api-schema\">");
		buf_puts(h, props_head);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(ps[i].in, "formData") != 0)
				continue;
			struct buf name = BUF_INIT;
			buf_puts(&name, ps[i].name);
			c->inline_mode = 1;
			c->inline_depth = 0;
			c->rows = 0;
			prop_row(c, &name, ps[i].t, is_true(get(ps[i].t.node, "required")), 0);
			inner_rows(c, ps[i].t, &name, 1);
			c->inline_mode = 0;
			buf_release(&name);
		}
		buf_puts(h, "</tbody></table>\n</div>\n</div>\n");
	}
}

static void request_body_v3(struct ctx *c, struct target op)
{
	struct val *rb = get(op.node, "requestBody");
	struct target t;
	if (!rb || deref(c, &t, (struct target){ op.file, rb }) < 0)
		return;
	buf_puts(c->html, "<h4>Request body");
	if (is_true(get(t.node, "required")))
		buf_puts(c->html, " <span class=\"api-required\">required</span>");
	buf_puts(c->html, "</h4>\n");
	put_md(c, get(t.node, "description"), NULL);
	content_blocks(c, (struct target){ t.file, get(t.node, "content") });
}

static void headers_table(struct ctx *c, struct target headers)
{
	struct buf *h = c->html;
	if (!is_map(headers.node) || !headers.node->u.map.len)
		return;
	buf_puts(h, "<table class=\"api-headers\"><thead><tr><th>Header</th><th>Type</th><th>Description</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < headers.node->u.map.len; i++) {
		const struct val_pair *p = &headers.node->u.map.pairs[i];
		struct target t;
		struct facts f = { c, 0 };
		if (deref(c, &t, (struct target){ headers.file, p->val }) < 0)
			continue;
		struct target s = param_schema(c, t);
		buf_puts(h, "<tr><td class=\"api-name\"><code>");
		esc(h, p->key, p->key_len);
		buf_puts(h, "</code></td><td class=\"api-type\">");
		put_label(c, s, 0);
		buf_puts(h, "</td><td class=\"api-about\">");
		put_md(c, get(t.node, "description"), NULL);
		if (s.node && !ref_of(s.node))
			schema_facts(&f, s.node);
		facts_end(&f);
		buf_puts(h, "</td></tr>\n");
	}
	buf_puts(h, "</tbody></table>\n");
}

static void responses(struct ctx *c, struct target op)
{
	struct buf *h = c->html;
	struct val *rs = get(op.node, "responses");
	if (!is_map(rs) || !rs->u.map.len)
		return;
	buf_puts(h, "<h4>Responses</h4>\n");
	for (size_t i = 0; i < rs->u.map.len; i++) {
		const struct val_pair *p = &rs->u.map.pairs[i];
		struct target r;
		int bad = deref(c, &r, (struct target){ op.file, p->val }) < 0;
		char cls = p->key_len == 3 && p->key[0] >= '1' && p->key[0] <= '5'
				   ? p->key[0] : 0;
		buf_puts(h, "<div class=\"api-response\">\n<h5><span class=\"api-status");
		if (cls)
			buf_printf(h, " api-status-%cxx", cls);
		buf_puts(h, "\">");
		esc(h, p->key, p->key_len);
		buf_puts(h, "</span></h5>\n");
		if (bad) {
			buf_puts(h, "<p class=\"api-broken\">This response is a $ref that leads nowhere: ");
			put_code(h, ref_of(p->val));
			buf_puts(h, ".</p>\n</div>\n");
			continue;
		}
		put_md(c, get(r.node, "description"), NULL);
		headers_table(c, (struct target){ r.file, get(r.node, "headers") });
		if (!c->v2) {
			content_blocks(c, (struct target){ r.file, get(r.node, "content") });
		} else {
			struct val *s = get(r.node, "schema");
			const struct val *produces = media_types(c, op, "produces");
			struct val *ex = get(r.node, "examples");
			if (s || is_map(ex)) {
				buf_puts(h, "<div class=\"api-media\">\n");
				if (produces) {
					buf_puts(h, "<h5>");
					put_media_list(c, produces);
					buf_puts(h, "</h5>\n");
				}
				if (s)
					schema_block(c, (struct target){ r.file, s });
				for (size_t k = 0; is_map(ex) && k < ex->u.map.len; k++) {
					buf_puts(h, "<p class=\"api-example-title\">Example <code>");
					esc(h, ex->u.map.pairs[k].key, ex->u.map.pairs[k].key_len);
					buf_puts(h, "</code></p>\n");
					example_value(c, ex->u.map.pairs[k].val);
				}
				buf_puts(h, "</div>\n");
			}
		}
		buf_puts(h, "</div>\n");
	}
}

/* "Authentication: a and b, or c" from a list of security requirements. */
static void security_line(struct ctx *c, const struct val *sec)
{
	struct buf *h = c->html;
	if (!is_list(sec))
		return;
	buf_puts(h, "<p class=\"api-auth\">Authentication: ");
	if (!sec->u.list.len)
		buf_puts(h, "none");
	for (size_t i = 0; i < sec->u.list.len; i++) {
		const struct val *req = sec->u.list.items[i];
		if (i)
			buf_puts(h, ", or ");
		if (!is_map(req) || !req->u.map.len) {
			buf_puts(h, "none");
			continue;
		}
		for (size_t k = 0; k < req->u.map.len; k++) {
			const struct val_pair *p = &req->u.map.pairs[k];
			if (k)
				buf_puts(h, " and ");
			void **anchor = table_at(&c->security, c->a, p->key,
						 p->key_len, 0);
			if (anchor) {
				buf_puts(h, "<a href=\"#");
				escs(h, *anchor);
				buf_puts(h, "\">");
				esc(h, p->key, p->key_len);
				buf_puts(h, "</a>");
			} else {
				buf_puts(h, "<code>");
				esc(h, p->key, p->key_len);
				buf_puts(h, "</code>");
			}
			const struct val *scopes = p->val;
			if (is_list(scopes) && scopes->u.list.len) {
				buf_puts(h, " (");
				for (size_t s = 0; s < scopes->u.list.len; s++) {
					if (s)
						buf_puts(h, ", ");
					put_code(h, scopes->u.list.items[s]);
				}
				buf_puts(h, ")");
			}
		}
	}
	buf_puts(h, "</p>\n");
}

static void servers_list(struct ctx *c, const struct val *servers,
			 const char *cls);
static void callbacks(struct ctx *c, const struct openapi_op *parent,
		      struct target op);

static void render_op(struct ctx *c, const struct op_info *oi,
		      struct openapi_op *op)
{
	struct buf *h = c->html;
	struct buf text = BUF_INIT;
	struct target t = oi->op;
	struct param *ps = NULL;
	size_t nps = 0, cap = 0;
	struct val *v;

	buf_puts(h, "<section class=\"api-op");
	if (op->deprecated)
		buf_puts(h, " api-op-deprecated");
	buf_puts(h, "\" id=\"");
	escs(h, op->anchor);
	buf_puts(h, "\">\n<h3");
	if (op->id_anchor) {
		buf_puts(h, " id=\"");
		escs(h, op->id_anchor);
		buf_puts(h, "\"");
	}
	buf_printf(h, "><span class=\"api-method api-method-%s\">%s</span> <code class=\"api-path\">",
		   oi->method, op->method);
	escs(h, op->path);
	buf_puts(h, "</code> <a class=\"api-permalink\" href=\"#");
	escs(h, op->anchor);
	buf_puts(h, "\" title=\"Link to this operation\">#</a></h3>\n");
	if (*op->summary) {
		buf_puts(h, "<p class=\"api-summary\">");
		escs(h, op->summary);
		buf_puts(h, "</p>\n");
		buf_puts(&text, op->summary);
	}
	if (op->deprecated)
		buf_puts(h, "<p class=\"api-deprecated-note\"><strong>Deprecated:</strong> this operation may be removed; avoid it in new code.</p>\n");
	if (op->operation_id) {
		buf_puts(h, "<p class=\"api-opid\">Operation ID: <code>");
		escs(h, op->operation_id);
		buf_puts(h, "</code></p>\n");
	}
	v = get(t.node, "description");
	if (!v)
		v = get(oi->item.node, "description");
	put_md(c, v, &text);
	put_external_docs(c, get(t.node, "externalDocs"));
	v = get(t.node, "servers");
	if (!v)
		v = get(oi->item.node, "servers");
	servers_list(c, v, "api-op-servers");
	v = get(t.node, "security");
	security_line(c, v ? v : get(c->main->root, "security"));

	merge_params(c, &ps, &nps, &cap, oi->item.file, get(oi->item.node, "parameters"));
	merge_params(c, &ps, &nps, &cap, t.file, get(t.node, "parameters"));
	if (op->operation_id) {
		if (text.len)
			buf_putc(&text, ' ');
		buf_puts(&text, op->operation_id);
	}
	for (size_t i = 0; i < nps; i++) {
		if (text.len)
			buf_putc(&text, ' ');
		buf_puts(&text, ps[i].name);
	}
	params_table(c, ps, nps);
	if (c->v2)
		request_body_v2(c, t, ps, nps);
	else
		request_body_v3(c, t);
	responses(c, t);
	callbacks(c, op, t);
	buf_puts(h, "</section>\n");
	op->text = arena_strndup(c->a, text.ptr, text.len);
	buf_release(&text);
}

/* ================================================================ callbacks */

/* Appends html (n bytes, made by this file: every "<h" in it opens a
 * heading, since text is escaped) with each heading by levels lower,
 * down to h6. */
static void shift_headings(struct buf *out, const char *s, size_t n, int by)
{
	for (size_t i = 0; i < n; i++) {
		int close = i + 3 < n && s[i] == '<' && s[i + 1] == '/' && s[i + 2] == 'h';
		int open = i + 2 < n && s[i] == '<' && s[i + 1] == 'h';
		size_t d = i + (close ? 3 : 2);
		if ((open || close) && d < n && s[d] >= '1' && s[d] <= '6') {
			int level = s[d] - '0' + by;
			buf_put(out, s + i, d - i);
			buf_putc(out, (char)('0' + (level > 6 ? 6 : level)));
			i = d;
			continue;
		}
		buf_putc(out, s[i]);
	}
}

/* Appends the anchor text of a callback's URL expression: the path rule,
 * with the "$" of each runtime expression left out
 * ("{$request.query.url}/data" -> ":request.query.url/data"). */
static void put_expression_anchor(struct buf *b, const char *s)
{
	struct buf t = BUF_INIT;
	for (; *s; s++)
		if (*s != '$')
			buf_putc(&t, *s);
	put_anchor_text(b, t.ptr, t.len, 1);
	buf_release(&t);
}

/* One operation of a callback, rendered like an operation two heading
 * levels down.  Its anchor is <parent>.cb-<name>-<method>-<expression>. */
static void callback_op(struct ctx *c, const struct openapi_op *parent,
			const char *name, const char *expr, struct target item,
			const struct val_pair *m)
{
	struct op_info oi = { item, { item.file, m->val }, m->key, expr, 0 };
	struct openapi_op op;
	struct buf want = BUF_INIT, up = BUF_INIT, html = BUF_INIT;
	memset(&op, 0, sizeof(op));
	for (const char *k = m->key; *k; k++)
		buf_putc(&up, (char)(*k - 'a' + 'A'));
	op.method = arena_strndup(c->a, up.ptr, up.len);
	op.path = expr;
	const char *summary = scalar_dup(c->a, get(m->val, "summary"));
	if (!summary)
		summary = scalar_dup(c->a, get(item.node, "summary"));
	op.summary = summary ? summary : "";
	op.operation_id = scalar_dup(c->a, get(m->val, "operationId"));
	op.deprecated = is_true(get(m->val, "deprecated"));
	op.line = m->val->line;
	buf_printf(&want, "%s.cb-", parent->anchor);
	put_anchor_text(&want, name, strlen(name), 0);
	buf_printf(&want, "-%s-", m->key);
	put_expression_anchor(&want, expr);
	op.anchor = claim_anchor(c, &want);
	struct buf *outer = c->html;
	c->html = &html;
	c->callback_depth++;
	render_op(c, &oi, &op);
	c->callback_depth--;
	c->html = outer;
	/* the section is an operation's, marked as a callback's */
	const char *cls = "<section class=\"api-op";
	size_t skip = strncmp(html.ptr, cls, strlen(cls)) == 0 ? strlen(cls) : 0;
	buf_puts(c->html, "<section class=\"api-op api-callback-op");
	shift_headings(c->html, html.ptr + skip, html.len - skip, 2);
	buf_release(&html);
	buf_release(&up);
	buf_release(&want);
}

/* The callbacks an operation declares (OpenAPI 3.x): each is a map of
 * runtime expressions (the URL the API calls) to path items; each of
 * their operations is shown under the declaring operation.  Callbacks of
 * callbacks are named, not expanded. */
static void callbacks(struct ctx *c, const struct openapi_op *parent,
		      struct target op)
{
	struct buf *h = c->html;
	struct val *cbs = get(op.node, "callbacks");
	if (c->v2 || !is_map(cbs) || !cbs->u.map.len)
		return;
	buf_puts(h, "<div class=\"api-callbacks\">\n<h4>Callbacks</h4>\n");
	for (size_t i = 0; i < cbs->u.map.len; i++) {
		const struct val_pair *p = &cbs->u.map.pairs[i];
		const char *name = arena_strndup(c->a, p->key, p->key_len);
		struct target cb;
		buf_puts(h, "<p class=\"api-callback-name\">Callback <code>");
		escs(h, name);
		if (c->callback_depth) {
			buf_puts(h, "</code> (a callback's callback: not expanded)</p>\n");
			continue;
		}
		buf_puts(h, "</code>: requests the API sends</p>\n");
		if (deref(c, &cb, (struct target){ op.file, p->val }) < 0) {
			buf_puts(h, "<p class=\"api-broken\">This callback is a $ref that leads nowhere: ");
			put_code(h, ref_of(p->val));
			buf_puts(h, ".</p>\n");
			continue;
		}
		if (!is_map(cb.node)) {
			if (once(c, cb.node))
				warn(c, cb.file, cb.node->line,
				     "callback \"%s\" of %s %s is a %s, not a mapping: write a URL expression (\"{$request.body#/callbackUrl}\") with its operations under it",
				     name, parent->method, parent->path, val_type_name(cb.node->type));
			continue;
		}
		size_t shown = 0;
		for (size_t k = 0; k < cb.node->u.map.len; k++) {
			const struct val_pair *e = &cb.node->u.map.pairs[k];
			struct target item;
			if (strncmp(e->key, "x-", 2) == 0)
				continue;
			if (deref(c, &item, (struct target){ cb.file, e->val }) < 0)
				continue;
			if (!is_map(item.node)) {
				if (once(c, item.node))
					warn(c, item.file, item.node->line,
					     "callback \"%s\" expression \"%s\" is a %s, not a mapping of operations: write post:, ... under it",
					     name, e->key, val_type_name(item.node->type));
				continue;
			}
			const char *expr = arena_strndup(c->a, e->key, e->key_len);
			for (size_t m = 0; m < item.node->u.map.len; m++) {
				const struct val_pair *mp = &item.node->u.map.pairs[m];
				if (!is_method(mp->key) || !is_map(mp->val))
					continue;
				callback_op(c, parent, name, expr, item, mp);
				shown++;
			}
		}
		if (!shown)
			buf_puts(h, "<p class=\"api-note\">It declares no operation.</p>\n");
	}
	buf_puts(h, "</div>\n");
}

/* ================================================================ info, servers, security */

static void servers_list(struct ctx *c, const struct val *servers,
			 const char *cls)
{
	struct buf *h = c->html;
	if (!is_list(servers) || !servers->u.list.len)
		return;
	buf_printf(h, "<ul class=\"%s\">\n", cls);
	for (size_t i = 0; i < servers->u.list.len; i++) {
		const struct val *s = servers->u.list.items[i];
		const char *url = val_as_str(get(s, "url"));
		if (!url)
			continue;
		buf_puts(h, "<li>");
		if (!strchr(url, '{'))
			put_link(h, url, NULL);
		else {
			buf_puts(h, "<code>");
			escs(h, url);
			buf_puts(h, "</code>");
		}
		put_md(c, get(s, "description"), NULL);
		struct val *vars = get(s, "variables");
		if (is_map(vars) && vars->u.map.len) {
			buf_puts(h, "<ul class=\"api-server-vars\">\n");
			for (size_t k = 0; k < vars->u.map.len; k++) {
				const struct val_pair *p = &vars->u.map.pairs[k];
				struct facts f = { c, 0 };
				buf_puts(h, "<li><code>");
				esc(h, p->key, p->key_len);
				buf_puts(h, "</code>");
				put_md(c, get(p->val, "description"), NULL);
				fact_value(&f, "Default:", get(p->val, "default"));
				fact_list(&f, "One of:", get(p->val, "enum"));
				facts_end(&f);
				buf_puts(h, "</li>\n");
			}
			buf_puts(h, "</ul>\n");
		}
		buf_puts(h, "</li>\n");
	}
	buf_puts(h, "</ul>\n");
}

/* 2.0: schemes + host + basePath, as 3.x servers. */
static struct val *servers_v2(struct ctx *c, const struct val *root)
{
	const char *host = val_as_str(get(root, "host"));
	const char *base = val_as_str(get(root, "basePath"));
	struct val *schemes = get(root, "schemes");
	struct val *list = val_list(c->a);
	if (!host && !base)
		return list;
	if (!host || !is_list(schemes) || !schemes->u.list.len) {
		struct val *s = val_map(c->a);
		val_set(c->a, s, "url",
			val_str(c->a, arena_printf(c->a, "%s%s%s", host ? "//" : "",
						   host ? host : "", base ? base : "")));
		val_push(c->a, list, s);
		return list;
	}
	for (size_t i = 0; i < schemes->u.list.len; i++) {
		const char *sc = val_as_str(schemes->u.list.items[i]);
		if (!sc)
			continue;
		struct val *s = val_map(c->a);
		val_set(c->a, s, "url",
			val_str(c->a, arena_printf(c->a, "%s://%s%s", sc, host,
						   base ? base : "")));
		val_push(c->a, list, s);
	}
	return list;
}

static void oauth_flow(struct ctx *c, const char *name, const struct val *flow)
{
	static const struct {
		const char *key, *label;
	} urls[] = { { "authorizationUrl", "authorization URL" },
		     { "tokenUrl", "token URL" },
		     { "refreshUrl", "refresh URL" } };
	struct buf *h = c->html;
	buf_puts(h, "<li>");
	if (name) {
		buf_puts(h, "Flow <code>");
		escs(h, name);
		buf_puts(h, "</code>");
	}
	for (size_t i = 0; i < 3; i++) {
		const char *u = val_as_str(get(flow, urls[i].key));
		if (!u)
			continue;
		buf_printf(h, "; %s ", urls[i].label);
		put_link(h, u, NULL);
	}
	struct val *scopes = get(flow, "scopes");
	if (is_map(scopes) && scopes->u.map.len) {
		buf_puts(h, "; scopes:<ul>");
		for (size_t i = 0; i < scopes->u.map.len; i++) {
			const struct val_pair *p = &scopes->u.map.pairs[i];
			buf_puts(h, "<li><code>");
			esc(h, p->key, p->key_len);
			buf_puts(h, "</code>");
			if (val_as_str(p->val) && *val_as_str(p->val)) {
				buf_puts(h, ": ");
				escs(h, val_as_str(p->val));
			}
			buf_puts(h, "</li>");
		}
		buf_puts(h, "</ul>");
	}
	buf_puts(h, "</li>\n");
}

static void security_section(struct ctx *c, struct target schemes)
{
	struct buf *h = c->html;
	if (!is_map(schemes.node) || !schemes.node->u.map.len)
		return;
	buf_puts(h, "<section class=\"api-security\">\n<h2>Authentication</h2>\n<dl>\n");
	for (size_t i = 0; i < schemes.node->u.map.len; i++) {
		const struct val_pair *p = &schemes.node->u.map.pairs[i];
		struct target t;
		void **anchor = table_at(&c->security, c->a, p->key, p->key_len, 0);
		if (!anchor)
			continue;
		int bad = deref(c, &t, (struct target){ schemes.file, p->val }) < 0;
		struct val *n = bad ? NULL : t.node;
		const char *type = val_as_str(get(n, "type"));
		const char *in = val_as_str(get(n, "in"));
		const char *name = val_as_str(get(n, "name"));
		buf_puts(h, "<dt id=\"");
		escs(h, *anchor);
		buf_puts(h, "\"><code>");
		esc(h, p->key, p->key_len);
		buf_puts(h, "</code></dt>\n<dd>");
		if (bad) {
			buf_puts(h, "<p class=\"api-broken\">This scheme is a $ref that leads nowhere.</p>");
		} else if (!type) {
			buf_puts(h, "<p>Unknown type.</p>");
		} else if (strcmp(type, "apiKey") == 0) {
			buf_puts(h, "<p>API key in ");
			escs(h, in ? in : "?");
			buf_puts(h, " <code>");
			escs(h, name ? name : "?");
			buf_puts(h, "</code></p>");
		} else if (strcmp(type, "http") == 0 || strcmp(type, "basic") == 0) {
			const char *scheme = strcmp(type, "basic") == 0
						     ? "basic"
						     : val_as_str(get(n, "scheme"));
			const char *fmt = val_as_str(get(n, "bearerFormat"));
			buf_puts(h, "<p>HTTP <code>");
			escs(h, scheme ? scheme : "?");
			buf_puts(h, "</code> authentication");
			if (fmt) {
				buf_puts(h, " (bearer format ");
				escs(h, fmt);
				buf_puts(h, ")");
			}
			buf_puts(h, "</p>");
		} else if (strcmp(type, "oauth2") == 0) {
			struct val *flows = get(n, "flows");
			buf_puts(h, "<p>OAuth 2.0</p><ul>");
			if (is_map(flows))
				for (size_t k = 0; k < flows->u.map.len; k++)
					oauth_flow(c, flows->u.map.pairs[k].key,
						   flows->u.map.pairs[k].val);
			else
				oauth_flow(c, val_as_str(get(n, "flow")), n);
			buf_puts(h, "</ul>");
		} else if (strcmp(type, "openIdConnect") == 0) {
			buf_puts(h, "<p>OpenID Connect: ");
			put_link(h, val_as_str(get(n, "openIdConnectUrl")), NULL);
			buf_puts(h, "</p>");
		} else if (strcmp(type, "mutualTLS") == 0) {
			buf_puts(h, "<p>Mutual TLS</p>");
		} else {
			buf_puts(h, "<p><code>");
			escs(h, type);
			buf_puts(h, "</code></p>");
		}
		put_md(c, get(n, "description"), NULL);
		buf_puts(h, "</dd>\n");
	}
	buf_puts(h, "</dl>\n</section>\n");
}

static void info_header(struct ctx *c, struct openapi_doc *doc, struct buf *text)
{
	struct buf *h = c->html;
	struct val *info = get(c->main->root, "info");
	const char *s;

	buf_puts(h, "<header class=\"api-info\">\n<h1 class=\"api-title\">");
	escs(h, doc->title ? doc->title : "API");
	buf_puts(h, "</h1>\n<p class=\"api-meta\">");
	if (doc->version) {
		buf_puts(h, "Version <code>");
		escs(h, doc->version);
		buf_puts(h, "</code> \xC2\xB7 ");
	}
	if (doc->spec_version) {
		buf_puts(h, c->v2 ? "Swagger " : "OpenAPI ");
		escs(h, doc->spec_version);
	} else {
		buf_puts(h, "No OpenAPI version declared");
	}
	buf_puts(h, "</p>\n");
	if ((s = val_as_str(get(info, "summary")))) {
		buf_puts(h, "<p class=\"api-summary\">");
		escs(h, s);
		buf_puts(h, "</p>\n");
	}
	put_md(c, get(info, "description"), text);

	size_t mark = h->len;
	buf_puts(h, "<ul class=\"api-about\">\n");
	size_t empty = h->len;
	if ((s = val_as_str(get(info, "termsOfService")))) {
		buf_puts(h, "<li>Terms of service: ");
		put_link(h, s, NULL);
		buf_puts(h, "</li>\n");
	}
	struct val *contact = get(info, "contact");
	if (is_map(contact) && contact->u.map.len) {
		const char *name = val_as_str(get(contact, "name"));
		const char *url = val_as_str(get(contact, "url"));
		const char *mail = val_as_str(get(contact, "email"));
		buf_puts(h, "<li>Contact:");
		if (name || url) {
			buf_puts(h, " ");
			put_link(h, url, name);
		}
		if (mail) {
			buf_puts(h, " ");
			if (email_ok(mail)) {
				buf_puts(h, "<a href=\"mailto:");
				escs(h, mail);
				buf_puts(h, "\">");
				escs(h, mail);
				buf_puts(h, "</a>");
			} else {
				escs(h, mail);
			}
		}
		buf_puts(h, "</li>\n");
	}
	struct val *lic = get(info, "license");
	if (is_map(lic) && (s = val_as_str(get(lic, "name")))) {
		const char *id = val_as_str(get(lic, "identifier"));
		buf_puts(h, "<li>Licence: ");
		put_link(h, val_as_str(get(lic, "url")), s);
		if (id) {
			buf_puts(h, " (<code>");
			escs(h, id);
			buf_puts(h, "</code>)");
		}
		buf_puts(h, "</li>\n");
	}
	if (h->len == empty)
		buf_truncate(h, mark);
	else
		buf_puts(h, "</ul>\n");
	put_external_docs(c, get(c->main->root, "externalDocs"));
	buf_puts(h, "</header>\n");
}

/* ================================================================ operations: collect and group */

struct ops {
	struct op_info *info;
	struct openapi_op *ops;
	size_t n, cap, cap2;
};

static void collect_item(struct ctx *c, struct ops *o, const char *path,
			 struct target item, int webhook)
{
	struct target t;
	if (deref(c, &t, item) < 0)
		return;
	if (!is_map(t.node)) {
		warn(c, item.file, item.node->line,
		     "path \"%s\" is a %s, not a mapping of operations: write get:, post:, ... under it",
		     path, val_type_name(item.node->type));
		return;
	}
	for (size_t i = 0; i < t.node->u.map.len; i++) {
		const struct val_pair *p = &t.node->u.map.pairs[i];
		if (!is_method(p->key))
			continue;
		if (!is_map(p->val)) {
			warn(c, t.file, p->val->line,
			     "operation \"%s %s\" is a %s, not a mapping: describe it with summary:, responses:, ...",
			     p->key, path, val_type_name(p->val->type));
			continue;
		}
		ARENA_GROW(c->a, o->info, o->cap, o->n + 1);
		ARENA_GROW(c->a, o->ops, o->cap2, o->n + 1);
		struct op_info *oi = &o->info[o->n];
		struct openapi_op *op = &o->ops[o->n];
		o->n++;
		memset(oi, 0, sizeof(*oi));
		memset(op, 0, sizeof(*op));
		oi->item = t;
		oi->op = (struct target){ t.file, p->val };
		oi->method = p->key;
		oi->path = path;
		oi->webhook = webhook;

		struct buf up = BUF_INIT;
		for (const char *m = p->key; *m; m++)
			buf_putc(&up, (char)(*m - 'a' + 'A'));
		op->method = arena_strndup(c->a, up.ptr, up.len);
		buf_release(&up);
		op->path = path;
		const char *summary = scalar_dup(c->a, get(p->val, "summary"));
		if (!summary)
			summary = scalar_dup(c->a, get(t.node, "summary"));
		op->summary = summary ? summary : "";
		op->operation_id = scalar_dup(c->a, get(p->val, "operationId"));
		op->deprecated = is_true(get(p->val, "deprecated"));
		op->webhook = webhook;
		op->line = p->val->line;
		op->text = "";
		if (webhook) {
			op->anchor = make_anchor(
				c, arena_printf(c->a, "webhook-%s-", p->key), path, 0);
		} else {
			struct buf want = BUF_INIT;
			buf_printf(&want, "%s-", p->key);
			put_anchor_text(&want, path, strlen(path), 1);
			op->anchor = claim_anchor(c, &want);
			buf_release(&want);
		}
	}
}

/* operationIds: checked for duplicates, and anchored when the name is
 * free.  After every other anchor is taken, so that they never move. */
static void operation_ids(struct ctx *c, struct ops *o)
{
	struct table seen = { NULL, 0, 0 };
	for (size_t i = 0; i < o->n; i++) {
		struct openapi_op *op = &o->ops[i];
		const char *id = op->operation_id;
		if (!id)
			continue;
		void **slot = table_at(&seen, c->a, id, strlen(id), 1);
		if (*slot) {
			const struct openapi_op *first = *slot;
			warn(c, o->info[i].op.file, get(o->info[i].op.node, "operationId")->line,
			     "operationId \"%s\" is used twice (first by %s %s, line %d): give every operation its own id",
			     id, first->method, first->path, first->line);
			continue;
		}
		*slot = op;
		struct buf want = BUF_INIT;
		put_anchor_text(&want, id, strlen(id), 0);
		if (want.len && !table_at(&c->anchors, c->a, want.ptr, want.len, 0))
			op->id_anchor = claim_anchor(c, &want);
		buf_release(&want);
	}
	table_release(&seen);
}

/* The operations by tag: groups in display order, and for each
 * operation the group it is shown in. */
struct grouping {
	struct group *gs;
	size_t ngs, cap;
	size_t *order;   /* display order of gs */
	size_t *primary; /* per operation: index into gs */
	const char *webhooks_anchor; /* NULL when there are no webhooks */
	struct table by_name;
};

static size_t group_of(struct ctx *c, struct grouping *g, const char *name,
		       struct target tag)
{
	void **slot = table_at(&g->by_name, c->a, name, strlen(name), 1);
	if (*slot)
		return (size_t)(uintptr_t)*slot - 1;
	ARENA_GROW(c->a, g->gs, g->cap, g->ngs + 1);
	struct group *gr = &g->gs[g->ngs];
	memset(gr, 0, sizeof(*gr));
	gr->name = name;
	gr->tag = tag;
	*slot = (void *)(uintptr_t)(g->ngs + 1);
	return g->ngs++;
}

static void group_add(struct ctx *c, struct group *g, size_t op)
{
	if (g->nops && g->ops[g->nops - 1] == op)
		return; /* the same tag twice */
	ARENA_GROW(c->a, g->ops, g->cap, g->nops + 1);
	g->ops[g->nops++] = op;
}

/* Groups the operations: declared tags in their order, then tags in order
 * of first use, then "default" (the untagged) unless it was declared.
 * Takes the tags' anchors. */
static void build_groups(struct ctx *c, struct grouping *g, struct ops *o)
{
	struct val *tags = get(c->main->root, "tags");
	size_t dflt = (size_t)-1, k = 0;

	g->primary = xcalloc(o->n ? o->n : 1, sizeof(size_t));
	for (size_t i = 0; is_list(tags) && i < tags->u.list.len; i++) {
		const char *name = scalar_dup(c->a, get(tags->u.list.items[i], "name"));
		if (name)
			group_of(c, g, name,
				 (struct target){ c->main, tags->u.list.items[i] });
	}
	for (size_t i = 0; i < o->n; i++) {
		struct val *ot = get(o->info[i].op.node, "tags");
		int any = 0;
		if (o->info[i].webhook) {
			o->ops[i].tag = "webhooks";
			continue;
		}
		for (size_t t = 0; is_list(ot) && t < ot->u.list.len; t++) {
			const char *name = scalar_dup(c->a, ot->u.list.items[t]);
			if (!name)
				continue;
			size_t gi = group_of(c, g, name, (struct target){ NULL, NULL });
			group_add(c, &g->gs[gi], i);
			if (!any) {
				o->ops[i].tag = name;
				g->primary[i] = gi;
			}
			any = 1;
		}
		if (!any) {
			size_t gi = group_of(c, g, "default", (struct target){ NULL, NULL });
			o->ops[i].tag = "default";
			group_add(c, &g->gs[gi], i);
			g->primary[i] = gi;
		}
	}
	g->order = xcalloc(g->ngs ? g->ngs : 1, sizeof(size_t));
	for (size_t i = 0; i < g->ngs; i++) {
		if (strcmp(g->gs[i].name, "default") == 0 && !g->gs[i].tag.node)
			dflt = i;
		else
			g->order[k++] = i;
	}
	if (dflt != (size_t)-1)
		g->order[k++] = dflt;
	for (size_t i = 0; i < g->ngs; i++) {
		struct group *gr = &g->gs[g->order[i]];
		struct buf slug = BUF_INIT;
		if (!gr->nops)
			continue;
		markdown_slug(&slug, gr->name, strlen(gr->name));
		gr->anchor = make_anchor(c, "tag-", slug.ptr, 0);
		buf_release(&slug);
	}
	for (size_t i = 0; i < o->n && !g->webhooks_anchor; i++)
		if (o->info[i].webhook)
			g->webhooks_anchor = make_anchor(c, "webhooks", "", 0);
}

static void grouping_release(struct grouping *g)
{
	free(g->order);
	free(g->primary);
	table_release(&g->by_name);
}

/* A line that points at an operation shown under another tag. */
static void op_ref(struct ctx *c, const struct op_info *oi,
		   const struct openapi_op *op, const struct group *home)
{
	struct buf *h = c->html;
	buf_puts(h, "<p class=\"api-op-ref\"><a href=\"#");
	escs(h, op->anchor);
	buf_printf(h, "\"><span class=\"api-method api-method-%s\">%s</span> <code class=\"api-path\">",
		   oi->method, op->method);
	escs(h, op->path);
	buf_puts(h, "</code></a>");
	if (*op->summary) {
		buf_puts(h, " ");
		escs(h, op->summary);
	}
	buf_puts(h, " (under <a href=\"#");
	escs(h, home->anchor);
	buf_puts(h, "\">");
	escs(h, home->name);
	buf_puts(h, "</a>)</p>\n");
}

static void render_groups(struct ctx *c, struct grouping *g, struct ops *o)
{
	struct buf *h = c->html;
	for (size_t j = 0; j < g->ngs; j++) {
		struct group *gr = &g->gs[g->order[j]];
		if (!gr->nops)
			continue;
		buf_puts(h, "<section class=\"api-tag\" id=\"");
		escs(h, gr->anchor);
		buf_puts(h, "\">\n<h2>");
		escs(h, gr->name);
		buf_puts(h, "</h2>\n");
		if (gr->tag.node) {
			put_md(c, get(gr->tag.node, "description"), NULL);
			put_external_docs(c, get(gr->tag.node, "externalDocs"));
		}
		for (size_t i = 0; i < gr->nops; i++) {
			size_t op = gr->ops[i];
			if (g->primary[op] == g->order[j])
				render_op(c, &o->info[op], &o->ops[op]);
			else
				op_ref(c, &o->info[op], &o->ops[op],
				       &g->gs[g->primary[op]]);
		}
		buf_puts(h, "</section>\n");
	}
	if (!g->webhooks_anchor)
		return;
	buf_puts(h, "<section class=\"api-tag api-webhooks\" id=\"");
	escs(h, g->webhooks_anchor);
	buf_puts(h, "\">\n<h2>Webhooks</h2>\n");
	for (size_t i = 0; i < o->n; i++)
		if (o->info[i].webhook)
			render_op(c, &o->info[i], &o->ops[i]);
	buf_puts(h, "</section>\n");
}

static void collect_ops(struct ctx *c, struct ops *o)
{
	struct val *root = c->main->root;
	struct val *paths = get(root, "paths");
	if (paths && !is_map(paths))
		warn(c, c->main, paths->line,
		     "paths is a %s, not a mapping: write paths: followed by \"/path\": entries",
		     val_type_name(paths->type));
	for (size_t i = 0; is_map(paths) && i < paths->u.map.len; i++) {
		const struct val_pair *p = &paths->u.map.pairs[i];
		if (strncmp(p->key, "x-", 2) == 0)
			continue;
		collect_item(c, o, p->key, (struct target){ c->main, p->val }, 0);
	}
	struct val *hooks = get(root, "webhooks");
	for (size_t i = 0; !c->v2 && is_map(hooks) && i < hooks->u.map.len; i++) {
		const struct val_pair *p = &hooks->u.map.pairs[i];
		collect_item(c, o, p->key, (struct target){ c->main, p->val }, 1);
	}
}

/* ================================================================ versions */

/* Reads the version; returns 0 when known, -1 when reported. */
static int read_version(struct ctx *c, struct openapi_doc *doc)
{
	struct val *root = c->main->root;
	struct val *ov = get(root, "openapi"), *sv = get(root, "swagger");
	struct val *v = ov ? ov : sv;

	if (!v) {
		report(c, DIAG_ERROR, c->main, root->line ? root->line : 1,
		       "API description declares neither \"openapi\" nor \"swagger\": add openapi: 3.1.0 (or swagger: \"2.0\") at the top level");
		c->v2 = !get(root, "components") &&
			(get(root, "definitions") || get(root, "securityDefinitions") ||
			 get(root, "host") || get(root, "basePath"));
		return -1;
	}
	c->v2 = !ov;
	if (v->type == VAL_NUM)
		doc->spec_version = arena_printf(c->a, "%.1f", v->u.num);
	else
		doc->spec_version = scalar_dup(c->a, v);
	const char *s = doc->spec_version ? doc->spec_version : "";
	int known;
	if (c->v2)
		known = strcmp(s, "2.0") == 0;
	else
		known = (strncmp(s, "3.0", 3) == 0 || strncmp(s, "3.1", 3) == 0 ||
			 strncmp(s, "3.2", 3) == 0) &&
			(s[3] == '\0' || s[3] == '.');
	if (!known) {
		report(c, DIAG_ERROR, c->main, v->line,
		       "%s version \"%s\" is not one cairn knows: write %s; the description is shown as far as it can be read",
		       c->v2 ? "swagger" : "openapi", s,
		       c->v2 ? "swagger: \"2.0\"" : "openapi: 3.0.3 or 3.1.0");
		return -1;
	}
	return 0;
}

/* ================================================================ entry points */

static void failure(struct buf *html, const char *why, const char *text,
		    size_t len)
{
	buf_puts(html, "<div class=\"openapi api-failed\">\n<p class=\"api-error\">This API description could not be shown: ");
	escs(html, why);
	buf_puts(html, ". Its source follows.</p>\n<pre class=\"api-source-text\"><code>");
	struct buf fixed = BUF_INIT;
	utf8_repair(&fixed, text ? text : "", text ? len : 0);
	esc(html, fixed.ptr, fixed.len);
	buf_release(&fixed);
	buf_puts(html, "</code></pre>\n</div>\n");
}

int openapi_render(struct buf *html, struct openapi_doc *doc, struct arena *a,
		   const char *text, size_t len, const char *repo,
		   const char *path, openapi_load_fn load, void *userdata,
		   const struct yaml_limits *lim, struct diag_list *d)
{
	struct ctx c;
	struct ops o;
	struct grouping g;
	struct buf about = BUF_INIT;
	struct yaml_error err;
	struct val *root;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	memset(&g, 0, sizeof(g));
	memset(doc, 0, sizeof(*doc));
	doc->text = "";
	c.a = a;
	c.html = html;
	c.d = d;
	c.repo = repo;
	c.load = load;
	c.lim = lim;
	c.userdata = userdata;
	c.main = arena_alloc(a, sizeof(*c.main));
	c.main->shown = path;
	c.main->path = path ? resolve_path(a, "", path, strlen(path), 0) : "";
	if (!c.main->path)
		c.main->path = path;

	if (yaml_parse_limited(&root, a, text ? text : "", text ? len : 0, lim, &err) < 0) {
		report(&c, DIAG_ERROR, c.main, err.line,
		       "API description does not parse: %s: fix the YAML or JSON syntax",
		       err.msg);
		failure(html, arena_printf(a, "it does not parse (line %d: %s)",
					   err.line, err.msg),
			text, len);
		goto cleanup;
	}
	if (!is_map(root)) {
		report(&c, DIAG_ERROR, c.main, root->line ? root->line : 1,
		       "API description is %s, not a mapping: start it with openapi: 3.1.0, info: and paths:",
		       root->type == VAL_NULL ? "empty" : val_type_name(root->type));
		failure(html, "it is not a mapping of openapi:, info:, paths:", text, len);
		goto cleanup;
	}
	c.main->root = root;
	void **slot = table_at(&c.files, a, c.main->path, strlen(c.main->path), 1);
	*slot = c.main;

	read_version(&c, doc);
	struct val *info = get(root, "info");
	struct val *comps = get(root, "components");
	struct val *schemas = c.v2 ? get(root, "definitions") : get(comps, "schemas");
	if (!is_map(info) && !get(root, "paths") && !get(root, "webhooks") &&
	    !is_map(schemas)) {
		if (get(root, "openapi") || get(root, "swagger"))
			report(&c, DIAG_ERROR, c.main, root->line ? root->line : 1,
			       "API description has neither info: nor paths: (nor webhooks: or schemas): there is nothing to show; add info: with a title and paths:");
		failure(html, "it has neither info: nor paths:", text, len);
		goto cleanup;
	}
	doc->title = scalar_dup(a, get(info, "title"));
	doc->version = scalar_dup(a, get(info, "version"));

	/* anchors, in this order: operations, security schemes, schemas,
	 * tags, webhooks, operationIds */
	collect_ops(&c, &o);
	struct target secs = { c.main, c.v2 ? get(root, "securityDefinitions")
					    : get(comps, "securitySchemes") };
	for (size_t i = 0; is_map(secs.node) && i < secs.node->u.map.len; i++) {
		const struct val_pair *p = &secs.node->u.map.pairs[i];
		struct buf want = BUF_INIT;
		buf_puts(&want, "security-");
		put_anchor_text(&want, p->key, p->key_len, 0);
		const char *anchor = claim_anchor(&c, &want);
		*table_at(&c.security, a, p->key, p->key_len, 1) = (void *)anchor;
		buf_release(&want);
	}
	for (size_t i = 0; is_map(schemas) && i < schemas->u.map.len; i++) {
		const struct val_pair *p = &schemas->u.map.pairs[i];
		add_entry(&c, (struct target){ c.main, p->val },
			  arena_strndup(a, p->key, p->key_len), 0);
	}
	build_groups(&c, &g, &o);
	operation_ids(&c, &o);

	buf_puts(html, "<div class=\"openapi\">\n");
	info_header(&c, doc, &about);
	struct val *servers = c.v2 ? servers_v2(&c, root) : get(root, "servers");
	if (is_list(servers) && servers->u.list.len) {
		buf_puts(html, "<section class=\"api-servers\">\n<h2>Servers</h2>\n");
		servers_list(&c, servers, "api-server-list");
		buf_puts(html, "</section>\n");
	}
	security_section(&c, secs);
	render_groups(&c, &g, &o);
	schemas_section(&c);
	buf_puts(html, "</div>\n");

	doc->text = arena_strndup(a, about.ptr, about.len);
	doc->ops = o.ops;
	doc->nops = o.n;
	rc = 0;
cleanup:
	doc->ok = rc == 0 && c.ndiag == 0;
	buf_release(&about);
	grouping_release(&g);
	table_release(&c.files);
	table_release(&c.refs);
	table_release(&c.by_node);
	table_release(&c.anchors);
	table_release(&c.reported);
	table_release(&c.security);
	return rc;
}

int openapi_render_source(struct buf *html, const char *text, size_t len,
			  const char *kind)
{
	static const struct {
		const char *kind, *name;
	} names[] = { { "asyncapi", "AsyncAPI" }, { "graphql", "GraphQL" },
		      { "grpc", "gRPC" }, { "proto", "Protocol Buffers" },
		      { "openapi", "OpenAPI" }, { "trpc", "tRPC" } };
	const char *name = NULL;
	struct buf fixed = BUF_INIT;

	for (size_t i = 0; kind && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(kind, names[i].kind) == 0)
			name = names[i].name;
	buf_puts(html, "<div class=\"api-source\">\n<p class=\"api-note\">This is ");
	if (name) {
		buf_puts(html, "a ");
		buf_puts(html, name);
	} else if (kind && *kind) {
		buf_puts(html, "a <code>");
		escs(html, kind);
		buf_puts(html, "</code>");
	} else {
		buf_puts(html, "an API");
	}
	buf_puts(html, " definition; cairn shows its source as written (it renders OpenAPI and Swagger descriptions as reference pages).</p>\n<pre class=\"api-source-text\"><code>");
	utf8_repair(&fixed, text ? text : "", text ? len : 0);
	esc(html, fixed.ptr, fixed.len);
	buf_release(&fixed);
	buf_puts(html, "</code></pre>\n</div>\n");
	return 0;
}

/* ================================================================ sniffing */

static int is_version_key(const char *s, size_t n)
{
	return (n == 7 && memcmp(s, "openapi", 7) == 0) ||
	       (n == 7 && memcmp(s, "swagger", 7) == 0);
}

/* After a key at p: optional blanks, then ':'. */
static int colon_follows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p < end && *p == ':';
}

/* JSON, or a YAML flow mapping: a key of the outermost object. */
static int sniff_flow(const char *p, const char *end)
{
	int depth = 0;
	while (p < end) {
		char ch = *p;
		if (ch == '"' || ch == '\'') {
			const char *s = ++p;
			while (p < end && *p != ch) {
				if (*p == '\\' && ch == '"' && p + 1 < end)
					p++;
				p++;
			}
			if (p >= end)
				return 0;
			if (depth == 1 && is_version_key(s, (size_t)(p - s)) &&
			    colon_follows(p + 1, end))
				return 1;
			p++;
		} else if (ch == '{' || ch == '[') {
			depth++;
			p++;
		} else if (ch == '}' || ch == ']') {
			if (--depth <= 0)
				return 0;
			p++;
		} else if (depth == 1 && is_alnum(ch)) {
			const char *s = p;
			while (p < end && (is_alnum(*p) || *p == '_' || *p == '-'))
				p++;
			if (is_version_key(s, (size_t)(p - s)) && colon_follows(p, end))
				return 1;
		} else {
			p++;
		}
	}
	return 0;
}

int openapi_sniff(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	if (!text)
		return 0;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	/* the first significant character says JSON (or flow) or block */
	const char *q = p;
	while (q < end) {
		if (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n') {
			q++;
		} else if (*q == '#') {
			while (q < end && *q != '\n')
				q++;
		} else if (end - q >= 3 && memcmp(q, "---", 3) == 0 &&
			   (end - q == 3 || q[3] == ' ' || q[3] == '\n' || q[3] == '\r')) {
			q += 3;
		} else {
			break;
		}
	}
	if (q < end && *q == '{')
		return sniff_flow(q, end);
	/* block mapping: a key at the indentation of the first key (a whole
	 * document may be indented: YAML allows it) */
	size_t indent = 0;
	for (const char *l = q; l > p && l[-1] == ' '; l--)
		indent++;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *k = p;
		size_t in = 0;
		while (k < eol && *k == ' ')
			k++, in++;
		if (in != indent) {
			p = nl ? nl + 1 : end;
			continue;
		}
		if (k < eol && (*k == '"' || *k == '\'')) {
			const char *close = memchr(k + 1, *k, (size_t)(eol - k - 1));
			if (close && is_version_key(k + 1, (size_t)(close - k - 1)) &&
			    colon_follows(close + 1, eol))
				return 1;
		} else if (eol - k >= 7 && is_version_key(k, 7) &&
			   colon_follows(k + 7, eol)) {
			return 1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* ================================================================ probing */

/* s with runs of white space (newlines of a folded title) made one space,
 * trimmed; NULL when nothing is left. */
static const char *one_line(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *r = NULL;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (b.len && b.ptr[b.len - 1] != ' ')
				buf_putc(&b, ' ');
		} else {
			buf_putc(&b, *s);
		}
	}
	while (b.len && b.ptr[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	if (b.len)
		r = arena_strndup(a, b.ptr, b.len);
	buf_release(&b);
	return r;
}

/* Adds to p the files that the $refs under v name (resolved against
 * the folder of from; remote URLs and refs within the text left out). */
static void probe_refs(struct openapi_probe *p, struct arena *a, const char *from,
		       const struct val *v, size_t *cap, size_t depth)
{
	if (!v || depth > YAML_MAX_DEPTH)
		return;
	if (v->type == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++)
			probe_refs(p, a, from, v->u.list.items[i], cap, depth + 1);
		return;
	}
	if (v->type != VAL_MAP)
		return;
	for (size_t i = 0; i < v->u.map.len; i++) {
		const struct val_pair *pair = &v->u.map.pairs[i];
		if (strcmp(pair->key, "$ref") != 0 || pair->val->type != VAL_STR) {
			probe_refs(p, a, from, pair->val, cap, depth + 1);
			continue;
		}
		const char *r = pair->val->u.str.ptr;
		size_t n = pair->val->u.str.len;
		const char *hash = memchr(r, '#', n);
		size_t flen = hash ? (size_t)(hash - r) : n;
		if (!flen || is_remote(r, flen))
			continue;
		char *np = resolve_path(a, from, r, flen, 1);
		if (!np)
			continue;
		size_t k = 0;
		while (k < p->nrefs && strcmp(p->refs[k], np) != 0)
			k++;
		if (k < p->nrefs)
			continue;
		ARENA_GROW(a, p->refs, *cap, p->nrefs + 1);
		p->refs[p->nrefs++] = np;
	}
}

int openapi_probe(struct openapi_probe *p, struct arena *a, const char *text,
		  size_t len, const char *path, const struct yaml_limits *lim)
{
	struct val *root;
	struct yaml_error err;
	size_t refs_cap = 0;

	memset(p, 0, sizeof(*p));
	if (yaml_parse_limited(&root, a, text ? text : "", text ? len : 0, lim, &err) < 0) {
		p->kind = OPENAPI_UNPARSED;
		p->line = err.line;
		p->declared = openapi_sniff(text, len);
		p->why = err.line ? arena_printf(a, "does not parse as YAML or JSON (line %d: %s)",
						 err.line, err.msg)
				  : arena_printf(a, "does not parse as YAML or JSON (%s)", err.msg);
		return 0;
	}
	if (path) {
		const char *from = resolve_path(a, "", path, strlen(path), 0);
		probe_refs(p, a, from ? from : "", root, &refs_cap, 0);
	}
	if (!is_map(root)) {
		p->kind = OPENAPI_NOT_MAPPING;
		p->line = root->line;
		p->why = root->type == VAL_NULL
				 ? "is empty"
				 : arena_printf(a, "is a %s, not a mapping of openapi:, info: and paths:",
						val_type_name(root->type));
		return 0;
	}
	struct val *ov = get(root, "openapi"), *sv = get(root, "swagger");
	if (!ov && !sv) {
		/* say what it is instead, when it says */
		static const char *const others[] = { "asyncapi", "swaggerVersion", "jsonSchemaDialect",
						      "$schema", "apiVersion", NULL };
		p->kind = OPENAPI_UNDECLARED;
		p->line = root->line ? root->line : 1;
		for (int i = 0; others[i] && !p->other; i++) {
			struct val *v = get(root, others[i]);
			if (v)
				p->other = arena_printf(a, "%s: %s", others[i],
							scalar_dup(a, v) ? scalar_dup(a, v) : "...");
		}
		p->why = "declares neither openapi: nor swagger:";
		return 0;
	}
	struct val *v = ov ? ov : sv;
	p->kind = OPENAPI_DESCRIPTION;
	p->declared = 1;
	p->line = v->line;
	p->spec_version = v->type == VAL_NUM ? arena_printf(a, "%.1f", v->u.num) : scalar_dup(a, v);
	struct val *info = get(root, "info");
	p->title = one_line(a, scalar_dup(a, get(info, "title")));
	p->version = one_line(a, scalar_dup(a, get(info, "version")));
	/* paths, and OpenAPI 3.1's webhooks (path items too) */
	static const char *const sections[] = { "paths", "webhooks", NULL };
	for (int s = 0; sections[s]; s++) {
		const struct val *paths = get(root, sections[s]);
		for (size_t i = 0; is_map(paths) && i < paths->u.map.len; i++) {
			const struct val *item = paths->u.map.pairs[i].val;
			if (s == 0 && strncmp(paths->u.map.pairs[i].key, "x-", 2) == 0)
				continue;
			for (size_t k = 0; is_map(item) && k < item->u.map.len; k++)
				p->noperations += is_method(item->u.map.pairs[k].key) &&
						  is_map(item->u.map.pairs[k].val);
		}
	}
	return 1;
}
