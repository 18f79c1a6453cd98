/* repo_blame: when lines and files came into a repository (see
 * repo_blame.h). */
#include "repo_blame.h"

#include <stdlib.h>
#include <string.h>

#include "repo_internal.h"
#include "xalloc.h"

/* ------------------------------------------------------------ lines */

/* Whether tree (may be NULL) has a file at path. */
static int has_path(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	int blob = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	git_tree_entry_free(e);
	return blob;
}

/* Whether commit id's tree has a file at path. */
static int in_commit(git_repository *git, const git_oid *id, const char *path)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	int there = git_commit_lookup(&commit, git, id) == 0 &&
		    git_commit_tree(&tree, commit) == 0 && has_path(tree, path);
	git_tree_free(tree);
	git_commit_free(commit);
	return there;
}

/* The committer time of commit id, remembered in the small list of those
 * already read (a file's hunks name few commits). */
struct seen_commit {
	git_oid id;
	int64_t time;
};

static int64_t commit_time(git_repository *git, const git_oid *id,
			   struct seen_commit **seen, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < *n; i++)
		if (git_oid_equal(&(*seen)[i].id, id))
			return (*seen)[i].time;
	git_commit *c = NULL;
	int64_t t = 0;
	if (git_commit_lookup(&c, git, id) == 0)
		t = (int64_t)git_commit_time(c);
	git_commit_free(c);
	XGROW(*seen, *cap, *n + 1);
	git_oid_cpy(&(*seen)[*n].id, id);
	(*seen)[(*n)++].time = t;
	return t;
}

int repo_blame_lines(struct repo *r, const struct repo_commit *c,
		     const char *path, struct arena *a, int64_t **times,
		     size_t *nlines, struct buf *err)
{
	git_blame_options opts;
	git_blame *blame = NULL;
	struct seen_commit *seen = NULL;
	size_t nseen = 0, seen_cap = 0, lines = 0;
	int ret = -1;

	*times = NULL;
	*nlines = 0;
	git_blame_options_init(&opts, GIT_BLAME_OPTIONS_VERSION);
	/* libgit2 1.5's blame leaks when the file is not there: asked first */
	if (git_oid_fromstr(&opts.newest_commit, c->id) < 0 ||
	    !in_commit(r->git, &opts.newest_commit, path)) {
		repo_set_error(err, "%s is not in the tree of %s", path, c->id);
		goto cleanup;
	}
	if (git_blame_file(&blame, r->git, path, &opts) < 0) {
		repo_set_error(err, "cannot blame %s at %s: ", path, c->id);
		repo_put_git_error(err);
		goto cleanup;
	}
	uint32_t nh = git_blame_get_hunk_count(blame);
	for (uint32_t i = 0; i < nh; i++) {
		const git_blame_hunk *h = git_blame_get_hunk_byindex(blame, i);
		size_t end = h->final_start_line_number + h->lines_in_hunk - 1;
		if (h->final_start_line_number >= 1 && end > lines)
			lines = end;
	}
	int64_t *t = arena_alloc(a, (lines + 1) * sizeof(*t));
	memset(t, 0, (lines + 1) * sizeof(*t));
	for (uint32_t i = 0; i < nh; i++) {
		const git_blame_hunk *h = git_blame_get_hunk_byindex(blame, i);
		if (h->final_start_line_number < 1)
			continue;
		int64_t when = commit_time(r->git, &h->final_commit_id, &seen,
					   &nseen, &seen_cap);
		for (size_t k = 0; k < h->lines_in_hunk; k++)
			t[h->final_start_line_number - 1 + k] = when;
	}
	*times = t;
	*nlines = lines;
	ret = 0;

cleanup:
	free(seen);
	git_blame_free(blame);
	return ret;
}

/* ------------------------------------------------------------ files */

int repo_blame_added(struct repo *r, const struct repo_commit *c,
		     const char *const *paths, size_t n, size_t max_commits,
		     int64_t *times, struct buf *err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t seen = 0;
	int ret = -1;

	for (size_t i = 0; i < n; i++)
		times[i] = 0;
	if (!n)
		return 0;
	if (git_oid_fromstr(&id, c->id) < 0 || git_revwalk_new(&walk, r->git) < 0 ||
	    git_revwalk_push(walk, &id) < 0) {
		repo_set_error(err, "cannot walk the history of %s: ", c->id);
		repo_put_git_error(err);
		goto cleanup;
	}
	/* children before parents: the last adding commit met is the oldest */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (seen < max_commits && git_revwalk_next(&id, walk) == 0) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;
		seen++;
		if (git_commit_lookup(&commit, r->git, &id) < 0)
			break; /* a shallow or partial history ends here */
		if (git_commit_tree(&tree, commit) == 0) {
			unsigned np = git_commit_parentcount(commit);
			git_tree **pt = xcalloc(np + 1, sizeof(*pt));
			for (unsigned p = 0; p < np; p++) {
				git_commit *parent = NULL;
				if (git_commit_parent(&parent, commit, p) == 0)
					git_commit_tree(&pt[p], parent);
				git_commit_free(parent);
			}
			for (size_t k = 0; k < n; k++) {
				if (!has_path(tree, paths[k]))
					continue;
				int before = 0;
				for (unsigned p = 0; p < np && !before; p++)
					before = has_path(pt[p], paths[k]);
				if (!before)
					times[k] = (int64_t)git_commit_time(commit);
			}
			for (unsigned p = 0; p < np; p++)
				git_tree_free(pt[p]);
			free(pt);
		}
		git_tree_free(tree);
		git_commit_free(commit);
	}
	ret = 0;

cleanup:
	git_revwalk_free(walk);
	return ret;
}
