#include "frontmatter.h"

#include <string.h>

#include "harness.h"

/* Parses src; the arena is the caller's. */
static int parse(struct frontmatter *fm, struct arena *a, const char *src,
		 struct yaml_error *err)
{
	return frontmatter_parse(fm, a, src, strlen(src), err);
}

static const char *body(const struct frontmatter *fm)
{
	static char copy[256];
	size_t n = fm->body_len < sizeof(copy) - 1 ? fm->body_len : sizeof(copy) - 1;
	memcpy(copy, fm->body, n);
	copy[n] = '\0';
	return copy;
}

static const char *meta_str(const struct frontmatter *fm, const char *key)
{
	return val_as_str(val_get(fm->meta, key));
}

TEST(splits_meta_and_body)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\ntitle: Hello\ntags: [a, b]\n---\n# Body\n",
		    &err) == 0);
	CHECK(fm.present);
	CHECK(fm.meta->type == VAL_MAP);
	CHECK_STR(meta_str(&fm, "title"), "Hello");
	CHECK(val_get(fm.meta, "tags")->type == VAL_LIST);
	CHECK_STR(body(&fm), "# Body\n");
	CHECK(fm.body_line == 5);
	arena_release(&a);
}

TEST(meta_lines_are_source_lines)
{
	struct arena a;
	struct frontmatter fm;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\ntitle: x\n\nstatus: draft\n---\n", NULL) == 0);
	CHECK(val_get(fm.meta, "title")->line == 2);
	CHECK(val_get(fm.meta, "status")->line == 4);
	arena_release(&a);
}

TEST(no_front_matter_is_all_body)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	const char *src = "# Title\n\n---\nnot: meta\n---\n";
	arena_init(&a);
	CHECK(parse(&fm, &a, src, &err) == 0);
	CHECK(!fm.present);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	CHECK(fm.body == src && fm.body_len == strlen(src));
	CHECK(fm.body_line == 1);
	CHECK(parse(&fm, &a, "", &err) == 0);
	CHECK(!fm.present && fm.body_len == 0);
	CHECK(parse(&fm, &a, "--", &err) == 0);
	CHECK(!fm.present);
	CHECK(parse(&fm, &a, "----\na: 1\n---\n", &err) == 0);
	CHECK(!fm.present);
	CHECK(parse(&fm, &a, " ---\na: 1\n---\n", &err) == 0);
	CHECK(!fm.present);
	arena_release(&a);
}

TEST(crlf_line_endings)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\r\ntitle: Win\r\nn: 2\r\n---\r\nbody\r\n", &err) == 0);
	CHECK(fm.present);
	CHECK_STR(meta_str(&fm, "title"), "Win");
	CHECK(val_get(fm.meta, "n")->type == VAL_NUM);
	CHECK_STR(body(&fm), "body\r\n");
	CHECK(fm.body_line == 5);
	arena_release(&a);
}

TEST(dash_line_then_eof_is_not_front_matter)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---", &err) == 0);
	CHECK(!fm.present && fm.body_len == 3);
	CHECK(parse(&fm, &a, "---\n", &err) == 0);
	CHECK(!fm.present && fm.body_len == 4);
	CHECK(parse(&fm, &a, "---\r\n", &err) == 0);
	CHECK(!fm.present);
	arena_release(&a);
}

TEST(unterminated_block_is_body)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	const char *src = "---\ntitle: x\n\nSome text\n";
	arena_init(&a);
	CHECK(parse(&fm, &a, src, &err) == 0);
	CHECK(!fm.present);
	CHECK(fm.body == src && fm.body_line == 1);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	/* a "key:" after the opening line: meant as front matter, not closed */
	CHECK(fm.unclosed);
	CHECK(parse(&fm, &a, "---\n\nA rule, then text.\n", &err) == 0);
	CHECK(!fm.present && !fm.unclosed);
	CHECK(parse(&fm, &a, "---\r\nlast-updated: 2024\n", &err) == 0);
	CHECK(fm.unclosed);
	CHECK(parse(&fm, &a, "---\n- a list: item\n", &err) == 0);
	CHECK(!fm.unclosed);
	CHECK(parse(&fm, &a, "---\ntitle: x\n---\n", &err) == 0);
	CHECK(fm.present && !fm.unclosed);
	arena_release(&a);
}

TEST(dots_terminate_the_block)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\ntitle: dots\n...\nbody\n", &err) == 0);
	CHECK(fm.present);
	CHECK_STR(meta_str(&fm, "title"), "dots");
	CHECK_STR(body(&fm), "body\n");
	CHECK(fm.body_line == 4);
	arena_release(&a);
}

TEST(closing_line_at_eof_and_trailing_spaces)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "--- \t\na: 1\n---  ", &err) == 0);
	CHECK(fm.present);
	CHECK(fm.body_len == 0);
	CHECK(fm.body_line == 4);
	CHECK(val_get(fm.meta, "a") != NULL);
	arena_release(&a);
}

