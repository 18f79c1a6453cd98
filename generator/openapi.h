/* openapi: API descriptions (OpenAPI 3.0 and 3.1, Swagger 2.0; YAML or
 * JSON) rendered into the body of an API reference page.  (OpenAPI 3.2 is
 * read as 3.1.)
 *
 * What is rendered, as one HTML fragment (no <html>, no page layout; the
 * caller wraps it in the theme's template), inside <div class="openapi">,
 * each piece through a layout of the theme (openapi_render_opts.templates)
 * that a theme may override: api-info, api-servers, api-security,
 * api-tag, api-operation, api-op-ref, api-params, api-responses,
 * api-props, api-schemas and api-schema (each layout's comment says what
 * it is rendered with).  Descriptions, type labels, facts, request bodies,
 * media types, examples, headers and callbacks are HTML made by cairn and
 * handed to those layouts whole:
 *   - the title (h1), version, spec version, description (Markdown), terms,
 *     contact, licence and external docs;
 *   - servers (3.x servers with their variables; 2.0 schemes + host +
 *     basePath), and the security schemes;
 *   - the operations grouped by tag (h2 per tag, in the order of the
 *     top-level `tags` list, then tags in order of first use, then the
 *     untagged operations under "default"), each (h3) with its method,
 *     path, summary, description, security, parameters (path-level ones
 *     merged with the operation's, which win by name + in), request body by
 *     media type (2.0: the body or formData parameters, with consumes),
 *     responses by status code with headers, schemas and examples (2.0:
 *     schema, produces and examples), deprecated operations marked.  An
 *     operation with several tags is shown in full under its first tag and
 *     linked from the others.  Each operation's callbacks (3.x) follow
 *     it: per callback, each operation of each URL expression, shown
 *     like an operation two heading levels down (a callback's own
 *     callbacks are named, not expanded).  3.1 webhooks follow, under
 *     "Webhooks";
 *   - the schemas: components/schemas (2.0: definitions), then every other
 *     schema some $ref points at (for example in another file), each once,
 *     as a table of properties (type, format, required, enum, default,
 *     constraints, descriptions; allOf merged into the table, oneOf/anyOf as
 *     options, array items as "name[]", map values as "name.*", nullable
 *     and 3.1 type lists as "string | null").
 *
 * Anchors.  Every id is URL-friendly: only ASCII letters, digits and
 * "-._~/:@" (all legal, unescaped, in a URL fragment), so a link such as
 * apis/<name>/#get-/pets/:id can be pasted anywhere (a chat program or a
 * Markdown renderer that cuts links at "{" or "}" keeps it whole).
 *   operation   <method in lower case>-<path>, where each path template
 *               "{name}" becomes ":name" (the Express-style spelling: "{"
 *               and "}" are not allowed in a fragment) and any other
 *               character outside the set becomes "-":
 *                   GET /pets/{petId}        -> get-/pets/:petId
 *                   DELETE /v1/a b           -> delete-/v1/a-b
 *               The id is on the operation's <section>.
 *   operationId the operationId itself, with the same character rule
 *               ("showPetById"), on the operation's <h3>: a second way in.
 *               It is left out when another anchor already has the name.
 *   webhook     webhook-<method>-<name>   (3.1)
 *   callback    <operation's anchor>.cb-<callback name>-<method>-<URL
 *               expression>, the expression by the path rule with each
 *               "$" left out:
 *                   post-/streams.cb-onData-post-:request.query.url/data
 *               (taken last, when the operation is rendered)
 *   tag         tag-<slug of the tag name>   ("Pet Store" -> tag-pet-store)
 *   schema      schema-<name>   (components/schemas/Pet -> schema-Pet; a
 *               schema from another file is named after the last segment
 *               of its JSON pointer, or after the file)
 *   security    security-<scheme name>
 * Anchors are taken in this order: operations and webhooks (in document
 * order), security schemes, schemas, tags, operationIds; when one would
 * equal an earlier one it gets "-2", "-3", ... (OpenAPI forbids equal
 * method + path, so for operations this only happens when replaced
 * characters collide).  The same description always gets the same
 * anchors.  Headings inside descriptions get ids of their own from
 * markdown.c (lower-case slugs without '/', so never an operation's).
 * An id holding '/' or ':' is fine in a fragment and for :target, but
 * needs CSS.escape() in a querySelector.
 *
 * $ref.  Resolved within the document ("#/components/schemas/Pet") and to
 * other files of the same repository ("./schemas/pet.yaml#/Pet",
 * "other.json"), read through the caller's load callback.  A file part is
 * percent-decoded and resolved against the folder of the referring file
 * (a leading "/" means the repository root), normalised, and never allowed
 * above the repository root; the fragment is percent-decoded and read as a
 * JSON pointer (~1 is "/", ~0 is "~").  Remote URLs are never fetched
 * (openapi_ref.c).  A schema reached through $ref is rendered once in the
 * Schemas section and shown inline, a little, where it is used, within
 * OPENAPI_INLINE_DEPTH levels of $ref and OPENAPI_INLINE_ROWS rows, nesting
 * cut at OPENAPI_MAX_DEPTH (openapi_schema.c), so output size is linear in
 * the input: a 1,000-operation, 10 MB description renders in a second or
 * two (see the test).
 *
 * Diagnostics (class user-fixable, with the file and the line of the
 * offending value): a file that does not parse, no "openapi"/"swagger" key,
 * neither info nor paths (nothing to show),
 * an unknown version (rendered as 3.1, or 2.0 for swagger:, as far as
 * possible), a $ref that resolves nowhere, into a missing file, above the
 * root, to a remote URL, or round a cycle of $refs, a duplicate
 * operationId, a parameter without name or "in", a path, operation or
 * callback that is not a mapping.  Each is reported once, however often the thing is
 * used.  Whatever is valid is still rendered.
 *
 * Safety: every string from the input is HTML-escaped; descriptions go
 * through markdown_render (raw HTML escaped, unsafe links dropped); URLs
 * (servers, external docs, contact, licence, terms, OAuth URLs) become
 * links only when they are absolute http or https URLs, and are otherwise
 * shown as text.
 *
 * Markup of the default layouts, for the theme's CSS: <section
 * class="api-tag"> per tag holds
 * <section class="api-op"> per operation (plus "api-op-deprecated"), whose
 * <h3> has <span class="api-method api-method-get"> and <code
 * class="api-path">; tables are "api-params", "api-headers" and
 * "api-props" (property rows carry "api-d0", "api-d1", ... for their depth:
 * indent by it; "api-option" and "api-note" rows describe, rather than
 * name, a property); "api-required", "api-deprecated" are badges;
 * "api-facts" lists enum, default and constraints; "api-broken" marks an
 * unresolved $ref.  Relative links inside descriptions are kept as
 * written.
 *
 * Memory: everything in *doc, and every parsed file, lives in the arena a;
 * html is appended to (never cleared).  No global state: descriptions may
 * be rendered on several threads at once, each with its own arena (a
 * mustache_set is read-only once loaded).
 *
 * The module's files: openapi.c (these entry points), openapi_ref.c,
 * openapi_ops.c, openapi_schema.c, openapi_html.c; openapi_internal.h
 * says what each holds. */
