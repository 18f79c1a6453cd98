/* Tests for techdebt.c: a TECH_DEBT.md list and a one-item file
 * (tests/fixtures/techdebt/), bad input, and the house rules. */
#include "techdebt.h"

#include <stdio.h>
#include <string.h>

#include "frontmatter.h"
#include "fixture.h"
#include "harness.h"
#include "mustache.h"
#include "date.h"

#define FIXTURES "tests/fixtures/techdebt/"

static long days(const char *s)
{
	return date_iso_days(s, strlen(s));
}

static const struct techdebt_item *at_line(const struct techdebt_list *l, int line)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].line == line)
			return &l->items[i];
	return NULL;
}

TEST(a_list_of_items)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	const struct techdebt_item *it;
	size_t len;
	char *text = fixture_text(FIXTURES "TECH_DEBT.md", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	CHECK(techdebt_parse_list(&list, &a, "shop", "TECH_DEBT.md", text, len,
				  1, &d) == 8);
	CHECK_STR(fixture_diag_lines(&d),
		  "warning: user-fixable: shop:TECH_DEBT.md:26: debt item \"Tests skipped on CI\" has a due date \"2026-13-01\" that is not a YYYY-MM-DD date\n");

	it = at_line(&list, 5);
	CHECK(it != NULL);
	if (it) {
		CHECK_STR(it->title, "Replace the hand-rolled retry loop");
		CHECK(it->kind == TECHDEBT_RECKLESS && !it->done);
		CHECK_STR(it->owner, "alice");
		CHECK_STR(it->due, "2026-03-01");
		CHECK(it->due_days == days("2026-03-01"));
		CHECK(it->created_days == days("2026-01-10"));
		CHECK(!it->rationale && it->nlinks == 0);
	}
	it = at_line(&list, 6);
	CHECK(it && it->done && it->kind == TECHDEBT_RECKLESS);
	it = at_line(&list, 7);
	CHECK(it != NULL);
	if (it) {
		CHECK_STR(it->title, "Keep the v1 API alive until the mobile app moves");
		CHECK(it->kind == TECHDEBT_PRUDENT);
		CHECK_STR(it->cycle, "2026-Q3");
		CHECK_STR(it->service, "mobile-gateway");
		CHECK_STR(it->rationale,
			  "old app versions still call it; removing it needs a forced upgrade.");
		CHECK(it->nlinks == 2);
		if (it->nlinks == 2) {
			CHECK_STR(it->links[0], "docs/rfcs/0012-api-v2.md");
			CHECK_STR(it->links[1], "docs/postmortems/2026-01-05-outage.md");
		}
	}
	it = at_line(&list, 10);
	CHECK(it && it->kind == TECHDEBT_RECKLESS && !it->owner);
	it = at_line(&list, 14);
	CHECK(it != NULL);
	if (it) {
		CHECK(it->kind == TECHDEBT_PRUDENT); /* from its heading */
		CHECK_STR(it->rationale,
			  "We chose one schema to ship the launch on time; splitting it is planned after the launch.");
	}
	it = at_line(&list, 17);
	CHECK(it != NULL);
	if (it) {
		CHECK_STR(it->title, "Synchronous audit log writes");
		CHECK_STR(it->owner, "erin");
		CHECK(it->nlinks == 1 &&
		      !strcmp(it->links[0], "https://tracker.example.com/ISSUE-7"));
	}
	it = at_line(&list, 26);
	CHECK(it && it->kind == TECHDEBT_RECKLESS && it->due_days == -1);
	it = at_line(&list, 27);
	CHECK(it && !strcmp(it->title, "An item with no words") &&
	      !strcmp(it->owner, "gina"));
	diag_release(&d);
	arena_release(&a);
}

