/* Tests for openapi.c (and openapi_*.c).
 *
 * Golden files: each description under tests/fixtures/openapi/ (a .yaml or
 * .json file; the multi/ folder is a repository of its own, for $refs
 * across files) is rendered and compared with the .html beside it.  After
 * a deliberate change to the output, regenerate them with
 *
 *     CAIRN_REGEN_GOLDEN=1 build/tests/test_openapi
 *
 * (run from the repository root) and review the diff before committing.
 * Diagnostics are asserted here, with their lines.  A generated
 * 1,000-operation description checks that big specs render in linear time;
 * set CAIRN_OPENAPI_BENCH=1 to print its size and timing. */
#include "openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "harness.h"
#include "mustache.h"
#include "theme.h"

#define FIXTURES "tests/fixtures/openapi"

/* ---------------------------------------------------------------- helpers */

/* A repository on disk: repo paths are read below root. */
struct disk {
	const char *root;
	int loads;
};

static int load_disk(const char *repo_path, struct buf *out, void *userdata)
{
	struct disk *d = userdata;
	char path[4096];
	if (strstr(repo_path, "..") || repo_path[0] == '/')
		return -1; /* openapi.c must never ask for these */
	snprintf(path, sizeof(path), "%s/%s", d->root, repo_path);
	d->loads++;
	return fixture_append(out, path);
}

/* A repository in memory: NULL-terminated pairs of path and text. */
struct memfs {
	const char *const *files;
	int loads;
	char last[256];
};

static int load_mem(const char *repo_path, struct buf *out, void *userdata)
{
	struct memfs *m = userdata;
	m->loads++;
	snprintf(m->last, sizeof(m->last), "%s", repo_path);
	for (size_t i = 0; m->files && m->files[i]; i += 2) {
		if (strcmp(m->files[i], repo_path) == 0) {
			buf_puts(out, m->files[i + 1]);
			return 0;
		}
	}
	return -1;
}

struct run {
	struct arena a;
	struct diag_list d;
	struct buf html;
	struct openapi_doc doc;
	int rc;
};

static void run_text(struct run *r, const char *text, const char *path,
		     openapi_load_fn load, void *userdata)
{
	arena_init(&r->a);
	diag_init(&r->d);
	buf_init(&r->html);
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	o.repo = "repo";
	o.path = path;
	o.load = load;
	o.userdata = userdata;
	r->rc = openapi_render(&r->html, &r->doc, &r->a, text, strlen(text), &o,
			       &r->d);
}

static int run_file(struct run *r, struct disk *disk, const char *path)
{
	char full[4096];
	struct buf text = BUF_INIT;
	snprintf(full, sizeof(full), "%s/%s", disk->root, path);
	if (fixture_append(&text, full) < 0) {
		fprintf(stderr, "cannot read %s\n", full);
		return -1;
	}
	arena_init(&r->a);
	diag_init(&r->d);
	buf_init(&r->html);
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	o.repo = "repo";
	o.path = path;
	o.load = load_disk;
	o.userdata = disk;
	r->rc = openapi_render(&r->html, &r->doc, &r->a, text.ptr, text.len, &o,
			       &r->d);
	buf_release(&text);
	return 0;
}

static void run_release(struct run *r)
{
	buf_release(&r->html);
	diag_release(&r->d);
	arena_release(&r->a);
}

/* True when a diagnostic names path and line and its message holds what. */
static int has_diag(const struct diag_list *d, const char *path, int line,
		    const char *what)
{
	for (size_t i = 0; i < d->len; i++) {
		const struct diag *g = &d->items[i];
		if (g->cls == DIAG_USER && g->path && strcmp(g->path, path) == 0 &&
		    g->line == line && strstr(g->msg, what))
			return 1;
	}
	return 0;
}

/* Prints the diagnostics when the test has failed so far. */
static void dump_diags(const struct diag_list *d)
{
	if (!harness_current_failed)
		return;
	for (size_t i = 0; i < d->len; i++) {
		char line[1024];
		diag_format(line, sizeof(line), &d->items[i]);
		fprintf(stderr, "  %s\n", line);
	}
}

/* Every element opened is closed, in order (void elements aside). */
static int html_balanced(const char *s)
{
	static const char *const voids[] = { "br",    "hr",  "img",
					     "input", "wbr", NULL };
	char stack[64][16];
	int depth = 0;
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
		int closing = p[1] == '/';
		const char *n = p + 1 + closing;
		size_t len = strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!len || len >= 16)
			return 0;
		int is_void = 0;
		for (int i = 0; voids[i]; i++)
			is_void |= strlen(voids[i]) == len &&
				   !strncmp(voids[i], n, len);
		if (is_void)
			continue;
		if (closing) {
			if (!depth || strlen(stack[depth - 1]) != len ||
			    strncmp(stack[depth - 1], n, len))
				return 0;
			depth--;
		} else {
			if (depth == 64)
				return 0;
			memcpy(stack[depth], n, len);
			stack[depth++][len] = '\0';
		}
	}
	return depth == 0;
}

/* Compares html with the golden file (or rewrites it when
 * CAIRN_REGEN_GOLDEN=1).  Returns 1 when they match. */
static int golden(const char *expect_path, const struct buf *html)
{
	const char *regen = getenv("CAIRN_REGEN_GOLDEN");
	struct buf want = BUF_INIT;
	int ok;

	if (regen && strcmp(regen, "1") == 0) {
		FILE *f = fopen(expect_path, "wb");
		if (!f)
			return 0;
		fwrite(html->ptr, 1, html->len, f);
		fclose(f);
		return 1;
	}
	if (fixture_append(&want, expect_path) < 0) {
		fprintf(stderr, "  no golden file %s (CAIRN_REGEN_GOLDEN=1 writes it)\n",
			expect_path);
		return 0;
	}
	ok = want.len == html->len && memcmp(want.ptr, html->ptr, html->len) == 0;
	if (!ok) {
		size_t i = 0, line = 1, start = 0;
		while (i < want.len && i < html->len && want.ptr[i] == html->ptr[i]) {
			if (want.ptr[i] == '\n') {
				line++;
				start = i + 1;
			}
			i++;
		}
		fprintf(stderr, "  %s differs from line %zu:\n  want: %.160s\n  got:  %.160s\n",
			expect_path, line, want.ptr + start, html->ptr + start);
	}
	buf_release(&want);
	return ok;
}

/* Renders root/path and checks it against root/<expect>. */
#define GOLDEN(r, disk, path, expect)                                 \
	do {                                                          \
		char golden_path_[4096];                              \
		CHECK(run_file((r), (disk), (path)) == 0);            \
		snprintf(golden_path_, sizeof(golden_path_), "%s/%s", \
			 (disk)->root, (expect));                     \
		CHECK(golden(golden_path_, &(r)->html));              \
		CHECK(html_balanced((r)->html.ptr));                  \
		CHECK_LACKS((r)->html.ptr, "<script");                \
	} while (0)

