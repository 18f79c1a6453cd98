#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "utf8.h"
#include "xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD"

/* ---------------------------------------------------------------- entities */

struct entity {
	const char *name;
	uint32_t c;
};

/* The named entities people actually write; others are left as text. */
static const struct entity entities[] = {
	{ "amp", '&' },	      { "lt", '<' },	    { "gt", '>' },
	{ "quot", '"' },      { "apos", '\'' },	    { "Tab", '\t' },
	{ "NewLine", '\n' },  { "excl", '!' },	    { "num", '#' },
	{ "dollar", '$' },    { "percnt", '%' },    { "lpar", '(' },
	{ "rpar", ')' },      { "ast", '*' },	    { "plus", '+' },
	{ "comma", ',' },     { "period", '.' },    { "sol", '/' },
	{ "colon", ':' },     { "semi", ';' },	    { "equals", '=' },
	{ "quest", '?' },     { "commat", '@' },    { "lsqb", '[' },
	{ "bsol", '\\' },     { "rsqb", ']' },	    { "Hat", '^' },
	{ "lowbar", '_' },    { "grave", '`' },	    { "lcub", '{' },
	{ "verbar", '|' },    { "rcub", '}' },	    { "nbsp", 0xA0 },
	{ "ensp", 0x2002 },   { "emsp", 0x2003 },   { "thinsp", 0x2009 },
	{ "zwnj", 0x200C },   { "zwj", 0x200D },    { "lrm", 0x200E },
	{ "rlm", 0x200F },    { "shy", 0xAD },	    { "copy", 0xA9 },
	{ "reg", 0xAE },      { "trade", 0x2122 },  { "hellip", 0x2026 },
	{ "mdash", 0x2014 },  { "ndash", 0x2013 },  { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 },  { "sbquo", 0x201A },  { "ldquo", 0x201C },
	{ "rdquo", 0x201D },  { "bdquo", 0x201E },  { "laquo", 0xAB },
	{ "raquo", 0xBB },    { "lsaquo", 0x2039 }, { "rsaquo", 0x203A },
	{ "bull", 0x2022 },   { "middot", 0xB7 },   { "prime", 0x2032 },
	{ "Prime", 0x2033 },  { "dagger", 0x2020 }, { "Dagger", 0x2021 },
	{ "permil", 0x2030 }, { "deg", 0xB0 },	    { "plusmn", 0xB1 },
	{ "times", 0xD7 },    { "divide", 0xF7 },   { "minus", 0x2212 },
	{ "frac12", 0xBD },   { "frac14", 0xBC },   { "frac34", 0xBE },
	{ "sup1", 0xB9 },     { "sup2", 0xB2 },	    { "sup3", 0xB3 },
	{ "micro", 0xB5 },    { "para", 0xB6 },	    { "sect", 0xA7 },
	{ "cent", 0xA2 },     { "pound", 0xA3 },    { "euro", 0x20AC },
	{ "yen", 0xA5 },      { "curren", 0xA4 },   { "brvbar", 0xA6 },
	{ "uml", 0xA8 },      { "ordf", 0xAA },	    { "ordm", 0xBA },
	{ "not", 0xAC },      { "macr", 0xAF },	    { "acute", 0xB4 },
	{ "cedil", 0xB8 },    { "iexcl", 0xA1 },    { "iquest", 0xBF },
	{ "larr", 0x2190 },   { "uarr", 0x2191 },   { "rarr", 0x2192 },
	{ "darr", 0x2193 },   { "harr", 0x2194 },   { "lArr", 0x21D0 },
	{ "uArr", 0x21D1 },   { "rArr", 0x21D2 },   { "dArr", 0x21D3 },
	{ "hArr", 0x21D4 },   { "le", 0x2264 },	    { "ge", 0x2265 },
	{ "ne", 0x2260 },     { "asymp", 0x2248 },  { "equiv", 0x2261 },
	{ "infin", 0x221E },  { "sum", 0x2211 },    { "prod", 0x220F },
	{ "radic", 0x221A },  { "forall", 0x2200 }, { "exist", 0x2203 },
	{ "isin", 0x2208 },   { "and", 0x2227 },    { "or", 0x2228 },
	{ "check", 0x2713 },  { "hearts", 0x2665 }, { "spades", 0x2660 },
	{ "clubs", 0x2663 },  { "diams", 0x2666 },  { "loz", 0x25CA },
	{ "star", 0x2606 },   { "Agrave", 0xC0 },   { "Aacute", 0xC1 },
	{ "Acirc", 0xC2 },    { "Atilde", 0xC3 },   { "Auml", 0xC4 },
	{ "Aring", 0xC5 },    { "AElig", 0xC6 },    { "Ccedil", 0xC7 },
	{ "Egrave", 0xC8 },   { "Eacute", 0xC9 },   { "Ecirc", 0xCA },
	{ "Euml", 0xCB },     { "Igrave", 0xCC },   { "Iacute", 0xCD },
	{ "Icirc", 0xCE },    { "Iuml", 0xCF },	    { "ETH", 0xD0 },
	{ "Ntilde", 0xD1 },   { "Ograve", 0xD2 },   { "Oacute", 0xD3 },
	{ "Ocirc", 0xD4 },    { "Otilde", 0xD5 },   { "Ouml", 0xD6 },
	{ "Oslash", 0xD8 },   { "Ugrave", 0xD9 },   { "Uacute", 0xDA },
	{ "Ucirc", 0xDB },    { "Uuml", 0xDC },	    { "Yacute", 0xDD },
	{ "THORN", 0xDE },    { "szlig", 0xDF },    { "agrave", 0xE0 },
	{ "aacute", 0xE1 },   { "acirc", 0xE2 },    { "atilde", 0xE3 },
	{ "auml", 0xE4 },     { "aring", 0xE5 },    { "aelig", 0xE6 },
	{ "ccedil", 0xE7 },   { "egrave", 0xE8 },   { "eacute", 0xE9 },
	{ "ecirc", 0xEA },    { "euml", 0xEB },	    { "igrave", 0xEC },
	{ "iacute", 0xED },   { "icirc", 0xEE },    { "iuml", 0xEF },
	{ "eth", 0xF0 },      { "ntilde", 0xF1 },   { "ograve", 0xF2 },
	{ "oacute", 0xF3 },   { "ocirc", 0xF4 },    { "otilde", 0xF5 },
	{ "ouml", 0xF6 },     { "oslash", 0xF8 },   { "ugrave", 0xF9 },
	{ "uacute", 0xFA },   { "ucirc", 0xFB },    { "uuml", 0xFC },
	{ "yacute", 0xFD },   { "thorn", 0xFE },    { "yuml", 0xFF },
	{ "OElig", 0x152 },   { "oelig", 0x153 },   { "Scaron", 0x160 },
	{ "scaron", 0x161 },  { "Yuml", 0x178 },    { "fnof", 0x192 },
	{ "circ", 0x2C6 },    { "tilde", 0x2DC },   { "Alpha", 0x391 },
	{ "Beta", 0x392 },    { "Gamma", 0x393 },   { "Delta", 0x394 },
	{ "Theta", 0x398 },   { "Lambda", 0x39B },  { "Pi", 0x3A0 },
	{ "Sigma", 0x3A3 },   { "Phi", 0x3A6 },	    { "Psi", 0x3A8 },
	{ "Omega", 0x3A9 },   { "alpha", 0x3B1 },   { "beta", 0x3B2 },
	{ "gamma", 0x3B3 },   { "delta", 0x3B4 },   { "epsilon", 0x3B5 },
	{ "zeta", 0x3B6 },    { "eta", 0x3B7 },	    { "theta", 0x3B8 },
	{ "iota", 0x3B9 },    { "kappa", 0x3BA },   { "lambda", 0x3BB },
	{ "mu", 0x3BC },      { "nu", 0x3BD },	    { "xi", 0x3BE },
	{ "omicron", 0x3BF }, { "pi", 0x3C0 },	    { "rho", 0x3C1 },
	{ "sigma", 0x3C3 },   { "tau", 0x3C4 },	    { "upsilon", 0x3C5 },
	{ "phi", 0x3C6 },     { "chi", 0x3C7 },	    { "psi", 0x3C8 },
	{ "omega", 0x3C9 },
};

