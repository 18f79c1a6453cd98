/* targets: one function per parser of repository content, fed arbitrary
 * bytes the way cairn feeds it a file.  The libFuzzer binaries
 * (fuzz/fuzz_<name>.c) call them, and so does the regression test
 * (tests/unit/test_fuzz_regressions.c), which replays every file of
 * tests/fuzz-regressions/<name>/ through fuzz_<name> in an ordinary build.
 *
 * Each takes size bytes at data (not NUL-terminated: a read past the end is
 * a finding), frees everything it allocated, and returns 0.  A bug shows as
 * a crash, a sanitizer report or a leak, never as a return value.
 *
 * Several inputs hold more than one file: parts are separated by NUL bytes
 * (a byte no text file of a repository contains, so a fixture is a seed as
 * it is).  See each function for what its parts are. */
#ifndef CAIRN_FUZZ_TARGETS_H
#define CAIRN_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* YAML and JSON: every document (yaml_parse_all), the first (yaml_parse),
 * each written back as JSON. */
int fuzz_yaml(const uint8_t *data, size_t size);
/* A Markdown file through crawl_make_doc: NUL bytes, UTF-8 repair, front
 * matter, the leading heading. */
int fuzz_frontmatter(const uint8_t *data, size_t size);
/* catalog-info.yaml: entities, the index, references, component homes. */
int fuzz_catalog(const uint8_t *data, size_t size);
/* CODEOWNERS (the dialect from the length: .github/, .gitlab/ or the root),
 * then lookups of fixed paths and of each line's pattern as a path. */
int fuzz_codeowners(const uint8_t *data, size_t size);
/* OWNERS files: part i is the OWNERS file of the i-th of four folders. */
int fuzz_owners(const uint8_t *data, size_t size);
/* Markdown to HTML, with a resolve callback that keeps, rewrites or drops
 * each relative link (decided by the URL). */
int fuzz_markdown(const uint8_t *data, size_t size);
/* Mustache: part 0 the template, part 1 the data (YAML or JSON; empty or
 * absent: a fixed context), each further part "name\ntext" a template of
 * that name (partials and parents). */
int fuzz_mustache(const uint8_t *data, size_t size);
/* OpenAPI or Swagger, YAML or JSON: part 0 is openapi.yaml; a $ref to
 * another file loads one of the other parts (or part 0 again, or nothing),
 * chosen by the file's path. */
int fuzz_openapi(const uint8_t *data, size_t size);
/* A post-mortem file through crawl_make_doc and records_parse. */
int fuzz_postmortem(const uint8_t *data, size_t size);
/* An RFC or ADR file through crawl_make_doc and records_parse. */
int fuzz_rfc(const uint8_t *data, size_t size);
/* The deploy feed (deploy_feed_parse, deploy_feed_check). */
int fuzz_deploy(const uint8_t *data, size_t size);
/* cairn.yaml (config_parse), in a folder that does not exist. */
int fuzz_config(const uint8_t *data, size_t size);

struct fuzz_target {
	const char *name; /* "yaml": fuzz/fuzz_yaml.c, fuzz_yaml() */
	int (*fn)(const uint8_t *data, size_t size);
};

/* Every target, in a NULL-named terminated array. */
extern const struct fuzz_target fuzz_targets[];

#endif
