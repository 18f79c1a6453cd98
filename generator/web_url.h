/* web_url: a repository's web address from where it is cloned from, for a
 * repository whose catalog entry names none (github.com/project-slug): the
 * URL cairn.yaml gives (url:), else its remote "origin" in its git config.
 * Only hosts whose name holds "github" or "gitlab" count (github.com,
 * gitlab.com, GitHub Enterprise and self-hosted GitLab): their pages of a
 * file are HOST/OWNER/REPO/blob/BRANCH/PATH, the form cairn links to. */
#ifndef CAIRN_WEB_URL_H
#define CAIRN_WEB_URL_H

#include <stddef.h>

#include "arena.h"

/* https://HOST/OWNER/REPO of a clone URL (https://, http://, ssh://,
 * git://, or scp-like git@host:owner/repo.git), without credentials, port
 * or ".git"; NULL for a local path, another host, or no owner and name. */
const char *web_url_of_remote(struct arena *a, const char *remote);

/* The URL of [remote "origin"] in a git config file's text, or NULL. */
const char *web_url_origin(struct arena *a, const char *config, size_t len);

/* web_url_of_remote of the origin of the repository at path (a working
 * tree's .git/config, or a bare repository's config), or NULL. */
const char *web_url_of_repo(struct arena *a, const char *path);

#endif
