/* unread: the Markdown files cairn does not read, and the paths: that
 * would (unread.h). */
#include "unread.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "config.h"
#include "layout.h"
#include "xalloc.h"

/* Whether the n bytes at s, in any case, are one of words. */
static int is_one_of(const char *s, size_t n, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !strncasecmp(s, words[i], n))
			return 1;
	return 0;
}

/* The kind a folder's name says, or -1. */
static int folder_kind(const char *s, size_t n)
{
	static const char *const runbooks[] = { "runbook",   "runbooks",
						"alerts",    "playbook",
						"playbooks", NULL };
	static const char *const postmortems[] = { "postmortem",
						   "postmortems",
						   "post-mortem",
						   "post-mortems",
						   "incident",
						   "incidents",
						   "incident-reports",
						   "pir",
						   "post-incident-reviews",
						   NULL };
	static const char *const rfcs[] = { "rfc",	   "rfcs",
					    "adr",	   "adrs",
					    "decisions",   "decision-records",
					    "design",	   "designs",
					    "design-docs", "proposal",
					    "proposals",   "keps",
					    NULL };
	if (is_one_of(s, n, runbooks))
		return CONFIG_PATH_RUNBOOKS;
	if (is_one_of(s, n, postmortems))
		return CONFIG_PATH_POSTMORTEMS;
	if (is_one_of(s, n, rfcs))
		return CONFIG_PATH_RFCS;
	return -1;
}

/* Whether the NUL-terminated name holds word, in any case. */
static int holds(const char *name, const char *word)
{
	return strcasestr(name, word) != NULL;
}

/* The kind a file's name at the root says ("PM2019-009 - x.md",
 * "2024-01-05-incident-db.md", "rfc-0001-x.md"), or -1. */
static int root_file_kind(const char *name)
{
	if (ascii_lower(name[0]) == 'p' && ascii_lower(name[1]) == 'm' &&
	    ascii_is_digit(name[2]))
		return CONFIG_PATH_POSTMORTEMS;
	if (holds(name, "postmortem") || holds(name, "post-mortem") ||
	    holds(name, "incident"))
		return CONFIG_PATH_POSTMORTEMS;
	if (holds(name, "runbook") || holds(name, "playbook"))
		return CONFIG_PATH_RUNBOOKS;
	if ((!strncasecmp(name, "rfc", 3) || !strncasecmp(name, "adr", 3)) &&
	    (ascii_is_digit(name[3]) || name[3] == '-' || name[3] == '_'))
		return CONFIG_PATH_RFCS;
	return -1;
}

/* A repository's own project files at its root, never content. */
static int project_file(const char *name)
{
	static const char *const names[] = { "readme",
					     "changelog",
					     "changes",
					     "history",
					     "news",
					     "contributing",
					     "code_of_conduct",
					     "code-of-conduct",
					     "security",
					     "license",
					     "licence",
					     "copying",
					     "authors",
					     "contributors",
					     "maintainers",
					     "governance",
					     "support",
					     "notice",
					     "owners",
					     "codeowners",
					     "releasing",
					     "release",
					     "upgrading",
					     "todo",
					     "pull_request_template",
					     "issue_template",
					     NULL };
	const char *dot = strrchr(name, '.');
	return is_one_of(name, dot ? (size_t)(dot - name) : strlen(name), names);
}

/* A folder never reported: hidden (.github), vendored. */
static int skipped_folder(const char *s, size_t n)
{
	static const char *const names[] = { "vendor",	    "node_modules",
					     "third_party", "third-party",
					     "external",    "testdata",
					     "templates",   "template",
					     "archetypes",  NULL };
	return (n && s[0] == '.') || is_one_of(s, n, names);
}

/* Whether a name could stand in a double-quoted glob as itself. */
static int plain_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("*?[]{}\"\\", s[i]) || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

/* Where path belongs: its kind and the length of its folder (0: the
 * root), or -1 when it is not reported. */
