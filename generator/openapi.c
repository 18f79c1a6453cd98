/* openapi: the entry points (see openapi.h), the page's header (info,
 * servers, security schemes), and sniffing and probing, which read a
 * description without rendering it. */
#include "openapi_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "theme.h"
#include "utf8.h"
#include "xalloc.h"
#include "yaml.h"

/* ================================================================ info, servers, security */

static void oauth_flow(struct openapi_ctx *c, const char *name, const struct val *flow)
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
		openapi_escs(h, name);
		buf_puts(h, "</code>");
	}
	for (size_t i = 0; i < 3; i++) {
		const char *u = val_as_str(get(flow, urls[i].key));
		if (!u)
			continue;
		buf_printf(h, "; %s ", urls[i].label);
		openapi_put_link(h, u, NULL);
	}
	struct val *scopes = get(flow, "scopes");
	if (is_map(scopes) && scopes->u.map.len) {
		buf_puts(h, "; scopes:<ul>");
		for (size_t i = 0; i < scopes->u.map.len; i++) {
			const struct val_pair *p = &scopes->u.map.pairs[i];
			buf_puts(h, "<li><code>");
			openapi_esc(h, p->key, p->key_len);
			buf_puts(h, "</code>");
			if (val_as_str(p->val) && *val_as_str(p->val)) {
				buf_puts(h, ": ");
				openapi_escs(h, val_as_str(p->val));
			}
			buf_puts(h, "</li>");
		}
		buf_puts(h, "</ul>");
	}
	buf_puts(h, "</li>\n");
}

/* What a security scheme is (the <dd> of the scheme), onto c->html. */
static void scheme_about(struct openapi_ctx *c, int bad, const struct val *n)
{
	struct buf *h = c->html;
	const char *type = val_as_str(get(n, "type"));
	const char *in = val_as_str(get(n, "in"));
	const char *name = val_as_str(get(n, "name"));
	if (bad) {
		buf_puts(h, "<p class=\"api-broken\">This scheme is a $ref that leads nowhere.</p>");
	} else if (!type) {
		buf_puts(h, "<p>Unknown type.</p>");
	} else if (strcmp(type, "apiKey") == 0) {
		buf_puts(h, "<p>API key in ");
		openapi_escs(h, in ? in : "?");
		buf_puts(h, " <code>");
		openapi_escs(h, name ? name : "?");
		buf_puts(h, "</code></p>");
	} else if (strcmp(type, "http") == 0 || strcmp(type, "basic") == 0) {
		const char *scheme = strcmp(type, "basic") == 0
					     ? "basic"
					     : val_as_str(get(n, "scheme"));
		const char *fmt = val_as_str(get(n, "bearerFormat"));
		buf_puts(h, "<p>HTTP <code>");
		openapi_escs(h, scheme ? scheme : "?");
		buf_puts(h, "</code> authentication");
		if (fmt) {
			buf_puts(h, " (bearer format ");
			openapi_escs(h, fmt);
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
		openapi_put_link(h, val_as_str(get(n, "openIdConnectUrl")), NULL);
		buf_puts(h, "</p>");
	} else if (strcmp(type, "mutualTLS") == 0) {
		buf_puts(h, "<p>Mutual TLS</p>");
	} else {
		buf_puts(h, "<p><code>");
		openapi_escs(h, type);
		buf_puts(h, "</code></p>");
	}
	openapi_put_md(c, get(n, "description"), NULL);
}

/* The security schemes through the layout api-security. */
static void security_section(struct openapi_ctx *c, struct openapi_target schemes)
{
	struct buf *h = c->html;
	struct buf cell = BUF_INIT;
	if (!is_map(schemes.node) || !schemes.node->u.map.len)
		return;
	struct val *list = val_list(c->a);
	c->html = &cell;
	for (size_t i = 0; i < schemes.node->u.map.len; i++) {
		const struct val_pair *p = &schemes.node->u.map.pairs[i];
		struct openapi_target t;
		struct map_entry *anchor = map_get(&c->security, p->key, p->key_len);
		if (!anchor)
			continue;
		int bad = openapi_deref(c, &t,
					(struct openapi_target){ schemes.file,
								 p->val }) < 0;
		struct val *m = val_map(c->a);
		val_push(c->a, list, m);
		val_set_str(c->a, m, "anchor", anchor->val);
		val_set(c->a, m, "name", openapi_text(c, p->key, p->key_len));
		scheme_about(c, bad, bad ? NULL : t.node);
		val_set(c->a, m, "about", openapi_html_val(c, &cell));
		buf_clear(&cell);
	}
	c->html = h;
	struct val *m = val_map(c->a);
	val_set(c->a, m, "schemes", list);
	openapi_template(c, "api-security", m);
	buf_release(&cell);
}

/* The items of the header's list: terms of service, contact, licence. */
static void about_items(struct openapi_ctx *c, const struct val *info)
{
	struct buf *h = c->html;
	const char *s;

	if ((s = val_as_str(get(info, "termsOfService")))) {
		buf_puts(h, "<li>Terms of service: ");
		openapi_put_link(h, s, NULL);
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
			openapi_put_link(h, url, name);
		}
		if (mail) {
			buf_puts(h, " ");
			if (openapi_email_ok(mail)) {
				buf_puts(h, "<a href=\"mailto:");
				openapi_escs(h, mail);
				buf_puts(h, "\">");
				openapi_escs(h, mail);
				buf_puts(h, "</a>");
			} else {
				openapi_escs(h, mail);
			}
		}
		buf_puts(h, "</li>\n");
	}
	struct val *lic = get(info, "license");
	if (is_map(lic) && (s = val_as_str(get(lic, "name")))) {
		const char *id = val_as_str(get(lic, "identifier"));
		buf_puts(h, "<li>Licence: ");
		openapi_put_link(h, val_as_str(get(lic, "url")), s);
		if (id) {
			buf_puts(h, " (<code>");
			openapi_escs(h, id);
			buf_puts(h, "</code>)");
		}
		buf_puts(h, "</li>\n");
	}
}

