#include "site.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cache.h"
#include "codeowners.h"
#include "xalloc.h"
#include "yaml.h"

void site_init(struct site *s, const struct config *cfg, struct diag_list *d,
	       int jobs)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->diags = d;
	s->jobs = jobs;
	arena_init(&s->arena);
}

void site_release(struct site *s)
{
	for (size_t i = 0; i < s->nsources; i++) {
		repo_commit_release(&s->sources[i].commit);
		diag_release(&s->sources[i].diags);
		arena_release(&s->sources[i].arena);
	}
	free(s->sources);
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------ names */

void site_safe_segment(struct buf *out, const char *name, size_t len)
{
	size_t start = out->len;
	int dash = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isalnum(c) || c == '_' || (c == '.' && out->len > start)) {
			if (dash && out->len > start)
				buf_putc(out, '-');
			dash = 0;
			buf_putc(out, (char)tolower(c));
		} else {
			dash = 1; /* '-', '.', spaces and everything else */
		}
	}
	/* no trailing '.', which some file systems drop */
	while (out->len > start && out->ptr[out->len - 1] == '.')
		buf_truncate(out, out->len - 1);
	if (out->len == start)
		buf_putc(out, '_');
}

const char *site_kind_label(enum doc_kind k)
{
	switch (k) {
	case DOC_README: return "Overview";
	case DOC_RUNBOOK: return "Runbook";
	case DOC_RFC: return "RFC";
	case DOC_POSTMORTEM: return "Post-mortem";
	case DOC_DOC: return "Document";
	case DOC_CONTENT: return "Page";
	}
	return "Document";
}

const char *site_kind_id(const struct document *d)
{
	switch (d->kind) {
	case DOC_README: return "overview";
	case DOC_RUNBOOK: return "runbook";
	case DOC_RFC:
		return strncmp(d->path, "docs/adr/", 9) == 0 ||
		       strncmp(d->path, "docs/decisions/", 15) == 0 ? "adr" : "rfc";
	case DOC_POSTMORTEM: return "postmortem";
	case DOC_DOC: return "doc";
	case DOC_CONTENT: return "page";
	}
	return "doc";
}

void site_relative(struct buf *out, const char *from, const char *to)
{
	/* the common run of whole folders */
	size_t common = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	size_t start = out->len;
	for (const char *p = from + common; *p; p++)
		if (*p == '/')
			buf_puts(out, "../");
	buf_puts(out, to + common);
	if (out->len == start)
		buf_puts(out, "./");
}

/* ------------------------------------------------------------ lookups */

