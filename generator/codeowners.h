/* codeowners: who owns a file, from CODEOWNERS (GitHub and GitLab) and
 * Kubernetes-style OWNERS files.
 *
 * CODEOWNERS is read in one of two dialects, because the forges disagree:
 *
 *   GitHub   gitignore-style patterns.  No leading '/' and no '/' inside:
 *            the pattern matches at any depth ("*.js", "docs"); otherwise it
 *            is anchored at the root ("docs/x.md" matches "docs/x.md" only,
 *            not "a/docs/x.md").  A pattern that matches a folder owns
 *            everything below it ("apps" and "/apps/" own "apps/x/y.js"),
 *            except that a last segment "*" matches only files (docs/ then
 *            "*" owns "docs/x.md", not "docs/sub/x.md").  A trailing '/'
 *            matches folders only.  "**" as a whole segment spans folders.
 *            Inline "# comments" are allowed.
 *            GitHub does not support "!" negation, "[...]" ranges or "\#":
 *            such lines are ignored with a diagnostic, as GitHub skips them.
 *   GitLab   File::fnmatch semantics: no leading '/' means "at any depth"
 *            even with a '/' inside ("internal/README.md" matches
 *            "docs/internal/README.md"); a pattern matches files, never a
 *            folder, unless it ends in '/' (then it owns everything below);
 *            "**" spans folders only when followed by '/'.  "[...]" ranges,
 *            "\#", "!" exclusions, sections ("[Name]", "^[Optional]",
 *            "[Name][2]", "[Name] @default-owners") and "@@role" owners.
 *
 * In both, the last matching line wins (per section for GitLab), a
 * matching line without owners leaves the file unowned, and owners are
 * "@user", "@org/team" (GitLab: "@group/sub/group", "@@role") or e-mail
 * addresses.  Anything else is a diagnostic naming the line; a bad line never
 * stops the rest of the file from being read.
 *
 * Each pattern is compiled once, into segments.  '*' inside a segment and
 * "**" across segments are matched keeping a single backtrack point, so a
 * path costs at most (path length x pattern length) steps per rule, never
 * exponential time, whatever the pattern.  Patterns are at most
 * CODEOWNERS_MAX_PATTERN bytes.  Matching is case sensitive; '?' and
 * "[...]" match one UTF-8 character.
 *
 * Everything parsed lives in the arena handed to the parser; lookups on a
 * parsed set never modify it, so several threads may look up at once, each
 * with its own arena for results. */
#ifndef CAIRN_CODEOWNERS_H
#define CAIRN_CODEOWNERS_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "map.h"

#define CODEOWNERS_MAX_PATTERN 4096

enum codeowners_dialect {
	CODEOWNERS_AUTO, /* decide from the path and the text (see parse) */
	CODEOWNERS_GITHUB,
	CODEOWNERS_GITLAB
};

/* The places a CODEOWNERS file is looked for, first found wins (NULL
 * terminated): .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS,
 * .gitlab/CODEOWNERS. */
extern const char *const codeowners_locations[];

/* The index of path in codeowners_locations (lower wins), or -1. */
int codeowners_location_rank(const char *path);

/* Path patterns, as paths: in cairn.yaml writes them: relative to the
 * repository's root (a leading '/' changes nothing), '/' between folders;
 * within a segment '*' (any characters), '?' (one) and "[...]" as in
 * CODEOWNERS; a whole segment "**" spans zero or more folders (a last one:
 * everything below); one "{a,b,c}" list of alternatives.  Matching is case
 * sensitive and takes at most (path x pattern) steps, as for CODEOWNERS.
 * codeowners_path_glob compiles pattern into *out (in a); returns 0, or -1
 * with err saying why ("its braces do not pair: ...") and *out NULL. */
struct codeowners_path_glob;
int codeowners_path_glob(struct codeowners_path_glob **out, struct arena *a,
			 const char *pattern, struct buf *err);
int codeowners_path_match(const struct codeowners_path_glob *g, const char *path);

/* A section of a GitLab CODEOWNERS file.  GitHub files, and the rules of a
 * GitLab file before its first heading, are one unnamed section. */
struct codeowners_section {
	const char *name; /* as first written; "" for the unnamed section */
	int line;	  /* line of its first heading; 0 for the unnamed one */
	int optional;	  /* "^[Name]" (every heading of that name had '^') */
	int approvals;	  /* "[Name][n]": n >= 1; the largest of duplicates */
	/* owners on the first heading that had some (rules without owners
	 * get those of their own heading) */
	const char *const *default_owners;
	size_t ndefault_owners;
};

struct codeowners; /* parsed rules, all in the arena given to parse */

