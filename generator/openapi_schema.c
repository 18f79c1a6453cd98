/* openapi_schema: schemas as property tables (see openapi.h: allOf merged,
 * oneOf/anyOf as options, "name[]", "name.*"), their short type labels and
 * facts (enum, default, constraints), inline expansion of $refs where a
 * schema is used, and the Schemas section.
 *
 * A schema reached through $ref is rendered once in the Schemas section;
 * where an operation uses it, its properties are shown inline, and theirs
 * one level further down (OPENAPI_INLINE_DEPTH levels of $ref), as long as
 * that use stays within OPENAPI_INLINE_ROWS rows; beyond that, and always
 * for a schema that refers to itself, it is a link to the schema's anchor.
 * Nesting deeper than OPENAPI_MAX_DEPTH is cut with a note.  So output
 * size is linear in the input.  The rows of a table are collected as vals
 * and rendered through the layout api-props. */
#include "openapi_internal.h"

#include <string.h>

/* ================================================================ schemas */

void openapi_put_label(struct openapi_ctx *c, struct openapi_target t, int depth);

static void put_entry_link(struct openapi_ctx *c, const struct openapi_entry *e)
{
	buf_puts(c->html, "<a class=\"api-ref\" href=\"#");
	openapi_escs(c->html, e->anchor);
	buf_puts(c->html, "\">");
	openapi_escs(c->html, e->name);
	buf_puts(c->html, "</a>");
}

static void put_ref_label(struct openapi_ctx *c, struct openapi_target t,
			  const struct val *ref)
{
	struct openapi_entry *e = openapi_entry_for(c, t.file, ref);
	if (e) {
		put_entry_link(c, e);
		return;
	}
	buf_puts(c->html, "<span class=\"api-broken\" title=\"unresolved $ref\">");
	openapi_put_value(c->html, ref, OPENAPI_FACT_BYTES);
	buf_puts(c->html, "</span>");
}

static int has_any(const struct val *n, const char *const *keys)
{
	for (; *keys; keys++)
		if (get(n, *keys))
			return 1;
	return 0;
}

static void put_variants(struct openapi_ctx *c, struct openapi_target t,
			 const char *word, const struct val *list, int depth)
{
	buf_puts(c->html, word);
	for (size_t i = 0; i < list->u.list.len; i++) {
		buf_puts(c->html, i ? ", " : " ");
		openapi_put_label(
			c, (struct openapi_target){ t.file, list->u.list.items[i] },
			depth + 1);
	}
}

/* One type name of a schema (its "type" is name). */
static void put_type_name(struct openapi_ctx *c, struct openapi_target t,
			  const char *name, int depth)
{
	struct val *n = t.node;
	if (strcmp(name, "array") == 0) {
		struct val *items = get(n, "items");
		buf_puts(c->html, "array");
		if (is_map(items)) {
			buf_puts(c->html, " of ");
			openapi_put_label(c, (struct openapi_target){ t.file, items },
					  depth + 1);
		}
		return;
	}
	if (strcmp(name, "object") == 0) {
		struct val *ap = get(n, "additionalProperties");
		if (is_map(ap) && !get(n, "properties")) {
			buf_puts(c->html, "map of ");
			openapi_put_label(c, (struct openapi_target){ t.file, ap },
					  depth + 1);
			return;
		}
	}
	openapi_escs(c->html, name);
}

/* Writes a short type: "integer (int64)", "array of <a>Pet</a>",
 * "map of string", "string | null", "one of Cat, Dog". */
void openapi_put_label(struct openapi_ctx *c, struct openapi_target t, int depth)
{
	static const char *const object_keys[] = { "properties", "additionalProperties",
						   "patternProperties", NULL };
	struct val *n = t.node;

	if (depth > OPENAPI_LABEL_DEPTH) {
		buf_puts(c->html, "\xE2\x80\xA6");
		return;
	}
	if (!is_map(n)) {
		buf_puts(c->html, n && n->type == VAL_BOOL && !n->u.b ? "nothing"
								      : "any");
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
		openapi_escs(c->html, format);
		buf_puts(c->html, ")");
	}
	if (nullable && !has_null)
		buf_puts(c->html, " | null");
}

/* --- facts: enum, default, constraints, ... */

static void fact_begin(struct openapi_facts *f, const char *label)
{
	struct buf *h = f->c->html;
	if (!f->open)
		buf_puts(h, "<ul class=\"api-facts\">");
	f->open = 1;
	buf_puts(h, "<li>");
	buf_puts(h, label);
}

