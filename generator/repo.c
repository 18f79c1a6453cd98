#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "fetch.h"
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
	/* fetches that give up at a deadline (libgit2 1.5 has no timeouts) */
	fetch_global_init();
}

void repo_global_shutdown(void)
{
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

	put_git_error(&git_msg);
	if (stat(path, &st) < 0) {
		if (errno == EACCES)
			set_error(err, "repository \"%s\": permission denied", path);
		else if (errno == ENOENT || errno == ENOTDIR)
			set_error(err, "repository \"%s\" not found", path);
		else
			set_error(err, "repository \"%s\": %s", path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISDIR(st.st_mode)) {
		set_error(err, "\"%s\" is not a git repository (it is not a folder)", path);
		goto cleanup;
	}
	if (!may_read(path, 1)) {
		set_error(err, "repository \"%s\": permission denied", path);
		goto cleanup;
	}
	/* a working tree's .git, or a bare repository's own files */
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		buf_clear(&sub);
		buf_printf(&sub, "%s/%s", path, marks[i]);
		if (lstat(sub.ptr, &st) < 0)
			continue;
		if (!may_read(sub.ptr, S_ISDIR(st.st_mode))) {
			set_error(err, "repository \"%s\": permission denied on \"%s\"",
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
			set_error(err, "\"%s\" is not a git repository", path);
			goto cleanup;
		}
	}
	set_error(err, "cannot open repository \"%s\": %s", path, git_msg.ptr);

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
	if (git_repository_open_ext(&git, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0 ||
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
					buf_printf(out, "%s%s", n ? ", " : " (branches: ", name);
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
		set_error(err, "branch \"%s\" does not exist", branch);
		put_branch_names(err, r->git);
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

/* ------------------------------------------------------------ last changes */

/* The walk of repo_last_changes: the paths asked about, found by a hash of
 * their text, with the blob each has at the starting commit. */
struct lc_walk {
	git_repository *git;
	const char *const *paths;
	size_t n;
	size_t *slots;        /* open addressing: index + 1, 0 empty */
	size_t nslots;
	git_oid *head;        /* per path: its blob at the start */
	unsigned char *state; /* per path: bit 1 changed found, bit 2 added found */
	int64_t *times;
	const char **authors, **added_by;
	struct arena *a;
	size_t pending;       /* paths whose last change is not found */
	size_t adds_pending;  /* paths whose adding commit is not found */
	git_commit *commit;   /* the commit being looked at */
	git_tree **ptrees;    /* its parents' trees */
	size_t nparents;
	struct buf path;      /* scratch: the path of the entry looked at */
};

static ssize_t lc_find(const struct lc_walk *w, const char *s, size_t n)
{
	size_t i = (size_t)hash_of(s, n, 0) & (w->nslots - 1);
	while (w->slots[i]) {
		size_t k = w->slots[i] - 1;
		if (strlen(w->paths[k]) == n && memcmp(w->paths[k], s, n) == 0)
			return (ssize_t)k;
		i = (i + 1) & (w->nslots - 1);
	}
	return -1;
}

/* Is some path asked about at or under the folder prefix (n bytes, no
 * trailing '/')?  The paths are few next to a history's trees, so a
 * folder nobody asked about is skipped whole. */
static int lc_wanted_dir(const struct lc_walk *w, const char *prefix, size_t n)
{
	/* paths come sorted: bisect for the first >= prefix */
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strncmp(w->paths[mid], prefix, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && strncmp(w->paths[lo], prefix, n) == 0 &&
	       w->paths[lo][n] == '/';
}

/* A file asked about differs between the commit and its first parent:
 * is the commit where its present content came from, or where it was
 * added? */
static void lc_changed(struct lc_walk *w, size_t k, const git_oid *now)
{
	/* a merge that took the file unchanged from one of its parents is not
	 * where it changed */
	int in_parent = 0, same_parent = 0;
	for (size_t p = 0; p < w->nparents; p++) {
		git_oid before;
		path_oid(&before, w->ptrees[p], w->paths[k]);
		in_parent |= !git_oid_is_zero(&before);
		same_parent |= git_oid_equal(&before, now);
	}
	if (same_parent)
		return;
	const git_signature *sig = git_commit_author(w->commit);
	const char *who = sig && sig->name ? sig->name : "";
	/* the content the file has now: the first such commit met (children
	 * come before parents) is the last change */
	if (!(w->state[k] & 1) && git_oid_equal(now, &w->head[k])) {
		w->state[k] |= 1;
		w->times[k] = (int64_t)git_commit_time(w->commit);
		w->authors[k] = arena_strdup(w->a, who);
		w->pending--;
	}
	/* added here (no parent has it): the oldest such commit wins */
	if (w->added_by && !in_parent) {
		w->added_by[k] = arena_strdup(w->a, who);
		if (!(w->state[k] & 2)) {
			w->state[k] |= 2;
			w->adds_pending--;
		}
	}
}

/* Compares tree a (the commit's) with b (its first parent's, may be NULL)
 * under the folder in w->path, looking only into folders that hold paths
 * asked about and whose ids differ. */
static void lc_diff(struct lc_walk *w, const git_tree *a, const git_tree *b)
{
	size_t na = git_tree_entrycount(a), nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0, base = w->path.len;
	while (i < na) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);
		const char *name = git_tree_entry_name(ea);
		const git_tree_entry *eb = NULL;
		/* entries are sorted (git's order); find the same name in b */
		while (j < nb) {
			const git_tree_entry *x = git_tree_entry_byindex(b, j);
			int c = git_tree_entry_cmp(x, ea);
			if (c >= 0) {
				if (!strcmp(git_tree_entry_name(x), name))
					eb = x;
				break;
			}
			j++;
		}
		if (!eb && b)
			eb = git_tree_entry_byname(b, name);
		i++;
		if (eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			continue;
		buf_truncate(&w->path, base);
		if (base)
			buf_putc(&w->path, '/');
		buf_puts(&w->path, name);
		git_object_t type = git_tree_entry_type(ea);
		if (type == GIT_OBJECT_TREE) {
			if (!lc_wanted_dir(w, w->path.ptr, w->path.len))
				continue;
			git_tree *sa = NULL, *sb = NULL;
			if (git_tree_lookup(&sa, w->git, git_tree_entry_id(ea)) < 0)
				continue;
			if (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE)
				git_tree_lookup(&sb, w->git, git_tree_entry_id(eb));
			lc_diff(w, sa, sb);
			git_tree_free(sa);
			git_tree_free(sb);
		} else if (type == GIT_OBJECT_BLOB) {
			ssize_t k = lc_find(w, w->path.ptr, w->path.len);
			if (k >= 0)
				lc_changed(w, (size_t)k, git_tree_entry_id(ea));
		}
	}
	buf_truncate(&w->path, base);
}

static int cmp_cstr_ptr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int repo_last_changes(struct repo *r, const struct repo_commit *c,
		      const char *const *paths, size_t n, size_t max_commits,
		      struct arena *a, int64_t *times, const char **authors,
		      const char **added_by, struct buf *err)
{
	git_revwalk *walk = NULL;
	git_oid start, id;
	git_commit *first = NULL;
	git_tree *head_tree = NULL;
	struct lc_walk w;
	size_t seen = 0;
	const char **sorted = NULL;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	for (size_t i = 0; i < n; i++) {
		times[i] = 0;
		authors[i] = NULL;
		if (added_by)
			added_by[i] = NULL;
	}
	if (!n)
		return 0;
	if (git_oid_fromstr(&start, c->id) < 0 || git_revwalk_new(&walk, r->git) < 0 ||
	    git_revwalk_push(walk, &start) < 0 ||
	    git_commit_lookup(&first, r->git, &start) < 0 ||
	    git_commit_tree(&head_tree, first) < 0) {
		set_error(err, "cannot walk the history of %s: ", c->id);
		put_git_error(err);
		goto cleanup;
	}
	/* the paths sorted (folders are skipped by bisection); results go
	 * back to the caller's order through lc_find at the end */
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, paths, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_cstr_ptr);
	w.git = r->git;
	w.paths = sorted;
	w.n = n;
	w.nslots = 16;
	while (w.nslots < n * 2)
		w.nslots *= 2;
	w.slots = xcalloc(w.nslots, sizeof(*w.slots));
	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(sorted[k]);
		size_t i = (size_t)hash_of(sorted[k], len, 0) & (w.nslots - 1);
		while (w.slots[i])
			i = (i + 1) & (w.nslots - 1);
		w.slots[i] = k + 1;
	}
	w.head = xcalloc(n, sizeof(*w.head));
	w.state = xcalloc(n, 1);
	w.times = xcalloc(n, sizeof(*w.times));
	w.authors = xcalloc(n, sizeof(*w.authors));
	w.added_by = added_by ? xcalloc(n, sizeof(*w.added_by)) : NULL;
	w.a = a;
	for (size_t k = 0; k < n; k++) {
		path_oid(&w.head[k], head_tree, sorted[k]);
		if (git_oid_is_zero(&w.head[k]))
			w.state[k] = 3; /* not in the tree: nothing to find */
		else
			w.pending++, w.adds_pending += added_by != NULL;
	}
	buf_init(&w.path);
	/* children before parents, so the first change met is the last made */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while ((w.pending || w.adds_pending) && seen < max_commits &&
	       git_revwalk_next(&id, walk) == 0) {
		git_tree *tree = NULL;
		seen++;
		if (git_commit_lookup(&w.commit, r->git, &id) < 0)
			break; /* a shallow or partial history ends here */
		if (git_commit_tree(&tree, w.commit) < 0) {
			git_commit_free(w.commit);
			break;
		}
		/* a missing parent (shallow clone) counts as an empty tree */
		w.nparents = git_commit_parentcount(w.commit);
		w.ptrees = xcalloc(w.nparents + 1, sizeof(*w.ptrees));
		for (size_t p = 0; p < w.nparents; p++) {
			git_commit *parent = NULL;
			if (git_commit_parent(&parent, w.commit, (unsigned)p) == 0)
				git_commit_tree(&w.ptrees[p], parent);
			git_commit_free(parent);
		}
		buf_clear(&w.path);
		lc_diff(&w, tree, w.ptrees[0]);
		for (size_t p = 0; p < w.nparents; p++)
			git_tree_free(w.ptrees[p]);
		free(w.ptrees);
		w.ptrees = NULL;
		git_tree_free(tree);
		git_commit_free(w.commit);
		w.commit = NULL;
	}
	/* back to the caller's order */
	for (size_t k = 0; k < n; k++) {
		size_t at = (size_t)lc_find(&w, paths[k], strlen(paths[k]));
		times[k] = w.times[at];
		authors[k] = w.authors[at];
		if (added_by)
			added_by[k] = w.added_by[at];
	}
	ret = 0;

cleanup:
	buf_release(&w.path);
	free(w.slots);
	free(w.head);
	free(w.state);
	free(w.times);
	free(w.authors);
	free(w.added_by);
	free(sorted);
	git_tree_free(head_tree);
	git_commit_free(first);
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
	size_t max;               /* stop after this many files */
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

int repo_list_tree(struct repo *r, const struct repo_commit *c,
		   struct arena *a, struct repo_entry **entries, size_t *n,
		   struct buf *err)
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
	*truncated = w.truncated;
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

/* libgit2's progress callbacks: a transfer that is still moving when the
 * deadline passes stops (one that is stuck stops in fetch.c's stream). */
static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	(void)payload;
	return fetch_deadline_check();
}

static int on_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	(void)payload;
	return fetch_deadline_check();
}

/* Fetches branches and tags from url into the bare repository git, pruning
 * those deleted there, and points HEAD at the remote's default branch when
 * the remote tells it, giving up after timeout seconds (0: never).  Returns
 * 0, or libgit2's (negative) error code with its reason alone in err.
 *
 * The copy's remote "origin" (see clone_into) names the same URL; here an
 * in-memory remote is used instead, because git_remote_lookup in libgit2
 * 1.5.1 leaks PCRE2 match data on every call (libgit2 pull 6382, fixed in
 * later releases). */
static int fetch_url(git_repository *git, const char *url, double timeout,
		     struct buf *err)
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
	opts.callbacks.transfer_progress = on_transfer;
	opts.callbacks.sideband_progress = on_sideband;
	git_error_clear();
	fetch_deadline_begin(timeout);
	if ((ret = git_remote_create_with_opts(&remote, url, &create)) < 0 ||
	    (ret = git_remote_fetch(remote, &refspecs, &opts, NULL)) < 0)
		goto fail;
	/* still answers once disconnected: the list of refs is kept */
	e = git_remote_default_branch(&branch, remote);
	if (e < 0 && e != GIT_ENOTFOUND) {
		ret = e;
		goto fail;
	}
	if (e == 0 && !head_is(git, branch.ptr) &&
	    (ret = git_repository_set_head(git, branch.ptr)) < 0)
		goto fail;
	ret = 0;
	goto cleanup;

fail:
	buf_clear(err);
	put_git_error(err);
cleanup:
	fetch_deadline_end();
	git_buf_dispose(&branch);
	git_remote_free(remote);
	return ret;
}

