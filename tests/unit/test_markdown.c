#include "markdown.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "harness.h"

/* Renders md with opts (NULL: defaults) into r; the caller releases r. */
static int render_opts(struct markdown_result *r, const char *md,
		       const struct markdown_opts *opts)
{
	return markdown_render(r, md, strlen(md), opts);
}

static int render(struct markdown_result *r, const char *md)
{
	return render_opts(r, md, NULL);
}

/* Whether html holds a tag that could run something: a script-like
 * element, an event handler attribute, or a javascript:, vbscript: or data:
 * URL in an attribute.  Quoted attribute values are skipped when looking
 * for attribute names. */
static int has_active_tag(const char *html)
{
	static const char *const elements[] = { "script", "iframe", "object",
						"embed",  "svg",    "style",
						"form",	  NULL };
	static const char *const schemes[] = { "\"javascript:", "\"vbscript:",
					       "\"data:", NULL };

	for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
		const char *end = strchr(p, '>');
		if (!end)
			return 0;
		for (int i = 0; elements[i]; i++)
			if (strncasecmp(p + 1, elements[i], strlen(elements[i])) == 0)
				return 1;
		int quoted = 0;
		for (const char *q = p; q < end; q++) {
			if (*q == '"') {
				for (int i = 0; !quoted && schemes[i]; i++)
					if (strncasecmp(q, schemes[i],
							strlen(schemes[i])) == 0)
						return 1;
				quoted = !quoted;
			} else if (!quoted && *q == ' ' &&
				   strncasecmp(q + 1, "on", 2) == 0) {
				return 1;
			}
		}
		p = end;
	}
	return 0;
}

static void check_inert(const char *html)
{
	CHECK(!has_active_tag(html));
	CHECK_LACKS(html, "<script");
	CHECK_LACKS(html, "href=\"jav");
	CHECK_LACKS(html, "src=\"data");
}

TEST(inertness_check_catches_active_markup)
{
	CHECK(has_active_tag("<p><a href=\"javascript:x\">x</a></p>"));
	CHECK(has_active_tag("<img src=x onerror=alert(1)>"));
	CHECK(has_active_tag("<p><script>x</script></p>"));
	CHECK(has_active_tag("<img src=\"DATA:text/html,x\">"));
	CHECK(!has_active_tag("<p>&lt;img src=x onerror=alert(1)&gt;</p>"));
	CHECK(!has_active_tag("<a href=\"x\" title=\"a onclick=b\">t</a>"));
}

/* ---------------------------------------------------------------- blocks */

TEST(paragraph_and_emphasis)
{
	struct markdown_result r;
	CHECK(render(&r, "Hello *em* **strong** ~~gone~~ `a<b`\n") == 0);
	CHECK_STR(r.html.ptr, "<p>Hello <em>em</em> <strong>strong</strong> "
			      "<del>gone</del> <code>a&lt;b</code></p>\n");
	CHECK_STR(r.text.ptr, "Hello em strong gone a<b");
	markdown_result_release(&r);
}

TEST(gitlab_toc_marker_is_the_table_of_contents)
{
	struct markdown_result r;
	CHECK(render(&r, "# Title\n\n[[_TOC_]]\n\n## One\n\n### Sub\n\n## Two\n\n"
			 "[TOC]\n\nsee [[_TOC_]] here\n\n```\n[TOC]\n```\n") == 0);
	CHECK_LACKS(r.html.ptr, "<p>[[");
	CHECK_LACKS(r.html.ptr, "<p>[TOC]");
	CHECK_CONTAINS(r.html.ptr,
		       "<h1 id=\"title\">Title</h1>\n"
		       "<nav class=\"toc-inline\" aria-label=\"Contents\">\n<ul>\n"
		       "<li><a href=\"#one\">One</a><ul>\n"
		       "<li><a href=\"#sub\">Sub</a></li>\n</ul>\n</li>\n"
		       "<li><a href=\"#two\">Two</a></li>\n</ul>\n</nav>\n"
		       "<h2 id=\"one\">");
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"two\">Two</h2>\n<nav class=\"toc-inline\"");
	/* not alone in its paragraph, or in code: text */
	CHECK_CONTAINS(r.html.ptr, "<p>see [[");
	CHECK_CONTAINS(r.html.ptr, "<pre><code>[TOC]\n</code></pre>");
	CHECK_LACKS(r.text.ptr, "TOC_");
	markdown_result_release(&r);
	/* a [TOC] that a link definition names stays a link */
	CHECK(render(&r, "[TOC]\n\n[TOC]: https://example.com/\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://example.com/\">TOC</a>");
	markdown_result_release(&r);
}

TEST(heading_gets_slug_id)
{
	struct markdown_result r;
	CHECK(render(&r, "intro\n\n## Hello, World!\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"hello-world\">Hello, World!</h2>\n");
	markdown_result_release(&r);
}

TEST(slug_rules)
{
	struct buf b = BUF_INIT;
	markdown_slug(&b, "Hello, World!", strlen("Hello, World!"));
	CHECK_STR(b.ptr, "hello-world");
	buf_clear(&b);
	markdown_slug(&b, "a  b_c-d (e) 1.2", strlen("a  b_c-d (e) 1.2"));
	CHECK_STR(b.ptr, "a--b_c-d-e-12");
	buf_clear(&b);
	markdown_slug(&b, "Überblick — Ça va?", strlen("Überblick — Ça va?"));
	CHECK_STR(b.ptr, "überblick--ça-va");
	buf_clear(&b);
	markdown_slug(&b, "日本語「テスト」", strlen("日本語「テスト」"));
	CHECK_STR(b.ptr, "日本語テスト");
	buf_clear(&b);
	markdown_slug(&b, "Emoji 🚀 ok", strlen("Emoji 🚀 ok"));
	CHECK_STR(b.ptr, "emoji--ok");
	buf_clear(&b);
	markdown_slug(&b, "bad \xff\xfe byte", strlen("bad \xff\xfe byte"));
	CHECK_STR(b.ptr, "bad--byte");
	buf_release(&b);
}

TEST(duplicate_headings_get_numbered_ids)
{
	struct markdown_result r;
	CHECK(render(&r, "## Setup\n## Setup\n## Setup-1\n## Setup\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"setup\">");
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"setup-1\">Setup</h2>");
	/* the literal "Setup-1" heading is taken, so it becomes setup-1-1 */
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"setup-1-1\">Setup-1</h2>");
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"setup-2\">Setup</h2>");
	markdown_result_release(&r);
}

