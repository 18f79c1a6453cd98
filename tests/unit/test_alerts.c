/* Tests for alerts.c: reading rule files and PrometheusRule resources
 * (golden dumps of tests/fixtures/alerts/: each file and FILE.expected;
 * CAIRN_REGEN_GOLDEN=1 rewrites them), the default paths, and the rule
 * that links an alert to its runbook.
 *
 * With --read FILE..., prints the dump of each file instead; with
 * --link RUNBOOKS FILE..., also links each alert to the runbooks listed
 * in RUNBOOKS (one a line: repo, web address, path, title, separated by
 * tabs) and prints how: tests/real/alerts.sh uses both on real
 * repositories. */
#include "alerts.h"
#include "unread_alerts.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"

#define FIXTURES "tests/fixtures/alerts"

static void dump(struct buf *out, const struct alerts_file *f, int r,
		 const struct alerts_error *err)
{
	size_t i;
	if (r < 0) {
		buf_printf(out, "error: %d: %s\n", err->line, err->msg);
		return;
	}
	buf_printf(out, "groups: %zu, recording rules: %zu%s\n", f->ngroups,
		   f->nrecording, f->templated ? ", templated" : "");
	for (i = 0; i < f->len; i++) {
		const struct alerts_rule *a = &f->rules[i];
		buf_printf(out, "%d: %s group=%s severity=%s for=%s\n", a->line,
			   a->name, a->group, a->severity, a->duration);
		buf_printf(out, "  expr: %s\n  summary: %s\n  description: %s\n  runbook: %s\n",
			   a->expr, a->summary, a->description, a->runbook_url);
	}
	for (i = 0; i < f->nproblems; i++)
		buf_printf(out, "problem: %d: %s\n", f->problems[i].line,
			   f->problems[i].msg);
}

static int read_dump(struct buf *out, struct arena *a, struct alerts_file *f,
		     const char *path)
{
	struct buf text = BUF_INIT;
	struct alerts_error err;
	int r;
	if (fixture_append(&text, path) < 0) {
		buf_release(&text);
		return -2;
	}
	r = alerts_read(f, a, text.ptr, text.len, NULL, &err);
	dump(out, f, r, &err);
	buf_release(&text);
	return r;
}

TEST(every_fixture_matches_its_expected_dump)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	int n = 0;
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		char path[1024], expect[1100];
		struct buf got = BUF_INIT, want = BUF_INIT;
		struct arena a;
		struct alerts_file f = ALERTS_FILE_INIT;
		if (e->d_name[0] == '.' || strstr(e->d_name, ".expected"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, e->d_name);
		snprintf(expect, sizeof(expect), "%s.expected", path);
		arena_init(&a);
		read_dump(&got, &a, &f, path);
		if (getenv("CAIRN_REGEN_GOLDEN")) {
			FILE *o = fopen(expect, "wb");
			if (o) {
				fwrite(got.ptr, 1, got.len, o);
				fclose(o);
			}
		} else if (fixture_append(&want, expect) < 0 ||
			   strcmp(want.ptr, got.ptr) != 0) {
			fprintf(stderr, "  %s differs; got:\n%s", expect, got.ptr);
			CHECK(!"a golden dump");
		}
		n++;
		buf_release(&got);
		buf_release(&want);
		arena_release(&a);
	}
	if (d)
		closedir(d);
	CHECK(n >= 8);
}

TEST(default_paths_are_the_four_globs)
{
	CHECK(alerts_path_is_default("ledger.rules.yml"));
	CHECK(alerts_path_is_default("deploy/ledger.rules.yaml"));
	CHECK(alerts_path_is_default("alerts/ledger.yaml"));
	CHECK(alerts_path_is_default("ops/alerts/k8s/ledger.yml"));
	CHECK(alerts_path_is_default("prometheus/rules.yml"));
	CHECK(alerts_path_is_default("deploy/prometheus/x/y.yaml"));
	CHECK(!alerts_path_is_default("ledger.rules.json"));
	CHECK(!alerts_path_is_default("alerts.yaml"));
	CHECK(!alerts_path_is_default("myalerts/ledger.yaml"));
	CHECK(!alerts_path_is_default("alerts/README.md"));
	/* PrometheusRule resources by name (kube-prometheus' manifests/) */
	CHECK(alerts_path_is_default("manifests/kubePrometheus-prometheusRule.yaml"));
	CHECK(alerts_path_is_default("deploy/PrometheusRule-ledger.yml"));
	CHECK(alerts_path_is_default("chart/templates/prometheusrule.yaml"));
	CHECK(!alerts_path_is_default("manifests/kubePrometheus-prometheusRule.json"));
	CHECK(!alerts_path_is_default("manifests/prometheus-rbac.yaml"));
	CHECK(alerts_default_globs[4] == NULL);
}

