#include "toml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "utf8.h"

struct parser {
	const char *s, *end;
	int line, depth;
	struct arena *a;
	struct buf tmp;
	struct parse_error *err;
	struct val *root, *table;
	/* tables a [header] defined, so that a second one is an error */
	struct val **defined;
	size_t ndefined, cap;
};

/* Says what is wrong at the current line; returns -1. */
#define FAIL(p, ...) parse_error_set((p)->err, (p)->line, __VA_ARGS__)

static int at(const struct parser *p, char c)
{
	return p->s < p->end && *p->s == c;
}

static int ahead(const struct parser *p, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(p->end - p->s) >= n && memcmp(p->s, word, n) == 0;
}

static int unexpected(struct parser *p, const char *wanted)
{
	if (p->s >= p->end)
		return FAIL(p, "the TOML ends where %s was expected", wanted);
	if (*p->s == '\n' || *p->s == '\r')
		return FAIL(p, "the line ends where %s was expected", wanted);
	if ((unsigned char)*p->s < 0x20 || (unsigned char)*p->s >= 0x7f)
		return FAIL(p, "byte 0x%02x found where %s was expected",
			    (unsigned char)*p->s, wanted);
	return FAIL(p, "'%c' found where %s was expected", *p->s, wanted);
}

static void skip_blank(struct parser *p)
{
	while (p->s < p->end && ascii_is_blank((unsigned char)*p->s))
		p->s++;
}

/* Blanks, then an optional comment; leaves p->s at the line's end. */
static int skip_comment(struct parser *p)
{
	skip_blank(p);
	if (at(p, '#'))
		while (p->s < p->end && *p->s != '\n') {
			if ((unsigned char)*p->s < 0x20 && *p->s != '\t' &&
			    !(*p->s == '\r' && p->s + 1 < p->end && p->s[1] == '\n'))
				return FAIL(p, "a comment holds a control character");
			p->s++;
		}
	return 0;
}

/* The end of a line (or of the text) after blanks and a comment. */
static int end_of_line(struct parser *p)
{
	if (skip_comment(p) < 0)
		return -1;
	if (at(p, '\r'))
		p->s++;
	if (p->s >= p->end)
		return 0;
	if (!at(p, '\n'))
		return unexpected(p, "the end of the line");
	p->s++;
	p->line++;
	return 0;
}

/* Blanks, newlines and comments (inside arrays). */
static int skip_all(struct parser *p)
{
	for (;;) {
		if (skip_comment(p) < 0)
			return -1;
		if (at(p, '\r') && p->s + 1 < p->end && p->s[1] == '\n')
			p->s++;
		if (!at(p, '\n'))
			return 0;
		p->s++;
		p->line++;
	}
}

/* ---------------------------------------------------------------- strings */

static int hexn(struct parser *p, int n, uint32_t *out)
{
	int i;
	*out = 0;
	if (p->end - p->s < n)
		return FAIL(p, "an escape needs %d hexadecimal digits", n);
	for (i = 0; i < n; i++) {
		int v = ascii_hex_value((unsigned char)p->s[i]);
		if (v < 0)
			return FAIL(p, "an escape needs %d hexadecimal digits", n);
		*out = *out << 4 | (uint32_t)v;
	}
	p->s += n;
	return 0;
}

static int escape(struct parser *p, int multi)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *k = p->s < p->end && *p->s ? strchr(from, *p->s) : NULL;
	uint32_t c;
	if (k) {
		buf_putc(&p->tmp, to[k - from]);
		p->s++;
		return 0;
	}
	if (at(p, 'u') || at(p, 'U')) {
		int n = *p->s == 'u' ? 4 : 8;
		p->s++;
		if (hexn(p, n, &c) < 0)
			return -1;
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
			return FAIL(p, "an escape names U+%04X, which a string cannot hold",
				    (unsigned)c);
		utf8_put(&p->tmp, c);
		return 0;
	}
	if (multi) {
		/* a backslash ending a line trims the newline and blanks after */
		const char *t = p->s;
		while (t < p->end && ascii_is_blank((unsigned char)*t))
			t++;
		if (t < p->end && (*t == '\n' || *t == '\r')) {
			p->s = t;
			while (p->s < p->end && ascii_is_space((unsigned char)*p->s)) {
				if (*p->s == '\n')
					p->line++;
				p->s++;
			}
			return 0;
		}
	}
	return unexpected(p, "an escape (b t n f r \" \\ u U)");
}

/* A string at p->s (after its opening quotes: one, or three when multi);
 * literal: no escapes.  Appends to p->tmp. */
