#include "codeowners.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "val.h"
#include "yaml.h"

const char *const codeowners_locations[] = {
	".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
	".gitlab/CODEOWNERS", NULL
};

/* Returned for "no owners": a valid, empty array. */
static const char *const no_names[1] = { NULL };

int codeowners_location_rank(const char *path)
{
	for (int i = 0; codeowners_locations[i]; i++)
		if (strcmp(path, codeowners_locations[i]) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Small helpers: ASCII case, UTF-8 characters                          */
/* ------------------------------------------------------------------ */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int same_nocase(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Length in bytes of the character at s[0..n), n > 0: a well-formed UTF-8
 * sequence, or 1 for a byte that does not start one. */
static size_t u8_len(const unsigned char *s, size_t n)
{
	size_t len;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 1;
	if (len > n)
		return 1;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return len;
}

/* The code point of the character of len bytes at s (from u8_len).  A
 * stray byte maps to U+DC80..U+DCFF so that it equals no real character. */
static uint32_t u8_decode(const unsigned char *s, size_t len)
{
	switch (len) {
	case 2: return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	case 3: return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		       (s[2] & 0x3F);
	case 4: return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	default: return s[0] < 0x80 ? s[0] : 0xDC00u + s[0];
	}
}

/* ------------------------------------------------------------------ */
/* Compiled patterns                                                    */
/* ------------------------------------------------------------------ */

/* A pattern is a list of segments, one per path segment it matches, or
 * a globstar matching any number (zero or more) of path segments.  Inside
 * a segment, tokens match one byte (literals, compared bytewise so that a
 * UTF-8 literal matches itself), one character ('?', "[...]") or any run of
 * characters ('*'). */
enum tok_kind { TOK_BYTE, TOK_ONE, TOK_STAR, TOK_CLASS };

struct tok {
	unsigned char kind;
	unsigned char byte;    /* TOK_BYTE */
	unsigned char negate;  /* TOK_CLASS: "[!...]" or "[^...]" */
	size_t nranges;        /* TOK_CLASS: pairs lo, hi of code points */
	const uint32_t *ranges;
};

struct seg {
	int globstar;
	const struct tok *toks;
	size_t ntoks;
};

struct glob {
	const struct seg *segs;
	size_t nsegs;
};

static int tok_match(const struct tok *t, const unsigned char *s, size_t n,
		     size_t *adv)
{
	if (!n)
		return 0;
	if (t->kind == TOK_BYTE) {
		*adv = 1;
		return s[0] == t->byte;
	}
	*adv = u8_len(s, n);
	if (t->kind == TOK_ONE)
		return 1;
	uint32_t cp = u8_decode(s, *adv);
	int in = 0;
	for (size_t i = 0; i < t->nranges && !in; i++)
		in = cp >= t->ranges[2 * i] && cp <= t->ranges[2 * i + 1];
	return in != t->negate;
}

/* Does one path segment s[0..n) match the tokens of e?  Between two stars
 * the tokens each take exactly one character, so the leftmost place where
 * they fit is always good enough: on a mismatch only the last star grows,
 * by one character.  At most O(n * ntoks) steps. */
static int seg_match(const struct seg *e, const unsigned char *s, size_t n)
{
	size_t ti = 0, si = 0, star_t = SIZE_MAX, star_s = 0, adv = 0;
	while (si < n) {
		if (ti < e->ntoks && e->toks[ti].kind == TOK_STAR) {
			star_t = ti++;
			star_s = si;
		} else if (ti < e->ntoks && tok_match(&e->toks[ti], s + si, n - si, &adv)) {
			ti++;
			si += adv;
		} else if (star_t != SIZE_MAX) {
			star_s += u8_len(s + star_s, n - star_s);
			si = star_s;
			ti = star_t + 1;
		} else {
			return 0;
		}
	}
	while (ti < e->ntoks && e->toks[ti].kind == TOK_STAR)
		ti++;
	return ti == e->ntoks;
}

/* Does the whole of path[0..len) match g?  The same single backtrack
 * point as seg_match, one level up: a globstar is a star over segments and
 * a segment takes exactly one path segment.  At most O(segments of path *
 * segments of g) calls of seg_match. */
static int glob_match(const struct glob *g, const char *path, size_t len)
{
	const unsigned char *p = (const unsigned char *)path;
	const size_t end = SIZE_MAX;
	size_t pos = len ? 0 : end, ei = 0, star_e = SIZE_MAX, star_pos = 0;

	while (pos != end) {
		if (ei < g->nsegs && g->segs[ei].globstar) {
			star_e = ei++;
			star_pos = pos;
			continue;
		}
		const unsigned char *slash = memchr(p + pos, '/', len - pos);
		size_t seg_end = slash ? (size_t)(slash - p) : len;
		if (ei < g->nsegs && seg_match(&g->segs[ei], p + pos, seg_end - pos)) {
			ei++;
			pos = slash ? seg_end + 1 : end;
		} else if (star_e != SIZE_MAX) {
			slash = memchr(p + star_pos, '/', len - star_pos);
			star_pos = slash ? (size_t)(slash - p) + 1 : end;
			pos = star_pos;
			ei = star_e + 1;
		} else {
			return 0;
		}
	}
	while (ei < g->nsegs && g->segs[ei].globstar)
		ei++;
	return ei == g->nsegs;
}

/* ------------------------------------------------------------------ */
/* Parsing state and diagnostics                                        */
/* ------------------------------------------------------------------ */

struct rule {
	struct glob glob;
	const char *pattern;       /* as written, for reference */
	const char *const *owners;
	size_t nowners;
	int line;
};

struct section {
	struct codeowners_section pub;
	struct rule *rules;        /* in file order; the last match wins */
	size_t nrules, rules_cap;
	struct rule *excl;         /* GitLab "!pattern": any match wins */
	size_t nexcl, excl_cap;
};

struct codeowners {
	enum codeowners_dialect dialect;
	struct section *sects;
	size_t nsects, cap;
};

struct parser {
	struct arena *a;
	struct diag_list *d;
	const char *repo, *path;
	enum codeowners_dialect dialect;
	struct codeowners *co;
	int problems;
	int line;
	size_t cur;                       /* current section */
	const char *const *defaults;      /* owners of the current heading */
	size_t ndefaults;
};

static void problem(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct parser *p, const char *fmt, ...)
{
	p->problems++;
	if (!p->d)
		return;
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(p->d, DIAG_WARNING, DIAG_USER, p->repo, p->path, p->line, "%s",
		 msg.ptr);
	buf_release(&msg);
}

/* Text of s[0..n) for quoting in a diagnostic: at most 60 bytes, cut on a
 * character boundary, with "..." when shortened. */
struct quote {
	char s[72];
};

static struct quote quoted(const char *s, size_t n)
{
	struct quote q;
	size_t i = 0;
	while (i < n) {
		size_t l = u8_len((const unsigned char *)s + i, n - i);
		if (i + l > 60)
			break;
		i += l;
	}
	memcpy(q.s, s, i);
	if (i < n)
		memcpy(q.s + i, "...", 4);
	else
		q.s[i] = '\0';
	return q;
}

/* ------------------------------------------------------------------ */
/* Compiling a pattern                                                  */
/* ------------------------------------------------------------------ */

struct seg_list {
	struct seg *items;
	size_t len, cap;
};

static void push_seg(struct arena *a, struct seg_list *l, struct seg s)
{
	if (s.globstar && l->len && l->items[l->len - 1].globstar)
		return; /* "**" next to "**" adds nothing */
	ARENA_GROW(a, l->items, l->cap, l->len + 1);
	l->items[l->len++] = s;
}

static const struct tok star_tok = { .kind = TOK_STAR };
static const struct seg any_seg = { 0, &star_tok, 1 };   /* "*" */
static const struct seg globstar_seg = { 1, NULL, 0 };  /* "**" */

/* Reads one (possibly escaped) character of a class at s[*i], *i < n. */
static uint32_t class_char(const char *s, size_t n, size_t *i)
{
	if (s[*i] == '\\' && *i + 1 < n)
		(*i)++;
	size_t l = u8_len((const unsigned char *)s + *i, n - *i);
	uint32_t cp = u8_decode((const unsigned char *)s + *i, l);
	*i += l;
	return cp;
}

/* Tokens of one segment s[0..n) of the pattern raw.  Returns 0, or -1
 * after a diagnostic. */
static int compile_seg(struct parser *p, const char *raw, size_t rawlen,
		       const char *s, size_t n, struct seg *out)
{
	struct tok *toks = NULL;
	size_t ntoks = 0, cap = 0;

	for (size_t i = 0; i < n;) {
		struct tok t = { .kind = TOK_BYTE };
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			if (i + 1 == n) {
				problem(p, "pattern \"%s\" ends with a lone \"\\\": the line is ignored; "
					"remove it, or write \"\\\\\" for a backslash",
					quoted(raw, rawlen).s);
				return -1;
			}
			t.byte = (unsigned char)s[i + 1];
			i += 2;
		} else if (c == '*') {
			i++;
			if (ntoks && toks[ntoks - 1].kind == TOK_STAR)
				continue; /* "**" inside a segment is "*" */
			t.kind = TOK_STAR;
		} else if (c == '?') {
			t.kind = TOK_ONE;
			i++;
		} else if (c == '[') {
			if (p->dialect == CODEOWNERS_GITHUB) {
				problem(p, "pattern \"%s\" uses a \"[...]\" range, which GitHub "
					"CODEOWNERS does not support: the line is ignored; "
					"write one pattern per name, or \"\\[\" for a literal \"[\"",
					quoted(raw, rawlen).s);
				return -1;
			}
			size_t j = i + 1;
			uint32_t *ranges = NULL;
			size_t nr = 0, rcap = 0;
			t.kind = TOK_CLASS;
			if (j < n && (s[j] == '!' || s[j] == '^')) {
				t.negate = 1;
				j++;
			}
			for (int first = 1; j < n && (s[j] != ']' || first); first = 0) {
				uint32_t lo = class_char(s, n, &j), hi = lo;
				if (j + 1 < n && s[j] == '-' && s[j + 1] != ']') {
					j++;
					hi = class_char(s, n, &j);
				}
				ARENA_GROW(p->a, ranges, rcap, 2 * nr + 2);
				ranges[2 * nr] = lo;
				ranges[2 * nr + 1] = hi;
				nr++;
			}
			if (j >= n) {
				problem(p, "pattern \"%s\" has a \"[\" without its \"]\": the line "
					"is ignored; close the range, or write \"\\[\" for a literal \"[\"",
					quoted(raw, rawlen).s);
				return -1;
			}
			t.ranges = ranges;
			t.nranges = nr;
			i = j + 1;
		} else {
			t.byte = c;
			i++;
		}
		ARENA_GROW(p->a, toks, cap, ntoks + 1);
		toks[ntoks++] = t;
	}
	*out = (struct seg){ 0, toks, ntoks };
	return 0;
}

static int is_lone_star(const struct seg *s)
{
	return !s->globstar && s->ntoks == 1 && s->toks[0].kind == TOK_STAR;
}

/* Compiles the pattern raw[0..n) (escapes still in, no leading '!') for
 * the dialect of p.  Returns 0, or -1 after a diagnostic. */
static int compile(struct parser *p, const char *raw, size_t n, struct glob *out)
{
	struct seg_list segs = { 0 };
	int gitlab = p->dialect == CODEOWNERS_GITLAB;
	int lead = raw[0] == '/', trail = 0;
	size_t nparts = 0;

	/* split on unescaped '/', dropping empty parts */
	struct part {
		size_t off, len;
	} *parts = NULL;
	size_t parts_cap = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i + 1 < n && raw[i] == '\\') {
			i++; /* the escaped byte is never a separator */
			continue;
		}
		if (i < n && raw[i] != '/')
			continue;
		if (i > start) {
			ARENA_GROW(p->a, parts, parts_cap, nparts + 1);
			parts[nparts++] = (struct part){ start, i - start };
		}
		if (i == n - 1)
			trail = 1;
		start = i + 1;
	}

	int anchored = gitlab ? lead : lead || nparts > 1;
	if (!anchored)
		push_seg(p->a, &segs, globstar_seg);
	for (size_t k = 0; k < nparts; k++) {
		const char *s = raw + parts[k].off;
		size_t len = parts[k].len;
		int last = k + 1 == nparts;
		if (len == 2 && s[0] == '*' && s[1] == '*') {
			/* GitHub: "**" spans folders anywhere, and a last "**"
			 * owns what is inside its folder, not the folder.  GitLab
			 * (fnmatch): "**" spans folders only when a '/' follows,
			 * else it is "*". */
			if (!last || trail) {
				push_seg(p->a, &segs, globstar_seg);
				continue;
			}
			if (gitlab && (lead || nparts > 1))
				problem(p, "pattern \"%s\" matches only the files directly "
					"in its folder in GitLab: write \"%.*s/\" to own "
					"everything below it", quoted(raw, n).s,
					(int)(parts[k].off ? parts[k].off - 1 : 0), raw);
			push_seg(p->a, &segs, any_seg);
			if (!gitlab)
				push_seg(p->a, &segs, globstar_seg);
			continue;
		}
		struct seg sg;
		if (compile_seg(p, raw, n, s, len, &sg) < 0)
			return -1;
		push_seg(p->a, &segs, sg);
	}

	if (trail || !nparts) {
		/* a folder: everything below it (no parts: the root) */
		push_seg(p->a, &segs, any_seg);
		push_seg(p->a, &segs, globstar_seg);
	} else if (!gitlab && !is_lone_star(&segs.items[segs.len - 1])) {
		/* GitHub: a match may be a folder, owning what is below it */
		push_seg(p->a, &segs, globstar_seg);
	}
	out->segs = segs.items;
	out->nsegs = segs.len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Path patterns (paths: in cairn.yaml)                                 */
/* ------------------------------------------------------------------ */

struct codeowners_path_glob {
	struct glob *alts; /* one per alternative of a "{a,b}" */
	size_t nalts;
};

/* Compiles one alternative (no braces left) into *out; a message in err on
 * failure. */
static int path_alt(struct arena *a, const char *s, size_t n, struct glob *out,
		    struct buf *err)
{
	struct seg_list segs = { 0 };
	struct diag_list d;
	struct parser p;
	int rc = -1;

	diag_init(&d);
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.d = &d;
	p.dialect = CODEOWNERS_GITLAB; /* "[...]" ranges are allowed */
	if (n && s[0] == '/')
		s++, n--;
	if (!n) {
		buf_puts(err, "it is empty");
		goto cleanup;
	}
	for (size_t start = 0, i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		const char *part = s + start;
		size_t len = i - start;
		start = i + 1;
		if (!len) {
			buf_puts(err, i == n ? "it ends with \"/\": name files, e.g. \"dir/**/*.md\""
					     : "it has an empty folder name (\"//\")");
			goto cleanup;
		}
		if ((len == 1 && part[0] == '.') || (len == 2 && !memcmp(part, "..", 2))) {
			buf_puts(err, "it has a \".\" or \"..\" folder: patterns are relative to the repository's root");
			goto cleanup;
		}
		if (len == 2 && !memcmp(part, "**", 2)) {
			push_seg(a, &segs, globstar_seg);
			continue;
		}
		struct seg sg;
		if (compile_seg(&p, s, n, part, len, &sg) < 0) {
			/* the CODEOWNERS wording, without its "line is ignored" */
			const char *m = d.len ? d.items[0].msg : "it is not a valid pattern";
			const char *cut = strstr(m, ": the line is ignored");
			if (cut) {
				buf_put(err, m, (size_t)(cut - m));
				buf_puts(err, cut + strlen(": the line is ignored"));
			} else {
				buf_puts(err, m);
			}
			goto cleanup;
		}
		push_seg(a, &segs, sg);
	}
	if (segs.len && segs.items[segs.len - 1].globstar) {
		/* a last "**": everything below its folder */
		push_seg(a, &segs, any_seg);
		push_seg(a, &segs, globstar_seg);
	}
	out->segs = segs.items;
	out->nsegs = segs.len;
	rc = 0;

cleanup:
	diag_release(&d);
	return rc;
}

int codeowners_path_glob(struct codeowners_path_glob **out, struct arena *a,
			 const char *pattern, struct buf *err)
{
	struct codeowners_path_glob *g = arena_alloc(a, sizeof(*g));
	size_t n = strlen(pattern);
	const char *open = memchr(pattern, '{', n);
	const char *close = open ? memchr(open, '}', n - (size_t)(open - pattern)) : NULL;

	*out = NULL;
	if (n > CODEOWNERS_MAX_PATTERN) {
		buf_printf(err, "it is longer than %d bytes", CODEOWNERS_MAX_PATTERN);
		return -1;
	}
	if ((open && !close) || (!open && memchr(pattern, '}', n)) ||
	    (open && (memchr(open + 1, '{', (size_t)(close - open - 1)) ||
		      memchr(close + 1, '{', n - (size_t)(close + 1 - pattern))))) {
		buf_puts(err, "its braces do not pair: write one \"{a,b}\" list at most");
		return -1;
	}
	size_t nalts = 1;
	for (const char *c = open; c && c < close; c++)
		nalts += *c == ',';
	g->alts = arena_alloc(a, nalts * sizeof(*g->alts));
	g->nalts = 0;
	for (const char *alt = open ? open + 1 : NULL;; ) {
		struct buf one = BUF_INIT;
		size_t alen = 0;
		if (open) {
			alen = strcspn(alt, ",}");
			buf_put(&one, pattern, (size_t)(open - pattern));
			buf_put(&one, alt, alen);
			buf_puts(&one, close + 1);
		} else {
			buf_puts(&one, pattern);
		}
		int rc = path_alt(a, one.ptr, one.len, &g->alts[g->nalts], err);
		buf_release(&one);
		if (rc < 0)
			return -1;
		g->nalts++;
		if (!open || alt + alen >= close)
			break;
		alt += alen + 1;
	}
	*out = g;
	return 0;
}

int codeowners_path_match(const struct codeowners_path_glob *g, const char *path)
{
	size_t len = strlen(path);
	for (size_t i = 0; i < g->nalts; i++)
		if (glob_match(&g->alts[i], path, len))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Owners                                                               */
/* ------------------------------------------------------------------ */

static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* "name" or "name/name/...": at most maxparts parts, none empty. */
static int names_ok(const char *s, size_t n, size_t maxparts)
{
	size_t parts = 1, partlen = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/') {
			if (!partlen)
				return 0;
			parts++;
			partlen = 0;
		} else if (name_char((unsigned char)s[i])) {
			partlen++;
		} else {
			return 0;
		}
	}
	return partlen > 0 && parts <= maxparts;
}

