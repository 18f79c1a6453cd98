#include "outline.h"

#include <string.h>

#include "frontmatter.h"
#include "harness.h"

TEST(outline_keeps_file_lines_and_structure)
{
	struct arena a;
	struct outline ol;
	const char *src = "Intro line one\nline *two*\n\n"
			  "- [x] done @a\n  - nested\n- plain\n\n"
			  "| A | B |\n|---|---|\n| ~~x~~ y | [l](u) |\n";
	arena_init(&a);
	CHECK(outline_parse(&ol, &a, src, strlen(src), 10) == 0);
	CHECK(ol.len == 6);
	CHECK(ol.blocks[0].kind == OUTLINE_PARA);
	CHECK_STR(ol.blocks[0].text, "Intro line one\nline two");
	CHECK(ol.blocks[0].nlines == 2);
	CHECK(ol.blocks[0].lines[1] == 11);
	CHECK(ol.blocks[1].kind == OUTLINE_ITEM && ol.blocks[1].task == 2);
	CHECK_STR(ol.blocks[1].text, "done @a");
	CHECK(ol.blocks[1].line == 13 && ol.blocks[1].depth == 0);
	CHECK(ol.blocks[2].depth == 1 && ol.blocks[2].line == 14);
	CHECK(ol.blocks[3].task == 0 && ol.blocks[3].line == 15);
	CHECK(ol.blocks[4].kind == OUTLINE_ROW && ol.blocks[4].level == 1);
	CHECK(ol.blocks[5].ncells == 2 && ol.blocks[5].line == 19);
	CHECK(ol.blocks[5].cells[0].struck && !ol.blocks[5].cells[1].struck);
	CHECK_STR(ol.blocks[5].href, "u");
	arena_release(&a);
}

/* Blocks at the same depth follow one another in a frame's storage
 * (kept, not freed, between blocks): a short block after a long one, a
 * link-less one after a linked one, keep nothing of it. */
TEST(a_block_keeps_nothing_of_the_block_before_it)
{
	struct arena a;
	struct outline ol;
	const char *src = "A [long](x) first\nparagraph of\nthree lines\n\n"
			  "b\n\n"
			  "- one ~~two~~\n  more\n  - deep [d](y)\n    deeper\n"
			  "- c\n  - e\n\n"
			  "| H |\n|---|\n| [r](z) long cell |\n| s |\n";
	arena_init(&a);
	CHECK(outline_parse(&ol, &a, src, strlen(src), 1) == 0);
	CHECK(ol.len == 9);
	CHECK_STR(ol.blocks[0].text, "A long first\nparagraph of\nthree lines");
	CHECK_STR(ol.blocks[0].href, "x");
	CHECK_STR(ol.blocks[1].text, "b");
	CHECK(ol.blocks[1].nlines == 1 && ol.blocks[1].line == 5);
	CHECK(ol.blocks[1].href == NULL && !ol.blocks[1].struck);
	CHECK_STR(ol.blocks[2].text, "one two\nmore");
	CHECK_STR(ol.blocks[3].text, "deep d\ndeeper");
	CHECK_STR(ol.blocks[3].href, "y");
	CHECK_STR(ol.blocks[4].text, "c");
	CHECK(ol.blocks[4].nlines == 1 && ol.blocks[4].line == 11);
	CHECK_STR(ol.blocks[5].text, "e");
	CHECK(ol.blocks[5].href == NULL && ol.blocks[5].nlines == 1);
	CHECK(ol.blocks[7].ncells == 1 && ol.blocks[8].ncells == 1);
	CHECK_STR(ol.blocks[7].cells[0].text, "r long cell");
	CHECK_STR(ol.blocks[8].cells[0].text, "s");
	CHECK(ol.blocks[8].href == NULL && ol.blocks[8].line == 17);
	arena_release(&a);
}

TEST(next_line_walks_a_blocks_lines_with_their_file_lines)
{
	struct arena a;
	struct outline ol;
	struct outline_cursor c = OUTLINE_CURSOR_INIT;
	const char *src = "# T\n\nStatus: draft\nDate: 2024-01-02\n";
	const char *s;
	size_t n;
	int line;

	arena_init(&a);
	CHECK(outline_parse(&ol, &a, src, strlen(src), 3) == 0);
	CHECK(ol.len == 2 && ol.blocks[0].kind == OUTLINE_HEADING);
	CHECK(outline_next_line(&ol.blocks[1], &c, &s, &n, &line) == 1);
	CHECK(n == 13 && memcmp(s, "Status: draft", n) == 0 && line == 5);
	CHECK(outline_next_line(&ol.blocks[1], &c, &s, &n, &line) == 1);
	CHECK(n == 16 && line == 6);
	CHECK(outline_next_line(&ol.blocks[1], &c, &s, &n, &line) == 0);
	arena_release(&a);
}

