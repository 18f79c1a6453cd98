/* date: the proleptic Gregorian calendar in whole days since 1970-01-01,
 * and dates as people write them ("2024-05-01", "May 1st, 2024",
 * "Monday, 1 May 2024").  Knows no time zones and no locale: month and
 * weekday names are English, compared without regard to ASCII case. */
#ifndef CAIRN_DATE_H
#define CAIRN_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Formats the time t (seconds since 1970, UTC) with strftime's fmt into
 * out (size bytes); "" when it does not fit. */
void date_format(char *out, size_t size, const char *fmt, int64_t t);

/* Days since 1970-01-01 of year y, month m (1..12), day d (1..31), for any
 * year (negative before 1970).  The date is not checked: use date_valid. */
int64_t date_days_from_civil(int64_t y, int m, int d);

/* The inverse of date_days_from_civil. */
void date_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Is y a leap year? */
int date_is_leap(int64_t y);

/* Days in month m (1..12) of year y; 0 for a month out of range. */
int date_days_in_month(int64_t y, int m);

/* Is y-m-d a date of the calendar (m 1..12, d within its month)? */
int date_valid(int64_t y, int m, int d);

/* Days since 1970-01-01 of a strict "YYYY-MM-DD": exactly n == 10 bytes, a
 * real date, years 1970..9999.  -1 otherwise (also for NULL). */
long date_iso_days(const char *s, size_t n);

/* The offset of the first "YYYY-MM-DD" in s[0..n) that is not inside a
 * longer run of digits, or -1.  Its validity is not checked. */
long date_find_iso(const char *s, size_t n);

/* The month a word names, 1..12: its full name or its first three letters
 * ("May", "sept" for September, "jan"); 0 for anything else. */
int date_month_of(const char *s, size_t n);

/* A date as people write it, at the start of s[0..n): "2024-05-01",
 * "2024/05/01", "2024.05.01", "May 1, 2024", "May 1st 2024", "1 May 2024",
 * "Monday, 1 May 2024", or without a year ("May 1": *y is 0).  Sets *y, *m,
 * *d as written (not checked against the calendar) and returns the bytes
 * the date takes; 0 when s does not open with one (outputs then 0). */
size_t date_written(const char *s, size_t n, int *y, int *m, int *d);

#endif
