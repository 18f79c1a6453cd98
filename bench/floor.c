/*
 * floor: the least work a generator of cairn's site must do, as a yardstick
 * for cairn's benchmark (docs/benchmark.md, "The floor").
 *
 *     floor [-j N] [-o OUT] REPOS LIST
 *
 * LIST names one document a line, as <service>/<path> (anything up to and
 * including "hugo/content/" is dropped, so the benchmark's files.txt does).
 * For each, floor reads the blob at <path> in the tree of HEAD of the bare
 * repository REPOS/<service>.git with libgit2 (inflating it from the pack),
 * skips a leading YAML front matter block, renders the rest with md4c's own
 * HTML renderer with the flags cairn uses by default (GitHub dialect, raw
 * HTML on), and writes the HTML to OUT/<service>/<path without .md>/index.html
 * (making the folders), as cairn writes a page.  Without -o it writes
 * nothing and only sums the HTML's length.  N threads (default 1) take
 * documents from a shared counter; each keeps its own open repositories.
 *
 * With -i, each thread also indexes what it reads, as the least a search
 * index must do: the Markdown's runs of ASCII letters and digits, folded to
 * lower case and hashed (64 bits, FNV-1a: no strings kept, no collisions
 * checked), counted once per section (a section starts at a line beginning
 * with '#', as cairn's search entries do), and each (section, word) pair
 * appended to its word's list in the thread's own table.  No stemming, no
 * stop words, no weights, no joining of the threads' tables, nothing
 * written: every real index does all of this and more, so the time it adds
 * to the floor is a lower bound for the search index's cost (docs/benchmark.md,
 * "The floor of a search index").
 *
 * Prints one line: documents, bytes read, bytes of HTML, seconds (wall).
 * Exit status: 0, or 2 when LIST, a repository, a document or an output
 * file cannot be read or written.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <md4c-html.h>

struct doc {
	char *service; /* into the line */
	char *path;
	size_t repo; /* index into job.repos */
};

struct job {
	const char *repos_dir, *out_dir;
	char **repos; /* service names, in order of first use */
	size_t nrepos;
	struct doc *docs;
	size_t npaths;
	atomic_size_t next;
	atomic_int failed;
	int index; /* -i */
};

/* One thread's index (-i): words by hash, each with its sections. */
struct word {
	uint64_t hash;
	uint32_t *sections;
	uint32_t n, cap;
};

#define LOCAL_SLOTS 4096 /* a section's distinct words, at most half */

struct windex {
	struct word *words; /* [0] unused: a slot of 0 is empty */
	uint32_t *slots;
	size_t nwords, mask;
	uint64_t local_hash[LOCAL_SLOTS];
	uint32_t local_gen[LOCAL_SLOTS], gen;
	uint32_t distinct[LOCAL_SLOTS / 2], ndistinct;
	uint32_t section;
	unsigned long long nwords_read, npairs;
};

