/* openapi_html: the HTML of an API reference's pieces: escaping, values,
 * links and descriptions, examples, and each operation (parameters,
 * request body, responses, security, callbacks) grouped by tag. */
#include "openapi_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "markdown.h"
#include "mustache.h"
#include "xalloc.h"

/* ================================================================ templates */

struct val *openapi_text(struct openapi_ctx *c, const char *s, size_t n)
{
	if (!memchr(s, '\0', n))
		return val_strn(c->a, s, n);
	struct buf t = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i])
			buf_putc(&t, s[i]);
		else
			buf_puts(&t, "\xEF\xBF\xBD");
	}
	struct val *v = val_strn(c->a, t.ptr, t.len);
	buf_release(&t);
	return v;
}

struct val *openapi_html_val(struct openapi_ctx *c, const struct buf *b)
{
	return val_strn(c->a, b->ptr, b->len);
}

struct val *openapi_html_ref(struct openapi_ctx *c, const struct buf *b)
{
	return val_str_ref(c->a, b->ptr, b->len);
}

void openapi_template(struct openapi_ctx *c, const char *name, const struct val *v)
{
	struct buf err = BUF_INIT;
	if (mustache_render(c->html, c->templates, name, v, &err) < 0 &&
	    !c->template_failed++) {
		c->ndiag++;
		if (c->d)
			diag_add(c->d, DIAG_ERROR, DIAG_OPERATOR, c->repo,
				 c->main ? c->main->shown : NULL, 0,
				 "layout \"%s\" cannot render this API description: %s",
				 name, err.ptr);
	}
	buf_release(&err);
}

/* Appends s escaped for HTML; NUL bytes become U+FFFD. */
void openapi_esc(struct buf *b, const char *s, size_t n)
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

void openapi_escs(struct buf *b, const char *s)
{
	openapi_esc(b, s, strlen(s));
}

/* Appends the text of a scalar, escaped; lists and maps as compact JSON,
 * cut after max bytes (0: no limit) with an ellipsis. */
void openapi_put_value(struct buf *b, const struct val *v, size_t max)
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
	openapi_esc(b, t.ptr, t.len);
	buf_release(&t);
}

void openapi_put_code(struct buf *b, const struct val *v)
{
	buf_puts(b, "<code>");
	openapi_put_value(b, v, OPENAPI_FACT_BYTES);
	buf_puts(b, "</code>");
}

/* Text of a scalar val (arena copy), or NULL for null, lists and maps. */
/* True for an absolute http or https URL that markdown.c would keep. */
static int url_is_http(const char *u)
{
	int relative;
	if (!u || !markdown_url_safe(u, strlen(u), &relative) || relative)
		return 0;
	return strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0;
}

/* A link when url is http(s); otherwise text, then the URL as code (url
 * may be NULL; text NULL or "" means the URL itself). */
void openapi_put_link(struct buf *b, const char *url, const char *text)
{
	if (!url) {
		openapi_escs(b, text ? text : "");
		return;
	}
	if (!text || !*text)
		text = url;
	if (url_is_http(url)) {
		buf_puts(b, "<a href=\"");
		openapi_escs(b, url);
		buf_puts(b, "\">");
		openapi_escs(b, text);
		buf_puts(b, "</a>");
		return;
	}
	if (text != url) {
		openapi_escs(b, text);
		buf_puts(b, " ");
	}
	buf_puts(b, "<code>");
	openapi_escs(b, url);
	buf_puts(b, "</code>");
}

int openapi_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1])
		return 0;
	for (; *s; s++)
		if (!ascii_is_alnum(*s) && !strchr(".-_+@", *s))
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

/* ================================================================ Markdown */

/* Renders the description v (Markdown) into html, and its plain text
 * into plain (may be NULL), after a space. */
void openapi_put_md(struct openapi_ctx *c, const struct val *v, struct buf *plain)
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
		openapi_esc(c->html, src.ptr, src.len);
		buf_puts(c->html, "</p>\n");
	}
	markdown_result_release(&r);
done:
	buf_release(&src);
}

void openapi_put_external_docs(struct openapi_ctx *c, const struct val *ed)
{
	const char *url = val_as_str(get(ed, "url"));
	if (!url)
		return;
	const char *text = val_as_str(get(ed, "description"));
	buf_puts(c->html, "<p class=\"api-extdocs\">See also: ");
	openapi_put_link(c->html, url, text);
	buf_puts(c->html, "</p>\n");
}

