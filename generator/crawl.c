#include "crawl.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "ascii.h"
#include "cache.h"
#include "crawl_apis.h"
#include "crawl_cache.h"
#include "crawl_debt.h"
#include "crawl_refs.h"
#include "crawl_texts.h"
#include "crawl_deps.h"
#include "date.h"
#include "deploy.h"
#include "frontmatter.h"
#include "markdown.h"
#include "pool.h"
#include "records.h"
#include "unread.h"
#include "unread_alerts.h"
#include "rfc.h"
#include "utf8.h"
#include "xalloc.h"
#include "yaml.h"

/* ------------------------------------------------------ documents */

/* The text of a leading ATX h1 ("# Title"), after what the text opens
 * with (markdown_lead: blank lines, HTML comments), as markdown_render
 * finds its title. */
static const char *leading_h1(struct arena *a, const char *s, size_t len)
{
	size_t i = markdown_lead(s, len);
	while (i < len && (s[i] == '\n' || s[i] == '\r' || ascii_is_blank(s[i])))
		i++;
	if (i + 2 > len || s[i] != '#' || !ascii_is_blank(s[i + 1]))
		return NULL;
	i += 2;
	size_t end = i;
	while (end < len && s[end] != '\n' && s[end] != '\r')
		end++;
	/* trim blanks and a closing run of '#' */
	size_t e = end;
	while (e > i && ascii_is_blank(s[e - 1]))
		e--;
	size_t h = e;
	while (h > i && s[h - 1] == '#')
		h--;
	if (h < e && (h == i || ascii_is_blank(s[h - 1])))
		e = h;
	while (e > i && ascii_is_blank(s[e - 1]))
		e--;
	while (i < e && ascii_is_blank(s[i]))
		i++;
	if (e == i)
		return NULL;
	return arena_strndup(a, s + i, e - i);
}

struct document *crawl_make_doc(struct arena *a, struct diag_list *d,
				const struct config_limits *lim,
				const char *repo, const char *path,
				const char *data, size_t len, enum doc_kind kind)
{
	return crawl_make_doc_in(a, NULL, d, lim, repo, path, data, len, kind);
}

static const struct config_limits default_limits = CONFIG_LIMITS_INIT;

/* Whether every line of data is at most lim->line_length bytes; if not, a
 * diagnostic names the first one that is longer. */
static int lines_fit(struct diag_list *d, const struct config_limits *lim,
		     const char *repo, const char *path, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int line = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n > lim->line_length) {
			diag_user(d, repo, path, line,
				  "line is %zu bytes long, over the %zu-byte limit (limits.line_length): file skipped; break the line",
				  n, lim->line_length);
			return 0;
		}
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return 1;
}

struct document *crawl_make_doc_in(struct arena *a, struct buf *scratch,
				   struct diag_list *d,
				   const struct config_limits *lim,
				   const char *repo, const char *path,
				   const char *data, size_t len, enum doc_kind kind)
{
	if (!lim)
		lim = &default_limits;
	const char *why = utf8_not_text(data, len);
	if (why) {
		diag_user(d, repo, path, 0, "%s; Markdown was expected", why);
		return NULL;
	}
	if (!lines_fit(d, lim, repo, path, data, len))
		return NULL;
	const char *text = data;
	size_t bad = utf8_check(data, len);
	if (bad < len) {
		struct buf fixed = BUF_INIT;
		utf8_repair(&fixed, data, len);
		diag_user(d, repo, path, utf8_line_of(data, len, bad),
			  "file is not valid UTF-8: invalid bytes shown as U+FFFD; save it as UTF-8");
		if (scratch) {
			buf_clear(scratch);
			buf_put(scratch, fixed.ptr, fixed.len);
			text = scratch->ptr;
		} else {
			text = arena_strndup(a, fixed.ptr, fixed.len);
		}
		len = fixed.len;
		buf_release(&fixed);
	} else {
		text = scratch ? data : arena_strndup(a, data, len);
	}

	struct document *doc = arena_alloc(a, sizeof(*doc));
	doc->kind = kind;
	doc->path = arena_strdup(a, path);

	struct frontmatter fm;
	struct yaml_error ye;
	if (frontmatter_parse_limited(&fm, a, text, len, &lim->yaml, &ye) < 0) {
		int toml = fm.toml;
		diag_user_error(d, repo, path, ye.line,
				"front matter is not valid: %s; fix the %s between the %s lines",
				ye.msg, toml ? "TOML" : "YAML", toml ? "+++" : "---");
	} else if (fm.unclosed) {
		diag_user(d, repo, path, 1,
			  "front matter is not closed: no \"---\" line ends the one that opens the file, so it is read as text; add the closing line");
	}
	doc->meta = fm.meta;
	doc->body_off = (size_t)(fm.body - text);
	doc->text = fm.body;
	doc->len = fm.body_len;
	doc->body_line = fm.body_line;
	doc->h1 = leading_h1(a, doc->text, doc->len);
	return doc;
}

/* ------------------------------------------------------ repositories */

struct crawl_job {
	struct site *site;
};

static int cmp_doc_path(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	return strcmp(a->path, b->path);
}

/* What a read of e's blob returned (rc, repo_read_blob's), as a
 * diagnostic; releases err.  0, or -1 after the diagnostic. */
static int entry_read(struct source *src, struct diag_list *d,
		      const struct repo_entry *e, int rc, size_t size,
		      size_t max, const char *limit, struct buf *err)
{
	if (rc == 1)
		diag_user(d, src->name, e->path, 0,
			  "file is %zu bytes, over the %zu-byte limit (limits.%s): skipped",
			  size, max, limit);
	else if (rc < 0)
		diag_add(d, DIAG_ERROR, DIAG_USER, src->name, e->path, 0,
			 "cannot read file: %s", err->ptr);
	buf_release(err);
	return rc == 0 ? 0 : -1;
}