static int place(const char *path, int readme_only, size_t *folder_len)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	if (!plain_name(path, strlen(path)))
		return -1;
	if (!slash) {
		*folder_len = 0;
		if (project_file(name))
			return -1;
		int k = root_file_kind(name);
		return k >= 0 ? k : readme_only ? CONFIG_PATH_DOCS : -1;
	}
	for (const char *s = path; s < name;) {
		const char *e = strchr(s, '/');
		if (skipped_folder(s, (size_t)(e - s)))
			return -1;
		s = e + 1;
	}
	for (const char *s = path; s < name;) {
		const char *e = strchr(s, '/');
		int k = folder_kind(s, (size_t)(e - s));
		if (k >= 0) {
			*folder_len = (size_t)(e - path);
			return k;
		}
		s = e + 1;
	}
	if (!readme_only)
		return -1;
	*folder_len = (size_t)(strchr(path, '/') - path);
	return CONFIG_PATH_DOCS;
}

/* A root group's pattern (unread_group): the names of its first three
 * files, else the letters every file starts with ("PM" of "PM2019-009 -
 * x.md" and "PM2020-001 - y.md") and "*.md", or "*.md" when they share
 * fewer than two.  *common keeps the letters in common so far. */
static void root_glob(struct unread_group *g, struct arena *a, const char *name,
		      size_t *common)
{
	size_t k = 0;
	struct buf b = BUF_INIT;
	if (g->count <= 3)
		g->first[g->count - 1] = arena_strdup(a, name);
	if (g->count == 1)
		while (ascii_is_alpha(name[k]))
			k++;
	else
		while (k < *common && name[k] == g->example[k])
			k++;
	*common = k;
	if (g->count <= 3)
		for (size_t i = 0; i < g->count; i++)
			buf_printf(&b, "%s\"%s\"", i ? ", " : "", g->first[i]);
	else
		buf_printf(&b, "\"%.*s*.md\"", k >= 2 ? (int)k : 0, g->example);
	g->pattern = arena_strdup(a, b.ptr);
	buf_release(&b);
}

/* The name of path when it is a README.md (any case) whose folder is not
 * the kind's folder (its first flen bytes) but one below it; else NULL. */
static const char *own_folder_readme(const char *path, size_t flen)
{
	const char *base = strrchr(path, '/') + 1;
	if (strcasecmp(base, "readme.md") != 0 || (size_t)(base - path) <= flen + 1)
		return NULL;
	return base;
}

void unread_find(struct unread *out, struct arena *a,
		 const struct repo_entry *entries, size_t n, unread_is_read is_read,
		 void *ctx, int (*claimed)(void *ctx, const char *path),
		 int readme_only, unsigned chosen)
{
	size_t cap = 0;
	size_t *common = NULL; /* each root group's letters in common */
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *path = entries[i].path;
		size_t flen = 0;
		if (entries[i].kind != REPO_BLOB || !layout_is_markdown(path))
			continue;
		/* most are read: asked first (a bsearch), before the place's
		 * folder names and patterns (the tests below have no effect
		 * but to skip the file, so their order is free) */
		if (is_read(ctx, path))
			continue;
		int k = place(path, readme_only, &flen);
		/* an index or a template is not a runbook, RFC or post-mortem,
		 * but a README in a folder of its own below the kind's folder
		 * is the document of its folder (keps/sig-x/2371-y/README.md) */
		const char *readme = k >= 0 && k != CONFIG_PATH_DOCS && flen
					     ? own_folder_readme(path, flen)
					     : NULL;
		if (k >= 0 && k != CONFIG_PATH_DOCS && !readme &&
		    layout_is_index_or_template(path))
			continue;
		if (k < 0 || (chosen & (1u << k)) || (claimed && claimed(ctx, path)))
			continue;
		struct unread_group *g = NULL;
		for (size_t j = 0; j < out->n && !g; j++)
			if (out->groups[j].kind == k &&
			    strlen(out->groups[j].folder) == flen &&
			    !strncmp(out->groups[j].folder, path, flen))
				g = &out->groups[j];
		if (!g) {
			if (out->n == cap) {
				cap = cap ? 2 * cap : 4;
				out->groups = xrealloc(out->groups,
						       cap * sizeof(*out->groups));
				common = xrealloc(common, cap * sizeof(*common));
			}
			g = &out->groups[out->n++];
			memset(g, 0, sizeof(*g));
			g->kind = k;
			g->folder = arena_strndup(a, path, flen);
			g->example = arena_strdup(a, path);
			g->count = 0;
			if (flen)
				g->pattern = arena_printf(a, "\"%.*s/**/*.md\"",
							  (int)flen, path);
		}
		g->count++;
		out->files++;
		if (readme && !g->readmes++)
			g->readme = readme;
		if (!flen)
			root_glob(g, a, path, &common[g - out->groups]);
	}
	for (size_t j = 0; j < out->n; j++) {
		struct unread_group *g = &out->groups[j];
		if (g->readmes * 2 > g->count)
			g->pattern = arena_printf(a, "\"%s/**/%s\"", g->folder,
						  g->readme);
	}
	/* the groups into the arena, so that out owns nothing of its own */
	if (out->n) {
		struct unread_group *gs = arena_alloc(a, out->n * sizeof(*gs));
		memcpy(gs, out->groups, out->n * sizeof(*gs));
		free(out->groups);
		out->groups = gs;
	}
	free(common);
}

