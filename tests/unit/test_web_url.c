/* Tests for web_url.c: clone URLs to web addresses, and a git config's
 * remote "origin". */
#include "web_url.h"

#include <string.h>

#include "harness.h"

static const char *of(struct arena *a, const char *remote)
{
	const char *u = web_url_of_remote(a, remote);
	return u ? u : "(null)";
}

TEST(clone_urls_become_web_addresses)
{
	struct arena a = ARENA_INIT;
	CHECK_STR(of(&a, "https://github.com/acme/ops.git"),
		  "https://github.com/acme/ops");
	CHECK_STR(of(&a, "https://github.com/acme/ops"), "https://github.com/acme/ops");
	CHECK_STR(of(&a, "https://github.com/acme/ops/"), "https://github.com/acme/ops");
	CHECK_STR(of(&a, "git@github.com:acme/ops.git"), "https://github.com/acme/ops");
	CHECK_STR(of(&a, "ssh://git@GitHub.com:22/acme/ops.git"),
		  "https://github.com/acme/ops");
	CHECK_STR(of(&a, "https://x-token:secret@github.com/acme/ops.git"),
		  "https://github.com/acme/ops");
	CHECK_STR(of(&a, "https://gitlab.example.com/group/sub/repo.git"),
		  "https://gitlab.example.com/group/sub/repo");
	CHECK_STR(of(&a, "git@github.acme.internal:org/.github.git"),
		  "https://github.acme.internal/org/.github");
	/* not a host that pages a file as /blob/BRANCH/PATH, not a host, not
	 * an owner and a name */
	CHECK_STR(of(&a, "https://bitbucket.org/acme/ops.git"), "(null)");
	CHECK_STR(of(&a, "/srv/git/ops.git"), "(null)");
	CHECK_STR(of(&a, "../ops"), "(null)");
	CHECK_STR(of(&a, "file:///srv/github/acme/ops.git"), "(null)");
	CHECK_STR(of(&a, "https://github.com/acme"), "(null)");
	CHECK_STR(of(&a, "https://github.com/"), "(null)");
	CHECK_STR(of(&a, "https://github.com/acme/../x"), "(null)");
	CHECK_STR(of(&a, "https://github.com/acme/o\"ps"), "(null)");
	CHECK_STR(of(&a, "https://git<hub.com/acme/ops"), "(null)");
	CHECK_STR(of(&a, "C:/github/acme/ops"), "(null)");
	CHECK_STR(of(&a, NULL), "(null)");
	arena_release(&a);
}

TEST(the_origin_of_a_git_config)
{
	struct arena a = ARENA_INIT;
	const char *cfg =
		"[core]\n\trepositoryformatversion = 0\n"
		"[remote \"upstream\"]\n\turl = https://github.com/up/ops.git\n"
		"[remote \"origin\"]\r\n\turl = git@github.com:acme/ops.git\r\n"
		"\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
		"[branch \"main\"]\n\tremote = origin\n";
	const char *o = web_url_origin(&a, cfg, strlen(cfg));
	CHECK_STR(o ? o : "(null)", "git@github.com:acme/ops.git");
	const char *none = "[remote \"originals\"]\n\turl = x\n[core]\n\turl = y\n";
	CHECK(web_url_origin(&a, none, strlen(none)) == NULL);
	const char *quoted = "[remote \"origin\"]\n  URL = \"https://gitlab.com/g/r\"\n";
	o = web_url_origin(&a, quoted, strlen(quoted));
	CHECK_STR(o ? o : "(null)", "https://gitlab.com/g/r");
	CHECK(web_url_origin(&a, "", 0) == NULL);
	CHECK(web_url_origin(&a, "[remote \"origin\"]\nurl =\n", 23) == NULL);
	arena_release(&a);
}

int main(void)
{
	RUN(clone_urls_become_web_addresses);
	RUN(the_origin_of_a_git_config);
	return harness_report();
}
