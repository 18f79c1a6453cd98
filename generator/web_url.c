/* web_url: a repository's web address from its clone URL (web_url.h). */
#include "web_url.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ascii.h"
#include "buf.h"

const char *web_url_of_remote(struct arena *a, const char *remote)
{
	const char *p = remote, *host, *slash, *at;
	size_t hn;
	if (!p)
		return NULL;
	const char *scheme = strstr(p, "://");
	if (scheme) {
		if (strncasecmp(p, "https://", 8) && strncasecmp(p, "http://", 7) &&
		    strncasecmp(p, "ssh://", 6) && strncasecmp(p, "git://", 6) &&
		    strncasecmp(p, "git+ssh://", 10))
			return NULL; /* file:// and others */
		host = scheme + 3;
		slash = strchr(host, '/');
		if (!slash)
			return NULL;
		at = memchr(host, '@', (size_t)(slash - host));
		if (at)
			host = at + 1; /* credentials, or ssh's user */
		hn = (size_t)(slash - host);
		const char *colon = memchr(host, ':', hn);
		if (colon)
			hn = (size_t)(colon - host); /* a port */
		p = slash + 1;
	} else {
		/* scp-like: [user@]host:owner/repo, not a path */
		const char *colon = strchr(p, ':');
		if (!colon || strchr(p, '/') < colon || colon == p)
			return NULL;
		at = memchr(p, '@', (size_t)(colon - p));
		host = at ? at + 1 : p;
		hn = (size_t)(colon - host);
		p = colon + 1;
	}
	/* a host named github or gitlab, letters, digits, '.' and '-' only */
	int known = 0;
	for (size_t i = 0; i < hn; i++) {
		unsigned char c = (unsigned char)host[i];
		if (!ascii_is_alnum(c) && c != '.' && c != '-')
			return NULL;
		if (i + 6 <= hn && (!strncasecmp(host + i, "github", 6) ||
				    !strncasecmp(host + i, "gitlab", 6)))
			known = 1;
	}
	if (!known)
		return NULL;
	while (*p == '/')
		p++;
	size_t n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n > 4 && !strncasecmp(p + n - 4, ".git", 4))
		n -= 4;
	/* OWNER/REPO (GitLab: groups/OWNER/REPO), each a name */
	const char *first = memchr(p, '/', n);
	if (!first || first == p || first + 1 == p + n)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!ascii_is_alnum(c) && !strchr("._-/~", c))
			return NULL;
		if (c == '/' && (p[i + 1] == '/' || !strncmp(p + i + 1, "..", 2)))
			return NULL;
	}
	struct buf b = BUF_INIT;
	buf_puts(&b, "https://");
	for (size_t i = 0; i < hn; i++)
		buf_putc(&b, (char)ascii_lower((unsigned char)host[i]));
	buf_putc(&b, '/');
	buf_put(&b, p, n);
	const char *out = arena_strdup(a, b.ptr);
	buf_release(&b);
	return out;
}

/* Trims blanks from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && ascii_is_blank((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && (ascii_is_blank((unsigned char)(*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
		(*n)--;
}

const char *web_url_origin(struct arena *a, const char *config, size_t len)
{
	int in_origin = 0;
	for (size_t pos = 0; pos < len;) {
		const char *s = config + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		trim(&s, &n);
		if (n && s[0] == '[') {
			/* [remote "origin"], as git writes it */
			in_origin = n >= 17 && !strncasecmp(s, "[remote", 7) &&
				    ascii_is_blank((unsigned char)s[7]);
			if (in_origin) {
				const char *q = s + 8;
				size_t m = n - 8;
				trim(&q, &m);
				in_origin = m == 9 && !memcmp(q, "\"origin\"]", 9);
			}
			continue;
		}
		if (!in_origin || n < 3 || strncasecmp(s, "url", 3))
			continue;
		const char *v = s + 3;
		size_t m = n - 3;
		trim(&v, &m);
		if (!m || *v != '=')
			continue;
		v++, m--;
		trim(&v, &m);
		if (m >= 2 && v[0] == '"' && v[m - 1] == '"')
			v++, m -= 2;
		return m ? arena_strndup(a, v, m) : NULL;
	}
	return NULL;
}

const char *web_url_of_repo(struct arena *a, const char *path)
{
	struct buf file = BUF_INIT;
	struct stat st;
	char text[16384];
	const char *url = NULL;
	buf_printf(&file, "%s/.git", path);
	if (stat(file.ptr, &st) == 0 && S_ISDIR(st.st_mode))
		buf_puts(&file, "/config");
	else if (stat(file.ptr, &st) == 0)
		goto cleanup; /* a worktree's or a submodule's .git file */
	else {
		buf_clear(&file);
		buf_printf(&file, "%s/config", path); /* bare */
	}
	FILE *f = fopen(file.ptr, "rb");
	if (!f)
		goto cleanup;
	size_t n = fread(text, 1, sizeof(text), f);
	fclose(f);
	url = web_url_of_remote(a, web_url_origin(a, text, n));

cleanup:
	buf_release(&file);
	return url;
}
