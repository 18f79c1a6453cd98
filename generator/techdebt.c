/* techdebt: debt items from Markdown, and the house rules (see
 * techdebt.h, docs/techdebt.md). */
#include "techdebt.h"

#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "date.h"
#include "frontmatter.h"

/* ---------------------------------------------------------------- helpers */

struct reader {
	struct arena *a;
	const char *repo, *path;
	struct diag_list *d;
	struct techdebt_item *it;
	struct buf links; /* the item's links, NUL-separated, while it is read */
	struct buf notes; /* its notes' text */
	struct pending { /* its first line's fields, set once the title is known */
		int field;
		const char *s;
		size_t n;
	} pending[16];
	size_t npending;
	int rationale_open; /* the last note line was a "Rationale:" that
			       stops mid-sentence: the next goes on with it */
};

/* A user-fixable warning at line; d may be NULL. */
#define WARN(rd, line, ...)                                                    \
	do {                                                                   \
		if ((rd)->d)                                                   \
			diag_add((rd)->d, DIAG_WARNING, DIAG_USER, (rd)->repo, \
				 (rd)->path, (line), __VA_ARGS__);             \
	} while (0)

static const char *copy_trim(struct arena *a, const char *s, size_t n)
{
	while (n && ascii_is_space((unsigned char)*s))
		s++, n--;
	while (n && ascii_is_space((unsigned char)s[n - 1]))
		n--;
	return n ? arena_strndup(a, s, n) : NULL;
}

static enum techdebt_kind kind_named(const char *s, size_t n)
{
	if (n == 8 && strncasecmp(s, "reckless", 8) == 0)
		return TECHDEBT_RECKLESS;
	if (n == 7 && strncasecmp(s, "prudent", 7) == 0)
		return TECHDEBT_PRUDENT;
	return TECHDEBT_UNKNOWN;
}

/* Whether a status or a heading's word says the debt is paid, and none
 * says "not". */
static int says_done(const char *s, size_t n)
{
	int done = 0;
	static const char *words[] = { "done",	   "paid",  "closed",
				       "resolved", "fixed", "completed",
				       "complete" };
	for (size_t i = 0; i < n;) {
		while (i < n && !ascii_is_alpha((unsigned char)s[i]))
			i++;
		size_t j = i;
		while (j < n && ascii_is_alpha((unsigned char)s[j]))
			j++;
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
			if (strlen(words[w]) == j - i &&
			    strncasecmp(s + i, words[w], j - i) == 0)
				done = 1;
		if (j - i == 3 && strncasecmp(s + i, "not", 3) == 0)
			return 0;
		i = j;
	}
	return done;
}

const char *techdebt_kind_name(enum techdebt_kind k)
{
	return k == TECHDEBT_RECKLESS  ? "reckless"
	       : k == TECHDEBT_PRUDENT ? "prudent"
				       : "unknown";
}

static void set_owner(struct techdebt_item *it, struct arena *a, const char *s, size_t n)
{
	if (n && *s == '@')
		s++, n--;
	const char *o = copy_trim(a, s, n);
	if (!o)
		return;
	if (!it->owner)
		it->owner = o;
	if (strcmp(it->owner, o) != 0 || it->nowners == 0)
		it->nowners++;
}

/* A date field: kept as written, its day (or -1 and a warning). */
static void set_date(const struct reader *rd, const char **text, long *days,
		     const char *s, int line, const char *what)
{
	*text = s;
	*days = date_iso_days(s, strlen(s));
	if (*days < 0)
		WARN(rd, line, "debt item \"%s\" has a %s \"%s\" that is not a YYYY-MM-DD date",
		     rd->it->title, what, s);
}

static void add_link(struct reader *rd, const char *s, size_t n)
{
	if (!n)
		return;
	buf_put(&rd->links, s, n);
	buf_putc(&rd->links, '\0');
}

static void finish_links(struct reader *rd)
{
	size_t n = 0;
	for (size_t i = 0; i < rd->links.len; i++)
		n += rd->links.ptr[i] == '\0';
	rd->it->links = arena_alloc(rd->a, (n ? n : 1) * sizeof(char *));
	for (size_t i = 0; i < rd->links.len; i += strlen(rd->links.ptr + i) + 1)
		rd->it->links[rd->it->nlinks++] =
			arena_strdup(rd->a, rd->links.ptr + i);
	buf_clear(&rd->links);
}

static struct techdebt_item *new_item(struct techdebt_list *out, struct arena *a,
				      const char *path, int line)
{
	ARENA_GROW(a, out->items, out->cap, out->n + 1);
	struct techdebt_item *it = &out->items[out->n++];
	memset(it, 0, sizeof(*it));
	it->title = "";
	it->due_days = it->created_days = -1;
	it->path = path;
	it->line = line;
	return it;
}

/* ---------------------------------------------------------------- fields */

enum field {
	F_NONE,
	F_OWNER,
	F_DUE,
	F_CYCLE,
	F_SERVICE,
	F_CREATED,
	F_LINK,
	F_RATIONALE,
	F_KIND,
	F_STATUS
};

