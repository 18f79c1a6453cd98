#include "json.h"

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
};

/* Says what is wrong at the current line; returns -1. */
#define FAIL(p, ...) parse_error_set((p)->err, (p)->line, __VA_ARGS__)

static void skip_space(struct parser *p)
{
	while (p->s < p->end) {
		char c = *p->s;
		if (c == '\n')
			p->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		p->s++;
	}
}

/* Says what stands at p->s, for messages. */
static int unexpected(struct parser *p, const char *wanted)
{
	if (p->s >= p->end)
		return FAIL(p, "the JSON ends where %s was expected", wanted);
	if ((unsigned char)*p->s < 0x20 || (unsigned char)*p->s >= 0x7f)
		return FAIL(p, "byte 0x%02x found where %s was expected",
			    (unsigned char)*p->s, wanted);
	return FAIL(p, "'%c' found where %s was expected", *p->s, wanted);
}

static int hex4(const char *s, unsigned *out)
{
	int i;
	*out = 0;
	for (i = 0; i < 4; i++) {
		int v = ascii_hex_value((unsigned char)s[i]);
		if (v < 0)
			return -1;
		*out = *out << 4 | (unsigned)v;
	}
	return 0;
}

/* One escape after the backslash at p->s[-1]; appends it to p->tmp. */
static int escape(struct parser *p)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned c, lo;
	if (p->s >= p->end)
		return FAIL(p, "a string is cut short by the end of the JSON");
	k = strchr(from, *p->s);
	if (*p->s && k) {
		buf_putc(&p->tmp, to[k - from]);
		p->s++;
		return 0;
	}
	if (*p->s != 'u')
		return FAIL(p, "the escape \"\\%c\" is not JSON", *p->s);
	if (p->end - p->s < 5 || hex4(p->s + 1, &c) < 0)
		return FAIL(p, "a \"\\u\" escape needs four hexadecimal digits");
	p->s += 5;
	if (c >= 0xd800 && c < 0xdc00) {
		if (p->end - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u' ||
		    hex4(p->s + 2, &lo) < 0 || lo < 0xdc00 || lo >= 0xe000)
			return FAIL(p, "a \"\\u\" escape is half a surrogate pair");
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
		p->s += 6;
	} else if (c >= 0xdc00 && c < 0xe000) {
		return FAIL(p, "a \"\\u\" escape is half a surrogate pair");
	}
	if (c == 0)
		return FAIL(p, "a string holds \"\\u0000\"");
	utf8_put(&p->tmp, c);
	return 0;
}

/* A string from the quote at p->s; *out (arena-owned) and its length. */
static int string(struct parser *p, const char **out, size_t *n)
{
	const char *run;
	size_t bad;
	buf_clear(&p->tmp);
	p->s++;
	for (;;) {
		run = p->s;
		while (p->s < p->end && *p->s != '"' && *p->s != '\\' &&
		       (unsigned char)*p->s >= 0x20)
			p->s++;
		if ((bad = utf8_check(run, (size_t)(p->s - run))) !=
		    (size_t)(p->s - run)) {
			p->s = run + bad;
			return FAIL(p, "a string is not valid UTF-8");
		}
		if (!p->tmp.len && p->s < p->end && *p->s == '"') {
			/* no escapes: straight from the text */
			*n = (size_t)(p->s - run);
			*out = arena_strndup(p->a, run, *n);
			p->s++;
			return 0;
		}
		buf_put(&p->tmp, run, (size_t)(p->s - run));
		if (p->s >= p->end)
			return FAIL(p, "a string is cut short by the end of the JSON");
		if (*p->s == '"')
			break;
		if (*p->s != '\\')
			return FAIL(p, "a string holds a control character (0x%02x)",
				    (unsigned char)*p->s);
		p->s++;
		if (escape(p) < 0)
			return -1;
	}
	p->s++;
	*out = arena_strndup(p->a, p->tmp.ptr, p->tmp.len);
	*n = p->tmp.len;
	return 0;
}