TEST(bom_code_blocks_and_comments_are_left_out)
{
	struct arena a;
	struct outline ol;
	const char *src = "\xEF\xBB\xBF<!-- only -->\n\n```\nStatus: x\n```\n"
			  "a &amp; b<!-- c\nd --> e\n";
	arena_init(&a);
	CHECK(outline_parse(&ol, &a, src, strlen(src), 1) == 0);
	CHECK(ol.len == 1);
	CHECK_STR(ol.blocks[0].text, "a & b\n e");
	CHECK(ol.blocks[0].line == 6 && ol.blocks[0].nlines == 2);
	CHECK(outline_parse(&ol, &a, NULL, 0, 1) == 0 && ol.len == 0);
	arena_release(&a);
}

/* A template's comment block before the title (KEPs open with one) holds
 * list items and paragraphs in blank-line-separated parts: none of them is
 * read, and the title heading is the first block, on its file line. */
TEST(leading_comment_block_is_left_out)
{
	struct arena a;
	struct outline ol;
	const char *src = "<!-- **Note:** when done, remove these.\n\n"
			  "- [ ] **Pick a SIG.**\n\nText. -->\r\n"
			  "# KEP-1: Title\n\n<!-- toc -->\n- [x] kept @a\n";
	arena_init(&a);
	CHECK(outline_parse(&ol, &a, src, strlen(src), 3) == 0);
	CHECK(ol.len == 2);
	CHECK(ol.blocks[0].kind == OUTLINE_HEADING && ol.blocks[0].level == 1);
	CHECK_STR(ol.blocks[0].text, "KEP-1: Title");
	CHECK(ol.blocks[0].line == 8);
	CHECK(ol.blocks[1].kind == OUTLINE_ITEM && ol.blocks[1].line == 11);
	arena_release(&a);
}

TEST(words_and_key_values)
{
	const char *s = "  **x", *k, *v;
	size_t kn, vn;

	CHECK(outline_words_eq("Decision-Makers", 15, "decision makers"));
	CHECK(outline_words_eq(" decision__makers ", 18, "decision makers"));
	CHECK(!outline_words_eq("decision", 8, "decision makers"));
	CHECK(!outline_words_eq("decisions makers", 16, "decision makers"));
	s = "RFC PR #: [#12](u)";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(kn == 6 && memcmp(k, "RFC PR", 6) == 0);
	CHECK(vn == 8 && memcmp(v, "[#12](u)", 8) == 0);
	s = "Last updated: January 26, 2017<br>";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(vn == 16 && memcmp(v, "January 26, 2017", 16) == 0);
	s = "Author: Russ Cox <BR />";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(vn == 8 && memcmp(v, "Russ Cox", 8) == 0);
	s = "Date: 2017-01-26<br/>";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(vn == 10 && memcmp(v, "2017-01-26", 10) == 0);
	s = "Author(s): Jason Buberel";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(kn == 9 && memcmp(k, "Author(s)", 9) == 0);
	CHECK(outline_words_eq(k, kn, "author(s)"));
	s = "Tags: <abbr>";
	CHECK(outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	CHECK(vn == 6 && memcmp(v, "<abbr>", 6) == 0);
	s = "Status: <br>";
	CHECK(!outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	s = "Status:   ";
	CHECK(!outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	s = "1. Status: x";
	CHECK(!outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	s = "a#b: x";
	CHECK(!outline_key_value(s, strlen(s), &k, &kn, &v, &vn));
	s = " \t x \n";
	vn = strlen(s);
	v = outline_trim(s, &vn);
	CHECK(vn == 1 && *v == 'x');
	CHECK(outline_blank(" \t\r\n", 4) && !outline_blank(" x", 2));
	CHECK(outline_starts_with("ADR-7", 5, "adr") &&
	      !outline_starts_with("AD", 2, "adr"));
}

TEST(front_matter_fields_read_loosely)
{
	struct arena a;
	struct frontmatter fm;
	const char **names;
	const char *src = "---\nDecision-Makers: ['@ann', {name: bob}, '']\n"
			  "title: '  T  '\nauthors: 'a; b,'\n---\n";
	arena_init(&a);
	CHECK(frontmatter_parse(&fm, &a, src, strlen(src), NULL) == 0);
	CHECK(frontmatter_names(&a, frontmatter_get(fm.meta, "decision makers"),
				&names) == 2);
	CHECK_STR(names[0], "ann");
	CHECK_STR(names[1], "bob");
	CHECK_STR(frontmatter_text(&a, frontmatter_get(fm.meta, "title")), "T");
	CHECK(frontmatter_names(&a, frontmatter_get(fm.meta, "authors"), &names) == 2);
	CHECK_STR(names[1], "b");
	CHECK(frontmatter_get(fm.meta, "status") == NULL);
	CHECK(frontmatter_names_text(&a, NULL, 0, &names) == 0 && names == NULL);
	arena_release(&a);
}

int main(void)
{
	RUN(outline_keeps_file_lines_and_structure);
	RUN(a_block_keeps_nothing_of_the_block_before_it);
	RUN(next_line_walks_a_blocks_lines_with_their_file_lines);
	RUN(bom_code_blocks_and_comments_are_left_out);
	RUN(leading_comment_block_is_left_out);
	RUN(words_and_key_values);
	RUN(front_matter_fields_read_loosely);
	return harness_report();
}
