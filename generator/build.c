#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_changes_cache.h"
#include "cache.h"
#include "config.h"
#include "crawl.h"
#include "output.h"
#include "page_home.h"
#include "deploy.h"
#include "dump.h"
#include "export.h"
#include "search_cache.h"
#include "slo.h"
#include "page_service.h"
#include "page_api.h"
#include "page_deploys.h"
#include "page_deps.h"
#include "page_records.h"
#include "page_search.h"
#include "page_slos.h"
#include "page_team.h"
#include "page_alerts.h"
#include "path.h"
#include "pool.h"
#include "render.h"
#include "repo.h"
#include "site.h"
#include "site_org.h"
#include "view_docfp.h"
#include "theme.h"
#include "xalloc.h"

#define ASSET_MAX_SIZE (20u << 20)

/* With CAIRN_TIMING set, the time the phase took (diag_timing); NULL
 * starts the clock. */
static void mark(const char *phase)
{
	static struct timespec last;
	diag_timing(&last, "timing", 10, phase);
}

/* ------------------------------------------------------------ pages */

enum page_kind {
	PAGE_HOME,
	PAGE_SERVICES,
	PAGE_SERVICE,
	PAGE_DOCUMENT,
	PAGE_CONTENT,
	PAGE_404,
	PAGE_TEAMS,
	PAGE_TEAM,
	PAGE_RUNBOOKS,
	PAGE_CATALOG_JSON,
	PAGE_RFCS,
	PAGE_POSTMORTEMS,
	PAGE_ACTIONS,
	PAGE_RFCS_FEED,
	PAGE_POSTMORTEMS_FEED,
	PAGE_ACTIONS_EXPORT,
	PAGE_DEPLOYS,
	PAGE_DEPLOYS_JSON,
	PAGE_APIS,
	PAGE_API,
	PAGE_SEARCH,
	PAGE_ALERTS,
	PAGE_ALERT,
	PAGE_ALERTS_JSON,
	PAGE_DEPS,
	PAGE_DEPS_JSON,
	PAGE_DEPS_DATA,
	PAGE_DEP,
	PAGE_SLOS,
	PAGE_SLOS_JSON,
	PAGE_TECHDEBT,
	PAGE_TECHDEBT_EXPORT,
	PAGE_CONTRACTS_JSON
};

struct page_job {
	enum page_kind kind;
	const void *ptr;
};

struct progress;

struct render_run {
	struct site *site;
	struct page_job *jobs;
	struct render_ctx *workers;
	struct progress *progress;
};

static void progress_tick(struct progress *p);

static void render_one(size_t i, int worker, void *userdata)
{
	struct render_run *run = userdata;
	struct render_ctx *r = &run->workers[worker];
	const struct page_job *j = &run->jobs[i];
	r->page_assets = r->nassets;
	switch (j->kind) {
	case PAGE_HOME: page_home(r); break;
	case PAGE_SERVICES: page_services_index(r); break;
	case PAGE_SERVICE: page_service(r, j->ptr); break;
	case PAGE_DOCUMENT: page_document(r, j->ptr); break;
	case PAGE_CONTENT: page_content(r, j->ptr); break;
	case PAGE_404: page_not_found(r); break;
	case PAGE_TEAMS: page_teams_index(r); break;
	case PAGE_TEAM: page_team(r, j->ptr); break;
	case PAGE_RUNBOOKS: page_runbooks_index(r); break;
	case PAGE_CATALOG_JSON: export_catalog(r); break;
	case PAGE_RFCS: page_rfcs_index(r); break;
	case PAGE_POSTMORTEMS: page_postmortems_index(r); break;
	case PAGE_ACTIONS: page_action_items(r); break;
	case PAGE_RFCS_FEED: page_rfcs_feed(r); break;
	case PAGE_POSTMORTEMS_FEED: page_postmortems_feed(r); break;
	case PAGE_ACTIONS_EXPORT: export_action_items(r); break;
	case PAGE_DEPLOYS: page_deploys_index(r); break;
	case PAGE_DEPLOYS_JSON: export_deploys(r); break;
	case PAGE_APIS: page_apis_index(r); break;
	case PAGE_API: page_api(r, j->ptr); break;
	case PAGE_SEARCH: page_search(r); break;
	case PAGE_ALERTS: page_alerts_index(r); break;
	case PAGE_ALERT: page_alert(r, j->ptr); break;
	case PAGE_ALERTS_JSON: export_alerts(r); break;
	case PAGE_DEPS: page_deps_index(r); break;
	case PAGE_DEPS_JSON: export_dependencies(r); break;
	case PAGE_DEPS_DATA: page_deps_data(r); break;
	case PAGE_DEP: page_dep_package(r, j->ptr); break;
	case PAGE_SLOS: page_slos_index(r); break;
	case PAGE_SLOS_JSON: export_slos(r); break;
	case PAGE_TECHDEBT: page_slos_techdebt(r); break;
	case PAGE_TECHDEBT_EXPORT: export_techdebt(r); break;
	case PAGE_CONTRACTS_JSON: export_contracts(r); break;
	}
	/* this page's data is no longer needed */
	arena_reset(&r->arena);
	progress_tick(run->progress);
}

