#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The parser is a cursor: json_parse builds every value, a cursor's
 * reader builds some and skips the rest through the same code (a NULL
 * `out` skips), so both say the same of a bad text. */

/* Says what is wrong at the current line; returns -1. */
#define FAIL(p, ...) parse_error_set((p)->err, (p)->line, __VA_ARGS__)

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t load8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

/* The index of the first byte (in memory order) of the word m that is not
 * zero (m != 0). */
static unsigned first_byte(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(m) >> 3;
#else
	return (unsigned)__builtin_ctzll(m) >> 3;
#endif
}

static void skip_more_space(struct json_cursor *p)
{
	const char *s = p->s, *end = p->end;
	while (s < end) {
		char c = *s;
		if (c == '\n') {
			p->line++;
			s++;
			/* the indentation that follows, eight spaces at a time */
			while (end - s >= 8) {
				uint64_t x = load8(s) ^ (ONES * ' ');
				if (x) {
					s += first_byte(x);
					break;
				}
				s += 8;
			}
		} else if (c == ' ' || c == '\t' || c == '\r') {
			s++;
		} else {
			break;
		}
	}
	p->s = s;
}

/* Passes white space (most often none, or one space). */
static inline void skip_space(struct json_cursor *p)
{
	if (p->s < p->end && (unsigned char)*p->s > ' ')
		return;
	if (p->s < p->end && *p->s == ' ' && p->s + 1 < p->end &&
	    (unsigned char)p->s[1] > ' ') {
		p->s++;
		return;
	}
	skip_more_space(p);
}

/* Says what stands at p->s, for messages. */
static int unexpected(struct json_cursor *p, const char *wanted)
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
static int escape(struct json_cursor *p)
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

/* The first byte from s on that is '"', '\\', a control character or past
 * ASCII, or end: sixteen bytes at a time with SSE2 (every x86-64 has it),
 * then eight at a time in a word (each test flags a byte exactly when no
 * lower byte of the word is flagged, so the lowest flag is right). */
static inline const char *plain_end(const char *s, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'),
		      backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(' ');
	for (; end - s >= 16; s += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		/* signed: bytes past ASCII are below ' ' too */
		int m = _mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
						  _mm_cmpeq_epi8(v, backslash)),
				     _mm_cmplt_epi8(v, space)));
		if (m)
			return s + __builtin_ctz((unsigned)m);
	}
#endif
	for (; end - s >= 8; s += 8) {
		uint64_t w = load8(s), q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
		uint64_t m = ((q - ONES) & ~q) | ((b - ONES) & ~b) |
			     (w - ONES * 0x20) | w;
		if (m & HIGHS)
			return s + first_byte(m & HIGHS);
	}
	while (s < end && *s != '"' && *s != '\\' &&
	       (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x80)
		s++;
	return s;
}

/* string() past its plain start (ASCII up to a quote, most strings). */
static int string_rest(struct json_cursor *p, const char **out, size_t *n, int copy)
{
	const char *run, *text = NULL;
	size_t bad, len = 0;
	buf_clear(&p->tmp);
	p->s++;
	for (;;) {
		run = p->s;
		p->s = plain_end(p->s, p->end);
		if (p->s < p->end && (unsigned char)*p->s >= 0x80) {
			/* past ASCII: the run goes on, and is checked */
			while (p->s < p->end && *p->s != '"' && *p->s != '\\' &&
			       (unsigned char)*p->s >= 0x20)
				p->s++;
			if ((bad = utf8_check(run, (size_t)(p->s - run))) !=
			    (size_t)(p->s - run)) {
				p->s = run + bad;
				return FAIL(p, "a string is not valid UTF-8");
			}
		}
		if (!p->tmp.len && p->s < p->end && *p->s == '"') {
			/* no escapes: straight from the text */
			text = run;
			len = (size_t)(p->s - run);
			p->s++;
			break;
		}
		if (out)
			buf_put(&p->tmp, run, (size_t)(p->s - run));
		if (p->s >= p->end)
			return FAIL(p, "a string is cut short by the end of the JSON");
		if (*p->s == '"') {
			p->s++;
			text = p->tmp.ptr;
			len = p->tmp.len;
			break;
		}
		if (*p->s != '\\')
			return FAIL(p, "a string holds a control character (0x%02x)",
				    (unsigned char)*p->s);
		p->s++;
		if (escape(p) < 0)
			return -1;
		if (!out)
			buf_clear(&p->tmp); /* skipped: nothing to keep */
	}
	if (out) {
		*out = copy ? arena_strndup(p->a, text, len) : text;
		*n = len;
	}
	return 0;
}

