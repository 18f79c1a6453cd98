#include "rfc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "frontmatter.h"
#include "harness.h"

/* One parsed fixture: the arena, the diagnostics and the result. */
struct fixture {
	struct arena a;
	struct diag_list d;
	struct rfc_info r;
	int rc;
};

static void parse_opts(struct fixture *f, const char *path, const char *src,
		       size_t len, const struct rfc_opts *opts)
{
	struct frontmatter fm;
	arena_init(&f->a);
	diag_init(&f->d);
	frontmatter_parse(&fm, &f->a, src, len, NULL);
	f->rc = rfc_parse(&f->r, &f->a, path, fm.meta, fm.body, fm.body_len,
			  fm.body_line, opts, "acme/payments", &f->d);
}

static void parse(struct fixture *f, const char *path, const char *src)
{
	parse_opts(f, path, src, strlen(src), NULL);
}

static void done(struct fixture *f)
{
	diag_release(&f->d);
	arena_release(&f->a);
}

/* The first diagnostic whose message holds needle, or NULL. */
static const struct diag *find_diag(const struct fixture *f, const char *needle)
{
	for (size_t i = 0; i < f->d.len; i++)
		if (strstr(f->d.items[i].msg, needle))
			return &f->d.items[i];
	return NULL;
}

static const char *diag_msgs(const struct fixture *f)
{
	static char all[4096];
	size_t k = 0;
	all[0] = '\0';
	for (size_t i = 0; i < f->d.len && k < sizeof(all) - 1; i++)
		k += (size_t)snprintf(all + k, sizeof(all) - k, "%d: %s\n",
				      f->d.items[i].line, f->d.items[i].msg);
	return all;
}

#define CHECK_NO_DIAGS(f)                                    \
	do {                                                 \
		CHECK((f)->d.len == 0);                      \
		if ((f)->d.len)                              \
			fprintf(stderr, "%s", diag_msgs(f)); \
	} while (0)

/* ---------------------------------------------------------------- cairn's own */

static const char lightweight[] =
	"---\n"
	"title: Idempotency keys for every money-moving request\n"
	"status: accepted\n"
	"authors: [ravi, \"@alice\"]\n"
	"date: 2026-07-02\n"
	"discussion: https://github.com/acme/payments-api/pull/412\n"
	"---\n"
	"\n"
	"# Idempotency keys for every money-moving request\n"
	"\n"
	"## Problem statement\n\nRetries duplicate refunds.\n\n"
	"## Proposed approach\n\nRequire `Idempotency-Key`.\n\n"
	"## Alternatives considered\n\n- Nothing.\n\n"
	"## Decision rationale\n\nIt is cheap.\n";

