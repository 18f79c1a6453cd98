/* deploy_metrics: delivery figures over a window of days -- deployment
 * frequency, lead time for changes, change failure rate, weekly counts --
 * and the recent deploys (see deploy_metrics in deploy.h). */
#include "deploy_internal.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Whether dep counts as a production deploy that finished. */
static int counts_as_deploy(const struct deploy_service *s, const struct deploy *dep)
{
	return s->production && strcmp(dep->environment, s->production) == 0 &&
	       dep->status != DEPLOY_IN_PROGRESS;
}

static int int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

void deploy_metrics(struct deploy_metrics *out,
		    const struct deploy_service *const *services, size_t n,
		    int64_t now, int days)
{
	int64_t from = now - (int64_t)days * DEPLOY_DAY, *leads = NULL;
	size_t nleads = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	out->days = days;
	for (size_t i = 0; i < n; i++) {
		const struct deploy_service *s = services[i];
		for (size_t k = 0; k < s->ndeploys; k++) {
			const struct deploy *dep = &s->deploys[k];
			if (!counts_as_deploy(s, dep) || dep->time <= from ||
			    dep->time > now)
				continue;
			out->deploys++;
			if (dep->status == DEPLOY_UNKNOWN)
				continue;
			out->rated++;
			if (dep->status == DEPLOY_FAILED || dep->status == DEPLOY_ROLLED_BACK)
				out->failed++;
		}
		for (size_t k = 0; k < s->nchanges; k++) {
			const struct deploy_change *c = &s->changes[k];
			if (c->deploy_time <= from || c->deploy_time > now)
				continue;
			XGROW(leads, cap, nleads + 1);
			leads[nleads++] = c->deploy_time > c->commit_time
						  ? c->deploy_time - c->commit_time
						  : 0;
		}
	}
	out->per_week = days > 0 ? (double)out->deploys * 7.0 / days : 0;
	out->changes = nleads;
	out->lead_time = -1;
	if (nleads) {
		qsort(leads, nleads, sizeof(*leads), int64_cmp);
		out->lead_time = nleads % 2 ? leads[nleads / 2]
					    : leads[nleads / 2 - 1] +
						      (leads[nleads / 2] -
						       leads[nleads / 2 - 1]) /
							      2;
	}
	out->failure_rate = out->rated ? (double)out->failed / out->rated : -1;
	free(leads);
}

void deploy_weekly(int *counts, size_t nweeks,
		   const struct deploy_service *const *services, size_t n, int64_t now)
{
	for (size_t w = 0; w < nweeks; w++)
		counts[w] = 0;
	for (size_t i = 0; i < n; i++) {
		const struct deploy_service *s = services[i];
		for (size_t k = 0; k < s->ndeploys; k++) {
			const struct deploy *dep = &s->deploys[k];
			int64_t age = now - dep->time;
			if (!counts_as_deploy(s, dep) || age < 0 ||
			    age / DEPLOY_WEEK >= (int64_t)nweeks)
				continue;
			counts[nweeks - 1 - (size_t)(age / DEPLOY_WEEK)]++;
		}
	}
}

static int recent_cmp(const void *a, const void *b)
{
	const struct deploy *x = *(const struct deploy *const *)a;
	const struct deploy *y = *(const struct deploy *const *)b;
	int c;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if ((c = strcmp(x->service, y->service)) != 0)
		return c;
	return deploy_newest_first(x, y);
}

void deploy_recent(const struct deploy ***out, size_t *nout,
		   const struct deploy_service *const *services, size_t n,
		   int64_t now, int days, struct arena *a)
{
	int64_t from = now - (int64_t)days * DEPLOY_DAY;
	size_t total = 0, k = 0;
	const struct deploy **list;

	for (size_t i = 0; i < n; i++)
		total += services[i]->ndeploys;
	list = arena_alloc(a, (total ? total : 1) * sizeof(*list));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < services[i]->ndeploys; j++) {
			const struct deploy *dep = &services[i]->deploys[j];
			if (dep->time > from && dep->time <= now)
				list[k++] = dep;
		}
	if (k)
		qsort(list, k, sizeof(*list), recent_cmp);
	*out = list;
	*nout = k;
}
