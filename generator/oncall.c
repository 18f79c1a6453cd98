/* oncall: rotations and who is on call (see oncall.h, docs/oncall.md). */
#include "oncall.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "date.h"

#define DAY 86400

static const char *const weekdays[7] = { "sunday",    "monday",	  "tuesday",
					 "wednesday", "thursday", "friday",
					 "saturday" };

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int weekday_of_day(int64_t day)
{
	return (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01: Thursday */
}

/* ---------------------------------------------------------------- reading */

struct reader {
	struct arena *a;
	const char *repo, *path; /* of the source, for diagnostics */
	struct diag_list *d;	 /* may be NULL */
	int line;		 /* of the rotation */
};

static int line_of(const struct reader *rd, const struct val *at)
{
	return at && at->line ? at->line : rd->line;
}

/* A user-fixable diagnostic at val at's line (else the rotation's). */
#define REPORT(rd, sev, at, ...)                                                \
	do {                                                                    \
		if ((rd)->d)                                                    \
			diag_add((rd)->d, (sev), DIAG_USER, (rd)->repo,         \
				 (rd)->path, line_of((rd), (at)), __VA_ARGS__); \
	} while (0)

/* The text of a string val without NULs; NULL for anything else or "". */
static const char *text_of(const struct val *v)
{
	if (!v || v->type != VAL_STR || !v->u.str.len ||
	    strlen(v->u.str.ptr) != v->u.str.len)
		return NULL;
	return v->u.str.ptr;
}

/* Reads exactly n digits at s into *out. */
static int read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!ascii_is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "HH:MM" or "HH:MM:SS" at s (n bytes) into seconds. */
static int read_clock(const char *s, size_t n, int *secs)
{
	int h, m, sec = 0;
	if ((n != 5 && n != 8) || read_digits(s, 2, &h) < 0 || s[2] != ':' ||
	    read_digits(s + 3, 2, &m) < 0 ||
	    (n == 8 && (s[5] != ':' || read_digits(s + 6, 2, &sec) < 0)) ||
	    h > 23 || m > 59 || sec > 59)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

/* "YYYY-MM-DD" (a real date) into a day number. */
static int read_date(const char *s, size_t n, int64_t *day)
{
	long d = date_iso_days(s, n);
	*day = d;
	return d < 0 ? -1 : 0;
}

/* A date (at the hand-off), a local time, or a time with an offset. */
static int read_stamp(struct oncall_time *out, const char *s, int handoff)
{
	size_t n = strlen(s), clock = 0;
	int64_t day;
	int secs = handoff, sign = 0, oh, om;

	if (n < 10 || read_date(s, 10, &day) < 0)
		return -1;
	if (n > 10) {
		if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
			return -1;
		while (11 + clock < n && (ascii_is_digit((unsigned char)s[11 + clock]) ||
					  s[11 + clock] == ':'))
			clock++;
		if (read_clock(s + 11, clock, &secs) < 0)
			return -1;
		const char *z = s + 11 + clock;
		if (*z == 'Z' || *z == 'z') {
			sign = 1;
			oh = om = 0;
			z++;
		} else if (*z == '+' || *z == '-') {
			sign = *z == '-' ? -1 : 1;
			if (read_digits(z + 1, 2, &oh) < 0 || z[3] != ':' ||
			    read_digits(z + 4, 2, &om) < 0 || oh > 23 || om > 59)
				return -1;
			z += 6;
		}
		if (*z)
			return -1;
	}
	out->secs = day * DAY + secs;
	out->local = sign == 0;
	if (sign)
		out->secs -= sign * (oh * 3600 + om * 60);
	return 0;
}

static int weekday_named(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcasecmp(s, weekdays[i]) == 0 ||
		    (strlen(s) == 3 && strncasecmp(s, weekdays[i], 3) == 0))
			return i;
	return -1;
}

/* `handoff`: a map {day, time}, or "monday 09:00". */
static void read_handoff(const struct reader *rd, struct oncall_rotation *r,
			 const struct val *v, int *day_given)
{
	const char *day = NULL, *clock = NULL;
	const struct val *dv = v, *cv = v;
	char word[16];

	if (v->type == VAL_MAP) {
		dv = val_get(v, "day");
		cv = val_get(v, "time");
		day = text_of(dv);
		clock = text_of(cv);
		if (dv && !day)
			REPORT(rd, DIAG_WARNING, dv,
			       "rotation's hand-off day is not text");
		if (cv && !clock)
			REPORT(rd, DIAG_WARNING, cv,
			       "rotation's hand-off time is not text: quote it (\"09:00\")");
	} else if (text_of(v)) {
		const char *s = text_of(v), *sp = strchr(s, ' ');
		size_t n = sp ? (size_t)(sp - s) : strlen(s);
		if (n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			day = word;
		}
		clock = sp ? sp + 1 : NULL;
	} else {
		REPORT(rd, DIAG_WARNING, v,
		       "rotation's \"handoff\" is neither a map (day, time) nor text like \"monday 09:00\"");
		return;
	}
	if (day) {
		int w = weekday_named(day);
		if (w < 0)
			REPORT(rd, DIAG_WARNING, dv,
			       "rotation's hand-off day \"%s\" is not a weekday; monday is used",
			       day);
		else
			r->handoff_wday = w, *day_given = 1;
	}
	if (clock) {
		int secs;
		if (read_clock(clock, strlen(clock), &secs) < 0 || secs % 60)
			REPORT(rd, DIAG_WARNING, cv,
			       "rotation's hand-off time \"%s\" is not HH:MM; 09:00 is used",
			       clock);
		else
			r->handoff_minutes = secs / 60;
	}
}

/* A member: text, or a map with `name`. */
static const char *member_name(const struct val *v)
{
	return v && v->type == VAL_MAP ? text_of(val_get(v, "name")) : text_of(v);
}

static int read_members(const struct reader *rd, struct oncall_rotation *r,
			const struct val *v)
{
	if (!v || v->type == VAL_NULL) {
		REPORT(rd, DIAG_ERROR, NULL,
		       "rotation has no \"members\": list who takes turns, in order");
		return -1;
	}
	if (v->type != VAL_LIST || !v->u.list.len) {
		REPORT(rd, DIAG_ERROR, v,
		       "rotation's \"members\" is not a list of names");
		return -1;
	}
	r->members = arena_alloc(rd->a, v->u.list.len * sizeof(*r->members));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *m = v->u.list.items[i];
		const char *name = member_name(m);
		if (!name) {
			REPORT(rd, DIAG_ERROR, m,
			       "rotation member %zu is not a name (text, or a map with \"name\"); left out",
			       i + 1);
			continue;
		}
		r->members[r->nmembers++] = name;
	}
	if (!r->nmembers) {
		REPORT(rd, DIAG_ERROR, v, "rotation's \"members\" names nobody");
		return -1;
	}
	return 0;
}

