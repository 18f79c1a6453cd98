/* A differential test of the package-lock.json reader (deps_json.c, over
 * json.c's cursor) and of deps_unique/deps_merge: the reader that skips
 * what it does not keep must say exactly what the tree walk it replaced
 * said (the packages, the problems, and for a bad file the error, line
 * and message), and the indexed merges what the plain ones said.
 *
 * The tree walk (json_parse, then val_get down the tree, as deps_json.c
 * did before) and plain quadratic merges are kept here, small, as the
 * reference.  Inputs: every golden lock file and manifest, lock files
 * generated from a seeded random source (v1 trees, v2/v3 "packages" with
 * nested paths, aliases, links, dev flags, duplicates, escapes, unsorted
 * keys, wrong types), and each of those mutated: truncated, a byte
 * replaced (quotes, brackets, control bytes, invalid UTF-8), huge strings
 * and deep nesting. */
#include "deps.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"
#include "val.h"

#include "fixture.h"
#include "harness.h"

#define FIXTURES "tests/fixtures/deps"

/* ---------------------------------------------------------------- the reference */

static const char *str_of(const struct val *v)
{
	return v && v->type == VAL_STR ? v->u.str.ptr : NULL;
}

/* Merges entries of l from `from` with the same ecosystem, name and
 * version into the first (direct when either is, dev when both are). */
static void ref_unique(struct deps_list *l, size_t from)
{
	size_t kept = from;
	for (size_t i = from; i < l->len; i++) {
		struct deps_package p = l->items[i];
		size_t j;
		for (j = from; j < kept; j++)
			if (strcmp(l->items[j].ecosystem, p.ecosystem) == 0 &&
			    strcmp(l->items[j].name, p.name) == 0 &&
			    strcmp(l->items[j].version, p.version) == 0)
				break;
		if (j < kept) {
			l->items[j].direct |= p.direct;
			l->items[j].dev &= p.dev;
		} else {
			l->items[kept++] = p;
		}
	}
	l->len = kept;
}

static void ref_lock_v1(struct deps_list *out, struct arena *a,
			const struct val *deps, int depth)
{
	if (!deps || deps->type != VAL_MAP)
		return;
	for (size_t i = 0; i < deps->u.map.len; i++) {
		const struct val *e = deps->u.map.pairs[i].val;
		const char *v = str_of(val_get(e, "version"));
		if (!v) {
			deps_problem(out, a, e->line, "the package \"%s\" has no version",
				     deps->u.map.pairs[i].key);
			continue;
		}
		deps_add(out, a, "npm", deps->u.map.pairs[i].key, v, "", e->line)
			->dev = val_truthy(val_get(e, "dev"));
	}
	if (depth >= 100)
		return;
	for (size_t i = 0; i < deps->u.map.len; i++)
		ref_lock_v1(out, a, val_get(deps->u.map.pairs[i].val, "dependencies"),
			    depth + 1);
}

static const char *ref_installed_name(const char *key, int *nested)
{
	const char *last = NULL, *s = key;
	*nested = 0;
	while ((s = strstr(s, "node_modules/")) != NULL) {
		if (s == key || s[-1] == '/') {
			*nested += last != NULL || s != key;
			last = s + 13;
		}
		s += 13;
	}
	return last && *last ? last : NULL;
}

static void ref_lock_packages(struct deps_list *out, struct arena *a,
			      const struct val *pkgs)
{
	const struct val *root = val_get(pkgs, "");
	static const char *const sections[] = { "dependencies", "optionalDependencies",
						"devDependencies" };
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < pkgs->u.map.len; i++) {
			const struct val_pair *p = &pkgs->u.map.pairs[i];
			int nested;
			const char *name = ref_installed_name(p->key, &nested), *v;
			if (!name || (nested > 0) != pass ||
			    val_truthy(val_get(p->val, "link")))
				continue;
			if (str_of(val_get(p->val, "name")))
				name = str_of(val_get(p->val, "name"));
			if (!(v = str_of(val_get(p->val, "version")))) {
				deps_problem(out, a, p->val->line,
					     "the package \"%s\" has no version",
					     p->key);
				continue;
			}
			struct deps_package *pkg =
				deps_add(out, a, "npm", name, v, "", p->val->line);
			pkg->dev = val_truthy(val_get(p->val, "dev"));
			for (int s = 0; !pass && s < 3; s++)
				if (val_get(val_get(root, sections[s]), name))
					pkg->direct = 1;
		}
}