static size_t list_pages(const struct site *s, struct page_job **out)
{
	size_t n = 0, cap = 0;
	struct page_job *jobs = NULL;
#define ADD(k, p)                                          \
	do {                                               \
		XGROW(jobs, cap, n + 1);                   \
		jobs[n++] = (struct page_job){ (k), (p) }; \
	} while (0)
	ADD(PAGE_HOME, NULL);
	ADD(PAGE_SERVICES, NULL);
	ADD(PAGE_404, NULL);
	ADD(PAGE_TEAMS, NULL);
	ADD(PAGE_RUNBOOKS, NULL);
	ADD(PAGE_RFCS, NULL);
	ADD(PAGE_POSTMORTEMS, NULL);
	ADD(PAGE_ACTIONS, NULL);
	ADD(PAGE_RFCS_FEED, NULL);
	ADD(PAGE_POSTMORTEMS_FEED, NULL);
	ADD(PAGE_ACTIONS_EXPORT, NULL);
	ADD(PAGE_DEPLOYS, NULL);
	ADD(PAGE_DEPLOYS_JSON, NULL);
	ADD(PAGE_APIS, NULL);
	ADD(PAGE_SEARCH, NULL);
	ADD(PAGE_SLOS, NULL);
	ADD(PAGE_SLOS_JSON, NULL);
	ADD(PAGE_TECHDEBT, NULL);
	ADD(PAGE_TECHDEBT_EXPORT, NULL);
	ADD(PAGE_CONTRACTS_JSON, NULL);
	for (size_t i = 0; i < s->napis; i++)
		ADD(PAGE_API, s->apis[i]);
	/* after the APIs' pages: each of them parses its description once
	 * for the page and the shape of its default branch (cached), which
	 * catalog.json's changes then read from the cache */
	ADD(PAGE_CATALOG_JSON, NULL);
	for (size_t i = 0; i < s->nteams; i++)
		ADD(PAGE_TEAM, s->teams[i]);
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		ADD(PAGE_SERVICE, svc);
		for (size_t k = 0; k < svc->ndocs; k++)
			ADD(PAGE_DOCUMENT, svc->docs[k]);
	}
	for (size_t i = 0; i < s->ncontent; i++)
		if (s->content[i]->address)
			ADD(PAGE_CONTENT, s->content[i]);
	ADD(PAGE_ALERTS, NULL);
	ADD(PAGE_ALERTS_JSON, NULL);
	for (size_t i = 0; i < s->nalerts; i++)
		ADD(PAGE_ALERT, s->alerts[i]);
	ADD(PAGE_DEPS, NULL);
	ADD(PAGE_DEPS_JSON, NULL);
	ADD(PAGE_DEPS_DATA, NULL);
	for (size_t i = 0; i < s->ndep_packages; i++)
		ADD(PAGE_DEP, s->dep_packages[i]);
#undef ADD
	*out = jobs;
	return n;
}

/* ------------------------------------------------------------ assets */

static int cmp_asset(const void *pa, const void *pb)
{
	const struct asset *a = pa, *b = pb;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return strcmp(a->address, b->address);
}

struct copy_run {
	struct site *site;
	struct output *out;
	struct asset *assets;
	size_t *group_start; /* group g is [group_start[g], group_start[g+1]) */
	int failed;
};

