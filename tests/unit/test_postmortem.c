#include "postmortem.h"

#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "frontmatter.h"
#include "harness.h"

/* One parsed fixture: the arena, the diagnostics and the result. */
struct fixture {
	struct arena a;
	struct diag_list d;
	struct postmortem_info p;
	int rc;
};

static void parse_opts(struct fixture *f, const char *path, const char *src,
		       size_t len, const struct postmortem_opts *opts)
{
	struct frontmatter fm;
	arena_init(&f->a);
	diag_init(&f->d);
	frontmatter_parse(&fm, &f->a, src, len, NULL);
	f->rc = postmortem_parse(&f->p, &f->a, path, fm.meta, fm.body, fm.body_len,
				 fm.body_line, opts, "acme/auth", &f->d);
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

/* How many diagnostics hold needle; the line of the first in *line. */
static size_t count_diags(const struct fixture *f, const char *needle, int *line)
{
	size_t n = 0;
	for (size_t i = 0; i < f->d.len; i++) {
		if (!strstr(f->d.items[i].msg, needle))
			continue;
		if (!n && line)
			*line = f->d.items[i].line;
		n++;
	}
	return n;
}

static const char *diag_lines(const struct fixture *f)
{
	static char all[8192];
	size_t k = 0;
	all[0] = '\0';
	for (size_t i = 0; i < f->d.len && k < sizeof(all) - 1; i++)
		k += (size_t)snprintf(all + k, sizeof(all) - k, "%d: %s\n",
				      f->d.items[i].line, f->d.items[i].msg);
	return all;
}

#define CHECK_DIAGS(f, n)                                     \
	do {                                                  \
		CHECK((f)->d.len == (n));                     \
		if ((f)->d.len != (n))                        \
			fprintf(stderr, "%s", diag_lines(f)); \
	} while (0)

/* ---------------------------------------------------------------- lists */

static const char checkbox_list[] =
	"---\n"
	"title: JWKS endpoint served an expired certificate\n"
	"date: 2026-08-19\n"
	"severity: SEV-2\n"
	"services: [auth-service, api-gateway]\n"
	"authors: [jonas]\n"
	"status: published\n"
	"---\n"
	"\n"
	"# JWKS endpoint served an expired certificate\n"
	"\n"
	"## Action items\n"
	"\n"
	"- [x] Move `auth.acme.internal` to cert-manager @jonas due:2026-08-26\n"
	"- [ ] Add an alert on certificate expiry (@kemi, due:2026-09-16) #alerting\n"
	"- Let verifiers keep a stale key set @priya due: 2026-09-02.\n"
	"\n"
	"## Lessons\n"
	"\n"
	"- Not an item @nobody\n";

TEST(checkbox_list_gives_text_owner_due_and_state)
{
	struct fixture f;
	parse(&f, "docs/postmortems/2026-08-19-jwks.md", checkbox_list);
	CHECK(f.rc == 0);
	CHECK_STR(f.p.title, "JWKS endpoint served an expired certificate");
	CHECK_STR(f.p.date, "2026-08-19");
	CHECK(f.p.date_line == 3);
	CHECK_STR(f.p.severity, "SEV-2");
	CHECK(f.p.nservices == 2);
	CHECK_STR(f.p.services[1], "api-gateway");
	CHECK(f.p.nauthors == 1);
	CHECK_STR(f.p.authors[0], "jonas");
	CHECK_STR(f.p.status, "published");
	CHECK(f.p.has_action_section);
	CHECK(f.p.nitems == 3);
	if (f.p.nitems == 3) {
		const struct action_item *it = f.p.items;
		CHECK_STR(it[0].text, "Move auth.acme.internal to cert-manager");
		CHECK_STR(it[0].owner, "jonas");
		CHECK(it[0].nowners == 1);
		CHECK_STR(it[0].due, "2026-08-26");
		CHECK(it[0].due_valid);
		CHECK(it[0].due_days == date_iso_days("2026-08-26", 10));
		CHECK(it[0].state == ACTION_DONE);
		CHECK(it[0].line == 14);
		CHECK_STR(it[1].text, "Add an alert on certificate expiry");
		CHECK_STR(it[1].owner, "kemi");
		CHECK_STR(it[1].due, "2026-09-16");
		CHECK(it[1].state == ACTION_OPEN);
		CHECK(it[1].line == 15);
		CHECK_STR(it[2].text, "Let verifiers keep a stale key set.");
		CHECK_STR(it[2].due, "2026-09-02");
		CHECK(it[2].state == ACTION_OPEN);
		CHECK(it[2].priority == NULL);
	}
	CHECK_DIAGS(&f, 0);
	done(&f);
}

TEST(struck_tagged_and_marked_items_are_deprioritized)
{
	struct fixture f;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n\n## Action items\n\n"
	      "- [ ] ~~Move push sending to the batch API~~ @hana due:2026-10-31\n"
	      "- [ ] ~~Load the reporter first~~ @hana due:2026-12-05 (replaced by the WebKit test)\n"
	      "- [ ] Move webhooks to the outbox @tomas #deprioritized\n"
	      "- Rewrite it in Rust #wontfix\n"
	      "- [-] Buy a bigger box\n"
	      "- [x] ~~Done anyway~~ @a due:2026-01-09\n"
	      "- [ ] Fix ~~the~~ a typo @a due:2026-01-09\n");
	CHECK(f.p.nitems == 7);
	if (f.p.nitems == 7) {
		CHECK(f.p.items[0].state == ACTION_DEPRIORITIZED);
		CHECK_STR(f.p.items[0].text, "Move push sending to the batch API");
		CHECK(f.p.items[1].state == ACTION_DEPRIORITIZED);
		CHECK_STR(f.p.items[1].text,
			  "Load the reporter first (replaced by the WebKit test)");
		CHECK(f.p.items[2].state == ACTION_DEPRIORITIZED);
		CHECK_STR(f.p.items[2].text, "Move webhooks to the outbox");
		CHECK(f.p.items[3].state == ACTION_DEPRIORITIZED);
		CHECK(f.p.items[4].state == ACTION_DEPRIORITIZED);
		CHECK_STR(f.p.items[4].text, "Buy a bigger box");
		CHECK(f.p.items[5].state == ACTION_DONE);
		CHECK(f.p.items[6].state == ACTION_OPEN);
	}
	/* deprioritized items owe no owner or date, and do not count */
	CHECK_DIAGS(&f, 0);
	done(&f);
}

