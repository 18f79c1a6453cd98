/* Unit tests of config.c: cairn.yaml keys, defaults, relative paths, globs
 * and the operator-fixable diagnostics naming lines. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codeowners.h"
#include "config.h"
#include "crawl.h"
#include "fixture.h"
#include "harness.h"

static char tmpdir[256];

static const char *write_config(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int has_diag(struct diag_list *d, int line, const char *needle)
{
	for (size_t i = 0; i < d->len; i++)
		if ((line < 0 || d->items[i].line == line) &&
		    strstr(d->items[i].msg, needle))
			return 1;
	return 0;
}

TEST(defaults_and_relative_paths)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config(
		"a.yaml",
		"title: Acme\nbase_url: https://portal.example\nrepos:\n  - path: svc\n  - url: https://git.example/org/ledger.git\n    branch: main\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK_STR(c.title, "Acme");
	CHECK_STR(c.base_url, "https://portal.example/");
	char want[600];
	snprintf(want, sizeof(want), "%s/site", tmpdir);
	CHECK_STR(c.output, want);
	CHECK_STR(c.theme, "default");
	CHECK(c.nrepos == 2);
	snprintf(want, sizeof(want), "%s/svc", tmpdir);
	CHECK_STR(c.repos[0].path, want);
	CHECK_STR(c.repos[0].name, "svc");
	CHECK(c.repos[0].url == NULL);
	CHECK_STR(c.repos[1].url, "https://git.example/org/ledger.git");
	CHECK_STR(c.repos[1].name, "ledger");
	CHECK_STR(c.repos[1].branch, "main");
	CHECK(c.repos[1].line == 5);
	config_release(&c);
	diag_release(&d);
}

TEST(unknown_key_names_line)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config("b.yaml", "title: x\n\nouptut: y\nrepos: []\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 3, "unknown key \"ouptut\""));
	CHECK(d.items[0].cls == DIAG_OPERATOR);
	config_release(&c);
	diag_release(&d);
}

TEST(wrong_types_name_line)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config(
		"c.yaml",
		"title: [a, b]\nenvironments: prod\nrepos:\n  - path: [x]\n  - 42\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 1, "\"title\" must be a string"));
	CHECK(has_diag(&d, 2, "\"environments\" must be a list"));
	CHECK(has_diag(&d, 4, "\"path\" must be a string"));
	CHECK(has_diag(&d, 5, "must be a mapping"));
	config_release(&c);
	diag_release(&d);
}

TEST(environments_and_scalars)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config(
		"e.yaml",
		"title: 2026\nenvironments: [staging, production]\nrepos: []\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK_STR(c.title, "2026");
	CHECK(c.nenvironments == 2);
	CHECK_STR(c.environments[1], "production");
	config_release(&c);
	diag_release(&d);
}

TEST(glob_matches_folders_only)
{
	struct config c;
	struct diag_list d;
	char path[600];
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/repos", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/repos/one.git", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/repos/two", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/repos/file.txt", tmpdir);
	fclose(fopen(path, "w"));
	const char *p = write_config(
		"g.yaml",
		"repos:\n  - glob: repos/*\n    branch: dev\n  - glob: none-*\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK(c.nrepos == 2);
	CHECK_STR(c.repos[0].name, "one");
	CHECK_STR(c.repos[1].name, "two");
	CHECK_STR(c.repos[1].branch, "dev");
	/* matching nothing is an error naming the line, but the configuration
	 * stays usable (config_load returns 0: the build goes on, exits 1) */
	CHECK(has_diag(&d, 4, "glob \"none-*\" matches no repository"));
	CHECK(d.items[0].severity == DIAG_ERROR);
	CHECK(d.items[0].cls == DIAG_OPERATOR);
	CHECK(c.nempty_globs == 1);
	CHECK(c.empty_globs[0].line == 4);
	CHECK(c.empty_globs[0].branch == NULL);
	CHECK(strstr(c.empty_globs[0].pattern, "/none-*") != NULL);
	config_release(&c);
	diag_release(&d);
}

