/* api_changes: an API's description at each environment's deployed commit
 * and at the default branch, compared (see api_changes.h). */
#include "api_changes.h"

#include <string.h>

#include "cache.h"
#include "hash.h"

#define SHAPE_MAGIC "CAIRNAPS"
#define PATHS_MAGIC "CAIRNAPP"
#define COMMIT_MAGIC "CAIRNAPC"

/* A file one version of the description read, and its blob id (zero: the
 * file is not there). */
struct dep {
	const char *path;
	unsigned char oid[REPO_OID_LEN];
};

/* One version of the description: where it was read, what it read. */
struct version {
	const char *commit;
	struct dep *deps; /* deps[0] is the description's own file */
	size_t ndeps, cap;
	struct openapi_shape shape;
	const char *error; /* could not be read: why */
};

struct reader {
	struct render_ctx *r;
	const struct api *api;
	struct repo *repo;   /* opened when first needed (reader_repo) */
	int repo_failed;     /* it could not be opened */
	struct version *v;   /* being read */
	struct version **vs; /* read for this page, each commit once */
	size_t nvs, cap;
	struct openapi_tree *tree; /* the page's parse of api->text, or NULL */
};

/* ================================================================ reading at a commit */

/* The repository, opened on first use: a version found in the cache
 * (from_commit_cache) needs none.  NULL, with repo_failed set, when it
 * cannot be opened. */
static struct repo *reader_repo(struct reader *rd)
{
	if (!rd->repo && !rd->repo_failed) {
		rd->repo = render_repo(rd->r, rd->api->src);
		rd->repo_failed = rd->repo == NULL;
	}
	return rd->repo;
}

static int lookup(struct reader *rd, const char *path, unsigned char oid[REPO_OID_LEN])
{
	struct buf err = BUF_INIT;
	if (!reader_repo(rd))
		return -1;
	int rc = repo_blob_at(rd->repo, rd->v->commit, path, oid, &err);
	if (rc < 0 && !rd->v->error)
		rd->v->error = arena_strndup(&rd->r->arena, err.ptr, err.len);
	buf_release(&err);
	return rc;
}

static void add_dep(struct reader *rd, const char *path, const unsigned char *oid)
{
	struct version *v = rd->v;
	ARENA_GROW(&rd->r->arena, v->deps, v->cap, v->ndeps + 1);
	v->deps[v->ndeps].path = arena_strdup(&rd->r->arena, path);
	memcpy(v->deps[v->ndeps].oid, oid, REPO_OID_LEN);
	v->ndeps++;
}

/* openapi's load callback: a file at the version's commit. */
static int load_at(const char *path, struct buf *out, void *userdata)
{
	struct reader *rd = userdata;
	unsigned char oid[REPO_OID_LEN];
	struct buf err = BUF_INIT;
	size_t size;
	int rc = lookup(rd, path, oid);
	add_dep(rd, path, oid);
	if (rc == 0)
		rc = repo_read_blob(rd->repo, oid, rd->r->site->cfg->limits.api_file_size,
				    out, &size, &err) == 0
			     ? 0
			     : -1;
	buf_release(&err);
	return rc == 0 ? 0 : -1;
}

/* ================================================================ the cache */

static void put_fields(struct buf *b, const struct openapi_fields *fs)
{
	cache_put_u64(b, fs->n);
	for (size_t i = 0; i < fs->n; i++) {
		const struct openapi_field *f = &fs->v[i];
		cache_put_cstr(b, f->name);
		cache_put_cstr(b, f->type);
		cache_put_u32(b, (uint32_t)f->required);
		cache_put_u64(b, f->nenums);
		for (size_t k = 0; k < f->nenums; k++)
			cache_put_cstr(b, f->enums[k]);
	}
}

static void get_fields(struct cache_reader *c, struct arena *a,
		       struct openapi_fields *fs)
{
	fs->n = cache_get_count(c);
	fs->v = arena_alloc(a, (fs->n + 1) * sizeof(*fs->v));
	for (size_t i = 0; i < fs->n && !c->bad; i++) {
		struct openapi_field *f = &fs->v[i];
		f->name = cache_get_str(c, a, NULL);
		f->type = cache_get_str(c, a, NULL);
		f->required = (int)cache_get_u32(c);
		f->nenums = cache_get_count(c);
		f->enums = arena_alloc(a, (f->nenums + 1) * sizeof(*f->enums));
		for (size_t k = 0; k < f->nenums; k++)
			f->enums[k] = cache_get_str(c, a, NULL);
		if (!f->name || !f->type)
			c->bad = 1;
	}
}

