#include "site.h"

#include <errno.h>

#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ascii.h"
#include "assemble_slos.h"
#include "cache.h"
#include "hash.h"
#include "layout.h"
#include "map.h"
#include "pool.h"
#include "search.h"
#include "unread.h"
#include "codeowners.h"
#include "xalloc.h"
#include "yaml.h"

void site_init(struct site *s, const struct config *cfg, struct diag_list *d, int jobs)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->diags = d;
	s->jobs = jobs;
	s->spill_fd = -1;
	atomic_init(&s->spill_end, 0);
	arena_init(&s->arena);
}

/* The spill file: unnamed in the cache folder (O_TMPFILE), or named and
 * removed at once where the file system has no unnamed files. */
void site_spill_begin(struct site *s)
{
	const char *dir = s->cfg && s->cfg->cache ? s->cfg->cache : NULL;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		s->text_files_max = (size_t)rl.rlim_cur / 4;
	else
		s->text_files_max = 1024;
	if (s->spill_fd >= 0 || !dir)
		return;
	mkdir(dir, 0755);
	s->spill_fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->spill_fd >= 0)
		return;
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/.spill-XXXXXX", dir);
	s->spill_fd = mkostemp(p.ptr, O_CLOEXEC);
	if (s->spill_fd >= 0)
		unlink(p.ptr);
	buf_release(&p);
}

void site_cache_failed(struct site *s, const char *path)
{
	int e = errno;
	if (atomic_exchange(&s->cache_failed, 1))
		return;
	diag_add(s->diags, DIAG_ERROR, DIAG_OPERATOR, NULL, path, 0,
		 "cannot write the cache: %s; the site is right, but the next build reads and makes everything again (free space or fix the cache folder's permissions)",
		 e ? strerror(e) : "unknown error");
}

/* Keeps d's text in its source's texts file (tape, when there is one, in
 * the spill file). */
static void spill_own(struct site *s, struct document *d, const char *text,
		      size_t len, const char *tape, size_t tape_len)
{
	struct source *src = d->src;
	uint64_t at = src->text_end;
	if (cache_pwrite_all(src->texts->fd, text, len, at) < 0)
		return; /* the file system is full: the render reads the blob */
	src->text_end += len;
	d->spilled = at + 1;
	d->text_hash = hash_of(text, len, SITE_TEXT_SEED);
	if (!tape_len || s->spill_fd < 0)
		return;
	uint64_t t = atomic_fetch_add(&s->spill_end, (uint64_t)tape_len);
	if (cache_pwrite_all(s->spill_fd, tape, tape_len, t) == 0) {
		d->tape_at = t + 1;
		d->tape_len = tape_len;
	}
}

void site_spill(struct site *s, struct document *d, const char *text,
		size_t len, const char *tape, size_t tape_len)
{
	d->spilled = 0;
	d->tape_len = 0;
	d->tape_at = 0;
	if (d->src && d->src->texts) {
		spill_own(s, d, text, len, tape, tape_len);
		return;
	}
	if (s->spill_fd < 0)
		return;
	uint64_t at = atomic_fetch_add(&s->spill_end, (uint64_t)(len + tape_len));
	/* both in one call when it writes them whole; the rest piece by piece */
	struct iovec iov[2] = { { (void *)text, len }, { (void *)tape, tape_len } };
	ssize_t w = pwritev(s->spill_fd, iov, tape_len ? 2 : 1, (off_t)at);
	size_t done = w > 0 ? (size_t)w : 0;
	if (done < len &&
	    cache_pwrite_all(s->spill_fd, text + done, len - done, at + done) < 0)
		return; /* the file system is full: the render reads the blob */
	d->spilled = at + 1;
	d->text_hash = hash_of(text, len, SITE_TEXT_SEED);
	/* without it, the page parses the text */
	size_t tdone = done > len ? done - len : 0;
	if (tape_len && (tdone == tape_len ||
			 cache_pwrite_all(s->spill_fd, tape + tdone, tape_len - tdone,
					  at + len + tdone) == 0)) {
		d->tape_at = at + len + 1;
		d->tape_len = tape_len;
	}
}

