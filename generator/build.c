#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "config.h"
#include "crawl.h"
#include "output.h"
#include "page_home.h"
#include "deploy.h"
#include "dump.h"
#include "export.h"
#include "search_cache.h"
#include "page_service.h"
#include "page_api.h"
#include "page_deploys.h"
#include "page_records.h"
#include "page_search.h"
#include "page_team.h"
#include "pool.h"
#include "render.h"
#include "repo.h"
#include "site.h"
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

enum page_kind { PAGE_HOME, PAGE_SERVICES, PAGE_SERVICE, PAGE_DOCUMENT,
		 PAGE_CONTENT, PAGE_404, PAGE_TEAMS, PAGE_TEAM, PAGE_RUNBOOKS,
		 PAGE_CATALOG_JSON, PAGE_RFCS, PAGE_POSTMORTEMS, PAGE_ACTIONS,
		 PAGE_RFCS_FEED, PAGE_POSTMORTEMS_FEED, PAGE_ACTIONS_EXPORT,
		 PAGE_DEPLOYS, PAGE_DEPLOYS_JSON, PAGE_APIS, PAGE_API, PAGE_SEARCH };

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
	}
	/* this page's data is no longer needed */
	arena_reset(&r->arena);
	progress_tick(run->progress);
}

static size_t list_pages(const struct site *s, struct page_job **out)
{
	size_t n = 0, cap = 0;
	struct page_job *jobs = NULL;
#define ADD(k, p)                                         \
	do {                                              \
		XGROW(jobs, cap, n + 1);                  \
		jobs[n++] = (struct page_job){ (k), (p) }; \
	} while (0)
	ADD(PAGE_HOME, NULL);
	ADD(PAGE_SERVICES, NULL);
	ADD(PAGE_404, NULL);
	ADD(PAGE_TEAMS, NULL);
	ADD(PAGE_RUNBOOKS, NULL);
	ADD(PAGE_CATALOG_JSON, NULL);
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
	for (size_t i = 0; i < s->napis; i++)
		ADD(PAGE_API, s->apis[i]);
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
				diag_add(d, DIAG_ERROR, DIAG_RETRYABLE, src->name, NULL, 0,
					 "%s", err.ptr);
				goto cleanup;
			}
			size_t size = 0;
			int rc = repo_read_blob(r, as->entry->oid, ASSET_MAX_SIZE, &data,
						&size, &err);
			if (rc == 1) {
				diag_user(d, src->name, as->entry->path, 0,
					  "image is %zu bytes, over the %u-byte limit: not copied",
					  size, ASSET_MAX_SIZE);
				continue;
			}
			if (rc < 0) {
				diag_add(d, DIAG_ERROR, DIAG_USER, src->name, as->entry->path, 0,
					 "cannot read image: %s", err.ptr);
				continue;
			}
		} else {
			FILE *f = fopen(as->fs_path, "rb");
			char chunk[65536];
			size_t n;
			if (!f) {
				diag_add(d, DIAG_WARNING, DIAG_OPERATOR, NULL, as->fs_path, 0,
					 "cannot read image: %s", strerror(errno));
				continue;
			}
			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
			       data.len <= ASSET_MAX_SIZE)
				buf_put(&data, chunk, n);
			fclose(f);
		}
		if (output_put(run->out, as->address, fp, data.ptr, data.len, NULL, 0,
			       &err) < 0) {
			diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
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
			buf_printf(&body, "%s %s\n", t->services[k]->name, t->services[k]->title);
		for (size_t k = 0; k < t->nmembers; k++)
			buf_printf(&body, "%s %s\n", t->members[k]->name,
				   t->members[k]->display_name ? t->members[k]->display_name : "");
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
		e.body = arena_printf(&a, "%s %s %s", owner ? owner : "", act->state,
				      act->pm->title);
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

enum build_result build_site(const struct build_opts *o, struct diag_list *d,
			     struct build_stats *stats)
{
	struct progress progress = { .running = 0 };
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct config cfg = CONFIG_INIT;
	struct theme theme = THEME_INIT;
	struct site site;
	struct output out = OUTPUT_INIT;
	struct buf err = BUF_INIT;
	struct page_job *jobs = NULL;
	struct render_ctx *workers = NULL;
	struct search_cache *search = NULL;
	int have_site = 0, nworkers = 0, released = 0;
	enum build_result rc = BUILD_CONFIG;

	mark(NULL);
	if (config_load(&cfg, o->config_file, d) < 0)
		goto cleanup;
	if (o->output) {
		free(cfg.output);
		cfg.output = xstrdup(o->output);
	}
	if (theme_load(&theme, cfg.theme, d) < 0)
		goto cleanup;

	int threads = o->jobs > 0 ? o->jobs : pool_cpu_count();
	site_init(&site, &cfg, d, threads);
	have_site = 1;
	site.now = o->now >= 0 ? o->now : (long long)time(NULL);

	/* the output is checked before the long work, not after it */
	if (output_begin(&out, cfg.output, &err) < 0) {
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0, "%s", err.ptr);
		goto cleanup;
	}
	output_set_threads(&out, site.jobs);
	if (out.warning)
		diag_add(d, DIAG_WARNING, DIAG_RETRYABLE, NULL, NULL, 0,
			 "the site's manifest %s: every page is made again", out.warning);

	mark("setup");
	struct deploy_feed feed;
	if (cfg.deploy_feed) {
		if (deploy_feed_load(&feed, &site.arena, cfg.deploy_feed, cfg.deploy_feed, d) == 0)
			site.feed = &feed;
	}
	progress_start(&progress, &site, o->quiet || !o->progress);
	crawl_sources(&site);
	mark("crawl");
	crawl_content(&site);
	site_assemble(&site);
	site_fingerprint(&site, theme.fp);
	if (o->dump_model && dump_model_file(o->dump_model, &site) < 0)
		diag_add(d, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0,
			 "the model cannot be written to \"%s\": %s", o->dump_model,
			 strerror(errno));
	mark("assemble");

	rc = BUILD_FATAL;

	size_t njobs = list_pages(&site, &jobs);
	nworkers = threads;
	workers = xcalloc((size_t)nworkers, sizeof(*workers));
	if (o->search) {
		struct search_cache_options so = SEARCH_CACHE_OPTIONS_INIT;
		so.timing = diag_timing_on();
		so.note = diag_note;
		so.stats_file = o->search_stats;
		search = search_cache_begin(cfg.cache, nworkers, output_live_token(&out), &so, d);
	}
	for (int w = 0; w < nworkers; w++) {
		render_ctx_init(&workers[w], &site, &theme, &out);
		workers[w].search = search;
		workers[w].worker = w;
	}
	struct render_run run = { &site, jobs, workers, &progress };
	progress.pages_total = njobs;
	pool_run(threads, njobs, render_one, &run);
	progress_stop(&progress);
	mark("render");
	int failed = 0;
	for (int w = 0; w < nworkers; w++)
		failed |= workers[w].failed;

	for (size_t i = 0; i < theme.nassets && !failed; i++) {
		struct buf path = BUF_INIT;
		buf_printf(&path, "assets/%s", theme.assets[i].name);
		buf_clear(&err);
		if (output_write(&out, path.ptr, theme.assets[i].data,
				 theme.assets[i].size, &err) < 0) {
			diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
			failed = 1;
		}
		buf_release(&path);
	}
	if (!failed && copy_assets(&site, &out, workers, nworkers) < 0)
		failed = 1;
	/* what the workers hold (open repositories, page arenas) is not
	 * needed any more: freed before the search index, the build's other
	 * peak of memory */
	for (int w = 0; w < nworkers; w++)
		render_ctx_release(&workers[w]);
	released = 1;
	if (!failed && search) {
		index_model(&site, search);
		if (search_cache_finish(search, &out, threads, d) < 0)
			failed = 1;
	}
	mark("search");
	mark("assets");
	if (failed) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
			 "the site was not published: the previous site at \"%s\" is unchanged",
			 cfg.output);
		goto cleanup;
	}
	buf_clear(&err);
	size_t written = out.written;
	uint64_t token = output_next_token(&out);
	if (output_commit(&out, &err) < 0) {
		diag_add(d, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0, "%s", err.ptr);
		goto cleanup;
	}
	mark("publish");
	/* the search cache follows the site it goes with, never runs ahead */
	if (search && search_cache_save(search, token) < 0)
		site_cache_failed(&site, search_cache_dir(search));
	mark("save");
	if (stats) {
		static char output_copy[4096];
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		memset(stats, 0, sizeof(*stats));
		for (int w = 0; w < nworkers; w++) {
			stats->made += workers[w].rendered;
			stats->unchanged += workers[w].reused;
		}
		stats->pages = njobs;
		stats->written = written;
		stats->services = site.nservices;
		stats->repos = site.nsources;
		for (size_t i = 0; i < site.nsources; i++) {
			stats->repos_failed += !site.sources[i].ok || site.sources[i].stale;
			stats->repos_readme_only += crawl_found_only_readme(&site.sources[i]);
		}
		stats->seconds = (double)(t1.tv_sec - t0.tv_sec) +
				 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		snprintf(output_copy, sizeof(output_copy), "%s", cfg.output);
		stats->output = output_copy;
	}
	rc = BUILD_OK;

cleanup:
	if (have_site)
		progress_stop(&progress);
	output_abort(&out);
	for (int w = 0; w < nworkers && !released; w++)
		render_ctx_release(&workers[w]);
	free(workers);
	free(jobs);
	search_cache_free(search);
	if (have_site)
		site_release(&site);
	theme_release(&theme);
	config_release(&cfg);
	buf_release(&err);
	return rc;
}
