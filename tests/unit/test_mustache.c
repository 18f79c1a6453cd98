/* test_mustache: the official Mustache spec suites, then cairn's own cases
 * (syntax errors, hostile templates, concurrent rendering).
 *
 * The spec files are read from $CAIRN_SPEC_DIR, by default
 * tests/spec/mustache (the copy kept in the repository, with its licence;
 * tests run from the repository root).  Each spec
 * case counts as one test in the totals. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "mustache.h"
#include "yaml.h"

/* ---------------------------------------------------------------- helpers */

/* The text of a scalar val ("" for anything else) in b. */
static const char *text_of(struct buf *b, const struct val *v)
{
	buf_clear(b);
	val_scalar_text(b, v);
	return b->ptr;
}

/* Compiles each (name, text) pair (NULL-terminated) into a new set. */
static struct mustache_set *set_of(const char *const *pairs)
{
	struct mustache_set *s = mustache_set_new();
	for (; pairs[0]; pairs += 2) {
		struct buf err = BUF_INIT;
		if (mustache_set_add(s, pairs[0], pairs[1], strlen(pairs[1]), &err) < 0)
			fprintf(stderr, "cannot compile %s: %s\n", pairs[0], err.ptr);
		buf_release(&err);
	}
	return s;
}

/* Parses YAML data for a test. */
static struct val *data_of(struct arena *a, const char *yaml)
{
	struct val *v = NULL;
	struct yaml_error e;
	if (yaml_parse(&v, a, yaml, strlen(yaml), &e) < 0)
		fprintf(stderr, "bad test data: line %d: %s\n", e.line, e.msg);
	return v;
}

/* ---------------------------------------------------------------- the spec */

static const char *const spec_files[] = {
	"comments.yml", "delimiters.yml", "interpolation.yml", "inverted.yml",
	"partials.yml", "sections.yml",	  "~inheritance.yml",  NULL,
};

/* The name the spec's main template gets: no partial in the suites is
 * called that. */
#define SPEC_MAIN "spec:template"

/* Runs one spec case; returns 1 when it passes. */
static int run_spec_case(const char *file, const struct val *tc)
{
	struct buf name = BUF_INIT, tmpl = BUF_INIT, want = BUF_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT, key = BUF_INIT;
	struct mustache_set *s = mustache_set_new();
	const struct val *partials = val_get(tc, "partials");
	int ok = 0;

	text_of(&name, val_get(tc, "name"));
	text_of(&tmpl, val_get(tc, "template"));
	text_of(&want, val_get(tc, "expected"));
	if (partials && partials->type == VAL_MAP) {
		for (size_t i = 0; i < partials->u.map.len; i++) {
			const struct val_pair *p = &partials->u.map.pairs[i];
			struct buf text = BUF_INIT;
			buf_clear(&key);
			buf_put(&key, p->key, p->key_len);
			text_of(&text, p->val);
			if (mustache_set_add(s, key.ptr, text.ptr, text.len, &err) < 0)
				buf_printf(&err, " (partial \"%s\")", key.ptr);
			buf_release(&text);
		}
	}
	if (!err.len && mustache_set_add(s, SPEC_MAIN, tmpl.ptr, tmpl.len, &err) == 0 &&
	    mustache_render(&out, s, SPEC_MAIN, val_get(tc, "data"), &err) == 0)
		ok = out.len == want.len && memcmp(out.ptr, want.ptr, out.len) == 0;
	if (!ok)
		fprintf(stderr,
			"FAIL mustache spec %s: \"%s\"\n  template: \"%s\"\n"
			"  got:      \"%s\"\n  want:     \"%s\"\n%s%s%s",
			file, name.ptr, tmpl.ptr, out.ptr, want.ptr,
			err.len ? "  error:    " : "", err.ptr, err.len ? "\n" : "");

	mustache_set_free(s);
	buf_release(&name);
	buf_release(&tmpl);
	buf_release(&want);
	buf_release(&out);
	buf_release(&err);
	buf_release(&key);
	return ok;
}