/* The field a key names ("due", "Owner", "pm"), for tokens and note lines. */
static enum field field_named(const char *s, size_t n)
{
	static const struct {
		const char *key;
		enum field f;
	} keys[] = {
		{ "owner", F_OWNER },	  { "due", F_DUE },
		{ "cycle", F_CYCLE },	  { "scheduled", F_CYCLE },
		{ "service", F_SERVICE }, { "created", F_CREATED },
		{ "since", F_CREATED },	  { "rfc", F_LINK },
		{ "postmortem", F_LINK }, { "pm", F_LINK },
		{ "link", F_LINK },	  { "rationale", F_RATIONALE },
		{ "why", F_RATIONALE },	  { "kind", F_KIND },
		{ "status", F_STATUS },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == n && strncasecmp(s, keys[i].key, n) == 0)
			return keys[i].f;
	return F_NONE;
}

static void set_field(struct reader *rd, enum field f, const char *s, size_t n, int line)
{
	struct techdebt_item *it = rd->it;
	const char *v = copy_trim(rd->a, s, n);
	if (!v)
		return;
	switch (f) {
	case F_OWNER: set_owner(it, rd->a, v, strlen(v)); break;
	case F_DUE:
		set_date(rd, &it->due, &it->due_days, v, line, "due date");
		break;
	case F_CREATED:
		set_date(rd, &it->created, &it->created_days, v, line, "created date");
		break;
	case F_CYCLE: it->cycle = v; break;
	case F_SERVICE: it->service = v; break;
	case F_LINK: add_link(rd, v, strlen(v)); break;
	case F_RATIONALE: it->rationale = v; break;
	case F_STATUS: {
		size_t w = 0; /* its first word: "done", not "not done" */
		while (v[w] && ascii_is_alpha((unsigned char)v[w]))
			w++;
		it->done = says_done(v, w);
		break;
	}
	case F_KIND:
		it->kind = kind_named(v, strlen(v));
		if (!it->kind)
			WARN(rd, line, "debt item \"%s\" has kind \"%s\": reckless or prudent",
			     it->title, v);
		break;
	default: break;
	}
}

/* ---------------------------------------------------------------- list items */

static size_t token_end(const char *s, size_t n, size_t i)
{
	while (i < n && !ascii_is_space((unsigned char)s[i]))
		i++;
	return i;
}

/* A Markdown link "[text](target)" at s[i]: its ']' and ')' offsets. */
static int link_at(const char *s, size_t n, size_t i, size_t *rb, size_t *rp)
{
	const char *b = memchr(s + i, ']', n - i), *p;
	if (!b || (size_t)(b - s) + 1 >= n || b[1] != '(')
		return 0;
	p = memchr(b, ')', n - (size_t)(b - s));
	if (!p)
		return 0;
	*rb = (size_t)(b - s);
	*rp = (size_t)(p - s);
	return 1;
}

/* The field of a "key:value" token (not rationale: that is a note's), or
 * F_NONE. */
static enum field token_field(const char *s, size_t n, const char **value)
{
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s || colon + 1 == s + n)
		return F_NONE;
	enum field f = field_named(s, (size_t)(colon - s));
	*value = colon + 1;
	return f == F_RATIONALE ? F_NONE : f;
}

/* Reads the tokens of an item's first line; what is left goes to title,
 * the fields to rd->pending. */
static void scan_line(struct reader *rd, const char *s, size_t n, struct buf *title)
{
	size_t i = 0, rb, rp;
	while (i < n) {
		size_t end = token_end(s, n, i);
		const char *value = NULL;
		enum field f = token_field(s + i, end - i, &value);
		if (s[i] == '#' && kind_named(s + i + 1, end - i - 1)) {
			rd->it->kind = kind_named(s + i + 1, end - i - 1);
		} else if (s[i] == '@' && end > i + 1) {
			set_owner(rd->it, rd->a, s + i, end - i);
		} else if (!strncmp(s + i, "https://", 8) ||
			   !strncmp(s + i, "http://", 7)) {
			add_link(rd, s + i, end - i);
		} else if (f != F_NONE && rd->npending < 16) {
			rd->pending[rd->npending++] =
				(struct pending){ f, value, (size_t)(s + end - value) };
		} else if (s[i] == '[' && link_at(s, n, i, &rb, &rp)) {
			/* a Markdown link: its text stays, its target is a link */
			buf_put(title, s + i + 1, rb - i - 1);
			add_link(rd, s + rb + 2, rp - rb - 2);
			end = rp + 1;
		} else {
			buf_put(title, s + i, end - i);
		}
		if (title->len && title->ptr[title->len - 1] != ' ')
			buf_putc(title, ' ');
		i = end;
		while (i < n && ascii_is_space((unsigned char)s[i]))
			i++;
	}
}

static void apply_pending(struct reader *rd, int line)
{
	for (size_t i = 0; i < rd->npending; i++)
		set_field(rd, rd->pending[i].field, rd->pending[i].s,
			  rd->pending[i].n, line);
	rd->npending = 0;
}

