/* Unit tests of codeowners.c: GitHub and GitLab CODEOWNERS rules (with the
 * forges' documented examples), OWNERS inheritance, diagnostics naming
 * lines, and pathological patterns. */
#include <stdlib.h>
#include <string.h>

#include "codeowners.h"
#include "harness.h"

/* ---- helpers ---- */

static struct arena A;
static struct diag_list D;

static void setup(void)
{
	arena_init(&A);
	diag_init(&D);
}

static void teardown(void)
{
	diag_release(&D);
	arena_release(&A);
}

static struct codeowners *parse_as(const char *text, enum codeowners_dialect dl,
				   const char *path)
{
	struct codeowners *co = NULL;
	codeowners_parse(&co, &A, text, strlen(text), dl, "svc", path, &D);
	return co;
}

static struct codeowners *github(const char *text)
{
	return parse_as(text, CODEOWNERS_GITHUB, ".github/CODEOWNERS");
}

static struct codeowners *gitlab(const char *text)
{
	return parse_as(text, CODEOWNERS_GITLAB, ".gitlab/CODEOWNERS");
}

static const char *join(const char *const *names, size_t n)
{
	static char out[1024];
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, names[i]);
	}
	return out;
}

/* The owners of file, space-separated ("" when unowned). */
static const char *owners(const struct codeowners *co, const char *file)
{
	const char *const *o;
	size_t n;
	codeowners_owners_of(co, &A, file, &o, &n);
	return join(o, n);
}

static int line_of(const struct codeowners *co, const char *file)
{
	const char *const *o;
	size_t n;
	return codeowners_owners_of(co, &A, file, &o, &n);
}

static const char *section_owners(const struct codeowners *co, size_t i, const char *file)
{
	const char *const *o;
	size_t n;
	codeowners_section_owners_of(co, i, file, &o, &n);
	return join(o, n);
}

static int has_diag(int line, const char *needle)
{
	for (size_t i = 0; i < D.len; i++)
		if ((line < 0 || D.items[i].line == line) &&
		    strstr(D.items[i].msg, needle))
			return 1;
	return 0;
}

static void dump_diags(void)
{
	char line[4096];
	for (size_t i = 0; i < D.len; i++) {
		diag_format(line, sizeof(line), &D.items[i]);
		fprintf(stderr, "  %s\n", line);
	}
}

/* ---- GitHub ---- */

/* The example file of GitHub's "About code owners", in its order. */
static const char github_example[] =
	"# This is a comment.\n"
	"# Each line is a file pattern followed by one or more owners.\n"
	"\n"
	"*       @global-owner1 @global-owner2\n"	  /* 4 */
	"*.js    @js-owner #This is an inline comment.\n" /* 5 */
	"*.go docs@example.com\n"			  /* 6 */
	"*.txt @octo-org/octocats\n"			  /* 7 */
	"/build/logs/ @doctocat\n"			  /* 8 */
	"docs/*  docs@example.com\n"			  /* 9 */
	"apps/ @octocat\n"				  /* 10 */
	"/scripts/ @doctocat @octocat\n"		  /* 11 */
	"**/logs @octocat\n"				  /* 12 */
	"/apps/ @octocat\n"				  /* 13 */
	"/apps/github\n";				  /* 14 */