void html_put_entity(struct buf *out, const char *s, size_t n)
{
	if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';') {
		int hex = s[2] == 'x' || s[2] == 'X';
		uint32_t c = 0;
		size_t i = hex ? 3 : 2;
		if (i >= n - 1)
			goto verbatim;
		for (; i < n - 1; i++) {
			int d = hex ? ascii_hex_value(s[i])
				    : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
			if (d < 0)
				goto verbatim;
			if (c <= 0x10FFFF)
				c = c * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		utf8_put(out, c);
		return;
	}
	if (n >= 3 && s[0] == '&' && s[n - 1] == ';') {
		size_t len = n - 2;
		for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
			const char *name = entities[i].name;
			if (name[0] == s[1] && strlen(name) == len &&
			    memcmp(name, s + 1, len) == 0) {
				utf8_put(out, entities[i].c);
				return;
			}
		}
	}
verbatim:
	buf_put(out, s, n);
}

void html_decode(struct buf *out, const char *s, size_t n)
{
	size_t start = 0, i = 0;

	while (i < n) {
		if (s[i] == '\0') {
			buf_put(out, s + start, i - start);
			buf_put(out, REPLACEMENT, 3);
			start = ++i;
			continue;
		}
		if (s[i] != '&') {
			i++;
			continue;
		}
		/* "&name;", "&#123;" or "&#x1F;": at most 32 characters */
		size_t j = i + 1;
		if (j < n && s[j] == '#')
			j++;
		while (j < n && j - i < 32 && ascii_is_alnum(s[j]))
			j++;
		if (j < n && s[j] == ';' && j > i + 1) {
			buf_put(out, s + start, i - start);
			html_put_entity(out, s + i, j + 1 - i);
			start = i = j + 1;
		} else {
			i++;
		}
	}
	buf_put(out, s + start, n - start);
}

