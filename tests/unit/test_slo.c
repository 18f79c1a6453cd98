/* Tests for slo.c: OpenSLO v1 documents (tests/fixtures/slo/), the status
 * feed, and the error budget rule of docs/slo.md. */
#include "slo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"

#define FIXTURES "tests/fixtures/slo/"

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static const struct slo *find(const struct slo_set *set, const char *name)
{
	for (size_t i = 0; i < set->nslos; i++)
		if (!strcmp(set->slos[i].name, name))
			return &set->slos[i];
	return NULL;
}

TEST(reads_the_documents_of_a_file)
{
	struct arena a;
	struct diag_list d;
	struct slo_set set = SLO_SET_INIT;
	size_t len;
	char *text = fixture_text(FIXTURES "checkout.openslo.yaml", &len);

	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	CHECK(slo_parse(&set, &a, "shop", "slos/checkout.openslo.yaml", text,
			len, &d) == 0);
	slo_resolve(&set, "shop", &d);
	CHECK_STR(fixture_diag_lines(&d), "");
	CHECK(set.nslos == 2 && set.nslis == 1 && set.nservices == 1);
	CHECK_STR(set.services[0].name, "checkout");
	CHECK_STR(set.services[0].description, "Takes the customer's money.");

	const struct slo *av = find(&set, "checkout-availability");
	CHECK(av != NULL);
	if (av) {
		CHECK_STR(av->service, "checkout");
		CHECK_STR(av->display_name, "Checkout availability");
		CHECK(av->indicator == &set.slis[0]);
		CHECK_STR(av->indicator->metric, "ratio");
		CHECK_STR(av->indicator->source, "Prometheus");
		CHECK(av->nobjectives == 1 && near(av->objectives[0].target, 0.999));
		CHECK(av->window.rolling && av->window.given &&
		      av->window.seconds == 28 * 86400);
		CHECK(av->budgeting == SLO_OCCURRENCES);
		CHECK(av->line == 30); /* its apiVersion */
	}
	const struct slo *lat = find(&set, "checkout-latency");
	CHECK(lat != NULL);
	if (lat) {
		CHECK_STR(lat->indicator->name, "checkout-latency-p99");
		CHECK_STR(lat->indicator->metric, "threshold");
		CHECK(!lat->window.rolling && lat->window.unit == 'M' &&
		      lat->window.count == 1);
		CHECK(lat->window.calendar_start == 1767225600); /* 2026-01-01 */
		CHECK_STR(lat->window.calendar_zone, "UTC");
		CHECK(lat->budgeting == SLO_TIMESLICES);
		CHECK(lat->nobjectives == 2);
		CHECK_STR(slo_objective(lat, NULL)->name, "Not slow");
		CHECK_STR(slo_objective(lat, "Fast")->name, "Fast");
		CHECK_STR(lat->objectives[0].op, "lte");
		CHECK(lat->objectives[0].has_value &&
		      near(lat->objectives[0].value, 0.3));
	}
	diag_release(&d);
	arena_release(&a);
}

static const char *parse_diags(const char *text, struct slo_set *set,
			       struct arena *a, int *rc)
{
	struct diag_list d;
	static char out[8192];
	diag_init(&d);
	*rc = slo_parse(set, a, "repo", "slos/x.yaml", text, strlen(text), &d);
	slo_resolve(set, "repo", &d);
	snprintf(out, sizeof(out), "%s", fixture_diag_lines(&d));
	diag_release(&d);
	return out;
}

