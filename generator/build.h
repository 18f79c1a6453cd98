/* build: the pipeline — configuration, crawl, assembly, rendering,
 * publishing — run once per `cairn build`. */
#ifndef CAIRN_BUILD_H
#define CAIRN_BUILD_H

#include "diag.h"

struct build_opts {
	const char *config_file;  /* default "cairn.yaml" */
	const char *output;	  /* overrides the configuration's output */
	int jobs;		  /* threads; 0: one per CPU */
	int quiet;		  /* no summary line */
	const char *dump_model;	  /* write dump_model's text here after
				  * assembly (a debugging aid), or NULL */
	long long now;		  /* the build's "now" (seconds since the
				  * epoch); -1: the clock */
	int progress;		  /* a progress line on a terminal */
	int search;		  /* write the search index (0 only to
				  * measure what it costs) */
	const char *search_stats; /* write the search index's statistics
				   * here, or NULL */
};
#define BUILD_OPTS_INIT                                        \
	{                                                      \
		"cairn.yaml", NULL, 0, 0, NULL, -1, 1, 1, NULL \
	}

enum build_result {
	BUILD_OK = 0,	   /* a site was published (diagnostics may exist) */
	BUILD_CONFIG = -1, /* the configuration or theme is unusable */
	BUILD_FATAL = -2 /* the site could not be written; the old one stays */
};

/* What a build did, for the closing summary. */
struct build_stats {
	size_t pages, made, unchanged, written;
	size_t services, repos, repos_failed;
	size_t repos_readme_only; /* found nothing but a README (a
				   * repository of catalog descriptors alone
				   * is not counted: it was read) */
	double seconds;
	const char *output; /* valid until the next build (static copy) */
	size_t repos_nothing_read; /* of those, no README either */
	/* deploy tags not read (no environments), and their repositories */
	size_t deploy_tags_unread, repos_deploy_tags_unread;
};

/* Runs a build; fills *stats (may be NULL). */
enum build_result build_site(const struct build_opts *o, struct diag_list *d,
			     struct build_stats *stats);

#endif
