#include "rfc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "frontmatter.h"
#include "outline.h"
#include "path.h"
#include "yaml.h"

/* ---------------------------------------------------------------- statuses */

const char *rfc_status_name(enum rfc_status s)
{
	switch (s) {
	case RFC_DRAFT: return "draft";
	case RFC_REVIEW: return "review";
	case RFC_ACCEPTED: return "accepted";
	case RFC_REJECTED: return "rejected";
	case RFC_SUPERSEDED: return "superseded";
	case RFC_WITHDRAWN: return "withdrawn";
	case RFC_UNKNOWN: break;
	}
	return "unknown";
}

static const struct {
	const char *words;
	enum rfc_status status;
} status_words[] = {
	{ "draft", RFC_DRAFT },
	{ "drafting", RFC_DRAFT },
	{ "wip", RFC_DRAFT },
	{ "work in progress", RFC_DRAFT },
	{ "in progress", RFC_DRAFT },
	{ "idea", RFC_DRAFT },
	{ "new", RFC_DRAFT },
	{ "returned for revision", RFC_DRAFT }, /* Swift Evolution's */
	{ "needs revision", RFC_DRAFT },
	{ "review", RFC_REVIEW },
	{ "in review", RFC_REVIEW },
	{ "under review", RFC_REVIEW },
	{ "ready for review", RFC_REVIEW },
	{ "reviewing", RFC_REVIEW },
	{ "proposed", RFC_REVIEW },
	{ "provisional", RFC_REVIEW },
	{ "proposal", RFC_REVIEW },
	{ "open", RFC_REVIEW },
	{ "pending", RFC_REVIEW },
	{ "submitted", RFC_REVIEW },
	{ "discussion", RFC_REVIEW },
	{ "in discussion", RFC_REVIEW },
	{ "under discussion", RFC_REVIEW },
	{ "final comment period", RFC_REVIEW },
	{ "fcp", RFC_REVIEW },
	{ "under consideration", RFC_REVIEW },
	{ "exploring", RFC_REVIEW },	 /* Ember's stages */
	{ "active review", RFC_REVIEW }, /* not "active" (accepted) */
	{ "awaiting review", RFC_REVIEW },
	{ "scheduled for review", RFC_REVIEW },
	{ "accepted", RFC_ACCEPTED },
	{ "approved", RFC_ACCEPTED },
	{ "adopted", RFC_ACCEPTED },
	{ "agreed", RFC_ACCEPTED },
	{ "decided", RFC_ACCEPTED },
	{ "active", RFC_ACCEPTED },
	{ "implemented", RFC_ACCEPTED },
	{ "partially implemented", RFC_ACCEPTED },
	{ "awaiting implementation", RFC_ACCEPTED },
	{ "previewing", RFC_ACCEPTED },
	{ "ready for release", RFC_ACCEPTED },
	{ "released", RFC_ACCEPTED },
	{ "recommended", RFC_ACCEPTED },
	{ "implementing", RFC_ACCEPTED },
	{ "implementable", RFC_ACCEPTED },
	{ "done", RFC_ACCEPTED },
	{ "complete", RFC_ACCEPTED },
	{ "completed", RFC_ACCEPTED },
	{ "final", RFC_ACCEPTED },
	{ "merged", RFC_ACCEPTED },
	{ "in effect", RFC_ACCEPTED },
	{ "amended", RFC_ACCEPTED },
	{ "ratified", RFC_ACCEPTED },
	{ "stable", RFC_ACCEPTED },
	{ "rejected", RFC_REJECTED },
	{ "declined", RFC_REJECTED },
	{ "denied", RFC_REJECTED },
	{ "refused", RFC_REJECTED },
	{ "not accepted", RFC_REJECTED },
	{ "wontfix", RFC_REJECTED },
	{ "wont fix", RFC_REJECTED },
	{ "wont do", RFC_REJECTED },
	{ "superseded", RFC_SUPERSEDED },
	{ "partly superseded", RFC_SUPERSEDED },
	{ "partially superseded", RFC_SUPERSEDED },
	{ "deprecated", RFC_SUPERSEDED },
	{ "replaced", RFC_SUPERSEDED },
	{ "obsolete", RFC_SUPERSEDED },
	{ "obsoleted", RFC_SUPERSEDED },
	{ "retired", RFC_SUPERSEDED },
	{ "outdated", RFC_SUPERSEDED },
	{ "withdrawn", RFC_WITHDRAWN },
	{ "abandoned", RFC_WITHDRAWN },
	{ "cancelled", RFC_WITHDRAWN },
	{ "canceled", RFC_WITHDRAWN },
	{ "retracted", RFC_WITHDRAWN },
	{ "postponed", RFC_WITHDRAWN },
	{ "deferred", RFC_WITHDRAWN },
	{ "on hold", RFC_WITHDRAWN },
	{ "parked", RFC_WITHDRAWN },
	{ "dropped", RFC_WITHDRAWN },
	{ "dormant", RFC_WITHDRAWN },
	{ "discontinued", RFC_WITHDRAWN },
};