/* Whether a rationale's text stops mid-sentence (its line was wrapped:
 * the next note line goes on with it). */
static int unfinished(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n && !strchr(".!?", s[n - 1]);
}

/* A note line ("  Rationale: because", "  - Owner: @alice", "see
 * rfc:docs/x.md"): a field, or text (its tokens read as the first line's). */
static void note_line(struct reader *rd, const char *s, size_t n, int line)
{
	struct buf text = BUF_INIT;
	size_t k = 0;
	while (k < n && ascii_is_blank((unsigned char)s[k]))
		k++;
	if (k + 1 < n && strchr("-*+", s[k]) && s[k + 1] == ' ')
		k += 2; /* a nested bullet */
	s += k;
	n -= k;
	const char *colon = memchr(s, ':', n);
	enum field f = colon ? field_named(s, (size_t)(colon - s)) : F_NONE;
	if (f != F_NONE) {
		set_field(rd, f, colon + 1, (size_t)(s + n - colon - 1), line);
		rd->rationale_open = f == F_RATIONALE && unfinished(rd->it->rationale);
		return;
	}
	if (rd->rationale_open) {
		const char *more = copy_trim(rd->a, s, n);
		if (more)
			rd->it->rationale = arena_printf(rd->a, "%s %s",
							 rd->it->rationale, more);
		rd->rationale_open = unfinished(rd->it->rationale);
		return;
	}
	rd->npending = 0;
	scan_line(rd, s, n, &text);
	apply_pending(rd, line);
	while (text.len && text.ptr[text.len - 1] == ' ')
		buf_truncate(&text, text.len - 1);
	if (rd->notes.len && text.len)
		buf_putc(&rd->notes, ' ');
	buf_put(&rd->notes, text.ptr, text.len);
	buf_release(&text);
}

/* Length of a list marker at s ("- ", "* ", "1. "), or 0. */
static size_t marker(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 2 && strchr("-*+", s[0]) && (s[1] == ' ' || s[1] == '\t'))
		return 2;
	while (i < n && i < 9 && ascii_is_digit((unsigned char)s[i]))
		i++;
	if (i && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
		return i + 2;
	return 0;
}

static void finish_item(struct reader *rd)
{
	struct techdebt_item *it = rd->it;
	if (!it)
		return;
	if (!it->rationale && rd->notes.len)
		it->rationale = copy_trim(rd->a, rd->notes.ptr, rd->notes.len);
	finish_links(rd);
	buf_clear(&rd->notes);
	rd->it = NULL;
	rd->rationale_open = 0;
}

/* Starts the item of list line s (after its marker), of kind default_kind
 * unless it says otherwise. */
static void start_item(struct reader *rd, struct techdebt_list *out, const char *s,
		       size_t n, int line, enum techdebt_kind default_kind)
{
	struct buf title = BUF_INIT;
	rd->it = new_item(out, rd->a, rd->path, line);
	rd->it->kind = default_kind;
	if (n >= 3 && s[0] == '[' && s[2] == ']' && strchr(" xX", s[1])) {
		rd->it->done = s[1] != ' ';
		s += 3;
		n -= 3;
	}
	rd->npending = 0;
	scan_line(rd, s, n, &title);
	rd->it->title = copy_trim(rd->a, title.ptr, title.len);
	if (!rd->it->title)
		rd->it->title = "(untitled)";
	apply_pending(rd, line);
	buf_release(&title);
}

static enum techdebt_kind heading_kind(const char *s, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		if (i + 8 <= n && strncasecmp(s + i, "reckless", 8) == 0)
			return TECHDEBT_RECKLESS;
		if (strncasecmp(s + i, "prudent", 7) == 0)
			return TECHDEBT_PRUDENT;
	}
	return TECHDEBT_UNKNOWN;
}

/* Whether line s opens or closes a code fence (updating *fence). */
static int fence_line(const char *s, size_t n, size_t indent, char *fence)
{
	char c = indent < n ? s[indent] : 0;
	if (indent >= 4 || n - indent < 3 || (c != '`' && c != '~') ||
	    s[indent + 1] != c || s[indent + 2] != c)
		return 0;
	if (!*fence)
		*fence = c;
	else if (*fence == c)
		*fence = 0;
	return 1;
}

/* ---------------------------------------------------------------- sections */

/* The level of an ATX heading at s (1 to 6), or 0. */
static int heading_level(const char *s, size_t n, size_t indent)
{
	size_t h = 0;
	if (indent >= 4)
		return 0;
	while (indent + h < n && h < 7 && s[indent + h] == '#')
		h++;
	if (!h || h > 6 ||
	    (indent + h < n && s[indent + h] != ' ' && s[indent + h] != '\t'))
		return 0;
	return (int)h;
}

/* Whether heading s names a kind ("## Reckless debt"), not as a tag of
 * its own ("## 2. The forked client #prudent"). */
static int heading_names_kind(const char *s, size_t n)
{
	for (size_t i = 1; i + 7 <= n; i++)
		if (s[i - 1] != '#' &&
		    ((i + 8 <= n && strncasecmp(s + i, "reckless", 8) == 0) ||
		     strncasecmp(s + i, "prudent", 7) == 0))
			return 1;
	return 0;
}