static int number(struct parser *p, struct val **out)
{
	const char *start = p->s;
	char tmp[64];
	double d;
	if (p->s < p->end && *p->s == '-')
		p->s++;
	if (p->s < p->end && *p->s == '0')
		p->s++;
	else if (p->s < p->end && ascii_is_digit((unsigned char)*p->s))
		while (p->s < p->end && ascii_is_digit((unsigned char)*p->s))
			p->s++;
	else
		return unexpected(p, "a digit");
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (p->s >= p->end || !ascii_is_digit((unsigned char)*p->s))
			return unexpected(p, "a digit");
		while (p->s < p->end && ascii_is_digit((unsigned char)*p->s))
			p->s++;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (p->s >= p->end || !ascii_is_digit((unsigned char)*p->s))
			return unexpected(p, "a digit");
		while (p->s < p->end && ascii_is_digit((unsigned char)*p->s))
			p->s++;
	}
	if ((size_t)(p->s - start) >= sizeof(tmp))
		return FAIL(p, "the number \"%.20s...\" is too long", start);
	memcpy(tmp, start, (size_t)(p->s - start));
	tmp[p->s - start] = '\0';
	d = strtod(tmp, NULL);
	if (!isfinite(d))
		return FAIL(p, "the number \"%s\" is too large", tmp);
	*out = val_num(p->a, d);
	return 0;
}

static int value(struct parser *p, struct val **out);

/* Past an object's or an array's opening: 1 when `close` follows at once
 * (then past it too), else 0. */
static int opens_empty(struct parser *p, char close)
{
	p->s++;
	skip_space(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		return 1;
	}
	return 0;
}

/* After a member or an element: 1 past a ',' (another follows), 0 past
 * `close` (that was the last), else -1 after saying so. */
static int next_or_close(struct parser *p, char close)
{
	skip_space(p);
	if (p->s < p->end && (*p->s == ',' || *p->s == close))
		return *p->s++ == ',';
	return unexpected(p, close == '}' ? "',' or '}'" : "',' or ']'");
}

static int object(struct parser *p, struct val *map)
{
	int rc;
	if (opens_empty(p, '}'))
		return 0;
	do {
		struct val_pair *pair;
		const char *key;
		size_t n;
		skip_space(p);
		if (p->s >= p->end || *p->s != '"')
			return unexpected(p, "a member's name in quotes");
		if (string(p, &key, &n) < 0)
			return -1;
		skip_space(p);
		if (p->s >= p->end || *p->s != ':')
			return unexpected(p, "':'");
		p->s++;
		ARENA_GROW(p->a, map->u.map.pairs, map->u.map.cap, map->u.map.len + 1);
		pair = &map->u.map.pairs[map->u.map.len++];
		pair->key = key;
		pair->key_len = n;
		if (value(p, &pair->val) < 0)
			return -1;
	} while ((rc = next_or_close(p, '}')) == 1);
	return rc;
}

static int array(struct parser *p, struct val *list)
{
	int rc;
	if (opens_empty(p, ']'))
		return 0;
	do {
		struct val *item;
		if (value(p, &item) < 0)
			return -1;
		val_push(p->a, list, item);
	} while ((rc = next_or_close(p, ']')) == 1);
	return rc;
}

static int literal(struct parser *p, const char *word, struct val *v, struct val **out)
{
	size_t n = strlen(word);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
		return unexpected(p, "a value");
	p->s += n;
	*out = v;
	return 0;
}

static int value(struct parser *p, struct val **out)
{
	int line, r;
	skip_space(p);
	line = p->line;
	*out = NULL;
	if (p->s >= p->end)
		return unexpected(p, "a value");
	switch (*p->s) {
	case '{':
	case '[':
		if (++p->depth > JSON_MAX_DEPTH)
			return FAIL(p, "the JSON nests deeper than %d levels",
				    JSON_MAX_DEPTH);
		*out = *p->s == '{' ? val_map(p->a) : val_list(p->a);
		r = (*out)->type == VAL_MAP ? object(p, *out) : array(p, *out);
		p->depth--;
		break;
	case '"': {
		const char *s;
		size_t n;
		r = string(p, &s, &n);
		if (r == 0)
			*out = val_str_ref(p->a, s, n);
		break;
	}
	case 't': r = literal(p, "true", val_bool(p->a, 1), out); break;
	case 'f': r = literal(p, "false", val_bool(p->a, 0), out); break;
	case 'n': r = literal(p, "null", val_null(p->a), out); break;
	default: r = number(p, out);
	}
	if (r == 0)
		(*out)->line = line;
	return r;
}

int json_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err)
{
	struct parser p = { text, text + len, 1, 0, a, BUF_INIT, err };
	int r;
	parse_error_clear(err);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.s += 3;
	r = value(&p, out);
	if (r == 0) {
		skip_space(&p);
		if (p.s < p.end)
			r = unexpected(&p, "the end of the JSON");
	}
	buf_release(&p.tmp);
	if (r < 0)
		*out = NULL;
	return r;
}
