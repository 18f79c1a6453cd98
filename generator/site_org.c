#include "site_org.h"

#include <stdlib.h>

#include "assemble_slos.h"
#include "config.h"
#include "deploy.h"
#include "hash.h"
#include "pool.h"
#include "repo.h"
#include "xalloc.h"

void site_org_fingerprint(struct site *s)
{
	const struct config *c = s->cfg;
	site_org_records_fingerprint(s);
	uint64_t h = hash_mix_u64(hash_mix_str(0, "cairn org"), s->chrome_fp);
	h = hash_mix_u64(h, c->values_fp);
	h = hash_mix_u64(h, s->nsources);
	for (size_t i = 0; i < s->nsources; i++) {
		const struct source *src = &s->sources[i];
		/* deploys read afresh, with nothing to name them by */
		if (c->nenvironments && src->ok && !src->stale && !src->deploys_key) {
			s->org_fp = 0;
			return;
		}
		h = hash_mix_u64(hash_mix_u64(h, src->fp), src->deploys_key);
	}
	h = hash_mix_u64(h, s->nservices);
	for (size_t i = 0; i < s->nservices; i++)
		h = hash_mix_u64(h, s->services[i]->fp);
	s->org_fp = h ? h : 1;
}

/* Whether d is an RFC or a post-mortem: what the record pages show. */
static int is_record(const struct document *d)
{
	return d->kind == DOC_RFC || d->kind == DOC_POSTMORTEM;
}

/* What a repository holds, as the record pages can see it: every file of
 * its tree by path, kind and bytes (its blob's id) but the documents that
 * are not records, which those pages never show; and its records'
 * addresses, titles and last changes. */
static uint64_t mix_source_records(uint64_t h, const struct source *src)
{
	h = hash_mix_str(hash_mix_str(h, src->name), src->web_url);
	h = hash_mix_str(h, src->commit.branch);
	h = hash_mix_u64(h, (uint64_t)src->ok * 2 + (uint64_t)src->fetch_failed);
	h = hash_mix_u64(h, src->stale ? (uint64_t)src->as_of ^ 0x5a5a : 0);
	unsigned char *plain = xcalloc(src->nentries + 1, 1);
	for (size_t i = 0; i < src->ndocs; i++) {
		const struct document *d = src->docs[i];
		const struct repo_entry *e = site_find_entry(src, d->path);
		if (e && !is_record(d))
			plain[e - src->entries] = 1;
		if (is_record(d)) {
			/* its address too: assembly may move it when another
			 * document's would be the same */
			h = hash_mix_str(hash_mix_str(h, d->path), d->address);
			h = hash_mix_str(hash_mix_str(h, d->title), d->changed_by);
			h = hash_mix_u64(h, (uint64_t)d->changed);
		}
	}
	for (size_t i = 0; i < src->nentries; i++) {
		const struct repo_entry *e = &src->entries[i];
		if (plain[i])
			continue;
		h = hash_mix_u64(hash_mix_str(h, e->path), (uint64_t)e->kind);
		h = hash_mix_u64(h, hash_of(e->oid, REPO_OID_LEN, 0));
	}
	free(plain);
	return h;
}

struct records_run {
	const struct site *site;
	uint64_t *fps; /* one a repository */
};

static void source_records(size_t i, int worker, void *userdata)
{
	struct records_run *run = userdata;
	(void)worker;
	run->fps[i] = mix_source_records(0, &run->site->sources[i]);
}

void site_org_records_fingerprint(struct site *s)
{
	uint64_t h = hash_mix_u64(hash_mix_str(0, "cairn records"), s->chrome_fp);
	h = hash_mix_u64(h, s->cfg->values_fp);
	h = hash_mix_u64(h, s->nsources);
	/* each repository's on the -j threads, then mixed in order */
	struct records_run run = { s, xcalloc(s->nsources + 1, sizeof(uint64_t)) };
	pool_run(s->jobs, s->nsources, source_records, &run);
	for (size_t i = 0; i < s->nsources; i++)
		h = hash_mix_u64(h, run.fps[i]);
	free(run.fps);
	s->org_records_fp = h ? h : 1;
}

uint64_t site_org_records_fp(const struct site *s, const char *address)
{
	uint64_t h = hash_mix_str(s->org_records_fp, address);
	return h ? h : 1;
}

uint64_t site_org_fp(const struct site *s, const char *address)
{
	if (!s->org_fp)
		return 0;
	uint64_t h = hash_mix_str(s->org_fp, address);
	return h ? h : 1;
}