TEST(empty_slug_becomes_section)
{
	struct markdown_result r;
	CHECK(render(&r, "## !!!\n\n## ???\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"section\">!!!</h2>");
	CHECK_CONTAINS(r.html.ptr, "<h2 id=\"section-1\">?\?\?</h2>");
	markdown_result_release(&r);
}

TEST(toc_collects_headings)
{
	struct markdown_result r;
	CHECK(render(&r, "# Title\n\n## A *b* `c`\n\ntext\n\n### D\n\nE\n===\n") == 0);
	CHECK(r.ntoc == 4);
	if (r.ntoc == 4) {
		CHECK(r.toc[0].level == 1);
		CHECK_STR(r.toc[0].id, "title");
		CHECK(r.toc[1].level == 2);
		CHECK_STR(r.toc[1].id, "a-b-c");
		CHECK_STR(r.toc[1].text, "A b c");
		CHECK(r.toc[2].level == 3);
		CHECK_STR(r.toc[3].id, "e");
		CHECK(r.toc[3].level == 1);
	}
	markdown_result_release(&r);
}

TEST(title_is_leading_h1)
{
	struct markdown_result r;
	CHECK(render(&r, "# The *Title*\n\nbody\n") == 0);
	CHECK_STR(r.title, "The Title");
	CHECK_CONTAINS(r.html.ptr, "<h1 id=\"the-title\">The <em>Title</em></h1>");
	markdown_result_release(&r);

	CHECK(render(&r, "intro\n\n# Not a title\n") == 0);
	CHECK(r.title == NULL);
	markdown_result_release(&r);

	CHECK(render(&r, "## Level two\n") == 0);
	CHECK(r.title == NULL);
	markdown_result_release(&r);

	CHECK(render(&r, "> # quoted\n") == 0);
	CHECK(r.title == NULL);
	markdown_result_release(&r);
}

TEST(strip_title_drops_leading_h1_only)
{
	struct markdown_result r;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.strip_title = 1;
	CHECK(render_opts(&r, "# Title\n\nbody\n\n# Title\n", &o) == 0);
	CHECK_STR(r.title, "Title");
	CHECK_STR(r.html.ptr, "<p>body</p>\n<h1 id=\"title\">Title</h1>\n");
	CHECK(r.ntoc == 1);
	CHECK_STR(r.text.ptr, "body\nTitle");
	markdown_result_release(&r);

	CHECK(render_opts(&r, "Title\n=====\n", &o) == 0);
	CHECK_STR(r.title, "Title");
	CHECK_STR(r.html.ptr, "");
	markdown_result_release(&r);
}

TEST(lists_ordered_with_start)
{
	struct markdown_result r;
	CHECK(render(&r, "1. a\n2. b\n\n7) c\n8) d\n\n- x\n  - y\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
	CHECK_CONTAINS(r.html.ptr, "<ol start=\"7\">\n<li>c</li>\n");
	CHECK_CONTAINS(r.html.ptr, "<ul>\n<li>x<ul>\n<li>y</li>\n</ul>\n</li>\n</ul>\n");
	CHECK_STR(r.text.ptr, "a\nb\nc\nd\nx\ny");
	markdown_result_release(&r);
}

TEST(loose_list_has_paragraphs)
{
	struct markdown_result r;
	CHECK(render(&r, "- a\n\n- b\n") == 0);
	CHECK_STR(r.html.ptr, "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n");
	markdown_result_release(&r);
}

TEST(task_list_items)
{
	struct markdown_result r;
	CHECK(render(&r, "- [ ] open\n- [x] done\n- [X] Done\n- plain\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<li class=\"task-list-item\"><input "
				   "type=\"checkbox\" disabled> open</li>");
	CHECK_CONTAINS(r.html.ptr, "<input type=\"checkbox\" disabled checked> done");
	CHECK_CONTAINS(r.html.ptr, "<input type=\"checkbox\" disabled checked> Done");
	CHECK_CONTAINS(r.html.ptr, "<li>plain</li>");
	markdown_result_release(&r);
}

TEST(blockquote_and_hr)
{
	struct markdown_result r;
	CHECK(render(&r, "> quoted\n> > deeper\n\n---\n") == 0);
	CHECK_STR(r.html.ptr, "<blockquote>\n<p>quoted</p>\n<blockquote>\n"
			      "<p>deeper</p>\n</blockquote>\n</blockquote>\n<hr>\n");
	markdown_result_release(&r);
}

TEST(code_block_language_is_sanitised)
{
	struct markdown_result r;
	CHECK(render(&r, "```c++\nint a = b < c && d;\n```\n") == 0);
	CHECK_STR(r.html.ptr, "<pre><code class=\"language-c++\">"
			      "int a = b &lt; c &amp;&amp; d;\n</code></pre>\n");
	markdown_result_release(&r);

	CHECK(render(&r, "```x\"onclick=alert(1)\n1\n```\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<pre><code class=\"language-xonclickalert1\">");
	markdown_result_release(&r);

	CHECK(render(&r, "```\"><\n1\n```\n") == 0);
	CHECK_STR(r.html.ptr, "<pre><code>1\n</code></pre>\n");
	markdown_result_release(&r);

	CHECK(render(&r, "    indented <x>\n") == 0);
	CHECK_STR(r.html.ptr, "<pre><code>indented &lt;x&gt;\n</code></pre>\n");
	markdown_result_release(&r);
}

TEST(table_with_alignment)
{
	struct markdown_result r;
	CHECK(render(&r, "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | *2* | 3 | 4 |\n") ==
	      0);
	CHECK_CONTAINS(r.html.ptr,
		       "<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n"
		       "<th align=\"center\">b</th>\n<th align=\"right\">c</th>\n"
		       "<th>d</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n");
	CHECK_CONTAINS(r.html.ptr, "<td align=\"center\"><em>2</em></td>\n");
	CHECK_CONTAINS(r.html.ptr, "</tr>\n</tbody>\n</table>\n");
	CHECK_STR(r.text.ptr, "a b c d\n1 2 3 4");
	markdown_result_release(&r);
}

TEST(hard_and_soft_breaks)
{
	struct markdown_result r;
	CHECK(render(&r, "one  \ntwo\\\nthree\nfour\n") == 0);
	CHECK_STR(r.html.ptr, "<p>one<br>\ntwo<br>\nthree\nfour</p>\n");
	CHECK_STR(r.text.ptr, "one\ntwo\nthree four");
	markdown_result_release(&r);
}

TEST(entities_are_decoded_then_escaped)
{
	struct markdown_result r;
	CHECK(render(&r, "&copy; &amp; &lt;b&gt; &#65;&#x42; &#x1F600; &eacute; "
			 "&mdash; &nosuch; &#0; &#xD800;\n") == 0);
	CHECK_STR(r.html.ptr, "<p>\xC2\xA9 &amp; &lt;b&gt; AB \xF0\x9F\x98\x80 "
			      "\xC3\xA9 \xE2\x80\x94 &amp;nosuch; \xEF\xBF\xBD "
			      "\xEF\xBF\xBD</p>\n");
	CHECK_STR(r.text.ptr, "\xC2\xA9 & <b> AB \xF0\x9F\x98\x80 \xC3\xA9 "
			      "\xE2\x80\x94 &nosuch; \xEF\xBF\xBD \xEF\xBF\xBD");
	markdown_result_release(&r);
}

TEST(plain_text_separates_blocks)
{
	struct markdown_result r;
	CHECK(render(&r, "# Head\n\nPara *one*\nline [link](http://x.y) ![pic](p.png).\n\n"
			 "> quote\n\n```\ncode\n```\n") == 0);
	CHECK_STR(r.text.ptr, "Head\nPara one line link pic.\nquote\ncode");
	markdown_result_release(&r);
}

/* ---------------------------------------------------------------- links */

TEST(links_keep_safe_schemes)
{
	struct markdown_result r;
	CHECK(render(&r, "[a](http://x.y/p?q=1&r=2) [b](HTTPS://x.y \"T <t>\") "
			 "[c](mailto:me@x.y) [d](#frag) [e](//cdn.x.y/f) "
			 "[f](rel/page.md)\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"http://x.y/p?q=1&amp;r=2\">a</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"HTTPS://x.y\" title=\"T &lt;t&gt;\">b</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"mailto:me@x.y\">c</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"#frag\">d</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://cdn.x.y/f\">e</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"rel/page.md\">f</a>");
	markdown_result_release(&r);
}

TEST(link_href_is_percent_encoded)
{
	struct markdown_result r;
	CHECK(render(&r, "[a](<a b/ü%zz%41>) [q](x\"y)\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"a%20b/%C3%BC%25zz%41\">a</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"x&quot;y\">q</a>");
	markdown_result_release(&r);
}

TEST(www_autolinks_get_http)
{
	struct markdown_result r;
	CHECK(render(&r, "see www.example.com/a?b=1 and https://x.y/z and a@b.co\n") == 0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"http://www.example.com/a?b=1\">"
				   "www.example.com/a?b=1</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://x.y/z\">https://x.y/z</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"mailto:a@b.co\">a@b.co</a>");
	markdown_result_release(&r);
}

TEST(reference_links)
{
	struct markdown_result r;
	CHECK(render(&r, "[one][r] and [r]\n\n[r]: https://x.y/?a&amp;b \"Ti&quot;t\"\n") ==
	      0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://x.y/?a&amp;b\" "
				   "title=\"Ti&quot;t\">one</a>");
	markdown_result_release(&r);
}

static int safe(const char *url, int *relative)
{
	return markdown_url_safe(url, strlen(url), relative);
}

TEST(url_safe_classifies)
{
	int rel = -1;
	CHECK(safe("http://x", &rel) == 1 && rel == 0);
	CHECK(safe("MailTo:a@b", &rel) == 1 && rel == 0);
	CHECK(safe("a/b.md", &rel) == 1 && rel == 1);
	CHECK(safe("../a:b", &rel) == 1 && rel == 1);
	CHECK(safe("a?x=1:2", &rel) == 1 && rel == 1);
	CHECK(safe("#top", &rel) == 1 && rel == 0);
	CHECK(safe("//host/x", &rel) == 1 && rel == 0);
	CHECK(safe("\\\\host/x", &rel) == 1 && rel == 0);
	CHECK(safe("/\t/host", &rel) == 1 && rel == 0);
	CHECK(safe("", &rel) == 1 && rel == 0);
	CHECK(safe("javascript:x", &rel) == 0);
	CHECK(safe("JaVaScRiPt:x", &rel) == 0);
	CHECK(safe(" \x01java\tscr\nipt:x", &rel) == 0);
	CHECK(safe("data:text/html,x", &rel) == 0);
	CHECK(safe("vbscript:x", &rel) == 0);
	CHECK(safe("file:///etc/passwd", &rel) == 0);
	CHECK(safe("ftp://x", &rel) == 0);
	CHECK(safe("ht\ttp:x", &rel) == 1 && rel == 0);
	CHECK(safe("httpx:y", &rel) == 0);
	CHECK(safe("a b:c", NULL) == 0);
}

/* ---------------------------------------------------------------- hostile */

TEST(raw_html_off_escapes_it_all)
{
	struct markdown_result r;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.raw_html = 0;
	CHECK(render_opts(&r,
			  "<script>alert(1)</script>\n\n"
			  "text <img src=x onerror=alert(1)> <b onmouseover=x>b</b> <kbd>k</kbd>\n\n"
			  "<div>\n<iframe src=\"javascript:alert(1)\"></iframe>\n</div>\n",
			  &o) == 0);
	check_inert(r.html.ptr);
	CHECK_CONTAINS(r.html.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_CONTAINS(r.html.ptr, "&lt;img src=x onerror=alert(1)&gt;");
	CHECK_CONTAINS(r.html.ptr, "&lt;kbd&gt;k&lt;/kbd&gt;");
	CHECK_LACKS(r.html.ptr, "<iframe");
	CHECK_LACKS(r.html.ptr, "<b");
	CHECK_LACKS(r.html.ptr, "<div");
	markdown_result_release(&r);
}

TEST(raw_html_is_sanitized)
{
	struct markdown_result r;
	CHECK(render(&r, "<script>alert(1)</script>\n\n"
			 "text <img src=x onerror=alert(1)> <b onmouseover=x>b</b>\n\n"
			 "<div>\n<iframe src=\"javascript:alert(1)\"></iframe>\n</div>\n") ==
	      0);
	check_inert(r.html.ptr);
	CHECK_CONTAINS(r.html.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_CONTAINS(r.html.ptr,
		       "<p>text <img src=\"x\" loading=\"lazy\"> <b>b</b></p>");
	CHECK_CONTAINS(r.html.ptr, "<div>\n&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;"
				   "&lt;/iframe&gt;\n</div>");
	markdown_result_release(&r);
}

TEST(readme_html_is_kept)
{
	struct markdown_result r;
	CHECK(render(&r, "<p align=\"center\">\n"
			 "  <img src=\"docs/logo.png\" width=\"100\" alt=\"Logo\">\n"
			 "  <a href=\"https://ci.example/b\"><img src=\"https://ci.example/b.svg\" alt=\"ci\"></a>\n"
			 "</p>\n\n"
			 "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; H<sub>2</sub>O.<br>\nNext\n\n"
			 "<details>\n<summary>More &amp; info</summary>\n\n"
			 "- a **list**\n\n"
			 "</details>\n") == 0);
	CHECK_STR(r.html.ptr,
		  "<p align=\"center\">\n"
		  "  <img src=\"docs/logo.png\" width=\"100\" alt=\"Logo\" loading=\"lazy\">\n"
		  "  <a href=\"https://ci.example/b\"><img src=\"https://ci.example/b.svg\" alt=\"ci\" "
		  "loading=\"lazy\"></a>\n"
		  "</p>\n"
		  "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; H<sub>2</sub>O.<br>\nNext</p>\n"
		  "<details>\n<summary>More &amp; info</summary>\n"
		  "<ul>\n<li>a <strong>list</strong></li>\n</ul>\n"
		  "</details>\n");
	/* the plain text has the elements' text, not their tags */
	CHECK_CONTAINS(r.text.ptr, "Logo");
	CHECK_CONTAINS(r.text.ptr, "Press Ctrl+C; H2O.");
	CHECK_CONTAINS(r.text.ptr, "More & info");
	CHECK_LACKS(r.text.ptr, "<");
	markdown_result_release(&r);
}

TEST(raw_html_nests_inside_markdown)
{
	struct markdown_result r;
	/* closed at the end of the span or block it was opened in (the list
	 * item's first line is an HTML block) */
	CHECK(render(&r, "**<b>x** y\n\n- <div align=\"center\">item\n\n"
			 "a <i>b</i></i> </b> c\n\n"
			 "<details>\n<summary>S</summary>\n\nnever closed\n") == 0);
	CHECK_STR(r.html.ptr,
		  "<p><strong><b>x</b></strong> y</p>\n"
		  "<ul>\n<li><div align=\"center\">item\n</div></li>\n</ul>\n"
		  "<p>a <i>b</i>  c</p>\n"
		  "<details>\n<summary>S</summary>\n<p>never closed</p>\n</details>");
	markdown_result_release(&r);

	/* an end tag inside a paragraph does not close what is outside it */
	CHECK(render(&r, "<div>\n\nx </div> y\n\n</div>\n") == 0);
	CHECK_STR(r.html.ptr, "<div>\n<p>x  y</p>\n</div>\n");
	markdown_result_release(&r);
}

TEST(raw_html_in_headings_and_links)
{
	struct markdown_result r;
	CHECK(render(&r, "# <img src=\"logo.png\" alt=\"\"> Cairn <sup>beta</sup>\n\n"
			 "[<img src=\"b.svg\" alt=\"badge\">](https://x.y) "
			 "[a <a href=\"https://in\">b</a>](https://out) "
			 "<a href=\"https://x.y\">https://x.y</a>\n\n"
			 "![alt <b>x</b>](p.png)\n") == 0);
	CHECK_STR(r.title, " Cairn beta");
	CHECK(r.ntoc == 1);
	CHECK_STR(r.toc[0].id, "-cairn-beta");
	CHECK_CONTAINS(r.html.ptr, "<h1 id=\"-cairn-beta\"><img src=\"logo.png\" alt=\"\" "
				   "loading=\"lazy\"> Cairn <sup>beta</sup></h1>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://x.y\"><img src=\"b.svg\" alt=\"badge\" "
				   "loading=\"lazy\"></a>");
	/* no link in a link, either way */
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://out\">a b</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://x.y\">https://x.y</a>");
	/* an image's description is its alt text: tags are shown as text */
	CHECK_CONTAINS(r.html.ptr, "alt=\"alt &lt;b&gt;x&lt;/b&gt;\"");
	markdown_result_release(&r);
}

TEST(raw_html_hostile_cases_are_inert)
{
	static const char *const cases[] = {
		"<img src=x onerror=alert(1)>",
		"<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
		"<a href=\"&#106;avascript:alert(1)\">x</a>",
		"x <a href=\"&#x6A;avascript&colon;alert(1)\">y</a> z",
		"<scr<script>ipt>alert(1)</script>",
		"<svg onload=alert(1)>",
		"x <svg><script>alert(1)</script></svg> y",
		"<div style=\"background:url(javascript:alert(1))\" onclick=x>d</div>",
		"<p title=\"</p><script>alert(1)</script>\">x</p>",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
		"<!-- <script>alert(1)</script> -->",
		"<!--\n<script>alert(1)</script>",
		"<a href=\"javascript:alert(1)\"\n>multi-line</a>",
		"<IMG SRC=\"javascript:alert(1)\">",
		"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
		"<form action=\"javascript:alert(1)\"><button>x</button></form>",
		"<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
		"<base href=\"javascript:alert(1)//\">",
		"<object data=\"data:text/html,x\"></object>",
		"- <details open ontoggle=alert(1)>\n\n  <summary>x</summary>",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct markdown_result r;
		CHECK(render(&r, cases[i]) == 0);
		check_inert(r.html.ptr);
		CHECK_LACKS(r.html.ptr, "<script");
		CHECK_LACKS(r.html.ptr, " style=\"");
		markdown_result_release(&r);
	}
}

TEST(javascript_links_lose_their_link)
{
	static const char *const cases[] = {
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](jav&#x09;ascript:alert(1))",
		"[x](jav&#9;ascript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](java&Tab;script:alert(1))",
		"[x](<java\tscript:alert(1)>)",
		"[x](<java\nscript:alert(1)>)",
		"[x](%20javascript:alert(1))",
		"[x]( javascript:alert(1) )",
		"[x](\\javascript:alert(1))",
		"[x](vbscript:msgbox)",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](file:///etc/passwd)",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"<javascript:alert(1)>",
		"[x](javascript&colon;alert(1))",
		"[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct markdown_result r;
		CHECK(render(&r, cases[i]) == 0);
		check_inert(r.html.ptr);
		CHECK_LACKS(r.html.ptr, "<a ");
		markdown_result_release(&r);
	}
}

TEST(dropped_link_keeps_its_text)
{
	struct markdown_result r;
	CHECK(render(&r, "a [**bold** text](javascript:alert(1)) b\n") == 0);
	CHECK_STR(r.html.ptr, "<p>a <strong>bold</strong> text b</p>\n");
	markdown_result_release(&r);
}

TEST(unsafe_images_become_alt_text)
{
	struct markdown_result r;
	CHECK(render(&r, "![a <b>](data:image/svg+xml;base64,PHN2Zz4=) "
			 "![j](javascript:alert(1)) ![v](  JAVASCRIPT:x)\n") == 0);
	check_inert(r.html.ptr);
	CHECK_LACKS(r.html.ptr, "<img");
	CHECK_STR(r.html.ptr, "<p>a &lt;b&gt; j v</p>\n");
	markdown_result_release(&r);
}

TEST(images_have_plain_alt_and_lazy_loading)
{
	struct markdown_result r;
	CHECK(render(&r, "![a *b* `c` ![in](n.png) \"q\"](p.png \"T\")\n") == 0);
	CHECK_STR(r.html.ptr, "<p><img src=\"p.png\" alt=\"a b c in &quot;q&quot;\" "
			      "title=\"T\" loading=\"lazy\"></p>\n");
	markdown_result_release(&r);

	CHECK(render(&r, "[![logo](l.png)](https://x.y)\n") == 0);
	CHECK_STR(r.html.ptr, "<p><a href=\"https://x.y\"><img src=\"l.png\" "
			      "alt=\"logo\" loading=\"lazy\"></a></p>\n");
	markdown_result_release(&r);
}

TEST(attribute_breakout_is_escaped)
{
	struct markdown_result r;
	CHECK(render(&r, "[x](http://a.b/\"onmouseover=\"alert(1) \"t\\\" onclick=\\\"y\")\n"
			 "![x\" onerror=\"alert(1)](p.png)\n") == 0);
	CHECK_LACKS(r.html.ptr, "\" onmouseover=");
	CHECK_LACKS(r.html.ptr, "\" onclick=");
	CHECK_LACKS(r.html.ptr, "\" onerror=");
	markdown_result_release(&r);
}

TEST(deep_nesting_does_not_crash)
{
	size_t depth = 20000;
	char *md = malloc(depth * 3 + 16);
	struct markdown_result r;
	size_t n = 0;

	for (size_t i = 0; i < depth; i++)
		md[n++] = '>';
	memcpy(md + n, " q\n", 4);
	CHECK(render(&r, md) == 0);
	CHECK_CONTAINS(r.html.ptr, "<p>q</p>");
	markdown_result_release(&r);

	/* lists nested 100 deep (each level indented 2 more), then quotes
	 * and lists interleaved */
	n = 0;
	for (size_t i = 0; i < 100; i++) {
		memset(md + n, ' ', i * 2);
		n += i * 2;
		memcpy(md + n, "- a\n", 4);
		n += 4;
	}
	for (size_t i = 0; i < 5000; i++) {
		memcpy(md + n, "> - ", 4);
		n += 4;
	}
	memcpy(md + n, "deep\n", 6);
	n += 6;
	md[n] = '\0';
	CHECK(render(&r, md) == 0);
	CHECK_CONTAINS(r.html.ptr, "deep");
	markdown_result_release(&r);

	n = 0;
	for (size_t i = 0; i < depth; i++)
		md[n++] = i % 2 ? '*' : '[';
	md[n] = '\0';
	CHECK(render(&r, md) == 0);
	markdown_result_release(&r);

	n = 0;
	for (size_t i = 0; i < depth; i++) {
		memcpy(md + n, "![", 2);
		n += 2;
	}
	for (size_t i = 0; i < depth; i++) {
		memcpy(md + n, "](", 2);
		n += 2;
		if (n + 8 > depth * 3)
			break;
	}
	md[n] = '\0';
	CHECK(render(&r, md) == 0);
	markdown_result_release(&r);
	free(md);
}

TEST(nested_images_and_links)
{
	struct markdown_result r;
	CHECK(render(&r, "![![![x](a)](b) [l](javascript:y)](c) [![i](javascript:z)](d)\n") ==
	      0);
	check_inert(r.html.ptr);
	CHECK_CONTAINS(r.html.ptr, "<img src=\"c\" alt=\"x l\" loading=\"lazy\">");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"d\">i</a>");
	markdown_result_release(&r);
}

/* ---------------------------------------------------------------- input */

TEST(nul_bytes_become_replacement)
{
	struct markdown_result r;
	const char md[] = "a\0b [l\0](x\0y)\n";
	CHECK(markdown_render(&r, md, sizeof(md) - 1, NULL) == 0);
	CHECK_STR(r.html.ptr, "<p>a\xEF\xBF\xBD"
			      "b <a href=\"x%EF%BF%BDy\">"
			      "l\xEF\xBF\xBD</a></p>\n");
	markdown_result_release(&r);
}

TEST(invalid_utf8_is_repaired)
{
	struct markdown_result r;
	const char md[] = "# bad \xC3\x28 \xED\xA0\x80 \xF8\n\nok \xE2\x82\n";
	CHECK(markdown_render(&r, md, sizeof(md) - 1, NULL) == 0);
	CHECK_STR(r.title, "bad \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
			   "\xEF\xBF\xBD");
	CHECK_CONTAINS(r.html.ptr, "<p>ok \xEF\xBF\xBD</p>");
	CHECK_CONTAINS(r.html.ptr, "<h1 id=\"bad---\">");
	markdown_result_release(&r);
}

TEST(link_opener_at_end_of_input_reads_nothing_past_it)
{
	/* md4c 0.4.8 reads past the end of "[](\"" and "[x](" at EOF; what
	 * follows in memory must not leak into the output */
	static const char mem[] = "[](\")( b.md&amp;JaVa}a[ ]<script>x";
	static const char *const ends[] = { "[x](", "![](", "a\n[b](c \"", "[x](<" };
	struct markdown_result r;

	CHECK(markdown_render(&r, mem, 4, NULL) == 0);
	CHECK_STR(r.html.ptr, "<p>[](&quot;</p>\n");
	markdown_result_release(&r);
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t n = strlen(ends[i]);
		char *exact = malloc(n);
		memcpy(exact, ends[i], n);
		CHECK(markdown_render(&r, exact, n, NULL) == 0);
		CHECK_LACKS(r.html.ptr, "<a");
		markdown_result_release(&r);
		free(exact);
	}
}

TEST(final_line_break_changes_nothing)
{
	struct markdown_result a, b;
	CHECK(render(&a, "# T\n\ntext [l](u)") == 0);
	CHECK(render(&b, "# T\n\ntext [l](u)\n") == 0);
	CHECK_STR(a.html.ptr, b.html.ptr);
	CHECK_STR(a.text.ptr, b.text.ptr);
	markdown_result_release(&a);
	markdown_result_release(&b);
}

TEST(empty_input)
{
	struct markdown_result r;
	CHECK(markdown_render(&r, "", 0, NULL) == 0);
	CHECK_STR(r.html.ptr, "");
	CHECK_STR(r.text.ptr, "");
	CHECK(r.title == NULL && r.ntoc == 0);
	markdown_result_release(&r);
	CHECK(markdown_render(&r, NULL, 0, NULL) == 0);
	markdown_result_release(&r);
}

TEST(large_document_renders)
{
	static const char chunk[] =
		"## Section heading\n\nSome *text* with a [link](../other.md) and "
		"`code` and www.example.com.\n\n- item one\n- [ ] task\n\n"
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\necho hi\n```\n\n";
	size_t size = 5u << 20, n = 0, clen = sizeof(chunk) - 1;
	char *md = malloc(size + clen + 1);
	struct markdown_result r;
	clock_t t0 = clock();

	while (n < size) {
		memcpy(md + n, chunk, clen);
		n += clen;
	}
	md[n] = '\0';
	CHECK(markdown_render(&r, md, n, NULL) == 0);
	CHECK(r.html.len > n);
	CHECK(r.ntoc == n / clen);
	if (r.ntoc == n / clen) {
		struct buf id = BUF_INIT;
		buf_printf(&id, "section-heading-%zu", r.ntoc - 1);
		CHECK_STR(r.toc[r.ntoc - 1].id, id.ptr);
		buf_release(&id);
	}
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	markdown_result_release(&r);
	free(md);
}

/* ---------------------------------------------------------------- resolve */

struct seen {
	char urls[16][64];
	int lines[16];
	int images[16];
	int n;
};

static enum markdown_link_action resolver(struct buf *out, const char *url,
					  int is_image, int line, void *userdata)
{
	struct seen *s = userdata;
	if (s->n < 16) {
		snprintf(s->urls[s->n], sizeof(s->urls[0]), "%s", url);
		s->lines[s->n] = line;
		s->images[s->n] = is_image;
		s->n++;
	}
	if (strstr(url, "drop"))
		return MARKDOWN_LINK_DROP;
	if (strstr(url, "evil")) {
		buf_puts(out, "javascript:alert(1)");
		return MARKDOWN_LINK_REWRITE;
	}
	if (strstr(url, ".md")) {
		buf_puts(out, "../");
		buf_put(out, url, strlen(url) - 3);
		buf_puts(out, "/");
		return MARKDOWN_LINK_REWRITE;
	}
	return MARKDOWN_LINK_KEEP;
}

TEST(resolve_rewrites_drops_and_keeps)
{
	struct markdown_result r;
	struct seen s = { .n = 0 };
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.resolve = resolver;
	o.userdata = &s;
	CHECK(render_opts(&r,
			  "[a](guide.md) [b](drop/me) [c](pic.png) ![i](img/x.png) "
			  "[d](https://x.y) [e](#top) [f](//h/x) [g](evil)\n",
			  &o) == 0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"../guide/\">a</a>");
	CHECK_CONTAINS(r.html.ptr, " b ");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"pic.png\">c</a>");
	CHECK_CONTAINS(r.html.ptr, "<img src=\"img/x.png\" alt=\"i\" loading=\"lazy\">");
	CHECK_CONTAINS(r.html.ptr, " g</p>");
	check_inert(r.html.ptr);
	CHECK(s.n == 5); /* absolute, fragment and network-path URLs are not asked */
	CHECK_STR(s.urls[0], "guide.md");
	CHECK_STR(s.urls[3], "img/x.png");
	CHECK(s.images[3] == 1 && s.images[0] == 0);
	markdown_result_release(&r);
}

/* A network path is another host: written as https:, its backslashes as
 * the slashes a browser reads them as (from file://, "//host" would be a
 * file share, fetched for an image without a click). */
TEST(network_paths_are_written_as_https)
{
	struct markdown_result r;
	CHECK(render(&r, "[a](//h.example/x) ![i](//share\\i.png)\n\n"
			 "<a href=\"/\\evil.example\">b</a> <img src=\"\\\\attacker\\x.png\">\n") ==
	      0);
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://h.example/x\">a</a>");
	CHECK_CONTAINS(r.html.ptr, "src=\"https://share/i.png\"");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"https://evil.example\">b</a>");
	CHECK_CONTAINS(r.html.ptr, "src=\"https://attacker/x.png\"");
	CHECK_LACKS(r.html.ptr, "\\");
	markdown_result_release(&r);
}

TEST(resolve_gets_decoded_url)
{
	struct markdown_result r;
	struct seen s = { .n = 0 };
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.resolve = resolver;
	o.userdata = &s;
	CHECK(render_opts(&r, "[a](a&amp;b\\(c\\).png)\n", &o) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.urls[0], "a&b(c).png");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"a&amp;b(c).png\">a</a>");
	markdown_result_release(&r);
}

TEST(resolve_line_numbers_with_offset)
{
	struct markdown_result r;
	struct seen s = { .n = 0 };
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.resolve = resolver;
	o.userdata = &s;
	o.line_offset = 5;
	CHECK(render_opts(&r,
			  "[one](a.png)\n"			   /* 1 */
			  "text x(1).png here\n"		   /* 2 */
			  "[two](x\\(1\\).png) [three](b.png)\r\n" /* 3 */
			  "\n"					   /* 4 */
			  "> - ![img](c&amp;d.png)\n"		   /* 5 */
			  "\n"					   /* 6 */
			  "[ref][r]\n"				   /* 7 */
			  "\n"					   /* 8 */
			  "[again](x\\(1\\).png)\n"		   /* 9 */
			  "\n"					   /* 10 */
			  "[r]: ref&amp;x.png\n",		   /* 11 */
			  &o) == 0);
	CHECK(s.n == 6);
	CHECK_STR(s.urls[1], "x(1).png");
	CHECK(s.lines[0] == 6);
	CHECK(s.lines[1] == 8);
	CHECK(s.lines[2] == 8);
	CHECK(s.lines[3] == 10);
	CHECK(s.lines[4] == 16);
	CHECK(s.lines[5] == 14);
	markdown_result_release(&r);
}

/* A reference link used three times is resolved once, at its
 * definition's line, and each use gets the same answer. */
TEST(resolve_asks_once_per_reference)
{
	struct markdown_result r;
	struct seen s = { .n = 0 };
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.resolve = resolver;
	o.userdata = &s;
	CHECK(render_opts(&r,
			  "[a][g] and [b][g]\n\n[c][g] [d](other.md)\n\n"
			  "[g]: guide.md\n",
			  &o) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.urls[0], "guide.md");
	CHECK(s.lines[0] == 5);
	CHECK_STR(s.urls[1], "other.md");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"../guide/\">a</a> and "
				   "<a href=\"../guide/\">b</a>");
	CHECK_CONTAINS(r.html.ptr, "<a href=\"../guide/\">c</a>");
	markdown_result_release(&r);
}

TEST(missing_link_advice_for_addresses_without_scheme)
{
	static const struct {
		const char *url, *want;
	} cases[] = {
		{ "www.example.org/a/b", "did you mean \"https://www.example.org/a/b\"?" },
		{ "www.boost.org", "did you mean \"https://www.boost.org\"?" },
		{ "play.rust-lang.org/", "did you mean \"https://play.rust-lang.org/\"?" },
		{ "docs/guide.md", "fix or remove it" },
		{ "config.md#x", "fix or remove it" },
		{ "v1.2/notes.md", "fix or remove it" },
		{ "../x.md", "fix or remove it" },
		{ "example.org", "fix or remove it" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf b = BUF_INIT;
		markdown_missing_link_advice(&b, cases[i].url);
		CHECK_STR(b.ptr, cases[i].want);
		buf_release(&b);
	}
}

TEST(resolve_sees_raw_html_urls)
{
	struct markdown_result r;
	struct seen s = { .n = 0 };
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	o.resolve = resolver;
	o.userdata = &s;
	o.line_offset = 2;
	CHECK(render_opts(&r,
			  "text\n"					 /* 1 */
			  "\n"						 /* 2 */
			  "<p align=\"center\">\n"			 /* 3 */
			  "  <img src=\"docs/diagram.svg\" alt=\"d\">\n" /* 4 */
			  "</p>\n"					 /* 5 */
			  "\n"						 /* 6 */
			  "see <a href=\"guide.md\">the guide</a>, "
			  "<a href=\"https://x.y\">x</a> and <a\n" /* 7 */
			  "href=\"drop.md\">gone</a>\n"		   /* 8 */
			  "\n"					   /* 9 */
			  "> <picture><source srcset=\"dark.png\"><img src=\"evil.png\" alt=\"e\"></picture>\n",
			  &o) == 0);
	CHECK(s.n == 5);
	CHECK_STR(s.urls[0], "docs/diagram.svg");
	CHECK(s.images[0] == 1 && s.lines[0] == 6);
	CHECK_STR(s.urls[1], "guide.md");
	CHECK(s.images[1] == 0 && s.lines[1] == 9);
	CHECK_STR(s.urls[2], "drop.md");
	CHECK(s.lines[2] == 9);
	CHECK_STR(s.urls[3], "dark.png");
	CHECK(s.images[3] == 1 && s.lines[3] == 12);
	CHECK_STR(s.urls[4], "evil.png");
	CHECK_CONTAINS(r.html.ptr,
		       "<img src=\"docs/diagram.svg\" alt=\"d\" loading=\"lazy\">");
	CHECK_CONTAINS(r.html.ptr, "see <a href=\"../guide/\">the guide</a>, ");
	CHECK_CONTAINS(r.html.ptr, " and <a>gone</a>");
	CHECK_CONTAINS(r.html.ptr, "<source srcset=\"dark.png\">e</picture>");
	check_inert(r.html.ptr);
	markdown_result_release(&r);
}

static enum markdown_link_action count_calls(struct buf *out, const char *url,
					     int is_image, int line, void *userdata)
{
	(void)out, (void)url, (void)is_image, (void)line;
	++*(int *)userdata;
	return MARKDOWN_LINK_KEEP;
}

TEST(line_search_stays_linear)
{
	/* every reference's URL must be searched for (it holds an entity) and
	 * lies at the far end: without a bound this is quadratic */
	size_t refs = 20000, n = 0;
	char *md = malloc(refs * 5 + 64);
	struct markdown_result r;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	int calls = 0;
	clock_t t0 = clock();

	for (size_t i = 0; i < refs; i++) {
		memcpy(md + n, "[r]\n\n", 5);
		n += 5;
	}
	memcpy(md + n, "[r]: a&amp;b\n", 14);
	n += 14;
	o.resolve = count_calls;
	o.userdata = &calls;
	CHECK(markdown_render(&r, md, n, &o) == 0);
	/* asked once per (URL, line): the definition's line, or 0 once the
	 * search's budget is spent */
	CHECK(calls >= 1 && calls <= 2);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	markdown_result_release(&r);
	free(md);
}

int main(void)
{
	RUN(gitlab_toc_marker_is_the_table_of_contents);
	RUN(inertness_check_catches_active_markup);
	RUN(paragraph_and_emphasis);
	RUN(heading_gets_slug_id);
	RUN(slug_rules);
	RUN(duplicate_headings_get_numbered_ids);
	RUN(empty_slug_becomes_section);
	RUN(toc_collects_headings);
	RUN(title_is_leading_h1);
	RUN(strip_title_drops_leading_h1_only);
	RUN(lists_ordered_with_start);
	RUN(loose_list_has_paragraphs);
	RUN(task_list_items);
	RUN(blockquote_and_hr);
	RUN(code_block_language_is_sanitised);
	RUN(table_with_alignment);
	RUN(hard_and_soft_breaks);
	RUN(entities_are_decoded_then_escaped);
	RUN(plain_text_separates_blocks);
	RUN(links_keep_safe_schemes);
	RUN(link_href_is_percent_encoded);
	RUN(www_autolinks_get_http);
	RUN(reference_links);
	RUN(url_safe_classifies);
	RUN(network_paths_are_written_as_https);
	RUN(raw_html_off_escapes_it_all);
	RUN(raw_html_is_sanitized);
	RUN(readme_html_is_kept);
	RUN(raw_html_nests_inside_markdown);
	RUN(raw_html_in_headings_and_links);
	RUN(raw_html_hostile_cases_are_inert);
	RUN(javascript_links_lose_their_link);
	RUN(dropped_link_keeps_its_text);
	RUN(unsafe_images_become_alt_text);
	RUN(images_have_plain_alt_and_lazy_loading);
	RUN(attribute_breakout_is_escaped);
	RUN(deep_nesting_does_not_crash);
	RUN(nested_images_and_links);
	RUN(nul_bytes_become_replacement);
	RUN(invalid_utf8_is_repaired);
	RUN(link_opener_at_end_of_input_reads_nothing_past_it);
	RUN(final_line_break_changes_nothing);
	RUN(empty_input);
	RUN(large_document_renders);
	RUN(resolve_rewrites_drops_and_keeps);
	RUN(resolve_gets_decoded_url);
	RUN(resolve_line_numbers_with_offset);
	RUN(resolve_asks_once_per_reference);
	RUN(missing_link_advice_for_addresses_without_scheme);
	RUN(resolve_sees_raw_html_urls);
	RUN(line_search_stays_linear);
	return harness_report();
}