/* ================================================================ examples */

static void example_value(struct openapi_ctx *c, const struct val *v)
{
	struct buf t = BUF_INIT;
	if (v && v->type == VAL_STR)
		buf_put(&t, v->u.str.ptr, v->u.str.len);
	else
		pretty_json(&t, v, 0);
	buf_puts(c->html, "<pre class=\"api-example\"><code>");
	openapi_esc(c->html, t.ptr, t.len);
	buf_puts(c->html, "</code></pre>\n");
	buf_release(&t);
}

/* example: and examples: of a media type (3.x). */
static void media_examples(struct openapi_ctx *c, struct openapi_target media)
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
		struct openapi_target e;
		if (openapi_deref(c, &e,
				  (struct openapi_target){ media.file, p->val }) < 0)
			continue;
		const char *summary = val_as_str(get(e.node, "summary"));
		buf_puts(c->html, "<p class=\"api-example-title\">Example <code>");
		openapi_esc(c->html, p->key, p->key_len);
		buf_puts(c->html, "</code>");
		if (summary) {
			buf_puts(c->html, ": ");
			openapi_escs(c->html, summary);
		}
		buf_puts(c->html, "</p>\n");
		openapi_put_md(c, get(e.node, "description"), NULL);
		if ((v = get(e.node, "value"))) {
			example_value(c, v);
		} else if ((v = get(e.node, "externalValue")) && val_as_str(v)) {
			buf_puts(c->html, "<p>In ");
			openapi_put_link(c->html, val_as_str(v), NULL);
			buf_puts(c->html, "</p>\n");
		}
	}
}

static void param_examples(struct openapi_ctx *c, struct openapi_facts *f,
			   struct openapi_target p)
{
	openapi_fact_value(f, "Example:", get(p.node, "example"));
	struct val *ex = get(p.node, "examples");
	if (!is_map(ex))
		return;
	for (size_t i = 0; i < ex->u.map.len; i++) {
		struct openapi_target e;
		if (openapi_deref(c, &e,
				  (struct openapi_target){
					  p.file, ex->u.map.pairs[i].val }) < 0)
			continue;
		openapi_fact_value(f, "Example:", get(e.node, "value"));
	}
}

/* The parameters (but 2.0's body and form fields) through the layout
 * api-params; nothing when there are none. */
static void params_table(struct openapi_ctx *c, const struct openapi_param *ps, size_t n)
{
	struct buf *h = c->html;
	struct val *list = val_list(c->a);
	struct buf cell = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct openapi_param *p = &ps[i];
		if (c->v2 &&
		    (strcmp(p->in, "body") == 0 || strcmp(p->in, "formData") == 0))
			continue;
		struct openapi_target s = openapi_param_schema(c, p->t);
		struct openapi_facts f = { c, 0 };
		struct val *m = val_map(c->a);
		val_push(c->a, list, m);
		val_set_str(c->a, m, "name", p->name);
		val_set_bool(c->a, m, "deprecated",
			     is_true(get(p->t.node, "deprecated")));
		val_set_str(c->a, m, "in", p->in);
		val_set_bool(c->a, m, "required",
			     is_true(get(p->t.node, "required")) ||
				     strcmp(p->in, "path") == 0);
		c->html = &cell;
		openapi_put_label(c, s, 0);
		val_set(c->a, m, "type", openapi_html_val(c, &cell));
		buf_clear(&cell);
		openapi_put_md(c, get(p->t.node, "description"), NULL);
		if (s.node && s.node != p->t.node && !ref_of(s.node))
			openapi_schema_facts(&f, s.node);
		else if (s.node == p->t.node)
			openapi_schema_facts(&f, p->t.node);
		param_examples(c, &f, p->t);
		openapi_facts_end(&f);
		val_set(c->a, m, "about", openapi_html_val(c, &cell));
		buf_clear(&cell);
		c->html = h;
	}
	if (list->u.list.len) {
		struct val *m = val_map(c->a);
		val_set(c->a, m, "params", list);
		openapi_template(c, "api-params", m);
	}
	buf_release(&cell);
}

/* "<code>a</code>, <code>b</code>" for a list of media types. */
static void put_media_list(struct openapi_ctx *c, const struct val *list)
{
	for (size_t i = 0; i < list->u.list.len; i++) {
		if (i)
			buf_puts(c->html, ", ");
		buf_puts(c->html, "<code>");
		openapi_put_value(c->html, list->u.list.items[i], 0);
		buf_puts(c->html, "</code>");
	}
}