TEST(missing_and_invalid_files)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	CHECK(config_load(&c, "/nonexistent/cairn.yaml", &d) < 0);
	CHECK(has_diag(&d, -1, "cannot read the configuration"));
	config_release(&c);
	diag_release(&d);

	diag_init(&d);
	const char *p = write_config("i.yaml", "title: \"open\nrepos: []\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, -1, "not valid YAML"));
	config_release(&c);
	diag_release(&d);

	diag_init(&d);
	p = write_config("l.yaml", "- a\n- b\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 1, "must be a mapping"));
	config_release(&c);
	diag_release(&d);
}

TEST(theme_lookup)
{
	struct config c;
	struct diag_list d;
	char path[600];
	diag_init(&d);
	snprintf(path, sizeof(path), "%s/themes", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/themes/dark", tmpdir);
	mkdir(path, 0755);
	const char *p = write_config("t.yaml", "theme: dark\nrepos: []\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK_STR(c.theme, path);
	config_release(&c);
	p = write_config("t2.yaml", "theme: nowhere\nrepos: []\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 1, "theme \"nowhere\" not found"));
	config_release(&c);
	diag_release(&d);
}

TEST(repo_entry_rules)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config(
		"r.yaml",
		"repos:\n  - path: a\n    url: b\n  - name: x\n  - glob: '*'\n    name: y\n  - path: a\n    colour: red\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 2, "only one of"));
	CHECK(has_diag(&d, 4, "needs path:, url: or glob:"));
	CHECK(has_diag(&d, 5, "\"name\" cannot be used with glob:"));
	CHECK(has_diag(&d, 8, "unknown key \"colour\""));
	config_release(&c);
	diag_release(&d);
}

TEST(limits_with_units_and_defaults)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config("l.yaml",
				     "repos: []\nlimits:\n  file_size: 2 MB\n  api_file_size: 100KiB\n  line_length: 5000\n"
				     "  repo_files: 1000\n  yaml_depth: 50\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK(c.limits.file_size == 2u << 20);
	CHECK(c.limits.api_file_size == 100u << 10);
	CHECK(c.limits.line_length == 5000);
	CHECK(c.limits.repo_files == 1000);
	CHECK(c.limits.yaml.depth == 50);
	CHECK(c.limits.yaml.nodes == YAML_MAX_NODES); /* not set: the default */
	struct config_limits def = CONFIG_LIMITS_INIT;
	CHECK(config_limits_fingerprint(&c.limits) != config_limits_fingerprint(&def));
	config_release(&c);
	diag_release(&d);

	diag_init(&d);
	p = write_config("l2.yaml", "repos: []\nlimits:\n  file_size: lots\n  line_length: 10\n  yaml_nodes: -5\n"
				    "  colour: red\n  api_file_size: 3 TB\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 3, "\"file_size\" must be a size"));
	CHECK(has_diag(&d, 4, "\"line_length\" must be a size from 80"));
	CHECK(has_diag(&d, 5, "\"yaml_nodes\" must be a number of nodes"));
	CHECK(has_diag(&d, 6, "unknown key \"colour\" in limits"));
	CHECK(has_diag(&d, 7, "\"api_file_size\" must be a size"));
	config_release(&c);
	diag_release(&d);

	diag_init(&d);
	p = write_config("l3.yaml", "repos: []\nlimits: 5\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 2, "\"limits\" must be a mapping"));
	config_release(&c);
	diag_release(&d);
}

TEST(markdown_raw_html)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config("m.yaml", "repos: []\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK(c.raw_html == 1); /* the default */
	config_release(&c);
	p = write_config("m2.yaml", "markdown:\n  raw_html: false\nrepos: []\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK(c.raw_html == 0);
	config_release(&c);
	p = write_config("m3.yaml",
			 "markdown:\n  raw_html: maybe\n  html: true\nrepos: []\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 2, "\"raw_html\" must be true or false, not a string"));
	CHECK(has_diag(&d, 3, "unknown key \"html\" in markdown (known: raw_html)"));
	config_release(&c);
	p = write_config("m4.yaml", "markdown: false\nrepos: []\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 1, "\"markdown\" must be a mapping"));
	config_release(&c);
	diag_release(&d);
}

/* ------------------------------------------------------------ paths: */

static int glob_matches(const char *pattern, const char *path)
{
	struct arena a;
	struct buf err = BUF_INIT;
	struct codeowners_path_glob *g;
	int r;
	arena_init(&a);
	r = codeowners_path_glob(&g, &a, pattern, &err) < 0
		    ? -1
		    : codeowners_path_match(g, path);
	buf_release(&err);
	arena_release(&a);
	return r;
}