TEST(bad_documents_are_said_on_their_line)
{
	struct arena a;
	struct slo_set set = SLO_SET_INIT;
	int rc;
	const char *text =
		"apiVersion: openslo/v0\nkind: SLO\nmetadata: {name: old}\n"
		"---\n"
		"apiVersion: openslo/v1\nkind: SLO\nspec: {}\n"
		"---\n"
		"apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: no-objectives}\n"
		"spec: {service: s, indicatorRef: missing, budgetingMethod: Sometimes}\n"
		"---\n"
		"apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: bad}\nspec:\n"
		"  timeWindow: [{duration: 28 days}, {duration: 1d}]\n"
		"  budgetingMethod: Occurrences\n"
		"  objectives:\n"
		"    - {target: 1.5}\n"
		"    - {targetPercent: 99, target: 0.9}\n"
		"---\n"
		"apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: bad}\nspec:\n"
		"  indicatorRef: nowhere\n  budgetingMethod: Occurrences\n"
		"  objectives: [{target: 0.9}]\n"
		"---\n"
		"- just a list\n";
	arena_init(&a);
	const char *msg = parse_diags(text, &set, &a, &rc);
	CHECK(rc == 0);
	CHECK_CONTAINS(msg, "warning: user-fixable: repo:slos/x.yaml:1: document 1 is not OpenSLO v1 (apiVersion \"openslo/v0\"); left out");
	CHECK_CONTAINS(msg, "error: user-fixable: repo:slos/x.yaml:5: SLO has no metadata.name; left out");
	CHECK_CONTAINS(msg, "slos/x.yaml:12: SLO \"no-objectives\" budgetingMethod \"Sometimes\" is not Occurrences");
	CHECK_CONTAINS(msg, "slos/x.yaml:9: SLO \"no-objectives\" has no objectives");
	CHECK_CONTAINS(msg, "slos/x.yaml:18: SLO \"bad\" has 2 time windows");
	CHECK_CONTAINS(msg, "slos/x.yaml:18: SLO \"bad\" window duration \"28 days\" is not a duration");
	CHECK_CONTAINS(msg, "slos/x.yaml:21: SLO \"bad\" objective 1 has no target in [0, 1)");
	CHECK_CONTAINS(msg, "slos/x.yaml:22: SLO \"bad\" objective 2 has both target and targetPercent");
	CHECK_CONTAINS(msg, "slos/x.yaml:14: SLO \"bad\" has neither indicator nor indicatorRef");
	CHECK_CONTAINS(msg, "slos/x.yaml:24: SLO \"bad\" is defined twice");
	CHECK_CONTAINS(msg, "slos/x.yaml:24: SLO \"bad\" names indicator \"nowhere\", which no SLI");
	CHECK_CONTAINS(msg, "slos/x.yaml:32: document 6 is not OpenSLO v1");
	CHECK(set.nslos == 2);
	CHECK(near(set.slos[0].objectives[0].target, 0.9));
	CHECK(set.slos[0].window.seconds == 86400 * 28 && !set.slos[0].window.given);
	arena_release(&a);
}

TEST(a_list_of_objects_is_read_as_documents)
{
	struct arena a;
	struct slo_set set = SLO_SET_INIT;
	int rc;
	/* OpenSLO/oslo's test/inputs/validate/v1.yaml: a top-level list */
	const char *text =
		"- apiVersion: openslo/v1\n  kind: SLO\n  metadata: {name: one}\n"
		"  spec: {service: s, budgetingMethod: Occurrences,\n"
		"    indicator: {metadata: {name: i}},\n"
		"    objectives: [{target: 0.99}]}\n"
		"- apiVersion: openslo/v1\n  kind: SLO\n  metadata: {name: two}\n"
		"  spec: {service: s, budgetingMethod: Occurrences,\n"
		"    indicator: {metadata: {name: i}},\n"
		"    objectives: [{target: 0.9}]}\n";
	arena_init(&a);
	const char *msg = parse_diags(text, &set, &a, &rc);
	CHECK(rc == 0);
	CHECK(set.nslos == 2);
	CHECK(find(&set, "two") != NULL);
	CHECK(!strstr(msg, "is not OpenSLO v1"));
	arena_release(&a);
}

TEST(malformed_yaml_and_invalid_utf8_keep_what_came_before)
{
	struct arena a;
	struct slo_set set = SLO_SET_INIT;
	int rc;
	const char *msg;
	arena_init(&a);
	msg = parse_diags("apiVersion: openslo/v1\nkind: Service\nmetadata: {name: a}\n---\n"
			  "kind: [SLO\n",
			  &set, &a, &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "error: user-fixable: repo:slos/x.yaml:");
	CHECK_CONTAINS(msg, "OpenSLO file cannot be read");
	CHECK(set.nservices == 1);
	msg = parse_diags("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: \"\xc3\x28\"}\n",
			  &set, &a, &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "OpenSLO file cannot be read");
	msg = parse_diags("", &set, &a, &rc);
	CHECK(rc == 0 && !*msg);
	arena_release(&a);
}

