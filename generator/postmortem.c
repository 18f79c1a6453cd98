#include "postmortem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "frontmatter.h"
#include "outline.h"
#include "path.h"

/* ---------------------------------------------------------------- text */

/* The first few words of s, letters only, lower case, one space apart,
 * into out (size bytes). */
static void words_of(char *out, size_t size, const char *s, size_t n)
{
	size_t k = 0;
	int in_word = 0;

	for (size_t i = 0; i < n && k + 2 < size; i++) {
		if (ascii_is_alpha(s[i])) {
			if (!in_word && k)
				out[k++] = ' ';
			out[k++] = ascii_lower(s[i]);
			in_word = 1;
		} else if (!(in_word && s[i] == '\'')) {
			in_word = 0;
		}
	}
	out[k] = '\0';
}

/* Does the word list w (from words_of) hold the word x? */
static int has_word(const char *w, const char *x)
{
	size_t n = strlen(x);
	for (const char *p = w; (p = strstr(p, x)); p++)
		if ((p == w || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* Does the word list w start with the words x? */
static int opens_with(const char *w, const char *x)
{
	size_t n = strlen(x);
	return strncmp(w, x, n) == 0 && (w[n] == '\0' || w[n] == ' ');
}

/* "-", "n/a", "none", "tbd", "?" and the like: nothing written. */
static int placeholder(const char *s, size_t n)
{
	static const char *const words[] = {
		"-",	      "--",	"n/a",		"na",
		"none",	      "tbd",	"tba",		"?",
		"unassigned", "nobody", "\xE2\x80\x94", "\xE2\x80\x93"
	};
	s = outline_trim(s, &n);
	while (n > 1 && s[n - 1] == '.')
		n--;
	if (!n)
		return 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && outline_starts_with(s, n, words[i]))
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- dates */

/* y-m-d as YYYY-MM-DD in the arena ("XXXX" for an unknown year), or NULL
 * when it is not a real date. */
static const char *format_date(struct arena *a, int y, int m, int d)
{
	char b[32];
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	if (!y) {
		snprintf(b, sizeof(b), "XXXX-%02d-%02d", m, d);
		return arena_strdup(a, b);
	}
	snprintf(b, sizeof(b), "%04d-%02d-%02d", y, m, d);
	if (date_iso_days(b, 10) < 0)
		return NULL;
	return arena_strdup(a, b);
}

/* A date as written to YYYY-MM-DD in the arena, or NULL when it is not a
 * real date with a year (a timestamp keeps its date; "May 1, 2024" and
 * "2024/05/01" are understood). */
static const char *norm_date(struct arena *a, const char *s, size_t n)
{
	int y, m, d;
	s = outline_trim(s, &n);
	if (n >= 10 && (n == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ') &&
	    date_iso_days(s, 10) >= 0)
		return arena_strndup(a, s, 10);
	if (date_written(s, n, &y, &m, &d) && y)
		return format_date(a, y, m, d);
	return NULL;
}

/* ---------------------------------------------------------------- context */

struct pm {
	struct arena *a;
	const char *repo, *path;
	struct diag_list *d;
	enum diag_severity sev;
	struct postmortem_info *out;
	size_t items_cap;
	unsigned char *from_table; /* per item: read from a table row */
	size_t flags_cap;
};

static void report(struct pm *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct pm *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (!p->d)
		return;
	va_start(ap, fmt);
	diag_vadd(p->d, p->sev, DIAG_USER, p->repo, p->path, line, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- items */

struct item_scan {
	struct buf text;       /* the item's text with the tokens taken out */
	const char *owners[8]; /* the first distinct owners (arena) */
	size_t nowners;
	const char *due; /* arena, or NULL */
	int done, open, deprioritized;
};

static void add_owner(struct pm *p, struct item_scan *sc, const char *s, size_t n)
{
	s = outline_trim(s, &n);
	if (n && *s == '@')
		s++, n--;
	while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ':'))
		n--;
	if (!n || placeholder(s, n))
		return;
	for (size_t i = 0; i < sc->nowners && i < 8; i++) {
		const char *o = sc->owners[i];
		if (strlen(o) == n) {
			size_t k = 0;
			while (k < n && ascii_lower(o[k]) == ascii_lower(s[k]))
				k++;
			if (k == n)
				return;
		}
	}
	if (sc->nowners < 8)
		sc->owners[sc->nowners] = arena_strndup(p->a, s, n);
	sc->nowners++;
}

static int handle_char(char c)
{
	return ascii_is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* End of a token value: up to a blank or a closing punctuation mark. */
static size_t token_end(const char *s, size_t n, size_t i)
{
	while (i < n && !ascii_is_space(s[i]) && s[i] != ',' && s[i] != ';' &&
	       s[i] != ')' && s[i] != ']')
		i++;
	return i;
}

/* At s[i] (a word start), "key" then blanks, ':' and blanks; returns the
 * offset of the value or 0. */
static size_t key_colon(const char *s, size_t n, size_t i, const char *key)
{
	size_t k = strlen(key);
	if (!outline_starts_with(s + i, n - i, key))
		return 0;
	i += k;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != ':')
		return 0;
	i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n ? i : 0;
}

/* A due date as written; a timestamp ("2026-01-05T10:00Z") keeps its date. */
static const char *due_text(struct arena *a, const char *s, size_t n)
{
	if (n > 10 && (s[10] == 'T' || s[10] == 't') && date_iso_days(s, 10) >= 0)
		n = 10;
	return arena_strndup(a, s, n);
}

static int tag_deprioritizes(const char *s, size_t n)
{
	char w[32];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(w); i++)
		if (ascii_is_alpha(s[i]))
			w[k++] = ascii_lower(s[i]);
	w[k] = '\0';
	return !strcmp(w, "deprioritized") || !strcmp(w, "deprioritised") ||
	       !strcmp(w, "wontfix");
}

/* Reads the tokens of one piece of an item (its text, a nested line, a
 * table's text cell).  With keep, what is not a token goes to sc->text. */
static void scan_tokens(struct pm *p, struct item_scan *sc, const char *s,
			size_t n, int keep)
{
	size_t i = 0, j, v;

	/* a checkbox md4c did not take ("[-]", or in a table cell) */
	while (i < n && ascii_is_space(s[i]))
		i++;
	if (n - i >= 3 && s[i] == '[' && s[i + 2] == ']' &&
	    (i + 3 == n || ascii_is_space(s[i + 3]))) {
		char m = s[i + 1];
		if (m == 'x' || m == 'X')
			sc->done = 1, i += 3;
		else if (m == ' ')
			sc->open = 1, i += 3;
		else if (m == '-' || m == '~')
			sc->deprioritized = 1, i += 3;
	}
	while (i < n) {
		char c = s[i];
		int start = i == 0 || ascii_is_space(s[i - 1]) || s[i - 1] == '(' ||
			    s[i - 1] == '[' || s[i - 1] == ',' || s[i - 1] == ';';

		if (start && c == '@' && i + 1 < n && ascii_is_alnum(s[i + 1])) {
			for (j = i + 1; j < n && handle_char(s[j]); j++)
				;
			while (j > i + 1 && (s[j - 1] == '.' ||
					     s[j - 1] == '-' || s[j - 1] == '/'))
				j--;
			add_owner(p, sc, s + i + 1, j - i - 1);
			i = j;
			/* a possessive goes with the handle: "@alice's" */
			if (n - i >= 2 && s[i] == '\'' && s[i + 1] == 's' &&
			    (n - i == 2 || !ascii_is_alnum(s[i + 2])))
				i += 2;
			else if (n - i >= 4 && !memcmp(s + i, "\xE2\x80\x99s", 4) &&
				 (n - i == 4 || !ascii_is_alnum(s[i + 4])))
				i += 4;
			continue;
		}
		if (start &&
		    ((v = key_colon(s, n, i, "due")) ||
		     (outline_starts_with(s + i, n - i, "due ") && (v = i + 4)) ||
		     (outline_starts_with(s + i, n - i, "by ") && (v = i + 3)))) {
			int y, m, d;
			size_t w = date_written(s + v, n - v, &y, &m, &d);
			if (w) {
				/* "due: May 1", "by 2024-05-01", "Due 1 May 2024" */
				if (!sc->due) {
					sc->due = format_date(p->a, y, m, d);
					if (!sc->due)
						sc->due = arena_strndup(p->a, s + v, w);
				}
				i = v + w;
				continue;
			}
			if (!key_colon(s, n, i, "due")) {
				/* "by Alice", "due to": words of the text */
				if (keep)
					buf_putc(&sc->text, c);
				i++;
				continue;
			}
			j = token_end(s, n, v);
			while (j > v && s[j - 1] == '.')
				j--;
			if (!sc->due && j > v)
				sc->due = due_text(p->a, s + v, j - v);
			i = j;
			continue;
		}
		if (start && ((v = key_colon(s, n, i, "owner")) ||
			      (v = key_colon(s, n, i, "assignee")))) {
			j = token_end(s, n, v);
			/* a name of a few capitalised words: "Owner: Alice Smith" */
			for (int words = 1;
			     words < 4 && j + 1 < n && s[j] == ' ' &&
			     s[j + 1] >= 'A' && s[j + 1] <= 'Z' && s[v] != '@';
			     words++) {
				size_t e = token_end(s, n, j + 1);
				int y, m, d;
				if (date_written(s + j + 1, n - j - 1, &y, &m, &d) ||
				    key_colon(s, n, j + 1, "due") ||
				    outline_starts_with(s + j + 1, n - j - 1, "due "))
					break; /* "Owner: Alice Smith Due: 1 July" */
				j = e;
			}
			add_owner(p, sc, s + v, j - v);
			i = j;
			continue;
		}
		if (start && c == '#' && i + 1 < n && ascii_is_alpha(s[i + 1])) {
			for (j = i + 1; j < n && (ascii_is_alnum(s[j]) || s[j] == '-' ||
						  s[j] == '_' || s[j] == '\'');
			     j++)
				;
			if (tag_deprioritizes(s + i + 1, j - i - 1))
				sc->deprioritized = 1;
			i = j;
			continue;
		}
		if (keep)
			buf_putc(&sc->text, c);
		i++;
	}
	if (keep)
		buf_putc(&sc->text, ' ');
}

static int filler(char c)
{
	return ascii_is_space(c) || c == ',' || c == ';' || c == ':' || c == '-';
}

/* Collapses blanks, drops brackets that hold only blanks and punctuation
 * (left by the tokens taken out) and trailing separators. */
static const char *clean_text(struct arena *a, const char *s, size_t n)
{
	struct buf out = BUF_INIT;
	int space = 0;
	const char *res;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (ascii_is_space(c)) {
			space = out.len > 0;
			continue;
		}
		if (c == '(' || c == '[') {
			char close = c == '(' ? ')' : ']';
			size_t j = i + 1;
			while (j < n && filler(s[j]))
				j++;
			if (j < n && s[j] == close) {
				i = j;
				continue;
			}
		}
		/* no blank before closing punctuation: "set ." -> "set." */
		if (space && !strchr(".,;:!?)]", c))
			buf_putc(&out, ' ');
		space = 0;
		buf_putc(&out, c);
	}
	while (out.len && (filler(out.ptr[out.len - 1])))
		out.len--;
	/* a dash left before the tokens: "Fix it — @a due:x" */
	while (out.len >= 4 &&
	       (memcmp(out.ptr + out.len - 3, "\xE2\x80\x94", 3) == 0 ||
		memcmp(out.ptr + out.len - 3, "\xE2\x80\x93", 3) == 0)) {
		out.len -= 3;
		while (out.len && filler(out.ptr[out.len - 1]))
			out.len--;
	}
	{
		size_t k = 0;
		while (k < out.len && (out.ptr[k] == ',' || out.ptr[k] == ';' ||
				       out.ptr[k] == ':' || out.ptr[k] == '.' ||
				       out.ptr[k] == ' '))
			k++;
		res = arena_strndup(a, out.ptr + k, out.len - k);
	}
	buf_release(&out);
	return res;
}

static struct action_item *new_item(struct pm *p, int line, int table)
{
	struct postmortem_info *o = p->out;
	struct action_item *it;
	ARENA_GROW(p->a, o->items, p->items_cap, o->nitems + 1);
	ARENA_GROW(p->a, p->from_table, p->flags_cap, o->nitems + 1);
	p->from_table[o->nitems] = (unsigned char)table;
	it = &o->items[o->nitems++];
	memset(it, 0, sizeof(*it));
	it->line = line;
	it->due_days = -1;
	it->text = "";
	return it;
}

static int name_word(const char *s, size_t n)
{
	if (!n || !(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!ascii_is_alpha(s[i]) && s[i] != '-' && s[i] != '\'' && s[i] != '.')
			return 0;
	return 1;
}

/* "Alice", "Alice Smith", "J. Doe": one to three capitalised words. */
static int is_name(const char *s, size_t n)
{
	size_t words = 0, i = 0;
	s = outline_trim(s, &n);
	if (!n)
		return 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (!name_word(s + i, j - i) || ++words > 3)
			return 0;
		i = j;
		while (i < n && s[i] == ' ')
			i++;
	}
	return words > 0;
}

/* An owner written at the end of an item's text, when no @handle or
 * "owner:" named one: "(Alice)", "— Alice Smith", " - Bob".  The name
 * is taken out of the text. */
static void trailing_owner(struct pm *p, struct item_scan *sc)
{
	struct buf *t = &sc->text;
	size_t n = t->len;
	/* and the separators a due date taken out left: "(Bob), due:x" */
	while (n && (ascii_is_space(t->ptr[n - 1]) || strchr(".,;", t->ptr[n - 1])))
		n--;
	if (n && t->ptr[n - 1] == ')') {
		size_t open = n - 1;
		while (open && t->ptr[open] != '(')
			open--;
		if (t->ptr[open] == '(' && open &&
		    is_name(t->ptr + open + 1, n - 2 - open)) {
			add_owner(p, sc, t->ptr + open + 1, n - 2 - open);
			t->len = open;
			t->ptr[t->len] = '\0';
		}
		return;
	}
	/* a dash before the name: em dash, en dash, or " - " */
	for (size_t i = n; i-- > 1;) {
		size_t dash = 0;
		if (i >= 2 && (!memcmp(t->ptr + i - 2, "\xE2\x80\x94", 3) ||
			       !memcmp(t->ptr + i - 2, "\xE2\x80\x93", 3)))
			dash = 3;
		else if (t->ptr[i] == '-' && i + 1 < n &&
			 t->ptr[i + 1] == ' ' && t->ptr[i - 1] == ' ')
			dash = 1;
		if (!dash)
			continue;
		size_t from = i + 1;
		if (is_name(t->ptr + from, n - from)) {
			add_owner(p, sc, t->ptr + from, n - from);
			t->len = i + 1 - dash;
			t->ptr[t->len] = '\0';
		}
		return;
	}
}

/* An issue that tracks the item stands for its owner when none is named:
 * a key ("OPS-123") or a link to an issue. */
static void issue_owner(struct pm *p, struct item_scan *sc, const char *href)
{
	const struct buf *t = &sc->text;
	if (href && (strstr(href, "/issues/") || strstr(href, "/browse/") ||
		     strstr(href, "/-/issues/") || strstr(href, "/tickets/"))) {
		add_owner(p, sc, href, strlen(href));
		return;
	}
	for (size_t i = 0; i < t->len; i++) {
		if (i && ascii_is_alnum(t->ptr[i - 1]))
			continue;
		size_t j = i;
		while (j < t->len && ((t->ptr[j] >= 'A' && t->ptr[j] <= 'Z') ||
				      (j > i && ascii_is_digit(t->ptr[j]))))
			j++;
		if (j - i < 2 || j - i > 10 || j >= t->len || t->ptr[j] != '-')
			continue;
		size_t k = j + 1;
		while (k < t->len && ascii_is_digit(t->ptr[k]))
			k++;
		if (k > j + 1 && (k == t->len || !ascii_is_alnum(t->ptr[k]))) {
			add_owner(p, sc, t->ptr + i, k - i);
			return;
		}
	}
}

static void finish_item(struct pm *p, struct action_item *it,
			struct item_scan *sc, int struck, const char *href)
{
	if (!sc->nowners)
		trailing_owner(p, sc);
	if (!sc->nowners)
		issue_owner(p, sc, href);
	it->text = clean_text(p->a, sc->text.ptr, sc->text.len);
	it->nowners = sc->nowners;
	it->owner = sc->nowners ? sc->owners[0] : NULL;
	it->due = sc->due;
	if (it->due) {
		it->due_days = date_iso_days(it->due, strlen(it->due));
		it->due_valid = it->due_days >= 0;
	}
	if (sc->done)
		it->state = ACTION_DONE;
	else if (sc->deprioritized || struck)
		it->state = ACTION_DEPRIORITIZED;
	else
		it->state = ACTION_OPEN;
}

/* One top-level list item at ol->blocks[i] and what is nested in it;
 * returns the index after them. */
static size_t list_item(struct pm *p, const struct outline *ol, size_t i)
{
	const struct outline_block *b = &ol->blocks[i];
	struct item_scan sc;
	struct action_item *it;
	size_t j;
	int text = !outline_blank(b->text, b->len);

	memset(&sc, 0, sizeof(sc));
	buf_init(&sc.text);
	for (j = i + 1; j < ol->len && ol->blocks[j].depth > 0; j++)
		text |= !outline_blank(ol->blocks[j].text, ol->blocks[j].len) ||
			ol->blocks[j].ncells > 0;
	if (!text)
		goto cleanup;
	it = new_item(p, b->line, 0);
	if (b->task == 2)
		sc.done = 1;
	scan_tokens(p, &sc, b->text, b->len, 1);
	for (size_t k = i + 1; k < j; k++) {
		const struct outline_block *n = &ol->blocks[k];
		scan_tokens(p, &sc, n->text, n->len, 0);
		for (size_t c = 0; c < n->ncells; c++)
			scan_tokens(p, &sc, n->cells[c].text, n->cells[c].len, 0);
	}
	finish_item(p, it, &sc, b->struck, b->href);

cleanup:
	buf_release(&sc.text);
	return j;
}

enum column { COL_OTHER, COL_TEXT, COL_OWNER, COL_DUE, COL_STATE, COL_PRIO };

struct table {
	enum column cols[64]; /* by cell index; later cells are COL_OTHER */
	size_t ncols;
	int has_state;
};

static enum column column_of(const char *s, size_t n)
{
	char w[128];

	words_of(w, sizeof(w), s, n);
	if (has_word(w, "owner") || has_word(w, "owners") || has_word(w, "assignee") ||
	    has_word(w, "assignees") || has_word(w, "assigned") ||
	    has_word(w, "who") || has_word(w, "responsible") || has_word(w, "dri"))
		return COL_OWNER;
	if (has_word(w, "due") || has_word(w, "deadline") ||
	    has_word(w, "date") || has_word(w, "by") || has_word(w, "eta") ||
	    has_word(w, "target") || has_word(w, "when"))
		return COL_DUE;
	if (has_word(w, "status") || has_word(w, "state"))
		return COL_STATE;
	if (has_word(w, "priority") || has_word(w, "prio"))
		return COL_PRIO;
	if (has_word(w, "action") || has_word(w, "actions") ||
	    has_word(w, "item") || has_word(w, "items") || has_word(w, "task") ||
	    has_word(w, "tasks") || has_word(w, "description") ||
	    has_word(w, "what") || has_word(w, "todo") ||
	    has_word(w, "follow") || has_word(w, "remediation"))
		return COL_TEXT;
	return COL_OTHER;
}

static void table_header(struct table *t, const struct outline_block *row)
{
	int text = 0;

	memset(t, 0, sizeof(*t));
	t->ncols = row->ncells < 64 ? row->ncells : 64;
	for (size_t c = 0; c < t->ncols; c++) {
		enum column k = column_of(row->cells[c].text, row->cells[c].len);
		if (k == COL_TEXT && text)
			k = COL_OTHER;
		text |= k == COL_TEXT;
		t->has_state |= k == COL_STATE;
		t->cols[c] = k;
	}
	for (size_t c = 0; !text && c < t->ncols; c++)
		if (t->cols[c] == COL_OTHER)
			t->cols[c] = COL_TEXT, text = 1;
	if (!text && !t->ncols)
		t->cols[t->ncols++] = COL_TEXT;
}

/* The state a status cell names: 1 done, 2 deprioritized, 0 open. */
static int state_word(const char *s, size_t n)
{
	static const char *const done[] = {
		"done",	    "closed",	 "fixed",      "resolved",
		"complete", "completed", "finished",   "merged",
		"shipped",  "yes",	 "implemented"
	};
	static const char *const dropped[] = {
		"deprioritized", "deprioritised", "wontfix",  "wont fix",
		"wont do",	 "cancelled",	  "canceled", "dropped",
		"obsolete",	 "abandoned",	  "rejected"
	};
	char w[64];

	s = outline_trim(s, &n);
	if (n >= 3 && (memcmp(s, "\xE2\x9C\x85", 3) == 0 ||
		       memcmp(s, "\xE2\x9C\x93", 3) == 0 ||
		       memcmp(s, "\xE2\x9C\x94", 3) == 0))
		return 1;
	if (n >= 3 && (s[0] == '[' && (s[1] == 'x' || s[1] == 'X') && s[2] == ']'))
		return 1;
	words_of(w, sizeof(w), s, n);
	for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (opens_with(w, done[i]))
			return 1;
	for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		if (opens_with(w, dropped[i]))
			return 2;
	return 0;
}

/* Owners in an owner cell: @handles, else names split on , ; & / "and". */
static void owner_cell(struct pm *p, struct item_scan *sc, const char *s, size_t n)
{
	size_t i = 0;

	if (memchr(s, '@', n)) {
		scan_tokens(p, sc, s, n, 0);
		return;
	}
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ',' && s[j] != ';' && s[j] != '&' &&
		       s[j] != '/' &&
		       !(j + 5 <= n && ascii_is_space(s[j]) &&
			 outline_starts_with(s + j + 1, n - j - 1, "and") &&
			 ascii_is_space(s[j + 4])))
			j++;
		add_owner(p, sc, s + i, j - i);
		if (j < n && s[j] != ',' && s[j] != ';' && s[j] != '&' && s[j] != '/')
			j += 4; /* " and" */
		i = j + 1;
	}
}

