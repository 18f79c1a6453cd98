#include "codeowners.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "codeowners_glob.h"
#include "val.h"
#include "yaml.h"

const char *const codeowners_locations[] = { ".github/CODEOWNERS", "CODEOWNERS",
					     "docs/CODEOWNERS",
					     ".gitlab/CODEOWNERS", NULL };

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
/* Small helpers: ASCII case                                            */
/* ------------------------------------------------------------------ */

static int same_nocase(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Parsing state and diagnostics                                        */
/* ------------------------------------------------------------------ */

struct rule {
	struct glob glob;
	const char *pattern; /* as written, for reference */
	const char *const *owners;
	size_t nowners;
	int line;
};

struct section {
	struct codeowners_section pub;
	struct rule *rules; /* in file order; the last match wins */
	size_t nrules, rules_cap;
	struct rule *excl; /* GitLab "!pattern": any match wins */
	size_t nexcl, excl_cap;
};

struct codeowners {
	enum codeowners_dialect dialect;
	struct section *sects;
	size_t nsects, cap;
};

/* Problems said a file at most: a generated CODEOWNERS of 50,000 bad
 * lines is one problem, not 50,000 warnings. */
#define PROBLEMS_SAID 50

void codeowners_problem(struct parser *p, const char *fmt, ...)
{
	p->problems++;
	if (!p->d || p->problems > PROBLEMS_SAID)
		return;
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(p->d, DIAG_WARNING, DIAG_USER, p->repo, p->path, p->line, fmt, ap);
	va_end(ap);
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
	static const char *const roles[] = { "developer",  "developers",
					     "maintainer", "maintainers",
					     "owner",	   "owners",
					     NULL };
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
	struct quote q = codeowners_quoted(s, n);

	if (n >= 2 && s[0] == '@' && s[1] == '@') {
		if (gitlab && role_ok(s + 2, n - 2))
			return 1;
		if (quiet)
			return 0;
		if (gitlab)
			codeowners_problem(p,
					   "owner \"%s\" is not a GitLab role: it is ignored; write "
					   "@@developer, @@maintainer or @@owner",
					   q.s);
		else
			codeowners_problem(p,
					   "owner \"%s\" is a GitLab role, which GitHub does not "
					   "support: it is ignored; write @user or @org/team",
					   q.s);
		return 0;
	}
	if (n >= 1 && s[0] == '@') {
		if (names_ok(s + 1, n - 1, gitlab ? SIZE_MAX : 2))
			return 1;
		if (quiet)
			return 0;
		if (!gitlab && names_ok(s + 1, n - 1, SIZE_MAX))
			codeowners_problem(p,
					   "owner \"%s\" is not a GitHub team: it is ignored; write "
					   "@org/team-name",
					   q.s);
		else
			codeowners_problem(p,
					   "owner \"%s\" is not a valid name: it is ignored; names "
					   "hold letters, digits, '-', '_' and '.'",
					   q.s);
		return 0;
	}
	if (email_ok(s, n))
		return 1;
	if (quiet)
		return 0;
	if (names_ok(s, n, SIZE_MAX))
		codeowners_problem(p, "owner \"%s\" lacks its '@': it is ignored; write \"@%s\"",
				   q.s, q.s);
	else
		codeowners_problem(p,
				   "owner \"%s\" is not a user, team or e-mail address: it is "
				   "ignored; write @user, %s or name@example.com",
				   q.s, gitlab ? "@group/subgroup, @@role" : "@org/team");
	return 0;
}

/* Next whitespace-separated token of line[0..n) from *i; a backslash
 * keeps the next byte in the token.  Returns 0 at the end of the line. */
static int next_token(const char *line, size_t n, size_t *i, const char **tok,
		      size_t *len)
{
	size_t j = *i;
	while (j < n && ascii_is_blank((unsigned char)line[j]))
		j++;
	if (j == n) {
		*i = j;
		return 0;
	}
	size_t k = j;
	while (k < n && !ascii_is_blank((unsigned char)line[k]))
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
			codeowners_problem(
				p,
				"inline comment \"%s\" is not supported by GitLab, which "
				"still reads owners written in it: move the comment to a line "
				"of its own",
				codeowners_quoted(tok, (size_t)(line + n - tok)).s);
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
	HEADING_NONE, /* not a heading: an entry (e.g. "[ab].js @x") */
	HEADING_OK,
	HEADING_UNCLOSED, /* "[Name" */
	HEADING_NONAME,	  /* "[]" */
	HEADING_BADCOUNT  /* "[Name][x]" */
};

struct heading {
	int optional;
	const char *name;
	size_t name_len;
	int approvals;	   /* 0 when written as 0 or empty */
	const char *count; /* the count as written, for HEADING_BADCOUNT */
	size_t count_len;
	size_t rest; /* offset of what follows the heading */
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
		if (i < n && !ascii_is_blank((unsigned char)s[i]))
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
	if (i < n && !ascii_is_blank((unsigned char)s[i]))
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
		    same_nocase(co->sects[i].pub.name,
				strlen(co->sects[i].pub.name), h->name, h->name_len))
			break;
	int fresh = i == co->nsects;
	if (fresh)
		i = add_section(p, h->name, h->name_len, p->line);
	struct codeowners_section *s = &co->sects[i].pub;

	int approvals = h->approvals;
	if (approvals < 1) {
		codeowners_problem(p,
				   "section \"%s\" asks for \"%s\" approvals, and GitLab "
				   "requires at least 1: it counts as 1; write [1] or more",
				   codeowners_quoted(h->name, h->name_len).s,
				   codeowners_quoted(h->count, h->count_len).s);
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
	struct quote q = codeowners_quoted(raw, len);
	if (raw[0] == '!') {
		if (p->dialect == CODEOWNERS_GITHUB) {
			codeowners_problem(
				p,
				"pattern \"%s\" negates with \"!\", which GitHub "
				"CODEOWNERS does not support: the line is ignored; name the "
				"paths to own instead, or write \"\\!\" for a literal \"!\"",
				q.s);
			return;
		}
		exclude = 1;
		raw++;
		len--;
		if (!len) {
			codeowners_problem(p, "exclusion \"!\" names no path: the line is ignored; "
					      "write \"!path\"");
			return;
		}
	}
	if (p->dialect == CODEOWNERS_GITHUB && len >= 2 && raw[0] == '\\' &&
	    raw[1] == '#') {
		codeowners_problem(
			p,
			"pattern \"%s\" escapes '#', which GitHub CODEOWNERS does "
			"not support: the line is ignored; write \"**/%.*s\" instead",
			q.s, (int)(len - 1 > 60 ? 60 : len - 1), raw + 1);
		return;
	}
	if (len > CODEOWNERS_MAX_PATTERN) {
		codeowners_problem(p,
				   "pattern \"%s\" is %zu bytes, over the %d-byte limit: the "
				   "line is ignored; use a shorter pattern",
				   q.s, len, CODEOWNERS_MAX_PATTERN);
		return;
	}
	if (codeowners_compile(p, raw, len, &r.glob) < 0)
		return;
	r.pattern = arena_strndup(p->a, raw, len);

	int given;
	read_owners(p, line, n, i, &r.owners, &r.nowners, &given);
	if (exclude && given) {
		codeowners_problem(p,
				   "exclusion \"%s\" lists owners, which exclusions do not "
				   "take: they are ignored; remove them",
				   q.s);
		r.owners = no_names;
		r.nowners = 0;
	} else if (!exclude && !given && p->dialect == CODEOWNERS_GITLAB) {
		if (p->ndefaults) {
			r.owners = p->defaults;
			r.nowners = p->ndefaults;
		} else {
			codeowners_problem(p,
					   "pattern \"%s\" has no owners, so GitLab approves its "
					   "files without review: add owners after the pattern or on "
					   "the section heading",
					   q.s);
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
	while (n && ascii_is_blank((unsigned char)**line)) {
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
		struct quote q = codeowners_quoted(
			line, h.rest && k == HEADING_OK ? h.rest : n);
		if (p->dialect == CODEOWNERS_GITHUB) {
			if (k == HEADING_OK) {
				codeowners_problem(p,
						   "section heading \"%s\" is a GitLab feature that "
						   "GitHub ignores: the line is ignored; remove it, or move "
						   "the file to .gitlab/CODEOWNERS",
						   q.s);
				return;
			}
		} else if (k == HEADING_OK) {
			heading_line(p, line, n, &h);
			return;
		} else if (k == HEADING_UNCLOSED) {
			codeowners_problem(p,
					   "section heading \"%s\" lacks its closing \"]\": the "
					   "line is ignored; write \"[Name]\"",
					   q.s);
			return;
		} else if (k == HEADING_NONAME) {
			codeowners_problem(p,
					   "section heading \"%s\" has no name: the line is "
					   "ignored; write a name between the brackets",
					   q.s);
			return;
		} else if (k == HEADING_BADCOUNT) {
			codeowners_problem(
				p,
				"section heading \"%s\" asks for \"%s\" approvals, "
				"which is not a number: the line is ignored; write a count "
				"such as [2]",
				q.s, codeowners_quoted(h.count, h.count_len).s);
			return;
		}
	}
	entry_line(p, line, n);
}

int codeowners_parse(struct codeowners **out, struct arena *a, const char *text,
		     size_t len, enum codeowners_dialect dialect,
		     const char *repo, const char *path, struct diag_list *d)
{
	struct codeowners *co = arena_alloc(a, sizeof(*co));
	struct parser p = {
		.a = a,
		.d = d,
		.repo = repo,
		.path = path,
		.co = co,
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
	if (d && p.problems > PROBLEMS_SAID)
		diag_add(d, DIAG_WARNING, DIAG_USER, repo, path, 0,
			 "%zu more problems in this file are not listed: fix the %d above, "
			 "and build again to see the rest",
			 (size_t)(p.problems - PROBLEMS_SAID), PROBLEMS_SAID);

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

const struct codeowners_section *codeowners_section(const struct codeowners *co, size_t i)
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
		if (codeowners_glob_match(&s->excl[k].glob, file, len))
			return s->excl[k].line;
	for (size_t k = s->nrules; k-- > 0;) {
		if (codeowners_glob_match(&s->rules[k].glob, file, len)) {
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
			dup = same_nocase((*list)[k], strlen((*list)[k]),
					  names[i], len);
		if (dup)
			continue;
		ARENA_GROW(a, *list, *cap, *n + 1);
		(*list)[(*n)++] = names[i];
	}
}

int codeowners_owners_of(const struct codeowners *co, struct arena *a,
			 const char *file, const char *const **owners, size_t *n)
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
	static const char *const all[] = { "*",	   "**",    "/**",
					   "**/*", "/**/*", NULL };
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

void owners_tree_init(struct owners_tree *t, struct arena *a)
{
	t->a = a;
	map_init_arena(&t->dirs, a);
}

/* Adds f, or puts it in the place of the file of the same folder. */
static void put_file(struct owners_tree *t, struct owners_file *f)
{
	map_put(&t->dirs, f->dir, f->dir_len, NULL)->val = f;
}

struct owners_parser {
	struct parser p; /* for codeowners_problem() */
	struct owners_file *f;
};

static void set_line(struct owners_parser *op, const struct val *v, int fallback)
{
	op->p.line = v && v->line ? v->line : fallback;
}

/* Appends the names of the list v (key names it) to *list. */
/* Whether s (n bytes) may be a user name, an alias or an e-mail address:
 * letters, digits and "-_.@/+", with at least one letter or digit ("@@@"
 * is none). */
static int owner_like(const char *s, size_t n)
{
	int alnum = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (ascii_is_alnum(c))
			alnum = 1;
		else if (!strchr("-_.@/+", c) || !c)
			return 0;
	}
	return alnum;
}

static void read_names(struct owners_parser *op, const char *key, int key_line,
		       const struct val *v, const char ***list, size_t *n, size_t *cap)
{
	struct buf text = BUF_INIT;
	if (v->type == VAL_NULL)
		return;
	if (v->type != VAL_LIST) {
		set_line(op, v, key_line);
		codeowners_problem(&op->p,
				   "\"%s\" is not a list: it is ignored; write one name "
				   "per line as \"- name\"",
				   key);
		return;
	}
	for (size_t i = 0; i < v->u.list.len; i++) {
		const struct val *item = v->u.list.items[i];
		buf_clear(&text);
		if (val_scalar_text(&text, item) < 0 ||
		    !owner_like(text.ptr, text.len)) {
			set_line(op, item, key_line);
			codeowners_problem(&op->p,
					   "item %zu of \"%s\" is not a name: it is ignored; "
					   "write a user name or an alias",
					   i + 1, key);
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
static int read_simple(struct owners_parser *op, const struct val *m, int top)
{
	static const char *const ignored[] = { "emeritus_approvers",
					       "emeritus_reviewers", "required_reviewers",
					       "security_contacts", NULL };
	struct owners_file *f = op->f;
	int seen = 0;

	for (size_t i = 0; i < m->u.map.len; i++) {
		const char *key = m->u.map.pairs[i].key;
		const struct val *v = m->u.map.pairs[i].val;
		int known = 0;
		if (strcmp(key, "approvers") == 0) {
			read_names(op, key, m->line, v, &f->approvers,
				   &f->napprovers, &f->approvers_cap);
			seen = known = 1;
		} else if (strcmp(key, "reviewers") == 0) {
			read_names(op, key, m->line, v, &f->reviewers,
				   &f->nreviewers, &f->reviewers_cap);
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
			codeowners_problem(&op->p,
					   "key \"%s\" is not an OWNERS key: it is ignored; "
					   "use approvers, reviewers, labels%s",
					   key, top ? ", options or filters" : "");
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
		codeowners_problem(&op->p, "\"options\" is not a mapping: it is ignored; write "
					   "\"options: {no_parent_owners: true}\"");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const char *key = v->u.map.pairs[i].key;
		const struct val *o = v->u.map.pairs[i].val;
		set_line(op, o, v->line);
		if (strcmp(key, "no_parent_owners") != 0)
			codeowners_problem(&op->p,
					   "option \"%s\" is not an OWNERS option: it is "
					   "ignored; the only one is no_parent_owners",
					   key);
		else if (o->type != VAL_BOOL)
			codeowners_problem(
				&op->p,
				"option \"no_parent_owners\" is not true or false: "
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
		codeowners_problem(&op->p, "\"filters\" is not a mapping: it is ignored; map "
					   "\".*\" to approvers and reviewers");
		return;
	}
	for (size_t i = 0; i < v->u.map.len; i++) {
		const char *key = v->u.map.pairs[i].key;
		const struct val *cfg = v->u.map.pairs[i].val;
		set_line(op, cfg, v->line);
		if (strcmp(key, ".*") != 0) {
			codeowners_problem(&op->p,
					   "filter \"%s\" is not supported by cairn, which "
					   "reads only \".*\": it is ignored",
					   key);
		} else if (cfg->type == VAL_MAP) {
			read_simple(op, cfg, 0);
		} else if (cfg->type != VAL_NULL) {
			codeowners_problem(&op->p,
					   "filter \".*\" is not a mapping: it is ignored; "
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
		codeowners_problem(&op.p,
				   "OWNERS file is not valid YAML (%s): the file is "
				   "ignored; fix the YAML",
				   err.msg);
		return op.p.problems;
	}
	if (doc->type != VAL_MAP && doc->type != VAL_NULL) {
		op.p.line = doc->line;
		codeowners_problem(&op.p,
				   "OWNERS file is a %s, not a mapping: the file is "
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
				codeowners_problem(
					&op.p,
					"\"filters\" and approvers, reviewers or "
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
		struct map_entry *e = map_get(&t->dirs, file, dir_len);
		const struct owners_file *f = e ? e->val : NULL;
		if (f) {
			if (!out->dir)
				out->dir = f->dir;
			add_names(a, &approvers, &out->napprovers, &ncap[0],
				  f->approvers, f->napprovers);
			add_names(a, &reviewers, &out->nreviewers, &ncap[1],
				  f->reviewers, f->nreviewers);
			add_names(a, &labels, &out->nlabels, &ncap[2],
				  f->labels, f->nlabels);
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