TEST(durations)
{
	struct slo_window w;
	CHECK(slo_duration_parse(&w, "4w") == 0 && w.seconds == 28 * 86400);
	CHECK(slo_duration_parse(&w, "1Q") == 0 && w.unit == 'Q' &&
	      w.seconds == 90 * 86400);
	CHECK(slo_duration_parse(&w, "90m") == 0 && w.seconds == 5400);
	CHECK(slo_duration_parse(&w, "0d") < 0);
	CHECK(slo_duration_parse(&w, "d") < 0);
	CHECK(slo_duration_parse(&w, "28dd") < 0);
	CHECK(slo_duration_parse(&w, "28s") < 0);
	CHECK(slo_duration_parse(&w, "-1d") < 0);
	CHECK(slo_duration_parse(&w, NULL) < 0);
}

/* ---------------------------------------------------------------- feed */

TEST(the_feed_and_its_latest_records)
{
	struct arena a;
	struct diag_list d;
	struct slo_feed feed;
	size_t len;
	char *text = fixture_text(FIXTURES "feed.json", &len);
	CHECK(text != NULL);
	if (!text)
		return;
	arena_init(&a);
	diag_init(&d);
	CHECK(slo_feed_parse(&feed, &a, "slo-status.json", text, len, &d) == 0);
	CHECK_STR(fixture_diag_lines(&d), "");
	CHECK(feed.n == 4);
	const struct slo_status *r =
		slo_feed_latest(&feed, "checkout-availability", "checkout");
	CHECK(r && r->line == 4 && near(r->burn_1h, 3.5) &&
	      near(r->budget_remaining, 0.31));
	CHECK(r && r->has == (SLO_HAS_SLI | SLO_HAS_BUDGET | SLO_HAS_BURN_1H |
			      SLO_HAS_BURN_6H));
	r = slo_feed_latest(&feed, "checkout-latency", "checkout");
	CHECK(r && r->time == 1773982800 && near(r->burn_6h, 0.7) &&
	      !(r->has & SLO_HAS_BUDGET));
	CHECK_STR(r ? r->objective : NULL, "Fast");
	r = slo_feed_latest(&feed, "checkout-availability", "ledger");
	CHECK(r && near(r->budget_remaining, -0.2));
	CHECK(!slo_feed_latest(&feed, "nothing", NULL));
	diag_release(&d);
	arena_release(&a);
}

TEST(bad_feed_records_are_left_out)
{
	struct arena a;
	struct diag_list d;
	struct slo_feed feed;
	const char *text =
		"- {slo: a, time: 2026-03-20T00:00:00Z, sli: 1.2}\n"
		"- {slo: b, time: yesterday}\n"
		"- {time: 2026-03-20T00:00:00Z}\n"
		"- {slo: c, time: 2026-03-20T00:00:00Z, burn_rate: {1h: fast}}\n"
		"- {slo: d, time: 2026-03-20T00:00:00Z, burn_rate: {1h: -1}}\n"
		"- 42\n"
		"- {slo: ok, time: 2026-03-20T00:00:00Z, budget_remaining: 0.5}\n";
	arena_init(&a);
	diag_init(&d);
	CHECK(slo_feed_parse(&feed, &a, "feed.yaml", text, strlen(text), &d) == 0);
	const char *msg = fixture_diag_lines(&d);
	CHECK_CONTAINS(msg, "error: operator-fixable: feed.yaml:1: SLO status record's sli \"1.2\" is not a number in range; record left out");
	CHECK_CONTAINS(msg, "feed.yaml:2: SLO status record's time \"yesterday\" is not an RFC 3339 time");
	CHECK_CONTAINS(msg, "feed.yaml:3: SLO status record has no \"slo\"");
	CHECK_CONTAINS(msg, "feed.yaml:4: SLO status record's 1h burn rate \"fast\" is not a number");
	CHECK_CONTAINS(msg, "feed.yaml:5: SLO status record's 1h burn rate \"-1\" is not a number in range");
	CHECK_CONTAINS(msg, "feed.yaml:6: SLO status record is a number, not a map");
	CHECK(feed.n == 1);
	CHECK_STR(feed.records[0].slo, "ok");
	diag_release(&d);
	diag_init(&d);
	CHECK(slo_feed_parse(&feed, &a, "feed.yaml", "{deploys: []}", 13, &d) == -1);
	CHECK_CONTAINS(fixture_diag_lines(&d),
		       "feed.yaml:1: SLO status feed is not a list of records");
	CHECK(slo_feed_parse(&feed, &a, "feed.yaml", "[{", 2, &d) == -1);
	CHECK_CONTAINS(fixture_diag_lines(&d), "SLO status feed cannot be read");
	CHECK(slo_feed_parse(&feed, &a, "feed.yaml", "", 0, &d) == 0 && feed.n == 0);
	diag_release(&d);
	arena_release(&a);
}

