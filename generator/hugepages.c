/* hugepages: a build's memory backed by transparent huge pages (see the
 * header). */
#include "hugepages.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__) && defined(__GLIBC__)
#include <sys/auxv.h>
#endif

#include "buf.h"
#include "xalloc.h"

#define TUNABLE "glibc.malloc.hugetlb"
/* The heaps grow 64 MB at a time: a 2 MB block that reaches past a
 * heap's end when it is first touched gets 4 KB pages, and glibc advises
 * a thread's new heap only as far as it first opens it, so most of the
 * threads' memory had 4 KB pages (docs/design.md, "The heaps grow 64 MB
 * at a time"). */
#define TOP_PAD "glibc.malloc.top_pad=67108864"

void hugepages_enable(char **argv, const char *tunables, const char *preload, int off)
{
#if defined(__linux__) && defined(__GLIBC__)
	/* a set-id program's loader drops GLIBC_TUNABLES: it would start
	 * again for ever */
	if ((tunables && strstr(tunables, TUNABLE)) || off ||
	    (preload && strstr(preload, "vgpreload")) || getauxval(AT_SECURE))
		return;
	struct buf v = BUF_INIT;
	char *saved = tunables ? xstrdup(tunables) : NULL;
	if (tunables && *tunables) {
		buf_puts(&v, tunables);
		buf_putc(&v, ':');
	}
	buf_puts(&v, TUNABLE "=1:" TOP_PAD);
	/* and a mark of the second start that no loader drops: never a
	 * third, whatever becomes of GLIBC_TUNABLES */
	if (setenv(HUGEPAGES_STARTED, "1", 1) == 0 &&
	    setenv("GLIBC_TUNABLES", v.ptr, 1) == 0) {
		execv("/proc/self/exe", argv);
		/* not started again: as it was */
		unsetenv(HUGEPAGES_STARTED);
		if (saved)
			setenv("GLIBC_TUNABLES", saved, 1);
		else
			unsetenv("GLIBC_TUNABLES");
	}
	free(saved);
	buf_release(&v);
#else
	(void)argv;
	(void)tunables;
	(void)preload;
	(void)off;
#endif
}