struct document *site_find_doc(const struct source *src, const char *path)
{
	size_t lo = 0, hi = src->ndocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(src->docs[mid]->path, path);
		if (!c)
			return src->docs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct aux_file *site_find_aux(const struct source *src, const char *path)
{
	for (size_t i = 0; i < src->naux; i++)
		if (strcmp(src->aux[i].path, path) == 0)
			return &src->aux[i];
	return NULL;
}

const struct repo_entry *site_find_entry(const struct source *src,
					 const char *path)
{
	size_t lo = 0, hi = src->nentries;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(src->entries[mid].path, path);
		if (!c)
			return &src->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ------------------------------------------------------------ services */

static const char *str_at(const struct val *v, const char *a, const char *b)
{
	const struct val *x = val_get(v, a);
	if (b)
		x = val_get(x, b);
	const char *s = val_as_str(x);
	return s && *s ? s : NULL;
}

/* The team an owner names: "group:default/payments" -> "payments",
 * "@acme/payments @bob" -> "payments", "team@x.com" -> "team@x.com". */
static const char *team_of(struct arena *a, const char *owner)
{
	if (!owner)
		return NULL;
	const char *p = owner;
	while (*p == ' ')
		p++;
	size_t n = strcspn(p, " \t,");
	if (*p == '@') {
		p++;
		n--;
	}
	const char *colon = memchr(p, ':', n);
	if (colon) {
		n -= (size_t)(colon + 1 - p);
		p = colon + 1;
	}
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/')
			slash = p + i;
	if (slash) {
		n -= (size_t)(slash + 1 - p);
		p = slash + 1;
	}
	return n ? arena_strndup(a, p, n) : NULL;
}

static struct service *new_service(struct site *s, struct source *src,
				   const char *name)
{
	struct service *svc = arena_alloc(&s->arena, sizeof(*svc));
	svc->src = src;
	svc->name = name;
	svc->title = name;
	return svc;
}

static void service_from_entity(struct site *s, struct service *svc,
				struct val *e)
{
	svc->entity = e;
	svc->line = e->line;
	const char *t = str_at(e, "metadata", "title");
	if (t)
		svc->title = t;
	svc->description = str_at(e, "metadata", "description");
	svc->owner = str_at(e, "spec", "owner");
	svc->lifecycle = str_at(e, "spec", "lifecycle");
	svc->type = str_at(e, "spec", "type");
	svc->system = str_at(e, "spec", "system");
	const struct val *ann = val_get(val_get(e, "metadata"), "annotations");
	const char *project = val_as_str(val_get(ann, "github.com/project-slug"));
	if (project && *project && !svc->src->web_url) {
		struct buf u = BUF_INIT;
		buf_puts(&u, "https://github.com/");
		buf_puts(&u, project);
		svc->src->web_url = arena_strdup(&s->arena, u.ptr);
		buf_release(&u);
	}
}

static int cmp_service_name(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;
	int c = strcasecmp(a->name, b->name);
	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->src->name, b->src->name);
	return c;
}

static int cmp_service_slug(const void *pa, const void *pb)
{
	const struct service *a = *(const struct service *const *)pa;
	const struct service *b = *(const struct service *const *)pb;
	return strcmp(a->slug, b->slug);
}

static int doc_order(enum doc_kind k)
{
	switch (k) {
	case DOC_RUNBOOK: return 0;
	case DOC_DOC: return 1;
	case DOC_RFC: return 2;
	case DOC_POSTMORTEM: return 3;
	default: return 4;
	}
}

static int cmp_doc_kind_path(const void *pa, const void *pb)
{
	const struct document *a = *(const struct document *const *)pa;
	const struct document *b = *(const struct document *const *)pb;
	int c = doc_order(a->kind) - doc_order(b->kind);
	return c ? c : strcmp(a->path, b->path);
}

/* A simple string set for collision checks (open addressing). */
struct strset {
	const char **slots;
	size_t cap, len;
};

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int strset_add(struct strset *set, const char *s)
{
	if ((set->len + 1) * 2 > set->cap) {
		struct strset big = { xcalloc(set->cap ? set->cap * 2 : 64, sizeof(char *)),
				      set->cap ? set->cap * 2 : 64, 0 };
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i])
				strset_add(&big, set->slots[i]);
		free(set->slots);
		*set = big;
	}
	size_t i = hash_str(s) & (set->cap - 1);
	while (set->slots[i]) {
		if (strcmp(set->slots[i], s) == 0)
			return 0;
		i = (i + 1) & (set->cap - 1);
	}
	set->slots[i] = s;
	set->len++;
	return 1;
}

/* Makes base+suffix unique in set by appending -2, -3, ... to base;
 * returns the arena copy that was added, and sets *renamed when a number
 * had to be added. */
static const char *unique_in(struct arena *a, struct strset *set,
			     const char *base, const char *suffix, int *renamed)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s%s", base, suffix);
	const char *s = arena_strdup(a, b.ptr);
	*renamed = 0;
	for (int n = 2; !strset_add(set, s); n++) {
		*renamed = 1;
		buf_clear(&b);
		buf_printf(&b, "%s-%d%s", base, n, suffix);
		s = arena_strdup(a, b.ptr);
	}
	buf_release(&b);
	return s;
}

static const char *doc_title(struct arena *a, const struct document *d)
{
	const char *t = val_as_str(val_get(d->meta, "title"));
	if (t && *t)
		return t;
	if (d->h1)
		return d->h1;
	/* the file name, without folders and extension, dashes as spaces */
	const char *base = strrchr(d->path, '/');
	base = base ? base + 1 : d->path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *s = arena_strndup(a, base, n);
	for (char *p = s; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	return s;
}

/* The site address of a repository document under its service. */
static const char *doc_address(struct arena *a, struct strset *taken,
			       const struct service *svc, const struct document *d,
			       int *renamed)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "services/%s/", svc->slug);
	const char *p = d->path;
	const char *dot = strrchr(p, '.');
	size_t len = dot ? (size_t)(dot - p) : strlen(p);
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && p[j] != '/')
			j++;
		site_safe_segment(&b, p + i, j - i);
		if (j < len)
			buf_putc(&b, '/');
		i = j + 1;
	}
	const char *addr = unique_in(a, taken, b.ptr, "/", renamed);
	buf_release(&b);
	return addr;
}

/* The owners of the last "*" rule of a CODEOWNERS file. */
static const char *star_owners(struct arena *a, const char *text, size_t len)
{
	const char *found = NULL;
	size_t found_len = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *le = p;
		while (le < end && *le != '\n')
			le++;
		const char *q = p;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (q < le && *q == '*' && (q + 1 == le || q[1] == ' ' || q[1] == '\t')) {
			q++;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			const char *oe = q;
			while (oe < le && *oe != '#')
				oe++;
			while (oe > q && (oe[-1] == ' ' || oe[-1] == '\t' || oe[-1] == '\r'))
				oe--;
			found = q;
			found_len = (size_t)(oe - q);
		}
		p = le + 1;
	}
	return found && found_len ? arena_strndup(a, found, found_len) : NULL;
}