/* ---------------------------------------------------------------- budget */

static struct slo rolling_slo(struct slo_objective *o, double target)
{
	struct slo s = { 0 };
	o->target = target;
	o->name = NULL;
	s.name = "x";
	s.objectives = o;
	s.nobjectives = 1;
	slo_duration_parse(&s.window, "28d");
	s.window.rolling = 1;
	return s;
}

TEST(budget_left_and_how_long_it_lasts)
{
	struct slo_objective o;
	struct slo s = rolling_slo(&o, 0.999);
	struct slo_status rec = { .slo = "x", .time = 1773964800 };
	struct slo_budget b;

	slo_budget_of(&b, &s, NULL, NULL);
	CHECK(b.state == SLO_STATE_UNKNOWN && isnan(b.remaining));
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_UNKNOWN);

	/* half the budget left, burning at 0.4 (the lower of 2 and 0.4): it
	 * lasts 0.5 * 28 / 0.4 = 35 days, more than the 28 it must */
	rec.has = SLO_HAS_BUDGET | SLO_HAS_BURN_1H | SLO_HAS_BURN_6H;
	rec.budget_remaining = 0.5;
	rec.burn_1h = 2;
	rec.burn_6h = 0.4;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_OK && near(b.burn, 0.4));
	CHECK(b.lasts == 35 * 86400 && b.window_left == 28 * 86400);
	/* a 1-hour spike alone does not turn it red; both windows at 1 do:
	 * 0.5 * 28 / 1 = 14 days */
	rec.burn_6h = 1;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_BURNING && b.lasts == 14 * 86400);
	/* overspent */
	rec.budget_remaining = -0.1;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_EXHAUSTED && b.lasts == 0);
	/* from the SLI alone: 1 - 0.0005 / 0.001 = half left; not burning */
	rec.has = SLO_HAS_SLI;
	rec.sli = 0.9995;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_OK && near(b.remaining, 0.5) && b.lasts == -1);
	/* a burn rate alone judges the whole budget: 2 > 1 */
	rec.has = SLO_HAS_BURN_6H;
	rec.burn_6h = 2;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_BURNING && isnan(b.remaining));
	CHECK_STR(slo_state_name(b.state), "burning");
}

TEST(calendar_windows_must_last_to_the_period_end)
{
	struct slo_objective o;
	struct slo s = rolling_slo(&o, 0.95);
	struct slo_status rec = { .slo = "x", .has = SLO_HAS_BUDGET | SLO_HAS_BURN_1H };
	struct slo_budget b;

	slo_duration_parse(&s.window, "1M");
	s.window.rolling = 0;
	s.window.calendar_start = 1767225600; /* 2026-01-01 00:00 */
	rec.time = 1773964800; /* 2026-03-20 00:00Z: 12 days left */
	rec.budget_remaining = 0.3;
	rec.burn_1h = 1; /* 0.3 of March's 31 days: 9.3 days */
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_left == 12 * 86400);
	CHECK(b.state == SLO_STATE_BURNING);
	CHECK(llabs(b.lasts - (int64_t)(0.3 * 31 * 86400)) <= 1);
	rec.burn_1h = 0.7; /* 13.3 days */
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.state == SLO_STATE_OK);
	/* quarters from January; a time before the calendar's start */
	slo_duration_parse(&s.window, "1Q");
	rec.time = 1771545600; /* 2026-02-20 */
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_left == 40 * 86400); /* to 2026-04-01 */
	rec.time = 1767225600 - 86400;	    /* 2025-12-31 */
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_left == 86400);
	/* fixed units: weeks from a Monday */
	slo_duration_parse(&s.window, "1w");
	s.window.calendar_start = 1767571200; /* Monday 2026-01-05 */
	rec.time = 1767571200 + 3 * 86400;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_left == 4 * 86400);
	rec.time = 1767571200 - 3 * 86400;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_left == 3 * 86400);
}

