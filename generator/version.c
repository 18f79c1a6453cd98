#include "version.h"

#include <stdio.h>
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

enum range_op { OP_EQ, OP_LT, OP_GT, OP_LE, OP_GE, OP_NE };

/* Reads one comparator of an alternative from *sp (left after it): its
 * operator and its version (into v, cap bytes).  Returns 1 when one was
 * read, 0 at the end of the alternative ("||" or the end; *sp is left
 * there), -1 when it cannot be read. */
static int comparator(const char *eco, const char **sp, enum range_op *op,
		      char *v, size_t cap)
{
	const char *s = *sp, *o;
	size_t opn = 0, n = 0;
	while (range_space(*s))
		s++;
	*sp = s;
	if (!*s || *s == '|')
		return 0;
	o = s;
	while (s[opn] == '<' || s[opn] == '>' || s[opn] == '=' || s[opn] == '!')
		opn++;
	s += opn;
	while (ascii_is_space((unsigned char)*s))
		s++;
	while (s[n] && !range_space(s[n]) && s[n] != '|' && s[n] != '<' &&
	       s[n] != '>' && s[n] != '=' && s[n] != '!')
		n++;
	if (n == 0 || n >= cap)
		return -1;
	memcpy(v, s, n);
	v[n] = '\0';
	*sp = s + n;
	if (!version_valid(eco, v))
		return -1;
	if (opn == 0 || (opn == 1 && *o == '=') ||
	    (opn == 2 && o[0] == '=' && o[1] == '='))
		*op = OP_EQ;
	else if (opn == 1 && (*o == '<' || *o == '>'))
		*op = *o == '<' ? OP_LT : OP_GT;
	else if (opn == 2 && o[1] == '=' && (o[0] == '<' || o[0] == '>' || o[0] == '!'))
		*op = o[0] == '<' ? OP_LE : o[0] == '>' ? OP_GE : OP_NE;
	else
		return -1;
	return 1;
}

/* Checks the comparators of one alternative, from *sp up to "||" or the
 * end (*sp is left there).  Returns 1 when all hold, 0 when one does not,
 * -1 when the alternative cannot be read. */