TEST(plain_bullets_without_owners_or_dates_are_reported_at_their_lines)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-05-db.md",
	      "# Database outage\n"
	      "\n"
	      "## Action Items\n"
	      "\n"
	      "* Add replica lag alerting\n"
	      "* Document failover\n"
	      "  in the runbook\n");
	CHECK(f.p.nitems == 2);
	CHECK(f.p.nitems == 2 && f.p.items[1].line == 6);
	CHECK(f.p.nitems == 2 &&
	      !strcmp(f.p.items[1].text, "Document failover in the runbook"));
	CHECK(count_diags(&f, "has no owner: add one @handle", &line) == 2);
	CHECK(line == 5);
	CHECK(count_diags(&f, "action item \"Document failover in the runbook\" has no due date: add due:YYYY-MM-DD",
			  &line) == 1);
	CHECK(line == 6);
	CHECK_DIAGS(&f, 4);
	CHECK(f.d.len && f.d.items[0].severity == DIAG_WARNING &&
	      f.d.items[0].cls == DIAG_USER);
	done(&f);
}

TEST(several_owners_are_reported_and_repeats_are_one)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n## Action items\n"
	      "- Pair on it @alice @bob due:2026-02-01\n"
	      "- Again @alice and @Alice due:2026-02-01\n"
	      "- Mail alice@example.com about #123 owner: carol due:2026-02-01\n"
	      "- Team @acme/platform-team. due:2026-02-01\n"
	      "- Owner: @dan. Due: 2026-02-01. Fix @dan's alert.\n");
	CHECK(f.p.nitems == 5);
	if (f.p.nitems == 4) {
		CHECK(f.p.items[0].nowners == 2);
		CHECK_STR(f.p.items[0].owner, "alice");
		CHECK(f.p.items[1].nowners == 1);
		CHECK_STR(f.p.items[2].owner, "carol");
		CHECK_STR(f.p.items[2].text, "Mail alice@example.com about #123");
		CHECK_STR(f.p.items[3].owner, "acme/platform-team");
		CHECK_STR(f.p.items[4].owner, "dan");
		CHECK(f.p.items[4].nowners == 1);
		CHECK_STR(f.p.items[4].text, "Fix alert.");
	}
	CHECK(count_diags(&f, "\"Pair on it\" has 2 owners: assign it to one person",
			  &line) == 1);
	CHECK(line == 3);
	CHECK(count_diags(&f, "more than 3 action items", NULL) == 1);
	CHECK_DIAGS(&f, 2);
	done(&f);
}