/* fetch_url, tried again after a failure as o says: before retry k (from
 * 1) it waits o->backoff * 2^(k-1) seconds.  A refused login or
 * certificate is not tried again.  On failure err holds the last reason,
 * followed by how many attempts failed when there were several. */
static int fetch_retrying(git_repository *git, const char *url,
			  const struct repo_fetch_opts *o, struct buf *err)
{
	double wait = o->backoff;
	int attempt = 0, e;

	for (;;) {
		attempt++;
		e = fetch_url(git, url, o->timeout, err);
		if (e == 0 || e == GIT_EAUTH || e == GIT_ECERTIFICATE ||
		    attempt > o->retries)
			break;
		if (wait > 0) {
			struct timespec ts = { (time_t)wait,
					       (long)((wait - (double)(time_t)wait) * 1e9) };
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
		wait *= 2;
	}
	if (e < 0 && attempt > 1)
		buf_printf(err, " (%d attempts)", attempt);
	return e;
}

/* The file in a clone's folder that holds the time of its last successful
 * clone or fetch (seconds since the epoch, in decimal). */
#define FETCHED_FILE "cairn-fetched"

/* Records t as the time of dir's last successful fetch (replacing the
 * file in one step).  A failure only loses the date: it is not reported. */
static void fetched_save(const char *dir, int64_t t)
{
	struct buf p = BUF_INIT, tmp = BUF_INIT;
	FILE *f;

	buf_printf(&p, "%s/" FETCHED_FILE, dir);
	buf_printf(&tmp, "%s.tmp", p.ptr);
	if ((f = fopen(tmp.ptr, "w"))) {
		int bad = fprintf(f, "%" PRId64 "\n", t) < 0;
		if (fclose(f) != 0 || bad || rename(tmp.ptr, p.ptr) < 0)
			unlink(tmp.ptr);
	}
	buf_release(&tmp);
	buf_release(&p);
}

/* The time fetched_save recorded in dir, or 0. */
static int64_t fetched_load(const char *dir)
{
	struct buf p = BUF_INIT;
	long long t = 0;
	FILE *f;

	buf_printf(&p, "%s/" FETCHED_FILE, dir);
	if ((f = fopen(p.ptr, "r"))) {
		if (fscanf(f, "%lld", &t) != 1 || t < 0)
			t = 0;
		fclose(f);
	}
	buf_release(&p);
	return (int64_t)t;
}

/* Makes a bare clone of url in the empty folder dir.  Its remote "origin"
 * (with stored_url, the URL without secrets) is written so that `git fetch`
 * there does what fetch_url does (a second fetch refspec would take
 * git_remote_add_fetch, which leaks like git_remote_lookup). */
static int clone_into(const char *dir, const char *url,
		      const char *stored_url, const struct repo_fetch_opts *o,
		      struct buf *err)
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
	if (fetch_retrying(git, url, o, err) < 0)
		goto cleanup;
	ret = 0;

cleanup:
	git_config_free(config);
	git_repository_free(git);
	return ret;
}

