#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

struct parser {
	const char *s, *end;
	int line;
	struct arena *a;
	struct parse_error *err;
	struct buf *texts; /* the text of each open element */
	int depth;
};

/* Says what is wrong at the current line; returns -1. */
#define FAIL(p, ...) parse_error_set((p)->err, (p)->line, __VA_ARGS__)

static int ahead(const struct parser *p, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(p->end - p->s) >= n && memcmp(p->s, word, n) == 0;
}

static void advance(struct parser *p, size_t n)
{
	for (; n > 0 && p->s < p->end; n--, p->s++)
		if (*p->s == '\n')
			p->line++;
}

/* Skips up to and over the first occurrence of stop. */
static int skip_past(struct parser *p, const char *stop, const char *what)
{
	size_t n = strlen(stop);
	while ((size_t)(p->end - p->s) >= n) {
		if (memcmp(p->s, stop, n) == 0) {
			advance(p, n);
			return 0;
		}
		advance(p, 1);
	}
	return FAIL(p, "%s is not closed", what);
}

static void skip_space(struct parser *p)
{
	while (p->s < p->end && ascii_is_space((unsigned char)*p->s))
		advance(p, 1);
}

static int is_name_start(char c)
{
	return ascii_is_alpha((unsigned char)c) || c == '_' || c == ':' ||
	       (unsigned char)c >= 0x80;
}

static int is_name(char c)
{
	return is_name_start(c) || ascii_is_digit((unsigned char)c) ||
	       c == '-' || c == '.';
}

static int name(struct parser *p, const char **start, size_t *n)
{
	*start = p->s;
	if (p->s >= p->end || !is_name_start(*p->s))
		return FAIL(p, "a tag or attribute lacks its name");
	while (p->s < p->end && is_name(*p->s))
		p->s++;
	*n = (size_t)(p->s - *start);
	return 0;
}

/* An entity or character reference at p->s ('&'), appended to out. */
static int entity(struct parser *p, struct buf *out)
{
	static const char *const names[] = { "lt;", "gt;", "amp;", "quot;", "apos;" };
	static const char chars[] = "<>&\"'";
	size_t i;
	p->s++;
	for (i = 0; i < 5; i++)
		if (ahead(p, names[i])) {
			buf_putc(out, chars[i]);
			p->s += strlen(names[i]);
			return 0;
		}
	if (ahead(p, "#")) {
		unsigned long c = 0;
		int hex = p->s + 1 < p->end && p->s[1] == 'x', digits = 0;
		p->s += hex ? 2 : 1;
		for (; p->s < p->end && *p->s != ';'; p->s++, digits++) {
			int v = hex ? ascii_hex_value((unsigned char)*p->s)
				: ascii_is_digit((unsigned char)*p->s) ? *p->s - '0'
								       : -1;
			if (v < 0 || c > 0x10ffff)
				return FAIL(p, "a character reference is malformed");
			c = c * (hex ? 16 : 10) + (unsigned long)v;
		}
		if (p->s >= p->end || !digits || c == 0 || c > 0x10ffff ||
		    (c >= 0xd800 && c < 0xe000))
			return FAIL(p, "a character reference is malformed");
		p->s++;
		utf8_put(out, (uint32_t)c);
		return 0;
	}
	for (i = 0; i < 20 && p->s + i < p->end && is_name(p->s[i]); i++)
		;
	return FAIL(p, "the entity \"&%.*s;\" is not one XML defines", (int)i, p->s);
}

/* Character data up to the next '<', into out (NULL: must be blank). */
static int chars(struct parser *p, struct buf *out)
{
	while (p->s < p->end && *p->s != '<') {
		if (*p->s == '&') {
			if (!out)
				return FAIL(p, "text stands outside the root element");
			if (entity(p, out) < 0)
				return -1;
			continue;
		}
		if (!out && !ascii_is_space((unsigned char)*p->s))
			return FAIL(p, "text stands outside the root element");
		if (out)
			buf_putc(out, *p->s);
		advance(p, 1);
	}
	return 0;
}

static int attributes(struct parser *p)
{
	struct buf ignored = BUF_INIT;
	int r = 0;
	for (;;) {
		const char *n;
		size_t len;
		char q;
		skip_space(p);
		if (p->s >= p->end)
			return FAIL(p, "a tag is not closed");
		if (*p->s == '>' || *p->s == '/')
			break;
		if ((r = name(p, &n, &len)) < 0)
			break;
		skip_space(p);
		if (p->s >= p->end || *p->s != '=') {
			r = FAIL(p, "the attribute \"%.*s\" has no value", (int)len, n);
			break;
		}
		p->s++;
		skip_space(p);
		if (p->s >= p->end || (*p->s != '"' && *p->s != '\'')) {
			r = FAIL(p, "the attribute \"%.*s\" has no quoted value",
				 (int)len, n);
			break;
		}
		q = *p->s++;
		while (p->s < p->end && *p->s != q && *p->s != '<' && r == 0)
			if (*p->s == '&')
				r = entity(p, &ignored);
			else
				advance(p, 1);
		if (r < 0)
			break;
		if (p->s >= p->end || *p->s != q) {
			r = FAIL(p, "the attribute \"%.*s\" is not closed",
				 (int)len, n);
			break;
		}
		p->s++;
	}
	buf_release(&ignored);
	return r;
}

/* Comments, processing instructions, CDATA (into out; NULL outside the
 * root); returns 1 when one was read, 0 when p->s is at something else. */
