/*
 * addbench: the search index's adding side alone, for profiling it
 * (docs/benchmark.md, "The adding side, timed alone").
 *
 *     addbench DATA [JOBS [OUT [PAGES]]]
 *
 * DATA is a search cache's data file (<cache>/search/entries-*.dat) as a
 * cold build leaves it: every page's entries, blob after blob.  addbench
 * reads them all into memory, then adds them to a fresh index on JOBS
 * threads (default 1) as a build's render does (search_add_page, or
 * search_add for an entry without a table of contents), and prints the
 * CPU and wall time of the adding alone.  With OUT, it then writes the
 * search files to OUT.site/search/ and the saved index to OUT, so that two
 * builds of cairn can be compared byte for byte (the saved index holds
 * the build's id at bytes 20-28 and a checksum in its last 8 bytes); OUT
 * "-" writes nothing.  With PAGES, only the first PAGES pages are added
 * (a shorter run under callgrind).
 * The entries' owners are their addresses, not the pages': the files are
 * a fair comparison between builds, not those a site would hold.
 *
 * Built against a build of cairn's library:
 *     cc -O2 -g -std=c17 -D_GNU_SOURCE -pthread -Igenerator -Igenerator/util \
 *        bench/addbench.c build/libcairn.a \
 *        $(pkg-config --cflags --libs md4c yaml-0.1 libgit2) -lm -o addbench
 * For instruction counts:
 *     valgrind --tool=callgrind --toggle-collect=search_add_page \
 *        --toggle-collect=search_add ./addbench DATA 1
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "markdown.h"
#include "output.h"
#include "pool.h"
#include "search.h"

struct item {
	struct search_entry e;
	struct markdown_heading *toc; /* NULL: a single entry */
	size_t ntoc;
};

struct run {
	struct search_index *ix;
	const struct item *items;
};

static void add_one(size_t i, int worker, void *userdata)
{
	const struct run *run = userdata;
	const struct item *it = &run->items[i];
	if (it->toc)
		search_add_page(run->ix, worker, &it->e, it->toc, it->ntoc);
	else
		search_add(run->ix, worker, &it->e);
}

static double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Reads the entries of the data file p[0, len) into *items; -1 when it is
 * damaged. */
static int read_items(const char *p, size_t len, struct arena *a,
		      struct item **items, size_t *nitems)
{
	struct cache_reader r = { p, p + len, 0 };
	size_t cap = 0;
	while (!r.bad && r.p < r.end) {
		struct item it = { SEARCH_ENTRY_INIT, NULL, 0 };
		it.e.kind = cache_get_str(&r, a, NULL);
		it.e.title = cache_get_str(&r, a, NULL);
		it.e.url = cache_get_str(&r, a, NULL);
		it.e.service = cache_get_str(&r, a, NULL);
		it.e.name = cache_get_str(&r, a, NULL);
		it.e.page = cache_get_str(&r, a, NULL);
		it.e.headings = cache_get_str(&r, a, NULL);
		uint64_t n = cache_get_u64(&r);
		if (n == UINT64_MAX)
			n = 0;
		if (n > (uint64_t)(r.end - r.p))
			return -1;
		it.e.body = n ? r.p : NULL;
		it.e.body_len = (size_t)n;
		r.p += n;
		it.e.section = (int)cache_get_u32(&r);
		it.e.owner = it.e.url;
		uint64_t ntoc = cache_get_u64(&r);
		if (ntoc != UINT64_MAX) {
			if (ntoc > (uint64_t)(r.end - r.p))
				return -1;
			it.toc = arena_alloc(a, ((size_t)ntoc + 1) * sizeof(*it.toc));
			it.ntoc = (size_t)ntoc;
			for (size_t i = 0; i < it.ntoc; i++) {
				it.toc[i].level = (int)cache_get_u32(&r);
				it.toc[i].id = (char *)cache_get_str(&r, a, NULL);
				it.toc[i].text = (char *)cache_get_str(&r, a, NULL);
			}
		}
		if (r.bad || !it.e.kind || !it.e.url)
			return -1;
		if (*nitems == cap) {
			cap = cap ? cap * 2 : 1024;
			*items = realloc(*items, cap * sizeof(**items));
			if (!*items)
				return -1;
		}
		(*items)[(*nitems)++] = it;
	}
	return r.bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct item *items = NULL;
	size_t nitems = 0;
	struct arena a;
	struct stat st;
	int fd;

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: addbench DATA [JOBS [OUT [PAGES]]]\n");
		return 2;
	}
	int jobs = argc > 2 ? atoi(argv[2]) : 1;
	if ((fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) < 0 || !st.st_size) {
		perror(argv[1]);
		return 2;
	}
	const char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	arena_init(&a);
	if (p == MAP_FAILED ||
	    read_items(p, (size_t)st.st_size, &a, &items, &nitems) < 0) {
		fprintf(stderr, "addbench: %s: damaged\n", argv[1]);
		return 2;
	}

	if (argc > 4 && (size_t)atol(argv[4]) < nitems)
		nitems = (size_t)atol(argv[4]);
	struct run run = { search_index_new(), items };
	search_set_threads(run.ix, jobs < 1 ? 1 : jobs);
	double c0 = cpu_seconds(), w0 = wall_seconds();
	pool_run(jobs < 1 ? 1 : jobs, nitems, add_one, &run);
	double c1 = cpu_seconds(), w1 = wall_seconds();
	printf("%zu pages added: cpu %.3f s, wall %.3f s\n", nitems, c1 - c0, w1 - w0);

	if (argc > 3 && strcmp(argv[3], "-") != 0) {
		struct output o = OUTPUT_INIT;
		struct buf err = BUF_INIT, dir = BUF_INIT;
		buf_printf(&dir, "%s.site", argv[3]);
		if (output_begin(&o, dir.ptr, &err) < 0 ||
		    search_write(run.ix, &o, &err) < 0 || output_commit(&o, &err) < 0 ||
		    search_save(run.ix, argv[3], 1) < 0) {
			fprintf(stderr, "addbench: %s\n", err.len ? err.ptr : argv[3]);
			return 2;
		}
		buf_release(&dir);
	}
	search_index_free(run.ix);
	arena_release(&a);
	free(items);
	return 0;
}
