/* Unit tests of layout.c: a repository's catalog descriptors read once
 * (entities, monorepo folders, API definitions, what was wrong with them),
 * and files classified by the paths and the layout together. */
#include <string.h>

#include "harness.h"
#include "layout.h"

static const char monorepo[] = "apiVersion: backstage.io/v1alpha1\n"
			       "kind: Component\n"
			       "metadata:\n"
			       "  name: billing\n"
			       "  annotations:\n"
			       "    backstage.io/techdocs-ref: dir:./handbook\n"
			       "spec:\n"
			       "  type: service\n"
			       "  lifecycle: production\n"
			       "  owner: team-a\n"
			       "---\n"
			       "apiVersion: backstage.io/v1alpha1\n"
			       "kind: API\n"
			       "metadata:\n"
			       "  name: billing-api\n"
			       "spec:\n"
			       "  type: openapi\n"
			       "  lifecycle: production\n"
			       "  owner: team-a\n"
			       "  definition:\n"
			       "    $text: ./spec/billing.yaml\n";

static const char bad_yaml[] = "apiVersion: [\n";

TEST(read_finds_entities_homes_and_definitions)
{
	struct arena a;
	struct layout l;
	struct aux_file aux[] = {
		{ "services/billing/catalog-info.yaml", monorepo,
		  sizeof(monorepo) - 1, NULL, NULL },
		{ "services/billing/openapi.yaml", "openapi: 3.0.0\n", 15, NULL, NULL },
	};
	arena_init(&a);
	layout_read(&l, &a, "mono", NULL, aux, 2, NULL);
	CHECK(l.nentities == 2);
	CHECK(l.ndiags == 0);
	CHECK(l.ncomponents == 1 && strcmp(l.components[0], "billing") == 0);
	CHECK(l.ndefinitions == 1 &&
	      strcmp(l.definitions[0], "services/billing/spec/billing.yaml") == 0);
	/* the descriptor's folder is a home; the techdocs folder a docs folder */
	CHECK(l.nhomes == 1 && strcmp(l.homes[0], "services/billing") == 0);
	CHECK(l.ndoc_dirs == 1 &&
	      strcmp(l.doc_dirs[0], "services/billing/handbook") == 0);
	/* files inside the layout's folders read as at the root, or in docs/ */
	CHECK(layout_classify(&l, "services/billing/README.md") == DOC_README);
	CHECK(layout_classify(&l, "services/billing/docs/runbooks/db.md") == DOC_RUNBOOK);
	CHECK(layout_classify(&l, "services/billing/handbook/guide.md") == DOC_DOC);
	CHECK(layout_classify(&l, "services/other/README.md") == -1);
	CHECK(layout_classify(NULL, "services/billing/README.md") == -1);
	arena_release(&a);
}

/* The crawl finds each tree entry's kind once (layout_paths_kind) and asks
 * layout_kind_is_aux and layout_classify_kind with it: they say what
 * layout_is_aux and layout_classify say. */
TEST(kind_found_once_classifies_alike)
{
	static const char *const paths[] = {
		"services/billing/README.md",
		"services/billing/docs/runbooks/db.md",
		"services/billing/handbook/guide.md",
		"services/billing/openapi.yaml",
		"services/billing/catalog-info.yaml",
		"services/other/README.md",
		"README.md",
		"docs/rfcs/0001-x.md",
		"docs/rfcs/0000-template.md",
		"postmortems/2024-01-01-x.md",
		"api/v1/pets.yaml",
		".cairn.yaml",
		".github/CODEOWNERS",
		"src/main.c",
	};
	struct arena a;
	struct layout l;
	struct aux_file aux[] = {
		{ "services/billing/catalog-info.yaml", monorepo,
		  sizeof(monorepo) - 1, NULL, NULL },
	};
	arena_init(&a);
	layout_read(&l, &a, "mono", NULL, aux, 1, NULL);
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		int k = layout_paths_kind(l.paths, paths[i]);
		CHECK(layout_kind_is_aux(k, paths[i]) ==
		      layout_is_aux(l.paths, paths[i]));
		CHECK(layout_classify_kind(&l, paths[i], k) ==
		      layout_classify(&l, paths[i]));
		CHECK(layout_classify_kind(NULL, paths[i],
					   layout_paths_kind(NULL, paths[i])) ==
		      layout_classify(NULL, paths[i]));
	}
	arena_release(&a);
}