TEST(due_dates_that_are_not_real_are_reported)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n## Action items\n"
	      "- [ ] One @a due:2026-02-30\n"
	      "- [ ] Two @a due:soon\n"
	      "- [ ] Three @a Due 2026-03-01\n"
	      "- [ ] ~~Four~~ @a due:2026-13-01\n"
	      "- [ ] Five @a due:2026-03-01T09:00Z\n");
	CHECK(f.p.nitems == 5);
	if (f.p.nitems == 4) {
		CHECK_STR(f.p.items[0].due, "2026-02-30");
		CHECK(!f.p.items[0].due_valid && f.p.items[0].due_days == -1);
		CHECK_STR(f.p.items[1].due, "soon");
		CHECK(f.p.items[2].due_valid);
		CHECK_STR(f.p.items[4].due, "2026-03-01");
		CHECK(f.p.items[4].due_valid);
	}
	CHECK(count_diags(&f, "action item \"One\" has due date \"2026-02-30\", which is not a real date: write it as due:YYYY-MM-DD",
			  &line) == 1);
	CHECK(line == 3);
	CHECK(count_diags(&f, "\"soon\"", &line) == 1 && line == 4);
	CHECK(count_diags(&f, "\"2026-13-01\"", &line) == 1 && line == 6);
	CHECK(count_diags(&f, "more than 3", &line) == 1 && line == 7);
	CHECK_DIAGS(&f, 4);
	done(&f);
}

TEST(more_than_three_items_reported_once_at_the_fourth)
{
	struct fixture f;
	struct postmortem_opts o = POSTMORTEM_OPTS_INIT;
	int line = 0;
	const char *src = "# X\n## Action items\n"
			  "- [ ] A @a due:2026-02-01\n"
			  "- [ ] B @a due:2026-02-01 #deprioritized\n"
			  "- [ ] C @a due:2026-02-01\n"
			  "- [x] D @a due:2026-02-01\n"
			  "- [ ] E @a due:2026-02-01\n"
			  "- [ ] F @a due:2026-02-01\n";

	parse(&f, "postmortems/2026-01-05-x.md", src);
	CHECK(f.p.nitems == 6);
	CHECK(count_diags(&f, "post-mortem has more than 3 action items", &line) == 1);
	CHECK(line == 7); /* B is deprioritized: E is the fourth that counts */
	CHECK_DIAGS(&f, 1);
	done(&f);
	o.max_items = 5;
	parse_opts(&f, "postmortems/2026-01-05-x.md", src, strlen(src), &o);
	CHECK_DIAGS(&f, 0);
	done(&f);
	o.max_items = 0;
	o.severity = DIAG_ERROR;
	parse_opts(&f, "postmortems/2026-01-05-x.md", src, strlen(src), &o);
	CHECK_DIAGS(&f, 0);
	done(&f);
	o.max_items = 2;
	parse_opts(&f, "postmortems/2026-01-05-x.md", src, strlen(src), &o);
	CHECK(count_diags(&f, "more than 2 action items", &line) == 1 && line == 6);
	CHECK(f.d.len == 1 && f.d.items[0].severity == DIAG_ERROR);
	done(&f);
}

TEST(nested_lists_belong_to_their_item)
{
	struct fixture f;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n## Follow-ups\n"
	      "- Add load shedding\n"
	      "  - Owner: @agoogler\n"
	      "  - Due: 2026-03-01\n"
	      "  - context: see @someone-else's notes? no, just text\n"
	      "\n"
	      "  More about it.\n"
	      "- [ ] Second @b due:2026-03-02\n"
	      "  1. step one\n"
	      "  2. step two\n");
	CHECK(f.p.nitems == 2);
	if (f.p.nitems == 2) {
		CHECK_STR(f.p.items[0].text, "Add load shedding More about it.");
		CHECK_STR(f.p.items[0].due, "2026-03-01");
		CHECK(f.p.items[0].nowners == 2);
		CHECK_STR(f.p.items[1].text, "Second");
		CHECK(f.p.items[1].line == 9);
	}
	done(&f);
}

/* ---------------------------------------------------------------- tables */

static const char sre_table[] =
	"# Shakespeare Sonnet++ Postmortem (incident #465)\n"
	"\n"
	"**Date:** 2015-10-21\n"
	"\n"
	"**Authors:** jennifer, martym, agoogler\n"
	"\n"
	"**Status:** Complete, action items in progress\n"
	"\n"
	"**Summary:** Shakespeare Search down for 66 minutes.\n"
	"\n"
	"## Action Items\n"
	"\n"
	"| Action Item | Type | Owner | Bug |\n"
	"| --- | --- | --- | --- |\n"
	"| Update playbook with instructions for responding to cascading failure | mitigate | jennifer | n/a **DONE** |\n"
	"| Use flux capacitor to balance load between clusters | prevent | martym | Bug 5554823 **TODO** |\n"
	"| Schedule cascading failure test during next DiRT | process | docbrown | n/a **TODO** |\n"
	"| Investigate running index MR/fusion continuously | prevent | jennifer | Bug 5554824 **TODO** |\n"
	"\n"
	"## Lessons Learned\n";

