#include "repo.h"

#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

_Static_assert(GIT_OID_RAWSZ == REPO_OID_LEN, "REPO_OID_LEN is not libgit2's");

/* The longest part of a cache folder's name taken from the URL. */
#define CACHE_NAME_MAX 64

struct repo {
	git_repository *git;
	git_odb *odb;
	char *git_dir; /* without a trailing '/' */
};

/* ---------------------------------------------------------------- errors */

/* Replaces err with the formatted message. */
__attribute__((format(printf, 2, 3)))
static void set_error(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	buf_clear(err);
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
}

/* Appends libgit2's last error message (trailing dots and white space
 * dropped), or "unknown error" when libgit2 recorded none. */
static void put_git_error(struct buf *err)
{
	const git_error *e = git_error_last();
	size_t n = e && e->message ? strlen(e->message) : 0;

	while (n && strchr(" \t\r\n.", e->message[n - 1]))
		n--;
	if (n)
		buf_put(err, e->message, n);
	else
		buf_puts(err, "unknown error");
}

/* ---------------------------------------------------------------- setup */

void repo_global_init(void)
{
	static const int levels[] = { GIT_CONFIG_LEVEL_SYSTEM,
				      GIT_CONFIG_LEVEL_XDG,
				      GIT_CONFIG_LEVEL_GLOBAL,
				      GIT_CONFIG_LEVEL_PROGRAMDATA };

	/* Only fails when out of memory, which aborts everywhere else too. */
	if (git_libgit2_init() < 0)
		abort();
	/* Repositories are only read (libgit2 runs no hooks), and CI often
	 * checks them out as another user: safe.directory would refuse them. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Read only each repository's own config, so the result does not
	 * depend on the config of whoever runs the build. */
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "");
	/* Bulk reads: do not re-hash every object read (zlib's own checksum
	 * still catches corrupt data), and keep more of each pack mapped. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)0);
}

void repo_global_shutdown(void)
{
	git_libgit2_shutdown();
}

int repo_open(struct repo **out, const char *path, struct buf *err)
{
	git_repository *git = NULL;
	git_odb *odb = NULL;
	struct repo *r = NULL;
	const char *dir;
	size_t n;
	int ret = -1;

	*out = NULL;
	if (git_repository_open_ext(&git, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0 ||
	    git_repository_odb(&odb, git) < 0) {
		set_error(err, "cannot open repository \"%s\": ", path);
		put_git_error(err);
		goto cleanup;
	}
	dir = git_repository_path(git);
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	r = xcalloc(1, sizeof(*r));
	r->git = git;
	r->odb = odb;
	r->git_dir = xstrndup(dir, n);
	git = NULL;
	odb = NULL;
	*out = r;
	ret = 0;

cleanup:
	git_odb_free(odb);
	git_repository_free(git);
	return ret;
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	git_odb_free(r->odb);
	git_repository_free(r->git);
	free(r->git_dir);
	free(r);
}

const char *repo_git_dir(const struct repo *r)
{
	return r->git_dir;
}

/* ---------------------------------------------------------------- commits */

/* Whether the repository has no references at all.  (git_repository_is_empty
 * also wants HEAD to name the configured initial branch.) */
static int has_no_refs(git_repository *git)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int none;

	none = git_reference_iterator_new(&it, git) == 0 &&
	       git_reference_next_name(&name, it) == GIT_ITEROVER;
	git_reference_iterator_free(it);
	return none;
}

/* Finds the commit HEAD points at, and the name of its branch ("HEAD" when
 * detached). */
static int lookup_head(struct repo *r, git_object **obj, char **name,
		       struct buf *err)
{
	git_reference *ref = NULL, *head = NULL;
	int e, ret = -1;

	e = git_repository_head(&ref, r->git);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
		if (has_no_refs(r->git) ||
		    git_reference_lookup(&head, r->git, "HEAD") < 0 ||
		    !git_reference_symbolic_target(head))
			set_error(err, "repository is empty");
		else
			set_error(err,
				  "HEAD points to \"%s\", which does not exist",
				  git_reference_symbolic_target(head));
		goto cleanup;
	}
	if (e < 0 || git_reference_peel(obj, ref, GIT_OBJECT_COMMIT) < 0) {
		set_error(err, "cannot resolve HEAD: ");
		put_git_error(err);
		goto cleanup;
	}
	*name = xstrdup(git_repository_head_detached(r->git) == 1
				? "HEAD"
				: git_reference_shorthand(ref));
	ret = 0;