uint64_t site_org_mix_age(const struct site *s, uint64_t h, int64_t t)
{
	const int64_t day = 86400;
	int64_t age = s->now - t;
	int64_t days = age >= 0 ? age / day : -((-age + day - 1) / day);
	return hash_mix_u64(h, (uint64_t)days * 2 + (age % day == 0));
}

uint64_t site_org_mix_runbooks(const struct site *s, uint64_t h,
			       const struct service *svc)
{
	for (size_t i = 0; i < svc->ndocs; i++)
		if (svc->docs[i]->kind == DOC_RUNBOOK)
			h = site_org_mix_age(s, h, svc->docs[i]->changed);
	return h;
}

uint64_t site_org_mix_clock(const struct site *s, uint64_t h, const struct service *svc)
{
	const struct deploy_service *ds = svc->deploy;
	h = site_org_mix_runbooks(s, h, svc);
	for (size_t i = 0; ds && i < ds->ndeploys; i++)
		h = site_org_mix_age(s, h, ds->deploys[i].time);
	for (size_t i = 0; ds && i < ds->nchanges; i++)
		h = site_org_mix_age(s, h, ds->changes[i].deploy_time);
	return svc->oncall ? hash_mix_u64(h, (uint64_t)s->now) : h;
}

/* What the deploys' figures and lists outside the service's own page
 * show of ds: every deploy and lead-time change, but not the branch's
 * head nor the commits waiting for a deploy. */
static uint64_t mix_deploys_shown(uint64_t h, const struct deploy_service *ds)
{
	if (!ds)
		return hash_mix_u64(h, 0);
	h = hash_mix_str(hash_mix_str(h, ds->production), ds->branch);
	h = hash_mix_u64(h, ds->ndeploys);
	for (size_t i = 0; i < ds->ndeploys; i++) {
		const struct deploy *d = &ds->deploys[i];
		h = hash_mix_str(hash_mix_str(h, d->commit), d->environment);
		h = hash_mix_str(hash_mix_str(h, d->subject), d->actor);
		h = hash_mix_str(hash_mix_str(h, d->url), d->tag);
		h = hash_mix_u64(hash_mix_u64(h, (uint64_t)d->time),
				 (uint64_t)d->commit_time);
		h = hash_mix_u64(
			h, ((uint64_t)d->status * 4 + (uint64_t)(d->on_branch + 1)) * 2 +
				   (uint64_t)d->time_from_commit);
		h = hash_mix_u64(h, (uint64_t)d->tz_offset);
	}
	h = hash_mix_u64(h, ds->nchanges);
	for (size_t i = 0; i < ds->nchanges; i++) {
		const struct deploy_change *c = &ds->changes[i];
		h = hash_mix_str(h, c->commit);
		h = hash_mix_u64(hash_mix_u64(h, (uint64_t)c->commit_time),
				 (uint64_t)c->deploy_time);
	}
	h = hash_mix_u64(h, (uint64_t)ds->changes_since);
	return hash_mix_u64(h, (uint64_t)ds->shallow * 2 + (uint64_t)ds->truncated);
}

uint64_t site_org_team_fp(const struct site *s, const struct team *t)
{
	uint64_t h = hash_mix_str(hash_mix_str(s->org_records_fp, "team"), t->address);
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		int of_team = svc->team == t;
		for (size_t k = 0; !of_team && k < t->nservices; k++)
			of_team = t->services[k] == svc;
		if (!of_team)
			continue;
		h = site_mix_service(hash_mix_u64(h, i), svc);
		h = mix_deploys_shown(h, svc->deploy);
		h = assemble_slos_fp(s, svc, h);
	}
	return h ? h : 1;
}

uint64_t site_org_runbooks_fp(const struct site *s, const char *address)
{
	uint64_t h = hash_mix_str(s->org_records_fp, address);
	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		h = hash_mix_str(hash_mix_str(h, svc->address), svc->title);
		for (size_t k = 0; k < svc->ndocs; k++) {
			const struct document *d = svc->docs[k];
			if (d->kind != DOC_RUNBOOK)
				continue;
			h = hash_mix_str(hash_mix_str(h, d->path), d->address);
			h = hash_mix_str(hash_mix_str(h, d->title), d->changed_by);
			h = hash_mix_u64(h, (uint64_t)d->changed);
		}
	}
	return h ? h : 1;
}