static int email_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	if (!at || at == s)
		return 0;
	for (const char *q = s; q < at; q++)
		if ((unsigned char)*q <= ' ' || *q == '#' || *q == '/' || *q == 0x7f)
			return 0;
	const char *dom = at + 1, *end = s + n;
	size_t label = 0, dots = 0;
	for (const char *q = dom; q < end; q++) {
		if (*q == '.') {
			if (!label)
				return 0;
			dots++;
			label = 0;
		} else if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			   (*q >= '0' && *q <= '9') || *q == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return dots > 0 && label > 0;
}

static int role_ok(const char *s, size_t n)
{
	static const char *const roles[] = {
		"developer", "developers", "maintainer", "maintainers",
		"owner", "owners", NULL
	};
	for (int i = 0; roles[i]; i++)
		if (same_nocase(s, n, roles[i], strlen(roles[i])))
			return 1;
	return 0;
}

/* Is s[0..n) an owner in the dialect of p?  When not, and quiet is 0,
 * says why. */
static int owner_ok(struct parser *p, const char *s, size_t n, int quiet)
{
	int gitlab = p->dialect == CODEOWNERS_GITLAB;
	struct quote q = quoted(s, n);

	if (n >= 2 && s[0] == '@' && s[1] == '@') {
		if (gitlab && role_ok(s + 2, n - 2))
			return 1;
		if (quiet)
			return 0;
		if (gitlab)
			problem(p, "owner \"%s\" is not a GitLab role: it is ignored; write "
				"@@developer, @@maintainer or @@owner", q.s);
		else
			problem(p, "owner \"%s\" is a GitLab role, which GitHub does not "
				"support: it is ignored; write @user or @org/team", q.s);
		return 0;
	}
	if (n >= 1 && s[0] == '@') {
		if (names_ok(s + 1, n - 1, gitlab ? SIZE_MAX : 2))
			return 1;
		if (quiet)
			return 0;
		if (!gitlab && names_ok(s + 1, n - 1, SIZE_MAX))
			problem(p, "owner \"%s\" is not a GitHub team: it is ignored; write "
				"@org/team-name", q.s);
		else
			problem(p, "owner \"%s\" is not a valid name: it is ignored; names "
				"hold letters, digits, '-', '_' and '.'", q.s);
		return 0;
	}
	if (email_ok(s, n))
		return 1;
	if (quiet)
		return 0;
	if (names_ok(s, n, SIZE_MAX))
		problem(p, "owner \"%s\" lacks its '@': it is ignored; write \"@%s\"",
			q.s, q.s);
	else
		problem(p, "owner \"%s\" is not a user, team or e-mail address: it is "
			"ignored; write @user, %s or name@example.com", q.s,
			gitlab ? "@group/subgroup, @@role" : "@org/team");
	return 0;
}