/* The page's header through the layout api-info: title, versions,
 * summary, description (its plain text into text), terms, contact,
 * licence and external docs. */
static void info_header(struct openapi_ctx *c, struct openapi_doc *doc, struct buf *text)
{
	struct buf *h = c->html;
	struct val *info = get(c->main->root, "info");
	struct val *m = val_map(c->a);
	struct buf part = BUF_INIT;
	const char *s;

	val_set_str(c->a, m, "title", doc->title ? doc->title : "API");
	val_set_bool(c->a, m, "has_version", doc->version != NULL);
	if (doc->version)
		val_set_str(c->a, m, "version", doc->version);
	val_set_bool(c->a, m, "has_spec_version", doc->spec_version != NULL);
	if (doc->spec_version)
		val_set_str(c->a, m, "spec_version", doc->spec_version);
	val_set_str(c->a, m, "spec_name", c->v2 ? "Swagger" : "OpenAPI");
	s = val_as_str(get(info, "summary"));
	val_set_bool(c->a, m, "has_summary", s != NULL);
	if (s)
		val_set_str(c->a, m, "summary", s);
	c->html = &part;
	openapi_put_md(c, get(info, "description"), text);
	val_set(c->a, m, "description", openapi_html_val(c, &part));
	buf_clear(&part);
	about_items(c, info);
	val_set(c->a, m, "about", openapi_html_val(c, &part));
	buf_clear(&part);
	openapi_put_external_docs(c, get(c->main->root, "externalDocs"));
	val_set(c->a, m, "external_docs", openapi_html_val(c, &part));
	c->html = h;
	openapi_template(c, "api-info", m);
	buf_release(&part);
}

/* ================================================================ entry points */

