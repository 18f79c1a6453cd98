/* repo_history: walks of a repository's history (see repo.h) -- commits
 * by id, ranges (`git log A --not B`), ahead/behind counts, ancestry,
 * which deploys a branch holds, and each commit's first deploy -- by
 * libgit2's revwalk where it can, and by cairn's own walk where libgit2
 * 1.5 cannot (shallow clones, missing commits).  When files last changed
 * is repo_last.c. */
#include "repo_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* ---------------------------------------------------------------- history */

/* The first line of a commit message, trailing blanks dropped (arena). */
static const char *first_line(struct arena *a, const char *msg)
{
	const char *end;

	if (!msg)
		msg = "";
	end = msg + strcspn(msg, "\n");
	while (end > msg && strchr(" \t\r", end[-1]))
		end--;
	return arena_strndup(a, msg, (size_t)(end - msg));
}

static void fill_info(struct repo_commit_info *out, const git_commit *c,
		      struct arena *a)
{
	const git_signature *au = git_commit_author(c);

	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->subject = first_line(a, git_commit_message(c));
	out->author = arena_strdup(a, au && au->name ? au->name : "");
	out->author_time = au ? (int64_t)au->when.time : 0;
	out->time = (int64_t)git_commit_time(c);
}

/* Parses a full hex id; -1 with err when it is not one. */
static int parse_id(git_oid *out, const char *hex, struct buf *err)
{
	if (!hex || strlen(hex) != GIT_OID_HEXSZ || git_oid_fromstr(out, hex) < 0) {
		repo_set_error(err, "\"%s\" is not a commit id", hex ? hex : "");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------ cairn's own walk
 *
 * git's limit_list, in short: commits are taken newest first (committer
 * time) from a queue holding the starting commits; an uninteresting
 * commit's parents become uninteresting; the walk ends when only
 * uninteresting commits are queued (plus a few more, for clocks that were
 * wrong).  Unlike libgit2 1.5 it knows the shallow roots (commits whose
 * parents are not there by design) and survives missing parents. */

enum {
	HW_UNINTERESTING = 1,
	HW_QUEUED = 2,
	HW_SEEN = 4,	 /* taken from the queue */
	HW_MISSING = 8,	 /* not in the repository */
	HW_BOUNDARY = 16 /* a shallow root: its parents are not followed */
};

#define HW_SLOP 5 /* commits taken after the interesting ones ran out */

struct hw_node {
	git_oid oid;
	int64_t time;
	size_t par; /* index of its first parent in hwalk.parents */
	unsigned npar;
	unsigned flags;
	size_t label; /* repo_first_reach's: 0 hidden, 1 + the first
			    tip's index, or FR_NONE (SIZE_MAX): none yet */
};

struct hwalk {
	git_repository *git;
	git_odb *odb;
	int first_parent;
	git_oid *shallow; /* the shallow roots, sorted */
	size_t nshallow;
	struct hw_node *nodes;
	size_t n, cap;
	struct repo_oidmap index;
	git_oid *parents;
	size_t npar, parcap;
	struct repo_heap heap; /* the queue: newer first */
	size_t ninteresting;   /* queued and not uninteresting */
	size_t *stack;	       /* for marking */
	size_t stackcap;
	int truncated; /* the counts are lower bounds */
	int stopped;   /* see hw_end_of_history */
};

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

size_t repo_shallow_roots(const struct repo *r, git_oid **out)
{
	struct buf path = BUF_INIT;
	char line[128];
	size_t cap = 0, n = 0;
	FILE *f;

	*out = NULL;
	buf_printf(&path, "%s/shallow", r->git_dir);
	f = fopen(path.ptr, "r");
	buf_release(&path);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		git_oid id;
		line[strcspn(line, "\r\n")] = '\0';
		if (strlen(line) != GIT_OID_HEXSZ || git_oid_fromstr(&id, line) < 0)
			continue;
		XGROW(*out, cap, n + 1);
		(*out)[n++] = id;
	}
	fclose(f);
	if (n)
		qsort(*out, n, sizeof(**out), oid_cmp);
	return n;
}

