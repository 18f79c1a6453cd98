#include "mdtape.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "markdown.h"
#include "outline.h"

/* Each relative URL with the line it was found on, rewritten so that the
 * page shows both. */
static enum markdown_link_action resolve(struct buf *out, const char *url,
					 int is_image, int line, void *userdata)
{
	(void)userdata;
	buf_printf(out, "r/%s#%d-%d", url, is_image, line);
	return MARKDOWN_LINK_REWRITE;
}

/* Renders text (raw HTML on or off) by parsing it and by playing tape
 * back: 1 when the two say the same (html, plain text, title, contents),
 * 0 when not, -1 when the tape did not fit. */
static int same_page(const char *text, size_t len, const struct buf *tape, int raw)
{
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	struct markdown_result parsed, played;
	o.resolve = resolve;
	o.line_offset = 3;
	o.strip_title = 1;
	o.raw_html = raw;
	int rc = markdown_render(&parsed, text, len, &o);
	o.tape = tape->ptr;
	o.tape_len = tape->len;
	o.valid_utf8 = 1; /* as a document's page: repaired by the crawl */
	int rc2 = markdown_render(&played, text, len, &o);
	int same = rc == rc2 && parsed.html.len == played.html.len &&
		   !memcmp(parsed.html.ptr, played.html.ptr, parsed.html.len) &&
		   parsed.text.len == played.text.len &&
		   !memcmp(parsed.text.ptr, played.text.ptr, parsed.text.len) &&
		   !parsed.title == !played.title &&
		   (!parsed.title || !strcmp(parsed.title, played.title)) &&
		   parsed.ntoc == played.ntoc;
	for (size_t i = 0; same && i < parsed.ntoc; i++)
		same = !strcmp(parsed.toc[i].id, played.toc[i].id) &&
		       !strcmp(parsed.toc[i].text, played.toc[i].text);
	if (!same)
		fprintf(stderr, "parsed:\n%s\nplayed:\n%s\n", parsed.html.ptr,
			played.html.ptr);
	markdown_result_release(&parsed);
	markdown_result_release(&played);
	return same;
}

/* The tape the crawl makes of text (outline_parse_tape). */
static void record(struct buf *tape, const char *text, size_t len)
{
	struct arena a;
	struct outline ol;
	arena_init(&a);
	outline_parse_tape(&ol, &a, text, len, 1, tape);
	arena_release(&a);
}

static const char *const texts[] = {
	"# Title\n\nSome *em* and **strong** and ~~gone~~ and `co\nde`.\n",
	"\n\n  \n# After blank lines\n\n- [ ] open\n- [x] done\n  - nested\n",
	"1) one\n2) two\n\n7. seven\n\n---\n\n> quoted\n> lines\n",
	"```c title=\"a&amp;b\"\nint x;\n```\n\n    indented\n    code\n",
	"~~~py\\&x e&lt;\n~~~\n",
	"[link](rel/a.md \"the *title*\") and [esc](b\\_c.md) and "
	"[ent](d&amp;e.md) and <https://x.example/a?b&c>\n",
	"![alt *text*](img.png \"t\") ![two](a\\(b\\).png)\n\n[ref]: r.md\n"
	"\nuse [ref] and [ref][]\n",
	"| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| x | y |\n",
	"line one  \nhard break\\\nand &copy; &#169; &#xA9; &bogus;\n",
	"## Heading one\n\ntext\n\n## Heading one\n\n### Deep *x*\n\n[TOC]\n",
	"www.example.com and https://example.org/p?q and mail@example.com\n",
	"no newline at the end",
	"",
	"\n\n\n",
	"caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80\n\n- \xC3\xA9\n",
	"Text\r\nwith CR LF\r\n\r\n- item\r\n",
	"* a\n\n* b\n\n  para in b\n\n* c\n",
	"Setext\n======\n\nOther\n-----\n",
	"[Title with link](x.md)\n====\n",
};

/* Every kind of block, span, text and attribute, played back as md4c
 * said it, with raw HTML on and off (the texts hold no '<'). */
TEST(played_back_pages_are_the_parsed_pages)
{
	struct buf tape = BUF_INIT;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		size_t len = strlen(texts[i]);
		record(&tape, texts[i], len);
		CHECK(tape.len > 0);
		CHECK(same_page(texts[i], len, &tape, 0) == 1);
		CHECK(same_page(texts[i], len, &tape, 1) == 1);
	}
	buf_release(&tape);
}

/* The render plays the tape, not the text: a tape of another text of the
 * same size shows that text's structure (its pieces of text are offsets
 * into the text played to). */
TEST(the_render_plays_the_tape_back)
{
	const char *a = "# Alpha\n\nzz\n", *b = "- Omega\n\nzz\n";
	struct buf tape = BUF_INIT;
	struct markdown_result r;
	struct markdown_opts o = MARKDOWN_OPTS_INIT;
	record(&tape, a, strlen(a));
	o.tape = tape.ptr;
	o.tape_len = tape.len;
	CHECK(markdown_render(&r, b, strlen(b), &o) == 0);
	CHECK_CONTAINS(r.html.ptr, "<h1 id=\"omega\">Omega</h1>");
	CHECK_LACKS(r.html.ptr, "<li>");
	markdown_result_release(&r);
	buf_release(&tape);
}

/* Raw HTML: the crawl's parse leaves it out, so its tape serves a page
 * with raw HTML on only when the text holds no '<'. */