static const struct openapi_op *find_op(const struct openapi_doc *doc,
					const char *method, const char *path)
{
	for (size_t i = 0; i < doc->nops; i++)
		if (!strcmp(doc->ops[i].method, method) &&
		    !strcmp(doc->ops[i].path, path))
			return &doc->ops[i];
	return NULL;
}

/* ---------------------------------------------------------------- golden files */

TEST(golden_openapi_3_0_yaml)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "petstore-3.0.yaml", "petstore-3.0.html");
	CHECK(r.rc == 0);
	CHECK(r.doc.ok);
	CHECK(r.d.len == 0);
	dump_diags(&r.d);
	CHECK_STR(r.doc.title, "Petstore");
	CHECK_STR(r.doc.version, "1.2.0");
	CHECK_STR(r.doc.spec_version, "3.0.3");
	CHECK_STR(r.doc.text, "A sample API for pets.\nSee the guide for more.");
	CHECK(r.doc.nops == 5);
	const struct openapi_op *op = find_op(&r.doc, "GET", "/pets/{petId}");
	CHECK(op != NULL);
	if (op) {
		CHECK_STR(op->anchor, "get-/pets/:petId");
		CHECK_STR(op->id_anchor, "showPetById");
		CHECK_STR(op->tag, "pets");
		CHECK_STR(op->summary, "Show a pet");
		CHECK(op->line == 127); /* its first key */
		CHECK(!op->deprecated);
	}
	op = find_op(&r.doc, "DELETE", "/pets/{petId}");
	CHECK(op && op->deprecated);
	op = find_op(&r.doc, "GET", "/health");
	CHECK(op && !strcmp(op->tag, "default") && !op->operation_id && !op->id_anchor);
	/* tagged twice: shown under the first tag, linked from the second */
	CHECK_CONTAINS(r.html.ptr, "<p class=\"api-op-ref\"><a href=\"#post-/pets\">");
	/* the operation's header parameter overrides the path-level one */
	CHECK_CONTAINS(r.html.ptr, "Trace id (operation level wins).");
	run_release(&r);
}

TEST(golden_openapi_3_1_json)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "events-3.1.json", "events-3.1.html");
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK_STR(r.doc.spec_version, "3.1.0");
	CHECK(r.doc.nops == 3);
	const struct openapi_op *hook = find_op(&r.doc, "POST", "newEvent");
	CHECK(hook && hook->webhook);
	if (hook) {
		CHECK_STR(hook->anchor, "webhook-post-newEvent");
		CHECK_STR(hook->tag, "webhooks");
	}
	CHECK_CONTAINS(r.html.ptr, "string | null (date-time)");
	CHECK_CONTAINS(r.html.ptr, "<p>The stored event.</p>");
	run_release(&r);
}

TEST(golden_swagger_2_0_yaml)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "swagger-2.0.yaml", "swagger-2.0.html");
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK_STR(r.doc.spec_version, "2.0");
	CHECK(r.doc.nops == 3);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://files.example.com/api\">");
	CHECK_CONTAINS(r.html.ptr, "<h5><code>multipart/form-data</code></h5>");
	const struct openapi_op *op = find_op(&r.doc, "POST", "/files");
	CHECK(op && strstr(op->text, "file note"));
	run_release(&r);
}

TEST(golden_swagger_2_0_json)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "inventory-2.0.json", "inventory-2.0.html");
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK(r.doc.nops == 2);
	CHECK_CONTAINS(r.html.ptr, "<code>application/json-patch+json</code>");
	CHECK_CONTAINS(r.html.ptr, "Greater than: <code>0</code>");
	run_release(&r);
}

TEST(golden_multi_file_refs)
{
	struct disk disk = { FIXTURES "/multi", 0 };
	struct run r;
	GOLDEN(&r, &disk, "openapi.yaml", "openapi.html");
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK(r.doc.nops == 2);
	/* paths/animals.yaml, schemas/animal.yaml, common.json and
	 * "schemas/keeper v2.yaml": each read once */
	CHECK(disk.loads == 4);
	CHECK_CONTAINS(r.html.ptr,
		       "<p class=\"api-from\">From <code>schemas/animal.yaml</code></p>");
	CHECK_CONTAINS(r.html.ptr, "id=\"schema-a/b~c\"");
	CHECK_CONTAINS(r.html.ptr, "id=\"schema-keeper-v2\"");
	run_release(&r);
}

TEST(golden_multi_file_broken_refs)
{
	struct disk disk = { FIXTURES "/multi", 0 };
	struct run r;
	GOLDEN(&r, &disk, "broken.yaml", "broken.html");
	CHECK(r.rc == 0 && !r.doc.ok);
	CHECK(r.doc.nops == 5);
	CHECK(r.d.len == 5);
	CHECK(has_diag(&r.d, "broken.yaml", 15,
		       "$ref \"schemas/nope.yaml#/Nope\" names \"schemas/nope.yaml\", which is not a file"));
	CHECK(has_diag(&r.d, "broken.yaml", 25, "points above the repository root"));
	CHECK(has_diag(&r.d, "broken.yaml", 35, "is a remote URL"));
	CHECK(has_diag(&r.d, "broken.yaml", 45,
		       "no \"Plant\" in \"schemas/animal.yaml#\""));
	CHECK(has_diag(&r.d, "bad.yaml", 2,
		       "file does not parse (it is read for $ref \"bad.yaml\" in \"broken.yaml\", line 55)"));
	dump_diags(&r.d);
	run_release(&r);
}

TEST(golden_recursive_schemas)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "recursive.yaml", "recursive.html");
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	/* a recursive schema is a link to its anchor */
	CHECK_CONTAINS(r.html.ptr,
		       "<code>children</code></td><td class=\"api-type\">array of <a class=\"api-ref\" href=\"#schema-Node\">Node</a>");
	/* Person -> Company expanded; Company's employees back to Person not */
	CHECK_CONTAINS(r.html.ptr,
		       "<span class=\"api-parent\">employer.</span>employees");
	CHECK_LACKS(r.html.ptr, "employer.employees[].");
	/* $refs expand OPENAPI_INLINE_DEPTH (2) levels at a use */
	CHECK_CONTAINS(r.html.ptr, "<span class=\"api-parent\">next.</span>two");
	CHECK_LACKS(r.html.ptr, "next.next.</span>three");
	run_release(&r);
}