static void copy_group(size_t g, int worker, void *userdata)
{
	struct copy_run *run = userdata;
	struct diag_list *d = run->site->diags;
	size_t from = run->group_start[g], to = run->group_start[g + 1];
	struct source *src = run->assets[from].src;
	struct repo *r = NULL;
	struct buf data = BUF_INIT, err = BUF_INIT;
	(void)worker;

	for (size_t i = from; i < to; i++) {
		const struct asset *as = &run->assets[i];
		uint64_t fp = 0;
		buf_clear(&data);
		buf_clear(&err);
		if (src) {
			/* a blob's id names its bytes */
			fp = hash_mix_u64(1, hash_of(as->entry->oid, REPO_OID_LEN, 0));
			if (output_reuse(run->out, as->address, fp))
				continue;
			if (!r && repo_open(&r, src->git_dir, &err) < 0) {
				diag_add(d, DIAG_ERROR, DIAG_RETRYABLE,
					 src->name, NULL, 0, "%s", err.ptr);
				goto cleanup;
			}
			size_t size = 0;
			int rc = repo_read_blob(r, as->entry->oid, ASSET_MAX_SIZE,
						&data, &size, &err);
			if (rc == 1) {
				diag_user(d, src->name, as->entry->path, 0,
					  "image is %zu bytes, over the %u-byte limit: not copied",
					  size, ASSET_MAX_SIZE);
				continue;
			}
			if (rc < 0) {
				diag_add(d, DIAG_ERROR, DIAG_USER, src->name,
					 as->entry->path, 0,
					 "cannot read image: %s", err.ptr);
				continue;
			}
		} else {
			FILE *f = fopen(as->fs_path, "rb");
			char chunk[65536];
			size_t n;
			if (!f) {
				diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL,
					 as->fs_path, 0, "cannot read image: %s",
					 strerror(errno));
				continue;
			}
			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
			       data.len <= ASSET_MAX_SIZE)
				buf_put(&data, chunk, n);
			fclose(f);
		}
		if (output_put(run->out, as->address, fp, data.ptr, data.len,
			       NULL, 0, &err) < 0) {
			diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s",
				 err.ptr);
			run->failed = 1;
		}
	}

cleanup:
	repo_free(r);
	buf_release(&data);
	buf_release(&err);
}

static int copy_assets(struct site *s, struct output *out,
		       struct render_ctx *workers, int nworkers)
{
	size_t n = 0;
	for (int w = 0; w < nworkers; w++)
		n += workers[w].nassets;
	if (!n)
		return 0;
	struct asset *all = xmalloc(n * sizeof(*all));
	size_t k = 0;
	for (int w = 0; w < nworkers; w++) {
		if (!workers[w].nassets)
			continue;
		memcpy(all + k, workers[w].assets, workers[w].nassets * sizeof(*all));
		k += workers[w].nassets;
	}
	qsort(all, n, sizeof(*all), cmp_asset);
	size_t m = 0; /* unique */
	for (size_t i = 0; i < n; i++)
		if (!m || cmp_asset(&all[m - 1], &all[i]) != 0)
			all[m++] = all[i];
	size_t *starts = xmalloc((m + 1) * sizeof(*starts));
	size_t ng = 0;
	for (size_t i = 0; i < m; i++)
		if (!i || all[i].src != all[i - 1].src)
			starts[ng++] = i;
	starts[ng] = m;
	struct copy_run run = { s, out, all, starts, 0 };
	pool_run(s->jobs, ng, copy_group, &run);
	free(starts);
	free(all);
	return run.failed ? -1 : 0;
}

/* ------------------------------------------------------------ search */

/* A note of the search cache's (CAIRN_TIMING). */
/* Adds the search entries made from the model — teams and action items —
 * as the page "#model" (no page's address starts with '#'). */
