/* codeowners_glob: the patterns of CODEOWNERS files and of cairn.yaml's
 * paths: (see codeowners.h), compiled once into segments and matched in at
 * most (path x pattern) steps.  Internal to the codeowners module:
 * codeowners.c reads the files, codeowners_glob.c compiles and matches;
 * other modules use codeowners.h. */
#ifndef CAIRN_CODEOWNERS_GLOB_H
#define CAIRN_CODEOWNERS_GLOB_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "codeowners.h"
#include "diag.h"

/* A pattern is a list of segments, one per path segment it matches, or
 * a globstar matching any number (zero or more) of path segments.  Inside
 * a segment, tokens match one byte (literals, compared bytewise so that a
 * UTF-8 literal matches itself), one character ('?', "[...]") or any run of
 * characters ('*'). */
enum tok_kind { TOK_BYTE, TOK_ONE, TOK_STAR, TOK_CLASS };

struct tok {
	unsigned char kind;
	unsigned char byte;   /* TOK_BYTE */
	unsigned char negate; /* TOK_CLASS: "[!...]" or "[^...]" */
	size_t nranges;	      /* TOK_CLASS: pairs lo, hi of code points */
	const uint32_t *ranges;
};

struct seg {
	int globstar;
	const struct tok *toks;
	size_t ntoks;
};

struct glob {
	const struct seg *segs;
	size_t nsegs;
};

/* The state of reading one file (CODEOWNERS or OWNERS): where its problems
 * are said, and the CODEOWNERS being built. */
struct parser {
	struct arena *a;
	struct diag_list *d;
	const char *repo, *path;
	enum codeowners_dialect dialect;
	struct codeowners *co;
	int problems;
	int line;
	size_t cur;		     /* current section */
	const char *const *defaults; /* owners of the current heading */
	size_t ndefaults;
};

/* Adds a warning at p's file and line, and counts it (codeowners.c). */
void codeowners_problem(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Text of s[0..n) for quoting in a diagnostic: at most 60 bytes, cut on a
 * character boundary, with "..." when shortened. */
struct quote {
	char s[72];
};
struct quote codeowners_quoted(const char *s, size_t n);

/* Compiles the CODEOWNERS pattern raw[0..n) (escapes still in, no leading
 * '!') for the dialect of p, into p's arena.  Returns 0, or -1 after a
 * problem (the line is to be ignored); a pattern that compiles may still
 * have had a problem said of it. */
int codeowners_compile(struct parser *p, const char *raw, size_t n, struct glob *out);

/* Does the whole of path[0..len) match g? */
int codeowners_glob_match(const struct glob *g, const char *path, size_t len);

#endif