static void read_overrides(const struct reader *rd, struct oncall_rotation *r,
			   const struct val *v)
{
	if (v->type != VAL_LIST) {
		REPORT(rd, DIAG_ERROR, v,
		       "rotation's \"overrides\" is not a list of {member, start, end}");
		return;
	}
	r->overrides = arena_alloc(rd->a, (v->u.list.len + 1) * sizeof(*r->overrides));
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *o = v->u.list.items[i];
		struct oncall_override *ov = &r->overrides[r->noverrides];
		int handoff = r->handoff_minutes * 60, bad_start;
		const char *who, *s, *e;
		if (o->type != VAL_MAP) {
			REPORT(rd, DIAG_ERROR, o,
			       "rotation override %zu is not a map; left out", i + 1);
			continue;
		}
		who = text_of(val_get(o, "member"));
		s = text_of(val_get(o, "start"));
		e = text_of(val_get(o, "end"));
		if (!who || !s || !e) {
			REPORT(rd, DIAG_ERROR, o,
			       "rotation override %zu lacks \"%s\"; left out", i + 1,
			       !who ? "member"
			       : !s ? "start"
				    : "end");
			continue;
		}
		ov->member = who;
		ov->line = o->line;
		bad_start = read_stamp(&ov->start, s, handoff) < 0;
		if (bad_start || read_stamp(&ov->end, e, handoff) < 0) {
			REPORT(rd, DIAG_ERROR, val_get(o, bad_start ? "start" : "end"),
			       "rotation override's time \"%s\" is not YYYY-MM-DD, YYYY-MM-DDTHH:MM or an RFC 3339 time; override left out",
			       bad_start ? s : e);
			continue;
		}
		if (ov->start.local == ov->end.local &&
		    ov->end.secs <= ov->start.secs) {
			REPORT(rd, DIAG_ERROR, o,
			       "rotation override of \"%s\" does not end (%s) after it starts (%s); left out",
			       who, e, s);
			continue;
		}
		r->noverrides++;
	}
}