const char *site_unspill(struct site *s, const struct document *d, struct arena *a)
{
	int fd = d->src && d->src->texts ? d->src->texts->fd : s->spill_fd;
	if (!d->spilled || fd < 0)
		return NULL;
	char *t = arena_alloc_raw(a, d->len + 1);
	if (cache_pread_all(fd, t, d->len, d->spilled - 1) < 0)
		return NULL;
	t[d->len] = '\0';
	return t;
}

const char *site_unspill_tape(struct site *s, const struct document *d,
			      struct arena *a, size_t *len)
{
	*len = 0;
	if (!d->tape_at || !d->tape_len || s->spill_fd < 0)
		return NULL;
	char *t = arena_alloc_raw(a, d->tape_len);
	if (cache_pread_all(s->spill_fd, t, d->tape_len, d->tape_at - 1) < 0)
		return NULL;
	*len = d->tape_len;
	return t;
}

void site_release(struct site *s)
{
	for (size_t i = 0; i < s->nsources; i++) {
		struct cache_file *t = s->sources[i].texts;
		if (t) {
			cache_file_drop(t);
			close(t->fd);
		}
		repo_commit_release(&s->sources[i].commit);
		diag_release(&s->sources[i].diags);
		arena_release(&s->sources[i].arena);
	}
	free(s->sources);
	free(s->teams);
	if (s->spill_fd >= 0)
		close(s->spill_fd);
	catalog_index_free(s->catalog);
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
	s->spill_fd = -1;
}

/* ------------------------------------------------------------ names */

void site_safe_segment(struct buf *out, const char *name, size_t len)
{
	size_t start = out->len;
	/* at most len bytes come out (a dash stands for one or more left
	 * out), or "_": written in place */
	buf_grow(out, len + 1);
	char *w = out->ptr + start;
	size_t n = 0;
	int dash = 0;
	for (size_t i = 0; i < len;) {
		char c = name[i], f[4];
		int k = 1;
		if ((unsigned char)c >= 0x80) {
			/* a letter's fold is never longer than the letter */
			k = search_fold_word_char(name, len, &i, f);
			if (k == 0)
				continue; /* a combining accent */
		} else if (ascii_is_alnum((unsigned char)c) || c == '_' ||
			   (c == '.' && n)) {
			f[0] = ascii_lower(c);
			i++;
		} else {
			k = -1;
			i++;
		}
		if (k < 0) {
			dash = 1; /* '-', '.', spaces and everything else */
			continue;
		}
		if (dash && n)
			w[n++] = '-';
		dash = 0;
		memcpy(w + n, f, (size_t)k);
		n += (size_t)k;
	}
	if (n > SITE_SEGMENT_MAX) {
		/* a file system takes 255 bytes a name: a longer one keeps
		 * its start, cut at a character, and a hash of all of it */
		n = SITE_SEGMENT_MAX - 9;
		while (n && ((unsigned char)w[n] & 0xC0) == 0x80)
			n--;
		n += (size_t)snprintf(w + n, 10, "-%08x",
				      (unsigned)(hash_of(name, len, 0) >> 32));
	}
	/* no trailing '.', which some file systems drop */
	while (n && w[n - 1] == '.')
		n--;
	if (!n)
		w[n++] = '_';
	out->len = start + n;
	out->ptr[out->len] = '\0';
}

const char *site_doc_label(const struct document *d)
{
	return strcmp(site_kind_id(d), "adr") == 0 ? "ADR" : site_kind_label(d->kind);
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

/* Whether path lies in a folder named name, at any depth. */
static int in_folder(const char *path, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = path; (p = strstr(p, name)); p++)
		if ((p == path || p[-1] == '/') && p[n] == '/')
			return 1;
	return 0;
}