/* Does s hold the word DONE in capitals? */
static int says_done(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while ((p = memmem(p, (size_t)(end - p), "DONE", 4))) {
		if ((p == s || !ascii_is_alnum(p[-1])) &&
		    (p + 4 == end || !ascii_is_alnum(p[4])))
			return 1;
		p += 4;
	}
	return 0;
}

static void table_row(struct pm *p, const struct table *t,
		      const struct outline_block *row)
{
	struct item_scan sc;
	struct action_item *it;
	int struck = 0, text = 0, state = 0;
	const char *prio = NULL;

	memset(&sc, 0, sizeof(sc));
	buf_init(&sc.text);
	for (size_t c = 0; c < row->ncells && c < t->ncols; c++)
		if (t->cols[c] == COL_TEXT)
			text |= !outline_blank(row->cells[c].text, row->cells[c].len);
	if (!text)
		goto cleanup;
	for (size_t c = 0; c < row->ncells; c++) {
		const struct outline_cell *cell = &row->cells[c];
		enum column k = c < t->ncols ? t->cols[c] : COL_OTHER;
		size_t n = cell->len;
		const char *s = outline_trim(cell->text, &n);
		long at;
		int y, m, d;

		switch (k) {
		case COL_TEXT:
			scan_tokens(p, &sc, s, n, 1);
			struck |= cell->struck;
			break;
		case COL_OWNER: owner_cell(p, &sc, s, n); break;
		case COL_DUE:
			if (sc.due || placeholder(s, n))
				break;
			at = date_find_iso(s, n);
			if (at >= 0)
				sc.due = arena_strndup(p->a, s + at, 10);
			else if (date_written(s, n, &y, &m, &d))
				/* "1 July 2024", "July 1, 2024", "2024/07/01" */
				sc.due = format_date(p->a, y, m, d);
			if (!sc.due)
				sc.due = due_text(p->a, s, n);
			break;
		case COL_STATE: state = state_word(s, n); break;
		case COL_PRIO:
			if (!placeholder(s, n))
				prio = arena_strndup(p->a, s, n);
			break;
		case COL_OTHER:
			if (!t->has_state && says_done(s, n))
				state = 1;
			break;
		}
	}
	if (state == 1)
		sc.done = 1;
	else if (state == 2)
		sc.deprioritized = 1;
	it = new_item(p, row->line, 1);
	finish_item(p, it, &sc, struck, row->href);
	it->priority = prio;

cleanup:
	buf_release(&sc.text);
}