/* Runs every case of one spec file, counting each in the harness totals. */
static void run_spec_file(const char *dir, const char *file)
{
	struct arena a;
	struct buf path = BUF_INIT;
	struct val *doc = NULL;
	struct yaml_error e;
	size_t len = 0;
	char *text = NULL;
	int passed = 0, total = 0;

	arena_init(&a);
	buf_printf(&path, "%s/%s", dir, file);
	text = fixture_read(path.ptr, &len);
	if (!text) {
		fprintf(stderr, "FAIL mustache spec %s: cannot read %s: %s\n",
			file, path.ptr, strerror(errno));
		harness_failed++;
		goto cleanup;
	}
	if (yaml_parse(&doc, &a, text, len, &e) < 0) {
		fprintf(stderr, "FAIL mustache spec %s: line %d: %s\n", file,
			e.line, e.msg);
		harness_failed++;
		goto cleanup;
	}
	const struct val *tests = val_get(doc, "tests");
	if (!tests || tests->type != VAL_LIST || !tests->u.list.len) {
		fprintf(stderr, "FAIL mustache spec %s: no tests in %s\n", file,
			path.ptr);
		harness_failed++;
		goto cleanup;
	}
	for (size_t i = 0; i < tests->u.list.len; i++) {
		total++;
		if (run_spec_case(file, tests->u.list.items[i])) {
			passed++;
			harness_passed++;
		} else {
			harness_failed++;
		}
	}
	printf("mustache spec %s: %d/%d passed\n", file, passed, total);

cleanup:
	free(text);
	buf_release(&path);
	arena_release(&a);
}

static void run_spec(void)
{
	const char *dir = getenv("CAIRN_SPEC_DIR");
	if (!dir || !*dir)
		dir = "tests/spec/mustache";
	for (const char *const *f = spec_files; *f; f++)
		run_spec_file(dir, *f);
}

/* ---------------------------------------------------------------- errors */

/* Compiles text alone; returns the error message ("" when it compiles). */
static const char *compile_error(struct buf *err, const char *text)
{
	struct mustache_set *s = mustache_set_new();
	buf_clear(err);
	if (mustache_set_add(s, "t", text, strlen(text), err) == 0)
		buf_clear(err);
	else if (mustache_set_has(s, "t"))
		buf_puts(err, " (and the template was added)");
	mustache_set_free(s);
	return err->ptr;
}

TEST(syntax_errors_name_the_line)
{
	struct buf err = BUF_INIT;
	CHECK_STR(compile_error(&err, "a\nb {{name\nc"),
		  "line 2: tag \"{{name\" is not closed");
	CHECK_STR(compile_error(&err, "<ul>\n{{#items}}\n<li>\n"),
		  "line 2: section \"items\" is not closed");
	CHECK_STR(compile_error(&err, "{{^none}}\n\n{{/nine}}"),
		  "line 3: closing tag \"nine\" does not match inverted "
		  "section \"none\" opened on line 1");
	CHECK_STR(compile_error(&err, "x\n\n\n{{/stray}}"),
		  "line 4: closing tag \"stray\" has no open section");
	CHECK_STR(compile_error(&err, "{{<base}}{{$title}}x{{/base}}"),
		  "line 1: closing tag \"base\" does not match block "
		  "\"title\" opened on line 1");
	CHECK_STR(compile_error(&err, "ok\n{{= <% =}}"),
		  "line 2: set delimiters tag \"{{= <% =}}\" is invalid");
	CHECK_STR(compile_error(&err, "{{=<% %>=}}\n<%name"),
		  "line 2: tag \"<%name\" is not closed");
	CHECK_STR(compile_error(&err, "{{ }}"), "line 1: tag \"{{ }}\" has no name");
	CHECK_STR(compile_error(&err, "\n{{a b}}"),
		  "line 2: tag \"{{a b}}\" has whitespace in its name");
	CHECK_STR(compile_error(&err, "{{a..b}}"),
		  "line 1: name \"a..b\" has an empty part");
	CHECK_STR(compile_error(&err, "{{!\nmulti-line\ncomment}}\n{{#a}}"),
		  "line 4: section \"a\" is not closed");
	CHECK_STR(compile_error(&err, "{{{raw}}"),
		  "line 1: tag \"{{{raw}}\" is not closed");
	/* fine: dotted names, ".", partial names with dots and slashes */
	CHECK_STR(compile_error(&err, "{{a.b}}{{.}}{{>parts/nav.html}}"), "");
	buf_release(&err);
}