static int string_body(struct parser *p, char q, int multi)
{
	for (;;) {
		unsigned char c;
		if (p->s >= p->end)
			return FAIL(p, "a string is not closed");
		c = (unsigned char)*p->s;
		if (c == (unsigned char)q) {
			if (!multi) {
				p->s++;
				return 0;
			}
			if (p->end - p->s >= 3 && p->s[1] == q && p->s[2] == q) {
				/* up to two more quotes belong to the string */
				int extra = 0;
				while (extra < 2 && p->s + 3 + extra < p->end &&
				       p->s[3 + extra] == q)
					extra++;
				buf_put(&p->tmp, p->s, (size_t)extra);
				p->s += 3 + extra;
				return 0;
			}
			buf_putc(&p->tmp, q);
			p->s++;
		} else if (c == '\\' && q == '"') {
			p->s++;
			if (escape(p, multi) < 0)
				return -1;
		} else if (c == '\n' && multi) {
			buf_putc(&p->tmp, '\n');
			p->line++;
			p->s++;
		} else if (c == '\r' && multi && p->s + 1 < p->end && p->s[1] == '\n') {
			p->s++;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			return c == '\n' || c == '\r'
				       ? FAIL(p, "a string is not closed on its line")
				       : FAIL(p, "a string holds a control character (0x%02x)",
					      c);
		} else {
			/* a run of ordinary characters at once */
			const char *run = p->s;
			while (p->s < p->end && *p->s != q && *p->s != '\\' &&
			       ((unsigned char)*p->s >= 0x20 || *p->s == '\t') &&
			       *p->s != 0x7f)
				p->s++;
			if (p->s == run) /* a backslash in a literal string */
				p->s++;
			buf_put(&p->tmp, run, (size_t)(p->s - run));
		}
	}
}

/* A string of any of the four kinds at p->s; *out arena-owned. */
static int string(struct parser *p, const char **out, size_t *n)
{
	char q = *p->s;
	int multi = (size_t)(p->end - p->s) >= 3 && p->s[1] == q && p->s[2] == q;
	buf_clear(&p->tmp);
	p->s += multi ? 3 : 1;
	if (multi) {
		/* a newline right after the opening quotes is trimmed */
		if (at(p, '\r') && p->s + 1 < p->end && p->s[1] == '\n')
			p->s++;
		if (at(p, '\n')) {
			p->s++;
			p->line++;
		}
	}
	if (string_body(p, q, multi) < 0)
		return -1;
	*out = arena_strndup(p->a, p->tmp.ptr, p->tmp.len);
	*n = p->tmp.len;
	return 0;
}

/* ---------------------------------------------------------------- keys */

static int is_bare(char c)
{
	return ascii_is_alnum((unsigned char)c) || c == '_' || c == '-';
}

/* One key part (bare or quoted) into *out / *n. */
static int key_part(struct parser *p, const char **out, size_t *n)
{
	const char *start = p->s;
	skip_blank(p);
	if (at(p, '"') || at(p, '\'')) {
		if ((size_t)(p->end - p->s) >= 3 && p->s[1] == *p->s &&
		    p->s[2] == *p->s)
			return FAIL(p, "a key cannot be a multi-line string");
		return string(p, out, n);
	}
	start = p->s;
	while (p->s < p->end && is_bare(*p->s))
		p->s++;
	if (p->s == start)
		return unexpected(p, "a key");
	*out = arena_strndup(p->a, start, (size_t)(p->s - start));
	*n = (size_t)(p->s - start);
	return 0;
}

#define MAX_KEY_PARTS 32

struct key {
	const char *part[MAX_KEY_PARTS];
	size_t len[MAX_KEY_PARTS];
	int n;
};

/* A dotted key, up to (not over) what follows it. */
static int key(struct parser *p, struct key *k)
{
	k->n = 0;
	for (;;) {
		if (k->n == MAX_KEY_PARTS)
			return FAIL(p, "a key has more than %d parts", MAX_KEY_PARTS);
		if (key_part(p, &k->part[k->n], &k->len[k->n]) < 0)
			return -1;
		k->n++;
		skip_blank(p);
		if (!at(p, '.'))
			return 0;
		p->s++;
	}
}

/* Adds key (arena-owned, known to be absent) to map. */
static void put(struct parser *p, struct val *map, const char *key, size_t n,
		struct val *v)
{
	struct val_pair *pair;
	ARENA_GROW(p->a, map->u.map.pairs, map->u.map.cap, map->u.map.len + 1);
	pair = &map->u.map.pairs[map->u.map.len++];
	pair->key = key;
	pair->key_len = n;
	pair->val = v;
}

/* The map below map at key part i, made when absent (a map of a list of
 * tables: its last one).  NULL, after saying so, when the key holds
 * something else. */