int rfc_status_from_text(const char *s, size_t n)
{
	char norm[64];
	size_t k = 0, words = 0, i = 0, best_len = 0;
	int best = -1, in_word = 0;

	if (!s)
		return -1;
	while (i < n && ascii_is_space(s[i]))
		i++;
	/* a template's placeholder: "[proposed | accepted]", "{...}", "<...>" */
	if (i < n && (s[i] == '[' || s[i] == '{' || s[i] == '<'))
		return -1;
	/* the leading words, lower case, one space apart; apostrophes inside
	 * a word vanish ("won't" -> "wont") */
	while (i < n && words < 5 && k < sizeof(norm) - 2) {
		char c = s[i];
		if (ascii_is_alpha(c)) {
			if (!in_word && words && k)
				norm[k++] = ' ';
			norm[k++] = ascii_lower(c);
			in_word = 1;
			i++;
		} else if (in_word && c == '\'') {
			i++;
		} else if (in_word && n - i >= 3 &&
			   memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			i += 3;
		} else {
			if (in_word)
				words++;
			in_word = 0;
			/* "Accepted: 2024" and "accepted (x)" end the status
			 * words at the punctuation; "**", emoji and spaces
			 * before the first word are skipped */
			if (k && c != ' ' && c != '\t' && c != '-' && c != '_')
				break;
			i++;
		}
	}
	norm[k] = '\0';
	for (size_t p = 0; p < sizeof(status_words) / sizeof(status_words[0]); p++) {
		size_t len = strlen(status_words[p].words);
		if (len > best_len && strncmp(norm, status_words[p].words, len) == 0 &&
		    (norm[len] == '\0' || norm[len] == ' ')) {
			best = (int)status_words[p].status;
			best_len = len;
		}
	}
	return best;
}

/* ---------------------------------------------------------------- numbers */

/* Parses 1..9 digits at s[*i]; returns the number or -1. */
static int digits_at(const char *s, size_t n, size_t *i)
{
	int v = 0;
	size_t start = *i;
	while (*i < n && ascii_is_digit(s[*i]) && *i - start < 9)
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == start || (*i < n && ascii_is_digit(s[*i])))
		return -1;
	return v;
}

static int starts_with_date(const char *s, size_t n)
{
	return n >= 10 && date_find_iso(s, 10) == 0;
}

/* Number at the start of a file stem, and where the rest starts. */
static int stem_number(const char *s, size_t n, size_t *rest)
{
	size_t i = 0;
	int v;

	if (starts_with_date(s, n))
		return -1;
	if (outline_starts_with(s, n, "adr") || outline_starts_with(s, n, "rfc")) {
		i = 3;
		if (i < n && (s[i] == '-' || s[i] == '_' || s[i] == ' '))
			i++;
	}
	v = digits_at(s, n, &i);
	if (v < 0 || (i < n && s[i] != '-' && s[i] != '_' && s[i] != '.' && s[i] != ' '))
		return -1;
	if (rest)
		*rest = i < n ? i + 1 : i;
	return v;
}

int rfc_number_from_path(const char *path)
{
	size_t n;
	const char *stem = path_name_stem(path, &n);
	return path ? stem_number(stem, n, NULL) : -1;
}

/* Takes a number prefix off a title: "1. Title", "12: Title", "3) Title",
 * "4 - Title", "ADR-0007: Title", "RFC 12 Title", "KEP-2896: Title".  Returns the number (and
 * moves *t past it) or -1, leaving *t alone. */
static int title_number(const char **t, size_t *n)
{
	const char *s = *t;
	size_t len = *n, i = 0;
	int prefixed = 0, v;

	if (outline_starts_with(s, len, "adr") || outline_starts_with(s, len, "rfc") ||
	    outline_starts_with(s, len, "kep")) {
		i = 3;
		prefixed = 1;
		while (i < len &&
		       (s[i] == ' ' || s[i] == '-' || s[i] == '_' || s[i] == '#'))
			i++;
	}
	v = digits_at(s, len, &i);
	if (v < 0)
		return -1;
	if (i < len && (s[i] == '.' || s[i] == ':' || s[i] == ')')) {
		i++;
		if (i < len && s[i] != ' ' && s[i] != '\t')
			return -1;
	} else if (i < len && (s[i] == ' ' || s[i] == '\t')) {
		size_t j = i;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < len && (s[j] == '-' || s[j] == ':'))
			i = j + 1;
		else if (len - j >= 3 && (memcmp(s + j, "\xE2\x80\x93", 3) == 0 ||
					  memcmp(s + j, "\xE2\x80\x94", 3) == 0))
			i = j + 3;
		else if (!prefixed)
			return -1;
	} else if (i < len) {
		return -1;
	}
	len -= i;
	s = outline_trim(s + i, &len);
	if (!len)
		return -1;
	*t = s;
	*n = len;
	return v;
}