TEST(a_file_per_item)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct frontmatter fm;
	size_t len;
	char *text = fixture_text(FIXTURES "queue.md", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	CHECK(frontmatter_parse(&fm, &a, text, len, NULL) == 0);
	CHECK(techdebt_parse_file(&list, &a, "jobs", "docs/tech-debt/queue.md", fm.meta,
				  fm.body, fm.body_len, fm.body_line, &d) == 0);
	CHECK_STR(fixture_diag_lines(&d), "");
	CHECK(list.n == 1);
	const struct techdebt_item *it = &list.items[0];
	CHECK_STR(it->title, "The job queue polls the database");
	CHECK(it->kind == TECHDEBT_PRUDENT && !it->done);
	CHECK_STR(it->owner, "hana");
	CHECK(it->nowners == 2);
	CHECK_STR(it->cycle, "2026-Q4");
	CHECK_STR(it->service, "jobs");
	CHECK(it->created_days == days("2026-01-15"));
	CHECK_STR(it->rationale,
		  "A real broker was one more thing to run; polling every second is enough at today's volume.");
	CHECK(it->nlinks == 2);
	CHECK(it->line == 2);
	arena_release(&a);
	diag_release(&d);
}

TEST(a_file_without_front_matter_takes_its_heading_or_name)
{
	struct arena a;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	const char *body = "Some text.\n\n## Why\nBecause.\n";
	arena_init(&a);
	techdebt_parse_file(&list, &a, "r", "docs/tech-debt/slow-build.md",
			    NULL, "# Slow build\n", 13, 1, NULL);
	techdebt_parse_file(&list, &a, "r", "docs/tech-debt/slow-build.md",
			    NULL, body, strlen(body), 1, NULL);
	CHECK(list.n == 2);
	CHECK_STR(list.items[0].title, "Slow build");
	CHECK_STR(list.items[1].title, "Why");
	CHECK_STR(list.items[1].rationale, "Because.");
	CHECK(list.items[1].kind == TECHDEBT_UNKNOWN);
	arena_release(&a);
}

TEST(bad_fields_are_said)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct frontmatter fm;
	const char *text = "---\ntitle: X\nkind: sloppy\nowner: [1, {a: b}]\ndue: tomorrow\n"
			   "status: done\nrationale: [a]\n---\n";
	arena_init(&a);
	diag_init(&d);
	CHECK(frontmatter_parse(&fm, &a, text, strlen(text), NULL) == 0);
	techdebt_parse_file(&list, &a, "r", "x.md", fm.meta, fm.body,
			    fm.body_len, fm.body_line, &d);
	const char *msg = fixture_diag_lines(&d);
	CHECK_CONTAINS(msg, "r:x.md:3: debt item \"X\" has kind \"sloppy\": reckless or prudent");
	CHECK_CONTAINS(msg, "r:x.md:5: debt item \"X\" has a due date \"tomorrow\" that is not a YYYY-MM-DD date");
	CHECK_CONTAINS(msg, "r:x.md:7: debt item \"X\" has a rationale that is not text");
	CHECK_CONTAINS(msg, "r:x.md:4: debt item \"X\" has a owner that is not text");
	CHECK(list.n == 1 && list.items[0].done && !list.items[0].rationale);
	CHECK(!list.items[0].owner);
	diag_release(&d);
	arena_release(&a);
}

TEST(hostile_input_does_not_crash)
{
	struct arena a;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	static const char *const texts[] = {
		"- [",
		"- [x",
		"-",
		"- ",
		"* [ ] [unclosed](link",
		"- [a](b) [c](",
		"1.",
		"12345678901. x",
		"- \xff\xfe @\xc3 #reckless due:",
		"```\n- [ ] x\n",
		"- x\n  \n\n  more\nlazy\n\nend",
		"- @ # due: : :x x:",
		"#\n##\n- [ ] t #prudent\r\n  Why:\r\n",
		"",
	};
	arena_init(&a);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		techdebt_parse_list(&list, &a, "r", "T.md", texts[i],
				    strlen(texts[i]), 1, NULL);
	for (size_t i = 0; i < list.n; i++)
		CHECK(list.items[i].title != NULL);
	/* "```" opens a fence that never closes: nothing after it counts */
	size_t before = list.n;
	techdebt_parse_list(&list, &a, "r", "T.md", "```\n- [ ] x\n", 12, 1, NULL);
	CHECK(list.n == before);
	/* more tokens than are kept: the rest are text */
	struct buf many = BUF_INIT;
	buf_puts(&many, "- x");
	for (int i = 0; i < 40; i++)
		buf_printf(&many, " due:2026-01-%02d", i % 28 + 1);
	CHECK(techdebt_parse_list(&list, &a, "r", "T.md", many.ptr, many.len, 1,
				  NULL) == 1);
	buf_release(&many);
	arena_release(&a);
}