/* Whether list item s (after its marker) is marked as a debt item: a
 * checkbox, a kind tag, an owner or a field token. */
static int item_marked(const char *s, size_t n)
{
	if (n >= 3 && s[0] == '[' && s[2] == ']' && strchr(" xX", s[1]))
		return 1;
	for (size_t i = 0; i < n;) {
		size_t end = token_end(s, n, i);
		const char *value;
		if ((s[i] == '#' && kind_named(s + i + 1, end - i - 1)) ||
		    (s[i] == '@' && end > i + 1) ||
		    token_field(s + i, end - i, &value) != F_NONE)
			return 1;
		i = end;
		while (i < n && ascii_is_space((unsigned char)s[i]))
			i++;
	}
	return 0;
}

/* Whether line s is a thematic break (---, ***, ___), a table's row, or
 * HTML: lines that are not a section's prose. */
static int not_prose(const char *s, size_t n)
{
	size_t marks = 0;
	if (n && (s[0] == '|' || s[0] == '<'))
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (strchr("-*_", s[i]))
			marks++;
		else if (!ascii_is_blank((unsigned char)s[i]))
			return 0;
	}
	return marks >= 3;
}

/* A list file's lines, as the section reader sees them. */
enum line_kind {
	L_END,
	L_BLANK,
	L_FENCED,
	L_HEADING,
	L_ITEM,
	L_ITEM_TEXT,
	L_PROSE,
	L_OTHER
};

struct scan {
	const char *text;
	size_t len, pos;
	char fence;
	int in_list, blank;
	/* the line just read: s[0, n), its indent, heading level, marker */
	const char *s;
	size_t n, indent, m;
	int h;
};

static enum line_kind scan_next(struct scan *sc)
{
	if (sc->pos >= sc->len)
		return L_END;
	const char *s = sc->text + sc->pos, *nl = memchr(s, '\n', sc->len - sc->pos);
	size_t n = nl ? (size_t)(nl - s) : sc->len - sc->pos, indent = 0;
	int blank = sc->blank;
	sc->pos += n + 1;
	if (n && s[n - 1] == '\r')
		n--;
	while (indent < n && s[indent] == ' ')
		indent++;
	sc->s = s;
	sc->n = n;
	sc->indent = indent;
	sc->h = 0;
	sc->m = 0;
	sc->blank = 0;
	if (fence_line(s, n, indent, &sc->fence) || sc->fence)
		return L_FENCED;
	if (indent == n) {
		sc->blank = 1;
		return L_BLANK;
	}
	if ((sc->h = heading_level(s, n, indent)) != 0) {
		sc->in_list = 0;
		return L_HEADING;
	}
	if (indent < 2 && (sc->m = marker(s + indent, n - indent)) != 0) {
		sc->in_list = 1;
		return L_ITEM;
	}
	if (sc->in_list && (indent >= 2 || !blank))
		return L_ITEM_TEXT;
	sc->in_list = 0;
	return not_prose(s, n) ? L_OTHER : L_PROSE;
}

/* Whether the section whose heading ends at pos has a paragraph of its
 * own, before any heading. */
static int own_prose(const char *text, size_t len, size_t pos)
{
	struct scan sc = { .text = text, .len = len, .pos = pos, .blank = 1 };
	for (;;) {
		enum line_kind k = scan_next(&sc);
		if (k == L_END || k == L_HEADING)
			return 0;
		if (k == L_PROSE)
			return 1;
	}
}

/* The level of the headings that are items when a list file is written as
 * prose sections (docs/techdebt.md, "Sections"), or 0: no list item
 * marked as an item, no heading naming a kind, and a heading other than
 * the title with a paragraph of its own; of such headings, the level most
 * of them have (the shallower of two as many). The title, the first
 * heading when no other is of its level or above, is at *title (else
 * SIZE_MAX). */
static int prose_level(const char *text, size_t len, size_t *title)
{
	struct scan sc = { .text = text, .len = len, .blank = 1 };
	size_t first = SIZE_MAX, at;
	int first_level = 0, others = 7, count[7] = { 0 }, best = 0;
	for (;;) {
		at = sc.pos;
		enum line_kind k = scan_next(&sc);
		if (k == L_END)
			break;
		if (k == L_ITEM &&
		    item_marked(sc.s + sc.indent + sc.m, sc.n - sc.indent - sc.m))
			return 0;
		if (k != L_HEADING)
			continue;
		if (heading_names_kind(sc.s, sc.n))
			return 0;
		if (first == SIZE_MAX) {
			first = at;
			first_level = sc.h;
		} else {
			others = sc.h < others ? sc.h : others;
		}
		count[sc.h] += own_prose(text, len, sc.pos);
	}
	*title = first_level && first_level < others ? first : SIZE_MAX;
	if (*title != SIZE_MAX)
		count[first_level] -= own_prose(text, len, first + 1);
	for (int h = 1; h <= 6; h++)
		best = count[h] > count[best] ? h : best;
	return best;
}

