#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cache.h"
#include "date.h"
#include "frontmatter.h"
#include "hash.h"
#include "layout.h"
#include "path.h"
#include "utf8.h"
#include "xalloc.h"

void render_ctx_init(struct render_ctx *r, struct site *s,
		     const struct theme *t, struct output *out)
{
	memset(r, 0, sizeof(*r));
	r->site = s;
	r->theme = t;
	r->out = out;
	arena_init(&r->arena);
	arena_init(&r->keep);
	buf_init(&r->page);
	buf_init(&r->links);
	diag_init(&r->diags);
}

void render_ctx_release(struct render_ctx *r)
{
	arena_release(&r->arena);
	arena_release(&r->keep);
	buf_release(&r->page);
	buf_release(&r->links);
	free(r->assets);
	diag_release(&r->diags);
	repo_free(r->repo);
}

/* Moves this page's diagnostics to the site's list. */
static void flush_diags(struct render_ctx *r)
{
	struct diag_list *d = &r->diags;
	for (size_t i = 0; i < d->len; i++)
		diag_add(r->site->diags, d->items[i].severity, d->items[i].cls,
			 d->items[i].repo, d->items[i].path, d->items[i].line,
			 "%s", d->items[i].msg);
	diag_release(d);
	diag_init(d);
}

/* ------------------------------------------------------------ context */

