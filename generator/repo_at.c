/* repo_at: one path's blob at any commit (see repo_blob_at in repo.h). */
#include "repo_internal.h"

#include <string.h>

int repo_blob_at(struct repo *r, const char *commit, const char *path,
		 unsigned char oid[REPO_OID_LEN], struct buf *err)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_oid id;
	int ret = -1;

	memset(oid, 0, REPO_OID_LEN);
	if (git_oid_fromstr(&id, commit) < 0 ||
	    git_commit_lookup(&c, r->git, &id) < 0 || git_commit_tree(&tree, c) < 0) {
		repo_set_error(err, "cannot read commit %s: ", commit);
		repo_put_git_error(err);
		goto cleanup;
	}
	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		ret = 1;
		goto cleanup;
	}
	memcpy(oid, git_tree_entry_id(e)->id, REPO_OID_LEN);
	ret = 0;
cleanup:
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return ret;
}
