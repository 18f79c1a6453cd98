/* output: files written into new folders from several threads, and the
 * twin's files replaced without touching the live site's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fixture.h"
#include "harness.h"
#include "output.h"

/* A new folder for a site (parent/site): the path, malloc'd. */
static char *new_site(void)
{
	char tmpl[512];
	char *dir = fixture_mkdtemp(tmpl, sizeof(tmpl), "cairn-output");
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/site", dir ? dir : "/nonexistent");
	return buf_detach(&p, NULL);
}

static void remove_parent(const char *site)
{
	char *parent = strdup(site);
	*strrchr(parent, '/') = '\0';
	output_remove_tree(parent);
	free(parent);
}

/* The bytes of dir/rel, or NULL (malloc'd). */
static char *read_rel(const char *dir, const char *rel)
{
	char path[512];
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return fixture_read(path, &len);
}

/* File i of the threaded test: folders shared between threads, nested up
 * to four deep. */
static void nth_path(struct buf *b, size_t i)
{
	buf_clear(b);
	buf_printf(b, "s%zu/", i % 7);
	if (i % 3)
		buf_printf(b, "d%zu/", i % 11);
	if (i % 5 == 0)
		buf_printf(b, "e%zu/f/", i % 4);
	buf_printf(b, "p%zu.html", i);
}

struct writer {
	struct output *o;
	size_t from, to;
	int failed;
};

static void *write_range(void *arg)
{
	struct writer *w = arg;
	struct buf path = BUF_INIT, data = BUF_INIT, err = BUF_INIT;
	for (size_t i = w->from; i < w->to; i++) {
		nth_path(&path, i);
		buf_clear(&data);
		buf_printf(&data, "page %zu\n", i);
		if (output_write(w->o, path.ptr, data.ptr, data.len, &err) < 0)
			w->failed = 1;
	}
	buf_release(&path);
	buf_release(&data);
	buf_release(&err);
	return NULL;
}

TEST(threads_write_files_into_new_folders_of_a_new_site)
{
	char *site = new_site();
	struct output o;
	struct buf err = BUF_INIT, path = BUF_INIT, want = BUF_INIT;
	pthread_t th[4];
	struct writer w[4];
	CHECK(output_begin(&o, site, &err) == 0);
	for (int t = 0; t < 4; t++) {
		w[t] = (struct writer){ &o, (size_t)t * 100, (size_t)t * 100 + 100, 0 };
		pthread_create(&th[t], NULL, write_range, &w[t]);
	}
	for (int t = 0; t < 4; t++) {
		pthread_join(th[t], NULL);
		CHECK(!w[t].failed);
	}
	CHECK(output_commit(&o, &err) == 0);
	for (size_t i = 0; i < 400; i++) {
		nth_path(&path, i);
		buf_clear(&want);
		buf_printf(&want, "page %zu\n", i);
		char *got = read_rel(site, path.ptr);
		CHECK_STR(got, want.ptr);
		free(got);
	}
	remove_parent(site);
	free(site);
	buf_release(&err);
	buf_release(&path);
	buf_release(&want);
}

/* One build of the site: rels[i] gets datas[i], for i below n. */
static int build(const char *site, const char *const *rels,
		 const char *const *datas, size_t n)
{
	struct output o;
	struct buf err = BUF_INIT;
	int rc = output_begin(&o, site, &err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = output_write(&o, rels[i], datas[i], strlen(datas[i]), &err);
	if (rc == 0)
		rc = output_commit(&o, &err);
	else
		output_abort(&o);
	if (rc < 0)
		fprintf(stderr, "build: %s\n", err.ptr);
	buf_release(&err);
	return rc;
}

/* The twin (the previous site) holds links to the live site's files: a
 * file changed is written as a new file, so that the live site's copy,
 * and the twin's once the two are exchanged, keep their bytes. */
TEST(a_changed_file_never_changes_the_site_it_was_linked_from)
{
	char *site = new_site();
	struct buf twin = BUF_INIT;
	buf_put(&twin, site, strlen(site) - strlen("site"));
	buf_puts(&twin, ".site.prev");
	const char *rels[] = { "a/b/c.html", "a/d.html", "n/m/new.html" };
	const char *v1[] = { "c1", "d1" }, *v2[] = { "c2", "d1" },
		   *v3[] = { "c3", "d1" }, *v4[] = { "c3", "d4", "new" };

	CHECK(build(site, rels, v1, 2) == 0); /* fresh */
	CHECK(build(site, rels, v2, 2) == 0); /* an empty twin: c new, d linked */
	CHECK(build(site, rels, v3, 2) == 0); /* c written over the twin's own */
	char *c = read_rel(site, "a/b/c.html"), *tc = read_rel(twin.ptr, "a/b/c.html");
	CHECK_STR(c, "c3");
	CHECK_STR(tc, "c2");
	free(c);
	free(tc);
	CHECK(build(site, rels, v4, 3) == 0); /* d: the twin's is a link */
	char *d = read_rel(site, "a/d.html"), *td = read_rel(twin.ptr, "a/d.html");
	char *nw = read_rel(site, "n/m/new.html");
	CHECK_STR(d, "d4");
	CHECK_STR(td, "d1");
	CHECK_STR(nw, "new");
	free(d);
	free(td);
	free(nw);
	remove_parent(site);
	free(site);
	buf_release(&twin);
}

int main(void)
{
	RUN(threads_write_files_into_new_folders_of_a_new_site);
	RUN(a_changed_file_never_changes_the_site_it_was_linked_from);
	return harness_report();
}
