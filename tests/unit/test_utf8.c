#include "utf8.h"

#include <string.h>

#include "harness.h"

#define FFFD "\xEF\xBF\xBD"

static size_t check(const char *s)
{
	return utf8_check(s, strlen(s));
}

/* Repairs s (n bytes) into out; returns the number of replacements. */
static size_t repair(struct buf *out, const char *s, size_t n)
{
	buf_clear(out);
	return utf8_repair(out, s, n);
}

TEST(check_accepts_valid_text)
{
	CHECK(check("") == 0);
	CHECK(check("plain ascii") == 11);
	CHECK(check("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == 14);
	CHECK(check("\xC2\x80\xDF\xBF") == 4);	       /* 2-byte range ends */
	CHECK(check("\xE0\xA0\x80\xEF\xBF\xBF") == 6); /* 3-byte range ends */
	CHECK(check("\xED\x9F\xBF\xEE\x80\x80") == 6); /* around surrogates */
	CHECK(check("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF") == 8); /* 4-byte ends */
}

TEST(check_finds_first_invalid_offset)
{
	CHECK(check("ab\x80"
		    "cd") == 2);		/* lone continuation */
	CHECK(check("ab\xC3") == 2);		/* truncated at end */
	CHECK(check("a\xC3(") == 1);		/* bad continuation */
	CHECK(check("a\xC0\xAF") == 1);		/* overlong '/' */
	CHECK(check("a\xC1\xBF") == 1);		/* overlong */
	CHECK(check("a\xE0\x80\xAF") == 1);	/* overlong 3-byte */
	CHECK(check("a\xF0\x80\x80\xAF") == 1); /* overlong 4-byte */
	CHECK(check("a\xED\xA0\x80") == 1);	/* surrogate U+D800 */
	CHECK(check("a\xED\xBF\xBF") == 1);	/* surrogate U+DFFF */
	CHECK(check("a\xF4\x90\x80\x80") == 1); /* past U+10FFFF */
	CHECK(check("a\xF5\x80\x80\x80") == 1);
	CHECK(check("a\xFF") == 1);
	CHECK(utf8_check("ab\0c", 4) == 2); /* NUL counts as invalid */
}

TEST(repair_leaves_valid_text_alone)
{
	struct buf b = BUF_INIT;
	const char *s = "caf\xC3\xA9 \xF0\x9F\x98\x80 ok";
	CHECK(repair(&b, s, strlen(s)) == 0);
	CHECK_STR(b.ptr, s);
	CHECK(repair(&b, "", 0) == 0);
	CHECK_STR(b.ptr, "");
	buf_release(&b);
}

TEST(repair_appends_to_existing_content)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "x:");
	CHECK(utf8_repair(&b, "a\xFF", 2) == 1);
	CHECK_STR(b.ptr, "x:a" FFFD);
	buf_release(&b);
}

TEST(repair_replaces_each_maximal_subpart)
{
	struct buf b = BUF_INIT;
	/* a truncated 3-byte sequence is one replacement, not two */
	CHECK(repair(&b,
		     "a\xE2\x82"
		     "b",
		     4) == 1);
	CHECK_STR(b.ptr, "a" FFFD "b");
	/* each byte of a surrogate is its own subpart (ED A0 is ill-formed) */
	CHECK(repair(&b, "\xED\xA0\x80", 3) == 3);
	CHECK_STR(b.ptr, FFFD FFFD FFFD);
	/* overlong: C0 and AF are separate */
	CHECK(repair(&b, "\xC0\xAF", 2) == 2);
	CHECK_STR(b.ptr, FFFD FFFD);
	/* truncated 4-byte sequence at the end */
	CHECK(repair(&b, "x\xF0\x9F\x98", 4) == 1);
	CHECK_STR(b.ptr, "x" FFFD);
	/* a valid sequence right after a broken one survives */
	CHECK(repair(&b, "\xC3\xC3\xA9", 3) == 1);
	CHECK_STR(b.ptr, FFFD "\xC3\xA9");
	buf_release(&b);
}