/* 3.x content: one block per media type. */
static void content_blocks(struct openapi_ctx *c, struct openapi_target content)
{
	if (!is_map(content.node))
		return;
	for (size_t i = 0; i < content.node->u.map.len; i++) {
		const struct val_pair *p = &content.node->u.map.pairs[i];
		struct openapi_target media = { content.file, p->val };
		buf_puts(c->html, "<div class=\"api-media\">\n<h5><code>");
		openapi_esc(c->html, p->key, p->key_len);
		buf_puts(c->html, "</code></h5>\n");
		struct val *s = get(media.node, "schema");
		if (s)
			openapi_schema_block(c, (struct openapi_target){ media.file, s });
		media_examples(c, media);
		buf_puts(c->html, "</div>\n");
	}
}

/* The media types of an operation (2.0 consumes or produces). */
static const struct val *media_types(struct openapi_ctx *c,
				     struct openapi_target op, const char *key)
{
	const struct val *l = get(op.node, key);
	if (!is_list(l))
		l = get(c->main->root, key);
	return is_list(l) && l->u.list.len ? l : NULL;
}

static void request_body_v2(struct openapi_ctx *c, struct openapi_target op,
			    const struct openapi_param *ps, size_t n)
{
	struct buf *h = c->html;
	const struct val *consumes = media_types(c, op, "consumes");
	const struct openapi_param *body = NULL;
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
		openapi_put_md(c, get(body->t.node, "description"), NULL);
		buf_puts(h, "<div class=\"api-media\">\n");
		if (consumes) {
			buf_puts(h, "<h5>");
			put_media_list(c, consumes);
			buf_puts(h, "</h5>\n");
		}
		openapi_schema_block(c, (struct openapi_target){
						body->t.file,
						get(body->t.node, "schema") });
		buf_puts(h, "</div>\n");
	} else if (form) {
		const char *mt = file ? "multipart/form-data"
				      : "application/x-www-form-urlencoded";
		if (!file && openapi_listed(consumes, "multipart/form-data", 19))
			mt = "multipart/form-data";
		buf_puts(h, "<h4>Request body</h4>\n<div class=\"api-media\">\n<h5><code>");
		buf_puts(h, mt);
		buf_puts(h, "</code></h5>\n<div class=\"api-schema\">");
		struct val *outer = openapi_props_begin(c);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(ps[i].in, "formData") != 0)
				continue;
			struct buf name = BUF_INIT;
			buf_puts(&name, ps[i].name);
			c->inline_mode = 1;
			c->inline_depth = 0;
			c->rows = 0;
			openapi_prop_row(c, &name, ps[i].t,
					 is_true(get(ps[i].t.node, "required")), 0);
			openapi_inner_rows(c, ps[i].t, &name, 1);
			c->inline_mode = 0;
			buf_release(&name);
		}
		openapi_props_end(c, outer);
		buf_puts(h, "</div>\n</div>\n");
	}
}

static void request_body_v3(struct openapi_ctx *c, struct openapi_target op)
{
	struct val *rb = get(op.node, "requestBody");
	struct openapi_target t;
	if (!rb || openapi_deref(c, &t, (struct openapi_target){ op.file, rb }) < 0)
		return;
	buf_puts(c->html, "<h4>Request body");
	if (is_true(get(t.node, "required")))
		buf_puts(c->html, " <span class=\"api-required\">required</span>");
	buf_puts(c->html, "</h4>\n");
	openapi_put_md(c, get(t.node, "description"), NULL);
	content_blocks(c, (struct openapi_target){ t.file, get(t.node, "content") });
}

static void headers_table(struct openapi_ctx *c, struct openapi_target headers)
{
	struct buf *h = c->html;
	if (!is_map(headers.node) || !headers.node->u.map.len)
		return;
	buf_puts(h, "<table class=\"api-headers\"><thead><tr><th>Header</th><th>Type</th><th>Description</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < headers.node->u.map.len; i++) {
		const struct val_pair *p = &headers.node->u.map.pairs[i];
		struct openapi_target t;
		struct openapi_facts f = { c, 0 };
		if (openapi_deref(c, &t,
				  (struct openapi_target){ headers.file, p->val }) < 0)
			continue;
		struct openapi_target s = openapi_param_schema(c, t);
		buf_puts(h, "<tr><td class=\"api-name\"><code>");
		openapi_esc(h, p->key, p->key_len);
		buf_puts(h, "</code></td><td class=\"api-type\">");
		openapi_put_label(c, s, 0);
		buf_puts(h, "</td><td class=\"api-about\">");
		openapi_put_md(c, get(t.node, "description"), NULL);
		if (s.node && !ref_of(s.node))
			openapi_schema_facts(&f, s.node);
		openapi_facts_end(&f);
		buf_puts(h, "</td></tr>\n");
	}
	buf_puts(h, "</tbody></table>\n");
}