/* ---------------------------------------------------------------- sections */

enum section { SEC_OTHER, SEC_ACTIONS, SEC_TIMELINE };

static enum section section_of(const struct outline_block *h)
{
	char w[128];

	words_of(w, sizeof(w), h->text, h->len);
	if (opens_with(w, "action items") || opens_with(w, "action item") ||
	    ((opens_with(w, "actions") || opens_with(w, "action")) &&
	     !opens_with(w, "actions taken") && !opens_with(w, "action taken")) ||
	    opens_with(w, "follow up") || opens_with(w, "follow ups") ||
	    opens_with(w, "followup") || opens_with(w, "followups") ||
	    opens_with(w, "remediation") || opens_with(w, "remediations") ||
	    opens_with(w, "corrective") || opens_with(w, "preventive") ||
	    opens_with(w, "preventative"))
		return SEC_ACTIONS;
	if (has_word(w, "timeline"))
		return SEC_TIMELINE;
	return SEC_OTHER;
}

struct body_keys {
	const char *severity, *date, *services, *authors, *status;
	size_t severity_n, date_n, services_n, authors_n, status_n;
	int date_line;
};

static void key_line(struct body_keys *k, const char *s, size_t n, int line)
{
	const char *key, *v;
	size_t kn, vn;

	if (!outline_key_value(s, n, &key, &kn, &v, &vn))
		return;
	if (!k->severity && (outline_words_eq(key, kn, "severity") ||
			     outline_words_eq(key, kn, "sev")))
		k->severity = v, k->severity_n = vn;
	else if (!k->date && (outline_words_eq(key, kn, "date") ||
			      outline_words_eq(key, kn, "incident date")))
		k->date = v, k->date_n = vn, k->date_line = line;
	else if (!k->services && (outline_words_eq(key, kn, "services") ||
				  outline_words_eq(key, kn, "service")))
		k->services = v, k->services_n = vn;
	else if (!k->authors && (outline_words_eq(key, kn, "authors") ||
				 outline_words_eq(key, kn, "author")))
		k->authors = v, k->authors_n = vn;
	else if (!k->status && outline_words_eq(key, kn, "status"))
		k->status = v, k->status_n = vn;
}