TEST(google_sre_table_is_read_by_its_header)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/shakespeare.md", sre_table);
	CHECK_STR(f.p.title, "Shakespeare Sonnet++ Postmortem (incident #465)");
	CHECK_STR(f.p.date, "2015-10-21");
	CHECK(f.p.date_line == 3);
	CHECK(f.p.nauthors == 3);
	CHECK_STR(f.p.status, "Complete, action items in progress");
	CHECK(f.p.nitems == 4);
	if (f.p.nitems == 4) {
		const struct action_item *it = f.p.items;
		CHECK_STR(it[0].text,
			  "Update playbook with instructions for responding to cascading failure");
		CHECK_STR(it[0].owner, "jennifer");
		CHECK(it[0].state == ACTION_DONE);
		CHECK(it[0].line == 15);
		CHECK(it[1].state == ACTION_OPEN);
		CHECK_STR(it[2].owner, "docbrown");
		CHECK(it[3].line == 18);
		CHECK(it[3].due == NULL);
	}
	CHECK(count_diags(&f, "has no due date: fill in its due column as YYYY-MM-DD",
			  &line) == 4);
	CHECK(line == 15);
	CHECK(count_diags(&f, "more than 3 action items", &line) == 1 && line == 18);
	CHECK(count_diags(&f, "owner", NULL) == 0);
	CHECK_DIAGS(&f, 5);
	done(&f);
}

TEST(table_columns_matched_without_regard_to_case)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-10-28-lag.md",
	      "# Lag\n\n### 5. ACTION ITEMS:\n\n"
	      "| TASK | Priority | ASSIGNEE | Deadline | State |\n"
	      "|------|----------|----------|----------|-------|\n"
	      "| Alert on lag | P1 | @marta | 2026-11-07 | Closed |\n"
	      "| Throttle the backfill | P2 | ravi and tomas | by 2026-11-14 | in progress |\n"
	      "| Show data age | - | TBD | Q4 | Won't fix |\n"
	      "| ~~Shard it~~ | | lena | | |\n"
	      "|  |  |  |  |  |\n");
	CHECK(f.p.nitems == 4);
	if (f.p.nitems == 4) {
		const struct action_item *it = f.p.items;
		CHECK(it[0].state == ACTION_DONE);
		CHECK_STR(it[0].priority, "P1");
		CHECK_STR(it[0].owner, "marta");
		CHECK(it[1].nowners == 2);
		CHECK_STR(it[1].due, "2026-11-14");
		CHECK(it[1].state == ACTION_OPEN);
		CHECK(it[2].state == ACTION_DEPRIORITIZED);
		CHECK(it[2].nowners == 0);
		CHECK_STR(it[2].due, "Q4");
		CHECK(it[2].priority == NULL);
		CHECK(it[3].state == ACTION_DEPRIORITIZED);
		CHECK_STR(it[3].text, "Shard it");
	}
	CHECK(count_diags(&f, "\"Throttle the backfill\" has 2 owners", &line) == 1 &&
	      line == 8);
	CHECK(count_diags(&f, "\"Show data age\" has due date \"Q4\", which is not a real date: write it as YYYY-MM-DD",
			  &line) == 1 &&
	      line == 9);
	CHECK_DIAGS(&f, 2);
	done(&f);
	/* a due cell as people write dates */
	parse(&f, "postmortems/2024-05-01-db.md",
	      "# DB\n\n## Action items\n\n| Action | Owner | Due |\n| --- | --- | --- |\n"
	      "| A | @a | 1 July 2024 |\n| B | @b | July 2, 2024 |\n"
	      "| C | @c | 2024/07/03 |\n| D | @d | June 31, 2024 |\n");
	CHECK(f.p.nitems == 4);
	if (f.p.nitems == 4) {
		CHECK_STR(f.p.items[0].due, "2024-07-01");
		CHECK_STR(f.p.items[1].due, "2024-07-02");
		CHECK_STR(f.p.items[2].due, "2024-07-03");
		CHECK(f.p.items[2].due_valid);
		CHECK(!f.p.items[3].due_valid); /* no such day: reported */
	}
	done(&f);
}

/* ---------------------------------------------------------------- sections */

