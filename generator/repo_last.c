/* repo_last: when each file last changed and who added it
 * (repo_last_changes, repo.h), in one walk of the history that reads
 * commits and trees as git stores them. */
#include "repo_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Commits and trees are read through the object database (which caches
 * small ones by id), not as git_commit and git_tree objects: a tree is read
 * entry by entry where its bytes lie, and nothing is allocated per entry or
 * per commit.  This is most of what the walk costs on a long history. */

/* A tree's entry as stored: "<octal mode> <name>\0<20-byte id>". */
struct rt_entry {
	const char *name;
	size_t len;
	const unsigned char *id; /* GIT_OID_RAWSZ bytes */
	git_object_t type;	 /* as git_tree_entry_type gives it */
};

/* A tree's bytes, [p, end). */
struct rtree {
	const char *p, *end;
};

/* Reads the entry at t->p into e and moves t->p past it; 0 at the end of
 * the tree or at bytes that are not an entry (the rest is not read). */
static int rt_next(struct rtree *t, struct rt_entry *e)
{
	const char *q = t->p, *end = t->end, *name;
	/* the mode, in octal without leading zeros: "40000" a folder,
	 * "160000" a submodule, any other a file (as libgit2 types them) */
	if (q >= end)
		return 0;
	e->type = GIT_OBJECT_BLOB;
	if (q[0] == '4' || (q[0] == '0' && q + 1 < end && q[1] == '4'))
		e->type = GIT_OBJECT_TREE;
	else if (q[0] == '1' && q + 1 < end && q[1] == '6')
		e->type = GIT_OBJECT_COMMIT;
	while (q < end && *q >= '0' && *q <= '7')
		q++;
	if (q == t->p || q - t->p > 7 || q >= end || *q != ' ')
		return 0;
	name = ++q;
	q = memchr(name, '\0', (size_t)(end - name));
	if (!q || q == name || end - q - 1 < GIT_OID_RAWSZ)
		return 0;
	e->name = name;
	e->len = (size_t)(q - name);
	e->id = (const unsigned char *)q + 1;
	t->p = q + 1 + GIT_OID_RAWSZ;
	return 1;
}

/* Do a and b hold the same id? */
static inline int rt_same_id(const unsigned char *a, const unsigned char *b)
{
	uint64_t x[2], y[2];
	uint32_t u, v;
	memcpy(x, a, 16);
	memcpy(y, b, 16);
	memcpy(&u, a + 16, 4);
	memcpy(&v, b + 16, 4);
	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (u ^ v)) == 0;
}

/* Moves a and b past the entries they begin with byte for byte (those
 * are the same entries, unchanged), and returns how many bytes they end
 * with alike.  Most of a tree is as it was in the parent's: comparing the
 * bytes eight at a time, and finding where entries end with memchr, is
 * much cheaper than reading every entry of both. */
static size_t rt_skip_same(struct rtree *a, struct rtree *b)
{
	size_t na = (size_t)(a->end - a->p), nb = (size_t)(b->end - b->p);
	size_t n = na < nb ? na : nb, i = 0, tail = 0;
	uint64_t x, y;
	while (i + 8 <= n) {
		memcpy(&x, a->p + i, 8);
		memcpy(&y, b->p + i, 8);
		if (x != y)
			break;
		i += 8;
	}
	while (i < n && a->p[i] == b->p[i])
		i++;
	/* whole entries ("mode name\0" and the id) within the first i bytes */
	const char *start = a->p, *limit = a->p + i;
	for (;;) {
		const char *nul = memchr(a->p, '\0', (size_t)(limit - a->p));
		if (!nul || limit - nul - 1 < GIT_OID_RAWSZ)
			break;
		a->p = nul + 1 + GIT_OID_RAWSZ;
	}
	b->p += a->p - start;
	na = (size_t)(a->end - a->p);
	nb = (size_t)(b->end - b->p);
	n = na < nb ? na : nb;
	while (tail + 8 <= n) {
		memcpy(&x, a->end - tail - 8, 8);
		memcpy(&y, b->end - tail - 8, 8);
		if (x != y)
			break;
		tail += 8;
	}
	while (tail < n && a->end[-(ptrdiff_t)tail - 1] == b->end[-(ptrdiff_t)tail - 1])
		tail++;
	return tail;
}