TEST(golden_broken_refs_are_reported_with_lines)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "broken-refs.yaml", "broken-refs.html");
	CHECK(r.rc == 0 && !r.doc.ok);
	CHECK(r.doc.nops == 4);
	CHECK(has_diag(&r.d, "broken-refs.yaml", 16,
		       "operationId \"same\" is used twice (first by GET /ok, line 8)"));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 18,
		       "$ref \"#/components/parameters/Nope\" resolves to nothing: no \"parameters\" in \"#/components\""));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 22,
		       "$ref \"#/components/schemas/Pett\" resolves to nothing: no \"Pett\" in \"#/components/schemas\""));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 54, "\"~\" must be followed by 0 or 1"));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 56, "$ref is a number, not a string"));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 58,
		       "$ref \"#Pet\" does not end in a JSON pointer"));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 64, "goes round a cycle of $refs"));
	CHECK(has_diag(&r.d, "broken-refs.yaml", 74,
		       "goes round a cycle of $refs (\"#/components/schemas/B\" -> \"#/components/schemas/A\" -> \"#/components/schemas/B\")"));
	/* each problem once, though Pett is used twice */
	CHECK(r.d.len == 8);
	dump_diags(&r.d);
	/* what is valid is still there; %20 is decoded in a fragment */
	CHECK_CONTAINS(r.html.ptr, "id=\"get-/ok\"");
	CHECK_CONTAINS(r.html.ptr,
		       "<a class=\"api-ref\" href=\"#schema-Real-Name\">Real Name</a>");
	CHECK_CONTAINS(r.html.ptr,
		       "<span class=\"api-broken\" title=\"unresolved $ref\">#/components/schemas/Pett</span>");
	run_release(&r);
}

TEST(golden_syntax_error_shows_source)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "broken-syntax.yaml", "broken-syntax.html");
	CHECK(r.rc == -1);
	CHECK(!r.doc.ok && r.doc.nops == 0);
	CHECK(r.d.len == 1);
	CHECK(r.d.len && r.d.items[0].severity == DIAG_ERROR);
	CHECK(has_diag(&r.d, "broken-syntax.yaml", 9, "API description does not parse"));
	CHECK_CONTAINS(r.html.ptr, "could not be shown");
	CHECK_CONTAINS(r.html.ptr, "summary: [unclosed");
	run_release(&r);
}

TEST(golden_missing_version_still_renders)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "no-version.yaml", "no-version.html");
	CHECK(r.rc == 0 && !r.doc.ok);
	CHECK(r.doc.nops == 1 && r.doc.spec_version == NULL);
	CHECK(r.d.len == 1);
	CHECK(has_diag(&r.d, "no-version.yaml", 1,
		       "declares neither \"openapi\" nor \"swagger\""));
	run_release(&r);
}

TEST(golden_unknown_version_still_renders)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "version-4.yaml", "version-4.html");
	CHECK(r.rc == 0 && !r.doc.ok);
	CHECK(r.doc.nops == 1);
	CHECK(r.d.len == 1);
	CHECK(has_diag(&r.d, "version-4.yaml", 2,
		       "openapi version \"4.0.0\" is not one cairn knows"));
	run_release(&r);
}

TEST(golden_everything_is_escaped)
{
	struct disk disk = { FIXTURES, 0 };
	struct run r;
	GOLDEN(&r, &disk, "escaping.yaml", "escaping.html");
	CHECK(r.rc == 0);
	dump_diags(&r.d);
	CHECK(r.d.len == 0);
	CHECK_LACKS(r.html.ptr, "href=\"javascript");
	CHECK_LACKS(r.html.ptr, "href=\"JaVaScRiPt");
	CHECK_LACKS(r.html.ptr, "href=\"data:");
	CHECK_LACKS(r.html.ptr, "href=\"vbscript:");
	CHECK_LACKS(r.html.ptr, "<img");
	CHECK_LACKS(r.html.ptr, "<b>");
	CHECK_LACKS(r.html.ptr, "<i>");
	CHECK_LACKS(r.html.ptr, "mailto:");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://example.com/ok\">a good one</a>");
	CHECK_CONTAINS(r.html.ptr,
		       "<h1 class=\"api-title\">&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; co</h1>");
	/* anchors keep only URL-friendly characters, and never collide */
	CHECK(r.doc.nops == 2);
	if (r.doc.nops == 2) {
		CHECK_STR(r.doc.ops[0].anchor, "get-/search/:q/a-b/-/-x-");
		CHECK_STR(r.doc.ops[1].anchor, "get-/search/:q/a-b/-/-x--2");
		CHECK_STR(r.doc.ops[0].id_anchor, "find-it-now-");
		/* the structured data is plain text, for the caller to escape */
		CHECK_STR(r.doc.ops[0].tag, "Tag \"quoted\" & <odd>");
	}
	run_release(&r);
}

/* ---------------------------------------------------------------- anchors and search */

TEST(anchors_follow_the_documented_scheme)
{
	static const char spec[] =
		"openapi: 3.1.0\n"
		"info: {title: A, version: '1'}\n"
		"tags: [{name: Pet Store}]\n"
		"paths:\n"
		"  /pets/{petId}/toys/{toy-id}:\n"
		"    get: {operationId: getToy, tags: [Pet Store], responses: {}}\n"
		"    put: {operationId: 'get-/pets', responses: {}}\n"
		"  /pets:\n"
		"    get: {operationId: listPets, responses: {}}\n"
		"  /v1/{name}:cancel:\n"
		"    post: {responses: {}}\n";
	struct run r;
	run_text(&r, spec, "api.yaml", NULL, NULL);
	CHECK(r.rc == 0 && r.doc.nops == 4);
	if (r.doc.nops == 4) {
		CHECK_STR(r.doc.ops[0].anchor, "get-/pets/:petId/toys/:toy-id");
		CHECK_STR(r.doc.ops[0].id_anchor, "getToy");
		CHECK_STR(r.doc.ops[1].anchor, "put-/pets/:petId/toys/:toy-id");
		/* an operationId that equals another anchor gets none */
		CHECK(r.doc.ops[1].id_anchor == NULL);
		CHECK_STR(r.doc.ops[2].anchor, "get-/pets");
		CHECK_STR(r.doc.ops[3].anchor, "post-/v1/:name:cancel");
		CHECK_STR(r.doc.ops[3].method, "POST");
	}
	CHECK_CONTAINS(r.html.ptr, "<section class=\"api-tag\" id=\"tag-pet-store\">");
	CHECK_CONTAINS(r.html.ptr,
		       "<section class=\"api-op\" id=\"get-/pets/:petId/toys/:toy-id\">\n<h3 id=\"getToy\">");
	CHECK_CONTAINS(r.html.ptr, "href=\"#get-/pets/:petId/toys/:toy-id\"");
	run_release(&r);
}

TEST(operations_are_search_entries)
{
	static const char spec[] =
		"openapi: 3.0.0\n"
		"info: {title: A, version: '1'}\n"
		"paths:\n"
		"  /orders/{id}:\n"
		"    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
		"    get:\n"
		"      summary: Fetch an order\n"
		"      description: Returns *one* order, with its lines.\n"
		"      operationId: getOrder\n"
		"      parameters: [{name: expand, in: query, schema: {type: boolean}}]\n"
		"      responses: {'200': {description: OK}}\n";
	struct run r;
	run_text(&r, spec, "api.yaml", NULL, NULL);
	CHECK(r.doc.nops == 1);
	if (r.doc.nops == 1) {
		CHECK_STR(r.doc.ops[0].text,
			  "Fetch an order Returns one order, with its lines. getOrder id expand");
		CHECK_STR(r.doc.ops[0].summary, "Fetch an order");
		CHECK_STR(r.doc.ops[0].operation_id, "getOrder");
		CHECK(r.doc.ops[0].line == 7);
	}
	run_release(&r);
}

