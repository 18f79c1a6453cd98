/* Tests for oncall.c and tz.c: the shared table of cases
 * (tests/fixtures/oncall/cases.txt, also run against oncall.js), the
 * reader's diagnostics on bad rotations, and time zone files. */
#include "oncall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "harness.h"
#include "tz.h"
#include "yaml.h"

#define CASES "tests/fixtures/oncall/cases.txt"

static int have_zones(void)
{
	FILE *f = fopen(TZ_DEFAULT_DIR "/Europe/Berlin", "rb");
	if (f)
		fclose(f);
	return f != NULL;
}

static int64_t utc(const char *s)
{
	struct tm tm = { 0 };
	if (strcmp(s, "-") == 0)
		return 0;
	if (!strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	return (int64_t)timegm(&tm);
}

static void format_utc(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t) {
		strcpy(out, "-");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads text as a rotation; diagnostics into d (may be NULL). */
static int read_rotation(struct oncall_rotation *r, struct arena *a,
			 const char *text, struct diag_list *d)
{
	struct val *v = NULL;
	struct yaml_error ye;
	static const struct oncall_source src = { "repo", "oncall.yaml" };
	if (yaml_parse(&v, a, text, strlen(text), &ye) < 0)
		return -2;
	return oncall_read(r, a, v, &src, d);
}

struct table {
	struct arena a;
	struct buf yaml;
	struct oncall_rotation rot;
	struct tz zone;
	int have_rot;
	char name[64];
	int cases;
};

static void finish_rotation(struct table *t)
{
	struct diag_list d;
	diag_init(&d);
	t->have_rot = 0;
	if (!t->yaml.len)
		return;
	if (read_rotation(&t->rot, &t->a, t->yaml.ptr, &d) < 0 || d.len) {
		fprintf(stderr, "rotation %s: %zu diagnostics, first: %s\n",
			t->name, d.len, d.len ? d.items[0].msg : "(read failed)");
		CHECK(!"the rotation reads without diagnostics");
	} else {
		t->have_rot = oncall_load_zone(&t->zone, &t->a, NULL, &t->rot,
					       NULL, &d) == 0;
		CHECK(t->have_rot);
	}
	buf_clear(&t->yaml);
	diag_release(&d);
}

static void check_json(struct table *t, const char *want)
{
	struct buf got = BUF_INIT;
	if (!t->have_rot)
		return;
	oncall_to_json(&got, &t->rot);
	CHECK_STR(got.ptr, want);
	buf_release(&got);
}

static void check_case(struct table *t, char *line)
{
	char at[32], who[64], until[32], next[64], since[32], got[32];
	struct oncall_now now;
	if (sscanf(line, "%31s %63s until %31s next %63s since %31s", at, who,
		   until, next, since) != 5) {
		fprintf(stderr, "bad case line: %s\n", line);
		CHECK(!"a case line reads");
		return;
	}
	if (!t->have_rot)
		return;
	size_t n = strlen(who);
	int star = n && who[n - 1] == '*';
	if (star)
		who[n - 1] = '\0';
	oncall_at(&now, &t->rot, &t->zone, utc(at));
	t->cases++;
	if (strcmp(now.who, who) != 0 || now.overridden != star) {
		fprintf(stderr, "%s at %s: got %s%s\n", t->name, at, now.who,
			now.overridden ? "*" : "");
		CHECK(!"who is on call");
	}
	format_utc(got, now.until);
	if (strcmp(got, until) != 0)
		fprintf(stderr, "%s at %s: until %s, want %s\n", t->name, at,
			got, until);
	CHECK(strcmp(got, until) == 0);
	CHECK_STR(now.next ? now.next : "-", next);
	format_utc(got, now.since);
	if (strcmp(got, since) != 0)
		fprintf(stderr, "%s at %s: since %s, want %s\n", t->name, at,
			got, since);
	CHECK(strcmp(got, since) == 0);
}

TEST(cases_table)
{
	struct table t = { .yaml = BUF_INIT };
	char line[2048];
	FILE *f = fopen(CASES, "r");

	CHECK(f != NULL);
	if (!f)
		return;
	if (!have_zones()) {
		printf("skipped: no time zone database at %s\n", TZ_DEFAULT_DIR);
		fclose(f);
		return;
	}
	arena_init(&t.a);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "rotation ", 9)) {
			finish_rotation(&t);
			snprintf(t.name, sizeof(t.name), "%.60s", line + 9);
		} else if (!strncmp(line, "yaml ", 5)) {
			buf_puts(&t.yaml, line + 5);
			buf_putc(&t.yaml, '\n');
		} else if (!strncmp(line, "json ", 5)) {
			finish_rotation(&t);
			check_json(&t, line + 5);
		} else if (!strncmp(line, "at ", 3)) {
			check_case(&t, line + 3);
		}
	}
	fclose(f);
	CHECK(t.cases >= 20);
	buf_release(&t.yaml);
	arena_release(&t.a);
}