void html_put_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char pct[3];
		const char *rep;
		size_t rn;

		if (c <= 0x20 || c >= 0x7F ||
		    (c == '%' && !(i + 2 < n && ascii_hex_value(s[i + 1]) >= 0 &&
				   ascii_hex_value(s[i + 2]) >= 0))) {
			pct[0] = '%';
			pct[1] = hex[c >> 4];
			pct[2] = hex[c & 15];
			rep = pct;
			rn = 3;
		} else if (c == '&') {
			rep = "&amp;", rn = 5;
		} else if (c == '<') {
			rep = "&lt;", rn = 4;
		} else if (c == '>') {
			rep = "&gt;", rn = 4;
		} else if (c == '"') {
			rep = "&quot;", rn = 6;
		} else if (c == '\'') {
			rep = "&#39;", rn = 5;
		} else {
			continue;
		}
		buf_put(b, s + start, i - start);
		buf_put(b, rep, rn);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

/* ---------------------------------------------------------------- allowlist */

/* Attributes, by what their values may be. */
enum attr_kind {
	K_TEXT,	  /* any text, escaped */
	K_URL,	  /* a link: the url callback decides */
	K_IMAGE,  /* an image's URL: the url callback decides */
	K_SRCSET, /* image candidates "URL [descriptor], ..." */
	K_ID,	  /* prefixed with "user-content-" */
	K_BOOL,	  /* present or not: written without a value */
	K_INT,	  /* a whole number, maybe negative */
	K_LENGTH, /* digits, maybe with '%' */
	K_ALIGN,  /* left, center, right, justify */
	K_VALIGN, /* top, middle, bottom, baseline */
	K_DIR,	  /* ltr, rtl, auto */
	K_TYPE	  /* ol: 1 a A i I; source: a media type (text) */
};

struct attr_def {
	const char *name;
	enum attr_kind kind;
};

/* Sorted by name; an element's mask has bit i for attrs[i]. */
static const struct attr_def attrs[] = {
	{ "abbr", K_TEXT },	{ "align", K_ALIGN },	{ "alt", K_TEXT },
	{ "cite", K_URL },	{ "colspan", K_INT },	{ "datetime", K_TEXT },
	{ "dir", K_DIR },	{ "height", K_LENGTH }, { "href", K_URL },
	{ "id", K_ID },		{ "lang", K_TEXT },	{ "media", K_TEXT },
	{ "name", K_ID },	{ "open", K_BOOL },	{ "reversed", K_BOOL },
	{ "rowspan", K_INT },	{ "scope", K_TEXT },	{ "src", K_IMAGE },
	{ "srcset", K_SRCSET }, { "start", K_INT },	{ "title", K_TEXT },
	{ "type", K_TYPE },	{ "valign", K_VALIGN }, { "value", K_INT },
	{ "width", K_LENGTH },
};
#define NATTRS (sizeof(attrs) / sizeof(attrs[0]))

enum {
	A_ABBR,
	A_ALIGN,
	A_ALT,
	A_CITE,
	A_COLSPAN,
	A_DATETIME,
	A_DIR,
	A_HEIGHT,
	A_HREF,
	A_ID,
	A_LANG,
	A_MEDIA,
	A_NAME,
	A_OPEN,
	A_REVERSED,
	A_ROWSPAN,
	A_SCOPE,
	A_SRC,
	A_SRCSET,
	A_START,
	A_TITLE,
	A_TYPE,
	A_VALIGN,
	A_VALUE,
	A_WIDTH
};
#define M(a) (1u << (a))
/* on every element */
#define GLOBAL (M(A_ID) | M(A_TITLE) | M(A_LANG) | M(A_DIR))
#define CELL                                                                   \
	(M(A_ALIGN) | M(A_VALIGN) | M(A_COLSPAN) | M(A_ROWSPAN) | M(A_WIDTH) | \
	 M(A_HEIGHT))

