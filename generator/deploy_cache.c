/* deploy_cache: what deploy_collect found, kept between builds -- the
 * codec (deploy_service_write, deploy_service_read) and the key of its
 * reuse (deploy_collect_fp); see deploy.h. */
#include "deploy_internal.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "xalloc.h"

/* Records start with this version of their layout, so that a change of it
 * is a clean miss even within one cairn build. */
#define SER_VERSION 1u
#define SER_NULL 0u /* a string reference to NULL */

/* The strings of a record, each kept once (subjects, environments, actors
 * repeat across deploys): written as a table first, then referred to by
 * index + 1 (0: NULL). */
struct strtab {
	const char **strs;
	size_t n, cap;
	uint32_t *slots; /* index + 1, 0: empty; open addressing */
	size_t nslots;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 29);
}

static uint32_t strtab_ref(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		return SER_NULL;
	if ((t->n + 1) * 2 > t->nslots) {
		size_t nslots = t->nslots ? t->nslots * 2 : 256;
		uint32_t *slots = xcalloc(nslots, sizeof(*slots));
		for (size_t k = 0; k < t->nslots; k++) {
			if (!t->slots[k])
				continue;
			i = str_hash(t->strs[t->slots[k] - 1]) & (nslots - 1);
			while (slots[i])
				i = (i + 1) & (nslots - 1);
			slots[i] = t->slots[k];
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = nslots;
	}
	i = str_hash(s) & (t->nslots - 1);
	while (t->slots[i] && strcmp(t->strs[t->slots[i] - 1], s) != 0)
		i = (i + 1) & (t->nslots - 1);
	if (!t->slots[i]) {
		XGROW(t->strs, t->cap, t->n + 1);
		t->strs[t->n++] = s;
		t->slots[i] = (uint32_t)t->n;
	}
	return t->slots[i];
}

static void put_ref(struct buf *b, struct strtab *t, const char *s)
{
	cache_put_u32(b, strtab_ref(t, s));
}

static int hex_val(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A commit id: 20 bytes when it is 40 lower-case hex digits (always, from
 * git), else a string reference. */
static void put_id(struct buf *b, struct strtab *t, const char *id)
{
	unsigned char raw[20];
	size_t k = 0;

	while (k < 40 && hex_val(id[k]) >= 0)
		k++;
	if (k == 40 && !id[40]) {
		for (k = 0; k < 20; k++)
			raw[k] = (unsigned char)(hex_val(id[2 * k]) << 4 |
						 hex_val(id[2 * k + 1]));
		buf_putc(b, 'b');
		cache_put_bytes(b, raw, sizeof(raw));
	} else {
		buf_putc(b, 's');
		put_ref(b, t, id);
	}
}

static void put_i64(struct buf *b, int64_t v)
{
	cache_put_u64(b, (uint64_t)v);
}

static void put_int(struct buf *b, int v)
{
	cache_put_u32(b, (uint32_t)v);
}

static void put_service(struct buf *b, struct strtab *t,
			const struct deploy_service *s)
{
	put_ref(b, t, s->name);
	put_ref(b, t, s->branch);
	put_id(b, t, s->head);
	put_ref(b, t, s->production);
	put_int(b, s->shallow);
	put_int(b, s->truncated);
	put_i64(b, s->changes_since);

	cache_put_u64(b, s->ndeploys);
	for (size_t i = 0; i < s->ndeploys; i++) {
		const struct deploy *d = &s->deploys[i];
		put_ref(b, t, d->service);
		put_ref(b, t, d->environment);
		put_id(b, t, d->commit);
		put_ref(b, t, d->subject);
		put_i64(b, d->commit_time);
		put_i64(b, d->time);
		put_int(b, d->tz_offset);
		put_int(b, d->time_from_commit);
		put_ref(b, t, d->actor);
		put_int(b, (int)d->status);
		put_ref(b, t, d->url);
		put_ref(b, t, d->tag);
		put_int(b, d->feed_line);
		put_int(b, d->on_branch);
	}

	cache_put_u64(b, s->nenvs);
	for (size_t i = 0; i < s->nenvs; i++) {
		const struct deploy_env *e = &s->envs[i];
		put_ref(b, t, e->name);
		/* pointers into deploys: index + 1, 0 for NULL */
		cache_put_u64(b, e->latest ? (uint64_t)(e->latest - s->deploys) + 1 : 0);
		cache_put_u64(b, e->current ? (uint64_t)(e->current - s->deploys) + 1 : 0);
		cache_put_u64(b, e->pending);
		cache_put_u64(b, e->off_branch);
		put_int(b, e->truncated);
		cache_put_u64(b, e->npending_list);
		for (size_t k = 0; k < e->npending_list; k++) {
			const struct repo_commit_info *c = &e->pending_list[k];
			put_id(b, t, c->id);
			put_ref(b, t, c->subject);
			put_ref(b, t, c->author);
			put_i64(b, c->author_time);
			put_i64(b, c->time);
		}
	}

	cache_put_u64(b, s->ndiffs);
	for (size_t i = 0; i < s->ndiffs; i++) {
		const struct deploy_diff *df = &s->diffs[i];
		put_ref(b, t, df->from);
		put_ref(b, t, df->to);
		put_int(b, df->known);
		cache_put_u64(b, df->ahead);
		cache_put_u64(b, df->behind);
		put_int(b, df->truncated);
	}

	cache_put_u64(b, s->nchanges);
	for (size_t i = 0; i < s->nchanges; i++) {
		const struct deploy_change *c = &s->changes[i];
		put_id(b, t, c->commit);
		put_i64(b, c->commit_time);
		put_i64(b, c->deploy_time);
	}
}

void deploy_service_write(struct buf *out, const struct deploy_service *svcs,
			  size_t n)
{
	struct strtab t = { NULL, 0, 0, NULL, 0 };
	struct buf body = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		put_service(&body, &t, &svcs[i]);
	cache_put_u32(out, SER_VERSION);
	cache_put_u64(out, t.n);
	for (size_t i = 0; i < t.n; i++)
		cache_put_cstr(out, t.strs[i]);
	cache_put_u64(out, n);
	cache_put_bytes(out, body.ptr, body.len);
	buf_release(&body);
	free(t.strs);
	free(t.slots);
}

/* Reading: the string table, and counts checked against what is left (a
 * count larger than the bytes left is a bad record, not a huge
 * allocation). */
struct ser_in {
	struct cache_reader *r;
	const char **strs;
	size_t nstrs;
};

static const char *get_ref(struct ser_in *in)
{
	uint32_t v = cache_get_u32(in->r);

	if (v == SER_NULL || in->r->bad)
		return NULL;
	if (v > in->nstrs) {
		in->r->bad = 1;
		return NULL;
	}
	return in->strs[v - 1];
}

/* A string that must be there. */
static const char *get_text(struct ser_in *in)
{
	const char *s = get_ref(in);

	if (!s)
		in->r->bad = 1;
	return s;
}

static void get_id(struct ser_in *in, char out[41])
{
	const char *kind = NULL;
	unsigned char raw[20];

	out[0] = '\0';
	if (in->r->p < in->r->end)
		kind = in->r->p++;
	if (!kind || in->r->bad) {
		in->r->bad = 1;
	} else if (*kind == 'b') {
		static const char digits[] = "0123456789abcdef";
		cache_get_bytes(in->r, raw, sizeof(raw));
		for (size_t k = 0; k < 20; k++) {
			out[2 * k] = digits[raw[k] >> 4];
			out[2 * k + 1] = digits[raw[k] & 15];
		}
		out[40] = '\0';
	} else if (*kind == 's') {
		const char *s = get_text(in);
		if (s && strlen(s) <= 40)
			memcpy(out, s, strlen(s) + 1);
		else
			in->r->bad = 1;
	} else {
		in->r->bad = 1;
	}
}

static int64_t get_i64(struct ser_in *in)
{
	return (int64_t)cache_get_u64(in->r);
}

static int get_int(struct ser_in *in)
{
	return (int)(int32_t)cache_get_u32(in->r);
}

/* A count of items of at least min_size bytes each. */
static size_t get_count(struct ser_in *in, size_t min_size)
{
	uint64_t n = cache_get_u64(in->r);

	if (in->r->bad || n > (uint64_t)(in->r->end - in->r->p) / min_size) {
		in->r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static void get_service(struct ser_in *in, struct deploy_service *s,
			struct arena *a)
{
	struct cache_reader *r = in->r;

	s->name = get_text(in);
	s->branch = get_ref(in);
	get_id(in, s->head);
	s->production = get_ref(in);
	s->shallow = get_int(in);
	s->truncated = get_int(in);
	s->changes_since = get_i64(in);

	s->ndeploys = get_count(in, 4 * 10 + 8 * 2 + 21);
	s->deploys = s->ndeploys ? arena_alloc(a, s->ndeploys * sizeof(*s->deploys))
				 : NULL;
	for (size_t i = 0; i < s->ndeploys && !r->bad; i++) {
		struct deploy *d = &s->deploys[i];
		d->service = get_text(in);
		if (d->service && s->name && strcmp(d->service, s->name) == 0)
			d->service = s->name;
		d->environment = get_text(in);
		get_id(in, d->commit);
		d->subject = get_ref(in);
		d->commit_time = get_i64(in);
		d->time = get_i64(in);
		d->tz_offset = get_int(in);
		d->time_from_commit = get_int(in);
		d->actor = get_ref(in);
		d->status = (enum deploy_status)get_int(in);
		if ((unsigned)d->status >= DEPLOY_NSTATUS)
			r->bad = 1;
		d->url = get_ref(in);
		d->tag = get_ref(in);
		d->feed_line = get_int(in);
		d->on_branch = get_int(in);
	}

	s->nenvs = get_count(in, 4 + 8 * 5 + 4);
	s->envs = arena_alloc(a, (s->nenvs ? s->nenvs : 1) * sizeof(*s->envs));
	for (size_t i = 0; i < s->nenvs && !r->bad; i++) {
		struct deploy_env *e = &s->envs[i];
		uint64_t latest, current;
		e->name = get_text(in);
		latest = cache_get_u64(r);
		current = cache_get_u64(r);
		if (latest > s->ndeploys || current > s->ndeploys)
			r->bad = 1;
		else {
			e->latest = latest ? &s->deploys[latest - 1] : NULL;
			e->current = current ? &s->deploys[current - 1] : NULL;
		}
		e->pending = (size_t)cache_get_u64(r);
		e->off_branch = (size_t)cache_get_u64(r);
		e->truncated = get_int(in);
		e->npending_list = get_count(in, 21 + 4 * 2 + 8 * 2);
		if (!e->npending_list)
			continue;
		struct repo_commit_info *list =
			arena_alloc(a, e->npending_list * sizeof(*list));
		for (size_t k = 0; k < e->npending_list && !r->bad; k++) {
			get_id(in, list[k].id);
			list[k].subject = get_ref(in);
			list[k].author = get_ref(in);
			list[k].author_time = get_i64(in);
			list[k].time = get_i64(in);
		}
		e->pending_list = list;
	}

	s->ndiffs = get_count(in, 4 * 4 + 8 * 2);
	s->diffs = arena_alloc(a, (s->ndiffs ? s->ndiffs : 1) * sizeof(*s->diffs));
	for (size_t i = 0; i < s->ndiffs && !r->bad; i++) {
		struct deploy_diff *df = &s->diffs[i];
		df->from = get_text(in);
		df->to = get_text(in);
		df->known = get_int(in);
		df->ahead = (size_t)cache_get_u64(r);
		df->behind = (size_t)cache_get_u64(r);
		df->truncated = get_int(in);
	}

	s->nchanges = get_count(in, 21 + 8 * 2);
	s->changes = s->nchanges ? arena_alloc(a, s->nchanges * sizeof(*s->changes))
				 : NULL;
	for (size_t i = 0; i < s->nchanges && !r->bad; i++) {
		struct deploy_change *c = &s->changes[i];
		get_id(in, c->commit);
		c->commit_time = get_i64(in);
		c->deploy_time = get_i64(in);
	}
}

int deploy_service_read(struct deploy_service **svcs, size_t *n,
			struct cache_reader *r, struct arena *a)
{
	struct ser_in in = { r, NULL, 0 };
	struct deploy_service *out;
	size_t count;

	*svcs = NULL;
	*n = 0;
	if (cache_get_u32(r) != SER_VERSION)
		r->bad = 1;
	in.nstrs = get_count(&in, 8);
	if (in.nstrs > UINT32_MAX - 1)
		r->bad = 1;
	if (r->bad)
		return -1;
	in.strs = xcalloc(in.nstrs ? in.nstrs : 1, sizeof(*in.strs));
	for (size_t i = 0; i < in.nstrs && !r->bad; i++)
		if (!(in.strs[i] = cache_get_str(r, a, NULL)))
			r->bad = 1;
	count = get_count(&in, 4 * 4 + 8 + 21);
	out = arena_alloc(a, (count ? count : 1) * sizeof(*out));
	for (size_t i = 0; i < count && !r->bad; i++)
		get_service(&in, &out[i], a);
	free(in.strs);
	if (r->bad)
		return -1;
	*svcs = out;
	*n = count;
	return 0;
}

uint64_t deploy_collect_fp(struct repo *r, const struct deploy_opts *o)
{
	const char *pattern = deploy_opts_pattern(o);
	int by_service = strstr(pattern, "{service}") != NULL;
	const char *single[1];
	size_t nservices;
	const char *const *services = deploy_opts_services(o, single, &nservices);
	struct repo_commit head;
	struct buf err = BUF_INIT;
	uint64_t h, refs;

	if (repo_resolve(r, o->branch, &head, &err) < 0) {
		buf_release(&err);
		return 0;
	}
	refs = repo_deploy_refs_fp(r, pattern, o->environments, o->nenvironments,
				   by_service ? services : NULL,
				   by_service ? nservices : 0);
	/* the layout of deploy_service_write, with what it is made from */
	h = hash_mix_u64(hash_mix_str(0, "cairn deploys"), SER_VERSION);
	h = hash_mix_str(h, o->repo);
	h = hash_mix_str(h, pattern);
	h = hash_mix_str(h, o->branch);
	h = hash_mix_str(hash_mix_str(h, head.branch), head.id);
	h = hash_mix_u64(h, refs);
	h = hash_mix_u64(h, o->nenvironments);
	for (size_t i = 0; i < o->nenvironments; i++)
		h = hash_mix_str(h, o->environments[i]);
	h = hash_mix_str(h, o->production);
	h = hash_mix_u64(h, nservices);
	for (size_t i = 0; i < nservices; i++)
		h = hash_mix_str(h, services[i]);
	h = hash_mix_u64(h, o->max_pending ? o->max_pending : DEPLOY_MAX_PENDING);
	h = hash_mix_u64(h, (uint64_t)o->first_parent);
	/* the feed's records that deploy_collect looks at: those of these
	 * services and environments (CI adding records for other services
	 * changes nothing here); a version is a tag that need not match the
	 * pattern: where it points counts too */
	h = hash_mix_u64(h, o->feed != NULL);
	if (o->feed) {
		h = hash_mix_str(h, o->feed->path);
		for (size_t i = 0; i < o->feed->n; i++) {
			const struct deploy_record *rec = &o->feed->records[i];
			char id[41];
			if (!deploy_listed(services, nservices, rec->service) ||
			    !deploy_listed(o->environments, o->nenvironments,
				    rec->environment))
				continue;
			h = hash_mix_str(hash_mix_str(h, rec->service),
					  rec->environment);
			h = hash_mix_str(hash_mix_str(h, rec->commit), rec->version);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->time),
					  (uint64_t)(int64_t)rec->tz_offset);
			h = hash_mix_str(hash_mix_str(h, rec->actor), rec->url);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->status),
					  (uint64_t)(int64_t)rec->line);
			if (!rec->commit && rec->version) {
				repo_tag_id(r, rec->version, id);
				h = hash_mix_str(h, id);
			}
		}
	}
	repo_commit_release(&head);
	buf_release(&err);
	return refs && h ? h : refs ? 1 : 0;
}