/* ---------------------------------------------------------------- $ref */

TEST(refs_resolve_relative_to_the_referring_file)
{
	static const char *const files[] = {
		"api/v1/schemas/pet.yaml",
		"Pet: {type: object, properties: {owner: {$ref: '../../shared/owner.json#/Owner'}}}\n",
		"api/shared/owner.json",
		"{\"Owner\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}}}}",
		"top.yaml",
		"Top: {type: string}\n",
		NULL
	};
	static const char spec[] =
		"openapi: 3.0.0\n"
		"info: {title: A, version: '1'}\n"
		"paths:\n"
		"  /p:\n"
		"    get:\n"
		"      responses:\n"
		"        '200':\n"
		"          description: OK\n"
		"          content:\n"
		"            application/json:\n"
		"              schema: {$ref: './schemas/./pet.yaml#/Pet'}\n"
		"            text/plain:\n"
		"              schema: {$ref: '/top.yaml#/Top'}\n";
	struct memfs fs = { files, 0, "" };
	struct run r;
	run_text(&r, spec, "api/v1/openapi.yaml", load_mem, &fs);
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK(fs.loads == 3);
	CHECK_CONTAINS(r.html.ptr, "<span class=\"api-parent\">owner.</span>name");
	CHECK_CONTAINS(r.html.ptr, "From <code>api/shared/owner.json</code>");
	CHECK_CONTAINS(r.html.ptr, "From <code>top.yaml</code>");
	run_release(&r);
}

TEST(refs_never_climb_above_the_root)
{
	static const char spec[] = "openapi: 3.0.0\n"
				   "info: {title: A, version: '1'}\n"
				   "components:\n"
				   "  schemas:\n"
				   "    A: {$ref: '../../secret.yaml'}\n"
				   "    B: {$ref: '%2e%2e/x.yaml'}\n";
	struct memfs fs = { NULL, 0, "" };
	struct run r;
	run_text(&r, spec, "api/openapi.yaml", load_mem, &fs);
	CHECK(r.rc == 0);
	CHECK(has_diag(&r.d, "api/openapi.yaml", 5, "points above the repository root"));
	/* "%2e%2e/x.yaml" from api/ is x.yaml at the root: allowed */
	CHECK(has_diag(&r.d, "api/openapi.yaml", 6,
		       "names \"x.yaml\", which is not a file"));
	CHECK(fs.loads == 1);
	CHECK_STR(fs.last, "x.yaml");
	run_release(&r);
}

TEST(refs_to_other_files_without_a_loader_are_reported)
{
	static const char spec[] = "openapi: 3.0.0\n"
				   "info: {title: A, version: '1'}\n"
				   "components:\n"
				   "  schemas:\n"
				   "    A: {$ref: 'other.yaml#/A'}\n";
	struct run r;
	run_text(&r, spec, NULL, NULL, NULL);
	CHECK(r.rc == 0);
	CHECK(r.d.len == 1);
	CHECK(r.d.len && r.d.items[0].line == 5 && r.d.items[0].path == NULL &&
	      strstr(r.d.items[0].msg, "cannot be read for an inline definition"));
	run_release(&r);
}

TEST(json_pointer_escapes_and_array_indexes)
{
	static const char spec[] =
		"openapi: 3.0.0\n"
		"info: {title: A, version: '1'}\n"
		"paths:\n"
		"  /a/{b}:\n"
		"    get:\n"
		"      responses:\n"
		"        '200':\n"
		"          description: OK\n"
		"          content:\n"
		"            application/json:\n"
		"              schema: {type: object, properties: {x: {type: string, format: picked}}}\n"
		"  /c:\n"
		"    get:\n"
		"      parameters:\n"
		"        - {name: first, in: query, schema: {type: integer}}\n"
		"      responses:\n"
		"        '200':\n"
		"          description: OK\n"
		"          content:\n"
		"            application/json:\n"
		"              schema: {$ref: '#/paths/~1a~1%7Bb%7D/get/responses/200/content/application~1json/schema/properties/x'}\n"
		"    post:\n"
		"      parameters:\n"
		"        - $ref: '#/paths/~1c/get/parameters/0'\n"
		"      responses: {}\n";
	struct run r;
	run_text(&r, spec, "api.yaml", NULL, NULL);
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK_CONTAINS(r.html.ptr, "<a class=\"api-ref\" href=\"#schema-x\">x</a>");
	CHECK_CONTAINS(r.html.ptr,
		       "<p class=\"api-schema-type\">Type: string (picked)</p>");
	CHECK_CONTAINS(r.html.ptr,
		       "<code>first</code></td><td>query</td><td class=\"api-type\">integer</td>");
	run_release(&r);
}

TEST(each_file_is_read_once)
{
	static const char *const files[] = {
		"s.yaml",
		"A: {type: object, properties: {b: {$ref: '#/B'}}}\nB: {type: string}\n", NULL
	};
	struct buf spec = BUF_INIT;
	buf_puts(&spec, "openapi: 3.0.0\ninfo: {title: A, version: '1'}\npaths:\n");
	for (int i = 0; i < 50; i++)
		buf_printf(&spec,
			   "  /p%d:\n    get:\n      responses:\n        '200':\n"
			   "          description: OK\n          content:\n"
			   "            application/json: {schema: {$ref: 's.yaml#/A'}}\n"
			   "        '404': {description: no, content: {application/json: {schema: {$ref: 'missing.yaml#/X'}}}}\n",
			   i);
	struct memfs fs = { files, 0, "" };
	struct run r;
	run_text(&r, spec.ptr, "openapi.yaml", load_mem, &fs);
	CHECK(r.rc == 0 && r.doc.nops == 50);
	CHECK(fs.loads == 2);
	CHECK(r.d.len == 1); /* the missing file, once */
	run_release(&r);
	buf_release(&spec);
}

/* ---------------------------------------------------------------- failures */

TEST(nothing_usable_returns_minus_one)
{
	static const char *const texts[] = { "", "- a\n- b\n", "just text\n",
					     "openapi: 3.0.0\nfoo: bar\n", NULL };
	for (int i = 0; texts[i]; i++) {
		struct run r;
		run_text(&r, texts[i], "api.yaml", NULL, NULL);
		CHECK(r.rc == -1);
		CHECK(r.doc.nops == 0 && !r.doc.ok);
		CHECK_CONTAINS(r.html.ptr, "This API description could not be shown");
		CHECK(html_balanced(r.html.ptr));
		run_release(&r);
	}
}

TEST(alias_bombs_are_refused)
{
	static const char spec[] =
		"openapi: 3.0.0\n"
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	struct run r;
	run_text(&r, spec, "api.yaml", NULL, NULL);
	CHECK(r.rc == -1);
	CHECK(has_diag(&r.d, "api.yaml", 8, "alias bomb"));
	run_release(&r);
}