/* Reads a small file of the tree (catalog, CODEOWNERS) into out.  Returns
 * -1 after a diagnostic. */
static int read_entry(struct source *src, struct repo *r, struct diag_list *d,
		      const struct repo_entry *e, size_t max, const char *limit,
		      struct buf *out)
{
	struct buf err = BUF_INIT;
	size_t size = 0;
	int rc = repo_read_blob(r, e->oid, max, out, &size, &err);
	return entry_read(src, d, e, rc, size, max, limit, &err);
}

/* ------------------------------------------------------ the crawl cache
 *
 * What the crawl of a repository found depends only on its commit (and on
 * cairn's version, which the cache header checks).  It is kept per
 * repository in <cache>/crawl/; when the branch still points at the same
 * commit, the snapshot replaces the tree walk and the blob reads, and the
 * documents' texts are read later only for pages that must be rendered. */

int crawl_read_entry(struct source *src, struct repo *r, const struct repo_entry *e,
		     size_t max, const char *limit, struct buf *out)
{
	return read_entry(src, r, &src->diags, e, max, limit, out);
}

int crawl_read_entry_ref(struct source *src, struct repo *r,
			 const struct repo_entry *e, size_t max,
			 const char *limit, struct repo_blob *out)
{
	struct buf err = BUF_INIT;
	size_t size = 0;
	int rc = repo_read_blob_ref(r, e->oid, max, out, &size, &err);
	return entry_read(src, &src->diags, e, rc, size, max, limit, &err);
}

static const char snapshot_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'C', 'R', '6' };

/* Saves the snapshot; diagnostics from `first` on belong to the crawl of
 * the commit (earlier ones, such as a failed fetch, do not).  It starts
 * with where the repository comes from (so that a glob: matching nothing
 * finds the repositories it matched before) and the commit (so that a
 * repository that cannot be read shows it: keep_last_good). */
static void snapshot_save(struct site *s, const struct source *src, size_t first)
{
	struct buf b = BUF_INIT;
	const struct config_repo *cr = src->cfg;
	cache_begin(&b, snapshot_magic);
	cache_put_u32(&b, cr->url != NULL);
	cache_put_cstr(&b, cr->url ? cr->url : cr->path);
	cache_put_cstr(&b, cr->branch);
	cache_put_cstr(&b, src->name);
	cache_put_cstr(&b, src->commit.id);
	cache_put_u64(&b, (uint64_t)src->commit.time);
	cache_put_u32(&b, (uint32_t)src->commit.tz_offset);
	cache_put_cstr(&b, src->commit.branch);
	cache_put_cstr(&b, src->commit.subject);
	cache_put_u64(&b, (uint64_t)s->cfg->max_action_items);
	cache_put_u64(&b, config_limits_fingerprint(&s->cfg->limits));
	cache_put_u64(&b, layout_paths_key(s->cfg, src->cfg));
	cache_put_u64(&b, src->history_key);
	cache_put_u64(&b, src->nentries);
	for (size_t i = 0; i < src->nentries; i++) {
		const struct repo_entry *e = &src->entries[i];
		cache_put_cstr(&b, e->path);
		cache_put_bytes(&b, e->oid, REPO_OID_LEN);
		cache_put_u32(&b, (uint32_t)e->kind);
	}
	cache_put_u64(&b, src->naux);
	for (size_t i = 0; i < src->naux; i++) {
		cache_put_cstr(&b, src->aux[i].path);
		cache_put_str(&b, src->aux[i].text, src->aux[i].len);
		cache_put_val(&b, src->aux[i].catalog);
	}
	crawl_apis_put(&b, src);
	cache_put_u64(&b, src->ndocs);
	for (size_t i = 0; i < src->ndocs; i++) {
		const struct document *d = src->docs[i];
		cache_put_cstr(&b, d->path);
		cache_put_u32(&b, (uint32_t)d->kind);
		cache_put_bytes(&b, d->oid, REPO_OID_LEN);
		cache_put_val(&b, d->meta);
		cache_put_cstr(&b, d->h1);
		cache_put_u64(&b, d->body_off);
		cache_put_u32(&b, (uint32_t)d->body_line);
		cache_put_u64(&b, d->len);
		cache_put_u64(&b, (uint64_t)d->changed);
		cache_put_cstr(&b, d->changed_by);
		cache_put_val(&b, d->record);
	}
	crawl_cache_put_diags(&b, src, first);
	crawl_cache_save(s, src, "crawl", &b);
	buf_release(&b);
}

/* Restores src from its snapshot when it was made at the same commit
 * (any_commit: whatever its commit, house rules and limits, and src->commit
 * becomes the snapshot's).  Returns 0 when restored, -1 otherwise (nothing
 * changed in src). */
