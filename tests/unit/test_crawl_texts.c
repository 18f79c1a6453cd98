/* crawl_texts: a repository's texts saved from the spill file and loaded
 * back into it; damage to a text or to the header is never trusted. */
#include <dirent.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "config.h"
#include "crawl_cache.h"
#include "crawl_texts.h"
#include "fixture.h"
#include "harness.h"
#include "site.h"

static const char *const texts[] = { "# A\n\nfirst text\n", "", "third, with no spill" };
static const char *const paths[] = { "a.md", "b.md", "c.md" };
#define NDOCS 3

struct fixture {
	char dir[256];
	struct config cfg;
	struct config_repo cr;
	struct diag_list diags;
	struct site s;
	struct source src;
	struct document docs[NDOCS];
	struct document *pdocs[NDOCS];
};

/* A site whose cache is a fresh folder, one source of NDOCS documents;
 * with spill, each document but the last spilled. */
static void setup(struct fixture *f, const char *dir, int spill)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s", dir);
	f->cfg.cache = f->dir;
	f->cr.name = "svc";
	f->cr.path = "/nowhere/svc";
	diag_init(&f->diags);
	site_init(&f->s, &f->cfg, &f->diags, 1);
	site_spill_begin(&f->s);
	f->src.name = "svc";
	f->src.cfg = &f->cr;
	strcpy(f->src.commit.id, "0123456789012345678901234567890123456789");
	for (size_t i = 0; i < NDOCS; i++) {
		f->docs[i].path = paths[i];
		f->docs[i].len = strlen(texts[i]);
		f->docs[i].src = &f->src;
		f->pdocs[i] = &f->docs[i];
		if (spill && i + 1 < NDOCS)
			site_spill(&f->s, &f->docs[i], texts[i], f->docs[i].len,
				   NULL, 0);
	}
	f->src.docs = f->pdocs;
	f->src.ndocs = NDOCS;
}

static void teardown(struct fixture *f)
{
	/* the source is the fixture's, not among the site's sources */
	if (f->src.texts) {
		cache_file_drop(f->src.texts);
		close(f->src.texts->fd);
	}
	arena_release(&f->src.arena);
	site_release(&f->s);
	diag_release(&f->diags);
}

static char *texts_path(struct fixture *f)
{
	return crawl_cache_path(&f->s, &f->src, "crawl-text");
}

/* Flips one byte of the file at path, at offset at from its end (from its
 * start when from_start). */
static void flip(const char *path, off_t at, int from_start)
{
	int fd = open(path, O_RDWR);
	struct stat st;
	CHECK(fd >= 0 && fstat(fd, &st) == 0);
	off_t where = from_start ? at : st.st_size - at;
	char c;
	CHECK(pread(fd, &c, 1, where) == 1);
	c ^= 1;
	CHECK(pwrite(fd, &c, 1, where) == 1);
	close(fd);
}

