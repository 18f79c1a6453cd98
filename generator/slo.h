/* slo: service level objectives (OpenSLO v1 documents), the SLO status
 * feed written by CI, and the error budget they leave (docs/slo.md).
 *
 * Documents: YAML files of one or more documents (under `slos/`, files
 * named `*.openslo.yaml` or `.yml`, or a `slos` kind in `paths:`), each
 *     apiVersion: openslo/v1
 *     kind: SLO | SLI | Service   (DataSource, AlertPolicy, ... are skipped)
 *     metadata: {name, displayName}
 *     spec: ...
 * An SLO's spec: service, description, indicator (an inline SLI: metadata
 * and spec) or indicatorRef (the name of a `kind: SLI` of the same
 * repository, resolved by slo_resolve), timeWindow (one item: duration
 * (shorthand: 28d, 4w, 1M, 1Q, 1Y; also m, h), isRolling, calendar
 * {startTime, timeZone}), budgetingMethod (Occurrences | Timeslices |
 * RatioTimeslices), objectives[] (displayName, target in [0, 1) or
 * targetPercent in [0, 100), op, value, timeSliceTarget, timeSliceWindow).
 *
 * The feed: a JSON or YAML list of status records (or a map whose `slos`
 * is that list), the latest record of an SLO being its state:
 *     slo              required: the SLO's metadata.name
 *     service          the SLO's service (names alone may repeat across
 *                      services)
 *     time             required: RFC 3339 with an offset
 *     sli              the measured ratio over the window, 0..1
 *     burn_rate        {1h: x, 6h: y} (or burn_rate_1h, burn_rate_6h)
 *     budget_remaining the fraction of the error budget left (1: all of
 *                      it; negative: overspent)
 *     objective        the displayName of the objective measured (default:
 *                      the strictest)
 *
 * Everything returned lives in the arena handed in. */
#ifndef CAIRN_SLO_H
#define CAIRN_SLO_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "tz.h"
#include "val.h"

/* A window when none is given: 28 days, rolling. */
#define SLO_DEFAULT_WINDOW_DAYS 28

enum slo_budgeting {
	SLO_BUDGETING_UNKNOWN,
	SLO_OCCURRENCES,
	SLO_TIMESLICES,
	SLO_RATIO_TIMESLICES
};

struct slo_window {
	const char *duration; /* as written ("28d"), or the default's */
	int count;	      /* 28 */
	char unit;	      /* m h d w M Q Y */
	int64_t seconds;      /* its length; for rolling windows M, Q and Y
				   are 30, 90 and 365 days */
	int rolling;
	int64_t calendar_start;	   /* local time (tz.h) periods are counted
				   from; 0 (1970-01-01) when none is given */
	const char *calendar_zone; /* IANA name, or NULL (UTC) */
	int given;		   /* from the document, not the default */
	int line;
};

struct slo_objective {
	const char *name; /* displayName, or NULL */
	double target;	  /* in [0, 1): targetPercent / 100 */
	const char *op;	  /* lte | gte | lt | gt, or NULL */
	double value;	  /* with op */
	int has_value;
	int line;
};

struct slo_indicator {
	const char *name; /* metadata.name; NULL for an unnamed inline one */
	const char *display_name;
	const char *description;
	const char *metric; /* "ratio", "threshold", or NULL */
	const char *source; /* the first metricSource's type ("Prometheus"),
				   or NULL */
	const char *path;
	int line;
};

struct slo {
	const char *name;
	const char *display_name;  /* or NULL */
	const char *description;   /* or NULL */
	const char *service;	   /* spec.service, or NULL: the folder's */
	const char *indicator_ref; /* indicatorRef as written, or NULL */
	const struct slo_indicator *indicator; /* inline or resolved; NULL when
						  neither */
	struct slo_objective *objectives;      /* at least one */
	size_t nobjectives;
	struct slo_window window;
	enum slo_budgeting budgeting;
	const char *path;
	int line;
};

struct slo_service {
	const char *name;
	const char *display_name;
	const char *description;
	const char *path;
	int line;
};

/* The documents of one repository. */
struct slo_set {
	struct slo *slos;
	size_t nslos, slos_cap;
	struct slo_indicator *slis;
	size_t nslis, slis_cap;
	struct slo_service *services;
	size_t nservices, services_cap;
};
#define SLO_SET_INIT                               \
	{                                          \
		NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 \
	}

/* Adds the documents of one file (path, in repository repo) to set.
 * Problems are user-fixable diagnostics in d (may be NULL) at their line:
 * a document that is not OpenSLO v1 (a warning: left out), an SLO or SLI
 * without metadata.name, an SLO without a usable objective (errors: left
 * out), an objective without a target in range, an unknown budgeting
 * method or window duration, both or neither of indicator and indicatorRef
 * (warnings).  Returns 0, or -1 when text is not YAML (an error; the
 * documents before the error are kept). */
