/* tz: time zones, read from the IANA database's compiled files (TZif,
 * RFC 8536) without the C library's process-wide TZ (which no thread of a
 * build may change).
 *
 * A zone is loaded from `dir/<name>` (dir is the database folder: Debian's
 * tzdata installs /usr/share/zoneinfo, TZ_DEFAULT_DIR).  "UTC", "Etc/UTC",
 * "GMT" and "Etc/GMT" need no file.  Instants after a file's last
 * transition follow its footer (a POSIX TZ rule such as
 * "CET-1CEST,M3.5.0,M10.5.0/3"), so "slim" files work as well as "fat"
 * ones.  Leap seconds are ignored (the files' times are POSIX times).
 *
 * Times: an instant is POSIX seconds (UTC).  A *local* time is the wall
 * clock of the zone counted the same way, as if the zone were UTC:
 * local = instant + tz_offset(zone, instant).
 *
 * Everything a zone points to lives in the arena handed in. */
#ifndef CAIRN_TZ_H
#define CAIRN_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
/* TZif files are small (America/New_York is 3.5 kB); larger is refused. */
#define TZ_MAX_FILE (256u << 10)

/* One day of a POSIX rule: Jn (julian, 1..365, Feb 29 never counted), n
 * (0..365, counting Feb 29) or Mm.w.d (day d (0 Sunday) of week w (5:
 * the last) of month m), at secs after local midnight (may be negative or
 * past 24 h). */
struct tz_when {
	char kind; /* 'J', 'n' or 'M' */
	int m, w, d;
	int32_t secs;
};

struct tz_rule {
	int32_t std_offset, dst_offset; /* seconds east of UTC */
	int has_dst;
	struct tz_when start, end; /* of daylight saving time */
};

struct tz_type {
	int32_t offset; /* seconds east of UTC */
	int is_dst;
};

struct tz {
	const char *name;
	int64_t *times;	      /* transitions, ascending */
	unsigned char *index; /* type after each transition */
	size_t ntimes;
	struct tz_type *types; /* at least one */
	size_t ntypes;
	int has_rule; /* the footer, for times after the last one */
	struct tz_rule rule;
};

enum tz_result {
	TZ_OK = 0,
	TZ_UNKNOWN = -1,     /* the name is not a zone of the database */
	TZ_NO_DATABASE = -2, /* the database folder cannot be read */
	TZ_BAD = -3 /* the name is malformed, or the file is not TZif */
};

/* The zone UTC (no arena needed; out points to static data). */
void tz_utc(struct tz *out);

/* Whether name has the shape of a zone name: "Area/Location" words of
 * ASCII letters, digits, '_', '-' and '+', no "." or ".." segment, not
 * absolute, at most 128 bytes (so that it can only name a file inside the
 * database folder). */
int tz_name_valid(const char *name);

/* Reads the TZif bytes of zone name.  Returns TZ_OK, or TZ_BAD with err
 * (appended to; may be NULL) saying what is wrong (out is then UTC under
 * that name, as after any failure of tz_load). */
int tz_parse(struct tz *out, struct arena *a, const char *name,
	     const unsigned char *data, size_t len, struct buf *err);

/* Loads zone name from the database folder dir (NULL: TZ_DEFAULT_DIR).
 * Returns a tz_result; on failure err says why, naming the file, and out
 * is UTC. */
int tz_load(struct tz *out, struct arena *a, const char *dir, const char *name,
	    struct buf *err);

/* Seconds east of UTC in zone z at instant t. */
int32_t tz_offset(const struct tz *z, int64_t t);

/* The instant of local time local in zone z.  A local time that happens
 * twice (clocks go back) is its first instant; one that never happens
 * (clocks go forward) is read with the offset before the change, which
 * gives the instant that far after the change (02:30 on a day clocks jump
 * from 02:00 to 03:00 is 03:30).  This is JavaScript Temporal's
 * "compatible" rule; themes/default/assets/oncall.js does the same. */
int64_t tz_from_local(const struct tz *z, int64_t local);

#endif