static int snapshot_load(const struct site *s, struct source *src, int any_commit)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct cache_reader *r = &c.r;
	struct arena *a = &src->arena;
	int rc = -1;
	if (crawl_cache_open(&c, s, src, "crawl", snapshot_magic) < 0)
		goto cleanup;
	cache_get_u32(r); /* where it came from: for find_glob_leftovers */
	cache_get_str(r, a, NULL);
	cache_get_str(r, a, NULL);
	cache_get_str(r, a, NULL);
	const char *commit = cache_get_str(r, a, NULL);
	int64_t commit_time = (int64_t)cache_get_u64(r);
	int tz_offset = (int)cache_get_u32(r);
	const char *commit_branch = cache_get_str(r, a, NULL);
	const char *commit_subject = cache_get_str(r, a, NULL);
	if (!commit || strlen(commit) >= sizeof(src->commit.id) ||
	    (!any_commit && strcmp(commit, src->commit.id) != 0))
		goto cleanup;
	/* records were read with these house rules */
	if (cache_get_u64(r) != (uint64_t)s->cfg->max_action_items && !any_commit)
		goto cleanup;
	/* and what was read depends on the limits */
	int same_limits = cache_get_u64(r) ==
			  config_limits_fingerprint(&s->cfg->limits);
	if (!same_limits && !any_commit)
		goto cleanup;
	/* and which files are which kind (paths:, rules_since) */
	if (cache_get_u64(r) != layout_paths_key(s->cfg, src->cfg) && !any_commit)
		goto cleanup;
	/* and on the history there is (its last changes) */
	if (cache_get_u64(r) != src->history_key && !any_commit)
		goto cleanup;
	size_t n = cache_get_count(r);
	struct repo_entry *entries = arena_alloc(a, (n ? n : 1) * sizeof(*entries));
	for (size_t i = 0; i < n && !r->bad; i++) {
		entries[i].path = cache_get_str(r, a, NULL);
		cache_get_bytes(r, entries[i].oid, REPO_OID_LEN);
		entries[i].kind = (enum repo_entry_kind)cache_get_u32(r);
	}
	size_t naux = cache_get_count(r);
	struct aux_file *aux = arena_alloc(a, (naux ? naux : 1) * sizeof(*aux));
	for (size_t i = 0; i < naux && !r->bad; i++) {
		aux[i].path = cache_get_str(r, a, NULL);
		aux[i].text = cache_get_str(r, a, &aux[i].len);
		aux[i].probe = NULL;
		/* parsed with the limits of then */
		aux[i].catalog = cache_get_val(r, a);
		if (!same_limits)
			aux[i].catalog = NULL;
	}
	crawl_apis_get(r, a, aux, naux, same_limits);
	size_t ndocs = cache_get_count(r);
	struct document **docs = arena_alloc(a, (ndocs ? ndocs : 1) * sizeof(*docs));
	for (size_t i = 0; i < ndocs && !r->bad; i++) {
		struct document *d = arena_alloc(a, sizeof(*d));
		d->src = src;
		d->path = cache_get_str(r, a, NULL);
		d->kind = (enum doc_kind)cache_get_u32(r);
		cache_get_bytes(r, d->oid, REPO_OID_LEN);
		d->meta = cache_get_val(r, a);
		d->h1 = cache_get_str(r, a, NULL);
		d->body_off = (size_t)cache_get_u64(r);
		d->body_line = (int)cache_get_u32(r);
		d->len = (size_t)cache_get_u64(r);
		d->changed = (int64_t)cache_get_u64(r);
		d->changed_by = cache_get_str(r, a, NULL);
		d->record = cache_get_val(r, a);
		if (!d->path || !d->meta || d->kind > DOC_CONTENT)
			r->bad = 1;
		docs[i] = d;
	}
	if (crawl_cache_end(&c, src) < 0)
		goto cleanup;
	if (any_commit)
		repo_commit_set(&src->commit, commit, commit_time, tz_offset,
				commit_branch, commit_subject);
	src->entries = entries;
	src->nentries = n;
	src->aux = aux;
	src->naux = naux;
	src->docs = docs;
	src->ndocs = ndocs;
	src->from_cache = 1;
	rc = 0;

cleanup:
	crawl_cache_close(&c);
	return rc;
}

/* When each document last changed, and by whom, from the history. */
static void last_changes(struct source *src, struct repo *r)
{
	struct buf err = BUF_INIT;
	const char **paths = xcalloc(src->ndocs + 1, sizeof(*paths));
	int64_t *times = xcalloc(src->ndocs + 1, sizeof(*times));
	const char **authors = xcalloc(src->ndocs + 1, sizeof(*authors));
	const char **added_by = xcalloc(src->ndocs + 1, sizeof(*added_by));
	for (size_t i = 0; i < src->ndocs; i++)
		paths[i] = src->docs[i]->path;
	if (repo_last_changes(r, &src->commit, paths, src->ndocs, CRAWL_MAX_HISTORY,
			      &src->arena, times, authors, added_by, &err) < 0)
		diag_add(&src->diags, DIAG_WARNING, DIAG_USER, src->name, NULL, 0,
			 "cannot read the history: %s; documents show no last change",
			 err.ptr);
	for (size_t i = 0; i < src->ndocs; i++) {
		struct document *d = src->docs[i];
		d->changed = times[i];
		d->changed_by = authors[i];
		/* an RFC that names no authors: who added it */
		if (d->kind == DOC_RFC && d->record && added_by[i] && *added_by[i])
			records_default_authors(d->record, &src->arena, added_by[i]);
	}
	free(paths);
	free(times);
	free(authors);
	free(added_by);
	buf_release(&err);
}

static const char deploys_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'D', 'P', '1' };

/* Sets src's deploys from its deploys cache when the cache was saved for
 * key and its services' changes go back to `since` at least; with any,
 * whatever its key and changes (the last successful crawl's, for a
 * repository that cannot be read to make a key).  0 when set. */