/* A string from the quote at p->s: *out and its length *n, copied into
 * the arena (copy) or not (the text's bytes or p->tmp's, not
 * NUL-terminated); out NULL: checked and passed only. */
static inline int string(struct json_cursor *p, const char **out, size_t *n, int copy)
{
	const char *start = p->s + 1, *e = plain_end(start, p->end);
	if (e < p->end && *e == '"') {
		p->s = e + 1;
		if (out) {
			*n = (size_t)(e - start);
			*out = copy ? arena_strndup(p->a, start, *n) : start;
		}
		return 0;
	}
	return string_rest(p, out, n, copy);
}

/* A number; built into *out unless out is NULL. */
static int number(struct json_cursor *p, struct val **out)
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
	if (out)
		*out = val_num(p->a, d);
	return 0;
}

static int value(struct json_cursor *p, struct val **out);

/* Past an object's or an array's opening: 1 when `close` follows at once
 * (then past it too), else 0. */
static int opens_empty(struct json_cursor *p, char close)
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
static int next_or_close(struct json_cursor *p, char close)
{
	skip_space(p);
	if (p->s < p->end && (*p->s == ',' || *p->s == close))
		return *p->s++ == ',';
	return unexpected(p, close == '}' ? "',' or '}'" : "',' or ']'");
}

/* A member's name and the ':' after it: *key (not copied) unless key is
 * NULL. */
static inline int member_name(struct json_cursor *p, const char **key, size_t *n)
{
	skip_space(p);
	if (p->s >= p->end || *p->s != '"')
		return unexpected(p, "a member's name in quotes");
	if (string(p, key, n, 0) < 0)
		return -1;
	skip_space(p);
	if (p->s >= p->end || *p->s != ':')
		return unexpected(p, "':'");
	p->s++;
	return 0;
}

/* The members of an object (into map, or checked only: map NULL). */
static int object(struct json_cursor *p, struct val *map)
{
	int rc;
	if (opens_empty(p, '}'))
		return 0;
	do {
		struct val_pair *pair;
		const char *key;
		size_t n;
		if (!map) {
			if (member_name(p, NULL, NULL) < 0 || value(p, NULL) < 0)
				return -1;
			continue;
		}
		if (member_name(p, &key, &n) < 0)
			return -1;
		ARENA_GROW(p->a, map->u.map.pairs, map->u.map.cap, map->u.map.len + 1);
		pair = &map->u.map.pairs[map->u.map.len++];
		pair->key = arena_strndup(p->a, key, n);
		pair->key_len = n;
		if (value(p, &pair->val) < 0)
			return -1;
	} while ((rc = next_or_close(p, '}')) == 1);
	return rc;
}

static int array(struct json_cursor *p, struct val *list)
{
	int rc;
	if (opens_empty(p, ']'))
		return 0;
	do {
		struct val *item;
		if (value(p, list ? &item : NULL) < 0)
			return -1;
		if (list)
			val_push(p->a, list, item);
	} while ((rc = next_or_close(p, ']')) == 1);
	return rc;
}

/* true, false or null: b 1 or 0, or -1 for null. */
static int literal(struct json_cursor *p, const char *word, int b, struct val **out)
{
	size_t n = strlen(word);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
		return unexpected(p, "a value");
	p->s += n;
	if (out)
		*out = b < 0 ? val_null(p->a) : val_bool(p->a, b);
	return 0;
}

