/* openapi_internal: what the parts of the openapi module share (not for
 * other modules: openapi.h is the public face).
 *
 *   openapi.c         the entry points (render, render_source, sniff,
 *                     probe), the info header, servers and security
 *   openapi_ref.c     files, $ref resolution, anchors, diagnostics, the
 *                     schemas with a section of their own
 *   openapi_ops.c     operations read without rendering: collection,
 *                     parameters merged, operationIds, tags, versions
 *   openapi_schema.c  schemas: type labels, facts, property tables
 *   openapi_html.c    HTML of the pieces: escaping, descriptions,
 *                     examples, operations, callbacks, tag groups
 *
 * Everything lives in the arena of the openapi_ctx of one render; nothing
 * is global. */
#ifndef CAIRN_OPENAPI_INTERNAL_H
#define CAIRN_OPENAPI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "map.h"
#include "mustache.h"
#include "openapi.h"
#include "val.h"

#define OPENAPI_MAX_HOPS 32    /* $ref -> $ref -> ... before giving up */
#define OPENAPI_LABEL_DEPTH 6  /* "array of map of ..." */
#define OPENAPI_FACT_BYTES 200 /* a default or example in a table cell */
#define OPENAPI_ENUM_SHOWN 50

/* ================================================================ values */

static inline struct val *get(const struct val *map, const char *key)
{
	return val_get(map, key);
}

static inline int is_map(const struct val *v)
{
	return v && v->type == VAL_MAP;
}

static inline int is_list(const struct val *v)
{
	return v && v->type == VAL_LIST;
}

static inline int is_true(const struct val *v)
{
	return v && v->type == VAL_BOOL && v->u.b;
}

/* The $ref of a reference object, or NULL. */
static inline struct val *ref_of(const struct val *v)
{
	return is_map(v) ? get(v, "$ref") : NULL;
}

static inline int streq(const struct val *v, const char *s)
{
	return v && v->type == VAL_STR && strcmp(v->u.str.ptr, s) == 0;
}

/* A context's tables (files, refs, by_node, anchors, reported, security;
 * openapi_endpoints.c): maps (map.h) whose keys are copied into a, a
 * struct val * key being the bytes of the pointer.  Init starts them
 * empty; release frees them. */
struct openapi_ctx;
struct arena;
void openapi_ctx_tables_init(struct openapi_ctx *c, struct arena *a);
void openapi_ctx_tables_release(struct openapi_ctx *c);

/* ================================================================ context */

/* One file of the description. */
struct openapi_file {
	const char *path;  /* normalised repository path ("" for inline text) */
	const char *shown; /* path for diagnostics; may be NULL */
	struct val *root;  /* NULL when it could not be read */
};

/* A node and the file it is in (relative $refs resolve against it). */
struct openapi_target {
	struct openapi_file *file;
	struct val *node;
};

/* A schema with an anchor of its own in the Schemas section. */
struct openapi_entry {
	struct openapi_target t;
	const char *name;
	const char *anchor;
	int rows;     /* rows of its tables, -1 until counted */
	int busy;     /* being rendered or expanded */
	int external; /* reached only through a $ref */
	int checked;  /* its chain of $refs was followed once */
	int broken;   /* ... and it led nowhere (reported) */
};

/* What resolving one $ref (from one file) gave. */
struct openapi_resolved {
	struct openapi_target t;
	const char *name; /* last pointer segment, or the file's base name */
	int failed;
};

/* Where an operation is in the description. */
struct openapi_op_info {
	struct openapi_target item; /* the path item */
	struct openapi_target op;
	const char *method; /* lower case */
	const char *path;
	int webhook;
};

/* One tag's operations. */
struct openapi_group {
	const char *name;
	const char *anchor;
	struct openapi_target tag; /* the top-level tags entry; node may be NULL */
	size_t *ops;
	size_t nops, cap;
};

/* One render of one description. */
struct openapi_ctx {
	struct arena *a;
	struct buf *html;
	struct diag_list *d;
	const char *repo;
	openapi_load_fn load;
	void *userdata;
	const struct yaml_limits *lim; /* NULL: the defaults */
	int v2;			       /* Swagger 2.0 */
	struct openapi_file *main;
	size_t nloaded;
	size_t ndiag;

	struct map files;    /* normalised path -> openapi_file */
	struct map refs;     /* file path NUL ref text -> resolved */
	struct map by_node;  /* struct val * -> openapi_entry */
	struct map anchors;  /* anchor -> non-NULL */
	struct map reported; /* struct val * already reported */
	struct map security; /* security scheme name -> anchor */

	struct openapi_entry **entries;
	size_t nentries, entries_cap;

	const struct mustache_set *templates; /* api-* layouts */
	struct mustache_set *own_templates;   /* the default theme's, when
					       * the caller gave none */
	int template_failed; /* a layout failed (reported once) */