static int deploys_load(struct site *s, struct source *src, uint64_t key,
			int any, int64_t since)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct deploy_service *svcs = NULL;
	size_t n = 0;
	int rc = -1;
	if (crawl_cache_open(&c, s, src, "deploys", deploys_magic) < 0 ||
	    (cache_get_u64(&c.r) != key && !any) ||
	    deploy_service_read(&svcs, &n, &c.r, &src->arena) < 0)
		goto cleanup;
	for (size_t i = 0; !any && i < n; i++)
		if (svcs[i].changes_since > since)
			goto cleanup;
	if (crawl_cache_end(&c, src) < 0)
		goto cleanup;
	src->deploys = svcs;
	src->ndeploys = n;
	rc = 0;

cleanup:
	crawl_cache_close(&c);
	return rc;
}

/* What was deployed where, from the repository's deploy tags (and the
 * deploy feed), when the configuration names environments.  With r NULL
 * (the repository not opened) from the caches alone: -1, src untouched,
 * when they do not have it. */
static int collect_deploys(struct site *s, struct source *src, struct repo *r)
{
	const struct config *c = s->cfg;
	struct buf err = BUF_INIT;
	const char *pattern = src->cfg->deploy_pattern ? src->cfg->deploy_pattern
						       : c->deploy_pattern;
	struct deploy_opts o = DEPLOY_OPTS_INIT;
	o.repo = src->name;
	o.pattern = pattern;
	if (!c->nenvironments) {
		/* counted, for the summary and the Deploys page to say so */
		return crawl_refs_count(s, src, r, &o, &src->deploy_tags_unread);
	}
	o.branch = src->cfg->branch;
	o.environments = (const char *const *)c->environments;
	o.nenvironments = c->nenvironments;
	o.production = c->production;
	o.services = src->layout->components;
	o.nservices = src->layout->ncomponents;
	o.feed = s->feed;
	o.changes_since = s->now - 90 * 86400;

	/* the deploys cache: keyed by the branch, the tags and the feed's
	 * records for this repository (deploy_collect_fp) */
	o.head = &src->commit; /* resolved by crawl_one */
	o.refs_fp = crawl_refs_fp(s, src, r, &o);
	uint64_t key = deploy_collect_fp(r, &o);
	int loaded = key && deploys_load(s, src, key, 0, o.changes_since) == 0;
	if (!r && !loaded)
		return -1;
	src->deploys_key = key;
	if (loaded)
		goto cleanup;
	size_t first = src->diags.len;
	if (deploy_collect(&src->deploys, &src->ndeploys, r, &o, &src->arena,
			   &src->diags, &err) < 0) {
		diag_add(&src->diags, DIAG_WARNING, DIAG_USER, src->name, NULL,
			 0, "cannot read the deploys: %s", err.ptr);
	} else if (key) {
		struct buf b = BUF_INIT;
		cache_begin(&b, deploys_magic);
		cache_put_u64(&b, key);
		deploy_service_write(&b, src->deploys, src->ndeploys);
		crawl_cache_put_diags(&b, src, first);
		crawl_cache_save(s, src, "deploys", &b);
		buf_release(&b);
	}

cleanup:
	buf_release(&err);
	return 0;
}

/* Sets src->paths from the configuration and the repository's own
 * .cairn.yaml (text, len; NULL: the one among src's aux files, if any).
 * Problems in .cairn.yaml go to d (NULL: not reported again). */
static void source_paths(struct site *s, struct source *src, const char *text,
			 size_t len, struct diag_list *d)
{
	struct config_paths own = { 0 };
	struct diag_list scratch;
	struct layout_paths *p = arena_alloc(&src->arena, sizeof(*p));
	diag_init(&scratch);
	if (!text) {
		const struct aux_file *f = site_find_aux(src, LAYOUT_REPO_CONFIG);
		if (f) {
			text = f->text;
			len = f->len;
		}
	}
	if (text)
		config_repo_file_parse(&own, text, len, &s->cfg->limits.yaml, src->name,
				       LAYOUT_REPO_CONFIG, d ? d : &scratch);
	layout_paths_for(p, &src->arena, s->cfg, src->cfg, text ? &own : NULL);
	src->paths = p;
	config_paths_release(&own);
	diag_release(&scratch);
}

/* Parses src's catalog descriptors (among its aux files) once, for
 * read_layout and the snapshot (aux_file.catalog); one that is not valid
 * YAML is left to layout_read, which says why. */
static void parse_catalogs(struct site *s, struct source *src)
{
	for (size_t i = 0; i < src->naux; i++) {
		struct aux_file *f = &src->aux[i];
		struct yaml_error ye;
		struct val *docs;
		if (layout_paths_kind(src->paths, f->path) == CONFIG_PATH_CATALOG &&
		    catalog_yaml_parse(&docs, &src->arena, f->text, f->len,
				       &s->cfg->limits.yaml, src->name, f->path,
				       &ye, &src->diags) == 0)
			f->catalog = docs;
	}
}

/* Reads src's catalog descriptors (among its aux files) into src->layout:
 * once per repository and build, whether its crawl came from the cache or
 * not. */
static void read_layout(struct site *s, struct source *src)
{
	struct layout *l = arena_alloc(&src->arena, sizeof(*l));
	layout_read(l, &src->arena, src->name, src->paths, src->aux, src->naux,
		    &s->cfg->limits.yaml);
	src->layout = l;
}

/* src cannot be read (why says so): its last successful crawl stands in
 * for it when the crawl cache has it (src->stale), else it is left out.
 * Either way an error names the repository's line of cairn.yaml. */