int repo_sync_url(struct buf *git_dir, int64_t *fetched, const char *url,
		  const char *cache_dir, const struct repo_fetch_opts *opts,
		  struct buf *err)
{
	struct repo_fetch_opts o = REPO_FETCH_OPTS_INIT;
	git_repository *git = NULL;
	struct buf path = BUF_INIT, tmp = BUF_INIT, old = BUF_INIT;
	struct buf plain = BUF_INIT, shown = BUF_INIT, why = BUF_INIT;
	struct stat st;
	int had_copy, ret = -1;

	if (opts)
		o = *opts;
	else
		o.now = (int64_t)time(NULL);
	if (fetched)
		*fetched = 0;
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
		if (fetch_retrying(git, url, &o, &why) < 0) {
			set_error(err, "fetch of \"%s\" failed: %s", shown.ptr,
				  why.ptr);
			if (fetched)
				*fetched = fetched_load(path.ptr);
			ret = 1;
		} else {
			fetched_save(path.ptr, o.now);
			if (fetched)
				*fetched = o.now;
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
	if (clone_into(tmp.ptr, url, plain.ptr, &o, &why) < 0) {
		set_error(err, "cannot clone \"%s\": %s", shown.ptr, why.ptr);
		goto cleanup;
	}
	fetched_save(tmp.ptr, o.now);
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
	if (fetched)
		*fetched = o.now;
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

/* ---------------------------------------------------------------- history */

/* The first line of a commit message, trailing blanks dropped (arena). */
static const char *first_line(struct arena *a, const char *msg)
{
	const char *end;

	if (!msg)
		msg = "";
	end = msg + strcspn(msg, "\n");
	while (end > msg && strchr(" \t\r", end[-1]))
		end--;
	return arena_strndup(a, msg, (size_t)(end - msg));
}

static void fill_info(struct repo_commit_info *out, const git_commit *c,
		      struct arena *a)
{
	const git_signature *au = git_commit_author(c);

	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->subject = first_line(a, git_commit_message(c));
	out->author = arena_strdup(a, au && au->name ? au->name : "");
	out->author_time = au ? (int64_t)au->when.time : 0;
	out->time = (int64_t)git_commit_time(c);
}

/* Parses a full hex id; -1 with err when it is not one. */
static int parse_id(git_oid *out, const char *hex, struct buf *err)
{
	if (!hex || strlen(hex) != GIT_OID_HEXSZ || git_oid_fromstr(out, hex) < 0) {
		set_error(err, "\"%s\" is not a commit id", hex ? hex : "");
		return -1;
	}
	return 0;
}

/* A map from commit ids to indices (open addressing, linear probing). */
struct oidmap_slot {
	git_oid oid;
	size_t val;
	int used;
};

struct oidmap {
	struct oidmap_slot *slots;
	size_t cap; /* 0 or a power of two */
	size_t n;
};

static size_t oid_hash(const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h)); /* SHA-1 bytes are uniform already */
	return (size_t)h;
}

static struct oidmap_slot *oidmap_slot(const struct oidmap *m,
				       const git_oid *id)
{
	size_t i = oid_hash(id) & (m->cap - 1);

	while (m->slots[i].used && !git_oid_equal(&m->slots[i].oid, id))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* The value of id, or NULL. */
static size_t *oidmap_get(const struct oidmap *m, const git_oid *id)
{
	struct oidmap_slot *s;

	if (!m->cap)
		return NULL;
	s = oidmap_slot(m, id);
	return s->used ? &s->val : NULL;
}

static void oidmap_put(struct oidmap *m, const git_oid *id, size_t val)
{
	struct oidmap_slot *s;

	if ((m->n + 1) * 2 > m->cap) {
		struct oidmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].used)
				oidmap_put(m, &old.slots[i].oid, old.slots[i].val);
		free(old.slots);
	}
	s = oidmap_slot(m, id);
	if (!s->used) {
		s->used = 1;
		s->oid = *id;
		m->n++;
	}
	s->val = val;
}

static void oidmap_release(struct oidmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

int repo_is_shallow(struct repo *r)
{
	return git_repository_is_shallow(r->git) == 1;
}

/* ------------------------------------------------ commits as text
 *
 * The walks and the tags want a commit's parents, committer time and
 * subject, not a git_commit (which copies the message and both signatures):
 * the object is read through the object database (cached there by id, so
 * that a commit read by one walk is not inflated again by the next) and
 * its header read as libgit2 reads it. */

/* The committer time and offset (minutes east of UTC) on the line
 * [p, end) after "committer ": "Name <email> 1700000000 +0100"; as
 * libgit2 does, the time follows the last '>', and an offset that is not
 * one is 0. */
static void raw_committer(const char *p, const char *end, int64_t *time,
			  int *offset)
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
	while (q < end && *q >= '0' && *q <= '9') {
		if (t < (INT64_MAX - 9) / 10)
			t = t * 10 + (*q - '0');
		q++;
	}
	*time = neg ? -t : t;
	*offset = 0;
	while (q < end && *q == ' ')
		q++;
	if (q < end && (*q == '-' || *q == '+')) {
		for (const char *d = q + 1; d < end && *d >= '0' && *d <= '9' &&
					    digits < 9;
		     d++, digits++)
			tz = tz * 10 + (*d - '0');
		if (digits && tz / 100 <= 14 && tz % 100 <= 59)
			*offset = (*q == '-' ? -1 : 1) * (tz / 100 * 60 + tz % 100);
	}
}

struct raw_commit {
	git_odb_object *obj;
	int64_t time;       /* committer time */
	int tz_offset;
	const char *msg;    /* the message, leading newlines skipped */
	size_t msg_len;
};

/* Reads commit id; when parents is not NULL, appends its parent ids to
 * *parents (*n, *cap), the first only when first_parent.  Returns 0, 1
 * when the object is not in the repository, -1 when it cannot be read or
 * is not a commit (libgit2's error set).  Release c->obj with
 * git_odb_object_free. */
