/* Tests for the repo module (repo.c, repo_fetch.c, repo_history.c,
 * repo_tags.c) against real repositories made with the git command. */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "repo.h"
#include "repo_blame.h"

#define GIT                                                       \
	"git -c init.defaultBranch=main -c commit.gpgsign=false " \
	"-c tag.gpgsign=false -c advice.detachedHead=false"

static char root[1024]; /* the temp folder holding every fixture */

/* ---------------------------------------------------------------- helpers */

/* Runs a shell command; prints its output when it fails. */
__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	int rc;

	buf_puts(&cmd, "( ");
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_printf(&cmd, " ) >'%s/log' 2>&1", root);
	rc = system(cmd.ptr);
	if (rc != 0) {
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd.ptr);
		buf_clear(&cmd);
		buf_printf(&cmd, "cat '%s/log' >&2", root);
		if (system(cmd.ptr) != 0)
			fprintf(stderr, "(no output)\n");
	}
	buf_release(&cmd);
	return rc;
}

/* Runs a shell command and returns its first line of output (malloc'd). */
__attribute__((format(printf, 1, 2))) static char *sh_out(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	char line[4096] = "";
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	f = popen(cmd.ptr, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		pclose(f);
	}
	line[strcspn(line, "\r\n")] = '\0';
	buf_release(&cmd);
	return strdup(line);
}

/* Returns a path under root (static storage, one of a few in rotation). */
static const char *at(const char *name)
{
	static char paths[8][PATH_MAX];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", root, name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void hex_of(char out[41], const unsigned char oid[REPO_OID_LEN])
{
	for (int i = 0; i < REPO_OID_LEN; i++)
		sprintf(out + 2 * i, "%02x", oid[i]);
}

static void raw_of(unsigned char oid[REPO_OID_LEN], const char *hex)
{
	for (int i = 0; i < REPO_OID_LEN; i++) {
		unsigned v = 0;
		sscanf(hex + 2 * i, "%2x", &v);
		oid[i] = (unsigned char)v;
	}
}

/* Makes a working tree at name with one commit, two branches and a tag:
 * main (HEAD) and feature, tag v1 on main's first commit. */
static const char *make_basic(const char *name)
{
	const char *dir = at(name);

	sh("rm -rf '%s' && " GIT " init -q '%s'", dir, dir);
	write_file(at("tmp-file"), "hello\n");
	sh("cp '%s' '%s/README.md' && cd '%s' && " GIT " add . && "
	   "GIT_COMMITTER_DATE='1700000000 -0530' " GIT " commit -q "
	   "-m 'Add the readme  ' -m 'A body line.' && " GIT " tag v1 && " GIT
	   " checkout -q -b feature && echo more >> README.md && " GIT
	   " commit -q -am 'Feature work' && " GIT " checkout -q main",
	   at("tmp-file"), dir, dir);
	return dir;
}

/* ---------------------------------------------------------------- blame */

/* A TECH_DEBT.md list written in August with one item, a second item
 * added in November, the first one's text edited in between; a debt file
 * added in September and moved in October. */
static const char *make_debt_repo(const char *name)
{
	const char *dir = at(name);
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "printf '# Debt\\n\\n- [ ] Old loop #reckless\\n' >TECH_DEBT.md && " GIT
	   " add . && GIT_AUTHOR_DATE='2026-08-01T10:00:00Z' "
	   "GIT_COMMITTER_DATE='2026-08-01T10:00:00Z' " GIT " commit -q -m one && "
	   "mkdir -p docs/tech-debt && echo keys >docs/tech-debt/keys.md && " GIT
	   " add . && GIT_AUTHOR_DATE='2026-09-01T10:00:00Z' "
	   "GIT_COMMITTER_DATE='2026-09-01T10:00:00Z' " GIT " commit -q -m two && "
	   "sed -i 's/Old loop/Old retry loop/' TECH_DEBT.md && "
	   "mkdir -p docs/tech-debt/old && " GIT
	   " mv docs/tech-debt/keys.md docs/tech-debt/old/keys.md && " GIT
	   " add . && GIT_AUTHOR_DATE='2026-10-01T10:00:00Z' "
	   "GIT_COMMITTER_DATE='2026-10-01T10:00:00Z' " GIT " commit -q -m three && "
	   "printf -- '- [ ] New read #reckless' >>TECH_DEBT.md && " GIT
	   " add . && GIT_AUTHOR_DATE='2026-11-18T10:00:00Z' "
	   "GIT_COMMITTER_DATE='2026-11-18T10:00:00Z' " GIT " commit -q -m four",
	   dir, dir, dir);
	return dir;
}

