#include "version.h"

#include <string.h>

#include "ascii.h"

/* themes/default/assets/deps.js mirrors this file function by function:
 * change both, and add the case to tests/fixtures/versions.txt. */

#define MAX_PARTS 64

/* A part of a version: a number (digits, leading zeros dropped, "" for
 * zero) or a word. */
struct part {
	const char *p;
	size_t n;
	int num;
};

struct parts {
	struct part v[MAX_PARTS];
	int len;
};

static int push(struct parts *ps, const char *p, size_t n, int num)
{
	if (ps->len == MAX_PARTS)
		return -1;
	if (num)
		while (n > 0 && *p == '0') {
			p++;
			n--;
		}
	ps->v[ps->len].p = p;
	ps->v[ps->len].n = n;
	ps->v[ps->len].num = num;
	ps->len++;
	return 0;
}

static int sign(int c)
{
	return c < 0 ? -1 : c > 0;
}

/* Two numbers without leading zeros. */
static int num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	return sign(memcmp(a, b, an));
}

/* Two words, by bytes (folded to lower case when fold), shorter first on
 * a common prefix. */
static int word_cmp(const char *a, size_t an, const char *b, size_t bn, int fold)
{
	size_t i;
	for (i = 0; i < an && i < bn; i++) {
		char x = fold ? ascii_lower(a[i]) : a[i];
		char y = fold ? ascii_lower(b[i]) : b[i];
		if (x != y)
			return (unsigned char)x < (unsigned char)y ? -1 : 1;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

static size_t digits(const char *s)
{
	size_t n = 0;
	while (ascii_is_digit((unsigned char)s[n]))
		n++;
	return n;
}

/* 1 when the n bytes at s are word (any case). */
static int word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && word_cmp(s, n, word, n, 1) == 0;
}

/* ---------------------------------------------------------------- semver */

struct semver {
	struct parts rel, pre;
};

/* "v1.2.3-rc.1+build": release parts, then pre-release identifiers. */
static int semver_parse(struct semver *out, const char *s)
{
	size_t n;
	out->rel.len = out->pre.len = 0;
	if (*s == 'v' || *s == 'V')
		s++;
	for (;;) {
		n = digits(s);
		if (n == 0 || push(&out->rel, s, n, 1) < 0)
			return -1;
		s += n;
		if (*s != '.')
			break;
		s++;
	}
	if (*s == '-') {
		do {
			s++;
			n = 0;
			while (ascii_is_alnum((unsigned char)s[n]) || s[n] == '-')
				n++;
			if (n == 0 || push(&out->pre, s, n, digits(s) == n) < 0)
				return -1;
			s += n;
		} while (*s == '.');
	}
	if (*s == '+') {
		do {
			s++;
			n = 0;
			while (ascii_is_alnum((unsigned char)s[n]) || s[n] == '-')
				n++;
			if (n == 0)
				return -1;
			s += n;
		} while (*s == '.');
	}
	return *s ? -1 : 0;
}

/* Release parts, missing ones 0. */
static int nums_cmp(const struct parts *a, const struct parts *b)
{
	int i, c;
	for (i = 0; i < a->len || i < b->len; i++) {
		const struct part *x = i < a->len ? &a->v[i] : NULL;
		const struct part *y = i < b->len ? &b->v[i] : NULL;
		c = num_cmp(x ? x->p : "", x ? x->n : 0, y ? y->p : "", y ? y->n : 0);
		if (c)
			return c;
	}
	return 0;
}

/* Identifiers as semver orders them: numbers below words; more after a
 * common prefix is later. */
static int idents_cmp(const struct parts *a, const struct parts *b, int fold)
{
	int i, c;
	for (i = 0; i < a->len && i < b->len; i++) {
		const struct part *x = &a->v[i], *y = &b->v[i];
		if (x->num != y->num)
			return x->num ? -1 : 1;
		c = x->num ? num_cmp(x->p, x->n, y->p, y->n)
			   : word_cmp(x->p, x->n, y->p, y->n, fold);
		if (c)
			return c;
	}
	return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

static int semver_cmp(const struct semver *a, const struct semver *b, int fold)
{
	int c = nums_cmp(&a->rel, &b->rel);
	if (c)
		return c;
	if (!a->pre.len || !b->pre.len)
		return a->pre.len == b->pre.len ? 0 : a->pre.len ? -1 : 1;
	return idents_cmp(&a->pre, &b->pre, fold);
}

/* ---------------------------------------------------------------- PEP 440 */

struct pep440 {
	const char *epoch;
	size_t epoch_n;
	struct parts rel, local;
	int pre; /* 0 dev release only, 1 a, 2 b, 3 rc, 4 none */
	struct part pre_n, post_n, dev_n;
	int post, dev;
};

static size_t letters(const char *s)
{
	size_t n = 0;
	while (ascii_is_alpha((unsigned char)s[n]))
		n++;
	return n;
}

static int is_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* An optional separator, the word (its letters already measured as n at
 * s+sep), an optional separator and number; *num gets the number. */
static const char *pep_number(struct part *num, const char *s)
{
	size_t n;
	const char *t = is_sep(*s) ? s + 1 : s;
	n = digits(t);
	if (n == 0) {
		num->p = "";
		num->n = 0;
		return s;
	}
	num->p = t;
	num->n = n;
	num->num = 1;
	while (num->n > 0 && *num->p == '0') {
		num->p++;
		num->n--;
	}
	return t + n;
}

static int pep_pre_kind(const char *s, size_t n)
{
	if (word_is(s, n, "a") || word_is(s, n, "alpha"))
		return 1;
	if (word_is(s, n, "b") || word_is(s, n, "beta"))
		return 2;
	if (word_is(s, n, "c") || word_is(s, n, "rc") || word_is(s, n, "pre") ||
	    word_is(s, n, "preview"))
		return 3;
	return 0;
}

static int pep440_parse(struct pep440 *out, const char *s)
{
	size_t n;
	const char *t;
	memset(out, 0, sizeof(*out));
	out->epoch = "";
	out->pre = 4;
	if (*s == 'v' || *s == 'V')
		s++;
	n = digits(s);
	if (n && s[n] == '!') {
		out->epoch = s;
		out->epoch_n = n;
		while (out->epoch_n && *out->epoch == '0') {
			out->epoch++;
			out->epoch_n--;
		}
		s += n + 1;
	}
	for (;;) {
		n = digits(s);
		if (n == 0 || push(&out->rel, s, n, 1) < 0)
			return -1;
		s += n;
		if (*s != '.' || !ascii_is_digit((unsigned char)s[1]))
			break;
		s++;
	}
	/* pre-release */
	t = is_sep(*s) ? s + 1 : s;
	n = letters(t);
	if (n && pep_pre_kind(t, n)) {
		out->pre = pep_pre_kind(t, n);
		s = pep_number(&out->pre_n, t + n);
	}
	/* post-release: "-N" or [sep]post|rev|r[sep][N] */
	t = is_sep(*s) ? s + 1 : s;
	n = letters(t);
	if (*s == '-' && digits(s + 1)) {
		out->post = 1;
		s = pep_number(&out->post_n, s);
	} else if (n && (word_is(t, n, "post") || word_is(t, n, "rev") ||
			 word_is(t, n, "r"))) {
		out->post = 1;
		s = pep_number(&out->post_n, t + n);
	}
	t = is_sep(*s) ? s + 1 : s;
	n = letters(t);
	if (n && word_is(t, n, "dev")) {
		out->dev = 1;
		s = pep_number(&out->dev_n, t + n);
		if (out->pre == 4 && !out->post)
			out->pre = 0;
	}
	if (*s == '+') {
		do {
			s++;
			n = 0;
			while (ascii_is_alnum((unsigned char)s[n]))
				n++;
			if (n == 0 || push(&out->local, s, n, digits(s) == n) < 0)
				return -1;
			s += n;
		} while (is_sep(*s));
	}
	return *s ? -1 : 0;
}

static int pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
	int c = num_cmp(a->epoch, a->epoch_n, b->epoch, b->epoch_n);
	if (!c)
		c = nums_cmp(&a->rel, &b->rel);
	if (!c)
		c = sign(a->pre - b->pre);
	if (!c && a->pre >= 1 && a->pre <= 3)
		c = num_cmp(a->pre_n.p, a->pre_n.n, b->pre_n.p, b->pre_n.n);
	if (!c)
		c = sign(a->post - b->post);
	if (!c && a->post)
		c = num_cmp(a->post_n.p, a->post_n.n, b->post_n.p, b->post_n.n);
	if (!c)
		c = sign(b->dev - a->dev);
	if (!c && a->dev)
		c = num_cmp(a->dev_n.p, a->dev_n.n, b->dev_n.p, b->dev_n.n);
	if (c)
		return c;
	if (!a->local.len || !b->local.len)
		return a->local.len == b->local.len ? 0 : a->local.len ? 1 : -1;
	/* local parts: words below numbers (the opposite of semver) */
	{
		int i;
		for (i = 0; i < a->local.len && i < b->local.len; i++) {
			const struct part *x = &a->local.v[i], *y = &b->local.v[i];
			if (x->num != y->num)
				return x->num ? 1 : -1;
			c = x->num ? num_cmp(x->p, x->n, y->p, y->n)
				   : word_cmp(x->p, x->n, y->p, y->n, 1);
			if (c)
				return c;
		}
		return sign(a->local.len - b->local.len);
	}
}

/* ---------------------------------------------------------------- Maven */

/* Ranks of Maven's qualifiers; a word not listed ranks after them all. */
static int maven_rank(const struct part *q)
{
	static const char *const order[] = { "alpha", "beta",	  "milestone",
					     "rc",    "snapshot", "",
					     "sp" };
	size_t i;
	if (!q)
		return 5; /* a missing part is the release */
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (word_is(q->p, q->n, order[i]))
			return (int)i;
	if (word_is(q->p, q->n, "ga") || word_is(q->p, q->n, "final") ||
	    word_is(q->p, q->n, "release"))
		return 5;
	if (word_is(q->p, q->n, "cr"))
		return 3;
	return 7;
}

/* 1 when p is a part Maven drops at the end of a list: 0 or a release
 * qualifier. */
static int maven_null(const struct part *p)
{
	return p->num ? p->n == 0 : maven_rank(p) == 5;
}

static void maven_trim(struct parts *ps, int from)
{
	while (ps->len > from && maven_null(&ps->v[ps->len - 1]))
		ps->len--;
}

static void alias(struct part *q)
{
	static const char *const names[] = { "alpha", "beta", "milestone" };
	static const char abm[] = "abm";
	const char *p = strchr(abm, ascii_lower(q->p[0]));
	if (p && *p) {
		q->p = names[p - abm];
		q->n = strlen(q->p);
	}
}

/* Parts split at '.', '-' and between digits and other characters; the
 * zeros and release words ending each '-' list are dropped. */
static int maven_parse(struct parts *out, const char *s)
{
	int list = 0;
	out->len = 0;
	if (!*s)
		return -1;
	while (*s) {
		size_t n;
		if (*s == '.' || *s == '-') {
			if (*s == '-') {
				maven_trim(out, list);
				list = out->len;
			}
			s++;
			continue;
		}
		n = digits(s);
		if (n) {
			if (push(out, s, n, 1) < 0)
				return -1;
		} else {
			while (s[n] && s[n] != '.' && s[n] != '-' &&
			       !ascii_is_digit((unsigned char)s[n]))
				n++;
			if (out->len > list) {
				maven_trim(out, list);
				list = out->len;
			}
			if (push(out, s, n, 0) < 0)
				return -1;
			/* "a1", "b2", "m3": alpha, beta, milestone */
			if (n == 1 && ascii_is_digit((unsigned char)s[1]))
				alias(&out->v[out->len - 1]);
		}
		s += n;
	}
	maven_trim(out, 0);
	return 0;
}

static int maven_cmp(const struct parts *a, const struct parts *b)
{
	int i, c;
	for (i = 0; i < a->len || i < b->len; i++) {
		const struct part *x = i < a->len ? &a->v[i] : NULL;
		const struct part *y = i < b->len ? &b->v[i] : NULL;
		if ((x && x->num) || (y && y->num)) {
			if (x && !x->num)
				return -1; /* a word below a number */
			if (y && !y->num)
				return 1;
			c = num_cmp(x ? x->p : "", x ? x->n : 0, y ? y->p : "",
				    y ? y->n : 0);
		} else {
			c = sign(maven_rank(x) - maven_rank(y));
			if (!c && x && y && maven_rank(x) == 7)
				c = word_cmp(x->p, x->n, y->p, y->n, 1);
		}
		if (c)
			return c;
	}
	return 0;
}

/* ---------------------------------------------------------------- RubyGems */

/* "1.2.3.rc1" or "1.2.3-rc1": digit runs and letter runs. */
static int gem_parse(struct parts *out, const char *s)
{
	out->len = 0;
	if (!ascii_is_digit((unsigned char)*s))
		return -1;
	while (*s) {
		size_t n = digits(s);
		int num = n > 0;
		if (!num)
			n = letters(s);
		if (n) {
			if (push(out, s, n, num) < 0)
				return -1;
			s += n;
		} else if (*s == '.') {
			s++;
		} else if (*s == '-') {
			/* Gem::Version reads "-" as ".pre." */
			if (push(out, "pre", 3, 0) < 0)
				return -1;
			s++;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Gem::Version: missing parts are 0; a word sorts below any number. */
static int gem_cmp(const struct parts *a, const struct parts *b)
{
	int i, c;
	for (i = 0; i < a->len || i < b->len; i++) {
		const struct part *x = i < a->len ? &a->v[i] : NULL;
		const struct part *y = i < b->len ? &b->v[i] : NULL;
		int xn = !x || x->num, yn = !y || y->num;
		if (xn != yn)
			return xn ? 1 : -1;
		c = xn ? num_cmp(x ? x->p : "", x ? x->n : 0, y ? y->p : "",
				 y ? y->n : 0)
		       : word_cmp(x->p, x->n, y->p, y->n, 0);
		if (c)
			return c;
	}
	return 0;
}

/* ---------------------------------------------------------------- dispatch */

enum scheme { SEMVER, PEP440, MAVEN, GEM };

static enum scheme scheme_of(const char *eco)
{
	if (!eco)
		return SEMVER;
	if (strcmp(eco, "pypi") == 0)
		return PEP440;
	if (strcmp(eco, "maven") == 0)
		return MAVEN;
	if (strcmp(eco, "rubygems") == 0)
		return GEM;
	return SEMVER;
}

union key {
	struct semver sem;
	struct pep440 pep;
	struct parts parts;
};

static int parse(union key *k, enum scheme sc, const char *v)
{
	switch (sc) {
	case PEP440: return pep440_parse(&k->pep, v);
	case MAVEN: return maven_parse(&k->parts, v);
	case GEM: return gem_parse(&k->parts, v);
	default: return semver_parse(&k->sem, v);
	}
}

static int key_cmp(const union key *a, const union key *b, enum scheme sc, int fold)
{
	switch (sc) {
	case PEP440: return pep440_cmp(&a->pep, &b->pep);
	case MAVEN: return maven_cmp(&a->parts, &b->parts);
	case GEM: return gem_cmp(&a->parts, &b->parts);
	default: return semver_cmp(&a->sem, &b->sem, fold);
	}
}

int version_valid(const char *eco, const char *v)
{
	union key k;
	return v && parse(&k, scheme_of(eco), v) == 0;
}

int version_compare(const char *eco, const char *a, const char *b)
{
	enum scheme sc = scheme_of(eco);
	union key ka, kb;
	int va = a && parse(&ka, sc, a) == 0;
	int vb = b && parse(&kb, sc, b) == 0;
	if (va && vb)
		return key_cmp(&ka, &kb, sc, eco && strcmp(eco, "packagist") == 0);
	if (va != vb)
		return va ? 1 : -1;
	return sign(strcmp(a ? a : "", b ? b : ""));
}

/* ---------------------------------------------------------------- ranges */

static int range_space(char c)
{
	return ascii_is_space((unsigned char)c) || c == ',';
}

/* Checks the comparators of one alternative, from *sp up to "||" or the
 * end (*sp is left there).  Returns 1 when all hold, 0 when one does not,
 * -1 when the alternative cannot be read. */
static int alternative(const char *eco, const char *v, const char **sp)
{
	const char *s = *sp;
	int holds = 1;
	char tmp[256];
	for (;;) {
		const char *op;
		size_t opn = 0, n = 0;
		int c;
		while (range_space(*s))
			s++;
		if (!*s || *s == '|')
			break;
		op = s;
		while (s[opn] == '<' || s[opn] == '>' || s[opn] == '=' || s[opn] == '!')
			opn++;
		s += opn;
		while (ascii_is_space((unsigned char)*s))
			s++;
		while (s[n] && !range_space(s[n]) && s[n] != '|' &&
		       s[n] != '<' && s[n] != '>' && s[n] != '=' && s[n] != '!')
			n++;
		if (n == 0 || n >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		s += n;
		if (!version_valid(eco, tmp))
			return -1;
		c = version_compare(eco, v, tmp);
		if (opn == 0 || (opn == 1 && *op == '=') ||
		    (opn == 2 && op[0] == '=' && op[1] == '='))
			holds &= c == 0;
		else if (opn == 1 && *op == '<')
			holds &= c < 0;
		else if (opn == 1 && *op == '>')
			holds &= c > 0;
		else if (opn == 2 && op[0] == '<' && op[1] == '=')
			holds &= c <= 0;
		else if (opn == 2 && op[0] == '>' && op[1] == '=')
			holds &= c >= 0;
		else if (opn == 2 && op[0] == '!' && op[1] == '=')
			holds &= c != 0;
		else
			return -1;
	}
	*sp = s;
	return holds;
}

int version_in_range(const char *eco, const char *v, const char *range)
{
	const char *s = range ? range : "";
	int in = 0, valid = v && version_valid(eco, v);
	for (;;) {
		int r = alternative(eco, valid ? v : "0", &s);
		if (r < 0)
			return -1;
		in |= r;
		if (!*s)
			break;
		if (s[0] != '|' || s[1] != '|')
			return -1;
		s += 2;
	}
	return valid && in;
}

/* ---------------------------------------------------------------- the query */

static int starts_range(const char *s)
{
	return *s == '<' || *s == '>' || *s == '=' || *s == '!' ||
	       ascii_is_digit((unsigned char)*s) ||
	       ((*s == 'v' || *s == 'V') && ascii_is_digit((unsigned char)s[1]));
}

void version_query_parse(struct version_query *out, const char *text)
{
	size_t i = 0, end = strlen(text), w, at;
	memset(out, 0, sizeof(*out));
	while (i < end && ascii_is_space((unsigned char)text[i]))
		i++;
	while (end > i && ascii_is_space((unsigned char)text[end - 1]))
		end--;
	out->name_off = out->range_off = i;
	if (i == end)
		return;
	if (starts_range(text + i)) {
		out->range_len = end - i;
		return;
	}
	w = i;
	while (w < end && !ascii_is_space((unsigned char)text[w]))
		w++;
	for (at = i + 1; at < w && text[at] != '@'; at++)
		;
	out->name_len = (at < w ? at : w) - i;
	i = at < w ? at + 1 : w;
	while (i < end && ascii_is_space((unsigned char)text[i]))
		i++;
	out->range_off = i;
	out->range_len = end - i;
}