/* Next whitespace-separated token of line[0..n) from *i; a backslash
 * keeps the next byte in the token.  Returns 0 at the end of the line. */
static int next_token(const char *line, size_t n, size_t *i, const char **tok,
		      size_t *len)
{
	size_t j = *i;
	while (j < n && is_blank((unsigned char)line[j]))
		j++;
	if (j == n) {
		*i = j;
		return 0;
	}
	size_t k = j;
	while (k < n && !is_blank((unsigned char)line[k]))
		k += line[k] == '\\' && k + 1 < n ? 2 : 1;
	*tok = line + j;
	*len = k - j;
	*i = k;
	return 1;
}

/* Reads the owners from line[*i..n) into an arena array.  *given is set
 * to whether any owner (valid or not) was written. */
static void read_owners(struct parser *p, const char *line, size_t n, size_t i,
			const char *const **out, size_t *nout, int *given)
{
	const char **owners = NULL;
	size_t cap = 0, count = 0;
	const char *tok;
	size_t len;
	int comment = 0;

	*given = 0;
	while (next_token(line, n, &i, &tok, &len)) {
		if (tok[0] == '#' && !comment) {
			if (p->dialect == CODEOWNERS_GITHUB)
				break;
			problem(p, "inline comment \"%s\" is not supported by GitLab, which "
				"still reads owners written in it: move the comment to a line "
				"of its own", quoted(tok, (size_t)(line + n - tok)).s);
			comment = 1;
			continue;
		}
		if (!comment)
			*given = 1;
		if (!owner_ok(p, tok, len, comment))
			continue;
		int dup = 0;
		for (size_t k = 0; k < count && !dup; k++)
			dup = same_nocase(owners[k], strlen(owners[k]), tok, len);
		if (dup)
			continue;
		ARENA_GROW(p->a, owners, cap, count + 1);
		owners[count++] = arena_strndup(p->a, tok, len);
	}
	*out = count ? (const char *const *)owners : no_names;
	*nout = count;
}