TEST(blame_gives_each_line_the_commit_that_added_it)
{
	const char *dir = make_debt_repo("blame");
	struct repo *r = NULL;
	struct repo_commit c = { 0 };
	struct buf err = BUF_INIT;
	struct arena a = ARENA_INIT;
	int64_t *times = NULL;
	size_t n = 0;
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK(repo_blame_lines(r, &c, "TECH_DEBT.md", &a, &times, &n, &err) == 0);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(times[0] == 1785578400); /* 2026-08-01T10:00Z */
		CHECK(times[1] == 1785578400);
		CHECK(times[2] == 1790848800); /* edited: 2026-10-01 */
		CHECK(times[3] == 1794996000); /* 2026-11-18, no final newline */
	}
	CHECK(repo_blame_lines(r, &c, "NOPE.md", &a, &times, &n, &err) < 0);
	CHECK(err.len > 0);
	repo_commit_release(&c);
	repo_free(r);
	arena_release(&a);
	buf_release(&err);
}

TEST(blame_added_is_the_oldest_commit_adding_the_path)
{
	const char *dir = make_debt_repo("blame-added");
	const char *bare = at("blame-added.git");
	struct repo *r = NULL;
	struct repo_commit c = { 0 };
	struct buf err = BUF_INIT;
	const char *paths[] = { "TECH_DEBT.md", "docs/tech-debt/old/keys.md",
				"missing.md" };
	int64_t t[3];
	sh("rm -rf '%s' && " GIT " clone -q --bare '%s' '%s'", bare, dir, bare);
	CHECK(repo_open(&r, bare, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK(repo_blame_added(r, &c, paths, 3, 1000, t, &err) == 0);
	CHECK(t[0] == 1785578400);
	CHECK(t[1] == 1790848800); /* moved there in October */
	CHECK(t[2] == 0);
	/* a walk cut short knows only what it reached */
	CHECK(repo_blame_added(r, &c, paths, 3, 1, t, &err) == 0);
	CHECK(t[0] == 0);
	repo_commit_release(&c);
	repo_free(r);
	buf_release(&err);
}

/* ---------------------------------------------------------------- open */

TEST(open_working_tree)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	const char *dir = make_basic("wt-open");

	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(r != NULL);
	if (r) {
		char want[PATH_MAX];
		snprintf(want, sizeof(want), "%s/.git", dir);
		CHECK_STR(repo_git_dir(r), want);
	}
	repo_free(r);
	buf_release(&err);
}

TEST(open_bare_clone)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-bare-src");
	const char *bare = at("bare-open.git");

	sh("rm -rf '%s' && " GIT " clone -q --bare '%s' '%s'", bare, dir, bare);
	CHECK(repo_open(&r, bare, &err) == 0);
	if (r) {
		CHECK_STR(repo_git_dir(r), bare);
		CHECK(repo_resolve(r, NULL, &c, &err) == 0);
		CHECK_STR(c.branch, "main");
		CHECK_STR(c.subject, "Add the readme");
		repo_commit_release(&c);
	}
	repo_free(r);
	buf_release(&err);
}

TEST(open_plain_folder_fails)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	const char *dir = at("plain");
	char want[PATH_MAX + 40];

	mkdir(dir, 0777);
	CHECK(repo_open(&r, dir, &err) == -1);
	CHECK(r == NULL);
	snprintf(want, sizeof(want), "\"%s\" is not a git repository", dir);
	CHECK_STR(err.ptr, want);
	buf_release(&err);
}

TEST(open_file_is_not_a_repository)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	char want[PATH_MAX + 60];

	write_file(at("a-file"), "x\n");
	CHECK(repo_open(&r, at("a-file"), &err) == -1);
	snprintf(want, sizeof(want),
		 "\"%s\" is not a git repository (it is not a folder)", at("a-file"));
	CHECK_STR(err.ptr, want);
	buf_release(&err);
}

TEST(config_user_name_from_repository_then_global)
{
	struct buf name = BUF_INIT;
	const char *dir = make_basic("wt-user");
	char home[PATH_MAX];
	const char *old_home = getenv("HOME");
	char *saved = old_home ? strdup(old_home) : NULL;

	snprintf(home, sizeof(home), "%s", at("home-user"));
	sh("rm -rf '%s' && mkdir -p '%s'", home, home);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	/* as `cairn new` runs it: without repo_global_init's settings */
	repo_global_shutdown();
	/* nothing configured anywhere */
	CHECK(repo_config_user_name(&name, home) == -1);
	/* the global file */
	sh("git config --file '%s/.gitconfig' user.name 'Global Person'", home);
	CHECK(repo_config_user_name(&name, home) == 0);
	CHECK_STR(name.ptr, "Global Person");
	/* the repository's own config wins, also from a subfolder */
	sh("cd '%s' && git config user.name 'Repo Person' && mkdir -p sub", dir);
	buf_clear(&name);
	char sub[PATH_MAX + 8];
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK(repo_config_user_name(&name, sub) == 0);
	CHECK_STR(name.ptr, "Repo Person");
	if (saved)
		setenv("HOME", saved, 1);
	unsetenv("XDG_CONFIG_HOME");
	repo_global_init();
	free(saved);
	buf_release(&name);
}

TEST(open_does_not_search_upward)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	const char *dir = make_basic("wt-upward");
	char sub[PATH_MAX];

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	mkdir(sub, 0777);
	CHECK(repo_open(&r, sub, &err) == -1);
	CHECK_CONTAINS(err.ptr, "is not a git repository");
	repo_free(r);
	buf_release(&err);
}

