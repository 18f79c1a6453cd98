#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "harness.h"
#include "markdown.h"

/* What the url callback saw, and what it does: keeps safe URLs as Markdown
 * links do, rewrites relative ones under "site/" (images under "img/"),
 * drops those naming "missing". */
struct calls {
	char urls[16][64];
	int images[16];
	size_t at[16];
	int n;
};

static int url_cb(struct buf *url, int is_image, size_t at, void *userdata)
{
	struct calls *c = userdata;
	int relative;
	struct buf tmp = BUF_INIT;

	if (c->n < 16) {
		snprintf(c->urls[c->n], sizeof(c->urls[0]), "%s", url->ptr);
		c->images[c->n] = is_image;
		c->at[c->n] = at;
		c->n++;
	}
	if (!markdown_url_safe(url->ptr, url->len, &relative))
		return 0;
	if (!relative)
		return 1;
	if (strstr(url->ptr, "missing"))
		return 0;
	buf_puts(&tmp, is_image ? "img/" : "site/");
	buf_put(&tmp, url->ptr, url->len);
	buf_clear(url);
	buf_put(url, tmp.ptr, tmp.len);
	buf_release(&tmp);
	return 1;
}

static struct buf out_html = BUF_INIT, out_text = BUF_INIT;
static struct calls calls;

/* Sanitizes in (scope 1) and closes everything: the html, in out_html;
 * the text, in out_text. */
static const char *san_n(const char *in, size_t n)
{
	struct html_sanitizer s = HTML_SANITIZER_INIT;

	memset(&calls, 0, sizeof(calls));
	s.url = url_cb;
	s.userdata = &calls;
	buf_clear(&out_html);
	buf_clear(&out_text);
	html_sanitize(&s, &out_html, &out_text, in, n, 1, 0);
	html_close(&s, &out_html, &out_text, 0, 0);
	html_sanitizer_release(&s);
	return out_html.ptr;
}

static const char *san(const char *in)
{
	return san_n(in, strlen(in));
}

/* Whether html holds a tag that could run something (see test_markdown.c):
 * a script-like element, an on* attribute, a style attribute, or a
 * javascript:, vbscript: or data: URL. */
static int has_active_tag(const char *html)
{
	static const char *const elements[] = { "script",   "iframe", "object",
						"embed",    "svg",    "style",
						"form",	    "math",   "base",
						"meta",	    "link",   "input",
						"textarea", NULL };
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
				   (strncasecmp(q + 1, "on", 2) == 0 ||
				    strncasecmp(q + 1, "style", 5) == 0)) {
				return 1;
			}
		}
		p = end;
	}
	return 0;
}

/* ---------------------------------------------------------------- kept */

TEST(inertness_check_catches_active_markup)
{
	CHECK(has_active_tag("<img src=\"x\" onerror=\"y\">"));
	CHECK(has_active_tag("<p style=\"x\">"));
	CHECK(has_active_tag("<a href=\"javascript:x\">"));
	CHECK(has_active_tag("<svg>"));
	CHECK(!has_active_tag("<a href=\"x\" title=\"onerror\">&lt;script&gt;"));
}

TEST(harmless_elements_are_kept)
{
	CHECK_STR(san("<kbd>Ctrl</kbd>+<kbd>C</kbd> H<sub>2</sub>O x<sup>2</sup><br>"
		      "<b>b</b><i>i</i><em>e</em><strong>s</strong><s>x</s><del>d</del>"
		      "<ins>n</ins><mark>m</mark><small>s</small><abbr title=\"T\">A</abbr>"
		      "<wbr><hr/><code>c</code><var>v</var><samp>s</samp><tt>t</tt><u>u</u>"),
		  "<kbd>Ctrl</kbd>+<kbd>C</kbd> H<sub>2</sub>O x<sup>2</sup><br>"
		  "<b>b</b><i>i</i><em>e</em><strong>s</strong><s>x</s><del>d</del>"
		  "<ins>n</ins><mark>m</mark><small>s</small><abbr title=\"T\">A</abbr>"
		  "<wbr><hr><code>c</code><var>v</var><samp>s</samp><tt>t</tt><u>u</u>");
}

TEST(details_and_summary)
{
	CHECK_STR(san("<details open>\n<summary>More</summary>\nhidden\n</details>"),
		  "<details open>\n<summary>More</summary>\nhidden\n</details>");
	CHECK_STR(san("<details open=\"open\" ontoggle=\"alert(1)\"><summary>x</summary></details>"),
		  "<details open><summary>x</summary></details>");
}

