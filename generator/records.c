#include "records.h"

#include <string.h>

#include "date.h"
#include "postmortem.h"
#include "rfc.h"
#include "site.h"

static struct val *str_or_null(struct arena *a, const char *s)
{
	return s ? val_str(a, s) : val_null(a);
}

static struct val *str_list(struct arena *a, const char *const *s, size_t n)
{
	struct val *l = val_list(a);
	for (size_t i = 0; i < n; i++)
		val_push(a, l, val_str(a, s[i]));
	return l;
}

static struct val *rfc_record(struct arena *a, const struct rfc_info *r)
{
	struct val *m = val_map(a);
	val_set(a, m, "number", r->number >= 0 ? val_num(a, r->number) : val_null(a));
	val_set_str(a, m, "title", r->title);
	val_set_str(a, m, "status", rfc_status_name(r->status));
	val_set(a, m, "status_text", str_or_null(a, r->status_text));
	val_set(a, m, "authors", str_list(a, r->authors, r->nauthors));
	val_set(a, m, "date", str_or_null(a, r->date));
	val_set(a, m, "superseded_by", str_or_null(a, r->superseded_by));
	val_set(a, m, "discussion", str_or_null(a, r->discussion));
	val_set_str(a, m, "shape", r->shape);
	if (r->header_len)
		val_set_num(a, m, "header_len", (double)r->header_len);
	return m;
}

static struct val *pm_record(struct arena *a, const struct postmortem_info *p)
{
	struct val *m = val_map(a);
	val_set_str(a, m, "title", p->title);
	val_set(a, m, "date", str_or_null(a, p->date));
	val_set(a, m, "severity", str_or_null(a, p->severity));
	val_set(a, m, "services", str_list(a, p->services, p->nservices));
	val_set(a, m, "authors", str_list(a, p->authors, p->nauthors));
	val_set(a, m, "status", str_or_null(a, p->status));
	struct val *items = val_set(a, m, "items", val_list(a));
	for (size_t i = 0; i < p->nitems; i++) {
		const struct action_item *it = &p->items[i];
		struct val *x = val_map(a);
		val_set_str(a, x, "text", it->text);
		val_set(a, x, "owner", str_or_null(a, it->owner));
		val_set_num(a, x, "nowners", (double)it->nowners);
		val_set(a, x, "due", str_or_null(a, it->due));
		val_set_bool(a, x, "due_valid", it->due_valid);
		val_set_num(a, x, "due_days", (double)it->due_days);
		val_set_str(a, x, "state", postmortem_state_name(it->state));
		val_set(a, x, "priority", str_or_null(a, it->priority));
		val_set_num(a, x, "line", it->line);
		val_push(a, items, x);
	}
	return m;
}

struct val *records_parse(struct arena *a, const struct config *cfg, int kind,
			  const char *repo, const char *path, const struct val *meta,
			  const struct val *sidecar, const char *sidecar_path,
			  const char *body, size_t len, int body_line,
			  long rules_since, struct diag_list *d, struct buf *tape)
{
	/* the parse (an outline of the whole text) in an arena of its own:
	 * only the record, copied into a, outlives it */
	struct arena tmp;
	struct val *rec = NULL;
	arena_init(&tmp);
	if (tape)
		buf_clear(tape);
	if (kind == DOC_RFC) {
		struct rfc_info info;
		struct rfc_opts o = RFC_OPTS_INIT;
		o.sidecar = sidecar;
		o.sidecar_path = sidecar_path;
		o.tape = tape;
		if (rfc_parse(&info, &tmp, path, meta, body, len, body_line, &o,
			      repo, d) == 0)
			rec = rfc_record(a, &info);
	} else if (kind == DOC_POSTMORTEM) {
		struct postmortem_info info;
		struct postmortem_opts o = POSTMORTEM_OPTS_INIT;
		struct diag_list found;
		diag_init(&found);
		o.max_items = cfg->max_action_items;
		o.tape = tape;
		if (postmortem_parse(&info, &tmp, path, meta, body, len,
				     body_line, &o, repo, &found) == 0)
			rec = pm_record(a, &info);
		/* before rules_since: what the house rules say of its items
		 * (reported on the items' lines) is not said */
		int ruled = records_ruled(records_days(info.date), rules_since);
		for (size_t i = 0; i < found.len; i++) {
			const struct diag *dg = &found.items[i];
			int on_item = 0;
			for (size_t k = 0; !ruled && k < info.nitems && !on_item; k++)
				on_item = dg->line == info.items[k].line;
			if (d && !on_item)
				diag_add(d, dg->severity, dg->cls, dg->repo,
					 dg->path, dg->line, "%s", dg->msg);
		}
		diag_release(&found);
	}
	arena_release(&tmp);
	return rec;
}

int records_ruled(long pm_days, long rules_since)
{
	return rules_since < 0 || pm_days < 0 || pm_days >= rules_since;
}

long records_days(const char *date)
{
	return date ? date_iso_days(date, strlen(date)) : -1;
}

static int is_open(const struct val *item)
{
	const char *s = val_as_str(val_get(item, "state"));
	return s && strcmp(s, "open") == 0;
}

int records_overdue(const struct val *item, long today)
{
	const struct val *valid = val_get(item, "due_valid");
	const struct val *days = val_get(item, "due_days");
	return is_open(item) && valid && valid->type == VAL_BOOL && valid->u.b &&
	       days && days->type == VAL_NUM && (long)days->u.num < today;
}

int records_needs_escalation(const struct val *item, long pm_days, long today,
			     const struct config *cfg)
{
	if (!is_open(item) || pm_days < 0)
		return 0;
	return today - pm_days > (long)cfg->sprint_days * cfg->escalation_sprints;
}

void records_default_authors(struct val *rec, struct arena *a, const char *who)
{
	struct val *authors = (struct val *)val_get(rec, "authors");
	if (authors && authors->type == VAL_LIST && authors->u.list.len)
		return;
	struct val *l = val_list(a);
	val_push(a, l, val_str(a, who));
	val_set(a, rec, "authors", l);
	val_set_bool(a, rec, "authors_from_git", 1);
}
