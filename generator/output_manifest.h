/* output_manifest: the manifest's entries, their index, its file; a part
 * of output.c (only it includes this).  Not thread-safe: output.c holds
 * its lock around the calls that change a manifest. */
#ifndef CAIRN_OUTPUT_MANIFEST_H
#define CAIRN_OUTPUT_MANIFEST_H

#include "output.h"

/* The file's magic: its format. */
extern const char output_manifest_magic[8];

/* What output_manifest_add_n keeps of the strings it is given: copies, or the
 * pointers (then they must live as long as the manifest). */
enum output_keep {
	OUTPUT_KEEP_COPIES = 0,
	OUTPUT_KEEP_PATH = 1, /* the path as given (a C string) */
	OUTPUT_KEEP_META = 2, /* the diagnostics, images and lookups as given */
	OUTPUT_KEEP_NEW = 4,  /* only a new path: NULL (and nothing changed)
			       * when the manifest holds it */
};

/* The entry of path, or NULL. */
const struct output_entry *output_manifest_find(const struct output_manifest *m,
						const char *path);
/* Adds an entry, or replaces the entry of the same path (unless keep has
 * OUTPUT_KEEP_NEW); the strings kept as keep (enum output_keep's bits)
 * says. */
struct output_entry *output_manifest_add_n(struct output_manifest *m,
					   const char *path, size_t len,
					   uint64_t fp, uint64_t hash, uint64_t gen,
					   const struct output_meta *meta, int keep);
/* output_manifest_add_n of a C string, everything copied. */
struct output_entry *output_manifest_add(struct output_manifest *m, const char *path,
					 uint64_t fp, uint64_t hash, uint64_t gen,
					 const struct output_meta *meta);
/* Frees all m holds (its file unmapped) and leaves it empty, ready to be
 * loaded again. */
void output_manifest_release(struct output_manifest *m);
/* qsort's comparison of two struct output_entry pointers, by path. */
int output_manifest_cmp_path(const void *a, const void *b);
/* m's entries in path order (malloc'd): the same site gives the same
 * manifest bytes. */
const struct output_entry **output_manifest_sorted(const struct output_manifest *m);
/* The n entries, in that order, as the manifest file holds them (the
 * generations aside: they follow); an entry that is the same as from's
 * (output_entry.same; from loaded, may be NULL) is copied from its file. */
void output_manifest_entries(struct buf *b, const struct output_entry *const *sorted,
			     size_t n, const struct output_manifest *from);
/* Reads dir's manifest: 0 when it loads, -1 when there is none, -2 when
 * it is damaged (then why says how) or was written by another version of
 * cairn (why left empty).  beside and at: see output_manifest.c. */
int output_manifest_load(struct output_manifest *m, const char *dir, struct buf *why,
			 const struct output_manifest *beside, uint32_t **at);

#endif
