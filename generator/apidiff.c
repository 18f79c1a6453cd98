/* apidiff: the comparison of two API descriptions' shapes and the rules
 * that classify each change (see apidiff.h and docs/api-changes.md). */
#include "apidiff.h"

#include <stdarg.h>
#include <string.h>

#include "buf.h"

struct differ {
	struct arena *a;
	struct apidiff_change *v;
	size_t n, cap;
	const struct openapi_shape_op *op; /* the operation being compared */
};

static void add(struct differ *d, const char *kind, int breaking,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(struct differ *d, const char *kind, int breaking, const char *fmt, ...)
{
	va_list ap;
	ARENA_GROW(d->a, d->v, d->cap, d->n + 1);
	struct apidiff_change *c = &d->v[d->n++];
	c->kind = kind;
	c->breaking = breaking;
	c->method = d->op->method;
	c->path = d->op->path;
	c->anchor = d->op->anchor;
	struct buf b = BUF_INIT;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	c->detail = arena_strndup(d->a, b.ptr, b.len);
	buf_release(&b);
}

/* True when two paths are the same template: equal but for the names
 * inside "{...}". */
static int same_path(const char *x, const char *y)
{
	while (*x && *y) {
		if (*x == '{' && *y == '{') {
			while (*x && *x != '}')
				x++;
			while (*y && *y != '}')
				y++;
			continue;
		}
		if (*x != *y)
			return 0;
		x++;
		y++;
	}
	return *x == *y;
}

static const struct openapi_shape_op *find_op(const struct openapi_shape *s,
					      const struct openapi_shape_op *op)
{
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].webhook == op->webhook &&
		    strcmp(s->ops[i].method, op->method) == 0 &&
		    same_path(s->ops[i].path, op->path))
			return &s->ops[i];
	return NULL;
}

static const struct openapi_field *find_field(const struct openapi_fields *fs,
					      const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].name, name) == 0)
			return &fs->v[i];
	return NULL;
}

static int has_enum(const struct openapi_field *f, const char *v)
{
	for (size_t i = 0; i < f->nenums; i++)
		if (strcmp(f->enums[i], v) == 0)
			return 1;
	return 0;
}

/* The values of x's enum that y's lacks, as "a, b"; NULL when none (or
 * when y has no enum: any value goes). */
static const char *enum_missing(struct arena *a, const struct openapi_field *x,
				const struct openapi_field *y)
{
	struct buf b = BUF_INIT;
	if (!y->nenums)
		return NULL;
	for (size_t i = 0; i < x->nenums; i++) {
		if (has_enum(y, x->enums[i]))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, x->enums[i]);
	}
	const char *s = b.len ? arena_strndup(a, b.ptr, b.len) : NULL;
	buf_release(&b);
	return s;
}

/* What a field is called in a detail: "property a.b", or "the body". */
static const char *field_name(struct arena *a, const char *what, const char *name)
{
	return *name ? arena_printf(a, "%s %s", what, name) : "the body";
}

static const char *type_text(const char *t)
{
	return *t ? t : "any";
}

/* A path parameter goes with the path's template, which matched. */
static int is_path_param(const char *name)
{
	return strncmp(name, "path ", 5) == 0;
}

/* One side's fields.  The request side (parameters, request body) breaks
 * clients by asking more of them; the response side by promising less. */
enum side { PARAMS, REQUEST, RESPONSE };