static int raw_commit_read(git_odb *odb, const git_oid *id,
			   struct raw_commit *c, git_oid **parents, size_t *n,
			   size_t *cap, int first_parent)
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
		} else if (line - p < 5 || memcmp(p, "tree ", 5) != 0) {
			in_parents = 0;
			if (!committer && line - p > 10 &&
			    memcmp(p, "committer ", 10) == 0) {
				raw_committer(p + 10, line, &c->time,
					      &c->tz_offset);
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

/* ------------------------------------------------ cairn's own walk
 *
 * git's limit_list, in short: commits are taken newest first (committer
 * time) from a queue holding the starting commits; an uninteresting
 * commit's parents become uninteresting; the walk ends when only
 * uninteresting commits are queued (plus a few more, for clocks that were
 * wrong).  Unlike libgit2 1.5 it knows the shallow roots (commits whose
 * parents are not there by design) and survives missing parents. */

enum {
	HW_UNINTERESTING = 1,
	HW_QUEUED = 2,
	HW_SEEN = 4,     /* taken from the queue */
	HW_MISSING = 8,  /* not in the repository */
	HW_BOUNDARY = 16 /* a shallow root: its parents are not followed */
};

#define HW_SLOP 5 /* commits taken after the interesting ones ran out */

struct hw_node {
	git_oid oid;
	int64_t time;
	size_t par;      /* index of its first parent in hwalk.parents */
	unsigned npar;
	unsigned flags;
	size_t label;    /* repo_first_reach's: 0 hidden, 1 + the first
			    tip's index, or FR_NONE (SIZE_MAX): none yet */
};

struct hwalk {
	git_repository *git;
	git_odb *odb;
	int first_parent;
	git_oid *shallow; /* the shallow roots, sorted */
	size_t nshallow;
	struct hw_node *nodes;
	size_t n, cap;
	struct oidmap index;
	git_oid *parents;
	size_t npar, parcap;
	size_t *heap;
	size_t nheap, heapcap;
	size_t ninteresting; /* queued and not uninteresting */
	size_t *stack;       /* for marking */
	size_t stackcap;
	int truncated;       /* the counts are lower bounds */
	int stopped;         /* see hw_end_of_history */
};

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Reads the shallow roots from the repository's "shallow" file. */
static void hw_load_shallow(struct hwalk *w, const struct repo *r)
{
	struct buf path = BUF_INIT;
	char line[128];
	size_t cap = 0;
	FILE *f;

	buf_printf(&path, "%s/shallow", r->git_dir);
	f = fopen(path.ptr, "r");
	buf_release(&path);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		git_oid id;
		line[strcspn(line, "\r\n")] = '\0';
		if (strlen(line) != GIT_OID_HEXSZ || git_oid_fromstr(&id, line) < 0)
			continue;
		XGROW(w->shallow, cap, w->nshallow + 1);
		w->shallow[w->nshallow++] = id;
	}
	fclose(f);
	if (w->nshallow)
		qsort(w->shallow, w->nshallow, sizeof(*w->shallow), oid_cmp);
}

static void hw_init(struct hwalk *w, struct repo *r, int first_parent)
{
	memset(w, 0, sizeof(*w));
	w->git = r->git;
	w->odb = r->odb;
	w->first_parent = first_parent;
	hw_load_shallow(w, r);
}

static void hw_release(struct hwalk *w)
{
	free(w->shallow);
	free(w->nodes);
	oidmap_release(&w->index);
	free(w->parents);
	free(w->heap);
	free(w->stack);
}

/* The node of id, created (unread) when new. */
static size_t hw_node(struct hwalk *w, const git_oid *id)
{
	size_t *at = oidmap_get(&w->index, id);
	struct hw_node *nd;

	if (at)
		return *at;
	XGROW(w->nodes, w->cap, w->n + 1);
	nd = &w->nodes[w->n];
	memset(nd, 0, sizeof(*nd));
	nd->oid = *id;
	nd->label = SIZE_MAX;
	oidmap_put(&w->index, id, w->n);
	return w->n++;
}

/* Reads node i's time and parents.  Returns -1 on an error other than a
 * missing object (which sets HW_MISSING). */
static int hw_parse(struct hwalk *w, size_t i)
{
	struct hw_node *nd = &w->nodes[i];
	struct raw_commit c;
	size_t before = w->npar;
	int boundary, e;

	boundary = w->nshallow && bsearch(&nd->oid, w->shallow, w->nshallow,
					 sizeof(*w->shallow), oid_cmp);
	/* a shallow root's parents are not there by design: not followed */
	e = raw_commit_read(w->odb, &nd->oid, &c, boundary ? NULL : &w->parents,
			    &w->npar, &w->parcap, w->first_parent);
	if (e > 0) {
		nd->flags |= HW_MISSING;
		return 0;
	}
	if (e < 0)
		return -1;
	nd->time = c.time;
	nd->par = before;
	nd->npar = (unsigned)(w->npar - before);
	if (boundary)
		nd->flags |= HW_BOUNDARY;
	git_odb_object_free(c.obj);
	return 0;
}

/* Heap order: newer first; equal times by id, so that walks repeat. */
static int hw_before(const struct hwalk *w, size_t a, size_t b)
{
	const struct hw_node *x = &w->nodes[a], *y = &w->nodes[b];

	if (x->time != y->time)
		return x->time > y->time;
	return git_oid_cmp(&x->oid, &y->oid) < 0;
}

/* The history ends at node i (a shallow root, or a missing commit).  What
 * lies behind an interesting commit is not counted: the counts become lower
 * bounds.  What lies behind an uninteresting one might have hidden commits
 * still queued: the walk stops, so that only commits newer than i -- which
 * nothing behind i can reach -- are counted. */
static void hw_end_of_history(struct hwalk *w, size_t i)
{
	if (!(w->nodes[i].flags & HW_UNINTERESTING)) {
		w->truncated = 1;
	} else if (w->ninteresting) {
		w->truncated = 1;
		w->stopped = 1;
	}
}

/* Reads node i and queues it; a missing commit is only marked. */
static int hw_push(struct hwalk *w, size_t i)
{
	size_t k;

	if (w->nodes[i].flags & (HW_QUEUED | HW_SEEN))
		return 0;
	if (hw_parse(w, i) < 0)
		return -1;
	if (w->nodes[i].flags & HW_MISSING) {
		w->nodes[i].flags |= HW_SEEN;
		hw_end_of_history(w, i);
		return 0;
	}
	w->nodes[i].flags |= HW_QUEUED;
	if (!(w->nodes[i].flags & HW_UNINTERESTING))
		w->ninteresting++;
	XGROW(w->heap, w->heapcap, w->nheap + 1);
	k = w->nheap++;
	while (k > 0 && hw_before(w, i, w->heap[(k - 1) / 2])) {
		w->heap[k] = w->heap[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	w->heap[k] = i;
	return 0;
}

static size_t hw_pop(struct hwalk *w)
{
	size_t top = w->heap[0], last = w->heap[--w->nheap], k = 0;

	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= w->nheap)
			break;
		if (c + 1 < w->nheap && hw_before(w, w->heap[c + 1], w->heap[c]))
			c++;
		if (!hw_before(w, w->heap[c], last))
			break;
		w->heap[k] = w->heap[c];
		k = c;
	}
	if (w->nheap)
		w->heap[k] = last;
	w->nodes[top].flags &= ~(unsigned)HW_QUEUED;
	w->nodes[top].flags |= HW_SEEN;
	if (!(w->nodes[top].flags & HW_UNINTERESTING))
		w->ninteresting--;
	return top;
}

/* Marks node i uninteresting, and the ancestors already taken from the
 * queue (those not taken yet are marked when they are).  Creates no node,
 * so node pointers stay valid here. */
static void hw_mark(struct hwalk *w, size_t i)
{
	size_t depth = 0;

	XGROW(w->stack, w->stackcap, 1);
	w->stack[depth++] = i;
	while (depth) {
		struct hw_node *nd = &w->nodes[w->stack[--depth]];
		if (nd->flags & HW_UNINTERESTING)
			continue;
		nd->flags |= HW_UNINTERESTING;
		if (nd->flags & HW_QUEUED)
			w->ninteresting--;
		if (!(nd->flags & HW_SEEN) || (nd->flags & HW_MISSING))
			continue;
		for (unsigned k = 0; k < nd->npar; k++) {
			size_t *p = oidmap_get(&w->index, &w->parents[nd->par + k]);
			if (!p)
				continue;
			XGROW(w->stack, w->stackcap, depth + 1);
			w->stack[depth++] = *p;
		}
	}
}

/* Walks from include (interesting) and exclude (uninteresting); without
 * exclude, stops before commits older than min_time.  Sets *out (malloc'd)
 * to the interesting commits, newest first.  Returns -1 with err when an
 * include is not in the repository or a commit cannot be read. */
static int hw_run(struct hwalk *w, const git_oid *include, size_t ninclude,
		  const git_oid *exclude, size_t nexclude, int64_t min_time,
		  git_oid **out, size_t *n, struct buf *err)
{
	size_t *taken = NULL, ntaken = 0, cap = 0;
	int slop = HW_SLOP, ret = -1;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < nexclude; i++) {
		size_t j = hw_node(w, &exclude[i]);
		hw_mark(w, j);
		if (hw_push(w, j) < 0)
			goto fail;
	}
	for (size_t i = 0; i < ninclude; i++) {
		size_t j = hw_node(w, &include[i]);
		if (hw_push(w, j) < 0)
			goto fail;
		if (w->nodes[j].flags & HW_MISSING) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &include[i]);
			set_error(err, "commit %s is not in the repository", hex);
			goto cleanup;
		}
	}
	/* an exclude that is not there hides what nobody can tell */
	for (size_t i = 0; i < nexclude; i++) {
		size_t *at = oidmap_get(&w->index, &exclude[i]);
		if (at && (w->nodes[*at].flags & HW_MISSING)) {
			w->truncated = 1;
			w->stopped = 1;
		}
	}
	while (w->nheap && !w->stopped) {
		if (!w->ninteresting && slop-- <= 0)
			break;
		if (!nexclude && w->nodes[w->heap[0]].time < min_time)
			break;
		size_t i = hw_pop(w);
		unsigned flags = w->nodes[i].flags;
		size_t par = w->nodes[i].par, npar = w->nodes[i].npar;
		int uninteresting = (flags & HW_UNINTERESTING) != 0;

		if (flags & HW_BOUNDARY) {
			hw_end_of_history(w, i);
			if (w->stopped)
				break;
		}
		if (!uninteresting) {
			XGROW(taken, cap, ntaken + 1);
			taken[ntaken++] = i;
		}
		for (size_t k = 0; k < npar; k++) {
			git_oid pid = w->parents[par + k];
			size_t j = hw_node(w, &pid);
			if (uninteresting)
				hw_mark(w, j);
			if (hw_push(w, j) < 0)
				goto fail;
		}
	}
	for (size_t i = 0; i < ntaken; i++) {
		if (w->nodes[taken[i]].flags & HW_UNINTERESTING)
			continue;
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = w->nodes[taken[i]].oid;
	}
	ret = 0;
	goto cleanup;

