/* catalog: Backstage entity descriptors (catalog-info.yaml), entity
 * references, and an index to resolve them.
 *
 * What is read, following Backstage's documented descriptor format
 * (docs/features/software-catalog/descriptor-format.md, references.md,
 * well-known-annotations.md):
 *
 * - Each YAML document of a file is one entity.  apiVersion must be
 *   backstage.io/v1alpha1 or backstage.io/v1beta1.  Kinds read: Component,
 *   API, System, Group, User, Domain, Resource; any other kind (Location,
 *   Template, ...) is reported as a warning and ignored.  A kind written in
 *   another case ("component") is read, with a warning.
 * - metadata.name: 1 to 63 characters, sequences of [a-zA-Z0-9] separated
 *   by "-", "_" or ".".  The documentation reads as one separator between
 *   sequences, but Backstage's validator accepts doubled ones ("a--b"), so
 *   cairn does too: a letter or digit first and last, [-_.a-zA-Z0-9]
 *   between.  A file Backstage accepts is never refused here.
 *   metadata.namespace: sequences of [a-zA-Z0-9] separated by "-", at most
 *   63 characters, case insensitive (stored lower case); "default" when
 *   absent.  Names are unique per kind and namespace, case insensitively.
 * - metadata.tags: each tag sequences of [a-z0-9:+#] separated by "-", at
 *   most 63 characters.  metadata.links: {url, title, icon, type}; only
 *   http, https and mailto URLs are kept.  Annotation values are strings.
 * - Entity references are "[<kind>:][<namespace>/]<name>" or a mapping
 *   {kind, namespace, name} (the compound form, where only name is
 *   required).  In a string every part must follow its rule (kind: a letter
 *   then letters and digits; namespace and name as above), so "group:",
 *   ":x", "a/b/c" and "team@example.com" are malformed.  In the compound
 *   form the name is taken as written (Backstage allows it to hold "/" or
 *   ":" there).  Kind and namespace are case insensitive (stored lower
 *   case); names compare case insensitively but are kept as written.
 * - An omitted namespace in a reference is the referring entity's own
 *   namespace (descriptor-format.md: "Same as this entity, typically
 *   default"); an omitted kind is the field's default:
 *       spec.owner                    Group   (may name a Group or User)
 *       spec.system                   System
 *       spec.domain (System)          Domain
 *       spec.subdomainOf (Domain)     Domain
 *       spec.subcomponentOf           Component
 *       spec.providesApis/consumesApis API
 *       spec.dependsOn/dependencyOf   Component (may name a Component or
 *                                     Resource).  Backstage has no default
 *                                     kind here and requires one; cairn
 *                                     defaults to Component.
 *       spec.parent/children (Group)  Group
 *       spec.members (Group)          User
 *       spec.memberOf (User)          Group
 *   A reference naming a kind its field does not allow is dropped with a
 *   diagnostic.
 *
 * Leniency: fields Backstage marks required (spec.type, spec.owner, ...)
 * may be absent; an optional field that is wrong (wrong type, invalid
 * value) is dropped with a user-fixable warning and the entity kept; a
 * document without a usable apiVersion, kind, name or namespace is an
 * error and skipped.  Diagnostics name the file and the line of the
 * offending value.
 *
 * Memory: entities and everything they point to live in the arena handed
 * to catalog_parse, except strings taken as they are from the parsed YAML,
 * which live in the arena the documents were parsed into: both must
 * outlive the entities.  The index is malloc'd and owned by its caller; it
 * only points at entities.  Parsing touches nothing shared but the
 * diag_list; an index is read-only once built, so lookups may run on
 * several threads at once. */
#ifndef CAIRN_CATALOG_H
#define CAIRN_CATALOG_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"
#include "yaml.h"

enum entity_kind {
	ENTITY_COMPONENT,
	ENTITY_API,
	ENTITY_SYSTEM,
	ENTITY_GROUP,
	ENTITY_USER,
	ENTITY_DOMAIN,
	ENTITY_RESOURCE
};
#define ENTITY_KIND_COUNT 7