/* templates/techdebt.md, as `cairn new techdebt` fills it in, is an item
 * that reads without a diagnostic. */
TEST(the_scaffold_template_reads_back)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct frontmatter fm;
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct mustache_set *set = mustache_set_new();
	size_t len;
	char *text = fixture_text("templates/techdebt.md", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	struct val *ctx = val_map(&a);
	val_set_str(&a, ctx, "title_yaml", "\"Retry loop: \\\"v2\\\"\"");
	val_set_str(&a, ctx, "author_yaml", "\"alice\"");
	val_set_str(&a, ctx, "date", "2026-03-01");
	val_set_str(&a, ctx, "due", "2026-03-15");
	CHECK(mustache_set_add(set, "techdebt.md", text, len, &err) == 0);
	CHECK(mustache_render(&out, set, "techdebt.md", ctx, &err) == 0);
	CHECK(frontmatter_parse(&fm, &a, out.ptr, out.len, NULL) == 0);
	techdebt_parse_file(&list, &a, "r", "docs/tech-debt/retry-loop.md",
			    fm.meta, fm.body, fm.body_len, fm.body_line, &d);
	CHECK_STR(fixture_diag_lines(&d), "");
	CHECK(list.n == 1);
	if (list.n == 1) {
		const struct techdebt_item *it = &list.items[0];
		CHECK_STR(it->title, "Retry loop: \"v2\"");
		CHECK(it->kind == TECHDEBT_RECKLESS && !it->done);
		CHECK_STR(it->owner, "alice");
		CHECK_STR(it->due, "2026-03-15");
		CHECK(it->created_days == days("2026-03-01"));
		CHECK(!it->service && !it->nlinks);
		CHECK(it->rationale != NULL);
	}
	mustache_set_free(set);
	buf_release(&out);
	buf_release(&err);
	diag_release(&d);
	arena_release(&a);
}

/* ---------------------------------------------------------------- rules */

static struct techdebt_item item(enum techdebt_kind kind)
{
	struct techdebt_item it = { 0 };
	it.title = "Retry loop";
	it.kind = kind;
	it.due_days = it.created_days = -1;
	it.path = "TECH_DEBT.md";
	it.line = 3;
	return it;
}

TEST(reckless_debt_needs_an_owner_and_a_short_life)
{
	struct techdebt_item it = item(TECHDEBT_RECKLESS);
	long today = days("2026-03-01");
	struct buf msg = BUF_INIT;

	CHECK(techdebt_flags(&it, today, NULL) == TECHDEBT_RECKLESS_NO_OWNER);
	it.owner = "alice";
	CHECK(techdebt_flags(&it, today, NULL) == 0); /* age unknown: not stale */
	it.created_days = today - 14;		      /* the last day allowed */
	CHECK(techdebt_flags(&it, today, NULL) == 0);
	it.created_days = today - 15;
	CHECK(techdebt_flags(&it, today, NULL) == TECHDEBT_RECKLESS_STALE);
	techdebt_flag_message(&msg, &it, TECHDEBT_RECKLESS_STALE, today, NULL);
	CHECK_STR(msg.ptr, "reckless debt \"Retry loop\" has been unpaid for 15 days, more than 14 (1 sprint): pay it down, or make it prudent with a rationale and a date");
	/* an age git gave says since when */
	it.created_by_git = 1;
	buf_clear(&msg);
	techdebt_flag_message(&msg, &it, TECHDEBT_RECKLESS_STALE, today, NULL);
	CHECK_STR(msg.ptr, "reckless debt \"Retry loop\" has been unpaid for 15 days (in git since 2026-02-14), more than 14 (1 sprint): pay it down, or make it prudent with a rationale and a date");
	it.created_by_git = 0;
	struct techdebt_rules r = { 7, 3 };
	CHECK(techdebt_flags(&it, today, &r) == 0);
	it.done = 1;
	it.owner = NULL;
	CHECK(techdebt_flags(&it, today, NULL) == 0);
	buf_release(&msg);
}

