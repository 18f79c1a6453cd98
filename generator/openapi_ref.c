/* openapi_ref: the files of a description and its $refs (see openapi.h,
 * "$ref"), the anchors every part of the page takes, the diagnostics
 * (each reported once) and the schemas that get a section of their own.
 *
 * Each file is loaded (through the caller's load callback) and parsed
 * once, at most OPENAPI_MAX_FILES of them; each (file, $ref text) pair is
 * resolved, and reported, once; a chain of $refs is followed at most
 * OPENAPI_MAX_HOPS steps, and a cycle is reported once, naming every
 * $ref on it. */
#include "openapi_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "path.h"
#include "xalloc.h"

void openapi_report(struct openapi_ctx *c, enum diag_severity sev,
		    const struct openapi_file *f, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void openapi_report(struct openapi_ctx *c, enum diag_severity sev,
		    const struct openapi_file *f, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c->ndiag++;
	if (c->d)
		diag_vadd(c->d, sev, DIAG_USER, c->repo, f ? f->shown : NULL,
			  line, fmt, ap);
	va_end(ap);
}

/* True the first time it is asked about node: a node reached from many
 * places (a shared parameter, say) is reported once. */
int openapi_once(struct openapi_ctx *c, const struct val *node)
{
	void **slot = &map_put(&c->reported, &node, sizeof(node), NULL)->val;
	if (*slot)
		return 0;
	*slot = c;
	return 1;
}

/* ================================================================ anchors */

/* Appends s with the anchor rule: characters outside anchor_char become
 * one "-" per run; in a path, "{name}" becomes ":name". */

/* Characters kept in anchors: legal unescaped in a URL fragment, and not
 * ones that chat programs cut off the end of a link. */
static int anchor_char(char ch)
{
	return ascii_is_alnum(ch) || (ch && strchr("-._~/:@", ch));
}

void openapi_anchor_text(struct buf *b, const char *s, size_t n, int path)
{
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (path && ch == '{') {
			const char *close = memchr(s + i, '}', n - i);
			if (close) {
				buf_putc(b, ':');
				openapi_anchor_text(b, s + i + 1,
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
const char *openapi_claim_anchor(struct openapi_ctx *c, struct buf *want)
{
	size_t base = want->len;
	for (int n = 2;; n++) {
		void **slot = &map_put(&c->anchors, want->ptr, want->len, NULL)->val;
		if (!*slot) {
			*slot = c;
			return arena_strndup(c->a, want->ptr, want->len);
		}
		buf_truncate(want, base);
		buf_printf(want, "-%d", n);
	}
}

const char *openapi_make_anchor(struct openapi_ctx *c, const char *prefix,
				const char *s, int path)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, prefix);
	openapi_anchor_text(&b, s, strlen(s), path);
	const char *r = openapi_claim_anchor(c, &b);
	buf_release(&b);
	return r;
}

/* ================================================================ files and $ref */

/* The repository path that rel (n bytes; percent-encoded when decode)
 * names when written in the file at `from`: resolved against from's folder
 * (or the root, for a leading "/") and normalised.  NULL when it climbs
 * above the root. */
char *openapi_resolve_path(struct arena *a, const char *from, const char *rel,
			   size_t n, int decode)
{
	struct buf out = BUF_INIT;
	char *r = path_resolve(&out, from, rel, n, decode) < 0
			  ? NULL
			  : arena_strndup(a, out.ptr, out.len);
	buf_release(&out);
	return r;
}

/* The file at normalised path np, loaded and parsed once.  Problems are
 * reported against the reference (ref, in file from at line). */
static struct openapi_file *load_file(struct openapi_ctx *c, const char *np,
				      const char *ref,
				      const struct openapi_file *from, int line)
{
	void **slot = &map_put(&c->files, np, strlen(np), NULL)->val;
	if (*slot)
		return *slot;
	struct openapi_file *f = arena_alloc(c->a, sizeof(*f));
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
			openapi_report(c, DIAG_ERROR, f, err.line,
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
int openapi_is_remote(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '/' && s[1] == '/')
		return 1;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ':')
			return i > 1; /* "C:" is a drive, not a scheme */
		if (!(ascii_is_alnum(ch) || ch == '+' || ch == '-' || ch == '.') ||
		    (i == 0 && !ascii_is_alpha(ch)))
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
static const struct openapi_resolved *
resolve(struct openapi_ctx *c, struct openapi_file *from, const struct val *ref)
{
	const char *s = val_as_str(ref);
	struct buf key = BUF_INIT, frag = BUF_INIT, why = BUF_INIT, last = BUF_INIT;

	if (!s) {
		static const struct openapi_resolved bad = { { NULL, NULL }, NULL, 1 };
		if (openapi_once(c, ref))
			warn(c, from, ref->line,
			     "$ref is a %s, not a string: write $ref: \"#/components/schemas/Name\"",
			     val_type_name(ref->type));
		return &bad;
	}
	size_t len = ref->u.str.len;
	buf_puts(&key, from->path);
	buf_putc(&key, '\0');
	buf_put(&key, s, len);
	void **slot = &map_put(&c->refs, key.ptr, key.len, NULL)->val;
	struct openapi_resolved *r = *slot;
	if (r)
		goto cleanup;
	r = arena_alloc(c->a, sizeof(*r));
	r->failed = 1;
	*slot = r;

	const char *hash = memchr(s, '#', len);
	size_t flen = hash ? (size_t)(hash - s) : len;
	struct openapi_file *f = from;
	if (flen) {
		if (openapi_is_remote(s, flen)) {
			warn(c, from, ref->line,
			     "$ref \"%s\" is a remote URL, which cairn never fetches: copy the file into the repository and refer to it by a relative path",
			     s);
			goto cleanup;
		}
		char *np = openapi_resolve_path(c->a, from->path, s, flen, 1);
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
static void report_cycle(struct openapi_ctx *c, struct openapi_target *seen,
			 size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		if (map_get(&c->reported, &seen[i].node, sizeof(void *)))
			return;
	struct buf chain = BUF_INIT;
	for (size_t i = from; i < n; i++) {
		void **slot = &map_put(&c->reported, &seen[i].node, sizeof(void *), NULL)
				       ->val;
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
int openapi_deref(struct openapi_ctx *c, struct openapi_target *out,
		  struct openapi_target t)
{
	struct openapi_target seen[OPENAPI_MAX_HOPS];
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
		if (hops == OPENAPI_MAX_HOPS) {
			warn(c, t.file, r->line,
			     "$ref \"%s\" starts a chain of more than %d $refs: refer to the definition directly",
			     val_as_str(r) ? val_as_str(r) : "", OPENAPI_MAX_HOPS);
			return -1;
		}
		seen[hops] = t;
		const struct openapi_resolved *res = resolve(c, t.file, r);
		if (res->failed)
			return -1;
		t = res->t;
	}
}

/* ================================================================ schema entries */

struct openapi_entry *openapi_add_entry(struct openapi_ctx *c, struct openapi_target t,
					const char *name, int external)
{
	struct openapi_entry *e = arena_alloc(c->a, sizeof(*e));
	e->t = t;
	e->name = name;
	e->anchor = openapi_make_anchor(c, "schema-", name, 0);
	e->rows = -1;
	e->external = external;
	void **slot = &map_put(&c->by_node, &t.node, sizeof(void *), NULL)->val;
	if (!*slot)
		*slot = e;
	ARENA_GROW(c->a, c->entries, c->entries_cap, c->nentries + 1);
	c->entries[c->nentries++] = e;
	return e;
}

/* The entry that the schema reference ref (in file from) names, made on
 * first use; NULL when it resolves nowhere or only round a cycle of $refs
 * (reported once). */
struct openapi_entry *openapi_entry_for(struct openapi_ctx *c,
					struct openapi_file *from,
					const struct val *ref)
{
	const struct openapi_resolved *r = resolve(c, from, ref);
	if (r->failed)
		return NULL;
	struct map_entry *slot = map_get(&c->by_node, &r->t.node, sizeof(void *));
	struct openapi_entry *e = slot ? slot->val : NULL;
	if (e && e->checked)
		return e->broken ? NULL : e;
	if (slot && !e)
		return NULL; /* a chain already found broken */
	struct openapi_target end;
	int bad = ref_of(r->t.node) && openapi_deref(c, &end, r->t) < 0;
	if (!e) {
		if (bad) {
			map_put(&c->by_node, &r->t.node, sizeof(void *), NULL)->val = NULL;
			return NULL;
		}
		e = openapi_add_entry(c, r->t, r->name, 1);
	}
	e->checked = 1;
	e->broken = bad;
	return bad ? NULL : e;
}