/* Parses the aux files that assembly needs: the catalog descriptors and
 * the CODEOWNERS file that wins. */
static void read_aux(struct site *s, struct source *src)
{
	const struct aux_file *owners = NULL;
	int rank = 99;
	for (size_t i = 0; i < src->naux; i++) {
		const struct aux_file *f = &src->aux[i];
		int r = codeowners_location_rank(f->path);
		if (r >= 0 && r < rank) {
			owners = f;
			rank = r;
		}
	}
	if (owners)
		src->default_owner = star_owners(&s->arena, owners->text, owners->len);
	const struct aux_file *cat = site_find_aux(src, "catalog-info.yaml");
	if (cat) {
		struct yaml_error ye;
		struct val *docs;
		src->catalog_path = cat->path;
		if (yaml_parse_all(&docs, &s->arena, cat->text, cat->len, &ye) < 0)
			diag_add(s->diags, DIAG_ERROR, DIAG_USER, src->name, cat->path, ye.line,
				 "catalog descriptor is not valid YAML: %s", ye.msg);
		src->catalog = docs;
	}
}

static void assemble_source(struct site *s, struct source *src,
			    struct service ***list, size_t *n, size_t *cap)
{
	struct service *primary = NULL;
	read_aux(s, src);
	if (src->catalog) {
		for (size_t i = 0; i < src->catalog->u.list.len; i++) {
			struct val *e = src->catalog->u.list.items[i];
			const char *kind = str_at(e, "kind", NULL);
			if (!kind || strcmp(kind, "Component") != 0)
				continue;
			const char *name = str_at(e, "metadata", "name");
			if (!name) {
				diag_user_error(s->diags, src->name, src->catalog_path,
						e->line,
						"Component has no metadata.name: add one");
				continue;
			}
			struct service *svc = new_service(s, src, name);
			service_from_entity(s, svc, e);
			if (!primary)
				primary = svc;
			XGROW(*list, *cap, *n + 1);
			(*list)[(*n)++] = svc;
		}
	}
	if (!primary) {
		primary = new_service(s, src, src->name);
		XGROW(*list, *cap, *n + 1);
		(*list)[(*n)++] = primary;
	}
	for (size_t i = 0; i < *n; i++) {
		struct service *svc = (*list)[i];
		if (svc->src == src && !svc->owner)
			svc->owner = src->default_owner;
	}
	/* documents belong to the repository's first service */
	size_t ndocs = 0;
	for (size_t i = 0; i < src->ndocs; i++) {
		struct document *d = src->docs[i];
		d->service = primary;
		if (d->kind == DOC_README && !primary->readme)
			primary->readme = d;
		else
			ndocs++;
	}
	primary->docs = arena_alloc(&s->arena, (ndocs ? ndocs : 1) * sizeof(*primary->docs));
	for (size_t i = 0; i < src->ndocs; i++)
		if (src->docs[i] != primary->readme)
			primary->docs[primary->ndocs++] = src->docs[i];
	qsort(primary->docs, primary->ndocs, sizeof(*primary->docs), cmp_doc_kind_path);
}

static const char *const reserved[] = {
	"services", "teams", "runbooks", "apis", "rfcs", "postmortems",
	"action-items", "deploys", "search", "assets", "404.html", NULL
};

static void assemble_content(struct site *s, struct strset *taken)
{
	for (size_t i = 0; i < s->ncontent; i++) {
		struct document *d = s->content[i];
		struct buf b = BUF_INIT;
		const char *p = d->path;
		const char *dot = strrchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		size_t k = 0;
		while (k < len) {
			size_t j = k;
			while (j < len && p[j] != '/')
				j++;
			site_safe_segment(&b, p + k, j - k);
			if (j < len)
				buf_putc(&b, '/');
			k = j + 1;
		}
		size_t first = strcspn(b.ptr, "/");
		int clash = 0;
		for (int r = 0; reserved[r]; r++)
			if (strlen(reserved[r]) == first &&
			    strncmp(b.ptr, reserved[r], first) == 0)
				clash = 1;
		if (clash) {
			diag_add(s->diags, DIAG_WARNING, DIAG_OPERATOR, NULL, d->path, 0,
				 "content page would take the address \"%s/\", which cairn uses: rename it",
				 b.ptr);
		} else {
			int renamed;
			d->address = unique_in(&s->arena, taken, b.ptr, "/", &renamed);
			if (renamed)
				diag_add(s->diags, DIAG_WARNING, DIAG_OPERATOR, NULL, d->path, 0,
					 "content page has the same address as another (%s/): it is published at %s",
					 b.ptr, d->address);
			d->title = doc_title(&s->arena, d);
			d->nav = val_truthy(val_get(d->meta, "nav"));
		}
		buf_release(&b);
	}
	if (s->home)
		s->home->title = doc_title(&s->arena, s->home);
}

