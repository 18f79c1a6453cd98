/* buf: buf_put_html against a byte-by-byte reference, on texts of every
 * length around its sixteen-byte runs, specials at every place;
 * buf_puts_lower. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"

static void reference_html(struct buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (p[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, p[i]); break;
		}
	}
}

TEST(put_html_matches_the_reference)
{
	static const char alphabet[] = "ab &<>\"'\xc3\xa9\n\t0";
	char text[80];
	struct buf got = BUF_INIT, want = BUF_INIT;
	unsigned seed = 1;
	int bad = 0;
	for (int round = 0; round < 4000 && !bad; round++) {
		size_t n = (size_t)(round % 80);
		/* mostly plain, a special now and then (every one, at times) */
		int dense = round % 7 == 0;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 97;
			text[i] = dense || r < 10
					  ? alphabet[r % (sizeof(alphabet) - 1)]
					  : (char)('a' + r % 26);
		}
		buf_clear(&got);
		buf_clear(&want);
		buf_puts(&got, "x"); /* appends to what is there */
		buf_puts(&want, "x");
		buf_put_html(&got, text, n);
		reference_html(&want, text, n);
		bad = got.len != want.len || memcmp(got.ptr, want.ptr, got.len) != 0;
	}
	CHECK(!bad);
	buf_release(&got);
	buf_release(&want);
}

TEST(puts_lower_lowers_ascii_capitals_only)
{
	struct buf b = BUF_INIT;
	buf_puts_lower(&b, "");
	CHECK(b.len == 0);
	buf_puts(&b, "x:");
	buf_puts_lower(&b, "Group:Default/Alice-NGUYEN_1 \xC3\x89");
	CHECK_STR(b.ptr, "x:group:default/alice-nguyen_1 \xC3\x89");
	CHECK(b.len == strlen(b.ptr));
	buf_release(&b);
}

int main(void)
{
	RUN(put_html_matches_the_reference);
	RUN(puts_lower_lowers_ascii_capitals_only);
	return harness_report();
}