enum {
	F_VOID = 1,  /* no content, no end tag */
	F_BLOCK = 2, /* a line break in the text output */
	F_CELL = 4   /* a space in the text output */
};

struct element {
	const char *name;
	unsigned flags;
	uint32_t attrs; /* besides GLOBAL */
};

/* Sorted by name.  Modelled on what GitHub keeps in a README: text-level
 * and grouping elements, tables, lists, details, images; nothing that runs
 * script, loads a page or a style, takes input, or draws outside the box
 * (script, style, iframe, frame, object, embed, form, input, button,
 * textarea, select, svg, math, base, meta, link, template, ...). */
static const struct element elements[] = {
	{ "a", 0, M(A_HREF) | M(A_NAME) },
	{ "abbr", 0, 0 },
	{ "b", 0, 0 },
	{ "bdi", 0, 0 },
	{ "bdo", 0, 0 },
	{ "blockquote", F_BLOCK, M(A_CITE) },
	{ "br", F_VOID | F_BLOCK, 0 },
	{ "caption", F_BLOCK, M(A_ALIGN) },
	{ "cite", 0, 0 },
	{ "code", 0, 0 },
	{ "dd", F_BLOCK, 0 },
	{ "del", 0, M(A_CITE) | M(A_DATETIME) },
	{ "details", F_BLOCK, M(A_OPEN) },
	{ "dfn", 0, 0 },
	{ "div", F_BLOCK, M(A_ALIGN) },
	{ "dl", F_BLOCK, 0 },
	{ "dt", F_BLOCK, 0 },
	{ "em", 0, 0 },
	{ "figcaption", F_BLOCK, 0 },
	{ "figure", F_BLOCK, 0 },
	{ "h1", F_BLOCK, M(A_ALIGN) },
	{ "h2", F_BLOCK, M(A_ALIGN) },
	{ "h3", F_BLOCK, M(A_ALIGN) },
	{ "h4", F_BLOCK, M(A_ALIGN) },
	{ "h5", F_BLOCK, M(A_ALIGN) },
	{ "h6", F_BLOCK, M(A_ALIGN) },
	{ "hr", F_VOID | F_BLOCK, 0 },
	{ "i", 0, 0 },
	{ "img", F_VOID,
	  M(A_SRC) | M(A_SRCSET) | M(A_ALT) | M(A_WIDTH) | M(A_HEIGHT) | M(A_ALIGN) },
	{ "ins", 0, M(A_CITE) | M(A_DATETIME) },
	{ "kbd", 0, 0 },
	{ "li", F_BLOCK, M(A_VALUE) },
	{ "mark", 0, 0 },
	{ "ol", F_BLOCK, M(A_START) | M(A_TYPE) | M(A_REVERSED) },
	{ "p", F_BLOCK, M(A_ALIGN) },
	{ "picture", 0, 0 },
	{ "pre", F_BLOCK, 0 },
	{ "q", 0, M(A_CITE) },
	{ "rp", 0, 0 },
	{ "rt", 0, 0 },
	{ "ruby", 0, 0 },
	{ "s", 0, 0 },
	{ "samp", 0, 0 },
	{ "small", 0, 0 },
	{ "source", F_VOID,
	  M(A_SRCSET) | M(A_MEDIA) | M(A_TYPE) | M(A_WIDTH) | M(A_HEIGHT) },
	{ "span", 0, 0 },
	{ "strike", 0, 0 },
	{ "strong", 0, 0 },
	{ "sub", 0, 0 },
	{ "summary", F_BLOCK, 0 },
	{ "sup", 0, 0 },
	{ "table", F_BLOCK, M(A_ALIGN) | M(A_WIDTH) },
	{ "tbody", F_BLOCK, M(A_ALIGN) | M(A_VALIGN) },
	{ "td", F_CELL, CELL },
	{ "tfoot", F_BLOCK, M(A_ALIGN) | M(A_VALIGN) },
	{ "th", F_CELL, CELL | M(A_SCOPE) | M(A_ABBR) },
	{ "thead", F_BLOCK, M(A_ALIGN) | M(A_VALIGN) },
	{ "time", 0, M(A_DATETIME) },
	{ "tr", F_BLOCK, M(A_ALIGN) | M(A_VALIGN) },
	{ "tt", 0, 0 },
	{ "u", 0, 0 },
	{ "ul", F_BLOCK, 0 },
	{ "var", 0, 0 },
	{ "wbr", F_VOID, 0 },
};
#define NELEMENTS (sizeof(elements) / sizeof(elements[0]))
#define EL_A 0