TEST(deep_nesting_is_cut)
{
	struct buf spec = BUF_INIT;
	buf_puts(&spec, "openapi: 3.0.0\ninfo: {title: A, version: '1'}\n"
			"components:\n  schemas:\n    Deep: ");
	for (int i = 0; i < 40; i++)
		buf_puts(&spec, "{type: object, properties: {x: ");
	buf_puts(&spec, "{type: string}");
	for (int i = 0; i < 40; i++)
		buf_puts(&spec, "}}");
	buf_puts(&spec, "\n");
	struct run r;
	run_text(&r, spec.ptr, "api.yaml", NULL, NULL);
	CHECK(r.rc == 0);
	CHECK_CONTAINS(r.html.ptr, "nested too deeply to show here");
	CHECK(html_balanced(r.html.ptr));
	run_release(&r);
	buf_release(&spec);
}

/* ---------------------------------------------------------------- sniffing and source */

TEST(sniff_finds_top_level_version_keys)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "openapi: 3.0.0\ninfo: {}\n", 1 },
		{ "# comment\n---\nswagger: \"2.0\"\n", 1 },
		{ "info:\n  title: x\nopenapi: 3.1.0\n", 1 },
		{ "\"openapi\": 3.1.0\n", 1 },
		{ "'swagger' : '2.0'\n", 1 },
		{ "\xEF\xBB\xBFopenapi: 3.0.0\n", 1 },
		{ "{\"info\": {\"openapi\": 1}, \"openapi\" : \"3.0.0\"}", 1 },
		{ "  {\n \"swagger\": \"2.0\"\n}", 1 },
		{ "{openapi: 3.0.0, info: {}}", 1 },
		{ "info:\n  openapi: 3.0.0\n", 0 },
		{ "{\"info\": {\"openapi\": \"3.0.0\"}}", 0 },
		{ "{\"x\": \"openapi\", \"y\": 1}", 0 },
		{ "asyncapi: 2.6.0\n", 0 },
		{ "openapis: 1\n", 0 },
		{ "description: openapi: 3\n", 0 },
		{ "", 0 },
		{ "{\"openapi", 0 },
		/* a whole document indented (YAML allows it) */
		{ "  swagger: \"2.0\"\n  info: {title: x}\n", 1 },
		{ "---\n    info:\n        title: x\n    swagger: '2.0'\n", 1 },
		{ "  info:\n    openapi: 3.0.0\n", 0 },
		{ "info:\n    title: x\nopenapi: 3.0.0\n", 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = openapi_sniff(cases[i].text, strlen(cases[i].text));
		if (got != cases[i].want)
			fprintf(stderr, "  sniff case %zu: got %d\n", i, got);
		CHECK(got == cases[i].want);
	}
	CHECK(openapi_sniff(NULL, 0) == 0);
}

TEST(render_source_escapes_and_names_the_kind)
{
	struct buf html = BUF_INIT;
	CHECK(openapi_render_source(&html, "type Query { a: <b> }\n", 22,
				    "graphql") == 0);
	CHECK_CONTAINS(html.ptr, "This is a GraphQL definition");
	CHECK_CONTAINS(html.ptr, "type Query { a: &lt;b&gt; }");
	CHECK(html_balanced(html.ptr));
	buf_clear(&html);
	CHECK(openapi_render_source(&html, "a\0b\xff", 4, "<x>") == 0);
	CHECK_CONTAINS(html.ptr, "a <code>&lt;x&gt;</code> definition");
	CHECK_CONTAINS(html.ptr, "a\xEF\xBF\xBD"
				 "b\xEF\xBF\xBD");
	buf_clear(&html);
	CHECK(openapi_render_source(&html, NULL, 0, NULL) == 0);
	CHECK_CONTAINS(html.ptr, "This is an API definition");
	buf_release(&html);
}

/* ---------------------------------------------------------------- big specs */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A description with nops operations (two per path) and nschemas shared
 * schemas that refer to each other; pad bytes of prose per description
 * make it as big as real ones get. */
static void big_spec(struct buf *b, int nops, int nschemas, int pad)
{
	static const char prose[] =
		"Lorem ipsum *dolor* sit amet, `consectetur` adipiscing elit; "
		"see [the guide](https://example.com/guide) for details. ";
	buf_puts(b, "openapi: 3.0.3\ninfo:\n  title: Big\n  version: '1'\n"
		    "tags:\n");
	for (int t = 0; t < 20; t++)
		buf_printf(b, "  - name: tag%d\n    description: Tag %d.\n", t, t);
	buf_puts(b, "paths:\n");
	for (int i = 0; i < nops / 2; i++) {
		buf_printf(b, "  /r%d/items/{id}:\n", i);
		buf_puts(b, "    parameters:\n      - {name: id, in: path, required: true, schema: {type: string}}\n");
		for (int m = 0; m < 2; m++) {
			int s = (i * 7 + m) % nschemas;
			buf_printf(b,
				   "    %s:\n      tags: [tag%d]\n      operationId: op%d_%d\n"
				   "      summary: Operation %d of resource %d\n      description: |\n",
				   m ? "post" : "get", i % 20, i, m, m, i);
			for (int k = 0; k < pad; k += (int)sizeof(prose) - 1)
				buf_printf(b, "        %s\n", prose);
			buf_puts(b, "      parameters:\n");
			for (int p = 0; p < 4; p++)
				buf_printf(b,
					   "        - name: q%d\n          in: query\n"
					   "          description: Parameter %d. %s\n"
					   "          schema: {type: integer, minimum: 0, default: %d}\n",
					   p, p, prose, p);
			if (m)
				buf_printf(b,
					   "      requestBody:\n        content:\n          application/json:\n"
					   "            schema: {$ref: '#/components/schemas/S%d'}\n",
					   s);
			buf_printf(b,
				   "      responses:\n        '200':\n          description: OK. %s\n"
				   "          content:\n            application/json:\n"
				   "              schema:\n                type: object\n"
				   "                properties:\n"
				   "                  data: {$ref: '#/components/schemas/S%d'}\n",
				   prose, s);
			for (int p = 0; p < 8; p++)
				buf_printf(b, "                  f%d: {type: string, description: 'Field %d. %s'}\n",
					   p, p, prose);
			buf_puts(b, "        '404':\n          $ref: '#/components/responses/NotFound'\n");
		}
	}
	buf_puts(b, "components:\n  responses:\n    NotFound:\n      description: Not found.\n"
		    "      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/S0'}\n"
		    "  schemas:\n");
	for (int s = 0; s < nschemas; s++) {
		buf_printf(b,
			   "    S%d:\n      type: object\n      description: Schema %d. %s\n"
			   "      properties:\n",
			   s, s, prose);
		for (int p = 0; p < 12; p++)
			buf_printf(b, "        p%d: {type: string, description: 'Property %d. %s'}\n",
				   p, p, prose);
		buf_printf(b, "        next: {$ref: '#/components/schemas/S%d'}\n",
			   (s + 1) % nschemas);
		buf_printf(b, "        list: {type: array, items: {$ref: '#/components/schemas/S%d'}}\n",
			   (s * 3 + 1) % nschemas);
	}
}

