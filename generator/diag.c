#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

void diag_init(struct diag_list *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
}

void diag_release(struct diag_list *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].repo);
		free(d->items[i].path);
		free(d->items[i].msg);
	}
	free(d->items);
	pthread_mutex_destroy(&d->lock);
	memset(d, 0, sizeof(*d));
}

const char *diag_class_name(enum diag_class cls)
{
	switch (cls) {
	case DIAG_RETRYABLE: return "retryable";
	case DIAG_USER: return "user-fixable";
	case DIAG_OPERATOR: return "operator-fixable";
	case DIAG_FATAL: return "fatal";
	}
	return "?";
}

/* Keeps a diagnostic on one line: control characters become spaces. */
static char *one_line(const char *s)
{
	char *p = xstrdup(s);
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = ' ';
	return p;
}

void diag_add(struct diag_list *d, enum diag_severity sev, enum diag_class cls,
	      const char *repo, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, sev, cls, repo, path, line, fmt, ap);
	va_end(ap);
}

void diag_append(struct diag_list *to, const struct diag_list *from)
{
	for (size_t i = 0; i < from->len; i++) {
		const struct diag *dg = &from->items[i];
		diag_add(to, dg->severity, dg->cls, dg->repo, dg->path,
			 dg->line, "%s", dg->msg);
	}
}

void diag_vadd(struct diag_list *d, enum diag_severity sev, enum diag_class cls,
	       const char *repo, const char *path, int line, const char *fmt,
	       va_list ap)
{
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, fmt, ap);

	struct diag dg = {
		.severity = sev,
		.cls = cls,
		.repo = repo ? one_line(repo) : NULL,
		.path = path ? one_line(path) : NULL,
		.line = line,
		.msg = one_line(msg.ptr),
	};
	buf_release(&msg);

	pthread_mutex_lock(&d->lock);
	dg.seq = d->len;
	XGROW(d->items, d->cap, d->len + 1);
	d->items[d->len++] = dg;
	if (d->echo) {
		char line_buf[4096];
		diag_format(line_buf, sizeof(line_buf), &dg);
		fprintf(d->echo, "%s\n", line_buf);
	}
	pthread_mutex_unlock(&d->lock);
}

void diag_format(char *out, size_t size, const struct diag *dg)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s: %s: ", dg->severity == DIAG_ERROR ? "error" : "warning",
		   diag_class_name(dg->cls));
	if (dg->repo)
		buf_printf(&b, "%s:", dg->repo);
	if (dg->path)
		buf_printf(&b, "%s:", dg->path);
	if (dg->line > 0)
		buf_printf(&b, "%d:", dg->line);
	if (dg->repo || dg->path || dg->line > 0)
		buf_putc(&b, ' ');
	buf_puts(&b, dg->msg);
	snprintf(out, size, "%s", b.ptr);
	buf_release(&b);
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_diag(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp_null(a->repo, b->repo);
	if (!c)
		c = strcmp_null(a->path, b->path);
	if (!c)
		c = (a->line > b->line) - (a->line < b->line);
	if (!c)
		c = (a->seq > b->seq) - (a->seq < b->seq);
	return c;
}

void diag_sort(struct diag_list *d)
{
	pthread_mutex_lock(&d->lock);
	if (d->len)
		qsort(d->items, d->len, sizeof(*d->items), cmp_diag);
	pthread_mutex_unlock(&d->lock);
}

void diag_print(FILE *f, struct diag_list *d)
{
	diag_sort(d);
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->len; i++) {
		char line[4096];
		diag_format(line, sizeof(line), &d->items[i]);
		fprintf(f, "%s\n", line);
	}
	pthread_mutex_unlock(&d->lock);
}

size_t diag_count(const struct diag_list *d, enum diag_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < d->len; i++)
		n += d->items[i].severity == sev;
	return n;
}

int diag_has_class(const struct diag_list *d, enum diag_class cls)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].cls == cls)
			return 1;
	return 0;
}

static int timing_on;

void diag_set_timing(int on)
{
	timing_on = on;
}

int diag_timing_on(void)
{
	return timing_on;
}

void diag_timing(struct timespec *last, const char *scope, int width, const char *what)
{
	if (!timing_on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (what) {
		/* and the peak resident memory so far */
		long peak = 0;
		char line[256];
		FILE *f = fopen("/proc/self/status", "r");
		while (f && fgets(line, sizeof(line), f))
			if (strncmp(line, "VmHWM:", 6) == 0)
				peak = strtol(line + 6, NULL, 10);
		if (f)
			fclose(f);
		/* and the CPU time of the process so far (user and system, all
		 * threads): on a shared machine, the differences between two
		 * lines are the fairer figure */
		struct timespec cpu = { 0, 0 };
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
		fprintf(stderr, "cairn: %s: %-*s %8.3f s  (peak %ld MB, cpu %.3f s)\n",
			scope, width, what,
			(double)(now.tv_sec - last->tv_sec) +
				(double)(now.tv_nsec - last->tv_nsec) / 1e9,
			peak / 1024, (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9);
	}
	*last = now;
}

void diag_progress(size_t crawled, size_t repos, size_t pages, size_t pages_total)
{
	if (pages_total)
		fprintf(stderr, "\rcairn: %zu/%zu repositories, %zu/%zu pages ",
			crawled, repos, pages, pages_total);
	else
		fprintf(stderr, "\rcairn: %zu/%zu repositories ", crawled, repos);
}

void diag_progress_end(void)
{
	fputs("\r\033[K", stderr);
}

void diag_note(const char *line, void *userdata)
{
	(void)userdata;
	fprintf(stderr, "cairn: %s\n", line);
}