/* Compares the NUL-terminated lower-case name with s[0..n) without case. */
static int name_cmp(const char *name, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = ascii_lower(s[i]);
		if (!name[i] || name[i] != c)
			return (unsigned char)name[i] < (unsigned char)c ? -1 : 1;
	}
	return name[n] ? 1 : 0;
}

/* Index of the entry named s[0..n) in a table of count entries of size
 * bytes each, sorted by name, whose first member is the name; -1 when there
 * is none. */
static int find_name(const void *table, size_t count, size_t size,
		     const char *s, size_t n)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *name =
			*(const char *const *)((const char *)table + mid * size);
		int c = name_cmp(name, s, n);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Index of the element named s[0..n), or -1 when it is not allowed. */
static int find_element(const char *s, size_t n)
{
	return find_name(elements, NELEMENTS, sizeof(elements[0]), s, n);
}

static int find_attr(const char *s, size_t n)
{
	return find_name(attrs, NATTRS, sizeof(attrs[0]), s, n);
}

/* ---------------------------------------------------------------- values */

/* HTML's white space (no vertical tab, unlike ascii_is_space) */
static int is_html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Trims spaces around v in place. */
static void trim(struct buf *v)
{
	size_t b = 0, e = v->len;

	while (b < e && is_html_space(v->ptr[b]))
		b++;
	while (e > b && is_html_space(v->ptr[e - 1]))
		e--;
	memmove(v->ptr, v->ptr + b, e - b);
	buf_truncate(v, e - b);
}

/* Whether v (trimmed, lower-cased) is one of the words in the
 * NUL-separated list. */
static int one_of(struct buf *v, const char *words)
{
	for (size_t i = 0; i < v->len; i++)
		v->ptr[i] = ascii_lower(v->ptr[i]);
	for (const char *w = words; *w; w += strlen(w) + 1)
		if (strlen(w) == v->len && memcmp(w, v->ptr, v->len) == 0)
			return 1;
	return 0;
}

static int valid_int(const struct buf *v, int negative_ok)
{
	size_t i = 0;

	if (negative_ok && v->len && v->ptr[0] == '-')
		i++;
	if (i == v->len || v->len - i > 9)
		return 0;
	for (; i < v->len; i++)
		if (!ascii_is_digit(v->ptr[i]))
			return 0;
	return 1;
}

static int valid_length(const struct buf *v)
{
	size_t n = v->len;

	if (n && v->ptr[n - 1] == '%')
		n--;
	if (!n || n > 9)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ascii_is_digit(v->ptr[i]))
			return 0;
	return 1;
}

/* A srcset descriptor: empty, "<number>w" or "<number>x". */
static int valid_descriptor(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (!n)
		return 1;
	if (n > 12 || (s[n - 1] != 'w' && s[n - 1] != 'x'))
		return 0;
	for (; i < n - 1; i++) {
		if (ascii_is_digit(s[i]))
			digits++;
		else if (s[i] != '.')
			return 0;
	}
	return digits > 0;
}

/* ---------------------------------------------------------------- output */

/* Ends a word in the text output: a line break (or a space). */
static void text_sep(struct buf *text, int space)
{
	if (!text || !text->len || is_html_space(text->ptr[text->len - 1]))
		return;
	buf_putc(text, space ? ' ' : '\n');
}

/* Text of the input, decoded: escaped into html, kept in text. */
static void put_text(struct html_sanitizer *s, struct buf *html,
		     struct buf *text, const char *p, size_t n, unsigned flags)
{
	struct buf *v = &s->val;

	buf_clear(v);
	html_decode(v, p, n);
	buf_put_html(html, v->ptr, v->len);
	if (!text)
		return;
	if (flags & HTML_INLINE)
		for (size_t i = 0; i < v->len; i++)
			if (v->ptr[i] == '\n' || v->ptr[i] == '\r' || v->ptr[i] == '\t')
				v->ptr[i] = ' ';
	buf_put(text, v->ptr, v->len);
}

/* Markup shown as text: escaped, as written. */
static void put_shown(struct buf *html, struct buf *text, const char *p, size_t n)
{
	buf_put_html(html, p, n);
	if (text)
		buf_put(text, p, n);
}

static void put_end_tag(struct buf *html, struct buf *text, int el, unsigned flags)
{
	const struct element *e = &elements[el];

	buf_puts(html, "</");
	buf_puts(html, e->name);
	buf_putc(html, '>');
	if (e->flags & (F_BLOCK | F_CELL))
		text_sep(text, (flags & HTML_INLINE) || (e->flags & F_CELL));
}