static void put_shape(struct buf *b, const struct version *v)
{
	cache_put_u64(b, v->ndeps);
	for (size_t i = 0; i < v->ndeps; i++) {
		cache_put_cstr(b, v->deps[i].path);
		cache_put_bytes(b, v->deps[i].oid, REPO_OID_LEN);
	}
	cache_put_u64(b, v->shape.nops);
	for (size_t i = 0; i < v->shape.nops; i++) {
		const struct openapi_shape_op *op = &v->shape.ops[i];
		cache_put_cstr(b, op->method);
		cache_put_cstr(b, op->path);
		cache_put_cstr(b, op->anchor);
		cache_put_u32(b, (uint32_t)(op->webhook | op->has_body << 1 |
					    op->body_required << 2));
		put_fields(b, &op->params);
		put_fields(b, &op->body);
		cache_put_u64(b, op->nresponses);
		for (size_t k = 0; k < op->nresponses; k++) {
			cache_put_cstr(b, op->responses[k].status);
			put_fields(b, &op->responses[k].body);
		}
	}
}

static void get_shape(struct cache_reader *c, struct arena *a, struct openapi_shape *s)
{
	s->nops = cache_get_count(c);
	s->ops = arena_alloc(a, (s->nops + 1) * sizeof(*s->ops));
	for (size_t i = 0; i < s->nops && !c->bad; i++) {
		struct openapi_shape_op *op = &s->ops[i];
		memset(op, 0, sizeof(*op));
		op->method = cache_get_str(c, a, NULL);
		op->path = cache_get_str(c, a, NULL);
		op->anchor = cache_get_str(c, a, NULL);
		uint32_t flags = cache_get_u32(c);
		op->webhook = flags & 1;
		op->has_body = (flags >> 1) & 1;
		op->body_required = (flags >> 2) & 1;
		get_fields(c, a, &op->params);
		get_fields(c, a, &op->body);
		op->nresponses = cache_get_count(c);
		op->responses = arena_alloc(a, (op->nresponses + 1) *
						       sizeof(*op->responses));
		for (size_t k = 0; k < op->nresponses; k++) {
			op->responses[k].status = cache_get_str(c, a, NULL);
			get_fields(c, a, &op->responses[k].body);
		}
		if (!op->method || !op->path || !op->anchor)
			c->bad = 1;
	}
}

/* The cache, two files per version read:
 *   <cache>/api-shapes/<hash of the path and the file's blob id>.paths
 *       the other files its $refs read (the last time it was parsed);
 *   <cache>/api-shapes/<hash of every file's path and blob id>.bin
 *       those files and their blob ids, then the shape.
 * A version is looked up by reading the first, finding those paths' blob
 * ids at its commit, then the second: the same blobs, the same shape. */
static const char *paths_file(struct reader *rd, const unsigned char *oid)
{
	uint64_t h = hash_of(oid, REPO_OID_LEN, hash_mix_str(0, rd->api->path));
	return arena_printf(&rd->r->arena, "%s/api-shapes/%016llx.paths",
			    rd->r->site->cfg->cache, (unsigned long long)h);
}

static const char *shape_file(struct reader *rd)
{
	const struct version *v = rd->v;
	uint64_t h = hash_mix_str(0, rd->api->path);
	for (size_t i = 0; i < v->ndeps; i++)
		h = hash_of(v->deps[i].oid, REPO_OID_LEN,
			    hash_mix_str(h, v->deps[i].path));
	return arena_printf(&rd->r->arena, "%s/api-shapes/%016llx.bin",
			    rd->r->site->cfg->cache, (unsigned long long)h);
}

/* Adds the files the paths file names, with their blob ids here.
 * Returns 0, or -1. */