TEST(path_patterns_match_like_codeowners_globs)
{
	CHECK(glob_matches("*.md", "a.md") == 1);
	CHECK(glob_matches("*.md", "docs/a.md") == 0); /* anchored */
	CHECK(glob_matches("/*.md", "a.md") == 1);
	CHECK(glob_matches("text/*.md", "text/0001-x.md") == 1);
	CHECK(glob_matches("text/*.md", "text/sub/x.md") == 0);
	CHECK(glob_matches("docs/runbooks/**/*.md", "docs/runbooks/db.md") == 1);
	CHECK(glob_matches("docs/runbooks/**/*.md", "docs/runbooks/a/b/db.md") == 1);
	CHECK(glob_matches("**/CHANGELOG.md", "CHANGELOG.md") == 1);
	CHECK(glob_matches("**/CHANGELOG.md", "a/b/CHANGELOG.md") == 1);
	CHECK(glob_matches("vendor/**", "vendor/x/y.md") == 1);
	CHECK(glob_matches("vendor/**", "vendorx/y.md") == 0);
	CHECK(glob_matches("api/**/*.{yaml,yml,json}", "api/v1/a.yml") == 1);
	CHECK(glob_matches("api/**/*.{yaml,yml,json}", "api/v1/a.txt") == 0);
	CHECK(glob_matches("[Rr][Ee]adme.md", "readme.md") == 1);
	CHECK(glob_matches("content/runbooks/*/*.md",
			   "content/runbooks/node/NodeDown.md") == 1);
	/* not valid */
	CHECK(glob_matches("", "a") == -1);
	CHECK(glob_matches("docs/", "docs/a.md") == -1);
	CHECK(glob_matches("a//b", "a/b") == -1);
	CHECK(glob_matches("../x/*.md", "x/a.md") == -1);
	CHECK(glob_matches("a/[b.md", "a/b.md") == -1);
	CHECK(glob_matches("a/{b,c.md", "a/b.md") == -1);
	CHECK(glob_matches("a/{b,c}/{d,e}.md", "a/b/d.md") == -1);
	/* each refusal says what is wrong with the pattern */
	struct arena a;
	struct buf err = BUF_INIT;
	struct codeowners_path_glob *g;
	arena_init(&a);
	CHECK(codeowners_path_glob(&g, &a, "a/{b,c.md", &err) < 0);
	CHECK(strstr(err.ptr, "do not pair") != NULL);
	buf_clear(&err);
	CHECK(codeowners_path_glob(&g, &a, "a/{b,c}/{d,e}.md", &err) < 0);
	CHECK(strstr(err.ptr, "more than one \"{a,b}\" list") != NULL);
	buf_release(&err);
	arena_release(&a);
}