/* ---------------------------------------------------------------- reader */

/* Reads text and returns the diagnostics' lines. */
static const char *diags_of(const char *text, int *rc)
{
	struct arena a;
	struct diag_list d;
	struct oncall_rotation r;
	const char *out;
	arena_init(&a);
	diag_init(&d);
	*rc = read_rotation(&r, &a, text, &d);
	out = fixture_diag_lines(&d);
	diag_release(&d);
	arena_release(&a);
	return out;
}

TEST(a_rotation_without_members_is_refused)
{
	int rc;
	const char *msg = diags_of("timezone: UTC\nhandoff: monday 09:00\n", &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "error: user-fixable: repo:oncall.yaml:1: rotation has no \"members\"");
	msg = diags_of("members: []\n", &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "oncall.yaml:1: rotation's \"members\" is not a list of names");
	msg = diags_of("- alice\n- bob\n", &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "rotation is a list, not a map");
	msg = diags_of("members: [{email: x@example.com}]\n", &rc);
	CHECK(rc == -1);
	CHECK_CONTAINS(msg, "rotation member 1 is not a name");
}

TEST(bad_fields_fall_back_with_a_warning_on_their_line)
{
	int rc;
	const char *msg = diags_of("members: [a, b]\n"
				   "timezone: ../../etc/passwd\n"
				   "shift_days: 2.5\n"
				   "handoff: {day: funday, time: \"9am\"}\n"
				   "start: 2026-02-30\n"
				   "url: javascript:alert(1)\n"
				   "escalation: lead\n"
				   "colour: blue\n",
				   &rc);
	CHECK(rc == 0);
	CHECK_CONTAINS(msg, "oncall.yaml:2: rotation's timezone \"../../etc/passwd\" is not an IANA zone name");
	CHECK_CONTAINS(msg, "oncall.yaml:3: rotation's \"shift_days\" is not a whole number");
	CHECK_CONTAINS(msg, "oncall.yaml:4: rotation's hand-off day \"funday\" is not a weekday");
	CHECK_CONTAINS(msg, "oncall.yaml:4: rotation's hand-off time \"9am\" is not HH:MM");
	CHECK_CONTAINS(msg, "oncall.yaml:5: rotation's start \"2026-02-30\" is not a YYYY-MM-DD date");
	CHECK_CONTAINS(msg, "oncall.yaml:6: rotation's url \"javascript:alert(1)\" is not an http(s) URL");
	CHECK_CONTAINS(msg, "oncall.yaml:8: rotation key \"colour\" is not known");
}