#ifndef CAIRN_OPENAPI_H
#define CAIRN_OPENAPI_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "yaml.h"

#define OPENAPI_INLINE_DEPTH 2 /* levels of $ref expanded at a use site */
#define OPENAPI_INLINE_ROWS 40 /* rows of inline expansion per use site */
#define OPENAPI_MAX_DEPTH 12   /* nesting of property tables */
#define OPENAPI_MAX_FILES 256  /* files a description may span */

/* One operation (or 3.1 webhook): what search and navigation need.  All
 * strings are plain text (not HTML: escape them), arena-owned, and never
 * NULL unless said so. */
struct openapi_op {
	const char *method;	  /* upper case: "GET" */
	const char *path;	  /* as written ("/pets/{id}"); for a webhook,
				   * its name */
	const char *summary;	  /* "" when absent */
	const char *operation_id; /* NULL when absent */
	const char *anchor;	  /* the id on the page: "get-/pets/:id" */
	const char *id_anchor;	  /* the operationId anchor, or NULL */
	const char *tag;	  /* first tag, "default" when untagged,
				   * "webhooks" for a webhook */
	int deprecated;
	int webhook;
	int line; /* line of the operation's first key, in the
				   * file that holds it */
	/* plain text for the search index: summary, description,
	 * operationId and parameter names, separated by spaces */
	const char *text;
};

struct openapi_doc {
	const char *title;	  /* info.title; NULL when absent */
	const char *version;	  /* info.version; NULL when absent */
	const char *spec_version; /* "3.0.3", "3.1.0", "2.0"; NULL when absent */
	const char *text;	  /* plain text of info.description, or "" */
	struct openapi_op *ops;	  /* in document order (arena array) */
	size_t nops;
	int ok; /* 1 when rendered without any diagnostic */
};

/* Reads the file at repo_path (normalised, relative to the repository
 * root, no leading "./" or "/") into out (appending).  Returns 0, or
 * negative when there is no such file. */