static void index_model(struct site *s, struct search_cache *sc)
{
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < s->nteams; i++) {
		const struct team *t = s->teams[i];
		struct buf body = BUF_INIT;
		for (size_t k = 0; k < t->nservices; k++)
			buf_printf(&body, "%s %s\n", t->services[k]->name,
				   t->services[k]->title);
		for (size_t k = 0; k < t->nmembers; k++)
			buf_printf(&body, "%s %s\n", t->members[k]->name,
				   t->members[k]->display_name ? t->members[k]->display_name
							       : "");
		if (t->email)
			buf_printf(&body, "%s\n", t->email);
		struct search_entry e = SEARCH_ENTRY_INIT;
		e.kind = "team";
		e.title = t->title;
		e.name = t->name;
		e.url = arena_printf(&a, "teams/%s/", t->slug);
		e.body = body.ptr;
		e.body_len = body.len;
		search_cache_add(sc, 0, &e, NULL, 0);
		buf_release(&body);
	}
	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *act = &s->actions[i];
		const char *text = val_as_str(val_get(act->item, "text"));
		const char *owner = val_as_str(val_get(act->item, "owner"));
		struct search_entry e = SEARCH_ENTRY_INIT;
		e.kind = "action-item";
		e.title = text ? text : "";
		e.url = act->pm->address;
		e.service = act->svc->name;
		e.page = act->pm->title;
		e.body = arena_printf(&a, "%s %s %s", owner ? owner : "",
				      act->state, act->pm->title);
		search_cache_add(sc, 0, &e, NULL, 0);
	}
	search_cache_page(sc, 0, "#model", 0);
	arena_release(&a);
}

/* ------------------------------------------------------------ the build */

/* ------------------------------------------------------------ progress */

/* One updating line on a terminal: repositories crawled, pages made. */
struct progress {
	pthread_t thread;
	int running;
	_Atomic int stop;
	const struct site *site;
	_Atomic size_t pages_done;
	size_t pages_total;
};

