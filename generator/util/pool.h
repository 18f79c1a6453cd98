/* pool: run a function over n items on a set of threads.
 *
 * Items are handed out through one atomic counter: no lock on the hot path.
 * fn(i, worker, userdata) is called once for each i in [0, n), with worker
 * in [0, threads) naming the calling thread (for per-thread state).
 * pool_run returns when every item is done. */
#ifndef CAIRN_POOL_H
#define CAIRN_POOL_H

#include <stddef.h>

typedef void (*pool_fn)(size_t i, int worker, void *userdata);

void pool_run(int threads, size_t n, pool_fn fn, void *userdata);

/* The number of online CPUs (at least 1). */
int pool_cpu_count(void);

#endif