typedef int (*openapi_load_fn)(const char *repo_path, struct buf *out, void *userdata);

/* A description's text parsed as YAML once for every parse of it one page
 * makes (its page, and its shape at a commit whose file holds the same
 * bytes): parsed on first use, by openapi_parse, into the arena given
 * there (the same arena each time).  The YAML tree is read, never
 * changed, so two parses sharing it read what two parses of their own
 * would. */
struct openapi_tree {
	const char *text; /* used only by a parse given this very pointer */
	size_t len;
	const struct yaml_limits *lim; /* and these limits */
	int done;		       /* parsed */
	int rc;			       /* yaml_parse_limited's */
	struct val *root;
	struct yaml_error err;
};

#define OPENAPI_TREE_INIT(t, n, l)                  \
	{                                           \
		.text = (t), .len = (n), .lim = (l) \
	}

/* How openapi_render reads a description. */
struct openapi_render_opts {
	const char *repo; /* the repository (diagnostics only); may be NULL */
	const char *path; /* the repository path of the text: relative
			      * $refs resolve against it, and diagnostics
			      * name it; NULL for inline text (then relative
			      * refs resolve against the root) */
	openapi_load_fn load;	       /* reads other files; NULL: references to
			       * other files are diagnostics */
	void *userdata;		       /* passed to load */
	const struct yaml_limits *lim; /* for every file read; NULL: the
					* defaults */
	const struct mustache_set *templates; /* the theme's layouts, which
					       * hold the api-* partials;
					       * NULL: the default theme's */
	struct openapi_tree *tree; /* the text's YAML, parsed once (used
				    * when its text, len and lim are the
				    * parse's own); NULL: parsed here */
};

#define OPENAPI_RENDER_OPTS_INIT                         \
	{                                                \
		NULL, NULL, NULL, NULL, NULL, NULL, NULL \
	}

/* Parses the description text (len bytes) read as opts says (opts may be
 * NULL: every default), renders it into html and fills *doc.
 * Diagnostics go to d.  Returns 0 when something was rendered, or -1 when
 * nothing usable was found (the text does not parse, or holds neither
 * info nor paths): html then holds an explanatory message and the source
 * text, and *doc is empty but for what could be read. */
int openapi_render(struct buf *html, struct openapi_doc *doc, struct arena *a,
		   const char *text, size_t len,
		   const struct openapi_render_opts *opts, struct diag_list *d);

/* A description parsed and not rendered: its operations (with the anchors
 * its page gives them: every anchor is taken, as rendering takes them),
 * and what openapi_shape reads.  openapi_render is openapi_parse, the
 * rendering, then openapi_description_release. */
struct openapi_parsed; /* openapi_internal.h */
struct openapi_description {
	struct openapi_doc doc;	  /* title, version, spec version, ops (their
				   * text empty: it is made by rendering) */
	const char *why;	  /* parse failed: why, a phrase ("it does not
				   * parse (line 3: ...)"); else NULL */
	struct openapi_parsed *p; /* the module's own */
};

/* Parses text (len bytes) as openapi_render does, with the same
 * diagnostics, without rendering.  Everything lives in a; release with
 * openapi_description_release (also after a failure).  Returns 0, or -1
 * when nothing usable was found (desc->why says what). */
int openapi_parse(struct openapi_description *desc, struct arena *a,
		  const char *text, size_t len,
		  const struct openapi_render_opts *opts, struct diag_list *d);
void openapi_description_release(struct openapi_description *desc);

/* What a description promises its clients, for comparing two versions of
 * it (apidiff.h): per operation its parameters, request body and
 * responses, each schema flattened into fields.  Strings are plain text in
 * the description's arena. */
struct openapi_field {
	const char *name; /* a parameter: "<in> <name>" ("query limit");
			     * a body's property: "a.b", "a[]", "a.*"; ""
			     * the body itself */
	const char *type; /* "string", "integer|null", "object"; "" when
			     * the schema does not say */
	int required;
	const char **enums; /* the enum's values as text, as written */
	size_t nenums;
};

struct openapi_fields {
	struct openapi_field *v;
	size_t n;
};

struct openapi_shape_response {
	const char *status;	    /* "200", "4XX", "default" */
	struct openapi_fields body; /* of its JSON media type, or the first */
};

struct openapi_shape_op {
	const char *method; /* upper case */
	const char *path;   /* as written */
	const char *anchor; /* as on the page */
	int webhook;
	struct openapi_fields params; /* path-level merged in */
	int has_body, body_required;
	struct openapi_fields body; /* 2.0: the body or formData parameters */
	struct openapi_shape_response *responses;
	size_t nresponses;
};