/* deps_read of a package-lock.json as it was: UTF-8, the tree, the walk. */
static int ref_read_lock(struct deps_list *out, struct arena *a,
			 const char *text, size_t len, struct deps_error *err)
{
	struct val *doc;
	struct parse_error je;
	size_t bad = utf8_check(text, len), from = out->len;
	if (bad < len)
		return deps_fail(err, utf8_line_of(text, len, bad),
				 "the file is not UTF-8 text (binary, or another encoding)");
	if (json_parse(&doc, a, text, len, &je) < 0)
		return deps_fail(err, je.line, "%s", je.msg);
	if (doc->type != VAL_MAP)
		return deps_fail(err, doc->line, "the file is not a JSON object");
	const struct val *pkgs = val_get(doc, "packages");
	const struct val *ver = val_get(doc, "lockfileVersion");
	if (ver && (ver->type != VAL_NUM || ver->u.num < 1 || ver->u.num > 3))
		return deps_fail(err, ver->line, "the lockfileVersion is not 1, 2 or 3");
	if (pkgs && pkgs->type == VAL_MAP)
		ref_lock_packages(out, a, pkgs);
	else if (pkgs)
		return deps_fail(err, pkgs->line, "\"packages\" is not a map");
	else
		ref_lock_v1(out, a, val_get(doc, "dependencies"), 0);
	ref_unique(out, from);
	return 0;
}

/* deps_merge as it was, without an index. */
static void ref_merge(struct deps_list *out, struct arena *a,
		      const struct deps_list *manifest, const struct deps_list *lock)
{
	char *used = calloc(lock->len + 1, 1);
	out->len = 0;
	for (size_t i = 0; i < lock->len; i++)
		*deps_add(out, a, "", "", NULL, NULL, 0) = lock->items[i];
	for (size_t i = 0; i < manifest->len; i++) {
		const struct deps_package *m = &manifest->items[i];
		size_t at;
		for (at = 0; at < lock->len; at++)
			if (strcmp(lock->items[at].ecosystem, m->ecosystem) == 0 &&
			    strcmp(lock->items[at].name, m->name) == 0)
				break;
		if (at == lock->len || used[at]) {
			*deps_add(out, a, "", "", NULL, NULL, 0) = *m;
			continue;
		}
		used[at] = 1;
		out->items[at].direct = m->direct;
		out->items[at].dev = m->dev;
		out->items[at].range = m->range;
		out->items[at].line = m->line;
	}
	free(used);
}

/* ---------------------------------------------------------------- comparing */

static int ncases, nerrors, nmismatches, npackages, nproblems;

/* The dump of a read (or its error) into out; the list into *l. */
static void outcome(struct buf *out, struct deps_list *l, int rc,
		    const struct deps_error *err)
{
	if (rc < 0)
		buf_printf(out, "error: %d: %s\n", err->line, err->msg);
	else
		deps_dump(out, l);
}

/* Reads text as name both ways; counts a mismatch (and prints the first
 * few) when they differ.  1 when they agree. */
