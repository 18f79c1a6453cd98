#include "unread.h"

#include <string.h>

#include "config.h"
#include "harness.h"

/* A tree of paths (blobs), of which the ones in read[] were read and the
 * ones in claimed[] are given a kind or excluded by paths:. */
struct tree {
	struct repo_entry e[32];
	size_t n;
	const char *const *read, *const *claimed;
};

static int in(const char *const *list, const char *path)
{
	for (size_t i = 0; list && list[i]; i++)
		if (!strcmp(list[i], path))
			return 1;
	return 0;
}

static int is_read(void *ctx, const char *path)
{
	return in(((struct tree *)ctx)->read, path);
}

static int is_claimed(void *ctx, const char *path)
{
	return in(((struct tree *)ctx)->claimed, path);
}

/* Finds the unread files of paths (sorted) and writes what and paths. */
static void find(struct arena *a, const char *const *paths, const char *const *read,
		 const char *const *claimed, int readme_only, unsigned chosen,
		 struct unread *u, struct buf *what, struct buf *yaml)
{
	static struct tree t;
	memset(&t, 0, sizeof(t));
	for (; paths[t.n]; t.n++) {
		t.e[t.n].path = paths[t.n];
		t.e[t.n].kind = REPO_BLOB;
	}
	t.read = read, t.claimed = claimed;
	unread_find(u, a, t.e, t.n, is_read, &t, is_claimed, readme_only, chosen);
	buf_clear(what);
	buf_clear(yaml);
	unread_what(u, what);
	unread_paths(u, yaml);
}

TEST(post_mortems_at_the_root_by_their_names)
{
	struct arena a = ARENA_INIT;
	struct buf what = BUF_INIT, yaml = BUF_INIT;
	struct unread u;
	const char *paths[] = { "CHANGELOG.md",
				"CONTRIBUTING.md",
				"PM2019-009 - IP starvation.md",
				"PM2020-001 - Inotify.md",
				"PM2020-002 - CoreDNS.md",
				"PM2021-001 - ADFS.md",
				"README.md",
				"SECURITY.md",
				NULL };
	const char *read[] = { "README.md", NULL };
	find(&a, paths, read, NULL, 1, 0, &u, &what, &yaml);
	CHECK(u.n == 1 && u.files == 4);
	CHECK_STR(what.ptr, "4 at the root look like post-mortems (e.g. "
			    "\"PM2019-009 - IP starvation.md\")");
	/* more than three: the letters they start with */
	CHECK_STR(yaml.ptr, "{postmortems: [\"PM*.md\"]}");
	/* up to three: their names, so that CHANGELOG.md is not taken too */
	const char *few[] = { "2024-01-05-incident-db.md", "CHANGELOG.md",
			      "postmortem-x.md", NULL };
	find(&a, few, NULL, NULL, 0, 0, &u, &what, &yaml);
	CHECK_STR(yaml.ptr, "{postmortems: [\"2024-01-05-incident-db.md\", "
			    "\"postmortem-x.md\"]}");
	/* more than three sharing no letters: every Markdown file there */
	const char *mixed[] = { "2024-01-05-incident-db.md", "incident-b.md",
				"pm1.md", "postmortem-x.md", NULL };
	find(&a, mixed, NULL, NULL, 0, 0, &u, &what, &yaml);
	CHECK_STR(yaml.ptr, "{postmortems: [\"*.md\"]}");
	/* one file: its own name */
	const char *one[] = { "incident-2024.md", NULL };
	find(&a, one, NULL, NULL, 0, 0, &u, &what, &yaml);
	CHECK_STR(what.ptr,
		  "1 at the root looks like a post-mortem (\"incident-2024.md\")");
	CHECK_STR(yaml.ptr, "{postmortems: [\"incident-2024.md\"]}");
	buf_release(&what);
	buf_release(&yaml);
	arena_release(&a);
}