TEST(thousand_operations_render_in_linear_time)
{
	struct buf spec = BUF_INIT;
	big_spec(&spec, 1000, 300, 6000);
	struct run r;
	double t0 = now();
	run_text(&r, spec.ptr, "openapi.yaml", NULL, NULL);
	double t1 = now();
	CHECK(r.rc == 0 && r.doc.ok);
	dump_diags(&r.d);
	CHECK(r.doc.nops == 1000);
	CHECK(spec.len > 10u * 1000 * 1000);
	/* linear: the page is a small multiple of the description */
	CHECK(r.html.len < 5 * spec.len);
	/* generous, for sanitizer builds on slow machines */
	CHECK(t1 - t0 < 60.0);
	CHECK(html_balanced(r.html.ptr));
	if (getenv("CAIRN_OPENAPI_BENCH"))
		fprintf(stderr, "big spec: %zu operations, %.1f MB in, %.1f MB out, %.2f s\n",
			r.doc.nops, (double)spec.len / 1e6,
			(double)r.html.len / 1e6, t1 - t0);
	run_release(&r);
	buf_release(&spec);
}

TEST(a_big_shared_schema_is_linked_not_copied)
{
	struct buf spec = BUF_INIT;
	buf_puts(&spec, "openapi: 3.0.0\ninfo: {title: A, version: '1'}\npaths:\n");
	for (int i = 0; i < 1000; i++)
		buf_printf(&spec,
			   "  /p%d:\n    get:\n      responses:\n        '200':\n"
			   "          description: OK\n          content:\n"
			   "            application/json: {schema: {$ref: '#/components/schemas/Big'}}\n",
			   i);
	buf_puts(&spec, "components:\n  schemas:\n    Big:\n      type: object\n      properties:\n");
	for (int p = 0; p < 500; p++)
		buf_printf(&spec, "        p%d: {type: object, properties: {a: {type: string}, b: {type: string}}}\n",
			   p);
	struct run r;
	run_text(&r, spec.ptr, "api.yaml", NULL, NULL);
	CHECK(r.rc == 0 && r.doc.nops == 1000);
	/* 1,500 rows once in Schemas, a link at each of the 1,000 uses */
	CHECK(r.html.len < 2000000);
	CHECK_CONTAINS(r.html.ptr,
		       "<p class=\"api-schema-type\">Schema: <a class=\"api-ref\" href=\"#schema-Big\">Big</a></p>\n</div>");
	run_release(&r);
	buf_release(&spec);
}

TEST(declared_without_info_or_paths_is_reported)
{
	struct run r;
	run_text(&r, "openapi: 3.0.0\nfoo: bar\n", "api.yaml", NULL, NULL);
	CHECK(r.rc == -1);
	CHECK(has_diag(&r.d, "api.yaml", 1, "has neither info: nor paths:"));
	dump_diags(&r.d);
	run_release(&r);
}

/* ---------------------------------------------------------------- probing */

TEST(probe_reads_titles_versions_and_counts_operations)
{
	static const char spec[] =
		"openapi: 3.1.0\n"
		"info:\n  title: >\n    Swagger\n    Petstore\n  version: 1.0.0\n"
		"paths:\n"
		"  /pets: {get: {}, post: {}, parameters: [], summary: x}\n"
		"  /pets/{id}: {delete: {}}\n"
		"  x-extra: {get: {}}\n"
		"webhooks:\n  newPet: {post: {}}\n";
	struct arena a;
	struct openapi_probe p;
	arena_init(&a);
	CHECK(openapi_probe(&p, &a, spec, strlen(spec), NULL, NULL) == 1);
	CHECK(p.kind == OPENAPI_DESCRIPTION && p.declared);
	CHECK_STR(p.title, "Swagger Petstore");
	CHECK_STR(p.version, "1.0.0");
	CHECK_STR(p.spec_version, "3.1.0");
	CHECK(p.noperations == 4);
	CHECK(p.why == NULL);
	/* a blank title is no title */
	CHECK(openapi_probe(&p, &a, "swagger: '2.0'\ninfo: {title: '  '}\n", 34,
			    NULL, NULL) == 1);
	CHECK(p.title == NULL && p.version == NULL && p.noperations == 0);
	arena_release(&a);
}

TEST(probe_lists_the_files_its_refs_name)
{
	static const char spec[] =
		"swagger: '2.0'\n"
		"paths:\n"
		"  /a: {get: {responses: {200: {schema: {$ref: '../common/Error.yaml'}}}}}\n"
		"  /b: {$ref: 'parameters.yaml#/b'}\n"
		"definitions:\n"
		"  Pet: {$ref: 'Pet.yaml'}\n"
		"  Same: {$ref: './Pet.yaml#/x'}\n"
		"  Local: {$ref: '#/definitions/Pet'}\n"
		"  Far: {$ref: 'https://example.com/x.yaml'}\n"
		"  Up: {$ref: '../../../../x.yaml'}\n";
	struct arena a;
	struct openapi_probe p;
	arena_init(&a);
	CHECK(openapi_probe(&p, &a, spec, strlen(spec), "spec/swagger.yaml", NULL) == 1);
	CHECK(p.nrefs == 3);
	if (p.nrefs == 3) {
		CHECK_STR(p.refs[0], "common/Error.yaml");
		CHECK_STR(p.refs[1], "spec/parameters.yaml");
		CHECK_STR(p.refs[2], "spec/Pet.yaml");
	}
	/* without a path, none */
	CHECK(openapi_probe(&p, &a, spec, strlen(spec), NULL, NULL) == 1);
	CHECK(p.nrefs == 0);
	arena_release(&a);
}

TEST(probe_detects_by_content_however_it_is_indented)
{
	static const char *const texts[] = {
		/* Swagger 2.0 with 4-space indentation */
		"swagger: \"2.0\"\ninfo:\n    title: Four\n    version: \"1\"\npaths:\n    /a:\n        get:\n            responses:\n                200:\n                    description: ok\n",
		/* the whole document indented */
		"  swagger: '2.0'\n  info:\n    title: Four\n  paths:\n    /a: {get: {}}\n",
		/* flow style */
		"{swagger: '2.0', info: {title: Four}, paths: {/a: {get: {}}}}\n",
		/* JSON, with the version key last */
		"{\"info\": {\"title\": \"Four\"}, \"paths\": {\"/a\": {\"get\": {}}}, \"swagger\": \"2.0\"}",
		NULL,
	};
	for (int i = 0; texts[i]; i++) {
		struct arena a;
		struct openapi_probe p;
		arena_init(&a);
		int rc = openapi_probe(&p, &a, texts[i], strlen(texts[i]), NULL, NULL);
		if (rc != 1)
			fprintf(stderr, "  case %d: kind %d (%s)\n", i, p.kind,
				p.why ? p.why : "");
		CHECK(rc == 1);
		CHECK_STR(p.title, "Four");
		CHECK(p.noperations == 1);
		arena_release(&a);
	}
}

/* A page parses its description's YAML once for its shape and its page
 * (openapi_tree): a parse given the tree's very text reads the tree
 * (parsed on first use, then the same), reads what a parse of its own
 * reads, and a parse of other text does not touch the tree. */