/* The value at p->s, built into *out, or checked and passed (out NULL). */
static int value(struct json_cursor *p, struct val **out)
{
	int line, r;
	skip_space(p);
	line = p->line;
	if (out)
		*out = NULL;
	if (p->s >= p->end)
		return unexpected(p, "a value");
	switch (*p->s) {
	case '{':
	case '[': {
		struct val *v = NULL;
		if (++p->depth > JSON_MAX_DEPTH)
			return FAIL(p, "the JSON nests deeper than %d levels",
				    JSON_MAX_DEPTH);
		if (out)
			v = *out = *p->s == '{' ? val_map(p->a) : val_list(p->a);
		r = *p->s == '{' ? object(p, v) : array(p, v);
		p->depth--;
		break;
	}
	case '"': {
		const char *s;
		size_t n;
		r = string(p, out ? &s : NULL, &n, 1);
		if (r == 0 && out)
			*out = val_str_ref(p->a, s, n);
		break;
	}
	case 't': r = literal(p, "true", 1, out); break;
	case 'f': r = literal(p, "false", 0, out); break;
	case 'n': r = literal(p, "null", -1, out); break;
	default: r = number(p, out);
	}
	if (r == 0 && out)
		(*out)->line = line;
	return r;
}

int json_parse(struct val **out, struct arena *a, const char *text, size_t len,
	       struct parse_error *err)
{
	struct json_cursor c;
	int r;
	json_cursor_init(&c, a, text, len, err);
	r = value(&c, out);
	if (r == 0)
		r = json_cursor_finish(&c);
	json_cursor_release(&c);
	if (r < 0)
		*out = NULL;
	return r;
}

/* ---------------------------------------------------------------- cursor */

void json_cursor_init(struct json_cursor *c, struct arena *a, const char *text,
		      size_t len, struct parse_error *err)
{
	*c = (struct json_cursor){ text, text + len, 1, 0, a, BUF_INIT, err };
	parse_error_clear(err);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->s += 3;
}

void json_cursor_release(struct json_cursor *c)
{
	buf_release(&c->tmp);
}

int json_cursor_peek(struct json_cursor *c, int *line)
{
	skip_space(c);
	*line = c->line;
	if (c->s >= c->end)
		return unexpected(c, "a value");
	return (unsigned char)*c->s;
}

int json_cursor_object(struct json_cursor *c)
{
	if (++c->depth > JSON_MAX_DEPTH)
		return FAIL(c, "the JSON nests deeper than %d levels", JSON_MAX_DEPTH);
	if (opens_empty(c, '}')) {
		c->depth--;
		return 0;
	}
	return 1;
}

int json_cursor_key(struct json_cursor *c, const char **key, size_t *n)
{
	return member_name(c, key, n);
}

int json_cursor_next(struct json_cursor *c)
{
	int r = next_or_close(c, '}');
	if (r == 0)
		c->depth--;
	return r;
}

int json_cursor_member(struct json_cursor *c, const char *const *names, int *which)
{
	for (;;) {
		const char *key;
		size_t n;
		int r;
		if (member_name(c, &key, &n) < 0)
			return -1;
		for (int i = 0; names[i] && n; i++) {
			size_t k = 1;
			if (names[i][0] != key[0])
				continue;
			while (k < n && names[i][k] == key[k])
				k++;
			if (k == n && names[i][n] == '\0') {
				*which = i;
				return 1;
			}
		}
		skip_space(c);
		if (c->s < c->end && *c->s == '"' ? string(c, NULL, NULL, 0) < 0
						  : value(c, NULL) < 0)
			return -1;
		if ((r = json_cursor_next(c)) <= 0)
			return r;
	}
}

int json_cursor_string(struct json_cursor *c, const char **out)
{
	size_t n;
	skip_space(c);
	if (c->s < c->end && *c->s == '"')
		return string(c, out, &n, 1);
	*out = NULL;
	return value(c, NULL);
}

int json_cursor_value(struct json_cursor *c, struct val **out)
{
	return value(c, out);
}

int json_cursor_finish(struct json_cursor *c)
{
	skip_space(c);
	return c->s < c->end ? unexpected(c, "the end of the JSON") : 0;
}
