/*
 * floor: the least work a Markdown site generator can do, as a yardstick
 * for cairn's benchmark (docs/benchmark.md).
 *
 *     floor [-j N] LIST
 *
 * LIST names one Markdown file a line.  floor reads each file's bytes, skips
 * a leading YAML front matter block (every generator has to, and it is not
 * Markdown), and renders the rest with md4c's own HTML renderer, with the
 * flags cairn uses by default (GitHub dialect, raw HTML on).  The HTML is
 * discarded; its length is summed and printed so that nothing can be left
 * out.  N threads (default 1) take files from a shared counter.
 *
 * Prints one line: files, bytes read, bytes of HTML, seconds (wall).
 * Exit status: 0, or 2 when LIST or a file in it cannot be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <md4c-html.h>

struct job {
	char **paths;
	size_t npaths;
	atomic_size_t next;
	atomic_int failed;
};

struct worker {
	struct job *job;
	pthread_t thread;
	unsigned long long in, out;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("floor: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Reads path into *buf (grown as needed); returns its length, or -1. */
static long read_file(const char *path, char **buf, size_t *cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size + 1 > *cap) {
		*cap = (size_t)st.st_size + 1;
		*buf = xrealloc(*buf, *cap);
	}
	size_t len = 0;
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return (long)len;
}

/* The offset where the Markdown starts: after "---\n ... \n---\n" at the top. */
static size_t body_start(const char *s, size_t len)
{
	if (len < 4 || memcmp(s, "---\n", 4) != 0)
		return 0;
	for (size_t i = 3; i + 4 <= len; i++)
		if (s[i] == '\n' && memcmp(s + i + 1, "---", 3) == 0 &&
		    (i + 4 == len || s[i + 4] == '\n'))
			return i + 4 < len ? i + 5 : len;
	return 0;
}

static void sink(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	(void)text;
	*(unsigned long long *)userdata += size;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *job = w->job;
	char *buf = NULL;
	size_t cap = 0;
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->npaths)
			break;
		long len = read_file(job->paths[i], &buf, &cap);
		if (len < 0) {
			fprintf(stderr, "floor: %s: %s\n", job->paths[i], strerror(errno));
			atomic_store(&job->failed, 1);
			continue;
		}
		size_t start = body_start(buf, (size_t)len);
		w->in += (unsigned long long)len;
		if (md_html(buf + start, (MD_SIZE)((size_t)len - start), sink, &w->out,
			    MD_DIALECT_GITHUB, 0) != 0) {
			fprintf(stderr, "floor: %s: md4c failed\n", job->paths[i]);
			atomic_store(&job->failed, 1);
		}
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 1;
	int a = 1;
	if (a + 1 < argc && strcmp(argv[a], "-j") == 0) {
		threads = atoi(argv[a + 1]);
		a += 2;
	}
	if (a + 1 != argc || threads < 1 || threads > 256) {
		fputs("usage: floor [-j N] LIST\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	FILE *f = fopen(argv[a], "r");
	if (!f) {
		fprintf(stderr, "floor: %s: %s\n", argv[a], strerror(errno));
		return 2;
	}
	struct job job = { 0 };
	size_t cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t n;
	while ((n = getline(&line, &linecap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (job.npaths == cap) {
			cap = cap ? cap * 2 : 1024;
			job.paths = xrealloc(job.paths, cap * sizeof(*job.paths));
		}
		job.paths[job.npaths++] = strdup(line);
	}
	free(line);
	fclose(f);

	struct worker *w = calloc((size_t)threads, sizeof(*w));
	if (!w)
		abort();
	for (int i = 0; i < threads; i++) {
		w[i].job = &job;
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
			fputs("floor: cannot start a thread\n", stderr);
			return 2;
		}
	}
	unsigned long long in = 0, out = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(w[i].thread, NULL);
		in += w[i].in;
		out += w[i].out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("floor: %zu files, %llu bytes of Markdown, %llu bytes of HTML, %d threads, %.3f s\n",
	       job.npaths, in, out, threads, secs);
	for (size_t i = 0; i < job.npaths; i++)
		free(job.paths[i]);
	free(job.paths);
	free(w);
	return atomic_load(&job.failed) ? 2 : 0;
}