/* ------------------------------------------------------------------ */
/* Sections and lines                                                   */
/* ------------------------------------------------------------------ */

enum heading_kind {
	HEADING_NONE,      /* not a heading: an entry (e.g. "[ab].js @x") */
	HEADING_OK,
	HEADING_UNCLOSED,  /* "[Name" */
	HEADING_NONAME,    /* "[]" */
	HEADING_BADCOUNT   /* "[Name][x]" */
};

struct heading {
	int optional;
	const char *name;
	size_t name_len;
	int approvals;     /* 0 when written as 0 or empty */
	const char *count; /* the count as written, for HEADING_BADCOUNT */
	size_t count_len;
	size_t rest;       /* offset of what follows the heading */
};

/* Reads a GitLab section heading: "^"? "[" name "]" ("[" digits "]")?
 * then blanks or the end of the line. */
static enum heading_kind read_heading(const char *s, size_t n, struct heading *h)
{
	size_t i = 0;
	memset(h, 0, sizeof(*h));
	h->approvals = 1;
	if (i < n && s[i] == '^') {
		h->optional = 1;
		i++;
	}
	if (i >= n || s[i] != '[')
		return HEADING_NONE;
	const char *close = memchr(s + i + 1, ']', n - i - 1);
	if (!close)
		return HEADING_UNCLOSED;
	h->name = s + i + 1;
	h->name_len = (size_t)(close - h->name);
	i = (size_t)(close - s) + 1;
	if (i < n && s[i] == '[') {
		const char *c2 = memchr(s + i + 1, ']', n - i - 1);
		if (!c2)
			return HEADING_NONE;
		h->count = s + i + 1;
		h->count_len = (size_t)(c2 - h->count);
		i = (size_t)(c2 - s) + 1;
		if (i < n && !is_blank((unsigned char)s[i]))
			return HEADING_NONE;
		long v = 0;
		for (size_t k = 0; k < h->count_len; k++) {
			if (h->count[k] < '0' || h->count[k] > '9')
				return HEADING_BADCOUNT;
			if (v < 1000000)
				v = v * 10 + (h->count[k] - '0');
		}
		h->approvals = (int)v;
	}
	if (i < n && !is_blank((unsigned char)s[i]))
		return HEADING_NONE;
	h->rest = i;
	return h->name_len ? HEADING_OK : HEADING_NONAME;
}

