/* deps_yarn: yarn.lock, classic (v1: `name@range, name@range2:` blocks with
 * `version "1.2.3"`) and Berry (v2 and later, YAML: `"name@npm:range":`
 * blocks with `version: 1.2.3`), read line by line as both are written:
 * an entry at column 0, its fields indented by two. */
#include "deps.h"

#include <string.h>

#include "ascii.h"

/* Trims blanks, then the double quotes either end, from [*s, *s + *n)
 * (Berry quotes a list of specs as one: "a@npm:^1, a@npm:^1.2"). */
static void unquote(const char **s, size_t *n)
{
	while (*n && ascii_is_blank((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && (ascii_is_blank((unsigned char)(*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
		(*n)--;
	if (*n && (*s)[0] == '"')
		(*s)++, (*n)--;
	if (*n && (*s)[*n - 1] == '"')
		(*n)--;
}

/* The package an entry's first spec names ("lodash@^4.17.21",
 * "@babel/core@npm:^7.0.0", "alias@npm:real@^1"): its name in *name, *nn;
 * 0, or -1 when it names none, and 1 for the project's own (a workspace,
 * a link or a folder: not third-party). */
static int spec_name(const char *s, size_t n, const char **name, size_t *nn)
{
	const char *comma = memchr(s, ',', n);
	if (comma)
		n = (size_t)(comma - s);
	unquote(&s, &n);
	/* the '@' after the name (a scope's '@' is its first byte) */
	const char *at = n > 1 ? memchr(s + 1, '@', n - 1) : NULL;
	if (!at || at == s)
		return -1;
	const char *range = at + 1;
	size_t rn = (size_t)(s + n - range);
	if ((rn >= 10 && !memcmp(range, "workspace:", 10)) ||
	    (rn >= 5 && !memcmp(range, "link:", 5)) ||
	    (rn >= 7 && !memcmp(range, "portal:", 7)) ||
	    (rn >= 5 && !memcmp(range, "file:", 5)))
		return 1;
	if (rn > 4 && !memcmp(range, "npm:", 4)) {
		/* an alias: the package installed is the one after npm: */
		const char *real = range + 4;
		size_t m = rn - 4;
		const char *at2 = m > 1 ? memchr(real + 1, '@', m - 1) : NULL;
		if (at2) {
			*name = real;
			*nn = (size_t)(at2 - real);
			return 0;
		}
	}
	*name = s;
	*nn = (size_t)(at - s);
	return 0;
}

int deps_read_yarn(struct deps_list *out, struct arena *a, const char *text,
		   size_t len, struct deps_error *err)
{
	const char *name = NULL;
	size_t nn = 0, from = out->len, pos = 0;
	int line = 0, entry_line = 0, own = 0;
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (!n || s[0] == '#')
			continue;
		if (s[0] != ' ') {
			/* an entry: its specs, ending with ':' */
			name = NULL;
			if (s[n - 1] != ':')
				return deps_fail(err, line,
						 "an entry does not end with \":\"");
			if (n == 11 && !memcmp(s, "__metadata:", 11))
				continue;
			own = spec_name(s, n - 1, &name, &nn);
			if (own < 0)
				return deps_fail(err, line,
						 "the entry \"%.*s\" names no package (name@range)",
						 (int)(n > 81 ? 80 : n - 1), s);
			entry_line = line;
			continue;
		}
		/* a field: "  version "1.2.3"" (v1), "  version: 1.2.3" (Berry) */
		if (!name || own || n < 10 || memcmp(s, "  version", 9) != 0 ||
		    (s[9] != ' ' && s[9] != ':'))
			continue;
		const char *v = s + 9 + (s[9] == ':');
		size_t vn = n - 9 - (s[9] == ':');
		unquote(&v, &vn);
		if (!vn)
			return deps_fail(err, line,
					 "the package \"%.*s\" has an empty version",
					 (int)nn, name);
		/* Berry's project itself: "0.0.0-use.local" */
		if (vn == 15 && !memcmp(v, "0.0.0-use.local", 15))
			continue;
		deps_add(out, a, "npm", arena_strndup(a, name, nn),
			 arena_strndup(a, v, vn), "", entry_line);
		name = NULL;
	}
	deps_unique(out, a, from);
	return 0;
}
