/* targets: the bodies of the fuzz targets (see targets.h). */
#include "targets.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "codeowners.h"
#include "config.h"
#include "crawl.h"
#include "deploy.h"
#include "diag.h"
#include "markdown.h"
#include "mustache.h"
#include "openapi.h"
#include "path.h"
#include "records.h"
#include "site.h"
#include "val.h"
#include "yaml.h"

/* As `make fuzz` runs: every arena object is its own allocation, so the
 * sanitizers see each one. */
static void fuzz_arena_init(struct arena *a)
{
	arena_set_debug(1);
	arena_init(a);
}

#define MAX_PARTS 8

/* ------------------------------------------------------------ helpers */

struct parts {
	const char *ptr[MAX_PARTS];
	size_t len[MAX_PARTS];
	size_t n;
};

/* Splits data at NUL bytes into at most MAX_PARTS parts (the last one takes
 * the rest, NULs included).  Parts point into data: not NUL-terminated. */
static void split(struct parts *p, const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	p->n = 0;
	while (p->n < MAX_PARTS - 1) {
		const char *z = memchr(s, '\0', (size_t)(end - s));
		if (!z)
			break;
		p->ptr[p->n] = s;
		p->len[p->n++] = (size_t)(z - s);
		s = z + 1;
	}
	p->ptr[p->n] = s;
	p->len[p->n++] = (size_t)(end - s);
}

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Formats every diagnostic, as cairn prints them, then frees the list. */
static void diags_done(struct diag_list *d)
{
	char line[1024];
	for (size_t i = 0; i < d->len; i++)
		diag_format(line, sizeof(line), &d->items[i]);
	diag_release(d);
}

/* ------------------------------------------------------------ yaml */