TEST(the_objective_a_record_names)
{
	struct slo_objective o[2] = { { .name = "Fast", .target = 0.95 },
				      { .name = "Not slow", .target = 0.99 } };
	struct slo s = rolling_slo(&o[0], 0.95);
	struct slo_status rec = { .slo = "x", .has = SLO_HAS_SLI, .sli = 0.98 };
	struct slo_budget b;
	o[0].name = "Fast";
	s.nobjectives = 2;
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.objective == &o[1] && b.state == SLO_STATE_EXHAUSTED); /* 2% of 1% */
	rec.objective = "Fast";
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.objective == &o[0] && near(b.remaining, 0.6));
}

TEST(calendar_months_start_at_midnight_in_their_zone)
{
	struct slo_objective o;
	struct slo s = rolling_slo(&o, 0.99);
	struct slo_status rec = { .slo = "x",
				  .has = SLO_HAS_BUDGET | SLO_HAS_BURN_1H,
				  .budget_remaining = 0.5,
				  .burn_1h = 1 };
	struct slo_budget b;
	struct arena a = ARENA_INIT;
	struct tz berlin;
	CHECK(tz_load(&berlin, &a, NULL, "Europe/Berlin", NULL) == TZ_OK);
	slo_duration_parse(&s.window, "1M");
	s.window.rolling = 0;
	s.window.calendar_start = 1767225600; /* 2026-01-01 00:00, local */
	s.window.calendar_zone = "Europe/Berlin";
	/* 23:30 UTC on January 31st is 00:30 on February 1st in Berlin */
	rec.time = 1769902200;
	slo_budget_of(&b, &s, &rec, &berlin);
	CHECK(b.window_start == 1769900400); /* 2026-02-01 00:00 CET */
	CHECK(b.window_end == 1772319600);   /* 2026-03-01 00:00 CET */
	CHECK(b.window_left == 1772319600 - 1769902200);
	/* in UTC it is still January, half an hour before the month ends */
	slo_budget_of(&b, &s, &rec, NULL);
	CHECK(b.window_start == 1767225600 && b.window_end == 1769904000);
	CHECK(b.window_left == 1800 && b.state == SLO_STATE_OK);
	/* March holds the change to summer time: 31 days less an hour */
	rec.time = 1774785600; /* 2026-03-29 12:00Z */
	slo_budget_of(&b, &s, &rec, &berlin);
	CHECK(b.window_start == 1772319600);
	CHECK(b.window_end == 1774994400); /* 2026-04-01 00:00 CEST */
	CHECK(b.window_end - b.window_start == 31 * 86400 - 3600);
	/* weeks from a Monday are local weeks too */
	slo_duration_parse(&s.window, "1w");
	s.window.calendar_start = 1774224000; /* Monday 2026-03-23, local */
	slo_budget_of(&b, &s, &rec, &berlin);
	CHECK(b.window_start == 1774220400); /* 00:00 CET */
	CHECK(b.window_end == 1774821600);   /* Monday 03-30 00:00 CEST */
	arena_release(&a);
}

TEST(calendar_zone_unknown_is_said_and_utc_used)
{
	struct slo_set set = SLO_SET_INIT;
	struct arena a = ARENA_INIT;
	struct diag_list d;
	struct tz z;
	const char *doc = "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: m}\n"
			  "spec:\n  budgetingMethod: Occurrences\n  timeWindow:\n"
			  "    - duration: 1M\n      calendar:\n"
			  "        startTime: 2026-01-01 00:00:00\n"
			  "        timeZone: Mars/Olympus_Mons\n"
			  "  objectives: [{target: 0.99}]\n";
	diag_init(&d);
	slo_parse(&set, &a, "r", "slos/m.yaml", doc, strlen(doc), &d);
	CHECK(set.nslos == 1);
	CHECK(slo_load_zone(&z, &a, NULL, &set.slos[0], "r", &d) == -1);
	CHECK(tz_offset(&z, 0) == 0);
	const char *msg = fixture_diag_lines(&d);
	CHECK_CONTAINS(msg, "warning: user-fixable: r:slos/m.yaml:7: SLO \"m\" calendar timeZone:");
	CHECK_CONTAINS(msg, "its window is judged in UTC");
	diag_release(&d);
	arena_release(&a);
}