static int cached_deps(struct reader *rd, const unsigned char *oid)
{
	struct buf data = BUF_INIT;
	struct cache_reader c;
	int rc = -1;
	if (cache_read(&c, &data, paths_file(rd, oid), PATHS_MAGIC, NULL) < 0)
		goto cleanup;
	size_t n = cache_get_count(&c);
	for (size_t i = 0; i < n; i++) {
		unsigned char got[REPO_OID_LEN];
		const char *p = cache_get_str(&c, &rd->r->arena, NULL);
		if (c.bad || !p || lookup(rd, p, got) < 0)
			goto cleanup;
		add_dep(rd, p, got);
	}
	rc = c.bad || c.p != c.end ? -1 : 0;
cleanup:
	buf_release(&data);
	return rc;
}

/* The cached shape of the version whose files are rd->v's deps (all of
 * them).  Returns 0, or -1. */
static int cached_shape(struct reader *rd)
{
	struct buf data = BUF_INIT;
	struct cache_reader c;
	struct arena *a = &rd->r->arena;
	struct version *v = rd->v;
	int rc = -1;
	if (cache_read(&c, &data, shape_file(rd), SHAPE_MAGIC, NULL) < 0)
		goto cleanup;
	size_t n = cache_get_count(&c);
	if (n != v->ndeps)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		unsigned char want[REPO_OID_LEN];
		const char *p = cache_get_str(&c, a, NULL);
		cache_get_bytes(&c, want, REPO_OID_LEN);
		if (c.bad || !p || strcmp(p, v->deps[i].path) != 0 ||
		    memcmp(want, v->deps[i].oid, REPO_OID_LEN) != 0)
			goto cleanup;
	}
	get_shape(&c, a, &v->shape);
	if (!c.bad && c.p == c.end)
		rc = 0;
cleanup:
	buf_release(&data);
	return rc;
}

/* The cached shape of the version whose own file has blob id oid.
 * Returns 0, or -1 (nothing usable: v->deps is back to its own file). */
static int from_cache(struct reader *rd, const unsigned char *oid)
{
	if (cached_deps(rd, oid) == 0 && cached_shape(rd) == 0)
		return 0;
	rd->v->ndeps = 1;
	return -1;
}

/* <cache>/api-shapes/<hash of the path and a commit>.at: the files the
 * version at that commit read, with their blob ids.  What a commit holds
 * never changes, so a rebuild finds the version's shape (cached_shape)
 * without opening the repository or looking a path up in a tree. */
static const char *commit_file(struct reader *rd)
{
	uint64_t h = hash_mix_str(hash_mix_str(0, rd->api->path), rd->v->commit);
	return arena_printf(&rd->r->arena, "%s/api-shapes/%016llx.at",
			    rd->r->site->cfg->cache, (unsigned long long)h);
}

/* rd->v (no deps yet) from its commit's file and the shape it names.
 * Returns 0, or -1 (then v has no deps). */
static int from_commit_cache(struct reader *rd)
{
	struct buf data = BUF_INIT;
	struct cache_reader c;
	struct version *v = rd->v;
	int rc = -1;
	if (cache_read(&c, &data, commit_file(rd), COMMIT_MAGIC, NULL) < 0)
		goto cleanup;
	const char *commit = cache_get_str(&c, &rd->r->arena, NULL);
	size_t n = cache_get_count(&c);
	if (!commit || strcmp(commit, v->commit) != 0 || !n)
		goto cleanup;
	for (size_t i = 0; i < n && !c.bad; i++) {
		unsigned char oid[REPO_OID_LEN];
		const char *p = cache_get_str(&c, &rd->r->arena, NULL);
		cache_get_bytes(&c, oid, REPO_OID_LEN);
		if (!p || (i == 0 && strcmp(p, rd->api->path) != 0))
			goto cleanup;
		add_dep(rd, p, oid);
	}
	if (c.bad || c.p != c.end)
		goto cleanup;
	rc = cached_shape(rd);
cleanup:
	if (rc < 0)
		v->ndeps = 0;
	buf_release(&data);
	return rc;
}