TEST(missing_fields_are_said_and_defaulted)
{
	int rc;
	struct arena a;
	struct oncall_rotation r;
	const char *msg = diags_of("members: [a]\n", &rc);
	CHECK(rc == 0);
	CHECK_CONTAINS(msg, "rotation has no \"timezone\"");
	CHECK_CONTAINS(msg, "rotation has no \"handoff\"");
	CHECK_CONTAINS(msg, "rotation has no \"escalation\" contact");
	arena_init(&a);
	CHECK(read_rotation(&r, &a, "members: [a]\n", NULL) == 0);
	CHECK_STR(r.zone, "UTC");
	CHECK(r.shift_days == 7 && r.handoff_minutes == 540 && r.handoff_wday == 1);
	CHECK(r.anchor_day == 4); /* 1970-01-05, a Monday */
	arena_release(&a);
}

TEST(bad_overrides_are_left_out)
{
	int rc;
	struct arena a;
	struct oncall_rotation r;
	const char *text =
		"members: [a, b]\ntimezone: UTC\nhandoff: monday 09:00\nescalation: x\n"
		"overrides:\n"
		"  - {member: c, start: 2026-01-10, end: 2026-01-09}\n"
		"  - {member: d, start: yesterday, end: 2026-01-09}\n"
		"  - {start: 2026-01-01, end: 2026-01-02}\n"
		"  - just text\n"
		"  - {member: e, start: 2026-01-01T10:00, end: 2026-01-01T12:00:00+01:00}\n";
	const char *msg = diags_of(text, &rc);
	CHECK(rc == 0);
	CHECK_CONTAINS(msg, "oncall.yaml:6: rotation override of \"c\" does not end (2026-01-09) after it starts (2026-01-10)");
	CHECK_CONTAINS(msg, "oncall.yaml:7: rotation override's time \"yesterday\" is not");
	CHECK_CONTAINS(msg, "oncall.yaml:8: rotation override 3 lacks \"member\"");
	CHECK_CONTAINS(msg, "oncall.yaml:9: rotation override 4 is not a map");
	arena_init(&a);
	CHECK(read_rotation(&r, &a, text, NULL) == 0);
	CHECK(r.noverrides == 1);
	CHECK_STR(r.overrides[0].member, "e");
	CHECK(r.overrides[0].start.local && !r.overrides[0].end.local);
	arena_release(&a);
}

TEST(start_on_another_weekday_is_said_and_wins)
{
	int rc;
	struct arena a;
	struct oncall_rotation r;
	const char *text =
		"members: [a]\ntimezone: UTC\nescalation: x\n"
		"handoff: {day: monday, time: \"09:00\"}\nstart: 2026-01-07\n";
	const char *msg = diags_of(text, &rc);
	CHECK_CONTAINS(msg, "oncall.yaml:5: rotation's start 2026-01-07 is a wednesday, not a monday");
	arena_init(&a);
	CHECK(read_rotation(&r, &a, text, NULL) == 0);
	CHECK(r.handoff_wday == 3);
	arena_release(&a);
}

TEST(malformed_yaml_and_invalid_utf8_do_not_crash)
{
	struct arena a;
	struct oncall_rotation r;
	struct diag_list d;
	arena_init(&a);
	diag_init(&d);
	CHECK(read_rotation(&r, &a, "members: [a, b\n", &d) == -2);
	/* libyaml refuses invalid UTF-8: nothing to read */
	CHECK(read_rotation(&r, &a, "members: [\xff\xfe]\n", &d) == -2);
	/* a NUL in a name is not a name */
	CHECK(oncall_read(&r, &a, val_str(&a, "x"), NULL, &d) == -1);
	struct val *m = val_map(&a), *l = val_list(&a);
	val_push(&a, l, val_strn(&a, "a\0b", 3));
	val_set(&a, m, "members", l);
	CHECK(oncall_read(&r, &a, m, NULL, &d) == -1);
	CHECK(oncall_read(&r, &a, NULL, NULL, &d) == -1);
	diag_release(&d);
	arena_release(&a);
}

