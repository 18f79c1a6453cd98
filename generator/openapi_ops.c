/* openapi_ops: the operations of a description, read without rendering:
 * collection from paths: and webhooks: (with their anchors), parameters
 * (path-level merged with the operation's), operationIds, the grouping by
 * tag, the spec version and 2.0's servers. */
#include "openapi_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "markdown.h"
#include "xalloc.h"

/* Text of a scalar val (arena copy), or NULL for null, lists and maps. */
const char *openapi_scalar_dup(struct arena *a, const struct val *v)
{
	struct buf t = BUF_INIT;
	const char *s = NULL;
	if (val_scalar_text(&t, v) == 0)
		s = arena_strndup(a, t.ptr, t.len);
	buf_release(&t);
	return s;
}

/* ================================================================ operations */

static const char *const methods[] = { "get",	 "put",	    "post",
				       "delete", "options", "head",
				       "patch",	 "trace",   NULL };

int openapi_is_method(const char *k)
{
	for (int i = 0; methods[i]; i++)
		if (strcmp(k, methods[i]) == 0)
			return 1;
	return 0;
}

/* Appends the parameters of list (in file) to *ps, each replacing an
 * earlier one with the same name and location. */
void openapi_merge_params(struct openapi_ctx *c, struct openapi_param **ps,
			  size_t *n, size_t *cap, struct openapi_file *file,
			  const struct val *list)
{
	if (!is_list(list))
		return;
	for (size_t i = 0; i < list->u.list.len; i++) {
		struct openapi_target t;
		if (openapi_deref(c, &t,
				  (struct openapi_target){
					  file, list->u.list.items[i] }) < 0)
			continue;
		const char *name = val_as_str(get(t.node, "name"));
		const char *in = val_as_str(get(t.node, "in"));
		if (!name || !in) {
			if (openapi_once(c, t.node))
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
		(*ps)[k] = (struct openapi_param){ t, name, in };
	}
}

/* The schema of a parameter or header: 3.x schema (or the first media
 * type of content); 2.0 the object itself, which has type, items, ... */
struct openapi_target openapi_param_schema(struct openapi_ctx *c, struct openapi_target p)
{
	if (c->v2 && !get(p.node, "schema"))
		return p;
	struct val *s = get(p.node, "schema");
	struct val *content = get(p.node, "content");
	if (!s && is_map(content) && content->u.map.len)
		s = get(content->u.map.pairs[0].val, "schema");
	return (struct openapi_target){ p.file, s };
}

/* 2.0: schemes + host + basePath, as 3.x servers. */
struct val *openapi_servers_v2(struct openapi_ctx *c, const struct val *root)
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

/* ================================================================ operations: collect and group */

static void collect_item(struct openapi_ctx *c, struct openapi_ops *o,
			 const char *path, struct openapi_target item, int webhook)
{
	struct openapi_target t;
	if (openapi_deref(c, &t, item) < 0)
		return;
	if (!is_map(t.node)) {
		warn(c, item.file, item.node->line,
		     "path \"%s\" is a %s, not a mapping of operations: write get:, post:, ... under it",
		     path, val_type_name(item.node->type));
		return;
	}
	for (size_t i = 0; i < t.node->u.map.len; i++) {
		const struct val_pair *p = &t.node->u.map.pairs[i];
		if (!openapi_is_method(p->key))
			continue;
		if (!is_map(p->val)) {
			warn(c, t.file, p->val->line,
			     "operation \"%s %s\" is a %s, not a mapping: describe it with summary:, responses:, ...",
			     p->key, path, val_type_name(p->val->type));
			continue;
		}
		ARENA_GROW(c->a, o->info, o->cap, o->n + 1);
		ARENA_GROW(c->a, o->ops, o->cap2, o->n + 1);
		struct openapi_op_info *oi = &o->info[o->n];
		struct openapi_op *op = &o->ops[o->n];
		o->n++;
		memset(oi, 0, sizeof(*oi));
		memset(op, 0, sizeof(*op));
		oi->item = t;
		oi->op = (struct openapi_target){ t.file, p->val };
		oi->method = p->key;
		oi->path = path;
		oi->webhook = webhook;

		struct buf up = BUF_INIT;
		for (const char *m = p->key; *m; m++)
			buf_putc(&up, ascii_upper(*m));
		op->method = arena_strndup(c->a, up.ptr, up.len);
		buf_release(&up);
		op->path = path;
		const char *summary = openapi_scalar_dup(c->a, get(p->val, "summary"));
		if (!summary)
			summary = openapi_scalar_dup(c->a, get(t.node, "summary"));
		op->summary = summary ? summary : "";
		op->operation_id =
			openapi_scalar_dup(c->a, get(p->val, "operationId"));
		op->deprecated = is_true(get(p->val, "deprecated"));
		op->webhook = webhook;
		op->line = p->val->line;
		op->text = "";
		if (webhook) {
			op->anchor = openapi_make_anchor(
				c, arena_printf(c->a, "webhook-%s-", p->key), path, 0);
		} else {
			struct buf want = BUF_INIT;
			buf_printf(&want, "%s-", p->key);
			openapi_anchor_text(&want, path, strlen(path), 1);
			op->anchor = openapi_claim_anchor(c, &want);
			buf_release(&want);
		}
	}
}

/* operationIds: checked for duplicates, and anchored when the name is
 * free.  After every other anchor is taken, so that they never move. */
void openapi_operation_ids(struct openapi_ctx *c, struct openapi_ops *o)
{
	struct map seen = MAP_INIT; /* the ids are the ops' own */
	for (size_t i = 0; i < o->n; i++) {
		struct openapi_op *op = &o->ops[i];
		const char *id = op->operation_id;
		if (!id)
			continue;
		void **slot = &map_put(&seen, id, strlen(id), NULL)->val;
		if (*slot) {
			const struct openapi_op *first = *slot;
			warn(c, o->info[i].op.file,
			     get(o->info[i].op.node, "operationId")->line,
			     "operationId \"%s\" is used twice (first by %s %s, line %d): give every operation its own id",
			     id, first->method, first->path, first->line);
			continue;
		}
		*slot = op;
		struct buf want = BUF_INIT;
		openapi_anchor_text(&want, id, strlen(id), 0);
		if (want.len && !map_get(&c->anchors, want.ptr, want.len))
			op->id_anchor = openapi_claim_anchor(c, &want);
		buf_release(&want);
	}
	map_release(&seen);
}

static size_t group_of(struct openapi_ctx *c, struct openapi_grouping *g,
		       const char *name, struct openapi_target tag)
{
	void **slot = &map_put(&g->by_name, name, strlen(name), NULL)->val;
	if (*slot)
		return (size_t)(uintptr_t)*slot - 1;
	ARENA_GROW(c->a, g->gs, g->cap, g->ngs + 1);
	struct openapi_group *gr = &g->gs[g->ngs];
	memset(gr, 0, sizeof(*gr));
	gr->name = name;
	gr->tag = tag;
	*slot = (void *)(uintptr_t)(g->ngs + 1);
	return g->ngs++;
}

static void group_add(struct openapi_ctx *c, struct openapi_group *g, size_t op)
{
	if (g->nops && g->ops[g->nops - 1] == op)
		return; /* the same tag twice */
	ARENA_GROW(c->a, g->ops, g->cap, g->nops + 1);
	g->ops[g->nops++] = op;
}

/* Groups the operations: declared tags in their order, then tags in order
 * of first use, then "default" (the untagged) unless it was declared.
 * Takes the tags' anchors. */
void openapi_build_groups(struct openapi_ctx *c, struct openapi_grouping *g,
			  struct openapi_ops *o)
{
	struct val *tags = get(c->main->root, "tags");
	size_t dflt = (size_t)-1, k = 0;

	map_init(&g->by_name, c->a);
	g->primary = xcalloc(o->n ? o->n : 1, sizeof(size_t));
	for (size_t i = 0; is_list(tags) && i < tags->u.list.len; i++) {
		const char *name =
			openapi_scalar_dup(c->a, get(tags->u.list.items[i], "name"));
		if (name)
			group_of(c, g, name,
				 (struct openapi_target){ c->main,
							  tags->u.list.items[i] });
	}
	for (size_t i = 0; i < o->n; i++) {
		struct val *ot = get(o->info[i].op.node, "tags");
		int any = 0;
		if (o->info[i].webhook) {
			o->ops[i].tag = "webhooks";
			continue;
		}
		for (size_t t = 0; is_list(ot) && t < ot->u.list.len; t++) {
			const char *name =
				openapi_scalar_dup(c->a, ot->u.list.items[t]);
			if (!name)
				continue;
			size_t gi = group_of(c, g, name,
					     (struct openapi_target){ NULL, NULL });
			group_add(c, &g->gs[gi], i);
			if (!any) {
				o->ops[i].tag = name;
				g->primary[i] = gi;
			}
			any = 1;
		}
		if (!any) {
			size_t gi = group_of(c, g, "default",
					     (struct openapi_target){ NULL, NULL });
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
		struct openapi_group *gr = &g->gs[g->order[i]];
		struct buf slug = BUF_INIT;
		if (!gr->nops)
			continue;
		markdown_slug(&slug, gr->name, strlen(gr->name));
		gr->anchor = openapi_make_anchor(c, "tag-", slug.ptr, 0);
		buf_release(&slug);
	}
	for (size_t i = 0; i < o->n && !g->webhooks_anchor; i++)
		if (o->info[i].webhook)
			g->webhooks_anchor =
				openapi_make_anchor(c, "webhooks", "", 0);
}

void openapi_grouping_release(struct openapi_grouping *g)
{
	free(g->order);
	free(g->primary);
	map_release(&g->by_name);
}

/* A line that points at an operation shown under another tag. */
void openapi_collect_ops(struct openapi_ctx *c, struct openapi_ops *o)
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
		collect_item(c, o, p->key,
			     (struct openapi_target){ c->main, p->val }, 0);
	}
	struct val *hooks = get(root, "webhooks");
	for (size_t i = 0; !c->v2 && is_map(hooks) && i < hooks->u.map.len; i++) {
		const struct val_pair *p = &hooks->u.map.pairs[i];
		collect_item(c, o, p->key,
			     (struct openapi_target){ c->main, p->val }, 1);
	}
}

