/* Helpers of the search index's unit tests (test_search.c,
 * test_search_update.c): sites written to temporary folders, and seeded
 * text with a Zipf-like spread of words. */
#ifndef CAIRN_TEST_SEARCH_FIXTURES_H
#define CAIRN_TEST_SEARCH_FIXTURES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fixture.h"
#include "harness.h"
#include "output.h"
#include "search.h"

static inline char *temp_site(void)
{
	char tmpl[512];
	char *dir = fixture_mkdtemp(tmpl, sizeof(tmpl), "cairn-search");
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/site", dir ? dir : "/nonexistent");
	return buf_detach(&p, NULL);
}

static inline void remove_site(const char *site)
{
	char *parent = strdup(site);
	*strrchr(parent, '/') = '\0';
	output_remove_tree(parent);
	free(parent);
}

/* Writes ix into a new site folder; returns its path (malloc'd). */
static inline char *write_site(struct search_index *ix)
{
	struct output o;
	struct buf err = BUF_INIT;
	char *site = temp_site();
	int ok = output_begin(&o, site, &err) == 0 &&
		 search_write(ix, &o, &err) == 0 && output_commit(&o, &err) == 0;
	if (!ok)
		fprintf(stderr, "write_site: %s\n", err.ptr);
	CHECK(ok);
	buf_release(&err);
	return site;
}

static inline size_t file_size(const char *site, const char *rel)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", site, rel);
	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

/* A seeded generator of text with a Zipf-like spread of words. */
static inline uint32_t rng(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*state >> 33);
}

static const char *const common_words[] = {
	"the",	   "service", "request",    "error",	"database",  "deploy",
	"latency", "timeout", "cluster",    "config",	"queue",     "cache",
	"retry",   "payment", "user",	    "token",	"alert",     "metric",
	"replica", "shard",   "build",	    "release",	"incident",  "owner",
	"team",	   "runbook", "restart",    "pod",	"node",	     "network",
	"storage", "backup",  "failover",   "rollback", "migration", "schema",
	"index",   "query",   "connection", "pool",
};

static inline void word_of(struct buf *b, uint32_t r)
{
	size_t nc = sizeof(common_words) / sizeof(*common_words);
	/* half the words from a short list, the rest made up, many rare */
	if (r % 2 == 0) {
		buf_puts(b, common_words[(r / 2) % nc * ((r / 2) % 3 == 0) % nc]);
		return;
	}
	uint32_t k = (r / 2) % 20000;
	k = k * k / 20000; /* skew towards small numbers: common made-up words */
	static const char *const syl[] = { "ka",  "lo",	 "mi",	"ren", "tu",
					   "vos", "za",	 "pel", "dri", "on",
					   "ux",  "shi", "ba",	"ne" };
	do {
		buf_puts(b, syl[k % 14]);
		k /= 14;
	} while (k);
}

#endif