struct openapi_shape {
	struct openapi_shape_op *ops; /* in document order */
	size_t nops;
};

/* Fills *out from a description openapi_parse read (in its arena).
 * $refs are followed to any depth, across files (through the load
 * callback given to openapi_parse); the diagnostics they raise go to the
 * diag_list given to openapi_parse.  Returns 0, or -1 when desc was not
 * parsed. */
int openapi_shape(struct openapi_shape *out, const struct openapi_description *desc);

/* Shows a definition cairn does not render (kind: "asyncapi", "graphql",
 * "grpc", or anything else; may be NULL) as its source text, escaped, in a
 * <pre> with a note saying so.  Never fails: returns 0. */
int openapi_render_source(struct buf *html, const char *text, size_t len,
			  const char *kind);

/* True when text declares "openapi" or "swagger" as a top-level key (a key
 * of a YAML block mapping at the indentation of its first key, which need
 * not be column 0, or of the outermost object of JSON / a YAML flow
 * mapping).  Cheap, without parsing: it says whether a text that does not
 * parse was meant to be an API description. */
int openapi_sniff(const char *text, size_t len);

/* What a text is, found by parsing it (not by its file name), without
 * rendering it: assembly uses it to tell API descriptions from the other
 * YAML and JSON files its patterns match, to name them and count their
 * operations. */
enum openapi_probe_kind {
	OPENAPI_DESCRIPTION, /* a mapping that declares openapi: or swagger: */
	OPENAPI_UNPARSED,    /* not YAML or JSON that libyaml accepts (or over
			      * the YAML limits) */
	OPENAPI_NOT_MAPPING, /* empty, a list or a scalar */
	OPENAPI_UNDECLARED,  /* a mapping with neither openapi: nor swagger: */
};

struct openapi_probe {
	enum openapi_probe_kind kind;
	int declared;		  /* it declares openapi:/swagger: (for
				   * OPENAPI_UNPARSED: openapi_sniff says so) */
	int line;		  /* the version's line; the error's line; 0 */
	const char *why;	  /* not a description: why, a phrase that
				   * follows the file's name ("does not parse
				   * as YAML or JSON (line 3: ...)"); else NULL */
	const char *other;	  /* OPENAPI_UNDECLARED: a key that says what
				   * it is instead ("asyncapi: 2.6.0",
				   * "swaggerVersion: 1.2"), or NULL */
	const char *spec_version; /* "3.0.3", "2.0"; NULL */
	const char *title;	  /* info.title on one line, trimmed; NULL
				   * when absent or blank */
	const char *version;	  /* info.version, the same way; NULL */
	size_t noperations;	  /* operations of paths: and webhooks: */
	const char **refs;	  /* the other files its $refs name (with a
				   * path: normalised repository paths, each
				   * once; remote URLs left out), whatever
				   * kind it is, so that the parts of a
				   * description split across files are known */
	size_t nrefs;
};

/* Parses text (len bytes), found at repository path `path` (NULL: no
 * refs are collected), with the YAML limits lim (NULL: the defaults) and
 * fills *p, all in a.  Returns 1 for OPENAPI_DESCRIPTION, else 0.  No
 * diagnostics: the caller words them (it knows the file). */
int openapi_probe(struct openapi_probe *p, struct arena *a, const char *text,
		  size_t len, const char *path, const struct yaml_limits *lim);

/* ------------------------------------------------ endpoints (contracts)
 *
 * What a request can be checked against (openapi_endpoints.c): each
 * operation of paths: (not webhooks) with the anchor openapi_render gives
 * it and the response codes it declares, and the base paths of the
 * description's servers (3.x servers[].url with its variables' defaults;
 * 2.0 basePath), without rendering anything. */
struct openapi_endpoint {
	const struct openapi_op *op; /* method, path, anchor */
	const char **statuses;	     /* response keys as written: "200",
				      * "4XX", "default" */
	size_t nstatuses;
};

struct openapi_endpoints {
	struct openapi_endpoint *items; /* in document order */
	size_t n;
	const char **bases; /* server base paths without a trailing '/'
			     * ("" for the root); at least one */
	size_t nbases;
};

/* Reads the description text (len bytes) as opts says (templates unused;
 * may be NULL) into *out, all in a.  Problems are not reported (the API's
 * page reports them).  Returns 0, or -1 when the text does not parse as a
 * mapping (then *out is empty but for one base, ""). */
int openapi_endpoints(struct openapi_endpoints *out, struct arena *a, const char *text,
		      size_t len, const struct openapi_render_opts *opts);

#endif