TEST(a_shared_tree_is_parsed_once_and_read_alike)
{
	static const char one[] =
		"openapi: 3.0.0\n"
		"info: {title: One, version: '1'}\n"
		"paths:\n"
		"  /a: {get: {responses: {'200': {description: ok}}}}\n"
		"  /b: {post: {responses: {'201': {description: ok}}}}\n";
	static const char two[] = "openapi: 3.0.0\n"
				  "info: {title: Two, version: '2'}\n"
				  "paths: {}\n";
	static const char bad[] = "openapi: [\n";
	struct arena a;
	struct yaml_limits lim = YAML_LIMITS_INIT;
	struct openapi_description own, x, y, z;
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	arena_init(&a);
	o.lim = &lim;
	CHECK(openapi_parse(&own, &a, one, sizeof(one) - 1, &o, NULL) == 0);
	struct openapi_tree t = OPENAPI_TREE_INIT(one, sizeof(one) - 1, &lim);
	o.tree = &t;
	CHECK(openapi_parse(&x, &a, one, sizeof(one) - 1, &o, NULL) == 0);
	CHECK(t.done == 1 && t.rc == 0 && t.root != NULL);
	struct val *root = t.root;
	CHECK(openapi_parse(&y, &a, one, sizeof(one) - 1, &o, NULL) == 0);
	CHECK(t.root == root); /* not parsed again */
	CHECK(x.doc.nops == 2 && y.doc.nops == own.doc.nops);
	CHECK(strcmp(y.doc.title, "One") == 0 && strcmp(own.doc.title, "One") == 0);
	for (size_t i = 0; i < own.doc.nops; i++)
		CHECK(strcmp(y.doc.ops[i].anchor, own.doc.ops[i].anchor) == 0);
	/* other text (even the same bytes elsewhere) is parsed on its own */
	CHECK(openapi_parse(&z, &a, two, sizeof(two) - 1, &o, NULL) == 0);
	CHECK(strcmp(z.doc.title, "Two") == 0 && t.root == root);
	openapi_description_release(&own);
	openapi_description_release(&x);
	openapi_description_release(&y);
	openapi_description_release(&z);
	/* the tree's failure is each parse's failure, with the same reason */
	struct openapi_tree tb = OPENAPI_TREE_INIT(bad, sizeof(bad) - 1, &lim);
	o.tree = NULL;
	CHECK(openapi_parse(&own, &a, bad, sizeof(bad) - 1, &o, NULL) < 0);
	o.tree = &tb;
	CHECK(openapi_parse(&x, &a, bad, sizeof(bad) - 1, &o, NULL) < 0);
	CHECK(openapi_parse(&y, &a, bad, sizeof(bad) - 1, &o, NULL) < 0);
	CHECK(tb.done == 1 && tb.rc < 0);
	CHECK(strcmp(own.why, x.why) == 0 && strcmp(x.why, y.why) == 0);
	openapi_description_release(&own);
	openapi_description_release(&x);
	openapi_description_release(&y);
	arena_release(&a);
}

TEST(probe_says_why_a_file_is_not_a_description)
{
	struct arena a;
	struct openapi_probe p;
	arena_init(&a);
	/* a tab where indentation is expected: libyaml refuses it; the text
	 * still declares swagger:, so it was meant to be one */
	const char *tabs = "swagger: '2.0'\ninfo:\n\ttitle: x\n";
	CHECK(openapi_probe(&p, &a, tabs, strlen(tabs), NULL, NULL) == 0);
	CHECK(p.kind == OPENAPI_UNPARSED && p.declared && p.line == 3);
	CHECK_CONTAINS(p.why, "does not parse as YAML or JSON (line 3: ");
	/* a broken file that does not declare either */
	const char *broken = "key: [unclosed\n";
	CHECK(openapi_probe(&p, &a, broken, strlen(broken), NULL, NULL) == 0);
	CHECK(p.kind == OPENAPI_UNPARSED && !p.declared);
	/* not a mapping */
	CHECK(openapi_probe(&p, &a, "- a\n- b\n", 8, NULL, NULL) == 0);
	CHECK(p.kind == OPENAPI_NOT_MAPPING);
	CHECK_STR(p.why, "is a list, not a mapping of openapi:, info: and paths:");
	CHECK(openapi_probe(&p, &a, "", 0, NULL, NULL) == 0);
	CHECK(p.kind == OPENAPI_NOT_MAPPING);
	CHECK_STR(p.why, "is empty");
	/* neither key, with what it is instead when it says */
	CHECK(openapi_probe(&p, &a, "replicas: 3\n", 12, NULL, NULL) == 0);
	CHECK(p.kind == OPENAPI_UNDECLARED && p.other == NULL && p.line == 1);
	CHECK_STR(p.why, "declares neither openapi: nor swagger:");
	CHECK(openapi_probe(&p, &a, "asyncapi: 2.6.0\ninfo: {}\n", 25, NULL, NULL) == 0);
	CHECK_STR(p.other, "asyncapi: 2.6.0");
	CHECK(openapi_probe(&p, &a, "{\"swaggerVersion\": \"1.2\", \"apis\": []}",
			    37, NULL, NULL) == 0);
	CHECK_STR(p.other, "swaggerVersion: 1.2");
	/* over the YAML limits */
	struct yaml_limits lim = { 3, 1000, 0 };
	const char *deep = "openapi: 3.0.0\na: {b: {c: {d: {e: 1}}}}\n";
	CHECK(openapi_probe(&p, &a, deep, strlen(deep), NULL, &lim) == 0);
	CHECK(p.kind == OPENAPI_UNPARSED && p.declared);
	arena_release(&a);
}

/* ---------------------------------------------------------------- callbacks */

static const char callbacks_spec[] =
	"openapi: 3.0.3\n"
	"info: {title: Streams, version: '1'}\n"
	"paths:\n"
	"  /streams:\n"
	"    post:\n"
	"      summary: Subscribe\n"
	"      parameters:\n"
	"        - {name: callbackUrl, in: query, schema: {type: string}}\n"
	"      responses: {'201': {description: subscribed}}\n"
	"      callbacks:\n"
	"        onData:\n"
	"          '{$request.query.callbackUrl}/data':\n"
	"            post:\n"
	"              summary: New data\n"
	"              requestBody:\n"
	"                content:\n"
	"                  application/json:\n"
	"                    schema: {type: object, properties: {ts: {type: string}}}\n"
	"              responses: {'202': {description: accepted}}\n"
	"            delete:\n"
	"              summary: Stream closed\n"
	"              responses: {'204': {description: gone}}\n"
	"        onError:\n"
	"          $ref: '#/components/callbacks/Error'\n"
	"        onNothing:\n"
	"          $ref: '#/components/callbacks/Missing'\n"
	"        onText: just text\n"
	"components:\n"
	"  callbacks:\n"
	"    Error:\n"
	"      '{$request.body#/errorUrl}':\n"
	"        post:\n"
	"          summary: Something failed\n"
	"          responses: {'200': {description: ok}}\n"
	"          callbacks:\n"
	"            nested: {'{$url}': {get: {summary: deeper}}}\n";