static int compare(const char *what, const char *name, const char *text, size_t len)
{
	struct arena a;
	struct deps_list got = DEPS_LIST_INIT, want = DEPS_LIST_INIT;
	struct deps_error ge, we;
	struct buf g = BUF_INIT, w = BUF_INIT;
	int grc, wrc, same;
	arena_init(&a);
	/* a copy of exactly len bytes, so that ASan sees an overread */
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	grc = deps_read(&got, &a, name, copy, len, &ge);
	if (strcmp(name, "package-lock.json") == 0) {
		wrc = ref_read_lock(&want, &a, copy, len, &we);
	} else {
		size_t bad = utf8_check(copy, len);
		wrc = bad < len ? deps_fail(&we, utf8_line_of(copy, len, bad),
					    "the file is not UTF-8 text (binary, or another encoding)")
				: deps_read_json(&want, &a, deps_format_of(name),
						 copy, len, &we);
	}
	outcome(&g, &got, grc, &ge);
	outcome(&w, &want, wrc, &we);
	same = grc == wrc && strcmp(g.ptr, w.ptr) == 0;
	ncases++;
	nerrors += grc < 0;
	if (grc == 0) {
		npackages += (int)got.len;
		nproblems += (int)got.nproblems;
	}
	if (!same && nmismatches++ < 5)
		fprintf(stderr, "  %s (%s, %zu bytes) differs:\n  cursor:\n%s  tree:\n%s",
			what, name, len, g.ptr, w.ptr);
	free(copy);
	buf_release(&g);
	buf_release(&w);
	arena_release(&a);
	return same;
}

/* ---------------------------------------------------------------- inputs */

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (unsigned)(rng_state % n) : 0;
}

static const char *const names[] = { "a",
				     "b",
				     "lodash",
				     "@s/b",
				     "left-pad",
				     "x\\u002fy",
				     "n\\u006fde_modules/c",
				     "",
				     "é",
				     "a b" };
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* A value of some type: mostly what a lock file holds there. */
static void put_scalar(struct buf *b, const char *usual)
{
	switch (rnd(12)) {
	case 0: buf_puts(b, "1"); break;
	case 1: buf_puts(b, "true"); break;
	case 2: buf_puts(b, "null"); break;
	case 3: buf_puts(b, "[]"); break;
	case 4: buf_puts(b, "{}"); break;
	case 5: buf_puts(b, "\"\""); break;
	default: buf_printf(b, "\"%s\"", usual);
	}
}

static void put_package(struct buf *b, int v1, int depth);

/* A map of packages: v1's "dependencies" (name: {...}) or v2's
 * "packages" (path: {...}). */
static void put_packages(struct buf *b, int v1, int depth)
{
	unsigned n = rnd(depth ? 3 : 8);
	buf_putc(b, '{');
	if (!v1 && rnd(4)) {
		buf_puts(b, "\"\": {\"name\": \"app\"");
		const char *sections[] = { "dependencies", "devDependencies",
					   "optionalDependencies", "peerDependencies" };
		for (unsigned s = 0; s < 4; s++)
			if (rnd(2)) {
				buf_printf(b, ", \"%s\": {", sections[s]);
				for (unsigned k = 0, m = rnd(4); k < m; k++)
					buf_printf(b, "%s\"%s\": \"^1\"",
						   k ? ", " : "", names[rnd(NNAMES)]);
				buf_putc(b, '}');
			}
		buf_puts(b, "}");
		if (n)
			buf_puts(b, ",\n");
	}
	for (unsigned i = 0; i < n; i++) {
		if (i)
			buf_puts(b, rnd(3) ? ",\n    " : ",");
		if (v1) {
			buf_printf(b, "\"%s\": ", names[rnd(NNAMES)]);
		} else {
			const char *pre[] = { "node_modules/",
					      "node_modules/a/node_modules/",
					      "packages/x",
					      "",
					      "x/node_modules/",
					      "node_modules/b/node_modules/c/node_modules/" };
			buf_printf(b, "\"%s%s\": ", pre[rnd(6)], names[rnd(NNAMES)]);
		}
		if (rnd(10) == 0)
			put_scalar(b, "1.0.0");
		else
			put_package(b, v1, depth);
	}
	buf_putc(b, '}');
}

