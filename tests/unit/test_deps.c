/* Tests for deps.c, deps_json.c, deps_lock.c and the readers under them
 * (json.c, toml.c, xml.c).
 *
 * Golden files: each folder of tests/fixtures/deps/ holds manifests and
 * lock files under their real names and an `expected` file: for each file
 * (in name order) "== NAME" and its deps_dump (or "error: LINE: MESSAGE"),
 * then, where a manifest and its lock file are both there, "== merged" and
 * the merge.  After a deliberate change, regenerate them with
 *
 *     CAIRN_REGEN_GOLDEN=1 build/tests/test_deps
 *
 * (from the repository's root) and review the diff.  Pathological inputs
 * (every prefix of every fixture, deep nesting, huge numbers, invalid
 * UTF-8) must give a diagnostic, never a crash; CAIRN_DEPS_BENCH=1 prints
 * the time to read a 1,000-package package-lock.json v3 and Cargo.lock. */
#include "deps.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "toml.h"
#include "xml.h"

#include "fixture.h"
#include "harness.h"

#define FIXTURES "tests/fixtures/deps"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads dir/name and appends its dump to out; the list read into *l. */
static void dump_file(struct buf *out, struct deps_list *l, struct arena *a,
		      const char *dir, const char *name)
{
	char path[4096];
	struct buf text = BUF_INIT;
	struct deps_error err;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fixture_append(&text, path);
	buf_printf(out, "== %s\n", name);
	if (deps_read(l, a, name, text.ptr, text.len, &err) < 0)
		buf_printf(out, "error: %d: %s\n", err.line, err.msg);
	else
		deps_dump(out, l);
	buf_release(&text);
}

static int golden_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[32], path[4096];
	size_t n = 0, i, j;
	struct arena a;
	struct buf got = BUF_INIT, want = BUF_INIT;
	struct deps_list lists[32];
	int ok;
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < 32)
		if (e->d_name[0] != '.' && strcmp(e->d_name, "expected") != 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	arena_init(&a);
	for (i = 0; i < n; i++) {
		lists[i] = (struct deps_list)DEPS_LIST_INIT;
		dump_file(&got, &lists[i], &a, dir, names[i]);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (deps_manifest_of(deps_format_of(names[i])) != DEPS_UNKNOWN &&
			    deps_manifest_of(deps_format_of(names[i])) ==
				    deps_format_of(names[j])) {
				struct deps_list m = DEPS_LIST_INIT;
				deps_merge(&m, &a, &lists[j], &lists[i]);
				buf_printf(&got, "== merged %s with %s\n",
					   names[j], names[i]);
				deps_dump(&got, &m);
			}
	snprintf(path, sizeof(path), "%s/expected", dir);
	if (getenv("CAIRN_REGEN_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		ok = f && fwrite(got.ptr, 1, got.len, f) == got.len;
		if (f)
			fclose(f);
	} else {
		ok = fixture_append(&want, path) == 0 &&
		     strcmp(want.ptr, got.ptr) == 0;
		if (!ok)
			fprintf(stderr, "  %s differs; got:\n%s", path, got.ptr);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	buf_release(&got);
	buf_release(&want);
	arena_release(&a);
	return ok;
}

TEST(every_fixture_folder_matches_its_expected_dump)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	int n = 0;
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		char dir[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, e->d_name);
		n++;
		if (!golden_dir(dir)) {
			fprintf(stderr, "  golden: %s\n", dir);
			CHECK(!"a golden dump");
		}
	}
	if (d)
		closedir(d);
	CHECK(n >= 16);
}

TEST(file_names_choose_the_format)
{
	CHECK(deps_format_of("go.mod") == DEPS_GO_MOD);
	CHECK(deps_format_of("services/a/package-lock.json") == DEPS_PACKAGE_LOCK);
	CHECK(deps_format_of("npm-shrinkwrap.json") == DEPS_PACKAGE_LOCK);
	CHECK(deps_format_of("requirements-dev.txt") == DEPS_REQUIREMENTS);
	CHECK(deps_format_of("requirements/prod.txt") == DEPS_REQUIREMENTS);
	CHECK(deps_format_of("docs/requirements.md") == DEPS_UNKNOWN);
	CHECK(deps_format_of("myrequirements/prod.txt") == DEPS_UNKNOWN);
	CHECK(deps_format_of("a/requirements/prod.txt") == DEPS_REQUIREMENTS);
	CHECK(deps_format_of("notes.txt") == DEPS_UNKNOWN);
	CHECK(deps_format_of("x/pom.xml") == DEPS_POM);
	CHECK(deps_format_of("web/yarn.lock") == DEPS_YARN_LOCK);
	CHECK(deps_manifest_of(DEPS_YARN_LOCK) == DEPS_PACKAGE_JSON);
	CHECK(deps_format_of("Cargo.toml") == DEPS_UNKNOWN);
	CHECK(deps_manifest_of(DEPS_PACKAGE_LOCK) == DEPS_PACKAGE_JSON);
	CHECK(deps_manifest_of(DEPS_CARGO_LOCK) == DEPS_UNKNOWN);
	CHECK_STR(deps_format_name(DEPS_GEMFILE_LOCK), "Gemfile.lock");
}

/* Reads text as the file name; returns deps_read's result, err in *err. */
static int read_as(const char *name, const char *text, size_t len,
		   struct deps_error *err)
{
	struct arena a;
	struct deps_list l = DEPS_LIST_INIT;
	int r;
	arena_init(&a);
	r = deps_read(&l, &a, name, text, len, err);
	arena_release(&a);
	return r;
}

TEST(every_prefix_of_every_fixture_reads_or_fails_cleanly)
{
	static const char *const files[] = { "go-mod/go.mod",
					     "npm-v3/package-lock.json",
					     "npm-v3/package.json",
					     "npm-v1/package-lock.json",
					     "pypi-requirements/requirements.txt",
					     "poetry/poetry.lock",
					     "cargo/Cargo.lock",
					     "gemfile/Gemfile.lock",
					     "composer/composer.lock",
					     "maven/pom.xml",
					     "maven-ranges/pom.xml",
					     "poetry/pyproject.toml",
					     "pyproject-pep621/pyproject.toml",
					     "yarn-v1/yarn.lock",
					     "yarn-berry/yarn.lock",
					     "gemfile/Gemfile" };
	size_t i, n;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		struct buf text = BUF_INIT;
		struct deps_error err;
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, files[i]);
		CHECK(fixture_append(&text, path) == 0);
		for (n = 0; n <= text.len; n++) {
			/* a copy of exactly n bytes, so ASan sees any overread */
			char *copy = malloc(n ? n : 1);
			int r;
			memcpy(copy, text.ptr, n);
			r = read_as(strchr(files[i], '/') + 1, copy, n, &err);
			CHECK(r == 0 || (r == -1 && err.msg[0] && err.line >= 0));
			free(copy);
		}
		CHECK(read_as(strchr(files[i], '/') + 1, text.ptr, text.len, &err) == 0);
		buf_release(&text);
	}
}

