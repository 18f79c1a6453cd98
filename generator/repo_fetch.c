/* repo_fetch: bare clones of `url:` repositories kept in a cache folder,
 * fetched again on each use with a deadline per attempt (fetch.c's stream)
 * and retries (see repo_sync_url in repo.h). */
#include "repo_internal.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ascii.h"
#include "fetch.h"
#include "xalloc.h"

/* The longest part of a cache folder's name taken from the URL. */
#define CACHE_NAME_MAX 64

/* Where the user info of a "scheme://user:secret@host/..." URL starts, and
 * its length with the '@' (0 when there is none).  It may hold a token,
 * which must reach no folder name, message or config file. */
static size_t find_userinfo(const char *url, size_t *len)
{
	const char *p = strstr(url, "://"), *at;
	size_t host;

	*len = 0;
	if (!p)
		return 0;
	p += 3;
	host = strcspn(p, "/?#");
	at = memrchr(p, '@', host);
	if (at)
		*len = (size_t)(at + 1 - p);
	return (size_t)(p - url);
}

/* Appends url with its user info replaced by as ("" or "***@"). */
static void put_url(struct buf *b, const char *url, const char *as)
{
	size_t len, at = find_userinfo(url, &len);

	if (!len) {
		buf_puts(b, url);
		return;
	}
	buf_put(b, url, at);
	buf_puts(b, as);
	buf_puts(b, url + at + len);
}

/* Replaces in msg every occurrence of url's user info (with its '@'),
 * which libgit2 may quote, by "***@". */
static void redact_userinfo(struct buf *msg, const char *url)
{
	struct buf out = BUF_INIT;
	size_t len, at = find_userinfo(url, &len);
	const char *p = msg->ptr, *end = msg->ptr + msg->len, *hit;

	if (!len)
		return;
	while ((hit = memmem(p, (size_t)(end - p), url + at, len))) {
		buf_put(&out, p, (size_t)(hit - p));
		buf_puts(&out, "***@");
		p = hit + len;
	}
	buf_put(&out, p, (size_t)(end - p));
	buf_clear(msg);
	buf_put(msg, out.ptr, out.len);
	buf_release(&out);
}

/* FNV-1a of s.  The clone folders' names are kept from one cairn build to
 * the next (unlike caches, they are not tagged with the build): this hash
 * must not change, so util's hash_of, which may, is not used here. */
static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3u;
	}
	return h;
}

/* Appends the cache folder name for url (given without user info): its
 * characters after the scheme made safe (lower case, [a-z0-9._-], runs of
 * others as one '-'), at most CACHE_NAME_MAX of them, then '-', a hash of
 * the whole URL, and ".git". */
static void put_cache_name(struct buf *out, const char *url)
{
	const char *scheme = strstr(url, "://");
	size_t start = out->len;
	uint64_t hash = fnv1a64(url);
	size_t n;

	if (scheme)
		url = scheme + 3;
	n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	if (n >= 4 && memcmp(url + n - 4, ".git", 4) == 0)
		n -= 4;
	for (size_t i = 0; i < n && out->len - start < CACHE_NAME_MAX; i++) {
		char c = ascii_lower(url[i]);
		if (!ascii_is_alnum((unsigned char)c) && c != '.' && c != '_' && c != '-')
			c = '-';
		/* no leading '-' or '.' (a hidden folder), no "--" */
		if ((c == '-' || c == '.') && out->len == start)
			continue;
		if (c == '-' && out->ptr[out->len - 1] == '-')
			continue;
		buf_putc(out, c);
	}
	while (out->len > start && strchr("-.", out->ptr[out->len - 1]))
		buf_truncate(out, out->len - 1);
	buf_printf(out, "%s%016" PRIx64 ".git", out->len > start ? "-" : "", hash);
}

/* Creates path and its missing parents. */
static int mkdir_p(const char *path, struct buf *err)
{
	char *p = xstrdup(path);
	int ret = -1;

	for (char *s = p + (*p != '\0');; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			repo_set_error(err, "cannot create folder \"%s\": %s",
				       p, strerror(errno));
			goto cleanup;
		}
		*s = c;
		if (!c)
			break;
	}
	ret = 0;

cleanup:
	free(p);
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and everything under it, as far as it can. */
static void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether HEAD is a symbolic reference to refname. */
static int head_is(git_repository *git, const char *refname)
{
	git_reference *head = NULL;
	const char *target;
	int is;

	is = git_reference_lookup(&head, git, "HEAD") == 0 &&
	     (target = git_reference_symbolic_target(head)) &&
	     strcmp(target, refname) == 0;
	git_reference_free(head);
	return is;
}

/* What a copy fetches: every branch and tag, under the same names. */
static char *const fetch_specs[] = { "+refs/heads/*:refs/heads/*",
				     "+refs/tags/*:refs/tags/*" };

/* libgit2's progress callbacks: a transfer that is still moving when the
 * deadline passes stops (one that is stuck stops in fetch.c's stream). */