TEST(centered_paragraph_with_logo)
{
	CHECK_STR(san("<p align=\"center\"><img src=\"logo.png\" width=\"100\"></p>"),
		  "<p align=\"center\"><img src=\"img/logo.png\" width=\"100\" "
		  "loading=\"lazy\"></p>");
	CHECK(calls.n == 1);
	CHECK_STR(calls.urls[0], "logo.png");
	CHECK(calls.images[0] == 1);
	CHECK(calls.at[0] == 18);
}

TEST(relative_urls_go_through_the_callback)
{
	CHECK_STR(san("<a href=\"docs/guide.md#x\">g</a> <img src=\"docs/diagram.svg\" alt=\"d\">"
		      " <a href=\"missing.md\">m</a> <img src=\"missing.png\" alt=\"gone\">"),
		  "<a href=\"site/docs/guide.md#x\">g</a> <img src=\"img/docs/diagram.svg\" "
		  "alt=\"d\" loading=\"lazy\"> <a>m</a> gone");
	CHECK(calls.n == 4);
	CHECK(calls.images[0] == 0 && calls.images[1] == 1);
}

TEST(absolute_and_fragment_urls_are_kept)
{
	CHECK_STR(san("<a href=\"https://x.y/a b?c=1&amp;d=2\">x</a><a href=\"#top\">t</a>"
		      "<a href=\"mailto:a@b.c\">m</a><a href=\"//evil.example/\">n</a>"),
		  "<a href=\"https://x.y/a%20b?c=1&amp;d=2\">x</a><a href=\"#top\">t</a>"
		  "<a href=\"mailto:a@b.c\">m</a><a href=\"//evil.example/\">n</a>");
}

TEST(attributes_are_allowlisted_and_checked)
{
	CHECK_STR(san("<td colspan=\"2\" rowspan=x align=CENTER valign=top width=\"50%\" "
		      "class=\"api-method\" style=\"color:red\" bgcolor=red>c</td>"),
		  "<td colspan=\"2\" align=\"center\" valign=\"top\" width=\"50%\">c</td>");
	CHECK_STR(san("<ol start=\"-3\" type=\"a\" reversed><li value=\"7\">x</li></ol>"),
		  "<ol start=\"-3\" type=\"a\" reversed><li value=\"7\">x</li></ol>");
	CHECK_STR(san("<ol type=\"disc\" start=\"1e9\"><li>x</li></ol>"),
		  "<ol><li>x</li></ol>");
	CHECK_STR(san("<p align=\"middle\" dir=\"rtl\" lang=\"ar\" title='a \"q\" &amp; b'>x</p>"),
		  "<p dir=\"rtl\" lang=\"ar\" title=\"a &quot;q&quot; &amp; b\">x</p>");
	CHECK_STR(san("<img src=\"a.png\" width=\"100px\" height=\"20\" src=\"b.png\" "
		      "loading=\"eager\" alt=\"a\">"),
		  "<img src=\"img/a.png\" height=\"20\" alt=\"a\" loading=\"lazy\">");
}

TEST(ids_and_names_are_prefixed)
{
	CHECK_STR(san("<a name=\"install\"></a><span id=\"search\">x</span><div id=\"\">y</div>"),
		  "<a name=\"user-content-install\"></a><span id=\"user-content-search\">x"
		  "</span><div>y</div>");
}

TEST(picture_sources_are_checked)
{
	CHECK_STR(san("<picture><source media=\"(prefers-color-scheme: dark)\" "
		      "srcset=\"dark.png 2x, javascript:alert(1) 1x,https://x.y/a.png 100w\">"
		      "<source srcset=\"data:image/png;base64,AAAA\"><img src=\"light.png\"></picture>"),
		  "<picture><source media=\"(prefers-color-scheme: dark)\" "
		  "srcset=\"img/dark.png 2x, https://x.y/a.png 100w\">"
		  "<img src=\"img/light.png\" loading=\"lazy\"></picture>");
	CHECK_STR(san("<img src=\"a.png\" srcset=\"b.png 2x onerror=alert(1), c.png,, d.png\">"),
		  "<img src=\"img/a.png\" srcset=\"img/c.png, img/d.png\" loading=\"lazy\">");
}