const char *render_url(struct render_ctx *r, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	site_relative(&b, from, to);
	const char *s = arena_strndup(&r->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

void render_set_url(struct render_ctx *r, struct val *m, const char *key,
		    const char *from, const char *to)
{
	val_set_str(&r->arena, m, key, to ? render_url(r, from, to) : "");
}

void render_time(char *out, size_t size, const char *fmt, int64_t t)
{
	date_format(out, size, fmt, t);
}

static void nav_item(struct render_ctx *r, struct val *nav, const char *from,
		     const char *title, const char *to, int active)
{
	struct arena *a = &r->arena;
	struct val *item = val_map(a);
	val_set_str(a, item, "title", title);
	val_set(a, item, "url", val_str(a, render_url(r, from, to)));
	val_set_bool(a, item, "active", active);
	val_push(a, nav, item);
}

/* The sections of the nav, after Home, incident first: what runs, how to
 * operate it, what changed.  A section is active on every page under its
 * address. */
static const struct nav_section {
	const char *title, *address;
	int if_alerts; /* shown only when the site has alerts */
} nav_sections[] = {
	{ "Services", "services/", 0 },
	{ "Runbooks", "runbooks/", 0 },
	{ "Alerts", "alerts/", 1 },
	{ "Deploys", "deploys/", 0 },
	{ "Teams", "teams/", 0 },
	{ "APIs", "apis/", 0 },
	{ "RFCs", "rfcs/", 0 },
	{ "Post-mortems", "postmortems/", 0 },
	{ "Dependencies", "dependencies/", 0 },
	{ "Action items", "action-items/", 0 },
	{ "SLOs", "slos/", 0 },
	{ "Tech debt", "tech-debt/", 0 },
};

struct val *render_base(struct render_ctx *r, const char *address,
			const char *kind, const char *title)
{
	struct arena *a = &r->arena;
	const struct site *s = r->site;
	struct val *ctx = val_map(a);

	struct val *site = val_set(a, ctx, "site", val_map(a));
	val_set_str(a, site, "title", s->cfg->title);
	val_set_str(a, site, "base_url", s->cfg->base_url);
	val_set_str(a, site, "version", CAIRN_VERSION);
	char when[32];
	render_time(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", s->now);
	val_set_str(a, site, "generated", when);
	val_set_num(a, site, "stale_days", s->cfg->stale_days);

	/* the way back to the root: one "../" per folder of the address */
	struct buf root = BUF_INIT;
	for (const char *p = address; *p; p++)
		if (*p == '/')
			buf_puts(&root, "../");
	val_set(a, ctx, "root", val_strn(a, root.ptr, root.len));
	buf_release(&root);

	struct val *page = val_set(a, ctx, "page", val_map(a));
	val_set_str(a, page, "title", title);
	val_set_str(a, page, "kind", kind);
	val_set_str(a, page, "address", address);
	val_set_bool(a, page, "is_home", strcmp(kind, "home") == 0);

	struct val *nav = val_set(a, ctx, "nav", val_list(a));
	nav_item(r, nav, address, "Home", "", *address == '\0');
	for (size_t i = 0; i < sizeof(nav_sections) / sizeof(nav_sections[0]); i++) {
		const struct nav_section *sec = &nav_sections[i];
		if (sec->if_alerts && !s->nalerts)
			continue;
		nav_item(r, nav, address, sec->title, sec->address,
			 strncmp(address, sec->address, strlen(sec->address)) == 0);
	}
	for (size_t i = 0; i < s->ncontent; i++) {
		const struct document *d = s->content[i];
		if (d->nav && d->address)
			nav_item(r, nav, address, d->title, d->address,
				 strcmp(address, d->address) == 0);
	}
	return ctx;
}

/* ------------------------------------------------------------ pages */

void render_page_path(struct buf *out, const char *address)
{
	size_t n = strlen(address);
	buf_put(out, address, n);
	if (n == 0 || address[n - 1] == '/')
		buf_put(out, "index.html", 10);
}

void render_search(struct render_ctx *r, const struct search_entry *e,
		   const struct markdown_heading *toc, size_t ntoc)
{
	if (r->search)
		search_cache_add(r->search, r->worker, e, toc, ntoc);
}

static void add_asset(struct render_ctx *r, struct source *src,
		      const struct repo_entry *e, const char *fs_path,
		      const char *address);

/* The images this page links to (assets[page_assets..]), as the manifest
 * keeps them: per image, the repository's name (NULL for a content file),
 * the file's path in it (or on disk) and the image's address. */
static void put_page_assets(struct buf *b, const struct render_ctx *r)
{
	for (size_t i = r->page_assets; i < r->nassets; i++) {
		const struct asset *as = &r->assets[i];
		cache_put_cstr(b, as->src ? as->src->name : NULL);
		cache_put_cstr(b, as->src ? as->entry->path : as->fs_path);
		cache_put_cstr(b, as->address);
	}
}

static struct source *find_source(struct site *s, const char *name)
{
	for (size_t i = 0; i < s->nsources; i++)
		if (strcmp(s->sources[i].name, name) == 0)
			return &s->sources[i];
	return NULL;
}

/* Collects again the images of a page kept from the last build, so that
 * they are copied (or kept) exactly as when the page is made; 0 when one
 * of them cannot be found any more (the page is then made again). */
static int get_page_assets(struct render_ctx *r, const char *p, size_t n)
{
	struct cache_reader cr = { p, p + n, 0 };
	size_t start = r->nassets;
	while (!cr.bad && cr.p < cr.end) {
		const char *repo = cache_get_str(&cr, &r->arena, NULL);
		const char *path = cache_get_str(&cr, &r->arena, NULL);
		const char *addr = cache_get_str(&cr, &r->arena, NULL);
		if (cr.bad || !path || !addr)
			break;
		if (!repo) {
			add_asset(r, NULL, NULL, path, addr);
			continue;
		}
		struct source *src = find_source(r->site, repo);
		const struct repo_entry *e = src ? site_find_entry(src, path) : NULL;
		if (!e) {
			cr.bad = 1;
			break;
		}
		add_asset(r, src, e, NULL, addr);
	}
	if (cr.bad)
		r->nassets = start;
	return !cr.bad;
}

/* Keeps the page at address whose manifest entry is e (NULL: none) and
 * whose fingerprint is fp; 0 when it cannot be kept. */
static int reuse_entry(struct render_ctx *r, const char *address,
		       const struct output_entry *e, uint64_t fp)
{
	if (!e || !get_page_assets(r, e->assets, e->assets_len))
		return 0;
	output_keep(r->out, e);
	if (e->diags) {
		struct cache_reader cr = { e->diags, e->diags + e->diags_len, 0 };
		cache_get_diags(&cr, r->site->diags);
	}
	if (r->search)
		search_cache_reused(r->search, r->worker, address, fp);
	r->reused++;
	return 1;
}

/* The live manifest's entry of the page at address, when the search
 * cache can keep its entries (a page kept must have them); else NULL. */
static const struct output_entry *live_entry(struct render_ctx *r, const char *address)
{
	if (r->search && !search_cache_can_reuse(r->search, address))
		return NULL;
	struct buf path = BUF_INIT;
	render_page_path(&path, address);
	const struct output_entry *e = output_find_any(r->out, path.ptr);
	buf_release(&path);
	return e;
}

int render_reuse(struct render_ctx *r, const char *address, uint64_t fp)
{
	const struct output_entry *e = live_entry(r, address);
	return reuse_entry(r, address, fp && e && e->fp == fp ? e : NULL, fp);
}

/* What the lookups listed in log (render_ctx.links) find in src's tree,
 * hashed; 0 when log is not such a list. */
static uint64_t links_fp(const struct source *src, const char *log, size_t len);

int render_reuse_links(struct render_ctx *r, const char *address, uint64_t fp,
		       const struct source *src)
{
	const struct output_entry *e = live_entry(r, address);
	if (!e || !e->fp)
		return 0;
	uint64_t lf = links_fp(src, e->links, e->links_len);
	if (!lf || hash_mix_u64(fp, lf) != e->fp)
		return 0;
	return reuse_entry(r, address, e, e->fp);
}

void render_links_begin(struct render_ctx *r)
{
	buf_clear(&r->links);
	r->links_on = 1;
}

uint64_t render_links_fp(const struct render_ctx *r, const struct source *src)
{
	return links_fp(src, r->links.ptr, r->links.len);
}

void render_page(struct render_ctx *r, const char *layout, const char *address,
		 struct val *ctx, uint64_t fp)
{
	struct buf err = BUF_INIT, path = BUF_INIT, diags = BUF_INIT, assets = BUF_INIT;
	buf_clear(&r->page);
	if (mustache_render(&r->page, r->theme->layouts, layout, ctx, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_OPERATOR, NULL, NULL, 0,
			 "layout \"%s\" cannot be rendered: %s", layout, err.ptr);
		r->failed = 1;
		goto cleanup;
	}
	render_page_path(&path, address);
	if (r->diags.len)
		cache_put_diags(&diags, &r->diags);
	put_page_assets(&assets, r);
	buf_clear(&err);
	struct output_meta meta = { diags.ptr,
				    diags.len,
				    assets.ptr,
				    assets.len,
				    r->links_on ? r->links.ptr : NULL,
				    r->links_on ? r->links.len : 0 };
	if (output_put_meta(r->out, path.ptr, fp, r->page.ptr, r->page.len,
			    &meta, &err) < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
			 "%s", err.ptr);
		r->failed = 1;
	}
	if (r->search)
		search_cache_page(r->search, r->worker, address, fp);
	r->rendered++;

cleanup:
	r->links_on = 0;
	flush_diags(r);
	buf_release(&err);
	buf_release(&path);
	buf_release(&diags);
	buf_release(&assets);
}

int render_write(struct render_ctx *r, const char *path, const char *data, size_t len)
{
	return render_write_fp(r, path, data, len, 0);
}

int render_keep_files(struct render_ctx *r, const char *const *paths, size_t n,
		      uint64_t fp)
{
	if (!fp)
		return 0;
	/* made with diagnostics: made again, which reports them */
	for (size_t i = 0; i < n; i++) {
		const struct output_entry *e = output_find(r->out, paths[i], fp);
		if (!e || e->diags_len)
			return 0;
	}
	for (size_t i = 0; i < n; i++)
		output_keep(r->out, output_find(r->out, paths[i], fp));
	return 1;
}

int render_write_fp(struct render_ctx *r, const char *path, const char *data,
		    size_t len, uint64_t fp)
{
	struct buf err = BUF_INIT, diags = BUF_INIT;
	/* the diagnostics so far, so that render_keep_files does not keep
	 * what was made with some */
	if (fp && r->diags.len)
		cache_put_diags(&diags, &r->diags);
	int rc = output_put(r->out, path, fp, data, len, diags.ptr, diags.len, &err);
	buf_release(&diags);
	if (rc < 0) {
		diag_add(r->site->diags, DIAG_ERROR, DIAG_FATAL, NULL, NULL, 0,
			 "%s", err.ptr);
		r->failed = 1;
		rc = -1;
	}
	buf_release(&err);
	return rc;
}

struct repo *render_repo(struct render_ctx *r, const struct source *src)
{
	struct buf err = BUF_INIT;
	if (r->repo_src != src) {
		repo_free(r->repo);
		r->repo = NULL;
		r->repo_src = NULL;
		if (repo_open(&r->repo, src->git_dir, &err) < 0)
			diag_add(&r->diags, DIAG_ERROR, DIAG_RETRYABLE,
				 src->name, NULL, 0, "%s", err.ptr);
		else
			r->repo_src = src;
	}
	buf_release(&err);
	return r->repo;
}

int render_read_blob(struct render_ctx *r, const struct source *src, const char *path,
		     const unsigned char *oid, size_t max, struct buf *out)
{
	struct buf err = BUF_INIT;
	int rc = -1;
	if (!render_repo(r, src))
		goto cleanup;
	size_t size;
	int got = repo_read_blob(r->repo, oid, max, out, &size, &err);
	if (got == 1) {
		diag_user(&r->diags, src->name, path, 0,
			  "file is %zu bytes, over the %zu-byte limit: not read",
			  size, max);
		goto cleanup;
	}
	if (got < 0) {
		diag_add(&r->diags, DIAG_ERROR, DIAG_RETRYABLE, src->name, path,
			 0, "cannot read the file again: %s", err.ptr);
		goto cleanup;
	}
	rc = 0;

cleanup:
	buf_release(&err);
	return rc;
}

int render_doc_text(struct render_ctx *r, const struct document *d,
		    const char **text, size_t *len)
{
	struct buf err = BUF_INIT, data = BUF_INIT;
	int rc = -1;
	if (d->text || !d->src) {
		*text = d->text ? d->text : "";
		*len = d->text ? d->len : 0;
		return 0;
	}
	/* kept by the crawl, repaired already */
	if ((*text = site_unspill(r->site, d, &r->arena))) {
		*len = d->len;
		return 0;
	}
	if (render_read_blob(r, d->src, d->path, d->oid, SIZE_MAX, &data) < 0)
		goto cleanup;
	/* the same bytes the crawl saw, so the same repair */
	if (utf8_check(data.ptr, data.len) < data.len) {
		struct buf fixed = BUF_INIT;
		utf8_repair(&fixed, data.ptr, data.len);
		buf_release(&data);
		data = fixed;
	}
	if (d->body_off > data.len || d->len > data.len - d->body_off) {
		diag_add(&r->diags, DIAG_ERROR, DIAG_RETRYABLE, d->src->name,
			 d->path, 0,
			 "the document changed under the cache: run the build again");
		goto cleanup;
	}
	*text = arena_strndup(&r->arena, data.ptr + d->body_off, d->len);
	*len = d->len;
	rc = 0;

cleanup:
	buf_release(&err);
	buf_release(&data);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct val *render_names(struct render_ctx *r, const char **v, size_t n)
{
	struct arena *a = &r->arena;
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	struct val *list = val_list(a);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(v[i], v[i - 1]) == 0)
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "name", v[i]);
		val_push(a, list, m);
	}
	return list;
}