static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	(void)payload;
	return fetch_deadline_check();
}

static int on_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	(void)payload;
	return fetch_deadline_check();
}

/* Fetches branches and tags from url into the bare repository git, pruning
 * those deleted there, and points HEAD at the remote's default branch when
 * the remote tells it, giving up after timeout seconds (0: never).  Returns
 * 0, or libgit2's (negative) error code with its reason alone in err.
 *
 * The copy's remote "origin" (see clone_into) names the same URL; here an
 * in-memory remote is used instead, because git_remote_lookup in libgit2
 * 1.5.1 leaks PCRE2 match data on every call (libgit2 pull 6382, fixed in
 * later releases). */
static int fetch_url(git_repository *git, const char *url, double timeout,
		     struct buf *err)
{
	git_strarray refspecs = { (char **)fetch_specs, 2 };
	git_remote_create_options create;
	git_fetch_options opts;
	git_remote *remote = NULL;
	git_buf branch = GIT_BUF_INIT;
	int e, ret = -1;

	/* the _INIT macros leave fields out, which -Wextra refuses */
	git_remote_create_options_init(&create, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	create.repository = git;
	create.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.prune = GIT_FETCH_PRUNE;
	opts.update_fetchhead = 0;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.proxy_opts.type = GIT_PROXY_AUTO;
	opts.callbacks.transfer_progress = on_transfer;
	opts.callbacks.sideband_progress = on_sideband;
	git_error_clear();
	fetch_deadline_begin(timeout);
	if ((ret = git_remote_create_with_opts(&remote, url, &create)) < 0 ||
	    (ret = git_remote_fetch(remote, &refspecs, &opts, NULL)) < 0)
		goto fail;
	/* still answers once disconnected: the list of refs is kept */
	e = git_remote_default_branch(&branch, remote);
	if (e < 0 && e != GIT_ENOTFOUND) {
		ret = e;
		goto fail;
	}
	if (e == 0 && !head_is(git, branch.ptr) &&
	    (ret = git_repository_set_head(git, branch.ptr)) < 0)
		goto fail;
	ret = 0;
	goto cleanup;

fail:
	buf_clear(err);
	repo_put_git_error(err);
cleanup:
	fetch_deadline_end();
	git_buf_dispose(&branch);
	git_remote_free(remote);
	return ret;
}

/* fetch_url, tried again after a failure as o says: before retry k (from
 * 1) it waits o->backoff * 2^(k-1) seconds.  A refused login or
 * certificate is not tried again.  On failure err holds the last reason,
 * followed by how many attempts failed when there were several. */
static int fetch_retrying(git_repository *git, const char *url,
			  const struct repo_fetch_opts *o, struct buf *err)
{
	double wait = o->backoff;
	int attempt = 0, e;

	for (;;) {
		attempt++;
		e = fetch_url(git, url, o->timeout, err);
		if (e == 0 || e == GIT_EAUTH || e == GIT_ECERTIFICATE ||
		    attempt > o->retries)
			break;
		if (wait > 0) {
			struct timespec ts = {
				(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)
			};
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
		wait *= 2;
	}
	if (e < 0 && attempt > 1)
		buf_printf(err, " (%d attempts)", attempt);
	return e;
}

/* The file in a clone's folder that holds the time of its last successful
 * clone or fetch (seconds since the epoch, in decimal). */
#define FETCHED_FILE "cairn-fetched"

/* Records t as the time of dir's last successful fetch (replacing the
 * file in one step).  A failure only loses the date: it is not reported. */
static void fetched_save(const char *dir, int64_t t)
{
	struct buf p = BUF_INIT, tmp = BUF_INIT;
	FILE *f;

	buf_printf(&p, "%s/" FETCHED_FILE, dir);
	buf_printf(&tmp, "%s.tmp", p.ptr);
	if ((f = fopen(tmp.ptr, "w"))) {
		int bad = fprintf(f, "%" PRId64 "\n", t) < 0;
		if (fclose(f) != 0 || bad || rename(tmp.ptr, p.ptr) < 0)
			unlink(tmp.ptr);
	}
	buf_release(&tmp);
	buf_release(&p);
}

/* The time fetched_save recorded in dir, or 0. */
static int64_t fetched_load(const char *dir)
{
	struct buf p = BUF_INIT;
	long long t = 0;
	FILE *f;

	buf_printf(&p, "%s/" FETCHED_FILE, dir);
	if ((f = fopen(p.ptr, "r"))) {
		if (fscanf(f, "%lld", &t) != 1 || t < 0)
			t = 0;
		fclose(f);
	}
	buf_release(&p);
	return (int64_t)t;
}

/* Makes a bare clone of url in the empty folder dir.  Its remote "origin"
 * (with stored_url, the URL without secrets) is written so that `git fetch`
 * there does what fetch_url does (a second fetch refspec would take
 * git_remote_add_fetch, which leaks like git_remote_lookup). */
static int clone_into(const char *dir, const char *url, const char *stored_url,
		      const struct repo_fetch_opts *o, struct buf *err)
{
	git_repository_init_options init;
	git_repository *git = NULL;
	git_config *config = NULL;
	int ret = -1;

	git_repository_init_options_init(&init, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	init.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_NO_REINIT;
	if (git_repository_init_ext(&git, dir, &init) < 0 ||
	    git_repository_config(&config, git) < 0 ||
	    git_config_set_string(config, "remote.origin.url", stored_url) < 0 ||
	    git_config_set_string(config, "remote.origin.fetch", fetch_specs[0]) < 0 ||
	    git_config_set_string(config, "remote.origin.tagOpt", "--tags") < 0 ||
	    git_config_set_bool(config, "remote.origin.prune", 1) < 0 ||
	    git_config_set_bool(config, "remote.origin.pruneTags", 1) < 0) {
		buf_clear(err);
		repo_put_git_error(err);
		goto cleanup;
	}
	if (fetch_retrying(git, url, o, err) < 0)
		goto cleanup;
	ret = 0;

cleanup:
	git_config_free(config);
	git_repository_free(git);
	return ret;
}

int repo_sync_url(struct buf *git_dir, int64_t *fetched, const char *url,
		  const char *cache_dir, const struct repo_fetch_opts *opts,
		  struct buf *err)
{
	struct repo_fetch_opts o = REPO_FETCH_OPTS_INIT;
	git_repository *git = NULL;
	struct buf path = BUF_INIT, tmp = BUF_INIT, old = BUF_INIT;
	struct buf plain = BUF_INIT, shown = BUF_INIT, why = BUF_INIT;
	struct stat st;
	int had_copy, ret = -1;

	repo_global_wait();
	if (opts)
		o = *opts;
	else
		o.now = (int64_t)time(NULL);
	if (fetched)
		*fetched = 0;
	buf_clear(git_dir);
	/* the copy is named by the URL without credentials, so that a token
	 * that changes on every CI run still finds the same copy */
	put_url(&plain, url, "");
	put_url(&shown, url, "***@");
	if (mkdir_p(cache_dir, err) < 0)
		goto cleanup;
	buf_puts(&path, cache_dir);
	if (path.len && path.ptr[path.len - 1] != '/')
		buf_putc(&path, '/');
	put_cache_name(&path, plain.ptr);

	had_copy = stat(path.ptr, &st) == 0;
	if (had_copy && git_repository_open_ext(&git, path.ptr,
						GIT_REPOSITORY_OPEN_NO_SEARCH |
							GIT_REPOSITORY_OPEN_BARE,
						NULL) == 0) {
		if (fetch_retrying(git, url, &o, &why) < 0) {
			repo_set_error(err, "fetch of \"%s\" failed: %s",
				       shown.ptr, why.ptr);
			if (fetched)
				*fetched = fetched_load(path.ptr);
			ret = 1;
		} else {
			fetched_save(path.ptr, o.now);
			if (fetched)
				*fetched = o.now;
			ret = 0;
		}
		buf_puts(git_dir, path.ptr);
		goto cleanup;
	}

	/* Clone beside the final place and rename into it, so that an
	 * interrupted clone never looks like a copy. */
	buf_printf(&tmp, "%s.tmp-XXXXXX", path.ptr);
	if (!mkdtemp(tmp.ptr)) {
		repo_set_error(err, "cannot create a folder in \"%s\": %s",
			       cache_dir, strerror(errno));
		buf_clear(&tmp);
		goto cleanup;
	}
	if (clone_into(tmp.ptr, url, plain.ptr, &o, &why) < 0) {
		repo_set_error(err, "cannot clone \"%s\": %s", shown.ptr, why.ptr);
		goto cleanup;
	}
	fetched_save(tmp.ptr, o.now);
	if (had_copy) {
		/* not a repository: a leftover, replaced by the new clone */
		buf_printf(&old, "%s.old-XXXXXX", path.ptr);
		if (!mkdtemp(old.ptr) || rename(path.ptr, old.ptr) < 0) {
			repo_set_error(err, "cannot move \"%s\" aside: %s",
				       path.ptr, strerror(errno));
			goto cleanup;
		}
		remove_tree(old.ptr);
	}
	if (rename(tmp.ptr, path.ptr) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY) {
			repo_set_error(err, "cannot rename \"%s\" to \"%s\": %s",
				       tmp.ptr, path.ptr, strerror(errno));
			goto cleanup;
		}
		/* another process finished the same clone first: use it */
	} else {
		buf_clear(&tmp);
	}
	buf_puts(git_dir, path.ptr);
	if (fetched)
		*fetched = o.now;
	ret = 0;

cleanup:
	if (ret != 0)
		redact_userinfo(err, url);
	if (tmp.len)
		remove_tree(tmp.ptr);
	git_repository_free(git);
	buf_release(&why);
	buf_release(&shown);
	buf_release(&plain);
	buf_release(&old);
	buf_release(&tmp);
	buf_release(&path);
	return ret;
}