TEST(front_matter_rfc_reads_every_field)
{
	struct fixture f;
	parse(&f, "docs/rfcs/0007-idempotency-keys.md", lightweight);
	CHECK(f.rc == 0);
	CHECK(f.r.number == 7);
	CHECK_STR(f.r.title, "Idempotency keys for every money-moving request");
	CHECK(f.r.title_line == 2);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.status_text, "accepted");
	CHECK(f.r.status_line == 3);
	CHECK(f.r.nauthors == 2);
	CHECK_STR(f.r.authors[0], "ravi");
	CHECK_STR(f.r.authors[1], "alice");
	CHECK_STR(f.r.date, "2026-07-02");
	CHECK(f.r.date_line == 5);
	CHECK_STR(f.r.discussion, "https://github.com/acme/payments-api/pull/412");
	CHECK(f.r.superseded_by == NULL);
	CHECK_STR(f.r.shape, "front-matter");
	CHECK(f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(front_matter_superseded_by_and_author_text)
{
	struct fixture f;
	parse(&f, "docs/rfcs/0004-prefs.md",
	      "---\ntitle: Prefs\nstatus: Superseded\nsuperseded_by: "
	      "0006-preference-center\nauthor: \"lena, hana\"\n"
	      "date: 2026-04-14T10:00:00Z\n---\n# Prefs\n");
	CHECK(f.r.status == RFC_SUPERSEDED);
	CHECK_STR(f.r.superseded_by, "0006-preference-center");
	CHECK(f.r.nauthors == 2);
	CHECK_STR(f.r.authors[1], "hana");
	CHECK_STR(f.r.date, "2026-04-14");
	CHECK(!f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(lightweight_rfc_reports_each_missing_section_at_its_title)
{
	struct fixture f;
	parse(&f, "docs/rfcs/0002-ssr.md",
	      "---\ntitle: SSR\nstatus: draft\n---\n\n# SSR\n\n"
	      "## 1. Problem Statement:\n\nSlow.\n\n## Proposal\n\nRender.\n");
	CHECK(f.r.lightweight);
	CHECK(f.d.len == 2);
	const struct diag *g = find_diag(&f, "\"Alternatives considered\" section");
	CHECK(g != NULL);
	CHECK(g && g->line == 6);
	CHECK(g && g->severity == DIAG_WARNING && g->cls == DIAG_USER);
	CHECK(find_diag(&f, "\"Decision rationale\" section") != NULL);
	CHECK(find_diag(&f, "Problem statement\" section") == NULL);
	done(&f);
}

TEST(section_check_can_be_turned_off_and_made_an_error)
{
	struct fixture f;
	struct rfc_opts o = RFC_OPTS_INIT;
	const char *src = "---\nstatus: draft\n---\n# X\n## Problem statement\n";
	o.check_sections = 0;
	parse_opts(&f, "x.md", src, strlen(src), &o);
	CHECK(f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
	o = (struct rfc_opts)RFC_OPTS_INIT;
	o.severity = DIAG_ERROR;
	parse_opts(&f, "x.md", src, strlen(src), &o);
	CHECK(f.d.len == 3);
	CHECK(f.d.len && f.d.items[0].severity == DIAG_ERROR);
	done(&f);
}

TEST(front_matter_rfc_with_another_template_is_not_nagged)
{
	struct fixture f;
	parse(&f, "docs/rfcs/0001-x.md",
	      "---\ntitle: X\nstatus: review\n---\n# X\n## Summary\n\ns\n\n"
	      "## Motivation\n\nm\n");
	CHECK(!f.r.lightweight);
	CHECK(f.r.status == RFC_REVIEW);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(ember_rfc_stage_start_date_and_template)
{
	struct fixture f;
	/* Ember's front matter, and its template's "## Alternatives" among
	 * sections that are not cairn's */
	parse(&f, "text/0003-block-params.md",
	      "---\nstage: recommended # FIXME: maybe released\n"
	      "start-date: 2014-08-18T00:00:00.000Z\nteams:\n  - framework\n"
	      "prs:\n  accepted: https://github.com/emberjs/rfcs/pull/3\n---\n\n"
	      "# Summary\n\ns\n\n# Motivation\n\nm\n\n# Detailed design\n\nd\n\n"
	      "# Drawbacks\n\nd\n\n# Alternatives\n\na\n");
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.date, "2014-08-18");
	CHECK(!f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
	parse(&f, "text/0100-x.md", "---\nstage: discontinued\n---\n# X\n");
	CHECK(f.r.status == RFC_WITHDRAWN);
	done(&f);
	/* status: wins over stage: */
	parse(&f, "text/0101-x.md", "---\nstatus: draft\nstage: released\n---\n# X\n");
	CHECK(f.r.status == RFC_DRAFT);
	done(&f);
	/* one section by its full name still makes a lightweight RFC */
	parse(&f, "docs/rfcs/0009-x.md",
	      "---\nstatus: draft\n---\n# X\n\n## Alternatives considered\n\nNone.\n");
	CHECK(f.r.lightweight);
	CHECK(f.d.len == 3);
	done(&f);
}

/* ---------------------------------------------------------------- Nygard */

TEST(nygard_adr_reads_number_title_date_and_status_section)
{
	struct fixture f;
	parse(&f, "docs/adr/0001-record-architecture-decisions.md",
	      "# 1. Record architecture decisions\n"
	      "\n"
	      "Date: 2026-02-03\n"
	      "\n"
	      "## Status\n"
	      "\n"
	      "Accepted\n"
	      "\n"
	      "## Context\n\nWe forget why.\n\n## Decision\n\nWrite ADRs.\n");
	CHECK(f.rc == 0);
	CHECK_STR(f.r.shape, "nygard");
	CHECK(f.r.number == 1);
	CHECK_STR(f.r.title, "Record architecture decisions");
	CHECK(f.r.title_line == 1);
	CHECK_STR(f.r.date, "2026-02-03");
	CHECK(f.r.date_line == 3);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.status_text, "Accepted");
	CHECK(f.r.status_line == 7);
	CHECK(!f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(nygard_superseded_by_link_gives_its_target)
{
	struct fixture f;
	parse(&f, "docs/adr/0002-use-rabbitmq.md",
	      "# 2. Use RabbitMQ\n\nDate: 2025-01-10\n\n## Status\n\n"
	      "Superseded by [ADR-0005](0005-use-kafka.md)\n\n## Context\n\nx\n");
	CHECK(f.r.status == RFC_SUPERSEDED);
	CHECK_STR(f.r.status_text, "Superseded by ADR-0005");
	CHECK_STR(f.r.superseded_by, "0005-use-kafka.md");
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(nygard_status_first_paragraph_wins_over_links_after_it)
{
	struct fixture f;
	parse(&f, "doc/adr/0003-x.md",
	      "# 3. X\n\nDate: 2025-01-10\n\n## Status\n\nAccepted\n\n"
	      "Supersedes [1. Old](0001-old.md)\n\nAmended by [4. Y](0004-y.md)\n");
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK(f.r.superseded_by == NULL);
	done(&f);
}

TEST(nygard_status_in_the_heading_and_in_a_list)
{
	struct fixture f;
	parse(&f, "adr/0004-x.md", "# X\n\n## Status: Proposed\n\n## Context\n");
	CHECK(f.r.status == RFC_REVIEW);
	CHECK_STR(f.r.status_text, "Proposed");
	CHECK(f.r.status_line == 3);
	CHECK(f.r.number == 4);
	done(&f);
	parse(&f, "adr/0005-x.md", "# X\n\n## Status\n\n* Deprecated\n");
	CHECK(f.r.status == RFC_SUPERSEDED);
	CHECK(f.r.superseded_by == NULL);
	done(&f);
}

TEST(nygard_without_status_is_reported)
{
	struct fixture f;
	parse(&f, "adr/0006-x.md", "# 6. X\n\nDate: 2025-01-10\n\n## Context\n\nx\n");
	CHECK(f.r.status == RFC_UNKNOWN);
	CHECK(f.d.len == 1);
	CHECK(find_diag(&f, "adr has no status: add a \"## Status\" section") != NULL);
	CHECK(f.d.len && f.d.items[0].line == 1);
	done(&f);
}

TEST(status_inside_a_code_block_is_not_read)
{
	struct fixture f;
	parse(&f, "rfcs/0009-x.md",
	      "# X\n\n```\nStatus: accepted\n## Status\n```\n\n## Body\n");
	CHECK(f.r.status == RFC_UNKNOWN);
	CHECK(f.r.status_text == NULL);
	CHECK(find_diag(&f, "rfc has no status") != NULL);
	done(&f);
}

/* ---------------------------------------------------------------- MADR */

TEST(madr_front_matter_reads_decision_makers)
{
	struct fixture f;
	parse(&f, "docs/decisions/0001-envoy-as-data-plane.md",
	      "---\nstatus: accepted\ndate: 2026-01-20\n"
	      "decision-makers: [priya, jonas, sam]\nconsulted: [payments]\n---\n"
	      "\n# Use Envoy as the gateway's data plane\n\n"
	      "## Context and Problem Statement\n\nx\n\n"
	      "## Considered Options\n\n- nginx\n");
	CHECK_STR(f.r.shape, "madr");
	CHECK(f.r.number == 1);
	CHECK_STR(f.r.title, "Use Envoy as the gateway's data plane");
	CHECK(f.r.title_line == 8);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK(f.r.nauthors == 3);
	CHECK_STR(f.r.authors[2], "sam");
	CHECK_STR(f.r.date, "2026-01-20");
	CHECK(!f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(madr_front_matter_superseded_by_text)
{
	struct fixture f;
	parse(&f, "docs/decisions/0003-x.md",
	      "---\nstatus: \"superseded by [ADR-0123](0123-y.md)\"\n"
	      "deciders: \"a, b\"\n---\n# X\n");
	CHECK(f.r.status == RFC_SUPERSEDED);
	CHECK_STR(f.r.superseded_by, "0123-y.md");
	CHECK(f.r.nauthors == 2);
	done(&f);
	parse(&f, "docs/decisions/0003-x.md",
	      "---\nstatus: superseded by ADR-0123\ndeciders: [a]\n---\n# X\n");
	CHECK_STR(f.r.superseded_by, "ADR-0123");
	done(&f);
}

TEST(madr_in_body_list_with_comments)
{
	struct fixture f;
	parse(&f, "docs/adr/0000-use-markdown-architectural-decision-records.md",
	      "# Use Markdown Architectural Decision Records\n"
	      "\n"
	      "* Status: accepted <!-- optional -->\n"
	      "* Deciders: Oliver Kopp, Olaf Zimmermann <!-- optional -->\n"
	      "* Date: 2017-12-01 <!-- optional -->\n"
	      "\n"
	      "Technical Story: none\n"
	      "\n"
	      "## Context and Problem Statement\n\nx\n");
	CHECK_STR(f.r.shape, "madr");
	CHECK(f.r.number == 0);
	CHECK_STR(f.r.title, "Use Markdown Architectural Decision Records");
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.status_text, "accepted");
	CHECK(f.r.status_line == 3);
	CHECK(f.r.nauthors == 2);
	CHECK_STR(f.r.authors[0], "Oliver Kopp");
	CHECK_STR(f.r.authors[1], "Olaf Zimmermann");
	CHECK_STR(f.r.date, "2017-12-01");
	CHECK(f.r.date_line == 5);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(madr_template_placeholders_are_reported)
{
	struct fixture f;
	parse(&f, "docs/adr/template.md",
	      "# [short title]\n\n"
	      "* Status: [proposed | rejected | accepted]\n"
	      "* Date: [YYYY-MM-DD when the decision was last updated]\n");
	CHECK(f.r.number == -1);
	CHECK(f.r.status == RFC_UNKNOWN);
	CHECK(f.r.date == NULL);
	CHECK(f.d.len == 2);
	const struct diag *g = find_diag(&f, "rfc status \"[proposed");
	CHECK(g && g->line == 3);
	g = find_diag(&f, "rfc date \"[YYYY-MM-DD");
	CHECK(g && g->line == 4);
	done(&f);
}

/* ---------------------------------------------------------------- Rust */

TEST(rust_rfc_pr_number_sign_and_erfc)
{
	struct fixture f;
	parse(&f, "text/0019-opt-in-builtin-traits.md",
	      "- Start Date: 2014-09-18\n"
	      "- RFC PR #: [rust-lang/rfcs#19](https://github.com/rust-lang/rfcs/pull/19)\n"
	      "- Rust Issue #: [rust-lang/rust#13231](https://github.com/rust-lang/rust/issues/13231)\n"
	      "\n## Summary\n\nText.\n");
	CHECK_STR(f.r.shape, "rust");
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.discussion, "https://github.com/rust-lang/rfcs/pull/19");
	CHECK_STR(f.r.title, "Opt in builtin traits");
	done(&f);
	parse(&f, "text/2318-custom-test-frameworks.md",
	      "- Feature Name: custom_test_frameworks\n"
	      "- Start Date: 2018-01-25\n"
	      "- eRFC PR: [rust-lang/rfcs#2318](https://github.com/rust-lang/rfcs/pull/2318)\n"
	      "\n# Summary\n\nText.\n");
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.title, "Custom test frameworks");
	done(&f);
}

TEST(titles_from_names_keep_the_texts_acronyms)
{
	struct fixture f;
	/* the file name, cased as the text writes its words */
	parse(&f, "text/0002-rfc-process.md",
	      "- Start Date: 2014-03-11\n- RFC PR: [#2](https://x/pull/2)\n\n"
	      "# Summary\n\nThe RFC process. Every RFC is a Markdown file; an RFC "
	      "goes through review. The process is on GitHub.\n");
	CHECK_STR(f.r.title, "RFC process");
	done(&f);
	/* a feature name: words the text writes in capitals keep them; a
	 * capital that opens a sentence does not count */
	parse(&f, "text/2872-github-access-policy.md",
	      "- Feature Name: `rust-lang_github_org_access_policy`\n"
	      "- Start Date: 2020-01-01\n\n## Summary\n\nAccess to the GitHub org. "
	      "Policy is set here. Policy again.\n");
	CHECK_STR(f.r.title, "Rust-lang GitHub org access policy");
	done(&f);
	parse(&f, "text/2094-nll.md",
	      "- Feature Name: nll\n- Start Date: 2017-08-02\n\n## Summary\n\n"
	      "NLL makes borrows end early. With NLL, ... NLL.\n");
	CHECK_STR(f.r.title, "NLL");
	done(&f);
	/* lower case in addresses and file names is not the text's casing */
	parse(&f, "text/2094-nll.md",
	      "- Feature Name: nll\n- Start Date: 2017-08-02\n\n## Summary\n\n"
	      "How NLL should work; NLL, once more.\n\n"
	      "[proto]: https://github.com/nikomatsakis/nll\n"
	      "[a]: https://github.com/n/nll/blob/master/nll/src/a.rs\n"
	      "[b]: https://example.com/test/b.nll\n[c]: https://x.org/nll-rfc/issues/40\n");
	CHECK_STR(f.r.title, "NLL");
	done(&f);
	/* placeholders are no names */
	parse(&f, "text/1030-prelude-additions.md",
	      "- Feature Name: NA\n- Start Date: 2014-04-09\n\n# Summary\n\nx\n");
	CHECK_STR(f.r.title, "Prelude additions");
	done(&f);
	parse(&f, "text/1068-rust-governance.md",
	      "- Feature Name: not applicable\n- Start Date: 2014-04-09\n\n# Summary\n\nx\n");
	CHECK_STR(f.r.title, "Rust governance");
	done(&f);
	parse(&f, "text/2126-path-clarity.md",
	      "- Feature Name: TBD\n- Start Date: 2014-04-09\n\n# Summary\n\nx\n");
	CHECK_STR(f.r.title, "Path clarity");
	done(&f);
	/* a level-1 heading that is not a section names the document */
	parse(&f, "text/0100-x.md",
	      "- Start Date: 2017-08-02\n- RFC PR: [#100](https://x/pull/100)\n\n"
	      "# Partial Cmp for floats\n\n## Summary\n\nText.\n");
	CHECK_STR(f.r.title, "Partial Cmp for floats");
	done(&f);
}

TEST(rust_rfc_header_lines)
{
	struct fixture f;
	parse(&f, "text/2000-const-generics.md",
	      "- Feature Name: `const_generics`\n"
	      "- Start Date: 2017-05-01\n"
	      "- RFC PR: [rust-lang/rfcs#2000](https://github.com/rust-lang/rfcs/pull/2000)\n"
	      "- Rust Issue: [rust-lang/rust#44580](https://github.com/rust-lang/rust/issues/44580)\n"
	      "\n"
	      "# Summary\n[summary]: #summary\n\nAllow types to be generic over constants.\n\n"
	      "# Motivation\n\nArrays.\n");
	CHECK_STR(f.r.shape, "rust");
	CHECK(f.r.number == 2000);
	CHECK_STR(f.r.title, "Const generics");
	CHECK(f.r.title_line == 1);
	CHECK_STR(f.r.date, "2017-05-01");
	CHECK(f.r.date_line == 2);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK(f.r.status_text == NULL);
	CHECK_STR(f.r.discussion, "https://github.com/rust-lang/rfcs/pull/2000");
	CHECK(!f.r.lightweight);
	CHECK_NO_DIAGS(&f);
	done(&f);
}

TEST(rust_rfc_template_placeholders_make_a_draft)
{
	struct fixture f;
	parse(&f, "text/0000-my-feature.md",
	      "- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)\n"
	      "- Start Date: (fill me in with today's date, YYYY-MM-DD)\n"
	      "- RFC PR: [rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)\n"
	      "- Rust Issue: [rust-lang/rust#0000](https://github.com/rust-lang/rust/issues/0000)\n"
	      "\n# Summary\n\nx\n");
	CHECK_STR(f.r.shape, "rust");
	CHECK(f.r.status == RFC_DRAFT);
	CHECK_STR(f.r.title, "My feature");
	CHECK(f.r.number == 0);
	CHECK(f.r.date == NULL);
	CHECK(find_diag(&f, "rfc date \"(fill me in") != NULL);
	done(&f);
}

/* ---------------------------------------------------------------- numbers */

TEST(numbers_from_file_names)
{
	CHECK(rfc_number_from_path("docs/rfcs/0042-foo.md") == 42);
	CHECK(rfc_number_from_path("docs/adr/ADR-0007-use-kafka.md") == 7);
	CHECK(rfc_number_from_path("rfcs/rfc-12.md") == 12);
	CHECK(rfc_number_from_path("rfcs/RFC0012.md") == 12);
	CHECK(rfc_number_from_path("rfcs/rfc_3_thing.md") == 3);
	CHECK(rfc_number_from_path("adr/adr-0001.markdown") == 1);
	CHECK(rfc_number_from_path("0001.md") == 1);
	CHECK(rfc_number_from_path("docs/rfcs/2026-01-05-idea.md") == -1);
	CHECK(rfc_number_from_path("docs/rfcs/template.md") == -1);
	CHECK(rfc_number_from_path("docs/rfcs/2fa.md") == -1);
	CHECK(rfc_number_from_path("docs/adr/adrs.md") == -1);
	CHECK(rfc_number_from_path("docs/rfcs/12345678901-x.md") == -1);
	CHECK(rfc_number_from_path("docs/rfcs/") == -1);
	CHECK(rfc_number_from_path(NULL) == -1);
}

TEST(numbers_and_titles_from_headings)
{
	struct fixture f;
	parse(&f, "docs/adr/use-kafka.md",
	      "---\nstatus: accepted\n---\n# ADR-0007: Use Kafka\n");
	CHECK(f.r.number == 7);
	CHECK_STR(f.r.title, "Use Kafka");
	done(&f);
	parse(&f, "docs/rfcs/x.md",
	      "---\nstatus: draft\n---\n# RFC 12 - Per-tenant limits\n");
	CHECK(f.r.number == 12);
	CHECK_STR(f.r.title, "Per-tenant limits");
	done(&f);
	parse(&f, "docs/rfcs/x.md", "---\nstatus: draft\n---\n# 2FA for admins\n");
	CHECK(f.r.number == -1);
	CHECK_STR(f.r.title, "2FA for admins");
	done(&f);
	/* the file name's number wins over the heading's */
	parse(&f, "docs/adr/0003-x.md", "# 4. Y\n\n## Status\n\nAccepted\n");
	CHECK(f.r.number == 3);
	CHECK_STR(f.r.title, "Y");
	done(&f);
	/* no heading at all: the file name */
	parse(&f, "docs/rfcs/0042-use-kafka.md", "---\nstatus: draft\n---\nBody.\n");
	CHECK_STR(f.r.title, "Use kafka");
	CHECK(f.r.title_line == 0);
	done(&f);
}

/* A KEP is keps/<sig>/<number>-<name>/README.md, opening with the
 * template's comment block (paragraphs and task items between blank
 * lines) or a "<!-- toc -->" list before any heading: its number is the
 * folder's, its title the heading after the comment, else the folder's
 * name -- never "README". */
TEST(kep_readme_number_and_title)
{
	struct fixture f;
	CHECK(rfc_number_from_path("keps/sig-x/2896-openapi-v3/README.md") == 2896);
	CHECK(rfc_number_from_path("keps/sig-x/2896-openapi-v3/index.md") == 2896);
	CHECK(rfc_number_from_path("README.md") == -1);
	parse(&f, "keps/sig-x/2896-openapi-v3/README.md",
	      "<!-- **Note:** remove these blocks.\n\nTo get started:\n\n"
	      "- [ ] **Pick a SIG.**\n\nDone. -->\n# KEP-2896: OpenAPI V3\n\n"
	      "<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\nx\n");
	CHECK(f.r.number == 2896);
	CHECK_STR(f.r.title, "OpenAPI V3");
	CHECK(f.r.title_line == 8);
	done(&f);
	parse(&f, "keps/sig-etcd/4326-downgrade/README.md",
	      "<!-- toc -->\n- [Motivation](#motivation)\n<!-- /toc -->\n\n## Motivation\n\nx\n");
	CHECK(f.r.number == 4326);
	CHECK_STR(f.r.title, "Downgrade");
	done(&f);
}

/* A KEP's kep.yaml beside its README.md: what the front matter lacks. */
static void parse_with_sidecar(struct fixture *f, const char *path,
			       const char *src, const char *side)
{
	struct rfc_opts o = RFC_OPTS_INIT;
	struct frontmatter fm;
	arena_init(&f->a);
	diag_init(&f->d);
	frontmatter_parse(&fm, &f->a, src, strlen(src), NULL);
	o.sidecar_path = rfc_sidecar_path(&f->a, path);
	if (side && rfc_sidecar_parse(&o.sidecar, &f->a, side, strlen(side),
				      "acme/payments", o.sidecar_path, &f->d) < 0)
		o.sidecar = NULL;
	f->rc = rfc_parse(&f->r, &f->a, path, fm.meta, fm.body, fm.body_len,
			  fm.body_line, &o, "acme/payments", &f->d);
}

TEST(kep_metadata_file_gives_what_the_text_lacks)
{
	struct fixture f;
	const char *kep = "keps/sig-node/2371-cri-pod-stats/README.md";
	struct arena a;
	arena_init(&a);
	CHECK_STR(rfc_sidecar_path(&a, kep), "keps/sig-node/2371-cri-pod-stats/kep.yaml");
	CHECK_STR(rfc_sidecar_path(&a, "x/Index.MD"), "x/kep.yaml");
	CHECK_STR(rfc_sidecar_path(&a, "README.md"), "kep.yaml");
	CHECK(rfc_sidecar_path(&a, "text/0001-x.md") == NULL);
	CHECK(rfc_sidecar_path(&a, NULL) == NULL);
	arena_release(&a);

	parse_with_sidecar(&f, kep, "# KEP-2371: CRI Pod Stats\n\n## Summary\n\nx\n",
			   "title: cAdvisor-less, CRI-full Pod Stats\n"
			   "kep-number: 2371\nauthors:\n  - \"@haircommander\"\n"
			   "  - \"@bobbypage\"\nowning-sig: sig-node\n"
			   "status: implementable\ncreation-date: 2021-01-27\n");
	CHECK(f.r.number == 2371);
	CHECK_STR(f.r.title, "cAdvisor-less, CRI-full Pod Stats");
	CHECK(f.r.title_line == 0);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK(f.r.status_line == 0);
	CHECK(f.r.nauthors == 2);
	CHECK_STR(f.r.authors[0], "haircommander");
	CHECK_STR(f.r.date, "2021-01-27");
	CHECK(f.r.date_line == 0);
	CHECK(f.d.len == 0);
	done(&f);

	/* the document's own front matter wins, field by field */
	parse_with_sidecar(&f, kep, "---\nstatus: withdrawn\n---\n# T\n\nx\n",
			   "title: From yaml\nstatus: provisional\nlast-updated: 2022-02-02\n");
	CHECK(f.r.status == RFC_WITHDRAWN);
	CHECK(f.r.status_line == 2);
	CHECK_STR(f.r.title, "From yaml");
	CHECK(f.r.date == NULL);
	done(&f);

	/* its problems are reported on it, at its lines */
	parse_with_sidecar(&f, kep, "# T\n\nx\n",
			   "title: T\nstatus: imlpemented\ncreation-date: 2023-14-05\n");
	CHECK(f.r.status == RFC_UNKNOWN);
	const struct diag *dg = find_diag(&f, "is not a known status");
	CHECK(dg && dg->line == 2);
	CHECK_STR(dg ? dg->path : "", "keps/sig-node/2371-cri-pod-stats/kep.yaml");
	dg = find_diag(&f, "not a real YYYY-MM-DD date");
	CHECK(dg && dg->line == 3 && strstr(dg->path, "kep.yaml"));
	done(&f);

	parse_with_sidecar(&f, kep, "# T\n\nx\n", "title: T\nowning-sig: sig-x\n");
	dg = find_diag(&f, "has no status");
	CHECK(dg && strstr(dg->path, "kep.yaml") && strstr(dg->msg, "to it"));
	CHECK(f.r.status == RFC_UNKNOWN);
	done(&f);

	/* a file that is not YAML, or not a map, is said and left out */
	parse_with_sidecar(&f, kep, "# T\n\nStatus: accepted\n", "title: [unclosed\n");
	CHECK(find_diag(&f, "metadata is not valid YAML") != NULL);
	CHECK(f.r.status == RFC_ACCEPTED);
	CHECK_STR(f.r.title, "T");
	done(&f);
	parse_with_sidecar(&f, kep, "# T\n\nStatus: accepted\n", "- a\n- b\n");
	CHECK(find_diag(&f, "not a mapping") != NULL);
	CHECK(f.r.status == RFC_ACCEPTED);
	done(&f);
}

/* ---------------------------------------------------------------- statuses */

TEST(status_words_and_synonyms)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "draft", RFC_DRAFT },
		{ "WIP", RFC_DRAFT },
		{ "Work-in-progress", RFC_DRAFT },
		{ "review", RFC_REVIEW },
		{ "In Review", RFC_REVIEW },
		{ "Proposed", RFC_REVIEW },
		{ "final comment period", RFC_REVIEW },
		{ "Accepted", RFC_ACCEPTED },
		{ "**Accepted** (2024-01-02)", RFC_ACCEPTED },
		{ "accepted: 2024", RFC_ACCEPTED },
		{ "\xE2\x9C\x85 Approved", RFC_ACCEPTED },
		{ "implemented", RFC_ACCEPTED },
		{ "implementable", RFC_ACCEPTED },
		{ "provisional", RFC_REVIEW },
		{ "Active", RFC_ACCEPTED },
		/* Swift Evolution's */
		{ "**Active review (January 16...30, 2024)**", RFC_REVIEW },
		{ "Active Review", RFC_REVIEW },
		{ "Scheduled for review (March 1...12)", RFC_REVIEW },
		{ "Awaiting review", RFC_REVIEW },
		{ "**Returned for revision**", RFC_DRAFT },
		{ "Partially implemented (Swift 5.3 supports x)", RFC_ACCEPTED },
		{ "Previewing", RFC_ACCEPTED },
		{ "ready-for-release", RFC_ACCEPTED },
		{ "Exploring", RFC_REVIEW },
		{ "Implemented with Modifications (Swift 5)", RFC_ACCEPTED },
		{ "Accepted with revisions", RFC_ACCEPTED },
		{ "rejected", RFC_REJECTED },
		{ "Not accepted", RFC_REJECTED },
		{ "won't do", RFC_REJECTED },
		{ "won\xE2\x80\x99t fix", RFC_REJECTED },
		{ "superseded", RFC_SUPERSEDED },
		{ "Superseded by [ADR-5](0005-x.md)", RFC_SUPERSEDED },
		{ "deprecated", RFC_SUPERSEDED },
		{ "Partly superseded", RFC_SUPERSEDED }, /* alphagov/govuk-aws */
		{ "withdrawn", RFC_WITHDRAWN },
		{ "Postponed", RFC_WITHDRAWN },
		{ "on hold", RFC_WITHDRAWN },
		{ "accept", -1 },
		{ "acceptedness", -1 },
		{ "maybe", -1 },
		{ "", -1 },
		{ "   ", -1 },
		{ "2024", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = rfc_status_from_text(cases[i].text, strlen(cases[i].text));
		if (got != cases[i].want)
			fprintf(stderr, "  status \"%s\": got %d, want %d\n",
				cases[i].text, got, cases[i].want);
		CHECK(got == cases[i].want);
	}
	CHECK(rfc_status_from_text(NULL, 0) == -1);
	CHECK_STR(rfc_status_name(RFC_REVIEW), "review");
	CHECK_STR(rfc_status_name(RFC_UNKNOWN), "unknown");
}

TEST(unknown_status_is_kept_and_reported)
{
	struct fixture f;
	parse(&f, "rfcs/0001-x.md", "---\ntitle: X\nstatus: maybe-later\n---\n# X\n");
	CHECK(f.r.status == RFC_UNKNOWN);
	CHECK_STR(f.r.status_text, "maybe-later");
	CHECK(f.d.len == 1);
	const struct diag *g = find_diag(
		&f, "rfc status \"maybe-later\" is not a known status: use draft, review");
	CHECK(g && g->line == 3);
	CHECK(g && g->path && !strcmp(g->path, "rfcs/0001-x.md"));
	CHECK(g && g->repo && !strcmp(g->repo, "acme/payments"));
	done(&f);
}

TEST(missing_status_is_reported_with_a_fix_for_the_shape)
{
	struct fixture f;
	parse(&f, "rfcs/0001-x.md", "---\ntitle: X\nauthors: [a]\n---\n# X\n");
	CHECK(find_diag(&f, "rfc has no status: add \"status: draft\"") != NULL);
	done(&f);
	parse(&f, "rfcs/0001-x.md", "---\ntitle: X\nstatus:\n---\n# X\n");
	CHECK(f.d.len == 1);
	CHECK(f.d.len && f.d.items[0].line == 3);
	done(&f);
	parse(&f, "rfcs/0001-x.md", "\n\n# Just a title\n\nText.\n");
	CHECK_STR(f.r.shape, "plain");
	const struct diag *g = find_diag(&f, "rfc has no status: add front matter");
	CHECK(g && g->line == 3);
	done(&f);
	parse(&f, "rfcs/0001-x.md", "");
	CHECK(f.d.len == 1);
	CHECK_STR(f.r.title, "X");
	done(&f);
}

TEST(invalid_dates_are_reported)
{
	struct fixture f;
	parse(&f, "rfcs/0001-x.md",
	      "---\ntitle: X\nstatus: draft\ndate: 2026-02-30\n---\n# X\n");
	CHECK(f.r.date == NULL);
	const struct diag *g =
		find_diag(&f, "rfc date \"2026-02-30\" is not a real YYYY-MM-DD date");
	CHECK(g && g->line == 4);
	done(&f);
	parse(&f, "rfcs/0001-x.md",
	      "# 1. X\n\nDate: 12/03/2019\n\n## Status\n\nAccepted\n");
	g = find_diag(&f, "rfc date \"12/03/2019\"");
	CHECK(g && g->line == 3);
	done(&f);
	parse(&f, "rfcs/0001-x.md", "---\nstatus: draft\ndate: 2024-02-29\n---\n# X\n");
	CHECK_STR(f.r.date, "2024-02-29");
	CHECK_NO_DIAGS(&f);
	done(&f);
}

/* The forms of "- Start Date:" found in rust-lang/rfcs (and of "Last
 * updated:" in Go's design documents) besides YYYY-MM-DD; an impossible,
 * ambiguous or dayless date is still reported. */
TEST(rust_start_dates_as_written)
{
	static const struct {
		const char *written, *want; /* NULL: reported */
	} cases[] = {
		{ "(2016-06-17)", "2016-06-17" },
		{ " 2014-06-30  ", "2014-06-30" },
		{ "2020/05/18", "2020-05-18" },
		{ "2023-10-3", "2023-10-03" },
		{ "23-07-2014", "2014-07-23" },
		{ "May 1, 2024", "2024-05-01" },
		{ "[2019-01-02]", "2019-01-02" },
		{ "March 1, 2019.", "2019-03-01" },
		{ "15 May 2017 (to reflect actual implementation)", "2017-05-15" },
		{ "2019-04-24 (approved)", "2019-04-24" },
		{ "February 2016", NULL },
		{ "(2019-04-24", NULL },
		{ "2014-19-19", NULL },
		{ "12/03/2019", NULL },
		{ "(fill me in, YYYY-MM-DD)", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct fixture f;
		char src[256];
		snprintf(src, sizeof(src),
			 "- Feature Name: x\n- Start Date: %s\n"
			 "- RFC PR: [rust-lang/rfcs#1](https://github.com/rust-lang/rfcs/pull/1)\n"
			 "\n# Summary\n\nx\n",
			 cases[i].written);
		parse(&f, "text/0001-x.md", src);
		if (cases[i].want) {
			CHECK_STR(f.r.date, cases[i].want);
			CHECK(find_diag(&f, "rfc date") == NULL);
		} else {
			CHECK(f.r.date == NULL);
			CHECK(find_diag(&f, "rfc date") != NULL);
		}
		done(&f);
	}
}

/* ---------------------------------------------------------------- input */

/* Go's design documents (golang/proposal's design/): "Author(s):" and
 * "Last updated:" lines under the title, ended by "<br>" or not, and no
 * status: the fix offered is a Status line beside them. */
TEST(go_design_document_header_lines)
{
	struct fixture f;
	parse(&f, "design/11502-securitypolicy.md",
	      "# Proposal: Security Policy for Go\n\nAuthor(s): Jason Buberel\n\n"
	      "Last updated: January 26, 2017<br>\nDiscussion at "
	      "https://golang.org/issue/11502.\n\n## Abstract\n\nx\n");
	CHECK_STR(f.r.title, "Proposal: Security Policy for Go");
	CHECK(f.r.nauthors == 1);
	CHECK_STR(f.r.authors[0], "Jason Buberel");
	CHECK_STR(f.r.date, "2017-01-26");
	CHECK(find_diag(&f, "rfc date") == NULL);
	const struct diag *g = find_diag(&f, "Status: accepted\" line");
	CHECK(g != NULL);
	CHECK(g && g->line == 3);
	CHECK(find_diag(&f, "## Status") == NULL);
	done(&f);
	/* no "Author(s):" key, the author's name alone (design/19113) */
	parse(&f, "design/19113-x.md",
	      "# Proposal: Signed Shift Counts\n\nRobert Griesemer\n\n"
	      "Last updated: January 17, 2019\n\n## Summary\n\nx\n");
	CHECK_STR(f.r.date, "2019-01-17");
	g = find_diag(&f, "beside its \"Last updated:\" line");
	CHECK(g != NULL);
	CHECK(g && g->line == 5);
	CHECK(find_diag(&f, "## Status") == NULL);
	done(&f);
	/* both on one line (design/30333-smarter-scavenging.md) */
	parse(&f, "design/30333-x.md",
	      "# Proposal: Smarter Scavenging\n\nAuthor(s): Michael Knyszek "
	      "\\<mknyszek@google.com\\> Last Updated: 2019-02-20\n\n## Motivation\n");
	CHECK(f.r.nauthors == 1);
	CHECK_STR(f.r.authors[0], "Michael Knyszek <mknyszek@google.com>");
	CHECK_STR(f.r.date, "2019-02-20");
	done(&f);
}

TEST(crlf_files_read_like_lf_files)
{
	struct fixture f;
	parse(&f, "adr/0002-x.md",
	      "# 2. Use CRLF\r\n\r\nDate: 2025-03-04\r\n\r\n## Status\r\n\r\n"
	      "Superseded by [ADR-9](0009-y.md)\r\n\r\n## Context\r\n\r\nx\r\n");
	CHECK_STR(f.r.title, "Use CRLF");
	CHECK_STR(f.r.date, "2025-03-04");
	CHECK(f.r.date_line == 3);
	CHECK(f.r.status == RFC_SUPERSEDED);
	CHECK(f.r.status_line == 7);
	CHECK_STR(f.r.superseded_by, "0009-y.md");
	done(&f);
	parse(&f, "rfcs/0001-x.md", "---\r\ntitle: X\r\nstatus: nope\r\n---\r\n# X\r\n");
	CHECK(f.d.len == 1 && f.d.items[0].line == 3);
	done(&f);
}

TEST(hostile_input_is_read_safely)
{
	struct fixture f;
	struct buf src = BUF_INIT;

	/* no trailing newline, inside an unfinished link */
	parse(&f, "rfcs/0001-x.md", "# T\n\n## Status\n\nAccepted [x](");
	CHECK(f.r.status == RFC_ACCEPTED);
	done(&f);
	parse(&f, "rfcs/0001-x.md", "# <script>alert(1)</script> &amp; more");
	CHECK_STR(f.r.title, "<script>alert(1)</script> & more");
	done(&f);
	/* NUL bytes and invalid UTF-8 */
	parse_opts(&f, "rfcs/0001-x.md", "# A\0B\xff\n\n## Status\n\nDraft\n", 24, NULL);
	CHECK_STR(f.r.title, "A\xEF\xBF\xBD"
			     "B\xEF\xBF\xBD");
	CHECK(f.r.status == RFC_DRAFT);
	done(&f);
	/* a huge line, deep nesting, many emphasis runs */
	buf_puts(&src, "# 1. Big\n\nDate: 2025-01-01\n\n## Status\n\n");
	for (int i = 0; i < 200000; i++)
		buf_puts(&src, "*a* ");
	buf_puts(&src, "\n\n");
	for (int i = 0; i < 2000; i++)
		buf_puts(&src, "> - ");
	buf_puts(&src, "deep\n");
	for (int i = 0; i < 100000; i++)
		buf_puts(&src, "## Status\n");
	clock_t t0 = clock();
	parse_opts(&f, "adr/0001-big.md", src.ptr, src.len, NULL);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(f.rc == 0);
	CHECK_STR(f.r.title, "Big");
	CHECK(f.r.status == RFC_UNKNOWN);
	CHECK(f.r.status_line == 7);
	CHECK(f.d.len == 1);
	CHECK(secs < 10.0);
	done(&f);
	buf_release(&src);
}

TEST(bom_and_empty_bodies)
{
	struct fixture f;
	parse(&f, "rfcs/0005-x.md", "\xEF\xBB\xBF# 5. Title\n\n## Status\n\nRejected\n");
	CHECK_STR(f.r.title, "Title");
	CHECK(f.r.status == RFC_REJECTED);
	done(&f);
	arena_init(&f.a);
	diag_init(&f.d);
	CHECK(rfc_parse(&f.r, &f.a, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL) == 0);
	CHECK_STR(f.r.title, "");
	CHECK(f.r.number == -1);
	done(&f);
}

/* A proposal filed by status (thanos' docs/proposals-accepted/, an
 * archive's rejected/) takes the folder's when it says none itself. */
TEST(the_folder_says_the_status)
{
	struct fixture f;
	parse(&f, "docs/proposals-rejected/201901-x.md", "# A proposal\n\nText.\n");
	CHECK(f.r.status == RFC_REJECTED && f.d.len == 0);
	CHECK(f.r.status_line == 0);
	done(&f);
	parse(&f, "docs/adr/accepted/0001-x.md", "# 1. Use Go\n\nText.\n");
	CHECK(f.r.status == RFC_ACCEPTED);
	done(&f);
	/* the document's own wins */
	parse(&f, "docs/proposals-done/x.md", "---\nstatus: withdrawn\n---\n# X\n");
	CHECK(f.r.status == RFC_WITHDRAWN);
	done(&f);
	/* "active" and folders that are no status say nothing */
	parse(&f, "docs/active/x.md", "# X\n\nText.\n");
	CHECK(f.r.status == RFC_UNKNOWN && find_diag(&f, "rfc has no status"));
	done(&f);
	parse(&f, "docs/proposals/x.md", "# X\n\nText.\n");
	CHECK(f.r.status == RFC_UNKNOWN);
	done(&f);
}

/* Another template's sections (Summary, Motivation, Goals...) with two of
 * the four among them: not a lightweight RFC missing the others. */
TEST(another_template_is_not_a_lightweight_rfc)
{
	struct fixture f;
	parse(&f, "docs/proposals-accepted/x.md",
	      "---\ntitle: Deletions\nstatus: accepted\n---\n## Summary\n\nA.\n"
	      "## Motivation\n\nB.\n## Goals\n\nC.\n## Proposed Approach\n\nD.\n"
	      "## Alternatives\n\nE.\n## Future Work\n\nF.\n");
	CHECK(!f.r.lightweight && f.d.len == 0);
	done(&f);
	parse(&f, "docs/rfcs/x.md",
	      "---\ntitle: Small\nstatus: draft\n---\n## Proposed approach\n\nD.\n"
	      "## Alternatives considered\n\nE.\n");
	CHECK(f.r.lightweight && find_diag(&f, "missing its \"Problem statement\""));
	done(&f);
}

TEST(front_matter_of_the_wrong_shape_is_said)
{
	struct fixture f;
	parse(&f, "docs/rfcs/0001-x.md",
	      "---\ntitle: [a, b]\nstatus: {a: b}\ndiscussion: {url: x}\n---\n# X\n");
	CHECK(find_diag(&f, "front matter \"title\" is a list, not text"));
	CHECK(find_diag(&f, "front matter \"status\" is a mapping, not text"));
	CHECK(find_diag(&f, "front matter \"discussion\" is a mapping, not text"));
	CHECK(f.r.status == RFC_UNKNOWN && !f.r.discussion);
	CHECK_STR(f.r.title, "X");
	done(&f);
}

int main(void)
{
	RUN(front_matter_of_the_wrong_shape_is_said);
	RUN(the_folder_says_the_status);
	RUN(another_template_is_not_a_lightweight_rfc);
	RUN(front_matter_rfc_reads_every_field);
	RUN(front_matter_superseded_by_and_author_text);
	RUN(lightweight_rfc_reports_each_missing_section_at_its_title);
	RUN(ember_rfc_stage_start_date_and_template);
	RUN(section_check_can_be_turned_off_and_made_an_error);
	RUN(front_matter_rfc_with_another_template_is_not_nagged);
	RUN(nygard_adr_reads_number_title_date_and_status_section);
	RUN(nygard_superseded_by_link_gives_its_target);
	RUN(nygard_status_first_paragraph_wins_over_links_after_it);
	RUN(nygard_status_in_the_heading_and_in_a_list);
	RUN(nygard_without_status_is_reported);
	RUN(status_inside_a_code_block_is_not_read);
	RUN(madr_front_matter_reads_decision_makers);
	RUN(madr_front_matter_superseded_by_text);
	RUN(madr_in_body_list_with_comments);
	RUN(madr_template_placeholders_are_reported);
	RUN(rust_rfc_header_lines);
	RUN(rust_rfc_pr_number_sign_and_erfc);
	RUN(titles_from_names_keep_the_texts_acronyms);
	RUN(rust_rfc_template_placeholders_make_a_draft);
	RUN(numbers_from_file_names);
	RUN(numbers_and_titles_from_headings);
	RUN(kep_readme_number_and_title);
	RUN(kep_metadata_file_gives_what_the_text_lacks);
	RUN(rust_start_dates_as_written);
	RUN(go_design_document_header_lines);
	RUN(status_words_and_synonyms);
	RUN(unknown_status_is_kept_and_reported);
	RUN(missing_status_is_reported_with_a_fix_for_the_shape);
	RUN(invalid_dates_are_reported);
	RUN(crlf_files_read_like_lf_files);
	RUN(hostile_input_is_read_safely);
	RUN(bom_and_empty_bodies);
	return harness_report();
}
