/* Tests for apidiff.c and openapi_shape.c: each folder of
 * tests/fixtures/apidiff/ holds a description before (from.yaml) and
 * after (to.yaml), with the files they $ref, and the changes expected
 * (expected: one line per change, "breaking" or "compatible", kind,
 * operation anchor, detail); CAIRN_REGEN_GOLDEN=1 rewrites them.  Each
 * folder is named after the rule it proves. */
#include "apidiff.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"

#define FIXTURES "tests/fixtures/apidiff"

/* $refs read files of the case's folder. */
static int load(const char *repo_path, struct buf *out, void *userdata)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", (const char *)userdata, repo_path);
	return fixture_append(out, path);
}

static int shape_of(struct openapi_shape *s, struct openapi_description *desc,
		    struct arena *a, const char *dir, const char *name,
		    struct diag_list *d)
{
	struct buf text = BUF_INIT;
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	char path[1024];
	int rc = -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o.path = name;
	o.load = load;
	o.userdata = (void *)dir;
	if (fixture_append(&text, path) == 0 &&
	    openapi_parse(desc, a, text.ptr, text.len, &o, d) == 0)
		rc = openapi_shape(s, desc);
	buf_release(&text);
	return rc;
}

static void dump(struct buf *out, const struct apidiff_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s %s %s: %s\n",
			   c[i].breaking ? "breaking" : "compatible", c[i].kind,
			   c[i].anchor, c[i].detail);
	if (!n)
		buf_puts(out, "no change\n");
}

static void one_case(const char *name)
{
	char dir[512], expect[600];
	struct buf got = BUF_INIT, want = BUF_INIT;
	struct arena a;
	struct diag_list d;
	struct openapi_description df, dt;
	struct openapi_shape from, to;
	struct apidiff_change *c;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, name);
	snprintf(expect, sizeof(expect), "%s/expected", dir);
	arena_init(&a);
	diag_init(&d);
	CHECK(shape_of(&from, &df, &a, dir, "from.yaml", &d) == 0);
	CHECK(shape_of(&to, &dt, &a, dir, "to.yaml", &d) == 0);
	apidiff_compare(&c, &n, &a, &from, &to);
	dump(&got, c, n);
	if (getenv("CAIRN_REGEN_GOLDEN")) {
		FILE *o = fopen(expect, "wb");
		if (o) {
			fwrite(got.ptr, 1, got.len, o);
			fclose(o);
		}
	} else if (fixture_append(&want, expect) < 0 || strcmp(want.ptr, got.ptr) != 0) {
		fprintf(stderr, "  %s differs; got:\n%s", expect, got.ptr);
		CHECK(!"a golden list of changes");
	}
	if (d.len)
		diag_print(stderr, &d);
	CHECK(d.len == 0);
	openapi_description_release(&df);
	openapi_description_release(&dt);
	diag_release(&d);
	buf_release(&got);
	buf_release(&want);
	arena_release(&a);
}

TEST(every_case_gives_its_expected_changes)
{
	DIR *dir = opendir(FIXTURES);
	struct dirent *e;
	int n = 0;
	CHECK(dir != NULL);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		harness_current = e->d_name;
		one_case(e->d_name);
		n++;
	}
	if (dir)
		closedir(dir);
	CHECK(n >= 12);
}

/* The rules, each checked directly as well, so that a golden file
 * regenerated without care cannot hide a wrong classification. */
static int find(const struct apidiff_change *c, size_t n, const char *kind, int breaking)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].kind, kind) == 0 && c[i].breaking == breaking)
			return 1;
	return 0;
}

static void diff_case(const char *name, struct apidiff_change **c, size_t *n,
		      struct arena *a)
{
	char dir[512];
	struct diag_list d;
	struct openapi_description df, dt;
	struct openapi_shape from, to;
	snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, name);
	diag_init(&d);
	shape_of(&from, &df, a, dir, "from.yaml", &d);
	shape_of(&to, &dt, a, dir, "to.yaml", &d);
	apidiff_compare(c, n, a, &from, &to);
	openapi_description_release(&df);
	openapi_description_release(&dt);
	diag_release(&d);
}

TEST(each_rule_is_classified_as_documented)
{
	static const struct {
		const char *dir, *kind;
		int breaking;
	} rules[] = {
		{ "operation-removed", "operation-removed", 1 },
		{ "operation-removed", "operation-added", 0 },
		{ "parameter-required", "parameter-required", 1 },
		{ "parameter-required", "parameter-added", 1 },
		{ "parameter-required", "parameter-added", 0 },
		{ "parameter-required", "parameter-removed", 0 },
		{ "parameter-required", "parameter-type", 1 },
		{ "request-property", "request-property-required", 1 },
		{ "request-property", "request-property-added", 1 },
		{ "request-property", "request-property-type", 1 },
		{ "body-required", "body-required", 1 },
		{ "body-required", "body-added", 1 },
		{ "body-required", "body-added", 0 },
		{ "response-removed", "response-removed", 1 },
		{ "response-property", "response-property-removed", 1 },
		{ "response-property", "response-property-type", 1 },
		{ "response-property", "response-property-optional", 1 },
		{ "enum-request", "parameter-enum-removed", 1 },
		{ "enum-response", "response-enum-removed", 0 },
		{ "enum-response", "response-enum-added", 1 },
		{ "refs-across-files", "response-property-type", 1 },
		{ "swagger2", "body-required", 1 },
		{ "swagger2", "request-property-required", 1 },
		{ "swagger2", "parameter-required", 1 },
		{ "swagger2", "response-property-removed", 1 },
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct arena a;
		struct apidiff_change *c;
		size_t n;
		arena_init(&a);
		diff_case(rules[i].dir, &c, &n, &a);
		if (!find(c, n, rules[i].kind, rules[i].breaking)) {
			fprintf(stderr, "  %s: no %s %s\n", rules[i].dir,
				rules[i].breaking ? "breaking" : "compatible",
				rules[i].kind);
			CHECK(!"the rule holds");
		}
		arena_release(&a);
	}
}

TEST(no_change_and_renamed_path_names_give_nothing)
{
	const char *cases[] = { "base", "path-names" };
	for (size_t i = 0; i < 2; i++) {
		struct arena a;
		struct apidiff_change *c;
		size_t n;
		arena_init(&a);
		diff_case(cases[i], &c, &n, &a);
		CHECK(n == 0);
		arena_release(&a);
	}
}

TEST(removed_operation_keeps_its_old_anchor)
{
	struct arena a;
	struct apidiff_change *c;
	size_t n;
	arena_init(&a);
	diff_case("operation-removed", &c, &n, &a);
	CHECK(n == 2);
	CHECK(apidiff_breaking(c, n) == 1);
	CHECK_STR(c[1].anchor, "get-/payments/:id/refunds");
	CHECK_STR(c[1].method, "GET");
	CHECK_STR(c[1].path, "/payments/{id}/refunds");
	arena_release(&a);
}

int main(void)
{
	RUN(every_case_gives_its_expected_changes);
	RUN(each_rule_is_classified_as_documented);
	RUN(no_change_and_renamed_path_names_give_nothing);
	RUN(removed_operation_keeps_its_old_anchor);
	return harness_report();
}
