#include "date.h"

#include <string.h>
#include <time.h>

#include "ascii.h"

void date_format(char *out, size_t size, const char *fmt, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (!strftime(out, size, fmt, &tm) && size)
		out[0] = '\0';
}

/* ---------------------------------------------------------------- days */

/* Years are shifted to start in March, so that the leap day ends a year;
 * the 400-year cycle (146097 days) keeps the arithmetic exact. */
int64_t date_days_from_civil(int64_t y, int m, int d)
{
	int64_t cycle, year_of_cycle, day_of_year, day_of_cycle;

	if (m <= 2)
		y--;
	cycle = (y >= 0 ? y : y - 399) / 400;
	year_of_cycle = y - cycle * 400; /* 0..399 */
	day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 -
		       year_of_cycle / 100 + day_of_year;
	return cycle * 146097 + day_of_cycle - 719468; /* 719468: 0000-03-01 */
}

void date_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t cycle = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_cycle = z - cycle * 146097; /* 0..146096 */
	int64_t year_of_cycle = (day_of_cycle - day_of_cycle / 1460 +
				 day_of_cycle / 36524 - day_of_cycle / 146096) /
				365; /* 0..399 */
	int64_t day_of_year =
		day_of_cycle -
		(365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
	int64_t mp = (5 * day_of_year + 2) / 153; /* 0 = March */

	*d = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = year_of_cycle + cycle * 400 + (*m <= 2);
}

int date_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

int date_valid(int64_t y, int m, int d)
{
	return d >= 1 && d <= date_days_in_month(y, m);
}

/* ---------------------------------------------------------------- ISO */

long date_iso_days(const char *s, size_t n)
{
	int y = 0, m, d;

	if (!s || n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !ascii_is_digit(s[i]))
			return -1;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || !date_valid(y, m, d))
		return -1;
	return (long)date_days_from_civil(y, m, d);
}

long date_find_iso(const char *s, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		const char *p = s + i;
		if (!ascii_is_digit(p[0]) || (i && ascii_is_digit(p[-1])))
			continue;
		if (ascii_is_digit(p[1]) && ascii_is_digit(p[2]) &&
		    ascii_is_digit(p[3]) && p[4] == '-' && ascii_is_digit(p[5]) &&
		    ascii_is_digit(p[6]) && p[7] == '-' && ascii_is_digit(p[8]) &&
		    ascii_is_digit(p[9]) && (i + 10 == n || !ascii_is_digit(p[10])))
			return (long)i;
	}
	return -1;
}

/* ---------------------------------------------------------------- written */

/* The first k bytes of s, lower case, as a string in w (k < size). */
static void lower_copy(char *w, const char *s, size_t k)
{
	for (size_t i = 0; i < k; i++)
		w[i] = ascii_lower(s[i]);
	w[k] = '\0';
}

int date_month_of(const char *s, size_t n)
{
	static const char *const names[] = { "january", "february", "march",
					     "april",	"may",	    "june",
					     "july",	"august",   "september",
					     "october", "november", "december" };
	char w[16];
	if (n < 3 || n >= sizeof(w))
		return 0;
	lower_copy(w, s, n);
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		if ((n == full || n == 3 || (m == 8 && n == 4)) &&
		    !strncmp(names[m], w, n))
			return m + 1;
	}
	return 0;
}

/* Reads up to max digits at s[i] into *v; returns how many. */
static size_t digits(const char *s, size_t n, size_t i, size_t max, int *v)
{
	size_t k = 0;
	*v = 0;
	while (i + k < n && k < max && ascii_is_digit(s[i + k]))
		*v = *v * 10 + (s[i + k] - '0'), k++;
	return k;
}

static size_t word_len(const char *s, size_t n, size_t i)
{
	size_t k = 0;
	while (i + k < n && ascii_is_alpha(s[i + k]))
		k++;
	return k;
}

