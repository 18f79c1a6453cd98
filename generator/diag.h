/* diag: problems found in the input, recorded where they are found.
 *
 * Each diagnostic prints as one line
 *     severity: class: repo:path:line: message
 * where parts that do not apply (no repo, no line) are left out.  Messages
 * are lower case, subject first, the thing quoted.  A diag_list is safe to
 * append to from several threads. */
#ifndef CAIRN_DIAG_H
#define CAIRN_DIAG_H

#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

enum diag_class {
	DIAG_RETRYABLE, /* try again later: a fetch failed */
	DIAG_USER,	/* a repository's file is wrong */
	DIAG_OPERATOR,	/* cairn.yaml or the machine is wrong */
	DIAG_FATAL	/* cairn cannot go on */
};

struct diag {
	enum diag_severity severity;
	enum diag_class cls;
	char *repo; /* may be NULL */
	char *path; /* may be NULL */
	int line;   /* 0 when unknown */
	char *msg;
	size_t seq; /* order of arrival, for stable sorting */
};

struct diag_list {
	pthread_mutex_t lock;
	struct diag *items;
	size_t len, cap;
	FILE *echo; /* when set, each diagnostic is also printed on arrival */
};

void diag_init(struct diag_list *d);
void diag_release(struct diag_list *d);

void diag_add(struct diag_list *d, enum diag_severity sev, enum diag_class cls,
	      const char *repo, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* diag_add with its arguments in ap: for a module's own wrappers. */
void diag_vadd(struct diag_list *d, enum diag_severity sev, enum diag_class cls,
	       const char *repo, const char *path, int line, const char *fmt,
	       va_list ap) __attribute__((format(printf, 7, 0)));

/* Adds a copy of each diagnostic of from to the end of to, in order. */
void diag_append(struct diag_list *to, const struct diag_list *from);

/* Shorthands for the common cases. */
#define diag_user(d, repo, path, line, ...) \
	diag_add((d), DIAG_WARNING, DIAG_USER, (repo), (path), (line), __VA_ARGS__)
#define diag_user_error(d, repo, path, line, ...) \
	diag_add((d), DIAG_ERROR, DIAG_USER, (repo), (path), (line), __VA_ARGS__)
#define diag_operator(d, path, line, ...) \
	diag_add((d), DIAG_ERROR, DIAG_OPERATOR, NULL, (path), (line), __VA_ARGS__)

/* Formats one diagnostic as its line (without the newline). */
void diag_format(char *out, size_t size, const struct diag *dg);
/* Sorts the diagnostics by repo, path, line, arrival. */
void diag_sort(struct diag_list *d);
/* Sorts (diag_sort), then prints one line each. */
void diag_print(FILE *f, struct diag_list *d);
size_t diag_count(const struct diag_list *d, enum diag_severity sev);
/* True when some diagnostic has class cls. */
int diag_has_class(const struct diag_list *d, enum diag_class cls);
const char *diag_class_name(enum diag_class cls);

/* A developer's aid for finding slow phases, switched on for the process by
 * diag_set_timing(1) (main.c does it when CAIRN_TIMING is set): prints
 * "cairn: SCOPE: WHAT  <seconds since *last> s  (peak N MB)" on stderr (WHAT
 * padded to width) when what is not NULL, then sets *last to now.  Switched
 * off, does nothing. */
void diag_timing(struct timespec *last, const char *scope, int width, const char *what);
void diag_set_timing(int on);
int diag_timing_on(void);
/* Prints "cairn: LINE" on stderr: a developer's note (with timing on), in
 * the shape of a callback (userdata unused). */
void diag_note(const char *line, void *userdata);

/* The progress line on a terminal: "cairn: 3/10 repositories, 40/200
 * pages" (no pages while pages_total is 0), written over itself; and its
 * end, which clears it. */
void diag_progress(size_t crawled, size_t repos, size_t pages, size_t pages_total);
void diag_progress_end(void);

#endif