TEST(prudent_debt_needs_a_rationale_and_a_date)
{
	struct techdebt_item it = item(TECHDEBT_PRUDENT);
	long today = days("2026-03-01");
	CHECK(techdebt_flags(&it, today, NULL) ==
	      (TECHDEBT_PRUDENT_NO_RATIONALE | TECHDEBT_PRUDENT_UNSCHEDULED));
	it.rationale = "launch first";
	it.cycle = "2026-Q3";
	CHECK(techdebt_flags(&it, today, NULL) == 0);
	it.cycle = NULL;
	it.due = "2026-02-01";
	it.due_days = days(it.due);
	CHECK(techdebt_flags(&it, today, NULL) == TECHDEBT_OVERDUE);
	it.created_days = today - 400; /* prudent debt may be old */
	CHECK(techdebt_flags(&it, today, NULL) == TECHDEBT_OVERDUE);
	it = item(TECHDEBT_UNKNOWN);
	CHECK(techdebt_flags(&it, today, NULL) == TECHDEBT_NO_KIND);
}

TEST(check_reports_each_flag_on_its_line)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	const char *text = "- [ ] Retry loop #reckless\n"
			   "- [ ] Audit log #prudent\n"
			   "- [ ] Flags\n"
			   "- [x] Done one #reckless\n";
	arena_init(&a);
	diag_init(&d);
	techdebt_parse_list(&list, &a, "shop", "TECH_DEBT.md", text,
			    strlen(text), 1, NULL);
	techdebt_check(&list, days("2026-03-01"), NULL, "shop", &d);
	CHECK_STR(fixture_diag_lines(&d),
		  "warning: user-fixable: shop:TECH_DEBT.md:1: reckless debt \"Retry loop\" has no owner: give it one (@handle)\n"
		  "warning: user-fixable: shop:TECH_DEBT.md:2: prudent debt \"Audit log\" has no rationale: say why the trade-off is worth it (rationale:)\n"
		  "warning: user-fixable: shop:TECH_DEBT.md:2: prudent debt \"Audit log\" is not scheduled: give it a due date (due:YYYY-MM-DD) or a cycle (cycle:2026-Q3)\n"
		  "warning: user-fixable: shop:TECH_DEBT.md:3: debt item \"Flags\" is neither reckless nor prudent: tag it #reckless (a shortcut to pay down now) or #prudent (a trade-off to schedule)\n");
	CHECK_STR(techdebt_kind_name(TECHDEBT_PRUDENT), "prudent");
	diag_release(&d);
	arena_release(&a);
}

TEST(a_rationale_goes_on_over_its_indented_lines)
{
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct arena a = ARENA_INIT;
	const char *text = "- [ ] One schema #prudent cycle:2027-Q1\n"
			   "  Rationale: one table keeps a posting\n"
			   "  and its audit entry together.\n"
			   "\n"
			   "  A later paragraph.\n"
			   "- [ ] Two #prudent\n"
			   "  Owner: @bob\n"
			   "  Just notes.\n";
	CHECK(techdebt_parse_list(&list, &a, "r", "TECH_DEBT.md", text,
				  strlen(text), 1, NULL) == 2);
	CHECK_STR(list.items[0].rationale,
		  "one table keeps a posting and its audit entry together.");
	CHECK_STR(list.items[1].rationale, "Just notes.");
	CHECK_STR(list.items[1].owner, "bob");
	arena_release(&a);
}

/* The shape of many a real TECH_DEBT.md: a title, then a section of prose
 * per item, whose bullets are its text, not items. */