static void failure(struct buf *html, const char *why, const char *text, size_t len)
{
	buf_puts(html, "<div class=\"openapi api-failed\">\n<p class=\"api-error\">This API description could not be shown: ");
	openapi_escs(html, why);
	buf_puts(html, ". Its source follows.</p>\n<pre class=\"api-source-text\"><code>");
	struct buf fixed = BUF_INIT;
	utf8_repair(&fixed, text ? text : "", text ? len : 0);
	openapi_esc(html, fixed.ptr, fixed.len);
	buf_release(&fixed);
	buf_puts(html, "</code></pre>\n</div>\n");
}

/* The default theme's api-* layouts, compiled for one render. */
static struct mustache_set *default_templates(void)
{
	static const char prefix[] = "layouts/api-", ext[] = ".mustache";
	struct mustache_set *set = mustache_set_new();
	for (const struct theme_file *f = theme_default_files; f->name; f++) {
		size_t n = strlen(f->name), p = sizeof(prefix) - 1,
		       e = sizeof(ext) - 1;
		if (n <= p + e || strncmp(f->name, prefix, p) != 0 ||
		    strcmp(f->name + n - e, ext) != 0)
			continue;
		char *name = xstrndup(f->name + 8, n - 8 - e);
		mustache_set_add(set, name, f->data, f->size, NULL);
		free(name);
	}
	return set;
}

/* The YAML of text (len bytes) under opt's limits: opt's tree when it
 * is of this text (parsed into a on its first use), else parsed here.
 * yaml_parse_limited's result. */
static int yaml_of(struct val **root, struct arena *a, const char *text, size_t len,
		   const struct openapi_render_opts *opt, struct yaml_error *err)
{
	struct openapi_tree *t = opt->tree;
	if (!t || !text || t->text != text || t->len != len || t->lim != opt->lim)
		return yaml_parse_limited(root, a, text ? text : "",
					  text ? len : 0, opt->lim, err);
	if (!t->done) {
		t->rc = yaml_parse_limited(&t->root, a, text, len, opt->lim, &t->err);
		t->done = 1;
	}
	*root = t->root;
	*err = t->err;
	return t->rc;
}

