/* openapi_shape: what a parsed description promises its clients, as plain
 * lists (see openapi_shape in openapi.h) for apidiff to compare two of.
 *
 * Schemas are followed through $ref (openapi_deref, so across files, read
 * through the description's load callback) to any depth, each schema once
 * per path from the root (a schema that contains itself stops there), and
 * flattened into fields named as the property tables name rows: "a.b",
 * "a[]", "a.*".  allOf parts are merged in; oneOf and anyOf options are
 * not descended into (which option a value takes is not a field).  Output
 * is bounded: OPENAPI_MAX_DEPTH levels, OPENAPI_SHAPE_FIELDS fields per
 * list. */
#include "openapi_internal.h"

#include <string.h>

#include "ascii.h"

#define OPENAPI_SHAPE_FIELDS 2000

struct walk {
	struct openapi_ctx *c;
	struct openapi_field *v;
	size_t n, cap;
	const struct val *stack[OPENAPI_MAX_DEPTH + 2];
	int depth;
};

/* The type of schema node n (after $ref): "string", "integer|null",
 * "object", "array"; "" when it does not say. */
static const char *type_of(struct arena *a, const struct val *n)
{
	struct val *type = get(n, "type");
	struct buf b = BUF_INIT;
	int has_null = 0;
	if (type && type->type == VAL_STR) {
		buf_puts(&b, type->u.str.ptr);
		has_null = streq(type, "null");
	} else if (is_list(type)) {
		for (size_t i = 0; i < type->u.list.len; i++) {
			const char *s = val_as_str(type->u.list.items[i]);
			if (!s)
				continue;
			if (b.len)
				buf_putc(&b, '|');
			buf_puts(&b, s);
			has_null |= strcmp(s, "null") == 0;
		}
	} else if (get(n, "properties") || get(n, "additionalProperties") ||
		   get(n, "allOf")) {
		buf_puts(&b, "object");
	} else if (get(n, "items")) {
		buf_puts(&b, "array");
	}
	if ((is_true(get(n, "nullable")) || is_true(get(n, "x-nullable"))) && !has_null)
		buf_puts(&b, b.len ? "|null" : "null");
	const char *s = arena_strndup(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static void add_field(struct walk *w, const struct buf *name,
		      const struct val *n, int required)
{
	struct arena *a = w->c->a;
	if (w->n >= OPENAPI_SHAPE_FIELDS)
		return;
	ARENA_GROW(a, w->v, w->cap, w->n + 1);
	struct openapi_field *f = &w->v[w->n++];
	memset(f, 0, sizeof(*f));
	f->name = arena_strndup(a, name->ptr, name->len);
	f->type = type_of(a, n);
	f->required = required;
	struct val *e = get(n, "enum");
	if (is_list(e) && e->u.list.len) {
		f->enums = arena_alloc(a, e->u.list.len * sizeof(*f->enums));
		for (size_t i = 0; i < e->u.list.len; i++) {
			const char *s = openapi_scalar_dup(a, e->u.list.items[i]);
			if (s)
				f->enums[f->nenums++] = s;
		}
	}
}

/* Follows t's $refs; 0 and the schema, or -1 (broken, a cycle, or too
 * deep: nothing to say about it). */
static int enter(struct walk *w, struct openapi_target *out, struct openapi_target t)
{
	if (!is_map(t.node) || w->depth > OPENAPI_MAX_DEPTH)
		return -1;
	if (openapi_deref(w->c, out, t) < 0 || !is_map(out->node))
		return -1;
	for (int i = 0; i < w->depth; i++)
		if (w->stack[i] == out->node)
			return -1;
	w->stack[w->depth++] = out->node;
	return 0;
}

static void field(struct walk *w, struct buf *name, struct openapi_target t,
		  int required);

/* The fields inside schema s (already entered), found at name; req is an
 * enclosing schema's required list (allOf), or NULL. */
static void inner(struct walk *w, struct openapi_target s, struct buf *name,
		  const struct val *req)
{
	size_t mark = name->len;
	struct val *v;
	if (is_list(v = get(s.node, "allOf"))) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct openapi_target part;
			if (enter(w, &part,
				  (struct openapi_target){
					  s.file, v->u.list.items[i] }) < 0)
				continue;
			inner(w, part, name, get(s.node, "required"));
			w->depth--;
		}
	}
	struct val *props = get(s.node, "properties");
	struct val *own = get(s.node, "required");
	for (size_t i = 0; is_map(props) && i < props->u.map.len; i++) {
		const struct val_pair *p = &props->u.map.pairs[i];
		if (name->len)
			buf_putc(name, '.');
		buf_put(name, p->key, p->key_len);
		field(w, name, (struct openapi_target){ s.file, p->val },
		      openapi_listed(own, p->key, p->key_len) ||
			      openapi_listed(req, p->key, p->key_len));
		buf_truncate(name, mark);
	}
	if (is_map(v = get(s.node, "additionalProperties"))) {
		buf_puts(name, name->len ? ".*" : "*");
		field(w, name, (struct openapi_target){ s.file, v }, 0);
		buf_truncate(name, mark);
	}
	if (is_map(v = get(s.node, "items"))) {
		buf_puts(name, "[]");
		field(w, name, (struct openapi_target){ s.file, v }, 0);
		buf_truncate(name, mark);
	}
}

/* A field at name described by schema t, then what is inside it. */
static void field(struct walk *w, struct buf *name, struct openapi_target t, int required)
{
	struct openapi_target s;
	if (enter(w, &s, t) < 0)
		return;
	add_field(w, name, s.node, required);
	inner(w, s, name, NULL);
	w->depth--;
}

