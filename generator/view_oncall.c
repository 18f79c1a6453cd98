#include "view_oncall.h"

#include <string.h>

#define DAY 86400

static const char *const weekdays[] = { "Sunday",    "Monday",	 "Tuesday",
					"Wednesday", "Thursday", "Friday",
					"Saturday" };

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Sets key (ISO UTC) and key_display (the zone's wall clock) for t. */
static void set_time(struct render_ctx *r, struct val *m, const char *key,
		     const struct oncall_info *o, int64_t t)
{
	struct arena *a = &r->arena;
	char iso[32], local[48];
	render_time(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", t);
	render_time(local, sizeof(local), "%a %Y-%m-%d %H:%M",
		    t + tz_offset(o->zone, t));
	val_set_str(a, m, key, iso);
	val_set(a, m, arena_printf(a, "%s_display", key),
		val_str(a, arena_printf(a, "%s %s", local, o->rot.zone)));
}

static int64_t shift_start(const struct oncall_info *o, int64_t k)
{
	const struct oncall_rotation *rot = &o->rot;
	int64_t day = rot->anchor_day + k * rot->shift_days;
	return tz_from_local(o->zone, day * DAY + rot->handoff_minutes * 60);
}

/* The shift that holds instant t. */
static int64_t shift_at(const struct oncall_info *o, int64_t t)
{
	int64_t day = floor_div(t + tz_offset(o->zone, t), DAY);
	int64_t k = floor_div(day - o->rot.anchor_day, o->rot.shift_days);
	while (shift_start(o, k) > t)
		k--;
	while (shift_start(o, k + 1) <= t)
		k++;
	return k;
}

static int64_t instant(const struct oncall_info *o, const struct oncall_time *t)
{
	return t->local ? tz_from_local(o->zone, t->secs) : t->secs;
}

static struct val *names(struct arena *a, const char *const *v, size_t n)
{
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", v[i]);
		val_push(a, list, m);
	}
	return list;
}

static struct val *shifts(struct render_ctx *r, const struct oncall_info *o, int64_t now)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	int64_t k = shift_at(o, now), n = (int64_t)o->rot.nmembers;
	for (int i = 0; i < VIEW_ONCALL_SHIFTS; i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "member", o->rot.members[((k + i) % n + n) % n]);
		set_time(r, m, "start", o, shift_start(o, k + i));
		val_set_bool(a, m, "current", i == 0);
		val_push(a, list, m);
	}
	return list;
}

static struct val *overrides(struct render_ctx *r, const struct oncall_info *o,
			     int64_t now)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < o->rot.noverrides; i++) {
		const struct oncall_override *ov = &o->rot.overrides[i];
		int64_t start = instant(o, &ov->start), end = instant(o, &ov->end);
		if (end <= now)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "member", ov->member);
		set_time(r, m, "start", o, start);
		set_time(r, m, "end", o, end);
		val_set_bool(a, m, "current", start <= now);
		val_push(a, list, m);
	}
	return list;
}

struct val *view_oncall(struct render_ctx *r, const char *from,
			const struct oncall_info *o)
{
	if (!o)
		return NULL;
	struct arena *a = &r->arena;
	const struct oncall_rotation *rot = &o->rot;
	int64_t now = r->site->now;
	struct oncall_now at;
	oncall_at(&at, rot, o->zone, now);

	struct val *m = val_map(a);
	val_set_str(a, m, "json", o->json);
	val_set_str(a, m, "name", rot->name ? rot->name : "");
	val_set_str(a, m, "zone", rot->zone);
	val_set_str(a, m, "url", rot->url ? rot->url : "");
	val_set_str(a, m, "now", at.who);
	val_set_bool(a, m, "overridden", at.overridden);
	/* every key set, "" when empty: a template must not find the
	 * enclosing service's or team's field of the same name */
	val_set_str(a, m, "since", "");
	val_set_str(a, m, "until", "");
	if (at.since)
		set_time(r, m, "since", o, at.since);
	if (at.until)
		set_time(r, m, "until", o, at.until);
	val_set_bool(a, m, "has_until", at.until != 0 && at.next);
	val_set_str(a, m, "next", at.next ? at.next : "");
	char built[32];
	render_time(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", now);
	val_set_str(a, m, "built", built);
	render_time(built, sizeof(built), "%Y-%m-%d %H:%M UTC", now);
	val_set_str(a, m, "built_display", built);

	int h = rot->handoff_minutes / 60, min = rot->handoff_minutes % 60;
	const char *handoff =
		rot->shift_days % 7 == 0
			? arena_printf(a, "%s %02d:%02d, every %d days",
				       weekdays[rot->handoff_wday % 7], h, min,
				       rot->shift_days)
			: arena_printf(a, "%02d:%02d, every %d day%s", h, min,
				       rot->shift_days,
				       rot->shift_days == 1 ? "" : "s");
	val_set_str(a, m, "handoff", handoff);
	val_set(a, m, "members", names(a, rot->members, rot->nmembers));
	val_set(a, m, "escalation", names(a, rot->escalation, rot->nescalation));
	val_set(a, m, "shifts", shifts(r, o, now));
	val_set(a, m, "overrides", overrides(r, o, now));
	val_set_str(a, m, "repo", o->repo ? o->repo : "");
	val_set_str(a, m, "path", o->path ? o->path : "");
	val_set_bool(a, m, "inherited", o->team != NULL);
	val_set_str(a, m, "team_title", o->team ? o->team->title : "");
	render_set_url(r, m, "team_url", from, o->team ? o->team->address : NULL);
	return m;
}