cleanup:
	git_reference_free(head);
	git_reference_free(ref);
	return ret;
}

/* Finds the commit of branch: a local branch, else origin's branch of that
 * name, else any revision git understands (a tag, a commit id). */
static int lookup_branch(struct repo *r, const char *branch, git_object **obj,
			 char **name, struct buf *err)
{
	static const char *const prefixes[] = { "refs/heads/",
						"refs/remotes/origin/" };
	git_reference *ref = NULL;
	struct buf full = BUF_INIT;
	int e, ret = -1;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		buf_clear(&full);
		buf_printf(&full, "%s%s", prefixes[i], branch);
		e = git_reference_lookup(&ref, r->git, full.ptr);
		if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC)
			continue;
		if (e < 0 ||
		    git_reference_peel(obj, ref, GIT_OBJECT_COMMIT) < 0)
			goto fail;
		*name = xstrdup(branch);
		ret = 0;
		goto cleanup;
	}

	e = git_revparse_ext(obj, &ref, r->git, branch);
	if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
		set_error(err, "branch \"%s\" not found", branch);
		goto cleanup;
	}
	if (e < 0)
		goto fail;
	*name = xstrdup(ref ? git_reference_shorthand(ref) : branch);
	ret = 0;
	goto cleanup;

fail:
	set_error(err, "cannot resolve branch \"%s\": ", branch);
	put_git_error(err);
cleanup:
	git_reference_free(ref);
	buf_release(&full);
	return ret;
}

/* The id of the blob at path in tree, or a zero id when there is none. */
static void path_oid(git_oid *out, const git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	memset(out, 0, sizeof(*out));
	if (tree && git_tree_entry_bypath(&e, tree, path) == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
}

int repo_last_changes(struct repo *r, const struct repo_commit *c,
		      const char *const *paths, size_t n, size_t max_commits,
		      struct arena *a, int64_t *times, const char **authors,
		      struct buf *err)
{
	git_revwalk *walk = NULL;
	git_oid start, id;
	size_t pending = n, seen = 0;
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		times[i] = 0;
		authors[i] = NULL;
	}
	if (!n)
		return 0;
	if (git_oid_fromstr(&start, c->id) < 0 || git_revwalk_new(&walk, r->git) < 0 ||
	    git_revwalk_push(walk, &start) < 0) {
		set_error(err, "cannot walk the history of %s: ", c->id);
		put_git_error(err);
		goto cleanup;
	}
	/* children before parents, so the first change met is the last made */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (pending && seen < max_commits && git_revwalk_next(&id, walk) == 0) {
		git_commit *commit = NULL, *parent = NULL;
		git_tree *tree = NULL, *ptree = NULL;
		seen++;
		if (git_commit_lookup(&commit, r->git, &id) < 0)
			break; /* a shallow or partial history ends here */
		if (git_commit_tree(&tree, commit) < 0) {
			git_commit_free(commit);
			break;
		}
		/* a missing parent (shallow clone) counts as an empty tree */
		if (git_commit_parentcount(commit) > 0 &&
		    git_commit_parent(&parent, commit, 0) == 0)
			git_commit_tree(&ptree, parent);
		/* paths come sorted: files of one folder are next to each
		 * other, and an unchanged folder settles all of them at once */
		const char *dir = NULL;
		size_t dirlen = 0;
		int dir_same = 0;
		for (size_t i = 0; i < n; i++) {
			if (times[i])
				continue;
			const char *slash = strrchr(paths[i], '/');
			size_t dl = slash ? (size_t)(slash - paths[i]) : 0;
			if (dl && (!dir || dl != dirlen || strncmp(dir, paths[i], dl) != 0)) {
				char *d = xstrndup(paths[i], dl);
				git_oid a1, b1;
				path_oid(&a1, tree, d);
				path_oid(&b1, ptree, d);
				dir_same = !git_oid_is_zero(&a1) && git_oid_equal(&a1, &b1);
				free(d);
				dir = paths[i];
				dirlen = dl;
			}
			if (dl && dir_same)
				continue;
			git_oid now, before;
			path_oid(&now, tree, paths[i]);
			if (git_oid_is_zero(&now))
				continue; /* not in this commit: keep looking */
			path_oid(&before, ptree, paths[i]);
			if (git_oid_equal(&now, &before))
				continue;
			const git_signature *sig = git_commit_author(commit);
			times[i] = (int64_t)git_commit_time(commit);
			authors[i] = arena_strdup(a, sig && sig->name ? sig->name : "");
			pending--;
		}
		git_tree_free(ptree);
		git_tree_free(tree);
		git_commit_free(parent);
		git_commit_free(commit);
	}
	ret = 0;

cleanup:
	git_revwalk_free(walk);
	return ret;
}