struct val *render_toc(struct render_ctx *r, const struct markdown_result *md)
{
	struct arena *a = &r->arena;
	struct val *toc = val_list(a);
	for (size_t i = 0; i < md->ntoc; i++) {
		struct val *h = val_map(a);
		val_set_num(a, h, "level", md->toc[i].level);
		val_set_str(a, h, "id", md->toc[i].id);
		val_set_str(a, h, "text", md->toc[i].text);
		val_push(a, toc, h);
	}
	return toc;
}

/* ------------------------------------------------------------ links */

struct link_ctx {
	struct render_ctx *r;
	const struct document *d;
	const char *from;
};

static int is_svg_name(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".svg") == 0;
}

static int is_image_name(const char *path)
{
	static const char *const exts[] = { ".png",  ".jpg", ".jpeg", ".gif",
					    ".webp", ".svg", ".avif", ".bmp",
					    ".ico",  NULL };
	size_t n = strlen(path);
	for (int i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcasecmp(path + n - e, exts[i]) == 0)
			return 1;
	}
	return 0;
}

/* Appends segment s (n bytes) made safe, and when that changed it (case,
 * spaces, accents), "-" and 8 hex digits of a hash of it: two files whose
 * names differ only so ("Diagram.png", "diagram.png"; "a b.png", "a-b.png")
 * get two addresses, each the same in every build. A file's extension
 * (ext) comes after the hash. */