/* "st", "nd", "rd" or "th" at s[i] (a day's ordinal suffix). */
static int ordinal_at(const char *s, size_t n, size_t i)
{
	char w[3];
	if (i + 2 > n)
		return 0;
	lower_copy(w, s + i, 2);
	return !strcmp(w, "st") || !strcmp(w, "nd") || !strcmp(w, "rd") ||
	       !strcmp(w, "th");
}

/* "2024-05-01", "2024/05/01", "2024.05.01" at s: the bytes taken, 0 when s
 * opens with four digits and a separator but no such date, or (size_t)-1
 * when it does not open like one at all. */
static size_t numeric_date(const char *s, size_t n, int *y, int *m, int *d)
{
	int v, mo, da;
	size_t a, b;
	char sep;

	if (digits(s, n, 0, 4, &v) != 4 || n == 4 ||
	    (s[4] != '-' && s[4] != '/' && s[4] != '.'))
		return (size_t)-1;
	sep = s[4];
	a = digits(s, n, 5, 2, &mo);
	if (!a || 5 + a >= n || s[5 + a] != sep)
		return 0;
	b = digits(s, n, 6 + a, 2, &da);
	if (!b || (6 + a + b != n && ascii_is_digit(s[6 + a + b])))
		return 0;
	*y = v, *m = mo, *d = da;
	return 6 + a + b;
}

/* A weekday's name and its punctuation at s ("Monday, ", "Tue. "): the
 * bytes taken; 0 when there is none; (size_t)-1 when s opens with a word
 * of three letters or more that names neither a weekday nor a month. */
static size_t weekday(const char *s, size_t n)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu",
					    "fri", "sat", "sun" };
	size_t k = word_len(s, n, 0), i;
	char w[4];
	int day = 0;

	if (k < 3 || date_month_of(s, k))
		return 0;
	lower_copy(w, s, 3);
	for (int x = 0; x < 7; x++)
		day |= !strcmp(w, days[x]);
	if (!day)
		return (size_t)-1;
	i = k;
	if (i < n && s[i] == '.')
		i++;
	if (i < n && s[i] == ',')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* The month and day at s[*i], in either order ("May 1", "1st May");
 * returns 0 when there are none. */
static int month_and_day(const char *s, size_t n, size_t *i, int *mo, int *da)
{
	size_t k;

	if ((k = word_len(s, n, *i)) && (*mo = date_month_of(s + *i, k))) {
		*i += k;
		if (*i < n && s[*i] == '.')
			(*i)++;
		while (*i < n && s[*i] == ' ')
			(*i)++;
		if (!(k = digits(s, n, *i, 2, da)))
			return 0;
		*i += k;
		return 1;
	}
	if (!(k = digits(s, n, *i, 2, da)))
		return 0;
	*i += k;
	if (ordinal_at(s, n, *i))
		*i += 2;
	while (*i < n && s[*i] == ' ')
		(*i)++;
	if (!(k = word_len(s, n, *i)) || !(*mo = date_month_of(s + *i, k)))
		return 0;
	*i += k;
	if (*i < n && s[*i] == '.')
		(*i)++;
	return 1;
}

size_t date_written(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i, k, end;
	int v, mo = 0, da = 0;

	*y = *m = *d = 0;
	if ((k = numeric_date(s, n, y, m, d)) != (size_t)-1)
		return k;
	if ((i = weekday(s, n)) == (size_t)-1)
		return 0;
	if (!month_and_day(s, n, &i, &mo, &da))
		return 0;
	if (ordinal_at(s, n, i) && (i + 2 == n || !ascii_is_alpha(s[i + 2])))
		i += 2;
	if (i < n && ascii_is_alpha(s[i]))
		return 0;
	*m = mo, *d = da;
	end = i;
	if (i < n && s[i] == ',')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (digits(s, n, i, 4, &v) == 4 && (i + 4 == n || !ascii_is_digit(s[i + 4]))) {
		*y = v;
		end = i + 4;
	}
	return end;
}
