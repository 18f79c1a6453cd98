#include "codeowners_glob.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"

/* ------------------------------------------------------------------ */
/* UTF-8 characters                                                     */
/* ------------------------------------------------------------------ */

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
	case 3:
		return (uint32_t)(s[0] & 0x0F) << 12 |
		       (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	case 4:
		return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	default: return s[0] < 0x80 ? s[0] : 0xDC00u + s[0];
	}
}

struct quote codeowners_quoted(const char *s, size_t n)
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
/* Matching                                                             */
/* ------------------------------------------------------------------ */

static int tok_match(const struct tok *t, const unsigned char *s, size_t n, size_t *adv)
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
		} else if (ti < e->ntoks &&
			   tok_match(&e->toks[ti], s + si, n - si, &adv)) {
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
int codeowners_glob_match(const struct glob *g, const char *path, size_t len)
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
static const struct seg any_seg = { 0, &star_tok, 1 }; /* "*" */
static const struct seg globstar_seg = { 1, NULL, 0 }; /* "**" */

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
				codeowners_problem(
					p,
					"pattern \"%s\" ends with a lone \"\\\": the line is ignored; "
					"remove it, or write \"\\\\\" for a backslash",
					codeowners_quoted(raw, rawlen).s);
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
				codeowners_problem(
					p,
					"pattern \"%s\" uses a \"[...]\" range, which GitHub "
					"CODEOWNERS does not support: the line is ignored; "
					"write one pattern per name, or \"\\[\" for a literal \"[\"",
					codeowners_quoted(raw, rawlen).s);
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
			for (int first = 1; j < n && (s[j] != ']' || first);
			     first = 0) {
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
				codeowners_problem(
					p,
					"pattern \"%s\" has a \"[\" without its \"]\": the line "
					"is ignored; close the range, or write \"\\[\" for a literal \"[\"",
					codeowners_quoted(raw, rawlen).s);
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
int codeowners_compile(struct parser *p, const char *raw, size_t n, struct glob *out)
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
				codeowners_problem(
					p,
					"pattern \"%s\" matches only the files directly "
					"in its folder in GitLab: write \"%.*s/\" to own "
					"everything below it",
					codeowners_quoted(raw, n).s,
					(int)(parts[k].off ? parts[k].off - 1 : 0),
					raw);
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
		if ((len == 1 && part[0] == '.') ||
		    (len == 2 && !memcmp(part, "..", 2))) {
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
			const char *m = d.len ? d.items[0].msg
					      : "it is not a valid pattern";
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
	const char *close = open ? memchr(open, '}', n - (size_t)(open - pattern))
				 : NULL;

	*out = NULL;
	if (n > CODEOWNERS_MAX_PATTERN) {
		buf_printf(err, "it is longer than %d bytes", CODEOWNERS_MAX_PATTERN);
		return -1;
	}
	if ((open && !close) || (!open && memchr(pattern, '}', n)) ||
	    (open && memchr(open + 1, '{', (size_t)(close - open - 1)))) {
		buf_puts(err, "its braces do not pair: write one \"{a,b}\" list at most");
		return -1;
	}
	if (open && memchr(close + 1, '{', n - (size_t)(close + 1 - pattern))) {
		buf_puts(err, "it has more than one \"{a,b}\" list: write one at most (or one pattern for each)");
		return -1;
	}
	size_t nalts = 1;
	for (const char *c = open; c && c < close; c++)
		nalts += *c == ',';
	g->alts = arena_alloc(a, nalts * sizeof(*g->alts));
	g->nalts = 0;
	for (const char *alt = open ? open + 1 : NULL;;) {
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
		if (codeowners_glob_match(&g->alts[i], path, len))
			return 1;
	return 0;
}
