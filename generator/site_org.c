#include "site_org.h"

#include "config.h"
#include "deploy.h"
#include "hash.h"

void site_org_fingerprint(struct site *s)
{
	const struct config *c = s->cfg;
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
