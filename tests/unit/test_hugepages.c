/* hugepages: when a build starts itself again with glibc's huge-page
 * tunable, and that it starts again with the same arguments and the
 * tunable added to what GLIBC_TUNABLES held. */
#include "hugepages.h"

#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>
#include <string.h>

#include "harness.h"

#define OTHER "glibc.malloc.tcache_count=7"

TEST(not_again_when_switched_off)
{
	char *argv[] = { "test_hugepages", NULL };
	setenv("GLIBC_TUNABLES", OTHER, 1);
	hugepages_enable(argv, OTHER, NULL, 1); /* returns: no exec */
	CHECK_STR(getenv("GLIBC_TUNABLES"), OTHER);
}

TEST(not_again_when_the_tunable_is_named)
{
	char *argv[] = { "test_hugepages", NULL };
	setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0", 1);
	hugepages_enable(argv, "glibc.malloc.hugetlb=0", NULL, 0);
	CHECK_STR(getenv("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=0");
}

/* The second start (argv[1] "again"): the tunables follow the others,
 * and glibc took them: the heap grows 64 MB at a time. */
TEST(started_again_with_the_tunable_added)
{
	CHECK_STR(getenv("GLIBC_TUNABLES"),
		  OTHER ":glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864");
	CHECK_STR(getenv(HUGEPAGES_STARTED), "1");
#ifndef __SANITIZE_ADDRESS__ /* whose malloc is not glibc's */
	void *small = malloc(4096);
	CHECK(small != NULL);
	CHECK(mallinfo2().arena >= (size_t)64 << 20);
	free(small);
#endif
}

int main(int argc, char **argv)
{
	const char *preload = getenv("LD_PRELOAD");
	if (argc > 1 && strcmp(argv[1], "again") == 0) {
		/* the second start: its report is the test's */
		RUN(started_again_with_the_tunable_added);
		RUN(not_again_when_switched_off);
		RUN(not_again_when_the_tunable_is_named);
		return harness_report();
	}
	RUN(not_again_when_switched_off);
	RUN(not_again_when_the_tunable_is_named);
	if (preload && strstr(preload, "vgpreload"))
		return harness_report(); /* under valgrind: never again */
	char *again[] = { argv[0], "again", NULL };
	setenv("GLIBC_TUNABLES", OTHER, 1);
	hugepages_enable(again, OTHER, preload, 0);
	fprintf(stderr, "FAIL started_again: hugepages_enable returned\n");
	harness_failed++;
	return harness_report();
}