/* One response's body (description, headers, media types). */
static void response_body(struct openapi_ctx *c, struct openapi_target op,
			  struct openapi_target r)
{
	struct buf *h = c->html;
	openapi_put_md(c, get(r.node, "description"), NULL);
	headers_table(c, (struct openapi_target){ r.file, get(r.node, "headers") });
	if (!c->v2) {
		content_blocks(c, (struct openapi_target){
					  r.file, get(r.node, "content") });
		return;
	}
	struct val *s = get(r.node, "schema");
	const struct val *produces = media_types(c, op, "produces");
	struct val *ex = get(r.node, "examples");
	if (!s && !is_map(ex))
		return;
	buf_puts(h, "<div class=\"api-media\">\n");
	if (produces) {
		buf_puts(h, "<h5>");
		put_media_list(c, produces);
		buf_puts(h, "</h5>\n");
	}
	if (s)
		openapi_schema_block(c, (struct openapi_target){ r.file, s });
	for (size_t k = 0; is_map(ex) && k < ex->u.map.len; k++) {
		buf_puts(h, "<p class=\"api-example-title\">Example <code>");
		openapi_esc(h, ex->u.map.pairs[k].key, ex->u.map.pairs[k].key_len);
		buf_puts(h, "</code></p>\n");
		example_value(c, ex->u.map.pairs[k].val);
	}
	buf_puts(h, "</div>\n");
}

/* The responses through the layout api-responses; nothing when there are
 * none. */
static void responses(struct openapi_ctx *c, struct openapi_target op)
{
	struct buf *h = c->html;
	struct val *rs = get(op.node, "responses");
	struct buf cell = BUF_INIT, *bodies;
	if (!is_map(rs) || !rs->u.map.len)
		return;
	/* each body is kept until the template is rendered: not copied */
	bodies = xcalloc(rs->u.map.len, sizeof(*bodies));
	struct val *list = val_list(c->a);
	for (size_t i = 0; i < rs->u.map.len; i++) {
		const struct val_pair *p = &rs->u.map.pairs[i];
		struct openapi_target r;
		int bad = openapi_deref(c, &r,
					(struct openapi_target){ op.file, p->val }) < 0;
		char cls = p->key_len == 3 && p->key[0] >= '1' && p->key[0] <= '5'
				   ? p->key[0]
				   : 0;
		struct val *m = val_map(c->a);
		val_push(c->a, list, m);
		val_set(c->a, m, "status", openapi_text(c, p->key, p->key_len));
		val_set(c->a, m, "class", val_strn(c->a, &cls, cls ? 1 : 0));
		if (bad)
			openapi_put_code(&cell, ref_of(p->val));
		val_set(c->a, m, "broken", openapi_html_val(c, &cell));
		buf_clear(&cell);
		c->html = &bodies[i];
		if (!bad)
			response_body(c, op, r);
		val_set(c->a, m, "body", openapi_html_ref(c, &bodies[i]));
		c->html = h;
	}
	struct val *m = val_map(c->a);
	val_set(c->a, m, "responses", list);
	openapi_template(c, "api-responses", m);
	for (size_t i = 0; i < rs->u.map.len; i++)
		buf_release(&bodies[i]);
	free(bodies);
	buf_release(&cell);
}

/* "Authentication: a and b, or c" from a list of security requirements. */
static void security_line(struct openapi_ctx *c, const struct val *sec)
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
			struct map_entry *anchor =
				map_get(&c->security, p->key, p->key_len);
			if (anchor) {
				buf_puts(h, "<a href=\"#");
				openapi_escs(h, anchor->val);
				buf_puts(h, "\">");
				openapi_esc(h, p->key, p->key_len);
				buf_puts(h, "</a>");
			} else {
				buf_puts(h, "<code>");
				openapi_esc(h, p->key, p->key_len);
				buf_puts(h, "</code>");
			}
			const struct val *scopes = p->val;
			if (is_list(scopes) && scopes->u.list.len) {
				buf_puts(h, " (");
				for (size_t s = 0; s < scopes->u.list.len; s++) {
					if (s)
						buf_puts(h, ", ");
					openapi_put_code(h, scopes->u.list.items[s]);
				}
				buf_puts(h, ")");
			}
		}
	}
	buf_puts(h, "</p>\n");
}