/* git's order of entries (git_tree_entry_cmp): by name, a folder's as if
 * it ended in '/'. */
static int rt_cmp(const struct rt_entry *a, const struct rt_entry *b)
{
	size_t m = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, m);
	if (c)
		return c;
	int ca = a->len > m ? (unsigned char)a->name[m]
			    : (a->type == GIT_OBJECT_TREE ? '/' : 0);
	int cb = b->len > m ? (unsigned char)b->name[m]
			    : (b->type == GIT_OBJECT_TREE ? '/' : 0);
	return ca - cb;
}

/* The entry of t named name (n bytes), of any type. */
static int rt_find(struct rtree t, const char *name, size_t n, struct rt_entry *e)
{
	while (rt_next(&t, e))
		if (e->len == n && !memcmp(e->name, name, n))
			return 1;
	return 0;
}

/* The walk of repo_last_changes: the paths asked about, found by a hash of
 * their text, with the blob each has at the starting commit. */
struct lc_walk {
	git_odb *odb;
	const char *const *paths;
	size_t n;
	struct map index; /* path -> its index in paths (keys borrowed) */
	git_oid *head;	  /* per path: its blob at the start */
	unsigned char *found; /* per path: its last change is found (or is not to be) */
	int64_t *times;
	const char **authors, **added_by;
	struct arena *a;
	size_t pending; /* paths whose last change is not found */
	const struct repo_raw_commit *commit; /* the commit being looked at */
	git_oid *parents;		      /* its parents */
	size_t nparents, parents_cap;
	struct rtree *ptrees; /* their trees (end NULL: none) */
	size_t ptrees_cap;
	struct buf path; /* scratch: the path of the entry looked at */
	/* The trees read for this commit and, before them, those read for
	 * the one before: children come before parents, so a commit's own
	 * trees were mostly read as its child's parent side. */
	struct lc_tree {
		git_oid id;
		git_odb_object *obj;
	} * trees;
	size_t ntrees, trees_cap, nkept;
};

static ssize_t lc_find(const struct lc_walk *w, const char *s, size_t n)
{
	struct map_entry *e = map_get(&w->index, s, n);
	return e ? (ssize_t)e->num : -1;
}

/* Tree id's bytes into *out, from this commit's trees or the last one's,
 * else read; -1 when it cannot be read.  The walk owns them
 * (lc_trees_next). */
static int lc_tree(struct lc_walk *w, const git_oid *id, struct rtree *out)
{
	git_odb_object *obj = NULL;
	for (size_t i = w->ntrees; i-- > 0;) {
		if (!git_oid_equal(&w->trees[i].id, id))
			continue;
		obj = w->trees[i].obj;
		if (i < w->nkept) { /* the last commit's: now this one's */
			struct lc_tree t = w->trees[i];
			w->trees[i] = w->trees[--w->nkept];
			w->trees[w->nkept] = t;
		}
		break;
	}
	if (!obj) {
		if (git_odb_read(&obj, w->odb, id) < 0)
			return -1;
		if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
			git_odb_object_free(obj);
			return -1;
		}
		XGROW(w->trees, w->trees_cap, w->ntrees + 1);
		w->trees[w->ntrees].id = *id;
		w->trees[w->ntrees++].obj = obj;
	}
	out->p = git_odb_object_data(obj);
	out->end = out->p + git_odb_object_size(obj);
	return 0;
}

/* Between commits: the trees kept from the commit before are freed, and
 * this commit's are kept for the next (its parent, most often); past
 * max, they are freed too. */
static void lc_trees_next(struct lc_walk *w, size_t max)
{
	size_t keep = w->ntrees - w->nkept;
	for (size_t i = 0; i < w->nkept; i++)
		git_odb_object_free(w->trees[i].obj);
	if (keep > max) {
		for (size_t i = w->nkept; i < w->ntrees; i++)
			git_odb_object_free(w->trees[i].obj);
		keep = 0;
	} else if (keep) {
		memmove(w->trees, w->trees + w->nkept, keep * sizeof(*w->trees));
	}
	w->ntrees = w->nkept = keep;
}