/* The label of line s ("**Problem:** text", "Impact: low"): letters and
 * blanks before a colon, bold marks dropped; its length in *n, or NULL. */
static const char *line_label(const char *s, size_t len, size_t *n)
{
	size_t i = 0, a, b;
	while (i < len && (s[i] == '*' || s[i] == '_'))
		i++;
	a = i;
	while (i < len && i - a < 32 &&
	       (ascii_is_alpha((unsigned char)s[i]) || s[i] == ' '))
		i++;
	b = i;
	while (i < len && (s[i] == '*' || s[i] == '_'))
		i++;
	if (b == a || i >= len || s[i] != ':')
		return NULL;
	*n = b - a;
	return s + a;
}

/* Whether a label introduces what the debt is ("Problem:", "Issue:"). */
static int describing_label(const char *s, size_t n)
{
	static const char *words[] = { "problem", "description", "issue",
				       "summary", "context",	 "debt",
				       "details", "what" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return 1;
	return 0;
}

/* A section being read: its paragraph, and the texts that may become the
 * item's rationale. */
struct section {
	struct buf para, desc, label;
	int lines;	/* of para */
	int all_labels; /* every line of para is "Label: value" */
	int describes;	/* para's first line has a describing label */
};

/* A section line "Label: value" whose label is a field: set, and true. */
static int prose_field(struct reader *rd, const char *s, size_t n, int line)
{
	size_t k;
	const char *label = line_label(s, n, &k);
	enum field f = label ? field_named(label, k) : F_NONE;
	if (f == F_NONE)
		return 0;
	const char *v = memchr(label, ':', n - (size_t)(label - s)) + 1;
	while (v < s + n && (*v == '*' || *v == '_'))
		v++;
	set_field(rd, f, v, (size_t)(s + n - v), line);
	rd->rationale_open = f == F_RATIONALE && rd->it->rationale;
	return 1;
}

/* Appends section line s to the paragraph: joined by a blank, bold and
 * code marks dropped. */
static void put_prose(struct section *sec, const char *s, size_t n)
{
	size_t k;
	const char *label = line_label(s, n, &k);
	while (n && ascii_is_space((unsigned char)s[n - 1]))
		n--; /* a hard break's blanks */
	if (!sec->lines++) {
		sec->all_labels = 1;
		sec->describes = label && describing_label(label, k);
	}
	sec->all_labels &= label != NULL;
	if (sec->para.len)
		buf_putc(&sec->para, ' ');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '`')
			continue;
		if (i + 1 < n && (s[i] == '*' || s[i] == '_') && s[i + 1] == s[i]) {
			i++;
			continue;
		}
		buf_putc(&sec->para, s[i]);
	}
}

/* Ends the section's paragraph: the first that describes the debt (not
 * only labels and values, "File: app/x.rb", unless a label such as
 * "Problem:" opens it) is the description, else the first is the label. */
static void end_paragraph(struct reader *rd, struct section *sec)
{
	struct buf *to = sec->all_labels && !sec->describes ? &sec->label : &sec->desc;
	if (sec->para.len && !to->len)
		buf_put(to, sec->para.ptr, sec->para.len);
	buf_clear(&sec->para);
	sec->lines = 0;
	rd->rationale_open = 0;
}

/* Finishes a section's item: its rationale, else its description. */
static void finish_section(struct reader *rd, struct section *sec)
{
	const struct buf *d = sec->desc.len ? &sec->desc : &sec->label;
	if (rd->it && !rd->it->rationale && d->len)
		rd->it->rationale = copy_trim(rd->a, d->ptr, d->len);
	buf_clear(&sec->desc);
	buf_clear(&sec->label);
	finish_item(rd);
}

/* Starts the item of heading text s ("1. Title #prudent @alice"); a title
 * marked "✅", "[x]" or struck through ("~~Title~~") is paid. */
static void start_section(struct reader *rd, struct techdebt_list *out,
			  const char *s, size_t n, int line, int done)
{
	size_t e;
	while (n && ascii_is_space((unsigned char)*s))
		s++, n--;
	while (n && ascii_is_space((unsigned char)s[n - 1]))
		n--;
	for (e = n; e && s[e - 1] == '#'; e--)
		;
	if (!e || ascii_is_blank((unsigned char)s[e - 1]))
		n = e; /* a closing sequence ("## C#" keeps its #) */
	while (n && ascii_is_space((unsigned char)s[n - 1]))
		n--;
	if (n >= 3 &&
	    (!memcmp(s, "\xE2\x9C\x85", 3) || !memcmp(s, "\xE2\x9C\x94", 3) ||
	     !memcmp(s, "\xE2\x98\x91", 3) || !strncasecmp(s, "[x]", 3))) {
		done = 1;
		s += 3, n -= 3;
		if (n >= 3 && !memcmp(s, "\xEF\xB8\x8F", 3))
			s += 3, n -= 3; /* a variation selector */
		while (n && ascii_is_space((unsigned char)*s))
			s++, n--;
	}
	if (n >= 4 && !memcmp(s, "~~", 2) && !memcmp(s + n - 2, "~~", 2)) {
		done = 1;
		s += 2, n -= 4;
	}
	size_t m = marker(s, n);
	if (m && m < n && ascii_is_digit((unsigned char)*s))
		s += m, n -= m; /* its number */
	start_item(rd, out, s, n, line, TECHDEBT_UNKNOWN);
	rd->it->done |= done;
}