int slo_parse(struct slo_set *set, struct arena *a, const char *repo,
	      const char *path, const char *text, size_t len, struct diag_list *d);

/* Once every file of the repository is read: points each SLO's
 * indicatorRef at the SLI of that name (a user-fixable warning at the
 * SLO's line when there is none), and reports names given twice. */
void slo_resolve(struct slo_set *set, const char *repo, struct diag_list *d);

/* The objective named name (a displayName), or the strictest (highest
 * target) when name is NULL or names none. */
const struct slo_objective *slo_objective(const struct slo *s, const char *name);

/* Reads a duration shorthand ("28d"): 0, or -1 when it is not one. */
int slo_duration_parse(struct slo_window *w, const char *s);

/* ---------------------------------------------------------------- the feed */

enum {
	SLO_HAS_SLI = 1,
	SLO_HAS_BURN_1H = 2,
	SLO_HAS_BURN_6H = 4,
	SLO_HAS_BUDGET = 8
};

struct slo_status {
	const char *slo;
	const char *service;   /* or NULL */
	const char *objective; /* or NULL */
	int64_t time;	       /* UTC seconds */
	double sli, burn_1h, burn_6h, budget_remaining;
	unsigned has; /* SLO_HAS_* */
	int line;
};

struct slo_feed {
	const char *path; /* as named in diagnostics */
	struct slo_status *records;
	size_t n;
};

/* Reads a feed (see above; empty text: no records).  A record without slo
 * or a valid time, or with a value that is not a number, is left out with
 * an operator-fixable error at its line; an sli outside 0..1 or a negative
 * burn rate likewise.  Unknown keys are ignored.  Returns 0, or -1 when
 * the text is not a feed at all (an error in d). */
int slo_feed_parse(struct slo_feed *out, struct arena *a, const char *path,
		   const char *text, size_t len, struct diag_list *d);

/* slo_feed_parse on the file at file (named path in diagnostics): an
 * operator-fixable error when it cannot be read or is over 64 MiB. */
int slo_feed_load(struct slo_feed *out, struct arena *a, const char *file,
		  const char *path, struct diag_list *d);

/* The latest record (by time; the later line on a tie) for SLO slo of
 * service (a record without a service matches any), or NULL. */
const struct slo_status *slo_feed_latest(const struct slo_feed *feed,
					 const char *slo, const char *service);

/* ---------------------------------------------------------------- budget */

enum slo_state {
	SLO_STATE_UNKNOWN, /* no record, or nothing to judge by */
	SLO_STATE_OK,
	SLO_STATE_BURNING,  /* the budget left runs out before the window */
	SLO_STATE_EXHAUSTED /* nothing left */
};

struct slo_budget {
	enum slo_state state;
	const struct slo_objective *objective; /* judged against */
	double remaining;    /* fraction of the error budget left; NAN when
				unknown */
	double burn;	     /* the burn rate judged (the lower of 1h and 6h);
				NAN when none */
	int64_t window_left; /* seconds the budget must still last */
	int64_t lasts;	     /* seconds the budget left lasts at burn; -1 when
				it is not being spent (or unknown) */
	/* the window judged (UTC seconds; 0 without a record): the calendar
	 * period, in the calendar's zone, that holds the record's time, or
	 * the rolling window that ends at it */
	int64_t window_start, window_end;
};

/* The pure function of docs/slo.md: the error budget of SLO s given its
 * latest record rec (may be NULL: unknown).  calendar_zone is the zone of
 * a calendar window (may be NULL: UTC): its periods start at the local
 * time of calendar.startTime (a month's on the same day of each month;
 * lengths in m, h, d and w are counted in local time too, so a week that
 * holds a change of the clocks is an hour shorter or longer). */
void slo_budget_of(struct slo_budget *out, const struct slo *s,
		   const struct slo_status *rec, const struct tz *calendar_zone);

/* Loads the zone of s's calendar window (UTC when it has none, or is
 * rolling) from the database folder dir (NULL: TZ_DEFAULT_DIR) into out.
 * When it cannot be, out is UTC, a warning in d (may be NULL) says why (a
 * zone the database lacks: user-fixable at the window's line in repo's
 * file; no database: operator-fixable) and -1 is returned. */
int slo_load_zone(struct tz *out, struct arena *a, const char *dir,
		  const struct slo *s, const char *repo, struct diag_list *d);

const char *slo_state_name(enum slo_state st); /* "unknown", "ok", ... */
const char *slo_budgeting_name(enum slo_budgeting b);

#endif
