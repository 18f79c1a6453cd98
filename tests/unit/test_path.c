#include "path.h"

#include <string.h>

#include "harness.h"

/* The sources of a made-up documentation site (Middleman's layout). */
static const char *const files[] = {
	"README.md",
	"source/index.html.md",
	"source/manual/get-started.html.md",
	"source/manual/alerts/disk.md",
	"source/kubernetes/scale-app/index.html.md",
	"source/kubernetes/fix-app/index.html.md",
	"source/guides/README.md",
	"source/images/pod.svg",
	"docs/adr/0001-x.md",
};

static int found(const char *name, void *userdata)
{
	(void)userdata;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (strcmp(files[i], name) == 0)
			return 1;
	return 0;
}

/* What a link written in doc means, through path_resolve, or NULL. */
static const char *source_of(struct buf *out, const char *doc, const char *url)
{
	struct buf r = BUF_INIT;
	int rc = path_resolve(&r, doc, url, strlen(url), 1);
	if (rc == 0)
		rc = path_site_source(out, doc, r.ptr ? r.ptr : "",
				      url[0] == '/', found, NULL);
	buf_release(&r);
	return rc == 0 ? out->ptr : NULL;
}

TEST(resolve_relative_absolute_and_above_the_root)
{
	struct buf b = BUF_INIT;
	CHECK(path_resolve(&b, "docs/a/x.md", "../img/p.png", 12, 1) == 0);
	CHECK_STR(b.ptr, "docs/img/p.png");
	CHECK(path_resolve(&b, "docs/a/x.md", "/README.md", 10, 1) == 0);
	CHECK_STR(b.ptr, "README.md");
	CHECK(path_resolve(&b, "docs/a/x.md", "b%20c.md", 8, 1) == 0);
	CHECK_STR(b.ptr, "docs/a/b c.md");
	CHECK(path_resolve(&b, "x.md", "../y.md", 7, 1) == -1);
	buf_release(&b);
}

TEST(site_links_name_their_sources)
{
	struct buf b = BUF_INIT;
	const char *doc = "source/kubernetes/fix-app/index.html.md";
	/* from the site's root: x.html is x.html.md under source/ */
	CHECK_STR(source_of(&b, doc, "/manual/get-started.html"),
		  "source/manual/get-started.html.md");
	/* a folder's page, with or without its slash */
	CHECK_STR(source_of(&b, doc, "/kubernetes/scale-app/"),
		  "source/kubernetes/scale-app/index.html.md");
	CHECK_STR(source_of(&b, doc, "/kubernetes/scale-app"),
		  "source/kubernetes/scale-app/index.html.md");
	CHECK_STR(source_of(&b, doc, "/guides/"), "source/guides/README.md");
	/* x.html for x.md; an extensionless page for x.md */
	CHECK_STR(source_of(&b, doc, "/manual/alerts/disk.html"),
		  "source/manual/alerts/disk.md");
	CHECK_STR(source_of(&b, doc, "/manual/alerts/disk"),
		  "source/manual/alerts/disk.md");
	/* relative links work from the page's own address */
	CHECK_STR(source_of(&b, doc, "../scale-app/index.html"),
		  "source/kubernetes/scale-app/index.html.md");
	/* an image under the site's root is itself */
	CHECK_STR(source_of(&b, doc, "/images/pod.svg"), "source/images/pod.svg");
	/* the root is tried first: /docs/adr/0001-x is the repository's */
	CHECK_STR(source_of(&b, doc, "/docs/adr/0001-x"), "docs/adr/0001-x.md");
	buf_release(&b);
}

TEST(site_links_that_name_nothing)
{
	struct buf b = BUF_INIT;
	const char *doc = "source/kubernetes/fix-app/index.html.md";
	CHECK(source_of(&b, doc, "/repos/frontend.html") == NULL);
	CHECK(source_of(&b, doc, "/images/none.svg") == NULL);
	/* a file with another extension is only itself */
	CHECK(source_of(&b, doc, "/manual/get-started.txt") == NULL);
	/* a relative link is not looked for in other folders */
	CHECK(source_of(&b, "docs/adr/0002-y.md", "manual/get-started.html") == NULL);
	/* the root itself names no page here */
	CHECK(source_of(&b, doc, "/") == NULL);
	buf_release(&b);
}

int main(void)
{
	RUN(resolve_relative_absolute_and_above_the_root);
	RUN(site_links_name_their_sources);
	RUN(site_links_that_name_nothing);
	return harness_report();
}