/* The id of the file at path in tree, or a zero id when there is none
 * (nothing, a folder, or no tree). */
static void lc_path_oid(struct lc_walk *w, git_oid *out,
			const struct rtree *tree, const char *path)
{
	struct rtree t;
	struct rt_entry e;
	memset(out, 0, sizeof(*out));
	if (!tree || !tree->end)
		return;
	t = *tree;
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		git_oid id;
		if (!rt_find(t, path, n, &e))
			return;
		git_oid_fromraw(&id, e.id);
		if (!slash) {
			if (e.type != GIT_OBJECT_TREE)
				*out = id;
			return;
		}
		if (e.type != GIT_OBJECT_TREE || lc_tree(w, &id, &t) < 0)
			return;
		path = slash + 1;
	}
}

/* Is some path asked about at or under the folder prefix (n bytes, no
 * trailing '/')?  The paths are few next to a history's trees, so a
 * folder nobody asked about is skipped whole. */
static int lc_wanted_dir(const struct lc_walk *w, const char *prefix, size_t n)
{
	/* paths come sorted: bisect for the first at or after "prefix/"
	 * (names such as "prefix-old.md" and "prefix.md" come before it) */
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(w->paths[mid], prefix, n);
		if (!c)
			c = (unsigned char)w->paths[mid][n] - '/';
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && strncmp(w->paths[lo], prefix, n) == 0 &&
	       w->paths[lo][n] == '/';
}

/* A file asked about differs between the commit and its first parent
 * (where it is first, a zero id when it is not there): is the commit
 * where its present content came from, or where it was added? */
static void lc_changed(struct lc_walk *w, size_t k, const git_oid *now,
		       const git_oid *first)
{
	int want_last = !w->found[k] && git_oid_equal(now, &w->head[k]);
	int want_add = w->added_by != NULL;
	if (!want_last && !want_add)
		return; /* nothing this commit could tell */
	/* a merge that took the file unchanged from one of its parents is not
	 * where it changed */
	int in_parent = 0, same_parent = 0;
	for (size_t p = 0; p < w->nparents; p++) {
		git_oid before;
		if (p == 0)
			git_oid_cpy(&before, first);
		else
			lc_path_oid(w, &before, &w->ptrees[p], w->paths[k]);
		in_parent |= !git_oid_is_zero(&before);
		same_parent |= git_oid_equal(&before, now);
	}
	if (same_parent)
		return;
	const struct repo_raw_commit *c = w->commit;
	const char *who = c->author ? c->author : "";
	size_t who_len = c->author ? c->author_len : 0;
	/* the content the file has now: the first such commit met (children
	 * come before parents) is the last change */
	if (want_last) {
		w->found[k] = 1;
		w->times[k] = c->time;
		w->authors[k] = arena_strndup(w->a, who, who_len);
		w->pending--;
	}
	/* added here (no parent has it): the oldest such commit wins (a file
	 * deleted and added again is its first adder's), so a walk that
	 * wants adders goes on to the end of the history */
	if (want_add && !in_parent)
		w->added_by[k] = arena_strndup(w->a, who, who_len);
}

/* Folder entry ea (of the commit's tree) against eb (its first parent's,
 * may be NULL) under w->path: descends when some path asked about is
 * under it. */
static void lc_diff(struct lc_walk *w, struct rtree a, const struct rtree *b);
static void lc_diff_dir(struct lc_walk *w, const struct rt_entry *ea,
			const struct rt_entry *eb)
{
	struct rtree sa, sb;
	git_oid id;
	if (!lc_wanted_dir(w, w->path.ptr, w->path.len))
		return;
	git_oid_fromraw(&id, ea->id);
	if (lc_tree(w, &id, &sa) < 0)
		return;
	int has_b = 0;
	if (eb && eb->type == GIT_OBJECT_TREE) {
		git_oid_fromraw(&id, eb->id);
		has_b = lc_tree(w, &id, &sb) == 0;
	}
	lc_diff(w, sa, has_b ? &sb : NULL);
}

