/* unread_alerts: alerting rules in YAML files no kind reads (unread_alerts.h). */
#include "unread_alerts.h"

#include <string.h>

#include "ascii.h"
#include "layout.h"

int unread_alerts_looks_like_rules(const char *text, size_t len)
{
	int groups = 0, alert = 0;
	for (size_t pos = 0; pos < len && !(groups && alert);) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0;
		pos += n + 1;
		if (n >= 7 && !memcmp(s, "groups:", 7))
			groups = 1;
		while (i < n && (ascii_is_blank((unsigned char)s[i]) || s[i] == '-'))
			i++;
		if (i < n && n - i >= 6 && !memcmp(s + i, "alert:", 6))
			alert = 1;
	}
	return groups && alert;
}

static int is_yaml(const char *path)
{
	size_t n = strlen(path);
	return (n > 5 && !strcmp(path + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(path + n - 4, ".yml"));
}

/* A folder no hint looks into: hidden (.github), vendored, a chart's
 * templates (not YAML until rendered). */
static int skipped(const char *path)
{
	static const char *const names[] = { "vendor/", "node_modules/",
					     "templates/", "third_party/" };
	if (path[0] == '.' || strstr(path, "/."))
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *at = strstr(path, names[i]);
		if (at && (at == path || at[-1] == '/'))
			return 1;
	}
	return 0;
}

void unread_alerts(struct site *s, struct source *src, struct repo *r)
{
	(void)s;
	for (size_t i = 0; i < src->naux; i++)
		if (layout_paths_kind(src->paths, src->aux[i].path) == CONFIG_PATH_ALERTS)
			return; /* it reads some: its paths: say where */
	struct buf data = BUF_INIT, err = BUF_INIT;
	const char *first = NULL;
	size_t found = 0, looked = 0, depth = 0, yml = 0;
	int same_folder = 1;
	size_t folder_len = 0;
	for (size_t i = 0; i < src->nentries && looked < UNREAD_ALERTS_FILES; i++) {
		const struct repo_entry *e = &src->entries[i];
		size_t size;
		if (e->kind != REPO_BLOB || !is_yaml(e->path) ||
		    skipped(e->path) || layout_claims(src->paths, e->path))
			continue;
		looked++;
		buf_clear(&data);
		if (repo_read_blob(r, e->oid, UNREAD_ALERTS_FILE_MAX, &data,
				   &size, &err) != 0 ||
		    !unread_alerts_looks_like_rules(data.ptr, data.len))
			continue;
		const char *slash = strrchr(e->path, '/');
		size_t fl = slash ? (size_t)(slash - e->path) : 0, d = 0;
		for (const char *p = e->path; (p = strchr(p, '/')); p++)
			d++;
		if (!found) {
			first = e->path;
			folder_len = fl;
			depth = d;
		} else if (fl != folder_len || strncmp(first, e->path, fl) != 0) {
			same_folder = 0;
		}
		if (d != depth)
			depth = (size_t)-1;
		size_t pn = strlen(e->path);
		yml += pn > 4 && !strcmp(e->path + pn - 4, ".yml");
		found++;
	}
	if (found) {
		const char *ext = yml == found ? "yml" : yml ? "y*ml" : "yaml";
		struct buf pattern = BUF_INIT;
		if (same_folder && folder_len)
			buf_printf(&pattern, "%.*s/*.%s", (int)folder_len, first, ext);
		else if (same_folder)
			buf_printf(&pattern, "*.%s", ext);
		else if (depth == 1)
			buf_printf(&pattern, "*/*.%s", ext);
		else
			buf_printf(&pattern, "**/*.%s", ext);
		diag_user(&src->diags, src->name, first, 0,
			  "%zu YAML file%s hold%s Prometheus alerting rules (groups: with alert:) that cairn does not read%s: add paths: {alerts: [\"%s\"]} to this repository's entry in cairn.yaml",
			  found, found == 1 ? "" : "s", found == 1 ? "s" : "",
			  looked == UNREAD_ALERTS_FILES
				  ? " (of the first 400 YAML files looked into)"
				  : "",
			  pattern.ptr);
		buf_release(&pattern);
	}
	buf_release(&data);
	buf_release(&err);
}
