#include "crawl_deps.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "crawl.h"
#include "crawl_cache.h"
#include "hash.h"
#include "layout.h"
#include "xalloc.h"

static const char deps_magic[8] = { 'c', 'a', 'i', 'r', 'n', 'D', 'P', '4' };

/* Installed copies of other projects, and tests' and examples' files:
 * not what the repository ships (bat's syntax tests hold a
 * requirements.txt, poetry's fixtures whole lock files, a broken one too). */
static int is_vendored(const char *path)
{
	static const char *const dirs[] = { "node_modules", "vendor",
					    "test",	    "tests",
					    "testdata",	    "__tests__",
					    "fixtures",	    "__fixtures__",
					    "examples",	    "example" };
	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
			size_t n = strlen(dirs[i]);
			if (strncmp(p, dirs[i], n) == 0 && p[n] == '/')
				return 1;
		}
	}
	return 0;
}

/* The files of src's tree that are read, in path order, and the key of
 * their paths and blobs. */
static size_t list_files(const struct source *src,
			 const struct repo_entry ***out, uint64_t *key)
{
	const struct repo_entry **files = NULL;
	size_t n = 0, cap = 0;
	uint64_t h = hash_mix_u64(0, 1); /* the lists' form */
	for (size_t i = 0; i < src->nentries; i++) {
		const struct repo_entry *e = &src->entries[i];
		if (e->kind != REPO_BLOB || deps_format_of(e->path) == DEPS_UNKNOWN ||
		    is_vendored(e->path) || layout_is_excluded(src->paths, e->path))
			continue;
		XGROW(files, cap, n + 1);
		files[n++] = e;
		h = hash_mix_str(h, e->path);
		h = hash_mix_u64(h, hash_of(e->oid, REPO_OID_LEN, 0));
	}
	*out = files;
	*key = h;
	return n;
}

static const char *folder_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* Reads one file into *out, in scratch (its bytes are read where libgit2
 * holds them: a lock file is some hundred KB); -1 after a diagnostic. */
static int read_one(struct site *s, struct source *src, struct repo *r,
		    const struct repo_entry *e, struct arena *scratch,
		    struct deps_list *out)
{
	struct deps_error err;
	struct repo_blob blob;
	int rc = -1;
	if (crawl_read_entry_ref(src, r, e, s->cfg->limits.api_file_size,
				 "api_file_size", &blob) < 0)
		goto cleanup;
	*out = (struct deps_list)DEPS_LIST_INIT;
	if (deps_read(out, scratch, e->path, blob.data, blob.len, &err) < 0) {
		diag_user_error(&src->diags, src->name, e->path, err.line,
				"cannot read %s: %s; its packages are left out",
				deps_format_name(deps_format_of(e->path)), err.msg);
		goto cleanup;
	}
	for (size_t k = 0; k < out->nproblems; k++)
		diag_user(&src->diags, src->name, e->path,
			  out->problems[k].line, "%s", out->problems[k].msg);
	rc = 0;

cleanup:
	repo_blob_release(&blob);
	return rc;
}

/* Adds list's packages, their strings copied (its file's parse lives in a
 * scratch arena: a lock file's reading is many times its packages), and
 * its array too unless it is in src's arena already (own). */
static void add_file(struct source *src, size_t *cap, const char *path,
		     const char *manifest, const struct deps_list *list, int own)
{
	struct arena *a = &src->arena;
	struct deps_list copy = DEPS_LIST_INIT;
	if (own) {
		copy.items = list->items;
		copy.cap = list->cap;
	} else {
		ARENA_GROW(a, copy.items, copy.cap, list->len + 1);
		if (list->len)
			memcpy(copy.items, list->items,
			       list->len * sizeof(*copy.items));
	}
	copy.len = list->len;
	/* the strings in one block, saved as it is */
	size_t total = 1;
	for (size_t k = 0; k < copy.len; k++) {
		const struct deps_package *p = &copy.items[k];
		total += strlen(p->name) + strlen(p->version) + strlen(p->range) + 3;
	}
	char *w = arena_alloc(a, total), *strings = w;
	for (size_t k = 0; k < copy.len; k++) {
		struct deps_package *p = &copy.items[k];
		const char **strs[] = { &p->name, &p->version, &p->range };
		for (size_t j = 0; j < 3; j++) {
			char *at = w;
			w = stpcpy(w, *strs[j]) + 1;
			*strs[j] = at;
		}
	}
	ARENA_GROW(a, src->dep_files, *cap, src->ndep_files + 1);
	src->dep_files[src->ndep_files++] =
		(struct dep_file){ path, manifest, folder_of(a, path),
				   copy, strings,  (size_t)(w - strings) };
}

