/* Tests for version.c: every case of tests/fixtures/versions.txt (the table
 * themes/default/assets/deps.js is checked against too, by
 * tests/unit/test_deps_js.mjs), run from the repository's root.
 *
 * With --pairs, prints instead "ECO A B C" for every ecosystem of the table
 * and every two versions named in it (C: -1, 0 or 1), for the JavaScript
 * test to check that deps.js orders all of them as this file does. */
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CASES "tests/fixtures/versions.txt"

static char *trim(char *s)
{
	char *e;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Splits off the first space-separated word of *s. */
static char *word(char **s)
{
	char *w = *s, *sp;
	while (*w == ' ')
		w++;
	sp = strchr(w, ' ');
	if (sp) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = w + strlen(w);
	}
	return w;
}

static int check_query(char *rest)
{
	struct version_query q;
	char *arrow = strstr(rest, " -> "), *bar, name[256], range[256];
	if (!arrow || !(bar = strchr(arrow, '|')))
		return 0;
	*arrow = '\0';
	*bar = '\0';
	version_query_parse(&q, rest);
	snprintf(name, sizeof(name), "%.*s", (int)q.name_len, rest + q.name_off);
	snprintf(range, sizeof(range), "%.*s", (int)q.range_len, rest + q.range_off);
	return strcmp(name, trim(arrow + 4)) == 0 && strcmp(range, trim(bar + 1)) == 0;
}

/* 1 when the case on line holds. */
static int check_case(char *line)
{
	char *rest = line, *kind = word(&rest), *eco, *a, *op;
	if (strcmp(kind, "query") == 0)
		return check_query(rest);
	eco = word(&rest);
	if (strcmp(kind, "bad") == 0)
		return version_in_range(eco, "1.0.0", trim(rest)) == -1;
	a = word(&rest);
	if (strcmp(kind, "meets") == 0)
		return version_spec_meets(eco, a, trim(rest)) == 1;
	if (strcmp(kind, "misses") == 0)
		return version_spec_meets(eco, a, trim(rest)) == 0;
	if (strcmp(kind, "badspec") == 0)
		return version_spec_meets(eco, a, trim(rest)) == -1;
	if (strcmp(kind, "valid") == 0)
		return version_valid(eco, a) == 1;
	if (strcmp(kind, "invalid") == 0)
		return version_valid(eco, a) == 0;
	if (strcmp(kind, "in") == 0)
		return version_in_range(eco, a, trim(rest)) == 1;
	if (strcmp(kind, "out") == 0)
		return version_in_range(eco, a, trim(rest)) == 0;
	if (strcmp(kind, "cmp") == 0) {
		int c, r;
		op = word(&rest);
		c = version_compare(eco, a, trim(rest));
		r = version_compare(eco, trim(rest), a);
		if (*op == '<')
			return c < 0 && r > 0;
		if (*op == '>')
			return c > 0 && r < 0;
		return c == 0 && r == 0;
	}
	return 0;
}

TEST(every_case_of_the_shared_table_holds)
{
	FILE *f = fopen(CASES, "r");
	char line[1024];
	int n = 0;
	CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char copy[1024];
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		snprintf(copy, sizeof(copy), "%s", t);
		n++;
		if (!check_case(t)) {
			fprintf(stderr, "  case fails: %s\n", copy);
			CHECK(!"a case of " CASES);
		}
	}
	fclose(f);
	CHECK(n > 100);
}

TEST(a_long_version_is_invalid_not_a_crash)
{
	char v[2048];
	int i;
	for (i = 0; i < 1000; i++) {
		v[2 * i] = '1';
		v[2 * i + 1] = '.';
	}
	v[1999] = '\0';
	CHECK(version_valid("npm", v) == 0);
	CHECK(version_valid("maven", v) == 0);
	CHECK(version_compare("npm", v, "1.0.0") < 0);
	CHECK(version_in_range("npm", "1.0.0", v) == -1);
}

TEST(a_null_version_sorts_first)
{
	CHECK(version_compare("npm", NULL, "1.0.0") < 0);
	CHECK(version_compare("npm", NULL, NULL) == 0);
	CHECK(version_in_range("npm", NULL, "<2") == 0);
}

/* The versions of cmp, in, out, valid and invalid cases. */
static void print_pairs(void)
{
	static const char *const ecos[] = { "npm",	 "go",	 "cargo",
					    "packagist", "pypi", "maven",
					    "rubygems" };
	static char vs[512][128];
	FILE *f = fopen(CASES, "r");
	char line[1024];
	size_t n = 0, i, j, e;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && n + 2 <= 512) {
		char *rest = line, *kind = word(&rest), *a;
		if (strcmp(kind, "cmp") && strcmp(kind, "in") && strcmp(kind, "out") &&
		    strcmp(kind, "valid") && strcmp(kind, "invalid"))
			continue;
		word(&rest);
		a = trim(word(&rest));
		snprintf(vs[n++], sizeof(vs[0]), "%s", a);
		if (strcmp(kind, "cmp") == 0) {
			word(&rest);
			snprintf(vs[n++], sizeof(vs[0]), "%s", trim(rest));
		}
	}
	fclose(f);
	for (e = 0; e < sizeof(ecos) / sizeof(ecos[0]); e++)
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (*vs[i] && *vs[j])
					printf("%s %s %s %d\n", ecos[e], vs[i], vs[j],
					       version_compare(ecos[e], vs[i], vs[j]));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--pairs") == 0) {
		print_pairs();
		return 0;
	}
	RUN(every_case_of_the_shared_table_holds);
	RUN(a_long_version_is_invalid_not_a_crash);
	RUN(a_null_version_sorts_first);
	return harness_report();
}