struct worker {
	struct job *job;
	pthread_t thread;
	unsigned long long in, out;
	struct windex *ix; /* -i, else NULL */
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

struct html {
	char *p;
	size_t len, cap;
};

/* mkdir -p of the folders of path (which it changes back). */
static int make_dirs(char *path)
{
	for (char *c = path + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		int r = mkdir(path, 0755);
		*c = '/';
		if (r < 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

static int write_all(const char *path, const char *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(fd);
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
	struct html *h = userdata;
	if (h->len + size > h->cap) {
		h->cap = (h->len + size) * 2;
		h->p = xrealloc(h->p, h->cap);
	}
	memcpy(h->p + h->len, text, size);
	h->len += size;
}

static void count(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	(void)text;
	((struct html *)userdata)->len += size;
}

static void index_grow(struct windex *ix)
{
	size_t cap = ix->mask ? (ix->mask + 1) * 2 : 1u << 16;
	uint32_t *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		abort();
	for (size_t i = 1; i < ix->nwords; i++) {
		size_t s = (size_t)(ix->words[i].hash >> 20) & (cap - 1);
		while (slots[s])
			s = (s + 1) & (cap - 1);
		slots[s] = (uint32_t)i;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->mask = cap - 1;
	ix->words = xrealloc(ix->words, cap / 2 * sizeof(*ix->words));
}

/* Appends the section's pairs to their words' lists; a new section. */
static void index_flush(struct windex *ix)
{
	for (uint32_t i = 0; i < ix->ndistinct; i++) {
		uint64_t h = ix->local_hash[ix->distinct[i]];
		if (ix->nwords + 1 > (ix->mask + 1) / 2)
			index_grow(ix);
		size_t s = (size_t)(h >> 20) & ix->mask;
		struct word *w;
		for (;;) {
			uint32_t t = ix->slots[s];
			if (!t) {
				t = (uint32_t)ix->nwords++;
				ix->slots[s] = t;
				w = &ix->words[t];
				memset(w, 0, sizeof(*w));
				w->hash = h;
				break;
			}
			if (ix->words[t].hash == h) {
				w = &ix->words[t];
				break;
			}
			s = (s + 1) & ix->mask;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 4;
			w->sections = xrealloc(w->sections, w->cap * sizeof(uint32_t));
		}
		w->sections[w->n++] = ix->section;
		ix->npairs++;
	}
	ix->ndistinct = 0;
	ix->gen++;
	ix->section++;
}

static int is_alnum(unsigned char c)
{
	return (unsigned char)((c | 32) - 'a') < 26 || (unsigned char)(c - '0') < 10;
}

static void index_text(struct windex *ix, const char *p, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)p[i];
		if (c == '#' && (i == 0 || p[i - 1] == '\n')) {
			if (ix->ndistinct)
				index_flush(ix);
			i++;
			continue;
		}
		if (!is_alnum(c)) {
			i++;
			continue;
		}
		uint64_t h = 14695981039346656037ull;
		for (; i < len && is_alnum((unsigned char)p[i]); i++) {
			unsigned char d = (unsigned char)p[i];
			h = (h ^ (d >= 'A' && d <= 'Z' ? d | 32 : d)) * 1099511628211ull;
		}
		ix->nwords_read++;
		size_t s = (size_t)h & (LOCAL_SLOTS - 1);
		for (;;) {
			if (ix->local_gen[s] != ix->gen) {
				ix->local_gen[s] = ix->gen;
				ix->local_hash[s] = h;
				ix->distinct[ix->ndistinct++] = (uint32_t)s;
				break;
			}
			if (ix->local_hash[s] == h)
				break;
			s = (s + 1) & (LOCAL_SLOTS - 1);
		}
		if (ix->ndistinct == LOCAL_SLOTS / 2)
			index_flush(ix); /* a long section: cut in two */
	}
	index_flush(ix);
}

static void index_free(struct windex *ix)
{
	for (size_t i = 1; i < ix->nwords; i++)
		free(ix->words[i].sections);
	free(ix->words);
	free(ix->slots);
	free(ix);
}

static void fail(struct job *job, const char *what, const struct doc *d)
{
	const git_error *e = git_error_last();
	fprintf(stderr, "floor: %s/%s: %s%s%s\n", d->service, d->path, what,
		e ? ": " : "", e ? e->message : "");
	atomic_store(&job->failed, 1);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *job = w->job;
	git_repository **repos = calloc(job->nrepos, sizeof(*repos));
	git_tree **trees = calloc(job->nrepos, sizeof(*trees));
	struct html h = { 0 };
	char *out = NULL;
	size_t outcap = 0;
	if (!repos || !trees)
		abort();
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->npaths)
			break;
		struct doc *d = &job->docs[i];
		if (!trees[d->repo]) {
			char gitdir[4096];
			git_object *t = NULL;
			snprintf(gitdir, sizeof(gitdir), "%s/%s.git",
				 job->repos_dir, d->service);
			if (git_repository_open_bare(&repos[d->repo], gitdir) < 0 ||
			    git_revparse_single(&t, repos[d->repo], "HEAD^{tree}") < 0) {
				fail(job, "cannot open the repository", d);
				continue;
			}
			trees[d->repo] = (git_tree *)t;
		}
		git_tree_entry *e = NULL;
		git_blob *blob = NULL;
		if (git_tree_entry_bypath(&e, trees[d->repo], d->path) < 0 ||
		    git_blob_lookup(&blob, repos[d->repo], git_tree_entry_id(e)) < 0) {
			git_tree_entry_free(e);
			fail(job, "cannot read the blob", d);
			continue;
		}
		git_tree_entry_free(e);
		const char *buf = git_blob_rawcontent(blob);
		size_t len = (size_t)git_blob_rawsize(blob);
		size_t start = body_start(buf, len);
		w->in += (unsigned long long)len;
		if (w->ix)
			index_text(w->ix, buf + start, len - start);
		h.len = 0;
		if (md_html(buf + start, (MD_SIZE)(len - start),
			    job->out_dir ? sink : count, &h, MD_DIALECT_GITHUB, 0) != 0)
			fail(job, "md4c failed", d);
		git_blob_free(blob);
		w->out += h.len;
		if (!job->out_dir)
			continue;
		size_t need = strlen(job->out_dir) + strlen(d->service) +
			      strlen(d->path) + 16;
		if (need > outcap) {
			outcap = need * 2;
			out = xrealloc(out, outcap);
		}
		size_t pl = strlen(d->path);
		if (pl > 3 && strcmp(d->path + pl - 3, ".md") == 0)
			pl -= 3;
		snprintf(out, outcap, "%s/%s/%.*s/index.html", job->out_dir,
			 d->service, (int)pl, d->path);
		if (make_dirs(out) < 0 || write_all(out, h.p, h.len) < 0) {
			fprintf(stderr, "floor: %s: %s\n", out, strerror(errno));
			atomic_store(&job->failed, 1);
		}
	}
	for (size_t r = 0; r < job->nrepos; r++) {
		git_tree_free(trees[r]);
		git_repository_free(repos[r]);
	}
	free(trees);
	free(repos);
	free(h.p);
	free(out);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 1;
	int a = 1;
	struct job job = { 0 };
	for (;;) {
		if (a + 1 < argc && strcmp(argv[a], "-j") == 0) {
			threads = atoi(argv[a + 1]);
			a += 2;
		} else if (a < argc && strcmp(argv[a], "-i") == 0) {
			job.index = 1;
			a++;
		} else if (a + 1 < argc && strcmp(argv[a], "-o") == 0) {
			job.out_dir = argv[a + 1];
			a += 2;
		} else
			break;
	}
	if (a + 2 != argc || threads < 1 || threads > 256) {
		fputs("usage: floor [-j N] [-i] [-o OUT] REPOS LIST\n", stderr);
		return 2;
	}
	job.repos_dir = argv[a++];
	git_libgit2_init();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	FILE *f = fopen(argv[a], "r");
	if (!f) {
		fprintf(stderr, "floor: %s: %s\n", argv[a], strerror(errno));
		return 2;
	}
	size_t cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t n;
	while ((n = getline(&line, &linecap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		char *rel = strstr(line, "hugo/content/");
		rel = strdup(rel ? rel + strlen("hugo/content/") : line);
		if (!rel)
			abort();
		char *slash = strchr(rel, '/');
		if (!slash) {
			fprintf(stderr, "floor: %s: not <service>/<path>\n", line);
			return 2;
		}
		*slash = '\0';
		if (job.npaths == cap) {
			cap = cap ? cap * 2 : 1024;
			job.docs = xrealloc(job.docs, cap * sizeof(*job.docs));
		}
		struct doc *d = &job.docs[job.npaths++];
		d->service = rel;
		d->path = slash + 1;
		/* the list is grouped by service: a new one is a new repository */
		if (!job.nrepos || strcmp(job.repos[job.nrepos - 1], rel) != 0) {
			job.repos = xrealloc(job.repos,
					     (job.nrepos + 1) * sizeof(*job.repos));
			job.repos[job.nrepos++] = rel;
		}
		d->repo = job.nrepos - 1;
	}
	free(line);
	fclose(f);

	struct worker *w = calloc((size_t)threads, sizeof(*w));
	if (!w)
		abort();
	for (int i = 0; i < threads; i++) {
		w[i].job = &job;
		if (job.index) {
			w[i].ix = calloc(1, sizeof(*w[i].ix));
			if (!w[i].ix)
				abort();
			w[i].ix->nwords = 1;
			w[i].ix->gen = 1;
			index_grow(w[i].ix);
		}
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
			fputs("floor: cannot start a thread\n", stderr);
			return 2;
		}
	}
	unsigned long long in = 0, out = 0, words = 0, pairs = 0, sections = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(w[i].thread, NULL);
		in += w[i].in;
		out += w[i].out;
		if (w[i].ix) {
			words += w[i].ix->nwords_read;
			pairs += w[i].ix->npairs;
			sections += w[i].ix->section;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("floor: %zu documents, %llu bytes of Markdown, %llu bytes of HTML%s, %d threads, %.3f s\n",
	       job.npaths, in, out, job.out_dir ? " written" : "", threads, secs);
	if (job.index)
		printf("floor: indexed %llu words, %llu sections, %llu (section, word) pairs\n",
		       words, sections, pairs);
	for (int i = 0; i < threads; i++)
		if (w[i].ix)
			index_free(w[i].ix);
	for (size_t i = 0; i < job.npaths; i++)
		free(job.docs[i].service); /* the strdup of the line */
	free(job.docs);
	free(job.repos);
	git_libgit2_shutdown();
	free(w);
	return atomic_load(&job.failed) ? 2 : 0;
}