TEST(read_keeps_what_was_wrong_for_assembly)
{
	struct arena a;
	struct layout l;
	struct diag_list d;
	struct aux_file aux[] = {
		{ "catalog-info.yaml", bad_yaml, sizeof(bad_yaml) - 1, NULL, NULL },
		{ "CODEOWNERS", "* @org/a\n", 9, NULL, NULL },
	};
	arena_init(&a);
	diag_init(&d);
	layout_read(&l, &a, "r", NULL, aux, 2, NULL);
	CHECK(l.nentities == 0);
	CHECK(l.ndiags == 1);
	CHECK(l.ndiags && strcmp(l.diags[0].path, "catalog-info.yaml") == 0);
	CHECK(l.ndiags && strcmp(l.diags[0].repo, "r") == 0);
	/* said when assembly asks, as often as it asks */
	CHECK(d.len == 0);
	layout_report(&l, &d);
	CHECK(d.len == 1 && d.items[0].severity == DIAG_ERROR &&
	      strstr(d.items[0].msg, "not valid YAML") != NULL);
	diag_release(&d);
	arena_release(&a);
}

TEST(only_catalog_files_are_read_as_descriptors)
{
	struct arena a;
	struct layout l;
	struct aux_file aux[] = {
		{ "openapi.yaml", monorepo, sizeof(monorepo) - 1, NULL, NULL },
	};
	arena_init(&a);
	layout_read(&l, &a, "r", NULL, aux, 1, NULL);
	CHECK(l.nentities == 0 && l.ndiags == 0 && l.nhomes == 0);
	arena_release(&a);
}

TEST(aux_api_and_markdown)
{
	CHECK(layout_is_aux(NULL, "catalog-info.yaml"));
	CHECK(layout_is_aux(NULL, ".cairn.yaml"));
	CHECK(layout_is_aux(NULL, ".github/CODEOWNERS"));
	CHECK(layout_is_aux(NULL, "api/v1/pets.yaml"));
	CHECK(!layout_is_aux(NULL, "docs/a.md"));
	CHECK(layout_is_api(NULL, "openapi.json"));
	CHECK(!layout_is_api(NULL, "catalog-info.yaml"));
	CHECK(layout_is_markdown("a/B.MD") && layout_is_markdown("x.markdown"));
	CHECK(!layout_is_markdown("md") && !layout_is_markdown("a.mdx"));
	CHECK(layout_is_index_or_template("rfcs/0000-template.md"));
	CHECK(layout_is_index_or_template("postmortems/README.md"));
	CHECK(!layout_is_index_or_template("rfcs/0001-x.md"));
}

/* The alerts kind: alerts.h's globs by default, read whole as aux files;
 * a Markdown file under alerts/ stays a document, a catalog file a
 * catalog file; the alerts kind of paths: replaces the defaults. */