static void put_package(struct buf *b, int v1, int depth)
{
	static const char *const fields[] = {
		"version", "resolved",	   "integrity", "dev",	  "name",
		"link",	   "dependencies", "optional",	"engines"
	};
	unsigned n = rnd(6);
	buf_putc(b, '{');
	if (rnd(4)) { /* most packages say their version first */
		buf_printf(b, "\"version\": \"%u.%u.0\"%s", rnd(3), rnd(3),
			   n ? ", " : "");
	}
	for (unsigned i = 0; i < n; i++) {
		const char *f = fields[rnd(9)];
		buf_printf(b, "%s\"%s\": ", i ? ",\n      " : "", f);
		if (strcmp(f, "dependencies") == 0 && v1 && depth < 4 && rnd(2))
			put_packages(b, v1, depth + 1);
		else if (strcmp(f, "dev") == 0 || strcmp(f, "link") == 0 ||
			 strcmp(f, "optional") == 0)
			put_scalar(b, rnd(2) ? "" : "yes");
		else if (strcmp(f, "name") == 0)
			put_scalar(b, names[rnd(NNAMES)]);
		else if (strcmp(f, "engines") == 0)
			buf_puts(b, "{\"node\": [\">=14\", {\"a\": null}]}");
		else
			put_scalar(b, rnd(3) ? "1.2.3"
					     : "https://r.example/a/-/a-1.0.0.tgz");
	}
	buf_putc(b, '}');
}

/* A whole lock file of some shape. */
static void put_lock(struct buf *b)
{
	int v1 = rnd(3) == 0;
	buf_puts(b, rnd(8) ? "{\n  \"name\": \"app\",\n" : "{");
	if (rnd(5))
		buf_printf(b, "  \"lockfileVersion\": %s,\n",
			   (const char *[]){ "1", "2", "3", "3", "2", "0",
					     "\"3\"", "2.5", "4" }[rnd(9)]);
	if (!v1 || rnd(3) == 0) {
		buf_puts(b, "  \"packages\": ");
		if (rnd(15) == 0)
			buf_puts(b, "[]");
		else
			put_packages(b, 0, 0);
		buf_puts(b, ",\n");
	}
	buf_puts(b, "  \"dependencies\": ");
	put_packages(b, 1, 0);
	if (rnd(6) == 0) /* a second of each: only the first counts */
		buf_puts(b, ",\n  \"packages\": {\"node_modules/zz\": {\"version\": \"9\"}},"
			    " \"dependencies\": {}, \"lockfileVersion\": 9");
	buf_puts(b, "\n}\n");
}

/* text with one byte replaced by something that often breaks JSON. */
static void mutate(struct buf *out, const char *text, size_t len)
{
	static const char bytes[] = "\"\\{}[],:\n\t\x01\x7f\x80\xc3\xff 0a";
	buf_clear(out);
	buf_put(out, text, len);
	if (len)
		out->ptr[rnd((unsigned)len)] = bytes[rnd(sizeof(bytes) - 1)];
}

/* Every prefix of text (truncations), and some mutations. */
static void compare_variants(const char *what, const char *name,
			     const char *text, size_t len, unsigned nmut)
{
	struct buf m = BUF_INIT;
	for (size_t n = 0; n <= len; n += len > 2000 ? 37 : 1)
		compare(what, name, text, n);
	for (unsigned i = 0; i < nmut; i++) {
		mutate(&m, text, len);
		compare(what, name, m.ptr, m.len);
	}
	buf_release(&m);
}

/* ---------------------------------------------------------------- tests */