static uint64_t mix_service(uint64_t h, const struct service *svc)
{
	const char *fields[] = { svc->name, svc->slug, svc->title, svc->description,
				 svc->owner, svc->team, svc->lifecycle, svc->type,
				 svc->system };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		h = cache_mix_str(h, fields[i]);
	for (size_t i = 0; i < svc->ndocs; i++) {
		const struct document *d = svc->docs[i];
		h = cache_mix_str(cache_mix_str(cache_mix_str(h, d->path), d->address),
				  d->title);
	}
	return h;
}

void site_fingerprint(struct site *s, uint64_t theme_fp)
{
	const struct config *c = s->cfg;
	uint64_t h = cache_mix_str(cache_mix_u64(0, theme_fp), CAIRN_VERSION);
	h = cache_mix_str(h, CAIRN_BUILD_ID);
	h = cache_mix_str(cache_mix_str(h, c->title), c->base_url);
	for (size_t i = 0; i < c->nenvironments; i++)
		h = cache_mix_str(h, c->environments[i]);
	for (size_t i = 0; i < s->ncontent; i++)
		if (s->content[i]->nav && s->content[i]->address)
			h = cache_mix_str(cache_mix_str(h, s->content[i]->title),
					  s->content[i]->address);
	/* pages may say how old things are: they are made again each day */
	s->chrome_fp = cache_mix_u64(h, (uint64_t)(s->now / 86400));

	for (size_t i = 0; i < s->nsources; i++) {
		struct source *src = &s->sources[i];
		uint64_t f = cache_mix_str(cache_mix_str(0, src->commit.id), src->commit.branch);
		f = cache_mix_str(cache_mix_str(f, src->name), src->web_url);
		for (size_t k = 0; k < s->nservices; k++)
			if (s->services[k]->src == src)
				f = mix_service(f, s->services[k]);
		src->fp = f;
	}
}

void site_assemble(struct site *s)
{
	struct service **list = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < s->nsources; i++)
		if (s->sources[i].ok)
			assemble_source(s, &s->sources[i], &list, &n, &cap);

	/* safe, unique slugs, given in name order so that they are stable */
	if (n)
		qsort(list, n, sizeof(*list), cmp_service_name);
	struct strset slugs = { 0 }, addrs = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct service *svc = list[i];
		struct buf b = BUF_INIT;
		site_safe_segment(&b, svc->name, strlen(svc->name));
		int renamed;
		svc->slug = unique_in(&s->arena, &slugs, b.ptr, "", &renamed);
		if (renamed) {
			diag_add(s->diags, DIAG_WARNING, DIAG_USER, svc->src->name,
				 svc->entity ? svc->src->catalog_path : NULL, svc->line,
				 "service \"%s\" has the same address as another service (services/%s/): it is published at services/%s/; give it a distinct name",
				 svc->name, b.ptr, svc->slug);
		}
		buf_release(&b);
		svc->team = team_of(&s->arena, svc->owner);
	}
	s->services = arena_alloc(&s->arena, (n ? n : 1) * sizeof(*list));
	if (n) {
		qsort(list, n, sizeof(*list), cmp_service_slug);
		memcpy(s->services, list, n * sizeof(*list));
	}
	s->nservices = n;
	free(list);

	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		struct buf b = BUF_INIT;
		buf_printf(&b, "services/%s/", svc->slug);
		strset_add(&addrs, arena_strdup(&s->arena, b.ptr));
		buf_release(&b);
	}
	for (size_t i = 0; i < s->nservices; i++) {
		struct service *svc = s->services[i];
		if (svc->readme) {
			svc->readme->title = svc->title;
			svc->readme->address = arena_printf(&s->arena, "services/%s/", svc->slug);
		}
		for (size_t k = 0; k < svc->ndocs; k++) {
			struct document *d = svc->docs[k];
			d->title = doc_title(&s->arena, d);
			int renamed;
			d->address = doc_address(&s->arena, &addrs, svc, d, &renamed);
			if (renamed)
				diag_user(s->diags, svc->src->name, d->path, 0,
					  "document has the same address as another document of the service: it is published at %s; rename one of them",
					  d->address);
		}
	}
	assemble_content(s, &addrs);
	free(slugs.slots);
	free(addrs.slots);
}