int fuzz_yaml(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf json = BUF_INIT;
	struct val *docs = NULL, *first = NULL;
	struct yaml_error err;
	fuzz_arena_init(&a);
	yaml_parse_all(&docs, &a, (const char *)data, size, &err);
	if (docs)
		val_to_json(&json, docs);
	if (yaml_parse(&first, &a, (const char *)data, size, &err) == 0 && first) {
		buf_clear(&json);
		val_to_json(&json, first);
	}
	buf_release(&json);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ front matter */

int fuzz_frontmatter(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list d;
	fuzz_arena_init(&a);
	diag_init(&d);
	struct document *doc = crawl_make_doc(&a, &d, NULL, "svc", "docs/guide.md",
					      (const char *)data, size, DOC_DOC);
	if (doc) {
		struct buf json = BUF_INIT;
		val_to_json(&json, doc->meta);
		buf_release(&json);
	}
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ catalog */

int fuzz_catalog(const uint8_t *data, size_t size)
{
	/* the root's descriptor, or a monorepo component's */
	const char *path = size % 2 ? "services/web/catalog-info.yaml"
				    : "catalog-info.yaml";
	struct arena a;
	struct diag_list d;
	struct val *docs = NULL;
	struct yaml_error err;
	struct entity **list = NULL;
	size_t n = 0, cap = 0;
	fuzz_arena_init(&a);
	diag_init(&d);
	yaml_parse_all(&docs, &a, (const char *)data, size, &err);
	catalog_parse(&list, &n, &cap, &a, docs, "svc", path, &d);

	struct catalog_index *ix = catalog_index_new(list, n, &d);
	/* the input itself as a descriptor that could not be read */
	const struct catalog_unread unread = { "svc", path, (const char *)data, size };
	catalog_check_refs(ix, list, n, &unread, 1, &d);
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct entity_ref ref;
		catalog_entity_ref(&ref, list[i]);
		catalog_ref_format(&out, &ref);
		catalog_ref_format(&out, &list[i]->owner);
		catalog_lookup(ix, &list[i]->owner);
		catalog_lookup(ix, &list[i]->system);
		for (size_t j = 0; j < list[i]->ndepends_on; j++)
			catalog_lookup(ix, &list[i]->depends_on[j]);
		const char *homes[3];
		layout_component_homes(list[i], homes, &a);
	}
	catalog_index_free(ix);

	/* the string form of a reference, on each line of the input */
	const char *s = (const char *)data, *end = s + size;
	for (int lines = 0; s < end && lines < 32; lines++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char *text = arena_strndup(&a, s, len);
		struct entity_ref ref;
		if (catalog_parse_ref(&ref, &a, text, "group", NULL) == 0)
			catalog_ref_format(&out, &ref);
		catalog_parse_ref(&ref, &a, text, NULL, "ns");
		s += len + 1;
	}

	/* what the crawl reads of it: the layout of a monorepo */
	struct aux_file aux = { path, (const char *)data, size, NULL, NULL };
	struct layout layout;
	layout_read(&layout, &a, "svc", NULL, &aux, 1, NULL);

	buf_release(&out);
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ CODEOWNERS */

static const char *const owned_files[] = { "README.md",
					   "docs/runbooks/db.md",
					   "src/app/main.go",
					   "a/b/c/d/e/f.js",
					   ".github/CODEOWNERS",
					   "apps/web/index.ts",
					   "docs/rfcs/0001-x.md",
					   "\xc3\xbc/\xc3\xb1.md",
					   "x",
					   NULL };

int fuzz_codeowners(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { ".github/CODEOWNERS",
					     ".gitlab/CODEOWNERS", "CODEOWNERS" };
	const char *path = paths[size % 3];
	struct arena a;
	struct diag_list d;
	struct codeowners *co = NULL;
	const char *const *owners;
	size_t n;
	fuzz_arena_init(&a);
	diag_init(&d);
	codeowners_parse(&co, &a, (const char *)data, size, CODEOWNERS_AUTO,
			 "svc", path, &d);
	for (size_t i = 0; i < codeowners_nsections(co); i++)
		codeowners_section(co, i);
	for (int i = 0; owned_files[i]; i++)
		codeowners_owners_of(co, &a, owned_files[i], &owners, &n);

	/* each line's first word, as a path: rules then match often */
	const char *s = (const char *)data, *end = s + size;
	for (int lines = 0; s < end && lines < 32; lines++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		size_t w = 0;
		while (w < len && s[w] != ' ' && s[w] != '\t' && s[w] != '\r')
			w++;
		size_t skip = w && s[0] == '/' ? 1 : 0;
		char *file = arena_strndup(&a, s + skip, w - skip);
		codeowners_owners_of(co, &a, file, &owners, &n);
		if (codeowners_nsections(co) > 0)
			codeowners_section_owners_of(co, 0, file, &owners, &n);
		s += len + 1;
	}
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ OWNERS */

int fuzz_owners(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "OWNERS", "pkg/OWNERS",
					     "pkg/api/OWNERS", "docs/OWNERS" };
	struct parts p;
	struct arena a;
	struct diag_list d;
	struct owners_tree t;
	struct owners_result r;
	split(&p, data, size);
	fuzz_arena_init(&a);
	diag_init(&d);
	owners_tree_init(&t, &a);
	for (size_t i = 0; i < p.n; i++)
		owners_tree_add(&t, paths[i % 4], p.ptr[i], p.len[i], "svc", &d);
	for (int i = 0; owned_files[i]; i++)
		owners_tree_lookup(&t, &a, owned_files[i], &r);
	owners_tree_lookup(&t, &a, "pkg/api/v1/types.go", &r);
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ Markdown */

/* Like render.c's resolver: a link to a page becomes the page's address
 * (fragment kept), a link to nothing is dropped, anything else kept. */
static enum markdown_link_action resolve(struct buf *out, const char *url,
					 int is_image, int line, void *userdata)
{
	(void)line;
	(void)userdata;
	size_t plen = strcspn(url, "?#");
	const char *frag = strchr(url, '#');
	switch (hash(url, plen) % 3) {
	case 0: return MARKDOWN_LINK_KEEP;
	case 1: {
		/* the repository path, as render.c resolves it, then the page's
		 * address, relative to the page linking to it */
		struct buf path = BUF_INIT, to = BUF_INIT;
		if (path_resolve(&path, "docs/guide.md", url, plen, 1) < 0) {
			buf_release(&path);
			return MARKDOWN_LINK_DROP;
		}
		buf_puts(&to, is_image ? "services/svc/files/" : "services/svc/");
		buf_put(&to, path.ptr, path.len);
		site_relative(out, "services/svc/docs/guide/", to.ptr);
		buf_release(&path);
		buf_release(&to);
		if (frag)
			buf_puts(out, frag);
		return MARKDOWN_LINK_REWRITE;
	}
	default: return MARKDOWN_LINK_DROP;
	}
}

int fuzz_markdown(const uint8_t *data, size_t size)
{
	struct markdown_result r = MARKDOWN_RESULT_INIT;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	struct buf slug = BUF_INIT;
	o.resolve = resolve;
	o.line_offset = (int)(size % 7);
	o.strip_title = (int)(size % 2);
	o.raw_html = size % 3 != 0; /* the allowlist, mostly; escaping too */
	markdown_render(&r, (const char *)data, size, &o);
	for (size_t i = 0; i < r.ntoc; i++) {
		buf_clear(&slug);
		markdown_slug(&slug, r.toc[i].text, strlen(r.toc[i].text));
	}
	int relative;
	markdown_url_safe((const char *)data, size < 64 ? size : 64, &relative);
	buf_release(&slug);
	markdown_result_release(&r);
	return 0;
}

/* ------------------------------------------------------------ Mustache */

/* A context shaped like a page's: strings that need escaping, lists of
 * maps, empty and nested values. */
static struct val *fixed_context(struct arena *a)
{
	struct val *ctx = val_map(a), *site = val_map(a), *page = val_map(a);
	struct val *items = val_list(a), *deep = val_map(a), *x = val_map(a);
	val_set_str(a, site, "title", "Acme <Engineering> & \"friends\"");
	val_set(a, ctx, "site", site);
	val_set_str(a, page, "title", "It's a page");
	val_set(a, ctx, "page", page);
	val_set_str(a, ctx, "title", "Payments");
	val_set_str(a, ctx, "name", "payments");
	val_set_str(a, ctx, "root", "../../");
	val_set_str(a, ctx, "url", "https://example.com/?a=1&b=2");
	val_set_str(a, ctx, "content", "<p>rendered</p>");
	val_set_bool(a, ctx, "ok", 1);
	val_set_bool(a, ctx, "no", 0);
	val_set_num(a, ctx, "count", 3);
	val_set_num(a, ctx, "ratio", 0.25);
	val_set(a, ctx, "empty", val_list(a));
	val_set(a, ctx, "nothing", val_null(a));
	for (int i = 0; i < 3; i++) {
		struct val *it = val_map(a);
		val_set_str(a, it, "name", i ? "ledger" : "<x>");
		val_set_str(a, it, "url", i == 1 ? "" : "services/x/");
		val_set_num(a, it, "n", i);
		val_push(a, items, it);
	}
	val_set(a, ctx, "services", items);
	val_set(a, ctx, "items", items);
	val_set_str(a, x, "c", "deep");
	val_set(a, deep, "b", x);
	val_set(a, ctx, "a", deep);
	return ctx;
}

int fuzz_mustache(const uint8_t *data, size_t size)
{
	struct parts p;
	struct arena a;
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct mustache_set *set = mustache_set_new();
	split(&p, data, size);
	fuzz_arena_init(&a);
	for (size_t i = 2; i < p.n; i++) {
		const char *nl = memchr(p.ptr[i], '\n', p.len[i]);
		size_t nlen = nl ? (size_t)(nl - p.ptr[i]) : p.len[i];
		size_t skip = nl ? nlen + 1 : nlen;
		char *name = arena_strndup(&a, p.ptr[i], nlen);
		buf_clear(&err);
		mustache_set_add(set, name, p.ptr[i] + skip, p.len[i] - skip, &err);
	}
	buf_clear(&err);
	if (mustache_set_add(set, "main", p.ptr[0], p.len[0], &err) == 0) {
		struct val *ctx = NULL;
		struct yaml_error ye;
		if (p.n > 1 && p.len[1] &&
		    yaml_parse(&ctx, &a, p.ptr[1], p.len[1], &ye) < 0)
			ctx = NULL;
		if (!ctx)
			ctx = fixed_context(&a);
		mustache_render(&out, set, "main", ctx, &err);
	}
	mustache_set_free(set);
	buf_release(&out);
	buf_release(&err);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ OpenAPI */

static int load_part(const char *repo_path, struct buf *out, void *userdata)
{
	const struct parts *p = userdata;
	uint32_t h = hash(repo_path, strlen(repo_path));
	if (h % 8 == 7)
		return -1; /* no such file */
	size_t i = p->n > 1 ? 1 + h % (p->n - 1) : 0;
	buf_put(out, p->ptr[i], p->len[i]);
	return 0;
}

int fuzz_openapi(const uint8_t *data, size_t size)
{
	struct parts p;
	struct arena a;
	struct diag_list d;
	struct buf html = BUF_INIT;
	struct openapi_doc doc;
	split(&p, data, size);
	fuzz_arena_init(&a);
	diag_init(&d);
	openapi_sniff(p.ptr[0], p.len[0]);
	struct openapi_probe probe;
	openapi_probe(&probe, &a, p.ptr[0], p.len[0], "api/v2/openapi.yaml", NULL);
	struct openapi_render_opts o = { .repo = "svc",
					 .path = "api/openapi.yaml",
					 .load = load_part,
					 .userdata = &p };
	openapi_render(&html, &doc, &a, p.ptr[0], p.len[0], &o, &d);
	buf_clear(&html);
	openapi_render_source(&html, p.ptr[0], p.len[0], "asyncapi");
	buf_release(&html);
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ records */

/* The page of a text rendered from the tape the crawl recorded (mdtape.h)
 * must be the page rendered by parsing it again. */
static void tape_same(const struct document *doc, const struct buf *tape)
{
	for (int raw = 0; raw < 2; raw++) {
		struct markdown_opts o = MARKDOWN_OPTS_INIT;
		struct markdown_result parsed, played;
		o.raw_html = raw;
		int rc = markdown_render(&parsed, doc->text, doc->len, &o);
		o.tape = tape->ptr;
		o.tape_len = tape->len;
		if (markdown_render(&played, doc->text, doc->len, &o) != rc ||
		    parsed.html.len != played.html.len ||
		    memcmp(parsed.html.ptr, played.html.ptr, parsed.html.len) ||
		    parsed.text.len != played.text.len ||
		    memcmp(parsed.text.ptr, played.text.ptr, parsed.text.len))
			abort();
		markdown_result_release(&parsed);
		markdown_result_release(&played);
	}
}

/* A document of kind at path, as the crawl reads it. */
static void record(const uint8_t *data, size_t size, enum doc_kind kind, const char *path)
{
	struct arena a;
	struct diag_list d;
	struct config cfg;
	fuzz_arena_init(&a);
	diag_init(&d);
	config_defaults(&cfg, "/nonexistent");
	struct document *doc = crawl_make_doc(&a, &d, &cfg.limits, "svc", path,
					      (const char *)data, size, kind);
	if (doc) {
		struct buf tape = BUF_INIT;
		struct val *rec = records_parse(&a, &cfg, kind, "svc", path, doc->meta,
						NULL, NULL, doc->text, doc->len,
						doc->body_line, -1, &d, &tape);
		if (tape.len)
			tape_same(doc, &tape);
		buf_release(&tape);
		struct buf json = BUF_INIT;
		if (rec)
			val_to_json(&json, rec);
		buf_release(&json);
		const struct val *items = val_get(rec, "items");
		long pm = records_days(val_as_str(val_get(rec, "date")));
		for (size_t i = 0;
		     items && items->type == VAL_LIST && i < items->u.list.len; i++) {
			records_overdue(items->u.list.items[i], 20500);
			records_needs_escalation(items->u.list.items[i], pm,
						 20500, &cfg);
		}
	}
	config_release(&cfg);
	diags_done(&d);
	arena_release(&a);
}

int fuzz_postmortem(const uint8_t *data, size_t size)
{
	record(data, size, DOC_POSTMORTEM,
	       size % 2 ? "docs/postmortems/2026-01-05-db-outage.md"
			: "postmortems/cert-expiry.md");
	return 0;
}

int fuzz_rfc(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "docs/rfcs/0042-use-kafka.md",
					     "docs/adr/ADR-0007-queues.md",
					     "text/2015-01-01-rusty.md" };
	record(data, size, DOC_RFC, paths[size % 3]);
	return 0;
}

/* ------------------------------------------------------------ deploys */

int fuzz_deploy(const uint8_t *data, size_t size)
{
	static const char *const services[] = { "payments", "ledger" };
	static const char *const envs[] = { "staging", "production" };
	struct arena a;
	struct diag_list d;
	struct deploy_feed feed;
	fuzz_arena_init(&a);
	diag_init(&d);
	if (deploy_feed_parse(&feed, &a, "deploys.yaml", (const char *)data,
			      size, &d) == 0)
		deploy_feed_check(&feed, services, 2, envs, 2, &d);
	diags_done(&d);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ cairn.yaml */

int fuzz_config(const uint8_t *data, size_t size)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	config_parse(&c, "/nonexistent/cairn-fuzz/cairn.yaml",
		     (const char *)data, size, &d);
	config_release(&c);
	diags_done(&d);
	return 0;
}

const struct fuzz_target fuzz_targets[] = { { "yaml", fuzz_yaml },
					    { "frontmatter", fuzz_frontmatter },
					    { "catalog", fuzz_catalog },
					    { "codeowners", fuzz_codeowners },
					    { "owners", fuzz_owners },
					    { "markdown", fuzz_markdown },
					    { "mustache", fuzz_mustache },
					    { "openapi", fuzz_openapi },
					    { "postmortem", fuzz_postmortem },
					    { "rfc", fuzz_rfc },
					    { "deploy", fuzz_deploy },
					    { "config", fuzz_config },
					    { NULL, NULL } };
