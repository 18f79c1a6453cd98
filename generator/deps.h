/* deps: the third-party packages a repository names in its manifests and
 * lock files (issue 19, "who ships what").
 *
 * One call reads one file's text into a list of packages; the caller (the
 * crawl) picks the files with deps_format_of, reads each, and where a
 * manifest and its lock file sit in the same folder (deps_lock_of) merges
 * them with deps_merge.  Nothing here knows of repositories, services or
 * diagnostics: a file that cannot be read is a -1 with a deps_error (line
 * and message) for the caller to turn into a user-fixable diagnostic, and
 * lines skipped in a file that can be read are `problems` (warnings).
 *
 * Formats (ecosystem in brackets):
 *   go.mod [go]             require lines and blocks; "// indirect" marks
 *                           indirect ones; versions as written ("v1.2.3")
 *   package.json [npm]      dependencies, optionalDependencies,
 *                           devDependencies (dev); peerDependencies not
 *   package-lock.json [npm] v1 (the "dependencies" tree), v2 and v3 (the
 *   npm-shrinkwrap.json      "packages" map, nested node_modules/ paths);
 *                           linked workspace packages are not third-party
 *   yarn.lock [npm]         classic (v1) and Berry (v2 and later): each
 *                           entry's package (an alias's real one) and
 *                           version; workspace:, link:, portal: and file:
 *                           entries are the project's own
 *   requirements*.txt, requirements/NAME.txt [pypi]
 *                           one requirement a line (backslash continues),
 *                           comments, extras and environment markers
 *                           dropped, "-r"/"-c" files noted in `includes`
 *                           (not followed), other options skipped; "==X"
 *                           gives the version; dev when the file's name
 *                           says "dev" or "test"
 *   poetry.lock [pypi]      [[package]] name, version, category "dev"
 *   pyproject.toml [pypi]   the manifest of poetry.lock: [project]
 *                           dependencies (PEP 508 strings, as requirement
 *                           lines), optional-dependencies and
 *                           [dependency-groups] whose name says "dev",
 *                           "test" or "lint" (dev; other extras are not
 *                           read);
 *                           [tool.poetry.dependencies] ("python" skipped),
 *                           its dev-dependencies and group.*.dependencies
 *                           (dev), a constraint as a string or a table's
 *                           "version"
 *   Cargo.lock [cargo]      [[package]] with a source; direct: named by
 *                           a package without one (the workspace's own)
 *   Gemfile.lock [rubygems] GEM and GIT specs (a platform suffix such as
 *                           "-x86_64-linux" dropped), DEPENDENCIES direct
 *   Gemfile [rubygems]      the manifest of Gemfile.lock: each gem "name"
 *                           (its requirements the range), dev in a group
 *                           block or with a group: of development or
 *                           tests only; path: gems are the project's own
 *   composer.json [packagist] require, require-dev (dev); "php", "ext-*"
 *                           and other platform names skipped
 *   composer.lock [packagist] packages, packages-dev (dev)
 *   pom.xml [maven]         project/dependencies/dependency as
 *                           "groupId:artifactId" (scope test: dev);
 *                           ${...} resolved from the file's <properties>,
 *                           project.version, project.groupId and the
 *                           parent's; dependencyManagement, plugins and
 *                           profiles are not dependencies
 * Python names are normalized as PEP 503 says (lower case, runs of "-_."
 * as one "-"); other names are kept as written.  A lock file's packages are
 * unique by (name, version); a package installed twice at one version is
 * direct when either is, dev when both are. */
#ifndef CAIRN_DEPS_H
#define CAIRN_DEPS_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum deps_format {
	DEPS_UNKNOWN,
	DEPS_GO_MOD,
	DEPS_PACKAGE_JSON,
	DEPS_PACKAGE_LOCK,
	DEPS_REQUIREMENTS,
	DEPS_POETRY_LOCK,
	DEPS_CARGO_LOCK,
	DEPS_GEMFILE_LOCK,
	DEPS_COMPOSER_JSON,
	DEPS_COMPOSER_LOCK,
	DEPS_POM,
	DEPS_PYPROJECT,
	DEPS_YARN_LOCK,
	DEPS_GEMFILE
};

/* One package as a file names it.  Strings are arena-owned, never NULL. */
struct deps_package {
	const char *ecosystem; /* "go", "npm", "pypi", "cargo", "rubygems",
				* "packagist", "maven" (static strings) */
	const char *name;
	const char *version; /* resolved or exact; "" when only a range is
				* known (or none: a Maven version from a
				* parent) */
	const char *range;   /* as the manifest writes it ("^4.17.0",
				* ">=2.0,<3"); "" in lock files */
	int direct;	     /* named by the project itself (1), or only
				* needed by another package (0; also a lock
				* file's packages when it cannot tell) */
	int dev;	     /* needed only to develop or test */
	int line;	     /* where the file names it; 0 unknown */
	int in_manifest;     /* line is the manifest's, in a list deps_merge
				* made (the lock file's otherwise) */
};