static void key_lines(struct body_keys *k, const struct outline_block *b)
{
	struct outline_cursor c = OUTLINE_CURSOR_INIT;
	const char *s;
	size_t n;
	int line;
	while (outline_next_line(b, &c, &s, &n, &line))
		key_line(k, s, n, line);
}

/* The line's first YYYY-MM-DD that is a real date, else its first date
 * written in words with a year ("May 1, 2024"), in the arena. */
static const char *date_in(struct arena *a, const char *s, size_t n)
{
	const char *s0 = s;
	size_t n0 = n;
	long at;
	while ((at = date_find_iso(s, n)) >= 0) {
		if (date_iso_days(s + at, 10) >= 0)
			return arena_strndup(a, s + at, 10);
		s += at + 10, n -= (size_t)at + 10;
	}
	for (size_t i = 0; i < n0; i++) {
		int y, m, d;
		if (i && ascii_is_alnum(s0[i - 1]))
			continue;
		if (date_written(s0 + i, n0 - i, &y, &m, &d) && y) {
			const char *r = format_date(a, y, m, d);
			if (r)
				return r;
		}
	}
	return NULL;
}

/* Shortens an item's text for a message, on a UTF-8 boundary. */
static const char *quote(struct arena *a, const char *s)
{
	size_t n = strlen(s), k = 60;
	if (n <= k)
		return s;
	while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return arena_printf(a, "%.*s...", (int)k, s);
}