TEST(every_golden_json_file_reads_as_the_tree_walk_read_it)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	int files = 0;
	rng_state = 88172645463325252ull;
	ncases = nmismatches = 0;
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		static const char *const json[] = { "package-lock.json",
						    "package.json", "composer.json",
						    "composer.lock" };
		for (size_t k = 0; k < 4; k++) {
			char path[600];
			struct buf text = BUF_INIT;
			snprintf(path, sizeof(path), "%s/%s/%s", FIXTURES,
				 e->d_name, json[k]);
			if (e->d_name[0] == '.' || fixture_append(&text, path) < 0)
				continue;
			files++;
			compare_variants(path, json[k], text.ptr, text.len, 300);
			buf_release(&text);
		}
	}
	if (d)
		closedir(d);
	CHECK(files >= 6);
	CHECK(ncases > 1000);
	CHECK(nmismatches == 0);
}

TEST(generated_and_mutated_lock_files_read_as_the_tree_walk_read_them)
{
	struct buf b = BUF_INIT;
	rng_state = 0x9e3779b97f4a7c15ull;
	ncases = nerrors = nmismatches = npackages = nproblems = 0;
	for (int i = 0; i < 400; i++) {
		buf_clear(&b);
		put_lock(&b);
		compare_variants("generated", "package-lock.json", b.ptr, b.len, 40);
	}
	buf_release(&b);
	fprintf(stderr, "  %d lock files compared, %d of them errors; %d packages, %d problems\n",
		ncases, nerrors, npackages, nproblems);
	CHECK(ncases > 50000);
	CHECK(npackages > 5000 && nproblems > 1000);
	CHECK(nerrors > 1000 && nerrors < ncases - 1000); /* both kinds */
	CHECK(nmismatches == 0);
}

TEST(huge_strings_deep_nesting_and_bad_bytes_read_as_the_tree_walk_read_them)
{
	struct buf b = BUF_INIT;
	ncases = nmismatches = 0;
	/* a string of 300 KB (plain, then with escapes and UTF-8) */
	for (int kind = 0; kind < 3; kind++) {
		buf_clear(&b);
		buf_puts(&b, "{\"packages\": {\"node_modules/a\": {\"resolved\": \"");
		for (int i = 0; i < 300000; i++)
			buf_puts(&b, kind == 0	 ? "x"
				     : kind == 1 ? (i % 97 ? "y" : "\\n")
						 : "\xc3\xa9");
		buf_puts(&b, "\", \"version\": \"1\"}}}");
		compare("huge string", "package-lock.json", b.ptr, b.len);
		compare("huge string, cut", "package-lock.json", b.ptr, b.len - 8);
	}
	/* nesting at the limit, and past it, in skipped and kept places */
	for (int depth = 195; depth <= 202; depth++) {
		static const char *const where[] = {
			"{\"packages\": {\"node_modules/a\": {\"x\": ",
			"{\"dependencies\": {\"a\": {\"dependencies\": ", "{\"junk\": "
		};
		for (int w = 0; w < 3; w++) {
			buf_clear(&b);
			buf_puts(&b, where[w]);
			for (int i = 0; i < depth; i++)
				buf_puts(&b, i % 2 ? "[" : "{\"k\": ");
			buf_puts(&b, "1");
			for (int i = depth - 1; i >= 0; i--)
				buf_puts(&b, i % 2 ? "]" : "}");
			buf_puts(&b, w == 2 ? "}" : w == 1 ? "}}}" : "}}}");
			compare("deep nesting", "package-lock.json", b.ptr, b.len);
		}
	}
	/* a v1 tree a hundred levels and more deep */
	buf_clear(&b);
	buf_puts(&b, "{\"dependencies\": ");
	for (int i = 0; i < 98; i++)
		buf_printf(&b, "{\"p%d\": {\"version\": \"%d\", \"dependencies\": ", i,
			   i);
	buf_puts(&b, "{}");
	for (int i = 0; i < 98; i++)
		buf_puts(&b, "}}");
	buf_puts(&b, "}");
	compare("deep v1", "package-lock.json", b.ptr, b.len);
	/* bytes that are not UTF-8, in and out of strings; NUL; a BOM */
	static const char *const bad[] = {
		"{\"packages\": {\"node_modules/\xc3\x28\": {\"version\": \"1\"}}}",
		"{\"packages\": {\"node_modules/a\": {\"version\": \"1\xff\"}}}",
		"{\"packages\": {}}\xff",
		"\xef\xbb\xbf{\"packages\": {\"node_modules/a\": {\"version\": \"1\"}}}",
		"{\"packages\": {\"node_modules/a\": {\"resolved\": \"\xed\xa0\x80\"}}}",
		"{\"dependencies\": {\"a\": {\"version\": \"\\ud800\"}}}",
		"{\"dependencies\": {\"a\": {\"version\": \"\\u0000\"}}}",
		"{\"lockfileVersion\": 1e999, \"packages\": {}}",
		"{\"lockfileVersion\": 3, \"packages\": 7, \"x\": }",
		"[1, 2]",
		"\"a\"",
		"",
		"   \n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		compare("bad bytes", "package-lock.json", bad[i], strlen(bad[i]));
	compare("a NUL", "package-lock.json", "{\"a\": \"\0\"}", 10);
	compare("a NUL outside", "package-lock.json", "{\"a\": 1}\0", 9);
	buf_release(&b);
	CHECK(ncases > 40);
	CHECK(nmismatches == 0);
}

/* Lists of packages with duplicates, in and out of name order. */
static void random_list(struct deps_list *l, struct arena *a, int sorted)
{
	static const char *const ecos[] = { "npm", "pypi" };
	static const char *const vers[] = { "1.0.0", "2.0.0", "" };
	char name[16];
	unsigned n = rnd(40);
	*l = (struct deps_list)DEPS_LIST_INIT;
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "p%02u",
			 sorted ? i * 2 + rnd(2) : rnd(30));
		struct deps_package *p =
			deps_add(l, a, ecos[sorted ? 0 : rnd(5) == 0],
				 arena_strdup(a, name), vers[rnd(3)],
				 rnd(2) ? "^1" : "", (int)i + 1);
		p->direct = (int)rnd(2);
		p->dev = (int)rnd(2);
	}
}