/* Reads the shallow roots from the repository's "shallow" file. */
static void hw_load_shallow(struct hwalk *w, const struct repo *r)
{
	w->nshallow = repo_shallow_roots(r, &w->shallow);
}

static int hw_before(const void *ctx, size_t a, size_t b);

void repo_heap_push(struct repo_heap *h, size_t i)
{
	size_t k;
	XGROW(h->v, h->cap, h->n + 1);
	k = h->n++;
	while (k > 0 && h->before(h->ctx, i, h->v[(k - 1) / 2])) {
		h->v[k] = h->v[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	h->v[k] = i;
}

size_t repo_heap_pop(struct repo_heap *h)
{
	size_t top = h->v[0], last = h->v[--h->n], k = 0;
	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->before(h->ctx, h->v[c + 1], h->v[c]))
			c++;
		if (!h->before(h->ctx, h->v[c], last))
			break;
		h->v[k] = h->v[c];
		k = c;
	}
	if (h->n)
		h->v[k] = last;
	return top;
}

static void hw_init(struct hwalk *w, struct repo *r, int first_parent)
{
	memset(w, 0, sizeof(*w));
	w->heap.before = hw_before;
	w->heap.ctx = w;
	w->git = r->git;
	w->odb = r->odb;
	w->first_parent = first_parent;
	hw_load_shallow(w, r);
}

static void hw_release(struct hwalk *w)
{
	free(w->shallow);
	free(w->nodes);
	repo_oidmap_release(&w->index);
	free(w->parents);
	free(w->heap.v);
	free(w->stack);
}

/* The node of id, created (unread) when new. */
static size_t hw_node(struct hwalk *w, const git_oid *id)
{
	size_t *at = repo_oidmap_get(&w->index, id);
	struct hw_node *nd;

	if (at)
		return *at;
	XGROW(w->nodes, w->cap, w->n + 1);
	nd = &w->nodes[w->n];
	memset(nd, 0, sizeof(*nd));
	nd->oid = *id;
	nd->label = SIZE_MAX;
	repo_oidmap_put(&w->index, id, w->n);
	return w->n++;
}

/* Reads node i's time and parents.  Returns -1 on an error other than a
 * missing object (which sets HW_MISSING). */
static int hw_parse(struct hwalk *w, size_t i)
{
	struct hw_node *nd = &w->nodes[i];
	struct repo_raw_commit c;
	size_t before = w->npar;
	int boundary, e;

	boundary = w->nshallow && bsearch(&nd->oid, w->shallow, w->nshallow,
					  sizeof(*w->shallow), oid_cmp);
	/* a shallow root's parents are not there by design: not followed */
	e = repo_raw_commit_read(w->odb, &nd->oid, &c, boundary ? NULL : &w->parents,
				 &w->npar, &w->parcap, w->first_parent);
	if (e > 0) {
		nd->flags |= HW_MISSING;
		return 0;
	}
	if (e < 0)
		return -1;
	nd->time = c.time;
	nd->par = before;
	nd->npar = (unsigned)(w->npar - before);
	if (boundary)
		nd->flags |= HW_BOUNDARY;
	git_odb_object_free(c.obj);
	return 0;
}

/* Heap order: newer first; equal times by id, so that walks repeat. */
static int hw_before(const void *ctx, size_t a, size_t b)
{
	const struct hwalk *w = ctx;
	const struct hw_node *x = &w->nodes[a], *y = &w->nodes[b];

	if (x->time != y->time)
		return x->time > y->time;
	return git_oid_cmp(&x->oid, &y->oid) < 0;
}

/* The history ends at node i (a shallow root, or a missing commit).  What
 * lies behind an interesting commit is not counted: the counts become lower
 * bounds.  What lies behind an uninteresting one might have hidden commits
 * still queued: the walk stops, so that only commits newer than i -- which
 * nothing behind i can reach -- are counted. */
