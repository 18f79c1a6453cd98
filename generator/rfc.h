/* rfc: RFCs and architecture decision records (ADRs), read from the shapes
 * real archives use.
 *
 * A document is recognised as one of these shapes (rfc_info.shape):
 *
 *   "front-matter"  cairn's own: YAML front matter with title, status,
 *                   authors, date, superseded_by, discussion.
 *   "madr"          MADR: front matter with status, date and deciders or
 *                   decision-makers (consulted, informed), or MADR 1.x/2.x's
 *                   list under the title ("* Status: accepted",
 *                   "* Deciders: a, b", "* Date: 2017-12-01").
 *   "rust"          Rust's RFC template: the file opens with "- Feature Name:",
 *                   "- Start Date:", "- RFC PR:", "- Rust Issue:" lines.
 *   "nygard"        Michael Nygard's ADR: "# 1. Title", a "Date: ..." line,
 *                   and a "## Status" section whose first line is the status
 *                   ("Accepted", "Superseded by [ADR-0005](0005-x.md)").
 *   "plain"         none of the above: a title heading and whatever else.
 *
 * Where a field comes from, first found wins ("front matter" is the
 * document's own, then its metadata file's, rfc_opts.sidecar):
 *   number      the file name: "0042-foo.md", "ADR-0007-x.md", "rfc-12.md",
 *               "RFC0012.md" (names that open with a YYYY-MM-DD date carry
 *               no number); else the title's prefix ("1. Title",
 *               "ADR-7: Title", "RFC 12 - Title"); else -1.
 *   title       front matter; for Rust RFCs the Feature Name; else the first
 *               heading when the document opens with one, else its first
 *               level-1 heading, with a number prefix taken off; else the
 *               file name without number and extension ("0042-use-kafka.md"
 *               -> "Use kafka").
 *   status      front matter; a "Status: x" line (or list item) under the
 *               title; a "Status" section (its first line, or the heading
 *               itself when it reads "Status: x").  Rust RFCs carry none: one
 *               whose "RFC PR:" names a pull request other than #0000 is
 *               accepted (only accepted RFCs are merged), else a draft.
 *   date        front matter; a "Date:", "Start Date:", "Created:" or
 *               "Last updated:" line under the title.  Kept as YYYY-MM-DD
 *               (a longer timestamp is cut to its date).
 *   authors     front matter authors (list, or "a, b" text) or author; MADR's
 *               deciders / decision-makers; an "Authors:"/"Deciders:" line.
 *   superseded_by  front matter superseded_by; a "Superseded by:" line; the
 *               target of a status that reads "Superseded by X" (the link's
 *               URL when X is a Markdown link, else X).
 *   discussion  front matter discussion; Rust's "RFC PR:" (the link's URL,
 *               else the text); a "Discussion:" line.
 *
 * Status words are normalised to the six statuses (rfc_status_from_text
 * lists them); an unknown word is kept in status_text and reported.
 *
 * A "lightweight" RFC is one in cairn's front-matter shape that has two
 * of the four sections Problem statement, Proposed approach, Alternatives
 * considered, Decision rationale, or one by that name (headings at any
 * level, matched without regard to case, numbering or a trailing colon;
 * short forms "Problem", "Proposal", "Proposed solution", "Alternatives",
 * "Rationale" count among two).  Each of the four it lacks is reported.
 * Nygard ADRs, MADR records, Rust RFCs and documents in another template
 * (Ember's, with "Alternatives" alone) are never asked for them.
 *
 * Diagnostics (user-fixable, warnings unless opts say otherwise): no status;
 * a status that is not one of the known words; a date that is not a real
 * YYYY-MM-DD date; a lightweight RFC's missing section.  Lines are lines of
 * the file.
 *
 * Everything returned lives in the arena handed in. */
#ifndef CAIRN_RFC_H
#define CAIRN_RFC_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"

enum rfc_status {
	RFC_UNKNOWN, /* none given, or a word not understood */
	RFC_DRAFT,
	RFC_REVIEW,
	RFC_ACCEPTED,
	RFC_REJECTED,
	RFC_SUPERSEDED,
	RFC_WITHDRAWN
};