void openapi_fact_value(struct openapi_facts *f, const char *label, const struct val *v)
{
	if (!v)
		return;
	fact_begin(f, label);
	buf_puts(f->c->html, " ");
	openapi_put_code(f->c->html, v);
	buf_puts(f->c->html, "</li>");
}

void openapi_fact_list(struct openapi_facts *f, const char *label, const struct val *l)
{
	if (!is_list(l) || !l->u.list.len)
		return;
	struct buf *h = f->c->html;
	fact_begin(f, label);
	size_t n = l->u.list.len;
	for (size_t i = 0; i < n && i < OPENAPI_ENUM_SHOWN; i++) {
		buf_puts(h, i ? ", " : " ");
		openapi_put_code(h, l->u.list.items[i]);
	}
	if (n > OPENAPI_ENUM_SHOWN)
		buf_printf(h, " and %zu more", n - OPENAPI_ENUM_SHOWN);
	buf_puts(h, "</li>");
}

static void fact_flag(struct openapi_facts *f, const char *text)
{
	fact_begin(f, text);
	buf_puts(f->c->html, "</li>");
}

void openapi_facts_end(struct openapi_facts *f)
{
	if (f->open)
		buf_puts(f->c->html, "</ul>");
	f->open = 0;
}

/* The facts of schema node n (not following $ref). */
void openapi_schema_facts(struct openapi_facts *f, const struct val *n)
{
	static const struct {
		const char *key, *label;
	} limits[] = {
		{ "minimum", "Minimum:" },
		{ "maximum", "Maximum:" },
		{ "multipleOf", "Multiple of:" },
		{ "minLength", "Minimum length:" },
		{ "maxLength", "Maximum length:" },
		{ "pattern", "Pattern:" },
		{ "minItems", "Minimum items:" },
		{ "maxItems", "Maximum items:" },
		{ "minProperties", "Minimum properties:" },
		{ "maxProperties", "Maximum properties:" },
		{ "collectionFormat", "Collection format:" },
	};
	struct val *v;

	if (!is_map(n))
		return;
	openapi_fact_list(f, "One of:", get(n, "enum"));
	openapi_fact_value(f, "Always:", get(n, "const"));
	openapi_fact_value(f, "Default:", get(n, "default"));
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		const char *key = limits[i].key;
		v = get(n, key);
		/* 3.0 and 2.0 write exclusiveMinimum: true beside minimum */
		if (v && strcmp(key, "minimum") == 0 &&
		    is_true(get(n, "exclusiveMinimum")))
			openapi_fact_value(f, "Greater than:", v);
		else if (v && strcmp(key, "maximum") == 0 &&
			 is_true(get(n, "exclusiveMaximum")))
			openapi_fact_value(f, "Less than:", v);
		else
			openapi_fact_value(f, limits[i].label, v);
	}
	if ((v = get(n, "exclusiveMinimum")) && v->type == VAL_NUM)
		openapi_fact_value(f, "Greater than:", v);
	if ((v = get(n, "exclusiveMaximum")) && v->type == VAL_NUM)
		openapi_fact_value(f, "Less than:", v);
	if (is_true(get(n, "uniqueItems")))
		fact_flag(f, "Items are unique");
	if (is_true(get(n, "readOnly")))
		fact_flag(f, "Read-only");
	if (is_true(get(n, "writeOnly")))
		fact_flag(f, "Write-only");
	struct val *items = get(n, "items");
	if (is_map(items) && !get(items, "$ref"))
		openapi_fact_list(f, "Items one of:", get(items, "enum"));
	struct val *disc = get(n, "discriminator");
	openapi_fact_value(f, "Discriminator:",
			   is_map(disc) ? get(disc, "propertyName") : disc);
	openapi_fact_value(f, "Example:", get(n, "example"));
	openapi_fact_list(f, "Examples:", get(n, "examples"));
	openapi_fact_value(f, "Example:", get(n, "x-example"));
}

/* --- property rows */

static int can_expand(struct openapi_ctx *c, struct openapi_entry *e);

/* A new row of the table being made, of kind ("property", "option" or
 * "note"), at name and depth: the name split into its parent part
 * ("a.b." or "a[]") and its own. */
static struct val *row_val(struct openapi_ctx *c, const char *kind,
			   const struct buf *name, int depth)
{
	const char *s = name->ptr;
	size_t n = name->len, cut = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || (s[i] == '[' && i + 1 < n && s[i + 1] == ']'))
			cut = s[i] == '.' ? i + 1 : i;
	struct val *m = val_map(c->a);
	val_push(c->a, c->prop_rows, m);
	val_set_bool(c->a, m, kind, 1);
	val_set(c->a, m, "depth", val_str(c->a, arena_printf(c->a, "%d", depth)));
	val_set_bool(c->a, m, "has_name", n > 0);
	val_set(c->a, m, "parent", openapi_text(c, s, cut));
	val_set(c->a, m, "name", openapi_text(c, s + cut, n - cut));
	c->rows++;
	return m;
}