TEST(loose_action_headings_match)
{
	static const char *const yes[] = {
		"## Action items",	"# ACTION ITEMS",
		"### Follow-up items",	"## Follow-ups",
		"## Followups",		"## Action items and follow-ups",
		"## Remediation items", "## 6. Action Items:",
		"## Actions",		"## Corrective actions",
	};
	static const char *const no[] = { "## Actions taken",
					  "## Lessons learned", "## Impact" };
	struct fixture f;
	char src[256];

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(src, sizeof(src),
			 "# T\n%s\n- [ ] A @a due:2026-01-01\n", yes[i]);
		parse(&f, "postmortems/2026-01-01-x.md", src);
		if (f.p.nitems != 1)
			fprintf(stderr, "  heading \"%s\" not matched\n", yes[i]);
		CHECK(f.p.has_action_section && f.p.nitems == 1);
		done(&f);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		snprintf(src, sizeof(src),
			 "# T\n%s\n- [ ] A @a due:2026-01-01\n", no[i]);
		parse(&f, "postmortems/2026-01-01-x.md", src);
		CHECK(!f.p.has_action_section && f.p.nitems == 0);
		done(&f);
	}
}

TEST(action_section_ends_at_the_next_heading_of_its_level)
{
	struct fixture f;
	parse(&f, "postmortems/2026-01-01-x.md",
	      "# T\n## Action items\n### Short term\n- [ ] A @a due:2026-01-01\n"
	      "### Long term\n- [ ] B @b due:2026-06-01\n"
	      "```\n- [ ] not an item\n```\n"
	      "## Appendix\n- [ ] C @c due:2026-01-01\n"
	      "# Follow-ups\n- [ ] D @d due:2026-01-01\n");
	CHECK(f.p.nitems == 3);
	CHECK(f.p.nitems == 3 && !strcmp(f.p.items[2].text, "D"));
	done(&f);
}

TEST(action_section_without_a_list_is_reported)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-01-x.md",
	      "# T\n## Action items\n\nAlice will add an alert by Friday.\n");
	CHECK(f.p.has_action_section && f.p.nitems == 0);
	CHECK(count_diags(&f, "action items section has no list", &line) == 1 &&
	      line == 4);
	done(&f);
	parse(&f, "postmortems/2026-01-01-x.md", "# T\n## Action items\n\nNone.\n");
	CHECK_DIAGS(&f, 0);
	done(&f);
}

/* ---------------------------------------------------------------- dates */

TEST(date_from_file_name_then_timeline)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-05-db-outage.md", "No heading here.\n");
	CHECK_STR(f.p.date, "2026-01-05");
	CHECK(f.p.date_line == 0);
	CHECK_STR(f.p.title, "Db outage");
	done(&f);
	parse(&f, "postmortems/db-outage.md",
	      "# Outage\n\n## Timeline (UTC)\n\n| Time | Event |\n| --- | --- |\n"
	      "| 09:58 | Import starts |\n| 2026-03-04 10:02 | Latency rises |\n");
	CHECK_STR(f.p.date, "2026-03-04");
	CHECK(f.p.date_line == 8);
	done(&f);
	parse(&f, "postmortems/db-outage.md",
	      "# Outage\n\n## Detailed timeline\n\n2015-10-21 (all times UTC)\n\n"
	      "- 14:51 News reports\n");
	CHECK_STR(f.p.date, "2015-10-21");
	CHECK(f.p.date_line == 5);
	done(&f);
	parse(&f, "postmortems/db-outage.md",
	      "# Outage\n\n## Timeline\n\n- 2026-02-30 10:00 bad\n- 2026-02-28 11:00 ok\n");
	CHECK_STR(f.p.date, "2026-02-28");
	done(&f);
	parse(&f, "postmortems/db-outage.md", "# Outage\n\nNothing dated.\n");
	CHECK(f.p.date == NULL);
	CHECK(count_diags(&f, "post-mortem has no date: add \"date: YYYY-MM-DD\"",
			  &line) == 1 &&
	      line == 1);
	done(&f);
}

TEST(front_matter_date_wins_and_a_bad_one_is_reported)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "---\ndate: 2026-01-04T23:10:00Z\n---\n# X\n");
	CHECK_STR(f.p.date, "2026-01-04");
	CHECK(f.p.date_line == 2);
	done(&f);
	parse(&f, "postmortems/2026-01-05-x.md",
	      "---\ntitle: X\ndate: 2026-02-30\n---\n# Y\n");
	CHECK_STR(f.p.title, "X");
	CHECK_STR(f.p.date, "2026-01-05");
	CHECK(count_diags(&f, "post-mortem date \"2026-02-30\" is not a real YYYY-MM-DD date",
			  &line) == 1);
	CHECK(line == 3);
	CHECK_DIAGS(&f, 1);
	done(&f);
}