int repo_resolve(struct repo *r, const char *branch, struct repo_commit *out,
		 struct buf *err)
{
	git_object *obj = NULL;
	git_object *peeled = NULL;
	const git_commit *commit;
	const char *msg, *end;
	char *name = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!branch || !*branch) {
		if (lookup_head(r, &obj, &name, err) < 0)
			goto cleanup;
	} else if (lookup_branch(r, branch, &obj, &name, err) < 0) {
		goto cleanup;
	}
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		set_error(err, "cannot read the commit of \"%s\": ", name);
		put_git_error(err);
		goto cleanup;
	}
	commit = (const git_commit *)peeled;

	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(commit));
	out->time = (int64_t)git_commit_time(commit);
	out->tz_offset = git_commit_time_offset(commit);
	msg = git_commit_message(commit);
	if (!msg)
		msg = "";
	end = strchr(msg, '\n');
	if (!end)
		end = msg + strlen(msg);
	while (end > msg && strchr(" \t\r", end[-1]))
		end--;
	out->subject = xstrndup(msg, (size_t)(end - msg));
	out->branch = name;
	name = NULL;
	ret = 0;

cleanup:
	free(name);
	git_object_free(peeled);
	git_object_free(obj);
	return ret;
}

void repo_commit_release(struct repo_commit *c)
{
	free(c->branch);
	free(c->subject);
	c->branch = NULL;
	c->subject = NULL;
}

/* ---------------------------------------------------------------- trees */

struct walk {
	struct arena *a;
	struct repo_entry *items; /* malloc'd while walking */
	size_t n, cap;
};

static int walk_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	struct repo_entry *it;
	enum repo_entry_kind kind;
	size_t rlen, nlen;
	char *path;

	switch (git_tree_entry_filemode(e)) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		kind = REPO_BLOB;
		break;
	case GIT_FILEMODE_LINK:
		kind = REPO_SYMLINK;
		break;
	case GIT_FILEMODE_COMMIT:
		kind = REPO_SUBMODULE;
		break;
	default:
		return 0; /* a tree: the walk goes into it next */
	}
	rlen = strlen(root);
	nlen = strlen(git_tree_entry_name(e));
	path = arena_alloc(w->a, rlen + nlen + 1);
	memcpy(path, root, rlen);
	memcpy(path + rlen, git_tree_entry_name(e), nlen + 1);

	XGROW(w->items, w->cap, w->n + 1);
	it = &w->items[w->n++];
	it->path = path;
	memcpy(it->oid, git_tree_entry_id(e)->id, REPO_OID_LEN);
	it->kind = kind;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct repo_entry *x = a, *y = b;
	return strcmp(x->path, y->path);
}

int repo_list_tree(struct repo *r, const struct repo_commit *c,
		   struct arena *a, struct repo_entry **entries, size_t *n,
		   struct buf *err)
{
	struct walk w = { a, NULL, 0, 0 };
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int sorted = 1;
	int ret = -1;

	*entries = NULL;
	*n = 0;
	if (git_oid_fromstr(&id, c->id) < 0 ||
	    git_commit_lookup(&commit, r->git, &id) < 0 ||
	    git_commit_tree(&tree, commit) < 0 ||
	    git_tree_walk(tree, GIT_TREEWALK_PRE, walk_entry, &w) < 0) {
		set_error(err, "cannot read the tree of commit %s: ", c->id);
		put_git_error(err);
		goto cleanup;
	}