TEST(failed_compile_keeps_the_old_template)
{
	struct mustache_set *s = mustache_set_new();
	struct buf out = BUF_INIT, err = BUF_INIT;
	CHECK(mustache_set_add(s, "page", "old {{x}}", 9, &err) == 0);
	CHECK(mustache_set_add(s, "page", "new {{#x}}", 10, &err) < 0);
	CHECK(mustache_set_has(s, "page"));
	CHECK(!mustache_set_has(s, "other"));
	CHECK(mustache_render(&out, s, "page", NULL, &err) == 0);
	CHECK_STR(out.ptr, "old ");
	CHECK(mustache_set_add(s, "page", "new", 3, &err) == 0);
	buf_clear(&out);
	CHECK(mustache_render(&out, s, "page", NULL, &err) == 0);
	CHECK_STR(out.ptr, "new");
	buf_clear(&err);
	CHECK(mustache_render(&out, s, "missing", NULL, &err) < 0);
	CHECK_STR(err.ptr, "template \"missing\" does not exist");
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

/* ---------------------------------------------------------------- hostile */

TEST(recursive_partial_stops_at_the_depth_limit)
{
	static const char *const t[] = { "loop", "x{{>loop}}", NULL };
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	CHECK(mustache_render(&out, s, "loop", NULL, &err) < 0);
	CHECK_STR(err.ptr, "partial \"loop\" nested deeper than 64 levels");
	CHECK(out.len == 65);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(recursive_parent_and_block_stop_at_the_depth_limit)
{
	static const char *const t[] = {
		"parent", "{{<parent}}{{/parent}}",
		"child",  "{{<base}}{{$b}}[{{$b}}{{/b}}]{{/b}}{{/base}}",
		"base",	  "{{$b}}default{{/b}}",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	CHECK(mustache_render(&out, s, "parent", NULL, &err) < 0);
	CHECK_STR(err.ptr, "parent \"parent\" nested deeper than 64 levels");
	buf_clear(&err);
	CHECK(mustache_render(&out, s, "child", NULL, &err) < 0);
	CHECK_STR(err.ptr, "block \"b\" nested deeper than 64 levels");
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(data_driven_recursion_is_fine)
{
	static const char *const t[] = {
		"tree",
		"{{name}}{{#kids}}({{>tree}}){{/kids}}",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT, yaml = BUF_INIT;
	struct arena a;
	arena_init(&a);
	/* 40 levels deep */
	for (int i = 0; i < 40; i++)
		buf_printf(&yaml, "{name: n%d, kids: [", i);
	/* kids: [] stops the recursion: a missing key would be looked up in
	 * the enclosing contexts, and find the parent's kids */
	buf_puts(&yaml, "{name: leaf, kids: []}");
	for (int i = 0; i < 40; i++)
		buf_puts(&yaml, "]}");
	CHECK(mustache_render(&out, s, "tree", data_of(&a, yaml.ptr), &err) == 0);
	CHECK(strncmp(out.ptr, "n0(n1(n2(", 9) == 0);
	CHECK_CONTAINS(out.ptr, "n39(leaf)");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
	buf_release(&yaml);
}

TEST(deep_section_nesting_is_refused)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	for (int i = 0; i < 500; i++)
		buf_puts(&text, "{{#a}}");
	CHECK_STR(compile_error(&err, text.ptr),
		  "line 1: sections nested deeper than 100 levels");
	buf_release(&text);
	buf_release(&err);
}

TEST(partial_bomb_is_cut_short)
{
	/* p0 includes p1 twice, p1 includes p2 twice, ...: 2^30 expansions */
	struct mustache_set *s = mustache_set_new();
	struct buf err = BUF_INIT, out = BUF_INIT;
	char name[16], text[64];
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(text, sizeof(text), "{{>p%d}}{{>p%d}}", i + 1, i + 1);
		CHECK(mustache_set_add(s, name, text, strlen(text), &err) == 0);
	}
	CHECK(mustache_set_add(s, "p30", "", 0, &err) == 0);
	CHECK(mustache_render(&out, s, "p0", NULL, &err) < 0);
	CHECK_CONTAINS(err.ptr, "a template bomb?");
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(section_bomb_writing_text_is_cut_short)
{
	/* fifteen sections, each iterating the same three items again, around
	 * 1,000 bytes of text: 3^15 iterations would write 14 GB, in fewer
	 * iterations than the step bound allows; the output bound stops it */
	struct mustache_set *s = mustache_set_new();
	struct buf err = BUF_INIT, out = BUF_INIT, text = BUF_INIT;
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < 15; i++)
		buf_puts(&text, "{{#items}}");
	for (int i = 0; i < 1000; i++)
		buf_putc(&text, 'x');
	for (int i = 0; i < 15; i++)
		buf_puts(&text, "{{/items}}");
	CHECK(mustache_set_add(s, "t", text.ptr, text.len, &err) == 0);
	CHECK(mustache_render(&out, s, "t", data_of(&a, "items: [1, 2, 3]"), &err) < 0);
	CHECK_CONTAINS(err.ptr, "a template bomb?");
	CHECK(out.len <= (256u << 20) + 1000);
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
	buf_release(&text);
}

TEST(section_bomb_of_lookups_is_cut_short)
{
	/* 3^30 iterations of 5,000 lookups that write nothing: every node is
	 * a step */
	struct mustache_set *s = mustache_set_new();
	struct buf err = BUF_INIT, out = BUF_INIT, text = BUF_INIT;
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < 30; i++)
		buf_puts(&text, "{{#items}}");
	for (int i = 0; i < 5000; i++)
		buf_puts(&text, "{{nothing}}");
	for (int i = 0; i < 30; i++)
		buf_puts(&text, "{{/items}}");
	CHECK(mustache_set_add(s, "t", text.ptr, text.len, &err) == 0);
	CHECK(mustache_render(&out, s, "t", data_of(&a, "items: [1, 2, 3]"), &err) < 0);
	CHECK_CONTAINS(err.ptr, "more than 67108864 steps");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
	buf_release(&text);
}

/* ---------------------------------------------------------------- rendering */

TEST(numbers_and_falsy_values)
{
	static const char *const t[] = {
		"t",
		"{{i}} {{f}} {{neg}} {{yes}}|{{list}}{{map}}|"
		"{{#zero}}zero is truthy{{/zero}}|{{^empty}}empty{{/empty}}"
		"{{^nothing}} null{{/nothing}}{{^no}} false{{/no}}"
		"{{^none}} []{{/none}}|{{#map}}{} is truthy{{/map}}",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct arena a;
	arena_init(&a);
	struct val *v = data_of(&a, "{i: 42, f: 1.210, neg: -3, "
				    "yes: true, list: [1], map: {}, zero: 0, "
				    "empty: '', nothing: null, no: false, none: []}");
	CHECK(mustache_render(&out, s, "t", v, &err) == 0);
	CHECK_STR(out.ptr, "42 1.21 -3 true||zero is truthy|empty null "
			   "false []|{} is truthy");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(standalone_partials_indent_template_lines_only)
{
	static const char *const t[] = {
		"page",
		"<ul>\n  {{#items}}\n    {{>item}}\n  {{/items}}\n</ul>\n",
		"item",
		"<li>\n  {{{body}}}\n\n</li>\n",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct arena a;
	arena_init(&a);
	struct val *v = data_of(&a, "{items: [{body: \"a\\nb\"}, {body: c}]}");
	CHECK(mustache_render(&out, s, "page", v, &err) == 0);
	/* data's newline is not indented, nor is the empty line */
	CHECK_STR(out.ptr, "<ul>\n    <li>\n      a\nb\n\n    </li>\n"
			   "    <li>\n      c\n\n    </li>\n</ul>\n");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(layout_inheritance)
{
	static const char *const t[] = {
		"base",
		"<html>\n<head><title>{{$title}}cairn{{/title}}</title></head>\n"
		"<body>\n  {{$content}}\n  <p>nothing here</p>\n  {{/content}}\n"
		"</body>\n</html>\n",
		"service",
		"{{<base}}\n{{$title}}{{name}} · cairn{{/title}}\n{{$content}}\n"
		"<h1>{{name}}</h1>\n{{#owners}}\n<p>{{.}}</p>\n{{/owners}}\n"
		"{{/content}}\n{{/base}}\n",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct arena a;
	arena_init(&a);
	struct val *v = data_of(&a, "{name: billing, owners: [alice, bob]}");
	CHECK(mustache_render(&out, s, "service", v, &err) == 0);
	CHECK_STR(out.ptr, "<html>\n<head><title>billing · cairn</title></head>\n"
			   "<body>\n  <h1>billing</h1>\n  <p>alice</p>\n"
			   "  <p>bob</p>\n</body>\n</html>\n");
	buf_clear(&out);
	CHECK(mustache_render(&out, s, "base", v, &err) == 0);
	CHECK_CONTAINS(out.ptr, "<body>\n  <p>nothing here</p>\n</body>");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

/* ---------------------------------------------------------------- threads */

struct job {
	const struct mustache_set *set;
	const struct val *data;
	const char *want;
	int mismatches;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	struct buf out = BUF_INIT, err = BUF_INIT;
	for (int i = 0; i < 200; i++) {
		buf_clear(&out);
		if (mustache_render(&out, j->set, "page", j->data, &err) < 0 ||
		    strcmp(out.ptr, j->want) != 0)
			j->mismatches++;
	}
	buf_release(&out);
	buf_release(&err);
	return NULL;
}

TEST(block_overridden_mid_line)
{
	/* the site's line starts with its own text ("  "); the override's
	 * lines lose their intrinsic indentation ("  ", that of its first
	 * line) and take the site's, the first line included */
	static const char *const t[] = {
		"page",
		"{{<base}}{{$body}}\n  {{#rows}}\n    {{>row}}\n  {{/rows}}\n"
		"  <p>{{n}}</p>\n{{/body}}{{/base}}",
		"base",
		"<main>\n  {{$body}}{{/body}}</main>\n",
		"row",
		"<tr>\n  <td>{{.}}</td>\n</tr>\n",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct arena a;
	arena_init(&a);
	struct val *v = data_of(&a, "{rows: [1, 2], n: 2}");
	CHECK(mustache_render(&out, s, "page", v, &err) == 0);
	CHECK_STR(out.ptr, "<main>\n    <tr>\n      <td>1</td>\n    </tr>\n"
			   "    <tr>\n      <td>2</td>\n    </tr>\n  <p>2</p>\n"
			   "</main>\n");
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&out);
	buf_release(&err);
}

TEST(concurrent_renders_agree)
{
	static const char *const t[] = {
		"page",
		"{{<base}}\n{{$body}}\n{{#rows}}\n{{>row}}\n{{/rows}}\n"
		"{{/body}}\n{{/base}}\n",
		"base",
		"<main>\n  {{$body}}\n  {{/body}}\n</main>\n",
		"row",
		"<tr>\n  <td>{{n}}</td><td>{{name}}</td>\n</tr>\n",
		NULL,
	};
	struct mustache_set *s = set_of(t);
	struct buf want = BUF_INIT, err = BUF_INIT, yaml = BUF_INIT;
	struct arena a;
	struct job jobs[4];
	pthread_t th[4];

	arena_init(&a);
	buf_puts(&yaml, "rows:\n");
	for (int i = 0; i < 50; i++)
		buf_printf(&yaml, "  - {n: %d, name: \"<row %d>\"}\n", i, i);
	struct val *v = data_of(&a, yaml.ptr);
	CHECK(mustache_render(&want, s, "page", v, &err) == 0);
	CHECK_CONTAINS(want.ptr, "<main>\n  <tr>\n    <td>0</td><td>&lt;row 0&gt;"
				 "</td>\n  </tr>\n  <tr>\n");
	CHECK_CONTAINS(want.ptr, "<td>49</td><td>&lt;row 49&gt;</td>\n  </tr>\n"
				 "</main>\n");
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ s, v, want.ptr, 0 };
		CHECK(pthread_create(&th[i], NULL, render_many, &jobs[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].mismatches == 0);
	}
	arena_release(&a);
	mustache_set_free(s);
	buf_release(&want);
	buf_release(&err);
	buf_release(&yaml);
}

int main(void)
{
	run_spec();
	RUN(syntax_errors_name_the_line);
	RUN(failed_compile_keeps_the_old_template);
	RUN(recursive_partial_stops_at_the_depth_limit);
	RUN(recursive_parent_and_block_stop_at_the_depth_limit);
	RUN(data_driven_recursion_is_fine);
	RUN(deep_section_nesting_is_refused);
	RUN(partial_bomb_is_cut_short);
	RUN(section_bomb_writing_text_is_cut_short);
	RUN(section_bomb_of_lookups_is_cut_short);
	RUN(numbers_and_falsy_values);
	RUN(standalone_partials_indent_template_lines_only);
	RUN(layout_inheritance);
	RUN(block_overridden_mid_line);
	RUN(concurrent_renders_agree);
	return harness_report();
}
