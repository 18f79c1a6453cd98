#include "date.h"

#include <string.h>

#include "harness.h"

static long iso(const char *s)
{
	return date_iso_days(s, strlen(s));
}

/* ---------------------------------------------------------------- days */

TEST(days_from_civil_and_back_agree_across_eras)
{
	CHECK(date_days_from_civil(1970, 1, 1) == 0);
	CHECK(date_days_from_civil(1969, 12, 31) == -1);
	CHECK(date_days_from_civil(2000, 3, 1) == 11017);
	CHECK(date_days_from_civil(0, 3, 1) == -719468);
	for (int64_t days = -800000; days <= 3000000; days += 997) {
		int64_t y;
		int m, d;
		date_civil_from_days(days, &y, &m, &d);
		CHECK(date_valid(y, m, d));
		CHECK(date_days_from_civil(y, m, d) == days);
	}
	{
		int64_t y;
		int m, d;
		date_civil_from_days(-1, &y, &m, &d);
		CHECK(y == 1969 && m == 12 && d == 31);
		date_civil_from_days(date_days_from_civil(2024, 2, 29), &y, &m, &d);
		CHECK(y == 2024 && m == 2 && d == 29);
	}
}

TEST(leap_years_and_month_lengths)
{
	CHECK(date_is_leap(2024) && date_is_leap(2000) && date_is_leap(1600));
	CHECK(!date_is_leap(1900) && !date_is_leap(2100) && !date_is_leap(2023));
	CHECK(date_days_in_month(2024, 2) == 29);
	CHECK(date_days_in_month(2023, 2) == 28);
	CHECK(date_days_in_month(2023, 4) == 30);
	CHECK(date_days_in_month(2023, 12) == 31);
	CHECK(date_days_in_month(2023, 0) == 0);
	CHECK(date_days_in_month(2023, 13) == 0);
	CHECK(date_valid(2024, 2, 29) && !date_valid(2023, 2, 29));
	CHECK(!date_valid(2023, 4, 31) && !date_valid(2023, 1, 0));
}

/* ---------------------------------------------------------------- ISO */

TEST(iso_dates_are_strict)
{
	CHECK(iso("1970-01-01") == 0);
	CHECK(iso("1970-01-02") == 1);
	CHECK(iso("1970-03-01") == 59);
	CHECK(iso("2000-01-01") == 10957);
	CHECK(iso("2026-01-05") == 20458);
	CHECK(iso("2000-03-01") - iso("2000-02-28") == 2);
	CHECK(iso("2024-02-29") == iso("2024-03-01") - 1);
	CHECK(iso("9999-12-31") > 0);
	CHECK(iso("2023-02-29") == -1);
	CHECK(iso("2100-02-29") == -1);
	CHECK(iso("2026-02-30") == -1);
	CHECK(iso("2026-04-31") == -1);
	CHECK(iso("2026-00-10") == -1);
	CHECK(iso("2026-13-10") == -1);
	CHECK(iso("2026-01-00") == -1);
	CHECK(iso("1969-12-31") == -1);
	CHECK(iso("1900-03-01") == -1);
	CHECK(iso("2026-1-5") == -1);
	CHECK(iso("2026-01-05 ") == -1);
	CHECK(iso("2026/01/05") == -1);
	CHECK(iso("2026-0a-05") == -1);
	CHECK(iso("") == -1);
	CHECK(date_iso_days(NULL, 10) == -1);
	/* a prefix of a longer text is read when n says so */
	CHECK(date_iso_days("2026-01-05T10:00Z", 10) == 20458);
}

TEST(iso_dates_are_found_outside_longer_numbers)
{
	const char *s = "on 2026-01-05T10";
	CHECK(date_find_iso(s, strlen(s)) == 3);
	CHECK(date_find_iso("12026-01-05", 11) == -1);
	CHECK(date_find_iso("2026-01-051", 11) == -1);
	CHECK(date_find_iso("x 2026-01-0", 11) == -1);
	CHECK(date_find_iso("2026-99-99", 10) == 0); /* validity unchecked */
	s = "1 2 2015-10-21 (UTC)";
	CHECK(date_find_iso(s, strlen(s)) == 4);
	CHECK(date_find_iso("", 0) == -1);
}