static void read_escalation(const struct reader *rd, struct oncall_rotation *r,
			    const struct val *v)
{
	size_t n = v && v->type == VAL_LIST ? v->u.list.len : 1;
	r->escalation = arena_alloc(rd->a, n * sizeof(*r->escalation));
	if (!v || v->type == VAL_NULL) {
		REPORT(rd, DIAG_WARNING, NULL,
		       "rotation has no \"escalation\" contact: say who is called when the on-call person does not answer");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct val *e = v->type == VAL_LIST ? v->u.list.items[i] : v;
		const char *s = text_of(e);
		if (!s && e->type == VAL_MAP)
			s = text_of(val_get(e, "name"));
		if (!s)
			REPORT(rd, DIAG_WARNING, e,
			       "rotation's escalation contact is not text; left out");
		else
			r->escalation[r->nescalation++] = s;
	}
}

static int known_key(const char *k)
{
	static const char *const keys[] = {
		"name",	 "timezone",  "members",    "shift_days", "handoff",
		"start", "overrides", "escalation", "url",	  "service"
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

/* timezone, shift_days, start, url */
static void read_scalars(const struct reader *rd, struct oncall_rotation *r,
			 const struct val *v, int day_given)
{
	const struct val *x;
	const char *s;

	x = val_get(v, "timezone");
	s = text_of(x);
	r->zone_line = line_of(rd, x);
	if (!x)
		REPORT(rd, DIAG_WARNING, NULL,
		       "rotation has no \"timezone\": hand-offs are read in UTC (name an IANA zone, e.g. Europe/Berlin)");
	else if (!s || !tz_name_valid(s))
		REPORT(rd, DIAG_WARNING, x,
		       "rotation's timezone \"%s\" is not an IANA zone name (e.g. Europe/Berlin); UTC is used",
		       s ? s : "");
	else
		r->zone = s;

	x = val_get(v, "shift_days");
	if (x) {
		double n = x->type == VAL_NUM ? x->u.num : -1;
		if (n != floor(n) || n < 1 || n > ONCALL_MAX_SHIFT_DAYS)
			REPORT(rd, DIAG_WARNING, x,
			       "rotation's \"shift_days\" is not a whole number of days from 1 to %d; 7 is used",
			       ONCALL_MAX_SHIFT_DAYS);
		else
			r->shift_days = (int)n;
	}

	x = val_get(v, "start");
	s = text_of(x);
	if (x && (!s || read_date(s, strlen(s), &r->anchor_day) < 0)) {
		REPORT(rd, DIAG_WARNING, x,
		       "rotation's start \"%s\" is not a YYYY-MM-DD date; left out",
		       s ? s : "");
	} else if (x) {
		r->has_start = 1;
		if (day_given && weekday_of_day(r->anchor_day) != r->handoff_wday)
			REPORT(rd, DIAG_WARNING, x,
			       "rotation's start %s is a %s, not a %s: shifts start on %ss",
			       s, weekdays[weekday_of_day(r->anchor_day)],
			       weekdays[r->handoff_wday],
			       weekdays[weekday_of_day(r->anchor_day)]);
		r->handoff_wday = weekday_of_day(r->anchor_day);
	}
	if (!r->has_start) /* the first such weekday of 1970 */
		r->anchor_day = (r->handoff_wday - 4 + 7) % 7;

	x = val_get(v, "url");
	s = text_of(x);
	if (x && (!s || (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)))
		REPORT(rd, DIAG_WARNING, x,
		       "rotation's url \"%s\" is not an http(s) URL; left out",
		       s ? s : "");
	else
		r->url = s;
}

int oncall_read(struct oncall_rotation *out, struct arena *a, const struct val *v,
		const struct oncall_source *src, struct diag_list *d)
{
	struct reader rd = { a, src ? src->repo : NULL, src ? src->path : NULL,
			     d, v ? v->line : 0 };
	const struct val *x;
	int day_given = 0;

	memset(out, 0, sizeof(*out));
	out->zone = "UTC";
	out->shift_days = 7;
	out->handoff_minutes = 9 * 60;
	out->handoff_wday = 1;
	out->line = rd.line;
	if (!v || v->type != VAL_MAP) {
		REPORT(&rd, DIAG_ERROR, v,
		       "rotation is a %s, not a map (members, timezone, handoff, ...)",
		       v ? val_type_name(v->type) : "nothing");
		return -1;
	}
	for (size_t i = 0; i < v->u.map.len; i++)
		if (!known_key(v->u.map.pairs[i].key))
			REPORT(&rd, DIAG_WARNING, v->u.map.pairs[i].val,
			       "rotation key \"%s\" is not known; left out",
			       v->u.map.pairs[i].key);
	out->name = text_of(val_get(v, "name"));
	out->service = text_of(val_get(v, "service"));
	if (read_members(&rd, out, val_get(v, "members")) < 0)
		return -1;
	x = val_get(v, "handoff");
	if (!x)
		REPORT(&rd, DIAG_WARNING, NULL,
		       "rotation has no \"handoff\" (day and time): shifts change on mondays at 09:00");
	else
		read_handoff(&rd, out, x, &day_given);
	read_scalars(&rd, out, v, day_given);
	if (out->shift_days % 7 && !out->has_start)
		REPORT(&rd, DIAG_WARNING, NULL,
		       "rotation of %d-day shifts has no \"start\" date: say when members[0]'s first shift starts",
		       out->shift_days);
	x = val_get(v, "overrides");
	if (x && x->type != VAL_NULL)
		read_overrides(&rd, out, x);
	read_escalation(&rd, out, val_get(v, "escalation"));
	return 0;
}

int oncall_read_file(struct oncall_rotation *out, struct arena *a,
		     const char *text, size_t len, const struct yaml_limits *lim,
		     const struct oncall_source *src, struct diag_list *d)
{
	static const struct yaml_limits defaults = YAML_LIMITS_INIT;
	struct val *doc = NULL;
	struct yaml_error ye;
	const char *repo = src ? src->repo : NULL, *path = src ? src->path : NULL;
	if (yaml_parse_limited(&doc, a, text, len, lim ? lim : &defaults, &ye) < 0) {
		if (d)
			diag_user_error(d, repo, path, ye.line,
					"on-call rotation is not valid YAML: %s; it is left out",
					ye.msg);
		return -1;
	}
	if (!doc || doc->type == VAL_NULL) {
		if (d)
			diag_user(d, repo, path, 1,
				  "on-call rotation is empty: write its members, hand-off and time zone (docs/oncall.md)");
		return -1;
	}
	return oncall_read(out, a, doc, src, d);
}

int oncall_load_zone(struct tz *out, struct arena *a, const char *dir,
		     const struct oncall_rotation *r,
		     const struct oncall_source *src, struct diag_list *d)
{
	struct buf err = BUF_INIT;
	int rc = tz_load(out, a, dir, r->zone, &err);

	if (!d)
		;
	else if (rc == TZ_NO_DATABASE)
		diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, NULL, 0,
			 "%s; on-call times are computed in UTC at build time",
			 err.ptr);
	else if (rc != TZ_OK)
		diag_add(d, DIAG_WARNING, DIAG_USER, src ? src->repo : NULL,
			 src ? src->path : NULL, r->zone_line ? r->zone_line : r->line,
			 "%s; on-call times are computed in UTC at build time",
			 err.ptr);
	buf_release(&err);
	if (rc == TZ_OK)
		return 0;
	tz_utc(out);
	return -1;
}

/* ---------------------------------------------------------------- computing */

static int64_t instant(const struct tz *z, struct oncall_time t)
{
	return t.local ? tz_from_local(z, t.secs) : t.secs;
}

/* Shift k's start. */
static int64_t shift_start(const struct oncall_rotation *r, const struct tz *z, int64_t k)
{
	int64_t day = r->anchor_day + k * r->shift_days;
	return tz_from_local(z, day * DAY + (int64_t)r->handoff_minutes * 60);
}

/* The shift at t: its number, start and end. */
static int64_t shift_at(const struct oncall_rotation *r, const struct tz *z,
			int64_t t, int64_t *start, int64_t *end)
{
	int64_t day = floor_div(t + tz_offset(z, t), DAY);
	int64_t k = floor_div(day - r->anchor_day, r->shift_days);
	while ((*start = shift_start(r, z, k)) > t)
		k--;
	while ((*end = shift_start(r, z, k + 1)) <= t) {
		k++;
		*start = *end;
	}
	return k;
}

/* Who is on call at t; the boundaries around t (shift starts, override
 * starts and ends) into *lo (<= t) and *hi (> t). */
static const char *who_at(const struct oncall_rotation *r, const struct tz *z,
			  int64_t t, int64_t *lo, int64_t *hi, int *overridden)
{
	int64_t k = shift_at(r, z, t, lo, hi);
	int64_t n = (int64_t)r->nmembers;
	const char *who = r->members[((k % n) + n) % n];
	int64_t best = 0;
	int found = 0;

	for (size_t i = 0; i < r->noverrides; i++) {
		const struct oncall_override *o = &r->overrides[i];
		int64_t s = instant(z, o->start), e = instant(z, o->end);
		if (s <= t && t < e && (!found || s >= best)) {
			found = 1;
			best = s;
			who = o->member;
		}
		if (s <= t && s > *lo)
			*lo = s;
		if (e <= t && e > *lo)
			*lo = e;
		if (s > t && s < *hi)
			*hi = s;
		if (e > t && e < *hi)
			*hi = e;
	}
	*overridden = found;
	return who;
}

void oncall_at(struct oncall_now *out, const struct oncall_rotation *r,
	       const struct tz *z, int64_t t)
{
	int64_t lo, hi, l2, h2;
	int over, o2;
	const char *who = who_at(r, z, t, &lo, &hi, &over);

	memset(out, 0, sizeof(*out));
	out->who = who;
	out->overridden = over;
	for (int i = 0; i < ONCALL_LOOKAHEAD; i++) {
		const char *w = who_at(r, z, hi, &l2, &h2, &o2);
		if (strcmp(w, who) != 0) {
			out->until = hi;
			out->next = w;
			break;
		}
		hi = h2;
	}
	for (int i = 0; i < ONCALL_LOOKAHEAD; i++) {
		const char *w = who_at(r, z, lo - 1, &l2, &h2, &o2);
		if (strcmp(w, who) != 0) {
			out->since = lo;
			break;
		}
		lo = l2;
	}
}

/* ---------------------------------------------------------------- JSON */

/* Sets m's key to the list of the n texts s. */
static void set_texts(struct arena *a, struct val *m, const char *key,
		      const char *const *s, size_t n)
{
	struct val *l = val_set(a, m, key, val_list(a));
	for (size_t i = 0; i < n; i++)
		val_push(a, l, val_str(a, s[i]));
}

void oncall_to_json(struct buf *out, const struct oncall_rotation *r)
{
	struct arena a;
	arena_init(&a);
	struct val *m = val_map(&a), *ov = val_list(&a);
	val_set_num(&a, m, "v", 1);
	val_set_str(&a, m, "zone", r->zone);
	set_texts(&a, m, "members", r->members, r->nmembers);
	val_set_num(&a, m, "shift_days", r->shift_days);
	val_set_num(&a, m, "handoff", r->handoff_minutes);
	val_set_num(&a, m, "anchor", (double)r->anchor_day);
	val_set(&a, m, "overrides", ov);
	for (size_t i = 0; i < r->noverrides; i++) {
		const struct oncall_override *o = &r->overrides[i];
		struct val *x = val_map(&a);
		val_set_str(&a, x, "member", o->member);
		val_set_num(&a, x, "start", (double)o->start.secs);
		val_set_bool(&a, x, "start_local", o->start.local);
		val_set_num(&a, x, "end", (double)o->end.secs);
		val_set_bool(&a, x, "end_local", o->end.local);
		val_push(&a, ov, x);
	}
	set_texts(&a, m, "escalation", r->escalation, r->nescalation);
	val_set(&a, m, "url", r->url ? val_str(&a, r->url) : val_null(&a));
	val_set(&a, m, "name", r->name ? val_str(&a, r->name) : val_null(&a));
	val_to_json(out, m);
	arena_release(&a);
}