/* Compares tree a (the commit's) with b (its first parent's, may be NULL)
 * under the folder in w->path, looking only into folders that hold paths
 * asked about and whose ids differ. */
static void lc_diff(struct lc_walk *w, struct rtree a, const struct rtree *b)
{
	size_t base = w->path.len, same_tail = 0;
	struct rtree bt = b ? *b : (struct rtree){ NULL, NULL };
	struct rt_entry ea, eb, other;
	const char *eb_at = NULL; /* where eb starts */
	if (b)
		same_tail = rt_skip_same(&a, &bt);
	eb_at = bt.p;
	int more_b = b && rt_next(&bt, &eb);
	for (;;) {
		const struct rt_entry *match = NULL;
		/* what is left of both is the same bytes, from an entry's start
		 * in each: the same entries */
		if (more_b && a.end - a.p == b->end - eb_at &&
		    (size_t)(a.end - a.p) <= same_tail)
			break;
		if (!rt_next(&a, &ea))
			break;
		/* entries are sorted (git's order); find the same name in b */
		while (more_b) {
			int same = eb.len == ea.len &&
				   !memcmp(eb.name, ea.name, ea.len);
			if (!same || eb.type != ea.type) {
				if (rt_cmp(&eb, &ea) < 0) {
					eb_at = bt.p;
					more_b = rt_next(&bt, &eb);
					continue;
				}
				if (!same)
					break; /* b has no such entry here */
			}
			/* found: b moves past it, so that both stand where the
			 * next entry starts */
			other = eb;
			match = &other;
			eb_at = bt.p;
			more_b = rt_next(&bt, &eb);
			break;
		}
		/* the same name as another type sorts elsewhere */
		if (!match && b && rt_find(*b, ea.name, ea.len, &other))
			match = &other;
		if (match && rt_same_id(match->id, ea.id))
			continue;
		buf_truncate(&w->path, base);
		if (base)
			buf_putc(&w->path, '/');
		buf_put(&w->path, ea.name, ea.len);
		if (ea.type == GIT_OBJECT_TREE) {
			lc_diff_dir(w, &ea, match);
		} else if (ea.type == GIT_OBJECT_BLOB) {
			ssize_t k = lc_find(w, w->path.ptr, w->path.len);
			git_oid now, first;
			if (k < 0)
				continue;
			git_oid_fromraw(&now, ea.id);
			/* a folder of that name in the parent is no file there */
			memset(&first, 0, sizeof(first));
			if (match && match->type != GIT_OBJECT_TREE)
				git_oid_fromraw(&first, match->id);
			lc_changed(w, (size_t)k, &now, &first);
		}
	}
	buf_truncate(&w->path, base);
}

static int cmp_cstr_ptr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* One commit of the walk: its tree against its first parent's. Returns -1
 * when the commit or its tree cannot be read (the walk ends there). */
static int lc_commit(struct lc_walk *w, const git_oid *id)
{
	struct repo_raw_commit c;
	struct rtree tree;
	w->nparents = 0;
	if (repo_raw_commit_read(w->odb, id, &c, &w->parents, &w->nparents,
				 &w->parents_cap, 0) != 0)
		return -1; /* a shallow or partial history ends here */
	if (lc_tree(w, &c.tree, &tree) < 0) {
		git_odb_object_free(c.obj);
		return -1;
	}
	/* a missing parent (shallow clone) counts as an empty tree */
	XGROW(w->ptrees, w->ptrees_cap, w->nparents + 1);
	for (size_t p = 0; p < w->nparents; p++) {
		struct repo_raw_commit pc;
		memset(&w->ptrees[p], 0, sizeof(w->ptrees[p]));
		if (repo_raw_commit_read(w->odb, &w->parents[p], &pc, NULL,
					 NULL, NULL, 0) != 0)
			continue;
		if (lc_tree(w, &pc.tree, &w->ptrees[p]) < 0)
			memset(&w->ptrees[p], 0, sizeof(w->ptrees[p]));
		git_odb_object_free(pc.obj);
	}
	w->commit = &c;
	buf_clear(&w->path);
	lc_diff(w, tree, w->nparents && w->ptrees[0].end ? &w->ptrees[0] : NULL);
	w->commit = NULL;
	git_odb_object_free(c.obj);
	lc_trees_next(w, 256);
	return 0;
}