static void check_items(struct pm *p, const struct postmortem_opts *o)
{
	const struct postmortem_info *out = p->out;
	size_t counted = 0, checked = 0;

	for (size_t i = 0; i < out->nitems; i++) {
		const struct action_item *it = &out->items[i];
		int table = p->from_table[i];
		const char *q;

		if (it->state != ACTION_DEPRIORITIZED &&
		    ++counted == (size_t)o->max_items + 1 && o->max_items > 0)
			report(p, it->line,
			       "post-mortem has more than %d action items: keep the "
			       "%d that matter most and mark the others "
			       "#deprioritized",
			       o->max_items, o->max_items);
		if (checked == POSTMORTEM_MAX_ITEM_DIAGS) {
			report(p, it->line,
			       "post-mortem has %zu more action items that were not "
			       "checked: split it or trim the list",
			       out->nitems - i);
			checked++;
		}
		if (checked > POSTMORTEM_MAX_ITEM_DIAGS)
			continue;
		checked++;
		q = quote(p->a, it->text);
		if (it->due && !it->due_valid)
			report(p, it->line,
			       "action item \"%s\" has due date \"%s\", which is not "
			       "a real date: write it as %s",
			       q, it->due, table ? "YYYY-MM-DD" : "due:YYYY-MM-DD");
		if (it->state == ACTION_DEPRIORITIZED)
			continue;
		if (it->nowners == 0)
			report(p, it->line, "action item \"%s\" has no owner: %s", q,
			       table ? "fill in its owner column with one person"
				     : "add one @handle");
		else if (it->nowners > 1)
			report(p, it->line,
			       "action item \"%s\" has %zu owners: assign it to one "
			       "person",
			       q, it->nowners);
		if (!it->due)
			report(p, it->line,
			       "action item \"%s\" has no due date: %s", q,
			       table ? "fill in its due column as YYYY-MM-DD"
				     : "add due:YYYY-MM-DD");
	}
}