TEST(open_missing_path_fails)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;

	CHECK(repo_open(&r, at("no-such-folder"), &err) == -1);
	CHECK_CONTAINS(err.ptr, "no-such-folder\" not found");
	CHECK_CONTAINS(err.ptr, "repository \"");
	buf_release(&err);
}

/* ---------------------------------------------------------------- resolve */

TEST(resolve_head_fills_commit)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-head");
	char *want = sh_out("git -C '%s' rev-parse HEAD", dir);

	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK_STR(c.id, want);
	CHECK_STR(c.branch, "main");
	CHECK_STR(c.subject, "Add the readme");
	CHECK(c.time == 1700000000);
	CHECK(c.tz_offset == -330);
	repo_commit_release(&c);
	CHECK(c.branch == NULL && c.subject == NULL);

	/* "" means HEAD too */
	CHECK(repo_resolve(r, "", &c, &err) == 0);
	CHECK_STR(c.id, want);
	repo_commit_release(&c);
	free(want);
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_named_branch)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-branch");
	char *want = sh_out("git -C '%s' rev-parse feature", dir);

	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, "feature", &c, &err) == 0);
	CHECK_STR(c.id, want);
	CHECK_STR(c.branch, "feature");
	CHECK_STR(c.subject, "Feature work");
	repo_commit_release(&c);
	free(want);
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_origin_branch_and_tag)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *src = make_basic("wt-origin-src");
	const char *dir = at("wt-origin-clone");
	char *feature = sh_out("git -C '%s' rev-parse feature", src);
	char *tag = sh_out("git -C '%s' rev-parse v1^{commit}", src);

	/* a plain clone has feature only as refs/remotes/origin/feature */
	sh("rm -rf '%s' && " GIT " clone -q '%s' '%s'", dir, src, dir);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, "feature", &c, &err) == 0);
	CHECK_STR(c.id, feature);
	CHECK_STR(c.branch, "feature");
	repo_commit_release(&c);

	CHECK(repo_resolve(r, "v1", &c, &err) == 0);
	CHECK_STR(c.id, tag);
	CHECK_STR(c.branch, "v1");
	repo_commit_release(&c);

	CHECK(repo_resolve(r, tag, &c, &err) == 0);
	CHECK_STR(c.id, tag);
	CHECK_STR(c.branch, tag);
	repo_commit_release(&c);
	free(feature);
	free(tag);
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_missing_branch_fails)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-missing");

	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, "nope", &c, &err) == -1);
	CHECK_CONTAINS(err.ptr, "branch \"nope\" does not exist (branches: ");
	CHECK_CONTAINS(err.ptr, "feature");
	CHECK_CONTAINS(err.ptr, "main)");
	CHECK(c.branch == NULL && c.subject == NULL);
	CHECK(repo_resolve(r, "bad..name", &c, &err) == -1);
	CHECK_CONTAINS(err.ptr, "branch \"bad..name\" does not exist (branches: ");
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_detached_head_is_named_HEAD)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-detached");
	char *want = sh_out("git -C '%s' rev-parse feature", dir);

	sh("git -C '%s' checkout -q --detach feature", dir);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK_STR(c.branch, "HEAD");
	CHECK_STR(c.id, want);
	repo_commit_release(&c);
	free(want);
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_empty_repository_fails)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = at("empty");

	sh("rm -rf '%s' && " GIT " init -q '%s'", dir, dir);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == -1);
	CHECK_STR(err.ptr, "repository is empty");
	CHECK(repo_resolve(r, "main", &c, &err) == -1);
	CHECK_STR(err.ptr, "branch \"main\" does not exist (it has no branches)");
	repo_free(r);
	buf_release(&err);
}

TEST(resolve_unborn_head_with_branches_says_so)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	const char *dir = make_basic("wt-unborn");

	sh("git -C '%s' symbolic-ref HEAD refs/heads/gone", dir);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == -1);
	CHECK_STR(err.ptr,
		  "HEAD points to \"refs/heads/gone\", which does not exist "
		  "(branches: feature, main); set branch: in its entry to read one of them");
	repo_free(r);
	buf_release(&err);
}

/* ---------------------------------------------------------------- trees */

/* A tree with nested folders, names that sort differently as paths than
 * as tree entries, an executable, a symlink and a submodule. */
static const char *make_tree_repo(const char *name)
{
	const char *dir = at(name);

	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "mkdir -p a b/c && echo r > README.md && echo 1 > a-b && "
	   "echo 2 > a.txt && echo 3 > a/x && echo 4 > a0 && "
	   "echo 5 > b/c/d.md && printf '#!/bin/sh\\n' > run.sh && "
	   "chmod +x run.sh && ln -s README.md link && " GIT " add . && " GIT
	   " update-index --add --cacheinfo "
	   "160000,1234567890123456789012345678901234567890,sub && " GIT
	   " commit -q -m tree",
	   dir, dir, dir);
	return dir;
}