/* The title a file name gives: "docs/0042-use-kafka.md" -> "Use kafka". */
static const char *stem_title(struct arena *a, const char *path)
{
	size_t n, rest = 0;
	const char *stem = path_name_stem(path, &n);
	char *t;

	if (stem_number(stem, n, &rest) >= 0 && rest < n)
		stem += rest, n -= rest;
	t = arena_strndup(a, stem, n);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* A section's heading, not a document's title ("## Summary"). */
static int section_word(const char *s, size_t n)
{
	static const char *const words[] = { "summary",		 "motivation",
					     "abstract",	 "introduction",
					     "overview",	 "background",
					     "context",		 "status",
					     "table of contents" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (outline_words_eq(s, n, words[i]))
			return 1;
	return 0;
}

/* A title made from a name ("nll", "rust-lang_github_org_access_policy",
 * a file name): '_' becomes a space, and each word takes the case the
 * document's text writes it in most often when that is not all lower case
 * ("rfc" -> "RFC", "ufcs" -> "UFCS", "github" -> "GitHub"; a capital that
 * only opens a sentence does not count, nor does the lower case of an
 * address or a file name).  The first letter is made upper
 * case. */
static const char *humane_title(struct arena *a, const char *name, size_t n,
				const char *body, size_t body_len)
{
	char *t = arena_strndup(a, name, n);
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	/* the words of the title, each with its best casing in the text */
	struct word {
		char *at;
		size_t n;
		const char *best;
		size_t best_n;
		int lower, best_count;
	};
	struct word w[16];
	size_t nw = 0;
	for (char *p = t; *p && nw < 16;) {
		if (!ascii_is_alpha(*p)) {
			p++;
			continue;
		}
		char *q = p;
		while (*q && (ascii_is_alpha(*q) || ascii_is_digit(*q)))
			q++;
		w[nw++] = (struct word){ p, (size_t)(q - p), NULL, 0, 0, 0 };
		p = q;
	}
	for (size_t i = 0; body && i < body_len && nw;) {
		if (!ascii_is_alpha(body[i])) {
			i++;
			if (body[i - 1] == '_' || ascii_is_digit(body[i - 1]))
				while (i < body_len &&
				       (ascii_is_alpha(body[i]) ||
					ascii_is_digit(body[i]) || body[i] == '_'))
					i++;
			continue;
		}
		size_t j = i;
		/* identifiers ("a_github_org") are not words of the text */
		while (j < body_len && (ascii_is_alpha(body[j]) ||
					ascii_is_digit(body[j]) || body[j] == '_'))
			j++;
		size_t len = j - i;
		for (size_t k = 0; k < nw; k++) {
			if (w[k].n != len || strncasecmp(w[k].at, body + i, len) != 0)
				continue;
			int upper = 0, inner = 0;
			for (size_t x = 0; x < len; x++)
				if (body[i + x] >= 'A' && body[i + x] <= 'Z') {
					upper++;
					inner |= x > 0;
				}
			/* a lower-case one in a path, an address, a file
			 * name or code ("/nll/", "x.nll", "`nll`") is not
			 * prose */
			if (!upper && !(i && strchr("/.-#`=", body[i - 1])) &&
			    !(j < body_len && strchr("/.-#`=", body[j])))
				w[k].lower++;
			else if (inner && len >= 2) {
				/* "RFC", "GitHub": counted by exact spelling */
				if (w[k].best && w[k].best_n == len &&
				    memcmp(w[k].best, body + i, len) == 0)
					w[k].best_count++;
				else if (!w[k].best || w[k].best_count == 0)
					w[k].best = body + i, w[k].best_n = len,
					w[k].best_count = 1;
				else
					w[k].best_count--;
			}
		}
		i = j;
	}
	for (size_t k = 0; k < nw; k++)
		if (w[k].best && w[k].best_count > w[k].lower)
			memcpy(w[k].at, w[k].best, w[k].n);
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* ---------------------------------------------------------------- parse */

struct found {
	const char *text; /* not NUL-terminated */
	size_t len;
	int line;
	const char *href;
};

struct body_fields {
	struct found status, date, authors, feature, pr, discussion, superseded_by;
	int rust;      /* Rust template keys seen */
	int list_form; /* a status or deciders key in a list under the title */
	int dated;     /* a "Date:" paragraph line (Nygard) */
	int updated;   /* the date is a "Last updated:" line (Go's) */
};

struct ctx {
	struct arena *a;
	const char *repo, *path;
	struct diag_list *d;
	enum diag_severity sev;
};

static void report(struct ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct ctx *c, int line, const char *fmt, ...)
{
	va_list ap;

	if (!c->d)
		return;
	va_start(ap, fmt);
	diag_vadd(c->d, c->sev, DIAG_USER, c->repo, c->path, line, fmt, ap);
	va_end(ap);
}

static void set_found(struct found *f, const char *s, size_t n, int line,
		      const char *href)
{
	if (f->text)
		return;
	f->text = s;
	f->len = n;
	f->line = line;
	f->href = href;
}

/* Reads one "Key: value" line of the part under the title. */
static void preamble_line(struct body_fields *bf, const struct outline_block *b,
			  const char *s, size_t n, int line, const char *href)
{
	const char *k, *v;
	size_t kn, vn;
	int item = b->kind == OUTLINE_ITEM;

	if (!outline_key_value(s, n, &k, &kn, &v, &vn))
		return;
	if (outline_words_eq(k, kn, "status")) {
		set_found(&bf->status, v, vn, line, href);
		bf->list_form |= item;
	} else if (outline_words_eq(k, kn, "date") ||
		   outline_words_eq(k, kn, "start date") ||
		   outline_words_eq(k, kn, "created") ||
		   outline_words_eq(k, kn, "last updated")) {
		if (!bf->date.text)
			bf->updated = outline_words_eq(k, kn, "last updated");
		set_found(&bf->date, v, vn, line, NULL);
		if (outline_words_eq(k, kn, "start date"))
			bf->rust = 1;
		else if (!item)
			bf->dated = 1;
	} else if (outline_words_eq(k, kn, "authors") ||
		   outline_words_eq(k, kn, "author") ||
		   outline_words_eq(k, kn, "author(s)")) {
		/* Go's "Author(s): A <a@x> Last Updated: 2019-02-20" */
		for (size_t i = 1; i + 13 <= vn; i++)
			if (v[i - 1] == ' ' &&
			    !strncasecmp(v + i, "last updated:", 13)) {
				preamble_line(bf, b, v + i, vn - i, line, NULL);
				vn = i - 1;
				break;
			}
		set_found(&bf->authors, v, vn, line, NULL);
	} else if (outline_words_eq(k, kn, "deciders") ||
		   outline_words_eq(k, kn, "decision makers")) {
		set_found(&bf->authors, v, vn, line, NULL);
		bf->list_form |= item;
	} else if (outline_words_eq(k, kn, "feature name")) {
		set_found(&bf->feature, v, vn, line, NULL);
		bf->rust = 1;
	} else if (outline_words_eq(k, kn, "rfc pr") ||
		   outline_words_eq(k, kn, "erfc pr") ||
		   outline_words_eq(k, kn, "rfc pull request")) {
		set_found(&bf->pr, v, vn, line, href);
		bf->rust = 1;
	} else if (outline_words_eq(k, kn, "rust issue")) {
		bf->rust = 1;
	} else if (outline_words_eq(k, kn, "discussion") ||
		   outline_words_eq(k, kn, "pull request")) {
		set_found(&bf->discussion, v, vn, line, href);
	} else if (outline_words_eq(k, kn, "superseded by")) {
		set_found(&bf->superseded_by, v, vn, line, href);
	}
}

/* The first text line of b that is not blank. */
static int first_line(const struct outline_block *b, const char **s, size_t *n, int *line)
{
	struct outline_cursor c = OUTLINE_CURSOR_INIT;
	while (outline_next_line(b, &c, s, n, line)) {
		if (!outline_blank(*s, *n)) {
			*s = outline_trim(*s, n);
			return 1;
		}
	}
	return 0;
}

/* A heading's text without numbering ("2. ", "3) ") or a trailing ':'. */
static const char *heading_core(const struct outline_block *h, size_t *n)
{
	const char *s = h->text;

	*n = h->len;
	s = outline_trim(s, n);
	if (*n && ascii_is_digit(*s)) {
		size_t i = 0;
		while (i < *n && (ascii_is_digit(s[i]) || s[i] == '.' || s[i] == ')'))
			i++;
		s += i, *n -= i;
		s = outline_trim(s, n);
	}
	while (*n && (s[*n - 1] == ':' || s[*n - 1] == '.'))
		(*n)--;
	return s;
}

/* The status a "Status" section gives: its heading "Status: x", or the
 * first line of the first paragraph or item after it. */
static int status_section(const struct outline *ol, struct found *out)
{
	for (size_t i = 0; i < ol->len; i++) {
		const struct outline_block *h = &ol->blocks[i];
		const char *k, *v;
		size_t kn, vn;
		if (h->kind != OUTLINE_HEADING)
			continue;
		if (outline_key_value(h->text, h->len, &k, &kn, &v, &vn) &&
		    outline_words_eq(k, kn, "status")) {
			set_found(out, v, vn, h->line, h->href);
			return 1;
		}
		k = heading_core(h, &kn);
		if (!outline_words_eq(k, kn, "status"))
			continue;
		for (size_t j = i + 1; j < ol->len; j++) {
			const struct outline_block *b = &ol->blocks[j];
			const char *s;
			size_t n;
			int line;
			if (b->kind == OUTLINE_HEADING)
				break;
			if (b->kind == OUTLINE_ROW || !first_line(b, &s, &n, &line))
				continue;
			set_found(out, s, n, line, b->href);
			return 1;
		}
		return 1; /* an empty Status section */
	}
	return 0;
}

/* The lightweight RFC sections, each with the headings that count. */
static const char *const sections[4][4] = {
	{ "problem statement", "problem", NULL, NULL },
	{ "proposed approach", "proposal", "proposed solution", "approach" },
	{ "alternatives considered", "alternatives", "considered alternatives", NULL },
	{ "decision rationale", "rationale", NULL, NULL },
};
static const char *const section_names[4] = { "Problem statement", "Proposed approach",
					      "Alternatives considered",
					      "Decision rationale" };

/* Which of the four sections heading h is, or -1. */
static int section_of(const struct outline_block *h)
{
	size_t n;
	const char *s = heading_core(h, &n);

	for (int k = 0; k < 4; k++)
		for (int w = 0; w < 4 && sections[k][w]; w++)
			if (outline_words_eq(s, n, sections[k][w]))
				return k;
	return -1;
}

/* A day-first date, "23-07-2014" (or with '/' or '.'), where the day
 * cannot be the month (over 12, or the month's own number): the bytes it
 * takes, else 0. */
static size_t day_first(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i = 0, k;
	if ((*d = digits_at(s, n, &i)) < 0 || i > 2 || i >= n ||
	    (s[i] != '-' && s[i] != '/' && s[i] != '.'))
		return 0;
	char sep = s[i++];
	k = i;
	if ((*m = digits_at(s, n, &i)) < 0 || i - k > 2 || i >= n || s[i] != sep)
		return 0;
	k = ++i;
	if ((*y = digits_at(s, n, &i)) < 0 || i - k != 4)
		return 0;
	return *d > 12 || *d == *m ? i : 0;
}

/* Where a date written by hand ends: before a full stop that ends the
 * line ("March 1, 2019.") and before a remark in brackets after it ("15
 * May 2017 (to reflect actual implementation)"), both in Go's design
 * documents' "Last updated:" lines. */
static size_t date_end(const char *s, size_t n)
{
	const char *open = n ? memchr(s, '(', n) : NULL;
	if (open && open > s && open[-1] == ' ')
		n = (size_t)(open - s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n > 1 && s[n - 1] == '.' && ascii_is_digit(s[n - 2]))
		n--;
	return n;
}

/* A date as written to YYYY-MM-DD in the arena, or NULL when it is not a
 * real date.  "2024-05-01T10:00:00Z" keeps its date; what people write in
 * a Rust RFC's "Start Date:" is read too: "(2016-06-17)", "2020/05/18",
 * "2023-10-3", "May 1, 2024", "23-07-2014". */
static const char *norm_date(struct arena *a, const char *s, size_t n)
{
	int y, m, d;
	size_t k;
	s = outline_trim(s, &n);
	if (n > 2 && ((s[0] == '(' && s[n - 1] == ')') ||
		      (s[0] == '[' && s[n - 1] == ']'))) {
		n -= 2;
		s = outline_trim(s + 1, &n);
	}
	n = date_end(s, n);
	if (n >= 10 && (n == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ') &&
	    date_iso_days(s, 10) >= 0)
		return arena_strndup(a, s, 10);
	if ((k = date_written(s, n, &y, &m, &d)) != n)
		k = day_first(s, n, &y, &m, &d);
	if (k != n || y < 1970 || y > 9999 || !date_valid(y, m, d))
		return NULL;
	char out[11];
	snprintf(out, sizeof(out), "%04d-%02d-%02d", y, m, d);
	return arena_strndup(a, out, 10);
}

/* The target of "Superseded by X" (a Markdown link's URL, else X). */
static const char *superseding(struct arena *a, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') &&
		    outline_starts_with(s + i, n - i, "by") &&
		    (i + 2 == n || s[i + 2] == ' ' || s[i + 2] == ':'))
			break;
	if (i + 3 > n)
		return NULL;
	s += i + 3, n -= i + 3;
	s = outline_trim(s, &n);
	if (n && s[0] == '[') {
		/* "[ADR-5](0005-x.md)": the first "](" (found by hand:
		 * gcc -O1 with sanitizers takes s for NULL in a memmem) */
		const char *mid = NULL;
		for (size_t k = 0; k + 1 < n && !mid; k++)
			if (s[k] == ']' && s[k + 1] == '(')
				mid = s + k;
		if (mid && s[n - 1] == ')' && mid + 2 < s + n - 1)
			return arena_strndup(a, mid + 2,
					     (size_t)(s + n - 1 - (mid + 2)));
	}
	return n ? arena_strndup(a, s, n) : NULL;
}

/* Rust's "RFC PR:" names a real pull request: its last number is not 0
 * (the template's placeholder is "rust-lang/rfcs#0000"). */
static int names_pr(const struct found *pr)
{
	const char *s = pr->href ? pr->href : pr->text;
	size_t n = pr->href ? strlen(pr->href) : pr->len;
	while (n && !ascii_is_digit(s[n - 1]))
		n--;
	while (n && ascii_is_digit(s[n - 1])) {
		if (s[n - 1] != '0')
			return 1;
		n--;
	}
	return 0;
}

static const char *copy_line(struct arena *a, const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	if (nl)
		n = (size_t)(nl - s);
	s = outline_trim(s, &n);
	return arena_strndup(a, s, n);
}

static void set_status(struct rfc_info *out, struct ctx *c, const char *s,
		       size_t n, int line, const char *href)
{
	int st;

	out->status_text = copy_line(c->a, s, n);
	out->status_line = line;
	st = rfc_status_from_text(out->status_text, strlen(out->status_text));
	if (st < 0) {
		out->status = RFC_UNKNOWN;
		report(c, line,
		       "rfc status \"%s\" is not a known status: use draft, review, "
		       "accepted, rejected, superseded or withdrawn",
		       out->status_text);
		return;
	}
	out->status = (enum rfc_status)st;
	if (out->status == RFC_SUPERSEDED && !out->superseded_by)
		out->superseded_by = href ? href
					  : superseding(c->a, out->status_text,
							strlen(out->status_text));
}

/* One document being read: what rfc_parse's steps share. */
struct reading {
	struct ctx c;
	struct ctx side; /* the metadata file's, for its values' problems */
	struct rfc_info *out;
	const struct val *meta;
	const struct val *sidecar; /* or NULL */
	const char *body;
	size_t body_len;
	int body_line;
	struct outline ol;
	struct body_fields bf;
	struct found sec;    /* a Status section's status */
	int has_fm, madr_fm; /* front matter; MADR's keys in it */
	int has_status_section;
	size_t title_at; /* the title heading's block, or -1 */
	int anchor_line; /* where document-wide problems are said */
};

/* key's value in the front matter, else in the metadata file; *c is
 * where a problem with it is reported. */
static const struct val *field(struct reading *r, const char *key, struct ctx **c)
{
	const struct val *v = frontmatter_get(r->meta, key);
	*c = &r->c;
	if (!v && (v = frontmatter_get(r->sidecar, key)))
		*c = &r->side;
	return v;
}

/* field() for a key whose value is text (title, status, discussion): a
 * list or a mapping is said and is as none. */
static const struct val *text_field(struct reading *r, const char *key, struct ctx **c)
{
	const struct val *v = field(r, key, c);
	if (v && (v->type == VAL_LIST || v->type == VAL_MAP)) {
		report(*c, v->line,
		       "front matter \"%s\" is a %s, not text: it is ignored; write it "
		       "as one line (%s: ...)",
		       key, v->type == VAL_LIST ? "list" : "mapping", key);
		return NULL;
	}
	return v;
}

/* The part under the title: "Key: value" lines and list items, up to the
 * first heading after it. */
static void read_preamble(struct reading *r)
{
	const struct outline *ol = &r->ol;
	size_t start = ol->len && ol->blocks[0].kind == OUTLINE_HEADING;

	for (size_t i = start; i < ol->len; i++) {
		const struct outline_block *b = &ol->blocks[i];
		struct outline_cursor cur = OUTLINE_CURSOR_INIT;
		const char *s;
		size_t n;
		int line;
		if (b->kind == OUTLINE_HEADING)
			break;
		if (b->kind == OUTLINE_ROW)
			continue;
		while (outline_next_line(b, &cur, &s, &n, &line))
			preamble_line(&r->bf, b, s, n, line,
				      b->nlines == 1 ? b->href : NULL);
	}
}

static const char *shape_of(const struct reading *r)
{
	if (r->has_fm)
		return r->madr_fm ? "madr" : "front-matter";
	if (r->bf.rust)
		return "rust";
	if (r->bf.list_form)
		return "madr";
	if (r->has_status_section || r->bf.dated)
		return "nygard";
	return "plain";
}

/* The bytes of a Rust header list that opens the document (shown as
 * metadata): up to the line after its last item's last line. */
static size_t rust_header_len(const struct reading *r)
{
	const struct outline *ol = &r->ol;
	size_t off = 0;
	int last = 0;

	if (!ol->len || ol->blocks[0].kind != OUTLINE_ITEM)
		return 0;
	for (size_t i = 0; i < ol->len && ol->blocks[i].kind == OUTLINE_ITEM; i++) {
		const struct outline_block *b = &ol->blocks[i];
		if (b->lines[b->nlines - 1] > last)
			last = b->lines[b->nlines - 1];
	}
	for (int ln = r->body_line; ln <= last && off < r->body_len; ln++) {
		const char *nl = memchr(r->body + off, '\n', r->body_len - off);
		off = nl ? (size_t)(nl - r->body) + 1 : r->body_len;
	}
	return off;
}

/* The heading that names the document, or -1: the first heading when the
 * document opens with one, else its first level-1 heading (a Rust RFC's
 * headings are its sections, unless a level-1 heading names it). */
static size_t title_heading(const struct outline *ol, int rust)
{
	for (size_t i = 0; i < ol->len; i++) {
		const struct outline_block *b = &ol->blocks[i];
		if (b->kind != OUTLINE_HEADING)
			continue;
		if (rust && (b->level != 1 || section_word(b->text, b->len)))
			continue;
		if (i == 0 || b->level == 1)
			return i;
	}
	return (size_t)-1;
}

/* A Rust RFC's Feature Name as a title ("`nll`" -> "Nll"), or NULL. */
static const char *feature_title(struct reading *r)
{
	const char *s = r->bf.feature.text;
	size_t n = r->bf.feature.len;
	const char *nl = memchr(s, '\n', n);

	if (nl)
		n = (size_t)(nl - s);
	s = outline_trim(s, &n);
	while (n && (*s == '`' || *s == '\'' || *s == '"'))
		s++, n--;
	while (n && (s[n - 1] == '`' || s[n - 1] == '\'' || s[n - 1] == '"'))
		n--;
	/* a placeholder: "N/A", "NA", "Not applicable", "TBD", "none" */
	if (!n || *s == '(' || *s == '[' || outline_words_eq(s, n, "n/a") ||
	    outline_words_eq(s, n, "na") || outline_words_eq(s, n, "not applicable") ||
	    outline_words_eq(s, n, "tbd") || outline_words_eq(s, n, "none"))
		return NULL;
	return humane_title(r->c.a, s, n, r->body, r->body_len);
}

/* The number and title: front matter, the title heading, the Feature
 * Name, the file name. */
static void read_title(struct reading *r)
{
	struct rfc_info *out = r->out;
	struct arena *a = r->c.a;
	const struct val *v;
	const char *t;

	struct ctx *c;
	if ((v = text_field(r, "title", &c)) && (t = frontmatter_text(a, v))) {
		out->title = t;
		out->title_line = c == &r->c ? v->line : 0;
	}
	r->title_at = title_heading(&r->ol, strcmp(out->shape, "rust") == 0);
	if (r->title_at != (size_t)-1) {
		const struct outline_block *h = &r->ol.blocks[r->title_at];
		size_t n = h->len;
		const char *s = outline_trim(h->text, &n);
		int num = title_number(&s, &n);
		if (out->number < 0)
			out->number = num;
		if (!out->title && n) {
			out->title = copy_line(a, s, n);
			out->title_line = h->line;
		}
	}
	if (!out->title && r->bf.feature.text && (out->title = feature_title(r)))
		out->title_line = r->bf.feature.line;
	if (!out->title) {
		const char *st = stem_title(a, r->c.path);
		out->title = humane_title(a, st, strlen(st), r->body, r->body_len);
	}
	r->anchor_line = r->title_at != (size_t)-1 ? r->ol.blocks[r->title_at].line
						   : r->body_line;
}

/* Authors, superseded_by and discussion. */
static void read_people(struct reading *r)
{
	struct rfc_info *out = r->out;
	struct arena *a = r->c.a;
	const struct body_fields *bf = &r->bf;
	const struct val *v;

	struct ctx *c;
	if ((v = field(r, "authors", &c)) || (v = field(r, "author", &c)) ||
	    (v = field(r, "deciders", &c)) || (v = field(r, "decision makers", &c)))
		out->nauthors = frontmatter_names(a, v, &out->authors);
	if (!out->nauthors && bf->authors.text)
		out->nauthors = frontmatter_names_text(
			a, bf->authors.text, bf->authors.len, &out->authors);
	if ((v = field(r, "superseded by", &c)))
		out->superseded_by = frontmatter_text(a, v);
	if (!out->superseded_by && bf->superseded_by.text)
		out->superseded_by = bf->superseded_by.href
					     ? bf->superseded_by.href
					     : copy_line(a, bf->superseded_by.text,
							 bf->superseded_by.len);
	if ((v = text_field(r, "discussion", &c)))
		out->discussion = frontmatter_text(a, v);
	if (!out->discussion) {
		const struct found *f = bf->pr.text ? &bf->pr : &bf->discussion;
		if (f->text)
			out->discussion = f->href ? f->href
						  : copy_line(a, f->text, f->len);
	}
}

static void read_date(struct reading *r)
{
	struct rfc_info *out = r->out;
	struct arena *a = r->c.a;
	const struct found *date = &r->bf.date;
	const struct val *v;
	const char *t;

	struct ctx *c;
	if (((v = field(r, "date", &c)) || (v = field(r, "creation date", &c)) ||
	     (v = field(r, "start date", &c))) &&
	    (t = frontmatter_text(a, v))) {
		out->date = norm_date(a, t, strlen(t));
		out->date_line = c == &r->c ? v->line : 0;
		if (!out->date)
			report(c, v->line,
			       "rfc date \"%s\" is not a real YYYY-MM-DD date: write "
			       "it like \"2026-01-31\"",
			       t);
	} else if (date->text) {
		out->date = norm_date(a, date->text, date->len);
		out->date_line = date->line;
		if (!out->date)
			report(&r->c, date->line,
			       "rfc date \"%s\" is not a real YYYY-MM-DD date: write "
			       "it like \"2026-01-31\"",
			       copy_line(a, date->text, date->len));
	}
}

/* The status a folder of path names ("docs/proposals-accepted/x.md",
 * "adr/rejected/x.md"), the deepest first: the folder's name, without a
 * leading "proposals-", "rfcs-" or "adr-", read as a status is.  Into
 * *word, *n; 0, or -1 when none does. */
static int folder_status(const char *path, const char **word, size_t *n)
{
	static const char *const prefixes[] = { "proposals-", "proposal-",
						"rfcs-",      "rfc-",
						"adrs-",      "adr-" };
	const char *end = path ? strrchr(path, '/') : NULL;
	while (end && end > path) {
		const char *start = end;
		while (start > path && start[-1] != '/')
			start--;
		size_t len = (size_t)(end - start);
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
			size_t pl = strlen(prefixes[i]);
			if (len > pl && !strncasecmp(start, prefixes[i], pl)) {
				start += pl;
				len -= pl;
				break;
			}
		}
		int st = rfc_status_from_text(start, len);
		/* "active" names a folder of anything; the others a status */
		if (st >= 0 && !(len == 6 && !strncasecmp(start, "active", 6))) {
			*word = start;
			*n = len;
			return 0;
		}
		end = start > path ? start - 1 : NULL;
	}
	return -1;
}

/* The status: front matter, a "Status:" line, a Status section; a Rust
 * RFC's from its pull request; the folder it is filed in; else reported
 * with the fix its shape takes. */
static void read_status(struct reading *r)
{
	struct rfc_info *out = r->out;
	const struct body_fields *bf = &r->bf;
	struct ctx *c;
	const struct val *v = text_field(r, "status", &c);
	const char *t;
	size_t fn;

	if (!v)
		v = field(r, "stage", &c); /* Ember's, TC39's */

	if (v && (t = frontmatter_text(r->c.a, v))) {
		set_status(out, c, t, strlen(t), v->line, NULL);
		if (c != &r->c)
			out->status_line = 0; /* not a line of the document */
	} else if (bf->status.text)
		set_status(out, &r->c, bf->status.text, bf->status.len,
			   bf->status.line, bf->status.href);
	else if (r->sec.text)
		set_status(out, &r->c, r->sec.text, r->sec.len, r->sec.line,
			   r->sec.href);
	else if (!strcmp(out->shape, "rust"))
		out->status = bf->pr.text && names_pr(&bf->pr) ? RFC_ACCEPTED : RFC_DRAFT;
	else if (folder_status(r->c.path, &t, &fn) == 0)
		set_status(out, &r->c, t, fn, 0, NULL); /* not a line of it */
	else if (r->sidecar && !r->has_fm)
		report(&r->side, r->sidecar->line ? r->sidecar->line : 1,
		       "rfc has no status: add \"status: draft\" (or review, "
		       "accepted, rejected, superseded, withdrawn) to it");
	else if (r->has_fm)
		report(&r->c,
		       v && v->line ? v->line : (r->meta->line ? r->meta->line : 1),
		       "%s has no status: add \"status: draft\" (or review, "
		       "accepted, rejected, superseded, withdrawn) to its front "
		       "matter",
		       r->madr_fm ? "adr" : "rfc");
	else if ((!strcmp(out->shape, "nygard") || !strcmp(out->shape, "plain")) &&
		 !r->has_status_section && (r->bf.authors.text || r->bf.updated))
		/* "Author:" and "Last updated:" lines under the title (Go's
		 * design documents): a Status line beside them */
		report(&r->c,
		       r->bf.authors.text ? r->bf.authors.line : r->bf.date.line,
		       "rfc has no status: add a \"Status: accepted\" line (or "
		       "draft, review, rejected, superseded, withdrawn) beside "
		       "its \"%s:\" line",
		       r->bf.authors.text ? "Author" : "Last updated");
	else if (!strcmp(out->shape, "nygard"))
		report(&r->c,
		       r->has_status_section && r->sec.line ? r->sec.line : r->anchor_line,
		       "adr has no status: add a \"## Status\" section whose first "
		       "line is the status, e.g. \"Accepted\"");
	else if (!strcmp(out->shape, "madr"))
		report(&r->c, r->anchor_line,
		       "adr has no status: add a \"* Status: accepted\" line (or "
		       "proposed, rejected, deprecated) under the title");
	else
		report(&r->c, r->anchor_line,
		       "rfc has no status: add front matter with \"status: "
		       "draft\" (or review, accepted, rejected, superseded, "
		       "withdrawn)");
}

/* A lightweight RFC's four sections: which it has, and each it lacks
 * reported when check is set. */
static void check_sections(struct reading *r, int check)
{
	const struct outline *ol = &r->ol;
	int have[4] = { 0 }, any = 0, named = 0, others = 0;

	for (size_t i = 0; i < ol->len; i++) {
		int k;
		if (ol->blocks[i].kind != OUTLINE_HEADING)
			continue;
		if ((k = section_of(&ol->blocks[i])) >= 0) {
			size_t n;
			const char *s = heading_core(&ol->blocks[i], &n);
			any += !have[k];
			have[k] = 1;
			named |= outline_words_eq(s, n, sections[k][0]);
		} else if (ol->blocks[i].level == 2) {
			others++;
		}
	}
	/* three of the sections; or two, or one by its own name, in a
	 * document of few other sections: another template's "##
	 * Alternatives" alone (Ember's), or "## Proposed Approach" and "##
	 * Alternatives" among Summary, Motivation, Goals and more (thanos'
	 * proposals), is not one of cairn's RFCs */
	r->out->lightweight = !strcmp(r->out->shape, "front-matter") &&
			      (any >= 3 || ((any >= 2 || named) && others < 3));
	if (!r->out->lightweight || !check)
		return;
	for (int k = 0; k < 4; k++)
		if (!have[k])
			report(&r->c, r->anchor_line,
			       "rfc is missing its \"%s\" section: add a "
			       "\"## %s\" heading (a lightweight RFC has "
			       "Problem statement, Proposed approach, "
			       "Alternatives considered and Decision "
			       "rationale)",
			       section_names[k], section_names[k]);
}

int rfc_parse(struct rfc_info *out, struct arena *a, const char *path,
	      const struct val *meta, const char *body, size_t body_len, int body_line,
	      const struct rfc_opts *opts, const char *repo, struct diag_list *d)
{
	static const struct rfc_opts defaults = RFC_OPTS_INIT;
	struct reading r;
	int rc;

	if (!opts)
		opts = &defaults;
	memset(&r, 0, sizeof(r));
	r.c = (struct ctx){ a, repo, path, d, opts->severity };
	r.side = (struct ctx){ a, repo, opts->sidecar_path, d, opts->severity };
	r.sidecar = opts->sidecar;
	r.out = out;
	r.meta = meta;
	r.body = body;
	r.body_len = body_len;
	r.body_line = body_line < 1 ? 1 : body_line;
	memset(out, 0, sizeof(*out));
	out->number = rfc_number_from_path(path);

	rc = outline_parse_tape(&r.ol, a, body, body_len, r.body_line, opts->tape);
	r.has_fm = meta && meta->type == VAL_MAP && meta->u.map.len > 0;
	r.madr_fm = r.has_fm && (frontmatter_get(meta, "deciders") ||
				 frontmatter_get(meta, "decision makers") ||
				 frontmatter_get(meta, "consulted") ||
				 frontmatter_get(meta, "informed"));
	read_preamble(&r);
	r.has_status_section = status_section(&r.ol, &r.sec);
	out->shape = shape_of(&r);
	if (!strcmp(out->shape, "rust"))
		out->header_len = rust_header_len(&r);
	read_title(&r);
	read_people(&r);
	read_date(&r);
	read_status(&r);
	check_sections(&r, opts->check_sections);
	return rc;
}

const char *rfc_sidecar_path(struct arena *a, const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *base = slash ? slash + 1 : path;
	if (!base || (strcasecmp(base, "README.md") && strcasecmp(base, "index.md")))
		return NULL;
	return slash ? arena_printf(a, "%.*s/kep.yaml", (int)(slash - path), path)
		     : "kep.yaml";
}

int rfc_sidecar_parse(const struct val **out, struct arena *a, const char *text,
		      size_t len, const char *repo, const char *path,
		      struct diag_list *d)
{
	struct val *v = NULL;
	struct yaml_error err = { 0 };
	*out = NULL;
	if (yaml_parse_limited(&v, a, text, len, NULL, &err) < 0) {
		if (d)
			diag_add(d, DIAG_WARNING, DIAG_USER, repo, path, err.line,
				 "metadata is not valid YAML (%s): the RFC beside it is read without it",
				 err.msg);
		return -1;
	}
	if (!v || v->type != VAL_MAP) {
		if (d)
			diag_add(d, DIAG_WARNING, DIAG_USER, repo, path, 1,
				 "metadata is not a mapping of fields (title, status, authors, ...): the RFC beside it is read without it");
		return -1;
	}
	*out = v;
	return 0;
}