static void callbacks(struct openapi_ctx *c, const struct openapi_op *parent,
		      struct openapi_target op);

/* One server's variables, as a list of {name, about}. */
static struct val *server_vars(struct openapi_ctx *c, const struct val *vars,
			       struct buf *cell)
{
	struct val *list = val_list(c->a);
	for (size_t k = 0; is_map(vars) && k < vars->u.map.len; k++) {
		const struct val_pair *p = &vars->u.map.pairs[k];
		struct openapi_facts f = { c, 0 };
		struct val *m = val_map(c->a);
		val_push(c->a, list, m);
		val_set(c->a, m, "name", openapi_text(c, p->key, p->key_len));
		openapi_put_md(c, get(p->val, "description"), NULL);
		openapi_fact_value(&f, "Default:", get(p->val, "default"));
		openapi_fact_list(&f, "One of:", get(p->val, "enum"));
		openapi_facts_end(&f);
		val_set(c->a, m, "about", openapi_html_val(c, cell));
		buf_clear(cell);
	}
	return list;
}

void openapi_servers_list(struct openapi_ctx *c, const struct val *servers,
			  const char *cls, int section)
{
	struct buf *h = c->html;
	struct buf cell = BUF_INIT;
	if (!is_list(servers) || !servers->u.list.len)
		return;
	struct val *list = val_list(c->a);
	c->html = &cell;
	for (size_t i = 0; i < servers->u.list.len; i++) {
		const struct val *s = servers->u.list.items[i];
		const char *url = val_as_str(get(s, "url"));
		if (!url)
			continue;
		struct val *m = val_map(c->a);
		val_push(c->a, list, m);
		if (!strchr(url, '{')) {
			openapi_put_link(&cell, url, NULL);
		} else {
			buf_puts(&cell, "<code>");
			openapi_escs(&cell, url);
			buf_puts(&cell, "</code>");
		}
		val_set(c->a, m, "url", openapi_html_val(c, &cell));
		buf_clear(&cell);
		openapi_put_md(c, get(s, "description"), NULL);
		val_set(c->a, m, "description", openapi_html_val(c, &cell));
		buf_clear(&cell);
		struct val *vars = get(s, "variables");
		val_set_bool(c->a, m, "has_variables",
			     is_map(vars) && vars->u.map.len);
		val_set(c->a, m, "variables", server_vars(c, vars, &cell));
	}
	c->html = h;
	struct val *m = val_map(c->a);
	val_set_str(c->a, m, "class", cls);
	val_set_bool(c->a, m, "section", section);
	val_set(c->a, m, "servers", list);
	openapi_template(c, "api-servers", m);
	buf_release(&cell);
}

/* What the layouts api-operation and api-op-ref show of an operation:
 * {anchor, method, method_lower, path, summary}. */
static struct val *op_val(struct openapi_ctx *c, const struct openapi_op_info *oi,
			  const struct openapi_op *op)
{
	struct val *m = val_map(c->a);
	val_set_str(c->a, m, "anchor", op->anchor);
	val_set_str(c->a, m, "method_lower", oi->method);
	val_set_str(c->a, m, "method", op->method);
	val_set_str(c->a, m, "path", op->path);
	val_set_str(c->a, m, "summary", op->summary);
	return m;
}

/* An operation through the layout api-operation; its body (description
 * to callbacks) is made here. */
static void render_op(struct openapi_ctx *c, const struct openapi_op_info *oi,
		      struct openapi_op *op)
{
	struct buf *h = c->html;
	struct buf text = BUF_INIT, body = BUF_INIT;
	struct openapi_target t = oi->op;
	struct openapi_param *ps = NULL;
	size_t nps = 0, cap = 0;
	struct val *v;

