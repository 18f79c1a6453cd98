/* oncall: on-call rotations, and who is on call at a given instant.
 *
 * A rotation is written in a repository's `oncall.yaml`, or under an
 * `oncall:` key of a Group's or Component's catalog-info `spec`; the format
 * is docs/oncall.md's:
 *
 *   timezone: Europe/Berlin      # IANA name; "UTC" when absent (warning)
 *   members: [alice, bob, carol] # in order; a member may also be a map
 *                                # with `name`
 *   shift_days: 7                # default 7; 1..366
 *   handoff:                     # or "monday 09:00"; default monday 09:00
 *     day: monday                # the weekday shifts start on
 *     time: "09:00"              # HH:MM local time
 *   start: 2026-01-05            # optional: the day members[0] takes over
 *   overrides:                   # optional
 *     - member: dave
 *       start: 2026-03-27        # a date (at the hand-off time), a local
 *       end: 2026-03-30T12:00    # time, or an RFC 3339 time with an offset
 *   escalation: carol-lead       # text, or a list of texts (in order)
 *   url: https://...             # optional: the scheduling tool's page
 *   name: Payments primary       # optional title
 *   service: payments-api        # optional, in a file: whose rotation
 *
 * Shifts: shift k starts at `handoff.time`, local time, on the local day
 * anchor + k * shift_days and is members[k mod n]'s.  The anchor is `start`
 * when given, else the first `handoff.day` on or after 1970-01-01 (the
 * weekday only matters with shift lengths that are multiples of 7).  An
 * override puts its member on call from its start (inclusive) to its end
 * (exclusive) whoever's shift it is; where overrides overlap, the one that
 * starts last wins (the later one listed on a tie).
 *
 * The browser computes the same from the reader's clock: oncall_to_json's
 * object goes into the page, themes/default/assets/oncall.js reads it; both
 * are tested on tests/fixtures/oncall/cases.txt.
 *
 * What oncall_read returns lives in the arena handed in, but its texts
 * (names, zone, escalation) point into the val read: it must live as long. */
#ifndef CAIRN_ONCALL_H
#define CAIRN_ONCALL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "tz.h"
#include "val.h"
#include "yaml.h"

/* How many shifts and overrides oncall_at looks past the current one for
 * the next person (the same constant is in oncall.js). */
#define ONCALL_LOOKAHEAD 64
#define ONCALL_MAX_SHIFT_DAYS 366

/* An instant, or a local time of the rotation's zone (tz.h). */
struct oncall_time {
	int64_t secs;
	int local; /* secs is a local time, to be read in the zone */
};

struct oncall_override {
	const char *member;
	struct oncall_time start, end;
	int line;
};

struct oncall_rotation {
	const char *name;     /* the `name` given, or NULL */
	const char *zone;     /* IANA zone name; "UTC" when none given */
	const char **members; /* at least one */
	size_t nmembers;
	int shift_days;	     /* 1..ONCALL_MAX_SHIFT_DAYS */
	int handoff_minutes; /* local minutes after midnight */
	int handoff_wday;    /* 0 Sunday .. 6 Saturday */
	int64_t anchor_day;  /* local day members[0]'s first shift starts */
	int has_start;	     /* anchor_day is the `start` given */
	struct oncall_override *overrides;
	size_t noverrides;
	const char **escalation; /* in order; may be empty */
	size_t nescalation;
	const char *url;     /* http(s), or NULL */
	int line;	     /* of the rotation's map */
	const char *service; /* in a file: the service it is for, or NULL */
	int zone_line;	     /* of its timezone (else the rotation's) */
};

/* Where a rotation is read from, for diagnostics. */
struct oncall_source {
	const char *repo; /* may be NULL */
	const char *path; /* oncall.yaml, or the catalog-info file */
};

/* Reads the rotation map v (oncall.yaml's document, or the value of a
 * spec's `oncall` key).  Problems are user-fixable diagnostics in d at the
 * field's line (d may be NULL): an unknown key, a bad timezone name, shift length,
 * hand-off, start date or url (warnings: the default is used), a bad
 * override (an error: the override is left out), no escalation (warning).
 * Returns 0, or -1 when v is not a map or has no members (an error; out
 * is then unusable).  The zone's name is checked for shape only:
 * oncall_load_zone finds it. */
int oncall_read(struct oncall_rotation *out, struct arena *a, const struct val *v,
		const struct oncall_source *src, struct diag_list *d);

/* Reads a rotation file (text, len bytes: one YAML document, within lim;
 * NULL: the defaults) with oncall_read.  YAML that cannot be read is a
 * user-fixable error at its line, an empty file a warning; both return
 * -1, as oncall_read's failures do.  The val read lives in a. */
int oncall_read_file(struct oncall_rotation *out, struct arena *a,
		     const char *text, size_t len, const struct yaml_limits *lim,
		     const struct oncall_source *src, struct diag_list *d);

/* Loads r's zone from the database folder dir (NULL: TZ_DEFAULT_DIR) into
 * out.  When it cannot be, out is UTC, a diagnostic says why (a zone the
 * database lacks: user-fixable at r's line; no database: operator-fixable)
 * and -1 is returned: the build-time answer is then UTC's, while the
 * browser (which has its own zone data) still computes the right one. */
int oncall_load_zone(struct tz *out, struct arena *a, const char *dir,
		     const struct oncall_rotation *r,
		     const struct oncall_source *src, struct diag_list *d);

/* Who is on call at instant t. */
struct oncall_now {
	const char *who;  /* never NULL */
	int overridden;	  /* who is there by an override */
	int64_t since;	  /* when who's current stretch started */
	int64_t until;	  /* when someone else takes over; 0 when nobody
				does within ONCALL_LOOKAHEAD shifts and
				overrides (a rotation of one) */
	const char *next; /* who takes over at until, or NULL */
};

/* The pure function: who is on call in rotation r at instant t (POSIX
 * seconds), in zone z (tz_utc for UTC), until when, and who is next.
 * `since` looks back as far as `until` looks ahead. */
void oncall_at(struct oncall_now *out, const struct oncall_rotation *r,
	       const struct tz *z, int64_t t);

/* Appends r as the JSON object oncall.js reads (one line, no HTML
 * escaping: escape it for the attribute or script it goes into):
 *   {"v":1,"zone":..,"members":[..],"shift_days":N,"handoff":MINUTES,
 *    "anchor":DAY,"overrides":[{"member":..,"start":S,"start_local":B,
 *    "end":S,"end_local":B}],"escalation":[..],"url":..|null,
 *    "name":..|null}
 * (times in seconds; *_local as in struct oncall_time). */
void oncall_to_json(struct buf *out, const struct oncall_rotation *r);

#endif