/* A reference to an entity.  kind and ns are lower case with the defaults
 * applied; name is as written.  A reference field that is absent (or was
 * dropped as invalid) has all three NULL.  line is where the reference was
 * written (0 when unknown). */
struct entity_ref {
	const char *kind;
	const char *ns;
	const char *name;
	int line;
};

/* An item of metadata.links; url is http, https or mailto. */
struct entity_link {
	const char *url;
	const char *title; /* may be NULL */
	const char *icon;  /* may be NULL */
	const char *type;  /* may be NULL */
	int line;
};

/* One entity.  Any const char * below may be NULL (absent, empty, or
 * dropped as invalid) unless it says otherwise; empty strings are NULL.
 * Arrays with a count of 0 may be NULL. */
struct entity {
	enum entity_kind kind;
	const char *ns;	  /* never NULL: lower case, "default" if absent */
	const char *name; /* never NULL: valid per the name rule */
	const char *title, *description;
	const char **tags; /* each valid per the tag rule */
	size_t ntags;
	struct entity_link *links;
	size_t nlinks;
	const struct val *annotations; /* the mapping as written, or NULL */

	/* well-known annotations, parsed */
	const char *project_slug;    /* github.com/project-slug "org/repo" */
	const char *source_location; /* backstage.io/source-location without
				        * the "url:" prefix (http or https) */
	/* backstage.io/techdocs-ref "dir:<path>": the path resolved against the
	 * descriptor's folder into a repository path, normalised (no "./", no
	 * trailing "/"; "" is the repository's root).  "dir:./docs" in
	 * catalog-info.yaml is "docs".  NULL when absent, not "dir:" (a "url:"
	 * reference), or leaving the repository. */
	const char *techdocs_dir;
	const char *pagerduty_service; /* pagerduty.com/service-id */

	const char *type;      /* spec.type (every kind that has one) */
	const char *lifecycle; /* spec.lifecycle (Component, API, Resource) */

	/* single references: name NULL when absent */
	struct entity_ref owner;	   /* Component, API, System, Resource,
					     * Domain */
	struct entity_ref system;	   /* Component, API, Resource */
	struct entity_ref domain;	   /* System */
	struct entity_ref parent;	   /* Group */
	struct entity_ref subcomponent_of; /* Component */
	struct entity_ref subdomain_of;	   /* Domain */

	/* lists of references (arena arrays) */
	struct entity_ref *provides_apis, *consumes_apis; /* Component */
	struct entity_ref *depends_on, *dependency_of; /* Component, Resource */
	struct entity_ref *children, *members;	       /* Group */
	struct entity_ref *member_of;		       /* User */
	size_t nprovides_apis, nconsumes_apis, ndepends_on, ndependency_of;
	size_t nchildren, nmembers, nmember_of;

	/* Group and User spec.profile; picture is an http(s) URL */
	const char *display_name, *email, *picture;

	/* API spec.definition: exactly one of the three is set, or none.
	 * definition       inline text
	 * definition_file  {$text: ./path}: the path resolved against the
	 *                  descriptor's folder into a normalised repository
	 *                  path (in catalog-info.yaml, "./openapi.yaml" is
	 *                  "openapi.yaml")
	 * definition_url   {$text: https://...}: not fetched */
	const char *definition, *definition_file, *definition_url;
	int definition_line; /* line of spec.definition, or 0 */

	const char *repo; /* as given to catalog_parse (copied); may be NULL */
	const char *path; /* never NULL (copied) */
	int line;	  /* the document's first line */
	const struct val *raw; /* the whole document */
};

/* Parses the documents of one descriptor file (docs: the VAL_LIST that
 * yaml_parse_all returns; NULL or empty documents are skipped) and appends
 * each valid entity to *list, an array grown in the arena a (*n entities,
 * room for *cap; start with NULL, 0, 0).  repo (may be NULL) and path
 * (the file's path in the repository, e.g. "catalog-info.yaml") name the
 * file in diagnostics and resolve relative paths. */