static void compare_fields(struct differ *d, enum side side, const char *where,
			   const struct openapi_fields *from,
			   const struct openapi_fields *to)
{
	static const char *const kinds[3][5] = {
		/* added, required, type, enum removed, enum added */
		{ "parameter-added", "parameter-required", "parameter-type",
		  "parameter-enum-removed", NULL },
		{ "request-property-added", "request-property-required",
		  "request-property-type", "request-enum-removed", NULL },
		{ NULL, "response-property-optional", "response-property-type",
		  "response-enum-removed", "response-enum-added" },
	};
	const char *what = side == PARAMS ? "parameter" : "property";
	struct arena *a = d->a;
	for (size_t i = 0; i < to->n; i++) {
		const struct openapi_field *t = &to->v[i];
		const struct openapi_field *f = find_field(from, t->name);
		const char *name = field_name(a, what, t->name);
		const char *s;
		if (!f) {
			/* the body itself: body-added says it */
			if (!*t->name || (side == PARAMS && is_path_param(t->name)))
				continue; /* renamed with the path's template */
			if (kinds[side][0] && (side == PARAMS || t->required))
				add(d, kinds[side][0], t->required, "%s%s added%s",
				    name, where, t->required ? ", required" : "");
			continue;
		}
		if (side != RESPONSE && *t->name && t->required && !f->required)
			add(d, kinds[side][1], 1, "%s%s is now required", name, where);
		if (side == RESPONSE && f->required && !t->required)
			add(d, kinds[side][1], 1,
			    "%s%s is no longer always present", name, where);
		if (*f->type && *t->type && strcmp(f->type, t->type) != 0)
			add(d, kinds[side][2], 1, "%s%s changed type from %s to %s",
			    name, where, type_text(f->type), type_text(t->type));
		if ((s = enum_missing(a, f, t)))
			add(d, kinds[side][3], side != RESPONSE,
			    side == RESPONSE ? "%s%s can no longer be %s"
					     : "%s%s no longer accepts %s",
			    name, where, s);
		if (side == RESPONSE && f->nenums && (s = enum_missing(a, t, f)))
			add(d, kinds[side][4], 1, "%s%s may now be %s", name, where, s);
	}
	for (size_t i = 0; i < from->n; i++) {
		const struct openapi_field *f = &from->v[i];
		if (find_field(to, f->name) ||
		    (side == PARAMS && is_path_param(f->name)))
			continue;
		if (side == PARAMS)
			add(d, "parameter-removed", 0, "parameter %s%s removed",
			    f->name, where);
		else if (side == RESPONSE)
			add(d, "response-property-removed", 1, "%s%s removed",
			    field_name(a, what, f->name), where);
	}
}

static const struct openapi_shape_response *
find_response(const struct openapi_shape_op *op, const char *status)
{
	for (size_t i = 0; i < op->nresponses; i++)
		if (strcmp(op->responses[i].status, status) == 0)
			return &op->responses[i];
	return NULL;
}

static void compare_op(struct differ *d, const struct openapi_shape_op *f,
		       const struct openapi_shape_op *t)
{
	static const struct openapi_fields none = { NULL, 0 };
	d->op = t;
	compare_fields(d, PARAMS, "", &f->params, &t->params);
	if (t->has_body && !f->has_body)
		add(d, "body-added", t->body_required, "request body added%s",
		    t->body_required ? ", required" : "");
	else if (t->body_required && !f->body_required)
		add(d, "body-required", 1, "the request body is now required");
	if (t->has_body)
		compare_fields(d, REQUEST, " of the request",
			       f->has_body ? &f->body : &none, &t->body);
	for (size_t i = 0; i < f->nresponses; i++) {
		const struct openapi_shape_response *fr = &f->responses[i];
		const struct openapi_shape_response *tr = find_response(t, fr->status);
		if (!tr) {
			add(d, "response-removed", 1, "response %s removed", fr->status);
			continue;
		}
		const char *where = arena_printf(d->a, " of response %s", fr->status);
		compare_fields(d, RESPONSE, where, &fr->body, &tr->body);
	}
}

void apidiff_compare(struct apidiff_change **out, size_t *n, struct arena *a,
		     const struct openapi_shape *from, const struct openapi_shape *to)
{
	struct differ d = { a, NULL, 0, 0, NULL };
	for (size_t i = 0; i < to->nops; i++) {
		const struct openapi_shape_op *t = &to->ops[i];
		const struct openapi_shape_op *f = find_op(from, t);
		if (f) {
			compare_op(&d, f, t);
			continue;
		}
		d.op = t;
		add(&d, "operation-added", 0, "new operation");
	}
	for (size_t i = 0; i < from->nops; i++) {
		const struct openapi_shape_op *f = &from->ops[i];
		if (find_op(to, f))
			continue;
		d.op = f;
		add(&d, "operation-removed", 1, "operation removed");
	}
	*out = d.v;
	*n = d.n;
}

size_t apidiff_breaking(const struct apidiff_change *c, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += c[i].breaking != 0;
	return k;
}
