/* techdebt: the technical debt register, and its house rules.
 *
 * Debt is *reckless* (a shortcut known to be wrong: pay it down now) or
 * *prudent* (a deliberate trade-off: documented and scheduled).  Teams keep
 * it in Markdown, two ways (docs/techdebt.md):
 *
 * - One item per file (Markdown files under `docs/tech-debt/`), with front
 *   matter:
 *     title      else the first heading, else the file name
 *     kind       reckless | prudent
 *     owner      a handle ("@alice" or "alice"); owners: a list (the first
 *                is the owner)
 *     due        YYYY-MM-DD            } the schedule
 *     cycle      "2026-Q3", "sprint 42" } (scheduled: the same as cycle)
 *     service    the service it is in (else the file's service)
 *     rationale  why it was taken on (else the first paragraph of a
 *                "Rationale" or "Why" section)
 *     links      a list of RFCs, post-mortems, issues (paths or URLs);
 *                rfc, postmortem: one each
 *     created    YYYY-MM-DD (else date; else the caller's: git's)
 *     status     open | done (also paid, closed, resolved); or done: true
 *
 * - A list in `TECH_DEBT.md` or `docs/tech-debt.md`, one top-level list
 *   item per item, in the style of post-mortem action items:
 *     - [ ] Replace the hand-rolled retry loop #reckless @alice due:2026-03-01
 *   "[x]" done; #reckless / #prudent the kind (or the heading above the
 *   list, when it holds the word "reckless" or "prudent"); @handle the
 *   owner; due:, cycle:, service:, created: (or since:) their fields;
 *   rfc:, postmortem: (or pm:), link: and Markdown links or bare http(s)
 *   URLs the links.  What is left is the title.  The item's indented lines
 *   are its notes: a "Rationale:" or "Why:" line is the rationale (one
 *   that stops mid-sentence goes on over the next note lines until its
 *   sentence ends; else the notes' text is), "Owner:", "Due:", "Cycle:", "Service:" lines count
 *   like the tokens.  Fenced code is skipped.  A list written as prose
 *   (no item marked, a section with a paragraph of its own) is read by
 *   its sections instead: each heading with a paragraph of its own is an
 *   item (docs/techdebt.md, "Sections").
 *
 * Everything returned lives in the arena handed in, except texts taken
 * from the front matter as they are (title, owner...): they point into
 * meta, which must live as long. */
#ifndef CAIRN_TECHDEBT_H
#define CAIRN_TECHDEBT_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"

enum techdebt_kind { TECHDEBT_UNKNOWN, TECHDEBT_RECKLESS, TECHDEBT_PRUDENT };

struct techdebt_item {
	const char *title; /* never NULL */
	enum techdebt_kind kind;
	const char *owner; /* without '@', or NULL */
	size_t nowners;
	const char *due;     /* as written, or NULL */
	long due_days;	     /* days since 1970-01-01; -1: none or not a date */
	const char *cycle;   /* as written, or NULL */
	const char *service; /* or NULL: the file's service */
	const char *rationale; /* or NULL */
	const char **links;    /* as written */
	size_t nlinks;
	const char *created; /* as written, or NULL */
	long created_days;   /* -1 when unknown: the caller may set it (from
				  the day git first saw the file or line) */
	int done;
	const char *path;
	int line; /* of the file's front matter, or of the list
				  item */
	/* created_days is git's (set by the caller), not written */
	int created_by_git;
};

struct techdebt_list {
	struct techdebt_item *items;
	size_t n, cap;
};
#define TECHDEBT_LIST_INIT \
	{                  \
		NULL, 0, 0 \
	}

/* Adds the item of a one-item file: meta is its front matter (a map; may
 * be NULL or empty), body the Markdown after it (len bytes, starting on
 * file line body_line).  Problems (a kind that is neither word, a date
 * that is not YYYY-MM-DD, a field of the wrong type) are user-fixable
 * warnings in d (may be NULL).  Returns 0. */
int techdebt_parse_file(struct techdebt_list *out, struct arena *a, const char *repo,
			const char *path, const struct val *meta, const char *body,
			size_t len, int body_line, struct diag_list *d);

/* Adds the items of a TECH_DEBT.md list (text, len bytes, its first line
 * being file line first_line).  Problems as above, at the item's line.
 * Returns the number of items added. */
size_t techdebt_parse_list(struct techdebt_list *out, struct arena *a,
			   const char *repo, const char *path, const char *text,
			   size_t len, int first_line, struct diag_list *d);

/* Adds the items of a file of the techdebt kind, whole (text, len bytes):
 * a list (TECH_DEBT.md, docs/tech-debt.md: techdebt_parse_list, after any
 * front matter) or one item with front matter (techdebt_parse_file).
 * Front matter that is not YAML is a user-fixable warning.  Returns the
 * number of items added. */
size_t techdebt_parse(struct techdebt_list *out, struct arena *a,
		      const char *repo, const char *path, const char *text,
		      size_t len, struct diag_list *d);

/* True for a file read as a list rather than as one item. */
int techdebt_is_list(const char *path);

const char *techdebt_kind_name(enum techdebt_kind k); /* "reckless", ... */

/* ---------------------------------------------------------------- rules */

struct techdebt_rules {
	int sprint_days;      /* the length of a sprint */
	int reckless_sprints; /* how long reckless debt may stay unpaid */
};
#define TECHDEBT_RULES_INIT \
	{                   \
		14, 1       \
	}

enum techdebt_flag {
	TECHDEBT_NO_KIND = 1 << 0, /* neither reckless nor prudent */
	TECHDEBT_RECKLESS_NO_OWNER = 1 << 1,
	TECHDEBT_RECKLESS_STALE = 1 << 2, /* unpaid longer than allowed */
	TECHDEBT_PRUDENT_NO_RATIONALE = 1 << 3,
	TECHDEBT_PRUDENT_UNSCHEDULED = 1 << 4, /* neither due nor cycle */
	TECHDEBT_OVERDUE = 1 << 5	       /* open past its due date */
};
#define TECHDEBT_FLAG_LAST TECHDEBT_OVERDUE

/* The house rules, as a pure function: the flags (TECHDEBT_* bits) of
 * item it on day today (days since 1970-01-01) under rules r (NULL: the
 * defaults).  A done item has none.  Reckless debt is stale when it is
 * more than r->sprint_days * r->reckless_sprints days old (created_days;
 * an item of unknown age is never stale); on the last day allowed it is
 * not yet. */
unsigned techdebt_flags(const struct techdebt_item *it, long today,
			const struct techdebt_rules *r);

/* Appends the message of one flag of item it (lower case, the subject
 * first, the item's title quoted; says how to fix it). */
void techdebt_flag_message(struct buf *out, const struct techdebt_item *it,
			   unsigned flag, long today, const struct techdebt_rules *r);

/* Reports each flag of each item as a user-fixable warning at the item's
 * line (`cairn check` and the build). */
void techdebt_check(const struct techdebt_list *list, long today,
		    const struct techdebt_rules *r, const char *repo,
		    struct diag_list *d);

#endif