const char *site_kind_id(const struct document *d)
{
	switch (d->kind) {
	case DOC_README: return "overview";
	case DOC_RUNBOOK: return "runbook";
	case DOC_RFC:
		return in_folder(d->path, "adr") || in_folder(d->path, "decisions")
			       ? "adr"
			       : "rfc";
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

const struct repo_entry *site_find_entry(const struct source *src, const char *path)
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

static uint64_t mix_team(uint64_t h, const struct team *t)
{
	if (!t)
		return hash_mix_u64(h, 0);
	h = hash_mix_str(hash_mix_str(h, t->key), t->slug);
	return hash_mix_str(hash_mix_str(h, t->title), t->email);
}

static uint64_t mix_relations(uint64_t h, const struct relation *rel, size_t n)
{
	h = hash_mix_u64(h, n);
	for (size_t i = 0; i < n; i++) {
		h = hash_mix_str(hash_mix_str(h, rel[i].ref), rel[i].title);
		h = hash_mix_str(h, rel[i].svc ? rel[i].svc->slug : NULL);
		h = hash_mix_str(h, rel[i].api ? rel[i].api->slug : NULL);
	}
	return h;
}

/* What site_mix_service mixes: the digest of it, made once a build. */
static uint64_t service_shown(uint64_t h, const struct service *svc)
{
	const char *fields[] = { svc->name,	   svc->slug,	svc->title,
				 svc->description, svc->owner,	svc->lifecycle,
				 svc->type,	   svc->system, svc->oncall_url,
				 svc->home };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		h = hash_mix_str(h, fields[i]);
	for (size_t i = 0; i < svc->ndocs; i++) {
		const struct document *d = svc->docs[i];
		h = hash_mix_str(hash_mix_str(hash_mix_str(h, d->path), d->address),
				 d->title);
		h = hash_mix_u64(h, (uint64_t)d->kind); /* paths: may move it */
		h = hash_mix_str(hash_mix_u64(h, (uint64_t)d->changed), d->changed_by);
		for (size_t k = 0; k < d->nowners; k++)
			h = hash_mix_str(h, d->owners[k]);
	}
	return h;
}

uint64_t site_mix_service(uint64_t h, const struct service *svc)
{
	return hash_mix_u64(h, svc->shown_fp);
}

/* What a service's deploy block shows. */
static uint64_t mix_deploys(uint64_t h, const struct service *svc)
{
	const struct deploy_service *ds = svc->deploy;
	if (!ds)
		return hash_mix_u64(h, 0);
	h = hash_mix_u64(h, ds->ndeploys);
	for (size_t i = 0; i < ds->ndeploys; i++) {
		const struct deploy *d = &ds->deploys[i];
		h = hash_mix_str(hash_mix_str(h, d->commit), d->environment);
		h = hash_mix_u64(hash_mix_u64(h, (uint64_t)d->time),
				 (uint64_t)d->status);
		h = hash_mix_str(hash_mix_str(h, d->actor), d->url);
	}
	for (size_t i = 0; i < ds->nenvs; i++)
		h = hash_mix_u64(hash_mix_u64(h, ds->envs[i].pending),
				 ds->envs[i].off_branch);
	return hash_mix_str(h, ds->head);
}

/* src->unread_*: what of src's Markdown cairn did not read. */
static void site_unread_text(struct source *src)
{
	struct unread u;
	struct buf what = BUF_INIT, paths = BUF_INIT;
	site_unread(src, &src->arena, &u);
	src->unread_files = u.files;
	src->unread_what = src->unread_paths = "";
	if (u.files) {
		unread_what(&u, &what);
		unread_paths(&u, &paths);
		src->unread_what = arena_strdup(&src->arena, what.ptr);
		src->unread_paths = arena_strdup(&src->arena, paths.ptr);
	}
	buf_release(&what);
	buf_release(&paths);
}

/* Chains of indexes: first[g] the first item of group g, next[i] the
 * item after i in its group (SIZE_MAX: none), each group in index order;
 * so that a group's items are found without a scan of every item. */
struct chains {
	size_t *first, *next;
};

/* Chains of n items in ngroups groups, item i's group group[i] (one not
 * below ngroups: in none). */
static void chains_make(struct chains *c, size_t ngroups, size_t n, const size_t *group)
{
	c->first = xmalloc((ngroups + 1) * sizeof(*c->first));
	c->next = xmalloc((n + 1) * sizeof(*c->next));
	for (size_t g = 0; g < ngroups; g++)
		c->first[g] = SIZE_MAX;
	for (size_t i = n; i-- > 0;) {
		c->next[i] = group[i] < ngroups ? c->first[group[i]] : SIZE_MAX;
		if (group[i] < ngroups)
			c->first[group[i]] = i;
	}
}

static void chains_release(struct chains *c)
{
	free(c->first);
	free(c->next);
}

struct source_fp_run {
	const struct site *s;
	struct chains services; /* by repository */
};

/* Repository i's fingerprint (src->fp): its commit, state and services. */
static void source_fp(size_t i, int worker, void *userdata)
{
	const struct source_fp_run *run = userdata;
	const struct site *s = run->s;
	struct source *src = &s->sources[i];
	(void)worker;
	uint64_t f = hash_mix_str(hash_mix_str(0, src->commit.id), src->commit.branch);
	/* a repository that could not be read says so on its pages */
	f = hash_mix_u64(f, src->stale ? (uint64_t)src->as_of ^ 0x5a5a : 0);
	/* and when it found nothing but a README */
	f = hash_mix_u64(f, (uint64_t)site_only_readme(src));
	f = hash_mix_u64(f, (uint64_t)(src->ndocs == 0)); /* nothing read */
	f = hash_mix_u64(f, (uint64_t)src->fetch_failed);
	f = hash_mix_str(hash_mix_str(f, src->name), src->web_url);
	/* and the Markdown it holds that was not read */
	site_unread_text(src);
	f = hash_mix_str(hash_mix_str(f, src->unread_what), src->unread_paths);
	for (size_t k = run->services.first[i]; k != SIZE_MAX;
	     k = run->services.next[k])
		f = site_mix_service(f, s->services[k]);
	src->fp = f;
}

void site_fingerprint(struct site *s, uint64_t theme_fp)
{
	const struct config *c = s->cfg;
	uint64_t h = hash_mix_str(hash_mix_u64(0, theme_fp), CAIRN_VERSION);
	h = hash_mix_str(h, CAIRN_BUILD_ID);
	h = hash_mix_str(hash_mix_str(h, c->title), c->base_url);
	for (size_t i = 0; i < c->nenvironments; i++)
		h = hash_mix_str(h, c->environments[i]);
	h = hash_mix_u64(h, (uint64_t)c->stale_days);
	h = hash_mix_u64(h, (uint64_t)c->sprint_days * 1000 +
				    (uint64_t)c->escalation_sprints);
	h = hash_mix_u64(h, (uint64_t)c->max_action_items);
	h = hash_mix_str(h, c->pagerduty_url);
	/* how Markdown is rendered */
	h = hash_mix_u64(h, (uint64_t)c->raw_html);
	for (size_t i = 0; i < s->ncontent; i++)
		if (s->content[i]->nav && s->content[i]->address)
			h = hash_mix_str(hash_mix_str(h, s->content[i]->title),
					 s->content[i]->address);
	/* the navigation names alerts/ when there are alerts */
	h = hash_mix_u64(h, (uint64_t)(s->nalerts > 0));
	/* pages may say how old things are: they are made again each day */
	s->chrome_fp = hash_mix_u64(h, (uint64_t)(s->now / 86400));

	/* what pages show from elsewhere: every team's address, the
	 * service's own team and its relations */
	uint64_t teams = hash_mix_u64(0, s->nteams);
	for (size_t i = 0; i < s->nteams; i++)
		teams = mix_team(teams, s->teams[i]);
	/* what each service's pages show of its repository: hashed once
	 * (its repository's fingerprint and its team's page mix it) */
	for (size_t i = 0; i < s->nservices; i++)
		s->services[i]->shown_fp = service_shown(0, s->services[i]);
	/* the actions by service: each service's, in s->actions' order */
	struct map index = MAP_INIT; /* a service pointer's bytes: its index */
	for (size_t i = 0; i < s->nservices; i++)
		map_put(&index, &s->services[i], sizeof(s->services[i]), NULL)->num = i;
	size_t *svc_of = xmalloc((s->nactions + 1) * sizeof(*svc_of));
	for (size_t k = 0; k < s->nactions; k++) {
		const struct service *svc = s->actions[k].svc;
		struct map_entry *m = svc ? map_get(&index, &svc, sizeof(svc)) : NULL;
		svc_of[k] = m ? m->num : SIZE_MAX;
	}
	map_release(&index);
	struct chains actions;
	chains_make(&actions, s->nservices, s->nactions, svc_of);
	free(svc_of);
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		uint64_t f = mix_team(teams, svc->team);
		f = mix_relations(f, svc->depends_on, svc->ndepends_on);
		f = mix_relations(f, svc->dependents, svc->ndependents);
		f = mix_relations(f, svc->provides, svc->nprovides);
		f = mix_relations(f, svc->consumes, svc->nconsumes);
		f = mix_deploys(f, svc);
		f = hash_mix_u64(f, svc->deps_fp);
		/* its open action items, wherever their post-mortem lives */
		for (size_t k = actions.first[i]; k != SIZE_MAX; k = actions.next[k]) {
			const struct action *act = &s->actions[k];
			f = hash_mix_str(hash_mix_str(f, act->pm->address), act->state);
			f = hash_mix_u64(f, (uint64_t)(act->overdue * 2 +
						       act->needs_escalation));
			f = hash_mix_str(f, val_as_str(val_get(act->item, "text")));
		}
		f = assemble_slos_fp(s, svc, f);
		s->services[i]->fp = f;
	}

	chains_release(&actions);

	/* each repository's: on the -j threads (they only read the model) */
	struct source_fp_run run = { s, { NULL, NULL } };
	size_t *src_of = xmalloc((s->nservices + 1) * sizeof(*src_of));
	for (size_t k = 0; k < s->nservices; k++)
		src_of[k] = (size_t)(s->services[k]->src - s->sources);
	chains_make(&run.services, s->nsources, s->nservices, src_of);
	free(src_of);
	pool_run(s->jobs, s->nsources, source_fp, &run);
	chains_release(&run.services);
}

const char *site_other_readme(const struct source *src)
{
	for (size_t i = 0; i < src->nentries; i++) {
		const char *p = src->entries[i].path;
		if (src->entries[i].kind == REPO_BLOB && !strchr(p, '/') &&
		    !strncasecmp(p, "README", 6) && (!p[6] || p[6] == '.') &&
		    !layout_is_markdown(p))
			return p;
	}
	return NULL;
}

int site_only_readme(const struct source *src)
{
	if (!src->ok)
		return 0;
	for (size_t i = 0; i < src->ndocs; i++)
		if (src->docs[i]->kind != DOC_README)
			return 0;
	for (size_t i = 0; i < src->naux; i++) {
		const char *path = src->aux[i].path;
		int k = layout_paths_kind(src->paths, path);
		if (k == CONFIG_PATH_APIS || k == CONFIG_PATH_CONTRACTS ||
		    k == CONFIG_PATH_ALERTS || k == CONFIG_PATH_SLOS ||
		    k == CONFIG_PATH_TECHDEBT || k == CONFIG_PATH_ONCALL)
			return 0;
	}
	return 1;
}

static int cmp_doc_path(const void *key, const void *elt)
{
	return strcmp(key, (*(struct document *const *)elt)->path);
}

static int cmp_aux_path(const void *key, const void *elt)
{
	return strcmp(key, ((const struct aux_file *)elt)->path);
}

/* Whether the crawl read path (a document or an aux file). */
static int source_read(void *ctx, const char *path)
{
	const struct source *src = ctx;
	/* (no bsearch of an empty list: its base may be NULL) */
	return (src->ndocs && bsearch(path, src->docs, src->ndocs,
				      sizeof(*src->docs), cmp_doc_path)) ||
	       (src->naux && bsearch(path, src->aux, src->naux,
				     sizeof(*src->aux), cmp_aux_path));
}

/* Whether paths: excludes path or gives it a kind (a file of a kind the
 * crawl could not read, too large or not text, is reported as such). */
static int source_claimed(void *ctx, const char *path)
{
	const struct source *src = ctx;
	return layout_claims(src->paths, path);
}

void site_unread(const struct source *src, struct arena *a, struct unread *out)
{
	if (!src->ok) {
		memset(out, 0, sizeof(*out));
		return;
	}
	unsigned chosen = 0;
	for (int k = 0; k < CONFIG_PATH_KINDS; k++)
		if (src->paths && src->paths->user[k])
			chosen |= 1u << k;
	unread_find(out, a, src->entries, src->nentries, source_read,
		    (void *)src, source_claimed, site_only_readme(src), chosen);
}
