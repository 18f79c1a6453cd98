/* harness: a tiny unit-test harness.  Each test file defines tests with
 * TEST(name) { ... }, registers them in main via RUN(name), and ends with
 * return harness_report(); which prints "N passed, N failed". */
#ifndef CAIRN_HARNESS_H
#define CAIRN_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_current_failed;
static const char *harness_current;

#define TEST(name) static void test_##name(void)

#define RUN(name)                           \
	do {                                \
		harness_current = #name;    \
		harness_current_failed = 0; \
		test_##name();              \
		if (harness_current_failed) \
			harness_failed++;   \
		else                        \
			harness_passed++;   \
	} while (0)

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "FAIL %s (%s:%d): %s\n",             \
				harness_current, __FILE__, __LINE__, #cond); \
			harness_current_failed = 1;                          \
		}                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                                     \
	do {                                                                                     \
		const char *g_ = (got), *w_ = (want);                                            \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                         \
			fprintf(stderr, "FAIL %s (%s:%d): %s\n  got:  \"%s\"\n  want: \"%s\"\n", \
				harness_current, __FILE__, __LINE__, #got,                       \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");                         \
			harness_current_failed = 1;                                              \
		}                                                                                \
	} while (0)

#define CHECK_CONTAINS(hay, needle)                                                         \
	do {                                                                                \
		const char *h_ = (hay), *n_ = (needle);                                     \
		if (!h_ || !strstr(h_, n_)) {                                               \
			fprintf(stderr, "FAIL %s (%s:%d): %s lacks \"%s\"\n  in: \"%s\"\n", \
				harness_current, __FILE__, __LINE__, #hay, n_,              \
				h_ ? h_ : "(null)");                                        \
			harness_current_failed = 1;                                         \
		}                                                                           \
	} while (0)

#define CHECK_LACKS(hay, needle)                                                            \
	do {                                                                                \
		const char *h_ = (hay), *n_ = (needle);                                     \
		if (h_ && strstr(h_, n_)) {                                                 \
			fprintf(stderr, "FAIL %s (%s:%d): %s holds \"%s\"\n  in: \"%s\"\n", \
				harness_current, __FILE__, __LINE__, #hay, n_, h_);         \
			harness_current_failed = 1;                                         \
		}                                                                           \
	} while (0)

static int harness_report(void)
{
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