TEST(callbacks_show_their_operations_with_anchors)
{
	struct run r;
	run_text(&r, callbacks_spec, "api.yaml", NULL, NULL);
	CHECK(r.rc == 0);
	CHECK(r.doc.nops == 1); /* callbacks are not the API's operations */
	CHECK_CONTAINS(r.html.ptr, "<div class=\"api-callbacks\">\n<h4>Callbacks</h4>");
	CHECK_CONTAINS(r.html.ptr,
		       "<p class=\"api-callback-name\">Callback <code>onData</code>");
	/* each operation of each URL expression, with method, expression,
	 * summary and its own anchor, headings two levels down */
	CHECK_CONTAINS(r.html.ptr,
		       "<section class=\"api-op api-callback-op\" id=\"post-/streams.cb-onData-post-:request.query.callbackUrl/data\">\n"
		       "<h5><span class=\"api-method api-method-post\">POST</span> "
		       "<code class=\"api-path\">{$request.query.callbackUrl}/data</code> "
		       "<a class=\"api-permalink\" href=\"#post-/streams.cb-onData-post-:request.query.callbackUrl/data\"");
	CHECK_CONTAINS(r.html.ptr, "<p class=\"api-summary\">New data</p>");
	CHECK_CONTAINS(r.html.ptr,
		       "id=\"post-/streams.cb-onData-delete-:request.query.callbackUrl/data\"");
	CHECK_CONTAINS(r.html.ptr, "<p class=\"api-summary\">Stream closed</p>");
	CHECK_CONTAINS(r.html.ptr, "<h6>Request body");
	/* through a $ref to components/callbacks */
	CHECK_CONTAINS(r.html.ptr,
		       "id=\"post-/streams.cb-onError-post-:request.body-/errorUrl\"");
	CHECK_CONTAINS(r.html.ptr, "Something failed");
	/* a callback's callback is named, not expanded */
	CHECK_CONTAINS(r.html.ptr,
		       "<code>nested</code> (a callback's callback: not expanded)");
	CHECK_LACKS(r.html.ptr, "deeper");
	/* broken ones are said */
	CHECK_CONTAINS(r.html.ptr, "This callback is a $ref that leads nowhere");
	CHECK(has_diag(&r.d, "api.yaml", 26, "#/components/callbacks/Missing"));
	CHECK(has_diag(&r.d, "api.yaml", 27,
		       "callback \"onText\" of POST /streams is a string, not a mapping"));
	CHECK(html_balanced(r.html.ptr));
	dump_diags(&r.d);
	run_release(&r);
	/* the same description, the same anchors */
	struct run again;
	run_text(&again, callbacks_spec, "api.yaml", NULL, NULL);
	CHECK(strstr(again.html.ptr,
		     "id=\"post-/streams.cb-onData-post-:request.query.callbackUrl/data\"") !=
	      NULL);
	run_release(&again);
}

/* A theme's api-* layouts are what the reference is made of: one
 * overridden changes that piece only, its fields still escaped; a layout
 * the theme lacks is an operator diagnostic, not a crash. */
TEST(a_theme_restyles_the_reference_through_its_api_layouts)
{
	static const char spec[] =
		"openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
		"paths:\n  /a:\n    get:\n      summary: \"<b>&\"\n"
		"      responses: {'200': {description: ok}}\n";
	static const char op[] =
		"<article id=\"{{anchor}}\">{{method}} {{path}}|{{summary}}</article>\n";
	struct theme t;
	struct diag_list td;
	struct buf err = BUF_INIT;
	diag_init(&td);
	CHECK(theme_load(&t, NULL, &td) == 0);
	CHECK(mustache_set_add(t.layouts, "api-operation", op, strlen(op), &err) == 0);

	struct arena a;
	struct diag_list d;
	struct buf html = BUF_INIT;
	struct openapi_doc doc;
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	arena_init(&a);
	diag_init(&d);
	o.templates = t.layouts;
	CHECK(openapi_render(&html, &doc, &a, spec, strlen(spec), &o, &d) == 0);
	CHECK_CONTAINS(html.ptr,
		       "<section class=\"api-tag\" id=\"tag-default\">\n<h2>default</h2>\n"
		       "<article id=\"get-/a\">GET /a|&lt;b&gt;&amp;</article>\n</section>\n");
	CHECK(doc.ok && d.len == 0);

	/* a set without the layouts: the pieces are missing, and said once */
	struct mustache_set *bare = mustache_set_new();
	buf_clear(&html);
	o.templates = bare;
	CHECK(openapi_render(&html, &doc, &a, spec, strlen(spec), &o, &d) == 0);
	CHECK(!doc.ok && d.len == 1);
	CHECK(d.len > 0 && d.items[0].cls == DIAG_OPERATOR &&
	      strstr(d.items[0].msg, "layout \"api-") != NULL);
	mustache_set_free(bare);

	buf_release(&html);
	buf_release(&err);
	diag_release(&d);
	diag_release(&td);
	arena_release(&a);
	theme_release(&t);
}

int main(void)
{
	RUN(golden_openapi_3_0_yaml);
	RUN(golden_openapi_3_1_json);
	RUN(golden_swagger_2_0_yaml);
	RUN(golden_swagger_2_0_json);
	RUN(golden_multi_file_refs);
	RUN(golden_multi_file_broken_refs);
	RUN(golden_recursive_schemas);
	RUN(golden_broken_refs_are_reported_with_lines);
	RUN(golden_syntax_error_shows_source);
	RUN(golden_missing_version_still_renders);
	RUN(golden_unknown_version_still_renders);
	RUN(golden_everything_is_escaped);
	RUN(anchors_follow_the_documented_scheme);
	RUN(operations_are_search_entries);
	RUN(refs_resolve_relative_to_the_referring_file);
	RUN(refs_never_climb_above_the_root);
	RUN(refs_to_other_files_without_a_loader_are_reported);
	RUN(json_pointer_escapes_and_array_indexes);
	RUN(each_file_is_read_once);
	RUN(nothing_usable_returns_minus_one);
	RUN(alias_bombs_are_refused);
	RUN(deep_nesting_is_cut);
	RUN(sniff_finds_top_level_version_keys);
	RUN(render_source_escapes_and_names_the_kind);
	RUN(thousand_operations_render_in_linear_time);
	RUN(a_big_shared_schema_is_linked_not_copied);
	RUN(declared_without_info_or_paths_is_reported);
	RUN(probe_reads_titles_versions_and_counts_operations);
	RUN(probe_lists_the_files_its_refs_name);
	RUN(probe_detects_by_content_however_it_is_indented);
	RUN(a_shared_tree_is_parsed_once_and_read_alike);
	RUN(probe_says_why_a_file_is_not_a_description);
	RUN(callbacks_show_their_operations_with_anchors);
	RUN(a_theme_restyles_the_reference_through_its_api_layouts);
	return harness_report();
}