/* Reads a list written as prose sections (prose_file): a heading of the
 * items' level whose section has a paragraph of its own is an item, and
 * the headings below it are part of it; headings above it are groups (a
 * group whose heading says "Done", "Paid", "Resolved"... holds paid
 * items). An item's lines "Owner: @alice", "Due: 2026-03-01", "Status:
 * done", "Rationale: ..." are its fields, and its first paragraph that
 * describes it its rationale. Lists in it are its text. */
static void parse_sections(struct reader *rd, struct techdebt_list *out,
			   const char *text, size_t len, int line, size_t title,
			   int level)
{
	struct section sec = { BUF_INIT, BUF_INIT, BUF_INIT, 0, 0, 0 };
	struct scan sc = { .text = text, .len = len, .blank = 1 };
	int done_level = 0; /* of the group of paid items we are in */
	for (;; line++) {
		size_t at = sc.pos;
		enum line_kind k = scan_next(&sc);
		if (k != L_PROSE)
			end_paragraph(rd, &sec);
		if (k == L_END)
			break;
		const char *s = sc.s + sc.indent;
		size_t n = sc.n - sc.indent;
		if (k == L_HEADING && sc.h <= level) {
			finish_section(rd, &sec);
			if (sc.h <= done_level)
				done_level = 0;
			if (sc.h < level && at != title &&
			    says_done(s + sc.h, n - sc.h))
				done_level = sc.h;
			if (sc.h == level && at != title &&
			    own_prose(text, len, sc.pos))
				start_section(rd, out, s + sc.h, n - sc.h, line,
					      done_level != 0);
		} else if (k == L_PROSE && rd->it && rd->rationale_open) {
			/* a rationale's paragraph goes on */
			rd->it->rationale = arena_printf(rd->a, "%s %s",
							 rd->it->rationale,
							 copy_trim(rd->a, s, n));
		} else if (k == L_PROSE && rd->it && !prose_field(rd, s, n, line)) {
			put_prose(&sec, s, n);
		}
	}
	finish_section(rd, &sec);
	buf_release(&sec.para);
	buf_release(&sec.desc);
	buf_release(&sec.label);
}

size_t techdebt_parse_list(struct techdebt_list *out, struct arena *a,
			   const char *repo, const char *path, const char *text,
			   size_t len, int first_line, struct diag_list *d)
{
	struct reader rd = {
		.a = a, .repo = repo, .path = path, .d = d, .links = BUF_INIT, .notes = BUF_INIT
	};
	enum techdebt_kind section = TECHDEBT_UNKNOWN;
	size_t before = out->n, pos = 0;
	int line = first_line, blank = 0, kind_level = 0;
	char fence = 0;
	size_t title;
	int level = prose_level(text, len, &title);

	if (level) {
		parse_sections(&rd, out, text, len, first_line, title, level);
		pos = len;
	}

	for (; pos < len; line++) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, indent = 0, m;
		pos += n + 1;
		if (n && s[n - 1] == '\r')
			n--;
		while (indent < n && s[indent] == ' ')
			indent++;
		if (fence_line(s, n, indent, &fence) || fence)
			continue;
		if (indent == n) {
			blank = 1;
			rd.rationale_open = 0; /* the rationale's paragraph ends */
			continue;
		}
		m = indent < 2 ? marker(s + indent, n - indent) : 0;
		if (indent < 4 && s[indent] == '#') {
			/* a kind's heading holds for the headings below it */
			int h = heading_level(s, n, indent);
			h = h ? h : 1;
			finish_item(&rd);
			if (heading_kind(s, n)) {
				section = heading_kind(s, n);
				kind_level = h;
			} else if (h <= kind_level) {
				section = TECHDEBT_UNKNOWN;
				kind_level = 0;
			}
		} else if (m) {
			finish_item(&rd);
			start_item(&rd, out, s + indent + m, n - indent - m,
				   line, section);
		} else if (rd.it && (indent >= 2 || !blank)) {
			note_line(&rd, s, n, line);
		} else {
			finish_item(&rd);
		}
		blank = 0;
	}
	finish_item(&rd);
	buf_release(&rd.links);
	buf_release(&rd.notes);
	return out->n - before;
}

/* ---------------------------------------------------------------- one file */

/* The text of a string val without NULs, or NULL. */
static const char *text_val(const struct val *v)
{
	if (!v || v->type != VAL_STR || !v->u.str.len ||
	    strlen(v->u.str.ptr) != v->u.str.len)
		return NULL;
	return v->u.str.ptr;
}

static int is_rationale_heading(const char *s, size_t n)
{
	while (n && (s[n - 1] == ':' || ascii_is_space((unsigned char)s[n - 1])))
		n--;
	return (n == 9 && strncasecmp(s, "rationale", 9) == 0) ||
	       (n == 3 && strncasecmp(s, "why", 3) == 0);
}