static int markup(struct parser *p, struct buf *out)
{
	if (ahead(p, "<!--"))
		return skip_past(p, "-->", "a comment") < 0 ? -1 : 1;
	if (ahead(p, "<?"))
		return skip_past(p, "?>", "a processing instruction") < 0 ? -1 : 1;
	if (ahead(p, "<![CDATA[")) {
		const char *start;
		if (!out)
			return FAIL(p, "text stands outside the root element");
		p->s += 9;
		start = p->s;
		if (skip_past(p, "]]>", "a CDATA section") < 0)
			return -1;
		buf_put(out, start, (size_t)(p->s - 3 - start));
		return 1;
	}
	if (ahead(p, "<!DOCTYPE") || ahead(p, "<!"))
		return FAIL(p, "a DOCTYPE or declaration is not read");
	return 0;
}

static void close_element(struct parser *p, struct xml_node *n)
{
	struct buf *t = &p->texts[p->depth];
	n->text = arena_strndup(p->a, t->ptr, t->len);
	n->text_len = t->len;
	buf_clear(t);
}

/* An element's start tag at p->s; *cur becomes it unless it closes itself. */
static int start_tag(struct parser *p, struct xml_node **cur, struct xml_node **root)
{
	struct xml_node *n = arena_alloc(p->a, sizeof(*n));
	const char *nm;
	size_t len;
	n->line = p->line;
	p->s++;
	if (name(p, &nm, &len) < 0 || attributes(p) < 0)
		return -1;
	n->name = arena_strndup(p->a, nm, len);
	n->text = "";
	if (*cur) {
		n->parent = *cur;
		if ((*cur)->last)
			(*cur)->last->next = n;
		else
			(*cur)->first = n;
		(*cur)->last = n;
	} else if (*root) {
		return FAIL(p, "a second root element <%s> follows the first", n->name);
	} else {
		*root = n;
	}
	if (*p->s == '/') {
		if (p->s + 1 >= p->end || p->s[1] != '>')
			return FAIL(p, "the tag <%s> is not closed", n->name);
		p->s += 2;
		return 0;
	}
	p->s++;
	if (p->depth + 1 >= XML_MAX_DEPTH)
		return FAIL(p, "the XML nests deeper than %d levels", XML_MAX_DEPTH);
	p->depth++;
	*cur = n;
	return 0;
}

static int end_tag(struct parser *p, struct xml_node **cur)
{
	const char *nm;
	size_t len;
	p->s += 2;
	if (name(p, &nm, &len) < 0)
		return -1;
	if (!*cur || strlen((*cur)->name) != len || memcmp((*cur)->name, nm, len) != 0)
		return FAIL(p, "the end tag </%.*s> closes %s%s%s", (int)len,
			    nm, *cur ? "<" : "no element",
			    *cur ? (*cur)->name : "", *cur ? ">" : "");
	skip_space(p);
	if (p->s >= p->end || *p->s != '>')
		return FAIL(p, "the end tag </%.*s> is not closed", (int)len, nm);
	p->s++;
	close_element(p, *cur);
	p->depth--;
	*cur = (*cur)->parent;
	return 0;
}

int xml_parse(struct xml_node **out, struct arena *a, const char *text,
	      size_t len, struct parse_error *err)
{
	struct parser p = { text, text + len, 1, a, err, NULL, 0 };
	struct xml_node *root = NULL, *cur = NULL;
	size_t bad = utf8_check(text, len);
	int r = 0, i;
	parse_error_clear(err);
	*out = NULL;
	if (bad < len) {
		p.line = utf8_line_of(text, len, bad);
		return FAIL(&p, "the file is not valid UTF-8 (or holds a NUL byte)");
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.s += 3;
	p.texts = xcalloc(XML_MAX_DEPTH, sizeof(*p.texts));
	for (i = 0; i < XML_MAX_DEPTH; i++)
		buf_init(&p.texts[i]);
	while (r == 0 && p.s < p.end) {
		struct buf *t = cur ? &p.texts[p.depth] : NULL;
		if ((r = chars(&p, t)) < 0 || p.s >= p.end)
			break;
		if ((r = markup(&p, t)) != 0) {
			r = r < 0 ? -1 : 0;
			continue;
		}
		if (ahead(&p, "</"))
			r = end_tag(&p, &cur);
		else
			r = start_tag(&p, &cur, &root);
	}
	if (r == 0 && cur)
		r = FAIL(&p, "the element <%s> is not closed", cur->name);
	if (r == 0 && !root)
		r = FAIL(&p, "the file holds no element");
	for (i = 0; i < XML_MAX_DEPTH; i++)
		buf_release(&p.texts[i]);
	free(p.texts);
	if (r == 0)
		*out = root;
	return r;
}

const struct xml_node *xml_child(const struct xml_node *n, const char *name)
{
	const struct xml_node *c;
	for (c = n ? n->first : NULL; c; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const char *xml_child_text(struct arena *a, const struct xml_node *n, const char *name)
{
	const struct xml_node *c = xml_child(n, name);
	const char *s, *e;
	if (!c)
		return NULL;
	s = c->text;
	e = s + c->text_len;
	while (s < e && ascii_is_space((unsigned char)*s))
		s++;
	while (e > s && ascii_is_space((unsigned char)e[-1]))
		e--;
	return arena_strndup(a, s, (size_t)(e - s));
}