static void asset_segment(struct buf *b, const char *s, size_t n, size_t ext)
{
	size_t start = b->len, stem = ext ? ext - 1 : n;
	site_safe_segment(b, s, stem);
	if (ext) {
		buf_putc(b, '.');
		site_safe_segment(b, s + ext, n - ext);
	}
	if (b->len - start == n && memcmp(b->ptr + start, s, n) == 0)
		return;
	buf_truncate(b, start);
	site_safe_segment(b, s, stem);
	buf_printf(b, "-%08x", (unsigned)(hash_of(s, n, 0) >> 32));
	if (ext) {
		buf_putc(b, '.');
		site_safe_segment(b, s + ext, n - ext);
	}
}

/* A safe site address for a copied file: prefix + safe segments; the
 * extension is kept (made lower case). */
static const char *asset_address(struct arena *a, const char *prefix, const char *path)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, prefix);
	const char *s = path;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (!e) {
			const char *dot = memrchr(s, '.', len);
			size_t stem = dot && dot != s ? (size_t)(dot - s) : len;
			asset_segment(&b, s, len, stem + 1 < len ? stem + 1 : 0);
			break;
		}
		asset_segment(&b, s, len, 0);
		buf_putc(&b, '/');
		s = e + 1;
	}
	const char *r = arena_strndup(a, b.ptr, b.len);
	buf_release(&b);
	return r;
}