TEST(date_from_when_the_incident_started)
{
	struct fixture f;
	/* an archive's front matter (icco/postmortems) */
	parse(&f, "data/00b7f759.md",
	      "---\nuuid: 00b7f759\ntitle: Disruption\nstart_time: 2007-12-05T22:04:00Z\n"
	      "end_time: 2007-12-06T06:08:00Z\nsource_published_at: 2007-12-11T23:12:00Z\n---\n"
	      "Text.\n");
	CHECK_STR(f.p.date, "2007-12-05");
	CHECK(f.p.date_line == 4);
	CHECK_DIAGS(&f, 0);
	done(&f);
	parse(&f, "pm/x.md", "---\nincident_date: 2024-03-02\n---\n# X\n");
	CHECK_STR(f.p.date, "2024-03-02");
	done(&f);
	/* date: wins; a start that is not a date is passed over silently */
	parse(&f, "pm/x.md",
	      "---\ndate: 2024-03-03\nstarted_at: 2024-03-02 10:00\n---\n# X\n");
	CHECK_STR(f.p.date, "2024-03-03");
	done(&f);
	parse(&f, "pm/2024-05-01-x.md", "---\nstart_time: soon\n---\n# X\n");
	CHECK_STR(f.p.date, "2024-05-01");
	CHECK_DIAGS(&f, 0);
	done(&f);
}

TEST(severity_services_and_status_lines)
{
	struct fixture f;
	parse(&f, "postmortems/2026-01-05-x.md",
	      "---\nservices: \"payments-api, ledger\"\nseverity: 2\n---\n"
	      "# X\n\n## Summary\n\nSeverity: SEV1\n");
	CHECK_STR(f.p.severity, "2");
	CHECK(f.p.nservices == 2);
	CHECK_STR(f.p.services[1], "ledger");
	done(&f);
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n\n- **Severity:** SEV2\n- Service: checkout-web\n\n"
	      "## Action items\n\n- Severity: not this one\n");
	CHECK_STR(f.p.severity, "SEV2");
	CHECK(f.p.nservices == 1);
	done(&f);
	parse(&f, "postmortems/2026-01-05-x.md", "# X\n\n## Severity: SEV3\n");
	CHECK_STR(f.p.severity, "SEV3");
	done(&f);
}

/* ---------------------------------------------------------------- input */

TEST(crlf_files_read_like_lf_files)
{
	struct fixture f;
	int line = 0;
	parse(&f, "postmortems/x.md",
	      "---\r\ntitle: X\r\ndate: 2026-01-05\r\n---\r\n\r\n# X\r\n\r\n"
	      "## Action items\r\n\r\n- [x] A @a due:2026-01-09\r\n"
	      "- [ ] B due:2026-01-10\r\n");
	CHECK(f.p.nitems == 2);
	CHECK(f.p.nitems == 2 && f.p.items[1].line == 11);
	CHECK(f.p.nitems == 2 && !strcmp(f.p.items[1].due, "2026-01-10"));
	CHECK(count_diags(&f, "\"B\" has no owner", &line) == 1 && line == 11);
	CHECK_DIAGS(&f, 1);
	done(&f);
}