/* ================================================================ versions */

/* Reads the version; returns 0 when known, -1 when reported. */
int openapi_read_version(struct openapi_ctx *c, struct openapi_doc *doc)
{
	struct val *root = c->main->root;
	struct val *ov = get(root, "openapi"), *sv = get(root, "swagger");
	struct val *v = ov ? ov : sv;

	if (!v) {
		openapi_report(c, DIAG_ERROR, c->main, root->line ? root->line : 1,
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
		doc->spec_version = openapi_scalar_dup(c->a, v);
	const char *s = doc->spec_version ? doc->spec_version : "";
	int known;
	if (c->v2)
		known = strcmp(s, "2.0") == 0;
	else
		known = (strncmp(s, "3.0", 3) == 0 || strncmp(s, "3.1", 3) == 0 ||
			 strncmp(s, "3.2", 3) == 0) &&
			(s[3] == '\0' || s[3] == '.');
	if (!known) {
		openapi_report(c, DIAG_ERROR, c->main, v->line,
			       "%s version \"%s\" is not one cairn knows: write %s; the description is shown as far as it can be read",
			       c->v2 ? "swagger" : "openapi", s,
			       c->v2 ? "swagger: \"2.0\"" : "openapi: 3.0.3 or 3.1.0");
		return -1;
	}
	return 0;
}
