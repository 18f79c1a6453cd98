/* records: what cairn understands of RFCs and post-mortems, kept as vals
 * (so that the crawl cache stores them like any other parsed data), and the
 * action-item arithmetic of the house rules.
 *
 * An RFC record is a map: number (or null), title, status (rfc_status_name),
 * status_text, authors [..], date, superseded_by, discussion, shape.
 * A post-mortem record: title, date, severity, services [..], authors [..],
 * status, items [{text, owner, nowners, due, due_valid, due_days, state,
 * priority, line}]. */
#ifndef CAIRN_RECORDS_H
#define CAIRN_RECORDS_H

#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "val.h"

/* Parses the document (an RFC or a post-mortem, by kind) with the house
 * rules of cfg; diagnostics to d.  A post-mortem dated before the day
 * rules_since (days since 1970; -1: none) is read and its items kept, but
 * the house rules (how many items, each with one owner and a due date) are
 * not applied: their diagnostics are dropped.  An RFC's metadata file
 * (rfc_sidecar_path), parsed, is sidecar at sidecar_path (NULL: none).
 * md4c's callbacks for the text are recorded into tape (may be NULL) for its
 * page to play back (outline_parse_tape); it is left empty when there are
 * none to keep.  Returns the record, or NULL for other kinds. */
struct val *records_parse(struct arena *a, const struct config *cfg, int kind,
			  const char *repo, const char *path, const struct val *meta,
			  const struct val *sidecar, const char *sidecar_path,
			  const char *body, size_t len, int body_line,
			  long rules_since, struct diag_list *d, struct buf *tape);

/* Whether the house rules and escalation apply to a post-mortem dated
 * pm_days (-1: no date, ruled) under rules_since (-1: none). */
int records_ruled(long pm_days, long rules_since);

/* Days since 1970-01-01 of a YYYY-MM-DD string, or -1. */
long records_days(const char *date);
/* Gives an RFC record that names no authors the one who added the file
 * (from git's history); "authors_from_git" is set on it. */
void records_default_authors(struct val *rec, struct arena *a, const char *who);

/* The house rules for one open item of a post-mortem dated pm_days, on
 * day `today` (days since the epoch):
 *   overdue          open, with a valid due date before today;
 *   needs_escalation open (not done, not deprioritized), and the
 *                    post-mortem is more than sprint_days * sprints days
 *                    old (on the last day of the second sprint it is not
 *                    yet; the day after, it is). */
int records_overdue(const struct val *item, long today);
int records_needs_escalation(const struct val *item, long pm_days, long today,
			     const struct config *cfg);

#endif