static size_t add_section(struct parser *p, const char *name, size_t len, int line)
{
	struct codeowners *co = p->co;
	ARENA_GROW(p->a, co->sects, co->cap, co->nsects + 1);
	struct section *s = &co->sects[co->nsects];
	memset(s, 0, sizeof(*s));
	s->pub.name = arena_strndup(p->a, name, len);
	s->pub.line = line;
	s->pub.approvals = 1;
	s->pub.default_owners = no_names;
	return co->nsects++;
}

static void heading_line(struct parser *p, const char *line, size_t n,
			 const struct heading *h)
{
	struct codeowners *co = p->co;
	size_t i;
	for (i = 0; i < co->nsects; i++)
		if (co->sects[i].pub.line &&
		    same_nocase(co->sects[i].pub.name, strlen(co->sects[i].pub.name),
				h->name, h->name_len))
			break;
	int fresh = i == co->nsects;
	if (fresh)
		i = add_section(p, h->name, h->name_len, p->line);
	struct codeowners_section *s = &co->sects[i].pub;

	int approvals = h->approvals;
	if (approvals < 1) {
		problem(p, "section \"%s\" asks for \"%s\" approvals, and GitLab "
			"requires at least 1: it counts as 1; write [1] or more",
			quoted(h->name, h->name_len).s, quoted(h->count, h->count_len).s);
		approvals = 1;
	}
	/* duplicates merge; the strictest wins */
	s->optional = fresh ? h->optional : s->optional && h->optional;
	if (approvals > s->approvals)
		s->approvals = approvals;

	int given;
	read_owners(p, line, n, h->rest, &p->defaults, &p->ndefaults, &given);
	if (p->ndefaults && !s->ndefault_owners) {
		s->default_owners = p->defaults;
		s->ndefault_owners = p->ndefaults;
	}
	p->cur = i;
}

static void add_rule(struct parser *p, struct rule r, int exclude)
{
	struct section *s = &p->co->sects[p->cur];
	if (exclude) {
		ARENA_GROW(p->a, s->excl, s->excl_cap, s->nexcl + 1);
		s->excl[s->nexcl++] = r;
	} else {
		ARENA_GROW(p->a, s->rules, s->rules_cap, s->nrules + 1);
		s->rules[s->nrules++] = r;
	}
}

static void entry_line(struct parser *p, const char *line, size_t n)
{
	const char *raw;
	size_t len, i = 0;
	int exclude = 0;
	struct rule r = { .line = p->line };

	next_token(line, n, &i, &raw, &len);
	struct quote q = quoted(raw, len);
	if (raw[0] == '!') {
		if (p->dialect == CODEOWNERS_GITHUB) {
			problem(p, "pattern \"%s\" negates with \"!\", which GitHub "
				"CODEOWNERS does not support: the line is ignored; name the "
				"paths to own instead, or write \"\\!\" for a literal \"!\"", q.s);
			return;
		}
		exclude = 1;
		raw++;
		len--;
		if (!len) {
			problem(p, "exclusion \"!\" names no path: the line is ignored; "
				"write \"!path\"");
			return;
		}
	}
	if (p->dialect == CODEOWNERS_GITHUB && len >= 2 && raw[0] == '\\' &&
	    raw[1] == '#') {
		problem(p, "pattern \"%s\" escapes '#', which GitHub CODEOWNERS does "
			"not support: the line is ignored; write \"**/%.*s\" instead",
			q.s, (int)(len - 1 > 60 ? 60 : len - 1), raw + 1);
		return;
	}
	if (len > CODEOWNERS_MAX_PATTERN) {
		problem(p, "pattern \"%s\" is %zu bytes, over the %d-byte limit: the "
			"line is ignored; use a shorter pattern", q.s, len,
			CODEOWNERS_MAX_PATTERN);
		return;
	}
	if (compile(p, raw, len, &r.glob) < 0)
		return;
	r.pattern = arena_strndup(p->a, raw, len);

	int given;
	read_owners(p, line, n, i, &r.owners, &r.nowners, &given);
	if (exclude && given) {
		problem(p, "exclusion \"%s\" lists owners, which exclusions do not "
			"take: they are ignored; remove them", q.s);
		r.owners = no_names;
		r.nowners = 0;
	} else if (!exclude && !given && p->dialect == CODEOWNERS_GITLAB) {
		if (p->ndefaults) {
			r.owners = p->defaults;
			r.nowners = p->ndefaults;
		} else {
			problem(p, "pattern \"%s\" has no owners, so GitLab approves its "
				"files without review: add owners after the pattern or on "
				"the section heading", q.s);
		}
	}
	add_rule(p, r, exclude);
}