static void keep_last_good(struct site *s, struct source *src,
			   enum diag_class cls, const char *why)
{
	const struct config_repo *cr = src->cfg;
	const char *file = s->cfg->file ? s->cfg->file : "cairn.yaml";
	src->ok = 0;
	src->fetch_failed = 0;
	if (snapshot_load(s, src, 1) < 0) {
		diag_add(&src->diags, DIAG_ERROR, cls, NULL, file, cr->line,
			 "repository \"%s\" cannot be read: %s; it is left out of the site (it was never read before)",
			 src->name, why);
		return;
	}
	src->ok = 1;
	src->stale = 1;
	src->as_of = src->commit.time;
	source_paths(s, src, NULL, 0, NULL);
	read_layout(s, src);
	/* what the render would open for a blob it lacks (and fail to) */
	if (!src->git_dir)
		src->git_dir = arena_strdup(&src->arena, cr->url ? cr->url : cr->path);
	crawl_texts_load(s, src);
	if (s->cfg->nenvironments)
		deploys_load(s, src, 0, 1, 0);
	crawl_deps(s, src, NULL);
	crawl_debt(s, src, NULL);
	char when[32];
	date_format(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->as_of);
	diag_add(&src->diags, DIAG_ERROR, cls, NULL, file, cr->line,
		 "repository \"%s\" cannot be read: %s; its last good pages (commit %.10s of %s) are kept",
		 src->name, why, src->commit.id, when);
}

/* The fetch of src (a url: repository) failed (why says so) but its earlier
 * clone was read: it is built from that clone, marked as of its last
 * successful fetch (src->stale), and an error names its cairn.yaml line. */
static void report_fetch_failed(struct site *s, struct source *src,
				int64_t fetched, const char *why)
{
	const char *file = s->cfg->file ? s->cfg->file : "cairn.yaml";
	src->stale = 1;
	src->as_of = fetched ? fetched : src->commit.time;
	char when[32];
	date_format(when, sizeof(when), "%Y-%m-%d %H:%M UTC", src->as_of);
	diag_add(&src->diags, DIAG_ERROR, DIAG_RETRYABLE, NULL, file, src->cfg->line,
		 "repository \"%s\" could not be fetched: %s; its pages are built from the copy %s %s (commit %.10s)",
		 src->name, why, fetched ? "fetched on" : "of", when,
		 src->commit.id);
}

/* Appends a file of src's tree to its aux files (text: len bytes, copied). */
static void add_aux(struct source *src, size_t *cap, const char *path,
		    const char *text, size_t len)
{
	ARENA_GROW(&src->arena, src->aux, *cap, src->naux + 1);
	src->aux[src->naux++] =
		(struct aux_file){ path, arena_strndup(&src->arena, text, len),
				   len, NULL, NULL };
}

/* Whether e is a file of the repository's own tree; if not, says so. */
static int is_own_blob(struct source *src, const struct repo_entry *e)
{
	if (e->kind == REPO_BLOB)
		return 1;
	diag_user(&src->diags, src->name, e->path, 0,
		  "%s is not followed: cairn reads files only from the repository's own tree",
		  e->kind == REPO_SYMLINK ? "symbolic link" : "submodule");
	return 0;
}

/* Reads the repository's own .cairn.yaml (which says where things are)
 * into src->paths, then the small files (which say where the documents
 * are) into src->aux, in path order.  *aux_cap: the room in src->aux;
 * kinds[k], each entry's layout_paths_kind, found once here for read_docs
 * too. */
static void read_aux(struct site *s, struct source *src, struct repo *r,
		     struct buf *data, size_t *aux_cap, int *kinds)
{
	const struct config_limits *lim = &s->cfg->limits;
	struct diag_list *d = &src->diags;
	const struct repo_entry *own = site_find_entry(src, LAYOUT_REPO_CONFIG);
	const char *own_text = NULL;
	size_t own_len = 0;
	if (own && own->kind == REPO_BLOB &&
	    read_entry(src, r, d, own, lim->file_size, "file_size", data) == 0 &&
	    !memchr(data->ptr, '\0', data->len)) {
		own_text = arena_strndup(&src->arena, data->ptr, data->len);
		own_len = data->len;
	}
	source_paths(s, src, own_text, own_len, d);
	for (size_t k = 0; k < src->nentries; k++) {
		const struct repo_entry *e = &src->entries[k];
		kinds[k] = layout_paths_kind(src->paths, e->path);
		if (!layout_kind_is_aux(kinds[k], e->path))
			continue;
		if (e == own) {
			if (own_text) {
				ARENA_GROW(&src->arena, src->aux, *aux_cap,
					   src->naux + 1);
				src->aux[src->naux++] =
					(struct aux_file){ e->path, own_text,
							   own_len, NULL, NULL };
			}
			continue;
		}
		if (!is_own_blob(src, e))
			continue;
		buf_clear(data);
		int api = kinds[k] == CONFIG_PATH_APIS;
		if (read_entry(src, r, d, e, api ? lim->api_file_size : lim->file_size,
			       api ? "api_file_size" : "file_size", data) < 0)
			continue;
		const char *why = utf8_not_text(data->ptr, data->len);
		if (why) {
			diag_user(d, src->name, e->path, 0, "%s", why);
			continue;
		}
		if (!api && !lines_fit(d, lim, src->name, e->path, data->ptr, data->len))
			continue;
		add_aux(src, aux_cap, e->path, data->ptr, data->len);
	}
}

/* Adds the API definitions that src's descriptors name ($text: ./path) to
 * its aux files, keeping them in path order. */