TEST(list_tree_sorted_with_kinds)
{
	static const struct {
		const char *path;
		enum repo_entry_kind kind;
	} want[] = {
		{ "README.md", REPO_BLOB }, { "a-b", REPO_BLOB },
		{ "a.txt", REPO_BLOB },	    { "a/x", REPO_BLOB },
		{ "a0", REPO_BLOB },	    { "b/c/d.md", REPO_BLOB },
		{ "link", REPO_SYMLINK },   { "run.sh", REPO_BLOB },
		{ "sub", REPO_SUBMODULE },
	};
	size_t nwant = sizeof(want) / sizeof(want[0]);
	struct buf err = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	struct repo_entry *e = NULL;
	size_t n = 0;
	const char *dir = make_tree_repo("wt-tree");

	arena_init(&a);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK(repo_list_tree(r, &c, &a, &e, &n, &err) == 0);
	CHECK(n == nwant);
	for (size_t i = 0; i < n && i < nwant; i++) {
		char hex[41];
		char *oid = sh_out("git -C '%s' rev-parse 'HEAD:%s'", dir,
				   want[i].path);
		CHECK_STR(e[i].path, want[i].path);
		CHECK(e[i].kind == want[i].kind);
		hex_of(hex, e[i].oid);
		CHECK_STR(hex, oid);
		free(oid);
	}
	repo_commit_release(&c);
	repo_free(r);
	arena_release(&a);
	buf_release(&err);
}

TEST(list_tree_missing_tree_object_fails)
{
	struct buf err = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	struct repo_entry *e = NULL;
	size_t n = 7;
	const char *dir = make_tree_repo("wt-tree-broken");
	char *tree = sh_out("git -C '%s' rev-parse HEAD:b/c", dir);

	sh("rm -f '%s/.git/objects/%.2s/%s'", dir, tree, tree + 2);
	arena_init(&a);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK(repo_list_tree(r, &c, &a, &e, &n, &err) == -1);
	CHECK(n == 0);
	CHECK_CONTAINS(err.ptr, "cannot read the tree of commit");
	CHECK_CONTAINS(err.ptr, c.id);
	repo_commit_release(&c);
	repo_free(r);
	arena_release(&a);
	free(tree);
	buf_release(&err);
}

TEST(list_tree_unknown_commit_fails)
{
	struct buf err = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct repo *r = NULL;
	struct repo_commit c = { "0123456789012345678901234567890123456789",
				 NULL, 0, 0, NULL };
	struct repo_entry *e = NULL;
	size_t n = 0;
	const char *dir = make_tree_repo("wt-tree-unknown");

	arena_init(&a);
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_list_tree(r, &c, &a, &e, &n, &err) == -1);
	CHECK_CONTAINS(err.ptr, "0123456789012345678901234567890123456789");
	repo_free(r);
	arena_release(&a);
	buf_release(&err);
}

/* ---------------------------------------------------------------- blobs */

TEST(read_blob_returns_bytes)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct repo *r = NULL;
	unsigned char oid[REPO_OID_LEN];
	size_t size = 0;
	const char *dir = make_basic("wt-blob");
	char *hex = sh_out("git -C '%s' rev-parse HEAD:README.md", dir);

	raw_of(oid, hex);
	CHECK(repo_open(&r, dir, &err) == 0);
	buf_puts(&out, "stale");
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == 0);
	CHECK(size == 6);
	CHECK_STR(out.ptr, "hello\n");
	CHECK(out.len == 6);
	/* exactly max bytes still fits */
	CHECK(repo_read_blob(r, oid, 6, &out, &size, &err) == 0);
	CHECK(size == 6);
	free(hex);
	repo_free(r);
	buf_release(&out);
	buf_release(&err);
}

TEST(read_blob_over_max_reads_nothing)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct repo *r = NULL;
	unsigned char oid[REPO_OID_LEN];
	size_t size = 0;
	const char *dir = at("wt-big");
	char *v1, *v2, *s1, *s2;

	/* two versions of a big file, packed, so that one is a delta */
	sh("rm -rf '%s' && " GIT " init -q '%s' && cd '%s' && "
	   "seq 1 200000 > big && " GIT " add big && " GIT " commit -q -m 1 && "
	   "sed -i 's/^777$/seven/' big && " GIT " commit -q -am 2 && " GIT
	   " repack -adq && " GIT " prune-packed",
	   dir, dir, dir);
	v1 = sh_out("git -C '%s' rev-parse HEAD~:big", dir);
	v2 = sh_out("git -C '%s' rev-parse HEAD:big", dir);
	s1 = sh_out("git -C '%s' cat-file -s HEAD~:big", dir);
	s2 = sh_out("git -C '%s' cat-file -s HEAD:big", dir);
	CHECK(repo_open(&r, dir, &err) == 0);

	raw_of(oid, v1);
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == 1);
	CHECK(size == (size_t)atol(s1));
	CHECK(out.len == 0);
	raw_of(oid, v2);
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == 1);
	CHECK(size == (size_t)atol(s2));
	CHECK(out.len == 0);

	CHECK(repo_read_blob(r, oid, SIZE_MAX, &out, &size, &err) == 0);
	CHECK(size == (size_t)atol(s2) && out.len == size);
	CHECK(memcmp(out.ptr, "1\n2\n3\n", 6) == 0);
	CHECK_CONTAINS(out.ptr, "\nseven\n778\n");
	free(v1);
	free(v2);
	free(s1);
	free(s2);
	repo_free(r);
	buf_release(&out);
	buf_release(&err);
}