/* Keeps the files rd->v read at its commit (commit_file). */
static void commit_to_cache(struct reader *rd)
{
	struct buf rec = BUF_INIT;
	const struct version *v = rd->v;
	const char *path = commit_file(rd);
	cache_begin(&rec, COMMIT_MAGIC);
	cache_put_cstr(&rec, v->commit);
	cache_put_u64(&rec, v->ndeps);
	for (size_t i = 0; i < v->ndeps; i++) {
		cache_put_cstr(&rec, v->deps[i].path);
		cache_put_bytes(&rec, v->deps[i].oid, REPO_OID_LEN);
	}
	if (cache_save(path, rec.ptr, rec.len) < 0)
		site_cache_failed(rd->r->site, path);
	buf_release(&rec);
}

/* Keeps v's shape and the paths it read. */
static void to_cache(struct reader *rd, const unsigned char *oid)
{
	struct buf rec = BUF_INIT;
	const struct version *v = rd->v;
	const char *path = shape_file(rd);
	cache_begin(&rec, SHAPE_MAGIC);
	put_shape(&rec, v);
	if (cache_save(path, rec.ptr, rec.len) < 0)
		site_cache_failed(rd->r->site, path);
	buf_clear(&rec);
	cache_begin(&rec, PATHS_MAGIC);
	cache_put_u64(&rec, v->ndeps - 1);
	for (size_t i = 1; i < v->ndeps; i++)
		cache_put_cstr(&rec, v->deps[i].path);
	path = paths_file(rd, oid);
	if (cache_save(path, rec.ptr, rec.len) < 0)
		site_cache_failed(rd->r->site, path);
	buf_release(&rec);
}

/* Reads the description at v->commit into v (from the cache, or parsed
 * and then cached). */
static void read_version(struct reader *rd, struct version *v)
{
	struct render_ctx *r = rd->r;
	struct arena *a = &r->arena;
	const struct api *api = rd->api;
	unsigned char oid[REPO_OID_LEN];
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct diag_list quiet;
	struct openapi_description desc;
	size_t size;

	rd->v = v;
	diag_init(&quiet);
	memset(&desc, 0, sizeof(desc));
	if (from_commit_cache(rd) == 0)
		goto cleanup;
	int rc = lookup(rd, api->path, oid);
	if (rc < 0)
		goto cleanup;
	add_dep(rd, api->path, oid);
	if (rc == 1) /* not there yet: every operation is new */
		goto cleanup;
	if (from_cache(rd, oid) == 0) {
		commit_to_cache(rd);
		goto cleanup;
	}
	if (repo_read_blob(rd->repo, oid, r->site->cfg->limits.api_file_size,
			   &text, &size, &err) != 0) {
		v->error = err.len ? arena_strndup(a, err.ptr, err.len)
				   : arena_printf(a, "%s is over the size limit",
						  api->path);
		goto cleanup;
	}
	struct openapi_render_opts o = OPENAPI_RENDER_OPTS_INIT;
	o.repo = api->src->name;
	o.path = api->path;
	o.load = load_at;
	o.userdata = rd;
	o.lim = &r->site->cfg->limits.yaml;
	/* the same bytes as the page's text: its YAML, parsed once */
	const char *t = text.ptr;
	if (rd->tree && text.len == api->len && api->text &&
	    memcmp(text.ptr, api->text, api->len) == 0) {
		t = api->text;
		o.tree = rd->tree;
	}
	if (openapi_parse(&desc, a, t, text.len, &o, &quiet) == 0)
		openapi_shape(&v->shape, &desc);
	if (v->error)
		goto cleanup;
	to_cache(rd, oid);
	commit_to_cache(rd);
cleanup:
	openapi_description_release(&desc);
	diag_release(&quiet);
	buf_release(&text);
	buf_release(&err);
}

/* ================================================================ steps */

/* True when two versions read the same files with the same blob ids. */
static int same_files(const struct version *x, const struct version *y)
{
	if (x->ndeps != y->ndeps)
		return 0;
	for (size_t i = 0; i < x->ndeps; i++)
		if (strcmp(x->deps[i].path, y->deps[i].path) != 0 ||
		    memcmp(x->deps[i].oid, y->deps[i].oid, REPO_OID_LEN) != 0)
			return 0;
	return 1;
}

/* The deploys of the service that provides api from its own repository
 * (or of the repository's only service), or NULL. */
