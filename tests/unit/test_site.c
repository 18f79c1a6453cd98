/* Unit tests of the crawl and assembly helpers: which paths are documents,
 * how raw files become documents, safe names and relative addresses. */
#include <stdlib.h>
#include <string.h>

#include "crawl.h"
#include "harness.h"
#include "markdown.h"
#include "output.h"
#include "site.h"

TEST(classify_follows_the_table)
{
	CHECK(layout_classify(NULL, "README.md") == DOC_README);
	CHECK(layout_classify(NULL, "readme.md") == DOC_README);
	CHECK(layout_classify(NULL, "RUNBOOK.md") == DOC_RUNBOOK);
	CHECK(layout_classify(NULL, "docs/runbooks/db.md") == DOC_RUNBOOK);
	CHECK(layout_classify(NULL, "runbooks/a/b/c.md") == DOC_RUNBOOK);
	CHECK(layout_classify(NULL, "docs/rfcs/0001-x.md") == DOC_RFC);
	CHECK(layout_classify(NULL, "rfcs/x.md") == DOC_RFC);
	CHECK(layout_classify(NULL, "text/0001-x.md") == DOC_RFC);
	CHECK(layout_classify(NULL, "text/sub/x.md") == -1);
	CHECK(layout_classify(NULL, "docs/adr/0001-x.md") == DOC_RFC);
	CHECK(layout_classify(NULL, "docs/decisions/x.md") == DOC_RFC);
	CHECK(layout_classify(NULL, "docs/postmortems/2026-01-01.md") == DOC_POSTMORTEM);
	CHECK(layout_classify(NULL, "postmortems/x.md") == DOC_POSTMORTEM);
	CHECK(layout_classify(NULL, "docs/guide.md") == DOC_DOC);
	CHECK(layout_classify(NULL, "docs/guide.txt") == -1);
	CHECK(layout_classify(NULL, "src/notes.md") == -1);
	CHECK(layout_classify(NULL, "docsx/a.md") == -1);
	CHECK(layout_classify(NULL, "sub/README.md") == -1);
}

TEST(make_doc_front_matter_and_h1)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_init(&d);
	const char *src = "---\ntitle: T\n---\n\n# Heading #\n\nbody\n";
	struct document *doc = crawl_make_doc(&a, &d, NULL, "r", "docs/x.md",
					      src, strlen(src), DOC_DOC);
	CHECK(doc != NULL);
	CHECK_STR(val_as_str(val_get(doc->meta, "title")), "T");
	CHECK_STR(doc->h1, "Heading");
	CHECK(doc->body_line == 4);
	CHECK(d.len == 0);
	arena_release(&a);
	diag_release(&d);
}

TEST(make_doc_rejects_binary_and_repairs_utf8)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_init(&d);
	CHECK(crawl_make_doc(&a, &d, NULL, "r", "b.md", "a\0b", 3, DOC_DOC) == NULL);
	CHECK(d.len == 1 && strstr(d.items[0].msg, "not text"));
	const char bad[] = "# ok\n\nline \xff\xfe\n";
	struct document *doc = crawl_make_doc(&a, &d, NULL, "r", "u.md", bad,
					      sizeof(bad) - 1, DOC_DOC);
	CHECK(doc != NULL);
	CHECK(strstr(doc->text, "\xef\xbf\xbd") != NULL);
	CHECK(d.len == 2 && d.items[1].line == 3 && strstr(d.items[1].msg, "UTF-8"));
	arena_release(&a);
	diag_release(&d);
}

TEST(make_doc_long_line_is_over_the_limit)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_init(&d);
	struct config_limits lim = CONFIG_LIMITS_INIT;
	lim.line_length = 100;
	char src[400];
	memset(src, 'x', sizeof(src));
	memcpy(src, "# T\n\nshort\n", 11);
	src[sizeof(src) - 1] = '\n';
	CHECK(crawl_make_doc(&a, &d, &lim, "r", "l.md", src, sizeof(src),
			     DOC_DOC) == NULL);
	CHECK(d.len == 1 && d.items[0].line == 4 &&
	      strstr(d.items[0].msg, "limits.line_length"));
	lim.line_length = 1000;
	CHECK(crawl_make_doc(&a, &d, &lim, "r", "l.md", src, sizeof(src),
			     DOC_DOC) != NULL);
	diag_release(&d);
	arena_release(&a);
}

TEST(make_doc_bad_front_matter_is_diagnosed)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_init(&d);
	const char *src = "---\ntitle: [x\n---\nbody\n";
	struct document *doc = crawl_make_doc(&a, &d, NULL, "r", "x.md", src,
					      strlen(src), DOC_DOC);
	CHECK(doc != NULL);
	CHECK(d.len == 1 && d.items[0].cls == DIAG_USER);
	CHECK(doc->meta && doc->meta->type == VAL_MAP);
	arena_release(&a);
	diag_release(&d);
}

/* The crawl's title (a document's h1) and the render's agree on documents
 * that open with comments, blank lines or a byte order mark, with either
 * setting of markdown.raw_html, and the page then shows one h1. */