/* Calls fn for each line of text (without its line break or a final
 * '\r'), numbering from 1; a UTF-8 byte order mark is skipped. */
static void each_line(const char *text, size_t len,
		      void (*fn)(const char *line, size_t n, int lineno, void *u),
		      void *u)
{
	size_t i = 0;
	int lineno = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t n = e - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		fn(text + i, n, lineno++, u);
		i = e + 1;
	}
}

/* Leading blanks off line; returns the new length. */
static size_t skip_blanks(const char **line, size_t n)
{
	while (n && is_blank((unsigned char)**line)) {
		(*line)++;
		n--;
	}
	return n;
}

/* Is line[0..n) a GitLab-only line: a section heading, or an entry naming
 * an owner only GitLab has (a nested group "@group/sub/team", a role
 * "@@maintainer")? */
static void sniff_line(const char *line, size_t n, int lineno, void *u)
{
	struct heading h;
	const char *tok;
	size_t len, i = 0;
	(void)lineno;
	n = skip_blanks(&line, n);
	if (!n || line[0] == '#')
		return;
	if (read_heading(line, n, &h) == HEADING_OK) {
		*(int *)u = 1;
		return;
	}
	if (!next_token(line, n, &i, &tok, &len))
		return; /* the pattern */
	while (next_token(line, n, &i, &tok, &len) && tok[0] != '#') {
		size_t slashes = 0;
		for (size_t k = 0; k < len; k++)
			slashes += tok[k] == '/';
		if (len > 2 && tok[0] == '@' && (tok[1] == '@' || slashes >= 2))
			*(int *)u = 1;
	}
}

static void parse_line(const char *line, size_t n, int lineno, void *u)
{
	struct parser *p = u;
	struct heading h;

	p->line = lineno;
	n = skip_blanks(&line, n);
	if (!n || line[0] == '#')
		return;
	if (line[0] == '[' || (line[0] == '^' && n > 1 && line[1] == '[')) {
		enum heading_kind k = read_heading(line, n, &h);
		struct quote q = quoted(line, h.rest && k == HEADING_OK ? h.rest : n);
		if (p->dialect == CODEOWNERS_GITHUB) {
			if (k == HEADING_OK) {
				problem(p, "section heading \"%s\" is a GitLab feature that "
					"GitHub ignores: the line is ignored; remove it, or move "
					"the file to .gitlab/CODEOWNERS", q.s);
				return;
			}
		} else if (k == HEADING_OK) {
			heading_line(p, line, n, &h);
			return;
		} else if (k == HEADING_UNCLOSED) {
			problem(p, "section heading \"%s\" lacks its closing \"]\": the "
				"line is ignored; write \"[Name]\"", q.s);
			return;
		} else if (k == HEADING_NONAME) {
			problem(p, "section heading \"%s\" has no name: the line is "
				"ignored; write a name between the brackets", q.s);
			return;
		} else if (k == HEADING_BADCOUNT) {
			problem(p, "section heading \"%s\" asks for \"%s\" approvals, "
				"which is not a number: the line is ignored; write a count "
				"such as [2]", q.s, quoted(h.count, h.count_len).s);
			return;
		}
	}
	entry_line(p, line, n);
}

int codeowners_parse(struct codeowners **out, struct arena *a,
		     const char *text, size_t len,
		     enum codeowners_dialect dialect, const char *repo,
		     const char *path, struct diag_list *d)
{
	struct codeowners *co = arena_alloc(a, sizeof(*co));
	struct parser p = {
		.a = a, .d = d, .repo = repo, .path = path, .co = co,
		.defaults = no_names,
	};

	if (dialect == CODEOWNERS_AUTO) {
		int sections = 0;
		if (path && strncmp(path, ".gitlab/", 8) == 0)
			dialect = CODEOWNERS_GITLAB;
		else if (path && strncmp(path, ".github/", 8) == 0)
			dialect = CODEOWNERS_GITHUB;
		else {
			each_line(text, len, sniff_line, &sections);
			dialect = sections ? CODEOWNERS_GITLAB : CODEOWNERS_GITHUB;
		}
	}
	co->dialect = p.dialect = dialect;
	add_section(&p, "", 0, 0);

	each_line(text, len, parse_line, &p);

	/* a GitLab file that starts with a heading has no unnamed section */
	if (co->nsects > 1 && !co->sects[0].nrules && !co->sects[0].nexcl) {
		co->sects++;
		co->nsects--;
		co->cap--;
	}
	*out = co;
	return p.problems;
}

enum codeowners_dialect codeowners_dialect_of(const struct codeowners *co)
{
	return co->dialect;
}

size_t codeowners_nsections(const struct codeowners *co)
{
	return co->nsects;
}

const struct codeowners_section *codeowners_section(const struct codeowners *co,
						     size_t i)
{
	return &co->sects[i].pub;
}

int codeowners_section_owners_of(const struct codeowners *co, size_t i,
				 const char *file, const char *const **owners,
				 size_t *n)
{
	const struct section *s = &co->sects[i];
	while (*file == '/')
		file++;
	size_t len = strlen(file);

	*owners = no_names;
	*n = 0;
	for (size_t k = 0; k < s->nexcl; k++)
		if (glob_match(&s->excl[k].glob, file, len))
			return s->excl[k].line;
	for (size_t k = s->nrules; k-- > 0;) {
		if (glob_match(&s->rules[k].glob, file, len)) {
			*owners = s->rules[k].owners;
			*n = s->rules[k].nowners;
			return s->rules[k].line;
		}
	}
	return 0;
}