TEST(a_tape_fits_its_text_and_flags_only)
{
	const char *html = "<div>\n*x*\n</div>\n\ntext <b>bold</b>\n";
	const char *plain = "plain *text*\n";
	struct buf tape = BUF_INIT;
	unsigned gh = MD_DIALECT_GITHUB;

	record(&tape, html, strlen(html));
	CHECK(tape.len > 0);
	CHECK(mdtape_fits(tape.ptr, tape.len, (MD_SIZE)strlen(html), gh | MD_FLAG_NOHTML));
	CHECK(!mdtape_fits(tape.ptr, tape.len, (MD_SIZE)strlen(html), gh));
	CHECK(same_page(html, strlen(html), &tape, 0) == 1);
	CHECK(same_page(html, strlen(html), &tape, 1) == 1); /* parsed */

	record(&tape, plain, strlen(plain));
	CHECK(mdtape_fits(tape.ptr, tape.len, (MD_SIZE)strlen(plain), gh));
	CHECK(!mdtape_fits(tape.ptr, tape.len, (MD_SIZE)strlen(plain) + 1, gh));
	CHECK(!mdtape_fits(tape.ptr, tape.len, (MD_SIZE)strlen(plain),
			   gh | MD_FLAG_TABLES | MD_FLAG_UNDERLINE));
	CHECK(!mdtape_fits(NULL, 0, 0, gh));
	/* cut short: no END */
	CHECK(!mdtape_fits(tape.ptr, tape.len - 4, (MD_SIZE)strlen(plain), gh));
	buf_release(&tape);
}

/* What the outline skips and md4c would not (a comment, a byte order
 * mark) leaves no tape: the page parses. */
TEST(no_tape_when_the_outline_skips_what_the_page_reads)
{
	const char *texts2[] = { "<!-- toc -->\n# T\n", "\xEF\xBB\xBF# T\n" };
	struct buf tape = BUF_INIT;
	for (size_t i = 0; i < 2; i++) {
		buf_put(&tape, "junk", 4);
		record(&tape, texts2[i], strlen(texts2[i]));
		CHECK(tape.len == 0);
	}
	buf_release(&tape);
}

/* A tape damaged inside (a word changed) is not trusted past the damage:
 * playing returns -1 or stops without reading outside it. */
TEST(a_damaged_tape_is_not_read_outside_itself)
{
	const char *t = texts[5];
	struct buf tape = BUF_INIT;
	record(&tape, t, strlen(t));
	size_t words = tape.len / 4;
	uint32_t *w = (uint32_t *)tape.ptr;
	for (size_t i = 4; i + 1 < words; i++) {
		uint32_t keep = w[i];
		w[i] = 0xfffffff0u;
		struct markdown_result r;
		struct markdown_opts o = MARKDOWN_OPTS_INIT;
		o.tape = tape.ptr;
		o.tape_len = tape.len;
		markdown_render(&r, t, strlen(t), &o);
		markdown_result_release(&r);
		w[i] = keep;
	}
	CHECK(same_page(t, strlen(t), &tape, 1) == 1);
	buf_release(&tape);
}

/* Texts made of random pieces: whatever md4c makes of them, the played
 * back page is the parsed page. */
TEST(random_texts_play_back_alike)
{
	static const char *const pieces[] = {
		"# ",	   "## ",      "- ",	  "* ",		 "1. ",
		"2) ",	   "> ",       "    ",	  "```",	 "~~~",
		"\n",	   "\n\n",     "  \n",	  "*",		 "**",
		"_",	   "~~",       "`",	  "[",		 "]",
		"(",	   ")",	       "![",	  "](a.md",	 " \"t\"",
		"\\",	   "&amp;",    "&#65;",	  "| a |",	 "|---",
		"|:-:|",   "- [ ] ",   "- [x] ",  "word",	 " ",
		"\t",	   "---",      "===",	  "x.md",	 "http://e.x/",
		"www.e.x", "\xC3\xA9", "\r\n",	  "[r]: u.md\n", "[r]",
		"<b>",	   "</b>",     "<div>\n",
	};
	size_t npieces = sizeof(pieces) / sizeof(*pieces);
	struct buf text = BUF_INIT, tape = BUF_INIT;
	unsigned seed = 12345;
	int bad = 0;
	for (int n = 0; n < 1000 && !bad; n++) {
		buf_clear(&text);
		int k = 1 + n % 40;
		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_puts(&text, pieces[(seed >> 16) % npieces]);
		}
		record(&tape, text.ptr, text.len);
		if (!tape.len)
			continue; /* a leading piece the outline skips */
		bad = same_page(text.ptr, text.len, &tape, 0) != 1 ||
		      same_page(text.ptr, text.len, &tape, 1) != 1;
		if (bad)
			fprintf(stderr, "text: \"%s\"\n", text.ptr);
	}
	CHECK(!bad);
	buf_release(&text);
	buf_release(&tape);
}

int main(void)
{
	RUN(played_back_pages_are_the_parsed_pages);
	RUN(the_render_plays_the_tape_back);
	RUN(a_tape_fits_its_text_and_flags_only);
	RUN(no_tape_when_the_outline_skips_what_the_page_reads);
	RUN(a_damaged_tape_is_not_read_outside_itself);
	RUN(random_texts_play_back_alike);
	return harness_report();
}