static int alternative(const char *eco, const char *v, const char **sp)
{
	static const int holds_if[][3] = {
		/* c < 0, c == 0, c > 0 */
		[OP_EQ] = { 0, 1, 0 }, [OP_LT] = { 1, 0, 0 },
		[OP_GT] = { 0, 0, 1 }, [OP_LE] = { 1, 1, 0 },
		[OP_GE] = { 0, 1, 1 }, [OP_NE] = { 1, 0, 1 },
	};
	char tmp[256];
	enum range_op op;
	int holds = 1, r;
	while ((r = comparator(eco, sp, &op, tmp, sizeof(tmp))) > 0)
		holds &= holds_if[op][sign(version_compare(eco, v, tmp)) + 1];
	return r < 0 ? -1 : holds;
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

/* ------------------------------------------------------ version requirements */

/* One end of an interval of versions: unbounded when !set. */
struct bound {
	int set, incl;
	char v[256];
};

struct interval {
	struct bound lo, hi;
};

/* Narrows bound *b to the tighter of it and (v, incl): the greater lower
 * bound (hi 0) or the lesser upper bound (hi 1). */
static void narrow(const char *eco, struct bound *b, const char *v, int incl, int hi)
{
	int c = b->set ? version_compare(eco, v, b->v) : hi ? -1 : 1;
	if (hi)
		c = -c;
	if (c < 0)
		return;
	if (c == 0) {
		b->incl &= incl;
		return;
	}
	b->set = 1;
	b->incl = incl;
	snprintf(b->v, sizeof(b->v), "%s", v);
}

/* Whether two intervals share a version. */
static int overlap(const char *eco, const struct interval *x, const struct interval *y)
{
	struct interval i = *x;
	if (y->lo.set)
		narrow(eco, &i.lo, y->lo.v, y->lo.incl, 0);
	if (y->hi.set)
		narrow(eco, &i.hi, y->hi.v, y->hi.incl, 1);
	if (!i.lo.set || !i.hi.set)
		return 1;
	int c = version_compare(eco, i.lo.v, i.hi.v);
	return c < 0 || (c == 0 && i.lo.incl && i.hi.incl);
}

/* One end of a Maven range from *sp up to ',' or the closing bracket: a
 * version, or nothing (unbounded).  Returns 0, or -1 when unreadable. */
static int spec_end(const char *eco, const char **sp, struct bound *b)
{
	const char *s = *sp;
	size_t n = strcspn(s, ",])");
	while (n && ascii_is_space((unsigned char)s[n - 1]))
		n--;
	while (n && ascii_is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	b->set = n > 0;
	if (n >= sizeof(b->v))
		return -1;
	memcpy(b->v, s, n);
	b->v[n] = '\0';
	*sp = s + n + strspn(s + n, " \t");
	return n && !version_valid(eco, b->v) ? -1 : 0;
}

/* The next interval of a Maven range ("[1.0,2.0)", "(,1.5]", "[1.2]") from
 * *sp.  Returns 1 when one was read, 0 at the end, -1 when unreadable. */
static int spec_interval(const char *eco, const char **sp, struct interval *out)
{
	const char *s = *sp;
	while (range_space(*s))
		s++;
	if (!*s)
		return 0;
	if (*s != '[' && *s != '(')
		return -1;
	memset(out, 0, sizeof(*out));
	out->lo.incl = *s++ == '[';
	if (spec_end(eco, &s, &out->lo) < 0)
		return -1;
	if (*s == ',') {
		s++;
		if (spec_end(eco, &s, &out->hi) < 0)
			return -1;
	} else if (out->lo.set && *s == ']') {
		out->hi = out->lo; /* [1.2]: exactly 1.2 */
	} else {
		return -1;
	}
	if (*s != ']' && *s != ')')
		return -1;
	out->hi.incl = *s++ == ']';
	*sp = s;
	return 1;
}

/* The versions one alternative of a filter range allows, from *sp (left
 * at "||" or the end); "!=" narrows nothing.  Returns 0, or -1. */
static int range_interval(const char *eco, const char **sp, struct interval *out)
{
	char v[256];
	enum range_op op;
	int r;
	memset(out, 0, sizeof(*out));
	while ((r = comparator(eco, sp, &op, v, sizeof(v))) > 0) {
		if (op == OP_EQ || op == OP_GT || op == OP_GE)
			narrow(eco, &out->lo, v, op != OP_GT, 0);
		if (op == OP_EQ || op == OP_LT || op == OP_LE)
			narrow(eco, &out->hi, v, op != OP_LT, 1);
	}
	return r;
}

int version_spec_meets(const char *eco, const char *spec, const char *range)
{
	const char *s = range ? range : "";
	struct interval want[64], have;
	size_t n = 0;
	if (!spec || !*spec)
		return version_in_range(eco, "", range) < 0 ? -1 : 0;
	if (*spec != '[' && *spec != '(') /* a soft requirement: that version */
		return version_in_range(eco, spec, range);
	for (;;) {
		if (n == sizeof(want) / sizeof(*want) ||
		    range_interval(eco, &s, &want[n++]) < 0)
			return -1;
		if (!*s)
			break;
		if (s[0] != '|' || s[1] != '|')
			return -1;
		s += 2;
	}
	const char *p = spec;
	int r, meets = 0;
	while ((r = spec_interval(eco, &p, &have)) > 0) {
		if (have.lo.set && have.hi.set && have.lo.incl && have.hi.incl &&
		    version_compare(eco, have.lo.v, have.hi.v) == 0) {
			/* one version: "!=" counts too */
			meets |= version_in_range(eco, have.lo.v, range) == 1;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			meets |= overlap(eco, &have, &want[i]);
	}
	return r < 0 ? 0 : meets;
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