/* ---------------------------------------------------------------- tags */

/* Reads a start tag at src[i] ('<' then a letter).  Returns the offset
 * just past its '>', or 0 when it is not a well-formed tag; fills
 * s->attrs and *name_len. */
static size_t read_start_tag(struct html_sanitizer *s, const char *src,
			     size_t len, size_t i, size_t *name_len)
{
	size_t j = i + 1;

	while (j < len &&
	       (ascii_is_alpha(src[j]) || ascii_is_digit(src[j]) || src[j] == '-'))
		j++;
	*name_len = j - i - 1;
	s->nattrs = 0;
	for (;;) {
		size_t ws = j;
		while (j < len && is_html_space(src[j]))
			j++;
		if (j >= len)
			return 0;
		if (src[j] == '>')
			return j + 1;
		if (src[j] == '/' && j + 1 < len && src[j + 1] == '>')
			return j + 2;
		if (ws == j)
			return 0; /* attributes are separated by spaces */
		/* a name: [A-Za-z_:][A-Za-z0-9_.:-]* */
		if (!ascii_is_alpha(src[j]) && src[j] != '_' && src[j] != ':')
			return 0;
		struct html_attr a = { j, 0, 0, 0, 0 };
		while (j < len && (ascii_is_alpha(src[j]) ||
				   ascii_is_digit(src[j]) || src[j] == '_' ||
				   src[j] == '.' || src[j] == ':' || src[j] == '-'))
			j++;
		a.name_len = j - a.name;
		size_t after = j;
		while (j < len && is_html_space(src[j]))
			j++;
		if (j < len && src[j] == '=') {
			j++;
			while (j < len && is_html_space(src[j]))
				j++;
			if (j >= len)
				return 0;
			if (src[j] == '"' || src[j] == '\'') {
				const char *q =
					memchr(src + j + 1, src[j], len - j - 1);
				if (!q)
					return 0;
				a.val = j + 1;
				a.val_len = (size_t)(q - src) - a.val;
				j = (size_t)(q - src) + 1;
			} else {
				a.val = j;
				while (j < len && !is_html_space(src[j]) &&
				       src[j] != '"' && src[j] != '\'' &&
				       src[j] != '=' && src[j] != '<' &&
				       src[j] != '>' && src[j] != '`')
					j++;
				a.val_len = j - a.val;
				if (!a.val_len)
					return 0;
			}
			a.has_val = 1;
		} else {
			j = after;
		}
		XGROW(s->attrs, s->attrs_cap, s->nattrs + 1);
		s->attrs[s->nattrs++] = a;
	}
}

/* Reads an end tag at src[i] ("</" then a letter): returns the offset past
 * its '>', or 0. */
static size_t read_end_tag(const char *src, size_t len, size_t i, size_t *name_len)
{
	size_t j = i + 2;

	while (j < len &&
	       (ascii_is_alpha(src[j]) || ascii_is_digit(src[j]) || src[j] == '-'))
		j++;
	*name_len = j - i - 2;
	while (j < len && is_html_space(src[j]))
		j++;
	return j < len && src[j] == '>' ? j + 1 : 0;
}

/* The end of a comment, processing instruction or declaration at src[i];
 * len when it is not terminated (it hides the rest, as in a browser). */
static size_t skip_comment(const char *src, size_t len, size_t i)
{
	if (len - i >= 4 && memcmp(src + i, "<!--", 4) == 0) {
		size_t j = i + 4;
		if (j < len && src[j] == '>')
			return j + 1; /* "<!-->" */
		if (len - j >= 2 && src[j] == '-' && src[j + 1] == '>')
			return j + 2; /* "<!--->" */
		for (; j + 2 < len; j++) {
			if (src[j] == '-' && src[j + 1] == '-' && src[j + 2] == '>')
				return j + 3;
			if (j + 3 < len && src[j] == '-' && src[j + 1] == '-' &&
			    src[j + 2] == '!' && src[j + 3] == '>')
				return j + 4;
		}
		return len;
	}
	const char *gt = memchr(src + i, '>', len - i);
	return gt ? (size_t)(gt - src) + 1 : len;
}

/* Writes the value of a srcset into out, keeping the candidates whose URL
 * the callback keeps.  Returns how many were kept. */