TEST(no_budgeting_method_says_openslo_requires_it)
{
	struct arena a;
	struct slo_set set = SLO_SET_INIT;
	int rc;
	const char *text = "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: m}\n"
			   "spec:\n  service: s\n  indicatorRef: x\n"
			   "  objectives: [{target: 0.9}]\n";
	arena_init(&a);
	const char *msg = parse_diags(text, &set, &a, &rc);
	CHECK_CONTAINS(msg, "warning: user-fixable: repo:slos/x.yaml:5: SLO \"m\" has no budgetingMethod, which OpenSLO v1 requires: add budgetingMethod: Occurrences");
	CHECK_CONTAINS(msg, "its budget is shown as Occurrences");
	CHECK(!strstr(msg, "is not Occurrences"));
	CHECK(set.nslos == 1 && set.slos[0].budgeting == SLO_BUDGETING_UNKNOWN);
	arena_release(&a);
}

/* OpenSLO v1alpha's SLO (sloth's own format): timeWindows {count, unit}
 * and an objective's ratioMetrics for v1's timeWindow and indicator. */
TEST(v1alpha_slos_are_read)
{
	struct arena a;
	struct slo_set set = SLO_SET_INIT;
	int rc;
	const char *text =
		"apiVersion: openslo/v1alpha\nkind: SLO\n"
		"metadata: {name: avail, displayName: Requests Availability}\n"
		"spec:\n  service: my-service\n  budgetingMethod: Occurrences\n"
		"  objectives:\n    - ratioMetrics:\n"
		"        good: {source: prometheus, queryType: promql, query: ok}\n"
		"        total: {source: prometheus, queryType: promql, query: all}\n"
		"      target: 0.999\n"
		"  timeWindows:\n    - count: 30\n      unit: Day\n      isRolling: true\n"
		"---\n"
		"apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: oddwin}\n"
		"spec:\n  budgetingMethod: Occurrences\n  objectives: [{target: 0.9}]\n"
		"  timeWindows: [{count: 3, unit: Fortnight}]\n";
	arena_init(&a);
	const char *msg = parse_diags(text, &set, &a, &rc);
	CHECK(rc == 0);
	CHECK(set.nslos == 2);
	if (set.nslos == 2) {
		const struct slo *s = &set.slos[0];
		CHECK_STR(s->name, "avail");
		CHECK(near(s->objectives[0].target, 0.999));
		CHECK(s->window.seconds == 86400 * 30 && s->window.given &&
		      s->window.rolling);
		CHECK(s->indicator && !strcmp(s->indicator->metric, "ratio") &&
		      !strcmp(s->indicator->source, "prometheus"));
		CHECK(set.slos[1].window.seconds == 86400 * 28);
	}
	CHECK_CONTAINS(msg, "SLO \"oddwin\" timeWindows is not {count, unit: Day, Week, Month...}");
	CHECK(!strstr(msg, "not OpenSLO v1"));
	arena_release(&a);
}

int main(void)
{
	RUN(v1alpha_slos_are_read);
	RUN(reads_the_documents_of_a_file);
	RUN(bad_documents_are_said_on_their_line);
	RUN(a_list_of_objects_is_read_as_documents);
	RUN(malformed_yaml_and_invalid_utf8_keep_what_came_before);
	RUN(durations);
	RUN(the_feed_and_its_latest_records);
	RUN(bad_feed_records_are_left_out);
	RUN(budget_left_and_how_long_it_lasts);
	RUN(calendar_windows_must_last_to_the_period_end);
	RUN(the_objective_a_record_names);
	RUN(calendar_months_start_at_midnight_in_their_zone);
	RUN(calendar_zone_unknown_is_said_and_utc_used);
	RUN(no_budgeting_method_says_openslo_requires_it);
	return harness_report();
}