TEST(entities_are_decoded_and_escaped_again)
{
	CHECK_STR(san("<p title=\"&lt;b&gt; &copy; &#x41;&#66;\">&copy; &lt;x&gt; &unknown; &amp;</p>"),
		  "<p title=\"&lt;b&gt; \xC2\xA9 AB\">\xC2\xA9 &lt;x&gt; &amp;unknown; &amp;</p>");
	CHECK_STR(out_text.ptr, "\xC2\xA9 <x> &unknown; &\n");
}

TEST(unquoted_and_uppercase)
{
	CHECK_STR(san("<IMG SRC=Logo.PNG ALT=Up Width=10><DIV ALIGN=center>x</DIV>"),
		  "<img src=\"img/Logo.PNG\" alt=\"Up\" width=\"10\" loading=\"lazy\">"
		  "<div align=\"center\">x</div>");
}

/* ---------------------------------------------------------------- hostile */

TEST(event_handlers_are_dropped)
{
	const char *h =
		san("<img src=x onerror=alert(1)><b onmouseover=\"x\" ONCLICK='y'>b</b>"
		    "<a href=\"https://x.y\" onfocus=alert(1) autofocus>a</a>");
	CHECK(!has_active_tag(h));
	CHECK_STR(h, "<img src=\"img/x\" loading=\"lazy\"><b>b</b><a href=\"https://x.y\">a</a>");
}