static const char *kind_phrase(int kind, int one)
{
	switch (kind) {
	case CONFIG_PATH_RUNBOOKS:
		return one ? "looks like a runbook" : "look like runbooks";
	case CONFIG_PATH_POSTMORTEMS:
		return one ? "looks like a post-mortem" : "look like post-mortems";
	case CONFIG_PATH_RFCS:
		return one ? "looks like an RFC or a design document"
			   : "look like RFCs or design documents";
	default:
		return one ? "is in no folder cairn reads"
			   : "are in no folder cairn reads";
	}
}

void unread_what(const struct unread *u, struct buf *out)
{
	size_t shown = u->n < 5 ? u->n : 5, rest = 0;
	for (size_t i = 0; i < u->n; i++) {
		const struct unread_group *g = &u->groups[i];
		if (i >= shown) {
			rest += g->count;
			continue;
		}
		if (i)
			buf_puts(out, ", ");
		buf_printf(out, "%zu ", g->count);
		if (g->folder[0])
			buf_printf(out, "under %s/", g->folder);
		else
			buf_puts(out, "at the root");
		buf_printf(out, " %s", kind_phrase(g->kind, g->count == 1));
		if (!g->folder[0] || g->count == 1)
			buf_printf(out, " (%s\"%s\")",
				   g->count == 1 ? "" : "e.g. ", g->example);
	}
	if (rest)
		buf_printf(out, ", and %zu more elsewhere", rest);
}

void unread_paths(const struct unread *u, struct buf *out)
{
	static const int order[] = { CONFIG_PATH_RUNBOOKS, CONFIG_PATH_RFCS,
				     CONFIG_PATH_POSTMORTEMS, CONFIG_PATH_DOCS };
	int first = 1;
	buf_putc(out, '{');
	for (size_t o = 0; o < sizeof(order) / sizeof(*order); o++) {
		int any = 0;
		for (size_t i = 0; i < u->n; i++) {
			const struct unread_group *g = &u->groups[i];
			if (g->kind != order[o])
				continue;
			if (!any)
				buf_printf(out, "%s%s: [", first ? "" : ", ",
					   config_path_keys[g->kind]);
			buf_printf(out, "%s%s", any ? ", " : "", g->pattern);
			any = 1, first = 0;
		}
		if (any)
			buf_putc(out, ']');
	}
	buf_putc(out, '}');
}

void unread_report(const struct unread *u, const char *repo, struct diag_list *d)
{
	struct buf what = BUF_INIT, paths = BUF_INIT;
	if (!u->n)
		return;
	unread_what(u, &what);
	unread_paths(u, &paths);
	diag_user(d, repo, NULL, 0,
		  "%zu Markdown file%s not read: %s; to read them, give this "
		  "repository paths: %s in cairn.yaml (or its .cairn.yaml)",
		  u->files, u->files == 1 ? " is" : "s are", what.ptr, paths.ptr);
	buf_release(&what);
	buf_release(&paths);
}
