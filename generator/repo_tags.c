/* repo_tags: the deploy tags of a repository (repo_deploy_tags), their
 * fingerprint (repo_deploy_refs_fp) and tag ids (repo_tag_id); see repo.h. */
#include "repo_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xalloc.h"

/* ------------------------------------------------ deploy tags */

#define TAG_MATCH_STEPS 100000 /* a pattern gives up on a name after this */
#define TAG_MAX_NESTING 8      /* tags of tags of ... of a commit */

struct tag_vals {
	const char *const *envs;
	size_t nenvs;
	const char *const *services;
	size_t nservices;
};

struct tag_caps {
	const char *env, *service;
	size_t env_len, service_len;
};

/* Whether name s matches pattern p (see repo_deploy_tags), filling caps.
 * Placeholders and '*' stay within one '/'-separated part, so a match
 * backtracks only within a part; *budget bounds the work anyway. */
static int tag_match(const char *p, const char *s, const struct tag_vals *v,
		     struct tag_caps *caps, long *budget)
{
	for (;;) {
		if (--*budget < 0)
			return 0;
		if (*p == '*') {
			for (size_t k = 0;; k++) {
				if (tag_match(p + 1, s + k, v, caps, budget))
					return 1;
				if (!s[k] || s[k] == '/')
					return 0;
			}
		}
		int is_env = strncmp(p, "{env}", 5) == 0;
		if (is_env || strncmp(p, "{service}", 9) == 0) {
			const char *const *list = is_env ? v->envs : v->services;
			size_t nlist = is_env ? v->nenvs : v->nservices;
			size_t plen = is_env ? 5 : 9, part = strcspn(s, "/");
			const char **cap = is_env ? &caps->env : &caps->service;
			size_t *cap_len = is_env ? &caps->env_len : &caps->service_len;

			for (size_t k = 1; !list && k <= part; k++) {
				*cap = s;
				*cap_len = k;
				if (tag_match(p + plen, s + k, v, caps, budget))
					return 1;
			}
			for (size_t i = 0; list && i < nlist; i++) {
				size_t k = strlen(list[i]);
				if (!k || k > part || memcmp(s, list[i], k) != 0)
					continue;
				*cap = s;
				*cap_len = k;
				if (tag_match(p + plen, s + k, v, caps, budget))
					return 1;
			}
			return 0;
		}
		if (!*p)
			return !*s;
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
}

/* What the tags' commits say, read once per commit. */
struct tag_commit {
	const char *subject; /* NULL when the commit is missing */
	int64_t time;
	int tz_offset;
};

/* Reads (or finds already read) the commit id; returns its index in
 * *commits, with missing commits recorded as such.  -1 on a read error. */
static int tag_commit_of(struct repo *r, struct arena *a,
			 struct repo_oidmap *seen, struct tag_commit **commits,
			 size_t *n, size_t *cap, const git_oid *id, size_t *at)
{
	struct repo_raw_commit c;
	struct tag_commit tc = { NULL, 0, 0 };
	size_t *v = repo_oidmap_get(seen, id);
	int e;

	if (v) {
		*at = *v;
		return 0;
	}
	e = repo_raw_commit_read(r->odb, id, &c, NULL, NULL, NULL, 0);
	if (e < 0)
		return -1;
	if (e == 0) {
		/* the first line, up to a NUL (libgit2 copies the message
		 * as a string), trailing blanks dropped: as repo_history.c's
		 * first_line */
		size_t len = strnlen(c.msg, c.msg_len);
		const char *nl = memchr(c.msg, '\n', len);
		if (nl)
			len = (size_t)(nl - c.msg);
		while (len && strchr(" \t\r", c.msg[len - 1]))
			len--;
		tc.subject = arena_strndup(a, c.msg, len);
		tc.time = c.time;
		tc.tz_offset = c.tz_offset;
		git_odb_object_free(c.obj);
	}
	XGROW(*commits, *cap, *n + 1);
	(*commits)[*n] = tc;
	repo_oidmap_put(seen, id, *n);
	*at = (*n)++;
	return 0;
}

/* Peels the tag t (whose reference points at target) to its commit and
 * fills in what the tag and the commit say.  -1 on a read error. */
static int tag_peel(struct repo *r, struct arena *a, struct repo_oidmap *seen,
		    struct tag_commit **commits, size_t *ncommits, size_t *cap,
		    const git_oid *target, struct repo_tag *t)
{
	git_oid cur = *target;
	size_t at;

	for (int depth = 0;; depth++) {
		git_object *obj = NULL;
		git_object_t type;
		size_t size;
		int e;

		if (repo_oidmap_get(seen, &cur))
			break; /* a commit read for an earlier tag */
		if (depth > TAG_MAX_NESTING) {
			t->problem = "it is a tag of a tag nested too deep";
			return 0;
		}
		/* the type from the object's header: a commit is read once,
		 * by tag_commit_of */
		e = git_odb_read_header(&size, &type, r->odb, &cur);
		if (e == GIT_ENOTFOUND)
			break; /* a commit missing from a shallow history */
		if (e < 0)
			return -1;
		if (type == GIT_OBJECT_TAG) {
			if (git_object_lookup(&obj, r->git, &cur, GIT_OBJECT_TAG) < 0)
				return -1;
			const git_tag *tag = (const git_tag *)obj;
			const git_signature *who = git_tag_tagger(tag);
			if (!t->annotated && who) {
				t->time = (int64_t)who->when.time;
				t->tz_offset = who->when.offset;
				t->actor = arena_strdup(a, who->name ? who->name : "");
			}
			t->annotated = 1;
			cur = *git_tag_target_id(tag);
			git_object_free(obj);
			continue;
		}
		git_object_free(obj);
		if (type != GIT_OBJECT_COMMIT) {
			t->problem = arena_printf(a, "it points to a %s, not a commit",
						  git_object_type2string(type));
			return 0;
		}
		break;
	}
	if (tag_commit_of(r, a, seen, commits, ncommits, cap, &cur, &at) < 0)
		return -1;
	git_oid_tostr(t->commit, sizeof(t->commit), &cur);
	t->subject = (*commits)[at].subject;
	t->commit_time = (*commits)[at].subject ? (*commits)[at].time : 0;
	if (!t->actor) {
		/* a lightweight tag, or a tag object without a tagger */
		t->time = t->commit_time;
		t->tz_offset = (*commits)[at].tz_offset;
		t->time_from_commit = 1;
	}
	return 0;
}

/* The tag references whose names match a pattern (see repo_deploy_tags),
 * one at a time. */
struct tag_iter {
	git_reference_iterator *it;
	const char *pattern;
	const struct tag_vals *vals;
	git_reference *ref, *resolved; /* the current tag's */
};

/* Starts listing the tags under the pattern's literal beginning (the
 * others cannot match).  Returns 0, or -1 with libgit2's error set;
 * tag_iter_release either way. */
static int tag_iter_init(struct tag_iter *ti, struct repo *r,
			 const char *pattern, const struct tag_vals *vals)
{
	struct buf glob = BUF_INIT;
	int e;

	memset(ti, 0, sizeof(*ti));
	ti->pattern = pattern;
	ti->vals = vals;
	buf_puts(&glob, "refs/tags/");
	buf_put(&glob, pattern, strcspn(pattern, "*{?[\\"));
	buf_putc(&glob, '*');
	e = git_reference_iterator_glob_new(&ti->it, r->git, glob.ptr);
	buf_release(&glob);
	return e < 0 ? -1 : 0;
}

static void tag_iter_release(struct tag_iter *ti)
{
	git_reference_free(ti->resolved);
	git_reference_free(ti->ref);
	git_reference_iterator_free(ti->it);
	memset(ti, 0, sizeof(*ti));
}

/* The next tag that matches: returns 0 with *name (without "refs/tags/"),
 * what the placeholders matched in *caps and *target, what the tag points
 * to (through a symbolic reference; NULL when that points to nothing), all
 * valid until the next call; GIT_ITEROVER after the last; another
 * negative libgit2 code when the tags cannot be listed. */
static int tag_iter_next(struct tag_iter *ti, const char **name,
			 struct tag_caps *caps, const git_oid **target)
{
	int e;

