#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

struct pool_job {
	atomic_size_t next;
	size_t n;
	pool_fn fn;
	void *userdata;
};

struct pool_worker {
	struct pool_job *job;
	int id;
};

static void *work(void *arg)
{
	struct pool_worker *w = arg;
	struct pool_job *job = w->job;
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->n)
			break;
		job->fn(i, w->id, job->userdata);
	}
	return NULL;
}

void pool_run(int threads, size_t n, pool_fn fn, void *userdata)
{
	struct pool_job job = { .n = n, .fn = fn, .userdata = userdata };
	atomic_init(&job.next, 0);
	if (threads < 1)
		threads = 1;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;

	pthread_t *tids = xcalloc((size_t)threads, sizeof(*tids));
	struct pool_worker *ws = xcalloc((size_t)threads, sizeof(*ws));
	int started = 0;
	for (int t = 1; t < threads; t++) {
		ws[t] = (struct pool_worker){ &job, t };
		if (pthread_create(&tids[t], NULL, work, &ws[t]) != 0)
			break;
		started = t;
	}
	ws[0] = (struct pool_worker){ &job, 0 };
	work(&ws[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(ws);
}

int pool_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (int)n;
}