fail:
	set_error(err, "cannot walk the history: ");
	put_git_error(err);
cleanup:
	if (ret < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	free(taken);
	return ret;
}

/* The range include --not exclude by cairn's own walk. */
static int own_range(struct repo *r, const git_oid *include,
		     const git_oid *exclude, size_t nexclude, int first_parent,
		     git_oid **ids, size_t *n, int *truncated, struct buf *err)
{
	struct hwalk w;
	int ret;

	hw_init(&w, r, first_parent);
	ret = hw_run(&w, include, 1, exclude, nexclude, INT64_MIN, ids, n, err);
	if (w.truncated)
		*truncated = 1;
	hw_release(&w);
	return ret;
}

/* The same range by libgit2's revwalk.  Returns -1 on any failure (the
 * caller then tries cairn's own walk).  A walk that fails on a missing
 * commit leaks libgit2's list of commits in libgit2 1.5 (limit_list
 * returns without freeing it): one more reason shallow repositories, where
 * that is certain, go to cairn's walk straight away. */
static int git_range(struct repo *r, const git_oid *include,
		     const git_oid *exclude, size_t nexclude, int first_parent,
		     git_oid **ids, size_t *n)
{
	git_revwalk *walk = NULL;
	size_t cap = 0;
	git_oid id;
	int e, ret = -1;

	*ids = NULL;
	*n = 0;
	if (git_revwalk_new(&walk, r->git) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TIME) < 0 ||
	    (first_parent && git_revwalk_simplify_first_parent(walk) < 0) ||
	    git_revwalk_push(walk, include) < 0)
		goto cleanup;
	for (size_t i = 0; i < nexclude; i++)
		if (git_revwalk_hide(walk, &exclude[i]) < 0)
			goto cleanup;
	while ((e = git_revwalk_next(&id, walk)) == 0) {
		XGROW(*ids, cap, *n + 1);
		(*ids)[(*n)++] = id;
	}
	if (e != GIT_ITEROVER)
		goto cleanup;
	ret = 0;

cleanup:
	if (ret < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	git_revwalk_free(walk);
	return ret;
}

/* include --not exclude, by libgit2 when it can, else by cairn's walk. */
static int walk_range(struct repo *r, const git_oid *include,
		      const git_oid *exclude, size_t nexclude, int first_parent,
		      git_oid **ids, size_t *n, int *truncated, struct buf *err)
{
	if (!repo_is_shallow(r) &&
	    git_range(r, include, exclude, nexclude, first_parent, ids, n) == 0)
		return 0;
	return own_range(r, include, exclude, nexclude, first_parent, ids, n,
			 truncated, err);
}

int repo_walk_range(struct repo *r, const char *include,
		    const char *const *exclude, size_t nexclude,
		    int first_parent, size_t keep, struct arena *a,
		    struct repo_commit_info **kept, size_t *nkept,
		    size_t *count, int *truncated, struct buf *err)
{
	git_oid inc, *exc = NULL, *ids = NULL;
	size_t n = 0;
	int ret = -1;

	*kept = NULL;
	*nkept = 0;
	*count = 0;
	*truncated = 0;
	if (parse_id(&inc, include, err) < 0)
		goto cleanup;
	exc = xcalloc(nexclude ? nexclude : 1, sizeof(*exc));
	for (size_t i = 0; i < nexclude; i++)
		if (parse_id(&exc[i], exclude[i], err) < 0)
			goto cleanup;
	if (walk_range(r, &inc, exc, nexclude, first_parent, &ids, &n,
		       truncated, err) < 0)
		goto cleanup;
	*count = n;
	if (keep > n)
		keep = n;
	if (keep) {
		*kept = arena_alloc(a, keep * sizeof(**kept));
		for (size_t i = 0; i < keep; i++) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, r->git, &ids[i]) < 0) {
				char hex[GIT_OID_HEXSZ + 1];
				git_oid_tostr(hex, sizeof(hex), &ids[i]);
				set_error(err, "cannot read commit %s: ", hex);
				put_git_error(err);
				goto cleanup;
			}
			fill_info(&(*kept)[i], c, a);
			git_commit_free(c);
			(*nkept)++;
		}
	}
	ret = 0;