/* Sets the row's type and about cells: the label of t, its description
 * and (with facts) its facts. */
static void row_cells(struct openapi_ctx *c, struct val *m,
		      struct openapi_target t, int facts)
{
	struct buf *h = c->html;
	struct buf cell = BUF_INIT;
	struct openapi_facts f = { c, 0 };
	c->html = &cell;
	openapi_put_label(c, t, 0);
	val_set(c->a, m, "type", openapi_html_val(c, &cell));
	buf_clear(&cell);
	openapi_put_md(c, get(t.node, "description"), NULL);
	if (facts) {
		openapi_schema_facts(&f, t.node);
		openapi_facts_end(&f);
	}
	val_set(c->a, m, "about", openapi_html_val(c, &cell));
	c->html = h;
	buf_release(&cell);
}

/* A row for the property at name, described by schema t. */
void openapi_prop_row(struct openapi_ctx *c, const struct buf *name,
		      struct openapi_target t, int required, int depth)
{
	struct val *m = row_val(c, "property", name, depth);
	val_set_bool(c->a, m, "required", required);
	val_set_bool(c->a, m, "deprecated", is_true(get(t.node, "deprecated")));
	row_cells(c, m, t, 1);
}

/* A row that says something about name rather than describing it. */
static void note_row(struct openapi_ctx *c, const struct buf *name, int depth,
		     const char *note, const struct openapi_entry *link)
{
	struct val *m = row_val(c, "note", name, depth);
	struct buf *h = c->html;
	struct buf cell = BUF_INIT;
	val_set_str(c->a, m, "note", note);
	c->html = &cell;
	if (link)
		put_entry_link(c, link);
	val_set(c->a, m, "link", openapi_html_val(c, &cell));
	c->html = h;
	buf_release(&cell);
}

static void join(struct buf *name, const char *part, size_t n)
{
	if (name->len)
		buf_putc(name, '.');
	buf_put(name, part, n);
}