TEST(hostile_input_is_read_safely)
{
	struct fixture f;
	struct buf src = BUF_INIT;
	int line = 0;

	/* text is extracted, not escaped; no trailing newline */
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n## Action items\n- [ ] Stop <script>alert(1)</script> &lt;b&gt; @a due:2026-01-09");
	CHECK(f.p.nitems == 1);
	CHECK(f.p.nitems == 1 &&
	      !strcmp(f.p.items[0].text, "Stop <script>alert(1)</script> <b>"));
	CHECK_DIAGS(&f, 0);
	done(&f);
	/* NUL and invalid UTF-8 */
	parse_opts(&f, "postmortems/2026-01-05-x.md",
		   "# X\n## Action items\n- A\0B\xc3 @a due:2026-01-09\n", 44, NULL);
	CHECK(f.p.nitems == 1 && !strcmp(f.p.items[0].text, "A\xEF\xBF\xBD"
							    "B\xEF\xBF\xBD"));
	done(&f);
	/* a huge item, a huge owner list and many items: linear, capped */
	buf_puts(&src, "# X\n## Action items\n- ");
	for (int i = 0; i < 300000; i++)
		buf_puts(&src, "word ");
	buf_puts(&src, "\n- ");
	for (int i = 0; i < 50000; i++)
		buf_puts(&src, "@o ");
	buf_puts(&src, "\n");
	for (int i = 0; i < 100000; i++)
		buf_puts(&src, "- x\n");
	buf_puts(&src, "| a |\n|---|\n");
	clock_t t0 = clock();
	parse_opts(&f, "postmortems/2026-01-05-x.md", src.ptr, src.len, NULL);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(f.rc == 0);
	CHECK(f.p.nitems == 100002);
	CHECK(f.p.nitems > 1 && f.p.items[1].nowners == 1);
	CHECK(count_diags(&f, "were not checked", &line) == 1 && line == 53);
	CHECK(f.d.len < 2 * POSTMORTEM_MAX_ITEM_DIAGS + 3);
	CHECK(secs < 10.0);
	done(&f);
	buf_release(&src);
	/* a long quoted text is cut on a character boundary */
	parse(&f, "postmortems/2026-01-05-x.md",
	      "# X\n## Action items\n- \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	      "\xC3\xA9\xC3\xA9 @a due:2026-01-09\n");
	CHECK(count_diags(&f, "\xC3\xA9...\"", NULL) == 0);
	done(&f);
}

TEST(empty_and_missing_input)
{
	struct fixture f;
	arena_init(&f.a);
	diag_init(&f.d);
	CHECK(postmortem_parse(&f.p, &f.a, NULL, NULL, NULL, 0, 0, NULL, NULL,
			       NULL) == 0);
	CHECK_STR(f.p.title, "");
	CHECK(f.p.nitems == 0 && f.p.date == NULL);
	done(&f);
	parse(&f, "postmortems/2026-01-05-x.md", "# X\n## Action items\n- \n- [ ]\n");
	CHECK(f.p.nitems == 0);
	done(&f);
}

TEST(state_names)
{
	CHECK_STR(postmortem_state_name(ACTION_DEPRIORITIZED), "deprioritized");
	CHECK_STR(postmortem_state_name(ACTION_OPEN), "open");
}

/* ---------------------------------------------------------------- real archives' shapes */

TEST(dates_written_as_people_write_them)
{
	struct fixture f;
	const char *cases[][2] = {
		{ "# Outage\n\n**Date**: May 1, 2024\n", "2024-05-01" },
		{ "# Outage\n\nDate: 1 May 2024\n", "2024-05-01" },
		{ "# Outage\n\nDate: 2024/05/01\n", "2024-05-01" },
		{ "# Outage\n\nDate: Wednesday, 1st May 2024\n", "2024-05-01" },
		{ "# Outage\n\nDate: Sept. 3, 2023\n", "2023-09-03" },
		{ "# Outage\n\n| Field | Value |\n|---|---|\n| Date | March 7, 2022 |\n| Severity | SEV1 |\n",
		  "2022-03-07" },
		{ "# Outage\n\n## Timeline\n\n- May 3, 2024 10:00 UTC: paged\n",
		  "2024-05-03" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(&f, "outage.md", cases[i][0]);
		CHECK_STR(f.p.date, cases[i][1]);
		done(&f);
	}
	parse(&f, "outage.md",
	      "# Outage\n\n| Field | Value |\n|---|---|\n| Date | March 7, 2022 |\n| Severity | SEV1 |\n");
	CHECK_STR(f.p.severity, "SEV1");
	done(&f);
	/* not dates */
	parse(&f, "outage.md", "# Outage\n\nDate: Mayday 1\n");
	CHECK(f.p.date == NULL);
	done(&f);
}

TEST(owners_written_as_people_write_them)
{
	struct fixture f;
	parse(&f, "2024-06-01-outage.md",
	      "# Outage\n\n## Follow-ups\n\n"
	      "- Add an alert on expiry (Alice)\n"
	      "- Rotate the keys \xE2\x80\x94 Bob Jones\n"
	      "- Fix the retry loop - Carol\n"
	      "- Owner: Dana Smith, document the replay due: 2024-07-01\n"
	      "- Track it in OPS-123\n"
	      "- See [the issue](https://git.example.com/acme/auth/-/issues/42)\n"
	      "- Upgrade (Postgres 15)\n");
	CHECK(f.p.nitems == 7);
	CHECK_STR(f.p.items[0].owner, "Alice");
	CHECK_STR(f.p.items[0].text, "Add an alert on expiry");
	CHECK_STR(f.p.items[1].owner, "Bob Jones");
	CHECK_STR(f.p.items[1].text, "Rotate the keys");
	CHECK_STR(f.p.items[2].owner, "Carol");
	CHECK_STR(f.p.items[2].text, "Fix the retry loop");
	CHECK_STR(f.p.items[3].owner, "Dana Smith");
	CHECK_STR(f.p.items[3].due, "2024-07-01");
	CHECK_STR(f.p.items[4].owner, "OPS-123");
	CHECK_STR(f.p.items[5].owner, "https://git.example.com/acme/auth/-/issues/42");
	CHECK(f.p.items[6].owner == NULL); /* "Postgres 15" is no name */
	done(&f);
	/* a due date after the name, with or without a comma before it */
	parse(&f, "2024-06-01-outage.md",
	      "# Outage\n\n## Action items\n\n"
	      "- [ ] Review capacity owner: Alice Smith Due: 1 July 2024\n"
	      "- [ ] Tune timeouts (Bob Jones), due:2024-07-02\n"
	      "- [ ] Tune pool size \xE2\x80\x94 Cy Li, due:2024-07-03\n");
	CHECK(f.p.nitems == 3);
	if (f.p.nitems == 3) {
		CHECK_STR(f.p.items[0].owner, "Alice Smith");
		CHECK_STR(f.p.items[0].due, "2024-07-01");
		CHECK_STR(f.p.items[0].text, "Review capacity");
		CHECK_STR(f.p.items[1].owner, "Bob Jones");
		CHECK_STR(f.p.items[1].text, "Tune timeouts");
		CHECK_STR(f.p.items[1].due, "2024-07-02");
		CHECK_STR(f.p.items[2].owner, "Cy Li");
		CHECK_STR(f.p.items[2].text, "Tune pool size");
	}
	done(&f);
}

TEST(due_dates_written_as_people_write_them)
{
	struct fixture f;
	parse(&f, "2024-06-01-outage.md",
	      "# Outage\n\n## Corrective actions\n\n"
	      "- Add an alert @alice by 2024-07-01\n"
	      "- Add a test @bob Due: 1 July 2024\n"
	      "- Add a dashboard @carol due: May 1\n"
	      "- Write it down @dan due: Aug 2\n"
	      "- Caused by the deploy @erin due:2024-08-01\n");
	CHECK(f.p.nitems == 5);
	CHECK_STR(f.p.items[0].due, "2024-07-01");
	CHECK_STR(f.p.items[0].text, "Add an alert");
	CHECK_STR(f.p.items[1].due, "2024-07-01");
	/* no year: on or after the post-mortem's date */
	CHECK_STR(f.p.items[2].due, "2025-05-01");
	CHECK_STR(f.p.items[3].due, "2024-08-02");
	CHECK(f.p.items[3].due_valid);
	CHECK_STR(f.p.items[4].text, "Caused by the deploy");
	CHECK_STR(f.p.items[4].due, "2024-08-01");
	done(&f);
}

TEST(items_without_owner_or_date_are_tracked_and_reported)
{
	struct fixture f;
	parse(&f, "2024-06-01-outage.md",
	      "# Outage\n\n## Remediation\n\n- Make the retries idempotent\n");
	CHECK(f.p.nitems == 1);
	CHECK(count_diags(&f, "has no owner", NULL) == 1);
	CHECK(count_diags(&f, "has no due date", NULL) == 1);
	done(&f);
}

int main(void)
{
	RUN(checkbox_list_gives_text_owner_due_and_state);
	RUN(struck_tagged_and_marked_items_are_deprioritized);
	RUN(plain_bullets_without_owners_or_dates_are_reported_at_their_lines);
	RUN(several_owners_are_reported_and_repeats_are_one);
	RUN(due_dates_that_are_not_real_are_reported);
	RUN(more_than_three_items_reported_once_at_the_fourth);
	RUN(nested_lists_belong_to_their_item);
	RUN(google_sre_table_is_read_by_its_header);
	RUN(table_columns_matched_without_regard_to_case);
	RUN(loose_action_headings_match);
	RUN(action_section_ends_at_the_next_heading_of_its_level);
	RUN(action_section_without_a_list_is_reported);
	RUN(date_from_file_name_then_timeline);
	RUN(front_matter_date_wins_and_a_bad_one_is_reported);
	RUN(date_from_when_the_incident_started);
	RUN(severity_services_and_status_lines);
	RUN(crlf_files_read_like_lf_files);
	RUN(hostile_input_is_read_safely);
	RUN(empty_and_missing_input);
	RUN(state_names);
	RUN(dates_written_as_people_write_them);
	RUN(owners_written_as_people_write_them);
	RUN(due_dates_written_as_people_write_them);
	RUN(items_without_owner_or_date_are_tracked_and_reported);
	return harness_report();
}