static struct val *descend(struct parser *p, struct val *map, const struct key *k, int i)
{
	struct val *v = val_getn(map, k->part[i], k->len[i]);
	if (!v) {
		v = val_map(p->a);
		v->line = p->line;
		put(p, map, k->part[i], k->len[i], v);
		return v;
	}
	if (v->type == VAL_LIST && v->u.list.len &&
	    v->u.list.items[v->u.list.len - 1]->type == VAL_MAP)
		return v->u.list.items[v->u.list.len - 1];
	if (v->type == VAL_MAP)
		return v;
	FAIL(p, "the key \"%s\" already holds a value", k->part[i]);
	return NULL;
}

/* ---------------------------------------------------------------- values */

static int value(struct parser *p, struct val **out);

static int key_value(struct parser *p, struct val *table);

/* After an element or a key/value pair: 1 past a ',' (another follows),
 * 0 past `close` (that was the last), else -1 after saying so. */
static int next_or_close(struct parser *p, char close)
{
	if (at(p, ',') || at(p, close))
		return *p->s++ == ',';
	return unexpected(p, close == '}' ? "',' or '}'" : "',' or ']'");
}

/* An array: elements over any lines, with comments, and a ',' after the
 * last allowed. */
static int array(struct parser *p, struct val *list)
{
	int rc;
	p->s++;
	do {
		struct val *item;
		if (skip_all(p) < 0)
			return -1;
		if (at(p, ']')) {
			p->s++;
			return 0;
		}
		if (value(p, &item) < 0)
			return -1;
		val_push(p->a, list, item);
		if (skip_all(p) < 0)
			return -1;
	} while ((rc = next_or_close(p, ']')) == 1);
	return rc;
}

/* An inline table: on one line, no ',' after the last pair. */
static int inline_table(struct parser *p, struct val *map)
{
	int rc;
	p->s++;
	skip_blank(p);
	if (at(p, '}')) {
		p->s++;
		return 0;
	}
	do {
		if (key_value(p, map) < 0)
			return -1;
		skip_blank(p);
	} while ((rc = next_or_close(p, '}')) == 1);
	return rc;
}

static int is_date(const struct parser *p)
{
	return p->end - p->s >= 5 && ascii_is_digit((unsigned char)p->s[0]) &&
	       ascii_is_digit((unsigned char)p->s[1]) &&
	       ((ascii_is_digit((unsigned char)p->s[2]) &&
		 ascii_is_digit((unsigned char)p->s[3]) && p->s[4] == '-') ||
		p->s[2] == ':');
}

/* A number (decimal integer or float) or a date, kept as text for dates. */
static int scalar(struct parser *p, struct val **out)
{
	const char *start = p->s;
	char tmp[128];
	size_t n = 0, i;
	double d;
	char *endp;
	if (is_date(p)) {
		while (p->s < p->end && (ascii_is_alnum((unsigned char)*p->s) ||
					 strchr("-:.+", *p->s) ||
					 (*p->s == ' ' && p->s + 1 < p->end &&
					  ascii_is_digit((unsigned char)p->s[1]))))
			p->s++;
		*out = val_strn(p->a, start, (size_t)(p->s - start));
		return 0;
	}
	while (p->s < p->end &&
	       (ascii_is_alnum((unsigned char)*p->s) || strchr("+-._", *p->s)))
		p->s++;
	if (p->s == start)
		return unexpected(p, "a value");
	for (i = 0; start + i < p->s; i++) {
		char c = start[i];
		if (c == '_') {
			if (i == 0 || !ascii_is_digit((unsigned char)start[i - 1]) ||
			    start + i + 1 >= p->s ||
			    !ascii_is_digit((unsigned char)start[i + 1]))
				break;
			continue;
		}
		if (n + 1 >= sizeof(tmp))
			break;
		tmp[n++] = c;
	}
	tmp[n] = '\0';
	if (start + i < p->s || !n ||
	    !(ascii_is_digit((unsigned char)tmp[0]) ||
	      ((tmp[0] == '+' || tmp[0] == '-') &&
	       ascii_is_digit((unsigned char)tmp[1]))) ||
	    strpbrk(tmp, "xob")) {
		int shown = p->s - start > 40 ? 40 : (int)(p->s - start);
		p->s = start;
		return FAIL(p, "the value \"%.*s\" is not one cairn reads",
			    shown, start);
	}
	d = strtod(tmp, &endp);
	if (*endp || !isfinite(d)) {
		p->s = start;
		return FAIL(p, "the value \"%s\" is not a number cairn reads", tmp);
	}
	*out = val_num(p->a, d);
	return 0;
}