static const struct deploy_service *deploys_of(const struct api *api)
{
	for (size_t i = 0; i < api->nproviders; i++)
		if (api->providers[i]->src == api->src && api->providers[i]->deploy)
			return api->providers[i]->deploy;
	return api->src->ndeploys == 1 ? &api->src->deploys[0] : NULL;
}

/* The production environment of ds, when api is an OpenAPI file of its
 * repository (not inline, not stale) and production runs something;
 * else NULL. */
static const struct deploy_env *production_of(const struct api *api,
					      const struct deploy_service *ds)
{
	if (!api->openapi || !api->text || !api->path || api->line_offset ||
	    !ds || api->src->stale || !ds->production || !*ds->head)
		return NULL;
	for (size_t i = 0; i < ds->nenvs; i++)
		if (strcmp(ds->envs[i].name, ds->production) == 0)
			return ds->envs[i].current ? &ds->envs[i] : NULL;
	return NULL;
}

/* The version at commit, read once per build of this page. */
static struct version *version_at(struct reader *rd, const char *commit)
{
	for (size_t i = 0; i < rd->nvs; i++)
		if (strcmp(rd->vs[i]->commit, commit) == 0)
			return rd->vs[i];
	struct version *v = arena_alloc(&rd->r->arena, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->commit = arena_strdup(&rd->r->arena, commit);
	read_version(rd, v);
	ARENA_GROW(&rd->r->arena, rd->vs, rd->cap, rd->nvs + 1);
	rd->vs[rd->nvs++] = v;
	return v;
}

static void add_step(struct api_changes *out, struct reader *rd,
		     const struct deploy_env *from, const char *to,
		     const char *to_commit, int to_branch)
{
	struct arena *a = &rd->r->arena;
	struct version *f = version_at(rd, from->current->commit);
	struct version *t = version_at(rd, to_commit);
	struct api_changes_step *s = &out->steps[out->n++];
	memset(s, 0, sizeof(*s));
	s->from_env = from->name;
	s->to = to;
	s->to_branch = to_branch;
	memcpy(s->from_commit, from->current->commit, 41);
	memcpy(s->to_commit, to_commit, 41);
	s->error = f->error ? f->error : t->error;
	if (s->error || same_files(f, t))
		return;
	apidiff_compare(&s->changes, &s->n, a, &f->shape, &t->shape);
	s->nbreaking = apidiff_breaking(s->changes, s->n);
}

void api_changes_collect(struct api_changes *out, struct render_ctx *r,
			 const struct api *api)
{
	api_changes_collect_tree(out, r, api, NULL);
}

void api_changes_collect_tree(struct api_changes *out, struct render_ctx *r,
			      const struct api *api, struct openapi_tree *tree)
{
	const struct deploy_service *ds = deploys_of(api);

	const struct deploy_env *prod = production_of(api, ds);
	memset(out, 0, sizeof(*out));
	if (!prod)
		return;
	struct reader rd = { r, api, NULL, 0, NULL, NULL, 0, 0, tree };
	out->tracked = 1;
	out->steps = arena_alloc(&r->arena, (ds->nenvs + 1) * sizeof(*out->steps));
	out->branch = &version_at(&rd, ds->head)->shape;
	add_step(out, &rd, prod, ds->branch ? ds->branch : "the default branch",
		 ds->head, 1);
	/* each environment against the next one towards production */
	for (size_t i = 0; i + 1 < ds->nenvs; i++) {
		const struct deploy_env *e = &ds->envs[i], *next = &ds->envs[i + 1];
		if (e->current && next->current)
			add_step(out, &rd, next, e->name, e->current->commit, 0);
	}
	/* as when the repository was opened first: nothing to compare */
	if (rd.repo_failed)
		memset(out, 0, sizeof(*out));
}

uint64_t api_changes_key(const struct api *api, uint64_t limits_fp)
{
	const struct deploy_service *ds = deploys_of(api);
	if (!production_of(api, ds))
		return 0;
	/* what api_changes_collect reads: the description's path in its
	 * repository, the branch (its name is a step's `to`) and its head,
	 * and each environment's name and the commit it runs, in order */
	uint64_t h = hash_mix_str(hash_mix_str(limits_fp, api->src->name), api->path);
	h = hash_mix_str(hash_mix_str(h, ds->branch), ds->head);
	h = hash_mix_str(hash_mix_u64(h, ds->nenvs), ds->production);
	for (size_t i = 0; i < ds->nenvs; i++)
		h = hash_mix_str(hash_mix_str(h, ds->envs[i].name),
				 ds->envs[i].current ? ds->envs[i].current->commit
						     : NULL);
	return h ? h : 1;
}

/* ================================================================ consumers */

void api_changes_add_consumers(struct api_changes *c, struct render_ctx *r,
			       api_changes_consumers_fn fn, void *userdata)
{
	for (size_t i = 0; i < c->n; i++) {
		struct api_changes_step *s = &c->steps[i];
		s->consumers = arena_alloc(&r->arena,
					   (s->n + 1) * sizeof(*s->consumers));
		for (size_t k = 0; k < s->n; k++) {
			s->consumers[k].n = 0;
			s->consumers[k].v = NULL;
			if (s->changes[k].breaking)
				s->consumers[k].n = fn(&s->changes[k],
						       &s->consumers[k].v, userdata);
		}
	}
}

/* ================================================================ the section */

/* True when the page (the default branch's description) has anchor. */
static int on_page(const struct api_changes *c, const char *anchor)
{
	for (size_t i = 0; c->branch && i < c->branch->nops; i++)
		if (strcmp(c->branch->ops[i].anchor, anchor) == 0)
			return 1;
	return 0;
}

static struct val *change_val(struct render_ctx *r, const char *from,
			      const struct apidiff_change *ch, int linked,
			      const struct api_changes_consumers *cs)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "kind", ch->kind);
	val_set_bool(a, m, "breaking", ch->breaking);
	val_set_str(a, m, "method", ch->method);
	val_set_str(a, m, "path", ch->path);
	val_set_str(a, m, "anchor", ch->anchor);
	val_set_str(a, m, "detail", ch->detail);
	val_set_bool(a, m, "linked", linked);
	struct val *list = val_set(a, m, "consumers", val_list(a));
	for (size_t i = 0; cs && i < cs->n; i++) {
		struct val *c = val_map(a);
		val_set_str(a, c, "name", cs->v[i].name);
		val_set(a, c, "url",
			val_str(a, cs->v[i].url ? render_url(r, from, cs->v[i].url)
						: ""));
		val_set_num(a, c, "interactions", (double)cs->v[i].interactions);
		val_push(a, list, c);
	}
	return m;
}