TEST(unique_and_merge_with_an_index_give_what_the_plain_ones_gave)
{
	struct arena a;
	rng_state = 12345;
	arena_init(&a);
	for (int i = 0; i < 3000; i++) {
		struct deps_list lock, manifest, u1, u2, m1 = DEPS_LIST_INIT,
							 m2 = DEPS_LIST_INIT;
		struct buf g = BUF_INIT, w = BUF_INIT;
		random_list(&lock, &a, i % 3 == 0);
		random_list(&manifest, &a, i % 5 == 0);
		u1 = lock;
		u1.items = arena_alloc(&a, (lock.len + 1) * sizeof(*u1.items));
		u2 = u1;
		u2.items = arena_alloc(&a, (lock.len + 1) * sizeof(*u2.items));
		for (size_t k = 0; k < lock.len; k++)
			u1.items[k] = u2.items[k] = lock.items[k];
		deps_unique(&u1, &a, 0);
		ref_unique(&u2, 0);
		deps_dump(&g, &u1);
		deps_dump(&w, &u2);
		CHECK_STR(g.ptr, w.ptr);
		buf_clear(&g);
		buf_clear(&w);
		deps_merge(&m1, &a, &manifest, &u1);
		ref_merge(&m2, &a, &manifest, &u1);
		deps_dump(&g, &m1);
		deps_dump(&w, &m2);
		CHECK_STR(g.ptr, w.ptr);
		buf_release(&g);
		buf_release(&w);
		if (harness_current_failed)
			break;
	}
	arena_release(&a);
}

int main(void)
{
	RUN(every_golden_json_file_reads_as_the_tree_walk_read_it);
	RUN(generated_and_mutated_lock_files_read_as_the_tree_walk_read_them);
	RUN(huge_strings_deep_nesting_and_bad_bytes_read_as_the_tree_walk_read_them);
	RUN(unique_and_merge_with_an_index_give_what_the_plain_ones_gave);
	return harness_report();
}