static struct openapi_fields take(struct walk *w)
{
	struct openapi_fields f = { w->v, w->n };
	w->v = NULL;
	w->n = w->cap = 0;
	w->depth = 0;
	return f;
}

/* True when a media type names JSON ("application/json",
 * "application/problem+json"), in any case. */
static int names_json(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (ascii_lower(s[i]) == 'j' && ascii_lower(s[i + 1]) == 's' &&
		    ascii_lower(s[i + 2]) == 'o' && ascii_lower(s[i + 3]) == 'n')
			return 1;
	return 0;
}

/* The schema of a content map: its JSON media type's, or the first's. */
static struct openapi_target content_schema(struct openapi_target content)
{
	struct val *m = content.node;
	struct openapi_target t = { content.file, NULL };
	if (!is_map(m) || !m->u.map.len)
		return t;
	size_t pick = 0;
	for (size_t i = 0; i < m->u.map.len; i++) {
		const struct val_pair *p = &m->u.map.pairs[i];
		if (names_json(p->key, p->key_len)) {
			pick = i;
			break;
		}
	}
	t.node = get(m->u.map.pairs[pick].val, "schema");
	return t;
}

static void request_body(struct walk *w, struct openapi_shape_op *so,
			 struct openapi_target op,
			 const struct openapi_param *ps, size_t n)
{
	struct openapi_ctx *c = w->c;
	struct buf name = BUF_INIT;
	if (c->v2) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(ps[i].in, "body") == 0) {
				so->has_body = 1;
				so->body_required =
					is_true(get(ps[i].t.node, "required"));
				field(w, &name,
				      (struct openapi_target){
					      ps[i].t.file, get(ps[i].t.node, "schema") },
				      so->body_required);
			} else if (strcmp(ps[i].in, "formData") == 0) {
				so->has_body = 1;
				buf_truncate(&name, 0);
				buf_puts(&name, ps[i].name);
				field(w, &name, ps[i].t,
				      is_true(get(ps[i].t.node, "required")));
			}
		}
	} else {
		struct val *rb = get(op.node, "requestBody");
		struct openapi_target t;
		if (rb &&
		    openapi_deref(c, &t, (struct openapi_target){ op.file, rb }) == 0) {
			so->has_body = 1;
			so->body_required = is_true(get(t.node, "required"));
			field(w, &name,
			      content_schema((struct openapi_target){
				      t.file, get(t.node, "content") }),
			      so->body_required);
		}
	}
	so->body = take(w);
	buf_release(&name);
}

static void responses(struct walk *w, struct openapi_shape_op *so,
		      struct openapi_target op)
{
	struct openapi_ctx *c = w->c;
	struct val *rs = get(op.node, "responses");
	struct buf name = BUF_INIT;
	if (!is_map(rs))
		return;
	so->responses =
		arena_alloc(c->a, (rs->u.map.len + 1) * sizeof(*so->responses));
	for (size_t i = 0; i < rs->u.map.len; i++) {
		const struct val_pair *p = &rs->u.map.pairs[i];
		struct openapi_shape_response *r = &so->responses[so->nresponses++];
		struct openapi_target t;
		r->status = arena_strndup(c->a, p->key, p->key_len);
		if (openapi_deref(c, &t, (struct openapi_target){ op.file, p->val }) < 0)
			continue;
		struct openapi_target s =
			c->v2 ? (struct openapi_target){ t.file, get(t.node, "schema") }
			      : content_schema((struct openapi_target){
					t.file, get(t.node, "content") });
		field(w, &name, s, 0);
		r->body = take(w);
	}
	buf_release(&name);
}

static void parameters(struct walk *w, struct openapi_shape_op *so,
		       const struct openapi_param *ps, size_t n)
{
	struct openapi_ctx *c = w->c;
	struct buf name = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (c->v2 && (strcmp(ps[i].in, "body") == 0 ||
			      strcmp(ps[i].in, "formData") == 0))
			continue;
		struct openapi_target s = openapi_param_schema(c, ps[i].t);
		buf_truncate(&name, 0);
		buf_printf(&name, "%s %s", ps[i].in, ps[i].name);
		size_t before = w->n;
		int required = is_true(get(ps[i].t.node, "required"));
		if (s.node)
			field(w, &name, s, required);
		if (w->n == before) { /* no schema, or a broken one */
			struct val none = { 0 };
			none.type = VAL_NULL;
			add_field(w, &name, &none, required);
		}
	}
	so->params = take(w);
	buf_release(&name);
}

int openapi_shape(struct openapi_shape *out, const struct openapi_description *desc)
{
	struct openapi_parsed *p = desc->p;
	memset(out, 0, sizeof(*out));
	if (!p || !p->parsed)
		return -1;
	struct openapi_ctx *c = &p->c;
	struct walk w = { .c = c };
	out->ops = arena_alloc(c->a, (p->o.n + 1) * sizeof(*out->ops));
	for (size_t i = 0; i < p->o.n; i++) {
		const struct openapi_op_info *oi = &p->o.info[i];
		const struct openapi_op *op = &p->o.ops[i];
		struct openapi_shape_op *so = &out->ops[out->nops++];
		struct openapi_param *ps = NULL;
		size_t nps = 0, cap = 0;
		memset(so, 0, sizeof(*so));
		so->method = op->method;
		so->path = op->path;
		so->anchor = op->anchor;
		so->webhook = op->webhook;
		openapi_merge_params(c, &ps, &nps, &cap, oi->item.file,
				     get(oi->item.node, "parameters"));
		openapi_merge_params(c, &ps, &nps, &cap, oi->op.file,
				     get(oi->op.node, "parameters"));
		parameters(&w, so, ps, nps);
		request_body(&w, so, oi->op, ps, nps);
		responses(&w, so, oi->op);
	}
	return 0;
}