static void read_definitions(struct site *s, struct source *src, struct repo *r,
			     struct buf *data, size_t *aux_cap)
{
	const struct layout *l = src->layout;
	for (size_t k = 0; k < l->ndefinitions; k++) {
		const struct repo_entry *e = site_find_entry(src, l->definitions[k]);
		if (!e || e->kind != REPO_BLOB || site_find_aux(src, e->path))
			continue;
		buf_clear(data);
		if (read_entry(src, r, &src->diags, e, s->cfg->limits.api_file_size,
			       "api_file_size", data) < 0 ||
		    memchr(data->ptr, '\0', data->len))
			continue;
		add_aux(src, aux_cap, e->path, data->ptr, data->len);
		for (size_t j = src->naux - 1;
		     j > 0 && strcmp(src->aux[j - 1].path, src->aux[j].path) > 0;
		     j--) {
			struct aux_file t = src->aux[j];
			src->aux[j] = src->aux[j - 1];
			src->aux[j - 1] = t;
		}
	}
}

/* The parsed metadata file beside the RFC at path (a KEP's kep.yaml), or
 * NULL when it has none or it cannot be read (reported); *spath its path. */
static const struct val *read_sidecar(struct source *src, struct repo *r,
				      const struct config_limits *lim,
				      const char *path, const char **spath)
{
	const char *sp = rfc_sidecar_path(&src->arena, path);
	const struct repo_entry *e = sp ? site_find_entry(src, sp) : NULL;
	const struct val *v = NULL;
	struct buf b = BUF_INIT;
	if (!e || e->kind != REPO_BLOB)
		return NULL;
	*spath = e->path;
	/* a binary is not YAML: rfc_sidecar_parse says so */
	if (read_entry(src, r, &src->diags, e, lim->file_size, "file_size", &b) == 0)
		rfc_sidecar_parse(&v, &src->arena, b.ptr, b.len, src->name,
				  e->path, &src->diags);
	buf_release(&b);
	return v;
}

/* Reads the documents of src's tree (what its layout classifies), their
 * front matter and records; their texts go to the spill file, not to
 * memory, which holds one document at a time.  kinds: read_aux's. */
static void read_docs(struct site *s, struct source *src, struct repo *r,
		      struct buf *data, struct buf *scratch, struct buf *tape,
		      const int *kinds)
{
	const struct config_limits *lim = &s->cfg->limits;
	struct diag_list *d = &src->diags;
	size_t docs_cap = 0;
	for (size_t k = 0; k < src->nentries; k++) {
		const struct repo_entry *e = &src->entries[k];
		if (layout_kind_is_aux(kinds[k], e->path))
			continue;
		int kind = layout_classify_kind(src->layout, e->path, kinds[k]);
		if (kind < 0 || !is_own_blob(src, e))
			continue;
		buf_clear(data);
		if (read_entry(src, r, d, e, lim->file_size, "file_size", data) < 0)
			continue;
		struct document *doc =
			crawl_make_doc_in(&src->arena, scratch, d, lim, src->name,
					  e->path, data->ptr, data->len, kind);
		if (!doc)
			continue;
		doc->src = src;
		memcpy(doc->oid, e->oid, REPO_OID_LEN);
		const char *side_path = NULL;
		const struct val *side =
			kind == DOC_RFC
				? read_sidecar(src, r, lim, e->path, &side_path)
				: NULL;
		doc->record = records_parse(&src->arena, s->cfg, kind, src->name,
					    e->path, doc->meta, side, side_path,
					    doc->text, doc->len, doc->body_line,
					    config_rules_since(s->cfg, src->cfg),
					    d, tape);
		/* with what md4c said of it, which its page plays back */
		site_spill(s, doc, doc->text, doc->len, tape->ptr, tape->len);
		doc->text = NULL;
		ARENA_GROW(&src->arena, src->docs, docs_cap, src->ndocs + 1);
		src->docs[src->ndocs++] = doc;
	}
	if (src->ndocs)
		qsort(src->docs, src->ndocs, sizeof(*src->docs), cmp_doc_path);
}

/* Crawls the tree of src's commit (no snapshot of it): the small files,
 * the layout, the documents, their last changes; saves the snapshot
 * (diagnostics from first_diag on are the commit's).  Returns -1 (err says
 * why) when the tree cannot be listed. */
static int crawl_tree(struct site *s, struct source *src, struct repo *r,
		      size_t first_diag, struct buf *err)
{
	const struct config_limits *lim = &s->cfg->limits;
	struct buf data = BUF_INIT, scratch = BUF_INIT, tape = BUF_INIT;
	size_t aux_cap = 0;
	int truncated = 0;
	if (repo_list_tree_max(r, &src->commit, &src->arena, &src->entries,
			       &src->nentries, lim->repo_files, &truncated, err) < 0) {
		struct buf why = BUF_INIT;
		buf_printf(&why, "cannot read the tree of %s: %s",
			   src->commit.id, err->ptr);
		buf_clear(err);
		buf_put(err, why.ptr, why.len);
		buf_release(&why);
		src->entries = NULL;
		src->nentries = 0;
		return -1;
	}
	if (truncated)
		diag_user(&src->diags, src->name, NULL, 0,
			  "repository has more than %zu files (limits.repo_files): only the first %zu, in path order, are read",
			  lim->repo_files, lim->repo_files);
	int *kinds = xcalloc(src->nentries + 1, sizeof(*kinds));
	read_aux(s, src, r, &data, &aux_cap, kinds);
	unread_alerts(s, src, r);
	parse_catalogs(s, src);
	read_layout(s, src);
	read_definitions(s, src, r, &data, &aux_cap);
	crawl_apis_probe(s, src);
	crawl_texts_begin(s, src);
	read_docs(s, src, r, &data, &scratch, &tape, kinds);
	free(kinds);
	/* patterns the user wrote that match nothing */
	const char **paths = xcalloc(src->nentries + 1, sizeof(*paths));
	for (size_t k = 0; k < src->nentries; k++)
		paths[k] = src->entries[k].path;
	layout_paths_unmatched(src->paths, paths, src->nentries, src->layout,
			       src->name, &src->diags);
	free(paths);
	/* Markdown files whose place says what they are, not read */
	struct unread unread;
	site_unread(src, &src->arena, &unread);
	unread_report(&unread, src->name, &src->diags);
	last_changes(src, r);
	snapshot_save(s, src, first_diag);
	crawl_texts_save(s, src);
	buf_release(&data);
	buf_release(&scratch);
	buf_release(&tape);
	return 0;
}