/* The first heading's text, and the first paragraph under a "Rationale" or
 * "Why" heading. */
static void scan_body(struct arena *a, const char *body, size_t len,
		      const char **heading, const char **rationale)
{
	struct buf para = BUF_INIT;
	size_t pos = 0;
	int in_rationale = 0;
	while (pos < len && !*rationale) {
		const char *s = body + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, h = 0;
		pos += n + 1;
		while (h < n && h < 7 && s[h] == '#')
			h++;
		if (h && h < n && s[h] == ' ') {
			if (!*heading)
				*heading = copy_trim(a, s + h, n - h);
			in_rationale = is_rationale_heading(s + h + 1, n - h - 1);
		} else if (in_rationale && copy_trim(a, s, n)) {
			if (para.len)
				buf_putc(&para, ' ');
			buf_put(&para, s, n);
			continue;
		} else if (in_rationale && para.len) {
			*rationale = copy_trim(a, para.ptr, para.len);
		}
		if (!in_rationale)
			buf_clear(&para);
	}
	if (in_rationale && !*rationale && para.len)
		*rationale = copy_trim(a, para.ptr, para.len);
	buf_release(&para);
}

/* A text-or-list field (owners, links): each text. */
static void each_text(struct reader *rd, const struct val *v, const char *key,
		      enum field f)
{
	if (!v || v->type == VAL_NULL)
		return;
	size_t n = v->type == VAL_LIST ? v->u.list.len : 1;
	for (size_t i = 0; i < n; i++) {
		const struct val *x = v->type == VAL_LIST ? v->u.list.items[i] : v;
		const char *s = text_val(x);
		if (s)
			set_field(rd, f, s, strlen(s), x->line);
		else
			WARN(rd, x->line ? x->line : rd->it->line,
			     "debt item \"%s\" has a %s that is not text",
			     rd->it->title, key);
	}
}

static const char *stem_of(struct arena *a, const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	base = base ? base + 1 : path ? path : "";
	const char *dot = strrchr(base, '.');
	return copy_trim(a, base, dot ? (size_t)(dot - base) : strlen(base));
}

int techdebt_parse_file(struct techdebt_list *out, struct arena *a, const char *repo,
			const char *path, const struct val *meta, const char *body,
			size_t len, int body_line, struct diag_list *d)
{
	static const struct {
		const char *key;
		enum field f;
	} scalars[] = {
		{ "kind", F_KIND },	  { "due", F_DUE },
		{ "cycle", F_CYCLE },	  { "scheduled", F_CYCLE },
		{ "service", F_SERVICE }, { "rationale", F_RATIONALE },
		{ "created", F_CREATED }, { "date", F_CREATED },
	};
	struct reader rd = {
		.a = a, .repo = repo, .path = path, .d = d, .links = BUF_INIT, .notes = BUF_INIT
	};
	const char *heading = NULL, *rationale = NULL, *status;
	int line = meta && meta->line ? meta->line : 1;

	rd.it = new_item(out, a, path, line);
	scan_body(a, body ? body : "", body ? len : 0, &heading, &rationale);
	rd.it->title = text_val(val_get(meta, "title"));
	if (!rd.it->title)
		rd.it->title = heading ? heading : stem_of(a, path);
	if (!rd.it->title)
		rd.it->title = "(untitled)";
	(void)body_line;
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		const struct val *v = val_get(meta, scalars[i].key);
		struct buf text = BUF_INIT;
		if (!v || v->type == VAL_NULL)
			continue;
		if (scalars[i].f == F_CREATED && rd.it->created)
			continue; /* created wins over date */
		if (v->type == VAL_LIST || v->type == VAL_MAP ||
		    val_scalar_text(&text, v) < 0)
			WARN(&rd, v->line, "debt item \"%s\" has a %s that is not text",
			     rd.it->title, scalars[i].key);
		else
			set_field(&rd, scalars[i].f, text.ptr, text.len, v->line);
		buf_release(&text);
	}
	each_text(&rd, val_get(meta, "owner"), "owner", F_OWNER);
	each_text(&rd, val_get(meta, "owners"), "owner", F_OWNER);
	each_text(&rd, val_get(meta, "links"), "link", F_LINK);
	each_text(&rd, val_get(meta, "rfc"), "link", F_LINK);
	each_text(&rd, val_get(meta, "postmortem"), "link", F_LINK);
	if (!rd.it->rationale)
		rd.it->rationale = rationale;
	status = text_val(val_get(meta, "status"));
	rd.it->done = val_truthy(val_get(meta, "done")) ||
		      (status && (!strcasecmp(status, "done") ||
				  !strcasecmp(status, "paid") ||
				  !strcasecmp(status, "closed") ||
				  !strcasecmp(status, "resolved")));
	finish_item(&rd);
	buf_release(&rd.links);
	buf_release(&rd.notes);
	return 0;
}

/* ---------------------------------------------------------------- rules */

