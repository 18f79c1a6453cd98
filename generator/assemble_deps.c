#include "assemble_deps.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawl_deps.h"
#include "hash.h"
#include "strset.h"
#include "version.h"
#include "xalloc.h"

/* A package as a file of a service names it, before merging. */
struct raw {
	const struct deps_package *p;
	const char *path;
	size_t svc; /* index in s->services */
};

/* The service of svcs[0..n) (one repository's) that a file in folder
 * belongs to: the one whose home holds it (the longest), else the first. */
static size_t owner_of(struct service *const *all, const size_t *svcs, size_t n,
		       const char *folder)
{
	size_t best = svcs[0], best_len = 0;
	for (size_t i = 0; i < n; i++) {
		const char *home = all[svcs[i]]->home;
		size_t hl = strlen(home);
		if (hl > best_len && strncmp(folder, home, hl) == 0 &&
		    (folder[hl] == '/' || folder[hl] == '\0')) {
			best = svcs[i];
			best_len = hl;
		}
	}
	return best;
}

/* By ecosystem, name, service, version, direct ones first. */
static int cmp_raw(const void *pa, const void *pb)
{
	const struct raw *a = pa, *b = pb;
	int c = strcmp(a->p->ecosystem, b->p->ecosystem);
	if (!c)
		c = strcmp(a->p->name, b->p->name);
	if (!c && a->svc != b->svc)
		return a->svc < b->svc ? -1 : 1;
	if (!c)
		c = strcmp(a->p->version, b->p->version);
	if (!c)
		c = b->p->direct - a->p->direct;
	return c;
}

/* Every package each service's files name, with counts per service. */
static size_t collect(struct site *s, struct raw **out, size_t *counts)
{
	struct raw *raw = NULL;
	size_t n = 0, cap = 0;
	size_t *svcs = xcalloc(s->nservices + 1, sizeof(*svcs));
	for (size_t i = 0; i < s->nsources; i++) {
		const struct source *src = &s->sources[i];
		size_t nsvcs = 0;
		for (size_t k = 0; k < s->nservices; k++)
			if (s->services[k]->src == src)
				svcs[nsvcs++] = k;
		for (size_t f = 0; nsvcs && f < src->ndep_files; f++) {
			const struct dep_file *df = &src->dep_files[f];
			size_t owner = owner_of(s->services, svcs, nsvcs, df->folder);
			for (size_t k = 0; k < df->list.len; k++) {
				XGROW(raw, cap, n + 1);
				const struct deps_package *p = &df->list.items[k];
				/* the line is the manifest's when it gave it */
				raw[n++] = (struct raw){ p,
							 p->in_manifest && df->manifest
								 ? df->manifest
								 : df->path,
							 owner };
				counts[owner]++;
			}
		}
	}
	free(svcs);
	*out = raw;
	return n;
}

/* Versions newest first, ranges after them; then by service. */
static int cmp_use(const void *pa, const void *pb)
{
	const struct dep_use *a = *(struct dep_use *const *)pa;
	const struct dep_use *b = *(struct dep_use *const *)pb;
	int ra = *a->version != '\0', rb = *b->version != '\0';
	if (ra != rb)
		return rb - ra;
	int c = ra ? -version_compare(a->pkg->ecosystem, a->version, b->version)
		   : strcmp(a->range, b->range);
	if (!c && ra)
		c = strcmp(a->version, b->version);
	return c ? c : strcmp(a->svc->slug, b->svc->slug);
}

static int cmp_ptr(const void *pa, const void *pb)
{
	const void *a = *(const void *const *)pa, *b = *(const void *const *)pb;
	return a == b ? 0 : (uintptr_t)a < (uintptr_t)b ? -1 : 1;
}

static int same_version(const struct dep_use *a, const struct dep_use *b)
{
	return strcmp(a->version, b->version) == 0 &&
	       (*a->version || strcmp(a->range, b->range) == 0);
}

/* Splits pkg's uses (use[0..n)) into its versions. */
static void make_versions(struct arena *a, struct dep_package *pkg,
			  struct dep_use **use, size_t n)
{
	qsort(use, n, sizeof(*use), cmp_use);
	size_t nv = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && same_version(use[i - 1], use[i])) {
			pkg->versions[nv - 1].nuses++;
			continue;
		}
		ARENA_GROW(a, pkg->versions, cap, nv + 1);
		pkg->versions[nv++] = (struct dep_version){
			*use[i]->version ? use[i]->version : use[i]->range,
			*use[i]->version != '\0', use + i, 1
		};
	}
	pkg->nversions = nv;
	/* distinct services: the uses' services in order, counted once */
	const struct service **svcs = xcalloc(n + 1, sizeof(*svcs));
	for (size_t i = 0; i < n; i++)
		svcs[i] = use[i]->svc;
	qsort(svcs, n, sizeof(*svcs), cmp_ptr);
	for (size_t i = 0; i < n; i++)
		pkg->nservices += !i || svcs[i] != svcs[i - 1];
	free(svcs);
}