TEST(deep_nesting_is_refused_with_a_line)
{
	struct buf b = BUF_INIT;
	struct deps_error err;
	int i;
	for (i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	CHECK(read_as("package-lock.json", b.ptr, b.len, &err) == -1);
	CHECK_CONTAINS(err.msg, "deeper");
	buf_clear(&b);
	buf_puts(&b, "a = ");
	for (i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	CHECK(read_as("Cargo.lock", b.ptr, b.len, &err) == -1);
	CHECK_CONTAINS(err.msg, "deeper");
	buf_clear(&b);
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "<a>\n");
	CHECK(read_as("pom.xml", b.ptr, b.len, &err) == -1);
	CHECK_CONTAINS(err.msg, "deeper");
	CHECK(err.line == 200);
	buf_release(&b);
}

/* Another group's parent pins the project's versions (Spring Boot's):
 * it is a dependency; the parent of a module (its own group) is not. */
TEST(pom_parent_of_another_group_is_a_dependency)
{
	static const char boot[] =
		"<project>\n<parent>\n<groupId>org.springframework.boot</groupId>"
		"<artifactId>spring-boot-starter-parent</artifactId><version>4.0.3</version>"
		"</parent>\n<groupId>org.example</groupId><artifactId>petclinic</artifactId>\n"
		"<dependencies><dependency><groupId>org.springframework.boot</groupId>"
		"<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>\n"
		"</project>\n";
	static const char module[] =
		"<project><parent><groupId>com.acme</groupId><artifactId>acme-parent</artifactId>"
		"<version>1.0</version></parent><groupId>com.acme</groupId>"
		"<artifactId>payments</artifactId></project>";
	struct arena a;
	struct deps_list l = DEPS_LIST_INIT, m = DEPS_LIST_INIT;
	struct deps_error err;
	struct buf dump = BUF_INIT;
	arena_init(&a);
	CHECK(deps_read(&l, &a, "pom.xml", boot, sizeof(boot) - 1, &err) == 0);
	deps_dump(&dump, &l);
	CHECK_CONTAINS(dump.ptr,
		       "maven org.springframework.boot:spring-boot-starter-parent 4.0.3 4.0.3 direct prod 2");
	CHECK_CONTAINS(dump.ptr,
		       "maven org.springframework.boot:spring-boot-starter-web - - direct prod 5");
	CHECK(deps_read(&m, &a, "pom.xml", module, sizeof(module) - 1, &err) == 0);
	CHECK(m.len == 0);
	buf_release(&dump);
	arena_release(&a);
}

/* Properties that each name the next four times: 4^20 bytes expanded,
 * from a file of 1 KB. Refused past 4 KB, with a problem at the line;
 * a cycle likewise; an undefined property says so. */
TEST(pom_properties_that_grow_or_cycle_are_cut_short)
{
	struct buf b = BUF_INIT;
	struct arena a;
	struct deps_list l = DEPS_LIST_INIT;
	struct deps_error err;
	struct buf dump = BUF_INIT;
	buf_puts(&b, "<project><properties>");
	for (int i = 0; i < 20; i++)
		buf_printf(&b, "<p%d>${p%d}${p%d}${p%d}${p%d}</p%d>", i, i + 1,
			   i + 1, i + 1, i + 1, i);
	buf_puts(&b, "<p20>1.0</p20><self>${self}</self><c1>${c2}</c1><c2>${c1}</c2>"
		     "</properties><dependencies>\n"
		     "<dependency><groupId>g</groupId><artifactId>bomb</artifactId>"
		     "<version>${p0}</version></dependency>\n"
		     "<dependency><groupId>${c1}</groupId><artifactId>cycle</artifactId>"
		     "<version>1</version></dependency>\n"
		     "<dependency><groupId>g</groupId><artifactId>self</artifactId>"
		     "<version>${self}</version></dependency>\n"
		     "<dependency><groupId>g</groupId><artifactId>none</artifactId>"
		     "<version>${nope}</version></dependency>\n"
		     "</dependencies></project>\n");
	arena_init(&a);
	CHECK(deps_read(&l, &a, "pom.xml", b.ptr, b.len, &err) == 0);
	deps_dump(&dump, &l);
	CHECK_CONTAINS(dump.ptr, "maven g:bomb - ${p0} direct prod 2");
	CHECK_CONTAINS(dump.ptr,
		       "problem: 2: a <dependency> names properties that refer to "
		       "each other in a cycle, or grow past 4 KB: its version is not known");
	CHECK_CONTAINS(dump.ptr,
		       "problem: 3: a <dependency> names properties that refer to "
		       "each other in a cycle, or grow past 4 KB: it is left out");
	CHECK(!strstr(dump.ptr, "cycle - "));
	CHECK_CONTAINS(dump.ptr, "maven g:self - ${self} direct prod 4");
	CHECK_CONTAINS(dump.ptr, "problem: 5: the dependency \"g:none\" names a property "
				 "this file does not define");
	buf_release(&dump);
	buf_release(&b);
	arena_release(&a);
}

TEST(huge_numbers_and_bad_bytes_are_diagnostics)
{
	struct deps_error err;
	static const char huge[] = "{\"lockfileVersion\": 1e999999}";
	static const char big_int[] = "{\"lockfileVersion\": 99999999999999999999999999}";
	static const char toml_huge[] = "version = 1e99999\n";
	static const char bad_utf8[] = "{\"name\": \"\xc3\x28\"}";
	static const char nul[] = "{\"a\": \"\\u0000\"}";
	CHECK(read_as("package-lock.json", huge, sizeof(huge) - 1, &err) == -1);
	CHECK_CONTAINS(err.msg, "too large");
	CHECK(read_as("package-lock.json", big_int, sizeof(big_int) - 1, &err) == -1);
	CHECK_CONTAINS(err.msg, "lockfileVersion");
	CHECK(read_as("Cargo.lock", toml_huge, sizeof(toml_huge) - 1, &err) == -1);
	CHECK(read_as("package.json", bad_utf8, sizeof(bad_utf8) - 1, &err) == -1);
	CHECK_CONTAINS(err.msg, "UTF-8");
	CHECK(read_as("package.json", nul, sizeof(nul) - 1, &err) == -1);
	CHECK(read_as("requirements.txt", "a==1\0b", 6, &err) == -1);
	CHECK(read_as("README.md", "x", 1, &err) == -1);
}

TEST(json_reads_escapes_and_keeps_lines)
{
	struct arena a;
	struct val *v;
	struct parse_error err;
	static const char text[] =
		"{\n \"a\": \"\\u00e9\\ud83d\\ude00\\n\",\n \"b\": [1, -2.5e3, true, null]\n}";
	arena_init(&a);
	CHECK(json_parse(&v, &a, text, sizeof(text) - 1, &err) == 0);
	CHECK_STR(val_as_str(val_get(v, "a")), "\xc3\xa9\xf0\x9f\x98\x80\n");
	CHECK(val_get(v, "b")->line == 3);
	CHECK(val_get(v, "b")->u.list.items[1]->u.num == -2500);
	CHECK(json_parse(&v, &a, "[1,]", 4, &err) == -1);
	CHECK(json_parse(&v, &a, "{\"a\" 1}", 7, &err) == -1);
	CHECK(json_parse(&v, &a, "\"\\ud800\"", 8, &err) == -1);
	CHECK(json_parse(&v, &a, "01", 2, &err) == -1);
	CHECK(json_parse(&v, &a, "[1]\n x", 6, &err) == -1 && err.line == 2);
	arena_release(&a);
}

TEST(toml_reads_what_lock_files_use_and_refuses_redefinitions)
{
	struct arena a;
	struct val *v;
	struct parse_error err;
	static const char text[] =
		"# c\n\"quoted key\" = 'lit'\n[a.b]\nx = 1_000\ny = { z = [1, 2,], w = \"\\u00e9\" }\n"
		"[[t]]\nn = 1\n[[t]]\nn = 2\n[t.sub]\nk = true\nd = 1979-05-27T07:32:00Z\n";
	arena_init(&a);
	CHECK(toml_parse(&v, &a, text, sizeof(text) - 1, &err) == 0);
	CHECK_STR(val_as_str(val_get(v, "quoted key")), "lit");
	CHECK(val_get(val_get(val_get(v, "a"), "b"), "x")->u.num == 1000);
	CHECK_STR(val_as_str(val_get(val_get(val_get(val_get(v, "a"), "b"), "y"), "w")),
		  "\xc3\xa9");
	CHECK(val_get(v, "t")->u.list.len == 2);
	CHECK(val_truthy(val_get(val_get(val_get(v, "t")->u.list.items[1], "sub"), "k")));
	CHECK_STR(val_as_str(val_get(val_get(val_get(v, "t")->u.list.items[1], "sub"), "d")),
		  "1979-05-27T07:32:00Z");
	CHECK(toml_parse(&v, &a, "[a]\n[a]\n", 8, &err) == -1 && err.line == 2);
	CHECK_CONTAINS(err.msg, "defined twice");
	CHECK(toml_parse(&v, &a, "a = 1\na = 2\n", 12, &err) == -1 && err.line == 2);
	CHECK(toml_parse(&v, &a, "a = 0x10\n", 9, &err) == -1);
	CHECK(toml_parse(&v, &a, "a = \"open\n", 10, &err) == -1);
	CHECK(toml_parse(&v, &a, "a = 1 b = 2\n", 12, &err) == -1);
	CHECK(toml_parse(&v, &a, "a = inf\n", 8, &err) == -1);
	arena_release(&a);
}

TEST(xml_reads_entities_cdata_and_refuses_doctype)
{
	struct arena a;
	struct xml_node *root;
	struct parse_error err;
	static const char text[] =
		"<?xml version=\"1.0\"?>\n<r a='1'><x>&lt;&#65;&#x42;<![CDATA[<&>]]></x><y/></r>\n";
	static const char doctype[] = "<!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>";
	arena_init(&a);
	CHECK(xml_parse(&root, &a, text, sizeof(text) - 1, &err) == 0);
	CHECK_STR(xml_child_text(&a, root, "x"), "<AB<&>");
	CHECK(xml_child(root, "y") != NULL);
	CHECK(xml_parse(&root, &a, doctype, sizeof(doctype) - 1, &err) == -1);
	CHECK_CONTAINS(err.msg, "DOCTYPE");
	CHECK(xml_parse(&root, &a, "<a><b></a>", 10, &err) == -1);
	CHECK(xml_parse(&root, &a, "<a/><b/>", 8, &err) == -1);
	CHECK(xml_parse(&root, &a, "<a>", 3, &err) == -1);
	CHECK(xml_parse(&root, &a, "x<a/>", 5, &err) == -1);
	arena_release(&a);
}

/* ---------------------------------------------------------------- speed */

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Best of several reads of text as name, in seconds; *n packages. */
static double time_read(const char *name, const struct buf *text, size_t *n)
{
	double best = 1e9;
	int round;
	for (round = 0; round < 20; round++) {
		struct arena a;
		struct deps_list l = DEPS_LIST_INIT;
		struct deps_error err;
		double t0 = seconds(), t;
		arena_init(&a);
		CHECK(deps_read(&l, &a, name, text->ptr, text->len, &err) == 0);
		t = seconds() - t0;
		*n = l.len;
		arena_release(&a);
		if (t < best)
			best = t;
	}
	return best;
}

TEST(a_thousand_package_lock_file_reads_in_a_millisecond_or_so)
{
	struct buf npm = BUF_INIT, cargo = BUF_INIT;
	size_t i, n1 = 0, n2 = 0;
	double t1, t2;
	buf_puts(&npm, "{\n  \"name\": \"big\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"
		       "    \"\": { \"dependencies\": { \"pkg-0\": \"^1.0.0\" } }");
	buf_puts(&cargo, "version = 3\n\n[[package]]\nname = \"big\"\nversion = \"0.1.0\"\n"
			 "dependencies = [\n \"pkg-0\",\n]\n");
	for (i = 0; i < 1000; i++) {
		buf_printf(&npm,
			   ",\n    \"node_modules/%spkg-%zu\": {\n      \"version\": \"1.%zu.0\",\n"
			   "      \"resolved\": \"https://registry.npmjs.org/pkg-%zu/-/pkg-%zu-1.%zu.0.tgz\",\n"
			   "      \"integrity\": \"sha512-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ==\",\n"
			   "      \"dev\": %s,\n      \"dependencies\": { \"pkg-%zu\": \"^1.0.0\" },\n"
			   "      \"engines\": { \"node\": \">=14\" }\n    }",
			   i % 10 == 9 ? "pkg-1/node_modules/" : "", i, i, i, i,
			   i, i % 3 ? "false" : "true", (i + 1) % 1000);
		buf_printf(&cargo,
			   "\n[[package]]\nname = \"pkg-%zu\"\nversion = \"1.%zu.0\"\n"
			   "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
			   "checksum = \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n"
			   "dependencies = [\n \"pkg-%zu\",\n \"serde\",\n]\n",
			   i, i, (i + 1) % 1000);
	}
	buf_puts(&npm, "\n  }\n}\n");
	t1 = time_read("package-lock.json", &npm, &n1);
	t2 = time_read("Cargo.lock", &cargo, &n2);
	CHECK(n1 == 1000 && n2 == 1000);
	/* a loose bound (the sanitizers run this too; with CAIRN_ARENA_DEBUG
	 * every allocation is a malloc, so no bound); the figures are printed
	 * with CAIRN_DEPS_BENCH=1 */
	CHECK((t1 < 0.05 && t2 < 0.05) || getenv("CAIRN_ARENA_DEBUG"));
	if (getenv("CAIRN_DEPS_BENCH"))
		printf("package-lock.json v3, 1,000 packages, %zu KB: %.3f ms\n"
		       "Cargo.lock, 1,000 packages, %zu KB: %.3f ms\n",
		       npm.len / 1024, t1 * 1e3, cargo.len / 1024, t2 * 1e3);
	buf_release(&npm);
	buf_release(&cargo);
}

int main(void)
{
	RUN(every_fixture_folder_matches_its_expected_dump);
	RUN(file_names_choose_the_format);
	RUN(every_prefix_of_every_fixture_reads_or_fails_cleanly);
	RUN(deep_nesting_is_refused_with_a_line);
	RUN(pom_properties_that_grow_or_cycle_are_cut_short);
	RUN(pom_parent_of_another_group_is_a_dependency);
	RUN(huge_numbers_and_bad_bytes_are_diagnostics);
	RUN(json_reads_escapes_and_keeps_lines);
	RUN(toml_reads_what_lock_files_use_and_refuses_redefinitions);
	RUN(xml_reads_entities_cdata_and_refuses_doctype);
	RUN(a_thousand_package_lock_file_reads_in_a_millisecond_or_so);
	return harness_report();
}