/* The index in files[0..n) of the file of format f in path's folder, or
 * n. */
static size_t sibling(const struct repo_entry **files, size_t n,
		      const char *path, enum deps_format f)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = files[i]->path;
		if (strncmp(p, path, dl) == 0 && !strchr(p + dl, '/') &&
		    deps_format_of(p) == f)
			return i;
	}
	return n;
}

/* Reads files[0..n) through r into src->dep_files. */
static void read_files(struct site *s, struct source *src, struct repo *r,
		       const struct repo_entry **files, size_t n)
{
	struct arena scratch;
	size_t cap = 0;
	arena_init(&scratch);
	for (size_t i = 0; i < n; i++) {
		enum deps_format f = deps_format_of(files[i]->path);
		enum deps_format mf = deps_manifest_of(f);
		struct deps_list list, manifest;
		/* a manifest whose lock file sits beside it is read with it */
		int has_lock = 0;
		for (size_t j = 0; j < n && !has_lock; j++)
			has_lock = deps_manifest_of(deps_format_of(files[j]->path)) == f &&
				   sibling(files + i, 1, files[j]->path, f) == 0;
		arena_reset(&scratch);
		if (has_lock || read_one(s, src, r, files[i], &scratch, &list) < 0)
			continue;
		size_t m = mf != DEPS_UNKNOWN ? sibling(files, n, files[i]->path, mf)
					      : n;
		int own = 0;
		const char *mpath = NULL;
		if (m < n && read_one(s, src, r, files[m], &scratch, &manifest) == 0) {
			struct deps_list merged = DEPS_LIST_INIT;
			/* the merged array is the one kept */
			deps_merge(&merged, &src->arena, &manifest, &list);
			list = merged;
			own = 1;
			mpath = files[m]->path;
		}
		add_file(src, &cap, files[i]->path, mpath, &list, own);
	}
	arena_release(&scratch);
}

/* The saved lists: for each file its path, its number of packages, their
 * strings (dep_file.strings), their flags (direct | dev << 1), lines and
 * ecosystems (an index into the file's ecosystems, which follow) as u32
 * triples; then the diagnostics. */
static void save(struct site *s, struct source *src, uint64_t key, size_t first)
{
	struct buf b = BUF_INIT;
	uint32_t *nums = NULL;
	size_t cap = 0;
	size_t room = 256;
	for (size_t i = 0; i < src->ndep_files; i++)
		room += src->dep_files[i].strings_len +
			src->dep_files[i].list.len * 12 + 256;
	buf_grow(&b, room);
	cache_begin(&b, deps_magic);
	cache_put_u64(&b, key);
	cache_put_u64(&b, src->ndep_files);
	for (size_t i = 0; i < src->ndep_files; i++) {
		const struct dep_file *f = &src->dep_files[i];
		const char *ecos[8];
		size_t necos = 0;
		cache_put_cstr(&b, f->path);
		cache_put_cstr(&b, f->manifest ? f->manifest : "");
		cache_put_u64(&b, f->list.len);
		cache_put_str(&b, f->strings, f->strings_len);
		XGROW(nums, cap, 3 * f->list.len + 1);
		for (size_t k = 0; k < f->list.len; k++) {
			const struct deps_package *p = &f->list.items[k];
			size_t e = 0;
			while (e < necos && ecos[e] != p->ecosystem &&
			       strcmp(ecos[e], p->ecosystem) != 0)
				e++;
			if (e == necos && necos < sizeof(ecos) / sizeof(*ecos))
				ecos[necos++] = p->ecosystem;
			nums[3 * k] = (uint32_t)(p->direct | p->dev << 1 |
						 p->in_manifest << 2);
			nums[3 * k + 1] = (uint32_t)p->line;
			nums[3 * k + 2] = (uint32_t)e;
		}
		cache_put_bytes(&b, nums, 3 * f->list.len * sizeof(*nums));
		cache_put_u64(&b, necos);
		for (size_t e = 0; e < necos; e++)
			cache_put_cstr(&b, ecos[e]);
	}
	crawl_cache_put_diags(&b, src, first);
	crawl_cache_save(s, src, "deps", &b);
	free(nums);
	buf_release(&b);
}