	for (;;) {
		long budget = TAG_MATCH_STEPS;

		git_reference_free(ti->resolved);
		git_reference_free(ti->ref);
		ti->resolved = NULL;
		ti->ref = NULL;
		if ((e = git_reference_next(&ti->ref, ti->it)) < 0)
			return e;
		*name = git_reference_name(ti->ref) + strlen("refs/tags/");
		memset(caps, 0, sizeof(*caps));
		if (tag_match(ti->pattern, *name, ti->vals, caps, &budget))
			break;
	}
	*target = NULL;
	if (git_reference_type(ti->ref) != GIT_REFERENCE_SYMBOLIC)
		*target = git_reference_target(ti->ref);
	else if (git_reference_resolve(&ti->resolved, ti->ref) == 0)
		*target = git_reference_target(ti->resolved);
	return 0;
}

static int tag_name_cmp(const void *a, const void *b)
{
	const struct repo_tag *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int repo_deploy_tags(struct repo *r, const char *pattern, const char *const *envs,
		     size_t nenvs, const char *const *services,
		     size_t nservices, struct arena *a, struct repo_tag **out,
		     size_t *n, struct buf *err)
{
	const struct tag_vals vals = { envs, nenvs, services, nservices };
	struct tag_iter ti;
	struct tag_commit *commits = NULL;
	struct repo_tag *tags = NULL;
	struct repo_oidmap seen = REPO_OIDMAP_INIT;
	size_t ncommits = 0, ccap = 0, ntags = 0, tcap = 0;
	const char *name;
	struct tag_caps caps;
	const git_oid *target;
	int e, ret = -1;

	*out = NULL;
	*n = 0;
	if (tag_iter_init(&ti, r, pattern, &vals) < 0)
		goto fail;
	while ((e = tag_iter_next(&ti, &name, &caps, &target)) == 0) {
		struct repo_tag t;

		memset(&t, 0, sizeof(t));
		t.name = arena_strdup(a, name);
		t.env = caps.env ? arena_strndup(a, caps.env, caps.env_len) : NULL;
		t.service = caps.service ? arena_strndup(a, caps.service, caps.service_len)
					 : NULL;
		if (!target) {
			t.problem = "it is a symbolic reference to nothing";
		} else if (tag_peel(r, a, &seen, &commits, &ncommits, &ccap,
				    target, &t) < 0) {
			repo_set_error(err, "cannot read tag \"%s\": ", name);
			repo_put_git_error(err);
			goto cleanup;
		}
		XGROW(tags, tcap, ntags + 1);
		tags[ntags++] = t;
	}
	if (e != GIT_ITEROVER)
		goto fail;
	if (ntags) {
		qsort(tags, ntags, sizeof(*tags), tag_name_cmp);
		*out = arena_alloc(a, ntags * sizeof(*tags));
		memcpy(*out, tags, ntags * sizeof(*tags));
	}
	*n = ntags;
	ret = 0;
	goto cleanup;

fail:
	repo_set_error(err, "cannot list the tags: ");
	repo_put_git_error(err);
cleanup:
	tag_iter_release(&ti);
	repo_oidmap_release(&seen);
	free(commits);
	free(tags);
	return ret;
}

size_t repo_deploy_tag_count(struct repo *r, const char *pattern)
{
	const struct tag_vals vals = { NULL, 0, NULL, 0 };
	struct tag_iter ti;
	const char *name;
	struct tag_caps caps;
	const git_oid *target;
	size_t n = 0;
	if (tag_iter_init(&ti, r, pattern, &vals) == 0)
		while (tag_iter_next(&ti, &name, &caps, &target) == 0)
			n++;
	tag_iter_release(&ti);
	return n;
}

/* ------------------------------------------------ deploy tags' fingerprint */

uint64_t repo_deploy_refs_fp(struct repo *r, const char *pattern,
			     const char *const *envs, size_t nenvs,
			     const char *const *services, size_t nservices)
{
	int symbolic;
	return repo_deploy_refs_fp_sym(r, pattern, envs, nenvs, services,
				       nservices, &symbolic);
}

uint64_t repo_deploy_refs_fp_sym(struct repo *r, const char *pattern,
				 const char *const *envs, size_t nenvs,
				 const char *const *services, size_t nservices,
				 int *symbolic)
{
	const struct tag_vals vals = { envs, nenvs, services, nservices };
	struct tag_iter ti;
	struct buf path = BUF_INIT;
	uint64_t sum = 0, count = 0, fp = 0;
	const char *name;
	struct tag_caps caps;
	const git_oid *target;
	int e;

	/* the references repo_deploy_tags lists, in whatever order they
	 * come: a sum of one hash per tag does not depend on it */
	*symbolic = 0;
	if (tag_iter_init(&ti, r, pattern, &vals) < 0)
		goto cleanup;
	while ((e = tag_iter_next(&ti, &name, &caps, &target)) == 0) {
		uint64_t h = hash_of(name, strlen(name) + 1, 0); /* with its NUL */

		*symbolic |= git_reference_type(ti.ref) == GIT_REFERENCE_SYMBOLIC;

		h = target ? hash_of(target->id, GIT_OID_RAWSZ, h)
			   : hash_of("", 1, h); /* dangling */
		sum += h;
		count++;
	}
	if (e != GIT_ITEROVER)
		goto cleanup;
	fp = hash_mix_u64(hash_mix_u64(0, count), sum);
	/* a deepened (or shortened) clone has other commits to walk */
	if (repo_is_shallow(r)) {
		char chunk[4096];
		size_t got;
		FILE *f;
		buf_printf(&path, "%s/shallow", r->git_dir);
		f = fopen(path.ptr, "rb");
		fp = hash_of("shallow", 7, fp);
		while (f && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			fp = hash_of(chunk, got, fp);
		if (f)
			fclose(f);
	}
	if (!fp)
		fp = 1; /* 0 says "cannot tell" */

cleanup:
	tag_iter_release(&ti);
	buf_release(&path);
	return fp;
}

int repo_tag_id(struct repo *r, const char *name, char out[41])
{
	struct buf ref = BUF_INIT;
	git_oid id;
	int e;

	out[0] = '\0';
	buf_printf(&ref, "refs/tags/%s", name ? name : "");
	e = git_reference_name_to_id(&id, r->git, ref.ptr);
	buf_release(&ref);
	if (e < 0)
		return -1;
	git_oid_tostr(out, 41, &id);
	return 0;
}