/* Something skipped in a file that was otherwise read. */
struct deps_problem {
	int line;
	const char *msg; /* lower case, the thing quoted */
};

struct deps_list {
	struct deps_package *items;
	size_t len, cap;
	const char **includes; /* files a requirements file includes (-r, -c),
				* as written, not followed */
	size_t nincludes, cap_includes;
	struct deps_problem *problems;
	size_t nproblems, cap_problems;
	int sorted; /* 1: the items are known to be in name order
		     * (deps_unique found them so); deps_add clears it */
};

#define DEPS_LIST_INIT                                \
	{                                             \
		NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, 0 \
	}

struct deps_error {
	int line; /* 1-based; 0 when the whole file is wrong */
	char msg[256];
};

/* The format of a repository path, from its file name (any folder):
 * DEPS_UNKNOWN for every other file. */
enum deps_format deps_format_of(const char *path);

/* The format's name as the file is usually called ("package-lock.json"). */
const char *deps_format_name(enum deps_format f);

/* For a lock file's format, its manifest's (package-lock.json:
 * package.json, composer.lock: composer.json); DEPS_UNKNOWN for the others
 * (their directness is in the lock file itself, or not known). */
enum deps_format deps_manifest_of(enum deps_format lock);

/* Reads text (len bytes, any content: binary, invalid UTF-8 and truncated
 * text are errors, never crashes) of the file at path (its name chooses
 * the format, and for requirements files whether they are dev) into out
 * (appending; start from DEPS_LIST_INIT), all in a.  Returns 0, or -1 with
 * err filled (out may then hold part of the file). */
int deps_read(struct deps_list *out, struct arena *a, const char *path,
	      const char *text, size_t len, struct deps_error *err);

/* A manifest's list and its lock file's, as one: every package of the lock
 * with its resolved version; those the manifest names get the manifest's
 * range, directness and dev flag (the first of the lock's entries of that
 * name: the top-level install), and its line (in_manifest: where a
 * reader edits the requirement); what the manifest names and the lock
 * lacks is kept as the manifest says.  out is reset first; its strings are
 * shared with the inputs. */
void deps_merge(struct deps_list *out, struct arena *a,
		const struct deps_list *manifest, const struct deps_list *lock);

/* Appends list as text, one line a package
 *     ECOSYSTEM NAME VERSION RANGE direct|indirect prod|dev LINE
 * ("-" for an empty version or range), then "include: PATH" and
 * "problem: LINE: MESSAGE" lines (the golden files' form). */
void deps_dump(struct buf *out, const struct deps_list *list);

/* ---- for the format readers (deps_*.c) ---- */

struct deps_package *deps_add(struct deps_list *l, struct arena *a,
			      const char *eco, const char *name,
			      const char *version, const char *range, int line);
void deps_problem(struct deps_list *l, struct arena *a, int line,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int deps_fail(struct deps_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A Python package's name normalized (PEP 503), in a. */
const char *deps_pypi_name(struct arena *a, const char *p, size_t n);
/* Merges the entries of l from index `from` that share a name and version
 * (direct when either is, dev when both are). */
void deps_unique(struct deps_list *l, struct arena *a, size_t from);

/* 1 when the names of l's entries [from, to) are in strictly increasing
 * order (strcmp; as a lock file's tool writes them): then they all differ,
 * and deps_find_sorted finds one by name. */
int deps_sorted(const struct deps_list *l, size_t from, size_t to);
/* The index of the entry named name among l's entries [from, to), which
 * deps_sorted says are in order, or (size_t)-1. */
size_t deps_find_sorted(const struct deps_list *l, size_t from, size_t to,
			const char *name);

int deps_read_json(struct deps_list *out, struct arena *a, enum deps_format f,
		   const char *text, size_t len, struct deps_error *err);
int deps_read_toml(struct deps_list *out, struct arena *a, enum deps_format f,
		   const char *text, size_t len, struct deps_error *err);
int deps_read_pom(struct deps_list *out, struct arena *a, const char *text,
		  size_t len, struct deps_error *err);
int deps_read_yarn(struct deps_list *out, struct arena *a, const char *text,
		   size_t len, struct deps_error *err);
/* One requirement of a requirements file or of pyproject.toml's
 * dependencies ("name[extras] specifiers ; markers"), n bytes at p: a
 * direct pypi package (dev as given), or a problem at line. */
void deps_requirement(struct deps_list *out, struct arena *a, const char *p,
		      size_t n, int line, int dev);

#endif