TEST(root_codeowners_with_nested_groups_is_gitlab)
{
	setup();
	struct codeowners *co = parse_as("* @acme/platform/fx-team\n",
					 CODEOWNERS_AUTO, "CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITLAB);
	CHECK(D.len == 0);
	CHECK_STR(owners(co, "src/main.c"), "@acme/platform/fx-team");
	co = parse_as("*.md @@maintainer\n", CODEOWNERS_AUTO, "docs/CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITLAB);
	/* a pattern with a '/' is no owner; .github/ stays GitHub's */
	co = parse_as("docs/a/b.md @alice\n", CODEOWNERS_AUTO, "CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITHUB);
	co = parse_as("* @a/b/c\n", CODEOWNERS_AUTO, ".github/CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITHUB);
	teardown();
}

TEST(default_owners_combine_sections)
{
	const char *const *o;
	setup();
	/* GitHub: the last "*" rule */
	struct codeowners *co = github("* @a\ndocs/ @d\n* @b @c\n");
	CHECK_STR(join(o, codeowners_default_owners(co, &A, &o)), "@b @c");
	/* GitHub: a last "*" without owners leaves the repository unowned */
	co = github("* @a\n*\n");
	CHECK(codeowners_default_owners(co, &A, &o) == 0);
	/* GitLab: each section's last "*" rule (a rule without owners has its
	 * heading's), combined in section order */
	co = parse_as("* @root\n\n[Backend] @acme/platform/be\n*\ndocs/ @w\n"
		      "^[Docs][2] @docs-team\n*.md\n[Ops]\n** @ops @root\n",
		      CODEOWNERS_AUTO, "CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITLAB);
	CHECK_STR(join(o, codeowners_default_owners(co, &A, &o)),
		  "@root @acme/platform/be @ops");
	/* and a file's owners: last match within a section, sections combined */
	CHECK_STR(owners(co, "docs/x.md"), "@root @w @docs-team @ops");
	co = github("docs/ @d\n");
	CHECK(codeowners_default_owners(co, &A, &o) == 0);
	teardown();
}

TEST(github_documented_example)
{
	setup();
	struct codeowners *co = github(github_example);
	CHECK(D.len == 0);
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITHUB);
	CHECK(codeowners_nsections(co) == 1);
	CHECK_STR(codeowners_section(co, 0)->name, "");

	CHECK_STR(owners(co, "README.md"), "@global-owner1 @global-owner2");
	CHECK(line_of(co, "README.md") == 4);
	CHECK_STR(owners(co, "src/deep/app.js"), "@js-owner"); /* comment dropped */
	CHECK(line_of(co, "src/deep/app.js") == 5);
	CHECK_STR(owners(co, "cmd/main.go"), "docs@example.com");
	CHECK_STR(owners(co, "notes.txt"), "@octo-org/octocats");
	/* /build/logs/ is anchored; **\/logs (later) owns any logs folder */
	CHECK(line_of(co, "build/logs/x.log") == 12);
	CHECK_STR(owners(co, "deeply/nested/logs/x.log"), "@octocat");
	CHECK_STR(owners(co, "docs/getting-started.md"), "docs@example.com");
	CHECK_STR(owners(co, "docs/build-app/troubleshooting.md"),
		  "@global-owner1 @global-owner2");
	CHECK_STR(owners(co, "scripts/deploy.sh"), "@doctocat @octocat");
	CHECK_STR(owners(co, "apps/web/index.html"), "@octocat");
	CHECK_STR(owners(co, "x/apps/web/index.html"), "@octocat"); /* line 10 */
	CHECK(line_of(co, "x/apps/web/index.html") == 10);
	/* a matching line with no owners leaves the file unowned */
	CHECK_STR(owners(co, "apps/github/main.rb"), "");
	CHECK(line_of(co, "apps/github/main.rb") == 14);
	teardown();
}

TEST(github_no_rule_matches)
{
	setup();
	struct codeowners *co = github("/docs/ @docs\n");
	CHECK_STR(owners(co, "src/a.c"), "");
	CHECK(line_of(co, "src/a.c") == 0);
	CHECK_STR(owners(co, "/docs/a.md"), "@docs"); /* a leading '/' is allowed */
	teardown();
}

struct expect {
	const char *path;
	int match;
};

/* Checks one pattern against paths, as the only rule of a file. */
static void check_pattern(enum codeowners_dialect dl, const char *pattern,
			  const struct expect *ex)
{
	char text[256];
	snprintf(text, sizeof(text), "%s @o\n", pattern);
	struct codeowners *co = parse_as(text, dl, NULL);
	for (; ex->path; ex++) {
		int got = line_of(co, ex->path) == 1;
		if (got != ex->match) {
			fprintf(stderr, "FAIL %s: %s pattern \"%s\" %s \"%s\"\n",
				harness_current,
				dl == CODEOWNERS_GITHUB ? "GitHub" : "GitLab", pattern,
				ex->match ? "should match" : "should not match",
				ex->path);
			harness_current_failed = 1;
		}
	}
}

TEST(github_anchoring)
{
	setup();
	/* a '/' in the middle anchors at the root; '*' stays in its segment */
	check_pattern(CODEOWNERS_GITHUB, "docs/*.md",
		      (const struct expect[]){ { "docs/x.md", 1 },
					       { "a/docs/x.md", 0 },
					       { "docs/sub/x.md", 0 },
					       { "docs/x.mdx", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "docs/*",
		      (const struct expect[]){ { "docs/getting-started.md", 1 },
					       { "docs/build-app/x.md", 0 },
					       { "docs", 0 },
					       { "a/docs/x", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "/*",
		      (const struct expect[]){
			      { "Makefile", 1 }, { "src/a.c", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "foo/bar",
		      (const struct expect[]){ { "foo/bar", 1 },
					       { "foo/bar/baz", 1 },
					       { "foo/bart", 0 },
					       { "x/foo/bar", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "/build/logs/",
		      (const struct expect[]){ { "build/logs/a", 1 },
					       { "build/logs/a/b", 1 },
					       { "build/logs", 0 },
					       { "x/build/logs/a", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "/f*",
		      (const struct expect[]){ { "foo", 1 },
					       { "foo/bar/baz", 1 },
					       { "bar/foo", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "foo/*/baz",
		      (const struct expect[]){ { "foo/bar/baz", 1 },
					       { "foo/bar/baz/qux", 1 },
					       { "foo/baz", 0 },
					       { NULL, 0 } });
	CHECK(D.len == 0);
	teardown();
}

TEST(github_patterns_without_slash_match_at_any_depth)
{
	setup();
	check_pattern(CODEOWNERS_GITHUB, "*.js",
		      (const struct expect[]){ { "a.js", 1 },
					       { "src/deep/a.js", 1 },
					       { "a.jsx", 0 },
					       { ".eslintrc.js", 1 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "docs",
		      (const struct expect[]){ { "docs", 1 },
					       { "docs/x.md", 1 },
					       { "a/docs/y/z.md", 1 },
					       { "docs.md", 0 },
					       { "mydocs/x", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "*",
		      (const struct expect[]){
			      { "x", 1 }, { "a/b/c", 1 }, { ".hidden", 1 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "f?o",
		      (const struct expect[]){ { "foo", 1 },
					       { "x/fao/y", 1 },
					       { "fo", 0 },
					       { "fooo", 0 },
					       { "f/o", 0 },
					       { NULL, 0 } });
	/* '?' is one character, not one byte */
	check_pattern(CODEOWNERS_GITHUB, "caf?",
		      (const struct expect[]){ { "caf\xC3\xA9", 1 },
					       { "cafe", 1 },
					       { "caf\xC3\xA9x", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "*??",
		      (const struct expect[]){ { "\xE2\x82\xAC", 0 },
					       { "a\xE2\x82\xAC", 1 },
					       { NULL, 0 } });
	teardown();
}

TEST(github_folders_own_everything_below)
{
	setup();
	/* "/apps/" and "apps" both own apps/x/y.js */
	check_pattern(CODEOWNERS_GITHUB, "/apps/",
		      (const struct expect[]){ { "apps/x/y.js", 1 },
					       { "apps", 0 },
					       { "a/apps/x", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "apps",
		      (const struct expect[]){ { "apps/x/y.js", 1 },
					       { "apps", 1 },
					       { "a/apps/x", 1 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "apps/",
		      (const struct expect[]){ { "apps/x/y.js", 1 },
					       { "a/apps/x", 1 },
					       { "apps", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "/apps",
		      (const struct expect[]){ { "apps/x/y.js", 1 },
					       { "apps", 1 },
					       { "a/apps/x", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "/",
		      (const struct expect[]){ { "a", 1 }, { "a/b", 1 }, { NULL, 0 } });
	teardown();
}

TEST(github_double_star)
{
	setup();
	check_pattern(CODEOWNERS_GITHUB, "**/logs",
		      (const struct expect[]){ { "logs", 1 },
					       { "build/logs/x", 1 },
					       { "a/b/logs/c/d", 1 },
					       { "logsx/a", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "logs/**",
		      (const struct expect[]){ { "logs/a", 1 },
					       { "logs/a/b/c", 1 },
					       { "logs", 0 },
					       { "x/logs/a", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "a/**/b",
		      (const struct expect[]){ { "a/b", 1 },
					       { "a/x/b", 1 },
					       { "a/x/y/b", 1 },
					       { "a/b/c", 1 },
					       { "x/a/b", 0 },
					       { "a/bb", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "**/*bar*",
		      (const struct expect[]){ { "bar", 1 },
					       { "foo/rebar", 1 },
					       { "foo/barrio/x", 1 },
					       { "foo/baz", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "foo/**/bar/b*",
		      (const struct expect[]){ { "foo/bar/baz", 1 },
					       { "foo/q/bar/baz", 1 },
					       { "foo/bar/qux", 0 },
					       { "foo/bar", 0 },
					       { NULL, 0 } });
	/* "**" inside a segment is a plain '*' */
	check_pattern(CODEOWNERS_GITHUB, "/src/**.c",
		      (const struct expect[]){
			      { "src/a.c", 1 }, { "src/x/a.c", 0 }, { NULL, 0 } });
	teardown();
}

TEST(github_last_match_wins)
{
	setup();
	struct codeowners *co = github("*.md @writers\n"
				       "/docs/ @docs\n"
				       "/docs/legal.md @legal\n"
				       "*.md @late-writers\n");
	CHECK_STR(owners(co, "docs/legal.md"), "@late-writers");
	CHECK(line_of(co, "docs/legal.md") == 4);
	CHECK_STR(owners(co, "docs/a.txt"), "@docs");
	co = github("/docs/legal.md @legal\n/docs/ @docs\n");
	CHECK_STR(owners(co, "docs/legal.md"), "@docs");
	teardown();
}

TEST(github_escapes_and_spaces)
{
	setup();
	check_pattern(CODEOWNERS_GITHUB, "f\\*o",
		      (const struct expect[]){ { "f*o", 1 }, { "foo", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITHUB, "f\\?o",
		      (const struct expect[]){ { "f?o", 1 }, { "foo", 0 }, { NULL, 0 } });
	struct codeowners *co = github("/path\\ with\\ spaces/ @space-owner\n"
				       "\\[draft\\].md @drafts\n");
	CHECK_STR(owners(co, "path with spaces/a.md"), "@space-owner");
	CHECK_STR(owners(co, "x/[draft].md"), "@drafts");
	CHECK(D.len == 0);
	teardown();
}

TEST(github_unsupported_syntax_is_reported_and_skipped)
{
	setup();
	struct codeowners *co = github("* @all\n"
				       "!*.md @nobody\n"
				       "*.[ch] @c-team\n"
				       "\\#notes.txt @pound\n"
				       "[Docs] @docs\n"
				       "*.txt @text\n");
	CHECK(has_diag(2, "\"!*.md\" negates with \"!\", which GitHub"));
	CHECK(has_diag(3, "\"*.[ch]\" uses a \"[...]\" range"));
	CHECK(has_diag(4, "escapes '#'"));
	CHECK(has_diag(4, "write \"**/#notes.txt\" instead"));
	CHECK(has_diag(5, "section heading \"[Docs]\" is a GitLab feature"));
	CHECK(D.len == 4);
	CHECK(D.items[0].cls == DIAG_USER);
	CHECK_STR(D.items[0].repo, "svc");
	CHECK_STR(D.items[0].path, ".github/CODEOWNERS");
	CHECK_STR(owners(co, "README.md"), "@all");
	CHECK_STR(owners(co, "a.c"), "@all");
	CHECK_STR(owners(co, "#notes.txt"), "@text");
	teardown();
}

TEST(owners_forms_and_bad_owners)
{
	setup();
	struct codeowners *co = github("/a/ @alice @org/team-name first.last@example.co.uk\n"
				       "/b/ bob @bob\n"
				       "/c/ @@maintainer @org/team/sub @ok\n"
				       "/d/ @bad!name user@nodot @\n"
				       "/e/ alice\n");
	CHECK_STR(owners(co, "a/x"), "@alice @org/team-name first.last@example.co.uk");
	CHECK(has_diag(2, "owner \"bob\" lacks its '@': it is ignored; write \"@bob\""));
	CHECK_STR(owners(co, "b/x"), "@bob");
	CHECK(has_diag(3, "owner \"@@maintainer\" is a GitLab role"));
	CHECK(has_diag(3, "owner \"@org/team/sub\" is not a GitHub team"));
	CHECK_STR(owners(co, "c/x"), "@ok");
	CHECK(has_diag(4, "owner \"@bad!name\" is not a valid name"));
	CHECK(has_diag(4, "owner \"user@nodot\" is not a user, team or e-mail"));
	CHECK(has_diag(4, "owner \"@\" is not a valid name"));
	/* every owner bad: the rule still decides, with no owners */
	CHECK_STR(owners(co, "d/x"), "");
	CHECK(line_of(co, "d/x") == 4);
	CHECK(has_diag(5, "\"alice\""));
	CHECK(D.len == 7);
	teardown();
}

TEST(crlf_and_bom)
{
	setup();
	const char *text = "\xEF\xBB\xBF# comment\r\n"
			   "* @all\r\n"
			   "\r\n"
			   "/docs/ @docs @more\r\n"
			   "  *.md\t@md   \r\n"
			   "bad-owner-line nobody\r\n";
	struct codeowners *co = github(text);
	CHECK_STR(owners(co, "docs/a.txt"), "@docs @more");
	CHECK_STR(owners(co, "x.md"), "@md");
	CHECK(line_of(co, "x.md") == 5);
	CHECK(has_diag(6, "owner \"nobody\" lacks its '@'"));
	CHECK(D.len == 1);
	teardown();
}

TEST(long_patterns_and_bad_escapes)
{
	setup();
	size_t n = CODEOWNERS_MAX_PATTERN + 10;
	char *text = malloc(n + 32);
	memset(text, 'a', n);
	strcpy(text + n, " @o\n* @all\n/x\\");
	struct codeowners *co = github(text);
	CHECK(has_diag(1, "is 4106 bytes, over the 4096-byte limit"));
	CHECK(has_diag(3, "ends with a lone \"\\\""));
	CHECK_STR(owners(co, "aaa"), "@all");
	free(text);
	teardown();
}

TEST(locations)
{
	CHECK(codeowners_location_rank(".github/CODEOWNERS") == 0);
	CHECK(codeowners_location_rank("CODEOWNERS") == 1);
	CHECK(codeowners_location_rank("docs/CODEOWNERS") == 2);
	CHECK(codeowners_location_rank(".gitlab/CODEOWNERS") == 3);
	CHECK(codeowners_location_rank("src/CODEOWNERS") == -1);
	CHECK_STR(codeowners_locations[3], ".gitlab/CODEOWNERS");
	CHECK(codeowners_locations[4] == NULL);
}

TEST(dialect_detection)
{
	setup();
	const char *plain = "* @a\n";
	const char *sections = "* @a\n\n[Docs] @d\ndocs/\n";
	CHECK(codeowners_dialect_of(parse_as(plain, CODEOWNERS_AUTO, "CODEOWNERS")) ==
	      CODEOWNERS_GITHUB);
	CHECK(codeowners_dialect_of(parse_as(plain, CODEOWNERS_AUTO,
					     ".gitlab/CODEOWNERS")) == CODEOWNERS_GITLAB);
	CHECK(codeowners_dialect_of(parse_as(sections, CODEOWNERS_AUTO,
					     "docs/CODEOWNERS")) == CODEOWNERS_GITLAB);
	CHECK(D.len == 0);
	/* under .github/ it is GitHub's, and GitHub ignores headings */
	struct codeowners *co =
		parse_as(sections, CODEOWNERS_AUTO, ".github/CODEOWNERS");
	CHECK(codeowners_dialect_of(co) == CODEOWNERS_GITHUB);
	CHECK(has_diag(3, "is a GitLab feature"));
	/* "[ab].js" is an entry, not a heading */
	CHECK(codeowners_dialect_of(parse_as("[ab].js @a\n", CODEOWNERS_AUTO, NULL)) ==
	      CODEOWNERS_GITHUB);
	teardown();
}

/* ---- GitLab ---- */

TEST(gitlab_sections_documented_example)
{
	setup();
	struct codeowners *co = gitlab("* @admin\n"
				       "\n"
				       "[README Owners]\n"
				       "README.md @user1 @user2\n"
				       "internal/README.md @user4\n"
				       "\n"
				       "[README other owners]\n"
				       "README.md @user3\n");
	CHECK(D.len == 0);
	CHECK(codeowners_nsections(co) == 3);
	CHECK_STR(codeowners_section(co, 0)->name, "");
	CHECK(codeowners_section(co, 0)->line == 0);
	CHECK_STR(codeowners_section(co, 1)->name, "README Owners");
	CHECK(codeowners_section(co, 1)->line == 3);
	CHECK_STR(codeowners_section(co, 2)->name, "README other owners");

	CHECK_STR(owners(co, "README.md"), "@admin @user1 @user2 @user3");
	CHECK_STR(owners(co, "internal/README.md"), "@admin @user4 @user3");
	CHECK_STR(section_owners(co, 1, "internal/README.md"), "@user4");
	const char *const *o;
	size_t n;
	CHECK(codeowners_section_owners_of(co, 1, "internal/README.md", &o, &n) == 5);
	CHECK(codeowners_section_owners_of(co, 2, "src/main.c", &o, &n) == 0);
	CHECK(n == 0 && o != NULL);
	/* the first section's deciding line */
	CHECK(line_of(co, "README.md") == 1);
	CHECK_STR(owners(co, "src/main.c"), "@admin");
	teardown();
}

TEST(gitlab_default_owners_optional_and_approvals)
{
	setup();
	struct codeowners *co = gitlab("[Documentation][2] @docs-team\n"
				       "docs/\n"
				       "README.md\n"
				       "\n"
				       "^[Database] @database-team @agarcia\n"
				       "model/db/\n"
				       "config/db/database-setup.md @docs-team\n");
	CHECK(D.len == 0);
	CHECK(codeowners_nsections(co) == 2); /* no unnamed section */
	const struct codeowners_section *doc = codeowners_section(co, 0);
	const struct codeowners_section *db = codeowners_section(co, 1);
	CHECK_STR(doc->name, "Documentation");
	CHECK(doc->approvals == 2 && !doc->optional);
	CHECK_STR(join(doc->default_owners, doc->ndefault_owners), "@docs-team");
	CHECK_STR(db->name, "Database");
	CHECK(db->approvals == 1 && db->optional);
	CHECK_STR(join(db->default_owners, db->ndefault_owners),
		  "@database-team @agarcia");

	CHECK_STR(owners(co, "docs/guide/a.md"), "@docs-team");
	CHECK_STR(owners(co, "sub/README.md"), "@docs-team");
	CHECK_STR(owners(co, "model/db/schema.rb"), "@database-team @agarcia");
	CHECK_STR(owners(co, "config/db/database-setup.md"), "@docs-team");
	CHECK_STR(section_owners(co, 1, "config/db/database-setup.md"), "@docs-team");
	teardown();
}

TEST(gitlab_regular_entries_and_sections)
{
	setup();
	struct codeowners *co = gitlab("# Required for all files\n"
				       "* @general-approvers\n"
				       "\n"
				       "[Documentation] @docs-team\n"
				       "docs/\n"
				       "README.md\n"
				       "*.txt\n"
				       "\n"
				       "[Database] @database-team\n"
				       "model/db/\n"
				       "config/db/database-setup.md @docs-team\n");
	CHECK(D.len == 0);
	CHECK(codeowners_nsections(co) == 3);
	/* one approval from each of three groups */
	CHECK_STR(owners(co, "model/db/CHANGELOG.txt"),
		  "@general-approvers @docs-team @database-team");
	CHECK_STR(owners(co, "config/db/database-setup.md"),
		  "@general-approvers @docs-team");
	teardown();
}

TEST(gitlab_duplicate_sections_merge)
{
	setup();
	struct codeowners *co = gitlab("^[Documentation][2]\n"
				       "ee/docs/    @docs\n"
				       "docs/       @docs\n"
				       "\n"
				       "[Database]\n"
				       "README.md  @database\n"
				       "model/db/   @database\n"
				       "\n"
				       "[DOCUMENTATION][3]\n"
				       "README.md  @docs\n");
	CHECK(D.len == 0);
	CHECK(codeowners_nsections(co) == 2);
	const struct codeowners_section *doc = codeowners_section(co, 0);
	CHECK_STR(doc->name, "Documentation"); /* the case of the first */
	CHECK(doc->line == 1);
	CHECK(!doc->optional); /* one of them required: required */
	CHECK(doc->approvals == 3);
	CHECK_STR(section_owners(co, 0, "README.md"), "@docs");
	CHECK_STR(owners(co, "README.md"), "@docs @database");
	teardown();
}

TEST(gitlab_path_matching)
{
	setup();
	/* relative paths match at any depth, even with a '/' inside */
	check_pattern(CODEOWNERS_GITLAB, "internal/README.md",
		      (const struct expect[]){ { "internal/README.md", 1 },
					       { "docs/internal/README.md", 1 },
					       { "docs/api/internal/README.md", 1 },
					       { "internal/README.mdx", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "README.md",
		      (const struct expect[]){ { "README.md", 1 },
					       { "app/lib/README.md", 1 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/README.md",
		      (const struct expect[]){ { "README.md", 1 },
					       { "docs/README.md", 0 },
					       { NULL, 0 } });
	/* a pattern matches files; only a trailing '/' owns a folder */
	check_pattern(CODEOWNERS_GITLAB, "/docs/",
		      (const struct expect[]){ { "docs/a.md", 1 },
					       { "docs/a/b/c.md", 1 },
					       { "x/docs/a", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/docs",
		      (const struct expect[]){
			      { "docs", 1 }, { "docs/a.md", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "lib/",
		      (const struct expect[]){ { "lib/a.rb", 1 },
					       { "x/y/lib/a/b.rb", 1 },
					       { "lib", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/docs/*",
		      (const struct expect[]){ { "docs/index.md", 1 },
					       { "docs/projects/index.md", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/docs/*/README.md",
		      (const struct expect[]){ { "docs/api/README.md", 1 },
					       { "docs/README.md", 0 },
					       { "docs/a/b/README.md", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/docs/**/index.md",
		      (const struct expect[]){ { "docs/index.md", 1 },
					       { "docs/api/index.md", 1 },
					       { "docs/api/graphql/index.md", 1 },
					       { "x/docs/index.md", 0 },
					       { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "**/*.rb",
		      (const struct expect[]){
			      { "config/database.rb", 1 },
			      { "app/controllers/users/stars_controller.rb", 1 },
			      { "a.rb", 1 },
			      { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "*",
		      (const struct expect[]){
			      { "a", 1 }, { "a/.b/.c", 1 }, { NULL, 0 } });
	CHECK(D.len == 0);
	/* a last "**" is '*' in GitLab: reported, with the fix */
	check_pattern(CODEOWNERS_GITLAB, "/docs/**",
		      (const struct expect[]){
			      { "docs/a", 1 }, { "docs/a/b", 0 }, { NULL, 0 } });
	CHECK(has_diag(1, "\"/docs/**\" matches only the files directly in its folder "
			  "in GitLab: write \"/docs/\""));
	teardown();
}

TEST(gitlab_character_ranges_and_escapes)
{
	setup();
	check_pattern(CODEOWNERS_GITLAB, "*.[ch]",
		      (const struct expect[]){
			      { "a.c", 1 }, { "src/a.h", 1 }, { "a.o", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/[a-c]x/",
		      (const struct expect[]){
			      { "bx/1", 1 }, { "dx/1", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/v[!0-9]",
		      (const struct expect[]){ { "va", 1 }, { "v1", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB, "/x[]]",
		      (const struct expect[]){ { "x]", 1 }, { "x", 0 }, { NULL, 0 } });
	check_pattern(CODEOWNERS_GITLAB,
		      "/caf[\xC3\xA9"
		      "e]",
		      (const struct expect[]){ { "caf\xC3\xA9", 1 },
					       { "cafe", 1 },
					       { "cafa", 0 },
					       { NULL, 0 } });
	/* a line starting with '[' that is not a heading is an entry */
	struct codeowners *co = gitlab("[ab].js @js\n"
				       "\\#file_with_pound.rb @owner-file-with-pound\n"
				       "path\\ with\\ spaces/ @space-owner\n");
	CHECK(codeowners_nsections(co) == 1);
	CHECK_STR(owners(co, "x/b.js"), "@js");
	CHECK_STR(owners(co, "#file_with_pound.rb"), "@owner-file-with-pound");
	CHECK_STR(owners(co, "a/path with spaces/b"), "@space-owner");
	CHECK(D.len == 0);
	co = gitlab("/x[ab @o\n");
	CHECK(has_diag(1, "\"/x[ab\" has a \"[\" without its \"]\""));
	teardown();
}

TEST(gitlab_exclusions)
{
	setup();
	struct codeowners *co = gitlab("* @username\n"
				       "!pom.xml\n"
				       "\n"
				       "[Ruby]\n"
				       "*.rb @ruby-team\n"
				       "!/config/**/*.rb\n"
				       "/config/routes.rb @ops\n");
	CHECK(D.len == 0);
	CHECK_STR(owners(co, "pom.xml"), "");
	CHECK(line_of(co, "pom.xml") == 2);
	CHECK_STR(owners(co, "app/user.rb"), "@username @ruby-team");
	/* excluded in Ruby: a later rule does not bring it back */
	CHECK_STR(owners(co, "config/routes.rb"), "@username");
	CHECK_STR(section_owners(co, 1, "config/routes.rb"), "");
	const char *const *o;
	size_t n;
	CHECK(codeowners_section_owners_of(co, 1, "config/routes.rb", &o, &n) == 6);
	co = gitlab("!a.txt @x\n!\n");
	CHECK(has_diag(1, "exclusion \"!a.txt\" lists owners"));
	CHECK(has_diag(2, "exclusion \"!\" names no path"));
	teardown();
}

TEST(gitlab_bad_headings)
{
	setup();
	struct codeowners *co = gitlab("[Docs]\n"
				       "docs/ @docs\n"
				       "[Section name\n"
				       "src/ @src\n"
				       "[]\n"
				       "[Ops][x]\n"
				       "[Zero][0] @z\n"
				       "zero/\n");
	CHECK(has_diag(3, "section heading \"[Section name\" lacks its closing \"]\""));
	CHECK(has_diag(5, "section heading \"[]\" has no name"));
	CHECK(has_diag(6, "asks for \"x\" approvals, which is not a number"));
	CHECK(has_diag(7, "section \"Zero\" asks for \"0\" approvals"));
	CHECK(D.len == 4);
	/* entries after a broken heading stay in the section before it */
	CHECK(codeowners_nsections(co) == 2);
	CHECK_STR(section_owners(co, 0, "src/a.c"), "@src");
	CHECK(codeowners_section(co, 1)->approvals == 1);
	CHECK_STR(owners(co, "zero/a"), "@z");
	teardown();
}

TEST(gitlab_owners_and_comments)
{
	setup();
	struct codeowners *co = gitlab("/config/ @@maintainer @@Developers\n"
				       "/a/ @group/with-nested/subgroup @@admin\n"
				       "/docs/**/*.md @markdown-docs  # Match @also-parsed\n"
				       "/empty/\n"
				       "[Sec] @sec # default owners\n"
				       "sec/\n");
	CHECK_STR(owners(co, "config/x"), "@@maintainer @@Developers");
	CHECK(has_diag(2, "owner \"@@admin\" is not a GitLab role"));
	CHECK_STR(owners(co, "a/x"), "@group/with-nested/subgroup");
	/* GitLab reads owners out of inline comments: so do we, and say so */
	CHECK(has_diag(3, "inline comment \"# Match @also-parsed\" is not supported"));
	CHECK_STR(owners(co, "docs/x/y.md"), "@markdown-docs @also-parsed");
	CHECK(has_diag(4, "\"/empty/\" has no owners"));
	CHECK_STR(owners(co, "empty/x"), "");
	CHECK(line_of(co, "empty/x") == 4);
	CHECK(has_diag(5, "inline comment"));
	CHECK_STR(section_owners(co, 1, "sec/x"), "@sec");
	CHECK(D.len == 4);
	teardown();
}

/* ---- OWNERS ---- */

static const char *names(const char *const *v, size_t n)
{
	return join(v, n);
}

TEST(owners_inheritance)
{
	setup();
	struct owners_tree t;
	owners_tree_init(&t, &A);
	const char *root = "approvers:\n  - alice\n  - Bob\nreviewers: [rita]\nlabels: [area/root]\n";
	const char *a = "# See the OWNERS docs\napprovers:\n- bob   # a comment\n- carol\nreviewers:\n- ron\n";
	const char *ab = "options:\n  no_parent_owners: true\napprovers:\n- dave\nlabels:\n- sig/b\n";
	CHECK(owners_tree_add(&t, "OWNERS", root, strlen(root), "svc", &D) == 0);
	CHECK(owners_tree_add(&t, "a/OWNERS", a, strlen(a), "svc", &D) == 0);
	CHECK(owners_tree_add(&t, "a/b/OWNERS", ab, strlen(ab), "svc", &D) == 0);
	CHECK(D.len == 0);

	struct owners_result r;
	owners_tree_lookup(&t, &A, "main.go", &r);
	CHECK_STR(r.dir, "");
	CHECK_STR(names(r.approvers, r.napprovers), "alice Bob");
	CHECK_STR(names(r.labels, r.nlabels), "area/root");

	/* nearest first, then the parents; names once, without case */
	owners_tree_lookup(&t, &A, "a/x/y.go", &r);
	CHECK_STR(r.dir, "a");
	CHECK_STR(names(r.approvers, r.napprovers), "bob carol alice");
	CHECK_STR(names(r.reviewers, r.nreviewers), "ron rita");
	CHECK_STR(names(r.labels, r.nlabels), "area/root");

	/* no_parent_owners: a/OWNERS and OWNERS have no say */
	owners_tree_lookup(&t, &A, "a/b/c/d.go", &r);
	CHECK_STR(r.dir, "a/b");
	CHECK_STR(names(r.approvers, r.napprovers), "dave");
	CHECK(r.nreviewers == 0 && r.reviewers != NULL);
	CHECK_STR(names(r.labels, r.nlabels), "sig/b");
	owners_tree_lookup(&t, &A, "a/b/OWNERS", &r); /* applies to itself */
	CHECK_STR(r.dir, "a/b");

	/* "ab/x" is not under "a/b" */
	owners_tree_lookup(&t, &A, "ab/x", &r);
	CHECK_STR(r.dir, "");
	teardown();
}

TEST(owners_none)
{
	setup();
	struct owners_tree t = OWNERS_TREE_INIT;
	struct owners_result r;
	owners_tree_lookup(&t, &A, "a/b.c", &r);
	CHECK(r.dir == NULL);
	CHECK(r.napprovers == 0 && r.approvers != NULL);
	owners_tree_init(&t, &A);
	const char *sub = "approvers: [x]\n";
	owners_tree_add(&t, "sub/OWNERS", sub, strlen(sub), NULL, &D);
	owners_tree_lookup(&t, &A, "README.md", &r);
	CHECK(r.dir == NULL);
	teardown();
}

TEST(owners_bad_files)
{
	setup();
	struct owners_tree t;
	owners_tree_init(&t, &A);
	const char *root = "approvers: [alice]\n";
	const char *bad_yaml = "approvers:\n  - bob\n reviewers: [x\n";
	const char *list = "- bob\n";
	const char *bad_keys = "approver: [bob]\n"	   /* 1 */
			       "approvers: carol\n"	   /* 2 */
			       "reviewers:\n"		   /* 3 */
			       "  - [x]\n"		   /* 4 */
			       "  - ron\n"		   /* 5 */
			       "options:\n"		   /* 6 */
			       "  no_parent_owners: yes\n" /* 7 */
			       "  other: true\n"	   /* 8 */
			       "emeritus_approvers: [old]\n";
	owners_tree_add(&t, "OWNERS", root, strlen(root), "svc", &D);
	CHECK(owners_tree_add(&t, "a/OWNERS", bad_yaml, strlen(bad_yaml), "svc",
			      &D) == 1);
	CHECK(D.len == 1 && D.items[0].line == 3);
	CHECK(has_diag(3, "OWNERS file is not valid YAML"));
	CHECK_STR(D.items[0].path, "a/OWNERS");
	CHECK(owners_tree_add(&t, "b/OWNERS", list, strlen(list), "svc", &D) == 1);
	CHECK(has_diag(1, "OWNERS file is a list, not a mapping"));
	CHECK(owners_tree_add(&t, "c/OWNERS", bad_keys, strlen(bad_keys), "svc",
			      &D) == 5);
	CHECK(has_diag(1, "key \"approver\" is not an OWNERS key"));
	CHECK(has_diag(2, "\"approvers\" is not a list"));
	CHECK(has_diag(4, "item 1 of \"reviewers\" is not a name"));
	CHECK(has_diag(7, "\"no_parent_owners\" is not true or false"));
	CHECK(has_diag(8, "option \"other\" is not an OWNERS option"));
	/* names with no letter or digit, or with other characters, are none */
	const char *junk = "approvers:\n  - \"@@@\"\n  - \"a<b\"\n  - alice.smith@example.com\n  - 5\n";
	size_t before = D.len;
	CHECK(owners_tree_add(&t, "d/OWNERS", junk, strlen(junk), "svc", &D) == 2);
	CHECK(D.len == before + 2);
	CHECK(has_diag(2, "item 1 of \"approvers\" is not a name"));
	CHECK(has_diag(3, "item 2 of \"approvers\" is not a name"));

	struct owners_result r;
	/* bad files are as if absent: the parent's owners apply */
	owners_tree_lookup(&t, &A, "a/x", &r);
	CHECK_STR(r.dir, "");
	CHECK_STR(names(r.approvers, r.napprovers), "alice");
	owners_tree_lookup(&t, &A, "b/x", &r);
	CHECK_STR(r.dir, "");
	owners_tree_lookup(&t, &A, "c/x", &r);
	CHECK_STR(r.dir, "c");
	CHECK_STR(names(r.reviewers, r.nreviewers), "ron");
	CHECK_STR(names(r.approvers, r.napprovers), "alice");
	teardown();
}

TEST(owners_filters_and_empty)
{
	setup();
	struct owners_tree t;
	owners_tree_init(&t, &A);
	const char *f = "options:\n"
			"  no_parent_owners: true\n"
			"filters:\n"
			"  \".*\":\n"
			"    approvers:\n"
			"    - dims\n"
			"  \"go\\\\.(mod|sum)$\":\n"
			"    approvers:\n"
			"    - dep-approvers\n";
	const char *both = "labels: [x]\nfilters:\n  \".*\":\n    labels: [y]\n";
	CHECK(owners_tree_add(&t, "OWNERS", "", 0, NULL, &D) == 0);
	CHECK(owners_tree_add(&t, "staging/OWNERS", f, strlen(f), NULL, &D) == 1);
	CHECK(has_diag(8, "filter \"go\\.(mod|sum)$\" is not supported"));
	CHECK(owners_tree_add(&t, "both/OWNERS", both, strlen(both), NULL, &D) == 1);
	CHECK(has_diag(-1, "\"filters\" and approvers, reviewers or labels are both set"));

	struct owners_result r;
	owners_tree_lookup(&t, &A, "staging/go.mod", &r);
	CHECK_STR(names(r.approvers, r.napprovers), "dims");
	owners_tree_lookup(&t, &A, "both/a", &r);
	CHECK_STR(names(r.labels, r.nlabels), "x y");
	owners_tree_lookup(&t, &A, "README.md", &r);
	CHECK_STR(r.dir, ""); /* an empty OWNERS file is still one */
	CHECK(r.napprovers == 0);
	teardown();
}

TEST(owners_many_folders)
{
	setup();
	struct owners_tree t;
	owners_tree_init(&t, &A);
	char path[64], text[64], file[64];
	for (int i = 0; i < 500; i++) {
		snprintf(path, sizeof(path), "pkg/m%d/OWNERS", i);
		snprintf(text, sizeof(text), "approvers: [u%d]\n", i);
		owners_tree_add(&t, path, text, strlen(text), NULL, &D);
	}
	CHECK(D.len == 0);
	int ok = 1;
	for (int i = 0; i < 500; i++) {
		struct owners_result r;
		snprintf(file, sizeof(file), "pkg/m%d/sub/x.go", i);
		snprintf(text, sizeof(text), "u%d", i);
		owners_tree_lookup(&t, &A, file, &r);
		ok = ok && r.napprovers == 1 && strcmp(r.approvers[0], text) == 0;
	}
	CHECK(ok);
	teardown();
}

/* ---- pathological patterns ---- */

TEST(pathological_patterns_stay_fast)
{
	setup();
	const char *text = "*a*a*a*a*a*a*a*a*a*b @stars\n"
			   "/**/**/**/**/**/x @globstars\n"
			   "a/**/a/**/a/**/a/**/a/**/b @mixed\n"
			   "**/*a*a*a*a*a*a*a*a*a*/**/*b*b*b*b*b*b*c @both\n";
	struct codeowners *gh = github(text);
	struct codeowners *gl = gitlab(text);
	CHECK(D.len == 0);
	dump_diags();

	/* a long segment of 'a's and a deep path of "a" folders */
	char *seg = malloc(2049), *deep = malloc(4097);
	memset(seg, 'a', 2048);
	seg[2048] = '\0';
	for (int i = 0; i < 2048; i++) {
		deep[2 * i] = 'a';
		deep[2 * i + 1] = '/';
	}
	deep[4095] = '\0';
	int ok = 1;
	for (int i = 0; i < 10000; i++) {
		const char *path = i % 2 ? seg : deep;
		const struct codeowners *co = i % 4 < 2 ? gh : gl;
		const char *const *o;
		size_t n;
		ok = ok && codeowners_owners_of(co, &A, path, &o, &n) == 0;
	}
	CHECK(ok);
	/* and they still match what they should */
	CHECK_STR(owners(gh, "aaaaaaaaaaaaaaaaaab"), "@stars");
	CHECK_STR(owners(gh, "a/b/c/x"), "@globstars");
	CHECK_STR(owners(gh, "a/a/q/a/a/a/r/b"), "@mixed");
	CHECK_STR(owners(gl, "a/a/q/a/a/a/r/b"), "@mixed");
	free(seg);
	free(deep);

	/* the longest pattern allowed, against a long path */
	char *big = malloc(CODEOWNERS_MAX_PATTERN + 8);
	for (int i = 0; i < CODEOWNERS_MAX_PATTERN; i += 2) {
		big[i] = '*';
		big[i + 1] = 'a';
	}
	big[CODEOWNERS_MAX_PATTERN - 1] = 'b';
	strcpy(big + CODEOWNERS_MAX_PATTERN, " @big\n");
	struct codeowners *co = github(big);
	char *path = malloc(4097);
	memset(path, 'a', 4096);
	path[4096] = '\0';
	CHECK(line_of(co, path) == 0);
	path[4095] = 'b';
	CHECK(line_of(co, path) == 1);
	free(big);
	free(path);
	teardown();
}

TEST(a_flood_of_bad_lines_is_fifty_problems_and_a_count)
{
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct codeowners *co;
	struct buf text = BUF_INIT;
	diag_init(&d);
	for (int i = 0; i < 70; i++)
		buf_printf(&text, "/x%d <script>\n", i);
	CHECK(codeowners_parse(&co, &a, text.ptr, text.len, CODEOWNERS_GITHUB,
			       "r", "CODEOWNERS", &d) == 70);
	CHECK(d.len == 51);
	CHECK_CONTAINS(d.items[50].msg, "20 more problems in this file are not listed");
	diag_release(&d);
	buf_release(&text);
	arena_release(&a);
}

int main(void)
{
	RUN(a_flood_of_bad_lines_is_fifty_problems_and_a_count);
	RUN(root_codeowners_with_nested_groups_is_gitlab);
	RUN(default_owners_combine_sections);
	RUN(github_documented_example);
	RUN(github_no_rule_matches);
	RUN(github_anchoring);
	RUN(github_patterns_without_slash_match_at_any_depth);
	RUN(github_folders_own_everything_below);
	RUN(github_double_star);
	RUN(github_last_match_wins);
	RUN(github_escapes_and_spaces);
	RUN(github_unsupported_syntax_is_reported_and_skipped);
	RUN(owners_forms_and_bad_owners);
	RUN(crlf_and_bom);
	RUN(long_patterns_and_bad_escapes);
	RUN(locations);
	RUN(dialect_detection);
	RUN(gitlab_sections_documented_example);
	RUN(gitlab_default_owners_optional_and_approvals);
	RUN(gitlab_regular_entries_and_sections);
	RUN(gitlab_duplicate_sections_merge);
	RUN(gitlab_path_matching);
	RUN(gitlab_character_ranges_and_escapes);
	RUN(gitlab_exclusions);
	RUN(gitlab_bad_headings);
	RUN(gitlab_owners_and_comments);
	RUN(owners_inheritance);
	RUN(owners_none);
	RUN(owners_bad_files);
	RUN(owners_filters_and_empty);
	RUN(owners_many_folders);
	RUN(pathological_patterns_stay_fast);
	return harness_report();
}
