/* theme: the layouts and assets a site is rendered with.
 *
 * The default theme is compiled into the binary (build/theme_data.c, made
 * from themes/default/ by scripts/embed.c).  A user's theme folder overrides
 * any single file of it: layouts/NAME.mustache and assets/... */
#ifndef CAIRN_THEME_H
#define CAIRN_THEME_H

#include <stddef.h>

struct theme_file {
	const char *name; /* relative to the theme folder, e.g. "layouts/base.mustache" */
	const char *data;
	size_t size;
};

/* Terminated by an entry with name NULL. */
extern const struct theme_file theme_default_files[];

#endif

#ifndef CAIRN_THEME_LOADED_H
#define CAIRN_THEME_LOADED_H

#include <stdint.h>

#include "diag.h"
#include "mustache.h"

struct theme_asset {
	char *name; /* relative to assets/, e.g. "style.css" */
	char *data;
	size_t size;
};

struct theme {
	struct mustache_set *layouts; /* by name: "base", "service", ... */
	struct theme_asset *assets;
	size_t nassets, assets_cap;
	uint64_t fp; /* over every file loaded */
};

/* An empty theme, which theme_release accepts. */
#define THEME_INIT                  \
	{                           \
		NULL, NULL, 0, 0, 0 \
	}

/* Loads the default theme, then the files of dir over it (dir may be NULL
 * or "default").  Returns -1 when a layout does not compile (an
 * operator-fixable diagnostic names the file and line). */
int theme_load(struct theme *t, const char *dir, struct diag_list *d);
/* Frees what t holds, after a failed theme_load too; t is THEME_INIT. */
void theme_release(struct theme *t);

#endif
