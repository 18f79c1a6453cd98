/* deploy_cache: what deploy_collect found, kept between builds -- the
 * codec (deploy_service_write, deploy_service_read) and the key of its
 * reuse (deploy_collect_fp); see deploy.h. */
#include "deploy_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "cache.h"
#include "hash.h"
#include "map.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- layout
 *
 * A record: SER_VERSION (u32), the string table (a u64 count, then each
 * string), the number of services (u64), then the services.  Each struct
 * is its fields in the order of its table below, each field encoded as
 * its kind says:
 *   TEXT    a string, never NULL: u32, 1 + its index in the string table
 *   REF     a string or NULL: the same, 0 for NULL
 *   ID      a commit id (char[41]): 'b' and 20 bytes when it is 40
 *           lower-case hex digits (always, from git), else 's' and a TEXT
 *   I64     an int64_t: u64
 *   INT     an int: u32
 *   SIZE    a size_t: u64
 *   STATUS  an enum deploy_status: u32 (checked when read)
 *   DEPLOY  a pointer into the service's deploys: u64, 1 + its index, 0
 *           for NULL (so a service's deploys come before its envs)
 *   LIST    the array `f` of `nf` items of the codec named third: u64 nf,
 *           then the items
 * The writer and the reader are both expanded from these tables (with
 * X-macros), so that they cannot disagree.  A field added to a struct in
 * deploy.h is added here, once. */

#define SER_VERSION 1u
#define SER_NULL 0u /* a string reference to NULL */

#define COMMIT_FIELDS(X)       \
	X(ID, id, _)           \
	X(REF, subject, _)     \
	X(REF, author, _)      \
	X(I64, author_time, _) \
	X(I64, time, _)

#define DEPLOY_FIELDS(X)            \
	X(TEXT, service, _)         \
	X(TEXT, environment, _)     \
	X(ID, commit, _)            \
	X(REF, subject, _)          \
	X(I64, commit_time, _)      \
	X(I64, time, _)             \
	X(INT, tz_offset, _)        \
	X(INT, time_from_commit, _) \
	X(REF, actor, _)            \
	X(STATUS, status, _)        \
	X(REF, url, _)              \
	X(REF, tag, _)              \
	X(INT, feed_line, _)        \
	X(INT, on_branch, _)

#define ENV_FIELDS(X)          \
	X(TEXT, name, _)       \
	X(DEPLOY, latest, _)   \
	X(DEPLOY, current, _)  \
	X(SIZE, pending, _)    \
	X(SIZE, off_branch, _) \
	X(INT, truncated, _)   \
	X(LIST, pending_list, commit)

#define DIFF_FIELDS(X)     \
	X(TEXT, from, _)   \
	X(TEXT, to, _)     \
	X(INT, known, _)   \
	X(SIZE, ahead, _)  \
	X(SIZE, behind, _) \
	X(INT, truncated, _)

#define CHANGE_FIELDS(X)       \
	X(ID, commit, _)       \
	X(I64, commit_time, _) \
	X(I64, deploy_time, _)

#define SERVICE_FIELDS(X)        \
	X(TEXT, name, _)         \
	X(REF, branch, _)        \
	X(ID, head, _)           \
	X(REF, production, _)    \
	X(INT, shallow, _)       \
	X(INT, truncated, _)     \
	X(I64, changes_since, _) \
	X(LIST, deploys, deploy) \
	X(LIST, envs, env)       \
	X(LIST, diffs, diff)     \
	X(LIST, changes, change)

/* The fewest bytes a field of each kind takes: counts read are checked
 * against what is left (a count larger than the bytes left is a bad
 * record, not a huge allocation). */
enum {
	MIN_TEXT = 4,
	MIN_REF = 4,
	MIN_ID = 5,
	MIN_I64 = 8,
	MIN_INT = 4,
	MIN_SIZE = 8,
	MIN_STATUS = 4,
	MIN_DEPLOY = 8,
	MIN_LIST = 8
};

/* ---------------------------------------------------------------- writing */

/* The strings of a record, each kept once (subjects, environments, actors
 * repeat across deploys): written as a table first (the map's entries, in
 * the order they were met; keys borrowed from the records), then referred
 * to by index + 1 (0: NULL). */
static uint32_t strtab_ref(struct map *t, const char *s)
{
	if (!s)
		return SER_NULL;
	struct map_entry *e = map_put(t, s, strlen(s), NULL);
	return (uint32_t)(e - t->entries) + 1;
}

struct ser_out {
	struct buf *b;
	struct map strs;
	const struct deploy_service *svc; /* the one being written */
};

static void put_ref(struct ser_out *w, const char *s)
{
	cache_put_u32(w->b, strtab_ref(&w->strs, s));
}

static void put_id(struct ser_out *w, const char *id)
{
	unsigned char raw[20];

	if (strspn(id, "0123456789abcdef") != 40 || id[40]) {
		buf_putc(w->b, 's');
		put_ref(w, id);
		return;
	}
	for (size_t k = 0; k < 20; k++)
		raw[k] = (unsigned char)(ascii_hex_value(id[2 * k]) << 4 |
					 ascii_hex_value(id[2 * k + 1]));
	buf_putc(w->b, 'b');
	cache_put_bytes(w->b, raw, sizeof(raw));
}

static void put_deploy_ref(struct ser_out *w, const struct deploy *d)
{
	cache_put_u64(w->b, d ? (uint64_t)(d - w->svc->deploys) + 1 : 0);
}

#define PUT_TEXT(w, x, f, codec) put_ref(w, (x)->f)
#define PUT_REF(w, x, f, codec) put_ref(w, (x)->f)
#define PUT_ID(w, x, f, codec) put_id(w, (x)->f)
#define PUT_I64(w, x, f, codec) cache_put_u64((w)->b, (uint64_t)(x)->f)
#define PUT_INT(w, x, f, codec) cache_put_u32((w)->b, (uint32_t)(x)->f)
#define PUT_SIZE(w, x, f, codec) cache_put_u64((w)->b, (x)->f)
#define PUT_STATUS(w, x, f, codec) cache_put_u32((w)->b, (uint32_t)(x)->f)
#define PUT_DEPLOY(w, x, f, codec) put_deploy_ref(w, (x)->f)
#define PUT_LIST(w, x, f, codec)                          \
	do {                                              \
		cache_put_u64((w)->b, (x)->n##f);         \
		for (size_t i_ = 0; i_ < (x)->n##f; i_++) \
			put_##codec(w, &(x)->f[i_]);      \
	} while (0)
#define PUT_FIELD(kind, f, codec) PUT_##kind(w, x, f, codec);

/* ---------------------------------------------------------------- reading */

struct ser_in {
	struct cache_reader *r;
	struct arena *a;
	const char **strs;
	size_t nstrs;
	const struct deploy_service *svc; /* the one being read */
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
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[20];
	const char *s;
	char kind = 0;

	out[0] = '\0';
	if (in->r->p < in->r->end && !in->r->bad)
		kind = *in->r->p++;
	if (kind == 'b') {
		cache_get_bytes(in->r, raw, sizeof(raw));
		for (size_t k = 0; k < 20; k++) {
			out[2 * k] = digits[raw[k] >> 4];
			out[2 * k + 1] = digits[raw[k] & 15];
		}
		out[40] = '\0';
	} else if (kind == 's' && (s = get_text(in)) && strlen(s) <= 40) {
		memcpy(out, s, strlen(s) + 1);
	} else {
		in->r->bad = 1;
	}
}

static enum deploy_status get_status(struct ser_in *in)
{
	uint32_t v = cache_get_u32(in->r);

	if (v >= DEPLOY_NSTATUS)
		in->r->bad = 1;
	return in->r->bad ? DEPLOY_UNKNOWN : (enum deploy_status)v;
}

static const struct deploy *get_deploy_ref(struct ser_in *in)
{
	uint64_t v = cache_get_u64(in->r);

	if (v > in->svc->ndeploys) {
		in->r->bad = 1;
		return NULL;
	}
	return v ? &in->svc->deploys[v - 1] : NULL;
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

#define GET_TEXT(in, x, f, codec) (x)->f = get_text(in)
#define GET_REF(in, x, f, codec) (x)->f = get_ref(in)
#define GET_ID(in, x, f, codec) get_id(in, (x)->f)
#define GET_I64(in, x, f, codec) (x)->f = (int64_t)cache_get_u64((in)->r)
#define GET_INT(in, x, f, codec) (x)->f = (int)(int32_t)cache_get_u32((in)->r)
#define GET_SIZE(in, x, f, codec) (x)->f = (size_t)cache_get_u64((in)->r)
#define GET_STATUS(in, x, f, codec) (x)->f = get_status(in)
#define GET_DEPLOY(in, x, f, codec) (x)->f = get_deploy_ref(in)
#define GET_LIST(in, x, f, codec) (x)->f = get_##codec##_list(in, &(x)->n##f)
#define GET_FIELD(kind, f, codec) GET_##kind(in, x, f, codec);

/* ---------------------------------------------------------------- codecs */

#define MIN_FIELD(kind, f, codec) MIN_##kind +

/* Writes and reads one struct type through its FIELDS table: put_NAME,
 * get_NAME, get_NAME_list (n items: an arena array, never NULL; unused for
 * the services, read one by one) and MIN_NAME, the fewest bytes one
 * takes. */
#define CODEC(name, type, FIELDS)                                                 \
	enum { MIN_##name = FIELDS(MIN_FIELD) 0 };                                \
	static void put_##name(struct ser_out *w, const type *x)                  \
	{                                                                         \
		FIELDS(PUT_FIELD)                                                 \
	}                                                                         \
	static void get_##name(struct ser_in *in, type *x)                        \
	{                                                                         \
		FIELDS(GET_FIELD)                                                 \
	}                                                                         \
	__attribute__((unused)) static type *get_##name##_list(struct ser_in *in, \
							       size_t *n)         \
	{                                                                         \
		type *items;                                                      \
		*n = get_count(in, MIN_##name);                                   \
		items = arena_alloc(in->a, (*n ? *n : 1) * sizeof(*items));       \
		for (size_t i = 0; i < *n && !in->r->bad; i++)                    \
			get_##name(in, &items[i]);                                \
		return items;                                                     \
	}

/* the lists inside a struct first */
CODEC(commit, struct repo_commit_info, COMMIT_FIELDS)
CODEC(deploy, struct deploy, DEPLOY_FIELDS)
CODEC(env, struct deploy_env, ENV_FIELDS)
CODEC(diff, struct deploy_diff, DIFF_FIELDS)
CODEC(change, struct deploy_change, CHANGE_FIELDS)
CODEC(service, struct deploy_service, SERVICE_FIELDS)

/* ---------------------------------------------------------------- records */

void deploy_service_write(struct buf *out, const struct deploy_service *svcs, size_t n)
{
	struct buf body = BUF_INIT;
	struct ser_out w = { &body, MAP_INIT, NULL };

	for (size_t i = 0; i < n; i++) {
		w.svc = &svcs[i];
		put_service(&w, &svcs[i]);
	}
	cache_put_u32(out, SER_VERSION);
	cache_put_u64(out, w.strs.len);
	for (size_t i = 0; i < w.strs.len; i++)
		cache_put_cstr(out, w.strs.entries[i].key);
	cache_put_u64(out, n);
	cache_put_bytes(out, body.ptr, body.len);
	buf_release(&body);
	map_release(&w.strs);
}

int deploy_service_read(struct deploy_service **svcs, size_t *n,
			struct cache_reader *r, struct arena *a)
{
	struct ser_in in = { r, a, NULL, 0, NULL };
	struct deploy_service *out;
	size_t count;

	*svcs = NULL;
	*n = 0;
	if (cache_get_u32(r) != SER_VERSION)
		r->bad = 1;
	in.nstrs = get_count(&in, 8); /* a string is its u64 length first */
	if (in.nstrs > UINT32_MAX - 1)
		r->bad = 1;
	if (r->bad)
		return -1;
	in.strs = xcalloc(in.nstrs ? in.nstrs : 1, sizeof(*in.strs));
	for (size_t i = 0; i < in.nstrs && !r->bad; i++)
		if (!(in.strs[i] = cache_get_str(r, a, NULL)))
			r->bad = 1;
	count = get_count(&in, MIN_service);
	out = arena_alloc(a, (count ? count : 1) * sizeof(*out));
	for (size_t i = 0; i < count && !r->bad; i++) {
		in.svc = &out[i]; /* its deploys, read before its envs */
		get_service(&in, &out[i]);
	}
	free(in.strs);
	if (r->bad)
		return -1;
	*svcs = out;
	*n = count;
	return 0;
}

/* ---------------------------------------------------------------- key */

uint64_t deploy_refs_fp(struct repo *r, const struct deploy_opts *o, int *symbolic)
{
	struct deploy_scope sc;

	deploy_scope_init(&sc, o);
	return repo_deploy_refs_fp_sym(r, sc.pattern, o->environments,
				       o->nenvironments, sc.tag_services,
				       sc.ntag_services, symbolic);
}

uint64_t deploy_collect_fp(struct repo *r, const struct deploy_opts *o)
{
	struct deploy_scope sc;
	struct repo_commit head;
	struct buf err = BUF_INIT;
	uint64_t h, refs;

	deploy_scope_init(&sc, o);
	if (o->head) {
		head = *o->head;
		head.branch = o->head->branch ? xstrdup(o->head->branch) : NULL;
		head.subject = NULL;
	} else if (!r || repo_resolve(r, o->branch, &head, &err) < 0) {
		buf_release(&err);
		return 0;
	}
	if (!o->refs_fp && !r) {
		repo_commit_release(&head);
		return 0;
	}
	refs = o->refs_fp ? o->refs_fp
			  : repo_deploy_refs_fp(r, sc.pattern, o->environments,
						o->nenvironments, sc.tag_services,
						sc.ntag_services);
	/* the layout of deploy_service_write, with what it is made from */
	h = hash_mix_u64(hash_mix_str(0, "cairn deploys"), SER_VERSION);
	h = hash_mix_str(h, o->repo);
	h = hash_mix_str(h, sc.pattern);
	h = hash_mix_str(h, o->branch);
	h = hash_mix_str(hash_mix_str(h, head.branch), head.id);
	h = hash_mix_u64(h, refs);
	h = hash_mix_u64(h, o->nenvironments);
	for (size_t i = 0; i < o->nenvironments; i++)
		h = hash_mix_str(h, o->environments[i]);
	h = hash_mix_str(h, o->production);
	h = hash_mix_u64(h, sc.nservices);
	for (size_t i = 0; i < sc.nservices; i++)
		h = hash_mix_str(h, sc.services[i]);
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
			if (!deploy_listed(sc.services, sc.nservices, rec->service) ||
			    !deploy_listed(o->environments, o->nenvironments,
					   rec->environment))
				continue;
			h = hash_mix_str(hash_mix_str(h, rec->service), rec->environment);
			h = hash_mix_str(hash_mix_str(h, rec->commit), rec->version);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->time),
					 (uint64_t)(int64_t)rec->tz_offset);
			h = hash_mix_str(hash_mix_str(h, rec->actor), rec->url);
			h = hash_mix_u64(hash_mix_u64(h, (uint64_t)rec->status),
					 (uint64_t)(int64_t)rec->line);
			if (!rec->commit && rec->version) {
				/* where the tag points: known only with the
				 * repository open (no key without it) */
				if (!r) {
					refs = 0;
					break;
				}
				repo_tag_id(r, rec->version, id);
				h = hash_mix_str(h, id);
			}
		}
	}
	repo_commit_release(&head);
	buf_release(&err);
	return refs && h ? h : refs ? 1 : 0;
}
