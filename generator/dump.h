/* dump: the assembled model as sorted text, for debugging and for the
 * golden files (`cairn build --dump-model FILE`, tests/regress.sh). */
#ifndef CAIRN_DUMP_H
#define CAIRN_DUMP_H

#include "buf.h"
#include "site.h"

/* Appends the model of the assembled site s to out: one line per fact
 * (sources, services and their relations, documents with their kinds and
 * owners, content pages, teams and their services and members, APIs,
 * action items), sorted bytewise, each starting with what it is about.
 * Values are quoted ("..." with \\, \" and control bytes escaped); an
 * absent one is -.  Nothing depends on the order of the crawl or on -j. */
void dump_model(struct buf *out, const struct site *s);

/* Writes dump_model's text to path; returns 0, or -1 with errno set. */
int dump_model_file(const char *path, const struct site *s);

#endif