static void *progress_main(void *arg)
{
	struct progress *p = arg;
	while (!p->stop) {
		diag_progress(p->site->crawled, p->site->nsources,
			      (size_t)p->pages_done, p->pages_total);
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	diag_progress_end();
	return NULL;
}

static void progress_tick(struct progress *p)
{
	p->pages_done++;
}

static void progress_start(struct progress *p, const struct site *s, int quiet)
{
	memset(p, 0, sizeof(*p));
	p->site = s;
	if (quiet || !isatty(STDERR_FILENO))
		return;
	p->running = pthread_create(&p->thread, NULL, progress_main, p) == 0;
}

static void progress_stop(struct progress *p)
{
	if (!p->running)
		return;
	p->stop = 1;
	pthread_join(p->thread, NULL);
	p->running = 0;
}

/* One build's state, from set-up to release; every member starts empty
 * (BUILD_RUN_INIT), so build_release takes it at any point. */
struct build_run {
	const struct build_opts *o;
	struct diag_list *d;
	struct config cfg;
	struct theme theme;
	struct site site;
	struct output out;
	struct deploy_feed feed;
	struct progress progress;
	struct page_job *jobs;
	size_t njobs;
	struct render_ctx *workers;
	int nworkers, threads, released;
	struct search_cache *search;
	struct api_changes_cache *api_changes;
	struct buf err;
	struct slo_feed slo_feed;
	struct crawl_plan plan;
};
#define BUILD_RUN_INIT                                                       \
	{                                                                    \
		.cfg = CONFIG_INIT, .theme = THEME_INIT, .site = SITE_INIT,  \
		.out = OUTPUT_INIT, .err = BUF_INIT, .plan = CRAWL_PLAN_INIT \
	}

/* Whether the cache folder is the output or inside it: the site would
 * publish the cache, and every build would swap it out with the site. */
static int cache_in_output(const char *cache, const char *output)
{
	struct buf c = BUF_INIT, o = BUF_INIT;
	int inside = cache && output && path_folder_key(&c, cache) == 0 &&
		     path_folder_key(&o, output) == 0 && o.len &&
		     strncmp(c.ptr, o.ptr, o.len) == 0 &&
		     (c.ptr[o.len] == '\0' || c.ptr[o.len] == '/');
	buf_release(&c);
	buf_release(&o);
	return inside;
}

/* The configuration, the theme, the model's site and the output (checked
 * before the long work, not after it); -1 with diagnostics when one of
 * them is unusable.  Between the output's checks and its manifests, the
 * crawl's first pass (crawl_plan): when a repository must be opened,
 * libgit2's start (56 M instructions, on its thread) overlaps the
 * manifests' reading; when none must, it is never started. */
static int build_setup(struct build_run *b)
{
	const struct build_opts *o = b->o;
	if (config_load(&b->cfg, o->config_file, b->d) < 0)
		return -1;
	if (o->output) {
		free(b->cfg.output);
		b->cfg.output = xstrdup(o->output);
	}
	if (cache_in_output(b->cfg.cache, b->cfg.output)) {
		diag_add(b->d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0,
			 "the cache \"%s\" is the output \"%s\" or inside it: the site would publish it, and each build would move it; set cache: to a folder beside the output",
			 b->cfg.cache, b->cfg.output);
		return -1;
	}
	if (theme_load(&b->theme, b->cfg.theme, b->d) < 0)
		return -1;
	b->threads = o->jobs > 0 ? o->jobs : pool_cpu_count();
	site_init(&b->site, &b->cfg, b->d, b->threads);
	b->site.now = o->now >= 0 ? o->now : (long long)time(NULL);
	if (output_open(&b->out, b->cfg.output, &b->err) < 0) {
		diag_add(b->d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0, "%s",
			 b->err.ptr);
		return -1;
	}
	/* with no site yet every repository is read: libgit2 from now */
	if (!b->out.exists)
		repo_global_init_start();
	crawl_plan(&b->site, &b->plan);
	if (output_load(&b->out, &b->err) < 0) {
		diag_add(b->d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0, "%s",
			 b->err.ptr);
		return -1;
	}
	output_set_threads(&b->out, b->site.jobs);
	if (b->out.warning)
		diag_add(b->d, DIAG_WARNING, DIAG_RETRYABLE, NULL, NULL, 0,
			 "the site's manifest %s: every page is made again",
			 b->out.warning);
	mark("setup");
	return 0;
}

/* The crawl and the assembly: the model, final from here on. */
static void build_model(struct build_run *b)
{
	const struct build_opts *o = b->o;
	const struct config *cfg = &b->cfg;
	if (cfg->deploy_feed && deploy_feed_load(&b->feed, &b->site.arena, cfg->deploy_feed,
						 cfg->deploy_feed, b->d) == 0)
		b->site.feed = &b->feed;
	if (cfg->slo_feed && slo_feed_load(&b->slo_feed, &b->site.arena,
					   cfg->slo_feed, cfg->slo_feed, b->d) == 0)
		b->site.slo_feed = &b->slo_feed;
	progress_start(&b->progress, &b->site, o->quiet || !o->progress);
	crawl_sources(&b->site, &b->plan);
	mark("crawl");
	crawl_content(&b->site);
	site_assemble(&b->site);
	site_fingerprint(&b->site, b->theme.fp);
	site_org_fingerprint(&b->site);
	view_docfp_trees(&b->site);
	if (o->dump_model && dump_model_file(o->dump_model, &b->site) < 0)
		diag_add(b->d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0,
			 "the model cannot be written to \"%s\": %s",
			 o->dump_model, strerror(errno));
	mark("assemble");
}

/* Every page, on the workers, each feeding the search index; -1 when one
 * could not be written. */
static int build_pages(struct build_run *b)
{
	b->njobs = list_pages(&b->site, &b->jobs);
	b->nworkers = b->threads;
	b->workers = xcalloc((size_t)b->nworkers, sizeof(*b->workers));
	if (b->o->search) {
		struct search_cache_options so = SEARCH_CACHE_OPTIONS_INIT;
		so.timing = diag_timing_on();
		so.note = diag_note;
		so.stats_file = b->o->search_stats;
		b->search = search_cache_begin(b->cfg.cache, b->nworkers,
					       output_live_token(&b->out), &so, b->d);
	}
	b->api_changes = api_changes_cache_load(
		b->cfg.cache, config_limits_fingerprint(&b->cfg.limits), b->d);
	for (int w = 0; w < b->nworkers; w++) {
		render_ctx_init(&b->workers[w], &b->site, &b->theme, &b->out);
		b->workers[w].search = b->search;
		b->workers[w].api_changes = b->api_changes;
		b->workers[w].worker = w;
	}
	struct render_run run = { &b->site, b->jobs, b->workers, &b->progress };
	b->progress.pages_total = b->njobs;
	pool_run(b->threads, b->njobs, render_one, &run);
	progress_stop(&b->progress);
	const char *kept_path = NULL;
	if (api_changes_cache_save(b->api_changes, &kept_path) < 0)
		site_cache_failed(&b->site, kept_path);
	mark("render");
	int failed = 0;
	for (int w = 0; w < b->nworkers; w++)
		failed |= b->workers[w].failed;
	return failed ? -1 : 0;
}

/* The theme's assets and the documents' images and files. */
static int build_assets(struct build_run *b)
{
	for (size_t i = 0; i < b->theme.nassets; i++) {
		const struct theme_asset *as = &b->theme.assets[i];
		struct buf path = BUF_INIT;
		buf_printf(&path, "assets/%s", as->name);
		buf_clear(&b->err);
		int rc = output_write(&b->out, path.ptr, as->data, as->size, &b->err);
		buf_release(&path);
		if (rc < 0) {
			diag_add(b->d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
				 "%s", b->err.ptr);
			return -1;
		}
	}
	return copy_assets(&b->site, &b->out, b->workers, b->nworkers);
}

/* What the workers hold (open repositories, page arenas) is not needed
 * once the pages are made: freed before the search index, the build's
 * other peak of memory. */
static void release_workers(struct build_run *b)
{
	for (int w = 0; w < b->nworkers && !b->released; w++)
		render_ctx_release(&b->workers[w]);
	b->released = 1;
}

static void fill_stats(struct build_stats *stats, const struct build_run *b,
		       const struct timespec *t0, size_t written)
{
	static char output_copy[4096];
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	memset(stats, 0, sizeof(*stats));
	for (int w = 0; w < b->nworkers; w++) {
		stats->made += b->workers[w].rendered;
		stats->unchanged += b->workers[w].reused;
	}
	/* the pages made or kept: the exports and feeds are files, not pages */
	stats->pages = stats->made + stats->unchanged;
	stats->written = written;
	stats->services = b->site.nservices;
	stats->repos = b->site.nsources;
	for (size_t i = 0; i < b->site.nsources; i++) {
		const struct source *src = &b->site.sources[i];
		stats->repos_failed += !src->ok || src->stale;
		/* a repository holding only catalog descriptors (the
		 * organisation's catalog) was read: it is neither */
		int only = site_only_readme(src) && (src->ndocs || !src->nentities);
		stats->repos_readme_only += only;
		stats->repos_nothing_read += only && !src->ndocs;
		stats->deploy_tags_unread += src->deploy_tags_unread;
		stats->repos_deploy_tags_unread += src->deploy_tags_unread > 0;
	}
	stats->seconds = (double)(t1.tv_sec - t0->tv_sec) +
			 (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
	snprintf(output_copy, sizeof(output_copy), "%s", b->cfg.output);
	stats->output = output_copy;
}

static void build_release(struct build_run *b)
{
	crawl_plan_release(&b->site, &b->plan); /* a build stopped before */
	progress_stop(&b->progress);
	output_abort(&b->out);
	release_workers(b);
	free(b->workers);
	free(b->jobs);
	search_cache_free(b->search);
	api_changes_cache_free(b->api_changes);
	site_release(&b->site);
	theme_release(&b->theme);
	config_release(&b->cfg);
	buf_release(&b->err);
}

enum build_result build_site(const struct build_opts *o, struct diag_list *d,
			     struct build_stats *stats)
{
	struct build_run b = BUILD_RUN_INIT;
	struct timespec t0;
	enum build_result rc = BUILD_CONFIG;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	b.o = o;
	b.d = d;
	mark(NULL);
	if (build_setup(&b) < 0)
		goto cleanup;
	build_model(&b);

	rc = BUILD_FATAL;
	int failed = build_pages(&b) < 0;
	if (!failed && build_assets(&b) < 0)
		failed = 1;
	release_workers(&b);
	if (!failed && b.search) {
		index_model(&b.site, b.search);
		if (search_cache_finish(b.search, &b.out, b.threads, d) < 0)
			failed = 1;
	}
	mark("search");
	mark("assets");
	if (failed) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
			 "the site was not published: the previous site at \"%s\" is unchanged",
			 b.cfg.output);
		goto cleanup;
	}
	buf_clear(&b.err);
	size_t written = b.out.written;
	uint64_t token = output_next_token(&b.out);
	if (output_commit(&b.out, &b.err) < 0) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", b.err.ptr);
		goto cleanup;
	}
	mark("publish");
	/* the search cache follows the site it goes with, never runs ahead */
	if (b.search && search_cache_save(b.search, token) < 0)
		site_cache_failed(&b.site, search_cache_dir(b.search));
	mark("save");
	if (stats)
		fill_stats(stats, &b, &t0, written);
	rc = BUILD_OK;

cleanup:
	build_release(&b);
	return rc;
}