static void hw_end_of_history(struct hwalk *w, size_t i)
{
	if (!(w->nodes[i].flags & HW_UNINTERESTING)) {
		w->truncated = 1;
	} else if (w->ninteresting) {
		w->truncated = 1;
		w->stopped = 1;
	}
}

/* Reads node i and queues it; a missing commit is only marked. */
static int hw_push(struct hwalk *w, size_t i)
{
	if (w->nodes[i].flags & (HW_QUEUED | HW_SEEN))
		return 0;
	if (hw_parse(w, i) < 0)
		return -1;
	if (w->nodes[i].flags & HW_MISSING) {
		w->nodes[i].flags |= HW_SEEN;
		hw_end_of_history(w, i);
		return 0;
	}
	w->nodes[i].flags |= HW_QUEUED;
	if (!(w->nodes[i].flags & HW_UNINTERESTING))
		w->ninteresting++;
	repo_heap_push(&w->heap, i);
	return 0;
}

static size_t hw_pop(struct hwalk *w)
{
	size_t top = repo_heap_pop(&w->heap);

	w->nodes[top].flags &= ~(unsigned)HW_QUEUED;
	w->nodes[top].flags |= HW_SEEN;
	if (!(w->nodes[top].flags & HW_UNINTERESTING))
		w->ninteresting--;
	return top;
}

/* Pushes onto w->stack, above depth, the nodes of nd's parents when nd was
 * taken from the queue (those not taken yet are reached when they are);
 * returns the new depth.  Creates no node. */
static size_t hw_stack_parents(struct hwalk *w, const struct hw_node *nd, size_t depth)
{
	if (!(nd->flags & HW_SEEN) || (nd->flags & HW_MISSING))
		return depth;
	for (unsigned k = 0; k < nd->npar; k++) {
		size_t *p = repo_oidmap_get(&w->index, &w->parents[nd->par + k]);
		if (!p)
			continue;
		XGROW(w->stack, w->stackcap, depth + 1);
		w->stack[depth++] = *p;
	}
	return depth;
}

/* Marks node i uninteresting, and the ancestors already taken from the
 * queue (those not taken yet are marked when they are).  Creates no node,
 * so node pointers stay valid here. */
static void hw_mark(struct hwalk *w, size_t i)
{
	size_t depth = 0;

	XGROW(w->stack, w->stackcap, 1);
	w->stack[depth++] = i;
	while (depth) {
		struct hw_node *nd = &w->nodes[w->stack[--depth]];
		if (nd->flags & HW_UNINTERESTING)
			continue;
		nd->flags |= HW_UNINTERESTING;
		if (nd->flags & HW_QUEUED)
			w->ninteresting--;
		depth = hw_stack_parents(w, nd, depth);
	}
}

/* Frees a list of ids and empties it. */
static void oids_drop(git_oid **ids, size_t *n)
{
	free(*ids);
	*ids = NULL;
	*n = 0;
}

/* Walks from include (interesting) and exclude (uninteresting); without
 * exclude, stops before commits older than min_time.  Sets *out (malloc'd)
 * to the interesting commits, newest first.  Returns -1 with err when an
 * include is not in the repository or a commit cannot be read. */
