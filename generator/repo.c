/* repo: the libgit2 wrapper -- setup, opening a repository, branches and
 * HEAD, trees, blobs -- and what the other parts of the module share (see
 * repo_internal.h): errors, the oid map, commits read as text.  Clones and
 * fetches are in repo_fetch.c, history walks in repo_history.c, deploy
 * tags in repo_tags.c. */
#include "repo_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "fetch.h"
#include "xalloc.h"

_Static_assert(GIT_OID_RAWSZ == REPO_OID_LEN, "REPO_OID_LEN is not libgit2's");

/* ---------------------------------------------------------------- errors */

void repo_set_error(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	buf_clear(err);
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
}

void repo_put_git_error(struct buf *err)
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

/* repo_global_init ran: libgit2 is started (set on init_thread, read
 * on the main thread while it may run) */
static _Atomic int init_done;

void repo_global_init(void)
{
	static const int levels[] = { GIT_CONFIG_LEVEL_SYSTEM,
				      GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
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
	/* fetches that give up at a deadline (libgit2 1.5 has no timeouts) */
	fetch_global_init();
	init_done = 1;
}

static pthread_t init_thread;
static int init_started;
static pthread_once_t init_joined = PTHREAD_ONCE_INIT;

static void *init_main(void *unused)
{
	(void)unused;
	repo_global_init();
	return NULL;
}

void repo_global_init_start(void)
{
	if (init_started || init_done)
		return;
	if (pthread_create(&init_thread, NULL, init_main, NULL) == 0)
		init_started = 1;
	else
		repo_global_init(); /* no thread to spare: here and now */
}

static void init_join(void)
{
	if (init_started)
		pthread_join(init_thread, NULL);
	else if (!init_done)
		repo_global_init(); /* the first to need it starts it */
}

void repo_global_wait(void)
{
	pthread_once(&init_joined, init_join);
}

void repo_global_shutdown(void)
{
	if (!init_started && !init_done)
		return; /* never needed: never started */
	repo_global_wait();
	git_libgit2_shutdown();
}

int repo_config_user_name(struct buf *out, const char *dir)
{
	git_repository *git = NULL;
	git_config *cfg = NULL;
	git_buf name = { 0 };
	int ret = -1;

	if (git_libgit2_init() < 0)
		abort();
	/* the repository dir is in (its config, then the global and system
	 * ones, as git reads them); outside one, the global and system ones */
	if (git_repository_open_ext(&git, dir ? dir : ".", 0, NULL) == 0) {
		if (git_repository_config_snapshot(&cfg, git) < 0)
			cfg = NULL;
	}
	if (!cfg && git_config_open_default(&cfg) < 0)
		cfg = NULL;
	if (cfg && git_config_get_string_buf(&name, cfg, "user.name") == 0 &&
	    name.ptr && *name.ptr) {
		buf_puts(out, name.ptr);
		ret = 0;
	}
	git_buf_dispose(&name);
	git_config_free(cfg);
	git_repository_free(git);
	git_libgit2_shutdown();
	return ret;
}

/* Whether this process may read the folder or file at p (the effective
 * user's permissions, as open() checks them). */
static int may_read(const char *p, int is_dir)
{
	return faccessat(AT_FDCWD, p, is_dir ? R_OK | X_OK : R_OK, AT_EACCESS) == 0;
}

/* After libgit2 failed to open path: says why in words an operator can act
 * on.  libgit2 reports a folder it may not read as "could not find
 * repository", so the file system is asked first. */
static void explain_open_error(struct buf *err, const char *path)
{
	static const char *const marks[] = { ".git", "HEAD", "objects", "refs" };
	struct buf git_msg = BUF_INIT, sub = BUF_INIT;
	struct stat st;

	repo_put_git_error(&git_msg);
	if (stat(path, &st) < 0) {
		if (errno == EACCES)
			repo_set_error(err, "repository \"%s\": permission denied", path);
		else if (errno == ENOENT || errno == ENOTDIR)
			repo_set_error(err, "repository \"%s\" not found", path);
		else
			repo_set_error(err, "repository \"%s\": %s", path,
				       strerror(errno));
		goto cleanup;
	}
	if (!S_ISDIR(st.st_mode)) {
		repo_set_error(err, "\"%s\" is not a git repository (it is not a folder)",
			       path);
		goto cleanup;
	}
	if (!may_read(path, 1)) {
		repo_set_error(err, "repository \"%s\": permission denied", path);
		goto cleanup;
	}
	/* a working tree's .git, or a bare repository's own files */
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		buf_clear(&sub);
		buf_printf(&sub, "%s/%s", path, marks[i]);
		if (lstat(sub.ptr, &st) < 0)
			continue;
		if (!may_read(sub.ptr, S_ISDIR(st.st_mode))) {
			repo_set_error(err, "repository \"%s\": permission denied on \"%s\"",
				       path, sub.ptr);
			goto cleanup;
		}
	}
	buf_clear(&sub);
	buf_printf(&sub, "%s/.git", path);
	if (lstat(sub.ptr, &st) < 0) {
		buf_clear(&sub);
		buf_printf(&sub, "%s/HEAD", path);
		if (lstat(sub.ptr, &st) < 0) {
			repo_set_error(err, "\"%s\" is not a git repository", path);
			goto cleanup;
		}
	}
	repo_set_error(err, "cannot open repository \"%s\": %s", path, git_msg.ptr);

cleanup:
	buf_release(&git_msg);
	buf_release(&sub);
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
	repo_global_wait();
	if (git_repository_open_ext(&git, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_repository_odb(&odb, git) < 0) {
		explain_open_error(err, path);
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

const char *repo_common_dir(const struct repo *r)
{
	return git_repository_commondir(r->git);
}

int repo_is_shallow(struct repo *r)
{
	return git_repository_is_shallow(r->git) == 1;
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
static void put_branch_names(struct buf *out, git_repository *git);

static int lookup_head(struct repo *r, git_object **obj, char **name, struct buf *err)
{
	git_reference *ref = NULL, *head = NULL;
	int e, ret = -1;

	e = git_repository_head(&ref, r->git);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
		if (has_no_refs(r->git) ||
		    git_reference_lookup(&head, r->git, "HEAD") < 0 ||
		    !git_reference_symbolic_target(head))
			repo_set_error(err, "repository is empty");
		else {
			repo_set_error(err, "HEAD points to \"%s\", which does not exist",
				       git_reference_symbolic_target(head));
			put_branch_names(err, r->git);
			buf_puts(err, "; set branch: in its entry to read one of them");
		}
		goto cleanup;
	}
	if (e < 0 || git_reference_peel(obj, ref, GIT_OBJECT_COMMIT) < 0) {
		repo_set_error(err, "cannot resolve HEAD: ");
		repo_put_git_error(err);
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

#define BRANCH_NAMES_MAX 10

/* Appends " (branches: a, b)" naming the repository's branches (local
 * ones, else origin's), or " (it has no branches)". */
static void put_branch_names(struct buf *out, git_repository *git)
{
	static const git_branch_t kinds[] = { GIT_BRANCH_LOCAL, GIT_BRANCH_REMOTE };
	size_t n = 0;

	for (size_t k = 0; k < 2 && n == 0; k++) {
		git_branch_iterator *it = NULL;
		git_reference *ref = NULL;
		git_branch_t type;
		if (git_branch_iterator_new(&it, git, kinds[k]) < 0)
			continue;
		while (git_branch_next(&ref, &type, it) == 0) {
			const char *name = NULL;
			if (git_branch_name(&name, ref) == 0 && name &&
			    !(kinds[k] == GIT_BRANCH_REMOTE &&
			      strcmp(name + strcspn(name, "/"), "/HEAD") == 0)) {
				if (n < BRANCH_NAMES_MAX)
					buf_printf(out, "%s%s",
						   n ? ", " : " (branches: ", name);
				n++;
			}
			git_reference_free(ref);
			ref = NULL;
		}
		git_branch_iterator_free(it);
	}
	if (n > BRANCH_NAMES_MAX)
		buf_printf(out, " and %zu more)", n - BRANCH_NAMES_MAX);
	else if (n)
		buf_putc(out, ')');
	else
		buf_puts(out, " (it has no branches)");
}

/* Finds the commit of branch: a local branch, else origin's branch of that
 * name, else any revision git understands (a tag, a commit id). */
static int lookup_branch(struct repo *r, const char *branch, git_object **obj,
			 char **name, struct buf *err)
{
	static const char *const prefixes[] = { "refs/heads/", "refs/remotes/origin/" };
	git_reference *ref = NULL;
	struct buf full = BUF_INIT;
	int e, ret = -1;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		buf_clear(&full);
		buf_printf(&full, "%s%s", prefixes[i], branch);
		e = git_reference_lookup(&ref, r->git, full.ptr);
		if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC)
			continue;
		if (e < 0 || git_reference_peel(obj, ref, GIT_OBJECT_COMMIT) < 0)
			goto fail;
		*name = xstrdup(branch);
		ret = 0;
		goto cleanup;
	}

	e = git_revparse_ext(obj, &ref, r->git, branch);
	if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
		repo_set_error(err, "branch \"%s\" does not exist", branch);
		put_branch_names(err, r->git);
		goto cleanup;
	}
	if (e < 0)
		goto fail;
	*name = xstrdup(ref ? git_reference_shorthand(ref) : branch);
	ret = 0;
	goto cleanup;

fail:
	repo_set_error(err, "cannot resolve branch \"%s\": ", branch);
	repo_put_git_error(err);
cleanup:
	git_reference_free(ref);
	buf_release(&full);
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
		repo_set_error(err, "cannot read the commit of \"%s\": ", name);
		repo_put_git_error(err);
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

int repo_commit_set(struct repo_commit *c, const char *id, int64_t time,
		    int tz_offset, const char *branch, const char *subject)
{
	if (!id || strlen(id) >= sizeof(c->id))
		return -1;
	repo_commit_release(c);
	memset(c, 0, sizeof(*c));
	memcpy(c->id, id, strlen(id) + 1);
	c->time = time;
	c->tz_offset = tz_offset;
	c->branch = branch ? xstrdup(branch) : NULL;
	c->subject = subject ? xstrdup(subject) : NULL;
	return 0;
}

/* ---------------------------------------------------------------- trees */

struct walk {
	struct arena *a;
	struct repo_entry *items; /* malloc'd while walking */
	size_t n, cap;
	size_t max; /* stop after this many files */
	int truncated;
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
	case GIT_FILEMODE_BLOB_EXECUTABLE: kind = REPO_BLOB; break;
	case GIT_FILEMODE_LINK: kind = REPO_SYMLINK; break;
	case GIT_FILEMODE_COMMIT: kind = REPO_SUBMODULE; break;
	default: return 0; /* a tree: the walk goes into it next */
	}
	if (w->n >= w->max) {
		w->truncated = 1;
		return -1; /* stops the walk */
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

int repo_list_tree(struct repo *r, const struct repo_commit *c, struct arena *a,
		   struct repo_entry **entries, size_t *n, struct buf *err)
{
	int truncated;
	return repo_list_tree_max(r, c, a, entries, n, SIZE_MAX, &truncated, err);
}

int repo_list_tree_max(struct repo *r, const struct repo_commit *c,
		       struct arena *a, struct repo_entry **entries, size_t *n,
		       size_t max, int *truncated, struct buf *err)
{
	struct walk w = { a, NULL, 0, 0, max, 0 };
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
	    (git_tree_walk(tree, GIT_TREEWALK_PRE, walk_entry, &w) < 0 && !w.truncated)) {
		repo_set_error(err, "cannot read the tree of commit %s: ", c->id);
		repo_put_git_error(err);
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
	*truncated = w.truncated;
	ret = 0;

cleanup:
	free(w.items);
	git_tree_free(tree);
	git_commit_free(commit);
	return ret;
}

/* ---------------------------------------------------------------- blobs */

/* The blob oid as libgit2 holds it (*obj), or 1 with *size when larger
 * than max, or -1 with err. */
static int open_blob(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		     size_t max, git_odb_object **obj, size_t *size, struct buf *err)
{
	git_object_t type;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	size_t len;

	*obj = NULL;
	*size = 0;
	git_oid_fromraw(&id, oid);
	git_oid_tostr(hex, sizeof(hex), &id);
	/* The header alone tells the size, without inflating the object. */
	if (git_odb_read_header(&len, &type, r->odb, &id) < 0) {
		repo_set_error(err, "cannot read blob %s: ", hex);
		repo_put_git_error(err);
		return -1;
	}
	if (type != GIT_OBJECT_BLOB) {
		repo_set_error(err, "object %s is a %s, not a blob", hex,
			       git_object_type2string(type));
		return -1;
	}
	if (len > max) {
		*size = len;
		return 1;
	}
	if (git_odb_read(obj, r->odb, &id) < 0) {
		repo_set_error(err, "cannot read blob %s: ", hex);
		repo_put_git_error(err);
		return -1;
	}
	*size = git_odb_object_size(*obj);
	return 0;
}

int repo_read_blob(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		   size_t max, struct buf *out, size_t *size, struct buf *err)
{
	git_odb_object *obj;
	int ret = open_blob(r, oid, max, &obj, size, err);
	if (ret == 0) {
		buf_clear(out);
		buf_put(out, git_odb_object_data(obj), *size);
	}
	git_odb_object_free(obj);
	return ret;
}

int repo_read_blob_ref(struct repo *r, const unsigned char oid[REPO_OID_LEN],
		       size_t max, struct repo_blob *out, size_t *size,
		       struct buf *err)
{
	git_odb_object *obj;
	int ret = open_blob(r, oid, max, &obj, size, err);
	out->obj = obj;
	out->data = obj ? git_odb_object_data(obj) : "";
	out->len = obj ? *size : 0;
	return ret;
}

void repo_blob_release(struct repo_blob *b)
{
	git_odb_object_free(b->obj);
	b->obj = NULL;
	b->data = "";
	b->len = 0;
}

/* ---------------------------------------------------------------- oid map */

size_t *repo_oidmap_get(const struct repo_oidmap *m, const git_oid *id)
{
	struct map_entry *e = map_get(&m->map, id->id, GIT_OID_RAWSZ);
	return e ? &e->num : NULL;
}

void repo_oidmap_put(struct repo_oidmap *m, const git_oid *id, size_t val)
{
	m->map.keys = &m->keys; /* set here: a zeroed map may have moved */
	map_put(&m->map, id->id, GIT_OID_RAWSZ, NULL)->num = val;
}

void repo_oidmap_release(struct repo_oidmap *m)
{
	map_release(&m->map);
	arena_release(&m->keys);
}

/* ---------------------------------------------------------- commits as text */

/* The committer time and offset (minutes east of UTC) on the line
 * [p, end) after "committer ": "Name <email> 1700000000 +0100"; as
 * libgit2 does, the time follows the last '>', and an offset that is not
 * one is 0. */
static void raw_committer(const char *p, const char *end, int64_t *time, int *offset)
{
	const char *q = end;
	int64_t t = 0;
	int neg = 0, tz = 0, digits = 0;

	while (q > p && q[-1] != '>')
		q--;
	while (q < end && *q == ' ')
		q++;
	if (q < end && (*q == '-' || *q == '+'))
		neg = *q++ == '-';
	while (q < end && ascii_is_digit(*q)) {
		if (t < (INT64_MAX - 9) / 10)
			t = t * 10 + (*q - '0');
		q++;
	}
	*time = neg ? -t : t;
	*offset = 0;
	while (q < end && *q == ' ')
		q++;
	if (q < end && (*q == '-' || *q == '+')) {
		for (const char *d = q + 1;
		     d < end && ascii_is_digit(*d) && digits < 9; d++, digits++)
			tz = tz * 10 + (*d - '0');
		if (digits && tz / 100 <= 14 && tz % 100 <= 59)
			*offset = (*q == '-' ? -1 : 1) * (tz / 100 * 60 + tz % 100);
	}
}

/* The author's name on the line [p, end) after "author ": as libgit2
 * reads it, what comes before the line's last '<', white space trimmed
 * at both ends; none when the line has no "<...>" email. */
static void raw_author(const char *p, const char *end, struct repo_raw_commit *c)
{
	const char *lt = NULL, *gt = NULL;
	for (const char *q = p; q < end; q++) {
		if (*q == '<')
			lt = q;
		else if (*q == '>')
			gt = q;
	}
	if (!lt || !gt || gt <= lt)
		return;
	const char *e = lt;
	while (p < e && ascii_is_space(*p))
		p++;
	while (e > p && ascii_is_space(e[-1]))
		e--;
	c->author = p;
	c->author_len = (size_t)(e - p);
}

int repo_raw_commit_read(git_odb *odb, const git_oid *id, struct repo_raw_commit *c,
			 git_oid **parents, size_t *n, size_t *cap, int first_parent)
{
	const char *p, *end, *line;
	unsigned np = 0;
	int e;

	memset(c, 0, sizeof(*c));
	e = git_odb_read(&c->obj, odb, id);
	if (e == GIT_ENOTFOUND)
		return 1;
	if (e < 0)
		return -1;
	if (git_odb_object_type(c->obj) != GIT_OBJECT_COMMIT) {
		git_error_set_str(GIT_ERROR_INVALID, "the object is not a commit");
		git_odb_object_free(c->obj);
		c->obj = NULL;
		return -1;
	}
	p = git_odb_object_data(c->obj);
	end = p + git_odb_object_size(c->obj);
	/* "tree", "parent"s, "author", "committer", other fields: parents
	 * are read up to the first other field, the first committer */
	int in_parents = 1, committer = 0;
	while (p < end) {
		if (*p == '\n') {
			p++; /* the blank line that ends the header */
			break;
		}
		line = memchr(p, '\n', (size_t)(end - p));
		if (!line)
			line = end;
		if (line - p == 7 + GIT_OID_HEXSZ && memcmp(p, "parent ", 7) == 0) {
			git_oid pid;
			if (in_parents && parents && !(first_parent && np) &&
			    git_oid_fromstrn(&pid, p + 7, GIT_OID_HEXSZ) == 0) {
				XGROW(*parents, *cap, *n + 1);
				(*parents)[(*n)++] = pid;
				np++;
			}
		} else if (line - p >= 5 && memcmp(p, "tree ", 5) == 0) {
			if (line - p == 5 + GIT_OID_HEXSZ)
				git_oid_fromstrn(&c->tree, p + 5, GIT_OID_HEXSZ);
		} else {
			in_parents = 0;
			if (!c->author && line - p > 7 && memcmp(p, "author ", 7) == 0)
				raw_author(p + 7, line, c);
			if (!committer && line - p > 10 &&
			    memcmp(p, "committer ", 10) == 0) {
				raw_committer(p + 10, line, &c->time, &c->tz_offset);
				committer = 1;
			}
		}
		p = line < end ? line + 1 : end;
	}
	/* the message, as git_commit_message gives it */
	while (p < end && *p == '\n')
		p++;
	c->msg = p < end ? p : "";
	c->msg_len = p < end ? (size_t)(end - p) : 0;
	return 0;
}