static void add_asset(struct render_ctx *r, struct source *src,
		      const struct repo_entry *e, const char *fs_path,
		      const char *address)
{
	XGROW(r->assets, r->assets_cap, r->nassets + 1);
	r->assets[r->nassets++] =
		(struct asset){ src, e, fs_path ? arena_strdup(&r->keep, fs_path) : NULL,
				arena_strdup(&r->keep, address) };
}

/* True when path is a folder of the tree: some entry starts with "path/".
 * Entries are sorted, so the first candidate is found by bisection. */
static int has_prefix_dir(const struct source *src, const char *path)
{
	size_t n = strlen(path), lo = 0, hi = src->nentries;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(src->entries[mid].path, path) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < src->nentries; i++) {
		const char *p = src->entries[i].path;
		int c = strncmp(p, path, n);
		if (c > 0)
			break;
		if (c == 0 && p[n] == '/')
			return 1;
		if (c == 0 && p[n] > '/')
			break;
	}
	return 0;
}

static const struct document *find_content(const struct site *s, const char *path)
{
	if (s->home && strcmp(s->home->path, path) == 0)
		return s->home;
	for (size_t i = 0; i < s->ncontent; i++)
		if (strcmp(s->content[i]->path, path) == 0)
			return s->content[i];
	return NULL;
}

/* ------------------------------------------------------------ lookups
 * Every question a document's links ask of its repository's tree goes
 * through lookup(), which lists it on a page whose lookups are kept
 * (render_links_begin): the page is the same while every one of them
 * gets the same answer. */

/* The answer to lookup kind k of path in src's tree, as mixed. */
static uint64_t lookup_answer(const struct source *src, char k, const char *path)
{
	if (k == 'd') {
		const struct document *t = site_find_doc(src, path);
		return t ? hash_mix_str(1, t->address) : 0;
	}
	if (k == 'e') {
		const struct repo_entry *e = site_find_entry(src, path);
		return e ? 2 + (uint64_t)e->kind : 0;
	}
	return (uint64_t)has_prefix_dir(src, path);
}

static uint64_t links_fp(const struct source *src, const char *log, size_t len)
{
	const char *p = log, *end = log + len;
	uint64_t h = hash_mix_u64(0x6c696e6b73, len);
	while (p < end) {
		char k = *p++;
		const char *z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		if (!z || (k != 'd' && k != 'e' && k != 'f'))
			return 0;
		/* the answers alone: the list is what the page's text (in
		 * its fingerprint) asks given those answers */
		h = hash_mix_u64(h, lookup_answer(src, k, p));
		p = z + 1;
	}
	return h ? h : 1;
}

/* Lists lookup k of path on the page's list, once. */
static void log_lookup(struct render_ctx *r, char k, const char *path)
{
	size_t n = strlen(path);
	const char *p = r->links.ptr, *end = p + r->links.len;
	/* a page links to a file many times: listed once (looked for in a
	 * list of reasonable length; past it, listed again) */
	while (r->links.len < 16384 && p < end) {
		const char *z = memchr(p + 1, '\0', (size_t)(end - p - 1));
		if (*p == k && (size_t)(z - p - 1) == n && memcmp(p + 1, path, n) == 0)
			return;
		p = z + 1;
	}
	buf_putc(&r->links, k);
	buf_put(&r->links, path, n + 1);
}

