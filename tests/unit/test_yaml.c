/* Unit tests of yaml.c's bounds: nesting, and what aliases expand to
 * (nodes, and bytes of text). */
#include "yaml.h"

#include <string.h>

#include "harness.h"

static int parse(struct arena *a, const char *text, struct yaml_error *err)
{
	struct val *docs;
	return yaml_parse_all(&docs, a, text, strlen(text), err);
}

TEST(nesting_past_the_limit_is_refused)
{
	struct arena a;
	struct buf ok = BUF_INIT, deep = BUF_INIT;
	struct yaml_error err;
	arena_init(&a);
	for (int i = 0; i < YAML_MAX_DEPTH; i++)
		buf_putc(&ok, '[');
	for (int i = 0; i < YAML_MAX_DEPTH; i++)
		buf_putc(&ok, ']');
	CHECK(parse(&a, ok.ptr, &err) == 0);
	buf_printf(&deep, "[%s]", ok.ptr);
	CHECK(parse(&a, deep.ptr, &err) < 0);
	CHECK_CONTAINS(err.msg, "nesting deeper than 200 levels");
	buf_release(&ok);
	buf_release(&deep);
	arena_release(&a);
}

TEST(aliases_expanding_to_millions_of_nodes_are_refused)
{
	/* each level holds ten of the one before: 10^7 nodes */
	struct arena a;
	struct buf text = BUF_INIT;
	struct yaml_error err;
	arena_init(&a);
	buf_puts(&text, "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 8; i++) {
		buf_printf(&text, "l%d: &l%d [", i, i);
		for (int j = 0; j < 10; j++)
			buf_printf(&text, "%s*l%d", j ? ", " : "", i - 1);
		buf_puts(&text, "]\n");
	}
	CHECK(parse(&a, text.ptr, &err) < 0);
	CHECK_CONTAINS(err.msg, "more than 2000000 nodes through aliases (an alias bomb?)");
	buf_release(&text);
	arena_release(&a);
}

TEST(aliases_expanding_to_gigabytes_of_text_are_refused)
{
	/* a one-megabyte string, then a hundred aliases of it: few nodes, but
	 * every page showing them would write 100 MB */
	struct arena a;
	struct buf text = BUF_INIT;
	struct yaml_error err;
	arena_init(&a);
	buf_puts(&text, "big: &big \"");
	for (int i = 0; i < (1 << 20); i++)
		buf_putc(&text, 'A');
	buf_puts(&text, "\"\nlinks:\n");
	for (int i = 0; i < 100; i++)
		buf_puts(&text, "  - {url: https://x.example/, title: *big}\n");
	CHECK(parse(&a, text.ptr, &err) < 0);
	CHECK_CONTAINS(err.msg, "more than 64 MiB of text (an alias bomb?)");
	CHECK(err.line > 3); /* the line of an alias, not of the anchor */
	buf_release(&text);
	arena_release(&a);
}

TEST(aliases_within_the_bounds_are_read)
{
	/* 50 aliases of a megabyte, and a megabyte of plain text: 51 MiB */
	struct arena a;
	struct buf text = BUF_INIT;
	struct yaml_error err;
	struct val *doc;
	arena_init(&a);
	buf_puts(&text, "big: &big \"");
	for (int i = 0; i < (1 << 20); i++)
		buf_putc(&text, 'A');
	buf_puts(&text, "\"\nlinks:\n");
	for (int i = 0; i < 50; i++)
		buf_puts(&text, "  - {title: *big}\n");
	CHECK(yaml_parse(&doc, &a, text.ptr, text.len, &err) == 0);
	const struct val *links = val_get(doc, "links");
	CHECK(links && links->type == VAL_LIST && links->u.list.len == 50);
	buf_release(&text);
	arena_release(&a);
}

TEST(an_unclosed_bracket_names_the_line_it_opened_on)
{
	struct arena a;
	struct yaml_error err;
	arena_init(&a);
	CHECK(parse(&a, "a: 1\nb: [x,\n  y\nc: 2\n", &err) < 0);
	CHECK(err.line == 4);
	CHECK_CONTAINS(err.msg, "while parsing a flow sequence that starts at line 2");
	/* an error found where it starts names one line only */
	CHECK(parse(&a, "a: 1\nb: c: d\n", &err) < 0);
	CHECK(err.line == 2);
	CHECK(strstr(err.msg, "starts at line") == NULL);
	arena_release(&a);
}

int main(void)
{
	RUN(nesting_past_the_limit_is_refused);
	RUN(aliases_expanding_to_millions_of_nodes_are_refused);
	RUN(aliases_expanding_to_gigabytes_of_text_are_refused);
	RUN(aliases_within_the_bounds_are_read);
	RUN(an_unclosed_bracket_names_the_line_it_opened_on);
	return harness_report();
}