/* Parses a CODEOWNERS file of len bytes (UTF-8, LF or CRLF line ends).
 * With CODEOWNERS_AUTO the dialect is GitLab when path is under ".gitlab/"
 * or the text has a section heading or an owner only GitLab knows (a
 * nested group "@group/sub/team", a role "@@maintainer"), GitHub when path is under ".github/"
 * or otherwise.  repo and path name the file in diagnostics (either may be
 * NULL); d may be NULL to parse quietly.  *out is always set to a usable
 * (possibly empty) rule set.  Returns the number of problems reported. */
int codeowners_parse(struct codeowners **out, struct arena *a, const char *text,
		     size_t len, enum codeowners_dialect dialect,
		     const char *repo, const char *path, struct diag_list *d);

/* The dialect the file was read in (never CODEOWNERS_AUTO). */
enum codeowners_dialect codeowners_dialect_of(const struct codeowners *co);

size_t codeowners_nsections(const struct codeowners *co);
/* Section i < codeowners_nsections(co), in the order of first appearance
 * (duplicate names, compared without case, are merged). */
const struct codeowners_section *codeowners_section(const struct codeowners *co,
						    size_t i);

/* The owners of file (repo-relative, '/'-separated, no leading '/') in
 * section i: *owners points at n owner strings owned by the rule set (n is
 * 0 when the file is unowned there).  Returns the 1-based line of the
 * deciding rule (a GitLab exclusion decides too, with no owners), or 0 when
 * no rule of the section matches. */
int codeowners_section_owners_of(const struct codeowners *co, size_t i,
				 const char *file, const char *const **owners,
				 size_t *n);

/* The owners of file over all sections: the union in section order, each
 * owner once (compared without case).  *owners is the deciding rule's own
 * array when one section decides, else an array allocated in a.  Returns
 * the line of the deciding rule of the first section that has one, or 0
 * when no rule of any section matches. */
int codeowners_owners_of(const struct codeowners *co, struct arena *a,
			 const char *file, const char *const **owners, size_t *n);

/* The owners of the whole repository: in each section, the owners of the
 * last rule whose pattern owns every file ("*", "**", anchored or not), a GitLab
 * rule without owners having its heading's; the union over sections in
 * section order, each owner once.  *owners is allocated in a (never NULL).
 * Returns their number. */
size_t codeowners_default_owners(const struct codeowners *co, struct arena *a,
				 const char *const **owners);

/* ---- Kubernetes-style OWNERS files ----
 *
 * One YAML file per folder with the keys approvers, reviewers, labels
 * (lists of names), options: {no_parent_owners: bool}, plus
 * emeritus_approvers, emeritus_reviewers, required_reviewers and
 * security_contacts, which are accepted and not used.  A file applies to
 * its folder and everything below; the owners of a path are those of the
 * nearest OWNERS file at or above its folder, followed by those of every
 * OWNERS file further up, stopping after a file with no_parent_owners.
 * "filters" are read for the ".*" key only (the others need Go regular
 * expressions; they are reported and ignored).  Names are kept as written
 * (aliases from OWNERS_ALIASES are not expanded). */

struct owners_file;

struct owners_tree {
	struct arena *a;
	struct map dirs; /* folder -> struct owners_file *, all in a */
};

#define OWNERS_TREE_INIT       \
	{                      \
		NULL, MAP_INIT \
	}

/* Everything the tree holds lives in a. */
void owners_tree_init(struct owners_tree *t, struct arena *a);

/* Reads the OWNERS file at path (repo-relative: "OWNERS", "pkg/api/OWNERS")
 * from text.  A file that is not valid YAML or not a mapping is reported
 * and left out, as if absent; bad keys are reported and skipped.  repo may
 * be NULL, d may be NULL.  A second file for the same folder replaces the
 * first.  Returns the number of problems reported. */
int owners_tree_add(struct owners_tree *t, const char *path, const char *text,
		    size_t len, const char *repo, struct diag_list *d);

struct owners_result {
	const char *const *approvers;
	size_t napprovers;
	const char *const *reviewers;
	size_t nreviewers;
	const char *const *labels;
	size_t nlabels;
	const char *dir; /* folder of the nearest OWNERS file ("" for the
			     root), or NULL when none applies */
};

/* Fills out for file (repo-relative).  Names appear once each (compared
 * without case), nearest file first; arrays are allocated in a (which may
 * be the tree's arena) and are empty, not NULL-counted, when nothing
 * applies. */
void owners_tree_lookup(const struct owners_tree *t, struct arena *a,
			const char *file, struct owners_result *out);

#endif
