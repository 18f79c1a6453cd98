/* scaffold: new documents from the templates (`cairn new`).
 *
 * Each kind has a template (templates/ in the sources, built into the
 * binary as scaffold_builtin_templates), a default folder and a file name:
 *
 *   kind          template            folder            file
 *   rfc           rfc.md              docs/rfcs         NNNN-slug.md
 *   postmortem    postmortem.md       docs/postmortems  YYYY-MM-DD-slug.md
 *   runbook       runbook.md          docs/runbooks     slug.md
 *   catalog-info  catalog-info.yaml   .                 catalog-info.yaml
 *   techdebt      techdebt.md         docs/tech-debt    slug.md
 *
 * NNNN is one more than the highest RFC number of the folder's files
 * (rfc_number_from_path), 0001 in a new folder.  The slug is the title in
 * lower-case ASCII letters and digits with '-' between words, at most
 * SCAFFOLD_SLUG_MAX bytes, cut at a word's end ("untitled" when nothing is
 * left).  Latin-1 letters are folded ("Café größe" -> "cafe-grosse"); other
 * characters separate words.
 *
 * Templates are Mustache (mustache.h), rendered against:
 *   title        the title as given           title_yaml  as a YAML string
 *   author       the author's name            author_yaml as a YAML string
 *   date         YYYY-MM-DD (opts->date, else the day of opts->now, UTC)
 *   due          the day of opts->now plus SCAFFOLD_DUE_DAYS, YYYY-MM-DD
 *   slug         the slug                     number      NNNN (rfc) or ""
 * Use {{{name}}}: the double-brace form escapes HTML.
 *
 * A file is never overwritten: it is created with O_EXCL.  An RFC whose
 * slug is already taken by an RFC of the folder ("0007-use-kafka.md") is
 * refused the same way, so running the command twice files nothing twice. */
#ifndef CAIRN_SCAFFOLD_H
#define CAIRN_SCAFFOLD_H

#include "buf.h"
#include "theme.h"

#define SCAFFOLD_SLUG_MAX 60
/* A scaffolded action item is due one two-week sprint from today. */
#define SCAFFOLD_DUE_DAYS 14

enum scaffold_kind {
	SCAFFOLD_RFC,
	SCAFFOLD_POSTMORTEM,
	SCAFFOLD_RUNBOOK,
	SCAFFOLD_CATALOG,
	SCAFFOLD_TECHDEBT
};

struct scaffold_opts {
	const char *dir;       /* the folder to write in; NULL: the kind's */
	const char *author;    /* NULL or "": "your-name" */
	const char *date;      /* YYYY-MM-DD; NULL: the day of now */
	long long now;	       /* seconds since 1970 (UTC): today */
	const char *templates; /* a folder whose files replace the built-in
				* templates of the same name; may be NULL */
};
#define SCAFFOLD_OPTS_INIT                \
	{                                 \
		NULL, NULL, NULL, 0, NULL \
	}

enum scaffold_result {
	SCAFFOLD_OK = 0,
	SCAFFOLD_FAILED = -1, /* bad input, a missing template, an I/O error */
	SCAFFOLD_EXISTS = -2  /* the file (or that RFC) already exists */
};

/* The built-in templates (generated from templates/ at build time;
 * terminated by an entry with name NULL).  Declared weak: a binary linked
 * without them has none and needs opts->templates. */
extern const struct theme_file scaffold_builtin_templates[];

/* The kind named "rfc", "postmortem", "runbook" or "catalog-info", or -1. */
int scaffold_kind_from_name(const char *name);

/* Appends the slug of title to out (see above). */
void scaffold_slug(struct buf *out, const char *title);

/* Writes a new document of kind with the given title (one line of text,
 * not empty).  On success appends the path written (the folder as given,
 * '/', the file name) to path.  Otherwise writes why into err (one line,
 * naming the file) and returns SCAFFOLD_FAILED or SCAFFOLD_EXISTS; nothing
 * is left behind. */
int scaffold_new(struct buf *path, enum scaffold_kind kind, const char *title,
		 const struct scaffold_opts *opts, struct buf *err);

#endif
