/* hugepages: a build's memory backed by transparent huge pages.
 *
 * A cold build spends much of its time in memory read at random, far
 * beyond what the TLB maps in 4 KB pages: the search index's words and
 * their raw postings (tens of megabytes a worker), the render's buffers.
 * glibc's malloc can back its heaps with huge pages (madvise
 * MADV_HUGEPAGE, where the kernel's transparent huge pages are "madvise",
 * as Debian's are), but only when the tunable glibc.malloc.hugetlb=1 is
 * set as the process starts: there is no call to set it later.  So a
 * build sets it, with a 64 MB top pad so that the threads' heaps are
 * advised whole, and starts itself again, once (docs/design.md, "Huge
 * pages" and "The heaps grow 64 MB at a time"). */
#ifndef CAIRN_HUGEPAGES_H
#define CAIRN_HUGEPAGES_H

/* The variable that marks the second start. */
#define HUGEPAGES_STARTED "CAIRN_HUGE_PAGES_STARTED"

/* Starts the program again (execv of /proc/self/exe, with argv) with
 * glibc.malloc.hugetlb=1 and glibc.malloc.top_pad=67108864 added to
 * GLIBC_TUNABLES (whose value is
 * tunables, or NULL), unless tunables names that tunable already (the
 * second start, or the user's choice), off is set (CAIRN_NO_HUGE_PAGES,
 * or HUGEPAGES_STARTED, which it sets for the second start),
 * the program runs under valgrind (preload, LD_PRELOAD's value, names
 * its preload: its tools follow no exec by default) or is set-id (whose
 * loader drops GLIBC_TUNABLES).  Returns only when it does not start
 * again or cannot (the environment then as it was).  Call it first in
 * main, before any thread, output or allocation that matters. */
void hugepages_enable(char **argv, const char *tunables, const char *preload, int off);

#endif