static const struct alerts_runbook rbs[] = {
	{ "ledger", "https://github.com/acme/ledger",
	  "docs/runbooks/ledger-drift.md", "Ledger drift" },
	{ "ledger", "https://github.com/acme/ledger",
	  "docs/runbooks/export-stalled.md", NULL },
	{ "runbooks", "https://gitlab.example.com/sre/books",
	  "content/runbooks/kubernetes/KubePodCrashLooping.md", "Kube Pod Crash Looping" },
	{ "runbooks", "https://gitlab.example.com/sre/books",
	  "content/ledger/replica-lag/README.md", NULL },
	{ "other", "", "runbooks/cert-expiry.md", "CertificateExpiringSoon" },
	{ "ledger", "https://github.com/acme/ledger",
	  "docs/runbooks/LedgerReplicaLag.md", NULL },
};
#define NRB (sizeof(rbs) / sizeof(rbs[0]))

TEST(a_runbook_url_of_a_crawled_file_links_first)
{
	size_t i = 99;
	CHECK(alerts_find_runbook(&i, rbs, NRB, "LedgerDriftHigh",
				  "https://github.com/acme/ledger/blob/main/docs/runbooks/ledger-drift.md#first-steps",
				  "ledger", "prometheus/ledger.rules.yml") == ALERTS_LINK_URL &&
	      i == 0);
	/* another branch with a slash, http, the address in another case */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "http://GitHub.com/Acme/Ledger/blob/release/2.0/docs/runbooks/export-stalled.md",
				  "ledger", "a.rules.yml") == ALERTS_LINK_URL &&
	      i == 1);
	/* www. before the host */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "https://www.github.com/acme/ledger/blob/main/docs/runbooks/export-stalled.md",
				  "ledger", "a.rules.yml") == ALERTS_LINK_URL &&
	      i == 1);
	/* GitLab's /-/blob/, a folder's README, percent escapes */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "https://gitlab.example.com/sre/books/-/blob/main/content/ledger/replica%2Dlag",
				  "ledger", "a.rules.yml") == ALERTS_LINK_URL &&
	      i == 3);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "https://gitlab.example.com/sre/books/-/tree/main/content/runbooks/kubernetes/KubePodCrashLooping.md",
				  "ledger", "a.rules.yml") == ALERTS_LINK_URL &&
	      i == 2);
	/* a file of the repository that is not a runbook: the name decides */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "LedgerReplicaLag",
				  "https://github.com/acme/ledger/blob/main/README.md",
				  "ledger", "a.rules.yml") == ALERTS_LINK_NAME &&
	      i == 5);
	/* another repository's address that merely starts the same */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "https://github.com/acme/ledger-old/blob/main/docs/runbooks/ledger-drift.md",
				  "ledger", "a.rules.yml") == ALERTS_LINK_NONE);
}

TEST(a_relative_runbook_url_is_read_from_the_rule_file)
{
	size_t i = 99;
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X",
				  "../docs/runbooks/export-stalled", "ledger",
				  "prometheus/ledger.rules.yml") == ALERTS_LINK_PATH &&
	      i == 1);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X", "/docs/runbooks/ledger-drift.md",
				  "ledger", "deploy/prometheus/ledger.rules.yml") ==
		      ALERTS_LINK_PATH &&
	      i == 0);
	/* only in the rule's own repository */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X", "../docs/runbooks/export-stalled",
				  "other", "prometheus/ledger.rules.yml") ==
	      ALERTS_LINK_NONE);
	/* above the root */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "X", "../../../x.md", "ledger",
				  "a.rules.yml") == ALERTS_LINK_NONE);
}

TEST(else_a_runbook_named_like_the_alert)
{
	size_t i = 99;
	CHECK(alerts_find_runbook(&i, rbs, NRB, "KubePodCrashLooping",
				  "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping",
				  "ledger", "a.rules.yml") == ALERTS_LINK_NAME &&
	      i == 2);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "kubepodcrashlooping", NULL,
				  "ledger", "a.rules.yml") == ALERTS_LINK_NAME &&
	      i == 2);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "certificateexpiringsoon", "",
				  "ledger", "a.rules.yml") == ALERTS_LINK_TITLE &&
	      i == 4);
	/* CamelCase against kebab-case file names, words against titles */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "ExportStalled", "", "x",
				  "a.rules.yml") == ALERTS_LINK_WORDS &&
	      i == 1);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "LedgerDrift", "", "x",
				  "a.rules.yml") == ALERTS_LINK_WORDS &&
	      i == 0);
	/* README.md: its folder's name */
	CHECK(alerts_find_runbook(&i, rbs, NRB, "ReplicaLag", "", "x",
				  "a.rules.yml") == ALERTS_LINK_WORDS &&
	      i == 3);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "LedgerDriftHigh", "", "ledger",
				  "a.rules.yml") == ALERTS_LINK_NONE);
	CHECK(alerts_find_runbook(&i, rbs, NRB, "", "", "ledger", "a.rules.yml") ==
	      ALERTS_LINK_NONE);
	CHECK(alerts_find_runbook(&i, rbs, 0, "X", "", "ledger", "a.rules.yml") ==
	      ALERTS_LINK_NONE);
}