TEST(title_after_leading_comments_found_alike)
{
	static const struct {
		const char *src, *title; /* NULL: no title */
	} cases[] = {
		{ "<!-- toc -->\n# KEP-1: Title\n\nbody\n", "KEP-1: Title" },
		{ "<!-- markdownlint-disable -->\n\n\n# T\n", "T" },
		{ "\n<!--\nA template's note.\n\n- [ ] a box\n-->\n<!-- b -->\n  <!-- c -->\n# T\n",
		  "T" },
		{ "\xEF\xBB\xBF# T\n\nbody\n", "T" },
		{ "\xEF\xBB\xBF<!-- x -->\r\n\r\n# T\r\n", "T" },
		{ "<!-- x --> text\n# T\n", NULL },
		{ "<!-- x -->\ntext\n\n# T\n", NULL },
		{ "    <!-- code -->\n# T\n", NULL },
		{ "<!-- never closed\n# T\n", NULL },
		{ "# T\n<!-- after -->\n", "T" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *src = cases[i].src, *want = cases[i].title;
		struct arena a;
		struct diag_list d;
		arena_init(&a);
		diag_init(&d);
		struct document *doc = crawl_make_doc(&a, &d, NULL, "r", "x.md",
						      src, strlen(src), DOC_DOC);
		CHECK(doc != NULL);
		if (want)
			CHECK_STR(doc->h1, want);
		else
			CHECK(doc->h1 == NULL);
		for (int raw = 0; raw <= 1; raw++) {
			struct markdown_opts o = MARKDOWN_OPTS_INIT;
			struct markdown_result md;
			o.strip_title = doc->h1 != NULL;
			o.raw_html = raw;
			CHECK(markdown_render(&md, doc->text, doc->len, &o) == 0);
			if (want) {
				CHECK_STR(md.title, want);
				CHECK_LACKS(md.html.ptr, "<h1");
			} else {
				CHECK(md.title == NULL);
			}
			markdown_result_release(&md);
		}
		arena_release(&a);
		diag_release(&d);
	}
}

static const char *safe(const char *s)
{
	static struct buf b = BUF_INIT;
	buf_clear(&b);
	site_safe_segment(&b, s, strlen(s));
	return b.ptr;
}

TEST(safe_segments)
{
	CHECK_STR(safe("Payments API"), "payments-api");
	CHECK_STR(safe("../../etc"), "etc");
	CHECK_STR(safe(".."), "_");
	CHECK_STR(safe(""), "_");
	CHECK_STR(safe(".hidden"), "hidden");
	CHECK_STR(safe("a/b\\c"), "a-b-c");
	CHECK_STR(safe("v1.2"), "v1.2");
	CHECK_STR(safe("name."), "name");
	CHECK_STR(safe("<script>"), "script");
	/* letters of any script, folded as search folds them */
	CHECK_STR(safe("Ünïcode"), "unicode");
	CHECK_STR(safe("Straße Café"), "strasse-cafe");
	CHECK_STR(safe("e\xCC\x81t\xC3\xA9"), "ete"); /* NFD and NFC */
	CHECK_STR(safe("Привет мир"), "привет-мир");
	CHECK_STR(safe("ΑΒΓ"), "αβγ");
	CHECK_STR(safe("日本語の設計"), "日本語の設計");
	/* what is not a letter is a separator: bad bytes, controls of
	 * direction, emoji, a lone accent */
	CHECK_STR(safe("a\xFF\xFE"
		       "b"),
		  "a-b");
	CHECK_STR(safe("a\xE2\x80\xAE"
		       "b"),
		  "a-b");
	CHECK_STR(safe("a\xF0\x9F\x98\x80"
		       "b"),
		  "a-b");
	CHECK_STR(safe("\xCC\x81"), "_");
	CHECK_STR(safe("\xC3"), "_"); /* cut short */
}

static const char *rel(const char *from, const char *to)
{
	static struct buf b = BUF_INIT;
	buf_clear(&b);
	site_relative(&b, from, to);
	return b.ptr;
}

TEST(relative_addresses)
{
	CHECK_STR(rel("", "services/"), "services/");
	CHECK_STR(rel("services/a/", ""), "../../");
	CHECK_STR(rel("services/a/", "services/a/"), "./");
	CHECK_STR(rel("services/a/docs/x/", "services/a/"), "../../");
	CHECK_STR(rel("services/a/docs/x/", "services/a/docs/y/"), "../y/");
	CHECK_STR(rel("services/a/", "services/b/img/x.png"), "../b/img/x.png");
	CHECK_STR(rel("services/ab/", "services/a/"), "../a/");
}

TEST(output_paths_must_be_safe)
{
	CHECK(output_path_safe("services/a/index.html"));
	CHECK(!output_path_safe("../x"));
	CHECK(!output_path_safe("a/../../x"));
	CHECK(!output_path_safe("/etc/passwd"));
	CHECK(!output_path_safe("a//b"));
	CHECK(!output_path_safe(""));
	CHECK(!output_path_safe("a/./b"));
}

int main(void)
{
	RUN(classify_follows_the_table);
	RUN(make_doc_front_matter_and_h1);
	RUN(make_doc_rejects_binary_and_repairs_utf8);
	RUN(make_doc_long_line_is_over_the_limit);
	RUN(make_doc_bad_front_matter_is_diagnosed);
	RUN(title_after_leading_comments_found_alike);
	RUN(safe_segments);
	RUN(relative_addresses);
	RUN(output_paths_must_be_safe);
	return harness_report();
}