static int value(struct parser *p, struct val **out)
{
	int line = p->line, r;
	*out = NULL;
	skip_blank(p);
	if (at(p, '"') || at(p, '\'')) {
		const char *s;
		size_t n;
		r = string(p, &s, &n);
		if (r == 0)
			*out = val_str_ref(p->a, s, n);
	} else if (at(p, '[') || at(p, '{')) {
		if (++p->depth > TOML_MAX_DEPTH)
			return FAIL(p, "the TOML nests deeper than %d levels",
				    TOML_MAX_DEPTH);
		*out = at(p, '[') ? val_list(p->a) : val_map(p->a);
		r = (*out)->type == VAL_LIST ? array(p, *out) : inline_table(p, *out);
		p->depth--;
	} else if (ahead(p, "true") && !(p->s + 4 < p->end && is_bare(p->s[4]))) {
		p->s += 4;
		*out = val_bool(p->a, 1);
		r = 0;
	} else if (ahead(p, "false") && !(p->s + 5 < p->end && is_bare(p->s[5]))) {
		p->s += 5;
		*out = val_bool(p->a, 0);
		r = 0;
	} else {
		r = scalar(p, out);
	}
	if (r == 0)
		(*out)->line = line;
	return r;
}

/* key = value into table (dotted keys make tables below it). */
static int key_value(struct parser *p, struct val *table)
{
	struct key k;
	struct val *v;
	int i, line = p->line;
	if (key(p, &k) < 0)
		return -1;
	for (i = 0; i + 1 < k.n; i++)
		if (!(table = descend(p, table, &k, i)))
			return -1;
	if (val_getn(table, k.part[k.n - 1], k.len[k.n - 1]))
		return FAIL(p, "the key \"%s\" is defined twice", k.part[k.n - 1]);
	skip_blank(p);
	if (!at(p, '='))
		return unexpected(p, "'='");
	p->s++;
	if (value(p, &v) < 0)
		return -1;
	v->line = line;
	put(p, table, k.part[k.n - 1], k.len[k.n - 1], v);
	return 0;
}

/* ---------------------------------------------------------------- tables */

/* [a.b] or [[a.b]] at p->s. */
static int header(struct parser *p)
{
	int list = p->s + 1 < p->end && p->s[1] == '[', i;
	struct key k;
	struct val *t = p->root, *v;
	size_t j;
	p->s += list ? 2 : 1;
	if (key(p, &k) < 0)
		return -1;
	if (!at(p, ']') || (list && !(p->s + 1 < p->end && p->s[1] == ']')))
		return unexpected(p, list ? "']]'" : "']'");
	p->s += list ? 2 : 1;
	for (i = 0; i + 1 < k.n; i++)
		if (!(t = descend(p, t, &k, i)))
			return -1;
	v = val_getn(t, k.part[k.n - 1], k.len[k.n - 1]);
	if (list) {
		struct val *item = val_map(p->a);
		item->line = p->line;
		if (!v) {
			v = val_list(p->a);
			v->line = p->line;
			put(p, t, k.part[k.n - 1], k.len[k.n - 1], v);
		} else if (v->type != VAL_LIST) {
			return FAIL(p, "the key \"%s\" already holds a value",
				    k.part[k.n - 1]);
		}
		val_push(p->a, v, item);
		p->table = item;
		return end_of_line(p);
	}
	if (!v) {
		v = val_map(p->a);
		v->line = p->line;
		put(p, t, k.part[k.n - 1], k.len[k.n - 1], v);
	} else if (v->type != VAL_MAP) {
		return FAIL(p, "the key \"%s\" already holds a value",
			    k.part[k.n - 1]);
	}
	for (j = 0; j < p->ndefined; j++)
		if (p->defined[j] == v)
			return FAIL(p, "the table [%s] is defined twice",
				    k.part[k.n - 1]);
	ARENA_GROW(p->a, p->defined, p->cap, p->ndefined + 1);
	p->defined[p->ndefined++] = v;
	p->table = v;
	return end_of_line(p);
}

int toml_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err)
{
	struct parser p = { 0 };
	size_t bad = utf8_check(text, len);
	int r = 0;
	parse_error_clear(err);
	*out = NULL;
	p.s = text;
	p.end = text + len;
	p.line = 1;
	p.a = a;
	p.tmp = (struct buf)BUF_INIT;
	p.err = err;
	if (bad < len) {
		p.line = utf8_line_of(text, len, bad);
		return FAIL(&p, "the file is not valid UTF-8 (or holds a NUL byte)");
	}
	p.root = p.table = val_map(a);
	p.root->line = 1;
	while (r == 0) {
		if ((r = skip_all(&p)) < 0 || p.s >= p.end)
			break;
		if (at(&p, '['))
			r = header(&p);
		else if ((r = key_value(&p, p.table)) == 0)
			r = end_of_line(&p);
	}
	buf_release(&p.tmp);
	if (r == 0)
		*out = p.root;
	return r;
}