static int hw_run(struct hwalk *w, const git_oid *include, size_t ninclude,
		  const git_oid *exclude, size_t nexclude, int64_t min_time,
		  git_oid **out, size_t *n, struct buf *err)
{
	size_t *taken = NULL, ntaken = 0, cap = 0;
	int slop = HW_SLOP, ret = -1;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < nexclude; i++) {
		size_t j = hw_node(w, &exclude[i]);
		hw_mark(w, j);
		if (hw_push(w, j) < 0)
			goto fail;
	}
	for (size_t i = 0; i < ninclude; i++) {
		size_t j = hw_node(w, &include[i]);
		if (hw_push(w, j) < 0)
			goto fail;
		if (w->nodes[j].flags & HW_MISSING) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &include[i]);
			repo_set_error(err, "commit %s is not in the repository", hex);
			goto cleanup;
		}
	}
	/* an exclude that is not there hides what nobody can tell */
	for (size_t i = 0; i < nexclude; i++) {
		size_t *at = repo_oidmap_get(&w->index, &exclude[i]);
		if (at && (w->nodes[*at].flags & HW_MISSING)) {
			w->truncated = 1;
			w->stopped = 1;
		}
	}
	while (w->heap.n && !w->stopped) {
		if (!w->ninteresting && slop-- <= 0)
			break;
		if (!nexclude && w->nodes[w->heap.v[0]].time < min_time)
			break;
		size_t i = hw_pop(w);
		unsigned flags = w->nodes[i].flags;
		size_t par = w->nodes[i].par, npar = w->nodes[i].npar;
		int uninteresting = (flags & HW_UNINTERESTING) != 0;

		if (flags & HW_BOUNDARY) {
			hw_end_of_history(w, i);
			if (w->stopped)
				break;
		}
		if (!uninteresting) {
			XGROW(taken, cap, ntaken + 1);
			taken[ntaken++] = i;
		}
		for (size_t k = 0; k < npar; k++) {
			git_oid pid = w->parents[par + k];
			size_t j = hw_node(w, &pid);
			if (uninteresting)
				hw_mark(w, j);
			if (hw_push(w, j) < 0)
				goto fail;
		}
	}
	for (size_t i = 0; i < ntaken; i++) {
		if (w->nodes[taken[i]].flags & HW_UNINTERESTING)
			continue;
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = w->nodes[taken[i]].oid;
	}
	ret = 0;
	goto cleanup;

fail:
	repo_set_error(err, "cannot walk the history: ");
	repo_put_git_error(err);
cleanup:
	if (ret < 0)
		oids_drop(out, n);
	free(taken);
	return ret;
}

/* The range include --not exclude by cairn's own walk. */
static int own_range(struct repo *r, const git_oid *include,
		     const git_oid *exclude, size_t nexclude, int first_parent,
		     git_oid **ids, size_t *n, int *truncated, struct buf *err)
{
	struct hwalk w;
	int ret;

	hw_init(&w, r, first_parent);
	ret = hw_run(&w, include, 1, exclude, nexclude, INT64_MIN, ids, n, err);
	if (w.truncated)
		*truncated = 1;
	hw_release(&w);
	return ret;
}

/* The same range by libgit2's revwalk.  Returns -1 on any failure (the
 * caller then tries cairn's own walk).  A walk that fails on a missing
 * commit leaks libgit2's list of commits in libgit2 1.5 (limit_list
 * returns without freeing it): one more reason shallow repositories, where
 * that is certain, go to cairn's walk straight away. */
static int git_range(struct repo *r, const git_oid *include, const git_oid *exclude,
		     size_t nexclude, int first_parent, git_oid **ids, size_t *n)
{
	git_revwalk *walk = NULL;
	size_t cap = 0;
	git_oid id;
	int e, ret = -1;

	*ids = NULL;
	*n = 0;
	if (git_revwalk_new(&walk, r->git) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TIME) < 0 ||
	    (first_parent && git_revwalk_simplify_first_parent(walk) < 0) ||
	    git_revwalk_push(walk, include) < 0)
		goto cleanup;
	for (size_t i = 0; i < nexclude; i++)
		if (git_revwalk_hide(walk, &exclude[i]) < 0)
			goto cleanup;
	while ((e = git_revwalk_next(&id, walk)) == 0) {
		XGROW(*ids, cap, *n + 1);
		(*ids)[(*n)++] = id;
	}
	if (e != GIT_ITEROVER)
		goto cleanup;
	ret = 0;

cleanup:
	if (ret < 0)
		oids_drop(ids, n);
	git_revwalk_free(walk);
	return ret;
}