TEST(read_blob_missing_or_corrupt_fails)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct repo *r = NULL;
	unsigned char oid[REPO_OID_LEN];
	size_t size = 0;
	const char *dir = make_basic("wt-corrupt");
	char *hex = sh_out("git -C '%s' rev-parse HEAD:README.md", dir);
	char *tree = sh_out("git -C '%s' rev-parse HEAD^{tree}", dir);

	CHECK(repo_open(&r, dir, &err) == 0);
	raw_of(oid, "00000000000000000000000000000000000000aa");
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == -1);
	CHECK_CONTAINS(err.ptr, "cannot read blob "
				"00000000000000000000000000000000000000aa: ");

	raw_of(oid, tree);
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == -1);
	CHECK_CONTAINS(err.ptr, "is a tree, not a blob");

	sh("cd '%s/.git/objects/%.2s' && rm -f '%s' && echo garbage > '%s'",
	   dir, hex, hex + 2, hex + 2);
	raw_of(oid, hex);
	CHECK(repo_read_blob(r, oid, 1000, &out, &size, &err) == -1);
	CHECK_CONTAINS(err.ptr, "cannot read blob");
	free(hex);
	free(tree);
	repo_free(r);
	buf_release(&out);
	buf_release(&err);
}

/* ---------------------------------------------------------------- threads */

struct job {
	const char *dir;
	size_t files;
	int failed;
};

static void *list_and_read(void *arg)
{
	struct job *j = arg;
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct repo *r = NULL;
	struct repo_commit c = { "", NULL, 0, 0, NULL };
	struct repo_entry *e = NULL;
	size_t n = 0, size;

	arena_init(&a);
	for (int round = 0; round < 20 && !j->failed; round++) {
		if (repo_open(&r, j->dir, &err) < 0 ||
		    repo_resolve(r, NULL, &c, &err) < 0 ||
		    repo_list_tree(r, &c, &a, &e, &n, &err) < 0)
			j->failed = 1;
		for (size_t i = 0; i < n && !j->failed; i++)
			if (e[i].kind == REPO_BLOB &&
			    repo_read_blob(r, e[i].oid, 1 << 20, &out, &size, &err) < 0)
				j->failed = 1;
		j->files = n;
		repo_commit_release(&c);
		repo_free(r);
		r = NULL;
	}
	arena_release(&a);
	buf_release(&out);
	buf_release(&err);
	return NULL;
}

TEST(threads_with_their_own_repos)
{
	pthread_t t[4];
	struct job jobs[4];
	const char *dir = make_tree_repo("wt-threads");

	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ dir, 0, 0 };
		pthread_create(&t[i], NULL, list_and_read, &jobs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(!jobs[i].failed);
		CHECK(jobs[i].files == 9);
	}
}

/* ---------------------------------------------------------------- sync */

static int resolve_at(const char *git_dir, const char *branch, struct repo_commit *c)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	int ret = -1;

	if (repo_open(&r, git_dir, &err) == 0)
		ret = repo_resolve(r, branch, c, &err);
	repo_free(r);
	buf_release(&err);
	return ret;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* one attempt, no wait; fetches recorded at 1000 */
static struct repo_fetch_opts fast = { 10, 0, 0, 1000 };
static int64_t fetched;