TEST(a_list_written_as_prose_sections)
{
	struct arena a;
	struct diag_list d;
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	const struct techdebt_item *it;
	size_t len;
	char *text = fixture_text(FIXTURES "prose/TECH_DEBT.md", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	CHECK(techdebt_parse_list(&list, &a, "idp", "TECH_DEBT.md", text, len,
				  1, &d) == 3);
	CHECK_STR(fixture_diag_lines(&d), "");
	it = at_line(&list, 8);
	CHECK(it != NULL);
	if (it) {
		CHECK_STR(it->title, "One 6,000-line `Billing` module");
		CHECK(it->kind == TECHDEBT_UNKNOWN && !it->owner && !it->done);
		/* the one-line label "File: ..." is not its description */
		CHECK_STR(it->rationale,
			  "Problem: Every billing rule lives in one module, so two "
			  "teams that change billing at once meet in the same file.");
	}
	it = at_line(&list, 28);
	CHECK(it != NULL);
	if (it) {
		CHECK_STR(it->title, "The forked HTTP client");
		CHECK(it->kind == TECHDEBT_PRUDENT);
		CHECK_STR(it->owner, "dana");
		CHECK_STR(it->due, "2026-09-01");
		CHECK_STR(it->rationale, "the fork carries a patch upstream has not released "
					 "yet, and dropping it breaks retries.");
	}
	it = at_line(&list, 41);
	CHECK(it != NULL);
	if (it) {
		/* "3) " and the closing hashes go; a one-line label is
		 * the description when there is nothing else */
		CHECK_STR(it->title, "Stale feature flags");
		CHECK_STR(it->rationale, "Problem: forty flags are always on.");
	}
	diag_release(&d);
	arena_release(&a);
}

TEST(prose_sections_under_group_headings)
{
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct arena a = ARENA_INIT;
	const char *text = "# Debt\n"
			   "\n"
			   "What is repo-wide.\n"
			   "\n"
			   "## High\n"
			   "\n"
			   "### The gate runs every job\n"
			   "\n"
			   "A docs-only change runs\n"
			   "the whole matrix.\n"
			   "\n"
			   "- fifty jobs\n"
			   "\n"
			   "## Low\n"
			   "### Old flags\n"
			   "Forty of them.\n";
	CHECK(techdebt_parse_list(&list, &a, "r", "TECH_DEBT.md", text,
				  strlen(text), 1, NULL) == 2);
	CHECK(list.n == 2 && list.items[0].line == 7 && list.items[1].line == 15);
	if (list.n == 2) {
		CHECK_STR(list.items[0].title, "The gate runs every job");
		CHECK_STR(list.items[0].rationale,
			  "A docs-only change runs the whole matrix.");
		CHECK_STR(list.items[1].title, "Old flags");
	}
	arena_release(&a);
}

TEST(a_marked_item_or_a_kind_heading_keeps_the_list)
{
	static const char *texts[] = {
		/* a checkbox */
		"# Debt\n\n## Payments\n\nThe team's items.\n\n- [ ] Retry loop\n- Parser copy\n",
		/* an owner */
		"## Payments\n\nThe team's items.\n\n- Retry loop @alice\n- Parser copy\n",
		/* a field */
		"## Payments\n\nThe team's items.\n\n- Retry loop due:2026-01-01\n- Parser copy\n",
		/* a heading naming a kind */
		"## Prudent debt\n\nTrade-offs.\n\n- Retry loop\n- Parser copy\n",
		/* no section with a paragraph of its own */
		"# Debt\n\nAll of it.\n\n## Payments\n- Retry loop\n- Parser copy\n",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct techdebt_list list = TECHDEBT_LIST_INIT;
		struct arena a = ARENA_INIT;
		CHECK(techdebt_parse_list(&list, &a, "r", "TECH_DEBT.md", texts[i],
					  strlen(texts[i]), 1, NULL) == 2);
		CHECK(list.n == 2 && !strcmp(list.items[0].title, "Retry loop"));
		arena_release(&a);
	}
}

TEST(a_kind_heading_holds_for_the_headings_below_it)
{
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct arena a = ARENA_INIT;
	const char *text = "## Reckless\n"
			   "### Payments\n"
			   "- [ ] Retry loop\n"
			   "## Checkout\n"
			   "- [ ] Flags\n";
	CHECK(techdebt_parse_list(&list, &a, "r", "TECH_DEBT.md", text,
				  strlen(text), 1, NULL) == 2);
	CHECK(list.n == 2 && list.items[0].kind == TECHDEBT_RECKLESS &&
	      list.items[1].kind == TECHDEBT_UNKNOWN);
	arena_release(&a);
}

TEST(prose_items_are_at_the_level_most_sections_with_prose_have)
{
	struct techdebt_list list = TECHDEBT_LIST_INIT;
	struct arena a = ARENA_INIT;
	const char *text = "# Debt and roadmap\n"
			   "\n"
			   "## Format\n"
			   "Each entry has a priority.\n"
			   "## Debt\n"
			   "### P1 - Logger rotation\n"
			   "**Description**: the log grows without end.\n"
			   "**Impact**: disks fill up.\n"
			   "### P2 - Config\n"
			   "**Priority:** Low\n"
			   "**Created:** 2025-11-23\n"
			   "\n"
			   "**Issue:**\n"
			   "Config is code.\n"
			   "## Roadmap\n"
			   "### V3 - Dashboard\n"
			   "- a web board\n"
			   "## Completed debt\n"
			   "### \xE2\x9C\x85 Type hints\n"
			   "Every function has them.\n"
			   "### ~~Paths~~\n"
			   "Moved to pathlib.\n"
			   "## Later\n"
			   "### Status field\n"
			   "Status: resolved\n"
			   "It went.\n"
			   "## Not done yet\n"
			   "### Open thing in C# ###\n"
			   "Status: not done\n"
			   "Still here.\n";
	CHECK(techdebt_parse_list(&list, &a, "r", "TECH_DEBT.md", text,
				  strlen(text), 1, NULL) == 6);
	if (list.n == 6) {
		/* "Format" is a section of its own, not an item: the items
		 * are at level 3, where most sections with prose are */
		CHECK_STR(list.items[0].title, "P1 - Logger rotation");
		CHECK(list.items[0].line == 6 && !list.items[0].done);
		/* a paragraph opened by a describing label is the description */
		CHECK_STR(list.items[0].rationale,
			  "Description: the log grows without end. Impact: disks fill up.");
		/* one of labels and values only is not; Created: is a field */
		CHECK_STR(list.items[1].rationale, "Issue: Config is code.");
		CHECK_STR(list.items[1].created, "2025-11-23");
		/* a group heading saying "Completed", a tick, a strike, a
		 * status: paid */
		CHECK_STR(list.items[2].title, "Type hints");
		CHECK(list.items[2].done);
		CHECK_STR(list.items[3].title, "Paths");
		CHECK(list.items[3].done);
		CHECK_STR(list.items[4].title, "Status field");
		CHECK(list.items[4].done);
		CHECK(!list.items[5].done);
		CHECK_STR(list.items[5].title, "Open thing in C#");
	}
	arena_release(&a);
}

int main(void)
{
	RUN(a_list_of_items);
	RUN(a_file_per_item);
	RUN(a_file_without_front_matter_takes_its_heading_or_name);
	RUN(bad_fields_are_said);
	RUN(hostile_input_does_not_crash);
	RUN(the_scaffold_template_reads_back);
	RUN(reckless_debt_needs_an_owner_and_a_short_life);
	RUN(prudent_debt_needs_a_rationale_and_a_date);
	RUN(check_reports_each_flag_on_its_line);
	RUN(a_rationale_goes_on_over_its_indented_lines);
	RUN(a_list_written_as_prose_sections);
	RUN(prose_sections_under_group_headings);
	RUN(a_marked_item_or_a_kind_heading_keeps_the_list);
	RUN(a_kind_heading_holds_for_the_headings_below_it);
	RUN(prose_items_are_at_the_level_most_sections_with_prose_have);
	return harness_report();
}