struct val *api_changes_val(struct render_ctx *r, const char *from,
			    const struct api_changes *c)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	struct val *steps = val_set(a, m, "steps", val_list(a));
	size_t total = 0;
	val_set_bool(a, m, "tracked", c->tracked);
	for (size_t i = 0; i < c->n; i++) {
		const struct api_changes_step *s = &c->steps[i];
		struct val *v = val_map(a);
		val_set_str(a, v, "from_env", s->from_env);
		val_set_str(a, v, "to", s->to);
		val_set_bool(a, v, "to_branch", s->to_branch);
		val_set(a, v, "from_commit", val_strn(a, s->from_commit, 10));
		val_set(a, v, "to_commit", val_strn(a, s->to_commit, 10));
		val_set_num(a, v, "count", (double)s->n);
		val_set_num(a, v, "breaking", (double)s->nbreaking);
		val_set_str(a, v, "error", s->error ? s->error : "");
		struct val *list = val_set(a, v, "changes", val_list(a));
		for (size_t k = 0; k < s->n; k++)
			val_push(a, list,
				 change_val(r, from, &s->changes[k],
					    on_page(c, s->changes[k].anchor),
					    s->consumers ? &s->consumers[k] : NULL));
		total += s->n;
		val_push(a, steps, v);
	}
	val_set_num(a, m, "count", (double)total);
	return m;
}

struct val *api_changes_links(struct render_ctx *r, const char *from,
			      const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *list = val_list(a);
	for (size_t i = 0; i < svc->nprovides; i++) {
		const struct api *api = svc->provides[i].api;
		if (!api || api->src != svc->src ||
		    !production_of(api, deploys_of(api)))
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "title", api->title);
		val_set(a, m, "url",
			val_str(a, render_url(r, from,
					      arena_printf(a, "apis/%s/#cairn-changes",
							   api->slug))));
		val_push(a, list, m);
	}
	return list;
}
