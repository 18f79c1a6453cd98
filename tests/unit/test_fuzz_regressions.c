/* Replays what the fuzz targets found (and a few seeds worth keeping):
 * every file of tests/fuzz-regressions/<target>/ goes through fuzz_<target>
 * (fuzz/targets.c), the function the libFuzzer binary of `make fuzz` calls,
 * here in an ordinary build.  An input that crashes kills the test; under
 * the sanitizers (tests/all.sh) one that reads out of bounds, leaks or
 * triggers undefined behaviour is reported; one that takes more than
 * FILE_SECONDS is killed by the alarm.  $CAIRN_FUZZ_REGRESSIONS names
 * another folder. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "harness.h"
#include "targets.h"

#define FILE_SECONDS 60

static const char *dir;
static const struct fuzz_target *target;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole into a malloc'd block of exactly its size (so that a
 * read past the end is seen), never NULL. */
static unsigned char *slurp(const char *path, size_t *size)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	*size = 0;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	unsigned char *data = malloc(b.len ? b.len : 1);
	if (data)
		memcpy(data, b.ptr, b.len);
	*size = b.len;
	buf_release(&b);
	return data;
}

/* Every regression of the current target goes through it. */
TEST(replay)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, target->name);
	DIR *d = opendir(path.ptr);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n == 0)
		fprintf(stderr, "FAIL %s: no inputs in %s\n", target->name, path.ptr);
	CHECK(n > 0);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct buf file = BUF_INIT;
		size_t size;
		buf_printf(&file, "%s/%s", path.ptr, names[i]);
		unsigned char *data = slurp(file.ptr, &size);
		CHECK(data != NULL);
		if (data) {
			/* named before it runs: a crash leaves the name last */
			fprintf(stderr, "%s/%s\n", target->name, names[i]);
			alarm(FILE_SECONDS);
			CHECK(target->fn(data, size) == 0);
			alarm(0);
		}
		free(data);
		buf_release(&file);
		free(names[i]);
	}
	free(names);
	buf_release(&path);
}

/* Each folder of the regressions names a target (a misspelt one would
 * silently replay nothing). */
TEST(every_folder_is_a_target)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		int known = 0;
		for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
			known |= strcmp(t->name, e->d_name) == 0;
		if (!known)
			fprintf(stderr, "FAIL %s/%s: no fuzz target of that name\n",
				dir, e->d_name);
		CHECK(known);
	}
	if (d)
		closedir(d);
}

int main(void)
{
	/* as `make fuzz` runs: ASan sees every arena object */
	signal(SIGALRM, SIG_DFL);
	dir = getenv("CAIRN_FUZZ_REGRESSIONS");
	if (!dir || !*dir)
		dir = "tests/fuzz-regressions";
	RUN(every_folder_is_a_target);
	for (target = fuzz_targets; target->name; target++)
		RUN(replay);
	return harness_report();
}