unsigned techdebt_flags(const struct techdebt_item *it, long today,
			const struct techdebt_rules *r)
{
	static const struct techdebt_rules defaults = TECHDEBT_RULES_INIT;
	unsigned flags = 0;
	if (!r)
		r = &defaults;
	if (it->done)
		return 0;
	if (it->kind == TECHDEBT_UNKNOWN)
		flags |= TECHDEBT_NO_KIND;
	if (it->kind == TECHDEBT_RECKLESS && !it->owner)
		flags |= TECHDEBT_RECKLESS_NO_OWNER;
	if (it->kind == TECHDEBT_RECKLESS && it->created_days >= 0 &&
	    today - it->created_days > (long)r->sprint_days * r->reckless_sprints)
		flags |= TECHDEBT_RECKLESS_STALE;
	if (it->kind == TECHDEBT_PRUDENT && !it->rationale)
		flags |= TECHDEBT_PRUDENT_NO_RATIONALE;
	if (it->kind == TECHDEBT_PRUDENT && it->due_days < 0 && !it->cycle)
		flags |= TECHDEBT_PRUDENT_UNSCHEDULED;
	if (it->due_days >= 0 && it->due_days < today)
		flags |= TECHDEBT_OVERDUE;
	return flags;
}

void techdebt_flag_message(struct buf *out, const struct techdebt_item *it,
			   unsigned flag, long today, const struct techdebt_rules *r)
{
	static const struct techdebt_rules defaults = TECHDEBT_RULES_INIT;
	long allowed;
	if (!r)
		r = &defaults;
	allowed = (long)r->sprint_days * r->reckless_sprints;
	switch (flag) {
	case TECHDEBT_NO_KIND:
		buf_printf(out, "debt item \"%s\" is neither reckless nor prudent: tag it #reckless (a shortcut to pay down now) or #prudent (a trade-off to schedule)",
			   it->title);
		break;
	case TECHDEBT_RECKLESS_NO_OWNER:
		buf_printf(out, "reckless debt \"%s\" has no owner: give it one (@handle)",
			   it->title);
		break;
	case TECHDEBT_RECKLESS_STALE: {
		int64_t y;
		int m, d;
		buf_printf(out, "reckless debt \"%s\" has been unpaid for %ld days",
			   it->title, today - it->created_days);
		if (it->created_by_git) {
			date_civil_from_days(it->created_days, &y, &m, &d);
			buf_printf(out, " (in git since %04lld-%02d-%02d)",
				   (long long)y, m, d);
		}
		buf_printf(out, ", more than %ld (%d sprint%s): pay it down, or make it prudent with a rationale and a date",
			   allowed, r->reckless_sprints,
			   r->reckless_sprints == 1 ? "" : "s");
		break;
	}
	case TECHDEBT_PRUDENT_NO_RATIONALE:
		buf_printf(out, "prudent debt \"%s\" has no rationale: say why the trade-off is worth it (rationale:)",
			   it->title);
		break;
	case TECHDEBT_PRUDENT_UNSCHEDULED:
		buf_printf(out, "prudent debt \"%s\" is not scheduled: give it a due date (due:YYYY-MM-DD) or a cycle (cycle:2026-Q3)",
			   it->title);
		break;
	case TECHDEBT_OVERDUE:
		buf_printf(out, "debt item \"%s\" is overdue (due %s): pay it down, or schedule it again",
			   it->title, it->due);
		break;
	default: break;
	}
}

void techdebt_check(const struct techdebt_list *list, long today,
		    const struct techdebt_rules *r, const char *repo,
		    struct diag_list *d)
{
	struct buf msg = BUF_INIT;
	for (size_t i = 0; list && i < list->n; i++) {
		const struct techdebt_item *it = &list->items[i];
		unsigned flags = techdebt_flags(it, today, r);
		for (unsigned f = 1; f <= TECHDEBT_FLAG_LAST; f <<= 1) {
			if (!(flags & f))
				continue;
			buf_clear(&msg);
			techdebt_flag_message(&msg, it, f, today, r);
			diag_add(d, DIAG_WARNING, DIAG_USER, repo, it->path,
				 it->line, "%s", msg.ptr);
		}
	}
	buf_release(&msg);
}

int techdebt_is_list(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	return strcasecmp(base, "TECH_DEBT.md") == 0 ||
	       strcmp(path, "docs/tech-debt.md") == 0;
}

size_t techdebt_parse(struct techdebt_list *out, struct arena *a,
		      const char *repo, const char *path, const char *text,
		      size_t len, struct diag_list *d)
{
	struct frontmatter fm;
	struct yaml_error err = { 0, "" };
	size_t before = out->n;
	if (frontmatter_parse(&fm, a, text, len, &err) < 0)
		diag_user(d, repo, path, err.line,
			  "front matter is not valid YAML: %s", err.msg);
	if (techdebt_is_list(path))
		return techdebt_parse_list(out, a, repo, path, fm.body,
					   fm.body_len, fm.body_line, d);
	techdebt_parse_file(out, a, repo, path, fm.meta, fm.body, fm.body_len,
			    fm.body_line, d);
	return out->n - before;
}