/* Appends the names not yet in (*list)[0..*n) to an arena array. */
static void add_names(struct arena *a, const char ***list, size_t *n,
		      size_t *cap, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(names[i]);
		int dup = 0;
		for (size_t k = 0; k < *n && !dup; k++)
			dup = same_nocase((*list)[k], strlen((*list)[k]), names[i], len);
		if (dup)
			continue;
		ARENA_GROW(a, *list, *cap, *n + 1);
		(*list)[(*n)++] = names[i];
	}
}

int codeowners_owners_of(const struct codeowners *co, struct arena *a,
			 const char *file, const char *const **owners,
			 size_t *n)
{
	const char **all = NULL;
	size_t nall = 0, cap = 0, deciders = 0;
	int line = 0;

	*owners = no_names;
	*n = 0;
	for (size_t i = 0; i < co->nsects; i++) {
		const char *const *o;
		size_t no;
		int l = codeowners_section_owners_of(co, i, file, &o, &no);
		if (l && !line)
			line = l;
		if (!no)
			continue;
		if (!deciders++) {
			*owners = o;
			*n = no;
		}
		add_names(a, &all, &nall, &cap, o, no);
	}
	if (deciders > 1) {
		*owners = (const char *const *)all;
		*n = nall;
	}
	return line;
}

/* Is pattern one that owns every file of the repository? */
static int owns_everything(const char *pattern)
{
	static const char *const all[] = { "*", "**", "/**", "**/*", "/**/*", NULL };
	for (int i = 0; all[i]; i++)
		if (strcmp(pattern, all[i]) == 0)
			return 1;
	return 0;
}

size_t codeowners_default_owners(const struct codeowners *co, struct arena *a,
				 const char *const **owners)
{
	const char **all = NULL;
	size_t nall = 0, cap = 0;

	for (size_t i = 0; i < co->nsects; i++) {
		const struct section *sec = &co->sects[i];
		const struct rule *last = NULL;
		for (size_t k = 0; k < sec->nrules; k++)
			if (owns_everything(sec->rules[k].pattern))
				last = &sec->rules[k];
		if (last)
			add_names(a, &all, &nall, &cap, last->owners, last->nowners);
	}
	*owners = nall ? (const char *const *)all : no_names;
	return nall;
}

/* ------------------------------------------------------------------ */
/* Kubernetes-style OWNERS files                                        */
/* ------------------------------------------------------------------ */

struct owners_file {
	const char *dir;
	size_t dir_len;
	int no_parent_owners;
	const char **approvers, **reviewers, **labels;
	size_t napprovers, nreviewers, nlabels;
	size_t approvers_cap, reviewers_cap, labels_cap;
};

static uint64_t hash_dir(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void owners_tree_init(struct owners_tree *t, struct arena *a)
{
	t->a = a;
	t->slots = NULL;
	t->cap = t->len = 0;
}

static struct owners_file *const *find_slot(const struct owners_tree *t,
					    const char *dir, size_t n)
{
	if (!t->cap)
		return NULL;
	size_t mask = t->cap - 1;
	for (size_t i = hash_dir(dir, n) & mask;; i = (i + 1) & mask) {
		struct owners_file *const *slot = &t->slots[i];
		if (!*slot || ((*slot)->dir_len == n && memcmp((*slot)->dir, dir, n) == 0))
			return slot;
	}
}

static void put_file(struct owners_tree *t, struct owners_file *f)
{
	if ((t->len + 1) * 4 > t->cap * 3) {
		size_t old = t->cap;
		struct owners_file **slots = t->slots;
		t->cap = old ? old * 2 : 16;
		t->slots = arena_alloc(t->a, t->cap * sizeof(*t->slots));
		t->len = 0;
		for (size_t i = 0; i < old; i++)
			if (slots[i])
				put_file(t, slots[i]);
	}
	struct owners_file **slot =
		(struct owners_file **)find_slot(t, f->dir, f->dir_len);
	if (!*slot)
		t->len++;
	*slot = f;
}

struct owners_parser {
	struct parser p; /* for problem() */
	struct owners_file *f;
};

static void set_line(struct owners_parser *op, const struct val *v, int fallback)
{
	op->p.line = v && v->line ? v->line : fallback;
}

/* Appends the names of the list v (key names it) to *list. */
static void read_names(struct owners_parser *op, const char *key, int key_line,
		       const struct val *v, const char ***list, size_t *n,
		       size_t *cap)
{
	struct buf text = BUF_INIT;
	if (v->type == VAL_NULL)
		return;
	if (v->type != VAL_LIST) {
		set_line(op, v, key_line);
		problem(&op->p, "\"%s\" is not a list: it is ignored; write one name "
			"per line as \"- name\"", key);
		return;
	}
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *item = v->u.list.items[i];
		buf_clear(&text);
		if (val_scalar_text(&text, item) < 0 || !text.len ||
		    memchr(text.ptr, ' ', text.len)) {
			set_line(op, item, key_line);
			problem(&op->p, "item %zu of \"%s\" is not a name: it is ignored; "
				"write a user name or an alias", i + 1, key);
			continue;
		}
		const char *name = arena_strndup(op->p.a, text.ptr, text.len);
		add_names(op->p.a, list, n, cap, &name, 1);
	}
	buf_release(&text);
}

/* Reads the keys of a simple OWNERS configuration from map m (top: the
 * file itself, where options and filters may be too).  Returns 1 when it
 * had approvers, reviewers or labels. */