TEST(alerts_kind)
{
	CHECK(layout_is_alerts(NULL, "ledger.rules.yaml"));
	CHECK(layout_is_alerts(NULL, "deploy/prometheus/rules.yml"));
	CHECK(layout_is_alerts(NULL, "ops/alerts/kube/pods.yaml"));
	CHECK(layout_is_aux(NULL, "ops/alerts/kube/pods.yaml"));
	CHECK(!layout_is_alerts(NULL, "alerts.yaml"));
	CHECK(!layout_is_alerts(NULL, "docs/alerts/runbook.md"));
	CHECK(!layout_is_alerts(NULL, "alerts/catalog-info.yaml"));
	CHECK(layout_classify(NULL, "docs/alerts/runbook.md") == DOC_DOC);
	CHECK(layout_paths_kind(NULL, "api/prometheus/x.yaml") == CONFIG_PATH_APIS);

	struct arena a;
	arena_init(&a);
	struct config_paths cp = { 0 };
	char *pat = "monitoring/*.yaml";
	int line = 3;
	char **pats = &pat;
	cp.set[CONFIG_PATH_ALERTS] = 1;
	cp.pats[CONFIG_PATH_ALERTS] = pats;
	cp.lines[CONFIG_PATH_ALERTS] = &line;
	cp.n[CONFIG_PATH_ALERTS] = 1;
	const struct config_paths *layers[] = { &cp };
	const char *files[] = { "cairn.yaml" };
	struct layout_paths p;
	layout_paths_init(&p, &a, layers, files, 1);
	CHECK(layout_is_alerts(&p, "monitoring/rules.yaml"));
	CHECK(!layout_is_alerts(&p, "ledger.rules.yaml"));
	CHECK(p.user[CONFIG_PATH_ALERTS]);
	arena_release(&a);
}

TEST(oncall_kind)
{
	static const char *const rotations[] = { "oncall.yaml", ".cairn/oncall.yaml",
						 "docs/oncall.yml", "oncall/primary.yaml",
						 "services/pay/oncall.yaml" };
	for (size_t i = 0; i < sizeof(rotations) / sizeof(*rotations); i++) {
		CHECK(layout_paths_kind(NULL, rotations[i]) == CONFIG_PATH_ONCALL);
		CHECK(layout_is_aux(NULL, rotations[i]));
	}
	CHECK(layout_paths_kind(NULL, "oncall/nested/x.yaml") != CONFIG_PATH_ONCALL);
	CHECK(layout_paths_kind(NULL, "docs/oncall.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(NULL, "slos/availability.yaml") == CONFIG_PATH_SLOS);
}

/* An index or a template in an RFC folder is a document, unless the
 * rfcs pattern names such files outright: KEPs are README.md files. */
TEST(rfc_pattern_that_names_readme_files)
{
	CHECK(layout_paths_kind(NULL, "docs/rfcs/README.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(NULL, "docs/rfcs/0001-x.md") == CONFIG_PATH_RFCS);

	struct arena a;
	arena_init(&a);
	struct config_paths cp = { 0 };
	char *pats[] = { "keps/**/README.md", "proposals/*.md" };
	int lines[] = { 3, 4 };
	cp.set[CONFIG_PATH_RFCS] = 1;
	cp.pats[CONFIG_PATH_RFCS] = pats;
	cp.lines[CONFIG_PATH_RFCS] = lines;
	cp.n[CONFIG_PATH_RFCS] = 2;
	const struct config_paths *layers[] = { &cp };
	const char *files[] = { "cairn.yaml" };
	struct layout_paths p;
	layout_paths_init(&p, &a, layers, files, 1);
	CHECK(layout_paths_kind(&p, "keps/sig-node/1234-pods/README.md") ==
	      CONFIG_PATH_RFCS);
	CHECK(layout_paths_kind(&p, "proposals/README.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(&p, "proposals/0000-template.md") == CONFIG_PATH_DOCS);
	CHECK(layout_paths_kind(&p, "proposals/0007-y.md") == CONFIG_PATH_RFCS);
	arena_release(&a);
}

int main(void)
{
	RUN(read_finds_entities_homes_and_definitions);
	RUN(kind_found_once_classifies_alike);
	RUN(read_keeps_what_was_wrong_for_assembly);
	RUN(only_catalog_files_are_read_as_descriptors);
	RUN(aux_api_and_markdown);
	RUN(alerts_kind);
	RUN(oncall_kind);
	RUN(rfc_pattern_that_names_readme_files);
	return harness_report();
}