TEST(repair_replaces_nul)
{
	struct buf b = BUF_INIT;
	CHECK(repair(&b, "a\0b\0", 4) == 2);
	CHECK_STR(b.ptr, "a" FFFD "b" FFFD);
	CHECK(b.len == 8);
	buf_release(&b);
}

TEST(repaired_text_checks_valid)
{
	struct buf b = BUF_INIT;
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	repair(&b, all, sizeof(all));
	CHECK(utf8_check(b.ptr, b.len) == b.len);
	buf_release(&b);
}

TEST(line_of_counts_line_breaks)
{
	const char *s = "one\ntwo\r\nthree\rfour";
	size_t n = strlen(s);
	CHECK(utf8_line_of(s, n, 0) == 1);
	CHECK(utf8_line_of(s, n, 3) == 1); /* the '\n' itself */
	CHECK(utf8_line_of(s, n, 4) == 2);
	CHECK(utf8_line_of(s, n, 7) == 2); /* the '\r' of "\r\n" */
	CHECK(utf8_line_of(s, n, 8) == 2); /* its '\n' */
	CHECK(utf8_line_of(s, n, 9) == 3);
	CHECK(utf8_line_of(s, n, 15) == 4);   /* after a lone '\r' */
	CHECK(utf8_line_of(s, n, 1000) == 4); /* past the end: the last line */
	CHECK(utf8_line_of("", 0, 0) == 1);
}

/* utf8_check passes sixteen ASCII bytes at once: a NUL, a byte with the
 * high bit set, or a valid sequence is found wherever it falls, and the
 * bytes at the edges of the ASCII range (0x01, 0x7F) are ASCII. */
TEST(check_finds_a_bad_byte_at_every_place)
{
	static const unsigned char bad[] = { 0x00, 0x80, 0xC3, 0xFF };
	char t[70];
	for (size_t len = 0; len <= 64; len++) {
		for (size_t at = 0; at < len; at++) {
			memset(t, 'a', sizeof(t));
			for (size_t k = 0; k < sizeof(bad); k++) {
				t[at] = (char)bad[k];
				CHECK(utf8_check(t, len) == at);
			}
			t[at] = 0x01;
			CHECK(utf8_check(t, len) == len);
			t[at] = 0x7F;
			CHECK(utf8_check(t, len) == len);
			if (at + 1 < len) {
				t[at] = (char)0xC3, t[at + 1] = (char)0xA9;
				CHECK(utf8_check(t, len) == len);
			}
		}
	}
}

TEST(not_text_says_why)
{
	static const char lfs[] = "version https://git-lfs.github.com/spec/v1\n"
				  "oid sha256:4d7a2146\nsize 12\n";
	CHECK_CONTAINS(utf8_not_text(lfs, sizeof(lfs) - 1), "Git LFS pointer");
	/* a document about LFS, long, is text */
	char big[2048];
	memset(big, 'a', sizeof(big));
	memcpy(big, lfs, sizeof(lfs) - 1);
	CHECK(utf8_not_text(big, sizeof(big)) == NULL);
	CHECK_CONTAINS(utf8_not_text("\xFF\xFE#\0", 4), "UTF-16");
	CHECK_CONTAINS(utf8_not_text("\xFE\xFF\0#", 4), "UTF-16");
	CHECK_CONTAINS(utf8_not_text("a\0b", 3), "NUL bytes");
	CHECK(utf8_not_text("# Title\n", 8) == NULL);
	CHECK(utf8_not_text("", 0) == NULL);
	CHECK(utf8_not_text("version", 7) == NULL);
}

int main(void)
{
	RUN(check_finds_a_bad_byte_at_every_place);
	RUN(not_text_says_why);
	RUN(check_accepts_valid_text);
	RUN(check_finds_first_invalid_offset);
	RUN(repair_leaves_valid_text_alone);
	RUN(repair_appends_to_existing_content);
	RUN(repair_replaces_each_maximal_subpart);
	RUN(repair_replaces_nul);
	RUN(repaired_text_checks_valid);
	RUN(line_of_counts_line_breaks);
	return harness_report();
}