	/* A pre-order walk of well-formed trees is already in strcmp order
	 * (git sorts a folder as if its name ended in '/'); sort anyway when
	 * some tool wrote a tree out of order. */
	for (size_t i = 1; i < w.n && sorted; i++)
		sorted = strcmp(w.items[i - 1].path, w.items[i].path) < 0;
	if (!sorted)
		qsort(w.items, w.n, sizeof(*w.items), entry_cmp);

	if (w.n) {
		*entries = arena_alloc(a, w.n * sizeof(*w.items));
		memcpy(*entries, w.items, w.n * sizeof(*w.items));
	}
	*n = w.n;
	ret = 0;

cleanup:
	free(w.items);
	git_tree_free(tree);
	git_commit_free(commit);
	return ret;
}

/* ---------------------------------------------------------------- blobs */

int repo_read_blob(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		   size_t max, struct buf *out, size_t *size, struct buf *err)
{
	git_odb_object *obj = NULL;
	git_object_t type;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	size_t len;
	int ret = -1;

	*size = 0;
	git_oid_fromraw(&id, oid);
	git_oid_tostr(hex, sizeof(hex), &id);
	/* The header alone tells the size, without inflating the object. */
	if (git_odb_read_header(&len, &type, r->odb, &id) < 0) {
		set_error(err, "cannot read blob %s: ", hex);
		put_git_error(err);
		goto cleanup;
	}
	if (type != GIT_OBJECT_BLOB) {
		set_error(err, "object %s is a %s, not a blob", hex,
			  git_object_type2string(type));
		goto cleanup;
	}
	if (len > max) {
		*size = len;
		ret = 1;
		goto cleanup;
	}
	if (git_odb_read(&obj, r->odb, &id) < 0) {
		set_error(err, "cannot read blob %s: ", hex);
		put_git_error(err);
		goto cleanup;
	}
	len = git_odb_object_size(obj);
	buf_clear(out);
	buf_put(out, git_odb_object_data(obj), len);
	*size = len;
	ret = 0;

cleanup:
	git_odb_object_free(obj);
	return ret;
}

/* ---------------------------------------------------------------- cache */

/* Where the user info of a "scheme://user:secret@host/..." URL starts, and
 * its length with the '@' (0 when there is none).  It may hold a token,
 * which must reach no folder name, message or config file. */
static size_t find_userinfo(const char *url, size_t *len)
{
	const char *p = strstr(url, "://"), *at;
	size_t host;

	*len = 0;
	if (!p)
		return 0;
	p += 3;
	host = strcspn(p, "/?#");
	at = memrchr(p, '@', host);
	if (at)
		*len = (size_t)(at + 1 - p);
	return (size_t)(p - url);
}

/* Appends url with its user info replaced by as ("" or "***@"). */
static void put_url(struct buf *b, const char *url, const char *as)
{
	size_t len, at = find_userinfo(url, &len);

	if (!len) {
		buf_puts(b, url);
		return;
	}
	buf_put(b, url, at);
	buf_puts(b, as);
	buf_puts(b, url + at + len);
}

/* Replaces in msg every occurrence of url's user info (with its '@'),
 * which libgit2 may quote, by "***@". */
static void redact_userinfo(struct buf *msg, const char *url)
{
	struct buf out = BUF_INIT;
	size_t len, at = find_userinfo(url, &len);
	const char *p = msg->ptr, *end = msg->ptr + msg->len, *hit;

	if (!len)
		return;
	while ((hit = memmem(p, (size_t)(end - p), url + at, len))) {
		buf_put(&out, p, (size_t)(hit - p));
		buf_puts(&out, "***@");
		p = hit + len;
	}
	buf_put(&out, p, (size_t)(end - p));
	buf_clear(msg);
	buf_put(msg, out.ptr, out.len);
	buf_release(&out);
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3u;
	}
	return h;
}

/* Appends the cache folder name for url (given without user info): its
 * characters after the scheme made safe (lower case, [a-z0-9._-], runs of
 * others as one '-'), at most CACHE_NAME_MAX of them, then '-', a hash of
 * the whole URL, and ".git". */