static int cmp_package(const void *pa, const void *pb)
{
	const struct dep_package *a = *(struct dep_package *const *)pa;
	const struct dep_package *b = *(struct dep_package *const *)pb;
	int c = strcasecmp(a->name, b->name);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->ecosystem, b->ecosystem);
}

/* Gives each package its address, unique, in name order. */
static void address_packages(struct site *s)
{
	struct strset taken = STRSET_INIT;
	struct buf b = BUF_INIT, seg = BUF_INIT;
	for (size_t i = 0; i < s->ndep_packages; i++) {
		struct dep_package *pkg = s->dep_packages[i];
		buf_clear(&seg);
		site_safe_segment(&seg, pkg->name, strlen(pkg->name));
		buf_clear(&b);
		buf_printf(&b, "dependencies/%s/%s/", pkg->ecosystem, seg.ptr);
		for (int n = 2;
		     !strset_add(&taken,
				 (pkg->address = arena_strdup(&s->arena, b.ptr)));
		     n++) {
			buf_clear(&b);
			buf_printf(&b, "dependencies/%s/%s-%d/", pkg->ecosystem,
				   seg.ptr, n);
		}
	}
	strset_release(&taken);
	buf_release(&b);
	buf_release(&seg);
}

void assemble_deps(struct site *s)
{
	struct arena *a = &s->arena;
	size_t *counts = xcalloc(s->nservices + 1, sizeof(*counts));
	struct raw *raw = NULL;
	size_t n = collect(s, &raw, counts);
	for (size_t i = 0; i < s->nservices; i++)
		s->services[i]->deps =
			arena_alloc(a, (counts[i] + 1) * sizeof(struct dep_use));
	if (n)
		qsort(raw, n, sizeof(*raw), cmp_raw);
	/* the versions' lists of uses are parts of this array */
	struct dep_use **uses = arena_alloc(a, (n + 1) * sizeof(*uses));
	size_t nuses = 0, npkgs = 0, pkg_cap = 0, first = 0;
	struct dep_package *pkg = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct deps_package *p = raw[i].p;
		struct service *svc = s->services[raw[i].svc];
		int new_pkg = !pkg || strcmp(pkg->ecosystem, p->ecosystem) != 0 ||
			      strcmp(pkg->name, p->name) != 0;
		if (new_pkg) {
			if (pkg)
				make_versions(a, pkg, uses + first, nuses - first);
			pkg = arena_alloc(a, sizeof(*pkg));
			*pkg = (struct dep_package){ .ecosystem = p->ecosystem,
						     .name = p->name };
			ARENA_GROW(a, s->dep_packages, pkg_cap, npkgs + 1);
			s->dep_packages[npkgs++] = pkg;
			first = nuses;
		}
		struct dep_use *last = svc->ndeps ? &svc->deps[svc->ndeps - 1] : NULL;
		if (!new_pkg && last && last->pkg == pkg &&
		    strcmp(last->version, p->version) == 0 &&
		    (*p->version || strcmp(last->range, p->range) == 0)) {
			last->direct |= p->direct;
			last->dev &= p->dev;
			continue;
		}
		struct dep_use *u = &svc->deps[svc->ndeps++];
		*u = (struct dep_use){ pkg,	  svc,	  p->version,  p->range,
				       p->direct, p->dev, raw[i].path, p->line };
		uses[nuses++] = u;
	}
	if (pkg)
		make_versions(a, pkg, uses + first, nuses - first);
	s->ndep_packages = npkgs;
	if (npkgs)
		qsort(s->dep_packages, npkgs, sizeof(*s->dep_packages), cmp_package);
	address_packages(s);
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		uint64_t h = hash_mix_u64(0, svc->ndeps);
		for (size_t k = 0; k < svc->ndeps; k++)
			if (svc->deps[k].direct)
				h = hash_mix_str(h, svc->deps[k].pkg->address);
		svc->deps_fp = h;
	}
	free(raw);
	free(counts);
}