static const struct document *find_doc(struct link_ctx *lc, const char *path)
{
	if (lc->r->links_on)
		log_lookup(lc->r, 'd', path);
	return site_find_doc(lc->d->src, path);
}

static const struct repo_entry *find_entry(struct link_ctx *lc, const char *path)
{
	if (lc->r->links_on)
		log_lookup(lc->r, 'e', path);
	return site_find_entry(lc->d->src, path);
}

static int find_folder(struct link_ctx *lc, const char *path)
{
	if (lc->r->links_on)
		log_lookup(lc->r, 'f', path);
	return has_prefix_dir(lc->d->src, path);
}

static int is_doc_of(const char *path, void *lc)
{
	return find_doc(lc, path) != NULL;
}

static int is_blob_of(const char *path, void *lc)
{
	const struct repo_entry *e = find_entry(lc, path);
	return e && e->kind == REPO_BLOB;
}

static int is_markdown_of(const char *path, void *lc)
{
	return is_blob_of(path, lc) && layout_is_markdown(path);
}

static enum markdown_link_action resolve_link(struct buf *out, const char *url,
					      int is_image, int line, void *userdata)
{
	struct link_ctx *lc = userdata;
	struct render_ctx *r = lc->r;
	const struct document *d = lc->d;
	struct site *s = r->site;
	struct buf path = BUF_INIT, readme = BUF_INIT;
	enum markdown_link_action act = MARKDOWN_LINK_DROP;
	const char *repo = d->src ? d->src->name : NULL;
	const char *file = d->path;

	size_t plen = strcspn(url, "?#");
	const char *frag = strchr(url, '#');
	if (plen == 0) {
		act = MARKDOWN_LINK_KEEP;
		goto cleanup;
	}
	if (path_resolve(&path, d->path, url, plen, 1) < 0) {
		diag_user(&r->diags, repo, file, line,
			  "link \"%s\" points outside the repository", url);
		goto cleanup;
	}

	const struct document *target = NULL;
	if (d->src) {
		target = find_doc(lc, path.ptr);
		/* a folder: its README.md, else its index.md */
		for (int i = 0; !target && i < 2; i++) {
			buf_clear(&readme);
			buf_printf(&readme, "%s%s%s", path.ptr, path.len ? "/" : "",
				   i ? "index.md" : "README.md");
			target = find_doc(lc, readme.ptr);
		}
	} else {
		target = find_content(s, path.ptr);
	}
	if (target) {
		const char *addr = target == s->home ? "" : target->address;
		if (!addr)
			goto cleanup;
		if (is_image)
			goto cleanup;
		site_relative(out, lc->from, addr);
		if (frag)
			buf_puts(out, frag);
		act = MARKDOWN_LINK_REWRITE;
		goto cleanup;
	}

	if (!d->src) {
		struct buf fs = BUF_INIT;
		struct stat st;
		buf_printf(&fs, "%s/%s", s->cfg->content, path.ptr);
		if (is_image_name(path.ptr) && stat(fs.ptr, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			const char *addr =
				asset_address(&r->arena, "files/", path.ptr);
			add_asset(r, NULL, NULL, fs.ptr, addr);
			site_relative(out, lc->from, addr);
			act = MARKDOWN_LINK_REWRITE;
		} else if (stat(fs.ptr, &st) != 0) {
			diag_add(&r->diags, DIAG_WARNING, DIAG_OPERATOR, NULL, file,
				 line, "%s \"%s\" not found in the content folder",
				 is_image ? "image" : "link to", url);
		}
		buf_release(&fs);
		goto cleanup;
	}

	const struct repo_entry *e = find_entry(lc, path.ptr);
	/* an image written from a docs site's root ("/images/x.svg" for
	 * source/images/x.svg) */
	if (!e && is_image && url[0] == '/' &&
	    path_site_source(&readme, d->path, path.ptr, 1, is_blob_of, lc) == 0) {
		buf_clear(&path);
		buf_put(&path, readme.ptr, readme.len);
		e = find_entry(lc, path.ptr);
	}
	/* an image is copied and shown; a link to an SVG does not lead to
	 * the copy, which a click would open in the site's origin, scripts
	 * and all (docs/security.md): to its source, as other files */
	if (e && e->kind == REPO_BLOB && is_image_name(path.ptr) &&
	    (is_image || !is_svg_name(path.ptr))) {
		const char *addr =
			asset_address(&r->arena, d->service->address, path.ptr);
		add_asset(r, d->src, e, NULL, addr);
		site_relative(out, lc->from, addr);
		act = MARKDOWN_LINK_REWRITE;
		goto cleanup;
	}
	if (e || find_folder(lc, path.ptr)) {
		if (is_image && (!e || e->kind != REPO_BLOB))
			/* not copied, never followed: said, as a document
			 * that is one is */
			diag_user(&r->diags, repo, file, line,
				  "image \"%s\" names a %s, not a file: it is shown as its text",
				  url,
				  !e			    ? "folder"
				  : e->kind == REPO_SYMLINK ? "symbolic link"
							    : "submodule");
		/* a file or folder that is not a page: its source, if known */
		if (!is_image && d->src->web_url && d->src->commit.branch) {
			buf_printf(out, "%s/%s/%s/%s", d->src->web_url,
				   e ? "blob" : "tree", d->src->commit.branch,
				   path.ptr);
			if (frag)
				buf_puts(out, frag);
			act = MARKDOWN_LINK_REWRITE;
		}
		goto cleanup;
	}
	/* a link written for a docs site's generator ("/manual/x.html" for
	 * source/manual/x.html.md): the page of that source */
	if (!is_image &&
	    path_site_source(&readme, d->path, path.ptr, url[0] == '/',
			     is_doc_of, lc) == 0 &&
	    (target = find_doc(lc, readme.ptr)) && target->address) {
		site_relative(out, lc->from, target->address);
		if (frag)
			buf_puts(out, frag);
		act = MARKDOWN_LINK_REWRITE;
		goto cleanup;
	}
	/* ... or of a Markdown file that is not a document: there, as
	 * cairn check finds it, not reported */
	if (!is_image && path_site_source(&readme, d->path, path.ptr,
					  url[0] == '/', is_markdown_of, lc) == 0)
		goto cleanup;
	buf_clear(&path);
	markdown_missing_link_advice(&path, url);
	diag_user(&r->diags, repo, file, line,
		  "%s \"%s\" names a file that is not in the repository; %s",
		  is_image ? "image" : "link", url, path.ptr);

cleanup:
	buf_release(&path);
	buf_release(&readme);
	return act;
}

void render_markdown(struct render_ctx *r, const struct document *d,
		     const char *from, struct markdown_result *md)
{
	struct link_ctx lc = { r, d, from };
	struct markdown_opts opts = MARKDOWN_OPTS_INIT;
	opts.resolve = resolve_link;
	opts.userdata = &lc;
	opts.line_offset = d->body_line - 1;
	/* a leading h1 is the page's title, shown above the text, unless
	 * front matter gave another: then it is the text's own (README) */
	const char *fm_title = frontmatter_text(&r->arena, val_get(d->meta, "title"));
	opts.strip_title =
		d->h1 && (!fm_title || !*fm_title || strcmp(fm_title, d->h1) == 0);
	opts.raw_html = r->site->cfg->raw_html;
	opts.valid_utf8 = d->src != NULL; /* render_doc_text's are repaired */
	const char *text;
	size_t len;
	if (render_doc_text(r, d, &text, &len) < 0)
		text = "", len = 0;
	/* a Rust RFC's header list is shown as the page's metadata */
	const struct val *hl = d->record ? val_get(d->record, "header_len") : NULL;
	/* the crawl's parse of the whole text, played back (mdtape.h) */
	opts.tape = site_unspill_tape(r->site, d, &r->arena, &opts.tape_len);
	if (hl && hl->type == VAL_NUM && hl->u.num > 0 && (size_t)hl->u.num <= len) {
		opts.tape = NULL; /* the text is not the one the tape is of */
		size_t skip = (size_t)hl->u.num;
		for (size_t i = 0; i < skip; i++)
			opts.line_offset += text[i] == '\n';
		text += skip;
		len -= skip;
	}
	if (markdown_render(md, text, len, &opts) < 0)
		diag_user(&r->diags, d->src ? d->src->name : NULL, d->path, 0,
			  "the Markdown could not be rendered");
}