void catalog_parse(struct entity ***list, size_t *n, size_t *cap,
		   struct arena *a, const struct val *docs, const char *repo,
		   const char *path, struct diag_list *d);

/* Parses the string form of a reference into *out (line set to 0), with
 * default_kind (may be NULL: then a kind is required) and default_ns (NULL
 * means "default") for the parts left out.  Strings are allocated in a.
 * Returns 0, or -1 when text is malformed (*out is then all NULL). */
int catalog_parse_ref(struct entity_ref *out, struct arena *a, const char *text,
		      const char *default_kind, const char *default_ns);

/* The kind as Backstage writes it ("Component", "API", ...), and its
 * lower-case form as used in references ("component", "api", ...). */
const char *catalog_kind_name(enum entity_kind kind);
const char *catalog_kind_ref_name(enum entity_kind kind);
/* The kind named by s, case insensitively; -1 when it is none of ours. */
int catalog_kind_from_name(const char *s);

/* The reference naming e (line: e's line).  Points into e. */
void catalog_entity_ref(struct entity_ref *out, const struct entity *e);

/* Formats ref canonically, "kind:namespace/name", leaving out the
 * namespace when it is "default" ("group:payments", "api:ext/pets");
 * kind and namespace lower case, the name as written.  A ref without kind
 * gives "[namespace/]name"; a ref without name appends nothing. */
void catalog_ref_format(struct buf *out, const struct entity_ref *ref);

/* An index of all entities of a site: a hash table keyed by kind,
 * namespace and name, case insensitively. */
struct catalog_index;

/* Indexes all[0..n) (the entities are not copied: they must outlive the
 * index).  An entity with the same kind, namespace and name as an earlier
 * one is a user-fixable error naming both places; the earlier one (in the
 * given order) is the one indexed.  Returns a new index; never NULL. */
struct catalog_index *catalog_index_new(struct entity **all, size_t n,
					struct diag_list *d);
void catalog_index_free(struct catalog_index *ix); /* ix may be NULL */

/* Adds e (which must outlive the index) unless an entity of the same kind,
 * namespace and name is indexed already: returns 0 when added, -1 (and
 * reports nothing) when not.  For entities the portal makes itself: a
 * repository without catalog-info.yaml is a Component named after it, a
 * description file no API entity names is an API. */
int catalog_index_add(struct catalog_index *ix, struct entity *e);

/* The entity ref names, or NULL (also when ref has no kind or name). */
struct entity *catalog_lookup(const struct catalog_index *ix,
			      const struct entity_ref *ref);

/* Reports each reference of all[0..n) (owner, system, domain, parent,
 * subcomponentOf, subdomainOf, providesApis, consumesApis, dependsOn,
 * dependencyOf, children, members, memberOf) that names no entity in ix,
 * as a user-fixable warning at the reference's line, e.g.
 *     spec.owner "group:default/payment" names no Group in the catalog: ...
 * Owners and members that only exist as CODEOWNERS teams are reported too:
 * declaring them as Group and User entities is the fix. */
struct catalog_unread {
	const char *repo, *path; /* a catalog descriptor that is not valid YAML */
	const char *text;
	size_t len;
};
/* unread[0..nunread): the descriptors that could not be read; a warning
 * names the first whose text has the missing name as a word ("...;
 * pay:catalog-info.yaml, which cairn could not read (see its error), may
 * declare it"), so that it points back at that error. */
void catalog_check_refs(const struct catalog_index *ix, struct entity **all,
			size_t n, const struct catalog_unread *unread,
			size_t nunread, struct diag_list *d);

/* Parses a catalog descriptor file's documents within lim (NULL: the
 * defaults), as yaml_parse_all_limited does; a key given twice in one
 * mapping (metadata.name twice) is a user-fixable warning in d naming
 * repo (may be NULL), path and its line, and the last one is used, as
 * Backstage's reader does. */
int catalog_yaml_parse(struct val **docs, struct arena *a, const char *text,
		       size_t len, const struct yaml_limits *lim, const char *repo,
		       const char *path, struct yaml_error *ye, struct diag_list *d);

#endif
