#include "fetch.h"

#include <errno.h>
#include <git2.h>
#include <git2/sys/stream.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

/* The calling thread's deadline (see fetch.h: libgit2's stream constructor
 * takes no userdata, so this is the one per-thread state of the module). */
static _Thread_local struct {
	int set;
	double seconds;	    /* as given, for messages */
	struct timespec at; /* CLOCK_MONOTONIC */
} deadline;

void fetch_deadline_begin(double seconds)
{
	deadline.set = seconds > 0;
	deadline.seconds = seconds;
	if (!deadline.set)
		return;
	clock_gettime(CLOCK_MONOTONIC, &deadline.at);
	double whole = (double)(long)seconds;
	deadline.at.tv_sec += (time_t)whole;
	deadline.at.tv_nsec += (long)((seconds - whole) * 1e9);
	if (deadline.at.tv_nsec >= 1000000000L) {
		deadline.at.tv_sec++;
		deadline.at.tv_nsec -= 1000000000L;
	}
}

void fetch_deadline_end(void)
{
	deadline.set = 0;
}

/* Milliseconds left before the deadline: -1 without one (poll's "wait
 * forever"), 0 once it has passed. */
static int remaining_ms(void)
{
	struct timespec now;
	if (!deadline.set)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(deadline.at.tv_sec - now.tv_sec) * 1e3 +
		    (double)(deadline.at.tv_nsec - now.tv_nsec) / 1e6;
	if (ms <= 0)
		return 0;
	return ms > 1e9 ? 1000000000 : (int)ms + 1;
}

static void set_timed_out(void)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "timed out after %g s", deadline.seconds);
	git_error_set_str(GIT_ERROR_NET, msg);
}

int fetch_deadline_check(void)
{
	if (remaining_ms() != 0)
		return 0;
	set_timed_out();
	return -1;
}

static void set_net_error(const char *what, const char *host, int e)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "%s %s: %s", what, host, strerror(e));
	git_error_set_str(GIT_ERROR_NET, msg);
}

/* ------------------------------------------------------------ the stream */

/* The first four members are those of libgit2 1.5's own socket stream
 * (git_socket_stream), in its order: its ssh transport takes the socket
 * from whatever stream git_socket_stream_new made, at that place. */
struct deadline_stream {
	git_stream parent;
	char *host;
	char *port;
	int s;
};

/* Waits until s is ready for events (POLLIN or POLLOUT) or the deadline
 * passes.  Returns 0 when ready, -1 with libgit2's error set. */
static int wait_for(int s, short events, const char *host)
{
	for (;;) {
		int ms = remaining_ms();
		if (ms == 0) {
			set_timed_out();
			return -1;
		}
		struct pollfd p = { .fd = s, .events = events };
		int n = poll(&p, 1, ms);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			set_net_error("cannot wait for", host, errno);
			return -1;
		}
	}
}

/* Connects s (non-blocking) to the address before the deadline.  Returns
 * 0, or an errno value (ETIMEDOUT when the deadline passed). */
static int connect_one(int s, const struct addrinfo *ai)
{
	if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	for (;;) {
		int ms = remaining_ms();
		if (ms == 0)
			return ETIMEDOUT;
		struct pollfd p = { .fd = s, .events = POLLOUT };
		int n = poll(&p, 1, ms);
		if (n < 0 && errno != EINTR)
			return errno;
		if (n > 0)
			break;
	}
	int e = 0;
	socklen_t len = sizeof(e);
	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}

static int stream_connect(git_stream *stream)
{
	struct deadline_stream *st = (struct deadline_stream *)stream;
	struct addrinfo hints, *info = NULL;
	int e = 0, s = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_UNSPEC;
	if ((e = getaddrinfo(st->host, st->port, &hints, &info)) != 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "failed to resolve address for %s: %s",
			 st->host, gai_strerror(e));
		git_error_set_str(GIT_ERROR_NET, msg);
		return -1;
	}
	for (const struct addrinfo *ai = info; ai; ai = ai->ai_next) {
		s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			   ai->ai_protocol);
		if (s < 0) {
			e = errno;
			continue;
		}
		if ((e = connect_one(s, ai)) == 0)
			break;
		close(s);
		s = -1;
		if (e == ETIMEDOUT && remaining_ms() == 0)
			break;
	}
	freeaddrinfo(info);
	if (s < 0) {
		if (e == ETIMEDOUT && remaining_ms() == 0)
			set_timed_out();
		else
			set_net_error("failed to connect to", st->host, e);
		return -1;
	}
	st->s = s;
	return 0;
}

static ssize_t stream_read(git_stream *stream, void *data, size_t len)
{
	struct deadline_stream *st = (struct deadline_stream *)stream;
	for (;;) {
		ssize_t n = recv(st->s, data, len, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			set_net_error("error receiving data from", st->host, errno);
			return -1;
		}
		if (wait_for(st->s, POLLIN, st->host) < 0)
			return -1;
	}
}

static ssize_t stream_write(git_stream *stream, const char *data, size_t len, int flags)
{
	struct deadline_stream *st = (struct deadline_stream *)stream;
	(void)flags;
	for (;;) {
		ssize_t n = send(st->s, data, len, MSG_NOSIGNAL);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			set_net_error("error sending data to", st->host, errno);
			return -1;
		}
		if (wait_for(st->s, POLLOUT, st->host) < 0)
			return -1;
	}
}

static int stream_close(git_stream *stream)
{
	struct deadline_stream *st = (struct deadline_stream *)stream;
	int ret = st->s >= 0 ? close(st->s) : 0;
	st->s = -1;
	return ret;
}

static void stream_free(git_stream *stream)
{
	struct deadline_stream *st = (struct deadline_stream *)stream;
	if (st->s >= 0)
		close(st->s);
	free(st->host);
	free(st->port);
	free(st);
}

static int stream_new(git_stream **out, const char *host, const char *port)
{
	struct deadline_stream *st = xcalloc(1, sizeof(*st));
	st->parent.version = GIT_STREAM_VERSION;
	st->parent.connect = stream_connect;
	st->parent.read = stream_read;
	st->parent.write = stream_write;
	st->parent.close = stream_close;
	st->parent.free = stream_free;
	st->host = xstrdup(host);
	st->port = xstrdup(port ? port : "");
	st->s = -1;
	*out = &st->parent;
	return 0;
}

void fetch_global_init(void)
{
	git_stream_registration reg = { GIT_STREAM_VERSION, stream_new, NULL };
	/* only fails when out of memory, which aborts everywhere else too */
	if (git_stream_register(GIT_STREAM_STANDARD, &reg) < 0)
		abort();
}