TEST(a_zone_the_database_lacks_is_said_and_utc_used)
{
	struct arena a;
	struct oncall_rotation r;
	struct diag_list d;
	struct tz z;
	char line[512];
	arena_init(&a);
	diag_init(&d);
	CHECK(read_rotation(&r, &a,
			    "members: [a]\ntimezone: Europe/Atlantis\nescalation: x\n"
			    "handoff: monday 09:00\n",
			    NULL) == 0);
	if (have_zones()) {
		CHECK(oncall_load_zone(&z, &a, NULL, &r, NULL, &d) == -1);
		CHECK(d.len == 1);
		diag_format(line, sizeof(line), &d.items[0]);
		CHECK_CONTAINS(line, "warning: user-fixable: ");
		CHECK_CONTAINS(line, "time zone \"Europe/Atlantis\" is not in the time zone database");
		CHECK(tz_offset(&z, 0) == 0);
	}
	diag_release(&d);
	diag_init(&d);
	CHECK(oncall_load_zone(&z, &a, "/nonexistent/zoneinfo", &r, NULL, &d) == -1);
	CHECK(d.len == 1);
	diag_format(line, sizeof(line), &d.items[0]);
	CHECK_CONTAINS(line, "warning: operator-fixable: time zone database \"/nonexistent/zoneinfo\" cannot be read (install tzdata)");
	diag_release(&d);
	arena_release(&a);
}

/* ---------------------------------------------------------------- tz */

TEST(zone_names)
{
	CHECK(tz_name_valid("Europe/Berlin"));
	CHECK(tz_name_valid("America/Argentina/Buenos_Aires"));
	CHECK(tz_name_valid("Etc/GMT+5"));
	CHECK(!tz_name_valid(""));
	CHECK(!tz_name_valid("/etc/passwd"));
	CHECK(!tz_name_valid("Europe/../../etc/passwd"));
	CHECK(!tz_name_valid("Europe//Berlin"));
	CHECK(!tz_name_valid("Europe/Berlin/"));
	CHECK(!tz_name_valid(".hidden"));
	CHECK(!tz_name_valid("Europe/Ber lin"));
}

/* Loads Europe/Berlin into z; 0 when the machine has no zones. */
static int berlin(struct tz *z, struct arena *a)
{
	arena_init(a);
	if (!have_zones())
		return 0;
	CHECK(tz_load(z, a, NULL, "Europe/Berlin", NULL) == TZ_OK);
	return 1;
}

TEST(offsets_from_the_database)
{
	struct arena a;
	struct tz z;
	if (!berlin(&z, &a))
		return;
	CHECK(tz_offset(&z, utc("2026-03-29T00:59:59Z")) == 3600);
	CHECK(tz_offset(&z, utc("2026-03-29T01:00:00Z")) == 7200);
	/* far past the file's transitions: its footer rule */
	CHECK(tz_offset(&z, utc("2100-07-01T00:00:00Z")) == 7200);
	CHECK(tz_offset(&z, utc("2100-12-01T00:00:00Z")) == 3600);
	CHECK(tz_load(&z, &a, NULL, "Australia/Sydney", NULL) == TZ_OK);
	CHECK(tz_offset(&z, utc("2090-01-15T00:00:00Z")) == 11 * 3600);
	CHECK(tz_offset(&z, utc("2090-07-15T00:00:00Z")) == 10 * 3600);
	CHECK(tz_load(&z, &a, NULL, "Asia/Kolkata", NULL) == TZ_OK);
	CHECK(tz_offset(&z, utc("2026-01-01T00:00:00Z")) == 19800);
	CHECK(tz_load(&z, &a, NULL, "No/Such_Zone", NULL) == TZ_UNKNOWN);
	arena_release(&a);
}