cleanup:
	free(ids);
	free(exc);
	return ret;
}

int repo_ahead_behind(struct repo *r, const char *a, const char *b,
		      size_t *ahead, size_t *behind, int *truncated,
		      struct buf *err)
{
	git_oid x, y, *ids = NULL;
	size_t n = 0;

	*ahead = 0;
	*behind = 0;
	*truncated = 0;
	if (parse_id(&x, a, err) < 0 || parse_id(&y, b, err) < 0)
		return -1;
	if (!repo_is_shallow(r) &&
	    git_graph_ahead_behind(ahead, behind, r->git, &x, &y) == 0)
		return 0;
	if (own_range(r, &x, &y, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	*ahead = n;
	if (own_range(r, &y, &x, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	*behind = n;
	return 0;
}

int repo_is_ancestor(struct repo *r, const char *ancestor,
		     const char *descendant, int *truncated, struct buf *err)
{
	git_oid anc, desc, *ids = NULL;
	size_t n = 0;
	int e;

	*truncated = 0;
	if (parse_id(&anc, ancestor, err) < 0 ||
	    parse_id(&desc, descendant, err) < 0)
		return -1;
	if (git_oid_equal(&anc, &desc))
		return 1;
	if (!repo_is_shallow(r) &&
	    (e = git_graph_descendant_of(r->git, &desc, &anc)) >= 0)
		return e;
	/* ancestor is in descendant's history when nothing of its own is
	 * left once that history is hidden (and the walk got that far) */
	if (own_range(r, &anc, &desc, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	return n == 0 && !*truncated;
}

int repo_reachable(struct repo *r, const char *tip, const char *const *ids,
		   size_t n, int *found, struct buf *err)
{
	struct hwalk w;
	struct oidmap want = { NULL, 0, 0 };
	git_oid start, *seen = NULL;
	size_t nseen = 0;
	int64_t oldest = INT64_MAX;
	int ret = -1;

	hw_init(&w, r, 0);
	if (parse_id(&start, tip, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		struct raw_commit c;
		git_oid id;
		found[i] = -1;
		if (!ids[i] || strlen(ids[i]) != GIT_OID_HEXSZ ||
		    git_oid_fromstr(&id, ids[i]) < 0 ||
		    raw_commit_read(r->odb, &id, &c, NULL, NULL, NULL, 0) != 0)
			continue; /* not in the repository: unknown */
		if (c.time < oldest)
			oldest = c.time;
		git_odb_object_free(c.obj);
		found[i] = 0;
		oidmap_put(&want, &id, 1);
	}
	if (!want.n) {
		ret = 0;
		goto cleanup;
	}
	/* a day of slack for clocks that were wrong */
	if (hw_run(&w, &start, 1, NULL, 0, oldest - 86400, &seen, &nseen,
		   err) < 0)
		goto cleanup;
	for (size_t i = 0; i < nseen; i++) {
		size_t *v = oidmap_get(&want, &seen[i]);
		if (v)
			*v = 2;
	}
	for (size_t i = 0; i < n; i++) {
		git_oid id;
		size_t *v;
		if (found[i] < 0)
			continue;
		git_oid_fromstr(&id, ids[i]);
		v = oidmap_get(&want, &id);
		found[i] = *v == 2 ? 1 : w.truncated ? -1 : 0;
	}
	ret = 0;

cleanup:
	free(seen);
	oidmap_release(&want);
	hw_release(&w);
	return ret;
}

/* ------------------------------------------------ first tips
 *
 * repo_first_reach: every commit of the walk carries a label, 1 + the
 * index of the first tip (in the caller's order) whose history holds it;
 * a parent takes the smallest label of its children.  The tips before
 * nold all get label 0: what they hold is only walked past.  Commits are
 * taken newest first, as in hw_run; a label that drops after a commit was
 * taken is carried down to its ancestors already taken (fr_lower), so
 * that the order of equal times does not matter.  The walk ends as libgit2's
 * limit_list does: once only label-0 commits are queued, none of them
 * newer than the oldest other commit taken, and HW_SLOP more were taken. */

#define FR_NONE SIZE_MAX

/* Lowers node i's label to lab, and the labels of its ancestors already
 * taken from the queue.  Creates no node. */
static void fr_lower(struct hwalk *w, size_t i, size_t lab)
{
	size_t depth = 0;

	XGROW(w->stack, w->stackcap, 1);
	w->stack[depth++] = i;
	while (depth) {
		struct hw_node *nd = &w->nodes[w->stack[--depth]];
		if (nd->label != FR_NONE && nd->label <= lab)
			continue;
		nd->label = lab;
		if (lab == 0 && !(nd->flags & HW_UNINTERESTING)) {
			nd->flags |= HW_UNINTERESTING;
			if (nd->flags & HW_QUEUED)
				w->ninteresting--;
		}
		if (!(nd->flags & HW_SEEN) || (nd->flags & HW_MISSING))
			continue;
		for (unsigned k = 0; k < nd->npar; k++) {
			size_t *p = oidmap_get(&w->index, &w->parents[nd->par + k]);
			if (!p)
				continue;
			XGROW(w->stack, w->stackcap, depth + 1);
			w->stack[depth++] = *p;
		}
	}
}

/* Queues node j with label lab (or its own, when smaller).  Returns 1 when
 * j is not in the repository, -1 when it cannot be read. */
static int fr_push(struct hwalk *w, size_t j, size_t lab)
{
	fr_lower(w, j, lab);
	if (hw_push(w, j) < 0)
		return -1;
	return (w->nodes[j].flags & HW_MISSING) ? 1 : 0;
}

int repo_first_reach(struct repo *r, const char *const *tips, size_t n,
		     size_t nold, struct repo_first **out, size_t *nout,
		     struct buf *err)
{
	struct hwalk w;
	struct repo_first *list = NULL;
	size_t cap = 0;
	int64_t oldest = INT64_MAX; /* of the labelled commits taken */
	int slop = HW_SLOP, ret = -1, e;

	*out = NULL;
	*nout = 0;
	if (repo_is_shallow(r))
		return 1;
	hw_init(&w, r, 0);
	for (size_t k = 0; k < n; k++) {
		git_oid id;
		if (parse_id(&id, tips[k], err) < 0)
			goto cleanup;
		/* label 0 hides; tips[k] for k >= nold is label k + 1 */
		if ((e = fr_push(&w, hw_node(&w, &id), k < nold ? 0 : k + 1)) != 0)
			goto incomplete_or_fail;
	}
	while (w.nheap) {
		if (!w.ninteresting) {
			if (w.nodes[w.heap[0]].time >= oldest)
				slop = HW_SLOP;
			else if (slop-- <= 0)
				break;
		}
		size_t i = hw_pop(&w);
		size_t lab = w.nodes[i].label, par = w.nodes[i].par;
		unsigned npar = w.nodes[i].npar;

		if (w.nodes[i].flags & HW_BOUNDARY) {
			e = 1;
			goto incomplete_or_fail;
		}
		if (lab && w.nodes[i].time < oldest)
			oldest = w.nodes[i].time;
		for (unsigned k = 0; k < npar; k++) {
			git_oid pid = w.parents[par + k];
			/* the label now: taking i's parents may have lowered it */
			if ((e = fr_push(&w, hw_node(&w, &pid), w.nodes[i].label)) != 0)
				goto incomplete_or_fail;
		}
	}
	for (size_t i = 0; i < w.n; i++) {
		const struct hw_node *nd = &w.nodes[i];
		if (!(nd->flags & HW_SEEN) || nd->label == 0 ||
		    nd->label == FR_NONE)
			continue;
		XGROW(list, cap, *nout + 1);
		git_oid_tostr(list[*nout].id, sizeof(list[*nout].id), &nd->oid);
		list[*nout].time = nd->time;
		list[*nout].tip = nd->label - 1;
		(*nout)++;
	}
	*out = list;
	list = NULL;
	ret = 0;
	goto cleanup;

incomplete_or_fail:
	if (e > 0) {
		ret = 1;
	} else {
		set_error(err, "cannot walk the history: ");
		put_git_error(err);
	}
cleanup:
	free(list);
	hw_release(&w);
	return ret;
}

int repo_find_commit(struct repo *r, const char *spec, int is_tag,
		     struct arena *a, struct repo_commit_info *out,
		     struct buf *err)
{
	git_object *obj = NULL, *peeled = NULL;
	git_reference *ref = NULL;
	struct buf name = BUF_INIT;
	size_t len = spec ? strlen(spec) : 0;
	git_oid id;
	int e, ret = -1;

	memset(out, 0, sizeof(*out));
	if (is_tag) {
		buf_printf(&name, "refs/tags/%s", spec ? spec : "");
		e = git_reference_lookup(&ref, r->git, name.ptr);
		if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
			set_error(err, "tag \"%s\" not found", spec ? spec : "");
			goto cleanup;
		}
		if (e < 0 || git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) < 0) {
			set_error(err, "cannot read the commit of tag \"%s\": ",
				  spec);
			put_git_error(err);
			goto cleanup;
		}
	} else {
		if (len < GIT_OID_MINPREFIXLEN || len > GIT_OID_HEXSZ ||
		    strspn(spec, "0123456789abcdefABCDEF") != len ||
		    git_oid_fromstrn(&id, spec, len) < 0) {
			set_error(err, "\"%s\" is not a commit id", spec ? spec : "");
			goto cleanup;
		}
		e = git_object_lookup_prefix(&obj, r->git, &id, len,
					     GIT_OBJECT_ANY);
		if (e == GIT_ENOTFOUND) {
			set_error(err, "commit \"%s\" not found", spec);
			goto cleanup;
		}
		if (e == GIT_EAMBIGUOUS) {
			set_error(err, "commit id \"%s\" is ambiguous", spec);
			goto cleanup;
		}
		if (e < 0 || git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
			set_error(err, "cannot read commit \"%s\": ", spec);
			put_git_error(err);
			goto cleanup;
		}
	}
	fill_info(out, (const git_commit *)peeled, a);
	ret = 0;

cleanup:
	buf_release(&name);
	git_object_free(peeled);
	git_object_free(obj);
	git_reference_free(ref);
	return ret;
}

/* ------------------------------------------------ deploy tags */

#define TAG_MATCH_STEPS 100000 /* a pattern gives up on a name after this */
#define TAG_MAX_NESTING 8      /* tags of tags of ... of a commit */

struct tag_vals {
	const char *const *envs;
	size_t nenvs;
	const char *const *services;
	size_t nservices;
};

struct tag_caps {
	const char *env, *service;
	size_t env_len, service_len;
};

/* Whether name s matches pattern p (see repo_deploy_tags), filling caps.
 * Placeholders and '*' stay within one '/'-separated part, so a match
 * backtracks only within a part; *budget bounds the work anyway. */
static int tag_match(const char *p, const char *s, const struct tag_vals *v,
		     struct tag_caps *caps, long *budget)
{
	for (;;) {
		if (--*budget < 0)
			return 0;
		if (*p == '*') {
			for (size_t k = 0;; k++) {
				if (tag_match(p + 1, s + k, v, caps, budget))
					return 1;
				if (!s[k] || s[k] == '/')
					return 0;
			}
		}
		int is_env = strncmp(p, "{env}", 5) == 0;
		if (is_env || strncmp(p, "{service}", 9) == 0) {
			const char *const *list = is_env ? v->envs : v->services;
			size_t nlist = is_env ? v->nenvs : v->nservices;
			size_t plen = is_env ? 5 : 9, part = strcspn(s, "/");
			const char **cap = is_env ? &caps->env : &caps->service;
			size_t *cap_len = is_env ? &caps->env_len : &caps->service_len;

			for (size_t k = 1; !list && k <= part; k++) {
				*cap = s;
				*cap_len = k;
				if (tag_match(p + plen, s + k, v, caps, budget))
					return 1;
			}
			for (size_t i = 0; list && i < nlist; i++) {
				size_t k = strlen(list[i]);
				if (!k || k > part || memcmp(s, list[i], k) != 0)
					continue;
				*cap = s;
				*cap_len = k;
				if (tag_match(p + plen, s + k, v, caps, budget))
					return 1;
			}
			return 0;
		}
		if (!*p)
			return !*s;
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
}

/* What the tags' commits say, read once per commit. */
struct tag_commit {
	const char *subject; /* NULL when the commit is missing */
	int64_t time;
	int tz_offset;
};

/* Reads (or finds already read) the commit id; returns its index in
 * *commits, with missing commits recorded as such.  -1 on a read error. */
static int tag_commit_of(struct repo *r, struct arena *a, struct oidmap *seen,
			 struct tag_commit **commits, size_t *n, size_t *cap,
			 const git_oid *id, size_t *at)
{
	struct raw_commit c;
	struct tag_commit tc = { NULL, 0, 0 };
	size_t *v = oidmap_get(seen, id);
	int e;

	if (v) {
		*at = *v;
		return 0;
	}
	e = raw_commit_read(r->odb, id, &c, NULL, NULL, NULL, 0);
	if (e < 0)
		return -1;
	if (e == 0) {
		/* the first line, up to a NUL (libgit2 copies the message
		 * as a string), trailing blanks dropped: as first_line */
		size_t len = strnlen(c.msg, c.msg_len);
		const char *nl = memchr(c.msg, '\n', len);
		if (nl)
			len = (size_t)(nl - c.msg);
		while (len && strchr(" \t\r", c.msg[len - 1]))
			len--;
		tc.subject = arena_strndup(a, c.msg, len);
		tc.time = c.time;
		tc.tz_offset = c.tz_offset;
		git_odb_object_free(c.obj);
	}
	XGROW(*commits, *cap, *n + 1);
	(*commits)[*n] = tc;
	oidmap_put(seen, id, *n);
	*at = (*n)++;
	return 0;
}

/* Peels the tag t (whose reference points at target) to its commit and
 * fills in what the tag and the commit say.  -1 on a read error. */
static int tag_peel(struct repo *r, struct arena *a, struct oidmap *seen,
		    struct tag_commit **commits, size_t *ncommits,
		    size_t *cap, const git_oid *target, struct repo_tag *t)
{
	git_oid cur = *target;
	size_t at;

	for (int depth = 0;; depth++) {
		git_object *obj = NULL;
		git_object_t type;
		size_t size;
		int e;

		if (oidmap_get(seen, &cur))
			break; /* a commit read for an earlier tag */
		if (depth > TAG_MAX_NESTING) {
			t->problem = "it is a tag of a tag nested too deep";
			return 0;
		}
		/* the type from the object's header: a commit is read once,
		 * by tag_commit_of */
		e = git_odb_read_header(&size, &type, r->odb, &cur);
		if (e == GIT_ENOTFOUND)
			break; /* a commit missing from a shallow history */
		if (e < 0)
			return -1;
		if (type == GIT_OBJECT_TAG) {
			if (git_object_lookup(&obj, r->git, &cur, GIT_OBJECT_TAG) < 0)
				return -1;
			const git_tag *tag = (const git_tag *)obj;
			const git_signature *who = git_tag_tagger(tag);
			if (!t->annotated && who) {
				t->time = (int64_t)who->when.time;
				t->tz_offset = who->when.offset;
				t->actor = arena_strdup(a, who->name ? who->name : "");
			}
			t->annotated = 1;
			cur = *git_tag_target_id(tag);
			git_object_free(obj);
			continue;
		}
		git_object_free(obj);
		if (type != GIT_OBJECT_COMMIT) {
			t->problem = arena_printf(a, "it points to a %s, not a commit",
						  git_object_type2string(type));
			return 0;
		}
		break;
	}
	if (tag_commit_of(r, a, seen, commits, ncommits, cap, &cur, &at) < 0)
		return -1;
	git_oid_tostr(t->commit, sizeof(t->commit), &cur);
	t->subject = (*commits)[at].subject;
	t->commit_time = (*commits)[at].subject ? (*commits)[at].time : 0;
	if (!t->actor) {
		/* a lightweight tag, or a tag object without a tagger */
		t->time = t->commit_time;
		t->tz_offset = (*commits)[at].tz_offset;
		t->time_from_commit = 1;
	}
	return 0;
}

static int tag_name_cmp(const void *a, const void *b)
{
	const struct repo_tag *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int repo_deploy_tags(struct repo *r, const char *pattern,
		     const char *const *envs, size_t nenvs,
		     const char *const *services, size_t nservices,
		     struct arena *a, struct repo_tag **out, size_t *n,
		     struct buf *err)
{
	const struct tag_vals vals = { envs, nenvs, services, nservices };
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *resolved = NULL;
	struct tag_commit *commits = NULL;
	struct repo_tag *tags = NULL;
	struct oidmap seen = { NULL, 0, 0 };
	struct buf glob = BUF_INIT;
	size_t ncommits = 0, ccap = 0, ntags = 0, tcap = 0;
	int e, ret = -1;

	*out = NULL;
	*n = 0;
	/* list only the tags under the pattern's literal beginning */
	buf_puts(&glob, "refs/tags/");
	buf_put(&glob, pattern, strcspn(pattern, "*{?[\\"));
	buf_putc(&glob, '*');
	if (git_reference_iterator_glob_new(&it, r->git, glob.ptr) < 0)
		goto fail;
	while ((e = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen("refs/tags/");
		struct tag_caps caps = { NULL, NULL, 0, 0 };
		long budget = TAG_MATCH_STEPS;
		const git_reference *direct = ref;
		struct repo_tag t;

		if (!tag_match(pattern, name, &vals, &caps, &budget))
			goto next;
		memset(&t, 0, sizeof(t));
		t.name = arena_strdup(a, name);
		t.env = caps.env ? arena_strndup(a, caps.env, caps.env_len) : NULL;
		t.service = caps.service ? arena_strndup(a, caps.service,
							 caps.service_len)
					 : NULL;
		if (git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC) {
			if (git_reference_resolve(&resolved, ref) < 0) {
				t.problem = "it is a symbolic reference to nothing";
				goto keep;
			}
			direct = resolved;
		}
		if (tag_peel(r, a, &seen, &commits, &ncommits, &ccap,
			     git_reference_target(direct), &t) < 0) {
			set_error(err, "cannot read tag \"%s\": ", name);
			put_git_error(err);
			goto cleanup;
		}
	keep:
		XGROW(tags, tcap, ntags + 1);
		tags[ntags++] = t;
	next:
		git_reference_free(resolved);
		git_reference_free(ref);
		resolved = NULL;
		ref = NULL;
	}
	if (e != GIT_ITEROVER)
		goto fail;
	if (ntags) {
		qsort(tags, ntags, sizeof(*tags), tag_name_cmp);
		*out = arena_alloc(a, ntags * sizeof(*tags));
		memcpy(*out, tags, ntags * sizeof(*tags));
	}
	*n = ntags;
	ret = 0;
	goto cleanup;

fail:
	set_error(err, "cannot list the tags: ");
	put_git_error(err);
cleanup:
	git_reference_free(resolved);
	git_reference_free(ref);
	git_reference_iterator_free(it);
	oidmap_release(&seen);
	free(commits);
	free(tags);
	buf_release(&glob);
	return ret;
}

/* ------------------------------------------------ deploy tags' fingerprint */

/* FNV-1a over n bytes from h, then a finaliser (murmur3's), so that a sum of
 * such hashes is well spread. */
static uint64_t fp_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	h ^= 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

uint64_t repo_deploy_refs_fp(struct repo *r, const char *pattern,
			     const char *const *envs, size_t nenvs,
			     const char *const *services, size_t nservices)
{
	const struct tag_vals vals = { envs, nenvs, services, nservices };
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *resolved = NULL;
	struct buf glob = BUF_INIT;
	uint64_t sum = 0, count = 0, fp = 0;
	int e;

	/* the references repo_deploy_tags lists, in whatever order they
	 * come: a sum of one hash per tag does not depend on it */
	buf_puts(&glob, "refs/tags/");
	buf_put(&glob, pattern, strcspn(pattern, "*{?[\\"));
	buf_putc(&glob, '*');
	if (git_reference_iterator_glob_new(&it, r->git, glob.ptr) < 0)
		goto cleanup;
	while ((e = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen("refs/tags/");
		struct tag_caps caps = { NULL, NULL, 0, 0 };
		long budget = TAG_MATCH_STEPS;
		const git_oid *target = NULL;
		uint64_t h;

		if (tag_match(pattern, name, &vals, &caps, &budget)) {
			if (git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC) {
				if (git_reference_resolve(&resolved, ref) == 0)
					target = git_reference_target(resolved);
			} else {
				target = git_reference_target(ref);
			}
			h = fp_hash(0, name, strlen(name) + 1); /* with its NUL */
			h = target ? fp_hash(h, target->id, GIT_OID_RAWSZ)
				   : fp_hash(h, "", 1); /* dangling */
			sum += h;
			count++;
		}
		git_reference_free(resolved);
		git_reference_free(ref);
		resolved = NULL;
		ref = NULL;
	}
	if (e != GIT_ITEROVER)
		goto cleanup;
	fp = fp_hash(fp_hash(0, &count, sizeof(count)), &sum, sizeof(sum));
	/* a deepened (or shortened) clone has other commits to walk */
	if (repo_is_shallow(r)) {
		char chunk[4096];
		size_t got;
		FILE *f;
		buf_clear(&glob);
		buf_printf(&glob, "%s/shallow", r->git_dir);
		f = fopen(glob.ptr, "rb");
		fp = fp_hash(fp, "shallow", 7);
		while (f && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			fp = fp_hash(fp, chunk, got);
		if (f)
			fclose(f);
	}
	if (!fp)
		fp = 1; /* 0 says "cannot tell" */

cleanup:
	git_reference_free(resolved);
	git_reference_free(ref);
	git_reference_iterator_free(it);
	buf_release(&glob);
	return fp;
}

int repo_tag_id(struct repo *r, const char *name, char out[41])
{
	struct buf ref = BUF_INIT;
	git_oid id;
	int e;

	out[0] = '\0';
	buf_printf(&ref, "refs/tags/%s", name ? name : "");
	e = git_reference_name_to_id(&id, r->git, ref.ptr);
	buf_release(&ref);
	if (e < 0)
		return -1;
	git_oid_tostr(out, 41, &id);
	return 0;
}
