#include "dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "xalloc.h"

/* ------------------------------------------------------------ values */

/* Appends s quoted, or - when NULL. */
static void q(struct buf *b, const char *s)
{
	if (!s) {
		buf_putc(b, '-');
		return;
	}
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p == '\n') {
			buf_puts(b, "\\n");
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_printf(b, "\\x%02x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* " key=value" */
static void kv(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, " %s=", key);
	q(b, value);
}

static void kv_list(struct buf *b, const char *key, const char **v, size_t n)
{
	buf_printf(b, " %s=[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		q(b, v[i]);
	}
	buf_putc(b, ']');
}

/* ------------------------------------------------------------ lines */

struct lines {
	char **v;
	size_t n, cap;
	struct buf cur;
};

/* Ends the current line and starts the next. */
static void end(struct lines *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = xstrdup(l->cur.ptr);
	buf_clear(&l->cur);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *svc_slug(const struct service *s)
{
	return s ? s->slug : NULL;
}

static void relations(struct lines *l, const struct service *svc,
		      const char *what, const struct relation *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(&l->cur, "service %s %s ", svc->slug, what);
		q(&l->cur, r[i].ref);
		if (r[i].svc)
			buf_printf(&l->cur, " -> service %s", r[i].svc->slug);
		else if (r[i].api)
			buf_printf(&l->cur, " -> api %s", r[i].api->slug);
		else if (r[i].entity)
			buf_puts(&l->cur, " -> entity (not in the portal)");
		else
			buf_puts(&l->cur, " -> unresolved");
		kv(&l->cur, "title", r[i].title);
		end(l);
	}
}

static void document(struct lines *l, const char *what, const struct document *d)
{
	buf_printf(&l->cur, "%s ", what);
	q(&l->cur, d->src ? d->src->name : "content");
	buf_putc(&l->cur, ':');
	q(&l->cur, d->path);
	kv(&l->cur, "kind", site_kind_id(d));
	kv(&l->cur, "service", svc_slug(d->service));
	kv(&l->cur, "title", d->title);
	kv(&l->cur, "address", d->address);
	kv_list(&l->cur, "owners", d->owners, d->nowners);
	buf_printf(&l->cur, " changed=%lld", (long long)d->changed);
	kv(&l->cur, "changed_by", d->changed_by);
	if (d->kind == DOC_CONTENT)
		buf_printf(&l->cur, " nav=%d", d->nav);
	end(l);
}

/* ------------------------------------------------------------ the model */

void dump_model(struct buf *out, const struct site *s)
{
	struct lines l = { NULL, 0, 0, BUF_INIT };

	for (size_t i = 0; i < s->nsources; i++) {
		const struct source *src = &s->sources[i];
		buf_puts(&l.cur, "source ");
		q(&l.cur, src->name);
		buf_printf(&l.cur, " ok=%d stale=%d fetch_failed=%d", src->ok,
			   src->stale, src->fetch_failed);
		if (src->ok) {
			buf_printf(&l.cur, " commit=%s", src->commit.id);
			kv(&l.cur, "branch", src->commit.branch);
		}
		kv(&l.cur, "web_url", src->web_url);
		kv(&l.cur, "codeowners", src->codeowners_path);
		kv_list(&l.cur, "default_owners", src->default_owners,
			src->ndefault_owners);
		buf_printf(&l.cur, " documents=%zu", src->ndocs);
		end(&l);
	}

	for (size_t i = 0; i < s->nservices; i++) {
		const struct service *svc = s->services[i];
		buf_printf(&l.cur, "service %s", svc->slug);
		kv(&l.cur, "name", svc->name);
		kv(&l.cur, "title", svc->title);
		kv(&l.cur, "owner", svc->owner);
		kv(&l.cur, "team", svc->team ? svc->team->slug : NULL);
		kv(&l.cur, "lifecycle", svc->lifecycle);
		kv(&l.cur, "type", svc->type);
		kv(&l.cur, "system", svc->system);
		kv(&l.cur, "repo", svc->src ? svc->src->name : NULL);
		kv(&l.cur, "home", svc->home);
		kv(&l.cur, "oncall", svc->oncall_url);
		kv(&l.cur, "readme", svc->readme ? svc->readme->path : NULL);
		buf_printf(&l.cur, " declared=%d deploys=%d",
			   svc->entity != NULL, svc->deploy != NULL);
		end(&l);
		relations(&l, svc, "depends_on", svc->depends_on, svc->ndepends_on);
		relations(&l, svc, "dependent", svc->dependents, svc->ndependents);
		relations(&l, svc, "provides", svc->provides, svc->nprovides);
		relations(&l, svc, "consumes", svc->consumes, svc->nconsumes);
		if (svc->readme)
			document(&l, "doc", svc->readme);
		for (size_t k = 0; k < svc->ndocs; k++)
			document(&l, "doc", svc->docs[k]);
	}
	for (size_t i = 0; i < s->ncontent; i++)
		document(&l, "content", s->content[i]);
	if (s->home)
		document(&l, "content", s->home);

	for (size_t i = 0; i < s->nteams; i++) {
		const struct team *t = s->teams[i];
		buf_printf(&l.cur, "team %s", t->slug);
		kv(&l.cur, "key", t->key);
		kv(&l.cur, "name", t->name);
		kv(&l.cur, "title", t->title);
		kv(&l.cur, "kind", t->kind);
		kv(&l.cur, "email", t->email);
		kv(&l.cur, "parent", t->parent ? t->parent->slug : NULL);
		buf_printf(&l.cur, " declared=%d", t->entity != NULL);
		end(&l);
		for (size_t k = 0; k < t->nservices; k++) {
			buf_printf(&l.cur, "team %s owns service %s", t->slug,
				   t->services[k]->slug);
			end(&l);
		}
		for (size_t k = 0; k < t->nmembers; k++) {
			buf_printf(&l.cur, "team %s member ", t->slug);
			q(&l.cur, t->members[k]->name);
			end(&l);
		}
		for (size_t k = 0; k < t->nmember_names; k++) {
			buf_printf(&l.cur, "team %s member ", t->slug);
			q(&l.cur, t->member_names[k]);
			buf_puts(&l.cur, " (no User)");
			end(&l);
		}
	}

	for (size_t i = 0; i < s->napis; i++) {
		const struct api *a = s->apis[i];
		buf_printf(&l.cur, "api %s", a->slug);
		kv(&l.cur, "name", a->name);
		kv(&l.cur, "title", a->title);
		kv(&l.cur, "type", a->type);
		kv(&l.cur, "repo", a->src ? a->src->name : NULL);
		kv(&l.cur, "path", a->path);
		kv(&l.cur, "team", a->team ? a->team->slug : NULL);
		kv(&l.cur, "lifecycle", a->lifecycle);
		buf_printf(&l.cur, " operations=%zu declared=%d",
			   a->noperations, a->entity != NULL);
		end(&l);
		for (size_t k = 0; k < a->nproviders; k++) {
			buf_printf(&l.cur, "api %s provider service %s",
				   a->slug, a->providers[k]->slug);
			end(&l);
		}
		for (size_t k = 0; k < a->nconsumers; k++) {
			buf_printf(&l.cur, "api %s consumer service %s",
				   a->slug, a->consumers[k]->slug);
			end(&l);
		}
	}

	for (size_t i = 0; i < s->nactions; i++) {
		const struct action *a = &s->actions[i];
		buf_puts(&l.cur, "action ");
		q(&l.cur, a->pm ? a->pm->address : NULL);
		buf_putc(&l.cur, ' ');
		q(&l.cur, val_as_str(val_get(a->item, "text")));
		kv(&l.cur, "service", svc_slug(a->svc));
		kv(&l.cur, "state", a->state);
		kv(&l.cur, "owner", val_as_str(val_get(a->item, "owner")));
		kv(&l.cur, "due", val_as_str(val_get(a->item, "due")));
		buf_printf(&l.cur, " overdue=%d needs_escalation=%d",
			   a->overdue, a->needs_escalation);
		end(&l);
	}

	qsort(l.v, l.n, sizeof(*l.v), cmp_line);
	for (size_t i = 0; i < l.n; i++) {
		buf_puts(out, l.v[i]);
		buf_putc(out, '\n');
		free(l.v[i]);
	}
	free(l.v);
	buf_release(&l.cur);
}

int dump_model_file(const char *path, const struct site *s)
{
	struct buf b = BUF_INIT;
	FILE *f = NULL;
	int rc = -1, saved = 0;

	dump_model(&b, s);
	f = fopen(path, "w");
	if (!f)
		goto cleanup;
	if (fwrite(b.ptr, 1, b.len, f) != b.len)
		goto cleanup;
	rc = 0;
cleanup:
	saved = errno;
	if (f && fclose(f) != 0 && rc == 0) {
		saved = errno;
		rc = -1;
	}
	buf_release(&b);
	errno = saved;
	return rc;
}