/* Opens src's repository into *r (once: at once when it is open) and
 * resolves its branch into src->commit, saving the head's stamps taken
 * before (h).  -1 with err and *cls when it cannot be read. */
static int open_repo(struct site *s, struct source *src, const struct crawl_head *h,
		     struct repo **r, struct buf *err, enum diag_class *cls)
{
	const char *branch = src->cfg->branch;
	if (*r)
		return 0;
	if (repo_open(r, src->git_dir, err) < 0)
		return -1;
	repo_commit_release(&src->commit);
	if (repo_resolve(*r, branch, &src->commit, err) < 0) {
		*cls = branch ? DIAG_OPERATOR : DIAG_USER;
		return -1;
	}
	src->common_dir = NULL;
	crawl_refs_head_save(s, src, *r, h);
	return 0;
}

/* The crawl in two passes on the -j threads (crawl.h): every
 * repository's head compared with its stamps (head_one), then the
 * repositories crawled (crawl_one), those to open first. */
static void head_one(size_t i, int worker, void *userdata)
{
	struct crawl_plan *p = userdata;
	struct source *src = &p->s->sources[i];
	(void)worker;
	/* a URL's repository is fetched first: its fetch is the check */
	p->kept[i] = !src->cfg->url &&
		     crawl_refs_head_load(p->s, src, &p->heads[i]) == 0;
}

static void crawl_one(size_t k, int worker, void *userdata)
{
	struct crawl_plan *p = userdata;
	struct site *s = p->s;
	size_t i = p->order[k];
	struct source *src = &s->sources[i];
	struct repo *r = NULL;
	struct buf err = BUF_INIT, git_dir = BUF_INIT, fetch_err = BUF_INIT;
	const struct config_repo *cr = src->cfg;
	struct crawl_head *head = &p->heads[i];
	(void)worker;

	enum diag_class cls = DIAG_OPERATOR; /* why it cannot be read */
	int64_t fetched = 0;
	if (cr->url) {
		const struct config_fetch *f = &s->cfg->fetch;
		struct repo_fetch_opts fo = { f->timeout, f->retries,
					      f->backoff, s->now };
		int rc = repo_sync_url(&git_dir, &fetched, cr->url,
				       s->cfg->cache, &fo, &err);
		if (rc < 0) {
			/* err names the URL without its credentials */
			cls = DIAG_RETRYABLE;
			goto unreadable;
		}
		if (rc == 1) {
			src->fetch_failed = 1;
			buf_put(&fetch_err, err.ptr, err.len);
		}
		src->git_dir = arena_strdup(&src->arena, git_dir.ptr);
	} else {
		src->git_dir = arena_strdup(&src->arena, cr->path);
	}

	buf_clear(&err);
	/* a branch whose head's stamps did not change: the repository is
	 * opened only if a cache below lacks something */
	if (!p->kept[i] && open_repo(s, src, head, &r, &err, &cls) < 0)
		goto unreadable;
	src->ok = 1;
	if (src->fetch_failed)
		report_fetch_failed(s, src, fetched, fetch_err.ptr);
	size_t first_diag = src->diags.len;
	src->history_key =
		crawl_refs_history_key(r ? repo_common_dir(r) : src->common_dir);
	if (snapshot_load(s, src, 0) == 0) {
		source_paths(s, src, NULL, 0, NULL);
		read_layout(s, src);
	} else if (open_repo(s, src, head, &r, &err, &cls) < 0 ||
		   crawl_tree(s, src, r, first_diag, &err) < 0) {
		goto unreadable;
	}
	/* deploys change with tags, not with the branch: found every build */
	if (collect_deploys(s, src, r) < 0 &&
	    (open_repo(s, src, head, &r, &err, &cls) < 0 ||
	     collect_deploys(s, src, r) < 0))
		goto unreadable;
	if (!r && crawl_deps_kept(s, src) < 0 &&
	    open_repo(s, src, head, &r, &err, &cls) < 0)
		goto unreadable;
	if (r)
		crawl_deps(s, src, r);
	if (!r && crawl_debt_kept(s, src) < 0 &&
	    open_repo(s, src, head, &r, &err, &cls) < 0)
		goto unreadable;
	if (r)
		crawl_debt(s, src, r);
	goto cleanup;

unreadable:
	if (src->fetch_failed) {
		/* nor can the earlier clone be read: both are the reason */
		struct buf why = BUF_INIT;
		buf_printf(&why, "%s; %s", fetch_err.ptr, err.ptr);
		buf_clear(&err);
		buf_put(&err, why.ptr, why.len);
		buf_release(&why);
		cls = DIAG_RETRYABLE;
	}
	keep_last_good(s, src, cls, err.ptr);

cleanup:
	s->crawled++;
	repo_free(r);
	buf_release(&err);
	buf_release(&git_dir);
	buf_release(&fetch_err);
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_repo_name(const void *pa, const void *pb)
{
	const struct config_repo *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->path, b->path);
}