int openapi_parse(struct openapi_description *desc, struct arena *a,
		  const char *text, size_t len,
		  const struct openapi_render_opts *opts, struct diag_list *d)
{
	static const struct openapi_render_opts defaults = OPENAPI_RENDER_OPTS_INIT;
	const struct openapi_render_opts *opt = opts ? opts : &defaults;
	const char *path = opt->path;
	struct openapi_doc *doc = &desc->doc;
	struct openapi_parsed *p = arena_alloc(a, sizeof(*p));
	struct openapi_ctx *c = &p->c;
	struct yaml_error err;
	struct val *root;

	memset(desc, 0, sizeof(*desc));
	memset(p, 0, sizeof(*p));
	desc->p = p;
	doc->text = "";
	p->text = text;
	p->len = len;
	c->a = a;
	openapi_ctx_tables_init(c, a);
	c->d = d;
	c->repo = opt->repo;
	c->load = opt->load;
	c->lim = opt->lim;
	c->userdata = opt->userdata;
	c->templates = opt->templates;
	c->main = arena_alloc(a, sizeof(*c->main));
	c->main->shown = path;
	c->main->path = path ? openapi_resolve_path(a, "", path, strlen(path), 0) : "";
	if (!c->main->path)
		c->main->path = path;

	if (yaml_of(&root, a, text, len, opt, &err) < 0) {
		openapi_report(c, DIAG_ERROR, c->main, err.line,
			       "API description does not parse: %s: fix the YAML or JSON syntax",
			       err.msg);
		desc->why = arena_printf(a, "it does not parse (line %d: %s)",
					 err.line, err.msg);
		return -1;
	}
	if (!is_map(root)) {
		openapi_report(c, DIAG_ERROR, c->main, root->line ? root->line : 1,
			       "API description is %s, not a mapping: start it with openapi: 3.1.0, info: and paths:",
			       root->type == VAL_NULL ? "empty"
						      : val_type_name(root->type));
		desc->why = "it is not a mapping of openapi:, info:, paths:";
		return -1;
	}
	c->main->root = root;
	void **slot =
		&map_put(&c->files, c->main->path, strlen(c->main->path), NULL)->val;
	*slot = c->main;

	openapi_read_version(c, doc);
	struct val *info = get(root, "info");
	struct val *comps = get(root, "components");
	struct val *schemas = c->v2 ? get(root, "definitions") : get(comps, "schemas");
	if (!is_map(info) && !get(root, "paths") && !get(root, "webhooks") &&
	    !is_map(schemas)) {
		if (get(root, "openapi") || get(root, "swagger"))
			openapi_report(c, DIAG_ERROR, c->main,
				       root->line ? root->line : 1,
				       "API description has neither info: nor paths: (nor webhooks: or schemas): there is nothing to show; add info: with a title and paths:");
		desc->why = "it has neither info: nor paths:";
		return -1;
	}
	doc->title = openapi_scalar_dup(a, get(info, "title"));
	doc->version = openapi_scalar_dup(a, get(info, "version"));

	/* anchors, in this order: operations, security schemes, schemas,
	 * tags, webhooks, operationIds */
	openapi_collect_ops(c, &p->o);
	p->secs = (struct openapi_target){ c->main,
					   c->v2 ? get(root, "securityDefinitions")
						 : get(comps, "securitySchemes") };
	struct openapi_target secs = p->secs;
	for (size_t i = 0; is_map(secs.node) && i < secs.node->u.map.len; i++) {
		const struct val_pair *pr = &secs.node->u.map.pairs[i];
		struct buf want = BUF_INIT;
		buf_puts(&want, "security-");
		openapi_anchor_text(&want, pr->key, pr->key_len, 0);
		const char *anchor = openapi_claim_anchor(c, &want);
		map_put(&c->security, pr->key, pr->key_len, NULL)->val = (void *)anchor;
		buf_release(&want);
	}
	for (size_t i = 0; is_map(schemas) && i < schemas->u.map.len; i++) {
		const struct val_pair *pr = &schemas->u.map.pairs[i];
		openapi_add_entry(c, (struct openapi_target){ c->main, pr->val },
				  arena_strndup(a, pr->key, pr->key_len), 0);
	}
	openapi_build_groups(c, &p->g, &p->o);
	openapi_operation_ids(c, &p->o);
	doc->ops = p->o.ops;
	doc->nops = p->o.n;
	p->parsed = 1;
	return 0;
}

void openapi_description_release(struct openapi_description *desc)
{
	struct openapi_parsed *p = desc->p;
	if (!p)
		return;
	openapi_grouping_release(&p->g);
	openapi_ctx_tables_release(&p->c);
	mustache_set_free(p->c.own_templates);
	desc->p = NULL;
}

int openapi_render(struct buf *html, struct openapi_doc *doc, struct arena *a,
		   const char *text, size_t len,
		   const struct openapi_render_opts *opts, struct diag_list *d)
{
	struct openapi_description desc;
	struct buf about = BUF_INIT;
	int rc = -1;

	if (openapi_parse(&desc, a, text, len, opts, d) < 0) {
		failure(html, desc.why, text, len);
		goto cleanup;
	}
	struct openapi_parsed *p = desc.p;
	struct openapi_ctx *c = &p->c;
	struct val *root = c->main->root;
	c->html = html;
	if (!c->templates)
		c->templates = c->own_templates = default_templates();
	buf_puts(html, "<div class=\"openapi\">\n");
	info_header(c, &desc.doc, &about);
	struct val *servers = c->v2 ? openapi_servers_v2(c, root)
				    : get(root, "servers");
	openapi_servers_list(c, servers, "api-server-list", 1);
	security_section(c, p->secs);
	openapi_render_groups(c, &p->g, &p->o);
	openapi_schemas_section(c);
	buf_puts(html, "</div>\n");

	desc.doc.text = arena_strndup(a, about.ptr, about.len);
	rc = 0;
cleanup:
	desc.doc.ok = rc == 0 && desc.p->c.ndiag == 0;
	*doc = desc.doc;
	buf_release(&about);
	openapi_description_release(&desc);
	return rc;
}