TEST(sync_url_clones_fetches_and_keeps_old_copy)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	struct repo_commit c;
	const char *up = make_basic("upstream");
	const char *cache = at("cache/nested");
	char *head, *head2;
	char first[PATH_MAX];

	sh("git -C '%s' branch old", up);
	buf_printf(&url, "file://%s", up);
	head = sh_out("git -C '%s' rev-parse HEAD", up);

	/* first use: a bare clone */
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 0);
	snprintf(first, sizeof(first), "%s", git_dir.ptr);
	CHECK(strncmp(git_dir.ptr, cache, strlen(cache)) == 0);
	CHECK(git_dir.len > 4 && strcmp(git_dir.ptr + git_dir.len - 4, ".git") == 0);
	CHECK(count_entries(cache) == 1);
	CHECK(resolve_at(git_dir.ptr, NULL, &c) == 0);
	CHECK_STR(c.id, head);
	CHECK_STR(c.branch, "main");
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "feature", &c) == 0);
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "old", &c) == 0);
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "v1", &c) == 0);
	repo_commit_release(&c);

	/* later: new commits, branches and tags arrive, deleted ones go,
	 * and HEAD follows the upstream's default branch */
	sh("cd '%s' && " GIT " checkout -q -b trunk && echo x > x && " GIT
	   " add x && " GIT " commit -q -m 'Second commit' && " GIT
	   " tag v2 && " GIT " branch -D old && " GIT " tag -d v1",
	   up);
	head2 = sh_out("git -C '%s' rev-parse HEAD", up);
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 0);
	CHECK_STR(git_dir.ptr, first);
	CHECK(resolve_at(git_dir.ptr, NULL, &c) == 0);
	CHECK_STR(c.id, head2);
	CHECK_STR(c.branch, "trunk");
	CHECK_STR(c.subject, "Second commit");
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "main", &c) == 0);
	CHECK_STR(c.id, head);
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "v2", &c) == 0);
	repo_commit_release(&c);
	CHECK(resolve_at(git_dir.ptr, "old", &c) == -1);
	CHECK(resolve_at(git_dir.ptr, "v1", &c) == -1);

	/* the upstream is gone: the old copy is still used */
	CHECK(fetched == 1000);
	sh("rm -rf '%s'", up);
	fast.now = 2000;
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 1);
	fast.now = 1000;
	CHECK_STR(git_dir.ptr, first);
	CHECK_CONTAINS(err.ptr, "fetch of \"file://");
	CHECK_CONTAINS(err.ptr, "failed: ");
	/* the time of the last successful fetch, kept in the clone */
	CHECK(fetched == 1000);
	CHECK(resolve_at(git_dir.ptr, NULL, &c) == 0);
	CHECK_STR(c.id, head2);
	repo_commit_release(&c);
	CHECK(count_entries(cache) == 1);

	free(head);
	free(head2);
	buf_release(&url);
	buf_release(&git_dir);
	buf_release(&err);
}

TEST(sync_url_that_never_existed_fails)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	const char *cache = at("cache-missing");

	buf_printf(&url, "file://%s", at("never-was"));
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == -1);
	CHECK_CONTAINS(err.ptr, "cannot clone \"file://");
	CHECK_CONTAINS(err.ptr, "never-was\": ");
	CHECK(git_dir.len == 0);
	/* no half copy is left behind */
	CHECK(count_entries(cache) == 0);
	buf_release(&url);
	buf_release(&git_dir);
	buf_release(&err);
}

TEST(sync_url_keeps_credentials_out_of_messages)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	const char *cache = at("cache-secret");

	buf_printf(&url, "file://tok:s3cret@%s", at("never-was"));
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == -1);
	CHECK_CONTAINS(err.ptr, "cannot clone \"file://***@");
	CHECK_LACKS(err.ptr, "s3cret");
	CHECK(count_entries(cache) == 0);
	buf_release(&url);
	buf_release(&git_dir);
	buf_release(&err);
}

TEST(sync_url_folder_name_is_safe)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT;
	const char *up = make_basic("Up Stream (Odd) Name");
	const char *cache = at("cache-safe");
	const char *name;

	/* a plain path is a URL too */
	CHECK(repo_sync_url(&git_dir, &fetched, up, cache, &fast, &err) == 0);
	name = strrchr(git_dir.ptr, '/');
	CHECK(name != NULL);
	if (name) {
		name++;
		CHECK(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
		      strlen(name));
		CHECK(name[0] != '.' && name[0] != '-');
		CHECK(strstr(name, "--") == NULL);
		/* (the name begins with the whole path's slug, cut at 64
		 * bytes: how much of the repository's own name is left
		 * depends on the length of TMPDIR) */
		CHECK_CONTAINS(name, "up-stream-odd");
		CHECK(strlen(name) <= 64 + 1 + 16 + 4);
	}
	buf_release(&git_dir);
	buf_release(&err);
}

TEST(sync_url_replaces_a_broken_copy)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	struct repo_commit c;
	const char *up = make_basic("upstream-broken");
	const char *cache = at("cache-broken");
	char *head = sh_out("git -C '%s' rev-parse HEAD", up);

	buf_printf(&url, "file://%s", up);
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 0);
	sh("rm -rf '%s' && mkdir '%s' && echo junk > '%s/junk'", git_dir.ptr,
	   git_dir.ptr, git_dir.ptr);
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 0);
	CHECK(resolve_at(git_dir.ptr, NULL, &c) == 0);
	CHECK_STR(c.id, head);
	repo_commit_release(&c);
	CHECK(count_entries(cache) == 1);
	free(head);
	buf_release(&url);
	buf_release(&git_dir);
	buf_release(&err);
}

TEST(sync_url_of_empty_repository)
{
	struct buf git_dir = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	struct repo_commit c;
	const char *up = at("upstream-empty");
	const char *cache = at("cache-empty");

	sh("rm -rf '%s' && " GIT " init -q '%s'", up, up);
	buf_printf(&url, "file://%s", up);
	CHECK(repo_sync_url(&git_dir, &fetched, url.ptr, cache, &fast, &err) == 0);
	CHECK(resolve_at(git_dir.ptr, NULL, &c) == -1);
	buf_release(&url);
	buf_release(&git_dir);
	buf_release(&err);
}

/* ---------------------------------------------------------------- main */

/* ---------------------------------------------------------------- history */

