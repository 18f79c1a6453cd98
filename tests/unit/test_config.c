/* Unit tests of config.c: cairn.yaml keys, defaults, relative paths, globs
 * and the operator-fixable diagnostics naming lines. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "harness.h"

static char tmpdir[] = "/tmp/cairn-config-XXXXXX";

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
		if ((line < 0 || d->items[i].line == line) && strstr(d->items[i].msg, needle))
			return 1;
	return 0;
}

TEST(defaults_and_relative_paths)
{
	struct config c;
	struct diag_list d;
	diag_init(&d);
	const char *p = write_config("a.yaml",
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
	const char *p = write_config("c.yaml",
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
	const char *p = write_config("e.yaml",
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
	const char *p = write_config("g.yaml", "repos:\n  - glob: repos/*\n    branch: dev\n  - glob: none-*\n");
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
	const char *p = write_config("r.yaml",
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
	p = write_config("l2.yaml",
		"repos: []\nlimits:\n  file_size: lots\n  line_length: 10\n  yaml_nodes: -5\n"
		"  colour: red\n  api_file_size: 3 TB\n");
	CHECK(config_load(&c, p, &d) < 0);
	CHECK(has_diag(&d, 3, "\"file_size\" must be a size"));
	CHECK(has_diag(&d, 4, "\"line_length\" must be a size from 80"));
	CHECK(has_diag(&d, 5, "\"yaml_nodes\" must be a size"));
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

int main(void)
{
	if (!mkdtemp(tmpdir)) {
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
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return harness_report();
}