/* How many names the crawl-text folder under dir holds. */
static int files_in(const char *dir)
{
	char sub[320];
	snprintf(sub, sizeof(sub), "%s/crawl-text", dir);
	DIR *d = opendir(sub);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* A fresh folder under TMPDIR in dir (256 bytes): its path, or NULL. */
static char *scratch_dir(char *dir)
{
	return fixture_mkdtemp(dir, 256, "cairn-texts");
}

/* Removes the saved file p (freed), its crawl-text folder and dir. */
static void remove_scratch(const char *dir, char *p)
{
	unlink(p);
	free(p);
	char sub[320];
	snprintf(sub, sizeof(sub), "%s/crawl-text", dir);
	rmdir(sub);
	rmdir(dir);
}

static char *unspilled(struct fixture *f, size_t i, struct arena *a)
{
	return (char *)site_unspill(&f->s, &f->docs[i], a);
}

TEST(saved_texts_load_back)
{
	char dir[256];
	CHECK(scratch_dir(dir));
	struct fixture w, r;
	struct arena a;
	arena_init(&a);
	setup(&w, dir, 1);
	crawl_texts_save(&w.s, &w.src);
	setup(&r, dir, 0);
	crawl_texts_load(&r.s, &r.src);
	CHECK_STR(unspilled(&r, 0, &a), texts[0]);
	CHECK_STR(unspilled(&r, 1, &a), texts[1]);
	CHECK(r.docs[2].spilled == 0); /* never spilled, never saved */
	CHECK(r.diags.len == 0);
	teardown(&r);

	/* a text's byte damaged: that text is not used, the others are */
	char *p = texts_path(&w);
	flip(p, 2, 1); /* in "# A\n\nfirst text\n", the first */
	setup(&r, dir, 0);
	crawl_texts_load(&r.s, &r.src);
	CHECK(r.docs[0].spilled == 0);
	CHECK_STR(unspilled(&r, 1, &a), texts[1]);
	CHECK(r.diags.len == 0);
	teardown(&r);

	/* the tail damaged: nothing used, a warning names the file */
	flip(p, 1, 0);
	setup(&r, dir, 0);
	crawl_texts_load(&r.s, &r.src);
	CHECK(r.docs[0].spilled == 0 && r.docs[1].spilled == 0);
	CHECK(r.diags.len == 1 && strstr(r.diags.items[0].msg, "damaged"));
	teardown(&r);

	/* another commit's texts are not this one's */
	teardown(&w);
	setup(&w, dir, 1);
	crawl_texts_save(&w.s, &w.src);
	setup(&r, dir, 0);
	r.src.commit.id[0] = 'f';
	crawl_texts_load(&r.s, &r.src);
	CHECK(r.docs[0].spilled == 0 && r.docs[1].spilled == 0);
	teardown(&r);
	teardown(&w);

	remove_scratch(dir, p);
	arena_release(&a);
}

/* A text and its tape go to the spill file in one write and come back
 * apart, each whole; the next document's bytes follow them. */
TEST(a_text_and_its_tape_spill_and_come_back)
{
	char dir[256];
	CHECK(scratch_dir(dir));
	struct fixture f;
	struct arena a;
	arena_init(&a);
	setup(&f, dir, 0);
	static const char tape[] = "TAPE\0\1\2 bytes after the text";
	site_spill(&f.s, &f.docs[0], texts[0], f.docs[0].len, tape, sizeof(tape));
	site_spill(&f.s, &f.docs[2], texts[2], f.docs[2].len, NULL, 0);
	CHECK(f.docs[0].spilled && f.docs[0].tape_len == sizeof(tape));
	CHECK(f.docs[2].spilled && f.docs[2].tape_len == 0);
	CHECK(f.docs[2].spilled - 1 ==
	      f.docs[0].spilled - 1 + f.docs[0].len + sizeof(tape));
	CHECK_STR(unspilled(&f, 0, &a), texts[0]);
	CHECK_STR(unspilled(&f, 2, &a), texts[2]);
	size_t n = 0;
	const char *t = site_unspill_tape(&f.s, &f.docs[0], &a, &n);
	CHECK(t && n == sizeof(tape) && memcmp(t, tape, n) == 0);
	CHECK(site_unspill_tape(&f.s, &f.docs[2], &a, &n) == NULL && n == 0);
	teardown(&f);
	rmdir(dir);
	arena_release(&a);
}

/* A crawl writes the texts straight into the repository's file: the
 * render reads them there before and after it is saved, the spill file
 * holds only the tapes, and the file loads back as one copied from the
 * spill file does. */
TEST(texts_written_in_place_read_and_load_back)
{
	char dir[256];
	CHECK(scratch_dir(dir));
	struct fixture w, r;
	struct arena a;
	arena_init(&a);
	setup(&w, dir, 0);
	crawl_texts_begin(&w.s, &w.src);
	CHECK(w.src.texts != NULL && w.s.text_files == 1);
	static const char tape[] = "a tape";
	site_spill(&w.s, &w.docs[0], texts[0], w.docs[0].len, tape, sizeof(tape));
	site_spill(&w.s, &w.docs[1], texts[1], w.docs[1].len, NULL, 0);
	CHECK(w.docs[0].spilled == 1); /* the file's first bytes */
	CHECK(w.docs[1].spilled == 1 + w.docs[0].len);
	CHECK(atomic_load(&w.s.spill_end) == sizeof(tape)); /* the tape only */
	CHECK_STR(unspilled(&w, 0, &a), texts[0]);
	size_t n = 0;
	const char *t = site_unspill_tape(&w.s, &w.docs[0], &a, &n);
	CHECK(t && n == sizeof(tape) && memcmp(t, tape, n) == 0);
	char *p = texts_path(&w);
	CHECK(access(p, F_OK) != 0); /* not in place before it is saved */
	crawl_texts_save(&w.s, &w.src);
	CHECK(access(p, F_OK) == 0);
	CHECK(files_in(dir) == 1);		   /* nothing left beside it */
	CHECK_STR(unspilled(&w, 0, &a), texts[0]); /* still read there */
	CHECK(w.diags.len == 0);
	setup(&r, dir, 0);
	crawl_texts_load(&r.s, &r.src);
	CHECK_STR(unspilled(&r, 0, &a), texts[0]);
	CHECK_STR(unspilled(&r, 1, &a), texts[1]);
	CHECK(r.docs[2].spilled == 0);
	CHECK(r.diags.len == 0);
	teardown(&r);
	teardown(&w);

	/* no descriptors to spare: the texts go to the spill file, and are
	 * saved from there */
	unlink(p);
	setup(&w, dir, 0);
	w.s.text_files_max = 0;
	crawl_texts_begin(&w.s, &w.src);
	CHECK(w.src.texts == NULL);
	site_spill(&w.s, &w.docs[0], texts[0], w.docs[0].len, NULL, 0);
	crawl_texts_save(&w.s, &w.src);
	setup(&r, dir, 0);
	crawl_texts_load(&r.s, &r.src);
	CHECK_STR(unspilled(&r, 0, &a), texts[0]);
	CHECK(r.docs[1].spilled == 0);
	teardown(&r);
	teardown(&w);

	remove_scratch(dir, p);
	arena_release(&a);
}

int main(void)
{
	RUN(saved_texts_load_back);
	RUN(a_text_and_its_tape_spill_and_come_back);
	RUN(texts_written_in_place_read_and_load_back);
	return harness_report();
}