	/* while rendering one schema where it is used */
	int callback_depth;    /* rendering a callback's operation */
	int inline_mode;       /* 0 in the Schemas section: $refs are links */
	int inline_depth;      /* $refs being expanded */
	int rows;	       /* rows emitted for this use */
	struct val *prop_rows; /* the rows of the property table being made */
};

/* ================================================================ openapi_ref.c */

/* A diagnostic (class user-fixable) about file f (may be NULL) at line,
 * counted in c->ndiag. */
void openapi_report(struct openapi_ctx *c, enum diag_severity sev,
		    const struct openapi_file *f, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define warn(c, f, line, ...) \
	openapi_report((c), DIAG_WARNING, (f), (line), __VA_ARGS__)

/* True the first time it is asked about node: a node reached from many
 * places (a shared parameter, say) is reported once. */
int openapi_once(struct openapi_ctx *c, const struct val *node);

/* Appends s with the anchor rule: characters outside the anchor set
 * become one "-" per run; in a path, "{name}" becomes ":name". */
void openapi_anchor_text(struct buf *b, const char *s, size_t n, int path);
/* Takes the anchor in want (or want plus "-2", "-3", ...) and returns it
 * (arena copy); want is scratch. */
const char *openapi_claim_anchor(struct openapi_ctx *c, struct buf *want);
/* Takes prefix + the anchor text of s. */
const char *openapi_make_anchor(struct openapi_ctx *c, const char *prefix,
				const char *s, int path);

/* The repository path that rel (n bytes; percent-encoded when decode)
 * names when written in the file at `from`, normalised, in a; NULL when
 * it climbs above the root. */
char *openapi_resolve_path(struct arena *a, const char *from, const char *rel,
			   size_t n, int decode);
/* True when s (n bytes) starts with a URI scheme ("https:", "urn:") or
 * is a network-path reference ("//host"). */
int openapi_is_remote(const char *s, size_t n);

/* Follows $refs from t to the node that is not a reference.  Returns 0, or
 * -1 when the chain breaks or loops (reported). */
int openapi_deref(struct openapi_ctx *c, struct openapi_target *out,
		  struct openapi_target t);

/* Adds a schema with a section of its own (and takes its anchor). */
struct openapi_entry *openapi_add_entry(struct openapi_ctx *c, struct openapi_target t,
					const char *name, int external);
/* The entry that the schema reference ref (in file from) names, made on
 * first use; NULL when it resolves nowhere or only round a cycle of $refs
 * (reported once). */
struct openapi_entry *openapi_entry_for(struct openapi_ctx *c,
					struct openapi_file *from,
					const struct val *ref);

/* ================================================================ openapi_ops.c */

/* The operations, in document order: where each is, and what the public
 * struct says of it (its text filled when it is rendered). */
struct openapi_ops {
	struct openapi_op_info *info;
	struct openapi_op *ops;
	size_t n, cap, cap2;
};

/* A parameter after merging. */
struct openapi_param {
	struct openapi_target t;
	const char *name, *in;
};

/* The operations by tag: groups in display order, and for each
 * operation the group it is shown in. */
struct openapi_grouping {
	struct openapi_group *gs;
	size_t ngs, cap;
	size_t *order;		     /* display order of gs */
	size_t *primary;	     /* per operation: index into gs */
	const char *webhooks_anchor; /* NULL when there are no webhooks */
	struct map by_name;
};

/* Text of a scalar val (arena copy), or NULL for null, lists and maps. */
const char *openapi_scalar_dup(struct arena *a, const struct val *v);
/* True for the eight HTTP methods of a path item, in lower case. */
int openapi_is_method(const char *k);

/* Reads the spec version into doc and sets c->v2; returns 0 when known,
 * -1 when reported. */
int openapi_read_version(struct openapi_ctx *c, struct openapi_doc *doc);
/* Collects the operations of paths: and webhooks: and takes their
 * anchors, in document order. */
void openapi_collect_ops(struct openapi_ctx *c, struct openapi_ops *o);
/* Checks operationIds for duplicates and anchors those whose name is
 * free: after every other anchor is taken. */
void openapi_operation_ids(struct openapi_ctx *c, struct openapi_ops *o);
/* Groups the operations by tag and takes the tags' anchors. */
void openapi_build_groups(struct openapi_ctx *c, struct openapi_grouping *g,
			  struct openapi_ops *o);
void openapi_grouping_release(struct openapi_grouping *g);

/* Appends the parameters of list (in file) to *ps, each replacing an
 * earlier one with the same name and location. */
void openapi_merge_params(struct openapi_ctx *c, struct openapi_param **ps,
			  size_t *n, size_t *cap, struct openapi_file *file,
			  const struct val *list);
/* The schema of a parameter or header: 3.x schema (or the first media
 * type of content); 2.0 the object itself, which has type, items, ... */
struct openapi_target openapi_param_schema(struct openapi_ctx *c,
					   struct openapi_target p);
/* 2.0: schemes + host + basePath, as a list of 3.x servers. */
struct val *openapi_servers_v2(struct openapi_ctx *c, const struct val *root);

/* What openapi_parse keeps for rendering and for openapi_shape. */
struct openapi_parsed {
	struct openapi_ctx c;
	struct openapi_ops o;
	struct openapi_grouping g;
	struct openapi_target secs; /* the security schemes */
	const char *text;
	size_t len;
	int parsed; /* openapi_parse succeeded */
};

/* ================================================================ openapi_schema.c */

/* A list of facts (enum, default, constraints) being written. */
struct openapi_facts {
	struct openapi_ctx *c;
	int open;
};

void openapi_fact_value(struct openapi_facts *f, const char *label,
			const struct val *v);
void openapi_fact_list(struct openapi_facts *f, const char *label,
		       const struct val *l);
void openapi_facts_end(struct openapi_facts *f);
/* The facts of schema node n (not following $ref). */
void openapi_schema_facts(struct openapi_facts *f, const struct val *n);

/* Writes a short type: "integer (int64)", "array of <a>Pet</a>",
 * "map of string", "string | null", "one of Cat, Dog". */
void openapi_put_label(struct openapi_ctx *c, struct openapi_target t, int depth);
/* A table row for the property at name, described by schema t. */
void openapi_prop_row(struct openapi_ctx *c, const struct buf *name,
		      struct openapi_target t, int required, int depth);
/* The rows that describe what is inside a value of schema t, found at
 * name ("" at the top). */
void openapi_inner_rows(struct openapi_ctx *c, struct openapi_target t,
			struct buf *name, int depth);
/* A schema where it is used (parameter, body, response): its type, and
 * its properties with $refs expanded a little. */
void openapi_schema_block(struct openapi_ctx *c, struct openapi_target t);
/* The Schemas section: every entry once, $refs as links. */
void openapi_schemas_section(struct openapi_ctx *c);
/* True when the list val holds the string s (n bytes). */
int openapi_listed(const struct val *list, const char *s, size_t n);
/* Starts a property table: the rows that openapi_prop_row and
 * openapi_inner_rows make go into it until openapi_props_end, which
 * renders it through the layout api-props (nothing when it has no row)
 * and goes back to the table that was being made (begin's result). */
struct val *openapi_props_begin(struct openapi_ctx *c);
void openapi_props_end(struct openapi_ctx *c, struct val *outer);

/* ================================================================ openapi_html.c */

/* A val string of s (n bytes) for a template, NUL bytes made U+FFFD (as
 * openapi_esc does). */
struct val *openapi_text(struct openapi_ctx *c, const char *s, size_t n);
/* A val string of HTML made (and escaped) here, for {{{triple}}} tags. */
struct val *openapi_html_val(struct openapi_ctx *c, const struct buf *b);
/* The same without a copy, for big parts: b must not change until the
 * val has been rendered. */
struct val *openapi_html_ref(struct openapi_ctx *c, const struct buf *b);
/* Renders the theme's layout `name` with v onto c->html.  A layout that
 * is missing or fails (a theme's mistake) is an operator diagnostic, once
 * per description. */
void openapi_template(struct openapi_ctx *c, const char *name, const struct val *v);

/* Appends s escaped for HTML; NUL bytes become U+FFFD. */
void openapi_esc(struct buf *b, const char *s, size_t n);
void openapi_escs(struct buf *b, const char *s);
/* Appends the text of a scalar, escaped; lists and maps as compact JSON,
 * cut after max bytes (0: no limit) with an ellipsis. */
void openapi_put_value(struct buf *b, const struct val *v, size_t max);
/* The same in <code>, cut at OPENAPI_FACT_BYTES. */
void openapi_put_code(struct buf *b, const struct val *v);
/* A link when url is http(s); otherwise text, then the URL as code (url
 * may be NULL; text NULL or "" means the URL itself). */
void openapi_put_link(struct buf *b, const char *url, const char *text);
/* True for an e-mail address shown as a mailto: link. */
int openapi_email_ok(const char *s);
/* Renders the description v (Markdown) into c->html, and its plain text
 * into plain (may be NULL), after a space. */
void openapi_put_md(struct openapi_ctx *c, const struct val *v, struct buf *plain);
void openapi_put_external_docs(struct openapi_ctx *c, const struct val *ed);
/* A list of servers (3.x shape) through the layout api-servers, as a
 * list of class cls, in the Servers section when section is set. */
void openapi_servers_list(struct openapi_ctx *c, const struct val *servers,
			  const char *cls, int section);
/* The operations by tag (each in full under its first tag, linked from
 * the others), then the webhooks; fills each operation's text. */
void openapi_render_groups(struct openapi_ctx *c, struct openapi_grouping *g,
			   struct openapi_ops *o);

#endif