static int read_simple(struct owners_parser *op, const struct val *m,
		       int top)
{
	static const char *const ignored[] = {
		"emeritus_approvers", "emeritus_reviewers", "required_reviewers",
		"security_contacts", NULL
	};
	struct owners_file *f = op->f;
	int seen = 0;

	for (size_t i = 0; i < m->u.map.len; i++) {
		const char *key = m->u.map.pairs[i].key;
		const struct val *v = m->u.map.pairs[i].val;
		int known = 0;
		if (strcmp(key, "approvers") == 0) {
			read_names(op, key, m->line, v, &f->approvers, &f->napprovers,
				   &f->approvers_cap);
			seen = known = 1;
		} else if (strcmp(key, "reviewers") == 0) {
			read_names(op, key, m->line, v, &f->reviewers, &f->nreviewers,
				   &f->reviewers_cap);
			seen = known = 1;
		} else if (strcmp(key, "labels") == 0) {
			read_names(op, key, m->line, v, &f->labels, &f->nlabels,
				   &f->labels_cap);
			seen = known = 1;
		} else if (top && (strcmp(key, "options") == 0 ||
				   strcmp(key, "filters") == 0)) {
			known = 1; /* read by the caller */
		}
		for (int k = 0; ignored[k] && !known; k++)
			known = strcmp(key, ignored[k]) == 0;
		if (!known) {
			set_line(op, v, m->line);
			problem(&op->p, "key \"%s\" is not an OWNERS key: it is ignored; "
				"use approvers, reviewers, labels%s", key,
				top ? ", options or filters" : "");
		}
	}
	return seen;
}

static void read_options(struct owners_parser *op, const struct val *v, int line)
{
	if (v->type == VAL_NULL)
		return;
	if (v->type != VAL_MAP) {
		set_line(op, v, line);
		problem(&op->p, "\"options\" is not a mapping: it is ignored; write "
			"\"options: {no_parent_owners: true}\"");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const char *key = v->u.map.pairs[i].key;
		const struct val *o = v->u.map.pairs[i].val;
		set_line(op, o, v->line);
		if (strcmp(key, "no_parent_owners") != 0)
			problem(&op->p, "option \"%s\" is not an OWNERS option: it is "
				"ignored; the only one is no_parent_owners", key);
		else if (o->type != VAL_BOOL)
			problem(&op->p, "option \"no_parent_owners\" is not true or false: "
				"it is ignored; write \"no_parent_owners: true\"");
		else
			op->f->no_parent_owners = o->u.b;
	}
}

static void read_filters(struct owners_parser *op, const struct val *v, int line)
{
	if (v->type == VAL_NULL)
		return;
	if (v->type != VAL_MAP) {
		set_line(op, v, line);
		problem(&op->p, "\"filters\" is not a mapping: it is ignored; map "
			"\".*\" to approvers and reviewers");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const char *key = v->u.map.pairs[i].key;
		const struct val *cfg = v->u.map.pairs[i].val;
		set_line(op, cfg, v->line);
		if (strcmp(key, ".*") != 0) {
			problem(&op->p, "filter \"%s\" is not supported by cairn, which "
				"reads only \".*\": it is ignored", key);
		} else if (cfg->type == VAL_MAP) {
			read_simple(op, cfg, 0);
		} else if (cfg->type != VAL_NULL) {
			problem(&op->p, "filter \".*\" is not a mapping: it is ignored; "
				"give it approvers and reviewers");
		}
	}
}

int owners_tree_add(struct owners_tree *t, const char *path, const char *text,
		    size_t len, const char *repo, struct diag_list *d)
{
	struct owners_parser op = {
		.p = { .a = t->a, .d = d, .repo = repo, .path = path },
	};
	struct yaml_error err;
	struct val *doc = NULL;

	const char *file = path;
	while (*file == '/')
		file++;
	const char *slash = strrchr(file, '/');
	size_t dir_len = slash ? (size_t)(slash - file) : 0;

	if (yaml_parse(&doc, t->a, text, len, &err) < 0) {
		op.p.line = err.line;
		problem(&op.p, "OWNERS file is not valid YAML (%s): the file is "
			"ignored; fix the YAML", err.msg);
		return op.p.problems;
	}
	if (doc->type != VAL_MAP && doc->type != VAL_NULL) {
		op.p.line = doc->line;
		problem(&op.p, "OWNERS file is a %s, not a mapping: the file is "
			"ignored; write keys such as \"approvers:\"",
			val_type_name(doc->type));
		return op.p.problems;
	}

	struct owners_file *f = arena_alloc(t->a, sizeof(*f));
	f->dir = arena_strndup(t->a, file, dir_len);
	f->dir_len = dir_len;
	op.f = f;
	if (doc->type == VAL_MAP) {
		int seen = read_simple(&op, doc, 1);
		const struct val *v;
		if ((v = val_get(doc, "options")))
			read_options(&op, v, doc->line);
		if ((v = val_get(doc, "filters"))) {
			read_filters(&op, v, doc->line);
			if (seen) {
				set_line(&op, v, doc->line);
				problem(&op.p, "\"filters\" and approvers, reviewers or "
					"labels are both set, which OWNERS files do not allow: "
					"both are read; move the others under filters \".*\"");
			}
		}
	}
	put_file(t, f);
	return op.p.problems;
}

void owners_tree_lookup(const struct owners_tree *t, struct arena *a,
			const char *file, struct owners_result *out)
{
	const char **approvers = NULL, **reviewers = NULL, **labels = NULL;
	size_t ncap[3] = { 0, 0, 0 };

	memset(out, 0, sizeof(*out));
	while (*file == '/')
		file++;
	const char *slash = strrchr(file, '/');
	size_t dir_len = slash ? (size_t)(slash - file) : 0;

	for (;;) {
		struct owners_file *const *slot = find_slot(t, file, dir_len);
		const struct owners_file *f = slot ? *slot : NULL;
		if (f) {
			if (!out->dir)
				out->dir = f->dir;
			add_names(a, &approvers, &out->napprovers, &ncap[0],
				  f->approvers, f->napprovers);
			add_names(a, &reviewers, &out->nreviewers, &ncap[1],
				  f->reviewers, f->nreviewers);
			add_names(a, &labels, &out->nlabels, &ncap[2], f->labels,
				  f->nlabels);
			if (f->no_parent_owners)
				break;
		}
		if (!dir_len)
			break;
		while (dir_len && file[dir_len - 1] != '/')
			dir_len--;
		if (dir_len)
			dir_len--; /* drop the '/' */
	}
	out->approvers = approvers ? (const char *const *)approvers : no_names;
	out->reviewers = reviewers ? (const char *const *)reviewers : no_names;
	out->labels = labels ? (const char *const *)labels : no_names;
}