/* ------------------------------------------------ a shallow clone's order
 *
 * libgit2 1.5's revwalk does not know shallow clones: sorting
 * topologically, it reads every commit before giving the first, and fails
 * at a shallow root's parents, which are not there by design. So no file
 * of a shallow clone had a last change. Its history is ordered here as git
 * orders it: children before parents, the newer first of those ready; a
 * shallow root's parents, and a commit that is missing, are not followed. */

struct lo_node {
	git_oid id;
	int64_t time;
	size_t par, npar;  /* its parents: lc_order.parents[par, par + npar) */
	unsigned children; /* not yet given: it waits for them */
	int skip; /* a shallow root or a missing commit: given, not looked at */
};

struct lc_order {
	struct lo_node *nodes;
	size_t n, cap;
	size_t *parents;
	size_t npar, parcap;
	struct repo_heap heap; /* the commits ready, newest first */
	struct repo_oidmap index;
};

static int lo_newer(const void *ctx, size_t a, size_t b)
{
	const struct lc_order *o = ctx;
	const struct lo_node *x = &o->nodes[a], *y = &o->nodes[b];
	if (x->time != y->time)
		return x->time > y->time;
	return git_oid_cmp(&x->id, &y->id) < 0;
}

/* The next commit (children before parents), or SIZE_MAX at the end. */
static size_t lo_next(struct lc_order *o)
{
	if (!o->heap.n)
		return SIZE_MAX;
	size_t top = repo_heap_pop(&o->heap);
	const struct lo_node *nd = &o->nodes[top];
	for (size_t p = nd->par; p < nd->par + nd->npar; p++)
		if (--o->nodes[o->parents[p]].children == 0)
			repo_heap_push(&o->heap, o->parents[p]);
	return top;
}

static int lo_oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

static size_t lo_node(struct lc_order *o, const git_oid *id)
{
	size_t *at = repo_oidmap_get(&o->index, id);
	if (at)
		return *at;
	XGROW(o->nodes, o->cap, o->n + 1);
	memset(&o->nodes[o->n], 0, sizeof(o->nodes[o->n]));
	o->nodes[o->n].id = *id;
	repo_oidmap_put(&o->index, id, o->n);
	return o->n++;
}

/* Reads the history from start, at most max commits, shallow roots'
 * parents left out; then queues start. */
static void lo_collect(struct lc_order *o, git_odb *odb, const git_oid *start,
		       const git_oid *roots, size_t nroots, size_t max)
{
	git_oid *pids = NULL;
	size_t cap = 0;
	lo_node(o, start);
	for (size_t i = 0; i < o->n; i++) {
		struct repo_raw_commit c;
		size_t np = 0;
		git_oid id = o->nodes[i].id;
		int root = bsearch(&id, roots, nroots, sizeof(*roots),
				   lo_oid_cmp) != NULL;
		if (repo_raw_commit_read(odb, &id, &c, root ? NULL : &pids, &np,
					 &cap, 0) != 0) {
			o->nodes[i].skip = 1;
			continue;
		}
		o->nodes[i].time = c.time;
		o->nodes[i].skip = root;
		git_odb_object_free(c.obj);
		o->nodes[i].par = o->npar;
		for (size_t k = 0; k < np && o->n < max; k++) {
			size_t j = lo_node(o, &pids[k]);
			XGROW(o->parents, o->parcap, o->npar + 1);
			o->parents[o->npar++] = j;
			o->nodes[j].children++;
		}
		o->nodes[i].npar = o->npar - o->nodes[i].par;
	}
	free(pids);
	o->heap.before = lo_newer;
	o->heap.ctx = o;
	repo_heap_push(&o->heap, 0);
}

static void lo_release(struct lc_order *o)
{
	free(o->nodes);
	free(o->parents);
	free(o->heap.v);
	repo_oidmap_release(&o->index);
}