static int put_srcset(struct html_sanitizer *s, struct buf *out, size_t at)
{
	struct buf set = BUF_INIT, url = BUF_INIT;
	size_t i = 0;
	int kept = 0;

	buf_put(&set, s->val.ptr, s->val.len);
	while (i < set.len) {
		while (i < set.len && (is_html_space(set.ptr[i]) || set.ptr[i] == ','))
			i++;
		if (i >= set.len)
			break;
		size_t u = i;
		while (i < set.len && !is_html_space(set.ptr[i]))
			i++;
		size_t ue = i, d, de;
		if (set.ptr[ue - 1] == ',') {
			while (ue > u && set.ptr[ue - 1] == ',')
				ue--;
			d = de = i;
		} else {
			while (i < set.len && is_html_space(set.ptr[i]))
				i++;
			d = i;
			while (i < set.len && set.ptr[i] != ',')
				i++;
			de = i;
			while (de > d && is_html_space(set.ptr[de - 1]))
				de--;
		}
		if (ue == u || !valid_descriptor(set.ptr + d, de - d))
			continue;
		buf_clear(&url);
		buf_put(&url, set.ptr + u, ue - u);
		if (!s->url || !s->url(&url, 1, at, s->userdata) || !url.len)
			continue;
		if (kept++)
			buf_puts(out, ", ");
		/* a URL in a srcset ends at a space; a comma at its end would
		 * end the candidate */
		html_put_url(out, url.ptr, url.len);
		if (url.ptr[url.len - 1] == ',')
			buf_puts(out, "%2C");
		if (de > d) {
			buf_putc(out, ' ');
			buf_put(out, set.ptr + d, de - d);
		}
	}
	buf_release(&set);
	buf_release(&url);
	return kept;
}

/* Whether an element of this kind is open. */
static int is_open(const struct html_sanitizer *s, int el)
{
	for (size_t k = 0; k < s->nopen; k++)
		if (s->open[k].el == el)
			return 1;
	return 0;
}

/* Writes the allowlisted start tag read at src[i..end) (element el), or
 * what stands for it. */
static void start_tag(struct html_sanitizer *s, struct buf *html, struct buf *text,
		      const char *src, size_t i, int el, int scope, unsigned flags)
{
	const struct element *e = &elements[el];
	uint32_t allowed = e->attrs | GLOBAL, seen = 0;
	struct buf *out = &s->tmp, alt = BUF_INIT;
	int has_src = 0, has_srcset = 0;

	if (el == EL_A && ((flags & HTML_NO_LINKS) || is_open(s, EL_A)))
		return; /* no link in a link */
	if (!(e->flags & F_VOID) && s->nopen >= HTML_MAX_OPEN)
		return;

	buf_clear(out);
	buf_putc(out, '<');
	buf_puts(out, e->name);
	for (size_t k = 0; k < s->nattrs; k++) {
		const struct html_attr *a = &s->attrs[k];
		int id = find_attr(src + a->name, a->name_len);
		if (id < 0 || !(allowed & M(id)) || (seen & M(id)))
			continue;
		seen |= M(id);
		buf_clear(&s->val);
		html_decode(&s->val, src + a->val, a->val_len);
		enum attr_kind kind = attrs[id].kind;
		if (kind == K_TYPE && strcmp(e->name, "ol") != 0)
			kind = K_TEXT;
		if (kind != K_TEXT && kind != K_URL && kind != K_IMAGE && kind != K_SRCSET)
			trim(&s->val);
		switch (kind) {
		case K_BOOL:
			buf_putc(out, ' ');
			buf_puts(out, attrs[id].name);
			continue;
		case K_ID:
			if (!s->val.len)
				continue;
			break;
		case K_INT:
			if (!valid_int(&s->val, id == A_START || id == A_VALUE))
				continue;
			break;
		case K_LENGTH:
			if (!valid_length(&s->val))
				continue;
			break;
		case K_ALIGN:
			if (!one_of(&s->val, "left\0center\0right\0justify\0"))
				continue;
			break;
		case K_VALIGN:
			if (!one_of(&s->val, "top\0middle\0bottom\0baseline\0"))
				continue;
			break;
		case K_DIR:
			if (!one_of(&s->val, "ltr\0rtl\0auto\0"))
				continue;
			break;
		case K_TYPE:
			if (s->val.len != 1 || !strchr("1aAiI", s->val.ptr[0]))
				continue;
			break;
		case K_SRCSET: {
			size_t mark = out->len;
			buf_puts(out, " srcset=\"");
			if (put_srcset(s, out, i)) {
				buf_putc(out, '"');
				has_srcset = 1;
			} else {
				buf_truncate(out, mark);
			}
			continue;
		}
		case K_URL:
		case K_IMAGE:
			if (!s->url || !s->url(&s->val, kind == K_IMAGE, i, s->userdata))
				continue;
			buf_putc(out, ' ');
			buf_puts(out, attrs[id].name);
			buf_puts(out, "=\"");
			html_put_url(out, s->val.ptr, s->val.len);
			buf_putc(out, '"');
			has_src |= kind == K_IMAGE;
			continue;
		default: break;
		}
		if (id == A_ALT) {
			buf_clear(&alt);
			buf_put(&alt, s->val.ptr, s->val.len);
		}
		buf_putc(out, ' ');
		buf_puts(out, attrs[id].name);
		buf_puts(out, "=\"");
		if (kind == K_ID)
			buf_puts(out, "user-content-");
		buf_put_html(out, s->val.ptr, s->val.len);
		buf_putc(out, '"');
	}

	if (strcmp(e->name, "img") == 0) {
		if (!has_src) {
			/* as a Markdown image whose URL is dropped: its text */
			buf_put_html(html, alt.ptr, alt.len);
			if (text)
				buf_put(text, alt.ptr, alt.len);
			goto done;
		}
		buf_puts(out, " loading=\"lazy\"");
		if (text)
			buf_put(text, alt.ptr, alt.len);
	} else if (strcmp(e->name, "source") == 0 && !has_srcset) {
		goto done;
	}
	buf_putc(out, '>');
	buf_put(html, out->ptr, out->len);
	if (e->flags & (F_BLOCK | F_CELL))
		text_sep(text, (flags & HTML_INLINE) || (e->flags & F_CELL));
	if (!(e->flags & F_VOID)) {
		XGROW(s->open, s->open_cap, s->nopen + 1);
		s->open[s->nopen].el = (unsigned char)el;
		s->open[s->nopen].scope = scope;
		s->nopen++;
	}
done:
	buf_release(&alt);
}