/* include --not exclude, by libgit2 when it can, else by cairn's walk. */
static int walk_range(struct repo *r, const git_oid *include,
		      const git_oid *exclude, size_t nexclude, int first_parent,
		      git_oid **ids, size_t *n, int *truncated, struct buf *err)
{
	if (!repo_is_shallow(r) &&
	    git_range(r, include, exclude, nexclude, first_parent, ids, n) == 0)
		return 0;
	return own_range(r, include, exclude, nexclude, first_parent, ids, n,
			 truncated, err);
}

int repo_walk_range(struct repo *r, const char *include,
		    const char *const *exclude, size_t nexclude, int first_parent,
		    size_t keep, struct arena *a, struct repo_commit_info **kept,
		    size_t *nkept, size_t *count, int *truncated, struct buf *err)
{
	git_oid inc, *exc = NULL, *ids = NULL;
	size_t n = 0;
	int ret = -1;

	*kept = NULL;
	*nkept = 0;
	*count = 0;
	*truncated = 0;
	if (parse_id(&inc, include, err) < 0)
		goto cleanup;
	exc = xcalloc(nexclude ? nexclude : 1, sizeof(*exc));
	for (size_t i = 0; i < nexclude; i++)
		if (parse_id(&exc[i], exclude[i], err) < 0)
			goto cleanup;
	if (walk_range(r, &inc, exc, nexclude, first_parent, &ids, &n,
		       truncated, err) < 0)
		goto cleanup;
	*count = n;
	if (keep > n)
		keep = n;
	if (keep) {
		*kept = arena_alloc(a, keep * sizeof(**kept));
		for (size_t i = 0; i < keep; i++) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, r->git, &ids[i]) < 0) {
				char hex[GIT_OID_HEXSZ + 1];
				git_oid_tostr(hex, sizeof(hex), &ids[i]);
				repo_set_error(err, "cannot read commit %s: ", hex);
				repo_put_git_error(err);
				goto cleanup;
			}
			fill_info(&(*kept)[i], c, a);
			git_commit_free(c);
			(*nkept)++;
		}
	}
	ret = 0;

cleanup:
	free(ids);
	free(exc);
	return ret;
}

