/* Unit tests of yaml.c's bounds: nesting, and what aliases expand to
 * (nodes, and bytes of text). */
#include "yaml.h"

#include <stdio.h>
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

/* Plain scalars typed by what they say (yaml.c finds the candidates by
 * their first letter): every word of each kind, and near misses. */
TEST(plain_scalars_are_typed_by_their_words)
{
	static const struct {
		const char *text;
		enum val_type type;
		double num;
	} cases[] = {
		{ "~", VAL_NULL, 0 },	  { "null", VAL_NULL, 0 },
		{ "Null", VAL_NULL, 0 },  { "NULL", VAL_NULL, 0 },
		{ "nULL", VAL_STR, 0 },	  { "nil", VAL_STR, 0 },
		{ "true", VAL_BOOL, 1 },  { "True", VAL_BOOL, 1 },
		{ "TRUE", VAL_BOOL, 1 },  { "tRUE", VAL_STR, 0 },
		{ "false", VAL_BOOL, 0 }, { "False", VAL_BOOL, 0 },
		{ "FALSE", VAL_BOOL, 0 }, { "f", VAL_STR, 0 },
		{ "12", VAL_NUM, 12 },	  { "+3", VAL_NUM, 3 },
		{ "-4", VAL_NUM, -4 },	  { "0x1F", VAL_NUM, 31 },
		{ "0o17", VAL_NUM, 15 },  { ".5", VAL_NUM, 0.5 },
		{ "1e3", VAL_NUM, 1000 }, { "-2.5E-1", VAL_NUM, -0.25 },
		{ ".", VAL_STR, 0 },	  { "-x", VAL_STR, 0 },
		{ "+.", VAL_STR, 0 },	  { "1.2.3", VAL_STR, 0 },
		{ "v1", VAL_STR, 0 },	  { "2024-01-02", VAL_STR, 0 },
		{ "no", VAL_STR, 0 },	  { "yes", VAL_STR, 0 },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf text = BUF_INIT;
		struct val *v = NULL;
		buf_printf(&text, "k: %s\n", cases[i].text);
		CHECK(yaml_parse(&v, &a, text.ptr, text.len, NULL) == 0);
		const struct val *k = val_get(v, "k");
		CHECK(k && k->type == cases[i].type);
		if (k && k->type == VAL_NUM)
			CHECK(k->u.num == cases[i].num);
		if (k && k->type == VAL_BOOL)
			CHECK(k->u.b == (int)cases[i].num);
		if (!k || k->type != cases[i].type)
			fprintf(stderr, "  for \"%s\"\n", cases[i].text);
		buf_release(&text);
	}
	struct val *v = NULL;
	const char *t = "inf: .inf\nninf: -.Inf\nnan: .NaN\ne: ''\nq: 'true'\n"
			"s: !!str 12\n";
	CHECK(yaml_parse(&v, &a, t, strlen(t), NULL) == 0);
	CHECK(val_get(v, "inf")->type == VAL_NUM && val_get(v, "inf")->u.num > 1e300);
	CHECK(val_get(v, "ninf")->type == VAL_NUM && val_get(v, "ninf")->u.num < -1e300);
	CHECK(val_get(v, "nan")->type == VAL_NUM);
	CHECK(val_get(v, "e")->type == VAL_STR && val_get(v, "q")->type == VAL_STR);
	CHECK(val_get(v, "s")->type == VAL_STR);
	arena_release(&a);
}

/* Keys of every scalar kind name their entry by their text; a merge key
 * ("<<") merges, a quoted one is a key like any other. */
TEST(keys_are_named_by_their_text)
{
	struct arena a;
	struct val *v = NULL;
	const char *t = "base: &b {x: 1}\nm:\n  <<: *b\n  1: one\n  true: yes\n"
			"  ~: nothing\n  '<<': quoted\n";
	arena_init(&a);
	CHECK(yaml_parse(&v, &a, t, strlen(t), NULL) == 0);
	const struct val *m = val_get(v, "m");
	CHECK(m && m->type == VAL_MAP);
	CHECK(val_get(m, "x") && val_get(m, "x")->type == VAL_NUM);
	CHECK_STR(val_as_str(val_get(m, "1")), "one");
	CHECK_STR(val_as_str(val_get(m, "true")), "yes");
	CHECK_STR(val_as_str(val_get(m, "null")), "nothing");
	arena_release(&a);
}

/* A key given twice in a mapping: the last wins, unless the caller asks
 * for unique keys (cairn.yaml): then an error naming the key and its
 * second line.  Keys merged with "<<" may be given again either way. */
TEST(keys_given_twice)
{
	struct arena a;
	struct val *v = NULL;
	struct yaml_error err;
	struct yaml_limits lim = YAML_LIMITS_INIT;
	const char *t = "a: 1\nb:\n  c: 2\n  c: 3\n";
	arena_init(&a);
	CHECK(yaml_parse(&v, &a, t, strlen(t), NULL) == 0);
	CHECK(val_get(val_get(v, "b"), "c")->u.num == 3);
	lim.unique_keys = 1;
	CHECK(yaml_parse_limited(&v, &a, t, strlen(t), &lim, &err) < 0);
	CHECK(err.line == 4);
	CHECK(strstr(err.msg, "\"c\" is given twice") != NULL);
	const char *m = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n";
	CHECK(yaml_parse_limited(&v, &a, m, strlen(m), &lim, &err) == 0);
	CHECK(val_get(val_get(v, "m"), "x")->u.num == 3);
	arena_release(&a);
}

int main(void)
{
	RUN(nesting_past_the_limit_is_refused);
	RUN(aliases_expanding_to_millions_of_nodes_are_refused);
	RUN(aliases_expanding_to_gigabytes_of_text_are_refused);
	RUN(aliases_within_the_bounds_are_read);
	RUN(an_unclosed_bracket_names_the_line_it_opened_on);
	RUN(plain_scalars_are_typed_by_their_words);
	RUN(keys_are_named_by_their_text);
	RUN(keys_given_twice);
	return harness_report();
}