/* A commit as `who` at `when` (committer time) in dir. */
#define COMMIT_AS(dir, who, when, msg)                                                        \
	sh("cd '%s' && git add -A && GIT_AUTHOR_NAME='%s' GIT_COMMITTER_DATE='%d +0000' " GIT \
	   " commit -q -m '%s'",                                                              \
	   (dir), (who), (when), (msg))

TEST(last_changes_follow_history_as_git_does)
{
	struct buf err = BUF_INIT;
	struct repo *r = NULL;
	struct repo_commit c;
	struct arena a;
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", at("history"));
	arena_init(&a);
	sh("rm -rf '%s' && " GIT " init -q '%s' && mkdir -p '%s/docs/deep' '%s/other'",
	   dir, dir, dir, dir);
	/* Ann adds three documents and a file nobody asks about */
	write_file(at("history/docs/a.md"), "a1\n");
	write_file(at("history/docs/deep/b.md"), "b1\n");
	write_file(at("history/c.md"), "c1\n");
	write_file(at("history/other/x.txt"), "x\n");
	COMMIT_AS(dir, "Ann", 1700001000, "add");
	/* a side branch: Sid changes a.md (kept by the merge) and b.md (whose
	 * change the merge drops) */
	sh("cd '%s' && " GIT " checkout -q -b side", dir);
	write_file(at("history/docs/a.md"), "a2\n");
	write_file(at("history/docs/deep/b.md"), "b-side\n");
	COMMIT_AS(dir, "Sid", 1700003000, "side");
	/* main: Max changes c.md and other/x.txt */
	sh("cd '%s' && " GIT " checkout -q main", dir);
	write_file(at("history/c.md"), "c2\n");
	write_file(at("history/other/x.txt"), "y\n");
	COMMIT_AS(dir, "Max", 1700002000, "main");
	/* the merge (by Mel) takes a.md from the side, keeps main's b.md */
	sh("cd '%s' && GIT_AUTHOR_NAME=Mel GIT_COMMITTER_DATE='1700004000 +0000' " GIT
	   " merge -q --no-ff --no-commit side; git checkout main -- docs/deep/b.md && "
	   "GIT_AUTHOR_NAME=Mel GIT_COMMITTER_DATE='1700004000 +0000' " GIT
	   " commit -q -m merge",
	   dir);
	const char *paths[] = { "docs/a.md", "docs/deep/b.md", "c.md", "missing.md" };
	int64_t times[4];
	const char *authors[4], *added[4];
	CHECK(repo_open(&r, dir, &err) == 0);
	CHECK(repo_resolve(r, NULL, &c, &err) == 0);
	CHECK(repo_last_changes(r, &c, paths, 4, 1000, &a, times, authors,
				added, &err) == 0);
	/* a.md: the merge took it unchanged from the side: Sid changed it */
	CHECK(times[0] == 1700003000);
	CHECK_STR(authors[0], "Sid");
	/* b.md: the side's change was not taken: Ann's content is still there */
	CHECK(times[1] == 1700001000);
	CHECK_STR(authors[1], "Ann");
	CHECK_STR(authors[2], "Max");
	CHECK(times[3] == 0 && authors[3] == NULL && added[3] == NULL);
	for (int i = 0; i < 3; i++)
		CHECK_STR(added[i], "Ann");
	/* a history cut short finds nothing older than it */
	CHECK(repo_last_changes(r, &c, paths, 4, 1, &a, times, authors, NULL, &err) == 0);
	CHECK(authors[0] == NULL && authors[2] == NULL);
	repo_commit_release(&c);
	repo_free(r);
	arena_release(&a);
	buf_release(&err);
}

/* Random linear histories over names that sort around a folder's '/'
 * (git orders a folder as if its name ended in '/'), a file that becomes
 * a folder and back, a symlink, deletions, re-additions and contents put
 * back as they were: each file's last change and adding author must be
 * what `git log` says. */