/* ---------------------------------------------------------------- parse */

const char *postmortem_state_name(enum action_state s)
{
	switch (s) {
	case ACTION_DONE: return "done";
	case ACTION_DEPRIORITIZED: return "deprioritized";
	case ACTION_OPEN: break;
	}
	return "open";
}

/* "2026-01-05-db-outage" -> "Db outage". */
static const char *stem_title(struct arena *a, const char *stem)
{
	size_t n = strlen(stem);
	char *t;

	if (n > 11 && date_find_iso(stem, 10) == 0 &&
	    (stem[10] == '-' || stem[10] == '_' || stem[10] == ' '))
		stem += 11, n -= 11;
	t = arena_strndup(a, stem, n);
	for (char *c = t; *c; c++)
		if (*c == '-' || *c == '_')
			*c = ' ';
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

static const char *copy_trim(struct arena *a, const char *s, size_t n)
{
	s = outline_trim(s, &n);
	return arena_strndup(a, s, n);
}

/* What the walk through the sections finds besides the items. */
struct walk {
	struct body_keys keys;
	struct table table; /* the action items table being read */
	int in_table;
	enum section sec;    /* the section the walk is in */
	int sec_level;	     /* its heading's level */
	int loose_text_line; /* an action items paragraph's line */
	const char *timeline_date;
	int timeline_line;
};

/* A block inside an action items section; returns the index after it (a
 * list item takes the items nested in it). */
static size_t action_block(struct pm *p, struct walk *w,
			   const struct outline *ol, size_t i)
{
	const struct outline_block *b = &ol->blocks[i];

	if (b->kind == OUTLINE_ITEM && b->depth == 0)
		return list_item(p, ol, i);
	if (b->kind == OUTLINE_ROW && b->level) {
		table_header(&w->table, b);
		w->in_table = 1;
	} else if (b->kind == OUTLINE_ROW && w->in_table) {
		table_row(p, &w->table, b);
	} else if (b->kind == OUTLINE_PARA && !w->loose_text_line &&
		   !placeholder(b->text, b->len)) {
		w->loose_text_line = b->line;
	}
	return i + 1;
}

/* A block inside a timeline: its first real date, until one is found. */
static void timeline_block(struct arena *a, struct walk *w,
			   const struct outline_block *b)
{
	if (w->timeline_date)
		return;
	if (b->kind == OUTLINE_ROW && !b->level) {
		for (size_t c = 0; c < b->ncells && !w->timeline_date; c++)
			w->timeline_date =
				date_in(a, b->cells[c].text, b->cells[c].len);
	} else if (b->kind != OUTLINE_ROW) {
		w->timeline_date = date_in(a, b->text, b->len);
	}
	if (w->timeline_date)
		w->timeline_line = b->line;
}

/* A block elsewhere: its "Key: value" lines, or a table row of facts
 * ("| Date | May 1, 2024 |"). */
static void other_block(struct arena *a, struct walk *w, const struct outline_block *b)
{
	if (b->kind != OUTLINE_ROW) {
		key_lines(&w->keys, b);
	} else if (b->ncells >= 2) {
		const char *kv = arena_printf(a, "%.*s: %.*s", (int)b->cells[0].len,
					      b->cells[0].text, (int)b->cells[1].len,
					      b->cells[1].text);
		key_line(&w->keys, kv, strlen(kv), b->line);
	}
}

/* Walks the outline's sections: action items into p->out, the rest into
 * w. */
static void walk_sections(struct pm *p, struct walk *w, const struct outline *ol)
{
	for (size_t i = 0; i < ol->len;) {
		const struct outline_block *b = &ol->blocks[i];
		if (b->kind == OUTLINE_HEADING) {
			key_lines(&w->keys, b); /* "## Severity: SEV2" */
			if (w->sec == SEC_OTHER || b->level <= w->sec_level) {
				w->sec = section_of(b);
				w->sec_level = b->level;
				p->out->has_action_section |= w->sec == SEC_ACTIONS;
			}
			w->in_table = 0;
			i++;
			continue;
		}
		if (b->kind != OUTLINE_ROW)
			w->in_table = 0;
		switch (w->sec) {
		case SEC_ACTIONS: i = action_block(p, w, ol, i); continue;
		case SEC_TIMELINE: timeline_block(p->a, w, b); break;
		case SEC_OTHER: other_block(p->a, w, b); break;
		}
		i++;
	}
}

/* The title: front matter, the first heading when the document opens
 * with one, else its first level-1 heading; else the file name. */
static void read_title(struct pm *p, const struct val *meta,
		       const struct outline *ol, const char *stem)
{
	struct postmortem_info *out = p->out;
	const struct val *v;
	const char *t;

	if ((v = frontmatter_get(meta, "title")) && (t = frontmatter_text(p->a, v))) {
		out->title = t;
		out->title_line = v->line;
	}
	for (size_t i = 0; !out->title && i < ol->len; i++) {
		const struct outline_block *b = &ol->blocks[i];
		if (b->kind == OUTLINE_HEADING && (i == 0 || b->level == 1) && b->len) {
			const char *nl = memchr(b->text, '\n', b->len);
			out->title = copy_trim(p->a, b->text,
					       nl ? (size_t)(nl - b->text) : b->len);
			out->title_line = b->line;
		}
	}
	if (!out->title || !*out->title) {
		out->title = stem_title(p->a, stem);
		out->title_line = 0;
	}
}

/* Severity, services, authors and status: front matter, else the
 * document's "Key: value" lines. */
static void read_labels(struct pm *p, const struct val *meta,
			const struct body_keys *keys)
{
	struct postmortem_info *out = p->out;
	struct arena *a = p->a;
	const struct val *v;

	if ((v = frontmatter_get(meta, "severity")) ||
	    (v = frontmatter_get(meta, "sev")))
		out->severity = frontmatter_text(a, v);
	if (!out->severity && keys->severity)
		out->severity = copy_trim(a, keys->severity, keys->severity_n);
	if ((v = frontmatter_get(meta, "services")) ||
	    (v = frontmatter_get(meta, "service")))
		out->nservices = frontmatter_names(a, v, &out->services);
	if (!out->nservices && keys->services)
		out->nservices = frontmatter_names_text(
			a, keys->services, keys->services_n, &out->services);
	if ((v = frontmatter_get(meta, "authors")) ||
	    (v = frontmatter_get(meta, "author")))
		out->nauthors = frontmatter_names(a, v, &out->authors);
	if (!out->nauthors && keys->authors)
		out->nauthors = frontmatter_names_text(
			a, keys->authors, keys->authors_n, &out->authors);
	if ((v = frontmatter_get(meta, "status")))
		out->status = frontmatter_text(a, v);
	if (!out->status && keys->status)
		out->status = copy_trim(a, keys->status, keys->status_n);
}

/* The date: front matter's date (a bad one reported), else when the
 * incident started (incident_date, start_time, started_at, start_date),
 * a "Date:" line, the file name, the timeline; none is reported at the
 * title (or body_line). */
static void read_date(struct pm *p, const struct val *meta,
		      const struct walk *w, const char *stem, int body_line)
{
	struct postmortem_info *out = p->out;
	struct arena *a = p->a;
	const struct val *v;
	const char *t;

	if ((v = frontmatter_get(meta, "date")) && (t = frontmatter_text(a, v))) {
		out->date = norm_date(a, t, strlen(t));
		out->date_line = out->date ? v->line : 0;
		if (!out->date)
			report(p, v->line,
			       "post-mortem date \"%s\" is not a real YYYY-MM-DD date: "
			       "write it like \"2026-01-31\"",
			       t);
	}
	/* archives that say when the incident started instead (icco's
	 * postmortems: start_time: 2007-12-05T22:04:00Z) */
	static const char *const started[] = { "incident date", "start time",
					       "started at", "start date" };
	for (size_t i = 0;
	     !out->date && !v && i < sizeof(started) / sizeof(*started); i++) {
		const struct val *sv = frontmatter_get(meta, started[i]);
		if (sv && (t = frontmatter_text(a, sv)) &&
		    (out->date = norm_date(a, t, strlen(t))))
			out->date_line = sv->line;
	}
	if (!out->date && w->keys.date &&
	    (out->date = norm_date(a, w->keys.date, w->keys.date_n)))
		out->date_line = w->keys.date_line;
	if (!out->date && strlen(stem) >= 10 && date_find_iso(stem, 10) == 0 &&
	    (stem[10] == '\0' || !ascii_is_alnum(stem[10])) &&
	    (out->date = norm_date(a, stem, 10)))
		out->date_line = 0;
	if (!out->date && w->timeline_date) {
		out->date = w->timeline_date;
		out->date_line = w->timeline_line;
	}
	if (!out->date)
		report(p, out->title_line ? out->title_line : body_line,
		       "post-mortem has no date: add \"date: YYYY-MM-DD\" to its "
		       "front matter or start its file name with the date");
}

/* Due dates written without a year ("Due: May 1") fall on or after the
 * post-mortem's date; without one they are not dates ("05-01"). */
static void date_dues(struct postmortem_info *out, struct arena *a)
{
	for (size_t i = 0; i < out->nitems; i++) {
		struct action_item *it = &out->items[i];
		if (!it->due || strncmp(it->due, "XXXX-", 5) != 0)
			continue;
		char b[16];
		if (out->date) {
			int y = atoi(out->date);
			snprintf(b, sizeof(b), "%04d%s", y, it->due + 4);
			if (strcmp(b, out->date) < 0)
				snprintf(b, sizeof(b), "%04d%s", y + 1, it->due + 4);
			const char *due = arena_strdup(a, b);
			if (date_iso_days(due, strlen(due)) >= 0) {
				it->due = due;
				it->due_days = date_iso_days(due, strlen(due));
				it->due_valid = 1;
				continue;
			}
		}
		it->due = arena_strdup(a, it->due + 5);
	}
}

int postmortem_parse(struct postmortem_info *out, struct arena *a, const char *path,
		     const struct val *meta, const char *body, size_t body_len,
		     int body_line, const struct postmortem_opts *opts,
		     const char *repo, struct diag_list *d)
{
	static const struct postmortem_opts defaults = POSTMORTEM_OPTS_INIT;
	struct pm p = { a, repo, path, d, DIAG_WARNING, out, 0, NULL, 0 };
	struct outline ol;
	struct walk w;
	const char *stem;
	size_t stem_len;
	int rc;

	if (!opts)
		opts = &defaults;
	p.sev = opts->severity;
	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (body_line < 1)
		body_line = 1;
	stem = path_stem(path, &stem_len);
	stem = arena_strndup(a, stem, stem_len);
	rc = outline_parse_tape(&ol, a, body, body_len, body_line, opts->tape);

	walk_sections(&p, &w, &ol);
	read_title(&p, meta, &ol, stem);
	read_labels(&p, meta, &w.keys);
	read_date(&p, meta, &w, stem, body_line);
	date_dues(out, a);

	/* house rules */
	if (out->has_action_section && !out->nitems && w.loose_text_line)
		report(&p, w.loose_text_line,
		       "action items section has no list: write one list item "
		       "per action, e.g. \"- [ ] Add an alert @alice "
		       "due:2026-12-01\"");
	check_items(&p, opts);
	return rc;
}