/* The next of the strings at *t (up to end, where a NUL is), or NULL. */
static const char *next_str(const char **t, const char *end)
{
	const char *s = *t;
	if (!s || s >= end)
		return NULL;
	*t = s + strlen(s) + 1;
	return s;
}

/* A file's packages as save wrote them, into f. */
static void load_packages(struct cache_reader *r, struct arena *a, struct dep_file *f)
{
	size_t np = cache_get_count(r), len = 0, necos;
	const char *t = cache_get_str(r, a, &len), *end = t ? t + len : NULL;
	uint32_t *nums = arena_alloc(a, 3 * np * sizeof(*nums) + 1);
	const char *ecos[8];
	cache_get_bytes(r, nums, 3 * np * sizeof(*nums));
	necos = cache_get_count(r);
	for (size_t e = 0; e < necos && !r->bad; e++)
		if (e >= sizeof(ecos) / sizeof(*ecos) ||
		    !(ecos[e] = cache_get_str(r, a, NULL)))
			r->bad = 1;
	f->strings = t;
	f->strings_len = len;
	f->list = (struct deps_list)DEPS_LIST_INIT;
	ARENA_GROW(a, f->list.items, f->list.cap, np + 1);
	for (size_t k = 0; k < np && !r->bad; k++) {
		struct deps_package *p = &f->list.items[f->list.len++];
		p->name = next_str(&t, end);
		p->version = next_str(&t, end);
		p->range = next_str(&t, end);
		p->direct = nums[3 * k] & 1;
		p->dev = (nums[3 * k] >> 1) & 1;
		p->in_manifest = (nums[3 * k] >> 2) & 1;
		p->line = (int)nums[3 * k + 1];
		if (nums[3 * k + 2] >= necos || !p->name || !p->version || !p->range)
			r->bad = 1;
		else
			p->ecosystem = ecos[nums[3 * k + 2]];
	}
}

/* Loads the lists saved for key (any key when any); 0 when loaded. */
static int load(struct site *s, struct source *src, uint64_t key, int any)
{
	struct crawl_cache c = CRAWL_CACHE_INIT;
	struct cache_reader *r = &c.r;
	struct arena *a = &src->arena;
	int rc = -1;
	if (crawl_cache_open(&c, s, src, "deps", deps_magic) < 0 ||
	    (cache_get_u64(r) != key && !any))
		goto cleanup;
	size_t n = cache_get_count(r), cap = 0;
	struct dep_file *files = NULL;
	ARENA_GROW(a, files, cap, n + 1);
	for (size_t i = 0; i < n && !r->bad; i++) {
		struct dep_file *f = &files[i];
		f->path = cache_get_str(r, a, NULL);
		f->manifest = cache_get_str(r, a, NULL);
		if (f->manifest && !*f->manifest)
			f->manifest = NULL;
		f->folder = folder_of(a, f->path ? f->path : "");
		load_packages(r, a, f);
	}
	if (crawl_cache_end(&c, src) < 0)
		goto cleanup;
	src->dep_files = files;
	src->ndep_files = n;
	rc = 0;

cleanup:
	crawl_cache_close(&c);
	return rc;
}

int crawl_deps_kept(struct site *s, struct source *src)
{
	const struct repo_entry **files = NULL;
	uint64_t key = 0;
	list_files(src, &files, &key);
	free(files);
	return load(s, src, key, 0);
}

void crawl_deps(struct site *s, struct source *src, struct repo *r)
{
	const struct repo_entry **files = NULL;
	uint64_t key = 0;
	size_t n = list_files(src, &files, &key);
	size_t first = src->diags.len;
	src->dep_files = NULL;
	src->ndep_files = 0;
	if (load(s, src, key, !r) == 0 || !r)
		goto cleanup;
	read_files(s, src, r, files, n);
	save(s, src, key, first);

cleanup:
	free(files);
}