TEST(folders_say_the_kind_and_a_placed_kind_is_left_alone)
{
	struct arena a = ARENA_INIT;
	struct buf what = BUF_INIT, yaml = BUF_INIT;
	struct unread u;
	const char *paths[] = { ".github/ISSUE_TEMPLATE/bug.md",
				"alerts/disk-full.md",
				"content/runbooks/_index.md",
				"content/runbooks/general/a.md",
				"content/runbooks/general/b.md",
				"design/1-x.md",
				"docs/guide.md",
				"docs/runbooks/read.md",
				"notes/x.md",
				"postmortems/template.md",
				"vendor/lib/runbooks/y.md",
				NULL };
	const char *read[] = { "docs/guide.md", "docs/runbooks/read.md", NULL };
	/* not a README-only repository: only the folders that say a kind */
	find(&a, paths, read, NULL, 0, 0, &u, &what, &yaml);
	CHECK(u.files == 4);
	CHECK_STR(what.ptr, "1 under alerts/ looks like a runbook "
			    "(\"alerts/disk-full.md\"), 2 under content/runbooks/ "
			    "look like runbooks, 1 under design/ looks like an RFC "
			    "or a design document (\"design/1-x.md\")");
	CHECK_STR(yaml.ptr,
		  "{runbooks: [\"alerts/**/*.md\", "
		  "\"content/runbooks/**/*.md\"], rfcs: [\"design/**/*.md\"]}");
	/* the user placed runbooks: not second-guessed; a claimed file is
	 * not reported */
	const char *claimed[] = { "design/1-x.md", NULL };
	find(&a, paths, read, claimed, 0, 1u << CONFIG_PATH_RUNBOOKS, &u, &what, &yaml);
	CHECK(u.n == 0 && u.files == 0);
	CHECK_STR(yaml.ptr, "{}");
	buf_release(&what);
	buf_release(&yaml);
	arena_release(&a);
}

TEST(a_readme_only_repository_hears_of_every_folder)
{
	struct arena a = ARENA_INIT;
	struct buf what = BUF_INIT, yaml = BUF_INIT;
	struct unread u;
	const char *paths[] = { "README.md", "a/1.md", "a/2.md", "b/c/index.md",
				"c/x.md",    "d/x.md", "e/x.md", "f/x.md",
				"g*/x.md",   "go2.md", NULL };
	const char *read[] = { "README.md", NULL };
	find(&a, paths, read, NULL, 1, 0, &u, &what, &yaml);
	/* g* holds a glob character: not offered as a pattern */
	CHECK(u.n == 7 && u.files == 8);
	CHECK_STR(what.ptr,
		  "2 under a/ are in no folder cairn reads, 1 under b/ is "
		  "in no folder cairn reads (\"b/c/index.md\"), 1 under c/ "
		  "is in no folder cairn reads (\"c/x.md\"), 1 under d/ is "
		  "in no folder cairn reads (\"d/x.md\"), 1 under e/ is in "
		  "no folder cairn reads (\"e/x.md\"), and 2 more elsewhere");
	CHECK(strstr(yaml.ptr, "docs: [\"a/**/*.md\", \"b/**/*.md\"") == yaml.ptr + 1);
	CHECK(strstr(yaml.ptr, "\"go2.md\"]}") != NULL);
	buf_release(&what);
	buf_release(&yaml);
	arena_release(&a);
}

TEST(a_folder_a_proposal_is_offered_its_readmes)
{
	struct arena a = ARENA_INIT;
	struct buf what = BUF_INIT, yaml = BUF_INIT;
	struct unread u;
	/* KEPs: each proposal the README.md of its own folder; the kind
	 * folder's own README is its index */
	const char *paths[] = { "README.md",
				"keps/README.md",
				"keps/sig-api/1027-unions/README.md",
				"keps/sig-node/135-seccomp/README.md",
				"keps/sig-node/2371-stats/README.md",
				"keps/sig-node/notes.md",
				"rfcs/0001-x.md",
				"rfcs/0002-y/README.md",
				"rfcs/0003-z.md",
				NULL };
	const char *read[] = { "README.md", NULL };
	find(&a, paths, read, NULL, 0, 0, &u, &what, &yaml);
	CHECK(u.files == 7);
	CHECK_STR(yaml.ptr, "{rfcs: [\"keps/**/README.md\", \"rfcs/**/*.md\"]}");
	buf_release(&what);
	buf_release(&yaml);
	arena_release(&a);
}

int main(void)
{
	RUN(post_mortems_at_the_root_by_their_names);
	RUN(folders_say_the_kind_and_a_placed_kind_is_left_alone);
	RUN(a_readme_only_repository_hears_of_every_folder);
	RUN(a_folder_a_proposal_is_offered_its_readmes);
	return harness_report();
}