/* A hand-made version 2 file: one transition, and a footer. */
TEST(tzif_bytes_are_checked)
{
	static const unsigned char v2[] = {
		'T', 'Z',  'i', 'f', '2',  0,	 0,   0,   0,	0,   0,
		0,   0,	   0,	0,   0,	   0,	 0,   0,   0, /* v1 block: no times, one type, 4 chars */
		0,   0,	   0,	0,   0,	   0,	 0,   0,   0,	0,   0,
		0,   0,	   0,	0,   0,	   0,	 0,   0,   1,	0,   0,
		0,   4,	   0,	0,   0x0e, 0x10, 0,   0,   'C', 'E', 'T',
		0,   'T',  'Z', 'i', 'f',  '2',	 0,   0,   0,	0,   0,
		0,   0,	   0,	0,   0,	   0,	 0,   0,   0,	0, /* v2 block: the same */
		0,   0,	   0,	0,   0,	   0,	 0,   0,   0,	0,   0,
		0,   0,	   0,	0,   0,	   0,	 0,   0,   1,	0,   0,
		0,   4,	   0,	0,   0x0e, 0x10, 0,   0,   'C', 'E', 'T',
		0,   '\n', 'C', 'E', 'T',  '-',	 '1', 'C', 'E', 'S', 'T',
		',', 'M',  '3', '.', '5',  '.',	 '0', ',', 'M', '1', '0',
		'.', '5',  '.', '0', '/',  '3',	 '\n'
	};
	struct arena a;
	struct tz z;
	struct buf err = BUF_INIT;
	arena_init(&a);
	CHECK(tz_parse(&z, &a, "Test/Zone", v2, sizeof(v2), &err) == TZ_OK);
	CHECK(z.has_rule);
	CHECK(tz_offset(&z, utc("2030-03-31T00:59:59Z")) == 3600);
	CHECK(tz_offset(&z, utc("2030-03-31T01:00:00Z")) == 7200);
	CHECK(tz_offset(&z, utc("2030-10-27T00:59:59Z")) == 7200);
	CHECK(tz_offset(&z, utc("2030-10-27T01:00:00Z")) == 3600);
	/* every truncation is refused or read, never read past the end */
	for (size_t n = 0; n < sizeof(v2); n++) {
		unsigned char *cut = malloc(n ? n : 1);
		memcpy(cut, v2, n);
		(void)tz_parse(&z, &a, "Test/Zone", cut, n, NULL);
		free(cut);
	}
	CHECK(tz_parse(&z, &a, "Test/Zone", (const unsigned char *)"TZif", 4,
		       &err) == TZ_BAD);
	CHECK_CONTAINS(err.ptr, "time zone \"Test/Zone\" is not a TZif file");
	buf_release(&err);
	arena_release(&a);
}

TEST(local_times_in_gaps_and_overlaps)
{
	struct arena a;
	struct tz z;
	if (!berlin(&z, &a))
		return;
	/* 02:30 on 2026-03-29 never happens: 03:30 CEST */
	CHECK(tz_from_local(&z, utc("2026-03-29T02:30:00Z")) ==
	      utc("2026-03-29T01:30:00Z"));
	/* 02:30 on 2026-10-25 happens twice: the first, CEST */
	CHECK(tz_from_local(&z, utc("2026-10-25T02:30:00Z")) ==
	      utc("2026-10-25T00:30:00Z"));
	CHECK(tz_from_local(&z, utc("2026-07-01T12:00:00Z")) ==
	      utc("2026-07-01T10:00:00Z"));
	arena_release(&a);
}

int main(void)
{
	RUN(cases_table);
	RUN(a_rotation_without_members_is_refused);
	RUN(bad_fields_fall_back_with_a_warning_on_their_line);
	RUN(missing_fields_are_said_and_defaulted);
	RUN(bad_overrides_are_left_out);
	RUN(start_on_another_weekday_is_said_and_wins);
	RUN(malformed_yaml_and_invalid_utf8_do_not_crash);
	RUN(a_zone_the_database_lacks_is_said_and_utc_used);
	RUN(zone_names);
	RUN(offsets_from_the_database);
	RUN(tzif_bytes_are_checked);
	RUN(local_times_in_gaps_and_overlaps);
	return harness_report();
}