	if (*op->summary)
		buf_puts(&text, op->summary);
	c->html = &body;
	v = get(t.node, "description");
	if (!v)
		v = get(oi->item.node, "description");
	openapi_put_md(c, v, &text);
	openapi_put_external_docs(c, get(t.node, "externalDocs"));
	v = get(t.node, "servers");
	if (!v)
		v = get(oi->item.node, "servers");
	openapi_servers_list(c, v, "api-op-servers", 0);
	v = get(t.node, "security");
	security_line(c, v ? v : get(c->main->root, "security"));

	openapi_merge_params(c, &ps, &nps, &cap, oi->item.file,
			     get(oi->item.node, "parameters"));
	openapi_merge_params(c, &ps, &nps, &cap, t.file, get(t.node, "parameters"));
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
	c->html = h;

	struct val *m = op_val(c, oi, op);
	if (op->id_anchor)
		val_set_str(c->a, m, "id_anchor", op->id_anchor);
	val_set_bool(c->a, m, "deprecated", op->deprecated);
	val_set_bool(c->a, m, "has_operation_id", op->operation_id != NULL);
	if (op->operation_id)
		val_set_str(c->a, m, "operation_id", op->operation_id);
	val_set_bool(c->a, m, "callback", c->callback_depth > 0);
	val_set(c->a, m, "body", openapi_html_ref(c, &body));
	openapi_template(c, "api-operation", m);
	op->text = arena_strndup(c->a, text.ptr, text.len);
	buf_release(&text);
	buf_release(&body);
}

/* ================================================================ callbacks */

/* Appends html (n bytes, made by this file: every "<h" in it opens a
 * heading, since text is escaped) with each heading by levels lower,
 * down to h6. */