TEST(paths_parse_top_level_and_repo_entries)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config(
		"p1.yaml", "paths:\n"
			   "  runbooks: [\"alerts/**/*.md\", \"docs/**/*.md\"]\n"
			   "  exclude: [\"vendor/**\"]\n"
			   "postmortems:\n"
			   "  rules_since: 2024-01-01\n"
			   "repos:\n"
			   "  - path: svc\n"
			   "    paths: {postmortems: [\"*.md\"], exclude: [README.md]}\n"
			   "    postmortems: {rules_since: 2025-06-01}\n"
			   "  - path: other\n");
	CHECK(config_load(&c, p, &d) == 0);
	CHECK(c.paths.set[CONFIG_PATH_RUNBOOKS] &&
	      c.paths.n[CONFIG_PATH_RUNBOOKS] == 2);
	CHECK_STR(c.paths.pats[CONFIG_PATH_RUNBOOKS][0], "alerts/**/*.md");
	CHECK(c.paths.lines[CONFIG_PATH_RUNBOOKS][1] == 2);
	CHECK(!c.paths.set[CONFIG_PATH_RFCS]);
	CHECK(c.rules_since == 19723); /* 2024-01-01 */
	CHECK(c.nrepos == 2);
	CHECK(c.repos[0].paths.set[CONFIG_PATH_POSTMORTEMS]);
	CHECK(c.repos[0].paths.set[CONFIG_PATH_EXCLUDE]);
	CHECK(!c.repos[1].paths.set[CONFIG_PATH_POSTMORTEMS]);
	CHECK(config_rules_since(&c, &c.repos[0]) == 20240); /* 2025-06-01 */
	CHECK(config_rules_since(&c, &c.repos[1]) == 19723);
	CHECK(layout_paths_key(&c, &c.repos[0]) != layout_paths_key(&c, &c.repos[1]));

	/* the effective lists: repos entry over top level over defaults */
	struct arena a;
	struct layout_paths eff;
	arena_init(&a);
	layout_paths_for(&eff, &a, &c, &c.repos[0], NULL);
	CHECK(layout_paths_kind(&eff, "2024-01-01-db.md") == CONFIG_PATH_POSTMORTEMS);
	CHECK(layout_paths_kind(&eff, "README.md") == -1); /* excluded */
	CHECK(layout_paths_kind(&eff, "alerts/x/cpu.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(&eff, "vendor/x/a.md") == -1); /* its exclude replaced the top one's... */
	CHECK(layout_paths_kind(&eff, "docs/guide.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(&eff, "runbooks/db.md") == -1); /* the default list is replaced */
	CHECK(layout_paths_kind(&eff, "text/0001-x.md") == CONFIG_PATH_RFCS); /* kept */
	layout_paths_for(&eff, &a, &c, &c.repos[1], NULL);
	CHECK(layout_paths_kind(&eff, "vendor/docs/a.md") == -1);
	CHECK(layout_paths_kind(&eff, "README.md") == CONFIG_PATH_README);
	CHECK(layout_paths_kind(&eff, "2024-01-01-db.md") == -1);
	arena_release(&a);
	config_release(&c);
	CHECK(d.len == 0);

	/* problems name their lines */
	p = write_config("p2.yaml",
			 "paths:\n"
			 "  runbook: [\"x/*.md\"]\n"
			 "  rfcs: [\"a/[b.md\"]\n"
			 "  docs: {a: b}\n"
			 "repos:\n"
			 "  - path: svc\n"
			 "    paths: {apis: [\"../x.yaml\"]}\n"
			 "    postmortems: {rules_since: someday, max_action_items: 2}\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 2, "unknown key \"runbook\" in paths (known: catalog, owners, readme, runbooks"));
	CHECK(has_diag(&d, 3, "paths.rfcs: pattern \"a/[b.md\" is not valid"));
	CHECK(has_diag(&d, 4, "paths.docs must be a list of patterns"));
	CHECK(has_diag(&d, 7, "paths.apis: pattern \"../x.yaml\" is not valid"));
	CHECK(has_diag(&d, 8, "\"rules_since\" must be a date written YYYY-MM-DD"));
	CHECK(has_diag(&d, 8, "unknown key \"max_action_items\" in a repos entry's postmortems"));
	config_release(&c);
	diag_release(&d);
}

TEST(repo_file_reads_only_paths)
{
	struct config_paths own = { 0 };
	struct diag_list d;
	struct config c;
	struct arena a;
	struct layout_paths eff;
	const char *text = "paths:\n  rfcs: [\"text/*.md\"]\n  postmortems: [\"incidents/*.md\"]\ntitle: no\n";
	const struct yaml_limits lim = YAML_LIMITS_INIT;
	diag_init(&d);
	arena_init(&a);
	CHECK(config_repo_file_parse(&own, text, strlen(text), &lim, "svc",
				     ".cairn.yaml", &d) == 1);
	CHECK(has_diag(&d, 4, "unknown key \"title\" in .cairn.yaml"));
	CHECK(d.items[0].severity == DIAG_WARNING && d.items[0].cls == DIAG_USER);
	CHECK_STR(d.items[0].path, ".cairn.yaml");

	/* precedence: repos entry > .cairn.yaml > top level > defaults */
	const char *p = write_config(
		"p3.yaml",
		"paths:\n  postmortems: [\"pm/*.md\"]\n  runbooks: [\"ops/*.md\"]\n"
		"repos:\n  - path: svc\n    paths: {rfcs: [\"adr/*.md\"]}\n");
	CHECK(config_load(&c, p, &d) == 0);
	layout_paths_for(&eff, &a, &c, &c.repos[0], &own);
	CHECK(layout_paths_kind(&eff, "adr/1.md") == CONFIG_PATH_RFCS);
	CHECK(layout_paths_kind(&eff, "text/1.md") == -1);
	CHECK(layout_paths_kind(&eff, "incidents/1.md") == CONFIG_PATH_POSTMORTEMS);
	CHECK(layout_paths_kind(&eff, "pm/1.md") == -1);
	CHECK(layout_paths_kind(&eff, "ops/1.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(eff.pats[CONFIG_PATH_POSTMORTEMS][0].file &&
	      strcmp(eff.pats[CONFIG_PATH_POSTMORTEMS][0].file, ".cairn.yaml") == 0);
	CHECK(eff.pats[CONFIG_PATH_DOCS][0].file == NULL); /* a default */
	config_release(&c);
	config_paths_release(&own);
	arena_release(&a);
	diag_release(&d);
}

TEST(kind_order_and_defaults)
{
	struct config_paths all = { 0 };
	struct diag_list d;
	struct arena a;
	struct layout_paths eff;
	const struct config_paths *layers[1] = { &all };
	const char *files[1] = { "cairn.yaml" };
	const char *text = "paths: {postmortems: [\"x/*.md\"], rfcs: [\"x/*.md\"], runbooks: [\"x/*.md\", \"y/*.md\"], docs: [\"x/*.md\", \"y/*.md\", \"z/*.md\"]}\n";
	const struct yaml_limits lim = YAML_LIMITS_INIT;
	diag_init(&d);
	arena_init(&a);
	CHECK(config_repo_file_parse(&all, text, strlen(text), &lim, NULL, "f",
				     &d) == 0);
	layout_paths_init(&eff, &a, layers, files, 1);
	CHECK(layout_paths_kind(&eff, "x/a.md") == CONFIG_PATH_POSTMORTEMS);
	CHECK(layout_paths_kind(&eff, "y/a.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(&eff, "z/a.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(&eff, "z/a.txt") == -1); /* documents are Markdown */
	/* the defaults, as PRODUCT.md's table says */
	CHECK(layout_paths_kind(NULL, "docs/runbooks/a.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(NULL, "docs/postmortems/a.md") == CONFIG_PATH_POSTMORTEMS);
	CHECK(layout_paths_kind(NULL, "docs/adr/a.md") == CONFIG_PATH_RFCS);
	/* and adr-tools' folders */
	CHECK(layout_paths_kind(NULL, "doc/adr/0001-a.md") == CONFIG_PATH_RFCS);
	CHECK(layout_paths_kind(NULL, "doc/architecture/decisions/0001-a.md") ==
	      CONFIG_PATH_RFCS);
	CHECK(layout_paths_kind(NULL, "docs/architecture/decisions/0001-a.md") ==
	      CONFIG_PATH_RFCS);
	CHECK(layout_paths_kind(NULL, "docs/architecture/a.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(NULL, "doc/a.md") == -1);
	/* a runbook at the root, in any case (kubernetes-mixin's runbook.md) */
	CHECK(layout_paths_kind(NULL, "RUNBOOK.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(NULL, "runbook.md") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(NULL, "Runbook.markdown") == CONFIG_PATH_RUNBOOKS);
	CHECK(layout_paths_kind(NULL, "runbooks.md") == -1);
	CHECK(layout_paths_kind(NULL, "docs/a.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(NULL, "openapi.yaml") == CONFIG_PATH_APIS);
	CHECK(layout_paths_kind(NULL, "svc/catalog-info.yaml") == CONFIG_PATH_CATALOG);
	CHECK(layout_paths_kind(NULL, "pkg/OWNERS") == CONFIG_PATH_OWNERS);
	CHECK(layout_owners_rank(NULL, ".github/CODEOWNERS") == 0);
	CHECK(layout_owners_rank(NULL, "CODEOWNERS") == 1);
	CHECK(layout_owners_rank(NULL, "pkg/OWNERS") == -1);
	config_paths_release(&all);
	arena_release(&a);
	diag_release(&d);
}

int main(void)
{
	if (!fixture_mkdtemp(tmpdir, sizeof(tmpdir), "cairn-config")) {
		perror("mkdtemp");
		return 1;
	}
	RUN(defaults_and_relative_paths);
	RUN(unknown_key_names_line);
	RUN(wrong_types_name_line);
	RUN(environments_and_scalars);
	RUN(glob_matches_folders_only);
	RUN(missing_and_invalid_files);
	RUN(theme_lookup);
	RUN(repo_entry_rules);
	RUN(limits_with_units_and_defaults);
	RUN(markdown_raw_html);
	RUN(path_patterns_match_like_codeowners_globs);
	RUN(paths_parse_top_level_and_repo_entries);
	RUN(repo_file_reads_only_paths);
	RUN(kind_order_and_defaults);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return harness_report();
}