TEST(the_rules_own_repository_wins_a_tie)
{
	static const struct alerts_runbook two[] = {
		{ "a", "", "runbooks/Disk.md", NULL },
		{ "b", "", "runbooks/disk.md", NULL },
	};
	size_t i = 99;
	CHECK(alerts_find_runbook(&i, two, 2, "Disk", "", "b", "x.rules.yml") ==
		      ALERTS_LINK_NAME &&
	      i == 1);
	CHECK(alerts_find_runbook(&i, two, 2, "Disk", "", "c", "x.rules.yml") ==
		      ALERTS_LINK_NAME &&
	      i == 0);
}

/* ---------------------------------------------------------------- real data */

static int link_all(const char *list, int argc, char **argv)
{
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct alerts_runbook *rb = NULL;
	size_t n = 0, cap = 0, found = 0, total = 0, counts[6] = { 0 };
	char *line, *save = NULL;
	struct arena a;
	int i;
	static const char *const how[] = { "none", "url",   "path",
					   "name", "title", "words" };
	arena_init(&a);
	if (fixture_append(&text, list) < 0)
		return 1;
	for (line = strtok_r(text.ptr, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { line, NULL, NULL, NULL };
		int k;
		for (k = 1; k < 4 && f[k - 1]; k++)
			if ((f[k] = strchr(f[k - 1], '\t')) != NULL)
				*f[k]++ = '\0';
		ARENA_GROW(&a, rb, cap, n + 1);
		rb[n].repo = f[0];
		rb[n].web_url = f[1] ? f[1] : "";
		rb[n].path = f[2] ? f[2] : "";
		rb[n++].title = f[3];
	}
	for (i = 0; i < argc; i++) {
		struct alerts_file af = ALERTS_FILE_INIT;
		size_t j, at;
		read_dump(&out, &a, &af, argv[i]);
		for (j = 0; j < af.len; j++) {
			enum alerts_link l = alerts_find_runbook(
				&at, rb, n, af.rules[j].name,
				af.rules[j].runbook_url, "rules", argv[i]);
			total++;
			counts[l]++;
			found += l != ALERTS_LINK_NONE;
			printf("%s: %s -> %s%s%s\n", argv[i], af.rules[j].name,
			       how[l], l ? " " : "", l ? rb[at].path : "");
		}
	}
	printf("%zu alerts, %zu with a runbook (url %zu, path %zu, name %zu, title %zu, words %zu)\n",
	       total, found, counts[1], counts[2], counts[3], counts[4], counts[5]);
	buf_release(&text);
	buf_release(&out);
	arena_release(&a);
	return 0;
}

static int dump_files(int argc, char **argv)
{
	int i;
	for (i = 0; i < argc; i++) {
		struct buf out = BUF_INIT;
		struct arena a;
		struct alerts_file f = ALERTS_FILE_INIT;
		arena_init(&a);
		read_dump(&out, &a, &f, argv[i]);
		printf("== %s\n%s", argv[i], out.ptr);
		buf_release(&out);
		arena_release(&a);
	}
	return 0;
}

TEST(yaml_that_looks_like_rules)
{
	static const char rules[] =
		"groups:\n- name: g\n  rules:\n  - alert: X\n    expr: up\n";
	static const char indented[] =
		"groups:\n  - name: g\n    rules:\n      - expr: up\n        alert: Y\n";
	static const char values[] = "replicas: 3\nalert: true\n";
	static const char nested[] = "spec:\n  groups:\n  - rules:\n    - alert: Z\n";
	CHECK(unread_alerts_looks_like_rules(rules, sizeof(rules) - 1));
	CHECK(unread_alerts_looks_like_rules(indented, sizeof(indented) - 1));
	CHECK(!unread_alerts_looks_like_rules(values, sizeof(values) - 1));
	/* a PrometheusRule's groups are under spec: the defaults read those */
	CHECK(!unread_alerts_looks_like_rules(nested, sizeof(nested) - 1));
	CHECK(!unread_alerts_looks_like_rules("", 0));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--read") == 0)
		return dump_files(argc - 2, argv + 2);
	if (argc > 2 && strcmp(argv[1], "--link") == 0)
		return link_all(argv[2], argc - 3, argv + 3);
	RUN(every_fixture_matches_its_expected_dump);
	RUN(default_paths_are_the_four_globs);
	RUN(a_runbook_url_of_a_crawled_file_links_first);
	RUN(a_relative_runbook_url_is_read_from_the_rule_file);
	RUN(else_a_runbook_named_like_the_alert);
	RUN(the_rules_own_repository_wins_a_tie);
	RUN(yaml_that_looks_like_rules);
	return harness_report();
}