TEST(javascript_urls_are_dropped)
{
	static const char *const cases[] = {
		"<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
		"<a href=\"&#106;avascript:alert(1)\">x</a>",
		"<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"<a href=\"java&Tab;script:alert(1)\">x</a>",
		"<a href=\" javascript:alert(1)\">x</a>",
		"<a href=\"javascript&colon;alert(1)\">x</a>",
		"<a href=javascript:alert(1)>x</a>",
		"<a href='vbscript:x'>x</a>",
		"<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
		"<a href=\"java\nscript:alert(1)\">x</a>",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h = san(cases[i]);
		CHECK(!has_active_tag(h));
		CHECK_STR(h, "<a>x</a>");
	}
	CHECK_STR(san("<img src=\"javascript:alert(1)\" alt=\"A <b>\">"), "A &lt;b&gt;");
	CHECK_STR(san("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">"), "");
	CHECK_STR(san("<blockquote cite=\"javascript:x\">q</blockquote>"),
		  "<blockquote>q</blockquote>");
}

TEST(disallowed_elements_are_shown_as_text)
{
	static const char *const cases[] = {
		"<script>alert(1)</script>",
		"<style>body{display:none}</style>",
		"<iframe src=\"https://x.y\"></iframe>",
		"<form action=\"https://x.y\"><input name=a><button>b</button></form>",
		"<object data=x></object><embed src=x>",
		"<svg onload=alert(1)><circle/></svg>",
		"<math><mi>x</mi></math>",
		"<base href=\"https://evil/\"><meta http-equiv=refresh content=0><link rel=stylesheet href=x>",
		"<textarea><img src=x onerror=alert(1)></textarea>",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
		"<template><script>alert(1)</script></template>",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(!has_active_tag(san(cases[i])));
	CHECK_STR(san("<script>alert(1)</script>"),
		  "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_STR(out_text.ptr, "<script>alert(1)</script>");
	CHECK_STR(san("<svg onload=alert(1)>"), "&lt;svg onload=alert(1)&gt;");
	CHECK_STR(san("<center>x</center>"), "&lt;center&gt;x&lt;/center&gt;");
}

TEST(split_script_tag_is_text)
{
	const char *h = san("<scr<script>ipt>alert(1)</scr</script>ipt>");
	CHECK(!has_active_tag(h));
	CHECK_STR(h, "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/scr&lt;/script&gt;ipt&gt;");
}

TEST(malformed_tags_are_text)
{
	CHECK_STR(san("<b"), "&lt;b");
	CHECK_STR(san("<b title=\"x>y"), "&lt;b title=&quot;x&gt;y");
	CHECK_STR(san("<a href=\"x\"title=\"y\">z</a>"),
		  "&lt;a href=&quot;x&quot;title=&quot;y&quot;&gt;z");
	CHECK_STR(san("<b =x>y</b>"), "&lt;b =x&gt;y");
	CHECK_STR(san("< b>x</ b> <1> </>"),
		  "&lt; b&gt;x&lt;/ b&gt; &lt;1&gt; &lt;/&gt;");
	CHECK_STR(san("<img src=`x`>"), "&lt;img src=`x`&gt;");
}

TEST(comments_are_dropped)
{
	CHECK_STR(san("a<!-- <script>alert(1)</script> -->b<!---->c<!-->d<!--->e"
		      "<!-- x --!>f<?php echo 1 ?>g<!DOCTYPE html>h<![CDATA[x]]>i"),
		  "abcdefghi");
	CHECK_STR(out_text.ptr, "abcdefghi");
	CHECK_STR(san("a<!-- never closed <img src=x>"), "a");
	CHECK_STR(san("a<?never closed"), "a");
}

TEST(unbalanced_tags_are_closed)
{
	CHECK_STR(san("<div><b>x"), "<div><b>x</b></div>");
	CHECK_STR(san("<b><i>x</b>y</i>"), "<b><i>x</i></b>y");
	CHECK_STR(san("a</div></b></p>b</br>"), "ab");
	CHECK_STR(san("<ul><li>one<li>two</ul>"), "<ul><li>one<li>two</li></li></ul>");
}

TEST(end_tags_close_only_their_scope)
{
	struct html_sanitizer s = HTML_SANITIZER_INIT;
	struct buf h = BUF_INIT;

	html_sanitize(&s, &h, NULL, "<div align=\"center\">", 20, 1, 0);
	html_sanitize(&s, &h, NULL, "<b>x</div>", 10, 2, 0); /* inside a <p> */
	html_close(&s, &h, NULL, 2, 0);			     /* the </p> */
	html_sanitize(&s, &h, NULL, "</div>", 6, 1, 0);
	CHECK_STR(h.ptr, "<div align=\"center\"><b>x</b></div>");
	CHECK(s.nopen == 0);
	buf_release(&h);
	html_sanitizer_release(&s);
}

TEST(no_link_in_a_link)
{
	struct html_sanitizer s = HTML_SANITIZER_INIT;
	struct buf h = BUF_INIT;

	CHECK_STR(san("<a href=\"https://a\">x <a href=\"https://b\">y</a> z</a>"),
		  "<a href=\"https://a\">x y</a> z");
	s.url = url_cb;
	s.userdata = &calls;
	html_sanitize(&s, &h, NULL, "<a href=\"https://b\">y</a>", 25, 1, HTML_NO_LINKS);
	CHECK_STR(h.ptr, "y");
	CHECK(!html_link_open(&s));
	html_sanitize(&s, &h, NULL, "<a href=\"https://b\">", 20, 1, 0);
	CHECK(html_link_open(&s));
	html_close(&s, &h, NULL, 0, 0);
	CHECK(!html_link_open(&s));
	buf_release(&h);
	html_sanitizer_release(&s);
}

TEST(nesting_is_bounded)
{
	struct buf in = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_puts(&in, "<div>");
	const char *h = san_n(in.ptr, in.len);
	size_t opens = 0, closes = 0;
	for (const char *p = h; (p = strstr(p, "<div>")); p++)
		opens++;
	for (const char *p = h; (p = strstr(p, "</div>")); p++)
		closes++;
	CHECK(opens == HTML_MAX_OPEN);
	CHECK(closes == HTML_MAX_OPEN);
	buf_release(&in);
}

TEST(nul_and_invalid_utf8_become_replacement)
{
	static const char in[] = "<b title=\"a\0b\">x\xff\0y</b>";
	CHECK_STR(san_n(in, sizeof(in) - 1), "<b title=\"a\xEF\xBF\xBD"
					     "b\">x\xEF\xBF\xBD\xEF\xBF\xBDy</b>");
	CHECK_STR(san_n("<scr\0ipt>", 9), "&lt;scr\xEF\xBF\xBDipt&gt;");
}

TEST(text_has_no_tags)
{
	san("<p align=\"center\"><img src=\"a.png\" alt=\"Logo\"> <b>Fast</b></p><p>Next<br>line</p>"
	    "<table><tr><td>a</td><td>b</td></tr></table>");
	CHECK_STR(out_text.ptr, "Logo Fast\nNext\nline\na b ");
}

TEST(no_url_callback_drops_urls)
{
	struct html_sanitizer s = HTML_SANITIZER_INIT;
	struct buf h = BUF_INIT;

	const char *in = "<a href=\"https://x\">x</a><img src=\"https://y\" alt=\"y\">";
	html_sanitize(&s, &h, NULL, in, strlen(in), 1, 0);
	CHECK_STR(h.ptr, "<a>x</a>y");
	buf_release(&h);
	html_sanitizer_release(&s);
}

/* Whether s is k > 0 copies of open followed by k copies of close. */
static int nested(const char *s, const char *open, const char *close)
{
	size_t k = 0, lo = strlen(open), lc = strlen(close);
	while (strncmp(s, open, lo) == 0) {
		s += lo;
		k++;
	}
	for (size_t i = 0; i < k; i++, s += lc)
		if (strncmp(s, close, lc) != 0)
			return 0;
	return k > 0 && *s == '\0';
}

TEST(hostile_input_is_linear)
{
	/* tags that never end, quotes that never close, comments that never
	 * end, and deep nesting: each pass must stay linear, and say what it
	 * should: what never ends is text (escaped in the html), a comment
	 * that never ends is dropped, end tags of nothing are dropped, and
	 * the open elements are all closed */
	static const char *const units[] = { "<a x=\"",	     "<a ", "<",
					     "<!",	     "<b>", "</b>",
					     "<a x='<a x=\"" };
	enum {
		TEXT,
		DROPPED,
		NESTED
	} want[] = { TEXT, TEXT, TEXT, DROPPED, NESTED, DROPPED, TEXT };
	clock_t t0 = clock();
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		struct buf in = BUF_INIT, escaped = BUF_INIT;
		int failed_before = harness_failed;
		for (int i = 0; i < 200000; i++)
			buf_puts(&in, units[u]);
		san_n(in.ptr, in.len);
		switch (want[u]) {
		case TEXT:
			buf_put_html(&escaped, in.ptr, in.len);
			CHECK(strcmp(out_html.ptr, escaped.ptr) == 0);
			CHECK(strcmp(out_text.ptr, in.ptr) == 0);
			break;
		case DROPPED:
			CHECK_STR(out_html.ptr, "");
			CHECK_STR(out_text.ptr, "");
			break;
		case NESTED:
			CHECK(nested(out_html.ptr, "<b>", "</b>"));
			CHECK_STR(out_text.ptr, "");
			break;
		}
		if (harness_failed != failed_before)
			fprintf(stderr, "hostile_input_is_linear: unit %s: %.60s...\n",
				units[u], out_html.ptr);
		buf_release(&escaped);
		buf_release(&in);
	}
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
}

TEST(decode_and_urls)
{
	struct buf b = BUF_INIT;
	const char *in = "&amp;&lt&#0;&#x110000;&#xD800;&#;&;&bogus;&AElig;";
	html_decode(&b, in, strlen(in));
	CHECK_STR(b.ptr, "&&lt\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&#;&;&bogus;\xC3\x86");
	buf_clear(&b);
	in = "a b%zz%41\"<>'&\xC3\xA9";
	html_put_url(&b, in, strlen(in));
	CHECK_STR(b.ptr, "a%20b%25zz%41&quot;&lt;&gt;&#39;&amp;%C3%A9");
	buf_release(&b);
}

int main(void)
{
	RUN(inertness_check_catches_active_markup);
	RUN(harmless_elements_are_kept);
	RUN(details_and_summary);
	RUN(centered_paragraph_with_logo);
	RUN(relative_urls_go_through_the_callback);
	RUN(absolute_and_fragment_urls_are_kept);
	RUN(attributes_are_allowlisted_and_checked);
	RUN(ids_and_names_are_prefixed);
	RUN(picture_sources_are_checked);
	RUN(entities_are_decoded_and_escaped_again);
	RUN(unquoted_and_uppercase);
	RUN(event_handlers_are_dropped);
	RUN(javascript_urls_are_dropped);
	RUN(disallowed_elements_are_shown_as_text);
	RUN(split_script_tag_is_text);
	RUN(malformed_tags_are_text);
	RUN(comments_are_dropped);
	RUN(unbalanced_tags_are_closed);
	RUN(end_tags_close_only_their_scope);
	RUN(no_link_in_a_link);
	RUN(nesting_is_bounded);
	RUN(nul_and_invalid_utf8_become_replacement);
	RUN(text_has_no_tags);
	RUN(no_url_callback_drops_urls);
	RUN(hostile_input_is_linear);
	RUN(decode_and_urls);
	buf_release(&out_html);
	buf_release(&out_text);
	return harness_report();
}
