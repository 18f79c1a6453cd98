/* postmortem: incident post-mortems and the action items they owe.
 *
 * Where each field comes from, first found wins:
 *   title     front matter; the first heading when the document opens with
 *             one, else its first level-1 heading; else the file name
 *             without a leading date ("2026-01-05-db-outage.md" -> "Db
 *             outage").
 *   date      front matter (a timestamp is cut to its date); a "Date:" line
 *             outside the action items and timeline; the file name
 *             ("2026-01-05-x.md"); the first YYYY-MM-DD under a heading
 *             that holds the word "Timeline" (a table row, list item or
 *             paragraph: "2015-10-21 (all times UTC)" counts).
 *   severity  front matter severity (or sev), as written ("SEV-2", 2); a
 *             "Severity: SEV2" line.
 *   services  front matter services (a list, or "a, b" text) or service; a
 *             "Services:" line.
 *   authors   front matter authors or author; an "Authors:" line.
 *   status    front matter status, as written; a "Status:" line.
 * ("X: y" lines are read from headings, and from paragraphs and list items
 * anywhere outside the action items and timeline sections; bold keys like
 * "**Severity:** SEV2" count.)
 *
 * Action items come from every section whose heading (any level; case,
 * numbering and punctuation ignored) starts with "Action items", "Actions"
 * (not "Actions taken"), "Follow-up(s)", "Remediation(s)", or "Corrective",
 * "Preventive" / "Preventative actions": "Action Items", "Follow-up items",
 * "Action items and follow-ups", "Remediation items" all match.  The section
 * runs to the next heading of the same or a higher level.  In it:
 *
 * - Each top-level list item is one action item; lists nested in it belong
 *   to it (its text is its own paragraphs; its owner, due date and tags may
 *   also sit in the nested lines, e.g. "  - Owner: @alice").
 *     text   what is left once the checkbox, @handles, "owner: x",
 *            "due:YYYY-MM-DD" and #tags are taken out (and brackets left
 *            empty by that, and runs of blanks).
 *     owner  each distinct @handle ("@alice", "@org/team"; not the '@' of
 *            an e-mail address) and "owner: x" / "assignee: x".
 *     due    "due:YYYY-MM-DD" (also "due: x" and "Due 2026-01-05"; a
 *            timestamp "due:2026-01-05T10:00Z" keeps its date).
 *     state  "[x]" done; "[ ]" or a plain bullet open; deprioritized when
 *            tagged #deprioritized, #deprioritised or #wontfix, when its
 *            text opens with struck-through text ("~~Move to X~~ (replaced
 *            by Y)"), or when it opens with "[-]" or "[~]".  Done wins over
 *            deprioritized.
 * - Each body row of a table is one action item.  Header cells are matched
 *   by the words in them, without regard to case: owner, owners, assignee,
 *   assigned, who, responsible, dri -> owner; due, deadline, date, by, eta,
 *   target, when -> due; status, state -> state; priority, prio -> priority;
 *   action, item, task, description, what, todo, follow, remediation ->
 *   text (else the first column that is none of these).  The text cell is
 *   read like a list item's text.  An owner cell holds @handles or names
 *   separated by ',', ';', '&', '/' or " and "; "-", "n/a", "none", "tbd",
 *   "?" mean none.  A due cell's first YYYY-MM-DD is the date; other text is
 *   kept as an invalid date.  A state cell reading done, closed, fixed,
 *   resolved, complete(d), finished, merged, shipped, yes or a check mark is
 *   done; deprioritized, wontfix, won't fix / do, cancelled, dropped,
 *   obsolete, abandoned or rejected is deprioritized; anything else open.
 *   Without a state column a cell holding the word "DONE" (in capitals, as
 *   in the Google SRE book's example) marks the row done.
 *
 * House rules, reported as user-fixable diagnostics (warnings unless opts
 * say otherwise) at the item's line:
 * - more action items than opts->max_items, not counting deprioritized ones
 *   (marking them is the way out); reported once, at the first item over;
 * - an item, unless deprioritized, without exactly one owner;
 * - an item, unless deprioritized, without a due date;
 * - a due date that is not a real YYYY-MM-DD date (any item);
 * - an action items section with text but no list or table;
 * - a post-mortem without a date, or whose front matter date is not one.
 * Per-item diagnostics stop after POSTMORTEM_MAX_ITEM_DIAGS items; one more
 * diagnostic says how many items were not checked.
 *
 * Everything returned lives in the arena handed in. */
#ifndef CAIRN_POSTMORTEM_H
#define CAIRN_POSTMORTEM_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"

#define POSTMORTEM_MAX_ITEM_DIAGS 50

enum action_state { ACTION_OPEN, ACTION_DONE, ACTION_DEPRIORITIZED };

struct action_item {
	const char *text;  /* never NULL; not escaped */
	const char *owner; /* the first owner, without '@', or NULL */
	size_t nowners;	   /* distinct owners found (1 is the rule) */
	const char *due;   /* as written, or NULL */
	int due_valid;	   /* due is a real YYYY-MM-DD date */
	long due_days;	   /* days since 1970-01-01, or -1 */
	enum action_state state;
	const char *priority; /* a priority column's text, or NULL */
	int line;	      /* file line of the item (its row) */
};

struct postmortem_info {
	const char *title;    /* never NULL */
	int title_line;	      /* 0 when from the file name */
	const char *date;     /* YYYY-MM-DD, or NULL */
	int date_line;	      /* 0 when from the file name or none */
	const char *severity; /* as written, or NULL */
	const char **services;
	size_t nservices;
	const char **authors; /* a leading '@' dropped */
	size_t nauthors;
	const char *status; /* as written, or NULL */
	struct action_item *items;
	size_t nitems;
	int has_action_section;
};

struct postmortem_opts {
	int max_items;		     /* more is reported; <= 0: no limit */
	enum diag_severity severity; /* of the house-rule diagnostics */
	/* where md4c's callbacks for body are recorded for its page, or
	 * NULL (outline_parse_tape) */
	struct buf *tape;
};
#define POSTMORTEM_OPTS_INIT          \
	{                             \
		3, DIAG_WARNING, NULL \
	}

/* Reads one post-mortem.  path (in its repository; may be NULL) gives a
 * fallback date and title; meta is the front matter map (NULL or empty when
 * none); body is the Markdown after it (body_len bytes, need not be
 * NUL-terminated), starting on file line body_line.  opts may be NULL for
 * POSTMORTEM_OPTS_INIT.  Problems go to d (may be NULL) under repo and path.
 * Returns 0, or -1 when the Markdown parser failed (out then holds what was
 * read before the failure). */
int postmortem_parse(struct postmortem_info *out, struct arena *a, const char *path,
		     const struct val *meta, const char *body, size_t body_len,
		     int body_line, const struct postmortem_opts *opts,
		     const char *repo, struct diag_list *d);

/* "open", "done", "deprioritized". */
const char *postmortem_state_name(enum action_state s);

#endif