TEST(last_changes_agree_with_git_log_on_random_histories)
{
	static const char *const names[] = { "a",      "a.md",	    "a-b.md",
					     "a/x.md", "a/y/z.md",  "ab.md",
					     "b/a.md", "b/a-/c.md", "b/a/c.md",
					     "link" };
	enum { NNAMES = sizeof(names) / sizeof(names[0]) };
	struct buf err = BUF_INIT;
	struct arena a;
	char dir[PATH_MAX];
	unsigned seed = 12345;
	arena_init(&a);
	for (int round = 0; round < 4; round++) {
		struct repo *r = NULL;
		struct repo_commit c;
		snprintf(dir, sizeof(dir), "%s", at("random-history"));
		sh("rm -rf '%s' && " GIT " init -q '%s'", dir, dir);
		for (int k = 0; k < 30; k++) {
			int ops = 1 +
				  (int)((seed = seed * 1103515245u + 12345u) >> 16) % 3;
			for (int o = 0; o < ops; o++) {
				unsigned x = (seed = seed * 1103515245u + 12345u) >> 16;
				const char *n = names[x % NNAMES];
				int content = (int)(x / NNAMES) % 3,
				    del = (x / 64) % 5 == 0;
				if (del)
					sh("cd '%s' && rm -rf '%s'", dir, n);
				else if (!strcmp(n, "link"))
					sh("cd '%s' && rm -f link && ln -s 'target%d' link",
					   dir, content);
				else /* a file where a folder was, or the other way round */
					sh("cd '%s' && p='%s' && while [ \"$p\" != . ]; do "
					   "[ -f \"$p\" ] && [ \"$p\" != '%s' ] && rm -f \"$p\"; "
					   "p=$(dirname \"$p\"); done; rm -rf '%s'; "
					   "mkdir -p \"$(dirname '%s')\" && echo 'v%d' > '%s'",
					   dir, n, n, n, n, content, n);
			}
			char who[16];
			snprintf(who, sizeof(who), "W%d", k % 4);
			sh("cd '%s' && git add -A && GIT_AUTHOR_NAME='%s' "
			   "GIT_COMMITTER_DATE='%d +0000' " GIT
			   " commit -q --allow-empty -m c%d",
			   dir, who, 1700000000 + k * 100, k);
		}
		const char *paths[NNAMES];
		size_t n = 0;
		for (size_t i = 0; i < NNAMES; i++) {
			char *there = sh_out("cd '%s' && git ls-files -- '%s' | grep -qx '%s' && echo y",
					     dir, names[i], names[i]);
			if (!strcmp(there, "y"))
				paths[n++] = names[i];
			free(there);
		}
		int64_t times[NNAMES];
		const char *authors[NNAMES], *added[NNAMES];
		CHECK(repo_open(&r, dir, &err) == 0);
		CHECK(repo_resolve(r, NULL, &c, &err) == 0);
		CHECK(repo_last_changes(r, &c, paths, n, 1000, &a, times,
					authors, added, &err) == 0);
		for (size_t i = 0; i < n; i++) {
			char *want = sh_out("cd '%s' && echo \"%s $(git log --no-renames -1 --format='%%ct %%an' -- '%s')\"",
					    dir, paths[i], paths[i]);
			char *first = sh_out("cd '%s' && git log --no-renames --diff-filter=A --format=%%an -- '%s' | tail -1",
					     dir, paths[i]);
			char got[64];
			snprintf(got, sizeof(got), "%s %lld %s", paths[i],
				 (long long)times[i],
				 authors[i] ? authors[i] : "(none)");
			CHECK_STR(got, want);
			CHECK_STR(added[i] ? added[i] : "(none)", first);
			free(want);
			free(first);
		}
		repo_commit_release(&c);
		repo_free(r);
	}
	arena_release(&a);
	buf_release(&err);
}

int main(void)
{
	int rc;

	if (!fixture_mkdtemp(root, sizeof(root), "cairn-test-repo")) {
		perror(root);
		return 1;
	}
	setenv("GIT_AUTHOR_NAME", "Ada", 1);
	setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
	setenv("GIT_AUTHOR_DATE", "1700000000 +0000", 1);
	setenv("GIT_COMMITTER_NAME", "Ada", 1);
	setenv("GIT_COMMITTER_EMAIL", "ada@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "1700000000 +0000", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", root, 1);
	setenv("LC_ALL", "C", 1);
	repo_global_init();

	RUN(open_working_tree);
	RUN(last_changes_follow_history_as_git_does);
	RUN(last_changes_agree_with_git_log_on_random_histories);
	RUN(open_bare_clone);
	RUN(blame_gives_each_line_the_commit_that_added_it);
	RUN(blame_added_is_the_oldest_commit_adding_the_path);
	RUN(open_plain_folder_fails);
	RUN(open_file_is_not_a_repository);
	RUN(config_user_name_from_repository_then_global);
	RUN(open_does_not_search_upward);
	RUN(open_missing_path_fails);
	RUN(resolve_head_fills_commit);
	RUN(resolve_named_branch);
	RUN(resolve_origin_branch_and_tag);
	RUN(resolve_missing_branch_fails);
	RUN(resolve_detached_head_is_named_HEAD);
	RUN(resolve_empty_repository_fails);
	RUN(resolve_unborn_head_with_branches_says_so);
	RUN(list_tree_sorted_with_kinds);
	RUN(list_tree_missing_tree_object_fails);
	RUN(list_tree_unknown_commit_fails);
	RUN(read_blob_returns_bytes);
	RUN(read_blob_over_max_reads_nothing);
	RUN(read_blob_missing_or_corrupt_fails);
	RUN(threads_with_their_own_repos);
	RUN(sync_url_clones_fetches_and_keeps_old_copy);
	RUN(sync_url_that_never_existed_fails);
	RUN(sync_url_keeps_credentials_out_of_messages);
	RUN(sync_url_folder_name_is_safe);
	RUN(sync_url_replaces_a_broken_copy);
	RUN(sync_url_of_empty_repository);

	repo_global_shutdown();
	rc = harness_report();
	if (!getenv("CAIRN_KEEP_TMP"))
		sh("rm -rf '%s'", root);
	return rc;
}