TEST(empty_block_is_empty_map)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\n---\nbody", &err) == 0);
	CHECK(fm.present);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	CHECK_STR(body(&fm), "body");
	CHECK(fm.body_line == 3);
	CHECK(parse(&fm, &a, "---\n# only a comment\n\n---\n", &err) == 0);
	CHECK(fm.present && fm.meta->type == VAL_MAP);
	arena_release(&a);
}

TEST(list_front_matter_is_not_a_mapping)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\n\n- a\n- b\n---\nbody\n", &err) == -1);
	CHECK_STR(err.msg, "front matter is not a mapping");
	CHECK(err.line == 3);
	CHECK(fm.present);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	CHECK_STR(body(&fm), "body\n");
	arena_release(&a);
}

TEST(scalar_front_matter_is_not_a_mapping)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\njust a string\n---\nbody\n", &err) == -1);
	CHECK_STR(err.msg, "front matter is not a mapping");
	CHECK(err.line == 2);
	CHECK(fm.meta->type == VAL_MAP);
	CHECK_STR(body(&fm), "body\n");
	arena_release(&a);
}

TEST(yaml_error_line_is_relative_to_source)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\ntitle: ok\nlist: [a, b\nx: y\n---\nbody\n",
		    &err) == -1);
	CHECK(err.msg[0] != '\0');
	CHECK(err.line >= 3 && err.line <= 5);
	CHECK(fm.present);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	CHECK_STR(body(&fm), "body\n");

	CHECK(parse(&fm, &a, "---\na: 1\n  b: 2\n---\n", &err) == -1);
	CHECK(err.line == 3);
	CHECK(parse(&fm, &a, "---\r\na: 1\r\n\r\nb: *nope\r\n---\r\n", &err) == -1);
	CHECK(err.line == 4);
	CHECK_CONTAINS(err.msg, "nope");
	arena_release(&a);
}

TEST(second_document_in_block_is_an_error)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\na: 1\n--- [x]\n---\nbody", &err) == -1);
	CHECK_STR(err.msg, "front matter holds more than one YAML document");
	CHECK(err.line == 3);
	CHECK(fm.meta->type == VAL_MAP && fm.meta->u.map.len == 0);
	CHECK_STR(body(&fm), "body");
	arena_release(&a);
}

TEST(byte_order_mark_is_skipped)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "\xEF\xBB\xBF---\ntitle: bom\n---\nbody", &err) == 0);
	CHECK(fm.present);
	CHECK_STR(meta_str(&fm, "title"), "bom");
	CHECK_STR(body(&fm), "body");
	arena_release(&a);
}

TEST(null_error_pointer_is_allowed)
{
	struct arena a;
	struct frontmatter fm;
	arena_init(&a);
	CHECK(parse(&fm, &a, "---\n- x\n---\n", NULL) == -1);
	CHECK(parse(&fm, &a, "---\n[unclosed\n---\n", NULL) == -1);
	arena_release(&a);
}

/* Hugo's TOML front matter, between "+++" lines: read as the YAML block
 * is; an error's line is the file's; unterminated, it is text. */
TEST(toml_front_matter_between_plus_lines)
{
	struct arena a;
	struct frontmatter fm;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&fm, &a, "+++\ntitle = \"Hugo page\"\ntags = [\"a\"]\n+++\n\nBody.\n",
		    &err) == 0);
	CHECK(fm.present && fm.toml);
	CHECK_STR(meta_str(&fm, "title"), "Hugo page");
	CHECK(val_get(fm.meta, "tags") && val_get(fm.meta, "tags")->type == VAL_LIST);
	CHECK_STR(body(&fm), "\nBody.\n");
	CHECK(fm.body_line == 5);
	CHECK(parse(&fm, &a, "+++\ntitle = 1\ntitle = 2\n+++\nx\n", &err) < 0);
	CHECK(err.line == 3);
	CHECK_STR(body(&fm), "x\n");
	CHECK(parse(&fm, &a, "+++\ntitle = 1\nno end\n", &err) == 0);
	CHECK(!fm.present);
	arena_release(&a);
}

int main(void)
{
	RUN(splits_meta_and_body);
	RUN(meta_lines_are_source_lines);
	RUN(no_front_matter_is_all_body);
	RUN(crlf_line_endings);
	RUN(dash_line_then_eof_is_not_front_matter);
	RUN(unterminated_block_is_body);
	RUN(dots_terminate_the_block);
	RUN(closing_line_at_eof_and_trailing_spaces);
	RUN(empty_block_is_empty_map);
	RUN(list_front_matter_is_not_a_mapping);
	RUN(scalar_front_matter_is_not_a_mapping);
	RUN(yaml_error_line_is_relative_to_source);
	RUN(second_document_in_block_is_an_error);
	RUN(byte_order_mark_is_skipped);
	RUN(null_error_pointer_is_allowed);
	RUN(toml_front_matter_between_plus_lines);
	return harness_report();
}