/* Closes the nearest open element el of this scope, and those opened
 * after it; nothing when there is none. */
static void end_tag(struct html_sanitizer *s, struct buf *html,
		    struct buf *text, int el, int scope, unsigned flags)
{
	size_t k = s->nopen;

	while (k > 0 && s->open[k - 1].scope == scope) {
		if (s->open[k - 1].el == el) {
			while (s->nopen >= k) {
				s->nopen--;
				put_end_tag(html, text, s->open[s->nopen].el, flags);
			}
			return;
		}
		k--;
	}
}

/* ---------------------------------------------------------------- API */

void html_sanitize(struct html_sanitizer *s, struct buf *html, struct buf *text,
		   const char *src, size_t len, int scope, unsigned flags)
{
	size_t i = 0;

	if (!src)
		return;
	if (utf8_check(src, len) != len) {
		buf_clear(&s->fixed);
		utf8_repair(&s->fixed, src, len);
		src = s->fixed.ptr;
		len = s->fixed.len;
	}
	while (i < len) {
		size_t end, name_len;
		int el;

		if (src[i] != '<') {
			const char *lt = memchr(src + i, '<', len - i);
			end = lt ? (size_t)(lt - src) : len;
			put_text(s, html, text, src + i, end - i, flags);
			i = end;
			continue;
		}
		if (i + 1 < len && ascii_is_alpha(src[i + 1]) &&
		    (end = read_start_tag(s, src, len, i, &name_len)) > 0) {
			el = find_element(src + i + 1, name_len);
			if (el < 0)
				put_shown(html, text, src + i, end - i);
			else
				start_tag(s, html, text, src, i, el, scope, flags);
			i = end;
		} else if (i + 2 < len && src[i + 1] == '/' &&
			   ascii_is_alpha(src[i + 2]) &&
			   (end = read_end_tag(src, len, i, &name_len)) > 0) {
			el = find_element(src + i + 2, name_len);
			if (el < 0)
				put_shown(html, text, src + i, end - i);
			else if (!(elements[el].flags & F_VOID))
				end_tag(s, html, text, el, scope, flags);
			i = end;
		} else if (i + 1 < len && (src[i + 1] == '!' || src[i + 1] == '?')) {
			i = skip_comment(src, len, i);
		} else {
			put_shown(html, text, "<", 1);
			i++;
		}
	}
}

void html_close(struct html_sanitizer *s, struct buf *html, struct buf *text,
		int scope, unsigned flags)
{
	while (s->nopen && s->open[s->nopen - 1].scope >= scope) {
		s->nopen--;
		put_end_tag(html, text, s->open[s->nopen].el, flags);
	}
}

int html_link_open(const struct html_sanitizer *s)
{
	return is_open(s, EL_A);
}

void html_sanitizer_release(struct html_sanitizer *s)
{
	free(s->open);
	free(s->attrs);
	buf_release(&s->val);
	buf_release(&s->tmp);
	buf_release(&s->fixed);
	s->open = NULL;
	s->attrs = NULL;
	s->nopen = s->open_cap = s->nattrs = s->attrs_cap = 0;
}