/* Whether cairn.yaml lists the repository at path (with branch). */
static int listed(const struct config *c, const char *path, const char *branch)
{
	for (size_t i = 0; i < c->nrepos; i++)
		if (c->repos[i].path && strcmp(c->repos[i].path, path) == 0 &&
		    strcmp_null(c->repos[i].branch, branch) == 0)
			return 1;
	return 0;
}

/* The repositories that a glob: matching nothing now matched in earlier
 * builds: the snapshots in <cache>/crawl/ of paths the pattern matches,
 * with its branch.  Appends an entry (in s->arena, sorted by name) for each
 * to *out; crawling it fails, and keep_last_good keeps its last pages. */
static void find_glob_leftovers(struct site *s, const struct config_glob *g,
				struct config_repo **out, size_t *n, size_t *cap)
{
	struct buf dir = BUF_INIT, file = BUF_INIT, data = BUF_INIT;
	struct arena tmp;
	size_t first = *n;
	DIR *dh;
	struct dirent *de;

	arena_init(&tmp);
	buf_printf(&dir, "%s/crawl", s->cfg->cache);
	if (!(dh = opendir(dir.ptr)))
		goto cleanup;
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		struct cache_reader r;
		if (len < 5 || strcmp(de->d_name + len - 4, ".bin") != 0)
			continue;
		buf_clear(&file);
		buf_clear(&data);
		arena_reset(&tmp);
		buf_printf(&file, "%s/%s", dir.ptr, de->d_name);
		/* not reported here: a snapshot that is used is read again,
		 * and said then */
		if (cache_read(&r, &data, file.ptr, snapshot_magic, NULL) < 0)
			continue;
		int is_url = cache_get_u32(&r) != 0;
		const char *where = cache_get_str(&r, &tmp, NULL);
		const char *branch = cache_get_str(&r, &tmp, NULL);
		const char *name = cache_get_str(&r, &tmp, NULL);
		if (r.bad || is_url || !where || !name ||
		    strcmp_null(branch, g->branch) != 0 ||
		    fnmatch(g->pattern, where, FNM_PATHNAME | FNM_PERIOD) != 0 ||
		    listed(s->cfg, where, branch))
			continue;
		XGROW(*out, *cap, *n + 1);
		struct config_repo *cr = &(*out)[(*n)++];
		memset(cr, 0, sizeof(*cr));
		cr->name = arena_strdup(&s->arena, name);
		cr->path = arena_strdup(&s->arena, where);
		cr->branch = g->branch ? arena_strdup(&s->arena, g->branch) : NULL;
		cr->line = g->line;
	}
	closedir(dh);
	if (*n - first > 1)
		qsort(*out + first, *n - first, sizeof(**out), cmp_repo_name);

cleanup:
	arena_release(&tmp);
	buf_release(&dir);
	buf_release(&file);
	buf_release(&data);
}

void crawl_plan(struct site *s, struct crawl_plan *p)
{
	const struct config *c = s->cfg;
	struct config_repo *extra = NULL;
	size_t nextra = 0, extra_cap = 0;
	for (size_t i = 0; i < c->nempty_globs; i++)
		find_glob_leftovers(s, &c->empty_globs[i], &extra, &nextra, &extra_cap);
	if (nextra) {
		/* the site owns them (src->cfg points at them) */
		struct config_repo *kept =
			arena_alloc(&s->arena, nextra * sizeof(*kept));
		memcpy(kept, extra, nextra * sizeof(*kept));
		free(extra);
		extra = kept;
	}
	s->nsources = c->nrepos + nextra;
	s->sources = xcalloc(s->nsources ? s->nsources : 1, sizeof(*s->sources));
	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		arena_init(&src->arena);
		src->cfg = i < c->nrepos ? &c->repos[i] : &extra[i - c->nrepos];
		src->name = src->cfg->name;
		diag_init(&src->diags);
	}
	size_t n = s->nsources, nopen = 0;
	p->s = s;
	p->heads = xcalloc(n + 1, sizeof(*p->heads));
	p->kept = xcalloc(n + 1, sizeof(*p->kept));
	p->order = xcalloc(n + 1, sizeof(*p->order));
	pool_run(s->jobs, n, head_one, p);
	for (size_t i = 0; i < n; i++)
		if (!p->kept[i])
			p->order[nopen++] = i;
	for (size_t i = 0, k = nopen; i < n; i++)
		if (p->kept[i])
			p->order[k++] = i;
	if (nopen)
		repo_global_init_start();
}

void crawl_plan_release(struct site *s, struct crawl_plan *p)
{
	for (size_t i = 0; p->heads && i < s->nsources; i++)
		crawl_refs_head_release(&p->heads[i]);
	free(p->heads);
	free(p->kept);
	free(p->order);
	memset(p, 0, sizeof(*p));
}

void crawl_sources(struct site *s, struct crawl_plan *p)
{
	site_spill_begin(s);
	pool_run(s->jobs, s->nsources, crawl_one, p);
	crawl_plan_release(s, p);
	/* what each crawl found, in the order of the configuration */
	size_t unopened = 0;
	for (size_t i = 0; i < s->nsources; i++) {
		const struct diag_list *d = &s->sources[i].diags;
		unopened += s->sources[i].common_dir != NULL;
		for (size_t k = 0; k < d->len; k++)
			diag_add(s->diags, d->items[k].severity, d->items[k].cls,
				 d->items[k].repo, d->items[k].path,
				 d->items[k].line, "%s", d->items[k].msg);
	}
	if (diag_timing_on()) {
		char line[160];
		snprintf(line, sizeof(line),
			 "crawl: %zu of %zu repositories not opened (their branch's head unchanged)",
			 unopened, s->nsources);
		diag_note(line, NULL);
	}
}
