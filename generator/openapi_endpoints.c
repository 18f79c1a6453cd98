/* openapi_endpoints: the operations, response codes and server base paths
 * of a description, for checking contracts against it (openapi.h). */
#include <string.h>

#include "openapi.h"
#include "openapi_internal.h"

/* The path part of a server URL whose variables are replaced by their
 * defaults, without a trailing '/'; "" for the root. */
static const char *base_of(struct arena *a, const struct val *server)
{
	const char *url = openapi_scalar_dup(a, get(server, "url"));
	struct val *vars = get(server, "variables");
	struct buf b = BUF_INIT;
	if (!url)
		return "";
	for (const char *p = url; *p; p++) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			buf_putc(&b, *p);
			continue;
		}
		struct val *var =
			get(vars, arena_strndup(a, p + 1, (size_t)(end - p - 1)));
		const char *def = openapi_scalar_dup(a, get(var, "default"));
		buf_puts(&b, def ? def : "");
		p = end;
	}
	const char *s = b.ptr;
	const char *scheme = strstr(s, "://");
	if (scheme) {
		s = strchr(scheme + 3, '/');
		if (!s)
			s = "";
	} else if (*s != '/') {
		s = "";
	}
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		n--;
	const char *out = arena_strndup(a, s, n);
	buf_release(&b);
	return out;
}

static void add_base(struct openapi_endpoints *out, struct arena *a,
		     size_t *cap, const char *base)
{
	for (size_t i = 0; i < out->nbases; i++)
		if (strcmp(out->bases[i], base) == 0)
			return;
	ARENA_GROW(a, out->bases, *cap, out->nbases + 1);
	out->bases[out->nbases++] = base;
}

static void read_bases(struct openapi_endpoints *out, struct openapi_ctx *c)
{
	struct val *root = c->main->root;
	size_t cap = 0;
	if (c->v2) {
		const char *bp = openapi_scalar_dup(c->a, get(root, "basePath"));
		if (bp) {
			struct val *srv = val_map(c->a);
			val_set(c->a, srv, "url", val_str(c->a, bp));
			add_base(out, c->a, &cap, base_of(c->a, srv));
		}
	} else {
		struct val *servers = get(root, "servers");
		for (size_t i = 0; is_list(servers) && i < servers->u.list.len; i++)
			add_base(out, c->a, &cap,
				 base_of(c->a, servers->u.list.items[i]));
	}
	if (!out->nbases)
		add_base(out, c->a, &cap, "");
}

void openapi_ctx_tables_init(struct openapi_ctx *c, struct arena *a)
{
	map_init(&c->files, a);
	map_init(&c->refs, a);
	map_init(&c->by_node, a);
	map_init(&c->anchors, a);
	map_init(&c->reported, a);
	map_init(&c->security, a);
}

void openapi_ctx_tables_release(struct openapi_ctx *c)
{
	map_release(&c->files);
	map_release(&c->refs);
	map_release(&c->by_node);
	map_release(&c->anchors);
	map_release(&c->reported);
	map_release(&c->security);
}

int openapi_endpoints(struct openapi_endpoints *out, struct arena *a, const char *text,
		      size_t len, const struct openapi_render_opts *opts)
{
	struct openapi_ctx c;
	struct openapi_ops o;
	struct openapi_doc doc;
	struct diag_list quiet;
	struct yaml_error err;
	struct val *root;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	memset(&doc, 0, sizeof(doc));
	diag_init(&quiet);
	c.a = a;
	openapi_ctx_tables_init(&c, a);
	c.d = &quiet;
	if (opts) {
		c.repo = opts->repo;
		c.load = opts->load;
		c.lim = opts->lim;
		c.userdata = opts->userdata;
	}
	const char *path = opts ? opts->path : NULL;
	c.main = arena_alloc(a, sizeof(*c.main));
	c.main->shown = path;
	c.main->path = path ? openapi_resolve_path(a, "", path, strlen(path), 0) : "";
	if (!c.main->path)
		c.main->path = path;
	if (yaml_parse_limited(&root, a, text ? text : "", text ? len : 0,
			       c.lim, &err) < 0 ||
	    !is_map(root)) {
		size_t cap = 0;
		add_base(out, a, &cap, "");
		goto cleanup;
	}
	c.main->root = root;
	map_put(&c.files, c.main->path, strlen(c.main->path), NULL)->val = c.main;
	openapi_read_version(&c, &doc);
	read_bases(out, &c);
	openapi_collect_ops(&c, &o);
	out->items = arena_alloc(a, (o.n ? o.n : 1) * sizeof(*out->items));
	for (size_t i = 0; i < o.n; i++) {
		if (o.ops[i].webhook)
			continue;
		struct openapi_endpoint *e = &out->items[out->n++];
		struct val *resp = get(o.info[i].op.node, "responses");
		e->op = &o.ops[i];
		e->statuses = arena_alloc(a, ((is_map(resp) ? resp->u.map.len : 0) +
					      1) * sizeof(*e->statuses));
		for (size_t k = 0; is_map(resp) && k < resp->u.map.len; k++)
			e->statuses[e->nstatuses++] = resp->u.map.pairs[k].key;
	}
	rc = 0;
cleanup:
	openapi_ctx_tables_release(&c);
	diag_release(&quiet);
	return rc;
}