static void put_cache_name(struct buf *out, const char *url)
{
	const char *scheme = strstr(url, "://");
	size_t start = out->len;
	uint64_t hash = fnv1a64(url);
	size_t n;

	if (scheme)
		url = scheme + 3;
	n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	if (n >= 4 && memcmp(url + n - 4, ".git", 4) == 0)
		n -= 4;
	for (size_t i = 0; i < n && out->len - start < CACHE_NAME_MAX; i++) {
		char c = url[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			c = '-';
		/* no leading '-' or '.' (a hidden folder), no "--" */
		if ((c == '-' || c == '.') && out->len == start)
			continue;
		if (c == '-' && out->ptr[out->len - 1] == '-')
			continue;
		buf_putc(out, c);
	}
	while (out->len > start && strchr("-.", out->ptr[out->len - 1]))
		buf_truncate(out, out->len - 1);
	buf_printf(out, "%s%016" PRIx64 ".git", out->len > start ? "-" : "",
		   hash);
}

/* Creates path and its missing parents. */
static int mkdir_p(const char *path, struct buf *err)
{
	char *p = xstrdup(path);
	int ret = -1;

	for (char *s = p + (*p != '\0');; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			set_error(err, "cannot create folder \"%s\": %s", p,
				  strerror(errno));
			goto cleanup;
		}
		*s = c;
		if (!c)
			break;
	}
	ret = 0;

cleanup:
	free(p);
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and everything under it, as far as it can. */
static void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether HEAD is a symbolic reference to refname. */
static int head_is(git_repository *git, const char *refname)
{
	git_reference *head = NULL;
	const char *target;
	int is;

	is = git_reference_lookup(&head, git, "HEAD") == 0 &&
	     (target = git_reference_symbolic_target(head)) &&
	     strcmp(target, refname) == 0;
	git_reference_free(head);
	return is;
}

/* What a copy fetches: every branch and tag, under the same names. */
static char *const fetch_specs[] = { "+refs/heads/*:refs/heads/*",
				     "+refs/tags/*:refs/tags/*" };

/* Fetches branches and tags from url into the bare repository git, pruning
 * those deleted there, and points HEAD at the remote's default branch when
 * the remote tells it.  On failure err holds libgit2's reason alone.
 *
 * The copy's remote "origin" (see clone_into) names the same URL; here an
 * in-memory remote is used instead, because git_remote_lookup in libgit2
 * 1.5.1 leaks PCRE2 match data on every call (libgit2 pull 6382, fixed in
 * later releases). */
static int fetch_url(git_repository *git, const char *url, struct buf *err)
{
	git_strarray refspecs = { (char **)fetch_specs, 2 };
	git_remote_create_options create;
	git_fetch_options opts;
	git_remote *remote = NULL;
	git_buf branch = GIT_BUF_INIT;
	int e, ret = -1;

	/* the _INIT macros leave fields out, which -Wextra refuses */
	git_remote_create_options_init(&create,
				       GIT_REMOTE_CREATE_OPTIONS_VERSION);
	create.repository = git;
	create.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.prune = GIT_FETCH_PRUNE;
	opts.update_fetchhead = 0;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.proxy_opts.type = GIT_PROXY_AUTO;
	if (git_remote_create_with_opts(&remote, url, &create) < 0 ||
	    git_remote_fetch(remote, &refspecs, &opts, NULL) < 0)
		goto fail;
	/* still answers once disconnected: the list of refs is kept */
	e = git_remote_default_branch(&branch, remote);
	if (e < 0 && e != GIT_ENOTFOUND)
		goto fail;
	if (e == 0 && !head_is(git, branch.ptr) &&
	    git_repository_set_head(git, branch.ptr) < 0)
		goto fail;
	ret = 0;
	goto cleanup;

fail:
	buf_clear(err);
	put_git_error(err);
cleanup:
	git_buf_dispose(&branch);
	git_remote_free(remote);
	return ret;
}

/* Makes a bare clone of url in the empty folder dir.  Its remote "origin"
 * (with stored_url, the URL without secrets) is written so that `git fetch`
 * there does what fetch_url does (a second fetch refspec would take
 * git_remote_add_fetch, which leaks like git_remote_lookup). */
static int clone_into(const char *dir, const char *url,
		      const char *stored_url, struct buf *err)
{
	git_repository_init_options init;
	git_repository *git = NULL;
	git_config *config = NULL;
	int ret = -1;

	git_repository_init_options_init(&init,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	init.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_NO_REINIT;
	if (git_repository_init_ext(&git, dir, &init) < 0 ||
	    git_repository_config(&config, git) < 0 ||
	    git_config_set_string(config, "remote.origin.url",
				  stored_url) < 0 ||
	    git_config_set_string(config, "remote.origin.fetch",
				  fetch_specs[0]) < 0 ||
	    git_config_set_string(config, "remote.origin.tagOpt",
				  "--tags") < 0 ||
	    git_config_set_bool(config, "remote.origin.prune", 1) < 0 ||
	    git_config_set_bool(config, "remote.origin.pruneTags", 1) < 0) {
		buf_clear(err);
		put_git_error(err);
		goto cleanup;
	}
	if (fetch_url(git, url, err) < 0)
		goto cleanup;
	ret = 0;

cleanup:
	git_config_free(config);
	git_repository_free(git);
	return ret;
}

int repo_sync_url(struct buf *git_dir, const char *url, const char *cache_dir,
		  struct buf *err)
{
	git_repository *git = NULL;
	struct buf path = BUF_INIT, tmp = BUF_INIT, old = BUF_INIT;
	struct buf plain = BUF_INIT, shown = BUF_INIT, why = BUF_INIT;
	struct stat st;
	int had_copy, ret = -1;

	buf_clear(git_dir);
	/* the copy is named by the URL without credentials, so that a token
	 * that changes on every CI run still finds the same copy */
	put_url(&plain, url, "");
	put_url(&shown, url, "***@");
	if (mkdir_p(cache_dir, err) < 0)
		goto cleanup;
	buf_puts(&path, cache_dir);
	if (path.len && path.ptr[path.len - 1] != '/')
		buf_putc(&path, '/');
	put_cache_name(&path, plain.ptr);

	had_copy = stat(path.ptr, &st) == 0;
	if (had_copy &&
	    git_repository_open_ext(&git, path.ptr,
				    GIT_REPOSITORY_OPEN_NO_SEARCH |
					    GIT_REPOSITORY_OPEN_BARE,
				    NULL) == 0) {
		if (fetch_url(git, url, &why) < 0) {
			set_error(err,
				  "fetch of \"%s\" failed: %s; using the copy "
				  "fetched earlier",
				  shown.ptr, why.ptr);
			ret = 1;
		} else {
			ret = 0;
		}
		buf_puts(git_dir, path.ptr);
		goto cleanup;
	}

	/* Clone beside the final place and rename into it, so that an
	 * interrupted clone never looks like a copy. */
	buf_printf(&tmp, "%s.tmp-XXXXXX", path.ptr);
	if (!mkdtemp(tmp.ptr)) {
		set_error(err, "cannot create a folder in \"%s\": %s",
			  cache_dir, strerror(errno));
		buf_clear(&tmp);
		goto cleanup;
	}
	if (clone_into(tmp.ptr, url, plain.ptr, &why) < 0) {
		set_error(err, "clone of \"%s\" failed: %s", shown.ptr,
			  why.ptr);
		goto cleanup;
	}
	if (had_copy) {
		/* not a repository: a leftover, replaced by the new clone */
		buf_printf(&old, "%s.old-XXXXXX", path.ptr);
		if (!mkdtemp(old.ptr) || rename(path.ptr, old.ptr) < 0) {
			set_error(err, "cannot move \"%s\" aside: %s",
				  path.ptr, strerror(errno));
			goto cleanup;
		}
		remove_tree(old.ptr);
	}
	if (rename(tmp.ptr, path.ptr) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY) {
			set_error(err, "cannot rename \"%s\" to \"%s\": %s",
				  tmp.ptr, path.ptr, strerror(errno));
			goto cleanup;
		}
		/* another process finished the same clone first: use it */
	} else {
		buf_clear(&tmp);
	}
	buf_puts(git_dir, path.ptr);
	ret = 0;

cleanup:
	if (ret != 0)
		redact_userinfo(err, url);
	if (tmp.len)
		remove_tree(tmp.ptr);
	git_repository_free(git);
	buf_release(&why);
	buf_release(&shown);
	buf_release(&plain);
	buf_release(&old);
	buf_release(&tmp);
	buf_release(&path);
	return ret;
}
