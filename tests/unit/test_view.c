/* view: what a page's fingerprint hashes of what it shows
 * (view_put_shown): the same bytes only for the same value. */
#include "view.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "harness.h"
#include "val.h"

/* Whether a and b give the same bytes. */
static int same_shown(const struct val *a, const struct val *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	view_put_shown(&x, a);
	view_put_shown(&y, b);
	int same = x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0;
	buf_release(&x);
	buf_release(&y);
	return same;
}

static struct val *pair(struct arena *a, const char *k, const char *v)
{
	struct val *m = val_map(a);
	val_set_str(a, m, k, v);
	return m;
}

static struct val *two(struct arena *a, struct val *x, struct val *y)
{
	struct val *l = val_list(a);
	val_push(a, l, x);
	val_push(a, l, y);
	return l;
}

TEST(equal_values_give_equal_bytes)
{
	struct arena a;
	arena_init(&a);
	CHECK(same_shown(pair(&a, "title", "Payments"), pair(&a, "title", "Payments")));
	CHECK(same_shown(two(&a, val_num(&a, 2), val_str(&a, "x")),
			 two(&a, val_num(&a, 2), val_str(&a, "x"))));
	arena_release(&a);
}

TEST(values_that_differ_anywhere_give_other_bytes)
{
	struct arena a;
	arena_init(&a);
	/* where a string ends: in the key or in the value */
	CHECK(!same_shown(pair(&a, "ab", "c"), pair(&a, "a", "bc")));
	/* one string or two */
	CHECK(!same_shown(two(&a, val_str(&a, "a"), val_str(&a, "b")),
			  val_str(&a, "ab")));
	CHECK(!same_shown(two(&a, val_str(&a, "ab"), val_str(&a, "")),
			  two(&a, val_str(&a, "a"), val_str(&a, "b"))));
	/* strings whose bytes, one after the other, are the same: each
	 * could hold what the next one's start is written as */
	for (int t = 0; t < 256; t++) {
		char x[] = { 'a', (char)t, 'b', 0 }, y[] = { 'b', (char)t, 'c', 0 };
		CHECK(!same_shown(two(&a, val_strn(&a, x, 3), val_str(&a, "c")),
				  two(&a, val_str(&a, "a"), val_strn(&a, y, 3))));
	}
	/* a number, its text, a boolean, null, nothing */
	CHECK(!same_shown(val_num(&a, 1), val_str(&a, "1")));
	CHECK(!same_shown(val_num(&a, 1), val_bool(&a, 1)));
	CHECK(!same_shown(val_num(&a, 1), val_num(&a, 1.5)));
	CHECK(!same_shown(val_null(&a), NULL));
	CHECK(!same_shown(val_null(&a), val_str(&a, "")));
	CHECK(!same_shown(val_bool(&a, 0), val_bool(&a, 1)));
	/* an empty list and an empty map; the order of a list */
	CHECK(!same_shown(val_list(&a), val_map(&a)));
	CHECK(!same_shown(two(&a, val_str(&a, "a"), val_str(&a, "b")),
			  two(&a, val_str(&a, "b"), val_str(&a, "a"))));
	/* a byte JSON would escape, and one past a NUL */
	CHECK(!same_shown(val_strn(&a, "a\"b", 3), val_strn(&a, "a\\b", 3)));
	CHECK(!same_shown(val_strn(&a, "a\0b", 3), val_strn(&a, "a\0c", 3)));
	arena_release(&a);
}

int main(void)
{
	RUN(equal_values_give_equal_bytes);
	RUN(values_that_differ_anywhere_give_other_bytes);
	return harness_report();
}