int repo_last_changes(struct repo *r, const struct repo_commit *c,
		      const char *const *paths, size_t n, size_t max_commits,
		      struct arena *a, int64_t *times, const char **authors,
		      const char **added_by, struct buf *err)
{
	git_revwalk *walk = NULL;
	git_oid start, id, *roots = NULL;
	struct lc_order order = { 0 };
	size_t nroots = repo_shallow_roots(r, &roots);
	struct repo_raw_commit first;
	struct rtree head_tree;
	struct lc_walk w;
	size_t seen = 0;
	const char **sorted = NULL;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	memset(&first, 0, sizeof(first));
	for (size_t i = 0; i < n; i++) {
		times[i] = 0;
		authors[i] = NULL;
		if (added_by)
			added_by[i] = NULL;
	}
	if (!n)
		return 0;
	w.odb = r->odb;
	if (git_oid_fromstr(&start, c->id) < 0 ||
	    git_revwalk_new(&walk, r->git) < 0 || git_revwalk_push(walk, &start) < 0 ||
	    repo_raw_commit_read(r->odb, &start, &first, NULL, NULL, NULL, 0) != 0 ||
	    lc_tree(&w, &first.tree, &head_tree) < 0) {
		repo_set_error(err, "cannot walk the history of %s: ", c->id);
		repo_put_git_error(err);
		goto cleanup;
	}
	/* the paths sorted (folders are skipped by bisection); results go
	 * back to the caller's order through lc_find at the end */
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, paths, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_cstr_ptr);
	w.paths = sorted;
	w.n = n;
	for (size_t k = 0; k < n; k++) {
		int added;
		struct map_entry *e =
			map_put(&w.index, sorted[k], strlen(sorted[k]), &added);
		if (added) /* a path asked twice: its first place */
			e->num = k;
	}
	w.head = xcalloc(n, sizeof(*w.head));
	w.found = xcalloc(n, 1);
	w.times = xcalloc(n, sizeof(*w.times));
	w.authors = xcalloc(n, sizeof(*w.authors));
	w.added_by = added_by ? xcalloc(n, sizeof(*w.added_by)) : NULL;
	w.a = a;
	for (size_t k = 0; k < n; k++) {
		lc_path_oid(&w, &w.head[k], &head_tree, sorted[k]);
		if (git_oid_is_zero(&w.head[k]))
			w.found[k] = 1; /* not in the tree: nothing to find */
		else
			w.pending++;
	}
	buf_init(&w.path);
	/* children before parents, so the first change met is the last made */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (nroots) {
		/* a shallow root's changes are not known: its files that no
		 * later commit changed keep none */
		lo_collect(&order, r->odb, &start, roots, nroots, max_commits);
		for (size_t i; (w.pending || added_by) && seen < max_commits &&
			       (i = lo_next(&order)) != SIZE_MAX;) {
			if (order.nodes[i].skip)
				continue;
			seen++;
			if (lc_commit(&w, &order.nodes[i].id) < 0)
				break;
		}
	}
	while (!nroots && (w.pending || added_by) && seen < max_commits &&
	       git_revwalk_next(&id, walk) == 0) {
		seen++;
		if (lc_commit(&w, &id) < 0)
			break;
	}
	/* back to the caller's order */
	for (size_t k = 0; k < n; k++) {
		size_t at = (size_t)lc_find(&w, paths[k], strlen(paths[k]));
		times[k] = w.times[at];
		authors[k] = w.authors[at];
		if (added_by)
			added_by[k] = w.added_by[at];
	}
	ret = 0;

cleanup:
	w.nkept = w.ntrees;
	lc_trees_next(&w, 0);
	free(w.trees);
	free(w.parents);
	free(w.ptrees);
	buf_release(&w.path);
	map_release(&w.index);
	free(w.head);
	free(w.found);
	free(w.times);
	free(w.authors);
	free(w.added_by);
	free(sorted);
	git_odb_object_free(first.obj);
	git_revwalk_free(walk);
	lo_release(&order);
	free(roots);
	return ret;
}