struct rfc_info {
	int number;	   /* -1 when none */
	const char *title; /* never NULL (may be "" without a path) */
	int title_line;	   /* 0 when not from the file's text */
	enum rfc_status status;
	const char *status_text; /* as written (one line), or NULL */
	int status_line;	 /* 0 when none (or implied) */
	const char **authors;	 /* nauthors strings; a leading '@' dropped */
	size_t nauthors;
	const char *date; /* YYYY-MM-DD, or NULL */
	int date_line;
	const char *superseded_by; /* as written, or NULL */
	const char *discussion;	   /* URL or text, or NULL */
	const char *shape;	   /* "front-matter", "madr", "rust", "nygard",
				  * "plain" (static strings) */
	int lightweight;	   /* see above */
	size_t header_len;	   /* bytes of body taken by a Rust RFC's header
				  * list ("- Start Date: ..."), which the
				  * page shows as metadata instead; 0: none */
};

struct rfc_opts {
	enum diag_severity severity; /* of the house-rule diagnostics */
	int check_sections;	     /* report a lightweight RFC's gaps */
	/* The map of the RFC's metadata file (rfc_sidecar_path), or NULL:
	 * every field the front matter lacks is read from it as if it were
	 * front matter ("creation-date" counting as "date"), and a problem
	 * with one of its values is reported on sidecar_path. */
	const struct val *sidecar;
	const char *sidecar_path;
	/* where md4c's callbacks for body are recorded for its page, or
	 * NULL (outline_parse_tape) */
	struct buf *tape;
};
#define RFC_OPTS_INIT                             \
	{                                         \
		DIAG_WARNING, 1, NULL, NULL, NULL \
	}

/* Reads one RFC or ADR.  path (the file's path in its repository; may be
 * NULL) gives the number and a fallback title; meta is the front matter map
 * (NULL or empty when there is none); body is the Markdown after it
 * (body_len bytes, need not be NUL-terminated), starting on file line
 * body_line.  opts may be NULL for RFC_OPTS_INIT.  Problems are added to d
 * (may be NULL) under repo and path.  Returns 0, or -1 when the Markdown
 * parser failed: out then holds what the front matter and path gave. */
int rfc_parse(struct rfc_info *out, struct arena *a, const char *path,
	      const struct val *meta, const char *body, size_t body_len, int body_line,
	      const struct rfc_opts *opts, const char *repo, struct diag_list *d);

/* The metadata file that an RFC at path keeps beside it, or NULL: a
 * Kubernetes enhancement proposal is a folder whose README.md (or
 * index.md) is the text and whose kep.yaml holds its title, number,
 * authors, status and dates.  Returns "<folder>/kep.yaml" in the arena for
 * an RFC named README.md or index.md (any case), else NULL; whether the
 * file exists is the caller's to find. */
const char *rfc_sidecar_path(struct arena *a, const char *path);

/* Parses a metadata file's text (len bytes) into *out, a map.  Returns 0,
 * or -1 with *out NULL when it is not YAML or not a mapping: that is
 * reported on path (under repo) as a user-fixable warning saying that the
 * RFC's fields are not read from it. */
int rfc_sidecar_parse(const struct val **out, struct arena *a, const char *text,
		      size_t len, const char *repo, const char *path,
		      struct diag_list *d);

/* "draft", "review", ...; "unknown" for RFC_UNKNOWN. */
const char *rfc_status_name(enum rfc_status s);

/* Maps a status as people write it to an enum rfc_status, or returns -1.
 * Case, punctuation and anything after the leading words are ignored
 * ("Superseded by ADR-5", "**Accepted** (2024-01-02)"); text that opens
 * with '[', '{' or '<' is a template's placeholder and unknown.  Synonyms:
 *   draft       draft, drafting, wip, work in progress, in progress, idea,
 *               new
 *   review      review, in review, under review, ready for review, proposed,
 *               provisional (a KEP's first status),
 *               proposal, open, pending, submitted, in/under discussion,
 *               discussion, final comment period, fcp, under consideration
 *   accepted    accepted, approved, adopted, agreed, decided, active,
 *               implemented, implementing, implementable (a KEP approved
 *               for work), done, complete(d), final, merged,
 *               in effect, amended, ratified, stable
 *   rejected    rejected, declined, denied, refused, not accepted, wontfix,
 *               won't do / won't fix
 *   superseded  superseded, deprecated, replaced, obsolete(d), retired,
 *               outdated
 *   withdrawn   withdrawn, abandoned, cancelled, canceled, retracted,
 *               postponed, deferred, on hold, parked, dropped, dormant */
int rfc_status_from_text(const char *s, size_t n);

/* The number in a file name (see above; an index file's, README or
 * index, in its folder's name: "keps/sig-x/2896-name/README.md" is 2896),
 * or -1.  path may be NULL. */
int rfc_number_from_path(const char *path);

#endif