int repo_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, int *truncated, struct buf *err)
{
	git_oid x, y, *ids = NULL;
	size_t n = 0;

	*ahead = 0;
	*behind = 0;
	*truncated = 0;
	if (parse_id(&x, a, err) < 0 || parse_id(&y, b, err) < 0)
		return -1;
	if (!repo_is_shallow(r) &&
	    git_graph_ahead_behind(ahead, behind, r->git, &x, &y) == 0)
		return 0;
	if (own_range(r, &x, &y, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	*ahead = n;
	if (own_range(r, &y, &x, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	*behind = n;
	return 0;
}

int repo_is_ancestor(struct repo *r, const char *ancestor,
		     const char *descendant, int *truncated, struct buf *err)
{
	git_oid anc, desc, *ids = NULL;
	size_t n = 0;
	int e;

	*truncated = 0;
	if (parse_id(&anc, ancestor, err) < 0 || parse_id(&desc, descendant, err) < 0)
		return -1;
	if (git_oid_equal(&anc, &desc))
		return 1;
	if (!repo_is_shallow(r) &&
	    (e = git_graph_descendant_of(r->git, &desc, &anc)) >= 0)
		return e;
	/* ancestor is in descendant's history when nothing of its own is
	 * left once that history is hidden (and the walk got that far) */
	if (own_range(r, &anc, &desc, 1, 0, &ids, &n, truncated, err) < 0)
		return -1;
	free(ids);
	return n == 0 && !*truncated;
}

int repo_reachable(struct repo *r, const char *tip, const char *const *ids,
		   size_t n, int *found, struct buf *err)
{
	struct hwalk w;
	struct repo_oidmap want = REPO_OIDMAP_INIT;
	git_oid start, *seen = NULL;
	size_t nseen = 0;
	int64_t oldest = INT64_MAX;
	int ret = -1;

	hw_init(&w, r, 0);
	if (parse_id(&start, tip, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		struct repo_raw_commit c;
		git_oid id;
		found[i] = -1;
		if (!ids[i] || strlen(ids[i]) != GIT_OID_HEXSZ ||
		    git_oid_fromstr(&id, ids[i]) < 0 ||
		    repo_raw_commit_read(r->odb, &id, &c, NULL, NULL, NULL, 0) != 0)
			continue; /* not in the repository: unknown */
		if (c.time < oldest)
			oldest = c.time;
		git_odb_object_free(c.obj);
		found[i] = 0;
		repo_oidmap_put(&want, &id, 1);
	}
	if (!want.map.len) {
		ret = 0;
		goto cleanup;
	}
	/* a day of slack for clocks that were wrong */
	if (hw_run(&w, &start, 1, NULL, 0, oldest - 86400, &seen, &nseen, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < nseen; i++) {
		size_t *v = repo_oidmap_get(&want, &seen[i]);
		if (v)
			*v = 2;
	}
	for (size_t i = 0; i < n; i++) {
		git_oid id;
		size_t *v;
		if (found[i] < 0)
			continue;
		git_oid_fromstr(&id, ids[i]);
		v = repo_oidmap_get(&want, &id);
		found[i] = *v == 2 ? 1 : w.truncated ? -1 : 0;
	}
	ret = 0;

cleanup:
	free(seen);
	repo_oidmap_release(&want);
	hw_release(&w);
	return ret;
}

/* ------------------------------------------------ first tips
 *
 * repo_first_reach: every commit of the walk carries a label, 1 + the
 * index of the first tip (in the caller's order) whose history holds it;
 * a parent takes the smallest label of its children.  The tips before
 * nold all get label 0: what they hold is only walked past.  Commits are
 * taken newest first, as in hw_run; a label that drops after a commit was
 * taken is carried down to its ancestors already taken (fr_lower), so
 * that the order of equal times does not matter.  The walk ends as libgit2's
 * limit_list does: once only label-0 commits are queued, none of them
 * newer than the oldest other commit taken, and HW_SLOP more were taken. */

#define FR_NONE SIZE_MAX

/* Lowers node i's label to lab, and the labels of its ancestors already
 * taken from the queue.  Creates no node. */
static void fr_lower(struct hwalk *w, size_t i, size_t lab)
{
	size_t depth = 0;

	XGROW(w->stack, w->stackcap, 1);
	w->stack[depth++] = i;
	while (depth) {
		struct hw_node *nd = &w->nodes[w->stack[--depth]];
		if (nd->label != FR_NONE && nd->label <= lab)
			continue;
		nd->label = lab;
		if (lab == 0 && !(nd->flags & HW_UNINTERESTING)) {
			nd->flags |= HW_UNINTERESTING;
			if (nd->flags & HW_QUEUED)
				w->ninteresting--;
		}
		depth = hw_stack_parents(w, nd, depth);
	}
}

/* Queues node j with label lab (or its own, when smaller).  Returns 1 when
 * j is not in the repository, -1 when it cannot be read. */
static int fr_push(struct hwalk *w, size_t j, size_t lab)
{
	fr_lower(w, j, lab);
	if (hw_push(w, j) < 0)
		return -1;
	return (w->nodes[j].flags & HW_MISSING) ? 1 : 0;
}

int repo_first_reach(struct repo *r, const char *const *tips, size_t n, size_t nold,
		     struct repo_first **out, size_t *nout, struct buf *err)
{
	struct hwalk w;
	struct repo_first *list = NULL;
	size_t cap = 0;
	int64_t oldest = INT64_MAX; /* of the labelled commits taken */
	int slop = HW_SLOP, ret = -1, e;

	*out = NULL;
	*nout = 0;
	if (repo_is_shallow(r))
		return 1;
	hw_init(&w, r, 0);
	for (size_t k = 0; k < n; k++) {
		git_oid id;
		if (parse_id(&id, tips[k], err) < 0)
			goto cleanup;
		/* label 0 hides; tips[k] for k >= nold is label k + 1 */
		if ((e = fr_push(&w, hw_node(&w, &id), k < nold ? 0 : k + 1)) != 0)
			goto incomplete_or_fail;
	}
	while (w.heap.n) {
		if (!w.ninteresting) {
			if (w.nodes[w.heap.v[0]].time >= oldest)
				slop = HW_SLOP;
			else if (slop-- <= 0)
				break;
		}
		size_t i = hw_pop(&w);
		size_t lab = w.nodes[i].label, par = w.nodes[i].par;
		unsigned npar = w.nodes[i].npar;

		if (w.nodes[i].flags & HW_BOUNDARY) {
			e = 1;
			goto incomplete_or_fail;
		}
		if (lab && w.nodes[i].time < oldest)
			oldest = w.nodes[i].time;
		for (unsigned k = 0; k < npar; k++) {
			git_oid pid = w.parents[par + k];
			/* the label now: taking i's parents may have lowered it */
			if ((e = fr_push(&w, hw_node(&w, &pid), w.nodes[i].label)) != 0)
				goto incomplete_or_fail;
		}
	}
	for (size_t i = 0; i < w.n; i++) {
		const struct hw_node *nd = &w.nodes[i];
		if (!(nd->flags & HW_SEEN) || nd->label == 0 || nd->label == FR_NONE)
			continue;
		XGROW(list, cap, *nout + 1);
		git_oid_tostr(list[*nout].id, sizeof(list[*nout].id), &nd->oid);
		list[*nout].time = nd->time;
		list[*nout].tip = nd->label - 1;
		(*nout)++;
	}
	*out = list;
	list = NULL;
	ret = 0;
	goto cleanup;

incomplete_or_fail:
	if (e > 0) {
		ret = 1;
	} else {
		repo_set_error(err, "cannot walk the history: ");
		repo_put_git_error(err);
	}
cleanup:
	free(list);
	hw_release(&w);
	return ret;
}

int repo_find_commit(struct repo *r, const char *spec, int is_tag, struct arena *a,
		     struct repo_commit_info *out, struct buf *err)
{
	git_object *obj = NULL, *peeled = NULL;
	git_reference *ref = NULL;
	struct buf name = BUF_INIT;
	size_t len = spec ? strlen(spec) : 0;
	git_oid id;
	int e, ret = -1;

	memset(out, 0, sizeof(*out));
	if (is_tag) {
		buf_printf(&name, "refs/tags/%s", spec ? spec : "");
		e = git_reference_lookup(&ref, r->git, name.ptr);
		if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
			repo_set_error(err, "tag \"%s\" not found", spec ? spec : "");
			goto cleanup;
		}
		if (e < 0 || git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) < 0) {
			repo_set_error(err, "cannot read the commit of tag \"%s\": ", spec);
			repo_put_git_error(err);
			goto cleanup;
		}
	} else {
		if (len < GIT_OID_MINPREFIXLEN || len > GIT_OID_HEXSZ ||
		    strspn(spec, "0123456789abcdefABCDEF") != len ||
		    git_oid_fromstrn(&id, spec, len) < 0) {
			repo_set_error(err, "\"%s\" is not a commit id",
				       spec ? spec : "");
			goto cleanup;
		}
		e = git_object_lookup_prefix(&obj, r->git, &id, len, GIT_OBJECT_ANY);
		if (e == GIT_ENOTFOUND) {
			repo_set_error(err, "commit \"%s\" not found", spec);
			goto cleanup;
		}
		if (e == GIT_EAMBIGUOUS) {
			repo_set_error(err, "commit id \"%s\" is ambiguous", spec);
			goto cleanup;
		}
		if (e < 0 || git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
			repo_set_error(err, "cannot read commit \"%s\": ", spec);
			repo_put_git_error(err);
			goto cleanup;
		}
	}
	fill_info(out, (const git_commit *)peeled, a);
	ret = 0;

cleanup:
	buf_release(&name);
	git_object_free(peeled);
	git_object_free(obj);
	git_reference_free(ref);
	return ret;
}