int openapi_render_source(struct buf *html, const char *text, size_t len,
			  const char *kind)
{
	static const struct {
		const char *kind, *name;
	} names[] = {
		{ "asyncapi", "AsyncAPI" }, { "graphql", "GraphQL" },
		{ "grpc", "gRPC" },	    { "proto", "Protocol Buffers" },
		{ "openapi", "OpenAPI" },   { "trpc", "tRPC" }
	};
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
		openapi_escs(html, kind);
		buf_puts(html, "</code>");
	} else {
		buf_puts(html, "an API");
	}
	buf_puts(html, " definition; cairn shows its source as written (it renders OpenAPI and Swagger descriptions as reference pages).</p>\n<pre class=\"api-source-text\"><code>");
	utf8_repair(&fixed, text ? text : "", text ? len : 0);
	openapi_esc(html, fixed.ptr, fixed.len);
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
		} else if (depth == 1 && ascii_is_alnum(ch)) {
			const char *s = p;
			while (p < end && (ascii_is_alnum(*p) || *p == '_' || *p == '-'))
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
		if (!flen || openapi_is_remote(r, flen))
			continue;
		char *np = openapi_resolve_path(a, from, r, flen, 1);
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
	if (yaml_parse_limited(&root, a, text ? text : "", text ? len : 0, lim,
			       &err) < 0) {
		p->kind = OPENAPI_UNPARSED;
		p->line = err.line;
		p->declared = openapi_sniff(text, len);
		p->why = err.line ? arena_printf(a, "does not parse as YAML or JSON (line %d: %s)",
						 err.line, err.msg)
				  : arena_printf(a, "does not parse as YAML or JSON (%s)",
						 err.msg);
		return 0;
	}
	if (path) {
		const char *from = openapi_resolve_path(a, "", path, strlen(path), 0);
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
		static const char *const others[] = {
			"asyncapi", "swaggerVersion", "jsonSchemaDialect",
			"$schema",  "apiVersion",     NULL
		};
		p->kind = OPENAPI_UNDECLARED;
		p->line = root->line ? root->line : 1;
		for (int i = 0; others[i] && !p->other; i++) {
			struct val *v = get(root, others[i]);
			if (v)
				p->other = arena_printf(a, "%s: %s", others[i],
							openapi_scalar_dup(a, v)
								? openapi_scalar_dup(a, v)
								: "...");
		}
		p->why = "declares neither openapi: nor swagger:";
		return 0;
	}
	struct val *v = ov ? ov : sv;
	p->kind = OPENAPI_DESCRIPTION;
	p->declared = 1;
	p->line = v->line;
	p->spec_version = v->type == VAL_NUM ? arena_printf(a, "%.1f", v->u.num)
					     : openapi_scalar_dup(a, v);
	struct val *info = get(root, "info");
	p->title = one_line(a, openapi_scalar_dup(a, get(info, "title")));
	p->version = one_line(a, openapi_scalar_dup(a, get(info, "version")));
	/* paths, and OpenAPI 3.1's webhooks (path items too) */
	static const char *const sections[] = { "paths", "webhooks", NULL };
	for (int s = 0; sections[s]; s++) {
		const struct val *paths = get(root, sections[s]);
		for (size_t i = 0; is_map(paths) && i < paths->u.map.len; i++) {
			const struct val *item = paths->u.map.pairs[i].val;
			if (s == 0 && strncmp(paths->u.map.pairs[i].key, "x-", 2) == 0)
				continue;
			for (size_t k = 0; is_map(item) && k < item->u.map.len; k++)
				p->noperations +=
					openapi_is_method(item->u.map.pairs[k].key) &&
					is_map(item->u.map.pairs[k].val);
		}
	}
	return 1;
}