static void shift_headings(struct buf *out, const char *s, size_t n, int by)
{
	for (size_t i = 0; i < n; i++) {
		int close = i + 3 < n && s[i] == '<' && s[i + 1] == '/' &&
			    s[i + 2] == 'h';
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
	openapi_anchor_text(b, t.ptr, t.len, 1);
	buf_release(&t);
}

/* One operation of a callback, rendered like an operation two heading
 * levels down.  Its anchor is <parent>.cb-<name>-<method>-<expression>. */
static void callback_op(struct openapi_ctx *c, const struct openapi_op *parent,
			const char *name, const char *expr,
			struct openapi_target item, const struct val_pair *m)
{
	struct openapi_op_info oi = { item, { item.file, m->val }, m->key, expr, 0 };
	struct openapi_op op;
	struct buf want = BUF_INIT, up = BUF_INIT, html = BUF_INIT;
	memset(&op, 0, sizeof(op));
	for (const char *k = m->key; *k; k++)
		buf_putc(&up, ascii_upper(*k));
	op.method = arena_strndup(c->a, up.ptr, up.len);
	op.path = expr;
	const char *summary = openapi_scalar_dup(c->a, get(m->val, "summary"));
	if (!summary)
		summary = openapi_scalar_dup(c->a, get(item.node, "summary"));
	op.summary = summary ? summary : "";
	op.operation_id = openapi_scalar_dup(c->a, get(m->val, "operationId"));
	op.deprecated = is_true(get(m->val, "deprecated"));
	op.line = m->val->line;
	buf_printf(&want, "%s.cb-", parent->anchor);
	openapi_anchor_text(&want, name, strlen(name), 0);
	buf_printf(&want, "-%s-", m->key);
	put_expression_anchor(&want, expr);
	op.anchor = openapi_claim_anchor(c, &want);
	struct buf *outer = c->html;
	c->html = &html;
	c->callback_depth++;
	render_op(c, &oi, &op);
	c->callback_depth--;
	c->html = outer;
	shift_headings(c->html, html.ptr, html.len, 2);
	buf_release(&html);
	buf_release(&up);
	buf_release(&want);
}

/* The callbacks an operation declares (OpenAPI 3.x): each is a map of
 * runtime expressions (the URL the API calls) to path items; each of
 * their operations is shown under the declaring operation.  Callbacks of
 * callbacks are named, not expanded. */
static void callbacks(struct openapi_ctx *c, const struct openapi_op *parent,
		      struct openapi_target op)
{
	struct buf *h = c->html;
	struct val *cbs = get(op.node, "callbacks");
	if (c->v2 || !is_map(cbs) || !cbs->u.map.len)
		return;
	buf_puts(h, "<div class=\"api-callbacks\">\n<h4>Callbacks</h4>\n");
	for (size_t i = 0; i < cbs->u.map.len; i++) {
		const struct val_pair *p = &cbs->u.map.pairs[i];
		const char *name = arena_strndup(c->a, p->key, p->key_len);
		struct openapi_target cb;
		buf_puts(h, "<p class=\"api-callback-name\">Callback <code>");
		openapi_escs(h, name);
		if (c->callback_depth) {
			buf_puts(h, "</code> (a callback's callback: not expanded)</p>\n");
			continue;
		}
		buf_puts(h, "</code>: requests the API sends</p>\n");
		if (openapi_deref(c, &cb,
				  (struct openapi_target){ op.file, p->val }) < 0) {
			buf_puts(h, "<p class=\"api-broken\">This callback is a $ref that leads nowhere: ");
			openapi_put_code(h, ref_of(p->val));
			buf_puts(h, ".</p>\n");
			continue;
		}
		if (!is_map(cb.node)) {
			if (openapi_once(c, cb.node))
				warn(c, cb.file, cb.node->line,
				     "callback \"%s\" of %s %s is a %s, not a mapping: write a URL expression (\"{$request.body#/callbackUrl}\") with its operations under it",
				     name, parent->method, parent->path,
				     val_type_name(cb.node->type));
			continue;
		}
		size_t shown = 0;
		for (size_t k = 0; k < cb.node->u.map.len; k++) {
			const struct val_pair *e = &cb.node->u.map.pairs[k];
			struct openapi_target item;
			if (strncmp(e->key, "x-", 2) == 0)
				continue;
			if (openapi_deref(c, &item,
					  (struct openapi_target){ cb.file, e->val }) < 0)
				continue;
			if (!is_map(item.node)) {
				if (openapi_once(c, item.node))
					warn(c, item.file, item.node->line,
					     "callback \"%s\" expression \"%s\" is a %s, not a mapping of operations: write post:, ... under it",
					     name, e->key,
					     val_type_name(item.node->type));
				continue;
			}
			const char *expr = arena_strndup(c->a, e->key, e->key_len);
			for (size_t m = 0; m < item.node->u.map.len; m++) {
				const struct val_pair *mp =
					&item.node->u.map.pairs[m];
				if (!openapi_is_method(mp->key) || !is_map(mp->val))
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

static void op_ref(struct openapi_ctx *c, const struct openapi_op_info *oi,
		   const struct openapi_op *op, const struct openapi_group *home)
{
	struct val *m = op_val(c, oi, op);
	val_set_str(c->a, m, "home_anchor", home->anchor);
	val_set_str(c->a, m, "home", home->name);
	openapi_template(c, "api-op-ref", m);
}

/* A tag's section (or the webhooks') through the layout api-tag, with
 * the body made so far in *body. */
static void tag_section(struct openapi_ctx *c, const char *anchor,
			const char *name, int webhooks, struct buf *body)
{
	struct val *m = val_map(c->a);
	val_set_str(c->a, m, "anchor", anchor);
	val_set_str(c->a, m, "name", name);
	val_set_bool(c->a, m, "webhooks", webhooks);
	val_set(c->a, m, "body", openapi_html_ref(c, body));
	openapi_template(c, "api-tag", m);
	buf_clear(body);
}

void openapi_render_groups(struct openapi_ctx *c, struct openapi_grouping *g,
			   struct openapi_ops *o)
{
	struct buf *h = c->html;
	struct buf body = BUF_INIT;
	for (size_t j = 0; j < g->ngs; j++) {
		struct openapi_group *gr = &g->gs[g->order[j]];
		if (!gr->nops)
			continue;
		c->html = &body;
		if (gr->tag.node) {
			openapi_put_md(c, get(gr->tag.node, "description"), NULL);
			openapi_put_external_docs(c, get(gr->tag.node, "externalDocs"));
		}
		for (size_t i = 0; i < gr->nops; i++) {
			size_t op = gr->ops[i];
			if (g->primary[op] == g->order[j])
				render_op(c, &o->info[op], &o->ops[op]);
			else
				op_ref(c, &o->info[op], &o->ops[op],
				       &g->gs[g->primary[op]]);
		}
		c->html = h;
		tag_section(c, gr->anchor, gr->name, 0, &body);
	}
	if (g->webhooks_anchor) {
		c->html = &body;
		for (size_t i = 0; i < o->n; i++)
			if (o->info[i].webhook)
				render_op(c, &o->info[i], &o->ops[i]);
		c->html = h;
		tag_section(c, g->webhooks_anchor, "Webhooks", 1, &body);
	}
	buf_release(&body);
}
