/* fetch: the network under libgit2's fetches, with a deadline.
 *
 * libgit2 1.5 has no network timeouts (GIT_OPT_SET_SERVER_TIMEOUT came in
 * 1.7): a server that accepts a connection and never answers holds a fetch,
 * and the build, forever.  fetch_global_init registers cairn's own socket
 * stream with libgit2 (GIT_STREAM_STANDARD: http, https over it, and ssh's
 * connection); it connects, reads and writes as libgit2's does, but waits no
 * longer than the calling thread's deadline, and then fails with libgit2's
 * error set to `timed out after N s`.  Name resolution (getaddrinfo) is not
 * bounded; neither is an ssh session once connected (libssh2 does its own
 * reads), except through the transfer's progress (fetch_deadline_check).
 *
 * The deadline belongs to the thread (libgit2 creates the stream in the
 * thread that fetches, with no way to pass it along): each crawl job sets
 * its own around its fetch. */
#ifndef CAIRN_FETCH_H
#define CAIRN_FETCH_H

/* Registers the stream; after git_libgit2_init, once per process. */
void fetch_global_init(void);

/* The calling thread's network operations give up `seconds` from now
 * (0 or less: never), until fetch_deadline_end. */
void fetch_deadline_begin(double seconds);
void fetch_deadline_end(void);

/* 0 while the calling thread's deadline has not passed (or it has none);
 * else -1, with libgit2's error set to `timed out after N s`: for
 * libgit2's progress callbacks, whose non-zero return stops a fetch. */
int fetch_deadline_check(void);

#endif