/* ---------------------------------------------------------------- written */

TEST(month_names_full_and_short)
{
	CHECK(date_month_of("January", 7) == 1);
	CHECK(date_month_of("jan", 3) == 1);
	CHECK(date_month_of("MAY", 3) == 5);
	CHECK(date_month_of("sept", 4) == 9);
	CHECK(date_month_of("Sep", 3) == 9);
	CHECK(date_month_of("december", 8) == 12);
	CHECK(date_month_of("ju", 2) == 0);
	CHECK(date_month_of("june", 4) == 6);
	CHECK(date_month_of("janu", 4) == 0);
	CHECK(date_month_of("octo", 4) == 0);
	CHECK(date_month_of("monday", 6) == 0);
}

struct written {
	const char *text;
	size_t len; /* bytes taken */
	int y, m, d;
};

TEST(dates_as_people_write_them)
{
	static const struct written cases[] = {
		{ "2024-05-01", 10, 2024, 5, 1 },
		{ "2024/5/1 at noon", 8, 2024, 5, 1 },
		{ "2024.05.01", 10, 2024, 5, 1 },
		{ "May 1, 2024", 11, 2024, 5, 1 },
		{ "May 1st 2024", 12, 2024, 5, 1 },
		{ "March 3rd, 2024.", 15, 2024, 3, 3 },
		{ "Sept. 22nd, 2023", 16, 2023, 9, 22 },
		{ "1 May 2024", 10, 2024, 5, 1 },
		{ "21st October 2015 (UTC)", 17, 2015, 10, 21 },
		{ "Monday, 1 May 2024", 18, 2024, 5, 1 },
		{ "Wed. 1st May 2024", 17, 2024, 5, 1 },
		{ "May 1", 5, 0, 5, 1 },
		{ "May 1 and more", 5, 0, 5, 1 },
		{ "Feb 30, 2023", 12, 2023, 2, 30 }, /* as written: unchecked */
		{ "May 1, 20245", 5, 0, 5, 1 },
	};
	static const char *const none[] = {
		"2024-05",	  "2024-05-",	 "2024-05-011",
		"Mayday 1",	  "May",	 "May x",
		"Someday, May 1", "1 Mayo",	 "1 Foo 2024",
		"May 1stly",	  "12345-01-01", "",
		"the 1st of May",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct written *c = &cases[i];
		int y = -1, m = -1, d = -1;
		size_t got = date_written(c->text, strlen(c->text), &y, &m, &d);
		if (got != c->len || y != c->y || m != c->m || d != c->d)
			fprintf(stderr, "  \"%s\": %zu %d-%d-%d\n", c->text,
				got, y, m, d);
		CHECK(got == c->len && y == c->y && m == c->m && d == c->d);
	}
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		int y = -1, m = -1, d = -1;
		size_t got = date_written(none[i], strlen(none[i]), &y, &m, &d);
		if (got)
			fprintf(stderr, "  \"%s\": %zu\n", none[i], got);
		CHECK(got == 0 && y == 0 && m == 0 && d == 0);
	}
}

TEST(times_format_in_utc_and_empty_when_too_long)
{
	char out[32];
	date_format(out, sizeof(out), "%Y-%m-%d %H:%M UTC", 1796126400);
	CHECK(strcmp(out, "2026-12-01 12:00 UTC") == 0);
	date_format(out, sizeof(out), "%Y-%m-%d", 0);
	CHECK(strcmp(out, "1970-01-01") == 0);
	date_format(out, 5, "%Y-%m-%d", 0);
	CHECK(out[0] == '\0');
}

int main(void)
{
	RUN(days_from_civil_and_back_agree_across_eras);
	RUN(leap_years_and_month_lengths);
	RUN(iso_dates_are_strict);
	RUN(iso_dates_are_found_outside_longer_numbers);
	RUN(month_names_full_and_short);
	RUN(dates_as_people_write_them);
	RUN(times_format_in_utc_and_empty_when_too_long);
	return harness_report();
}
