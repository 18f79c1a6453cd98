/* version: package versions compared as each ecosystem orders them, and the
 * version ranges of the dependencies page's filter box.
 *
 * Ecosystems (the strings of deps.h): "npm", "cargo", "go" and "packagist"
 * compare as semantic versions (a leading "v" is skipped; any number of
 * numeric release parts, missing ones are 0; a pre-release after '-' sorts
 * before its release; build metadata after '+' is ignored); "pypi" as PEP
 * 440 (epoch, release, aN/bN/rcN, .postN, .devN, +local); "maven" as
 * Maven's ComparableVersion in its basics (alpha < beta < milestone < rc <
 * snapshot < release < sp < other qualifiers; trailing zeros ignored);
 * "rubygems" as Gem::Version (a part with letters makes a pre-release).
 * An unknown ecosystem compares as semver.  Numbers may be any length
 * (compared as digit strings, never overflowing).
 *
 * themes/default/assets/deps.js implements the same rules for the browser;
 * tests/fixtures/versions.txt holds cases both must agree on. */
#ifndef CAIRN_VERSION_H
#define CAIRN_VERSION_H

#include <stddef.h>

/* 1 when v is a version ecosystem eco can order, else 0. */
int version_valid(const char *eco, const char *v);

/* <0, 0 or >0 as a sorts before, with or after b.  An invalid version sorts
 * before every valid one; two invalid ones compare as strings. */
int version_compare(const char *eco, const char *a, const char *b);

/* Whether version v is in range (a range as the filter box takes it):
 * alternatives separated by "||", each a list of comparators separated by
 * spaces or commas, all of which must hold; a comparator is one of
 * < <= > >= = == != followed by a version (spaces between allowed), or a
 * bare version (exactly that version, as the ecosystem compares: "1.2" is
 * "1.2.0" for semver).  An empty range holds every version.  Returns 1 when
 * v is in the range, 0 when it is not or v is invalid, -1 when the range
 * cannot be read. */
int version_in_range(const char *eco, const char *v, const char *range);

/* Whether a version requirement as pom.xml writes it allows some version
 * in range (version_in_range's ranges): Maven's ranges, "[1.0,2.0)",
 * "(,1.5]", "[1.0,)" and unions of them ("(,1.0],[1.2,)"), a hard
 * requirement "[1.2]" (exactly 1.2), or a soft one "1.2.3" (that version,
 * as version_in_range says).  In range, "!=" excludes nothing from an
 * interval.  Returns 1 when some version both allow exists, 0 when none
 * does or spec cannot be read, -1 when range cannot be read. */
int version_spec_meets(const char *eco, const char *spec, const char *range);

/* The filter box's text split into a package name and a range:
 * "log4j-core <2.17.1", "lodash@<4.17.21", "@babel/core@>=7 <7.1",
 * ">=1.2 <1.4" (no name), "lodash" (no range), "=1.2.3", "1.2.3".  The
 * first word is the name unless it starts like a range (one of <>=!, a
 * digit, or "v" and a digit); a name may end at '@' (not its first byte).
 * Offsets and lengths are into text; surrounding spaces are trimmed. */
struct version_query {
	size_t name_off, name_len;
	size_t range_off, range_len;
};
void version_query_parse(struct version_query *out, const char *text);

#endif