int openapi_listed(const struct val *list, const char *s, size_t n)
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
void openapi_inner_rows(struct openapi_ctx *c, struct openapi_target t,
			struct buf *name, int depth)
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
		struct openapi_entry *e = openapi_entry_for(c, t.file, v);
		if (e && can_expand(c, e)) {
			e->busy = 1;
			c->inline_depth++;
			openapi_inner_rows(c, e->t, name, depth);
			c->inline_depth--;
			e->busy = 0;
		}
		return;
	}
	if (is_list(v = get(n, "allOf"))) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct openapi_target part = { t.file, v->u.list.items[i] };
			struct val *r = ref_of(part.node);
			struct openapi_entry *e =
				r ? openapi_entry_for(c, t.file, r) : NULL;
			if (e && !can_expand(c, e))
				note_row(c, name, depth, "All the properties of ", e);
			else
				openapi_inner_rows(c, part, name, depth);
		}
	}
	static const char *const options[] = { "oneOf", "anyOf" };
	for (int k = 0; k < 2; k++) {
		if (!is_list(v = get(n, options[k])))
			continue;
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct openapi_target opt = { t.file, v->u.list.items[i] };
			struct val *m = row_val(c, "option", name, depth);
			val_set(c->a, m, "option",
				val_str(c->a, arena_printf(c->a, "%s %zu",
							   k == 0 ? "one of, option" : "any of, option",
							   i + 1)));
			row_cells(c, m, opt, !ref_of(opt.node));
			openapi_inner_rows(c, opt, name, depth + 1);
		}
	}
	struct val *props = get(n, "properties");
	struct val *req = get(n, "required");
	if (is_map(props)) {
		for (size_t i = 0; i < props->u.map.len; i++) {
			const struct val_pair *p = &props->u.map.pairs[i];
			struct openapi_target pt = { t.file, p->val };
			join(name, p->key, p->key_len);
			openapi_prop_row(c, name, pt,
					 openapi_listed(req, p->key, p->key_len),
					 depth);
			openapi_inner_rows(c, pt, name, depth + 1);
			buf_truncate(name, mark);
		}
	}
	struct val *ap = get(n, "additionalProperties");
	if (is_map(ap)) {
		struct openapi_target at = { t.file, ap };
		join(name, "*", 1);
		if (is_map(props)) {
			openapi_prop_row(c, name, at, 0, depth);
			openapi_inner_rows(c, at, name, depth + 1);
		} else {
			openapi_inner_rows(c, at, name, depth);
		}
		buf_truncate(name, mark);
	}
	struct val *items = get(n, "items");
	if (is_map(items)) {
		buf_puts(name, "[]");
		openapi_inner_rows(c, (struct openapi_target){ t.file, items },
				   name, depth);
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
static int can_expand(struct openapi_ctx *c, struct openapi_entry *e)
{
	if (!c->inline_mode || e->busy || c->inline_depth >= OPENAPI_INLINE_DEPTH)
		return 0;
	if (e->rows < 0)
		e->rows = count_rows(e->t.node, OPENAPI_INLINE_ROWS);
	return c->rows + e->rows <= OPENAPI_INLINE_ROWS;
}

struct val *openapi_props_begin(struct openapi_ctx *c)
{
	struct val *outer = c->prop_rows;
	c->prop_rows = val_list(c->a);
	return outer;
}

void openapi_props_end(struct openapi_ctx *c, struct val *outer)
{
	if (c->prop_rows->u.list.len) {
		struct val *m = val_map(c->a);
		val_set(c->a, m, "rows", c->prop_rows);
		openapi_template(c, "api-props", m);
	}
	c->prop_rows = outer;
}

/* The table of the rows inside t; nothing when there are none. */
static void props_table(struct openapi_ctx *c, struct openapi_target t)
{
	struct buf name = BUF_INIT;
	struct val *outer = openapi_props_begin(c);
	openapi_inner_rows(c, t, &name, 0);
	openapi_props_end(c, outer);
	buf_release(&name);
}

/* A schema where it is used (parameter, body, response): its type, and
 * its properties with $refs expanded a little. */
void openapi_schema_block(struct openapi_ctx *c, struct openapi_target t)
{
	struct openapi_facts f = { c, 0 };
	if (!t.node)
		return;
	buf_puts(c->html, "<div class=\"api-schema\"><p class=\"api-schema-type\">Schema: ");
	openapi_put_label(c, t, 0);
	buf_puts(c->html, "</p>\n");
	/* beside a $ref (3.1), a description says what this use means */
	openapi_put_md(c, get(t.node, "description"), NULL);
	if (!ref_of(t.node)) {
		openapi_schema_facts(&f, t.node);
		openapi_facts_end(&f);
	}
	c->inline_mode = 1;
	c->inline_depth = 0;
	c->rows = 0;
	props_table(c, t);
	c->inline_mode = 0;
	buf_puts(c->html, "</div>\n");
}

/* The Schemas section: every entry once, $refs as links. */
void openapi_schemas_section(struct openapi_ctx *c)
{
	struct buf *h = c->html;
	struct buf all = BUF_INIT, type = BUF_INIT, body = BUF_INIT;
	if (!c->nentries)
		return;
	/* entries may be added while this runs (a schema of another file
	 * that only these schemas refer to): the loop sees them */
	for (size_t i = 0; i < c->nentries; i++) {
		struct openapi_entry *e = c->entries[i];
		struct openapi_facts f = { c, 0 };
		struct val *m = val_map(c->a);
		val_set_str(c->a, m, "anchor", e->anchor);
		val_set_str(c->a, m, "name", e->name);
		val_set_bool(c->a, m, "deprecated",
			     is_true(get(e->t.node, "deprecated")));
		if (e->external && e->t.file != c->main)
			val_set_str(c->a, m, "from", e->t.file->path);
		e->busy = 1;
		c->inline_mode = 0;
		c->rows = 0;
		c->html = &type;
		openapi_put_label(c, e->t, 0);
		c->html = &body;
		if (!ref_of(e->t.node)) {
			openapi_put_md(c, get(e->t.node, "description"), NULL);
			openapi_schema_facts(&f, e->t.node);
			openapi_facts_end(&f);
			openapi_put_external_docs(c, get(e->t.node, "externalDocs"));
		}
		props_table(c, e->t);
		e->busy = 0;
		val_set(c->a, m, "type", openapi_html_ref(c, &type));
		val_set(c->a, m, "body", openapi_html_ref(c, &body));
		c->html = &all;
		openapi_template(c, "api-schema", m);
		buf_clear(&type);
		buf_clear(&body);
	}
	c->html = h;
	struct val *m = val_map(c->a);
	val_set(c->a, m, "body", openapi_html_ref(c, &all));
	openapi_template(c, "api-schemas", m);
	buf_release(&all);
	buf_release(&type);
	buf_release(&body);
}
